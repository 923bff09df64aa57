// Geo commands through ioredis (protocol 2 and 3) on a started Cinnabar, for what a byte-for-byte
// differential cannot check on its own:
// - the clients' decoding of the replies (nested WITH* arrays, coordinates, bulk-string distances,
//   integer hashes, nulls for missing members);
// - the search semantics against an independent haversine computed here: a pipelined load of
//   10k points, then radius and box searches whose results must be exactly the points inside the
//   shape (away from the poles, where the nine cells always cover the shape), sorted by distance,
//   with COUNT/ANY limits, STORE/STOREDIST results consistent with WITHDIST;
// - encodings of the index on both sides of zset-max-listpack-entries, and the error replies.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { startCinnabar, type TestServer } from '../helpers/servers.ts';
import { connectIoredis } from '../helpers/clients.ts';
import { mulberry32 } from '../helpers/gen.ts';

const R = 6372797.560856;
const rad = (d: number) => d * (Math.PI / 180);
function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const u = Math.sin((rad(lat2) - rad(lat1)) / 2), v = Math.sin((rad(lon2) - rad(lon1)) / 2);
  return 2 * R * Math.asin(Math.sqrt(u * u + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * v * v));
}

describe('geo through ioredis', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startCinnabar(); });
  afterAll(async () => { await srv?.stop(); });

  for (const protocol of [2, 3] as const) describe(`protocol ${protocol}`, () => {
    let r: Redis;
    const p = `io${protocol}:`;
    beforeAll(async () => {
      r = await connectIoredis(srv.port, protocol);
    });
    afterAll(() => r?.disconnect());

    it('GEOADD GEOPOS GEOHASH GEODIST replies', async () => {
      const k = `${p}cities`;
      expect(await r.geoadd(k, -9.1393, 38.7223, 'lisbon', -8.6291, 41.1579, 'porto', -3.7038, 40.4168, 'madrid')).toBe(3);
      expect(await r.geoadd(k, 'CH', -9.14, 38.72, 'lisbon')).toBe(1);
      expect(await r.geoadd(k, 'NX', -9.1393, 38.7223, 'lisbon')).toBe(0);
      expect(await r.geoadd(k, 'XX', 'CH', -9.1393, 38.7223, 'lisbon', 1, 1, 'nowhere')).toBe(1);
      expect(await r.zcard(k)).toBe(3);
      const pos = await r.geopos(k, 'lisbon', 'nope', 'madrid');
      expect(pos[1]).toBeNull();
      const [lon, lat] = (pos[0] as unknown[]).map(Number);
      // the centre of a 26-step cell: within half a cell of the input
      expect(Math.abs(lon + 9.1393)).toBeLessThan(360 / 2 ** 27 + 1e-12);
      expect(Math.abs(lat - 38.7223)).toBeLessThan(170.1 / 2 ** 27 + 1e-12);
      const hashes = await r.geohash(k, 'lisbon', 'nope');
      expect(hashes[0]).toMatch(/^eycs2[0-9b-hjkmnp-z]{5}0$/);
      expect(hashes[1]).toBeNull();
      const km = await r.geodist(k, 'lisbon', 'porto', 'KM');
      expect(km).toMatch(/^\d+\.\d{4}$/);
      const expected = haversine(-9.1393, 38.7223, -8.6291, 41.1579) / 1000;
      expect(Math.abs(Number(km) - expected)).toBeLessThan(0.01);
      expect(Number(await r.geodist(k, 'lisbon', 'porto', 'mi')) * 1609.34).toBeCloseTo(Number(km) * 1000, 0);
      expect(await r.geodist(k, 'lisbon', 'nope')).toBeNull();
      expect(await r.geodist(k, 'lisbon', 'lisbon')).toBe('0.0000');
      expect(await r.geodist(`${p}missing`, 'a', 'b')).toBeNull();
    });

    it('errors reach the client with Redis texts', async () => {
      const k = `${p}err`;
      await r.geoadd(k, 1, 1, 'a');
      await expect(r.geoadd(k, 200, 1, 'x')).rejects.toThrow('ERR invalid longitude,latitude pair 200.000000,1.000000');
      await expect(r.geoadd(k, 'XX', 'NX', 1, 1, 'x')).rejects.toThrow('ERR syntax error');
      await expect(r.call('GEOSEARCH', k, 'BYRADIUS', '1', 'km', 'ASC', 'WITHDIST')).rejects.toThrow('ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for GEOSEARCH');
      await expect(r.call('GEOSEARCH', k, 'FROMMEMBER', 'a', 'COUNT', '1', 'ANY')).rejects.toThrow('ERR exactly one of BYRADIUS and BYBOX can be specified for GEOSEARCH');
      await expect(r.call('GEOSEARCH', k, 'FROMMEMBER', 'zz', 'BYRADIUS', '1', 'km')).rejects.toThrow('ERR could not decode requested zset member');
      await expect(r.call('GEOSEARCH', k, 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'km', 'ANY')).rejects.toThrow('ERR the ANY argument requires COUNT argument');
      await expect(r.call('GEOSEARCH', k, 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'km', 'COUNT', '0')).rejects.toThrow('ERR COUNT must be > 0');
      await expect(r.call('GEOSEARCH', k, 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'parsec')).rejects.toThrow('ERR unsupported unit provided. please use M, KM, FT, MI');
      await expect(r.call('GEOSEARCH', k, 'FROMMEMBER', 'a', 'BYBOX', '-1', '1', 'km')).rejects.toThrow('ERR height or width cannot be negative');
      await expect(r.call('GEORADIUS', k, '1', '1', '-1', 'km')).rejects.toThrow('ERR radius cannot be negative');
      await expect(r.call('GEORADIUS', k, '1', '1', '1', 'km', 'STORE', 'x', 'WITHDIST')).rejects.toThrow(
        'ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options');
      await expect(r.call('GEOSEARCHSTORE', 'x', k, 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'km', 'WITHHASH')).rejects.toThrow(
        'ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options');
      await r.set(`${p}str`, 'x');
      await expect(r.geopos(`${p}str`, 'a')).rejects.toThrow(/^WRONGTYPE/);
    });

    it('searches return exactly the points inside the shape, sorted by distance', async () => {
      const k = `${p}load`;
      const rnd = mulberry32(100 + protocol);
      const pts: Array<{ m: string; lon: number; lat: number }> = [];
      const pipe = r.pipeline();
      for (let i = 0; i < 10000; i += 500) {
        const args: Array<string | number> = [];
        for (let j = i; j < i + 500; j++) {
          const lon = 15 + (rnd() * 2 - 1) * 5, lat = 37 + (rnd() * 2 - 1) * 5;
          args.push(lon, lat, `p${j}`);
        }
        pipe.geoadd(k, ...args);
      }
      await pipe.exec();
      expect(await r.zcard(k)).toBe(10000);
      expect(await r.object('ENCODING', k)).toBe('skiplist');
      // the stored (decoded) positions are the reference
      const names = Array.from({ length: 10000 }, (_, i) => `p${i}`);
      const all = await r.geopos(k, ...names);
      all.forEach((xy, i) => pts.push({ m: names[i], lon: Number((xy as unknown[])[0]), lat: Number((xy as unknown[])[1]) }));

      for (let q = 0; q < 20; q++) {
        const lon = 15 + (rnd() * 2 - 1) * 4, lat = 37 + (rnd() * 2 - 1) * 4;
        const radiusKm = 5 + rnd() * 200;
        const got = (await r.call('GEOSEARCH', k, 'FROMLONLAT', lon, lat, 'BYRADIUS', radiusKm, 'km', 'WITHDIST', 'ASC')) as Array<[string, string]>;
        const dists = new Map(pts.map((pt) => [pt.m, haversine(lon, lat, pt.lon, pt.lat)]));
        const inside = pts.filter((pt) => dists.get(pt.m)! <= radiusKm * 1000 * (1 - 1e-9)).map((pt) => pt.m);
        const border = pts.filter((pt) => Math.abs(dists.get(pt.m)! - radiusKm * 1000) <= radiusKm * 1e-6).map((pt) => pt.m);
        const gotNames = got.map((e) => e[0]);
        expect(new Set(gotNames.filter((m) => !border.includes(m)))).toEqual(new Set(inside.filter((m) => !border.includes(m))));
        for (let i = 0; i < got.length; i++) {
          expect(Math.abs(Number(got[i][1]) - dists.get(got[i][0])! / 1000)).toBeLessThanOrEqual(0.00006);
          if (i > 0) expect(Number(got[i][1])).toBeGreaterThanOrEqual(Number(got[i - 1][1]));
        }
        // COUNT takes the nearest, ANY takes any COUNT of them
        const n = Math.min(5, gotNames.length);
        if (n > 0) {
          expect(await r.call('GEOSEARCH', k, 'FROMLONLAT', lon, lat, 'BYRADIUS', radiusKm, 'km', 'COUNT', n)).toEqual(gotNames.slice(0, n));
          const any = (await r.call('GEOSEARCH', k, 'FROMLONLAT', lon, lat, 'BYRADIUS', radiusKm, 'km', 'COUNT', n, 'ANY')) as string[];
          expect(any.length).toBe(n);
          for (const m of any) expect(gotNames).toContain(m);
          const desc = (await r.call('GEORADIUS', k, lon, lat, radiusKm, 'km', 'COUNT', n, 'DESC')) as string[];
          expect(desc).toEqual([...gotNames].reverse().slice(0, n));
        }
        // STOREDIST stores the same distances WITHDIST prints
        expect(await r.call('GEOSEARCHSTORE', `${p}dst`, k, 'FROMLONLAT', lon, lat, 'BYRADIUS', radiusKm, 'km', 'STOREDIST')).toBe(got.length);
        const stored = await r.zrange(`${p}dst`, 0, -1, 'WITHSCORES');
        for (let i = 0; i < stored.length; i += 2) {
          expect(Math.abs(Number(stored[i + 1]) - dists.get(stored[i])! / 1000)).toBeLessThan(1e-6);
        }
        // a box of width w and height h: latitude arc <= h/2, arc along the point's parallel <= w/2
        const w = 10 + rnd() * 300, h = 10 + rnd() * 300;
        const box = (await r.call('GEOSEARCH', k, 'FROMLONLAT', lon, lat, 'BYBOX', w, h, 'km')) as string[];
        const inBox = pts.filter((pt) => {
          const latArc = R * Math.abs(rad(pt.lat) - rad(lat));
          const lonArc = haversine(pt.lon, pt.lat, lon, pt.lat);
          return latArc <= h * 500 * (1 - 1e-9) && lonArc <= w * 500 * (1 - 1e-9);
        }).map((pt) => pt.m);
        for (const m of inBox) expect(box).toContain(m);
        expect(box.length - inBox.length).toBeLessThanOrEqual(2); // points on the border within rounding
      }
    });

    it('WITH* options decode as nested arrays', async () => {
      const k = `${p}with`;
      await r.geoadd(k, 2.3522, 48.8566, 'paris', 2.2945, 48.8584, 'eiffel', 4.8357, 45.764, 'lyon');
      const res = (await r.call('GEORADIUSBYMEMBER', k, 'paris', '10', 'km', 'WITHDIST', 'WITHHASH', 'WITHCOORD', 'ASC')) as unknown[][];
      expect(res.map((e) => e[0])).toEqual(['paris', 'eiffel']);
      expect(res[0][1]).toBe('0.0000');
      expect(typeof res[0][2]).toBe('number');
      expect(res[0][2]).toBe(Number(await r.zscore(k, 'paris')));
      const coord = res[1][3] as unknown[];
      expect(coord).toHaveLength(2);
      expect(Number(coord[0])).toBeCloseTo(2.2945, 5);
      expect(Number(coord[1])).toBeCloseTo(48.8584, 5);
      expect(await r.call('GEOSEARCH', k, 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km')).toEqual([]);
      expect(await r.call('GEOSEARCH', `${p}none`, 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km')).toEqual([]);
      expect(await r.call('GEOSEARCHSTORE', `${p}wdst`, `${p}none`, 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km')).toBe(0);
    });

    it('the index is a listpack up to zset-max-listpack-entries, then a skiplist', async () => {
      const k = `${p}enc`;
      const args: Array<string | number> = [];
      for (let i = 0; i < 128; i++) args.push(i * 0.01, i * 0.01, `m${i}`);
      await r.geoadd(k, ...args);
      expect(await r.object('ENCODING', k)).toBe('listpack');
      const lp = await r.call('GEOSEARCH', k, 'FROMLONLAT', '0', '0', 'BYRADIUS', '50', 'km', 'ASC', 'COUNT', '10');
      await r.geoadd(k, 5, 5, 'm128');
      expect(await r.object('ENCODING', k)).toBe('skiplist');
      expect(await r.call('GEOSEARCH', k, 'FROMLONLAT', '0', '0', 'BYRADIUS', '50', 'km', 'ASC', 'COUNT', '10')).toEqual(lp);
      expect(await r.call('GEOSEARCHSTORE', `${p}small`, k, 'FROMLONLAT', '0', '0', 'BYRADIUS', '50', 'km')).toBeGreaterThan(0);
      expect(await r.object('ENCODING', `${p}small`)).toBe('listpack');
    });
  });
});
