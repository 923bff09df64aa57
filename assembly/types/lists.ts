// List commands and the list object lifecycle.
//
// A list value is [obj u32] in its keyspace entry (server/kv.ts), pointing at either
//   ENC_LISTPACK   one listpack (ds/listpack.ts) holding every element: small lists;
//   ENC_QUICKLIST  a quicklist (ds/quicklist.ts): big lists.
// Both are owned by the entry. Listpack mutations may move the block: the new address is stored
// back into the entry (the entry itself never moves for a list change).
//
// Invariants
// - A list key is never empty: commands that remove the last element delete the key.
// - Conversions follow Redis 7.4's listTypeTryConversion rules with list-max-listpack-size read
//   from the server at the time of the change (CONFIG SET applies to later changes):
//   * before adding (push, insert, set, move): a listpack whose bytes + added argument bytes or
//     length + added count would exceed a quicklist node's limit becomes a quicklist;
//   * after removing (pop, rem, trim, move, set): a quicklist of a single packed node becomes a
//     listpack when both its size and count are within half the limit ("shrinking");
//   * SORT ... STORE builds a quicklist and converts it when within the full limit.
// - Conversion never changes what a command replies.
//
// Deviations from Redis: LSET truncates the index to 32 bits before using it, exactly as Redis 7.4
// does (its listTypeReplaceAtIndex takes an int), so LSET k 4294967296 v sets element 0.
import { keyChanged, signalModifiedKey, notifyKeyspaceEvent, NOTIFY_LIST, NOTIFY_GENERIC } from "../server/notify";
import { Client, argPtr, argLen, CF_NO_TOUCH, CF_DENY_BLOCKING } from "../server/client";
import { def, commands, CMD_WRITE, CMD_READONLY, CMD_DENYOOM, CMD_FAST, CMD_BLOCKING, CMD_MOVABLE_KEYS } from "../server/commands";
import { S, SCRATCH_SIZE } from "../server/state";
import { cdb } from "../server/cmdutil";
import { Db, lookupKeyRead, lookupKeyWrite, dbAdd, dbDelete } from "../server/db";
import { kvNewObject, kvObj, OBJ_LIST, ENC_LISTPACK, ENC_QUICKLIST } from "../server/kv";
import { eType, eEnc, eVal, eMeta, eSetMeta, META_ENC_MASK, META_ENC_SHIFT } from "../ds/entry";
import {
  addReplyOK, addReplyBulk, addReplyBulkLongLong, addReplyNull, addReplyNullArray, addReplyError,
  addReplyLongLong, addReplyArrayLen, addReplyDeferredLen, setDeferredArrayLen,
} from "../server/reply";
import { replyArityError } from "../server/dispatch";
import { eqLit } from "../util/bytes";
import { string2ll, parsedInt, ll2string } from "../util/numbers";
import { alloc, free, blockSize } from "../mem/alloc";
import { ERR_SYNTAX, ERR_WRONGTYPE, ERR_NOT_INTEGER, ERR_NO_SUCH_KEY, ERR_LONG_RANGE } from "../server/errors";
import {
  lpNew, lpFree, lpBytes, lpLength, lpFirst, lpLast, lpNext, lpPrev, lpSeek, lpGet, lpvInt, lpvStr, lpvLen,
  lpAppend, lpPrepend, lpInsert, lpReplace, lpDelete, lpDeleteRange, lpEq, lpPos, LP_BEFORE, LP_AFTER,
} from "../ds/listpack";
import {
  qlNew, qlFree, qlDup, qlMemUsage, qlCount, qlLen, qlHead, qnIsPlain, qnSz, qlPushHead, qlPushTail,
  qlAppendListpack, qlIter, qlIterAt, qlNext, qlIterRelease, qlCurrentEq, qlDelCurrent, qlInsertAtCurrent,
  qlReplaceAtIndex, qlDelRange, qlPeekEnd, qlPopDone, qlExceedsLimit, qlLimitSize, qlLimitCount,
  qlTakeSingleListpack, qlSetPackedThreshold, qeIsInt, qeInt, qeStr, qeLen, QL_HEAD, QL_TAIL,
} from "../ds/quicklist";
import { getTimeoutArg, timeoutArgVal, blockForKeys, BLOCKED_LIST } from "../server/blocking";

const LIST_HEAD: i32 = 0;  // left
const LIST_TAIL: i32 = 1;  // right

const ERR_INDEX_RANGE = "ERR index out of range";
const ERR_POSITIVE = "ERR value is out of range, must be positive";

@inline function touchAllowed(c: Client): bool { return (c.flags & CF_NO_TOUCH) == 0; }
@inline function setObj(e: usize, p: usize): void { store<u32>(eVal(e), <u32>p); }
@inline function setEnc(e: usize, enc: u32): void {
  eSetMeta(e, (eMeta(e) & ~META_ENC_MASK) | (enc << META_ENC_SHIFT));
}
@inline function isLp(e: usize): bool { return eEnc(e) == ENC_LISTPACK; }

export function listTypeLength(e: usize): i64 {
  return isLp(e) ? <i64>lpLength(kvObj(e)) : <i64>qlCount(kvObj(e));
}

