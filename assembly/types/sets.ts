// Set commands (SADD SCARD SDIFF SDIFFSTORE SINTER SINTERCARD SINTERSTORE SISMEMBER SMEMBERS
// SMISMEMBER SMOVE SPOP SRANDMEMBER SREM SSCAN SUNION SUNIONSTORE) and the set object: its
// encodings, the conversions between them, and its lifecycle hooks (free, COPY, MEMORY USAGE).
//
// A set value is an entry of type OBJ_SET whose meta enc says how the object at eVal is stored:
//   ENC_INTSET    obj -> intset (ds/intset.ts): sorted integers, while every member is an integer
//                 and there are at most set-max-intset-entries of them.
//   ENC_LISTPACK  obj -> listpack (ds/listpack.ts): members in insertion order (integers packed),
//                 at most set-max-listpack-entries of at most set-max-listpack-value bytes.
//   ENC_HT        obj -> Dict (ds/dict.ts) of member entries, one allocation each, in the
//                 ds/entry.ts layout without expiry or value: [next u32][meta u32 = 0][klen u32]
//                 [member bytes]. The set owns the dict and every member entry.
//
// Invariants
// - A set key is never empty: commands that remove the last member delete the key.
// - Every set operation works on an entry (the key's own, or a temporary one for results that are
//   built before they are stored or replied); a conversion rewrites the entry's enc and object
//   pointer in place, so the entry itself never moves and stays linked in its db.
// - Nothing here looks a member up in a dict while an iterator walks that same dict (a lookup takes
//   a rehash step, which could move entries under the iterator).
// - Replies follow Redis 7.4: sets (RESP3 "~") for SMEMBERS/SINTER/SUNION/SDIFF and SPOP with a
//   count, arrays for SRANDMEMBER with a count and SMISMEMBER. Member order is whatever the
//   encoding gives (Redis's is unspecified too, except that intsets are sorted).
//
// Deviations from Redis (state the core does not have yet): no keyspace notifications, no write
// propagation (SPOP is not rewritten as SREM/DEL/UNLINK), no WATCH invalidation.
import { dbIndex } from "../server/db";
import { keyChanged, signalModifiedKey, notifyKeyspaceEvent, deleteStoreDestination, NOTIFY_SET, NOTIFY_GENERIC } from "../server/notify";
import { scanCollectBegin, scanCollect, scanCollected, scanCollectedLen, scanCollectEnd, parseScanOptions, scanOptCount, scanOptUsePat, scanOptPat, scanOptPatLen } from "../server/scanopts";
import { Client, argPtr, argLen, CF_CLOSE_ASAP } from "../server/client";
import { def, commands, CMD_WRITE, CMD_READONLY, CMD_DENYOOM, CMD_FAST, CMD_MOVABLE_KEYS } from "../server/commands";
import { S, rand32 } from "../server/state";
import { cdb } from "../server/cmdutil";
import { Db, lookupKeyRead, lookupKeyWrite, dbAdd, dbSet, dbDelete } from "../server/db";
import { kvNewObject, kvFree, kvObj, OBJ_SET, ENC_HT, ENC_INTSET, ENC_LISTPACK } from "../server/kv";
import { eType, eEnc, eVal, eMeta, eSetMeta, eKey, eKeyLen, eNext, META_ENC_MASK, META_ENC_SHIFT, E_KLEN, E_BASE_HDR } from "../ds/entry";
import {
  Dict, dictNew, dictFind, dictAdd, dictDelete, dictSize, dictExpand, dictClear, dictFreeShell,
  dictForEach, dictScan, dictResizeIfNeeded, dictRehash,
} from "../ds/dict";
import { alloc, free, realloc, blockSize } from "../mem/alloc";
import {
  addReplyLongLong, addReplyError, addReplyNull, addReplyBulk, addReplyBulkLongLong, addReplyLit,
  addReplyArrayLen, addReplySetLen, addReplyDeferredLen, setDeferredSetLen, setDeferredArrayLen,
} from "../server/reply";
import { string2ll, parsedInt, ll2string, ull2string, digits10 } from "../util/numbers";
import {
  lpNew, lpBytes, lpLength, lpFirst, lpNext, lpSeek, lpGet, lpvInt, lpvStr, lpvLen, lpAppend, lpAppendInt,
  lpDelete, lpFind, lpSafeToAdd, lpEntrySizeForInt, LP_HDR_SIZE, LP_MAX_SAFETY_SIZE,
} from "../ds/listpack";
import { isNew, isAdd, isRemove, isFind, isGet, isLen, isBlobLen, isMin, isMax, isAdded, isRemoved } from "../ds/intset";
import { eqLit } from "../util/bytes";
import { stringmatchlen } from "../util/glob";
import { parseScanCursor, scanCursorVal } from "./keys";
import { touchAllowed } from "./strings";
import { ERR_SYNTAX, ERR_WRONGTYPE, ERR_NOT_INTEGER, ERR_NOT_POSITIVE, ERR_LONG_RANGE, ERR_NUMKEYS, ERR_LIMIT_NEG } from "../server/errors";

const ERR_NUMKEYS_ARGS = "ERR Number of keys can't be greater than number of args";

// SPOP with a count: when the set is more than this many times bigger than what stays in it, pop
// members one by one; otherwise pick the survivors and hand out the rest (Redis's two strategies).
const SPOP_MOVE_STRATEGY_MUL: u64 = 5;
// SRANDMEMBER with a positive count: below count*3 > size, sample into a result set; otherwise
// take a random subset of all members.
const SRANDMEMBER_SUB_STRATEGY_MUL: u64 = 3;

// ---- entry helpers -----------------------------------------------------------------------------

@inline function setObj(e: usize): usize { return kvObj(e); }
@inline function setEnc(e: usize): u32 { return eEnc(e); }

/** Points the entry at a new object / encoding (the entry stays where it is). */
@inline function setPut(e: usize, enc: u32, obj: usize): void {
  eSetMeta(e, (eMeta(e) & ~META_ENC_MASK) | (enc << META_ENC_SHIFT));
  store<u32>(eVal(e), <u32>obj);
}

/** A set entry for key kp[0..kl) (kl may be 0 for a temporary result) holding `obj`. */
@inline function setEntryNew(kp: usize, kl: u32, enc: u32, obj: usize): usize {
  return kvNewObject(kp, kl, OBJ_SET, enc, obj, -1);
}

// ---- hashtable encoding ------------------------------------------------------------------------

/** A member entry: [next][meta 0][klen][bytes]; 0 when out of memory. */
function memberNew(p: usize, l: u32): usize {
  const m = alloc(E_BASE_HDR + l);
  if (m == 0) return 0;
  store<u32>(m, 0);
  store<u32>(m + 4, 0);
  store<u32>(m + E_KLEN, l);
  memory.copy(m + E_BASE_HDR, p, l);
  return m;
}

function htNew(cap: u64): Dict {
  const d = dictNew();
  if (cap > 0) dictExpand(d, cap > 0x40000000 ? 0x40000000 : <u32>cap);
  return d;
}

function htAdd(d: Dict, p: usize, l: u32): bool {
  if (dictFind(d, p, l) != 0) return false;
  const m = memberNew(p, l);
  if (m == 0) return false;
  dictAdd(d, m);
  return true;
}

function htRemove(d: Dict, p: usize, l: u32): bool {
  const m = dictDelete(d, p, l);
  if (m == 0) return false;
  free(m);
  // Redis 7.4 shrinks a set's table as members go (fill below 1/8)
  dictResizeIfNeeded(d);
  return true;
}

