// HyperLogLog in Redis's byte format: the value of a string key, readable and writable by Redis.
//
// Value layout (all HyperLogLogs are strings; a PFADD on a missing key creates one):
//    0 magic      "HYLL"
//    4 encoding   u8: 0 dense, 1 sparse (HLL_RAW = 255 marks a temporary register set, never stored)
//    5 unused     3 bytes, zero
//    8 card       u64 little-endian cached cardinality; bit 63 set means "stale, recompute"
//   16 registers  dense:  16384 registers of 6 bits, packed LSB-first (register i occupies bits
//                         6i .. 6i+5 of the little-endian bit stream), exactly 12288 bytes
//                 sparse: run-length opcodes covering the 16384 registers in order:
//                   ZERO   00xxxxxx           x+1 (1..64) zero registers
//                   XZERO  01xxxxxx yyyyyyyy  (x<<8|y)+1 (1..16384) zero registers
//                   VAL    1vvvvvxx           xx+1 (1..4) registers of value vvvvv+1 (1..32)
//
// An element is hashed with MurmurHash64A (seed 0xadc83b19); the low 14 bits pick the register,
// and the register's candidate value is the 1-based position of the lowest set bit in the remaining
// 50 bits with a sentinel bit at position 50 (so 1..51). A register keeps the maximum it has seen.
//
// Invariants and contracts
// - Functions here take the address of the value's first byte and its length; they never allocate.
//   Sparse edits need the caller to provide SPARSE_SLACK spare bytes after the value.
// - The byte just past a value is `sparseTail`, which the caller sets before a walk. Redis keeps
//   sds strings NUL-terminated, and a truncated XZERO at the very end of a corrupt value takes its
//   second byte from that terminator. It is usually 0, but Redis's hllSparseSet, splitting such a
//   truncated XZERO, copies its new opcodes one byte past the new length, so the terminator then
//   holds the last opcode byte until something rewrites it. hllSparseSet does the same (the
//   caller's buffer has SPARSE_SLACK room) and updates sparseTail, so corrupt input decodes as in
//   Redis and a walk never reads outside the value.
// - Every walker over sparse opcodes bounds its register index; corrupt values make it report
//   failure and never write outside the 16384 registers.
// - The cardinality estimator is Ertl's improved raw estimator (the one Redis >= 5 uses); with
//   the same register histogram it yields the same f64 operations in the same order as Redis, so
//   cached cardinalities agree byte for byte.

export const HLL_P: u32 = 14;
export const HLL_Q: u32 = 50;                       // 64 - P bits feed the run length
export const HLL_REGISTERS: u32 = 1 << HLL_P;       // 16384
export const HLL_P_MASK: u32 = HLL_REGISTERS - 1;
export const HLL_BITS: u32 = 6;
export const HLL_REGISTER_MAX: u32 = (1 << HLL_BITS) - 1;
export const HLL_HDR_SIZE: u32 = 16;
export const HLL_REG_BYTES: u32 = (HLL_REGISTERS * HLL_BITS + 7) / 8; // 12288
export const HLL_DENSE_SIZE: u32 = HLL_HDR_SIZE + HLL_REG_BYTES;      // 12304
export const HLL_DENSE: u8 = 0;
export const HLL_SPARSE: u8 = 1;
export const HLL_RAW: u8 = 255;
export const HLL_MAX_ENCODING: u8 = 1;

export const SPARSE_VAL_MAX_VALUE: u32 = 32;
export const SPARSE_VAL_MAX_LEN: u32 = 4;
export const SPARSE_ZERO_MAX_LEN: u32 = 64;
export const SPARSE_XZERO_MAX_LEN: u32 = 16384;
/** A new, empty HLL: the header plus one XZERO covering every register. */
export const HLL_SPARSE_EMPTY_SIZE: u32 = HLL_HDR_SIZE + 2;
/** Spare bytes a sparse value needs past its length before hllSparseSet (a split adds at most 3). */
export const SPARSE_SLACK: u32 = 8;

