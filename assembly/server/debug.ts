// DEBUG: the subcommands clients and the upstream test suite use.
//
// Gated by enable-debug-command like Redis: "no" refuses, "local" allows loopback (and unix socket)
// clients only. Deviation: Redis rejects before running the command (counted in rejected_calls);
// here the handler refuses, so the call counts as failed_calls.
import { Client, argPtr, argLen } from "./client";
import { def, CMD_ADMIN, CMD_NOSCRIPT, CMD_LOADING, CMD_STALE, CMD_PROTECTED, commandByFullName } from "./commands";
import { S } from "./state";
import { cdb } from "./cmdutil";
import { dbAt, dbDict, dbFindRaw, dbLookup, dbAdd } from "./db";
import { eNext, eType, eEnc, eVal, eLru } from "../ds/entry";
import { OBJ_LIST, ENC_QUICKLIST, ENC_LISTPACK, ENC_LISTPACK_EX, kvObj, OBJ_STRING, ENC_INT, kvStr, strLen, strPtr, encodingName, kvMemoryUsage, kvNewString, kvNewRawString } from "./kv";
import { addReplyOK, addReplyStatus, addReplyError, addReplyStatusBytes, addReplyBulkLit, addReplyLongLong, addReplyDouble, addReplyBigNumBytes, addReplyNull, addReplyArrayLen, addReplySetLen, addReplyMapLen, addReplyBool, addReplyAttributeLen, addReplyPushLen, addReplyVerbatim, errBegin, errLit, errBytes, errEnd } from "./reply";
import { eqLit, bytesEq } from "../util/bytes";
import { string2ll, parsedInt, string2d, parsedDouble, ll2string } from "../util/numbers";
import { datasetDigest, digestHex, xorEntryDigest } from "./digest";
import { lpBytes, lpLength } from "../ds/listpack";
import { qlLen, qlCount, qlFill, qlCompressDepth, qlHead, qnNext, qnSz } from "../ds/quicklist";
import { debugQuicklistPackedThreshold } from "../types/lists";
import { ERR_DEBUG_DISABLED, ERR_NO_SUCH_KEY, ERR_NOT_INTEGER, ERR_NOT_POSITIVE } from "./errors";
import { hostSleepMs, hostLog, hostCommand, readClock } from "./host";
import { replyHelp, replySubcommandSyntaxError } from "./admin";
import { setRandomHex, infoSetStr, infoSetNum, HS_REPLID, HS_REPLID2, HN_SECOND_REPL_OFFSET, tbStart, tbLit, tbUint, tbFixed, tbPtr, tbSize, tbFree } from "./info";

const DEBUG_HELP: StaticArray<string> = [
  "CHANGE-REPL-ID",
  "    Change the replication IDs of the instance.",
  "    Dangerous: should be used only for testing the replication subsystem.",
  "ERROR <string>",
  "    Return a Redis protocol error with <string> as message. Useful for clients",
  "    unit tests to simulate Redis errors.",
  "LOG <message>",
  "    Write <message> to the server log.",
  "HTSTATS <dbid> [full]",
  "    Return hash table statistics of the specified Redis database.",
  "OBJECT <key>",
  "    Show low level info about `key` and associated value.",
  "POPULATE <count> [<prefix>] [<size>]",
  "    Create <count> string keys named key:<num>. If <prefix> is specified then",
  "    it is used instead of the 'key' prefix. These are not propagated to",
  "    replicas. Cluster slots are not respected so keys not belonging to the",
  "    current node can be created in cluster mode.",
  "PROTOCOL <type>",
  "    Reply with a test value of the specified type. <type> can be: string,",
  "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
  "    true, false.",
  "SET-ACTIVE-EXPIRE <0|1>",
  "    Setting it to 0 disables expiring keys (and hash-fields) in background ",
  "    when they are not accessed (otherwise the Redis behavior). Setting it",
  "    to 1 reenables back the default.",
  "SLEEP <seconds>",
  "    Stop the server for <seconds>. Decimals allowed.",
  "DICT-RESIZING <0|1>",
  "    Enable or disable the main dict and expire dict resizing.",
];

