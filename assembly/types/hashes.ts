// Hash commands, the hash object lifecycle, and hash field expiration (Redis 7.4 semantics).
//
// Encodings (the key entry's enc bits; the entry's value is the object pointer):
//   ENC_LISTPACK     obj = a listpack (ds/listpack.ts) of field, value pairs in insertion order.
//   ENC_LISTPACK_EX  obj = [lp u32][meta u32] (LX_SIZE): a listpack of field, value, ttl triplets.
//                    ttl is the absolute expiry in ms, 0 for none (Redis's HASH_LP_NO_TTL). Triplets
//                    are ordered by ttl, earliest first, those without a ttl last, as in Redis 7.4,
//                    so the next field to expire is always the first one.
//   ENC_HT           obj = [Dict 32 bytes, ds/dict.ts layout][meta u32] (HT_SIZE). Dict entries use
//                    ds/entry.ts: [next][meta][klen][expireAt i64, heap slot u32 if META_EXPIRES]
//                    [field bytes][vlen u32][value bytes]. A field's TTL lives in its own entry.
// A listpack hash becomes listpackex the first time a field TTL command targets it (even when no
// field matches, like Redis); it converts to hashtable past hash-max-listpack-entries fields or
// when a field or value is longer than hash-max-listpack-value. Nothing converts back.
//
// Hash field expiration metadata (meta, M_SIZE bytes, owned by the hash object; 0 for a hashtable
// hash that never had a field TTL):
//   0 gIdx u32     slot in the global heap of hashes with field TTLs, NO_SLOT when not in it
//   4 db u32       db index the hash was last seen in      8 keyref u32 -> [len u32][key bytes]
//  12 owner u32    the hash object this meta belongs to    16 minExp i64: earliest field TTL
//  24 fheap        (hashtable only) ds/ttlheap.ts heap of the field entries that have a TTL
// Invariants
// - A hash is in the global heap iff it has at least one field with a TTL, keyed by the exact
//   earliest TTL (every path that adds, changes or drops a field TTL calls syncMin).
// - keyref/db name the key that holds the hash as of the last command that touched it. RENAME,
//   MOVE, COPY and SWAPDB (types/keys.ts) do not tell this file, so the active expire cycle checks
//   the pair and, when stale, re-records every hash's key in one keyspace walk (resolveMeta).
//   Deviation from Redis, which updates the reference in those commands; the result is the same,
//   at the cost of one O(keys) walk after such a command on a hash with field TTLs.
// - Heap blocks are reachable from the keyspace or the global heap only; scratch that must hold
//   more than the static buffers is freed before the command returns.
// - Expired fields stay until something deletes them: reads that touch one delete it (lazy, also
//   deleting the key when it was the last field), HLEN counts them, HGETALL/HKEYS/HVALS/HSCAN skip
//   them, and the active cycle (hashActiveExpireCycle, from the server cron) deletes them in
//   expiry order. A field is alive during the millisecond it expires at (lazy: expireAt < now is
//   expired; the active cycle, like Redis's, takes expireAt <= now).
// Global state (the heap of hashes with field TTLs and the expired_subkeys counter) is a static
// block in linear memory: part of a memory image like the root, though not reached through it.
//
// Deviations: no keyspace notifications and no propagation (HDEL for expired fields, HPEXPIREAT
// rewriting) yet; those hooks belong to later issues. Redis leaves a hash in its global structure
// after HPERSIST removed its last field TTL (until the next active pass); here it leaves at once, so
// INFO keyspace subexpiry can be lower than Redis's for that short while.
import { dbIndex } from "../server/db";
import { keyChanged, signalModifiedKey, notifyKeyspaceEvent, NOTIFY_HASH, NOTIFY_GENERIC } from "../server/notify";
import { hashBytes } from "../util/hash";
import { scanCollectBegin, scanCollect, scanCollected, scanCollectedLen, scanCollectEnd, parseScanOptions, scanOptCount, scanOptUsePat, scanOptPat, scanOptPatLen, SCAN_OPT_NOVALUES, scanOptNoValues } from "../server/scanopts";
import { alloc, allocZeroed, free, realloc, blockSize } from "../mem/alloc";
import { Client, argPtr, argLen, CF_CLOSE_ASAP } from "../server/client";
import { def, commands, CMD_WRITE, CMD_READONLY, CMD_DENYOOM, CMD_FAST } from "../server/commands";
import { S, rand32 } from "../server/state";
import { cdb } from "../server/cmdutil";
import { Db, dbAt, dbDict, dbAdd, dbDelete, dbFindRaw, lookupKeyRead, lookupKeyWrite } from "../server/db";
import { kvNewObject, kvObj, OBJ_HASH, ENC_HT, ENC_LISTPACK, ENC_LISTPACK_EX } from "../server/kv";
import {
  eKey, eKeyLen, eVal, eType, eEnc, eMeta, eSetMeta, eHasExpire, eExpireAt, eSetExpireAt, eExpIdx,
  E_KLEN, E_BASE_HDR, EXPIRE_EXTRA, META_EXPIRES, META_ENC_MASK, META_ENC_SHIFT, E_EXPIRE_AT, E_EXP_IDX,
} from "../ds/entry";
import {
  Dict, dictFind, dictFindSlot, dictAdd, dictUnlinkSlot, dictReplaceSlot, dictSize, dictExpand, dictRandom,
  dictScan, dictForEach, dictClear, dictResizeIfNeeded, DICT_SIZE,
} from "../ds/dict";
import { TH_SIZE, thLen, thAt, thTop, thPush, thRemove, thRemoveAt, thFix, thRelocated, thClear } from "../ds/ttlheap";
import {
  lpNew, lpFree, lpBytes, lpLength, lpFirst, lpNext, lpSeek, lpGet, lpFind, lpAppendInt,
  lpAppendPair, lpInsertPair, lpInsertInt, lpReplace, lpDeleteRangeWithEntry, lpDeleteRange, lpSafeToAdd,
  lpvInt, lpvStr, lpvLen, lpPos, LP_AFTER,
} from "../ds/listpack";
import {
  addReplyLongLong, addReplyOK, addReplyError, addReplyNull, addReplyBulk, addReplyArrayLen, addReplyMapLen,
  addReplyLit, addReplyDeferredLen, setDeferredArrayLen,
} from "../server/reply";
import { replyArityError } from "../server/dispatch";
import { replyInvalidExpireTime, checkAlreadyExpired } from "../server/expire";
import { parseScanCursor, scanCursorVal } from "./keys";
import { touchAllowed } from "./strings";
import { string2ll, parsedInt, ll2string, ull2string } from "../util/numbers";
import { eqLit, bytesEq } from "../util/bytes";
import { stringmatchlen } from "../util/glob";
import { ldParse, ldAdd, ldIsFinite, ldFormatHuman, ldMant, ldExp, ldNeg, ldKind } from "../util/longdouble";
import { ERR_SYNTAX, ERR_WRONGTYPE, ERR_NOT_INTEGER, ERR_NOT_FLOAT, ERR_OVERFLOW, ERR_NAN_INF, ERR_LONG_RANGE, ERR_OUT_OF_RANGE } from "../server/errors";

/** Redis's OBJ_ENCODING_LISTPACK_EX (OBJECT ENCODING "listpackex"). */

// Hashtable object
const HT_META: u32 = DICT_SIZE;
const HT_SIZE: u32 = DICT_SIZE + 4;
// Listpackex object
const LX_LP: u32 = 0;
const LX_META: u32 = 4;
const LX_SIZE: u32 = 8;
// Meta block
const M_GIDX: u32 = 0;
const M_DB: u32 = 4;
const M_KEY: u32 = 8;
const M_OWNER: u32 = 12;
const M_MIN: u32 = 16;
const M_FHEAP: u32 = 24;
const M_SIZE: u32 = M_FHEAP + TH_SIZE;
const NO_SLOT: u32 = 0xffffffff;

/** Redis's HFE_MAX_ABS_TIME_MSEC: field TTLs are limited to 2^46-1 ms since the epoch. */
const HFE_MAX_ABS_TIME_MSEC: i64 = (((<i64>1) << 48) - 1) >> 2;
/** Fields the active cycle may delete per second of cron (Redis's HFE_DB_BASE_ACTIVE_EXPIRE_FIELDS_PER_SEC). */
const ACTIVE_FIELDS_PER_SEC: i64 = 10000;
const CRON_DBS_PER_CALL: i64 = 16;

// Per-field reply codes of the field TTL commands
const HFE_NO_FIELD: i64 = -2;
const HFE_NO_CONDITION: i64 = 0;
const HFE_OK: i64 = 1;
const HFE_DELETED: i64 = 2;
const HFE_NO_TTL: i64 = -1;

const HFE_NX: u32 = 1;
const HFE_XX: u32 = 2;
const HFE_GT: u32 = 4;
const HFE_LT: u32 = 8;

// Results of a lazy-expiring field read (Redis's GetFieldRes)
const GETF_OK: i32 = 0;
const GETF_NOT_FOUND: i32 = 1;
const GETF_EXPIRED: i32 = 2;
const GETF_EXPIRED_HASH: i32 = 3;

const ERR_HASH_NOT_INT = "ERR hash value is not an integer";
const ERR_HASH_NOT_FLOAT = "ERR hash value is not a float";
const ERR_NAN_OR_INF_INCR = "ERR value is NaN or Infinity";
const ERR_FIELDS_MISSING = "ERR Mandatory argument FIELDS is missing or not at the right position";
const ERR_NUMFIELDS_MATCH = "ERR The `numfields` parameter must match the number of arguments";
const ERR_NUMFIELDS_POSITIVE = "ERR Number of fields must be a positive integer";
const ERR_NUMFIELDS_GT0 = "ERR Parameter `numFields` should be greater than 0";
const ERR_EXPIRE_NEGATIVE = "ERR invalid expire time, must be >= 0";