export const MURMUR_SEED: u32 = 0xadc83b19;
const HLL_ALPHA_INF: f64 = 0.721347520444481703680; // 1 / (2 ln 2)

// ---- header -------------------------------------------------------------------------------------

@inline export function hllEncoding(p: usize): u8 { return load<u8>(p + 4); }
@inline export function hllSetEncoding(p: usize, enc: u8): void { store<u8>(p + 4, enc); }
@inline export function hllCacheValid(p: usize): bool { return (load<u8>(p + 15) & 0x80) == 0; }
@inline export function hllCacheGet(p: usize): u64 { return load<u64>(p + 8); }
@inline export function hllCacheSet(p: usize, card: u64): void { store<u64>(p + 8, card); }
@inline export function hllInvalidateCache(p: usize): void { store<u8>(p + 15, load<u8>(p + 15) | 0x80); }

/**
 * Redis's shape check for a string claimed to be an HLL: length, magic, known encoding, and the
 * exact dense size. Sparse opcodes are not checked here (the commands detect corrupt ones).
 */
export function hllLooksValid(p: usize, len: u32): bool {
  if (len < HLL_HDR_SIZE) return false;
  if (load<u32>(p) != 0x4c4c5948) return false; // "HYLL"
  const enc = hllEncoding(p);
  if (enc > HLL_MAX_ENCODING) return false;
  if (enc == HLL_DENSE && len != HLL_DENSE_SIZE) return false;
  return true;
}

/** Writes an empty sparse HLL (HLL_SPARSE_EMPTY_SIZE bytes) at p; its cached cardinality is a valid 0. */
export function hllInitSparse(p: usize): void {
  store<u32>(p, 0x4c4c5948);
  store<u32>(p + 4, HLL_SPARSE);
  store<u64>(p + 8, 0);
  store<u8>(p + 16, 0x40 | <u8>((HLL_REGISTERS - 1) >> 8));
  store<u8>(p + 17, <u8>((HLL_REGISTERS - 1) & 0xff));
}

// ---- hashing ------------------------------------------------------------------------------------

/** MurmurHash64A (Austin Appleby), little-endian 8-byte blocks, as Redis computes it. */
export function murmurHash64A(p: usize, len: u32, seed: u32): u64 {
  const m: u64 = 0xc6a4a7935bd1e995;
  let h: u64 = <u64>seed ^ (<u64>len * m);
  const blocks = len & ~7;
  for (let i: u32 = 0; i < blocks; i += 8) {
    let k = load<u64>(p + i);
    k *= m;
    k ^= k >> 47;
    k *= m;
    h ^= k;
    h *= m;
  }
  const rest = len & 7;
  if (rest != 0) {
    const t = p + blocks;
    let tail: u64 = 0;
    for (let i: u32 = rest; i > 0; i--) tail = (tail << 8) | <u64>load<u8>(t + i - 1);
    h ^= tail;
    h *= m;
  }
  h ^= h >> 47;
  h *= m;
  h ^= h >> 47;
  return h;
}

/** Register index chosen by the last hllPatLen call. */
export let patIndex: u32 = 0;

/** The register value (1..51) an element proposes; its register index goes to patIndex. */
export function hllPatLen(p: usize, len: u32): u32 {
  let h = murmurHash64A(p, len, MURMUR_SEED);
  patIndex = <u32>h & HLL_P_MASK;
  h >>= HLL_P;
  h |= (<u64>1) << HLL_Q;
  return <u32>ctz(h) + 1;
}

// ---- dense registers ----------------------------------------------------------------------------
// Register i starts at bit 6i: byte (6i)>>3, shift (6i)&7 in {0, 6, 4, 2}. With shift 0 or 2 the
// register lies inside one byte; with 4 or 6 it spans two. The last register (shift 2) never
// touches the byte past the array.

