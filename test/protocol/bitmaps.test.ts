// Bitmap commands through a real client (ioredis, protocol 2 and 3) on a started Cinnabar, for what
// the byte-for-byte differential (test/compat/bitmaps.test.ts) cannot check:
// - large values (1 MiB bitmaps) against a JS model: BITCOUNT/BITPOS over random ranges, BITOP of
//   large keys, pipelined SETBIT bursts;
// - S().dirty accounting as Redis 7.2+ does it (INFO rdb_changes_since_last_save): SETBIT and
//   BITFIELD count only writes that create, grow or change the value (the 7.0 reference counted every
//   SETBIT, so this cannot be a differential step);
// - replies decoded by the client: BITFIELD arrays with nulls (OVERFLOW FAIL), errors as rejections.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { startCinnabar, type TestServer } from '../helpers/servers.ts';
import { connectIoredis } from '../helpers/clients.ts';
import { mulberry32 } from '../helpers/gen.ts';

const POP = Array.from({ length: 256 }, (_, b) => { let n = 0; for (let v = b; v; v >>= 1) n += v & 1; return n; });

/** BITCOUNT over the byte range [s, e] (inclusive, already clamped). */
function countBytes(b: Buffer, s: number, e: number): number { let n = 0; for (let i = s; i <= e; i++) n += POP[b[i]]; return n; }
function getBit(b: Buffer, pos: number): number { return pos >> 3 < b.length ? (b[pos >> 3] >> (7 - (pos & 7))) & 1 : 0; }
/** Redis's range normalisation for a value of `len` units. */
function norm(start: number, end: number, len: number): [number, number] {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  return [start, end];
}

