// Real client libraries against a started Cinnabar: ioredis 6 (which opens with HELLO 3 by default;
// run with protocol 2 and 3) and node-redis (RESP2 and RESP3). Basic commands, binary values, pipelining, errors, connection options (db, name,
// password) and a 10 MB value through each client.
//
// ioredis's default ready check sends INFO; most tests here turn it off (enableReadyCheck: false)
// so they exercise the protocol, and one test keeps the default to cover what users get.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { createClient, RESP_TYPES } from 'redis';
import { startCinnabar, type TestServer } from '../helpers/servers.ts';
import { connectIoredis } from '../helpers/clients.ts';

const BIG = 10 * 1024 * 1024;

function bigValue(): Buffer {
  const b = Buffer.alloc(BIG);
  for (let i = 0; i < BIG; i++) b[i] = (i * 31 + (i >> 12)) & 0xff;
  return b;
}

describe('clients against Cinnabar', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startCinnabar(); });
  afterAll(async () => { await srv?.stop(); });

  for (const protocol of [2, 3] as const) describe(`ioredis (protocol ${protocol})`, () => {
    let r: Redis;
    beforeAll(async () => {
      r = await connectIoredis(srv.port, protocol);
    });
    afterAll(() => r?.disconnect());

    it('basic string and key commands', async () => {
      expect(await r.set(`io${protocol}:a`, 'hello')).toBe('OK');
      expect(await r.get(`io${protocol}:a`)).toBe('hello');
      expect(await r.get(`io${protocol}:missing`)).toBeNull();
      expect(await r.set(`io${protocol}:a`, 'x', 'NX')).toBeNull();
      expect(await r.set(`io${protocol}:t`, 'v', 'EX', 100)).toBe('OK');
      expect(await r.exists(`io${protocol}:a`, `io${protocol}:t`, `io${protocol}:missing`)).toBe(2);
      expect(await r.del(`io${protocol}:a`, `io${protocol}:missing`)).toBe(1);
      expect(await r.echo('hi')).toBe('hi');
      expect(await r.ping()).toBe('PONG');
      expect(await r.dbsize()).toBeGreaterThanOrEqual(1);
    });

    it('integer and float replies', async () => {
      expect(await r.incr(`io${protocol}:n`)).toBe(1);
      expect(await r.incrby(`io${protocol}:n`, 41)).toBe(42);
      expect(await r.decr(`io${protocol}:n`)).toBe(41);
      expect(await r.incrbyfloat(`io${protocol}:f`, '1.5')).toBe('1.5');
      expect(await r.ttl(`io${protocol}:t`)).toBeGreaterThan(98);
      expect(await r.mget(`io${protocol}:n`, `io${protocol}:nope`, `io${protocol}:f`)).toEqual(['41', null, '1.5']);
    });

    it('binary keys and values round-trip', async () => {
      const k = Buffer.from([1, 2, 0, 255]);
      const v = Buffer.from([0, 13, 10, 128, 255, 0]);
      expect(await r.set(k, v)).toBe('OK');
      expect(await r.getBuffer(k)).toEqual(v);
    });

    it('errors come back as ReplyError with the exact message', async () => {
      await expect(r.call('NOSUCHCOMMAND', 'a')).rejects.toThrow("ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'a' ");
      await expect(r.call('GET')).rejects.toThrow("ERR wrong number of arguments for 'get' command");
      await r.set(`io${protocol}:s`, 'abc');
      await expect(r.incr(`io${protocol}:s`)).rejects.toThrow('ERR value is not an integer or out of range');
    });

    it('pipeline of 1000 commands keeps order', async () => {
      const p = r.pipeline();
      for (let i = 0; i < 500; i++) p.set(`io${protocol}:p:${i}`, String(i)).get(`io${protocol}:p:${i}`);
      const res = await p.exec();
      expect(res!.length).toBe(1000);
      for (let i = 0; i < 500; i++) {
        expect(res![2 * i]).toEqual([null, 'OK']);
        expect(res![2 * i + 1]).toEqual([null, String(i)]);
      }
    });

    it('autopipelining many concurrent commands', async () => {
      const a = new Redis({ port: srv.port, protocol, enableReadyCheck: false, enableAutoPipelining: true });
      try {
        const res = await Promise.all(Array.from({ length: 2000 }, (_, i) => a.echo(`m${i}`)));
        expect(res).toEqual(Array.from({ length: 2000 }, (_, i) => `m${i}`));
      } finally {
        a.disconnect();
      }
    });

    it('10 MB value SET/GET', async () => {
      const v = bigValue();
      expect(await r.set(`io${protocol}:big`, v)).toBe('OK');
      const got = await r.getBuffer(`io${protocol}:big`);
      expect(got!.length).toBe(BIG);
      expect(got!.equals(v)).toBe(true);
      expect(await r.strlen(`io${protocol}:big`)).toBe(BIG);
      await r.del(`io${protocol}:big`);
    });

    it('db and connectionName options (SELECT, CLIENT SETNAME on connect)', async () => {
      const a = new Redis({ port: srv.port, protocol, enableReadyCheck: false, db: 3, connectionName: 'io-named' });
      try {
        await a.set(`io${protocol}:db3`, 'x');
        expect(await a.client('GETNAME')).toBe('io-named');
        expect(await r.get(`io${protocol}:db3`)).toBeNull();
        expect(await a.get(`io${protocol}:db3`)).toBe('x');
      } finally {
        a.disconnect();
      }
    });

    it('connects with default options (ready check uses INFO)', async () => {
      const a = new Redis({ port: srv.port, protocol, maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
      a.on('error', () => { /* reported through the rejected promise */ });
      try {
        await a.connect();
        expect(await a.ping()).toBe('PONG');
      } finally {
        a.disconnect();
      }
    });
  });

  describe('node-redis', () => {
    for (const RESP of [2, 3] as const) {
      describe(`RESP${RESP}`, () => {
        let c: ReturnType<typeof createClient>;
        beforeAll(async () => {
          c = createClient({ socket: { port: srv.port, host: '127.0.0.1', reconnectStrategy: false }, RESP });
          c.on('error', () => { /* surfaced by the command promises */ });
          await c.connect();
        });
        afterAll(async () => { c?.destroy(); });

        it('basic commands', async () => {
          const p = `nr${RESP}:`;
          expect(await c.set(`${p}a`, 'hello')).toBe('OK');
          expect(await c.get(`${p}a`)).toBe('hello');
          expect(await c.get(`${p}missing`)).toBeNull();
          expect(await c.set(`${p}a`, 'x', { condition: 'NX' })).toBeNull();
          expect(await c.exists([`${p}a`, `${p}missing`])).toBe(1);
          expect(await c.incr(`${p}n`)).toBe(1);
          expect(await c.mGet([`${p}a`, `${p}missing`])).toEqual(['hello', null]);
          expect(await c.del(`${p}a`)).toBe(1);
          expect(await c.ping()).toBe('PONG');
        });

        it('HELLO reports the negotiated protocol', async () => {
          const h = await c.hello() as unknown as Record<string, unknown>;
          expect(h.proto).toBe(RESP);
          expect(h.server).toBe('redis');
          expect(String(h.version)).toMatch(/^7\.4\./);
        });

        it('errors reject with the server message', async () => {
          await expect(c.sendCommand(['NOSUCHCOMMAND'])).rejects.toThrow(/^ERR unknown command 'NOSUCHCOMMAND'/);
          await expect(c.sendCommand(['GET'])).rejects.toThrow("ERR wrong number of arguments for 'get' command");
        });

        it('1000 concurrent commands are pipelined and answered in order', async () => {
          const p = `nr${RESP}:p:`;
          const sets = await Promise.all(Array.from({ length: 500 }, (_, i) => c.set(`${p}${i}`, String(i))));
          expect(sets.every((x) => x === 'OK')).toBe(true);
          const gets = await Promise.all(Array.from({ length: 500 }, (_, i) => c.get(`${p}${i}`)));
          expect(gets).toEqual(Array.from({ length: 500 }, (_, i) => String(i)));
        });

        it('binary values with the BLOB_STRING type mapping', async () => {
          const v = Buffer.from([0, 255, 13, 10, 7]);
          await c.set(`nr${RESP}:bin`, v);
          const got = await c.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).get(`nr${RESP}:bin`);
          expect(Buffer.isBuffer(got)).toBe(true);
          expect(got).toEqual(v);
        });

        it('10 MB value SET/GET', async () => {
          const v = bigValue();
          expect(await c.set(`nr${RESP}:big`, v)).toBe('OK');
          const got = await c.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }).get(`nr${RESP}:big`) as unknown as Buffer;
          expect(got.length).toBe(BIG);
          expect(got.equals(v)).toBe(true);
          await c.del(`nr${RESP}:big`);
        });

        if (RESP === 3) {
          it('RESP3 types: null, map (CONFIG GET), double-free bulk for INCRBYFLOAT', async () => {
            expect(await c.get('nr3:none')).toBeNull();
            const cfg = await c.configGet('hz');
            expect(cfg).toEqual({ hz: '10' });
            expect(await c.incrByFloat('nr3:f', 2.5)).toBe('2.5');
          });
        }
      });
    }

    it('client name and database through connection options', async () => {
      const c = createClient({ socket: { port: srv.port, reconnectStrategy: false }, name: 'nr-named', database: 4 });
      c.on('error', () => {});
      await c.connect();
      try {
        expect(await c.clientGetName()).toBe('nr-named');
        await c.set('nr:db4', '1');
        expect(await c.dbSize()).toBe(1);
      } finally {
        c.destroy();
      }
    });
  });
});

