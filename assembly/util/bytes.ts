// Byte helpers over linear memory. Strings passed as `string` are ASCII literals from static data.

@inline export function bytesEq(a: usize, b: usize, n: u32): bool {
  if (a == b) return true;
  let i: u32 = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(a + i) != load<u64>(b + i)) return false;
  for (; i < n; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

/** Lexicographic byte comparison, like memcmp then length. */
export function bytesCmp(a: usize, al: u32, b: usize, bl: u32): i32 {
  const n = min(al, bl);
  for (let i: u32 = 0; i < n; i++) {
    const x = load<u8>(a + i), y = load<u8>(b + i);
    if (x != y) return <i32>x - <i32>y;
  }
  return al < bl ? -1 : (al > bl ? 1 : 0);
}

@inline export function lower(c: u32): u32 { return c >= 65 && c <= 90 ? c + 32 : c; }

/** Case-insensitive compare of bytes with an ASCII literal. */
export function eqLit(p: usize, len: u32, s: string): bool {
  if (<u32>s.length != len) return false;
  for (let i: u32 = 0; i < len; i++) {
    if (lower(load<u8>(p + i)) != lower(<u32>s.charCodeAt(i))) return false;
  }
  return true;
}

/** Writes an ASCII literal, returns its length. */
export function writeLit(dst: usize, s: string): u32 {
  const n = <u32>s.length;
  for (let i: u32 = 0; i < n; i++) store<u8>(dst + i, <u8>s.charCodeAt(i));
  return n;
}

export function lowerInPlace(p: usize, len: u32): void {
  for (let i: u32 = 0; i < len; i++) store<u8>(p + i, <u8>lower(load<u8>(p + i)));
}
