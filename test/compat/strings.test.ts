// Differential: string commands against a real redis-server, byte for byte, in RESP2 and RESP3.
// APPEND DECR DECRBY GET GETDEL GETEX GETRANGE GETSET INCR INCRBY INCRBYFLOAT LCS MGET MSET MSETNX
// PSETEX SET SETEX SETNX SETRANGE STRLEN SUBSTR.
//
// Normalisations used here (see test/helpers/norm.ts):
// - TTL/PTTL/EXPIRETIME/PEXPIRETIME after a relative expiry: `approx` (the two servers evaluate the
//   command a few ms apart; 1 s or 100 ms tolerance, same sign required).
// - GETRANGE/SUBSTR with an end index before -strlen: Redis 7.4 replies "" where 7.0.15 still
//   returns the first byte, so those steps carry `expect` with the 7.4 bytes (compat/v74 too).
import { defineDiffSuite, type Step } from '../helpers/diff.ts';
import { commandstatsNorm, sortedInfoLines } from '../helpers/norm.ts';

const FAR = '4102444800';          // 2100-01-01 in seconds: an absolute expiry that never fires
const FAR_MS = '4102444800000';
const BIN = Buffer.from([0, 1, 2, 13, 10, 255, 0x80, 32, 0]);

const e74 = (bytes: string, why = 'GETRANGE/SUBSTR clamp: 7.4 returns "" when end < -strlen (7.0 returns the first byte)') =>
  ({ expect: bytes, why });

const set: Step[] = [
  ['SET', 'k', 'v'], ['GET', 'k'], ['set', 'k', 'v2'], ['SeT', 'k', 'v3'], ['GET', 'k'],
  ['SET', 'k', 'x', 'NX'], ['SET', 'k', 'x', 'nx'], ['GET', 'k'],
  ['SET', 'k', 'y', 'XX'], ['GET', 'k'], ['SET', 'nokey', 'y', 'XX'], ['EXISTS', 'nokey'],
  ['SET', 'nokey', 'y', 'NX'], ['GET', 'nokey'],
  ['SET', 'k', 'z', 'GET'], ['SET', 'missing', 'z', 'GET'], ['GET', 'missing'],
  ['SET', 'k', 'w', 'NX', 'GET'], ['SET', 'fresh', 'w', 'NX', 'GET'], ['SET', 'k', 'q', 'XX', 'GET'],
  ['SET', 'absent', 'q', 'XX', 'GET'], ['EXISTS', 'absent'],
  ['SET', 'k', 'v', 'EX', '100'], { cmd: ['TTL', 'k'], approx: 1 }, { cmd: ['PTTL', 'k'], approx: 100 },
  ['SET', 'k', 'v', 'PX', '100000'], { cmd: ['TTL', 'k'], approx: 1 },
  ['SET', 'k', 'v', 'EXAT', FAR], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'k'],
  ['SET', 'k', 'v', 'PXAT', FAR_MS], ['PEXPIRETIME', 'k'],
  ['SET', 'k', 'v2', 'KEEPTTL'], ['EXPIRETIME', 'k'], ['GET', 'k'],
  ['SET', 'k', 'v3'], ['TTL', 'k'],
  ['SET', 'k', 'v', 'ex', '100', 'get'], { cmd: ['TTL', 'k'], approx: 1 },
  ['SET', 'k', 'v', 'EX', '0'], ['SET', 'k', 'v', 'EX', '-1'], ['SET', 'k', 'v', 'EX', 'abc'],
  ['SET', 'k', 'v', 'EX', '1.5'], ['SET', 'k', 'v', 'PX', '0'], ['SET', 'k', 'v', 'PX', '-5'],
  ['SET', 'k', 'v', 'EX', '9223372036854775807'], ['SET', 'k', 'v', 'PX', '9223372036854775807'],
  ['SET', 'k', 'v', 'EX', '9223372036854775808'], ['SET', 'k', 'v', 'EXAT', '0'], ['SET', 'k', 'v', 'PXAT', '0'],
  ['SET', 'k', 'v', 'EXAT', '-1'], ['SET', 'k', 'v', 'EX', '4611686018427387'],
  ['SET', 'k', 'v', 'EXAT', '9223372036854775'],
  ['SET', 'k', 'v', 'NX', 'XX'], ['SET', 'k', 'v', 'XX', 'NX'], ['SET', 'k', 'v', 'EX', '10', 'PX', '100'],
  ['SET', 'k', 'v', 'EX', '10', 'EX', '10'], ['SET', 'k', 'v', 'KEEPTTL', 'EX', '10'], ['SET', 'k', 'v', 'PX', '10', 'KEEPTTL'],
  ['SET', 'k', 'v', 'EX', '10', 'EXAT', FAR], ['SET', 'k', 'v', 'GET', 'GET'], ['SET', 'k', 'v', 'NX', 'NX'],
  ['SET', 'k', 'v', 'FOO'], ['SET', 'k', 'v', 'EX'], ['SET', 'k', 'v', 'PX'], ['SET', 'k'], ['SET'],
  ['SET', 'k', 'v', 'EX', ''], ['GET', 'k'],
  // binary-safe keys and values, empty values, big values
  ['SET', BIN, BIN], ['GET', BIN], ['STRLEN', BIN], ['SET', 'empty', ''], ['GET', 'empty'], ['STRLEN', 'empty'],
  ['SET', 'sp ace', 'a b\r\nc'], ['GET', 'sp ace'], ['SET', '', 'emptykey'], ['GET', ''],
  ['SET', 'big', 'x'.repeat(100_000)], ['STRLEN', 'big'], ['GET', 'big'],
  ['SET', 'int', '12345'], ['GET', 'int'], ['SET', 'neg', '-12345'], ['GET', 'neg'],
  ['SET', 'max', '9223372036854775807'], ['GET', 'max'], ['SET', 'over', '9223372036854775808'], ['GET', 'over'],
  ['SET', 'lead0', '0012'], ['GET', 'lead0'], ['SET', 'float', '3.14'], ['GET', 'float'],
  ['GET', 'nope'], ['GET'], ['GET', 'a', 'b'],
];

