// Software x87 80-bit long double, just enough for INCRBYFLOAT and HINCRBYFLOAT.
//
// Redis computes these two commands in `long double` (x87 extended precision on x86-64 Linux):
// both operands are parsed with strtold, added, rejected when the sum is NaN or infinite, and the
// sum is printed with "%.17Lf" minus trailing zeros (ld2string's human mode). To give byte-identical
// replies we model that format exactly:
// - value = mant * 2^exp with a 64-bit significand (explicit integer bit). Normal values have bit 63
//   set; subnormals have exp == LD_MIN_EXP (2^-16445 is the smallest); finite values stay below
//   2^16384;
// - parsing is strtold's grammar, correctly rounded to nearest-even (util/numbers.ts scanFloat);
// - addition is exact-then-rounded (nearest-even), with x87's subnormals and overflow to infinity;
// - formatting prints the exact binary value rounded half-to-even at 17 decimals, like glibc.
//
// Results are returned in the module-level globals ldMant/ldExp/ldNeg/ldKind.

import {
  scanFloat, roundFrac128, fpEnd, fpKind, fpMant, fpExp2, fpNeg, fpRange, FP_FINITE, FP_INF, FP_NAN,
  isSpaceC, ull2string,
} from "./numbers";

export const LD_FINITE: u32 = 0;
export const LD_INF: u32 = 1;
export const LD_NAN: u32 = 2;
export const LD_MIN_EXP: i32 = -16445;
export const LD_MAX_TOP: i32 = 16384;
/** Redis refuses long double strings of this many bytes or more (MAX_LONG_DOUBLE_CHARS). */
export const LD_MAX_CHARS: u32 = 5 * 1024;
/** Upper bound of ldFormatHuman's output: 4933 integer digits, sign, point and 17 decimals. */
export const LD_HUMAN_MAX: u32 = 4960;

/** Current long double: |value| = ldMant * 2^ldExp (finite), sign ldNeg, class ldKind. */
export let ldMant: u64 = 0;
export let ldExp: i32 = 0;
export let ldNeg: bool = false;
export let ldKind: u32 = LD_FINITE;

@inline function setLd(m: u64, e: i32, neg: bool, kind: u32): void {
  ldMant = m; ldExp = e; ldNeg = neg; ldKind = kind;
}

/**
 * Redis string2ld: the whole buffer must be a long double per strtold; rejects empty input,
 * len >= 5120, leading whitespace, trailing bytes (an embedded NUL included), NaN, and the ERANGE
 * cases (overflow to inf, nonzero underflow to 0). "inf"/"infinity" are accepted. Result in ld*.
 */
export function ldParse(p: usize, len: u32): bool {
  if (len == 0 || len >= LD_MAX_CHARS) return false;
  if (isSpaceC(<u32>load<u8>(p))) return false;
  scanFloat(p, len, 64, LD_MIN_EXP, LD_MAX_TOP);
  if (fpEnd != len || fpKind == FP_NAN || fpRange) return false;
  setLd(fpMant, fpExp2, fpNeg, fpKind == FP_INF ? LD_INF : LD_FINITE);
  return true;
}

/** True unless the current value is NaN or infinite. */
export function ldIsFinite(): bool { return ldKind == LD_FINITE; }

/**
 * (aMant,aExp,aNeg,aKind) + (bMant,bExp,bNeg,bKind) into ld*, rounded to nearest-even. Exact zero
 * sums are +0 unless both operands are -0; inf + -inf is NaN.
 */
