// Differential: hash commands against a real redis-server, byte for byte, in RESP2 and RESP3, on
// both sides of the listpack/hashtable threshold.
// HDEL HEXISTS HGET HGETALL HINCRBY HINCRBYFLOAT HKEYS HLEN HMGET HMSET HRANDFIELD HSCAN HSET HSETNX
// HSTRLEN HVALS, OBJECT ENCODING conversions (hash-max-listpack-entries/value, CONFIG SET at run
// time), COPY/RENAME/MOVE/DEL/TYPE of hashes, MEMORY USAGE.
// The field expiration commands (HEXPIRE HPEXPIRE HEXPIREAT HPEXPIREAT HTTL HPTTL HEXPIRETIME
// HPEXPIRETIME HPERSIST) and HSCAN NOVALUES are Redis 7.4 only: they are checked against expected
// 7.4 reply bytes (from the 7.4 command reference and t_hash.c behaviour) in the second half.
//
// Normalisations (test/helpers/norm.ts and below):
// - hashtable encoding: HGETALL pairs / HKEYS / HVALS sorted (hash-table order differs by design);
//   listpack replies are compared exactly (insertion order).
// - HSCAN over a hashtable: the full iteration's union is compared (scanAll), not single steps.
// - HRANDFIELD: which fields come back is random; the reply's shape (type, length, nesting) is
//   compared, and draws that must return the whole hash are compared sorted.
// - MEMORY USAGE: shape only here; the memory target is asserted separately (<= Redis).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { defineDiffSuite, type Step, type Norm } from '../helpers/diff.ts';
import { sortArray, configSorted, intShape } from '../helpers/norm.ts';
import { parse, encode, type Node } from '../helpers/resp.ts';
import { mulberry32 } from '../helpers/gen.ts';
import { RawClient, startCinnabar, startRedis, redisMissingReason, type TestServer, type Arg } from '../helpers/servers.ts';

type Enc = 'listpack' | 'hashtable';
const BIN = Buffer.from([0, 1, 2, 13, 10, 255, 0x80, 32, 0]);
const FAR = '4102444800';          // 2100-01-01 in seconds
const FAR_MS = '4102444800000';

/** Field/value pairs (HGETALL, HSCAN payloads) sorted by field. */
const sortPairs: Norm = configSorted;

/** HRANDFIELD: type, length and nesting only (which fields come back is random). */
const randShape: Norm = (b) => {
  const n = parse(b);
  if (n.t === '$' && n.data) return Buffer.from('$<field>\r\n');
  if (!n.items) return b;
  const shape = (x: Node): string => x.items ? `${x.t}${x.items.length}[${x.items.map(shape).join(',')}]` : x.t;
  return Buffer.from(`<${shape(n)}>\r\n`);
};

/** HRANDFIELD that must return every field: RESP3 pairs or RESP2 pairs/fields, sorted. */
const sortAllPairs: Norm = (b) => {
  const n = parse(b);
  if (!n.items) return b;
  if (n.items.length && n.items[0].items) {
    const raws = n.items.map(encode).sort(Buffer.compare);
    return encode({ ...n, items: raws.map((r) => parse(r)) });
  }
  return b;
};

function prelude(enc: Enc): Step[] {
  return [
    ['CONFIG', 'SET', 'hash-max-listpack-entries', enc === 'listpack' ? '128' : '0'],
    ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
  ];
}

/** A step whose reply order depends on the encoding: sorted for hashtables. */
function ord(enc: Enc, cmd: Arg[], pairs = false): Step {
  if (enc === 'listpack') return cmd;
  return { cmd, norm: pairs ? sortPairs : sortArray };
}

function basics(enc: Enc): Step[] {
  return [
    ...prelude(enc),
    ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'], ['OBJECT', 'ENCODING', 'h'], ['TYPE', 'h'],
    ['HGET', 'h', 'a'], ['HGET', 'h', 'zz'], ['HGET', 'nokey', 'a'],
    ['HSET', 'h', 'a', 'x', 'd', '4'], ['HLEN', 'h'], ord(enc, ['HGETALL', 'h'], true),
    ord(enc, ['HKEYS', 'h']), ord(enc, ['HVALS', 'h']), ['HGETALL', 'nokey'], ['HKEYS', 'nokey'], ['HVALS', 'nokey'],
    ['HMSET', 'h', 'e', '5', 'f', '6'], ['HMGET', 'h', 'a', 'e', 'nope', 'f'], ['HMGET', 'nokey', 'a', 'b'],
    ['HSETNX', 'h', 'a', 'new'], ['HSETNX', 'h', 'g', '7'], ['HGET', 'h', 'g'], ['HSETNX', 'fresh', 'f', 'v'], ord(enc, ['HGETALL', 'fresh'], true),
    ['HEXISTS', 'h', 'a'], ['HEXISTS', 'h', 'nope'], ['HEXISTS', 'nokey', 'a'],
    ['HSTRLEN', 'h', 'a'], ['HSTRLEN', 'h', 'nope'], ['HSTRLEN', 'nokey', 'a'],
    ['HDEL', 'h', 'a', 'nope', 'b'], ['HDEL', 'h', 'a'], ['HDEL', 'nokey', 'a'], ['HLEN', 'h'], ['HLEN', 'nokey'],
    ['HDEL', 'h', 'c', 'd', 'e', 'f', 'g', 'x'], ['EXISTS', 'h'], ['HLEN', 'h'],
    // integers and integer-looking strings keep their exact bytes
    ['HSET', 'n', '1', '-1', '0012', '12', '-0', '9223372036854775807', '9223372036854775808', '-9223372036854775808', ' 5', '5 '],
    ord(enc, ['HGETALL', 'n'], true), ['HGET', 'n', '0012'], ['HGET', 'n', '1'], ['HSTRLEN', 'n', '-0'], ['HSTRLEN', 'n', '9223372036854775808'],
    ['HMGET', 'n', '1', '0012', '-0', '9223372036854775808', ' 5'],
    // binary-safe fields and values, empty ones
    ['HSET', 'b', BIN, BIN, '', 'empty-field', 'empty-value', ''], ord(enc, ['HGETALL', 'b'], true),
    ['HGET', 'b', ''], ['HGET', 'b', 'empty-value'], ['HSTRLEN', 'b', BIN], ['HEXISTS', 'b', ''],
    // arity and syntax
    ['HSET', 'h'], ['HSET', 'h', 'a'], ['HSET', 'h', 'a', '1', 'b'], ['HMSET', 'h', 'a', '1', 'b'], ['HMSET', 'h', 'a'],
    ['HGET', 'h'], ['HGET', 'h', 'a', 'b'], ['HSETNX', 'h', 'a'], ['HDEL', 'h'], ['HLEN'], ['HGETALL'], ['HMGET', 'h'],
    ['HEXISTS', 'h'], ['HSTRLEN', 'h'], ['HKEYS', 'h', 'x'],
    ['hset', 'lower', 'f', 'v'], ['HsEt', 'mixed', 'f', 'v'], ['HGET', 'mixed', 'f'],
  ];
}

