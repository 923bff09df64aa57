// Clients blocked on keys (BLPOP BRPOP BRPOPLPUSH BLMOVE BLMPOP; BZPOPMIN BZPOPMAX BZMPOP use the
// same API), served inside the core when their keys become ready.
//
// How to use it from a blocking command (Redis 7.2+ model: a served client re-runs its command)
// 1. Parse the timeout with getTimeoutArg(c, argIndex) (replies the error and returns false, or
//    leaves the absolute deadline in `timeoutArgVal`, 0 = forever).
// 2. Try to serve the client right away from the keys. If none is ready and
//    (c.flags & CF_DENY_BLOCKING) != 0 (MULTI, scripts), reply as on a timeout instead of blocking.
// 3. Otherwise call blockForKeys(c, btype, firstKeyArg, numKeys, timeoutArgVal) and return without
//    replying. btype is the object type served: BLOCKED_LIST / BLOCKED_ZSET (/ BLOCKED_STREAM).
// The serve callback is the blocked command itself: its id (c.curCmd) and argv stay with the client.
// When a key the client waits on is created (dbAdd signals it) and holds the right type, the client
// is unblocked and its command is run again from processCommand, with CF_REPROCESSING set: the
// handler then finds the data and replies as usual, or blocks again (keeping the original deadline).
// The same handler code therefore serves immediate and blocked calls, including BLMOVE chains (the
// push of one served BLMOVE makes the next key ready; handling continues until nothing is ready).
// On timeout every blocked type is replied a null array (as Redis does, BRPOPLPUSH/BLMOVE too).
//
// Lifecycle hooks (called by shared code):
//   signalKeyAsReady / blockingOnDbAdd   db.ts dbAdd: a key was created
//   blockingOnDbDelete / blockingOnDbFlush   db.ts: a key is deleted/overwritten, a db emptied
//   blockingOnSwapDb                     db.ts dbSwap: keys appeared in both databases
//   handleClientsBlockedOnKeys           dispatch.ts processCommand, after each top-level command
//   processUnblockedClients              server.ts feed()/cron(): run queued input of served clients
//   handleBlockedClientsTimeout          server.ts feed()/cron()
//   blockedClientFree                    client.ts clientFree (a disconnect leaves nothing behind)
//   unblockClientOnTimeout/OnError       CLIENT UNBLOCK (connection.ts)
//
// Structures (all under the root via Server.blocking)
//   Blocking (BLOCKING_SIZE bytes): counters, per-db dicts of blocked keys, the ready-key queue and
//   the queue of unblocked clients whose remaining input must be processed.
//   Blocked-key entry, in the db's dict, ds/entry.ts layout with meta 0:
//     [next u32][meta u32][klen u32][key bytes][head u32][tail u32][count u32][readyIdx u32]
//     head/tail -> waiter nodes in blocking order; readyIdx = 1 + position in the ready queue, or 0.
//   Waiter node (16 bytes): [prev u32][next u32][client u32][key entry u32]
//   BlockState (per blocked client, Client.bstate): [btype u32][db u32][timeout i64][nkeys u32]
//     [payload u32][nokey u32][pad u32][waiter u32 x nkeys]
//     payload: 0 or a block owned by the block state (see "Streams" below); nokey: 1 when the
//     client is also woken by its key being deleted or changing type (XREADGROUP).
//   Blocked-key entry value also carries [nokeyCount u32]: waiters with nokey set.
//
// Streams (XREAD / XREADGROUP)
// - A payload travels with the blocked client and survives the re-run: blockForKeysEx(..., payload,
//   nokey) hands a block from mem/alloc to the block state; while the served command runs again
//   (CF_REPROCESSING) blockedPayload() returns it. If the command blocks again passing the SAME
//   pointer, it stays alive; otherwise it is freed when the re-run ends. Timeouts, CLIENT UNBLOCK and
//   disconnects free it too. XREAD keeps there the IDs its `$` arguments had when it blocked, so a
//   re-run reads "entries after the last ID at blocking time" (Redis 7.2+ rewrites argv instead).
// - nokey waiters are also served when their key is deleted or replaced by another type:
//   signalDeletedKeyAsReady() queues such keys, and handleKey re-runs the command, which then
//   replies its error (-NOGROUP, -WRONGTYPE). INFO total_blocking_keys_on_nokey counts keys with
//   at least one nokey waiter.
// - getTimeoutArgMs: the BLOCK <milliseconds> argument (integer), Redis's UNIT_MILLISECONDS rules.
//
// Invariants
// - CF_BLOCKED <=> c.bstate != 0; the client is in the waiter list of each of its (distinct) keys.
// - A key entry exists while it has waiters; it is in the ready queue at most once.
// - A blocked client keeps the blocked command's argv and bytes in its query buffer (cmdStart) and
//   later input accumulates behind them; processInputBuffer does nothing while it is blocked.
//
// Deviations from Redis
// - Timeouts are checked when input arrives and from cron (hz), not on every event-loop turn, so a
//   deadline can be overshot by up to one cron period when the server is otherwise idle.
// - While served, a blocked command's first run is not timed for commandstats (calls are counted
//   once, when it finally replies, as in Redis).
import { Client, CF_BLOCKED, CF_UNBLOCKED, CF_REPROCESSING, CF_CLOSE_ASAP, CF_CLOSE_AFTER_REPLY, argPtr, argLen, resetClientRequest } from "./client";
import { S } from "./state";
import { alloc, free, realloc, allocZeroed } from "../mem/alloc";
import { Dict, dictNew, dictFindSlot, dictAdd, dictDelete, dictForEach } from "../ds/dict";
import { eKey, eKeyLen, eType, E_KLEN, E_BASE_HDR } from "../ds/entry";
import { Db, dbAt, dbFindRaw, isExpired, dbIndex } from "./db";
import { OBJ_LIST, OBJ_ZSET, OBJ_STREAM } from "./kv";
import { addReplyNullArray, addReplyError } from "./reply";
import { cmdStat } from "./commands";
import { processCommand } from "./dispatch";
import { processInputBuffer } from "./server";
import { hostClockUs } from "./host";
import { ldParse, ldMant, ldExp, ldNeg, ldKind, LD_INF } from "../util/longdouble";
import { string2ll, parsedInt } from "../util/numbers";

