// ds/quicklist.ts and persist/lzf.ts through the test ABI (assembly/test-abi/quicklist.ts ->
// build/test-quicklist.wasm).
//
// The quicklist is driven by seeded random operations (push, insert, replace, range delete, pop,
// remove-while-iterating) under many fills, compress depths and packed thresholds, and compared
// after every step with a plain JS array; structural invariants are checked each time (node counts,
// links, valid listpacks, raw ends, compressed nodes that decompress to their listpack, plain nodes
// only for large elements), and freeing a list returns every byte to the allocator.
//
// LZF: round trips over many data shapes, malformed input rejected, and -- with /usr/bin/redis-server
// -- the format checked both ways against real Redis: an LZF string from its DUMP payload is
// decompressed here, and a payload compressed here is accepted by its RESTORE.
import { ensureTestAbiWasm } from '../helpers/test-wasm.ts';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../helpers/gen.ts';
import { startRedis, RawClient, redisMissingReason, type TestServer } from '../helpers/servers.ts';

const ROOT = join(__dirname, '..', '..');
const WASM = join(ROOT, 'build', 'test-quicklist.wasm');

function buildWasm(): void { ensureTestAbiWasm('quicklist'); }

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let x: any;
let memory: WebAssembly.Memory;
let S = 0;
let O = 0;

beforeAll(async () => {
  buildWasm();
  memory = new WebAssembly.Memory({ initial: 64, maximum: 65536 });
  const { instance } = await WebAssembly.instantiate(readFileSync(WASM), {
    env: { memory, abort: () => { throw new Error('wasm abort'); } },
  });
  x = instance.exports;
  x.t_init();
  S = x.scratch();
  O = x.out();
}, 120_000);

const mem = () => new Uint8Array(memory.buffer);
function put(s: string | Buffer): number {
  const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
  mem().set(b, S);
  return b.length;
}
function getOut(n: number): string { return Buffer.from(mem().subarray(O, O + n)).toString('latin1'); }
function readWalk(k: number): string[] {
  const dv = new DataView(memory.buffer);
  const r: string[] = [];
  let p = O;
  for (let i = 0; i < k; i++) {
    const n = dv.getUint32(p, true);
    r.push(Buffer.from(mem().subarray(p + 4, p + 4 + n)).toString('latin1'));
    p += 4 + n;
  }
  return r;
}

// ---- quicklist ---------------------------------------------------------------------------------

class QL {
  ql: number;
  constructor(public fill: number, public depth: number) { this.ql = x.t_new(fill, depth); }
  pushHead(v: string) { x.t_pushHead(this.ql, put(v)); }
  pushTail(v: string) { x.t_pushTail(this.ql, put(v)); }
  get(i: number): string | null { const n = x.t_get(this.ql, i); return n < 0 ? null : getOut(n); }
  all(): string[] { return readWalk(x.t_walk(this.ql, 0)); }
  allReversed(): string[] { return readWalk(x.t_walk(this.ql, 1)); }
  insert(i: number, after: boolean, v: string): boolean { return x.t_insert(this.ql, i, after ? 1 : 0, put(v)) === 1; }
  replace(i: number, v: string): boolean { return x.t_replace(this.ql, i, put(v)) === 1; }
  delRange(start: number, count: number): boolean { return x.t_delRange(this.ql, start, count) === 1; }
  pop(head: boolean): string | null { const n = x.t_pop(this.ql, head ? 1 : 0); return n < 0 ? null : getOut(n); }
  removeEq(v: string, fromTail: boolean, max: number): number { return x.t_removeEq(this.ql, fromTail ? 1 : 0, put(v), max); }
  count(): number { return x.t_count(this.ql); }
  free() { x.t_free(this.ql); }
}

function negLimit(fill: number): number { return 4096 << Math.min(-fill - 1, 4); }
function isLarge(len: number, fill: number, threshold: number): boolean {
  if (threshold) return len >= threshold;
  return fill >= 0 ? len > 8192 : len > negLimit(fill);
}

