// Sorted set commands and the zset object: its two encodings, the conversions between them, and
// its lifecycle hooks (free, COPY, MEMORY USAGE).
//
// A zset value is an entry of type OBJ_ZSET whose meta enc says how the object at eVal is stored:
//   ENC_LISTPACK  obj -> listpack (ds/listpack.ts) of member, score pairs sorted by (score, member);
//                 scores that are integers in +-2^62 are stored as listpack integers, others as
//                 their d2string text (Redis 7.4's zzlInsertAt). Used while there are at most
//                 zset-max-listpack-entries members of at most zset-max-listpack-value bytes.
//   ENC_SKIPLIST  obj -> zset (ds/skiplist.ts): skiplist + member dict sharing one node per member.
//
// Invariants
// - A zset key is never empty: commands that remove the last member delete the key.
// - Every operation works on an entry (the key's own, or a detached one built for a result before
//   it is stored); a conversion or a listpack that moves rewrites the entry's enc and object
//   pointer in place, so the entry never moves and stays linked in its db.
// - Conversions follow Redis 7.4: listpack -> skiplist when an insert would pass a threshold (or
//   ZADD's element count alone passes it); skiplist -> listpack only for results of the STORE
//   commands (ZUNIONSTORE & co.) that fit. Removing members never converts.
// - Scores are never NaN. Replies format scores with util/numbers d2string (RESP3 doubles); ZSCAN
//   of a skiplist formats them with "%.17g" like Redis's ld2string (fmtG17 below).
// - BZPOPMIN/BZPOPMAX/BZMPOP block through server/blocking.ts: a client served when a key is
//   created as a zset re-runs its command (Redis 7.2+), so immediate and woken pops share one path.
//
// Deviations from Redis
// - State the core does not have yet: no keyspace notifications, no write propagation (ZPOP*,
//   BZPOP* and ZMPOP are not rewritten), no WATCH invalidation.
// - ZRANDMEMBER with a positive count below the size: a skiplist is sampled by random ranks, so
//   the picks come in rank order (many picks) or in pick order (few picks) instead of the order of
//   Redis's temporary dict; the distribution is the same (uniform, distinct).
// - MEMORY USAGE of a skiplist counts every node exactly instead of extrapolating from samples.
import { scanCollectBegin, scanCollect, scanCollected, scanCollectedLen, scanCollectEnd, parseScanOptions, scanOptCount, scanOptUsePat, scanOptPat, scanOptPatLen } from "../server/scanopts";
import { Client, argPtr, argLen, CF_NO_TOUCH, CF_CLOSE_ASAP, CF_DENY_BLOCKING } from "../server/client";
import { getTimeoutArg, timeoutArgVal, blockForKeys, BLOCKED_ZSET } from "../server/blocking";
import { def, commands, CMD_WRITE, CMD_READONLY, CMD_DENYOOM, CMD_FAST, CMD_MOVABLE_KEYS, CMD_BLOCKING } from "../server/commands";
import { S, rand32 } from "../server/state";
import { cdb, argInt, argIntVal } from "../server/cmdutil";
import { Db, lookupKeyRead, lookupKeyWrite, dbAdd, dbSet, dbDelete } from "../server/db";
import { kvNewObject, kvFree, kvObj, kvRekey, OBJ_ZSET, OBJ_SET, ENC_SKIPLIST, ENC_LISTPACK, ENC_INTSET } from "../server/kv";
import { eType, eEnc, eVal, eMeta, eSetMeta, META_ENC_MASK, META_ENC_SHIFT } from "../ds/entry";
import { Dict, dictFind, dictScan } from "../ds/dict";
import { alloc, allocZeroed, free, blockSize } from "../mem/alloc";
import {
  addReplyLongLong, addReplyError, addReplyNull, addReplyNullArray, addReplyBulk, addReplyLit,
  addReplyArrayLen, addReplyDouble, addReplyDeferredLen, setDeferredArrayLen, errBegin, errLit, errEnd,
} from "../server/reply";
import { string2ll, parsedInt, string2d, parsedDouble, ll2string, ull2string, d2string } from "../util/numbers";
import {
  lpNew, lpFree, lpDup, lpBytes, lpLength, lpFirst, lpLast, lpNext, lpPrev, lpSeek, lpGet, lpGetDouble,
  lpvInt, lpvStr, lpvLen, lpFind, lpEq, lpCmp, lpInsertPair, lpDeleteRangeWithEntry, lpDeleteRange,
  lpSafeToAdd, lpOffsets, lpPos,
} from "../ds/listpack";
import { isFind } from "../ds/intset";
import { setSize, setForEach } from "./sets";
import {
  zsNew, zsFree, zsDup, zsMemUsage, zsLength, zsFirst, zsTail, zsFind, zsInsert, zsUpdateScore,
  zsDeleteNode, zsDelete, zsMaybeShrink, zsRankOf, zsByRank, zsDict, znMember, znMemberLen, znScore,
  znNext, znBack, zsAddUnlinked, znSetScoreUnlinked, zsLinkAll,
  parseScoreRange, valueGteMin, valueLteMax, zsFirstInRange, zsLastInRange, foundRank,
  parseLexRange, lexGteMin, lexLteMax, zsFirstInLexRange, zsLastInLexRange,
  zsDeleteRangeByScore, zsDeleteRangeByLex, zsDeleteRangeByRank, rMin, rMax, rMinEx, rMaxEx,
} from "../ds/skiplist";
import { eqLit } from "../util/bytes";
import { dbIndex } from "../server/db";
import { keyChanged, signalModifiedKey, notifyKeyspaceEvent, deleteStoreDestination, NOTIFY_ZSET, NOTIFY_GENERIC } from "../server/notify";
import { stringmatchlen } from "../util/glob";
import { parseScanCursor, scanCursorVal } from "./keys";
import { ERR_SYNTAX, ERR_WRONGTYPE, ERR_NOT_INTEGER, ERR_NOT_FLOAT, ERR_LONG_RANGE, ERR_NUMKEYS, ERR_LIMIT_NEG, ERR_OUT_OF_RANGE } from "../server/errors";

const ERR_NAN_SCORE = "ERR resulting score is not a number (NaN)";
const ERR_MINMAX_FLOAT = "ERR min or max is not a float";
const ERR_MINMAX_LEX = "ERR min or max not valid string range item";
const ERR_XX_NX = "ERR XX and NX options at the same time are not compatible";
const ERR_GT_LT_NX = "ERR GT, LT, and/or NX options at the same time are not compatible";
const ERR_INCR_PAIR = "ERR INCR option supports a single increment-element pair";
const ERR_LIMIT_RANK = "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
const ERR_WITHSCORES_LEX = "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
const ERR_WEIGHT = "ERR weight value is not a float";
const ERR_COUNT_POS = "ERR count should be greater than 0";
const ERR_MUST_POSITIVE = "ERR value is out of range, must be positive";

const LONG_MAX: i64 = 9223372036854775807;

// ZADD input and output flags (Redis's ZADD_IN_* / ZADD_OUT_*).
const ZADD_IN_INCR: u32 = 1;
const ZADD_IN_NX: u32 = 2;
const ZADD_IN_XX: u32 = 4;
const ZADD_IN_GT: u32 = 8;
const ZADD_IN_LT: u32 = 16;
const ZADD_OUT_NOP: u32 = 1;
const ZADD_OUT_NAN: u32 = 2;
const ZADD_OUT_ADDED: u32 = 4;
const ZADD_OUT_UPDATED: u32 = 8;

@inline function touchAllowed(c: Client): bool { return (c.flags & CF_NO_TOUCH) == 0; }

// ---- object access ---------------------------------------------------------------------------------

@inline function zObj(e: usize): usize { return kvObj(e); }

/**
 * A listpack in a block of its size class. The allocator keeps a block that shrinks by less than
 * half, so after deletions the listpack is moved, as jemalloc's realloc does for Redis (MEMORY
 * USAGE then matches the smaller size).
 */
function lpFit(lp: usize): usize {
  const need = lpBytes(lp);
  if (blockSize(lp) <= need) return lp;
  const n = alloc(need);
  if (n == 0) return lp;
  if (blockSize(n) >= blockSize(lp)) { free(n); return lp; }
  memory.copy(n, lp, need);
  free(lp);
  return n;
}

/** Stores a (possibly moved) listpack back into its entry. */
@inline function zPutObj(e: usize, lp: usize): void { store<u32>(eVal(e), <u32>lpFit(lp)); }
@inline function zPut(e: usize, enc: u32, obj: usize): void {
  store<u32>(eVal(e), <u32>obj);
  eSetMeta(e, (eMeta(e) & ~META_ENC_MASK) | (enc << META_ENC_SHIFT));
}
@inline function maxEntries(): u64 { const v = S().zsetMaxListpackEntries; return v < 0 ? 0 : <u64>v; }
@inline function maxValue(): u64 { const v = S().zsetMaxListpackValue; return v < 0 ? 0 : <u64>v; }

/** Number of members. */
export function zsetLen(e: usize): u32 {
  return eEnc(e) == ENC_LISTPACK ? lpLength(zObj(e)) >> 1 : zsLength(zObj(e));
}
/** Number of members (for SORT). */
export function zsetLength(e: usize): i64 { return <i64>zsetLen(e); }

// ---- listpack encoding (Redis's zzl* functions) ----------------------------------------------------

// Score text for listpack inserts: integers in +-2^62 as decimal (stored as listpack ints), others
// as d2string (Redis 7.4 zzlInsertAt with double2ll).
const SCORE_BUF: usize = memory.data(32);
function scoreText(score: f64): u32 {
  if (score >= -4611686018427387904.0 && score <= 4611686018427387904.0) {
    const l = <i64>score;
    if (<f64>l == score) return ll2string(SCORE_BUF, l);
  }
  return d2string(SCORE_BUF, score);
}

/** Inserts (member, score) before the member entry eptr, or appends when eptr is 0. */
function zzlInsertAt(lp: usize, eptr: usize, mp: usize, ml: u32, score: f64): usize {
  const sl = scoreText(score);
  return lpInsertPair(lp, eptr, mp, ml, SCORE_BUF, sl);
}

/** Inserts a member that is not in the listpack yet, keeping (score, member) order. */
function zzlInsert(lp: usize, mp: usize, ml: u32, score: f64): usize {
  let eptr = lpFirst(lp);
  while (eptr != 0) {
    const sptr = lpNext(lp, eptr);
    const s = lpGetDouble(sptr);
    if (s > score) return zzlInsertAt(lp, eptr, mp, ml, score);
    if (s == score && lpCmp(eptr, mp, ml) > 0) return zzlInsertAt(lp, eptr, mp, ml, score);
    eptr = lpNext(lp, sptr);
  }
  return zzlInsertAt(lp, 0, mp, ml, score);
}

let zzlFoundScore: f64 = 0;
/** The member entry of mp[0..ml), its score in zzlFoundScore; 0 when absent. */
function zzlFind(lp: usize, mp: usize, ml: u32): usize {
  const first = lpFirst(lp);
  if (first == 0) return 0;
  const eptr = lpFind(lp, first, mp, ml, 1);
  if (eptr != 0) zzlFoundScore = lpGetDouble(lpNext(lp, eptr));
  return eptr;
}

@inline function zzlDelete(lp: usize, eptr: usize): usize { return lpDeleteRangeWithEntry(lp, eptr, 2); }