export const BLOCKED_NONE: u32 = 0;
export const BLOCKED_LIST: u32 = 1;
export const BLOCKED_ZSET: u32 = 2;
export const BLOCKED_STREAM: u32 = 3;
const NTYPES: u32 = 4;

@unmanaged class Blocking {
  blockedClients: u32;       // INFO blocked_clients
  byType0: u32; byType1: u32; byType2: u32; byType3: u32;  // blocked clients by btype
  keys: u32;                 // INFO total_blocking_keys (distinct keys over all dbs)
  inTimeout: u32;            // INFO clients_in_timeout_table
  dbs: u32;                  // -> u32[databases] Dict pointers (0 = none yet)
  ready: u32; readyLen: u32; readyCap: u32;   // -> (db u32, key entry u32) pairs
  unblocked: u32; unbLen: u32; unbCap: u32;   // -> Client pointers (0 = removed)
  handling: u32;
  keysOnNokey: u32;          // INFO total_blocking_keys_on_nokey
  minTimeout: i64;           // a lower bound of the deadlines of blocked clients (0 = none)
}
const BLOCKING_SIZE: u32 = offsetof<Blocking>();

@unmanaged class BlockState {
  btype: u32;
  db: u32;
  timeout: i64;
  nkeys: u32;
  payload: u32;
  nokey: u32;
  pad: u32;
}
const BSTATE_HDR: u32 = offsetof<BlockState>();

// waiter node fields
const W_PREV: u32 = 0;
const W_NEXT: u32 = 4;
const W_CLIENT: u32 = 8;
const W_KEY: u32 = 12;
const W_SIZE: u32 = 16;

// key entry value fields (after the key bytes)
const K_HEAD: u32 = 0;
const K_TAIL: u32 = 4;
const K_COUNT: u32 = 8;
const K_READY: u32 = 12;
const K_NOKEY: u32 = 16;
const K_VAL: u32 = 20;