const setexFamily: Step[] = [
  ['SETEX', 'k', '100', 'v'], ['GET', 'k'], { cmd: ['TTL', 'k'], approx: 1 },
  ['SETEX', 'k', '0', 'v'], ['SETEX', 'k', '-10', 'v'], ['SETEX', 'k', 'abc', 'v'], ['SETEX', 'k', '10'],
  ['SETEX', 'k', '9223372036854775807', 'v'], ['SETEX', 'k', '1.5', 'v'], ['GET', 'k'],
  ['PSETEX', 'p', '100000', 'v'], ['GET', 'p'], { cmd: ['PTTL', 'p'], approx: 100 },
  ['PSETEX', 'p', '0', 'v'], ['PSETEX', 'p', '-1', 'v'], ['PSETEX', 'p', 'x', 'v'], ['PSETEX', 'p'],
  ['PSETEX', 'p', '9223372036854775807', 'v'],
  ['SETNX', 'n', '1'], ['SETNX', 'n', '2'], ['GET', 'n'], ['SETNX', 'n'], ['SETNX', 'n', 'a', 'b'],
  ['SETEX', 'k', '100', 'v'], ['SETNX', 'k', 'other'], { cmd: ['TTL', 'k'], approx: 1 },
  ['GETSET', 'k', 'new'], ['TTL', 'k'], ['GET', 'k'], ['GETSET', 'fresh', 'v'], ['GET', 'fresh'],
  ['GETSET', 'k'], ['SET', 'i', '10'], ['GETSET', 'i', '20'], ['GET', 'i'],
];

