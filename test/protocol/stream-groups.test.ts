// Stream consumer groups through a real client (ioredis, protocol 2 and 3) on a started Cinnabar,
// for what a byte-for-byte differential cannot check:
// - XREADGROUP BLOCK served by an XADD from another connection (and BLOCK with a timeout, and
//   several consumers blocked on one group: each entry goes to exactly one of them);
// - a blocked XREADGROUP woken by XGROUP DESTROY (-NOGROUP) and by DEL of its key (-NOGROUP);
// - a whole consumer-group workflow: producers, two consumers, acknowledgements, a crashed
//   consumer's entries recovered with XPENDING + XCLAIM and with XAUTOCLAIM, XINFO along the way,
//   DELCONSUMER and DESTROY;
// - idle times that really grow (XPENDING IDLE filter, XINFO CONSUMERS idle/inactive).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { startCinnabar, sleep, type TestServer } from '../helpers/servers.ts';

type Entry = [string, string[]];
type ReadReply = Array<[string, Entry[]]> | null;

/** XREADGROUP's reply as [key, entries][] whatever the protocol (RESP3 answers a map). */
function streams(r: unknown): Array<[string, Entry[]]> | null {
  if (r == null) return null;
  if (Array.isArray(r)) return r as Array<[string, Entry[]]>;
  return Object.entries(r as Record<string, Entry[]>);
}

/** XINFO map replies as objects (RESP2 flat arrays or RESP3 maps). */
function obj(r: unknown): Record<string, unknown> {
  if (Array.isArray(r)) {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < r.length; i += 2) o[String(r[i])] = r[i + 1];
    return o;
  }
  return r as Record<string, unknown>;
}