@inline function B(): Blocking { return changetype<Blocking>(<usize>S().blocking); }
@inline function kval(e: usize): usize { return e + E_BASE_HDR + load<u32>(e + E_KLEN); }
@inline function bstateOf(c: Client): BlockState { return changetype<BlockState>(<usize>c.bstate); }
@inline function byTypeAddr(t: u32): usize { return changetype<usize>(B()) + offsetof<Blocking>("byType0") + (<usize>t << 2); }

function state(): Blocking {
  const s = S();
  if (s.blocking == 0) {
    const b = allocZeroed(BLOCKING_SIZE);
    s.blocking = <u32>b;
    changetype<Blocking>(b).dbs = <u32>allocZeroed(<u32>s.databases << 2);
  }
  return B();
}

@inline function dbDictAt(dbi: u32): usize { return load<u32>(<usize>B().dbs + (<usize>dbi << 2)); }

export function btypeOfObjType(t: u32): u32 {
  if (t == OBJ_LIST) return BLOCKED_LIST;
  if (t == OBJ_ZSET) return BLOCKED_ZSET;
  if (t == OBJ_STREAM) return BLOCKED_STREAM;
  return BLOCKED_NONE;
}

// ---- INFO -------------------------------------------------------------------------------------

export function blockedClientsCount(): u32 { return S().blocking == 0 ? 0 : B().blockedClients; }
export function blockingKeysCount(): u32 { return S().blocking == 0 ? 0 : B().keys; }
export function clientsInTimeoutTable(): u32 { return S().blocking == 0 ? 0 : B().inTimeout; }
export function blockingKeysOnNokeyCount(): u32 { return S().blocking == 0 ? 0 : B().keysOnNokey; }

// ---- timeout argument -------------------------------------------------------------------------

/** Absolute deadline in ms (0 = block forever) parsed by the last successful getTimeoutArg. */
export let timeoutArgVal: i64 = 0;

/**
 * Redis's getTimeoutFromObjectOrReply with seconds: a long double (strtold grammar: decimals,
 * exponents, hex, inf) times 1000, rounded up to whole ms (in 80-bit precision, like Redis).
 */
export function getTimeoutArg(c: Client, i: u32): bool {
  if (!ldParse(argPtr(c, i), argLen(c, i))) {
    addReplyError(c, "ERR timeout is not a float or out of range");
    return false;
  }
  let tval: i64 = 0;
  if (ldKind == LD_INF) {
    addReplyError(c, ldNeg ? "ERR timeout is negative" : "ERR timeout is out of range");
    return false;
  }
  if (ldMant != 0) {
    // value*1000 = P * 2^e with P = mant*1000 < 2^74, rounded to a 64-bit significand
    const m = ldMant;
    const lo = (m & 0xFFFFFFFF) * 1000;
    const hiPart = (m >> 32) * 1000 + (lo >> 32);
    let pHi = hiPart >> 32;                       // bits 64..
    let pLo = (hiPart << 32) | (lo & 0xFFFFFFFF);  // bits 0..63
    let e = ldExp;
    if (pHi != 0) {
      const extra = 64 - <i32>clz<u64>(pHi);      // bits above 64
      const mask = (<u64>1 << <u64>extra) - 1;
      const dropped = pLo & mask;
      let r = (pLo >> <u64>extra) | (pHi << <u64>(64 - extra));
      const half = <u64>1 << <u64>(extra - 1);
      if (dropped > half || (dropped == half && (r & 1) != 0)) {
        r++;
        if (r == 0) { r = <u64>1 << 63; e++; }
      }
      pLo = r; pHi = 0;
      e += extra;
    }
    // ceil of pLo * 2^e
    let ip: u64 = 0;
    let frac = false;
    let big = false;
    if (e >= 0) {
      if (e >= 64) big = true;
      else if (e > 0 && (pLo >> <u64>(64 - e)) != 0) big = true;
      else ip = pLo << <u64>e;
    } else if (e <= -64) {
      ip = 0; frac = true;
    } else {
      ip = pLo >> <u64>(-e);
      frac = (pLo & ((<u64>1 << <u64>(-e)) - 1)) != 0;
    }
    if (!ldNeg) {
      if (big || ip > <u64>i64.MAX_VALUE || (frac && ip == <u64>i64.MAX_VALUE)) {
        addReplyError(c, "ERR timeout is out of range");
        return false;
      }
      tval = <i64>ip + (frac ? 1 : 0);
    } else if (big || ip != 0) {
      addReplyError(c, "ERR timeout is negative");
      return false;
    }
  }
  return setDeadline(c, tval);
}