let seenCompressed = 0;
let seenPlain = 0;
let maxNodes = 0;

/** Structural invariants; returns a description of the first violation, or ''. */
function checkStructure(q: QL, threshold: number): string {
  let n = x.t_head(q.ql);
  let prev = 0;
  let nodes = 0;
  let total = 0;
  const depth = x.t_depth(q.ql);
  const len = x.t_len(q.ql);
  while (n) {
    if (x.t_nodePrev(n) !== prev) return `node ${nodes}: bad prev link`;
    const c = x.t_nodeCount(n);
    if (c === 0) return `node ${nodes}: empty`;
    if (!x.t_nodeValid(n)) return `node ${nodes}: invalid data`;
    if (x.t_nodePlain(n) && !isLarge(x.t_nodeSz(n), q.fill, threshold)) return `node ${nodes}: plain node for a small element`;
    const fromEnd = Math.min(nodes, len - 1 - nodes);
    if (x.t_nodeCompressed(n) && (depth === 0 || fromEnd < depth)) return `node ${nodes}: compressed within depth ${depth}`;
    seenCompressed += x.t_nodeCompressed(n);
    seenPlain += x.t_nodePlain(n);
    total += c;
    nodes++;
    prev = n;
    n = x.t_nodeNext(n);
  }
  if (x.t_tail(q.ql) !== prev) return 'tail is not the last node';
  maxNodes = Math.max(maxNodes, nodes);
  if (nodes !== len) return `len ${len} but ${nodes} nodes`;
  if (total !== q.count()) return `count ${q.count()} but nodes hold ${total}`;
  return '';
}

function randomValue(r: () => number, big: boolean, bigSize = 4000): string {
  const x = r();
  if (x < 0.25) return String(Math.floor(r() * 2000) - 1000);
  if (x < 0.3) return String(BigInt(Math.floor(r() * 2 ** 31)) * BigInt(Math.floor(r() * 2 ** 31)));
  if (x < 0.55) return ['a', 'b', 'c', 'hello', ''][Math.floor(r() * 5)];
  if (x < 0.8) return `v${Math.floor(r() * 100)}:` + 'abcabcabc'.repeat(Math.floor(r() * 12));
  if (x < 0.95 || !big) return 'Z'.repeat(50 + Math.floor(r() * 500));
  return 'L'.repeat(bigSize + Math.floor(r() * 9000)) + String(Math.floor(r() * 1000));
}

function normIndex(i: number, len: number): number { return i < 0 ? len + i : i; }