describe('stream consumer groups through ioredis', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startCinnabar(); });
  afterAll(async () => { await srv?.stop(); });

  for (const protocol of [2, 3] as const) describe(`protocol ${protocol}`, () => {
    let r: Redis;
    let other: Redis;
    const k = (s: string) => `p${protocol}:${s}`;
    const connect = async () => {
      const c = new Redis({ port: srv.port, protocol, enableReadyCheck: false, maxRetriesPerRequest: 1, lazyConnect: true });
      await c.connect();
      return c;
    };
    beforeAll(async () => { r = await connect(); other = await connect(); });
    afterAll(() => { r?.disconnect(); other?.disconnect(); });

    it('XREADGROUP BLOCK is served by XADD from another connection', async () => {
      const key = k('blk');
      await r.del(key);
      expect(await r.xgroup('CREATE', key, 'g', '$', 'MKSTREAM')).toBe('OK');
      const pending = other.xreadgroup('GROUP', 'g', 'alice', 'BLOCK', 0, 'STREAMS', key, '>');
      await sleep(100);
      const id = await r.xadd(key, '*', 'f', 'v');
      const got = streams(await pending);
      expect(got).toEqual([[key, [[id, ['f', 'v']]]]]);
      // the entry is pending for alice now
      const summary = await r.xpending(key, 'g') as unknown[];
      expect(summary[0]).toBe(1);
      expect(summary[1]).toBe(id);
      expect(summary[3]).toEqual([['alice', '1']]);
    });

    it('XREADGROUP BLOCK with a timeout replies nil', async () => {
      const key = k('tmo');
      await r.del(key);
      await r.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
      const t0 = Date.now();
      const got = await r.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 150, 'STREAMS', key, '>');
      expect(got).toBeNull();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    });

    it('BLOCK errors: not an integer, negative, deadline overflowing (7.4 checks the overflow)', async () => {
      const key = k('berr');
      await r.del(key);
      await r.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
      await expect(r.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 'x', 'STREAMS', key, '>')).rejects.toThrow('ERR timeout is not an integer or out of range');
      await expect(r.xreadgroup('GROUP', 'g', 'c', 'BLOCK', -1, 'STREAMS', key, '>')).rejects.toThrow('ERR timeout is negative');
      await expect(r.xreadgroup('GROUP', 'g', 'c', 'BLOCK', '9223372036854775807', 'STREAMS', key, '>')).rejects.toThrow('ERR timeout is out of range');
    });

    it('several consumers blocked on one group: each entry is delivered once', async () => {
      const key = k('many');
      await r.del(key);
      await r.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
      const clients = await Promise.all([connect(), connect(), connect()]);
      try {
        const waits = clients.map((c, i) => c.xreadgroup('GROUP', 'g', `c${i}`, 'COUNT', 10, 'BLOCK', 0, 'STREAMS', key, '>'));
        await sleep(100);
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) ids.push(await r.xadd(key, '*', 'n', String(i)) as string);
        const results = (await Promise.all(waits)).map((x) => streams(x)!);
        const delivered = results.flatMap((x) => x[0][1].map((e) => e[0]));
        expect(delivered.sort()).toEqual([...ids].sort());
        const info = (await r.xinfo('GROUPS', key) as unknown[]).map(obj);
        expect(info[0].pending).toBe(3);
        expect(info[0]['last-delivered-id']).toBe(ids[2]);
      } finally {
        for (const c of clients) c.disconnect();
      }
    });

    it('a blocked XREADGROUP gets -NOGROUP when its group is destroyed', { timeout: 10_000 }, async () => {
      const key = k('gone');
      await r.del(key);
      await r.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
      const b = await connect();
      try {
        const p = b.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', key, '>');
        await sleep(100);
        expect(await r.xgroup('DESTROY', key, 'g')).toBe(1);
        await expect(p).rejects.toThrow(/^NOGROUP No such key '.*' or consumer group 'g' in XREADGROUP with GROUP option/);
      } finally {
        b.disconnect();
      }
    });

    it('a blocked XREADGROUP gets -NOGROUP when its key is deleted, -WRONGTYPE when it is replaced', { timeout: 10_000 }, async () => {
      const key = k('del');
      await r.del(key);
      await r.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
      const [b1, b2] = await Promise.all([connect(), connect()]);
      try {
        const p1 = b1.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', key, '>');
        await sleep(100);
        await r.del(key);
        await expect(p1).rejects.toThrow(/^NOGROUP/);
        await r.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
        const p2 = b2.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', key, '>');
        await sleep(100);
        await r.set(key, 'x');
        await expect(p2).rejects.toThrow(/^WRONGTYPE/);
      } finally {
        b1.disconnect();
        b2.disconnect();
      }
    });

    it('consumer-group workflow: deliver, ack, recover a dead consumer, clean up', async () => {
      const key = k('jobs');
      await r.del(key);
      await r.xgroup('CREATE', key, 'workers', '0', 'MKSTREAM');
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push(await r.xadd(key, '*', 'job', String(i)) as string);

      // two workers share the stream
      const a = streams(await r.xreadgroup('GROUP', 'workers', 'alice', 'COUNT', 4, 'STREAMS', key, '>'))!;
      const b = streams(await other.xreadgroup('GROUP', 'workers', 'bob', 'COUNT', 4, 'STREAMS', key, '>'))!;
      expect(a[0][1].map((e) => e[0])).toEqual(ids.slice(0, 4));
      expect(b[0][1].map((e) => e[0])).toEqual(ids.slice(4, 8));
      expect(b[0][1][0][1]).toEqual(['job', '4']);

      // alice finishes her jobs, bob "crashes" with his pending
      expect(await r.xack(key, 'workers', ...ids.slice(0, 4))).toBe(4);
      expect(await r.xack(key, 'workers', ids[0])).toBe(0);
      let summary = await r.xpending(key, 'workers') as unknown[];
      expect(summary).toEqual([4, ids[4], ids[7], [['bob', '4']]]);

      // alice re-reads her own history: nothing left
      const hist = streams(await r.xreadgroup('GROUP', 'workers', 'alice', 'STREAMS', key, '0'))!;
      expect(hist[0][1]).toEqual([]);

      await sleep(60);
      // only entries idle long enough are listed / claimed
      expect(await r.xpending(key, 'workers', 'IDLE', 60_000, '-', '+', 10)).toEqual([]);
      const ext = await r.xpending(key, 'workers', 'IDLE', 50, '-', '+', 10, 'bob') as unknown[][];
      expect(ext.map((e) => e[0])).toEqual(ids.slice(4, 8));
      expect(ext.every((e) => e[1] === 'bob' && (e[2] as number) >= 50 && e[3] === 1)).toBe(true);

      // XCLAIM two of them for carol
      const claimed = await r.xclaim(key, 'workers', 'carol', 50, ids[4], ids[5]) as Entry[];
      expect(claimed.map((e) => e[0])).toEqual([ids[4], ids[5]]);
      expect(claimed[0][1]).toEqual(['job', '4']);
      // the rest with XAUTOCLAIM (JUSTID), as an iterator of 1
      let cursor = '0-0';
      const auto: string[] = [];
      for (let i = 0; i < 10; i++) {
        const rep = await r.xautoclaim(key, 'workers', 'dave', 50, cursor, 'COUNT', 1, 'JUSTID') as [string, string[], string[]];
        auto.push(...rep[1]);
        expect(rep[2]).toEqual([]);
        cursor = rep[0];
        if (cursor === '0-0') break;
      }
      expect(auto).toEqual([ids[6], ids[7]]);
      const det = await r.xpending(key, 'workers', '-', '+', 10) as unknown[][];
      expect(det.map((e) => [e[0], e[1], e[3]])).toEqual([
        [ids[4], 'carol', 2], [ids[5], 'carol', 2], [ids[6], 'dave', 1], [ids[7], 'dave', 1],
      ]);

      // XINFO along the way
      const groups = (await r.xinfo('GROUPS', key) as unknown[]).map(obj);
      expect(groups).toEqual([{ name: 'workers', consumers: 4, pending: 4, 'last-delivered-id': ids[7], 'entries-read': 8, lag: 2 }]);
      const consumers = (await r.xinfo('CONSUMERS', key, 'workers') as unknown[]).map(obj);
      expect(consumers.map((c) => [c.name, c.pending])).toEqual([['alice', 0], ['bob', 0], ['carol', 2], ['dave', 2]]);
      for (const c of consumers) expect(c.inactive as number).toBeGreaterThanOrEqual(0);
      expect(consumers[1].inactive as number).toBeGreaterThanOrEqual(50);
      const full = obj(await r.xinfo('STREAM', key, 'FULL', 'COUNT', 2));
      expect(full.length).toBe(10);
      expect((full.entries as Entry[]).map((e) => e[0])).toEqual(ids.slice(0, 2));
      const g0 = obj((full.groups as unknown[])[0]);
      expect(g0['pel-count']).toBe(4);
      expect((g0.pending as unknown[]).length).toBe(2);

      // the last two jobs, then cleanup
      const rest = streams(await r.xreadgroup('GROUP', 'workers', 'alice', 'STREAMS', key, '>'))!;
      expect(rest[0][1].map((e) => e[0])).toEqual(ids.slice(8));
      expect(await r.xgroup('DELCONSUMER', key, 'workers', 'dave')).toBe(2);
      summary = await r.xpending(key, 'workers') as unknown[];
      expect(summary[0]).toBe(4);
      expect(await r.xgroup('CREATECONSUMER', key, 'workers', 'erin')).toBe(1);
      expect(await r.xgroup('CREATECONSUMER', key, 'workers', 'erin')).toBe(0);
      expect(await r.xgroup('DESTROY', key, 'workers')).toBe(1);
      expect(await r.xinfo('GROUPS', key)).toEqual([]);
      await expect(r.xpending(key, 'workers')).rejects.toThrow(/NOGROUP/);
    });

    it('COPY keeps the groups independent of the original', async () => {
      const src = k('{c}src'), dst = k('{c}dst');
      await r.del(src, dst);
      await r.xgroup('CREATE', src, 'g', '0', 'MKSTREAM');
      const id = await r.xadd(src, '*', 'a', '1');
      await r.xreadgroup('GROUP', 'g', 'c', 'STREAMS', src, '>');
      expect(await r.copy(src, dst)).toBe(1);
      expect(await r.xack(src, 'g', id as string)).toBe(1);
      const p = await r.xpending(dst, 'g') as unknown[];
      expect(p[0]).toBe(1);
      expect(p[3]).toEqual([['c', '1']]);
      expect(await r.xgroup('DESTROY', dst, 'g')).toBe(1);
      expect((await r.xinfo('GROUPS', src) as unknown[]).length).toBe(1);
    });
  });
});
