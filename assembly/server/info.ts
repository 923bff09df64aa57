// INFO, the values the host provides for it, instantaneous metrics and CONFIG RESETSTAT.
//
// The core renders every INFO section itself. Values only the host can know (process id, RSS, CPU
// times, the executable, persistence and replication state owned by host code) are pushed in through
// info_set_num/info_set_str (index.ts) under the ids below; host/info.ts mirrors them. A value the
// host never pushed prints as its Redis default.
//
// HostInfo layout (HI_SIZE bytes, allocated once by infoInit, owned by the server via Server.hostInfo):
//   0               nums f64[HI_NUMS]
//   HI_STRS_OFF     strs [ptr u32, len u32][HI_STRS]; ptr is an owned copy, 0 means "unset"
//   HI_MET_OFF      metrics [MET_COUNT] x MET_SIZE: lastTime i64, lastValue i64, idx u32, pad u32,
//                   samples i64[MET_SAMPLES]   (Redis's instantaneous_* metrics, sampled every 100 ms)
//   HI_STARTUP_OFF  startupUsed u64 (used_memory once the server finished initialising)
import { currentEvictionExceededMs, policyName } from "./evict";
import { Client, argPtr, argLen, CLIENT_SIZE } from "./client";
import { S } from "./state";
import { hashStatExpiredSubkeys, hashSubexpiryCount, hashResetStats } from "../types/hashes";
import { rand32 } from "./state";
import { alloc, allocZeroed, free, realloc, usedMemory, peakMemory, heapTop, blockSize } from "../mem/alloc";
import { ll2string, ull2string } from "../util/numbers";
import { eqLit, bytesCmp } from "../util/bytes";
import { addReplyVerbatim } from "./reply";
import { def, Command, topLevel, cmdStat, cmdStatsReset, CMD_LOADING, CMD_STALE, CMD_SENTINEL } from "./commands";
import { errStatsReset, ERRSTAT_MAX, ERRSTAT_ENTRY } from "./errorstats";
import { dbAt, dbDict, dbCount, Db, expIndexGet } from "./db";
import { dictBuckets, dictIsRehashing, DICT_SIZE } from "../ds/dict";
import { eExpireAt } from "../ds/entry";
import { SERVER_VERSION } from "./connection";
import { trackingClients, trackingTotalKeys, trackingTotalItems, trackingTotalPrefixes } from "./tracking";
import { watchingClients } from "./watch";
import { pubsubChannelCount, pubsubPatternCount, pubsubShardChannelCount, pubsubClientsCount } from "./pubsub";
import { blockedClientsCount, blockingKeysCount, clientsInTimeoutTable, blockingKeysOnNokeyCount } from "./blocking";

// ---- host-provided numbers (ids mirrored in host/info.ts) -------------------------------------
export const HN_PROCESS_ID: i32 = 0;
export const HN_TCP_PORT: i32 = 1;
export const HN_ARCH_BITS: i32 = 2;
export const HN_USED_MEMORY_RSS: i32 = 3;
export const HN_TOTAL_SYSTEM_MEMORY: i32 = 4;
export const HN_CPU_SYS_US: i32 = 5;            // CPU times in microseconds
export const HN_CPU_USER_US: i32 = 6;
export const HN_CPU_SYS_CHILDREN_US: i32 = 7;
export const HN_CPU_USER_CHILDREN_US: i32 = 8;
export const HN_CPU_SYS_MAIN_US: i32 = 9;
export const HN_CPU_USER_MAIN_US: i32 = 10;
export const HN_LASTSAVE: i32 = 11;              // unix seconds; default: server start time
export const HN_LOADING: i32 = 12;
export const HN_ASYNC_LOADING: i32 = 13;
export const HN_RDB_BGSAVE_IN_PROGRESS: i32 = 14;
export const HN_RDB_LAST_BGSAVE_TIME_SEC: i32 = 15;
export const HN_RDB_CURRENT_BGSAVE_TIME_SEC: i32 = 16;
export const HN_RDB_SAVES: i32 = 17;
export const HN_RDB_LAST_COW_SIZE: i32 = 18;
export const HN_RDB_LAST_LOAD_KEYS_EXPIRED: i32 = 19;
export const HN_RDB_LAST_LOAD_KEYS_LOADED: i32 = 20;
export const HN_AOF_ENABLED: i32 = 21;
export const HN_AOF_REWRITE_IN_PROGRESS: i32 = 22;
export const HN_AOF_REWRITE_SCHEDULED: i32 = 23;
export const HN_AOF_LAST_REWRITE_TIME_SEC: i32 = 24;
export const HN_AOF_CURRENT_REWRITE_TIME_SEC: i32 = 25;
export const HN_AOF_REWRITES: i32 = 26;
export const HN_AOF_REWRITES_CONSECUTIVE_FAILURES: i32 = 27;
export const HN_AOF_LAST_COW_SIZE: i32 = 28;
export const HN_AOF_CURRENT_SIZE: i32 = 29;
export const HN_AOF_BASE_SIZE: i32 = 30;
export const HN_AOF_BUFFER_LENGTH: i32 = 31;
export const HN_AOF_PENDING_BIO_FSYNC: i32 = 32;
export const HN_AOF_DELAYED_FSYNC: i32 = 33;
export const HN_TOTAL_READS: i32 = 34;
export const HN_TOTAL_WRITES: i32 = 35;
export const HN_NET_REPL_INPUT: i32 = 36;
export const HN_NET_REPL_OUTPUT: i32 = 37;
export const HN_SYNC_FULL: i32 = 38;
export const HN_SYNC_PARTIAL_OK: i32 = 39;
export const HN_SYNC_PARTIAL_ERR: i32 = 40;
export const HN_LATEST_FORK_USEC: i32 = 41;
export const HN_TOTAL_FORKS: i32 = 42;
export const HN_CONNECTED_SLAVES: i32 = 43;
export const HN_MASTER_REPL_OFFSET: i32 = 44;
export const HN_SECOND_REPL_OFFSET: i32 = 45;
export const HN_REPL_BACKLOG_ACTIVE: i32 = 46;
export const HN_REPL_BACKLOG_SIZE: i32 = 47;
export const HN_REPL_BACKLOG_FIRST_BYTE_OFFSET: i32 = 48;
export const HN_REPL_BACKLOG_HISTLEN: i32 = 49;
export const HN_CLUSTER_ENABLED: i32 = 50;
export const HN_USED_MEMORY_VM_EVAL: i32 = 51;
export const HN_USED_MEMORY_SCRIPTS_EVAL: i32 = 52;
export const HN_NUMBER_OF_CACHED_SCRIPTS: i32 = 53;
export const HN_NUMBER_OF_FUNCTIONS: i32 = 54;
export const HN_NUMBER_OF_LIBRARIES: i32 = 55;
export const HN_USED_MEMORY_VM_FUNCTIONS: i32 = 56;
export const HN_USED_MEMORY_FUNCTIONS: i32 = 57;
export const HN_MEM_AOF_BUFFER: i32 = 58;
export const HN_MEM_REPLICATION_BACKLOG: i32 = 59;
export const HN_MEM_CLIENTS_SLAVES: i32 = 60;
export const HN_RDB_LAST_BGSAVE_OK: i32 = 61;    // 1 ok, 0 err
export const HN_AOF_LAST_BGREWRITE_OK: i32 = 62;
export const HN_AOF_LAST_WRITE_OK: i32 = 63;
export const HN_MIN_SLAVES_GOOD: i32 = 64;       // -1: min-replicas-to-write not configured
export const HN_SHUTDOWN_IN_MS: i32 = 65;        // -1: no shutdown in progress
export const HN_IO_THREADS_ACTIVE: i32 = 66;
export const HN_CLUSTER_CONNECTIONS: i32 = 67;
export const HN_CURRENT_COW_PEAK: i32 = 68;
export const HN_CURRENT_COW_SIZE: i32 = 69;
export const HN_CURRENT_SAVE_KEYS_PROCESSED: i32 = 70;
export const HN_CURRENT_SAVE_KEYS_TOTAL: i32 = 71;
export const HN_MEM_TOTAL_REPLICATION_BUFFERS: i32 = 72;
const HI_NUMS: i32 = 80;

