// Lists and blocking pops through a real client (ioredis, RESP2 and RESP3) against a started
// Cinnabar: BLPOP served by an LPUSH from another connection, timeouts (seconds with decimals, 0 =
// forever), BLMOVE chains, a pipeline queued behind a blocked command, CLIENT UNBLOCK, disconnecting
// while blocked (leaves nothing behind: INFO blocked_clients / total_blocking_keys), blocked clients
// not closed by the idle timeout, and the 7.4 timeout errors that the reference 7.0 server lacks.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { startCinnabar, RawClient, sleep, type TestServer } from '../helpers/servers.ts';
import { connectIoredis } from '../helpers/clients.ts';

async function infoField(r: Redis, field: string): Promise<number> {
  const info = await r.info('clients');
  const m = new RegExp(`^${field}:(\\d+)`, 'm').exec(info);
  return m ? Number(m[1]) : NaN;
}

async function waitBlocked(r: Redis, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await infoField(r, 'blocked_clients') === n) return;
    await sleep(10);
  }
  throw new Error(`blocked_clients never reached ${n}`);
}

describe('lists and blocking pops through ioredis', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startCinnabar(['--timeout', '1']); });
  afterAll(async () => { await srv?.stop(); });

  for (const protocol of [2, 3] as const) describe(`protocol ${protocol}`, () => {
    const clients: Redis[] = [];
    const open = async () => {
      const r = await connectIoredis(srv.port, protocol);
      clients.push(r);
      return r;
    };
    let a: Redis;
    beforeAll(async () => { a = await open(); });
    afterAll(() => { for (const c of clients) c.disconnect(); });
    const k = (s: string) => `p${protocol}:${s}`;

    it('list commands', async () => {
      expect(await a.rpush(k('l'), 'a', 'b', 'c', '1', '2')).toBe(5);
      expect(await a.lrange(k('l'), 0, -1)).toEqual(['a', 'b', 'c', '1', '2']);
      expect(await a.lpop(k('l'))).toBe('a');
      expect(await a.rpop(k('l'), 2)).toEqual(['2', '1']);
      expect(await a.lpos(k('l'), 'c')).toBe(1);
      expect(await a.linsert(k('l'), 'BEFORE', 'c', 'x')).toBe(3);
      expect(await a.lmove(k('l'), k('m'), 'LEFT', 'RIGHT')).toBe('b');
      expect(await a.lmpop(2, k('none'), k('l'), 'RIGHT', 'COUNT', 5)).toEqual([k('l'), ['c', 'x']]);
      expect(await a.exists(k('l'))).toBe(0);
      expect(await a.lpop(k('l'))).toBeNull();
      await expect(a.lpush(k('str'), 'x').then(() => a.set(k('str'), 'v')).then(() => a.lpush(k('str'), 'x'))).rejects.toThrow(/WRONGTYPE/);
    });

    it('BLPOP is served by an LPUSH from another client', async () => {
      const b = await open();
      const p = b.blpop(k('q'), 0);
      await waitBlocked(a, 1);
      expect(await a.lpush(k('q'), 'hello', 'world')).toBe(2);
      expect(await p).toEqual([k('q'), 'world']);
      expect(await a.lrange(k('q'), 0, -1)).toEqual(['hello']);
      expect(await infoField(a, 'blocked_clients')).toBe(0);
      expect(await infoField(a, 'total_blocking_keys')).toBe(0);
    });

    it('timeouts: decimals, 0.001, and the client stays usable', async () => {
      const b = await open();
      const t0 = Date.now();
      expect(await b.blpop(k('never'), 0.2)).toBeNull();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(180);
      expect(await b.brpop(k('never'), k('never2'), 0.001)).toBeNull();
      expect(await b.brpoplpush(k('never'), k('dst'), 0.05)).toBeNull();
      expect(await b.blmove(k('never'), k('dst'), 'LEFT', 'LEFT', 0.05)).toBeNull();
      expect(await b.blmpop(0.05, 1, k('never'), 'LEFT')).toBeNull();
      expect(await b.ping()).toBe('PONG');
      expect(await infoField(a, 'blocked_clients')).toBe(0);
    });

    it('BLMOVE chain: each served move makes the next key ready', async () => {
      const b = await open();
      const c = await open();
      const pb = b.blmove(k('c1'), k('c2'), 'LEFT', 'RIGHT', 0);
      await waitBlocked(a, 1);
      const pc = c.blmove(k('c2'), k('c3'), 'LEFT', 'RIGHT', 0);
      await waitBlocked(a, 2);
      await a.rpush(k('c1'), 'token');
      expect(await pb).toBe('token');
      expect(await pc).toBe('token');
      expect(await a.lrange(k('c3'), 0, -1)).toEqual(['token']);
      expect(await a.exists(k('c1'), k('c2'))).toBe(0);
    });

    it('a pipeline behind a blocked command runs after it is served, in order', async () => {
      const b = await open();
      const pipe = b.pipeline().blpop(k('pp'), 0).set(k('after'), 'done').get(k('after')).exec();
      await waitBlocked(a, 1);
      expect(await a.get(k('after'))).toBeNull();     // queued, not run
      await a.rpush(k('pp'), 'v');
      const res = await pipe;
      expect(res).toEqual([[null, [k('pp'), 'v']], [null, 'OK'], [null, 'done']]);
    });

    it('disconnect while blocked leaves nothing behind', async () => {
      const b = await open();
      void b.blpop(k('d1'), k('d2'), k('d1'), 0).catch(() => { /* disconnected */ });
      await waitBlocked(a, 1);
      expect(await infoField(a, 'total_blocking_keys')).toBe(2);
      b.disconnect();
      for (let i = 0; i < 100 && await infoField(a, 'blocked_clients') !== 0; i++) await sleep(10);
      expect(await infoField(a, 'blocked_clients')).toBe(0);
      expect(await infoField(a, 'total_blocking_keys')).toBe(0);
      // the element is not taken by the gone client
      await a.rpush(k('d1'), 'kept');
      expect(await a.lrange(k('d1'), 0, -1)).toEqual(['kept']);
    });

    it('blocked clients are not closed by the idle timeout (timeout 1)', async () => {
      const b = await open();
      const p = b.blpop(k('idle'), 0);
      await waitBlocked(a, 1);
      await sleep(2500);
      await a.rpush(k('idle'), 'late');
      expect(await p).toEqual([k('idle'), 'late']);
    });

    it('CLIENT UNBLOCK with TIMEOUT and ERROR', async () => {
      const b = await open();
      const id = await b.client('ID') as number;
      const p1 = b.blpop(k('u'), 0);
      await waitBlocked(a, 1);
      expect(await a.client('UNBLOCK', id)).toBe(1);
      expect(await p1).toBeNull();
      const p2 = b.brpoplpush(k('u'), k('v'), 0).then(() => null, (e: Error) => e);
      await waitBlocked(a, 1);
      expect(await a.client('UNBLOCK', id, 'ERROR')).toBe(1);
      expect((await p2)?.message).toBe('UNBLOCKED client unblocked via CLIENT UNBLOCK');
      expect(await a.client('UNBLOCK', id)).toBe(0);
    });
  });

  it('7.4 timeout errors (raw bytes)', async () => {
    const c = await RawClient.connect(srv.port);
    try {
      expect(await c.callStr('BLPOP', 'x', '-1')).toBe('-ERR timeout is negative\r\n');
      expect(await c.callStr('BLPOP', 'x', 'abc')).toBe('-ERR timeout is not a float or out of range\r\n');
      expect(await c.callStr('BLPOP', 'x', '0x7FFFFFFFFFFFFF')).toBe('-ERR timeout is out of range\r\n');
      expect(await c.callStr('BLPOP', 'x', '9223372036854775')).toBe('-ERR timeout is out of range\r\n');
      expect(await c.callStr('BLPOP', 'x', 'inf')).toBe('-ERR timeout is out of range\r\n');
      expect(await c.callStr('BLPOP', 'x', '-inf')).toBe('-ERR timeout is negative\r\n');
      // seconds*1000 rounded up: 0.0001 s blocks for 1 ms; -0.0001 rounds to 0 (block forever)
      expect(await c.callStr('BLPOP', 'x', '0.0001')).toBe('*-1\r\n');
      c.send('BLPOP', 'x', '-0.0001');
      await sleep(150);
      const d = await RawClient.connect(srv.port);
      expect(await d.callStr('RPUSH', 'x', 'v')).toBe(':1\r\n');
      expect((await c.readReply()).toString()).toBe('*2\r\n$1\r\nx\r\n$1\r\nv\r\n');
      d.close();
    } finally {
      c.close();
    }
  });
});
