// The keyspace dict through the wasm ABI (build/test-core.wasm): 100k keys inserted and deleted with
// SET/DEL, counters checked against a walk of the tables, growth and shrink through incremental
// rehashing, and SCAN's guarantee (every key present for the whole scan is returned) across
// resizes, both at the dict level (t_db_scan) and through the SCAN command.
import { describe, it, expect, beforeAll } from 'vitest';
import { CoreHarness } from '../helpers/core.ts';
import { encodeCommand, parse } from '../helpers/resp.ts';

const N = 100_000;

function setBatch(h: CoreHarness, slot: number, from: number, to: number, prefix = 'key:'): void {
  for (let i = from; i < to; i += 2000) {
    const parts: Buffer[] = [];
    for (let j = i; j < Math.min(to, i + 2000); j++) parts.push(encodeCommand(['SET', `${prefix}${j}`, String(j)]));
    h.feed(slot, Buffer.concat(parts));
    const out = h.takeStr(slot);
    expect(out).toBe('+OK\r\n'.repeat(Math.min(to, i + 2000) - i));
  }
}

function delBatch(h: CoreHarness, slot: number, from: number, to: number, prefix = 'key:'): void {
  for (let i = from; i < to; i += 2000) {
    const keys: string[] = [];
    for (let j = i; j < Math.min(to, i + 2000); j++) keys.push(`${prefix}${j}`);
    expect(h.callStr(slot, 'DEL', ...keys)).toBe(`:${keys.length}\r\n`);
  }
}

function dbsize(h: CoreHarness, slot: number): number {
  const r = h.callStr(slot, 'DBSIZE');
  expect(r).toMatch(/^:\d+\r\n$/);
  return Number(r.slice(1));
}

function isPow2(n: number): boolean { return n > 0 && (n & (n - 1)) === 0; }

