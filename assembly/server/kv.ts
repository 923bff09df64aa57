// Keyspace values: object types, encodings, and the string value shapes stored in an entry.
//
// String value shapes (at eVal(e)):
//   ENC_INT     i64                     integer in range, as Redis's "int" encoding
//   ENC_EMBSTR  [len u32][bytes]        inline bytes (reported "embstr" up to 44 bytes, else "raw")
//   ENC_RAW     [buf u32] -> [len u32][cap u32][bytes]   growable buffer for APPEND/SETRANGE/SETBIT
// Other types store [obj u32] -> their structure (owned by the entry), freed by kvFree.
import { alloc, free, blockSize } from "../mem/alloc";
import { eKey, eKeyLen, eVal, eType, eEnc, eHasExpire, eSetMeta, eSetExpireAt, E_KLEN, E_BASE_HDR, EXPIRE_EXTRA, META_EXPIRES, META_ENC_SHIFT } from "../ds/entry";
import { objFree, objDup, objMemUsage } from "./objects";
import { string2ll, parsedInt, ll2string } from "../util/numbers";

export const OBJ_STRING: u32 = 0;
export const OBJ_LIST: u32 = 1;
export const OBJ_SET: u32 = 2;
export const OBJ_ZSET: u32 = 3;
export const OBJ_HASH: u32 = 4;
export const OBJ_STREAM: u32 = 5;

// Redis's encoding numbers
export const ENC_RAW: u32 = 0;
export const ENC_INT: u32 = 1;
export const ENC_HT: u32 = 2;
export const ENC_INTSET: u32 = 6;
export const ENC_SKIPLIST: u32 = 7;
export const ENC_EMBSTR: u32 = 8;
export const ENC_QUICKLIST: u32 = 9;
export const ENC_STREAM: u32 = 10;
export const ENC_LISTPACK: u32 = 11;
export const ENC_LISTPACK_EX: u32 = 12;   // 7.4: a small hash with field TTLs

export const EMBSTR_REPORT_LIMIT: u32 = 44;
const NO_EXPIRE: i64 = -1;

/** Size of the entry block's used bytes (header, key and inline value). */
export function kvSize(e: usize): u32 {
  const hdr: u32 = eHasExpire(e) ? E_BASE_HDR + EXPIRE_EXTRA : E_BASE_HDR;
  let v: u32;
  if (eType(e) == OBJ_STRING) {
    const enc = eEnc(e);
    if (enc == ENC_INT) v = 8;
    else if (enc == ENC_EMBSTR) v = 4 + load<u32>(eVal(e));
    else v = 4;
  } else v = 4;
  return hdr + eKeyLen(e) + v;
}

function newEntry(kp: usize, kl: u32, type: u32, enc: u32, valBytes: u32, expireAt: i64): usize {
  const hasExp = expireAt != NO_EXPIRE;
  const hdr: u32 = hasExp ? E_BASE_HDR + EXPIRE_EXTRA : E_BASE_HDR;
  const e = alloc(hdr + kl + valBytes);
  if (e == 0) return 0;
  eSetMeta(e, type | (hasExp ? META_EXPIRES : 0) | (enc << META_ENC_SHIFT));
  store<u32>(e + E_KLEN, kl);
  if (hasExp) eSetExpireAt(e, expireAt);
  memory.copy(e + hdr, kp, kl);
  return e;
}

/** A string entry; integers in i64 range (Redis's string2ll rules) get the int encoding. */
export function kvNewString(kp: usize, kl: u32, vp: usize, vl: u32, expireAt: i64): usize {
  if (vl <= 20 && vl > 0 && string2ll(vp, vl)) return kvNewInt(kp, kl, parsedInt, expireAt);
  const e = newEntry(kp, kl, OBJ_STRING, ENC_EMBSTR, 4 + vl, expireAt);
  if (e == 0) return 0;
  const v = eVal(e);
  store<u32>(v, vl);
  memory.copy(v + 4, vp, vl);
  return e;
}

