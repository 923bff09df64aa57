// Sorted sets through real clients on a real socket: ioredis (protocol 2 and 3) and node-redis
// (RESP2 and RESP3) with both encodings, then properties that a differential test cannot pin
// because they are random or order-free: ZRANDMEMBER (distinct picks, repeats, a rough uniformity
// check), ZSCAN's guarantee over a large skiplist that grows and shrinks while it is scanned, ranks
// of a 20k-member zset built by pipelining, and the RESP3 reply types (doubles, nested pairs, null
// arrays).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startCinnabar, RawClient, type TestServer } from '../helpers/servers.ts';
import { connectIoredis } from '../helpers/clients.ts';

let srv: TestServer;
beforeAll(async () => { srv = await startCinnabar(); });
afterAll(async () => { await srv?.stop(); });

for (const protocol of [2, 3] as const) {
  describe(`ioredis (protocol ${protocol})`, () => {
    let r: Redis;
    beforeAll(async () => {
      r = await connectIoredis(srv.port, protocol);
    });
    afterAll(() => r?.disconnect());

    for (const entries of [128, 0]) {
      const enc = entries === 0 ? 'skiplist' : 'listpack';
      it(`ZADD / ZRANGE / ZSCORE / ZRANK / ZPOP* / ZMPOP (${enc})`, async () => {
        await r.config('SET', 'zset-max-listpack-entries', String(entries));
        const k = `io${protocol}:${enc}:z`;
        await r.del(k);
        expect(await r.zadd(k, 1, 'a', 2.5, 'b', -3, 'c', '+inf', 'd')).toBe(4);
        expect(await r.call('OBJECT', 'ENCODING', k)).toBe(enc);
        expect(await r.zrange(k, 0, -1)).toEqual(['c', 'a', 'b', 'd']);
        expect(await r.zrange(k, 0, -1, 'WITHSCORES')).toEqual(['c', '-3', 'a', '1', 'b', '2.5', 'd', 'inf']);
        expect(await r.zrangebyscore(k, '(1', '+inf', 'LIMIT', 0, 1)).toEqual(['b']);
        expect(await r.zscore(k, 'b')).toBe('2.5');
        expect(await r.zscore(k, 'nope')).toBeNull();
        expect(await r.zincrby(k, '0.25', 'b')).toBe('2.75');
        expect(await r.zrank(k, 'b')).toBe(2);
        expect(await r.zrevrank(k, 'b')).toBe(1);
        expect(await r.zcard(k)).toBe(4);
        expect(await r.zcount(k, '-inf', 0)).toBe(1);
        expect(await r.zmscore(k, 'a', 'x')).toEqual(['1', null]);
        expect(await r.zpopmin(k)).toEqual(['c', '-3']);
        expect(await r.zpopmax(k, 2)).toEqual(['d', 'inf', 'b', '2.75']);
        expect(await r.call('ZMPOP', '1', k, 'MIN', 'COUNT', '5')).toEqual([k, [['a', '1']]]);
        expect(await r.exists(k)).toBe(0);
        expect(await r.call('ZMPOP', '1', k, 'MIN')).toBeNull();
        await expect(r.zadd(k, 'nan', 'x')).rejects.toThrow('ERR value is not a valid float');
        await r.set(`${k}:s`, 'x');
        await expect(r.zadd(`${k}:s`, 1, 'x')).rejects.toThrow('WRONGTYPE');
        await r.config('SET', 'zset-max-listpack-entries', '128');
      });
    }

    it('ZUNIONSTORE / ZINTER / ZDIFF / ZRANGESTORE with weights and aggregates', async () => {
      const a = `io${protocol}:a`, b = `io${protocol}:b`, d = `io${protocol}:d`;
      await r.del(a, b, d);
      await r.zadd(a, 1, 'x', 2, 'y', 3, 'z');
      await r.zadd(b, 10, 'y', 20, 'z', 30, 'w');
      expect(await r.zunionstore(d, 2, a, b, 'WEIGHTS', 2, 1)).toBe(4);
      expect(await r.zrange(d, 0, -1, 'WITHSCORES')).toEqual(['x', '2', 'y', '14', 'z', '26', 'w', '30']);
      expect(await r.call('ZINTER', '2', a, b, 'AGGREGATE', 'MAX')).toEqual(['y', 'z']);
      expect(await r.call('ZDIFF', '2', a, b)).toEqual(['x']);
      expect(await r.call('ZINTERCARD', '2', a, b, 'LIMIT', '1')).toBe(1);
      expect(await r.call('ZRANGESTORE', d, a, '(1', '3', 'BYSCORE')).toBe(2);
      expect(await r.zrange(d, 0, -1)).toEqual(['y', 'z']);
    });
  });
}

