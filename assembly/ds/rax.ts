// Rax: an ordered map from byte-string keys to usize values (the role of Redis's rax: the stream
// node index, consumer-group PELs keyed by 16-byte big-endian IDs, groups and consumers by name).
//
// Not a radix tree: a B+tree whose leaves are doubly linked. Order is memcmp-then-length, the same
// order as Redis's rax (a key sorts before its extensions), so seeks and iteration visit keys as
// Redis does. Values are opaque usize (pointers or small integers); the tree never frees them.
//
// Layout
//   Rax (RAX_SIZE): [root u32][height u32][size u64][bytes u64]
//     root -> node (0 when empty); height = levels of internal nodes above the leaves (0: the root is
//     a leaf); bytes = usable bytes of every block the tree owns (nodes and key copies), for
//     MEMORY USAGE, kept up to date on every alloc/free.
//   Node: [count u16][cap u8][leaf u8][prev u32][next u32] then `cap` pairs of u32:
//     leaf:     (key -> key block, value)          keys strictly increasing
//     internal: (separator -> key block, child)    pair 0's separator is unused (0); child i holds
//                                                  keys >= separator i (i >= 1) and < separator i+1
//     prev/next link leaves left to right (0 at the ends); unused in internal nodes.
//   Key block: [len u32][bytes]; owned by the node that points at it (separators are copies).
// Invariants
// - No node is empty except a root leaf of an empty tree. Leaves grow in place through capacities
//   2, 6, 14, 30 (blocks of 28/60/124/252 bytes, exact allocator classes); internal nodes are
//   allocated at MAXK. A leaf that drops below a quarter of MAXK merges into a neighbour under the
//   same parent when the two fit in one node.
// - Any insert/remove invalidates every iterator on the tree (nodes move and merge); setting the
//   current element's value through an iterator does not.
// - Appending past the largest key (IDs, the common case) splits off a one-key node instead of
//   halving, so append-only trees keep their nodes full.
import { alloc, free, realloc, blockSize } from "../mem/alloc";

const MAXK: u32 = 30;
const MIN_FILL: u32 = MAXK >> 2;
const MAX_HEIGHT: u32 = 64;

const N_COUNT: u32 = 0;
const N_CAP: u32 = 2;
const N_LEAF: u32 = 3;
const N_PREV: u32 = 4;
const N_NEXT: u32 = 8;
const N_HDR: u32 = 12;

const R_ROOT: u32 = 0;
const R_HEIGHT: u32 = 4;
const R_SIZE: u32 = 8;
const R_BYTES: u32 = 16;
export const RAX_SIZE: u32 = 24;

export const RAX_SEEK_FIRST: i32 = 0;  // "^"
export const RAX_SEEK_LAST: i32 = 1;   // "$"
export const RAX_SEEK_GE: i32 = 2;     // ">="
export const RAX_SEEK_GT: i32 = 3;     // ">"
export const RAX_SEEK_LE: i32 = 4;     // "<="
export const RAX_SEEK_LT: i32 = 5;     // "<"
export const RAX_SEEK_EQ: i32 = 6;     // "="

/** Value found by raxFind. */
export let raxVal: usize = 0;
/** Previous value: replaced by raxInsert, kept by a failed raxTryInsert, removed by raxRemove. */
export let raxOld: usize = 0;

// descent path of the last insert/remove: node and child index per internal level
const PATH_NODE: usize = memory.data(MAX_HEIGHT * 4, 4);
const PATH_IDX: usize = memory.data(MAX_HEIGHT * 4, 4);