// ---- host-provided strings ----
export const HS_OS: i32 = 0;
export const HS_EXECUTABLE: i32 = 1;
export const HS_CONFIG_FILE: i32 = 2;
export const HS_RUN_ID: i32 = 3;                 // generated by the core unless the host sets one
export const HS_LISTENERS: i32 = 4;              // complete "listenerN:...\r\n" lines
export const HS_MAXMEMORY_POLICY: i32 = 5;
export const HS_REPLID: i32 = 6;                 // generated by the core unless the host sets one
export const HS_REPLID2: i32 = 7;
export const HS_GCC_VERSION: i32 = 8;
export const HS_MULTIPLEXING_API: i32 = 9;
export const HS_ROLE: i32 = 10;
export const HS_REPL_MASTER_LINES: i32 = 11;     // complete lines printed after "role:" on a replica
export const HS_REPL_SLAVE_LINES: i32 = 12;      // complete "slaveN:..." lines
export const HS_MASTER_FAILOVER_STATE: i32 = 13;
export const HS_PROCESS_SUPERVISED: i32 = 14;
export const HS_MODULE_LINES: i32 = 15;          // complete "module:..." lines
export const HS_MONOTONIC_CLOCK: i32 = 16;
export const HS_ATOMICVAR_API: i32 = 17;
export const HS_REDIS_MODE: i32 = 18;
const HI_STRS: i32 = 24;

const MET_COMMANDS: i32 = 0;
const MET_NET_INPUT: i32 = 1;
const MET_NET_OUTPUT: i32 = 2;
const MET_NET_REPL_INPUT: i32 = 3;
const MET_NET_REPL_OUTPUT: i32 = 4;
const MET_EL_CYCLES: i32 = 5;
const MET_COUNT: i32 = 6;
const MET_SAMPLES: i32 = 16;
const MET_SIZE: u32 = 24 + 8 * <u32>MET_SAMPLES;
const MET_PERIOD_MS: i64 = 100;

const HI_STRS_OFF: u32 = <u32>HI_NUMS * 8;
const HI_MET_OFF: u32 = HI_STRS_OFF + <u32>HI_STRS * 8;
const HI_STARTUP_OFF: u32 = HI_MET_OFF + <u32>MET_COUNT * MET_SIZE;
const HI_SIZE: u32 = HI_STARTUP_OFF + 8;

const MEM_ALLOCATOR = "cinnabar-slab";

function numDefault(id: i32): f64 {
  switch (id) {
    case HN_ARCH_BITS: return 64;
    case HN_LASTSAVE: return NaN;
    case HN_RDB_LAST_BGSAVE_TIME_SEC: case HN_RDB_CURRENT_BGSAVE_TIME_SEC:
    case HN_AOF_LAST_REWRITE_TIME_SEC: case HN_AOF_CURRENT_REWRITE_TIME_SEC:
    case HN_SECOND_REPL_OFFSET: case HN_MIN_SLAVES_GOOD: case HN_SHUTDOWN_IN_MS:
      return -1;
    case HN_REPL_BACKLOG_SIZE: return 1048576;
    case HN_RDB_LAST_BGSAVE_OK: case HN_AOF_LAST_BGREWRITE_OK: case HN_AOF_LAST_WRITE_OK: return 1;
  }
  return 0;
}

/** The HostInfo block, created on first use. */
function hi(): usize {
  const s = S();
  if (s.hostInfo == 0) infoInit();
  return <usize>s.hostInfo;
}

/**
 * Creates the HostInfo block and records the startup memory baseline. The host calls it once, after
 * init_dbs and before accepting clients; INFO creates it lazily otherwise (embedded use).
 */
export function infoInit(): void {
  const s = S();
  if (s.hostInfo != 0) return;
  const p = allocZeroed(HI_SIZE);
  s.hostInfo = <u32>p;
  for (let i: i32 = 0; i < HI_NUMS; i++) store<f64>(p + (<usize>i << 3), numDefault(i));
  setRandomHex(HS_RUN_ID);
  setRandomHex(HS_REPLID);
  store<u64>(p + HI_STARTUP_OFF, usedMemory());
}

export function infoSetNum(id: i32, v: f64): void {
  if (id < 0 || id >= HI_NUMS) return;
  store<f64>(hi() + (<usize>id << 3), v);
}

export function infoSetStr(id: i32, p: usize, n: u32): void {
  if (id < 0 || id >= HI_STRS) return;
  const slot = hi() + HI_STRS_OFF + (<usize>id << 3);
  const old = <usize>load<u32>(slot);
  if (old != 0) free(old);
  const b = alloc(n == 0 ? 1 : n);
  if (n > 0) memory.copy(b, p, n);
  store<u32>(slot, <u32>b);
  store<u32>(slot + 4, n);
}

@inline export function hnum(id: i32): f64 { return load<f64>(hi() + (<usize>id << 3)); }
@inline function hnumI(id: i32): i64 { return <i64>hnum(id); }
@inline function hstrSet(id: i32): bool { return load<u32>(hi() + HI_STRS_OFF + (<usize>id << 3)) != 0; }
@inline function hstrPtr(id: i32): usize { return <usize>load<u32>(hi() + HI_STRS_OFF + (<usize>id << 3)); }
@inline function hstrLen(id: i32): u32 { return load<u32>(hi() + HI_STRS_OFF + (<usize>id << 3) + 4); }

/** A fresh 40-character hex id (run_id, replication id) from the core's PRNG. */
export function setRandomHex(id: i32): void {
  const tmp = memory.data(40);
  for (let i: u32 = 0; i < 40; i++) store<u8>(tmp + i, <u8>HEX.charCodeAt(<i32>(rand32() & 15)));
  infoSetStr(id, tmp, 40);
}
const HEX = "0123456789abcdef";

