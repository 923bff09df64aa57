// String commands. Values are stored by server/kv.ts (int / embstr / raw shapes).
//
// Invariants
// - A value written from client bytes (SET, GETSET, MSET, APPEND on a new key ...) goes through
//   kvNewString, which gives integers the int shape, as Redis's tryObjectEncoding does.
// - APPEND and SETRANGE on an existing key turn the value into the raw shape (a growable buffer,
//   as Redis's dbUnshareStringValue does) and grow it greedily: double below 1 MiB, then by
//   max(1 MiB, len/8), never past proto-max-bulk-len. Deviation: Redis adds a flat 1 MiB and relies
//   on jemalloc growing huge blocks in place; our allocator copies, so growth stays geometric to
//   keep repeated appends amortised O(1). Growing only swaps the buffer pointer inside the entry;
//   converting replaces the entry (dbReplace), keeping its TTL.
// - INCR/DECR keep the int shape and update an int value in place (the entry does not move).
// - Every successful write adds to S().dirty once per changed key. Reads use lookupKeyRead (keyspace
//   hits/misses), writes lookupKeyWrite, matching which lookup Redis uses for each command.
import { keyChanged, notifyKeyspaceEvent, NOTIFY_STRING, NOTIFY_GENERIC } from "../server/notify";
import { Client, argPtr, argLen } from "../server/client";
import { def, CMD_ARG_BOUNDED, CMD_WRITE, CMD_READONLY, CMD_DENYOOM, CMD_FAST } from "../server/commands";
import { S } from "../server/state";
import { cdb } from "../server/cmdutil";
import { Db, lookupKeyRead, lookupKeyWrite, dbSet, dbAdd, dbReplace, dbDelete, dbSetExpire } from "../server/db";
import { kvNewString, kvNewInt, kvNewRawString, kvFree, kvStr, kvStrLen, strPtr, strLen, rawTerminate, OBJ_STRING, ENC_INT, ENC_RAW, ENC_EMBSTR } from "../server/kv";
import { eType, eEnc, eVal, eKey, eKeyLen, eHasExpire, eExpireAt } from "../ds/entry";
import {
  addReplyOK, addReplyBulk, addReplyBulkLit, addReplyNull, addReplyError, addReplyLongLong, addReplyLit,
  addReplyArrayLen, addReplyMapLen, addReplyDeferredLen, setDeferredArrayLen, errBegin, errLit, errEnd,
} from "../server/reply";
import { eqLit } from "../util/bytes";
import { string2ll, parsedInt } from "../util/numbers";
import { ldParseAdd, ldIsFinite, ldFormatHuman } from "../util/longdouble";
import { alloc, free, realloc, blockSize } from "../mem/alloc";
import {
  ERR_SYNTAX, ERR_WRONGTYPE, ERR_NOT_INTEGER, ERR_NOT_FLOAT, ERR_OVERFLOW, ERR_STRING_TOO_LONG, ERR_NAN_INF,
} from "../server/errors";
import { CF_NO_TOUCH } from "../server/client";

// Option flags of SET and GETEX (Redis's parseExtendedStringArguments).
const SET_NX: u32 = 1 << 0;
const SET_XX: u32 = 1 << 1;
const SET_GET: u32 = 1 << 2;
const SET_KEEPTTL: u32 = 1 << 3;
const SET_EX: u32 = 1 << 4;
const SET_PX: u32 = 1 << 5;
const SET_EXAT: u32 = 1 << 6;
const SET_PXAT: u32 = 1 << 7;
const GET_PERSIST: u32 = 1 << 8;
const SET_EXPIRE_MASK: u32 = SET_EX | SET_PX | SET_EXAT | SET_PXAT;
/** Returned by parseStringOptions after it replied a syntax error. */
const OPTS_ERROR: u32 = 0xffffffff;

const ERR_OFFSET_RANGE = "ERR offset is out of range";
const ERR_DECR_OVERFLOW = "ERR decrement would overflow";
const ERR_LCS_TYPES = "ERR The specified keys must contain string values";
const ERR_LCS_IDX_LEN = "ERR If you want both the length and indexes, please just use IDX.";
const ERR_LCS_TOO_BIG = "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";
const ERR_LCS_NOMEM = "ERR Insufficient memory, failed allocating transient memory for LCS";
// Deviation: Redis aborts the process when an allocation fails; the core refuses the command.
const ERR_NOMEM = "OOM out of memory growing the string value";
const ERR_NOMEM_NEW = "OOM out of memory creating the string value";

/** A new string entry, or 0 after replying the OOM error (nothing was changed). */
function newStringOrReply(c: Client, kp: usize, kl: u32, vp: usize, vl: u32, when: i64): usize {
  const e = kvNewString(kp, kl, vp, vl, when);
  if (e == 0) addReplyError(c, ERR_NOMEM_NEW);
  return e;
}