// ---- global state -----------------------------------------------------------------------------
// 0 heap of meta blocks keyed by minExp (TH_SIZE)   16 stat_expired_subkeys u64
const HS: usize = memory.data(32, 8);
@inline function gheap(): usize { return HS; }
const HS_EXPIRED: u32 = 16;
@inline function statExpired(): void { store<u64>(HS + HS_EXPIRED, load<u64>(HS + HS_EXPIRED) + 1); }

/** INFO stats expired_subkeys. */
export function hashStatExpiredSubkeys(): u64 { return load<u64>(HS + HS_EXPIRED); }
/** CONFIG RESETSTAT. */
export function hashResetStats(): void { store<u64>(HS + HS_EXPIRED, 0); }

// Scratch: decimal forms of listpack integers (fields in FBUF, values in VBUF).
const FBUF: usize = memory.data(32, 8);
const VBUF: usize = memory.data(32, 8);
// HINCRBY's result: must survive a conversion inside hSet (which formats through FBUF/VBUF).
const NBUF: usize = memory.data(32, 8);

// ---- object accessors -----------------------------------------------------------------------

@inline function setObj(e: usize, enc: u32, obj: usize): void {
  eSetMeta(e, (eMeta(e) & ~META_ENC_MASK) | (enc << META_ENC_SHIFT));
  store<u32>(eVal(e), <u32>obj);
}
@inline function htDict(obj: usize): Dict { return changetype<Dict>(obj); }
@inline function isLp(enc: u32): bool { return enc == ENC_LISTPACK || enc == ENC_LISTPACK_EX; }
@inline function lpOf(enc: u32, obj: usize): usize { return enc == ENC_LISTPACK_EX ? <usize>load<u32>(obj + LX_LP) : obj; }
@inline function tupleLen(enc: u32): u32 { return enc == ENC_LISTPACK_EX ? 3 : 2; }
/** The listpack of a listpack-encoded hash entry. */
@inline function entryLp(e: usize): usize { return lpOf(eEnc(e), kvObj(e)); }
@inline function setEntryLp(e: usize, lp: usize): void {
  if (eEnc(e) == ENC_LISTPACK_EX) store<u32>(kvObj(e) + LX_LP, <u32>lp);
  else store<u32>(eVal(e), <u32>lp);
}
function objMeta(enc: u32, obj: usize): usize {
  if (enc == ENC_HT) return load<u32>(obj + HT_META);
  if (enc == ENC_LISTPACK_EX) return load<u32>(obj + LX_META);
  return 0;
}
@inline function entryMeta(e: usize): usize { return objMeta(eEnc(e), kvObj(e)); }
@inline function fheap(m: usize): usize { return m + M_FHEAP; }

function htNew(): usize {
  const o = allocZeroed(HT_SIZE);
  if (o == 0) unreachable();
  htDict(o).rehashIdx = -1;
  return o;
}

// ---- hashtable field entries ----------------------------------------------------------------

@inline function fieldValLen(fe: usize): u32 { return load<u32>(eVal(fe)); }
@inline function fieldValPtr(fe: usize): usize { return eVal(fe) + 4; }

function fieldNew(fp: usize, fl: u32, vp: usize, vl: u32, expireAt: i64): usize {
  const hdr: u32 = expireAt >= 0 ? E_BASE_HDR + EXPIRE_EXTRA : E_BASE_HDR;
  const fe = alloc(hdr + fl + 4 + vl);
  if (fe == 0) unreachable();
  eSetMeta(fe, expireAt >= 0 ? META_EXPIRES : 0);
  store<u32>(fe + E_KLEN, fl);
  if (expireAt >= 0) eSetExpireAt(fe, expireAt);
  memory.copy(fe + hdr, fp, fl);
  store<u32>(fe + hdr + fl, vl);
  memory.copy(fe + hdr + fl + 4, vp, vl);
  return fe;
}

/**
 * A copy of field entry fe with the value vp[0..vl) (when vp != 0) and with or without the expiry
 * fields; fe itself is left alone. Its `next` and expiry fields are copied.
 */
function fieldRebuild(fe: usize, vp: usize, vl: u32, withExpire: bool): usize {
  const oldHdr: u32 = eHasExpire(fe) ? E_BASE_HDR + EXPIRE_EXTRA : E_BASE_HDR;
  const newHdr: u32 = withExpire ? E_BASE_HDR + EXPIRE_EXTRA : E_BASE_HDR;
  const fl = eKeyLen(fe);
  if (vp == 0) { vp = fieldValPtr(fe); vl = fieldValLen(fe); }
  const n = alloc(newHdr + fl + 4 + vl);
  if (n == 0) unreachable();
  memory.copy(n, fe, min<u32>(oldHdr, newHdr));
  eSetMeta(n, withExpire ? (eMeta(fe) | META_EXPIRES) : (eMeta(fe) & ~META_EXPIRES));
  memory.copy(n + newHdr, fe + oldHdr, fl);
  store<u32>(n + newHdr + fl, vl);
  memory.copy(n + newHdr + fl + 4, vp, vl);
  return n;
}

function releaseField(fe: usize, ctx: usize): void { free(fe); }

// ---- meta and the global heap -----------------------------------------------------------------

function metaNew(owner: usize, dbIdx: u32, kp: usize, kl: u32): usize {
  const m = allocZeroed(M_SIZE);
  if (m == 0) unreachable();
  store<u32>(m + M_GIDX, NO_SLOT);
  store<u32>(m + M_OWNER, <u32>owner);
  store<u32>(m + M_DB, dbIdx);
  const k = alloc(4 + kl);
  store<u32>(k, kl);
  memory.copy(k + 4, kp, kl);
  store<u32>(m + M_KEY, <u32>k);
  return m;
}

function metaFree(m: usize): void {
  const gi = load<u32>(m + M_GIDX);
  if (gi != NO_SLOT) thRemoveAt(gheap(), gi, M_MIN, M_GIDX);
  thClear(fheap(m));
  free(load<u32>(m + M_KEY));
  free(m);
}

/** Records where the hash lives now (cheap when unchanged). */
function metaSetKey(m: usize, dbIdx: u32, kp: usize, kl: u32): void {
  store<u32>(m + M_DB, dbIdx);
  const k = <usize>load<u32>(m + M_KEY);
  if (load<u32>(k) == kl && bytesEq(k + 4, kp, kl)) return;
  const nk = realloc(k, 4 + kl);
  if (nk == 0) unreachable();
  store<u32>(nk, kl);
  memory.copy(nk + 4, kp, kl);
  store<u32>(m + M_KEY, <u32>nk);
}

/** Puts the meta in the global heap keyed by `min`, re-keys it, or takes it out (min < 0). */
function metaSetMin(m: usize, min: i64): void {
  const gi = load<u32>(m + M_GIDX);
  if (min < 0) {
    if (gi != NO_SLOT) { thRemoveAt(gheap(), gi, M_MIN, M_GIDX); store<u32>(m + M_GIDX, NO_SLOT); }
    return;
  }
  store<i64>(m + M_MIN, min);
  if (gi == NO_SLOT) { if (!thPush(gheap(), m, M_MIN, M_GIDX)) unreachable(); }
  else thFix(gheap(), gi, M_MIN, M_GIDX);
}

/** Earliest field TTL of the hash, or -1. */
function minExpireOf(e: usize): i64 {
  const enc = eEnc(e);
  const obj = kvObj(e);
  if (enc == ENC_HT) {
    const m = <usize>load<u32>(obj + HT_META);
    if (m == 0) return -1;
    const top = thTop(fheap(m));
    return top == 0 ? -1 : eExpireAt(top);
  }
  if (enc == ENC_LISTPACK_EX) {
    const p = lpSeek(<usize>load<u32>(obj + LX_LP), 2);
    if (p == 0) return -1;
    lpGet(p);
    return lpvInt == 0 ? -1 : lpvInt;
  }
  return -1;
}

/** Brings the global heap up to date with the hash's field TTLs. */
function syncMin(e: usize): void {
  const m = entryMeta(e);
  if (m != 0) metaSetMin(m, minExpireOf(e));
}

/** A command found the hash at this key: keep the meta's key reference current. */
@inline function touchMeta(c: Client, e: usize): void {
  const m = entryMeta(e);
  if (m != 0 && load<u32>(m + M_GIDX) != NO_SLOT) metaSetKey(m, c.db, eKey(e), eKeyLen(e));
}

// Keyspace walk that re-records where every hash with field TTL metadata lives (after RENAME, MOVE,
// COPY or SWAPDB left key references stale). One pass fixes them all, so a burst of stale
// references costs one walk, not one per hash.
let relinkDb: u32 = 0;
function relinkVisit(e: usize, ctx: usize): void {
  if (eType(e) != OBJ_HASH) return;
  const m = entryMeta(e);
  if (m != 0) metaSetKey(m, relinkDb, eKey(e), eKeyLen(e));
}

/** The key entry of the meta's hash when its key reference is current, else 0. */
function metaEntry(m: usize): usize {
  const dbIdx = load<u32>(m + M_DB);
  if (dbIdx >= <u32>S().databases) return 0;
  const k = <usize>load<u32>(m + M_KEY);
  const e = dbFindRaw(dbAt(dbIdx), k + 4, load<u32>(k));
  return e != 0 && eType(e) == OBJ_HASH && kvObj(e) == <usize>load<u32>(m + M_OWNER) ? e : 0;
}

/** The key entry holding the meta's hash (fixing stale key references first if needed), or 0. */
function resolveMeta(m: usize): usize {
  const e = metaEntry(m);
  if (e != 0) return e;
  const dbs = <u32>S().databases;
  for (let i: u32 = 0; i < dbs; i++) {
    relinkDb = i;
    dictForEach(dbDict(dbAt(i)), relinkVisit, 0);
  }
  return metaEntry(m);
}

/** INFO keyspace subexpiry: hashes of this db that have fields with a TTL. */
export function hashSubexpiryCount(dbIdx: u32): u64 {
  const h = gheap();
  let n: u64 = 0;
  for (let i: u32 = 0; i < thLen(h); i++) {
    const m = thAt(h, i);
    resolveMeta(m);
    if (load<u32>(m + M_DB) == dbIdx) n++;
  }
  return n;
}

