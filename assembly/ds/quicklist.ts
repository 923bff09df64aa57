// Quicklist: a doubly linked list of nodes, each holding a listpack of elements (or, for one large
// element, the element's bytes as they are: a "plain" node). Redis's encoding for big lists; the
// node rules below are Redis 7.4's, so node boundaries, and with them the listpack <-> quicklist
// conversions done by types/lists.ts, happen at the same points as in Redis.
//
// Layout
//   Quicklist (QL_SIZE = 24 bytes, owned by the keyspace entry that points at it):
//     0 head u32 -> first node   4 tail u32 -> last node   8 count u32 elements   12 len u32 nodes
//    16 fill i32 (list-max-listpack-size when created, clamped to -5..32767)
//    20 compress u32 (list-compress-depth when created, clamped to 0..65535)
//   Node (QN_SIZE = 20 bytes, owned by the quicklist):
//     0 prev u32   4 next u32
//     8 entry u32 -> owned block: a listpack (packed, raw), the element bytes (plain, raw), or an
//                    LZF blob [csz u32][csz compressed bytes] of either (QN_LZF)
//    12 sz u32     bytes of the uncompressed data (lpBytes, or the plain element's length)
//    16 count u16  elements (1 for plain nodes)     18 flags u16 (QN_*)
//
// Invariants
// - Nodes are never empty; ql.count is the sum of node counts and ql.len the number of nodes.
// - The head and tail nodes are never compressed. With compress depth d > 0, nodes further than d
//   from both ends are kept LZF-compressed (when that saves at least 8 bytes and the data is at least
//   48 bytes); a node decompressed to be read or changed carries QN_RECOMPRESS until it is
//   compressed again when the operation leaves it.
// - A plain node holds exactly one element: one whose size is "large" for the fill (above the node
//   size limit; or at least the DEBUG QUICKLIST-PACKED-THRESHOLD when one is set). Plain nodes never
//   merge with neighbours.
//
// One iterator exists at a time (module globals it*); qlNext() leaves the current element in the
// qe* globals (qeIsInt ? qeInt : qeStr/qeLen), valid until the list changes.
//
// Deviations from Redis
// - A packed node created for a replaced element records the listpack's real size (Redis records
//   the element length there, a latent inaccuracy that can also make it compress a truncated
//   listpack); node sizes here are always lpBytes of the node's listpack.
// - The packed threshold set by DEBUG QUICKLIST-PACKED-THRESHOLD is process state outside the root
//   (a test knob, like Redis's static variable), so a memory image does not carry it.
import { alloc, free, realloc, blockSize } from "../mem/alloc";
import {
  lpNew, lpFree, lpBytes, lpLength, lpNext, lpPrev, lpSeek, lpGet, lpvInt, lpvStr, lpvLen,
  lpAppend, lpPrepend, lpInsert, lpReplace, lpDelete, lpDeleteRange, lpMerge, lpPos, LP_BEFORE, LP_AFTER,
} from "./listpack";
import { lzfCompress, lzfDecompress } from "../persist/lzf";
import { ll2string } from "../util/numbers";

export const QL_SIZE: u32 = 24;
export const QN_SIZE: u32 = 20;

export const QN_LZF: u16 = 1;         // entry is an LZF blob
export const QN_PLAIN: u16 = 2;       // container: one element's raw bytes
const QN_RECOMPRESS: u16 = 4;         // decompressed for use; compress again when done
const QN_DONT_COMPRESS: u16 = 8;      // transiently protected during a replace

export const QL_HEAD: i32 = 0;        // iterate from the head towards the tail (AL_START_HEAD)
export const QL_TAIL: i32 = 1;        // iterate from the tail towards the head (AL_START_TAIL)

const SIZE_SAFETY_LIMIT: u32 = 8192;
const SIZE_ESTIMATE_OVERHEAD: u32 = 8;
const MIN_COMPRESS_BYTES: u32 = 48;
const MIN_COMPRESS_IMPROVE: u32 = 8;
const FILL_MAX: i32 = 32767;
const COMPRESS_MAX: i32 = 65535;

@unmanaged export class Quicklist {
  head: u32;
  tail: u32;
  count: u32;
  len: u32;
  fill: i32;
  compress: u32;
}

@unmanaged export class QNode {
  prev: u32;
  next: u32;
  entry: u32;
  sz: u32;
  count: u16;
  flags: u16;
}

