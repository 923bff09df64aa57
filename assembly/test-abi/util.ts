// Unit-test ABI over the util/ modules: thin numeric wrappers only (test/unit/*.test.ts).
import {
  string2ll, parsedInt, ll2string, ull2string, digits10,
  string2d, parsedDouble, d2string, fpconvDtoa, scanFloat, fpEnd, fpKind, fpMant, fpExp2, fpNeg, fpRange,
} from "../util/numbers";

const SCRATCH: usize = memory.data(65536, 16);
export function scratch(): usize { return SCRATCH; }

export function t_string2ll(p: usize, len: u32): i32 { return string2ll(p, len) ? 1 : 0; }
export function t_parsedInt(): i64 { return parsedInt; }
export function t_ll2string(dst: usize, v: i64): u32 { return ll2string(dst, v); }
export function t_ull2string(dst: usize, v: u64): u32 { return ull2string(dst, v); }
export function t_digits10(v: u64): u32 { return digits10(v); }
export function t_string2d(p: usize, len: u32): i32 { return string2d(p, len) ? 1 : 0; }
export function t_parsedDouble(): f64 { return parsedDouble; }
export function t_d2string(dst: usize, v: f64): u32 { return d2string(dst, v); }
export function t_fpconv(dst: usize, v: f64): u32 { return fpconvDtoa(dst, v); }
export function t_scanFloat(p: usize, len: u32, prec: i32, minQ: i32, maxTop: i32): u32 {
  scanFloat(p, len, prec, minQ, maxTop);
  return fpEnd;
}
export function t_fpKind(): u32 { return fpKind; }
export function t_fpMant(): u64 { return fpMant; }
export function t_fpExp2(): i32 { return fpExp2; }
export function t_fpNeg(): i32 { return fpNeg ? 1 : 0; }
export function t_fpRange(): i32 { return fpRange ? 1 : 0; }

import {
  ldParse, ldAdd, ldParseAdd, ldFormatHuman, ldIsFinite, ldMant, ldExp, ldNeg, ldKind, LD_FINITE, LD_INF,
} from "../util/longdouble";

export function t_ldParse(p: usize, len: u32): i32 { return ldParse(p, len) ? 1 : 0; }
export function t_ldMantissa(): u64 { return ldKind == LD_FINITE ? ldMant : (ldKind == LD_INF ? 0x8000000000000000 : 0xC000000000000000); }
/** x87 sign/exponent word of the current value (for comparing with real long doubles). */
export function t_ldSignExp(): u32 {
  let be: u32;
  if (ldKind != LD_FINITE) be = 0x7FFF;
  else if (ldMant == 0) be = 0;
  else if ((ldMant >> 63) == 0) be = 0; // subnormal
  else be = <u32>(ldExp + 16383 + 63);
  return (ldNeg ? 0x8000 : 0) | be;
}
export function t_ldExp(): i32 { return ldExp; }
export function t_ldKind(): u32 { return ldKind; }
export function t_ldFormatHuman(dst: usize): u32 { return ldFormatHuman(dst); }
/** INCRBYFLOAT model: -1/-2 invalid operand, -3 NaN/Inf result, else length of the reply at dst. */
export function t_ldIncr(ap: usize, alen: u32, bp: usize, blen: u32, dst: usize): i32 {
  const r = ldParseAdd(ap, alen, bp, blen);
  if (r != 0) return -r;
  if (!ldIsFinite()) return -3;
  return <i32>ldFormatHuman(dst);
}
export function t_ldAddRaw(am: u64, ae: i32, an: i32, bm: u64, be: i32, bn: i32): void {
  ldAdd(am, ae, an != 0, LD_FINITE, bm, be, bn != 0, LD_FINITE);
}
export function t_ldNeg(): i32 { return ldNeg ? 1 : 0; }

import { stringmatchlen } from "../util/glob";
export function t_match(p: usize, plen: u32, s: usize, slen: u32, nocase: i32): i32 {
  return stringmatchlen(p, plen, s, slen, nocase != 0) ? 1 : 0;
}
