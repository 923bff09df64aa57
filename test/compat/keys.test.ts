// Differential: keyspace commands against a real redis-server, byte for byte, in RESP2 and RESP3.
// COPY DEL EXISTS EXPIRE EXPIREAT EXPIRETIME KEYS MOVE OBJECT PERSIST PEXPIRE PEXPIREAT PEXPIRETIME
// PTTL RANDOMKEY RENAME RENAMENX SCAN TOUCH TTL TYPE UNLINK (+ DBSIZE, SELECT as needed).
//
// Normalisations used here (see test/helpers/norm.ts):
// - KEYS: sortArray (hash-table order is not part of the contract).
// - SCAN: scanAll iterates to cursor 0 on each server and compares the sorted, de-duplicated union;
//   single SCAN steps use scanStep (cursor only zero / non-zero, keys sorted) where the whole set
//   fits in one step.
// - RANDOMKEY with several keys: randomKeyShape (only "a key" vs nil); with one key it is exact.
// - OBJECT IDLETIME right after access: smallIdle (0-2 s, LRU clock granularity).
// - Relative TTLs: `approx` as in strings.
// - OBJECT HELP: helpFooter74 (7.2 changed the shared HELP footer from "Prints" to "Print this help.").
import { defineDiffSuite, type Step } from '../helpers/diff.ts';
import { sortArray, scanStep, randomKeyShape, smallIdle, helpFooter74, arrayShape } from '../helpers/norm.ts';

const FAR = '4102444800';
const FAR_MS = '4102444800000';

const delExists: Step[] = [
  ['MSET', 'a', '1', 'b', '2', 'c', '3'], ['EXISTS', 'a'], ['EXISTS', 'a', 'b', 'nope'], ['EXISTS', 'a', 'a', 'a'],
  ['EXISTS'], ['DEL', 'a', 'nope'], ['DEL', 'a'], ['EXISTS', 'a'], ['DEL', 'b', 'b'], ['DEL'], ['DBSIZE'],
  ['UNLINK', 'c', 'x', 'y'], ['UNLINK', 'c'], ['UNLINK'], ['DBSIZE'],
  ['SET', 'k', 'v'], ['TOUCH', 'k', 'nope', 'k'], ['TOUCH', 'nope'], ['TOUCH'],
  ['TYPE', 'k'], ['TYPE', 'nope'], ['TYPE'], ['TYPE', 'a', 'b'], ['SET', 'i', '1'], ['TYPE', 'i'],
  ['SET', 'k', 'v', 'EX', '100'], ['DEL', 'k'], ['TTL', 'k'], ['EXISTS', 'k'],
];

