// Hash commands through real client libraries (ioredis 6 and node-redis 6, RESP2 and RESP3):
// HSET/HGETALL as objects and maps, HSCAN streams, HRANDFIELD with values, HINCRBYFLOAT, and the
// Redis 7.4 field expiration commands with both clients' typed helpers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startCinnabar, sleep, type TestServer } from '../helpers/servers.ts';
import { connectIoredis } from '../helpers/clients.ts';

describe('hashes through clients', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startCinnabar(); });
  afterAll(async () => { await srv?.stop(); });

  for (const protocol of [2, 3] as const) describe(`ioredis (protocol ${protocol})`, () => {
    let r: Redis;
    const p = `io${protocol}:`;
    beforeAll(async () => {
      r = await connectIoredis(srv.port, protocol);
    });
    afterAll(() => r?.disconnect());

    it('HSET / HGETALL / HMGET / HDEL on both encodings', async () => {
      expect(await r.hset(`${p}h`, { a: '1', b: '2', c: 'three' })).toBe(3);
      expect(await r.hgetall(`${p}h`)).toEqual({ a: '1', b: '2', c: 'three' });
      expect(await r.hmget(`${p}h`, 'a', 'nope', 'c')).toEqual(['1', null, 'three']);
      expect(await r.hlen(`${p}h`)).toBe(3);
      expect(await r.hdel(`${p}h`, 'a', 'nope')).toBe(1);
      const big: Record<string, string> = {};
      for (let i = 0; i < 1000; i++) big[`field:${i}`] = `value:${i}`;
      expect(await r.hset(`${p}big`, big)).toBe(1000);
      expect(await r.object('ENCODING', `${p}big`)).toBe('hashtable');
      expect(await r.hgetall(`${p}big`)).toEqual(big);
      expect((await r.hkeys(`${p}big`)).sort()).toEqual(Object.keys(big).sort());
    });

    it('HSCAN stream visits every field once per full iteration', async () => {
      const seen = new Map<string, string>();
      await new Promise<void>((resolve, reject) => {
        const s = r.hscanStream(`${p}big`, { count: 50 });
        s.on('data', (chunk: string[]) => { for (let i = 0; i < chunk.length; i += 2) seen.set(chunk[i], chunk[i + 1]); });
        s.on('end', resolve);
        s.on('error', reject);
      });
      expect(seen.size).toBe(1000);
      expect(seen.get('field:999')).toBe('value:999');
    });

    it('HINCRBY / HINCRBYFLOAT / HRANDFIELD', async () => {
      expect(await r.hincrby(`${p}n`, 'x', 5)).toBe(5);
      expect(await r.hincrbyfloat(`${p}n`, 'y', '1.25')).toBe('1.25');
      await expect(r.hincrby(`${p}h`, 'c', 1)).rejects.toThrow('ERR hash value is not an integer');
      const one = await r.hrandfield(`${p}h`);
      expect(['b', 'c']).toContain(one);
      const withValues = await r.hrandfield(`${p}h`, -4, 'WITHVALUES') as unknown[];
      // ioredis flattens RESP3's field/value pairs too (it does so against Redis as well)
      expect(withValues.length).toBe(8);
    });

    it('field expiration (7.4)', async () => {
      await r.hset(`${p}e`, 'f1', 'v1', 'f2', 'v2');
      expect(await r.call('HEXPIRE', `${p}e`, '100', 'FIELDS', '2', 'f1', 'nope')).toEqual([1, -2]);
      const ttl = await r.call('HTTL', `${p}e`, 'FIELDS', '2', 'f1', 'f2') as number[];
      expect(ttl[0]).toBeGreaterThan(98);
      expect(ttl[1]).toBe(-1);
      expect(await r.call('HPERSIST', `${p}e`, 'FIELDS', '1', 'f1')).toEqual([1]);
      expect(await r.call('HPEXPIRE', `${p}e`, '20', 'FIELDS', '1', 'f2')).toEqual([1]);
      await sleep(60);
      expect(await r.hgetall(`${p}e`)).toEqual({ f1: 'v1' });
    });
  });

  describe('node-redis', () => {
    for (const RESP of [2, 3] as const) {
      describe(`RESP${RESP}`, () => {
        let c: ReturnType<typeof createClient>;
        const p = `nr${RESP}:`;
        beforeAll(async () => {
          c = createClient({ socket: { port: srv.port, host: '127.0.0.1', reconnectStrategy: false }, RESP });
          c.on('error', () => { /* surfaced by the command promises */ });
          await c.connect();
        });
        afterAll(async () => { c?.destroy(); });

        it('HSET / HGETALL / HSETNX / HEXISTS / HSTRLEN / HVALS', async () => {
          expect(await c.hSet(`${p}h`, { a: '1', b: 'two' })).toBe(2);
          expect(await c.hGetAll(`${p}h`)).toEqual({ a: '1', b: 'two' });
          expect(await c.hSetNX(`${p}h`, 'a', 'x')).toBe(0);
          expect(await c.hExists(`${p}h`, 'b')).toBe(1);
          expect(await c.hStrLen(`${p}h`, 'b')).toBe(3);
          expect((await c.hVals(`${p}h`)).sort()).toEqual(['1', 'two']);
          expect(await c.hGetAll(`${p}missing`)).toEqual({});
        });

        it('HSCAN iterator and HRANDFIELD WITHVALUES', async () => {
          const fields: Record<string, string> = {};
          for (let i = 0; i < 300; i++) fields[`f${i}`] = String(i);
          await c.hSet(`${p}s`, fields);
          const seen: Record<string, string> = {};
          let cursor = '0';
          do {
            const res = await c.hScan(`${p}s`, cursor, { COUNT: 40 });
            cursor = String(res.cursor);
            for (const { field, value } of res.entries) seen[field] = value;
          } while (cursor !== '0');
          expect(seen).toEqual(fields);
          const rv = await c.hRandFieldCountWithValues(`${p}s`, 5);
          expect(rv.length).toBe(5);
          for (const { field, value } of rv) expect(fields[field]).toBe(value);
        });

        it('field expiration helpers (7.4)', async () => {
          await c.hSet(`${p}e`, { f1: 'v1', f2: 'v2' });
          expect(await c.hExpire(`${p}e`, ['f1', 'f2', 'nope'], 100)).toEqual([1, 1, -2]);
          expect(await c.hExpire(`${p}e`, ['f1'], 200, 'NX')).toEqual([0]);
          const t = await c.hpTTL(`${p}e`, ['f1']);
          expect(t[0]).toBeGreaterThan(98000);
          expect(await c.hPersist(`${p}e`, ['f2'])).toEqual([1]);
          expect(await c.hExpireTime(`${p}e`, ['f2', 'nope'])).toEqual([-1, -2]);
          expect(await c.hpExpire(`${p}e`, ['f1'], 20)).toEqual([1]);
          await sleep(60);
          expect(await c.hGetAll(`${p}e`)).toEqual({ f2: 'v2' });
        });
      });
    }
  });
});