/** A relative timeout in ms (0 = forever) becomes the absolute deadline in `timeoutArgVal`. */
function setDeadline(c: Client, tval: i64): bool {
  if (tval > 0) {
    const now = S().nowMs;
    if (tval > i64.MAX_VALUE - now) { addReplyError(c, "ERR timeout is out of range"); return false; }
    tval += now;
  }
  timeoutArgVal = tval;
  return true;
}

/**
 * Redis's getTimeoutFromObjectOrReply with milliseconds (XREAD/XREADGROUP BLOCK): an integer; the
 * absolute deadline goes to `timeoutArgVal` (0 = forever).
 */
export function getTimeoutArgMs(c: Client, i: u32): bool {
  if (!string2ll(argPtr(c, i), argLen(c, i))) {
    addReplyError(c, "ERR timeout is not an integer or out of range");
    return false;
  }
  let tval = parsedInt;
  if (tval < 0) { addReplyError(c, "ERR timeout is negative"); return false; }
  return setDeadline(c, tval);
}

// ---- blocking ---------------------------------------------------------------------------------

/** Deadline kept when a served client blocks again while its command is re-run. */
let reprocessTimeout: i64 = 0;
/** Payload of the block being re-run (owned here until the re-run ends). */
let reprocessPayload: usize = 0;

/** While a served client re-runs its command: the payload it blocked with (else 0). */
export function blockedPayload(c: Client): usize {
  return (c.flags & CF_REPROCESSING) != 0 ? reprocessPayload : 0;
}

/**
 * Blocks `c` on argv[firstArg .. firstArg+numKeys) (duplicates count once) until one of them is
 * created with the type `btype` serves, or `timeout` (absolute ms, 0 = never) passes.
 */
export function blockForKeys(c: Client, btype: u32, firstArg: u32, numKeys: u32, timeout: i64): void {
  blockForKeysEx(c, btype, firstArg, numKeys, timeout, 0, false);
}

/**
 * blockForKeys with a payload (0 or a mem/alloc block, owned by the block state from now on; pass
 * blockedPayload(c) again to keep it across a re-run) and the nokey option (also wake the client
 * when a key is deleted or changes type).
 */
