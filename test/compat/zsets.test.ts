// Differential: sorted set commands against a real redis-server, byte for byte, in RESP2 and RESP3,
// each script run once with the listpack encoding (default thresholds) and once forced to skiplist
// (zset-max-listpack-entries 0), plus scripts that cross the thresholds (entries and value) and
// check OBJECT ENCODING at every step; finally MEMORY USAGE of 100-member zsets (both encodings,
// and after deletions) must not exceed the reference server's.
// BZMPOP BZPOPMAX BZPOPMIN (non-blocking paths) ZADD ZCARD ZCOUNT ZDIFF ZDIFFSTORE ZINCRBY ZINTER
// ZINTERCARD ZINTERSTORE ZLEXCOUNT ZMPOP ZMSCORE ZPOPMAX ZPOPMIN ZRANDMEMBER ZRANGE ZRANGEBYLEX
// ZRANGEBYSCORE ZRANGESTORE ZRANK ZREM ZREMRANGEBYLEX ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREVRANGE
// ZREVRANGEBYLEX ZREVRANGEBYSCORE ZREVRANK ZSCAN ZSCORE ZUNION ZUNIONSTORE (+ COPY/RENAME/MOVE/TYPE/
// OBJECT/DEL on zsets).
//
// Normalisations and 7.4 expectations:
// - Scores are chosen so that 7.0's "%.17g" and 7.4's shortest round-trip format print the same
//   (integers, halves, quarters, inf, 1e+20); `e74` steps pin the 7.4 bytes where they differ.
// - ZSCAN of a skiplist: scanAll (dict order is not part of the contract).
// - ZRANDMEMBER with random picks: lenOnly (how many elements); the whole-zset cases are exact.
// - ZRANK/ZREVRANK WITHSCORE (7.2) and ZSCAN NOVALUES (7.4's error) carry the 7.4 bytes.
// - Lex ranges over members with different scores are undefined in Redis (the skiplist answer
//   depends on node levels), so lex scripts use equal scores.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { defineDiffSuite, type Step, type Norm } from '../helpers/diff.ts';
import { startRedis, startCinnabar, redisAvailable, RawClient, type TestServer } from '../helpers/servers.ts';
import { parse } from '../helpers/resp.ts';
import { configSorted } from '../helpers/norm.ts';

const lenOnly: Norm = (b) => {
  const n = parse(b);
  if (n.items) return Buffer.from(`${n.t}<${n.items.length} items>\r\n`);
  return b;
};
const e74 = (bytes: string, why: string) => ({ expect: bytes, why });

/** Config steps selecting the encoding: 'lp' = Redis defaults, 'sl' = always skiplist. */
function enc(kind: 'lp' | 'sl'): Step[] {
  return [
    ['CONFIG', 'SET', 'zset-max-listpack-entries', kind === 'lp' ? '128' : '0'],
    ['CONFIG', 'SET', 'zset-max-listpack-value', '64'],
  ];
}