/** Loopback TCP clients ("127.x.x.x:port", "::1:port") and unix socket clients ("/path:0"). */
export function isLocalClient(c: Client): bool {
  const p = <usize>c.addr, n = c.addrLen;
  if (n == 0) return true; // no peer address: an internal or embedded caller
  if (n >= 4 && load<u8>(p) == 0x31 && load<u8>(p + 1) == 0x32 && load<u8>(p + 2) == 0x37 && load<u8>(p + 3) == 0x2e) return true;
  if (n >= 4 && load<u8>(p) == 0x3a && load<u8>(p + 1) == 0x3a && load<u8>(p + 2) == 0x31 && load<u8>(p + 3) == 0x3a) return true;
  return load<u8>(p) == 0x2f;
}

/** C atoi(): optional sign and leading digits; anything else stops the scan. */
function atoi(p: usize, n: u32): i64 {
  let i: u32 = 0;
  while (i < n && (load<u8>(p + i) == 32 || (load<u8>(p + i) >= 9 && load<u8>(p + i) <= 13))) i++;
  let neg = false;
  if (i < n && (load<u8>(p + i) == 45 || load<u8>(p + i) == 43)) { neg = load<u8>(p + i) == 45; i++; }
  let v: i64 = 0;
  while (i < n && load<u8>(p + i) >= 48 && load<u8>(p + i) <= 57) { v = v * 10 + <i64>(load<u8>(p + i) - 48); i++; if (v > 0x7fffffff) break; }
  return neg ? -v : v;
}

/** C strtod() on a whole argument; a malformed number counts as 0 (Redis ignores strtod errors). */
function strtod(p: usize, n: u32): f64 {
  if (string2d(p, n)) return parsedDouble;
  if (string2ll(p, n)) return <f64>parsedInt;
  return <f64>atoi(p, n);
}

// ---- DEBUG OBJECT ----

/** Bytes of an RDB length prefix. */
function rdbLenSize(n: u64): u32 {
  if (n < 64) return 1;
  if (n < 16384) return 2;
  if (n <= 0xffffffff) return 5;
  return 9;
}

/** Bytes of an integer in RDB's compact integer encoding, or 0 if it does not fit 32 bits. */
function rdbIntSize(v: i64): u32 {
  if (v >= -128 && v <= 127) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 0;
}

/**
 * RDB serialized length of a value. Strings follow RDB's rules (integer encoding for short numeric
 * strings). Deviation: no LZF, so strings longer than 20 bytes report their uncompressed size; other
 * types report their in-memory size until their RDB encoders exist.
 */
function serializedLength(e: usize): u64 {
  if (eType(e) != OBJ_STRING) return <u64>kvMemoryUsage(e);
  if (eEnc(e) == ENC_INT) {
    const v = load<i64>(eVal(e));
    const k = rdbIntSize(v);
    if (k != 0) return k;
  }
  kvStr(e);
  const n = strLen;
  if (n <= 11 && n > 0 && string2ll(strPtr, n)) {
    // only if the integer prints back to the same bytes
    const tmp = memory.data(24);
    const v = parsedInt;
    const m = ll2string(tmp, v);
    if (m == n && bytesEq(tmp, strPtr, n)) {
      const k = rdbIntSize(v);
      if (k != 0) return k;
    }
  }
  return <u64>rdbLenSize(n) + n;
}

const OBJ_SHARED_INTEGERS: i64 = 10000;
const LRU_CLOCK_MAX: u32 = 0xffffff;

function debugObject(c: Client): void {
  const e = dbFindRaw(cdb(c), argPtr(c, 2), argLen(c, 2));
  if (e == 0) { addReplyError(c, ERR_NO_SUCH_KEY); return; }
  const sc = <usize>S().scratch;
  let n: u32 = 0;
  n += lit(sc + n, "Value at:0x");
  n += hex(sc + n, <u64>e);
  n += lit(sc + n, " refcount:");
  let shared = false;
  if (eType(e) == OBJ_STRING && eEnc(e) == ENC_INT) {
    const v = load<i64>(eVal(e));
    shared = v >= 0 && v < OBJ_SHARED_INTEGERS;
  }
  n += shared ? lit(sc + n, "2147483647") : lit(sc + n, "1");
  n += lit(sc + n, " encoding:");
  n += lit(sc + n, encodingName(e));
  n += lit(sc + n, " serializedlength:");
  n += ll2string(sc + n, <i64>serializedLength(e));
  const lru = eLru(e);
  n += lit(sc + n, " lru:");
  n += ll2string(sc + n, lru);
  const clock = S().lruClock;
  const idle: u64 = clock >= lru ? <u64>(clock - lru) : <u64>(clock + (LRU_CLOCK_MAX - lru));
  n += lit(sc + n, " lru_seconds_idle:");
  n += ll2string(sc + n, <i64>idle);
  if (eType(e) == OBJ_LIST && eEnc(e) == ENC_QUICKLIST) n += quicklistExtra(sc + n, kvObj(e));
  addReplyStatusBytes(c, sc, n);
}

