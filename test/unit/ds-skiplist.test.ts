// ds/skiplist.ts through its test ABI (assembly/test-abi/skiplist.ts -> build/test-skiplist.wasm):
// random inserts, score updates and deletes checked against a sorted model after every batch (order,
// backward links, spans, ranks, dict), the p = 1/4 level distribution, score and lex ranges (first /
// last rank and deletion), the range-bound parsers, memory accounting (free returns every byte),
// COPY's deep duplicate, the accumulator mode used by ZUNION, and the "%.17g" formatter of ZSCAN.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Core } from '../../host/core.ts';
import { ROOT } from '../helpers/servers.ts';

const WASM = path.join(ROOT, 'build', 'test-skiplist.wasm');

function newestTs(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestTs(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

function buildWasm(): void {
  if (fs.existsSync(WASM) && fs.statSync(WASM).mtimeMs >= newestTs(path.join(ROOT, 'assembly'))) return;
  fs.mkdirSync(path.dirname(WASM), { recursive: true });
  const tmp = `${WASM}.${process.pid}.tmp`;
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'asc'), [
    'assembly/test-abi/skiplist.ts', '--config', '/dev/null', '--runtime', 'stub', '--importMemory',
    '--initialMemory', '64', '--maximumMemory', '65536', '--exportStart', '_start', '-O2', '--outFile', tmp,
  ], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  fs.renameSync(tmp, WASM);
}

type X = Record<string, (...a: number[]) => number>;
let core: Core;
let x: X;
let T = 0;

function put(s: string | Buffer, off = 0): number {
  const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
  core.bytes().set(b, T + off);
  return b.length;
}
function get(n: number, off = 0): string {
  return Buffer.from(core.bytes().subarray(T + off, T + off + n)).toString('latin1');
}

// --- the model: members sorted by (score, bytes) ---
interface El { m: string; s: number }
function cmpEl(a: El, b: El): number {
  if (a.s < b.s) return -1;
  if (a.s > b.s) return 1;
  return Buffer.compare(Buffer.from(a.m, 'latin1'), Buffer.from(b.m, 'latin1'));
}
class Model {
  map = new Map<string, number>();
  sorted(): El[] { return [...this.map].map(([m, s]) => ({ m, s })).sort(cmpEl); }
}

function add(zs: number, m: string, s: number): number { return x.t_zs_add(zs, s, put(m)); }
function del(zs: number, m: string): number { return x.t_zs_del(zs, put(m)); }
function walk(zs: number, reverse: boolean): string[] {
  const n = x.t_zs_walk(zs, reverse ? 1 : 0);
  const out: string[] = [];
  let off = 0;
  for (let i = 0; i < n; i++) {
    const l = new DataView(core.bytes().buffer, T + off, 4).getUint32(0, true);
    out.push(get(l, off + 4));
    off += 4 + l;
  }
  return out;
}

function verify(zs: number, model: Model, deep = true): void {
  expect(x.t_zs_check(zs), 'zsCheck').toBe(0);
  const els = model.sorted();
  expect(x.t_zs_len(zs)).toBe(els.length);
  if (!deep) return;
  expect(walk(zs, false)).toEqual(els.map((e) => e.m));
  expect(walk(zs, true)).toEqual(els.map((e) => e.m).reverse());
  for (let k = 0; k < Math.min(50, els.length); k++) {
    const r = 1 + Math.floor(Math.random() * els.length);
    const l = x.t_zs_at(zs, r);
    expect(get(l)).toBe(els[r - 1].m);
    expect(x.t_last_score()).toBe(els[r - 1].s);
    expect(x.t_zs_rank(zs, put(els[r - 1].m))).toBe(r);
  }
}

// deterministic PRNG so failures reproduce
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
}

beforeAll(async () => {
  buildWasm();
  core = await Core.create(new WebAssembly.Module(fs.readFileSync(WASM)), {
    hostCommand: () => { throw new Error('no host commands here'); },
    log: () => {},
  }, [0x1234567, 0x89abcdef]);
  x = core.x as unknown as X;
  T = x.t_scratch();
}, 180_000);

