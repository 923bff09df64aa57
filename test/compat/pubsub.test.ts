// Differential: Pub/Sub against a real redis-server, byte for byte, RESP2 and RESP3.
// Subscription confirmations and counts, messages from PUBLISH / SPUBLISH and pattern matches, the
// RESP2 subscribed-context rules (PING's array reply, Redis's error for other commands), the
// unsubscribe-everything forms, and PUBSUB introspection. Connection `s` subscribes, `p` publishes.
// PUBSUB CHANNELS lists channels in hash order, which differs between the servers: compared sorted.
import { defineDiffSuite, type Step } from '../helpers/diff.ts';
import { sortArray } from '../helpers/norm.ts';

const S = (...cmd: string[]): Step => ({ c: 's', cmd });
const P = (...cmd: string[]): Step => ({ c: 'p', cmd });
const readS: Step = { c: 's', read: true };

const channels: Step[] = [
  S('SUBSCRIBE', 'ch1', 'ch2'), readS, S('SUBSCRIBE', 'ch1'),
  P('PUBLISH', 'ch1', 'hello'), readS, P('PUBLISH', 'ch2', ''), readS, P('PUBLISH', 'none', 'x'),
  S('PING'), S('PING', 'arg'), S('GET', 'k'), S('CLIENT', 'ID'), S('SET', 'k', 'v'),
  P('PUBSUB', 'NUMSUB', 'ch1', 'ch2', 'none'), { c: 'p', cmd: ['PUBSUB', 'CHANNELS'], norm: sortArray },
  { c: 'p', cmd: ['PUBSUB', 'CHANNELS', 'ch1*'], norm: sortArray }, P('PUBSUB', 'CHANNELS', 'zz*'),
  S('UNSUBSCRIBE', 'ch1', 'never'), readS, P('PUBLISH', 'ch1', 'gone'), P('PUBLISH', 'ch2', 'still'), readS,
  S('UNSUBSCRIBE'), S('UNSUBSCRIBE'), S('PING'), P('PUBSUB', 'NUMSUB', 'ch2'),
  // binary channel names and messages
  S('SUBSCRIBE', 'a\r\nb'), P('PUBLISH', 'a\r\nb', '\x00\xff'), readS, S('UNSUBSCRIBE', 'a\r\nb'),
];

const patterns: Step[] = [
  S('PSUBSCRIBE', 'news.*', 'h?llo', 'x[ab]'), readS, readS,
  P('PUBLISH', 'news.sport', 'goal'), readS, P('PUBLISH', 'hello', 'hi'), readS, P('PUBLISH', 'xa', '1'), readS,
  P('PUBLISH', 'xc', 'no'), P('PUBSUB', 'NUMPAT'),
  // a channel and a pattern both matching: two deliveries, counted twice
  S('SUBSCRIBE', 'news.tech'), P('PUBLISH', 'news.tech', 'ai'), readS, readS,
  S('PUNSUBSCRIBE', 'news.*'), P('PUBLISH', 'news.tech', 'only-channel'), readS, P('PUBSUB', 'NUMPAT'),
  S('PUNSUBSCRIBE', 'h?llo'), S('PUNSUBSCRIBE', 'x[ab]'), S('PUNSUBSCRIBE'), S('UNSUBSCRIBE', 'news.tech'), S('PING'),
];

const shard: Step[] = [
  S('SSUBSCRIBE', 'sh1', 'sh2'), readS, P('SPUBLISH', 'sh1', 'm'), readS, P('PUBLISH', 'sh1', 'not-shard'),
  S('PSUBSCRIBE', 's*'), P('SPUBLISH', 'sh2', 'pattern-free'), readS,
  P('PUBSUB', 'SHARDNUMSUB', 'sh1', 'sh3'), { c: 'p', cmd: ['PUBSUB', 'SHARDCHANNELS'], norm: sortArray },
  P('PUBSUB', 'SHARDCHANNELS', 'sh1'), S('SUNSUBSCRIBE', 'sh1'), S('SUNSUBSCRIBE', 'nope'), S('SUNSUBSCRIBE'),
  S('SUNSUBSCRIBE'), S('PUNSUBSCRIBE'), S('PING'),
];

const errorsAndReset: Step[] = [
  P('SUBSCRIBE'), P('PSUBSCRIBE'), P('PUBLISH', 'x'), P('PUBSUB'), P('PUBSUB', 'NOSUCH'), P('PUBSUB', 'NUMPAT', 'x'),
  P('PUBSUB', 'HELP'), P('UNSUBSCRIBE'), P('PUNSUBSCRIBE'), P('SUNSUBSCRIBE'),
  // RESET leaves the subscribed state silently
  S('SUBSCRIBE', 'r1'), S('PSUBSCRIBE', 'r*'), S('RESET'), P('PUBLISH', 'r1', 'x'), S('PING'),
  // a transaction may subscribe
  S('MULTI'), S('SUBSCRIBE', 'tx'), S('EXEC'), P('PUBLISH', 'tx', 'after-exec'), readS, S('UNSUBSCRIBE'),
];

defineDiffSuite('compat: pub/sub', { channels, patterns, shard, errorsAndReset });
