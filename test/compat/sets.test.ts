// Differential: set commands against a real redis-server, byte for byte, in RESP2 and RESP3.
// SADD SCARD SDIFF SDIFFSTORE SINTER SINTERCARD SINTERSTORE SISMEMBER SMEMBERS SMISMEMBER SMOVE SPOP
// SRANDMEMBER SREM SSCAN SUNION SUNIONSTORE, plus the generic commands on set values (TYPE OBJECT
// COPY RENAME MOVE DEL EXPIRE) and the encoding thresholds on both sides.
//
// Normalisations and 7.4 expectations:
// - Member order is unspecified for listpack and hashtable sets (Redis iterates its own hash order;
//   Cinnabar's hash function differs, and a listpack keeps insertion order), so replies that list
//   such members are compared sorted (sortArray). Intsets are sorted in both, and those replies are
//   compared exactly.
// - Random picks (SPOP / SRANDMEMBER on sets larger than the pick) are compared by shape (reply
//   type and element count, lenShape), and the scripts then only look at what is deterministic
//   (SCARD, or the remaining members when the whole set was taken). test/protocol/sets.test.ts
//   checks the random semantics themselves (distinct members, repeats, distribution).
// - The reference binary is Redis 7.0, which has no listpack encoding for sets (7.2 added it):
//   small sets of strings are "hashtable" there. OBJECT ENCODING steps where 7.4 answers
//   "listpack" carry `expect` with the 7.4 bytes, and so do CONFIG SET/GET of the
//   set-max-listpack-* parameters (unknown to 7.0). SSCAN of such a set returns everything with
//   cursor 0 in 7.4 (compact encodings are not scanned incrementally): those single steps carry
//   scanStep, and full iterations use scanAll. With CINNABAR_REDIS_74=1 and REDIS_SERVER_BIN
//   pointing at a Redis 7.4 build, those steps are compared with it instead.
import { defineDiffSuite, type Step, type Norm } from '../helpers/diff.ts';
import { sortArray, scanStep, intShape } from '../helpers/norm.ts';
import { parse } from '../helpers/resp.ts';

// CINNABAR_REDIS_74=1 says the reference binary (REDIS_SERVER_BIN) is a Redis 7.4 built from
// source: the steps that carry 7.4 expectations are then compared with it directly.
const REF74 = process.env.CINNABAR_REDIS_74 === '1';
/** A step whose 7.4 reply is `bytes` where the 7.0 reference differs. */
const v74 = (cmd: string[], bytes: string, why: string): Step => (REF74 ? cmd : { cmd, expect: bytes, why });

const bulk = (s: string) => `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`;
const WHY_LP = 'Redis 7.2+ keeps small sets of strings in a listpack (7.0: hashtable)';
const lp = (key: string): Step => v74(['OBJECT', 'ENCODING', key], bulk('listpack'), WHY_LP);
const enc = (key: string): Step => ['OBJECT', 'ENCODING', key];
const WHY_CFG = 'set-max-listpack-* exist since Redis 7.2';
const cfgSet = (name: string, v: string): Step => v74(['CONFIG', 'SET', name, v], '+OK\r\n', WHY_CFG);
const sorted = (...cmd: string[]): Step => ({ cmd, norm: sortArray });

/** Only the reply type and the number of elements (random picks). */
const lenShape: Norm = (b) => {
  const n = parse(b);
  if (n.items) return Buffer.from(`${n.t}${n.items.length} <random members>\r\n`);
  if (n.t === '$' && n.data) return Buffer.from('$<random member>\r\n');
  return b;
};
const random = (...cmd: string[]): Step => ({ cmd, norm: lenShape });

const ints = (from: number, n: number, step = 1) => Array.from({ length: n }, (_, i) => String(from + i * step));
const strs = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const LONG = 'L'.repeat(65);

