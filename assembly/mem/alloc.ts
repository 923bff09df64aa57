// Cinnabar's memory allocator: size-class slabs for small blocks, page runs for large ones.
//
// Invariants
// - Every block the core owns comes from here; `usedMemory()` is the sum of the usable sizes of live
//   blocks and is what INFO reports as used_memory and what maxmemory is checked against.
// - All allocator state lives in linear memory under the root (see mem/root.ts), never in wasm
//   globals, so a byte copy of memory is a complete image that a second instance can read.
// - Memory is obtained in CHUNK_BYTES chunks from the AssemblyScript stub runtime, so an accidental
//   managed allocation elsewhere cannot overlap our pages; chunks are never returned.
// - Pages are 64 KiB. The page map (one byte per page) says what each page holds:
//   0 = not ours, 1..NCLASSES = slab of that class, PAGE_LARGE = head of a large run,
//   PAGE_LARGE_TAIL = continuation of a large run, PAGE_FREE = part of a free run.
// - Small blocks (<= MAX_SMALL bytes) have no header: free() finds the class through the page map.
// - Large blocks are runs of whole pages; the run length is kept in the run table at the head page
//   (and, for free runs, also at the tail page so neighbours can coalesce).

import { ROOT, A_BRK, A_TOP, A_USED, A_PAGEMAP, A_RUNTAB, A_FREE_RUNS, A_CLASS_FREE, A_CLASS_BUMP, A_CLASS_END, A_CLASS_SIZE, A_SMALL_LUT, A_PEAK, A_LARGE_LIVE, A_RESERVE, A_RESERVE_PAGES, A_RESERVE_SPENT } from "./root";

export const PAGE_SHIFT: u32 = 16;
export const PAGE_SIZE: u32 = 1 << PAGE_SHIFT;
const CHUNK_BYTES: u32 = 4 << 20;
export const NCLASSES: u32 = 60;
export const MAX_SMALL: u32 = 32768;
const PAGE_LARGE: u8 = 250;
const PAGE_LARGE_TAIL: u8 = 251;
const PAGE_FREE: u8 = 252;
const MAX_PAGES: u32 = 65536;

// Free run header, stored in the first bytes of the run's head page.
// layout: [0] next run u32, [4] prev run u32 (doubly linked, address of head page)
const FR_NEXT: u32 = 0;
const FR_PREV: u32 = 4;

@inline function pageMap(): usize { return load<u32>(ROOT + A_PAGEMAP); }
@inline function runTab(): usize { return load<u32>(ROOT + A_RUNTAB); }
@inline function pageKind(page: u32): u8 { return load<u8>(pageMap() + page); }
@inline function setPageKind(page: u32, k: u8): void { store<u8>(pageMap() + page, k); }
@inline function runLen(page: u32): u32 { return load<u32>(runTab() + (page << 2)); }
@inline function setRunLen(page: u32, n: u32): void { store<u32>(runTab() + (page << 2), n); }
@inline export function classSize(cls: u32): u32 { return load<u32>(ROOT + A_CLASS_SIZE + (cls << 2)); }

@inline function addUsed(n: u64): void {
  const u = load<u64>(ROOT + A_USED) + n;
  store<u64>(ROOT + A_USED, u);
  if (u > load<u64>(ROOT + A_PEAK)) store<u64>(ROOT + A_PEAK, u);
}
@inline function subUsed(n: u64): void { store<u64>(ROOT + A_USED, load<u64>(ROOT + A_USED) - n); }

export function usedMemory(): u64 { return load<u64>(ROOT + A_USED); }
export function peakMemory(): u64 { return load<u64>(ROOT + A_PEAK); }
export function resetPeak(): void { store<u64>(ROOT + A_PEAK, load<u64>(ROOT + A_USED)); }
/** Bytes of linear memory the allocator has claimed (its high-water mark). */
export function heapTop(): usize { return load<u32>(ROOT + A_TOP); }

/** Called once by the primary instance, after the root has been zeroed. */
export function allocInit(): void {
  // class sizes: 8..256 step 8 (32 classes), then 4 per doubling up to 32768 (28 classes)
  let i: u32 = 0;
  for (; i < 32; i++) store<u32>(ROOT + A_CLASS_SIZE + (i << 2), (i + 1) << 3);
  let base: u32 = 256;
  while (base < MAX_SMALL) {
    for (let s: u32 = 1; s <= 4; s++) {
      store<u32>(ROOT + A_CLASS_SIZE + (i << 2), base + ((base * s) >> 2));
      i++;
    }
    base <<= 1;
  }
  // lookup table for sizes up to 1024 in steps of 8 -> class
  let cls: u32 = 0;
  for (let k: u32 = 0; k <= 128; k++) {
    const sz = k << 3;
    while (classSize(cls) < sz) cls++;
    store<u8>(ROOT + A_SMALL_LUT + k, <u8>cls);
  }
  // page map and run table come from the first chunk
  store<u32>(ROOT + A_BRK, 0);
  store<u32>(ROOT + A_TOP, 0);
  const pm = rawPages(1);             // 64 KiB: one byte per page
  const rt = rawPages(4);             // 256 KiB: one u32 per page
  memory.fill(pm, 0, PAGE_SIZE);
  memory.fill(rt, 0, 4 * PAGE_SIZE);
  store<u32>(ROOT + A_PAGEMAP, <u32>pm);
  store<u32>(ROOT + A_RUNTAB, <u32>rt);
}

