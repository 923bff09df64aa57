// Listpack: Redis's compact sequence-of-strings encoding, byte for byte (RDB and DUMP store it raw).
//
// Format (all multi-byte fields little-endian unless said otherwise)
//   [0] total bytes u32 (header + entries + terminator)   [4] number of entries u16 (0xFFFF = unknown)
//   [6] entries ...   [total-1] 0xFF terminator
// Entry = <encoding+data> <backlen>. backlen is the size of <encoding+data> written in 1..5 bytes
// of 7 bits, read right to left from the entry's last byte: the last byte holds the low 7 bits and
// bit 7 set means "more bytes to the left"; the leftmost byte has bit 7 clear.
// Sizes: 1 byte for l <= 127, 2 for l < 16383, 3 for l < 2097151, 4 for l < 268435455, else 5
// (note the strict "<": these are Redis's thresholds, so an entry of exactly 16383 takes 3 bytes).
//   0xxxxxxx                      7-bit unsigned int 0..127
//   10xxxxxx <bytes>              string, length 0..63
//   110xxxxx yyyyyyyy             13-bit signed int (two's complement; high 5 bits in the 1st byte)
//   1110xxxx yyyyyyyy <bytes>     string, length 64..4095 (high 4 bits of the length in the 1st byte)
//   11110000 <u32 len> <bytes>    string, length >= 4096
//   11110001 <i16> / 11110010 <i24> / 11110011 <i32> / 11110100 <i64>   signed ints
//   11111111                      terminator (never an entry)
// Strings that pass the strict integer syntax (string2ll rules: optional '-', "0" or a nonzero digit
// followed by digits, at most 20 bytes, fits i64) are stored as the smallest integer encoding that
// holds them; anything else is stored as a string with the smallest length encoding.
// The header count saturates: reaching 65535 stores 0xFFFF ("unknown"); lpLength() then counts and
// stores the count back once it is below 65535 again. Inserts/deletes keep a known count exact.
//
// Ownership and pointers
// - A listpack is one block from mem/alloc.ts, owned by whoever holds the pointer (the value of a
//   key, a quicklist node...). lpFree() releases it.
// - Every mutating function takes the listpack and returns its (possibly moved) address: the old
//   `lp` and every entry pointer into it are invalid afterwards. Re-derive entry pointers from the
//   returned listpack, or use the global `lpPos` that mutators leave behind.
// - An entry pointer `p` addresses the first byte of an entry (its encoding byte). 0 means "none"
//   (empty listpack, past the end, not found). Entry pointers are plain addresses; to keep a
//   position across a mutation keep `p - lp` (a byte offset) instead.
// - The bytes passed to inserts/replaces may point into the same listpack (they are copied aside
//   first when they do); they are never retained.
// - Values read with lpGet/lpGetStr live in the globals lpvInt/lpvStr/lpvLen; lpvStr points into the
//   listpack (strings) or into a static buffer (integers formatted by lpGetStr). lpGet, lpGetStr,
//   lpGetDouble, lpEq, lpCmp and lpFind all overwrite those globals; a string stays valid until the
//   listpack is mutated, a formatted integer until the next lpGetStr. (lpEq/lpCmp format into a
//   buffer of their own, so `lpCmp(q, lpvStr, lpvLen)` right after `lpGetStr(p)` is fine.)
// - Inserting/replacing with bytes, lpFind, lpStringToInt64 and lpEntrySizeFor may overwrite
//   util/numbers' `parsedInt`; lpGetDouble may overwrite `parsedDouble`.
//
// API (lp = listpack address, p = entry address, s/slen = bytes)
//   lpNew(cap=0): lp                     empty listpack (7 bytes), block sized for at least cap bytes
//   lpFree(lp) / lpDup(lp): lp           lpDup copies into a new block
//   lpBytes(lp): u32                     total bytes (= the RDB blob length)
//   lpLength(lp): u32                    number of entries (O(1) unless the header count is unknown)
//   lpFirst(lp) / lpLast(lp): p|0
//   lpNext(lp, p) / lpPrev(lp, p): p|0   neighbours; 0 past either end
//   lpSeek(lp, index): p|0               index 0 = first, -1 = last; walks from the nearer end
//   lpGet(p): bool                       true = integer in `lpvInt`; false = string at `lpvStr`/`lpvLen`
//   lpGetStr(p)                          always bytes in `lpvStr`/`lpvLen` (ints formatted statically)
//   lpGetDouble(p): f64                  numeric value (int entries exactly; strings through string2d,
//                                        0 when not a number) -- zset scores
//   lpEntrySize(p): u32                  bytes the entry occupies, backlen included
//   lpAppend(lp, s, slen) / lpAppendInt(lp, v) / lpPrepend(..) / lpPrependInt(..): lp
//   lpAppendPair(lp, s1, l1, s2, l2): lp one realloc for a hash field/value or zset member/score
//   lpInsert(lp, p, where, s, slen) / lpInsertInt(lp, p, where, v): lp    where = LP_BEFORE|LP_AFTER
//   lpInsertPair(lp, p, s1, l1, s2, l2): lp  two entries before p (p = 0: append)
//   lpReplace(lp, p, s, slen) / lpReplaceInt(lp, p, v): lp
//       inserts and replaces leave `lpPos` = the new entry (the first one for pairs)
//   lpDelete(lp, p): lp                  `lpPos` = the entry that followed p, or 0 if p was last
//   lpDeleteRange(lp, index, num): lp    num entries from index (negative index from the tail)
//   lpDeleteRangeWithEntry(lp, p, num): lp   `lpPos` as in lpDelete
//   lpMerge(a, b): lp                    a's entries then b's, in a's (reallocated) block; b untouched
//   lpFind(lp, p, s, slen, skip): p|0    first entry from p equal to s, comparing p then every
//                                        (skip+1)-th entry (skip=1: hash fields / zset members)
//   lpEq(p, s, slen): bool               entry equals bytes (ints compare by their decimal form)
//   lpCmp(p, s, slen): i32               memcmp-then-length order of the entry's bytes vs s
//   lpOffsets(lp, dst, skip): u32        u32 byte offsets of entries 0, skip+1, ... into dst (one pass;
//                                        random picks by index for *RANDMEMBER / HRANDFIELD)
//   lpValidate(lp, size, deep): bool     integrity of an untrusted blob of `size` bytes at lp
//   lpStringToInt64(s, slen): bool       the rule deciding integer encoding; value in `parsedInt`
//   lpEntrySizeFor(s, slen) / lpEntrySizeForInt(v): u32   bytes an entry would take
//   lpSafeToAdd(lp, add): bool           total stays within LP_MAX_SAFETY_SIZE (1 GiB, as Redis)
//
// Deviations from Redis: none in the bytes produced. Redis aborts on a listpack above 4 GiB;
// here the wasm32 heap cannot get there. Out of memory traps (Redis's zmalloc aborts too).