describe('skiplist: structure', () => {
  it('random inserts, score updates and deletes keep order, spans, backward links and the dict consistent', () => {
    const r = rng(1);
    const zs = x.t_zs_new(0);
    const model = new Model();
    for (let batch = 0; batch < 40; batch++) {
      for (let k = 0; k < 400; k++) {
        const m = `m${Math.floor(r() * 3000)}`;
        const op = r();
        if (op < 0.55) {
          // few distinct scores, so equal scores ordered by member are exercised
          const s = Math.floor(r() * 50) - 25 + (r() < 0.1 ? 0.5 : 0);
          const added = add(zs, m, s);
          expect(added).toBe(model.map.has(m) ? 0 : 1);
          model.map.set(m, s);
        } else {
          expect(del(zs, m)).toBe(model.map.delete(m) ? 1 : 0);
        }
      }
      verify(zs, model, batch % 5 === 0);
    }
    verify(zs, model);
    x.t_zs_free(zs);
  });

  it('scores and members: infinities, -0, binary and empty members', () => {
    const zs = x.t_zs_new(4);
    const model = new Model();
    const items: [string, number][] = [
      ['', 0], ['\x00', -Infinity], ['\xff\x00\x01', Infinity], ['a', -0], ['b', 0], ['long'.repeat(100), 1e300],
      ['\r\n', -1e-300], ['z', 5e-324],
    ];
    for (const [m, s] of items) { expect(add(zs, m, s)).toBe(1); model.map.set(m, s); }
    verify(zs, model);
    // update to the same neighbourhood (in place) and far away (relink)
    add(zs, 'b', 0.5); model.map.set('b', 0.5);
    add(zs, '', 2e300); model.map.set('', 2e300);
    add(zs, '\xff\x00\x01', -Infinity); model.map.set('\xff\x00\x01', -Infinity);
    verify(zs, model);
    expect(x.t_zs_score(zs, put('nope'))).toBeNaN();
    expect(x.t_zs_score(zs, put('b'))).toBe(0.5);
    x.t_zs_free(zs);
  });

  it('levels follow p = 1/4 and stay within 32', () => {
    const zs = x.t_zs_new(20000);
    for (let i = 0; i < 20000; i++) add(zs, `k${i}`, i);
    const counts = new Array(33).fill(0);
    for (let rnk = 1; rnk <= 20000; rnk++) { x.t_zs_at(zs, rnk); counts[x.t_last_level()]++; }
    const atLeast = (l: number) => counts.slice(l).reduce((a, b) => a + b, 0) / 20000;
    expect(atLeast(1)).toBe(1);
    expect(atLeast(2)).toBeGreaterThan(0.22);
    expect(atLeast(2)).toBeLessThan(0.28);
    expect(atLeast(3)).toBeGreaterThan(0.045);
    expect(atLeast(3)).toBeLessThan(0.08);
    expect(counts[0]).toBe(0);
    expect(x.t_zs_level(zs)).toBeGreaterThanOrEqual(5);
    expect(x.t_zs_level(zs)).toBeLessThanOrEqual(32);
    expect(x.t_zs_check(zs)).toBe(0);
    x.t_zs_free(zs);
  });
});

