// The "skiplist" encoding of sorted sets: a Redis-style skiplist (spans for rank, backward links at
// level 0, random level with p = 1/4 capped at 32) whose nodes are also the entries of a
// member -> node dict (ds/dict.ts, ds/entry.ts layout). One block per member holds the dict link,
// the member bytes, the score and the skiplist links.
//
// Zset layout (ZS_SIZE bytes, one block, owned by the keyspace entry that points at it):
//   0  dict    Dict (DICT_SIZE = 32 bytes, inline): member -> node; owns its bucket arrays only
//  32  tail    u32 -> last node (0 when empty)
//  36  length  u32 number of nodes
//  40  level   u32 levels in use, 1..ZSL_MAXLEVEL
//  44  (unused)
//  48  head    ZSL_MAXLEVEL x [forward u32, span u32]: the header's level array
//
// Node layout (one block per member, owned by the zset; also the dict entry):
//   0  next     u32  dict chain link (entry.ts E_NEXT)
//   4  meta     u32  node level << 8 (never META_EXPIRES: no TTL fields, so the key is at 12)
//   8  klen     u32  member length
//  12  member   klen bytes
//  +0  score    f64  (at 12 + klen; unaligned, which wasm allows)
//  +8  backward u32 -> previous node at level 0 (0 for the first node)
//  +12 levels   level x [forward u32 -> node or 0, span u32]
// Size: 24 + klen + 8 * level.
//
// Invariants
// - Nodes are ordered by (score, member bytes compared like memcmp then length); scores are never
//   NaN. A member appears once; the dict and the level-0 list hold exactly the same nodes.
// - level[i].span is the number of level-0 steps from a node (or the header) to level[i].forward,
//   or to one past the last node when forward is 0 (Redis's convention, so ranks come from sums).
// - A node never moves: its score is updated in place and a reorder relinks the same block with the
//   same level (deviation from Redis, which allocates a node with a fresh random level; the level
//   distribution is unchanged because levels are independent of position).
//
// Range specs (score and lex) live in module globals set by the parsers in this file, so both the
// skiplist and the listpack code of types/zsets.ts share them.
import { alloc, allocZeroed, free, blockSize } from "../mem/alloc";
import { Dict, dictAdd, dictFind, dictExpand, dictSize, dictFindRefSlot, dictUnlinkSlot, dictResizeIfNeeded, dictForEach, dictIsRehashing, dictRehash } from "./dict";
import { eKey, eKeyLen, E_KLEN } from "./entry";
import { bytesCmp } from "../util/bytes";
import { rand32 } from "../server/state";
import { scanFloat, fpEnd, fpKind, FP_NAN, scannedToF64, isSpaceC } from "../util/numbers";

export const ZSL_MAXLEVEL: u32 = 32;
export const ZS_TAIL: u32 = 32;
export const ZS_LENGTH: u32 = 36;
export const ZS_LEVEL: u32 = 40;
export const ZS_HEAD: u32 = 48;
export const ZS_SIZE: u32 = ZS_HEAD + ZSL_MAXLEVEL * 8;
const NODE_FIXED: u32 = 24;

// ---- zset header accessors ------------------------------------------------------------------------

@inline export function zsDict(zs: usize): Dict { return changetype<Dict>(zs); }
@inline export function zsTail(zs: usize): usize { return load<u32>(zs + ZS_TAIL); }
@inline function zsSetTail(zs: usize, n: usize): void { store<u32>(zs + ZS_TAIL, <u32>n); }
@inline export function zsLength(zs: usize): u32 { return load<u32>(zs + ZS_LENGTH); }
@inline function zsSetLength(zs: usize, n: u32): void { store<u32>(zs + ZS_LENGTH, n); }
@inline export function zsLevel(zs: usize): u32 { return load<u32>(zs + ZS_LEVEL); }
@inline function zsSetLevel(zs: usize, l: u32): void { store<u32>(zs + ZS_LEVEL, l); }
@inline function zsHead(zs: usize): usize { return zs + ZS_HEAD; }

