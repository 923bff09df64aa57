// Differential: stream consumer-group commands against a real redis-server, byte for byte, in RESP2
// and RESP3. XGROUP (CREATE MKSTREAM ENTRIESREAD $, SETID, DESTROY, CREATECONSUMER, DELCONSUMER,
// HELP), XREADGROUP (">" and history IDs, COUNT, NOACK, several streams, deleted entries in the
// history, BLOCK served by XADD, woken by XGROUP DESTROY / DEL, timeouts), XACK, XPENDING (summary,
// extended, IDLE, exclusive ranges, per consumer), XCLAIM (IDLE TIME RETRYCOUNT FORCE JUSTID LASTID,
// deleted entries), XAUTOCLAIM (COUNT JUSTID, cursor, deleted IDs), XINFO STREAM [FULL [COUNT]],
// XINFO GROUPS (entries-read, lag), XINFO CONSUMERS, XINFO HELP, and their errors.
//
// Normalisations: times. Idle times (XPENDING, XINFO CONSUMERS idle/inactive) and absolute times
// (XINFO STREAM FULL delivery times, seen-time, active-time) depend on when each server ran the
// command; they are replaced by <ms> (a -1 "never" stays as it is). Delivery counts, IDs, names and
// everything else are compared exactly.
//
// Where Redis 7.4 differs from the 7.0.15 reference, steps carry `expect` with the 7.4 bytes:
// - XINFO CONSUMERS has an `inactive` field and XINFO STREAM FULL consumers an `active-time` field
//   (7.2, redis#11099); seen-time is refreshed by every read/claim attempt, active-time only when
//   entries are delivered or claimed.
// - XREADGROUP errors: "Unbalanced 'xreadgroup' list of streams: ... an ID or '>' ..." (7.2,
//   redis#11799) and "The + ID is meaningless ..." (7.4 added "+" to XREAD).
// - A blocked XREADGROUP whose group is destroyed or whose key is deleted is re-run (7.2 blocking
//   rework) and gets the ordinary -NOGROUP reply, where 7.0 sent "-NOGROUP the consumer group this
//   client was blocked on no longer exists" / "-UNBLOCKED the stream key no longer exists".
// - The HELP footer "Print this help." (7.2; helpFooter74).
// - Group lag with tombstones and trimming follows the newest rules (those the upstream suite
//   checks): where they give a different lag than 7.0, the step says so.
import { defineDiffSuite, type Step, type Norm } from '../helpers/diff.ts';
import { helpFooter74 } from '../helpers/norm.ts';
import { parse, encode, type Node } from '../helpers/resp.ts';

const TIME_KEYS = new Set(['idle', 'inactive', 'seen-time', 'active-time']);
const MS: Node = { t: ':', head: '<ms>' };

function normNode(n: Node, pelTimes: boolean): Node {
  if (!n.items) return n;
  const isMap = n.t === '%';
  for (let i = 0; i < n.items.length; i++) {
    const it = n.items[i];
    const key = it.t === '$' && it.data ? it.data.toString('latin1') : null;
    if (key !== null && i + 1 < n.items.length && (isMap || i % 2 === 0)) {
      const v = n.items[i + 1];
      if (TIME_KEYS.has(key) && v.t === ':') {
        if (v.head !== '-1') n.items[i + 1] = MS;
        i++;
        continue;
      }
      if (key === 'pending' && v.items) {
        // XINFO STREAM FULL: group PEL [id, consumer, delivery-time, count], consumer PEL [id, time, count]
        for (const e of v.items) {
          if (e.items?.length === 4) e.items[2] = MS;
          else if (e.items?.length === 3) e.items[1] = MS;
        }
        i++;
        continue;
      }
    }
    n.items[i] = normNode(it, pelTimes);
  }
  if (pelTimes) {
    // XPENDING extended form: [id, consumer, idle, count] entries
    for (const e of n.items) if (e.items?.length === 4 && e.items[2].t === ':') e.items[2] = MS;
  }
  return n;
}

/** XINFO replies: the time fields described at the top. */
const times: Norm = (b) => encode(normNode(parse(b), false));
/** XPENDING extended replies: each entry's idle time. */
const pendIdle: Norm = (b) => encode(normNode(parse(b), true));

// ---- expected-bytes builders (RESP2 / RESP3) ----------------------------------------------------------
type R = 2 | 3;
const bulk = (s: string) => `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`;
const int = (n: number | string) => `:${n}\r\n`;
const arr = (items: string[]) => `*${items.length}\r\n${items.join('')}`;
const map = (resp: R, pairs: Array<[string, string]>) =>
  resp === 3 ? `%${pairs.length}\r\n${pairs.map(([k, v]) => bulk(k) + v).join('')}`
    : `*${pairs.length * 2}\r\n${pairs.map(([k, v]) => bulk(k) + v).join('')}`;
const MSV = ':<ms>\r\n';
const consumerInfo = (resp: R, name: string, pending: number, inactive: 'never' | 'ms') =>
  map(resp, [['name', bulk(name)], ['pending', int(pending)], ['idle', MSV], ['inactive', inactive === 'never' ? int(-1) : MSV]]);

const WHY_INACTIVE = 'XINFO CONSUMERS gained the inactive field in Redis 7.2 (redis#11099)';
const WHY_UNBALANCED = "7.2 names the command and '>' in XREADGROUP's unbalanced-streams error (redis#11799)";
const WHY_PLUS = '7.4 gives XREADGROUP a dedicated error for the "+" ID (XREAD accepts "+" since 7.4)';
const WHY_RERUN = '7.2+ re-runs a blocked XREADGROUP whose group or key went away; it then fails like a fresh call';
const WHY_EAGER = '7.2 creates the consumer of XCLAIM/XAUTOCLAIM even when nothing is claimed (redis#11099); 7.0 only on a claim';
const WHY_ACTIVE = 'XINFO STREAM FULL consumers gained active-time in Redis 7.2 (redis#11099)';

