// ds/stream.ts through the test ABI (assembly/test-abi/stream.ts -> build/test-stream.wasm).
//
// - ID parsing, formatting and arithmetic on a table of cases (Redis's string2ull quirks included).
// - Iteration, deletion, trimming and the 7.0 counters against a JS model.
// - The node bytes, live: the same random XADD / XDEL / XTRIM sequences run on a real redis-server
//   (with explicit IDs, so both sides agree) and on ds/stream.ts; the nodes in Redis's DUMP payload
//   (master-ID key + listpack, rdbcompression off) and the stream metadata must be identical.
import { instantiateTestAbi } from '../helpers/test-wasm.ts';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startRedis, RawClient, redisMissingReason, type TestServer } from '../helpers/servers.ts';

let x: any;
let memory: WebAssembly.Memory;
let S = 0;

beforeAll(async () => {
  ({ x, memory, scratch: S } = await instantiateTestAbi('stream', 64));
}, 120_000);

const u8 = () => new Uint8Array(memory.buffer);
const dv = () => new DataView(memory.buffer);
function mem(p: number, n: number): Buffer { return Buffer.from(u8().slice(p, p + n)); }

// scratch layout: [0..64) id A, [64..128) id B, [128..192) out id, [256..1024) meta/out,
// [4096..) pairs table, [65536..) field/value bytes, [524288..) node table
const ID_A = () => S, ID_B = () => S + 64, ID_OUT = () => S + 128, META = () => S + 256;
const PAIRS = () => S + 4096, BYTES = () => S + 65536, NODES = () => S + 524288;

type Id = [bigint, bigint];
const MAXU = (1n << 64n) - 1n;
function putId(at: number, id: Id): number { dv().setBigUint64(at, id[0], true); dv().setBigUint64(at + 8, id[1], true); return at; }
function getId(at: number): Id { return [dv().getBigUint64(at, true), dv().getBigUint64(at + 8, true)]; }
const fmt = (id: Id) => `${id[0]}-${id[1]}`;
const cmpId = (a: Id, b: Id) => a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : 0;

/** Appends fields/values (strings) with an explicit ID (or `seqStar`: "<ms>-*", or null: auto). */
function append(s: number, fv: string[], id: Id | null, seqStar = false): { rc: number; id: Id } {
  let off = BYTES();
  const tbl = PAIRS();
  for (let i = 0; i < fv.length; i++) {
    const b = Buffer.from(fv[i], 'latin1');
    u8().set(b, off);
    dv().setUint32(tbl + i * 8, off, true);
    dv().setUint32(tbl + i * 8 + 4, b.length, true);
    off += b.length;
  }
  const useId = id ? putId(ID_A(), id) : 0;
  const rc = x.t_append(s, tbl, fv.length / 2, ID_OUT(), useId, seqStar ? 0 : 1);
  return { rc, id: getId(ID_OUT()) };
}

interface Meta { length: bigint; last: Id; first: Id; maxDel: Id; added: bigint }
function meta(s: number): Meta {
  x.t_meta(s, META());
  const q = (i: number) => dv().getBigUint64(META() + i * 8, true);
  return { length: q(0), last: [q(1), q(2)], first: [q(3), q(4)], maxDel: [q(5), q(6)], added: q(7) };
}

function nodes(s: number): { key: Buffer; lp: Buffer }[] {
  const n = x.t_nodes(s, NODES());
  const out = [];
  for (let i = 0; i < n; i++) {
    const o = NODES() + i * 24;
    const lp = dv().getUint32(o + 16, true), bytes = dv().getUint32(o + 20, true);
    out.push({ key: mem(o, 16), lp: mem(lp, bytes) });
  }
  return out;
}