function counters(enc: Enc): Step[] {
  return [
    ...prelude(enc),
    ['HINCRBY', 'c', 'f', '5'], ['HINCRBY', 'c', 'f', '-10'], ['HGET', 'c', 'f'], ['OBJECT', 'ENCODING', 'c'],
    ['HSET', 'c', 'big', '9223372036854775800'], ['HINCRBY', 'c', 'big', '7'], ['HINCRBY', 'c', 'big', '1'],
    ['HSET', 'c', 'neg', '-9223372036854775800'], ['HINCRBY', 'c', 'neg', '-8'], ['HINCRBY', 'c', 'neg', '-1'],
    ['HINCRBY', 'c', 'f', 'x'], ['HINCRBY', 'c', 'f', '1.5'], ['HINCRBY', 'c', 'f', '9223372036854775808'],
    ['HSET', 'c', 's', 'abc', 'sp', ' 11', 'sp2', '11 ', 'fl', '1.5'],
    ['HINCRBY', 'c', 's', '1'], ['HINCRBY', 'c', 'sp', '1'], ['HINCRBY', 'c', 'sp2', '1'], ['HINCRBY', 'c', 'fl', '1'],
    ['HINCRBY', 'c', 'new', '0'], ['HGET', 'c', 'new'], ['HINCRBY', 'fresh', 'f', '3'], ['HGET', 'fresh', 'f'],
    ['HINCRBYFLOAT', 'c', 'fl', '0.25'], ['HINCRBYFLOAT', 'c', 'f', '1.5'], ['HINCRBYFLOAT', 'c', 'nf', '10.5'],
    ['HINCRBYFLOAT', 'c', 'nf', '-0.5'], ['HGET', 'c', 'nf'], ['HINCRBYFLOAT', 'fresh2', 'x', '2.5e3'], ['HGET', 'fresh2', 'x'],
    ['HINCRBYFLOAT', 'c', 's', '1'], ['HINCRBYFLOAT', 'c', 'sp', '1'], ['HINCRBYFLOAT', 'c', 'sp2', '1'],
    ['HINCRBYFLOAT', 'c', 'fl', 'abc'], ['HINCRBYFLOAT', 'c', 'fl', '+inf'], ['HINCRBYFLOAT', 'c', 'fl', 'nan'],
    ['HINCRBYFLOAT', 'nokey2', 'f', 'inf'], ['EXISTS', 'nokey2'],
    ['HSET', 'c', 'huge', '1e308'], ['HINCRBYFLOAT', 'c', 'huge', '1e308'], ['HINCRBYFLOAT', 'c', 'huge', '1e4932'],
    ['HSET', 'c', 'nul', Buffer.from('1\x002', 'latin1')], ['HINCRBYFLOAT', 'c', 'nul', '1'],
    ['HINCRBYFLOAT', 'p', 'f', '1.23'], ['HINCRBYFLOAT', 'p', 'f', '0.77'], ['HINCRBYFLOAT', 'p', 'f', '-0.1'],
    ['HINCRBYFLOAT', 'p', 'f', '1e-20'], ['HINCRBYFLOAT', 'p', 'g', '3.0'], ['HINCRBYFLOAT', 'p', 'h', '5.0e3'],
    ['HSET', 'p', 'i', '17179869184'], ['HINCRBYFLOAT', 'p', 'i', '17179869184'], ['HINCRBY', 'p', 'i', '1'],
    ['HINCRBY', 'c'], ['HINCRBY', 'c', 'f'], ['HINCRBYFLOAT', 'c', 'f'], ['HINCRBY', 'c', 'f', '1', '2'],
    ord(enc, ['HGETALL', 'p'], true),
  ];
}

const wrongtype: Step[] = [
  ['SET', 's', 'v'],
  ['HSET', 's', 'f', 'v'], ['HMSET', 's', 'f', 'v'], ['HSETNX', 's', 'f', 'v'], ['HGET', 's', 'f'], ['HMGET', 's', 'f'],
  ['HGETALL', 's'], ['HKEYS', 's'], ['HVALS', 's'], ['HLEN', 's'], ['HSTRLEN', 's', 'f'], ['HEXISTS', 's', 'f'],
  ['HDEL', 's', 'f'], ['HINCRBY', 's', 'f', '1'], ['HINCRBYFLOAT', 's', 'f', '1'], ['HRANDFIELD', 's'],
  ['HRANDFIELD', 's', '2'], ['HSCAN', 's', '0'], ['HINCRBY', 's', 'f', 'x'], ['HINCRBYFLOAT', 's', 'f', 'x'],
  ['HSCAN', 's', 'x'], ['HRANDFIELD', 's', 'x'],
  ['HSET', 'h', 'f', 'v'], ['GET', 'h'], ['INCR', 'h'], ['APPEND', 'h', 'x'], ['TYPE', 'h'],
];