const getdelGetex: Step[] = [
  ['SET', 'k', 'v'], ['GETDEL', 'k'], ['GETDEL', 'k'], ['EXISTS', 'k'], ['GETDEL'], ['GETDEL', 'a', 'b'],
  ['SET', 'k', 'v', 'EX', '100'], ['GETDEL', 'k'], ['TTL', 'k'],
  ['SET', 'i', '42'], ['GETDEL', 'i'],
  ['SET', 'k', 'v'], ['GETEX', 'k'], ['TTL', 'k'],
  ['GETEX', 'k', 'EX', '100'], { cmd: ['TTL', 'k'], approx: 1 },
  ['GETEX', 'k', 'PX', '200000'], { cmd: ['PTTL', 'k'], approx: 100 },
  ['GETEX', 'k', 'EXAT', FAR], ['EXPIRETIME', 'k'], ['GETEX', 'k', 'PXAT', FAR_MS], ['PEXPIRETIME', 'k'],
  ['GETEX', 'k', 'PERSIST'], ['TTL', 'k'], ['GETEX', 'k', 'persist'],
  ['GETEX', 'k', 'EX', '0'], ['GETEX', 'k', 'EX', '-1'], ['GETEX', 'k', 'PX', '0'], ['GETEX', 'k', 'EXAT', '0'],
  ['GETEX', 'k', 'EX', 'abc'], ['GETEX', 'k', 'EX', '9223372036854775807'], ['GETEX', 'k', 'PX', '9223372036854775807'],
  ['GETEX', 'k', 'EX', '10', 'PX', '10'], ['GETEX', 'k', 'PERSIST', 'EX', '10'], ['GETEX', 'k', 'EX', '10', 'PERSIST'],
  ['GETEX', 'k', 'EX'], ['GETEX', 'k', 'FOO'], ['GETEX', 'k', 'KEEPTTL'], ['GETEX'], ['TTL', 'k'],
  ['GETEX', 'missing'], ['GETEX', 'missing', 'EX', '10'], ['GETEX', 'missing', 'FOO'], ['EXISTS', 'missing'],
  ['SET', 'i', '7'], ['GETEX', 'i', 'EX', '50'], { cmd: ['TTL', 'i'], approx: 1 }, ['OBJECT', 'ENCODING', 'i'],
];

