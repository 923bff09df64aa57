// Bit kernels over byte ranges, for the bitmap commands (types/bitmaps.ts).
//
// Bit numbering is Redis's: bit 0 is the most significant bit of byte 0, bit 8 the most significant
// bit of byte 1, and so on (SETBIT/GETBIT/BITPOS/BITFIELD all use it).
//
// Every bulk kernel has two paths with identical results:
//   - *Simd:   v128 (wasm SIMD) over 16-byte blocks, with a scalar head/tail;
//   - *Scalar: 64-bit words (i64.popcnt, 8-byte loads) with a byte head/tail.
// The SIMD path is compiled only when the module is built with `--enable simd` (asconfig.json
// enables it for the server builds); otherwise ASC_FEATURE_SIMD is false, the *Simd functions are the
// scalar ones, and bitopsSimdCompiled() says so. The unprefixed entry points (bitpos, bitop) pick
// the SIMD path when it is compiled in; popcount stays scalar (see there, measured). Tests call both
// paths directly and compare them.
//
// All lengths are u32 (a string value is at most 4 GiB - 64 KiB, see types/strings.ts RAW_MAX);
// results that count bits are u64/i64. Unaligned pointers and any length (0 included) are accepted.

export const BITOP_AND: u32 = 0;
export const BITOP_OR: u32 = 1;
export const BITOP_XOR: u32 = 2;
export const BITOP_NOT: u32 = 3;

/** True when the SIMD paths were compiled in (the module was built with SIMD enabled). */
export function bitopsSimdCompiled(): bool { return ASC_FEATURE_SIMD; }

// ---- popcount ------------------------------------------------------------------------------------

/** Number of set bits in p[0..n), 64-bit words. */
export function popcountScalar(p: usize, n: u32): u64 {
  let c: u64 = 0;
  while (n != 0 && (p & 7) != 0) { c += <u64>popcnt<u32>(load<u8>(p)); p++; n--; }
  let c1: u64 = 0, c2: u64 = 0, c3: u64 = 0;
  while (n >= 32) {
    c += popcnt<u64>(load<u64>(p));
    c1 += popcnt<u64>(load<u64>(p, 8));
    c2 += popcnt<u64>(load<u64>(p, 16));
    c3 += popcnt<u64>(load<u64>(p, 24));
    p += 32; n -= 32;
  }
  c += c1 + c2 + c3;
  while (n >= 8) { c += popcnt<u64>(load<u64>(p)); p += 8; n -= 8; }
  while (n != 0) { c += <u64>popcnt<u32>(load<u8>(p)); p++; n--; }
  return c;
}

/**
 * Number of set bits in p[0..n), 16-byte vectors. Per-lane byte counters take at most 7 rounds of
 * 4 vectors (7 * 4 * 8 = 224 < 256) before they are widened and summed.
 */
export function popcountSimd(p: usize, n: u32): u64 {
  if (ASC_FEATURE_SIMD) {
    let c: u64 = 0;
    let acc32 = i32x4.splat(0);
    // an i32 lane gains at most 4 * 224 per outer round: flush long before 2^32
    let flushIn: u32 = 1 << 20;
    while (n >= 64) {
      let rounds = n >> 6;
      if (rounds > 7) rounds = 7;
      n -= rounds << 6;
      let acc8 = i8x16.splat(0);
      do {
        const a = i8x16.add(i8x16.popcnt(v128.load(p)), i8x16.popcnt(v128.load(p, 16)));
        const b = i8x16.add(i8x16.popcnt(v128.load(p, 32)), i8x16.popcnt(v128.load(p, 48)));
        acc8 = i8x16.add(acc8, i8x16.add(a, b));
        p += 64;
      } while (--rounds != 0);
      acc32 = i32x4.add(acc32, i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(acc8)));
      if (--flushIn == 0) { c += sumLanes(acc32); acc32 = i32x4.splat(0); flushIn = 1 << 20; }
    }
    c += sumLanes(acc32);
    while (n >= 16) {
      const s = i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(i8x16.popcnt(v128.load(p))));
      c += sumLanes(s);
      p += 16; n -= 16;
    }
    return c + popcountScalar(p, n);
  } else {
    return popcountScalar(p, n);
  }
}

