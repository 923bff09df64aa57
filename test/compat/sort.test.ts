// Differential: SORT and SORT_RO against a real redis-server, byte for byte, in RESP2 and RESP3.
// Sources: lists (listpack and quicklist), sets (intset, listpack, hashtable), sorted sets (listpack
// and skiplist); BY key / hash field / nosort, GET # / key / hash field, LIMIT, ASC/DESC, ALPHA,
// STORE, the numeric parse rules and errors, pattern substitution corner cases.
//
// Normalisations used here (see test/helpers/norm.ts):
// - SORT ... BY nosort of a set without STORE returns the set's iteration order, which is hash-table
//   order for hashtable sets (and listpack order in 7.2+ where 7.0 uses a hashtable): sortArray.
//   Intsets iterate in ascending order on both and are compared exactly.
// - OBJECT ENCODING of a set: 7.0.15 has no listpack sets, so those steps are not compared; list
//   and sorted-set encodings are.
// - INFO stats: only the keyspace_hits / keyspace_misses lines are compared (pattern lookups count).
import { defineDiffSuite, type Step } from '../helpers/diff.ts';
import { mulberry32 } from '../helpers/gen.ts';
import { sortArray, mapText } from '../helpers/norm.ts';

// Redis checks errno after strtod without clearing it first, so one out-of-range value (ERANGE) makes
// later SORTs fail too, until something else in the process overwrites errno. Cinnabar judges each
// value on its own. After a step that leaves ERANGE behind, `fresh()` opens a new connection on both
// servers: accepting it ends with EAGAIN in Redis's accept loop, which clears the stale ERANGE.
let freshN = 0;
const fresh = (): Step => ({ cmd: ['PING'], c: `fresh${freshN++}`, note: 'new connection: clears a stale errno in Redis' });

// 7.0.15 has no listpack-encoded lists (7.2+): encodings of lists carry the 7.4 answer.
const LIST_ENC_WHY = '7.2+ keeps small lists in a listpack (7.0: always quicklist); SORT STORE converts as listTypeTryConversion';
const listEnc = (key: string, enc: 'listpack' | 'quicklist'): Step =>
  ({ cmd: ['OBJECT', 'ENCODING', key], expect: `$${enc.length}\r\n${enc}\r\n`, why: LIST_ENC_WHY });

const hitsMisses = mapText((s) => s.split('\r\n').filter((l) => /^keyspace_(hits|misses):/.test(l)).join('\r\n') + '\r\n');

const parsing: Step[] = [
  ['SORT'], ['SORT_RO'], ['SORT', 'nokey'], ['SORT_RO', 'nokey'],
  ['SORT', 'nokey', 'LIMIT'], ['SORT', 'nokey', 'LIMIT', '1'], ['SORT', 'nokey', 'LIMIT', 'a', '1'],
  ['SORT', 'nokey', 'LIMIT', '1', 'b'], ['SORT', 'nokey', 'LIMIT', '1', '2', '3'], ['SORT', 'nokey', 'LIMIT', '1.5', '2'],
  ['SORT', 'nokey', 'BY'], ['SORT', 'nokey', 'GET'], ['SORT', 'nokey', 'STORE'], ['SORT', 'nokey', 'FOO'],
  ['SORT', 'nokey', 'asc', 'desc', 'ASC', 'Alpha', 'alpha'], ['SORT', 'nokey', 'by', 'x', 'get', '#', 'limit', '0', '1'],
  ['SORT', 'nokey', 'STORE', 'dst'], ['EXISTS', 'dst'], ['SORT_RO', 'nokey', 'STORE', 'dst'],
  ['SORT_RO', 'nokey', 'store'], ['SORT_RO', 'nokey', 'LIMIT', '0', '1', 'STORE', 'x'],
  // syntax errors win over WRONGTYPE; a bad LIMIT is reported before the key is looked at
  ['SET', 'str', 'v'], ['SORT', 'str'], ['SORT_RO', 'str'], ['SORT', 'str', 'FOO'], ['SORT', 'str', 'LIMIT', 'x', '1'],
  ['SORT', 'str', 'BY', 'nosort'], ['SORT', 'str', 'STORE', 'dst'], ['EXISTS', 'dst'],
  ['SORT', 'nokey', 'GET', '#', 'GET', 'x*'], ['SORT', 'nokey', 'LIMIT', '-5', '-5'],
  ['COMMAND', 'GETKEYS', 'SORT', 'abc', 'STORE', 'def'], ['COMMAND', 'GETKEYS', 'SORT_RO', 'abc'],
  ['COMMAND', 'GETKEYS', 'SORT', 'abc', 'STORE', 'invalid', 'STORE', 'stillbad', 'STORE', 'def'],
  ['COMMAND', 'GETKEYS', 'SORT', 'abc', 'LIMIT', '0', '1', 'BY', 'w_*', 'GET', '#'],
  ['COMMAND', 'INFO', 'SORT', 'SORT_RO'],
];