export function blockForKeysEx(c: Client, btype: u32, firstArg: u32, numKeys: u32, timeout: i64, payload: usize, nokey: bool): void {
  const st = state();
  const bs = changetype<BlockState>(alloc(BSTATE_HDR + (numKeys << 2)));
  bs.btype = btype;
  bs.db = c.db;
  bs.timeout = (c.flags & CF_REPROCESSING) != 0 ? reprocessTimeout : timeout;
  bs.nkeys = 0;
  bs.payload = <u32>payload;
  bs.nokey = nokey ? 1 : 0;
  let d = dbDictAt(c.db);
  if (d == 0) {
    d = changetype<usize>(dictNew());
    store<u32>(<usize>st.dbs + (<usize>c.db << 2), <u32>d);
  }
  const dict = changetype<Dict>(d);
  for (let j: u32 = 0; j < numKeys; j++) {
    const kp = argPtr(c, firstArg + j), kl = argLen(c, firstArg + j);
    const slot = dictFindSlot(dict, kp, kl);
    let ke: usize;
    if (slot != 0) {
      ke = <usize>load<u32>(slot);
      // this client's waiters are appended last, so a repeated key shows it at the tail
      const tail = <usize>load<u32>(kval(ke) + K_TAIL);
      if (tail != 0 && <usize>load<u32>(tail + W_CLIENT) == changetype<usize>(c)) continue;
    } else {
      ke = alloc(E_BASE_HDR + kl + K_VAL);
      store<u32>(ke, 0);
      store<u32>(ke + 4, 0);
      store<u32>(ke + E_KLEN, kl);
      memory.copy(ke + E_BASE_HDR, kp, kl);
      memory.fill(kval(ke), 0, K_VAL);
      dictAdd(dict, ke);
      st.keys++;
    }
    const kv = kval(ke);
    const w = alloc(W_SIZE);
    const tail = <usize>load<u32>(kv + K_TAIL);
    store<u32>(w + W_PREV, <u32>tail);
    store<u32>(w + W_NEXT, 0);
    store<u32>(w + W_CLIENT, <u32>changetype<usize>(c));
    store<u32>(w + W_KEY, <u32>ke);
    if (tail != 0) store<u32>(tail + W_NEXT, <u32>w); else store<u32>(kv + K_HEAD, <u32>w);
    store<u32>(kv + K_TAIL, <u32>w);
    store<u32>(kv + K_COUNT, load<u32>(kv + K_COUNT) + 1);
    if (nokey) {
      const nk = load<u32>(kv + K_NOKEY);
      if (nk == 0) st.keysOnNokey++;
      store<u32>(kv + K_NOKEY, nk + 1);
    }
    store<u32>(changetype<usize>(bs) + BSTATE_HDR + (<usize>bs.nkeys << 2), <u32>w);
    bs.nkeys++;
  }
  c.bstate = <u32>changetype<usize>(bs);
  c.flags |= CF_BLOCKED;
  st.blockedClients++;
  store<u32>(byTypeAddr(btype), load<u32>(byTypeAddr(btype)) + 1);
  if (bs.timeout != 0) {
    st.inTimeout++;
    if (st.minTimeout == 0 || bs.timeout < st.minTimeout) st.minTimeout = bs.timeout;
  }
}

/** Drops a key entry that has no waiters left. */
function releaseKeyEntry(dbi: u32, ke: usize): void {
  const st = B();
  const ridx = load<u32>(kval(ke) + K_READY);
  if (ridx != 0) store<u32>(<usize>st.ready + (<usize>(ridx - 1) << 3) + 4, 0);
  dictDelete(changetype<Dict>(dbDictAt(dbi)), eKey(ke), eKeyLen(ke));
  free(ke);
  st.keys--;
}

/** Removes c from every waiter list and clears its blocked state (no reply, no re-run). */
function releaseBlockState(c: Client): void {
  const st = B();
  const bs = bstateOf(c);
  for (let i: u32 = 0; i < bs.nkeys; i++) {
    const w = <usize>load<u32>(changetype<usize>(bs) + BSTATE_HDR + (<usize>i << 2));
    const ke = <usize>load<u32>(w + W_KEY);
    const kv = kval(ke);
    const prev = <usize>load<u32>(w + W_PREV), next = <usize>load<u32>(w + W_NEXT);
    if (prev != 0) store<u32>(prev + W_NEXT, <u32>next); else store<u32>(kv + K_HEAD, <u32>next);
    if (next != 0) store<u32>(next + W_PREV, <u32>prev); else store<u32>(kv + K_TAIL, <u32>prev);
    const cnt = load<u32>(kv + K_COUNT) - 1;
    store<u32>(kv + K_COUNT, cnt);
    if (bs.nokey != 0) {
      const nk = load<u32>(kv + K_NOKEY) - 1;
      store<u32>(kv + K_NOKEY, nk);
      if (nk == 0) st.keysOnNokey--;
    }
    free(w);
    if (cnt == 0) releaseKeyEntry(bs.db, ke);
  }
  st.blockedClients--;
  store<u32>(byTypeAddr(bs.btype), load<u32>(byTypeAddr(bs.btype)) - 1);
  if (bs.timeout != 0) st.inTimeout--;
  if (bs.payload != 0) free(<usize>bs.payload);
  free(changetype<usize>(bs));
  c.bstate = 0;
  c.flags &= ~CF_BLOCKED;
}

