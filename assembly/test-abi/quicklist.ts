// Unit-test ABI over ds/quicklist.ts and persist/lzf.ts (test/unit/ds-quicklist.test.ts).
// Numbers only: quicklists are addresses in the allocator's heap; element bytes are passed through
// the static scratch area (SCRATCH), and read back there by t_get/t_next.
import { allocInit, usedMemory, alloc, free } from "../mem/alloc";
import { ROOT, A_INIT } from "../mem/root";
import {
  qlNew, qlFree, qlDup, qlMemUsage, qlCount, qlLen, qlHead, qlTail, qnNext, qnPrev, qnCount, qnSz,
  qnIsPlain, qnIsCompressed, qnEntry, qlPushHead, qlPushTail, qlAppendListpack, qlIter, qlIterAt, qlNext,
  qlIterRelease, qlCurrentEq, qlDelCurrent, qlInsertAtCurrent, qlReplaceAtIndex, qlDelRange, qlPeekEnd,
  qlPopDone, qlSetPackedThreshold, qlTakeSingleListpack, qlExceedsLimit, qlFill, qlCompressDepth,
  qeIsInt, qeInt, qeStr, qeLen, QL_HEAD, QL_TAIL,
} from "../ds/quicklist";
import { lpNew, lpAppend, lpBytes, lpLength, lpValidate, lpFree } from "../ds/listpack";
import { lzfCompress, lzfDecompress } from "../persist/lzf";
import { ll2string } from "../util/numbers";

const SCRATCH: usize = memory.data(1 << 20, 16);
const OUT: usize = memory.data(1 << 20, 16);
export function scratch(): usize { return SCRATCH; }
export function out(): usize { return OUT; }

export function t_init(): void {
  if (load<u32>(ROOT + A_INIT) != 0) return;
  allocInit();
  store<u32>(ROOT + A_INIT, 1);
}
export function t_used(): f64 { return <f64>usedMemory(); }

export function t_new(fill: i32, compress: i32): usize { return qlNew(fill, compress); }
export function t_free(ql: usize): void { qlFree(ql); }
export function t_dup(ql: usize): usize { return qlDup(ql); }
export function t_mem(ql: usize): u32 { return qlMemUsage(ql); }
export function t_count(ql: usize): u32 { return qlCount(ql); }
export function t_len(ql: usize): u32 { return qlLen(ql); }
export function t_packedThreshold(sz: f64): i32 { return qlSetPackedThreshold(<u64>sz) ? 1 : 0; }
export function t_exceeds(fill: i32, sz: f64, count: f64): i32 { return qlExceedsLimit(fill, <u64>sz, <u64>count) ? 1 : 0; }

/** Element bytes from SCRATCH[0..n). */
export function t_pushHead(ql: usize, n: u32): void { qlPushHead(ql, SCRATCH, n); }
export function t_pushTail(ql: usize, n: u32): void { qlPushTail(ql, SCRATCH, n); }

/** Appends a listpack built from `k` elements stored in SCRATCH as [len u32][bytes]... */
export function t_appendListpack(ql: usize, k: u32): void {
  let lp = lpNew();
  let p = SCRATCH;
  for (let i: u32 = 0; i < k; i++) {
    const n = load<u32>(p);
    lp = lpAppend(lp, p + 4, n);
    p += 4 + n;
  }
  qlAppendListpack(ql, lp);
}

/** Copies the current element (qe*) to OUT as bytes; returns its length. */
function emit(): u32 {
  if (qeIsInt) return ll2string(OUT, qeInt);
  memory.copy(OUT, qeStr, qeLen);
  return qeLen;
}

/** Element idx into OUT; returns its length, or -1 when out of range. */
export function t_get(ql: usize, idx: f64): i32 {
  if (!qlIterAt(ql, QL_HEAD, <i64>idx) || !qlNext()) return -1;
  const n = emit();
  qlIterRelease();
  return <i32>n;
}

/**
 * Walks the whole list (dir 0: head to tail, 1: tail to head), writing [len u32][bytes] per element
 * to OUT. Returns the number of elements.
 */
export function t_walk(ql: usize, dir: i32): u32 {
  qlIter(ql, dir == 0 ? QL_HEAD : QL_TAIL);
  let p = OUT;
  let k: u32 = 0;
  while (qlNext()) {
    let n: u32;
    if (qeIsInt) { n = ll2string(p + 4, qeInt); }
    else { n = qeLen; memory.copy(p + 4, qeStr, n); }
    store<u32>(p, n);
    p += 4 + n;
    k++;
  }
  qlIterRelease();
  return k;
}

/** Walks from idx in dir, up to `max` elements, like t_walk. */
export function t_walkFrom(ql: usize, idx: f64, dir: i32, max: u32): u32 {
  if (!qlIterAt(ql, dir == 0 ? QL_HEAD : QL_TAIL, <i64>idx)) return 0;
  let p = OUT;
  let k: u32 = 0;
  while (k < max && qlNext()) {
    let n: u32;
    if (qeIsInt) { n = ll2string(p + 4, qeInt); }
    else { n = qeLen; memory.copy(p + 4, qeStr, n); }
    store<u32>(p, n);
    p += 4 + n;
    k++;
  }
  qlIterRelease();
  return k;
}

