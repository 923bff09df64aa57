// Binary min-heap of item pointers ordered by an i64 key stored inside each item.
//
// Used for time-ordered expiry: the fields with a TTL inside one hash (items are dict entries: key =
// the entry's expireAt, back-index = the entry's expIdx, see ds/entry.ts) and the hashes that have
// such fields (items are per-hash metadata blocks, see types/hashes.ts).
//
// Layout of a heap header (TH_SIZE = 12 bytes, embedded by its owner):
//   0 arr u32 -> u32[cap] item pointers (owned by the heap)   4 len u32   8 cap u32
//
// Invariants
// - arr[i] is an item whose u32 at (item + idxOff) is i: every item knows its own slot, so removal
//   and re-keying are O(log n) without a search.
// - key(arr[parent(i)]) <= key(arr[i]) (ties in any order).
// - The heap never reads an item's bytes except its key and back-index; whoever moves an item to a
//   new address calls thRelocated so the slot follows it.
import { free, realloc, blockSize } from "../mem/alloc";

export const TH_SIZE: u32 = 12;
const TH_ARR: u32 = 0;
const TH_LEN: u32 = 4;
const TH_CAP: u32 = 8;

@inline export function thLen(h: usize): u32 { return load<u32>(h + TH_LEN); }
@inline function thArr(h: usize): usize { return load<u32>(h + TH_ARR); }
@inline export function thAt(h: usize, i: u32): usize { return load<u32>(thArr(h) + (<usize>i << 2)); }
/** The item with the smallest key, or 0 when empty. */
@inline export function thTop(h: usize): usize { return thLen(h) == 0 ? 0 : thAt(h, 0); }

@inline function place(h: usize, i: u32, item: usize, idxOff: u32): void {
  store<u32>(thArr(h) + (<usize>i << 2), <u32>item);
  store<u32>(item + idxOff, i);
}

function siftUp(h: usize, i: u32, keyOff: u32, idxOff: u32): void {
  const item = thAt(h, i);
  const k = load<i64>(item + keyOff);
  while (i > 0) {
    const pi = (i - 1) >> 1;
    const parent = thAt(h, pi);
    if (load<i64>(parent + keyOff) <= k) break;
    place(h, i, parent, idxOff);
    i = pi;
  }
  place(h, i, item, idxOff);
}

function siftDown(h: usize, i: u32, keyOff: u32, idxOff: u32): void {
  const n = thLen(h);
  const item = thAt(h, i);
  const k = load<i64>(item + keyOff);
  while (true) {
    let c: u32 = 2 * i + 1;
    if (c >= n) break;
    let ck = load<i64>(thAt(h, c) + keyOff);
    if (c + 1 < n) {
      const rk = load<i64>(thAt(h, c + 1) + keyOff);
      if (rk < ck) { c++; ck = rk; }
    }
    if (k <= ck) break;
    place(h, i, thAt(h, c), idxOff);
    i = c;
  }
  place(h, i, item, idxOff);
}

/** Adds an item (not already in this heap). Returns false when out of memory. */
export function thPush(h: usize, item: usize, keyOff: u32, idxOff: u32): bool {
  const n = thLen(h);
  const cap = load<u32>(h + TH_CAP);
  if (n == cap) {
    const ncap = cap < 4 ? 4 : cap * 2;
    const na = realloc(thArr(h), ncap << 2);
    if (na == 0) return false;
    store<u32>(h + TH_ARR, <u32>na);
    store<u32>(h + TH_CAP, ncap);
  }
  store<u32>(h + TH_LEN, n + 1);
  place(h, n, item, idxOff);
  siftUp(h, n, keyOff, idxOff);
  return true;
}

/** Removes the item at slot i (its back-index). */
export function thRemoveAt(h: usize, i: u32, keyOff: u32, idxOff: u32): void {
  const n = thLen(h) - 1;
  store<u32>(h + TH_LEN, n);
  if (i == n) { shrink(h); return; }
  place(h, i, thAt(h, n), idxOff);
  thFix(h, i, keyOff, idxOff);
  shrink(h);
}

@inline export function thRemove(h: usize, item: usize, keyOff: u32, idxOff: u32): void {
  thRemoveAt(h, load<u32>(item + idxOff), keyOff, idxOff);
}

/** Restores the order after the key of the item at slot i changed. */
export function thFix(h: usize, i: u32, keyOff: u32, idxOff: u32): void {
  if (i > 0 && load<i64>(thAt(h, i) + keyOff) < load<i64>(thAt(h, (i - 1) >> 1) + keyOff)) siftUp(h, i, keyOff, idxOff);
  else siftDown(h, i, keyOff, idxOff);
}

/** The item at slot i now lives at `item` (same key, back-index already copied). */
@inline export function thRelocated(h: usize, i: u32, item: usize): void {
  store<u32>(thArr(h) + (<usize>i << 2), <u32>item);
}

// Gives memory back when the heap got much smaller (a heap is never left with more than 4x room).
function shrink(h: usize): void {
  const n = thLen(h);
  const cap = load<u32>(h + TH_CAP);
  if (n == 0) {
    free(thArr(h));
    store<u32>(h + TH_ARR, 0);
    store<u32>(h + TH_CAP, 0);
    return;
  }
  if (cap > 16 && n * 4 <= cap) {
    const ncap = cap >> 1;
    const na = realloc(thArr(h), ncap << 2);
    if (na != 0) { store<u32>(h + TH_ARR, <u32>na); store<u32>(h + TH_CAP, ncap); }
  }
}

/** Frees the slot array (items are the caller's). */
export function thClear(h: usize): void {
  if (thArr(h) != 0) free(thArr(h));
  store<u32>(h + TH_ARR, 0);
  store<u32>(h + TH_LEN, 0);
  store<u32>(h + TH_CAP, 0);
}

/** Bytes owned by the heap (its slot array). */
export function thMemUsage(h: usize): u32 {
  return thArr(h) == 0 ? 0 : blockSize(thArr(h));
}