@inline function nCount(n: usize): u32 { return <u32>load<u16>(n + N_COUNT); }
@inline function nSetCount(n: usize, c: u32): void { store<u16>(n + N_COUNT, <u16>c); }
@inline function nCap(n: usize): u32 { return <u32>load<u8>(n + N_CAP); }
@inline function nIsLeaf(n: usize): bool { return load<u8>(n + N_LEAF) != 0; }
@inline function nPrev(n: usize): usize { return <usize>load<u32>(n + N_PREV); }
@inline function nNext(n: usize): usize { return <usize>load<u32>(n + N_NEXT); }
@inline function pairAt(n: usize, i: u32): usize { return n + N_HDR + (<usize>i << 3); }
@inline function nKey(n: usize, i: u32): usize { return <usize>load<u32>(pairAt(n, i)); }
@inline function nVal(n: usize, i: u32): usize { return <usize>load<u32>(pairAt(n, i) + 4); }
@inline function nSetKey(n: usize, i: u32, k: usize): void { store<u32>(pairAt(n, i), <u32>k); }
@inline function nSetVal(n: usize, i: u32, v: usize): void { store<u32>(pairAt(n, i) + 4, <u32>v); }
@inline function kLen(k: usize): u32 { return load<u32>(k); }
@inline function kPtr(k: usize): usize { return k + 4; }

@inline function addBytes(r: usize, d: i64): void { store<u64>(r + R_BYTES, <u64>(<i64>load<u64>(r + R_BYTES) + d)); }

function rAlloc(r: usize, size: u32): usize {
  const p = alloc(size);
  if (p == 0) unreachable();
  addBytes(r, <i64>blockSize(p));
  return p;
}
function rFree(r: usize, p: usize): void {
  addBytes(r, -<i64>blockSize(p));
  free(p);
}

function keyNew(r: usize, kp: usize, kl: u32): usize {
  const k = rAlloc(r, 4 + kl);
  store<u32>(k, kl);
  memory.copy(k + 4, kp, kl);
  return k;
}

/** memcmp-then-length order of the key block k against bytes (p, n). */
@inline function keyCmp(k: usize, p: usize, n: u32): i32 {
  const kl = kLen(k);
  const a = kPtr(k);
  const m = kl < n ? kl : n;
  let i: u32 = 0;
  // compare 8 bytes at a time as big-endian integers
  for (; i + 8 <= m; i += 8) {
    const x = load<u64>(a + i), y = load<u64>(p + i);
    if (x != y) return bswap<u64>(x) < bswap<u64>(y) ? -1 : 1;
  }
  for (; i < m; i++) {
    const x = <i32>load<u8>(a + i), y = <i32>load<u8>(p + i);
    if (x != y) return x - y;
  }
  return kl < n ? -1 : (kl > n ? 1 : 0);
}

function nodeNew(r: usize, leaf: bool, cap: u32): usize {
  const n = rAlloc(r, N_HDR + (cap << 3));
  nSetCount(n, 0);
  store<u8>(n + N_CAP, <u8>cap);
  store<u8>(n + N_LEAF, leaf ? 1 : 0);
  store<u32>(n + N_PREV, 0);
  store<u32>(n + N_NEXT, 0);
  return n;
}

// ---- create / free / size ---------------------------------------------------------------------

export function raxNew(): usize {
  const r = alloc(RAX_SIZE);
  if (r == 0) unreachable();
  memory.fill(r, 0, RAX_SIZE);
  store<u64>(r + R_BYTES, <u64>blockSize(r));
  return r;
}

function freeNode(n: usize): void {
  const c = nCount(n);
  if (nIsLeaf(n)) {
    for (let i: u32 = 0; i < c; i++) free(nKey(n, i));
  } else {
    for (let i: u32 = 0; i < c; i++) {
      const k = nKey(n, i);
      if (k != 0) free(k);
      freeNode(nVal(n, i));
    }
  }
  free(n);
}

/** Frees the tree and its key copies; values are the caller's (free them first by iterating). */
export function raxFree(r: usize): void {
  const root = <usize>load<u32>(r + R_ROOT);
  if (root != 0) freeNode(root);
  free(r);
}

@inline export function raxSize(r: usize): u64 { return load<u64>(r + R_SIZE); }

