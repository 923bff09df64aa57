// Chained hash table with incremental rehashing and Redis's SCAN cursor guarantees.
//
// Entries use the shared layout of ds/entry.ts (next pointer at offset 0, key found via eKey/eKeyLen).
// The dict owns its bucket arrays; it links and unlinks entries but never allocates or frees them.
//
// Layout of Dict (32 bytes):
//   0 t0 u32 -> bucket array of table 0 (u32 entry pointers)   4 s0 u32 buckets (power of two or 0)
//   8 u0 u32 entries in table 0                                 12 t1 u32 -> table 1 (during rehash)
//  16 s1 u32                                                    20 u1 u32
//  24 rehashIdx i32 (-1: not rehashing)                         28 pauseRehash u32 (>0: no steps)
//
// Invariants
// - While rehashing, buckets of t0 below rehashIdx are empty and new entries go to t1.
// - Expansion starts when used >= buckets (load factor 1), like Redis; shrinking is asked for by
//   the owner from cron (resizeIfNeeded) when used*8 <= buckets.
import { alloc, free, allocZeroed, usedMemory } from "../mem/alloc";
import { eNext, eSetNext, eKey, eKeyLen } from "./entry";
import { hashBytes } from "../util/hash";
import { bytesEq } from "../util/bytes";

export const DICT_SIZE: u32 = 36;
const INITIAL_BUCKETS: u32 = 4;

@unmanaged export class Dict {
  t0: u32; s0: u32; u0: u32;
  t1: u32; s1: u32; u1: u32;
  rehashIdx: i32; pauseRehash: u32;
  flags: u32;
}

/** A keyspace dict: growing its table must not push used memory over maxmemory (see below). */
export const DICT_F_MAXMEMORY_GUARD: u32 = 1;

// Redis 7.4's dictResizeAllowed for the keyspace: while the load factor is at most 1.618, a table
// that would take used memory over maxmemory is not grown (chains get a little longer instead), so
// a rehash does not itself force evictions. 0 means no maxmemory.
let guardLimit: u64 = 0;
export function dictSetMemoryLimit(limit: u64): void { guardLimit = limit; }

export function dictNew(): Dict {
  const d = changetype<Dict>(allocZeroed(DICT_SIZE));
  d.rehashIdx = -1;
  return d;
}

/** Frees the bucket arrays and the dict itself; entries must have been released by the caller. */
export function dictFreeShell(d: Dict): void {
  if (d.t0 != 0) free(d.t0);
  if (d.t1 != 0) free(d.t1);
  free(changetype<usize>(d));
}

@inline export function dictSize(d: Dict): u32 { return d.u0 + d.u1; }
@inline export function dictBuckets(d: Dict): u32 { return d.s0 + d.s1; }
@inline export function dictIsRehashing(d: Dict): bool { return d.rehashIdx != -1; }

@inline function bucketAddr(t: u32, idx: u32): usize { return <usize>t + (<usize>idx << 2); }

function rehashStep(d: Dict, n: u32): bool {
  let emptyVisits = n * 10;
  while (n-- > 0 && d.u0 != 0) {
    while (load<u32>(bucketAddr(d.t0, <u32>d.rehashIdx)) == 0) {
      d.rehashIdx++;
      if (--emptyVisits == 0) return true;
    }
    let e: usize = load<u32>(bucketAddr(d.t0, <u32>d.rehashIdx));
    const m1 = d.s1 - 1;
    while (e != 0) {
      const nx = eNext(e);
      const idx = hashBytes(eKey(e), eKeyLen(e)) & m1;
      const b = bucketAddr(d.t1, idx);
      eSetNext(e, load<u32>(b));
      store<u32>(b, <u32>e);
      d.u0--; d.u1++;
      e = nx;
    }
    store<u32>(bucketAddr(d.t0, <u32>d.rehashIdx), 0);
    d.rehashIdx++;
  }
  if (d.u0 == 0) {
    free(d.t0);
    d.t0 = d.t1; d.s0 = d.s1; d.u0 = d.u1;
    d.t1 = 0; d.s1 = 0; d.u1 = 0;
    d.rehashIdx = -1;
    return false;
  }
  return true;
}

@inline function stepIfRehashing(d: Dict): void {
  if (d.rehashIdx != -1 && d.pauseRehash == 0) rehashStep(d, 1);
}

/** Rehash for up to `steps` buckets; returns true while more rehashing remains. */
export function dictRehash(d: Dict, steps: u32): bool {
  if (d.rehashIdx == -1) return false;
  return rehashStep(d, steps);
}

function startResize(d: Dict, buckets: u32): bool {
  const t = allocZeroed(buckets << 2);
  if (t == 0) return false;
  if (d.t0 == 0) { d.t0 = <u32>t; d.s0 = buckets; d.u0 = 0; return true; }
  d.t1 = <u32>t; d.s1 = buckets; d.u1 = 0; d.rehashIdx = 0;
  return true;
}