const lists: Step[] = [
  ['RPUSH', 'l', '3', '1', '2', '10', '-5', '2.5', '0', '-0', '1e2', '100'],
  ['SORT', 'l'], ['SORT', 'l', 'DESC'], ['SORT', 'l', 'ALPHA'], ['SORT', 'l', 'ALPHA', 'DESC'],
  ['SORT_RO', 'l'], ['SORT_RO', 'l', 'desc', 'alpha'],
  ['SORT', 'l', 'LIMIT', '0', '3'], ['SORT', 'l', 'LIMIT', '2', '3'], ['SORT', 'l', 'LIMIT', '8', '10'],
  ['SORT', 'l', 'LIMIT', '10', '1'], ['SORT', 'l', 'LIMIT', '100', '1'], ['SORT', 'l', 'LIMIT', '-1', '2'],
  ['SORT', 'l', 'LIMIT', '1', '0'], ['SORT', 'l', 'LIMIT', '1', '-1'], ['SORT', 'l', 'LIMIT', '0', '0'],
  ['SORT', 'l', 'LIMIT', '9223372036854775807', '1'], ['SORT', 'l', 'LIMIT', '1', '9223372036854775807'],
  ['SORT', 'l', 'LIMIT', '0', '9223372036854775807'], ['SORT', 'l', 'LIMIT', '-9223372036854775808', '3'],
  ['SORT', 'l', 'DESC', 'LIMIT', '1', '3'], ['SORT', 'l', 'LIMIT', '1', '3', 'ASC', 'ALPHA'],
  // BY without '*': native order, DESC reverses it, LIMIT applies to it
  ['SORT', 'l', 'BY', 'nosort'], ['SORT', 'l', 'BY', 'nosort', 'DESC'], ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '2', '3'],
  ['SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '2', '3'], ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '8', '10'],
  ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '10', '1'], ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '-3', '2'],
  ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '0', '0'], ['SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '9', '5'],
  ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '1', '9223372036854775807'],
  ['SORT', 'l', 'BY', 'nosort', 'ALPHA'], ['SORT', 'l', 'BY', 'nosort', 'BY', 'w_*'], ['SORT', 'l', 'BY', 'w_*', 'BY', 'nosort'],
  ['SORT_RO', 'l', 'BY', 'a', 'LIMIT', '2', '9223372036854775807'],
  // duplicates are kept
  ['RPUSH', 'dup', 'b', 'a', 'b', 'a', '1', '1'], ['SORT', 'dup', 'ALPHA'], ['SORT', 'dup', 'ALPHA', 'DESC'],
  ['SORT', 'dup'],
  ['RPUSH', 'al', 'b', 'a', 'B', 'A', '_', 'aa', '', 'a b', '\xff', '\x7f', 'é'],
  ['SORT', 'al', 'ALPHA'], ['SORT', 'al', 'ALPHA', 'DESC'], ['SORT', 'al'],
  listEnc('l', 'listpack'),
];

