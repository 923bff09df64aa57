// ds/hyperloglog.ts through the test ABI (assembly/test-abi/hyperloglog.ts -> build/test-hyperloglog.wasm).
//
// Checked against: an independent BigInt MurmurHash64A and bit-packing model written here from the
// format description; golden register positions, byte digests and estimates observed on
// redis-server 7.0.15; and -- when /usr/bin/redis-server is installed -- live, by adding the same
// random elements on a real server and comparing its value bytes with what the sparse edits produce.
import { instantiateTestAbi } from '../helpers/test-wasm.ts';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import crypto from 'node:crypto';
import { startRedis, RawClient, redisMissingReason, type TestServer } from '../helpers/servers.ts';
import { mulberry32 } from '../helpers/gen.ts';

const REGS = 16384;
const HDR = 16;
const DENSE_SIZE = HDR + 12288;

let x: any;
let memory: WebAssembly.Memory;
let S = 0;

beforeAll(async () => {
  ({ x, memory, scratch: S } = await instantiateTestAbi('hyperloglog', 64));
}, 120_000);

const u8 = () => new Uint8Array(memory.buffer);
function put(b: Buffer | string, at = S): number {
  const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
  u8().set(buf, at);
  return buf.length;
}
const mem = (p: number, n: number) => Buffer.from(u8().slice(p, p + n));
const sha1 = (b: Buffer) => crypto.createHash('sha1').update(b).digest('hex');

// ---- independent models ---------------------------------------------------------------------------

const M64 = (1n << 64n) - 1n;
function murmurModel(data: Buffer, seed: bigint): bigint {
  const m = 0xc6a4a7935bd1e995n;
  let h = (seed ^ ((BigInt(data.length) * m) & M64)) & M64;
  const n8 = data.length - (data.length % 8);
  for (let i = 0; i < n8; i += 8) {
    let k = data.readBigUInt64LE(i);
    k = (k * m) & M64; k ^= k >> 47n; k = (k * m) & M64;
    h ^= k; h = (h * m) & M64;
  }
  const rest = data.length % 8;
  if (rest) {
    let t = 0n;
    for (let i = rest - 1; i >= 0; i--) t = (t << 8n) | BigInt(data[n8 + i]);
    h ^= t; h = (h * m) & M64;
  }
  h ^= h >> 47n; h = (h * m) & M64; h ^= h >> 47n;
  return h;
}
/** [register index, value] an element proposes. */
function patModel(el: Buffer): [number, number] {
  const h = murmurModel(el, 0xadc83b19n);
  let rest = (h >> 14n) | (1n << 50n);
  let c = 1;
  while ((rest & 1n) === 0n) { rest >>= 1n; c++; }
  return [Number(h & 16383n), c];
}
function denseGetModel(regs: Buffer, i: number): number {
  let v = 0;
  for (let b = 0; b < 6; b++) {
    const bit = i * 6 + b;
    if (regs[bit >> 3] & (1 << (bit & 7))) v |= 1 << b;
  }
  return v;
}
/** Registers of a sparse value from the opcode description; null if they do not cover 16384. */
function sparseModel(v: Buffer): number[] | null {
  const regs: number[] = [];
  for (let i = HDR; i < v.length;) {
    const b = v[i];
    if ((b & 0xc0) === 0) { for (let k = 0; k <= (b & 63); k++) regs.push(0); i++; }
    else if ((b & 0xc0) === 0x40) { const n = (((b & 63) << 8) | (v[i + 1] ?? 0)) + 1; for (let k = 0; k < n; k++) regs.push(0); i += 2; }
    else { for (let k = 0; k <= (b & 3); k++) regs.push(((b >> 2) & 31) + 1); i++; }
    if (regs.length > REGS) return null;
  }
  return regs.length === REGS ? regs : null;
}
/** Ertl's improved raw estimator, written from the paper (arXiv:1702.01284), as Redis rounds it. */
function estimateModel(regs: number[]): number {
  const m = REGS, q = 50;
  const c = new Array(64).fill(0);
  for (const r of regs) c[r]++;
  const sigma = (x0: number) => {
    if (x0 === 1) return Infinity;
    let xx = x0, y = 1, z = x0, prev;
    do { xx *= xx; prev = z; z += xx * y; y += y; } while (prev !== z);
    return z;
  };
  const tau = (x0: number) => {
    if (x0 === 0 || x0 === 1) return 0;
    let xx = x0, y = 1, z = 1 - x0, prev;
    do { xx = Math.sqrt(xx); prev = z; y *= 0.5; z -= (1 - xx) * (1 - xx) * y; } while (prev !== z);
    return z / 3;
  };
  let z = m * tau((m - c[q + 1]) / m);
  for (let k = q; k >= 1; k--) { z += c[k]; z *= 0.5; }
  z += m * sigma(c[0] / m);
  const e = (0.721347520444481703680 * m * m) / z;
  return Math.trunc(e) + (e - Math.trunc(e) >= 0.5 ? 1 : 0);
}