// ---- node accessors -------------------------------------------------------------------------------

@inline function klenOf(n: usize): u32 { return load<u32>(n + E_KLEN); }
@inline export function znMember(n: usize): usize { return n + 12; }
@inline export function znMemberLen(n: usize): u32 { return load<u32>(n + E_KLEN); }
@inline export function znScore(n: usize): f64 { return load<f64>(n + 12 + klenOf(n)); }
@inline function znSetScore(n: usize, s: f64): void { store<f64>(n + 12 + klenOf(n), s); }
@inline export function znBack(n: usize): usize { return load<u32>(n + 20 + klenOf(n)); }
@inline function znSetBack(n: usize, b: usize): void { store<u32>(n + 20 + klenOf(n), <u32>b); }
@inline function znLevels(n: usize): usize { return n + NODE_FIXED + klenOf(n); }
@inline export function znNext(n: usize): usize { return load<u32>(n + NODE_FIXED + klenOf(n)); }
@inline export function znLevel(n: usize): u32 { return load<u32>(n + 4) >>> 8; }

// level-array slots: `lv` is the address of a level array (a node's or the header's)
@inline function fwd(lv: usize, i: u32): usize { return load<u32>(lv + (<usize>i << 3)); }
@inline function setFwd(lv: usize, i: u32, n: usize): void { store<u32>(lv + (<usize>i << 3), <u32>n); }
@inline function span(lv: usize, i: u32): u32 { return load<u32>(lv + (<usize>i << 3) + 4); }
@inline function setSpan(lv: usize, i: u32, s: u32): void { store<u32>(lv + (<usize>i << 3) + 4, s); }

/** First node (lowest score), or 0. */
@inline export function zsFirst(zs: usize): usize { return fwd(zsHead(zs), 0); }

/** Order of node n against (score, member): <0 when n sorts first. */
@inline function cmpNode(n: usize, score: f64, mp: usize, ml: u32): i32 {
  const s = znScore(n);
  if (s < score) return -1;
  if (s > score) return 1;
  return bytesCmp(znMember(n), znMemberLen(n), mp, ml);
}

// ---- creation and release -------------------------------------------------------------------------

/** An empty zset whose dict is presized for `cap` members. Out of memory traps (as lpNew does). */
export function zsNew(cap: u32): usize {
  const zs = allocZeroed(ZS_SIZE);
  if (zs == 0) unreachable();
  zsDict(zs).rehashIdx = -1;
  zsSetLevel(zs, 1);
  if (cap > 0) dictExpand(zsDict(zs), cap);
  return zs;
}

function freeNode(n: usize, ctx: usize): void { free(n); }

/** Frees every node (linked or not, see zsAddUnlinked), the dict's tables and the zset block. */
export function zsFree(zs: usize): void {
  const d = zsDict(zs);
  if (dictSize(d) == zsLength(zs)) {
    let n = zsFirst(zs);
    while (n != 0) { const nx = znNext(n); free(n); n = nx; }
  } else {
    dictForEach(d, freeNode, 0);
  }
  if (d.t0 != 0) free(d.t0);
  if (d.t1 != 0) free(d.t1);
  free(zs);
}

/** Bytes owned: the zset block, the dict tables and every node block. */
export function zsMemUsage(zs: usize): u32 {
  let total = blockSize(zs);
  const d = zsDict(zs);
  if (d.t0 != 0) total += blockSize(d.t0);
  if (d.t1 != 0) total += blockSize(d.t1);
  let n = zsFirst(zs);
  while (n != 0) { total += blockSize(n); n = znNext(n); }
  return total;
}