@inline export function denseGet(regs: usize, i: u32): u32 {
  const bit = i * HLL_BITS;
  const at = regs + (bit >> 3);
  const fb = bit & 7;
  if (fb <= 2) return (<u32>load<u8>(at) >> fb) & HLL_REGISTER_MAX;
  return (<u32>load<u16>(at) >> fb) & HLL_REGISTER_MAX;
}

@inline export function denseSet(regs: usize, i: u32, v: u32): void {
  const bit = i * HLL_BITS;
  const at = regs + (bit >> 3);
  const fb = bit & 7;
  if (fb <= 2) {
    store<u8>(at, <u8>((<u32>load<u8>(at) & ~(HLL_REGISTER_MAX << fb)) | (v << fb)));
  } else {
    store<u16>(at, <u16>((<u32>load<u16>(at) & ~(HLL_REGISTER_MAX << fb)) | (v << fb)));
  }
}

/** Raises register `index` to `count`; true if it changed. */
export function hllDenseSet(regs: usize, index: u32, count: u32): bool {
  if (count > denseGet(regs, index)) { denseSet(regs, index, count); return true; }
  return false;
}

/** Adds an element to a dense HLL's registers; true if a register changed. */
export function hllDenseAdd(regs: usize, ep: usize, el: u32): bool {
  const count = hllPatLen(ep, el);
  return hllDenseSet(regs, patIndex, count);
}

// ---- sparse opcodes -----------------------------------------------------------------------------

@inline function isZero(b: u32): bool { return (b & 0xc0) == 0; }
@inline function isXZero(b: u32): bool { return (b & 0xc0) == 0x40; }
@inline function isVal(b: u32): bool { return (b & 0x80) != 0; }
@inline function zeroLen(b: u32): u32 { return (b & 0x3f) + 1; }
@inline function xzeroLen(b: u32, b2: u32): u32 { return (((b & 0x3f) << 8) | b2) + 1; }
@inline function valValue(b: u32): u32 { return ((b >> 2) & 0x1f) + 1; }
@inline function valLen(b: u32): u32 { return (b & 3) + 1; }
@inline function valOp(v: u32, len: u32): u8 { return <u8>(0x80 | ((v - 1) << 2) | (len - 1)); }

/** The byte just past the value being walked (Redis's sds terminator); see the invariants above. */
let sparseTail: u32 = 0;
export function hllSetSparseTail(b: u32): void { sparseTail = b; }

/** Byte at q of a value ending at `end`; the byte at `end` reads as sparseTail. */
@inline function sparseByte(q: usize, end: usize): u32 { return q < end ? <u32>load<u8>(q) : sparseTail; }

// One opcode of a sparse walk: sparseStep reads the opcode at q and returns the next position;
// opRun is how many registers it covers and opVal their value (0 for ZERO and XZERO).
let opRun: u32 = 0;
let opVal: u32 = 0;
@inline function sparseStep(q: usize, end: usize): usize {
  const b = <u32>load<u8>(q);
  if (isZero(b)) { opRun = zeroLen(b); opVal = 0; return q + 1; }
  if (isXZero(b)) { opRun = xzeroLen(b, sparseByte(q + 1, end)); opVal = 0; return q + 2; }
  opRun = valLen(b); opVal = valValue(b);
  return q + 1;
}

/** Writes a zero run of n (1..16384) registers at q (ZERO if it fits, else XZERO); returns its size. */
@inline function putZeros(q: usize, n: u32): u32 {
  if (n > SPARSE_ZERO_MAX_LEN) {
    store<u8>(q, <u8>(0x40 | ((n - 1) >> 8)));
    store<u8>(q + 1, <u8>((n - 1) & 0xff));
    return 2;
  }
  store<u8>(q, <u8>(n - 1));
  return 1;
}

