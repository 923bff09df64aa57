// Differential: stream commands without consumer groups against a real redis-server, byte for byte,
// in RESP2 and RESP3. XADD XRANGE XREVRANGE XLEN XDEL XTRIM XSETID XREAD (blocking too), plus the
// generic commands on stream values (TYPE OBJECT COPY RENAME MOVE DEL EXISTS DEBUG DIGEST-VALUE) and
// the node limits (stream-node-max-entries / -bytes decide what MAXLEN ~ can drop, so the node
// layout is compared through XTRIM's counts too; test/unit/ds-stream.test.ts compares the bytes).
//
// Scripts use explicit IDs: `*` takes the clock, which differs between the servers; the few steps
// that use `*` compare the reply's shape only (idShape).
//
// 7.4 expectations (the reference binary is 7.0.15):
// - XREAD's `+` ID (7.4) reads the last entry; 7.0 rejects it as an invalid ID.
// - The "Unbalanced 'xread' list of streams" error names '+' since 7.4.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { defineDiffSuite, DiffPair, formatMismatches, type Step, type Norm } from '../helpers/diff.ts';
import { redisMissingReason } from '../helpers/servers.ts';
import { mulberry32 } from '../helpers/gen.ts';
import { helloNorm } from '../helpers/norm.ts';

const REF74 = process.env.CINNABAR_REDIS_74 === '1';
const v74 = (cmd: string[], bytes: string, why: string): Step => (REF74 ? cmd : { cmd, expect: bytes, why });
const bulk = (s: string) => `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`;

/** A generated ID's digits replaced (XADD * replies). */
const idShape: Norm = (b) => Buffer.from(b.toString('latin1').replace(/\d+-\d+/g, '<ms>-<seq>'));
const MAXU = '18446744073709551615';
/** Connection 'b' (the blocked reader) speaks the script's protocol too. */
const helloB = (resp: 2 | 3): Step[] => (resp === 3 ? [{ c: 'b', cmd: ['HELLO', '3'], norm: helloNorm }] : []);

const entries = (key: string, from: number, n: number, fields: (i: number) => string[] = (i) => ['f', `v${i}`]): Step[] =>
  Array.from({ length: n }, (_, i) => ['XADD', key, `${from + i}-0`, ...fields(from + i)]);

const basics: Step[] = [
  ['XADD', 's', '1-1', 'name', 'alice', 'age', '30'],
  ['XADD', 's', '1-2', 'name', 'bob', 'age', '31'],
  ['XADD', 's', '2-0', 'name', 'carol'],
  ['XADD', 's', '2-*', 'x', '1', 'y', '2', 'z', '3'],
  ['XADD', 's', '3', '7', '-12', '18446744073709551615', '0'],
  ['XLEN', 's'], ['XLEN', 'nokey'], ['TYPE', 's'], ['OBJECT', 'ENCODING', 's'], ['EXISTS', 's'],
  ['XRANGE', 's', '-', '+'], ['XREVRANGE', 's', '+', '-'],
  ['XRANGE', 's', '1', '2'], ['XRANGE', 's', '1-2', '2-0'], ['XRANGE', 's', '(1-1', '(2-1'], ['XRANGE', 's', '(1', '+'],
  ['XREVRANGE', 's', '(2-1', '(1-1'], ['XRANGE', 's', '-', '+', 'COUNT', '2'], ['XRANGE', 's', '-', '+', 'count', '0'],
  ['XRANGE', 's', '-', '+', 'COUNT', '-5'], ['XREVRANGE', 's', '+', '-', 'COUNT', '1'], ['XRANGE', 's', '-', '+', 'COUNT', '1', 'COUNT', '3'],
  ['XRANGE', 's', '5', '1'], ['XRANGE', 'nokey', '-', '+'], ['XRANGE', 'nokey', '-', '+', 'COUNT', '0'],
  ['XRANGE', 's', `(${MAXU}-${MAXU}`, '+'], ['XRANGE', 's', '-', '(0-0'], ['XRANGE', 's', '(-', '+'], ['XRANGE', 's', '-', '(+'],
  ['XRANGE', 's', '(', '+'], ['XRANGE', 's', 'x', '+'], ['XRANGE', 's', '-', '+', 'COUNT'], ['XRANGE', 's', '-', '+', 'LIMIT', '1'],
  ['XRANGE', 's', '-', '+', 'COUNT', 'x'], ['XRANGE', 's', '1-x', '+'], ['XRANGE', 's', '007', '+'], ['XRANGE', 's', ' 1', '+'],
  ['XRANGE', 's', '+1', '+'], ['XRANGE', 's', '-1', '+'], ['XRANGE', 's', '1-', '+'], ['XRANGE', 's', `${MAXU}0`, '+'],
  ['XRANGE', 's', '2', '2'], ['XRANGE', 's', '(2', '2'], ['XRANGE', 's', '-', '-'], ['XRANGE', 's', '+', '+'],
  ['XRANGE', 's'], ['XREVRANGE', 's', '+'], ['XLEN'],
  ['SET', 'str', 'x'], ['XADD', 'str', '1-1', 'a', 'b'], ['XRANGE', 'str', '-', '+'], ['XLEN', 'str'], ['XDEL', 'str', '1'],
  ['XTRIM', 'str', 'MAXLEN', '1'], ['XSETID', 'str', '1'], ['XREAD', 'STREAMS', 'str', '0'],
  ['XDEL', 's', '1-2', '1-2', '9-9'], ['XLEN', 's'], ['XRANGE', 's', '-', '+'], ['XDEL', 's', '+'], ['XDEL', 's', '1', 'bad'],
  ['XDEL', 'nokey', 'bad'], ['XDEL', 's', '1-1', '2-0', '2-1', '3-0'], ['XLEN', 's'], ['EXISTS', 's'], ['XRANGE', 's', '-', '+'],
  ['XADD', 's', '3-0', 'a', 'b'], ['XADD', 's', '3-1', 'a', 'b'], ['XRANGE', 's', '-', '+'],
];