const intsetBasics: Step[] = [
  ['SADD', 'i', '3', '1', '2'], ['SADD', 'i', '2'], ['SADD', 'i', '2', '2', '4', '4'], ['SCARD', 'i'], enc('i'),
  ['SMEMBERS', 'i'], ['SISMEMBER', 'i', '1'], ['SISMEMBER', 'i', '5'], ['SISMEMBER', 'i', 'a'], ['SISMEMBER', 'i', '01'],
  ['SMISMEMBER', 'i', '1', '5', 'a', '2', '01', '-0'], ['SREM', 'i', '1', '9', 'x', '01'], ['SMEMBERS', 'i'],
  // the encoding widens from 16 to 32 to 64 bits; members stay sorted
  ['SADD', 'i', '-5', '70000', '-70000'], ['SMEMBERS', 'i'], ['SADD', 'i', '9223372036854775807', '-9223372036854775808'],
  ['SMEMBERS', 'i'], enc('i'), ['SISMEMBER', 'i', '9223372036854775807'], ['SISMEMBER', 'i', '-9223372036854775808'],
  ['SISMEMBER', 'i', '9223372036854775808'], ['SREM', 'i', '-9223372036854775808', '70000'], ['SMEMBERS', 'i'], ['SCARD', 'i'],
  ['SADD', 'z', '0'], ['SADD', 'z', '-0'], lp('z'), sorted('SMEMBERS', 'z'), ['SISMEMBER', 'z', '0'], ['SISMEMBER', 'z', '-0'],
  ['SREM', 'i', '2', '3', '4', '-5', '70000', '-70000', '9223372036854775807'], ['EXISTS', 'i'], ['SCARD', 'i'],
  ['SADD', 'n', '-1'], enc('n'), ['SREM', 'n', '-1'], ['EXISTS', 'n'], ['TYPE', 'n'],
];

const stringBasics: Step[] = [
  ['SADD', 's', 'foo', 'bar', 'baz'], ['SADD', 's', 'foo'], ['SCARD', 's'], lp('s'), sorted('SMEMBERS', 's'),
  ['SISMEMBER', 's', 'foo'], ['SISMEMBER', 's', 'nope'], ['SMISMEMBER', 's', 'foo', 'nope', 'baz'],
  ['SREM', 's', 'foo', 'nope'], sorted('SMEMBERS', 's'), ['SADD', 's', '1', '2', 'x'], sorted('SMEMBERS', 's'), lp('s'),
  ['SISMEMBER', 's', '1'], ['SISMEMBER', 's', '01'], ['SREM', 's', '1'], ['SISMEMBER', 's', '1'],
  // binary-safe members, the empty member, CRLF inside
  ['SADD', 'b', '', 'a\r\nb', '\x00\x01', 'ÿ'], ['SCARD', 'b'], ['SISMEMBER', 'b', ''], ['SISMEMBER', 'b', 'a\r\nb'],
  ['SISMEMBER', 'b', '\x00\x01'], sorted('SMEMBERS', 'b'), ['SREM', 'b', ''], ['SCARD', 'b'],
  // numbers that are not integers to Redis stay strings
  ['SADD', 'q', '1.0', '+1', ' 1', '1 ', '00', '-', '18446744073709551616'], ['SCARD', 'q'], sorted('SMEMBERS', 'q'),
  ['SISMEMBER', 'q', '1'], ['SISMEMBER', 'q', '+1'],
  // a hashtable of strings: more members than a listpack holds
  ['SADD', 'h', ...strs('m', 200)], enc('h'), ['SCARD', 'h'], ['SISMEMBER', 'h', 'm150'], ['SISMEMBER', 'h', 'm200'],
  ['SMISMEMBER', 'h', 'm0', 'm199', 'zz'], ['SREM', 'h', ...strs('m', 150)], ['SCARD', 'h'], enc('h'), sorted('SMEMBERS', 'h'),
  ['SREM', 'h', ...strs('m', 200)], ['EXISTS', 'h'],
  ['SMEMBERS', 'nokey'], ['SCARD', 'nokey'], ['SISMEMBER', 'nokey', 'a'], ['SMISMEMBER', 'nokey', 'a', 'b'], ['SREM', 'nokey', 'a'],
];