/** Largest raw buffer capacity we ask the allocator for (lengths are u32). */
const RAW_MAX: u64 = 0xFFFF0000;

@inline export function touchAllowed(c: Client): bool { return (c.flags & CF_NO_TOUCH) == 0; }

function replyInvalidExpire(c: Client, cmdName: string): void {
  errBegin(c); errLit(c, "ERR invalid expire time in '"); errLit(c, cmdName); errLit(c, "' command"); errEnd(c);
}

/**
 * Turns an expire argument into an absolute unix time in ms, or replies an error and returns
 * i64.MIN_VALUE. Mirrors Redis: non-positive values and overflow are "invalid expire time".
 */
export function expireArgToAbsMs(c: Client, i: u32, flags: u32, cmdName: string): i64 {
  if (!string2ll(argPtr(c, i), argLen(c, i))) { addReplyError(c, ERR_NOT_INTEGER); return i64.MIN_VALUE; }
  let ms = parsedInt;
  const seconds = (flags & (SET_EX | SET_EXAT)) != 0;
  if (ms <= 0 || (seconds && ms > i64.MAX_VALUE / 1000)) { replyInvalidExpire(c, cmdName); return i64.MIN_VALUE; }
  if (seconds) ms *= 1000;
  if ((flags & (SET_EX | SET_PX)) != 0) {
    const now = S().nowMs;
    if (ms > i64.MAX_VALUE - now) { replyInvalidExpire(c, cmdName); return i64.MIN_VALUE; }
    ms += now;
  }
  return ms;
}

// Index of the expire argument found by the last parseStringOptions call.
let optExpireArg: u32 = 0;

/**
 * Parses SET's (forSet) or GETEX's options from argv[first]. Same acceptance rules as Redis: an
 * option may repeat (the last expire value wins), but NX/XX, KEEPTTL/PERSIST and the four expire
 * forms exclude each other. Returns the flags, or OPTS_ERROR after replying a syntax error.
 */
function parseStringOptions(c: Client, first: u32, forSet: bool): u32 {
  let flags: u32 = 0;
  optExpireArg = 0;
  for (let i = first; i < c.argc; i++) {
    const p = argPtr(c, i), n = argLen(c, i);
    const hasNext = i + 1 < c.argc;
    if (forSet && eqLit(p, n, "nx") && (flags & SET_XX) == 0) flags |= SET_NX;
    else if (forSet && eqLit(p, n, "xx") && (flags & SET_NX) == 0) flags |= SET_XX;
    else if (forSet && eqLit(p, n, "get")) flags |= SET_GET;
    else if (forSet && eqLit(p, n, "keepttl") && (flags & (GET_PERSIST | SET_EXPIRE_MASK)) == 0) flags |= SET_KEEPTTL;
    else if (!forSet && eqLit(p, n, "persist") && (flags & (SET_KEEPTTL | SET_EXPIRE_MASK)) == 0) flags |= GET_PERSIST;
    else if (eqLit(p, n, "ex") && hasNext && (flags & (SET_KEEPTTL | GET_PERSIST | SET_EXPIRE_MASK & ~SET_EX)) == 0) { flags |= SET_EX; optExpireArg = ++i; }
    else if (eqLit(p, n, "px") && hasNext && (flags & (SET_KEEPTTL | GET_PERSIST | SET_EXPIRE_MASK & ~SET_PX)) == 0) { flags |= SET_PX; optExpireArg = ++i; }
    else if (eqLit(p, n, "exat") && hasNext && (flags & (SET_KEEPTTL | GET_PERSIST | SET_EXPIRE_MASK & ~SET_EXAT)) == 0) { flags |= SET_EXAT; optExpireArg = ++i; }
    else if (eqLit(p, n, "pxat") && hasNext && (flags & (SET_KEEPTTL | GET_PERSIST | SET_EXPIRE_MASK & ~SET_PXAT)) == 0) { flags |= SET_PXAT; optExpireArg = ++i; }
    else { addReplyError(c, ERR_SYNTAX); return OPTS_ERROR; }
  }
  return flags;
}

@inline function expireOf(e: usize): i64 { return eHasExpire(e) ? eExpireAt(e) : -1; }

/**
 * Redis's getGenericCommand: read lookup, then null / WRONGTYPE / the value. Returns the entry,
 * 0 when the key is missing, or 1 when WRONGTYPE was replied (entries are never at address 1).
 */
function getGeneric(c: Client): usize {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyNull(c); return 0; }
  if (eType(e) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return 1; }
  kvStr(e);
  addReplyBulk(c, strPtr, strLen);
  return e;
}