function readAll(s: number, start: Id | null = null, end: Id | null = null, rev = false, skipTomb = true): [string, string[]][] {
  x.t_iterStart(s, start ? putId(ID_A(), start) : 0, end ? putId(ID_B(), end) : 0, rev ? 1 : 0, skipTomb ? 1 : 0);
  const out: [string, string[]][] = [];
  while (x.t_iterGetID(ID_OUT())) {
    const id = getId(ID_OUT());
    const n = x.t_numFields();
    const fv: string[] = [];
    for (let i = 0; i < n; i++) {
      x.t_iterGetField();
      fv.push(mem(x.t_fieldPtr(), x.t_fieldLen()).toString('latin1'), mem(x.t_valuePtr(), x.t_valueLen()).toString('latin1'));
    }
    out.push([fmt(id), fv]);
  }
  return out;
}

function parse(s: string, missingSeq = 0n, strict = false, star = false): string {
  const b = Buffer.from(s, 'latin1');
  u8().set(b, BYTES());
  const rc = x.t_parse(BYTES(), b.length, ID_OUT(), missingSeq, strict ? 1 : 0, star ? 1 : 0);
  if (rc < 0) return 'ERR';
  return fmt(getId(ID_OUT())) + (rc === 1 ? '*' : '');
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}

describe('stream IDs', () => {
  it('parses like Redis (string2ull, "-", "+", "*", missing seq, NUL, length)', () => {
    expect(parse('1-2')).toBe('1-2');
    expect(parse('5')).toBe('5-0');
    expect(parse('5', MAXU)).toBe(`5-${MAXU}`);
    expect(parse('-')).toBe('0-0');
    expect(parse('+')).toBe(`${MAXU}-${MAXU}`);
    expect(parse('-', 0n, true)).toBe('ERR');
    expect(parse('+', 0n, true)).toBe('ERR');
    expect(parse('5-*', 0n, true, true)).toBe('5-0*');
    expect(parse('5-*', 0n, true, false)).toBe('ERR');
    expect(parse('*')).toBe('ERR');
    expect(parse('')).toBe('ERR');
    expect(parse('5-')).toBe('ERR');
    expect(parse('-5')).toBe('ERR');
    expect(parse('5--3')).toBe('ERR');
    expect(parse('1-2-3')).toBe('ERR');
    expect(parse('18446744073709551615-18446744073709551615')).toBe(`${MAXU}-${MAXU}`);
    expect(parse('18446744073709551616')).toBe('ERR');
    // strtoull grammar once the strict form fails: leading zeros, '+', white space
    expect(parse('007-01')).toBe('7-1');
    expect(parse('+7')).toBe('7-0');
    expect(parse(' 7')).toBe('7-0');
    expect(parse('7 ')).toBe('ERR');
    expect(parse('0x10')).toBe('ERR');
    // bytes after a NUL are ignored, arguments over 127 bytes are invalid
    expect(parse('7\x00junk')).toBe('7-0');
    expect(parse('1'.repeat(127))).toBe('ERR');   // too large a number, but parsed
    expect(parse('0'.repeat(126) + '1')).toBe('1-0');
    expect(parse('0'.repeat(127) + '1')).toBe('ERR');
  });

  it('formats, increments and decrements with carry', () => {
    const f = (id: Id) => { putId(ID_A(), id); const n = x.t_format(BYTES(), ID_A()); return mem(BYTES(), n).toString(); };
    expect(f([0n, 0n])).toBe('0-0');
    expect(f([MAXU, MAXU])).toBe(`${MAXU}-${MAXU}`);
    putId(ID_A(), [1n, MAXU]);
    expect(x.t_incr(ID_A())).toBe(1);
    expect(getId(ID_A())).toEqual([2n, 0n]);
    expect(x.t_decr(ID_A())).toBe(1);
    expect(getId(ID_A())).toEqual([1n, MAXU]);
    putId(ID_A(), [MAXU, MAXU]);
    expect(x.t_incr(ID_A())).toBe(0);
    putId(ID_A(), [0n, 0n]);
    expect(x.t_decr(ID_A())).toBe(0);
    expect(getId(ID_A())).toEqual([0n, 0n]);
  });
});