function runRandom(seed: number, fill: number, depth: number, threshold: number, steps: number): void {
  const r = mulberry32(seed);
  const int = (n: number) => Math.floor(r() * n);
  expect(x.t_packedThreshold(threshold)).toBe(1);
  const before = x.t_used();
  const q = new QL(fill, depth);
  const model: string[] = [];
  seenCompressed = 0; seenPlain = 0; maxNodes = 0;
  try {
    for (let step = 0; step < steps; step++) {
      const op = int(100);
      const v = randomValue(r, true, fill < -2 ? negLimit(fill) - 4000 : 4000);
      const len = model.length;
      const idx = len ? int(len * 2 + 2) - len - 1 : 0;
      let what = '';
      if (op < 22) { what = `pushTail ${v.length}`; q.pushTail(v); model.push(v); }
      else if (op < 40) { what = `pushHead ${v.length}`; q.pushHead(v); model.unshift(v); }
      else if (op < 55) {
        const after = r() < 0.5;
        what = `insert ${idx} ${after} ${v.length}`;
        const ok = q.insert(idx, after, v);
        const ni = normIndex(idx, len);
        expect(ok, what).toBe(ni >= 0 && ni < len);
        if (ok) model.splice(after ? ni + 1 : ni, 0, v);
      } else if (op < 67) {
        what = `replace ${idx} ${v.length}`;
        const ok = q.replace(idx, v);
        const ni = normIndex(idx, len);
        expect(ok, what).toBe(ni >= 0 && ni < len);
        if (ok) model[ni] = v;
      } else if (op < 75) {
        const cnt = int(8);
        what = `delRange ${idx} ${cnt}`;
        q.delRange(idx, cnt);
        // Redis's quicklistDelRange clamps like LTRIM's callers expect
        const ni = normIndex(idx, len);
        if (cnt > 0 && ni >= 0 && ni < len) {
          const extent = idx >= 0 ? Math.min(cnt, len - idx) : Math.min(cnt, -idx);
          model.splice(ni, extent);
        }
      } else if (op < 87) {
        const head = r() < 0.5;
        what = `pop ${head}`;
        const got = q.pop(head);
        const want = len ? (head ? model.shift()! : model.pop()!) : null;
        expect(got, what).toBe(want);
      } else if (op < 93) {
        const target = len ? model[int(len)] : 'a';
        const fromTail = r() < 0.5;
        const max = int(3);
        what = `removeEq ${fromTail} ${max}`;
        const removed = q.removeEq(target, fromTail, max);
        let want = 0;
        if (!fromTail) {
          for (let i = 0; i < model.length && (max === 0 || want < max);) {
            if (model[i] === target) { model.splice(i, 1); want++; } else i++;
          }
        } else {
          for (let i = model.length - 1; i >= 0 && (max === 0 || want < max); i--) {
            if (model[i] === target) { model.splice(i, 1); want++; }
          }
        }
        expect(removed, what).toBe(want);
      } else {
        const i = idx;
        what = `get ${i}`;
        const ni = normIndex(i, len);
        expect(q.get(i), what).toBe(ni >= 0 && ni < len ? model[ni] : null);
      }
      const bad = checkStructure(q, threshold);
      if (bad) throw new Error(`seed ${seed} fill ${fill} depth ${depth} step ${step} (${what}): ${bad}`);
      expect(q.count(), what).toBe(model.length);
      if (step % 25 === 0 || step === steps - 1) {
        expect(q.all(), `walk after ${what}`).toEqual(model);
        expect(q.allReversed(), `reverse walk after ${what}`).toEqual([...model].reverse());
      }
    }
    // the walk reached the interesting shapes: many nodes, plain nodes, compressed nodes
    expect(maxNodes).toBeGreaterThan(2 * depth);
    expect(seenPlain).toBeGreaterThan(0);
    if (depth > 0 && maxNodes > 2 * depth + 1) expect(seenCompressed).toBeGreaterThan(0);
    // a duplicate is equal and independent
    const dup = x.t_dup(q.ql);
    expect(readWalk(x.t_walk(dup, 0))).toEqual(model);
    x.t_pushTail(dup, put('only-in-dup'));
    expect(q.all()).toEqual(model);
    x.t_free(dup);
  } finally {
    q.free();
    x.t_packedThreshold(0);
  }
  expect(x.t_used(), 'every block is freed').toBe(before);
}