/** Encoding conversions at the thresholds, and CONFIG SET changing them at run time. */
const conversions: Step[] = [
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '4'], ['CONFIG', 'SET', 'hash-max-listpack-value', '8'],
  ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'd', '4'], ['OBJECT', 'ENCODING', 'h'],
  ['HSET', 'h', 'e', '5'], ['OBJECT', 'ENCODING', 'h'], { cmd: ['HGETALL', 'h'], norm: sortPairs },
  ['HSET', 'v', 'f', '12345678'], ['OBJECT', 'ENCODING', 'v'], ['HSET', 'v', 'g', '123456789'], ['OBJECT', 'ENCODING', 'v'],
  ['HSET', 'k', '12345678', 'v'], ['OBJECT', 'ENCODING', 'k'], ['HSET', 'k', '123456789', 'v'], ['OBJECT', 'ENCODING', 'k'],
  ['HSET', 'many', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5'], ['OBJECT', 'ENCODING', 'many'],
  ['HSET', 'dup', 'a', '1', 'a', '2', 'a', '3', 'a', '4', 'a', '5'],
  { cmd: ['OBJECT', 'ENCODING', 'dup'], expect: '$9\r\nhashtable\r\n', why: '7.2+ converts up front when an HSET brings more field/value pairs than hash-max-listpack-entries, duplicates or not (7.0 only checked lengths)' },
  ['HLEN', 'dup'],
  ['HSETNX', 'nx', 'f', '123456789'], ['OBJECT', 'ENCODING', 'nx'],
  ['HINCRBY', 'i', 'abcdefghi', '1'], ['OBJECT', 'ENCODING', 'i'],
  ['HINCRBYFLOAT', 'fl', 'f', '0.0000005'], ['OBJECT', 'ENCODING', 'fl'], ['HGET', 'fl', 'f'],
  ['HINCRBYFLOAT', 'fl2', 'f', '0.000005'], ['OBJECT', 'ENCODING', 'fl2'],
  ['HINCRBY', 'i2', 'f', '123456789'], ['OBJECT', 'ENCODING', 'i2'],
  ['HDEL', 'h', 'a', 'b', 'c'], ['OBJECT', 'ENCODING', 'h'],
  ['CONFIG', 'SET', 'hash-max-ziplist-entries', '100'], ['CONFIG', 'GET', 'hash-max-listpack-entries'],
  ['HSET', 'z', 'a', '1'], ['OBJECT', 'ENCODING', 'z'], ['OBJECT', 'ENCODING', 'h'],
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '0'], ['HSET', 'zero', 'a', '1'], ['OBJECT', 'ENCODING', 'zero'],
  ['HINCRBY', 'zero2', 'a', '1'], ['OBJECT', 'ENCODING', 'zero2'], ['HSETNX', 'zero3', 'a', '1'], ['OBJECT', 'ENCODING', 'zero3'],
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '128'], ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
  ['HSET', 'lp', 'f', 'x'.repeat(64)], ['OBJECT', 'ENCODING', 'lp'], ['HSET', 'lp', 'g', 'x'.repeat(65)], ['OBJECT', 'ENCODING', 'lp'],
  ['HGET', 'lp', 'g'], ['HSTRLEN', 'lp', 'g'],
];

/** Listpack order after updates and deletes, and the same data through a conversion. */
const order: Step[] = [
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '128'], ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
  ['HSET', 'o', 'z', '1', 'y', '2', 'x', '3'], ['HSET', 'o', 'y', '20', 'w', '4'], ['HDEL', 'o', 'z'], ['HSET', 'o', 'z', '5'],
  ['HINCRBY', 'o', 'x', '7'], ['HINCRBYFLOAT', 'o', 'w', '0.5'], ['HGETALL', 'o'], ['HKEYS', 'o'], ['HVALS', 'o'],
  ['HSCAN', 'o', '0'], ['HSCAN', 'o', '0', 'MATCH', '[wy]'], ['HSCAN', 'o', '0', 'COUNT', '1'], ['HSCAN', 'o', '0', 'MATCH', 'nomatch'],
  ['HSET', 'o', 'long', 'v'.repeat(100)], ['OBJECT', 'ENCODING', 'o'], { cmd: ['HGETALL', 'o'], norm: sortPairs },
];

function scans(enc: Enc): Step[] {
  const fields: string[] = [];
  for (let i = 0; i < 60; i++) fields.push(`field:${i}`, `v${i}`);
  return [
    ...prelude(enc),
    ['HSET', 's', ...fields],
    { cmd: ['HSCAN', 's', '0'], scanAll: true, cursorAt: 2 },
    { cmd: ['HSCAN', 's', '0', 'COUNT', '7'], scanAll: true, cursorAt: 2 },
    { cmd: ['HSCAN', 's', '0', 'MATCH', 'field:1*'], scanAll: true, cursorAt: 2 },
    { cmd: ['HSCAN', 's', '0', 'MATCH', '*', 'COUNT', '1000'], scanAll: true, cursorAt: 2 },
    ['HSCAN', 'nokey', '0'], ['HSCAN', 'nokey', '0', 'COUNT', '0'], ['HSCAN', 'nokey', 'abc'],
    ['HSCAN', 's', 'abc'], { cmd: ['HSCAN', 's', '-1'], expect: '-ERR invalid cursor\r\n', why: '7.4 parses cursors with string2ull, which rejects negative numbers (7.0 let strtoul wrap them)' }, ['HSCAN', 's', '0', 'COUNT', '0'], ['HSCAN', 's', '0', 'COUNT', 'x'],
    ['HSCAN', 's', '0', 'COUNT'], ['HSCAN', 's', '0', 'MATCH'], ['HSCAN', 's', '0', 'TYPE', 'hash'], ['HSCAN', 's', '0', 'FOO'],
    ['HSCAN', 's'], ['HSCAN', 's', '0', 'count', '-1'],
  ];
}