// ---- the current element ----------------------------------------------------------------------
// Set by the readers below; strings point into the list (valid until it changes), integers are
// kept as numbers.
let vIsInt: bool = false;
let vInt: i64 = 0;
let vStr: usize = 0;
let vLen: u32 = 0;

@inline function readLp(p: usize): void {
  vIsInt = lpGet(p);
  if (vIsInt) vInt = lpvInt; else { vStr = lpvStr; vLen = lpvLen; }
}
@inline function readQe(): void {
  vIsInt = qeIsInt;
  if (vIsInt) vInt = qeInt; else { vStr = qeStr; vLen = qeLen; }
}
@inline function replyValue(c: Client): void {
  if (vIsInt) addReplyBulkLongLong(c, vInt); else addReplyBulk(c, vStr, vLen);
}

// ---- conversions ------------------------------------------------------------------------------

/** Growing: listpack -> quicklist if adding addLen elements of addBytes would pass a node's limit. */
function convertBeforeAdd(e: usize, addBytes: u64, addLen: u64): void {
  if (!isLp(e)) return;
  const lp = kvObj(e);
  const s = S();
  if (!qlExceedsLimit(s.listMaxListpackSize, <u64>lpBytes(lp) + addBytes, <u64>lpLength(lp) + addLen)) return;
  const ql = qlNew(s.listMaxListpackSize, s.listCompressDepth);
  if (lpLength(lp) > 0) qlAppendListpack(ql, lp); else lpFree(lp);
  setObj(e, ql);
  setEnc(e, ENC_QUICKLIST);
}

/** Sum of the lengths of argv[from..to] (the bytes a push of those arguments adds). */
function argBytes(c: Client, from: u32, to: u32): u64 {
  let n: u64 = 0;
  for (let i = from; i <= to; i++) n += argLen(c, i);
  return n;
}

/**
 * quicklist -> listpack when the list is one packed node within the limit (halved when shrinking).
 */
function convertQuicklist(e: usize, shrinking: bool): void {
  if (isLp(e)) return;
  const ql = kvObj(e);
  if (qlLen(ql) != 1) return;
  const h = qlHead(ql);
  if (qnIsPlain(h)) return;
  const fill = S().listMaxListpackSize;
  let szLimit = qlLimitSize(fill);
  let countLimit = qlLimitCount(fill);
  if (shrinking) { szLimit /= 2; countLimit /= 2; }
  if (<u64>qnSz(h) > szLimit || <u64>qlCount(ql) > countLimit) return;
  const lp = qlTakeSingleListpack(ql);
  if (lp == 0) return;
  setObj(e, lp);
  setEnc(e, ENC_LISTPACK);
}

// ---- element access ---------------------------------------------------------------------------

function pushValue(e: usize, where: i32, s: usize, slen: u32): void {
  const o = kvObj(e);
  if (isLp(e)) setObj(e, where == LIST_HEAD ? lpPrepend(o, s, slen) : lpAppend(o, s, slen));
  else if (where == LIST_HEAD) qlPushHead(o, s, slen);
  else qlPushTail(o, s, slen);
}

const INT_BUF: usize = memory.data(32, 8);

function pushCurrentValue(e: usize, where: i32): void {
  if (vIsInt) {
    const n = ll2string(INT_BUF, vInt);
    pushValue(e, where, INT_BUF, n);
  } else pushValue(e, where, vStr, vLen);
}

/** Reads the head or tail element into v*. The list must not be empty. */
function peekEnd(e: usize, where: i32): void {
  const o = kvObj(e);
  if (isLp(e)) readLp(where == LIST_HEAD ? lpFirst(o) : lpLast(o));
  else { qlPeekEnd(o, where == LIST_HEAD); readQe(); }
}

/** Removes the element peekEnd just read (nothing may change the list in between). */
function dropEnd(e: usize, where: i32): void {
  const o = kvObj(e);
  if (isLp(e)) setObj(e, lpDelete(o, where == LIST_HEAD ? lpFirst(o) : lpLast(o)));
  else qlPopDone(o);
}

function delRange(e: usize, start: i64, count: i64): void {
  if (count <= 0) return;
  const o = kvObj(e);
  if (isLp(e)) setObj(e, lpDeleteRange(o, start, <u32>count));
  else qlDelRange(o, start, count);
}

// A list iterator over either encoding (one at a time).
let liE: usize = 0;
let liLp: bool = false;
let liFwd: bool = true;
let liP: usize = 0;        // listpack: the next entry to return
let liCur: usize = 0;      // listpack: the entry last returned
let liQl: bool = false;    // quicklist: the iterator exists (the start index was in range)

/** Iterates from `index` (negative: from the tail) towards the tail (fwd) or the head. */
function liInit(e: usize, index: i64, fwd: bool): void {
  liE = e;
  liLp = isLp(e);
  liFwd = fwd;
  if (liLp) liP = lpSeek(kvObj(e), index);
  else liQl = qlIterAt(kvObj(e), fwd ? QL_HEAD : QL_TAIL, index);
}

