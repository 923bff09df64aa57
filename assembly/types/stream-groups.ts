// The stream consumer-group commands (XGROUP XREADGROUP XACK XPENDING XCLAIM XAUTOCLAIM XINFO) and
// the hooks types/streams.ts calls for a stream's consumer groups (free, COPY, MEMORY USAGE).
//
// Storage is ds/streamcg.ts (groups, consumers, NACKs in rax trees keyed by 16-byte big-endian IDs);
// the entries themselves are read through ds/stream.ts's iterator. XINFO STREAM lives here too.
//
// Behaviour follows Redis 7.4:
// - Consumers carry seen-time (any attempt: XREADGROUP, XCLAIM, XAUTOCLAIM) and active-time (last
//   time entries were actually delivered to or claimed by them; -1 until then). XINFO CONSUMERS
//   shows both as idle / inactive (7.2+; 7.0 had only idle, refreshed by every interaction). Those
//   three commands create their consumer even when they deliver or claim nothing (7.2+).
// - XREADGROUP BLOCK uses the re-run model of server/blocking.ts (blockForKeysEx with nokey): a
//   blocked XREADGROUP is woken when its key gets entries, loses its group (XGROUP DESTROY signals
//   the key), is deleted or changes type, and simply runs again; the re-run then replies the
//   entries, -NOGROUP or -WRONGTYPE, or blocks again with its original deadline.
// - Group lag and entries-read follow the newest rules (the ones the upstream suite checks, see
//   ds/streamcg.ts): a group whose last id and the last tombstone are both before the first entry
//   lags by the stream length; an estimate is refused when a tombstone lies after the id.
// - XCLAIM and XAUTOCLAIM drop PEL entries whose stream entry was deleted (7.0+); XAUTOCLAIM lists
//   them as its third reply element.
// - `dirty` moves as in Redis (one per XREADGROUP stream that delivered new entries, none for
//   history reads, one per consumer created, per claim, per ack ...); keyspace events are Redis's
//   (xgroup-create, -setid, -destroy, -createconsumer, -delconsumer).
//
// Deviations from Redis: no write propagation yet (Redis propagates XREADGROUP/XCLAIM/XAUTOCLAIM as
// XCLAIM ... FORCE JUSTID LASTID and XGROUP SETID/CREATECONSUMER). XAUTOCLAIM refuses a COUNT whose
// transient ID buffer could never be allocated in a 32-bit core (more than 2^28 entries) with
// Redis's "Insufficient memory" error, where Redis would attempt the allocation.
import { Client, argPtr, argLen, CF_DENY_BLOCKING } from "../server/client";
import { def, sub, CMD_WRITE, CMD_READONLY, CMD_DENYOOM, CMD_FAST, CMD_BLOCKING, CMD_MOVABLE_KEYS, CMD_LOADING, CMD_STALE } from "../server/commands";
import { S } from "../server/state";
import { cdb } from "../server/cmdutil";
import { lookupKeyRead, lookupKeyWrite, dbAdd } from "../server/db";
import { kvNewObject, kvObj, OBJ_STREAM, ENC_STREAM } from "../server/kv";
import { eType } from "../ds/entry";
import { alloc, free, realloc } from "../mem/alloc";
import {
  addReplyError, addReplyOK, addReplyLongLong, addReplyBulk, addReplyBulkLit, addReplyBulkLongLong,
  addReplyNull, addReplyNullArray, addReplyArrayLen, addReplyMapLen, addReplyDeferredLen,
  setDeferredArrayLen, setDeferredMapLen, errBegin, errLit, errBytes, errEnd,
} from "../server/reply";
import { string2ll, parsedInt } from "../util/numbers";
import { eqLit } from "../util/bytes";
import { ERR_SYNTAX, ERR_WRONGTYPE, ERR_NOT_INTEGER, ERR_NO_SUCH_KEY } from "../server/errors";
import { replyHelp, replySubcommandSyntaxError } from "../server/admin";
import { touchAllowed } from "./strings";
import { signalModifiedKey, notifyKeyspaceEvent, NOTIFY_STREAM } from "../server/notify";
import { blockForKeysEx, signalKeyAsReady, getTimeoutArgMs, timeoutArgVal, BLOCKED_STREAM } from "../server/blocking";
import {
  raxSize, raxFind, raxVal, raxTryInsert, raxInsert, raxRemove, raxOld, raxStart, raxSeek, raxNext,
  raxItKey, raxItKeyLen, raxItVal, RAX_ITER_SIZE, RAX_SEEK_FIRST, RAX_SEEK_LAST, RAX_SEEK_GE,
} from "../ds/rax";
import {
  Stream, streamNew, streamLastId, streamFirstId, streamMaxDelId, idCmp, idCopy, idSet, idIncr, idDecr, idIsMax,
  streamEncodeID, streamDecodeID, parseStreamIDBytes, streamIterStart, streamIterGetID, streamIterStop,
  streamEntryExists, streamLastValidID, STREAM_ITER_SIZE,
} from "../ds/stream";
import { addReplyStreamID, parseStreamID, parseIntervalID, idExclusive, streamReplyEntry } from "./streams";
import {
  Group, Consumer, Nack, cgCreate, cgLookup, cgDestroy, cgroupsFree, cgroupsDup, cgroupsMemUsage,
  consumerCreate, consumerLookup, consumerDelete, consumerName, nackNew, raxRedisNodeCount,
  cgLagValid, cgLag, cgAdvance, SCG_INVALID_ENTRIES_READ,
} from "../ds/streamcg";

const ERR_XGROUP_NOKEY = "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.";
const ERR_BUSYGROUP = "BUSYGROUP Consumer Group name already exists";
const ERR_ENTRIESREAD = "ERR value for ENTRIESREAD must be positive or -1";

// Scratch stream IDs (StreamID layout: ms u64, seq u64) and 16-byte rax keys.
const ID_A: usize = memory.data(16, 8);
const ID_B: usize = memory.data(16, 8);
const ID_C: usize = memory.data(16, 8);
const KEY_A: usize = memory.data(16, 8);
const KEY_B: usize = memory.data(16, 8);
// Iterators: one per nesting level (XINFO STREAM FULL nests four).
const RIT1: usize = memory.data(RAX_ITER_SIZE, 4);
const RIT2: usize = memory.data(RAX_ITER_SIZE, 4);
const RIT3: usize = memory.data(RAX_ITER_SIZE, 4);
const RIT4: usize = memory.data(RAX_ITER_SIZE, 4);
const SIT: usize = memory.data(STREAM_ITER_SIZE, 8);