export const SPARSE_UNCHANGED: i32 = 0;
export const SPARSE_UPDATED: i32 = 1;
export const SPARSE_INVALID: i32 = -1;
/** The update needs the dense encoding: the value exceeds 32 or the value would grow too large. */
export const SPARSE_PROMOTE: i32 = 2;

/** Length of the sparse value after the last SPARSE_UPDATED from hllSparseSet. */
export let sparseLen: u32 = 0;

const seq: usize = memory.data(8);

/**
 * Raises register `index` to `count` in the sparse value p[0..len), which has SPARSE_SLACK spare
 * bytes after it. Makes exactly Redis's edit, so the resulting bytes match:
 * - the opcode covering `index` is found; a VAL already >= count leaves the value unchanged;
 * - a VAL or ZERO covering only this register is rewritten in place;
 * - otherwise the opcode is split into [run before] VAL(count,1) [run after] (zero runs as ZERO or
 *   XZERO by length, VAL runs keep their value), shifting the tail; if that grows the value past
 *   maxBytes the caller must promote instead (nothing was written);
 * - then, from the opcode before the edited one, up to five opcodes are scanned and adjacent VALs
 *   of equal value whose lengths sum to at most 4 are fused.
 * An update also marks the cached cardinality stale.
 */
export function hllSparseSet(p: usize, len: u32, index: u32, count: u32, maxBytes: u64): i32 {
  if (count > SPARSE_VAL_MAX_VALUE) return SPARSE_PROMOTE;
  const start = p + HLL_HDR_SIZE;
  let end = p + len;
  let q = start;
  let prev: usize = 0;
  let first: u32 = 0;
  let span: u32 = 0;
  let oplen: u32 = 1;
  // first + span stays below 2 * 16384: the walk stops at the first opcode that reaches `index`.
  while (q < end) {
    const b = <u32>load<u8>(q);
    oplen = 1;
    if (isZero(b)) span = zeroLen(b);
    else if (isVal(b)) span = valLen(b);
    else { span = xzeroLen(b, sparseByte(q + 1, end)); oplen = 2; }
    if (index <= first + span - 1) break;
    prev = q;
    q += oplen;
    first += span;
  }
  if (span == 0 || q >= end) return SPARSE_INVALID;

  const b = <u32>load<u8>(q);
  const next: usize = q + oplen < end ? q + oplen : 0;
  if (isVal(b)) {
    const old = valValue(b);
    if (old >= count) return SPARSE_UNCHANGED;
    if (span == 1) { store<u8>(q, valOp(count, 1)); return sparseFinish(p, start, prev, end, len); }
  } else if (isZero(b) && span == 1) {
    store<u8>(q, valOp(count, 1));
    return sparseFinish(p, start, prev, end, len);
  }

  // Split the opcode into at most 5 bytes (XZERO VAL XZERO).
  const last = first + span - 1;
  let n = seq;
  if (isVal(b)) {
    const cur = valValue(b);
    if (index != first) { store<u8>(n, valOp(cur, index - first)); n++; }
    store<u8>(n, valOp(count, 1)); n++;
    if (index != last) { store<u8>(n, valOp(cur, last - index)); n++; }
  } else {
    if (index != first) n += putZeros(n, index - first);
    store<u8>(n, valOp(count, 1)); n++;
    if (index != last) n += putZeros(n, last - index);
  }
  const seqLen = <i32>(n - seq);
  const delta = seqLen - <i32>oplen;
  if (delta > 0 && <u64>len + <u64>delta > maxBytes) return SPARSE_PROMOTE;
  if (delta != 0 && next != 0) memory.copy(next + delta, next, end - next);
  len = <u32>(<i32>len + delta);
  end = p + len;
  memory.copy(q, seq, seqLen);
  // Redis resizes with sdsIncrLen (a NUL at the new end) and then copies the new opcodes, so a
  // split truncated XZERO (q + 1 == old end) leaves its last opcode byte in the terminator.
  if (q + seqLen > end) sparseTail = <u32>load<u8>(end);
  else { store<u8>(end, 0); sparseTail = 0; }
  return sparseFinish(p, start, prev, end, len);
}

