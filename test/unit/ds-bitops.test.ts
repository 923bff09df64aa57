// ds/bitops.ts through the test ABI (assembly/test-abi/bitops.ts).
//
// The module is built twice: with --enable simd (build/test-bitops-simd.wasm, so the *Simd kernels
// really are v128 code) and without (build/test-bitops.wasm, via ensureTestAbiWasm, which checks that
// the kernels still compile and fall back when SIMD is off). In both, every kernel's SIMD and scalar
// paths are run on the same seeded random inputs -- unaligned starts, lengths 0..300 and a few large
// ones -- and compared with simple JS references written here from the documented semantics.
import { ensureTestAbiWasm, REPO_ROOT } from '../helpers/test-wasm.ts';
import { mulberry32 } from '../helpers/gen.ts';
import { describe, it, expect, beforeAll } from 'vitest';
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** build/test-bitops-simd.wasm: like ensureTestAbiWasm('bitops') plus --enable simd. */
function ensureSimdWasm(): string {
  const out = join(REPO_ROOT, 'build', 'test-bitops-simd.wasm');
  if (existsSync(out) && statSync(out).mtimeMs >= newestSource(join(REPO_ROOT, 'assembly'))) return out;
  const tmp = `build/test-bitops-simd.${process.pid}.wasm`;
  execSync(`npx asc assembly/test-abi/bitops.ts --config /dev/null --runtime stub --importMemory --enable simd -O3 --outFile ${tmp}`, { cwd: REPO_ROOT, stdio: 'inherit' });
  renameSync(join(REPO_ROOT, tmp), out);
  return out;
}

interface Mod { x: any; memory: WebAssembly.Memory; S: number; simd: boolean }

async function load(file: string, simd: boolean): Promise<Mod> {
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536 }); // 16 MiB
  const { instance } = await WebAssembly.instantiate(readFileSync(file), {
    env: { memory, abort: () => { throw new Error('wasm abort'); } },
  });
  const x = instance.exports as any;
  return { x, memory, S: x.scratch(), simd };
}

// ---- JS references --------------------------------------------------------------------------------

const POP = Array.from({ length: 256 }, (_, b) => { let n = 0; for (let v = b; v; v >>= 1) n += v & 1; return n; });
function refPopcount(b: Uint8Array): number { let n = 0; for (const v of b) n += POP[v]; return n; }
function refBitpos(b: Uint8Array, bit: number): number {
  for (let i = 0; i < b.length; i++) {
    for (let k = 0; k < 8; k++) if (((b[i] >> (7 - k)) & 1) === bit) return i * 8 + k;
  }
  return bit ? -1 : b.length * 8;
}
function refBitop(op: number, srcs: Uint8Array[]): Uint8Array {
  const max = Math.max(0, ...srcs.map((s) => s.length));
  const out = new Uint8Array(max);
  for (let i = 0; i < max; i++) {
    let v = i < srcs[0].length ? srcs[0][i] : 0;
    if (op === 3) v = ~v & 255;
    for (let j = 1; j < srcs.length; j++) {
      const w = i < srcs[j].length ? srcs[j][i] : 0;
      v = op === 0 ? v & w : op === 1 ? v | w : v ^ w;
    }
    out[i] = v;
  }
  return out;
}
function refGetField(b: Uint8Array, off: number, bits: number): bigint {
  let v = 0n;
  for (let k = 0; k < bits; k++) {
    const pos = off + k;
    v = (v << 1n) | BigInt((b[pos >> 3] >> (7 - (pos & 7))) & 1);
  }
  return v;
}
function refSetField(b: Uint8Array, off: number, bits: number, v: bigint): void {
  for (let k = 0; k < bits; k++) {
    const pos = off + k;
    const bit = Number((v >> BigInt(bits - 1 - k)) & 1n);
    const m = 1 << (7 - (pos & 7));
    b[pos >> 3] = bit ? b[pos >> 3] | m : b[pos >> 3] & ~m;
  }
}
/**
 * BITFIELD overflow as documented: the exact sum value + incr must fit the type; WRAP reduces it
 * modulo 2^bits (two's complement for signed), SAT clamps it. An unsigned SET value arrives as the
 * u64 reading of the i64 argument (so -1 is "too big" and SAT gives the maximum). One observed
 * quirk is modelled below.
 */