/** DEBUG OBJECT's extra fields for a quicklist, as Redis prints them. */
function quicklistExtra(d: usize, ql: usize): u32 {
  let n = lit(d, " ql_nodes:");
  const nodes = qlLen(ql);
  n += ll2string(d + n, nodes);
  n += lit(d + n, " ql_avg_node:");
  // %.2f of count/nodes
  const hundredths = <i64>Math.round(<f64>qlCount(ql) * 100.0 / <f64>max<u32>(nodes, 1));
  n += ll2string(d + n, hundredths / 100);
  store<u8>(d + n++, 0x2e);
  const frac = hundredths % 100;
  store<u8>(d + n++, <u8>(48 + frac / 10));
  store<u8>(d + n++, <u8>(48 + frac % 10));
  n += lit(d + n, " ql_listpack_max:");
  n += ll2string(d + n, qlFill(ql));
  n += lit(d + n, " ql_compressed:");
  n += ll2string(d + n, qlCompressDepth(ql) != 0 ? 1 : 0);
  n += lit(d + n, " ql_uncompressed_size:");
  let sz: u64 = 0;
  for (let node = qlHead(ql); node != 0; node = qnNext(node)) sz += qnSz(node);
  n += ll2string(d + n, <i64>sz);
  return n;
}

function lit(d: usize, s: string): u32 {
  const n = <u32>s.length;
  for (let i: u32 = 0; i < n; i++) store<u8>(d + i, <u8>s.charCodeAt(<i32>i));
  return n;
}

function hex(d: usize, v: u64): u32 {
  const digits = "0123456789abcdef";
  let k: u32 = 1;
  let t = v >> 4;
  while (t != 0) { k++; t >>= 4; }
  for (let i: i32 = <i32>k - 1; i >= 0; i--) { store<u8>(d + <usize>i, <u8>digits.charCodeAt(<i32>(v & 15))); v >>= 4; }
  return k;
}

// ---- DEBUG PROTOCOL ----

