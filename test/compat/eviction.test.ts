// Differential: maxmemory eviction against a real redis-server, byte for byte, in RESP2 and RESP3.
// The eviction parameters (maxmemory-policy, maxmemory-samples, maxmemory-eviction-tenacity,
// lfu-log-factor, lfu-decay-time) through CONFIG GET/SET, OBJECT FREQ / IDLETIME under each of the
// eight policies (values and Redis's errors), the deterministic corners of the LFU counter, INFO's
// maxmemory_policy, the OOM error when nothing may be evicted, and the `evicted` keyspace event and
// tracking invalidation of a key evicted by a lowered maxmemory.
//
// Normalisations and 7.4 expectations:
// - maxmemory-samples is limited to 1..64 since Redis 7.2 (the 7.0 reference allows up to INT_MAX):
//   the steps that hit the limit carry the 7.4 error bytes.
// - OBJECT IDLETIME right after an access is 0 or 1 depending on where the seconds clock ticks
//   (smallIdle).
// - The LFU counter is probabilistic; with lfu-log-factor 0 every access raises it by one and with
//   lfu-decay-time 0 it never decays, so those steps are exact. With the default factor only the
//   first access is certain (5 -> 6: the chance of a raise is 1 below LFU_INIT_VAL + 1).
// - Which key an LRU/LFU/random policy picks depends on sampling, so the scripts that evict use a
//   single evictable key (or make every key go), where the outcome is certain.
// - Evictions after CONFIG SET maxmemory happen on Redis in a timer right after the command and on
//   Cinnabar in cron or before the next command: the scripts read the event/invalidation after a
//   short sleep, and send a command first where Cinnabar needs one (documented per step).
// test/protocol/eviction.test.ts checks the selection rules of each policy statistically.
import { defineDiffSuite, type Step } from '../helpers/diff.ts';
import { smallIdle, configSorted, mapText, helloNorm } from '../helpers/norm.ts';

const REF74 = process.env.CINNABAR_REDIS_74 === '1';
const v74 = (cmd: string[], bytes: string, why: string): Step => (REF74 ? cmd : { cmd, expect: bytes, why });
const WHY_SAMPLES = 'Redis 7.2+ limits maxmemory-samples to 1..64 (7.0: 1..INT_MAX)';
const samplesErr = '-ERR CONFIG SET failed (possibly related to argument \'maxmemory-samples\') - argument must be between 1 and 64 inclusive\r\n';

const WHY_NT = 'CLIENT NO-TOUCH exists since Redis 7.2';
/** A step whose reply depends on CLIENT NO-TOUCH being in force (the 7.0 reference lacks it). */
const nt = (cmd: string[], bytes: string): Step => v74(cmd, bytes, WHY_NT);

const POLICIES = ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'];
const isLfu = (p: string) => p.endsWith('-lfu');

/** INFO memory reduced to its maxmemory_policy line. */
const policyLine = mapText((s) => (/maxmemory_policy:[^\r\n]*/.exec(s)?.[0] ?? '<no maxmemory_policy>') + '\r\n');
const info: Step = { cmd: ['INFO', 'memory'], norm: policyLine };
const restore: Step[] = [
  ['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction', 'maxmemory-samples', '5',
    'maxmemory-eviction-tenacity', '10', 'lfu-log-factor', '10', 'lfu-decay-time', '1', 'notify-keyspace-events', ''],
];

