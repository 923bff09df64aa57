// SORT and SORT_RO: sort the elements of a list, set or sorted set, by themselves or by keys/hash
// fields named through a pattern, with GET projections, LIMIT, ASC/DESC, ALPHA and STORE.
//
// Invariants
// - The elements to sort are copied into a per-command arena before any pattern lookup, so lazy
//   expiry (or a pattern that names the sorted key itself) can never invalidate them; every view
//   handed out by other modules (kvStr, the type modules' element callbacks, hash field values) is
//   consumed before the next call into that module.
// - All transient memory (arena, record vector, sort scratch, key buffer) is released on every
//   path out of sortGeneric.
// - This file reads lists, sets, sorted sets and hashes only through the exported functions of their
//   type modules (the adapter section at the end; the API is agreed in /work/notes/sort-needs.md).
//
// Semantics follow Redis 7.4's SORT:
// - Options are parsed before the key is looked up, so a syntax error wins over WRONGTYPE. LIMIT
//   values are parsed as they are met. SORT_RO has no STORE (a syntax error).
// - `BY pattern` without '*' means "don't sort" (even when another BY with '*' follows: the flag is
//   never cleared). A list or sorted set is then emitted in its native order (reversed by DESC,
//   LIMIT applied on that order); a set in its iteration order, except that with STORE it is sorted
//   ALPHA (so that replicas and the AOF see a deterministic result).
// - Numeric scores are parsed with C strtod's rules on the C string (bytes up to the first NUL):
//   leading whitespace, hex floats and "inf" are accepted, an empty string is 0, anything left
//   unparsed, NaN, or an out-of-range value (overflow, underflow to 0, or an inexact subnormal:
//   glibc's ERANGE cases) fails the whole command with the "can't be converted into double" error
//   (reported after sorting, without touching the STORE key). Integer-encoded values are converted
//   directly, as Redis does. Equal scores are ordered by binary comparison of the elements, so the
//   result is deterministic.
// - ALPHA compares with strcoll (Redis calls it on C strings; with the C/C.UTF-8 collation that is
//   byte order up to the first NUL), but with STORE it compares whole values bytewise. ALPHA BY puts
//   elements whose BY key is missing first; equal BY values keep the input order (stable sort).
// - Pattern substitution replaces only the first '*'; "->" after it (followed by at least one
//   byte) selects a hash field. A pattern lookup is a read lookup in the client's db (keyspace
//   hits/misses, LRU touch). A key of another type, or a missing key/field, counts as missing:
//   nil in a GET reply, "" in a STORE list, score 0 / sorted first for BY.
// - A sorted set is converted to the skiplist encoding first (Redis does so, SORT_RO included).
// - STORE replaces the destination (any type, TTL dropped) with a list, or deletes it when the
//   result is empty; the reply is the number of stored elements.
//
// Deviations
// - Redis sorts BY ... LIMIT with a partial quicksort (pqsort), which is not stable; we always use a
//   stable merge sort (as glibc's qsort is). Results differ only in the order of elements whose ALPHA
//   BY values compare equal when LIMIT selects a sub-range.
// - LIMIT start+count is clamped instead of overflowing (Redis relies on signed overflow there).
// - Redis tests errno after strtod without clearing it, so after one out-of-range value a later
//   SORT may fail on valid numbers until something else in the process overwrites errno. Each value
//   is judged on its own here.
// - From a script, Redis sorts a set BY nosort ALPHA as with STORE; scripting is a later issue
//   (inScript() is the hook).
import { keyChanged, deleteStoreDestination, NOTIFY_LIST } from "../server/notify";
import { Client, argPtr, argLen, CF_NO_TOUCH } from "../server/client";
import { def, CMD_WRITE, CMD_READONLY, CMD_DENYOOM, CMD_MOVABLE_KEYS } from "../server/commands";
import { S } from "../server/state";
import { cdb, argInt, argIntVal } from "../server/cmdutil";
import { Db, lookupKeyRead, dbSet, dbDelete } from "../server/db";
import { kvStr, strPtr, strLen, OBJ_STRING, OBJ_LIST, OBJ_SET, OBJ_ZSET, OBJ_HASH, ENC_INT } from "../server/kv";
import { eType, eEnc, eVal } from "../ds/entry";
import { listTypeLength, listForEachRange, listBuildBegin, listBuildPush, listBuildEntry } from "./lists";
import { hashGetValue, hashValPtr, hashValLen } from "./hashes";
import { zsetLength, zsetForEach, zsetForEachByRank, zsetConvertToSkiplist } from "./zsets";
import { setTypeSize, setForEach } from "./sets";
import { addReplyError, addReplyArrayLen, addReplyBulk, addReplyNull, addReplyLongLong } from "../server/reply";
import { eqLit } from "../util/bytes";
import { scanFloat, fpEnd, fpKind, fpRange, fpMant, fpExp2, scannedToF64, isSpaceC, FP_NAN, FP_FINITE } from "../util/numbers";
import { alloc, free, realloc } from "../mem/alloc";
import { ERR_SYNTAX, ERR_WRONGTYPE } from "../server/errors";