const expire: Step[] = [
  ['SET', 'k', 'v'], ['TTL', 'k'], ['PTTL', 'k'], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'k'],
  ['TTL', 'nope'], ['PTTL', 'nope'], ['EXPIRETIME', 'nope'], ['PEXPIRETIME', 'nope'],
  ['EXPIRE', 'k', '100'], { cmd: ['TTL', 'k'], approx: 1 }, { cmd: ['PTTL', 'k'], approx: 100 },
  { cmd: ['EXPIRETIME', 'k'], approx: 1 }, { cmd: ['PEXPIRETIME', 'k'], approx: 100 },
  ['EXPIRE', 'nope', '100'], ['EXPIRE', 'k', 'abc'], ['EXPIRE', 'k', '1.5'], ['EXPIRE', 'k', ''], ['EXPIRE', 'k'],
  ['EXPIRE', 'k', '9223372036854775807'], ['EXPIRE', 'k', '-9223372036854775808'], ['EXPIRE', 'k', '9223372036854775'],
  ['EXPIRE', 'k', '9223372036854776'], { cmd: ['TTL', 'k'], approx: 1 },
  // NX XX GT LT
  ['SET', 'n', 'v'], ['EXPIRE', 'n', '100', 'XX'], ['TTL', 'n'], ['EXPIRE', 'n', '100', 'NX'], { cmd: ['TTL', 'n'], approx: 1 },
  ['EXPIRE', 'n', '200', 'NX'], ['EXPIRE', 'n', '200', 'XX'], { cmd: ['TTL', 'n'], approx: 1 },
  ['EXPIRE', 'n', '100', 'GT'], ['EXPIRE', 'n', '300', 'GT'], ['EXPIRE', 'n', '400', 'LT'], ['EXPIRE', 'n', '50', 'LT'],
  { cmd: ['TTL', 'n'], approx: 1 }, ['EXPIRE', 'n', '60', 'gt', 'xx'], ['EXPIRE', 'n', '10', 'lt', 'XX'],
  ['SET', 'p', 'v'], ['EXPIRE', 'p', '100', 'GT'], ['TTL', 'p'], ['EXPIRE', 'p', '100', 'LT'], { cmd: ['TTL', 'p'], approx: 1 },
  ['EXPIRE', 'n', '10', 'NX', 'XX'], ['EXPIRE', 'n', '10', 'GT', 'LT'], ['EXPIRE', 'n', '10', 'NX', 'GT'],
  ['EXPIRE', 'n', '10', 'NX', 'LT'], ['EXPIRE', 'n', '10', 'FOO'], ['EXPIRE', 'n', '10', 'NX', 'FOO'], ['EXPIRE', 'n', '10', ''],
  ['EXPIRE', 'nope', '10', 'NX', 'XX'], ['EXPIRE', 'nope', 'x', 'NX', 'XX'],
  // zero / negative / past: the key is deleted
  ['SET', 'z', 'v'], ['EXPIRE', 'z', '0'], ['EXISTS', 'z'], ['SET', 'z', 'v'], ['EXPIRE', 'z', '-1'], ['EXISTS', 'z'],
  ['SET', 'z', 'v'], ['PEXPIRE', 'z', '-100'], ['EXISTS', 'z'], ['SET', 'z', 'v'], ['EXPIREAT', 'z', '1'], ['EXISTS', 'z'],
  ['SET', 'z', 'v'], ['PEXPIREAT', 'z', '1000'], ['EXISTS', 'z'], ['SET', 'z', 'v'], ['EXPIRE', 'z', '0', 'NX'], ['EXISTS', 'z'],
  ['SET', 'z', 'v', 'EX', '100'], ['EXPIRE', 'z', '0', 'NX'], ['EXISTS', 'z'], ['EXPIRE', 'z', '-5', 'GT'], ['EXISTS', 'z'],
  ['EXPIRE', 'z', '-5', 'LT'], ['EXISTS', 'z'],
  // absolute
  ['SET', 'a', 'v'], ['EXPIREAT', 'a', FAR], { cmd: ['TTL', 'a'], approx: 1 }, ['EXPIRETIME', 'a'],
  ['PEXPIRETIME', 'a'], ['PEXPIREAT', 'a', FAR_MS], ['PEXPIRETIME', 'a'], ['PEXPIREAT', 'a', '4102444800123'], ['PEXPIRETIME', 'a'],
  ['EXPIRETIME', 'a'], ['EXPIREAT', 'a', '4102444801', 'GT'], ['EXPIREAT', 'a', '4102444700', 'GT'], ['EXPIREAT', 'a', '4102444700', 'LT'],
  ['EXPIRETIME', 'a'], ['EXPIREAT', 'a', 'x'], ['EXPIREAT', 'a', '9223372036854775807'], ['PEXPIREAT', 'a', '9223372036854775807'],
  ['EXPIREAT', 'nope', FAR], ['PEXPIREAT', 'nope', FAR_MS], ['EXPIREAT', 'a'], ['PEXPIREAT', 'a', FAR_MS, 'NX'],
  ['PEXPIRE', 'a', '100000'], { cmd: ['PTTL', 'a'], approx: 100 }, ['PEXPIRE', 'a', 'x'], ['PEXPIRE', 'a', '9223372036854775807'],
  ['PEXPIRE', 'a', '100000', 'XX'], ['PEXPIRE', 'a', '10', 'GT'], ['PEXPIRE', 'nope', '10'],
  // PERSIST
  ['PERSIST', 'a'], ['TTL', 'a'], ['PERSIST', 'a'], ['PERSIST', 'nope'], ['PERSIST'], ['PERSIST', 'a', 'b'],
  // expiry fires (lazy on access, both servers)
  ['SET', 'e1', 'v', 'PX', '50'], ['PSETEX', 'e2', '50', 'v'], ['SET', 'e3', 'v'], ['PEXPIRE', 'e3', '50'], ['DBSIZE'],
  { sleep: 200 },
  ['GET', 'e1'], ['EXISTS', 'e2'], ['TTL', 'e3'], ['PTTL', 'e1'], ['TYPE', 'e2'], ['EXPIRE', 'e3', '100'],
  ['SET', 'e4', 'v', 'PX', '30'], { sleep: 150 }, ['KEYS', 'e*'],
  ['SET', 'e5', 'v', 'PX', '30'], { sleep: 150 }, ['SET', 'e5', 'w', 'NX'], ['GET', 'e5'],
  ['SET', 'e6', '5', 'PX', '30'], { sleep: 150 }, ['INCR', 'e6'], ['TTL', 'e6'],
  // commands that take the TTL along or drop it
  ['SET', 't', 'v', 'EX', '100'], ['SET', 't', 'w'], ['TTL', 't'], ['SET', 't', 'v', 'EX', '100'], ['GETSET', 't', 'x'], ['TTL', 't'],
];

