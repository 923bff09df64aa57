// Unit-test ABI over ds/hyperloglog.ts (test/unit/ds-hyperloglog.test.ts). Numbers only: values are
// built by the test in the static scratch area (or in blocks from t_alloc) and passed by address.
import { allocInit, alloc, allocZeroed, free } from "../mem/alloc";
import { ROOT, A_INIT } from "../mem/root";
import {
  murmurHash64A, hllPatLen, patIndex, denseGet, denseSet, hllDenseSet, hllSparseSet, sparseLen,
  hllSparseToDense, hllCount, countInvalid, hllCountRaw, hllMergeInto, hllPackDense, hllInitSparse,
  hllLooksValid, hllSparseDecode, hllDecodeBound, maxRegs, hllMaxClear, hllCacheValid, hllCacheGet,
  hllInvalidateCache,
} from "../ds/hyperloglog";

const SCRATCH: usize = memory.data(1 << 20, 16);
export function scratch(): usize { return SCRATCH; }

export function t_init(): void {
  if (load<u32>(ROOT + A_INIT) != 0) return;
  allocInit();
  store<u32>(ROOT + A_INIT, 1);
}
export function t_alloc(n: u32): usize { return allocZeroed(n); }
export function t_free(p: usize): void { free(p); }

export function t_murmur(p: usize, n: u32, seed: u32): u64 { return murmurHash64A(p, n, seed); }
export function t_patLen(p: usize, n: u32): u32 { return hllPatLen(p, n); }
export function t_patIndex(): u32 { return patIndex; }

export function t_denseGet(regs: usize, i: u32): u32 { return denseGet(regs, i); }
export function t_denseSet(regs: usize, i: u32, v: u32): void { denseSet(regs, i, v); }
export function t_denseRaise(regs: usize, i: u32, v: u32): i32 { return hllDenseSet(regs, i, v) ? 1 : 0; }

export function t_initSparse(p: usize): void { hllInitSparse(p); }
export function t_looksValid(p: usize, n: u32): i32 { return hllLooksValid(p, n) ? 1 : 0; }
export function t_sparseSet(p: usize, n: u32, index: u32, count: u32, maxBytes: u32): i32 {
  return hllSparseSet(p, n, index, count, <u64>maxBytes);
}
export function t_sparseLen(): u32 { return sparseLen; }
export function t_sparseToDense(src: usize, n: u32, dst: usize): i32 { return hllSparseToDense(src, n, dst) ? 1 : 0; }

export function t_count(p: usize, n: u32): u64 { return hllCount(p, n); }
export function t_countInvalid(): i32 { return countInvalid ? 1 : 0; }
export function t_countRaw(max: usize): u64 { return hllCountRaw(max); }
export function t_maxRegs(): usize { return maxRegs; }
export function t_maxClear(): void { hllMaxClear(); }
export function t_mergeInto(max: usize, p: usize, n: u32): i32 { return hllMergeInto(max, p, n) ? 1 : 0; }
export function t_packDense(regs: usize, max: usize): void { hllPackDense(regs, max); }

export function t_decodeBound(n: u32): u32 { return <u32>hllDecodeBound(n); }
export function t_decode(p: usize, n: u32, out: usize): u32 { return hllSparseDecode(p, n, out); }

export function t_cacheValid(p: usize): i32 { return hllCacheValid(p) ? 1 : 0; }
export function t_cacheGet(p: usize): u64 { return hllCacheGet(p); }
export function t_invalidate(p: usize): void { hllInvalidateCache(p); }

/** Keeps alloc reachable for callers that want uninitialised blocks. */
export function t_allocRaw(n: u32): usize { return alloc(n); }