// ---- wasm-side helpers ------------------------------------------------------------------------------

/** A sparse value built by adding elements one at a time; null once it needed promotion. */
class Sparse {
  p: number;
  len = 18;
  promoted = false;
  constructor(readonly cap = 1 << 16, readonly maxBytes = 3000) {
    this.p = x.t_alloc(cap + 8);
    x.t_initSparse(this.p);
  }
  add(el: Buffer | string): number {
    const n = put(el);
    const count = x.t_patLen(S, n);
    return this.set(x.t_patIndex(), count);
  }
  set(index: number, count: number): number {
    const r = x.t_sparseSet(this.p, this.len, index, count, this.maxBytes);
    if (r === 1) this.len = x.t_sparseLen();
    if (r === 2) this.promoted = true;
    return r;
  }
  bytes(): Buffer { return mem(this.p, this.len); }
  free(): void { x.t_free(this.p); }
}

function denseFrom(sparse: Buffer): { p: number; ok: boolean } {
  const src = x.t_alloc(sparse.length + 8);
  put(sparse, src);
  const dst = x.t_alloc(DENSE_SIZE);
  const ok = x.t_sparseToDense(src, sparse.length, dst) === 1;
  x.t_free(src);
  return { p: dst, ok };
}
function countOf(v: Buffer): { card: bigint; invalid: boolean } {
  const p = x.t_alloc(v.length + 8);
  put(v, p);
  const card = x.t_count(p, v.length);
  const invalid = x.t_countInvalid() === 1;
  x.t_free(p);
  return { card, invalid };
}

// ---- tests ---------------------------------------------------------------------------------------------

describe('ds/hyperloglog: hashing', () => {
  it('MurmurHash64A matches an independent model for every tail length and several seeds', () => {
    const r = mulberry32(7);
    for (let len = 0; len <= 70; len++) {
      for (const seed of [0, 0xadc83b19, 0xffffffff, 12345]) {
        const b = Buffer.from(Array.from({ length: len }, () => Math.floor(r() * 256)));
        const n = put(b);
        expect(BigInt.asUintN(64, x.t_murmur(S, n, seed))).toBe(murmurModel(b, BigInt(seed)));
      }
    }
  });

  it('register index and run length match redis-server 7.0.15 (PFDEBUG DECODE of one element)', () => {
    // [element, register, value] as decoded by redis-server after PFADD of that single element
    const golden: Array<[string, number, number]> = [
      ['a', 12711, 2], ['b', 15780, 1], ['c', 8436, 1], ['hello', 9216, 1], ['', 5938, 2],
      ['0', 13225, 4], ['1', 7527, 1], ['foo-1', 4760, 1],
    ];
    for (const [el, idx, v] of golden) {
      const n = put(el);
      expect(x.t_patLen(S, n), el).toBe(v);
      expect(x.t_patIndex(), el).toBe(idx);
      expect(patModel(Buffer.from(el, 'latin1'))).toEqual([idx, v]);
    }
  });

  it('rare long runs: 8-byte elements whose value is 31, 32 and 33', () => {
    // found by brute force over little-endian u64 counters; 33 does not fit a sparse VAL opcode
    for (const [n, idx, v] of [[2495686951n, 10136, 31], [5587430513n, 5903, 32], [3130853818n, 3655, 33]] as const) {
      const b = Buffer.alloc(8); b.writeBigUInt64LE(n);
      put(b);
      expect(x.t_patLen(S, 8)).toBe(v);
      expect(x.t_patIndex()).toBe(idx);
    }
  });
});