@inline function N(p: usize): QNode { return changetype<QNode>(p); }
@inline function Q(p: usize): Quicklist { return changetype<Quicklist>(p); }
@inline function isPlain(n: usize): bool { return (N(n).flags & QN_PLAIN) != 0; }
@inline function isLzf(n: usize): bool { return (N(n).flags & QN_LZF) != 0; }

// ---- size rules -------------------------------------------------------------------------------

let packedThreshold: u64 = 0;

/** DEBUG QUICKLIST-PACKED-THRESHOLD: 0 restores the fill-based rule. False when out of range. */
export function qlSetPackedThreshold(sz: u64): bool {
  if (sz > (<u64>1 << 32) - (1 << 20)) return false;
  packedThreshold = sz;
  return true;
}

/** Byte limit of a node for a negative fill (-1..-5 = 4..64 KiB; below -5 counts as -5). */
@inline function negFillLimit(fill: i32): u32 {
  let off = -fill - 1;
  if (off > 4) off = 4;
  return 4096 << <u32>off;
}

/**
 * Redis's quicklistNodeExceedsLimit: would a listpack of newSz bytes and newCount entries exceed the
 * node limit of `fill`? (Also the listpack -> quicklist conversion rule for lists.)
 */
export function qlExceedsLimit(fill: i32, newSz: u64, newCount: u64): bool {
  if (fill < 0) return newSz > <u64>negFillLimit(fill);
  if (newSz > <u64>SIZE_SAFETY_LIMIT) return true;
  const countLimit: u64 = fill == 0 ? 1 : <u64>fill;
  return newCount > countLimit;
}

/** The byte limit of a node for `fill` (u64 max when the limit is by count). */
export function qlLimitSize(fill: i32): u64 { return fill < 0 ? <u64>negFillLimit(fill) : u64.MAX_VALUE; }
/** The count limit of a node for `fill` (u32 max when the limit is by size). */
export function qlLimitCount(fill: i32): u64 { return fill < 0 ? <u64>u32.MAX_VALUE : (fill == 0 ? 1 : <u64>fill); }

@inline function isLargeElement(sz: u32, fill: i32): bool {
  if (packedThreshold != 0) return <u64>sz >= packedThreshold;
  if (fill >= 0) return sz > SIZE_SAFETY_LIMIT;
  return sz > negFillLimit(fill);
}

function allowInsert(n: usize, fill: i32, sz: u32): bool {
  if (n == 0) return false;
  if (isPlain(n) || isLargeElement(sz, fill)) return false;
  const newSz = <u64>N(n).sz + <u64>sz + SIZE_ESTIMATE_OVERHEAD;
  return !qlExceedsLimit(fill, newSz, <u64>N(n).count + 1);
}

function allowMerge(a: usize, b: usize, fill: i32): bool {
  if (a == 0 || b == 0) return false;
  if (isPlain(a) || isPlain(b)) return false;
  const mergeSz = <u64>N(a).sz + <u64>N(b).sz - 7;
  return !qlExceedsLimit(fill, mergeSz, <u64>N(a).count + <u64>N(b).count);
}

// ---- creation ---------------------------------------------------------------------------------

export function qlNew(fill: i32, compress: i32): usize {
  const ql = alloc(QL_SIZE);
  memory.fill(ql, 0, QL_SIZE);
  Q(ql).fill = fill > FILL_MAX ? FILL_MAX : (fill < -5 ? -5 : fill);
  Q(ql).compress = <u32>(compress > COMPRESS_MAX ? COMPRESS_MAX : (compress < 0 ? 0 : compress));
  return ql;
}

function newNode(): usize {
  const n = alloc(QN_SIZE);
  memory.fill(n, 0, QN_SIZE);
  return n;
}

/** A node holding one element (plain: its bytes; packed: a one-entry listpack). */
function newNodeWith(plain: bool, s: usize, slen: u32): usize {
  const n = newNode();
  if (plain) {
    const b = alloc(slen);
    memory.copy(b, s, slen);
    N(n).entry = <u32>b;
    N(n).sz = slen;
    N(n).flags = QN_PLAIN;
  } else {
    const lp = lpPrepend(lpNew(), s, slen);
    N(n).entry = <u32>lp;
    N(n).sz = lpBytes(lp);
  }
  N(n).count = 1;
  return n;
}

export function qlFree(ql: usize): void {
  let n = <usize>Q(ql).head;
  while (n != 0) {
    const nx = <usize>N(n).next;
    free(N(n).entry);
    free(n);
    n = nx;
  }
  free(ql);
}