export function kvNewInt(kp: usize, kl: u32, n: i64, expireAt: i64): usize {
  const e = newEntry(kp, kl, OBJ_STRING, ENC_INT, 8, expireAt);
  if (e == 0) return 0;
  store<i64>(eVal(e), n);
  return e;
}

/** A string entry with a growable buffer of at least `cap` bytes holding vp[0..vl). */
export function kvNewRawString(kp: usize, kl: u32, vp: usize, vl: u32, cap: u32, expireAt: i64): usize {
  const e = newEntry(kp, kl, OBJ_STRING, ENC_RAW, 4, expireAt);
  if (e == 0) return 0;
  if (cap < vl) cap = vl;
  const b = alloc(8 + cap);
  if (b == 0) { free(e); return 0; }
  store<u32>(b, vl);
  store<u32>(b + 4, cap);
  if (vl > 0) memory.copy(b + 8, vp, vl);
  rawTerminate(b);
  store<u32>(eVal(e), <u32>b);
  return e;
}

/**
 * Zeroes the byte just past a raw buffer's text when the buffer has room for it. Redis's sds
 * strings keep a NUL there, and one corrupt-input path reads it: a sparse HyperLogLog ending in a
 * truncated XZERO opcode takes its second byte from past the end (ds/hyperloglog.ts sparseTail).
 * Every writer that grows a raw string calls this so that byte is what Redis would read.
 */
export function rawTerminate(b: usize): void {
  const len = load<u32>(b);
  if (load<u32>(b + 4) > len) store<u8>(b + 8 + <usize>len, 0);
}

/** The byte past a raw buffer's text (its terminator), or 0 when the buffer has no room for one. */
export function rawTerminator(b: usize): u32 {
  const len = load<u32>(b);
  return load<u32>(b + 4) > len ? <u32>load<u8>(b + 8 + <usize>len) : 0;
}

/** An entry of another type pointing at an owned object. */
export function kvNewObject(kp: usize, kl: u32, type: u32, enc: u32, obj: usize, expireAt: i64): usize {
  const e = newEntry(kp, kl, type, enc, 4, expireAt);
  if (e == 0) return 0;
  store<u32>(eVal(e), <u32>obj);
  return e;
}

@inline export function kvObj(e: usize): usize { return load<u32>(eVal(e)); }

// String value view, valid until the next call (ints are formatted into a static buffer).
export let strPtr: usize = 0;
export let strLen: u32 = 0;
const intBuf: usize = memory.data(32);

export function kvStr(e: usize): void {
  const v = eVal(e);
  const enc = eEnc(e);
  if (enc == ENC_EMBSTR) { strLen = load<u32>(v); strPtr = v + 4; }
  else if (enc == ENC_INT) { strLen = ll2string(intBuf, load<i64>(v)); strPtr = intBuf; }
  else { const b = <usize>load<u32>(v); strLen = load<u32>(b); strPtr = b + 8; }
}

/** Length of a string value without formatting. */
export function kvStrLen(e: usize): u32 {
  const v = eVal(e);
  const enc = eEnc(e);
  if (enc == ENC_EMBSTR) return load<u32>(v);
  if (enc == ENC_INT) { return ll2string(intBuf, load<i64>(v)); }
  return load<u32>(<usize>load<u32>(v));
}

/** Frees an entry and everything its value owns. */
export function kvFree(e: usize): void {
  const t = eType(e);
  if (t == OBJ_STRING) {
    if (eEnc(e) == ENC_RAW) free(<usize>load<u32>(eVal(e)));
  } else {
    freeObjectHook(t, eEnc(e), kvObj(e));
  }
  free(e);
}

function freeObjectHook(type: u32, enc: u32, obj: usize): void {
  if (obj != 0) objFree(type, enc, obj);
}

