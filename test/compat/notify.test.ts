// Differential: keyspace notifications (notify-keyspace-events) and WATCH against a real
// redis-server, byte for byte, RESP2 and RESP3. Connection `s` PSUBSCRIBEs to every keyspace and
// keyevent channel and reads each event a command publishes, in order; `w` runs the commands.
import { defineDiffSuite, type Step } from '../helpers/diff.ts';

const W = (...cmd: string[]): Step => ({ c: 'w', cmd });
const ev = (n = 1): Step => ({ c: 's', read: true, replies: n });
const cfg = (flags: string): Step[] => [W('CONFIG', 'SET', 'notify-keyspace-events', flags), W('CONFIG', 'GET', 'notify-keyspace-events')];
const sub: Step[] = [{ c: 's', cmd: ['PSUBSCRIBE', '__key*__:*'] }];

const strings: Step[] = [
  ...cfg('KEA'), ...sub,
  W('SET', 'k', 'v'), ev(2), W('SET', 'k', 'v', 'EX', '100'), ev(4), W('SETNX', 'k', 'x'), W('SETNX', 'n', '1'), ev(2),
  W('SETEX', 'k', '10', 'v'), ev(4), W('APPEND', 'k', 'w'), ev(2), W('SETRANGE', 'k', '1', 'zz'), ev(2),
  W('INCR', 'n'), ev(2), W('INCRBYFLOAT', 'n', '1.5'), ev(2), W('GETSET', 'k', 'a'), ev(2), W('MSET', 'a', '1', 'b', '2'), ev(4),
  W('GETEX', 'a', 'EX', '100'), ev(2), W('GETEX', 'a', 'PERSIST'), ev(2), W('GETDEL', 'b'), ev(2),
  W('SET', 'k', 'v', 'NX'), W('PING'),
];

const keys: Step[] = [
  ...cfg('KEA'), ...sub,
  W('SET', 'a', '1'), ev(2), W('EXPIRE', 'a', '100'), ev(2), W('PERSIST', 'a'), ev(2), W('PERSIST', 'a'),
  W('RENAME', 'a', 'b'), ev(4), W('COPY', 'b', 'c'), ev(2), W('MOVE', 'c', '1'), ev(4), W('DEL', 'b', 'nokey'), ev(2),
  W('SET', 'e', '1'), ev(2), W('EXPIRE', 'e', '-1'), ev(2), W('EXISTS', 'e'),
  W('SET', 'x', '1', 'PX', '1'), ev(4), { sleep: 20 }, W('GET', 'x'), ev(2),
];

const classes: Step[] = [
  // only some classes, only keyevent, new and keymiss (not part of A)
  ...cfg('El'), ...sub, W('SET', 'k', 'v'), W('RPUSH', 'l', 'a'), ev(1), W('PING'),
  ...cfg('Kn'), W('SET', 'fresh', '1'), ev(1), W('SET', 'fresh', '2'), W('PING'),
  ...cfg('Em'), W('GET', 'missing'), ev(1), W('GET', 'fresh'), W('PING'),
  ...cfg('gE$'), ...cfg('AKE'), ...cfg(''), W('SET', 'k', 'silent'), W('PING'),
  W('CONFIG', 'SET', 'notify-keyspace-events', 'KEQ'),
];

const lists: Step[] = [
  ...cfg('Kl'), ...sub,
  W('RPUSH', 'l', 'a', 'b', 'c'), ev(), W('LPUSH', 'l', 'z'), ev(), W('LPUSHX', 'nol', 'x'), W('LINSERT', 'l', 'BEFORE', 'b', 'y'), ev(),
  W('LSET', 'l', '0', 'q'), ev(), W('LREM', 'l', '1', 'y'), ev(), W('LTRIM', 'l', '0', '1'), ev(), W('LPOP', 'l'), ev(),
  W('RPOP', 'l'), ev(), ...cfg('Klg'), W('RPUSH', 'l', 'a'), ev(), W('RPOPLPUSH', 'l', 'm'), ev(3),
  W('LMOVE', 'm', 'm', 'LEFT', 'RIGHT'), ev(2), W('LMPOP', '1', 'm', 'RIGHT', 'COUNT', '5'), ev(2),
];