// ---- field lookup -----------------------------------------------------------------------------

// View of the field found by the last hFind: value bytes, TTL (-1 none), and where it is.
let fvPtr: usize = 0;
let fvLen: u32 = 0;
let fvExp: i64 = -1;
let fvEntry: usize = 0;   // hashtable: the field entry
let fvPos: usize = 0;     // listpack: the field's entry

/** Bytes of a listpack entry: strings in place, integers formatted into buf. */
let lvPtr: usize = 0;
let lvLen: u32 = 0;
function lpView(p: usize, buf: usize): void {
  if (lpGet(p)) { lvLen = ll2string(buf, lpvInt); lvPtr = buf; }
  else { lvPtr = lpvStr; lvLen = lpvLen; }
}

/** Finds a field (expired or not). The value view stays valid until the hash changes. */
function hFind(e: usize, fp: usize, fl: u32): bool {
  const enc = eEnc(e);
  const obj = kvObj(e);
  if (enc == ENC_HT) {
    const fe = dictFind(htDict(obj), fp, fl);
    if (fe == 0) return false;
    fvEntry = fe;
    fvPtr = fieldValPtr(fe); fvLen = fieldValLen(fe);
    fvExp = eHasExpire(fe) ? eExpireAt(fe) : -1;
    return true;
  }
  const lp = lpOf(enc, obj);
  const p = lpFind(lp, lpFirst(lp), fp, fl, tupleLen(enc) - 1);
  if (p == 0) return false;
  fvPos = p;
  const vp = lpNext(lp, p);
  fvExp = -1;
  if (enc == ENC_LISTPACK_EX) {
    lpGet(lpNext(lp, vp));
    if (lpvInt != 0) fvExp = lpvInt;
  }
  lpView(vp, VBUF);
  fvPtr = lvPtr; fvLen = lvLen;
  return true;
}

/** Deletes the field found by the last hFind (does not sync the global heap). */
function hDeleteFound(e: usize): void {
  const enc = eEnc(e);
  const obj = kvObj(e);
  if (enc == ENC_HT) {
    const fe = fvEntry;
    const d = htDict(obj);
    const slot = dictFindSlot(d, eKey(fe), eKeyLen(fe));
    dictUnlinkSlot(d, slot);
    if (eHasExpire(fe)) thRemove(fheap(load<u32>(obj + HT_META)), fe, E_EXPIRE_AT, E_EXP_IDX);
    free(fe);
    return;
  }
  setEntryLp(e, lpDeleteRangeWithEntry(lpOf(enc, obj), fvPos, tupleLen(enc)));
}

/** Deletes a field; false when absent (does not sync the global heap). */
function hDelete(e: usize, fp: usize, fl: u32): bool {
  if (!hFind(e, fp, fl)) return false;
  hDeleteFound(e);
  return true;
}

/** Fields in the hash, expired ones included. */
function hLen(e: usize): u32 {
  const enc = eEnc(e);
  const obj = kvObj(e);
  if (enc == ENC_HT) return dictSize(htDict(obj));
  return lpLength(lpOf(enc, obj)) / tupleLen(enc);
}

// Expired items (key < now) of a field heap: walk only the subtrees whose root is expired.
function countExpiredHeap(h: usize, i: u32, now: i64): u32 {
  if (i >= thLen(h) || eExpireAt(thAt(h, i)) >= now) return 0;
  return 1 + countExpiredHeap(h, 2 * i + 1, now) + countExpiredHeap(h, 2 * i + 2, now);
}

/** Fields in the hash that have not expired (HGETALL's length). */
function hLenLive(e: usize): u32 {
  const n = hLen(e);
  const enc = eEnc(e);
  const obj = kvObj(e);
  const now = S().nowMs;
  if (enc == ENC_HT) {
    const m = <usize>load<u32>(obj + HT_META);
    return m == 0 ? n : n - countExpiredHeap(fheap(m), 0, now);
  }
  if (enc == ENC_LISTPACK_EX) {
    const lp = <usize>load<u32>(obj + LX_LP);
    let expired: u32 = 0;
    let p = lpFirst(lp);
    while (p != 0) {
      const t = lpNext(lp, lpNext(lp, p));
      lpGet(t);
      if (lpvInt == 0 || lpvInt >= now) break;
      expired++;
      p = lpNext(lp, t);
    }
    return n - expired;
  }
  return n;
}

/**
 * Redis's hashTypeGetValue with lazy expiry: an expired field is deleted (and the key with it when
 * that was the last field). On GETF_OK the value is in fvPtr/fvLen.
 */
function getLazy(db: Db, e: usize, fp: usize, fl: u32): i32 {
  if (!hFind(e, fp, fl)) return GETF_NOT_FOUND;
  if (fvExp < 0 || fvExp >= S().nowMs) return GETF_OK;
  hDeleteFound(e);
  statExpired();
  notifyLazyExpired(db, e);
  if (hLen(e) == 0) {
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", eKey(e), eKeyLen(e), dbIndex(db));
    dbDelete(db, eKey(e), eKeyLen(e));
    return GETF_EXPIRED_HASH;
  }
  syncMin(e);
  return GETF_EXPIRED;
}

// One "hexpired" per key and command, however many of its fields a command finds expired (7.4).
let lazyNotifiedSeq: u64 = u64.MAX_VALUE;
let lazyNotifiedKey: u32 = 0;
function notifyLazyExpired(db: Db, e: usize): void {
  const seq = S().statNumCommands;
  const kh = hashBytes(eKey(e), eKeyLen(e)) ^ dbIndex(db);
  if (seq == lazyNotifiedSeq && kh == lazyNotifiedKey) return;
  lazyNotifiedSeq = seq; lazyNotifiedKey = kh;
  keyChanged(db, NOTIFY_HASH, "hexpired", eKey(e), eKeyLen(e));
}

// ---- API for other modules ----------------------------------------------------------------------

/** Value view of the last successful hashGetValue: valid until the next call into this module. */
export let hashValPtr: usize = 0;
export let hashValLen: u32 = 0;

/**
 * SORT BY/GET key->field: the value of a live field of the hash entry `e` (integers formatted as
 * decimal). An expired field reads as missing but is not deleted here (the caller keeps using the
 * keyspace it looked `e` up in; HGET and the active cycle delete it). Deviation: Redis deletes it.
 */
export function hashGetValue(e: usize, fp: usize, fl: u32): bool {
  if (!hFind(e, fp, fl)) return false;
  if (fvExp >= 0 && fvExp < S().nowMs) return false;
  hashValPtr = fvPtr; hashValLen = fvLen;
  return true;
}

/** HLEN: fields in the hash entry `e`, expired ones included. */
export function hashTypeLength(e: usize): i64 { return <i64>hLen(e); }

// ---- conversions ------------------------------------------------------------------------------

/** Converts a listpack or listpackex hash to a hashtable (field TTLs and meta carried over). */
function convertToHt(e: usize): void {
  const enc = eEnc(e);
  if (!isLp(enc)) return;
  const obj = kvObj(e);
  const lp = lpOf(enc, obj);
  const ho = htNew();
  const d = htDict(ho);
  const tl = tupleLen(enc);
  dictExpand(d, lpLength(lp) / tl);
  let m: usize = 0;
  if (enc == ENC_LISTPACK_EX) {
    m = <usize>load<u32>(obj + LX_META);
    store<u32>(m + M_OWNER, <u32>ho);
    store<u32>(ho + HT_META, <u32>m);
  }
  let p = lpFirst(lp);
  while (p != 0) {
    lpView(p, FBUF);
    const fp = lvPtr, fl = lvLen;
    const vp = lpNext(lp, p);
    lpView(vp, VBUF);
    let ttl: i64 = -1;
    p = lpNext(lp, vp);
    if (tl == 3) {
      lpGet(p);
      if (lpvInt != 0) ttl = lpvInt;
      p = lpNext(lp, p);
    }
    const fe = fieldNew(fp, fl, lvPtr, lvLen, ttl);
    dictAdd(d, fe);
    if (ttl >= 0 && !thPush(fheap(m), fe, E_EXPIRE_AT, E_EXP_IDX)) unreachable();
  }
  lpFree(lp);
  if (enc == ENC_LISTPACK_EX) free(obj);
  setObj(e, ENC_HT, ho);
}

/** Makes sure the hash can hold field TTLs: listpack becomes listpackex, a hashtable gets meta. */
function ensureMeta(c: Client, e: usize): usize {
  const enc = eEnc(e);
  const obj = kvObj(e);
  let m = objMeta(enc, obj);
  if (m != 0) { metaSetKey(m, c.db, eKey(e), eKeyLen(e)); return m; }
  if (enc == ENC_HT) {
    m = metaNew(obj, c.db, eKey(e), eKeyLen(e));
    store<u32>(obj + HT_META, <u32>m);
    return m;
  }
  // listpack -> listpackex: a ttl of 0 (none) after every pair
  const lp = obj;
  const n = lpLength(lp) / 2;
  let nlp = lpNew(lpBytes(lp) + n);
  let p = lpFirst(lp);
  while (p != 0) {
    lpView(p, FBUF);
    const fp = lvPtr, fl = lvLen;
    const vp = lpNext(lp, p);
    lpView(vp, VBUF);
    nlp = lpAppendPair(nlp, fp, fl, lvPtr, lvLen);
    nlp = lpAppendInt(nlp, 0);
    p = lpNext(lp, vp);
  }
  lpFree(lp);
  const lx = alloc(LX_SIZE);
  if (lx == 0) unreachable();
  m = metaNew(lx, c.db, eKey(e), eKeyLen(e));
  store<u32>(lx + LX_LP, <u32>nlp);
  store<u32>(lx + LX_META, <u32>m);
  setObj(e, ENC_LISTPACK_EX, lx);
  return m;
}

// ---- listpackex triplets ----------------------------------------------------------------------