/** Inserts SCRATCH[0..n) before/after element idx (found walking from the head). 0 if out of range. */
export function t_insert(ql: usize, idx: f64, after: i32, n: u32): i32 {
  if (!qlIterAt(ql, QL_HEAD, <i64>idx) || !qlNext()) { qlIterRelease(); return 0; }
  qlInsertAtCurrent(after != 0, SCRATCH, n);
  return 1;
}

/** Inserts into an empty list (no current element). */
export function t_insertEmpty(ql: usize, after: i32, n: u32): void {
  qlIter(ql, QL_HEAD);
  qlNext();
  qlInsertAtCurrent(after != 0, SCRATCH, n);
}

export function t_replace(ql: usize, idx: f64, n: u32): i32 { return qlReplaceAtIndex(ql, <i64>idx, SCRATCH, n) ? 1 : 0; }
export function t_delRange(ql: usize, start: f64, count: f64): i32 { return qlDelRange(ql, <i64>start, <i64>count) ? 1 : 0; }

/** Pops from the head (1) or tail (0) into OUT; returns the length or -1 when empty. */
export function t_pop(ql: usize, head: i32): i32 {
  if (!qlPeekEnd(ql, head != 0)) return -1;
  const n = emit();
  qlPopDone(ql);
  return <i32>n;
}

/**
 * Deletes every element equal to SCRATCH[0..n), walking in dir, at most `max` (0 = all), like LREM.
 * Returns the number deleted.
 */
export function t_removeEq(ql: usize, dir: i32, n: u32, max: u32): u32 {
  qlIterAt(ql, dir == 0 ? QL_HEAD : QL_TAIL, dir == 0 ? 0 : -1);
  let removed: u32 = 0;
  while (qlNext()) {
    if (qlCurrentEq(SCRATCH, n)) {
      qlDelCurrent();
      removed++;
      if (max != 0 && removed == max) break;
    }
  }
  qlIterRelease();
  return removed;
}

/** The listpack of a one-packed-node list (the list is freed), or 0 (list unchanged). */
export function t_takeListpack(ql: usize): usize { return qlTakeSingleListpack(ql); }
export function t_lpBytes(lp: usize): u32 { return lpBytes(lp); }
export function t_lpLength(lp: usize): u32 { return lpLength(lp); }
export function t_lpFree(lp: usize): void { lpFree(lp); }

// ---- structure inspection ----
export function t_head(ql: usize): usize { return qlHead(ql); }
export function t_tail(ql: usize): usize { return qlTail(ql); }
export function t_nodeNext(n: usize): usize { return qnNext(n); }
export function t_nodePrev(n: usize): usize { return qnPrev(n); }
export function t_nodeCount(n: usize): u32 { return qnCount(n); }
export function t_nodeSz(n: usize): u32 { return qnSz(n); }
export function t_nodePlain(n: usize): i32 { return qnIsPlain(n) ? 1 : 0; }
export function t_nodeCompressed(n: usize): i32 { return qnIsCompressed(n) ? 1 : 0; }
export function t_fill(ql: usize): i32 { return qlFill(ql); }
export function t_depth(ql: usize): u32 { return qlCompressDepth(ql); }

/**
 * Checks a raw packed node's listpack (valid, sz and count agree), or a compressed node's blob
 * (decompresses to sz bytes forming a valid listpack or plain data). 1 when consistent.
 */
export function t_nodeValid(n: usize): i32 {
  const e = qnEntry(n);
  const sz = qnSz(n);
  if (qnIsCompressed(n)) {
    const buf = alloc(sz);
    const got = lzfDecompress(e + 4, load<u32>(e), buf, sz);
    let ok = got == sz;
    if (ok && !qnIsPlain(n)) ok = lpValidate(buf, sz, true) && lpLength(buf) == qnCount(n);
    free(buf);
    return ok ? 1 : 0;
  }
  if (qnIsPlain(n)) return qnCount(n) == 1 ? 1 : 0;
  return lpValidate(e, sz, true) && lpBytes(e) == sz && lpLength(e) == qnCount(n) ? 1 : 0;
}

// ---- LZF ----
/** Compresses SCRATCH[0..n) into OUT (at most outLen bytes); returns the size or 0. */
export function t_lzfCompress(n: u32, outLen: u32): u32 { return lzfCompress(SCRATCH, n, OUT, outLen); }
/** Decompresses SCRATCH[0..n) into OUT (at most outLen bytes); returns the size or 0. */
export function t_lzfDecompress(n: u32, outLen: u32): u32 { return lzfDecompress(SCRATCH, n, OUT, outLen); }