/** LASTSAVE: the host's last successful save time, or the server start time. */
export function lastSaveTime(): i64 {
  const v = hnum(HN_LASTSAVE);
  if (isNaN(v)) return S().startMs / 1000;
  return <i64>v;
}

// ---- instantaneous metrics (Redis samples these every 100 ms from serverCron) -----------------

function trackMetric(m: i32, nowMs: i64, value: i64): void {
  const p = hi() + HI_MET_OFF + <usize>m * MET_SIZE;
  const lastTime = load<i64>(p);
  if (lastTime > 0) {
    const dt = nowMs - lastTime;
    const dv = value - load<i64>(p + 8);
    const perSec: i64 = dt > 0 ? dv * 1000 / dt : 0;
    const idx = load<u32>(p + 16);
    store<i64>(p + 24 + (<usize>idx << 3), perSec);
    store<u32>(p + 16, (idx + 1) % <u32>MET_SAMPLES);
  }
  store<i64>(p, nowMs);
  store<i64>(p + 8, value);
}

function metric(m: i32): i64 {
  const p = hi() + HI_MET_OFF + <usize>m * MET_SIZE;
  let sum: i64 = 0;
  for (let i: i32 = 0; i < MET_SAMPLES; i++) sum += load<i64>(p + 24 + (<usize>i << 3));
  return sum / MET_SAMPLES;
}

/** Called by the host every cron tick. */
export function infoCron(nowMs: i64): void {
  const s = S();
  const p = hi() + HI_MET_OFF;
  // timer jitter: a tick slightly early still counts as a period
  if (load<i64>(p) != 0 && nowMs - load<i64>(p) < MET_PERIOD_MS - 10) return;
  trackMetric(MET_COMMANDS, nowMs, <i64>s.statNumCommands);
  trackMetric(MET_NET_INPUT, nowMs, <i64>s.statNetInput);
  trackMetric(MET_NET_OUTPUT, nowMs, <i64>s.statNetOutput);
  trackMetric(MET_NET_REPL_INPUT, nowMs, hnumI(HN_NET_REPL_INPUT));
  trackMetric(MET_NET_REPL_OUTPUT, nowMs, hnumI(HN_NET_REPL_OUTPUT));
  trackMetric(MET_EL_CYCLES, nowMs, <i64>s.cronLoops);
}

// ---- CONFIG RESETSTAT --------------------------------------------------------------------------

/**
 * What Redis's CONFIG RESETSTAT resets: the server stat counters, commandstats and errorstats. Peak
 * memory and the slowlog are kept, as in Redis. Counters the host owns (rdb_saves, sync_full,
 * total_reads_processed ...) are reset here too; a host that pushes absolute values must reset its
 * own counters when it calls this.
 */
@inline function zeroNum(p: usize, id: i32): void { store<f64>(p + (<usize>id << 3), 0); }

export function resetStats(): void {
  const s = S();
  s.statNumCommands = 0;
  s.statNumConnections = 0;
  s.statRejectedConn = 0;
  s.statExpiredKeys = 0;
  s.statExpiredStalePerc = 0;
  s.statExpiredTimeCapReached = 0;
  s.statEvictedKeys = 0;
  s.evictionExceededTotalUs = 0;
  s.statKeyspaceHits = 0;
  s.statKeyspaceMisses = 0;
  s.statNetInput = 0;
  s.statNetOutput = 0;
  s.statTotalErrors = 0;
  s.statUnexpectedErrors = 0;
  s.statClientQbufLimitDisc = 0;
  s.statClientObufLimitDisc = 0;
  cmdStatsReset();
  hashResetStats();
  errStatsReset();
  const p = hi();
  zeroNum(p, HN_RDB_SAVES); zeroNum(p, HN_AOF_REWRITES); zeroNum(p, HN_AOF_REWRITES_CONSECUTIVE_FAILURES);
  zeroNum(p, HN_TOTAL_READS); zeroNum(p, HN_TOTAL_WRITES); zeroNum(p, HN_NET_REPL_INPUT);
  zeroNum(p, HN_NET_REPL_OUTPUT); zeroNum(p, HN_SYNC_FULL); zeroNum(p, HN_SYNC_PARTIAL_OK);
  zeroNum(p, HN_SYNC_PARTIAL_ERR); zeroNum(p, HN_LATEST_FORK_USEC); zeroNum(p, HN_TOTAL_FORKS);
  zeroNum(p, HN_AOF_DELAYED_FSYNC);
  memory.fill(p + HI_MET_OFF, 0, <u32>MET_COUNT * MET_SIZE);
}

// ---- text builder ------------------------------------------------------------------------------
// A growable buffer for one reply's text; the block is freed by tbReplyVerbatim/tbFree, so nothing
// outlives the command (the pointer is a wasm global only while a command runs).
let tb: usize = 0;
let tbLen: u32 = 0;
let tbCap: u32 = 0;

function tbReserve(n: u32): usize {
  if (tbCap - tbLen < n) {
    let nc: u32 = tbCap == 0 ? 4096 : tbCap * 2;
    while (nc - tbLen < n) nc *= 2;
    tb = realloc(tb, nc);
    tbCap = nc;
  }
  return tb + tbLen;
}
export function tbStart(): void { tbLen = 0; }
export function tbPtr(): usize { return tb; }
export function tbSize(): u32 { return tbLen; }
export function tbFree(): void { if (tb != 0) free(tb); tb = 0; tbLen = 0; tbCap = 0; }
export function tbLit(s: string): void {
  const n = <u32>s.length;
  const d = tbReserve(n);
  for (let i: u32 = 0; i < n; i++) store<u8>(d + i, <u8>s.charCodeAt(<i32>i));
  tbLen += n;
}
export function tbBytes(p: usize, n: u32): void {
  const d = tbReserve(n);
  memory.copy(d, p, n);
  tbLen += n;
}
export function tbInt(v: i64): void { const d = tbReserve(24); tbLen += ll2string(d, v); }
export function tbUint(v: u64): void { const d = tbReserve(24); tbLen += ull2string(d, v); }
export function tbChar(ch: u32): void { const d = tbReserve(1); store<u8>(d, <u8>ch); tbLen++; }