@inline function sumLanes(v: v128): u64 {
  return <u64><u32>i32x4.extract_lane(v, 0) + <u64><u32>i32x4.extract_lane(v, 1)
       + <u64><u32>i32x4.extract_lane(v, 2) + <u64><u32>i32x4.extract_lane(v, 3);
}

/**
 * Number of set bits in p[0..n): the scalar path, always. Measured on x86-64 V8 (Node 20), 1 MiB:
 * scalar ~48 us, SIMD ~61 us: V8 has a native popcnt for i64.popcnt but expands i8x16.popcnt into a
 * nibble-table shuffle sequence. (On arm64 the vector form is native; revisit if that matters.)
 */
@inline export function popcount(p: usize, n: u32): u64 {
  return popcountScalar(p, n);
}

// ---- bit position ----------------------------------------------------------------------------------
// bitpos*(p, n, bit): position of the first bit equal to `bit` in p[0..n), counted from bit 0 of p.
// Not found: for bit 1, -1; for bit 0, n * 8 (the bytes past the end count as zeros), which is what
// Redis's BITPOS builds its range rules on.

/** Position of the first `bit` inside byte b (b must contain one), 0 = most significant. */
@inline function bitInByte(b: u32, bit: u32): i64 {
  const x = bit != 0 ? b : (~b & 0xff);
  return <i64>(clz<u32>(x) - 24);
}

export function bitposScalar(p: usize, n: u32, bit: u32): i64 {
  const skip8: u32 = bit != 0 ? 0 : 0xff;
  const skip64: u64 = bit != 0 ? 0 : 0xFFFFFFFFFFFFFFFF;
  let i: u32 = 0;
  while (i < n && ((p + i) & 7) != 0) {
    const b = <u32>load<u8>(p + i);
    if (b != skip8) return (<i64>i << 3) + bitInByte(b, bit);
    i++;
  }
  while (n - i >= 8 && load<u64>(p + i) == skip64) i += 8;
  while (i < n) {
    const b = <u32>load<u8>(p + i);
    if (b != skip8) return (<i64>i << 3) + bitInByte(b, bit);
    i++;
  }
  return bit != 0 ? -1 : <i64>n << 3;
}

export function bitposSimd(p: usize, n: u32, bit: u32): i64 {
  if (ASC_FEATURE_SIMD) {
    let i: u32 = 0;
    if (n >= 16) {
      const flip = bit != 0 ? i8x16.splat(0) : i8x16.splat(-1);
      // a block holds a wanted bit iff (block ^ flip) has a non-zero byte
      while (n - i >= 64) {
        const a = v128.or(v128.xor(v128.load(p + i), flip), v128.xor(v128.load(p + i, 16), flip));
        const b = v128.or(v128.xor(v128.load(p + i, 32), flip), v128.xor(v128.load(p + i, 48), flip));
        if (v128.any_true(v128.or(a, b))) break;
        i += 64;
      }
      while (n - i >= 16 && !v128.any_true(v128.xor(v128.load(p + i), flip))) i += 16;
    }
    const r = bitposScalar(p + i, n - i, bit);
    if (r < 0) return r;
    return r + (<i64>i << 3);
  } else {
    return bitposScalar(p, n, bit);
  }
}

/** First position of `bit` in p[0..n) (SIMD path when compiled in); see bitposScalar. */
@inline export function bitpos(p: usize, n: u32, bit: u32): i64 {
  return ASC_FEATURE_SIMD ? bitposSimd(p, n, bit) : bitposScalar(p, n, bit);
}

// ---- BITOP -------------------------------------------------------------------------------------
// bitop*(op, dst, srcs, lens, count): dst[0..maxlen) = op over the `count` sources, where source j is
// the bytes srcs[j][0..lens[j]) padded with zeros up to maxlen = max(lens). srcs and lens are arrays
// of u32 in linear memory. NOT takes exactly one source. dst must hold maxlen bytes and must not
// overlap any source (the command computes into a fresh buffer). Returns maxlen.

@inline function srcAt(srcs: usize, j: u32): usize { return <usize>load<u32>(srcs + (<usize>j << 2)); }
@inline function lenAt(lens: usize, j: u32): u32 { return load<u32>(lens + (<usize>j << 2)); }