const config: Step[] = [
  ['CONFIG', 'GET', 'maxmemory-policy'], ['CONFIG', 'GET', 'maxmemory-samples'], ['CONFIG', 'GET', 'maxmemory-eviction-tenacity'],
  ['CONFIG', 'GET', 'lfu-log-factor'], ['CONFIG', 'GET', 'lfu-decay-time'], { cmd: ['CONFIG', 'GET', 'lfu-*'], norm: configSorted },
  { cmd: ['CONFIG', 'GET', 'maxmemory*'], norm: configSorted },
  ...POLICIES.flatMap((p): Step[] => [['CONFIG', 'SET', 'maxmemory-policy', p], ['CONFIG', 'GET', 'maxmemory-policy'], info]),
  ['CONFIG', 'SET', 'maxmemory-policy', 'ALLKEYS-LFU'], ['CONFIG', 'GET', 'maxmemory-policy'], info,
  ['CONFIG', 'SET', 'maxmemory-policy', 'lru'], ['CONFIG', 'SET', 'maxmemory-policy', ''], ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru', 'x'],
  ['CONFIG', 'SET', 'maxmemory-policy'], ['CONFIG', 'GET', 'maxmemory-policy'],
  ['CONFIG', 'SET', 'maxmemory-samples', '1'], ['CONFIG', 'SET', 'maxmemory-samples', '64'], ['CONFIG', 'GET', 'maxmemory-samples'],
  v74(['CONFIG', 'SET', 'maxmemory-samples', '0'], samplesErr, WHY_SAMPLES),
  v74(['CONFIG', 'SET', 'maxmemory-samples', '65'], samplesErr, WHY_SAMPLES), ['CONFIG', 'SET', 'maxmemory-samples', '64'],
  ['CONFIG', 'SET', 'maxmemory-samples', '5.5'], ['CONFIG', 'SET', 'maxmemory-samples', 'x'], ['CONFIG', 'GET', 'maxmemory-samples'],
  ['CONFIG', 'SET', 'maxmemory-eviction-tenacity', '0'], ['CONFIG', 'SET', 'maxmemory-eviction-tenacity', '100'],
  ['CONFIG', 'SET', 'maxmemory-eviction-tenacity', '101'], ['CONFIG', 'SET', 'maxmemory-eviction-tenacity', '-1'],
  ['CONFIG', 'GET', 'maxmemory-eviction-tenacity'],
  ['CONFIG', 'SET', 'lfu-log-factor', '0'], ['CONFIG', 'SET', 'lfu-log-factor', '2147483647'], ['CONFIG', 'SET', 'lfu-log-factor', '2147483648'],
  ['CONFIG', 'SET', 'lfu-log-factor', '-1'], ['CONFIG', 'GET', 'lfu-log-factor'],
  ['CONFIG', 'SET', 'lfu-decay-time', '0'], ['CONFIG', 'SET', 'lfu-decay-time', '-1'], ['CONFIG', 'SET', 'lfu-decay-time', '1k'],
  ['CONFIG', 'GET', 'lfu-decay-time'],
  // a multi-parameter SET is all or nothing
  ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl', 'lfu-log-factor', '-5'], ['CONFIG', 'GET', 'maxmemory-policy'],
  ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl', 'lfu-decay-time', '3'], ['CONFIG', 'GET', 'maxmemory-policy'], ['CONFIG', 'GET', 'lfu-decay-time'],
  ...restore, { cmd: ['CONFIG', 'GET', 'maxmemory*'], norm: configSorted }, { cmd: ['CONFIG', 'GET', 'lfu-*'], norm: configSorted },
];

/** OBJECT FREQ / IDLETIME under each policy, on a key created under it. */
const objectPerPolicy: Step[] = [
  ['CONFIG', 'SET', 'lfu-decay-time', '0'], // no decrement if a minute boundary passes mid-script
  ...POLICIES.flatMap((p): Step[] => [
    ['CONFIG', 'SET', 'maxmemory-policy', p], ['SET', `k:${p}`, 'v'],
    ['OBJECT', 'FREQ', `k:${p}`], { cmd: ['OBJECT', 'IDLETIME', `k:${p}`], norm: smallIdle },
    ['GET', `k:${p}`], ['OBJECT', 'FREQ', `k:${p}`], { cmd: ['OBJECT', 'IDLETIME', `k:${p}`], norm: smallIdle },
    ['OBJECT', 'FREQ', 'nokey'], ['OBJECT', 'IDLETIME', 'nokey'], ['OBJECT', 'FREQ'], ['OBJECT', 'IDLETIME', 'a', 'b'],
    // OBJECT itself does not touch: a second FREQ reads the same counter
    ...(isLfu(p) ? [['OBJECT', 'FREQ', `k:${p}`], ['EXISTS', `k:${p}`], ['TYPE', `k:${p}`], ['OBJECT', 'FREQ', `k:${p}`]] as Step[] : []),
  ]),
  ...restore,
];