/** Usable bytes of every block the tree owns (header, nodes, key copies). */
@inline export function raxMemUsage(r: usize): usize { return <usize>load<u64>(r + R_BYTES); }

// ---- search -----------------------------------------------------------------------------------

/** Child index in internal node n for key (p, l): the last i with i == 0 or separator i <= key. */
function childIndex(n: usize, p: usize, l: u32): u32 {
  let lo: u32 = 1, hi: u32 = nCount(n);   // find first separator > key in [1, count)
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keyCmp(nKey(n, mid), p, l) <= 0) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}

/** First index in leaf n whose key is >= (p, l); `lbFound` says whether it is equal. */
let lbFound: bool = false;
function lowerBound(n: usize, p: usize, l: u32): u32 {
  let lo: u32 = 0, hi: u32 = nCount(n);
  lbFound = false;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = keyCmp(nKey(n, mid), p, l);
    if (c < 0) lo = mid + 1;
    else { if (c == 0) lbFound = true; hi = mid; }
  }
  return lo;
}

/** Descends to the leaf that would hold (p, l), recording the path. */
function descend(r: usize, p: usize, l: u32): usize {
  let n = <usize>load<u32>(r + R_ROOT);
  const h = load<u32>(r + R_HEIGHT);
  for (let lv: u32 = 0; lv < h; lv++) {
    const i = childIndex(n, p, l);
    store<u32>(PATH_NODE + (lv << 2), <u32>n);
    store<u32>(PATH_IDX + (lv << 2), i);
    n = nVal(n, i);
  }
  return n;
}

export function raxFind(r: usize, kp: usize, kl: u32): bool {
  if (load<u64>(r + R_SIZE) == 0) return false;
  const leaf = descend(r, kp, kl);
  const i = lowerBound(leaf, kp, kl);
  if (!lbFound) return false;
  raxVal = nVal(leaf, i);
  return true;
}

// ---- insert -----------------------------------------------------------------------------------

@inline function nextLeafCap(cap: u32): u32 { return cap < 6 ? 6 : (cap < 14 ? 14 : MAXK); }

/** Points whatever referenced `old` (parent slot, sibling links, root) at `n`. */
function relocate(r: usize, lv: i32, old: usize, n: usize): void {
  if (lv < 0) store<u32>(r + R_ROOT, <u32>n);
  else nSetVal(<usize>load<u32>(PATH_NODE + (<usize>lv << 2)), load<u32>(PATH_IDX + (<usize>lv << 2)), n);
  if (nIsLeaf(n)) {
    const pv = nPrev(n), nx = nNext(n);
    if (pv != 0) store<u32>(pv + N_NEXT, <u32>n);
    if (nx != 0) store<u32>(nx + N_PREV, <u32>n);
  }
}

/** Grows a node's capacity in place (realloc); lv = its parent's level (-1 = it is the root). */
function growNode(r: usize, n: usize, lv: i32, cap: u32): usize {
  addBytes(r, -<i64>blockSize(n));
  const m = realloc(n, N_HDR + (cap << 3));
  if (m == 0) unreachable();
  addBytes(r, <i64>blockSize(m));
  store<u8>(m + N_CAP, <u8>cap);
  if (m != n) relocate(r, lv, n, m);
  return m;
}

/** Opens slot i in node n (count < cap) and stores (k, v) there. */
function putAt(n: usize, i: u32, k: usize, v: usize): void {
  const c = nCount(n);
  if (i < c) memory.copy(pairAt(n, i + 1), pairAt(n, i), (c - i) << 3);
  nSetKey(n, i, k);
  nSetVal(n, i, v);
  nSetCount(n, c + 1);
}

/**
 * Inserts (k, v) at index i of node n, which sits at level `lv` of the path (lv = index of its
 * parent in PATH_*, -1 for the root), splitting upwards as needed.
 */