function liNext(): bool {
  if (liLp) {
    if (liP == 0) return false;
    liCur = liP;
    readLp(liP);
    const lp = kvObj(liE);
    liP = liFwd ? lpNext(lp, liP) : lpPrev(lp, liP);
    return true;
  }
  if (!liQl || !qlNext()) return false;
  readQe();
  return true;
}

function liEq(s: usize, slen: u32): bool {
  if (liLp) return lpEq(liCur, s, slen);
  return qlCurrentEq(s, slen);
}

function liDelete(): void {
  if (liLp) {
    const lp = lpDelete(kvObj(liE), liCur);
    setObj(liE, lp);
    const p = lpPos;
    if (liFwd) liP = p;
    else liP = p != 0 ? lpPrev(lp, p) : lpLast(lp);
  } else qlDelCurrent();
}

function liRelease(): void {
  if (!liLp && liQl) qlIterRelease();
  liQl = false;
}

// ---- shared reply helpers ---------------------------------------------------------------------

/** Replies elements start..end (inclusive, negative from the tail), reversed if asked. */
function addListRangeReply(c: Client, e: usize, start: i64, end: i64, reverse: bool): void {
  const llen = listTypeLength(e);
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) { addReplyArrayLen(c, 0); return; }
  if (end >= llen) end = llen - 1;
  let rangelen = end - start + 1;
  const from = reverse ? end : start;
  addReplyArrayLen(c, rangelen);
  const o = kvObj(e);
  if (isLp(e)) {
    let p = lpSeek(o, from);
    while (rangelen-- > 0 && p != 0) {
      readLp(p);
      replyValue(c);
      p = reverse ? lpPrev(o, p) : lpNext(o, p);
    }
  } else {
    qlIterAt(o, reverse ? QL_TAIL : QL_HEAD, from);
    while (rangelen-- > 0 && qlNext()) { readQe(); replyValue(c); }
    qlIterRelease();
  }
}

/**
 * After elements were removed from the key at argv[keyArg]: deletes the key if it is empty, or
 * tries the shrinking conversion. Returns true if the key was deleted.
 */
function elementsRemoved(c: Client, e: usize, kp: usize, kl: u32, count: i64, where: i32): bool {
  S().dirty += <u64>count;
  const db = cdb(c);
  notifyKeyspaceEvent(NOTIFY_LIST, where == LIST_HEAD ? "lpop" : "rpop", kp, kl, c.db);
  signalModifiedKey(db, kp, kl);
  if (listTypeLength(e) == 0) {
    dbDelete(db, kp, kl);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", kp, kl, c.db);
    return true;
  }
  convertQuicklist(e, true);
  return false;
}

/** [key, [elements...]] popping up to count from one end (LMPOP/BLMPOP). */
function popRangeAndReplyWithKey(c: Client, e: usize, kp: usize, kl: u32, where: i32, count: i64): void {
  const llen = listTypeLength(e);
  const rangelen = count > llen ? llen : count;
  const rangestart: i64 = where == LIST_HEAD ? 0 : -rangelen;
  const rangeend: i64 = where == LIST_HEAD ? rangelen - 1 : -1;
  addReplyArrayLen(c, 2);
  addReplyBulk(c, kp, kl);
  addListRangeReply(c, e, rangestart, rangeend, where != LIST_HEAD);
  delRange(e, rangestart, rangelen);
  elementsRemoved(c, e, kp, kl, rangelen, where);
}

// Argument parsing with Redis's error texts. Results in argVal.
let argVal: i64 = 0;

/** getLongFromObjectOrReply: any 64-bit integer. */
function argLong(c: Client, i: u32): bool {
  if (!string2ll(argPtr(c, i), argLen(c, i))) { addReplyError(c, ERR_NOT_INTEGER); return false; }
  argVal = parsedInt;
  return true;
}

/** getRangeLongFromObjectOrReply with a message: `msg` for non-integers and out of range alike. */
function argRange(c: Client, i: u32, lo: i64, hi: i64, msg: string): bool {
  if (!string2ll(argPtr(c, i), argLen(c, i)) || parsedInt < lo || parsedInt > hi) {
    addReplyError(c, msg);
    return false;
  }
  argVal = parsedInt;
  return true;
}

/** getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX) without a message. */
function argLongNoMin(c: Client, i: u32): bool {
  if (!argLong(c, i)) return false;
  if (argVal == i64.MIN_VALUE) { addReplyError(c, ERR_LONG_RANGE); return false; }
  return true;
}

/** LEFT/RIGHT; -1 after replying a syntax error. */
function parseWhere(c: Client, i: u32): i32 {
  const p = argPtr(c, i), n = argLen(c, i);
  if (eqLit(p, n, "right")) return LIST_TAIL;
  if (eqLit(p, n, "left")) return LIST_HEAD;
  addReplyError(c, ERR_SYNTAX);
  return -1;
}

@inline function wrongType(c: Client, e: usize): bool {
  if (e != 0 && eType(e) != OBJ_LIST) { addReplyError(c, ERR_WRONGTYPE); return true; }
  return false;
}