function queueForReprocessing(c: Client): void {
  if (c.flags & CF_UNBLOCKED) return;
  const st = B();
  c.flags |= CF_UNBLOCKED;
  if (st.unbLen == st.unbCap) {
    const ncap = st.unbCap == 0 ? 16 : st.unbCap * 2;
    st.unblocked = <u32>realloc(st.unblocked, ncap << 2);
    st.unbCap = ncap;
  }
  store<u32>(<usize>st.unblocked + (<usize>st.unbLen << 2), <u32>changetype<usize>(c));
  st.unbLen++;
}

/** Redis's updateStatsOnUnblock for a command that ends without being re-run. */
function statsOnUnblock(c: Client, failed: bool): void {
  if (c.curCmd < 0) return;
  const st = cmdStat(c.curCmd);
  store<u64>(st, load<u64>(st) + 1);
  if (failed) store<u64>(st + 24, load<u64>(st + 24) + 1);
  S().statNumCommands++;
}

export function unblockClientOnTimeout(c: Client): void {
  addReplyNullArray(c);
  statsOnUnblock(c, false);
  releaseBlockState(c);
  resetClientRequest(c);
  queueForReprocessing(c);
}

/** Unblocks with an error reply; `msg` is the full error text (e.g. "UNBLOCKED ..."). */
export function unblockClientOnError(c: Client, msg: string): void {
  addReplyError(c, msg);
  statsOnUnblock(c, true);
  releaseBlockState(c);
  resetClientRequest(c);
  queueForReprocessing(c);
}

/** A key of c's became ready: unblock it and run its command again. */
function unblockClientOnKey(c: Client): void {
  const bs = bstateOf(c);
  reprocessTimeout = bs.timeout;
  reprocessPayload = <usize>bs.payload;
  bs.payload = 0;
  releaseBlockState(c);
  c.flags |= CF_REPROCESSING;
  processCommand(c);
  c.flags &= ~CF_REPROCESSING;
  // the payload lives on only if the command blocked again with it
  if (reprocessPayload != 0 && ((c.flags & CF_BLOCKED) == 0 || <usize>bstateOf(c).payload != reprocessPayload)) {
    free(reprocessPayload);
  }
  reprocessPayload = 0;
  if ((c.flags & CF_BLOCKED) == 0) {
    resetClientRequest(c);
    queueForReprocessing(c);
  }
}

/** client.ts clientFree: forget everything about a client going away. */
export function blockedClientFree(c: Client): void {
  if (S().blocking == 0) return;
  if (c.flags & CF_BLOCKED) releaseBlockState(c);
  if (c.flags & CF_UNBLOCKED) {
    const st = B();
    const cp = <u32>changetype<usize>(c);
    for (let i: u32 = 0; i < st.unbLen; i++) {
      const a = <usize>st.unblocked + (<usize>i << 2);
      if (load<u32>(a) == cp) store<u32>(a, 0);
    }
    c.flags &= ~CF_UNBLOCKED;
  }
}

// ---- ready keys -------------------------------------------------------------------------------

/** A key of type `objType` was created in db `dbi`: queue it if clients wait for it. */
export function signalKeyAsReady(dbi: u32, kp: usize, kl: u32, objType: u32): void {
  if (S().blocking == 0) return;
  const bt = btypeOfObjType(objType);
  if (bt == BLOCKED_NONE || load<u32>(byTypeAddr(bt)) == 0) return;
  const d = dbDictAt(dbi);
  if (d == 0) return;
  const slot = dictFindSlot(changetype<Dict>(d), kp, kl);
  if (slot == 0) return;
  queueReady(dbi, <usize>load<u32>(slot));
}

/**
 * A key of type `objType` was deleted or overwritten in db `dbi` (Redis's signalDeletedKeyAsReady):
 * queue it if clients wait on it with the nokey option (XREADGROUP), so their re-run reports it.
 */