const keysPatterns: Step[] = [
  ['KEYS', '*'],
  ['MSET', 'hello', '1', 'hallo', '2', 'hxllo', '3', 'hllo', '4', 'heeeello', '5', 'h*llo', '6', 'h?llo', '7', 'a[b', '8', 'foo', '9', 'Hello', 'A'],
  { cmd: ['KEYS', '*'], norm: sortArray }, { cmd: ['KEYS', 'h?llo'], norm: sortArray }, { cmd: ['KEYS', 'h*llo'], norm: sortArray },
  { cmd: ['KEYS', 'h[ae]llo'], norm: sortArray }, { cmd: ['KEYS', 'h[^e]llo'], norm: sortArray }, { cmd: ['KEYS', 'h[a-b]llo'], norm: sortArray },
  { cmd: ['KEYS', 'h\\*llo'], norm: sortArray }, { cmd: ['KEYS', 'h\\?llo'], norm: sortArray }, { cmd: ['KEYS', 'a[b'], norm: sortArray },
  { cmd: ['KEYS', 'a\\[b'], norm: sortArray }, { cmd: ['KEYS', '[a-h]*'], norm: sortArray }, { cmd: ['KEYS', '[h-a]*'], norm: sortArray },
  { cmd: ['KEYS', '*o'], norm: sortArray }, { cmd: ['KEYS', 'nomatch*'], norm: sortArray }, { cmd: ['KEYS', 'hello'], norm: sortArray },
  { cmd: ['KEYS', ''], norm: sortArray }, { cmd: ['KEYS', '**'], norm: sortArray }, { cmd: ['KEYS', '[!e]*'], norm: sortArray },
  { cmd: ['KEYS', '[\\]]*'], norm: sortArray }, { cmd: ['KEYS', 'h[a-]*'], norm: sortArray }, { cmd: ['KEYS', '?'], norm: sortArray },
  ['KEYS'], ['KEYS', 'a', 'b'],
  ['DBSIZE'], ['SELECT', '1'], ['KEYS', '*'], ['DBSIZE'], ['SELECT', '0'],
];

const scan: Step[] = [
  ['SCAN', '0'],
  ...Array.from({ length: 120 }, (_, i): Step => ['SET', `key:${i}`, String(i)]),
  ['MSET', 'other:1', 'a', 'other:2', 'b'],
  { cmd: ['SCAN', '0'], scanAll: true }, { cmd: ['SCAN', '0', 'COUNT', '7'], scanAll: true },
  { cmd: ['SCAN', '0', 'MATCH', 'other:*'], scanAll: true }, { cmd: ['SCAN', '0', 'MATCH', 'key:1?', 'COUNT', '1000'], scanAll: true },
  { cmd: ['SCAN', '0', 'TYPE', 'string'], scanAll: true }, { cmd: ['SCAN', '0', 'TYPE', 'list'], scanAll: true },
  { cmd: ['SCAN', '0', 'count', '3', 'match', '*:1*', 'type', 'STRING'], scanAll: true },
  { cmd: ['SCAN', '0', 'COUNT', '1000'], norm: scanStep, note: 'COUNT above the key count: one step returns everything' },
  // SCAN '-1', SCAN '' and SCAN TYPE <unknown> follow the upstream suite's newer rules: see compat/v74
  ['SCAN', 'abc'],
  ['SCAN', '18446744073709551616'], ['SCAN', '0', 'COUNT', '0'], ['SCAN', '0', 'COUNT', '-1'],
  ['SCAN', '0', 'COUNT', 'x'], ['SCAN', '0', 'MATCH'], ['SCAN', '0', 'FOO', 'bar'], ['SCAN', '0', 'COUNT'], ['SCAN'],
  ['SCAN', '0', 'TYPE'],
  ['FLUSHDB'], ['SCAN', '0'], ['SCAN', '0', 'MATCH', '*'],
  // keys with a TTL that already passed are not returned
  ['SET', 'live', 'v'], ['SET', 'dead', 'v', 'PX', '20'], { sleep: 120 }, { cmd: ['SCAN', '0'], scanAll: true },
];

