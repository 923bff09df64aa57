// Differential: server commands against a real redis-server. COMMAND CONFIG DBSIZE DEBUG FLUSHALL
// FLUSHDB INFO LASTSAVE MEMORY MONITOR SHUTDOWN SLOWLOG SWAPDB TIME, in RESP2 and RESP3.
//
// Normalisations used here (see test/helpers/norm.ts):
// - TIME: timeShape (two digit strings; the values are clocks).
// - LASTSAVE, MEMORY USAGE, COMMAND COUNT: intShape (start time, allocator sizes, and 7.0 has a
//   different command set than 7.4).
// - MEMORY DOCTOR / MALLOC-STATS: bulkShape; MEMORY STATS, MEMORY/SLOWLOG/CONFIG HELP: arrayShape
//   (implementation-specific text, and 7.0 vs 7.4 help texts differ).
// - INFO (all sections): infoSections (only which sections exist, in order); INFO commandstats:
//   commandstatsNorm; INFO keyspace has a 7.4-only field (subexpiry) so it is in compat/v74.
// - DEBUG OBJECT: debugObject (address and LRU fields).
// - CONFIG GET with a glob: configSorted (pairs come in hash order).
// - MONITOR: monitorLine (timestamp and client address).
// - SLOWLOG GET: slowlogNorm (timestamp, duration, client address) plus ids made relative, since
//   slow commands before the script (e.g. cold JIT on Cinnabar) advance the id counter.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { defineDiffSuite, DiffPair, type Step, type Norm } from '../helpers/diff.ts';
import {
  timeShape, intShape, bulkShape, arrayShape, infoSections, commandstatsNorm, debugObject, configSorted,
  monitorLine, slowlogNorm, helloNorm, sortArray,
} from '../helpers/norm.ts';
import { parse, encode } from '../helpers/resp.ts';
import { redisMissingReason, RawClient, show } from '../helpers/servers.ts';

/** SLOWLOG GET with ids relative to the newest entry (see the header). */
const slowlog: Norm = (b, ctx) => {
  const n = parse(slowlogNorm(b, ctx));
  if (!n.items?.length) return encode(n);
  const top = Number(n.items[0].items?.[0]?.head);
  for (const e of n.items) if (e.items?.[0]) e.items[0] = { t: ':', head: `top-${top - Number(e.items[0].head)}` };
  return encode(n);
};

const dbs: Step[] = [
  ['DBSIZE'], ['MSET', 'a', '1', 'b', '2'], ['DBSIZE'], ['DBSIZE', 'x'],
  ['SELECT', '1'], ['SET', 'c', '3'], ['DBSIZE'], ['SELECT', '0'],
  ['SWAPDB', '0', '1'], ['DBSIZE'], ['GET', 'c'], ['SELECT', '1'], ['MGET', 'a', 'b'], ['SELECT', '0'],
  ['SWAPDB', '1', '0'], ['DBSIZE'], ['SWAPDB', '0', '0'], ['DBSIZE'],
  ['SWAPDB', '0', '16'], ['SWAPDB', '16', '0'], ['SWAPDB', '-1', '0'], ['SWAPDB', 'abc', '0'], ['SWAPDB', '0', 'abc'],
  ['SWAPDB', '0'], ['SWAPDB', '0', '1', '2'], ['SWAPDB', '1.5', '0'],
  ['SET', 't', 'v', 'PX', '100000'], ['SWAPDB', '0', '3'], ['SELECT', '3'], { cmd: ['PTTL', 't'], approx: 100 }, ['SELECT', '0'],
  { c: 'b', cmd: ['SELECT', '3'] }, { c: 'b', cmd: ['SWAPDB', '3', '4'] }, { c: 'b', cmd: ['DBSIZE'], note: 'a client sees the swap in its selected db' },
  ['FLUSHDB'], ['DBSIZE'], ['SELECT', '4'], ['DBSIZE'], ['FLUSHDB', 'ASYNC'], ['DBSIZE'], ['SET', 'x', '1'],
  ['FLUSHDB', 'SYNC'], ['DBSIZE'], ['FLUSHDB', 'sync'], ['FLUSHDB', 'FOO'], ['FLUSHDB', 'SYNC', 'ASYNC'], ['SELECT', '0'],
  ['MSET', 'a', '1', 'b', '2'], ['SELECT', '5'], ['SET', 'c', '3'], ['FLUSHALL'], ['DBSIZE'], ['SELECT', '0'], ['DBSIZE'],
  ['SET', 'a', '1'], ['FLUSHALL', 'ASYNC'], ['DBSIZE'], ['FLUSHALL', 'SYNC'], ['FLUSHALL', 'FOO'], ['FLUSHALL', 'SYNC', 'x'],
];