// Fair random member. A random bucket and then a random position in its chain (dictRandom) favours
// members of short chains, and Redis's dictGetFairRandomKey (a window of about 20 members from
// consecutive buckets) still favours members of sparse regions. Here every member has the same
// chance: pick a table in proportion to the members it holds, then, in that table, a random bucket
// (within the part still in use while rehashing) and a random slot 0..FAIR_K-1 until the chain has
// a member at that slot. Chains longer than FAIR_K (about one in a million buckets at load
// factor 1, or a pathological table) are accepted whole and a member picked among them. A very
// sparse table (pre-sized by a SADD with many duplicate arguments, or the old table late in a
// rehash) stops after FAIR_TRIES attempts and walks to the next non-empty bucket instead.
const FAIR_K: u32 = 8;
const FAIR_TRIES: u32 = 1000;

function htFairRandom(d: Dict): usize {
  // Like Redis, random reads help the table along: a table left sparse by removals starts
  // shrinking, and a rehash in progress takes a few steps (entries keep their addresses).
  dictResizeIfNeeded(d);
  dictRehash(d, FAIR_K);
  // the table is chosen once: retrying the choice would favour the denser table
  let tab: usize = d.t0, lo: u32 = 0, size = d.s0;
  if (d.rehashIdx != -1) {
    if (<u64>rand32() % <u64>(d.u0 + d.u1) >= <u64>d.u0) { tab = d.t1; size = d.s1; }
    else lo = <u32>d.rehashIdx;
  }
  for (let attempt: u32 = 0; attempt < FAIR_TRIES; attempt++) {
    const b = lo + <u32>(<u64>rand32() % <u64>(size - lo));
    const head: usize = load<u32>(tab + (<usize>b << 2));
    if (head == 0) continue;
    let len: u32 = 0;
    let m = head;
    while (m != 0) { len++; m = eNext(m); }
    let j: u32;
    if (len > FAIR_K) j = rand32() % len;
    else { j = rand32() % FAIR_K; if (j >= len) continue; }
    m = head;
    while (j-- > 0) m = eNext(m);
    return m;
  }
  // sparse table: first non-empty bucket after a random one, uniform within its chain
  let b = lo + <u32>(<u64>rand32() % <u64>(size - lo));
  let head: usize = load<u32>(tab + (<usize>b << 2));
  while (head == 0) { b = b + 1 < size ? b + 1 : lo; head = load<u32>(tab + (<usize>b << 2)); }
  let len: u32 = 0;
  let m = head;
  while (m != 0) { len++; m = eNext(m); }
  let j = rand32() % len;
  m = head;
  while (j-- > 0) m = eNext(m);
  return m;
}

function releaseMember(m: usize, ctx: usize): void { free(m); }

function htFree(d: Dict): void {
  dictClear(d, releaseMember, 0);
  dictFreeShell(d);
}

// ---- listpack helpers --------------------------------------------------------------------------

/** Redis's lpEstimateBytesRepeatedInteger: a listpack of `rep` copies of v. */
function lpEstimateRepeatedInt(v: i64, rep: u64): u64 {
  return <u64>LP_HDR_SIZE + rep * <u64>lpEntrySizeForInt(v) + 1;
}

/** Gives back the spare room of a pre-sized listpack block. */
function lpShrinkToFit(lp: usize): usize {
  const need = lpBytes(lp);
  if (blockSize(lp) <= need) return lp;
  const n = alloc(need);
  if (n == 0) return lp;
  if (blockSize(n) >= blockSize(lp)) { free(n); return lp; }
  memory.copy(n, lp, need);
  free(lp);
  return n;
}

// ---- iterators ---------------------------------------------------------------------------------
// A member handed out by an iterator or a random pick is either bytes (str != 0) or an integer
// (str == 0): intsets and listpacks keep integers as integers, and nothing formats them until a
// reply or a hashtable needs the bytes.
//
// Iterator state, SI_SIZE bytes, in a static buffer owned by the call site (memory.data), so two
// iterators can be live at once (iterate one set while another one converts):
//   0 enc u32   4 obj u32
//   8 pos u32   HT: next bucket to read; intset: next index
//  12 tab u32   HT: table being read (0, 1; 2 = done)
//  16 nxt u32   HT: next entry of the current chain; listpack: next entry (0 = end)
//  20 str u32   current member's bytes (0: integer)   24 len u32
//  32 int i64   current member's integer value
// Listpack members' bytes point into the listpack: valid until that listpack changes.
const SI_SIZE: u32 = 40;
const SI_ENC: u32 = 0;
const SI_OBJ: u32 = 4;
const SI_POS: u32 = 8;
const SI_TAB: u32 = 12;
const SI_NXT: u32 = 16;
const SI_STR: u32 = 20;
const SI_LEN: u32 = 24;
const SI_INT: u32 = 32;

@inline function itStr(it: usize): usize { return load<u32>(it + SI_STR); }
@inline function itLen(it: usize): u32 { return load<u32>(it + SI_LEN); }
@inline function itInt(it: usize): i64 { return load<i64>(it + SI_INT); }
@inline function itEnc(it: usize): u32 { return load<u32>(it + SI_ENC); }

function setIterInit(it: usize, e: usize): void {
  const enc = setEnc(e), obj = setObj(e);
  store<u32>(it + SI_ENC, enc);
  store<u32>(it + SI_OBJ, <u32>obj);
  store<u32>(it + SI_POS, 0);
  store<u32>(it + SI_TAB, 0);
  store<u32>(it + SI_NXT, enc == ENC_LISTPACK ? <u32>lpFirst(obj) : 0);
  store<u32>(it + SI_STR, 0);
  store<u32>(it + SI_LEN, 0);
  store<i64>(it + SI_INT, 0);
}

/** Advances to the next member (its value at SI_STR/SI_LEN/SI_INT); false at the end. */
function setIterNext(it: usize): bool {
  const enc = itEnc(it);
  const obj: usize = load<u32>(it + SI_OBJ);
  if (enc == ENC_INTSET) {
    const i = load<u32>(it + SI_POS);
    if (i >= isLen(obj)) return false;
    store<u32>(it + SI_POS, i + 1);
    store<u32>(it + SI_STR, 0);
    store<i64>(it + SI_INT, isGet(obj, i));
    return true;
  }
  if (enc == ENC_LISTPACK) {
    const p: usize = load<u32>(it + SI_NXT);
    if (p == 0) return false;
    if (lpGet(p)) { store<u32>(it + SI_STR, 0); store<i64>(it + SI_INT, lpvInt); }
    else { store<u32>(it + SI_STR, <u32>lpvStr); store<u32>(it + SI_LEN, lpvLen); }
    store<u32>(it + SI_NXT, <u32>lpNext(obj, p));
    return true;
  }
  const d = changetype<Dict>(obj);
  let m: usize = load<u32>(it + SI_NXT);
  if (m == 0) {
    let tab = load<u32>(it + SI_TAB);
    let pos = load<u32>(it + SI_POS);
    while (m == 0) {
      if (tab > 1) return false;
      const size = tab == 0 ? d.s0 : d.s1;
      if (pos >= size) { tab++; pos = 0; continue; }
      const t: usize = tab == 0 ? d.t0 : d.t1;
      m = load<u32>(t + (<usize>pos << 2));
      pos++;
    }
    store<u32>(it + SI_TAB, tab);
    store<u32>(it + SI_POS, pos);
  }
  store<u32>(it + SI_NXT, <u32>eNext(m));
  store<u32>(it + SI_STR, <u32>eKey(m));
  store<u32>(it + SI_LEN, eKeyLen(m));
  return true;
}

// ---- the set type ------------------------------------------------------------------------------

export function setSize(e: usize): u32 {
  const enc = setEnc(e), obj = setObj(e);
  if (enc == ENC_INTSET) return isLen(obj);
  if (enc == ENC_LISTPACK) return lpLength(obj);
  return dictSize(changetype<Dict>(obj));
}

