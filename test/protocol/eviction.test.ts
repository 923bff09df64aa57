// maxmemory eviction through a real client (ioredis, RESP2 unless stated): what each
// maxmemory-policy may evict, the OOM error when nothing may go, the `evicted` keyspace event, the
// client-tracking invalidation of an evicted key (before the reply of the command that caused
// it), INFO evicted_keys and OBJECT IDLETIME / FREQ. LRU and LFU are approximated by sampling, as
// in Redis, so those checks compare groups of keys with wide margins rather than single keys.
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import net from 'node:net';
import { Redis } from 'ioredis';
import { startCinnabar, RawClient, type TestServer } from '../helpers/servers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const VALUE = 'v'.repeat(1000);

describe('maxmemory eviction', () => {
  let srv: TestServer;
  let r: Redis;
  beforeAll(async () => {
    srv = await startCinnabar();
    r = new Redis({ port: srv.port, protocol: 2, enableReadyCheck: false, lazyConnect: true, maxRetriesPerRequest: 0 });
    await r.connect();
  });
  afterAll(async () => { r?.disconnect(); await srv?.stop(); });
  beforeEach(async () => {
    await r.config('SET', 'maxmemory', '0');
    await r.config('SET', 'maxmemory-policy', 'noeviction');
    await r.config('SET', 'maxmemory-samples', '5');
    await r.flushall();
    await r.config('RESETSTAT');
  });

  const used = async () => Number(/used_memory:(\d+)/.exec(await r.info('memory'))![1]);
  const evictedKeys = async () => Number(/evicted_keys:(\d+)/.exec(await r.info('stats'))![1]);
  /** Sets maxmemory to what is used now plus `room` bytes. */
  const limitTo = async (room: number) => { await r.config('SET', 'maxmemory', String((await used()) + room)); };
  const fill = async (prefix: string, n: number, ttl?: (i: number) => number) => {
    const p = r.pipeline();
    for (let i = 0; i < n; i++) {
      if (ttl) p.set(`${prefix}${i}`, VALUE, 'EX', ttl(i));
      else p.set(`${prefix}${i}`, VALUE);
    }
    await p.exec();
  };
  const existing = async (prefix: string, n: number) => {
    const p = r.pipeline();
    for (let i = 0; i < n; i++) p.exists(`${prefix}${i}`);
    return (await p.exec())!.map(([, v], i) => (v === 1 ? i : -1)).filter((i) => i >= 0);
  };

  it('noeviction refuses writes over the limit and keeps every key', async () => {
    await fill('k', 50);
    await r.config('SET', 'maxmemory', '1');
    await expect(r.set('new', 'x')).rejects.toThrow("OOM command not allowed when used memory > 'maxmemory'.");
    expect(await r.get('k0')).toBe(VALUE); // reads still work
    await r.config('SET', 'maxmemory', '0');
    expect(await r.dbsize()).toBe(50);
    expect(await evictedKeys()).toBe(0);
  });

  it('allkeys-random keeps memory under the limit while writing', async () => {
    await r.config('SET', 'maxmemory-policy', 'allkeys-random');
    await limitTo(200 * 1024);
    await fill('k', 1000);
    expect(await r.dbsize()).toBeLessThan(1000);
    expect(await r.dbsize()).toBeGreaterThan(50);
    expect(await evictedKeys()).toBe(1000 - (await r.dbsize()));
    expect(await used()).toBeLessThan(Number((await r.config('GET', 'maxmemory'))[1]) + 64 * 1024);
  });

  for (const policy of ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']) {
    it(`${policy} evicts only keys with a TTL, and answers OOM when only persistent keys are left`, async () => {
      await r.config('SET', 'maxmemory-policy', policy);
      await fill('p', 100);
      await fill('t', 100, (i) => 1000 + i);
      await r.config('SET', 'maxmemory', '1');
      // an eviction cut short by its time limit (tenacity) goes on in cron; wait for it to finish
      for (let i = 0; i < 100 && (await evictedKeys()) < 100; i++) await sleep(20);
      await expect(r.set('new', 'x')).rejects.toThrow("OOM command not allowed when used memory > 'maxmemory'.");
      await r.config('SET', 'maxmemory', '0');
      expect((await existing('p', 100)).length).toBe(100);
      expect((await existing('t', 100)).length).toBe(0);
      expect(await evictedKeys()).toBe(100);
    });
  }

  it('volatile-ttl evicts the keys closest to expiring first', async () => {
    await r.config('SET', 'maxmemory-policy', 'volatile-ttl');
    await r.config('SET', 'maxmemory-samples', '20');
    await fill('t', 200, (i) => 10000 + i * 10);
    await limitTo(-60 * 1024); // about 60 values must go
    await r.set('trigger', 'x');
    await r.config('SET', 'maxmemory', '0');
    const left = new Set(await existing('t', 200));
    const gone = Array.from({ length: 200 }, (_, i) => i).filter((i) => !left.has(i));
    expect(gone.length).toBeGreaterThan(20);
    // sampled, so not exactly the first ones, but overwhelmingly from the nearest half
    expect(gone.filter((i) => i < 100).length).toBeGreaterThan(gone.length * 0.8);
  });

  it('allkeys-lru keeps recently used keys', async () => {
    await r.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await r.config('SET', 'maxmemory-samples', '10');
    await fill('k', 300);
    await sleep(2100); // the LRU clock counts seconds
    const p = r.pipeline();
    for (let i = 0; i < 150; i++) p.get(`k${i}`); // the first half is now recent
    await p.exec();
    await limitTo(-100 * 1024);
    await r.set('trigger', 'x');
    await r.config('SET', 'maxmemory', '0');
    const left = await existing('k', 300);
    const recentLeft = left.filter((i) => i < 150).length;
    const oldLeft = left.length - recentLeft;
    expect(300 - left.length).toBeGreaterThan(50);
    expect(recentLeft).toBeGreaterThan(140);
    expect(oldLeft).toBeLessThan(recentLeft);
  });

  it('allkeys-lfu keeps frequently used keys; OBJECT FREQ reports the counter', async () => {
    await r.config('SET', 'maxmemory-policy', 'allkeys-lfu');
    await r.config('SET', 'maxmemory-samples', '10');
    await fill('k', 300);
    expect(await r.object('FREQ', 'k0')).toBe(5); // LFU_INIT_VAL
    const p = r.pipeline();
    for (let round = 0; round < 30; round++) for (let i = 0; i < 150; i++) p.get(`k${i}`);
    await p.exec();
    expect(Number(await r.object('FREQ', 'k0'))).toBeGreaterThan(5);
    await limitTo(-100 * 1024);
    await r.set('trigger', 'x');
    await r.config('SET', 'maxmemory', '0');
    const left = await existing('k', 300);
    const hotLeft = left.filter((i) => i < 150).length;
    expect(300 - left.length).toBeGreaterThan(50);
    expect(hotLeft).toBeGreaterThan(140);
  });

  it('OBJECT IDLETIME and FREQ answer Redis\'s errors for the other kind of policy', async () => {
    await r.set('x', 'abc');
    await expect(r.object('FREQ', 'x')).rejects.toThrow('ERR An LFU maxmemory policy is not selected, access frequency not tracked.');
    expect(await r.object('IDLETIME', 'x')).toBe(0);
    await r.config('SET', 'maxmemory-policy', 'volatile-lfu');
    await expect(r.object('IDLETIME', 'x')).rejects.toThrow('ERR An LFU maxmemory policy is selected, idle time not tracked.');
    expect(await r.object('FREQ', 'x')).toBeTypeOf('number');
  });

  it('publishes the evicted keyspace event and counts the key', async () => {
    const sub = new Redis({ port: srv.port, protocol: 2, enableReadyCheck: false });
    try {
      await r.config('SET', 'notify-keyspace-events', 'Ee');
      await r.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const got: string[] = [];
      sub.on('pmessage', (_p, ch, msg) => got.push(`${ch} ${msg}`));
      await sub.psubscribe('*');
      await r.set('foo', 'bar');
      await r.config('SET', 'maxmemory', '1');
      for (let i = 0; i < 100 && got.length === 0; i++) await sleep(20);
      expect(got).toEqual(['__keyevent@0__:evicted foo']);
      expect(await evictedKeys()).toBe(1);
    } finally {
      sub.disconnect();
      await r.config('SET', 'notify-keyspace-events', '');
    }
  });

  it('output held for clients that do not read counts in used_memory and drives eviction', async () => {
    await r.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const p = r.pipeline();
    for (let j = 0; j < 50; j++) p.setrange(`big${j}`, 100000, 'x');
    await p.exec();
    await limitTo(4 * 1024 * 1024);
    // clients that send MGETs and never read: once their sockets are full, the replies wait in
    // the core (as in Redis's reply buffers) and count toward maxmemory
    const socks: net.Socket[] = [];
    for (let i = 0; i < 10; i++) {
      const s = net.connect(srv.port, '127.0.0.1');
      await new Promise((res) => s.once('connect', res));
      s.pause();
      socks.push(s);
    }
    const mget = '*2\r\n$4\r\nMGET\r\n$4\r\nbig1\r\n';
    try {
      for (let round = 0; round < 200 && (await evictedKeys()) === 0; round++) {
        for (const s of socks) s.write(mget.repeat(5));
        await sleep(10);
      }
      expect(await evictedKeys()).toBeGreaterThan(0);
      expect(await r.dbsize()).toBeLessThan(50);
    } finally {
      for (const s of socks) s.destroy();
    }
  });

  it('a tracking client gets the invalidation of an evicted key before the reply', async () => {
    const c = await RawClient.connect(srv.port);
    try {
      await c.call('HELLO', '3');
      expect((await c.call('CLIENT', 'TRACKING', 'on')).toString()).toBe('+OK\r\n');
      await c.call('SETEX', 'volatile-key', '10000', 'x');
      await c.call('GET', 'volatile-key');
      await c.call('CONFIG', 'SET', 'maxmemory-policy', 'volatile-random');
      await c.call('SET', 'big', 'y'.repeat(300 * 1024));
      await c.call('CONFIG', 'SET', 'maxmemory', '1');
      // the next command evicts volatile-key first: the push comes before its reply
      c.send('GET', 'big');
      expect((await c.readReply()).toString()).toBe('>2\r\n$10\r\ninvalidate\r\n*1\r\n$12\r\nvolatile-key\r\n');
      expect((await c.readReply()).length).toBeGreaterThan(300 * 1024);
    } finally {
      await c.call('CONFIG', 'SET', 'maxmemory', '0');
      c.close();
    }
  });
});
