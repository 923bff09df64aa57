// Generic key commands (any type): DEL EXISTS UNLINK TYPE TOUCH KEYS SCAN RANDOMKEY RENAME RENAMENX
// MOVE COPY OBJECT, and the expire family EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL EXPIRETIME
// PEXPIRETIME PERSIST.
//
// Deviation from Redis (state the core does not have yet): no write propagation (EXPIRE is not
// rewritten as PEXPIREAT), which belongs to the replication/AOF issues.
// OBJECT IDLETIME / FREQ read the per-key LRU / LFU field kept by server/evict.ts.
import { keyChanged, signalModifiedKey, notifyKeyspaceEvent, NOTIFY_GENERIC } from "../server/notify";
import { policyIsLru, policyIsLfu, lruIdleSeconds, lfuDecrAndReturn } from "../server/evict";
import { scanCollectBegin, scanCollect, scanCollected, scanCollectedLen, scanCollectedSet, scanCollectedTruncate, scanCollectEnd, parseScanOptions, SCAN_OPT_TYPE, scanOptCount, scanOptUsePat, scanOptPat, scanOptPatLen, scanOptType } from "../server/scanopts";
import { Client, argPtr, argLen, CF_NO_TOUCH, CF_CLOSE_ASAP } from "../server/client";
import { def, sub, CMD_WRITE, CMD_READONLY, CMD_FAST, CMD_DENYOOM, CMD_LOADING, CMD_STALE } from "../server/commands";
import { S, rand32 } from "../server/state";
import { cdb } from "../server/cmdutil";
import { dbAt, dbDict, dbDelete, dbLookup, lookupKeyRead, lookupKeyWrite, dbAdd, dbSet, dbUnlink, dbSetExpire, isExpired } from "../server/db";
import { kvDup, kvRekey, typeName, encodingName, OBJ_STRING, ENC_INT } from "../server/kv";
import { eKey, eKeyLen, eHasExpire, eExpireAt, eLru, eType, eEnc, eVal } from "../ds/entry";
import { dictScan, dictForEach, dictRandom } from "../ds/dict";
import { free, realloc } from "../mem/alloc";
import {
  addReplyLongLong, addReplyOK, addReplyError, addReplyNull, addReplyBulk, addReplyBulkLit, addReplyStatus,
  addReplyArrayLen, addReplyDeferredLen, setDeferredArrayLen, errBegin, errLit, errBytes, errEnd,
} from "../server/reply";
import {
  EXPIRE_NX, EXPIRE_XX, EXPIRE_GT, EXPIRE_LT, expireFlagsVal, expireWhenVal, parseExpireFlags, parseExpireTime,
  checkAlreadyExpired, ttlReplyValue, cstrLen,
} from "../server/expire";
import { stringmatchlen } from "../util/glob";
import { string2ll, parsedInt, ull2string } from "../util/numbers";
import { eqLit, bytesEq } from "../util/bytes";
import { ERR_SYNTAX, ERR_NOT_INTEGER, ERR_NO_SUCH_KEY, ERR_DB_INDEX, ERR_SAME_OBJECT, ERR_INVALID_CURSOR } from "../server/errors";

const ERR_LFU_NOT_SELECTED = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
const ERR_LFU_SELECTED = "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
const ERR_OOM = "OOM command not allowed when used memory > 'maxmemory'.";

// Redis's MAXMEMORY_FLAG_LRU / _LFU bits of maxmemory-policy.
const POLICY_LRU: u32 = 1 << 0;
const POLICY_LFU: u32 = 1 << 1;
function evictionPolicyFlags(): u32 {
  const p = S().maxmemoryPolicy;
  return policyIsLru(p) ? POLICY_LRU : policyIsLfu(p) ? POLICY_LFU : 0;
}

// Redis shares the integer objects 0..9999 (refcount INT_MAX) unless maxmemory is set with an
// LRU/LFU policy.
const OBJ_SHARED_INTEGERS: i64 = 10000;
const OBJ_SHARED_REFCOUNT: i64 = 2147483647;

@inline function touchAllowed(c: Client): bool { return (c.flags & CF_NO_TOUCH) == 0; }

const ERR_INT_RANGE = "ERR value is out of range, value must between -2147483648 and 2147483647";

