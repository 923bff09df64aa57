// Keyed 32-bit hash for dict buckets (murmur3-style mixing, 4 bytes per step).
// The seed is set once from the host's randomness, so bucket order is not predictable, as in Redis.

let seedCache: u32 = 0x9747b28c;
export function setHashSeed(s: u32): void { seedCache = s; }
// Deviation from pure-root state: the seed is a wasm global; a worker over a copied image only reads
// keys by walking tables, it never hashes, so it does not need it.

@inline function rotl(x: u32, r: u32): u32 { return (x << r) | (x >>> (32 - r)); }

export function hashBytes(p: usize, len: u32): u32 {
  let h: u32 = seedCache ^ len;
  const c1: u32 = 0xcc9e2d51, c2: u32 = 0x1b873593;
  let i: u32 = 0;
  const n4 = len & ~3;
  for (; i < n4; i += 4) {
    let k = load<u32>(p + i);
    k *= c1; k = rotl(k, 15); k *= c2;
    h ^= k; h = rotl(h, 13); h = h * 5 + 0xe6546b64;
  }
  let k: u32 = 0;
  const rem = len & 3;
  if (rem == 3) k ^= <u32>load<u8>(p + i + 2) << 16;
  if (rem >= 2) k ^= <u32>load<u8>(p + i + 1) << 8;
  if (rem >= 1) { k ^= <u32>load<u8>(p + i); k *= c1; k = rotl(k, 15); k *= c2; h ^= k; }
  h ^= h >>> 16; h *= 0x85ebca6b; h ^= h >>> 13; h *= 0xc2b2ae35; h ^= h >>> 16;
  return h;
}

/** Case-insensitive variant for ASCII names (command lookup). */
export function hashBytesLower(p: usize, len: u32): u32 {
  let h: u32 = 2166136261;
  for (let i: u32 = 0; i < len; i++) {
    let ch = <u32>load<u8>(p + i);
    if (ch >= 65 && ch <= 90) ch += 32;
    h = (h ^ ch) * 16777619;
  }
  return h;
}

