// HyperLogLog commands through a real client (ioredis, protocol 2 and 3) on a started Cinnabar, for
// what a byte-for-byte differential cannot check:
// - estimate quality over five orders of magnitude (standard error 1.04/sqrt(16384) = 0.81%),
//   including union counts: PFCOUNT of several keys equals PFCOUNT of their PFMERGE, whatever the
//   key order;
// - the cached cardinality as clients see it (the stale bit in byte 15 through GETRANGE);
// - binary elements and values as Buffers; pipelined bulk loads; errors surfacing as ReplyErrors;
// - the server stays up and answers after corrupt values are fed to every command.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { startCinnabar, type TestServer } from '../helpers/servers.ts';
import { connectIoredis } from '../helpers/clients.ts';

const els = (prefix: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `${prefix}${from + i}`);

describe('hyperloglog through real clients', () => {
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

    it('PFADD / PFCOUNT / PFMERGE replies', async () => {
      expect(await r.pfadd(`${p}h`)).toBe(1);
      expect(await r.exists(`${p}h`)).toBe(1);
      expect(await r.type(`${p}h`)).toBe('string');
      expect(await r.pfcount(`${p}h`)).toBe(0);
      expect(await r.pfadd(`${p}h`, 'a', 'b', 'c')).toBe(1);
      expect(await r.pfadd(`${p}h`, 'a', 'b', 'c')).toBe(0);
      expect(await r.pfadd(`${p}h`, Buffer.from([0, 1, 2, 255]), '')).toBe(1);
      expect(await r.pfcount(`${p}h`)).toBe(5);
      expect(await r.pfadd(`${p}g`, 'c', 'd', 'e')).toBe(1);
      expect(await r.pfcount(`${p}h`, `${p}g`)).toBe(7);
      expect(await r.pfmerge(`${p}m`, `${p}h`, `${p}g`)).toBe('OK');
      expect(await r.pfcount(`${p}m`)).toBe(7);
      expect(await r.call('PFDEBUG', 'ENCODING', `${p}m`)).toBe('sparse');
      expect(await r.call('PFDEBUG', 'TODENSE', `${p}m`)).toBe(1);
      expect(await r.call('PFDEBUG', 'TODENSE', `${p}m`)).toBe(0);
      expect(await r.call('PFDEBUG', 'ENCODING', `${p}m`)).toBe('dense');
      expect(await r.strlen(`${p}m`)).toBe(12304);
      const regs = (await r.call('PFDEBUG', 'GETREG', `${p}m`)) as number[];
      expect(regs).toHaveLength(16384);
      expect(regs.filter((v) => v > 0)).toHaveLength(7);
      expect(await r.call('PFSELFTEST')).toBe('OK');
      expect(await r.del(`${p}h`, `${p}g`, `${p}m`)).toBe(3);
    });

    it('errors are ReplyErrors with Redis\'s text', async () => {
      await r.set(`${p}s`, 'not an hll');
      await expect(r.pfadd(`${p}s`, 'x')).rejects.toThrow(/^WRONGTYPE Key is not a valid HyperLogLog string value\.$/);
      await r.rpush(`${p}l`, 'x');
      await expect(r.pfcount(`${p}l`)).rejects.toThrow(/^WRONGTYPE Operation against a key holding the wrong kind of value$/);
      await r.pfadd(`${p}c`, 'a', 'b');
      await r.append(`${p}c`, 'tail');
      await expect(r.pfcount(`${p}c`)).rejects.toThrow(/^INVALIDOBJ Corrupted HLL object detected$/);
      await expect(r.call('PFDEBUG', 'DECODE', `${p}missing`)).rejects.toThrow(/^ERR The specified key does not exist$/);
      await expect(r.call('PFDEBUG', 'NOPE', `${p}c`)).rejects.toThrow(/^ERR Unknown PFDEBUG subcommand 'NOPE'$/);
      await expect(r.call('PFCOUNT')).rejects.toThrow(/^ERR wrong number of arguments for 'pfcount' command$/);
      expect(await r.ping()).toBe('PONG');
      await r.del(`${p}s`, `${p}l`, `${p}c`);
    });

    it('the cached cardinality: valid after PFCOUNT, stale after a changing PFADD', async () => {
      await r.pfadd(`${p}k`, 'a', 'b', 'c');
      expect((await r.getrangeBuffer(`${p}k`, 15, 15))[0]).toBe(0x80);
      expect(await r.pfcount(`${p}k`)).toBe(3);
      expect((await r.getrangeBuffer(`${p}k`, 8, 15))).toEqual(Buffer.from([3, 0, 0, 0, 0, 0, 0, 0]));
      await r.pfadd(`${p}k`, 'a', 'b', 'c');
      expect((await r.getrangeBuffer(`${p}k`, 15, 15))[0]).toBe(0);
      await r.pfadd(`${p}k`, '1', '2', '3');
      expect((await r.getrangeBuffer(`${p}k`, 15, 15))[0]).toBe(0x80);
      // a multi-key count never writes the cache
      await r.pfadd(`${p}k2`, 'z');
      await r.pfcount(`${p}k`, `${p}k2`);
      expect((await r.getrangeBuffer(`${p}k`, 15, 15))[0]).toBe(0x80);
      await r.del(`${p}k`, `${p}k2`);
    });

    it('estimates stay within 3% from 10 to 200k elements; unions agree with PFMERGE', async () => {
      let added = 0;
      for (const n of [10, 100, 1000, 10_000, 50_000, 200_000]) {
        const pipe = r.pipeline();
        for (let i = added; i < n; i += 1000) pipe.pfadd(`${p}big`, ...els('el', Math.min(1000, n - i), i));
        await pipe.exec();
        added = n;
        const est = await r.pfcount(`${p}big`);
        expect(Math.abs(est - n) / n, `n=${n} est=${est}`).toBeLessThan(n < 100 ? 0.1 : 0.03);
      }
      expect(await r.call('PFDEBUG', 'ENCODING', `${p}big`)).toBe('dense');
      // three overlapping sets: 30k distinct
      for (const [k, from] of [['u1', 0], ['u2', 10_000], ['u3', 20_000]] as const) {
        const pipe = r.pipeline();
        for (let i = 0; i < 10_000; i += 1000) pipe.pfadd(`${p}${k}`, ...els('u', 1000, from + i));
        for (let i = 0; i < 2_000; i += 1000) pipe.pfadd(`${p}${k}`, ...els('u', 1000, i)); // shared part
        await pipe.exec();
      }
      const keys = [`${p}u1`, `${p}u2`, `${p}u3`];
      const union = await r.pfcount(...keys);
      expect(Math.abs(union - 30_000) / 30_000).toBeLessThan(0.03);
      expect(await r.pfcount(keys[2], keys[0], keys[1])).toBe(union);
      expect(await r.pfcount(...keys, ...keys, `${p}none`)).toBe(union);
      await r.pfmerge(`${p}u`, ...keys);
      expect(await r.pfcount(`${p}u`)).toBe(union);
      await r.del(`${p}big`, ...keys, `${p}u`);
    });

    it('values round-trip as Buffers: a copy SET under another key counts the same', async () => {
      await r.pfadd(`${p}src`, ...els('x', 500));
      const v = await r.getBuffer(`${p}src`);
      expect(v!.subarray(0, 4).toString()).toBe('HYLL');
      await r.set(`${p}dst`, v!);
      expect(await r.pfcount(`${p}dst`)).toBe(await r.pfcount(`${p}src`));
      expect(await r.pfadd(`${p}dst`, ...els('x', 500))).toBe(0);
      await r.del(`${p}src`, `${p}dst`);
    });

    it('corrupt values never take the server down', async () => {
      await r.pfadd(`${p}f`, ...els('f', 200));
      const good = (await r.getBuffer(`${p}f`))!;
      let seed = 1234 + protocol;
      const rnd = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 2 ** 32; };
      for (let i = 0; i < 200; i++) {
        const v = Buffer.from(good.subarray(0, Math.floor(rnd() * (good.length + 1))));
        for (let k = 0; k < 3; k++) if (v.length) v[Math.floor(rnd() * v.length)] = Math.floor(rnd() * 256);
        await r.set(`${p}f`, v);
        const pipe = r.pipeline();
        pipe.pfcount(`${p}f`); pipe.pfadd(`${p}f`, 'a', 'b'); pipe.pfmerge(`${p}g`, `${p}f`); pipe.pfcount(`${p}f`, `${p}g`);
        pipe.call('PFDEBUG', 'DECODE', `${p}f`); pipe.call('PFDEBUG', 'GETREG', `${p}f`);
        await pipe.exec();
      }
      expect(await r.ping()).toBe('PONG');
      await r.del(`${p}f`, `${p}g`);
    });
  });
});