function maxLen(lens: usize, count: u32): u32 {
  let m: u32 = 0;
  for (let j: u32 = 0; j < count; j++) { const l = lenAt(lens, j); if (l > m) m = l; }
  return m;
}

function minLen(lens: usize, count: u32): u32 {
  let m: u32 = 0xFFFFFFFF;
  for (let j: u32 = 0; j < count; j++) { const l = lenAt(lens, j); if (l < m) m = l; }
  return count == 0 ? 0 : m;
}

/** dst[0..n) op= src[0..n) for AND/OR/XOR, 64-bit words. */
function foldScalar(op: u32, dst: usize, src: usize, n: u32): void {
  let i: u32 = 0;
  if (op == BITOP_AND) {
    for (; n - i >= 8; i += 8) store<u64>(dst + i, load<u64>(dst + i) & load<u64>(src + i));
    for (; i < n; i++) store<u8>(dst + i, load<u8>(dst + i) & load<u8>(src + i));
  } else if (op == BITOP_OR) {
    for (; n - i >= 8; i += 8) store<u64>(dst + i, load<u64>(dst + i) | load<u64>(src + i));
    for (; i < n; i++) store<u8>(dst + i, load<u8>(dst + i) | load<u8>(src + i));
  } else {
    for (; n - i >= 8; i += 8) store<u64>(dst + i, load<u64>(dst + i) ^ load<u64>(src + i));
    for (; i < n; i++) store<u8>(dst + i, load<u8>(dst + i) ^ load<u8>(src + i));
  }
}

/** dst[0..n) = a[0..n) op b[0..n) for AND/OR/XOR, 64-bit words. */
function fold2Scalar(op: u32, dst: usize, a: usize, b: usize, n: u32): void {
  let i: u32 = 0;
  if (op == BITOP_AND) {
    for (; n - i >= 8; i += 8) store<u64>(dst + i, load<u64>(a + i) & load<u64>(b + i));
    for (; i < n; i++) store<u8>(dst + i, load<u8>(a + i) & load<u8>(b + i));
  } else if (op == BITOP_OR) {
    for (; n - i >= 8; i += 8) store<u64>(dst + i, load<u64>(a + i) | load<u64>(b + i));
    for (; i < n; i++) store<u8>(dst + i, load<u8>(a + i) | load<u8>(b + i));
  } else {
    for (; n - i >= 8; i += 8) store<u64>(dst + i, load<u64>(a + i) ^ load<u64>(b + i));
    for (; i < n; i++) store<u8>(dst + i, load<u8>(a + i) ^ load<u8>(b + i));
  }
}

/** dst[0..n) = a[0..n) op b[0..n) for AND/OR/XOR, 16-byte vectors. */
function fold2Simd(op: u32, dst: usize, a: usize, b: usize, n: u32): void {
  if (ASC_FEATURE_SIMD) {
    let i: u32 = 0;
    if (op == BITOP_AND) {
      for (; n - i >= 16; i += 16) v128.store(dst + i, v128.and(v128.load(a + i), v128.load(b + i)));
    } else if (op == BITOP_OR) {
      for (; n - i >= 16; i += 16) v128.store(dst + i, v128.or(v128.load(a + i), v128.load(b + i)));
    } else {
      for (; n - i >= 16; i += 16) v128.store(dst + i, v128.xor(v128.load(a + i), v128.load(b + i)));
    }
    fold2Scalar(op, dst + i, a + i, b + i, n - i);
  } else {
    fold2Scalar(op, dst, a, b, n);
  }
}

/** dst[0..n) = ~src[0..n), 64-bit words. */
function notScalar(dst: usize, src: usize, n: u32): void {
  let i: u32 = 0;
  for (; n - i >= 8; i += 8) store<u64>(dst + i, ~load<u64>(src + i));
  for (; i < n; i++) store<u8>(dst + i, ~load<u8>(src + i));
}