/** Fuses adjacent equal VALs near the edit (see hllSparseSet), invalidates the cache, sets sparseLen. */
function sparseFinish(p: usize, start: usize, prev: usize, end: usize, len: u32): i32 {
  let q = prev != 0 ? prev : start;
  let scan: i32 = 5;
  while (q < end && scan-- != 0) {
    const b = <u32>load<u8>(q);
    if (isXZero(b)) { q += 2; continue; }
    if (isZero(b)) { q++; continue; }
    if (q + 1 < end) {
      const b2 = <u32>load<u8>(q + 1);
      if (isVal(b2) && valValue(b) == valValue(b2)) {
        const l = valLen(b) + valLen(b2);
        if (l <= SPARSE_VAL_MAX_LEN) {
          store<u8>(q + 1, valOp(valValue(b), l));
          memory.copy(q, q + 1, end - q - 1);
          end--;
          len--;
          // Redis shrinks with sdsIncrLen, which writes a new NUL terminator.
          store<u8>(end, 0);
          sparseTail = 0;
          continue;
        }
      }
    }
    q++;
  }
  hllInvalidateCache(p);
  sparseLen = len;
  return SPARSE_UPDATED;
}

/**
 * Decodes the sparse value src[0..srcLen) into `dst`, which must hold HLL_DENSE_SIZE zero bytes:
 * the header is copied (magic and cached cardinality, valid or not) with the dense encoding.
 * False if the opcodes do not cover exactly 16384 registers (dst is then partly written).
 */
export function hllSparseToDense(src: usize, srcLen: u32, dst: usize): bool {
  memory.copy(dst, src, HLL_HDR_SIZE);
  hllSetEncoding(dst, HLL_DENSE);
  const regs = dst + HLL_HDR_SIZE;
  let q = src + HLL_HDR_SIZE;
  const end = src + srcLen;
  let idx: u32 = 0;
  while (q < end) {
    q = sparseStep(q, end);
    if (idx + opRun > HLL_REGISTERS) return false;
    if (opVal != 0) for (let k: u32 = 0; k < opRun; k++) denseSet(regs, idx + k, opVal);
    idx += opRun;
  }
  return idx == HLL_REGISTERS;
}

// ---- register sets: merging -------------------------------------------------------------------

/**
 * The temporary register set of PFCOUNT with several keys and of PFMERGE: one byte per register.
 * Static scratch (commands run one at a time); never part of the keyspace.
 */
export const maxRegs: usize = memory.data(HLL_REGISTERS, 16);

export function hllMaxClear(): void { memory.fill(maxRegs, 0, HLL_REGISTERS); }

/**
 * max[i] = MAX(max[i], register i of the HLL value p[0..len)) for a value that passed
 * hllLooksValid. False (max partly updated) if a sparse value does not cover exactly 16384 registers.
 */
export function hllMergeInto(max: usize, p: usize, len: u32): bool {
  if (hllEncoding(p) == HLL_DENSE) {
    let r = p + HLL_HDR_SIZE;
    // four registers per three bytes
    for (let i: u32 = 0; i < HLL_REGISTERS; i += 4) {
      const w = <u32>load<u16>(r) | (<u32>load<u8>(r + 2) << 16);
      const o = max + i;
      const r0 = w & 63, r1 = (w >> 6) & 63, r2 = (w >> 12) & 63, r3 = w >> 18;
      if (r0 > <u32>load<u8>(o)) store<u8>(o, <u8>r0);
      if (r1 > <u32>load<u8>(o + 1)) store<u8>(o + 1, <u8>r1);
      if (r2 > <u32>load<u8>(o + 2)) store<u8>(o + 2, <u8>r2);
      if (r3 > <u32>load<u8>(o + 3)) store<u8>(o + 3, <u8>r3);
      r += 3;
    }
    return true;
  }
  let q = p + HLL_HDR_SIZE;
  const end = p + len;
  let idx: u32 = 0;
  while (q < end) {
    q = sparseStep(q, end);
    if (idx + opRun > HLL_REGISTERS) return false;
    for (let k: u32 = 0; k < opRun && opVal != 0; k++) {
      const o = max + idx + k;
      if (opVal > <u32>load<u8>(o)) store<u8>(o, <u8>opVal);
    }
    idx += opRun;
  }
  return idx == HLL_REGISTERS;
}