const ERR_BAD_DOUBLE = "ERR One or more scores can't be converted into double";
// Deviation: Redis aborts on allocation failure; the core refuses the command instead.
const ERR_NOMEM = "OOM out of memory building the SORT vector";

// ---- the sort vector ---------------------------------------------------------------------------
// Record layout (REC_SIZE bytes), one per element, in `vec`:
//   0 eoff u32   element bytes at arena + eoff
//   4 elen u32
//   8 score f64  numeric sort key (0 when the BY key is missing)
//  16 coff u32   ALPHA BY value at arena + coff; NO_CMP when the BY key is missing
//  20 clen u32
// The arena only grows during a command; offsets (not pointers) survive its reallocation.
const REC_SIZE: u32 = 24;
const R_EOFF: u32 = 0;
const R_ELEN: u32 = 4;
const R_SCORE: u32 = 8;
const R_COFF: u32 = 16;
const R_CLEN: u32 = 20;
const NO_CMP: u32 = 0xffffffff;

let arena: usize = 0;      // owned by the running command
let arenaLen: u32 = 0;
let arenaCap: u32 = 0;
let vec: usize = 0;        // owned by the running command: vecCap records
let vecLen: u32 = 0;
let vecCap: u32 = 0;
let gets: usize = 0;       // owned by the running command: u32 argv indexes of GET patterns
let oom: bool = false;     // an allocation failed while loading; the command replies OOM

@inline function rec(i: u32): usize { return vec + <usize>i * REC_SIZE; }
@inline function recElem(r: usize): usize { return arena + load<u32>(r + R_EOFF); }

/** Appends bytes to the arena, returning their offset (NO_CMP on OOM, with `oom` set). */
function arenaPut(p: usize, n: u32): u32 {
  if (arenaLen + n > arenaCap) {
    let ncap: u32 = arenaCap == 0 ? 256 : arenaCap;
    while (ncap < arenaLen + n) ncap = ncap < 0x40000000 ? ncap << 1 : arenaLen + n;
    const na = realloc(arena, ncap);
    if (na == 0) { oom = true; return NO_CMP; }
    arena = na; arenaCap = ncap;
  }
  const off = arenaLen;
  if (n > 0) memory.copy(arena + off, p, n);
  arenaLen += n;
  return off;
}

/** ElemCb for the type modules: appends one element to the vector (capacity is preallocated). */
function addElem(p: usize, n: u32, ctx: usize): void {
  if (oom || vecLen >= vecCap) return;
  const off = arenaPut(p, n);
  if (off == NO_CMP) return;
  const r = rec(vecLen++);
  store<u32>(r + R_EOFF, off);
  store<u32>(r + R_ELEN, n);
  store<f64>(r + R_SCORE, 0);
  store<u32>(r + R_COFF, NO_CMP);
  store<u32>(r + R_CLEN, 0);
}

function releaseAll(): void {
  if (arena != 0) free(arena);
  if (vec != 0) free(vec);
  if (keyBuf != 0) free(keyBuf);
  if (gets != 0) free(gets);
  gets = 0;
  arena = 0; arenaLen = 0; arenaCap = 0;
  vec = 0; vecLen = 0; vecCap = 0;
  keyBuf = 0; keyBufCap = 0;
  oom = false;
}

