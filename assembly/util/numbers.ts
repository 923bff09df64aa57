// Redis-exact number parsing and formatting on raw bytes.
//
// Everything here works on (pointer, length) pairs in linear memory and never allocates. Functions
// with more than one result return a bool and leave the value in a module-level global
// (`parsedInt`, `parsedDouble`, the `fp*` scan results).
//
// Behaviour notes (all checked against a real redis-server where the version allows):
// - string2ll: the strict integer syntax Redis uses for INCR, EXPIRE, LRANGE indexes, ...: optional
//   '-', then either "0" alone or a nonzero digit followed by digits; no '+', no spaces, no leading
//   zeros, "-0" rejected, at most 20 bytes, must fit in i64.
// - string2d: strtod() grammar on the whole buffer (decimal with exponent, hex floats with an
//   optional binary exponent, inf/infinity, nan), rejecting: empty input, leading whitespace,
//   trailing bytes, NaN, overflow to +-inf and nonzero input that underflows to zero (the cases in
//   which strtod sets ERANGE and returns 0/HUGE_VAL). Results are correctly rounded (nearest-even).
// - d2string: Redis 7.2+ reply format for doubles: integral values with |v| <= 2^62 print as
//   integers, everything else through a Grisu2 digit generator with fpconv's layout rules (see
//   `fpconvDtoa`). Grisu2 is what Redis uses, so its rare non-shortest outputs are reproduced on
//   purpose rather than "fixed".

// Exact decimal scratch for string->binary conversion. Sized for x87 long double: a 5 KiB input
// shifted down to the subnormal range needs ~12k digits; beyond DEC_CAP digits only a sticky bit is
// kept, which is enough for correct rounding.
const DEC_CAP: i32 = 16500;
const decimalBuf: usize = memory.data(16500 + 64, 16);

// ---------------------------------------------------------------------------------------------
// Integers
// ---------------------------------------------------------------------------------------------

/** Result of the last successful string2ll(). */
export let parsedInt: i64 = 0;

/** Strict integer parse, Redis string2ll rules. On success the value is in `parsedInt`. */
export function string2ll(p: usize, len: u32): bool {
  if (len == 0 || len > 20) return false;
  let c = <u32>load<u8>(p);
  if (len == 1 && c == 48) { parsedInt = 0; return true; }
  let i: u32 = 0;
  let neg = false;
  if (c == 45) {
    neg = true;
    i = 1;
    if (len == 1) return false;
    c = <u32>load<u8>(p + 1);
  }
  if (c < 49 || c > 57) return false;
  let v: u64 = <u64>(c - 48);
  i++;
  while (i < len) {
    c = <u32>load<u8>(p + i);
    if (c < 48 || c > 57) return false;
    if (v > 1844674407370955161) return false; // v*10 would overflow u64
    v *= 10;
    const d = <u64>(c - 48);
    if (v > 0xFFFFFFFFFFFFFFFF - d) return false;
    v += d;
    i++;
  }
  if (neg) {
    if (v > 0x8000000000000000) return false;
    parsedInt = <i64>(0 - v);
  } else {
    if (v > 0x7FFFFFFFFFFFFFFF) return false;
    parsedInt = <i64>v;
  }
  return true;
}

/** Number of decimal digits of v (1 for 0). */
export function digits10(v: u64): u32 {
  let n: u32 = 1;
  while (v >= 10000) { v /= 10000; n += 4; }
  if (v >= 1000) return n + 3;
  if (v >= 100) return n + 2;
  if (v >= 10) return n + 1;
  return n;
}

/** Writes v in decimal at dst; returns the length (at most 20). */
export function ull2string(dst: usize, v: u64): u32 {
  const n = digits10(v);
  let w = dst + n;
  while (v >= 10) {
    const q = v / 10;
    w--;
    store<u8>(w, <u8>(48 + <u32>(v - q * 10)));
    v = q;
  }
  store<u8>(dst, <u8>(48 + <u32>v));
  return n;
}

/** Writes v in decimal at dst (with '-' when negative, i64.MIN included); returns the length. */
export function ll2string(dst: usize, v: i64): u32 {
  if (v < 0) {
    store<u8>(dst, 45);
    return 1 + ull2string(dst + 1, 0 - <u64>v);
  }
  return ull2string(dst, <u64>v);
}

// ---------------------------------------------------------------------------------------------
// Float scanning: strtod/strtold grammar, correctly rounded to a given binary precision
// ---------------------------------------------------------------------------------------------