@inline function maxIntsetEntries(): i64 {
  const n = S().setMaxIntsetEntries;
  return n > (1 << 30) ? (1 << 30) : n;
}
@inline function maxListpackEntries(): i64 { return S().setMaxListpackEntries; }
@inline function maxListpackValue(): i64 { return S().setMaxListpackValue; }

/**
 * Redis's setTypeCreate: a new set entry for key kp[0..kl) that can hold the member vp[0..vl),
 * sized for `hint` members: an intset for an integer (if the hint fits), else a listpack (if the
 * hint fits), else a hashtable pre-sized to the hint.
 */
function setCreate(kp: usize, kl: u32, vp: usize, vl: u32, hint: u64): usize {
  if (string2ll(vp, vl) && hint <= <u64>S().setMaxIntsetEntries) return setEntryNew(kp, kl, ENC_INTSET, isNew());
  if (hint <= <u64>maxListpackEntries()) return setEntryNew(kp, kl, ENC_LISTPACK, lpNew(0));
  return setEntryNew(kp, kl, ENC_HT, changetype<usize>(htNew(hint)));
}

/** Redis's setTypeMaybeConvert: about to add `hint` members to an existing set. */
function setMaybeConvert(e: usize, hint: u64): void {
  const enc = setEnc(e);
  if ((enc == ENC_LISTPACK && hint > <u64>maxListpackEntries()) || (enc == ENC_INTSET && hint > <u64>S().setMaxIntsetEntries)) {
    setConvert(e, ENC_HT, hint);
  }
}

const convFmt: usize = memory.data(32);

/**
 * Converts the set to `enc` (ENC_HT or ENC_LISTPACK), pre-sized for `cap` members. Conversion to
 * an intset is setConvertToIntset.
 */
function setConvert(e: usize, enc: u32, cap: u64): void {
  const it = memory.data(SI_SIZE);
  const oldEnc = setEnc(e), oldObj = setObj(e);
  if (enc == ENC_HT) {
    const d = htNew(cap);
    setIterInit(it, e);
    while (setIterNext(it)) {
      let str = itStr(it), len = itLen(it);
      if (str == 0) { len = ll2string(convFmt, itInt(it)); str = convFmt; }
      const m = memberNew(str, len);
      if (m != 0) dictAdd(d, m);
    }
    setPut(e, ENC_HT, changetype<usize>(d));
  } else {
    // room for the smallest entries (2 bytes each), or better, what an intset's range needs
    let est: u64 = cap * 2;
    if (oldEnc == ENC_INTSET && isLen(oldObj) > 0) {
      const a = lpEstimateRepeatedInt(isMin(oldObj), cap), b = lpEstimateRepeatedInt(isMax(oldObj), cap);
      est = a > b ? a : b;
    }
    let lp = lpNew(est > 0x10000000 ? 0x10000000 : <u32>est);
    setIterInit(it, e);
    while (setIterNext(it)) {
      lp = itStr(it) != 0 ? lpAppend(lp, itStr(it), itLen(it)) : lpAppendInt(lp, itInt(it));
    }
    setPut(e, ENC_LISTPACK, lp);
  }
  setObjFree(oldEnc, oldObj);
}

/** Redis's maybeConvertToIntset: a set known to hold only integers becomes an intset if it fits. */
function setConvertToIntset(e: usize): void {
  const enc = setEnc(e), obj = setObj(e);
  if (enc == ENC_INTSET) return;
  if (<i64>setSize(e) > maxIntsetEntries()) return;
  let is = isNew();
  const it = memory.data(SI_SIZE);
  setIterInit(it, e);
  while (setIterNext(it)) {
    let v = itInt(it);
    if (itStr(it) != 0) { string2ll(itStr(it), itLen(it)); v = parsedInt; }
    is = isAdd(is, v);
  }
  setPut(e, ENC_INTSET, is);
  setObjFree(enc, obj);
}

/** An intset that grew past set-max-intset-entries becomes a hashtable. */
function maybeConvertIntset(e: usize): void {
  if (<i64>isLen(setObj(e)) > maxIntsetEntries()) setConvert(e, ENC_HT, isLen(setObj(e)));
}

const addFmt: usize = memory.data(32);

/**
 * Redis's setTypeAddAux: adds a member given as bytes (str != 0) or as an integer (str == 0, v);
 * true if it was not there. Converts the encoding when the member does not fit it.
 */
function setAddAux(e: usize, str: usize, len: u32, v: i64): bool {
  let fromInt = false;
  if (str == 0) {
    if (setEnc(e) == ENC_INTSET) {
      setPut(e, ENC_INTSET, isAdd(setObj(e), v));
      if (!isAdded) return false;
      maybeConvertIntset(e);
      return true;
    }
    len = ll2string(addFmt, v); str = addFmt; fromInt = true;
  }
  const enc = setEnc(e);
  if (enc == ENC_HT) return htAdd(changetype<Dict>(setObj(e)), str, len);
  if (enc == ENC_LISTPACK) {
    let lp = setObj(e);
    const p = lpFirst(lp);
    if (p != 0 && lpFind(lp, p, str, len, 0) != 0) return false;
    const n = lpLength(lp);
    if (<i64>n < maxListpackEntries() && <i64>len <= maxListpackValue() && lpSafeToAdd(lp, len)) {
      lp = fromInt ? lpAppendInt(lp, v) : lpAppend(lp, str, len);
      setPut(e, ENC_LISTPACK, lp);
    } else {
      setConvert(e, ENC_HT, <u64>n + 1);
      htAdd(changetype<Dict>(setObj(e)), str, len);
    }
    return true;
  }
  // intset, member given as bytes
  const is = setObj(e);
  if (string2ll(str, len)) {
    setPut(e, ENC_INTSET, isAdd(is, parsedInt));
    if (!isAdded) return false;
    maybeConvertIntset(e);
    return true;
  }
  // not an integer: a listpack if every member (as decimal text) and the new one fit its limits
  const n = isLen(is);
  let maxEleLen: u64 = 0, totSize: u64 = 0;
  if (n != 0) {
    const lo = isMin(is), hi = isMax(is);
    const l1 = lo < 0 ? 1 + digits10(<u64>(0 - lo)) : digits10(<u64>lo);
    const l2 = hi < 0 ? 1 + digits10(<u64>(0 - hi)) : digits10(<u64>hi);
    maxEleLen = l1 > l2 ? l1 : l2;
    const s1 = lpEstimateRepeatedInt(lo, n), s2 = lpEstimateRepeatedInt(hi, n);
    totSize = s1 > s2 ? s1 : s2;
  }
  if (<i64>n < maxListpackEntries() && <i64>len <= maxListpackValue() && <i64>maxEleLen <= maxListpackValue()
      && totSize + <u64>len <= <u64>LP_MAX_SAFETY_SIZE) {
    setConvert(e, ENC_LISTPACK, <u64>n + 1);
    setPut(e, ENC_LISTPACK, lpShrinkToFit(lpAppend(setObj(e), str, len)));
  } else {
    setConvert(e, ENC_HT, <u64>n + 1);
    htAdd(changetype<Dict>(setObj(e)), str, len);
  }
  return true;
}

@inline function setAdd(e: usize, p: usize, l: u32): bool { return setAddAux(e, p, l, 0); }

const remFmt: usize = memory.data(32);