// ---- numbers and comparisons -------------------------------------------------------------------

/** Length of the C string at p (bytes before the first NUL, at most n). */
function cLen(p: usize, n: u32): u32 {
  for (let i: u32 = 0; i < n; i++) if (load<u8>(p + i) == 0) return i;
  return n;
}

/** Score parsed by the last sortScore() call. */
let parsedScore: f64 = 0;

/**
 * C strtod on the C string at p, accepted only when it is consumed entirely, is not NaN and is in
 * range (Redis's check after strtod in SORT). An empty string converts to 0.
 */
function sortScore(p: usize, n: u32): bool {
  n = cLen(p, n);
  let i: u32 = 0;
  while (i < n && isSpaceC(<u32>load<u8>(p + i))) i++;
  scanFloat(p + i, n - i, 53, -1074, 1024);
  if (fpEnd == 0) { parsedScore = 0; return n == 0; } // no conversion: strtod's end is the start
  parsedScore = scannedToF64();
  if (i + fpEnd != n || fpKind == FP_NAN || fpRange) return false;
  // glibc's strtod also reports ERANGE for an inexact subnormal result (e.g. "1e-310"), which SORT
  // treats as an error; an exactly representable one ("0x1p-1074") is fine. Exactness is judged by
  // rescanning at 64-bit precision: inputs with more significant bits than that are taken as exact.
  if (fpKind == FP_FINITE && fpMant != 0 && fpMant < (<u64>1 << 52)) {
    const m = fpMant, e = fpExp2;
    scanFloat(p + i, n - i, 64, -16445, 16384);
    return sameValue(m, e, fpMant, fpExp2);
  }
  return true;
}

/** m1 * 2^e1 == m2 * 2^e2 for nonzero mantissas. */
function sameValue(m1: u64, e1: i32, m2: u64, e2: i32): bool {
  if (m1 == 0 || m2 == 0) return m1 == m2;
  const t1 = <i32>ctz(m1), t2 = <i32>ctz(m2);
  return (m1 >> <u64>t1) == (m2 >> <u64>t2) && e1 + t1 == e2 + t2;
}

/** memcmp then length, as Redis's compareStringObjects. */
function binCmp(a: usize, al: u32, b: usize, bl: u32): i32 {
  const n = al < bl ? al : bl;
  for (let i: u32 = 0; i < n; i++) {
    const x = <i32>load<u8>(a + i), y = <i32>load<u8>(b + i);
    if (x != y) return x - y;
  }
  return al < bl ? -1 : (al > bl ? 1 : 0);
}

/** strcmp on the C strings (strcoll in the C collation). */
function collCmp(a: usize, al: u32, b: usize, bl: u32): i32 {
  return binCmp(a, cLen(a, al), b, cLen(b, bl));
}

let sortDesc: bool = false;
let sortAlpha: bool = false;
let sortByPattern: bool = false;
let sortStore: bool = false;

function sortCompare(ra: usize, rb: usize): i32 {
  let cmp: i32;
  if (!sortAlpha) {
    const x = load<f64>(ra + R_SCORE), y = load<f64>(rb + R_SCORE);
    if (x > y) cmp = 1;
    else if (x < y) cmp = -1;
    else cmp = binCmp(recElem(ra), load<u32>(ra + R_ELEN), recElem(rb), load<u32>(rb + R_ELEN));
  } else if (sortByPattern) {
    const ca = load<u32>(ra + R_COFF), cb = load<u32>(rb + R_COFF);
    if (ca == NO_CMP || cb == NO_CMP) {
      cmp = ca == cb ? 0 : (ca == NO_CMP ? -1 : 1);
    } else {
      const pa = arena + ca, la = load<u32>(ra + R_CLEN);
      const pb = arena + cb, lb = load<u32>(rb + R_CLEN);
      cmp = sortStore ? binCmp(pa, la, pb, lb) : collCmp(pa, la, pb, lb);
    }
  } else {
    const pa = recElem(ra), la = load<u32>(ra + R_ELEN);
    const pb = recElem(rb), lb = load<u32>(rb + R_ELEN);
    cmp = sortStore ? binCmp(pa, la, pb, lb) : collCmp(pa, la, pb, lb);
  }
  return sortDesc ? -cmp : cmp;
}