/** Redis's checkStringLength: size + append must fit proto-max-bulk-len (and not overflow). */
export function checkStringLength(c: Client, size: i64, append: i64): bool {
  const total = <i64>(<u64>size + <u64>append);
  if (total > S().protoMaxBulkLen || total < size || total < append) {
    addReplyError(c, ERR_STRING_TOO_LONG);
    return false;
  }
  return true;
}

// ---- raw (growable) string buffers ---------------------------------------------------------------
// Buffer layout (kv.ts): [len u32][cap u32][bytes cap], owned by the entry, pointer at eVal(e).

@inline export function rawBuf(e: usize): usize { return <usize>load<u32>(eVal(e)); }

/**
 * Gives `e` the raw shape with room for `need` bytes, keeping its contents and TTL. Returns the
 * (possibly new) entry, or 0 when memory ran out (the value is then unchanged, possibly raw).
 */
export function rawReserve(db: Db, e: usize, need: u64): usize {
  if (eEnc(e) != ENC_RAW) {
    kvStr(e);
    const ne = kvNewRawString(eKey(e), eKeyLen(e), strPtr, strLen, strLen, expireOf(e));
    if (ne == 0) return 0;
    dbReplace(db, ne);
    e = ne;
  }
  const b = rawBuf(e);
  const cap = <u64>load<u32>(b + 4);
  if (need <= cap) return e;
  if (need > RAW_MAX - 8) return 0;
  let ncap: u64 = need < (1 << 20) ? need * 2 : need + max<u64>(1 << 20, need >> 3);
  const limit = <u64>S().protoMaxBulkLen;
  if (ncap > limit) ncap = need > limit ? need : limit;
  if (ncap > RAW_MAX - 8) ncap = need;
  let nb = realloc(b, <u32>(ncap + 8));
  if (nb == 0 && ncap != need) { ncap = need; nb = realloc(b, <u32>(ncap + 8)); }
  if (nb == 0) return 0;
  const usable = <u64>blockSize(nb) - 8;
  store<u32>(nb + 4, <u32>(usable > ncap && usable <= RAW_MAX ? usable : ncap));
  // A buffer that had no room for its terminator gets one now (a fuller one kept it in the copy).
  if (cap <= <u64>load<u32>(nb)) rawTerminate(nb);
  store<u32>(eVal(e), <u32>nb);
  return e;
}

/**
 * A string entry in the embstr shape even when the text is an integer. Redis stores
 * INCRBYFLOAT's result with createStringObject (never int-encoded). kv.ts has no constructor for
 * that, so the entry is built from a copy whose first byte is not a digit, then patched.
 */
function newPlainString(kp: usize, kl: u32, vp: usize, vl: u32, expireAt: i64): usize {
  if (vl == 0 || vl > 20 || !string2ll(vp, vl)) return kvNewString(kp, kl, vp, vl, expireAt);
  const first = load<u8>(vp);
  store<u8>(vp, 0x78);
  const e = kvNewString(kp, kl, vp, vl, expireAt);
  store<u8>(vp, first);
  if (e != 0 && eEnc(e) == ENC_EMBSTR) store<u8>(eVal(e) + 4, first);
  return e;
}

// ---- SET family ----------------------------------------------------------------------------------

function setGeneric(c: Client, flags: u32, expireArg: u32, cmdName: string): void {
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const vp = argPtr(c, 2), vl = argLen(c, 2);
  let when: i64 = -1;
  if ((flags & SET_EXPIRE_MASK) != 0) {
    when = expireArgToAbsMs(c, expireArg, flags, cmdName);
    if (when == i64.MIN_VALUE) return;
  }
  const db = cdb(c);
  if ((flags & SET_GET) != 0 && getGeneric(c) == 1) return;
  const old = lookupKeyWrite(db, kp, kl);
  if (((flags & SET_NX) != 0 && old != 0) || ((flags & SET_XX) != 0 && old == 0)) {
    if ((flags & SET_GET) == 0) addReplyNull(c);
    return;
  }
  if ((flags & SET_KEEPTTL) != 0 && old != 0 && eHasExpire(old)) when = eExpireAt(old);
  // An absolute time already in the past still stores the key, as Redis does; the next access
  // (or the active expire cycle) removes it.
  const e = newStringOrReply(c, kp, kl, vp, vl, when);
  if (e == 0) return;
  S().dirty++;
  dbSet(db, e);
  keyChanged(db, NOTIFY_STRING, "set", kp, kl);
  if ((flags & SET_EXPIRE_MASK) != 0) notifyKeyspaceEvent(NOTIFY_GENERIC, "expire", kp, kl, c.db);
  if ((flags & SET_GET) == 0) addReplyOK(c);
}