/** Inserts field, value, ttl at the place its ttl sorts to (ttl 0 = none goes last). */
function lxInsert(lp: usize, fp: usize, fl: u32, vp: usize, vl: u32, ttl: i64): usize {
  let at: usize = 0;
  if (ttl != 0) {
    let p = lpFirst(lp);
    while (p != 0) {
      const t = lpNext(lp, lpNext(lp, p));
      lpGet(t);
      if (lpvInt == 0 || lpvInt >= ttl) { at = p; break; }
      p = lpNext(lp, t);
    }
  }
  if (at == 0) {
    lp = lpAppendPair(lp, fp, fl, vp, vl);
    return lpAppendInt(lp, ttl);
  }
  lp = lpInsertPair(lp, at, fp, fl, vp, vl);
  return lpInsertInt(lp, lpNext(lp, lpPos), LP_AFTER, ttl);
}

// Copy of a value taken out of a listpack before the listpack changes (values may exceed VBUF).
// Values that fit stay in static scratch; larger ones get a block freed right after the move, so no
// heap block outlives the command (the memory image holds only reachable blocks).
const STASH_SIZE: u32 = 256;
const STASH: usize = memory.data(STASH_SIZE, 8);
let stashBlock: usize = 0;
function stash(p: usize, n: u32): usize {
  if (n <= STASH_SIZE) { memory.copy(STASH, p, n); return STASH; }
  stashBlock = alloc(n);
  if (stashBlock == 0) unreachable();
  memory.copy(stashBlock, p, n);
  return stashBlock;
}
function unstash(): void {
  if (stashBlock != 0) { free(stashBlock); stashBlock = 0; }
}

/** Gives the field found by hFind (in a listpackex hash) a new ttl, keeping the order. */
function lxSetTtl(e: usize, fp: usize, fl: u32, ttl: i64): void {
  let lp = entryLp(e);
  const vp = stash(fvPtr, fvLen);
  const vl = fvLen;
  lp = lpDeleteRangeWithEntry(lp, fvPos, 3);
  lp = lxInsert(lp, fp, fl, vp, vl, ttl);
  setEntryLp(e, lp);
  unstash();
}

// ---- hashtable field TTLs ---------------------------------------------------------------------

/** Sets (ttl >= 0) or drops (ttl < 0) the TTL of the hashtable field found by hFind. */
function htSetTtl(e: usize, ttl: i64): void {
  const obj = kvObj(e);
  const m = <usize>load<u32>(obj + HT_META);
  const h = fheap(m);
  const fe = fvEntry;
  if (ttl >= 0 && eHasExpire(fe)) {
    eSetExpireAt(fe, ttl);
    thFix(h, eExpIdx(fe), E_EXPIRE_AT, E_EXP_IDX);
    return;
  }
  if (ttl < 0 && !eHasExpire(fe)) return;
  const d = htDict(obj);
  const slot = dictFindSlot(d, eKey(fe), eKeyLen(fe));
  if (ttl < 0) thRemove(h, fe, E_EXPIRE_AT, E_EXP_IDX);
  const n = fieldRebuild(fe, 0, 0, ttl >= 0);
  dictReplaceSlot(slot, n);
  free(fe);
  fvEntry = n;
  if (ttl >= 0) {
    eSetExpireAt(n, ttl);
    if (!thPush(h, n, E_EXPIRE_AT, E_EXP_IDX)) unreachable();
  }
}

// ---- set --------------------------------------------------------------------------------------

/**
 * Redis's hashTypeSet: adds or overwrites a field. The field's TTL is dropped unless keepTtl.
 * Converts to a hashtable when the field or value is too long or the hash gets too many fields.
 * Returns true when the field existed. The caller syncs the global heap (a TTL may be dropped).
 */
function hSet(e: usize, fp: usize, fl: u32, vp: usize, vl: u32, keepTtl: bool): bool {
  const s = S();
  if (isLp(eEnc(e)) && (<i64>fl > s.hashMaxListpackValue || <i64>vl > s.hashMaxListpackValue)) convertToHt(e);
  const enc = eEnc(e);
  const obj = kvObj(e);
  if (enc == ENC_HT) {
    const d = htDict(obj);
    const slot = dictFindSlot(d, fp, fl);
    if (slot == 0) { dictAdd(d, fieldNew(fp, fl, vp, vl, -1)); return false; }
    const fe = <usize>load<u32>(slot);
    const keep = keepTtl && eHasExpire(fe);
    if (eHasExpire(fe) && !keep) thRemove(fheap(load<u32>(obj + HT_META)), fe, E_EXPIRE_AT, E_EXP_IDX);
    if (keep == eHasExpire(fe)) {
      const hdr: u32 = keep ? E_BASE_HDR + EXPIRE_EXTRA : E_BASE_HDR;
      const need = hdr + fl + 4 + vl;
      const bs = blockSize(fe);
      // rewrite in place unless the block is too small or would be far too big
      if (need <= bs && (bs <= 64 || need > (bs >> 1))) {
        store<u32>(fe + hdr + fl, vl);
        memory.copy(fe + hdr + fl + 4, vp, vl);
        return true;
      }
    }
    const n = fieldRebuild(fe, vp, vl, keep);
    dictReplaceSlot(slot, n);
    if (keep) thRelocated(fheap(load<u32>(obj + HT_META)), eExpIdx(n), n);
    free(fe);
    return true;
  }
  let lp = lpOf(enc, obj);
  const skip = tupleLen(enc) - 1;
  const p = lpFind(lp, lpFirst(lp), fp, fl, skip);
  let update = false;
  if (p != 0) {
    update = true;
    if (enc == ENC_LISTPACK) {
      lp = lpReplace(lp, lpNext(lp, p), vp, vl);
    } else {
      lpGet(lpNext(lp, lpNext(lp, p)));
      if (lpvInt != 0 && !keepTtl) {
        // the TTL is dropped: the field moves to the no-TTL tail
        lp = lpDeleteRangeWithEntry(lp, p, 3);
        lp = lxInsert(lp, fp, fl, vp, vl, 0);
      } else {
        lp = lpReplace(lp, lpNext(lp, p), vp, vl);
      }
    }
  } else if (enc == ENC_LISTPACK) {
    lp = lpAppendPair(lp, fp, fl, vp, vl);
  } else {
    lp = lxInsert(lp, fp, fl, vp, vl, 0);
  }
  setEntryLp(e, lp);
  if (<i64>hLen(e) > s.hashMaxListpackEntries) convertToHt(e);
  return update;
}

/** Redis's hashTypeTryConversion for argv[start..end] (fields and values). */
function tryConversion(c: Client, e: usize, start: u32, end: u32): void {
  if (!isLp(eEnc(e))) return;
  const s = S();
  const newFields = (end - start + 1) / 2;
  if (<i64>newFields > s.hashMaxListpackEntries) {
    convertToHt(e);
    dictExpand(htDict(kvObj(e)), newFields);
    return;
  }
  let sum: u64 = 0;
  for (let i = start; i <= end; i++) {
    const l = argLen(c, i);
    if (<i64>l > s.hashMaxListpackValue) { convertToHt(e); return; }
    sum += l;
  }
  if (sum > 0xffffffff || !lpSafeToAdd(entryLp(e), <u32>sum)) convertToHt(e);
}

// ---- lookups ------------------------------------------------------------------------------------

/** Entry of a hash key for reading, 0 when missing, 1 after replying WRONGTYPE. */
function lookupHashRead(c: Client): usize {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) return 0;
  if (eType(e) != OBJ_HASH) { addReplyError(c, ERR_WRONGTYPE); return 1; }
  touchMeta(c, e);
  return e;
}

function lookupHashWrite(c: Client): usize {
  const e = lookupKeyWrite(cdb(c), argPtr(c, 1), argLen(c, 1));
  if (e == 0) return 0;
  if (eType(e) != OBJ_HASH) { addReplyError(c, ERR_WRONGTYPE); return 1; }
  touchMeta(c, e);
  return e;
}

function createHash(c: Client): usize {
  const e = kvNewObject(argPtr(c, 1), argLen(c, 1), OBJ_HASH, ENC_LISTPACK, lpNew(), -1);
  if (e == 0) unreachable();
  dbAdd(cdb(c), e);
  return e;
}

/** Redis's hashTypeLookupWriteOrCreate: 0 after replying WRONGTYPE. */
function lookupHashWriteOrCreate(c: Client): usize {
  const e = lookupHashWrite(c);
  if (e == 1) return 0;
  return e != 0 ? e : createHash(c);
}

// ---- object lifecycle (server/objects.ts) ---------------------------------------------------

export function hashObjFree(enc: u32, obj: usize): void {
  if (enc == ENC_HT) {
    const m = <usize>load<u32>(obj + HT_META);
    if (m != 0) metaFree(m);
    dictClear(htDict(obj), releaseField, 0);
    free(obj);
  } else if (enc == ENC_LISTPACK_EX) {
    metaFree(<usize>load<u32>(obj + LX_META));
    lpFree(<usize>load<u32>(obj + LX_LP));
    free(obj);
  } else {
    lpFree(obj);
  }
}

function lpDup(lp: usize): usize {
  const n = lpBytes(lp);
  const d = alloc(n);
  if (d == 0) unreachable();
  memory.copy(d, lp, n);
  return d;
}

/** A copy of the meta for a new owner, in the global heap when the original was. */
function metaDup(m: usize, owner: usize): usize {
  const k = <usize>load<u32>(m + M_KEY);
  const n = metaNew(owner, load<u32>(m + M_DB), k + 4, load<u32>(k));
  return n;
}

// Hashtable copy: visited entries are copied into dupTarget.
let dupTarget: usize = 0;
let dupMeta: usize = 0;
function dupVisit(fe: usize, ctx: usize): void {
  const ttl: i64 = eHasExpire(fe) ? eExpireAt(fe) : -1;
  const n = fieldNew(eKey(fe), eKeyLen(fe), fieldValPtr(fe), fieldValLen(fe), ttl);
  dictAdd(htDict(dupTarget), n);
  if (ttl >= 0 && !thPush(fheap(dupMeta), n, E_EXPIRE_AT, E_EXP_IDX)) unreachable();
}