export function signalDeletedKeyAsReady(dbi: u32, kp: usize, kl: u32, objType: u32): void {
  if (S().blocking == 0 || B().keysOnNokey == 0) return;
  if (btypeOfObjType(objType) == BLOCKED_NONE) return;
  const d = dbDictAt(dbi);
  if (d == 0) return;
  const slot = dictFindSlot(changetype<Dict>(d), kp, kl);
  if (slot == 0) return;
  const ke = <usize>load<u32>(slot);
  if (load<u32>(kval(ke) + K_NOKEY) != 0) queueReady(dbi, ke);
}

function scanDeletedEntry(ke: usize, ctx: usize): void {
  if (load<u32>(kval(ke) + K_NOKEY) == 0) return;
  const e = dbFindRaw(dbAt(scanDbi), eKey(ke), eKeyLen(ke));
  if (e == 0 || eType(e) != OBJ_STREAM) queueReady(scanDbi, ke);
}

/**
 * Redis's scanDatabaseForDeletedKeys: after FLUSHDB/FLUSHALL/SWAPDB, queues every key of db `dbi`
 * with nokey waiters that is now missing or no longer a stream.
 */
export function scanDatabaseForDeletedKeys(dbi: u32): void {
  if (S().blocking == 0 || B().keysOnNokey == 0) return;
  const d = dbDictAt(dbi);
  if (d == 0) return;
  scanDbi = dbi;
  dictForEach(changetype<Dict>(d), scanDeletedEntry, 0);
}

function queueReady(dbi: u32, ke: usize): void {
  const st = B();
  const kv = kval(ke);
  if (load<u32>(kv + K_READY) != 0) return;
  if (st.readyLen == st.readyCap) {
    const ncap = st.readyCap == 0 ? 16 : st.readyCap * 2;
    st.ready = <u32>realloc(st.ready, ncap << 3);
    st.readyCap = ncap;
  }
  const at = <usize>st.ready + (<usize>st.readyLen << 3);
  store<u32>(at, dbi);
  store<u32>(at + 4, <u32>ke);
  st.readyLen++;
  store<u32>(kv + K_READY, st.readyLen);
}


/** db.ts dbAdd hook: entry `e` was just added to `db`. */
export function blockingOnDbAdd(db: Db, e: usize): void {
  if (S().blocking == 0) return;
  signalKeyAsReady(dbIndex(db), eKey(e), eKeyLen(e), eType(e));
}

let scanDbi: u32 = 0;
function scanReadyEntry(ke: usize, ctx: usize): void {
  const e = dbFindRaw(dbAt(scanDbi), eKey(ke), eKeyLen(ke));
  if (e != 0) signalKeyAsReady(scanDbi, eKey(ke), eKeyLen(ke), eType(e));
}

/** Signals every blocked-on key that exists in db `dbi` (after SWAPDB). */
export function scanDatabaseForReadyKeys(dbi: u32): void {
  if (S().blocking == 0) return;
  const d = dbDictAt(dbi);
  if (d == 0) return;
  scanDbi = dbi;
  dictForEach(changetype<Dict>(d), scanReadyEntry, 0);
}

/** db.ts dbSwap hook: blocked clients stay on their db index and may now find their keys. */
export function blockingOnSwapDb(a: Db, b: Db): void {
  if (S().blocking == 0) return;
  scanDatabaseForReadyKeys(dbIndex(a));
  scanDatabaseForReadyKeys(dbIndex(b));
  scanDatabaseForDeletedKeys(dbIndex(a));
  scanDatabaseForDeletedKeys(dbIndex(b));
}

/**
 * db.ts hook: entry `e` is leaving `db` (DEL/UNLINK, expiry, overwrite, RENAME/MOVE source) -- call
 * before freeing it. Wakes XREADGROUP-style (nokey) waiters of a stream key (Redis's
 * signalDeletedKeyAsReady).
 */
export function blockingOnDbDelete(db: Db, e: usize): void {
  if (S().blocking == 0 || B().keysOnNokey == 0) return;
  signalDeletedKeyAsReady(dbIndex(db), eKey(e), eKeyLen(e), eType(e));
}

/** db.ts hook: `db` was emptied (FLUSHDB / FLUSHALL). */
export function blockingOnDbFlush(db: Db): void {
  if (S().blocking == 0 || B().keysOnNokey == 0) return;
  scanDatabaseForDeletedKeys(dbIndex(db));
}