// ---- moving and duplicating entries (RENAME, MOVE, COPY) ----------------------------------------

/** A new block with e's header (TTL fields included) and inline value under the key kp[0..kl). */
function cloneWithKey(e: usize, kp: usize, kl: u32): usize {
  const hdr = eHasExpire(e) ? E_BASE_HDR + EXPIRE_EXTRA : E_BASE_HDR;
  const inl = kvSize(e) - hdr - eKeyLen(e);
  const n = alloc(hdr + kl + inl);
  if (n == 0) return 0;
  memory.copy(n, e, hdr);
  store<u32>(n + E_KLEN, kl);
  memory.copy(n + hdr, kp, kl);
  memory.copy(n + hdr + kl, eVal(e), inl);
  return n;
}

/**
 * RENAME: the same value under another key. On success e's block is freed and everything its value
 * owned now belongs to the returned entry; on OOM returns 0 and leaves `e` intact. `e` must be
 * unlinked from its dict first.
 */
export function kvRekey(e: usize, kp: usize, kl: u32): usize {
  const n = cloneWithKey(e, kp, kl);
  if (n != 0) free(e);
  return n;
}

/** COPY: an independent deep copy of `e` (TTL included) under the key kp[0..kl); 0 on OOM. */
export function kvDup(e: usize, kp: usize, kl: u32): usize {
  const n = cloneWithKey(e, kp, kl);
  if (n == 0) return 0;
  const t = eType(e);
  if (t == OBJ_STRING) {
    if (eEnc(e) == ENC_RAW) {
      // like Redis's dupStringObject, the copy is sized to the value (no spare capacity)
      const b = <usize>load<u32>(eVal(e));
      const len = load<u32>(b);
      const nb = alloc(8 + len);
      if (nb == 0) { free(n); return 0; }
      store<u32>(nb, len);
      store<u32>(nb + 4, len);
      memory.copy(nb + 8, b + 8, len);
      store<u32>(eVal(n), <u32>nb);
    }
  } else {
    const o = kvObj(e);
    const no = dupObjectHook(t, eEnc(e), o);
    if (o != 0 && no == 0) { free(n); return 0; }
    store<u32>(eVal(n), <u32>no);
  }
  return n;
}

function dupObjectHook(type: u32, enc: u32, obj: usize): usize {
  if (obj == 0) return 0;
  return objDup(type, enc, obj);
}

/** Bytes attributed to this key by MEMORY USAGE (entry block plus owned buffers). */
export function kvMemoryUsage(e: usize): u32 {
  let n = blockSize(e);
  if (eType(e) == OBJ_STRING && eEnc(e) == ENC_RAW) n += blockSize(<usize>load<u32>(eVal(e)));
  else if (eType(e) != OBJ_STRING && kvObj(e) != 0) n += objMemUsage(eType(e), eEnc(e), kvObj(e));
  return n;
}

export function typeName(t: u32): string {
  switch (t) {
    case OBJ_STRING: return "string";
    case OBJ_LIST: return "list";
    case OBJ_SET: return "set";
    case OBJ_ZSET: return "zset";
    case OBJ_HASH: return "hash";
    case OBJ_STREAM: return "stream";
  }
  return "none";
}

export function encodingName(e: usize): string {
  const enc = eEnc(e);
  switch (enc) {
    case ENC_RAW: return "raw";
    case ENC_INT: return "int";
    case ENC_HT: return "hashtable";
    case ENC_INTSET: return "intset";
    case ENC_SKIPLIST: return "skiplist";
    case ENC_EMBSTR: return load<u32>(eVal(e)) <= EMBSTR_REPORT_LIMIT ? "embstr" : "raw";
    case ENC_QUICKLIST: return "quicklist";
    case ENC_STREAM: return "stream";
    case ENC_LISTPACK: return "listpack";
    case ENC_LISTPACK_EX: return "listpackex";
  }
  return "unknown";
}