describe('skiplist: ranges', () => {
  function scoreRange(zs: number, min: string, max: string): [number, number] | null {
    const a = put(min);
    const b = put(max, a);
    const f = x.t_zs_range(zs, 0, a, b);
    if (f < 0) return null;
    return [f, x.t_last_rank()];
  }
  function lexRange(zs: number, min: string, max: string): [number, number] | null {
    const a = put(min);
    const b = put(max, a);
    const f = x.t_zs_range(zs, 1, a, b);
    if (f < 0) return null;
    return [f, x.t_last_rank()];
  }
  const bound = (v: number, ex: boolean) => (ex ? '(' : '') + (v === Infinity ? '+inf' : v === -Infinity ? '-inf' : String(v));

  it('score ranges: first and last rank agree with the model (inclusive, exclusive, infinite bounds)', () => {
    const r = rng(2);
    const zs = x.t_zs_new(0);
    const model = new Model();
    for (let i = 0; i < 2000; i++) { const m = `e${i}`; const s = Math.floor(r() * 200) / 2; add(zs, m, s); model.map.set(m, s); }
    const els = model.sorted();
    for (let k = 0; k < 500; k++) {
      const pickV = () => { const q = r(); return q < 0.05 ? -Infinity : q < 0.1 ? Infinity : Math.floor(r() * 220 - 10) / 2; };
      const min = pickV(), max = pickV(), minEx = r() < 0.5, maxEx = r() < 0.5;
      const inR = (s: number) => (minEx ? s > min : s >= min) && (maxEx ? s < max : s <= max);
      const idx = els.map((e, i) => (inR(e.s) ? i + 1 : 0)).filter((i) => i > 0);
      const got = scoreRange(zs, bound(min, minEx), bound(max, maxEx));
      expect(got).not.toBeNull();
      if (idx.length === 0) expect(got![0]).toBe(0);
      else expect(got).toEqual([idx[0], idx[idx.length - 1]]);
    }
    x.t_zs_free(zs);
  });

  it('lex ranges on equal scores: first and last rank agree with the model', () => {
    const r = rng(3);
    const zs = x.t_zs_new(0);
    const model = new Model();
    const alpha = 'abcdefg';
    const word = () => Array.from({ length: 1 + Math.floor(r() * 4) }, () => alpha[Math.floor(r() * alpha.length)]).join('');
    for (let i = 0; i < 800; i++) { const m = word(); add(zs, m, 0); model.map.set(m, 0); }
    const els = model.sorted();
    const cmp = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));
    for (let k = 0; k < 500; k++) {
      const pick = (): [string, number, string, boolean] => {
        const q = r();
        if (q < 0.08) return ['-', -1, '', true];
        if (q < 0.16) return ['+', 1, '', true];
        const w = word();
        const ex = r() < 0.5;
        return [(ex ? '(' : '[') + w, 0, w, ex];
      };
      const [minS, minK, minW, minEx] = pick();
      const [maxS, maxK, maxW, maxEx] = pick();
      const geMin = (m: string) => minK === -1 ? true : minK === 1 ? false : minEx ? cmp(m, minW) > 0 : cmp(m, minW) >= 0;
      const leMax = (m: string) => maxK === 1 ? true : maxK === -1 ? false : maxEx ? cmp(m, maxW) < 0 : cmp(m, maxW) <= 0;
      const idx = els.map((e, i) => (geMin(e.m) && leMax(e.m) ? i + 1 : 0)).filter((i) => i > 0);
      const got = lexRange(zs, minS, maxS);
      expect(got, `${minS} ${maxS}`).not.toBeNull();
      if (idx.length === 0) expect(got![0]).toBe(0);
      else expect(got).toEqual([idx[0], idx[idx.length - 1]]);
    }
    x.t_zs_free(zs);
  });

  it('range deletion by score, lex and rank removes exactly the model range', () => {
    const r = rng(4);
    for (const kind of [0, 1, 2]) {
      const zs = x.t_zs_new(0);
      const model = new Model();
      for (let i = 0; i < 1500; i++) {
        const m = `d${String(Math.floor(r() * 100000)).padStart(5, '0')}`;
        const s = kind === 1 ? 0 : Math.floor(r() * 100);
        add(zs, m, s);
        model.map.set(m, s);
      }
      for (let round = 0; round < 20 && model.map.size > 0; round++) {
        const els = model.sorted();
        let removed: El[];
        let got: number;
        if (kind === 0) {
          const lo = Math.floor(r() * 100), hi = lo + Math.floor(r() * 8);
          removed = els.filter((e) => e.s > lo && e.s <= hi);
          const a = put(`(${lo}`); const b = put(String(hi), a);
          got = x.t_zs_delrange(zs, 0, a, b);
        } else if (kind === 1) {
          const lo = els[Math.floor(r() * els.length)].m, hi = `d${String(Math.floor(r() * 100000)).padStart(5, '0')}`;
          removed = els.filter((e) => e.m >= lo && e.m < hi);
          const a = put(`[${lo}`); const b = put(`(${hi}`, a);
          got = x.t_zs_delrange(zs, 1, a, b);
        } else {
          const start = 1 + Math.floor(r() * els.length), end = Math.min(els.length, start + Math.floor(r() * 60));
          removed = els.slice(start - 1, end);
          got = x.t_zs_delrange(zs, 2, start, end);
        }
        expect(got).toBe(removed.length);
        for (const e of removed) model.map.delete(e.m);
        verify(zs, model, round % 4 === 0);
      }
      x.t_zs_free(zs);
    }
  });

  it('bound parsing follows strtod then "rest must be empty or NUL"', () => {
    const ok = (s: string) => x.t_strtod(put(s)) === 1 ? x.t_strtod_val() : null;
    expect(ok('1.5')).toBe(1.5);
    expect(ok('')).toBe(0);
    expect(ok(' 7')).toBe(7);
    expect(ok('\t-2e3')).toBe(-2000);
    expect(ok('1 ')).toBeNull();
    expect(ok('1\x00junk')).toBe(1);
    expect(ok('\x00')).toBe(0);
    expect(ok('   ')).toBeNull();
    expect(ok('abc')).toBeNull();
    expect(ok('nan')).toBeNull();
    expect(ok('-nan')).toBeNull();
    expect(ok('inf')).toBe(Infinity);
    expect(ok('-Infinity')).toBe(-Infinity);
    expect(ok('0x10')).toBe(16);
    expect(ok('1e400')).toBe(Infinity);
    expect(ok('1e-400')).toBe(0);
    expect(ok('+')).toBeNull();
    const zs = x.t_zs_new(0);
    const lex = (a: string, b: string) => { const n = put(a); return x.t_zs_range(zs, 1, n, put(b, n)); };
    const score = (a: string, b: string) => { const n = put(a); return x.t_zs_range(zs, 0, n, put(b, n)); };
    expect(lex('a', '[b')).toBe(-1);
    expect(lex('', '+')).toBe(-1);
    expect(lex('-x', '+')).toBe(-1);
    expect(lex('-\x00x', '+\x00')).toBe(0);
    expect(lex('(', '[')).toBe(0);
    expect(score('(', '(1')).toBe(0);
    expect(score('((1', '2')).toBe(-1);
    expect(score('1', 'nan')).toBe(-1);
    x.t_zs_free(zs);
  });
});