// the C-string / strtod rules of the numeric sort
const numeric: Step[] = [
  ['RPUSH', 'n', ' 1', '', '0x10', 'inf', '-inf', '  -2.5', '+3', '.5', '5.', '1e1', '\t7', '\n8', '0X1p4', '-0', '0'],
  ['SORT', 'n'], ['SORT', 'n', 'DESC'], ['SORT', 'n', 'LIMIT', '0', '4'],
  ['RPUSH', 'nul', Buffer.from('1\x00abc'), '0.5', Buffer.from('2\x00'), Buffer.from('\x00x')], ['SORT', 'nul'], ['SORT', 'nul', 'DESC'],
  ['RPUSH', 'b1', '1', '1 '], ['SORT', 'b1'], ['SORT', 'b1', 'ALPHA'],
  ['RPUSH', 'b2', ' '], ['SORT', 'b2'], ['RPUSH', 'b3', '+'], ['SORT', 'b3'], ['RPUSH', 'b4', 'nan'], ['SORT', 'b4'],
  ['RPUSH', 'b5', '1e'], ['SORT', 'b5'], ['RPUSH', 'b6', '1e400'], ['SORT', 'b6'], fresh(), ['RPUSH', 'b7', '-1e400'], ['SORT', 'b7'], fresh(),
  ['RPUSH', 'b8', '1e-400'], ['SORT', 'b8'], fresh(), ['RPUSH', 'b9', '1e-310'], ['SORT', 'b9'], fresh(),
  ['RPUSH', 'b10', '0x1p-1074'], ['SORT', 'b10'], ['RPUSH', 'b10b', '0x1.8p-1073', '-0x1p-1070'], ['SORT', 'b10b'],
  ['RPUSH', 'b11', '4.9406564584124654e-324'], ['SORT', 'b11'], fresh(), ['RPUSH', 'b12', '2.2250738585072014e-308'], ['SORT', 'b12'],
  ['RPUSH', 'b12b', '2.2250738585072011e-308'], ['SORT', 'b12b'], fresh(),
  ['RPUSH', 'b13', '0e-400', '0x0p-2000', '1e-320'], ['SORT', 'b13'], fresh(), ['SORT', 'b13', 'ALPHA'],
  ['RPUSH', 'b14', 'abc'], ['SORT', 'b14'], ['SORT', 'b14', 'ALPHA'], ['SORT', 'b14', 'BY', 'nosort'], ['SORT', 'b14', 'STORE', 'bd'],
  ['EXISTS', 'bd'], ['SET', 'bd', 'keep'], ['SORT', 'b14', 'STORE', 'bd'], ['GET', 'bd'],
  ['RPUSH', 'b15', 'infinity', '-Infinity', 'INF', 'nan(123)'], ['SORT', 'b15'],
  ['RPUSH', 'big', '9007199254740993', '9007199254740992', '9223372036854775807', '-9223372036854775808', '9223372036854775806'],
  ['SORT', 'big'], ['SORT', 'big', 'DESC'],
  // equal scores: elements compared bytewise
  ['RPUSH', 'eq', '1.0', '1', '01', '1e0', '+1', '0x1'], ['SORT', 'eq'], ['SORT', 'eq', 'DESC'],
];