function insertInto(r: usize, n: usize, lv: i32, i: u32, k: usize, v: usize): void {
  const leaf = nIsLeaf(n);
  let c = nCount(n);
  if (c < nCap(n)) { putAt(n, i, k, v); return; }
  if (leaf && c < MAXK) {
    n = growNode(r, n, lv, nextLeafCap(nCap(n)));
    putAt(n, i, k, v);
    return;
  }
  // split: the right node takes entries [mid, c) (+ the new one if it falls there)
  const appending = i == c && (!leaf || nNext(n) == 0);
  const mid: u32 = appending ? c : (c + 1) >> 1;
  const right = nodeNew(r, leaf, leaf ? (appending ? 2 : MAXK) : MAXK);
  const moved = c - mid;
  if (moved > 0) memory.copy(pairAt(right, 0), pairAt(n, mid), moved << 3);
  nSetCount(right, moved);
  nSetCount(n, mid);
  if (i >= mid) putAt(right, i - mid, k, v); else putAt(n, i, k, v);
  let sep: usize;
  if (leaf) {
    const nx = nNext(n);
    store<u32>(right + N_PREV, <u32>n);
    store<u32>(right + N_NEXT, <u32>nx);
    if (nx != 0) store<u32>(nx + N_PREV, <u32>right);
    store<u32>(n + N_NEXT, <u32>right);
    const fk = nKey(right, 0);
    sep = keyNew(r, kPtr(fk), kLen(fk));
  } else {
    // the right node's first separator moves up; its slot 0 separator becomes unused
    sep = nKey(right, 0);
    nSetKey(right, 0, 0);
  }
  if (lv < 0) {
    const root = nodeNew(r, false, MAXK);
    nSetKey(root, 0, 0);
    nSetVal(root, 0, n);
    nSetKey(root, 1, sep);
    nSetVal(root, 1, right);
    nSetCount(root, 2);
    store<u32>(r + R_ROOT, <u32>root);
    store<u32>(r + R_HEIGHT, load<u32>(r + R_HEIGHT) + 1);
    return;
  }
  const parent = <usize>load<u32>(PATH_NODE + (<usize>lv << 2));
  const pi = load<u32>(PATH_IDX + (<usize>lv << 2));
  insertInto(r, parent, lv - 1, pi + 1, sep, right);
}

function insertGeneric(r: usize, kp: usize, kl: u32, v: usize, overwrite: bool): bool {
  let root = <usize>load<u32>(r + R_ROOT);
  if (root == 0) {
    root = nodeNew(r, true, 2);
    store<u32>(r + R_ROOT, <u32>root);
  }
  const leaf = descend(r, kp, kl);
  const i = lowerBound(leaf, kp, kl);
  if (lbFound) {
    raxOld = nVal(leaf, i);
    if (overwrite) nSetVal(leaf, i, v);
    return false;
  }
  const k = keyNew(r, kp, kl);
  insertInto(r, leaf, <i32>load<u32>(r + R_HEIGHT) - 1, i, k, v);
  store<u64>(r + R_SIZE, load<u64>(r + R_SIZE) + 1);
  return true;
}

/** Inserts or overwrites; true when the key is new (else the replaced value is in raxOld). */
export function raxInsert(r: usize, kp: usize, kl: u32, v: usize): bool {
  return insertGeneric(r, kp, kl, v, true);
}

/** Inserts only when absent; false when the key existed (its value is in raxOld, unchanged). */
export function raxTryInsert(r: usize, kp: usize, kl: u32, v: usize): bool {
  return insertGeneric(r, kp, kl, v, false);
}

// ---- remove -----------------------------------------------------------------------------------

/** Removes entry i of node n (freeing its key block when `freeKey`). */
function dropAt(r: usize, n: usize, i: u32, freeKey: bool): void {
  const c = nCount(n);
  if (freeKey) { const k = nKey(n, i); if (k != 0) rFree(r, k); }
  if (i + 1 < c) memory.copy(pairAt(n, i), pairAt(n, i + 1), (c - i - 1) << 3);
  nSetCount(n, c - 1);
}

