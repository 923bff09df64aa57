// ds/rax.ts through the test ABI (assembly/test-abi/rax.ts -> build/test-rax.wasm): seeded random
// operation sequences checked against a JS Map kept sorted by memcmp-then-length order, plus the
// tree's own structural self-check (ordering, separators, leaf links, counts, byte accounting).
import { instantiateTestAbi } from '../helpers/test-wasm.ts';
import { describe, it, expect, beforeAll } from 'vitest';

let x: any;
let memory: WebAssembly.Memory;
let S = 0;

beforeAll(async () => {
  ({ x, memory, scratch: S } = await instantiateTestAbi('rax', 32));
}, 120_000);

const u8 = () => new Uint8Array(memory.buffer);
function put(b: Buffer): number { u8().set(b, S); return b.length; }
function mem(p: number, n: number): Buffer { return Buffer.from(u8().slice(p, p + n)); }

const SEEK = { FIRST: 0, LAST: 1, GE: 2, GT: 3, LE: 4, LT: 5, EQ: 6 } as const;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}
const cmp = (a: Buffer, b: Buffer) => Buffer.compare(a, b);
const hex = (b: Buffer) => b.toString('hex');

/** The reference: a Map for values plus an array of keys kept sorted by binary insertion. */
class Model {
  m = new Map<string, number>();
  keys: Buffer[] = [];
  private pos(k: Buffer): number {
    let lo = 0, hi = this.keys.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cmp(this.keys[mid], k) < 0) lo = mid + 1; else hi = mid; }
    return lo;
  }
  set(k: Buffer, v: number): void {
    if (!this.m.has(hex(k))) this.keys.splice(this.pos(k), 0, k);
    this.m.set(hex(k), v);
  }
  delete(k: Buffer): void {
    if (!this.m.delete(hex(k))) return;
    this.keys.splice(this.pos(k), 1);
  }
  sorted(): Buffer[] { return this.keys; }
  /** Index of the element a seek should land on, or -1. */
  seek(op: number, k: Buffer): number {
    const n = this.keys.length;
    const lb = this.pos(k);
    const eq = lb < n && cmp(this.keys[lb], k) === 0;
    switch (op) {
      case SEEK.FIRST: return n ? 0 : -1;
      case SEEK.LAST: return n - 1;
      case SEEK.GE: return lb < n ? lb : -1;
      case SEEK.GT: { const i = eq ? lb + 1 : lb; return i < n ? i : -1; }
      case SEEK.EQ: return eq ? lb : -1;
      case SEEK.LE: return eq ? lb : lb - 1;
      case SEEK.LT: return lb - 1;
    }
    return -1;
  }
}

function idKey(ms: bigint, seq: bigint): Buffer {
  const b = Buffer.alloc(16);
  b.writeBigUInt64BE(ms, 0); b.writeBigUInt64BE(seq, 8);
  return b;
}

function itKey(): Buffer { return mem(x.t_itKey(), x.t_itKeyLen()); }

function checkAll(r: number, model: Model): void {
  expect(x.t_raxCheck(r)).toBe(1);
  expect(x.t_raxSize(r)).toBe(model.m.size);
  const keys = model.sorted();
  x.t_itStart(r);
  x.t_itSeek(SEEK.FIRST, 0, 0);
  const fwd: string[] = [];
  while (x.t_itNext()) { fwd.push(hex(itKey())); expect(x.t_itVal()).toBe(model.m.get(hex(itKey()))); }
  expect(fwd).toEqual(keys.map(hex));
  x.t_itSeek(SEEK.LAST, 0, 0);
  const back: string[] = [];
  while (x.t_itPrev()) back.push(hex(itKey()));
  expect(back).toEqual(keys.map(hex).reverse());
}

