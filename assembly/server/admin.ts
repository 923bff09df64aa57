// Server commands: DBSIZE FLUSHDB FLUSHALL TIME SWAPDB LASTSAVE MONITOR SLOWLOG MEMORY, CONFIG and
// SHUTDOWN (host-owned), INFO (info.ts) and DEBUG (debug.ts).
import { Client, argPtr, argLen, CF_MONITOR } from "./client";
import { def, sub, CMD_WRITE, CMD_READONLY, CMD_FAST, CMD_ADMIN, CMD_NOSCRIPT, CMD_LOADING, CMD_STALE, CMD_HOST, CMD_SENTINEL, CMD_NO_ASYNC_LOADING, CMD_ALLOW_BUSY, CMD_NO_MULTI } from "./commands";
import { S } from "./state";
import { cdb } from "./cmdutil";
import { dbAt, dbCount, dbEmpty, dbSwap, dbFindRaw } from "./db";
import { touchAllWatchedKeysInDb } from "./watch";
import { trackingInvalidateKeysOnFlush } from "./tracking";
import { addReplyLongLong, addReplyOK, addReplyArrayLen, addReplyBulkLongLong, addReplyError, addReplyStatusBytes, addReplyNull, addReplyMapLen, addReplyBulkLit, addReplyBulk, addReplyDouble, addReplyVerbatim, errBegin, errLit, errBytes, errEnd } from "./reply";
import { eqLit } from "../util/bytes";
import { string2ll, parsedInt, ll2string } from "../util/numbers";
import { ERR_SYNTAX, ERR_DB_INDEX, ERR_NOT_INTEGER } from "./errors";
import { slowlogReplyGet, slowlogReset, slowlogLen } from "./slowlog";
import { kvMemoryUsage } from "./kv";
import { eHasExpire } from "../ds/entry";
import { usedMemory, peakMemory, heapTop } from "../mem/alloc";
import { registerInfoCommand, lastSaveTime, computeOverhead, hnum, HN_CLUSTER_ENABLED, HN_MEM_REPLICATION_BACKLOG, HN_MEM_CLIENTS_SLAVES, HN_MEM_AOF_BUFFER, HN_USED_MEMORY_SCRIPTS_EVAL, HN_USED_MEMORY_FUNCTIONS, dbMainOverhead, dbExpiresOverhead, mhPeak, mhTotal, mhStartup, mhClientsNormal, mhRehashing, mhRehashingCount, mhOverheadTotal, mhTotalKeys, mhBytesPerKey, mhDataset, mhDatasetPerc, mhPeakPerc, mhAllocated, mhActive, mhResident, mhRss, ratio, diffI, tbStart, tbLit, tbUint, tbPtr, tbSize, tbFree } from "./info";
import { registerDebugCommand } from "./debug";

// ---- shared helpers for container commands ------------------------------------------------------

/**
 * Redis's addReplyHelp: "<CMD> <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", the
 * lines, then "HELP" / "    Print this help.", all as status replies.
 */
export function replyHelp(c: Client, cmdUpper: string, lines: StaticArray<string>): void {
  addReplyArrayLen(c, lines.length + 3);
  const sc = <usize>S().scratch;
  let n: u32 = 0;
  for (let i = 0; i < cmdUpper.length; i++) store<u8>(sc + n++, <u8>cmdUpper.charCodeAt(i));
  const tail = " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:";
  for (let i = 0; i < tail.length; i++) store<u8>(sc + n++, <u8>tail.charCodeAt(i));
  addReplyStatusBytes(c, sc, n);
  for (let i = 0; i < lines.length; i++) statusLit(c, lines[i]);
  statusLit(c, "HELP");
  statusLit(c, "    Print this help.");
}

function statusLit(c: Client, s: string): void {
  const sc = <usize>S().scratch;
  const n = <u32>s.length;
  for (let i: u32 = 0; i < n; i++) store<u8>(sc + i, <u8>s.charCodeAt(<i32>i));
  addReplyStatusBytes(c, sc, n);
}

/** Redis's addReplySubcommandSyntaxError. */
export function replySubcommandSyntaxError(c: Client, cmdUpper: string): void {
  errBegin(c);
  errLit(c, "ERR unknown subcommand or wrong number of arguments for '");
  errBytes(c, argPtr(c, 1), min<u32>(argLen(c, 1), 128));
  errLit(c, "'. Try ");
  errLit(c, cmdUpper);
  errLit(c, " HELP.");
  errEnd(c);
}