/**
 * Removes child slot i from the internal node at path level lv (the child itself is already gone),
 * removing the node in turn when it becomes empty, and collapsing a root with one child.
 */
function removeChild(r: usize, lv: i32, i: u32): void {
  const n = <usize>load<u32>(PATH_NODE + (<usize>lv << 2));
  dropAt(r, n, i, true);
  if (i == 0 && nCount(n) > 0) {
    // the new first child's separator is unused at this level
    const k = nKey(n, 0);
    if (k != 0) { rFree(r, k); nSetKey(n, 0, 0); }
  }
  if (nCount(n) == 0) {
    rFree(r, n);
    if (lv == 0) { store<u32>(r + R_ROOT, 0); store<u32>(r + R_HEIGHT, 0); return; }
    removeChild(r, lv - 1, load<u32>(PATH_IDX + (<usize>(lv - 1) << 2)));
    return;
  }
  if (lv == 0) {
    // collapse roots with a single child
    let root = n;
    while (!nIsLeaf(root) && nCount(root) == 1) {
      const ch = nVal(root, 0);
      rFree(r, root);
      root = ch;
      store<u32>(r + R_ROOT, <u32>root);
      store<u32>(r + R_HEIGHT, load<u32>(r + R_HEIGHT) - 1);
    }
  }
}

function unlinkLeaf(leaf: usize): void {
  const pv = nPrev(leaf), nx = nNext(leaf);
  if (pv != 0) store<u32>(pv + N_NEXT, <u32>nx);
  if (nx != 0) store<u32>(nx + N_PREV, <u32>pv);
}

/** Removes a key; true when it existed (its value is in raxOld). */
export function raxRemove(r: usize, kp: usize, kl: u32): bool {
  if (load<u64>(r + R_SIZE) == 0) return false;
  const leaf = descend(r, kp, kl);
  const i = lowerBound(leaf, kp, kl);
  if (!lbFound) return false;
  raxOld = nVal(leaf, i);
  dropAt(r, leaf, i, true);
  store<u64>(r + R_SIZE, load<u64>(r + R_SIZE) - 1);
  const h = <i32>load<u32>(r + R_HEIGHT);
  const c = nCount(leaf);
  if (h == 0) {
    if (c == 0) { rFree(r, leaf); store<u32>(r + R_ROOT, 0); }
    return true;
  }
  const lv = h - 1;
  const parent = <usize>load<u32>(PATH_NODE + (<usize>lv << 2));
  const pi = load<u32>(PATH_IDX + (<usize>lv << 2));
  if (c == 0) {
    unlinkLeaf(leaf);
    rFree(r, leaf);
    removeChild(r, lv, pi);
    return true;
  }
  if (c < MIN_FILL) {
    // merge with a neighbour under the same parent when both fit in one node
    let left: usize = 0, right: usize = 0, ri: u32 = 0;
    if (pi + 1 < nCount(parent) && nCount(nVal(parent, pi + 1)) + c <= MAXK) {
      left = leaf; right = nVal(parent, pi + 1); ri = pi + 1;
    } else if (pi > 0 && nCount(nVal(parent, pi - 1)) + c <= MAXK) {
      left = nVal(parent, pi - 1); right = leaf; ri = pi;
    }
    if (left != 0) {
      const lc = nCount(left), rc = nCount(right);
      if (lc + rc > nCap(left)) {
        // grow the left leaf in place; its parent slot is ri - 1
        store<u32>(PATH_IDX + (<usize>lv << 2), ri - 1);
        left = growNode(r, left, lv, lc + rc <= 6 ? 6 : (lc + rc <= 14 ? 14 : MAXK));
      }
      memory.copy(pairAt(left, lc), pairAt(right, 0), rc << 3);
      nSetCount(left, lc + rc);
      unlinkLeaf(right);
      rFree(r, right);
      removeChild(r, lv, ri);
    }
  }
  return true;
}