function runRandom(seed: number, ops: number, genKey: (r: () => number) => Buffer) {
  const R = rng(seed);
  const r = x.t_raxNew();
  const model = new Model();
  const base = x.t_used();
  for (let i = 0; i < ops; i++) {
    const k = genKey(R);
    const p = R();
    const h = hex(k);
    if (p < 0.45) {
      const v = (R() * 0x7fffffff) | 0;
      const isNew = x.t_raxInsert(r, S, put(k), v);
      expect(isNew).toBe(model.m.has(h) ? 0 : 1);
      if (!isNew) expect(x.t_raxOld()).toBe(model.m.get(h));
      model.set(k, v);
    } else if (p < 0.55) {
      const v = (R() * 0x7fffffff) | 0;
      const ok = x.t_raxTryInsert(r, S, put(k), v);
      expect(ok).toBe(model.m.has(h) ? 0 : 1);
      if (ok) model.set(k, v); else expect(x.t_raxOld()).toBe(model.m.get(h));
    } else if (p < 0.85) {
      const ok = x.t_raxRemove(r, S, put(k));
      expect(ok).toBe(model.m.has(h) ? 1 : 0);
      if (ok) { expect(x.t_raxOld()).toBe(model.m.get(h)); model.delete(k); }
    } else if (p < 0.92) {
      const ok = x.t_raxFind(r, S, put(k));
      expect(ok).toBe(model.m.has(h) ? 1 : 0);
      if (ok) expect(x.t_raxVal()).toBe(model.m.get(h));
    } else {
      const keys = model.sorted();
      const op = Math.floor(R() * 7);
      const want = model.seek(op, k);
      x.t_itStart(r);
      const found = x.t_itSeek(op, S, put(k));
      expect(found).toBe(want >= 0 ? 1 : 0);
      if (want >= 0) {
        // the first next/prev after a seek returns the sought element, then moves
        const forward = R() < 0.5;
        expect(forward ? x.t_itNext() : x.t_itPrev()).toBe(1);
        expect(hex(itKey())).toBe(hex(keys[want]));
        const steps = Math.floor(R() * 40);
        let at = want;
        for (let s = 0; s < steps; s++) {
          at += forward ? 1 : -1;
          const got = forward ? x.t_itNext() : x.t_itPrev();
          if (at < 0 || at >= keys.length) { expect(got).toBe(0); expect(x.t_itEOF()).toBe(1); break; }
          expect(got).toBe(1);
          expect(hex(itKey())).toBe(hex(keys[at]));
        }
      } else {
        expect(x.t_itNext()).toBe(0);
      }
    }
    if (i % 2999 === 0) checkAll(r, model);
  }
  checkAll(r, model);
  // drain through the iterator-and-remove pattern (copy key, remove, re-seek >=)
  x.t_itStart(r);
  let seeked = x.t_itSeek(SEEK.FIRST, 0, 0);
  while (seeked && x.t_itNext()) {
    const k = itKey();
    expect(x.t_raxRemove(r, S, put(k))).toBe(1);
    model.delete(k);
    seeked = x.t_itSeek(SEEK.GE, S, put(k));
  }
  expect(model.m.size).toBe(0);
  checkAll(r, model);
  x.t_raxFree(r);
  expect(x.t_used()).toBeLessThanOrEqual(base);
}

describe('rax', () => {
  it('empty tree: seeks fail, size 0', () => {
    const r = x.t_raxNew();
    expect(x.t_raxSize(r)).toBe(0);
    x.t_itStart(r);
    for (let op = 0; op < 7; op++) expect(x.t_itSeek(op, S, put(Buffer.from('a')))).toBe(0);
    expect(x.t_raxFind(r, S, put(Buffer.from('a')))).toBe(0);
    expect(x.t_raxRemove(r, S, put(Buffer.from('a')))).toBe(0);
    expect(x.t_raxCheck(r)).toBe(1);
    x.t_raxFree(r);
  });

  it('orders a prefix before its extensions, and the empty key first', () => {
    const r = x.t_raxNew();
    for (const k of ['ab', '', 'a', 'abc', 'b', 'a\x00', '\xff']) x.t_raxInsert(r, S, put(Buffer.from(k, 'latin1')), 1);
    x.t_itStart(r);
    x.t_itSeek(SEEK.FIRST, 0, 0);
    const out: string[] = [];
    while (x.t_itNext()) out.push(itKey().toString('latin1'));
    expect(out).toEqual(['', 'a', 'a\x00', 'ab', 'abc', 'b', '\xff']);
    x.t_raxFree(r);
  });

  it('random short keys with shared prefixes', () => {
    runRandom(1, 20000, R => {
      const n = Math.floor(R() * 6);
      return Buffer.from(Array.from({ length: n }, () => 97 + Math.floor(R() * 3)));
    });
  });

  it('random 16-byte IDs, dense', () => {
    runRandom(2, 30000, R => idKey(BigInt(Math.floor(R() * 400)), BigInt(Math.floor(R() * 8))));
  });

  it('random longer keys (big trees, several levels)', () => {
    runRandom(3, 40000, R => Buffer.from(`k${Math.floor(R() * 20000)}:${'x'.repeat(Math.floor(R() * 30))}`));
  });

  it('append-only then trim from the front (stream node index pattern)', () => {
    const r = x.t_raxNew();
    const model = new Model();
    for (let i = 0; i < 5000; i++) {
      const k = idKey(BigInt(1000 + i), 0n);
      x.t_raxInsert(r, S, put(k), i);
      model.set(k, i);
    }
    checkAll(r, model);
    // a full append-only tree keeps its leaves full: about 5000/30 leaves, not 5000/15
    expect(x.t_raxMemUsage(r)).toBeLessThan(5000 * 24 + 200 * 256 + 20 * 256);
    for (let i = 0; i < 4990; i++) {
      x.t_itStart(r);
      x.t_itSeek(SEEK.FIRST, 0, 0);
      x.t_itNext();
      const k = itKey();
      expect(x.t_raxRemove(r, S, put(k))).toBe(1);
      model.delete(k);
      if (i % 500 === 0) checkAll(r, model);
    }
    checkAll(r, model);
    x.t_raxFree(r);
  });

  it('raxItSetVal overwrites in place', () => {
    const r = x.t_raxNew();
    for (let i = 0; i < 100; i++) x.t_raxInsert(r, S, put(idKey(BigInt(i), 0n)), i);
    x.t_itStart(r);
    x.t_itSeek(SEEK.GE, S, put(idKey(50n, 0n)));
    x.t_itNext();
    x.t_itSetVal(12345);
    expect(x.t_raxFind(r, S, put(idKey(50n, 0n)))).toBe(1);
    expect(x.t_raxVal()).toBe(12345);
    x.t_raxFree(r);
  });
});