const patterns: Step[] = [
  ['RPUSH', 'l', '1', '2', '3', '4', '5'],
  ['MSET', 'w_1', '50', 'w_2', '10', 'w_3', '30', 'w_4', '40', 'w_5', 'abc'],
  ['SORT', 'l', 'BY', 'w_*'], ['SET', 'w_5', '-1'], ['SORT', 'l', 'BY', 'w_*'], ['SORT', 'l', 'BY', 'w_*', 'DESC'],
  ['SORT', 'l', 'BY', 'w_*', 'LIMIT', '1', '2'], ['SORT', 'l', 'BY', 'w_*', 'ALPHA'], ['SORT', 'l', 'BY', 'w_*', 'ALPHA', 'DESC'],
  ['SORT', 'l', 'BY', 'w_*', 'GET', '#'], ['SORT', 'l', 'BY', 'w_*', 'GET', 'w_*'], ['SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'w_*'],
  ['SORT', 'l', 'GET', 'nokey'], ['SORT', 'l', 'GET', 'nokey*'], ['SORT', 'l', 'GET', '#', 'GET', '#'],
  ['SORT', 'l', 'GET', '##'], ['SORT', 'l', 'GET', Buffer.from('#\x00x')], ['SORT', 'l', 'GET', 'w_*', 'LIMIT', '3', '10'],
  // only the first '*' is substituted
  ['MSET', 'a1*', 'x', 'a*1', 'y', 'a2*', 'z'], ['SORT', 'l', 'GET', 'a**', 'GET', 'a*1', 'LIMIT', '0', '2'],
  ['SORT', 'l', 'BY', '*'], ['MSET', '1', '9', '2', '8'], ['SORT', 'l', 'BY', '*'], ['SORT', 'l', 'GET', '*'],
  // a '*' after a NUL byte does not count (C strings)
  ['SORT', 'l', 'BY', Buffer.from('w_\x00*')], ['SORT', 'l', 'GET', Buffer.from('w_\x00*')],
  ['SORT', 'l', 'BY', Buffer.from('w_*\x00')], ['SORT', 'l', 'GET', Buffer.from('w_*\x00')],
  // missing BY keys score 0; wrong-type BY keys count as missing
  ['DEL', 'w_3'], ['SORT', 'l', 'BY', 'w_*'], ['RPUSH', 'w_3', 'x'], ['SORT', 'l', 'BY', 'w_*'], ['SORT', 'l', 'GET', 'w_*'],
  ['SORT', 'l', 'BY', 'w_*', 'ALPHA'], ['SORT', 'l', 'BY', 'w_*', 'ALPHA', 'DESC'],
  ['SORT', 'l', 'BY', 'none_*', 'ALPHA'], ['SORT', 'l', 'BY', 'none_*', 'ALPHA', 'DESC'], ['SORT', 'l', 'BY', 'none_*'],
  ['SORT', 'l', 'BY', 'none_*', 'DESC'],
  // numeric BY values that do not parse
  ['SET', 'w_2', 'x'], ['SORT', 'l', 'BY', 'w_*'], ['SORT', 'l', 'BY', 'w_*', 'ALPHA'], ['SET', 'w_2', ' 7'], ['SORT', 'l', 'BY', 'w_*'],
  // sets: SORT BY sub-sorts lexicographically when scores tie
  ['SADD', 's', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'aa', 'aaa', 'azz', 'z', 'h'], ['SORT', 's', 'BY', 'score:*'],
  ['SORT', 's', 'BY', 'score:*', 'DESC'], ['SORT', 's', 'BY', 'score:*', 'LIMIT', '2', '3'],
  // int-encoded BY values
  ['MSET', 'iw_1', '-3', 'iw_2', '9223372036854775807', 'iw_3', '9223372036854775806', 'iw_4', '0', 'iw_5', '-9223372036854775808'],
  ['SORT', 'l', 'BY', 'iw_*'], ['SORT', 'l', 'BY', 'iw_*', 'DESC'],
  // patterns reading the sorted key itself, and keys with binary bytes
  ['SORT', 'l', 'BY', 'l*', 'GET', 'l*'], ['RPUSH', 'bin', Buffer.from('a\x00b'), 'c'],
  ['SET', Buffer.from('k_a\x00b'), '2'], ['SET', 'k_c', '1'], ['SORT', 'bin', 'BY', 'k_*'], ['SORT', 'bin', 'BY', 'k_*', 'GET', 'k_*'],
];

const hashes: Step[] = [
  ['HSET', 'h', 'f', 'v'], ['SORT', 'h'], ['SORT_RO', 'h', 'ALPHA'],
  ['RPUSH', 'l', 'a', 'b', 'c', 'd'],
  ['HSET', 'h_a', 'w', '3', 'name', 'alpha'], ['HSET', 'h_b', 'w', '1', 'name', 'beta'], ['HSET', 'h_c', 'w', '2'],
  ['SORT', 'l', 'BY', 'h_*->w'], ['SORT', 'l', 'BY', 'h_*->w', 'DESC'], ['SORT', 'l', 'BY', 'h_*->name', 'ALPHA'],
  ['SORT', 'l', 'BY', 'h_*->w', 'GET', '#', 'GET', 'h_*->name', 'GET', 'h_*->w', 'GET', 'h_*->none'],
  ['SORT', 'l', 'BY', 'h_*->nofield'], ['SORT', 'l', 'BY', 'h_*->nofield', 'ALPHA'],
  // "->" with nothing after it is part of the key name
  ['SET', 'x:a->', '100'], ['SORT', 'l', 'BY', 'nosort', 'GET', 'x:*->'], ['SORT', 'l', 'BY', 'x:*->'],
  // "->" before the '*' is not a field marker
  ['SET', 'p->a', 'PA'], ['SORT', 'l', 'BY', 'nosort', 'GET', 'p->*'], ['SET', 'h->a', 'HA'],
  ['SORT', 'l', 'BY', 'nosort', 'GET', 'h->*'],
  // field names may contain "->" and bytes after the first "->" belong to the field
  ['HSET', 'h_a', 'x->y', 'XY'], ['SORT', 'l', 'BY', 'nosort', 'GET', 'h_*->x->y'],
  ['SORT', 'l', 'BY', 'nosort', 'GET', 'h_*-->w'], ['HSET', 'h_a', '>w', 'GTW'], ['SORT', 'l', 'BY', 'nosort', 'GET', 'h_*-->w'],
  // hash field on a string key, string pattern on a hash key: missing
  ['SET', 's_a', 'v'], ['SORT', 'l', 'BY', 'nosort', 'GET', 's_*->w', 'GET', 'h_*'],
  // integers in listpack hashes and in hashtable hashes
  ['HSET', 'h_d', 'w', '-7'], ['SORT', 'l', 'BY', 'h_*->w'], ['CONFIG', 'SET', 'hash-max-listpack-entries', '1'],
  ['HSET', 'h_e', 'w', '5', 'x', '6'], ['RPUSH', 'l', 'e'], ['SORT', 'l', 'BY', 'h_*->w', 'GET', 'h_*->x'],
  ['SORT', 'l', 'BY', 'h_*->w', 'GET', 'h_*->x', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'],
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '128'],
];

const store: Step[] = [
  ['RPUSH', 'l', '3', '1', '2'],
  ['SORT', 'l', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'], ['TYPE', 'dst'], listEnc('dst', 'listpack'),
  ['SORT', 'l', 'DESC', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'],
  ['SORT', 'l', 'GET', '#', 'GET', 'nokey_*', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'], ['LLEN', 'dst'],
  ['SORT', 'l', 'LIMIT', '5', '5', 'STORE', 'dst'], ['EXISTS', 'dst'],
  ['SORT', 'l', 'STORE', 'dst'], ['SORT', 'nokey', 'STORE', 'dst'], ['EXISTS', 'dst'],
  // STORE replaces any type and drops the TTL
  ['SET', 'dst', 'v', 'EX', '1000'], ['SORT', 'l', 'STORE', 'dst'], ['TTL', 'dst'], ['TYPE', 'dst'],
  ['HSET', 'dst', 'f', 'v'], ['SORT', 'l', 'STORE', 'dst'], ['TYPE', 'dst'], ['LRANGE', 'dst', '0', '-1'],
  // the sorted key itself as destination
  ['SORT', 'l', 'STORE', 'l'], ['LRANGE', 'l', '0', '-1'], ['SORT', 'l', 'DESC', 'STORE', 'l'], ['LRANGE', 'l', '0', '-1'],
  // several STOREs: the last wins
  ['SORT', 'l', 'STORE', 'd1', 'STORE', 'd2'], ['EXISTS', 'd1'], ['LRANGE', 'd2', '0', '-1'],
  // STORE of a set BY nosort sorts ALPHA
  ['SADD', 'myset', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'z', 'aa', 'aaa', 'azz'],
  ['SORT', 'myset', 'ALPHA', 'BY', '_', 'STORE', 'mylist'], ['LRANGE', 'mylist', '0', '-1'],
  ['SORT', 'myset', 'BY', '_', 'STORE', 'mylist'], ['LRANGE', 'mylist', '0', '-1'],
  ['SORT', 'myset', 'BY', '_', 'DESC', 'STORE', 'mylist'], ['LRANGE', 'mylist', '0', '-1'],
  ['SORT', 'myset', 'BY', '_', 'LIMIT', '2', '3', 'STORE', 'mylist'], ['LRANGE', 'mylist', '0', '-1'],
  ['SORT', 'myset', 'BY', 'nosort', 'GET', '#', 'STORE', 'mylist'], ['LRANGE', 'mylist', '0', '-1'],
  // STORE list encoding follows the list thresholds
  ['CONFIG', 'SET', 'list-max-listpack-size', '4'],
  ['RPUSH', 'big', '5', '4', '3', '2', '1', '0'], ['SORT', 'big', 'STORE', 'bd'], listEnc('bd', 'quicklist'),
  ['SORT', 'big', 'LIMIT', '0', '4', 'STORE', 'bd'], listEnc('bd', 'listpack'),
  ['SORT', 'big', 'LIMIT', '0', '5', 'STORE', 'bd'], listEnc('bd', 'quicklist'), ['LRANGE', 'bd', '0', '-1'],
  ['CONFIG', 'SET', 'list-max-listpack-size', '-2'],
  ['SORT', 'big', 'STORE', 'bd'], listEnc('bd', 'listpack'),
  ['SORT', 'big', 'GET', Buffer.from('x'.repeat(9000)), 'STORE', 'bd'], listEnc('bd', 'listpack'), ['LLEN', 'bd'],
  ['SET', 'v_1', 'x'.repeat(9000)], ['SORT', 'big', 'GET', 'v_*', 'STORE', 'bd'], listEnc('bd', 'quicklist'), ['LINDEX', 'bd', '4'],
  // SORT_RO never writes
  ['SORT_RO', 'l', 'ALPHA'], ['DBSIZE'],
  ['CONFIG', 'SET', 'list-max-listpack-size', '16'],
];

const sets: Step[] = [
  ['SADD', 'is', '5', '-3', '100', '0', '7', '-100', '42'],
  ['OBJECT', 'ENCODING', 'is'], ['SORT', 'is'], ['SORT', 'is', 'DESC'], ['SORT', 'is', 'ALPHA'], ['SORT', 'is', 'LIMIT', '2', '2'],
  ['SORT', 'is', 'BY', 'nosort'], ['SORT', 'is', 'BY', 'nosort', 'DESC'], ['SORT', 'is', 'BY', 'nosort', 'LIMIT', '1', '3'],
  ['SORT', 'is', 'BY', 'nosort', 'STORE', 'd'], ['LRANGE', 'd', '0', '-1'],
  ['SORT', 'is', 'GET', '#', 'GET', 'w_*'],
  ['SADD', 'ss', 'banana', 'apple', 'cherry', '10', '9', 'date'],
  ['SORT', 'ss', 'ALPHA'], ['SORT', 'ss', 'ALPHA', 'DESC', 'LIMIT', '1', '2'], ['SORT', 'ss'],
  { cmd: ['SORT', 'ss', 'BY', 'nosort'], norm: sortArray, note: 'set iteration order' },
  { cmd: ['SORT_RO', 'ss', 'BY', 'nosort', 'GET', '#'], norm: sortArray, note: 'set iteration order' },
  ['SADD', 'ns', '1.5', '-2', '3e2', '0x10', 'inf'], ['SORT', 'ns'], ['SORT', 'ns', 'DESC'],
  ['MSET', 'w_1.5', '1', 'w_-2', '2', 'w_3e2', '3', 'w_0x10', '4', 'w_inf', '0'], ['SORT', 'ns', 'BY', 'w_*', 'GET', 'w_*'],
  ['SORT', 'ns', 'BY', 'w_*', 'STORE', 'd'], ['LRANGE', 'd', '0', '-1'],
];

const zsets: Step[] = [
  ['ZADD', 'z', '1', 'a', '5', 'b', '2', 'c', '10', 'd', '3', 'e'],
  ['OBJECT', 'ENCODING', 'z'], ['SORT', 'z', 'BY', 'nosort'], ['OBJECT', 'ENCODING', 'z'],
  ['SORT', 'z', 'ALPHA', 'DESC'], ['SORT', 'z', 'ALPHA'], ['SORT', 'z'],
  ['SORT', 'z', 'BY', 'nosort', 'ASC'], ['SORT', 'z', 'BY', 'nosort', 'DESC'],
  ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '0', '1'], ['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '0', '1'],
  ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '0', '2'], ['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '0', '2'],
  ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '5', '10'], ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '-10', '100'],
  ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '2', '2'], ['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '2', '2'],
  ['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '4', '9'], ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '4', '9'],
  ['SORT', 'z', 'BY', 'nosort', 'GET', '#', 'GET', 'g_*', 'STORE', 'zd'], ['LRANGE', 'zd', '0', '-1'],
  ['ZADD', 'z2', '-100', 'a', '200', 'b', '-300', 'c', '1000000', 'd', '+inf', 'max', '-inf', 'min'],
  ['SORT_RO', 'z2', 'BY', 'nosort'], ['OBJECT', 'ENCODING', 'z2'], ['SORT', 'z2', 'ALPHA'],
  ['ZADD', 'z3', '1', '10', '2', '9', '3', '8'], ['SORT', 'z3'], ['SORT', 'z3', 'LIMIT', '1', '1'],
  // the conversion happens even when the sort then fails
  ['ZADD', 'z4', '0', 'A'], ['SORT', 'z4'], ['OBJECT', 'ENCODING', 'z4'], ['ZRANGEBYSCORE', 'z4', '0', '0'],
  ['ZADD', 'zw', '1', 'x', '2', 'y'], ['MSET', 'w_x', '9', 'w_y', '1'], ['SORT', 'zw', 'BY', 'w_*'], ['SORT', 'zw', 'BY', 'w_*', 'GET', 'w_*'],
];

const stats: Step[] = [
  ['RPUSH', 'l', '1', '2', '3'], ['MSET', 'w_1', '3', 'w_2', '2'], ['CONFIG', 'RESETSTAT'],
  ['SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'w_*', 'GET', 'h_*->f'], ['SORT', 'nokey'], ['SORT', 'l', 'BY', 'nosort', 'GET', 'x'],
  { cmd: ['INFO', 'stats'], norm: hitsMisses, note: 'keyspace_hits / keyspace_misses' },
];

/** Random datasets in the style of upstream's create_random_dataset, for each source encoding. */
function randomDataset(num: number, cmd: 'RPUSH' | 'SADD', seed: number, floats: boolean): Step[] {
  const r = mulberry32(seed);
  const steps: Step[] = [];
  const members: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < num; i++) {
    let w: string;
    do { w = floats && r() < 0.5 ? String(r()) : String(Math.floor(r() * 1_000_000)); } while (seen.has(w));
    seen.add(w);
    members.push(String(i));
    steps.push(['SET', `weight_${i}`, w], ['HSET', `wobj_${i}`, 'weight', w]);
  }
  for (let i = 0; i < members.length; i += 500) steps.push([cmd, 'tosort', ...members.slice(i, i + 500)]);
  steps.push(
    ['SORT', 'tosort', 'BY', 'weight_*'], ['SORT', 'tosort', 'BY', 'weight_*', 'LIMIT', '5', '5'],
    ['SORT', 'tosort', 'BY', 'wobj_*->weight'], ['SORT', 'tosort', 'BY', 'wobj_*->weight', 'DESC', 'LIMIT', '0', '10'],
    ['SORT', 'tosort', 'GET', '#', 'GET', 'weight_*', 'LIMIT', '0', '20'], ['SORT', 'tosort', 'DESC', 'LIMIT', '0', '20'],
    ['SORT', 'tosort', 'ALPHA', 'LIMIT', '10', '20'], ['SORT', 'tosort', 'BY', 'weight_*', 'ALPHA', 'LIMIT', '0', '15'],
    ['SORT', 'tosort', 'BY', 'weight_*', 'STORE', 'res'], ['LLEN', 'res'], ['LRANGE', 'res', '0', '9'],
    listEnc('res', num <= 16 ? 'listpack' : 'quicklist'),
    ['SORT', 'tosort', 'BY', 'wobj_*->weight', 'GET', 'wobj_*->weight', 'STORE', 'res'], ['LRANGE', 'res', '-5', '-1'],
  );
  if (cmd === 'RPUSH') {
    steps.push(['SORT', 'tosort', 'BY', 'nosort', 'LIMIT', String(num - 7), '5'], ['SORT', 'tosort', 'BY', 'nosort', 'DESC', 'LIMIT', '3', '4']);
  }
  return steps;
}

function randomZset(num: number, seed: number): Step[] {
  const r = mulberry32(seed);
  const steps: Step[] = [];
  const args: string[] = [];
  for (let i = 0; i < num; i++) args.push(String(Math.floor(r() * 1000)), `m${i}`);
  steps.push(['ZADD', 'zz', ...args]);
  steps.push(
    ['SORT', 'zz', 'BY', 'nosort', 'LIMIT', '10', '10'], ['SORT', 'zz', 'BY', 'nosort', 'DESC', 'LIMIT', '10', '10'],
    ['SORT', 'zz', 'ALPHA', 'LIMIT', '0', '10'], ['SORT', 'zz', 'BY', 'nosort', 'STORE', 'zres'], ['LRANGE', 'zres', '0', '20'],
    ['OBJECT', 'ENCODING', 'zz'],
  );
  return steps;
}

defineDiffSuite('compat: sort', {
  parsing,
  lists: { steps: lists, requires: ['rpush'] },
  numeric: { steps: numeric, requires: ['rpush'] },
  patterns: { steps: patterns, requires: ['rpush', 'sadd'] },
  hashes: { steps: hashes, requires: ['rpush', 'hset'] },
  store: { steps: store, requires: ['rpush', 'sadd', 'hset'] },
  sets: { steps: sets, requires: ['sadd'] },
  zsets: { steps: zsets, requires: ['zadd', 'rpush'] },
  stats: { steps: stats, requires: ['rpush'], resp: [2] },
  'random list (listpack)': { steps: randomDataset(16, 'RPUSH', 1, true), requires: ['rpush', 'hset'], resp: [2] },
  'random list (quicklist)': { steps: randomDataset(1000, 'RPUSH', 2, true), requires: ['rpush', 'hset'], resp: [2] },
  'random set (intset)': { steps: randomDataset(16, 'SADD', 3, false), requires: ['sadd', 'hset'], resp: [2] },
  'random set (hashtable)': { steps: randomDataset(1000, 'SADD', 4, true), requires: ['sadd', 'hset'], resp: [2] },
  'random zset (listpack)': { steps: randomZset(50, 5), requires: ['zadd'], resp: [2] },
  'random zset (skiplist)': { steps: randomZset(400, 6), requires: ['zadd'], resp: [2] },
}, ['--enable-debug-command', 'yes', '--list-max-listpack-size', '16', '--set-max-intset-entries', '32']);
