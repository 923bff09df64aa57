// Differential: SSCAN, HSCAN, ZSCAN (and SCAN TYPE over the collection types) against a real
// redis-server, in RESP2 and RESP3, on both sides of every encoding threshold.
//
// Normalisations used here (see test/helpers/norm.ts and test/helpers/diff.ts):
// - Hash-table encodings are walked with `scanAll`: each server is iterated to cursor 0 and the
//   sorted, de-duplicated union of what it returned is compared (cursor values and per-step batches
//   are hash-table specific). For HSCAN/ZSCAN the union mixes fields and values / members and
//   scores, so a separate single-step check with a huge COUNT compares the pairs themselves
//   (sortPairs) on collections small enough to come back in one step on both servers.
// - Compact encodings (intset, listpack) reply everything in one step with cursor 0, in encoding
//   order: compared exactly. Sets: 7.0.15 has no listpack sets (7.2+), so small non-integer sets
//   are compared with scanAll / scanStep.
import { defineDiffSuite, type Step } from '../helpers/diff.ts';
import { scanStep } from '../helpers/norm.ts';
import { parse, encode, bulkNode } from '../helpers/resp.ts';
import type { Norm } from '../helpers/diff.ts';

/** A one-step SCAN reply whose array holds pairs: cursor kept as zero / non-zero, pairs sorted. */
const sortPairs: Norm = (b) => {
  const n = parse(b);
  if (!n.items || n.items.length !== 2 || !n.items[1].items) return b;
  const cur = n.items[0].data?.toString('latin1');
  const flat = n.items[1].items;
  const pairs: Buffer[][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([encode(flat[i]), encode(flat[i + 1])]);
  pairs.sort((x, y) => Buffer.compare(x[0], y[0]) || Buffer.compare(x[1], y[1]));
  n.items[0] = bulkNode(cur === '0' ? '0' : '<cursor>');
  n.items[1] = { ...n.items[1], items: pairs.flat().map((r) => parse(r)) };
  return encode(n);
};

/** Only the cursor's zero-ness and the element count of a one-step reply. */
const stepShape: Norm = (b) => {
  const n = parse(b);
  if (!n.items || n.items.length !== 2 || !n.items[1].items) return b;
  const cur = n.items[0].data?.toString('latin1');
  return Buffer.from(`<${cur === '0' ? 'done' : 'more'}:${n.items[1].items.length}>`);
};

// Where 7.0 and 7.4 differ the step carries the 7.4 reply (`expect`).
const CURSOR_WHY = 'strict cursor parsing (string2ull, as SCAN in compat/v74): a negative or empty cursor is invalid';
const NOVALUES_WHY = 'HSCAN NOVALUES is new in 7.4 (7.0: syntax error)';
const NOVALUES_OTHER_WHY = '7.4 rejects NOVALUES outside HSCAN with its own error (7.0: syntax error)';
const LPSCORE_WHY = '7.4 stores listpack zset scores in shortest round-trip form (7.0: %.17g), and ZSCAN returns them as stored';
const bulk = (x: string) => `$${Buffer.byteLength(x, 'latin1')}\r\n${x}\r\n`;
const arr = (xs: string[]) => `*${xs.length}\r\n${xs.map(bulk).join('')}`;
/** A complete one-step reply with cursor 0. */
const done = (xs: string[]) => `*2\r\n${bulk('0')}${arr(xs)}`;
/** The scanStep-normalised form of a reply holding xs (any order). */
const doneSorted = (xs: string[]) => scanStep(Buffer.from(done(xs), 'latin1'), undefined as never);
/** The synthetic reply of a scanAll step over xs. */
const unionOf = (xs: string[]) => arr([...new Set(xs)].sort());

const range = (n: number, f: (i: number) => string[]) => Array.from({ length: n }, (_, i) => f(i)).flat();

/** Argument and type errors, the same for each command of the family. */
const errors = (cmd: string): Step[] => [
  [cmd], [cmd, 'k'], [cmd, 'nokey', '0'], [cmd, 'nokey', 'abc'], [cmd, 'nokey', '1.5'],
  { cmd: [cmd, 'nokey', '-1'], expect: '-ERR invalid cursor\r\n', why: CURSOR_WHY },
  { cmd: [cmd, 'nokey', ''], expect: '-ERR invalid cursor\r\n', why: CURSOR_WHY },
  { cmd: [cmd, 'nokey', ' 1'], expect: done([]), why: CURSOR_WHY + '; strtoull skips leading blanks (7.0 rejected them)' },
  [cmd, 'nokey', '-0'], [cmd, 'nokey', '+1'], [cmd, 'nokey', '1 '], [cmd, 'nokey', '007'],
  [cmd, 'nokey', '18446744073709551616'], [cmd, 'nokey', '18446744073709551615'], [cmd, 'nokey', '0', 'COUNT'],
  [cmd, 'nokey', '0', 'COUNT', '0'], [cmd, 'nokey', '0', 'COUNT', '-1'], [cmd, 'nokey', '0', 'COUNT', 'x'],
  [cmd, 'nokey', '0', 'MATCH'], [cmd, 'nokey', '0', 'FOO', 'bar'], [cmd, 'nokey', '0', 'TYPE', 'string'],
  [cmd, 'nokey', '0', 'NOVALUES'], [cmd, 'nokey', '0', 'NOVALUES', 'COUNT', '5'], [cmd, 'nokey', '0', 'COUNT', '5', 'NOVALUES'],
  ['SET', 'str', 'v'], [cmd, 'str', '0'], [cmd, 'str', 'abc'], [cmd, 'str', '0', 'COUNT', '0'], [cmd, 'str', '0', 'FOO'],
];

const sets: Step[] = [
  ['SADD', 'is', ...range(100, (i) => [String(i * 7 - 300)])], ['OBJECT', 'ENCODING', 'is'],
  ['SSCAN', 'is', '0'], ['SSCAN', 'is', '0', 'COUNT', '1'], ['SSCAN', 'is', '0', 'MATCH', '*1*'],
  ['SSCAN', 'is', '0', 'MATCH', '-*', 'COUNT', '5'], ['SSCAN', 'is', '0', 'match', '[0-4]?'],
  // small non-integer set: hashtable in 7.0, listpack in 7.2+
  ['SADD', 'ls', 'foo', 'fab', 'fiz', 'foobar', '1', '2', '3', '4'],
  { cmd: ['SSCAN', 'ls', '0', 'COUNT', '10000'], norm: scanStep, note: 'hashtable (7.0) vs listpack (7.4)' },
  { cmd: ['SSCAN', 'ls', '0', 'NOVALUES'], expect: '-ERR NOVALUES option can only be used in HSCAN\r\n', why: NOVALUES_OTHER_WHY },
  { cmd: ['SSCAN', 'ls', '0', 'MATCH', 'foo*', 'COUNT', '10000'], norm: scanStep, note: 'hashtable (7.0) vs listpack (7.4)' },
  { cmd: ['SSCAN', 'ls', '0'], scanAll: true, cursorAt: 2 }, { cmd: ['SSCAN', 'ls', '0', 'MATCH', 'f*'], scanAll: true, cursorAt: 2 },
  ['SADD', 'mixed', '1', 'a'], { cmd: ['SSCAN', 'mixed', '0', 'MATCH', '*a*', 'COUNT', '100'], scanAll: true, cursorAt: 2 },
  { cmd: ['SSCAN', 'mixed', '0', 'MATCH', '*1*', 'COUNT', '100'], scanAll: true, cursorAt: 2 },
  // hashtable
  ['SADD', 'hs', ...range(300, (i) => [`ele:${i}`])],
  { cmd: ['SSCAN', 'hs', '0'], scanAll: true, cursorAt: 2 }, { cmd: ['SSCAN', 'hs', '0', 'COUNT', '3'], scanAll: true, cursorAt: 2 },
  { cmd: ['SSCAN', 'hs', '0', 'COUNT', '1000'], scanAll: true, cursorAt: 2 }, { cmd: ['SSCAN', 'hs', '0', 'MATCH', 'ele:1*'], scanAll: true, cursorAt: 2 },
  { cmd: ['SSCAN', 'hs', '0', 'MATCH', 'nomatch*', 'COUNT', '1000'], norm: stepShape },
  // intset turned hashtable by a big integer count
  ['SADD', 'big', ...range(600, (i) => [String(i)])], { cmd: ['SSCAN', 'big', '0'], scanAll: true, cursorAt: 2 },
  { cmd: ['SSCAN', 'big', '0', 'MATCH', '*9'], scanAll: true, cursorAt: 2 },
  // binary members
  ['SADD', 'bin', Buffer.from('a\x00b'), Buffer.from('\xff\r\n')], { cmd: ['SSCAN', 'bin', '0'], scanAll: true, cursorAt: 2 },
  { cmd: ['SSCAN', 'bin', '0', 'MATCH', Buffer.from('a\x00*')], scanAll: true, cursorAt: 2 },
];

const hashes: Step[] = [
  // listpack: one step, in insertion order
  ['HSET', 'lh', ...range(30, (i) => [`key:${i}`, String(i)])], ['OBJECT', 'ENCODING', 'lh'],
  ['HSCAN', 'lh', '0'], ['HSCAN', 'lh', '0', 'COUNT', '1'], ['HSCAN', 'lh', '0', 'MATCH', 'key:1*'],
  { cmd: ['HSCAN', 'lh', '0', 'NOVALUES'], expect: done(range(30, (i) => [`key:${i}`])), why: NOVALUES_WHY },
  { cmd: ['HSCAN', 'lh', '0', 'MATCH', 'key:2*', 'NOVALUES'], expect: done(['key:2', ...range(10, (i) => [`key:2${i}`])]), why: NOVALUES_WHY },
  { cmd: ['HSCAN', 'lh', '0', 'novalues', 'count', '1000'], expect: done(range(30, (i) => [`key:${i}`])), why: NOVALUES_WHY },
  { cmd: ['HSCAN', 'lh', '0', 'NOVALUES', 'NOVALUES'], expect: done(range(30, (i) => [`key:${i}`])), why: NOVALUES_WHY },
  ['HSET', 'pat', 'foo', '1', 'fab', '2', 'fiz', '3', 'foobar', '10', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
  ['HSCAN', 'pat', '0', 'MATCH', 'foo*', 'COUNT', '10000'],
  { cmd: ['HSCAN', 'pat', '0', 'NOVALUES'], expect: done(['foo', 'fab', 'fiz', 'foobar', '1', '2', '3', '4']), why: NOVALUES_WHY },
  // large values: listpack below the value threshold, hashtable above
  ['HSET', 'lv', '1'.repeat(60), '1'.repeat(60), '2'.repeat(60), '2'.repeat(60)], ['HSCAN', 'lv', '0'],
  { cmd: ['HSCAN', 'lv', '0', 'NOVALUES'], expect: done(['1'.repeat(60), '2'.repeat(60)]), why: NOVALUES_WHY },
  ['HSET', 'hv', '1'.repeat(170), '1'.repeat(170), '2'.repeat(170), '2'.repeat(170)],
  { cmd: ['HSCAN', 'hv', '0'], norm: sortPairs },
  { cmd: ['HSCAN', 'hv', '0', 'NOVALUES'], norm: scanStep, expect: doneSorted(['1'.repeat(170), '2'.repeat(170)]), why: NOVALUES_WHY },
  // hashtable
  ['HSET', 'hh', ...range(1000, (i) => [`key:${i}`, String(i)])], ['OBJECT', 'ENCODING', 'hh'],
  { cmd: ['HSCAN', 'hh', '0'], scanAll: true, cursorAt: 2 }, { cmd: ['HSCAN', 'hh', '0', 'COUNT', '7'], scanAll: true, cursorAt: 2 },
  { cmd: ['HSCAN', 'hh', '0', 'MATCH', 'key:99*'], scanAll: true, cursorAt: 2 },
  { cmd: ['HSCAN', 'hh', '0', 'NOVALUES'], scanAll: true, cursorAt: 2, expect: unionOf(range(1000, (i) => [`key:${i}`])), why: NOVALUES_WHY },
  { cmd: ['HSCAN', 'hh', '0', 'COUNT', '100000'], norm: sortPairs, note: 'one step covers the whole table' },
  { cmd: ['HSCAN', 'hh', '0', 'COUNT', '100000', 'NOVALUES'], norm: scanStep, expect: doneSorted(range(1000, (i) => [`key:${i}`])), why: NOVALUES_WHY },
];

const zsets: Step[] = [
  ['ZADD', 'lz', ...range(30, (i) => [String(i), `key:${i}`])], ['OBJECT', 'ENCODING', 'lz'],
  ['ZSCAN', 'lz', '0'], ['ZSCAN', 'lz', '0', 'COUNT', '1'], ['ZSCAN', 'lz', '0', 'MATCH', 'key:1*'],
  ['ZADD', 'pat', '1', 'foo', '2', 'fab', '3', 'fiz', '10', 'foobar'], ['ZSCAN', 'pat', '0', 'MATCH', 'foo*', 'COUNT', '10000'],
  ['ZADD', 'sc', '1.5', 'a', '-0.1', 'b', '1e100', 'c', '-inf', 'd', '+inf', 'e', '3.0', 'f', '0.1', 'g', '123456789012345678', 'h'],
  {
    cmd: ['ZSCAN', 'sc', '0'], why: LPSCORE_WHY,
    expect: done(['d', '-inf', 'b', '-0.1', 'g', '0.1', 'a', '1.5', 'f', '3', 'h', '123456789012345680', 'c', '1e+100', 'e', 'inf']),
  },
  { cmd: ['ZSCAN', 'sc', '0', 'NOVALUES'], expect: '-ERR NOVALUES option can only be used in HSCAN\r\n', why: NOVALUES_OTHER_WHY },
  // skiplist
  ['ZADD', 'sz', ...range(1000, (i) => [String(i), `key:${i}`])], ['OBJECT', 'ENCODING', 'sz'],
  { cmd: ['ZSCAN', 'sz', '0'], scanAll: true, cursorAt: 2 }, { cmd: ['ZSCAN', 'sz', '0', 'COUNT', '5'], scanAll: true, cursorAt: 2 },
  { cmd: ['ZSCAN', 'sz', '0', 'MATCH', 'key:5*'], scanAll: true, cursorAt: 2 },
  { cmd: ['ZSCAN', 'sz', '0', 'COUNT', '100000'], norm: sortPairs },
  ['ZADD', 'tiny', ...range(500, (i) => ['9.8813129168249309e-323', String(i)])],
  { cmd: ['ZSCAN', 'tiny', '0', 'COUNT', '100000'], norm: sortPairs },
  ['ZADD', 'lsc', '9.8813129168249309e-323', 'x', '0.30000000000000004', 'y'],
  { cmd: ['ZSCAN', 'lsc', '0'], expect: done(['x', '1e-322', 'y', '0.30000000000000004']), why: LPSCORE_WHY },
];

const scanType: Step[] = [
  ['SET', 's1', 'v'], ['SADD', 'set1', 'a'], ['HSET', 'h1', 'f', 'v'], ['ZADD', 'z1', '1', 'm'], ['RPUSH', 'l1', 'x'],
  { cmd: ['SCAN', '0', 'TYPE', 'set'], scanAll: true }, { cmd: ['SCAN', '0', 'TYPE', 'hash'], scanAll: true },
  { cmd: ['SCAN', '0', 'TYPE', 'zset'], scanAll: true }, { cmd: ['SCAN', '0', 'TYPE', 'list'], scanAll: true },
  { cmd: ['SCAN', '0', 'TYPE', 'string'], scanAll: true }, { cmd: ['SCAN', '0', 'TYPE', 'SET', 'MATCH', 's*'], scanAll: true },
];

defineDiffSuite('compat: scan family', {
  'sscan errors': { steps: errors('SSCAN'), requires: ['sscan'] },
  'hscan errors': { steps: errors('HSCAN'), requires: ['hscan'] },
  'zscan errors': { steps: errors('ZSCAN'), requires: ['zscan'] },
  sets: { steps: sets, requires: ['sscan'] },
  hashes: { steps: hashes, requires: ['hscan'] },
  zsets: { steps: zsets, requires: ['zscan'] },
  scanType: { steps: scanType, requires: ['sadd', 'hset', 'zadd', 'rpush'] },
});