function setCommand(c: Client): void {
  const flags = parseStringOptions(c, 3, true);
  if (flags == OPTS_ERROR) return;
  setGeneric(c, flags, optExpireArg, "set");
}

function setnxCommand(c: Client): void {
  const db = cdb(c);
  if (lookupKeyWrite(db, argPtr(c, 1), argLen(c, 1)) != 0) { addReplyLongLong(c, 0); return; }
  const e = newStringOrReply(c, argPtr(c, 1), argLen(c, 1), argPtr(c, 2), argLen(c, 2), -1);
  if (e == 0) return;
  dbAdd(db, e);
  keyChanged(db, NOTIFY_STRING, "set", argPtr(c, 1), argLen(c, 1));
  S().dirty++;
  addReplyLongLong(c, 1);
}

/** SETEX key seconds value / PSETEX key ms value: SET with the value and expire swapped. */
function setexGeneric(c: Client, unitFlag: u32, cmdName: string): void {
  const when = expireArgToAbsMs(c, 2, unitFlag, cmdName);
  if (when == i64.MIN_VALUE) return;
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  lookupKeyWrite(db, kp, kl);
  const e = newStringOrReply(c, kp, kl, argPtr(c, 3), argLen(c, 3), when);
  if (e == 0) return;
  S().dirty++;
  dbSet(db, e);
  keyChanged(db, NOTIFY_STRING, "set", kp, kl);
  notifyKeyspaceEvent(NOTIFY_GENERIC, "expire", kp, kl, c.db);
  addReplyOK(c);
}
function setexCommand(c: Client): void { setexGeneric(c, SET_EX, "setex"); }
function psetexCommand(c: Client): void { setexGeneric(c, SET_PX, "psetex"); }

/** GETSET key value: GET, then SET without options (the TTL is dropped). */
function getsetCommand(c: Client): void {
  // the new entry first, so running out of memory answers an error before the GET reply
  const e = newStringOrReply(c, argPtr(c, 1), argLen(c, 1), argPtr(c, 2), argLen(c, 2), -1);
  if (e == 0) return;
  if (getGeneric(c) == 1) { kvFree(e); return; }
  const db = cdb(c);
  dbSet(db, e);
  keyChanged(db, NOTIFY_STRING, "set", argPtr(c, 1), argLen(c, 1));
  S().dirty++;
}

/** MSET / MSETNX: pairs; MSETNX sets nothing when any key exists. */
function msetGeneric(c: Client, nx: bool): void {
  if ((c.argc & 1) == 0) {
    errBegin(c); errLit(c, "ERR wrong number of arguments for '"); errLit(c, nx ? "msetnx" : "mset"); errLit(c, "' command"); errEnd(c);
    return;
  }
  const db = cdb(c);
  if (nx) {
    for (let j: u32 = 1; j < c.argc; j += 2) {
      if (lookupKeyWrite(db, argPtr(c, j), argLen(c, j)) != 0) { addReplyLongLong(c, 0); return; }
    }
  }
  // every entry is built before any is stored, so running out of memory changes nothing
  const n = (c.argc - 1) >> 1;
  const entries = alloc(n << 2);
  if (entries == 0) { addReplyError(c, ERR_NOMEM_NEW); return; }
  for (let i: u32 = 0; i < n; i++) {
    const j = 1 + (i << 1);
    const e = kvNewString(argPtr(c, j), argLen(c, j), argPtr(c, j + 1), argLen(c, j + 1), -1);
    if (e == 0) {
      for (let k: u32 = 0; k < i; k++) kvFree(<usize>load<u32>(entries + (<usize>k << 2)));
      free(entries);
      addReplyError(c, ERR_NOMEM_NEW);
      return;
    }
    store<u32>(entries + (<usize>i << 2), <u32>e);
  }
  for (let i: u32 = 0; i < n; i++) {
    const j = 1 + (i << 1);
    dbSet(db, <usize>load<u32>(entries + (<usize>i << 2)));
    keyChanged(db, NOTIFY_STRING, "set", argPtr(c, j), argLen(c, j));
  }
  free(entries);
  S().dirty += <u64>((c.argc - 1) >> 1);
  if (nx) addReplyLongLong(c, 1); else addReplyOK(c);
}
function msetCommand(c: Client): void { msetGeneric(c, false); }
function msetnxCommand(c: Client): void { msetGeneric(c, true); }

// ---- GET family ----------------------------------------------------------------------------------

function getCommand(c: Client): void { getGeneric(c); }

/** GETDEL key: GET, then delete the key if it was a string. */
function getdelCommand(c: Client): void {
  const e = getGeneric(c);
  if (e <= 1) return;
  if (dbDelete(cdb(c), argPtr(c, 1), argLen(c, 1))) {
    keyChanged(cdb(c), NOTIFY_GENERIC, "del", argPtr(c, 1), argLen(c, 1));
    S().dirty++;
  }
}