export function ldAdd(aMant: u64, aExp: i32, aNeg: bool, aKind: u32,
                      bMant: u64, bExp: i32, bNeg: bool, bKind: u32): void {
  if (aKind == LD_NAN || bKind == LD_NAN) { setLd(0, 0, false, LD_NAN); return; }
  if (aKind == LD_INF) {
    if (bKind == LD_INF && aNeg != bNeg) setLd(0, 0, false, LD_NAN);
    else setLd(0, 0, aNeg, LD_INF);
    return;
  }
  if (bKind == LD_INF) { setLd(0, 0, bNeg, LD_INF); return; }
  if (aMant == 0) {
    if (bMant == 0) setLd(0, 0, aNeg && bNeg, LD_FINITE);
    else setLd(bMant, bExp, bNeg, LD_FINITE);
    return;
  }
  if (bMant == 0) { setLd(aMant, aExp, aNeg, LD_FINITE); return; }
  // Normalise so that exponents compare magnitudes.
  if (aMant < 0x8000000000000000) {
    const z = <i32>clz(aMant); aMant <<= <u64>z; aExp -= z;
  }
  if (bMant < 0x8000000000000000) {
    const z = <i32>clz(bMant); bMant <<= <u64>z; bExp -= z;
  }
  if (aExp < bExp || (aExp == bExp && aMant < bMant)) {
    const tm = aMant; aMant = bMant; bMant = tm;
    const te = aExp; aExp = bExp; bExp = te;
    const tn = aNeg; aNeg = bNeg; bNeg = tn;
  }
  // |a| >= |b|. Work in 128 bits at base 2^(aExp-64): A = aMant:0, B = bMant:0 >> d (sticky-jammed).
  const d = <u64>(aExp - bExp);
  let bh: u64, bl: u64;
  if (d == 0) { bh = bMant; bl = 0; }
  else if (d < 64) { bh = bMant >> d; bl = bMant << (64 - d); }
  else if (d == 64) { bh = 0; bl = bMant; }
  else if (d < 128) { bh = 0; bl = bMant >> (d - 64); if ((bMant << (128 - d)) != 0) bl |= 1; }
  else { bh = 0; bl = 1; }
  let sh: u64, sl: u64;
  let e = aExp - 64;
  if (aNeg == bNeg) {
    sl = bl;
    sh = aMant + bh;
    if (sh < aMant) {
      // Carry out of 128 bits: shift right one, keeping the lost bit sticky, and put the carry on top.
      const lost = sl & 1;
      sl = (sl >> 1) | (sh << 63) | lost;
      sh = (sh >> 1) | 0x8000000000000000;
      e++;
    }
  } else {
    sl = 0 - bl;
    sh = aMant - bh - (bl != 0 ? 1 : 0);
  }
  if (sh == 0 && sl == 0) { setLd(0, 0, false, LD_FINITE); return; }
  // Normalise to 0.HL * 2^E.
  let E = e + 128;
  if (sh == 0) { sh = sl; sl = 0; E -= 64; }
  const z = <u64>clz(sh);
  if (z != 0) { sh = (sh << z) | (sl >> (64 - z)); sl <<= z; E -= <i32>z; }
  roundFrac128(sh, sl, E, 64, LD_MIN_EXP, LD_MAX_TOP);
  setLd(fpMant, fpExp2, aNeg, fpKind == FP_INF ? LD_INF : LD_FINITE);
}

/** Parses both operands like INCRBYFLOAT and adds them. Returns 0 on success (sum in ld*, maybe
 *  not finite: check ldIsFinite), 1 if the first operand is not a valid long double, 2 if the
 *  second is not. */
export function ldParseAdd(ap: usize, alen: u32, bp: usize, blen: u32): i32 {
  if (!ldParse(ap, alen)) return 1;
  const m = ldMant, e = ldExp, n = ldNeg, k = ldKind;
  if (!ldParse(bp, blen)) return 2;
  ldAdd(m, e, n, k, ldMant, ldExp, ldNeg, ldKind);
  return 0;
}

// --- formatting ---

const LIMBS: usize = memory.data(2200, 8);    // u32 limbs of a big integer, little-endian
const CHUNKS: usize = memory.data(2400, 8);   // base-1e9 chunks, least significant first

@inline function writeLit(dst: usize, s: string): u32 {
  const n = <u32>s.length;
  for (let i: u32 = 0; i < n; i++) store<u8>(dst + i, <u8>s.charCodeAt(i));
  return n;
}