describe('stream storage', () => {
  it('append rules: auto IDs from the clock, "<ms>-*", equal or smaller IDs refused', () => {
    const s = x.t_new();
    x.t_setNow(1000n);
    expect(append(s, ['a', '1'], null).id).toEqual([1000n, 0n]);
    expect(append(s, ['a', '2'], null).id).toEqual([1000n, 1n]);
    x.t_setNow(999n);   // clock going back: sequence keeps increasing
    expect(append(s, ['a', '3'], null).id).toEqual([1000n, 2n]);
    expect(append(s, ['a', '4'], [1000n, 2n]).rc).toBe(1);
    expect(append(s, ['a', '4'], [1000n, 0n], true).id).toEqual([1000n, 3n]);
    expect(append(s, ['a', '4'], [2000n, 0n], true).id).toEqual([2000n, 0n]);
    expect(append(s, ['a', '4'], [2000n, MAXU]).rc).toBe(0);
    expect(append(s, ['a', '4'], [2000n, 0n], true).rc).toBe(1);   // sequence exhausted
    const m = meta(s);
    expect(m.length).toBe(6n);
    expect(m.added).toBe(6n);
    expect(m.first).toEqual([1000n, 0n]);
    expect(m.last).toEqual([2000n, MAXU]);
    expect(readAll(s).map(e => e[0])).toEqual(['1000-0', '1000-1', '1000-2', '1000-3', '2000-0', `2000-${MAXU}`]);
    x.t_free(s);
  });

  it('random operations agree with a model (iteration both ways, ranges, tombstones, counters)', () => {
    const R = rng(7);
    x.t_config(300n, 7n);
    const base = x.t_used();
    const s = x.t_new();
    const model: { id: Id; fv: string[] }[] = [];
    let last: Id = [0n, 0n];
    let maxDel: Id = [0n, 0n];
    let added = 0n;
    const fieldSets = [['a', 'b'], ['a'], ['x', 'y', 'z'], ['1', '2'], ['a', 'b']];
    for (let step = 0; step < 4000; step++) {
      const p = R();
      if (p < 0.6) {
        const fs = fieldSets[Math.floor(R() * fieldSets.length)];
        const fv: string[] = [];
        for (const f of fs) fv.push(f, R() < 0.5 ? String(Math.floor(R() * 2000) - 1000) : 'v'.repeat(Math.floor(R() * 80)));
        const id: Id = R() < 0.5 ? [last[0], last[1] + 1n] : [last[0] + BigInt(1 + Math.floor(R() * 3)), BigInt(Math.floor(R() * 3))];
        const r = append(s, fv, id);
        expect(r.rc).toBe(0);
        last = id; added++;
        model.push({ id, fv });
      } else if (p < 0.8 && model.length) {
        const victim = model[Math.floor(R() * model.length)].id;
        expect(x.t_delete(s, putId(ID_A(), victim))).toBe(1);
        expect(x.t_delete(s, putId(ID_A(), victim))).toBe(0);
        model.splice(model.findIndex(e => cmpId(e.id, victim) === 0), 1);
        if (cmpId(victim, maxDel) > 0) maxDel = victim;
      } else if (p < 0.9) {
        const keep = Math.floor(R() * (model.length + 5));
        const n = x.t_trim(s, 1, BigInt(keep), 0, 0, 0n);
        const del = Math.max(0, model.length - keep);
        expect(n).toBe(del);
        model.splice(0, del);
      } else if (model.length) {
        const min = model[Math.floor(R() * model.length)].id;
        const n = x.t_trim(s, 2, 0n, putId(ID_A(), min), 0, 0n);
        const del = model.findIndex(e => cmpId(e.id, min) >= 0);
        expect(n).toBe(del);
        model.splice(0, del);
      }
      if (step % 97 === 0 || step > 3980) {
        const m = meta(s);
        expect(m.length).toBe(BigInt(model.length));
        expect(m.last).toEqual(last);
        expect(m.added).toBe(added);
        expect(m.maxDel).toEqual(maxDel);
        expect(m.first).toEqual(model.length ? model[0].id : [0n, 0n]);
        const want = model.map(e => [fmt(e.id), e.fv] as [string, string[]]);
        expect(readAll(s)).toEqual(want);
        expect(readAll(s, null, null, true)).toEqual([...want].reverse());
        if (model.length > 2) {
          const a = model[Math.floor(R() * model.length)].id, b = model[Math.floor(R() * model.length)].id;
          const [lo, hi] = cmpId(a, b) <= 0 ? [a, b] : [b, a];
          const inRange = want.filter((_, i) => cmpId(model[i].id, lo) >= 0 && cmpId(model[i].id, hi) <= 0);
          expect(readAll(s, lo, hi)).toEqual(inRange);
          expect(readAll(s, lo, hi, true)).toEqual([...inRange].reverse());
          expect(x.t_exists(s, putId(ID_A(), lo))).toBe(1);
        }
      }
    }
    const d = x.t_dup(s);
    expect(readAll(d)).toEqual(readAll(s));
    expect(nodes(d)).toEqual(nodes(s));
    x.t_free(d);
    x.t_free(s);
    x.t_config(4096n, 100n);
    expect(x.t_used()).toBeLessThanOrEqual(base);
  });

  it('iterator removal while iterating forward and backward', () => {
    x.t_config(200n, 5n);
    for (const rev of [false, true]) {
      const s = x.t_new();
      for (let i = 1; i <= 60; i++) append(s, ['f', String(i)], [BigInt(i), 0n]);
      x.t_iterStart(s, 0, 0, rev ? 1 : 0, 1);
      const seen: string[] = [];
      while (x.t_iterGetID(ID_OUT())) {
        const id = getId(ID_OUT());
        seen.push(fmt(id));
        if (id[0] % 3n === 0n) { putId(ID_B(), id); x.t_iterRemove(ID_B()); }
      }
      expect(seen.length).toBe(60);
      expect(meta(s).length).toBe(40n);
      expect(readAll(s).map(e => e[0])).toEqual(Array.from({ length: 60 }, (_, i) => i + 1).filter(i => i % 3).map(i => `${i}-0`));
      // tombstones are visible on request
      expect(readAll(s, null, null, false, false).length).toBeGreaterThan(40);
      x.t_free(s);
    }
    x.t_config(4096n, 100n);
  });

  it('distance from the first ever entry and tombstone ranges (7.0 rules)', () => {
    const s = x.t_new();
    for (let i = 1; i <= 5; i++) append(s, ['f', 'v'], [BigInt(i), 0n]);
    const est = (id: Id) => Number(x.t_estimate(s, putId(ID_A(), id)));
    expect(est([5n, 0n])).toBe(5);
    expect(est([6n, 0n])).toBe(-1);
    expect(est([1n, 0n])).toBe(1);
    expect(est([0n, 5n])).toBe(0);
    expect(est([3n, 0n])).toBe(-1);
    x.t_delete(s, putId(ID_A(), [3n, 0n]));
    expect(x.t_hasTomb(s, 0, 0)).toBe(1);
    expect(x.t_hasTomb(s, putId(ID_A(), [4n, 0n]), 0)).toBe(0);
    expect(x.t_hasTomb(s, putId(ID_A(), [1n, 0n]), putId(ID_B(), [3n, 0n]))).toBe(1);
    expect(est([1n, 0n])).toBe(-1);   // a deletion after the first entry: unknown
    x.t_trim(s, 2, 0n, putId(ID_A(), [4n, 0n]), 0, 0n);
    expect(x.t_hasTomb(s, 0, 0)).toBe(0);
    expect(est([4n, 0n])).toBe(4);
    x.t_free(s);
  });
});