@inline function nextPow2(n: u32): u32 {
  if (n <= INITIAL_BUCKETS) return INITIAL_BUCKETS;
  return 1 << (32 - clz<u32>(n - 1));
}

function expandIfNeeded(d: Dict): void {
  if (d.rehashIdx != -1) return;
  if (d.s0 == 0) { startResize(d, INITIAL_BUCKETS); return; }
  if (d.u0 >= d.s0 && d.s0 < (1 << 30)) {
    const buckets = nextPow2(d.u0 + 1);
    if ((d.flags & DICT_F_MAXMEMORY_GUARD) != 0 && guardLimit != 0 && <u64>d.u0 * 1000 <= <u64>d.s0 * 1618 &&
        usedMemory() + (<u64>buckets << 2) > guardLimit) return;
    startResize(d, buckets);
  }
}

/** Called from cron: shrink a mostly empty table (Redis: fill below 1/8). */
export function dictResizeIfNeeded(d: Dict): void {
  if (d.rehashIdx != -1 || d.s0 <= INITIAL_BUCKETS) return;
  if (d.u0 * 8 <= d.s0) startResize(d, nextPow2(d.u0));
}

/** Pre-size for `n` entries (used when loading or copying). */
export function dictExpand(d: Dict, n: u32): void {
  if (d.rehashIdx != -1 || n <= d.s0) return;
  startResize(d, nextPow2(n));
}

/** Address of the u32 slot that points to the entry with this key, or 0. */
export function dictFindSlot(d: Dict, kp: usize, kl: u32): usize {
  if (dictSize(d) == 0) return 0;
  stepIfRehashing(d);
  const h = hashBytes(kp, kl);
  let slot = bucketAddr(d.t0, h & (d.s0 - 1));
  if (d.rehashIdx != -1 && (h & (d.s0 - 1)) < <u32>d.rehashIdx) slot = 0;
  for (let t = 0; t < 2; t++) {
    if (slot != 0) {
      let e: usize = load<u32>(slot);
      while (e != 0) {
        if (eKeyLen(e) == kl && bytesEq(eKey(e), kp, kl)) return slot;
        slot = e; // the next field is at offset 0
        e = eNext(e);
      }
    }
    if (d.rehashIdx == -1) break;
    slot = bucketAddr(d.t1, h & (d.s1 - 1));
  }
  return 0;
}

/**
 * Address of the u32 slot holding exactly the entry pointer `ref`, whose key is kp[0..kl), or 0.
 * Compares pointers only and takes no rehash step, so `ref` may be a block that was already freed
 * (an entry that moved): none of its bytes are read.
 */
export function dictFindRefSlot(d: Dict, kp: usize, kl: u32, ref: usize): usize {
  if (dictSize(d) == 0) return 0;
  const h = hashBytes(kp, kl);
  for (let t = 0; t < 2; t++) {
    const tab = t == 0 ? d.t0 : d.t1;
    const sz = t == 0 ? d.s0 : d.s1;
    if (sz == 0) continue;
    let slot = bucketAddr(tab, h & (sz - 1));
    let e: usize = load<u32>(slot);
    while (e != 0) {
      if (e == ref) return slot;
      slot = e; // the next field is at offset 0
      e = eNext(e);
    }
  }
  return 0;
}

@inline export function dictFind(d: Dict, kp: usize, kl: u32): usize {
  const s = dictFindSlot(d, kp, kl);
  return s == 0 ? 0 : <usize>load<u32>(s);
}

/** Links an entry whose key is not in the dict yet. */
export function dictAdd(d: Dict, e: usize): void {
  stepIfRehashing(d);
  expandIfNeeded(d);
  const h = hashBytes(eKey(e), eKeyLen(e));
  let b: usize;
  if (d.rehashIdx != -1) { b = bucketAddr(d.t1, h & (d.s1 - 1)); d.u1++; }
  else { b = bucketAddr(d.t0, h & (d.s0 - 1)); d.u0++; }
  eSetNext(e, load<u32>(b));
  store<u32>(b, <u32>e);
}

/** Which table holds the entry at this slot, so counts stay right on unlink. */
function slotTable(d: Dict, e: usize): i32 {
  if (d.rehashIdx == -1) return 0;
  const h = hashBytes(eKey(e), eKeyLen(e));
  const i0 = h & (d.s0 - 1);
  if (i0 >= <u32>d.rehashIdx) {
    // still in t0 unless it was added to t1 after the bucket was moved; scan t0's chain to know
    let x: usize = load<u32>(bucketAddr(d.t0, i0));
    while (x != 0) { if (x == e) return 0; x = eNext(x); }
  }
  return 1;
}