/**
 * GETEX key [EX s | PX ms | EXAT ts | PXAT ms-ts | PERSIST]. The expire value is validated after
 * the type check and before the reply. An EXAT/PXAT time not in the future deletes the key.
 */
function getexCommand(c: Client): void {
  const flags = parseStringOptions(c, 2, false);
  if (flags == OPTS_ERROR) return;
  const expireArg = optExpireArg;
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const e = lookupKeyRead(db, kp, kl, touchAllowed(c));
  if (e == 0) { addReplyNull(c); return; }
  if (eType(e) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return; }
  let when: i64 = -1;
  if ((flags & SET_EXPIRE_MASK) != 0) {
    when = expireArgToAbsMs(c, expireArg, flags, "getex");
    if (when == i64.MIN_VALUE) return;
  }
  kvStr(e);
  addReplyBulk(c, strPtr, strLen);
  const s = S();
  if ((flags & (SET_EXAT | SET_PXAT)) != 0 && when <= s.nowMs) {
    dbDelete(db, kp, kl);
    keyChanged(db, NOTIFY_GENERIC, "del", kp, kl);
    s.dirty++;
  } else if ((flags & SET_EXPIRE_MASK) != 0) {
    dbSetExpire(db, e, when);
    keyChanged(db, NOTIFY_GENERIC, "expire", kp, kl);
    s.dirty++;
  } else if ((flags & GET_PERSIST) != 0 && eHasExpire(e)) {
    dbSetExpire(db, e, -1);
    keyChanged(db, NOTIFY_GENERIC, "persist", kp, kl);
    s.dirty++;
  }
}

/** MGET key...: a null for missing keys and for keys of another type. */
function mgetCommand(c: Client): void {
  const db = cdb(c);
  const touch = touchAllowed(c);
  addReplyArrayLen(c, c.argc - 1);
  for (let j: u32 = 1; j < c.argc; j++) {
    const e = lookupKeyRead(db, argPtr(c, j), argLen(c, j), touch);
    if (e == 0 || eType(e) != OBJ_STRING) addReplyNull(c);
    else { kvStr(e); addReplyBulk(c, strPtr, strLen); }
  }
}

function strlenCommand(c: Client): void {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (eType(e) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return; }
  addReplyLongLong(c, kvStrLen(e));
}

/**
 * GETRANGE / SUBSTR key start end (inclusive). Deviation from Redis 7.4.x, on purpose: uses the
 * range rules of Redis 8 (redis#12272), which the upstream test suite checks: after adding the
 * length to negative indexes, a start past the end, a still-negative end, or end < start give "".
 * (7.4 clamped a negative end to 0, so GETRANGE k 0 -100 gave the first byte.)
 */
function getrangeCommand(c: Client): void {
  if (!string2ll(argPtr(c, 2), argLen(c, 2))) { addReplyError(c, ERR_NOT_INTEGER); return; }
  let start = parsedInt;
  if (!string2ll(argPtr(c, 3), argLen(c, 3))) { addReplyError(c, ERR_NOT_INTEGER); return; }
  let end = parsedInt;
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyLit(c, "$0\r\n\r\n"); return; }
  if (eType(e) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return; }
  kvStr(e);
  const len = <i64>strLen;
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (len == 0 || start >= len || end < 0 || start > end) { addReplyLit(c, "$0\r\n\r\n"); return; }
  if (start < 0) start = 0;
  if (end >= len) end = len - 1;
  addReplyBulk(c, strPtr + <usize>start, <u32>(end - start + 1));
}

// ---- APPEND / SETRANGE ---------------------------------------------------------------------------

function appendCommand(c: Client): void {
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const ap = argPtr(c, 2), al = argLen(c, 2);
  let e = lookupKeyWrite(db, kp, kl);
  if (e == 0) {
    const ne = newStringOrReply(c, kp, kl, ap, al, -1);
    if (ne == 0) return;
    dbAdd(db, ne);
    keyChanged(db, NOTIFY_STRING, "append", kp, kl);
    S().dirty++;
    addReplyLongLong(c, al);
    return;
  }
  if (eType(e) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return; }
  const olen = kvStrLen(e);
  if (!checkStringLength(c, olen, al)) return;
  const total = <u64>olen + <u64>al;
  e = rawReserve(db, e, total);
  if (e == 0) { addReplyError(c, ERR_NOMEM); return; }
  const b = rawBuf(e);
  memory.copy(b + 8 + <usize>olen, ap, al);
  store<u32>(b, <u32>total);
  rawTerminate(b);
  keyChanged(db, NOTIFY_STRING, "append", kp, kl);
  S().dirty++;
  addReplyLongLong(c, <i64>total);
}