/** argv[i] as a database index: a C int (Redis's getIntFromObjectOrReply) inside 0..databases-1. */
let parsedDbId: u32 = 0;
function parseDbIndex(c: Client, i: u32): bool {
  if (!string2ll(argPtr(c, i), argLen(c, i))) { addReplyError(c, ERR_NOT_INTEGER); return false; }
  if (parsedInt < -2147483648 || parsedInt > 2147483647) { addReplyError(c, ERR_INT_RANGE); return false; }
  if (parsedInt < 0 || parsedInt >= <i64>S().databases) { addReplyError(c, ERR_DB_INDEX); return false; }
  parsedDbId = <u32>parsedInt;
  return true;
}

@inline function argsEqual(c: Client, i: u32, j: u32): bool {
  return argLen(c, i) == argLen(c, j) && bytesEq(argPtr(c, i), argPtr(c, j), argLen(c, i));
}

// ---- DEL UNLINK EXISTS TOUCH TYPE ---------------------------------------------------------------

function delGeneric(c: Client): void {
  const db = cdb(c);
  let n: i64 = 0;
  for (let i: u32 = 1; i < c.argc; i++) {
    // an expired key counts as absent: dbLookup removes it first
    if (dbLookup(db, argPtr(c, i), argLen(c, i)) != 0 && dbDelete(db, argPtr(c, i), argLen(c, i))) {
      keyChanged(db, NOTIFY_GENERIC, "del", argPtr(c, i), argLen(c, i));
      n++;
    }
  }
  S().dirty += n;
  addReplyLongLong(c, n);
}
function delCommand(c: Client): void { delGeneric(c); }
function unlinkCommand(c: Client): void { delGeneric(c); }

/** A read lookup without touching: counts keyspace hits and misses, like Redis. */
function existsCommand(c: Client): void {
  const db = cdb(c);
  let n: i64 = 0;
  for (let i: u32 = 1; i < c.argc; i++) if (lookupKeyRead(db, argPtr(c, i), argLen(c, i), false) != 0) n++;
  addReplyLongLong(c, n);
}

/** TOUCH updates the access time even for a CLIENT NO-TOUCH client (that is its purpose). */
function touchCommand(c: Client): void {
  const db = cdb(c);
  let n: i64 = 0;
  for (let i: u32 = 1; i < c.argc; i++) if (lookupKeyRead(db, argPtr(c, i), argLen(c, i), true) != 0) n++;
  addReplyLongLong(c, n);
}

function typeCommand(c: Client): void {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), false);
  addReplyStatus(c, e == 0 ? "none" : typeName(eType(e)));
}

// ---- EXPIRE family ----------------------------------------------------------------------------

/**
 * EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT key time [NX|XX|GT|LT ...]. `basetime` is now for the relative
 * forms and 0 for the absolute ones. A time at or before now deletes the key and replies 1.
 */
function expireGeneric(c: Client, basetime: i64, seconds: bool): void {
  if (!parseExpireFlags(c, 3)) return;
  const flags = expireFlagsVal;
  if (!parseExpireTime(c, 2, basetime, seconds)) return;
  const when = expireWhenVal;
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const e = lookupKeyWrite(db, kp, kl);
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (flags != 0) {
    const cur: i64 = eHasExpire(e) ? eExpireAt(e) : -1;
    if ((flags & EXPIRE_NX) != 0 && cur != -1) { addReplyLongLong(c, 0); return; }
    if ((flags & EXPIRE_XX) != 0 && cur == -1) { addReplyLongLong(c, 0); return; }
    // no TTL counts as an infinite one: GT never succeeds against it, LT always does
    if ((flags & EXPIRE_GT) != 0 && (cur == -1 || when <= cur)) { addReplyLongLong(c, 0); return; }
    if ((flags & EXPIRE_LT) != 0 && cur != -1 && when >= cur) { addReplyLongLong(c, 0); return; }
  }
  const s = S();
  if (checkAlreadyExpired(when)) {
    dbDelete(db, kp, kl);
    keyChanged(db, NOTIFY_GENERIC, "del", kp, kl);
    s.dirty++;
    addReplyLongLong(c, 1);
    return;
  }
  if (dbSetExpire(db, e, when) == 0) { addReplyError(c, ERR_OOM); return; }
  keyChanged(db, NOTIFY_GENERIC, "expire", kp, kl);
  s.dirty++;
  addReplyLongLong(c, 1);
}
function expireCommand(c: Client): void { expireGeneric(c, S().nowMs, true); }
function pexpireCommand(c: Client): void { expireGeneric(c, S().nowMs, false); }
function expireatCommand(c: Client): void { expireGeneric(c, 0, true); }
function pexpireatCommand(c: Client): void { expireGeneric(c, 0, false); }