/** Unlinks the entry pointed to by `slot` (from dictFindSlot) and returns it. */
export function dictUnlinkSlot(d: Dict, slot: usize): usize {
  const e: usize = load<u32>(slot);
  const t = slotTable(d, e);
  store<u32>(slot, <u32>eNext(e));
  if (t == 0) d.u0--; else d.u1--;
  return e;
}

/** Replaces the entry at `slot` by `n` (same key, moved or resized entry). */
@inline export function dictReplaceSlot(slot: usize, n: usize): void {
  const e: usize = load<u32>(slot);
  eSetNext(n, eNext(e));
  store<u32>(slot, <u32>n);
}

/** Removes and returns the entry with this key, or 0. */
export function dictDelete(d: Dict, kp: usize, kl: u32): usize {
  const s = dictFindSlot(d, kp, kl);
  if (s == 0) return 0;
  return dictUnlinkSlot(d, s);
}

/** A fairly chosen random entry (random non-empty bucket, then random chain position), or 0. */
export function dictRandom(d: Dict, rnd: () => u32): usize {
  if (dictSize(d) == 0) return 0;
  stepIfRehashing(d);
  let e: usize = 0;
  if (d.rehashIdx != -1) {
    const span = d.s0 - <u32>d.rehashIdx + d.s1;
    do {
      const i = rnd() % span;
      e = i < d.s1 ? load<u32>(bucketAddr(d.t1, i)) : load<u32>(bucketAddr(d.t0, i - d.s1 + <u32>d.rehashIdx));
    } while (e == 0);
  } else {
    const m = d.s0 - 1;
    do { e = load<u32>(bucketAddr(d.t0, rnd() & m)); } while (e == 0);
  }
  let len: u32 = 0;
  let x = e;
  while (x != 0) { len++; x = eNext(x); }
  let k = rnd() % len;
  while (k-- > 0) e = eNext(e);
  return e;
}

@inline function rev32(v: u32): u32 {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  return bswap<u32>(v);
}

function scanBucket(t: u32, idx: u32, fn: (e: usize, ctx: usize) => void, ctx: usize): void {
  let e: usize = load<u32>(bucketAddr(t, idx));
  while (e != 0) { const nx = eNext(e); fn(e, ctx); e = nx; }
}

/**
 * One SCAN step (reverse-binary cursor). Every entry present for the whole scan is visited at least
 * once even across resizes; a returned 0 means the scan is complete. The callback must not add or
 * remove entries of this dict.
 */
export function dictScan(d: Dict, cursor: u32, fn: (e: usize, ctx: usize) => void, ctx: usize): u32 {
  if (dictSize(d) == 0) return 0;
  d.pauseRehash++;
  let v = cursor;
  if (d.rehashIdx == -1) {
    const m0 = d.s0 - 1;
    scanBucket(d.t0, v & m0, fn, ctx);
    v |= ~m0; v = rev32(v); v++; v = rev32(v);
  } else {
    let ta = d.t0, sa = d.s0, tb = d.t1, sb = d.s1;
    if (sa > sb) { ta = d.t1; sa = d.s1; tb = d.t0; sb = d.s0; }
    const m0 = sa - 1, m1 = sb - 1;
    scanBucket(ta, v & m0, fn, ctx);
    // visit every expansion of v in the larger table, advancing the expansion bits in reverse
    // order; the carry out of them advances the small-table part of the cursor
    do {
      scanBucket(tb, v & m1, fn, ctx);
      v |= ~m1; v = rev32(v); v++; v = rev32(v);
    } while ((v & (m0 ^ m1)) != 0);
  }
  d.pauseRehash--;
  return v;
}

/** Visits every entry (no mutation allowed in the callback). */
export function dictForEach(d: Dict, fn: (e: usize, ctx: usize) => void, ctx: usize): void {
  d.pauseRehash++;
  for (let i: u32 = 0; i < d.s0; i++) scanBucket(d.t0, i, fn, ctx);
  for (let i: u32 = 0; i < d.s1; i++) scanBucket(d.t1, i, fn, ctx);
  d.pauseRehash--;
}

/** Unlinks every entry, handing each to `release`; leaves an empty dict. */
export function dictClear(d: Dict, release: (e: usize, ctx: usize) => void, ctx: usize): void {
  for (let t = 0; t < 2; t++) {
    const tab = t == 0 ? d.t0 : d.t1;
    const n = t == 0 ? d.s0 : d.s1;
    for (let i: u32 = 0; i < n; i++) {
      let e: usize = load<u32>(bucketAddr(tab, i));
      while (e != 0) { const nx = eNext(e); release(e, ctx); e = nx; }
    }
    if (tab != 0) free(tab);
  }
  d.t0 = 0; d.s0 = 0; d.u0 = 0; d.t1 = 0; d.s1 = 0; d.u1 = 0; d.rehashIdx = -1;
}