/** Removes a member given as bytes or as an integer (str == 0); true if it was there. */
function setRemoveAux(e: usize, str: usize, len: u32, v: i64): bool {
  const enc = setEnc(e), obj = setObj(e);
  if (str == 0) {
    if (enc == ENC_INTSET) {
      setPut(e, ENC_INTSET, isRemove(obj, v));
      return isRemoved;
    }
    len = ll2string(remFmt, v); str = remFmt;
  }
  if (enc == ENC_HT) return htRemove(changetype<Dict>(obj), str, len);
  if (enc == ENC_LISTPACK) {
    const p0 = lpFirst(obj);
    if (p0 == 0) return false;
    const p = lpFind(obj, p0, str, len, 0);
    if (p == 0) return false;
    setPut(e, ENC_LISTPACK, lpDelete(obj, p));
    return true;
  }
  if (!string2ll(str, len)) return false;
  setPut(e, ENC_INTSET, isRemove(obj, parsedInt));
  return isRemoved;
}

const memFmt: usize = memory.data(32);

/** Membership of bytes (str != 0) or of an integer (str == 0). */
function setIsMemberAux(e: usize, str: usize, len: u32, v: i64): bool {
  const enc = setEnc(e), obj = setObj(e);
  if (str == 0) {
    if (enc == ENC_INTSET) return isFind(obj, v);
    len = ll2string(memFmt, v); str = memFmt;
  }
  if (enc == ENC_LISTPACK) {
    const p = lpFirst(obj);
    return p != 0 && lpFind(obj, p, str, len, 0) != 0;
  }
  if (enc == ENC_INTSET) return string2ll(str, len) && isFind(obj, parsedInt);
  return dictFind(changetype<Dict>(obj), str, len) != 0;
}

@inline function setIsMember(e: usize, p: usize, l: u32): bool { return setIsMemberAux(e, p, l, 0); }

// A random member (Redis's setTypeRandomElement), in rStr/rLen (bytes) or rInt (rStr == 0).
let rStr: usize = 0;
let rLen: u32 = 0;
let rInt: i64 = 0;

function setRandom(e: usize): void {
  const enc = setEnc(e), obj = setObj(e);
  if (enc == ENC_INTSET) { rStr = 0; rInt = isGet(obj, rand32() % isLen(obj)); return; }
  if (enc == ENC_LISTPACK) {
    const p = lpSeek(obj, <i64>(rand32() % lpLength(obj)));
    if (lpGet(p)) { rStr = 0; rInt = lpvInt; } else { rStr = lpvStr; rLen = lpvLen; }
    return;
  }
  const m = htFairRandom(changetype<Dict>(obj));
  rStr = eKey(m); rLen = eKeyLen(m); rInt = 0;
}

/** Replies the member of an iterator or random pick. */
@inline function replyMember(c: Client, str: usize, len: u32, v: i64): void {
  if (str != 0) addReplyBulk(c, str, len); else addReplyBulkLongLong(c, v);
}

// ---- API for other modules (SORT) --------------------------------------------------------------

export function setTypeSize(e: usize): i64 { return <i64>setSize(e); }

/**
 * Calls cb(p, n, ctx) for every member in the set's own order (intset ascending, listpack insertion
 * order, hashtable bucket order). Integers are formatted into a scratch buffer; copy (p, n) at
 * once. The callback must not change this set.
 */
export function setForEach(e: usize, cb: (p: usize, n: u32, ctx: usize) => void, ctx: usize): void {
  const it = memory.data(SI_SIZE);
  const buf = memory.data(32);
  setIterInit(it, e);
  while (setIterNext(it)) {
    const str = itStr(it);
    if (str != 0) cb(str, itLen(it), ctx);
    else cb(buf, ll2string(buf, itInt(it)), ctx);
  }
}

// ---- lifecycle hooks (server/objects.ts) -------------------------------------------------------

export function setObjFree(enc: u32, obj: usize): void {
  if (enc == ENC_HT) { htFree(changetype<Dict>(obj)); return; }
  free(obj);
}

let dupTarget: usize = 0;
let dupFailed: bool = false;
function dupMember(m: usize, ctx: usize): void {
  if (dupFailed) return;
  const sz = E_BASE_HDR + eKeyLen(m);
  const n = alloc(sz);
  if (n == 0) { dupFailed = true; return; }
  memory.copy(n, m, sz);
  dictAdd(changetype<Dict>(dupTarget), n);
}

/** COPY: a deep copy in the same encoding (compact encodings sized to their bytes), 0 on OOM. */
export function setObjDup(enc: u32, obj: usize): usize {
  if (enc == ENC_HT) {
    const src = changetype<Dict>(obj);
    const d = htNew(dictSize(src));
    dupTarget = changetype<usize>(d); dupFailed = false;
    dictForEach(src, dupMember, 0);
    if (dupFailed) { htFree(d); return 0; }
    return changetype<usize>(d);
  }
  const sz = enc == ENC_INTSET ? isBlobLen(obj) : lpBytes(obj);
  const n = alloc(sz);
  if (n != 0) memory.copy(n, obj, sz);
  return n;
}

let memSum: u64 = 0;
function memMember(m: usize, ctx: usize): void { memSum += blockSize(m); }

/** Bytes owned by the set, counted exactly (Redis samples a few members of a hashtable). */
export function setObjMemUsage(enc: u32, obj: usize): u32 {
  if (enc == ENC_HT) {
    const d = changetype<Dict>(obj);
    memSum = blockSize(obj);
    if (d.t0 != 0) memSum += blockSize(d.t0);
    if (d.t1 != 0) memSum += blockSize(d.t1);
    dictForEach(d, memMember, 0);
    return memSum > 0xffffffff ? 0xffffffff : <u32>memSum;
  }
  return blockSize(obj);
}

// ---- lookups -----------------------------------------------------------------------------------

const WRONG: usize = 1; // returned after replying WRONGTYPE (entries are never at address 1)

function lookupSetRead(c: Client, i: u32): usize {
  const e = lookupKeyRead(cdb(c), argPtr(c, i), argLen(c, i), touchAllowed(c));
  if (e != 0 && eType(e) != OBJ_SET) { addReplyError(c, ERR_WRONGTYPE); return WRONG; }
  return e;
}

function lookupSetWrite(c: Client, i: u32): usize {
  const e = lookupKeyWrite(cdb(c), argPtr(c, i), argLen(c, i));
  if (e != 0 && eType(e) != OBJ_SET) { addReplyError(c, ERR_WRONGTYPE); return WRONG; }
  return e;
}

@inline function addReplyEmptySet(c: Client): void {
  if (c.resp >= 3) addReplyLit(c, "~0\r\n"); else addReplyLit(c, "*0\r\n");
}

/** Deletes the key when its set became empty. */
function deleteIfEmpty(db: Db, e: usize): bool {
  if (setSize(e) != 0) return false;
  notifyKeyspaceEvent(NOTIFY_GENERIC, "del", eKey(e), eKeyLen(e), dbIndex(db));
  dbDelete(db, eKey(e), eKeyLen(e));
  return true;
}

// ---- SADD SREM SMOVE SISMEMBER SMISMEMBER SCARD ------------------------------------------------

function saddCommand(c: Client): void {
  const db = cdb(c);
  let e = lookupSetWrite(c, 1);
  if (e == WRONG) return;
  const hint = <u64>(c.argc - 2);
  if (e == 0) {
    e = setCreate(argPtr(c, 1), argLen(c, 1), argPtr(c, 2), argLen(c, 2), hint);
    dbAdd(db, e);
  } else {
    setMaybeConvert(e, hint);
  }
  let added: i64 = 0;
  for (let j: u32 = 2; j < c.argc; j++) if (setAdd(e, argPtr(c, j), argLen(c, j))) added++;
  if (added > 0) keyChanged(db, NOTIFY_SET, "sadd", argPtr(c, 1), argLen(c, 1));
  S().dirty += added;
  addReplyLongLong(c, added);
}

