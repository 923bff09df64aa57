// The HyperLogLog commands (PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST). The representation, hash,
// sparse edits and estimator live in ds/hyperloglog.ts.
//
// An HLL is an ordinary string value (TYPE says "string"; GET/SET/APPEND/SETRANGE see its bytes),
// so values written by Redis can be SET here and read back, and the other way round.
//
// Invariants
// - Before touching a value, a command checks Redis's shape rules (isHLLOrReply): a non-string is
//   the usual WRONGTYPE; a string that is an integer, shorter than the header, without the "HYLL"
//   magic, with an unknown encoding, or dense but not exactly 12304 bytes is
//   "WRONGTYPE Key is not a valid HyperLogLog string value.". Corrupt sparse opcodes are found
//   while the value is used: "INVALIDOBJ Corrupted HLL object detected".
// - A command that may write the value first gives it the raw shape (hllUnshare), as Redis's
//   dbUnshareStringValue does, so OBJECT ENCODING reports "raw" afterwards just as in Redis. A raw
//   entry never moves afterwards: growing or converting swaps only its buffer pointer. A sparse
//   value always has SPARSE_SLACK spare bytes before an edit.
// - PFCOUNT with one key updates the cached cardinality in place when it was stale, counted in
//   S().dirty like a write (Redis propagates that change). PFCOUNT with several keys never writes.
// - PFMERGE merges the destination's own registers too (it is the first key of the union); the
//   result stays sparse unless a source (or the destination) was dense or the sparse value outgrows
//   hll-sparse-max-bytes. Registers are written in index order with the sparse edit, so the bytes
//   match Redis's.
//
// - Like Redis: PFADD (when a register changed) and PFMERGE signal the key as modified (WATCH) and
//   publish the "pfadd" string event; a PFCOUNT that rewrites the cache only signals it; PFDEBUG's
//   conversions only count in S().dirty.
//
// Deviation from Redis: an allocation failure is an OOM error reply where Redis would abort.
import { Client, argPtr, argLen } from "../server/client";
import { def, CMD_WRITE, CMD_READONLY, CMD_DENYOOM, CMD_FAST, CMD_ADMIN, CMD_MAY_REPLICATE } from "../server/commands";
import { S } from "../server/state";
import { cdb } from "../server/cmdutil";
import { Db, lookupKeyRead, lookupKeyWrite, dbAdd } from "../server/db";
import { kvNewRawString, kvStr, strPtr, strLen, rawTerminator, OBJ_STRING, ENC_INT, ENC_RAW } from "../server/kv";
import { eType, eEnc, eVal } from "../ds/entry";
import {
  addReplyLongLong, addReplyError, addReplyOK, addReplyStatus, addReplyArrayLen, addReplyBulk,
  errBegin, errLit, errBytes, errEnd,
} from "../server/reply";
import { eqLit } from "../util/bytes";
import { alloc, allocZeroed, free } from "../mem/alloc";
import { rawBuf, rawReserve, touchAllowed } from "./strings";
import { ERR_WRONGTYPE } from "../server/errors";
import { keyChanged, signalModifiedKey, NOTIFY_STRING } from "../server/notify";
import {
  HLL_HDR_SIZE, HLL_DENSE_SIZE, HLL_DENSE, HLL_SPARSE, HLL_REGISTERS, HLL_SPARSE_EMPTY_SIZE, SPARSE_SLACK,
  SPARSE_UPDATED, SPARSE_PROMOTE, SPARSE_UNCHANGED,
  hllLooksValid, hllEncoding, hllInitSparse, hllPatLen, patIndex, hllDenseSet, hllDenseAdd, hllSparseSet,
  sparseLen, hllSparseToDense, hllCacheValid, hllCacheGet, hllCacheSet, hllInvalidateCache, hllCount,
  countInvalid, hllCountRaw, maxRegs, hllMaxClear, hllMergeInto, hllPackDense, denseGet, denseSet,
  hllDecodeBound, hllSparseDecode, hllSetEncoding, hllSetSparseTail,
} from "../ds/hyperloglog";

const ERR_HLL_WRONGTYPE = "WRONGTYPE Key is not a valid HyperLogLog string value.";
const ERR_HLL_INVALID = "INVALIDOBJ Corrupted HLL object detected";
const ERR_NO_KEY = "ERR The specified key does not exist";
const ERR_NOT_SPARSE = "ERR HLL encoding is not sparse";
const ERR_NOMEM = "OOM out of memory building the HyperLogLog value";