/** Two scripts (RESP2 and RESP3) from one builder, so `expect` bytes can follow the protocol. */
function both(name: string, build: (resp: R) => Step[]): Record<string, { steps: Step[]; resp: Array<2 | 3> }> {
  return {
    [name]: { steps: build(2), resp: [2] },
    [`${name} `]: { steps: build(3), resp: [3] },
  };
}

const xgroupBasics: Step[] = [
  ['XGROUP', 'CREATE', 's', 'g', '$'],
  ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
  ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
  ['XGROUP', 'CREATE', 's', 'g', '0'],
  ['XGROUP', 'CREATE', 's', 'g2', '0', 'ENTRIESREAD', '-3'],
  ['XGROUP', 'CREATE', 's', 'g2', '0', 'ENTRIESREAD', 'x'],
  ['XGROUP', 'CREATE', 's', 'g2', '0', 'ENTRIESREAD'],
  ['XGROUP', 'CREATE', 's', 'g2', '0', 'FOO'],
  ['XGROUP', 'CREATE', 's', 'g2', 'bad'],
  ['XGROUP', 'CREATE', 's', 'g2', '-'],
  ['XGROUP', 'CREATE', 's', 'g2', '+'],
  ['XGROUP', 'CREATE', 's', 'g2', '5-*'],
  ['XGROUP', 'CREATE', 's', 'g2', '1-2-3'],
  ['XGROUP', 'CREATE', 's', 'g2', '18446744073709551616'],
  ['XGROUP', 'CREATE', 's', 'g2', '5'],
  ['XGROUP', 'CREATE', 's', 'g3', '7-8', 'ENTRIESREAD', '3', 'MKSTREAM'],
  ['XGROUP', 'CREATE', 's', 'g4', '0', 'MKSTREAM', 'MKSTREAM', 'MKSTREAM', 'MKSTREAM'],
  ['XGROUP', 'CREATE', 's', 'g4', '0', 'MKSTREAM', 'ENTRIESREAD', '-1'],
  ['XGROUP', 'CREATE', 's', 'g5', '0', 'entriesread', '0', 'mkstream'],
  ['XGROUP', 'CREATE', 's', 'g\x00z', '0'],
  ['XINFO', 'GROUPS', 's'],
  ['XADD', 's', '10-1', 'f', 'v'],
  ['XGROUP', 'CREATE', 's', 'g6', '$'],
  ['XGROUP', 'SETID', 's', 'g', '0'],
  ['XGROUP', 'SETID', 's', 'g2', '$', 'ENTRIESREAD', '7'],
  ['XGROUP', 'SETID', 's', 'g3', '-'],
  ['XGROUP', 'SETID', 's', 'g4', '+'],
  ['XGROUP', 'SETID', 's', 'g5', '3'],
  ['XGROUP', 'SETID', 's', 'g5', 'x'],
  ['XGROUP', 'SETID', 's', 'nog', '0'],
  ['XGROUP', 'SETID', 's', 'g', '0', 'MKSTREAM'],
  ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD', '1', 'X'],
  ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD'],
  ['XGROUP', 'SETID', 's', 'g', '0', 'ENTRIESREAD', '-2'],
  ['XGROUP', 'SETID', 'nokey', 'g', '0'],
  ['XINFO', 'GROUPS', 's'],
  ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c1'],
  ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c1'],
  ['XGROUP', 'CREATECONSUMER', 's', 'nog', 'c1'],
  ['XGROUP', 'CREATECONSUMER', 'nokey', 'g', 'c1'],
  ['XGROUP', 'DELCONSUMER', 's', 'g', 'c1'],
  ['XGROUP', 'DELCONSUMER', 's', 'g', 'c1'],
  ['XGROUP', 'DELCONSUMER', 's', 'nog', 'c1'],
  ['XGROUP', 'DESTROY', 's', 'g'],
  ['XGROUP', 'DESTROY', 's', 'g'],
  ['XGROUP', 'DESTROY', 'nokey', 'g'],
  ['XINFO', 'GROUPS', 's'],
  ['XGROUP', 'CREATE'],
  ['XGROUP', 'CREATE', 's', 'g'],
  ['XGROUP', 'DESTROY', 's', 'g', 'x'],
  ['XGROUP', 'CREATECONSUMER', 's', 'g'],
  ['XGROUP', 'FOO'],
  ['XGROUP', 'FOO', 'a', 'b', 'c'],
  ['XGROUP'],
  { cmd: ['XGROUP', 'HELP'], norm: helpFooter74 },
  ['XGROUP', 'HELP', 'x'],
  ['SET', 'str', 'x'],
  ['XGROUP', 'CREATE', 'str', 'g', '$'],
  ['XGROUP', 'CREATE', 'str', 'g', '$', 'MKSTREAM'],
  ['XGROUP', 'DESTROY', 'str', 'g'],
  ['XINFO', 'GROUPS', 'str'],
  ['XINFO', 'GROUPS', 'nokey'],
  ['TYPE', 's'],
  ['XLEN', 's'],
];

