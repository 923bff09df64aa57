// Server lifecycle inside the core: initialisation, feeding socket bytes, and cron.
import { multiMemory } from "./multi";
import { logQueryBufLimitReached } from "./clientlist";
import { performEvictions, armMemoryReserve } from "./evict";
import { pauseActive } from "./pause";
import { trackingBeforeSleep } from "./tracking";
import { ROOT, A_SERVER, A_INIT } from "../mem/root";
import { allocInit, allocZeroed, alloc, free } from "../mem/alloc";
import { S, Server, SCRATCH_SIZE, rand32 } from "./state";
import { Client, clientAt, qbufReserve, REQ_NONE, REQ_MULTIBULK, CF_CLOSE_AFTER_REPLY, CF_CLOSE_ASAP, CF_PENDING, markPending, CF_MONITOR, CF_BLOCKED, CF_POSTPONED, CF_HOST_WAIT, CF_AUTHENTICATED, resetClientRequest } from "./client";
import { parseMultibulk, parseInline, requestType } from "./resp";
import { processCommand, settleUntimed, untimedInit } from "./dispatch";
import { configDefaults } from "./config";
import { dbsInit, dbAt, dbDict, expIndexGet, isExpired, dbDelete, dbDeleteExpired } from "./db";
import { errStatsInit } from "./errorstats";
import { cmdStatsInit } from "./commands";
import { registerAll } from "./table";
import { setHashSeed } from "../util/hash";
import { dictRehash, dictResizeIfNeeded } from "../ds/dict";
import { eKey, eKeyLen } from "../ds/entry";
import { hostClockUs, readClock } from "./host";
import { processUnblockedClients, handleBlockedClientsTimeout } from "./blocking";
import { hashActiveExpireCycle } from "../types/hashes";

export const IO_BUF_SIZE: u32 = 1 << 20;
const ioBuf: usize = memory.data(IO_BUF_SIZE, 16);
export function ioBuffer(): usize { return ioBuf; }

const SERVER_SIZE: u32 = offsetof<Server>();

/** Primary-instance initialisation: allocator, server struct, command table. */
export function serverInit(seed: u32, seed2: u32): void {
  memory.fill(ROOT + 0, 0, 8); // allocator starts fresh
  allocInit();
  const s = allocZeroed(SERVER_SIZE);
  store<u32>(ROOT + A_SERVER, <u32>s);
  const srv = S();
  configDefaults();
  srv.rngState = (<u64>seed << 32) | <u64>seed2 | 1;
  setHashSeed(seed ^ 0x5bd1e995);
  srv.scratch = <u32>alloc(SCRATCH_SIZE);
  registerAll();
  cmdStatsInit();
  untimedInit();
  errStatsInit();
  srv.slowlogMaxLen = 128;
  store<u32>(ROOT + A_INIT, 1);
}

/** Creates the databases; called once the host has pushed `databases`. */
export function serverInitDbs(nowMs: i64): void {
  const s = S();
  dbsInit(<u32>s.databases);
  s.startMs = nowMs;
  updateTime(nowMs);
}

@inline function updateTime(nowMs: i64): void {
  const s = S();
  s.nowMs = nowMs;
  s.nowUs = nowMs * 1000;
  s.lruClock = <u32>((nowMs / 1000) & 0xffffff);
}

/** The host copied `len` bytes into the io buffer for client `slot`: parse and execute them. */
export function feed(slot: u32, len: u32): u32 {
  const s = S();
  const c = clientAt(slot);
  s.lastCmdEndUs = readClock();
  c.lastInteractionMs = s.nowMs;
  if ((c.flags & (CF_CLOSE_AFTER_REPLY | CF_CLOSE_ASAP)) != 0) return s.pendingLen;
  const dst = qbufReserve(c, len);
  if (dst == 0) { closeAsap(c); return s.pendingLen; }
  memory.copy(dst, ioBuf, len);
  c.qlen += len;
  c.netIn += len;
  s.statNetInput += len;
  pauseActive(); // a pause whose time is over ends before this input runs
  if (queryBufOverLimit(c)) return s.pendingLen;
  processInputBuffer(c);
  return afterInput(c);
}

