// Differential: bitmap commands against a real redis-server, byte for byte, in RESP2 and RESP3.
// SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO, on missing keys, int-shaped, embedded
// and raw string values, plus COMMAND INFO of each, and a seeded randomized section at the end.
//
// 7.4 expectations (steps with `expect`, compared with the 7.4 bytes instead of the 7.0 reply):
// - BITCOUNT and BITPOS check all their arguments before looking at the key in 7.4. 7.0.15 looked
//   the key up first, so on a missing key it answered 0 / -1 (and WRONGTYPE on another type) even
//   when an argument was not an integer or the unit keyword was wrong.
// Where no step carries `expect`, 7.0.15 and 7.4 agree (the bit kernels and range rules did not
// change between them). SETBIT/BITFIELD's "dirty only on change" (7.2+) is not visible in replies;
// test/protocol/bitmaps.test.ts checks it through INFO.
// Big offsets: a SETBIT near 2^32 bits would allocate 512 MiB on both servers, so the limit checks
// near 2^32 use GETBIT/BITFIELD GET (no allocation) and proto-max-bulk-len is lowered to test the
// write limit at a small size.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { defineDiffSuite, DiffPair, type Step } from '../helpers/diff.ts';
import { redisMissingReason, RawClient, show } from '../helpers/servers.ts';
import { mulberry32, testSeed } from '../helpers/gen.ts';

// CINNABAR_REDIS_74=1: the reference binary (REDIS_SERVER_BIN) is a Redis 7.4 build; the steps that
// carry 7.4 expectations are then compared with it directly.
const REF74 = process.env.CINNABAR_REDIS_74 === '1';
const WHY_ARGS = 'Redis 7.2+ validates BITCOUNT/BITPOS arguments before the key lookup (7.0 answered from the missing/wrong-typed key first)';
const v74 = (cmd: string[], bytes: string, why = WHY_ARGS): Step => (REF74 ? cmd : { cmd, expect: bytes, why });
const NOT_INT = '-ERR value is not an integer or out of range\r\n';
const SYNTAX = '-ERR syntax error\r\n';

const B = (...bytes: number[]) => Buffer.from(bytes).toString('latin1');

const setgetbit: Step[] = [
  ['SETBIT', 'k', '7', '1'], ['GET', 'k'], ['SETBIT', 'k', '7', '1'], ['SETBIT', 'k', '7', '0'], ['GET', 'k'],
  ['SETBIT', 'k', '0', '1'], ['SETBIT', 'k', '100', '1'], ['STRLEN', 'k'], ['GET', 'k'], ['OBJECT', 'ENCODING', 'k'],
  ['GETBIT', 'k', '0'], ['GETBIT', 'k', '1'], ['GETBIT', 'k', '100'], ['GETBIT', 'k', '101'], ['GETBIT', 'k', '1000000'],
  ['GETBIT', 'nokey', '0'], ['GETBIT', 'nokey', '4294967295'], ['EXISTS', 'nokey'],
  ['SETBIT', 'k', '7', '2'], ['SETBIT', 'k', '7', '-1'], ['SETBIT', 'k', '7', 'a'], ['SETBIT', 'k', '7', ''],
  ['SETBIT', 'k', '7', '01'], ['SETBIT', 'k', '7', '1.0'], ['SETBIT', 'k', '7', ' 1'], ['SETBIT', 'k', '7', '9223372036854775808'],
  ['SETBIT', 'k', '-1', '1'], ['SETBIT', 'k', 'x', '1'], ['SETBIT', 'k', '', '1'], ['SETBIT', 'k', '1.5', '1'],
  ['SETBIT', 'k', '+1', '1'], ['SETBIT', 'k', '01', '1'], ['SETBIT', 'k', '9223372036854775807', '1'],
  ['SETBIT', 'k', '18446744073709551616', '1'], ['SETBIT', 'k', '4294967296', '1'], ['SETBIT', 'k', '#1', '1'],
  ['SETBIT', 'k', '-1', '2'], ['SETBIT', 'nokey', '8', 'x'], ['EXISTS', 'nokey'],
  ['GETBIT', 'k', '-1'], ['GETBIT', 'k', 'x'], ['GETBIT', 'k', '4294967296'], ['GETBIT', 'k', '4294967295'],
  ['GETBIT', 'k', '9223372036854775807'], ['GETBIT', 'k', '#0'],
  ['SETBIT', 'k'], ['SETBIT', 'k', '1'], ['SETBIT', 'k', '1', '1', '1'], ['GETBIT', 'k'], ['GETBIT', 'k', '1', '2'],
  // int-shaped and embedded values are read as their text; writing makes them raw strings
  ['SET', 'n', '123'], ['OBJECT', 'ENCODING', 'n'], ['GETBIT', 'n', '2'], ['GETBIT', 'n', '3'], ['GETBIT', 'n', '23'],
  ['GETBIT', 'n', '24'], ['SETBIT', 'n', '6', '1'], ['GET', 'n'], ['OBJECT', 'ENCODING', 'n'], ['SETBIT', 'n', '7', '1'], ['GET', 'n'],
  ['SET', 'm', '-9223372036854775808'], ['SETBIT', 'm', '200', '1'], ['GET', 'm'],
  ['SET', 'e', 'hello'], ['OBJECT', 'ENCODING', 'e'], ['SETBIT', 'e', '0', '0'], ['OBJECT', 'ENCODING', 'e'], ['GET', 'e'],
  ['SETBIT', 'e', '1', '0'], ['GET', 'e'], ['SETBIT', 'e', '60', '1'], ['GET', 'e'], ['STRLEN', 'e'],
  ['SET', 'empty', ''], ['GETBIT', 'empty', '0'], ['SETBIT', 'empty', '0', '0'], ['GET', 'empty'],
  // SETBIT keeps the TTL, APPEND/GETRANGE see the bits
  ['SET', 't', 'abc', 'EX', '1000'], ['SETBIT', 't', '30', '1'], { cmd: ['TTL', 't'], approx: 2 }, ['GET', 't'],
  ['APPEND', 't', 'Z'], ['SETBIT', 't', '39', '1'], ['GETRANGE', 't', '3', '4'],
  // binary keys and values
  ['SET', B(0, 255), B(0, 255, 0x80)], ['SETBIT', B(0, 255), '8', '0'], ['GET', B(0, 255)], ['GETBIT', B(0, 255), '16'],
  // the write limit is proto-max-bulk-len bytes (offset >> 3 must be below it)
  ['CONFIG', 'SET', 'proto-max-bulk-len', '1048576'], ['SETBIT', 'big', '8388608', '1'], ['EXISTS', 'big'],
  ['SETBIT', 'big', '8388607', '1'], ['STRLEN', 'big'], ['GETBIT', 'big', '8388607'], ['GETBIT', 'big', '8388608'],
  ['BITCOUNT', 'big'], ['BITPOS', 'big', '1'], ['BITPOS', 'big', '0', '-1'], ['BITFIELD', 'big', 'GET', 'u8', '8388600'],
  ['BITFIELD', 'big', 'SET', 'u8', '8388600', '3'], ['BITFIELD', 'big', 'SET', 'u8', '8388601', '3'],
  ['BITFIELD', 'big', 'GET', 'u8', '8388601'], ['BITFIELD', 'big', 'SET', 'u2', '#4194303', '1'],
  ['BITFIELD', 'big', 'SET', 'u2', '#4194304', '1'], ['DEL', 'big'],
  ['CONFIG', 'SET', 'proto-max-bulk-len', '536870912'],
];

