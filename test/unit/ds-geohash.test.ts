// ds/geohash.ts through its test ABI (assembly/test-abi/geohash.ts -> build/test-geohash.wasm).
//
// - Cells: encode/decode against an independent BigInt model written here from the format (offsets
//   truncated per axis, latitude bits even, longitude bits odd), at every step and for random points,
//   including the range edges; interleave/deinterleave round trips.
// - GEOHASH strings against a textbook geohash encoder (longitude first, +-90 latitude, base32).
// - Neighbours: each of the eight moves changes exactly one or both axis numbers by one, wrapping.
// - Step estimation and search areas: the documented doubling rule and polar adjustments; kept
//   neighbour cells overlap the bounding box, dropped ones do not.
// - Distances: haversine properties and the same-meridian shortcut; box and circle membership.
// - Live, when /usr/bin/redis-server is installed: random GEOADDs on a real server, whose stored
//   scores, GEOPOS coordinates (the decoded doubles printed with 17 decimals), GEOHASH strings and
//   GEODIST values are compared with the functions here.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { ensureTestAbiWasm } from '../helpers/test-wasm.ts';
import { startRedis, RawClient, redisMissingReason, type TestServer } from '../helpers/servers.ts';
import { parse } from '../helpers/resp.ts';
import { mulberry32 } from '../helpers/gen.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
let x: any;
let memory: WebAssembly.Memory;

beforeAll(async () => {
  const wasm = ensureTestAbiWasm('geohash');
  memory = new WebAssembly.Memory({ initial: 4, maximum: 64 });
  const { instance } = await WebAssembly.instantiate(readFileSync(wasm), {
    env: { memory, abort: () => { throw new Error('wasm abort'); } },
  });
  x = instance.exports;
}, 120_000);

const LAT_MAX = 85.05112878;
const U64 = (1n << 64n) - 1n;
const u64 = (v: bigint) => BigInt.asUintN(64, v);

// ---- independent model -------------------------------------------------------------------------

/** Bit i of v to bit 2i. */
function spread(v: bigint): bigint {
  let r = 0n;
  for (let i = 0n; i < 32n; i++) if ((v >> i) & 1n) r |= 1n << (2n * i);
  return r;
}
function modelEncode(lonMin: number, lonMax: number, latMin: number, latMax: number, lon: number, lat: number, step: number): bigint {
  const scale = 2 ** step;
  const latOff = Math.trunc(((lat - latMin) / (latMax - latMin)) * scale);
  const lonOff = Math.trunc(((lon - lonMin) / (lonMax - lonMin)) * scale);
  return spread(BigInt(latOff)) | (spread(BigInt(lonOff)) << 1n);
}
function squash(v: bigint): bigint {
  let r = 0n;
  for (let i = 0n; i < 32n; i++) if ((v >> (2n * i)) & 1n) r |= 1n << i;
  return r;
}
/** Decoded centre, clamped, as Redis computes it. */
function modelCentre(bits: bigint, step = 26): [number, number] {
  const ilat = Number(squash(bits)), ilon = Number(squash(bits >> 1n));
  const div = 2 ** step;
  const latMin = -LAT_MAX + (ilat * 1.0 / div) * (2 * LAT_MAX);
  const latMax = -LAT_MAX + ((ilat + 1) * 1.0 / div) * (2 * LAT_MAX);
  const lonMin = -180 + (ilon * 1.0 / div) * 360;
  const lonMax = -180 + ((ilon + 1) * 1.0 / div) * 360;
  const lon = Math.min(180, Math.max(-180, (lonMin + lonMax) / 2));
  const lat = Math.min(LAT_MAX, Math.max(-LAT_MAX, (latMin + latMax) / 2));
  return [lon, lat];
}

/** The usual geohash: alternate bisections starting with longitude, 5 bits per character. */
function textbookGeohash(lon: number, lat: number, chars: number): string {
  const alphabet = '0123456789bcdefghjkmnpqrstuvwxyz';
  let lo = [-180, -90], hi = [180, 90];
  let out = '', bits = 0, n = 0, even = true;
  while (out.length < chars) {
    const axis = even ? 0 : 1, v = even ? lon : lat;
    const mid = (lo[axis] + hi[axis]) / 2;
    bits <<= 1;
    if (v >= mid) { bits |= 1; lo[axis] = mid; } else hi[axis] = mid;
    even = !even;
    if (++n === 5) { out += alphabet[bits]; bits = 0; n = 0; }
  }
  return out;
}