const zadd: Step[] = [
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['OBJECT', 'ENCODING', 'z'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
  ['ZADD', 'z', 'NX', '10', 'a', '4', 'd'], ['ZADD', 'z', 'XX', '10', 'a', '5', 'e'], ['ZADD', 'z', 'xx', 'nx', '1', 'a'],
  ['ZADD', 'z', 'GT', 'LT', '1', 'a'], ['ZADD', 'z', 'GT', 'NX', '1', 'a'], ['ZADD', 'z', 'LT', 'NX', '1', 'a'],
  ['ZADD', 'z', 'INCR', '1', 'a', '2', 'b'], ['ZADD', 'z', 'INCR', '5', 'a'], ['ZADD', 'z', 'incr', 'nx', '5', 'a'],
  ['ZADD', 'z', 'INCR', 'XX', '5', 'nope'], ['ZADD', 'z', 'INCR', 'NX', '5', 'new'],
  ['ZADD', 'z'], ['ZADD', 'z', '1'], ['ZADD', 'z', '1', 'a', '2'], ['ZADD', 'z', 'NX'], ['ZADD', 'z', 'abc', 'a'],
  ['ZADD', 'z', 'nan', 'a'], ['ZADD', 'z', '1', 'a', 'x', 'b'], ['ZADD', 'z', '', 'a'], ['ZADD', 'z', ' 1', 'a'],
  ['ZADD', 'z', '1 ', 'a'], ['ZADD', 'z', 'inf', 'a', '-inf', 'b', '+inf', 'c'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
  ['ZINCRBY', 'z', '-inf', 'a'], ['ZINCRBY', 'z', '1', 'a'], ['ZADD', 'z', 'INCR', '+inf', 'b'], ['ZSCORE', 'z', 'a'],
  ['ZINCRBY', 'z', 'abc', 'a'], ['ZINCRBY', 'z', '1', 'a', 'b'], ['ZINCRBY', 'z', '2.5', 'fresh'], ['ZINCRBY', 'newkey', '3', 'm'],
  ['ZADD', 'z', 'CH', '1', 'a', '2', 'b', '100', 'new2'], ['ZADD', 'z', 'GT', 'CH', '0', 'a', '200', 'b', '7', 'gtnew'],
  ['ZADD', 'z', 'LT', 'CH', '0', 'a', '300', 'b'], ['ZADD', 'z', 'INCR', 'LT', '5', 'a'], ['ZADD', 'z', 'INCR', 'GT', '5', 'a'],
  ['ZADD', 'z', 'INCR', 'GT', '-5', 'a'], ['ZADD', 'z', 'XX', 'GT', 'CH', '1000', 'a', '1', 'zz'],
  ['ZADD', 'z', 'INCR', '0', 'a'], ['ZADD', 'z', '0', '-0'], ['ZADD', 'z', '-0', 'negzero'], ['ZSCORE', 'z', 'negzero'],
  ['ZADD', 'z', '1e20', 'big', '1.5', 'half', '-2.25', 'q', '9007199254740993', 'huge'],
  ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZCARD', 'z'],
  ['ZADD', 'nokey', 'XX', '1', 'a'], ['EXISTS', 'nokey'], ['ZADD', 'nokey', 'XX', 'INCR', '1', 'a'], ['EXISTS', 'nokey'],
  ['ZADD', 'ints', '1', '1', '2', '22', '3', '-3', '4', '10000000000', '5', '007'], ['ZRANGE', 'ints', '0', '-1', 'WITHSCORES'],
  ['ZSCORE', 'ints', '22'], ['ZSCORE', 'ints', '007'], ['ZSCORE', 'ints', '7'], ['ZRANK', 'ints', '-3'],
  ['ZADD', 'bin', '1', Buffer.from([0, 255, 13, 10]), '2', ''], ['ZRANGE', 'bin', '0', '-1', 'WITHSCORES'],
  ['ZSCORE', 'bin', ''], ['ZREM', 'bin', ''], ['ZRANGE', 'bin', '0', '-1'],
];

const ranges: Step[] = [
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '5', 'e2', '6.5', 'f', 'inf', 'g', '-inf', 'h'],
  ['ZRANGE', 'z', '0', '-1'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZRANGE', 'z', '1', '2'], ['ZRANGE', 'z', '-2', '-1', 'withscores'],
  ['ZRANGE', 'z', '5', '1'], ['ZRANGE', 'z', '100', '200'], ['ZRANGE', 'z', '-100', '100'], ['ZRANGE', 'z', '-100', '-50'],
  ['ZRANGE', 'z', '0', '-1', 'REV'], ['ZRANGE', 'z', '0', '2', 'rev', 'withscores'], ['ZRANGE', 'z', '0', '0'],
  ['ZRANGE', 'z', '-inf', '+inf', 'BYSCORE'], ['ZRANGE', 'z', '(1', '5', 'BYSCORE', 'WITHSCORES'], ['ZRANGE', 'z', '(1', '(5', 'BYSCORE'],
  ['ZRANGE', 'z', '5', '(1', 'BYSCORE', 'REV', 'WITHSCORES'], ['ZRANGE', 'z', '5', '1', 'BYSCORE'], ['ZRANGE', 'z', '3', '3', 'BYSCORE'],
  ['ZRANGE', 'z', '(3', '3', 'BYSCORE'], ['ZRANGE', 'z', '0', '5', 'BYSCORE', 'LIMIT', '1', '2'], ['ZRANGE', 'z', '0', '5', 'BYSCORE', 'LIMIT', '-1', '2'],
  ['ZRANGE', 'z', '0', '5', 'BYSCORE', 'LIMIT', '1', '-1'], ['ZRANGE', 'z', '0', '5', 'BYSCORE', 'LIMIT', '1', '0'],
  ['ZRANGE', 'z', '0', '5', 'BYSCORE', 'LIMIT', '100', '1'], ['ZRANGE', 'z', '0', '5', 'BYSCORE', 'LIMIT', '9', '1'],
  ['ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '2', '3', 'WITHSCORES'], ['ZRANGE', 'z', '5', '0', 'BYSCORE', 'REV', 'LIMIT', '0', '1'],
  ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '1'], ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '-1'], ['ZRANGE', 'z', '0', '-1', 'LIMIT', 'x', '1'],
  ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0'], ['ZRANGE', 'z', '0', '-1', 'foo'], ['ZRANGE', 'z', 'a', 'b'], ['ZRANGE', 'z', 'a', 'b', 'BYSCORE'],
  ['ZRANGE', 'z', '1', 'x', 'BYSCORE'], ['ZRANGE', 'z', 'a', 'b', 'BYLEX'], ['ZRANGE', 'z', '0', '-1', 'BYSCORE', 'BYLEX'],
  ['ZRANGE', 'z', '0', '-1', 'REV', 'REV'], ['ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES', 'WITHSCORES'],
  ['ZRANGE', 'z', '', '', 'BYSCORE'], ['ZRANGE', 'z', '(', '(', 'BYSCORE'], ['ZRANGE', 'z', ' 2', '3', 'BYSCORE'], ['ZRANGE', 'z', '2 ', '3', 'BYSCORE'],
  ['ZRANGE', 'z', '0x2', '3', 'BYSCORE'], ['ZRANGE', 'z', 'nan', '3', 'BYSCORE'], ['ZRANGE', 'z', '-inf', 'inf', 'BYSCORE', 'LIMIT', '2', '2'],
  ['ZRANGE', 'z', Buffer.from('2\x00junk'), '3', 'BYSCORE'], ['ZRANGE', 'nokey', '0', '-1'], ['ZRANGE', 'nokey', '0', '1', 'BYSCORE'],
  ['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'WITHSCORES', 'LIMIT', '1', '3'], ['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'BYSCORE'],
  ['ZRANGEBYSCORE', 'z', '2', '4'], ['ZRANGEBYSCORE', 'z', '(2', '(4', 'withscores'], ['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'REV'],
  ['ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'WITHSCORES'], ['ZREVRANGEBYSCORE', 'z', '3', '1'], ['ZREVRANGEBYSCORE', 'z', '1', '3'],
  ['ZREVRANGEBYSCORE', 'z', '5', '(2', 'LIMIT', '1', '1'], ['ZREVRANGEBYSCORE', 'z', 'x', '1'],
  ['ZREVRANGE', 'z', '0', '1', 'WITHSCORES'], ['ZREVRANGE', 'z', '0', '1', 'REV'], ['ZREVRANGE', 'z', '0', '-1', 'BYSCORE'],
  ['ZREVRANGE', 'z', '-3', '-1'], ['ZREVRANGE', 'z', '0', '1', 'LIMIT', '0', '1'], ['ZRANGE', 'z'], ['ZRANGEBYSCORE', 'z', '1'],
  ['ZCOUNT', 'z', '-inf', '+inf'], ['ZCOUNT', 'z', '(1', '3'], ['ZCOUNT', 'z', '5', '5'], ['ZCOUNT', 'z', '(5', '5'],
  ['ZCOUNT', 'z', '4', '2'], ['ZCOUNT', 'z', 'a', 'b'], ['ZCOUNT', 'nokey', '1', '2'], ['ZCOUNT', 'z', 'inf', 'inf'],
];

const lex: Step[] = [
  ['ZADD', 'l', '0', 'alpha', '0', 'bar', '0', 'cool', '0', 'down', '0', 'elephant', '0', 'foo', '0', 'great', '0', 'hill', '0', 'omega', '0', ''],
  ['ZRANGEBYLEX', 'l', '-', '+'], ['ZRANGEBYLEX', 'l', '-', '(cool'], ['ZRANGEBYLEX', 'l', '[bar', '[down'], ['ZRANGEBYLEX', 'l', '(bar', '(down'],
  ['ZRANGEBYLEX', 'l', '[', '[a'], ['ZRANGEBYLEX', 'l', '(', '(a'], ['ZRANGEBYLEX', 'l', '+', '-'], ['ZRANGEBYLEX', 'l', '-', '-'],
  ['ZRANGEBYLEX', 'l', '+', '+'], ['ZRANGEBYLEX', 'l', '[z', '[a'], ['ZRANGEBYLEX', 'l', '[f', '+'], ['ZRANGEBYLEX', 'l', '-', '+', 'LIMIT', '2', '3'],
  ['ZRANGEBYLEX', 'l', '-', '+', 'LIMIT', '0', '-1'], ['ZRANGEBYLEX', 'l', '-', '+', 'LIMIT', '-1', '3'], ['ZRANGEBYLEX', 'l', '-', '+', 'LIMIT', '20', '3'],
  ['ZRANGEBYLEX', 'l', 'a', 'b'], ['ZRANGEBYLEX', 'l', '[a', 'b'], ['ZRANGEBYLEX', 'l', '-x', '+'], ['ZRANGEBYLEX', 'l', '', '+'],
  ['ZRANGEBYLEX', 'l', '-', '+', 'WITHSCORES'], ['ZRANGEBYLEX', 'l', Buffer.from('-\x00x'), '+'],
  ['ZREVRANGEBYLEX', 'l', '+', '-'], ['ZREVRANGEBYLEX', 'l', '[down', '-'], ['ZREVRANGEBYLEX', 'l', '+', '(foo', 'LIMIT', '1', '2'],
  ['ZREVRANGEBYLEX', 'l', '-', '+'], ['ZRANGE', 'l', '[b', '[e', 'BYLEX'], ['ZRANGE', 'l', '[e', '[b', 'BYLEX', 'REV', 'LIMIT', '1', '1'],
  ['ZLEXCOUNT', 'l', '-', '+'], ['ZLEXCOUNT', 'l', '[bar', '(foo'], ['ZLEXCOUNT', 'l', '(z', '+'], ['ZLEXCOUNT', 'l', 'x', 'y'],
  ['ZLEXCOUNT', 'l', '+', '-'], ['ZLEXCOUNT', 'nokey', '-', '+'], ['ZLEXCOUNT', 'nokey', 'x', '+'],
  ['ZREMRANGEBYLEX', 'l', '[bar', '[cool'], ['ZRANGEBYLEX', 'l', '-', '+'], ['ZREMRANGEBYLEX', 'l', 'x', '+'],
  ['ZREMRANGEBYLEX', 'l', '(omega', '+'], ['ZREMRANGEBYLEX', 'l', '-', '+'], ['EXISTS', 'l'], ['ZREMRANGEBYLEX', 'nokey', '-', '+'],
];

const members: Step[] = [
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
  ['ZCARD', 'z'], ['ZCARD', 'nokey'], ['ZSCORE', 'z', 'c'], ['ZSCORE', 'z', 'nope'], ['ZSCORE', 'nokey', 'a'],
  ['ZMSCORE', 'z', 'a', 'nope', 'e'], ['ZMSCORE', 'nokey', 'a', 'b'], ['ZMSCORE', 'z'],
  ['ZRANK', 'z', 'a'], ['ZRANK', 'z', 'e'], ['ZRANK', 'z', 'nope'], ['ZRANK', 'nokey', 'a'], ['ZREVRANK', 'z', 'a'], ['ZREVRANK', 'z', 'nope'],
  ['ZREM', 'z', 'a', 'nope', 'a'], ['ZREM', 'nokey', 'a'], ['ZREM', 'z'], ['ZRANGE', 'z', '0', '-1'],
  ['ZREMRANGEBYSCORE', 'z', '2', '3'], ['ZREMRANGEBYSCORE', 'z', '(4', '+inf'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
  ['ZREMRANGEBYSCORE', 'z', 'a', '1'], ['ZREMRANGEBYSCORE', 'nokey', '1', '2'],
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '6', 'f'], ['ZREMRANGEBYRANK', 'z', '0', '0'], ['ZREMRANGEBYRANK', 'z', '-1', '-1'],
  ['ZRANGE', 'z', '0', '-1'], ['ZREMRANGEBYRANK', 'z', '5', '10'], ['ZREMRANGEBYRANK', 'z', '2', '1'], ['ZREMRANGEBYRANK', 'z', 'a', '1'],
  ['ZREMRANGEBYRANK', 'z', '-100', '100'], ['EXISTS', 'z'], ['ZREMRANGEBYRANK', 'nokey', '0', '-1'],
  ['ZADD', 'z', '1', 'a'], ['ZREM', 'z', 'a'], ['EXISTS', 'z'],
];

/** ZRANK/ZREVRANK WITHSCORE (7.2+): 7.0 rejects the extra argument, so the 7.4 bytes are pinned. */
function rankWithscore(resp: 2 | 3): Step[] {
  const why = 'ZRANK WITHSCORE is 7.2+';
  const dbl = (v: string) => (resp === 3 ? `,${v}\r\n` : `$${v.length}\r\n${v}\r\n`);
  const nullArr = resp === 3 ? '_\r\n' : '*-1\r\n';
  return [
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4.5', 'd'],
    { cmd: ['ZRANK', 'z', 'c', 'WITHSCORE'], ...e74(`*2\r\n:2\r\n${dbl('3')}`, why) },
    { cmd: ['ZRANK', 'z', 'd', 'withscore'], ...e74(`*2\r\n:3\r\n${dbl('4.5')}`, why) },
    { cmd: ['ZREVRANK', 'z', 'c', 'withscore'], ...e74(`*2\r\n:1\r\n${dbl('3')}`, why) },
    { cmd: ['ZREVRANK', 'z', 'a', 'WITHSCORE'], ...e74(`*2\r\n:3\r\n${dbl('1')}`, why) },
    { cmd: ['ZRANK', 'z', 'nope', 'WITHSCORE'], ...e74(nullArr, why) },
    { cmd: ['ZRANK', 'nokey', 'a', 'WITHSCORE'], ...e74(nullArr, why) },
    { cmd: ['ZREVRANK', 'nokey', 'a', 'WITHSCORE'], ...e74(nullArr, why) },
    { cmd: ['ZRANK', 'z', 'a', 'WITHSCORES'], ...e74('-ERR syntax error\r\n', why) },
    { cmd: ['ZRANK', 'z', 'a', 'WITHSCORE', 'x'], ...e74("-ERR wrong number of arguments for 'zrank' command\r\n", why) },
    { cmd: ['ZREVRANK', 'z', 'a', 'WITHSCORE', 'x'], ...e74("-ERR wrong number of arguments for 'zrevrank' command\r\n", why) },
    { cmd: ['SET', 's', 'x'] },
    { cmd: ['ZRANK', 's', 'a', 'WITHSCORE'], ...e74('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n', why) },
  ];
}

const pops: Step[] = [
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
  ['ZPOPMIN', 'z'], ['ZPOPMAX', 'z'], ['ZPOPMIN', 'z', '2'], ['ZPOPMIN', 'z', '0'], ['ZPOPMIN', 'z', '-1'], ['ZPOPMIN', 'z', 'abc'],
  ['ZPOPMIN', 'z', '1', '2'], ['ZPOPMAX', 'z', '10'], ['EXISTS', 'z'], ['ZPOPMAX', 'nokey'], ['ZPOPMAX', 'nokey', '2'], ['ZPOPMIN', 'nokey', '0'],
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'z2', '10', 'x'],
  ['ZMPOP', '1', 'z', 'MIN'], ['ZMPOP', '1', 'z', 'max', 'COUNT', '5'], ['ZMPOP', '1', 'z', 'MIN'], ['ZMPOP', '2', 'nokey', 'z2', 'MIN'],
  ['ZMPOP', '0', 'z', 'MIN'], ['ZMPOP', '-1', 'z', 'MIN'], ['ZMPOP', 'abc', 'z', 'MIN'], ['ZMPOP', '1', 'z', 'foo'],
  ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '0'], ['ZMPOP', '1', 'z', 'MIN', 'COUNT', 'abc'], ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '1', 'COUNT', '2'],
  ['ZMPOP', '5', 'z', 'MIN'], ['ZMPOP', '1', 'z'], ['ZMPOP', '1', 'z', 'MIN', 'COUNT'], ['ZMPOP', '9223372036854775807', 'z', 'MIN'],
  ['ZMPOP', '2', 'nokey', 'nokey2', 'MAX'],
  ['ZADD', 'b', '1', 'a', '2', 'b', '3', 'c'],
  ['BZPOPMIN', 'b', '0'], ['BZPOPMAX', 'nokey', 'b', '1.5'], ['BZMPOP', '0', '1', 'b', 'MIN'],
  ['EXISTS', 'b'], ['ZADD', 'b', '1', 'a', '2', 'b', '3', 'c', '4', 'd'], ['BZMPOP', '0', '2', 'nokey', 'b', 'MAX', 'COUNT', '3'],
  ['BZPOPMIN', 'b', '-1'], ['BZPOPMIN', 'b', 'abc'], ['BZPOPMIN', 'b'], ['BZMPOP', 'x', '1', 'b', 'MIN'], ['BZMPOP', '0', '0', 'b', 'MIN'],
  ['BZMPOP', '0', '1', 'b', 'foo'], ['BZMPOP', '-1', '1', 'b', 'MIN'], ['BZMPOP', '0', '1', 'b', 'MIN', 'COUNT', '0'],
  ['BZPOPMIN', 'b', '0.01'], ['EXISTS', 'b'],
];