/**
 * client-query-buffer-limit, checked as Redis does after each read and before parsing: the
 * unprocessed input plus the arguments queued by MULTI may not pass the limit (1 MiB for a client
 * that still has to AUTH). Over it, the client is closed at once with Redis's log line.
 */
function queryBufOverLimit(c: Client): bool {
  const s = S();
  const size = <i64>(c.qlen - c.cmdStart) + <i64>multiMemory(c);
  const unauth = s.requirepass != 0 && (c.flags & CF_AUTHENTICATED) == 0;
  if (size <= s.queryBufLimit && !(unauth && size > 1024 * 1024)) return false;
  logQueryBufLimitReached(c);
  s.statClientQbufLimitDisc++;
  closeAsap(c);
  return true;
}

/**
 * The host has replied to the client's asynchronous host command (CF_HOST_WAIT): the input that
 * arrived meanwhile runs now. Returns the number of pending clients, as feed does.
 */
export function hostResume(slot: u32): u32 {
  const s = S();
  const c = clientAt(slot);
  readClock();
  c.flags &= ~CF_HOST_WAIT;
  markPending(c);
  if ((c.flags & (CF_CLOSE_AFTER_REPLY | CF_CLOSE_ASAP)) != 0) return s.pendingLen;
  processInputBuffer(c);
  return afterInput(c);
}

function afterInput(c: Client): u32 {
  const s = S();
  // a CONFIG SET maxmemory in this input takes effect now, not at the next cron tick
  if (s.evictSoon != 0) { s.evictSoon = 0; if (s.maxmemory > 0) performEvictions(); }
  handleBlockedClientsTimeout(s.nowMs);
  processUnblockedClients();
  trackingBeforeSleep();
  if (s.untimed > 0) settleUntimed();
  return s.pendingLen;
}

export function closeAsap(c: Client): void {
  c.flags |= CF_CLOSE_ASAP;
  markPending(c);
}

export function processInputBuffer(c: Client): void {
  while (c.qpos < c.qlen) {
    if ((c.flags & (CF_CLOSE_AFTER_REPLY | CF_CLOSE_ASAP | CF_BLOCKED | CF_POSTPONED | CF_HOST_WAIT)) != 0) break;
    if (c.reqType == REQ_NONE) c.reqType = requestType(c);
    const ok = c.reqType == REQ_MULTIBULK ? parseMultibulk(c) : parseInline(c);
    if (!ok) break;
    if (c.argc > 0) processCommand(c);
    // a blocked (or postponed) command keeps its argv (and bytes, from cmdStart) until it is served
    if ((c.flags & (CF_BLOCKED | CF_POSTPONED)) != 0) break;
    resetClientRequest(c);
  }
  if ((c.flags & CF_CLOSE_AFTER_REPLY) != 0 && c.olen == 0) markPending(c);
  compactQueryBuffer(c);
}

function compactQueryBuffer(c: Client): void {
  if (c.qpos >= c.qlen && c.multibulkLen == 0 && c.reqType == REQ_NONE) {
    c.qpos = 0; c.qlen = 0; c.cmdStart = 0;
    if (c.qcap > 32768) { if (c.qlen > c.qbufPeak) c.qbufPeak = c.qlen; free(c.qbuf); c.qbuf = 0; c.qcap = 0; }
    return;
  }
  const start = c.cmdStart;
  if (start == 0) return;
  const rest = c.qlen - start;
  memory.copy(<usize>c.qbuf, <usize>c.qbuf + start, rest);
  for (let i: u32 = 0; i < c.argc; i++) {
    const a = <usize>c.argv + (<usize>i << 3);
    store<u32>(a, load<u32>(a) - start);
  }
  c.qlen = rest;
  c.qpos -= start;
  c.cmdStart = 0;
}

// ---- cron -------------------------------------------------------------------------------------

const ACTIVE_EXPIRE_KEYS_PER_LOOP: u32 = 20;
const ACTIVE_EXPIRE_STALE_PERC: u32 = 10;
const ACTIVE_EXPIRE_SLOW_CPU_PERC: u32 = 25;