function dbsizeCommand(c: Client): void { addReplyLongLong(c, dbCount(cdb(c))); }

/** FLUSHDB/FLUSHALL accept an optional ASYNC or SYNC; both run synchronously here. */
function flushFlagsOk(c: Client): bool {
  if (c.argc > 2) { addReplyError(c, ERR_SYNTAX); return false; }
  if (c.argc == 2 && !eqLit(argPtr(c, 1), argLen(c, 1), "sync") && !eqLit(argPtr(c, 1), argLen(c, 1), "async")) {
    addReplyError(c, ERR_SYNTAX); return false;
  }
  return true;
}

function flushdbCommand(c: Client): void {
  if (!flushFlagsOk(c)) return;
  touchAllWatchedKeysInDb(c.db, -1);
  trackingInvalidateKeysOnFlush(false);
  S().dirty += dbEmpty(cdb(c));
  addReplyOK(c);
}

function flushallCommand(c: Client): void {
  if (!flushFlagsOk(c)) return;
  const s = S();
  trackingInvalidateKeysOnFlush(true);
  for (let i: u32 = 0; i < <u32>s.databases; i++) {
    touchAllWatchedKeysInDb(i, -1);
    s.dirty += dbEmpty(dbAt(i));
  }
  s.dirty++;
  addReplyOK(c);
}

function timeCommand(c: Client): void {
  const us = S().nowUs;
  addReplyArrayLen(c, 2);
  addReplyBulkLongLong(c, us / 1000000);
  addReplyBulkLongLong(c, us % 1000000);
}

/** SWAPDB index argument: an int, else the given error. */
function dbIndexArg(c: Client, i: u32, err: string): i64 {
  if (!string2ll(argPtr(c, i), argLen(c, i)) || parsedInt < -2147483648 || parsedInt > 2147483647) {
    addReplyError(c, err);
    return -2147483649;
  }
  return parsedInt;
}

function swapdbCommand(c: Client): void {
  const s = S();
  if (hnum(HN_CLUSTER_ENABLED) != 0) { addReplyError(c, "ERR SWAPDB is not allowed in cluster mode"); return; }
  const a = dbIndexArg(c, 1, "ERR invalid first DB index");
  if (a == -2147483649) return;
  const b = dbIndexArg(c, 2, "ERR invalid second DB index");
  if (b == -2147483649) return;
  if (a < 0 || a >= <i64>s.databases || b < 0 || b >= <i64>s.databases) { addReplyError(c, ERR_DB_INDEX); return; }
  // watched keys of both dbs are touched before the swap; clients blocked on keys now present are
  // served by dbSwap's blocking hook
  if (a != b) {
    touchAllWatchedKeysInDb(<u32>a, <i32>b);
    touchAllWatchedKeysInDb(<u32>b, <i32>a);
    dbSwap(dbAt(<u32>a), dbAt(<u32>b));
  }
  s.dirty++;
  addReplyOK(c);
}

function lastsaveCommand(c: Client): void { addReplyLongLong(c, lastSaveTime()); }

function monitorCommand(c: Client): void {
  // already monitoring: ignored without a reply, as Redis does
  if (c.flags & CF_MONITOR) return;
  c.flags |= CF_MONITOR;
  S().monitors++;
  addReplyOK(c);
}

// ---- SLOWLOG ----

const SLOWLOG_HELP: StaticArray<string> = [
  "GET [<count>]",
  "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
  "    Entries are made of:",
  "    id, timestamp, time in microseconds, arguments array, client IP and port,",
  "    client name",
  "LEN",
  "    Return the length of the slowlog.",
  "RESET",
  "    Reset the slowlog.",
];

function slowlogGetCommand(c: Client): void {
  if (c.argc > 3) { replySubcommandSyntaxError(c, "SLOWLOG"); return; }
  let count: i64 = 10;
  if (c.argc == 3) {
    if (!string2ll(argPtr(c, 2), argLen(c, 2)) || parsedInt < -1) {
      addReplyError(c, "ERR count should be greater than or equal to -1");
      return;
    }
    count = parsedInt;
  }
  slowlogReplyGet(c, count);
}
function slowlogLenCommand(c: Client): void { addReplyLongLong(c, slowlogLen()); }
function slowlogResetCommand(c: Client): void { slowlogReset(); addReplyOK(c); }
function slowlogHelpCommand(c: Client): void { replyHelp(c, "SLOWLOG", SLOWLOG_HELP); }