// member bytes of a listpack entry (integers formatted into a buffer of the caller's choosing)
let lmP: usize = 0;
let lmL: u32 = 0;
function lpMember(p: usize, buf: usize): void {
  if (lpGet(p)) { lmL = ll2string(buf, lpvInt); lmP = buf; }
  else { lmP = lpvStr; lmL = lpvLen; }
}
const LEX_BUF: usize = memory.data(32);

/** First member entry whose score is in the current score range, or 0. */
function zzlFirstInRange(lp: usize): usize {
  let eptr = lpFirst(lp);
  while (eptr != 0) {
    const sptr = lpNext(lp, eptr);
    const s = lpGetDouble(sptr);
    if (valueGteMin(s)) return valueLteMax(s) ? eptr : 0;
    eptr = lpNext(lp, sptr);
  }
  return 0;
}

function zzlLastInRange(lp: usize): usize {
  let sptr = lpLast(lp);
  while (sptr != 0) {
    const eptr = lpPrev(lp, sptr);
    const s = lpGetDouble(sptr);
    if (valueLteMax(s)) return valueGteMin(s) ? eptr : 0;
    sptr = lpPrev(lp, eptr);
  }
  return 0;
}

@inline function lpLexGteMin(p: usize): bool { lpMember(p, LEX_BUF); return lexGteMin(lmP, lmL); }
@inline function lpLexLteMax(p: usize): bool { lpMember(p, LEX_BUF); return lexLteMax(lmP, lmL); }

function zzlFirstInLexRange(lp: usize): usize {
  let eptr = lpFirst(lp);
  while (eptr != 0) {
    if (lpLexGteMin(eptr)) return lpLexLteMax(eptr) ? eptr : 0;
    eptr = lpNext(lp, lpNext(lp, eptr));
  }
  return 0;
}

function zzlLastInLexRange(lp: usize): usize {
  let sptr = lpLast(lp);
  while (sptr != 0) {
    const eptr = lpPrev(lp, sptr);
    if (lpLexLteMax(eptr)) return lpLexGteMin(eptr) ? eptr : 0;
    sptr = lpPrev(lp, eptr);
  }
  return 0;
}

let zzlDeleted: u32 = 0;
function zzlDeleteRangeByScore(lp: usize): usize {
  zzlDeleted = 0;
  let eptr = zzlFirstInRange(lp);
  while (eptr != 0) {
    if (!valueLteMax(lpGetDouble(lpNext(lp, eptr)))) break;
    lp = zzlDelete(lp, eptr);
    eptr = lpPos;
    zzlDeleted++;
  }
  return lp;
}

function zzlDeleteRangeByLex(lp: usize): usize {
  zzlDeleted = 0;
  let eptr = zzlFirstInLexRange(lp);
  while (eptr != 0) {
    if (!lpLexLteMax(eptr)) break;
    lp = zzlDelete(lp, eptr);
    eptr = lpPos;
    zzlDeleted++;
  }
  return lp;
}

// ---- creation and conversion -----------------------------------------------------------------------

let newEnc: u32 = 0;
let newObj: usize = 0;

/** Redis's zsetTypeCreate: listpack when both hints fit the thresholds, else a presized skiplist. */
function zsetTypeCreate(sizeHint: u64, valHint: u64): void {
  if (sizeHint <= maxEntries() && valHint <= maxValue()) {
    newEnc = ENC_LISTPACK; newObj = lpNew(0);
    return;
  }
  newEnc = ENC_SKIPLIST;
  newObj = zsNew(<u32>min<u64>(sizeHint, 1 << 24));
}

/** A new entry (not in any db) holding an empty zset chosen by zsetTypeCreate. */
function zsetEntryNew(kp: usize, kl: u32, sizeHint: u64, valHint: u64): usize {
  zsetTypeCreate(sizeHint, valHint);
  const e = kvNewObject(kp, kl, OBJ_ZSET, newEnc, newObj, -1);
  if (e == 0) unreachable();
  return e;
}

/** Converts the zset of entry e to `enc`, presizing a skiplist's dict for `cap` members. */
function zsetConvertAndExpand(e: usize, enc: u32, cap: u32): void {
  const cur = eEnc(e);
  if (cur == enc) return;
  if (cur == ENC_LISTPACK) {
    const lp = zObj(e);
    const zs = zsNew(cap);
    let eptr = lpFirst(lp);
    while (eptr != 0) {
      const sptr = lpNext(lp, eptr);
      const s = lpGetDouble(sptr);
      lpMember(eptr, LEX_BUF);
      zsInsert(zs, s, lmP, lmL);
      eptr = lpNext(lp, sptr);
    }
    lpFree(lp);
    zPut(e, ENC_SKIPLIST, zs);
  } else {
    const zs = zObj(e);
    let lp = lpNew(0);
    let n = zsFirst(zs);
    while (n != 0) {
      lp = zzlInsertAt(lp, 0, znMember(n), znMemberLen(n), znScore(n));
      n = znNext(n);
    }
    zsFree(zs);
    zPut(e, ENC_LISTPACK, lp);
  }
}

/** Redis's zsetTypeMaybeConvert: a listpack that is about to receive too many elements. */
function zsetTypeMaybeConvert(e: usize, sizeHint: u64): void {
  if (eEnc(e) == ENC_LISTPACK && sizeHint > maxEntries()) {
    zsetConvertAndExpand(e, ENC_SKIPLIST, <u32>min<u64>(sizeHint, 1 << 24));
  }
}

/** Results of the STORE commands go back to a listpack when they fit. */
function zsetConvertToListpackIfNeeded(e: usize, maxelelen: u64, totelelen: u64): void {
  if (eEnc(e) == ENC_LISTPACK) return;
  const zs = zObj(e);
  if (<u64>zsLength(zs) <= maxEntries() && maxelelen <= maxValue() && totelelen <= (1 << 30)) {
    zsetConvertAndExpand(e, ENC_LISTPACK, 0);
  }
}

/** SORT converts a listpack zset before sorting (Redis 7.0..7.4 do, even for BY nosort). */
export function zsetConvertToSkiplist(e: usize): void {
  zsetConvertAndExpand(e, ENC_SKIPLIST, zsetLen(e));
}

// ---- member operations -----------------------------------------------------------------------------

let zScoreVal: f64 = 0;

/** Score of a member into zScoreVal; false when absent. */
function zsetScore(e: usize, mp: usize, ml: u32): bool {
  if (eEnc(e) == ENC_LISTPACK) {
    if (zzlFind(zObj(e), mp, ml) == 0) return false;
    zScoreVal = zzlFoundScore;
    return true;
  }
  const n = zsFind(zObj(e), mp, ml);
  if (n == 0) return false;
  zScoreVal = znScore(n);
  return true;
}

let outFlags: u32 = 0;
let outScore: f64 = 0;

/**
 * Redis's zsetAdd: adds or updates a member according to the ZADD_IN_* flags; the outcome is in
 * outFlags and the resulting score in outScore. False only for a NaN score (input or INCR result).
 */
function zsetAdd(e: usize, score: f64, mp: usize, ml: u32, flags: u32): bool {
  const incr = (flags & ZADD_IN_INCR) != 0;
  const nx = (flags & ZADD_IN_NX) != 0;
  const xx = (flags & ZADD_IN_XX) != 0;
  const gt = (flags & ZADD_IN_GT) != 0;
  const lt = (flags & ZADD_IN_LT) != 0;
  outFlags = 0;
  if (isNaN(score)) { outFlags = ZADD_OUT_NAN; return false; }
  if (eEnc(e) == ENC_LISTPACK) {
    let lp = zObj(e);
    const eptr = zzlFind(lp, mp, ml);
    if (eptr != 0) {
      if (nx) { outFlags |= ZADD_OUT_NOP; return true; }
      const cur = zzlFoundScore;
      if (incr) {
        score += cur;
        if (isNaN(score)) { outFlags |= ZADD_OUT_NAN; return false; }
      }
      if ((lt && score >= cur) || (gt && score <= cur)) { outFlags |= ZADD_OUT_NOP; return true; }
      outScore = score;
      if (score != cur) {
        lp = zzlDelete(lp, eptr);
        lp = zzlInsert(lp, mp, ml, score);
        zPutObj(e, lp);
        outFlags |= ZADD_OUT_UPDATED;
      }
      return true;
    } else if (!xx) {
      const len = lpLength(lp) >> 1;
      if (<u64>len + 1 > maxEntries() || <u64>ml > maxValue() || !lpSafeToAdd(lp, ml)) {
        zsetConvertAndExpand(e, ENC_SKIPLIST, len + 1);
      } else {
        lp = zzlInsert(lp, mp, ml, score);
        zPutObj(e, lp);
        outScore = score;
        outFlags |= ZADD_OUT_ADDED;
        return true;
      }
    } else {
      outFlags |= ZADD_OUT_NOP;
      return true;
    }
  }
  const zs = zObj(e);
  const n = zsFind(zs, mp, ml);
  if (n != 0) {
    if (nx) { outFlags |= ZADD_OUT_NOP; return true; }
    const cur = znScore(n);
    if (incr) {
      score += cur;
      if (isNaN(score)) { outFlags |= ZADD_OUT_NAN; return false; }
    }
    if ((lt && score >= cur) || (gt && score <= cur)) { outFlags |= ZADD_OUT_NOP; return true; }
    outScore = score;
    if (score != cur) {
      zsUpdateScore(zs, n, score);
      outFlags |= ZADD_OUT_UPDATED;
    }
    return true;
  } else if (!xx) {
    zsInsert(zs, score, mp, ml);
    outFlags |= ZADD_OUT_ADDED;
    outScore = score;
    return true;
  }
  outFlags |= ZADD_OUT_NOP;
  return true;
}

/** Removes a member; true when it was there. */
function zsetDel(e: usize, mp: usize, ml: u32): bool {
  if (eEnc(e) == ENC_LISTPACK) {
    const lp = zObj(e);
    const eptr = zzlFind(lp, mp, ml);
    if (eptr == 0) return false;
    zPutObj(e, zzlDelete(lp, eptr));
    return true;
  }
  return zsDelete(zObj(e), mp, ml);
}

/** 0-based rank of a member (from the highest score when reverse), score in zScoreVal; -1 if absent. */
function zsetRank(e: usize, mp: usize, ml: u32, reverse: bool): i64 {
  const len = <i64>zsetLen(e);
  if (eEnc(e) == ENC_LISTPACK) {
    const lp = zObj(e);
    let eptr = lpFirst(lp);
    let rank: i64 = 1;
    while (eptr != 0) {
      const sptr = lpNext(lp, eptr);
      if (lpEq(eptr, mp, ml)) {
        zScoreVal = lpGetDouble(sptr);
        return reverse ? len - rank : rank - 1;
      }
      rank++;
      eptr = lpNext(lp, sptr);
    }
    return -1;
  }
  const zs = zObj(e);
  const n = zsFind(zs, mp, ml);
  if (n == 0) return -1;
  zScoreVal = znScore(n);
  const r = <i64>zsRankOf(zs, n);
  return reverse ? len - r : r - 1;
}

// ---- cursor: one position in a zset, either encoding -----------------------------------------------
// One cursor at a time; member views (cP/cL) are valid until the zset changes or the next curMember.

let cEnc: u32 = 0;
let cObj: usize = 0;
let cPos: usize = 0;     // skiplist node, or listpack member entry (0 = past either end)
let cSc: usize = 0;      // listpack score entry
let cP: usize = 0;
let cL: u32 = 0;
const CUR_BUF: usize = memory.data(32);