// Raw page source: bump within the current chunk, taking a new chunk from the runtime when needed.
// Chunks grow with the heap (an eighth of it, at least CHUNK_BYTES), so large blocks mostly come
// from one contiguous chunk and their free runs can coalesce; untouched chunk pages cost no RSS.
// When a chunk is abandoned its unused tail becomes a free run instead of being lost.
function rawPages(n: u32): usize {
  let brk = load<u32>(ROOT + A_BRK);
  let top = load<u32>(ROOT + A_TOP);
  const need = n << PAGE_SHIFT;
  if (brk == 0 || top - brk < need) {
    const grow = max<u32>(CHUNK_BYTES, (usedPagesEstimate() << PAGE_SHIFT) >> 3);
    // a large request leaves room behind it, so the next (typically larger) one can grow in place
    let bytes = max<u32>(grow, need > (1 << 29) ? need : need + (need >> 1)) + PAGE_SIZE;
    // The runtime's bump allocator traps (unreachable) when linear memory cannot grow. Grow it
    // here first, where a refusal is just an allocation failure (0) that callers turn into OOM;
    // near the limit the chunk shrinks to what this request needs. heap.alloc(0) reports where the
    // bump allocator stands; those few bytes are never freed.
    const probe = heap.alloc(0);
    const have = <u64>memory.size() << 16;
    let end = <u64>probe + <u64>bytes + 2 * <u64>PAGE_SIZE;
    if (end > have && memory.grow(<i32>((end - have + 0xffff) >> 16)) < 0) {
      bytes = need + PAGE_SIZE;
      end = <u64>probe + <u64>bytes + 2 * <u64>PAGE_SIZE;
      if (end > have && memory.grow(<i32>((end - have + 0xffff) >> 16)) < 0) return 0;
    }
    const raw = heap.alloc(bytes);
    if (raw == 0) return 0;
    const start = <u32>((raw + PAGE_SIZE - 1) & ~(<usize>PAGE_SIZE - 1));
    if (brk != 0 && start == top) {
      /* contiguous with the current chunk: keep bumping */
    } else {
      if (brk != 0 && top > brk && load<u32>(ROOT + A_PAGEMAP) != 0) {
        const tail = brk >> PAGE_SHIFT;
        releaseRun(tail, (top - brk) >> PAGE_SHIFT);
      }
      brk = start;
    }
    top = <u32>(raw + bytes) & ~(PAGE_SIZE - 1);
    store<u32>(ROOT + A_TOP, top);
  }
  store<u32>(ROOT + A_BRK, brk + need);
  return brk;
}

@inline function usedPagesEstimate(): u32 { return <u32>(load<u64>(ROOT + A_USED) >> PAGE_SHIFT); }

@inline export function sizeClass(size: u32): u32 {
  if (size <= 1024) return load<u8>(ROOT + A_SMALL_LUT + ((size + 7) >> 3));
  // 4 classes per doubling above 256: find the doubling, then the quarter
  const lz = clz<u32>(size - 1);
  const pow = 32 - lz;                // size-1 < 2^pow
  const baseShift = pow - 1;          // base = 2^(pow-1) < size <= 2^pow
  const base: u32 = 1 << baseShift;
  const quarter = (size - base + (base >> 2) - 1) / (base >> 2); // 1..4
  return 32 + (baseShift - 8) * 4 + quarter - 1;
}

/** Allocate `size` bytes (size > 0). Returns 0 when memory is exhausted. Contents are undefined. */
export function alloc(size: u32): usize {
  if (size == 0) size = 1;
  if (size > MAX_SMALL) return allocLarge((size + PAGE_SIZE - 1) >> PAGE_SHIFT);
  const cls = sizeClass(size);
  const csz = classSize(cls);
  const freeSlot = ROOT + A_CLASS_FREE + (cls << 2);
  let p = <usize>load<u32>(freeSlot);
  if (p != 0) {
    store<u32>(freeSlot, load<u32>(p));
    addUsed(csz);
    return p;
  }
  const bumpSlot = ROOT + A_CLASS_BUMP + (cls << 2);
  const endSlot = ROOT + A_CLASS_END + (cls << 2);
  p = load<u32>(bumpSlot);
  if (p == 0 || p + csz > load<u32>(endSlot)) {
    const pg = allocPagesRaw(1);
    if (pg == 0) return 0;
    setPageKind(<u32>(pg >> PAGE_SHIFT), <u8>(cls + 1));
    p = pg;
    store<u32>(endSlot, <u32>(pg + PAGE_SIZE));
  }
  store<u32>(bumpSlot, <u32>(p + csz));
  addUsed(csz);
  return p;
}