/** Packs one-byte registers (values <= 63) into a dense register array. */
export function hllPackDense(regs: usize, max: usize): void {
  let r = regs;
  for (let i: u32 = 0; i < HLL_REGISTERS; i += 4) {
    const o = max + i;
    const w = <u32>load<u8>(o) | (<u32>load<u8>(o + 1) << 6) | (<u32>load<u8>(o + 2) << 12) | (<u32>load<u8>(o + 3) << 18);
    store<u16>(r, <u16>w);
    store<u8>(r + 2, <u8>(w >> 16));
    r += 3;
  }
}

// ---- cardinality ------------------------------------------------------------------------------

/** Register histogram: histo[v] = number of registers holding v (v < 64). */
const histo: usize = memory.data(64 * 4, 16);

/** True when the last hllCount met a sparse value not covering exactly 16384 registers. */
export let countInvalid: bool = false;

function histoDense(regs: usize): void {
  let r = regs;
  for (let i: u32 = 0; i < HLL_REGISTERS; i += 4) {
    const w = <u32>load<u16>(r) | (<u32>load<u8>(r + 2) << 16);
    if (w == 0) {
      store<u32>(histo, load<u32>(histo) + 4);
    } else {
      const a = histo + ((w & 63) << 2), b = histo + (((w >> 6) & 63) << 2);
      const c = histo + (((w >> 12) & 63) << 2), d = histo + ((w >> 18) << 2);
      store<u32>(a, load<u32>(a) + 1);
      store<u32>(b, load<u32>(b) + 1);
      store<u32>(c, load<u32>(c) + 1);
      store<u32>(d, load<u32>(d) + 1);
    }
    r += 3;
  }
}

/** Sparse histogram; false if the opcodes do not cover exactly 16384 registers. */
function histoSparse(p: usize, len: u32): bool {
  let q = p + HLL_HDR_SIZE;
  const end = p + len;
  let idx: u64 = 0;
  while (q < end) {
    q = sparseStep(q, end);
    const a = histo + (opVal << 2);
    store<u32>(a, load<u32>(a) + opRun);
    idx += opRun;
  }
  return idx == HLL_REGISTERS;
}

function histoRaw(max: usize): void {
  for (let i: u32 = 0; i < HLL_REGISTERS; i += 8) {
    const w = load<u64>(max + i);
    if (w == 0) {
      store<u32>(histo, load<u32>(histo) + 8);
    } else {
      for (let k: u32 = 0; k < 8; k++) {
        const a = histo + ((<u32>(w >> (k << 3)) & 63) << 2);
        store<u32>(a, load<u32>(a) + 1);
      }
    }
  }
}

// Both series stop when an iteration no longer changes the sum; the iteration cap only guards
// against a NaN argument (unreachable for inputs the commands accept), where Redis would spin.
function hllSigma(x: f64): f64 {
  if (x == 1.0) return Infinity;
  let y: f64 = 1.0;
  let z: f64 = x;
  let zPrime: f64;
  let guard = 0;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime != z && ++guard < 10000);
  return z;
}

function hllTau(x: f64): f64 {
  if (x == 0.0 || x == 1.0) return 0.0;
  let y: f64 = 1.0;
  let z: f64 = 1.0 - x;
  let zPrime: f64;
  let guard = 0;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1.0 - x;
    z -= d * d * y;
  } while (zPrime != z && ++guard < 10000);
  return z / 3.0;
}