@inline function curOpen(e: usize): void { cEnc = eEnc(e); cObj = zObj(e); cPos = 0; }
@inline function curOk(): bool { return cPos != 0; }

/** Positions at a listpack member entry (or 0). */
@inline function curSetLp(eptr: usize): void {
  cPos = eptr;
  cSc = eptr != 0 ? lpNext(cObj, eptr) : 0;
}

/** Positions at a 0-based rank (must be in range). */
function curAtRank(r0: u32): void {
  if (cEnc == ENC_LISTPACK) curSetLp(lpSeek(cObj, <i64>r0 * 2));
  else cPos = r0 == 0 ? zsFirst(cObj) : zsByRank(cObj, r0 + 1);
}
function curFirst(): void {
  if (cEnc == ENC_LISTPACK) curSetLp(lpFirst(cObj)); else cPos = zsFirst(cObj);
}
function curLast(): void {
  if (cEnc == ENC_LISTPACK) {
    const s = lpLast(cObj);
    curSetLp(s != 0 ? lpPrev(cObj, s) : 0);
  } else cPos = zsTail(cObj);
}
function curNext(): void {
  if (cEnc == ENC_LISTPACK) curSetLp(lpNext(cObj, cSc));
  else cPos = znNext(cPos);
}
function curPrev(): void {
  if (cEnc == ENC_LISTPACK) {
    const s = lpPrev(cObj, cPos);
    if (s == 0) cPos = 0; else { cPos = lpPrev(cObj, s); cSc = s; }
  } else cPos = znBack(cPos);
}
@inline function curStep(reverse: bool): void { if (reverse) curPrev(); else curNext(); }
function curMember(): void {
  if (cEnc == ENC_LISTPACK) { lpMember(cPos, CUR_BUF); cP = lmP; cL = lmL; }
  else { cP = znMember(cPos); cL = znMemberLen(cPos); }
}
function curScore(): f64 {
  return cEnc == ENC_LISTPACK ? lpGetDouble(cSc) : znScore(cPos);
}

/** Deletes the member at the cursor from entry e (the cursor is invalid afterwards). */
function curDelete(e: usize): void {
  if (cEnc == ENC_LISTPACK) zPutObj(e, zzlDelete(cObj, cPos));
  else zsDeleteNode(cObj, cPos);
  cPos = 0;
}

// ---- exported iteration (SORT) ---------------------------------------------------------------------

export type ZElemCb = (p: usize, n: u32, ctx: usize) => void;

/**
 * Members in score order from rank `start` (counted from the highest score when reverse), at most
 * `count` of them. The callback must not modify the zset.
 */
export function zsetForEachByRank(e: usize, start: i64, count: i64, reverse: bool, cb: ZElemCb, ctx: usize): void {
  const len = <i64>zsetLen(e);
  if (start < 0) start = 0;
  if (start >= len || count <= 0) return;
  curOpen(e);
  curAtRank(<u32>(reverse ? len - 1 - start : start));
  while (curOk() && count-- > 0) {
    curMember();
    const p = cP, l = cL;
    // the callback may use listpack views of its own: save the position
    const pos = cPos, sc = cSc, enc = cEnc, obj = cObj;
    cb(p, l, ctx);
    cPos = pos; cSc = sc; cEnc = enc; cObj = obj;
    curStep(reverse);
  }
}

/** Every member (score order). */
export function zsetForEach(e: usize, cb: ZElemCb, ctx: usize): void {
  zsetForEachByRank(e, 0, <i64>zsetLen(e), false, cb, ctx);
}

export type ZScoredCb = (p: usize, n: u32, score: f64, ctx: usize) => void;

/** Every member with its score, in score order (DEBUG DIGEST, RDB). The callback must not modify the zset. */
export function zsetForEachScored(e: usize, cb: ZScoredCb, ctx: usize): void {
  curOpen(e);
  curFirst();
  while (curOk()) {
    curMember();
    const p = cP, l = cL;
    const s = curScore();
    const pos = cPos, sc = cSc, enc = cEnc, obj = cObj;
    cb(p, l, s, ctx);
    cPos = pos; cSc = sc; cEnc = enc; cObj = obj;
    curNext();
  }
}

// ---- lifecycle hooks (server/objects.ts) -----------------------------------------------------------

export function zsetObjFree(enc: u32, obj: usize): void {
  if (enc == ENC_LISTPACK) lpFree(obj); else zsFree(obj);
}
export function zsetObjDup(enc: u32, obj: usize): usize {
  return enc == ENC_LISTPACK ? lpDup(obj) : zsDup(obj);
}
export function zsetObjMemUsage(enc: u32, obj: usize): u32 {
  return enc == ENC_LISTPACK ? blockSize(obj) : zsMemUsage(obj);
}

// ---- helpers for commands --------------------------------------------------------------------------

/** WRONGTYPE unless e is 0 or a zset; true when the error was replied. */
@inline function wrongType(c: Client, e: usize): bool {
  if (e != 0 && eType(e) != OBJ_ZSET) { addReplyError(c, ERR_WRONGTYPE); return true; }
  return false;
}

function replyArity(c: Client, name: string): void {
  errBegin(c); errLit(c, "ERR wrong number of arguments for '"); errLit(c, name); errLit(c, "' command"); errEnd(c);
}

/** Deletes the key when its zset became empty (true then); otherwise lets a skiplist dict shrink. */
function deleteIfEmpty(db: Db, e: usize, kp: usize, kl: u32): bool {
  if (zsetLen(e) == 0) {
    dbDelete(db, kp, kl);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", kp, kl, dbIndex(db));
    return true;
  }
  if (eEnc(e) == ENC_SKIPLIST) zsMaybeShrink(zObj(e));
  return false;
}

/** Redis's getPositiveLongFromObjectOrReply: one message for "not an integer" and "negative". */
let posVal: i64 = 0;
function argPositive(c: Client, i: u32, msg: string): bool {
  if (!string2ll(argPtr(c, i), argLen(c, i)) || parsedInt < 0) { addReplyError(c, msg); return false; }
  posVal = parsedInt;
  return true;
}

/** getRangeLongFromObjectOrReply(1, LONG_MAX, msg): msg for both failures. */
function argAtLeastOne(c: Client, i: u32, msg: string): bool {
  if (!string2ll(argPtr(c, i), argLen(c, i)) || parsedInt < 1) { addReplyError(c, msg); return false; }
  posVal = parsedInt;
  return true;
}

// ---- ZADD ZINCRBY ------------------------------------------------------------------------------

function zaddGeneric(c: Client, baseFlags: u32): void {
  let flags = baseFlags;
  let ch = false;
  let scoreidx: u32 = 2;
  while (scoreidx < c.argc) {
    const p = argPtr(c, scoreidx), n = argLen(c, scoreidx);
    if (eqLit(p, n, "nx")) flags |= ZADD_IN_NX;
    else if (eqLit(p, n, "xx")) flags |= ZADD_IN_XX;
    else if (eqLit(p, n, "ch")) ch = true;
    else if (eqLit(p, n, "incr")) flags |= ZADD_IN_INCR;
    else if (eqLit(p, n, "gt")) flags |= ZADD_IN_GT;
    else if (eqLit(p, n, "lt")) flags |= ZADD_IN_LT;
    else break;
    scoreidx++;
  }
  const incr = (flags & ZADD_IN_INCR) != 0;
  const nx = (flags & ZADD_IN_NX) != 0;
  const xx = (flags & ZADD_IN_XX) != 0;
  const gt = (flags & ZADD_IN_GT) != 0;
  const lt = (flags & ZADD_IN_LT) != 0;
  let elements = c.argc - scoreidx;
  if ((elements & 1) != 0 || elements == 0) { addReplyError(c, ERR_SYNTAX); return; }
  elements >>= 1;
  if (nx && xx) { addReplyError(c, ERR_XX_NX); return; }
  if ((gt && nx) || (lt && nx) || (gt && lt)) { addReplyError(c, ERR_GT_LT_NX); return; }
  if (incr && elements > 1) { addReplyError(c, ERR_INCR_PAIR); return; }
  // every score is checked before anything changes (parsed again below)
  for (let j: u32 = 0; j < elements; j++) {
    const i = scoreidx + j * 2;
    if (!string2d(argPtr(c, i), argLen(c, i))) { addReplyError(c, ERR_NOT_FLOAT); return; }
  }
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  let e = lookupKeyWrite(db, kp, kl);
  if (wrongType(c, e)) return;
  let added: i64 = 0, updated: i64 = 0, processed: i64 = 0;
  let score: f64 = 0;
  if (e == 0) {
    if (xx) { zaddReply(c, incr, ch, added, updated, processed, score); return; }
    e = zsetEntryNew(kp, kl, <u64>elements, <u64>argLen(c, scoreidx + 1));
    dbAdd(db, e);
  } else {
    zsetTypeMaybeConvert(e, <u64>elements);
  }
  for (let j: u32 = 0; j < elements; j++) {
    const i = scoreidx + j * 2;
    string2d(argPtr(c, i), argLen(c, i));
    score = parsedDouble;
    if (!zsetAdd(e, score, argPtr(c, i + 1), argLen(c, i + 1), flags)) {
      addReplyError(c, ERR_NAN_SCORE);
      S().dirty += <u64>(added + updated);
      if (added + updated > 0) keyChanged(db, NOTIFY_ZSET, incr ? "zincr" : "zadd", kp, kl);
      return;
    }
    if ((outFlags & ZADD_OUT_ADDED) != 0) added++;
    if ((outFlags & ZADD_OUT_UPDATED) != 0) updated++;
    if ((outFlags & ZADD_OUT_NOP) == 0) processed++;
    score = outScore;
  }
  S().dirty += <u64>(added + updated);
  if (added + updated > 0) keyChanged(db, NOTIFY_ZSET, incr ? "zincr" : "zadd", kp, kl);
  zaddReply(c, incr, ch, added, updated, processed, score);
}

function zaddReply(c: Client, incr: bool, ch: bool, added: i64, updated: i64, processed: i64, score: f64): void {
  if (incr) {
    if (processed != 0) addReplyDouble(c, score); else addReplyNull(c);
  } else addReplyLongLong(c, ch ? added + updated : added);
}

function zaddCommand(c: Client): void { zaddGeneric(c, 0); }
function zincrbyCommand(c: Client): void { zaddGeneric(c, ZADD_IN_INCR); }

// ---- ZREM ZREMRANGEBY* ---------------------------------------------------------------------------

function zremCommand(c: Client): void {
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const e = lookupKeyWrite(db, kp, kl);
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (wrongType(c, e)) return;
  let deleted: i64 = 0;
  let removed = false;
  for (let j: u32 = 2; j < c.argc; j++) {
    if (zsetDel(e, argPtr(c, j), argLen(c, j))) deleted++;
    if (zsetLen(e) == 0) { dbDelete(db, kp, kl); removed = true; break; }
  }
  if (deleted > 0) {
    keyChanged(db, NOTIFY_ZSET, "zrem", kp, kl);
    if (removed) notifyKeyspaceEvent(NOTIFY_GENERIC, "del", kp, kl, c.db);
  }
  if (!removed && eEnc(e) == ENC_SKIPLIST) zsMaybeShrink(zObj(e));
  S().dirty += <u64>deleted;
  addReplyLongLong(c, deleted);
}

const RT_AUTO: u32 = 0;
const RT_RANK: u32 = 1;
const RT_SCORE: u32 = 2;
const RT_LEX: u32 = 3;