function sremCommand(c: Client): void {
  const e = lookupSetWrite(c, 1);
  if (e == WRONG) return;
  if (e == 0) { addReplyLongLong(c, 0); return; }
  let deleted: i64 = 0;
  let emptied = false;
  for (let j: u32 = 2; j < c.argc; j++) {
    if (setRemoveAux(e, argPtr(c, j), argLen(c, j), 0)) {
      deleted++;
      if (setSize(e) == 0) { emptied = true; break; }
    }
  }
  if (deleted > 0) {
    keyChanged(cdb(c), NOTIFY_SET, "srem", argPtr(c, 1), argLen(c, 1));
    if (emptied) deleteIfEmpty(cdb(c), e);
  }
  S().dirty += deleted;
  addReplyLongLong(c, deleted);
}

function smoveCommand(c: Client): void {
  const db = cdb(c);
  const src = lookupKeyWrite(db, argPtr(c, 1), argLen(c, 1));
  let dst = lookupKeyWrite(db, argPtr(c, 2), argLen(c, 2));
  const mp = argPtr(c, 3), ml = argLen(c, 3);
  if (src == 0) { addReplyLongLong(c, 0); return; }
  if (eType(src) != OBJ_SET || (dst != 0 && eType(dst) != OBJ_SET)) { addReplyError(c, ERR_WRONGTYPE); return; }
  if (src == dst) { addReplyLongLong(c, setIsMember(src, mp, ml) ? 1 : 0); return; }
  if (!setRemoveAux(src, mp, ml, 0)) { addReplyLongLong(c, 0); return; }
  notifyKeyspaceEvent(NOTIFY_SET, "srem", argPtr(c, 1), argLen(c, 1), c.db);
  deleteIfEmpty(db, src);
  if (dst == 0) {
    dst = setCreate(argPtr(c, 2), argLen(c, 2), mp, ml, 1);
    dbAdd(db, dst);
  }
  signalModifiedKey(db, argPtr(c, 1), argLen(c, 1));
  S().dirty++;
  // the destination changed only if the member was new there (WATCH relies on it)
  if (setAdd(dst, mp, ml)) {
    S().dirty++;
    signalModifiedKey(db, argPtr(c, 2), argLen(c, 2));
    notifyKeyspaceEvent(NOTIFY_SET, "sadd", argPtr(c, 2), argLen(c, 2), c.db);
  }
  addReplyLongLong(c, 1);
}

function sismemberCommand(c: Client): void {
  const e = lookupSetRead(c, 1);
  if (e == WRONG) return;
  addReplyLongLong(c, e != 0 && setIsMember(e, argPtr(c, 2), argLen(c, 2)) ? 1 : 0);
}

function smismemberCommand(c: Client): void {
  const e = lookupSetRead(c, 1);
  if (e == WRONG) return;
  addReplyArrayLen(c, c.argc - 2);
  for (let j: u32 = 2; j < c.argc; j++) {
    addReplyLongLong(c, e != 0 && setIsMember(e, argPtr(c, j), argLen(c, j)) ? 1 : 0);
  }
}

function scardCommand(c: Client): void {
  const e = lookupSetRead(c, 1);
  if (e == WRONG) return;
  addReplyLongLong(c, e == 0 ? 0 : setSize(e));
}

// ---- SPOP --------------------------------------------------------------------------------------

// scratch for a member copied out of a set before it is removed
let popScratch: usize = 0;
let popScratchCap: u32 = 0;
function popBuf(n: u32): usize {
  if (n > popScratchCap) {
    if (popScratch != 0) free(popScratch);
    popScratchCap = n < 64 ? 64 : n;
    popScratch = alloc(popScratchCap);
  }
  return popScratch;
}
function popBufRelease(): void {
  if (popScratchCap > 4096) { free(popScratch); popScratch = 0; popScratchCap = 0; }
}

/** Pops one random member: replies it and removes it (Redis's setTypePopRandom). */
function setPopRandomReply(c: Client, e: usize): void {
  setRandom(e);
  if (rStr != 0) {
    // the bytes live in the set about to change: reply, and remove through a copy
    addReplyBulk(c, rStr, rLen);
    const tmp = popBuf(rLen);
    memory.copy(tmp, rStr, rLen);
    setRemoveAux(e, tmp, rLen, 0);
  } else {
    addReplyBulkLongLong(c, rInt);
    setRemoveAux(e, 0, 0, rInt);
  }
}

/**
 * One pass over a listpack set choosing `pick` of its n members uniformly (selection sampling, as
 * Redis's lpNextRandom). The chosen members are replied when `replyPicked`, the others otherwise;
 * the members not replied become the key's new listpack.
 */
function lpSplitRandom(c: Client, e: usize, pick: u32, replyPicked: bool): void {
  const lp = setObj(e);
  const n = lpLength(lp);
  let kept = lpNew(0);
  let p = lpFirst(lp);
  let left = pick;
  for (let i: u32 = 0; p != 0; i++) {
    const chosen = left > 0 && <u64>rand32() % <u64>(n - i) < <u64>left;
    if (chosen) left--;
    const isInt = lpGet(p);
    if (chosen == replyPicked) {
      if (isInt) addReplyBulkLongLong(c, lpvInt); else addReplyBulk(c, lpvStr, lpvLen);
    } else {
      kept = isInt ? lpAppendInt(kept, lpvInt) : lpAppend(kept, lpvStr, lpvLen);
    }
    p = lpNext(lp, p);
  }
  setPut(e, ENC_LISTPACK, kept);
  free(lp);
}

function spopCommand(c: Client): void {
  if (c.argc == 3) { spopWithCount(c); return; }
  if (c.argc > 3) { addReplyError(c, ERR_SYNTAX); return; }
  const e = lookupSetWrite(c, 1);
  if (e == WRONG) return;
  if (e == 0) { addReplyNull(c); return; }
  setPopRandomReply(c, e);
  popBufRelease();
  keyChanged(cdb(c), NOTIFY_SET, "spop", argPtr(c, 1), argLen(c, 1));
  deleteIfEmpty(cdb(c), e);
  S().dirty++;
}

function spopWithCount(c: Client): void {
  if (!string2ll(argPtr(c, 2), argLen(c, 2)) || parsedInt < 0) { addReplyError(c, ERR_NOT_POSITIVE); return; }
  const count = <u64>parsedInt;
  const e = lookupSetWrite(c, 1);
  if (e == WRONG) return;
  if (e == 0 || count == 0) { addReplyEmptySet(c); return; }
  const db = cdb(c);
  const size = <u64>setSize(e);
  S().dirty += count >= size ? size : count;
  keyChanged(db, NOTIFY_SET, "spop", argPtr(c, 1), argLen(c, 1));

  // CASE 1: everything goes
  if (count >= size) {
    addReplySetLen(c, size);
    const it = memory.data(SI_SIZE);
    setIterInit(it, e);
    while (setIterNext(it)) replyMember(c, itStr(it), itLen(it), itInt(it));
    notifyKeyspaceEvent(NOTIFY_GENERIC, "del", argPtr(c, 1), argLen(c, 1), c.db);
    dbDelete(db, eKey(e), eKeyLen(e));
    return;
  }

  addReplySetLen(c, count);
  const remaining = size - count;
  const enc = setEnc(e);
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    // CASE 2: few to pop
    if (enc == ENC_LISTPACK) { lpSplitRandom(c, e, <u32>count, true); return; }
    for (let i: u64 = 0; i < count; i++) setPopRandomReply(c, e);
    popBufRelease();
    return;
  }
  // CASE 3: most go: the survivors move to a new set, what is left of the old one is handed out,
  // and the new set becomes the key's value. Redis's choice of encoding for the new set: a
  // listpack from a listpack, else a listpack when the first survivor is bytes, an intset when it
  // is an integer (adding the others converts as usual).
  if (enc == ENC_LISTPACK) { lpSplitRandom(c, e, <u32>remaining, false); return; }
  let ns: usize = 0;
  for (let i: u64 = 0; i < remaining; i++) {
    setRandom(e);
    if (ns == 0) ns = rStr != 0 ? setEntryNew(0, 0, ENC_LISTPACK, lpNew(0)) : setEntryNew(0, 0, ENC_INTSET, isNew());
    if (rStr != 0) {
      const tmp = popBuf(rLen);
      memory.copy(tmp, rStr, rLen);
      setAddAux(ns, tmp, rLen, 0);
      setRemoveAux(e, tmp, rLen, 0);
    } else {
      setAddAux(ns, 0, 0, rInt);
      setRemoveAux(e, 0, 0, rInt);
    }
  }
  popBufRelease();
  const it = memory.data(SI_SIZE);
  setIterInit(it, e);
  while (setIterNext(it)) replyMember(c, itStr(it), itLen(it), itInt(it));
  // swap the objects: the key takes the survivors, the temporary entry frees the old set
  const oldEnc = setEnc(e), oldObj = setObj(e);
  setPut(e, setEnc(ns), setObj(ns));
  setPut(ns, oldEnc, oldObj);
  kvFree(ns);
}