/** llroundl of a non-negative f64 as Redis stores it: out of range (or NaN) gives 1 << 63. */
function roundCard(e: f64): u64 {
  if (!(e < 9223372036854775808.0)) return 0x8000000000000000;
  const t = Math.trunc(e);
  return <u64>(e - t >= 0.5 ? t + 1.0 : t);
}

function estimate(): u64 {
  const m: f64 = <f64>HLL_REGISTERS;
  let z: f64 = m * hllTau((m - <f64>load<u32>(histo + ((HLL_Q + 1) << 2))) / m);
  for (let j: i32 = <i32>HLL_Q; j >= 1; j--) {
    z += <f64>load<u32>(histo + (<u32>j << 2));
    z *= 0.5;
  }
  z += m * hllSigma(<f64>load<u32>(histo) / m);
  return roundCard(HLL_ALPHA_INF * m * m / z);
}

/**
 * Estimated cardinality of the HLL value p[0..len) (dense or sparse, shape already checked).
 * A sparse value whose opcodes do not cover exactly 16384 registers sets countInvalid and yields 0.
 */
export function hllCount(p: usize, len: u32): u64 {
  memory.fill(histo, 0, 64 * 4);
  countInvalid = false;
  if (hllEncoding(p) == HLL_DENSE) histoDense(p + HLL_HDR_SIZE);
  else if (!histoSparse(p, len)) { countInvalid = true; return 0; }
  return estimate();
}

/** Estimated cardinality of a one-byte-per-register set (HLL_RAW: maxRegs after merging). */
export function hllCountRaw(max: usize): u64 {
  memory.fill(histo, 0, 64 * 4);
  histoRaw(max);
  return estimate();
}

// ---- PFDEBUG DECODE -----------------------------------------------------------------------------

/** Upper bound of hllSparseDecode's output for a sparse value of `len` bytes. */
export function hllDecodeBound(len: u32): u64 { return <u64>(len > HLL_HDR_SIZE ? len - HLL_HDR_SIZE : 0) * 7 + 8; }

@inline function putLit2(d: usize, a: u32, b: u32): void { store<u8>(d, <u8>a); store<u8>(d + 1, <u8>b); }

function putUint(d: usize, v: u32): u32 {
  const n: u32 = v >= 10000 ? 5 : v >= 1000 ? 4 : v >= 100 ? 3 : v >= 10 ? 2 : 1;
  for (let k = n; k > 0; k--) { store<u8>(d + k - 1, <u8>(48 + v % 10)); v /= 10; }
  return n;
}

/**
 * The opcodes of the sparse value p[0..len) as text, "z:<len>", "Z:<len>" and "v:<value>,<len>"
 * separated by single spaces (PFDEBUG DECODE). Writes at most hllDecodeBound(len) bytes at `out`;
 * returns the length.
 */
export function hllSparseDecode(p: usize, len: u32, out: usize): u32 {
  let q = p + HLL_HDR_SIZE;
  const end = p + len;
  let d = out;
  while (q < end) {
    if (d != out) { store<u8>(d, 32); d++; }
    const b = <u32>load<u8>(q);
    if (isZero(b)) {
      putLit2(d, 0x7a, 0x3a); d += 2;            // "z:"
      d += putUint(d, zeroLen(b));
      q++;
    } else if (isXZero(b)) {
      putLit2(d, 0x5a, 0x3a); d += 2;            // "Z:"
      d += putUint(d, xzeroLen(b, sparseByte(q + 1, end)));
      q += 2;
    } else {
      putLit2(d, 0x76, 0x3a); d += 2;            // "v:"
      d += putUint(d, valValue(b));
      store<u8>(d, 0x2c); d++;                   // ","
      d += putUint(d, valLen(b));
      q++;
    }
  }
  return <u32>(d - out);
}