const conversions: Step[] = [
  // intset -> listpack (small) / hashtable (large) when a non-integer arrives
  ['SADD', 'a', '1', '2', '3'], enc('a'), ['SADD', 'a', 'x'], lp('a'), sorted('SMEMBERS', 'a'), ['SREM', 'a', 'x'], lp('a'),
  ['SADD', 'b', ...ints(0, 130)], enc('b'), ['SADD', 'b', 'x'], enc('b'), ['SCARD', 'b'],
  ['SADD', 'c', ...ints(0, 127)], enc('c'), ['SADD', 'c', 'x'], lp('c'), ['SADD', 'c', 'y'], enc('c'), ['SCARD', 'c'],
  // intset -> hashtable past set-max-intset-entries, by single adds and by one big SADD
  ['SADD', 'd', ...ints(0, 512)], enc('d'), ['SADD', 'd', '511'], enc('d'), ['SADD', 'd', '512'], enc('d'), ['SCARD', 'd'],
  ['SADD', 'e', '1'], ['SADD', 'e', ...ints(0, 513)], enc('e'), ['SCARD', 'e'],
  ['SADD', 'f', ...ints(0, 513)], enc('f'),
  // listpack -> hashtable by count (128) and by member length (64)
  ['SADD', 'g', 'a', ...ints(0, 127)], lp('g'), ['SCARD', 'g'], ['SADD', 'g', 'b'], enc('g'), ['SCARD', 'g'],
  ['SADD', 'l', 'x'.repeat(64)], lp('l'), ['SADD', 'l', LONG], enc('l'), sorted('SMEMBERS', 'l'),
  ['SADD', 'l2', LONG], enc('l2'), ['SADD', 'l3', '1', LONG], enc('l3'),
  // an integer too wide for an intset starts a listpack; very long digit strings too
  ['SADD', 'w', '213244124402402314402033402'], lp('w'), ['SISMEMBER', 'w', '213244124402402314402033402'],
  // a big SADD on an existing small set converts first (size hint)
  ['SADD', 'x', 'a'], ['SADD', 'x', 'a', ...strs('k', 129)], enc('x'),
  ['SADD', 'y', '1'], ['SADD', 'y', '1', ...ints(2, 512)], enc('y'), ['SCARD', 'y'],
  // shrinking never converts back
  ['SREM', 'g', 'a', 'b', ...ints(0, 120)], enc('g'), ['SCARD', 'g'],
  // thresholds changed at run time
  ['CONFIG', 'SET', 'set-max-intset-entries', '4'], ['CONFIG', 'GET', 'set-max-intset-entries'],
  ['SADD', 't', '1', '2', '3', '4'], enc('t'), ['SADD', 't', '5'], enc('t'),
  ['SADD', 't2', '1', '2', '3', '4', '5'], lp('t2'),
  cfgSet('set-max-listpack-entries', '3'),
  ['SADD', 'u', 'a', 'b', 'c'], lp('u'), ['SADD', 'u', 'd'], enc('u'),
  ['SADD', 'v', '1', '2'], enc('v'), ['SADD', 'v', 'a'], lp('v'), ['SADD', 'v', 'b'], enc('v'),
  cfgSet('set-max-listpack-value', '3'), ['SADD', 'k', 'abc'], lp('k'), ['SADD', 'k', 'abcd'], enc('k'),
  ['SADD', 'k2', '1'], ['SADD', 'k2', 'abcd'], enc('k2'),
  // an intset whose members print longer than set-max-listpack-value goes straight to a hashtable
  ['CONFIG', 'SET', 'set-max-intset-entries', '512'], ['SADD', 'k3', '123456'], enc('k3'), ['SADD', 'k3', 'ab'], enc('k3'),
  cfgSet('set-max-listpack-entries', '0'), ['SADD', 'zero', 'a'], enc('zero'), ['SADD', 'zero2', '1'], enc('zero2'),
  cfgSet('set-max-listpack-entries', '128'), cfgSet('set-max-listpack-value', '64'),
];