function setrangeCommand(c: Client): void {
  if (!string2ll(argPtr(c, 2), argLen(c, 2))) { addReplyError(c, ERR_NOT_INTEGER); return; }
  const offset = parsedInt;
  if (offset < 0) { addReplyError(c, ERR_OFFSET_RANGE); return; }
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const vp = argPtr(c, 3), vl = argLen(c, 3);
  let e = lookupKeyWrite(db, kp, kl);
  let olen: u32 = 0;
  if (e == 0) {
    if (vl == 0) { addReplyLongLong(c, 0); return; }
    if (!checkStringLength(c, offset, vl)) return;
    // A new key gets an exact-size raw buffer, as Redis's sdsnewlen does.
    const ne = kvNewRawString(kp, kl, 0, 0, 0, -1);
    if (ne == 0) { addReplyError(c, ERR_NOMEM); return; }
    const need = <u64>offset + <u64>vl;
    const nb: usize = need > RAW_MAX - 8 ? 0 : realloc(rawBuf(ne), <u32>(need + 8));
    if (nb == 0) { kvFree(ne); addReplyError(c, ERR_NOMEM); return; }
    store<u32>(nb, 0);
    store<u32>(nb + 4, <u32>need);
    store<u32>(eVal(ne), <u32>nb);
    dbAdd(db, ne);
    e = ne;
  } else {
    if (eType(e) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return; }
    olen = kvStrLen(e);
    if (vl == 0) { addReplyLongLong(c, olen); return; }
    if (!checkStringLength(c, offset, vl)) return;
    const need = <u64>offset + <u64>vl;
    e = rawReserve(db, e, need > <u64>olen ? need : <u64>olen);
    if (e == 0) { addReplyError(c, ERR_NOMEM); return; }
  }
  const b = rawBuf(e);
  const off = <u32>offset;
  if (off > olen) memory.fill(b + 8 + <usize>olen, 0, off - olen);
  memory.copy(b + 8 + <usize>off, vp, vl);
  const nlen = max<u32>(olen, off + vl);
  store<u32>(b, nlen);
  if (nlen > olen) rawTerminate(b);
  keyChanged(db, NOTIFY_STRING, "setrange", kp, kl);
  S().dirty++;
  addReplyLongLong(c, nlen);
}

// ---- INCR family ---------------------------------------------------------------------------------

function incrDecr(c: Client, incr: i64): void {
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const e = lookupKeyWrite(db, kp, kl);
  let value: i64 = 0;
  if (e != 0) {
    if (eType(e) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return; }
    if (eEnc(e) == ENC_INT) value = load<i64>(eVal(e));
    else {
      kvStr(e);
      if (!string2ll(strPtr, strLen)) { addReplyError(c, ERR_NOT_INTEGER); return; }
      value = parsedInt;
    }
  }
  if ((incr < 0 && value < 0 && incr < i64.MIN_VALUE - value) ||
      (incr > 0 && value > 0 && incr > i64.MAX_VALUE - value)) {
    addReplyError(c, ERR_OVERFLOW);
    return;
  }
  value += incr;
  if (e != 0 && eEnc(e) == ENC_INT) store<i64>(eVal(e), value);
  else {
    const ne = kvNewInt(kp, kl, value, e != 0 ? expireOf(e) : -1);
    if (ne == 0) { addReplyError(c, ERR_NOMEM_NEW); return; }
    if (e != 0) dbReplace(db, ne); else dbAdd(db, ne);
  }
  keyChanged(db, NOTIFY_STRING, "incrby", kp, kl);
  S().dirty++;
  addReplyLongLong(c, value);
}

function incrCommand(c: Client): void { incrDecr(c, 1); }
function decrCommand(c: Client): void { incrDecr(c, -1); }

function incrbyCommand(c: Client): void {
  if (!string2ll(argPtr(c, 2), argLen(c, 2))) { addReplyError(c, ERR_NOT_INTEGER); return; }
  incrDecr(c, parsedInt);
}

function decrbyCommand(c: Client): void {
  if (!string2ll(argPtr(c, 2), argLen(c, 2))) { addReplyError(c, ERR_NOT_INTEGER); return; }
  if (parsedInt == i64.MIN_VALUE) { addReplyError(c, ERR_DECR_OVERFLOW); return; }
  incrDecr(c, -parsedInt);
}

const ZERO_STR: usize = memory.data<u8>([0x30]);

/**
 * INCRBYFLOAT key increment, in x87 long double arithmetic (util/longdouble.ts). The stored value
 * is the human-formatted sum as a plain string; the TTL is kept.
 */