describe('ds/hyperloglog: dense registers', () => {
  it('6-bit packing matches a bit-stream model at every alignment, including both ends', () => {
    const regs = x.t_alloc(12288 + 8);
    const r = mulberry32(11);
    const want = new Array(REGS).fill(0);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < REGS; i++) { want[i] = Math.floor(r() * 64); x.t_denseSet(regs, i, want[i]); }
      const bytes = mem(regs, 12288);
      for (let i = 0; i < REGS; i++) {
        expect(x.t_denseGet(regs, i)).toBe(want[i]);
        if (i < 8 || i > REGS - 8 || i % 997 === 0) expect(denseGetModel(bytes, i)).toBe(want[i]);
      }
    }
    // a write never spills into the byte after the array
    u8()[regs + 12288] = 0xa5;
    x.t_denseSet(regs, REGS - 1, 63);
    expect(u8()[regs + 12288]).toBe(0xa5);
    expect(x.t_denseRaise(regs, 0, 0)).toBe(0);
    x.t_denseSet(regs, 0, 5);
    expect(x.t_denseRaise(regs, 0, 5)).toBe(0);
    expect(x.t_denseRaise(regs, 0, 6)).toBe(1);
    expect(x.t_denseGet(regs, 0)).toBe(6);
    x.t_free(regs);
  });
});

describe('ds/hyperloglog: sparse encoding', () => {
  it('a new value is the header plus one XZERO of 16384, cache valid and zero', () => {
    const s = new Sparse();
    expect(s.bytes().toString('hex')).toBe('48594c4c01000000' + '0000000000000000' + '7fff');
    expect(x.t_looksValid(s.p, 18)).toBe(1);
    expect(x.t_cacheValid(s.p)).toBe(1);
    s.free();
  });

  it('adds produce exactly redis-server 7.0.15 bytes (1000 elements, digest)', () => {
    const s = new Sparse();
    for (let i = 1; i <= 1000; i++) s.add(`e${i}`);
    expect(s.promoted).toBe(false);
    expect(s.len).toBe(1906);
    expect(sha1(s.bytes())).toBe('af101540f9439a45780adf0c4a4d471e895c3797');
    const { card, invalid } = countOf(s.bytes());
    expect(invalid).toBe(false);
    expect(card).toBe(1008n);
    s.free();
  });

  it('random edits keep the opcodes equal to a register model, within hll-sparse-max-bytes', () => {
    const r = mulberry32(3);
    for (const maxBytes of [18, 30, 100, 500, 3000, 60000]) {
      const s = new Sparse(1 << 17, maxBytes);
      const model = new Array(REGS).fill(0);
      for (let k = 0; k < 4000 && !s.promoted; k++) {
        // mostly hashed elements, sometimes direct register writes incl. values up to 33
        let idx: number, v: number;
        if (r() < 0.7) { [idx, v] = patModel(Buffer.from(`k${k}-${maxBytes}`)); }
        else { idx = r() < 0.2 ? (r() < 0.5 ? 0 : REGS - 1) : Math.floor(r() * REGS); v = 1 + Math.floor(r() * 33); }
        const res = s.set(idx, v);
        if (res === 2) { expect(v > 32 || s.len + 3 > maxBytes).toBe(true); break; }
        expect(res).toBe(v > model[idx] ? 1 : 0);
        if (res === 1) model[idx] = v;
        expect(s.len).toBeLessThanOrEqual(Math.max(maxBytes, 18));
        if (k % 97 === 0) expect(sparseModel(s.bytes())).toEqual(model);
      }
      expect(sparseModel(s.bytes())).toEqual(model);
      // the dense conversion keeps every register and the header
      const d = denseFrom(s.bytes());
      expect(d.ok).toBe(true);
      const dense = mem(d.p, DENSE_SIZE);
      expect(dense.subarray(0, 4).toString()).toBe('HYLL');
      expect(dense[4]).toBe(0);
      expect(dense.subarray(8, 16)).toEqual(s.bytes().subarray(8, 16));
      const sm = sparseModel(s.bytes())!;
      for (let i = 0; i < REGS; i += 7) expect(x.t_denseGet(d.p + HDR, i)).toBe(sm[i]);
      // same estimate from both encodings
      expect(countOf(dense).card).toBe(countOf(s.bytes()).card);
      x.t_free(d.p);
      s.free();
    }
  });

  it('a value above 32 asks for promotion without touching the bytes', () => {
    const s = new Sparse();
    s.add('a');
    const before = s.bytes();
    expect(s.set(100, 33)).toBe(2);
    expect(s.bytes()).toEqual(before);
    s.free();
  });

  it('PFDEBUG DECODE text', () => {
    const s = new Sparse();
    for (const el of ['a', 'b', 'c']) s.add(el);
    const out = S + 4096;
    const n = x.t_decode(s.p, s.len, out);
    expect(n).toBeLessThanOrEqual(x.t_decodeBound(s.len));
    expect(mem(out, n).toString()).toBe('Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603');
    s.free();
  });
});

