// Differential: geo commands against a real redis-server, byte for byte, in RESP2 and RESP3.
// GEOADD GEODIST GEOHASH GEOPOS GEORADIUS GEORADIUS_RO GEORADIUSBYMEMBER GEORADIUSBYMEMBER_RO
// GEOSEARCH GEOSEARCHSTORE: every option, the argument validation order and error texts, keys that
// are missing or of the wrong type, scores written by ZADD that are not geohash cells, both zset
// encodings of the index and of STORE results, ties in distance under full and COUNT-limited
// sorts, the poles and the antimeridian, COMMAND INFO/GETKEYS, keyspace hit/miss counting, and a
// seeded randomized section (points worldwide, radii and boxes from metres to the whole earth,
// every unit, COUNT/ANY, sort orders), keyspace events, WATCH and MULTI.
//
// Normalisation: ZRANGE/ZSCORE of STOREDIST results (fractional scores) go through storedDistances,
// for two reasons. Redis 7.0 prints such scores with "%.17g", 7.2+ (and Cinnabar) with the shortest
// round-trip form. And a stored distance shows every bit of the haversine result, whose last bits
// depend on the libm Redis was linked with: Cinnabar's sin/cos/asin are bit-identical to musl's
// (checked on a million point pairs against a musl-linked build, as in the redis:alpine images),
// while the Debian reference links glibc, which rounds about 2% of these distances differently in
// the last place. So fractional scores are compared to 12 significant digits. Everything else is
// compared raw: WITHDIST/GEODIST print 4 decimals and GEOPOS coordinates need no libm, and they are
// formatted by the geo code itself identically in 7.0.15 and 7.4 (llrint-based fixed point).
import { defineDiffSuite, type Step, type Norm } from '../helpers/diff.ts';
import { parse, encode, type Node } from '../helpers/resp.ts';
import { mulberry32 } from '../helpers/gen.ts';

/** Fractional scores (stored distances) to 12 significant digits; see the header. */
const storedDistances: Norm = (b) => {
  const round = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12))));
  const fix = (n: Node): Node => {
    if (n.items) return { ...n, items: n.items.map(fix) };
    if (n.t === ',') return { ...n, head: round(Number(n.head)) };
    if (n.t === '$' && n.data) {
      const s = n.data.toString('latin1');
      if (/^-?\d+\.\d+(e[-+]?\d+)?$/.test(s) || /^-?\d+(\.\d+)?e[-+]?\d+$/.test(s)) return { ...n, data: Buffer.from(round(Number(s)), 'latin1') };
    }
    return n;
  };
  return encode(fix(parse(b)));
};
const withScores = (key: string): Step => ({ cmd: ['ZRANGE', key, '0', '-1', 'WITHSCORES'], norm: storedDistances });

/** Keeps only the keyspace_hits / keyspace_misses lines of INFO stats. */
const keyspaceStats: Norm = (b) => {
  const n = parse(b);
  const s = (n.data ?? Buffer.alloc(0)).toString('latin1');
  const keep = s.split('\r\n').filter((l) => l.startsWith('keyspace_')).join('\r\n');
  return Buffer.from(keep, 'latin1');
};

// Places of the fixture (coordinates picked for these tests).
const PLACES: Array<[string, string, string]> = [
  ['-9.1393', '38.7223', 'lisbon'], ['-8.6291', '41.1579', 'porto'], ['-8.4115', '40.2033', 'coimbra'],
  ['-7.9304', '37.0194', 'faro'], ['-9.4215', '38.6979', 'cascais'], ['-9.3817', '38.8029', 'sintra'],
  ['-8.8882', '38.5244', 'setubal'], ['-7.9097', '38.5714', 'evora'], ['-9.1604', '38.7436', '1001'],
  ['-9.2302', '38.6916', 'belem'], ['-9.0900', '38.7700', '-42'], ['-3.7038', '40.4168', 'madrid'],
];
const placesAdd = (key = 'pt'): Step => ['GEOADD', key, ...PLACES.flat()];