const errors: Step[] = [
  ['SET', 'str', 'x'], ['SADD', 'ok', 'a'],
  ['SADD', 'str', 'a'], ['SREM', 'str', 'a'], ['SCARD', 'str'], ['SMEMBERS', 'str'], ['SISMEMBER', 'str', 'a'],
  ['SMISMEMBER', 'str', 'a'], ['SMOVE', 'str', 'ok', 'a'], ['SMOVE', 'ok', 'str', 'a'], ['SMOVE', 'nokey', 'str', 'a'],
  ['SMOVE', 'str', 'nokey', 'a'], ['SPOP', 'str'], ['SPOP', 'str', '2'], ['SRANDMEMBER', 'str'], ['SRANDMEMBER', 'str', '2'],
  ['SINTER', 'str'], ['SINTER', 'nokey', 'str'], ['SINTER', 'ok', 'str'], ['SUNION', 'str', 'ok'], ['SDIFF', 'ok', 'str'],
  ['SDIFF', 'nokey', 'str'], ['SINTERCARD', '1', 'str'], ['SINTERCARD', '2', 'nokey', 'str'], ['SSCAN', 'str', '0'],
  ['SINTERSTORE', 'd', 'ok', 'str'], ['SUNIONSTORE', 'd', 'str'], ['SDIFFSTORE', 'd', 'ok', 'str'], ['EXISTS', 'd'],
  ['SADD', 'd', 'keep'], ['SUNIONSTORE', 'd', 'ok', 'str'], ['SMEMBERS', 'd'],
  // arity
  ['SADD', 'k'], ['SREM', 'k'], ['SCARD'], ['SCARD', 'a', 'b'], ['SMEMBERS'], ['SMEMBERS', 'a', 'b'], ['SISMEMBER', 'k'],
  ['SISMEMBER', 'k', 'a', 'b'], ['SMISMEMBER', 'k'], ['SMOVE', 'a', 'b'], ['SMOVE', 'a', 'b', 'c', 'd'], ['SPOP'],
  ['SRANDMEMBER'], ['SINTER'], ['SUNION'], ['SDIFF'], ['SINTERSTORE', 'd'], ['SUNIONSTORE', 'd'], ['SDIFFSTORE', 'd'],
  ['SINTERCARD'], ['SINTERCARD', '1'], ['SSCAN', 'k'],
  // SPOP / SRANDMEMBER counts
  ['SPOP', 'ok', '1', '2'], ['SPOP', 'nokey', '1', '2'], ['SPOP', 'ok', '-1'], ['SPOP', 'ok', 'x'], ['SPOP', 'ok', '1.5'],
  ['SPOP', 'ok', '9223372036854775808'], ['SPOP', 'nokey', '-1'], ['SPOP', 'str', '-1'], ['SPOP', 'ok', '0'], ['SPOP', 'nokey', '0'],
  ['SRANDMEMBER', 'ok', '1', '2'], ['SRANDMEMBER', 'ok', 'x'], ['SRANDMEMBER', 'ok', '-9223372036854775808'],
  ['SRANDMEMBER', 'ok', '9223372036854775808'], ['SRANDMEMBER', 'nokey', 'x'], ['SRANDMEMBER', 'str', 'x'],
  ['SRANDMEMBER', 'ok', '0'], ['SRANDMEMBER', 'nokey', '0'], ['SRANDMEMBER', 'nokey', '-5'],
  // SINTERCARD arguments
  ['SINTERCARD', '0', 'ok'], ['SINTERCARD', 'a', 'ok'], ['SINTERCARD', '-1', 'ok'], ['SINTERCARD', '2', 'ok'],
  ['SINTERCARD', '3', 'ok', 'ok'], ['SINTERCARD', '1', 'ok', 'ok'], ['SINTERCARD', '1', 'ok', 'LIMIT'],
  ['SINTERCARD', '1', 'ok', 'LIMIT', '-1'], ['SINTERCARD', '1', 'ok', 'LIMIT', 'a'], ['SINTERCARD', '1', 'ok', 'limit', '1', 'x'],
  ['SINTERCARD', '1', 'ok', 'LIMIT', '1', 'LIMIT', '0'], ['SINTERCARD', '9223372036854775808', 'ok'],
  ['SINTERCARD', '1', 'str', 'LIMIT', '-1'], ['SINTERCARD', '2', 'str', 'LIMIT'],
  // SSCAN arguments
  ['SSCAN', 'ok', 'x'],
  v74(['SSCAN', 'ok', '-1'], '-ERR invalid cursor\r\n', 'Redis 7.4 parses cursors with string2ull (7.0: strtoul wraps -1)'), ['SSCAN', 'ok', '0', 'COUNT', '0'], ['SSCAN', 'ok', '0', 'COUNT', 'x'],
  ['SSCAN', 'ok', '0', 'COUNT'], ['SSCAN', 'ok', '0', 'MATCH'], ['SSCAN', 'ok', '0', 'TYPE', 'set'],
  v74(['SSCAN', 'ok', '0', 'NOVALUES'], '-ERR NOVALUES option can only be used in HSCAN\r\n', 'HSCAN NOVALUES is new in Redis 7.4'),
  ['SSCAN', 'ok', '0', 'foo'], ['SSCAN', 'nokey', '0', 'foo'], ['SSCAN', 'nokey', 'x'], ['SSCAN', 'str', '0', 'foo'],
  ['SSCAN', 'ok', '0', 'COUNT', '-1'],
];

