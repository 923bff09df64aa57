// Differential: MULTI / EXEC / DISCARD against a real redis-server, byte for byte, RESP2 and RESP3.
// Queueing replies, errors while queueing (EXECABORT), runtime errors inside EXEC, blocking
// commands inside a transaction (they answer as on a timeout), OOM while queueing and at EXEC.
import { defineDiffSuite, type Step } from '../helpers/diff.ts';

const basics: Step[] = [
  ['MULTI'], ['SET', 'a', '1'], ['INCR', 'a'], ['GET', 'a'], ['EXEC'], ['GET', 'a'],
  ['MULTI'], ['EXEC'],
  ['EXEC'], ['DISCARD'],
  ['MULTI'], ['SET', 'b', 'x'], ['DISCARD'], ['EXISTS', 'b'], ['EXEC'],
  // nested MULTI is refused without aborting the transaction
  ['MULTI'], ['MULTI'], ['SET', 'c', '1'], ['EXEC'], ['GET', 'c'],
  // SELECT inside the transaction switches the db for what follows, and stays switched
  ['MULTI'], ['SELECT', '1'], ['SET', 'd', 'one'], ['SELECT', '0'], ['SET', 'd', 'zero'], ['EXEC'],
  ['GET', 'd'], ['SELECT', '1'], ['GET', 'd'], ['SELECT', '0'],
  // replies of every type inside the EXEC array
  ['RPUSH', 'l', 'a', 'b', 'c'], ['HSET', 'h', 'f', 'v'],
  ['MULTI'], ['LRANGE', 'l', '0', '-1'], ['HGETALL', 'h'], ['GET', 'nokey'], ['ZSCORE', 'nokey', 'm'], ['PING'], ['ECHO', 'e'],
  ['LLEN', 'l'], ['EXEC'],
];

const queueErrors: Step[] = [
  ['MULTI'], ['SET', 'a'], ['SET', 'a', '1'], ['EXEC'], ['EXISTS', 'a'],
  ['MULTI'], ['NOSUCHCMD', 'x'], ['SET', 'a', '1'], ['EXEC'], ['EXISTS', 'a'],
  ['MULTI'], ['CONFIG', 'NOSUCHSUB'], ['EXEC'],
  ['MULTI'], ['SHUTDOWN'], ['SET', 'a', '1'], ['EXEC'], ['EXISTS', 'a'],
  // after a queueing error DISCARD still works and leaves MULTI
  ['MULTI'], ['GET'], ['DISCARD'], ['EXEC'],
];

const runtimeErrors: Step[] = [
  ['SET', 's', 'str'],
  ['MULTI'], ['INCR', 's'], ['LPUSH', 's', 'x'], ['SET', 'n', '5'], ['INCRBY', 'n', 'x'], ['INCR', 'n'], ['EXEC'],
  ['GET', 'n'], ['GET', 's'],
];

const blocking: Step[] = [
  ['MULTI'], ['BLPOP', 'empty', '0'], ['BRPOPLPUSH', 'empty', 'dst', '0'], ['BZPOPMIN', 'empty', '0'], ['BLMPOP', '0', '1', 'empty', 'LEFT'],
  ['EXEC'],
  ['RPUSH', 'l', 'v'],
  ['MULTI'], ['BLPOP', 'l', '0'], ['BLPOP', 'l', '0'], ['EXEC'],
];

const oom: Step[] = [
  ['SET', 'k', 'v'],
  // a write queued while over maxmemory is refused and aborts the transaction
  ['CONFIG', 'SET', 'maxmemory', '1'], ['MULTI'], ['SET', 'x', '1'], ['GET', 'k'], ['EXEC'],
  // reads alone run
  ['MULTI'], ['GET', 'k'], ['EXEC'],
  ['CONFIG', 'SET', 'maxmemory', '0'],
  // queued while memory was fine, then EXEC when it is not: EXECABORT with the reason
  ['MULTI'], ['SET', 'x', '1'],
  { c: 'b', cmd: ['CONFIG', 'SET', 'maxmemory', '1'] },
  ['EXEC'], ['EXISTS', 'x'],
  { c: 'b', cmd: ['CONFIG', 'SET', 'maxmemory', '0'] },
];

const resetAndQuit: Step[] = [
  ['MULTI'], ['SET', 'a', '1'], ['RESET'], ['EXEC'], ['EXISTS', 'a'],
  ['MULTI'], ['SET', 'a', '1'], { cmd: ['QUIT'], closes: true },
  { c: 'b', cmd: ['EXISTS', 'a'] },
];

// min-replicas-to-write with a lag: no replica is connected, so writes get NOREPLICAS, a queued
// write makes EXEC abort, and a change of the setting between queueing and EXEC is seen at EXEC
const noReplicas: Step[] = [
  ['CONFIG', 'SET', 'min-replicas-to-write', '2'], ['CONFIG', 'SET', 'min-replicas-max-lag', '10'],
  ['SET', 'a', '1'], ['GET', 'a'], ['PING'],
  ['MULTI'], ['SET', 'b', '1'], ['EXEC'],
  ['MULTI'], ['GET', 'a'], ['EXEC'],
  ['CONFIG', 'SET', 'min-replicas-max-lag', '0'], ['SET', 'a', 'lag0'],
  ['CONFIG', 'SET', 'min-replicas-max-lag', '10'], ['CONFIG', 'SET', 'min-replicas-to-write', '0'],
  ['MULTI'], ['SET', 'c', '1'],
  { c: 'b', cmd: ['CONFIG', 'SET', 'min-replicas-to-write', '1'] },
  ['EXEC'], ['EXISTS', 'c'],
  ['CONFIG', 'SET', 'min-replicas-to-write', '0'], ['SET', 'c', '2'],
];

defineDiffSuite('compat: transactions', { basics, queueErrors, runtimeErrors, blocking, oom, resetAndQuit, noReplicas });