@inline export function readyKeysPending(): bool {
  return S().blocking != 0 && B().readyLen > 0;
}

/** Serves the clients blocked on one ready key, in the order they blocked. */
function handleKey(dbi: u32, ke: usize): void {
  const kl = eKeyLen(ke);
  const key = alloc(kl == 0 ? 1 : kl);
  memory.copy(key, eKey(ke), kl);
  const kv = kval(ke);
  let count = load<u32>(kv + K_COUNT);
  let w = <usize>load<u32>(kv + K_HEAD);
  const db = dbAt(dbi);
  while (w != 0 && count > 0) {
    count--;
    // the next waiter belongs to another client: re-running this one cannot free it
    const next = <usize>load<u32>(w + W_NEXT);
    const rc = changetype<Client>(<usize>load<u32>(w + W_CLIENT));
    // as Redis's LOOKUP_NOEFFECTS: an expired key is absent but is not deleted here
    let o = dbFindRaw(db, key, kl);
    if (o != 0 && isExpired(o, S().nowMs)) o = 0;
    if ((rc.flags & (CF_CLOSE_ASAP | CF_CLOSE_AFTER_REPLY)) == 0) {
      const bs = bstateOf(rc);
      const matches = o != 0 && bs.btype == btypeOfObjType(eType(o));
      if (matches || bs.nokey != 0) unblockClientOnKey(rc);
    }
    w = next;
  }
  free(key);
}

/** Serves clients of every ready key, including keys made ready while serving (BLMOVE chains). */
export function handleClientsBlockedOnKeys(): void {
  if (S().blocking == 0) return;
  const st = B();
  if (st.handling != 0) return;
  st.handling = 1;
  let i: u32 = 0;
  while (i < st.readyLen) {
    const at = <usize>st.ready + (<usize>i << 3);
    const dbi = load<u32>(at);
    const ke = <usize>load<u32>(at + 4);
    i++;
    if (ke == 0) continue;
    store<u32>(kval(ke) + K_READY, 0);
    store<u32>(at + 4, 0);
    handleKey(dbi, ke);
  }
  st.readyLen = 0;
  st.handling = 0;
}

/** Processes the input that accumulated while served clients were blocked. */
export function processUnblockedClients(): void {
  if (S().blocking == 0) return;
  const st = B();
  if (st.unbLen == 0) return;
  let i: u32 = 0;
  while (i < st.unbLen) {
    const cp = <usize>load<u32>(<usize>st.unblocked + (<usize>i << 2));
    i++;
    if (cp == 0) continue;
    store<u32>(<usize>st.unblocked + (<usize>(i - 1) << 2), 0);
    const c = changetype<Client>(cp);
    c.flags &= ~CF_UNBLOCKED;
    if ((c.flags & CF_BLOCKED) == 0) processInputBuffer(c);
  }
  st.unbLen = 0;
}

/**
 * Times out blocked clients whose deadline has passed. Deadlines come from the command clock
 * (hostClockUs), so they are checked against that clock, not against the caller's `nowMs` (cron is
 * passed the host's wall clock, which can drift from it).
 */
export function handleBlockedClientsTimeout(nowMs: i64): void {
  if (S().blocking == 0) return;
  const st = B();
  if (st.inTimeout == 0 || st.minTimeout == 0) return;
  nowMs = <i64>hostClockUs() / 1000;
  if (st.minTimeout >= nowMs) return;
  const s = S();
  let next: i64 = 0;
  for (let slot: u32 = 0; slot < s.clientsCap; slot++) {
    const p = load<u32>(<usize>s.clients + (<usize>slot << 2));
    if (p == 0) continue;
    const c = changetype<Client>(<usize>p);
    if ((c.flags & CF_BLOCKED) == 0) continue;
    const t = bstateOf(c).timeout;
    if (t == 0) continue;
    if (t < nowMs) unblockClientOnTimeout(c);
    else if (next == 0 || t < next) next = t;
  }
  st.minTimeout = next;
}