@inline function streamOf(e: usize): Stream { return changetype<Stream>(kvObj(e)); }
@inline function cgroupsOf(s: Stream): usize { return <usize>s.cgroups; }
@inline function cgroupsAddr(s: Stream): usize { return changetype<usize>(s) + offsetof<Stream>("cgroups"); }
/** The group's last_id as a StreamID address (Group starts with it). */
@inline function gLast(g: Group): usize { return changetype<usize>(g); }

@inline function argIs(c: Client, i: u32, lit: string): bool { return eqLit(argPtr(c, i), argLen(c, i), lit); }
/** An exact (case-sensitive) one-character argument: Redis compares "$", "+" and ">" with strcmp. */
@inline function argIsChar(c: Client, i: u32, ch: u8): bool { return argLen(c, i) == 1 && load<u8>(argPtr(c, i)) == ch; }

/** Appends an argument to an error as Redis's "%s" would: up to its first NUL byte. */
function errCStr(c: Client, i: u32): void {
  const p = argPtr(c, i);
  const n = argLen(c, i);
  let k: u32 = 0;
  while (k < n && load<u8>(p + k) != 0) k++;
  errBytes(c, p, k);
}

/** "-NOGROUP No such key '<key>' or consumer group '<group>'" + suffix. */
function replyNoKeyOrGroup(c: Client, keyArg: u32, groupArg: u32, suffix: string): void {
  errBegin(c);
  errLit(c, "NOGROUP No such key '");
  errCStr(c, keyArg);
  errLit(c, "' or consumer group '");
  errCStr(c, groupArg);
  errLit(c, "'");
  errLit(c, suffix);
  errEnd(c);
}

/** "-NOGROUP No such consumer group '<group>' for key name '<key>'". */
function replyNoGroupForKey(c: Client, groupArg: u32, keyArg: u32): void {
  errBegin(c);
  errLit(c, "NOGROUP No such consumer group '");
  errCStr(c, groupArg);
  errLit(c, "' for key name '");
  errCStr(c, keyArg);
  errLit(c, "'");
  errEnd(c);
}

@inline function encodeKey(dst: usize, id: usize): void { streamEncodeID(dst, id); }

/** Replies the entry `id` as [id, [field, value ...]] if it exists; false (nothing sent) if not. */
function replyEntryIfExists(c: Client, s: Stream, id: usize): bool {
  streamIterStart(SIT, changetype<usize>(s), id, id, false);
  const found = streamIterGetID(SIT, ID_C);
  if (found) streamReplyEntry(c, SIT, ID_C);
  streamIterStop(SIT);
  return found;
}

/** Removes a NACK from both PELs and frees it; `key` must not point into either tree. */
function nackDrop(g: Group, key: usize, n: Nack): void {
  raxRemove(<usize>g.pel, key, 16);
  if (n.consumer != 0) raxRemove(<usize>changetype<Consumer>(<usize>n.consumer).pel, key, 16);
  free(changetype<usize>(n));
}

/** The consumer named argv[i] of g (in the stream at argv[keyArg]), created when missing. */
function consumerLookupOrCreate(c: Client, g: Group, i: u32, keyArg: u32): Consumer {
  const p = argPtr(c, i), n = argLen(c, i);
  let cn = consumerLookup(g, p, n);
  if (cn == null) {
    cn = consumerCreate(g, p, n, S().nowMs)!;
    consumerCreated(c, keyArg);
  }
  return cn;
}

/** Bookkeeping of Redis's streamCreateConsumer: dirty++ and the xgroup-createconsumer event. */
function consumerCreated(c: Client, keyArg: u32): void {
  S().dirty++;
  notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-createconsumer", argPtr(c, keyArg), argLen(c, keyArg), c.db);
}

// ---- XGROUP -----------------------------------------------------------------------------------------

const XGROUP_HELP: StaticArray<string> = [
  "CREATE <key> <groupname> <id|$> [option]",
  "    Create a new consumer group. Options are:",
  "    * MKSTREAM",
  "      Create the empty stream if it does not exist.",
  "    * ENTRIESREAD entries_read",
  "      Set the group's entries_read counter (internal use).",
  "CREATECONSUMER <key> <groupname> <consumer>",
  "    Create a new consumer in the specified group.",
  "DELCONSUMER <key> <groupname> <consumer>",
  "    Remove the specified consumer.",
  "DESTROY <key> <groupname>",
  "    Remove the specified group.",
  "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
  "    Set the current group ID and entries_read counter.",
];

function xgroupHelpCommand(c: Client): void { replyHelp(c, "XGROUP", XGROUP_HELP); }