for (const RESP of [2, 3] as const) {
  describe(`node-redis (RESP${RESP})`, () => {
    let c: ReturnType<typeof createClient>;
    beforeAll(async () => {
      c = createClient({ socket: { port: srv.port, host: '127.0.0.1', reconnectStrategy: false }, RESP });
      await c.connect();
    });
    afterAll(async () => { await c?.quit().catch(() => {}); });

    it('scores come back as doubles, pairs as objects', async () => {
      const k = `nr${RESP}:z`;
      await c.del(k);
      expect(await c.zAdd(k, [{ score: 1.5, value: 'a' }, { score: -2, value: 'b' }, { score: 1e20, value: 'c' }])).toBe(3);
      expect(await c.zScore(k, 'a')).toBe(1.5);
      expect(await c.zScore(k, 'c')).toBe(1e20);
      expect(await c.zRangeWithScores(k, 0, -1)).toEqual([{ value: 'b', score: -2 }, { value: 'a', score: 1.5 }, { value: 'c', score: 1e20 }]);
      expect(await c.zRange(k, '+inf', '-inf', { BY: 'SCORE', REV: true, LIMIT: { offset: 1, count: 1 } })).toEqual(['a']);
      expect(await c.zPopMin(k)).toEqual({ value: 'b', score: -2 });
      expect(await c.zIncrBy(k, 2, 'a')).toBe(3.5);
      expect(await c.zRandMember(k)).toMatch(/^[ac]$/);
    });
  });
}

describe('raw RESP3 reply types', () => {
  it('doubles, nested pairs, null arrays', async () => {
    const c = await RawClient.connect(srv.port);
    try {
      await c.call('HELLO', '3');
      await c.call('DEL', 'r3');
      expect((await c.call('ZADD', 'r3', '1.5', 'a', '2', 'b')).toString()).toBe(':2\r\n');
      expect((await c.call('ZSCORE', 'r3', 'a')).toString()).toBe(',1.5\r\n');
      expect((await c.call('ZRANGE', 'r3', '0', '-1', 'WITHSCORES')).toString()).toBe('*2\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\nb\r\n,2\r\n');
      expect((await c.call('ZRANK', 'r3', 'b', 'WITHSCORE')).toString()).toBe('*2\r\n:1\r\n,2\r\n');
      expect((await c.call('ZRANK', 'r3', 'x', 'WITHSCORE')).toString()).toBe('_\r\n');
      expect((await c.call('ZMPOP', '1', 'nokey', 'MIN')).toString()).toBe('_\r\n');
      expect((await c.call('ZPOPMIN', 'r3', '1')).toString()).toBe('*1\r\n*2\r\n$1\r\na\r\n,1.5\r\n');
      expect((await c.call('ZPOPMIN', 'r3')).toString()).toBe('*2\r\n$1\r\nb\r\n,2\r\n');
      expect((await c.call('ZADD', 'r3', 'INCR', '1', 'x')).toString()).toBe(',1\r\n');
      expect((await c.call('ZADD', 'r3', 'INCR', 'NX', '1', 'x')).toString()).toBe('_\r\n');
    } finally { c.close(); }
  });
});