/** LFU counter corners that are deterministic: factor 0 (every access counts), saturation at 255, no decay. */
const lfuCounter: Step[] = [
  // maxmemory set: Redis then keeps integers unshared under LFU, so each key has its own counter
  ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu', 'lfu-log-factor', '0', 'lfu-decay-time', '0', 'maxmemory', '1000000000'],
  ['SET', 'c', '1'], ['OBJECT', 'FREQ', 'c'],
  ['GET', 'c'], ['GET', 'c'], ['GET', 'c'], ['OBJECT', 'FREQ', 'c'],
  // a write lookup counts as an access; the value replaced under the same key keeps the counter
  ['INCR', 'c'], ['OBJECT', 'FREQ', 'c'], ['APPEND', 'c', 'x'], ['OBJECT', 'FREQ', 'c'], ['SET', 'c', 'new'], ['OBJECT', 'FREQ', 'c'],
  // EXISTS, TYPE and OBJECT do not touch; TOUCH does
  ['EXISTS', 'c'], ['TYPE', 'c'], ['OBJECT', 'FREQ', 'c'], ['TOUCH', 'c', 'nokey'], ['OBJECT', 'FREQ', 'c'],
  ['MGET', 'c', 'c', 'nokey'], ['OBJECT', 'FREQ', 'c'],
  // the counter saturates at 255
  ['SET', 'h', 'v'], ...Array.from({ length: 260 }, (): Step => ['GET', 'h']), ['OBJECT', 'FREQ', 'h'],
  // CLIENT NO-TOUCH (7.2+, unknown to the 7.0 reference): reads and writes leave the counter,
  // a value replaced under the same key keeps it, TOUCH still counts
  ['SET', 'n', '1'],
  v74(['CLIENT', 'NO-TOUCH', 'ON'], '+OK\r\n', WHY_NT), nt(['GET', 'n'], '$1\r\n1\r\n'), nt(['INCR', 'n'], ':2\r\n'),
  nt(['SET', 'n', '5'], '+OK\r\n'), nt(['OBJECT', 'FREQ', 'n'], ':5\r\n'), nt(['TOUCH', 'n'], ':1\r\n'), nt(['OBJECT', 'FREQ', 'n'], ':6\r\n'),
  v74(['CLIENT', 'NO-TOUCH', 'OFF'], '+OK\r\n', WHY_NT), ['GET', 'n'], nt(['OBJECT', 'FREQ', 'n'], ':7\r\n'),
  // a new key created under the policy starts at LFU_INIT_VAL (5)
  ['LPUSH', 'l', 'a'], ['OBJECT', 'FREQ', 'l'], ['HSET', 'hh', 'f', 'v'], ['OBJECT', 'FREQ', 'hh'],
  ['SADD', 's', 'a'], ['OBJECT', 'FREQ', 's'], ['ZADD', 'z', '1', 'a'], ['OBJECT', 'FREQ', 'z'],
  ['LRANGE', 'l', '0', '-1'], ['OBJECT', 'FREQ', 'l'],
  ...restore,
];

/** Over maxmemory with nothing the policy may evict: denyoom commands get OOM, others run. */
const oom: Step[] = [
  ['SET', 'p1', 'v'], ['SET', 'p2', 'v'], ['CONFIG', 'SET', 'maxmemory', '1'],
  ['SET', 'x', 'y'], ['GET', 'p1'], ['DEL', 'nokey'], ['INCR', 'p1'], ['LPUSH', 'l', 'a'], ['DBSIZE'], ['EXISTS', 'x'],
  ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-lru'], ['SET', 'x', 'y'], ['DBSIZE'],
  ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl'], ['SET', 'x', 'y'], ['DBSIZE'],
  ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-random'], ['SET', 'x', 'y'], ['DBSIZE'],
  ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-lfu'], ['SET', 'x', 'y'], ['DBSIZE'],
  // a MULTI with a denyoom command is refused at EXEC
  ['MULTI'], ['GET', 'p1'], ['SET', 'x', 'y'], ['EXEC'],
  // allkeys-*: every key goes (maxmemory 1 cannot be met), then the write is still refused
  ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random'], ['SET', 'x', 'y'], ['DBSIZE'], ['EXISTS', 'p1', 'p2'],
  ['CONFIG', 'SET', 'maxmemory', '0'], ['SET', 'x', 'y'], ['DBSIZE'],
  ...restore,
];

/** Evictions are published as `evicted` (class e) and invalidate tracked keys. */
const evictedEvents: Step[] = [
  ['CONFIG', 'SET', 'notify-keyspace-events', 'KEe', 'maxmemory-policy', 'allkeys-lru'],
  { c: 'sub', cmd: ['PSUBSCRIBE', '__key*__:*'] },
  ['SET', 'victim', 'v'], ['CONFIG', 'SET', 'maxmemory', '1'],
  // Redis evicts in a timer right after CONFIG SET; Cinnabar in cron or before the next command
  { sleep: 300 },
  ['DBSIZE'],
  { c: 'sub', read: true }, { c: 'sub', read: true },
  ['CONFIG', 'SET', 'maxmemory', '0'], ['SET', 'victim2', 'v'], ['EXPIRE', 'victim2', '100'],
  ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl', 'maxmemory', '1'], { sleep: 300 }, ['DBSIZE'],
  { c: 'sub', read: true }, { c: 'sub', read: true },
  ['CONFIG', 'SET', 'maxmemory', '0'], ['INFO', 'keyspace'],
  ...restore,
];

const trackingInvalidation: { steps: Step[]; resp: Array<2 | 3> } = {
  resp: [3],
  steps: [
    ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random'],
    ['SET', 'tk', 'v'], { c: 't', cmd: ['HELLO', '3'], norm: helloNorm },
    { c: 't', cmd: ['CLIENT', 'TRACKING', 'ON'] }, { c: 't', cmd: ['GET', 'tk'] },
    ['CONFIG', 'SET', 'maxmemory', '1'], { sleep: 300 }, ['DBSIZE'],
    { c: 't', read: true },
    ['CONFIG', 'SET', 'maxmemory', '0'], { c: 't', cmd: ['GET', 'tk'] },
    ...restore,
  ],
};

defineDiffSuite('compat: eviction', {
  config, objectPerPolicy, lfuCounter, oom, evictedEvents, trackingInvalidation,
});