/** XGROUP CREATE|SETID|DESTROY|CREATECONSUMER|DELCONSUMER, parsed and checked in Redis's order. */
function xgroupCommand(c: Client): void {
  const isCreate = argIs(c, 1, "create");
  const isSetid = argIs(c, 1, "setid");
  const isDestroy = argIs(c, 1, "destroy");
  const isCreateConsumer = argIs(c, 1, "createconsumer");
  let mkstream = false;
  let entriesRead: i64 = SCG_INVALID_ENTRIES_READ;
  let i: u32 = 5;
  while (i < c.argc) {
    if (isCreate && argIs(c, i, "mkstream")) {
      mkstream = true;
      i++;
    } else if ((isCreate || isSetid) && argIs(c, i, "entriesread") && i + 1 < c.argc) {
      if (!string2ll(argPtr(c, i + 1), argLen(c, i + 1))) { addReplyError(c, ERR_NOT_INTEGER); return; }
      if (parsedInt < 0 && parsedInt != SCG_INVALID_ENTRIES_READ) { addReplyError(c, ERR_ENTRIESREAD); return; }
      entriesRead = parsedInt;
      i += 2;
    } else {
      replySubcommandSyntaxError(c, "XGROUP");
      return;
    }
  }
  const db = cdb(c);
  const kp = argPtr(c, 2), kl = argLen(c, 2);
  const e = lookupKeyWrite(db, kp, kl);
  if (e != 0 && eType(e) != OBJ_STREAM) { addReplyError(c, ERR_WRONGTYPE); return; }
  let s: Stream | null = e != 0 ? streamOf(e) : null;
  const gp = argPtr(c, 3), gl = argLen(c, 3);
  let g: Group | null = null;
  if (!mkstream) {
    if (s == null) { addReplyError(c, ERR_XGROUP_NOKEY); return; }
    g = cgLookup(cgroupsOf(s), gp, gl);
    if (g == null && !isCreate && !isDestroy) { replyNoGroupForKey(c, 3, 2); return; }
  }
  const now = S().nowMs;
  if (isCreate) {
    if (c.argc > 8) { replySubcommandSyntaxError(c, "XGROUP"); return; }
    if (argIsChar(c, 4, 0x24)) {
      if (s != null) idCopy(ID_A, streamLastId(changetype<usize>(s))); else idSet(ID_A, 0, 0);
    } else if (parseStreamID(c, 4, ID_A, 0, true, false) < 0) return;
    if (s == null) {
      const so = streamNew();
      dbAdd(db, kvNewObject(kp, kl, OBJ_STREAM, ENC_STREAM, so, -1));
      s = changetype<Stream>(so);
      signalModifiedKey(db, kp, kl);
    }
    const ng = cgCreate(cgroupsAddr(s), gp, gl, load<u64>(ID_A), load<u64>(ID_A + 8), entriesRead);
    if (ng == null) { addReplyError(c, ERR_BUSYGROUP); return; }
    addReplyOK(c);
    S().dirty++;
    notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-create", kp, kl, c.db);
  } else if (isSetid) {
    if (c.argc != 5 && c.argc != 7) { replySubcommandSyntaxError(c, "XGROUP"); return; }
    if (argIsChar(c, 4, 0x24)) idCopy(ID_A, streamLastId(changetype<usize>(s)));
    else if (parseStreamID(c, 4, ID_A, 0, false, false) < 0) return;
    idCopy(gLast(g!), ID_A);
    g!.entriesRead = entriesRead;
    addReplyOK(c);
    S().dirty++;
    notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-setid", kp, kl, c.db);
  } else if (isDestroy) {
    if (g != null) {
      cgDestroy(cgroupsOf(s!), gp, gl);
      addReplyLongLong(c, 1);
      S().dirty++;
      notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-destroy", kp, kl, c.db);
      // blocked XREADGROUP clients re-run and get -NOGROUP
      signalKeyAsReady(c.db, kp, kl, OBJ_STREAM);
    } else addReplyLongLong(c, 0);
  } else if (isCreateConsumer) {
    const cn = consumerCreate(g!, argPtr(c, 4), argLen(c, 4), now);
    if (cn != null) consumerCreated(c, 2);
    addReplyLongLong(c, cn != null ? 1 : 0);
  } else {
    // DELCONSUMER
    let pending: u64 = 0;
    const cn = consumerLookup(g!, argPtr(c, 4), argLen(c, 4));
    if (cn != null) {
      pending = consumerDelete(g!, cn);
      S().dirty++;
      notifyKeyspaceEvent(NOTIFY_STREAM, "xgroup-delconsumer", kp, kl, c.db);
    }
    addReplyLongLong(c, <i64>pending);
  }
}

// ---- XREADGROUP -------------------------------------------------------------------------------------

/**
 * Serves new entries (after `start`, inclusive) to a consumer: advances the group's last id and read
 * counter, and (without NOACK) creates or reassigns NACKs. Returns the number of entries emitted.
 */
function serveNew(c: Client, s: Stream, start: usize, count: i64, g: Group, cn: Consumer, noack: bool): i64 {
  const hdr = addReplyDeferredLen(c);
  const now = S().nowMs;
  let n: i64 = 0;
  const sp = changetype<usize>(s);
  streamIterStart(SIT, sp, start, 0, false);
  while (streamIterGetID(SIT, ID_B)) {
    if (idCmp(ID_B, gLast(g)) > 0) cgAdvance(s, g, ID_B);
    streamReplyEntry(c, SIT, ID_B);
    if (!noack) {
      encodeKey(KEY_A, ID_B);
      let nack = nackNew(cn, now);
      if (!raxTryInsert(<usize>g.pel, KEY_A, 16, changetype<usize>(nack))) {
        // already pending (XGROUP SETID moved last_id back): the entry changes owner
        free(changetype<usize>(nack));
        nack = changetype<Nack>(raxOld);
        raxRemove(<usize>changetype<Consumer>(<usize>nack.consumer).pel, KEY_A, 16);
        nack.consumer = <u32>changetype<usize>(cn);
        nack.deliveryTime = now;
        nack.deliveryCount = 1;
      }
      raxInsert(<usize>cn.pel, KEY_A, 16, changetype<usize>(nack));
      cn.activeTime = now;
    }
    n++;
    if (count != 0 && n == count) break;
  }
  streamIterStop(SIT);
  setDeferredArrayLen(c, hdr, n);
  return n;
}

/** Serves the consumer's own pending entries after `start`; deleted ones come as [id, nil]. */
function serveHistory(c: Client, s: Stream, start: usize, count: i64, cn: Consumer): void {
  const hdr = addReplyDeferredLen(c);
  const now = S().nowMs;
  let n: i64 = 0;
  encodeKey(KEY_A, start);
  raxStart(RIT1, <usize>cn.pel);
  raxSeek(RIT1, RAX_SEEK_GE, KEY_A, 16);
  while ((count == 0 || n < count) && raxNext(RIT1)) {
    streamDecodeID(raxItKey(RIT1), ID_B);
    if (replyEntryIfExists(c, s, ID_B)) {
      const nack = changetype<Nack>(raxItVal(RIT1));
      nack.deliveryTime = now;
      nack.deliveryCount++;
    } else {
      addReplyArrayLen(c, 2);
      addReplyStreamID(c, ID_B);
      addReplyNullArray(c);
    }
    n++;
  }
  setDeferredArrayLen(c, hdr, n);
}

// per-stream state while XREADGROUP runs: id (16 bytes), group u32, flags u32 (1 = ">")
const XS_SIZE: u32 = 24;