export const FP_FINITE: u32 = 0;
export const FP_INF: u32 = 1;
export const FP_NAN: u32 = 2;

/** Bytes consumed by the last scanFloat(), like strtod's end pointer (0: no conversion). */
export let fpEnd: u32 = 0;
/** Sign of the last scan (also set for zero, inf and nan). */
export let fpNeg: bool = false;
/** FP_FINITE, FP_INF or FP_NAN. */
export let fpKind: u32 = FP_FINITE;
/** Finite results: |value| = fpMant * 2^fpExp2, fpMant < 2^prec; fpMant == 0 means zero. */
export let fpMant: u64 = 0;
export let fpExp2: i32 = 0;
/** Set when strtod would report ERANGE with a 0 or +-HUGE_VAL result: finite nonzero input that
 *  rounds to zero, or that overflows to infinity (fpKind is then FP_INF). */
export let fpRange: bool = false;

// Decimal digit buffer for the exact conversion: value = 0.d[0]d[1]...d[nd-1] * 10^dp.
let dNd: i32 = 0;
let dDp: i32 = 0;
let dTrunc: bool = false; // nonzero digits were dropped past DEC_CAP: the true value is larger

@inline function isDigit(c: u32): bool { return c - 48 < 10; }
@inline function hexVal(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  const l = c | 32;
  if (l - 97 < 6) return <i32>(l - 87);
  return -1;
}
@inline function lowerAt(p: usize): u32 { return <u32>load<u8>(p) | 32; }

function matchCI(p: usize, avail: u32, lit: string): bool {
  const n = <u32>lit.length;
  if (avail < n) return false;
  for (let i: u32 = 0; i < n; i++) {
    const c = <u32>load<u8>(p + i);
    const l = c >= 65 && c <= 90 ? c + 32 : c;
    if (l != <u32>lit.charCodeAt(i)) return false;
  }
  return true;
}

function setZero(range: bool): void {
  fpKind = FP_FINITE; fpMant = 0; fpExp2 = 0; fpRange = range;
}
function setInf(range: bool): void {
  fpKind = FP_INF; fpMant = 0; fpExp2 = 0; fpRange = range;
}

/**
 * Scans a floating-point number at p (at most len bytes) with strtod's grammar, without skipping
 * leading whitespace, rounding to `prec` significant bits (53 for double, 64 for x87 long double).
 * minQ is the exponent of the smallest subnormal (-1074 / -16445); values must stay below
 * 2^maxTop (1024 / 16384). Results go to the fp* globals.
 */
export function scanFloat(p: usize, len: u32, prec: i32, minQ: i32, maxTop: i32): void {
  fpEnd = 0; fpNeg = false; setZero(false);
  let i: u32 = 0;
  if (len == 0) return;
  let c = <u32>load<u8>(p);
  if (c == 43 || c == 45) { fpNeg = c == 45; i = 1; }
  if (i >= len) return;
  c = <u32>load<u8>(p + i);
  const lc = c | 32;
  if (lc == 105) { // 'i'
    if (!matchCI(p + i, len - i, "inf")) return;
    i += 3;
    if (matchCI(p + i, len - i, "inity")) i += 5;
    fpEnd = i; setInf(false);
    return;
  }
  if (lc == 110) { // 'n'
    if (!matchCI(p + i, len - i, "nan")) return;
    i += 3;
    if (i < len && load<u8>(p + i) == 40) {
      let j = i + 1;
      while (j < len) {
        const d = <u32>load<u8>(p + j);
        if (isDigit(d) || (d | 32) - 97 < 26 || d == 95) j++; else break;
      }
      if (j < len && load<u8>(p + j) == 41) i = j + 1;
    }
    fpEnd = i; fpKind = FP_NAN;
    return;
  }
  if (c == 48 && i + 1 < len && (lowerAt(p + i + 1) == 120)) {
    // Hex only when a hex digit follows "0x" (possibly after the point); else "0" alone is taken.
    let j = i + 2;
    let ok = false;
    if (j < len) {
      const d = <u32>load<u8>(p + j);
      if (hexVal(d) >= 0) ok = true;
      else if (d == 46 && j + 1 < len && hexVal(<u32>load<u8>(p + j + 1)) >= 0) ok = true;
    }
    if (ok) { scanHex(p, len, j, prec, minQ, maxTop); return; }
  }
  scanDecimal(p, len, i, prec, minQ, maxTop);
}