function incrbyfloatCommand(c: Client): void {
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const e = lookupKeyWrite(db, kp, kl);
  let vp = ZERO_STR;
  let vl: u32 = 1;
  if (e != 0) {
    if (eType(e) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return; }
    kvStr(e);
    vp = strPtr; vl = strLen;
  }
  if (ldParseAdd(vp, vl, argPtr(c, 2), argLen(c, 2)) != 0) { addReplyError(c, ERR_NOT_FLOAT); return; }
  if (!ldIsFinite()) { addReplyError(c, ERR_NAN_INF); return; }
  const buf = <usize>S().scratch;
  const n = ldFormatHuman(buf);
  const ne = newPlainString(kp, kl, buf, n, e != 0 ? expireOf(e) : -1);
  if (ne == 0) { addReplyError(c, ERR_NOMEM_NEW); return; }
  if (e != 0) dbReplace(db, ne); else dbAdd(db, ne);
  keyChanged(db, NOTIFY_STRING, "incrbyfloat", kp, kl);
  S().dirty++;
  addReplyBulk(c, buf, n);
}

// ---- LCS -----------------------------------------------------------------------------------------

const LCS_INTBUF: usize = memory.data(32);

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN]. Classic O(n*m) dynamic programming
 * table of u32, limited (like Redis) to proto-max-bulk-len bytes. Missing keys are empty strings.
 */