// ---- live byte comparison with redis-server's DUMP ------------------------------------------------

function rdbLen(b: Buffer, pos: number): [number, number] {
  const t = b[pos] >> 6;
  if (t === 0) return [b[pos] & 63, pos + 1];
  if (t === 1) return [((b[pos] & 63) << 8) | b[pos + 1], pos + 2];
  if (b[pos] === 0x80) return [b.readUInt32BE(pos + 1), pos + 5];
  if (b[pos] === 0x81) return [Number(b.readBigUInt64BE(pos + 1)), pos + 9];
  throw new Error(`unexpected length byte ${b[pos].toString(16)} at ${pos}`);
}
function rdbLenBig(b: Buffer, pos: number): [bigint, number] {
  if (b[pos] === 0x81) return [b.readBigUInt64BE(pos + 1), pos + 9];
  const [n, p] = rdbLen(b, pos);
  return [BigInt(n), p];
}
function rdbStr(b: Buffer, pos: number): [Buffer, number] {
  if ((b[pos] >> 6) === 3) throw new Error('encoded string in stream dump (rdbcompression must be off)');
  const [n, p] = rdbLen(b, pos);
  return [b.subarray(p, p + n), p + n];
}

/** Nodes and metadata of a stream DUMP payload (RDB_TYPE_STREAM_LISTPACKS_2, Redis 7.0). */
function parseDump(d: Buffer) {
  expect(d[0]).toBe(19);
  let pos = 1;
  let n: number;
  [n, pos] = rdbLen(d, pos);
  const ns: { key: Buffer; lp: Buffer }[] = [];
  for (let i = 0; i < n; i++) {
    let key: Buffer, lp: Buffer;
    [key, pos] = rdbStr(d, pos);
    [lp, pos] = rdbStr(d, pos);
    ns.push({ key: Buffer.from(key), lp: Buffer.from(lp) });
  }
  const q: bigint[] = [];
  for (let i = 0; i < 8; i++) { let v: bigint; [v, pos] = rdbLenBig(d, pos); q.push(v); }
  return { nodes: ns, length: q[0], last: [q[1], q[2]] as Id, first: [q[3], q[4]] as Id, maxDel: [q[5], q[6]] as Id, added: q[7] };
}