const popRandom: Step[] = [
  // deterministic cases: one member, or the whole set
  ['SADD', 'one', 'x'], ['SRANDMEMBER', 'one'], ['SRANDMEMBER', 'one', '1'], ['SRANDMEMBER', 'one', '5'],
  ['SRANDMEMBER', 'one', '-3'], ['SPOP', 'one'], ['EXISTS', 'one'], ['SPOP', 'one'], ['SRANDMEMBER', 'one'],
  ['SADD', 'one', '7'], ['SRANDMEMBER', 'one', '-2'], ['SPOP', 'one', '1'], ['EXISTS', 'one'],
  ['SADD', 'i', ...ints(1, 20)], ['SRANDMEMBER', 'i', '20'], ['SRANDMEMBER', 'i', '100'], ['SPOP', 'i', '20'], ['EXISTS', 'i'],
  ['SADD', 'i', ...ints(1, 20)], ['SPOP', 'i', '30'], ['EXISTS', 'i'],
  ['SADD', 's', ...strs('s', 10)], sorted('SRANDMEMBER', 's', '10'), sorted('SPOP', 's', '100'), ['EXISTS', 's'],
  ['SADD', 'h', ...strs('h', 300)], sorted('SRANDMEMBER', 'h', '300'), sorted('SPOP', 'h', '300'), ['EXISTS', 'h'],
  // random picks: shape only, then what stays deterministic
  ['SADD', 'i', ...ints(1, 20)], random('SPOP', 'i'), ['SCARD', 'i'], random('SPOP', 'i', '2'), ['SCARD', 'i'],
  random('SPOP', 'i', '15'), ['SCARD', 'i'], enc('i'), random('SRANDMEMBER', 'i'), random('SRANDMEMBER', 'i', '2'),
  random('SRANDMEMBER', 'i', '-10'), random('SPOP', 'i', '1'), ['SCARD', 'i'], ['DEL', 'i'],
  ['SADD', 's', ...strs('s', 20)], random('SPOP', 's'), random('SPOP', 's', '3'), ['SCARD', 's'], random('SPOP', 's', '14'),
  ['SCARD', 's'], random('SRANDMEMBER', 's', '2'), random('SRANDMEMBER', 's', '-5'), random('SRANDMEMBER', 's', '-1'), ['DEL', 's'],
  ['SADD', 'h', ...strs('h', 300)], random('SPOP', 'h'), random('SPOP', 'h', '10'), ['SCARD', 'h'], random('SRANDMEMBER', 'h', '5'),
  random('SRANDMEMBER', 'h', '150'), random('SRANDMEMBER', 'h', '-400'), random('SPOP', 'h', '250'), ['SCARD', 'h'],
  ['SADD', 'm', 'a', '1', '2', '3'], random('SPOP', 'm', '3'), ['SCARD', 'm'],
  // popping the last member deletes the key
  ['SADD', 'last', 'a', 'b'], random('SPOP', 'last'), random('SPOP', 'last'), ['EXISTS', 'last'], ['SPOP', 'last'], ['SPOP', 'last', '2'],
  ['SRANDMEMBER', 'nokey'], ['SRANDMEMBER', 'nokey', '5'], ['SPOP', 'nokey'], ['SPOP', 'nokey', '5'],
];