// Parses an exponent whose marker ('e' or 'p') is at p+at. Returns the index after the exponent
// (value in expVal), or `at` itself when no digits follow, so that the marker is not consumed.
let expVal: i32 = 0;
function scanExponent(p: usize, len: u32, at: u32): u32 {
  let j = at + 1;
  let neg = false;
  if (j < len) {
    const s = <u32>load<u8>(p + j);
    if (s == 43 || s == 45) { neg = s == 45; j++; }
  }
  if (j >= len || !isDigit(<u32>load<u8>(p + j))) { expVal = 0; return at; }
  let e: i32 = 0;
  while (j < len) {
    const d = <u32>load<u8>(p + j);
    if (!isDigit(d)) break;
    if (e < 100000000) e = e * 10 + <i32>(d - 48);
    j++;
  }
  expVal = neg ? -e : e;
  return j;
}

function scanDecimal(p: usize, len: u32, start: u32, prec: i32, minQ: i32, maxTop: i32): void {
  const D = decimalBuf;
  let i = start;
  let nd: i32 = 0;
  let dp: i32 = 0;
  let trunc = false;
  let sawDigit = false;
  let sawDot = false;
  for (; i < len; i++) {
    const c = <u32>load<u8>(p + i);
    if (c == 46) {
      if (sawDot) break;
      sawDot = true;
      continue;
    }
    if (!isDigit(c)) break;
    sawDigit = true;
    if (nd == 0 && c == 48) {
      if (sawDot) dp--;
      continue;
    }
    if (nd < DEC_CAP) {
      store<u8>(D + nd, <u8>(c - 48));
      nd++;
    } else if (c != 48) trunc = true;
    if (!sawDot) dp++;
  }
  if (!sawDigit) return; // no conversion
  if (i < len && lowerAt(p + i) == 101) {
    i = scanExponent(p, len, i);
    if (nd > 0) {
      let e = <i64>dp + <i64>expVal;
      if (e > 100000000) e = 100000000;
      if (e < -100000000) e = -100000000;
      dp = <i32>e;
    }
  }
  fpEnd = i;
  // Dropping trailing zeros keeps the representation canonical.
  while (nd > 0 && load<u8>(D + nd - 1) == 0) nd--;
  if (nd == 0) { setZero(false); return; }
  dNd = nd; dDp = dp; dTrunc = trunc;

  // Fast exact path for doubles: <= 15 digits and a small power of ten (one correctly rounded op).
  if (prec == 53 && nd <= 15 && !trunc) {
    const e10 = dp - nd;
    if (e10 >= -22 && e10 <= 22) {
      let m: u64 = 0;
      for (let k: i32 = 0; k < nd; k++) m = m * 10 + <u64>load<u8>(D + k);
      let v = <f64>m;
      if (e10 >= 0) v *= load<f64>(POW10 + (<usize>e10 << 3));
      else v /= load<f64>(POW10 + (<usize>(-e10) << 3));
      fromF64Bits(reinterpret<u64>(v));
      return;
    }
  }
  decimalToBinary(prec, minQ, maxTop);
}

const POW10: usize = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
  1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

function fromF64Bits(bits: u64): void {
  const be = <i32>((bits >> 52) & 0x7FF);
  const f = bits & 0xFFFFFFFFFFFFF;
  fpKind = FP_FINITE; fpRange = false;
  if (be == 0) { fpMant = f; fpExp2 = -1074; }
  else { fpMant = f | 0x10000000000000; fpExp2 = be - 1075; }
}

// --- exact decimal arithmetic on the digit buffer ---

/** Multiplies the decimal by 2^k, 1 <= k <= 60. */
function decLeftShift(k: u32): void {
  const D = decimalBuf;
  const delta: i32 = <i32>((k * 1233) >> 12) + 2; // upper bound on new digits
  let r: i32 = dNd - 1;
  let w: i32 = dNd + delta - 1;
  let n: u64 = 0;
  for (; r >= 0; r--) {
    n += <u64>load<u8>(D + r) << k;
    const q = n / 10;
    store<u8>(D + w, <u8>(n - q * 10));
    w--;
    n = q;
  }
  while (n > 0) {
    const q = n / 10;
    store<u8>(D + w, <u8>(n - q * 10));
    w--;
    n = q;
  }
  const first = w + 1;
  let end = dNd + delta;
  if (first > 0) memory.copy(D, D + first, <usize>(end - first));
  end -= first;
  dDp += delta - first;
  if (end > DEC_CAP) {
    for (let j = DEC_CAP; j < end; j++) if (load<u8>(D + j) != 0) { dTrunc = true; break; }
    end = DEC_CAP;
  }
  while (end > 0 && load<u8>(D + end - 1) == 0) end--;
  dNd = end;
}