/** A new empty list entry (listpack) added to db. */
function createList(db: Db, kp: usize, kl: u32): usize {
  const e = kvNewObject(kp, kl, OBJ_LIST, ENC_LISTPACK, lpNew(), -1);
  dbAdd(db, e);
  return e;
}

// ---- push -------------------------------------------------------------------------------------

function pushGeneric(c: Client, where: i32, xx: bool): void {
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  let e = lookupKeyWrite(db, kp, kl);
  if (wrongType(c, e)) return;
  if (e == 0) {
    if (xx) { addReplyLongLong(c, 0); return; }
    e = createList(db, kp, kl);
  }
  convertBeforeAdd(e, argBytes(c, 2, c.argc - 1), c.argc - 2);
  for (let j: u32 = 2; j < c.argc; j++) pushValue(e, where, argPtr(c, j), argLen(c, j));
  keyChanged(db, NOTIFY_LIST, where == LIST_HEAD ? "lpush" : "rpush", kp, kl);
  S().dirty += c.argc - 2;
  addReplyLongLong(c, listTypeLength(e));
}

function lpushCommand(c: Client): void { pushGeneric(c, LIST_HEAD, false); }
function rpushCommand(c: Client): void { pushGeneric(c, LIST_TAIL, false); }
function lpushxCommand(c: Client): void { pushGeneric(c, LIST_HEAD, true); }
function rpushxCommand(c: Client): void { pushGeneric(c, LIST_TAIL, true); }

// ---- LINSERT LLEN LINDEX LSET -----------------------------------------------------------------

function linsertCommand(c: Client): void {
  const wp = argPtr(c, 2), wl = argLen(c, 2);
  let after: bool;
  if (eqLit(wp, wl, "after")) after = true;
  else if (eqLit(wp, wl, "before")) after = false;
  else { addReplyError(c, ERR_SYNTAX); return; }
  const e = lookupKeyWrite(cdb(c), argPtr(c, 1), argLen(c, 1));
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (wrongType(c, e)) return;
  // converting first, as Redis does, even if the pivot is then not found
  convertBeforeAdd(e, argLen(c, 4), 1);
  const pp = argPtr(c, 3), pl = argLen(c, 3);
  const vp = argPtr(c, 4), vl = argLen(c, 4);
  let inserted = false;
  const o = kvObj(e);
  if (isLp(e)) {
    let p = lpFirst(o);
    while (p != 0) {
      if (lpEq(p, pp, pl)) {
        setObj(e, lpInsert(o, p, after ? LP_AFTER : LP_BEFORE, vp, vl));
        inserted = true;
        break;
      }
      p = lpNext(o, p);
    }
  } else {
    qlIter(o, QL_HEAD);
    while (qlNext()) {
      if (qlCurrentEq(pp, pl)) {
        qlInsertAtCurrent(after, vp, vl);
        inserted = true;
        break;
      }
    }
    if (!inserted) qlIterRelease();
  }
  if (!inserted) { addReplyLongLong(c, -1); return; }
  keyChanged(cdb(c), NOTIFY_LIST, "linsert", argPtr(c, 1), argLen(c, 1));
  S().dirty++;
  addReplyLongLong(c, listTypeLength(e));
}

function llenCommand(c: Client): void {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (wrongType(c, e)) return;
  addReplyLongLong(c, listTypeLength(e));
}

function lindexCommand(c: Client): void {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyNull(c); return; }
  if (wrongType(c, e)) return;
  if (!argLong(c, 2)) return;
  const index = argVal;
  const o = kvObj(e);
  if (isLp(e)) {
    const p = lpSeek(o, index);
    if (p == 0) { addReplyNull(c); return; }
    readLp(p);
    replyValue(c);
  } else {
    // reply before releasing: leaving the node may recompress it under the value
    if (!qlIterAt(o, QL_HEAD, index) || !qlNext()) { addReplyNull(c); return; }
    readQe();
    replyValue(c);
    qlIterRelease();
  }
}

function lsetCommand(c: Client): void {
  const e = lookupKeyWrite(cdb(c), argPtr(c, 1), argLen(c, 1));
  if (e == 0) { addReplyError(c, ERR_NO_SUCH_KEY); return; }
  if (wrongType(c, e)) return;
  if (!argLong(c, 2)) return;
  const index = <i64><i32>argVal;  // Redis 7.4 passes the index as an int (see the header)
  const vp = argPtr(c, 3), vl = argLen(c, 3);
  convertBeforeAdd(e, vl, 1);
  const o = kvObj(e);
  let replaced = false;
  if (isLp(e)) {
    const p = lpSeek(o, index);
    if (p != 0) { setObj(e, lpReplace(o, p, vp, vl)); replaced = true; }
  } else replaced = qlReplaceAtIndex(o, index, vp, vl);
  if (!replaced) { addReplyError(c, ERR_INDEX_RANGE); return; }
  convertQuicklist(e, true);
  keyChanged(cdb(c), NOTIFY_LIST, "lset", argPtr(c, 1), argLen(c, 1));
  S().dirty++;
  addReplyOK(c);
}