function xreadgroupCommand(c: Client): void {
  let timeout: i64 = -1;
  let count: i64 = 0;
  let streamsArg: u32 = 0;
  let nstreams: u32 = 0;
  let noack = false;
  let groupArg: u32 = 0;
  for (let i: u32 = 1; i < c.argc; i++) {
    const more = c.argc - i - 1;
    if (argIs(c, i, "block") && more > 0) {
      i++;
      if (!getTimeoutArgMs(c, i)) return;
      timeout = timeoutArgVal;
    } else if (argIs(c, i, "count") && more > 0) {
      i++;
      if (!string2ll(argPtr(c, i), argLen(c, i))) { addReplyError(c, ERR_NOT_INTEGER); return; }
      count = parsedInt < 0 ? 0 : parsedInt;
    } else if (argIs(c, i, "streams") && more > 0) {
      streamsArg = i + 1;
      nstreams = c.argc - streamsArg;
      if (nstreams & 1) {
        addReplyError(c, "ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' must be specified.");
        return;
      }
      nstreams >>= 1;
      break;
    } else if (argIs(c, i, "group") && more >= 2) {
      groupArg = i + 1;
      i += 2;
    } else if (argIs(c, i, "noack")) {
      noack = true;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  if (streamsArg == 0) { addReplyError(c, ERR_SYNTAX); return; }
  if (groupArg == 0) { addReplyError(c, "ERR Missing GROUP option for XREADGROUP"); return; }

  const db = cdb(c);
  const touch = touchAllowed(c);
  const gp = argPtr(c, groupArg), gl = argLen(c, groupArg);
  const xs = alloc(nstreams * XS_SIZE);
  for (let j: u32 = 0; j < nstreams; j++) {
    const ka = streamsArg + j, ia = streamsArg + nstreams + j;
    const st = xs + <usize>j * XS_SIZE;
    const e = lookupKeyRead(db, argPtr(c, ka), argLen(c, ka), touch);
    if (e != 0 && eType(e) != OBJ_STREAM) { addReplyError(c, ERR_WRONGTYPE); free(xs); return; }
    const g = e != 0 ? cgLookup(cgroupsOf(streamOf(e)), gp, gl) : null;
    if (g == null) { replyNoKeyOrGroup(c, ka, groupArg, " in XREADGROUP with GROUP option"); free(xs); return; }
    store<u32>(st + 16, <u32>changetype<usize>(g));
    store<u32>(st + 20, 0);
    if (argIsChar(c, ia, 0x24)) {
      addReplyError(c, "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.");
      free(xs);
      return;
    } else if (argIsChar(c, ia, 0x2b)) {
      addReplyError(c, "ERR The + ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The + ID would just return an empty result set.");
      free(xs);
      return;
    } else if (argIsChar(c, ia, 0x3e)) {
      store<u32>(st + 20, 1);
    } else if (parseStreamID(c, ia, st, 0, true, false) < 0) {
      free(xs);
      return;
    } else if (idIsMax(st)) {
      // Redis encodes ">" as the maximal ID, so that ID given literally means ">" too
      store<u32>(st + 20, 1);
    }
  }

  let served: u32 = 0;
  let hdr: u32 = 0;
  const now = S().nowMs;
  for (let j: u32 = 0; j < nstreams; j++) {
    const ka = streamsArg + j;
    const st = xs + <usize>j * XS_SIZE;
    const e = lookupKeyRead(db, argPtr(c, ka), argLen(c, ka), touch);
    if (e == 0) continue;
    const s = streamOf(e);
    const g = changetype<Group>(<usize>load<u32>(st + 16));
    const isNew = load<u32>(st + 20) != 0;
    let serve = false;
    if (!isNew) {
      serve = true;
      idCopy(ID_A, st);
    } else if (s.length != 0) {
      streamLastValidID(changetype<usize>(s), ID_A);
      if (idCmp(ID_A, gLast(g)) > 0) {
        serve = true;
        idCopy(ID_A, gLast(g));
      }
    }
    const cn = consumerLookupOrCreate(c, g, groupArg + 1, ka);
    cn.seenTime = now;
    if (!serve) continue;
    served++;
    if (served == 1) hdr = addReplyDeferredLen(c);
    // entries strictly after the given id; Redis wraps the maximal id to 0-0 here
    if (!idIncr(ID_A)) idSet(ID_A, 0, 0);
    if (c.resp == 2) addReplyArrayLen(c, 2);
    addReplyBulk(c, argPtr(c, ka), argLen(c, ka));
    if (!isNew) serveHistory(c, s, ID_A, count, cn);
    else if (serveNew(c, s, ID_A, count, g, cn, noack) > 0) S().dirty++;
  }
  free(xs);
  if (served > 0) {
    if (c.resp == 2) setDeferredArrayLen(c, hdr, served); else setDeferredMapLen(c, hdr, served);
    return;
  }
  if (timeout != -1) {
    if (c.flags & CF_DENY_BLOCKING) { addReplyNullArray(c); return; }
    blockForKeysEx(c, BLOCKED_STREAM, streamsArg, nstreams, timeout, 0, true);
    return;
  }
  addReplyNullArray(c);
}

// ---- XACK -------------------------------------------------------------------------------------------

function xackCommand(c: Client): void {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e != 0 && eType(e) != OBJ_STREAM) { addReplyError(c, ERR_WRONGTYPE); return; }
  const g = e != 0 ? cgLookup(cgroupsOf(streamOf(e)), argPtr(c, 2), argLen(c, 2)) : null;
  if (g == null) { addReplyLongLong(c, 0); return; }
  // all or nothing: every ID is parsed before any is acknowledged
  const nids = c.argc - 3;
  const ids = alloc(nids << 4);
  for (let j: u32 = 0; j < nids; j++) {
    if (parseStreamID(c, 3 + j, ids + (<usize>j << 4), 0, true, false) < 0) { free(ids); return; }
  }
  let acked: i64 = 0;
  for (let j: u32 = 0; j < nids; j++) {
    encodeKey(KEY_A, ids + (<usize>j << 4));
    if (raxFind(<usize>g.pel, KEY_A, 16)) {
      nackDrop(g, KEY_A, changetype<Nack>(raxVal));
      acked++;
      S().dirty++;
    }
  }
  free(ids);
  addReplyLongLong(c, acked);
}

// ---- XPENDING ---------------------------------------------------------------------------------------

function xpendingCommand(c: Client): void {
  const justinfo = c.argc == 3;
  let count: i64 = 0;
  let minidle: i64 = 0;
  let consumerArg: u32 = 0;
  if (c.argc != 3 && (c.argc < 6 || c.argc > 9)) { addReplyError(c, ERR_SYNTAX); return; }
  if (c.argc >= 6) {
    let si: u32 = 3;
    if (argIs(c, 3, "idle")) {
      if (!string2ll(argPtr(c, 4), argLen(c, 4))) { addReplyError(c, ERR_NOT_INTEGER); return; }
      minidle = parsedInt;
      if (c.argc < 8) { addReplyError(c, ERR_SYNTAX); return; }
      si += 2;
    }
    if (!string2ll(argPtr(c, si + 2), argLen(c, si + 2))) { addReplyError(c, ERR_NOT_INTEGER); return; }
    count = parsedInt < 0 ? 0 : parsedInt;
    if (parseIntervalID(c, si, ID_A, 0) < 0) return;
    if (idExclusive && !idIncr(ID_A)) { addReplyError(c, "ERR invalid start ID for the interval"); return; }
    if (parseIntervalID(c, si + 1, ID_B, u64.MAX_VALUE) < 0) return;
    if (idExclusive && !idDecr(ID_B)) { addReplyError(c, "ERR invalid end ID for the interval"); return; }
    if (si + 3 < c.argc) consumerArg = si + 3;
  }
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e != 0 && eType(e) != OBJ_STREAM) { addReplyError(c, ERR_WRONGTYPE); return; }
  const g = e != 0 ? cgLookup(cgroupsOf(streamOf(e)), argPtr(c, 2), argLen(c, 2)) : null;
  if (g == null) { replyNoKeyOrGroup(c, 1, 2, ""); return; }

  if (justinfo) {
    const pel = <usize>g.pel;
    addReplyArrayLen(c, 4);
    const n = raxSize(pel);
    addReplyLongLong(c, <i64>n);
    if (n == 0) {
      addReplyNull(c);
      addReplyNull(c);
      addReplyNullArray(c);
      return;
    }
    raxStart(RIT1, pel);
    raxSeek(RIT1, RAX_SEEK_FIRST, 0, 0);
    raxNext(RIT1);
    streamDecodeID(raxItKey(RIT1), ID_A);
    addReplyStreamID(c, ID_A);
    raxSeek(RIT1, RAX_SEEK_LAST, 0, 0);
    raxNext(RIT1);
    streamDecodeID(raxItKey(RIT1), ID_A);
    addReplyStreamID(c, ID_A);
    const hdr = addReplyDeferredLen(c);
    let k: i64 = 0;
    raxStart(RIT1, <usize>g.consumers);
    raxSeek(RIT1, RAX_SEEK_FIRST, 0, 0);
    while (raxNext(RIT1)) {
      const cn = changetype<Consumer>(raxItVal(RIT1));
      const np = raxSize(<usize>cn.pel);
      if (np == 0) continue;
      addReplyArrayLen(c, 2);
      addReplyBulk(c, raxItKey(RIT1), raxItKeyLen(RIT1));
      addReplyBulkLongLong(c, <i64>np);
      k++;
    }
    setDeferredArrayLen(c, hdr, k);
    return;
  }

  let pel = <usize>g.pel;
  if (consumerArg != 0) {
    const cn = consumerLookup(g, argPtr(c, consumerArg), argLen(c, consumerArg));
    if (cn == null) { addReplyArrayLen(c, 0); return; }
    pel = <usize>cn.pel;
  }
  const now = S().nowMs;
  encodeKey(KEY_A, ID_A);
  encodeKey(KEY_B, ID_B);
  raxStart(RIT1, pel);
  raxSeek(RIT1, RAX_SEEK_GE, KEY_A, 16);
  const hdr = addReplyDeferredLen(c);
  let k: i64 = 0;
  while (count != 0 && raxNext(RIT1) && memory.compare(raxItKey(RIT1), KEY_B, 16) <= 0) {
    const nack = changetype<Nack>(raxItVal(RIT1));
    if (minidle != 0 && now - nack.deliveryTime < minidle) continue;
    k++;
    count--;
    addReplyArrayLen(c, 4);
    streamDecodeID(raxItKey(RIT1), ID_C);
    addReplyStreamID(c, ID_C);
    const cn = changetype<Consumer>(<usize>nack.consumer);
    addReplyBulk(c, consumerName(cn), cn.nameLen);
    let elapsed = now - nack.deliveryTime;
    if (elapsed < 0) elapsed = 0;
    addReplyLongLong(c, elapsed);
    addReplyLongLong(c, nack.deliveryCount);
  }
  setDeferredArrayLen(c, hdr, k);
}