// Sets on both sides of every encoding for the algebra: intsets (i1 i2), listpacks (l1 l2),
// hashtables (h1 h2, with integers inside too).
const algebraSetup: Step[] = [
  ['SADD', 'i1', ...ints(0, 20)], ['SADD', 'i2', ...ints(10, 20)], ['SADD', 'i3', '15', '100', '12'],
  ['SADD', 'l1', 'a', 'b', 'c', '1', '3', '6', 'x'], ['SADD', 'l2', 'b', 'c', 'd', '1', '2', '3', 'y'],
  ['SADD', 'h1', ...strs('m', 150), ...ints(0, 20)], ['SADD', 'h2', ...strs('m', 100), ...ints(5, 20), 'a', 'b'],
];
const algebra: Step[] = [
  ...algebraSetup,
  ['SINTER', 'i1', 'i2'], ['SINTER', 'i1', 'i2', 'i3'], ['SINTER', 'i1'], sorted('SINTER', 'l1', 'l2'), sorted('SINTER', 'h1', 'h2'),
  sorted('SINTER', 'l1', 'i1'), sorted('SINTER', 'i1', 'l1'), sorted('SINTER', 'h1', 'i2', 'l2'), ['SINTER', 'i1', 'nokey'],
  ['SINTER', 'nokey', 'i1'], sorted('SINTER', 'l1', 'l1', 'l1'), ['SINTER', 'i1', 'i1'],
  ['SUNION', 'i1', 'i2'], ['SUNION', 'i3', 'nokey', 'i1'], sorted('SUNION', 'l1', 'l2'), sorted('SUNION', 'h1', 'l2'),
  sorted('SUNION', 'i1', 'l1', 'h2'), ['SUNION', 'nokey'], ['SUNION', 'nokey', 'nokey2'],
  ['SDIFF', 'i1', 'i2'], ['SDIFF', 'i1', 'i2', 'i3'], ['SDIFF', 'i2', 'i1'], sorted('SDIFF', 'l1', 'l2'), sorted('SDIFF', 'h1', 'h2'),
  sorted('SDIFF', 'h2', 'h1', 'l1'), sorted('SDIFF', 'l1', 'i1', 'nokey'), ['SDIFF', 'nokey', 'i1'], ['SDIFF', 'i1', 'i1'],
  ['SDIFF', 'i1', 'i2', 'i1'], ['SDIFF', 'l1', 'nokey', 'l1'], sorted('SDIFF', 'h1', 'i3'), sorted('SDIFF', 'h1', 'nokey'),
  ['SINTERCARD', '2', 'i1', 'i2'], ['SINTERCARD', '2', 'i1', 'i2', 'LIMIT', '0'], ['SINTERCARD', '2', 'i1', 'i2', 'LIMIT', '3'],
  ['SINTERCARD', '2', 'i1', 'i2', 'limit', '100'], ['SINTERCARD', '3', 'h1', 'h2', 'l2'], ['SINTERCARD', '1', 'h1'],
  ['SINTERCARD', '1', 'h1', 'LIMIT', '7'], ['SINTERCARD', '2', 'h1', 'nokey'], ['SINTERCARD', '1', 'nokey', 'LIMIT', '5'],
  ['SINTERCARD', '2', 'l1', 'l2', 'LIMIT', '1'],
];
const stores: Step[] = [
  ...algebraSetup,
  // SINTERSTORE: an intset first gives an intset; all-integer results become intsets
  ['SINTERSTORE', 'r', 'i1', 'i2'], enc('r'), ['SMEMBERS', 'r'],
  ['SINTERSTORE', 'r', 'l1', 'l2'], lp('r'), sorted('SMEMBERS', 'r'),
  ['SINTERSTORE', 'r', 'l1', 'i1'], enc('r'), ['SMEMBERS', 'r'],
  // 115 members, not all integers: a listpack in 7.4
  ['SINTERSTORE', 'r', 'h1', 'h2'], lp('r'), ['SCARD', 'r'],
  ['SINTERSTORE', 'r', 'h1', 'i1'], enc('r'), ['SMEMBERS', 'r'],
  ['SINTERSTORE', 'r', 'h2', 'l1'], lp('r'), sorted('SMEMBERS', 'r'),
  ['SINTERSTORE', 'r', 'i1', 'nokey'], ['EXISTS', 'r'], ['SINTERSTORE', 'r', 'i1', 'i3'], ['SMEMBERS', 'r'],
  ['SINTERSTORE', 'r', 'l1', 'i3'], ['EXISTS', 'r'],
  // SUNIONSTORE / SDIFFSTORE
  ['SUNIONSTORE', 'r', 'i1', 'i2'], enc('r'), ['SMEMBERS', 'r'], ['SUNIONSTORE', 'r', 'l1', 'l2'], lp('r'), sorted('SMEMBERS', 'r'),
  ['SUNIONSTORE', 'r', 'h1', 'h2'], enc('r'), ['SCARD', 'r'], ['SUNIONSTORE', 'r', 'i1', 'l1'], lp('r'),
  ['SUNIONSTORE', 'r', 'nokey'], ['EXISTS', 'r'], ['SUNIONSTORE', 'r', ...Array.from({ length: 30 }, () => 'i1'), 'i3'], ['SCARD', 'r'],
  ['SDIFFSTORE', 'r', 'i1', 'i2'], enc('r'), ['SMEMBERS', 'r'], ['SDIFFSTORE', 'r', 'h1', 'h2'], lp('r'), sorted('SMEMBERS', 'r'),
  ['SDIFFSTORE', 'r', 'l1', 'l2'], lp('r'), sorted('SMEMBERS', 'r'), ['SDIFFSTORE', 'r', 'h1', 'i1', 'l1'], enc('r'), ['SCARD', 'r'],
  ['SDIFFSTORE', 'r', 'i1', 'i1'], ['EXISTS', 'r'], ['SDIFFSTORE', 'r', 'nokey', 'i1'], ['EXISTS', 'r'],
  // the destination is overwritten whatever it held, and loses its TTL
  ['SET', 'dst', 'string'], ['EXPIRE', 'dst', '1000'], ['SINTERSTORE', 'dst', 'i1', 'i2'], ['TTL', 'dst'], ['TYPE', 'dst'],
  ['EXPIRE', 'dst', '1000'], ['SUNIONSTORE', 'dst', 'l1'], ['TTL', 'dst'], ['SET', 'dst', 'x'], ['SDIFFSTORE', 'dst', 'nokey'],
  ['EXISTS', 'dst'], ['SET', 'dst', 'x'], ['SINTERSTORE', 'dst', 'nokey', 'i1'], ['EXISTS', 'dst'],
  // the destination is one of the sources
  ['SUNIONSTORE', 'i3', 'i3', 'i2'], ['SMEMBERS', 'i3'], ['SINTERSTORE', 'i2', 'i2', 'i1'], ['SMEMBERS', 'i2'],
  ['SDIFFSTORE', 'l1', 'l1', 'l2'], sorted('SMEMBERS', 'l1'), ['SINTERSTORE', 'h2', 'h2', 'nokey'], ['EXISTS', 'h2'],
];