const ranges: Step[] = [
  ['SET', 'k', 'Hello World'],
  ['GETRANGE', 'k', '0', '3'], ['GETRANGE', 'k', '0', '-1'], ['GETRANGE', 'k', '-4', '-1'], ['GETRANGE', 'k', '5', '3'],
  ['GETRANGE', 'k', '5', '5000'], ['GETRANGE', 'k', '-5000', '10000'], ['GETRANGE', 'k', '0', '0'], ['GETRANGE', 'k', '-1', '-1'],
  ['GETRANGE', 'k', '10', '10'], ['GETRANGE', 'k', '11', '11'], ['GETRANGE', 'k', '-11', '-11'], { cmd: ['GETRANGE', 'k', '-12', '-12'], ...e74('$0\r\n\r\n') },
  { cmd: ['GETRANGE', 'k', '0', '-100'], ...e74('$0\r\n\r\n') },
  ['GETRANGE', 'k', '1', '-100'], ['GETRANGE', 'k', '-1', '-100'],
  { cmd: ['GETRANGE', 'k', '-100', '-99'], ...e74('$0\r\n\r\n') },
  { cmd: ['GETRANGE', 'k', '-100', '-100'], ...e74('$0\r\n\r\n') },
  ['GETRANGE', 'k', '-100', '-101'], ['GETRANGE', 'k', '-100', '2'], ['GETRANGE', 'k', '3', '-3'],
  ['GETRANGE', 'k', '9223372036854775807', '9223372036854775807'], ['GETRANGE', 'k', '-9223372036854775808', '9223372036854775807'],
  ['GETRANGE', 'k', '0', '9223372036854775807'], ['GETRANGE', 'k', 'a', '1'], ['GETRANGE', 'k', '0', 'b'],
  ['GETRANGE', 'k', '0', '1.5'], ['GETRANGE', 'k', '0', '9223372036854775808'], ['GETRANGE', 'k', '0'], ['GETRANGE', 'k', '0', '1', '2'],
  ['GETRANGE', 'missing', '0', '-1'], ['GETRANGE', 'missing', '5', '3'], ['GETRANGE', 'missing', 'x', '1'],
  ['SET', 'i', '1234'],
  ['GETRANGE', 'i', '0', '2'], ['GETRANGE', 'i', '0', '-1'], ['GETRANGE', 'i', '-3', '-1'], ['GETRANGE', 'i', '5', '3'],
  ['GETRANGE', 'i', '3', '5000'], ['GETRANGE', 'i', '-5000', '10000'],
  { cmd: ['GETRANGE', 'i', '0', '-100'], ...e74('$0\r\n\r\n') },
  ['SET', 'e', ''], ['GETRANGE', 'e', '0', '-1'], ['GETRANGE', 'e', '0', '0'], ['GETRANGE', 'e', '-1', '0'],
  ['SUBSTR', 'k', '0', '3'], ['SUBSTR', 'k', '-4', '-1'], ['SUBSTR', 'k', '5', '3'], ['SUBSTR', 'missing', '0', '1'],
  { cmd: ['SUBSTR', 'k', '0', '-500'], ...e74('$0\r\n\r\n') }, ['SUBSTR', 'k', 'x', '1'], ['SUBSTR', 'k', '0'],
  // SETRANGE
  ['SETRANGE', 'r', '0', 'abc'], ['GET', 'r'], ['SETRANGE', 'r', '1', 'XY'], ['GET', 'r'],
  ['SETRANGE', 'r', '5', 'Z'], ['GET', 'r'], ['STRLEN', 'r'], ['SETRANGE', 'r', '0', ''], ['GET', 'r'],
  ['SETRANGE', 'pad', '5', 'x'], ['GET', 'pad'], ['SETRANGE', 'nope', '0', ''], ['EXISTS', 'nope'],
  ['SETRANGE', 'nope', '10', ''], ['EXISTS', 'nope'],
  ['SETRANGE', 'r', '-1', 'x'], ['SETRANGE', 'r', 'abc', 'x'], ['SETRANGE', 'r', '1.5', 'x'],
  ['SETRANGE', 'r', '536870912', 'x'], ['SETRANGE', 'r', '536870911', 'xy'], ['SETRANGE', 'r', '9223372036854775807', 'x'],
  ['SETRANGE', 'nope', '-1', ''], ['SETRANGE', 'nope', '536870912', 'x'], ['SETRANGE', 'r', '0'],
  ['SET', 'i', '1234'], ['SETRANGE', 'i', '1', '9'], ['GET', 'i'], ['OBJECT', 'ENCODING', 'i'],
  ['SET', 't', 'hello', 'EX', '100'], ['SETRANGE', 't', '0', 'J'], { cmd: ['TTL', 't'], approx: 1 }, ['GET', 't'],
  // APPEND / STRLEN
  ['APPEND', 'a', 'foo'], ['APPEND', 'a', 'bar'], ['GET', 'a'], ['APPEND', 'a', ''], ['STRLEN', 'a'],
  ['APPEND', 'new', ''], ['EXISTS', 'new'], ['GET', 'new'],
  ['SET', 'n', '10'], ['APPEND', 'n', '5'], ['GET', 'n'], ['OBJECT', 'ENCODING', 'n'], ['INCR', 'n'],
  ['SET', 'x', 'v', 'EX', '100'], ['APPEND', 'x', 'w'], { cmd: ['TTL', 'x'], approx: 1 },
  ['APPEND', 'a'], ['APPEND', 'a', 'b', 'c'], ['APPEND', BIN, BIN], ['GET', BIN],
  ['STRLEN', 'a'], ['STRLEN', 'missing'], ['SET', 'i', '-123'], ['STRLEN', 'i'], ['STRLEN'], ['STRLEN', 'a', 'b'],
  ['SET', 'bigint', '9223372036854775807'], ['STRLEN', 'bigint'],
];