function zremrangeGeneric(c: Client, rangetype: u32): void {
  let start: i64 = 0, end: i64 = 0;
  if (rangetype == RT_RANK) {
    if (!argInt(c, 2)) return;
    start = argIntVal;
    if (!argInt(c, 3)) return;
    end = argIntVal;
  } else if (rangetype == RT_SCORE) {
    if (!parseScoreRange(argPtr(c, 2), argLen(c, 2), argPtr(c, 3), argLen(c, 3))) { addReplyError(c, ERR_MINMAX_FLOAT); return; }
  } else {
    if (!parseLexRange(argPtr(c, 2), argLen(c, 2), argPtr(c, 3), argLen(c, 3))) { addReplyError(c, ERR_MINMAX_LEX); return; }
  }
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const e = lookupKeyWrite(db, kp, kl);
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (wrongType(c, e)) return;
  if (rangetype == RT_RANK) {
    const llen = <i64>zsetLen(e);
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) { addReplyLongLong(c, 0); return; }
    if (end >= llen) end = llen - 1;
  }
  let deleted: u32 = 0;
  if (eEnc(e) == ENC_LISTPACK) {
    let lp = zObj(e);
    if (rangetype == RT_RANK) {
      deleted = <u32>(end - start + 1);
      lp = lpDeleteRange(lp, start * 2, deleted * 2);
    } else if (rangetype == RT_SCORE) {
      lp = zzlDeleteRangeByScore(lp); deleted = zzlDeleted;
    } else {
      lp = zzlDeleteRangeByLex(lp); deleted = zzlDeleted;
    }
    zPutObj(e, lp);
  } else {
    const zs = zObj(e);
    if (rangetype == RT_RANK) deleted = zsDeleteRangeByRank(zs, <u32>start + 1, <u32>end + 1);
    else if (rangetype == RT_SCORE) deleted = zsDeleteRangeByScore(zs);
    else deleted = zsDeleteRangeByLex(zs);
  }
  if (deleted > 0) {
    keyChanged(db, NOTIFY_ZSET, rangetype == RT_RANK ? "zremrangebyrank" : rangetype == RT_SCORE ? "zremrangebyscore" : "zremrangebylex", kp, kl);
  }
  deleteIfEmpty(db, e, kp, kl);
  S().dirty += <u64>deleted;
  addReplyLongLong(c, deleted);
}

function zremrangebyrankCommand(c: Client): void { zremrangeGeneric(c, RT_RANK); }
function zremrangebyscoreCommand(c: Client): void { zremrangeGeneric(c, RT_SCORE); }
function zremrangebylexCommand(c: Client): void { zremrangeGeneric(c, RT_LEX); }

// ---- ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK ZCOUNT ZLEXCOUNT ------------------------------------------

function zcardCommand(c: Client): void {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (wrongType(c, e)) return;
  addReplyLongLong(c, zsetLen(e));
}

function zscoreCommand(c: Client): void {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyNull(c); return; }
  if (wrongType(c, e)) return;
  if (zsetScore(e, argPtr(c, 2), argLen(c, 2))) addReplyDouble(c, zScoreVal); else addReplyNull(c);
}

function zmscoreCommand(c: Client): void {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (wrongType(c, e)) return;
  addReplyArrayLen(c, c.argc - 2);
  for (let j: u32 = 2; j < c.argc; j++) {
    if (e == 0 || !zsetScore(e, argPtr(c, j), argLen(c, j))) addReplyNull(c);
    else addReplyDouble(c, zScoreVal);
  }
}

function zrankGeneric(c: Client, reverse: bool): void {
  if (c.argc > 4) { replyArity(c, reverse ? "zrevrank" : "zrank"); return; }
  let withscore = false;
  if (c.argc > 3) {
    if (eqLit(argPtr(c, 3), argLen(c, 3), "withscore")) withscore = true;
    else { addReplyError(c, ERR_SYNTAX); return; }
  }
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { if (withscore) addReplyNullArray(c); else addReplyNull(c); return; }
  if (wrongType(c, e)) return;
  const rank = zsetRank(e, argPtr(c, 2), argLen(c, 2), reverse);
  if (rank >= 0) {
    if (withscore) addReplyArrayLen(c, 2);
    addReplyLongLong(c, rank);
    if (withscore) addReplyDouble(c, zScoreVal);
  } else if (withscore) addReplyNullArray(c);
  else addReplyNull(c);
}
function zrankCommand(c: Client): void { zrankGeneric(c, false); }
function zrevrankCommand(c: Client): void { zrankGeneric(c, true); }

function zcountCommand(c: Client): void {
  if (!parseScoreRange(argPtr(c, 2), argLen(c, 2), argPtr(c, 3), argLen(c, 3))) { addReplyError(c, ERR_MINMAX_FLOAT); return; }
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (wrongType(c, e)) return;
  let count: i64 = 0;
  if (eEnc(e) == ENC_LISTPACK) {
    const lp = zObj(e);
    let eptr = zzlFirstInRange(lp);
    while (eptr != 0) {
      const sptr = lpNext(lp, eptr);
      if (!valueLteMax(lpGetDouble(sptr))) break;
      count++;
      eptr = lpNext(lp, sptr);
    }
  } else {
    const zs = zObj(e);
    if (zsFirstInRange(zs) != 0) {
      const r1 = foundRank;
      if (zsLastInRange(zs) != 0) count = <i64>foundRank - <i64>r1 + 1;
    }
  }
  addReplyLongLong(c, count);
}

function zlexcountCommand(c: Client): void {
  if (!parseLexRange(argPtr(c, 2), argLen(c, 2), argPtr(c, 3), argLen(c, 3))) { addReplyError(c, ERR_MINMAX_LEX); return; }
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (wrongType(c, e)) return;
  let count: i64 = 0;
  if (eEnc(e) == ENC_LISTPACK) {
    const lp = zObj(e);
    let eptr = zzlFirstInLexRange(lp);
    while (eptr != 0) {
      if (!lpLexLteMax(eptr)) break;
      count++;
      eptr = lpNext(lp, lpNext(lp, eptr));
    }
  } else {
    const zs = zObj(e);
    if (zsFirstInLexRange(zs) != 0) {
      const r1 = foundRank;
      if (zsLastInLexRange(zs) != 0) count = <i64>foundRank - <i64>r1 + 1;
    }
  }
  addReplyLongLong(c, count);
}

// ---- range results: to the client, or into a new zset (ZRANGESTORE) --------------------------------

let hStore = false;
let hWith = false;        // scores are emitted (WITHSCORES, or always when storing)
let hNested = false;      // RESP3 WITHSCORES: [member, score] pairs
let hDeferred = false;
let hDefer: u32 = 0;
let hDst: usize = 0;      // ZRANGESTORE: detached entry being filled
let hDstIdx: u32 = 0;     // ZRANGESTORE: argv index of the destination key

function rhInit(store: bool, dstIdx: u32): void {
  hStore = store; hWith = false; hNested = false; hDeferred = false; hDst = 0; hDstIdx = dstIdx;
}
function rhScores(c: Client): void { hWith = true; hNested = c.resp > 2; }

/** length < 0: unknown (deferred array length). */
function rhBegin(c: Client, length: i64): void {
  if (hStore) {
    hDst = zsetEntryNew(0, 0, length >= 0 ? <u64>length : 0, 0);
    return;
  }
  if (length >= 0) {
    addReplyArrayLen(c, hWith && c.resp == 2 ? length * 2 : length);
    hDeferred = false;
  } else {
    hDefer = addReplyDeferredLen(c);
    hDeferred = true;
  }
}

function rhEmit(c: Client, p: usize, l: u32, score: f64): void {
  if (hStore) { zsetAdd(hDst, score, p, l, 0); return; }
  if (hNested) addReplyArrayLen(c, 2);
  addReplyBulk(c, p, l);
  if (hWith) addReplyDouble(c, score);
}

function rhFinalize(c: Client, count: i64): void {
  if (hStore) {
    const db = cdb(c);
    const kp = argPtr(c, hDstIdx), kl = argLen(c, hDstIdx);
    if (count > 0) {
      const e = kvRekey(hDst, kp, kl);
      if (e == 0) unreachable();
      dbSet(db, e);
      addReplyLongLong(c, count);
      keyChanged(db, NOTIFY_ZSET, "zrangestore", kp, kl);
      S().dirty++;
    } else {
      kvFree(hDst);
      addReplyLongLong(c, 0);
      deleteStoreDestination(db, kp, kl);
    }
    hDst = 0;
    return;
  }
  if (hDeferred) setDeferredArrayLen(c, hDefer, hWith && c.resp == 2 ? count * 2 : count);
}

/** Emits the cursor's member (and score when needed). */
@inline function rhEmitCursor(c: Client): void {
  curMember();
  rhEmit(c, cP, cL, hWith ? curScore() : 0);
}

function rangeByRank(c: Client, e: usize, start: i64, end: i64, reverse: bool): void {
  const llen = <i64>zsetLen(e);
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) { rhBegin(c, 0); rhFinalize(c, 0); return; }
  if (end >= llen) end = llen - 1;
  const rangelen = end - start + 1;
  rhBegin(c, rangelen);
  curOpen(e);
  curAtRank(<u32>(reverse ? llen - 1 - start : start));
  for (let k: i64 = 0; k < rangelen && curOk(); k++) {
    rhEmitCursor(c);
    curStep(reverse);
  }
  rhFinalize(c, rangelen);
}

/** Positions the cursor `offset` members into the range from its start (or end when reverse). */
function curSeekInRange(e: usize, lex: bool, reverse: bool, offset: i64): void {
  curOpen(e);
  if (cEnc == ENC_LISTPACK) {
    const lp = cObj;
    let eptr: usize;
    if (lex) eptr = reverse ? zzlLastInLexRange(lp) : zzlFirstInLexRange(lp);
    else eptr = reverse ? zzlLastInRange(lp) : zzlFirstInRange(lp);
    curSetLp(eptr);
    while (curOk() && offset-- > 0) curStep(reverse);
    return;
  }
  const zs = cObj;
  let n: usize;
  if (lex) n = reverse ? zsLastInLexRange(zs) : zsFirstInLexRange(zs);
  else n = reverse ? zsLastInRange(zs) : zsFirstInRange(zs);
  if (n != 0 && offset > 0) {
    const r = reverse ? <i64>foundRank - offset : <i64>foundRank + offset;
    n = r < 1 || r > <i64>zsLength(zs) ? 0 : zsByRank(zs, <u32>r);
  }
  cPos = n;
}

function rangeByScoreOrLex(c: Client, e: usize, lex: bool, offset: i64, limit: i64, reverse: bool): void {
  rhBegin(c, -1);
  if (offset < 0 || (offset > 0 && offset >= <i64>zsetLen(e))) { rhFinalize(c, 0); return; }
  curSeekInRange(e, lex, reverse, offset);
  let rangelen: i64 = 0;
  while (curOk() && limit-- != 0) {
    curMember();
    if (lex) {
      if (reverse ? !lexGteMin(cP, cL) : !lexLteMax(cP, cL)) break;
      rhEmit(c, cP, cL, hWith ? curScore() : 0);
    } else {
      const s = curScore();
      if (reverse ? !valueGteMin(s) : !valueLteMax(s)) break;
      rhEmit(c, cP, cL, s);
    }
    rangelen++;
    curStep(reverse);
  }
  rhFinalize(c, rangelen);
}