describe('ds/hyperloglog: estimator and merging', () => {
  it('matches an independent implementation of the estimator on random register sets', () => {
    const r = mulberry32(5);
    for (let round = 0; round < 40; round++) {
      const fill = r();
      const regs = Array.from({ length: REGS }, () => (r() < fill ? Math.min(51, 1 + Math.floor(-Math.log2(r() + 1e-12))) : 0));
      const max = x.t_maxRegs();
      u8().set(Uint8Array.from(regs), max);
      expect(Number(x.t_countRaw(max))).toBe(estimateModel(regs));
      // dense packing of the same registers counts the same
      const d = x.t_alloc(DENSE_SIZE);
      put(Buffer.from('HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80', 'latin1'), d);
      x.t_packDense(d + HDR, max);
      expect(Number(x.t_count(d, DENSE_SIZE))).toBe(estimateModel(regs));
      x.t_free(d);
    }
    // all zero: 0
    x.t_maxClear();
    expect(x.t_countRaw(x.t_maxRegs())).toBe(0n);
  });

  it('estimates of 20000 and 100000 elements match redis-server 7.0.15', () => {
    for (const [n, card] of [[20000, 19899n], [100000, 100853n]] as const) {
      const d = x.t_alloc(DENSE_SIZE);
      put(Buffer.from('HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80', 'latin1'), d);
      for (let i = 1; i <= n; i++) {
        const len = put(`e${i}`);
        const c = x.t_patLen(S, len);
        x.t_denseRaise(d + HDR, x.t_patIndex(), c);
      }
      expect(x.t_count(d, DENSE_SIZE)).toBe(card);
      x.t_free(d);
    }
  });

  it('merging sparse and dense values takes the register maximum', () => {
    const a = new Sparse(), b = new Sparse();
    for (let i = 0; i < 300; i++) { a.add(`a${i}`); b.add(`b${i}`); a.add(`both${i}`); b.add(`both${i}`); }
    const bd = denseFrom(b.bytes());
    const max = x.t_maxRegs();
    x.t_maxClear();
    expect(x.t_mergeInto(max, a.p, a.len)).toBe(1);
    expect(x.t_mergeInto(max, bd.p, DENSE_SIZE)).toBe(1);
    const ma = sparseModel(a.bytes())!, mb = sparseModel(b.bytes())!;
    const got = Array.from(mem(max, REGS));
    expect(got).toEqual(ma.map((v, i) => Math.max(v, mb[i])));
    const est = Number(x.t_countRaw(max));
    expect(Math.abs(est - 900)).toBeLessThan(900 * 0.05);
    a.free(); b.free(); x.t_free(bd.p);
  });
});