// ---- compression ------------------------------------------------------------------------------

function compressRaw(n: usize): bool {
  const node = N(n);
  if (node.flags & QN_DONT_COMPRESS) return false;
  node.flags &= ~QN_RECOMPRESS;
  // the ends stay raw (Redis asserts this; here it is enforced)
  if (node.prev == 0 || node.next == 0) return false;
  if (node.sz < MIN_COMPRESS_BYTES) return false;
  const blob = alloc(4 + node.sz);
  const csz = lzfCompress(node.entry, node.sz, blob + 4, node.sz);
  if (csz == 0 || csz + MIN_COMPRESS_IMPROVE >= node.sz) { free(blob); return false; }
  store<u32>(blob, csz);
  const fitted = realloc(blob, 4 + csz);
  free(node.entry);
  node.entry = <u32>(fitted != 0 ? fitted : blob);
  node.flags |= QN_LZF;
  return true;
}

@inline function compressNode(n: usize): void {
  if (n != 0 && !isLzf(n)) compressRaw(n);
}

function decompressRaw(n: usize): bool {
  const node = N(n);
  node.flags &= ~QN_RECOMPRESS;
  const buf = alloc(node.sz);
  const blob = <usize>node.entry;
  if (lzfDecompress(blob + 4, load<u32>(blob), buf, node.sz) == 0) { free(buf); return false; }
  free(blob);
  node.entry = <u32>buf;
  node.flags &= ~QN_LZF;
  return true;
}

@inline function decompressNode(n: usize): void {
  if (n != 0 && isLzf(n)) decompressRaw(n);
}

@inline function decompressForUse(n: usize): void {
  if (n != 0 && isLzf(n)) { decompressRaw(n); N(n).flags |= QN_RECOMPRESS; }
}

/**
 * Brings the list back to its compression policy after `n` (may be 0) changed: the `compress` nodes
 * at each end are raw; `n` and the first node past the depth on each side are compressed.
 */
function compressPolicy(ql: usize, n: usize): void {
  const q = Q(ql);
  if (q.len == 0) return;
  if (q.compress == 0 || q.len < q.compress * 2) return;
  let fwd = <usize>q.head;
  let rev = <usize>q.tail;
  let depth: u32 = 0;
  let inDepth = false;
  while (depth++ < q.compress) {
    decompressNode(fwd);
    decompressNode(rev);
    if (fwd == n || rev == n) inDepth = true;
    if (fwd == rev || <usize>N(fwd).next == rev) return;
    fwd = N(fwd).next;
    rev = N(rev).prev;
  }
  if (!inDepth) compressNode(n);
  compressNode(fwd);
  compressNode(rev);
}

/** Redis's quicklistCompress: recompress a node used in place, or apply the policy around it. */
function compressAfter(ql: usize, n: usize): void {
  if (n == 0) return;
  if (N(n).flags & QN_RECOMPRESS) compressNode(n);
  else compressPolicy(ql, n);
}

@inline function recompressOnly(n: usize): void {
  if (n != 0 && (N(n).flags & QN_RECOMPRESS) != 0) compressNode(n);
}

// ---- node linking -----------------------------------------------------------------------------

function insertNode(ql: usize, old: usize, nn: usize, after: bool): void {
  const q = Q(ql);
  if (after) {
    N(nn).prev = <u32>old;
    if (old != 0) {
      N(nn).next = N(old).next;
      if (N(old).next != 0) N(N(old).next).prev = <u32>nn;
      N(old).next = <u32>nn;
    }
    if (<usize>q.tail == old) q.tail = <u32>nn;
  } else {
    N(nn).next = <u32>old;
    if (old != 0) {
      N(nn).prev = N(old).prev;
      if (N(old).prev != 0) N(N(old).prev).next = <u32>nn;
      N(old).prev = <u32>nn;
    }
    if (<usize>q.head == old) q.head = <u32>nn;
  }
  if (q.len == 0) { q.head = <u32>nn; q.tail = <u32>nn; }
  q.len++;
  if (old != 0) compressAfter(ql, old);
  compressAfter(ql, nn);
}

function insertPlainNode(ql: usize, old: usize, s: usize, slen: u32, after: bool): void {
  insertNode(ql, old, newNodeWith(true, s, slen), after);
  Q(ql).count++;
}