function randfield(enc: Enc): Step[] {
  const R = (cmd: Arg[]): Step => ({ cmd, norm: randShape });
  return [
    ...prelude(enc),
    ['HSET', 'r', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5'],
    R(['HRANDFIELD', 'r']), R(['HRANDFIELD', 'r', '1']), R(['HRANDFIELD', 'r', '3']), R(['HRANDFIELD', 'r', '-3']),
    R(['HRANDFIELD', 'r', '-20']), R(['HRANDFIELD', 'r', '3', 'WITHVALUES']), R(['HRANDFIELD', 'r', '-7', 'withvalues']),
    R(['HRANDFIELD', 'r', '4', 'WITHVALUES']), R(['HRANDFIELD', 'r', '1', 'WITHVALUES']), R(['HRANDFIELD', 'r', '-1', 'WITHVALUES']),
    { cmd: ['HRANDFIELD', 'r', '5'], norm: sortArray }, { cmd: ['HRANDFIELD', 'r', '100'], norm: sortArray },
    { cmd: ['HRANDFIELD', 'r', '5', 'WITHVALUES'], norm: [sortAllPairs, sortPairs] },
    ['HRANDFIELD', 'r', '0'], ['HRANDFIELD', 'r', '0', 'WITHVALUES'], ['HRANDFIELD', 'nokey'], ['HRANDFIELD', 'nokey', '5'],
    ['HRANDFIELD', 'nokey', '-5', 'WITHVALUES'], ['HRANDFIELD', 'nokey', '0'],
    ['HRANDFIELD', 'r', 'x'], ['HRANDFIELD', 'r', '1.5'], ['HRANDFIELD', 'r', '1', 'FOO'], ['HRANDFIELD', 'r', '1', 'WITHVALUES', 'x'],
    ['HRANDFIELD', 'r', '-9223372036854775808'], ['HRANDFIELD', 'r', '-9223372036854775807', 'WITHVALUES'],
    ['HRANDFIELD', 'r', '-9223372036854770000', 'WITHVALUES'], ['HRANDFIELD', 'r', '9223372036854775807', 'WITHVALUES'],
    { cmd: ['HRANDFIELD', 'r', '4611686018427387903', 'WITHVALUES'], norm: [sortAllPairs, sortPairs] },
    { cmd: ['HRANDFIELD', 'r', '9223372036854775807'], norm: sortArray }, ['HRANDFIELD', 'nokey', 'x'],
    ['HRANDFIELD', 'nokey', '-9223372036854775808'], ['HRANDFIELD'],
    ['HSET', 'one', 'only', 'v'], ['HRANDFIELD', 'one'], ['HRANDFIELD', 'one', '-3'], ['HRANDFIELD', 'one', '2', 'WITHVALUES'],
  ];
}

function bigHash(): Step[] {
  const args: string[] = [];
  for (let i = 0; i < 300; i++) args.push(`f${i}`, `value-${i}`);
  const R = (cmd: Arg[]): Step => ({ cmd, norm: randShape });
  return [
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '128'], ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
    ['HSET', 'big', ...args], ['OBJECT', 'ENCODING', 'big'], ['HLEN', 'big'],
    { cmd: ['HGETALL', 'big'], norm: sortPairs }, { cmd: ['HKEYS', 'big'], norm: sortArray },
    ['HGET', 'big', 'f299'], ['HMGET', 'big', 'f0', 'f150', 'nope'],
    R(['HRANDFIELD', 'big', '10']), R(['HRANDFIELD', 'big', '200', 'WITHVALUES']), R(['HRANDFIELD', 'big', '-500'])
    , { cmd: ['HRANDFIELD', 'big', '300'], norm: sortArray },
    ['HDEL', 'big', ...args.filter((_, i) => i % 4 === 0)], ['HLEN', 'big'], ['OBJECT', 'ENCODING', 'big'],
    { cmd: ['HSCAN', 'big', '0', 'COUNT', '5'], scanAll: true, cursorAt: 2 },
  ];
}

/** Generic key commands on hashes of both encodings. */
function keyOps(enc: Enc): Step[] {
  return [
    ...prelude(enc),
    ['HSET', 'h', 'a', '1', 'b', '2'], ['COPY', 'h', 'h2'], ord(enc, ['HGETALL', 'h2'], true), ['OBJECT', 'ENCODING', 'h2'],
    ['HSET', 'h2', 'c', '3'], ['HLEN', 'h'], ['HLEN', 'h2'], ['COPY', 'h', 'h2'], ['COPY', 'h', 'h2', 'REPLACE'], ['HLEN', 'h2'],
    ['RENAME', 'h', 'h3'], ['EXISTS', 'h'], ['HGET', 'h3', 'a'], ['MOVE', 'h3', '1'], ['EXISTS', 'h3'], ['SELECT', '1'],
    ['HGET', 'h3', 'b'], ['TYPE', 'h3'], ['DEL', 'h3'], ['SELECT', '0'], ['TYPE', 'h2'], ['EXPIRE', 'h2', '100'],
    { cmd: ['TTL', 'h2'], approx: 1 }, ['HSET', 'h2', 'd', '4'], { cmd: ['TTL', 'h2'], approx: 1 }, ['PERSIST', 'h2'],
    ord(enc, ['HGETALL', 'h2'], true), ['UNLINK', 'h2'], ['EXISTS', 'h2'],
    { cmd: ['MEMORY', 'USAGE', 'h2'] }, ['HSET', 'm', 'f', 'v'], { cmd: ['MEMORY', 'USAGE', 'm'], norm: intShape },
  ];
}

/**
 * A seeded random workload over a few hash keys, with thresholds low enough that keys cross between
 * encodings (and, through deletes, stay hashtables with few fields) many times.
 */