/** A deep copy (same members and scores, fresh levels). */
export function zsDup(zs: usize): usize {
  const z2 = zsNew(zsLength(zs));
  // from the tail: every insert lands at the head of the copy
  let n = zsTail(zs);
  while (n != 0) {
    zsInsert(z2, znScore(n), znMember(n), znMemberLen(n));
    n = znBack(n);
  }
  return z2;
}

// ---- search, insert, delete -----------------------------------------------------------------------

// Per level, the level array of the last node sorting before the target (UPD) and its rank (RANK).
const UPD: usize = memory.data(ZSL_MAXLEVEL * 4);
const RANK: usize = memory.data(ZSL_MAXLEVEL * 4);
@inline function upd(i: u32): usize { return load<u32>(UPD + (<usize>i << 2)); }
@inline function rankAt(i: u32): u32 { return load<u32>(RANK + (<usize>i << 2)); }

/** Fills UPD/RANK for (score, member); returns the level-0 predecessor node (0 for the header). */
function seekBefore(zs: usize, score: f64, mp: usize, ml: u32): usize {
  let lv = zsHead(zs);
  let x: usize = 0;
  let rank: u32 = 0;
  for (let i = <i32>zsLevel(zs) - 1; i >= 0; i--) {
    const li = <u32>i;
    let f = fwd(lv, li);
    while (f != 0 && cmpNode(f, score, mp, ml) < 0) {
      rank += span(lv, li);
      x = f;
      lv = znLevels(f);
      f = fwd(lv, li);
    }
    store<u32>(UPD + (<usize>li << 2), <u32>lv);
    store<u32>(RANK + (<usize>li << 2), rank);
  }
  return x;
}

function randomLevel(): u32 {
  let l: u32 = 1;
  while (l < ZSL_MAXLEVEL && (rand32() & 0xFFFF) < 0x4000) l++;
  return l;
}

/** Links node n (score, member and level already set) into the skiplist. */
function linkNode(zs: usize, n: usize): void {
  const prev0 = seekBefore(zs, znScore(n), znMember(n), znMemberLen(n));
  const L = znLevel(n);
  let level = zsLevel(zs);
  const head = zsHead(zs);
  if (L > level) {
    for (let i = level; i < L; i++) {
      store<u32>(UPD + (<usize>i << 2), <u32>head);
      store<u32>(RANK + (<usize>i << 2), 0);
      setSpan(head, i, zsLength(zs));
    }
    zsSetLevel(zs, L);
    level = L;
  }
  const nl = znLevels(n);
  const r0 = rankAt(0);
  for (let i: u32 = 0; i < L; i++) {
    const ul = upd(i);
    setFwd(nl, i, fwd(ul, i));
    setFwd(ul, i, n);
    const d = r0 - rankAt(i);
    setSpan(nl, i, span(ul, i) - d);
    setSpan(ul, i, d + 1);
  }
  for (let i = L; i < level; i++) { const ul = upd(i); setSpan(ul, i, span(ul, i) + 1); }
  znSetBack(n, prev0);
  const next = fwd(nl, 0);
  if (next != 0) znSetBack(next, n); else zsSetTail(zs, n);
  zsSetLength(zs, zsLength(zs) + 1);
}

/** Unlinks node n from the skiplist; UPD must have been filled by seekBefore for n. */
function unlinkNode(zs: usize, n: usize): void {
  const nl = znLevels(n);
  const level = zsLevel(zs);
  for (let i: u32 = 0; i < level; i++) {
    const ul = upd(i);
    if (fwd(ul, i) == n) {
      setSpan(ul, i, span(ul, i) + span(nl, i) - 1);
      setFwd(ul, i, fwd(nl, i));
    } else {
      setSpan(ul, i, span(ul, i) - 1);
    }
  }
  const next = fwd(nl, 0);
  if (next != 0) znSetBack(next, znBack(n)); else zsSetTail(zs, znBack(n));
  const head = zsHead(zs);
  let l = level;
  while (l > 1 && fwd(head, l - 1) == 0) l--;
  zsSetLevel(zs, l);
  zsSetLength(zs, zsLength(zs) - 1);
}