/** TTL/PTTL/EXPIRETIME/PEXPIRETIME: -2 when the key is missing, -1 when it has no TTL. */
function ttlGeneric(c: Client, outputMs: bool, outputAbs: bool): void {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), false);
  if (e == 0) { addReplyLongLong(c, -2); return; }
  if (!eHasExpire(e)) { addReplyLongLong(c, -1); return; }
  addReplyLongLong(c, ttlReplyValue(eExpireAt(e), outputMs, outputAbs));
}
function ttlCommand(c: Client): void { ttlGeneric(c, false, false); }
function pttlCommand(c: Client): void { ttlGeneric(c, true, false); }
function expiretimeCommand(c: Client): void { ttlGeneric(c, false, true); }
function pexpiretimeCommand(c: Client): void { ttlGeneric(c, true, true); }

function persistCommand(c: Client): void {
  const db = cdb(c);
  const e = lookupKeyWrite(db, argPtr(c, 1), argLen(c, 1));
  if (e == 0 || !eHasExpire(e)) { addReplyLongLong(c, 0); return; }
  if (dbSetExpire(db, e, -1) == 0) { addReplyError(c, ERR_OOM); return; }
  keyChanged(db, NOTIFY_GENERIC, "persist", argPtr(c, 1), argLen(c, 1));
  S().dirty++;
  addReplyLongLong(c, 1);
}

// ---- RENAME RENAMENX MOVE COPY -----------------------------------------------------------------

/** The TTL goes with the value; an existing destination (and its TTL) is replaced. */
function renameGeneric(c: Client, nx: bool): void {
  const db = cdb(c);
  const sp = argPtr(c, 1), sl = argLen(c, 1);
  const dp = argPtr(c, 2), dl = argLen(c, 2);
  const samekey = argsEqual(c, 1, 2);
  if (lookupKeyWrite(db, sp, sl) == 0) { addReplyError(c, ERR_NO_SUCH_KEY); return; }
  // same name: nothing to do, but a missing key was still an error above
  if (samekey) { if (nx) addReplyLongLong(c, 0); else addReplyOK(c); return; }
  if (lookupKeyWrite(db, dp, dl) != 0) {
    if (nx) { addReplyLongLong(c, 0); return; }
    dbDelete(db, dp, dl);
  }
  const e = dbUnlink(db, sp, sl);
  const n = kvRekey(e, dp, dl);
  if (n == 0) { dbAdd(db, e); addReplyError(c, ERR_OOM); return; }
  dbAdd(db, n);
  signalModifiedKey(db, sp, sl);
  signalModifiedKey(db, dp, dl);
  notifyKeyspaceEvent(NOTIFY_GENERIC, "rename_from", sp, sl, c.db);
  notifyKeyspaceEvent(NOTIFY_GENERIC, "rename_to", dp, dl, c.db);
  S().dirty++;
  if (nx) addReplyLongLong(c, 1); else addReplyOK(c);
}
function renameCommand(c: Client): void { renameGeneric(c, false); }
function renamenxCommand(c: Client): void { renameGeneric(c, true); }

/** MOVE key db: the entry itself changes database, TTL included. */
function moveCommand(c: Client): void {
  if (!parseDbIndex(c, 2)) return;
  if (parsedDbId == c.db) { addReplyError(c, ERR_SAME_OBJECT); return; }
  const src = cdb(c), dst = dbAt(parsedDbId);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  if (lookupKeyWrite(src, kp, kl) == 0) { addReplyLongLong(c, 0); return; }
  if (lookupKeyWrite(dst, kp, kl) != 0) { addReplyLongLong(c, 0); return; }
  dbAdd(dst, dbUnlink(src, kp, kl));
  signalModifiedKey(src, kp, kl);
  signalModifiedKey(dst, kp, kl);
  notifyKeyspaceEvent(NOTIFY_GENERIC, "move_from", kp, kl, c.db);
  notifyKeyspaceEvent(NOTIFY_GENERIC, "move_to", kp, kl, parsedDbId);
  S().dirty++;
  addReplyLongLong(c, 1);
}