// ---- SRANDMEMBER -------------------------------------------------------------------------------

function srandmemberCommand(c: Client): void {
  if (c.argc == 3) { srandmemberWithCount(c); return; }
  if (c.argc > 3) { addReplyError(c, ERR_SYNTAX); return; }
  const e = lookupSetRead(c, 1);
  if (e == WRONG) return;
  if (e == 0) { addReplyNull(c); return; }
  setRandom(e);
  replyMember(c, rStr, rLen, rInt);
}

// A small open-addressing set of u32 values (member entry pointers or intset indexes, stored +1),
// used to keep SRANDMEMBER's picks distinct. Lives only during one command.
let pickTab: usize = 0;
let pickMask: u32 = 0;
function pickInit(n: u64): void {
  let cap: u32 = 16;
  while (<u64>cap < n * 2 && cap < 0x40000000) cap <<= 1;
  pickTab = alloc(cap << 2);
  memory.fill(pickTab, 0, cap << 2);
  pickMask = cap - 1;
}
function pickAdd(v: u32): bool {
  const key = v + 1;
  let i = (key * 0x9E3779B1) & pickMask;
  while (true) {
    const cur = load<u32>(pickTab + (<usize>i << 2));
    if (cur == key) return false;
    if (cur == 0) { store<u32>(pickTab + (<usize>i << 2), key); return true; }
    i = (i + 1) & pickMask;
  }
}
function pickFree(): void { free(pickTab); pickTab = 0; }

/**
 * A u32 reference to every member, in a new array the caller frees: member entry pointers (HT),
 * entry pointers into the listpack, or indexes (intset).
 */
function collectRefs(e: usize, n: u32): usize {
  const arr = alloc(n << 2);
  const enc = setEnc(e), obj = setObj(e);
  let k: u32 = 0;
  if (enc == ENC_INTSET) {
    for (; k < n; k++) store<u32>(arr + (<usize>k << 2), k);
  } else if (enc == ENC_LISTPACK) {
    let p = lpFirst(obj);
    while (p != 0) { store<u32>(arr + (<usize>k << 2), <u32>p); k++; p = lpNext(obj, p); }
  } else {
    const d = changetype<Dict>(obj);
    for (let t = 0; t < 2; t++) {
      const tab: usize = t == 0 ? d.t0 : d.t1;
      const sz = t == 0 ? d.s0 : d.s1;
      for (let i: u32 = 0; i < sz; i++) {
        let m: usize = load<u32>(tab + (<usize>i << 2));
        while (m != 0) { store<u32>(arr + (<usize>k << 2), <u32>m); k++; m = eNext(m); }
      }
    }
  }
  return arr;
}

/** Replies the member behind a collectRefs reference. */
function replyRef(c: Client, enc: u32, obj: usize, ref: u32): void {
  if (enc == ENC_INTSET) { addReplyBulkLongLong(c, isGet(obj, ref)); return; }
  if (enc == ENC_LISTPACK) {
    if (lpGet(ref)) addReplyBulkLongLong(c, lpvInt); else addReplyBulk(c, lpvStr, lpvLen);
    return;
  }
  addReplyBulk(c, eKey(ref), eKeyLen(ref));
}

function srandmemberWithCount(c: Client): void {
  if (!string2ll(argPtr(c, 2), argLen(c, 2))) { addReplyError(c, ERR_NOT_INTEGER); return; }
  if (parsedInt == i64.MIN_VALUE) { addReplyError(c, ERR_LONG_RANGE); return; }
  const l = parsedInt;
  const uniq = l >= 0;
  let count: u64 = uniq ? <u64>l : <u64>(-l);
  const e = lookupSetRead(c, 1);
  if (e == WRONG) return;
  if (e == 0 || count == 0) { addReplyLit(c, "*0\r\n"); return; }
  const size = <u64>setSize(e);
  const enc = setEnc(e), obj = setObj(e);

  // CASE 1: repeats allowed (or a single pick): independent draws
  if (!uniq || count == 1) {
    addReplyArrayLen(c, count);
    if (enc == ENC_LISTPACK && count > 1) {
      // index the listpack once instead of seeking for every draw
      const n = <u32>size;
      const arr = collectRefs(e, n);
      while (count-- > 0) {
        replyRef(c, enc, obj, load<u32>(arr + (<usize>(rand32() % n) << 2)));
        if ((c.flags & CF_CLOSE_ASAP) != 0) break;
      }
      free(arr);
      return;
    }
    while (count-- > 0) {
      setRandom(e);
      replyMember(c, rStr, rLen, rInt);
      if ((c.flags & CF_CLOSE_ASAP) != 0) break;
    }
    return;
  }

  // CASE 2: at least the whole set
  if (count >= size) {
    addReplyArrayLen(c, size);
    const it = memory.data(SI_SIZE);
    setIterInit(it, e);
    while (setIterNext(it)) replyMember(c, itStr(it), itLen(it), itInt(it));
    return;
  }

  addReplyArrayLen(c, count);
  if (enc == ENC_LISTPACK) {
    // CASE 2.5: listpacks are small: one pass choosing `count` members, in listpack order
    const n = <u32>size;
    let left = <u32>count;
    let p = lpFirst(obj);
    for (let i: u32 = 0; p != 0 && left > 0; i++) {
      if (<u64>rand32() % <u64>(n - i) < <u64>left) { replyRef(c, enc, obj, <u32>p); left--; }
      p = lpNext(obj, p);
    }
    return;
  }
  if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
    // CASE 3: a large share of the set: a random subset of all members (partial Fisher-Yates)
    const n = <u32>size;
    const arr = collectRefs(e, n);
    for (let i: u32 = 0; <u64>i < count; i++) {
      const j = i + rand32() % (n - i);
      const a = load<u32>(arr + (<usize>i << 2));
      const b = load<u32>(arr + (<usize>j << 2));
      store<u32>(arr + (<usize>i << 2), b);
      store<u32>(arr + (<usize>j << 2), a);
      replyRef(c, enc, obj, b);
    }
    free(arr);
    return;
  }
  // CASE 4: a small share: draw until `count` distinct members were seen
  pickInit(count);
  let added: u64 = 0;
  while (added < count) {
    let ref: u32;
    if (enc == ENC_INTSET) ref = rand32() % <u32>size;
    else ref = <u32>htFairRandom(changetype<Dict>(obj));
    if (pickAdd(ref)) { replyRef(c, enc, obj, ref); added++; }
  }
  pickFree();
}