/** The node of a member, or 0. */
@inline export function zsFind(zs: usize, mp: usize, ml: u32): usize { return dictFind(zsDict(zs), mp, ml); }

function newNode(score: f64, mp: usize, ml: u32): usize {
  const L = randomLevel();
  const n = alloc(NODE_FIXED + ml + (L << 3));
  if (n == 0) unreachable();
  store<u32>(n, 0);
  store<u32>(n + 4, L << 8);
  store<u32>(n + E_KLEN, ml);
  memory.copy(n + 12, mp, ml);
  znSetScore(n, score);
  return n;
}

/** Adds a member that is not in the zset yet (the caller checked); returns its node. */
export function zsInsert(zs: usize, score: f64, mp: usize, ml: u32): usize {
  const n = newNode(score, mp, ml);
  linkNode(zs, n);
  dictAdd(zsDict(zs), n);
  return n;
}

// Accumulator use (ZUNION): members go into the dict only, their scores may change freely, and
// zsLinkAll then builds the skiplist once. Until then zsLength counts linked nodes only.

/** Adds a member (absent, the caller checked) to the dict only; returns its node. */
export function zsAddUnlinked(zs: usize, score: f64, mp: usize, ml: u32): usize {
  const n = newNode(score, mp, ml);
  dictAdd(zsDict(zs), n);
  return n;
}

/** Sets the score of a node that is not linked yet (see zsAddUnlinked). */
@inline export function znSetScoreUnlinked(n: usize, score: f64): void { znSetScore(n, score); }

function linkCb(n: usize, zs: usize): void { linkNode(zs, n); }

/** Links every node added with zsAddUnlinked into the skiplist. */
export function zsLinkAll(zs: usize): void {
  dictForEach(zsDict(zs), linkCb, zs);
}

/** Changes a member's score (not NaN), moving its node only when the order requires it. */
export function zsUpdateScore(zs: usize, n: usize, score: f64): void {
  const back = znBack(n);
  const next = znNext(n);
  // same test as Redis: strict score order with both neighbours keeps the position
  if ((back == 0 || znScore(back) < score) && (next == 0 || znScore(next) > score)) {
    znSetScore(n, score);
    return;
  }
  seekBefore(zs, znScore(n), znMember(n), znMemberLen(n));
  unlinkNode(zs, n);
  znSetScore(n, score);
  linkNode(zs, n);
}

/** Removes a node from the skiplist and the dict and frees it. */
export function zsDeleteNode(zs: usize, n: usize): void {
  seekBefore(zs, znScore(n), znMember(n), znMemberLen(n));
  unlinkNode(zs, n);
  unlinkFromDict(zs, n);
  free(n);
}

@inline function unlinkFromDict(zs: usize, n: usize): void {
  const d = zsDict(zs);
  const slot = dictFindRefSlot(d, eKey(n), eKeyLen(n), n);
  dictUnlinkSlot(d, slot);
}

/** Removes a member if present; true when it was removed. */
export function zsDelete(zs: usize, mp: usize, ml: u32): bool {
  const n = zsFind(zs, mp, ml);
  if (n == 0) return false;
  zsDeleteNode(zs, n);
  return true;
}

/**
 * After deletions: let the dict shrink (Redis shrinks zset dicts after removals). Deviation: when
 * few members remain the shrink is finished at once instead of one bucket per later access; the
 * walk is bounded by the old table size, which earlier inserts already paid for.
 */
export function zsMaybeShrink(zs: usize): void {
  const d = zsDict(zs);
  const small = dictSize(d) <= 4096;
  // a growth rehash left pending by earlier inserts must end before a shrink can start
  if (small && dictIsRehashing(d)) while (dictRehash(d, 1000)) {}
  dictResizeIfNeeded(d);
  if (small && dictIsRehashing(d)) while (dictRehash(d, 1000)) {}
}