import { alloc, realloc, free, blockSize } from "../mem/alloc";
import { string2ll, parsedInt, ll2string, string2d, parsedDouble } from "../util/numbers";
import { bytesEq, bytesCmp } from "../util/bytes";

export const LP_HDR_SIZE: u32 = 6;
export const LP_EOF: u32 = 0xFF;
export const LP_NUMELE_UNKNOWN: u32 = 0xFFFF;
export const LP_BEFORE: i32 = 0;
export const LP_AFTER: i32 = 1;
/** Redis refuses to grow a listpack past this (hash/zset/set conversions check lpSafeToAdd). */
export const LP_MAX_SAFETY_SIZE: u32 = 1 << 30;

/** Integer value read by lpGet (when it returns true). */
export let lpvInt: i64 = 0;
/** String value read by lpGet (when it returns false) or lpGetStr. */
export let lpvStr: usize = 0;
export let lpvLen: u32 = 0;
/** Entry left behind by the last insert/replace (the new entry) or delete (the following entry). */
export let lpPos: usize = 0;

// Decimal form of integer entries for lpGetStr (LP_NUMBUF) and lpCmp/lpEq (LP_CMPBUF).
const LP_NUMBUF: usize = memory.data(32, 8);
const LP_CMPBUF: usize = memory.data(32, 8);