const timeLastsave: Step[] = [
  { cmd: ['TIME'], norm: timeShape }, ['TIME', 'x'], { cmd: ['LASTSAVE'], norm: intShape }, ['LASTSAVE', 'x'],
];

const command: Step[] = [
  { cmd: ['COMMAND', 'COUNT'], norm: intShape }, ['COMMAND', 'COUNT', 'x'],
  ['COMMAND', 'INFO', 'get'], ['COMMAND', 'INFO', 'GET', 'set', 'nosuch'], ['COMMAND', 'INFO', 'del'], ['COMMAND', 'INFO', 'mset'],
  ['COMMAND', 'INFO', 'ping'], ['COMMAND', 'INFO', 'echo'], ['COMMAND', 'INFO', 'incrbyfloat'], ['COMMAND', 'INFO', 'getex'],
  ['COMMAND', 'INFO', 'expire'], ['COMMAND', 'INFO', 'rename'], ['COMMAND', 'INFO', 'copy'], ['COMMAND', 'INFO', 'dbsize'],
  ['COMMAND', 'INFO', 'client|kill'], ['COMMAND', 'INFO', 'config|get'],
  ['COMMAND', 'GETKEYS', 'SET', 'k', 'v'], ['COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b', '2'],
  { cmd: ['COMMAND', 'GETKEYS', 'GET'], expect: '-ERR Invalid number of arguments specified for command\r\n', why: 'COMMAND GETKEYS arity is -3 since 7.2 (redis#11201); 7.0.15 still has -4' },
  { cmd: ['COMMAND', 'GETKEYS', 'PING'], expect: '-ERR The command has no key arguments\r\n', why: 'COMMAND GETKEYS arity is -3 since 7.2 (redis#11201)' }, ['COMMAND', 'GETKEYS', 'NOSUCH', 'x'], ['COMMAND', 'GETKEYS'], ['COMMAND', 'GETKEYS', 'COPY', 'a', 'b'],
  ['COMMAND', 'GETKEYS', 'LCS', 'a', 'b'], ['COMMAND', 'GETKEYS', 'DEL', 'a', 'b', 'c'], ['COMMAND', 'GETKEYS', 'RENAME', 'a', 'b'],
  ['COMMAND', 'FOO'], { cmd: ['COMMAND', 'HELP'], norm: arrayShape },
  { cmd: ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'getr*'], norm: sortArray }, ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'nomatch*'],
];

const config: Step[] = [
  ['CONFIG', 'GET', 'maxmemory'], ['CONFIG', 'GET', 'MAXMEMORY'], ['CONFIG', 'GET', 'timeout'], ['CONFIG', 'GET', 'databases'],
  ['CONFIG', 'GET', 'nosuchparam'], { cmd: ['CONFIG', 'GET', 'maxmemory*'], norm: configSorted },
  { cmd: ['CONFIG', 'GET', 'hash-max-*-entries'], norm: configSorted }, { cmd: ['CONFIG', 'GET', 'maxmemory', 'timeout', 'hz'], norm: configSorted },
  ['CONFIG', 'GET', 'save'], ['CONFIG', 'GET', 'appendonly'], ['CONFIG', 'GET', 'proto-max-bulk-len'],
  ['CONFIG', 'GET', 'client-query-buffer-limit'], ['CONFIG', 'GET', 'slowlog-log-slower-than'], ['CONFIG', 'GET', 'requirepass'],
  ['CONFIG', 'SET', 'maxmemory', '100mb'], ['CONFIG', 'GET', 'maxmemory'], ['CONFIG', 'SET', 'maxmemory', '1gb'], ['CONFIG', 'GET', 'maxmemory'],
  ['CONFIG', 'SET', 'maxmemory', '0'], ['CONFIG', 'SET', 'maxmemory', 'abc'], ['CONFIG', 'SET', 'maxmemory', '-1'],
  ['CONFIG', 'SET', 'nosuch', 'x'], ['CONFIG', 'SET', 'maxmemory'], ['CONFIG', 'SET', 'maxmemory', '1', 'timeout'],
  ['CONFIG', 'SET', 'hz', '20', 'timeout', '0'], ['CONFIG', 'GET', 'hz'], ['CONFIG', 'SET', 'hz', '10'],
  ['CONFIG', 'SET', 'timeout', 'x', 'hz', '11'], ['CONFIG', 'GET', 'hz'], ['CONFIG', 'SET', 'hz', '10', 'hz', '11'],
  ['CONFIG', 'SET', 'databases', '20'], ['CONFIG', 'SET', 'port', 'x'], ['CONFIG', 'SET', 'maxmemory-policy', 'bogus'],
  ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'], ['CONFIG', 'GET', 'maxmemory-policy'], ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
  ['CONFIG', 'SET', 'appendonly', 'maybe'], ['CONFIG', 'SET', 'slowlog-max-len', '-1'],
  ['CONFIG', 'GET'], ['CONFIG', 'SET'], ['CONFIG'], ['CONFIG', 'FOO'], ['CONFIG', 'RESETSTAT'], ['CONFIG', 'RESETSTAT', 'x'],
  { cmd: ['CONFIG', 'HELP'], norm: arrayShape }, ['CONFIG', 'REWRITE'],
];