const xreadgroupBasics = (resp: R): Step[] => [
  ['XADD', 's', '1-0', 'a', '1'], ['XADD', 's', '2-0', 'b', '2'], ['XADD', 's', '3-0', 'c', '3', 'd', '4'],
  ['XGROUP', 'CREATE', 's', 'g', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'STREAMS', 's', '2-0'],
  ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '3'],
  ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '18446744073709551615-18446744073709551615'],
  ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'newbie', 'STREAMS', 's', '0'],
  ['XADD', 's', '4-0', 'e', '5'],
  ['XREADGROUP', 'GROUP', 'g', 'carol', 'NOACK', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 's', '0'],
  ['XPENDING', 's', 'g'],
  ['XINFO', 'GROUPS', 's'],
  { cmd: ['XINFO', 'CONSUMERS', 's', 'g'], norm: times, why: WHY_INACTIVE,
    expect: arr([consumerInfo(resp, 'alice', 1, 'ms'), consumerInfo(resp, 'bob', 2, 'ms'), consumerInfo(resp, 'carol', 0, 'never'), consumerInfo(resp, 'newbie', 0, 'never')]) },
  ['XADD', 's2', '1-0', 'x', 'y'], ['XGROUP', 'CREATE', 's2', 'g', '0'],
  ['XADD', 's', '5-0', 'f', '6'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 's2', '>', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 's2', '0', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 's2', '0', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's2', 's', '>', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '-5', 'STREAMS', 's', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '0', 'STREAMS', 's', '0'],
  ['XREADGROUP', 'group', 'g', 'alice', 'count', '1', 'noack', 'streams', 's', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'GROUP', 'g', 'zed', 'STREAMS', 's', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '10', 'STREAMS', 's', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '10', 'STREAMS', 's', '>'],
  // errors
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '$'],
  { cmd: ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '+'], why: WHY_PLUS,
    expect: '-ERR The + ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The + ID would just return an empty result set.\r\n' },
  { cmd: ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's'], why: WHY_UNBALANCED,
    expect: "-ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' must be specified.\r\n" },
  { cmd: ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 's2', '>'], why: WHY_UNBALANCED,
    expect: "-ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' must be specified.\r\n" },
  ['XREADGROUP', 'COUNT', '1', 'BLOCK', '1', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', 'x', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', 'x', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '-1', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '1.5', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'FOO', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'NOACK'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'GROUP', 'x'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 'bad'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '1-*'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '-'],
  ['XREADGROUP', 'GROUP', 'nog', 'alice', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'nog', 'alice', 'STREAMS', 's', '$'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'nokey', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 'nokey', '>', '>'],
  ['SET', 'str', 'x'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'str', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 'str', '>', '>'],
  { cmd: ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>', '0'], why: WHY_UNBALANCED,
    expect: "-ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' must be specified.\r\n" },
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS'],
  ['XPENDING', 's', 'g'],
];

const history: Step[] = [
  // deleted entries in a consumer's history come back as [id, nil]
  ['XGROUP', 'CREATE', 'h', 'g', '$', 'MKSTREAM'],
  ['XADD', 'h', '1', 'f', 'A'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'h', '>'],
  ['XADD', 'h', 'MAXLEN', '1', '2', 'f', 'B'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'h', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'h', '0-1'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'h', '0'],
  { cmd: ['XPENDING', 'h', 'g', '-', '+', '10'], norm: pendIdle },
  ['XACK', 'h', 'g', '1-0'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'h', '0'],
  // SETID back: entries are delivered again and change owner
  ['XADD', 'h', '3', 'f', 'C'],
  ['XGROUP', 'SETID', 'h', 'g', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'd', 'STREAMS', 'h', '>'],
  { cmd: ['XPENDING', 'h', 'g', '-', '+', '10'], norm: pendIdle },
  ['XPENDING', 'h', 'g'],
  ['XINFO', 'GROUPS', 'h'],
  // empty history after the stream ran dry
  ['XGROUP', 'CREATE', 'e', 'g', '$', 'MKSTREAM'],
  ['XADD', 'e', '666', 'k', 'v'],
  ['XDEL', 'e', '666'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'e', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '10', 'STREAMS', 'e', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 'e', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 'e', '700'],
  ['XADD', 'e', '667', 'k', 'v'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'e', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'e', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'e', '666'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'e', '667'],
];