const renameCopyMove: Step[] = [
  ['SET', 'a', 'v'], ['RENAME', 'a', 'b'], ['GET', 'a'], ['GET', 'b'], ['RENAME', 'nope', 'x'], ['RENAME', 'b', 'b'],
  ['RENAME', 'nope', 'nope'], ['SET', 'c', 'w'], ['RENAME', 'b', 'c'], ['GET', 'c'], ['EXISTS', 'b'], ['RENAME', 'c'],
  ['SET', 't', 'v', 'EX', '100'], ['RENAME', 't', 't2'], { cmd: ['TTL', 't2'], approx: 1 }, ['SET', 'u', 'v'],
  ['RENAME', 'u', 't2'], ['TTL', 't2'], ['SET', 'i', '123'], ['RENAME', 'i', 'j'], ['OBJECT', 'ENCODING', 'j'], ['GET', 'j'],
  ['RENAMENX', 'j', 'c'], ['RENAMENX', 'j', 'fresh'], ['GET', 'fresh'], ['RENAMENX', 'nope', 'x'], ['RENAMENX', 'fresh', 'fresh'],
  ['RENAMENX', 'fresh'],
  // COPY
  ['SET', 's', 'val'], ['COPY', 's', 'd'], ['GET', 'd'], ['COPY', 's', 'd'], ['COPY', 's', 'd', 'REPLACE'], ['COPY', 'nope', 'd'],
  ['COPY', 's', 's'], ['COPY', 's', 's', 'REPLACE'], ['COPY', 's', 'd', 'DB', '1'], ['COPY', 's', 'd', 'DB', '1'], ['SELECT', '1'],
  ['GET', 'd'], ['SELECT', '0'], ['COPY', 's', 's', 'DB', '1'], ['COPY', 's', 's', 'DB', '0'], ['COPY', 's', 'x', 'DB', '16'],
  ['COPY', 's', 'x', 'DB', '-1'], ['COPY', 's', 'x', 'DB', 'abc'], ['COPY', 's', 'x', 'DB'], ['COPY', 's', 'x', 'FOO'],
  ['COPY', 's', 'x', 'REPLACE', 'REPLACE'], ['COPY', 's'], ['COPY', 's', 'x', 'db', '2', 'replace'],
  ['SET', 'ttl', 'v', 'EX', '100'], ['COPY', 'ttl', 'ttl2'], { cmd: ['TTL', 'ttl2'], approx: 1 },
  ['SET', 'n', '42'], ['COPY', 'n', 'n2'], ['OBJECT', 'ENCODING', 'n2'], ['APPEND', 's', 'more'], ['COPY', 's', 's3'],
  ['OBJECT', 'ENCODING', 's3'], ['GET', 's3'], ['APPEND', 's3', '!'], ['GET', 's'], ['GET', 's3'],
  // MOVE
  ['SET', 'm', 'v'], ['MOVE', 'm', '1'], ['EXISTS', 'm'], ['SELECT', '1'], ['GET', 'm'], ['SELECT', '0'], ['SET', 'm', 'x'],
  ['MOVE', 'm', '1'], ['GET', 'm'], ['MOVE', 'nope', '1'], ['MOVE', 'm', '0'], ['MOVE', 'm', '16'], ['MOVE', 'm', '-1'],
  ['MOVE', 'm', 'abc'], ['MOVE', 'm'], ['MOVE', 'nope', '0'],
  ['SET', 'mt', 'v', 'EX', '100'], ['MOVE', 'mt', '2'], ['SELECT', '2'], { cmd: ['TTL', 'mt'], approx: 1 }, ['DBSIZE'], ['SELECT', '0'],
];