function delNode(ql: usize, n: usize): void {
  const q = Q(ql);
  const node = N(n);
  if (node.next != 0) N(node.next).prev = node.prev;
  if (node.prev != 0) N(node.prev).next = node.next;
  if (<usize>q.tail == n) q.tail = node.prev;
  if (<usize>q.head == n) q.head = node.next;
  q.len--;
  q.count -= node.count;
  compressPolicy(ql, 0);
  free(node.entry);
  free(n);
}

/** Deletes the element at p in node n. Returns true if the node went away; else lpPos = next. */
function delIndex(ql: usize, n: usize, p: usize): bool {
  if (isPlain(n)) { delNode(ql, n); return true; }
  const node = N(n);
  node.entry = <u32>lpDelete(node.entry, p);
  node.count--;
  let gone = false;
  if (node.count == 0) { gone = true; delNode(ql, n); }
  else node.sz = lpBytes(node.entry);
  Q(ql).count--;
  return gone;
}

// ---- push / append ----------------------------------------------------------------------------

export function qlPushHead(ql: usize, s: usize, slen: u32): void {
  const q = Q(ql);
  if (isLargeElement(slen, q.fill)) { insertPlainNode(ql, q.head, s, slen, false); return; }
  const h = <usize>q.head;
  if (allowInsert(h, q.fill, slen)) {
    N(h).entry = <u32>lpPrepend(N(h).entry, s, slen);
    N(h).sz = lpBytes(N(h).entry);
  } else {
    const n = newNode();
    N(n).entry = <u32>lpPrepend(lpNew(), s, slen);
    N(n).sz = lpBytes(N(n).entry);
    insertNode(ql, h, n, false);
  }
  q.count++;
  N(q.head).count++;
}

export function qlPushTail(ql: usize, s: usize, slen: u32): void {
  const q = Q(ql);
  if (isLargeElement(slen, q.fill)) { insertPlainNode(ql, q.tail, s, slen, true); return; }
  const t = <usize>q.tail;
  if (allowInsert(t, q.fill, slen)) {
    N(t).entry = <u32>lpAppend(N(t).entry, s, slen);
    N(t).sz = lpBytes(N(t).entry);
  } else {
    const n = newNode();
    N(n).entry = <u32>lpAppend(lpNew(), s, slen);
    N(n).sz = lpBytes(N(n).entry);
    insertNode(ql, t, n, true);
  }
  q.count++;
  N(q.tail).count++;
}

/** Appends a whole listpack as a new tail node (takes ownership). Conversion and RDB loading. */
export function qlAppendListpack(ql: usize, lp: usize): void {
  const n = newNode();
  N(n).entry = <u32>lp;
  N(n).count = <u16>lpLength(lp);
  N(n).sz = lpBytes(lp);
  insertNode(ql, Q(ql).tail, n, true);
  Q(ql).count += N(n).count;
}

/** Appends a plain node holding data[0..sz) (takes ownership of the block). RDB loading. */
export function qlAppendPlain(ql: usize, data: usize, sz: u32): void {
  const n = newNode();
  N(n).entry = <u32>data;
  N(n).count = 1;
  N(n).sz = sz;
  N(n).flags = QN_PLAIN;
  insertNode(ql, Q(ql).tail, n, true);
  Q(ql).count += 1;
}

// ---- iteration --------------------------------------------------------------------------------

let itQl: usize = 0;
let itCur: usize = 0;
let itOffset: i32 = 0;
let itZi: usize = 0;
let itDir: i32 = QL_HEAD;

/** The element found by qlNext. */
export let qeNode: usize = 0;
export let qeZi: usize = 0;
export let qeOffset: i32 = 0;
export let qeIsInt: bool = false;
export let qeInt: i64 = 0;
export let qeStr: usize = 0;
export let qeLen: u32 = 0;

/** Starts an iteration from one end (QL_HEAD: head to tail; QL_TAIL: tail to head). */
export function qlIter(ql: usize, dir: i32): void {
  itQl = ql;
  itDir = dir;
  itZi = 0;
  if (dir == QL_HEAD) { itCur = Q(ql).head; itOffset = 0; }
  else { itCur = Q(ql).tail; itOffset = -1; }
}

/**
 * Starts an iteration at element `idx` (negative: from the tail) moving in `dir`. False (and no
 * iterator) when idx is out of range.
 */