// ---- ranks ---------------------------------------------------------------------------------------

/** 1-based rank of node n. */
export function zsRankOf(zs: usize, n: usize): u32 {
  const score = znScore(n);
  const mp = znMember(n), ml = znMemberLen(n);
  let lv = zsHead(zs);
  let rank: u32 = 0;
  for (let i = <i32>zsLevel(zs) - 1; i >= 0; i--) {
    const li = <u32>i;
    let f = fwd(lv, li);
    while (f != 0 && cmpNode(f, score, mp, ml) <= 0) {
      rank += span(lv, li);
      if (f == n) return rank;
      lv = znLevels(f);
      f = fwd(lv, li);
    }
  }
  return 0;
}

/** The node at a 1-based rank, or 0 when out of range. */
export function zsByRank(zs: usize, rank: u32): usize {
  if (rank == 0 || rank > zsLength(zs)) return 0;
  let lv = zsHead(zs);
  let x: usize = 0;
  let traversed: u32 = 0;
  for (let i = <i32>zsLevel(zs) - 1; i >= 0; i--) {
    const li = <u32>i;
    let f = fwd(lv, li);
    while (f != 0 && traversed + span(lv, li) <= rank) {
      traversed += span(lv, li);
      x = f;
      lv = znLevels(f);
      f = fwd(lv, li);
    }
    if (traversed == rank) return x;
  }
  return 0;
}

// ---- score ranges ---------------------------------------------------------------------------------

// The current score range: min/max with exclusive flags (Redis's zrangespec).
export let rMin: f64 = 0;
export let rMax: f64 = 0;
export let rMinEx: bool = false;
export let rMaxEx: bool = false;

@inline export function valueGteMin(v: f64): bool { return rMinEx ? v > rMin : v >= rMin; }
@inline export function valueLteMax(v: f64): bool { return rMaxEx ? v < rMax : v <= rMax; }
/** False when no value can be in the range. */
@inline export function scoreRangeNonEmpty(): bool {
  return !(rMin > rMax || (rMin == rMax && (rMinEx || rMaxEx)));
}

/** Parsed value of the last strtodLike call. */
export let strtodVal: f64 = 0;

/**
 * C's strtod over p[0..n) followed by Redis's "*eptr == '\0'" test: leading white space is
 * skipped, the longest valid prefix is converted, and the rest must be empty or start with a NUL
 * byte. No conversion at all leaves the end at p (so "" and a leading NUL are accepted as 0).
 * NaN results are rejected, as zslParseRange does.
 */
export function strtodLike(p: usize, n: u32): bool {
  let i: u32 = 0;
  while (i < n && isSpaceC(load<u8>(p + i))) i++;
  scanFloat(p + i, n - i, 53, -1074, 1024);
  let end: u32;
  if (fpEnd == 0) { end = 0; strtodVal = 0; }
  else { end = i + fpEnd; strtodVal = scannedToF64(); }
  if (end < n && load<u8>(p + end) != 0) return false;
  if (fpEnd != 0 && fpKind == FP_NAN) return false;
  return true;
}

/** Redis's zslParseRange: "(x" is exclusive; false when either bound is not a float. */
export function parseScoreRange(minp: usize, minl: u32, maxp: usize, maxl: u32): bool {
  rMinEx = false; rMaxEx = false;
  if (minl > 0 && load<u8>(minp) == 40) {
    if (!strtodLike(minp + 1, minl - 1)) return false;
    rMinEx = true;
  } else if (!strtodLike(minp, minl)) return false;
  rMin = strtodVal;
  if (maxl > 0 && load<u8>(maxp) == 40) {
    if (!strtodLike(maxp + 1, maxl - 1)) return false;
    rMaxEx = true;
  } else if (!strtodLike(maxp, maxl)) return false;
  rMax = strtodVal;
  return true;
}