/** printf("%.<dec>f"), rounding half to even on the binary value as glibc does for exact ties. */
export function tbFixed(v: f64, dec: i32): void {
  if (isNaN(v)) { tbLit("nan"); return; }
  if (!isFinite(v)) { tbLit(v < 0 ? "-inf" : "inf"); return; }
  if (v < 0 || (v == 0 && (reinterpret<u64>(v) >> 63) != 0)) { tbChar(45); v = -v; }
  let scale: f64 = 1;
  for (let i = 0; i < dec; i++) scale *= 10;
  if (v * scale >= 9.0e18) { tbUint(<u64>v); if (dec > 0) { tbChar(46); for (let i = 0; i < dec; i++) tbChar(48); } return; }
  const scaled = v * scale;
  let fl = Math.floor(scaled);
  const diff = scaled - fl;
  if (diff > 0.5 || (diff == 0.5 && (<u64>fl & 1) != 0)) fl += 1;
  const whole = <u64>fl;
  const sc = <u64>scale;
  tbUint(whole / sc);
  if (dec > 0) {
    tbChar(46);
    const frac = whole % sc;
    const d = tbReserve(<u32>dec);
    let f = frac;
    for (let i = dec - 1; i >= 0; i--) { store<u8>(d + <usize>i, <u8>(48 + f % 10)); f /= 10; }
    tbLen += <u32>dec;
  }
}

/** Redis's bytesToHuman: B, then K/M/G/T/P with two decimals. */
export function tbHuman(n: u64): void {
  const K: f64 = 1024;
  const v = <f64>n;
  if (n < 1024) { tbUint(n); tbChar(66); }
  else if (v < K * K) { tbFixed(v / K, 2); tbChar(75); }
  else if (v < K * K * K) { tbFixed(v / (K * K), 2); tbChar(77); }
  else if (v < K * K * K * K) { tbFixed(v / (K * K * K), 2); tbChar(71); }
  else if (v < K * K * K * K * K) { tbFixed(v / (K * K * K * K), 2); tbChar(84); }
  else if (v < K * K * K * K * K * K) { tbFixed(v / (K * K * K * K * K), 2); tbChar(80); }
  else { tbUint(n); tbChar(66); }
}

// "name:value\r\n" helpers
function fI(name: string, v: i64): void { tbLit(name); tbChar(58); tbInt(v); tbLit("\r\n"); }
function fU(name: string, v: u64): void { tbLit(name); tbChar(58); tbUint(v); tbLit("\r\n"); }
function fS(name: string, v: string): void { tbLit(name); tbChar(58); tbLit(v); tbLit("\r\n"); }
function fF(name: string, v: f64, dec: i32): void { tbLit(name); tbChar(58); tbFixed(v, dec); tbLit("\r\n"); }
function fPerc(name: string, v: f64): void { tbLit(name); tbChar(58); tbFixed(v, 2); tbLit("%\r\n"); }
function fH(name: string, v: u64): void { tbLit(name); tbChar(58); tbHuman(v); tbLit("\r\n"); }
function fN(name: string, id: i32): void { fI(name, hnumI(id)); }
/** A host string, or `dflt` when the host never set it. */
function fHS(name: string, id: i32, dflt: string): void {
  tbLit(name); tbChar(58);
  if (hstrSet(id)) tbBytes(hstrPtr(id), hstrLen(id)); else tbLit(dflt);
  tbLit("\r\n");
}
function hsLines(id: i32): void { if (hstrSet(id)) tbBytes(hstrPtr(id), hstrLen(id)); }
/** "sec.usec" from microseconds, like Redis's "%ld.%06ld" of a timeval. */
function fCpu(name: string, id: i32): void {
  const us = hnumI(id);
  tbLit(name); tbChar(58);
  tbInt(us / 1000000); tbChar(46);
  const d = tbReserve(7);
  ll2string(d, us % 1000000 + 1000000);
  memory.copy(d, d + 1, 6);
  tbLen += 6;
  tbLit("\r\n");
}

// ---- memory overhead (INFO memory, MEMORY STATS / DOCTOR) -----------------------------------

// Results of computeOverhead(), valid until the next call.
export let mhTotal: u64 = 0;
export let mhPeak: u64 = 0;
export let mhStartup: u64 = 0;
export let mhClientsNormal: u64 = 0;
export let mhDbOverhead: u64 = 0;
export let mhRehashing: u64 = 0;
export let mhRehashingCount: u64 = 0;
export let mhOverheadTotal: u64 = 0;
export let mhDataset: u64 = 0;
export let mhTotalKeys: u64 = 0;
export let mhPeakPerc: f64 = 0;
export let mhDatasetPerc: f64 = 0;
export let mhBytesPerKey: u64 = 0;
export let mhAllocated: u64 = 0;
export let mhActive: u64 = 0;
export let mhResident: u64 = 0;
export let mhRss: u64 = 0;

@inline function bsz(p: u32): u64 { return p == 0 ? 0 : <u64>blockSize(<usize>p); }

/** Memory attributed to one client: its struct and owned buffers. */
export function clientMemory(c: Client): u64 {
  return <u64>blockSize(changetype<usize>(c)) + bsz(c.qbuf) + bsz(c.obuf) + bsz(c.argv) +
    bsz(c.name) + bsz(c.libName) + bsz(c.libVer) + bsz(c.addr) + bsz(c.laddr);
}

/** Main-dict overhead of a db: the dict header and its bucket arrays. */
export function dbMainOverhead(db: Db): u64 {
  const d = dbDict(db);
  return <u64>DICT_SIZE + (<u64>dictBuckets(d) << 2);
}
/** TTL-index overhead of a db. */
export function dbExpiresOverhead(db: Db): u64 { return <u64>db.expCap << 2; }

export function computeOverhead(): void {
  const s = S();
  // The text of the INFO / MEMORY STATS reply being built is not counted: it is transient, and
  // counting it made used_memory exceed maxmemory by the builder's 4 KiB block right after eviction
  // brought it under (Redis writes into reply buffers that already exist).
  const used = usedMemory() - (tb != 0 ? <u64>blockSize(tb) : 0);
  mhTotal = used;
  mhPeak = peakMemory();
  if (mhPeak < used) mhPeak = used;
  mhStartup = load<u64>(hi() + HI_STARTUP_OFF);
  let total: u64 = mhStartup;
  total += <u64>hnumI(HN_MEM_REPLICATION_BACKLOG) + <u64>hnumI(HN_MEM_CLIENTS_SLAVES);
  let cm: u64 = 0;
  for (let slot: u32 = 0; slot < s.clientsCap; slot++) {
    const p = load<u32>(<usize>s.clients + (<usize>slot << 2));
    if (p != 0) cm += clientMemory(changetype<Client>(<usize>p));
  }
  mhClientsNormal = cm;
  total += cm;
  total += <u64>hnumI(HN_MEM_AOF_BUFFER);
  total += <u64>hnumI(HN_USED_MEMORY_SCRIPTS_EVAL) + <u64>hnumI(HN_USED_MEMORY_FUNCTIONS);
  let dbo: u64 = 0, keys: u64 = 0, reh: u64 = 0, rehc: u64 = 0;
  for (let i: u32 = 0; i < <u32>s.databases; i++) {
    const db = dbAt(i);
    const n = dbCount(db);
    if (n == 0) continue;
    keys += n;
    dbo += dbMainOverhead(db) + dbExpiresOverhead(db);
    const d = dbDict(db);
    if (dictIsRehashing(d)) { rehc++; reh += <u64>d.s0 << 2; }
  }
  mhDbOverhead = dbo;
  mhRehashing = reh;
  mhRehashingCount = rehc;
  mhTotalKeys = keys;
  total += dbo;
  mhOverheadTotal = total;
  mhDataset = used > total ? used - total : 0;
  mhPeakPerc = <f64>(<f32>used * 100 / <f32>mhPeak);
  const net: u64 = used > mhStartup ? used - mhStartup : 1;
  mhDatasetPerc = <f64>(<f32>mhDataset * 100 / <f32>net);
  mhBytesPerKey = keys > 0 ? mhDataset / keys : 0;
  mhAllocated = used;
  mhActive = <u64>heapTop();
  mhResident = <u64>memory.size() << 16;
  mhRss = <u64>hnumI(HN_USED_MEMORY_RSS);
  if (mhRss == 0) mhRss = mhResident;
}