const objectRandom: Step[] = [
  ['SET', 'int', '12345'], ['SET', 'emb', 'hello'], ['SET', 'raw44', 'x'.repeat(44)], ['SET', 'raw45', 'x'.repeat(45)],
  ['SET', 'big', '12345678901234567890'], ['SET', 'neg', '-1'], ['SET', 'zero', '0'], ['SET', 'lead', '01'],
  ['OBJECT', 'ENCODING', 'int'], ['OBJECT', 'ENCODING', 'emb'], ['OBJECT', 'ENCODING', 'raw44'], ['OBJECT', 'ENCODING', 'raw45'],
  ['OBJECT', 'ENCODING', 'big'], ['OBJECT', 'ENCODING', 'neg'], ['OBJECT', 'ENCODING', 'zero'], ['OBJECT', 'ENCODING', 'lead'],
  ['OBJECT', 'ENCODING', 'nope'], ['OBJECT', 'encoding', 'emb'],
  ['OBJECT', 'REFCOUNT', 'emb'], ['OBJECT', 'REFCOUNT', 'int'], ['OBJECT', 'REFCOUNT', 'zero'], ['OBJECT', 'REFCOUNT', 'nope'],
  { cmd: ['OBJECT', 'IDLETIME', 'emb'], norm: smallIdle }, ['OBJECT', 'IDLETIME', 'nope'],
  ['OBJECT', 'FREQ', 'emb'], ['OBJECT', 'FREQ', 'nope'],
  // OBJECT FREQ/IDLETIME under each maxmemory-policy: test/compat/eviction.test.ts
  { cmd: ['OBJECT', 'HELP'], norm: helpFooter74 }, { cmd: ['OBJECT', 'help'], norm: helpFooter74 }, ['OBJECT', 'FOO'], ['OBJECT', 'FOO', 'k'], ['OBJECT'], ['OBJECT', 'ENCODING'],
  ['OBJECT', 'ENCODING', 'a', 'b'],
  // encodings after modification
  ['APPEND', 'emb', '!'], ['OBJECT', 'ENCODING', 'emb'], ['SET', 'r', '10'], ['SETRANGE', 'r', '0', '2'], ['OBJECT', 'ENCODING', 'r'],
  ['INCR', 'int'], ['OBJECT', 'ENCODING', 'int'], ['SET', 'f', '1.5'], ['INCRBYFLOAT', 'f', '1'], ['OBJECT', 'ENCODING', 'f'],
  ['INCRBYFLOAT', 'f', '0.5'], ['OBJECT', 'ENCODING', 'f'], ['SET', 'x', 'v', 'EX', '100'], ['OBJECT', 'ENCODING', 'x'],
  ['SET', 'y', '100', 'EX', '100'], ['OBJECT', 'ENCODING', 'y'], ['GETSET', 'y', '5'], ['OBJECT', 'ENCODING', 'y'],
  ['MSET', 'm1', '7', 'm2', 'x'.repeat(50)], ['OBJECT', 'ENCODING', 'm1'], ['OBJECT', 'ENCODING', 'm2'],
  // RANDOMKEY
  ['FLUSHDB'], ['RANDOMKEY'], ['SET', 'only', 'v'], ['RANDOMKEY'], ['RANDOMKEY'], ['MSET', 'a', '1', 'b', '2'],
  { cmd: ['RANDOMKEY'], norm: randomKeyShape }, ['RANDOMKEY', 'x'],
  ['FLUSHDB'], ['SET', 'gone', 'v', 'PX', '20'], { sleep: 120 }, ['RANDOMKEY'],
];

const wrongtype: Step[] = [
  ['LPUSH', 'l', 'x'], ['TYPE', 'l'],
  { cmd: ['OBJECT', 'ENCODING', 'l'], expect: '$8\r\nlistpack\r\n', note: 'small lists are listpack-encoded since 7.2 (7.0: quicklist)' }, ['RENAME', 'l', 'l2'], ['TYPE', 'l2'], ['COPY', 'l2', 'l3'],
  ['TYPE', 'l3'], ['MOVE', 'l3', '1'], { cmd: ['SCAN', '0', 'TYPE', 'list'], scanAll: true }, ['EXPIRE', 'l2', '100'],
  { cmd: ['TTL', 'l2'], approx: 1 }, ['DEL', 'l2'],
];

defineDiffSuite('compat: keys', {
  delExists, expire, keysPatterns, scan, renameCopyMove, objectRandom,
  wrongtype: { steps: wrongtype, requires: ['lpush'] },
});