describe('core dict', () => {
  let h: CoreHarness;
  let s: number;
  beforeAll(async () => {
    h = await CoreHarness.create({ wasm: 'test' });
    s = h.connect();
  }, 120_000);

  it('100k SETs: DBSIZE, the size counter and a walk of the tables agree; buckets grow in powers of two', () => {
    let sawRehash = false;
    for (let i = 0; i < N; i += 10_000) {
      setBatch(h, s, i, i + 10_000);
      expect(dbsize(h, s)).toBe(i + 10_000);
      expect(h.dictSize()).toBe(i + 10_000);
      expect(h.walkCount()).toBe(i + 10_000);
      sawRehash ||= h.rehashing();
      // buckets() is both tables' sizes while rehashing: never fewer than the keys (load factor <= 1 + growth)
      expect(h.buckets()).toBeGreaterThanOrEqual((i + 10_000) / 2);
    }
    expect(sawRehash, 'an incremental rehash was in progress at some checkpoint').toBe(true);
    for (let k = 0; k < 2000 && h.rehashing(); k++) h.cron();
    expect(h.rehashing()).toBe(false);
    expect(isPow2(h.buckets())).toBe(true);
    expect(h.buckets()).toBeGreaterThanOrEqual(N);
    expect(h.buckets()).toBeLessThanOrEqual(4 * N);
    // every key is findable with its value
    for (const i of [0, 1, 777, 50_000, N - 1]) expect(h.callStr(s, 'GET', `key:${i}`)).toBe(`$${String(i).length}\r\n${i}\r\n`);
    // overwriting does not change the count
    setBatch(h, s, 0, 5000);
    expect(h.walkCount()).toBe(N);
  });

  it('deleting 99k keys and running cron shrinks the table; the survivors are intact', () => {
    delBatch(h, s, 1000, N);
    expect(dbsize(h, s)).toBe(1000);
    expect(h.walkCount()).toBe(1000);
    for (let k = 0; k < 5000; k++) {
      h.cron();
      if (!h.rehashing() && h.buckets() <= 4096) break;
    }
    expect(h.rehashing()).toBe(false);
    expect(h.buckets()).toBeLessThanOrEqual(4096);
    expect(h.walkCount()).toBe(1000);
    for (let i = 0; i < 1000; i += 111) expect(h.callStr(s, 'GET', `key:${i}`)).toBe(`$${String(i).length}\r\n${i}\r\n`);
    expect(h.callStr(s, 'GET', 'key:1000')).toBe('$-1\r\n');
    delBatch(h, s, 0, 1000);
    expect(dbsize(h, s)).toBe(0);
    expect(h.walkCount()).toBe(0);
  });

  it('dict-level SCAN returns every key present for the whole scan while the table grows', () => {
    h.callStr(s, 'FLUSHALL');
    setBatch(h, s, 0, 500, 'stable:');
    const seen = new Set<string>();
    let cursor = 0, steps = 0, added = 0;
    do {
      const r = h.dictScan(0, cursor);
      r.keys.forEach((k) => seen.add(k));
      cursor = r.next;
      // grow the table under the scan: several expansions and rehash steps happen between steps
      if (added < 20_000) { setBatch(h, s, added, added + 400, 'grow:'); added += 400; }
      steps++;
    } while (cursor !== 0 && steps < 1_000_000);
    expect(cursor).toBe(0);
    for (let i = 0; i < 500; i++) expect(seen.has(`stable:${i}`), `stable:${i}`).toBe(true);
  });

  it('dict-level SCAN returns every key present for the whole scan while the table shrinks', () => {
    // 20k grow: keys from the last test plus 500 stable ones; delete the grow keys during the scan
    const seen = new Set<string>();
    let cursor = 0, steps = 0, deleted = 0;
    do {
      const r = h.dictScan(0, cursor);
      r.keys.forEach((k) => seen.add(k));
      cursor = r.next;
      if (deleted < 20_000) { delBatch(h, s, deleted, deleted + 1000, 'grow:'); deleted += 1000; }
      h.cron(); // resize + rehash steps
      steps++;
    } while (cursor !== 0 && steps < 1_000_000);
    expect(cursor).toBe(0);
    for (let i = 0; i < 500; i++) expect(seen.has(`stable:${i}`), `stable:${i}`).toBe(true);
  });

  it('SCAN command: the full iteration covers every stable key across growth, with COUNT and MATCH', () => {
    h.callStr(s, 'FLUSHALL');
    setBatch(h, s, 0, 300, 'stable:');
    const seen = new Set<string>();
    let cursor = '0', steps = 0, added = 0;
    do {
      const r = h.call(s, 'SCAN', cursor, 'COUNT', '20');
      const n = parse(r);
      expect(n.t, r.toString('latin1').slice(0, 200)).toBe('*');
      cursor = n.items![0].data!.toString();
      for (const k of n.items![1].items!) seen.add(k.data!.toString());
      if (added < 10_000) { setBatch(h, s, added, added + 300, 'grow:'); added += 300; }
      steps++;
    } while (cursor !== '0' && steps < 100_000);
    for (let i = 0; i < 300; i++) expect(seen.has(`stable:${i}`), `stable:${i}`).toBe(true);
    // MATCH filters but the guarantee holds
    const m = new Set<string>();
    cursor = '0';
    do {
      const n = parse(h.call(s, 'SCAN', cursor, 'MATCH', 'stable:1*', 'COUNT', '100'));
      cursor = n.items![0].data!.toString();
      for (const k of n.items![1].items!) m.add(k.data!.toString());
    } while (cursor !== '0');
    const want = Array.from({ length: 300 }, (_, i) => `stable:${i}`).filter((k) => k.startsWith('stable:1'));
    expect([...m].sort()).toEqual(want.sort());
  });

  it('DBSIZE and walks agree per database; FLUSHDB empties only its db', () => {
    h.callStr(s, 'FLUSHALL');
    setBatch(h, s, 0, 1000, 'd0:');
    expect(h.callStr(s, 'SELECT', '5')).toBe('+OK\r\n');
    setBatch(h, s, 0, 250, 'd5:');
    expect(dbsize(h, s)).toBe(250);
    expect(h.walkCount(5)).toBe(250);
    expect(h.walkCount(0)).toBe(1000);
    expect(h.callStr(s, 'FLUSHDB')).toBe('+OK\r\n');
    expect(h.walkCount(5)).toBe(0);
    expect(h.walkCount(0)).toBe(1000);
    expect(h.callStr(s, 'SELECT', '0')).toBe('+OK\r\n');
  });
});