/** Divides the decimal by 2^k, 1 <= k <= 60. */
function decRightShift(k: u32): void {
  const D = decimalBuf;
  let r: i32 = 0;
  let w: i32 = 0;
  let n: u64 = 0;
  for (; (n >> k) == 0; r++) {
    if (r >= dNd) {
      if (n == 0) { dNd = 0; dDp = 0; return; }
      while ((n >> k) == 0) { n *= 10; r++; }
      break;
    }
    n = n * 10 + <u64>load<u8>(D + r);
  }
  dDp -= r - 1;
  const mask: u64 = ((<u64>1) << k) - 1;
  for (; r < dNd; r++) {
    const c = <u64>load<u8>(D + r);
    store<u8>(D + w, <u8>(n >> k));
    w++;
    n = (n & mask) * 10 + c;
  }
  while (n > 0) {
    const dig = n >> k;
    n &= mask;
    if (w < DEC_CAP) { store<u8>(D + w, <u8>dig); w++; }
    else if (dig > 0) dTrunc = true;
    n *= 10;
  }
  while (w > 0 && load<u8>(D + w - 1) == 0) w--;
  dNd = w;
}

let roundCarry: bool = false;
/** Integer part of the decimal rounded half-to-even (the decimal must be < 2^64). Sets roundCarry
 *  when rounding wrapped past 2^64 - 1. */
function decRoundedInt(): u64 {
  const D = decimalBuf;
  roundCarry = false;
  if (dDp < 0 || dNd == 0) return 0;
  let n: u64 = 0;
  let i: i32 = 0;
  for (; i < dDp && i < dNd; i++) n = n * 10 + <u64>load<u8>(D + i);
  for (; i < dDp; i++) n *= 10;
  let up = false;
  if (dDp < dNd) {
    const dig = load<u8>(D + dDp);
    if (dig > 5) up = true;
    else if (dig == 5) {
      if (dDp + 1 < dNd || dTrunc) up = true;
      else up = dDp > 0 && (load<u8>(D + dDp - 1) & 1) != 0;
    }
  }
  if (up) { n++; if (n == 0) roundCarry = true; }
  return n;
}

const POWTAB: usize = memory.data<u8>([1, 3, 6, 9, 13, 16, 19, 23, 26]);
@inline function shiftFor(d: i32): u32 {
  if (d < 9) return <u32>load<u8>(POWTAB + d);
  if (d < 19) return 27;
  return 60;
}

function decimalToBinary(prec: i32, minQ: i32, maxTop: i32): void {
  const ovDp = <i32>(<i64>maxTop * 30103 / 100000) + 2;
  const unDp = <i32>(<i64>minQ * 30103 / 100000) - 3;
  if (dDp > ovDp) { setInf(true); return; }
  if (dDp < unDp) { setZero(true); return; }
  let e2: i32 = 0;
  while (dDp > 0) { const n = shiftFor(dDp); decRightShift(n); e2 += <i32>n; }
  while (dDp < 0 || (dDp == 0 && load<u8>(decimalBuf) < 5)) {
    const n = shiftFor(-dDp); decLeftShift(n); e2 -= <i32>n;
  }
  // Now value = v * 2^e2 with v in [0.5, 1).
  let q = e2 - prec;
  if (q < minQ) {
    let s = minQ - q;
    while (s > 0 && dNd > 0) { const k = s > 60 ? 60 : s; decRightShift(<u32>k); s -= k; }
    q = minQ;
  }
  if (dNd == 0) { setZero(true); return; }
  let s = prec;
  while (s > 0) { const k = s > 60 ? 60 : s; decLeftShift(<u32>k); s -= k; }
  let mant = decRoundedInt();
  if (roundCarry) { mant = (<u64>1) << 63; q++; }
  else if (prec < 64 && mant == (<u64>1) << <u64>prec) { mant >>= 1; q++; }
  finishFinite(mant, q, maxTop);
}

function finishFinite(mant: u64, q: i32, maxTop: i32): void {
  if (mant == 0) { setZero(true); return; }
  if (64 - <i32>clz(mant) + q > maxTop) { setInf(true); return; }
  fpKind = FP_FINITE; fpMant = mant; fpExp2 = q; fpRange = false;
}