/** dst[0..n) op= src[0..n) for AND/OR/XOR, 16-byte vectors. */
function foldSimd(op: u32, dst: usize, src: usize, n: u32): void {
  if (ASC_FEATURE_SIMD) {
    let i: u32 = 0;
    if (op == BITOP_AND) {
      for (; n - i >= 16; i += 16) v128.store(dst + i, v128.and(v128.load(dst + i), v128.load(src + i)));
    } else if (op == BITOP_OR) {
      for (; n - i >= 16; i += 16) v128.store(dst + i, v128.or(v128.load(dst + i), v128.load(src + i)));
    } else {
      for (; n - i >= 16; i += 16) v128.store(dst + i, v128.xor(v128.load(dst + i), v128.load(src + i)));
    }
    foldScalar(op, dst + i, src + i, n - i);
  } else {
    foldScalar(op, dst, src, n);
  }
}

/** dst[0..n) = ~src[0..n), 16-byte vectors. */
function notSimd(dst: usize, src: usize, n: u32): void {
  if (ASC_FEATURE_SIMD) {
    let i: u32 = 0;
    for (; n - i >= 16; i += 16) v128.store(dst + i, v128.not(v128.load(src + i)));
    notScalar(dst + i, src + i, n - i);
  } else {
    notScalar(dst, src, n);
  }
}

/**
 * Source-major evaluation: the first two sources are combined into dst (zero-padded), then each
 * further source is folded into dst over its own length. For AND every byte at or past the shortest
 * source is zero, so only [0, minlen) is computed and the rest is cleared once.
 */
function bitopGeneric(op: u32, dst: usize, srcs: usize, lens: usize, count: u32, simd: bool): u32 {
  const maxlen = maxLen(lens, count);
  if (maxlen == 0) return 0;
  if (op == BITOP_NOT) {
    if (simd) notSimd(dst, srcAt(srcs, 0), lenAt(lens, 0));
    else notScalar(dst, srcAt(srcs, 0), lenAt(lens, 0));
    return maxlen;
  }
  const lim = op == BITOP_AND ? minLen(lens, count) : maxlen;
  const l0 = min<u32>(lenAt(lens, 0), lim);
  let filled = l0;
  if (count == 1) {
    if (l0 > 0) memory.copy(dst, srcAt(srcs, 0), l0);
  } else {
    const l1 = min<u32>(lenAt(lens, 1), lim);
    const both = min<u32>(l0, l1);
    if (both > 0) {
      if (simd) fold2Simd(op, dst, srcAt(srcs, 0), srcAt(srcs, 1), both);
      else fold2Scalar(op, dst, srcAt(srcs, 0), srcAt(srcs, 1), both);
    }
    // past the shorter of the two, x op 0 = x for OR and XOR (AND never gets here: l0 == l1)
    if (l0 > both) memory.copy(dst + both, srcAt(srcs, 0) + both, l0 - both);
    else if (l1 > both) memory.copy(dst + both, srcAt(srcs, 1) + both, l1 - both);
    filled = max<u32>(l0, l1);
  }
  if (filled < maxlen) memory.fill(dst + filled, 0, maxlen - filled);
  for (let j: u32 = 2; j < count; j++) {
    const l = min<u32>(lenAt(lens, j), lim);
    if (l == 0) continue;
    if (simd) foldSimd(op, dst, srcAt(srcs, j), l);
    else foldScalar(op, dst, srcAt(srcs, j), l);
  }
  return maxlen;
}

export function bitopScalar(op: u32, dst: usize, srcs: usize, lens: usize, count: u32): u32 {
  return bitopGeneric(op, dst, srcs, lens, count, false);
}

export function bitopSimd(op: u32, dst: usize, srcs: usize, lens: usize, count: u32): u32 {
  return bitopGeneric(op, dst, srcs, lens, count, ASC_FEATURE_SIMD);
}

/** BITOP kernel (SIMD path when compiled in); see the section comment. */
@inline export function bitop(op: u32, dst: usize, srcs: usize, lens: usize, count: u32): u32 {
  return bitopGeneric(op, dst, srcs, lens, count, ASC_FEATURE_SIMD);
}

// ---- bit fields ------------------------------------------------------------------------------------
// A field of `bits` (1..64) bits at bit offset `off` is an unsigned big-endian number in Redis's bit
// order (its most significant bit at `off`). The caller guarantees p covers bytes
// [off >> 3, (off + bits - 1) >> 3]; no other byte is read or written.