const xackPending: Step[] = [
  ['XACK', 'nokey', 'g', '1-0'],
  ['XACK', 'nokey', 'g', 'bad'],
  ['XADD', 's', '1-0', 'a', '1'], ['XADD', 's', '2-0', 'b', '2'], ['XADD', 's', '3-0', 'c', '3'], ['XADD', 's', '4-0', 'd', '4'],
  ['XACK', 's', 'nog', '1-0'],
  ['XGROUP', 'CREATE', 's', 'g', '0'],
  ['XPENDING', 's', 'g'],
  ['XPENDING', 's', 'g', '-', '+', '10'],
  ['XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '2', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'c2', 'COUNT', '2', 'STREAMS', 's', '>'],
  ['XPENDING', 's', 'g'],
  { cmd: ['XPENDING', 's', 'g', '-', '+', '10'], norm: pendIdle },
  { cmd: ['XPENDING', 's', 'g', '-', '+', '2'], norm: pendIdle },
  { cmd: ['XPENDING', 's', 'g', '-', '+', '10', 'c2'], norm: pendIdle },
  ['XPENDING', 's', 'g', '-', '+', '10', 'nobody'],
  { cmd: ['XPENDING', 's', 'g', '(1-0', '(4-0', '10'], norm: pendIdle },
  { cmd: ['XPENDING', 's', 'g', '2', '3', '10'], norm: pendIdle },
  { cmd: ['XPENDING', 's', 'g', '2-0', '+', '-3'], norm: pendIdle },
  { cmd: ['XPENDING', 's', 'g', '-', '+', '0'], norm: pendIdle },
  ['XPENDING', 's', 'g', 'IDLE', '99999999', '-', '+', '10'],
  { cmd: ['XPENDING', 's', 'g', 'IDLE', '0', '-', '+', '10'], norm: pendIdle },
  { cmd: ['XPENDING', 's', 'g', 'idle', '-5', '-', '+', '10', 'c1'], norm: pendIdle },
  { cmd: ['XPENDING', 's', 'g', '-', '+', '10', 'c1', 'extra', 'args'], norm: pendIdle },
  ['XPENDING', 's', 'g', 'IDLE', 'x', '-', '+', '10'],
  ['XPENDING', 's', 'g', 'IDLE', '10', '-', '+'],
  ['XPENDING', 's', 'g', '-', '+'],
  ['XPENDING', 's', 'g', '-'],
  ['XPENDING', 's', 'g', '-', '+', 'x'],
  ['XPENDING', 's', 'g', 'bad', '+', '10'],
  ['XPENDING', 's', 'g', '-', 'bad', '10'],
  ['XPENDING', 's', 'g', '(-', '+', '10'],
  ['XPENDING', 's', 'g', '(18446744073709551615-18446744073709551615', '+', '10'],
  ['XPENDING', 's', 'g', '-', '(0-0', '10'],
  ['XPENDING', 's', 'g', '-', '+', '10', 'c1', 'a', 'b', 'c'],
  ['XPENDING', 's', 'nog'],
  ['XPENDING', 's', 'nog', '-', '+', '10'],
  ['XPENDING', 'nokey', 'g'],
  ['XPENDING', 's'],
  ['XACK', 's', 'g', '1-0'],
  ['XACK', 's', 'g', '1-0'],
  ['XACK', 's', 'g', '2-0', '3-0', '2-0', '9-9'],
  ['XACK', 's', 'g', '4-0', 'bad'],
  ['XACK', 's', 'g', '4', '+'],
  ['XACK', 's', 'g', '4-*'],
  ['XPENDING', 's', 'g'],
  ['XACK', 's', 'g', '4'],
  ['XPENDING', 's', 'g'],
  ['XINFO', 'GROUPS', 's'],
  ['SET', 'str', 'x'],
  ['XACK', 'str', 'g', '1-0'],
  ['XPENDING', 'str', 'g'],
  ['XACK', 's', 'g'],
];

const xclaim = (resp: R): Step[] => [
  ['XCLAIM', 'nokey', 'g', 'c', '0', '1-0'],
  ['XADD', 's', '1-0', 'a', '1'], ['XADD', 's', '2-0', 'b', '2'], ['XADD', 's', '3-0', 'c', '3'], ['XADD', 's', '4-0', 'd', '4'],
  ['XCLAIM', 's', 'nog', 'c', '0', '1-0'],
  ['XGROUP', 'CREATE', 's', 'g', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'],
  ['XCLAIM', 's', 'g', 'bob', '3600000', '1-0'],
  ['XCLAIM', 's', 'g', 'bob', '0', '1-0'],
  { cmd: ['XPENDING', 's', 'g', '-', '+', '10'], norm: pendIdle },
  ['XCLAIM', 's', 'g', 'bob', '0', '1-0', '2-0', 'JUSTID'],
  { cmd: ['XPENDING', 's', 'g', '-', '+', '10'], norm: pendIdle },
  ['XCLAIM', 's', 'g', 'bob', '0', '2-0', 'RETRYCOUNT', '7'],
  ['XCLAIM', 's', 'g', 'carol', '0', '3-0', 'IDLE', '5000000', 'JUSTID'],
  { cmd: ['XPENDING', 's', 'g', 'IDLE', '4000000', '-', '+', '10'], norm: pendIdle },
  ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'TIME', '1000', 'JUSTID', 'RETRYCOUNT', '0'],
  { cmd: ['XPENDING', 's', 'g', 'IDLE', '4000000', '-', '+', '10'], norm: pendIdle },
  ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'TIME', '99999999999999', 'JUSTID'],
  { cmd: ['XPENDING', 's', 'g', '-', '+', '10'], norm: pendIdle },
  ['XCLAIM', 's', 'g', 'carol', '0', '4-0', 'IDLE', '-100', 'JUSTID'],
  ['XCLAIM', 's', 'g', 'dave', '-5', '4-0', 'JUSTID'],
  // same owner: still in its PEL, count bumped
  ['XCLAIM', 's', 'g', 'dave', '0', '4-0'],
  { cmd: ['XPENDING', 's', 'g', '-', '+', '10'], norm: pendIdle },
  // not pending: ignored unless FORCE (and FORCE needs the entry to exist)
  ['XACK', 's', 'g', '4-0'],
  ['XCLAIM', 's', 'g', 'dave', '0', '4-0'],
  ['XCLAIM', 's', 'g', 'dave', '0', '4-0', '9-0', 'FORCE'],
  ['XCLAIM', 's', 'g', 'erin', '0', '4-0', 'FORCE', 'JUSTID', 'RETRYCOUNT', '3'],
  { cmd: ['XPENDING', 's', 'g', '-', '+', '10'], norm: pendIdle },
  // LASTID moves the group forward only
  ['XCLAIM', 's', 'g', 'erin', '0', '9-0', 'LASTID', '3-0'],
  ['XINFO', 'GROUPS', 's'],
  ['XCLAIM', 's', 'g', 'erin', '0', '9-0', 'LASTID', '10-0'],
  ['XINFO', 'GROUPS', 's'],
  ['XREADGROUP', 'GROUP', 'g', 'erin', 'STREAMS', 's', '>'],
  // deleted entries: the NACK is dropped and nothing is returned for it
  ['XDEL', 's', '2-0'],
  ['XCLAIM', 's', 'g', 'frank', '0', '1-0', '2-0', '3-0'],
  { cmd: ['XPENDING', 's', 'g', '-', '+', '10'], norm: pendIdle },
  ['XDEL', 's', '3-0'],
  ['XCLAIM', 's', 'g', 'frank', '0', '3-0', 'JUSTID'],
  ['XPENDING', 's', 'g'],
  { cmd: ['XINFO', 'CONSUMERS', 's', 'g'], norm: times, why: WHY_INACTIVE,
    expect: arr([consumerInfo(resp, 'alice', 0, 'ms'), consumerInfo(resp, 'bob', 0, 'ms'), consumerInfo(resp, 'carol', 0, 'ms'),
      consumerInfo(resp, 'dave', 0, 'ms'), consumerInfo(resp, 'erin', 1, 'ms'), consumerInfo(resp, 'frank', 1, 'ms')]) },
  // errors
  ['XCLAIM', 's', 'g', 'c', 'x', '1-0'],
  ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'IDLE', 'x'],
  ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'TIME', 'x'],
  ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'RETRYCOUNT', 'x'],
  ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'LASTID', 'x'],
  ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'LASTID', '-'],
  ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'BOGUS'],
  ['XCLAIM', 's', 'g', 'c', '0', '1-0', 'IDLE'],
  ['XCLAIM', 's', 'g', 'c', '0', 'FORCE'],
  ['XCLAIM', 's', 'g', 'c', '0', '+'],
  ['XCLAIM', 's', 'g', 'c', '0', '1-0', '2-*'],
  ['SET', 'str', 'x'],
  ['XCLAIM', 'str', 'g', 'c', '0', '1-0'],
  ['XCLAIM', 's', 'g', 'c', '0'],
];