describe('bitmaps through a real client', () => {
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

    it('basic replies', async () => {
      expect(await r.setbit(`${p}k`, 7, 1)).toBe(0);
      expect(await r.setbit(`${p}k`, 7, 0)).toBe(1);
      expect(await r.setbit(`${p}k`, 9, 1)).toBe(0);
      expect(await r.getBuffer(`${p}k`)).toEqual(Buffer.from([0, 0x40]));
      expect(await r.getbit(`${p}k`, 9)).toBe(1);
      expect(await r.getbit(`${p}k`, 1_000_000)).toBe(0);
      expect(await r.bitcount(`${p}k`)).toBe(1);
      expect(await r.bitcount(`${p}k`, 0, 8, 'BIT')).toBe(0);
      expect(await r.bitpos(`${p}k`, 1)).toBe(9);
      expect(await r.bitpos(`${p}k`, 0, 1)).toBe(8);
      expect(await r.bitop('NOT', `${p}n`, `${p}k`)).toBe(2);
      expect(await r.getBuffer(`${p}n`)).toEqual(Buffer.from([0xff, 0xbf]));
      expect(await r.bitfield(`${p}f`, 'SET', 'i8', 0, -5, 'GET', 'i8', 0, 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', 8, 4, 'GET', 'u4', '#1'))
        .toEqual([0, -5, null, 0xb]);
      expect(await r.call('BITFIELD_RO', `${p}f`, 'GET', 'u8', '#0')).toEqual([251]);
      await expect(r.setbit(`${p}k`, -1, 1)).rejects.toThrow('ERR bit offset is not an integer or out of range');
      await expect(r.call('BITFIELD_RO', `${p}f`, 'SET', 'u8', '0', '1')).rejects.toThrow('ERR BITFIELD_RO only supports the GET subcommand');
      await expect(r.bitfield(`${p}f`, 'GET', 'u64', 0)).rejects.toThrow('Invalid bitfield type');
    });

    it('a 1 MiB bitmap matches a JS model (BITCOUNT/BITPOS over random ranges, both units)', async () => {
      const rnd = mulberry32(0xb175 + protocol);
      const N = 1 << 20;
      const model = Buffer.alloc(N);
      for (let i = 0; i < N; i++) model[i] = rnd() < 0.5 ? 0 : Math.floor(rnd() * 256);
      model.fill(0, 1000, 300_000);      // long runs for BITPOS to skip
      model.fill(0xff, 400_000, 700_000);
      await r.set(`${p}big`, model);
      expect(await r.bitcount(`${p}big`)).toBe(countBytes(model, 0, N - 1));
      for (let i = 0; i < 200; i++) {
        const bit = rnd() < 0.5;
        const units = bit ? N * 8 : N;
        const s = Math.floor(rnd() * units * 1.2) - Math.floor(units * 0.1);
        const e = Math.floor(rnd() * units * 1.2) - Math.floor(units * 0.1);
        const [ns, ne] = norm(s, e, units);
        let want = 0;
        if (ns <= ne) {
          if (!bit) want = countBytes(model, ns, ne);
          else for (let pos = ns; pos <= ne;) {
            if ((pos & 7) === 0 && pos + 7 <= ne) { want += POP[model[pos >> 3]]; pos += 8; } else { want += getBit(model, pos); pos++; }
          }
        }
        const got = bit ? await r.bitcount(`${p}big`, s, e, 'BIT') : await r.bitcount(`${p}big`, s, e);
        expect(got, `BITCOUNT ${s} ${e} ${bit ? 'BIT' : 'BYTE'}`).toBe(want);
      }
      // BITPOS for 0 and 1 from starts inside the runs, in both units
      const first = (bit: number, from: number) => { for (let pos = from; pos < N * 8; pos++) if (getBit(model, pos) === bit) return pos; return -1; };
      for (const [bit, from] of [[1, 1000], [1, 200_000], [0, 400_000], [0, 650_000], [1, 0], [0, 0]] as const) {
        expect(await r.bitpos(`${p}big`, bit, from), `BITPOS ${bit} ${from}`).toBe(first(bit, from * 8));
        expect(await r.bitpos(`${p}big`, bit, from * 8 + 3, -1, 'BIT'), `BITPOS ${bit} ${from * 8 + 3} -1 BIT`).toBe(first(bit, from * 8 + 3));
      }
    });

    it('BITOP of large keys of different lengths matches a JS model', async () => {
      const rnd = mulberry32(0xb170 + protocol);
      const lens = [1 << 20, (1 << 20) - 3, 777_777, 5];
      const srcs = lens.map((n) => { const b = Buffer.alloc(n); for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256); return b; });
      for (let j = 0; j < srcs.length; j++) await r.set(`${p}src${j}`, srcs[j]);
      const keys = srcs.map((_, j) => `${p}src${j}`);
      const max = Math.max(...lens);
      for (const op of ['AND', 'OR', 'XOR'] as const) {
        expect(await r.bitop(op, `${p}dst`, ...keys)).toBe(max);
        const want = Buffer.alloc(max);
        for (let i = 0; i < max; i++) {
          let v = srcs[0][i] ?? 0;
          for (let j = 1; j < srcs.length; j++) {
            const w = srcs[j][i] ?? 0;
            v = op === 'AND' ? v & w : op === 'OR' ? v | w : v ^ w;
          }
          want[i] = v;
        }
        expect((await r.getBuffer(`${p}dst`))!.equals(want), op).toBe(true);
      }
      expect(await r.bitop('NOT', `${p}dst`, `${p}src2`)).toBe(lens[2]);
      expect((await r.getBuffer(`${p}dst`))!.equals(Buffer.from(srcs[2].map((v) => ~v & 255)))).toBe(true);
    });

    it('pipelined SETBIT bursts build the same bitmap as the model', async () => {
      const rnd = mulberry32(0x5e7b + protocol);
      const model = Buffer.alloc(20_000);
      let maxByte = -1;
      const pipe = r.pipeline();
      const olds: number[] = [];
      for (let i = 0; i < 5000; i++) {
        const pos = Math.floor(rnd() * 160_000);
        const v = rnd() < 0.7 ? 1 : 0;
        olds.push(getBit(model, pos));
        const m = 1 << (7 - (pos & 7));
        model[pos >> 3] = v ? model[pos >> 3] | m : model[pos >> 3] & ~m;
        maxByte = Math.max(maxByte, pos >> 3);
        pipe.setbit(`${p}burst`, pos, v);
      }
      const res = await pipe.exec();
      expect(res!.map(([, v]) => v)).toEqual(olds);
      expect((await r.getBuffer(`${p}burst`))!.equals(model.subarray(0, maxByte + 1))).toBe(true);
    });
  });

  it('dirty counts only writes that create, grow or change the value (Redis 7.2+)', async () => {
    const r = new Redis({ port: srv.port, enableReadyCheck: false, lazyConnect: true });
    await r.connect();
    try {
      const dirty = async () => Number(/rdb_changes_since_last_save:(\d+)/.exec(await r.info('persistence'))![1]);
      await r.del('d1', 'd2', 'd3', 'd4');
      const d0 = await dirty();
      await r.setbit('d1', 0, 0);                         // created
      await r.bitfield('d2', 'SET', 'i5', 0, 0);           // created
      expect(await dirty()).toBe(d0 + 2);
      await r.setbit('d1', 0, 0);                         // no change
      await r.bitfield('d2', 'SET', 'i5', 0, 0);
      await r.bitfield('d2', 'GET', 'i5', 0);
      expect(await dirty()).toBe(d0 + 2);
      for (const v of [1, 1, 0, 0]) { await r.setbit('d1', 0, v); await r.bitfield('d2', 'SET', 'i5', 0, v); }
      expect(await dirty()).toBe(d0 + 6);
      await r.bitfield('d3', 'INCRBY', 'i5', 0, 1);        // created and changed: 1
      await r.bitfield('d3', 'INCRBY', 'i5', 0, 1, 'INCRBY', 'i5', 0, 0, 'SET', 'u2', 0, 3); // 1 change, 0, 1 change
      expect(await dirty()).toBe(d0 + 9);
      await r.setbit('d1', 90, 0);                        // grew
      await r.bitfield('d2', 'SET', 'i5', 90, 0);
      expect(await dirty()).toBe(d0 + 11);
      // a FAILed op writes nothing and counts nothing, though the key was grown for it
      await r.bitfield('d2', 'OVERFLOW', 'FAIL', 'SET', 'u2', 200, 9);
      expect(await dirty()).toBe(d0 + 11);
      expect(await r.strlen('d2')).toBe(26);
      // BITOP: one per stored result; deleting the destination counts, a no-op delete does not
      await r.bitop('OR', 'd4', 'd1', 'd2');
      expect(await dirty()).toBe(d0 + 12);
      await r.bitop('OR', 'd4', 'nokey');
      await r.bitop('OR', 'd4', 'nokey');
      expect(await dirty()).toBe(d0 + 13);
    } finally { r.disconnect(); }
  });
});