@inline export function ratio(a: u64, b: u64): f64 { return b == 0 ? 0 : <f64>(<f32>a / <f32>b); }
@inline export function diffI(a: u64, b: u64): i64 { return <i64>a - <i64>b; }

// ---- sections ----------------------------------------------------------------------------------

const SEC_SERVER: u32 = 1 << 0;
const SEC_CLIENTS: u32 = 1 << 1;
const SEC_MEMORY: u32 = 1 << 2;
const SEC_PERSISTENCE: u32 = 1 << 3;
const SEC_STATS: u32 = 1 << 4;
const SEC_REPLICATION: u32 = 1 << 5;
const SEC_CPU: u32 = 1 << 6;
const SEC_MODULE_LIST: u32 = 1 << 7;
const SEC_MODULES: u32 = 1 << 8;
const SEC_COMMANDSTATS: u32 = 1 << 9;
const SEC_ERRORSTATS: u32 = 1 << 10;
const SEC_LATENCYSTATS: u32 = 1 << 11;
const SEC_CLUSTER: u32 = 1 << 12;
const SEC_KEYSPACE: u32 = 1 << 13;
const SEC_DEBUG: u32 = 1 << 14;
const SEC_DEFAULT: u32 = SEC_SERVER | SEC_CLIENTS | SEC_MEMORY | SEC_PERSISTENCE | SEC_STATS | SEC_REPLICATION |
  SEC_CPU | SEC_MODULE_LIST | SEC_ERRORSTATS | SEC_CLUSTER | SEC_KEYSPACE;
/** What "all" selects: every section except the debug one (which must be named). */
const SEC_ALL: u32 = SEC_DEFAULT | SEC_MODULES | SEC_COMMANDSTATS | SEC_LATENCYSTATS;

function sectionBit(p: usize, n: u32): u32 {
  if (eqLit(p, n, "server")) return SEC_SERVER;
  if (eqLit(p, n, "clients")) return SEC_CLIENTS;
  if (eqLit(p, n, "memory")) return SEC_MEMORY;
  if (eqLit(p, n, "persistence")) return SEC_PERSISTENCE;
  if (eqLit(p, n, "stats")) return SEC_STATS;
  if (eqLit(p, n, "replication")) return SEC_REPLICATION;
  if (eqLit(p, n, "cpu")) return SEC_CPU;
  if (eqLit(p, n, "module_list")) return SEC_MODULE_LIST;
  if (eqLit(p, n, "modules")) return SEC_MODULES;
  if (eqLit(p, n, "commandstats")) return SEC_COMMANDSTATS;
  if (eqLit(p, n, "errorstats")) return SEC_ERRORSTATS;
  if (eqLit(p, n, "latencystats")) return SEC_LATENCYSTATS;
  if (eqLit(p, n, "cluster")) return SEC_CLUSTER;
  if (eqLit(p, n, "keyspace")) return SEC_KEYSPACE;
  if (eqLit(p, n, "debug")) return SEC_DEBUG;
  return 0; // unknown sections (e.g. "sentinel") select nothing
}

let sectionsOut: i32 = 0;
@inline function header(title: string): void {
  if (sectionsOut++ > 0) tbLit("\r\n");
  tbLit(title);
}

function genServer(): void {
  const s = S();
  header("# Server\r\n");
  fS("redis_version", SERVER_VERSION);
  fS("redis_git_sha1", "00000000");
  fS("redis_git_dirty", "0");
  fS("redis_build_id", "0");
  fHS("redis_mode", HS_REDIS_MODE, hnumI(HN_CLUSTER_ENABLED) != 0 ? "cluster" : "standalone");
  fHS("os", HS_OS, "");
  fN("arch_bits", HN_ARCH_BITS);
  fHS("monotonic_clock", HS_MONOTONIC_CLOCK, "POSIX clock_gettime");
  fHS("multiplexing_api", HS_MULTIPLEXING_API, "epoll");
  fHS("atomicvar_api", HS_ATOMICVAR_API, "c11-builtin");
  fHS("gcc_version", HS_GCC_VERSION, "0.0.0");
  fN("process_id", HN_PROCESS_ID);
  fHS("process_supervised", HS_PROCESS_SUPERVISED, "no");
  fHS("run_id", HS_RUN_ID, "");
  fN("tcp_port", HN_TCP_PORT);
  fI("server_time_usec", s.nowUs);
  const uptime = (s.nowMs - s.startMs) / 1000;
  fI("uptime_in_seconds", uptime);
  fI("uptime_in_days", uptime / 86400);
  fI("hz", s.hz);
  fI("configured_hz", s.hz);
  fU("lru_clock", s.lruClock);
  fHS("executable", HS_EXECUTABLE, "");
  fHS("config_file", HS_CONFIG_FILE, "");
  fN("io_threads_active", HN_IO_THREADS_ACTIVE);
  if (hnum(HN_SHUTDOWN_IN_MS) >= 0) fN("shutdown_in_milliseconds", HN_SHUTDOWN_IN_MS);
  hsLines(HS_LISTENERS);
}

function genClients(): void {
  const s = S();
  let maxIn: u64 = 0, maxOut: u64 = 0;
  for (let slot: u32 = 0; slot < s.clientsCap; slot++) {
    const p = load<u32>(<usize>s.clients + (<usize>slot << 2));
    if (p == 0) continue;
    const c = changetype<Client>(<usize>p);
    if (<u64>c.qcap > maxIn) maxIn = c.qcap;
    if (<u64>c.ocap > maxOut) maxOut = c.ocap;
  }
  header("# Clients\r\n");
  fU("connected_clients", s.numClients);
  fN("cluster_connections", HN_CLUSTER_CONNECTIONS);
  fU("maxclients", s.maxclients);
  fU("client_recent_max_input_buffer", maxIn);
  fU("client_recent_max_output_buffer", maxOut);
  fI("blocked_clients", blockedClientsCount() + S().postponedClients);
  fI("tracking_clients", trackingClients());
  fI("pubsub_clients", pubsubClientsCount());
  fI("watching_clients", watchingClients());
  fI("clients_in_timeout_table", clientsInTimeoutTable());
  fI("total_watched_keys", S().watchedKeys);
  fI("total_blocking_keys", blockingKeysCount());
  fI("total_blocking_keys_on_nokey", blockingKeysOnNokeyCount());
}