const hashesAndSets: Step[] = [
  ...cfg('Khsg'), ...sub,
  W('HSET', 'h', 'a', '1', 'b', '2'), ev(), W('HSETNX', 'h', 'a', '3'), W('HSETNX', 'h', 'c', '3'), ev(),
  W('HINCRBY', 'h', 'a', '5'), ev(), W('HINCRBYFLOAT', 'h', 'a', '0.5'), ev(), W('HDEL', 'h', 'a', 'nofield'), ev(),
  W('HDEL', 'h', 'b', 'c'), ev(2),
  W('SADD', 's', 'a', 'b', 'c'), ev(), W('SADD', 's', 'a'), W('SREM', 's', 'a', 'x'), ev(), W('SMOVE', 's', 't', 'b'), ev(2),
  W('SPOP', 's'), ev(2), W('SADD', 'u', '1', '2'), ev(), W('SINTERSTORE', 'dst', 'u', 't'), W('SUNIONSTORE', 'dst', 'u', 't'), ev(),
  W('SDIFFSTORE', 'dst', 'nokey'), ev(), W('SPOP', 'u', '5'), ev(2), W('PING'),
];

const zsetsAndGeo: Step[] = [
  ...cfg('Kzg'), ...sub,
  W('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'), ev(), W('ZADD', 'z', '1', 'a'), W('ZINCRBY', 'z', '1', 'a'), ev(),
  W('ZADD', 'z', 'INCR', '1', 'a'), ev(), W('ZREM', 'z', 'a', 'nope'), ev(), W('ZREMRANGEBYSCORE', 'z', '0', '0'),
  W('ZREMRANGEBYRANK', 'z', '0', '0'), ev(), W('ZADD', 'y', '1', 'x'), ev(), W('ZUNIONSTORE', 'u', '2', 'y', 'z'), ev(),
  W('ZINTERSTORE', 'i', '2', 'y', 'z'), W('ZDIFFSTORE', 'd', '1', 'y'), ev(), W('ZRANGESTORE', 'r', 'y', '0', '-1'), ev(),
  W('ZRANGESTORE', 'r', 'nokey', '0', '-1'), ev(), W('ZPOPMIN', 'y'), ev(2), W('ZADD', 'p', '1', 'a', '2', 'b'), ev(),
  W('ZPOPMAX', 'p', '5'), ev(2), W('ZADD', 'q', '1', 'a', '2', 'b'), ev(), W('ZMPOP', '1', 'q', 'MIN'), ev(),
  W('BZPOPMIN', 'q', '0'), ev(2), W('ZREMRANGEBYLEX', 'd', '-', '+'), ev(2), W('GEOADD', 'g', '13.4', '52.5', 'm'), ev(),
  W('GEOSEARCHSTORE', 'gs', 'g', 'FROMLONLAT', '13.4', '52.5', 'BYRADIUS', '10', 'km'), ev(), W('PING'),
];