const geoadd: Step[] = [
  ['GEOADD', 'g', '-9.1393', '38.7223', 'lisbon'], ['GEOADD', 'g', '-9.1393', '38.7223', 'lisbon'],
  ['GEOADD', 'g', 'CH', '38.7223', '-9.1393', 'lisbon'], ['GEOPOS', 'g', 'lisbon'],
  ['GEOADD', 'g', 'NX', '-9.1393', '38.7223', 'lisbon'], ['GEOADD', 'g', 'NX', 'CH', '-9.1393', '38.7223', 'lisbon', '1', '2', 'n'],
  ['GEOADD', 'g', 'XX', '-9.1393', '38.7223', 'lisbon', '3', '4', 'x'], ['EXISTS', 'x'], ['ZSCORE', 'g', 'x'],
  ['GEOADD', 'g', 'xx', 'ch', '-9.1393', '38.7223', 'lisbon'], ['GEOADD', 'g', 'ch', 'xx', '-9.1393', '38.7223', 'lisbon'],
  ['GEOADD', 'g', 'nx', 'nx', 'ch', 'ch', '5', '6', 'twice'], ['ZRANGE', 'g', '0', '-1', 'WITHSCORES'],
  // option and shape errors
  ['GEOADD', 'g', 'XX', 'NX', '1', '2', 'a'], ['GEOADD', 'g', 'nx', 'xx', 'ch', '1', '2', 'a'],
  ['GEOADD', 'g', 'CH', 'XX', 'FOO', '1', '2', 'a'], ['GEOADD', 'g', 'GT', '1', '2', 'a'], ['GEOADD', 'g', 'INCR', '1', '2', 'a'],
  ['GEOADD', 'g', '1', '2', 'a', '3'], ['GEOADD', 'g', '1', '2', 'a', '3', '4'], ['GEOADD', 'g', 'ch', 'ch', 'ch'],
  ['GEOADD', 'g', 'nx', 'ch', 'xx'], ['GEOADD', 'g', '1', '2'], ['GEOADD', 'g'],
  // coordinates: parse errors come first per element, then the range check; nothing is added
  ['GEOADD', 'g', '1', '2', 'ok', 'foo', 'bar', 'bad'], ['GEOADD', 'g', '1', 'bar', 'bad'], ['GEOADD', 'g', '1', '', 'bad'],
  ['GEOADD', 'g', ' 1', '2', 'bad'], ['GEOADD', 'g', 'nan', '2', 'bad'], ['GEOADD', 'g', '1', '2', 'ok', '181', '0', 'bad'],
  ['EXISTS', 'ok'], ['ZSCORE', 'g', 'ok'],
  ['GEOADD', 'g', '-180.0000001', '0', 'bad'], ['GEOADD', 'g', '0', '85.0511288', 'bad'], ['GEOADD', 'g', '0', '-85.05112879', 'bad'],
  ['GEOADD', 'g', 'inf', '0', 'bad'], ['GEOADD', 'g', '0', '-inf', 'bad'], ['GEOADD', 'g', '1e300', '1e-300', 'bad'],
  ['GEOADD', 'g', '1.7976931348623157e308', '-4.9e-324', 'bad'], ['GEOADD', 'g', '123456.0000005', '-0.0000005', 'bad'],
  ['GEOADD', 'g', '-0.00000049999', '-1000.00000050001', 'bad'], ['GEOADD', 'g', '0x10', '1', 'bad'],
  // the edges of the stored ranges are accepted
  ['GEOADD', 'e', '180', '85.05112878', 'ne', '-180', '-85.05112878', 'sw', '-0', '-0', 'z', '1e-320', '-1e-320', 'tiny',
    '179.9999999', '85.0511287799', 'near', '0.000001', '-0.000001', 'small'],
  ['ZRANGE', 'e', '0', '-1', 'WITHSCORES'], ['GEOPOS', 'e', 'ne', 'sw', 'z', 'tiny', 'near', 'small'],
  ['GEOHASH', 'e', 'ne', 'sw', 'z', 'tiny', 'near', 'small'],
  // wrong type: coordinates are checked before the key
  ['SET', 's', 'x'], ['GEOADD', 's', '1', '2', 'a'], ['GEOADD', 's', '1', '200', 'a'], ['GEOADD', 's', 'x', '2', 'a'],
  ['GET', 's'],
  // binary-safe and integer-looking members (stored as listpack integers)
  ['GEOADD', 'b', '1', '1', '', '2', '2', 'a\r\nb', '3', '3', '\x00\xff', '4', '4', '12345', '5', '5', '-7'],
  ['GEOPOS', 'b', '', 'a\r\nb', '\x00\xff', '12345', '-7', '012345'], ['GEOHASH', 'b', '', '12345', '-7'],
  ['GEOSEARCH', 'b', 'FROMMEMBER', '12345', 'BYRADIUS', '500', 'km', 'WITHDIST', 'ASC'],
  ['GEOSEARCH', 'b', 'FROMMEMBER', '', 'BYBOX', '1000', '1000', 'km', 'WITHHASH'],
  ['OBJECT', 'ENCODING', 'b'], ['TYPE', 'b'],
];