// ---- SINTER SMEMBERS SINTERSTORE SINTERCARD ----------------------------------------------------

/**
 * Looks up keys argv[first .. first+n) for reading. Returns an array of n entry pointers (0 for a
 * missing key) owned by the caller, or 0 after replying WRONGTYPE.
 */
function lookupSets(c: Client, first: u32, n: u32): usize {
  const sets = alloc(n << 2);
  for (let j: u32 = 0; j < n; j++) {
    const e = lookupSetRead(c, first + j);
    if (e == WRONG) { free(sets); return 0; }
    store<u32>(sets + (<usize>j << 2), <u32>e);
  }
  return sets;
}

@inline function setAt(sets: usize, j: u32): usize { return load<u32>(sets + (<usize>j << 2)); }

/** Stable insertion sort of set entries by cardinality (ascending, or descending if `desc`). */
function sortSetsBySize(sets: usize, from: u32, n: u32, desc: bool): void {
  for (let i = from + 1; i < n; i++) {
    const x = setAt(sets, i);
    const sx = x == 0 ? 0 : setSize(x);
    let j = i;
    while (j > from) {
      const y = setAt(sets, j - 1);
      const sy = y == 0 ? 0 : setSize(y);
      if (desc ? sy >= sx : sy <= sx) break;
      store<u32>(sets + (<usize>j << 2), <u32>y);
      j--;
    }
    store<u32>(sets + (<usize>j << 2), <u32>x);
  }
}

/** Stores a result set under the key argv[dstIdx] (replacing any value and TTL) or deletes the key. */
function storeResult(c: Client, dst: usize, dstIdx: u32): void {
  const db = cdb(c);
  const n = setSize(dst);
  const kp = argPtr(c, dstIdx), kl = argLen(c, dstIdx);
  if (n > 0) {
    dbSet(db, dst);
    addReplyLongLong(c, n);
    keyChanged(db, NOTIFY_SET, commands[c.curCmd].name, kp, kl);
    S().dirty++;
  } else {
    kvFree(dst);
    addReplyLongLong(c, 0);
    deleteStoreDestination(db, kp, kl);
  }
}

/**
 * Redis's sinterGenericCommand. Keys argv[first .. first+n); dstIdx > 0 stores the result there;
 * cardOnly counts (stopping at `limit` when it is not 0).
 */
function sinterGeneric(c: Client, first: u32, n: u32, dstIdx: u32, cardOnly: bool, limit: u64): void {
  const sets = lookupSets(c, first, n);
  if (sets == 0) return;
  let empty = false;
  for (let j: u32 = 0; j < n; j++) if (setAt(sets, j) == 0) { empty = true; break; }
  if (empty) {
    free(sets);
    if (dstIdx != 0) {
      deleteStoreDestination(cdb(c), argPtr(c, dstIdx), argLen(c, dstIdx));
      addReplyLongLong(c, 0);
    } else if (cardOnly) addReplyLongLong(c, 0);
    else addReplyEmptySet(c);
    return;
  }
  sortSetsBySize(sets, 0, n, false);
  const s0 = setAt(sets, 0);
  let dst: usize = 0;
  let hdr: u32 = 0;
  if (dstIdx != 0) {
    // Redis's choice: an intset after an intset (members arrive in ascending order), else a
    // listpack (pre-sized like the smallest set when that is one); converted as members arrive
    // and, if they were all integers, to an intset at the end
    const dk = argPtr(c, dstIdx), dl = argLen(c, dstIdx);
    const enc0 = setEnc(s0);
    if (enc0 == ENC_INTSET) dst = setEntryNew(dk, dl, ENC_INTSET, isNew());
    else if (enc0 == ENC_LISTPACK) dst = setEntryNew(dk, dl, ENC_LISTPACK, lpNew(lpBytes(setObj(s0))));
    else dst = setEntryNew(dk, dl, ENC_LISTPACK, lpNew(0));
  } else if (!cardOnly) {
    hdr = addReplyDeferredLen(c);
  }
  let card: u64 = 0;
  let onlyIntegers = true;
  const it = memory.data(SI_SIZE);
  setIterInit(it, s0);
  while (setIterNext(it)) {
    let str = itStr(it), len = itLen(it), v = itInt(it);
    let j: u32 = 1;
    for (; j < n; j++) {
      const sj = setAt(sets, j);
      if (sj == s0) continue;
      if (!setIsMemberAux(sj, str, len, v)) break;
    }
    if (j != n) continue;
    if (cardOnly) {
      card++;
      if (limit != 0 && card >= limit) break;
    } else if (dst == 0) {
      replyMember(c, str, len, v);
      card++;
    } else {
      if (str != 0 && onlyIntegers) {
        // bytes from a hashtable may still be an integer (listpack and intset members that are
        // integers come as integers); adding those as integers is cheaper for compact encodings
        if (itEnc(it) == ENC_HT && string2ll(str, len)) {
          if (setEnc(dst) != ENC_HT) { str = 0; v = parsedInt; }
        } else onlyIntegers = false;
      }
      setAddAux(dst, str, len, v);
    }
  }
  free(sets);
  if (cardOnly) addReplyLongLong(c, card);
  else if (dst != 0) {
    if (setSize(dst) > 0) {
      if (onlyIntegers) setConvertToIntset(dst);
      if (setEnc(dst) == ENC_LISTPACK) setPut(dst, ENC_LISTPACK, lpShrinkToFit(setObj(dst)));
    }
    storeResult(c, dst, dstIdx);
  }
  else setDeferredSetLen(c, hdr, card);
}

function sinterCommand(c: Client): void { sinterGeneric(c, 1, c.argc - 1, 0, false, 0); }
function smembersCommand(c: Client): void { sinterGeneric(c, 1, 1, 0, false, 0); }
function sinterstoreCommand(c: Client): void { sinterGeneric(c, 2, c.argc - 2, 1, false, 0); }

function sintercardCommand(c: Client): void {
  if (!string2ll(argPtr(c, 1), argLen(c, 1)) || parsedInt < 1) { addReplyError(c, ERR_NUMKEYS); return; }
  const numkeys = parsedInt;
  if (numkeys > <i64>(c.argc - 2)) { addReplyError(c, ERR_NUMKEYS_ARGS); return; }
  let limit: u64 = 0;
  for (let j: u32 = 2 + <u32>numkeys; j < c.argc; j++) {
    if (eqLit(argPtr(c, j), argLen(c, j), "limit") && j + 1 < c.argc) {
      j++;
      if (!string2ll(argPtr(c, j), argLen(c, j)) || parsedInt < 0) { addReplyError(c, ERR_LIMIT_NEG); return; }
      limit = <u64>parsedInt;
    } else { addReplyError(c, ERR_SYNTAX); return; }
  }
  sinterGeneric(c, 2, <u32>numkeys, 0, true, limit);
}

// ---- SUNION SDIFF and their STORE forms --------------------------------------------------------

const OP_UNION: u32 = 0;
const OP_DIFF: u32 = 1;