const watch: Step[] = [
  W('SET', 'x', '1'),
  // untouched: EXEC runs
  W('WATCH', 'x'), W('MULTI'), W('INCR', 'x'), W('EXEC'),
  // another connection writes the key: EXEC is aborted with a null array
  W('WATCH', 'x'), { c: 'o', cmd: ['SET', 'x', '5'] }, W('MULTI'), W('INCR', 'x'), W('EXEC'), W('GET', 'x'),
  // a write that changes nothing (SET NX on an existing key) does not touch it
  W('WATCH', 'x'), { c: 'o', cmd: ['SET', 'x', '9', 'NX'] }, W('MULTI'), W('PING'), W('EXEC'),
  // UNWATCH, WATCH inside MULTI, watching a missing key that gets created
  W('WATCH', 'x'), { c: 'o', cmd: ['SET', 'x', '6'] }, W('UNWATCH'), W('MULTI'), W('GET', 'x'), W('EXEC'),
  W('MULTI'), W('WATCH', 'x'), W('EXEC'),
  W('WATCH', 'newkey'), { c: 'o', cmd: ['LPUSH', 'newkey', 'a'] }, W('MULTI'), W('PING'), W('EXEC'),
  // FLUSHDB touches existing watched keys only; FLUSHALL; SWAPDB
  W('WATCH', 'x'), { c: 'o', cmd: ['FLUSHDB'] }, W('MULTI'), W('PING'), W('EXEC'),
  W('WATCH', 'absent'), { c: 'o', cmd: ['FLUSHALL'] }, W('MULTI'), W('PING'), W('EXEC'),
  W('SET', 'y', '1'), W('WATCH', 'y'), { c: 'o', cmd: ['SWAPDB', '0', '1'] }, W('MULTI'), W('PING'), W('EXEC'),
  { c: 'o', cmd: ['SWAPDB', '0', '1'] },
  // RENAME onto and away from a watched key; DEL; EXPIRE
  W('SET', 'a', '1'), W('SET', 'b', '2'), W('WATCH', 'b'), { c: 'o', cmd: ['RENAME', 'a', 'b'] }, W('MULTI'), W('PING'), W('EXEC'),
  W('WATCH', 'b'), { c: 'o', cmd: ['RENAME', 'b', 'c'] }, W('MULTI'), W('PING'), W('EXEC'),
  W('WATCH', 'c'), { c: 'o', cmd: ['EXPIRE', 'c', '100'] }, W('MULTI'), W('PING'), W('EXEC'),
  W('WATCH', 'c'), { c: 'o', cmd: ['DEL', 'c'] }, W('MULTI'), W('PING'), W('EXEC'),
  // a watched key expiring before EXEC aborts it; one already expired when watched does not
  // (generous margins: the WATCH must land while the key is alive even on a loaded machine)
  W('SET', 'e', '1', 'PX', '400'), W('WATCH', 'e'), { sleep: 700 }, W('MULTI'), W('PING'), W('EXEC'),
  W('DEBUG', 'SET-ACTIVE-EXPIRE', '0'), W('SET', 's', '1', 'PX', '1'), { sleep: 20 }, W('WATCH', 's'),
  W('MULTI'), W('PING'), W('EXEC'), W('DEBUG', 'SET-ACTIVE-EXPIRE', '1'),
  // SMOVE of a member the destination already holds leaves the destination untouched
  W('SADD', 'ss', 'a', 'b'), W('SADD', 'sd', 'a'), W('WATCH', 'sd'), W('MULTI'), W('SADD', 'sd', 'c'),
  { c: 'o', cmd: ['SMOVE', 'ss', 'sd', 'a'] }, W('EXEC'), W('SCARD', 'sd'),
  // an empty STORE result on a destination that does not exist changes nothing; on one that exists it deletes it
  W('WATCH', 'nodst'), { c: 'o', cmd: ['SINTERSTORE', 'nodst', 'nokey1', 'nokey2'] }, { c: 'o', cmd: ['ZUNIONSTORE', 'nodst', '1', 'nokey1'] },
  { c: 'o', cmd: ['SORT', 'nokey1', 'STORE', 'nodst'] }, { c: 'o', cmd: ['BITOP', 'AND', 'nodst', 'nokey1'] }, W('MULTI'), W('PING'), W('EXEC'),
  W('SET', 'hasdst', 'x'), W('WATCH', 'hasdst'), { c: 'o', cmd: ['SINTERSTORE', 'hasdst', 'nokey1'] }, W('MULTI'), W('PING'), W('EXEC'),
  // DISCARD unwatches
  W('SET', 'd', '1'), W('WATCH', 'd'), W('MULTI'), W('DISCARD'), { c: 'o', cmd: ['SET', 'd', '2'] }, W('MULTI'), W('PING'), W('EXEC'),
];

defineDiffSuite('compat: keyspace notifications and WATCH', { strings, keys, classes, lists, hashesAndSets, zsetsAndGeo, watch });
