// Streams through a real client (ioredis, RESP2 and RESP3) against a started Cinnabar, for what a
// byte-for-byte differential cannot check: auto-generated IDs (clock based, strictly increasing),
// XREAD BLOCK served by an XADD from another connection (`$` keeps its meaning across the wake-up,
// COUNT, several streams, only the ready one answered), timeouts, CLIENT UNBLOCK, a pipeline queued
// behind a blocked XREAD, disconnecting while blocked (nothing left behind), and a large stream
// walked page by page with exclusive ranges across many nodes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { startCinnabar, sleep, type TestServer } from '../helpers/servers.ts';
import { connectIoredis } from '../helpers/clients.ts';

async function infoField(r: Redis, field: string): Promise<number> {
  const info = await r.info('clients');
  const m = new RegExp(`^${field}:(\\d+)`, 'm').exec(info);
  return m ? Number(m[1]) : NaN;
}

async function waitBlocked(r: Redis, n: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await infoField(r, 'blocked_clients') === n) return;
    await sleep(10);
  }
  throw new Error(`blocked_clients never reached ${n}`);
}

type Entry = [string, string[]];
/** XREAD's reply as [[key, entries], ...] whatever the protocol (RESP3 maps come back as objects or arrays). */
function streamsOf(reply: unknown): Array<[string, Entry[]]> {
  if (reply === null) return [];
  if (Array.isArray(reply)) {
    // RESP2: [[key, entries], ...]; ioredis RESP3 may flatten a map to [key, entries, key, entries]
    if (reply.length && !Array.isArray(reply[0])) {
      const out: Array<[string, Entry[]]> = [];
      for (let i = 0; i < reply.length; i += 2) out.push([String(reply[i]), reply[i + 1] as Entry[]]);
      return out;
    }
    return reply as Array<[string, Entry[]]>;
  }
  if (reply instanceof Map) return [...reply.entries()] as Array<[string, Entry[]]>;
  return Object.entries(reply as Record<string, Entry[]>);
}

const cmpId = (a: string, b: string) => {
  const [am, as] = a.split('-').map(BigInt), [bm, bs] = b.split('-').map(BigInt);
  return am !== bm ? (am < bm ? -1 : 1) : as !== bs ? (as < bs ? -1 : 1) : 0;
};