function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const u = Math.sin((lat2 - lat1) * r / 2), v = Math.sin((lon2 - lon1) * r / 2);
  return 2 * 6372797.560856 * Math.asin(Math.sqrt(u * u + Math.cos(lat1 * r) * Math.cos(lat2 * r) * v * v));
}

const ilv = (lat: number, lon: number) => u64(x.t_interleave(lat, lon));
/** "%.17f" without trailing zeros (toFixed is exact; a tie at the 18th digit cannot occur here). */
const human17 = (v: number) => v.toFixed(17).replace(/0+$/, '').replace(/\.$/, '').replace(/^-0$/, '0');
const scratchString = (n: number) => Buffer.from(new Uint8Array(memory.buffer, x.scratch(), n)).toString('latin1');

// ---- cells ---------------------------------------------------------------------------------------

describe('geohash cells', () => {
  it('interleaves latitude into even bits and longitude into odd bits', () => {
    expect(ilv(1, 0)).toBe(1n);
    expect(ilv(0, 1)).toBe(2n);
    expect(ilv(0xffffffff, 0)).toBe(0x5555555555555555n);
    expect(ilv(0, 0xffffffff)).toBe(0xaaaaaaaaaaaaaaaan);
    const r = mulberry32(11);
    for (let i = 0; i < 2000; i++) {
      const a = Math.floor(r() * 2 ** 32), b = Math.floor(r() * 2 ** 32);
      const v = ilv(a, b);
      expect(v).toBe(spread(BigInt(a)) | (spread(BigInt(b)) << 1n));
      expect(x.t_lat_bits(v) >>> 0).toBe(a);
      expect(x.t_lon_bits(v) >>> 0).toBe(b);
    }
  });

  it('encodes like the model at every step, and refuses positions outside the ranges', () => {
    const r = mulberry32(1);
    for (let step = 1; step <= 32; step++) {
      for (let i = 0; i < 200; i++) {
        const lon = r() * 360 - 180, lat = (r() * 2 - 1) * LAT_MAX;
        expect(u64(x.t_encode_wgs84(lon, lat, step))).toBe(modelEncode(-180, 180, -LAT_MAX, LAT_MAX, lon, lat, step));
      }
    }
    for (const [lon, lat] of [[180, 0], [-180, 0], [0, LAT_MAX], [0, -LAT_MAX], [180, LAT_MAX], [-180, -LAT_MAX], [0, 0]]) {
      expect(u64(x.t_encode_wgs84(lon, lat, 26))).toBe(modelEncode(-180, 180, -LAT_MAX, LAT_MAX, lon, lat, 26));
    }
    // the top edges give offset 2^step: a bit above the cell's 2*step bits, as in Redis
    expect(u64(x.t_encode_wgs84(180, LAT_MAX, 26))).toBe((1n << 52n) | (1n << 53n));
    expect(x.t_encode_wgs84(180.0000001, 0, 26)).toBe(-1n);
    expect(x.t_encode_wgs84(0, 85.0511288, 26)).toBe(-1n);
    expect(x.t_encode_wgs84(0, 0, 0)).toBe(-1n);
    expect(x.t_encode_wgs84(0, 0, 33)).toBe(-1n);
    // the standard +-90 range still refuses latitudes beyond the stored range
    expect(x.t_encode(-180, 180, -90, 90, 0, 86, 26)).toBe(-1n);
  });

  it('decodes areas that contain the encoded point, and centres like the model', () => {
    const r = mulberry32(2);
    for (let i = 0; i < 3000; i++) {
      const lon = r() * 360 - 180, lat = (r() * 2 - 1) * LAT_MAX;
      const step = 1 + Math.floor(r() * 26);
      const bits = x.t_encode_wgs84(lon, lat, step);
      expect(x.t_decode_wgs84(bits, step)).toBe(1);
      // (up to the rounding of the area arithmetic)
      expect(x.t_area(0)).toBeLessThanOrEqual(lon + 1e-12);
      expect(x.t_area(1)).toBeGreaterThanOrEqual(lon - 1e-12);
      expect(x.t_area(2)).toBeLessThanOrEqual(lat + 1e-12);
      expect(x.t_area(3)).toBeGreaterThanOrEqual(lat - 1e-12);
      const b26 = x.t_encode_wgs84(lon, lat, 26);
      expect(x.t_decode_score(Number(b26))).toBe(1);
      const [mlon, mlat] = modelCentre(u64(b26));
      expect(x.t_xy(0)).toBe(mlon);
      expect(x.t_xy(1)).toBe(mlat);
      // the centre is within half a cell of the point
      expect(Math.abs(x.t_xy(0) - lon)).toBeLessThanOrEqual(360 / 2 ** 26);
      expect(Math.abs(x.t_xy(1) - lat)).toBeLessThanOrEqual(2 * LAT_MAX / 2 ** 26);
    }
    // the zero cell does not decode; cell 0 at a real step does
    expect(x.t_decode_wgs84(0n, 0)).toBe(0);
    expect(x.t_decode_wgs84(0n, 26)).toBe(1);
    expect(x.t_area(0)).toBe(-180);
    expect(x.t_area(2)).toBe(-LAT_MAX);
  });

  it('clamps decoded positions of scores that are not cell numbers', () => {
    // every score decodes; positions stay inside the stored ranges
    for (const s of [-1, 0, 1e300, Infinity, -Infinity, 2 ** 53 + 2, 2 ** 64, 2 ** 63, -(2 ** 63), 1.5, 3e19]) {
      expect(x.t_decode_score(s)).toBe(1);
      expect(Math.abs(x.t_xy(0))).toBeLessThanOrEqual(180);
      expect(Math.abs(x.t_xy(1))).toBeLessThanOrEqual(LAT_MAX);
    }
    expect(x.t_decode_score(-1)).toBe(1);
    expect([x.t_xy(0), x.t_xy(1)]).toEqual([180, LAT_MAX]);
  });

  it('converts scores to 64-bit integers like x86-64 C code', () => {
    const s2b = (v: number) => u64(x.t_score_to_bits(v));
    expect(s2b(0)).toBe(0n);
    expect(s2b(1.9)).toBe(1n);
    expect(s2b(-1)).toBe(U64);
    expect(s2b(-1.5)).toBe(U64);
    expect(s2b(2 ** 63)).toBe(1n << 63n);
    expect(s2b(2 ** 64 - 2048)).toBe((1n << 64n) - 2048n);
    expect(s2b(2 ** 64)).toBe(0n);
    expect(s2b(Infinity)).toBe(0n);
    expect(s2b(-Infinity)).toBe(1n << 63n);
    expect(s2b(-(2 ** 63))).toBe(1n << 63n);
    expect(s2b(-(2 ** 64))).toBe(1n << 63n);
    expect(s2b(NaN)).toBe(1n << 63n);
    expect(x.t_align52(5n, 26)).toBe(5n);
    expect(x.t_align52(5n, 1)).toBe(5n << 50n);
  });

  it('prints standard geohashes (latitude +-90, longitude first) with an 11th character of 0', () => {
    const r = mulberry32(3);
    for (let i = 0; i < 3000; i++) {
      const lon = r() * 360 - 180, lat = (r() * 2 - 1) * LAT_MAX;
      const score = Number(x.t_encode_wgs84(lon, lat, 26));
      expect(x.t_geohash(score)).toBe(11);
      x.t_decode_score(score);
      const want = textbookGeohash(x.t_xy(0), x.t_xy(1), 10) + '0';
      expect(scratchString(11)).toBe(want);
    }
    // Wikipedia's example position starts "ezs42"
    x.t_geohash(Number(x.t_encode_wgs84(-5.6, 42.6, 26)));
    expect(scratchString(5)).toBe('ezs42');
  });
});