describe('random and order-free properties', () => {
  let r: Redis;
  beforeAll(async () => {
    r = new Redis({ port: srv.port, enableReadyCheck: false, maxRetriesPerRequest: 1, lazyConnect: true });
    await r.connect();
  });
  afterAll(() => r?.disconnect());

  for (const entries of [128, 0]) {
    const enc = entries === 0 ? 'skiplist' : 'listpack';
    it(`ZRANDMEMBER count rules and rough uniformity (${enc})`, async () => {
      await r.config('SET', 'zset-max-listpack-entries', String(entries));
      const k = `rand:${enc}`;
      await r.del(k);
      const members = Array.from({ length: 10 }, (_, i) => `m${i}`);
      await r.zadd(k, ...members.flatMap((m, i) => [i, m]));
      expect(await r.call('OBJECT', 'ENCODING', k)).toBe(enc);
      // distinct picks, every size (CASE 2, 2.5/3, 4)
      for (const n of [1, 2, 3, 8, 9, 10, 20]) {
        const got = (await r.zrandmember(k, n)) as string[];
        expect(got.length).toBe(Math.min(n, 10));
        expect(new Set(got).size).toBe(got.length);
        for (const m of got) expect(members).toContain(m);
        const ws = (await r.zrandmember(k, n, 'WITHSCORES')) as string[];
        for (let i = 0; i < ws.length; i += 2) expect(ws[i + 1]).toBe(String(members.indexOf(ws[i])));
      }
      // repeats allowed: exactly -n picks, roughly uniform (chi-square, df = 9, p ~ 1e-5 at 40)
      const picks = (await r.zrandmember(k, -5000)) as string[];
      expect(picks.length).toBe(5000);
      const counts = new Map<string, number>();
      for (const m of picks) counts.set(m, (counts.get(m) ?? 0) + 1);
      const chi = members.reduce((s, m) => s + ((counts.get(m) ?? 0) - 500) ** 2 / 500, 0);
      expect(chi).toBeLessThan(40);
      // every member shows up eventually with small distinct samples
      const seen = new Set<string>();
      for (let i = 0; i < 200 && seen.size < 10; i++) for (const m of (await r.zrandmember(k, 2)) as string[]) seen.add(m);
      expect(seen.size).toBe(10);
      await r.config('SET', 'zset-max-listpack-entries', '128');
    });
  }

  it('ZSCAN returns every member present for the whole scan while the zset grows and shrinks', async () => {
    const k = 'scan:big';
    await r.del(k);
    const pipe = r.pipeline();
    for (let i = 0; i < 5000; i++) pipe.zadd(k, i, `stay:${i}`);
    await pipe.exec();
    expect(await r.call('OBJECT', 'ENCODING', k)).toBe('skiplist');
    const seen = new Map<string, string>();
    let cursor = '0';
    let step = 0;
    do {
      const [next, items] = (await r.zscan(k, cursor, 'COUNT', 50)) as [string, string[]];
      for (let i = 0; i < items.length; i += 2) seen.set(items[i], items[i + 1]);
      cursor = next;
      // churn: add and remove other members between steps (rehashing both ways)
      const p = r.pipeline();
      if (step % 2 === 0) for (let j = 0; j < 300; j++) p.zadd(k, -1, `tmp:${step}:${j}`);
      else for (let j = 0; j < 300; j++) p.zrem(k, `tmp:${step - 1}:${j}`);
      await p.exec();
      step++;
    } while (cursor !== '0');
    for (let i = 0; i < 5000; i++) expect(seen.get(`stay:${i}`)).toBe(String(i));
    const matched = (await r.zscan(k, 0, 'MATCH', 'stay:4999', 'COUNT', 100000)) as [string, string[]];
    expect(matched[1]).toEqual(['stay:4999', '4999']);
  });

  it('20k members by pipelining: ranks, reverse ranks, ranges and removal by rank', async () => {
    const k = 'big:ranks';
    await r.del(k);
    const n = 20000;
    const pipe = r.pipeline();
    for (let i = 0; i < n; i++) pipe.zadd(k, i % 100, `m:${String(i).padStart(5, '0')}`);
    await pipe.exec();
    expect(await r.zcard(k)).toBe(n);
    // order: by score (i % 100), then member; rank of each member is predictable
    const rankOf = (i: number) => (i % 100) * (n / 100) + Math.floor(i / 100);
    for (const i of [0, 1, 99, 100, 12345, 19999]) {
      const m = `m:${String(i).padStart(5, '0')}`;
      expect(await r.zrank(k, m)).toBe(rankOf(i));
      expect(await r.zrevrank(k, m)).toBe(n - 1 - rankOf(i));
    }
    expect(await r.zrange(k, 200, 201)).toEqual(['m:00001', 'm:00101']);
    expect(await r.zcount(k, 10, '(20')).toBe(2000);
    expect(await r.zremrangebyrank(k, 0, 9999)).toBe(10000);
    expect(await r.zrange(k, 0, 0, 'WITHSCORES')).toEqual(['m:00050', '50']);
    expect(await r.zremrangebyscore(k, '-inf', '(99')).toBe(9800);
    expect(await r.zcard(k)).toBe(200);
    const mem = Number(await r.call('MEMORY', 'USAGE', k));
    expect(mem).toBeGreaterThan(200 * 40);
    expect(mem).toBeLessThan(200 * 120);
  });
});