function scanHex(p: usize, len: u32, start: u32, prec: i32, minQ: i32, maxTop: i32): void {
  let i = start;
  let hi: u64 = 0;
  let nh: i32 = 0;       // significant hex digits seen (hi holds the first 16)
  let g: u64 = 0;        // the 17th significant digit
  let sticky = false;    // any nonzero digit after the 17th
  let bexp: i64 = 0;
  let sawDot = false;
  for (; i < len; i++) {
    const c = <u32>load<u8>(p + i);
    if (c == 46) {
      if (sawDot) break;
      sawDot = true;
      continue;
    }
    const h = hexVal(c);
    if (h < 0) break;
    if (nh == 0 && h == 0) {
      if (sawDot) bexp -= 4;
      continue;
    }
    if (nh < 16) {
      hi = (hi << 4) | <u64>h;
      if (sawDot) bexp -= 4;
    } else {
      if (nh == 16) g = <u64>h; else if (h != 0) sticky = true;
      if (!sawDot) bexp += 4;
    }
    nh++;
  }
  if (i < len && lowerAt(p + i) == 112) {
    i = scanExponent(p, len, i);
    bexp += <i64>expVal;
  }
  fpEnd = i;
  if (hi == 0) { setZero(false); return; }
  if (bexp > 100000000) bexp = 100000000;
  if (bexp < -100000000) bexp = -100000000;
  const lz = <i32>clz(hi);
  let H = hi << <u64>lz;
  if (lz > 0 && g != 0) H |= g >> <u64>(4 - lz);
  let L: u64 = g << <u64>(60 + lz);
  if (sticky) L |= 1;
  roundFrac128(H, L, <i32>bexp + 64 - lz, prec, minQ, maxTop);
}

/** Rounds 0.HL (binary, H's top bit set) * 2^E to prec bits, nearest-even, with subnormals below
 *  2^minQ and overflow to infinity at 2^maxTop (fpRange set for both). Results in the fp* globals
 *  (fpNeg is left alone). */
export function roundFrac128(H: u64, L: u64, E: i32, prec: i32, minQ: i32, maxTop: i32): void {
  if (E > maxTop + 1) { setInf(true); return; }
  let q = E - prec;
  let keep = prec;
  if (q < minQ) { keep = prec - (minQ - q); q = minQ; }
  let mant: u64 = 0;
  if (keep <= 0) {
    // Only keep == 0 can round up (to the smallest subnormal): strictly above half an ulp.
    if (keep == 0 && (H << 1 != 0 || L != 0)) mant = 1;
    finishFinite(mant, q, maxTop);
    return;
  }
  let roundBit: u64;
  let rest: bool;
  if (keep == 64) {
    mant = H; roundBit = L >> 63; rest = (L << 1) != 0;
  } else {
    mant = H >> <u64>(64 - keep);
    roundBit = (H >> <u64>(63 - keep)) & 1;
    const restMask: u64 = keep >= 63 ? 0 : (0xFFFFFFFFFFFFFFFF >> <u64>(keep + 1));
    rest = (H & restMask) != 0 || L != 0;
  }
  if (roundBit != 0 && (rest || (mant & 1) != 0)) {
    mant++;
    if (keep == 64 && mant == 0) { mant = (<u64>1) << 63; q++; }
    else if (keep < 64 && keep == prec && mant == (<u64>1) << <u64>keep) { mant >>= 1; q++; }
  }
  finishFinite(mant, q, maxTop);
}

// ---------------------------------------------------------------------------------------------
// Doubles
// ---------------------------------------------------------------------------------------------

/** Result of the last successful string2d(). */
export let parsedDouble: f64 = 0;

@inline export function isSpaceC(c: u32): bool { return c == 32 || (c >= 9 && c <= 13); }

/** Converts the last scanFloat(…, 53, -1074, 1024) result to an f64. */
export function scannedToF64(): f64 {
  let v: f64;
  if (fpKind == FP_NAN) v = NaN;
  else if (fpKind == FP_INF) v = Infinity;
  else if (fpMant == 0) v = 0;
  else if (fpMant >= 0x10000000000000) {
    v = reinterpret<f64>((<u64>(fpExp2 + 1075) << 52) | (fpMant & 0xFFFFFFFFFFFFF));
  } else v = reinterpret<f64>(fpMant);
  return fpNeg ? -v : v;
}

/** Redis string2d: the whole buffer must be a double per strtod; result in `parsedDouble`. */
export function string2d(p: usize, len: u32): bool {
  if (len == 0) return false;
  if (isSpaceC(<u32>load<u8>(p))) return false;
  scanFloat(p, len, 53, -1074, 1024);
  if (fpEnd != len || fpKind == FP_NAN || fpRange) return false;
  parsedDouble = scannedToF64();
  return true;
}

