// SHA-1 over linear memory (FIPS 180-4). Used by DEBUG DIGEST / DIGEST-VALUE; not for security.
// State lives in a static block: one hash at a time, never re-entered.

const H: usize = memory.data(20, 4);     // running state, 5 words
const W: usize = memory.data(320, 4);    // message schedule, 80 words
const BUF: usize = memory.data(64, 4);   // pending partial block
let bufLen: u32 = 0;
let total: u64 = 0;

@inline function rol(x: u32, n: u32): u32 { return (x << n) | (x >>> (32 - n)); }

export function sha1Init(): void {
  store<u32>(H, 0x67452301); store<u32>(H + 4, 0xefcdab89); store<u32>(H + 8, 0x98badcfe);
  store<u32>(H + 12, 0x10325476); store<u32>(H + 16, 0xc3d2e1f0);
  bufLen = 0; total = 0;
}

function block(p: usize): void {
  for (let i: u32 = 0; i < 16; i++) store<u32>(W + (i << 2), bswap<u32>(load<u32>(p + (i << 2))));
  for (let i: u32 = 16; i < 80; i++) {
    store<u32>(W + (i << 2), rol(load<u32>(W + ((i - 3) << 2)) ^ load<u32>(W + ((i - 8) << 2)) ^ load<u32>(W + ((i - 14) << 2)) ^ load<u32>(W + ((i - 16) << 2)), 1));
  }
  let a = load<u32>(H), b = load<u32>(H + 4), c = load<u32>(H + 8), d = load<u32>(H + 12), e = load<u32>(H + 16);
  for (let i: u32 = 0; i < 80; i++) {
    let f: u32, k: u32;
    if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
    else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
    else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
    else { f = b ^ c ^ d; k = 0xca62c1d6; }
    const t = rol(a, 5) + f + e + k + load<u32>(W + (i << 2));
    e = d; d = c; c = rol(b, 30); b = a; a = t;
  }
  store<u32>(H, load<u32>(H) + a); store<u32>(H + 4, load<u32>(H + 4) + b); store<u32>(H + 8, load<u32>(H + 8) + c);
  store<u32>(H + 12, load<u32>(H + 12) + d); store<u32>(H + 16, load<u32>(H + 16) + e);
}

export function sha1Update(p: usize, n: u32): void {
  total += n;
  let i: u32 = 0;
  if (bufLen > 0) {
    const take = min<u32>(64 - bufLen, n);
    memory.copy(BUF + bufLen, p, take);
    bufLen += take; i = take;
    if (bufLen < 64) return;
    block(BUF); bufLen = 0;
  }
  for (; i + 64 <= n; i += 64) block(p + i);
  if (i < n) { memory.copy(BUF, p + i, n - i); bufLen = n - i; }
}

/** Writes the 20-byte digest to `out`. */
export function sha1Final(out: usize): void {
  const bits = total << 3;
  const pad = memory.data(72);
  memory.fill(pad, 0, 72);
  store<u8>(pad, 0x80);
  const padLen: u32 = bufLen < 56 ? 56 - bufLen : 120 - bufLen;
  sha1Update(pad, padLen);
  const lenBytes = memory.data(8);
  store<u64>(lenBytes, bswap<u64>(bits));
  sha1Update(lenBytes, 8);
  for (let i: u32 = 0; i < 5; i++) store<u32>(out + (i << 2), bswap<u32>(load<u32>(H + (i << 2))));
}