export function qlIterAt(ql: usize, dir: i32, idx: i64): bool {
  const q = Q(ql);
  const forward = idx >= 0;
  const index: u64 = forward ? <u64>idx : <u64>(-idx - 1);
  const cnt = <u64>q.count;
  itQl = ql; itCur = 0; itZi = 0; itDir = dir;
  if (index >= cnt) return false;
  let seekFwd = forward;
  let seekIndex = index;
  if (index > (cnt - 1) / 2) { seekFwd = !forward; seekIndex = cnt - 1 - index; }
  let n = <usize>(seekFwd ? q.head : q.tail);
  let accum: u64 = 0;
  while (n != 0) {
    if (accum + <u64>N(n).count > seekIndex) break;
    accum += N(n).count;
    n = seekFwd ? N(n).next : N(n).prev;
  }
  if (n == 0) return false;
  if (seekFwd != forward) accum = cnt - <u64>N(n).count - accum;
  itCur = n;
  itOffset = forward ? <i32>(index - accum) : <i32>(<i64>accum - <i64>index - 1);
  return true;
}

/** Ends the iteration, recompressing the node it stopped on. */
export function qlIterRelease(): void {
  if (itCur != 0) compressAfter(itQl, itCur);
  itCur = 0; itZi = 0;
}

/** Moves to the next element; false at the end. */
export function qlNext(): bool {
  while (true) {
    qeNode = itCur;
    if (itCur == 0) return false;
    const node = N(itCur);
    const plain = isPlain(itCur);
    if (itZi == 0) {
      decompressForUse(itCur);
      itZi = plain ? <usize>node.entry : lpSeek(node.entry, itOffset);
    } else if (plain) {
      itZi = 0;
    } else if (itDir == QL_HEAD) {
      itZi = lpNext(node.entry, itZi);
      itOffset++;
    } else {
      itZi = lpPrev(node.entry, itZi);
      itOffset--;
    }
    qeZi = itZi;
    qeOffset = itOffset;
    if (itZi != 0) {
      if (plain) { qeIsInt = false; qeStr = node.entry; qeLen = node.sz; return true; }
      qeIsInt = lpGet(itZi);
      if (qeIsInt) qeInt = lpvInt; else { qeStr = lpvStr; qeLen = lpvLen; }
      return true;
    }
    compressAfter(itQl, itCur);
    if (itDir == QL_HEAD) { itCur = node.next; itOffset = 0; }
    else { itCur = node.prev; itOffset = -1; }
    itZi = 0;
  }
}

/** Does the current element equal s? (plain nodes compare bytes; packed ones like lpEq) */
export function qlCurrentEq(s: usize, slen: u32): bool {
  if (qeIsInt) {
    const tmp = EQ_BUF;
    const n = fmtInt(tmp, qeInt);
    return n == slen && memory.compare(tmp, s, n) == 0;
  }
  return qeLen == slen && memory.compare(qeStr, s, slen) == 0;
}

const EQ_BUF: usize = memory.data(32, 8);
@inline function fmtInt(dst: usize, v: i64): u32 { return ll2string(dst, v); }

/** Deletes the current element; the iteration goes on with the element after it. */
export function qlDelCurrent(): void {
  const node = qeNode;
  const prev = <usize>N(node).prev;
  const next = <usize>N(node).next;
  const gone = delIndex(itQl, node, qeZi);
  itZi = 0;
  if (gone) {
    if (itDir == QL_HEAD) { itCur = next; itOffset = 0; }
    else { itCur = prev; itOffset = -1; }
  }
}

// ---- split / merge ----------------------------------------------------------------------------

/**
 * Splits raw packed node n at `offset`. after: n keeps [0, offset], the returned node gets the rest;
 * !after: the returned node gets [0, offset), n keeps [offset, end].
 */
function splitNode(n: usize, offset: i32, after: bool): usize {
  const node = N(n);
  const sz = node.sz;
  const nn = newNode();
  const copy = alloc(sz);
  memory.copy(copy, node.entry, sz);
  N(nn).entry = <u32>copy;
  if (offset < 0) offset = <i32>node.count + offset;
  const ALL: u32 = u32.MAX_VALUE;
  const origStart: i64 = after ? offset + 1 : 0;
  const origExtent: u32 = after ? ALL : <u32>offset;
  const newStart: i64 = after ? 0 : offset;
  const newExtent: u32 = after ? <u32>(offset + 1) : ALL;
  node.entry = <u32>lpDeleteRange(node.entry, origStart, origExtent);
  node.count = <u16>lpLength(node.entry);
  node.sz = lpBytes(node.entry);
  N(nn).entry = <u32>lpDeleteRange(N(nn).entry, newStart, newExtent);
  N(nn).count = <u16>lpLength(N(nn).entry);
  N(nn).sz = lpBytes(N(nn).entry);
  return nn;
}