const counters: Step[] = [
  ['INCR', 'c'], ['INCR', 'c'], ['GET', 'c'], ['DECR', 'c'], ['DECR', 'd'], ['GET', 'd'],
  ['INCRBY', 'c', '10'], ['INCRBY', 'c', '-100'], ['DECRBY', 'c', '5'], ['DECRBY', 'c', '-5'], ['INCRBY', 'c', '0'],
  ['INCRBY', 'c', 'abc'], ['INCRBY', 'c', '1.5'], ['INCRBY', 'c', '9223372036854775808'], ['INCRBY', 'c', ''],
  ['INCRBY', 'c', ' 1'], ['INCRBY', 'c', '+1'], ['INCRBY', 'c', '01'], ['DECRBY', 'c', 'x'], ['INCRBY', 'c'], ['INCR'],
  ['INCR', 'c', 'd'], ['DECR'], ['DECRBY', 'c'],
  ['SET', 'c', '9223372036854775806'], ['INCR', 'c'], ['INCR', 'c'], ['GET', 'c'],
  ['SET', 'c', '-9223372036854775807'], ['DECR', 'c'], ['DECR', 'c'], ['GET', 'c'],
  ['SET', 'c', '0'], ['INCRBY', 'c', '9223372036854775807'], ['INCRBY', 'c', '1'],
  ['SET', 'c', '0'], ['DECRBY', 'c', '-9223372036854775808'], ['DECRBY', 'c', '9223372036854775807'], ['DECRBY', 'c', '2'],
  ['SET', 'c', '-1'], ['INCRBY', 'c', '-9223372036854775808'], ['GET', 'c'],
  ['SET', 'c', '-2'], ['INCRBY', 'c', '-9223372036854775807'],
  ['SET', 's', 'abc'], ['INCR', 's'], ['DECR', 's'], ['INCRBY', 's', '1'],
  ['SET', 's', ' 1'], ['INCR', 's'], ['SET', 's', '1 '], ['INCR', 's'], ['SET', 's', '+1'], ['INCR', 's'],
  ['SET', 's', '01'], ['INCR', 's'], ['SET', 's', '-0'], ['INCR', 's'], ['SET', 's', ''], ['INCR', 's'],
  ['SET', 's', '1.0'], ['INCR', 's'], ['SET', 's', '0x10'], ['INCR', 's'], ['SET', 's', '1e3'], ['INCR', 's'],
  ['SET', 's', '9223372036854775808'], ['INCR', 's'], ['SET', 's', '-9223372036854775809'], ['DECR', 's'],
  ['SET', 's', '00'], ['INCR', 's'], ['SET', 's', '-'], ['INCR', 's'],
  ['SET', 's', '12345678901234567890123'], ['INCR', 's'],
  ['SET', 't', '5', 'EX', '100'], ['INCR', 't'], { cmd: ['TTL', 't'], approx: 1 }, ['INCRBY', 't', '5'], ['DECRBY', 't', '1'], ['GET', 't'],
  ['SET', 'e', 'x'.repeat(30)], ['APPEND', 'e', 'y'], ['SET', 'r', '10'], ['APPEND', 'r', '0'], ['INCR', 'r'], ['GET', 'r'],
  ['OBJECT', 'ENCODING', 'r'],
  // INCRBYFLOAT
  ['INCRBYFLOAT', 'f', '10.5'], ['INCRBYFLOAT', 'f', '0.1'], ['INCRBYFLOAT', 'f', '-5'], ['GET', 'f'],
  ['SET', 'f', '5.0e3'], ['INCRBYFLOAT', 'f', '2.0e2'], ['SET', 'f', '0.1'], ['INCRBYFLOAT', 'f', '0.2'],
  ['SET', 'f', '1.5'], ['INCRBYFLOAT', 'f', '-1.5'], ['INCRBYFLOAT', 'f', '+1.5'], ['INCRBYFLOAT', 'f', '1e-5'],
  ['INCRBYFLOAT', 'f', '3'], ['INCRBYFLOAT', 'f', '-0'], ['INCRBYFLOAT', 'f', '.5'], ['INCRBYFLOAT', 'f', '5.'],
  ['SET', 'f', '17179869184'], ['INCRBYFLOAT', 'f', '1.5'], ['SET', 'f', '1'], ['INCRBYFLOAT', 'f', '1e20'],
  ['INCRBYFLOAT', 'f', '1e300'], ['INCRBYFLOAT', 'f', '1e308'], ['INCRBYFLOAT', 'f', '1e308'],
  ['SET', 'f', '1'], ['INCRBYFLOAT', 'f', 'inf'], ['INCRBYFLOAT', 'f', '-inf'], ['INCRBYFLOAT', 'f', 'nan'],
  ['INCRBYFLOAT', 'f', 'abc'], ['INCRBYFLOAT', 'f', ''], ['INCRBYFLOAT', 'f', ' 1'], ['INCRBYFLOAT', 'f', '1 '],
  ['INCRBYFLOAT', 'f', '0x10'], ['INCRBYFLOAT', 'f', '1e'], ['INCRBYFLOAT', 'f', '1e400'], ['INCRBYFLOAT', 'f', '1e-400'],
  ['GET', 'f'],
  ['SET', 's', 'abc'], ['INCRBYFLOAT', 's', '1'], ['SET', 's', ' 1'], ['INCRBYFLOAT', 's', '1'],
  ['SET', 's', '1.5e'], ['INCRBYFLOAT', 's', '1'], ['SET', 's', 'inf'], ['INCRBYFLOAT', 's', '1'],
  ['SET', 'i', '10'], ['INCRBYFLOAT', 'i', '1'], ['GET', 'i'], ['OBJECT', 'ENCODING', 'i'], ['INCR', 'i'],
  ['SET', 't', '1', 'EX', '100'], ['INCRBYFLOAT', 't', '0.5'], { cmd: ['TTL', 't'], approx: 1 },
  ['SET', 'p', '3.0'], ['INCRBYFLOAT', 'p', '0'], ['SET', 'p', '1.23456789012345678'], ['INCRBYFLOAT', 'p', '0'],
  ['SET', 'p', '0.1'], ['INCRBYFLOAT', 'p', '0.7'], ['INCRBYFLOAT', 'p', '-0.8'],
  ['SET', 'p', '1'], ['INCRBYFLOAT', 'p', '9007199254740993'], ['INCRBYFLOAT', 'p', '-1e-20'],
  ['INCRBYFLOAT', 'p'], ['INCRBYFLOAT', 'p', '1', '2'],
];