export function getUnsignedField(p: usize, off: u64, bits: u32): u64 {
  let v: u64 = 0;
  let q = p + <usize>(off >> 3);
  let sh = <u32>(off & 7);
  let rem = bits;
  while (rem != 0) {
    const avail: u32 = 8 - sh;
    const take = avail < rem ? avail : rem;
    const chunk = (<u32>load<u8>(q) >> (avail - take)) & ((1 << take) - 1);
    v = (v << take) | <u64>chunk;
    rem -= take;
    q++;
    sh = 0;
  }
  return v;
}

/** The field read as two's complement of width `bits`. */
export function getSignedField(p: usize, off: u64, bits: u32): i64 {
  const u = getUnsignedField(p, off, bits);
  if (bits < 64 && (u >> (bits - 1)) != 0) return <i64>(u | (0xFFFFFFFFFFFFFFFF << bits));
  return <i64>u;
}

/** Writes the low `bits` bits of v into the field. */
export function setField(p: usize, off: u64, bits: u32, v: u64): void {
  let q = p + <usize>(off >> 3);
  let sh = <u32>(off & 7);
  let rem = bits;
  while (rem != 0) {
    const avail: u32 = 8 - sh;
    const take = avail < rem ? avail : rem;
    const chunk = <u32>(v >> (rem - take)) & ((1 << take) - 1);
    const shift = avail - take;
    const mask = ((1 << take) - 1) << shift;
    store<u8>(q, (<u32>load<u8>(q) & ~mask) | (chunk << shift));
    rem -= take;
    q++;
    sh = 0;
  }
}

// ---- BITFIELD overflow arithmetic ----------------------------------------------------------------
// Redis's rules, including its quirks: SET checks the value as an increment of 0 from the value
// itself, so an out-of-range SET value is an overflow (a negative value for an unsigned type counts
// as a huge unsigned one: SAT gives the maximum). check*Overflow return 0 (fits), 1 (above the
// maximum) or -1 (below the minimum); when not 0, fieldLimit holds the WRAP or SAT result.

export const OVF_WRAP: u32 = 0;
export const OVF_SAT: u32 = 1;
export const OVF_FAIL: u32 = 2;

/** WRAP or SAT result of the last check*Overflow call that returned non-zero (FAIL: unspecified). */
export let fieldLimit: u64 = 0;

export function checkUnsignedOverflow(value: u64, incr: i64, bits: u32, owtype: u32): i32 {
  const max: u64 = bits == 64 ? 0xFFFFFFFFFFFFFFFF : (<u64>1 << bits) - 1;
  const maxincr = <i64>(max - value);
  const minincr = <i64>(0 - value);
  let r: i32 = 0;
  if (value > max || (incr > 0 && incr > maxincr)) r = 1;
  else if (incr < 0 && incr < minincr) r = -1;
  else return 0;
  if (owtype == OVF_WRAP) {
    const res = value + <u64>incr;
    fieldLimit = bits == 64 ? res : res & max;
  } else if (owtype == OVF_SAT) {
    fieldLimit = r > 0 ? max : 0;
  }
  return r;
}

export function checkSignedOverflow(value: i64, incr: i64, bits: u32, owtype: u32): i32 {
  const max: i64 = bits == 64 ? i64.MAX_VALUE : (<i64>1 << (bits - 1)) - 1;
  const min: i64 = -max - 1;
  // maxincr/minincr may wrap; they are only used where the value checks make them exact
  const maxincr = <i64>(<u64>max - <u64>value);
  const minincr = min - value;
  let r: i32 = 0;
  if (value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr)) r = 1;
  else if (value < min || (bits != 64 && incr < minincr) || (value < 0 && incr < 0 && incr < minincr)) r = -1;
  else return 0;
  if (owtype == OVF_WRAP) {
    let c = <u64>value + <u64>incr;
    if (bits < 64) {
      const mask: u64 = 0xFFFFFFFFFFFFFFFF << bits;
      if ((c & (<u64>1 << (bits - 1))) != 0) c |= mask; else c &= ~mask;
    }
    fieldLimit = c;
  } else if (owtype == OVF_SAT) {
    fieldLimit = <u64>(r > 0 ? max : min);
  }
  return r;
}