/** Merges b (right) into a (left); returns the surviving node. */
function mergePair(ql: usize, a: usize, b: usize): usize {
  decompressNode(a);
  decompressNode(b);
  N(a).entry = <u32>lpMerge(N(a).entry, N(b).entry);
  lpFree(N(b).entry);
  N(b).entry = 0;
  N(a).count = <u16>lpLength(N(a).entry);
  N(a).sz = lpBytes(N(a).entry);
  N(a).flags &= ~QN_RECOMPRESS;
  N(b).count = 0;
  delNode(ql, b);
  compressAfter(ql, a);
  return a;
}

/** Tries the merges around `center` that Redis tries after a split; returns the new center. */
function mergeAround(ql: usize, center: usize): usize {
  const fill = Q(ql).fill;
  let prev: usize = N(center).prev;
  let prevPrev: usize = prev != 0 ? <usize>N(prev).prev : 0;
  let next: usize = N(center).next;
  let nextNext: usize = next != 0 ? <usize>N(next).next : 0;
  if (allowMerge(prev, prevPrev, fill)) mergePair(ql, prevPrev, prev);
  if (allowMerge(next, nextNext, fill)) mergePair(ql, next, nextNext);
  let target: usize;
  if (allowMerge(center, N(center).prev, fill)) target = mergePair(ql, N(center).prev, center);
  else target = center;
  if (allowMerge(target, N(target).next, fill)) target = mergePair(ql, target, N(target).next);
  return target;
}

// ---- insert / replace at the current element ---------------------------------------------------

/**
 * Inserts s before or after the current element (qlNext's). Ends the iteration. On an empty list
 * (no current element) creates the only node.
 */
export function qlInsertAtCurrent(after: bool, s: usize, slen: u32): void {
  const ql = itQl;
  const q = Q(ql);
  const fill = q.fill;
  const n = qeNode;
  itCur = 0; itZi = 0;
  if (n == 0) {
    if (isLargeElement(slen, fill)) { insertPlainNode(ql, q.tail, s, slen, after); return; }
    const nn = newNode();
    N(nn).entry = <u32>lpPrepend(lpNew(), s, slen);
    N(nn).sz = lpBytes(N(nn).entry);
    insertNode(ql, 0, nn, after);
    N(nn).count++;
    q.count++;
    return;
  }
  const cnt = <i32>N(n).count;
  const off = qeOffset;
  const full = !allowInsert(n, fill, slen);
  let atTail = false, atHead = false, availNext = false, availPrev = false;
  if (after && (off == cnt - 1 || off == -1)) {
    atTail = true;
    availNext = allowInsert(N(n).next, fill, slen);
  }
  if (!after && (off == 0 || off == -cnt)) {
    atHead = true;
    availPrev = allowInsert(N(n).prev, fill, slen);
  }
  if (isLargeElement(slen, fill)) {
    if (isPlain(n) || atTail || atHead) {
      insertPlainNode(ql, n, s, slen, after);
    } else {
      decompressForUse(n);
      const rest = splitNode(n, off, after);
      const en = newNodeWith(true, s, slen);
      insertNode(ql, n, en, after);
      insertNode(ql, en, rest, after);
      q.count++;
    }
    return;
  }
  if (!full) {
    decompressForUse(n);
    N(n).entry = <u32>lpInsert(N(n).entry, qeZi, after ? LP_AFTER : LP_BEFORE, s, slen);
    N(n).count++;
    N(n).sz = lpBytes(N(n).entry);
    recompressOnly(n);
  } else if (atTail && availNext) {
    const nx = <usize>N(n).next;
    decompressForUse(nx);
    N(nx).entry = <u32>lpPrepend(N(nx).entry, s, slen);
    N(nx).count++;
    N(nx).sz = lpBytes(N(nx).entry);
    recompressOnly(nx);
    recompressOnly(n);
  } else if (atHead && availPrev) {
    const pv = <usize>N(n).prev;
    decompressForUse(pv);
    N(pv).entry = <u32>lpAppend(N(pv).entry, s, slen);
    N(pv).count++;
    N(pv).sz = lpBytes(N(pv).entry);
    recompressOnly(pv);
    recompressOnly(n);
  } else if (atTail || atHead) {
    const nn = newNode();
    N(nn).entry = <u32>lpPrepend(lpNew(), s, slen);
    N(nn).count = 1;
    N(nn).sz = lpBytes(N(nn).entry);
    insertNode(ql, n, nn, after);
  } else {
    decompressForUse(n);
    const nn = splitNode(n, off, after);
    if (after) N(nn).entry = <u32>lpPrepend(N(nn).entry, s, slen);
    else N(nn).entry = <u32>lpAppend(N(nn).entry, s, slen);
    N(nn).count++;
    N(nn).sz = lpBytes(N(nn).entry);
    insertNode(ql, n, nn, after);
    mergeAround(ql, n);
  }
  q.count++;
}