// --- Grisu2 (Loitsch), reproducing the digit choices of the fpconv variant Redis ships ---

// Cached powers 10^k, k = -348 + 8*i: 64-bit significands rounded to nearest, and binary exponents.
const CP_FRAC: usize = memory.data<u64>([
  0xfa8fd5a0081c0288, 0xbaaee17fa23ebf76, 0x8b16fb203055ac76, 0xcf42894a5dce35ea, 0x9a6bb0aa55653b2d,
  0xe61acf033d1a45df, 0xab70fe17c79ac6ca, 0xff77b1fcbebcdc4f, 0xbe5691ef416bd60c, 0x8dd01fad907ffc3c,
  0xd3515c2831559a83, 0x9d71ac8fada6c9b5, 0xea9c227723ee8bcb, 0xaecc49914078536d, 0x823c12795db6ce57,
  0xc21094364dfb5637, 0x9096ea6f3848984f, 0xd77485cb25823ac7, 0xa086cfcd97bf97f4, 0xef340a98172aace5,
  0xb23867fb2a35b28e, 0x84c8d4dfd2c63f3b, 0xc5dd44271ad3cdba, 0x936b9fcebb25c996, 0xdbac6c247d62a584,
  0xa3ab66580d5fdaf6, 0xf3e2f893dec3f126, 0xb5b5ada8aaff80b8, 0x87625f056c7c4a8b, 0xc9bcff6034c13053,
  0x964e858c91ba2655, 0xdff9772470297ebd, 0xa6dfbd9fb8e5b88f, 0xf8a95fcf88747d94, 0xb94470938fa89bcf,
  0x8a08f0f8bf0f156b, 0xcdb02555653131b6, 0x993fe2c6d07b7fac, 0xe45c10c42a2b3b06, 0xaa242499697392d3,
  0xfd87b5f28300ca0e, 0xbce5086492111aeb, 0x8cbccc096f5088cc, 0xd1b71758e219652c, 0x9c40000000000000,
  0xe8d4a51000000000, 0xad78ebc5ac620000, 0x813f3978f8940984, 0xc097ce7bc90715b3, 0x8f7e32ce7bea5c70,
  0xd5d238a4abe98068, 0x9f4f2726179a2245, 0xed63a231d4c4fb27, 0xb0de65388cc8ada8, 0x83c7088e1aab65db,
  0xc45d1df942711d9a, 0x924d692ca61be758, 0xda01ee641a708dea, 0xa26da3999aef774a, 0xf209787bb47d6b85,
  0xb454e4a179dd1877, 0x865b86925b9bc5c2, 0xc83553c5c8965d3d, 0x952ab45cfa97a0b3, 0xde469fbd99a05fe3,
  0xa59bc234db398c25, 0xf6c69a72a3989f5c, 0xb7dcbf5354e9bece, 0x88fcf317f22241e2, 0xcc20ce9bd35c78a5,
  0x98165af37b2153df, 0xe2a0b5dc971f303a, 0xa8d9d1535ce3b396, 0xfb9b7cd9a4a7443c, 0xbb764c4ca7a44410,
  0x8bab8eefb6409c1a, 0xd01fef10a657842c, 0x9b10a4e5e9913129, 0xe7109bfba19c0c9d, 0xac2820d9623bf429,
  0x80444b5e7aa7cf85, 0xbf21e44003acdd2d, 0x8e679c2f5e44ff8f, 0xd433179d9c8cb841, 0x9e19db92b4e31ba9,
  0xeb96bf6ebadf77d9, 0xaf87023b9bf0ee6b,
]);
const CP_EXP: usize = memory.data<i16>([
  -1220, -1193, -1166, -1140, -1113, -1087, -1060, -1034, -1007, -980, -954, -927, -901, -874, -847,
  -821, -794, -768, -741, -715, -688, -661, -635, -608, -582, -555, -529, -502, -475, -449, -422,
  -396, -369, -343, -316, -289, -263, -236, -210, -183, -157, -130, -103, -77, -50, -24, 3, 30, 56,
  83, 109, 136, 162, 189, 216, 242, 269, 295, 322, 348, 375, 402, 428, 455, 481, 508, 534, 561, 588,
  614, 641, 667, 694, 720, 747, 774, 800, 827, 853, 880, 907, 933, 960, 986, 1013, 1039, 1066,
]);