// Results of the per-register write helpers.
const ADD_UNCHANGED: i32 = 0;
const ADD_UPDATED: i32 = 1;
const ADD_INVALID: i32 = -1;
const ADD_NOMEM: i32 = -2;

/** A new sparse buffer's spare room: enough for a few edits before the first growth. */
const NEW_CAP: u32 = 64;

// ---- value access -----------------------------------------------------------------------------
// A raw value's buffer is [len u32][cap u32][bytes] (server/kv.ts); the HLL starts at byte 8.

@inline function hllPtr(e: usize): usize { return rawBuf(e) + 8; }
@inline function hllLen(e: usize): u32 { return load<u32>(rawBuf(e)); }

/** Tells the sparse walkers what byte follows e's value (ds/hyperloglog.ts sparseTail). */
function hllLoadTail(e: usize): void {
  hllSetSparseTail(eEnc(e) == ENC_RAW ? rawTerminator(rawBuf(e)) : 0);
}

/** Redis's isHLLObjectOrReply. */
function isHLLOrReply(c: Client, e: usize): bool {
  if (eType(e) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return false; }
  if (eEnc(e) != ENC_INT) {
    kvStr(e);
    if (hllLooksValid(strPtr, strLen)) return true;
  }
  addReplyError(c, ERR_HLL_WRONGTYPE);
  return false;
}

/** A new key holding an empty sparse HLL (raw shape); 0 when out of memory. */
function hllCreate(kp: usize, kl: u32): usize {
  const tmp = memory.data(HLL_SPARSE_EMPTY_SIZE);
  hllInitSparse(tmp);
  return kvNewRawString(kp, kl, tmp, HLL_SPARSE_EMPTY_SIZE, NEW_CAP, -1);
}

/**
 * Gives a value that passed isHLLOrReply the raw shape, with the sparse edit slack. Returns the
 * entry (it moves only if it was not raw yet) or 0 when out of memory.
 */
function hllUnshare(db: Db, e: usize): usize {
  kvStr(e);
  const len = strLen;
  const need: u64 = hllEncoding(strPtr) == HLL_SPARSE ? <u64>len + SPARSE_SLACK : <u64>len;
  return rawReserve(db, e, need);
}

/** Replaces a raw sparse value by its dense form; ADD_INVALID if its opcodes are corrupt. */
function hllPromote(e: usize): i32 {
  hllLoadTail(e);
  const b = rawBuf(e);
  const nb = allocZeroed(8 + HLL_DENSE_SIZE);
  if (nb == 0) return ADD_NOMEM;
  if (!hllSparseToDense(b + 8, load<u32>(b), nb + 8)) { free(nb); return ADD_INVALID; }
  store<u32>(nb, HLL_DENSE_SIZE);
  store<u32>(nb + 4, HLL_DENSE_SIZE);
  store<u32>(eVal(e), <u32>nb);
  free(b);
  return ADD_UPDATED;
}

/** Raises register `index` to `count` in the raw HLL value of `e` (Redis's hllSparseSet/hllDenseSet). */
function hllSetRegister(db: Db, e: usize, index: u32, count: u32): i32 {
  let b = rawBuf(e);
  if (hllEncoding(b + 8) == HLL_DENSE) return hllDenseSet(b + 8 + HLL_HDR_SIZE, index, count) ? ADD_UPDATED : ADD_UNCHANGED;
  const len = load<u32>(b);
  if (load<u32>(b + 4) < len + SPARSE_SLACK) {
    if (rawReserve(db, e, <u64>len + SPARSE_SLACK) == 0) return ADD_NOMEM;
    b = rawBuf(e);
  }
  const maxBytes = <u64>max<i64>(S().hllSparseMaxBytes, 0);
  hllLoadTail(e);
  const r = hllSparseSet(b + 8, len, index, count, maxBytes);
  if (r == SPARSE_UPDATED) { store<u32>(b, sparseLen); return ADD_UPDATED; }
  if (r == SPARSE_UNCHANGED) return ADD_UNCHANGED;
  if (r != SPARSE_PROMOTE) return ADD_INVALID;
  const pr = hllPromote(e);
  if (pr != ADD_UPDATED) return pr;
  // A promotion happens only for a register that must grow, so the dense write always changes it.
  hllDenseSet(hllPtr(e) + HLL_HDR_SIZE, index, count);
  return ADD_UPDATED;
}