describe('blocking pops (BZPOPMIN / BZPOPMAX / BZMPOP)', () => {
  let ctl: RawClient;
  beforeAll(async () => { ctl = await RawClient.connect(srv.port); });
  afterAll(() => ctl?.close());

  const blockedClients = async () => Number(/blocked_clients:(\d+)/.exec(await ctl.callStr('INFO', 'clients'))![1]);
  async function waitBlocked(n: number): Promise<void> {
    for (let i = 0; i < 200; i++) { if (await blockedClients() === n) return; await new Promise((r) => setTimeout(r, 10)); }
    throw new Error(`blocked_clients never reached ${n}`);
  }

  it('clients blocked on a missing key are served in the order they blocked when ZADD creates it', async () => {
    await ctl.call('DEL', 'bk1', 'bk2');
    const a = await RawClient.connect(srv.port), b = await RawClient.connect(srv.port), c3 = await RawClient.connect(srv.port);
    try {
      a.send('BZPOPMIN', 'bk1', 'bk2', '0');
      await waitBlocked(1);
      b.send('BZPOPMAX', 'bk2', '0');
      await waitBlocked(2);
      await c3.call('HELLO', '3');
      c3.send('BZMPOP', '0', '2', 'bk2', 'bk1', 'MIN', 'COUNT', '5');
      await waitBlocked(3);
      // one ZADD with three members: a takes the lowest, b the highest, the BZMPOP the rest
      expect(await ctl.callStr('ZADD', 'bk2', '1', 'x', '2', 'y', '3', 'z', '4', 'w')).toBe(':4\r\n');
      expect((await a.readReply()).toString()).toBe('*3\r\n$3\r\nbk2\r\n$1\r\nx\r\n$1\r\n1\r\n');
      expect((await b.readReply()).toString()).toBe('*3\r\n$3\r\nbk2\r\n$1\r\nw\r\n$1\r\n4\r\n');
      expect((await c3.readReply()).toString()).toBe('*2\r\n$3\r\nbk2\r\n*2\r\n*2\r\n$1\r\ny\r\n,2\r\n*2\r\n$1\r\nz\r\n,3\r\n');
      expect(await ctl.callStr('EXISTS', 'bk2')).toBe(':0\r\n');
      expect(await blockedClients()).toBe(0);
    } finally { a.close(); b.close(); c3.close(); }
  });

  it('a timeout replies a null array (RESP2 *-1, RESP3 _); decimals are seconds', async () => {
    const a = await RawClient.connect(srv.port);
    try {
      const t0 = Date.now();
      expect((await a.call('BZPOPMIN', 'nokey:t', '0.2')).toString()).toBe('*-1\r\n');
      expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
      expect((await a.call('BZMPOP', '0.05', '1', 'nokey:t', 'MAX')).toString()).toBe('*-1\r\n');
      await a.call('HELLO', '3');
      expect((await a.call('BZPOPMAX', 'nokey:t', '0.05')).toString()).toBe('_\r\n');
      expect(await blockedClients()).toBe(0);
    } finally { a.close(); }
  });

  it('a key created with another type does not serve; a served client re-blocks if the zset is gone', async () => {
    await ctl.call('DEL', 'bk3');
    const a = await RawClient.connect(srv.port), b = await RawClient.connect(srv.port);
    try {
      a.send('BZPOPMIN', 'bk3', '0');
      await waitBlocked(1);
      await ctl.call('SET', 'bk3', 'string');
      await ctl.call('DEL', 'bk3');
      expect(await blockedClients()).toBe(1);
      b.send('BZPOPMIN', 'bk3', '0');
      await waitBlocked(2);
      // one member: the first waiter gets it, the second stays blocked
      await ctl.call('ZADD', 'bk3', '7', 'only');
      expect((await a.readReply()).toString()).toBe('*3\r\n$3\r\nbk3\r\n$4\r\nonly\r\n$1\r\n7\r\n');
      await waitBlocked(1);
      await ctl.call('ZADD', 'bk3', '8', 'next');
      expect((await b.readReply()).toString()).toBe('*3\r\n$3\r\nbk3\r\n$4\r\nnext\r\n$1\r\n8\r\n');
      // commands sent while blocked run after the pop is served
      a.send('BZPOPMIN', 'bk3', '0');
      a.send('PING');
      await waitBlocked(1);
      await ctl.call('ZUNIONSTORE', 'bk3', '1', 'nosuch:src');  // empty result: no key, still blocked
      expect(await blockedClients()).toBe(1);
      await ctl.call('ZADD', 'src:bk3', '1', 'u');
      await ctl.call('ZUNIONSTORE', 'bk3', '1', 'src:bk3');
      expect((await a.readReply()).toString()).toBe('*3\r\n$3\r\nbk3\r\n$1\r\nu\r\n$1\r\n1\r\n');
      expect((await a.readReply()).toString()).toBe('+PONG\r\n');
    } finally { a.close(); b.close(); }
  });

  it('errors are replied before blocking; a disconnected blocked client leaves nothing behind', async () => {
    const a = await RawClient.connect(srv.port);
    expect((await a.call('BZPOPMIN', 'k', '-1')).toString()).toBe('-ERR timeout is negative\r\n');
    expect((await a.call('BZPOPMIN', 'k', 'x')).toString()).toBe('-ERR timeout is not a float or out of range\r\n');
    expect((await a.call('BZMPOP', '0', '0', 'k', 'MIN')).toString()).toBe('-ERR numkeys should be greater than 0\r\n');
    await ctl.call('SET', 'str:bz', 'x');
    expect((await a.call('BZPOPMIN', 'nokey:e', 'str:bz', '0')).toString()).toMatch(/^-WRONGTYPE/);
    a.send('BZPOPMIN', 'gone:key', '0');
    await waitBlocked(1);
    a.close();
    await waitBlocked(0);
    expect(Number(/total_blocking_keys:(\d+)/.exec(await ctl.callStr('INFO', 'clients'))?.[1] ?? '0')).toBe(0);
  });
});