// ---- MEMORY ----

const MEMORY_HELP: StaticArray<string> = [
  "DOCTOR",
  "    Return memory problems reports.",
  "MALLOC-STATS",
  "    Return internal statistics report from the memory allocator.",
  "PURGE",
  "    Attempt to purge dirty pages for reclamation by the allocator.",
  "STATS",
  "    Return information about the memory usage of the server.",
  "USAGE <key> [SAMPLES <count>]",
  "    Return memory in bytes used by <key> and its value. Nested values are",
  "    sampled up to <count> times (default: 5, 0 means sample all).",
];

/**
 * MEMORY USAGE: the entry block (header, key, inline value) and the blocks its value owns, plus the
 * key's share of the db's bucket array and TTL index. SAMPLES is accepted and validated; sizes are
 * exact, so it changes nothing.
 */
function memoryUsageCommand(c: Client): void {
  for (let j: u32 = 3; j < c.argc; j++) {
    if (eqLit(argPtr(c, j), argLen(c, j), "samples") && j + 1 < c.argc) {
      if (!string2ll(argPtr(c, j + 1), argLen(c, j + 1))) { addReplyError(c, ERR_NOT_INTEGER); return; }
      if (parsedInt < 0) { addReplyError(c, ERR_SYNTAX); return; }
      j++;
    } else { addReplyError(c, ERR_SYNTAX); return; }
  }
  // like Redis, a logically expired key that was not yet removed is still measured
  const e = dbFindRaw(cdb(c), argPtr(c, 2), argLen(c, 2));
  if (e == 0) { addReplyNull(c); return; }
  let usage: i64 = <i64>kvMemoryUsage(e) + 4;
  if (eHasExpire(e)) usage += 4;
  addReplyLongLong(c, usage);
}

function memoryStatsCommand(c: Client): void {
  const s = S();
  computeOverhead();
  let ndbs: i64 = 0;
  for (let i: u32 = 0; i < <u32>s.databases; i++) if (dbCount(dbAt(i)) != 0) ndbs++;
  addReplyMapLen(c, 31 + ndbs);
  addReplyBulkLit(c, "peak.allocated"); addReplyLongLong(c, <i64>mhPeak);
  addReplyBulkLit(c, "total.allocated"); addReplyLongLong(c, <i64>mhTotal);
  addReplyBulkLit(c, "startup.allocated"); addReplyLongLong(c, <i64>mhStartup);
  addReplyBulkLit(c, "replication.backlog"); addReplyLongLong(c, <i64>hnum(HN_MEM_REPLICATION_BACKLOG));
  addReplyBulkLit(c, "clients.slaves"); addReplyLongLong(c, <i64>hnum(HN_MEM_CLIENTS_SLAVES));
  addReplyBulkLit(c, "clients.normal"); addReplyLongLong(c, <i64>mhClientsNormal);
  addReplyBulkLit(c, "cluster.links"); addReplyLongLong(c, 0);
  addReplyBulkLit(c, "aof.buffer"); addReplyLongLong(c, <i64>hnum(HN_MEM_AOF_BUFFER));
  addReplyBulkLit(c, "lua.caches"); addReplyLongLong(c, <i64>hnum(HN_USED_MEMORY_SCRIPTS_EVAL));
  addReplyBulkLit(c, "functions.caches"); addReplyLongLong(c, <i64>hnum(HN_USED_MEMORY_FUNCTIONS));
  const tmp = memory.data(32);
  for (let i: u32 = 0; i < <u32>s.databases; i++) {
    const db = dbAt(i);
    if (dbCount(db) == 0) continue;
    store<u8>(tmp, 0x64); store<u8>(tmp + 1, 0x62); store<u8>(tmp + 2, 0x2e); // "db."
    const k = ll2string(tmp + 3, i);
    addReplyBulk(c, tmp, 3 + k);
    addReplyMapLen(c, 2);
    addReplyBulkLit(c, "overhead.hashtable.main"); addReplyLongLong(c, <i64>dbMainOverhead(db));
    addReplyBulkLit(c, "overhead.hashtable.expires"); addReplyLongLong(c, <i64>dbExpiresOverhead(db));
  }
  addReplyBulkLit(c, "overhead.db.hashtable.lut"); addReplyLongLong(c, 0);
  addReplyBulkLit(c, "overhead.db.hashtable.rehashing"); addReplyLongLong(c, <i64>mhRehashing);
  addReplyBulkLit(c, "overhead.total"); addReplyLongLong(c, <i64>mhOverheadTotal);
  addReplyBulkLit(c, "db.dict.rehashing.count"); addReplyLongLong(c, <i64>mhRehashingCount);
  addReplyBulkLit(c, "keys.count"); addReplyLongLong(c, <i64>mhTotalKeys);
  addReplyBulkLit(c, "keys.bytes-per-key"); addReplyLongLong(c, <i64>mhBytesPerKey);
  addReplyBulkLit(c, "dataset.bytes"); addReplyLongLong(c, <i64>mhDataset);
  addReplyBulkLit(c, "dataset.percentage"); addReplyDouble(c, mhDatasetPerc);
  addReplyBulkLit(c, "peak.percentage"); addReplyDouble(c, mhPeakPerc);
  addReplyBulkLit(c, "allocator.allocated"); addReplyLongLong(c, <i64>mhAllocated);
  addReplyBulkLit(c, "allocator.active"); addReplyLongLong(c, <i64>mhActive);
  addReplyBulkLit(c, "allocator.resident"); addReplyLongLong(c, <i64>mhResident);
  addReplyBulkLit(c, "allocator.muzzy"); addReplyLongLong(c, 0);
  addReplyBulkLit(c, "allocator-fragmentation.ratio"); addReplyDouble(c, ratio(mhActive, mhAllocated));
  addReplyBulkLit(c, "allocator-fragmentation.bytes"); addReplyLongLong(c, diffI(mhActive, mhAllocated));
  addReplyBulkLit(c, "allocator-rss.ratio"); addReplyDouble(c, ratio(mhResident, mhActive));
  addReplyBulkLit(c, "allocator-rss.bytes"); addReplyLongLong(c, diffI(mhResident, mhActive));
  addReplyBulkLit(c, "rss-overhead.ratio"); addReplyDouble(c, ratio(mhRss, mhResident));
  addReplyBulkLit(c, "rss-overhead.bytes"); addReplyLongLong(c, diffI(mhRss, mhResident));
  addReplyBulkLit(c, "fragmentation"); addReplyDouble(c, ratio(mhRss, mhTotal));
  addReplyBulkLit(c, "fragmentation.bytes"); addReplyLongLong(c, diffI(mhRss, mhTotal));
}