function hllAdd(db: Db, e: usize, ep: usize, el: u32): i32 {
  const p = hllPtr(e);
  if (hllEncoding(p) == HLL_DENSE) return hllDenseAdd(p + HLL_HDR_SIZE, ep, el) ? ADD_UPDATED : ADD_UNCHANGED;
  const count = hllPatLen(ep, el);
  return hllSetRegister(db, e, patIndex, count);
}

// ---- commands -----------------------------------------------------------------------------------

function pfaddCommand(c: Client): void {
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  let e = lookupKeyWrite(db, kp, kl);
  let updated: u64 = 0;
  if (e == 0) {
    e = hllCreate(kp, kl);
    if (e == 0) { addReplyError(c, ERR_NOMEM); return; }
    dbAdd(db, e);
    updated++;
  } else {
    if (!isHLLOrReply(c, e)) return;
    e = hllUnshare(db, e);
    if (e == 0) { addReplyError(c, ERR_NOMEM); return; }
  }
  for (let j: u32 = 2; j < c.argc; j++) {
    const r = hllAdd(db, e, argPtr(c, j), argLen(c, j));
    if (r == ADD_UPDATED) updated++;
    else if (r == ADD_INVALID) { addReplyError(c, ERR_HLL_INVALID); return; }
    else if (r == ADD_NOMEM) { addReplyError(c, ERR_NOMEM); return; }
  }
  if (updated != 0) {
    hllInvalidateCache(hllPtr(e));
    keyChanged(db, NOTIFY_STRING, "pfadd", kp, kl);
    S().dirty += updated;
  }
  addReplyLongLong(c, updated != 0 ? 1 : 0);
}

/**
 * Merges the HLLs at argv[1..] into maxRegs. Missing keys count as empty. Replies the error and
 * returns -1 on a bad key; otherwise returns 1 if some input was dense, else 0.
 */
function mergeArgs(c: Client): i32 {
  const db = cdb(c);
  const touch = touchAllowed(c);
  let dense: i32 = 0;
  hllMaxClear();
  for (let j: u32 = 1; j < c.argc; j++) {
    const e = lookupKeyRead(db, argPtr(c, j), argLen(c, j), touch);
    if (e == 0) continue;
    if (!isHLLOrReply(c, e)) return -1;
    hllLoadTail(e);
    kvStr(e);
    if (hllEncoding(strPtr) == HLL_DENSE) dense = 1;
    if (!hllMergeInto(maxRegs, strPtr, strLen)) { addReplyError(c, ERR_HLL_INVALID); return -1; }
  }
  return dense;
}