const multi: Step[] = [
  ['MSET', 'a', '1', 'b', '2', 'c', '3'], ['MGET', 'a', 'b', 'c', 'd'], ['MGET', 'nope'], ['MGET'],
  ['MSET', 'a'], ['MSET', 'a', '1', 'b'], ['MSET'], ['MSET', 'a', 'x', 'a', 'y'], ['GET', 'a'],
  ['SET', 't', 'v', 'EX', '100'], ['MSET', 't', 'w'], ['TTL', 't'],
  ['MSETNX', 'n1', '1', 'n2', '2'], ['MGET', 'n1', 'n2'], ['MSETNX', 'n2', 'x', 'n3', '3'], ['MGET', 'n2', 'n3'],
  ['MSETNX', 'n4', 'a', 'n4', 'b'], ['GET', 'n4'], ['MSETNX', 'n5'], ['MSETNX', 'n5', '1', 'n6'], ['MSETNX'],
  ['MSET', BIN, 'bin', 'e', ''], ['MGET', BIN, 'e', 'a'],
  ['SET', 'int', '100'], ['MGET', 'int', 'a', 'int'],
];

const lcs: Step[] = [
  ['MSET', 'k1', 'ohmytext', 'k2', 'mynewtext'],
  ['LCS', 'k1', 'k2'], ['LCS', 'k1', 'k2', 'LEN'], ['LCS', 'k1', 'k2', 'IDX'],
  ['LCS', 'k1', 'k2', 'IDX', 'MINMATCHLEN', '4'], ['LCS', 'k1', 'k2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
  ['LCS', 'k1', 'k2', 'IDX', 'WITHMATCHLEN'], ['LCS', 'k1', 'k2', 'idx', 'minmatchlen', '0'],
  ['LCS', 'k1', 'k2', 'IDX', 'MINMATCHLEN', '-1'],
  ['LCS', 'k1', 'k2', 'LEN', 'IDX'], ['LCS', 'k1', 'k2', 'FOO'], ['LCS', 'k1', 'k2', 'MINMATCHLEN'],
  ['LCS', 'k1', 'k2', 'MINMATCHLEN', 'abc'], ['LCS', 'k1', 'k2', 'LEN', 'MINMATCHLEN', '2'], ['LCS', 'k1', 'k2', 'WITHMATCHLEN'],
  ['LCS', 'k1', 'missing'], ['LCS', 'missing', 'missing2'], ['LCS', 'missing', 'k1', 'LEN'], ['LCS', 'missing', 'k1', 'IDX'],
  ['LCS', 'k1', 'k1'], ['LCS', 'k1', 'k1', 'IDX', 'WITHMATCHLEN'], ['LCS', 'k1'],
  ['MSET', 'a', 'ACCGGTCGAGTGCGCGGAAGCCGGCCGAA', 'b', 'GTCGTTCGGAATGCCGTTGCTCTGTAAA'],
  ['LCS', 'a', 'b'], ['LCS', 'a', 'b', 'LEN'], ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'],
  ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '3', 'WITHMATCHLEN'],
  ['MSET', 'x', '', 'y', 'abc'], ['LCS', 'x', 'y'], ['LCS', 'x', 'y', 'IDX'],
  ['MSET', 'i1', '12345', 'i2', '2345'], ['LCS', 'i1', 'i2'], ['LCS', 'i1', 'i2', 'IDX', 'WITHMATCHLEN'],
  ['MSET', 'b1', BIN, 'b2', Buffer.concat([Buffer.from('x'), BIN])], ['LCS', 'b1', 'b2'],
];