/** Writes mant * 2^sh (sh >= 0) in decimal; returns the length. */
function bigShiftedToDec(dst: usize, mant: u64, sh: i32): u32 {
  const nl = ((64 + sh) >> 5) + 2;
  memory.fill(LIMBS, 0, <usize>nl << 2);
  const wo = sh >> 5, bo = <u64>(sh & 31);
  // Spread the 64+bo bits over three limbs.
  const lo = mant << bo;
  const hi = bo == 0 ? 0 : mant >> (64 - bo);
  store<u32>(LIMBS + (<usize>wo << 2), <u32>lo);
  store<u32>(LIMBS + (<usize>(wo + 1) << 2), <u32>(lo >> 32));
  store<u32>(LIMBS + (<usize>(wo + 2) << 2), <u32>hi);
  let top = nl - 1;
  while (top > 0 && load<u32>(LIMBS + (<usize>top << 2)) == 0) top--;
  let nc: i32 = 0;
  while (true) {
    let rem: u64 = 0;
    for (let i = top; i >= 0; i--) {
      const cur = (rem << 32) | <u64>load<u32>(LIMBS + (<usize>i << 2));
      const q = cur / 1000000000;
      store<u32>(LIMBS + (<usize>i << 2), <u32>q);
      rem = cur - q * 1000000000;
    }
    store<u32>(CHUNKS + (<usize>nc << 2), <u32>rem);
    nc++;
    while (top > 0 && load<u32>(LIMBS + (<usize>top << 2)) == 0) top--;
    if (top == 0 && load<u32>(LIMBS) == 0) break;
  }
  let w = ull2string(dst, <u64>load<u32>(CHUNKS + (<usize>(nc - 1) << 2)));
  for (let c = nc - 2; c >= 0; c--) {
    let v = load<u32>(CHUNKS + (<usize>c << 2));
    for (let k = 8; k >= 0; k--) {
      store<u8>(dst + w + <u32>k, <u8>(48 + v % 10));
      v /= 10;
    }
    w += 9;
  }
  return w;
}

/**
 * ld2string human mode of the current value: "inf"/"-inf"/"nan", else "%.17Lf" with trailing
 * zeros and a trailing '.' removed, and "-0" turned into "0". Needs LD_HUMAN_MAX bytes at dst.
 */
export function ldFormatHuman(dst: usize): u32 {
  if (ldKind == LD_NAN) return writeLit(dst, "nan");
  if (ldKind == LD_INF) return writeLit(dst, ldNeg ? "-inf" : "inf");
  let w: u32 = 0;
  if (ldNeg) { store<u8>(dst, 45); w = 1; }
  const m = ldMant, e = ldExp;
  if (m == 0) {
    // printf gives "-0.00000000000000000" for -0, which the stripping turns into "0".
    store<u8>(dst, 48);
    return 1;
  }
  if (e >= 0) return w + bigShiftedToDec(dst + w, m, e);
  const s = <u64>(-e);
  let ip: u64 = 0;
  let frac: u64 = m;
  if (s < 64) { ip = m >> s; frac = m & ((<u64>1 << s) - 1); }
  // q = round_half_even(frac * 10^17 / 2^s)
  let q: u64 = 0;
  if (frac != 0 && s < 128) {
    const T: u64 = 100000000000000000;
    // 128-bit product frac * T.
    const M32: u64 = 0xFFFFFFFF;
    const a0 = frac & M32, a1 = frac >> 32, b0 = T & M32, b1 = T >> 32;
    const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    const mid = (p00 >> 32) + (p01 & M32) + (p10 & M32);
    const pl = (mid << 32) | (p00 & M32);
    const ph = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    let remHi: u64, remLo: u64, halfHi: u64, halfLo: u64;
    if (s < 64) {
      q = (pl >> s) | (s == 0 ? 0 : ph << (64 - s));
      remHi = 0; remLo = pl & ((<u64>1 << s) - 1);
      halfHi = 0; halfLo = <u64>1 << (s - 1);
    } else if (s == 64) {
      q = ph; remHi = 0; remLo = pl; halfHi = 0; halfLo = 0x8000000000000000;
    } else {
      q = ph >> (s - 64);
      remHi = ph & ((<u64>1 << (s - 64)) - 1); remLo = pl;
      halfHi = <u64>1 << (s - 65); halfLo = 0;
    }
    const gt = remHi > halfHi || (remHi == halfHi && remLo > halfLo);
    const eq = remHi == halfHi && remLo == halfLo;
    if (gt || (eq && (q & 1) != 0)) q++;
    if (q == T) { q = 0; ip++; }
  }
  w += ull2string(dst + w, ip);
  if (q != 0) {
    store<u8>(dst + w, 46);
    let v = q;
    for (let k: u32 = 17; k >= 1; k--) {
      store<u8>(dst + w + k, <u8>(48 + <u32>(v % 10)));
      v /= 10;
    }
    w += 18;
    while (load<u8>(dst + w - 1) == 48) w--;
  }
  if (w == 2 && load<u8>(dst) == 45 && load<u8>(dst + 1) == 48) { store<u8>(dst, 48); w = 1; }
  return w;
}