/** COPY source destination [DB index] [REPLACE]: a deep copy, TTL included. */
function copyCommand(c: Client): void {
  let dstId = c.db;
  let replace = false;
  for (let j: u32 = 3; j < c.argc; j++) {
    const p = argPtr(c, j), n = argLen(c, j);
    if (eqLit(p, n, "replace")) replace = true;
    else if (eqLit(p, n, "db") && j + 1 < c.argc) {
      if (!parseDbIndex(c, j + 1)) return;
      dstId = parsedDbId;
      j++;
    } else { addReplyError(c, ERR_SYNTAX); return; }
  }
  if (dstId == c.db && argsEqual(c, 1, 2)) { addReplyError(c, ERR_SAME_OBJECT); return; }
  const src = cdb(c), dst = dbAt(dstId);
  const e = lookupKeyRead(src, argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyLongLong(c, 0); return; }
  const dp = argPtr(c, 2), dl = argLen(c, 2);
  if (lookupKeyWrite(dst, dp, dl) != 0 && !replace) { addReplyLongLong(c, 0); return; }
  const n = kvDup(e, dp, dl);
  if (n == 0) { addReplyError(c, ERR_OOM); return; }
  dbSet(dst, n);
  keyChanged(dst, NOTIFY_GENERIC, "copy_to", dp, dl);
  S().dirty++;
  addReplyLongLong(c, 1);
}

// ---- KEYS RANDOMKEY ----------------------------------------------------------------------------

// State of the KEYS walk, read by the dictForEach callback (no closures in AssemblyScript).
let walkClient: usize = 0;
let walkPat: usize = 0;
let walkPatLen: u32 = 0;
let walkAll: bool = false;
let walkCount: i64 = 0;

function keysVisit(e: usize, ctx: usize): void {
  const c = changetype<Client>(walkClient);
  if ((c.flags & CF_CLOSE_ASAP) != 0) return; // output limit hit: stop producing
  if (!walkAll && !stringmatchlen(walkPat, walkPatLen, eKey(e), eKeyLen(e), false)) return;
  // expired keys are skipped but not deleted (KEYS must not mutate the dict it walks)
  if (isExpired(e, S().nowMs)) return;
  addReplyBulk(c, eKey(e), eKeyLen(e));
  walkCount++;
}

function keysCommand(c: Client): void {
  const p = argPtr(c, 1), n = argLen(c, 1);
  walkClient = changetype<usize>(c);
  walkPat = p; walkPatLen = n;
  walkAll = n == 1 && load<u8>(p) == 42; // exactly "*" (which stringmatchlen would not match to "")
  walkCount = 0;
  const h = addReplyDeferredLen(c);
  dictForEach(dbDict(cdb(c)), keysVisit, 0);
  setDeferredArrayLen(c, h, walkCount);
}

function randomkeyCommand(c: Client): void {
  const db = cdb(c);
  const d = dbDict(db);
  const now = S().nowMs;
  while (true) {
    const e = dictRandom(d, rand32);
    if (e == 0) { addReplyNull(c); return; }
    if (isExpired(e, now)) {
      dbLookup(db, eKey(e), eKeyLen(e)); // lazy expiry deletes it; try another
      continue;
    }
    addReplyBulk(c, eKey(e), eKeyLen(e));
    return;
  }
}

// ---- SCAN -------------------------------------------------------------------------------------

/** Result of the last successful parseScanCursor. */
export let scanCursorVal: u64 = 0;

/**
 * Parses a SCAN/SSCAN/HSCAN/ZSCAN cursor like Redis's string2ull: a strict non-negative integer,
 * or else whatever C's strtoull accepts in full (leading blanks, a sign, leading zeros; "-1" is
 * rejected by the first rule but "-01" wraps to 2^64-1). The text ends at the first NUL byte.
 */
export function parseScanCursor(c: Client, i: u32): bool {
  const p = argPtr(c, i);
  let n = argLen(c, i);
  for (let k: u32 = 0; k < n; k++) if (load<u8>(p + k) == 0) { n = k; break; }
  if (string2ll(p, n)) {
    if (parsedInt < 0) { addReplyError(c, ERR_INVALID_CURSOR); return false; }
    scanCursorVal = <u64>parsedInt;
    return true;
  }
  let k: u32 = 0;
  while (k < n && isCSpace(load<u8>(p + k))) k++;
  let neg = false;
  if (k < n && (load<u8>(p + k) == 43 || load<u8>(p + k) == 45)) { neg = load<u8>(p + k) == 45; k++; }
  const digits = k;
  let v: u64 = 0;
  while (k < n) {
    const ch = <u32>load<u8>(p + k);
    if (ch < 48 || ch > 57) break;
    const d = <u64>(ch - 48);
    if (v > (u64.MAX_VALUE - d) / 10) { addReplyError(c, ERR_INVALID_CURSOR); return false; } // ERANGE
    v = v * 10 + d;
    k++;
  }
  if (k == digits || k != n) { addReplyError(c, ERR_INVALID_CURSOR); return false; }
  scanCursorVal = neg ? 0 - v : v;
  return true;
}