/**
 * COPY: a deep copy. Its key reference is the source's (COPY does not tell us the new key); the
 * active cycle resolves it (resolveMeta) and the next command on the copy records it.
 */
export function hashObjDup(enc: u32, obj: usize): usize {
  if (enc == ENC_LISTPACK) return lpDup(obj);
  if (enc == ENC_LISTPACK_EX) {
    const lx = alloc(LX_SIZE);
    if (lx == 0) unreachable();
    const lp = lpDup(<usize>load<u32>(obj + LX_LP));
    const m = metaDup(<usize>load<u32>(obj + LX_META), lx);
    store<u32>(lx + LX_LP, <u32>lp);
    store<u32>(lx + LX_META, <u32>m);
    const p = lpSeek(lp, 2);
    if (p != 0) { lpGet(p); if (lpvInt != 0) metaSetMin(m, lpvInt); }
    return lx;
  }
  const ho = htNew();
  const src = htDict(obj);
  dictExpand(htDict(ho), dictSize(src));
  const sm = <usize>load<u32>(obj + HT_META);
  dupMeta = 0;
  if (sm != 0) {
    dupMeta = metaDup(sm, ho);
    store<u32>(ho + HT_META, <u32>dupMeta);
  }
  dupTarget = ho;
  dictForEach(src, dupVisit, 0);
  if (dupMeta != 0) {
    const top = thTop(fheap(dupMeta));
    if (top != 0) metaSetMin(dupMeta, eExpireAt(top));
  }
  return ho;
}

// MEMORY USAGE of a hashtable: exact up to MEM_SAMPLES fields, then extrapolated from them (Redis
// samples too: MEMORY USAGE's SAMPLES, default 5).
const MEM_SAMPLES: u32 = 64;
let memSeen: u32 = 0;
let memBytes: u64 = 0;
function memVisit(fe: usize, ctx: usize): void {
  if (memSeen >= MEM_SAMPLES) return;
  memSeen++;
  memBytes += blockSize(fe);
}

function metaMemUsage(m: usize): u32 {
  if (m == 0) return 0;
  let n = blockSize(m) + blockSize(load<u32>(m + M_KEY));
  const arr = load<u32>(fheap(m));
  if (arr != 0) n += blockSize(arr);
  return n;
}

export function hashObjMemUsage(enc: u32, obj: usize): u32 {
  if (enc == ENC_LISTPACK) return blockSize(obj);
  if (enc == ENC_LISTPACK_EX) {
    return blockSize(obj) + blockSize(load<u32>(obj + LX_LP)) + metaMemUsage(load<u32>(obj + LX_META));
  }
  const d = htDict(obj);
  let n: u64 = <u64>blockSize(obj) + metaMemUsage(load<u32>(obj + HT_META));
  if (d.t0 != 0) n += blockSize(d.t0);
  if (d.t1 != 0) n += blockSize(d.t1);
  memSeen = 0; memBytes = 0;
  dictForEach(d, memVisit, 0);
  const size = dictSize(d);
  if (memSeen > 0) n += memSeen >= size ? memBytes : memBytes * <u64>size / <u64>memSeen;
  return n > 0xffffffff ? 0xffffffff : <u32>n;
}

// ---- active expiry ------------------------------------------------------------------------------

/**
 * Deletes the fields of one hash whose TTL is <= now, earliest first, at most `quota`. Returns the
 * number deleted; the key is deleted when no field is left, else the global heap is updated.
 */
function expireFields(db: Db, e: usize, now: i64, quota: u64): u64 {
  const enc = eEnc(e);
  const obj = kvObj(e);
  let n: u64 = 0;
  if (enc == ENC_HT) {
    const m = <usize>load<u32>(obj + HT_META);
    const h = fheap(m);
    const d = htDict(obj);
    while (n < quota) {
      const fe = thTop(h);
      if (fe == 0 || eExpireAt(fe) > now) break;
      thRemoveAt(h, 0, E_EXPIRE_AT, E_EXP_IDX);
      dictUnlinkSlot(d, dictFindSlot(d, eKey(fe), eKeyLen(fe)));
      free(fe);
      statExpired();
      n++;
    }
    if (n > 0) dictResizeIfNeeded(d);
  } else if (enc == ENC_LISTPACK_EX) {
    const lp = <usize>load<u32>(obj + LX_LP);
    let p = lpFirst(lp);
    while (p != 0 && n < quota) {
      const t = lpNext(lp, lpNext(lp, p));
      lpGet(t);
      if (lpvInt == 0 || lpvInt > now) break;
      statExpired();
      n++;
      p = lpNext(lp, t);
    }
    if (n > 0) store<u32>(obj + LX_LP, <u32>lpDeleteRange(lp, 0, <u32>(n * 3)));
  }
  if (n > 0) keyChanged(db, NOTIFY_HASH, "hexpired", eKey(e), eKeyLen(e));
  if (n > 0 && hLen(e) == 0) {
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", eKey(e), eKeyLen(e), dbIndex(db));
    dbDelete(db, eKey(e), eKeyLen(e));
    return n;
  }
  syncMin(e);
  return n;
}

/**
 * Called from the server cron (when active expiry is on): deletes expired fields of the hashes
 * whose earliest field TTL has passed, up to Redis's per-cycle budget of fields.
 */
export function hashActiveExpireCycle(): void {
  const s = S();
  const h = gheap();
  if (thLen(h) == 0) return;
  const hz: i64 = s.hz > 0 ? <i64>s.hz : 10;
  const dbs: i64 = min<i64>(<i64>s.databases, CRON_DBS_PER_CALL);
  let quota: u64 = <u64>max<i64>(1, ACTIVE_FIELDS_PER_SEC / hz * dbs);
  const now = s.nowMs;
  while (quota > 0) {
    const m = thTop(h);
    if (m == 0 || load<i64>(m + M_MIN) > now) break;
    const e = resolveMeta(m);
    if (e == 0) { metaSetMin(m, -1); continue; } // not reachable: every live hash is in a db
    const n = expireFields(dbAt(load<u32>(m + M_DB)), e, now, quota);
    quota -= min<u64>(n, quota);
  }
}

// ---- HSET HMSET HSETNX ------------------------------------------------------------------------

function hsetGeneric(c: Client, isHset: bool): void {
  if ((c.argc & 1) == 1) { replyArityError(c, commands[c.curCmd]); return; }
  const e = lookupHashWriteOrCreate(c);
  if (e == 0) return;
  tryConversion(c, e, 2, c.argc - 1);
  let created: i64 = 0;
  for (let i: u32 = 2; i < c.argc; i += 2) {
    if (!hSet(e, argPtr(c, i), argLen(c, i), argPtr(c, i + 1), argLen(c, i + 1), false)) created++;
  }
  syncMin(e);
  keyChanged(cdb(c), NOTIFY_HASH, "hset", argPtr(c, 1), argLen(c, 1));
  if (isHset) addReplyLongLong(c, created); else addReplyOK(c);
  S().dirty += (c.argc - 2) / 2;
}
function hsetCommand(c: Client): void { hsetGeneric(c, true); }
function hmsetCommand(c: Client): void { hsetGeneric(c, false); }

function hsetnxCommand(c: Client): void {
  let e = lookupHashWriteOrCreate(c);
  if (e == 0) return;
  const res = getLazy(cdb(c), e, argPtr(c, 2), argLen(c, 2));
  if (res == GETF_OK) { addReplyLongLong(c, 0); return; }
  if (res == GETF_EXPIRED_HASH) e = createHash(c);
  tryConversion(c, e, 2, 3);
  hSet(e, argPtr(c, 2), argLen(c, 2), argPtr(c, 3), argLen(c, 3), false);
  keyChanged(cdb(c), NOTIFY_HASH, "hset", argPtr(c, 1), argLen(c, 1));
  addReplyLongLong(c, 1);
  S().dirty++;
}

// ---- HINCRBY HINCRBYFLOAT ---------------------------------------------------------------------

function hincrbyCommand(c: Client): void {
  if (!string2ll(argPtr(c, 3), argLen(c, 3))) { addReplyError(c, ERR_NOT_INTEGER); return; }
  const incr = parsedInt;
  let e = lookupHashWriteOrCreate(c);
  if (e == 0) return;
  let value: i64 = 0;
  const res = getLazy(cdb(c), e, argPtr(c, 2), argLen(c, 2));
  if (res == GETF_OK) {
    if (!string2ll(fvPtr, fvLen)) { addReplyError(c, ERR_HASH_NOT_INT); return; }
    value = parsedInt;
  } else if (res == GETF_EXPIRED_HASH) {
    e = createHash(c);
  }
  if ((incr < 0 && value < 0 && incr < i64.MIN_VALUE - value) || (incr > 0 && value > 0 && incr > i64.MAX_VALUE - value)) {
    addReplyError(c, ERR_OVERFLOW);
    return;
  }
  value += incr;
  const n = ll2string(NBUF, value);
  hSet(e, argPtr(c, 2), argLen(c, 2), NBUF, n, true);
  keyChanged(cdb(c), NOTIFY_HASH, "hincrby", argPtr(c, 1), argLen(c, 1));
  addReplyLongLong(c, value);
  S().dirty++;
}

function hincrbyfloatCommand(c: Client): void {
  if (!ldParse(argPtr(c, 3), argLen(c, 3))) { addReplyError(c, ERR_NOT_FLOAT); return; }
  if (!ldIsFinite()) { addReplyError(c, ERR_NAN_OR_INF_INCR); return; }
  const im = ldMant, ie = ldExp, ineg = ldNeg, ik = ldKind;
  let e = lookupHashWriteOrCreate(c);
  if (e == 0) return;
  const res = getLazy(cdb(c), e, argPtr(c, 2), argLen(c, 2));
  if (res == GETF_OK) {
    if (!ldParse(fvPtr, fvLen)) { addReplyError(c, ERR_HASH_NOT_FLOAT); return; }
  } else {
    if (res == GETF_EXPIRED_HASH) e = createHash(c);
    ldParse(VBUF, ll2string(VBUF, 0));
  }
  ldAdd(ldMant, ldExp, ldNeg, ldKind, im, ie, ineg, ik);
  if (!ldIsFinite()) { addReplyError(c, ERR_NAN_INF); return; }
  const buf = <usize>S().scratch;
  const n = ldFormatHuman(buf);
  hSet(e, argPtr(c, 2), argLen(c, 2), buf, n, true);
  keyChanged(cdb(c), NOTIFY_HASH, "hincrbyfloat", argPtr(c, 1), argLen(c, 1));
  addReplyBulk(c, buf, n);
  S().dirty++;
}