function refOverflow(signed: boolean, bits: number, value: bigint, incr: bigint, ow: number): { r: number; limit?: bigint } {
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const sum = value + incr;
  let r = sum > max ? 1 : sum < min ? -1 : 0;
  // Quirk of Redis's check (observed on redis-server 7.0.15, unchanged in 7.4): for a signed type
  // narrower than 64 bits, max - value is computed in 64-bit arithmetic; when it does not fit (a
  // SET value below max - (2^63 - 1)), the value counts as an overflow upward: SAT gives max.
  if (signed && bits < 64 && max - value > 9223372036854775807n) r = 1;
  if (r === 0) return { r };
  if (ow === 0) return { r, limit: signed ? BigInt.asIntN(bits, sum) : BigInt.asUintN(bits, sum) };
  if (ow === 1) return { r, limit: r > 0 ? max : min };
  return { r };
}

// ---- helpers over a module ---------------------------------------------------------------------

function u8(m: Mod): Uint8Array { return new Uint8Array(m.memory.buffer); }
function put(m: Mod, at: number, b: Uint8Array): void { u8(m).set(b, at); }
function get(m: Mod, at: number, n: number): Uint8Array { return u8(m).slice(at, at + n); }

function randBytes(r: () => number, n: number, style: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    b[i] = style === 0 ? Math.floor(r() * 256) : style === 1 ? 0 : 255;
  }
  // sparse styles get a few random bytes so that searches have something to find
  if (style !== 0 && n > 0) {
    const k = Math.floor(r() * 3);
    for (let j = 0; j < k; j++) b[Math.floor(r() * n)] = Math.floor(r() * 256);
  }
  return b;
}

function lengths(r: () => number): number[] {
  const out: number[] = [];
  for (let n = 0; n <= 130; n++) out.push(n);
  for (let k = 0; k < 40; k++) out.push(Math.floor(r() * 300));
  out.push(1000, 4095, 4096, 4097, 65536 + 13, 1 << 20, (1 << 20) + 77);
  return out;
}

const SEED = Number(process.env.CINNABAR_SEED ?? 0xb17b17);