// ---- header ---------------------------------------------------------------------------------

@inline export function lpBytes(lp: usize): u32 { return load<u32>(lp); }
@inline function setBytes(lp: usize, n: u32): void { store<u32>(lp, n); }
@inline function hdrCount(lp: usize): u32 { return <u32>load<u16>(lp, 4); }

// Known counts move by d (saturating at "unknown" like Redis); an unknown count stays unknown.
@inline function addCount(lp: usize, d: i32): void {
  const n = hdrCount(lp);
  if (n != LP_NUMELE_UNKNOWN) {
    const m = <i32>n + d;
    store<u16>(lp, <u16>(m >= <i32>LP_NUMELE_UNKNOWN ? LP_NUMELE_UNKNOWN : <u32>m), 4);
  }
}

// ---- entry geometry -------------------------------------------------------------------------

/** Size of an entry's encoding+data (without backlen); 0 for the terminator or an invalid byte. */
@inline function encLen(p: usize): u32 {
  const b = <u32>load<u8>(p);
  if (b < 0x80) return 1;
  if (b < 0xC0) return 1 + (b & 0x3F);
  if (b < 0xE0) return 2;
  if (b < 0xF0) return 2 + (((b & 0x0F) << 8) | <u32>load<u8>(p, 1));
  if (b == 0xF0) return 5 + load<u32>(p, 1);
  if (b == 0xF1) return 3;
  if (b == 0xF2) return 4;
  if (b == 0xF3) return 5;
  if (b == 0xF4) return 9;
  return 0;
}

@inline function blSize(l: u32): u32 {
  return l <= 127 ? 1 : (l < 16383 ? 2 : (l < 2097151 ? 3 : (l < 268435455 ? 4 : 5)));
}

function writeBacklen(dst: usize, l: u32): void {
  const n = blSize(l);
  if (n == 1) { store<u8>(dst, <u8>l); return; }
  // rightmost byte = low 7 bits; every byte but the leftmost carries the continuation bit
  store<u8>(dst + n - 1, <u8>((l & 127) | 128));
  let shift: u32 = 7;
  for (let i: u32 = n - 1; i > 1; i--) {
    store<u8>(dst + i - 1, <u8>(((l >> shift) & 127) | 128));
    shift += 7;
  }
  store<u8>(dst, <u8>(l >> shift));
}

// Bytes consumed by the last blDecode.
let blN: u32 = 0;
/** Decodes the backlen whose last byte is at q. */
@inline function blDecode(q: usize): u32 {
  let v: u32 = 0;
  let shift: u32 = 0;
  let n: u32 = 0;
  while (true) {
    const b = <u32>load<u8>(q - n);
    v |= (b & 127) << shift;
    n++;
    if ((b & 128) == 0 || n == 5) break;
    shift += 7;
  }
  blN = n;
  return v;
}

/** Bytes the entry at p occupies, backlen included. */
@inline export function lpEntrySize(p: usize): u32 {
  const l = encLen(p);
  return l + blSize(l);
}

// ---- pending entry: what an insert is about to write ----------------------------------------

let pIsInt: bool = false;
let pInt: i64 = 0;
let pEnc: u32 = 0;   // encoding+data bytes
let pSize: u32 = 0;  // with backlen