const DIR_AUTO: u32 = 0;
const DIR_FWD: u32 = 1;
const DIR_REV: u32 = 2;

/**
 * ZRANGE, ZRANGESTORE and the legacy Z[REV]RANGE[BYSCORE|BYLEX]: argv[argcStart] is the source key,
 * then min, max and options. Options are all parsed before the key is looked up.
 */
function zrangeGeneric(c: Client, argcStart: u32, store: bool, rangetype: u32, direction: u32): void {
  let minidx = argcStart + 1, maxidx = argcStart + 2;
  let withscores = false;
  let offset: i64 = 0, limit: i64 = -1;
  for (let j = argcStart + 3; j < c.argc; j++) {
    const left = c.argc - j - 1;
    const p = argPtr(c, j), n = argLen(c, j);
    if (!store && eqLit(p, n, "withscores")) withscores = true;
    else if (eqLit(p, n, "limit") && left >= 2) {
      if (!argInt(c, j + 1)) return;
      offset = argIntVal;
      if (!argInt(c, j + 2)) return;
      limit = argIntVal;
      j += 2;
    } else if (direction == DIR_AUTO && eqLit(p, n, "rev")) direction = DIR_REV;
    else if (rangetype == RT_AUTO && eqLit(p, n, "bylex")) rangetype = RT_LEX;
    else if (rangetype == RT_AUTO && eqLit(p, n, "byscore")) rangetype = RT_SCORE;
    else { addReplyError(c, ERR_SYNTAX); return; }
  }
  if (direction == DIR_AUTO) direction = DIR_FWD;
  if (rangetype == RT_AUTO) rangetype = RT_RANK;
  if (limit != -1 && rangetype == RT_RANK) { addReplyError(c, ERR_LIMIT_RANK); return; }
  if (withscores && rangetype == RT_LEX) { addReplyError(c, ERR_WITHSCORES_LEX); return; }
  const reverse = direction == DIR_REV;
  if (reverse && rangetype != RT_RANK) { const t = maxidx; maxidx = minidx; minidx = t; }
  let start: i64 = 0, end: i64 = 0;
  if (rangetype == RT_RANK) {
    if (!argInt(c, minidx)) return;
    start = argIntVal;
    if (!argInt(c, maxidx)) return;
    end = argIntVal;
  } else if (rangetype == RT_SCORE) {
    if (!parseScoreRange(argPtr(c, minidx), argLen(c, minidx), argPtr(c, maxidx), argLen(c, maxidx))) {
      addReplyError(c, ERR_MINMAX_FLOAT); return;
    }
  } else {
    if (!parseLexRange(argPtr(c, minidx), argLen(c, minidx), argPtr(c, maxidx), argLen(c, maxidx))) {
      addReplyError(c, ERR_MINMAX_LEX); return;
    }
  }
  rhInit(store, 1);
  if (withscores || store) rhScores(c);
  const e = lookupKeyRead(cdb(c), argPtr(c, argcStart), argLen(c, argcStart), touchAllowed(c));
  if (e == 0) {
    if (store) { rhBegin(c, -1); rhFinalize(c, 0); }
    else addReplyLit(c, "*0\r\n");
    return;
  }
  if (wrongType(c, e)) return;
  if (rangetype == RT_RANK) rangeByRank(c, e, start, end, reverse);
  else rangeByScoreOrLex(c, e, rangetype == RT_LEX, offset, limit, reverse);
}

function zrangeCommand(c: Client): void { zrangeGeneric(c, 1, false, RT_AUTO, DIR_AUTO); }
function zrangestoreCommand(c: Client): void { zrangeGeneric(c, 2, true, RT_AUTO, DIR_AUTO); }
function zrevrangeCommand(c: Client): void { zrangeGeneric(c, 1, false, RT_RANK, DIR_REV); }
function zrangebyscoreCommand(c: Client): void { zrangeGeneric(c, 1, false, RT_SCORE, DIR_FWD); }
function zrevrangebyscoreCommand(c: Client): void { zrangeGeneric(c, 1, false, RT_SCORE, DIR_REV); }
function zrangebylexCommand(c: Client): void { zrangeGeneric(c, 1, false, RT_LEX, DIR_FWD); }
function zrevrangebylexCommand(c: Client): void { zrangeGeneric(c, 1, false, RT_LEX, DIR_REV); }

// ---- ZPOPMIN ZPOPMAX ZMPOP BZPOPMIN BZPOPMAX BZMPOP -------------------------------------------------

const ZSET_MIN: u32 = 0;
const ZSET_MAX: u32 = 1;

/**
 * Redis's genericZpopCommand over argv[first .. first+keyc): pops from the first key that exists.
 * count -1 is a plain single pop. Returns true when the key was deleted (it became empty).
 */
function genericZpop(c: Client, first: u32, keyc: u32, where: u32, emitkey: bool, count: i64, nested: bool, nilWhenEmpty: bool): bool {
  const db = cdb(c);
  let e: usize = 0;
  let ki: u32 = 0;
  for (let k: u32 = 0; k < keyc; k++) {
    ki = first + k;
    e = lookupKeyWrite(db, argPtr(c, ki), argLen(c, ki));
    if (e == 0) continue;
    if (wrongType(c, e)) return false;
    break;
  }
  if (e == 0) {
    if (nilWhenEmpty) addReplyNullArray(c); else addReplyLit(c, "*0\r\n");
    return false;
  }
  if (count == 0) { addReplyLit(c, "*0\r\n"); return false; }
  if (count == -1) count = 1;
  const llen = <i64>zsetLen(e);
  let rangelen = count > llen ? llen : count;
  const kp = argPtr(c, ki), kl = argLen(c, ki);
  if (!nested && !emitkey) addReplyArrayLen(c, rangelen * 2);
  else if (nested && !emitkey) addReplyArrayLen(c, rangelen);
  else if (!nested && emitkey) { addReplyArrayLen(c, rangelen * 2 + 1); addReplyBulk(c, kp, kl); }
  else { addReplyArrayLen(c, 2); addReplyBulk(c, kp, kl); addReplyArrayLen(c, rangelen); }
  while (rangelen-- > 0) {
    curOpen(e);
    if (where == ZSET_MAX) curLast(); else curFirst();
    curMember();
    if (nested) addReplyArrayLen(c, 2);
    addReplyBulk(c, cP, cL);
    addReplyDouble(c, curScore());
    curDelete(e);
    S().dirty++;
  }
  keyChanged(db, NOTIFY_ZSET, where == ZSET_MAX ? "zpopmax" : "zpopmin", kp, kl);
  return deleteIfEmpty(db, e, kp, kl);
}

function zpopMinMax(c: Client, where: u32): void {
  if (c.argc > 3) { addReplyError(c, ERR_SYNTAX); return; }
  let count: i64 = -1;
  if (c.argc == 3) {
    if (!argPositive(c, 2, ERR_MUST_POSITIVE)) return;
    count = posVal;
  }
  genericZpop(c, 1, 1, where, false, count, c.resp > 2 && count != -1, false);
}
function zpopminCommand(c: Client): void { zpopMinMax(c, ZSET_MIN); }
function zpopmaxCommand(c: Client): void { zpopMinMax(c, ZSET_MAX); }

/**
 * BZPOPMIN, BZPOPMAX, BZMPOP: serve now when a key has members; otherwise block on the keys
 * (server/blocking.ts re-runs this command when one of them is created as a zset). Inside MULTI or
 * a script (CF_DENY_BLOCKING) an empty result is replied as a timeout.
 */
function blockingGenericZpop(c: Client, first: u32, keyc: u32, where: u32, timeoutIdx: u32, count: i64, nested: bool, nilWhenEmpty: bool): void {
  if (!getTimeoutArg(c, timeoutIdx)) return;
  const db = cdb(c);
  for (let k: u32 = 0; k < keyc; k++) {
    const ki = first + k;
    const e = lookupKeyWrite(db, argPtr(c, ki), argLen(c, ki));
    if (e == 0) continue;
    if (wrongType(c, e)) return;
    if (zsetLen(e) == 0) continue;
    genericZpop(c, ki, 1, where, true, count, nested, nilWhenEmpty);
    return;
  }
  if ((c.flags & CF_DENY_BLOCKING) != 0) { addReplyNullArray(c); return; }
  blockForKeys(c, BLOCKED_ZSET, first, keyc, timeoutArgVal);
}

function bzpopminCommand(c: Client): void { blockingGenericZpop(c, 1, c.argc - 2, ZSET_MIN, c.argc - 1, -1, false, false); }
function bzpopmaxCommand(c: Client): void { blockingGenericZpop(c, 1, c.argc - 2, ZSET_MAX, c.argc - 1, -1, false, false); }

function zmpopGeneric(c: Client, numkeysIdx: u32, block: bool): void {
  if (!argAtLeastOne(c, numkeysIdx, ERR_NUMKEYS)) return;
  const numkeys = posVal;
  const whereIdx: i64 = <i64>numkeysIdx + numkeys + 1;
  if (numkeys >= <i64>c.argc || whereIdx >= <i64>c.argc) { addReplyError(c, ERR_SYNTAX); return; }
  const wi = <u32>whereIdx;
  let where: u32;
  if (eqLit(argPtr(c, wi), argLen(c, wi), "min")) where = ZSET_MIN;
  else if (eqLit(argPtr(c, wi), argLen(c, wi), "max")) where = ZSET_MAX;
  else { addReplyError(c, ERR_SYNTAX); return; }
  let count: i64 = -1;
  for (let j = wi + 1; j < c.argc; j++) {
    const more = c.argc - 1 - j;
    if (count == -1 && eqLit(argPtr(c, j), argLen(c, j), "count") && more > 0) {
      j++;
      if (!argAtLeastOne(c, j, ERR_COUNT_POS)) return;
      count = posVal;
    } else { addReplyError(c, ERR_SYNTAX); return; }
  }
  if (count == -1) count = 1;
  if (block) blockingGenericZpop(c, numkeysIdx + 1, <u32>numkeys, where, 1, count, true, true);
  else genericZpop(c, numkeysIdx + 1, <u32>numkeys, where, true, count, true, true);
}
function zmpopCommand(c: Client): void { zmpopGeneric(c, 1, false); }
function bzmpopCommand(c: Client): void { zmpopGeneric(c, 2, true); }

// ---- ZRANDMEMBER -----------------------------------------------------------------------------------

// Bitmap of picked ranks for unique sampling (transient, one command).
let pickBits: usize = 0;
@inline function picked(i: u32): bool { return (<u32>load<u8>(pickBits + (i >> 3)) & (<u32>1 << (i & 7))) != 0; }
@inline function pick(i: u32): void { store<u8>(pickBits + (i >> 3), <u8>(<u32>load<u8>(pickBits + (i >> 3)) | (<u32>1 << (i & 7)))); }

/** Uniform in [0, n). */
@inline function randBelow(n: u32): u32 { return <u32>((<u64>rand32() * <u64>n) >> 32); }

function randEmit(c: Client, withscores: bool): void {
  if (withscores && c.resp > 2) addReplyArrayLen(c, 2);
  curMember();
  addReplyBulk(c, cP, cL);
  if (withscores) addReplyDouble(c, curScore());
}