const setOps: Step[] = [
  ['ZADD', 'z1', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'z2', '1', 'b', '2', 'c', '3', 'd'], ['ZADD', 'z3', '5', 'a', '0.5', 'x'],
  ['SET', 'str', 'foo'], ['SADD', 's', 'a', 'd', 'q'], ['SADD', 'si', '1', '2', '3'],
  ['ZUNION', '2', 'z1', 'z2'], ['ZUNION', '2', 'z1', 'z2', 'WITHSCORES'], ['ZUNION', '3', 'z1', 'z2', 'z3', 'WITHSCORES'],
  ['ZUNION', '2', 'z1', 'z2', 'WEIGHTS', '2', '3', 'WITHSCORES'], ['ZUNION', '2', 'z1', 'z2', 'WEIGHTS', '2', 'WITHSCORES'],
  ['ZUNION', '2', 'z1', 'z2', 'AGGREGATE', 'MIN', 'WITHSCORES'], ['ZUNION', '2', 'z1', 'z2', 'aggregate', 'max', 'withscores'],
  ['ZUNION', '2', 'z1', 'z2', 'AGGREGATE', 'foo'], ['ZUNION', '2', 'z1', 'z2', 'AGGREGATE'], ['ZUNION', '2', 'z1', 'z2', 'WEIGHTS', 'a', 'b'],
  ['ZUNION', '0', 'z1'], ['ZUNION', '-1', 'z1'], ['ZUNION', 'a', 'z1'], ['ZUNION', '3', 'z1', 'z2'], ['ZUNION', '2', 'z1', 'nokey', 'WITHSCORES'],
  ['ZUNION', '2', 'z1', 'str'], ['ZUNION', '2', 'z1', 's', 'WITHSCORES'], ['ZUNION', '2', 'si', 'z1', 'WEIGHTS', '1', '2', 'WITHSCORES'],
  ['ZUNION', '2', 'z1', 'z2', 'WITHSCORES', 'WITHSCORES'], ['ZUNION', '2', 'z1', 'z2', 'WEIGHTS', '1', '1', 'WEIGHTS', '2', '2', 'WITHSCORES'],
  ['ZINTER', '2', 'z1', 'z2', 'WITHSCORES'], ['ZINTER', '2', 'z1', 'z2', 'WEIGHTS', '1', '-1', 'WITHSCORES'], ['ZINTER', '3', 'z1', 'z2', 'z3'],
  ['ZINTER', '2', 'z1', 'z1', 'WITHSCORES'], ['ZINTER', '2', 'z1', 'nokey'], ['ZINTER', '2', 'z1', 's', 'WITHSCORES'],
  ['ZINTER', '2', 'z1', 'z2', 'AGGREGATE', 'MAX', 'WITHSCORES'], ['ZINTER', '1', 'z1', 'WITHSCORES'],
  ['ZINTERCARD', '2', 'z1', 'z2'], ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '1'], ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '0'],
  ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '-1'], ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', 'abc'], ['ZINTERCARD', '2', 'z1', 'z2', 'WITHSCORES'],
  ['ZINTERCARD', '0', 'z1'], ['ZINTERCARD', '1', 'nokey'], ['ZINTERCARD', '2', 'z1', 's'], ['ZINTERCARD', '3', 'z1', 'z2'],
  ['ZINTERCARD', '2', 'z1', 'z2', 'WEIGHTS', '1', '1'], ['ZINTERCARD', '2', 'z1', 'str'],
  ['ZDIFF', '2', 'z1', 'z2', 'WITHSCORES'], ['ZDIFF', '1', 'z1', 'WITHSCORES'], ['ZDIFF', '2', 'z1', 'z1'], ['ZDIFF', '2', 'nokey', 'z1'],
  ['ZDIFF', '2', 'z1', 'z2', 'WEIGHTS', '1', '1'], ['ZDIFF', '2', 'z1', 'z2', 'AGGREGATE', 'SUM'], ['ZDIFF', '2', 'z1', 's', 'WITHSCORES'],
  ['ZDIFF', '2', 's', 'z1', 'WITHSCORES'], ['ZDIFF', '0', 'z1'],
  ['ZUNIONSTORE', 'dst', '2', 'z1', 'z2'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'dst'],
  ['ZINTERSTORE', 'dst', '2', 'z1', 'z2', 'WEIGHTS', '10', '20'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
  ['ZDIFFSTORE', 'dst', '2', 'z1', 'z2'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'], ['ZUNIONSTORE', 'dst', '2', 'nokey', 'nokey2'],
  ['EXISTS', 'dst'], ['ZUNIONSTORE', 'dst', '2', 'z1', 'z2', 'WITHSCORES'], ['ZINTERSTORE', 'z1', '2', 'z1', 'z2'], ['ZRANGE', 'z1', '0', '-1', 'WITHSCORES'],
  ['SET', 'dst', 'string'], ['ZUNIONSTORE', 'dst', '1', 'z2'], ['TYPE', 'dst'], ['ZINTERSTORE', 'dst', '2', 'z2', 'nokey'], ['EXISTS', 'dst'],
  ['ZUNIONSTORE', 'dst', '0', 'z2'], ['ZDIFFSTORE', 'dst', '1'], ['ZUNIONSTORE', 'dst', '2', 's', 'si'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
  ['ZADD', 'inf', '1', 'a'], ['ZADD', 'inf2', '-1', 'a'], ['ZADD', 'inf', '+inf', 'a'], ['ZADD', 'inf2', '-inf', 'a'],
  ['ZUNION', '2', 'inf', 'inf2', 'WITHSCORES'], ['ZINTER', '2', 'inf', 'inf2', 'WITHSCORES'], ['ZUNION', '2', 'inf', 'inf2', 'WEIGHTS', '0', '1', 'WITHSCORES'],
  ['ZUNION', '2', 'inf', 'inf2', 'AGGREGATE', 'MIN', 'WITHSCORES'], ['ZINTER', '2', 'inf', 'inf2', 'WEIGHTS', 'nan', '1'],
  ['ZADD', 'ints', '1', '1', '2', '2', '3', '3'], ['ZADD', 'ints2', '1', '2', '2', '3', '3', '4'],
  ['ZUNION', '2', 'ints', 'ints2', 'WITHSCORES'], ['ZINTER', '2', 'ints', 'ints2', 'WITHSCORES'], ['ZDIFF', '2', 'ints', 'ints2', 'WITHSCORES'],
  ['ZINTER', '2', 'ints', 'si', 'WITHSCORES'],
];

const rangestore: Step[] = [
  ['ZADD', 'src', '1', 'a', '2', 'b', '3', 'c', '4', 'd'], ['ZADD', 'lex', '0', 'a', '0', 'b', '0', 'c'], ['SET', 'str', 'x'],
  ['ZRANGESTORE', 'dst', 'src', '0', '-1'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'dst'],
  ['ZRANGESTORE', 'dst', 'src', '1', '2', 'BYSCORE'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
  ['ZRANGESTORE', 'dst', 'src', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', '1', '2'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
  ['ZRANGESTORE', 'dst', 'lex', '+', '-', 'BYLEX', 'REV', 'LIMIT', '0', '2'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
  ['ZRANGESTORE', 'dst', 'nokey', '0', '-1'], ['EXISTS', 'dst'], ['ZRANGESTORE', 'dst', 'src', '0', '-1'], ['ZRANGESTORE', 'dst', 'src', '5', '10'],
  ['EXISTS', 'dst'], ['ZRANGESTORE', 'dst', 'src', '0', '-1', 'WITHSCORES'], ['ZRANGESTORE', 'dst', 'str', '0', '-1'],
  ['ZRANGESTORE', 'dst', 'src', '0', '-1', 'LIMIT', '0', '1'], ['ZRANGESTORE', 'dst', 'src', '0'], ['ZRANGESTORE', 'dst', 'src', '(4', '+inf', 'BYSCORE'],
  ['SET', 'dst', 'v'], ['ZRANGESTORE', 'dst', 'src', '0', '0'], ['TYPE', 'dst'], ['ZRANGESTORE', 'src', 'src', '1', '2'], ['ZRANGE', 'src', '0', '-1', 'WITHSCORES'],
];

const random: Step[] = [
  ['ZADD', 'r', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'], ['ZADD', 'one', '7', 'only'], ['SET', 'str', 'x'],
  ['ZRANDMEMBER', 'r', '10'], ['ZRANDMEMBER', 'r', '5', 'WITHSCORES'], ['ZRANDMEMBER', 'r', '100', 'withscores'],
  ['ZRANDMEMBER', 'one'], ['ZRANDMEMBER', 'one', '1'], ['ZRANDMEMBER', 'one', '-3', 'WITHSCORES'], ['ZRANDMEMBER', 'one', '1', 'WITHSCORES'],
  { cmd: ['ZRANDMEMBER', 'r', '3'], norm: lenOnly }, { cmd: ['ZRANDMEMBER', 'r', '3', 'WITHSCORES'], norm: lenOnly },
  { cmd: ['ZRANDMEMBER', 'r', '-8'], norm: lenOnly }, { cmd: ['ZRANDMEMBER', 'r', '-8', 'WITHSCORES'], norm: lenOnly },
  { cmd: ['ZRANDMEMBER', 'r', '1'], norm: lenOnly }, { cmd: ['ZRANDMEMBER', 'r', '4'], norm: lenOnly },
  ['ZRANDMEMBER', 'r', '0'], ['ZRANDMEMBER', 'r', '0', 'WITHSCORES'], ['ZRANDMEMBER', 'nokey', '5'], ['ZRANDMEMBER', 'nokey'],
  ['ZRANDMEMBER', 'nokey', '-5', 'WITHSCORES'], ['ZRANDMEMBER', 'r', '-9223372036854775808'], ['ZRANDMEMBER', 'r', '-9223372036854775807', 'WITHSCORES'],
  ['ZRANDMEMBER', 'r', '9223372036854775807', 'WITHSCORES'], ['ZRANDMEMBER', 'r', '4611686018427387904', 'WITHSCORES'],
  ['ZRANDMEMBER', 'r', '1', 'WITHSCORES', 'foo'], ['ZRANDMEMBER', 'r', '1', 'foo'], ['ZRANDMEMBER', 'r', 'abc'], ['ZRANDMEMBER', 'r', '1.5'],
  ['ZRANDMEMBER', 'str'], ['ZRANDMEMBER', 'str', '1'],
];

const scan: Step[] = [
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '1.5', 'key:1', '2.5', 'key:2'], ['SET', 'str', 'x'],
  { cmd: ['ZSCAN', 'z', '0'], scanAll: true }, { cmd: ['ZSCAN', 'z', '0', 'MATCH', 'key:*'], scanAll: true },
  { cmd: ['ZSCAN', 'z', '0', 'COUNT', '1'], scanAll: true }, { cmd: ['ZSCAN', 'z', '0', 'MATCH', 'nothing*', 'COUNT', '100'], scanAll: true },
  ['ZSCAN', 'z', '0', 'COUNT', '0'], ['ZSCAN', 'z', '0', 'COUNT', 'abc'], ['ZSCAN', 'z', '0', 'TYPE', 'zset'], ['ZSCAN', 'z', '0', 'MATCH'],
  { cmd: ['ZSCAN', 'z', '0', 'NOVALUES'], ...e74('-ERR NOVALUES option can only be used in HSCAN\r\n', 'ZSCAN NOVALUES error is 7.4') },
  ['ZSCAN', 'z', 'abc'], { cmd: ['ZSCAN', 'z', '-1'], ...e74('-ERR invalid cursor\r\n', '7.4 string2ull rejects negative cursors') }, ['ZSCAN', 'nokey', '0'], ['ZSCAN', 'str', '0'], ['ZSCAN', 'z'],
];

const conversions: Step[] = [
  ['CONFIG', 'SET', 'zset-max-listpack-entries', '4'], ['CONFIG', 'SET', 'zset-max-listpack-value', '8'],
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'], ['OBJECT', 'ENCODING', 'z'], ['ZADD', 'z', '5', 'e'], ['OBJECT', 'ENCODING', 'z'],
  ['ZREM', 'z', 'a', 'b', 'c'], ['OBJECT', 'ENCODING', 'z'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
  ['ZADD', 'v', '1', '12345678'], ['OBJECT', 'ENCODING', 'v'], ['ZADD', 'v', '2', '123456789'], ['OBJECT', 'ENCODING', 'v'],
  ['ZADD', 'w', '1', '123456789'], ['OBJECT', 'ENCODING', 'w'], ['ZADD', 'n', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'], ['OBJECT', 'ENCODING', 'n'],
  ['ZADD', 'u', '1', 'a'], ['ZADD', 'u', '1', 'a', '1', 'a', '1', 'a', '1', 'a', '1', 'a'],
  { cmd: ['OBJECT', 'ENCODING', 'u'], ...e74('$8\r\nskiplist\r\n', '7.2+ ZADD converts when its element count alone exceeds the entries threshold') },
  ['ZINCRBY', 'i', '1', 'a'], ['OBJECT', 'ENCODING', 'i'], ['ZINCRBY', 'i2', '1', 'abcdefghijk'], ['OBJECT', 'ENCODING', 'i2'],
  ['ZUNIONSTORE', 'd', '1', 'z'], ['OBJECT', 'ENCODING', 'd'], ['ZUNIONSTORE', 'd', '1', 'n'], ['OBJECT', 'ENCODING', 'd'],
  ['ZUNIONSTORE', 'd', '1', 'v'], ['OBJECT', 'ENCODING', 'd'], ['ZINTERSTORE', 'd', '2', 'n', 'n'], ['OBJECT', 'ENCODING', 'd'],
  ['ZDIFFSTORE', 'd', '1', 'z'], ['OBJECT', 'ENCODING', 'd'],
  ['ZRANGESTORE', 'd', 'n', '0', '-1'], ['OBJECT', 'ENCODING', 'd'], ['ZRANGESTORE', 'd', 'n', '0', '2'], ['OBJECT', 'ENCODING', 'd'],
  ['ZRANGESTORE', 'd', 'n', '-inf', '+inf', 'BYSCORE'], ['OBJECT', 'ENCODING', 'd'], ['ZRANGESTORE', 'd', 'n', '-inf', '3', 'BYSCORE'], ['OBJECT', 'ENCODING', 'd'],
  ['CONFIG', 'SET', 'zset-max-listpack-entries', '1'], ['ZRANGESTORE', 'd', 'n', '0', '0'], ['OBJECT', 'ENCODING', 'd'],
  ['ZRANGESTORE', 'd', 'n', '0', '1'], ['OBJECT', 'ENCODING', 'd'],
  ['CONFIG', 'SET', 'zset-max-ziplist-entries', '0'], ['ZADD', 'zero', '1', 'a'], ['OBJECT', 'ENCODING', 'zero'],
  ['ZRANGESTORE', 'd', 'n', '0', '0'], ['OBJECT', 'ENCODING', 'd'],
  ['CONFIG', 'SET', 'zset-max-ziplist-entries', '128'], ['CONFIG', 'SET', 'zset-max-ziplist-value', '0'], ['ZADD', 'emp', '1', ''],
  ['OBJECT', 'ENCODING', 'emp'], ['ZADD', 'emp2', '1', 'x'], ['OBJECT', 'ENCODING', 'emp2'],
  ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'], ['CONFIG', 'SET', 'zset-max-listpack-value', '64'],
  { cmd: ['CONFIG', 'GET', 'zset-max-*'], norm: configSorted },
  ['ZADD', 'big', '1', 'x'.repeat(65)], ['OBJECT', 'ENCODING', 'big'], ['ZADD', 'ok', '1', 'x'.repeat(64)], ['OBJECT', 'ENCODING', 'ok'],
  ['ZPOPMIN', 'n', '4'], ['OBJECT', 'ENCODING', 'n'], ['ZRANGE', 'n', '0', '-1', 'WITHSCORES'],
];

const generic: Step[] = [
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['TYPE', 'z'], ['OBJECT', 'REFCOUNT', 'z'],
  ['COPY', 'z', 'zc'], ['ZRANGE', 'zc', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'zc'], ['ZADD', 'zc', '9', 'new'], ['ZCARD', 'z'], ['ZCARD', 'zc'],
  ['RENAME', 'zc', 'zr'], ['ZRANGE', 'zr', '0', '-1'], ['MOVE', 'zr', '1'], ['EXISTS', 'zr'], ['SELECT', '1'], ['ZRANGE', 'zr', '0', '-1', 'WITHSCORES'],
  ['SELECT', '0'], ['DEL', 'z'], ['EXISTS', 'z'], ['ZADD', 'e', '1', 'a'], ['EXPIRE', 'e', '100'], ['ZADD', 'e', '2', 'b'], ['TTL', 'e'],
  ['ZREM', 'e', 'a', 'b'], ['TTL', 'e'], ['EXISTS', 'e'],
];

const wrongtype: Step[] = [
  ['SET', 's', 'x'], ['SET', 'l', 'y'],
  ['ZADD', 's', '1', 'a'], ['ZINCRBY', 's', '1', 'a'], ['ZREM', 's', 'a'], ['ZCARD', 's'], ['ZSCORE', 's', 'a'], ['ZMSCORE', 's', 'a'],
  ['ZRANK', 's', 'a'], ['ZREVRANK', 's', 'a'], ['ZCOUNT', 's', '0', '1'], ['ZLEXCOUNT', 's', '-', '+'], ['ZRANGE', 's', '0', '-1'],
  ['ZRANGEBYSCORE', 's', '0', '1'], ['ZRANGEBYLEX', 's', '-', '+'], ['ZREVRANGE', 's', '0', '1'], ['ZREVRANGEBYSCORE', 's', '1', '0'],
  ['ZREVRANGEBYLEX', 's', '+', '-'], ['ZREMRANGEBYRANK', 's', '0', '1'], ['ZREMRANGEBYSCORE', 's', '0', '1'], ['ZREMRANGEBYLEX', 's', '-', '+'],
  ['ZPOPMIN', 's'], ['ZPOPMAX', 's', '2'], ['ZMPOP', '1', 's', 'MIN'], ['ZMPOP', '2', 'nokey', 's', 'MIN'], ['BZPOPMIN', 's', '0'],
  ['BZMPOP', '0', '1', 's', 'MIN'], ['ZRANDMEMBER', 's'], ['ZRANDMEMBER', 's', '2'], ['ZSCAN', 's', '0'], ['ZUNION', '2', 'nokey', 's'],
  ['ZINTER', '1', 'l'], ['ZDIFF', '1', 's'], ['ZINTERCARD', '1', 's'], ['ZUNIONSTORE', 'd', '1', 's'], ['ZRANGESTORE', 'd', 's', '0', '-1'],
  ['ZADD', 'z', '1', 'a'], ['ZRANGESTORE', 's', 'z', '0', '-1'], ['TYPE', 's'],
  ['ZADD', 'z', 'x', 'a'], ['ZINCRBY', 'l', 'x', 'a'], ['ZRANGEBYSCORE', 'l', 'x', '1'], ['ZCOUNT', 'l', 'x', 'y'],
];

function both(name: string, steps: Step[], requires: string[] = []) {
  return {
    [`${name} [listpack]`]: { steps: [...enc('lp'), ...steps], requires },
    [`${name} [skiplist]`]: { steps: [...enc('sl'), ...steps], requires },
  };
}

defineDiffSuite('compat: zsets', {
  ...both('zadd', zadd),
  ...both('ranges', ranges),
  ...both('lex', lex),
  ...both('members', members),
  'rank withscore [listpack]': { steps: [...enc('lp'), ...rankWithscore(2)], resp: [2] },
  'rank withscore [skiplist]': { steps: [...enc('sl'), ...rankWithscore(2)], resp: [2] },
  'rank withscore RESP3 [listpack]': { steps: [...enc('lp'), ...rankWithscore(3)], resp: [3] },
  'rank withscore RESP3 [skiplist]': { steps: [...enc('sl'), ...rankWithscore(3)], resp: [3] },
  ...both('pops', pops),
  ...both('set operations', setOps, ['sadd']),
  ...both('zrangestore', rangestore),
  ...both('zrandmember', random),
  ...both('zscan', scan),
  ...both('generic', generic),
  ...both('wrongtype', wrongtype),
  conversions: { steps: [...conversions, ...enc('lp')] },
});

// Memory: a zset costs no more than in Redis (MEMORY USAGE), for 100 short members in each
// encoding, with non-integer scores, and after deletions shrank a listpack.
describe.skipIf(!redisAvailable())('compat: zset memory vs redis-server', () => {
  let r: TestServer | null, c: TestServer;
  let rc: RawClient, cc: RawClient;
  beforeAll(async () => {
    [r, c] = await Promise.all([startRedis(), startCinnabar()]);
    rc = await RawClient.connect(r!.port);
    cc = await RawClient.connect(c.port);
  });
  afterAll(async () => { rc?.close(); cc?.close(); await Promise.all([r?.stop(), c?.stop()]); });

  async function usage(steps: string[][]): Promise<[number, number]> {
    const out: number[] = [];
    for (const cl of [rc, cc]) {
      for (const s of steps) await cl.call(...s);
      out.push(Number((await cl.callStr('MEMORY', 'USAGE', 'mz')).slice(1)));
    }
    return [out[0], out[1]];
  }
  const fill = (scores: (i: number) => string): string[][] =>
    [['DEL', 'mz'], ...Array.from({ length: 100 }, (_, i) => ['ZADD', 'mz', scores(i), `member:${i}`])];

  for (const [name, entries] of [['listpack', '128'], ['skiplist', '0']] as const) {
    it(`100 members, ${name}`, async () => {
      const cfg = [['CONFIG', 'SET', 'zset-max-listpack-entries', entries]];
      for (const scores of [(i: number) => String(i), (i: number) => `${i}.25`]) {
        const [redis, cinnabar] = await usage([...cfg, ...fill(scores)]);
        expect(cinnabar, `redis ${redis}`).toBeLessThanOrEqual(redis);
        expect(await cc.callStr('OBJECT', 'ENCODING', 'mz')).toBe(`$${name.length}\r\n${name}\r\n`);
      }
      for (const del of [['ZREMRANGEBYRANK', 'mz', '0', '39'], ['ZPOPMIN', 'mz', '30'], ['ZREM', 'mz', 'member:99']]) {
        const [redis, cinnabar] = await usage([del]);
        expect(cinnabar, `${del.join(' ')}: redis ${redis}`).toBeLessThanOrEqual(redis);
      }
      await usage([['CONFIG', 'SET', 'zset-max-listpack-entries', '128']]);
    });
  }
});