/** Replaces the current element with s. Ends the iteration. */
export function qlReplaceCurrent(s: usize, slen: u32): void {
  const ql = itQl;
  const q = Q(ql);
  const n = qeNode;
  const large = isLargeElement(slen, q.fill);
  if (!isPlain(n) && !large) {
    N(n).entry = <u32>lpReplace(N(n).entry, qeZi, s, slen);
    N(n).sz = lpBytes(N(n).entry);
    itCur = 0; itZi = 0;
    compressAfter(ql, n);
    return;
  }
  if (isPlain(n)) {
    if (large) {
      const b = alloc(slen);
      memory.copy(b, s, slen);
      free(N(n).entry);
      N(n).entry = <u32>b;
      N(n).sz = slen;
      itCur = 0; itZi = 0;
      compressAfter(ql, n);
    } else {
      qlInsertAtCurrent(true, s, slen);
      delNode(ql, n);
    }
    return;
  }
  // packed node, large new value: isolate it in a node of its own
  itCur = 0; itZi = 0;
  N(n).flags |= QN_DONT_COMPRESS;
  let split: usize = 0;
  if (qeOffset != <i32>N(n).count - 1 && qeOffset != -1) split = splitNode(n, qeOffset, true);
  let nn = newNodeWith(true, s, slen);
  insertNode(ql, n, nn, true);
  if (split != 0) insertNode(ql, nn, split, true);
  q.count++;
  if (N(n).count == 1) {
    delNode(ql, n);
  } else {
    const p = lpSeek(N(n).entry, -1);
    delIndex(ql, n, p);
    N(n).flags &= ~QN_DONT_COMPRESS;
    nn = mergeAround(ql, nn);
    compressAfter(ql, nn);
    compressAfter(ql, N(nn).prev);
    compressAfter(ql, N(nn).next);
  }
}

/** Replaces element idx (negative: from the tail). False when idx is out of range. */
export function qlReplaceAtIndex(ql: usize, idx: i64, s: usize, slen: u32): bool {
  if (!qlIterAt(ql, QL_TAIL, idx)) return false;
  qlNext();
  qlReplaceCurrent(s, slen);
  return true;
}


// ---- delete -----------------------------------------------------------------------------------

/** Deletes `count` elements from `start` (negative: from the tail). Redis's quicklistDelRange. */
export function qlDelRange(ql: usize, start: i64, count: i64): bool {
  if (count <= 0) return false;
  const q = Q(ql);
  let extent = <u64>count;
  if (start >= 0 && extent > <u64>q.count - <u64>start) extent = <u64>q.count - <u64>start;
  else if (start < 0 && extent > <u64>(-start)) extent = <u64>(-start);
  if (!qlIterAt(ql, QL_TAIL, start)) return false;
  let n = itCur;
  let offset = <i64>itOffset;
  qlIterRelease();
  while (extent > 0) {
    const next = <usize>N(n).next;
    const cnt = <u64>N(n).count;
    let del: u64;
    let whole = false;
    if (offset == 0 && extent >= cnt) { whole = true; del = cnt; }
    else if (offset >= 0 && extent + <u64>offset >= cnt) del = cnt - <u64>offset;
    else if (offset < 0) { del = <u64>(-offset); if (del > extent) del = extent; }
    else del = extent;
    if (whole || isPlain(n)) {
      delNode(ql, n);
    } else {
      decompressForUse(n);
      N(n).entry = <u32>lpDeleteRange(N(n).entry, offset, <u32>del);
      N(n).sz = lpBytes(N(n).entry);
      N(n).count -= <u16>del;
      q.count -= <u32>del;
      if (N(n).count == 0) delNode(ql, n);
      else recompressOnly(n);
    }
    extent -= del;
    n = next;
    offset = 0;
  }
  return true;
}

