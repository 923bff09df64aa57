// Differential: list commands against a real redis-server, byte for byte, in RESP2 and RESP3.
// BLMOVE BLMPOP BLPOP BRPOP BRPOPLPUSH LINDEX LINSERT LLEN LMOVE LMPOP LPOP LPOS LPUSH LPUSHX LRANGE
// LREM LSET LTRIM RPOP RPOPLPUSH RPUSH RPUSHX, CLIENT UNBLOCK, blocked_clients.
//
// Every script runs under several list configurations so both encodings (listpack and quicklist,
// with packed and plain nodes, with and without LZF-compressed inner nodes) are exercised on both
// sides of their thresholds. Replies must not depend on the encoding.
//
// Where the reference (Redis 7.0.15) differs from the target (7.4), steps carry `expect` with the
// 7.4 bytes:
// - OBJECT ENCODING: 7.0 has no listpack lists (always "quicklist"); 7.4 converts at the
//   list-max-listpack-size limit (listTypeTryConversion).
// - LPOS RANK / LREM count of -9223372036854775808: 7.4 range-checks them (-LONG_MAX..LONG_MAX).
// - LSET index: 7.4 passes it to listTypeReplaceAtIndex as an int (4294967296 addresses element 0).
// - Blocking timeouts: 7.4 rounds seconds*1000 up (ceil) and rejects values whose deadline would
//   overflow ("timeout is out of range"); 7.0 truncates.
import { defineDiffSuite, type Step } from '../helpers/diff.ts';
import { mulberry32 } from '../helpers/gen.ts';
import { intShape } from '../helpers/norm.ts';

const e74 = (bytes: string, why: string) => ({ expect: bytes, why });
const ENC_WHY = 'OBJECT ENCODING: Redis 7.4 has listpack lists (7.0 reports quicklist for every list)';
const enc = (key: string, want: 'listpack' | 'quicklist'): Step =>
  ({ cmd: ['OBJECT', 'ENCODING', key], ...e74(`$${want.length}\r\n${want}\r\n`, ENC_WHY) });

const BIG = 'x'.repeat(5000);
const HUGE = 'h'.repeat(70000);
const MID = 'm'.repeat(300);

const basics: Step[] = [
  ['LPUSH', 'l', 'a'], ['LPUSH', 'l', 'b', 'c'], ['RPUSH', 'l', 'd', 'e', 'f'], ['LLEN', 'l'], ['LRANGE', 'l', '0', '-1'],
  ['LINDEX', 'l', '0'], ['LINDEX', 'l', '-1'], ['LINDEX', 'l', '5'], ['LINDEX', 'l', '6'], ['LINDEX', 'l', '-7'],
  ['LINDEX', 'l', 'abc'], ['LINDEX', 'nokey', 'abc'], ['LINDEX', 'l', '9223372036854775807'], ['LINDEX', 'l', '-9223372036854775808'],
  ['LPUSHX', 'l', 'x', 'y'], ['RPUSHX', 'l', 'z'], ['LPUSHX', 'nokey', 'x'], ['RPUSHX', 'nokey', 'x'], ['EXISTS', 'nokey'],
  ['LRANGE', 'l', '0', '-1'], ['LLEN', 'nokey'], ['LRANGE', 'nokey', '0', '-1'],
  ['RPUSH', 'n', '1', '-1', '0', '127', '128', '-4096', '4095', '32767', '-32768', '8388607', '2147483647', '-2147483648',
    '9223372036854775807', '-9223372036854775808', '9223372036854775808', '01', '+1', '-0', '1.5', ' 1', '12345678901234567890'],
  ['LRANGE', 'n', '0', '-1'], ['LINDEX', 'n', '13'], ['LINDEX', 'n', '-1'], ['LPOS', 'n', '-1'], ['LPOS', 'n', '01'],
  ['LPUSH', 'b', BIG, MID, 'small', BIG + 'y'], ['LRANGE', 'b', '0', '-1'], ['LINDEX', 'b', '0'], ['LINDEX', 'b', '-1'], ['LLEN', 'b'],
  ['RPUSH', Buffer.from([0, 255, 13, 10]), Buffer.from([1, 0, 2])], ['LRANGE', Buffer.from([0, 255, 13, 10]), '0', '-1'],
  ['RPUSH', 'e', ''], ['LRANGE', 'e', '0', '-1'], ['LLEN', 'e'],
  // WRONGTYPE everywhere
  ['SET', 's', 'str'], ['LPUSH', 's', 'a'], ['RPUSH', 's', 'a'], ['LPUSHX', 's', 'a'], ['RPUSHX', 's', 'a'], ['LLEN', 's'],
  ['LINDEX', 's', '0'], ['LINDEX', 's', 'abc'], ['LRANGE', 's', '0', '-1'], ['LRANGE', 's', 'a', '0'], ['LSET', 's', '0', 'x'],
  ['LSET', 's', 'a', 'x'], ['LPOP', 's'], ['RPOP', 's', '2'], ['LINSERT', 's', 'before', 'a', 'b'], ['LINSERT', 's', 'middle', 'a', 'b'],
  ['LREM', 's', '0', 'a'], ['LTRIM', 's', '0', '1'], ['LPOS', 's', 'a'], ['LMOVE', 's', 'l', 'left', 'left'],
  ['LMOVE', 'l', 's', 'left', 'left'], ['RPOPLPUSH', 's', 'l'], ['RPOPLPUSH', 'l', 's'], ['LMPOP', '2', 'nokey', 's', 'left'],
  ['BLPOP', 's', '0'], ['BRPOP', 'nokey', 's', '0'], ['BLMPOP', '0', '1', 's', 'left'], ['BLMOVE', 's', 'l', 'left', 'left', '0'],
  ['BRPOPLPUSH', 's', 'l', '0'], ['BRPOPLPUSH', 'l', 's', '0'], ['LRANGE', 'l', '0', '-1'],
  // arity
  ['LPUSH', 'l'], ['RPUSH'], ['LLEN'], ['LLEN', 'a', 'b'], ['LINDEX', 'l'], ['LRANGE', 'l', '0'], ['LSET', 'l', '0'],
  ['LPOP'], ['LPOP', 'l', '1', '2'], ['RPOP', 'l', '1', 'x'], ['LINSERT', 'l', 'before', 'a'], ['LREM', 'l', '0'],
  ['LTRIM', 'l', '0'], ['LPOS', 'l'], ['LMOVE', 'a', 'b', 'left'], ['RPOPLPUSH', 'a'], ['LMPOP', '1', 'a'],
  ['BLPOP', 'l'], ['BRPOP'], ['BLMOVE', 'a', 'b', 'left', 'left'], ['BRPOPLPUSH', 'a', 'b'], ['BLMPOP', '0', '1', 'a'],
  ['lpush', 'case', 'A'], ['LlEn', 'case'], ['DEL', 'l', 'n', 'b', 'e', 'case'], ['EXISTS', 'l'],
];

