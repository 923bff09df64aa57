// Real clients against Cinnabar for SORT / SORT_RO and the SSCAN / HSCAN / ZSCAN iterators:
// ioredis 6 (protocol 2 and 3) and node-redis 6 (RESP2 and RESP3), through each library's own
// argument builders and reply transforms (nil GET results, STORE counts, scan streams).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startCinnabar, type TestServer } from '../helpers/servers.ts';
import { connectIoredis } from '../helpers/clients.ts';

describe('SORT and SCAN family through client libraries', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startCinnabar(); });
  afterAll(async () => { await srv?.stop(); });

  for (const protocol of [2, 3] as const) describe(`ioredis (protocol ${protocol})`, () => {
    let r: Redis;
    const k = (s: string) => `io${protocol}:${s}`;
    beforeAll(async () => {
      r = await connectIoredis(srv.port, protocol);
    });
    afterAll(() => r?.disconnect());

    it('SORT with BY, GET, LIMIT, ALPHA, DESC and STORE', async () => {
      await r.rpush(k('l'), '3', '1', '2');
      await r.mset(k('w_1'), '30', k('w_2'), '10', k('w_3'), '20');
      await r.hset(k('h_1'), 'name', 'one');
      await r.hset(k('h_3'), 'name', 'three');
      expect(await r.sort(k('l'))).toEqual(['1', '2', '3']);
      expect(await r.sort(k('l'), 'DESC')).toEqual(['3', '2', '1']);
      expect(await r.sort(k('l'), 'BY', `${k('w_')}*`)).toEqual(['2', '3', '1']);
      expect(await r.sort(k('l'), 'BY', `${k('w_')}*`, 'GET', '#', 'GET', `${k('h_')}*->name`))
        .toEqual(['2', null, '3', 'three', '1', 'one']);
      expect(await r.sort(k('l'), 'LIMIT', 1, 1, 'ALPHA')).toEqual(['2']);
      expect(await r.sort(k('l'), 'BY', 'nosort', 'DESC')).toEqual(['2', '1', '3']);
      expect(await r.sort(k('l'), 'STORE', k('dst'))).toBe(3);
      expect(await r.lrange(k('dst'), 0, -1)).toEqual(['1', '2', '3']);
      expect(await r.sort_ro(k('l'), 'ALPHA', 'DESC')).toEqual(['3', '2', '1']);
      await expect(r.sort_ro(k('l'), 'STORE', k('x'))).rejects.toThrow('ERR syntax error');
      await r.rpush(k('bad'), 'x');
      await expect(r.sort(k('bad'))).rejects.toThrow("ERR One or more scores can't be converted into double");
      await r.set(k('str'), 'v');
      await expect(r.sort(k('str'))).rejects.toThrow('WRONGTYPE');
    });

    it('SSCAN / HSCAN / ZSCAN streams visit everything', async () => {
      const members = Array.from({ length: 300 }, (_, i) => `m${i}`);
      await r.sadd(k('s'), ...members);
      await r.hset(k('h'), Object.fromEntries(members.map((m, i) => [m, String(i)])));
      await r.zadd(k('z'), ...members.flatMap((m, i) => [i, m]));
      const seen = new Set<string>();
      for await (const batch of r.sscanStream(k('s'), { count: 17 })) for (const m of batch as string[]) seen.add(m);
      expect(seen.size).toBe(300);
      const fields = new Map<string, string>();
      for await (const batch of r.hscanStream(k('h'), { count: 17 })) {
        const b = batch as string[];
        for (let i = 0; i < b.length; i += 2) fields.set(b[i], b[i + 1]);
      }
      expect(fields.size).toBe(300);
      expect(fields.get('m42')).toBe('42');
      const scores = new Map<string, string>();
      for await (const batch of r.zscanStream(k('z'), { count: 17, match: 'm1*' })) {
        const b = batch as string[];
        for (let i = 0; i < b.length; i += 2) scores.set(b[i], b[i + 1]);
      }
      expect(scores.size).toBe(members.filter((m) => m.startsWith('m1')).length);
      expect(scores.get('m150')).toBe('150');
    });
  });

  for (const RESP of [2, 3] as const) describe(`node-redis (RESP${RESP})`, () => {
    let client: ReturnType<typeof createClient>;
    const k = (s: string) => `nr${RESP}:${s}`;
    beforeAll(async () => {
      client = createClient({ socket: { port: srv.port, host: '127.0.0.1', reconnectStrategy: false }, RESP });
      client.on('error', () => { /* surfaced by the command promises */ });
      await client.connect();
    });
    afterAll(async () => { client?.destroy(); });

    it('sort / sortRo / sortStore', async () => {
      await client.rPush(k('l'), ['b', 'c', 'a']);
      await client.mSet([[k('w_a'), '2'], [k('w_b'), '3'], [k('w_c'), '1']]);
      expect(await client.sort(k('l'), { ALPHA: true })).toEqual(['a', 'b', 'c']);
      expect(await client.sort(k('l'), { BY: `${k('w_')}*`, GET: ['#', `${k('w_')}*`] })).toEqual(['c', '1', 'a', '2', 'b', '3']);
      expect(await client.sort(k('l'), { ALPHA: true, DIRECTION: 'DESC', LIMIT: { offset: 0, count: 2 } })).toEqual(['c', 'b']);
      expect(await client.sortRo(k('l'), { BY: 'nosort' })).toEqual(['b', 'c', 'a']);
      expect(await client.sortStore(k('l'), k('dst'), { ALPHA: true })).toBe(3);
      expect(await client.lRange(k('dst'), 0, -1)).toEqual(['a', 'b', 'c']);
      expect(await client.sort(k('l'), { ALPHA: true, GET: 'nokey*' })).toEqual([null, null, null]);
    });

    it('scan iterators', async () => {
      const members = Array.from({ length: 200 }, (_, i) => `e${i}`);
      await client.sAdd(k('s'), members);
      await client.hSet(k('h'), Object.fromEntries(members.map((m, i) => [m, String(i)])));
      await client.zAdd(k('z'), members.map((m, i) => ({ score: i, value: m })));
      const s = new Set<string>();
      for await (const batch of client.sScanIterator(k('s'), { COUNT: 9 })) for (const m of batch) s.add(String(m));
      expect(s.size).toBe(200);
      const h = new Map<string, string>();
      for await (const batch of client.hScanIterator(k('h'), { COUNT: 9 })) for (const { field, value } of batch) h.set(String(field), String(value));
      expect(h.size).toBe(200);
      expect(h.get('e7')).toBe('7');
      const z = new Map<string, number>();
      for await (const batch of client.zScanIterator(k('z'), { COUNT: 9 })) for (const { value, score } of batch) z.set(String(value), Number(score));
      expect(z.size).toBe(200);
      expect(z.get('e199')).toBe(199);
    });
  });
});