// ---- neighbours ------------------------------------------------------------------------------------

describe('geohash neighbours', () => {
  const mod = (v: number, m: number) => ((v % m) + m) % m;
  it('moves one column or row, wrapping around, in the scan order C N S E W NE NW SE SW', () => {
    const r = mulberry32(4);
    const moves: Array<[number, number]> = [[0, 0], [0, 1], [0, -1], [1, 0], [-1, 0], [1, 1], [-1, 1], [1, -1], [-1, -1]];
    for (let i = 0; i < 2000; i++) {
      const step = 1 + Math.floor(r() * 26);
      const n = 2 ** step;
      // include the edge columns and rows
      const pickAxis = () => (r() < 0.2 ? (r() < 0.5 ? 0 : n - 1) : Math.floor(r() * n));
      const lat = pickAxis(), lon = pickAxis();
      const bits = x.t_interleave(lat, lon) as bigint;
      x.t_neighbors(bits, step);
      for (let k = 0; k < 9; k++) {
        const nb = x.t_nb_bits(k);
        expect(x.t_nb_step(k)).toBe(step);
        expect(x.t_lon_bits(nb) >>> 0).toBe(mod(lon + moves[k][0], n));
        expect(x.t_lat_bits(nb) >>> 0).toBe(mod(lat + moves[k][1], n));
      }
      expect(x.t_move_x(x.t_move_x(bits, step, 1), step, -1)).toBe(bits);
      expect(x.t_move_y(x.t_move_y(bits, step, -1), step, 1)).toBe(bits);
      expect(x.t_move_x(bits, step, 0)).toBe(bits);
    }
  });
});