function lcsCommand(c: Client): void {
  const db = cdb(c);
  const touch = touchAllowed(c);
  const ea = lookupKeyRead(db, argPtr(c, 1), argLen(c, 1), touch);
  const eb = lookupKeyRead(db, argPtr(c, 2), argLen(c, 2), touch);
  if ((ea != 0 && eType(ea) != OBJ_STRING) || (eb != 0 && eType(eb) != OBJ_STRING)) {
    addReplyError(c, ERR_LCS_TYPES);
    return;
  }
  let getlen = false, getidx = false, withmatchlen = false;
  let minmatchlen: i64 = 0;
  for (let j: u32 = 3; j < c.argc; j++) {
    const p = argPtr(c, j), n = argLen(c, j);
    if (eqLit(p, n, "idx")) getidx = true;
    else if (eqLit(p, n, "len")) getlen = true;
    else if (eqLit(p, n, "withmatchlen")) withmatchlen = true;
    else if (eqLit(p, n, "minmatchlen") && j + 1 < c.argc) {
      j++;
      if (!string2ll(argPtr(c, j), argLen(c, j))) { addReplyError(c, ERR_NOT_INTEGER); return; }
      minmatchlen = parsedInt < 0 ? 0 : parsedInt;
    } else { addReplyError(c, ERR_SYNTAX); return; }
  }
  if (getidx && getlen) { addReplyError(c, ERR_LCS_IDX_LEN); return; }

  // Views of both values; an int-encoded A is copied out of kvStr's shared buffer first.
  let a: usize = 0, alen: u32 = 0, b: usize = 0, blen: u32 = 0;
  if (ea != 0) {
    kvStr(ea);
    alen = strLen;
    if (eEnc(ea) == ENC_INT) { memory.copy(LCS_INTBUF, strPtr, strLen); a = LCS_INTBUF; } else a = strPtr;
  }
  if (eb != 0) { kvStr(eb); b = strPtr; blen = strLen; }

  const cols = <u64>blen + 1;
  const bytes = (<u64>alen + 1) * cols * 4;
  if (bytes > <u64>S().protoMaxBulkLen) { addReplyError(c, ERR_LCS_TOO_BIG); return; }
  const dp: usize = bytes >= 0xFFFFFFFF ? 0 : alloc(<u32>bytes);
  if (dp == 0) { addReplyError(c, ERR_LCS_NOMEM); return; }
  const stride = <usize>cols << 2;
  // Row 0 and column 0 are zero; cell (i,j) is the LCS length of a[0..i) and b[0..j).
  memory.fill(dp, 0, stride);
  for (let i: u32 = 1; i <= alen; i++) {
    const row = dp + <usize>i * stride;
    const prev = row - stride;
    store<u32>(row, 0);
    const ca = load<u8>(a + i - 1);
    for (let j: u32 = 1; j <= blen; j++) {
      const o = <usize>j << 2;
      let v: u32;
      if (ca == load<u8>(b + j - 1)) v = load<u32>(prev + o - 4) + 1;
      else {
        const up = load<u32>(prev + o), left = load<u32>(row + o - 4);
        v = up > left ? up : left;
      }
      store<u32>(row + o, v);
    }
  }
  const total = load<u32>(dp + <usize>alen * stride + (<usize>blen << 2));
  const computeLcs = getidx || !getlen;
  let result: usize = 0;
  if (computeLcs && total > 0) {
    result = alloc(total);
    if (result == 0) { free(dp); addReplyError(c, ERR_LCS_NOMEM); return; }
  }
  let arrayHandle: u32 = 0;
  if (getidx) {
    addReplyMapLen(c, 2);
    addReplyBulkLit(c, "matches");
    arrayHandle = addReplyDeferredLen(c);
  }
  // Walk back from (alen, blen), collecting the LCS bytes and the ranges of contiguous matches
  // (emitted from the end of the strings towards the start, as Redis does).
  let i = alen, j = blen, idx = total;
  let aStart = alen, aEnd: u32 = 0, bStart: u32 = 0, bEnd: u32 = 0; // aStart == alen: no range open
  let emitted: i64 = 0;
  while (computeLcs && i > 0 && j > 0) {
    let emit = false;
    if (load<u8>(a + i - 1) == load<u8>(b + j - 1)) {
      store<u8>(result + idx - 1, load<u8>(a + i - 1));
      if (aStart == alen) {
        aStart = i - 1; aEnd = i - 1; bStart = j - 1; bEnd = j - 1;
      } else if (aStart == i && bStart == j) {
        aStart--; bStart--;
      } else emit = true;
      if (aStart == 0 || bStart == 0) emit = true;
      idx--; i--; j--;
    } else {
      const up = load<u32>(dp + <usize>(i - 1) * stride + (<usize>j << 2));
      const left = load<u32>(dp + <usize>i * stride + (<usize>(j - 1) << 2));
      if (up > left) i--; else j--;
      if (aStart != alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (getidx && (minmatchlen == 0 || <i64>matchLen >= minmatchlen)) {
        addReplyArrayLen(c, withmatchlen ? 3 : 2);
        addReplyArrayLen(c, 2);
        addReplyLongLong(c, aStart);
        addReplyLongLong(c, aEnd);
        addReplyArrayLen(c, 2);
        addReplyLongLong(c, bStart);
        addReplyLongLong(c, bEnd);
        if (withmatchlen) addReplyLongLong(c, matchLen);
        emitted++;
      }
      aStart = alen;
    }
  }
  if (getidx) {
    addReplyBulkLit(c, "len");
    addReplyLongLong(c, total);
    setDeferredArrayLen(c, arrayHandle, emitted);
  } else if (getlen) {
    addReplyLongLong(c, total);
  } else {
    addReplyBulk(c, result, total);
  }
  if (result != 0) free(result);
  free(dp);
}

export function registerStringCommands(): void {
  const G = "string";
  def("get", 2, CMD_READONLY | CMD_FAST, 1, 1, 1, G, getCommand);
  def("set", -3, CMD_ARG_BOUNDED | CMD_WRITE | CMD_DENYOOM, 1, 1, 1, G, setCommand);
  def("setnx", 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, setnxCommand);
  def("setex", 4, CMD_ARG_BOUNDED | CMD_WRITE | CMD_DENYOOM, 1, 1, 1, G, setexCommand);
  def("psetex", 4, CMD_ARG_BOUNDED | CMD_WRITE | CMD_DENYOOM, 1, 1, 1, G, psetexCommand);
  def("append", 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, appendCommand);
  def("decr", 2, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, decrCommand);
  def("decrby", 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, decrbyCommand);
  def("getdel", 2, CMD_WRITE | CMD_FAST, 1, 1, 1, G, getdelCommand);
  def("getex", -2, CMD_WRITE | CMD_FAST, 1, 1, 1, G, getexCommand);
  def("getrange", 4, CMD_READONLY, 1, 1, 1, G, getrangeCommand);
  def("getset", 3, CMD_ARG_BOUNDED | CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, getsetCommand);
  def("incr", 2, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, incrCommand);
  def("incrby", 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, incrbyCommand);
  def("incrbyfloat", 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, incrbyfloatCommand);
  def("lcs", -3, CMD_READONLY, 1, 2, 1, G, lcsCommand);
  def("mget", -2, CMD_READONLY | CMD_FAST, 1, -1, 1, G, mgetCommand);
  def("mset", -3, CMD_ARG_BOUNDED | CMD_WRITE | CMD_DENYOOM, 1, -1, 2, G, msetCommand);
  def("msetnx", -3, CMD_ARG_BOUNDED | CMD_WRITE | CMD_DENYOOM, 1, -1, 2, G, msetnxCommand);
  def("setrange", 4, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, G, setrangeCommand);
  def("strlen", 2, CMD_READONLY | CMD_FAST, 1, 1, 1, G, strlenCommand);
  def("substr", 4, CMD_READONLY, 1, 1, 1, G, getrangeCommand);
}