const bitcount: Step[] = [
  ['SET', 's', 'foobar'], ['BITCOUNT', 's'], ['BITCOUNT', 's', '0', '0'], ['BITCOUNT', 's', '1', '1'], ['BITCOUNT', 's', '0', '-1'],
  ['BITCOUNT', 's', '1', '-2'], ['BITCOUNT', 's', '-2', '1'], ['BITCOUNT', 's', '0', '1000'], ['BITCOUNT', 's', '-1000', '1000'],
  ['BITCOUNT', 's', '-1000', '-999'], ['BITCOUNT', 's', '-1', '-2'], ['BITCOUNT', 's', '-6', '-7'], ['BITCOUNT', 's', '6', '10'],
  ['BITCOUNT', 's', '5', '5'], ['BITCOUNT', 's', '3', '2'], ['BITCOUNT', 's', '-3', '-1'],
  ['BITCOUNT', 's', '9223372036854775807', '9223372036854775807'], ['BITCOUNT', 's', '-9223372036854775808', '9223372036854775807'],
  ['BITCOUNT', 's', '-9223372036854775808', '-9223372036854775808'], ['BITCOUNT', 's', '0', '4294967296'],
  // BIT ranges
  ['BITCOUNT', 's', '0', '-1', 'BIT'], ['BITCOUNT', 's', '0', '-1', 'bit'], ['BITCOUNT', 's', '0', '-1', 'Byte'],
  ['BITCOUNT', 's', '10', '14', 'BIT'], ['BITCOUNT', 's', '3', '14', 'BIT'], ['BITCOUNT', 's', '3', '29', 'BIT'],
  ['BITCOUNT', 's', '10', '-34', 'BIT'], ['BITCOUNT', 's', '3', '-34', 'BIT'], ['BITCOUNT', 's', '3', '-19', 'BIT'],
  ['BITCOUNT', 's', '-2', '1', 'BIT'], ['BITCOUNT', 's', '0', '1000', 'BIT'], ['BITCOUNT', 's', '-1', '-1', 'BIT'],
  ['BITCOUNT', 's', '-8', '-1', 'BIT'], ['BITCOUNT', 's', '-9', '-2', 'BIT'], ['BITCOUNT', 's', '47', '47', 'BIT'],
  ['BITCOUNT', 's', '48', '100', 'BIT'], ['BITCOUNT', 's', '5', '5', 'BIT'], ['BITCOUNT', 's', '5', '4', 'BIT'],
  ['BITCOUNT', 's', '-6', '-15', 'BIT'], ['BITCOUNT', 's', '1', '6', 'BIT'], ['BITCOUNT', 's', '-1000', '3', 'BIT'],
  ['BITCOUNT', 's', '-9223372036854775808', '-1', 'BIT'], ['BITCOUNT', 's', '0', '9223372036854775807', 'BIT'],
  // int-shaped and binary values
  ['SET', 'n', '123'], ['BITCOUNT', 'n'], ['BITCOUNT', 'n', '1', '1'], ['BITCOUNT', 'n', '3', '12', 'BIT'],
  ['SET', 'v', B(0xaa, 0, 0xff, 0x55, 1, 0x80)], ['BITCOUNT', 'v'], ['BITCOUNT', 'v', '1', '4'], ['BITCOUNT', 'v', '7', '40', 'BIT'],
  ['SET', 'empty', ''], ['BITCOUNT', 'empty'], ['BITCOUNT', 'empty', '0', '-1'], ['BITCOUNT', 'empty', '0', '-1', 'BIT'],
  ['SET', 'long', 'xyz'.repeat(5000)], ['BITCOUNT', 'long'], ['BITCOUNT', 'long', '3', '-7'], ['BITCOUNT', 'long', '13', '-77', 'BIT'],
  ['SETRANGE', 'long', '8001', B(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)], ['BITCOUNT', 'long', '8000', '8012'],
  // missing keys and errors
  ['BITCOUNT', 'nokey'], ['BITCOUNT', 'nokey', '0', '1000', 'BIT'], ['BITCOUNT', 'nokey', '-6', '-7'], ['BITCOUNT', 'nokey', '-6', '-15', 'BIT'],
  ['BITCOUNT', 's', '0'], ['BITCOUNT', 's', '0', '1', 'hello'], ['BITCOUNT', 's', '0', '1', 'hello', 'hello2'],
  ['BITCOUNT', 's', 'a', 'b'], ['BITCOUNT', 's', '0', 'b'], ['BITCOUNT', 's', '1.5', '2'], ['BITCOUNT', 's', '0', '1', 'BITS'],
  ['BITCOUNT', 's', '0', '1', ''], ['BITCOUNT', 's', '0', '1', 'BIT', 'x'], ['BITCOUNT', 's', 'x', '1', 'nope'],
  ['BITCOUNT', 's', '0', '-1', 'bit\x00junk'], ['BITCOUNT', 's', '9223372036854775808', '1'], ['BITCOUNT'],
  v74(['BITCOUNT', 'nokey', '0'], SYNTAX), v74(['BITCOUNT', 'nokey', '0', '1', 'hello'], SYNTAX),
  v74(['BITCOUNT', 'nokey', 'a', 'b'], NOT_INT), v74(['BITCOUNT', 'nokey', '0', '1', 'hello', 'x'], SYNTAX),
];