function genMemory(): void {
  const s = S();
  computeOverhead();
  const lua = <u64>hnumI(HN_USED_MEMORY_VM_EVAL);
  const fn = <u64>hnumI(HN_USED_MEMORY_VM_FUNCTIONS);
  const scriptsEval = <u64>hnumI(HN_USED_MEMORY_SCRIPTS_EVAL);
  const fnCaches = <u64>hnumI(HN_USED_MEMORY_FUNCTIONS);
  const sysmem = <u64>hnumI(HN_TOTAL_SYSTEM_MEMORY);
  header("# Memory\r\n");
  fU("used_memory", mhTotal);
  fH("used_memory_human", mhTotal);
  fU("used_memory_rss", mhRss);
  fH("used_memory_rss_human", mhRss);
  fU("used_memory_peak", mhPeak);
  fH("used_memory_peak_human", mhPeak);
  fPerc("used_memory_peak_perc", mhPeakPerc);
  fU("used_memory_overhead", mhOverheadTotal);
  fU("used_memory_startup", mhStartup);
  fU("used_memory_dataset", mhDataset);
  fPerc("used_memory_dataset_perc", mhDatasetPerc);
  fU("allocator_allocated", mhAllocated);
  fU("allocator_active", mhActive);
  fU("allocator_resident", mhResident);
  fI("allocator_muzzy", 0);
  fU("total_system_memory", sysmem);
  fH("total_system_memory_human", sysmem);
  fU("used_memory_lua", lua);
  fU("used_memory_vm_eval", lua);
  fH("used_memory_lua_human", lua);
  fU("used_memory_scripts_eval", scriptsEval);
  fN("number_of_cached_scripts", HN_NUMBER_OF_CACHED_SCRIPTS);
  fN("number_of_functions", HN_NUMBER_OF_FUNCTIONS);
  fN("number_of_libraries", HN_NUMBER_OF_LIBRARIES);
  fU("used_memory_vm_functions", fn);
  fU("used_memory_vm_total", fn + lua);
  fH("used_memory_vm_total_human", fn + lua);
  fU("used_memory_functions", fnCaches);
  fU("used_memory_scripts", scriptsEval + fnCaches);
  fH("used_memory_scripts_human", scriptsEval + fnCaches);
  fI("maxmemory", s.maxmemory);
  fH("maxmemory_human", <u64>s.maxmemory);
  fS("maxmemory_policy", policyName(s.maxmemoryPolicy)); // the core's code, current right after CONFIG SET
  fF("allocator_frag_ratio", ratio(mhActive, mhAllocated), 2);
  fI("allocator_frag_bytes", diffI(mhActive, mhAllocated));
  fF("allocator_rss_ratio", ratio(mhResident, mhActive), 2);
  fI("allocator_rss_bytes", diffI(mhResident, mhActive));
  fF("rss_overhead_ratio", ratio(mhRss, mhResident), 2);
  fI("rss_overhead_bytes", diffI(mhRss, mhResident));
  fF("mem_fragmentation_ratio", ratio(mhRss, mhTotal), 2);
  fI("mem_fragmentation_bytes", diffI(mhRss, mhTotal));
  fI("mem_not_counted_for_evict", 0);
  fN("mem_replication_backlog", HN_MEM_REPLICATION_BACKLOG);
  fN("mem_total_replication_buffers", HN_MEM_TOTAL_REPLICATION_BUFFERS);
  fN("mem_clients_slaves", HN_MEM_CLIENTS_SLAVES);
  fU("mem_clients_normal", mhClientsNormal);
  fI("mem_cluster_links", 0);
  fN("mem_aof_buffer", HN_MEM_AOF_BUFFER);
  fS("mem_allocator", MEM_ALLOCATOR);
  fU("mem_overhead_db_hashtable_rehashing", mhRehashing);
  fI("active_defrag_running", 0);
  fI("lazyfree_pending_objects", 0);
  fI("lazyfreed_objects", 0);
}

function okErr(id: i32): string { return hnum(id) != 0 ? "ok" : "err"; }

function genPersistence(): void {
  const s = S();
  const keysTotal = hnum(HN_CURRENT_SAVE_KEYS_TOTAL);
  const forkPerc = keysTotal > 0 ? hnum(HN_CURRENT_SAVE_KEYS_PROCESSED) / keysTotal * 100 : 0;
  header("# Persistence\r\n");
  fI("loading", hnumI(HN_LOADING) != 0 && hnumI(HN_ASYNC_LOADING) == 0 ? 1 : 0);
  fN("async_loading", HN_ASYNC_LOADING);
  fN("current_cow_peak", HN_CURRENT_COW_PEAK);
  fN("current_cow_size", HN_CURRENT_COW_SIZE);
  fI("current_cow_size_age", 0);
  fF("current_fork_perc", forkPerc, 2);
  fN("current_save_keys_processed", HN_CURRENT_SAVE_KEYS_PROCESSED);
  fN("current_save_keys_total", HN_CURRENT_SAVE_KEYS_TOTAL);
  fU("rdb_changes_since_last_save", s.dirty);
  fN("rdb_bgsave_in_progress", HN_RDB_BGSAVE_IN_PROGRESS);
  fI("rdb_last_save_time", lastSaveTime());
  fS("rdb_last_bgsave_status", okErr(HN_RDB_LAST_BGSAVE_OK));
  fN("rdb_last_bgsave_time_sec", HN_RDB_LAST_BGSAVE_TIME_SEC);
  fN("rdb_current_bgsave_time_sec", HN_RDB_CURRENT_BGSAVE_TIME_SEC);
  fN("rdb_saves", HN_RDB_SAVES);
  fN("rdb_last_cow_size", HN_RDB_LAST_COW_SIZE);
  fN("rdb_last_load_keys_expired", HN_RDB_LAST_LOAD_KEYS_EXPIRED);
  fN("rdb_last_load_keys_loaded", HN_RDB_LAST_LOAD_KEYS_LOADED);
  fN("aof_enabled", HN_AOF_ENABLED);
  fN("aof_rewrite_in_progress", HN_AOF_REWRITE_IN_PROGRESS);
  fN("aof_rewrite_scheduled", HN_AOF_REWRITE_SCHEDULED);
  fN("aof_last_rewrite_time_sec", HN_AOF_LAST_REWRITE_TIME_SEC);
  fN("aof_current_rewrite_time_sec", HN_AOF_CURRENT_REWRITE_TIME_SEC);
  fS("aof_last_bgrewrite_status", okErr(HN_AOF_LAST_BGREWRITE_OK));
  fN("aof_rewrites", HN_AOF_REWRITES);
  fN("aof_rewrites_consecutive_failures", HN_AOF_REWRITES_CONSECUTIVE_FAILURES);
  fS("aof_last_write_status", okErr(HN_AOF_LAST_WRITE_OK));
  fN("aof_last_cow_size", HN_AOF_LAST_COW_SIZE);
  fI("module_fork_in_progress", 0);
  fI("module_fork_last_cow_size", 0);
  if (hnumI(HN_AOF_ENABLED) != 0) {
    fN("aof_current_size", HN_AOF_CURRENT_SIZE);
    fN("aof_base_size", HN_AOF_BASE_SIZE);
    fN("aof_pending_rewrite", HN_AOF_REWRITE_SCHEDULED);
    fN("aof_buffer_length", HN_AOF_BUFFER_LENGTH);
    fN("aof_pending_bio_fsync", HN_AOF_PENDING_BIO_FSYNC);
    fN("aof_delayed_fsync", HN_AOF_DELAYED_FSYNC);
  }
}