const xaddOptions: Step[] = [
  ['XADD', 's', '5-5', 'a', '1'],
  ['XADD', 's', '5-5', 'a', '1'], ['XADD', 's', '5-4', 'a', '1'], ['XADD', 's', '4', 'a', '1'], ['XADD', 's', '5-*', 'a', '1'],
  ['XADD', 's', '0-0', 'a', '1'], ['XADD', 'n', '0-0', 'a', '1'], ['XADD', 'n', '0', 'a', '1'], ['EXISTS', 'n'],
  ['XADD', 'n', '0-*', 'a', '1'], ['XADD', 'n', '0-*', 'a', '1'], ['XRANGE', 'n', '-', '+'],
  ['XADD', 's'], ['XADD', 's', '6-0'], ['XADD', 's', '6-0', 'a'], ['XADD', 's', '6-0', 'a', 'b', 'c'], ['XADD', 's', 'MAXLEN', '5'],
  ['XADD', 's', 'MAXLEN', '1', 'LIMIT', '10', '6-0', 'a', 'b'], ['XADD', 's', 'LIMIT', '10', '6-0', 'a', 'b'],
  ['XADD', 's', 'LIMIT', '0', '6-0', 'a', 'b'], ['XADD', 's', 'MAXLEN', '-1', '6-0', 'a', 'b'], ['XADD', 's', 'MAXLEN', 'x', '6-0', 'a', 'b'],
  ['XADD', 's', 'MAXLEN', '~', 'x', '6-0', 'a', 'b'], ['XADD', 's', 'MAXLEN', '~', '1', 'LIMIT', '-1', '6-0', 'a', 'b'],
  ['XADD', 's', 'MINID', '0', 'MAXLEN', '1', '6-0', 'a', 'b'], ['XADD', 's', 'MAXLEN', '5', 'MAXLEN', '6', '6-0', 'a', 'b'],
  ['XADD', 's', 'MINID', 'x', '6-0', 'a', 'b'], ['XADD', 's', 'MINID', '-', '6-0', 'a', 'b'], ['XADD', 's', 'MINID', '+', '6-0', 'a', 'b'],
  ['XADD', 's', 'FOO', '6-0', 'a', 'b'], ['XADD', 's', '*-5', 'a', 'b'], ['XADD', 's', '-', 'a', 'b'], ['XADD', 's', '+', 'a', 'b'],
  ['XADD', 's', '6-*-', 'a', 'b'], ['XADD', 's', 'maxlen', '=', '2', '6-0', 'a', 'b'], ['XLEN', 's'], ['XRANGE', 's', '-', '+'],
  ['XADD', 's', 'MAXLEN', '~', '1', '7-0', 'a', 'b'], ['XLEN', 's'], ['XADD', 's', 'MAXLEN', '0', '8-0', 'a', 'b'], ['XLEN', 's'],
  ['XRANGE', 's', '-', '+'], ['EXISTS', 's'],
  ['XADD', 'nm', 'NOMKSTREAM', '1-1', 'a', 'b'], ['EXISTS', 'nm'], ['XADD', 'nm', 'NOMKSTREAM', 'MAXLEN', '1', '1-1', 'a', 'b'],
  ['XADD', 'nm', '1-1', 'a', 'b'], ['XADD', 'nm', 'NOMKSTREAM', '1-2', 'c', 'd'], ['XRANGE', 'nm', '-', '+'],
  ['XADD', 'nm', 'nomkstream', 'nomkstream', 'minid', '=', '1-2', '1-3', 'e', 'f'], ['XRANGE', 'nm', '-', '+'],
  ['XADD', 'x', `1-${MAXU}`, 'a', 'b'],
  v74(['XADD', 'x', '1-*', 'a', 'b'], '-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n',
    'an exhausted sequence is reported as a too small ID since 7.2 (7.0: "Elements are too large to be stored")'), ['XADD', 'x', '2-*', 'a', 'b'],
  ['XADD', 'x', `${MAXU}-${MAXU}`, 'a', 'b'], ['XADD', 'x', `${MAXU}-*`, 'a', 'b'], ['XADD', 'x', '9-9', 'a', 'b'],
  { cmd: ['XADD', 'x', '*', 'a', 'b'], note: 'the stream has exhausted the last ID' },
  ['XRANGE', 'x', '-', '+'], ['XREVRANGE', 'x', '+', '-', 'COUNT', '2'],
  { cmd: ['XADD', 'clock', '*', 'a', 'b'], norm: idShape }, { cmd: ['XADD', 'clock', 'MAXLEN', '1', '*', 'a', 'b'], norm: idShape },
  ['XLEN', 'clock'],
  // binary-safe fields and values, empty strings, integer-looking fields
  ['XADD', 'b', '1-0', '', '', 'a\x00b', '\xff\xfe', '12', '-7', '0012', '1.5'], ['XRANGE', 'b', '-', '+'],
];