function sunionDiffGeneric(c: Client, first: u32, n: u32, dstIdx: u32, op: u32): void {
  const sets = lookupSets(c, first, n);
  if (sets == 0) return;
  const s0 = setAt(sets, 0);
  let sameset = false;
  for (let j: u32 = 1; j < n; j++) if (s0 != 0 && setAt(sets, j) == s0) { sameset = true; break; }

  // DIFF: algorithm 1 walks the first set and probes the others (N*M); algorithm 2 adds the
  // first set and removes every other (sum of sizes). Redis's cost model, with its bias to 1.
  let algo = 1;
  if (op == OP_DIFF && s0 != 0 && !sameset) {
    let one: i64 = 0, two: i64 = 0;
    for (let j: u32 = 0; j < n; j++) {
      const sj = setAt(sets, j);
      if (sj == 0) continue;
      one += setSize(s0);
      two += setSize(sj);
    }
    one /= 2;
    algo = one <= two ? 1 : 2;
    if (algo == 1 && n > 1) sortSetsBySize(sets, 1, n, true);
  }

  // the result starts as an intset and converts as members arrive, like any set
  const dst = dstIdx != 0
    ? setEntryNew(argPtr(c, dstIdx), argLen(c, dstIdx), ENC_INTSET, isNew())
    : setEntryNew(0, 0, ENC_INTSET, isNew());
  let card: i64 = 0;
  const it = memory.data(SI_SIZE);
  if (op == OP_UNION) {
    for (let j: u32 = 0; j < n; j++) {
      const sj = setAt(sets, j);
      if (sj == 0) continue;
      setIterInit(it, sj);
      while (setIterNext(it)) if (setAddAux(dst, itStr(it), itLen(it), itInt(it))) card++;
    }
  } else if (op == OP_DIFF && sameset) {
    // a later key is the first one again: the difference is empty
  } else if (op == OP_DIFF && s0 != 0 && algo == 1) {
    setIterInit(it, s0);
    while (setIterNext(it)) {
      const str = itStr(it), len = itLen(it), v = itInt(it);
      let j: u32 = 1;
      for (; j < n; j++) {
        const sj = setAt(sets, j);
        if (sj == 0) continue;
        if (sj == s0) break;
        if (setIsMemberAux(sj, str, len, v)) break;
      }
      if (j == n && setAddAux(dst, str, len, v)) card++;
    }
  } else if (op == OP_DIFF && s0 != 0) {
    for (let j: u32 = 0; j < n; j++) {
      const sj = setAt(sets, j);
      if (sj == 0) continue;
      setIterInit(it, sj);
      while (setIterNext(it)) {
        if (j == 0) { if (setAddAux(dst, itStr(it), itLen(it), itInt(it))) card++; }
        else if (setRemoveAux(dst, itStr(it), itLen(it), itInt(it))) card--;
      }
      if (card == 0) break;
    }
  }
  free(sets);

  if (dstIdx == 0) {
    addReplySetLen(c, card);
    setIterInit(it, dst);
    while (setIterNext(it)) replyMember(c, itStr(it), itLen(it), itInt(it));
    kvFree(dst);
  } else {
    storeResult(c, dst, dstIdx);
  }
}

function sunionCommand(c: Client): void { sunionDiffGeneric(c, 1, c.argc - 1, 0, OP_UNION); }
function sunionstoreCommand(c: Client): void { sunionDiffGeneric(c, 2, c.argc - 2, 1, OP_UNION); }
function sdiffCommand(c: Client): void { sunionDiffGeneric(c, 1, c.argc - 1, 0, OP_DIFF); }
function sdiffstoreCommand(c: Client): void { sunionDiffGeneric(c, 2, c.argc - 2, 1, OP_DIFF); }

// ---- SSCAN -------------------------------------------------------------------------------------

// Members collected by one SSCAN step (the dict must not change while dictScan walks it).
let scanSampled: i64 = 0;
let scanPat: usize = 0;
let scanPatLen: u32 = 0;
let scanUsePat: bool = false;

function scanVisit(m: usize, ctx: usize): void {
  scanSampled++;
  if (scanUsePat && !stringmatchlen(scanPat, scanPatLen, eKey(m), eKeyLen(m), false)) return;
  scanCollect(m);
}

/**
 * SSCAN key cursor [MATCH pattern] [COUNT count]. As in Redis, a missing key answers an empty scan
 * before the options are looked at, and compact encodings return everything with cursor 0.
 */
function sscanCommand(c: Client): void {
  if (!parseScanCursor(c, 2)) return;
  const e = lookupSetRead(c, 1);
  if (e == WRONG) return;
  if (e == 0) { addReplyLit(c, "*2\r\n$1\r\n0\r\n*0\r\n"); return; }
  if (!parseScanOptions(c, 3, 0)) return;
  const count = scanOptCount, usePat = scanOptUsePat, pat = scanOptPat, patLen = scanOptPatLen;

  const tmp = memory.data(24);
  if (setEnc(e) != ENC_HT) {
    // compact encodings are small: everything at once, cursor 0
    addReplyLit(c, "*2\r\n$1\r\n0\r\n");
    const h = addReplyDeferredLen(c);
    let n: u32 = 0;
    const it = memory.data(SI_SIZE);
    setIterInit(it, e);
    while (setIterNext(it)) {
      let str = itStr(it), len = itLen(it);
      if (str == 0) { len = ll2string(tmp, itInt(it)); str = tmp; }
      if (usePat && !stringmatchlen(pat, patLen, str, len, false)) continue;
      addReplyBulk(c, str, len);
      n++;
    }
    setDeferredArrayLen(c, h, n);
    return;
  }
  const d = changetype<Dict>(setObj(e));
  scanCollectBegin(); scanSampled = 0;
  scanPat = pat; scanPatLen = patLen; scanUsePat = usePat;
  // the dict cursor is 32 bits (see keys.ts SCAN): the high bits never matter
  let cursor: u32 = <u32>scanCursorVal;
  let maxIterations: i64 = count * 10;
  do {
    cursor = dictScan(d, cursor, scanVisit, 0);
  } while (cursor != 0 && maxIterations-- != 0 && scanSampled < count);
  addReplyArrayLen(c, 2);
  addReplyBulk(c, tmp, ull2string(tmp, <u64>cursor));
  addReplyArrayLen(c, scanCollectedLen());
  for (let k: u32 = 0; k < scanCollectedLen(); k++) {
    const m = scanCollected(k);
    addReplyBulk(c, eKey(m), eKeyLen(m));
  }
  scanCollectEnd();
}

// ---- command table -----------------------------------------------------------------------------

export function registerSetCommands(): void {
  const G = "set";
  const W = CMD_WRITE, R = CMD_READONLY, F = CMD_FAST, M = CMD_DENYOOM;
  def("sadd", -3, W | M | F, 1, 1, 1, G, saddCommand);
  def("scard", 2, R | F, 1, 1, 1, G, scardCommand);
  def("sdiff", -2, R, 1, -1, 1, G, sdiffCommand);
  def("sdiffstore", -3, W | M, 1, -1, 1, G, sdiffstoreCommand);
  def("sinter", -2, R, 1, -1, 1, G, sinterCommand);
  def("sintercard", -3, R | CMD_MOVABLE_KEYS, 0, 0, 0, G, sintercardCommand);
  def("sinterstore", -3, W | M, 1, -1, 1, G, sinterstoreCommand);
  def("sismember", 3, R | F, 1, 1, 1, G, sismemberCommand);
  def("smembers", 2, R, 1, 1, 1, G, smembersCommand);
  def("smismember", -3, R | F, 1, 1, 1, G, smismemberCommand);
  def("smove", 4, W | F, 1, 2, 1, G, smoveCommand);
  def("spop", -2, W | F, 1, 1, 1, G, spopCommand);
  def("srandmember", -2, R, 1, 1, 1, G, srandmemberCommand);
  def("srem", -3, W | F, 1, 1, 1, G, sremCommand);
  def("sscan", -3, R, 1, 1, 1, G, sscanCommand);
  def("sunion", -2, R, 1, -1, 1, G, sunionCommand);
  def("sunionstore", -3, W | M, 1, -1, 1, G, sunionstoreCommand);
}