describe('ds/hyperloglog: corrupt values', () => {
  it('shape checks: magic, encoding, dense size, header length', () => {
    const ok = Buffer.from('48594c4c010000000000000000000000' + '7fff', 'hex');
    const t = (b: Buffer) => { const p = x.t_alloc(b.length + 16); put(b, p); const r = x.t_looksValid(p, b.length); x.t_free(p); return r; };
    expect(t(ok)).toBe(1);
    expect(t(ok.subarray(0, 15))).toBe(0);
    expect(t(ok.subarray(0, 16))).toBe(1); // no opcodes: shape is fine, contents are not
    expect(t(Buffer.concat([Buffer.from('HYLX'), ok.subarray(4)]))).toBe(0);
    const enc2 = Buffer.from(ok); enc2[4] = 2; expect(t(enc2)).toBe(0);
    const dense = Buffer.from(ok); dense[4] = 0; expect(t(dense)).toBe(0);
    const full = Buffer.alloc(DENSE_SIZE); ok.copy(full, 0, 0, 16); full[4] = 0; expect(t(full)).toBe(1);
  });

  it('opcodes that do not cover 16384 registers are invalid everywhere; truncated XZERO reads a zero byte', () => {
    const hdr = Buffer.from('48594c4c010000000000000000000080', 'hex');
    const cases: Array<[string, boolean]> = [
      ['7fff', true], ['7ffe', false], ['7fff00', false], ['7f', false], ['', false],
      ['7ffe80', true], ['7ffd83', false], ['7ffb83', true], ['3f'.repeat(256), true], ['7f', false],
      ['40ff' + '7eff', true], ['ff'.repeat(4096), true], ['ff'.repeat(4097), false],
    ];
    for (const [ops, valid] of cases) {
      const v = Buffer.concat([hdr, Buffer.from(ops, 'hex')]);
      expect(sparseModel(v) !== null, ops).toBe(valid);
      expect(countOf(v).invalid, ops).toBe(!valid);
      const d = denseFrom(v);
      expect(d.ok, ops).toBe(valid);
      x.t_free(d.p);
      x.t_maxClear();
      const p = x.t_alloc(v.length + 8); put(v, p);
      expect(x.t_mergeInto(x.t_maxRegs(), p, v.length) === 1, ops).toBe(valid);
      x.t_free(p);
    }
    // a trailing lone XZERO byte 0x7f takes its length byte from the terminator: 0x3f00+1 registers
    const v = Buffer.concat([hdr, Buffer.from('40ff7f', 'hex')]);
    const out = S + 8192; const p = x.t_alloc(v.length + 8); put(v, p);
    expect(mem(out, x.t_decode(p, v.length, out)).toString()).toBe('Z:256 Z:16129');
    x.t_free(p);
  });

  it('random byte flips, truncations and extensions never trap and agree with the register model', () => {
    const r = mulberry32(99);
    for (let round = 0; round < 400; round++) {
      const s = new Sparse();
      const n = Math.floor(r() * 400);
      for (let i = 0; i < n; i++) s.add(`f${round}-${i}`);
      let v = Buffer.from(s.bytes());
      s.free();
      const kind = r();
      if (kind < 0.5) { for (let k = 0; k < 1 + Math.floor(r() * 4); k++) v[HDR + Math.floor(r() * (v.length - HDR))] = Math.floor(r() * 256); }
      else if (kind < 0.75) v = v.subarray(0, HDR + Math.floor(r() * (v.length - HDR)));
      else v = Buffer.concat([v, Buffer.from(Array.from({ length: 1 + Math.floor(r() * 6) }, () => Math.floor(r() * 256)))]);
      const model = sparseModel(v);
      expect(countOf(v).invalid).toBe(model === null);
      const d = denseFrom(v);
      expect(d.ok).toBe(model !== null);
      x.t_free(d.p);
      // an edit on a corrupt value fails or succeeds, but never writes out of bounds
      const p = x.t_alloc(v.length + 16);
      put(v, p);
      const guard = p + v.length + 8;
      u8().fill(0x5a, guard, guard + 8);
      const res = x.t_sparseSet(p, v.length, Math.floor(r() * REGS), 1 + Math.floor(r() * 32), 3000);
      expect([-1, 0, 1, 2]).toContain(res);
      expect(mem(guard, 8).equals(Buffer.alloc(8, 0x5a))).toBe(true);
      x.t_free(p);
    }
    // dense values: any register bytes are valid
    const dv = Buffer.alloc(DENSE_SIZE); dv.write('HYLL'); crypto.randomFillSync(dv, HDR);
    expect(countOf(dv).invalid).toBe(false);
  });
});

// ---- live: the same edits on a real redis-server ----------------------------------------------------

const reason = redisMissingReason();
(reason ? describe.skip : describe)(`ds/hyperloglog vs redis-server${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let srv: TestServer | null = null;
  let c: RawClient;
  beforeAll(async () => { srv = await startRedis(); c = await RawClient.connect(srv!.port); }, 30_000);
  afterAll(async () => { c?.close(); await srv?.stop(); });

  it('random element streams give byte-identical sparse values and the same promotion point', async () => {
    const r = mulberry32(2024);
    for (const maxBytes of [40, 200, 3000]) {
      await c.call('CONFIG', 'SET', 'hll-sparse-max-bytes', String(maxBytes));
      for (let run = 0; run < 6; run++) {
        await c.call('DEL', 'h');
        await c.call('PFADD', 'h');
        const s = new Sparse(1 << 16, maxBytes);
        for (let step = 0; step < 400 && !s.promoted; step++) {
          const els = Array.from({ length: 1 + Math.floor(r() * 5) }, () => Buffer.from(`${Math.floor(r() * 1e9)}`));
          await c.call('PFADD', 'h', ...els);
          for (const el of els) { if (!s.promoted) s.add(el); }
          const got = await c.call('GET', 'h');
          const theirs = got.subarray(got.indexOf(13) + 2, got.length - 2);
          if (s.promoted) { expect(theirs.length).toBe(DENSE_SIZE); break; }
          expect(theirs.equals(s.bytes()), `max ${maxBytes} run ${run} step ${step}`).toBe(true);
        }
        s.free();
      }
    }
  }, 60_000);
});