const pops: Step[] = [
  ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', '1', '2', '3'],
  ['LPOP', 'l'], ['RPOP', 'l'], ['LPOP', 'l', '2'], ['RPOP', 'l', '2'], ['LPOP', 'l', '0'], ['RPOP', 'l', '0'],
  ['LPOP', 'l', '-1'], ['LPOP', 'l', 'abc'], ['LPOP', 'l', '9223372036854775808'], ['LPOP', 'l', '1.5'], ['LPOP', 'l', ''],
  ['LRANGE', 'l', '0', '-1'], ['RPOP', 'l', '100'], ['EXISTS', 'l'], ['LPOP', 'l'], ['LPOP', 'l', '1'], ['LPOP', 'l', '0'],
  ['RPOP', 'nokey', '-1'], ['RPOP', 'nokey', 'x'],
  ['RPUSH', 'l', 'x'], ['RPOP', 'l', '9223372036854775807'], ['EXISTS', 'l'],
  ['RPUSH', 'b', BIG, 'a', BIG, 'b', HUGE], ['RPOP', 'b'], ['LPOP', 'b', '2'], ['LRANGE', 'b', '0', '-1'], ['RPOP', 'b', '5'],
  ['EXISTS', 'b'],
];

const ranges: Step[] = [
  ['RPUSH', 'l', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  ['LRANGE', 'l', '0', '-1'], ['LRANGE', 'l', '2', '4'], ['LRANGE', 'l', '-3', '-1'], ['LRANGE', 'l', '-100', '100'],
  ['LRANGE', 'l', '5', '2'], ['LRANGE', 'l', '10', '20'], ['LRANGE', 'l', '-100', '-50'], ['LRANGE', 'l', '0', '-11'],
  ['LRANGE', 'l', '0', '-10'], ['LRANGE', 'l', '9', '9'], ['LRANGE', 'l', '-1', '-1'], ['LRANGE', 'l', '-9223372036854775808', '9223372036854775807'],
  ['LRANGE', 'l', 'a', '1'], ['LRANGE', 'l', '1', 'b'], ['LRANGE', 'l', '1.0', '2'], ['LRANGE', 'l', '9223372036854775808', '1'],
  ['LTRIM', 'l', '1', '-2'], ['LRANGE', 'l', '0', '-1'], ['LTRIM', 'l', '-100', '100'], ['LRANGE', 'l', '0', '-1'],
  ['LTRIM', 'l', '2', '1'], ['EXISTS', 'l'], ['LTRIM', 'l', '0', '1'], ['LTRIM', 'nokey', 'a', '1'],
  ['RPUSH', 'l', 'a', 'b', 'c', 'd'], ['LTRIM', 'l', '-2', '-1'], ['LRANGE', 'l', '0', '-1'], ['LTRIM', 'l', '5', '10'], ['EXISTS', 'l'],
  ['RPUSH', 'l', 'a', 'b', 'c', 'd'], ['LTRIM', 'l', '0', '-5'], ['EXISTS', 'l'],
  ['RPUSH', 'l', 'a', 'b', 'c', 'd'], ['LTRIM', 'l', '0', '0'], ['LRANGE', 'l', '0', '-1'], ['LTRIM', 'l', 'x', '0'],
  ['LTRIM', 'l', '-9223372036854775808', '9223372036854775807'], ['LRANGE', 'l', '0', '-1'],
];

const lpos: Step[] = [
  ['RPUSH', 'l', 'a', 'b', 'c', '1', '2', '3', 'c', 'c', 'a', '1'],
  ['LPOS', 'l', 'a'], ['LPOS', 'l', 'c'], ['LPOS', 'l', '1'], ['LPOS', 'l', 'zz'], ['LPOS', 'l', '01'],
  ['LPOS', 'l', 'c', 'RANK', '2'], ['LPOS', 'l', 'c', 'RANK', '-1'], ['LPOS', 'l', 'c', 'RANK', '-3'], ['LPOS', 'l', 'c', 'RANK', '4'],
  ['LPOS', 'l', 'c', 'RANK', '0'], ['LPOS', 'l', 'c', 'RANK', 'x'], ['LPOS', 'l', 'c', 'RANK', '9223372036854775807'],
  { cmd: ['LPOS', 'l', 'c', 'RANK', '-9223372036854775808'], ...e74('-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n', 'LPOS RANK range check (7.4)') },
  ['LPOS', 'l', 'c', 'COUNT', '0'], ['LPOS', 'l', 'c', 'COUNT', '2'], ['LPOS', 'l', 'c', 'COUNT', '10'], ['LPOS', 'l', 'zz', 'COUNT', '0'],
  ['LPOS', 'l', 'c', 'COUNT', '-1'], ['LPOS', 'l', 'c', 'COUNT', 'x'], ['LPOS', 'l', 'c', 'COUNT', '1', 'RANK', '-1'],
  ['LPOS', 'l', 'c', 'RANK', '2', 'COUNT', '2'], ['LPOS', 'l', 'c', 'RANK', '-2', 'COUNT', '0'],
  ['LPOS', 'l', 'c', 'MAXLEN', '3'], ['LPOS', 'l', 'c', 'MAXLEN', '2'], ['LPOS', 'l', 'c', 'MAXLEN', '0'], ['LPOS', 'l', 'c', 'MAXLEN', '-1'],
  ['LPOS', 'l', 'c', 'MAXLEN', 'x'], ['LPOS', 'l', 'c', 'COUNT', '0', 'MAXLEN', '7'], ['LPOS', 'l', 'a', 'RANK', '-1', 'MAXLEN', '1'],
  ['LPOS', 'l', 'a', 'RANK', '-1', 'MAXLEN', '2', 'COUNT', '0'], ['LPOS', 'l', 'c', 'RANK'], ['LPOS', 'l', 'c', 'COUNT'],
  ['LPOS', 'l', 'c', 'FOO', '1'], ['LPOS', 'l', 'c', 'rank', '1', 'count', '1', 'maxlen', '0'], ['LPOS', 'l', 'c', 'RANK', '1', 'RANK', '2'],
  ['LPOS', 'nokey', 'a'], ['LPOS', 'nokey', 'a', 'COUNT', '1'], ['LPOS', 'nokey', 'a', 'RANK', '0'],
  ['RPUSH', 'b', BIG, 'x', BIG], ['LPOS', 'b', BIG, 'COUNT', '0'], ['LPOS', 'b', 'x'],
];

const edits: Step[] = [
  ['RPUSH', 'l', 'a', 'b', 'c', 'b', '1'],
  ['LINSERT', 'l', 'BEFORE', 'b', 'X'], ['LINSERT', 'l', 'after', 'b', 'Y'], ['LINSERT', 'l', 'after', '1', '2'],
  ['LINSERT', 'l', 'before', 'a', '0'], ['LINSERT', 'l', 'before', 'zz', 'Q'], ['LINSERT', 'l', 'after', 'c', BIG],
  ['LINSERT', 'l', 'middle', 'b', 'x'], ['LINSERT', 'nokey', 'before', 'a', 'b'], ['LINSERT', 'nokey', 'middle', 'a', 'b'],
  ['LRANGE', 'l', '0', '-1'], ['LLEN', 'l'],
  ['LSET', 'l', '0', 'first'], ['LSET', 'l', '-1', 'last'], ['LSET', 'l', '100', 'x'], ['LSET', 'l', '-100', 'x'],
  ['LSET', 'l', 'abc', 'x'], ['LSET', 'nokey', '0', 'x'], ['LSET', 'l', '3', HUGE], ['LSET', 'l', '4', '12345'], ['LRANGE', 'l', '0', '-1'],
  ['LSET', 'l', '3', 'small'], ['LRANGE', 'l', '0', '-1'],
  { cmd: ['LSET', 'l', '4294967296', 'wrapped'], ...e74('+OK\r\n', 'LSET index truncated to int in 7.4') },
  { cmd: ['LINDEX', 'l', '0'], ...e74('$7\r\nwrapped\r\n', 'LSET index truncated to int in 7.4') },
  ['LSET', 'l', '0', 'first'],
  ['DEL', 'r'], ['RPUSH', 'r', 'a', 'b', 'a', 'c', 'a', 'b', 'a', '1', '01', '1'],
  ['LREM', 'r', '1', 'a'], ['LRANGE', 'r', '0', '-1'], ['LREM', 'r', '-1', 'a'], ['LRANGE', 'r', '0', '-1'],
  ['LREM', 'r', '-2', 'b'], ['LRANGE', 'r', '0', '-1'], ['LREM', 'r', '0', '1'], ['LRANGE', 'r', '0', '-1'],
  ['LREM', 'r', '0', 'zz'], ['LREM', 'r', 'x', 'a'], ['LREM', 'nokey', '0', 'a'], ['LREM', 'r', '9223372036854775807', 'a'],
  { cmd: ['LREM', 'r', '-9223372036854775808', 'a'], ...e74('-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n', 'LREM count range check (7.4)') },
  ['LRANGE', 'r', '0', '-1'], ['LREM', 'r', '0', 'c'], ['LREM', 'r', '0', '01'], ['EXISTS', 'r'],
];

const moves: Step[] = [
  ['RPUSH', 'src', 'a', 'b', 'c', '1', '2'],
  ['RPOPLPUSH', 'src', 'dst'], ['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'], ['LMOVE', 'src', 'dst', 'right', 'left'],
  ['LMOVE', 'src', 'src', 'left', 'right'], ['LRANGE', 'src', '0', '-1'], ['LRANGE', 'dst', '0', '-1'],
  ['RPOPLPUSH', 'src', 'src'], ['LMOVE', 'src', 'dst', 'up', 'left'], ['LMOVE', 'src', 'dst', 'left', 'down'],
  ['LMOVE', 'nokey', 'dst', 'left', 'left'], ['RPOPLPUSH', 'nokey', 'dst'], ['EXISTS', 'nokey'],
  ['LMOVE', 'src', 'dst', 'left', 'left'], ['LMOVE', 'src', 'dst', 'left', 'left'], ['EXISTS', 'src'], ['LRANGE', 'dst', '0', '-1'],
  ['RPUSH', 'one', 'x'], ['LMOVE', 'one', 'one', 'left', 'left'], ['LRANGE', 'one', '0', '-1'], ['RPOPLPUSH', 'one', 'two'], ['EXISTS', 'one'],
  ['RPUSH', 'big', BIG, HUGE, 'a'], ['LMOVE', 'big', 'dst', 'left', 'right'], ['LMOVE', 'big', 'dst', 'left', 'left'],
  ['LMOVE', 'big', 'big', 'right', 'left'], ['LRANGE', 'big', '0', '-1'], ['LLEN', 'dst'], ['LINDEX', 'dst', '0'], ['LINDEX', 'dst', '-1'],
];

const mpop: Step[] = [
  ['RPUSH', 'a', '1', '2', '3', '4', '5'], ['RPUSH', 'b', 'x', 'y'],
  ['LMPOP', '1', 'a', 'LEFT'], ['LMPOP', '1', 'a', 'RIGHT', 'COUNT', '2'], ['LMPOP', '2', 'nokey', 'b', 'left', 'count', '10'],
  ['EXISTS', 'b'], ['LMPOP', '2', 'nokey', 'b', 'left'], ['LMPOP', '3', 'nokey', 'b', 'a', 'right', 'count', '1'],
  ['LMPOP', '0', 'a', 'left'], ['LMPOP', '-1', 'a', 'left'], ['LMPOP', 'x', 'a', 'left'], ['LMPOP', '2', 'a', 'left'],
  ['LMPOP', '3', 'a', 'b', 'left'], ['LMPOP', '1', 'a', 'middle'], ['LMPOP', '1', 'a', 'left', 'count'], ['LMPOP', '1', 'a', 'left', 'count', '0'],
  ['LMPOP', '1', 'a', 'left', 'count', '-1'], ['LMPOP', '1', 'a', 'left', 'count', 'x'], ['LMPOP', '1', 'a', 'left', 'count', '1', 'count', '1'],
  ['LMPOP', '1', 'a', 'left', 'foo'], ['LMPOP', '9223372036854775807', 'a', 'left'], ['LMPOP', '1', 'a', 'left', 'count', '9223372036854775807'],
  ['EXISTS', 'a'],
  ['BLMPOP', '0', '0', 'a', 'left'], ['BLMPOP', 'x', '1', 'a', 'left'], ['BLMPOP', '0', '1', 'a', 'left', 'count', '0'],
  ['BLMPOP', '-1', '1', 'a', 'left'], ['BLMPOP', '0', '1', 'a', 'up'],
  ['RPUSH', 'c', '1', '2', '3'], ['BLMPOP', '0', '2', 'nokey', 'c', 'right', 'count', '2'], ['BLMPOP', '1', '1', 'c', 'left'],
];

const blockingImmediate: Step[] = [
  ['RPUSH', 'l1', 'a', 'b', 'c'], ['RPUSH', 'l2', 'x'],
  ['BLPOP', 'l1', '0'], ['BRPOP', 'l1', '0'], ['BLPOP', 'nokey', 'l2', 'l1', '1'], ['BRPOP', 'nokey', 'l2', 'l1', '1.5'],
  ['EXISTS', 'l1'], ['EXISTS', 'l2'], ['RPUSH', 'l1', 'a', 'b', 'c'],
  ['BRPOPLPUSH', 'l1', 'd', '0'], ['BLMOVE', 'l1', 'd', 'left', 'right', '0'], ['LRANGE', 'd', '0', '-1'],
  ['BLPOP', 'l1', '-1'], ['BLPOP', 'l1', 'abc'], ['BLPOP', 'l1', ''], ['BLPOP', 'l1', ' 1'], ['BLPOP', 'l1', '1 '], ['BLPOP', 'l1', 'nan'],
  ['BLPOP', 'l1', '-inf'], ['BLPOP', 'l1', '-0.5'],
  { cmd: ['BLPOP', 'l1', '1e400'], ...e74('-ERR timeout is out of range\r\n', '1e400 is a finite long double: its deadline overflows (7.4)') },
  ['BRPOPLPUSH', 'l1', 'd', '-1'], ['BRPOPLPUSH', 'l1', 'd', 'x'], ['BLMOVE', 'l1', 'd', 'left', 'right', '-2'],
  ['BLMOVE', 'l1', 'd', 'left', 'up', '0'], ['BLMOVE', 'l1', 'd', 'x', 'right', '-1'],
  { cmd: ['BLPOP', 'nokey', '0x7FFFFFFFFFFFFF'], ...e74('-ERR timeout is out of range\r\n', 'timeout overflow check (7.4)') },
  { cmd: ['BLPOP', 'nokey', 'inf'], ...e74('-ERR timeout is out of range\r\n', 'timeout overflow check (7.4)') },
  ['BLPOP', 'l1', '0x1p-2'], ['BLPOP', 'l1', '1e0'], ['BLPOP', 'nokey', '0.01'], ['BRPOP', 'nokey', '0.01'],
  ['BLMPOP', '0.01', '1', 'nokey', 'left'], ['BRPOPLPUSH', 'nokey', 'd', '0.01'], ['BLMOVE', 'nokey', 'd', 'left', 'left', '0.01'],
  ['LRANGE', 'd', '0', '-1'],
];

const blockingServed: Step[] = [
  { c: 'b', cmd: ['BLPOP', 'q', '0'], noReply: true }, { sleep: 50 },
  ['RPUSH', 'q', 'one', 'two'], { c: 'b', read: true }, ['LRANGE', 'q', '0', '-1'],
  { c: 'b', cmd: ['BRPOP', 'q1', 'q2', '0'], noReply: true }, { sleep: 50 },
  ['RPUSH', 'q2', 'a', 'b'], { c: 'b', read: true }, ['LRANGE', 'q2', '0', '-1'],
  { c: 'b', cmd: ['BLMPOP', '0', '2', 'm1', 'm2', 'right', 'count', '3'], noReply: true }, { sleep: 50 },
  ['RPUSH', 'm2', '1', '2', '3', '4', '5'], { c: 'b', read: true }, ['LRANGE', 'm2', '0', '-1'],
  // BLMOVE chain: b moves s->t, c moves t->u, a pushes s
  { c: 'b', cmd: ['BLMOVE', 's', 't', 'left', 'right', '0'], noReply: true },
  { c: 'c', cmd: ['BLMOVE', 't', 'u', 'left', 'right', '0'], noReply: true }, { sleep: 50 },
  ['RPUSH', 's', 'hello'], { c: 'b', read: true }, { c: 'c', read: true },
  ['EXISTS', 's'], ['EXISTS', 't'], ['LRANGE', 'u', '0', '-1'],
  // order of service: first blocked is served first
  { c: 'b', cmd: ['BLPOP', 'f', '0'], noReply: true }, { sleep: 30 },
  { c: 'c', cmd: ['BLPOP', 'f', '0'], noReply: true }, { sleep: 30 },
  ['RPUSH', 'f', 'first'], { c: 'b', read: true }, ['RPUSH', 'f', 'second'], { c: 'c', read: true },
  // a pipelined command behind a blocked one runs after it is served
  { c: 'b', raw: '*3\r\n$5\r\nBLPOP\r\n$1\r\np\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n', noReply: true }, { sleep: 50 },
  ['RPUSH', 'p', 'v'], { c: 'b', read: true }, { c: 'b', read: true },
  // timeout while blocked, then the connection is usable
  { c: 'b', cmd: ['BLPOP', 'never', '0.05'], noReply: true }, { sleep: 300 }, { c: 'b', read: true },
  { c: 'b', cmd: ['BRPOPLPUSH', 'never', 'x', '0.05'], noReply: true }, { sleep: 300 }, { c: 'b', read: true },
  { c: 'b', cmd: ['BLMOVE', 'never', 'x', 'left', 'left', '0.05'], noReply: true }, { sleep: 300 }, { c: 'b', read: true },
  { c: 'b', cmd: ['BLMPOP', '0.05', '1', 'never', 'left'], noReply: true }, { sleep: 300 }, { c: 'b', read: true },
  { c: 'b', cmd: ['PING'] },
  // a key of the wrong type does not wake a client; a list does
  { c: 'b', cmd: ['BLPOP', 'w', '0'], noReply: true }, { sleep: 50 },
  ['SET', 'w', 'str'], ['DEL', 'w'], ['RPUSH', 'w', 'ok'], { c: 'b', read: true },
  // BRPOPLPUSH to a destination of the wrong type: the error goes to the blocked client, the
  // element stays
  ['SET', 'wt', 'str'], { c: 'b', cmd: ['BRPOPLPUSH', 'src', 'wt', '0'], noReply: true }, { sleep: 50 },
  ['RPUSH', 'src', 'x'], { c: 'b', read: true }, ['LRANGE', 'src', '0', '-1'], ['DEL', 'src', 'wt'],
  // self-referential and circular moves
  { c: 'b', cmd: ['BRPOPLPUSH', 'self', 'self', '0'], noReply: true }, { sleep: 50 },
  ['RPUSH', 'self', 'x'], { c: 'b', read: true }, ['LRANGE', 'self', '0', '-1'],
  { c: 'b', cmd: ['BRPOPLPUSH', 'c1', 'c2', '0'], noReply: true }, { c: 'c', cmd: ['BRPOPLPUSH', 'c2', 'c1', '0'], noReply: true },
  { sleep: 50 }, ['RPUSH', 'c1', 'foo'], { c: 'b', read: true }, { c: 'c', read: true },
  ['LRANGE', 'c1', '0', '-1'], ['LRANGE', 'c2', '0', '-1'],
  // same key twice
  { c: 'b', cmd: ['BLPOP', 'd1', 'd2', 'd2', 'd1', '0'], noReply: true }, { sleep: 50 },
  ['LPUSH', 'd2', 'z'], { c: 'b', read: true },
  // a key created by RENAME wakes the client
  { c: 'b', cmd: ['BLPOP', 'rn', '0'], noReply: true }, { sleep: 50 },
  ['RPUSH', 'tmp', 'a', 'b'], ['RENAME', 'tmp', 'rn'], { c: 'b', read: true }, ['LRANGE', 'rn', '0', '-1'],
];

const unblock: Step[] = [
  { c: 'b', cmd: ['CLIENT', 'ID'], save: 'bid', extract: /^:(\d+)/, norm: intShape },
  { c: 'b', cmd: ['BLPOP', 'ub', '0'], noReply: true }, { sleep: 50 },
  { cmd: ['CLIENT', 'UNBLOCK', (ctx) => ctx.vars.get('bid')!] },
  { c: 'b', read: true },
  { c: 'b', cmd: ['BLPOP', 'ub', '0'], noReply: true }, { sleep: 50 },
  { cmd: ['CLIENT', 'UNBLOCK', (ctx) => ctx.vars.get('bid')!, 'TIMEOUT'] }, { c: 'b', read: true },
  { c: 'b', cmd: ['BRPOPLPUSH', 'ub', 'x', '0'], noReply: true }, { sleep: 50 },
  { cmd: ['CLIENT', 'UNBLOCK', (ctx) => ctx.vars.get('bid')!, 'ERROR'] }, { c: 'b', read: true },
  { cmd: ['CLIENT', 'UNBLOCK', (ctx) => ctx.vars.get('bid')!] },
  ['CLIENT', 'UNBLOCK', 'abc'], ['CLIENT', 'UNBLOCK', '1', 'foo'], ['CLIENT', 'UNBLOCK', 'abc', 'foo'], ['CLIENT', 'UNBLOCK', '99999'],
  ['CLIENT', 'UNBLOCK', '1', 'timeout', 'x'], ['CLIENT', 'UNBLOCK'],
  { c: 'b', cmd: ['BLPOP', 'ub', '0'], noReply: true }, { sleep: 50 },
  ['RPUSH', 'ub', 'v'], { c: 'b', read: true },
];

// Encoding conversions at Redis 7.4's thresholds (checked against 7.4's rules: `expect`).
const encodings: Step[] = [
  ['CONFIG', 'SET', 'list-max-listpack-size', '4'],
  ['RPUSH', 'l', 'a', 'b', 'c', 'd'], enc('l', 'listpack'), ['RPUSH', 'l', 'e'], enc('l', 'quicklist'),
  ['RPOP', 'l'], enc('l', 'quicklist'), ['RPOP', 'l', '2'], enc('l', 'listpack'), ['LRANGE', 'l', '0', '-1'],
  ['DEL', 'l'], ['RPUSH', 'l', 'a', 'b', 'c'], ['LINSERT', 'l', 'before', 'zz', 'x'], enc('l', 'listpack'),
  ['RPUSH', 'l', 'd'], ['LINSERT', 'l', 'before', 'zz', 'x'], enc('l', 'quicklist'), ['LLEN', 'l'],
  ['DEL', 'l'], ['RPUSH', 'l', 'a', 'b', 'c', 'd'], ['LSET', 'l', '0', 'x'], enc('l', 'quicklist'),
  ['DEL', 'l'], ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'], ['LTRIM', 'l', '0', '1'], enc('l', 'listpack'),
  ['DEL', 'l'], ['RPUSH', 'l', 'a', 'a', 'a', 'd'], ['LREM', 'l', '0', 'zz'], enc('l', 'listpack'), ['RPUSH', 'l', 'a'], enc('l', 'quicklist'),
  // the push made a second node; deleting from the first leaves two nodes: no conversion
  ['LREM', 'l', '3', 'a'], enc('l', 'quicklist'), ['LPOP', 'l'], enc('l', 'listpack'),
  ['DEL', 'l'], ['RPUSH', 'src', 'a', 'b', 'c', 'd', 'e'], ['RPUSH', 'dst', 'x', 'y', 'z', 'w'], ['LMOVE', 'src', 'dst', 'left', 'left'],
  enc('dst', 'quicklist'), enc('src', 'quicklist'), ['LMOVE', 'src', 'dst', 'left', 'left'], enc('src', 'quicklist'),
  ['LMOVE', 'src', 'dst', 'left', 'left'], ['LMOVE', 'src', 'dst', 'left', 'left'], enc('src', 'listpack'), ['LRANGE', 'src', '0', '-1'],
  ['CONFIG', 'SET', 'list-max-listpack-size', '-1'],
  ['DEL', 'l'], ['RPUSH', 'l', 'a', 'b', 'c'], enc('l', 'listpack'), ['RPUSH', 'l', BIG], enc('l', 'quicklist'),
  ['RPOP', 'l'], enc('l', 'listpack'),
  ['DEL', 'l'], ['RPUSH', 'l', 'a', BIG], ['LREM', 'l', '1', BIG], enc('l', 'listpack'),
  ['DEL', 'l'], ['RPUSH', 'l', BIG, 'a', 'b'], ['RPOP', 'l', '2'], enc('l', 'quicklist'), ['LSET', 'l', '-1', 'c'], enc('l', 'listpack'),
  ['DEL', 'l'], ['RPUSH', 'l', 'a', 'b', BIG], ['LTRIM', 'l', '0', '1'], enc('l', 'listpack'),
  ['CONFIG', 'SET', 'list-max-listpack-size', '0'],
  ['DEL', 'l'], ['RPUSH', 'l', 'a'], enc('l', 'listpack'), ['RPUSH', 'l', 'b'], enc('l', 'quicklist'),
  ['CONFIG', 'SET', 'list-max-listpack-size', '-6'],
  ['DEL', 'l'], ['RPUSH', 'l', 'x'.repeat(60000)], enc('l', 'listpack'), ['RPUSH', 'l', 'x'.repeat(5536)], enc('l', 'quicklist'),
  ['CONFIG', 'SET', 'list-max-listpack-size', '-2'],
  ['DEL', 'l'], ['RPUSH', 'l', ...Array.from({ length: 200 }, (_, i) => `e${i}`)], enc('l', 'listpack'),
  ['RPUSH', 'l', ...Array.from({ length: 800 }, (_, i) => `v${i}`)], enc('l', 'listpack'), ['LLEN', 'l'],
  ['RPUSH', 'l', ...Array.from({ length: 1000 }, (_, i) => `w${i}`)], enc('l', 'quicklist'), ['LLEN', 'l'],
  ['LTRIM', 'l', '0', '9'], enc('l', 'listpack'), ['LRANGE', 'l', '0', '-1'],
  ['DEL', 'l', 'src', 'dst'],
];

const memoryAndCopy: Step[] = [
  ['RPUSH', 'l', 'a', 'b', 'c'], ['COPY', 'l', 'l2'], ['LRANGE', 'l2', '0', '-1'], ['RPUSH', 'l2', 'd'], ['LLEN', 'l'],
  ['RPUSH', 'big', ...Array.from({ length: 3000 }, (_, i) => `item-${i}-${'p'.repeat(i % 50)}`)], ['COPY', 'big', 'big2'],
  ['LRANGE', 'big2', '1000', '1010'], ['LINDEX', 'big2', '-1'], ['RENAME', 'big2', 'big3'], ['LLEN', 'big3'],
  ['TYPE', 'l'], ['TYPE', 'big3'], ['MOVE', 'big3', '1'], ['SELECT', '1'], ['LLEN', 'big3'], ['SELECT', '0'],
  ['DEL', 'l', 'l2', 'big'], ['EXISTS', 'big'],
];

// A seeded random walk over every non-blocking list command; each step compares replies.
function randomScript(seed: number, n: number): Step[] {
  const r = mulberry32(seed);
  const int = (k: number) => Math.floor(r() * k);
  const pick = <T>(xs: T[]): T => xs[int(xs.length)];
  const keys = ['r0', 'r1', 'r2'];
  const vals = () => {
    const x = r();
    if (x < 0.3) return String(int(200) - 100);
    if (x < 0.55) return pick(['a', 'b', 'c', 'dd', 'eee']);
    if (x < 0.8) return `s${int(50)}-${'q'.repeat(int(40))}`;
    if (x < 0.95) return 'M'.repeat(100 + int(400));
    return 'B'.repeat(4000 + int(6000));
  };
  const idx = () => String(int(40) - 20);
  const steps: Step[] = [];
  for (let i = 0; i < n; i++) {
    const k = pick(keys);
    const x = int(100);
    if (x < 20) steps.push([pick(['LPUSH', 'RPUSH']), k, ...Array.from({ length: 1 + int(6) }, vals)]);
    else if (x < 24) steps.push([pick(['LPUSHX', 'RPUSHX']), k, vals()]);
    else if (x < 32) steps.push(r() < 0.5 ? [pick(['LPOP', 'RPOP']), k] : [pick(['LPOP', 'RPOP']), k, String(int(5))]);
    else if (x < 42) steps.push(['LRANGE', k, idx(), idx()]);
    else if (x < 48) steps.push(['LINDEX', k, idx()]);
    else if (x < 54) steps.push(['LSET', k, idx(), vals()]);
    else if (x < 62) steps.push(['LINSERT', k, pick(['BEFORE', 'AFTER']), vals(), vals()]);
    else if (x < 68) steps.push(['LREM', k, String(int(5) - 2), vals()]);
    else if (x < 72) steps.push(['LTRIM', k, idx(), idx()]);
    else if (x < 78) steps.push(['LPOS', k, vals(), 'RANK', pick(['1', '2', '-1', '-2']), 'COUNT', String(int(3)), 'MAXLEN', String(int(30))]);
    else if (x < 86) steps.push(['LMOVE', k, pick(keys), pick(['LEFT', 'RIGHT']), pick(['LEFT', 'RIGHT'])]);
    else if (x < 90) steps.push(['LMPOP', '2', k, pick(keys), pick(['LEFT', 'RIGHT']), 'COUNT', String(1 + int(4))]);
    else if (x < 95) steps.push(['LLEN', k]);
    else steps.push(['LRANGE', k, '0', '-1']);
  }
  for (const k of keys) steps.push(['LRANGE', k, '0', '-1']);
  return steps;
}

const scripts = {
  basics, pops, ranges, lpos, edits, moves, mpop, blockingImmediate,
  blockingServed: { steps: blockingServed, resp: [2] as Array<2 | 3> },
  blockingServed3: { steps: blockingServed, resp: [3] as Array<2 | 3> },
  unblock,
  memoryAndCopy: { steps: memoryAndCopy, resp: [2] as Array<2 | 3> },
  random1: { steps: randomScript(1, 1500), resp: [2] as Array<2 | 3> },
  random2: { steps: randomScript(2, 1500), resp: [3] as Array<2 | 3> },
};

const CONFIGS: Array<[string, string[]]> = [
  ['default (-2, no compression)', []],
  ['list-max-listpack-size 3, compress 1', ['--list-max-listpack-size', '3', '--list-compress-depth', '1']],
  ['list-max-listpack-size 1, compress 2', ['--list-max-listpack-size', '1', '--list-compress-depth', '2']],
  ['list-max-listpack-size -1, compress 1', ['--list-max-listpack-size', '-1', '--list-compress-depth', '1']],
];

for (const [label, args] of CONFIGS) {
  defineDiffSuite(`compat: lists [${label}]`, scripts, ['--enable-debug-command', 'yes', ...args]);
}
defineDiffSuite('compat: lists [encodings]', { encodings: { steps: encodings, resp: [2] } }, ['--enable-debug-command', 'yes']);