export function allocZeroed(size: u32): usize {
  const p = alloc(size);
  if (p != 0) memory.fill(p, 0, size);
  return p;
}

/** Usable size of a live block. */
export function blockSize(p: usize): u32 {
  const page = <u32>(p >> PAGE_SHIFT);
  const k = pageKind(page);
  if (k == PAGE_LARGE) return runLen(page) << PAGE_SHIFT;
  return classSize(<u32>k - 1);
}

export function free(p: usize): void {
  if (p == 0) return;
  const page = <u32>(p >> PAGE_SHIFT);
  const k = pageKind(page);
  if (k == PAGE_LARGE) { freeLarge(page); return; }
  const cls = <u32>k - 1;
  const freeSlot = ROOT + A_CLASS_FREE + (cls << 2);
  store<u32>(p, load<u32>(freeSlot));
  store<u32>(freeSlot, <u32>p);
  subUsed(classSize(cls));
}

/** Resize a block, keeping min(old, new) bytes. Returns 0 (and keeps the old block) on OOM. */
export function realloc(p: usize, size: u32): usize {
  if (p == 0) return alloc(size);
  const old = blockSize(p);
  if (size > old && size > MAX_SMALL && pageKind(<u32>(p >> PAGE_SHIFT)) == PAGE_LARGE && growLargeInPlace(p, size)) return p;
  if (size <= old) {
    // stay put unless the block would be far too big
    if (size > MAX_SMALL || old <= 64 || size > (old >> 1)) return p;
  }
  const n = alloc(size);
  if (n == 0) return 0;
  memory.copy(n, p, min<u32>(old, size));
  free(p);
  return n;
}

// ---- large runs -------------------------------------------------------------------------------

function allocLarge(npages: u32): usize {
  const p = allocPagesRaw(npages);
  if (p == 0) return 0;
  const page = <u32>(p >> PAGE_SHIFT);
  setPageKind(page, PAGE_LARGE);
  setRunLen(page, npages);
  for (let i: u32 = 1; i < npages; i++) setPageKind(page + i, PAGE_LARGE_TAIL);
  addUsed(<u64>npages << PAGE_SHIFT);
  store<u32>(ROOT + A_LARGE_LIVE, load<u32>(ROOT + A_LARGE_LIVE) + npages);
  return p;
}

/**
 * Extends a large block over the pages right after it when they are free (a free run, or the
 * unused part of the current chunk), so growing strings (APPEND) need no copy.
 */
function growLargeInPlace(p: usize, size: u32): bool {
  const page = <u32>(p >> PAGE_SHIFT);
  const have = runLen(page);
  const want = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
  const extra = want - have;
  const after = page + have;
  const brk = load<u32>(ROOT + A_BRK);
  if ((after << PAGE_SHIFT) == brk && load<u32>(ROOT + A_TOP) - brk >= (extra << PAGE_SHIFT)) {
    store<u32>(ROOT + A_BRK, brk + (extra << PAGE_SHIFT));
  } else if (after < MAX_PAGES && pageKind(after) == PAGE_FREE && runLen(after) >= extra) {
    const alen = runLen(after);
    unlinkRun(after << PAGE_SHIFT);
    setPageKind(after, 0);
    setPageKind(after + alen - 1, 0);
    if (alen > extra) {
      markFreeRun(after + extra, alen - extra);
      linkRun((after + extra) << PAGE_SHIFT);
    }
  } else return false;
  for (let i: u32 = have; i < want; i++) setPageKind(page + i, PAGE_LARGE_TAIL);
  setRunLen(page, want);
  addUsed(<u64>extra << PAGE_SHIFT);
  store<u32>(ROOT + A_LARGE_LIVE, load<u32>(ROOT + A_LARGE_LIVE) + extra);
  return true;
}

function freeLarge(page: u32): void {
  const n = runLen(page);
  subUsed(<u64>n << PAGE_SHIFT);
  store<u32>(ROOT + A_LARGE_LIVE, load<u32>(ROOT + A_LARGE_LIVE) - n);
  releaseRun(page, n);
}