describe('skiplist: memory, copy, accumulator', () => {
  it('freeing returns every byte; MEMORY USAGE grows with members; a copy is independent', () => {
    const base = x.t_used_memory();
    const zs = x.t_zs_new(0);
    const m0 = x.t_zs_mem(zs);
    for (let i = 0; i < 1000; i++) add(zs, `member:${i}`, i / 3);
    const m1 = x.t_zs_mem(zs);
    expect(m1).toBeGreaterThan(m0 + 1000 * 30);
    // about 48 bytes per short member plus buckets: well under Redis's ~110
    expect(m1 / 1000).toBeLessThan(70);
    const dup = x.t_zs_dup(zs);
    expect(x.t_zs_check(dup)).toBe(0);
    expect(walk(dup, false)).toEqual(walk(zs, false));
    for (let i = 0; i < 1000; i += 2) del(zs, `member:${i}`);
    expect(x.t_zs_len(zs)).toBe(500);
    expect(x.t_zs_len(dup)).toBe(1000);
    expect(x.t_zs_check(zs)).toBe(0);
    x.t_zs_free(zs);
    x.t_zs_free(dup);
    expect(x.t_used_memory()).toBe(base);
  });

  it('accumulator mode: dict-only adds and score changes, then one link pass', () => {
    const r = rng(5);
    const base = x.t_used_memory();
    const zs = x.t_zs_new(0);
    const model = new Model();
    for (let i = 0; i < 3000; i++) {
      const m = `u${Math.floor(r() * 1000)}`;
      const s = Math.floor(r() * 40);
      expect(x.t_zs_add_unlinked(zs, s, put(m))).toBe(model.map.has(m) ? 0 : 1);
      model.map.set(m, s);
    }
    expect(x.t_zs_len(zs)).toBe(0);
    x.t_zs_link_all(zs);
    verify(zs, model);
    x.t_zs_free(zs);
    // an accumulator freed before linking frees its nodes too
    const zs2 = x.t_zs_new(0);
    for (let i = 0; i < 100; i++) x.t_zs_add_unlinked(zs2, i, put(`v${i}`));
    x.t_zs_free(zs2);
    expect(x.t_used_memory()).toBe(base);
  });
});