// ---- pop --------------------------------------------------------------------------------------

function popGeneric(c: Client, where: i32): void {
  if (c.argc > 3) { replyArityError(c, commands[c.curCmd]); return; }
  const hascount = c.argc == 3;
  let count: i64 = 0;
  if (hascount && !argRange(c, 2, 0, i64.MAX_VALUE, ERR_POSITIVE)) return;
  if (hascount) count = argVal;
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const e = lookupKeyWrite(cdb(c), kp, kl);
  if (e == 0) {
    if (hascount) addReplyNullArray(c); else addReplyNull(c);
    return;
  }
  if (wrongType(c, e)) return;
  if (hascount && count == 0) { addReplyArrayLen(c, 0); return; }
  if (!hascount) {
    peekEnd(e, where);
    replyValue(c);
    dropEnd(e, where);
    elementsRemoved(c, e, kp, kl, 1, where);
    return;
  }
  const llen = listTypeLength(e);
  const rangelen = count > llen ? llen : count;
  const rangestart: i64 = where == LIST_HEAD ? 0 : -rangelen;
  const rangeend: i64 = where == LIST_HEAD ? rangelen - 1 : -1;
  addListRangeReply(c, e, rangestart, rangeend, where != LIST_HEAD);
  delRange(e, rangestart, rangelen);
  elementsRemoved(c, e, kp, kl, rangelen, where);
}

function lpopCommand(c: Client): void { popGeneric(c, LIST_HEAD); }
function rpopCommand(c: Client): void { popGeneric(c, LIST_TAIL); }

/** LMPOP's non-blocking part: pops from the first non-empty list among numkeys keys. */
function mpopGeneric(c: Client, firstKey: u32, numkeys: u32, where: i32, count: i64): void {
  const db = cdb(c);
  for (let j: u32 = 0; j < numkeys; j++) {
    const kp = argPtr(c, firstKey + j), kl = argLen(c, firstKey + j);
    const e = lookupKeyWrite(db, kp, kl);
    if (e == 0) continue;
    if (wrongType(c, e)) return;
    if (listTypeLength(e) == 0) continue;
    popRangeAndReplyWithKey(c, e, kp, kl, where, count);
    return;
  }
  addReplyNullArray(c);
}

// ---- LRANGE LTRIM LPOS LREM -------------------------------------------------------------------

function lrangeCommand(c: Client): void {
  if (!argLong(c, 2)) return;
  const start = argVal;
  if (!argLong(c, 3)) return;
  const end = argVal;
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyArrayLen(c, 0); return; }
  if (wrongType(c, e)) return;
  addListRangeReply(c, e, start, end, false);
}

function ltrimCommand(c: Client): void {
  if (!argLong(c, 2)) return;
  let start = argVal;
  if (!argLong(c, 3)) return;
  let end = argVal;
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const e = lookupKeyWrite(cdb(c), kp, kl);
  if (e == 0) { addReplyOK(c); return; }
  if (wrongType(c, e)) return;
  const llen = listTypeLength(e);
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  let ltrim: i64, rtrim: i64;
  if (start > end || start >= llen) { ltrim = llen; rtrim = 0; }
  else {
    if (end >= llen) end = llen - 1;
    ltrim = start;
    rtrim = llen - end - 1;
  }
  delRange(e, 0, ltrim);
  delRange(e, -rtrim, rtrim);
  const removed = ltrim + rtrim;
  S().dirty += <u64>removed;
  notifyKeyspaceEvent(NOTIFY_LIST, "ltrim", kp, kl, c.db);
  if (listTypeLength(e) == 0) {
    dbDelete(cdb(c), kp, kl);
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", kp, kl, c.db);
  } else convertQuicklist(e, true);
  signalModifiedKey(cdb(c), kp, kl);
  addReplyOK(c);
}

function lposCommand(c: Client): void {
  let rank: i64 = 1, count: i64 = -1, maxlen: i64 = 0;
  for (let j: u32 = 3; j < c.argc; j++) {
    const p = argPtr(c, j), n = argLen(c, j);
    const more = j + 1 < c.argc;
    if (eqLit(p, n, "rank") && more) {
      j++;
      if (!argLongNoMin(c, j)) return;
      rank = argVal;
      if (rank == 0) {
        addReplyError(c, "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
        return;
      }
    } else if (eqLit(p, n, "count") && more) {
      j++;
      if (!argRange(c, j, 0, i64.MAX_VALUE, "ERR COUNT can't be negative")) return;
      count = argVal;
    } else if (eqLit(p, n, "maxlen") && more) {
      j++;
      if (!argRange(c, j, 0, i64.MAX_VALUE, "ERR MAXLEN can't be negative")) return;
      maxlen = argVal;
    } else { addReplyError(c, ERR_SYNTAX); return; }
  }
  let fwd = true;
  if (rank < 0) { rank = -rank; fwd = false; }
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) {
    if (count != -1) addReplyArrayLen(c, 0); else addReplyNull(c);
    return;
  }
  if (wrongType(c, e)) return;
  const h = count != -1 ? addReplyDeferredLen(c) : 0;
  const sp = argPtr(c, 2), sl = argLen(c, 2);
  const llen = listTypeLength(e);
  let index: i64 = 0, matches: i64 = 0, matchindex: i64 = -1, arraylen: i64 = 0;
  liInit(e, fwd ? 0 : -1, fwd);
  while ((maxlen == 0 || index < maxlen) && liNext()) {
    if (liEq(sp, sl)) {
      matches++;
      matchindex = fwd ? index : llen - index - 1;
      if (matches >= rank) {
        if (count != -1) {
          arraylen++;
          addReplyLongLong(c, matchindex);
          if (count != 0 && matches - rank + 1 >= count) break;
        } else break;
      }
    }
    index++;
    matchindex = -1;
  }
  liRelease();
  if (count != -1) setDeferredArrayLen(c, h, arraylen);
  else if (matchindex != -1) addReplyLongLong(c, matchindex);
  else addReplyNull(c);
}