// Stable top-down merge sort of the record indexes idx[lo, hi) using tmp of the same size.
function mergeSort(idx: usize, tmp: usize, lo: u32, hi: u32): void {
  const n = hi - lo;
  if (n < 2) return;
  if (n <= 8) { // insertion sort: stable, fewer comparisons on tiny runs
    for (let i = lo + 1; i < hi; i++) {
      const v = load<u32>(idx + (<usize>i << 2));
      let j = i;
      while (j > lo) {
        const u = load<u32>(idx + (<usize>(j - 1) << 2));
        if (sortCompare(rec(u), rec(v)) <= 0) break;
        store<u32>(idx + (<usize>j << 2), u);
        j--;
      }
      store<u32>(idx + (<usize>j << 2), v);
    }
    return;
  }
  const mid = lo + (n >> 1);
  mergeSort(idx, tmp, lo, mid);
  mergeSort(idx, tmp, mid, hi);
  // already in order: nothing to merge
  if (sortCompare(rec(load<u32>(idx + (<usize>(mid - 1) << 2))), rec(load<u32>(idx + (<usize>mid << 2)))) <= 0) return;
  memory.copy(tmp + (<usize>lo << 2), idx + (<usize>lo << 2), <usize>n << 2);
  let i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    const a = load<u32>(tmp + (<usize>i << 2)), b = load<u32>(tmp + (<usize>j << 2));
    if (sortCompare(rec(a), rec(b)) <= 0) { store<u32>(idx + (<usize>k << 2), a); i++; }
    else { store<u32>(idx + (<usize>k << 2), b); j++; }
    k++;
  }
  while (i < mid) { store<u32>(idx + (<usize>k << 2), load<u32>(tmp + (<usize>i << 2))); i++; k++; }
  while (j < hi) { store<u32>(idx + (<usize>k << 2), load<u32>(tmp + (<usize>j << 2))); j++; k++; }
}

// ---- pattern lookups -----------------------------------------------------------------------------

let keyBuf: usize = 0;     // owned by the running command
let keyBufCap: u32 = 0;

/** View set by lookupByPattern: the value found (valid until the next lookup). */
let patPtr: usize = 0;
let patLen: u32 = 0;
/** Set by lookupByPattern when the value is an integer-encoded string (patInt holds it). */
let patIsInt: bool = false;
let patInt: i64 = 0;

@inline function isHashPattern(p: usize, n: u32): bool { return n > 0 && load<u8>(p) == 0x23 && (n == 1 || load<u8>(p + 1) == 0); }

/**
 * Redis's lookupKeyByPattern: resolves pattern (pp, pl) for the element (sp, sl). "#" is the element
 * itself. Returns false when there is no value (no '*', missing key or field, wrong type).
 */