describe('quicklist', () => {
  it('size rules: Redis 7.4 node limits', () => {
    expect(x.t_exceeds(-1, 4096, 1000)).toBe(0);
    expect(x.t_exceeds(-1, 4097, 1)).toBe(1);
    expect(x.t_exceeds(-2, 8192, 1)).toBe(0);
    expect(x.t_exceeds(-2, 8193, 1)).toBe(1);
    expect(x.t_exceeds(-5, 65536, 1)).toBe(0);
    expect(x.t_exceeds(-5, 65537, 1)).toBe(1);
    expect(x.t_exceeds(-100, 65537, 1)).toBe(1);   // below -5 counts as -5
    expect(x.t_exceeds(-100, 65536, 1)).toBe(0);
    expect(x.t_exceeds(4, 100, 4)).toBe(0);
    expect(x.t_exceeds(4, 100, 5)).toBe(1);
    expect(x.t_exceeds(4, 8193, 1)).toBe(1);       // count limits are capped by 8 KiB
    expect(x.t_exceeds(0, 10, 1)).toBe(0);         // 0 means one entry per node
    expect(x.t_exceeds(0, 10, 2)).toBe(1);
  });

  it('pushes fill nodes up to the limit, large elements get plain nodes', () => {
    const q = new QL(3, 0);
    for (let i = 0; i < 10; i++) q.pushTail(`e${i}`);
    expect(x.t_len(q.ql)).toBe(4);                 // 3 + 3 + 3 + 1
    q.pushTail('x'.repeat(9000));                  // > 8 KiB: plain
    q.pushHead('y'.repeat(9000));
    expect(x.t_len(q.ql)).toBe(6);
    expect(x.t_nodePlain(x.t_head(q.ql))).toBe(1);
    expect(x.t_nodePlain(x.t_tail(q.ql))).toBe(1);
    expect(q.all()).toEqual(['y'.repeat(9000), ...Array.from({ length: 10 }, (_, i) => `e${i}`), 'x'.repeat(9000)]);
    expect(checkStructure(q, 0)).toBe('');
    q.free();
    const n = new QL(-2, 0);
    for (let i = 0; i < 2000; i++) n.pushTail(`element-${i}`);
    for (let node = x.t_head(n.ql); node; node = x.t_nodeNext(node)) expect(x.t_nodeSz(node)).toBeLessThanOrEqual(8192);
    expect(x.t_len(n.ql)).toBeGreaterThan(2);
    n.free();
  });

  it('compress depth: interior nodes are LZF-compressed, the ends stay raw', () => {
    const q = new QL(4, 1);
    for (let i = 0; i < 40; i++) q.pushTail(`compressible-value-${'a'.repeat(20)}-${i % 3}`);
    let compressed = 0;
    let node = x.t_head(q.ql);
    let pos = 0;
    const len = x.t_len(q.ql);
    for (; node; node = x.t_nodeNext(node), pos++) {
      const c = x.t_nodeCompressed(node);
      if (pos === 0 || pos === len - 1) expect(c).toBe(0);
      compressed += c;
    }
    expect(compressed).toBe(len - 2);
    // reading and changing compressed nodes keeps them consistent
    expect(q.get(17)).toBe(`compressible-value-${'a'.repeat(20)}-2`);
    expect(q.replace(17, 'changed')).toBe(true);
    expect(q.insert(22, false, 'inserted')).toBe(true);
    expect(q.get(17)).toBe('changed');
    expect(q.get(22)).toBe('inserted');
    expect(checkStructure(q, 0)).toBe('');
    const mem = x.t_mem(q.ql);
    const raw = new QL(4, 0);
    for (let i = 0; i < 40; i++) raw.pushTail(`compressible-value-${'a'.repeat(20)}-${i % 3}`);
    expect(mem).toBeLessThan(x.t_mem(raw.ql));
    q.free();
    raw.free();
  });

  it('a one-node list gives its listpack back (list -> listpack conversion)', () => {
    const q = new QL(-2, 0);
    for (let i = 0; i < 5; i++) q.pushTail(String(i));
    const lp = x.t_takeListpack(q.ql);
    expect(lp).not.toBe(0);
    expect(x.t_lpLength(lp)).toBe(5);
    x.t_lpFree(lp);
    const two = new QL(1, 0);
    two.pushTail('a'); two.pushTail('b');
    expect(x.t_takeListpack(two.ql)).toBe(0);
    two.free();
    const plain = new QL(-2, 0);
    plain.pushTail('p'.repeat(10000));
    expect(x.t_takeListpack(plain.ql)).toBe(0);
    plain.free();
  });

  it('packed threshold (DEBUG QUICKLIST-PACKED-THRESHOLD) bounds', () => {
    expect(x.t_packedThreshold(2 ** 32 - 2 ** 20)).toBe(1);
    expect(x.t_packedThreshold(2 ** 32 - 2 ** 20 + 1)).toBe(0);
    expect(x.t_packedThreshold(0)).toBe(1);
  });

  const FILLS = [1, 2, 3, 5, 16, 0, -1, -2, -5];
  const DEPTHS = [0, 1, 2, 3];
  let seed = 1;
  for (const fill of FILLS) {
    for (const depth of DEPTHS) {
      const s = seed++;
      it(`random operations match an array (fill ${fill}, depth ${depth})`, () => runRandom(s * 7919, fill, depth, 0, 1200));
    }
  }
  it('random operations with a 1-byte packed threshold (every element plain)', () => runRandom(99, -2, 1, 1, 400));
  it('random operations with a 40-byte packed threshold', () => runRandom(98, 4, 2, 40, 600));
});