// ---- HGET HMGET HEXISTS HSTRLEN HLEN HDEL -------------------------------------------------------

function hgetCommand(c: Client): void {
  const e = lookupHashRead(c);
  if (e == 1) return;
  if (e == 0) { addReplyNull(c); return; }
  if (getLazy(cdb(c), e, argPtr(c, 2), argLen(c, 2)) == GETF_OK) addReplyBulk(c, fvPtr, fvLen);
  else addReplyNull(c);
}

function hmgetCommand(c: Client): void {
  const e = lookupHashRead(c);
  if (e == 1) return;
  addReplyArrayLen(c, c.argc - 2);
  let gone = e == 0;
  const db = cdb(c);
  for (let i: u32 = 2; i < c.argc; i++) {
    if (gone) { addReplyNull(c); continue; }
    const res = getLazy(db, e, argPtr(c, i), argLen(c, i));
    if (res == GETF_OK) addReplyBulk(c, fvPtr, fvLen);
    else addReplyNull(c);
    if (res == GETF_EXPIRED_HASH) gone = true;
  }
}

function hexistsCommand(c: Client): void {
  const e = lookupHashRead(c);
  if (e == 1) return;
  if (e == 0) { addReplyLongLong(c, 0); return; }
  addReplyLongLong(c, getLazy(cdb(c), e, argPtr(c, 2), argLen(c, 2)) == GETF_OK ? 1 : 0);
}

function hstrlenCommand(c: Client): void {
  const e = lookupHashRead(c);
  if (e == 1) return;
  if (e == 0) { addReplyLongLong(c, 0); return; }
  addReplyLongLong(c, getLazy(cdb(c), e, argPtr(c, 2), argLen(c, 2)) == GETF_OK ? <i64>fvLen : 0);
}

function hlenCommand(c: Client): void {
  const e = lookupHashRead(c);
  if (e == 1) return;
  addReplyLongLong(c, e == 0 ? 0 : <i64>hLen(e));
}

/** HDEL does not check TTLs: an expired field still counts as deleted (as in Redis). */
function hdelCommand(c: Client): void {
  const e = lookupHashWrite(c);
  if (e == 1) return;
  if (e == 0) { addReplyLongLong(c, 0); return; }
  let deleted: i64 = 0;
  let keyRemoved = false;
  for (let i: u32 = 2; i < c.argc; i++) {
    if (hDelete(e, argPtr(c, i), argLen(c, i))) {
      deleted++;
      if (hLen(e) == 0) {
        dbDelete(cdb(c), argPtr(c, 1), argLen(c, 1));
        keyRemoved = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    keyChanged(cdb(c), NOTIFY_HASH, "hdel", argPtr(c, 1), argLen(c, 1));
    if (keyRemoved) notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, 1), argLen(c, 1), c.db);
  }
  if (deleted > 0 && !keyRemoved) {
    if (eEnc(e) == ENC_HT) dictResizeIfNeeded(htDict(kvObj(e)));
    syncMin(e);
  }
  S().dirty += deleted;
  addReplyLongLong(c, deleted);
}

// ---- HGETALL HKEYS HVALS ------------------------------------------------------------------------

// Pull iterator over a hashtable's entries (no mutation while it runs).
let itD: Dict = changetype<Dict>(0);
let itTab: u32 = 0;
let itIdx: u32 = 0;
let itE: usize = 0;
function htIterInit(d: Dict): void { itD = d; itTab = 0; itIdx = 0; itE = 0; }
function htIterNext(): usize {
  if (itE != 0) {
    itE = <usize>load<u32>(itE); // next in chain (offset 0)
    if (itE != 0) return itE;
  }
  while (true) {
    const t = itTab == 0 ? itD.t0 : itD.t1;
    const sz = itTab == 0 ? itD.s0 : itD.s1;
    if (itIdx >= sz) {
      if (itTab == 1) return 0;
      itTab = 1; itIdx = 0;
      continue;
    }
    itE = <usize>load<u32>(<usize>t + (<usize>itIdx << 2));
    itIdx++;
    if (itE != 0) return itE;
  }
}

/**
 * A uniformly chosen field entry of a non-empty hashtable. ds/dict.ts dictRandom picks a random
 * non-empty bucket and then a chain position, which favours fields alone in their bucket; HRANDFIELD
 * needs Redis's fairness (its chi-square tests), so this draws a (bucket, position) pair over all
 * buckets and positions below FAIR_CHAIN and retries on misses: every entry in the first FAIR_CHAIN
 * places of a chain has the same probability. After many misses (a pathological table) it falls
 * back to dictRandom.
 */
const FAIR_CHAIN: u32 = 8;
function fairRandom(d: Dict): usize {
  for (let tries = 0; tries < 1000; tries++) {
    const span = d.s0 + d.s1;
    let i = rand32() % span;
    let e: usize;
    if (i < d.s0) e = load<u32>(<usize>d.t0 + (<usize>i << 2));
    else e = load<u32>(<usize>d.t1 + (<usize>(i - d.s0) << 2));
    if (e == 0) continue;
    let k = rand32() % FAIR_CHAIN;
    while (k > 0 && e != 0) { e = <usize>load<u32>(e); k--; }
    if (e != 0) return e;
  }
  return dictRandom(d, rand32);
}

const WANT_KEYS: u32 = 1;
const WANT_VALUES: u32 = 2;

function getallGeneric(c: Client, what: u32): void {
  const both = what == (WANT_KEYS | WANT_VALUES);
  const e = lookupHashRead(c);
  if (e == 1) return;
  if (e == 0) { if (both) addReplyMapLen(c, 0); else addReplyArrayLen(c, 0); return; }
  const length = hLenLive(e);
  if (both) addReplyMapLen(c, length); else addReplyArrayLen(c, length);
  const now = S().nowMs;
  const enc = eEnc(e);
  const obj = kvObj(e);
  if (enc == ENC_HT) {
    htIterInit(htDict(obj));
    let fe = htIterNext();
    while (fe != 0) {
      if (!eHasExpire(fe) || eExpireAt(fe) >= now) {
        if (what & WANT_KEYS) addReplyBulk(c, eKey(fe), eKeyLen(fe));
        if (what & WANT_VALUES) addReplyBulk(c, fieldValPtr(fe), fieldValLen(fe));
      }
      fe = htIterNext();
    }
    return;
  }
  const lp = lpOf(enc, obj);
  let p = lpFirst(lp);
  while (p != 0) {
    const vp = lpNext(lp, p);
    let next = lpNext(lp, vp);
    let alive = true;
    if (enc == ENC_LISTPACK_EX) {
      lpGet(next);
      alive = lpvInt == 0 || lpvInt >= now;
      next = lpNext(lp, next);
    }
    if (alive) {
      if (what & WANT_KEYS) { lpView(p, FBUF); addReplyBulk(c, lvPtr, lvLen); }
      if (what & WANT_VALUES) { lpView(vp, VBUF); addReplyBulk(c, lvPtr, lvLen); }
    }
    p = next;
  }
}
/**
 * Calls cb(field, value) for every field, expired or not, in the hash's own order (DEBUG DIGEST).
 * Integers are formatted into scratch buffers; the callback must copy and must not change the hash.
 */
export function hashForEachPair(e: usize, cb: (fp: usize, fl: u32, vp: usize, vl: u32, ctx: usize) => void, ctx: usize): void {
  const enc = eEnc(e);
  const obj = kvObj(e);
  if (enc == ENC_HT) {
    htIterInit(htDict(obj));
    for (let fe = htIterNext(); fe != 0; fe = htIterNext()) cb(eKey(fe), eKeyLen(fe), fieldValPtr(fe), fieldValLen(fe), ctx);
    return;
  }
  const lp = lpOf(enc, obj);
  let p = lpFirst(lp);
  while (p != 0) {
    const vp = lpNext(lp, p);
    let next = lpNext(lp, vp);
    if (enc == ENC_LISTPACK_EX) next = lpNext(lp, next);
    lpView(p, FBUF);
    const fp = lvPtr, fl = lvLen;
    lpView(vp, VBUF);
    cb(fp, fl, lvPtr, lvLen, ctx);
    p = next;
  }
}

function hgetallCommand(c: Client): void { getallGeneric(c, WANT_KEYS | WANT_VALUES); }
function hkeysCommand(c: Client): void { getallGeneric(c, WANT_KEYS); }
function hvalsCommand(c: Client): void { getallGeneric(c, WANT_VALUES); }

// ---- HSCAN --------------------------------------------------------------------------------------

let scSampled: i64 = 0;
let scPat: usize = 0;
let scPatLen: u32 = 0;
let scUsePat = false;
let scNow: i64 = 0;

function scanPush(fe: usize): void {
  scanCollect(fe);
}

function hscanVisit(fe: usize, ctx: usize): void {
  scSampled++;
  if (scUsePat && !stringmatchlen(scPat, scPatLen, eKey(fe), eKeyLen(fe), false)) return;
  if (eHasExpire(fe) && eExpireAt(fe) < scNow) return;
  scanPush(fe);
}

const EMPTY_SCAN = "*2\r\n$1\r\n0\r\n*0\r\n";