/** Called by the host `hz` times per second. Returns the number of pending clients. */
export function cron(hostNowMs: i64): u32 {
  const s = S();
  // One clock for everything: TTLs and deadlines are computed from clock_us during commands, so
  // cron reads the same clock rather than trusting the host's (possibly drifting) Date.now().
  const nowMs = <i64>hostClockUs() / 1000;
  updateTime(nowMs);
  if (s.cronPaused != 0) return s.pendingLen;
  s.cronLoops++;
  clientsCron(nowMs);
  handleBlockedClientsTimeout(nowMs);
  processUnblockedClients();
  // no key expires while clients are paused (Redis skips both active and lazy expiry)
  if (s.activeExpireEnabled && !pauseActive()) { activeExpireCycle(); hashActiveExpireCycle(); }
  // a lowered maxmemory, or an eviction cut short by its time limit, goes on here
  if (s.maxmemory > 0 || s.evictionExceededStartUs != 0) performEvictions();
  armMemoryReserve();
  trackingBeforeSleep();
  databasesCron();
  return s.pendingLen;
}

function clientsCron(nowMs: i64): void {
  const s = S();
  if (s.timeoutSec == 0) return;
  const limit = <i64>s.timeoutSec * 1000;
  for (let slot: u32 = 0; slot < s.clientsCap; slot++) {
    const p = load<u32>(<usize>s.clients + (<usize>slot << 2));
    if (p == 0) continue;
    const c = changetype<Client>(<usize>p);
    if ((c.flags & (CF_MONITOR | CF_BLOCKED)) != 0) continue;
    if (nowMs - c.lastInteractionMs > limit) closeAsap(c);
  }
}

function databasesCron(): void {
  const s = S();
  for (let i: u32 = 0; i < <u32>s.databases; i++) {
    const d = dbDict(dbAt(i));
    dictResizeIfNeeded(d);
    dictRehash(d, 100);
  }
}

/**
 * Redis-like adaptive active expiry: per db, sample keys with a TTL and delete expired ones, and
 * repeat while more than the acceptable stale share of the sample had expired, within a time budget
 * of ACTIVE_EXPIRE_SLOW_CPU_PERC of the cron period.
 */
export function activeExpireCycle(): void {
  const s = S();
  const effort = s.activeExpireEffort == 0 ? 0 : s.activeExpireEffort - 1;
  const perLoop = ACTIVE_EXPIRE_KEYS_PER_LOOP + ACTIVE_EXPIRE_KEYS_PER_LOOP / 4 * effort;
  const stalePerc = ACTIVE_EXPIRE_STALE_PERC - effort;
  const budgetUs = <i64>(1000000 * ACTIVE_EXPIRE_SLOW_CPU_PERC / <u32>max<i32>(s.hz, 1) / 100);
  const start = <i64>hostClockUs();
  const now = s.nowMs;
  let totalSampled: u64 = 0, totalExpired: u64 = 0;
  for (let k: u32 = 0; k < <u32>s.databases; k++) {
    const db = dbAt((s.activeExpireDb + k) % <u32>s.databases);
    let iterations: u32 = 0;
    while (db.expLen > 0) {
      let sampled: u32 = 0, expired: u32 = 0;
      const n = min<u32>(perLoop, db.expLen);
      for (let j: u32 = 0; j < n && db.expLen > 0; j++) {
        const e = expIndexGet(db, rand32() % db.expLen);
        sampled++;
        if (isExpired(e, now)) {
          dbDeleteExpired(db, e);
          expired++;
        }
      }
      totalSampled += sampled; totalExpired += expired;
      iterations++;
      if ((iterations & 15) == 0 && <i64>hostClockUs() - start > budgetUs) { s.statExpiredTimeCapReached++; break; }
      if (sampled == 0 || expired * 100 / sampled <= stalePerc) break;
    }
  }
  s.activeExpireDb = (s.activeExpireDb + 1) % <u32>max<i32>(s.databases, 1);
  if (totalSampled > 0) {
    const perc = <f64>totalExpired / <f64>totalSampled;
    s.statExpiredStalePerc = perc * 0.05 + s.statExpiredStalePerc * 0.95;
  }
}