function lremCommand(c: Client): void {
  if (!argLongNoMin(c, 2)) return;
  let toremove = argVal;
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const e = lookupKeyWrite(cdb(c), kp, kl);
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (wrongType(c, e)) return;
  const sp = argPtr(c, 3), sl = argLen(c, 3);
  let fwd = true;
  if (toremove < 0) { toremove = -toremove; fwd = false; }
  liInit(e, fwd ? 0 : -1, fwd);
  let removed: i64 = 0;
  while (liNext()) {
    if (liEq(sp, sl)) {
      liDelete();
      removed++;
      if (toremove != 0 && removed == toremove) break;
    }
  }
  liRelease();
  if (removed != 0) {
    S().dirty += <u64>removed;
    notifyKeyspaceEvent(NOTIFY_LIST, "lrem", kp, kl, c.db);
    if (listTypeLength(e) == 0) {
      dbDelete(cdb(c), kp, kl);
      notifyKeyspaceEvent(NOTIFY_GENERIC, "del", kp, kl, c.db);
    } else convertQuicklist(e, true);
    signalModifiedKey(cdb(c), kp, kl);
  }
  addReplyLongLong(c, removed);
}

// ---- LMOVE RPOPLPUSH --------------------------------------------------------------------------

function lmoveGeneric(c: Client, wherefrom: i32, whereto: i32): void {
  const db = cdb(c);
  const sp = argPtr(c, 1), sl = argLen(c, 1);
  const se = lookupKeyWrite(db, sp, sl);
  if (se == 0) { addReplyNull(c); return; }
  if (wrongType(c, se)) return;
  if (listTypeLength(se) == 0) { addReplyNull(c); return; }
  const dp = argPtr(c, 2), dl = argLen(c, 2);
  let de = lookupKeyWrite(db, dp, dl);
  if (wrongType(c, de)) return;
  // pop: the element is copied out first (the server scratch, or a temporary block when larger)
  const srcWasLp = isLp(se);
  peekEnd(se, wherefrom);
  const isInt = vIsInt;
  let vp: usize, len: u32, tmp: usize = 0;
  if (isInt) { vp = INT_BUF; len = ll2string(INT_BUF, vInt); }
  else {
    len = vLen;
    vp = len <= SCRATCH_SIZE ? <usize>S().scratch : (tmp = alloc(len));
    memory.copy(vp, vStr, len);
  }
  dropEnd(se, wherefrom);
  // push (Redis counts the element's bytes for the conversion unless it came out of a quicklist as
  // an integer object)
  if (de == 0) de = createList(db, dp, dl);
  convertBeforeAdd(de, isInt && !srcWasLp ? 0 : <u64>len, 1);
  pushValue(de, whereto, vp, len);
  keyChanged(db, NOTIFY_LIST, whereto == LIST_HEAD ? "lpush" : "rpush", dp, dl);
  addReplyBulk(c, vp, len);
  if (tmp != 0) free(tmp);
  elementsRemoved(c, se, sp, sl, 1, wherefrom);
}

function lmoveCommand(c: Client): void {
  const from = parseWhere(c, 3);
  if (from < 0) return;
  const to = parseWhere(c, 4);
  if (to < 0) return;
  lmoveGeneric(c, from, to);
}

function rpoplpushCommand(c: Client): void { lmoveGeneric(c, LIST_TAIL, LIST_HEAD); }

// ---- blocking ---------------------------------------------------------------------------------

/**
 * BLPOP/BRPOP/BLMPOP: serves from the first non-empty key among argv[firstKey..+numkeys), or blocks.
 * count -1: single element replied as [key, element]; else [key, [elements...]].
 */