/**
 * MEMORY DOCTOR: Redis's checks (empty instance, peak, fragmentation, client buffers). The two short
 * replies match Redis; the issue paragraphs are Cinnabar's own wording.
 */
function memoryDoctorCommand(c: Client): void {
  const s = S();
  computeOverhead();
  tbStart();
  if (mhTotal < 5 * 1024 * 1024) {
    tbLit("Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n");
  } else {
    const bigPeak = ratio(mhPeak, mhTotal) > 1.5;
    const highFrag = ratio(mhRss, mhTotal) > 1.4 && diffI(mhRss, mhTotal) > (10 << 20);
    const highAllocRss = ratio(mhResident, mhActive) > 1.1 && diffI(mhResident, mhActive) > (10 << 20);
    const highProcRss = ratio(mhRss, mhResident) > 1.1 && diffI(mhRss, mhResident) > (10 << 20);
    const bigClients = s.numClients > 0 && mhClientsNormal / <u64>s.numClients > 1024 * 200;
    if (!bigPeak && !highFrag && !highAllocRss && !highProcRss && !bigClients) {
      tbLit("Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n");
    } else {
      tbLit("Sam, I detected a few issues in this Redis instance memory implants:\n\n");
      if (bigPeak) tbLit(" * Peak memory: the peak was more than 150% of the memory used now. Freed memory stays with the process until it is reused, so RSS can look large; this is harmless. Restarting the server is the only way to give it back to the system.\n\n");
      if (highFrag) tbLit(" * High total RSS: the process RSS is more than 1.4 times the memory the server has allocated (and over 10MB more). This usually follows a large peak, or a workload that fragments the allocator's size classes.\n\n");
      if (highAllocRss) tbLit(" * High allocator RSS overhead: the linear memory reserved is more than 1.1 times what the allocator has handed out (and over 10MB more), usually after a large peak.\n\n");
      if (highProcRss) tbLit(" * High process RSS overhead: the process RSS is more than 1.1 times the size of the core's linear memory (and over 10MB more). This memory belongs to the host runtime (JavaScript heap, Lua, buffers).\n\n");
      if (bigClients) tbLit(" * Big client buffers: clients use more than 200K of buffers each on average. Check CLIENT LIST for clients with large output buffers or long pipelines.\n\n");
      tbLit("I'm here to keep you safe, Sam. I want to help you.\n");
    }
  }
  addReplyVerbatim(c, tbPtr(), tbSize(), "txt");
  tbFree();
}