@inline function intEncLen(v: i64): u32 {
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

@inline function prepInt(v: i64): void {
  pIsInt = true;
  pInt = v;
  pEnc = intEncLen(v);
  pSize = pEnc + 1;
}

@inline function strEncLen(slen: u32): u32 {
  return slen < 64 ? 1 + slen : (slen < 4096 ? 2 + slen : 5 + slen);
}

function prepStr(s: usize, slen: u32): void {
  if (slen - 1 < 20 && string2ll(s, slen)) {
    prepInt(parsedInt);
    return;
  }
  pIsInt = false;
  pEnc = strEncLen(slen);
  pSize = pEnc + blSize(pEnc);
}


/** Writes an entry (encoding, data, backlen) at dst. enc = encoding+data size. */
function putEntry(dst: usize, isInt: bool, v: i64, enc: u32, s: usize, slen: u32): void {
  if (isInt) {
    if (enc == 1) {
      store<u8>(dst, <u8>v);
    } else if (enc == 2) {
      const u = <u32>v & 0x1FFF;
      store<u8>(dst, <u8>(0xC0 | (u >> 8)));
      store<u8>(dst, <u8>u, 1);
    } else if (enc == 3) {
      store<u8>(dst, 0xF1);
      store<i16>(dst, <i16>v, 1);
    } else if (enc == 4) {
      const u = <u32>v;
      store<u8>(dst, 0xF2);
      store<u8>(dst, <u8>u, 1);
      store<u16>(dst, <u16>(u >> 8), 2);
    } else if (enc == 5) {
      store<u8>(dst, 0xF3);
      store<i32>(dst, <i32>v, 1);
    } else {
      store<u8>(dst, 0xF4);
      store<i64>(dst, v, 1);
    }
    store<u8>(dst + enc, <u8>enc);
    return;
  }
  let h: u32;
  if (slen < 64) {
    store<u8>(dst, <u8>(0x80 | slen));
    h = 1;
  } else if (slen < 4096) {
    store<u8>(dst, <u8>(0xE0 | (slen >> 8)));
    store<u8>(dst, <u8>slen, 1);
    h = 2;
  } else {
    store<u8>(dst, 0xF0);
    store<u32>(dst, slen, 1);
    h = 5;
  }
  memory.copy(dst + h, s, slen);
  writeBacklen(dst + enc, enc);
}

/**
 * Replaces oldLen bytes at offset off with a gap of newLen bytes; returns the (moved) listpack with
 * the total updated. The count is the caller's business.
 */
function splice(lp: usize, off: u32, oldLen: u32, newLen: u32): usize {
  const total = lpBytes(lp);
  const newTotal = total - oldLen + newLen;
  const tail = total - off - oldLen;
  if (newLen > oldLen) {
    // growth within the block (allocator rounding, or lpNew(cap) pre-sizing) needs no realloc;
    // realloc would also hand a pre-sized block back for a smaller one
    if (newTotal > blockSize(lp)) {
      lp = realloc(lp, newTotal);
      if (lp == 0) unreachable();
    }
    memory.copy(lp + off + newLen, lp + off + oldLen, tail);
  } else if (newLen < oldLen) {
    memory.copy(lp + off + newLen, lp + off + oldLen, tail);
    lp = realloc(lp, newTotal);
    if (lp == 0) unreachable();
  }
  setBytes(lp, newTotal);
  return lp;
}

// Source bytes inside the listpack would move under the splice: copy them aside first.
let asideBuf: usize = 0;
@inline function aside(lp: usize, s: usize, slen: u32): usize {
  if (s >= lp && s < lp + lpBytes(lp) && slen != 0) {
    asideBuf = alloc(slen);
    memory.copy(asideBuf, s, slen);
    return asideBuf;
  }
  return s;
}
@inline function asideDone(): void {
  if (asideBuf != 0) { free(asideBuf); asideBuf = 0; }
}

/** Writes the pending entry at offset off, replacing oldLen bytes there. */
function insertPending(lp: usize, off: u32, oldLen: u32, s: usize, slen: u32): usize {
  if (!pIsInt) s = aside(lp, s, slen);
  const isInt = pIsInt, v = pInt, enc = pEnc;
  lp = splice(lp, off, oldLen, pSize);
  putEntry(lp + off, isInt, v, enc, s, slen);
  asideDone();
  lpPos = lp + off;
  return lp;
}

// ---- create / free / size -------------------------------------------------------------------

/** A new empty listpack; cap (optional) pre-sizes the block for that many bytes. */
export function lpNew(cap: u32 = 0): usize {
  const lp = alloc(cap > 7 ? cap : 7);
  if (lp == 0) unreachable();
  store<u32>(lp, 7);
  store<u16>(lp, 0, 4);
  store<u8>(lp, 0xFF, 6);
  return lp;
}

export function lpFree(lp: usize): void { free(lp); }

/** A copy of lp in a new block (the caller owns both). */
export function lpDup(lp: usize): usize {
  const n = lpBytes(lp);
  const d = alloc(n);
  if (d == 0) unreachable();
  memory.copy(d, lp, n);
  return d;
}

/** Number of entries. O(1) while the count fits the header (< 65535). */
export function lpLength(lp: usize): u32 {
  const n = hdrCount(lp);
  if (n != LP_NUMELE_UNKNOWN) return n;
  let c: u32 = 0;
  let p = lp + LP_HDR_SIZE;
  while (load<u8>(p) != 0xFF) { p += lpEntrySize(p); c++; }
  if (c < LP_NUMELE_UNKNOWN) store<u16>(lp, <u16>c, 4);
  return c;
}

/** True when adding `add` bytes keeps the listpack within LP_MAX_SAFETY_SIZE. */
export function lpSafeToAdd(lp: usize, add: u32): bool {
  const len: u64 = lp != 0 ? <u64>lpBytes(lp) : 0;
  return len + <u64>add <= <u64>LP_MAX_SAFETY_SIZE;
}

/** The integer-encoding rule for inserted bytes (Redis string2ll); value in util/numbers parsedInt. */
export function lpStringToInt64(s: usize, slen: u32): bool {
  return slen - 1 < 20 && string2ll(s, slen);
}

/** Bytes an entry holding s would take (encoding, data and backlen). */
export function lpEntrySizeFor(s: usize, slen: u32): u32 {
  if (slen - 1 < 20 && string2ll(s, slen)) return intEncLen(parsedInt) + 1;
  const e = strEncLen(slen);
  return e + blSize(e);
}
export function lpEntrySizeForInt(v: i64): u32 { return intEncLen(v) + 1; }

// ---- iteration ------------------------------------------------------------------------------

@inline export function lpFirst(lp: usize): usize {
  const p = lp + LP_HDR_SIZE;
  return load<u8>(p) == 0xFF ? 0 : p;
}

@inline export function lpNext(lp: usize, p: usize): usize {
  const q = p + lpEntrySize(p);
  return load<u8>(q) == 0xFF ? 0 : q;
}

/** Entry before p (p may also be the terminator's address); 0 when p is the first entry. */
@inline export function lpPrev(lp: usize, p: usize): usize {
  if (p <= lp + LP_HDR_SIZE) return 0;
  const l = blDecode(p - 1);
  return p - blN - l;
}

@inline export function lpLast(lp: usize): usize {
  return lpPrev(lp, lp + lpBytes(lp) - 1);
}

/** Entry at index (negative: from the tail, -1 = last); 0 when out of range. */
export function lpSeek(lp: usize, index: i64): usize {
  const n = <i64>lpLength(lp);
  if (index < 0) index += n;
  if (index < 0 || index >= n) return 0;
  if (index <= (n >> 1)) {
    let p = lp + LP_HDR_SIZE;
    for (let i: i64 = 0; i < index; i++) p += lpEntrySize(p);
    return p;
  }
  let p = lp + lpBytes(lp) - 1;
  for (let i: i64 = n; i > index; i--) {
    const l = blDecode(p - 1);
    p = p - blN - l;
  }
  return p;
}

// ---- reading --------------------------------------------------------------------------------

/** Reads the entry at p: true = integer (lpvInt), false = string (lpvStr, lpvLen). */
export function lpGet(p: usize): bool {
  const b = <u32>load<u8>(p);
  if (b < 0x80) { lpvInt = <i64>b; return true; }
  if (b < 0xC0) { lpvStr = p + 1; lpvLen = b & 0x3F; return false; }
  if (b < 0xE0) {
    // 13-bit two's complement
    lpvInt = <i64>((<i32>(((b & 0x1F) << 8) | <u32>load<u8>(p, 1)) << 19) >> 19);
    return true;
  }
  if (b < 0xF0) { lpvStr = p + 2; lpvLen = ((b & 0x0F) << 8) | <u32>load<u8>(p, 1); return false; }
  if (b == 0xF0) { lpvStr = p + 5; lpvLen = load<u32>(p, 1); return false; }
  if (b == 0xF1) { lpvInt = <i64>load<i16>(p, 1); return true; }
  if (b == 0xF2) {
    const u = <u32>load<u8>(p, 1) | (<u32>load<u16>(p, 2) << 8);
    lpvInt = <i64>(<i32>(u << 8) >> 8);
    return true;
  }
  if (b == 0xF3) { lpvInt = <i64>load<i32>(p, 1); return true; }
  lpvInt = load<i64>(p, 1);
  return true;
}

/** Reads the entry at p as bytes (lpvStr, lpvLen); integers are formatted into a static buffer. */
export function lpGetStr(p: usize): void {
  if (lpGet(p)) {
    lpvLen = ll2string(LP_NUMBUF, lpvInt);
    lpvStr = LP_NUMBUF;
  }
}

/** Numeric value of an entry: integers exactly, strings through string2d (0 when not numeric). */
export function lpGetDouble(p: usize): f64 {
  if (lpGet(p)) return <f64>lpvInt;
  return string2d(lpvStr, lpvLen) ? parsedDouble : 0;
}

/** True when the entry at p equals the bytes s (integer entries compare by their decimal form). */
export function lpEq(p: usize, s: usize, slen: u32): bool {
  if (lpGet(p)) {
    if (slen - 1 >= 20) return false;
    const n = ll2string(LP_CMPBUF, lpvInt);
    return n == slen && bytesEq(LP_CMPBUF, s, n);
  }
  return lpvLen == slen && bytesEq(lpvStr, s, slen);
}

/** memcmp-then-length order of the entry's bytes against s: <0, 0, >0. */
export function lpCmp(p: usize, s: usize, slen: u32): i32 {
  if (lpGet(p)) {
    const n = ll2string(LP_CMPBUF, lpvInt);
    return bytesCmp(LP_CMPBUF, n, s, slen);
  }
  return bytesCmp(lpvStr, lpvLen, s, slen);
}

/**
 * First entry equal to s starting at p (inclusive), comparing p and then every (skip+1)-th entry
 * (skip = 1 compares hash fields / zset members and jumps over their values). 0 if none.
 */
export function lpFind(lp: usize, p: usize, s: usize, slen: u32, skip: u32): usize {
  if (p == 0) return 0;
  // 0 = needle not yet parsed as an integer, 1 = it is one (nv), 2 = it is not
  let nstate: u32 = 0;
  let nv: i64 = 0;
  let skipcnt: u32 = 0;
  while (true) {
    const b = <u32>load<u8>(p);
    if (b == 0xFF) return 0;
    let l: u32;
    if (skipcnt == 0) {
      if (b >= 0x80 && b < 0xC0) {
        // short string: the hot case for fields and members (entry = 1 + n + 1-byte backlen)
        const n = b & 0x3F;
        if (n == slen && bytesEq(p + 1, s, n)) return p;
        skipcnt = skip;
        p += n + 2;
        continue;
      } else if (!lpGet(p)) {
        if (lpvLen == slen && bytesEq(lpvStr, s, slen)) return p;
        l = <u32>(lpvStr - p) + lpvLen;
      } else {
        if (nstate == 0) {
          if (slen - 1 < 20 && string2ll(s, slen)) { nstate = 1; nv = parsedInt; } else nstate = 2;
        }
        if (nstate == 1 && nv == lpvInt) return p;
        l = encLen(p);
      }
      skipcnt = skip;
    } else {
      skipcnt--;
      // small ints and short strings: 1-byte backlen
      if (b < 0xC0) { p += (b < 0x80 ? 1 : 1 + (b & 0x3F)) + 1; continue; }
      l = encLen(p);
    }
    p += l + blSize(l);
  }
  return 0;
}

/**
 * Writes the byte offsets (from lp, u32 each) of the first entry and then of every (skip+1)-th one
 * into dst; returns how many were written. One pass, for random picks by index (HRANDFIELD,
 * ZRANDMEMBER, SRANDMEMBER with a count): dst needs 4 * ceil(lpLength / (skip+1)) bytes.
 */
export function lpOffsets(lp: usize, dst: usize, skip: u32): u32 {
  let p = lp + LP_HDR_SIZE;
  let n: u32 = 0;
  let k: u32 = 0;
  while (load<u8>(p) != 0xFF) {
    if (k == 0) { store<u32>(dst + (n << 2), <u32>(p - lp)); n++; k = skip; } else k--;
    p += lpEntrySize(p);
  }
  return n;
}

// ---- inserting ------------------------------------------------------------------------------

export function lpAppend(lp: usize, s: usize, slen: u32): usize {
  prepStr(s, slen);
  lp = insertPending(lp, lpBytes(lp) - 1, 0, s, slen);
  addCount(lp, 1);
  return lp;
}

export function lpAppendInt(lp: usize, v: i64): usize {
  prepInt(v);
  lp = insertPending(lp, lpBytes(lp) - 1, 0, 0, 0);
  addCount(lp, 1);
  return lp;
}

export function lpPrepend(lp: usize, s: usize, slen: u32): usize {
  prepStr(s, slen);
  lp = insertPending(lp, LP_HDR_SIZE, 0, s, slen);
  addCount(lp, 1);
  return lp;
}

export function lpPrependInt(lp: usize, v: i64): usize {
  prepInt(v);
  lp = insertPending(lp, LP_HDR_SIZE, 0, 0, 0);
  addCount(lp, 1);
  return lp;
}

/** Inserts s before (LP_BEFORE) or after (LP_AFTER) the entry p. */
export function lpInsert(lp: usize, p: usize, where: i32, s: usize, slen: u32): usize {
  const off = <u32>(p - lp) + (where == LP_AFTER ? lpEntrySize(p) : 0);
  prepStr(s, slen);
  lp = insertPending(lp, off, 0, s, slen);
  addCount(lp, 1);
  return lp;
}

export function lpInsertInt(lp: usize, p: usize, where: i32, v: i64): usize {
  const off = <u32>(p - lp) + (where == LP_AFTER ? lpEntrySize(p) : 0);
  prepInt(v);
  lp = insertPending(lp, off, 0, 0, 0);
  addCount(lp, 1);
  return lp;
}

/** Two entries (s1 then s2) before p, or at the end when p is 0; one realloc. lpPos = the first. */
export function lpInsertPair(lp: usize, p: usize, s1: usize, l1: u32, s2: usize, l2: u32): usize {
  const off = p != 0 ? <u32>(p - lp) : lpBytes(lp) - 1;
  prepStr(s1, l1);
  const i1 = pIsInt, v1 = pInt, e1 = pEnc, z1 = pSize;
  prepStr(s2, l2);
  const i2 = pIsInt, v2 = pInt, e2 = pEnc, z2 = pSize;
  if (!i1) s1 = aside(lp, s1, l1);
  let a2: usize = 0;
  if (!i2 && s2 >= lp && s2 < lp + lpBytes(lp) && l2 != 0) {
    a2 = alloc(l2);
    memory.copy(a2, s2, l2);
    s2 = a2;
  }
  lp = splice(lp, off, 0, z1 + z2);
  putEntry(lp + off, i1, v1, e1, s1, l1);
  putEntry(lp + off + z1, i2, v2, e2, s2, l2);
  asideDone();
  if (a2 != 0) free(a2);
  addCount(lp, 2);
  lpPos = lp + off;
  return lp;
}

export function lpAppendPair(lp: usize, s1: usize, l1: u32, s2: usize, l2: u32): usize {
  return lpInsertPair(lp, 0, s1, l1, s2, l2);
}

/** Replaces the entry at p with s (in place when the size is unchanged). lpPos = the new entry. */
export function lpReplace(lp: usize, p: usize, s: usize, slen: u32): usize {
  prepStr(s, slen);
  return insertPending(lp, <u32>(p - lp), lpEntrySize(p), s, slen);
}

export function lpReplaceInt(lp: usize, p: usize, v: i64): usize {
  prepInt(v);
  return insertPending(lp, <u32>(p - lp), lpEntrySize(p), 0, 0);
}

// ---- deleting -------------------------------------------------------------------------------

/** Deletes the entry at p. lpPos = the entry that followed it (same offset), or 0. */
export function lpDelete(lp: usize, p: usize): usize {
  const off = <u32>(p - lp);
  lp = splice(lp, off, lpEntrySize(p), 0);
  addCount(lp, -1);
  lpPos = load<u8>(lp + off) == 0xFF ? 0 : lp + off;
  return lp;
}

/** Deletes up to num entries starting at p. lpPos as in lpDelete. */
export function lpDeleteRangeWithEntry(lp: usize, p: usize, num: u32): usize {
  const off = <u32>(p - lp);
  let q = p;
  let n: u32 = 0;
  while (n < num && load<u8>(q) != 0xFF) { q += lpEntrySize(q); n++; }
  if (n == 0) { lpPos = load<u8>(p) == 0xFF ? 0 : p; return lp; }
  lp = splice(lp, off, <u32>(q - p), 0);
  addCount(lp, -<i32>n);
  lpPos = load<u8>(lp + off) == 0xFF ? 0 : lp + off;
  return lp;
}

/** Deletes up to num entries starting at index (negative = from the tail). */
export function lpDeleteRange(lp: usize, index: i64, num: u32): usize {
  if (num == 0) { lpPos = 0; return lp; }
  const p = lpSeek(lp, index);
  if (p == 0) { lpPos = 0; return lp; }
  return lpDeleteRangeWithEntry(lp, p, num);
}

/** Appends b's entries to a (a's block is reallocated and returned); b is left as it was. */
export function lpMerge(a: usize, b: usize): usize {
  const ta = lpBytes(a), tb = lpBytes(b);
  const na = hdrCount(a), nb = hdrCount(b);
  if (tb == 7) return a;
  if (a == b) unreachable(); // merging a listpack with itself is not supported
  a = realloc(a, ta + tb - 7);
  if (a == 0) unreachable();
  memory.copy(a + ta - 1, b + LP_HDR_SIZE, tb - LP_HDR_SIZE);
  setBytes(a, ta + tb - 7);
  const n: u32 = (na == LP_NUMELE_UNKNOWN || nb == LP_NUMELE_UNKNOWN) ? LP_NUMELE_UNKNOWN
    : min<u32>(na + nb, LP_NUMELE_UNKNOWN);
  store<u16>(a, <u16>n, 4);
  return a;
}

// ---- validation -----------------------------------------------------------------------------

/**
 * Integrity check of an untrusted blob of `size` bytes at lp (RDB/RESTORE). Shallow: header size
 * and terminator. Deep: also every entry's encoding, bounds and backlen, and the header count
 * (unless unknown). Never reads outside [lp, lp+size).
 */
export function lpValidate(lp: usize, size: u32, deep: bool): bool {
  if (size < LP_HDR_SIZE + 1) return false;
  if (lpBytes(lp) != size) return false;
  if (load<u8>(lp + size - 1) != 0xFF) return false;
  if (!deep) return true;
  const end = lp + size - 1; // the terminator
  let p = lp + LP_HDR_SIZE;
  let count: u32 = 0;
  while (p < end) {
    const b = <u32>load<u8>(p);
    // bytes of the encoding header needed to know the entry's length
    let need: u32 = 1;
    if (b >= 0xE0 && b < 0xF0) need = 2;
    else if (b == 0xF0) need = 5;
    if (<u64>p + need > <u64>end) return false;
    if (b == 0xF0 && load<u32>(p, 1) > size) return false;
    const l = encLen(p);
    if (l == 0) return false;
    const bl = blSize(l);
    if (<u64>p + <u64>l + <u64>bl > <u64>end) return false;
    const q = p + l + bl - 1;
    const v = blDecode(q);
    if (v != l || blN != bl) return false;
    p = q + 1;
    count++;
  }
  if (p != end) return false;
  const hc = hdrCount(lp);
  if (hc != LP_NUMELE_UNKNOWN && hc != count) return false;
  return true;
}