const xautoclaim = (resp: R): Step[] => [
  ['XAUTOCLAIM', 'nokey', 'g', 'c', '0', '0'],
  ['XAUTOCLAIM', 'nokey', 'g', 'c', 'x', '0'],
  ['XAUTOCLAIM', 'nokey', 'g', 'c', '0', 'bad'],
  ['XAUTOCLAIM', 'nokey', 'g', 'c', '0', '0', 'COUNT', '0'],
  ['XAUTOCLAIM', 'nokey', 'g', 'c', '0', '0', 'COUNT', 'x'],
  ['XAUTOCLAIM', 'nokey', 'g', 'c', '0', '0', 'COUNT', '8070450532247928833'],
  ['XAUTOCLAIM', 'nokey', 'g', 'c', '0', '0', 'FOO'],
  ['XAUTOCLAIM', 'nokey', 'g', 'c', '0', '0', 'COUNT'],
  ['XAUTOCLAIM', 'nokey', 'g', 'c', '0', '(18446744073709551615-18446744073709551615'],
  ['XADD', 's', '1-0', 'a', '1'], ['XADD', 's', '2-0', 'b', '2'], ['XADD', 's', '3-0', 'c', '3'], ['XADD', 's', '4-0', 'd', '4'], ['XADD', 's', '5-0', 'e', '5'],
  ['XAUTOCLAIM', 's', 'nog', 'c', '0', '0'],
  ['XGROUP', 'CREATE', 's', 'g', '0'],
  ['XAUTOCLAIM', 's', 'g', 'c', '0', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'],
  ['XAUTOCLAIM', 's', 'g', 'bob', '3600000', '0'],
  ['XAUTOCLAIM', 's', 'g', 'bob', '0', '-', 'COUNT', '2'],
  ['XAUTOCLAIM', 's', 'g', 'bob', '0', '3-0', 'COUNT', '2'],
  ['XAUTOCLAIM', 's', 'g', 'bob', '0', '5-0', 'COUNT', '2'],
  ['XAUTOCLAIM', 's', 'g', 'carol', '0', '(1-0', 'COUNT', '1', 'JUSTID'],
  { cmd: ['XPENDING', 's', 'g', '-', '+', '10'], norm: pendIdle },
  ['XDEL', 's', '1-0', '4-0'],
  ['XAUTOCLAIM', 's', 'g', 'dave', '0', '0-0', 'COUNT', '1'],
  ['XAUTOCLAIM', 's', 'g', 'dave', '0', '2-0', 'COUNT', '3', 'JUSTID'],
  ['XAUTOCLAIM', 's', 'g', 'dave', '0', '0-0'],
  { cmd: ['XPENDING', 's', 'g', '-', '+', '10'], norm: pendIdle },
  ['XAUTOCLAIM', 's', 'g', 'erin', '0', '0-0', 'COUNT', '1', 'COUNT', '100', 'JUSTID', 'justid'],
  ['XTRIM', 's', 'MAXLEN', '0'],
  ['XAUTOCLAIM', 's', 'g', 'erin', '0', '0-0'],
  ['XPENDING', 's', 'g'],
  { cmd: ['XINFO', 'GROUPS', 's'], why: WHY_EAGER, expect: arr([groupInfo(resp, 'g', 6, 0, '5-0', 5, 0)]) },
  ['SET', 'str', 'x'],
  ['XAUTOCLAIM', 'str', 'g', 'c', '0', '0'],
];

const xinfo = (resp: R): Step[] => [
  ['XINFO', 'STREAM', 'nokey'],
  ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
  ['XINFO', 'STREAM', 's'],
  { cmd: ['XINFO', 'STREAM', 's', 'FULL'], norm: times },
  ['CONFIG', 'SET', 'stream-node-max-entries', '2'],
  ['XADD', 's', '100-1', 'a', '1'], ['XADD', 's', '101-1', 'b', '1', 'c', '2'], ['XADD', 's', '102-1', 'c', '1'],
  ['XADD', 's', '103-1', 'e', '1'], ['XADD', 's', '104-1', 'f', '1'],
  ['XGROUP', 'CREATE', 's', 'g2', '0'],
  ['XREADGROUP', 'GROUP', 'g2', 'Alice', 'COUNT', '1', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g2', 'Bob', 'COUNT', '1', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g2', 'Bob', 'NOACK', 'COUNT', '1', 'STREAMS', 's', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'Charlie', 'COUNT', '4', 'STREAMS', 's', '>'],
  ['XDEL', 's', '103-1'],
  ['XINFO', 'STREAM', 's'],
  ['XINFO', 'GROUPS', 's'],
  { cmd: ['XINFO', 'STREAM', 's', 'FULL'], norm: times, why: WHY_ACTIVE,
    expect: full74(resp, 1) },
  { cmd: ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1'], norm: times, why: WHY_ACTIVE, expect: full74(resp, 1, 1) },
  { cmd: ['XINFO', 'STREAM', 's', 'full', 'count', '0'], norm: times, why: WHY_ACTIVE, expect: full74(resp, 1) },
  { cmd: ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '-1'], norm: times, why: WHY_ACTIVE, expect: full74(resp, 1) },
  ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', 'x'],
  ['XINFO', 'STREAM', 's', 'FULL', 'COUNT'],
  ['XINFO', 'STREAM', 's', 'FULL', 'X', '1'],
  ['XINFO', 'STREAM', 's', 'PARTIAL'],
  ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1', 'x'],
  ['XINFO', 'CONSUMERS', 's', 'nog'],
  ['XINFO', 'CONSUMERS', 'nokey', 'g'],
  ['XINFO', 'CONSUMERS', 's'],
  ['XINFO', 'GROUPS', 's', 'x'],
  ['XINFO', 'STREAM'],
  ['XINFO', 'FOO', 's'],
  ['XINFO'],
  { cmd: ['XINFO', 'HELP'], norm: helpFooter74 },
  ['XINFO', 'help', 'x'],
  ['SET', 'str', 'x'],
  ['XINFO', 'STREAM', 'str'],
  ['XINFO', 'CONSUMERS', 'str', 'g'],
  ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
  ['DEL', 'e'],
  ['XADD', 'e', '1-1', 'a', 'b'],
  ['XTRIM', 'e', 'MAXLEN', '0'],
  ['XINFO', 'STREAM', 'e'],
];

/** XINFO STREAM FULL of the `xinfo` script's stream after its reads (7.4 layout). */
function full74(resp: R, _v: number, count = 10): string {
  const id = (s: string) => bulk(s);
  const entry = (i: string, ...fv: string[]) => arr([id(i), arr(fv.map(bulk))]);
  const entries = [entry('100-1', 'a', '1'), entry('101-1', 'b', '1', 'c', '2'), entry('102-1', 'c', '1'), entry('104-1', 'f', '1')];
  const lim = <T>(xs: T[]) => (count > 0 ? xs.slice(0, count) : xs);
  const nil = resp === 3 ? '_\r\n' : '$-1\r\n';
  const gpel = (i: string, who: string, n: number) => arr([id(i), bulk(who), MSV, int(n)]);
  const cpel = (i: string, n: number) => arr([id(i), MSV, int(n)]);
  const consumer = (name: string, pel: string[], active: boolean) =>
    map(resp, [['name', bulk(name)], ['seen-time', MSV], ['active-time', active ? MSV : int(-1)], ['pel-count', int(pel.length)], ['pending', arr(lim(pel))]]);
  const g = map(resp, [
    ['name', bulk('g')], ['last-delivered-id', id('103-1')], ['entries-read', int(4)], ['lag', nil], ['pel-count', int(4)],
    ['pending', arr(lim(['100-1', '101-1', '102-1', '103-1'].map((i) => gpel(i, 'Charlie', 1))))],
    ['consumers', arr([consumer('Charlie', ['100-1', '101-1', '102-1', '103-1'].map((i) => cpel(i, 1)), true)])],
  ]);
  const g2 = map(resp, [
    ['name', bulk('g2')], ['last-delivered-id', id('102-1')], ['entries-read', int(3)], ['lag', nil], ['pel-count', int(2)],
    ['pending', arr(lim([gpel('100-1', 'Alice', 1), gpel('101-1', 'Bob', 1)]))],
    ['consumers', arr([consumer('Alice', [cpel('100-1', 1)], true), consumer('Bob', [cpel('101-1', 1)], true)])],
  ]);
  return map(resp, [
    ['length', int(4)], ['radix-tree-keys', int(3)], ['radix-tree-nodes', int(8)], ['last-generated-id', id('104-1')],
    ['max-deleted-entry-id', id('103-1')], ['entries-added', int(5)], ['recorded-first-entry-id', id('100-1')],
    ['entries', arr(lim(entries))], ['groups', arr([g, g2])],
  ]);
}

const lag = (resp: R): Step[] => {
  const gi = { cmd: ['XINFO', 'GROUPS', 'x'] as string[] };
  return [
    ['XGROUP', 'CREATE', 'x', 'g1', '0', 'MKSTREAM'],
    gi,
    ['XADD', 'x', '1-0', 'data', 'a'], ['XDEL', 'x', '1-0'],
    gi,
    ['DEL', 'x'],
    ['XADD', 'x', '1-0', 'data', 'a'], ['XADD', 'x', '2-0', 'data', 'b'], ['XADD', 'x', '3-0', 'data', 'c'],
    ['XADD', 'x', '4-0', 'data', 'd'], ['XADD', 'x', '5-0', 'data', 'e'],
    ['XGROUP', 'CREATE', 'x', 'g1', '0'],
    gi,
    ['XREADGROUP', 'GROUP', 'g1', 'c11', 'COUNT', '1', 'STREAMS', 'x', '>'],
    gi,
    ['XREADGROUP', 'GROUP', 'g1', 'c12', 'COUNT', '10', 'STREAMS', 'x', '>'],
    gi,
    ['XADD', 'x', '6-0', 'data', 'f'],
    gi,
    // fragmentation: XDEL before the group's position
    ['DEL', 'x'],
    ['XADD', 'x', '1-0', 'data', 'a'], ['XADD', 'x', '2-0', 'data', 'b'], ['XADD', 'x', '3-0', 'data', 'c'],
    ['XADD', 'x', '4-0', 'data', 'd'], ['XADD', 'x', '5-0', 'data', 'e'],
    ['XDEL', 'x', '3-0'],
    ['XGROUP', 'CREATE', 'x', 'g1', '0'], ['XGROUP', 'CREATE', 'x', 'g2', '0'],
    gi,
    ['XREADGROUP', 'GROUP', 'g1', 'c11', 'COUNT', '1', 'STREAMS', 'x', '>'], gi,
    ['XREADGROUP', 'GROUP', 'g1', 'c11', 'COUNT', '1', 'STREAMS', 'x', '>'], gi,
    ['XREADGROUP', 'GROUP', 'g1', 'c11', 'COUNT', '1', 'STREAMS', 'x', '>'], gi,
    ['XREADGROUP', 'GROUP', 'g1', 'c11', 'COUNT', '1', 'STREAMS', 'x', '>'], gi,
    ['XADD', 'x', '6-0', 'data', 'f'], gi,
    // trimmed past the last tombstone: both rule sets agree here
    ['XTRIM', 'x', 'MINID', '=', '3-0'],
    gi,
    ['XTRIM', 'x', 'MINID', '=', '5-0'],
    gi,
    // a tombstone after the group's last id
    ['DEL', 'x'],
    ['XGROUP', 'CREATE', 'x', 'g1', '$', 'MKSTREAM'],
    ['XADD', 'x', '1-0', 'data', 'a'],
    ['XREADGROUP', 'GROUP', 'g1', 'alice', 'STREAMS', 'x', '>'],
    ['XADD', 'x', '2-0', 'data', 'c'], ['XADD', 'x', '3-0', 'data', 'd'], ['XDEL', 'x', '2-0'],
    gi,
    ['XDEL', 'x', '1-0'],
    { ...gi, why: 'newest lag rule: last id and last tombstone both before the first entry -> lag = length',
      expect: arr([groupInfo(resp, 'g1', 1, 1, '1-0', 1, 1)]) },
    ['XREADGROUP', 'GROUP', 'g1', 'alice', 'STREAMS', 'x', '>'],
    { ...gi, why: 'newest rule: the read counter is re-estimated when a tombstone lies after the last id',
      expect: arr([groupInfo(resp, 'g1', 1, 2, '3-0', 3, 0)]) },
    // trimming
    ['DEL', 'x'],
    ['XGROUP', 'CREATE', 'x', 'g1', '$', 'MKSTREAM'],
    ['XADD', 'x', '1-0', 'data', 'a'], ['XADD', 'x', '2-0', 'data', 'b'], ['XADD', 'x', '3-0', 'data', 'c'],
    ['XADD', 'x', '4-0', 'data', 'd'], ['XADD', 'x', '5-0', 'data', 'e'],
    ['XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '1', 'STREAMS', 'x', '>'],
    gi,
    ['XTRIM', 'x', 'MAXLEN', '1'],
    { ...gi, why: 'newest lag rule: trimmed past the group -> lag = length',
      expect: arr([groupInfo(resp, 'g1', 1, 1, '1-0', 1, 1)]) },
    ['XTRIM', 'x', 'MAXLEN', '0'],
    { ...gi, why: 'newest lag rule: an emptied stream has no lag',
      expect: arr([groupInfo(resp, 'g1', 1, 1, '1-0', 1, 0)]) },
    // ENTRIESREAD larger than what was added: negative lag, as in Redis
    ['DEL', 'x'],
    ['XADD', 'x', '1-1', 'a', '1'],
    ['XGROUP', 'CREATE', 'x', 'g3', '0', 'ENTRIESREAD', '5'],
    { ...gi, why: 'newest lag rule: the group is before the first entry (7.0: entries_added - entries_read = -4)',
      expect: arr([groupInfo(resp, 'g3', 0, 0, '0-0', 5, 1)]) },
    ['XGROUP', 'SETID', 'x', 'g3', '1-1', 'ENTRIESREAD', '5'],
    gi,
  ];
};

function groupInfo(resp: R, name: string, consumers: number, pending: number, last: string, er: number | null, lagv: number | null): string {
  const nil = resp === 3 ? '_\r\n' : '$-1\r\n';
  return map(resp, [
    ['name', bulk(name)], ['consumers', int(consumers)], ['pending', int(pending)], ['last-delivered-id', bulk(last)],
    ['entries-read', er === null ? nil : int(er)], ['lag', lagv === null ? nil : int(lagv)],
  ]);
}

const blocking = (resp: R): Step[] => [
  ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
  { c: 'b', cmd: ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>'], noReply: true },
  { sleep: 50 },
  ['XADD', 's', '1-0', 'f', 'v'],
  { c: 'b', read: true },
  // COUNT applies to the served reply; two clients, one entry each
  { c: 'b', cmd: ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 's', '>'], noReply: true },
  { c: 'c', cmd: ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'BLOCK', '0', 'STREAMS', 's', '>'], noReply: true },
  { sleep: 50 },
  ['XADD', 's', '2-0', 'f', 'v2'],
  { c: 'b', read: true },
  ['XADD', 's', '3-0', 'f', 'v3'],
  { c: 'c', read: true },
  { cmd: ['XPENDING', 's', 'g', '-', '+', '10'], norm: pendIdle },
  // NOACK while blocked
  { c: 'b', cmd: ['XREADGROUP', 'GROUP', 'g', 'carol', 'NOACK', 'BLOCK', '0', 'STREAMS', 's', '>'], noReply: true },
  { sleep: 50 },
  ['XADD', 's', '4-0', 'f', 'v4'],
  { c: 'b', read: true },
  ['XPENDING', 's', 'g'],
  // nothing new: BLOCK with a timeout replies nil
  ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '20', 'STREAMS', 's', '>'],
  // timeouts
  { c: 'b', cmd: ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '30', 'STREAMS', 's', '>'], noReply: true },
  { c: 'b', read: true },
  // the group goes away
  { c: 'b', cmd: ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>'], noReply: true },
  { sleep: 50 },
  ['XGROUP', 'DESTROY', 's', 'g'],
  { c: 'b', read: true, why: WHY_RERUN, expect: "-NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option\r\n" },
  // several streams: served by the one that gets data
  ['DEL', 's'],
  ['XGROUP', 'CREATE', 's1', 'g', '$', 'MKSTREAM'], ['XGROUP', 'CREATE', 's2', 'g', '$', 'MKSTREAM'],
  { c: 'b', cmd: ['XREADGROUP', 'GROUP', 'g', 'x', 'BLOCK', '0', 'STREAMS', 's1', 's2', '>', '>'], noReply: true },
  { sleep: 50 },
  ['XADD', 's2', '7-0', 'k', 'v'],
  { c: 'b', read: true },
  ['PING'],
  { c: 'b', cmd: ['PING'] },
  { c: 'b', cmd: ['XREADGROUP', 'GROUP', 'g', 'x', 'BLOCK', '0', 'STREAMS', 's1', '0'] },
];