// ---- iterator ---------------------------------------------------------------------------------
// Iterator (RAX_ITER_SIZE bytes, caller memory): [rax u32][leaf u32][idx u32][flags u32]

const I_RAX: u32 = 0;
const I_LEAF: u32 = 4;
const I_IDX: u32 = 8;
const I_FLAGS: u32 = 12;
export const RAX_ITER_SIZE: u32 = 16;
const IT_EOF: u32 = 1;
const IT_JUST_SEEKED: u32 = 2;

export function raxStart(it: usize, r: usize): void {
  store<u32>(it + I_RAX, <u32>r);
  store<u32>(it + I_LEAF, 0);
  store<u32>(it + I_IDX, 0);
  store<u32>(it + I_FLAGS, IT_EOF);
}

@inline export function raxStop(it: usize): void {}

@inline export function raxEOF(it: usize): bool { return (load<u32>(it + I_FLAGS) & IT_EOF) != 0; }

@inline function itSet(it: usize, leaf: usize, idx: u32): bool {
  if (leaf == 0) { store<u32>(it + I_FLAGS, IT_EOF); return false; }
  store<u32>(it + I_LEAF, <u32>leaf);
  store<u32>(it + I_IDX, idx);
  store<u32>(it + I_FLAGS, IT_JUST_SEEKED);
  return true;
}

/** Positions at the element given by op; the next raxNext or raxPrev returns it. */
export function raxSeek(it: usize, op: i32, kp: usize, kl: u32): bool {
  const r = <usize>load<u32>(it + I_RAX);
  store<u32>(it + I_FLAGS, IT_EOF);
  if (load<u64>(r + R_SIZE) == 0) return false;
  const h = load<u32>(r + R_HEIGHT);
  let n = <usize>load<u32>(r + R_ROOT);
  if (op == RAX_SEEK_FIRST) {
    for (let lv: u32 = 0; lv < h; lv++) n = nVal(n, 0);
    return itSet(it, n, 0);
  }
  if (op == RAX_SEEK_LAST) {
    for (let lv: u32 = 0; lv < h; lv++) n = nVal(n, nCount(n) - 1);
    return itSet(it, n, nCount(n) - 1);
  }
  const leaf = descend(r, kp, kl);
  let i = lowerBound(leaf, kp, kl);
  const c = nCount(leaf);
  if (op == RAX_SEEK_EQ) return lbFound ? itSet(it, leaf, i) : false;
  if (op == RAX_SEEK_GE || op == RAX_SEEK_GT) {
    if (op == RAX_SEEK_GT && lbFound) i++;
    if (i < c) return itSet(it, leaf, i);
    return itSet(it, nNext(leaf), 0);
  }
  // LE / LT: the element before the lower bound (or the bound itself for LE when equal)
  if (op == RAX_SEEK_LE && lbFound) return itSet(it, leaf, i);
  if (i > 0) return itSet(it, leaf, i - 1);
  const pv = nPrev(leaf);
  if (pv == 0) return false;
  return itSet(it, pv, nCount(pv) - 1);
}

export function raxNext(it: usize): bool {
  const f = load<u32>(it + I_FLAGS);
  if (f & IT_EOF) return false;
  if (f & IT_JUST_SEEKED) { store<u32>(it + I_FLAGS, 0); return true; }
  const leaf = <usize>load<u32>(it + I_LEAF);
  const i = load<u32>(it + I_IDX) + 1;
  if (i < nCount(leaf)) { store<u32>(it + I_IDX, i); return true; }
  const nx = nNext(leaf);
  if (nx == 0) { store<u32>(it + I_FLAGS, IT_EOF); return false; }
  store<u32>(it + I_LEAF, <u32>nx);
  store<u32>(it + I_IDX, 0);
  return true;
}