// ---- XCLAIM -----------------------------------------------------------------------------------------

function xclaimCommand(c: Client): void {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e != 0 && eType(e) != OBJ_STREAM) { addReplyError(c, ERR_WRONGTYPE); return; }
  const g = e != 0 ? cgLookup(cgroupsOf(streamOf(e)), argPtr(c, 2), argLen(c, 2)) : null;
  if (g == null) { replyNoKeyOrGroup(c, 1, 2, ""); return; }
  const s = streamOf(e);
  if (!string2ll(argPtr(c, 4), argLen(c, 4))) { addReplyError(c, "ERR Invalid min-idle-time argument for XCLAIM"); return; }
  let minidle = parsedInt;
  if (minidle < 0) minidle = 0;

  // IDs run until the first argument that is not one; the rest are options
  const ids = alloc((c.argc - 5) << 4);
  let j: u32 = 5;
  for (; j < c.argc; j++) {
    if (parseStreamIDBytes(argPtr(c, j), argLen(c, j), ids + (<usize>(j - 5) << 4), 0, true, false) < 0) break;
  }
  const lastIdArg = j - 1;
  const now = S().nowMs;
  let deliverytime: i64 = -1;
  let retrycount: i64 = -1;
  let force = false, justid = false;
  idSet(ID_B, 0, 0);
  for (; j < c.argc; j++) {
    const more = c.argc - 1 - j;
    if (argIs(c, j, "force")) force = true;
    else if (argIs(c, j, "justid")) justid = true;
    else if (argIs(c, j, "idle") && more > 0) {
      j++;
      if (!string2ll(argPtr(c, j), argLen(c, j))) { addReplyError(c, "ERR Invalid IDLE option argument for XCLAIM"); free(ids); return; }
      deliverytime = now - parsedInt;
    } else if (argIs(c, j, "time") && more > 0) {
      j++;
      if (!string2ll(argPtr(c, j), argLen(c, j))) { addReplyError(c, "ERR Invalid TIME option argument for XCLAIM"); free(ids); return; }
      deliverytime = parsedInt;
    } else if (argIs(c, j, "retrycount") && more > 0) {
      j++;
      if (!string2ll(argPtr(c, j), argLen(c, j))) { addReplyError(c, "ERR Invalid RETRYCOUNT option argument for XCLAIM"); free(ids); return; }
      retrycount = parsedInt;
    } else if (argIs(c, j, "lastid") && more > 0) {
      j++;
      if (parseStreamID(c, j, ID_B, 0, true, false) < 0) { free(ids); return; }
    } else {
      errBegin(c);
      errLit(c, "ERR Unrecognized XCLAIM option '");
      errCStr(c, j);
      errLit(c, "'");
      errEnd(c);
      free(ids);
      return;
    }
  }
  let propagateLastId = false;
  if (idCmp(ID_B, gLast(g)) > 0) {
    idCopy(gLast(g), ID_B);
    propagateLastId = true;
  }
  // a bogus delivery time (negative, or in the future) becomes now rather than an error
  if (deliverytime == -1 || deliverytime < 0 || deliverytime > now) deliverytime = now;

  const cn = consumerLookupOrCreate(c, g, 3, 1);
  cn.seenTime = now;
  const hdr = addReplyDeferredLen(c);
  let k: i64 = 0;
  const sp = changetype<usize>(s);
  for (let a: u32 = 5; a <= lastIdArg; a++) {
    const id = ids + (<usize>(a - 5) << 4);
    encodeKey(KEY_A, id);
    let nack: Nack | null = raxFind(<usize>g.pel, KEY_A, 16) ? changetype<Nack>(raxVal) : null;
    if (!streamEntryExists(sp, id)) {
      // the entry is gone: its NACK goes too
      if (nack != null) {
        nackDrop(g, KEY_A, nack);
        propagateLastId = false;
        S().dirty++;
      }
      continue;
    }
    if (force && nack == null) {
      nack = nackNew(null, now);
      raxInsert(<usize>g.pel, KEY_A, 16, changetype<usize>(nack));
    }
    if (nack == null) continue;
    // a NACK just created by FORCE has no owner and no idle time to check
    if (nack.consumer != 0 && minidle != 0 && now - nack.deliveryTime < minidle) continue;
    const owner = <usize>nack.consumer;
    if (owner != changetype<usize>(cn) && owner != 0) raxRemove(<usize>changetype<Consumer>(owner).pel, KEY_A, 16);
    nack.deliveryTime = deliverytime;
    if (retrycount >= 0) nack.deliveryCount = retrycount;
    else if (!justid) nack.deliveryCount++;
    if (owner != changetype<usize>(cn)) {
      raxInsert(<usize>cn.pel, KEY_A, 16, changetype<usize>(nack));
      nack.consumer = <u32>changetype<usize>(cn);
    }
    if (justid) addReplyStreamID(c, id); else replyEntryIfExists(c, s, id);
    k++;
    cn.activeTime = now;
    propagateLastId = false;
    S().dirty++;
  }
  if (propagateLastId) S().dirty++;
  setDeferredArrayLen(c, hdr, k);
  free(ids);
}