const TENS: usize = memory.data<u64>([
  10000000000000000000, 1000000000000000000, 100000000000000000, 10000000000000000,
  1000000000000000, 100000000000000, 10000000000000, 1000000000000, 100000000000, 10000000000,
  1000000000, 100000000, 10000000, 1000000, 100000, 10000, 1000, 100, 10, 1,
]);
@inline function tens(i: i32): u64 { return load<u64>(TENS + (<usize>i << 3)); }

const gDigits: usize = memory.data(32, 8);
let gK: i32 = 0;

/** 64x64 -> high 64 bits, rounded at bit 63 of the low half (as Grisu's DiyFp multiply). */
@inline function mulHiRound(a: u64, b: u64): u64 {
  const M: u64 = 0xFFFFFFFF;
  const ah = a >> 32, al = a & M, bh = b >> 32, bl = b & M;
  const ahbl = ah * bl, albh = al * bh, albl = al * bl, ahbh = ah * bh;
  let t = (ahbl & M) + (albh & M) + (albl >> 32);
  t += (<u64>1) << 31;
  return ahbh + (ahbl >> 32) + (albh >> 32) + (t >> 32);
}

function weed(n: i32, delta: u64, rem: u64, kappa: u64, frac: u64): void {
  while (rem < frac && delta - rem >= kappa &&
         (rem + kappa < frac || frac - rem > rem + kappa - frac)) {
    store<u8>(gDigits + n - 1, load<u8>(gDigits + n - 1) - 1);
    rem += kappa;
  }
}

/** Grisu2 digits of a finite positive double into gDigits; returns the count, exponent in gK. */
function grisu2(v: f64): i32 {
  const bits = reinterpret<u64>(v);
  let f = bits & 0xFFFFFFFFFFFFF;
  const be = <i32>((bits >> 52) & 0x7FF);
  let e: i32;
  if (be != 0) { f += 0x10000000000000; e = be - 1075; } else e = -1074;

  // Boundaries m+ (normalised) and m- (on m+'s exponent).
  let uf: u64 = (f << 1) + 1;
  let ue: i32 = e - 1;
  while ((uf & 0x20000000000000) == 0) { uf <<= 1; ue--; }
  uf <<= 10; ue -= 10;
  const ls: i32 = f == 0x10000000000000 ? 2 : 1;
  let lf: u64 = (f << <u64>ls) - 1;
  const le: i32 = e - ls;
  lf <<= <u64>(le - ue);

  // Normalise w.
  let wf = f, we = e;
  while ((wf & 0x10000000000000) == 0) { wf <<= 1; we--; }
  wf <<= 11; we -= 11;

  // Cached power: start from an estimate, then step until the product exponent is in [-60, -32].
  const approx = <i32>(<f64>(-(ue + 87)) * 0.30102999566398114);
  let idx: i32 = (approx + 348) / 8;
  let cf: u64, ce: i32;
  while (true) {
    ce = <i32>load<i16>(CP_EXP + (<usize>idx << 1));
    const cur = ue + ce + 64;
    if (cur < -60) { idx++; continue; }
    if (cur > -32) { idx--; continue; }
    cf = load<u64>(CP_FRAC + (<usize>idx << 3));
    break;
  }
  const k = -348 + idx * 8;
  wf = mulHiRound(wf, cf);
  uf = mulHiRound(uf, cf) - 1;
  lf = mulHiRound(lf, cf) + 1;
  const oe = ue + ce + 64; // exponent shared by the scaled values, in [-60, -32]
  gK = -k;

  // Digit generation from the upper boundary.
  const wfrac = uf - wf;
  let delta = uf - lf;
  const sh = <u64>(-oe);
  const one: u64 = (<u64>1) << sh;
  let part1 = uf >> sh;
  let part2 = uf & (one - 1);
  let n: i32 = 0;
  let kappa: i32 = 10;
  let di: i32 = 10;
  while (kappa > 0) {
    const div = tens(di);
    const digit = part1 / div;
    if (digit != 0 || n != 0) { store<u8>(gDigits + n, <u8>(48 + <u32>digit)); n++; }
    part1 -= digit * div;
    kappa--;
    const tmp = (part1 << sh) + part2;
    if (tmp <= delta) {
      gK += kappa;
      weed(n, delta, tmp, div << sh, wfrac);
      return n;
    }
    di++;
  }
  let unit: i32 = 18;
  while (true) {
    part2 *= 10;
    delta *= 10;
    kappa--;
    const digit = part2 >> sh;
    if (digit != 0 || n != 0) { store<u8>(gDigits + n, <u8>(48 + <u32>digit)); n++; }
    part2 &= one - 1;
    if (part2 < delta) {
      gK += kappa;
      weed(n, delta, part2, one, wfrac * tens(unit));
      return n;
    }
    unit--;
  }
  return n;
}