function randomWorkload(seed: number, steps: number): Step[] {
  const r = mulberry32(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: T[]): T => xs[int(xs.length)];
  const keys = ['h0', 'h1', 'h2', 'h3'];
  const field = () => (r() < 0.7 ? `f${int(12)}` : pick(['', '0', '-1', '10', 'long-field-name-xx', '007']));
  const value = () => pick(['', 'v', '1', '-5', '9223372036854775807', '1.5', 'abc', 'x'.repeat(12), '00', String(int(1000))]);
  const out: Step[] = [
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '6'], ['CONFIG', 'SET', 'hash-max-listpack-value', '10'],
  ];
  for (let i = 0; i < steps; i++) {
    const k = pick(keys);
    const x = r();
    if (x < 0.25) {
      const n = 1 + int(4);
      const args: string[] = [];
      for (let j = 0; j < n; j++) args.push(field(), value());
      out.push([pick(['HSET', 'HMSET']), k, ...args]);
    } else if (x < 0.35) out.push(['HDEL', k, field(), field()]);
    else if (x < 0.42) out.push(['HINCRBY', k, field(), pick(['1', '-3', '100', '9223372036854775807'])]);
    else if (x < 0.48) out.push(['HINCRBYFLOAT', k, field(), pick(['0.5', '-1.25', '1e3', '3'])]);
    else if (x < 0.52) out.push(['HSETNX', k, field(), value()]);
    else if (x < 0.62) out.push(['HGET', k, field()]);
    else if (x < 0.68) out.push(['HMGET', k, field(), field(), field()]);
    else if (x < 0.73) out.push(['HLEN', k]);
    else if (x < 0.77) out.push(['HSTRLEN', k, field()]);
    else if (x < 0.80) out.push(['HEXISTS', k, field()]);
    else if (x < 0.86) out.push({ cmd: ['HGETALL', k], norm: sortPairs });
    else if (x < 0.89) out.push({ cmd: ['HKEYS', k], norm: sortArray });
    else if (x < 0.91) out.push({ cmd: ['HVALS', k], norm: sortArray });
    else if (x < 0.94) out.push(['OBJECT', 'ENCODING', k]);
    else if (x < 0.96) out.push({ cmd: ['HSCAN', k, '0', 'COUNT', '3'], scanAll: true, cursorAt: 2 });
    else if (x < 0.98) out.push(['CONFIG', 'SET', 'hash-max-listpack-entries', pick(['2', '6', '16'])]);
    else out.push(['DEL', k]);
  }
  return out;
}

defineDiffSuite('compat: hashes', {
  'random workload': { steps: randomWorkload(Number(process.env.CINNABAR_SEED ?? 20240611), 600), resp: [2] },
  'basics (listpack)': basics('listpack'),
  'basics (hashtable)': basics('hashtable'),
  'counters (listpack)': counters('listpack'),
  'counters (hashtable)': counters('hashtable'),
  wrongtype,
  conversions: { steps: conversions, resp: [2] },
  order,
  'scan (listpack)': scans('listpack'),
  'scan (hashtable)': scans('hashtable'),
  'randfield (listpack)': randfield('listpack'),
  'randfield (hashtable)': randfield('hashtable'),
  'big hash': { steps: bigHash(), resp: [2] },
  'key commands (listpack)': keyOps('listpack'),
  'key commands (hashtable)': keyOps('hashtable'),
});

// ---- memory target ---------------------------------------------------------------------------------

describe('compat: hash memory', () => {
  const reason = redisMissingReason();
  let cin: TestServer, red: TestServer | null;
  beforeAll(async () => {
    cin = await startCinnabar();
    red = reason ? null : await startRedis();
  });
  afterAll(async () => { await cin?.stop(); await red?.stop(); });

  async function usage(port: number, enc: Enc, fields: number): Promise<number> {
    const c = await RawClient.connect(port);
    try {
      await c.call('CONFIG', 'SET', 'hash-max-listpack-entries', enc === 'listpack' ? '128' : '0');
      await c.call('DEL', 'mem');
      const args: string[] = [];
      for (let i = 0; i < fields; i++) args.push(`field:${i}`, `value:${i}`);
      await c.call('HSET', 'mem', ...args);
      const enc2 = (await c.callStr('OBJECT', 'ENCODING', 'mem'));
      expect(enc2).toBe(`$${enc.length}\r\n${enc}\r\n`);
      const r = await c.callStr('MEMORY', 'USAGE', 'mem');
      return Number(r.slice(1));
    } finally { c.close(); }
  }

  for (const enc of ['listpack', 'hashtable'] as const) {
    it.skipIf(!!reason)(`100 short fields (${enc}) cost no more than in Redis`, async () => {
      const ours = await usage(cin.port, enc, 100);
      const theirs = await usage(red!.port, enc, 100);
      expect(ours).toBeGreaterThan(0);
      expect(ours).toBeLessThanOrEqual(theirs);
    });
  }
});

// ---- Redis 7.4: hash field expiration, HSCAN NOVALUES ---------------------------------------------

const int = (n: number | string) => `:${n}\r\n`;
const arr = (...xs: Array<number | string>) => `*${xs.length}\r\n${xs.map(int).join('')}`;
const bulk = (s: string) => `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`;
const bulks = (...xs: string[]) => `*${xs.length}\r\n${xs.map(bulk).join('')}`;
const err = (s: string) => `-${s}\r\n`;