// ---- XAUTOCLAIM -------------------------------------------------------------------------------------

const XAUTOCLAIM_ATTEMPTS_FACTOR: i64 = 10;
// LONG_MAX / max(sizeof(streamID), attempts factor), Redis's bound for COUNT
const XAUTOCLAIM_MAX_COUNT: i64 = 576460752303423487;
// deleted IDs are kept in a transient buffer of COUNT * 16 bytes in Redis; beyond this, the 32-bit
// core could never allocate it (see the deviation note at the top)
const XAUTOCLAIM_ALLOC_LIMIT: i64 = 1 << 28;

function xautoclaimCommand(c: Client): void {
  if (!string2ll(argPtr(c, 4), argLen(c, 4))) { addReplyError(c, "ERR Invalid min-idle-time argument for XAUTOCLAIM"); return; }
  let minidle = parsedInt;
  if (minidle < 0) minidle = 0;
  if (parseIntervalID(c, 5, ID_A, 0) < 0) return;
  if (idExclusive && !idIncr(ID_A)) { addReplyError(c, "ERR invalid start ID for the interval"); return; }
  let count: i64 = 100;
  let justid = false;
  let j: u32 = 6;
  while (j < c.argc) {
    const more = c.argc - 1 - j;
    if (argIs(c, j, "count") && more > 0) {
      if (!string2ll(argPtr(c, j + 1), argLen(c, j + 1)) || parsedInt < 1 || parsedInt > XAUTOCLAIM_MAX_COUNT) {
        addReplyError(c, "ERR COUNT must be > 0");
        return;
      }
      count = parsedInt;
      j++;
    } else if (argIs(c, j, "justid")) {
      justid = true;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
    j++;
  }
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e != 0 && eType(e) != OBJ_STREAM) { addReplyError(c, ERR_WRONGTYPE); return; }
  const g = e != 0 ? cgLookup(cgroupsOf(streamOf(e)), argPtr(c, 2), argLen(c, 2)) : null;
  if (g == null) { replyNoKeyOrGroup(c, 1, 2, ""); return; }
  if (count > XAUTOCLAIM_ALLOC_LIMIT) {
    addReplyError(c, "ERR Insufficient memory, failed allocating transient memory, COUNT too high.");
    return;
  }
  const s = streamOf(e);
  const sp = changetype<usize>(s);
  const cn = consumerLookupOrCreate(c, g, 3, 1);
  const now = S().nowMs;
  cn.seenTime = now;

  // First claim, collecting claimed and deleted IDs; then reply (the cursor comes first).
  let claimed: usize = 0, nClaimed: u32 = 0, capClaimed: u32 = 0;
  let deleted: usize = 0, nDeleted: u32 = 0, capDeleted: u32 = 0;
  let attempts = count * XAUTOCLAIM_ATTEMPTS_FACTOR;
  encodeKey(KEY_A, ID_A);
  raxStart(RIT1, <usize>g.pel);
  raxSeek(RIT1, RAX_SEEK_GE, KEY_A, 16);
  while (attempts-- != 0 && count != 0 && raxNext(RIT1)) {
    memory.copy(KEY_A, raxItKey(RIT1), 16);
    const nack = changetype<Nack>(raxItVal(RIT1));
    streamDecodeID(KEY_A, ID_B);
    if (!streamEntryExists(sp, ID_B)) {
      S().dirty++;
      nackDrop(g, KEY_A, nack);
      if (nDeleted == capDeleted) { capDeleted = capDeleted == 0 ? 8 : capDeleted * 2; deleted = realloc(deleted, capDeleted << 4); }
      idCopy(deleted + (<usize>nDeleted << 4), ID_B);
      nDeleted++;
      raxSeek(RIT1, RAX_SEEK_GE, KEY_A, 16);
      count--;
      continue;
    }
    if (minidle != 0 && now - nack.deliveryTime < minidle) continue;
    const owner = <usize>nack.consumer;
    if (owner != changetype<usize>(cn) && owner != 0) raxRemove(<usize>changetype<Consumer>(owner).pel, KEY_A, 16);
    nack.deliveryTime = now;
    if (!justid) nack.deliveryCount++;
    if (owner != changetype<usize>(cn)) {
      raxInsert(<usize>cn.pel, KEY_A, 16, changetype<usize>(nack));
      nack.consumer = <u32>changetype<usize>(cn);
    }
    if (nClaimed == capClaimed) { capClaimed = capClaimed == 0 ? 8 : capClaimed * 2; claimed = realloc(claimed, capClaimed << 4); }
    idCopy(claimed + (<usize>nClaimed << 4), ID_B);
    nClaimed++;
    count--;
    cn.activeTime = now;
    S().dirty++;
  }
  if (raxNext(RIT1)) streamDecodeID(raxItKey(RIT1), ID_A); else idSet(ID_A, 0, 0);

  addReplyArrayLen(c, 3);
  addReplyStreamID(c, ID_A);
  addReplyArrayLen(c, nClaimed);
  for (let i: u32 = 0; i < nClaimed; i++) {
    const id = claimed + (<usize>i << 4);
    if (justid) addReplyStreamID(c, id); else replyEntryIfExists(c, s, id);
  }
  addReplyArrayLen(c, nDeleted);
  for (let i: u32 = 0; i < nDeleted; i++) addReplyStreamID(c, deleted + (<usize>i << 4));
  if (claimed != 0) free(claimed);
  if (deleted != 0) free(deleted);
}