function zrandmemberWithCount(c: Client, l: i64, withscores: bool): void {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyLit(c, "*0\r\n"); return; }
  if (wrongType(c, e)) return;
  const size = <u64>zsetLen(e);
  let count: u64;
  let uniq = true;
  if (l >= 0) count = <u64>l; else { count = <u64>(-l); uniq = false; }
  if (count == 0) { addReplyLit(c, "*0\r\n"); return; }
  curOpen(e);
  // CASE 1: repeats allowed (or a single element): independent uniform picks
  if (!uniq || count == 1) {
    addReplyArrayLen(c, withscores && c.resp == 2 ? <i64>count * 2 : <i64>count);
    if (cEnc == ENC_LISTPACK) {
      const lp = cObj;
      const offs = alloc(<u32>size * 4);
      lpOffsets(lp, offs, 1);
      while (count-- > 0) {
        curSetLp(lp + load<u32>(offs + (<usize>randBelow(<u32>size) << 2)));
        randEmit(c, withscores);
        if ((c.flags & CF_CLOSE_ASAP) != 0) break;
      }
      free(offs);
    } else {
      while (count-- > 0) {
        cPos = zsByRank(cObj, randBelow(<u32>size) + 1);
        randEmit(c, withscores);
        if ((c.flags & CF_CLOSE_ASAP) != 0) break;
      }
    }
    return;
  }
  const replySize = count < size ? count : size;
  addReplyArrayLen(c, withscores && c.resp == 2 ? <i64>replySize * 2 : <i64>replySize);
  // CASE 2: the whole zset, walked from the highest score (Redis iterates zsets in reverse here)
  if (count >= size) {
    curLast();
    while (curOk()) { randEmit(c, withscores); curPrev(); }
    return;
  }
  // CASE 2.5 (listpack): distinct picks emitted in listpack order (selection sampling)
  if (cEnc == ENC_LISTPACK) {
    let need = count;
    let left = size;
    curFirst();
    while (curOk() && need > 0) {
      if (<u64>randBelow(<u32>left) < need) { randEmit(c, withscores); need--; }
      left--;
      curNext();
    }
    return;
  }
  // CASES 3 and 4 (skiplist): distinct random ranks from a bitmap
  const n = <u32>size;
  pickBits = allocZeroed((n + 7) >> 3);
  if (count * 3 > size) {
    // many picks: choose the ranks to leave out, then emit the rest in order
    let drop = n - <u32>count;
    while (drop > 0) {
      const r = randBelow(n);
      if (!picked(r)) { pick(r); drop--; }
    }
    let node = zsFirst(cObj);
    let r: u32 = 0;
    while (node != 0) {
      if (!picked(r)) { cPos = node; randEmit(c, withscores); }
      r++;
      node = znNext(node);
    }
  } else {
    let added: u64 = 0;
    while (added < count) {
      const r = randBelow(n);
      if (picked(r)) continue;
      pick(r);
      added++;
      cPos = zsByRank(cObj, r + 1);
      randEmit(c, withscores);
    }
  }
  free(pickBits);
  pickBits = 0;
}

function zrandmemberCommand(c: Client): void {
  if (c.argc >= 3) {
    if (!string2ll(argPtr(c, 2), argLen(c, 2))) { addReplyError(c, ERR_NOT_INTEGER); return; }
    const l = parsedInt;
    if (l == i64.MIN_VALUE) { addReplyError(c, ERR_LONG_RANGE); return; }
    let withscores = false;
    if (c.argc > 4 || (c.argc == 4 && !eqLit(argPtr(c, 3), argLen(c, 3), "withscores"))) {
      addReplyError(c, ERR_SYNTAX); return;
    } else if (c.argc == 4) {
      withscores = true;
      if (l < -LONG_MAX / 2 || l > LONG_MAX / 2) { addReplyError(c, ERR_OUT_OF_RANGE); return; }
    }
    zrandmemberWithCount(c, l, withscores);
    return;
  }
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyNull(c); return; }
  if (wrongType(c, e)) return;
  curOpen(e);
  curAtRank(randBelow(zsetLen(e)));
  curMember();
  addReplyBulk(c, cP, cL);
}

// ---- ZSCAN -------------------------------------------------------------------------------------

let scanSampled: i64 = 0;
let scanPat: usize = 0;
let scanPatLen: u32 = 0;
let scanUsePat = false;

function scanVisit(n: usize, ctx: usize): void {
  scanSampled++;
  if (scanUsePat && !stringmatchlen(scanPat, scanPatLen, znMember(n), znMemberLen(n), false)) return;
  scanCollect(n);
}

const FMT_BUF: usize = memory.data(1100);

function zscanCommand(c: Client): void {
  if (!parseScanCursor(c, 2)) return;
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyLit(c, "*2\r\n$1\r\n0\r\n*0\r\n"); return; }
  if (wrongType(c, e)) return;
  if (!parseScanOptions(c, 3, 0)) return;
  const count = scanOptCount, usePat = scanOptUsePat, pat = scanOptPat, patLen = scanOptPatLen;
  addReplyArrayLen(c, 2);
  if (eEnc(e) == ENC_LISTPACK) {
    // small encodings return everything at once with cursor 0
    addReplyLit(c, "$1\r\n0\r\n");
    const lp = zObj(e);
    const h = addReplyDeferredLen(c);
    let k: i64 = 0;
    let eptr = lpFirst(lp);
    while (eptr != 0) {
      const sptr = lpNext(lp, eptr);
      lpMember(eptr, CUR_BUF);
      if (!usePat || stringmatchlen(pat, patLen, lmP, lmL, false)) {
        addReplyBulk(c, lmP, lmL);
        lpMember(sptr, CUR_BUF);
        addReplyBulk(c, lmP, lmL);
        k += 2;
      }
      eptr = lpNext(lp, sptr);
    }
    setDeferredArrayLen(c, h, k);
    return;
  }
  const zs = zObj(e);
  scanCollectBegin(); scanSampled = 0;
  scanPat = pat; scanPatLen = patLen; scanUsePat = usePat;
  // 32-bit dict cursor: the high bits of a larger cursor never matter (see keys.ts SCAN)
  let cursor: u32 = <u32>scanCursorVal;
  let maxIterations: i64 = count * 10;
  do {
    cursor = dictScan(zsDict(zs), cursor, scanVisit, 0);
  } while (cursor != 0 && maxIterations-- != 0 && scanSampled < count);
  const tmp = memory.data(24);
  addReplyBulk(c, tmp, ull2string(tmp, <u64>cursor));
  addReplyArrayLen(c, <i64>scanCollectedLen() * 2);
  for (let k: u32 = 0; k < scanCollectedLen(); k++) {
    const n = scanCollected(k);
    addReplyBulk(c, znMember(n), znMemberLen(n));
    addReplyBulk(c, FMT_BUF, fmtG17(FMT_BUF, znScore(n)));
  }
  scanCollectEnd();
}

// ---- "%.17g" for ZSCAN of a skiplist (Redis's ld2string LD_STR_AUTO of the double) ---------------

const BIG: usize = memory.data(4 * 96, 8);     // little-endian u32 limbs
const DIG: usize = memory.data(1024);          // decimal digits, most significant first (values 0..9)
let bigN: u32 = 0;

function bigMulSmall(m: u32): void {
  let carry: u64 = 0;
  for (let i: u32 = 0; i < bigN; i++) {
    const t = <u64>load<u32>(BIG + (i << 2)) * <u64>m + carry;
    store<u32>(BIG + (i << 2), <u32>t);
    carry = t >> 32;
  }
  if (carry != 0) { store<u32>(BIG + (bigN << 2), <u32>carry); bigN++; }
}

function bigShl(s: u32): void {
  const limbs = s >> 5, bits = s & 31;
  if (bits != 0) {
    let carry: u32 = 0;
    for (let i: u32 = 0; i < bigN; i++) {
      const v = load<u32>(BIG + (i << 2));
      store<u32>(BIG + (i << 2), (v << bits) | carry);
      carry = v >>> (32 - bits);
    }
    if (carry != 0) { store<u32>(BIG + (bigN << 2), carry); bigN++; }
  }
  if (limbs != 0) {
    for (let i = <i32>bigN - 1; i >= 0; i--) store<u32>(BIG + ((<u32>i + limbs) << 2), load<u32>(BIG + (<u32>i << 2)));
    for (let i: u32 = 0; i < limbs; i++) store<u32>(BIG + (i << 2), 0);
    bigN += limbs;
  }
}

/** Decimal digits of BIG into DIG (destroys BIG); returns the digit count. */
function bigToDec(): u32 {
  // 9-digit chunks, least significant first, written from the end of DIG
  let pos: u32 = 1024;
  while (bigN > 0) {
    let rem: u64 = 0;
    for (let i = <i32>bigN - 1; i >= 0; i--) {
      const cur = (rem << 32) | <u64>load<u32>(BIG + (<u32>i << 2));
      store<u32>(BIG + (<u32>i << 2), <u32>(cur / 1000000000));
      rem = cur % 1000000000;
    }
    while (bigN > 0 && load<u32>(BIG + ((bigN - 1) << 2)) == 0) bigN--;
    let chunk = <u32>rem;
    for (let k = 0; k < 9; k++) { pos--; store<u8>(DIG + pos, <u8>(chunk % 10)); chunk /= 10; }
  }
  while (pos < 1023 && load<u8>(DIG + pos) == 0) pos++;
  const nd = 1024 - pos;
  memory.copy(DIG, DIG + pos, nd);
  return nd;
}

/** printf("%.17g") of a finite or special double, exact (round half to even on the binary value). */
export function fmtG17(dst: usize, v: f64): u32 {
  const bits = reinterpret<u64>(v);
  let w: u32 = 0;
  if (isNaN(v)) { store<u8>(dst, 110); store<u8>(dst + 1, 97); store<u8>(dst + 2, 110); return 3; }
  if ((bits >> 63) != 0) { store<u8>(dst, 45); w = 1; }
  if (!isFinite(v)) { store<u8>(dst + w, 105); store<u8>(dst + w + 1, 110); store<u8>(dst + w + 2, 102); return w + 3; }
  if (v == 0) { store<u8>(dst + w, 48); return w + 1; }
  const be = <i32>((bits >> 52) & 0x7FF);
  let m = bits & 0xFFFFFFFFFFFFF;
  let e2: i32;
  if (be == 0) e2 = -1074; else { m |= <u64>1 << 52; e2 = be - 1075; }
  const tz = <i32>ctz<u64>(m);
  m >>= <u64>tz; e2 += tz;
  store<u32>(BIG, <u32>m);
  store<u32>(BIG + 4, <u32>(m >> 32));
  bigN = (m >> 32) != 0 ? 2 : 1;
  let dexp: i32 = 0;
  if (e2 > 0) bigShl(<u32>e2);
  else if (e2 < 0) {
    let k = -e2;
    while (k >= 13) { bigMulSmall(1220703125); k -= 13; }
    let p: u32 = 1;
    while (k-- > 0) p *= 5;
    if (p != 1) bigMulSmall(p);
    dexp = e2;
  }
  let nd = bigToDec();
  let X: i32 = <i32>nd - 1 + dexp;
  if (nd > 17) {
    const d17 = load<u8>(DIG + 17);
    let up = false;
    if (d17 > 5) up = true;
    else if (d17 == 5) {
      for (let i: u32 = 18; i < nd; i++) if (load<u8>(DIG + i) != 0) { up = true; break; }
      if (!up) up = (load<u8>(DIG + 16) & 1) != 0;
    }
    nd = 17;
    if (up) {
      let i: i32 = 16;
      while (i >= 0 && load<u8>(DIG + i) == 9) { store<u8>(DIG + i, 0); i--; }
      if (i < 0) { store<u8>(DIG, 1); X++; }
      else store<u8>(DIG + i, load<u8>(DIG + i) + 1);
    }
  }
  while (nd > 1 && load<u8>(DIG + nd - 1) == 0) nd--;
  const o = dst + w;
  let k: u32 = 0;
  if (X < -4 || X >= 17) {
    store<u8>(o, 48 + load<u8>(DIG)); k = 1;
    if (nd > 1) {
      store<u8>(o + 1, 46); k = 2;
      for (let i: u32 = 1; i < nd; i++) store<u8>(o + k++, 48 + load<u8>(DIG + i));
    }
    store<u8>(o + k++, 101);
    store<u8>(o + k++, X < 0 ? 45 : 43);
    let ax = X < 0 ? -X : X;
    if (ax >= 100) { store<u8>(o + k++, <u8>(48 + ax / 100)); ax %= 100; store<u8>(o + k++, <u8>(48 + ax / 10)); }
    else store<u8>(o + k++, <u8>(48 + ax / 10));
    store<u8>(o + k++, <u8>(48 + ax % 10));
  } else if (X >= 0) {
    for (let i: i32 = 0; i <= X; i++) store<u8>(o + k++, 48 + (<u32>i < nd ? load<u8>(DIG + i) : 0));
    if (<i32>nd > X + 1) {
      store<u8>(o + k++, 46);
      for (let i = <u32>(X + 1); i < nd; i++) store<u8>(o + k++, 48 + load<u8>(DIG + i));
    }
  } else {
    store<u8>(o, 48); store<u8>(o + 1, 46); k = 2;
    for (let i: i32 = 0; i < -X - 1; i++) store<u8>(o + k++, 48);
    for (let i: u32 = 0; i < nd; i++) store<u8>(o + k++, 48 + load<u8>(DIG + i));
  }
  return w + k;
}