const stats: Step[] = [
  ['CONFIG', 'RESETSTAT'],
  ['SET', 'k', 'v'], ['GET', 'k'], ['GET', 'nope'], ['INCR', 'k'], ['INCRBYFLOAT', 'k', 'x'], ['SET', 'k', 'v', 'EX', '0'],
  ['MSET', 'a'], ['APPEND', 'a', 'b'], ['GETRANGE', 'a', 'x', '1'], ['NOSUCHCOMMAND'],
  { cmd: ['INFO', 'commandstats'], norm: commandstatsNorm, note: 'calls, rejected_calls and failed_calls per command' },
  { cmd: ['INFO', 'errorstats'], norm: sortedInfoLines },
];

const wrongtype: Step[] = [
  ['LPUSH', 'l', 'x'],
  ['GET', 'l'], ['GETDEL', 'l'], ['GETEX', 'l'], ['GETEX', 'l', 'EX', '10'], ['GETRANGE', 'l', '0', '-1'], ['SUBSTR', 'l', '0', '1'],
  ['GETSET', 'l', 'v'], ['SET', 'l', 'v', 'GET'], ['SET', 'l', 'v', 'NX', 'GET'], ['APPEND', 'l', 'x'], ['STRLEN', 'l'],
  ['SETRANGE', 'l', '0', 'x'], ['SETRANGE', 'l', '0', ''], ['INCR', 'l'], ['DECR', 'l'], ['INCRBY', 'l', '2'], ['DECRBY', 'l', '2'],
  ['INCRBYFLOAT', 'l', '1'], ['SET', 's', 'v'], ['LCS', 'l', 's'], ['LCS', 's', 'l', 'LEN'], ['MGET', 'l', 's'],
  ['INCRBY', 'l', 'x'], ['TYPE', 'l'], ['SET', 'l', 'now-a-string'], ['TYPE', 'l'],
];

defineDiffSuite('compat: strings', {
  set, setexFamily, getdelGetex, ranges, counters, multi, lcs,
  stats: { steps: stats, resp: [2] },
  wrongtype: { steps: wrongtype, requires: ['lpush'] },
});