// ---- search areas ----------------------------------------------------------------------------------

describe('geohash search areas', () => {
  it('estimates the step by doubling the radius up to the Mercator width', () => {
    expect(x.t_estimate(0, 0)).toBe(26);
    expect(x.t_estimate(1000, 0)).toBe(14);       // 1000 * 2^15 >= 20037726.37
    expect(x.t_estimate(1000, 66)).toBe(14);
    expect(x.t_estimate(1000, 66.0001)).toBe(13);
    expect(x.t_estimate(1000, -70)).toBe(13);
    expect(x.t_estimate(1000, 80.5)).toBe(12);
    expect(x.t_estimate(1000, -80.5)).toBe(12);
    expect(x.t_estimate(20037726.37, 0)).toBe(1);
    expect(x.t_estimate(5e7, 85)).toBe(1);
    expect(x.t_estimate(0.001, 0)).toBe(26);
    expect(x.t_estimate(Infinity, 0)).toBe(1);
    let last = 27;
    for (let m = 0.5; m < 5e7; m *= 1.7) {
      const s = x.t_estimate(m, 10);
      expect(s).toBeLessThanOrEqual(last);
      last = s;
    }
  });

  it('keeps exactly the neighbour cells that reach into the bounding box', () => {
    const r = mulberry32(5);
    for (let i = 0; i < 1500; i++) {
      const lon = r() * 360 - 180, lat = (r() * 2 - 1) * 84;
      const box = r() < 0.5;
      const conv = [1, 1000, 0.3048, 1609.34][Math.floor(r() * 4)];
      const a = (10 ** (r() * 6)) / conv, b = (10 ** (r() * 6)) / conv;
      x.t_shape(box ? 2 : 1, lon, lat, a, b, conv);
      x.t_bounding_box();
      const [minLon, minLat, maxLon, maxLat] = [0, 1, 2, 3].map((k) => x.t_bb(k));
      const step = x.t_search_areas();
      const meters = (box ? Math.sqrt((a / 2) ** 2 + (b / 2) ** 2) : a) * conv;
      const est = x.t_estimate(meters, lat);
      expect([est, est - 1]).toContain(step);
      expect(x.t_nb_zero(0)).toBe(0);
      const centre = x.t_nb_bits(0);
      x.t_decode_wgs84(centre, step);
      const [cLonMin, cLonMax, cLatMin, cLatMax] = [0, 1, 2, 3].map((k) => x.t_area(k));
      expect(lon).toBeGreaterThanOrEqual(cLonMin);
      expect(lon).toBeLessThanOrEqual(cLonMax);
      if (step < 2) continue;
      // a side is dropped when the centre cell already reaches past the box on that side
      const southGone = cLatMin < minLat, northGone = cLatMax > maxLat;
      const westGone = cLonMin < minLon, eastGone = cLonMax > maxLon;
      const expectZero = [false, northGone, southGone, eastGone, westGone,
        northGone || eastGone, northGone || westGone, southGone || eastGone, southGone || westGone];
      for (let k = 1; k < 9; k++) expect(x.t_nb_zero(k)).toBe(expectZero[k] ? 1 : 0);
    }
  });

  it('computes the bounding box with the wider longitude span of the edge nearer the pole', () => {
    x.t_shape(1, 10, 40, 100, 0, 1000);
    x.t_bounding_box();
    const latDelta = (100000 / 6372797.560856) * 180 / Math.PI;
    expect(x.t_bb(1)).toBeCloseTo(40 - latDelta, 12);
    expect(x.t_bb(3)).toBeCloseTo(40 + latDelta, 12);
    const topSpan = (100000 / 6372797.560856 / Math.cos((40 + latDelta) * Math.PI / 180)) * 180 / Math.PI;
    expect(x.t_bb(2) - 10).toBeCloseTo(topSpan, 10);
    x.t_shape(1, 10, -40, 100, 0, 1000);
    x.t_bounding_box();
    const bottomSpan = (100000 / 6372797.560856 / Math.cos((-40 - latDelta) * Math.PI / 180)) * 180 / Math.PI;
    expect(10 - x.t_bb(0)).toBeCloseTo(bottomSpan, 10);
  });
});