/** MEMORY MALLOC-STATS: Cinnabar's allocator has no jemalloc report; a short summary instead. */
function memoryMallocStatsCommand(c: Client): void {
  tbStart();
  tbLit("___ Begin cinnabar allocator statistics ___\n");
  tbLit("allocated: "); tbUint(usedMemory()); tbLit("\n");
  tbLit("peak: "); tbUint(peakMemory()); tbLit("\n");
  tbLit("heap top: "); tbUint(<u64>heapTop()); tbLit("\n");
  tbLit("linear memory: "); tbUint(<u64>memory.size() << 16); tbLit("\n");
  tbLit("___ End cinnabar allocator statistics ___\n");
  addReplyVerbatim(c, tbPtr(), tbSize(), "txt");
  tbFree();
}

/** MEMORY PURGE: linear memory cannot shrink, and free pages are already reused; nothing to do. */
function memoryPurgeCommand(c: Client): void { addReplyOK(c); }
function memoryHelpCommand(c: Client): void { replyHelp(c, "MEMORY", MEMORY_HELP); }

export function registerServerCommands(): void {
  const G = "server";
  def("dbsize", 1, CMD_READONLY | CMD_FAST, 0, 0, 0, G, dbsizeCommand);
  def("flushall", -1, CMD_WRITE, 0, 0, 0, G, flushallCommand);
  def("flushdb", -1, CMD_WRITE, 0, 0, 0, G, flushdbCommand);
  def("time", 1, CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0, G, timeCommand);
  const config = def("config", -2, 0, 0, 0, 0, G, null);
  const CF = CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_HOST;
  sub(config, "get", -3, CF, 0, 0, 0, null);
  sub(config, "help", 2, CMD_LOADING | CMD_STALE | CMD_HOST, 0, 0, 0, null);
  sub(config, "resetstat", 2, CF, 0, 0, 0, null);
  sub(config, "rewrite", 2, CF, 0, 0, 0, null);
  sub(config, "set", -4, CF, 0, 0, 0, null);
  def("shutdown", -1, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_NO_MULTI | CMD_SENTINEL | CMD_ALLOW_BUSY | CMD_HOST, 0, 0, 0, G, null);
  registerInfoCommand();
  registerDebugCommand();
  def("swapdb", 3, CMD_WRITE | CMD_FAST, 0, 0, 0, G, swapdbCommand);
  def("lastsave", 1, CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0, G, lastsaveCommand);
  def("monitor", 1, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0, G, monitorCommand);
  const slowlog = def("slowlog", -2, 0, 0, 0, 0, G, null);
  sub(slowlog, "get", -2, CMD_ADMIN | CMD_LOADING | CMD_STALE, 0, 0, 0, slowlogGetCommand);
  sub(slowlog, "help", 2, CMD_LOADING | CMD_STALE, 0, 0, 0, slowlogHelpCommand);
  sub(slowlog, "len", 2, CMD_ADMIN | CMD_LOADING | CMD_STALE, 0, 0, 0, slowlogLenCommand);
  sub(slowlog, "reset", 2, CMD_ADMIN | CMD_LOADING | CMD_STALE, 0, 0, 0, slowlogResetCommand);
  const mem = def("memory", -2, 0, 0, 0, 0, G, null);
  sub(mem, "doctor", 2, 0, 0, 0, 0, memoryDoctorCommand);
  sub(mem, "help", 2, CMD_LOADING | CMD_STALE, 0, 0, 0, memoryHelpCommand);
  sub(mem, "malloc-stats", 2, 0, 0, 0, 0, memoryMallocStatsCommand);
  sub(mem, "purge", 2, 0, 0, 0, 0, memoryPurgeCommand);
  sub(mem, "stats", 2, 0, 0, 0, 0, memoryStatsCommand);
  sub(mem, "usage", -3, CMD_READONLY, 2, 2, 1, memoryUsageCommand);
}