const trimming: Step[] = [
  ['CONFIG', 'SET', 'stream-node-max-entries', '10'], ['CONFIG', 'GET', 'stream-node-max-entries'],
  ...entries('t', 1, 100),
  ['XTRIM', 't', 'MAXLEN', '~', '85'], ['XLEN', 't'], ['XRANGE', 't', '-', '+', 'COUNT', '1'],
  ['XTRIM', 't', 'MAXLEN', '=', '85'], ['XLEN', 't'], ['XTRIM', 't', 'MAXLEN', '85'], ['XTRIM', 't', 'MAXLEN', '~', '1', 'LIMIT', '5'],
  ['XTRIM', 't', 'MAXLEN', '~', '1', 'LIMIT', '15'], ['XLEN', 't'], ['XTRIM', 't', 'MAXLEN', '~', '1', 'LIMIT', '0'], ['XLEN', 't'],
  ['XTRIM', 't', 'MAXLEN', '1', 'LIMIT', '10'], ['XTRIM', 't', 'LIMIT', '10'], ['XTRIM', 't', 'LIMIT', '0'], ['XTRIM', 't', 'FOO', '1'],
  ['XTRIM', 't', 'MAXLEN'], ['XTRIM', 't'], ['XTRIM', 't', 'MAXLEN', '~', '1', 'LIMIT', '1', 'foo'], ['XTRIM', 't', 'MAXLEN', '1', 'MINID', '1'],
  ['XTRIM', 'nokey', 'MAXLEN', '1'], ['XTRIM', 'nokey', 'MAXLEN', 'x'], ['XTRIM', 't', 'MAXLEN', '-1'],
  ...entries('m', 1, 60),
  ['XTRIM', 'm', 'MINID', '~', '25'], ['XLEN', 'm'], ['XTRIM', 'm', 'MINID', '25'], ['XLEN', 'm'], ['XRANGE', 'm', '-', '+', 'COUNT', '2'],
  ['XTRIM', 'm', 'MINID', '=', '30-0'], ['XTRIM', 'm', 'MINID', '~', '1000'], ['XLEN', 'm'], ['XTRIM', 'm', 'MINID', '1000'], ['XLEN', 'm'],
  ['XTRIM', 'm', 'MINID', '-'], ['XTRIM', 'm', 'MINID', 'x'], ['EXISTS', 'm'], ['XRANGE', 'm', '-', '+'],
  // deletions then trims: tombstones inside nodes
  ...entries('d', 1, 30), ['XDEL', 'd', '2', '4', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20'], ['XLEN', 'd'],
  ['XTRIM', 'd', 'MAXLEN', '~', '10'], ['XLEN', 'd'], ['XTRIM', 'd', 'MAXLEN', '12'], ['XRANGE', 'd', '-', '+'],
  ['XTRIM', 'd', 'MINID', '~', '25'], ['XLEN', 'd'], ['XTRIM', 'd', 'MINID', '25'], ['XRANGE', 'd', '-', '+'],
  // XADD with trimming
  ...entries('a', 1, 50),
  ['XADD', 'a', 'MAXLEN', '~', '20', '51-0', 'f', 'v'], ['XLEN', 'a'], ['XADD', 'a', 'MAXLEN', '~', '20', 'LIMIT', '10', '52-0', 'f', 'v'], ['XLEN', 'a'],
  ['XADD', 'a', 'MINID', '~', '45', '53-0', 'f', 'v'], ['XLEN', 'a'], ['XADD', 'a', 'MINID', '45', '54-0', 'f', 'v'], ['XLEN', 'a'],
  ['XADD', 'a', 'MAXLEN', '=', '3', '55-0', 'f', 'v'], ['XRANGE', 'a', '-', '+'],
  ['CONFIG', 'SET', 'stream-node-max-entries', '0'], ['CONFIG', 'SET', 'stream-node-max-bytes', '200'],
  ...entries('b', 1, 40, (i) => ['field', 'x'.repeat(i % 7 * 3)]),
  ['XTRIM', 'b', 'MAXLEN', '~', '30'], ['XLEN', 'b'], ['XTRIM', 'b', 'MAXLEN', '~', '5'], ['XLEN', 'b'],
  ['CONFIG', 'SET', 'stream-node-max-bytes', '0'], ['CONFIG', 'SET', 'stream-node-max-entries', '1'],
  ...entries('c', 1, 10), ['XTRIM', 'c', 'MAXLEN', '~', '5'], ['XLEN', 'c'], ['XTRIM', 'c', 'MAXLEN', '~', '0', 'LIMIT', '2'], ['XLEN', 'c'],
  ['CONFIG', 'SET', 'stream-node-max-bytes', '4096'], ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
  ['CONFIG', 'GET', 'stream-node-max-bytes'], ['CONFIG', 'SET', 'stream-node-max-bytes', '1kb'], ['CONFIG', 'GET', 'stream-node-max-bytes'],
  ['CONFIG', 'SET', 'stream-node-max-bytes', '4096'],
];

const setid: Step[] = [
  ['XSETID', 'nokey', '1-1'], ['XSETID', 'nokey', '1-1', '0'], ['XSETID', 'nokey', '1-1', '0-0'],
  ['XSETID', 'nokey', '1-1', 'ENTRIESADDED', '-1', 'MAXDELETEDID', '0-0'], ['XSETID', 'nokey', '1-1', 'ENTRIESADDED', 'x'],
  ['XSETID', 'nokey', '+'], ['XSETID', 'nokey', '-'], ['XSETID', 'nokey', 'x'], ['XSETID', 'nokey', '1-1', 'MAXDELETEDID', '2-0'],
  ['XSETID', 'nokey', '1-1', 'MAXDELETEDID', 'x'], ['XSETID', 'nokey', '1-1', 'ENTRIESADDED'],
  ['XADD', 's', '1-0', 'a', 'b'], ['XADD', 's', '2-0', 'a', 'b'], ['XADD', 's', '3-0', 'a', 'b'],
  ['XSETID', 's', '2-0'], ['XSETID', 's', '3-0'], ['XSETID', 's', '10-0'], ['XADD', 's', '5-0', 'a', 'b'], ['XADD', 's', '10-*', 'a', 'b'],
  ['XSETID', 's', '20-0', 'ENTRIESADDED', '1'], ['XSETID', 's', '20-0', 'ENTRIESADDED', '100', 'MAXDELETEDID', '15-0'],
  ['XDEL', 's', '10-1'],
  v74(['XSETID', 's', '10-0'], '-ERR The ID specified in XSETID is smaller than current max_deleted_entry_id\r\n', 'XSETID below the last deleted ID is refused since 7.2 (#11444)'), ['XSETID', 's', '20-0', 'MAXDELETEDID', '30-0'], ['XSETID', 's', '20-0', 'maxdeletedid', '19-0'],
  ['XSETID', 's', '19-5'], ['XADD', 's', '20-0', 'a', 'b'], ['XADD', 's', '20-1', 'a', 'b'], ['XRANGE', 's', '-', '+'],
  ['XSETID', 's', '21-0', 'entriesadded', '5', 'ENTRIESADDED', '6'], ['XLEN', 's'],
  ['XADD', 'e', 'MAXLEN', '0', '5-0', 'a', 'b'], ['XLEN', 'e'], ['XSETID', 'e', '1-0'], ['XSETID', 'e', '5-0'], ['XADD', 'e', '5-0', 'a', 'b'],
  ['XSETID', 'e', '0-0'], ['XADD', 'e', '1-0', 'a', 'b'], ['XRANGE', 'e', '-', '+'],
  ['XSETID', 's', '1-1', 'FOO', '1'], ['XSETID', 's'],
];

const xread: Step[] = [
  ['XADD', 's1', '1-0', 'a', '1'], ['XADD', 's1', '2-0', 'b', '2'], ['XADD', 's1', '3-0', 'c', '3'], ['XADD', 's2', '5-0', 'x', 'y'],
  ['XREAD', 'STREAMS', 's1', '0'], ['XREAD', 'COUNT', '1', 'STREAMS', 's1', '0-0'], ['XREAD', 'STREAMS', 's1', 's2', '1-0', '0'],
  ['XREAD', 'STREAMS', 's1', 's2', 'nokey', '3', '4', '0'], ['XREAD', 'STREAMS', 's1', '$'], ['XREAD', 'STREAMS', 'nokey', '$'],
  ['XREAD', 'COUNT', '-1', 'STREAMS', 's1', '1'], ['XREAD', 'COUNT', '0', 'STREAMS', 's1', '1'], ['XREAD', 'STREAMS', 's1', 's1', '0', '1'],
  ['XREAD', 'count', '2', 'count', '1', 'streams', 's1', '0'],
  ['XREAD', 'STREAMS', 's1'], v74(['XREAD', 'STREAMS', 's1', 's2', '0'], "-ERR Unbalanced 'xread' list of streams: for each stream key an ID, '+', or '$' must be specified.\r\n", "7.4 names '+' in this error (7.0: 'Unbalanced XREAD list ...')"),
  ['XREAD', 'COUNT', 'x', 'STREAMS', 's1', '0'], ['XREAD', 's1', '0'],
  ['XREAD', 'COUNT', '1'], ['XREAD', 'GROUP', 'g', 'c', 'STREAMS', 's1', '0'], ['XREAD', 'NOACK', 'STREAMS', 's1', '0'],
  ['XREAD', 'STREAMS', 's1', '>'], ['XREAD', 'STREAMS', 's1', 'x'], ['XREAD', 'STREAMS', 's1', '-'], ['XREAD', 'BLOCK', 'x', 'STREAMS', 's1', '0'],
  ['XREAD', 'BLOCK', '-1', 'STREAMS', 's1', '0'], ['XREAD', 'BLOCK', '1.5', 'STREAMS', 's1', '0'], ['XREAD', 'BLOCK', '100', 'STREAMS', 's1', '0'],
  v74(['XREAD', 'BLOCK', '9223372036854775807', 'STREAMS', 's1', '0'], '-ERR timeout is out of range\r\n', 'a deadline past LLONG_MAX is refused since 7.2 (7.0 overflows)'),
  ['XREAD', 'BLOCK', '10', 'STREAMS', 's1', '$'],
  ['XREAD', 'STREAMS', 's1', `${MAXU}-${MAXU}`], ['XREAD', 'STREAMS', 's1', '3'],
  ['SET', 'str', 'x'], ['XREAD', 'STREAMS', 's1', 'str', '0', '0'], ['XREAD', 'STREAMS', 'str', 'nokey', '0', 'x'],
  ['XADD', 'd', '666', 'f', 'v'], ['XADD', 'd', '667', 'f2', 'v2'], ['XDEL', 'd', '667'], ['XREAD', 'STREAMS', 'd', '666'],
  ['XREAD', 'BLOCK', '10', 'STREAMS', 'd', '666'],
  // 7.4: "+" is the last entry
  v74(['XREAD', 'STREAMS', 's1', '+'], '*1\r\n*2\r\n$2\r\ns1\r\n*1\r\n*2\r\n$3\r\n3-0\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n', 'XREAD + (last entry) is new in 7.4'),
  v74(['XREAD', 'COUNT', '1', 'STREAMS', 'unbalanced'], "-ERR Unbalanced 'xread' list of streams: for each stream key an ID, '+', or '$' must be specified.\r\n", "7.4 names '+' in this error"),
];
// RESP3 forms of the 7.4-only replies differ (map of streams): a separate RESP3 script
const xreadPlus3: Step[] = [
  ['XADD', 's1', '1-0', 'a', '1'], ['XADD', 's1', '3-0', 'c', '3'], ['XADD', 's2', '5-0', 'x', 'y'],
  v74(['XREAD', 'STREAMS', 's1', '+'], '%1\r\n$2\r\ns1\r\n*1\r\n*2\r\n$3\r\n3-0\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n', 'XREAD + is new in 7.4'),
  v74(['XREAD', 'COUNT', '5', 'STREAMS', 's1', 's2', 'nokey', '+', '+', '+'],
    '%2\r\n$2\r\ns1\r\n*1\r\n*2\r\n$3\r\n3-0\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n$2\r\ns2\r\n*1\r\n*2\r\n$3\r\n5-0\r\n*2\r\n$1\r\nx\r\n$1\r\ny\r\n', 'XREAD + is new in 7.4'),
  ['XDEL', 's2', '5-0'], v74(['XREAD', 'STREAMS', 's2', '+'], '_\r\n', 'XREAD + is new in 7.4'),
];
const xreadPlus2: Step[] = [
  ['XADD', 's1', '1-0', 'a', '1'], ['XADD', 's1', '3-0', 'c', '3'], ['XDEL', 's1', '3-0'],
  v74(['XREAD', 'STREAMS', 's1', '+'], '*1\r\n*2\r\n$2\r\ns1\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n',
    'XREAD + reads the last live entry (7.4; 7.0 has no +)'),
  ['DEL', 's1'], v74(['XREAD', 'STREAMS', 's1', '+'], '*-1\r\n', 'XREAD + is new in 7.4'),
];

const blocking = (resp: 2 | 3): Step[] => [
  ...helloB(resp),
  ['XADD', 's2', '1-0', 'old', 'x'],
  { c: 'b', cmd: ['XREAD', 'BLOCK', '0', 'STREAMS', 's1', 's2', 's3', '$', '$', '$'], noReply: true },
  { sleep: 50 },
  ['XADD', 's2', '2-0', 'new', 'y'],
  { c: 'b', read: true },
  // $ keeps the ID the stream had when the client blocked: three XADDs in one pipeline all count
  { c: 'b', cmd: ['XREAD', 'BLOCK', '0', 'STREAMS', 's2', '$'], noReply: true },
  { sleep: 50 },
  { raw: '*5\r\n$4\r\nXADD\r\n$2\r\ns2\r\n$3\r\n3-0\r\n$1\r\nf\r\n$3\r\none\r\n*5\r\n$4\r\nXADD\r\n$2\r\ns2\r\n$3\r\n4-0\r\n$1\r\nf\r\n$3\r\ntwo\r\n', replies: 2 },
  { c: 'b', read: true },
  // a key created with another type does not wake it; then the stream does
  { c: 'b', cmd: ['XREAD', 'BLOCK', '0', 'STREAMS', 'k', '$'], noReply: true },
  { sleep: 50 },
  ['LPUSH', 'k', 'a'], ['DEL', 'k'], ['XADD', 'k', '7-0', 'f', 'v'],
  { c: 'b', read: true },
  // waiting for an ID past the last one: wakes only when something newer arrives
  ['DEL', 'x'],
  { c: 'b', cmd: ['XREAD', 'BLOCK', '0', 'STREAMS', 'x', `1-${MAXU}`], noReply: true },
  { sleep: 50 },
  ['XADD', 'x', '1-1', 'f', 'v'], ['XADD', 'x', `1-${MAXU}`, 'f', 'v'], ['XADD', 'x', '2-1', 'f', 'v'],
  { c: 'b', read: true },
  // COUNT applies to the served reply; a timeout replies a null array
  { c: 'b', cmd: ['XREAD', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 'x', '$'], noReply: true },
  { sleep: 50 },
  { raw: '*5\r\n$4\r\nXADD\r\n$1\r\nx\r\n$3\r\n3-0\r\n$1\r\nf\r\n$1\r\na\r\n*5\r\n$4\r\nXADD\r\n$1\r\nx\r\n$3\r\n4-0\r\n$1\r\nf\r\n$1\r\nb\r\n', replies: 2 },
  { c: 'b', read: true },
  { c: 'b', cmd: ['XREAD', 'BLOCK', '30', 'STREAMS', 'x', '$'] },
];

// Keyspace notifications and WATCH: every stream write signals its key.
const notifications: Step[] = [
  ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'],
  { c: 'sub', cmd: ['PSUBSCRIBE', '__key*__:*'] },
  ['XADD', 'n', '1-0', 'a', 'b'], { c: 'sub', read: true, replies: 2 },
  ['XADD', 'n', '2-0', 'a', 'b'], { c: 'sub', read: true, replies: 2 },
  ['XADD', 'n', 'MAXLEN', '1', '3-0', 'a', 'b'], { c: 'sub', read: true, replies: 4 },
  ['XADD', 'n', 'MAXLEN', '5', '4-0', 'a', 'b'], { c: 'sub', read: true, replies: 2 },
  ['XDEL', 'n', '3-0', '9-9'], { c: 'sub', read: true, replies: 2 },
  ['XDEL', 'n', '9-9'],
  ['XTRIM', 'n', 'MAXLEN', '5'],
  ['XTRIM', 'n', 'MAXLEN', '0'], { c: 'sub', read: true, replies: 2 },
  ['XSETID', 'n', '10-0'], { c: 'sub', read: true, replies: 2 },
  ['XADD', 'n', 'NOMKSTREAM', '11-0', 'a', 'b'], { c: 'sub', read: true, replies: 2 },
  ['DEL', 'n'], { c: 'sub', read: true, replies: 2 },
  ['CONFIG', 'SET', 'notify-keyspace-events', ''],
];

const watch: Step[] = [
  ['XADD', 'w', '1-0', 'a', 'b'],
  ['WATCH', 'w'], { c: 'o', cmd: ['XADD', 'w', '2-0', 'a', 'b'] }, ['MULTI'], ['XLEN', 'w'], ['EXEC'],
  ['WATCH', 'w'], { c: 'o', cmd: ['XDEL', 'w', '9-0'] }, ['MULTI'], ['XLEN', 'w'], ['EXEC'],
  ['WATCH', 'w'], { c: 'o', cmd: ['XDEL', 'w', '1-0'] }, ['MULTI'], ['XLEN', 'w'], ['EXEC'],
  ['WATCH', 'w'], { c: 'o', cmd: ['XTRIM', 'w', 'MAXLEN', '0'] }, ['MULTI'], ['XLEN', 'w'], ['EXEC'],
  ['WATCH', 'w'], { c: 'o', cmd: ['XSETID', 'w', '5-0'] }, ['MULTI'], ['XLEN', 'w'], ['EXEC'],
  ['WATCH', 'w'], { c: 'o', cmd: ['XRANGE', 'w', '-', '+'] }, { c: 'o', cmd: ['XREAD', 'STREAMS', 'w', '0'] }, ['MULTI'], ['XLEN', 'w'], ['EXEC'],
];

// The same key several times: 7.2+ re-runs the whole command when the key is ready, so every
// occurrence is served (7.0 served the ready key once), as a synchronous XREAD does.
const ENTRY5 = '*1\r\n*2\r\n$3\r\n5-0\r\n*2\r\n$1\r\nf\r\n$1\r\nc\r\n';
const WHY_RERUN = 'Redis 7.2+ re-runs a served XREAD: each repeated key is answered (7.0: once)';
const blockingDup = (resp: 2 | 3): Step[] => [
  ...helloB(resp),
  ['XADD', 'x', '1-0', 'f', 'a'],
  { c: 'b', cmd: ['XREAD', 'BLOCK', '0', 'STREAMS', 'x', 'x', 'x', '$', '$', '$'], noReply: true },
  { sleep: 50 },
  ['XADD', 'x', '5-0', 'f', 'c'],
  REF74 ? { c: 'b', read: true } : {
    c: 'b', read: true, why: WHY_RERUN,
    expect: resp === 2 ? '*3\r\n' + ('*2\r\n$1\r\nx\r\n' + ENTRY5).repeat(3) : '%3\r\n' + ('$1\r\nx\r\n' + ENTRY5).repeat(3),
  },
  ['XREAD', 'STREAMS', 'x', 'x', '4', '4'],
];

const multi = (resp: 2 | 3): Step[] => [
  ...helloB(resp),
  ['XADD', 'x', '1-0', 'f', 'v'],
  // inside MULTI XREAD BLOCK does not block
  ['MULTI'], ['XREAD', 'BLOCK', '0', 'STREAMS', 'x', '$'], ['XREAD', 'BLOCK', '0', 'STREAMS', 'x', '0'], ['EXEC'],
  // a blocked reader is served after EXEC with everything the transaction added
  { c: 'b', cmd: ['XREAD', 'BLOCK', '0', 'STREAMS', 'x', '$'], noReply: true },
  { sleep: 50 },
  ['MULTI'], ['XADD', 'x', '2-0', 'f', 'one'], ['XADD', 'x', '3-0', 'f', 'two'], ['EXEC'],
  { c: 'b', read: true },
  // XADD + DEL in a transaction does not wake it
  { c: 'b', cmd: ['XREAD', 'BLOCK', '0', 'STREAMS', 'y', '$'], noReply: true },
  { sleep: 50 },
  ['MULTI'], ['XADD', 'y', '1-0', 'f', 'old'], ['DEL', 'y'], ['EXEC'],
  ['XADD', 'y', '2-0', 'f', 'new'],
  { c: 'b', read: true },
];

const generic: Step[] = [
  ['XADD', 's', '1-0', 'a', '1', 'b', '2'], ['XADD', 's', '2-0', 'a', '3', 'b', '4'], ['XADD', 's', '3-0', 'c', '5'], ['XDEL', 's', '2-0'],
  ['DEBUG', 'DIGEST-VALUE', 's'], ['COPY', 's', 's2'], ['XRANGE', 's2', '-', '+'], ['DEBUG', 'DIGEST-VALUE', 's2'],
  ['XADD', 's2', '4-0', 'd', '6'], ['XLEN', 's'], ['XLEN', 's2'], ['XADD', 's2', '2-5', 'x', 'y'],
  ['RENAME', 's2', 's3'], ['XRANGE', 's3', '-', '+'], ['TYPE', 's3'], ['OBJECT', 'ENCODING', 's3'],
  ['MOVE', 's3', '1'], ['SELECT', '1'], ['XRANGE', 's3', '-', '+'], ['XADD', 's3', '9-0', 'z', 'z'], ['SELECT', '0'],
  ['DEL', 's'], ['EXISTS', 's'], ['XADD', 'e', 'MAXLEN', '0', '1-0', 'a', 'b'], ['DEBUG', 'DIGEST-VALUE', 'e'], ['TYPE', 'e'],
  ['COPY', 'e', 'e2'], ['XADD', 'e2', '1-0', 'a', 'b'], ['XADD', 'e2', '1-1', 'a', 'b'], ['DEBUG', 'DIGEST'],
  ['EXPIRE', 'e2', '100'], ['DEBUG', 'DIGEST-VALUE', 'e2'], ['PERSIST', 'e2'], ['UNLINK', 'e2'], ['DBSIZE'],
  ['SWAPDB', '0', '1'], ['XRANGE', 's3', '-', '+'], ['SCAN', '0', 'TYPE', 'stream'],
  { cmd: ['MEMORY', 'USAGE', 's3'], norm: (b) => Buffer.from(b[0] === 0x3a ? ':<n>\r\n' : b.toString('latin1')) },
];

defineDiffSuite('streams: differential vs redis-server', {
  basics, xaddOptions, trimming, setid, generic,
  xread: { steps: xread, resp: [2] },
  xreadPlus2: { steps: xreadPlus2, resp: [2] },
  xreadPlus3: { steps: xreadPlus3, resp: [3] },
  blocking2: { steps: blocking(2), resp: [2] },
  blocking3: { steps: blocking(3), resp: [3] },
  multi2: { steps: multi(2), requires: ['multi'], resp: [2] },
  multi3: { steps: multi(3), requires: ['multi'], resp: [3] },
  notifications: { steps: notifications, requires: ['psubscribe'] },
  watch: { steps: watch, requires: ['watch'] },
  blockingDup2: { steps: blockingDup(2), resp: [2] },
  blockingDup3: { steps: blockingDup(3), resp: [3] },
});

// ---- seeded random section -----------------------------------------------------------------------

function generator(seed: number) {
  const r = mulberry32(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const keys = ['x1', 'x2', 'x3'];
  const last = new Map<string, [number, number]>();
  const added = new Map<string, string[]>();
  const fieldSets = [['f'], ['f', 'g'], ['f', 'g'], ['1', '2'], ['name', 'f', 'zz']];
  const value = () => pick(['1', '-5', '0', 'abc', '', 'x'.repeat(70), '9223372036854775808', '3.14', MAXU]);
  const someId = (k: string) => {
    const ids = added.get(k) ?? [];
    if (ids.length && r() < 0.7) return pick(ids);
    return `${Math.floor(r() * 60)}-${Math.floor(r() * 3)}`;
  };
  const bound = (k: string) => {
    const p = r();
    if (p < 0.15) return '-';
    if (p < 0.3) return '+';
    const id = someId(k);
    if (p < 0.45) return `(${id}`;
    if (p < 0.55) return id.split('-')[0];
    return id;
  };
  const cmds: Array<() => string[]> = [
    () => {
      const k = pick(keys);
      const [ms, seq] = last.get(k) ?? [0, 0];
      const nid: [number, number] = r() < 0.5 ? [ms, seq + 1] : [ms + 1 + Math.floor(r() * 3), Math.floor(r() * 2)];
      const idArg = r() < 0.1 ? `${nid[0]}-*` : `${nid[0]}-${nid[1]}`;
      const fv: string[] = [];
      for (const f of pick(fieldSets)) fv.push(f, value());
      const trim = r() < 0.2 ? (r() < 0.5 ? ['MAXLEN', pick(['~', '=', '']), String(Math.floor(r() * 20))] : ['MINID', pick(['~', '']), someId(k)]).filter((x) => x) : [];
      if (idArg.endsWith('*')) { /* sequence chosen by the server: the same on both sides */ }
      last.set(k, nid[0] === ms && idArg.endsWith('*') ? [ms, seq + 1] : nid);
      if (idArg.endsWith('*') && nid[0] !== ms) last.set(k, [nid[0], 0]);
      const [lm, ls] = last.get(k)!;
      added.set(k, [...(added.get(k) ?? []), `${lm}-${ls}`]);
      return ['XADD', k, ...trim, idArg, ...fv];
    },
    () => ['XDEL', pick(keys), someId(pick(keys)), ...(r() < 0.3 ? [someId(pick(keys))] : [])],
    () => { const k = pick(keys); return ['XRANGE', k, bound(k), bound(k), ...(r() < 0.4 ? ['COUNT', String(Math.floor(r() * 5))] : [])]; },
    () => { const k = pick(keys); return ['XREVRANGE', k, bound(k), bound(k), ...(r() < 0.4 ? ['COUNT', String(Math.floor(r() * 5))] : [])]; },
    () => ['XLEN', pick(keys)],
    () => { const k = pick(keys); return ['XTRIM', k, 'MAXLEN', pick(['~', '=']), String(Math.floor(r() * 25))]; },
    () => { const k = pick(keys); return ['XTRIM', k, 'MINID', pick(['~', '=']), someId(k)]; },
    () => { const k = pick(keys); return ['XREAD', ...(r() < 0.5 ? ['COUNT', String(1 + Math.floor(r() * 4))] : []), 'STREAMS', k, pick(keys), someId(k), pick(['$', '0', someId(k)])]; },
    () => ['DEBUG', 'DIGEST-VALUE', pick(keys)],
    // forward only: 7.2+ refuses IDs below the last deleted one, which 7.0 accepts (scripted above)
    () => {
      const k = pick(keys);
      const [ms, seq] = last.get(k) ?? [0, 0];
      const nid: [number, number] = [ms + Math.floor(r() * 3), seq + 1];
      last.set(k, nid);
      return ['XSETID', k, `${nid[0]}-${nid[1]}`];
    },
  ];
  return () => pick(cmds)();
}

const reason = redisMissingReason();
describe.skipIf(reason !== null)('streams: seeded random differential', () => {
  let pair: DiffPair;
  beforeAll(async () => { pair = (await DiffPair.start(['--enable-debug-command', 'yes']))!; }, 60_000);
  afterAll(async () => { await pair?.stop(); });
  const seed = Number(process.env.CINNABAR_SEED ?? 20240611);
  const ops = Number(process.env.CINNABAR_RANDOM_OPS ?? 1500);
  for (const [maxEntries, maxBytes] of [[100, 4096], [4, 4096], [0, 150]] as const) {
    it(`seed ${seed}, ${ops} ops, stream-node-max-entries ${maxEntries}, -bytes ${maxBytes}`, async () => {
      const gen = generator(seed + maxEntries * 7 + maxBytes);
      const steps: Step[] = [
        ['CONFIG', 'SET', 'stream-node-max-entries', String(maxEntries)],
        ['CONFIG', 'SET', 'stream-node-max-bytes', String(maxBytes)],
      ];
      for (let i = 0; i < ops; i++) steps.push(gen());
      steps.push(['DEBUG', 'DIGEST']);
      pair.resetConnections();
      await pair.run('setup', [['FLUSHALL']]);
      const ms = await pair.run(`streams random seed ${seed}`, steps);
      pair.resetConnections();
      expect(ms.length, formatMismatches(ms)).toBe(0);
    }, 120_000);
  }
});