/** Puts the head (fromHead) or tail element in qe*; false when empty. Follow with qlPopDone. */
export function qlPeekEnd(ql: usize, fromHead: bool): bool {
  const q = Q(ql);
  if (q.count == 0) return false;
  const n = <usize>(fromHead ? q.head : q.tail);
  decompressNode(n);
  qeNode = n;
  if (isPlain(n)) {
    qeZi = N(n).entry;
    qeIsInt = false; qeStr = N(n).entry; qeLen = N(n).sz;
    return true;
  }
  const p = lpSeek(N(n).entry, fromHead ? 0 : -1);
  qeZi = p;
  qeIsInt = lpGet(p);
  if (qeIsInt) qeInt = lpvInt; else { qeStr = lpvStr; qeLen = lpvLen; }
  return true;
}

/** Removes the element qlPeekEnd found (nothing else may have changed the list in between). */
export function qlPopDone(ql: usize): void {
  delIndex(ql, qeNode, qeZi);
}

// ---- whole-list operations --------------------------------------------------------------------

@inline export function qlCount(ql: usize): u32 { return Q(ql).count; }
@inline export function qlLen(ql: usize): u32 { return Q(ql).len; }
@inline export function qlFill(ql: usize): i32 { return Q(ql).fill; }
@inline export function qlCompressDepth(ql: usize): u32 { return Q(ql).compress; }
@inline export function qlHead(ql: usize): usize { return Q(ql).head; }
@inline export function qlTail(ql: usize): usize { return Q(ql).tail; }
@inline export function qnNext(n: usize): usize { return N(n).next; }
@inline export function qnPrev(n: usize): usize { return N(n).prev; }
@inline export function qnCount(n: usize): u32 { return N(n).count; }
@inline export function qnSz(n: usize): u32 { return N(n).sz; }
@inline export function qnIsPlain(n: usize): bool { return isPlain(n); }
@inline export function qnIsCompressed(n: usize): bool { return isLzf(n); }
/** The node's block: a listpack or plain bytes (raw), or [csz u32][LZF bytes] when compressed. */
@inline export function qnEntry(n: usize): usize { return N(n).entry; }

/**
 * If the list is a single raw packed node, detaches and returns its listpack and frees the
 * quicklist; else returns 0 and leaves the list unchanged. (The head is never compressed.)
 */
export function qlTakeSingleListpack(ql: usize): usize {
  const q = Q(ql);
  if (q.len != 1) return 0;
  const h = <usize>q.head;
  if (isPlain(h)) return 0;
  decompressNode(h);
  const lp = <usize>N(h).entry;
  N(h).entry = 0;
  free(h);
  free(ql);
  return lp;
}

/** A deep copy with the same fill, depth, nodes and node encodings; 0 when out of memory. */
export function qlDup(ql: usize): usize {
  const q = Q(ql);
  const cp = alloc(QL_SIZE);
  if (cp == 0) return 0;
  memory.fill(cp, 0, QL_SIZE);
  Q(cp).fill = q.fill;
  Q(cp).compress = q.compress;
  let n = <usize>q.head;
  while (n != 0) {
    const src = <usize>N(n).entry;
    const bytes = isLzf(n) ? 4 + load<u32>(src) : N(n).sz;
    const b = alloc(bytes);
    const nn = alloc(QN_SIZE);
    if (b == 0 || nn == 0) { if (b != 0) free(b); if (nn != 0) free(nn); qlFree(cp); return 0; }
    memory.copy(b, src, bytes);
    memory.fill(nn, 0, QN_SIZE);
    N(nn).entry = <u32>b;
    N(nn).sz = N(n).sz;
    N(nn).count = N(n).count;
    N(nn).flags = N(n).flags & (QN_LZF | QN_PLAIN);
    // append without re-running the compression policy: the copy mirrors the original's nodes
    N(nn).prev = Q(cp).tail;
    if (Q(cp).tail != 0) N(Q(cp).tail).next = <u32>nn; else Q(cp).head = <u32>nn;
    Q(cp).tail = <u32>nn;
    Q(cp).len++;
    Q(cp).count += N(nn).count;
    n = N(n).next;
  }
  return cp;
}

/** Bytes of every block the quicklist owns (header, nodes, node data). */
export function qlMemUsage(ql: usize): u32 {
  let total = blockSize(ql);
  let n = <usize>Q(ql).head;
  while (n != 0) {
    total += blockSize(n) + blockSize(N(n).entry);
    n = N(n).next;
  }
  return total;
}