const smove: Step[] = [
  ['SADD', 'a', '1', 'x', 'y'], ['SADD', 'b', '2', '3', '4'], ['SMOVE', 'a', 'b', 'x'], sorted('SMEMBERS', 'a'), sorted('SMEMBERS', 'b'), lp('b'),
  ['SADD', 'c', '2', '3'], ['SMOVE', 'a', 'c', '1'], enc('c'), ['SMEMBERS', 'c'], ['SMOVE', 'c', 'd', '2'], enc('d'), ['SMEMBERS', 'd'],
  ['SMOVE', 'a', 'e', 'y'], lp('e'), ['EXISTS', 'a'], ['SMOVE', 'a', 'e', 'y'], ['SMOVE', 'nokey', 'e', 'y'],
  ['SMOVE', 'e', 'e', 'y'], ['SMOVE', 'e', 'e', 'nope'], ['SMOVE', 'e', 'b', 'nope'], ['SMOVE', 'b', 'e', 'x'], ['SMOVE', 'e', 'b', 'x'],
  sorted('SMEMBERS', 'b'), ['EXISTS', 'e'], ['SADD', 'f', 'x'], ['SADD', 'g', 'x'], ['SMOVE', 'f', 'g', 'x'], ['EXISTS', 'f'], ['SMEMBERS', 'g'],
  ['SADD', 'h', ...strs('m', 200)], ['SMOVE', 'h', 'g', 'm5'], ['SCARD', 'h'], sorted('SMEMBERS', 'g'), ['SMOVE', 'g', 'h', 'x'], enc('h'),
  ['SADD', 'i', ...ints(0, 512)], ['SMOVE', 'd', 'i', '2'], ['SMOVE', 'c', 'i', '3'], enc('i'), ['SADD', 'j', '9999'], ['SMOVE', 'j', 'i', '9999'],
  enc('i'), ['SCARD', 'i'], ['SET', 'str', 'v'], ['SMOVE', 'i', 'str', '1'], ['SISMEMBER', 'i', '1'],
  ['SADD', 't', 'x'], ['EXPIRE', 'g', '1000'], ['SMOVE', 't', 'g', 'x'], ['TTL', 'g'],
];