// ---- distances -----------------------------------------------------------------------------------

describe('geohash distances', () => {
  it('is the haversine distance, symmetric, and the latitude arc on one meridian', () => {
    const r = mulberry32(6);
    for (let i = 0; i < 5000; i++) {
      const a = [r() * 360 - 180, (r() * 2 - 1) * 85] as const;
      const b = [r() * 360 - 180, (r() * 2 - 1) * 85] as const;
      const d = x.t_distance(a[0], a[1], b[0], b[1]);
      expect(Math.abs(d - haversine(a[0], a[1], b[0], b[1]))).toBeLessThanOrEqual(1e-6 * Math.max(1, d));
      expect(Math.abs(d - x.t_distance(b[0], b[1], a[0], a[1]))).toBeLessThanOrEqual(1e-6 * Math.max(1, d));
      const same = x.t_distance(a[0], a[1], a[0], b[1]);
      expect(same).toBe(x.t_lat_distance(a[1], b[1]));
      expect(same).toBe(6372797.560856 * Math.abs(b[1] * (Math.PI / 180) - a[1] * (Math.PI / 180)));
    }
    expect(x.t_distance(13.361389, 38.115556, 13.361389, 38.115556)).toBe(0);
    // half the circumference between antipodes on the equator
    expect(x.t_distance(0, 0, 180, 0)).toBeCloseTo(Math.PI * 6372797.560856, 6);
  });

  it('inShape (shared sines and cosines, latitude pre-check) equals the tests spelled out with distance()', () => {
    const r = mulberry32(8);
    for (let s = 0; s < 400; s++) {
      const box = r() < 0.5;
      const lon = r() * 360 - 180, lat = (r() * 2 - 1) * 85;
      const conv = [1, 1000, 0.3048, 1609.34][Math.floor(r() * 4)];
      const a = (10 ** (r() * 7.5)) / conv, b = (10 ** (r() * 7.5)) / conv;
      x.t_shape(box ? 2 : 1, lon, lat, a, b, conv);
      const span = r() < 0.5 ? 180 : 10 ** (r() * 2 - 1);
      for (let i = 0; i < 100; i++) {
        // points around the centre, on its meridian and on its parallel, and anywhere
        const k = r();
        let plon = k < 0.15 ? lon : lon + (r() * 2 - 1) * span;
        const plat = k > 0.85 ? lat : Math.max(-85.05, Math.min(85.05, lat + (r() * 2 - 1) * span / 2));
        if (plon > 180) plon -= 360;
        if (plon < -180) plon += 360;
        expect(Object.is(x.t_in_shape(plon, plat), x.t_in_shape_ref(plon, plat))).toBe(true);
      }
    }
  });

  it('tests circles by distance and boxes by latitude arc and parallel arc', () => {
    x.t_shape(1, 0, 0, 10, 0, 1000);
    expect(x.t_in_shape(0, 0)).toBe(0);
    const edge = (10000 / 6372797.560856) * 180 / Math.PI;
    expect(x.t_in_shape(0, edge * 0.999)).toBeCloseTo(9990, 3);
    expect(x.t_in_shape(0, edge * 1.001)).toBe(-1);
    // a 20 km x 4 km box: 9.9 km east is in, 2.1 km north is out
    x.t_shape(2, 0, 0, 20, 4, 1000);
    const east = (9900 / 6372797.560856) * 180 / Math.PI;
    const north = (2100 / 6372797.560856) * 180 / Math.PI;
    expect(x.t_in_shape(east, 0)).toBeCloseTo(9900, 3);
    expect(x.t_in_shape(0, north)).toBe(-1);
    expect(x.t_in_shape(east, north * 0.9)).toBeGreaterThan(9900);
    // the width is measured along the point's own parallel
    x.t_shape(2, 0, 60, 20, 200, 1000);
    const lonAt = (9990 / 6372797.560856 / Math.cos(60.5 * Math.PI / 180)) * 180 / Math.PI;
    expect(x.t_in_shape(lonAt, 60.5)).toBeGreaterThan(0);
    expect(x.t_in_shape(lonAt * 1.002, 60.5)).toBe(-1);
  });
});