function hscanCommand(c: Client): void {
  if (!parseScanCursor(c, 2)) return;
  const cursorIn = scanCursorVal;
  const e = lookupHashRead(c);
  if (e == 1) return;
  if (e == 0) { addReplyLit(c, EMPTY_SCAN); return; }
  if (!parseScanOptions(c, 3, SCAN_OPT_NOVALUES)) return;
  const count = scanOptCount, usePat = scanOptUsePat, pat = scanOptPat, patLen = scanOptPatLen, noValues = scanOptNoValues;
  const now = S().nowMs;
  const enc = eEnc(e);
  const obj = kvObj(e);
  if (enc == ENC_HT) {
    scanCollectBegin(); scSampled = 0;
    scPat = pat; scPatLen = patLen; scUsePat = usePat; scNow = now;
    // the dict cursor is 32 bits (see types/keys.ts scanCommand)
    let cursor: u32 = <u32>cursorIn;
    let maxIterations: i64 = count * 10;
    const d = htDict(obj);
    do {
      cursor = dictScan(d, cursor, hscanVisit, 0);
    } while (cursor != 0 && maxIterations-- != 0 && scSampled < count);
    addReplyArrayLen(c, 2);
    addReplyBulk(c, FBUF, ull2string(FBUF, <u64>cursor));
    const found = scanCollectedLen();
    addReplyArrayLen(c, noValues ? found : found * 2);
    for (let k: u32 = 0; k < found; k++) {
      const fe = scanCollected(k);
      addReplyBulk(c, eKey(fe), eKeyLen(fe));
      if (!noValues) addReplyBulk(c, fieldValPtr(fe), fieldValLen(fe));
    }
    scanCollectEnd();
    return;
  }
  addReplyArrayLen(c, 2);
  addReplyLit(c, "$1\r\n0\r\n");
  const h = addReplyDeferredLen(c);
  let n: i64 = 0;
  const lp = lpOf(enc, obj);
  let p = lpFirst(lp);
  while (p != 0) {
    const vp = lpNext(lp, p);
    let next = lpNext(lp, vp);
    let ok = true;
    if (enc == ENC_LISTPACK_EX) {
      lpGet(next);
      ok = lpvInt == 0 || lpvInt >= now;
      next = lpNext(lp, next);
    }
    if (ok) {
      lpView(p, FBUF);
      if (!usePat || stringmatchlen(pat, patLen, lvPtr, lvLen, false)) {
        addReplyBulk(c, lvPtr, lvLen);
        n++;
        if (!noValues) { lpView(vp, VBUF); addReplyBulk(c, lvPtr, lvLen); n++; }
      }
    }
    p = next;
  }
  setDeferredArrayLen(c, h, n);
}

// ---- HRANDFIELD -----------------------------------------------------------------------------------

/**
 * Redis's hashTypeExpireIfNeeded (HRANDFIELD only): when some field has expired, deletes every
 * field whose TTL is <= now. Returns true when that deleted the key.
 */
function expireAllIfNeeded(db: Db, e: usize): bool {
  const min = minExpireOf(e);
  const now = S().nowMs;
  if (min < 0 || min >= now) return false;
  expireFields(db, e, now, u64.MAX_VALUE);
  return dbFindRaw(db, argKeyPtr, argKeyLen) == 0;
}
let argKeyPtr: usize = 0;
let argKeyLen: u32 = 0;

function replyField(c: Client, enc: u32, lp: usize, p: usize, fe: usize, withValues: bool): void {
  if (withValues && c.resp > 2) addReplyArrayLen(c, 2);
  if (enc == ENC_HT) {
    addReplyBulk(c, eKey(fe), eKeyLen(fe));
    if (withValues) addReplyBulk(c, fieldValPtr(fe), fieldValLen(fe));
  } else {
    lpView(p, FBUF);
    addReplyBulk(c, lvPtr, lvLen);
    if (withValues) { lpView(lpNext(lp, p), VBUF); addReplyBulk(c, lvPtr, lvLen); }
  }
}

function hrandfieldWithCount(c: Client, l: i64, withValues: bool): void {
  const e = lookupHashRead(c);
  if (e == 1) return;
  if (e == 0) { addReplyArrayLen(c, 0); return; }
  let count: u64;
  let uniq = true;
  if (l >= 0) count = <u64>l; else { count = <u64>(-l); uniq = false; }
  const db = cdb(c);
  argKeyPtr = argPtr(c, 1); argKeyLen = argLen(c, 1);
  if (expireAllIfNeeded(db, e)) { addReplyArrayLen(c, 0); return; }
  const size = <u64>hLen(e);
  if (count == 0) { addReplyArrayLen(c, 0); return; }
  const enc = eEnc(e);
  const obj = kvObj(e);
  const lp: usize = enc == ENC_HT ? 0 : lpOf(enc, obj);
  const tl = tupleLen(enc);

  // CASE 1: repeats allowed (or a single field): independent draws
  if (!uniq || count == 1) {
    addReplyArrayLen(c, <i64>(withValues && c.resp == 2 ? count * 2 : count));
    if (enc == ENC_HT) {
      while (count-- > 0) {
        replyField(c, enc, 0, 0, fairRandom(htDict(obj)), withValues);
        if ((c.flags & CF_CLOSE_ASAP) != 0) break;
      }
      return;
    }
    // positions of the fields, then independent draws among them
    const n = <u32>size;
    const pos = alloc(n << 2);
    if (pos == 0) unreachable();
    let p = lpFirst(lp);
    for (let i: u32 = 0; i < n; i++) { store<u32>(pos + (<usize>i << 2), <u32>p); p = lpSeekFrom(lp, p, tl); }
    while (count-- > 0) {
      replyField(c, enc, lp, <usize>load<u32>(pos + (<usize>(rand32() % n) << 2)), 0, withValues);
      if ((c.flags & CF_CLOSE_ASAP) != 0) break;
    }
    free(pos);
    return;
  }
  const replySize = count < size ? count : size;
  addReplyArrayLen(c, <i64>(withValues && c.resp == 2 ? replySize * 2 : replySize));

  // CASE 2: the whole hash
  if (count >= size) {
    if (enc == ENC_HT) {
      htIterInit(htDict(obj));
      let fe = htIterNext();
      while (fe != 0) { replyField(c, enc, 0, 0, fe, withValues); fe = htIterNext(); }
    } else {
      let p = lpFirst(lp);
      while (p != 0) { replyField(c, enc, lp, p, 0, withValues); p = lpSeekFrom(lp, p, tl); }
    }
    return;
  }

  // CASE 2.5 (listpack): selection sampling, in listpack order
  if (enc != ENC_HT) {
    let needed = count;
    let left = size;
    let p = lpFirst(lp);
    while (needed > 0) {
      if (<u64>rand32() % left < needed) { replyField(c, enc, lp, p, 0, withValues); needed--; }
      left--;
      p = lpSeekFrom(lp, p, tl);
    }
    return;
  }

  const d = htDict(obj);
  // CASE 3: count close to the size: take all, drop random ones
  if (count * 3 > size) {
    const arr = alloc(<u32>size << 2);
    if (arr == 0) unreachable();
    htIterInit(d);
    let k: u32 = 0;
    let fe = htIterNext();
    while (fe != 0) { store<u32>(arr + (<usize>k << 2), <u32>fe); k++; fe = htIterNext(); }
    let n = <u32>size;
    while (<u64>n > count) {
      const j = rand32() % n;
      n--;
      store<u32>(arr + (<usize>j << 2), load<u32>(arr + (<usize>n << 2)));
    }
    for (let i: u32 = 0; i < n; i++) replyField(c, enc, 0, 0, <usize>load<u32>(arr + (<usize>i << 2)), withValues);
    free(arr);
    return;
  }
  // CASE 4: count much smaller than the size: random draws, skipping repeats (an open-addressing
  // set of the entry pointers already sent)
  let cap: u32 = 16;
  while (<u64>cap < count * 2) cap <<= 1;
  const set = allocZeroed(cap << 2);
  if (set == 0) unreachable();
  let added: u64 = 0;
  while (added < count) {
    const fe = fairRandom(d);
    let slot = (<u32>((<u64>fe * 0x9E3779B1) >> 7)) & (cap - 1);
    let dup = false;
    while (true) {
      const v = load<u32>(set + (<usize>slot << 2));
      if (v == 0) break;
      if (<usize>v == fe) { dup = true; break; }
      slot = (slot + 1) & (cap - 1);
    }
    if (dup) continue;
    store<u32>(set + (<usize>slot << 2), <u32>fe);
    added++;
    replyField(c, enc, 0, 0, fe, withValues);
  }
  free(set);
}

/** The entry `tl` entries after p in lp, or 0. */
function lpSeekFrom(lp: usize, p: usize, tl: u32): usize {
  for (let i: u32 = 0; i < tl && p != 0; i++) p = lpNext(lp, p);
  return p;
}

