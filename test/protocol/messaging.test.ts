// Messaging and transactions through real clients: ioredis and node-redis subscribers in RESP2 and
// RESP3, keyspace events, WATCH races between two real connections, client-side caching
// invalidations, and CLIENT PAUSE holding (not refusing) writes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import net from 'node:net';
import { startCinnabar, type TestServer } from '../helpers/servers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the first `n` values `on` delivers (or rejects after a timeout). */
function collect<T>(n: number, on: (push: (v: T) => void) => void, timeoutMs = 3000): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const got: T[] = [];
    const timer = setTimeout(() => reject(new Error(`timed out with ${got.length}/${n}: ${JSON.stringify(got)}`)), timeoutMs);
    on((v) => {
      got.push(v);
      if (got.length === n) { clearTimeout(timer); resolve(got); }
    });
  });
}

describe('messaging through real clients', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startCinnabar(); });
  afterAll(async () => { await srv?.stop(); });

  for (const protocol of [2, 3] as const) {
    it(`ioredis subscriber: channels and patterns (RESP${protocol})`, async () => {
      const sub = new Redis({ port: srv.port, protocol });
      const pub = new Redis({ port: srv.port, protocol: 2 });
      try {
        const msgs = collect<string>(4, (push) => {
          sub.on('message', (ch, m) => push(`message ${ch} ${m}`));
          sub.on('pmessage', (p, ch, m) => push(`pmessage ${p} ${ch} ${m}`));
        });
        await sub.subscribe('news', 'sport');
        await sub.psubscribe('n*');
        expect(await pub.publish('news', 'a')).toBe(2);
        expect(await pub.publish('sport', 'b')).toBe(1);
        expect(await pub.publish('nope', 'c')).toBe(1);
        expect((await msgs).sort()).toEqual(['message news a', 'message sport b', 'pmessage n* news a', 'pmessage n* nope c'].sort());
        expect(await pub.call('PUBSUB', 'NUMSUB', 'news', 'other')).toEqual(['news', 1, 'other', 0]);
        expect(await pub.call('PUBSUB', 'NUMPAT')).toBe(1);
        await sub.unsubscribe('news', 'sport');
        await sub.punsubscribe('n*');
        expect(await pub.publish('news', 'gone')).toBe(0);
      } finally { sub.disconnect(); pub.disconnect(); }
    });

    it(`node-redis subscriber with sharded channels (RESP${protocol})`, async () => {
      const pub = createClient({ socket: { port: srv.port }, RESP: protocol });
      const sub = pub.duplicate();
      await pub.connect(); await sub.connect();
      try {
        const msgs = collect<string>(2, (push) => {
          void sub.subscribe('ch', (m) => push(`ch ${m}`));
          void sub.sSubscribe('shard', (m) => push(`shard ${m}`));
        });
        await sleep(50);
        await pub.publish('ch', 'x');
        await pub.sPublish('shard', 'y');
        expect((await msgs).sort()).toEqual(['ch x', 'shard y']);
      } finally { await sub.quit(); await pub.quit(); }
    });
  }

  it('keyspace and keyevent notifications reach an ioredis subscriber', async () => {
    const sub = new Redis({ port: srv.port, protocol: 2 });
    const r = new Redis({ port: srv.port, protocol: 2 });
    try {
      await r.config('SET', 'notify-keyspace-events', 'KEA');
      const events = collect<string>(6, (push) => sub.on('pmessage', (_p, ch, m) => push(`${ch} ${m}`)));
      await sub.psubscribe('__key*@0__:*');
      await r.set('ev:k', 'v');
      await r.lpush('ev:l', 'a');
      await r.del('ev:k');
      expect(await events).toEqual([
        '__keyspace@0__:ev:k set', '__keyevent@0__:set ev:k',
        '__keyspace@0__:ev:l lpush', '__keyevent@0__:lpush ev:l',
        '__keyspace@0__:ev:k del', '__keyevent@0__:del ev:k',
      ]);
    } finally {
      await r.config('SET', 'notify-keyspace-events', '');
      sub.disconnect(); r.disconnect();
    }
  });

  it('WATCH: a race between two connections lets exactly one transaction win', async () => {
    const a = new Redis({ port: srv.port, protocol: 2 });
    const b = new Redis({ port: srv.port, protocol: 2 });
    try {
      await a.set('race', '0');
      // optimistic increments from two connections: every lost race is retried
      const worker = async (r: Redis, n: number) => {
        let retries = 0;
        for (let i = 0; i < n; i++) {
          for (;;) {
            await r.watch('race');
            const v = Number(await r.get('race'));
            const res = await r.multi().set('race', String(v + 1)).exec();
            if (res !== null) break;
            retries++;
          }
        }
        return retries;
      };
      const [ra, rb] = await Promise.all([worker(a, 100), worker(b, 100)]);
      expect(await a.get('race')).toBe('200'); // no increment was lost
      expect(ra + rb).toBeGreaterThanOrEqual(0);
      // a deterministic loss: b writes between a's WATCH and EXEC
      await a.watch('race');
      await b.set('race', 'changed');
      expect(await a.multi().set('race', 'mine').exec()).toBeNull();
      expect(await a.get('race')).toBe('changed');
    } finally { a.disconnect(); b.disconnect(); }
  });

  it('client tracking: RESP3 invalidation pushes and RESP2 redirection', async () => {
    const c3 = createClient({ socket: { port: srv.port }, RESP: 3 });
    await c3.connect();
    const w = new Redis({ port: srv.port, protocol: 2 });
    const redir = new Redis({ port: srv.port, protocol: 2 });
    const reader = new Redis({ port: srv.port, protocol: 2 });
    try {
      // node-redis RESP3 exposes invalidation pushes through its client-side cache hooks; read
      // them at the protocol level instead with a raw subscriber for the RESP2 redirect case
      const redirId = await redir.client('ID');
      const inv = collect<string>(1, (push) => redir.on('message', (ch, m) => push(`${ch} ${JSON.stringify(m)}`)));
      await redir.subscribe('__redis__:invalidate');
      await reader.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', String(redirId));
      await reader.get('cached');
      await w.set('cached', 'new');
      const [msg] = await inv;
      expect(msg).toContain('__redis__:invalidate');
      expect(msg).toContain('cached');
      const info = await reader.call('CLIENT', 'TRACKINGINFO') as unknown[];
      expect(info[0]).toBe('flags');
      expect(await reader.call('CLIENT', 'GETREDIR')).toBe(redirId);
      // RESP3 on the same connection: the server pushes and the client keeps working
      await c3.sendCommand(['CLIENT', 'TRACKING', 'on']);
      await c3.get('k3');
      await w.set('k3', 'x');
      expect(await c3.ping()).toBe('PONG');
    } finally { await c3.quit(); w.disconnect(); redir.disconnect(); reader.disconnect(); }
  });

  it('a slow subscriber is cut off by client-output-buffer-limit pubsub; the publisher never waits', async () => {
    const admin = new Redis({ port: srv.port, protocol: 2 });
    const sock = net.connect(srv.port, '127.0.0.1');
    const connected = new Promise((r) => sock.once('connect', r));
    try {
      await admin.config('SET', 'client-output-buffer-limit', 'pubsub 1mb 0 0');
      await connected;
      sock.write('*2\r\n$9\r\nSUBSCRIBE\r\n$4\r\nslow\r\n');
      await sleep(50);
      sock.pause(); // never reads again: the server's output to it piles up
      expect(await admin.pubsub('NUMSUB', 'slow')).toEqual(['slow', 1]);
      const payload = 'x'.repeat(100_000);
      const t0 = Date.now();
      for (let i = 0; i < 300; i++) await admin.publish('slow', payload);
      expect(Date.now() - t0).toBeLessThan(20000);
      // the subscriber was disconnected once past 1 MB of pending output
      for (let i = 0; i < 50 && (await admin.pubsub('NUMSUB', 'slow') as unknown[])[1] !== 0; i++) await sleep(20);
      expect(await admin.pubsub('NUMSUB', 'slow')).toEqual(['slow', 0]);
      expect(await admin.info('stats')).toMatch(/client_output_buffer_limit_disconnections:[1-9]/);
    } finally {
      await admin.config('SET', 'client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
      sock.destroy(); admin.disconnect();
    }
  });

  it('CLIENT PAUSE WRITE holds writes until it ends and lets reads through', async () => {
    const admin = new Redis({ port: srv.port, protocol: 2 });
    const w = new Redis({ port: srv.port, protocol: 2 });
    try {
      await w.set('p', '1');
      await admin.client('PAUSE', 300, 'WRITE');
      const t0 = Date.now();
      expect(await w.get('p')).toBe('1');
      expect(Date.now() - t0).toBeLessThan(250);
      const write = w.set('p', '2').then(() => Date.now() - t0);
      await sleep(50);
      const info = await admin.info('clients');
      expect(info).toMatch(/blocked_clients:1/);
      expect(await write).toBeGreaterThanOrEqual(250);
      expect(await w.get('p')).toBe('2');
      // UNPAUSE releases at once
      await admin.client('PAUSE', 10000, 'WRITE');
      const held = w.set('p', '3');
      await sleep(50);
      await admin.client('UNPAUSE');
      await held;
      expect(await w.get('p')).toBe('3');
    } finally { admin.disconnect(); w.disconnect(); }
  });
});