/** True when some node of the zset is inside the current score range. */
export function zsIsInRange(zs: usize): bool {
  if (!scoreRangeNonEmpty()) return false;
  const t = zsTail(zs);
  if (t == 0 || !valueGteMin(znScore(t))) return false;
  const f = zsFirst(zs);
  if (f == 0 || !valueLteMax(znScore(f))) return false;
  return true;
}

/** 1-based rank of the node returned by the last zs*InRange / zs*InLexRange call. */
export let foundRank: u32 = 0;

/** First node inside the score range (and its rank in foundRank), or 0. */
export function zsFirstInRange(zs: usize): usize {
  if (!zsIsInRange(zs)) return 0;
  let lv = zsHead(zs);
  let rank: u32 = 0;
  for (let i = <i32>zsLevel(zs) - 1; i >= 0; i--) {
    const li = <u32>i;
    let f = fwd(lv, li);
    while (f != 0 && !valueGteMin(znScore(f))) {
      rank += span(lv, li);
      lv = znLevels(f);
      f = fwd(lv, li);
    }
  }
  const x = fwd(lv, 0);
  if (x == 0 || !valueLteMax(znScore(x))) return 0;
  foundRank = rank + 1;
  return x;
}

/** Last node inside the score range (and its rank in foundRank), or 0. */
export function zsLastInRange(zs: usize): usize {
  if (!zsIsInRange(zs)) return 0;
  let lv = zsHead(zs);
  let x: usize = 0;
  let rank: u32 = 0;
  for (let i = <i32>zsLevel(zs) - 1; i >= 0; i--) {
    const li = <u32>i;
    let f = fwd(lv, li);
    while (f != 0 && valueLteMax(znScore(f))) {
      rank += span(lv, li);
      x = f;
      lv = znLevels(f);
      f = fwd(lv, li);
    }
  }
  if (x == 0 || !valueGteMin(znScore(x))) return 0;
  foundRank = rank;
  return x;
}

// ---- lex ranges -----------------------------------------------------------------------------------

// Bound kinds: a member string, or "-" / "+" (below / above every string).
export const LEX_STR: u32 = 0;
export const LEX_MINUS: u32 = 1;
export const LEX_PLUS: u32 = 2;
export let lxMinKind: u32 = LEX_STR;
export let lxMinP: usize = 0;
export let lxMinL: u32 = 0;
export let lxMinEx: bool = false;
export let lxMaxKind: u32 = LEX_STR;
export let lxMaxP: usize = 0;
export let lxMaxL: u32 = 0;
export let lxMaxEx: bool = false;

// one parsed item, before it is stored as min or max
let itKind: u32 = 0;
let itP: usize = 0;
let itL: u32 = 0;
let itEx: bool = false;

/** Redis's zslParseLexRangeItem: "(x", "[x", "-" or "+" (the text ends at a NUL byte). */
function parseLexItem(p: usize, n: u32): bool {
  if (n == 0) return false;
  const c = load<u8>(p);
  if (c == 43 || c == 45) { // '+' '-': nothing may follow (before a NUL)
    if (n > 1 && load<u8>(p + 1) != 0) return false;
    itKind = c == 43 ? LEX_PLUS : LEX_MINUS; itEx = true; itP = 0; itL = 0;
    return true;
  }
  if (c == 40 || c == 91) { // '(' '['
    itKind = LEX_STR; itEx = c == 40; itP = p + 1; itL = n - 1;
    return true;
  }
  return false;
}

/** Parses a lex range; the bounds point into the given bytes (argv), which must stay alive. */
export function parseLexRange(minp: usize, minl: u32, maxp: usize, maxl: u32): bool {
  if (!parseLexItem(minp, minl)) return false;
  lxMinKind = itKind; lxMinP = itP; lxMinL = itL; lxMinEx = itEx;
  if (!parseLexItem(maxp, maxl)) return false;
  lxMaxKind = itKind; lxMaxP = itP; lxMaxL = itL; lxMaxEx = itEx;
  return true;
}