/** XINFO GROUPS without entries-read and lag (their 7.0 and newest rules differ after XDEL/XTRIM). */
const noLag: Norm = (b) => {
  const n = parse(b);
  for (const g of n.items ?? []) {
    if (!g.items) continue;
    const keep: Node[] = [];
    for (let i = 0; i + 1 < g.items.length; i += 2) {
      const k = g.items[i].data?.toString('latin1');
      if (k === 'entries-read' || k === 'lag') continue;
      keep.push(g.items[i], g.items[i + 1]);
    }
    g.items = keep;
  }
  return encode(n);
};

/**
 * A seeded random workload: entries added, deleted and trimmed while two groups deliver, re-read,
 * acknowledge, claim and auto-claim them. Consumers are created up front (7.2+ creates them on a
 * claim that claims nothing; 7.0 does not), min-idle is 0 (idle times are not compared) and
 * XINFO GROUPS is compared without entries-read and lag (checked by the scripts above).
 */
function randomWorkload(seed: number, n: number): Step[] {
  let x = seed;
  const rnd = (k: number) => { x = (x * 1103515245 + 12345) & 0x7fffffff; return x % k; };
  const pick = <T>(a: T[]) => a[rnd(a.length)];
  const groups = ['g1', 'g2'];
  const consumers = ['alice', 'bob', 'carol'];
  // small nodes, so that XINFO STREAM's radix-tree-keys/-nodes move with XDEL and XTRIM
  const steps: Step[] = [['CONFIG', 'SET', 'stream-node-max-entries', '3'], ['XGROUP', 'CREATE', 'w', 'g1', '0', 'MKSTREAM'], ['XGROUP', 'CREATE', 'w', 'g2', '$']];
  for (const g of groups) for (const c of consumers) steps.push(['XGROUP', 'CREATECONSUMER', 'w', g, c]);
  let ms = 1;
  const id = () => `${1 + rnd(ms + 1)}-${rnd(3)}`;
  for (let i = 0; i < n; i++) {
    const g = pick(groups), c = pick(consumers);
    switch (rnd(14)) {
      case 0: case 1: case 2:
        ms += 1 + rnd(2);
        steps.push(['XADD', 'w', `${ms}-${rnd(3)}`, 'f', String(i)]);
        break;
      case 3: steps.push(['XDEL', 'w', id(), id()]); break;
      case 4: steps.push(rnd(2) ? ['XTRIM', 'w', 'MAXLEN', String(rnd(12))] : ['XTRIM', 'w', 'MINID', id()]); break;
      case 5: case 6: steps.push(['XREADGROUP', 'GROUP', g, c, 'COUNT', String(1 + rnd(4)), ...(rnd(4) ? [] : ['NOACK']), 'STREAMS', 'w', '>']); break;
      case 7: steps.push(['XREADGROUP', 'GROUP', g, c, 'COUNT', String(rnd(4)), 'STREAMS', 'w', rnd(2) ? '0' : id()]); break;
      case 8: steps.push(['XACK', 'w', g, id(), id(), id()]); break;
      case 9: steps.push(['XCLAIM', 'w', g, c, '0', id(), id(), ...(rnd(2) ? ['JUSTID'] : []), ...(rnd(3) ? [] : ['FORCE'])]); break;
      case 10: steps.push(['XAUTOCLAIM', 'w', g, c, '0', rnd(2) ? '0' : id(), 'COUNT', String(1 + rnd(5)), ...(rnd(2) ? ['JUSTID'] : [])]); break;
      case 11: steps.push(rnd(2) ? ['XPENDING', 'w', g] : { cmd: ['XPENDING', 'w', g, '-', '+', '20', ...(rnd(2) ? [c] : [])], norm: pendIdle }); break;
      case 12: steps.push(rnd(2) ? { cmd: ['XINFO', 'GROUPS', 'w'], norm: noLag } : ['XINFO', 'STREAM', 'w']); break;
      case 13: steps.push(rnd(3) ? ['XGROUP', 'SETID', 'w', g, rnd(2) ? '0' : id()] : ['XGROUP', 'DELCONSUMER', 'w', g, c], ['XGROUP', 'CREATECONSUMER', 'w', g, c]); break;
    }
  }
  steps.push(['XPENDING', 'w', 'g1'], ['XPENDING', 'w', 'g2'], { cmd: ['XINFO', 'GROUPS', 'w'], norm: noLag }, ['XINFO', 'STREAM', 'w']);
  steps.push(['CONFIG', 'SET', 'stream-node-max-entries', '100']);
  return steps;
}