const debug: Step[] = [
  ['SET', 'k', 'hello'], ['SET', 'i', '123'], ['SET', 'r', 'x'.repeat(60)],
  { cmd: ['DEBUG', 'OBJECT', 'k'], norm: debugObject }, { cmd: ['DEBUG', 'OBJECT', 'i'], norm: debugObject },
  { cmd: ['DEBUG', 'OBJECT', 'r'], norm: debugObject }, ['DEBUG', 'OBJECT', 'nope'], ['DEBUG', 'OBJECT'],
  ['DEBUG', 'SLEEP', '0'], ['DEBUG', 'SLEEP', '0.01'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ['DEBUG', 'FOO'], ['DEBUG'], ['FLUSHALL'], ['DEBUG', 'DIGEST'], ['SET', 'k', 'v'], ['SET', 'n', '42'],
  ['SET', 't', 'x', 'EX', '1000'], ['SELECT', '5'], ['SET', 'k5', 'v'], ['SELECT', '9'], ['DEBUG', 'DIGEST'],
  ['DEBUG', 'DIGEST-VALUE', 'nope'], ['DEBUG', 'DIGEST-VALUE', 'k', 'n', 't', 'nope'], ['DEBUG', 'DIGEST-VALUE'],
];

const info: Step[] = [
  { cmd: ['INFO'], norm: infoSections }, { cmd: ['INFO', 'default'], norm: infoSections }, { cmd: ['INFO', 'server'], norm: infoSections },
  { cmd: ['INFO', 'clients'], norm: infoSections }, { cmd: ['INFO', 'memory'], norm: infoSections }, { cmd: ['INFO', 'stats'], norm: infoSections },
  { cmd: ['INFO', 'keyspace'], norm: infoSections }, { cmd: ['INFO', 'SERVER', 'clients'], norm: infoSections },
  ['INFO', 'nosuchsection'], { cmd: ['INFO', 'errorstats'], norm: infoSections },
  ['CONFIG', 'RESETSTAT'], ['GET', 'nope'], ['SET', 'k', 'v'], ['GET', 'k'], ['NOSUCHCMD'], ['SET'],
  { cmd: ['INFO', 'commandstats'], norm: commandstatsNorm },
];

const memory: Step[] = [
  ['SET', 'k', 'hello'], ['SET', 'i', '1'], { cmd: ['MEMORY', 'USAGE', 'k'], norm: intShape }, { cmd: ['MEMORY', 'USAGE', 'i'], norm: intShape },
  ['MEMORY', 'USAGE', 'nope'], { cmd: ['MEMORY', 'USAGE', 'k', 'SAMPLES', '5'], norm: intShape },
  { cmd: ['MEMORY', 'USAGE', 'k', 'SAMPLES', '0'], norm: intShape }, ['MEMORY', 'USAGE', 'k', 'SAMPLES', 'x'],
  ['MEMORY', 'USAGE', 'k', 'FOO', '1'], ['MEMORY', 'USAGE', 'k', 'SAMPLES'], ['MEMORY', 'USAGE'],
  { cmd: ['MEMORY', 'DOCTOR'], norm: bulkShape }, { cmd: ['MEMORY', 'STATS'], norm: arrayShape },
  { cmd: ['MEMORY', 'MALLOC-STATS'], norm: bulkShape }, ['MEMORY', 'PURGE'], { cmd: ['MEMORY', 'HELP'], norm: arrayShape },
  ['MEMORY', 'FOO'], ['MEMORY'],
];

const monitor: Step[] = [
  { c: 'm', cmd: ['MONITOR'] },
  ['SET', 'k', 'v'], { c: 'm', read: true, norm: monitorLine },
  ['GET', 'k'], { c: 'm', read: true, norm: monitorLine },
  ['SELECT', '2'], { c: 'm', read: true, norm: monitorLine }, ['SET', 'bin', Buffer.from([0, 34, 92, 10, 200, 32])],
  { c: 'm', read: true, norm: monitorLine }, ['SELECT', '0'], { c: 'm', read: true, norm: monitorLine },
  ['NOSUCHCMD'], ['SET'], ['PING'], { c: 'm', read: true, norm: monitorLine, note: 'rejected commands are not fed' },
  ['CONFIG', 'GET', 'hz'], ['DEBUG', 'SLEEP', '0'], ['ECHO', 'after-admin'], { c: 'm', read: true, norm: monitorLine, note: 'admin commands are not fed' },
  { raw: 'ECHO inline\r\n' }, { c: 'm', read: true, norm: monitorLine },
  { c: 'm2', cmd: ['MONITOR'] }, ['PING', 'x'], { c: 'm', read: true, norm: monitorLine }, { c: 'm2', read: true, norm: monitorLine },
  { c: 'm', cmd: ['RESET'] }, { c: 'm2', read: true, norm: monitorLine, note: 'RESET is fed (after it ran) to the remaining monitor' },
  ['PING', 'y'], { c: 'm2', read: true, norm: monitorLine }, { c: 'm', cmd: ['PING'] }, { c: 'm2', read: true, norm: monitorLine },
  { c: 'm2', cmd: ['QUIT'], closes: true },
];

const slowlogSteps: Step[] = [
  ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'], ['SLOWLOG', 'RESET'],
  ['SET', 'k', 'v'], ['GET', 'k'], ['SET', 'long', 'x'.repeat(200)], ['DEL', ...Array.from({ length: 40 }, (_, i) => `key${i}`)],
  { c: 'named', cmd: ['CLIENT', 'SETNAME', 'slowpoke'] }, { c: 'named', cmd: ['PING'] },
  { cmd: ['SLOWLOG', 'GET'], norm: slowlog }, ['SLOWLOG', 'LEN'], { cmd: ['SLOWLOG', 'GET', '1'], norm: slowlog },
  { cmd: ['SLOWLOG', 'GET', '-1'], norm: slowlog }, { cmd: ['SLOWLOG', 'GET', '0'], norm: slowlog }, ['SLOWLOG', 'GET', 'x'],
  ['SLOWLOG', 'GET', '-2'], ['SLOWLOG', 'RESET'], ['SLOWLOG', 'LEN'], ['SLOWLOG', 'RESET', 'x'], ['SLOWLOG', 'LEN', 'x'],
  ['SLOWLOG', 'FOO'], ['SLOWLOG'], { cmd: ['SLOWLOG', 'HELP'], norm: arrayShape },
  ['CONFIG', 'SET', 'slowlog-max-len', '3'], ['PING'], ['PING'], ['PING'], ['PING'], ['SLOWLOG', 'LEN'],
  { cmd: ['SLOWLOG', 'GET'], norm: slowlog },
  ['CONFIG', 'SET', 'slowlog-max-len', '128'], ['CONFIG', 'SET', 'slowlog-log-slower-than', '-1'], ['SLOWLOG', 'RESET'], ['PING'],
  ['SLOWLOG', 'LEN'], ['CONFIG', 'SET', 'slowlog-log-slower-than', '10000'],
];

defineDiffSuite('compat: server', {
  dbs, timeLastsave, command, config, debug, info, memory, monitor, slowlog: slowlogSteps,
});

// SHUTDOWN ends the server, so it gets its own pair.
const reason = redisMissingReason();
(reason ? describe.skip : describe)(`compat: SHUTDOWN${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let pair: DiffPair | null = null;
  beforeAll(async () => { if (!reason) pair = await DiffPair.start(); });
  afterAll(async () => { await pair?.stop(); });

  it('rejects bad arguments, then SHUTDOWN NOSAVE closes the connection without a reply and exits', async () => {
    const ms = await pair!.run('SHUTDOWN', [
      ['SHUTDOWN', 'FOO'], ['SHUTDOWN', 'NOSAVE', 'SAVE'], ['SHUTDOWN', 'ABORT'], ['SHUTDOWN', 'ABORT', 'NOSAVE'],
      { cmd: ['HELLO', '3'], norm: helloNorm }, ['SHUTDOWN', 'ABORT'],
    ]);
    expect(ms).toEqual([]);
    const replies: string[] = [];
    for (const port of [pair!.redisServer.port, pair!.cinnabarServer.port]) {
      const c = await RawClient.connect(port);
      c.send('SHUTDOWN', 'NOSAVE');
      let got = '';
      try { got = show(await c.readReply(5000)); } catch (e) { got = `<${(e as Error).constructor.name}>`; }
      replies.push(got);
    }
    expect(replies[1]).toBe(replies[0]);
    const [r, c] = await Promise.all([pair!.redisServer.exited, pair!.cinnabarServer.exited]);
    expect(c.code).toBe(r.code);
  });
});