function genStats(): void {
  const s = S();
  const replIn = hnumI(HN_NET_REPL_INPUT), replOut = hnumI(HN_NET_REPL_OUTPUT);
  header("# Stats\r\n");
  fU("total_connections_received", s.statNumConnections);
  fU("total_commands_processed", s.statNumCommands);
  fI("instantaneous_ops_per_sec", metric(MET_COMMANDS));
  fI("total_net_input_bytes", <i64>s.statNetInput + replIn);
  fI("total_net_output_bytes", <i64>s.statNetOutput + replOut);
  fI("total_net_repl_input_bytes", replIn);
  fI("total_net_repl_output_bytes", replOut);
  fF("instantaneous_input_kbps", <f64>(<f32>metric(MET_NET_INPUT) / 1024), 2);
  fF("instantaneous_output_kbps", <f64>(<f32>metric(MET_NET_OUTPUT) / 1024), 2);
  fF("instantaneous_input_repl_kbps", <f64>(<f32>metric(MET_NET_REPL_INPUT) / 1024), 2);
  fF("instantaneous_output_repl_kbps", <f64>(<f32>metric(MET_NET_REPL_OUTPUT) / 1024), 2);
  fU("rejected_connections", s.statRejectedConn);
  fN("sync_full", HN_SYNC_FULL);
  fN("sync_partial_ok", HN_SYNC_PARTIAL_OK);
  fN("sync_partial_err", HN_SYNC_PARTIAL_ERR);
  fU("expired_subkeys", hashStatExpiredSubkeys());
  fU("expired_keys", s.statExpiredKeys);
  fF("expired_stale_perc", s.statExpiredStalePerc * 100, 2);
  fU("expired_time_cap_reached_count", s.statExpiredTimeCapReached);
  fI("expire_cycle_cpu_milliseconds", 0);
  fU("evicted_keys", s.statEvictedKeys);
  fI("evicted_clients", 0);
  fI("evicted_scripts", 0);
  fI("total_eviction_exceeded_time", (s.evictionExceededTotalUs / 1000) + currentEvictionExceededMs());
  fI("current_eviction_exceeded_time", currentEvictionExceededMs());
  fU("keyspace_hits", s.statKeyspaceHits);
  fU("keyspace_misses", s.statKeyspaceMisses);
  fI("pubsub_channels", pubsubChannelCount());
  fI("pubsub_patterns", pubsubPatternCount());
  fI("pubsubshard_channels", pubsubShardChannelCount());
  fN("latest_fork_usec", HN_LATEST_FORK_USEC);
  fN("total_forks", HN_TOTAL_FORKS);
  fI("migrate_cached_sockets", 0);
  fI("slave_expires_tracked_keys", 0);
  fI("active_defrag_hits", 0);
  fI("active_defrag_misses", 0);
  fI("active_defrag_key_hits", 0);
  fI("active_defrag_key_misses", 0);
  fI("total_active_defrag_time", 0);
  fI("current_active_defrag_time", 0);
  fI("tracking_total_keys", <i64>trackingTotalKeys());
  fI("tracking_total_items", trackingTotalItems());
  fI("tracking_total_prefixes", <i64>trackingTotalPrefixes());
  fU("unexpected_error_replies", s.statUnexpectedErrors);
  fU("total_error_replies", s.statTotalErrors);
  fI("dump_payload_sanitizations", 0);
  fN("total_reads_processed", HN_TOTAL_READS);
  fN("total_writes_processed", HN_TOTAL_WRITES);
  fI("io_threaded_reads_processed", 0);
  fI("io_threaded_writes_processed", 0);
  fU("client_query_buffer_limit_disconnections", s.statClientQbufLimitDisc);
  fU("client_output_buffer_limit_disconnections", s.statClientObufLimitDisc);
  fI("reply_buffer_shrinks", 0);
  fI("reply_buffer_expands", 0);
  fU("eventloop_cycles", s.cronLoops);
  fI("eventloop_duration_sum", 0);
  fI("eventloop_duration_cmd_sum", 0);
  fI("instantaneous_eventloop_cycles_per_sec", metric(MET_EL_CYCLES));
  fI("instantaneous_eventloop_duration_usec", 0);
  fI("acl_access_denied_auth", 0);
  fI("acl_access_denied_cmd", 0);
  fI("acl_access_denied_key", 0);
  fI("acl_access_denied_channel", 0);
}

function genReplication(): void {
  header("# Replication\r\n");
  fHS("role", HS_ROLE, "master");
  hsLines(HS_REPL_MASTER_LINES);
  fN("connected_slaves", HN_CONNECTED_SLAVES);
  if (hnum(HN_MIN_SLAVES_GOOD) >= 0) fN("min_slaves_good_slaves", HN_MIN_SLAVES_GOOD);
  hsLines(HS_REPL_SLAVE_LINES);
  fHS("master_failover_state", HS_MASTER_FAILOVER_STATE, "no-failover");
  fHS("master_replid", HS_REPLID, "");
  fHS("master_replid2", HS_REPLID2, "0000000000000000000000000000000000000000");
  fN("master_repl_offset", HN_MASTER_REPL_OFFSET);
  fN("second_repl_offset", HN_SECOND_REPL_OFFSET);
  fN("repl_backlog_active", HN_REPL_BACKLOG_ACTIVE);
  fN("repl_backlog_size", HN_REPL_BACKLOG_SIZE);
  fN("repl_backlog_first_byte_offset", HN_REPL_BACKLOG_FIRST_BYTE_OFFSET);
  fN("repl_backlog_histlen", HN_REPL_BACKLOG_HISTLEN);
}

function genCpu(): void {
  header("# CPU\r\n");
  fCpu("used_cpu_sys", HN_CPU_SYS_US);
  fCpu("used_cpu_user", HN_CPU_USER_US);
  fCpu("used_cpu_sys_children", HN_CPU_SYS_CHILDREN_US);
  fCpu("used_cpu_user_children", HN_CPU_USER_CHILDREN_US);
  fCpu("used_cpu_sys_main_thread", HN_CPU_SYS_MAIN_US);
  fCpu("used_cpu_user_main_thread", HN_CPU_USER_MAIN_US);
}