function hrandfieldCommand(c: Client): void {
  if (c.argc >= 3) {
    if (!string2ll(argPtr(c, 2), argLen(c, 2))) { addReplyError(c, ERR_NOT_INTEGER); return; }
    const l = parsedInt;
    if (l < -i64.MAX_VALUE) { addReplyError(c, ERR_LONG_RANGE); return; }
    if (c.argc > 4 || (c.argc == 4 && !eqLit(argPtr(c, 3), argLen(c, 3), "withvalues"))) {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
    const withValues = c.argc == 4;
    if (withValues && (l < -i64.MAX_VALUE / 2 || l > i64.MAX_VALUE / 2)) { addReplyError(c, ERR_OUT_OF_RANGE); return; }
    hrandfieldWithCount(c, l, withValues);
    return;
  }
  const e = lookupHashRead(c);
  if (e == 1) return;
  if (e == 0) { addReplyNull(c); return; }
  argKeyPtr = argPtr(c, 1); argKeyLen = argLen(c, 1);
  if (expireAllIfNeeded(cdb(c), e)) { addReplyNull(c); return; }
  const enc = eEnc(e);
  const obj = kvObj(e);
  if (enc == ENC_HT) {
    const fe = fairRandom(htDict(obj));
    addReplyBulk(c, eKey(fe), eKeyLen(fe));
    return;
  }
  const lp = lpOf(enc, obj);
  const tl = tupleLen(enc);
  const n = lpLength(lp) / tl;
  lpView(lpSeek(lp, <i64>(rand32() % n) * tl), FBUF);
  addReplyBulk(c, lvPtr, lvLen);
}

// ---- field expiration: HEXPIRE HPEXPIRE HEXPIREAT HPEXPIREAT --------------------------------------

/** FIELDS numfields at argv[at-1], argv[at]; returns the count or -1 after replying an error. */
function parseFields(c: Client, at: u32, numErr: string): i64 {
  if (!eqLit(argPtr(c, at - 1), argLen(c, at - 1), "fields")) { addReplyError(c, ERR_FIELDS_MISSING); return -1; }
  if (!string2ll(argPtr(c, at), argLen(c, at)) || parsedInt < 1) { addReplyError(c, numErr); return -1; }
  const n = parsedInt;
  if (n != <i64>(c.argc - at - 1)) { addReplyError(c, ERR_NUMFIELDS_MATCH); return -1; }
  return n;
}

function hexpireGeneric(c: Client, basetime: i64, seconds: bool): void {
  const e0 = lookupHashWrite(c);
  if (e0 == 1) return;
  if (!string2ll(argPtr(c, 2), argLen(c, 2))) { addReplyError(c, ERR_NOT_INTEGER); return; }
  let expire = parsedInt;
  if (expire < 0) { addReplyError(c, ERR_EXPIRE_NEGATIVE); return; }
  if (seconds) {
    if (expire > HFE_MAX_ABS_TIME_MSEC / 1000) { replyInvalidExpireTime(c); return; }
    expire *= 1000;
  }
  if (expire > HFE_MAX_ABS_TIME_MSEC - basetime) { replyInvalidExpireTime(c); return; }
  expire += basetime;
  let cond: u32 = 0;
  let at: u32 = 4;
  const op = argPtr(c, 3), ol = argLen(c, 3);
  if (eqLit(op, ol, "nx")) { cond = HFE_NX; at++; }
  else if (eqLit(op, ol, "xx")) { cond = HFE_XX; at++; }
  else if (eqLit(op, ol, "gt")) { cond = HFE_GT; at++; }
  else if (eqLit(op, ol, "lt")) { cond = HFE_LT; at++; }
  const numFields = parseFields(c, at, ERR_NUMFIELDS_GT0);
  if (numFields < 0) return;
  if (e0 == 0) {
    addReplyArrayLen(c, numFields);
    for (let i: i64 = 0; i < numFields; i++) addReplyLongLong(c, HFE_NO_FIELD);
    return;
  }
  const e = e0;
  ensureMeta(c, e);
  addReplyArrayLen(c, numFields);
  let deleted: u64 = 0, updated: u64 = 0;
  for (let i = at + 1; i < c.argc; i++) {
    const fp = argPtr(c, i), fl = argLen(c, i);
    if (!hFind(e, fp, fl)) { addReplyLongLong(c, HFE_NO_FIELD); continue; }
    const prev = fvExp;
    if (prev < 0) {
      if ((cond & (HFE_XX | HFE_GT)) != 0) { addReplyLongLong(c, HFE_NO_CONDITION); continue; }
    } else if ((cond == HFE_GT && prev >= expire) || (cond == HFE_LT && prev <= expire) || cond == HFE_NX) {
      addReplyLongLong(c, HFE_NO_CONDITION);
      continue;
    }
    if (checkAlreadyExpired(expire)) {
      hDeleteFound(e);
      statExpired();
      deleted++;
      addReplyLongLong(c, HFE_DELETED);
      continue;
    }
    if (eEnc(e) == ENC_HT) htSetTtl(e, expire); else lxSetTtl(e, fp, fl, expire);
    updated++;
    addReplyLongLong(c, HFE_OK);
  }
  if (deleted + updated == 0) return;
  S().dirty += deleted + updated;
  signalModifiedKey(cdb(c), argPtr(c, 1), argLen(c, 1));
  if (updated > 0) notifyKeyspaceEvent(NOTIFY_HASH, "hexpire", argPtr(c, 1), argLen(c, 1), c.db);
  if (deleted > 0) notifyKeyspaceEvent(NOTIFY_HASH, "hdel", argPtr(c, 1), argLen(c, 1), c.db);
  if (deleted > 0 && hLen(e) == 0) {
    dbDelete(cdb(c), argPtr(c, 1), argLen(c, 1));
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, 1), argLen(c, 1), c.db);
    return;
  }
  syncMin(e);
}
function hexpireCommand(c: Client): void { hexpireGeneric(c, S().nowMs, true); }
function hpexpireCommand(c: Client): void { hexpireGeneric(c, S().nowMs, false); }
function hexpireatCommand(c: Client): void { hexpireGeneric(c, 0, true); }
function hpexpireatCommand(c: Client): void { hexpireGeneric(c, 0, false); }

// ---- HTTL HPTTL HEXPIRETIME HPEXPIRETIME HPERSIST ------------------------------------------------

/**
 * Seconds round up ((ms + 999) / 1000), unlike the key TTL commands. A field past its TTL reads as
 * missing; the exact boundary differs between encodings as in Redis (listpackex: ttl <= now,
 * hashtable: ttl < now).
 */
function httlGeneric(c: Client, basetime: i64, seconds: bool): void {
  const e = lookupHashRead(c);
  if (e == 1) return;
  const numFields = parseFields(c, 3, ERR_NUMFIELDS_POSITIVE);
  if (numFields < 0) return;
  addReplyArrayLen(c, numFields);
  const now = S().nowMs;
  for (let i: u32 = 4; i < c.argc; i++) {
    if (e == 0 || !hFind(e, argPtr(c, i), argLen(c, i))) { addReplyLongLong(c, HFE_NO_FIELD); continue; }
    const ttl = fvExp;
    if (ttl < 0) { addReplyLongLong(c, HFE_NO_TTL); continue; }
    if (eEnc(e) == ENC_HT ? ttl < now : ttl <= now) { addReplyLongLong(c, HFE_NO_FIELD); continue; }
    addReplyLongLong(c, seconds ? (ttl + 999 - basetime) / 1000 : ttl - basetime);
  }
}
function httlCommand(c: Client): void { httlGeneric(c, S().nowMs, true); }
function hpttlCommand(c: Client): void { httlGeneric(c, S().nowMs, false); }
function hexpiretimeCommand(c: Client): void { httlGeneric(c, 0, true); }
function hpexpiretimeCommand(c: Client): void { httlGeneric(c, 0, false); }

function hpersistCommand(c: Client): void {
  const e = lookupHashWrite(c);
  if (e == 1) return;
  const numFields = parseFields(c, 3, ERR_NUMFIELDS_POSITIVE);
  if (numFields < 0) return;
  addReplyArrayLen(c, numFields);
  const now = S().nowMs;
  let changed = false;
  for (let i: u32 = 4; i < c.argc; i++) {
    const fp = argPtr(c, i), fl = argLen(c, i);
    if (e == 0 || !hFind(e, fp, fl)) { addReplyLongLong(c, HFE_NO_FIELD); continue; }
    const ttl = fvExp;
    if (ttl < 0) { addReplyLongLong(c, HFE_NO_TTL); continue; }
    if (ttl < now) { addReplyLongLong(c, HFE_NO_FIELD); continue; }
    if (eEnc(e) == ENC_HT) htSetTtl(e, -1); else lxSetTtl(e, fp, fl, 0);
    addReplyLongLong(c, HFE_OK);
    changed = true;
  }
  if (changed) {
    syncMin(e);
    keyChanged(cdb(c), NOTIFY_HASH, "hpersist", argPtr(c, 1), argLen(c, 1));
    S().dirty++;
  }
}

// ---- registration ---------------------------------------------------------------------------------

export function registerHashCommands(): void {
  const G = "hash";
  const W = CMD_WRITE, R = CMD_READONLY, F = CMD_FAST, D = CMD_DENYOOM;
  def("hdel", -3, W | F, 1, 1, 1, G, hdelCommand);
  def("hexists", 3, R | F, 1, 1, 1, G, hexistsCommand);
  def("hexpire", -6, W | D | F, 1, 1, 1, G, hexpireCommand);
  def("hexpireat", -6, W | D | F, 1, 1, 1, G, hexpireatCommand);
  def("hexpiretime", -5, R | F, 1, 1, 1, G, hexpiretimeCommand);
  def("hget", 3, R | F, 1, 1, 1, G, hgetCommand);
  def("hgetall", 2, R, 1, 1, 1, G, hgetallCommand);
  def("hincrby", 4, W | D | F, 1, 1, 1, G, hincrbyCommand);
  def("hincrbyfloat", 4, W | D | F, 1, 1, 1, G, hincrbyfloatCommand);
  def("hkeys", 2, R, 1, 1, 1, G, hkeysCommand);
  def("hlen", 2, R | F, 1, 1, 1, G, hlenCommand);
  def("hmget", -3, R | F, 1, 1, 1, G, hmgetCommand);
  def("hmset", -4, W | D | F, 1, 1, 1, G, hmsetCommand);
  def("hpersist", -5, W | F, 1, 1, 1, G, hpersistCommand);
  def("hpexpire", -6, W | D | F, 1, 1, 1, G, hpexpireCommand);
  def("hpexpireat", -6, W | D | F, 1, 1, 1, G, hpexpireatCommand);
  def("hpexpiretime", -5, R | F, 1, 1, 1, G, hpexpiretimeCommand);
  def("hpttl", -5, R | F, 1, 1, 1, G, hpttlCommand);
  def("hrandfield", -2, R, 1, 1, 1, G, hrandfieldCommand);
  def("hscan", -3, R, 1, 1, 1, G, hscanCommand);
  def("hset", -4, W | D | F, 1, 1, 1, G, hsetCommand);
  def("hsetnx", 4, W | D | F, 1, 1, 1, G, hsetnxCommand);
  def("hstrlen", 3, R | F, 1, 1, 1, G, hstrlenCommand);
  def("httl", -5, R | F, 1, 1, 1, G, httlCommand);
  def("hvals", 2, R, 1, 1, 1, G, hvalsCommand);
}