function lookupByPattern(c: Client, db: Db, pp: usize, pl: u32, sp: usize, sl: u32): bool {
  patIsInt = false;
  if (isHashPattern(pp, pl)) { patPtr = sp; patLen = sl; return true; }
  const cl = cLen(pp, pl);
  let star: i32 = -1;
  for (let i: u32 = 0; i < cl; i++) if (load<u8>(pp + i) == 0x2a) { star = <i32>i; break; }
  if (star < 0) return false;
  // "->" after the '*', with at least one byte after it, selects a hash field
  let arrow: i32 = -1;
  for (let i = <u32>star + 1; i + 1 < cl; i++) {
    if (load<u8>(pp + i) == 0x2d && load<u8>(pp + i + 1) == 0x3e) { arrow = <i32>i; break; }
  }
  if (arrow >= 0 && <u32>arrow + 2 >= cl) arrow = -1;
  const fieldLen: u32 = arrow >= 0 ? pl - <u32>arrow - 2 : 0;
  const prefix = <u32>star;
  const postfix: u32 = pl - prefix - 1 - (arrow >= 0 ? fieldLen + 2 : 0);
  const kl = prefix + sl + postfix;
  if (kl > keyBufCap) {
    const nb = realloc(keyBuf, kl);
    if (nb == 0) { oom = true; return false; }
    keyBuf = nb; keyBufCap = kl;
  }
  memory.copy(keyBuf, pp, prefix);
  memory.copy(keyBuf + prefix, sp, sl);
  memory.copy(keyBuf + prefix + sl, pp + prefix + 1, postfix);
  const e = lookupKeyRead(db, keyBuf, kl, (c.flags & CF_NO_TOUCH) == 0);
  if (e == 0) return false;
  if (arrow >= 0) {
    if (eType(e) != OBJ_HASH) return false;
    return hashField(e, pp + <u32>arrow + 2, fieldLen);
  }
  if (eType(e) != OBJ_STRING) return false;
  if (eEnc(e) == ENC_INT) { patIsInt = true; patInt = load<i64>(eVal(e)); }
  kvStr(e);
  patPtr = strPtr; patLen = strLen;
  return true;
}

// ---- the command ---------------------------------------------------------------------------------