describe('streams through ioredis', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startCinnabar(); });
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

    it('XADD with generated IDs: strictly increasing, clock based', async () => {
      const before = Date.now();
      const ids: string[] = [];
      const pipe = a.pipeline();
      for (let i = 0; i < 500; i++) pipe.xadd(k('auto'), '*', 'i', String(i));
      for (const [err, id] of (await pipe.exec())!) { expect(err).toBeNull(); ids.push(id as string); }
      for (let i = 1; i < ids.length; i++) expect(cmpId(ids[i - 1], ids[i])).toBe(-1);
      const ms = Number(ids[0].split('-')[0]);
      expect(ms).toBeGreaterThanOrEqual(before - 1000);
      expect(ms).toBeLessThanOrEqual(Date.now() + 1000);
      expect(await a.xlen(k('auto'))).toBe(500);
      const first = await a.xrange(k('auto'), '-', '+', 'COUNT', 2);
      expect(first).toEqual([[ids[0], ['i', '0']], [ids[1], ['i', '1']]]);
      expect(await a.xrevrange(k('auto'), '+', '-', 'COUNT', 1)).toEqual([[ids[499], ['i', '499']]]);
      // a partial ID takes the next sequence of its millisecond
      const [lm, ls] = ids[499].split('-');
      expect(await a.xadd(k('auto'), `${lm}-*`, 'x', 'y')).toBe(`${lm}-${Number(ls) + 1}`);
      expect(await a.xadd(k('auto'), 'MAXLEN', '=', '10', '*', 'x', 'y')).toMatch(/^\d+-\d+$/);
      expect(await a.xlen(k('auto'))).toBe(10);
      expect(await a.xadd(k('none'), 'NOMKSTREAM', '*', 'a', 'b')).toBeNull();
      await expect(a.xadd(k('auto'), '1-1', 'a', 'b')).rejects.toThrow(/equal or smaller than the target stream top item/);
    });

    it('a large stream walked page by page across many nodes', async () => {
      await a.config('SET', 'stream-node-max-entries', '7');
      const pipe = a.pipeline();
      for (let i = 1; i <= 3000; i++) pipe.xadd(k('big'), `${i}-${i % 3}`, 'n', String(i), 'pad', 'x'.repeat(i % 50));
      await pipe.exec();
      await a.config('SET', 'stream-node-max-entries', '100');
      expect(await a.xdel(k('big'), '10-1', '11-2', '12-0', '9999-0')).toBe(3);
      const seen: string[] = [];
      let start = '-';
      for (;;) {
        const page = await a.xrange(k('big'), start, '+', 'COUNT', 128) as Entry[];
        if (!page.length) break;
        for (const [id, fv] of page) { seen.push(id); expect(fv[1]).toBe(id.split('-')[0]); }
        start = `(${page[page.length - 1][0]}`;
      }
      expect(seen.length).toBe(2997);
      expect(seen.includes('11-2')).toBe(false);
      const back: string[] = [];
      let end = '+';
      for (;;) {
        const page = await a.xrevrange(k('big'), end, '-', 'COUNT', 500) as Entry[];
        if (!page.length) break;
        for (const [id] of page) back.push(id);
        end = `(${page[page.length - 1][0]}`;
      }
      expect(back).toEqual([...seen].reverse());
      expect(await a.xtrim(k('big'), 'MAXLEN', '~', 1000)).toBeGreaterThan(1900);
      expect(await a.xlen(k('big'))).toBeGreaterThanOrEqual(1000);
      expect(await a.xtrim(k('big'), 'MINID', '2500')).toBeGreaterThan(0);
      expect((await a.xrange(k('big'), '-', '+', 'COUNT', 1))[0][0]).toBe('2500-1');
      const mem = await a.memory('USAGE', k('big')) as number;
      expect(mem).toBeGreaterThan(500 * 10);
      expect(mem).toBeLessThan(500 * 200);
    });

    it('XREAD BLOCK is served by an XADD from another client; $ means "after what existed then"', async () => {
      const b = await open();
      await a.xadd(k('q'), '1-0', 'old', 'x');
      const p = b.xread('BLOCK', 0, 'STREAMS', k('q0'), k('q'), '$', '$');
      await waitBlocked(a, 1);
      expect(await infoField(a, 'total_blocking_keys')).toBe(2);
      await a.xadd(k('q'), '2-0', 'new', 'y');
      expect(streamsOf(await p)).toEqual([[k('q'), [['2-0', ['new', 'y']]]]]);
      // three entries added in one pipeline: the reader is served right after the first command
      // (as Redis does after every command), then reads the rest with COUNT
      const p2 = b.xread('COUNT', 2, 'BLOCK', 0, 'STREAMS', k('q'), '$');
      await waitBlocked(a, 1);
      await a.pipeline().xadd(k('q'), '3-0', 'f', '3').xadd(k('q'), '4-0', 'f', '4').xadd(k('q'), '5-0', 'f', '5').exec();
      expect(streamsOf(await p2)).toEqual([[k('q'), [['3-0', ['f', '3']]]]]);
      expect(streamsOf(await b.xread('COUNT', 2, 'BLOCK', 0, 'STREAMS', k('q'), '3-0'))).toEqual([[k('q'), [['4-0', ['f', '4']], ['5-0', ['f', '5']]]]]);
      expect(await infoField(a, 'blocked_clients')).toBe(0);
      expect(await infoField(a, 'total_blocking_keys')).toBe(0);
    });

    it('XREAD BLOCK on a key created later, and on an ID past the last entry', async () => {
      const b = await open();
      const p = b.xread('BLOCK', 0, 'STREAMS', k('later'), '0-0');
      await waitBlocked(a, 1);
      await a.lpush(k('later'), 'not a stream');       // wrong type: not served
      await sleep(30);
      expect(await infoField(a, 'blocked_clients')).toBe(1);
      await a.del(k('later'));
      await a.xadd(k('later'), '7-7', 'f', 'v');
      expect(streamsOf(await p)).toEqual([[k('later'), [['7-7', ['f', 'v']]]]]);
      const p2 = b.xread('BLOCK', 0, 'STREAMS', k('later'), '100-0');
      await waitBlocked(a, 1);
      await a.xadd(k('later'), '50-0', 'f', 'too old');
      await sleep(30);
      expect(await infoField(a, 'blocked_clients')).toBe(1);
      await a.xadd(k('later'), '100-1', 'f', 'newer');
      expect(streamsOf(await p2)).toEqual([[k('later'), [['100-1', ['f', 'newer']]]]]);
    });

    it('XREAD + (7.4) returns the last entry and blocks on an empty stream', async () => {
      const b = await open();
      await a.xadd(k('plus'), '1-0', 'a', '1');
      await a.xadd(k('plus'), '2-0', 'a', '2');
      expect(streamsOf(await a.xread('COUNT', 5, 'STREAMS', k('plus'), '+'))).toEqual([[k('plus'), [['2-0', ['a', '2']]]]]);
      const p = b.xread('BLOCK', 0, 'STREAMS', k('plus-empty'), '+');
      await waitBlocked(a, 1);
      await a.xadd(k('plus-empty'), '3-0', 'b', '3');
      expect(streamsOf(await p)).toEqual([[k('plus-empty'), [['3-0', ['b', '3']]]]]);
    });

    it('timeouts, CLIENT UNBLOCK, and a pipeline behind a blocked XREAD', async () => {
      const b = await open();
      expect(await b.xread('BLOCK', 50, 'STREAMS', k('never'), '$')).toBeNull();
      const id = await b.client('ID') as number;
      const p1 = b.xread('BLOCK', 0, 'STREAMS', k('never'), '$');
      await waitBlocked(a, 1);
      expect(await a.client('UNBLOCK', id)).toBe(1);
      expect(await p1).toBeNull();
      const p2 = b.xread('BLOCK', 0, 'STREAMS', k('never'), '$').then(() => null, (e: Error) => e);
      await waitBlocked(a, 1);
      expect(await a.client('UNBLOCK', id, 'ERROR')).toBe(1);
      expect((await p2)?.message).toBe('UNBLOCKED client unblocked via CLIENT UNBLOCK');
      const pipe = b.pipeline().xread('BLOCK', 0, 'STREAMS', k('pp'), '$').set(k('after'), 'done').get(k('after')).exec();
      await waitBlocked(a, 1);
      expect(await a.get(k('after'))).toBeNull();
      await a.xadd(k('pp'), '1-1', 'f', 'v');
      const res = await pipe;
      expect(streamsOf(res![0][1])).toEqual([[k('pp'), [['1-1', ['f', 'v']]]]]);
      expect(res!.slice(1)).toEqual([[null, 'OK'], [null, 'done']]);
      await expect(b.xread('BLOCK', -1, 'STREAMS', k('x'), '$')).rejects.toThrow('ERR timeout is negative');
      await expect(b.xread('BLOCK', 'soon' as unknown as number, 'STREAMS', k('x'), '$')).rejects.toThrow('ERR timeout is not an integer or out of range');
    });

    it('disconnect while blocked leaves nothing behind', async () => {
      const b = await open();
      void b.xread('BLOCK', 0, 'STREAMS', k('d1'), k('d2'), k('d1'), '$', '$', '$').catch(() => { /* disconnected */ });
      await waitBlocked(a, 1);
      expect(await infoField(a, 'total_blocking_keys')).toBe(2);
      b.disconnect();
      for (let i = 0; i < 200 && await infoField(a, 'blocked_clients') !== 0; i++) await sleep(10);
      expect(await infoField(a, 'blocked_clients')).toBe(0);
      expect(await infoField(a, 'total_blocking_keys')).toBe(0);
      expect(await a.xadd(k('d1'), '1-0', 'f', 'v')).toBe('1-0');
    });

    it('generic commands on streams', async () => {
      await a.xadd(k('g'), '1-0', 'a', '1');
      expect(await a.type(k('g'))).toBe('stream');
      expect(await a.object('ENCODING', k('g'))).toBe('stream');
      expect(await a.copy(k('g'), k('g2'))).toBe(1);
      await a.xadd(k('g2'), '2-0', 'b', '2');
      expect(await a.xlen(k('g'))).toBe(1);
      expect(await a.rename(k('g2'), k('g3'))).toBe('OK');
      expect(await a.xrange(k('g3'), '-', '+')).toEqual([['1-0', ['a', '1']], ['2-0', ['b', '2']]]);
      expect(await a.del(k('g'), k('g3'))).toBe(2);
    });
  });
});