function cmdStatLine(cmd: Command): void {
  const st = cmdStat(cmd.id);
  const calls = load<u64>(st), usec = load<u64>(st + 8), rejected = load<u64>(st + 16), failed = load<u64>(st + 24);
  if (calls != 0 || rejected != 0 || failed != 0) {
    tbLit("cmdstat_");
    tbLit(cmd.fullName);
    tbLit(":calls="); tbUint(calls);
    tbLit(",usec="); tbUint(usec);
    tbLit(",usec_per_call=");
    // Redis divides in single precision
    tbFixed(calls == 0 ? 0 : <f64>(<f32>usec / <f32>calls), 2);
    tbLit(",rejected_calls="); tbUint(rejected);
    tbLit(",failed_calls="); tbUint(failed);
    tbLit("\r\n");
  }
}

function genCommandStats(): void {
  header("# Commandstats\r\n");
  for (let i = 0; i < topLevel.length; i++) {
    const cmd = topLevel[i];
    cmdStatLine(cmd);
    const subs = cmd.subs;
    if (subs != null) for (let j = 0; j < subs.length; j++) cmdStatLine(subs[j]);
  }
}

/** Errorstats lines in byte order of the error code, as Redis's radix tree yields them. */
function genErrorStats(): void {
  header("# Errorstats\r\n");
  const t = <usize>S().errStats;
  const order = memory.data(<i32>ERRSTAT_MAX);
  let n: u32 = 0;
  for (let i: u32 = 0; i < ERRSTAT_MAX; i++) {
    const e = t + <usize>i * ERRSTAT_ENTRY;
    const len = <u32>load<u8>(e);
    if (len == 0) break;
    // insertion sort by code
    let j = n;
    while (j > 0) {
      const o = t + <usize>load<u8>(order + j - 1) * ERRSTAT_ENTRY;
      if (bytesCmp(o + 1, <u32>load<u8>(o), e + 1, len) <= 0) break;
      store<u8>(order + j, load<u8>(order + j - 1));
      j--;
    }
    store<u8>(order + j, <u8>i);
    n++;
  }
  for (let k: u32 = 0; k < n; k++) {
    const e = t + <usize>load<u8>(order + k) * ERRSTAT_ENTRY;
    const len = <u32>load<u8>(e);
    tbLit("errorstat_");
    const d = tbReserve(len);
    for (let i: u32 = 0; i < len; i++) {
      const ch = load<u8>(e + 1 + i);
      // Redis replaces the characters that would break the INFO format
      store<u8>(d + i, ch == 35 || ch == 58 || ch == 10 || ch == 13 ? 95 : ch);
    }
    tbLen += len;
    tbLit(":count="); tbUint(load<u64>(e + 56));
    tbLit("\r\n");
  }
}

/** INFO keyspace avg_ttl: the mean remaining TTL over (a sample of) the keys with one. */
function avgTtl(db: Db): i64 {
  const n = db.expLen;
  if (n == 0) return 0;
  const now = S().nowMs;
  const samples: u32 = n < 128 ? n : 128;
  let sum: i64 = 0, cnt: i64 = 0;
  for (let k: u32 = 0; k < samples; k++) {
    const i = <u32>(<u64>k * <u64>n / <u64>samples);
    const ttl = eExpireAt(expIndexGet(db, i)) - now;
    if (ttl > 0) { sum += ttl; cnt++; }
  }
  return cnt == 0 ? 0 : sum / cnt;
}

function genKeyspace(): void {
  const s = S();
  header("# Keyspace\r\n");
  for (let i: u32 = 0; i < <u32>s.databases; i++) {
    const db = dbAt(i);
    const keys = dbCount(db);
    const vkeys = db.expLen;
    if (keys == 0 && vkeys == 0) continue;
    tbLit("db"); tbUint(i);
    tbLit(":keys="); tbUint(keys);
    tbLit(",expires="); tbUint(vkeys);
    tbLit(",avg_ttl="); tbInt(avgTtl(db));
    tbLit(",subexpiry="); tbUint(<u32>hashSubexpiryCount(i)); tbLit("\r\n");
  }
}

function genDebug(): void {
  header("# Debug\r\n");
  fI("eventloop_duration_aof_sum", 0);
  fI("eventloop_duration_cron_sum", 0);
  fI("eventloop_duration_max", 0);
  fI("eventloop_cmd_per_cycle_max", 0);
  fI("allocator_allocated_lua", 0);
  fI("allocator_active_lua", 0);
  fI("allocator_resident_lua", 0);
  fI("allocator_frag_bytes_lua", 0);
}

/** Renders the selected sections into the text builder, in Redis's order. */
export function genInfo(mask: u32): void {
  sectionsOut = 0;
  if (mask & SEC_SERVER) genServer();
  if (mask & SEC_CLIENTS) genClients();
  if (mask & SEC_MEMORY) genMemory();
  if (mask & SEC_PERSISTENCE) genPersistence();
  if (mask & SEC_STATS) genStats();
  if (mask & SEC_REPLICATION) genReplication();
  if (mask & SEC_CPU) genCpu();
  if (mask & (SEC_MODULE_LIST | SEC_MODULES)) { header("# Modules\r\n"); hsLines(HS_MODULE_LINES); }
  if (mask & SEC_COMMANDSTATS) genCommandStats();
  if (mask & SEC_ERRORSTATS) genErrorStats();
  if (mask & SEC_LATENCYSTATS) header("# Latencystats\r\n"); // no per-command histograms (yet)
  if (mask & SEC_CLUSTER) { header("# Cluster\r\n"); fN("cluster_enabled", HN_CLUSTER_ENABLED); }
  if (mask & SEC_KEYSPACE) genKeyspace();
  if (mask & SEC_DEBUG) genDebug();
}

/** INFO [section ...]: "default", "all" and "everything" as in Redis; names are case-insensitive. */
function infoCommand(c: Client): void {
  let mask: u32 = 0;
  if (c.argc == 1) mask = SEC_DEFAULT;
  for (let i: u32 = 1; i < c.argc; i++) {
    const p = argPtr(c, i), n = argLen(c, i);
    if (eqLit(p, n, "default")) mask |= SEC_DEFAULT;
    else if (eqLit(p, n, "all") || eqLit(p, n, "everything")) mask |= SEC_ALL;
    else mask |= sectionBit(p, n);
  }
  tbStart();
  genInfo(mask);
  addReplyVerbatim(c, tb, tbLen, "txt");
  tbFree();
}

export function registerInfoCommand(): void {
  def("info", -1, CMD_LOADING | CMD_STALE | CMD_SENTINEL, 0, 0, 0, "server", infoCommand);
}
