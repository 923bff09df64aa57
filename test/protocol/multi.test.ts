// Transactions through real clients: ioredis's multi()/exec() and node-redis's multi(), in RESP2 and
// RESP3, including runtime errors inside EXEC, queueing errors (EXECABORT), and pipelined
// transactions interleaved with other connections' commands.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startCinnabar, type TestServer } from '../helpers/servers.ts';

describe('transactions through real clients', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startCinnabar(); });
  afterAll(async () => { await srv?.stop(); });

  for (const protocol of [2, 3] as const) {
    it(`ioredis multi/exec (RESP${protocol})`, async () => {
      const r = new Redis({ port: srv.port, protocol, lazyConnect: true });
      await r.connect();
      try {
        await r.flushall();
        const res = await r.multi().set('a', '1').incr('a').lpush('a', 'x').get('a').exec();
        expect(res![0]).toEqual([null, 'OK']);
        expect(res![1]).toEqual([null, 2]);
        expect(res![2][0]).toBeInstanceOf(Error);
        expect(String(res![2][0])).toMatch(/WRONGTYPE/);
        expect(res![3]).toEqual([null, '2']);
        // a queueing error aborts the whole transaction
        await expect(r.multi().set('b', '1').call('set', 'only-key').exec()).rejects.toThrow(/EXECABORT/);
        expect(await r.exists('b')).toBe(0);
        // discard
        const m = r.multi();
        m.set('c', '1');
        await m.discard();
        expect(await r.exists('c')).toBe(0);
      } finally { r.disconnect(); }
    });

    it(`node-redis multi (RESP${protocol})`, async () => {
      const c = createClient({ socket: { port: srv.port }, RESP: protocol });
      await c.connect();
      try {
        await c.flushAll();
        const out = await c.multi().set('k', 'v').append('k', 'w').get('k').rPush('l', ['1', '2']).lRange('l', 0, -1).exec();
        expect(out).toEqual(['OK', 2, 'vw', 2, ['1', '2']]);
      } finally { await c.quit(); }
    });
  }

  it('a transaction is atomic against other connections', async () => {
    const a = new Redis({ port: srv.port });
    const b = new Redis({ port: srv.port });
    try {
      await a.set('counter', '0');
      // many transactions from two connections, each reading its own increments back in order
      const jobs: Promise<unknown>[] = [];
      for (let i = 0; i < 200; i++) {
        const r = i % 2 ? a : b;
        jobs.push(r.multi().incr('counter').incr('counter').exec().then((res) => {
          const [x, y] = res!.map(([, v]) => v as number);
          expect(y).toBe(x + 1); // nothing ran between the two INCRs
        }));
      }
      await Promise.all(jobs);
      expect(await a.get('counter')).toBe('400');
    } finally { a.disconnect(); b.disconnect(); }
  });

  it('CLIENT LIST shows the transaction state', async () => {
    const r = new Redis({ port: srv.port });
    try {
      await r.call('MULTI');
      await r.call('SET', 'x', 'yy');
      await r.call('GET', 'x');
      const res = await r.call('EXEC') as unknown[];
      expect(res[0]).toBe('OK');
      const info = await r.client('INFO');
      expect(info).toMatch(/ multi=-1 /);
      const m = r.multi();
      m.client('INFO');
      const [[, inside]] = (await m.exec())!;
      expect(inside).toMatch(/ flags=x /);
      expect(inside).toMatch(/ multi=1 /);
      expect(inside).toMatch(/ multi-mem=26 /); // "CLIENT" "INFO": 10 bytes + 8 per argument
      expect(inside).toMatch(/ cmd=exec /);
    } finally { r.disconnect(); }
  });
});