function pfcountCommand(c: Client): void {
  if (c.argc > 2) {
    if (mergeArgs(c) < 0) return;
    addReplyLongLong(c, <i64>hllCountRaw(maxRegs));
    return;
  }
  const db = cdb(c);
  let e = lookupKeyRead(db, argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (!isHLLOrReply(c, e)) return;
  e = hllUnshare(db, e);
  if (e == 0) { addReplyError(c, ERR_NOMEM); return; }
  const p = hllPtr(e);
  if (hllCacheValid(p)) { addReplyLongLong(c, <i64>hllCacheGet(p)); return; }
  hllLoadTail(e);
  const card = hllCount(p, hllLen(e));
  if (countInvalid) { addReplyError(c, ERR_HLL_INVALID); return; }
  hllCacheSet(p, card);
  signalModifiedKey(db, argPtr(c, 1), argLen(c, 1));
  S().dirty++;
  addReplyLongLong(c, <i64>card);
}

function pfmergeCommand(c: Client): void {
  const dense = mergeArgs(c);
  if (dense < 0) return;
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  let e = lookupKeyWrite(db, kp, kl);
  if (e == 0) {
    e = hllCreate(kp, kl);
    if (e == 0) { addReplyError(c, ERR_NOMEM); return; }
    dbAdd(db, e);
  } else {
    // already checked by mergeArgs: the destination is the first key of the union
    e = hllUnshare(db, e);
    if (e == 0) { addReplyError(c, ERR_NOMEM); return; }
  }
  if (dense != 0 && hllEncoding(hllPtr(e)) == HLL_SPARSE) {
    const r = hllPromote(e);
    if (r == ADD_INVALID) { addReplyError(c, ERR_HLL_INVALID); return; }
    if (r == ADD_NOMEM) { addReplyError(c, ERR_NOMEM); return; }
  }
  if (hllEncoding(hllPtr(e)) == HLL_DENSE) {
    // maxRegs already holds the destination's registers, so it is the new register array.
    hllPackDense(hllPtr(e) + HLL_HDR_SIZE, maxRegs);
  } else {
    for (let j: u32 = 0; j < HLL_REGISTERS; j++) {
      const v = <u32>load<u8>(maxRegs + j);
      if (v == 0) continue;
      const p = hllPtr(e);
      if (hllEncoding(p) == HLL_DENSE) hllDenseSet(p + HLL_HDR_SIZE, j, v);
      else if (hllSetRegister(db, e, j, v) == ADD_NOMEM) { addReplyError(c, ERR_NOMEM); return; }
    }
  }
  hllInvalidateCache(hllPtr(e));
  keyChanged(db, NOTIFY_STRING, "pfadd", kp, kl);
  S().dirty++;
  addReplyOK(c);
}

function pfdebugCommand(c: Client): void {
  const sp = argPtr(c, 1), sl = argLen(c, 1);
  const db = cdb(c);
  let e = lookupKeyWrite(db, argPtr(c, 2), argLen(c, 2));
  if (e == 0) { addReplyError(c, ERR_NO_KEY); return; }
  if (!isHLLOrReply(c, e)) return;
  e = hllUnshare(db, e);
  if (e == 0) { addReplyError(c, ERR_NOMEM); return; }
  const sparse = hllEncoding(hllPtr(e)) == HLL_SPARSE;
  if (eqLit(sp, sl, "getreg")) {
    if (sparse) {
      const r = hllPromote(e);
      if (r == ADD_INVALID) { addReplyError(c, ERR_HLL_INVALID); return; }
      if (r == ADD_NOMEM) { addReplyError(c, ERR_NOMEM); return; }
      S().dirty++;
    }
    const regs = hllPtr(e) + HLL_HDR_SIZE;
    addReplyArrayLen(c, HLL_REGISTERS);
    for (let j: u32 = 0; j < HLL_REGISTERS; j++) addReplyLongLong(c, denseGet(regs, j));
  } else if (eqLit(sp, sl, "decode")) {
    if (!sparse) { addReplyError(c, ERR_NOT_SPARSE); return; }
    const len = hllLen(e);
    const bound = hllDecodeBound(len);
    if (bound > 0x7fff0000) { addReplyError(c, ERR_NOMEM); return; }
    const out = alloc(<u32>bound);
    if (out == 0) { addReplyError(c, ERR_NOMEM); return; }
    hllLoadTail(e);
    const n = hllSparseDecode(hllPtr(e), len, out);
    addReplyBulk(c, out, n);
    free(out);
  } else if (eqLit(sp, sl, "encoding")) {
    addReplyStatus(c, sparse ? "sparse" : "dense");
  } else if (eqLit(sp, sl, "todense")) {
    if (sparse) {
      const r = hllPromote(e);
      if (r == ADD_INVALID) { addReplyError(c, ERR_HLL_INVALID); return; }
      if (r == ADD_NOMEM) { addReplyError(c, ERR_NOMEM); return; }
      S().dirty++;
    }
    addReplyLongLong(c, sparse ? 1 : 0);
  } else {
    errBegin(c); errLit(c, "ERR Unknown PFDEBUG subcommand '"); errBytes(c, sp, sl); errLit(c, "'"); errEnd(c);
  }
}

// ---- PFSELFTEST ---------------------------------------------------------------------------------
// Checks the register packing and the estimator on this build: random register patterns must read
// back exactly, and counting distinct elements added to a sparse and a dense HLL side by side must
// give identical estimates while the sparse one lasts, within a few standard errors of the truth.

function selftestFail(c: Client, what: string, at: u64): void {
  const tmp = memory.data(24);
  let n: u32 = 0;
  let v = at;
  do { n++; v /= 10; } while (v != 0);
  v = at;
  for (let k = n; k > 0; k--) { store<u8>(tmp + k - 1, <u8>(48 + <u32>(v % 10))); v /= 10; }
  errBegin(c); errLit(c, "ERR TESTFAILED "); errLit(c, what); errLit(c, " at "); errBytes(c, tmp, n); errEnd(c);
}

function pfselftestCommand(c: Client): void {
  const SPARSE_MAX: u32 = 3000;
  const dense = allocZeroed(HLL_DENSE_SIZE);
  const sparse = alloc(SPARSE_MAX + SPARSE_SLACK);
  const key = memory.data(8);
  if (dense == 0 || sparse == 0) {
    if (dense != 0) free(dense);
    if (sparse != 0) free(sparse);
    addReplyError(c, ERR_NOMEM);
    return;
  }
  const regs = dense + HLL_HDR_SIZE;
  hllSetSparseTail(0);
  let failed = false;
  // 1. register packing: a pseudo-random pattern per cycle, written then read back in full
  let x: u32 = 0x9e3779b9;
  for (let cycle: u32 = 0; cycle < 64 && !failed; cycle++) {
    const seed = x;
    for (let j: u32 = 0; j < HLL_REGISTERS; j++) {
      x ^= x << 13; x ^= x >> 17; x ^= x << 5;
      denseSet(regs, j, x & 63);
    }
    x = seed;
    for (let j: u32 = 0; j < HLL_REGISTERS; j++) {
      x ^= x << 13; x ^= x >> 17; x ^= x << 5;
      if (denseGet(regs, j) != (x & 63)) { selftestFail(c, "register readback", j); failed = true; break; }
    }
  }
  // 2. estimates: the same elements into a sparse and a dense HLL
  if (!failed) {
    hllInitSparse(dense);
    memory.fill(dense + HLL_HDR_SIZE, 0, HLL_DENSE_SIZE - HLL_HDR_SIZE);
    hllSetEncoding(dense, HLL_DENSE);
    hllInitSparse(sparse);
    let slen: u32 = HLL_SPARSE_EMPTY_SIZE;
    let sparseAlive = true;
    const relerr: f64 = 1.04 / Math.sqrt(<f64>HLL_REGISTERS);
    let checkpoint: u64 = 1;
    for (let n: u64 = 1; n <= 200000 && !failed; n++) {
      store<u64>(key, n * 0x9e3779b97f4a7c15);
      const count = hllPatLen(key, 8);
      const index = patIndex;
      hllDenseSet(regs, index, count);
      if (sparseAlive) {
        const r = hllSparseSet(sparse, slen, index, count, SPARSE_MAX);
        if (r == SPARSE_UPDATED) slen = sparseLen;
        else if (r == SPARSE_PROMOTE) sparseAlive = false;
        else if (r != SPARSE_UNCHANGED) { selftestFail(c, "sparse update", n); failed = true; break; }
      }
      if (n != checkpoint) continue;
      checkpoint = n < 100 ? n + 1 : n + n / 10;
      const est = hllCount(dense, HLL_DENSE_SIZE);
      if (sparseAlive) {
        const sest = hllCount(sparse, slen);
        if (countInvalid || sest != est) { selftestFail(c, "sparse and dense estimates differ", n); failed = true; break; }
      }
      const tol: f64 = n < 10 ? 0.0 : <f64>n * relerr * 6.0;
      if (Math.abs(<f64>est - <f64>n) > tol) { selftestFail(c, "estimate out of bounds", n); failed = true; break; }
    }
  }
  free(dense);
  free(sparse);
  if (!failed) addReplyOK(c);
}

export function registerHyperLogLogCommands(): void {
  const G = "hyperloglog";
  def("pfadd", -2, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, pfaddCommand);
  // MAY_REPLICATE: a stale cached cardinality is written back (CLIENT PAUSE WRITE holds PFCOUNT)
  def("pfcount", -2, CMD_READONLY | CMD_MAY_REPLICATE, 1, -1, 1, G, pfcountCommand);
  def("pfmerge", -2, CMD_WRITE | CMD_DENYOOM, 1, -1, 1, G, pfmergeCommand);
  def("pfdebug", 3, CMD_WRITE | CMD_DENYOOM | CMD_ADMIN, 2, 2, 1, G, pfdebugCommand);
  def("pfselftest", 1, CMD_ADMIN, 0, 0, 0, G, pfselftestCommand);
}
