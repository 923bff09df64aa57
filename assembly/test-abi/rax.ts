// Unit-test ABI over ds/rax.ts (test/unit/ds-rax.test.ts). Numbers only: keys are written by the
// test into the static scratch area; the iterator lives in its own static block.
import { allocInit, usedMemory } from "../mem/alloc";
import { ROOT, A_INIT } from "../mem/root";
import {
  raxNew, raxFree, raxInsert, raxTryInsert, raxFind, raxRemove, raxSize, raxMemUsage, raxCheck,
  raxVal, raxOld, raxStart, raxSeek, raxNext, raxPrev, raxItKey, raxItKeyLen, raxItVal, raxItSetVal,
  raxEOF, RAX_ITER_SIZE,
} from "../ds/rax";

const SCRATCH: usize = memory.data(1 << 16, 16);
const IT: usize = memory.data(RAX_ITER_SIZE, 8);
export function scratch(): usize { return SCRATCH; }

export function t_init(): void {
  if (load<u32>(ROOT + A_INIT) != 0) return;
  allocInit();
  store<u32>(ROOT + A_INIT, 1);
}
export function t_used(): f64 { return <f64>usedMemory(); }

export function t_raxNew(): usize { return raxNew(); }
export function t_raxFree(r: usize): void { raxFree(r); }
export function t_raxInsert(r: usize, kp: usize, kl: u32, v: usize): i32 { return raxInsert(r, kp, kl, v) ? 1 : 0; }
export function t_raxTryInsert(r: usize, kp: usize, kl: u32, v: usize): i32 { return raxTryInsert(r, kp, kl, v) ? 1 : 0; }
export function t_raxFind(r: usize, kp: usize, kl: u32): i32 { return raxFind(r, kp, kl) ? 1 : 0; }
export function t_raxRemove(r: usize, kp: usize, kl: u32): i32 { return raxRemove(r, kp, kl) ? 1 : 0; }
export function t_raxVal(): usize { return raxVal; }
export function t_raxOld(): usize { return raxOld; }
export function t_raxSize(r: usize): f64 { return <f64>raxSize(r); }
export function t_raxMemUsage(r: usize): f64 { return <f64>raxMemUsage(r); }
export function t_raxCheck(r: usize): i32 { return raxCheck(r) ? 1 : 0; }

export function t_itStart(r: usize): void { raxStart(IT, r); }
export function t_itSeek(op: i32, kp: usize, kl: u32): i32 { return raxSeek(IT, op, kp, kl) ? 1 : 0; }
export function t_itNext(): i32 { return raxNext(IT) ? 1 : 0; }
export function t_itPrev(): i32 { return raxPrev(IT) ? 1 : 0; }
export function t_itKey(): usize { return raxItKey(IT); }
export function t_itKeyLen(): u32 { return raxItKeyLen(IT); }
export function t_itVal(): usize { return raxItVal(IT); }
export function t_itSetVal(v: usize): void { raxItSetVal(IT, v); }
export function t_itEOF(): i32 { return raxEOF(IT) ? 1 : 0; }