// ---- ZUNION ZINTER ZDIFF (+STORE) ZINTERCARD -------------------------------------------------------

const OP_UNION: u32 = 0;
const OP_INTER: u32 = 1;
const OP_DIFF: u32 = 2;
const AGG_SUM: u32 = 1;
const AGG_MIN: u32 = 2;
const AGG_MAX: u32 = 3;

// Sources: SRC_SIZE bytes each: [entry u32 (0: missing key)][pad u32][weight f64].
const SRC_SIZE: u32 = 16;
let srcs: usize = 0;
@inline function srcE(i: u32): usize { return load<u32>(srcs + <usize>i * SRC_SIZE); }
@inline function srcW(i: u32): f64 { return load<f64>(srcs + <usize>i * SRC_SIZE + 8); }

/** Members of a source (zset or set); 0 for a missing key. */
function zuiLength(e: usize): u32 {
  if (e == 0) return 0;
  if (eType(e) == OBJ_SET) return setLen(e);
  return zsetLen(e);
}

// ---- set inputs (score 1): size and iteration through types/sets.ts; membership reads the set
// encodings documented there (intset / listpack of members / dict of member entries), since
// sets.ts exports no membership test.
function setLen(e: usize): u32 { return setSize(e); }
function setHas(e: usize, p: usize, l: u32): bool {
  const enc = eEnc(e), o = kvObj(e);
  if (enc == ENC_INTSET) return l <= 20 && string2ll(p, l) && isFind(o, parsedInt);
  if (enc == ENC_LISTPACK) { const f = lpFirst(o); return f != 0 && lpFind(o, f, p, l, 0) != 0; }
  return dictFind(changetype<Dict>(o), p, l) != 0;
}
function setVisit(p: usize, n: u32, ctx: usize): void { zuiVisit(p, n, 1.0); }
/** Calls zuiVisit for every member of a set. */
@inline function setIterate(e: usize): void { setForEach(e, setVisit, 0); }

let findScore: f64 = 0;
/** Membership in source j; its score (1 for sets) into findScore. */
function zuiFind(e: usize, p: usize, l: u32): bool {
  if (e == 0) return false;
  if (eType(e) == OBJ_SET) { findScore = 1.0; return setHas(e, p, l); }
  if (!zsetScore(e, p, l)) return false;
  findScore = zScoreVal;
  return true;
}

/** Calls zuiVisit for every element of source e (zsets from the highest score, as Redis does). */
function zuiIterate(e: usize): void {
  if (eType(e) == OBJ_SET) { setIterate(e); return; }
  curOpen(e);
  curLast();
  while (curOk()) {
    curMember();
    const p = cP, l = cL;
    const s = curScore();
    const pos = cPos, sc = cSc, enc = cEnc, obj = cObj;
    zuiVisit(p, l, s);
    cPos = pos; cSc = sc; cEnc = enc; cObj = obj;
    curPrev();
  }
}

@inline function aggregate(target: f64, v: f64, agg: u32): f64 {
  if (agg == AGG_SUM) { const t = target + v; return isNaN(t) ? 0.0 : t; }
  if (agg == AGG_MIN) return v < target ? v : target;
  return v > target ? v : target;
}

// state of the running operation, used by zuiVisit
let opKind: u32 = 0;
let opAgg: u32 = AGG_SUM;
let opSetnum: u32 = 0;
let opCur: u32 = 0;           // index of the source being iterated
let opDst: usize = 0;         // result zset (skiplist object)
let opCardOnly = false;
let opCard: i64 = 0;
let opLimit: i64 = 0;
let opStop = false;
let opMaxLen: u64 = 0;
let opTotLen: u64 = 0;

/** One element of the iterated source, for the running operation. */
function zuiVisit(p: usize, l: u32, s: f64): void {
  if (opStop) return;
  if (opKind == OP_UNION) {
    let score = srcW(opCur) * s;
    if (isNaN(score)) score = 0;
    const n = zsFind(opDst, p, l);
    if (n == 0) {
      zsAddUnlinked(opDst, score, p, l);
      opTotLen += l;
      if (<u64>l > opMaxLen) opMaxLen = l;
    } else znSetScoreUnlinked(n, aggregate(znScore(n), score, opAgg));
    return;
  }
  if (opKind == OP_INTER) {
    let score = srcW(0) * s;
    if (isNaN(score)) score = 0;
    for (let j: u32 = 1; j < opSetnum; j++) {
      if (!zuiFind(srcE(j), p, l)) return;
      score = aggregate(score, findScore * srcW(j), opAgg);
    }
    if (opCardOnly) {
      opCard++;
      if (opLimit != 0 && opCard >= opLimit) opStop = true;
      return;
    }
    zsInsert(opDst, score, p, l);
    opTotLen += l;
    if (<u64>l > opMaxLen) opMaxLen = l;
    return;
  }
  // OP_DIFF
  for (let j: u32 = 1; j < opSetnum; j++) if (zuiFind(srcE(j), p, l)) return;
  zsInsert(opDst, s, p, l);
  opTotLen += l;
  if (<u64>l > opMaxLen) opMaxLen = l;
}

/** Sorts sources by ascending size, keeping the given order among equal sizes (glibc qsort is a merge sort). */
function sortSourcesBySize(n: u32): void {
  if (n < 2) return;
  const keys = alloc(n << 3);
  for (let i: u32 = 0; i < n; i++) store<u64>(keys + (<usize>i << 3), (<u64>zuiLength(srcE(i)) << 32) | <u64>i);
  // insertion sort on small inputs, heap sort otherwise; keys are unique (index in the low bits)
  if (n <= 32) {
    for (let i: u32 = 1; i < n; i++) {
      const k = load<u64>(keys + (<usize>i << 3));
      let j = <i32>i - 1;
      while (j >= 0 && load<u64>(keys + (<usize>j << 3)) > k) { store<u64>(keys + (<usize>(j + 1) << 3), load<u64>(keys + (<usize>j << 3))); j--; }
      store<u64>(keys + (<usize>(j + 1) << 3), k);
    }
  } else {
    for (let i = <i32>(n >> 1) - 1; i >= 0; i--) siftDown(keys, <u32>i, n);
    for (let end = n - 1; end > 0; end--) {
      const t = load<u64>(keys); store<u64>(keys, load<u64>(keys + (<usize>end << 3))); store<u64>(keys + (<usize>end << 3), t);
      siftDown(keys, 0, end);
    }
  }
  const copy = alloc(n * SRC_SIZE);
  memory.copy(copy, srcs, n * SRC_SIZE);
  for (let i: u32 = 0; i < n; i++) {
    const from = <u32>(load<u64>(keys + (<usize>i << 3)) & 0xFFFFFFFF);
    memory.copy(srcs + <usize>i * SRC_SIZE, copy + <usize>from * SRC_SIZE, SRC_SIZE);
  }
  free(copy);
  free(keys);
}

function siftDown(a: usize, start: u32, n: u32): void {
  let root = start;
  while (true) {
    let child = root * 2 + 1;
    if (child >= n) return;
    if (child + 1 < n && load<u64>(a + (<usize>(child + 1) << 3)) > load<u64>(a + (<usize>child << 3))) child++;
    if (load<u64>(a + (<usize>root << 3)) >= load<u64>(a + (<usize>child << 3))) return;
    const t = load<u64>(a + (<usize>root << 3));
    store<u64>(a + (<usize>root << 3), load<u64>(a + (<usize>child << 3)));
    store<u64>(a + (<usize>child << 3), t);
    root = child;
  }
}

function replyAtLeastOneKey(c: Client, name: string): void {
  errBegin(c); errLit(c, "ERR at least 1 input key is needed for '"); errLit(c, name); errLit(c, "' command"); errEnd(c);
}

/**
 * Redis's zunionInterDiffGenericCommand. dstIdx is the argv index of the destination (0: none),
 * numkeys is at argv[numkeysIdx].
 */