export function raxPrev(it: usize): bool {
  const f = load<u32>(it + I_FLAGS);
  if (f & IT_EOF) return false;
  if (f & IT_JUST_SEEKED) { store<u32>(it + I_FLAGS, 0); return true; }
  const leaf = <usize>load<u32>(it + I_LEAF);
  const i = load<u32>(it + I_IDX);
  if (i > 0) { store<u32>(it + I_IDX, i - 1); return true; }
  const pv = nPrev(leaf);
  if (pv == 0) { store<u32>(it + I_FLAGS, IT_EOF); return false; }
  store<u32>(it + I_LEAF, <u32>pv);
  store<u32>(it + I_IDX, nCount(pv) - 1);
  return true;
}

@inline export function raxItKey(it: usize): usize {
  return kPtr(nKey(<usize>load<u32>(it + I_LEAF), load<u32>(it + I_IDX)));
}
@inline export function raxItKeyLen(it: usize): u32 {
  return kLen(nKey(<usize>load<u32>(it + I_LEAF), load<u32>(it + I_IDX)));
}
@inline export function raxItVal(it: usize): usize {
  return nVal(<usize>load<u32>(it + I_LEAF), load<u32>(it + I_IDX));
}
@inline export function raxItSetVal(it: usize, v: usize): void {
  nSetVal(<usize>load<u32>(it + I_LEAF), load<u32>(it + I_IDX), v);
}

// ---- checks (tests) ---------------------------------------------------------------------------

let chkCount: u64 = 0;
let chkPrevLeaf: usize = 0;
let chkBytes: u64 = 0;

function checkNode(n: usize, depth: u32, height: u32, lo: usize, hi: usize): bool {
  const c = nCount(n);
  chkBytes += blockSize(n);
  if (c == 0 || c > nCap(n) || nCap(n) > MAXK) return false;
  if (nIsLeaf(n) != (depth == height)) return false;
  if (nIsLeaf(n)) {
    if (nPrev(n) != chkPrevLeaf) return false;
    if (chkPrevLeaf != 0 && nNext(chkPrevLeaf) != n) return false;
    chkPrevLeaf = n;
    for (let i: u32 = 0; i < c; i++) {
      const k = nKey(n, i);
      chkBytes += blockSize(k);
      if (i > 0 && keyCmp(nKey(n, i - 1), kPtr(k), kLen(k)) >= 0) return false;
      if (lo != 0 && keyCmp(lo, kPtr(k), kLen(k)) > 0) return false;
      if (hi != 0 && keyCmp(hi, kPtr(k), kLen(k)) <= 0) return false;
    }
    chkCount += c;
    return true;
  }
  if (nKey(n, 0) != 0) return false;
  for (let i: u32 = 0; i < c; i++) {
    const k = nKey(n, i);
    if (i > 0) {
      chkBytes += blockSize(k);
      if (i > 1 && keyCmp(nKey(n, i - 1), kPtr(k), kLen(k)) >= 0) return false;
    }
    const clo = i == 0 ? lo : k;
    const chi = i + 1 < c ? nKey(n, i + 1) : hi;
    if (!checkNode(nVal(n, i), depth + 1, height, clo, chi)) return false;
  }
  return true;
}

/** Structural self-check (tests): ordering, separators, links, counts and byte accounting. */
export function raxCheck(r: usize): bool {
  chkCount = 0; chkPrevLeaf = 0; chkBytes = blockSize(r);
  const root = <usize>load<u32>(r + R_ROOT);
  if (root != 0 && !(nIsLeaf(root) && nCount(root) == 0)) {
    if (!checkNode(root, 0, load<u32>(r + R_HEIGHT), 0, 0)) return false;
    if (nNext(chkPrevLeaf) != 0) return false;
  } else if (root != 0) chkBytes += blockSize(root);
  return chkCount == load<u64>(r + R_SIZE) && chkBytes == load<u64>(r + R_BYTES);
}