const bitpos: Step[] = [
  ['SET', 's', B(0xff, 0xf0, 0)], ['BITPOS', 's', '0'], ['BITPOS', 's', '1'], ['BITPOS', 's', '0', '1'], ['BITPOS', 's', '0', '0', '-1', 'BIT'],
  ['BITPOS', 's', '0', '1', '-1', 'bit'], ['BITPOS', 's', '1', '2'], ['BITPOS', 's', '1', '2', '2'], ['BITPOS', 's', '0', '3'],
  ['BITPOS', 's', '0', '100'], ['BITPOS', 's', '0', '-100'], ['BITPOS', 's', '0', '-1'], ['BITPOS', 's', '0', '-1', '-1'],
  ['BITPOS', 's', '1', '-1', '-1'], ['BITPOS', 's', '0', '2', '1'],
  ['SET', 'f', B(0xff, 0xff, 0xff)], ['BITPOS', 'f', '0'], ['BITPOS', 'f', '0', '0'], ['BITPOS', 'f', '0', '2'], ['BITPOS', 'f', '0', '0', '-1'],
  ['BITPOS', 'f', '0', '0', '-1', 'BIT'], ['BITPOS', 'f', '0', '0', '-1', 'BYTE'], ['BITPOS', 'f', '1', '1', '1'], ['BITPOS', 'f', '0', '-1'],
  ['BITPOS', 'f', '0', '5', '6', 'BIT'], ['BITPOS', 'f', '0', '23', '23', 'bit'], ['BITPOS', 'f', '0', '23', '100', 'bit'],
  ['SET', 'z', B(0, 0, 0)], ['BITPOS', 'z', '1'], ['BITPOS', 'z', '0'], ['BITPOS', 'z', '1', '0', '-1', 'BIT'], ['BITPOS', 'z', '0', '3', '-1', 'BIT'],
  ['SET', 'i', B(0, 0xff, 0)], ['BITPOS', 'i', '0', '0', '-1'], ['BITPOS', 'i', '0', '1', '-1'], ['BITPOS', 'i', '0', '2', '-1'],
  ['BITPOS', 'i', '0', '2', '200'], ['BITPOS', 'i', '0', '1', '1'], ['BITPOS', 'i', '0', '8', '8', 'BIT'], ['BITPOS', 'i', '0', '16', '200', 'BIT'],
  ['BITPOS', 'i', '1', '0', '-1'], ['BITPOS', 'i', '1', '2', '-1'], ['BITPOS', 'i', '1', '9', '15', 'BIT'], ['BITPOS', 'i', '1', '16', '-1', 'BIT'],
  ['BITPOS', 'i', '1', '3', '12', 'BIT'], ['BITPOS', 'i', '0', '3', '12', 'BIT'], ['BITPOS', 'i', '0', '10', '20', 'BIT'],
  ['BITPOS', 'i', '1', '-9', '-1', 'BIT'], ['BITPOS', 'i', '0', '-20', '-10', 'BIT'], ['BITPOS', 'i', '1', '15', '9', 'BIT'],
  // word-sized runs before the hit, unaligned starts
  ['SET', 'w', B(...new Array(27).fill(0xff), 0x0f)], ['BITPOS', 'w', '0'], ['BITPOS', 'w', '0', '5'], ['BITPOS', 'w', '0', '9', '-1', 'BIT'],
  ['BITPOS', 'w', '0', '65', '-1', 'BIT'], ['BITPOS', 'w', '1', '27'], ['BITPOS', 'w', '1', '216', '219', 'BIT'],
  ['SET', 'long', 'x'.repeat(10000)], ['SETBIT', 'long', '70001', '0'], ['BITPOS', 'long', '0', '1'], ['BITPOS', 'long', '1', '8750'],
  ['SETRANGE', 'long', '5000', B(...new Array(3000).fill(0))], ['BITPOS', 'long', '1', '5000'], ['BITPOS', 'long', '1', '5001', '7999'],
  ['BITPOS', 'long', '1', '40001', '63999', 'BIT'], ['BITPOS', 'long', '0', '40001', '63999', 'BIT'],
  ['SET', 'n', '123'], ['BITPOS', 'n', '1'], ['BITPOS', 'n', '0'], ['BITPOS', 'n', '0', '1'], ['BITPOS', 'n', '1', '3', '10', 'BIT'],
  ['SET', 'empty', ''], ['BITPOS', 'empty', '0'], ['BITPOS', 'empty', '1'], ['BITPOS', 'empty', '0', '0'], ['BITPOS', 'empty', '0', '0', '-1'],
  ['BITPOS', 'nokey', '0'], ['BITPOS', 'nokey', '1'], ['BITPOS', 'nokey', '0', '0', '-1', 'BIT'], ['BITPOS', 'nokey', '1', '0', '-1'],
  ['BITPOS', 'nokey', '0', '5', '2'],
  // errors
  ['BITPOS', 's', '2'], ['BITPOS', 's', '-1'], ['BITPOS', 's', 'a'], ['BITPOS', 's', ''], ['BITPOS', 's', '1.0'], ['BITPOS', 's', '2', 'x'],
  ['BITPOS', 's', '0', 'a'], ['BITPOS', 's', '0', '0', 'b'], ['BITPOS', 's', '0', '0', '1', 'hello'], ['BITPOS', 's', '0', '1', 'hello', 'hello2'],
  ['BITPOS', 's', '0', 'x', 'y', 'hello'], ['BITPOS', 's', '0', '0', 'y', 'hello'], ['BITPOS', 's', '0', '0', '1', 'BIT', 'x'],
  ['BITPOS', 's'], ['BITPOS', 's', '1', '0', '-1', 'bit\x00junk'],
  v74(['BITPOS', 'nokey', '0', '1', 'hello', 'hello2'], SYNTAX), v74(['BITPOS', 'nokey', '0', '0', '1', 'hello'], SYNTAX),
  v74(['BITPOS', 'nokey', '0', 'a', 'b'], NOT_INT), v74(['BITPOS', 'nokey', '1', '0', 'b'], NOT_INT),
];