/** A blocked XREADGROUP whose key is deleted, overwritten by another type, or flushed away. */
const blockingKeyGone: Step[] = [
  ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
  { c: 'b', cmd: ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>'], noReply: true },
  { sleep: 50 },
  ['DEL', 's'],
  { c: 'b', read: true, why: WHY_RERUN, expect: "-NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option\r\n" },
  ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
  { c: 'b', cmd: ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>'], noReply: true },
  { sleep: 50 },
  ['SET', 's', 'x'],
  { c: 'b', read: true, why: WHY_RERUN, expect: '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n' },
  ['DEL', 's'],
  ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
  { c: 'b', cmd: ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>'], noReply: true },
  { sleep: 50 },
  ['FLUSHALL'],
  { c: 'b', read: true, why: WHY_RERUN, expect: "-NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option\r\n" },
  { c: 'b', cmd: ['PING'] },
];

defineDiffSuite('stream consumer groups vs redis-server', {
  'XGROUP subcommands and errors': xgroupBasics,
  ...both('XREADGROUP basics and errors', xreadgroupBasics),
  'XREADGROUP history with deleted entries, SETID, dry stream': history,
  'XACK and XPENDING': xackPending,
  ...both('XCLAIM', xclaim),
  ...both('XAUTOCLAIM', xautoclaim),
  ...both('XINFO', xinfo),
  ...both('group lag and entries-read', lag),
  ...both('XREADGROUP BLOCK', blocking),
  'XREADGROUP BLOCK woken by DEL, SET over the key, FLUSHALL': blockingKeyGone,
  'random workload (seed 1)': randomWorkload(1, 400),
  'random workload (seed 2)': randomWorkload(2, 400),
  'random workload (seed 3)': randomWorkload(3, 400),
});