// ---- live comparison with redis-server -------------------------------------------------------------

const missing = redisMissingReason();
describe.skipIf(missing !== null)(`geohash against redis-server${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let srv: TestServer;
  let c: RawClient;
  beforeAll(async () => {
    srv = (await startRedis())!;
    c = await RawClient.connect(srv.port);
  });
  afterAll(async () => { c?.close(); await srv?.stop(); });

  const call = async (...args: string[]) => { c.send(...args); return parse(await c.readReply()); };

  it('stores, decodes, hashes and measures points exactly like Redis', async () => {
    const r = mulberry32(7);
    const pts: Array<[string, string]> = [];
    const edges: Array<[string, string]> = [['180', '85.05112878'], ['-180', '-85.05112878'], ['0', '0'], ['-0', '-0'],
      ['179.99999999', '0'], ['0.000001', '-0.000001'], ['-179.5', '85'], ['13.361389', '38.115556']];
    for (const e of edges) pts.push(e);
    for (let i = 0; i < 400; i++) {
      const lon = r() * 360 - 180, lat = (r() * 2 - 1) * (r() < 0.2 ? LAT_MAX : 60);
      pts.push([lon.toFixed(Math.floor(r() * 12)), String(lat)]);
    }
    const args = ['GEOADD', 'k'];
    pts.forEach(([lon, lat], i) => args.push(lon, lat, `m${i}`));
    await call('DEL', 'k');
    await call(...args);
    const names = pts.map((_, i) => `m${i}`);
    const scores = (await call('ZMSCORE', 'k', ...names)).items!.map((n) => Number(n.data!.toString()));
    const pos = (await call('GEOPOS', 'k', ...names)).items!;
    const hashes = (await call('GEOHASH', 'k', ...names)).items!;
    for (let i = 0; i < pts.length; i++) {
      const [lon, lat] = pts[i].map(Number);
      expect(scores[i]).toBe(Number(u64(x.t_encode_wgs84(lon, lat, 26))));
      expect(x.t_decode_score(scores[i])).toBe(1);
      expect(pos[i].items![0].data!.toString()).toBe(human17(x.t_xy(0)));
      expect(pos[i].items![1].data!.toString()).toBe(human17(x.t_xy(1)));
      x.t_geohash(scores[i]);
      expect(scratchString(11)).toBe(hashes[i].data!.toString());
    }
    for (let k = 0; k < 300; k++) {
      const i = Math.floor(r() * pts.length), j = Math.floor(r() * pts.length);
      const d = Number((await call('GEODIST', 'k', `m${i}`, `m${j}`)).data!.toString());
      x.t_decode_score(scores[i]);
      const [lon1, lat1] = [x.t_xy(0), x.t_xy(1)];
      x.t_decode_score(scores[j]);
      expect(Math.abs(x.t_distance(lon1, lat1, x.t_xy(0), x.t_xy(1)) - d)).toBeLessThanOrEqual(0.00005 + 1e-9);
    }
  });

  it('decodes scores written by ZADD (not cell numbers) like Redis', async () => {
    const weird = ['-1', '0', '1e300', 'inf', '-inf', '9007199254740993', '18446744073709551616', '9223372036854775808',
      '-9223372036854775808', '1.5', '3e19', '-4503599627370496', '123456789.75'];
    await call('DEL', 'w');
    const args = ['ZADD', 'w'];
    weird.forEach((s, i) => args.push(s, `w${i}`));
    await call(...args);
    const names = weird.map((_, i) => `w${i}`);
    const pos = (await call('GEOPOS', 'w', ...names)).items!;
    const hashes = (await call('GEOHASH', 'w', ...names)).items!;
    weird.forEach((s, i) => {
      const score = Number(s === 'inf' ? Infinity : s === '-inf' ? -Infinity : s);
      expect(x.t_decode_score(score)).toBe(1);
      expect(pos[i].items![0].data!.toString()).toBe(human17(x.t_xy(0)));
      expect(pos[i].items![1].data!.toString()).toBe(human17(x.t_xy(1)));
      x.t_geohash(score);
      expect(scratchString(11)).toBe(hashes[i].data!.toString());
    });
  });
});