function debugProtocol(c: Client): void {
  const p = argPtr(c, 2), n = argLen(c, 2);
  if (eqLit(p, n, "string")) addReplyBulkLit(c, "Hello World");
  else if (eqLit(p, n, "integer")) addReplyLongLong(c, 12345);
  else if (eqLit(p, n, "double")) addReplyDouble(c, 3.141);
  else if (eqLit(p, n, "bignum")) {
    const b = memory.data(40);
    const k = lit(b, "1234567999999999999999999999999999999");
    addReplyBigNumBytes(c, b, k);
  }
  else if (eqLit(p, n, "null")) addReplyNull(c);
  else if (eqLit(p, n, "array")) { addReplyArrayLen(c, 3); for (let j = 0; j < 3; j++) addReplyLongLong(c, j); }
  else if (eqLit(p, n, "set")) { addReplySetLen(c, 3); for (let j = 0; j < 3; j++) addReplyLongLong(c, j); }
  else if (eqLit(p, n, "map")) {
    addReplyMapLen(c, 3);
    for (let j = 0; j < 3; j++) { addReplyLongLong(c, j); addReplyBool(c, j == 1); }
  }
  else if (eqLit(p, n, "attrib")) {
    if (c.resp >= 3) {
      addReplyAttributeLen(c, 1);
      addReplyBulkLit(c, "key-popularity");
      addReplyArrayLen(c, 2);
      addReplyBulkLit(c, "key:123");
      addReplyLongLong(c, 90);
    }
    addReplyBulkLit(c, "Some real reply following the attribute");
  }
  else if (eqLit(p, n, "push")) {
    if (c.resp < 3) { addReplyError(c, "ERR RESP2 is not supported by this command"); return; }
    addReplyPushLen(c, 2);
    addReplyBulkLit(c, "server-cpu-usage");
    addReplyLongLong(c, 42);
    addReplyBulkLit(c, "Some real reply following the push reply");
  }
  else if (eqLit(p, n, "true")) addReplyBool(c, true);
  else if (eqLit(p, n, "false")) addReplyBool(c, false);
  else if (eqLit(p, n, "verbatim")) {
    const b = memory.data(32);
    const k = lit(b, "This is a verbatim\nstring");
    addReplyVerbatim(c, b, k, "txt");
  }
  else addReplyError(c, "ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
}

// ---- DEBUG HTSTATS ----

const STATS_VECTLEN: i32 = 50;

/** Redis's dictGetStatsMsg for one table (t, size, used); `label` names it. */
function htTableStats(idx: i32, t: u32, size: u32, used: u32, full: bool): void {
  tbLit("Hash table "); tbUint(<u64>idx);
  tbLit(idx == 0 ? " stats (main hash table):\n" : " stats (rehashing target):\n");
  if (used == 0) { tbLit("No stats available for empty dictionaries\n"); return; }
  tbLit(" table size: "); tbUint(size); tbLit("\n");
  tbLit(" number of elements: "); tbUint(used); tbLit("\n");
  if (!full) return;
  const vec = memory.data(STATS_VECTLEN * 8);
  memory.fill(vec, 0, STATS_VECTLEN * 8);
  let slots: u64 = 0, maxChain: u64 = 0, total: u64 = 0;
  for (let i: u32 = 0; i < size; i++) {
    let e = <usize>load<u32>(<usize>t + (<usize>i << 2));
    if (e == 0) { store<u64>(vec, load<u64>(vec) + 1); continue; }
    slots++;
    let len: u64 = 0;
    while (e != 0) { len++; e = eNext(e); }
    const k = len < <u64>STATS_VECTLEN ? <usize>len : <usize>(STATS_VECTLEN - 1);
    store<u64>(vec + (k << 3), load<u64>(vec + (k << 3)) + 1);
    if (len > maxChain) maxChain = len;
    total += len;
  }
  tbLit(" different slots: "); tbUint(slots); tbLit("\n");
  tbLit(" max chain length: "); tbUint(maxChain); tbLit("\n");
  tbLit(" avg chain length (counted): "); tbFixed(<f64>(<f32>total / <f32>slots), 2); tbLit("\n");
  tbLit(" avg chain length (computed): "); tbFixed(<f64>(<f32>used / <f32>slots), 2); tbLit("\n");
  tbLit(" Chain length distribution:\n");
  for (let i: i32 = 0; i < STATS_VECTLEN - 1; i++) {
    const v = load<u64>(vec + (<usize>i << 3));
    if (v == 0) continue;
    tbLit("   "); tbUint(<u64>i); tbLit(": "); tbUint(v);
    tbLit(" ("); tbFixed(<f64>(<f32>v / <f32>size * 100), 2); tbLit("%)\n");
  }
}

/**
 * DEBUG HTSTATS <dbid> [full]. The expires "table" is Cinnabar's TTL index (an array, no chains):
 * its size and element count are reported, never chain statistics.
 */
function debugHtstats(c: Client): void {
  if (!string2ll(argPtr(c, 2), argLen(c, 2))) { addReplyError(c, ERR_NOT_INTEGER); return; }
  const id = parsedInt;
  if (id < 0 || id >= <i64>S().databases) { addReplyError(c, "ERR Out of range database"); return; }
  const full = c.argc >= 4 && eqLit(argPtr(c, 3), argLen(c, 3), "full");
  const db = dbAt(<u32>id);
  const d = dbDict(db);
  tbStart();
  tbLit("[Dictionary HT]\n");
  if (d.s0 != 0 || d.s1 != 0) {
    htTableStats(0, d.t0, d.s0, d.u0, full);
    if (d.rehashIdx != -1) htTableStats(1, d.t1, d.s1, d.u1, full);
  }
  tbLit("[Expires HT]\n");
  if (db.expCap != 0) {
    tbLit("Hash table 0 stats (main hash table):\n");
    if (db.expLen == 0) tbLit("No stats available for empty dictionaries\n");
    else {
      tbLit(" table size: "); tbUint(db.expCap); tbLit("\n");
      tbLit(" number of elements: "); tbUint(db.expLen); tbLit("\n");
    }
  }
  addReplyVerbatim(c, tbPtr(), tbSize(), "txt");
  tbFree();
}

// ---- DEBUG POPULATE ----

function debugPopulate(c: Client): void {
  // like Redis's getPositiveLongFromObjectOrReply, one error for "not a number" and "negative"
  if (!string2ll(argPtr(c, 2), argLen(c, 2)) || parsedInt < 0) { addReplyError(c, ERR_NOT_POSITIVE); return; }
  const count = parsedInt;
  let valsize: i64 = 0;
  if (c.argc == 5) {
    if (!string2ll(argPtr(c, 4), argLen(c, 4)) || parsedInt < 0) { addReplyError(c, ERR_NOT_POSITIVE); return; }
    valsize = parsedInt;
  }
  const db = cdb(c);
  const kb = <usize>S().scratch;
  let pl: u32;
  if (c.argc >= 4) { pl = min<u32>(argLen(c, 3), 1000); memory.copy(kb, argPtr(c, 3), pl); }
  else pl = lit(kb, "key");
  store<u8>(kb + pl, 0x3a);
  const vb = kb + 2048;
  const vpl = lit(vb, "value:");
  for (let j: i64 = 0; j < count; j++) {
    const kl = pl + 1 + ll2string(kb + pl + 1, j);
    if (dbLookup(db, kb, kl) != 0) continue;
    const vl = vpl + ll2string(vb + vpl, j);
    let e: usize;
    if (valsize == 0) e = kvNewString(kb, kl, vb, vl, -1);
    else if (valsize <= 60000) {
      // valsize bytes: "value:<j>" (truncated to fit), then zeros
      if (<i64>vl < valsize) memory.fill(vb + vl, 0, <u32>valsize - vl);
      e = kvNewString(kb, kl, vb, <u32>valsize, -1);
    } else {
      e = kvNewRawString(kb, kl, 0, 0, <u32>valsize, -1);
      const buf = <usize>load<u32>(eVal(e));
      store<u32>(buf, <u32>valsize);
      memory.fill(buf + 8, 0, <u32>valsize);
      memory.copy(buf + 8, vb, min<u32>(vl, <u32>valsize));
    }
    dbAdd(db, e);
  }
  addReplyOK(c);
}

// ---- DEBUG ----

function debugCommand(c: Client): void {
  const s = S();
  // enable-debug-command is enforced by dispatch (CMD_PROTECTED), before the call
  const p = argPtr(c, 1), n = argLen(c, 1);
  const argc = c.argc;
  if (argc == 2 && eqLit(p, n, "help")) replyHelp(c, "DEBUG", DEBUG_HELP);
  else if (argc == 3 && eqLit(p, n, "listpack")) debugListpack(c);
  else if (argc == 2 && eqLit(p, n, "digest")) debugDigest(c);
  else if (argc >= 2 && eqLit(p, n, "digest-value")) debugDigestValue(c);
  else if (argc == 3 && eqLit(p, n, "object")) debugObject(c);
  else if (argc == 3 && eqLit(p, n, "protocol")) debugProtocol(c);
  else if (argc == 3 && eqLit(p, n, "quicklist-packed-threshold")) debugQuicklistPackedThreshold(c);
  else if (argc == 3 && eqLit(p, n, "sleep")) {
    const secs = strtod(argPtr(c, 2), argLen(c, 2));
    const us = <i64>(secs * 1000000);
    if (us > 0) hostSleepMs(<f64>us / 1000);
    readClock();
    addReplyOK(c);
  }
  else if (argc == 2 && eqLit(p, n, "config-rewrite-force-all")) {
    // the host owns the config file: CONFIG REWRITE's host handler, which forces every parameter
    // out when it sees it was called from DEBUG
    const sc = commandByFullName("config|rewrite");
    if (sc == null) addReplyError(c, "ERR CONFIG REWRITE is not available");
    else hostCommand(c.slot, sc.id);
  }
  else if (argc == 3 && eqLit(p, n, "pause-cron")) {
    s.cronPaused = <u32>atoi(argPtr(c, 2), argLen(c, 2));
    addReplyOK(c);
  }
  else if (argc == 3 && eqLit(p, n, "set-active-expire")) {
    s.activeExpireEnabled = <u32>atoi(argPtr(c, 2), argLen(c, 2));
    addReplyOK(c);
  }
  else if (argc == 3 && eqLit(p, n, "log")) {
    const sc = <usize>s.scratch;
    let k = lit(sc, "DEBUG LOG: ");
    const ml = min<u32>(argLen(c, 2), 60000);
    memory.copy(sc + k, argPtr(c, 2), ml);
    hostLog(3, sc, k + ml);
    addReplyOK(c);
  }
  else if (argc == 3 && eqLit(p, n, "error")) {
    // the argument is the whole error line, code included
    errBegin(c);
    errBytes(c, argPtr(c, 2), argLen(c, 2));
    errEnd(c);
  }
  else if (argc == 2 && eqLit(p, n, "change-repl-id")) {
    const m = memory.data(64);
    const k = lit(m, "Changing replication IDs after receiving DEBUG change-repl-id");
    hostLog(2, m, k);
    setRandomHex(HS_REPLID);
    const z = memory.data(40);
    memory.fill(z, 0x30, 40);
    infoSetStr(HS_REPLID2, z, 40);
    infoSetNum(HN_SECOND_REPL_OFFSET, -1);
    addReplyOK(c);
  }
  else if (argc == 3 && eqLit(p, n, "dict-resizing")) addReplyOK(c); // dicts always resize here
  else if (argc >= 3 && eqLit(p, n, "htstats")) debugHtstats(c);
  else if (argc >= 3 && argc <= 5 && eqLit(p, n, "populate")) debugPopulate(c);
  else replySubcommandSyntaxError(c, "DEBUG");
}

export function registerDebugCommand(): void {
  def("debug", -2, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_PROTECTED, 0, 0, 0, "server", debugCommand);
}

// ---- DIGEST / DIGEST-VALUE (server/digest.ts) ----

function debugDigest(c: Client): void {
  const d = memory.data(20, 4), hex = memory.data(40);
  datasetDigest(d);
  digestHex(hex, d);
  addReplyStatusBytes(c, hex, 40);
}

function debugDigestValue(c: Client): void {
  const d = memory.data(20, 4), hex = memory.data(40);
  addReplyArrayLen(c, c.argc - 2);
  for (let j: u32 = 2; j < c.argc; j++) {
    memory.fill(d, 0, 20);
    const e = dbLookup(dbAt(c.db), argPtr(c, j), argLen(c, j));
    if (e != 0) xorEntryDigest(d, e);
    digestHex(hex, d);
    addReplyStatusBytes(c, hex, 40);
  }
}

// DEBUG LISTPACK key: Redis prints the listpack's structure on stdout; Cinnabar logs a one-line
// summary (total bytes and entry count) at notice level instead of the full dump.
function debugListpack(c: Client): void {
  const e = dbLookup(dbAt(c.db), argPtr(c, 2), argLen(c, 2));
  if (e == 0) { addReplyError(c, ERR_NO_SUCH_KEY); return; }
  const enc = eEnc(e);
  if (eType(e) == OBJ_STRING || (enc != ENC_LISTPACK && enc != ENC_LISTPACK_EX)) {
    addReplyError(c, "ERR Not a listpack encoded object.");
    return;
  }
  // a listpackex hash keeps its listpack pointer first in its header
  const lp = enc == ENC_LISTPACK_EX ? <usize>load<u32>(kvObj(e)) : kvObj(e);
  const msg = memory.data(64);
  let k: u32 = 0;
  const a = "listpack: total bytes ";
  for (let i = 0; i < a.length; i++) store<u8>(msg + k++, <u8>a.charCodeAt(i));
  k += ll2string(msg + k, lpBytes(lp));
  const b = ", entries ";
  for (let i = 0; i < b.length; i++) store<u8>(msg + k++, <u8>b.charCodeAt(i));
  k += ll2string(msg + k, lpLength(lp));
  hostLog(2, msg, k);
  addReplyStatus(c, "Listpack structure printed on stdout");
}