@inline function isCSpace(ch: u8): bool { return ch == 32 || (ch >= 9 && ch <= 13); }

// Entries collected by one SCAN call (the dict must not change while dictScan walks it); the
// buffer lives only for the duration of the call.
let scanSampled: i64 = 0;
let scanPat: usize = 0;
let scanPatLen: u32 = 0;
let scanUsePat: bool = false;
let scanType: i32 = -1;

function scanVisit(e: usize, ctx: usize): void {
  scanSampled++;
  if (scanType >= 0 && <i32>eType(e) != scanType) return;
  if (scanUsePat && !stringmatchlen(scanPat, scanPatLen, eKey(e), eKeyLen(e), false)) return;
  scanCollect(e);
}

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type].
 * TYPE follows the upstream suite (Redis 8.0) rather than 7.4: an unknown type name is an error,
 * and the type filter runs during the walk, so expired keys of other types are left alone. Keys
 * that pass the filters and turn out to be expired are deleted (lazy expiry) and not returned.
 */
function scanCommand(c: Client): void {
  if (!parseScanCursor(c, 1)) return;
  if (!parseScanOptions(c, 2, SCAN_OPT_TYPE)) return;
  const count = scanOptCount, usePat = scanOptUsePat, pat = scanOptPat, patLen = scanOptPatLen, type = scanOptType;

  const db = cdb(c);
  const d = dbDict(db);
  scanCollectBegin(); scanSampled = 0;
  scanPat = pat; scanPatLen = patLen; scanUsePat = usePat; scanType = type;
  // Cinnabar's dict cursor is 32 bits: table sizes stay below 2^32, and the next cursor depends
  // only on the bits under the table mask, so dropping the high bits changes nothing.
  let cursor: u32 = <u32>scanCursorVal;
  // bounded like Redis: at most ten times COUNT bucket steps, for very sparse tables
  let maxIterations: i64 = count * 10;
  do {
    cursor = dictScan(d, cursor, scanVisit, 0);
  } while (cursor != 0 && maxIterations-- != 0 && scanSampled < count);

  // lazy expiry afterwards: deleting inside the walk would change the dict under dictScan
  let kept: u32 = 0;
  for (let k: u32 = 0; k < scanCollectedLen(); k++) {
    const e = scanCollected(k);
    const live = dbLookup(db, eKey(e), eKeyLen(e));
    if (live != 0) { scanCollectedSet(kept, live); kept++; }
  }
  scanCollectedTruncate(kept);

  addReplyArrayLen(c, 2);
  const tmp = memory.data(24);
  addReplyBulk(c, tmp, ull2string(tmp, <u64>cursor));
  addReplyArrayLen(c, kept);
  for (let k: u32 = 0; k < kept; k++) {
    const e = scanCollected(k);
    addReplyBulk(c, eKey(e), eKeyLen(e));
  }
  scanCollectEnd();
}

// ---- OBJECT -----------------------------------------------------------------------------------

/** OBJECT subcommands look keys up without touching them and without a keymiss event, but count hits and misses. */
function objectLookup(c: Client): usize {
  const e = dbLookup(cdb(c), argPtr(c, 2), argLen(c, 2));
  if (e == 0) S().statKeyspaceMisses++;
  else S().statKeyspaceHits++;
  return e;
}

function objectEncodingCommand(c: Client): void {
  const e = objectLookup(c);
  if (e == 0) { addReplyNull(c); return; }
  addReplyBulkLit(c, encodingName(e));
}

/**
 * Entries are never shared, but Redis reports its shared integer objects (0..9999, when the policy
 * allows sharing) with refcount INT_MAX; the int encoding in that range is reported the same way.
 */
function objectRefcountCommand(c: Client): void {
  const e = objectLookup(c);
  if (e == 0) { addReplyNull(c); return; }
  let rc: i64 = 1;
  if (eType(e) == OBJ_STRING && eEnc(e) == ENC_INT) {
    const v = load<i64>(eVal(e));
    const sharing = S().maxmemory == 0 || (evictionPolicyFlags() & (POLICY_LRU | POLICY_LFU)) == 0;
    if (sharing && v >= 0 && v < OBJ_SHARED_INTEGERS) rc = OBJ_SHARED_REFCOUNT;
  }
  addReplyLongLong(c, rc);
}