function zunionInterDiffGeneric(c: Client, dstIdx: u32, numkeysIdx: u32, op: u32, cardOnly: bool, name: string): void {
  if (!argInt(c, numkeysIdx)) return;
  const setnum = argIntVal;
  if (setnum < 1) { replyAtLeastOneKey(c, name); return; }
  if (setnum > <i64>(c.argc - (numkeysIdx + 1))) { addReplyError(c, ERR_SYNTAX); return; }
  const n = <u32>setnum;
  const db = cdb(c);
  srcs = allocZeroed(n * SRC_SIZE);
  let j = numkeysIdx + 1;
  for (let i: u32 = 0; i < n; i++, j++) {
    const e = lookupKeyRead(db, argPtr(c, j), argLen(c, j), touchAllowed(c));
    if (e != 0 && eType(e) != OBJ_ZSET && eType(e) != OBJ_SET) {
      free(srcs); srcs = 0;
      addReplyError(c, ERR_WRONGTYPE);
      return;
    }
    store<u32>(srcs + <usize>i * SRC_SIZE, <u32>e);
    store<f64>(srcs + <usize>i * SRC_SIZE + 8, 1.0);
  }
  let agg = AGG_SUM;
  let withscores = false;
  let limit: i64 = 0;
  let remaining = c.argc - j;
  while (remaining > 0) {
    const p = argPtr(c, j), l = argLen(c, j);
    if (op != OP_DIFF && !cardOnly && remaining >= n + 1 && eqLit(p, l, "weights")) {
      j++; remaining--;
      for (let i: u32 = 0; i < n; i++, j++, remaining--) {
        if (!string2d(argPtr(c, j), argLen(c, j))) { free(srcs); srcs = 0; addReplyError(c, ERR_WEIGHT); return; }
        store<f64>(srcs + <usize>i * SRC_SIZE + 8, parsedDouble);
      }
    } else if (op != OP_DIFF && !cardOnly && remaining >= 2 && eqLit(p, l, "aggregate")) {
      j++; remaining--;
      const ap = argPtr(c, j), al = argLen(c, j);
      if (eqLit(ap, al, "sum")) agg = AGG_SUM;
      else if (eqLit(ap, al, "min")) agg = AGG_MIN;
      else if (eqLit(ap, al, "max")) agg = AGG_MAX;
      else { free(srcs); srcs = 0; addReplyError(c, ERR_SYNTAX); return; }
      j++; remaining--;
    } else if (remaining >= 1 && dstIdx == 0 && !cardOnly && eqLit(p, l, "withscores")) {
      j++; remaining--;
      withscores = true;
    } else if (cardOnly && remaining >= 2 && eqLit(p, l, "limit")) {
      j++; remaining--;
      if (!argPositive(c, j, ERR_LIMIT_NEG)) { free(srcs); srcs = 0; return; }
      limit = posVal;
      j++; remaining--;
    } else { free(srcs); srcs = 0; addReplyError(c, ERR_SYNTAX); return; }
  }
  if (op != OP_DIFF) sortSourcesBySize(n);

  opKind = op; opAgg = agg; opSetnum = n; opCardOnly = cardOnly; opCard = 0; opLimit = limit;
  opStop = false; opMaxLen = 0; opTotLen = 0;
  opDst = cardOnly ? 0 : zsNew(0);
  if (op == OP_INTER || op == OP_DIFF) {
    if (zuiLength(srcE(0)) > 0) { opCur = 0; zuiIterate(srcE(0)); }
  } else {
    for (let i: u32 = 0; i < n; i++) {
      const e = srcE(i);
      if (zuiLength(e) == 0) continue;
      opCur = i;
      zuiIterate(e);
    }
    zsLinkAll(opDst);
  }
  free(srcs); srcs = 0;

  if (dstIdx != 0) {
    const kp = argPtr(c, dstIdx), kl = argLen(c, dstIdx);
    if (zsLength(opDst) > 0) {
      const e = kvNewObject(kp, kl, OBJ_ZSET, ENC_SKIPLIST, opDst, -1);
      if (e == 0) unreachable();
      zsetConvertToListpackIfNeeded(e, opMaxLen, opTotLen);
      dbSet(db, e);
      addReplyLongLong(c, zsetLen(e));
      keyChanged(db, NOTIFY_ZSET, commands[c.curCmd].name, kp, kl);
      S().dirty++;
    } else {
      zsFree(opDst);
      addReplyLongLong(c, 0);
      deleteStoreDestination(db, kp, kl);
    }
  } else if (cardOnly) {
    addReplyLongLong(c, opCard);
  } else {
    const len = <i64>zsLength(opDst);
    addReplyArrayLen(c, withscores && c.resp == 2 ? len * 2 : len);
    let node = zsFirst(opDst);
    while (node != 0) {
      if (withscores && c.resp > 2) addReplyArrayLen(c, 2);
      addReplyBulk(c, znMember(node), znMemberLen(node));
      if (withscores) addReplyDouble(c, znScore(node));
      node = znNext(node);
    }
    zsFree(opDst);
  }
  opDst = 0;
}

function zunionstoreCommand(c: Client): void { zunionInterDiffGeneric(c, 1, 2, OP_UNION, false, "zunionstore"); }
function zinterstoreCommand(c: Client): void { zunionInterDiffGeneric(c, 1, 2, OP_INTER, false, "zinterstore"); }
function zdiffstoreCommand(c: Client): void { zunionInterDiffGeneric(c, 1, 2, OP_DIFF, false, "zdiffstore"); }
function zunionCommand(c: Client): void { zunionInterDiffGeneric(c, 0, 1, OP_UNION, false, "zunion"); }
function zinterCommand(c: Client): void { zunionInterDiffGeneric(c, 0, 1, OP_INTER, false, "zinter"); }
function zintercardCommand(c: Client): void { zunionInterDiffGeneric(c, 0, 1, OP_INTER, true, "zintercard"); }
function zdiffCommand(c: Client): void { zunionInterDiffGeneric(c, 0, 1, OP_DIFF, false, "zdiff"); }

// ---- helpers for the geo commands (types/geo.ts) ---------------------------------------------------

/** Score of a member, or NaN when absent (scores are never NaN). */
export function zsetScoreOrNaN(e: usize, mp: usize, ml: u32): f64 {
  return zsetScore(e, mp, ml) ? zScoreVal : NaN;
}

/** Visitor of zsetScanScoreRange; returning false stops the scan. Must not modify the zset. */
export type ZRangeVisit = (p: usize, l: u32, score: f64) => bool;
const RANGE_BUF: usize = memory.data(32);

/**
 * Members with min <= score < max in (score, member) order, either encoding. The member view is
 * valid during the call only (listpack integers are formatted into a scratch buffer).
 */
export function zsetScanScoreRange(e: usize, min: f64, max: f64, visit: ZRangeVisit): void {
  rMin = min; rMax = max; rMinEx = false; rMaxEx = true;
  if (eEnc(e) == ENC_LISTPACK) {
    const lp = zObj(e);
    let eptr = zzlFirstInRange(lp);
    while (eptr != 0) {
      const sptr = lpNext(lp, eptr);
      const s = lpGetDouble(sptr);
      if (!valueLteMax(s)) break;
      lpMember(eptr, RANGE_BUF);
      if (!visit(lmP, lmL, s)) break;
      eptr = lpNext(lp, sptr);
    }
    return;
  }
  let n = zsFirstInRange(zObj(e));
  while (n != 0) {
    const s = znScore(n);
    if (!valueLteMax(s)) break;
    if (!visit(znMember(n), znMemberLen(n), s)) break;
    n = znNext(n);
  }
}

/**
 * ZADD's keyspace step for already validated input (GEOADD): n pairs, score j an f64 at scores + 8j,
 * member j argv[memberIdx + j * stride]; NX/XX/CH as in ZADD. Replies like ZADD, then signals the
 * key and publishes "zadd" when something changed (as Redis's ZADD does, which GEOADD runs).
 */
export function zaddPrepared(c: Client, nx: bool, xx: bool, ch: bool, n: u32, scores: usize, memberIdx: u32, stride: u32): void {
  const flags = (nx ? ZADD_IN_NX : 0) | (xx ? ZADD_IN_XX : 0);
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  let e = lookupKeyWrite(db, kp, kl);
  if (wrongType(c, e)) return;
  if (e == 0) {
    if (xx) { addReplyLongLong(c, 0); return; }
    e = zsetEntryNew(kp, kl, <u64>n, <u64>argLen(c, memberIdx));
    dbAdd(db, e);
  } else {
    zsetTypeMaybeConvert(e, <u64>n);
  }
  let added: i64 = 0, updated: i64 = 0;
  for (let j: u32 = 0; j < n; j++) {
    const i = memberIdx + j * stride;
    zsetAdd(e, load<f64>(scores + (<usize>j << 3)), argPtr(c, i), argLen(c, i), flags);
    if ((outFlags & ZADD_OUT_ADDED) != 0) added++;
    if ((outFlags & ZADD_OUT_UPDATED) != 0) updated++;
  }
  S().dirty += <u64>(added + updated);
  addReplyLongLong(c, ch ? added + updated : added);
  if (added + updated > 0) keyChanged(db, NOTIFY_ZSET, "zadd", kp, kl);
}

/**
 * Stores a result built as a skiplist zset (non-empty, owned by the callee from now on) under
 * kp[0..kl), replacing any value; it becomes a listpack when it fits, as the STORE commands do.
 */
export function zsetStoreSkiplist(db: Db, kp: usize, kl: u32, zs: usize, maxelelen: u64, totelelen: u64): void {
  const e = kvNewObject(kp, kl, OBJ_ZSET, ENC_SKIPLIST, zs, -1);
  if (e == 0) unreachable();
  zsetConvertToListpackIfNeeded(e, maxelelen, totelelen);
  dbSet(db, e);
}

// ---- command table ---------------------------------------------------------------------------------

export function registerZsetCommands(): void {
  const G = "sorted_set";
  const W = CMD_WRITE, R = CMD_READONLY, F = CMD_FAST, D = CMD_DENYOOM, M = CMD_MOVABLE_KEYS, B = CMD_BLOCKING;
  def("bzmpop", -5, W | B | M, 0, 0, 0, G, bzmpopCommand);
  def("bzpopmax", -3, W | B | F, 1, -2, 1, G, bzpopmaxCommand);
  def("bzpopmin", -3, W | B | F, 1, -2, 1, G, bzpopminCommand);
  def("zadd", -4, W | D | F, 1, 1, 1, G, zaddCommand);
  def("zcard", 2, R | F, 1, 1, 1, G, zcardCommand);
  def("zcount", 4, R | F, 1, 1, 1, G, zcountCommand);
  def("zdiff", -3, R | M, 0, 0, 0, G, zdiffCommand);
  def("zdiffstore", -4, W | D | M, 1, 1, 1, G, zdiffstoreCommand);
  def("zincrby", 4, W | D | F, 1, 1, 1, G, zincrbyCommand);
  def("zinter", -3, R | M, 0, 0, 0, G, zinterCommand);
  def("zintercard", -3, R | M, 0, 0, 0, G, zintercardCommand);
  def("zinterstore", -4, W | D | M, 1, 1, 1, G, zinterstoreCommand);
  def("zlexcount", 4, R | F, 1, 1, 1, G, zlexcountCommand);
  def("zmpop", -4, W | M, 0, 0, 0, G, zmpopCommand);
  def("zmscore", -3, R | F, 1, 1, 1, G, zmscoreCommand);
  def("zpopmax", -2, W | F, 1, 1, 1, G, zpopmaxCommand);
  def("zpopmin", -2, W | F, 1, 1, 1, G, zpopminCommand);
  def("zrandmember", -2, R, 1, 1, 1, G, zrandmemberCommand);
  def("zrange", -4, R, 1, 1, 1, G, zrangeCommand);
  def("zrangebylex", -4, R, 1, 1, 1, G, zrangebylexCommand);
  def("zrangebyscore", -4, R, 1, 1, 1, G, zrangebyscoreCommand);
  def("zrangestore", -5, W | D, 1, 2, 1, G, zrangestoreCommand);
  def("zrank", -3, R | F, 1, 1, 1, G, zrankCommand);
  def("zrem", -3, W | F, 1, 1, 1, G, zremCommand);
  def("zremrangebylex", 4, W, 1, 1, 1, G, zremrangebylexCommand);
  def("zremrangebyrank", 4, W, 1, 1, 1, G, zremrangebyrankCommand);
  def("zremrangebyscore", 4, W, 1, 1, 1, G, zremrangebyscoreCommand);
  def("zrevrange", -4, R, 1, 1, 1, G, zrevrangeCommand);
  def("zrevrangebylex", -4, R, 1, 1, 1, G, zrevrangebylexCommand);
  def("zrevrangebyscore", -4, R, 1, 1, 1, G, zrevrangebyscoreCommand);
  def("zrevrank", -3, R | F, 1, 1, 1, G, zrevrankCommand);
  def("zscan", -3, R, 1, 1, 1, G, zscanCommand);
  def("zscore", 3, R | F, 1, 1, 1, G, zscoreCommand);
  def("zunion", -3, R | M, 0, 0, 0, G, zunionCommand);
  def("zunionstore", -4, W | D | M, 1, 1, 1, G, zunionstoreCommand);
}