describe('clients against Cinnabar with requirepass', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startCinnabar(['--requirepass', 's3cret']); });
  afterAll(async () => { await srv?.stop(); });

  it('ioredis with the password works; without it commands get NOAUTH', async () => {
    const ok = new Redis({ port: srv.port, password: 's3cret', enableReadyCheck: false });
    try {
      expect(await ok.set('k', 'v')).toBe('OK');
    } finally {
      ok.disconnect();
    }
    const bad = new Redis({ port: srv.port, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    bad.on('error', () => {});
    try {
      // ioredis 6 opens with HELLO 3, so the refusal is HELLO's NOAUTH
      await expect(bad.get('k')).rejects.toThrow(/^NOAUTH /);
    } finally {
      bad.disconnect();
    }
    const wrong = new Redis({ port: srv.port, password: 'nope', enableReadyCheck: false, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    const errors: string[] = [];
    wrong.on('error', (e: Error) => errors.push(e.message));
    try {
      await expect(wrong.connect().then(() => wrong.get('k'))).rejects.toThrow();
      expect(errors.join('\n')).toMatch(/WRONGPASS invalid username-password pair or user is disabled\./);
    } finally {
      wrong.disconnect();
    }
  });

  it('node-redis RESP3 authenticates through HELLO AUTH', async () => {
    const c = createClient({ socket: { port: srv.port, reconnectStrategy: false }, password: 's3cret', RESP: 3 });
    c.on('error', () => {});
    await c.connect();
    try {
      expect(await c.get('k')).toBe('v');
    } finally {
      c.destroy();
    }
  });
});