function writeLit(dst: usize, s: string): u32 {
  const n = <u32>s.length;
  for (let i: u32 = 0; i < n; i++) store<u8>(dst + i, <u8>s.charCodeAt(i));
  return n;
}

/**
 * fpconv_dtoa as shipped with Redis 7.2+ (used directly by AOF rewrite's bulk doubles): sign,
 * then "0", "inf", "nan" or Grisu2 digits laid out as:
 * - K >= 0 (integer digits then K zeros) while the decimal exponent < ndigits + 7: plain integer;
 * - K < 0 and (K > -7 or |exponent| < 4): plain decimal ("0.000123", "1234.5678901");
 * - otherwise d[.ddd]e(+|-)X with the exponent printed without padding ("1e+20", "1.5e-7").
 * Returns the length (at most 25 with the sign).
 */
export function fpconvDtoa(dst: usize, v: f64): u32 {
  const bits = reinterpret<u64>(v);
  let o: u32 = 0;
  const neg = (bits >> 63) != 0;
  if (neg) { store<u8>(dst, 45); o = 1; }
  if (v == 0) { store<u8>(dst + o, 48); return o + 1; }
  if ((bits & 0x7FF0000000000000) == 0x7FF0000000000000) {
    return o + writeLit(dst + o, (bits & 0xFFFFFFFFFFFFF) != 0 ? "nan" : "inf");
  }
  let nd = grisu2(neg ? -v : v);
  const K = gK;
  const d = dst + o;
  const x10 = K + nd - 1;
  let ex = x10 < 0 ? -x10 : x10;
  if (K >= 0 && ex < nd + 7) {
    memory.copy(d, gDigits, nd);
    memory.fill(d + nd, 48, K);
    return o + <u32>(nd + K);
  }
  if (K < 0 && (K > -7 || ex < 4)) {
    let off = nd + K;
    if (off <= 0) {
      off = -off;
      store<u8>(d, 48); store<u8>(d + 1, 46);
      memory.fill(d + 2, 48, off);
      memory.copy(d + 2 + off, gDigits, nd);
      return o + <u32>(nd + 2 + off);
    }
    memory.copy(d, gDigits, off);
    store<u8>(d + off, 46);
    memory.copy(d + off + 1, gDigits + off, nd - off);
    return o + <u32>(nd + 1);
  }
  const lim = neg ? 17 : 18;
  if (nd > lim) nd = lim;
  let w: u32 = 0;
  store<u8>(d, load<u8>(gDigits)); w = 1;
  if (nd > 1) {
    store<u8>(d + 1, 46);
    memory.copy(d + 2, gDigits + 1, nd - 1);
    w = 1 + <u32>nd;
  }
  store<u8>(d + w, 101); w++;
  store<u8>(d + w, K + nd - 1 < 0 ? 45 : 43); w++;
  let cent = 0;
  if (ex > 99) { cent = ex / 100; store<u8>(d + w, <u8>(48 + cent)); w++; ex -= cent * 100; }
  if (ex > 9) { const t = ex / 10; store<u8>(d + w, <u8>(48 + t)); w++; ex -= t * 10; }
  else if (cent != 0) { store<u8>(d + w, 48); w++; }
  store<u8>(d + w, <u8>(48 + ex % 10)); w++;
  return o + w;
}

/**
 * Redis 7.2+ d2string (ZSCORE/ZINCRBY/... replies in RESP2 bulk and RESP3 ',' doubles): "nan",
 * "inf", "-inf", "0", "-0"; integral values with |v| <= 2^62 as plain integers; otherwise
 * fpconvDtoa. Returns the length (at most 25); dst needs 25 bytes.
 */
export function d2string(dst: usize, v: f64): u32 {
  if (isNaN(v)) return writeLit(dst, "nan");
  if (!isFinite(v)) return writeLit(dst, v < 0 ? "-inf" : "inf");
  if (v == 0) return writeLit(dst, (reinterpret<u64>(v) >> 63) != 0 ? "-0" : "0");
  if (v >= -4611686018427387904.0 && v <= 4611686018427387904.0) {
    const l = <i64>v;
    if (<f64>l == v) return ll2string(dst, l);
  }
  return fpconvDtoa(dst, v);
}