function sortGeneric(c: Client, readonly: bool): void {
  let desc = false, alpha = false, dontsort = false;
  let limitStart: i64 = 0, limitCount: i64 = -1;
  let byArg: i32 = -1;        // argv index of the BY pattern
  let storeArg: i32 = -1;     // argv index of the STORE key
  let getop: u32 = 0;
  gets = alloc(c.argc << 2);  // argv indexes of the GET patterns, in order
  if (gets == 0) { addReplyError(c, ERR_NOMEM); return; }

  let j: u32 = 2;
  while (j < c.argc) {
    const p = argPtr(c, j), n = argLen(c, j);
    const left = c.argc - j - 1;
    if (eqLit(p, n, "asc")) desc = false;
    else if (eqLit(p, n, "desc")) desc = true;
    else if (eqLit(p, n, "alpha")) alpha = true;
    else if (eqLit(p, n, "limit") && left >= 2) {
      if (!argInt(c, j + 1)) { releaseAll(); return; }
      limitStart = argIntVal;
      if (!argInt(c, j + 2)) { releaseAll(); return; }
      limitCount = argIntVal;
      j += 2;
    } else if (!readonly && eqLit(p, n, "store") && left >= 1) {
      storeArg = <i32>(j + 1);
      j++;
    } else if (eqLit(p, n, "by") && left >= 1) {
      byArg = <i32>(j + 1);
      const bp = argPtr(c, j + 1);
      const bl = cLen(bp, argLen(c, j + 1));
      let star = false;
      for (let i: u32 = 0; i < bl; i++) if (load<u8>(bp + i) == 0x2a) { star = true; break; }
      if (!star) dontsort = true;
      j++;
    } else if (eqLit(p, n, "get") && left >= 1) {
      store<u32>(gets + (<usize>getop << 2), j + 1);
      getop++;
      j++;
    } else {
      releaseAll();
      addReplyError(c, ERR_SYNTAX);
      return;
    }
    j++;
  }

  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  let src = lookupKeyRead(db, kp, kl, (c.flags & CF_NO_TOUCH) == 0);
  let stype: u32 = OBJ_LIST; // a missing key sorts as an empty list
  if (src != 0) {
    stype = eType(src);
    if (stype != OBJ_SET && stype != OBJ_LIST && stype != OBJ_ZSET) { releaseAll(); addReplyError(c, ERR_WRONGTYPE); return; }
  }

  // A set has no native order that replicas would reproduce: with STORE (or from a script) it is
  // sorted ALPHA instead of being emitted as iterated.
  if (dontsort && stype == OBJ_SET && (storeArg >= 0 || inScript(c))) {
    dontsort = false;
    alpha = true;
    byArg = -1;
  }

  if (src != 0 && stype == OBJ_ZSET) zsetPrepare(src);

  let vectorlen: i64 = src == 0 ? 0 : srcLength(src, stype);

  // LIMIT sanity checks, as Redis does them.
  let start: i64 = limitStart < 0 ? 0 : limitStart;
  let end: i64;
  if (limitCount < 0) end = vectorlen - 1;
  else end = limitCount > vectorlen ? start + vectorlen - 1 : start + limitCount - 1;
  if (start >= vectorlen) { start = vectorlen - 1; end = vectorlen - 2; }
  if (end >= vectorlen) end = vectorlen - 1;

  // Lists and sorted sets with nothing to sort load only the requested range.
  if ((stype == OBJ_ZSET || stype == OBJ_LIST) && dontsort && (start != 0 || end != vectorlen - 1)) {
    vectorlen = end - start + 1;
    if (vectorlen < 0) vectorlen = 0;
  }

  if (vectorlen > 0) {
    // the record vector and the merge scratch (8 bytes per element) must stay addressable
    if (vectorlen > <i64>(0xffffffff / REC_SIZE)) { releaseAll(); addReplyError(c, ERR_NOMEM); return; }
    vec = alloc(<u32>(vectorlen * REC_SIZE));
    if (vec == 0) { releaseAll(); addReplyError(c, ERR_NOMEM); return; }
    vecCap = <u32>vectorlen;
  }
  vecLen = 0;

  if (src != 0 && vectorlen > 0) {
    if (dontsort && (stype == OBJ_LIST || stype == OBJ_ZSET)) {
      if (end >= start) {
        srcLoadRange(src, stype, start, vectorlen, desc);
        // the vector now holds exactly the output range
        end -= start;
        start = 0;
      }
    } else {
      srcLoadAll(src, stype);
    }
  }
  if (oom) { releaseAll(); addReplyError(c, ERR_NOMEM); return; }
  const loaded = vecLen;
  // The type modules hand over exactly the length they report (Redis asserts it); never index past
  // what was loaded even if they did not.
  if (end >= <i64>loaded) end = <i64>loaded - 1;

  // Scores (or ALPHA BY values), then the sort itself.
  let badScore = false;
  let order: usize = 0; // u32 record indexes in output order; 0 = identity
  if (!dontsort && loaded > 0) {
    const bp: usize = byArg >= 0 ? argPtr(c, <u32>byArg) : 0;
    const bl: u32 = byArg >= 0 ? argLen(c, <u32>byArg) : 0;
    for (let i: u32 = 0; i < loaded; i++) {
      const r = rec(i);
      let vp: usize, vl: u32;
      let isInt = false;
      let iv: i64 = 0;
      if (byArg >= 0) {
        if (!lookupByPattern(c, db, bp, bl, recElem(r), load<u32>(r + R_ELEN))) continue;
        vp = patPtr; vl = patLen; isInt = patIsInt; iv = patInt;
      } else {
        vp = recElem(r); vl = load<u32>(r + R_ELEN);
      }
      if (alpha) {
        if (byArg >= 0) {
          const off = arenaPut(vp, vl); // may move the arena: r's element pointer is not reused
          if (off == NO_CMP) break;
          store<u32>(r + R_COFF, off);
          store<u32>(r + R_CLEN, vl);
        }
      } else if (isInt) {
        store<f64>(r + R_SCORE, <f64>iv);
      } else {
        if (!sortScore(vp, vl)) badScore = true;
        store<f64>(r + R_SCORE, parsedScore);
      }
    }
    if (oom) { releaseAll(); addReplyError(c, ERR_NOMEM); return; }
    sortDesc = desc;
    sortAlpha = alpha;
    sortByPattern = byArg >= 0;
    sortStore = storeArg >= 0;
    order = alloc(loaded << 3); // indexes, then merge scratch
    if (order == 0) { releaseAll(); addReplyError(c, ERR_NOMEM); return; }
    for (let i: u32 = 0; i < loaded; i++) store<u32>(order + (<usize>i << 2), i);
    mergeSort(order, order + (<usize>loaded << 2), 0, loaded);
  }

  const count: i64 = end >= start ? end - start + 1 : 0;
  const outputlen: i64 = getop > 0 ? <i64>getop * count : count;
  if (badScore) {
    addReplyError(c, ERR_BAD_DOUBLE);
  } else if (storeArg < 0) {
    addReplyArrayLen(c, outputlen);
    for (let k = start; k <= end; k++) {
      const r = rec(order != 0 ? load<u32>(order + (<usize>k << 2)) : <u32>k);
      if (getop == 0) { addReplyBulk(c, recElem(r), load<u32>(r + R_ELEN)); continue; }
      for (let g: u32 = 0; g < getop; g++) {
        const ga = load<u32>(gets + (<usize>g << 2));
        if (lookupByPattern(c, db, argPtr(c, ga), argLen(c, ga), recElem(r), load<u32>(r + R_ELEN))) addReplyBulk(c, patPtr, patLen);
        else addReplyNull(c);
      }
    }
  } else {
    const sp = argPtr(c, <u32>storeArg), sl = argLen(c, <u32>storeArg);
    if (outputlen > 0) {
      listBuildBegin();
      for (let k = start; k <= end; k++) {
        const r = rec(order != 0 ? load<u32>(order + (<usize>k << 2)) : <u32>k);
        if (getop == 0) { listBuildPush(recElem(r), load<u32>(r + R_ELEN)); continue; }
        for (let g: u32 = 0; g < getop; g++) {
          const ga = load<u32>(gets + (<usize>g << 2));
          if (lookupByPattern(c, db, argPtr(c, ga), argLen(c, ga), recElem(r), load<u32>(r + R_ELEN))) listBuildPush(patPtr, patLen);
          else listBuildPush(0, 0);
        }
      }
      const ne = listBuildEntry(sp, sl);
      if (ne == 0) {
        if (order != 0) free(order);
        releaseAll();
        addReplyError(c, ERR_NOMEM);
        return;
      }
      dbSet(db, ne);
      keyChanged(db, NOTIFY_LIST, "sortstore", sp, sl);
      S().dirty += <u64>outputlen;
    } else deleteStoreDestination(db, sp, sl);
    addReplyLongLong(c, outputlen);
  }
  if (order != 0) free(order);
  releaseAll();
}