const bitop: Step[] = [
  ['SET', 'a', B(1, 2, 0xff, 0xff)], ['SET', 'b', B(1, 2, 0xff)], ['SET', 'c', B(0x0f)],
  ['BITOP', 'AND', 'r', 'a', 'b'], ['GET', 'r'], ['BITOP', 'OR', 'r', 'a', 'b'], ['GET', 'r'], ['BITOP', 'XOR', 'r', 'a', 'b'], ['GET', 'r'],
  ['BITOP', 'and', 'r', 'a', 'b', 'c'], ['GET', 'r'], ['BITOP', 'Or', 'r', 'c', 'a', 'b'], ['GET', 'r'], ['BITOP', 'xOR', 'r', 'a', 'b', 'c', 'a'], ['GET', 'r'],
  ['BITOP', 'NOT', 'r', 'a'], ['GET', 'r'], ['BITOP', 'not', 'r', 'c'], ['GET', 'r'], ['OBJECT', 'ENCODING', 'r'],
  ['BITOP', 'AND', 'r', 'a'], ['GET', 'r'], ['BITOP', 'OR', 'r', 'a'], ['GET', 'r'], ['BITOP', 'XOR', 'r', 'a'], ['GET', 'r'],
  // missing keys are streams of zeros; an all-empty result deletes the destination
  ['BITOP', 'AND', 'r', 'nokey', 'a'], ['GET', 'r'], ['BITOP', 'OR', 'r', 'nokey', 'a', 'nokey2'], ['GET', 'r'],
  ['BITOP', 'XOR', 'r', 'nokey', 'a'], ['GET', 'r'], ['BITOP', 'AND', 'r', 'nokey', 'nokey2'], ['EXISTS', 'r'],
  ['SET', 'r', 'x'], ['BITOP', 'NOT', 'r', 'nokey'], ['EXISTS', 'r'], ['SET', 'empty', ''], ['SET', 'r', 'x'],
  ['BITOP', 'OR', 'r', 'empty', 'nokey'], ['EXISTS', 'r'], ['BITOP', 'NOT', 'r', 'empty'], ['EXISTS', 'r'],
  ['SET', 'z32', B(...new Array(32).fill(0))], ['BITOP', 'OR', 'x', 'z32', 'nokey'], ['GET', 'x'],
  // destination is a source, has a TTL, or holds another type
  ['SET', 's', B(0xaa, 0, 0xff, 0x55)], ['BITOP', 'NOT', 's', 's'], ['GET', 's'],
  ['SET', 'ttl', 'v', 'EX', '1000'], ['BITOP', 'OR', 'ttl', 'a'], ['TTL', 'ttl'], ['GET', 'ttl'],
  ['RPUSH', 'list', 'x'], ['BITOP', 'OR', 'list', 'a'], ['TYPE', 'list'], ['GET', 'list'],
  ['RPUSH', 'list2', 'x'], ['BITOP', 'AND', 'list2', 'nokey'], ['EXISTS', 'list2'],
  // int-shaped sources (each keeps its own text) and long sources of different lengths
  ['SET', 'i1', '1'], ['SET', 'i2', '2'], ['SET', 'i3', '-9223372036854775808'], ['BITOP', 'XOR', 'd', 'i1', 'i2', 'i1'], ['GET', 'd'],
  ['BITOP', 'OR', 'd', 'i3', 'i1', 'i2'], ['GET', 'd'], ['BITOP', 'AND', 'd', 'i3', 'i3'], ['GET', 'd'], ['BITOP', 'NOT', 'd', 'i3'], ['GET', 'd'],
  ['SET', 'l1', 'abcdefghij'.repeat(300)], ['SET', 'l2', 'ZYXWVUTS'.repeat(377)], ['SET', 'l3', 'q'.repeat(1001)],
  ['BITOP', 'AND', 'd', 'l1', 'l2', 'l3'], ['GET', 'd'], ['BITOP', 'OR', 'd', 'l1', 'l2', 'l3'], ['GET', 'd'],
  ['BITOP', 'XOR', 'd', 'l3', 'l2', 'l1'], ['GET', 'd'], ['BITOP', 'NOT', 'd', 'l2'], ['GET', 'd'],
  // many sources (past the command's static source table)
  ['BITOP', 'XOR', 'm', ...Array.from({ length: 70 }, (_, i) => ['a', 'b', 'c', 'i1', 'l3', 'nokey'][i % 6])], ['GET', 'm'],
  ['BITOP', 'AND', 'm', ...Array.from({ length: 100 }, () => 'a')], ['GET', 'm'],
  // errors
  ['BITOP', 'NOT', 'r', 'a', 'b'], ['BITOP', 'NOT', 'r'], ['BITOP', 'NAND', 'r', 'a'], ['BITOP', 'ANDOR', 'r', 'a', 'b'],
  ['BITOP', 'DIFF', 'r', 'a', 'b'], ['BITOP', 'ONE', 'r', 'a', 'b'], ['BITOP', '', 'r', 'a'], ['BITOP', 'and\x00x', 'r', 'a'], ['GET', 'r'],
  ['BITOP', 'AND', 'r'], ['BITOP', 'AND'], ['SET', 'r', 'keep'], ['BITOP', 'XOR', 'r', 'a', 'list', 'b'], ['GET', 'r'],
  ['BITOP', 'NOT', 'r', 'list'], ['BITOP', 'OR', 'list', 'list'], ['TYPE', 'list'],
];