// ---- XINFO ------------------------------------------------------------------------------------------

const XINFO_HELP: StaticArray<string> = [
  "CONSUMERS <key> <groupname>",
  "    Show consumers of <groupname>.",
  "GROUPS <key>",
  "    Show the stream consumer groups.",
  "STREAM <key> [FULL [COUNT <count>]",
  "    Show information about the stream.",
];

function xinfoHelpCommand(c: Client): void { replyHelp(c, "XINFO", XINFO_HELP); }

/** The stream at argv[2] for XINFO, or null after replying "no such key" / WRONGTYPE. */
function xinfoLookup(c: Client): Stream | null {
  const e = lookupKeyRead(cdb(c), argPtr(c, 2), argLen(c, 2), touchAllowed(c));
  if (e == 0) { addReplyError(c, ERR_NO_SUCH_KEY); return null; }
  if (eType(e) != OBJ_STREAM) { addReplyError(c, ERR_WRONGTYPE); return null; }
  return streamOf(e);
}

function replyEntriesRead(c: Client, g: Group): void {
  if (g.entriesRead != SCG_INVALID_ENTRIES_READ) addReplyLongLong(c, g.entriesRead); else addReplyNull(c);
}

function replyLag(c: Client, s: Stream, g: Group): void {
  if (cgLagValid(s, g)) addReplyLongLong(c, cgLag); else addReplyNull(c);
}

function xinfoConsumersCommand(c: Client): void {
  const s = xinfoLookup(c);
  if (s == null) return;
  const g = cgLookup(cgroupsOf(s), argPtr(c, 3), argLen(c, 3));
  if (g == null) { replyNoGroupForKey(c, 3, 2); return; }
  addReplyArrayLen(c, <i64>raxSize(<usize>g.consumers));
  const now = S().nowMs;
  raxStart(RIT1, <usize>g.consumers);
  raxSeek(RIT1, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(RIT1)) {
    const cn = changetype<Consumer>(raxItVal(RIT1));
    const inactive: i64 = cn.activeTime != -1 ? now - cn.activeTime : -1;
    let idle = now - cn.seenTime;
    if (idle < 0) idle = 0;
    addReplyMapLen(c, 4);
    addReplyBulkLit(c, "name");
    addReplyBulk(c, consumerName(cn), cn.nameLen);
    addReplyBulkLit(c, "pending");
    addReplyLongLong(c, <i64>raxSize(<usize>cn.pel));
    addReplyBulkLit(c, "idle");
    addReplyLongLong(c, idle);
    addReplyBulkLit(c, "inactive");
    addReplyLongLong(c, inactive);
  }
}

function xinfoGroupsCommand(c: Client): void {
  const s = xinfoLookup(c);
  if (s == null) return;
  const r = cgroupsOf(s);
  if (r == 0) { addReplyArrayLen(c, 0); return; }
  addReplyArrayLen(c, <i64>raxSize(r));
  raxStart(RIT1, r);
  raxSeek(RIT1, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(RIT1)) {
    const g = changetype<Group>(raxItVal(RIT1));
    addReplyMapLen(c, 6);
    addReplyBulkLit(c, "name");
    addReplyBulk(c, raxItKey(RIT1), raxItKeyLen(RIT1));
    addReplyBulkLit(c, "consumers");
    addReplyLongLong(c, <i64>raxSize(<usize>g.consumers));
    addReplyBulkLit(c, "pending");
    addReplyLongLong(c, <i64>raxSize(<usize>g.pel));
    addReplyBulkLit(c, "last-delivered-id");
    addReplyStreamID(c, gLast(g));
    addReplyBulkLit(c, "entries-read");
    replyEntriesRead(c, g);
    addReplyBulkLit(c, "lag");
    replyLag(c, s, g);
  }
}

/** The first (rev = false) or last entry of the stream as [id, fields], or a null. */
function replyEdgeEntry(c: Client, s: Stream, rev: bool): void {
  streamIterStart(SIT, changetype<usize>(s), 0, 0, rev);
  if (streamIterGetID(SIT, ID_C)) streamReplyEntry(c, SIT, ID_C); else addReplyNull(c);
  streamIterStop(SIT);
}