for (const simd of [true, false]) {
  describe(`ds/bitops (${simd ? 'built with SIMD' : 'built without SIMD'})`, () => {
    let m: Mod;
    beforeAll(async () => {
      const file = simd ? ensureSimdWasm() : ensureTestAbiWasm('bitops');
      m = await load(file, simd);
    }, 120_000);

    it('reports whether the SIMD paths were compiled in', () => {
      expect(m.x.t_simdCompiled()).toBe(simd ? 1 : 0);
    });

    it('popcount: both paths match the reference (unaligned starts, lengths 0..300 and large)', () => {
      const r = mulberry32(SEED);
      for (const n of lengths(r)) {
        for (const align of [0, 1, 3, 7, 8, 13, 15]) {
          const style = Math.floor(r() * 3);
          const b = randBytes(r, n, style);
          const at = m.S + 64 + align;
          put(m, at, b);
          const want = refPopcount(b);
          expect(m.x.t_popcountScalar(at, n), `scalar n=${n} align=${align}`).toBe(want);
          expect(m.x.t_popcountSimd(at, n), `simd n=${n} align=${align}`).toBe(want);
          if (n > 5000) break; // large lengths: one alignment is enough
        }
      }
    });

    it('popcount: all-ones buffers (per-lane counters at their limits)', () => {
      for (const n of [64 * 7, 64 * 7 + 1, 64 * 8, 64 * 100 + 15, 3 << 20]) {
        const b = new Uint8Array(n).fill(255);
        put(m, m.S + 1, b);
        expect(m.x.t_popcountScalar(m.S + 1, n)).toBe(n * 8);
        expect(m.x.t_popcountSimd(m.S + 1, n)).toBe(n * 8);
      }
    });

    it('bitpos: both paths match the reference for bit 0 and bit 1', () => {
      const r = mulberry32(SEED + 1);
      for (const n of lengths(r)) {
        for (const align of [0, 1, 5, 8, 11]) {
          for (const bit of [0, 1]) {
            // mostly the "skip" byte value, so the search must walk to a late or missing hit
            const b = randBytes(r, n, bit ? 1 : 2);
            if (r() < 0.3 && n > 0) b[n - 1] = bit ? 1 : 0xfe;
            const at = m.S + 64 + align;
            put(m, at, b);
            const want = refBitpos(b, bit);
            expect(m.x.t_bitposScalar(at, n, bit), `scalar n=${n} bit=${bit}`).toBe(want);
            expect(m.x.t_bitposSimd(at, n, bit), `simd n=${n} bit=${bit}`).toBe(want);
          }
          if (n > 5000) break;
        }
      }
    });

    it('bitpos: a single hit at every position of a 200-byte buffer', () => {
      for (const bit of [0, 1]) {
        for (let pos = 0; pos < 200 * 8; pos += 3) {
          const b = new Uint8Array(200).fill(bit ? 0 : 255);
          b[pos >> 3] ^= 1 << (7 - (pos & 7));
          put(m, m.S + 3, b);
          expect(m.x.t_bitposScalar(m.S + 3, 200, bit)).toBe(pos);
          expect(m.x.t_bitposSimd(m.S + 3, 200, bit)).toBe(pos);
        }
      }
    });

    it('bitop: AND/OR/XOR/NOT over 1..7 sources of mixed lengths match the reference, nothing past maxlen is written', () => {
      const r = mulberry32(SEED + 2);
      const dv = () => new DataView(m.memory.buffer);
      for (let iter = 0; iter < 600; iter++) {
        const op = Math.floor(r() * 4);
        const count = op === 3 ? 1 : 1 + Math.floor(r() * 7);
        const big = r() < 0.05;
        const srcs: Uint8Array[] = [];
        for (let j = 0; j < count; j++) {
          const n = r() < 0.1 ? 0 : Math.floor(r() * (big ? 70000 : 150));
          srcs.push(randBytes(r, n, r() < 0.7 ? 0 : 1 + Math.floor(r() * 2)));
        }
        const want = refBitop(op, srcs);
        for (const path of ['t_bitopScalar', 't_bitopSimd']) {
          const tab = m.S;
          let at = m.S + 256 + Math.floor(r() * 16);
          const ptrs: number[] = [];
          for (const s of srcs) { put(m, at, s); ptrs.push(at); at += s.length + 1 + Math.floor(r() * 17); }
          const dst = at + Math.floor(r() * 16);
          u8(m).fill(0xa5, dst, dst + want.length + 32);
          for (let j = 0; j < count; j++) {
            dv().setUint32(tab + 4 * j, ptrs[j], true);
            dv().setUint32(tab + 128 + 4 * j, srcs[j].length, true);
          }
          const got = m.x[path](op, dst, tab, tab + 128, count);
          expect(got, `${path} op=${op} maxlen`).toBe(want.length);
          expect(Buffer.from(get(m, dst, want.length)).equals(Buffer.from(want)), `${path} op=${op} count=${count} lens=${srcs.map((s) => s.length)}`).toBe(true);
          expect([...get(m, dst + want.length, 32)].every((v) => v === 0xa5), `${path} wrote past maxlen`).toBe(true);
        }
      }
    });

    it('bit fields: get/set of 1..64 bits at any offset match the reference and leave neighbours alone', () => {
      const r = mulberry32(SEED + 3);
      for (let iter = 0; iter < 3000; iter++) {
        const bits = 1 + Math.floor(r() * 64);
        const off = Math.floor(r() * 200);
        const b = randBytes(r, 40, 0);
        const at = m.S + 16;
        put(m, at, b);
        const want = refGetField(b, off, bits);
        expect(BigInt.asUintN(64, m.x.t_getUnsigned(at, BigInt(off), bits))).toBe(want);
        expect(m.x.t_getSigned(at, BigInt(off), bits)).toBe(BigInt.asIntN(bits, want));
        const v = BigInt.asUintN(64, BigInt(Math.floor(r() * 2 ** 32)) << 32n | BigInt(Math.floor(r() * 2 ** 32)));
        m.x.t_setField(at, BigInt(off), bits, BigInt.asIntN(64, v));
        refSetField(b, off, bits, BigInt.asUintN(bits, v));
        expect(Buffer.from(get(m, at, 40)).equals(Buffer.from(b)), `set bits=${bits} off=${off}`).toBe(true);
      }
    });

    it('overflow checks match the documented WRAP/SAT/FAIL rules for every width, at the boundaries', () => {
      const r = mulberry32(SEED + 4);
      const I64 = (v: bigint) => BigInt.asIntN(64, v);
      for (let bits = 1; bits <= 64; bits++) {
        for (const signed of [true, false]) {
          if (!signed && bits === 64) continue; // u64 is not a valid type
          const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
          const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
          const edges = [min, min + 1n, -1n, 0n, 1n, max - 1n, max, max + 1n, min - 1n, 2n * max, -2n * max,
            9223372036854775807n, -9223372036854775808n];
          const rnd64 = () => I64(BigInt(Math.floor(r() * 2 ** 32)) << 32n | BigInt(Math.floor(r() * 2 ** 32)));
          const values: bigint[] = [];
          for (const e of edges) if (e >= -(1n << 63n) && e < (1n << 63n)) values.push(e);
          for (let k = 0; k < 6; k++) values.push(I64(min + BigInt(Math.floor(r() * 1e9)) % (max - min + 1n)), rnd64());
          for (const ow of [0, 1, 2]) {
            // INCRBY: the current value is always in range (it was read from the field)
            for (const cur of values.filter((v) => v >= min && v <= max)) {
              for (const incr of values) {
                const want = refOverflow(signed, bits, cur, incr, ow);
                const got = signed ? m.x.t_checkSigned(cur, incr, bits, ow) : m.x.t_checkUnsigned(BigInt.asUintN(64, cur), incr, bits, ow);
                expect(got, `${signed ? 'i' : 'u'}${bits} ${cur}+${incr} ow=${ow}`).toBe(want.r);
                if (got !== 0 && want.limit !== undefined) {
                  const lim = m.x.t_fieldLimit();
                  expect(signed ? BigInt.asIntN(64, lim) : BigInt.asUintN(64, lim), `${signed ? 'i' : 'u'}${bits} ${cur}+${incr} ow=${ow} limit`).toBe(want.limit);
                }
              }
            }
            // SET: any i64 value, checked as value + 0 (unsigned sees the u64 reading)
            for (const v of values) {
              const val = signed ? v : BigInt.asUintN(64, v);
              const want = refOverflow(signed, bits, val, 0n, ow);
              const got = signed ? m.x.t_checkSigned(v, 0n, bits, ow) : m.x.t_checkUnsigned(val, 0n, bits, ow);
              expect(got, `SET ${signed ? 'i' : 'u'}${bits} ${v} ow=${ow}`).toBe(want.r);
              if (got !== 0 && want.limit !== undefined) {
                const lim = m.x.t_fieldLimit();
                expect(signed ? BigInt.asIntN(64, lim) : BigInt.asUintN(64, lim)).toBe(want.limit);
              }
            }
          }
        }
      }
    });
  });
}