/** A string member against the min bound. */
export function lexGteMin(p: usize, n: u32): bool {
  if (lxMinKind == LEX_MINUS) return true;
  if (lxMinKind == LEX_PLUS) return false;
  const c = bytesCmp(p, n, lxMinP, lxMinL);
  return lxMinEx ? c > 0 : c >= 0;
}

export function lexLteMax(p: usize, n: u32): bool {
  if (lxMaxKind == LEX_PLUS) return true;
  if (lxMaxKind == LEX_MINUS) return false;
  const c = bytesCmp(p, n, lxMaxP, lxMaxL);
  return lxMaxEx ? c < 0 : c <= 0;
}

/** False when no string can be in the range (Redis's sdscmplex of min against max). */
export function lexRangeNonEmpty(): bool {
  let c: i32;
  if (lxMinKind == lxMaxKind && lxMinKind != LEX_STR) c = 0;
  else if (lxMinKind == LEX_MINUS || lxMaxKind == LEX_PLUS) c = -1;
  else if (lxMinKind == LEX_PLUS || lxMaxKind == LEX_MINUS) c = 1;
  else c = bytesCmp(lxMinP, lxMinL, lxMaxP, lxMaxL);
  return !(c > 0 || (c == 0 && (lxMinEx || lxMaxEx)));
}

export function zsIsInLexRange(zs: usize): bool {
  if (!lexRangeNonEmpty()) return false;
  const t = zsTail(zs);
  if (t == 0 || !lexGteMin(znMember(t), znMemberLen(t))) return false;
  const f = zsFirst(zs);
  if (f == 0 || !lexLteMax(znMember(f), znMemberLen(f))) return false;
  return true;
}

export function zsFirstInLexRange(zs: usize): usize {
  if (!zsIsInLexRange(zs)) return 0;
  let lv = zsHead(zs);
  let rank: u32 = 0;
  for (let i = <i32>zsLevel(zs) - 1; i >= 0; i--) {
    const li = <u32>i;
    let f = fwd(lv, li);
    while (f != 0 && !lexGteMin(znMember(f), znMemberLen(f))) {
      rank += span(lv, li);
      lv = znLevels(f);
      f = fwd(lv, li);
    }
  }
  const x = fwd(lv, 0);
  if (x == 0 || !lexLteMax(znMember(x), znMemberLen(x))) return 0;
  foundRank = rank + 1;
  return x;
}

export function zsLastInLexRange(zs: usize): usize {
  if (!zsIsInLexRange(zs)) return 0;
  let lv = zsHead(zs);
  let x: usize = 0;
  let rank: u32 = 0;
  for (let i = <i32>zsLevel(zs) - 1; i >= 0; i--) {
    const li = <u32>i;
    let f = fwd(lv, li);
    while (f != 0 && lexLteMax(znMember(f), znMemberLen(f))) {
      rank += span(lv, li);
      x = f;
      lv = znLevels(f);
      f = fwd(lv, li);
    }
  }
  if (x == 0 || !lexGteMin(znMember(x), znMemberLen(x))) return 0;
  foundRank = rank;
  return x;
}

// ---- range deletion -------------------------------------------------------------------------------

/** Deletes nodes from `first` on while `inRange(node)` holds; UPD must be filled for `first`. */
function deleteRun(zs: usize, first: usize, kind: u32): u32 {
  let removed: u32 = 0;
  let x = first;
  while (x != 0) {
    if (kind == 0) { if (!valueLteMax(znScore(x))) break; }
    else if (!lexLteMax(znMember(x), znMemberLen(x))) break;
    const next = znNext(x);
    unlinkNode(zs, x);
    unlinkFromDict(zs, x);
    free(x);
    removed++;
    x = next;
  }
  return removed;
}