describe('compat: hash field expiration (Redis 7.4 reply bytes)', () => {
  let srv: TestServer;
  let c: RawClient;
  beforeAll(async () => {
    srv = await startCinnabar(['--enable-debug-command', 'yes']);
    c = await RawClient.connect(srv.port);
  });
  afterAll(async () => { c?.close(); await srv?.stop(); });

  const q = (...args: Arg[]) => c.callStr(...args);

  for (const enc of ['listpackex', 'hashtable'] as const) {
    describe(enc, () => {
      beforeAll(async () => {
        await q('FLUSHALL');
        await q('CONFIG', 'SET', 'hash-max-listpack-entries', enc === 'hashtable' ? '0' : '128');
      });

      it('missing keys reply -2 per field; argument errors', async () => {
        await q('DEL', 'h');
        expect(await q('HEXPIRE', 'h', '100', 'FIELDS', '2', 'a', 'b')).toBe(arr(-2, -2));
        expect(await q('HPEXPIREAT', 'h', FAR_MS, 'NX', 'FIELDS', '1', 'a')).toBe(arr(-2));
        expect(await q('HTTL', 'h', 'FIELDS', '1', 'a')).toBe(arr(-2));
        expect(await q('HPEXPIRETIME', 'h', 'FIELDS', '2', 'a', 'b')).toBe(arr(-2, -2));
        expect(await q('HPERSIST', 'h', 'FIELDS', '1', 'a')).toBe(arr(-2));
        await q('HSET', 'h', 'f1', 'v1');
        expect(await q('HEXPIRE', 'h', '-1', 'FIELDS', '1', 'f1')).toBe(err('ERR invalid expire time, must be >= 0'));
        expect(await q('HEXPIRE', 'h', 'abc', 'FIELDS', '1', 'f1')).toBe(err('ERR value is not an integer or out of range'));
        expect(await q('HEXPIRE', 'h', String(Math.floor(2 ** 48 / 1000)), 'FIELDS', '1', 'f1')).toBe(err("ERR invalid expire time in 'hexpire' command"));
        expect(await q('HPEXPIRE', 'h', String(2 ** 48), 'FIELDS', '1', 'f1')).toBe(err("ERR invalid expire time in 'hpexpire' command"));
        expect(await q('HPEXPIREAT', 'h', String(2 ** 46), 'FIELDS', '1', 'f1')).toBe(err("ERR invalid expire time in 'hpexpireat' command"));
        expect(await q('HEXPIREAT', 'h', String(Math.floor(2 ** 46 / 1000) + 1), 'FIELDS', '1', 'f1')).toBe(err("ERR invalid expire time in 'hexpireat' command"));
        expect(await q('HPEXPIREAT', 'h', String(2 ** 46 - 1), 'FIELDS', '1', 'f1')).toBe(arr(1));
        expect(await q('HPEXPIRE', 'h', '100', 'FIELDS', '0', 'f1')).toBe(err('ERR Parameter `numFields` should be greater than 0'));
        expect(await q('HPEXPIRE', 'h', '100', 'FIELDS', 'x', 'f1')).toBe(err('ERR Parameter `numFields` should be greater than 0'));
        expect(await q('HPEXPIRE', 'h', '100', 'FIELDS', '2', 'f1')).toBe(err('ERR The `numfields` parameter must match the number of arguments'));
        expect(await q('HPEXPIRE', 'h', '100', 'NX', 'FIELDS', '1', 'f1', 'f2')).toBe(err('ERR The `numfields` parameter must match the number of arguments'));
        expect(await q('HPEXPIRE', 'h', '100', 'XY', 'FIELDS', '1', 'f1')).toBe(err('ERR Mandatory argument FIELDS is missing or not at the right position'));
        expect(await q('HPEXPIRE', 'h', '100', 'FIELD', '1', 'f1')).toBe(err('ERR Mandatory argument FIELDS is missing or not at the right position'));
        expect(await q('HPEXPIRE', 'h', '100', 'FIELDS', '1')).toBe(err("ERR wrong number of arguments for 'hpexpire' command"));
        expect(await q('HTTL', 'h', 'FIELDS', '0', 'f1')).toBe(err('ERR Number of fields must be a positive integer'));
        expect(await q('HTTL', 'h', 'FIELDS', '2', 'f1')).toBe(err('ERR The `numfields` parameter must match the number of arguments'));
        expect(await q('HTTL', 'h', 'FELDS', '1', 'f1')).toBe(err('ERR Mandatory argument FIELDS is missing or not at the right position'));
        expect(await q('HPERSIST', 'h', 'FIELDS', '1')).toBe(err("ERR wrong number of arguments for 'hpersist' command"));
        expect(await q('HPERSIST', 'h', 'FIELDS', '-1', 'f1')).toBe(err('ERR Number of fields must be a positive integer'));
        await q('SET', 's', 'v');
        const WT = err('WRONGTYPE Operation against a key holding the wrong kind of value');
        expect(await q('HEXPIRE', 's', '100', 'FIELDS', '1', 'f')).toBe(WT);
        expect(await q('HEXPIRE', 's', '-1', 'FIELDS', '9', 'f')).toBe(WT);
        expect(await q('HTTL', 's', 'FIELDS', '1', 'f')).toBe(WT);
        expect(await q('HPERSIST', 's', 'FIELDS', '1', 'f')).toBe(WT);
      });

      it('NX XX GT LT conditions, past times delete, TTL queries', async () => {
        await q('DEL', 'h');
        await q('HSET', 'h', 'f1', 'v1', 'f2', 'v2', 'f3', 'v3');
        expect(await q('HPEXPIREAT', 'h', FAR_MS, 'NX', 'FIELDS', '2', 'f1', 'nope')).toBe(arr(1, -2));
        expect(await q('OBJECT', 'ENCODING', 'h')).toBe(bulk(enc));
        expect(await q('HPEXPIREAT', 'h', FAR_MS, 'NX', 'FIELDS', '2', 'f1', 'f2')).toBe(arr(0, 1));
        expect(await q('HPEXPIREAT', 'h', String(Number(FAR_MS) + 1000), 'XX', 'FIELDS', '2', 'f1', 'f3')).toBe(arr(1, 0));
        expect(await q('HPEXPIREAT', 'h', FAR_MS, 'GT', 'FIELDS', '3', 'f1', 'f2', 'f3')).toBe(arr(0, 0, 0));
        expect(await q('HPEXPIREAT', 'h', String(Number(FAR_MS) + 5000), 'GT', 'FIELDS', '2', 'f1', 'f2')).toBe(arr(1, 1));
        expect(await q('HPEXPIREAT', 'h', String(Number(FAR_MS) + 5000), 'LT', 'FIELDS', '2', 'f1', 'f3')).toBe(arr(0, 1));
        expect(await q('HPEXPIREAT', 'h', FAR_MS, 'LT', 'FIELDS', '3', 'f1', 'f2', 'f3')).toBe(arr(1, 1, 1));
        expect(await q('HPEXPIRETIME', 'h', 'FIELDS', '4', 'f1', 'f2', 'f3', 'nope')).toBe(arr(FAR_MS, FAR_MS, FAR_MS, -2));
        expect(await q('HEXPIRETIME', 'h', 'FIELDS', '1', 'f1')).toBe(arr(FAR));
        await q('HPEXPIREAT', 'h', String(Number(FAR_MS) + 1), 'FIELDS', '1', 'f2');
        // seconds round up
        expect(await q('HEXPIRETIME', 'h', 'FIELDS', '1', 'f2')).toBe(arr(Number(FAR) + 1));
        expect(await q('HEXPIREAT', 'h', FAR, 'FIELDS', '1', 'f2')).toBe(arr(1));
        expect(await q('HPERSIST', 'h', 'FIELDS', '3', 'f1', 'nope', 'f1')).toBe(arr(1, -2, -1));
        expect(await q('HTTL', 'h', 'FIELDS', '1', 'f1')).toBe(arr(-1));
        // past times delete (2), and the key goes with its last field
        expect(await q('HPEXPIREAT', 'h', '1', 'NX', 'FIELDS', '3', 'f1', 'f2', 'nope')).toBe(arr(2, 0, -2));
        expect(await q('HEXISTS', 'h', 'f1')).toBe(int(0));
        expect(await q('HEXPIRE', 'h', '0', 'FIELDS', '2', 'f2', 'f3')).toBe(arr(2, 2));
        expect(await q('EXISTS', 'h')).toBe(int(0));
        // relative forms
        await q('HSET', 'h', 'a', '1', 'b', '2');
        expect(await q('HEXPIRE', 'h', '100', 'FIELDS', '1', 'a')).toBe(arr(1));
        expect(await q('HPEXPIRE', 'h', '100000', 'FIELDS', '1', 'b')).toBe(arr(1));
        const ttl = (await q('HTTL', 'h', 'FIELDS', '2', 'a', 'b')).split('\r\n');
        expect(ttl[0]).toBe('*2');
        expect(Number(ttl[1].slice(1))).toBeGreaterThanOrEqual(99);
        expect(Number(ttl[1].slice(1))).toBeLessThanOrEqual(100);
        const pttl = (await q('HPTTL', 'h', 'FIELDS', '1', 'b')).split('\r\n');
        expect(Number(pttl[1].slice(1))).toBeGreaterThan(99000);
        expect(Number(pttl[1].slice(1))).toBeLessThanOrEqual(100000);
      });

      it('HSET drops a TTL, HINCRBY/HINCRBYFLOAT keep it', async () => {
        await q('DEL', 'h');
        await q('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
        await q('HPEXPIREAT', 'h', FAR_MS, 'FIELDS', '3', 'a', 'b', 'c');
        expect(await q('HSET', 'h', 'a', '10')).toBe(int(0));
        expect(await q('HINCRBY', 'h', 'b', '5')).toBe(int(7));
        expect(await q('HINCRBYFLOAT', 'h', 'c', '0.5')).toBe(bulk('3.5'));
        expect(await q('HPEXPIRETIME', 'h', 'FIELDS', '3', 'a', 'b', 'c')).toBe(arr(-1, FAR_MS, FAR_MS));
        expect(await q('HSETNX', 'h', 'b', 'x')).toBe(int(0));
        expect(await q('HPEXPIRETIME', 'h', 'FIELDS', '1', 'b')).toBe(arr(FAR_MS));
        // listpackex: the field whose TTL was dropped moved behind those that have one
        // (equal TTLs: a field whose TTL is set goes before the others with the same TTL, as in Redis)
        if (enc === 'listpackex') expect(await q('HGETALL', 'h')).toBe(bulks('c', '3.5', 'b', '7', 'a', '10'));
        else expect(await q('HMGET', 'h', 'a', 'b', 'c')).toBe(bulks('10', '7', '3.5'));
      });

      it('lazy expiry: reads delete expired fields, HLEN counts them, HGETALL skips them', async () => {
        await q('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
        try {
          await q('DEL', 'h');
          await q('HSET', 'h', 'f1', 'v1', 'f2', 'v2', 'f3', 'v3', 'keep', 'k');
          expect(await q('HPEXPIRE', 'h', '1', 'FIELDS', '3', 'f1', 'f2', 'f3')).toBe(arr(1, 1, 1));
          await new Promise((r) => setTimeout(r, 20));
          expect(await q('HLEN', 'h')).toBe(int(4));
          expect(await q('HGETALL', 'h')).toBe(bulks('keep', 'k'));
          expect(await q('HKEYS', 'h')).toBe(bulks('keep'));
          expect(await q('HSCAN', 'h', '0')).toBe('*2\r\n' + bulk('0') + bulks('keep', 'k'));
          expect(await q('HTTL', 'h', 'FIELDS', '2', 'f1', 'keep')).toBe(arr(-2, -1));
          expect(await q('HPERSIST', 'h', 'FIELDS', '1', 'f1')).toBe(arr(-2));
          expect(await q('HLEN', 'h')).toBe(int(4));
          expect(await q('HGET', 'h', 'f1')).toBe('$-1\r\n');
          expect(await q('HLEN', 'h')).toBe(int(3));
          expect(await q('HEXISTS', 'h', 'f2')).toBe(int(0));
          expect(await q('HMGET', 'h', 'f3', 'keep')).toBe('*2\r\n$-1\r\n' + bulk('k'));
          expect(await q('HLEN', 'h')).toBe(int(1));
          expect(await q('HINCRBY', 'h', 'gone', '1')).toBe(int(1));
          // the last field expiring takes the key with it
          await q('DEL', 'h2');
          await q('HSET', 'h2', 'x', '1');
          await q('HPEXPIRE', 'h2', '1', 'FIELDS', '1', 'x');
          await new Promise((r) => setTimeout(r, 20));
          expect(await q('EXISTS', 'h2')).toBe(int(1));
          expect(await q('HSTRLEN', 'h2', 'x')).toBe(int(0));
          expect(await q('EXISTS', 'h2')).toBe(int(0));
          await q('HSET', 'h3', 'x', '1', 'y', '2');
          await q('HPEXPIRE', 'h3', '1', 'FIELDS', '2', 'x', 'y');
          await new Promise((r) => setTimeout(r, 20));
          expect(await q('HRANDFIELD', 'h3', '5')).toBe('*0\r\n');
          expect(await q('EXISTS', 'h3')).toBe(int(0));
          await q('HSET', 'h4', 'x', '1', 'y', '2');
          await q('HPEXPIRE', 'h4', '1', 'FIELDS', '1', 'x');
          await new Promise((r) => setTimeout(r, 20));
          expect(await q('HRANDFIELD', 'h4', '-3')).toBe(bulks('y', 'y', 'y'));
          expect(await q('HINCRBYFLOAT', 'h2', 'x', '1.5')).toBe(bulk('1.5'));
        } finally {
          await q('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
        }
      });

      it('active expiry deletes fields and then the key', async () => {
        await q('DEL', 'h');
        const args: string[] = [];
        for (let i = 0; i < 40; i++) args.push(`f${i}`, `v${i}`);
        await q('HSET', 'h', ...args, 'stay', 's');
        await q('HPEXPIRE', 'h', '30', 'FIELDS', '40', ...args.filter((_, i) => i % 2 === 0));
        await q('HSET', 'gone', 'a', '1');
        await q('HPEXPIRE', 'gone', '30', 'FIELDS', '1', 'a');
        let len = '';
        for (let i = 0; i < 50; i++) {
          await new Promise((r) => setTimeout(r, 20));
          len = await q('HLEN', 'h');
          if (len === int(1) && (await q('EXISTS', 'gone')) === int(0)) break;
        }
        expect(len).toBe(int(1));
        expect(await q('EXISTS', 'gone')).toBe(int(0));
        expect(await q('HGETALL', 'h')).toBe(bulks('stay', 's'));
      });

      it('RENAME, MOVE, COPY and SWAPDB keep field TTLs and expiry working', async () => {
        await q('FLUSHALL');
        await q('HSET', 'h', 'a', '1', 'b', '2');
        await q('HPEXPIREAT', 'h', FAR_MS, 'FIELDS', '1', 'a');
        await q('HPEXPIRE', 'h', '50', 'FIELDS', '1', 'b');
        expect(await q('COPY', 'h', 'hc')).toBe(int(1));
        expect(await q('RENAME', 'h', 'hr')).toBe('+OK\r\n');
        expect(await q('MOVE', 'hr', '3')).toBe(int(1));
        expect(await q('HPEXPIRETIME', 'hc', 'FIELDS', '1', 'a')).toBe(arr(FAR_MS));
        await q('SWAPDB', '0', '5');
        await new Promise((r) => setTimeout(r, 400));
        expect(await q('SELECT', '5')).toBe('+OK\r\n');
        expect(await q('HGETALL', 'hc')).toBe(bulks('a', '1'));
        expect(await q('SELECT', '3')).toBe('+OK\r\n');
        expect(await q('HGETALL', 'hr')).toBe(bulks('a', '1'));
        expect(await q('HLEN', 'hr')).toBe(int(1));
        expect(await q('SELECT', '0')).toBe('+OK\r\n');
      });

      it('HSCAN NOVALUES (7.4)', async () => {
        await q('DEL', 'h');
        await q('HSET', 'h', 'a', '1', 'b', '2');
        const r = await q('HSCAN', 'h', '0', 'NOVALUES');
        if (enc === 'listpackex') expect(r).toBe('*2\r\n' + bulk('0') + bulks('a', 'b'));
        else expect(r).toMatch(/^\*2\r\n\$1\r\n0\r\n\*2\r\n\$1\r\n[ab]\r\n\$1\r\n[ab]\r\n$/);
        expect(await q('SCAN', '0', 'NOVALUES')).toBe(err('ERR NOVALUES option can only be used in HSCAN'));
      });
    });
  }

  it('listpackex: triplets stay ordered by TTL and convert to a hashtable with their TTLs', async () => {
    await q('FLUSHALL');
    await q('CONFIG', 'SET', 'hash-max-listpack-entries', '4');
    await q('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    await q('HPEXPIREAT', 'h', String(Number(FAR_MS) + 2), 'FIELDS', '1', 'c');
    await q('HPEXPIREAT', 'h', String(Number(FAR_MS) + 1), 'FIELDS', '1', 'b');
    expect(await q('HGETALL', 'h')).toBe(bulks('b', '2', 'c', '3', 'a', '1'));
    expect(await q('HPERSIST', 'h', 'FIELDS', '1', 'b')).toBe(arr(1));
    expect(await q('HGETALL', 'h')).toBe(bulks('c', '3', 'a', '1', 'b', '2'));
    await q('HSET', 'h', 'd', '4', 'e', '5');
    expect(await q('OBJECT', 'ENCODING', 'h')).toBe(bulk('hashtable'));
    expect(await q('HPEXPIRETIME', 'h', 'FIELDS', '3', 'a', 'c', 'e')).toBe(arr(-1, Number(FAR_MS) + 2, -1));
    await q('CONFIG', 'SET', 'hash-max-listpack-entries', '128');
    // a TTL command on a listpack hash converts it even when no field matches
    await q('HSET', 'p', 'x', '1');
    expect(await q('OBJECT', 'ENCODING', 'p')).toBe(bulk('listpack'));
    expect(await q('HPERSIST', 'p', 'FIELDS', '1', 'x')).toBe(arr(-1));
    expect(await q('OBJECT', 'ENCODING', 'p')).toBe(bulk('listpack'));
    expect(await q('HEXPIRE', 'p', '100', 'FIELDS', '1', 'nope')).toBe(arr(-2));
    expect(await q('OBJECT', 'ENCODING', 'p')).toBe(bulk('listpackex'));
  });
});