const bitfield: Step[] = [
  ['BITFIELD', 'bf', 'SET', 'i8', '0', '-100'], ['BITFIELD', 'bf', 'SET', 'i8', '0', '101'], ['BITFIELD', 'bf', 'GET', 'i8', '0'],
  ['BITFIELD', 'bf', 'SET', 'u8', '0', '255', 'INCRBY', 'u8', '0', '100', 'GET', 'u8', '0'], ['GET', 'bf'], ['OBJECT', 'ENCODING', 'bf'],
  ['BITFIELD', 'bf'], ['BITFIELD', 'nokey'], ['EXISTS', 'nokey'], ['BITFIELD', 'nokey', 'GET', 'u8', '0', 'GET', 'i64', '100'], ['EXISTS', 'nokey'],
  ['BITFIELD', 'h', 'SET', 'u8', '#0', '65', 'SET', 'u8', '#1', '66', 'SET', 'u8', '#2', '67'], ['GET', 'h'],
  ['BITFIELD', 'h', 'GET', 'u4', '#3', 'GET', 'i3', '#7', 'GET', 'u1', '#23', 'GET', 'i64', '#0', 'GET', 'u63', '#0'],
  ['BITFIELD', 'h', 'INCRBY', 'u8', '#0', '100', 'INCRBY', 'u8', '#0', '100', 'GET', 'u8', '#0'],
  // overflow policies
  ['DEL', 'o'], ['BITFIELD', 'o', 'SET', 'u8', '#0', '100'], ['BITFIELD', 'o', 'OVERFLOW', 'WRAP', 'INCRBY', 'u8', '#0', '257'],
  ['BITFIELD', 'o', 'overflow', 'wrap', 'incrby', 'u8', '#0', '255'], ['BITFIELD', 'o', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '#0', '257'],
  ['BITFIELD', 'o', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '#0', '-255'], ['BITFIELD', 'o', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '#0', '-1'],
  ['BITFIELD', 'o', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '#0', '255', 'INCRBY', 'u8', '#0', '256', 'GET', 'u8', '#0'],
  ['BITFIELD', 'o', 'SET', 'i8', '#0', '100', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', '#0', '257', 'INCRBY', 'i8', '#0', '-255', 'OVERFLOW', 'WRAP', 'INCRBY', 'i8', '#0', '-1'],
  ['BITFIELD', 'o', 'OVERFLOW', 'FAIL', 'SET', 'i8', '#0', '128', 'SET', 'i8', '#0', '-129', 'SET', 'i8', '#0', '-128', 'SET', 'u8', '#1', '256', 'SET', 'u8', '#1', '-1'],
  ['BITFIELD', 'o', 'OVERFLOW', 'SAT', 'SET', 'i8', '#0', '128', 'SET', 'i8', '#0', '-129', 'SET', 'u8', '#1', '256', 'SET', 'u8', '#1', '-1', 'GET', 'u8', '#1'],
  ['BITFIELD', 'o', 'OVERFLOW', 'WRAP', 'SET', 'i8', '#0', '128', 'SET', 'i8', '#0', '-129', 'SET', 'u8', '#1', '256', 'SET', 'u8', '#1', '-1', 'GET', 'u8', '#1'],
  ['BITFIELD', 'o', 'OVERFLOW', 'SAT', 'SET', 'i8', '0', '-9223372036854775808', 'SET', 'i8', '0', '-9223372036854775681', 'SET', 'i8', '0', '-9223372036854775680', 'GET', 'i8', '0'],
  ['BITFIELD', 'o', 'OVERFLOW', 'FAIL', 'OVERFLOW', 'WRAP', 'INCRBY', 'u2', '0', '5'], ['BITFIELD', 'o', 'OVERFLOW', 'SAT'],
  // widths at their limits: i1, u1, i64, u63
  ['DEL', 'w'], ['BITFIELD', 'w', 'SET', 'i1', '0', '-1', 'GET', 'i1', '0', 'GET', 'u1', '0', 'SET', 'i1', '0', '1', 'GET', 'i1', '0'],
  ['BITFIELD', 'w', 'OVERFLOW', 'SAT', 'INCRBY', 'i1', '0', '5', 'INCRBY', 'i1', '0', '-5', 'INCRBY', 'u1', '0', '5', 'INCRBY', 'u1', '0', '-5'],
  ['BITFIELD', 'w', 'SET', 'i64', '3', '9223372036854775807', 'INCRBY', 'i64', '3', '1', 'GET', 'i64', '3'],
  ['BITFIELD', 'w', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '3', '9223372036854775807', 'INCRBY', 'i64', '3', '-9223372036854775808', 'INCRBY', 'i64', '3', '-9223372036854775808'],
  ['BITFIELD', 'w', 'OVERFLOW', 'FAIL', 'INCRBY', 'i64', '3', '-1', 'SET', 'i64', '3', '-9223372036854775808', 'INCRBY', 'i64', '3', '-1', 'INCRBY', 'i64', '3', '9223372036854775807', 'INCRBY', 'i64', '3', '1'],
  ['BITFIELD', 'w', 'OVERFLOW', 'WRAP', 'SET', 'i64', '3', '-9223372036854775808', 'INCRBY', 'i64', '3', '-1', 'INCRBY', 'i64', '3', '-9223372036854775808', 'GET', 'i64', '3'],
  ['BITFIELD', 'w', 'SET', 'u63', '5', '9223372036854775807', 'INCRBY', 'u63', '5', '1', 'GET', 'u63', '5', 'SET', 'u63', '5', '-1', 'GET', 'u63', '5'],
  ['BITFIELD', 'w', 'OVERFLOW', 'SAT', 'SET', 'u63', '5', '4611686018427387904', 'INCRBY', 'u63', '5', '9223372036854775807', 'INCRBY', 'u63', '5', '-9223372036854775808', 'SET', 'u63', '5', '-1'],
  ['BITFIELD', 'w', 'OVERFLOW', 'FAIL', 'SET', 'u63', '5', '-1', 'INCRBY', 'u63', '5', '9223372036854775807', 'INCRBY', 'u63', '5', '-1', 'SET', 'u62', '5', '4611686018427387904'],
  ['GET', 'w'], ['STRLEN', 'w'],
  // unaligned fields over existing bytes; reads past the end are zeros
  ['SET', 'v', 'foobar'], ['BITFIELD', 'v', 'GET', 'u13', '5', 'GET', 'i17', '11', 'GET', 'u63', '1', 'GET', 'i64', '7', 'GET', 'u8', '44', 'GET', 'i16', '40', 'GET', 'u8', '1000'],
  ['BITFIELD', 'v', 'SET', 'u13', '5', '8191', 'SET', 'i17', '30', '-2', 'INCRBY', 'u7', '41', '3'], ['GET', 'v'],
  ['BITFIELD', 'v', 'SET', 'u8', '100', '1'], ['GET', 'v'], ['STRLEN', 'v'],
  ['SET', 'n', '123'], ['BITFIELD', 'n', 'GET', 'u8', '0', 'GET', 'u24', '0', 'GET', 'i4', '20'], ['BITFIELD_RO', 'n', 'GET', 'u8', '8'],
  ['BITFIELD', 'n', 'INCRBY', 'u8', '16', '1'], ['GET', 'n'], ['OBJECT', 'ENCODING', 'n'],
  // #N offsets, big offsets near 2^32 bits (read only: no allocation)
  ['BITFIELD', 'v', 'GET', 'u8', '#1', 'GET', 'i16', '#2', 'GET', 'u3', '#5'], ['BITFIELD', 'v', 'GET', 'u8', '4294967288', 'GET', 'i64', '4294967231'],
  ['BITFIELD_RO', 'nokey', 'GET', 'u8', '4294967288'], ['BITFIELD', 'v', 'GET', 'u8', '4294967296'], ['BITFIELD', 'v', 'GET', 'u8', '#536870911'],
  ['BITFIELD', 'v', 'GET', 'u8', '#536870912'], ['BITFIELD', 'v', 'GET', 'i64', '#67108864'], ['BITFIELD', 'v', 'GET', 'i64', '#67108863'],
  ['BITFIELD', 'v', 'GET', 'i64', '#1152921504606846976'], ['BITFIELD', 'v', 'GET', 'i64', '#144115188075855872'],
  ['BITFIELD', 'v', 'GET', 'u8', '#-1'], ['BITFIELD', 'v', 'GET', 'u8', '#'], ['BITFIELD', 'v', 'GET', 'u8', '##1'], ['BITFIELD', 'v', 'GET', 'u8', '#1.5'],
  ['BITFIELD', 'v', 'GET', 'u8', '-1'], ['BITFIELD', 'v', 'GET', 'u8', ''], ['BITFIELD', 'v', 'GET', 'u8', ' 1'],
  // type errors
  ['BITFIELD', 'v', 'GET', 'u64', '0'], ['BITFIELD', 'v', 'GET', 'i65', '0'], ['BITFIELD', 'v', 'GET', 'i0', '0'], ['BITFIELD', 'v', 'GET', 'u0', '0'],
  ['BITFIELD', 'v', 'GET', 'I8', '0'], ['BITFIELD', 'v', 'GET', 'U8', '0'], ['BITFIELD', 'v', 'GET', 'x8', '0'], ['BITFIELD', 'v', 'GET', 'i', '0'],
  ['BITFIELD', 'v', 'GET', '', '0'], ['BITFIELD', 'v', 'GET', 'i08', '0'], ['BITFIELD', 'v', 'GET', 'u-1', '0'], ['BITFIELD', 'v', 'GET', 'i8 ', '0'],
  ['BITFIELD', 'v', 'GET', 'i8\x00zz', '0'], ['BITFIELD', 'v', 'GET', 'i+8', '0'], ['BITFIELD', 'v', 'GET', 'i9223372036854775808', '0'],
  // syntax and argument errors (nothing is applied when any part is wrong)
  ['BITFIELD', 'v', 'GET'], ['BITFIELD', 'v', 'GET', 'u8'], ['BITFIELD', 'v', 'SET', 'u8', '0'], ['BITFIELD', 'v', 'INCRBY', 'u8', '0'],
  ['BITFIELD', 'v', 'OVERFLOW'], ['BITFIELD', 'v', 'OVERFLOW', 'NOPE', 'GET', 'u8', '0'], ['BITFIELD', 'v', 'FOO', 'u8', '0'],
  ['BITFIELD', 'v', 'SET', 'u8', '0', 'x'], ['BITFIELD', 'v', 'SET', 'u8', '0', '1.5'], ['BITFIELD', 'v', 'INCRBY', 'u8', '0', '9223372036854775808'],
  ['BITFIELD', 'v', 'SET', 'u8', '0', '9', 'GET', 'x8', '0'], ['BITFIELD', 'v', 'SET', 'u8', '0', '9', 'OVERFLOW', 'X'], ['GET', 'v'],
  ['BITFIELD', 'v', 'GET', 'u8', '0', 'GET', 'u8'], ['BITFIELD', 'v', 'get\x00x', 'u8', '0'], ['BITFIELD', 'v', 'OVERFLOW', 'sat\x00x', 'GET', 'u8', '0'],
  ['BITFIELD', 'v', 'SET', 'u8', '-1', 'x'], ['BITFIELD', 'v', 'SET', 'u65', 'x', 'x'],
  // BITFIELD_RO
  ['BITFIELD_RO', 'v'], ['BITFIELD_RO', 'v', 'GET', 'u8', '0', 'GET', 'i4', '#3'], ['BITFIELD_RO', 'v', 'SET', 'u8', '0', '100', 'GET', 'u8', '0'],
  ['BITFIELD_RO', 'v', 'INCRBY', 'u8', '0', '1'], ['BITFIELD_RO', 'v', 'OVERFLOW', 'SAT', 'GET', 'u8', '0'], ['BITFIELD_RO', 'v', 'OVERFLOW', 'SAT'],
  ['BITFIELD_RO', 'v', 'SET', 'u8', '0', 'x'], ['BITFIELD_RO', 'v', 'SET', 'x8', '0', '1'], ['BITFIELD_RO', 'nokey', 'SET', 'u8', '0', '1'], ['EXISTS', 'nokey'],
  ['BITFIELD_RO'], ['BITFIELD'],
  // GET on an int-shaped value; a write that grows the value in the middle of a program
  ['SET', 'r', '7'], ['BITFIELD', 'r', 'GET', 'u1', '0', 'GET', 'u3', '5'], ['DEL', 'r'],
  ['BITFIELD', 'r', 'SET', 'i8', '0', '12', 'SET', 'i8', '72', '-3', 'INCRBY', 'i8', '9', '12345'], ['GET', 'r'],
  // FAIL leaves a newly created key behind (grown before the ops run)
  ['BITFIELD', 'f', 'OVERFLOW', 'FAIL', 'SET', 'u8', '16', '256'], ['GET', 'f'], ['BITFIELD', 'f', 'OVERFLOW', 'FAIL', 'SET', 'u8', '40', '-1'], ['STRLEN', 'f'],
  ['SET', 't', 'x', 'EX', '1000'], ['BITFIELD', 't', 'SET', 'u8', '16', '1'], { cmd: ['TTL', 't'], approx: 2 },
];

const wrongtype: Step[] = [
  ['RPUSH', 'l', 'a', 'b'],
  ['SETBIT', 'l', '0', '1'], ['SETBIT', 'l', '-1', '1'], ['SETBIT', 'l', '0', '2'], ['GETBIT', 'l', '0'], ['GETBIT', 'l', 'x'],
  ['BITCOUNT', 'l'], ['BITCOUNT', 'l', '0', '100'], ['BITCOUNT', 'l', '-6', '-7'], ['BITCOUNT', 'l', '-6', '-15', 'BIT'],
  ['BITPOS', 'l', '0'], ['BITPOS', 'l', '1', '10', '100'], ['BITPOS', 'l', '2'], ['BITPOS', 'l', 'x'],
  v74(['BITCOUNT', 'l', 'a', 'b'], NOT_INT), v74(['BITCOUNT', 'l', '0'], SYNTAX), v74(['BITCOUNT', 'l', '0', '1', 'x'], SYNTAX),
  v74(['BITPOS', 'l', '1', 'a', 'b'], NOT_INT), v74(['BITPOS', 'l', '0', 'a'], NOT_INT), v74(['BITPOS', 'l', '0', '0', '1', 'x'], SYNTAX),
  ['BITOP', 'AND', 'd', 'l'], ['BITOP', 'NOT', 'd', 'l'], ['BITOP', 'XOR', 'd', 'nokey', 'l'], ['EXISTS', 'd'],
  ['BITFIELD', 'l'], ['BITFIELD', 'l', 'GET', 'u8', '0'], ['BITFIELD', 'l', 'SET', 'u8', '0', '1'], ['BITFIELD', 'l', 'GET', 'x', '0'],
  ['BITFIELD_RO', 'l'], ['BITFIELD_RO', 'l', 'GET', 'u8', '0'], ['BITFIELD_RO', 'l', 'SET', 'u8', '0', '1'],
];

const introspection: Step[] = [
  ['COMMAND', 'INFO', 'setbit', 'getbit', 'bitcount', 'bitpos', 'bitop', 'bitfield', 'bitfield_ro'],
  ['COMMAND', 'DOCS', 'bitfield_ro'], ['COMMAND', 'GETKEYS', 'bitop', 'and', 'd', 'a', 'b'],
  ['COMMAND', 'GETKEYSANDFLAGS', 'bitfield', 'k', 'get', 'u8', '0'], ['COMMAND', 'GETKEYSANDFLAGS', 'bitfield', 'k', 'set', 'u8', '0', '1'],
  ['COMMAND', 'GETKEYSANDFLAGS', 'bitop', 'or', 'd', 'a', 'b'],
];

defineDiffSuite('compat: bitmaps', {
  setgetbit, bitcount, bitpos, bitop, bitfield,
  wrongtype: { steps: wrongtype, requires: ['rpush'] },
  introspection,
});

// ---- randomized ------------------------------------------------------------------------------------
// A seeded generator of bitmap commands (and a few string writers) over four keys, with offsets and
// ranges around byte/word boundaries and the ends of the values, random BITFIELD programs over every
// width and overflow policy, and int-shaped values. All arguments are valid for both 7.0 and 7.4
// (the argument-order change above only shows on invalid ones), so every reply is compared exactly.
// Rerun a failure with CINNABAR_SEED=<seed>; CINNABAR_RANDOM_OPS sets the number of commands.

function generator(seed: number) {
  const r = mulberry32(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: T[]): T => xs[int(xs.length)];
  const keys = ['b1', 'b2', 'b3', 'b4'];
  const key = () => pick(keys);
  const offset = () => String(r() < 0.5 ? int(64) : r() < 0.8 ? int(600) : int(5000));
  const idx = () => String(r() < 0.7 ? int(40) - 20 : int(1400) - 700);
  const width = () => {
    const signed = r() < 0.5;
    const bits = r() < 0.3 ? pick(signed ? [1, 8, 16, 32, 63, 64] : [1, 8, 16, 32, 62, 63]) : 1 + int(signed ? 64 : 63);
    return { t: `${signed ? 'i' : 'u'}${bits}`, bits, signed };
  };
  const value = (bits: number, signed: boolean) => {
    const x = r();
    const span = 1n << BigInt(bits);
    let v: bigint;
    if (x < 0.3) v = pick([0n, 1n, -1n, span - 1n, span, -span, span / 2n, -(span / 2n), span / 2n - 1n, -(span / 2n) - 1n]);
    else if (x < 0.8) v = BigInt(int(2000) - 1000);
    else v = BigInt(Math.floor(r() * 2 ** 32)) << 32n | BigInt(Math.floor(r() * 2 ** 32));
    if (!signed && x < 0.1) v = span - 1n;
    return String(BigInt.asIntN(64, v));
  };
  const bitfieldOps = (ro: boolean): string[] => {
    const out: string[] = [];
    const n = 1 + int(5);
    for (let i = 0; i < n; i++) {
      if (!ro && r() < 0.2) out.push('OVERFLOW', pick(['WRAP', 'SAT', 'FAIL']));
      const w = width();
      const off = r() < 0.3 ? `#${int(80)}` : offset();
      const op = ro ? 'GET' : pick(['GET', 'SET', 'INCRBY']);
      out.push(op, w.t, off);
      if (op !== 'GET') out.push(value(w.bits, w.signed));
    }
    return out;
  };
  const strValue = () => pick(['', 'a', 'foobar', '123', '-9223372036854775808', '0', 'x'.repeat(44), 'y'.repeat(45),
    '\x00\xff\x80\x7f', '\xff'.repeat(int(40)), '\x00'.repeat(int(40)), String(int(100000))]);
  const unit = () => (r() < 0.5 ? [] : [pick(['BIT', 'BYTE', 'bit'])]);
  const cmds: Array<() => string[]> = [
    () => ['SETBIT', key(), offset(), pick(['0', '1'])],
    () => ['SETBIT', key(), offset(), pick(['0', '1'])],
    () => ['GETBIT', key(), offset()],
    () => ['BITCOUNT', key()],
    () => ['BITCOUNT', key(), idx(), idx(), ...unit()],
    () => ['BITPOS', key(), pick(['0', '1'])],
    () => ['BITPOS', key(), pick(['0', '1']), idx()],
    () => ['BITPOS', key(), pick(['0', '1']), idx(), idx(), ...unit()],
    () => ['BITOP', pick(['AND', 'OR', 'XOR']), key(), key(), ...Array.from({ length: int(3) }, key)],
    () => ['BITOP', 'NOT', key(), key()],
    () => ['BITFIELD', key(), ...bitfieldOps(false)],
    () => ['BITFIELD_RO', key(), ...bitfieldOps(true)],
    () => ['SET', key(), strValue()],
    () => ['APPEND', key(), strValue()],
    () => ['GET', key()],
    () => ['STRLEN', key()],
    () => ['DEL', key()],
    () => ['INCR', key()],
  ];
  return () => pick(cmds)();
}

const reason = redisMissingReason();
(reason ? describe.skip : describe)(`compat: randomized bitmap commands${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let pair: DiffPair | null = null;
  beforeAll(async () => { if (!reason) pair = await DiffPair.start(); });
  afterAll(async () => { await pair?.stop(); });

  for (const resp of [2, 3]) {
    it(`replies are identical (RESP${resp})`, async () => {
      const seed = testSeed(0x5eed0003 + resp, resp);
      const ops = Number(process.env.CINNABAR_RANDOM_OPS ?? 3000);
      const next = generator(seed);
      const rc = await RawClient.connect(pair!.redisServer.port);
      const cc = await RawClient.connect(pair!.cinnabarServer.port);
      const diffs: string[] = [];
      try {
        for (const c of [rc, cc]) {
          await c.call('FLUSHALL');
          if (resp === 3) await c.call('HELLO', '3');
        }
        for (let i = 0; i < ops && diffs.length < 5; i++) {
          const cmd = next();
          const [a, b] = await Promise.all([rc.call(...cmd), cc.call(...cmd)]);
          if (!a.equals(b)) diffs.push(`#${i} ${show(cmd.join(' '), 200)}\n  redis:    ${show(a, 300)}\n  cinnabar: ${show(b, 300)}`);
        }
        // the final keyspace too
        for (const k of ['b1', 'b2', 'b3', 'b4']) {
          const [a, b] = await Promise.all([rc.call('GET', k), cc.call('GET', k)]);
          if (!a.equals(b)) diffs.push(`final GET ${k}\n  redis:    ${show(a, 300)}\n  cinnabar: ${show(b, 300)}`);
        }
      } finally { rc.close(); cc.close(); }
      expect(diffs, `seed ${seed}:\n${diffs.join('\n')}`).toEqual([]);
    }, 120_000);
  }
});
