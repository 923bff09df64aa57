// Intset: Redis's sorted integer array for small all-integer sets, byte for byte (RDB stores it raw).
//
// Layout (little-endian)
//   [0] encoding u32: bytes per element, 2 (i16), 4 (i32) or 8 (i64)
//   [4] length u32: number of elements
//   [8] elements: strictly ascending, each `encoding` bytes
// Invariants: the encoding is the smallest that holds every element that was ever added (Redis never
// downgrades on removal, and neither does this); the block is exactly 8 + length*encoding bytes as
// far as the blob is concerned (the allocator may round the block up; isBlobLen is the RDB length).
//
// Ownership: an intset is one block from mem/alloc.ts owned by whoever holds the pointer (a set
// value). isAdd/isRemove return the (possibly moved) intset: the old pointer is invalid afterwards.
//
// API
//   isNew(): is                      empty intset (encoding 2)
//   isFree(is)
//   isAdd(is, v): is                 `isAdded` = whether v was new
//   isRemove(is, v): is              `isRemoved` = whether v was there
//   isFind(is, v): bool              binary search (min/max checked first)
//   isSearch(is, v): bool            like isFind, and `isPos` = v's position or where it would go
//   isGet(is, pos): i64              pos < isLen(is)
//   isLen(is): u32 / isBlobLen(is): u32 / isEncoding(is): u32
//   isMin(is) / isMax(is): i64       non-empty intsets only
//   isRandom(is, r): i64             element r % length (r from the caller's PRNG); non-empty only
//   isValidate(is, size, deep): bool integrity of an untrusted blob (RDB/RESTORE)
//   isValueEncoding(v): u32          2, 4 or 8

import { alloc, realloc, free } from "../mem/alloc";

export const IS_HDR: u32 = 8;

export let isAdded: bool = false;
export let isRemoved: bool = false;
export let isPos: u32 = 0;

@inline export function isEncoding(is: usize): u32 { return load<u32>(is); }
@inline export function isLen(is: usize): u32 { return load<u32>(is, 4); }
@inline export function isBlobLen(is: usize): u32 { return IS_HDR + isLen(is) * isEncoding(is); }

@inline export function isValueEncoding(v: i64): u32 {
  if (v < -2147483648 || v > 2147483647) return 8;
  if (v < -32768 || v > 32767) return 4;
  return 2;
}

@inline function getEnc(is: usize, pos: u32, enc: u32): i64 {
  const a = is + IS_HDR + pos * enc;
  if (enc == 2) return <i64>load<i16>(a);
  if (enc == 4) return <i64>load<i32>(a);
  return load<i64>(a);
}

@inline function setEnc(is: usize, pos: u32, enc: u32, v: i64): void {
  const a = is + IS_HDR + pos * enc;
  if (enc == 2) store<i16>(a, <i16>v);
  else if (enc == 4) store<i32>(a, <i32>v);
  else store<i64>(a, v);
}

export function isGet(is: usize, pos: u32): i64 { return getEnc(is, pos, isEncoding(is)); }

export function isNew(): usize {
  const is = alloc(IS_HDR);
  if (is == 0) unreachable();
  store<u32>(is, 2);
  store<u32>(is, 0, 4);
  return is;
}

export function isFree(is: usize): void { free(is); }

export function isMin(is: usize): i64 { return getEnc(is, 0, isEncoding(is)); }
export function isMax(is: usize): i64 { return getEnc(is, isLen(is) - 1, isEncoding(is)); }

/** True if v is present; isPos = its position, or the position where it would be inserted. */
export function isSearch(is: usize, v: i64): bool {
  const n = isLen(is);
  const enc = isEncoding(is);
  if (n == 0) { isPos = 0; return false; }
  // appends and prepends (ascending inserts) skip the binary search
  if (v > getEnc(is, n - 1, enc)) { isPos = n; return false; }
  if (v < getEnc(is, 0, enc)) { isPos = 0; return false; }
  let lo: i32 = 0, hi: i32 = <i32>n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = getEnc(is, <u32>mid, enc);
    if (x < v) lo = mid + 1;
    else if (x > v) hi = mid - 1;
    else { isPos = <u32>mid; return true; }
  }
  isPos = <u32>lo;
  return false;
}

export function isFind(is: usize, v: i64): bool {
  return isValueEncoding(v) <= isEncoding(is) && isSearch(is, v);
}

@inline function resize(is: usize, n: u32, enc: u32): usize {
  const r = realloc(is, IS_HDR + n * enc);
  if (r == 0) unreachable();
  return r;
}

/** Adds v (no-op when present); isAdded says which. Returns the (possibly moved) intset. */
export function isAdd(is: usize, v: i64): usize {
  const venc = isValueEncoding(v);
  const enc = isEncoding(is);
  const n = isLen(is);
  if (venc > enc) {
    // v is outside the current range, so it goes first (negative) or last (positive)
    is = resize(is, n + 1, venc);
    const front: u32 = v < 0 ? 1 : 0;
    for (let i = <i32>n - 1; i >= 0; i--) setEnc(is, <u32>i + front, venc, getEnc(is, <u32>i, enc));
    setEnc(is, front ? 0 : n, venc, v);
    store<u32>(is, venc);
    store<u32>(is, n + 1, 4);
    isAdded = true;
    return is;
  }
  if (isSearch(is, v)) { isAdded = false; return is; }
  const pos = isPos;
  is = resize(is, n + 1, enc);
  if (pos < n) memory.copy(is + IS_HDR + (pos + 1) * enc, is + IS_HDR + pos * enc, (n - pos) * enc);
  setEnc(is, pos, enc, v);
  store<u32>(is, n + 1, 4);
  isAdded = true;
  return is;
}

/** Removes v if present; isRemoved says which. Returns the (possibly moved) intset. */
export function isRemove(is: usize, v: i64): usize {
  const enc = isEncoding(is);
  if (isValueEncoding(v) > enc || !isSearch(is, v)) { isRemoved = false; return is; }
  const n = isLen(is);
  const pos = isPos;
  if (pos + 1 < n) memory.copy(is + IS_HDR + pos * enc, is + IS_HDR + (pos + 1) * enc, (n - pos - 1) * enc);
  store<u32>(is, n - 1, 4);
  isRemoved = true;
  return resize(is, n - 1, enc);
}

/** Element r % length (non-empty intsets only); r comes from the caller's PRNG. */
export function isRandom(is: usize, r: u32): i64 { return isGet(is, r % isLen(is)); }

/**
 * Integrity of an untrusted blob of `size` bytes at is. Shallow: encoding and size consistency.
 * Deep: also strictly ascending elements. An empty intset is invalid (Redis never stores one).
 */
export function isValidate(is: usize, size: u32, deep: bool): bool {
  if (size < IS_HDR) return false;
  const enc = isEncoding(is);
  if (enc != 2 && enc != 4 && enc != 8) return false;
  const n = isLen(is);
  if (<u64>IS_HDR + <u64>n * <u64>enc != <u64>size) return false;
  if (n == 0) return false;
  if (!deep) return true;
  let prev = getEnc(is, 0, enc);
  for (let i: u32 = 1; i < n; i++) {
    const x = getEnc(is, i, enc);
    if (x <= prev) return false;
    prev = x;
  }
  return true;
}