// ---- LZF ---------------------------------------------------------------------------------------

function lzfRound(data: Buffer): void {
  const n = put(data);
  const c = x.t_lzfCompress(n, n + Math.ceil(n / 32) + 16); // literal runs cost 1 byte per 32
  if (n === 0) { expect(c).toBe(0); return; }
  expect(c).toBeGreaterThan(0);
  const comp = Buffer.from(mem().subarray(O, O + c));
  put(comp);
  const d = x.t_lzfDecompress(c, n);
  expect(d).toBe(n);
  expect(Buffer.from(mem().subarray(O, O + d)).equals(data)).toBe(true);
}

describe('lzf', () => {
  it('round trips many data shapes', () => {
    const r = mulberry32(42);
    const shapes: Buffer[] = [
      Buffer.alloc(0), Buffer.from('a'), Buffer.from('ab'), Buffer.from('abc'), Buffer.from('aaaa'),
      Buffer.alloc(100000, 7), Buffer.from('abcdefgh'.repeat(5000)),
      Buffer.from(Array.from({ length: 70000 }, () => Math.floor(r() * 256))),
      Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 31) % 251)),
      Buffer.from('The quick brown fox jumps over the lazy dog. '.repeat(300)),
    ];
    for (let k = 0; k < 50; k++) {
      const len = Math.floor(r() * 3000);
      const alpha = 1 + Math.floor(r() * 20);
      shapes.push(Buffer.from(Array.from({ length: len }, () => 97 + Math.floor(r() * alpha))));
    }
    // matches far behind (beyond the 8 KiB window) and exactly at it
    const far = Buffer.concat([Buffer.from('0123456789abcdefghij'), Buffer.from(Array.from({ length: 8200 }, () => Math.floor(r() * 256))), Buffer.from('0123456789abcdefghij')]);
    shapes.push(far);
    for (const s of shapes) lzfRound(s);
  });

  it('compresses repetitive data and refuses output that does not fit', () => {
    const data = Buffer.from('x'.repeat(1000));
    const n = put(data);
    const c = x.t_lzfCompress(n, n);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(40);
    expect(x.t_lzfCompress(n, 5)).toBe(0);
    const rnd = mulberry32(3);
    const noise = Buffer.from(Array.from({ length: 500 }, () => Math.floor(rnd() * 256)));
    expect(x.t_lzfCompress(put(noise), 500)).toBe(0); // would grow: does not fit in the input size
  });

  it('rejects malformed streams', () => {
    // back reference before the start of the output
    expect(x.t_lzfDecompress(put(Buffer.from([0x20, 0x00])), 100)).toBe(0);
    // literal run longer than the input
    expect(x.t_lzfDecompress(put(Buffer.from([0x05, 0x61])), 100)).toBe(0);
    // output too small
    expect(x.t_lzfDecompress(put(Buffer.from([0x02, 0x61, 0x62, 0x63])), 2)).toBe(0);
    // truncated back reference
    expect(x.t_lzfDecompress(put(Buffer.from([0x00, 0x61, 0xe0])), 100)).toBe(0);
    // a valid stream: literal "a" then a 5-byte copy of it (overlapping)
    expect(x.t_lzfDecompress(put(Buffer.from([0x00, 0x61, 0x60, 0x00])), 100)).toBe(6);
    expect(getOut(6)).toBe('aaaaaa');
  });
});

// ---- LZF against real Redis (DUMP/RESTORE string payloads) -------------------------------------