/** Fills UPD with the predecessors of the first node >= min of the current range. */
function seekRangeStart(zs: usize, lex: bool): usize {
  let lv = zsHead(zs);
  for (let i = <i32>zsLevel(zs) - 1; i >= 0; i--) {
    const li = <u32>i;
    let f = fwd(lv, li);
    while (f != 0 && (lex ? !lexGteMin(znMember(f), znMemberLen(f)) : !valueGteMin(znScore(f)))) {
      lv = znLevels(f);
      f = fwd(lv, li);
    }
    store<u32>(UPD + (<usize>li << 2), <u32>lv);
  }
  return fwd(lv, 0);
}

/** Removes every node inside the current score range; returns how many. */
export function zsDeleteRangeByScore(zs: usize): u32 {
  return deleteRun(zs, seekRangeStart(zs, false), 0);
}

/** Removes every node inside the current lex range; returns how many. */
export function zsDeleteRangeByLex(zs: usize): u32 {
  return deleteRun(zs, seekRangeStart(zs, true), 1);
}

/** Removes the nodes of 1-based ranks start..end (inclusive); returns how many. */
export function zsDeleteRangeByRank(zs: usize, start: u32, end: u32): u32 {
  let lv = zsHead(zs);
  let traversed: u32 = 0;
  for (let i = <i32>zsLevel(zs) - 1; i >= 0; i--) {
    const li = <u32>i;
    let f = fwd(lv, li);
    while (f != 0 && traversed + span(lv, li) < start) {
      traversed += span(lv, li);
      lv = znLevels(f);
      f = fwd(lv, li);
    }
    store<u32>(UPD + (<usize>li << 2), <u32>lv);
  }
  traversed++;
  let x = fwd(lv, 0);
  let removed: u32 = 0;
  while (x != 0 && traversed <= end) {
    const next = znNext(x);
    unlinkNode(zs, x);
    unlinkFromDict(zs, x);
    free(x);
    removed++;
    traversed++;
    x = next;
  }
  return removed;
}

// ---- consistency check (unit tests, DEBUG) ---------------------------------------------------------

/**
 * Verifies every invariant: order, backward links, spans at every level, tail, length, level,
 * and that the dict holds exactly the nodes. Returns 0 when consistent, else a code naming the
 * first violation.
 */
export function zsCheck(zs: usize): u32 {
  const len = zsLength(zs);
  const level = zsLevel(zs);
  if (level < 1 || level > ZSL_MAXLEVEL) return 1;
  if (dictSize(zsDict(zs)) != len) return 2;
  // level 0: order, backward links, dict membership, count
  let prev: usize = 0;
  let n = zsFirst(zs);
  let count: u32 = 0;
  while (n != 0) {
    if (znBack(n) != prev) return 3;
    if (prev != 0 && cmpNode(prev, znScore(n), znMember(n), znMemberLen(n)) >= 0) return 4;
    if (zsFind(zs, znMember(n), znMemberLen(n)) != n) return 5;
    if (znLevel(n) < 1 || znLevel(n) > ZSL_MAXLEVEL) return 6;
    if (isNaN(znScore(n))) return 7;
    count++;
    prev = n;
    n = znNext(n);
  }
  if (count != len) return 8;
  if (zsTail(zs) != prev) return 9;
  // every level: links skip only lower nodes, spans equal rank differences
  for (let i: u32 = 0; i < level; i++) {
    let lv = zsHead(zs);
    let rank: u32 = 0;
    let x: usize = 0;
    while (true) {
      const f = fwd(lv, i);
      const s = span(lv, i);
      if (f == 0) {
        // past the last node the span counts to one past the end (levels in use only)
        if (len > 0 && s != len - rank) return 10;
        break;
      }
      if (znLevel(f) <= i) return 11;
      const r = zsRankOf(zs, f);
      if (r != rank + s) return 12;
      rank = r;
      x = f;
      lv = znLevels(f);
    }
  }
  if (level > 1 && fwd(zsHead(zs), level - 1) == 0) return 13;
  return 0;
}