const encodings: Step[] = [
  ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'], ['CONFIG', 'SET', 'zset-max-listpack-value', '64'],
  ['GEOADD', 'lp', ...Array.from({ length: 128 }, (_, i) => [String(-9 + i * 0.001), String(38 + i * 0.0007), `m${i}`]).flat()],
  ['OBJECT', 'ENCODING', 'lp'], ['GEOADD', 'lp', '-9', '38', 'one-more'], ['OBJECT', 'ENCODING', 'lp'], ['ZCARD', 'lp'],
  ['GEOADD', 'v1', '1', '1', 'x'.repeat(64)], ['OBJECT', 'ENCODING', 'v1'],
  ['GEOADD', 'v2', '1', '1', 'x'.repeat(65)], ['OBJECT', 'ENCODING', 'v2'],
  ['GEOADD', 'v3', '1', '1', 'a', '1', '1', 'y'.repeat(65)], ['OBJECT', 'ENCODING', 'v3'],
  ['GEOADD', 'v4', '1', '1', 'a'], ['GEOADD', 'v4', '1', '1', 'z'.repeat(65)], ['OBJECT', 'ENCODING', 'v4'],
  // STORE results are built as skiplists and become listpacks when they fit
  ['GEOSEARCHSTORE', 'd', 'lp', 'FROMLONLAT', '-9', '38', 'BYRADIUS', '100', 'km'], ['OBJECT', 'ENCODING', 'd'], ['ZCARD', 'd'],
  ['GEOSEARCHSTORE', 'd', 'lp', 'FROMLONLAT', '-9', '38', 'BYRADIUS', '100', 'km', 'COUNT', '128'], ['OBJECT', 'ENCODING', 'd'],
  ['GEORADIUS', 'v3', '1', '1', '1', 'km', 'STORE', 'd3'], ['OBJECT', 'ENCODING', 'd3'],
  ['GEORADIUS', 'v3', '1', '1', '1', 'km', 'STORE', 'd3', 'COUNT', '1', 'DESC'], ['OBJECT', 'ENCODING', 'd3'], ['ZRANGE', 'd3', '0', '-1'],
  ['CONFIG', 'SET', 'zset-max-listpack-entries', '0'], ['GEOADD', 'z0', '1', '1', 'a'], ['OBJECT', 'ENCODING', 'z0'],
  ['GEOSEARCHSTORE', 'z1', 'z0', 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km'], ['OBJECT', 'ENCODING', 'z1'],
  ['GEOSEARCH', 'z0', 'FROMLONLAT', '1', '1', 'BYRADIUS', '1', 'km', 'WITHCOORD', 'WITHDIST', 'WITHHASH'],
  ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
  ['DEBUG', 'DIGEST-VALUE', 'lp', 'd', 'd3', 'v3'],
];

const positions: Step[] = [
  placesAdd(),
  ['GEOPOS', 'pt', 'lisbon', 'nope', 'porto', '1001', '-42', '1001.0'], ['GEOPOS', 'pt'], ['GEOPOS', 'nokey', 'a', 'b'], ['GEOPOS', 'nokey'],
  ['GEOHASH', 'pt', 'lisbon', 'nope', 'porto', '1001', '-42', 'madrid'], ['GEOHASH', 'pt'], ['GEOHASH', 'nokey', 'a'],
  ['GEODIST', 'pt', 'lisbon', 'porto'], ['GEODIST', 'pt', 'lisbon', 'porto', 'm'], ['GEODIST', 'pt', 'lisbon', 'porto', 'KM'],
  ['GEODIST', 'pt', 'lisbon', 'porto', 'mi'], ['GEODIST', 'pt', 'lisbon', 'porto', 'Ft'], ['GEODIST', 'pt', 'lisbon', 'lisbon'],
  ['GEODIST', 'pt', 'lisbon', '1001', 'ft'], ['GEODIST', 'pt', 'madrid', '-42', 'km'],
  ['GEODIST', 'pt', 'lisbon', 'nope'], ['GEODIST', 'pt', 'nope', 'lisbon'], ['GEODIST', 'nokey', 'a', 'b'],
  // the unit is checked before the key, extra arguments before both
  ['GEODIST', 'pt', 'lisbon', 'porto', 'parsec'], ['GEODIST', 'nokey', 'a', 'b', 'parsec'], ['GEODIST', 'pt', 'a', 'b', 'km', 'x'],
  ['GEODIST', 'pt', 'a'],
  // same meridian: the latitude arc (two distances whose x10^4 value rounds to a tie in binary)
  ['GEOADD', 'm', '10', '-70.18263315715944', 'a', '10', '8.163009927703847', 'b', '10', '-25.955505383452888', 'c', '10', '53.11498177246193', 'd'],
  ['GEODIST', 'm', 'a', 'b'], ['GEODIST', 'm', 'c', 'd'], ['GEODIST', 'm', 'a', 'b', 'km'],
  ['GEOSEARCH', 'm', 'FROMMEMBER', 'a', 'BYRADIUS', '9000', 'km', 'WITHDIST', 'ASC'],
  ['SET', 's', 'x'], ['GEOPOS', 's', 'a'], ['GEOHASH', 's', 'a'], ['GEODIST', 's', 'a', 'b'], ['GEODIST', 's', 'a', 'b', 'bad'],
];

// Scores that are not geohash cells (written by ZADD) decode to clamped positions.
const oddScores: Step[] = [
  ['ZADD', 'w', '-1', 'neg', '0', 'zero', '1e300', 'huge', 'inf', 'pinf', '-inf', 'ninf', '9007199254740993', 'big53',
    '4503599627370496', 'b52', '18446744073709551616', 'b64', '9223372036854775808', 'b63', '-9223372036854775808', 'nb63',
    '1.5', 'frac', '3e19', 'big', '-4503599627370496', 'nb52'],
  ['GEOPOS', 'w', 'neg', 'zero', 'huge', 'pinf', 'ninf', 'big53', 'b52', 'b64', 'b63', 'nb63', 'frac', 'big', 'nb52'],
  ['GEOHASH', 'w', 'neg', 'zero', 'huge', 'pinf', 'ninf', 'big53', 'b52', 'b64', 'b63', 'nb63', 'frac', 'big', 'nb52'],
  ['GEODIST', 'w', 'neg', 'zero'], ['GEODIST', 'w', 'huge', 'pinf', 'km'], ['GEODIST', 'w', 'b52', 'nb52', 'mi'],
  ['GEORADIUSBYMEMBER', 'w', 'neg', '100', 'km'],
  ['GEORADIUSBYMEMBER', 'w', 'zero', '100', 'km', 'WITHCOORD', 'WITHDIST', 'WITHHASH'],
  ['GEORADIUSBYMEMBER', 'w', 'b52', '100', 'km', 'WITHCOORD', 'WITHDIST', 'WITHHASH'],
  ['GEORADIUSBYMEMBER', 'w', 'ninf', '1000', 'km', 'WITHCOORD', 'WITHDIST', 'WITHHASH'],
  ['GEOSEARCH', 'w', 'FROMMEMBER', 'pinf', 'BYRADIUS', '1000', 'km', 'WITHCOORD'],
  ['GEOSEARCH', 'w', 'FROMLONLAT', '0', '0', 'BYRADIUS', '20000', 'km', 'WITHHASH', 'WITHCOORD'],
];

const searches: Step[] = [
  placesAdd(),
  ['GEORADIUS', 'pt', '-9.14', '38.72', '15', 'km'], ['GEORADIUS', 'pt', '-9.14', '38.72', '15', 'km', 'ASC'],
  ['GEORADIUS', 'pt', '-9.14', '38.72', '15', 'km', 'DESC'], ['GEORADIUS_RO', 'pt', '-9.14', '38.72', '15', 'km', 'ASC'],
  ['GEORADIUS', 'pt', '-9.14', '38.72', '40', 'km', 'WITHDIST'], ['GEORADIUS', 'pt', '-9.14', '38.72', '40', 'km', 'WITHDIST', 'ASC'],
  ['GEORADIUS', 'pt', '-9.14', '38.72', '40', 'km', 'COUNT', '3'], ['GEORADIUS', 'pt', '-9.14', '38.72', '40', 'km', 'COUNT', '3', 'DESC'],
  ['GEORADIUS', 'pt', '-9.14', '38.72', '40', 'km', 'COUNT', '3', 'ANY'], ['GEORADIUS', 'pt', '-9.14', '38.72', '40', 'km', 'COUNT', '3', 'ANY', 'ASC'],
  ['GEORADIUS', 'pt', '-9.14', '38.72', '40', 'km', 'COUNT', '3', 'ANY', 'DESC'], ['GEORADIUS', 'pt', '-9.14', '38.72', '40', 'km', 'COUNT', '100'],
  ['GEORADIUS', 'pt', '-9.14', '38.72', '40', 'km', 'WITHCOORD', 'WITHHASH', 'COUNT', '2'],
  ['GEORADIUS', 'pt', '-9.14', '38.72', '40', 'km', 'WITHHASH', 'WITHCOORD', 'WITHDIST', 'COUNT', '2'],
  ['GEORADIUS', 'pt', '-9.14', '38.72', '25000', 'm', 'withdist', 'withcoord', 'asc'],
  ['GEORADIUS', 'pt', '-9.14', '38.72', '25', 'mi', 'WITHDIST', 'ASC'], ['GEORADIUS', 'pt', '-9.14', '38.72', '80000', 'ft', 'WITHDIST', 'DESC'],
  ['GEORADIUS', 'pt', '-9.14', '38.72', '0', 'km'], ['GEORADIUS', 'pt', '-9.1393', '38.7223', '0', 'km', 'WITHDIST'],
  ['GEORADIUS', 'pt', '-9.14', '38.72', '20000', 'km', 'WITHDIST', 'ASC'], ['GEORADIUS', 'pt', '0', '0', '50000', 'km', 'WITHCOORD'],
  ['GEORADIUS', 'pt', '-9.14', '38.72', 'inf', 'km', 'WITHDIST'], ['GEORADIUS', 'pt', '-9.14', '38.72', '-0', 'km'],
  ['GEORADIUSBYMEMBER', 'pt', 'lisbon', '30', 'km'], ['GEORADIUSBYMEMBER', 'pt', 'lisbon', '30', 'km', 'WITHDIST'],
  ['GEORADIUSBYMEMBER_RO', 'pt', 'lisbon', '30', 'km', 'WITHDIST', 'DESC'], ['GEORADIUSBYMEMBER', 'pt', '1001', '300', 'km', 'COUNT', '4'],
  ['GEORADIUSBYMEMBER', 'pt', '-42', '300', 'km', 'COUNT', '4', 'ANY', 'WITHHASH'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9.14', '38.72', 'BYBOX', '60', '40', 'km'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9.14', '38.72', 'BYBOX', '60', '40', 'km', 'ASC', 'WITHDIST'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9.14', '38.72', 'BYBOX', '600', '10', 'km', 'ASC'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9.14', '38.72', 'BYBOX', '10', '600', 'km', 'ASC'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9.14', '38.72', 'BYBOX', '0', '0', 'km'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9.14', '38.72', 'BYBOX', 'inf', 'inf', 'km', 'WITHDIST'],
  ['GEOSEARCH', 'pt', 'FROMMEMBER', 'porto', 'BYBOX', '400', '400', 'km', 'COUNT', '5', 'DESC', 'WITHCOORD'],
  ['GEOSEARCH', 'pt', 'FROMMEMBER', 'porto', 'BYRADIUS', '400', 'km', 'COUNT', '5', 'ANY', 'WITHDIST'],
  ['GEOSEARCH', 'pt', 'frommember', 'madrid', 'byradius', '600', 'KM', 'asc', 'withdist', 'withhash', 'withcoord'],
  // repeated options: the last sort wins, later COUNTs replace earlier ones
  ['GEOSEARCH', 'pt', 'BYRADIUS', '50', 'km', 'FROMMEMBER', 'lisbon', 'WITHDIST', 'WITHDIST', 'COUNT', '1', 'COUNT', '3', 'ASC', 'DESC'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9.14', '38.72', 'BYRADIUS', '50', 'km', 'FROMLONLAT', '-8', '37', 'ASC'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9.14', '38.72', 'BYRADIUS', '50', 'km', 'BYRADIUS', '500', 'km', 'ASC'],
  ['GEOSEARCH', 'pt', 'FROMMEMBER', 'porto', 'FROMMEMBER', 'faro', 'BYRADIUS', '100', 'km'],
  // near, but not across, the antimeridian; and the polar caps
  ['GEOADD', 'am', '179.5', '36', 'e1', '-179.5', '36', 'w1', '179.99', '-10', 'e2', '-179.99', '-10', 'w2', '180', '0', 'e3', '-180', '0', 'w3'],
  ['GEOSEARCH', 'am', 'FROMLONLAT', '179', '37', 'BYBOX', '400', '400', 'km', 'ASC', 'WITHDIST'],
  ['GEOSEARCH', 'am', 'FROMLONLAT', '-179', '37', 'BYBOX', '400', '400', 'km', 'ASC', 'WITHDIST'],
  ['GEOSEARCH', 'am', 'FROMLONLAT', '180', '-10', 'BYRADIUS', '10', 'km', 'WITHDIST'],
  ['GEOSEARCH', 'am', 'FROMLONLAT', '180', '0', 'BYRADIUS', '1', 'm', 'WITHCOORD'],
  ['GEORADIUSBYMEMBER', 'am', 'w3', '100', 'km', 'WITHDIST'],
  ['GEOADD', 'pole', '45', '65', 'n1', '-135', '85.05', 'n2', '0', '85.0511', 'n3', '90', '84', 'n4', '-90', '-85', 's1', '10', '-84.9', 's2'],
  ['GEORADIUSBYMEMBER', 'pole', 'n1', '5009431', 'm', 'WITHDIST'], ['GEORADIUSBYMEMBER', 'pole', 'n3', '200', 'km', 'WITHDIST'],
  ['GEOSEARCH', 'pole', 'FROMLONLAT', '0', '85', 'BYRADIUS', '3000', 'km', 'ASC', 'WITHDIST'],
  ['GEOSEARCH', 'pole', 'FROMLONLAT', '0', '-85', 'BYBOX', '5000', '800', 'km', 'ASC'],
  ['GEOSEARCH', 'pole', 'FROMLONLAT', '170', '80', 'BYBOX', '20000', '2000', 'km', 'DESC', 'WITHCOORD'],
];

const errors: Step[] = [
  placesAdd(),
  ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'COUNT'], ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'COUNT', '0'],
  ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'COUNT', '-3'], ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'COUNT', 'x'],
  ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'COUNT', '99999999999999999999'], ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'ANY'],
  ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'ANY', 'ASC'], ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'COUNT', '0', 'ANY'],
  ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'STORE'], ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'STOREDIST'],
  ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'FOO'], ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'FROMMEMBER', 'lisbon'],
  ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'BYBOX', '1', '1', 'km'],
  ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'STORE', 'x', 'WITHDIST'], ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'WITHHASH', 'STOREDIST', 'x'],
  ['GEORADIUS', 'pt', '-9', '38', '1', 'km', 'WITHCOORD', 'STORE', 'x', 'ANY'],
  ['GEORADIUS_RO', 'pt', '-9', '38', '1', 'km', 'STORE', 'x'], ['GEORADIUS_RO', 'pt', '-9', '38', '1', 'km', 'STOREDIST', 'x'],
  ['GEORADIUSBYMEMBER_RO', 'pt', 'lisbon', '1', 'km', 'STORE', 'x'],
  ['GEORADIUS', 'pt', '-9', '38', 'abc', 'km'], ['GEORADIUS', 'pt', '-9', '38', '-1', 'km'], ['GEORADIUS', 'pt', '-9', '38', '1', 'parsec'],
  ['GEORADIUS', 'pt', '-9', '38', '1e400', 'km'], ['GEORADIUS', 'pt', '-9', '38', '1e-400', 'km'], ['GEORADIUS', 'pt', '-9', '38', 'nan', 'km'],
  ['GEORADIUS', 'pt', '-9', '99', '1', 'km'], ['GEORADIUS', 'pt', '-200', '38', 'x', 'km'], ['GEORADIUS', 'pt', 'x', '38', '1', 'km'],
  ['GEORADIUS', 'pt', '-9', '38', '-1', 'parsec'], ['GEORADIUS', 'pt', '-9', '38', '1'],
  ['GEORADIUSBYMEMBER', 'pt', 'nope', '1', 'km'], ['GEORADIUSBYMEMBER', 'pt', 'nope', 'x', 'parsec'],
  ['GEORADIUSBYMEMBER', 'pt', 'lisbon', 'x', 'km'], ['GEORADIUSBYMEMBER', 'pt', 'lisbon', '1', 'parsec'],
  ['GEORADIUSBYMEMBER', 'pt', 'lisbon', '1', 'km', 'COUNT', '0'],
  ['GEOSEARCH', 'pt', 'BYBOX', '3', '3', 'km', 'ASC', 'DESC', 'WITHHASH', 'WITHDIST', 'WITHCOORD'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9', '38', 'ASC', 'DESC', 'WITHHASH', 'WITHDIST', 'WITHCOORD'],
  ['geosearch', 'pt', 'byradius', '1', 'km', 'asc'], ['GeoSearch', 'pt', 'fromlonlat', '1', '1', 'asc', 'count', '1'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9', '38', 'FROMMEMBER', 'lisbon', 'BYBOX', '6', '6', 'km'],
  ['GEOSEARCH', 'pt', 'FROMMEMBER', 'lisbon', 'FROMLONLAT', '-9', '38', 'BYBOX', '6', '6', 'km'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9', '38', 'BYRADIUS', '3', 'km', 'BYBOX', '3', '3', 'km'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9', '38', 'BYBOX', '3', '3', 'km', 'BYRADIUS', '3', 'km'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9', '38', 'BYBOX', '6', '6', 'km', 'STOREDIST'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '-9', '38', 'BYBOX', '6', '6', 'km', 'STORE', 'x'],
  ['GEOSEARCH', 'pt', 'FROMMEMBER', 'nope', 'BYBOX', '6', '6', 'km'], ['GEOSEARCH', 'pt', 'FROMMEMBER', 'nope', 'BYBOX', '6', '6', 'parsec'],
  ['GEOSEARCH', 'pt', 'FROMMEMBER', 'lisbon', 'BYBOX', 'x', '6', 'km'], ['GEOSEARCH', 'pt', 'FROMMEMBER', 'lisbon', 'BYBOX', '6', 'x', 'km'],
  ['GEOSEARCH', 'pt', 'FROMMEMBER', 'lisbon', 'BYBOX', '-6', 'x', 'km'], ['GEOSEARCH', 'pt', 'FROMMEMBER', 'lisbon', 'BYBOX', '6', '-6', 'km'],
  ['GEOSEARCH', 'pt', 'FROMMEMBER', 'lisbon', 'BYBOX', '-6', '6', 'parsec'], ['GEOSEARCH', 'pt', 'FROMMEMBER', 'lisbon', 'BYBOX', '6', '6', 'parsec'],
  ['GEOSEARCH', 'pt', 'FROMMEMBER', 'lisbon', 'BYBOX', '6', '6'], ['GEOSEARCH', 'pt', 'FROMMEMBER', 'lisbon', 'BYRADIUS', '6'],
  ['GEOSEARCH', 'pt', 'FROMMEMBER'], ['GEOSEARCH', 'pt', 'FROMLONLAT', '1', 'BYRADIUS', '6', 'km'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '1', '2', 'BYRADIUS', '6', 'km', 'ANY'],
  ['GEOSEARCH', 'pt', 'FROMLONLAT', '1', '2', 'BYRADIUS', '6', 'km', 'COUNT', '1', 'ANY', 'FOO'],
  ['GEOSEARCHSTORE', 'd', 'pt', 'FROMLONLAT', '1', '2', 'BYRADIUS', '6', 'km', 'WITHDIST'],
  ['GEOSEARCHSTORE', 'd', 'pt', 'FROMLONLAT', '1', '2', 'BYRADIUS', '6', 'km', 'STORE', 'd'],
  ['GEOSEARCHSTORE', 'd', 'pt', 'FROMLONLAT', '1', '2', 'BYRADIUS', '6', 'km', 'STOREDIST', 'd'],
  ['GEOSEARCHSTORE', 'd', 'pt', 'BYRADIUS', '6', 'km'], ['geosearchSTORE', 'd', 'pt', 'FROMMEMBER', 'lisbon', 'COUNT', '2'],
  ['GEOSEARCHSTORE', 'd', 'pt', 'FROMMEMBER', 'lisbon'],
  ['GEORADIUS', 'pt', '1', '2', '3'], ['GEORADIUSBYMEMBER', 'pt', 'a', '1'], ['GEOSEARCH', 'pt', 'FROMMEMBER', 'a', 'BYRADIUS', '1'],
  ['EXISTS', 'x', 'd'],
];

// Missing source key: options are still parsed (radius and unit of the BYMEMBER forms excepted);
// STORE forms delete the destination. Wrong type: WRONGTYPE before any argument check.
const missingAndWrongType: Step[] = [
  ['GEORADIUS', 'nokey', '1', '1', '1', 'km'], ['GEORADIUS', 'nokey', '1', '1', '1', 'km', 'STORE', 'd'],
  ['GEORADIUS', 'nokey', '1', '1', 'x', 'km'], ['GEORADIUS', 'nokey', '1', '1', '1', 'km', 'FOO'],
  ['GEORADIUSBYMEMBER', 'nokey', 'm', 'abc', 'parsec'], ['GEORADIUSBYMEMBER', 'nokey', 'm', 'abc', 'km', 'FOO'],
  ['GEORADIUSBYMEMBER', 'nokey', 'm', 'abc', 'km', 'STORE', 'd', 'WITHDIST'], ['GEORADIUSBYMEMBER', 'nokey', 'm', '1', 'km', 'ANY'],
  ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'm', 'BYBOX', '1', '1', 'km'], ['GEOSEARCH', 'nokey', 'FROMLONLAT', '0', '0', 'BYRADIUS', '-1', 'km'],
  ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'm'], ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'm', 'FROMLONLAT', '1', '1', 'BYBOX', '1', '1', 'km'],
  ['GEOSEARCHSTORE', 'd', 'nokey', 'FROMMEMBER', 'm', 'BYBOX', '1', '1', 'km', 'WITHCOORD'],
  ['SET', 'd', 'keep'], ['EXPIRE', 'd', '1000'],
  ['GEOSEARCHSTORE', 'd', 'nokey', 'FROMMEMBER', 'm', 'BYBOX', '1', '1', 'km'], ['EXISTS', 'd'],
  ['SET', 'd', 'keep'], ['GEORADIUS', 'nokey', '1', '1', '1', 'km', 'STOREDIST', 'd'], ['EXISTS', 'd'],
  ['SET', 'd', 'keep'], ['GEORADIUSBYMEMBER', 'nokey', 'm', 'x', 'km', 'STORE', 'd'], ['EXISTS', 'd'],
  ['SET', 'src', 'x'],
  ['GEORADIUS', 'src', '1', '1', '1', 'km'], ['GEORADIUS', 'src', '1', '1', '1', 'km', 'STORE', 'd'], ['GEORADIUS', 'src', '200', 'x', 'y', 'z'],
  ['GEORADIUS_RO', 'src', '1', '1', '1', 'km'], ['GEORADIUSBYMEMBER', 'src', 'm', '1', 'km'], ['GEORADIUSBYMEMBER_RO', 'src', 'm', 'x', 'y'],
  ['GEOSEARCH', 'src', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'], ['GEOSEARCH', 'src', 'FOO'],
  ['GEOSEARCHSTORE', 'd', 'src', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'], ['GEOSEARCHSTORE', 'd', 'src', 'x', 'y', 'z', 'w', 'v'],
  ['GEODIST', 'src', 'm', 'n', 'km'], ['GEOHASH', 'src', 'm'], ['GEOPOS', 'src', 'm'],
  ['GEOADD', 'nopts', '1', '2', 'a'], ['GEOSEARCH', 'nopts', 'FROMLONLAT', '50', '50', 'BYRADIUS', '1', 'km'],
  ['GEOSEARCH', 'nopts', 'FROMLONLAT', '50', '50', 'BYRADIUS', '1', 'km', 'WITHDIST', 'COUNT', '3'],
  ['SET', 'd', 'keep'], ['GEOSEARCHSTORE', 'd', 'nopts', 'FROMLONLAT', '50', '50', 'BYRADIUS', '1', 'km'], ['EXISTS', 'd'],
];

const store: Step[] = [
  placesAdd(),
  ['GEORADIUS', 'pt', '-9.14', '38.72', '500', 'km', 'STORE', 'r1'], ['ZRANGE', 'pt', '0', '-1'], ['ZRANGE', 'r1', '0', '-1', 'WITHSCORES'],
  ['GEORADIUS', 'pt', '-9.14', '38.72', '50', 'km', 'STOREDIST', 'r2'], withScores('r2'),
  ['GEORADIUS', 'pt', '-9.14', '38.72', '50', 'mi', 'STOREDIST', 'r2', 'COUNT', '3', 'DESC'], withScores('r2'),
  ['GEORADIUS', 'pt', '-9.14', '38.72', '50', 'km', 'STORE', 'r3', 'STOREDIST', 'r4'], ['EXISTS', 'r3', 'r4'], withScores('r4'),
  ['GEORADIUS', 'pt', '-9.14', '38.72', '50', 'km', 'STOREDIST', 'r3', 'STORE', 'r4'], withScores('r4'),
  ['GEORADIUSBYMEMBER', 'pt', 'lisbon', '300', 'km', 'STORE', 'r5', 'COUNT', '4'], ['ZRANGE', 'r5', '0', '-1', 'WITHSCORES'],
  ['GEORADIUSBYMEMBER', 'pt', 'porto', '300', 'km', 'STOREDIST', 'r5', 'ASC', 'COUNT', '2', 'ANY'], withScores('r5'),
  ['GEOSEARCHSTORE', 'r6', 'pt', 'FROMLONLAT', '-9.14', '38.72', 'BYRADIUS', '500', 'km'], ['ZRANGE', 'r6', '0', '-1', 'WITHSCORES'],
  ['GEOSEARCHSTORE', 'r6', 'pt', 'FROMLONLAT', '-9.14', '38.72', 'BYBOX', '100', '100', 'km', 'STOREDIST'], withScores('r6'),
  ['GEOSEARCHSTORE', 'r6', 'pt', 'FROMMEMBER', 'faro', 'BYRADIUS', '1000', 'ft', 'STOREDIST', 'COUNT', '1'], withScores('r6'),
  ['GEOSEARCHSTORE', 'r6', 'pt', 'FROMMEMBER', 'faro', 'BYRADIUS', '200', 'km', 'storedist', 'count', '2', 'desc'], withScores('r6'),
  // the destination is replaced (its TTL with it) or deleted when nothing matches
  ['SET', 'r7', 'string'], ['EXPIRE', 'r7', '1000'], ['GEOSEARCHSTORE', 'r7', 'pt', 'FROMMEMBER', 'lisbon', 'BYRADIUS', '10', 'km'],
  ['TTL', 'r7'], ['TYPE', 'r7'], ['GEOSEARCHSTORE', 'r7', 'pt', 'FROMLONLAT', '100', '10', 'BYRADIUS', '10', 'km'], ['EXISTS', 'r7'],
  ['GEORADIUS', 'pt', '100', '10', '10', 'km', 'STORE', 'r7'], ['EXISTS', 'r7'],
  // the source itself as destination
  ['GEOADD', 'self', '1', '1', 'a', '1.001', '1.001', 'b', '50', '50', 'far'],
  ['GEOSEARCHSTORE', 'self', 'self', 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'km', 'STOREDIST'], withScores('self'),
  ['GEOADD', 'self2', '1', '1', 'a', '1.001', '1.001', 'b', '50', '50', 'far'],
  ['GEORADIUSBYMEMBER', 'self2', 'a', '1', 'km', 'STORE', 'self2'], ['ZRANGE', 'self2', '0', '-1', 'WITHSCORES'], ['GEOPOS', 'self2', 'a', 'b', 'far'],
  ['ZSCORE', 'r5', 'porto'], { cmd: ['ZSCORE', 'r6', 'faro'], norm: storedDistances },
  ['DBSIZE'],
];

// Equal distances: identical points around the centre, sorted fully (stable) and partially (pqsort).
function tiesScript(members: number, groups: number): Step[] {
  const add: string[] = ['GEOADD', 't'];
  for (let i = 0; i < members; i++) {
    const k = i % groups;
    add.push(String(10 + k * 0.001), String(20 + k * 0.0013), `m${(i * 7919) % members}`);
  }
  const steps: Step[] = [add, ['OBJECT', 'ENCODING', 't']];
  for (const count of [1, 2, 6, 7, 8, 20, 40, 41, 42, 100, members - 1, members, members + 1]) {
    for (const sort of ['ASC', 'DESC', '']) {
      const s = sort ? [sort] : [];
      steps.push(['GEOSEARCH', 't', 'FROMLONLAT', '10', '20', 'BYRADIUS', '100', 'km', 'COUNT', String(count), ...s]);
      steps.push(['GEOSEARCH', 't', 'FROMLONLAT', '10.0021', '20.0027', 'BYBOX', '100', '100', 'km', 'COUNT', String(count), 'ANY', ...s]);
    }
  }
  steps.push(['GEOSEARCH', 't', 'FROMLONLAT', '10', '20', 'BYRADIUS', '100', 'km', 'ASC']);
  steps.push(['GEOSEARCH', 't', 'FROMLONLAT', '10', '20', 'BYRADIUS', '100', 'km', 'DESC', 'WITHDIST']);
  steps.push(['GEORADIUS', 't', '10.0011', '20.0011', '100', 'km', 'STORE', 'ts', 'COUNT', '5']);
  steps.push(['ZRANGE', 'ts', '0', '-1']);
  return steps;
}

const introspection: Step[] = [
  ['COMMAND', 'INFO', 'geoadd', 'geodist', 'geohash', 'geopos', 'georadius', 'georadius_ro', 'georadiusbymember',
    'georadiusbymember_ro', 'geosearch', 'geosearchstore'],
  ['COMMAND', 'DOCS', 'geosearch'], ['COMMAND', 'DOCS', 'georadius'],
  ['COMMAND', 'GETKEYS', 'GEORADIUS', 'k', '1', '1', '1', 'km', 'STORE', 'd1', 'STOREDIST', 'd2'],
  ['COMMAND', 'GETKEYS', 'GEORADIUS', 'k', '1', '1', '1', 'km'],
  ['COMMAND', 'GETKEYS', 'GEORADIUSBYMEMBER', 'k', 'm', '1', 'km', 'STORE', 'd1'],
  ['COMMAND', 'GETKEYS', 'GEOSEARCHSTORE', 'd', 's', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
  ['COMMAND', 'GETKEYS', 'GEOADD', 'k', '1', '1', 'm'], ['COMMAND', 'GETKEYS', 'GEODIST', 'k', 'a', 'b'],
  ['COMMAND', 'GETKEYSANDFLAGS', 'GEORADIUS', 'k', '1', '1', '1', 'km', 'STORE', 'd1'],
  ['COMMAND', 'GETKEYSANDFLAGS', 'GEOSEARCHSTORE', 'd', 's', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
  ['COMMAND', 'GETKEYSANDFLAGS', 'GEOSEARCH', 's', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
  // hits and misses: reads of the source count, writes of the destination do not
  ['CONFIG', 'RESETSTAT'], ['GEOADD', 'k', '1', '1', 'a'], ['GEOPOS', 'k', 'a'], ['GEOPOS', 'nokey', 'a'], ['GEODIST', 'k', 'a', 'b'],
  ['GEODIST', 'nokey', 'a', 'b'], ['GEOHASH', 'k', 'a'], ['GEOSEARCH', 'k', 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'km'],
  ['GEOSEARCHSTORE', 'd', 'k', 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'km'], ['GEORADIUS', 'nokey', '1', '1', '1', 'km', 'STORE', 'x'],
  ['GEORADIUSBYMEMBER_RO', 'k', 'a', '1', 'km'],
  { cmd: ['INFO', 'stats'], norm: keyspaceStats },
];

// Keyspace events and WATCH: connection `s` reads the events of every keyspace/keyevent channel,
// `w` runs the commands, `o` modifies watched keys.
const W = (...cmd: string[]): Step => ({ c: 'w', cmd });
const O = (...cmd: string[]): Step => ({ c: 'o', cmd });
const ev = (n = 1): Step => ({ c: 's', read: true, replies: n });
const cfg = (flags: string): Step => W('CONFIG', 'SET', 'notify-keyspace-events', flags);
const eventsAndWatch: Step[] = [
  cfg('KEA'), { c: 's', cmd: ['PSUBSCRIBE', '__key*__:*'] },
  W('GEOADD', 'k', '1', '1', 'a'), ev(2), W('GEOADD', 'k', '1', '1', 'a'), W('GEOADD', 'k', 'CH', '2', '2', 'a'), ev(2),
  W('GEOADD', 'k', 'XX', '3', '3', 'b'), W('GEOADD', 'k', 'NX', '1', '1', 'a', '1.5', '1.5', 'b'), ev(2),
  W('GEORADIUS', 'k', '2', '2', '100', 'km', 'STORE', 'd'), ev(2),
  W('GEOSEARCHSTORE', 'd', 'k', 'FROMLONLAT', '2', '2', 'BYRADIUS', '100', 'km', 'STOREDIST'), ev(2),
  W('GEORADIUSBYMEMBER', 'k', 'a', '10', 'km', 'STOREDIST', 'd2'), ev(2),
  W('GEOSEARCHSTORE', 'd', 'k', 'FROMLONLAT', '50', '50', 'BYRADIUS', '1', 'km'), ev(2),
  W('GEOSEARCHSTORE', 'd', 'k', 'FROMLONLAT', '50', '50', 'BYRADIUS', '1', 'km'),
  W('SET', 'd', 'x'), ev(2), W('GEORADIUS', 'nokey', '1', '1', '1', 'km', 'STORE', 'd'), ev(2),
  W('GEOSEARCH', 'k', 'FROMMEMBER', 'a', 'BYRADIUS', '500', 'km'), W('GEOPOS', 'k', 'a'), W('GEODIST', 'k', 'a', 'b'),
  W('GEOADD', 'k', '200', '1', 'bad'), W('SET', 'marker', '1'), ev(2),
  // "new" events come before the command's own event
  cfg('KEn'), W('GEOADD', 'fresh', '1', '1', 'a'), ev(1), W('GEOSEARCHSTORE', 'fresh2', 'k', 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'km'), ev(1),
  cfg('Ez'), W('GEOADD', 'fresh', '2', '2', 'a'), ev(1), W('GEOSEARCHSTORE', 'fresh2', 'k', 'FROMMEMBER', 'a', 'BYRADIUS', '1', 'km'), ev(1),
  cfg('Eg'), W('GEOSEARCHSTORE', 'fresh2', 'k', 'FROMLONLAT', '50', '50', 'BYRADIUS', '1', 'km'), ev(1), cfg(''),
  // WATCH: writes by another client abort the transaction, reads and no-op writes do not
  W('WATCH', 'k'), O('GEOADD', 'k', '9', '9', 'c'), W('MULTI'), W('PING'), W('EXEC'),
  W('WATCH', 'k'), O('GEOADD', 'k', '9', '9', 'c'), O('GEOSEARCH', 'k', 'FROMMEMBER', 'c', 'BYRADIUS', '1', 'km'), W('MULTI'), W('PING'), W('EXEC'),
  W('WATCH', 'dst'), O('GEOSEARCHSTORE', 'dst', 'k', 'FROMMEMBER', 'c', 'BYRADIUS', '1', 'km'), W('MULTI'), W('PING'), W('EXEC'),
  W('WATCH', 'dst'), O('GEORADIUS', 'k', '50', '50', '1', 'km', 'STORE', 'dst'), W('MULTI'), W('PING'), W('EXEC'),
  W('WATCH', 'dst'), O('GEORADIUS', 'k', '50', '50', '1', 'km', 'STORE', 'dst'), W('MULTI'), W('PING'), W('EXEC'),
  // inside MULTI
  W('MULTI'), W('GEOADD', 'k', '5', '5', 'm'), W('GEOSEARCH', 'k', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km', 'WITHDIST'),
  W('GEOADD', 'k', '500', '5', 'bad'), W('GEOPOS', 'k', 'm'), W('EXEC'),
];

// ---- randomized ----------------------------------------------------------------------------------

const UNITS: Array<[string, number]> = [['m', 1], ['km', 1000], ['mi', 1609.34], ['ft', 0.3048], ['KM', 1000], ['Mi', 1609.34]];

/** A seeded script: random indexes (clusters anywhere, poles and antimeridian included) and queries. */
function randomScript(seed: number, rounds: number): Step[] {
  const r = mulberry32(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: T[]): T => xs[int(xs.length)];
  const wrapLon = (lon: number) => (lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon);
  const clampLat = (lat: number) => Math.max(-85.05, Math.min(85.05, lat));
  const fmt = (v: number) => (r() < 0.5 ? v.toFixed(int(9)) : String(v));
  const steps: Step[] = [];
  for (let round = 0; round < rounds; round++) {
    const cLon = pick([r() * 360 - 180, 179.9, -179.9, 0]);
    const cLat = pick([(r() * 2 - 1) * 70, (r() * 2 - 1) * 85, 84.9, -84.9, 0]);
    const n = pick([3, 40, 127, 129, 400]);
    const spread = pick([0.001, 0.3, 4, 30, 180]);
    const add: string[] = ['GEOADD', 'g'];
    const members: string[] = [];
    const coords: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) {
      let lon: number, lat: number;
      if (coords.length && r() < 0.15) [lon, lat] = pick(coords);           // duplicates: equal distances
      else if (r() < 0.05) { lon = pick([180, -180, 179.999999, 0]); lat = (r() * 2 - 1) * 85; }
      else { lon = wrapLon(cLon + (r() * 2 - 1) * spread); lat = clampLat(cLat + (r() * 2 - 1) * spread / 2); }
      coords.push([lon, lat]);
      const m = r() < 0.3 ? String(i - 20) : `p${i}`;
      members.push(m);
      add.push(fmt(lon), fmt(lat), m);
    }
    steps.push(['DEL', 'g'], add, ['ZCARD', 'g']);
    for (let q = 0; q < 12; q++) {
      const [unit, conv] = pick(UNITS);
      const meters = pick([50, 1000, 20000, 300000, 2e6, 1e7, 3e7]) * (0.2 + r() * 2);
      const dist = String(+(meters / conv).toPrecision(1 + int(8)));
      const opts: string[] = [];
      if (r() < 0.5) opts.push('WITHDIST');
      if (r() < 0.3) opts.push('WITHCOORD');
      if (r() < 0.3) opts.push('WITHHASH');
      const sort = pick(['', '', 'ASC', 'DESC']);
      if (sort) opts.push(sort);
      if (r() < 0.5) { opts.push('COUNT', String(1 + int(n + 3))); if (r() < 0.3) opts.push('ANY'); }
      const member = pick(members);
      const fromLon = fmt(wrapLon(cLon + (r() * 2 - 1) * spread));
      const fromLat = fmt(clampLat(cLat + (r() * 2 - 1) * spread / 2));
      const byMember = r() < 0.5;
      const from = byMember ? ['FROMMEMBER', member] : ['FROMLONLAT', fromLon, fromLat];
      const box = r() < 0.5;
      const by = box ? ['BYBOX', dist, String(+((meters * (0.2 + r() * 2)) / conv).toPrecision(4)), unit] : ['BYRADIUS', dist, unit];
      steps.push(['GEOSEARCH', 'g', ...from, ...by, ...opts]);
      if (!box) steps.push(byMember ? ['GEORADIUSBYMEMBER_RO', 'g', member, dist, unit, ...opts] : ['GEORADIUS', 'g', fromLon, fromLat, dist, unit, ...opts]);
      const storeOpts = opts.filter((o) => !o.startsWith('WITH'));
      steps.push(['GEOSEARCHSTORE', 'dst', 'g', ...from, ...by, ...storeOpts, ...(r() < 0.5 ? ['STOREDIST'] : [])]);
      steps.push({ cmd: ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'], norm: storedDistances });
    }
    for (let k = 0; k < 4; k++) {
      const a = pick(members), b = pick(members);
      steps.push(['GEODIST', 'g', a, b, pick(UNITS)[0]], ['GEOPOS', 'g', a, b, 'nope'], ['GEOHASH', 'g', a, b]);
    }
  }
  return steps;
}

const SEEDS = process.env.CINNABAR_SEED ? [Number(process.env.CINNABAR_SEED)] : [1, 2, 3, 4];
const randomized: Record<string, Step[]> = {};
for (const seed of SEEDS) randomized[`randomized (seed ${seed})`] = randomScript(seed, 12);

defineDiffSuite('compat: geo', {
  'GEOADD options, validation and coordinates': geoadd,
  'encodings of indexes and STORE results': encodings,
  'GEOPOS GEOHASH GEODIST': positions,
  'scores that are not geohash cells': oddScores,
  'GEORADIUS GEORADIUSBYMEMBER GEOSEARCH options': searches,
  'option errors and their order': errors,
  'missing source key and wrong type': missingAndWrongType,
  'STORE and STOREDIST': store,
  'equal distances, listpack index': tiesScript(100, 7),
  'equal distances, skiplist index': tiesScript(300, 11),
  'COMMAND INFO, GETKEYS, keyspace statistics': introspection,
  'keyspace events and WATCH': { steps: eventsAndWatch, requires: ['multi', 'watch'] },
  ...randomized,
});
