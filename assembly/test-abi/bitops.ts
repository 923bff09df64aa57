// Unit-test ABI over ds/bitops.ts (test/unit/ds-bitops.test.ts). Numbers only: byte arguments are
// written by the test into the scratch area, BITOP source tables (u32 pointers and u32
// lengths) too. Both paths of every kernel are exported; t_simdCompiled says whether the *Simd ones
// really are SIMD in this build (the test builds the module with and without --enable simd).
import {
  bitopsSimdCompiled, popcountScalar, popcountSimd, bitposScalar, bitposSimd, bitopScalar, bitopSimd,
  getUnsignedField, getSignedField, setField, checkUnsignedOverflow, checkSignedOverflow, fieldLimit,
} from "../ds/bitops";

// Scratch starts at the heap base (nothing allocates in this module); the test grows the memory.
export function scratch(): usize { return (__heap_base + 15) & ~<usize>15; }

export function t_simdCompiled(): i32 { return bitopsSimdCompiled() ? 1 : 0; }
export function t_popcountScalar(p: usize, n: u32): f64 { return <f64>popcountScalar(p, n); }
export function t_popcountSimd(p: usize, n: u32): f64 { return <f64>popcountSimd(p, n); }
export function t_bitposScalar(p: usize, n: u32, bit: u32): f64 { return <f64>bitposScalar(p, n, bit); }
export function t_bitposSimd(p: usize, n: u32, bit: u32): f64 { return <f64>bitposSimd(p, n, bit); }
export function t_bitopScalar(op: u32, dst: usize, srcs: usize, lens: usize, count: u32): u32 { return bitopScalar(op, dst, srcs, lens, count); }
export function t_bitopSimd(op: u32, dst: usize, srcs: usize, lens: usize, count: u32): u32 { return bitopSimd(op, dst, srcs, lens, count); }
export function t_getUnsigned(p: usize, off: u64, bits: u32): u64 { return getUnsignedField(p, off, bits); }
export function t_getSigned(p: usize, off: u64, bits: u32): i64 { return getSignedField(p, off, bits); }
export function t_setField(p: usize, off: u64, bits: u32, v: u64): void { setField(p, off, bits, v); }
export function t_checkUnsigned(value: u64, incr: i64, bits: u32, owtype: u32): i32 { return checkUnsignedOverflow(value, incr, bits, owtype); }
export function t_checkSigned(value: i64, incr: i64, bits: u32, owtype: u32): i32 { return checkSignedOverflow(value, incr, bits, owtype); }
export function t_fieldLimit(): u64 { return fieldLimit; }