// First fit over the free-run list; fall back to fresh pages.
function allocPagesRaw(npages: u32): usize {
  let run = load<u32>(ROOT + A_FREE_RUNS);
  while (run != 0) {
    const page = run >> PAGE_SHIFT;
    const len = runLen(page);
    if (len >= npages) {
      unlinkRun(run);
      if (len > npages) {
        markFreeRun(page + npages, len - npages);
        linkRun((page + npages) << PAGE_SHIFT);
      }
      setPageKind(page, 0);
      if (npages > 1) setPageKind(page + npages - 1, 0);
      return run;
    }
    run = load<u32>(run + FR_NEXT);
  }
  const fresh = rawPages(npages);
  if (fresh != 0) return fresh;
  // Linear memory cannot grow: hand the emergency reserve to the allocator and try again, so the
  // command running now completes; the server then refuses writes until the reserve is re-armed.
  const reserve = load<u32>(ROOT + A_RESERVE);
  if (reserve == 0) return 0;
  store<u32>(ROOT + A_RESERVE, 0);
  store<u32>(ROOT + A_RESERVE_SPENT, 1);
  releaseRun(reserve >> PAGE_SHIFT, load<u32>(ROOT + A_RESERVE_PAGES));
  return allocPagesRaw(npages);
}

// ---- emergency reserve --------------------------------------------------------------------------
// Code deep inside data structures cannot always unwind an allocation failure, so a few pages are
// set aside (claimed, not counted in used_memory, never touched) while memory is plentiful. When
// linear memory can no longer grow, allocPagesRaw releases them and the failing allocation
// succeeds; A_RESERVE_SPENT tells the server to refuse writes until reserveArm succeeds again.

/** Sets `pages` pages aside as the reserve (no-op when armed); false if memory is short. */
export function reserveArm(pages: u32): bool {
  if (load<u32>(ROOT + A_RESERVE) != 0) return true;
  const p = allocPagesRaw(pages);
  if (p == 0) return false;
  store<u32>(ROOT + A_RESERVE, <u32>p);
  store<u32>(ROOT + A_RESERVE_PAGES, pages);
  store<u32>(ROOT + A_RESERVE_SPENT, 0);
  return true;
}

/** Writes may resume without a reserve (pages freed by small blocks stay with their size class). */
export function reserveClearSpent(): void { store<u32>(ROOT + A_RESERVE_SPENT, 0); }

/** The reserve was used up (memory ran out) and has not been set aside again. */
export function reserveSpent(): bool { return load<u32>(ROOT + A_RESERVE_SPENT) != 0; }
@inline export function reserveArmed(): bool { return load<u32>(ROOT + A_RESERVE) != 0; }

function markFreeRun(page: u32, len: u32): void {
  setPageKind(page, PAGE_FREE);
  setRunLen(page, len);
  setPageKind(page + len - 1, PAGE_FREE);
  setRunLen(page + len - 1, len);
  for (let i: u32 = 1; i + 1 < len; i++) setPageKind(page + i, 0);
}

function linkRun(addr: u32): void {
  const head = load<u32>(ROOT + A_FREE_RUNS);
  store<u32>(addr + FR_NEXT, head);
  store<u32>(addr + FR_PREV, 0);
  if (head != 0) store<u32>(head + FR_PREV, addr);
  store<u32>(ROOT + A_FREE_RUNS, addr);
}

function unlinkRun(addr: u32): void {
  const next = load<u32>(addr + FR_NEXT);
  const prev = load<u32>(addr + FR_PREV);
  if (prev != 0) store<u32>(prev + FR_NEXT, next); else store<u32>(ROOT + A_FREE_RUNS, next);
  if (next != 0) store<u32>(next + FR_PREV, prev);
}

function releaseRun(page: u32, n: u32): void {
  // coalesce with a free run just before and just after
  if (page > 0 && pageKind(page - 1) == PAGE_FREE) {
    const plen = runLen(page - 1);
    const phead = page - plen;
    unlinkRun(phead << PAGE_SHIFT);
    setPageKind(page - 1, 0);
    page = phead; n += plen;
  }
  const after = page + n;
  if (after < MAX_PAGES && pageKind(after) == PAGE_FREE && runLen(after) > 0 && isRunHead(after)) {
    const alen = runLen(after);
    unlinkRun(after << PAGE_SHIFT);
    setPageKind(after, 0);
    n += alen;
  }
  markFreeRun(page, n);
  linkRun(page << PAGE_SHIFT);
}

// A free page with a run length is either a head or a tail; a head's run length points forward to a
// matching tail.
@inline function isRunHead(page: u32): bool {
  const len = runLen(page);
  if (len == 1) return true;
  const tail = page + len - 1;
  return tail < MAX_PAGES && pageKind(tail) == PAGE_FREE && runLen(tail) == len;
}