/** Hook for the scripting issue: Redis treats SORT from a script like SORT ... STORE for sets. */
function inScript(c: Client): bool { return false; }

function sortCommand(c: Client): void { sortGeneric(c, false); }
function sortRoCommand(c: Client): void { sortGeneric(c, true); }

export function registerSortCommands(): void {
  def("sort", -2, CMD_WRITE | CMD_DENYOOM | CMD_MOVABLE_KEYS, 1, 1, 1, "generic", sortCommand);
  def("sort_ro", -2, CMD_READONLY | CMD_MOVABLE_KEYS, 1, 1, 1, "generic", sortRoCommand);
}

// ---- adapters over the type modules (API agreed in /work/notes/sort-needs.md) -------------------

function srcLength(e: usize, t: u32): i64 {
  if (t == OBJ_LIST) return listTypeLength(e);
  if (t == OBJ_ZSET) return zsetLength(e);
  return setTypeSize(e);
}

/** Loads `count` elements in native order from `start` (from the tail / highest score if rev). */
function srcLoadRange(e: usize, t: u32, start: i64, count: i64, rev: bool): void {
  if (t == OBJ_LIST) listForEachRange(e, start, count, rev, addElem, 0);
  else if (t == OBJ_ZSET) zsetForEachByRank(e, start, count, rev, addElem, 0);
}

/** Loads every element, in the type's iteration order. */
function srcLoadAll(e: usize, t: u32): void {
  if (t == OBJ_LIST) listForEachRange(e, 0, listTypeLength(e), false, addElem, 0);
  else if (t == OBJ_ZSET) zsetForEach(e, addElem, 0);
  else setForEach(e, addElem, 0);
}

/** Redis converts a listpack sorted set to a skiplist before sorting it. */
function zsetPrepare(e: usize): void { zsetConvertToSkiplist(e); }

/** Looks up a hash field; on success the value is in patPtr/patLen. */
function hashField(e: usize, fp: usize, fl: u32): bool {
  if (!hashGetValue(e, fp, fl)) return false;
  patPtr = hashValPtr; patLen = hashValLen;
  return true;
}