/** Idle seconds from the 24-bit LRU clock, allowing for one wrap-around (Redis's estimate). */
function objectIdletimeCommand(c: Client): void {
  const e = objectLookup(c);
  if (e == 0) { addReplyNull(c); return; }
  if ((evictionPolicyFlags() & POLICY_LFU) != 0) { addReplyError(c, ERR_LFU_SELECTED); return; }
  addReplyLongLong(c, <i64>lruIdleSeconds(e));
}

function objectFreqCommand(c: Client): void {
  const e = objectLookup(c);
  if (e == 0) { addReplyNull(c); return; }
  if ((evictionPolicyFlags() & POLICY_LFU) == 0) { addReplyError(c, ERR_LFU_NOT_SELECTED); return; }
  addReplyLongLong(c, <i64>lfuDecrAndReturn(e));
}

function objectHelpCommand(c: Client): void {
  addReplyArrayLen(c, 15);
  addReplyStatus(c, "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  addReplyStatus(c, "ENCODING <key>");
  addReplyStatus(c, "    Return the kind of internal representation used in order to store the value");
  addReplyStatus(c, "    associated with a <key>.");
  addReplyStatus(c, "FREQ <key>");
  addReplyStatus(c, "    Return the access frequency index of the <key>. The returned integer is");
  addReplyStatus(c, "    proportional to the logarithm of the recent access frequency of the key.");
  addReplyStatus(c, "IDLETIME <key>");
  addReplyStatus(c, "    Return the idle time of the <key>, that is the approximated number of");
  addReplyStatus(c, "    seconds elapsed since the last access to the key.");
  addReplyStatus(c, "REFCOUNT <key>");
  addReplyStatus(c, "    Return the number of references of the value associated with the specified");
  addReplyStatus(c, "    <key>.");
  addReplyStatus(c, "HELP");
  addReplyStatus(c, "    Print this help.");
}

export function registerKeyCommands(): void {
  const G = "generic";
  const W = CMD_WRITE, R = CMD_READONLY, F = CMD_FAST;
  def("copy", -3, W | CMD_DENYOOM, 1, 2, 1, G, copyCommand);
  def("del", -2, W, 1, -1, 1, G, delCommand);
  def("exists", -2, R | F, 1, -1, 1, G, existsCommand);
  def("expire", -3, W | F, 1, 1, 1, G, expireCommand);
  def("expireat", -3, W | F, 1, 1, 1, G, expireatCommand);
  def("expiretime", 2, R | F, 1, 1, 1, G, expiretimeCommand);
  def("keys", 2, R, 0, 0, 0, G, keysCommand);
  def("move", 3, W | F, 1, 1, 1, G, moveCommand);
  const object = def("object", -2, 0, 0, 0, 0, G, null);
  sub(object, "encoding", 3, R, 2, 2, 1, objectEncodingCommand);
  sub(object, "freq", 3, R, 2, 2, 1, objectFreqCommand);
  sub(object, "help", 2, CMD_LOADING | CMD_STALE, 0, 0, 0, objectHelpCommand);
  sub(object, "idletime", 3, R, 2, 2, 1, objectIdletimeCommand);
  sub(object, "refcount", 3, R, 2, 2, 1, objectRefcountCommand);
  def("persist", 2, W | F, 1, 1, 1, G, persistCommand);
  def("pexpire", -3, W | F, 1, 1, 1, G, pexpireCommand);
  def("pexpireat", -3, W | F, 1, 1, 1, G, pexpireatCommand);
  def("pexpiretime", 2, R | F, 1, 1, 1, G, pexpiretimeCommand);
  def("pttl", 2, R | F, 1, 1, 1, G, pttlCommand);
  def("randomkey", 1, R, 0, 0, 0, G, randomkeyCommand);
  def("rename", 3, W, 1, 2, 1, G, renameCommand);
  def("renamenx", 3, W | F, 1, 2, 1, G, renamenxCommand);
  def("scan", -2, R, 0, 0, 0, G, scanCommand);
  def("touch", -2, R | F, 1, -1, 1, G, touchCommand);
  def("ttl", 2, R | F, 1, 1, 1, G, ttlCommand);
  def("type", 2, R | F, 1, 1, 1, G, typeCommand);
  def("unlink", -2, W | F, 1, -1, 1, G, unlinkCommand);
}