describe('"%.17g" (ZSCAN of a skiplist)', () => {
  const fmt = (v: number) => get(x.t_fmt_g17(v));

  it('matches glibc printf on known values (expected strings from a correctly rounded printf)', () => {
    const table: [number, string][] = [
      [0.1, '0.10000000000000001'], [1.5e-7, '1.4999999999999999e-07'], [1.2345678901234568e17, '1.2345678901234568e+17'],
      [1e20, '1e+20'], [1234567890123456.25, '1234567890123456.2'], [1234567890123456.75, '1234567890123456.8'],
      [5e-324, '4.9406564584124654e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'],
      [2.2250738585072014e-308, '2.2250738585072014e-308'], [0.5, '0.5'], [1 / 3, '0.33333333333333331'],
      [-2 / 3, '-0.66666666666666663'], [123.456, '123.456'], [1e16, '10000000000000000'], [1e17, '1e+17'],
      [9.999999999999998e16, '99999999999999984'], [0.0001, '0.0001'], [1e-5, '1.0000000000000001e-05'],
      [1.2345678901234568e29, '1.2345678901234568e+29'], [-0, '-0'], [3, '3'], [100, '100'],
      [Infinity, 'inf'], [-Infinity, '-inf'], [0, '0'],
    ];
    for (const [v, want] of table) expect(fmt(v), String(v)).toBe(want);
  });

  it('matches an exact BigInt reference on random doubles', () => {
    const dv = new DataView(new ArrayBuffer(8));
    const ref = (v: number): string => {
      dv.setFloat64(0, v);
      const bits = dv.getBigUint64(0);
      const neg = bits >> 63n ? '-' : '';
      const be = Number((bits >> 52n) & 0x7ffn);
      let m = bits & 0xfffffffffffffn;
      let e = be === 0 ? -1074 : be - 1075;
      if (be !== 0) m |= 1n << 52n;
      let digits: string; let dexp: number;
      if (e >= 0) { digits = (m << BigInt(e)).toString(); dexp = 0; } else { digits = (m * 5n ** BigInt(-e)).toString(); dexp = e; }
      let X = digits.length - 1 + dexp;
      let d = digits.split('').map(Number);
      if (d.length > 17) {
        const rest = d.slice(17);
        let up = rest[0] > 5 || (rest[0] === 5 && (rest.slice(1).some((q) => q !== 0) || d[16] % 2 === 1));
        d = d.slice(0, 17);
        if (up) {
          let i = 16;
          while (i >= 0 && d[i] === 9) { d[i] = 0; i--; }
          if (i < 0) { d[0] = 1; X++; } else d[i]++;
        }
      }
      while (d.length > 1 && d[d.length - 1] === 0) d.pop();
      const s = d.join('');
      if (X < -4 || X >= 17) {
        const ax = Math.abs(X);
        return `${neg}${s[0]}${s.length > 1 ? '.' + s.slice(1) : ''}e${X < 0 ? '-' : '+'}${ax < 10 ? '0' + ax : ax}`;
      }
      if (X >= 0) return neg + (s.length > X + 1 ? s.slice(0, X + 1) + '.' + s.slice(X + 1) : s + '0'.repeat(X + 1 - s.length));
      return `${neg}0.${'0'.repeat(-X - 1)}${s}`;
    };
    const r = rng(6);
    for (let i = 0; i < 3000; i++) {
      dv.setUint32(0, Math.floor(r() * 2 ** 32)); dv.setUint32(4, Math.floor(r() * 2 ** 32));
      let v = dv.getFloat64(0);
      if (i % 3 === 0) v = Math.round(v * 1e6) / 1e6;
      if (i % 3 === 1) v = (Math.floor(r() * 1e9) / 1000) * (r() < 0.5 ? -1 : 1);
      if (!Number.isFinite(v) || v === 0) continue;
      expect(fmt(v), String(v)).toBe(ref(v));
    }
  });
});