function xinfoStreamCommand(c: Client): void {
  const s = xinfoLookup(c);
  if (s == null) return;
  let full = true;
  let count: i64 = 10;
  const optc = c.argc - 3;
  if (optc == 0) full = false;
  else {
    if (optc != 1 && optc != 3) { replySubcommandSyntaxError(c, "XINFO"); return; }
    if (!argIs(c, 3, "full")) { replySubcommandSyntaxError(c, "XINFO"); return; }
    if (optc == 3) {
      if (!argIs(c, 4, "count")) { replySubcommandSyntaxError(c, "XINFO"); return; }
      if (!string2ll(argPtr(c, 5), argLen(c, 5))) { addReplyError(c, ERR_NOT_INTEGER); return; }
      count = parsedInt < 0 ? 10 : parsedInt;
    }
  }
  const sp = changetype<usize>(s);
  addReplyMapLen(c, full ? 9 : 10);
  addReplyBulkLit(c, "length");
  addReplyLongLong(c, <i64>s.length);
  addReplyBulkLit(c, "radix-tree-keys");
  addReplyLongLong(c, <i64>raxSize(<usize>s.rax));
  addReplyBulkLit(c, "radix-tree-nodes");
  addReplyLongLong(c, <i64>raxRedisNodeCount(<usize>s.rax));
  addReplyBulkLit(c, "last-generated-id");
  addReplyStreamID(c, streamLastId(sp));
  addReplyBulkLit(c, "max-deleted-entry-id");
  addReplyStreamID(c, streamMaxDelId(sp));
  addReplyBulkLit(c, "entries-added");
  addReplyLongLong(c, <i64>s.entriesAdded);
  addReplyBulkLit(c, "recorded-first-entry-id");
  addReplyStreamID(c, streamFirstId(sp));
  const r = cgroupsOf(s);
  if (!full) {
    addReplyBulkLit(c, "groups");
    addReplyLongLong(c, r != 0 ? <i64>raxSize(r) : 0);
    addReplyBulkLit(c, "first-entry");
    replyEdgeEntry(c, s, false);
    addReplyBulkLit(c, "last-entry");
    replyEdgeEntry(c, s, true);
    return;
  }
  addReplyBulkLit(c, "entries");
  const hdr = addReplyDeferredLen(c);
  let n: i64 = 0;
  streamIterStart(SIT, sp, 0, 0, false);
  while ((count == 0 || n < count) && streamIterGetID(SIT, ID_C)) {
    streamReplyEntry(c, SIT, ID_C);
    n++;
  }
  streamIterStop(SIT);
  setDeferredArrayLen(c, hdr, n);

  addReplyBulkLit(c, "groups");
  if (r == 0) { addReplyArrayLen(c, 0); return; }
  addReplyArrayLen(c, <i64>raxSize(r));
  raxStart(RIT1, r);
  raxSeek(RIT1, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(RIT1)) {
    const g = changetype<Group>(raxItVal(RIT1));
    addReplyMapLen(c, 7);
    addReplyBulkLit(c, "name");
    addReplyBulk(c, raxItKey(RIT1), raxItKeyLen(RIT1));
    addReplyBulkLit(c, "last-delivered-id");
    addReplyStreamID(c, gLast(g));
    addReplyBulkLit(c, "entries-read");
    replyEntriesRead(c, g);
    addReplyBulkLit(c, "lag");
    replyLag(c, s, g);
    addReplyBulkLit(c, "pel-count");
    addReplyLongLong(c, <i64>raxSize(<usize>g.pel));
    addReplyBulkLit(c, "pending");
    const ph = addReplyDeferredLen(c);
    let pn: i64 = 0;
    raxStart(RIT2, <usize>g.pel);
    raxSeek(RIT2, RAX_SEEK_FIRST, 0, 0);
    while (raxNext(RIT2) && (count == 0 || pn < count)) {
      const nack = changetype<Nack>(raxItVal(RIT2));
      addReplyArrayLen(c, 4);
      streamDecodeID(raxItKey(RIT2), ID_C);
      addReplyStreamID(c, ID_C);
      const owner = changetype<Consumer>(<usize>nack.consumer);
      addReplyBulk(c, consumerName(owner), owner.nameLen);
      addReplyLongLong(c, nack.deliveryTime);
      addReplyLongLong(c, nack.deliveryCount);
      pn++;
    }
    setDeferredArrayLen(c, ph, pn);
    addReplyBulkLit(c, "consumers");
    addReplyArrayLen(c, <i64>raxSize(<usize>g.consumers));
    raxStart(RIT3, <usize>g.consumers);
    raxSeek(RIT3, RAX_SEEK_FIRST, 0, 0);
    while (raxNext(RIT3)) {
      const cn = changetype<Consumer>(raxItVal(RIT3));
      addReplyMapLen(c, 5);
      addReplyBulkLit(c, "name");
      addReplyBulk(c, consumerName(cn), cn.nameLen);
      addReplyBulkLit(c, "seen-time");
      addReplyLongLong(c, cn.seenTime);
      addReplyBulkLit(c, "active-time");
      addReplyLongLong(c, cn.activeTime);
      addReplyBulkLit(c, "pel-count");
      addReplyLongLong(c, <i64>raxSize(<usize>cn.pel));
      addReplyBulkLit(c, "pending");
      const ch = addReplyDeferredLen(c);
      let cnn: i64 = 0;
      raxStart(RIT4, <usize>cn.pel);
      raxSeek(RIT4, RAX_SEEK_FIRST, 0, 0);
      while (raxNext(RIT4) && (count == 0 || cnn < count)) {
        const nack = changetype<Nack>(raxItVal(RIT4));
        addReplyArrayLen(c, 3);
        streamDecodeID(raxItKey(RIT4), ID_C);
        addReplyStreamID(c, ID_C);
        addReplyLongLong(c, nack.deliveryTime);
        addReplyLongLong(c, nack.deliveryCount);
        cnn++;
      }
      setDeferredArrayLen(c, ch, cnn);
    }
  }
}

// ---- registration and hooks ---------------------------------------------------------------------------

export function registerStreamGroupCommands(): void {
  const G = "stream";
  const W = CMD_WRITE, R = CMD_READONLY, M = CMD_DENYOOM, F = CMD_FAST;
  def("xack", -4, W | F, 1, 1, 1, G, xackCommand);
  def("xautoclaim", -6, W | F, 1, 1, 1, G, xautoclaimCommand);
  def("xclaim", -6, W | F, 1, 1, 1, G, xclaimCommand);
  const xg = def("xgroup", -2, 0, 0, 0, 0, G, null);
  sub(xg, "create", -5, W | M, 2, 2, 1, xgroupCommand);
  sub(xg, "createconsumer", 5, W | M, 2, 2, 1, xgroupCommand);
  sub(xg, "delconsumer", 5, W, 2, 2, 1, xgroupCommand);
  sub(xg, "destroy", 4, W, 2, 2, 1, xgroupCommand);
  sub(xg, "help", 2, CMD_LOADING | CMD_STALE, 0, 0, 0, xgroupHelpCommand);
  sub(xg, "setid", -5, W, 2, 2, 1, xgroupCommand);
  const xi = def("xinfo", -2, 0, 0, 0, 0, G, null);
  sub(xi, "consumers", 4, R, 2, 2, 1, xinfoConsumersCommand);
  sub(xi, "groups", 3, R, 2, 2, 1, xinfoGroupsCommand);
  sub(xi, "help", 2, CMD_LOADING | CMD_STALE, 0, 0, 0, xinfoHelpCommand);
  sub(xi, "stream", -3, R, 2, 2, 1, xinfoStreamCommand);
  def("xpending", -3, R, 1, 1, 1, G, xpendingCommand);
  def("xreadgroup", -7, W | CMD_BLOCKING | CMD_MOVABLE_KEYS, 0, 0, 0, G, xreadgroupCommand);
}

/** Frees the consumer-group rax and everything in it. */
export function streamFreeCGroups(cg: usize): void { cgroupsFree(cg); }

/** A deep copy of the consumer groups for COPY (NACKs re-pointed at the copied consumers). */
export function streamDupCGroups(cg: usize, dst: usize): usize { return cgroupsDup(cg); }

/** Bytes owned by the consumer groups (MEMORY USAGE). */
export function streamCGroupsMemUsage(cg: usize): usize { return cgroupsMemUsage(cg); }

/**
 * The consumer-group part of Redis's lazy-free effort for a stream (lazyfreeGetFreeEffort): each
 * group and each entry of a PEL is an allocation; the first group's PEL size stands for all.
 * (For whoever implements lazy freeing; the stream part is its rax node count.)
 */
export function streamCGroupsFreeEffort(cg: usize): u64 {
  if (cg == 0 || raxSize(cg) == 0) return 0;
  raxStart(RIT1, cg);
  raxSeek(RIT1, RAX_SEEK_FIRST, 0, 0);
  raxNext(RIT1);
  const g = changetype<Group>(raxItVal(RIT1));
  return raxSize(cg) * (1 + raxSize(<usize>g.pel));
}