function blockingPopGeneric(c: Client, firstKey: u32, numkeys: u32, where: i32, timeoutIdx: u32, count: i64): void {
  if (!getTimeoutArg(c, timeoutIdx)) return;
  const timeout = timeoutArgVal;
  const db = cdb(c);
  for (let j: u32 = 0; j < numkeys; j++) {
    const kp = argPtr(c, firstKey + j), kl = argLen(c, firstKey + j);
    const e = lookupKeyWrite(db, kp, kl);
    if (e == 0) continue;
    if (wrongType(c, e)) return;
    if (listTypeLength(e) == 0) continue;
    if (count != -1) { popRangeAndReplyWithKey(c, e, kp, kl, where, count); return; }
    peekEnd(e, where);
    addReplyArrayLen(c, 2);
    addReplyBulk(c, kp, kl);
    replyValue(c);
    dropEnd(e, where);
    elementsRemoved(c, e, kp, kl, 1, where);
    return;
  }
  if ((c.flags & CF_DENY_BLOCKING) != 0) { addReplyNullArray(c); return; }
  blockForKeys(c, BLOCKED_LIST, firstKey, numkeys, timeout);
}

function blpopCommand(c: Client): void { blockingPopGeneric(c, 1, c.argc - 2, LIST_HEAD, c.argc - 1, -1); }
function brpopCommand(c: Client): void { blockingPopGeneric(c, 1, c.argc - 2, LIST_TAIL, c.argc - 1, -1); }

function blmoveGeneric(c: Client, wherefrom: i32, whereto: i32, timeout: i64): void {
  const e = lookupKeyWrite(cdb(c), argPtr(c, 1), argLen(c, 1));
  if (wrongType(c, e)) return;
  if (e == 0) {
    if ((c.flags & CF_DENY_BLOCKING) != 0) addReplyNull(c);
    else blockForKeys(c, BLOCKED_LIST, 1, 1, timeout);
    return;
  }
  lmoveGeneric(c, wherefrom, whereto);
}

function blmoveCommand(c: Client): void {
  const from = parseWhere(c, 3);
  if (from < 0) return;
  const to = parseWhere(c, 4);
  if (to < 0) return;
  if (!getTimeoutArg(c, 5)) return;
  blmoveGeneric(c, from, to, timeoutArgVal);
}

function brpoplpushCommand(c: Client): void {
  if (!getTimeoutArg(c, 3)) return;
  blmoveGeneric(c, LIST_TAIL, LIST_HEAD, timeoutArgVal);
}

/** LMPOP numkeys key... LEFT|RIGHT [COUNT n]; BLMPOP timeout numkeys ... */
function lmpopGeneric(c: Client, numkeysIdx: u32, block: bool): void {
  if (!argRange(c, numkeysIdx, 1, i64.MAX_VALUE, "ERR numkeys should be greater than 0")) return;
  const numkeys = argVal;
  if (numkeys >= <i64>c.argc - <i64>numkeysIdx - 1) { addReplyError(c, ERR_SYNTAX); return; }
  const whereIdx = numkeysIdx + <u32>numkeys + 1;
  const where = parseWhere(c, whereIdx);
  if (where < 0) return;
  let count: i64 = -1;
  for (let j = whereIdx + 1; j < c.argc; j++) {
    const p = argPtr(c, j), n = argLen(c, j);
    const more = j + 1 < c.argc;
    if (count == -1 && eqLit(p, n, "count") && more) {
      j++;
      if (!argRange(c, j, 1, i64.MAX_VALUE, "ERR count should be greater than 0")) return;
      count = argVal;
    } else { addReplyError(c, ERR_SYNTAX); return; }
  }
  if (count == -1) count = 1;
  if (block) blockingPopGeneric(c, numkeysIdx + 1, <u32>numkeys, where, 1, count);
  else mpopGeneric(c, numkeysIdx + 1, <u32>numkeys, where, count);
}

function lmpopCommand(c: Client): void { lmpopGeneric(c, 1, false); }
function blmpopCommand(c: Client): void { lmpopGeneric(c, 2, true); }

// ---- object lifecycle (server/objects.ts) -----------------------------------------------------

export function listObjFree(enc: u32, obj: usize): void {
  if (enc == ENC_QUICKLIST) qlFree(obj); else lpFree(obj);
}

export function listObjDup(enc: u32, obj: usize): usize {
  if (enc == ENC_QUICKLIST) return qlDup(obj);
  const n = lpBytes(obj);
  const cp = alloc(n);
  if (cp != 0) memory.copy(cp, obj, n);
  return cp;
}

export function listObjMemUsage(enc: u32, obj: usize): u32 {
  if (enc == ENC_QUICKLIST) return qlMemUsage(obj);
  return blockSize(obj);
}

// ---- for SORT (types/sort.ts) -----------------------------------------------------------------

export type ElemCb = (p: usize, n: u32, ctx: usize) => void;

/**
 * Calls cb for up to `count` elements from index `start` (from the head, or from the tail when
 * `reverse`, walking towards the head). Integers are passed formatted in a static buffer.
 */
export function listForEachRange(e: usize, start: i64, count: i64, reverse: bool, cb: ElemCb, ctx: usize): void {
  liInit(e, reverse ? -start - 1 : start, !reverse);
  while (count > 0 && liNext()) {
    if (vIsInt) cb(INT_BUF, ll2string(INT_BUF, vInt), ctx);
    else cb(vStr, vLen, ctx);
    count--;
  }
  liRelease();
}

// One list under construction (SORT ... STORE): a quicklist, converted on completion as Redis
// converts a freshly built list (LIST_CONV_AUTO).
let buildQl: usize = 0;