// CRC-64/Jones (reflected, poly 0xad93d23594c935a9), as in DUMP payloads.
const CRC_TABLE = (() => {
  const t: bigint[] = [];
  const poly = 0x95ac9329ac4bc9b5n; // reflected form
  for (let i = 0n; i < 256n; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    t.push(c);
  }
  return t;
})();
function crc64(b: Buffer): bigint {
  let c = 0n;
  for (const byte of b) c = CRC_TABLE[Number((c ^ BigInt(byte)) & 0xffn)] ^ (c >> 8n);
  return c;
}
function rdbLen(n: number): Buffer {
  if (n < 64) return Buffer.from([n]);
  if (n < 16384) return Buffer.from([0x40 | (n >> 8), n & 0xff]);
  const b = Buffer.alloc(5); b[0] = 0x80; b.writeUInt32BE(n, 1); return b;
}
function readRdbLen(b: Buffer, p: number): [number, number] {
  const t = b[p] >> 6;
  if (t === 0) return [b[p] & 0x3f, p + 1];
  if (t === 1) return [((b[p] & 0x3f) << 8) | b[p + 1], p + 2];
  if (b[p] === 0x80) return [b.readUInt32BE(p + 1), p + 5];
  throw new Error(`unexpected length byte ${b[p]}`);
}

const reason = redisMissingReason();
(reason ? describe.skip : describe)(`lzf vs redis-server${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let srv: TestServer | null = null;
  let c: RawClient;
  beforeAll(async () => { srv = await startRedis(); c = await RawClient.connect(srv!.port); });
  afterAll(async () => { c?.close(); await srv?.stop(); });

  async function dump(key: string): Promise<Buffer> {
    const r = await c.call('DUMP', key);
    const head = r.indexOf('\r\n');
    const n = Number(r.subarray(1, head).toString());
    return r.subarray(head + 2, head + 2 + n);
  }

  it('decompresses the LZF strings Redis writes in DUMP payloads', async () => {
    const r = mulberry32(5);
    for (let k = 0; k < 20; k++) {
      const unit = Array.from({ length: 1 + Math.floor(r() * 30) }, () => String.fromCharCode(97 + Math.floor(r() * 6))).join('');
      const value = unit.repeat(Math.ceil((100 + Math.floor(r() * 20000)) / unit.length));
      await c.call('SET', 'k', value);
      const p = await dump('k');
      expect(p[0]).toBe(0);          // string
      expect(p[1]).toBe(0xc3);       // LZF-compressed encoding
      const [clen, p1] = readRdbLen(p, 2);
      const [ulen, p2] = readRdbLen(p, p1);
      expect(ulen).toBe(value.length);
      const n = put(p.subarray(p2, p2 + clen));
      const d = x.t_lzfDecompress(n, ulen);
      expect(d).toBe(ulen);
      expect(getOut(d)).toBe(value);
    }
  });

  it('Redis RESTOREs payloads compressed here', async () => {
    const r = mulberry32(6);
    for (let k = 0; k < 20; k++) {
      const unit = Array.from({ length: 1 + Math.floor(r() * 40) }, () => String.fromCharCode(32 + Math.floor(r() * 90))).join('');
      const value = Buffer.from(unit.repeat(Math.ceil((64 + Math.floor(r() * 30000)) / unit.length)), 'latin1');
      const n = put(value);
      const clen = x.t_lzfCompress(n, n);
      expect(clen).toBeGreaterThan(0);
      const comp = Buffer.from(mem().subarray(O, O + clen));
      const body = Buffer.concat([Buffer.from([0, 0xc3]), rdbLen(clen), rdbLen(value.length), comp, Buffer.from([10, 0])]);
      const crc = Buffer.alloc(8);
      crc.writeBigUInt64LE(crc64(body));
      const payload = Buffer.concat([body, crc]);
      expect((await c.call('RESTORE', 'r', '0', payload, 'REPLACE')).toString()).toBe('+OK\r\n');
      const got = await c.call('GET', 'r');
      const head = got.indexOf('\r\n');
      expect(got.subarray(head + 2, got.length - 2).equals(value)).toBe(true);
    }
  });
});