function bulk(b: Buffer): Buffer {
  // $<n>\r\n<payload>\r\n
  const nl = b.indexOf('\r\n');
  const n = Number(b.subarray(1, nl).toString());
  return b.subarray(nl + 2, nl + 2 + n);
}

const skipReason = redisMissingReason();
describe.skipIf(skipReason !== null)('stream nodes are byte-identical to redis-server 7.0 (DUMP)', () => {
  let redis: TestServer | null = null;
  let rc: RawClient;
  beforeAll(async () => {
    redis = await startRedis();
    rc = await RawClient.connect(redis!.port);
    await rc.call('CONFIG', 'SET', 'rdbcompression', 'no');
  }, 30_000);
  afterAll(async () => { rc?.close?.(); await redis?.stop(); x.t_config(4096n, 100n); });

  for (const [seed, maxBytes, maxEntries] of [[1, 4096, 100], [2, 300, 7], [3, 120, 0], [4, 0, 3], [5, 1000, 1]] as const) {
    it(`seed ${seed}: node-max-bytes ${maxBytes}, node-max-entries ${maxEntries}`, async () => {
      const R = rng(seed * 7919);
      await rc.call('CONFIG', 'SET', 'stream-node-max-bytes', String(maxBytes));
      await rc.call('CONFIG', 'SET', 'stream-node-max-entries', String(maxEntries));
      x.t_config(BigInt(maxBytes), BigInt(maxEntries));
      const key = `s${seed}`;
      await rc.call('DEL', key);
      const s = x.t_new();
      const ids: Id[] = [];
      let compared = 0;
      let last: Id = [1n, 0n];
      const fieldSets = [['name', 'age'], ['name', 'age'], ['name'], ['7', '-12', 'x'], ['name', 'age', 'zip']];
      const value = () => {
        const k = R();
        if (k < 0.3) return String(Math.floor(R() * 100000) - 50000);
        if (k < 0.35) return '18446744073709551615';
        if (k < 0.4) return 'w'.repeat(60 + Math.floor(R() * 80));
        if (k < 0.42) return 'L'.repeat(5000);
        return 'v' + Math.floor(R() * 1000);
      };
      for (let step = 0; step < 700; step++) {
        const p = R();
        if (p < 0.7) {
          const fs = fieldSets[Math.floor(R() * fieldSets.length)];
          const fv: string[] = [];
          for (const f of fs) fv.push(f, value());
          let id: Id;
          const k = R();
          if (k < 0.4) id = last[1] < MAXU ? [last[0], last[1] + 1n] : [last[0] + 1n, 0n];
          else if (k < 0.5) id = [last[0] + 1n, MAXU - BigInt(Math.floor(R() * 3))];   // seq-diff goes negative
          else id = [last[0] + BigInt(1 + Math.floor(R() * 1000)), BigInt(Math.floor(R() * 5))];
          if (cmpId(id, last) <= 0) id = [last[0] + 1n, 0n];
          const r = await rc.call('XADD', key, fmt(id), ...fv);
          expect(r.toString()).toContain(fmt(id));
          expect(append(s, fv, id).rc).toBe(0);
          last = id; ids.push(id);
        } else if (p < 0.85 && ids.length) {
          const batch = 1 + Math.floor(R() * 3);
          const victims = Array.from({ length: batch }, () => ids[Math.floor(R() * ids.length)]);
          await rc.call('XDEL', key, ...victims.map(fmt));
          for (const v of victims) x.t_delete(s, putId(ID_A(), v));
        } else if (p < 0.93) {
          const approx = R() < 0.5;
          const keep = Math.floor(R() * (ids.length + 2));
          const limit = approx && R() < 0.5 ? Math.floor(R() * 20) : -1;
          const args = ['XTRIM', key, 'MAXLEN', approx ? '~' : '=', String(keep)];
          if (limit >= 0) args.push('LIMIT', String(limit));
          const reply = await rc.call(...args);
          const defLimit = approx ? (limit >= 0 ? limit : (maxEntries * 100 <= 0 || maxEntries * 100 > 10000 ? 10000 : maxEntries * 100)) : 0;
          const n = x.t_trim(s, 1, BigInt(keep), 0, approx ? 1 : 0, BigInt(defLimit));
          expect(reply.toString()).toBe(`:${n}\r\n`);
        } else if (ids.length) {
          const approx = R() < 0.5;
          const min = ids[Math.floor(R() * ids.length)];
          const reply = await rc.call('XTRIM', key, 'MINID', approx ? '~' : '=', fmt(min));
          const defLimit = approx ? (maxEntries * 100 <= 0 || maxEntries * 100 > 10000 ? 10000 : maxEntries * 100) : 0;
          const n = x.t_trim(s, 2, 0n, putId(ID_A(), min), approx ? 1 : 0, BigInt(defLimit));
          expect(reply.toString()).toBe(`:${n}\r\n`);
        }
        if (step % 50 === 49) {
          const exists = (await rc.call('EXISTS', key)).toString() === ':1\r\n';
          if (!exists) continue;
          const d = parseDump(bulk(await rc.call('DUMP', key)));
          const mine = nodes(s);
          expect(mine.length).toBe(d.nodes.length);
          for (let i = 0; i < mine.length; i++) {
            expect(mine[i].key.toString('hex')).toBe(d.nodes[i].key.toString('hex'));
            expect(mine[i].lp.toString('hex')).toBe(d.nodes[i].lp.toString('hex'));
          }
          compared += mine.length;
          const m = meta(s);
          expect({ length: m.length, last: m.last, first: m.first, maxDel: m.maxDel, added: m.added })
            .toEqual({ length: d.length, last: d.last, first: d.first, maxDel: d.maxDel, added: d.added });
        }
      }
      expect(compared).toBeGreaterThan(10);
      x.t_free(s);
    }, 60_000);
  }
});