export function listBuildBegin(): void {
  if (buildQl != 0) qlFree(buildQl);
  buildQl = qlNew(S().listMaxListpackSize, S().listCompressDepth);
}

export function listBuildPush(p: usize, n: u32): void { qlPushTail(buildQl, p, n); }

/** The built list as a new keyspace entry for kp[0..kl) (not added to any db), or 0 on OOM. */
export function listBuildEntry(kp: usize, kl: u32): usize {
  const ql = buildQl;
  buildQl = 0;
  const e = kvNewObject(kp, kl, OBJ_LIST, ENC_QUICKLIST, ql, -1);
  if (e == 0) { qlFree(ql); return 0; }
  convertQuicklist(e, false);
  return e;
}

// ---- DEBUG QUICKLIST-PACKED-THRESHOLD (server/debug.ts) ----------------------------------------

/** Redis's memtoull: digits then an optional unit (b k kb m mb g gb); result in memVal. */
function memToU64(p: usize, n: u32): bool {
  let i: u32 = 0;
  while (i < n && load<u8>(p + i) >= 48 && load<u8>(p + i) <= 57) i++;
  const digits = i;
  let mul: u64 = 1;
  const rest = n - i;
  if (rest > 0) {
    const u = p + i;
    if (eqLit(u, rest, "b")) mul = 1;
    else if (eqLit(u, rest, "k")) mul = 1000;
    else if (eqLit(u, rest, "kb")) mul = 1024;
    else if (eqLit(u, rest, "m")) mul = 1000 * 1000;
    else if (eqLit(u, rest, "mb")) mul = 1024 * 1024;
    else if (eqLit(u, rest, "g")) mul = 1000 * 1000 * 1000;
    else if (eqLit(u, rest, "gb")) mul = 1024 * 1024 * 1024;
    else return false;
  }
  if (digits >= 128) return false;
  // strtoull of the digits (none: 0); overflow is an error
  let v: u64 = 0;
  for (let k: u32 = 0; k < digits; k++) {
    const d = <u64>(load<u8>(p + k) - 48);
    if (v > (u64.MAX_VALUE - d) / 10) return false;
    v = v * 10 + d;
  }
  memVal = v * mul;
  return true;
}
let memVal: u64 = 0;

/** DEBUG QUICKLIST-PACKED-THRESHOLD <size>: replies OK or Redis's error. */
export function debugQuicklistPackedThreshold(c: Client): void {
  if (!memToU64(argPtr(c, 2), argLen(c, 2)) || !qlSetPackedThreshold(memVal)) {
    addReplyError(c, "ERR argument must be a memory value bigger than 1 and smaller than 4gb");
    return;
  }
  addReplyOK(c);
}

// ---- command table ----------------------------------------------------------------------------

export function registerListCommands(): void {
  const G = "list";
  def("blmove", 6, CMD_WRITE | CMD_DENYOOM | CMD_BLOCKING, 1, 2, 1, G, blmoveCommand);
  def("blmpop", -5, CMD_WRITE | CMD_BLOCKING | CMD_MOVABLE_KEYS, 0, 0, 0, G, blmpopCommand);
  def("blpop", -3, CMD_WRITE | CMD_BLOCKING, 1, -2, 1, G, blpopCommand);
  def("brpop", -3, CMD_WRITE | CMD_BLOCKING, 1, -2, 1, G, brpopCommand);
  def("brpoplpush", 4, CMD_WRITE | CMD_DENYOOM | CMD_BLOCKING, 1, 2, 1, G, brpoplpushCommand);
  def("lindex", 3, CMD_READONLY, 1, 1, 1, G, lindexCommand);
  def("linsert", 5, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, G, linsertCommand);
  def("llen", 2, CMD_READONLY | CMD_FAST, 1, 1, 1, G, llenCommand);
  def("lmove", 5, CMD_WRITE | CMD_DENYOOM, 1, 2, 1, G, lmoveCommand);
  def("lmpop", -4, CMD_WRITE | CMD_MOVABLE_KEYS, 0, 0, 0, G, lmpopCommand);
  def("lpop", -2, CMD_WRITE | CMD_FAST, 1, 1, 1, G, lpopCommand);
  def("lpos", -3, CMD_READONLY, 1, 1, 1, G, lposCommand);
  def("lpush", -3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, lpushCommand);
  def("lpushx", -3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, lpushxCommand);
  def("lrange", 4, CMD_READONLY, 1, 1, 1, G, lrangeCommand);
  def("lrem", 4, CMD_WRITE, 1, 1, 1, G, lremCommand);
  def("lset", 4, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, G, lsetCommand);
  def("ltrim", 4, CMD_WRITE, 1, 1, 1, G, ltrimCommand);
  def("rpop", -2, CMD_WRITE | CMD_FAST, 1, 1, 1, G, rpopCommand);
  def("rpoplpush", 3, CMD_WRITE | CMD_DENYOOM, 1, 2, 1, G, rpoplpushCommand);
  def("rpush", -3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, rpushCommand);
  def("rpushx", -3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, rpushxCommand);
}