const sscan: Step[] = [
  ['SADD', 'i', ...ints(0, 50)], ['SSCAN', 'i', '0'], ['SSCAN', 'i', '0', 'COUNT', '1'], ['SSCAN', 'i', '0', 'MATCH', '1*'],
  ['SSCAN', 'i', '12345', 'MATCH', '*5'], ['SSCAN', 'i', '0', 'match', '*', 'count', '2'],
  ['SADD', 'l', 'foo', 'fab', 'fiz', 'foobar', '1', '2', '3'], { cmd: ['SSCAN', 'l', '0', 'MATCH', 'f*'], norm: scanStep },
  { cmd: ['SSCAN', 'l', '0'], norm: scanStep }, { cmd: ['SSCAN', 'l', '0', 'MATCH', '*1*', 'COUNT', '100'], norm: scanStep },
  ['SADD', 'h', ...strs('key:', 500), ...ints(0, 100)], { cmd: ['SSCAN', 'h', '0'], scanAll: true, cursorAt: 2 },
  { cmd: ['SSCAN', 'h', '0', 'COUNT', '7'], scanAll: true, cursorAt: 2 }, { cmd: ['SSCAN', 'h', '0', 'MATCH', 'key:1*', 'COUNT', '50'], scanAll: true, cursorAt: 2 },
  { cmd: ['SSCAN', 'h', '0', 'COUNT', '1000'], norm: scanStep }, { cmd: ['SSCAN', 'h', '0', 'MATCH', 'nomatch*', 'COUNT', '1000'], norm: scanStep },
  { cmd: ['SSCAN', 'i', '0'], scanAll: true, cursorAt: 2 }, ['SSCAN', 'nokey', '0'], ['SSCAN', 'nokey', '0', 'MATCH', 'x'],
];

const generic: Step[] = [
  ['SADD', 'i', '1', '2', '3'], ['SADD', 'l', 'a', 'b'], ['SADD', 'h', ...strs('m', 130)],
  ['TYPE', 'i'], ['TYPE', 'l'], ['TYPE', 'h'], ['OBJECT', 'REFCOUNT', 'h'],
  ['COPY', 'i', 'i2'], ['SMEMBERS', 'i2'], enc('i2'), ['SADD', 'i2', '4'], ['SMEMBERS', 'i'], ['SMEMBERS', 'i2'],
  ['COPY', 'l', 'l2'], lp('l2'), sorted('SMEMBERS', 'l2'), ['SREM', 'l', 'a'], sorted('SMEMBERS', 'l2'),
  ['COPY', 'h', 'h2'], enc('h2'), ['SCARD', 'h2'], ['SREM', 'h', 'm1'], ['SCARD', 'h'], ['SCARD', 'h2'], ['SISMEMBER', 'h2', 'm1'],
  ['COPY', 'h', 'h2'], ['COPY', 'h', 'h2', 'REPLACE'], ['SCARD', 'h2'],
  ['RENAME', 'h2', 'h3'], ['SCARD', 'h3'], ['EXISTS', 'h2'], ['MOVE', 'h3', '1'], ['EXISTS', 'h3'], ['SELECT', '1'], ['SCARD', 'h3'],
  ['SELECT', '0'], ['EXPIRE', 'i', '1000'], ['SADD', 'i', '9'], ['TTL', 'i'], ['SREM', 'i', '1', '2', '3', '9'], ['EXISTS', 'i'],
  ['DEL', 'h', 'l', 'l2', 'i2'], ['DBSIZE'], { cmd: ['MEMORY', 'USAGE', 'nokey'] },
  ['SADD', 'm', ...ints(0, 100)], { cmd: ['MEMORY', 'USAGE', 'm'], norm: intShape }, ['FLUSHALL'], ['DBSIZE'],
];

defineDiffSuite('compat: sets', {
  intsetBasics, stringBasics, conversions, errors, popRandom, algebra, stores, smove, sscan, generic,
});
