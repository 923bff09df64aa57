// The stream commands without consumer groups (XADD XRANGE XREVRANGE XLEN XDEL XTRIM XSETID XREAD),
// the stream object's lifecycle hooks for server/objects.ts, and the reply/parse helpers the
// consumer-group commands share (notes/stream-api.md).
//
// Storage is ds/stream.ts; consumer groups hang off Stream.cgroups and belong to
// types/stream-groups.ts (its free/dup/memory hooks are called from here).
//
// Behaviour follows Redis 7.4:
// - XREAD accepts `+` (7.4) for "the last entry": the ID just before the last live entry, so one
//   entry at most is returned and COUNT does not matter; an empty or missing stream reads as 0-0.
//   (The ID of the last LIVE entry is used, as newer Redis does; 7.4.0 decremented last_id, which
//   returned nothing when the last entry had been deleted.)
// - XREAD BLOCK with `$`: the ID is resolved when the command first runs and kept in the block's
//   payload (server/blocking.ts), so the re-run after a wake-up reads the entries added since the
//   client blocked -- Redis 7.2+ rewrites the `$` argument instead, with the same effect. `+` is
//   resolved again on each run (Redis does not rewrite it either).
// - Inside MULTI and scripts (CF_DENY_BLOCKING) XREAD BLOCK answers at once, as 7.x does.
// Deviation from Redis (the core has no propagation yet): Redis rewrites XADD's ID and approximate
// trim arguments for AOF/replicas; nothing is propagated here.
import { Client, argPtr, argLen, CF_DENY_BLOCKING } from "../server/client";
import { def, CMD_WRITE, CMD_READONLY, CMD_DENYOOM, CMD_FAST, CMD_BLOCKING, CMD_MOVABLE_KEYS } from "../server/commands";
import { S, SCRATCH_SIZE } from "../server/state";
import { cdb, argInt, argIntVal } from "../server/cmdutil";
import { lookupKeyRead, lookupKeyWrite, dbAdd } from "../server/db";
import { kvNewObject, kvObj, OBJ_STREAM, ENC_STREAM } from "../server/kv";
import { eType } from "../ds/entry";
import { alloc, free } from "../mem/alloc";
import {
  addReplyError, addReplyOK, addReplyLongLong, addReplyBulk, addReplyNull, addReplyNullArray,
  addReplyArrayLen, addReplyDeferredLen, setDeferredArrayLen, setDeferredMapLen,
} from "../server/reply";
import { eqLit } from "../util/bytes";
import { ERR_SYNTAX, ERR_WRONGTYPE, ERR_NO_SUCH_KEY } from "../server/errors";
import { touchAllowed } from "./strings";
import { keyChanged, signalModifiedKey, notifyKeyspaceEvent, NOTIFY_STREAM } from "../server/notify";
import {
  getTimeoutArgMs, timeoutArgVal, blockForKeysEx, blockedPayload, signalKeyAsReady, BLOCKED_STREAM,
} from "../server/blocking";
import {
  Stream, streamNew, streamFree, streamDup, streamMemUsage, streamAppendItem, streamTrim,
  streamDeleteItem, streamLastValidID, streamLastId, streamMaxDelId, streamIterStart,
  streamIterGetID, streamIterGetField, siNumFields, siFieldPtr, siFieldLen, siValuePtr, siValueLen,
  parseStreamIDBytes, idFormat, idCmp, idCopy, idSet, idIncr, idDecr, idIsZero, idIsMax,
  STREAM_ITER_SIZE, STREAM_ERR_EDOM, STREAM_OK, TRIM_NONE, TRIM_MAXLEN, TRIM_MINID, ID_INVALID,
  ID_SEQ_STAR,
} from "../ds/stream";
import { streamFreeCGroups, streamDupCGroups, streamCGroupsMemUsage } from "./stream-groups";

// ---- object lifecycle (server/objects.ts) ---------------------------------------------------------

export function streamObjFree(obj: usize): void {
  const cg = changetype<Stream>(obj).cgroups;
  if (cg != 0) streamFreeCGroups(<usize>cg);
  streamFree(obj);
}

/** COPY: entries and consumer groups (0 on out of memory). */
export function streamObjDup(obj: usize): usize {
  const d = streamDup(obj);
  if (d == 0) return 0;
  const cg = changetype<Stream>(obj).cgroups;
  if (cg != 0) changetype<Stream>(d).cgroups = <u32>streamDupCGroups(<usize>cg, d);
  return d;
}

export function streamObjMemUsage(obj: usize): u32 {
  let n = streamMemUsage(obj);
  const cg = changetype<Stream>(obj).cgroups;
  if (cg != 0) n += streamCGroupsMemUsage(<usize>cg);
  return <u32>n;
}

// ---- shared helpers ---------------------------------------------------------------------------------

const ERR_INVALID_ID = "ERR Invalid stream ID specified as stream command argument";
const ID_FMT: usize = memory.data(48, 8);

export function addReplyStreamID(c: Client, id: usize): void {
  addReplyBulk(c, ID_FMT, idFormat(ID_FMT, id));
}

/**
 * argv[i] as a stream ID (ds/stream.ts parseStreamIDBytes rules), replying Redis's error when it is
 * invalid. Returns ID_INVALID, ID_OK or ID_SEQ_STAR.
 */
export function parseStreamID(c: Client, i: u32, id: usize, missingSeq: u64, strict: bool, allowSeqStar: bool): i32 {
  const rc = parseStreamIDBytes(argPtr(c, i), argLen(c, i), id, missingSeq, strict, allowSeqStar);
  if (rc == ID_INVALID) addReplyError(c, ERR_INVALID_ID);
  return rc;
}

/** Set by parseIntervalID: the argument had the exclusive "(" prefix. */
export let idExclusive = false;

/** A range bound (XRANGE, XPENDING, XAUTOCLAIM): "(" makes it exclusive, the rest parsed strictly. */
export function parseIntervalID(c: Client, i: u32, id: usize, missingSeq: u64): i32 {
  const p = argPtr(c, i), n = argLen(c, i);
  idExclusive = n > 1 && load<u8>(p) == 0x28;
  const rc = idExclusive ? parseStreamIDBytes(p + 1, n - 1, id, missingSeq, true, false)
    : parseStreamIDBytes(p, n, id, missingSeq, false, false);
  if (rc == ID_INVALID) addReplyError(c, ERR_INVALID_ID);
  return rc;
}

/** After a successful streamIterGetID: the entry as [id, [field, value, ...]]. */
export function streamReplyEntry(c: Client, it: usize, id: usize): void {
  addReplyArrayLen(c, 2);
  addReplyStreamID(c, id);
  const n = siNumFields;
  addReplyArrayLen(c, n * 2);
  for (let i: i64 = 0; i < n; i++) {
    streamIterGetField(it);
    addReplyBulk(c, siFieldPtr, siFieldLen);
    addReplyBulk(c, siValuePtr, siValueLen);
  }
}

const RANGE_IT: usize = memory.data(STREAM_ITER_SIZE, 8);
const RANGE_ID: usize = memory.data(16, 8);

/**
 * The entries of [start, end] (StreamID pointers, 0 = open) as an array, at most `count` of them
 * (0 = all), forward or reverse. Returns how many were emitted.
 */
export function streamReplyWithRange(c: Client, s: usize, start: usize, end: usize, count: i64, rev: bool): i64 {
  const h = addReplyDeferredLen(c);
  streamIterStart(RANGE_IT, s, start, end, rev);
  let n: i64 = 0;
  while ((count == 0 || n < count) && streamIterGetID(RANGE_IT, RANGE_ID)) {
    streamReplyEntry(c, RANGE_IT, RANGE_ID);
    n++;
  }
  setDeferredArrayLen(c, h, n);
  return n;
}

@inline function argIs(c: Client, i: u32, lit: string): bool { return eqLit(argPtr(c, i), argLen(c, i), lit); }
/** An exact one-byte argument: Redis compares "*", "~", "=", "$", "+" with strcmp. */
@inline function argIsChar(c: Client, i: u32, ch: u8): bool { return argLen(c, i) == 1 && load<u8>(argPtr(c, i)) == ch; }

/** The stream at argv[1] for writing: 0 with WRONGTYPE replied when it is another type. */
function streamLookupWrite(c: Client, e: usize): bool {
  if (e != 0 && eType(e) != OBJ_STREAM) { addReplyError(c, ERR_WRONGTYPE); return false; }
  return true;
}

// ---- XADD / XTRIM argument parsing -------------------------------------------------------------

// Parsed by parseAddTrimArgs (Redis's streamParseAddOrTrimArgsOrReply).
let taStrategy: i32 = TRIM_NONE;
let taMaxlen: i64 = 0;
const TA_MINID: usize = memory.data(16, 8);
let taApprox = false;
let taLimit: i64 = 0;
let taIdGiven = false;
let taSeqGiven = false;
let taNoMkstream = false;
const TA_ID: usize = memory.data(16, 8);

/** XADD / XTRIM options; returns the position of XADD's ID (or where XTRIM's parsing ended), -1 on error. */
function parseAddTrimArgs(c: Client, xadd: bool): i32 {
  taStrategy = TRIM_NONE; taMaxlen = -1; taApprox = false; taLimit = 0;
  taIdGiven = false; taSeqGiven = true; taNoMkstream = false;
  let limitGiven = false;
  let i: u32 = 2;
  const argc = c.argc;
  for (; i < argc; i++) {
    const more = argc - 1 - i;
    if (xadd && argIsChar(c, i, 0x2a)) break;
    const isMaxlen = argIs(c, i, "maxlen");
    if ((isMaxlen || argIs(c, i, "minid")) && more > 0) {
      if (taStrategy != TRIM_NONE) {
        addReplyError(c, "ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
        return -1;
      }
      taApprox = false;
      if (more >= 2 && argIsChar(c, i + 1, 0x7e)) { taApprox = true; i++; }
      else if (more >= 2 && argIsChar(c, i + 1, 0x3d)) i++;
      if (isMaxlen) {
        if (!argInt(c, i + 1)) return -1;
        taMaxlen = argIntVal;
        if (taMaxlen < 0) { addReplyError(c, "ERR The MAXLEN argument must be >= 0."); return -1; }
        taStrategy = TRIM_MAXLEN;
      } else {
        if (parseStreamID(c, i + 1, TA_MINID, 0, true, false) == ID_INVALID) return -1;
        taStrategy = TRIM_MINID;
      }
      i++;
    } else if (argIs(c, i, "limit") && more > 0) {
      if (!argInt(c, i + 1)) return -1;
      taLimit = argIntVal;
      if (taLimit < 0) { addReplyError(c, "ERR The LIMIT argument must be >= 0."); return -1; }
      limitGiven = true;
      i++;
    } else if (xadd && argIs(c, i, "nomkstream")) {
      taNoMkstream = true;
    } else if (xadd) {
      const rc = parseStreamID(c, i, TA_ID, 0, true, true);
      if (rc == ID_INVALID) return -1;
      taIdGiven = true;
      taSeqGiven = rc != ID_SEQ_STAR;
      break;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return -1;
    }
  }
  if (taLimit != 0 && taStrategy == TRIM_NONE) {
    addReplyError(c, "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
    return -1;
  }
  if (!xadd && taStrategy == TRIM_NONE) {
    addReplyError(c, "ERR syntax error, XTRIM must be called with a trimming strategy");
    return -1;
  }
  if (limitGiven) {
    if (!taApprox) {
      addReplyError(c, "ERR syntax error, LIMIT cannot be used without the special ~ option");
      return -1;
    }
  } else if (taApprox) {
    // approximate trimming does a bounded amount of work unless LIMIT says otherwise
    taLimit = 100 * S().streamNodeMaxEntries;
    if (taLimit <= 0 || taLimit > 10000) taLimit = 10000;
  } else taLimit = 0;
  return <i32>i;
}

// ---- XADD ---------------------------------------------------------------------------------------

const ADDED_ID: usize = memory.data(16, 8);

function xaddCommand(c: Client): void {
  const idpos = parseAddTrimArgs(c, true);
  if (idpos < 0) return;
  const fieldPos = <u32>idpos + 1;
  const argc = c.argc;
  if (argc < fieldPos + 2 || ((argc - fieldPos) & 1) == 1) {
    addReplyError(c, "ERR wrong number of arguments for 'xadd' command");
    return;
  }
  if (taIdGiven && taSeqGiven && idIsZero(TA_ID)) {
    addReplyError(c, "ERR The ID specified in XADD must be greater than 0-0");
    return;
  }
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  let e = lookupKeyWrite(db, kp, kl);
  if (!streamLookupWrite(c, e)) return;
  if (e == 0) {
    if (taNoMkstream) { addReplyNull(c); return; }
    e = kvNewObject(kp, kl, OBJ_STREAM, ENC_STREAM, streamNew(), -1);
    dbAdd(db, e);
  }
  const s = kvObj(e);
  if (idIsMax(streamLastId(s))) {
    addReplyError(c, "ERR The stream has exhausted the last possible ID, unable to add more items");
    return;
  }
  const npairs = (argc - fieldPos) >> 1;
  const need = npairs << 4;
  const pairs = need <= SCRATCH_SIZE ? <usize>S().scratch : alloc(need);
  for (let j: u32 = 0; j < npairs; j++) {
    const at = pairs + (<usize>j << 4);
    const f = fieldPos + (j << 1);
    store<u32>(at, <u32>argPtr(c, f));
    store<u32>(at + 4, argLen(c, f));
    store<u32>(at + 8, <u32>argPtr(c, f + 1));
    store<u32>(at + 12, argLen(c, f + 1));
  }
  const rc = streamAppendItem(s, pairs, npairs, ADDED_ID, taIdGiven ? TA_ID : 0, taSeqGiven);
  if (need > SCRATCH_SIZE) free(pairs);
  if (rc != STREAM_OK) {
    if (rc == STREAM_ERR_EDOM) addReplyError(c, "ERR The ID specified in XADD is equal or smaller than the target stream top item");
    else addReplyError(c, "ERR Elements are too large to be stored");
    return;
  }
  addReplyStreamID(c, ADDED_ID);
  keyChanged(db, NOTIFY_STREAM, "xadd", kp, kl);
  S().dirty++;
  if (taStrategy != TRIM_NONE && streamTrim(s, taStrategy, taMaxlen, TA_MINID, taApprox, taLimit) != 0) {
    notifyKeyspaceEvent(NOTIFY_STREAM, "xtrim", kp, kl, c.db);
  }
  signalKeyAsReady(c.db, kp, kl, OBJ_STREAM);
}

// ---- XTRIM XLEN XDEL XSETID --------------------------------------------------------------------

function xtrimCommand(c: Client): void {
  if (parseAddTrimArgs(c, false) < 0) return;
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const e = lookupKeyWrite(cdb(c), kp, kl);
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (!streamLookupWrite(c, e)) return;
  const deleted = streamTrim(kvObj(e), taStrategy, taMaxlen, TA_MINID, taApprox, taLimit);
  if (deleted != 0) {
    notifyKeyspaceEvent(NOTIFY_STREAM, "xtrim", kp, kl, c.db);
    signalModifiedKey(cdb(c), kp, kl);
    S().dirty += <u64>deleted;
  }
  addReplyLongLong(c, deleted);
}

function xlenCommand(c: Client): void {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (eType(e) != OBJ_STREAM) { addReplyError(c, ERR_WRONGTYPE); return; }
  addReplyLongLong(c, <i64>changetype<Stream>(kvObj(e)).length);
}

function xdelCommand(c: Client): void {
  const e = lookupKeyWrite(cdb(c), argPtr(c, 1), argLen(c, 1));
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (!streamLookupWrite(c, e)) return;
  // all IDs are validated before anything is deleted
  const n = c.argc - 2;
  const need = n << 4;
  const ids = need <= SCRATCH_SIZE ? <usize>S().scratch : alloc(need);
  let ok = true;
  for (let j: u32 = 0; j < n; j++) {
    if (parseStreamID(c, j + 2, ids + (<usize>j << 4), 0, true, false) == ID_INVALID) { ok = false; break; }
  }
  if (ok) {
    const s = kvObj(e);
    let deleted: i64 = 0;
    for (let j: u32 = 0; j < n; j++) if (streamDeleteItem(s, ids + (<usize>j << 4))) deleted++;
    if (deleted != 0) {
      keyChanged(cdb(c), NOTIFY_STREAM, "xdel", argPtr(c, 1), argLen(c, 1));
      S().dirty += <u64>deleted;
    }
    addReplyLongLong(c, deleted);
  }
  if (need > SCRATCH_SIZE) free(ids);
}

const SETID_ID: usize = memory.data(16, 8);
const SETID_MAXDEL: usize = memory.data(16, 8);
const SETID_TOP: usize = memory.data(16, 8);

function xsetidCommand(c: Client): void {
  if (parseStreamID(c, 2, SETID_ID, 0, true, false) == ID_INVALID) return;
  idSet(SETID_MAXDEL, 0, 0);
  let entriesAdded: i64 = -1;
  let i: u32 = 3;
  while (i < c.argc) {
    const more = c.argc - 1 - i;
    if (argIs(c, i, "entriesadded") && more > 0) {
      if (!argInt(c, i + 1)) return;
      entriesAdded = argIntVal;
      if (entriesAdded < 0) { addReplyError(c, "ERR entries_added must be positive"); return; }
      i += 2;
    } else if (argIs(c, i, "maxdeletedid") && more > 0) {
      if (parseStreamID(c, i + 1, SETID_MAXDEL, 0, true, false) == ID_INVALID) return;
      if (idCmp(SETID_ID, SETID_MAXDEL) < 0) {
        addReplyError(c, "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
        return;
      }
      i += 2;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  const e = lookupKeyWrite(cdb(c), argPtr(c, 1), argLen(c, 1));
  if (e == 0) { addReplyError(c, ERR_NO_SUCH_KEY); return; }
  if (!streamLookupWrite(c, e)) return;
  const s = kvObj(e);
  const st = changetype<Stream>(s);
  if (idCmp(SETID_ID, streamMaxDelId(s)) < 0) {
    addReplyError(c, "ERR The ID specified in XSETID is smaller than current max_deleted_entry_id");
    return;
  }
  if (st.length > 0) {
    streamLastValidID(s, SETID_TOP);
    if (idCmp(SETID_ID, SETID_TOP) < 0) {
      addReplyError(c, "ERR The ID specified in XSETID is smaller than the target stream top item");
      return;
    }
    if (entriesAdded != -1 && st.length > <u64>entriesAdded) {
      addReplyError(c, "ERR The entries_added specified in XSETID is smaller than the target stream length");
      return;
    }
  }
  idCopy(streamLastId(s), SETID_ID);
  if (entriesAdded != -1) st.entriesAdded = <u64>entriesAdded;
  if (!idIsZero(SETID_MAXDEL)) idCopy(streamMaxDelId(s), SETID_MAXDEL);
  // as Redis: XSETID notifies but does not signal the key as modified (WATCH does not see it)
  S().dirty++;
  addReplyOK(c);
  notifyKeyspaceEvent(NOTIFY_STREAM, "xsetid", argPtr(c, 1), argLen(c, 1), c.db);
}

// ---- XRANGE XREVRANGE ---------------------------------------------------------------------------

const RANGE_START: usize = memory.data(16, 8);
const RANGE_END: usize = memory.data(16, 8);

function xrangeGeneric(c: Client, rev: bool): void {
  const startArg: u32 = rev ? 3 : 2, endArg: u32 = rev ? 2 : 3;
  if (parseIntervalID(c, startArg, RANGE_START, 0) == ID_INVALID) return;
  if (idExclusive && !idIncr(RANGE_START)) { addReplyError(c, "ERR invalid start ID for the interval"); return; }
  if (parseIntervalID(c, endArg, RANGE_END, u64.MAX_VALUE) == ID_INVALID) return;
  if (idExclusive && !idDecr(RANGE_END)) { addReplyError(c, "ERR invalid end ID for the interval"); return; }
  let count: i64 = -1;
  for (let j: u32 = 4; j < c.argc; j++) {
    if (argIs(c, j, "count") && c.argc - j - 1 >= 1) {
      if (!argInt(c, j + 1)) return;
      count = argIntVal < 0 ? 0 : argIntVal;
      j++;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyArrayLen(c, 0); return; }
  if (eType(e) != OBJ_STREAM) { addReplyError(c, ERR_WRONGTYPE); return; }
  if (count == 0) { addReplyNullArray(c); return; }
  streamReplyWithRange(c, kvObj(e), RANGE_START, RANGE_END, count < 0 ? 0 : count, rev);
}

function xrangeCommand(c: Client): void { xrangeGeneric(c, false); }
function xrevrangeCommand(c: Client): void { xrangeGeneric(c, true); }

// ---- XREAD --------------------------------------------------------------------------------------

const XREAD_START: usize = memory.data(16, 8);
const XREAD_TOP: usize = memory.data(16, 8);

function xreadCommand(c: Client): void {
  let timeout: i64 = -1;
  let count: i64 = 0;
  let streamsArg: u32 = 0;
  let nstreams: u32 = 0;
  const argc = c.argc;
  for (let i: u32 = 1; i < argc; i++) {
    const more = argc - i - 1;
    if (argIs(c, i, "block") && more > 0) {
      i++;
      if (!getTimeoutArgMs(c, i)) return;
      timeout = timeoutArgVal;
    } else if (argIs(c, i, "count") && more > 0) {
      i++;
      if (!argInt(c, i)) return;
      count = argIntVal < 0 ? 0 : argIntVal;
    } else if (argIs(c, i, "streams") && more > 0) {
      streamsArg = i + 1;
      nstreams = argc - streamsArg;
      if ((nstreams & 1) != 0) {
        addReplyError(c, "ERR Unbalanced 'xread' list of streams: for each stream key an ID, '+', or '$' must be specified.");
        return;
      }
      nstreams >>= 1;
      break;
    } else if (argIs(c, i, "group") && more >= 2) {
      addReplyError(c, "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
      return;
    } else if (argIs(c, i, "noack")) {
      addReplyError(c, "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
      return;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  if (streamsArg == 0) { addReplyError(c, ERR_SYNTAX); return; }

  const db = cdb(c);
  const saved = blockedPayload(c);   // IDs resolved when the client blocked (`$`)
  const ids = alloc(nstreams << 4);
  for (let i: u32 = 0; i < nstreams; i++) {
    const ka = streamsArg + i, ia = streamsArg + nstreams + i;
    const id = ids + (<usize>i << 4);
    const o = lookupKeyRead(db, argPtr(c, ka), argLen(c, ka), touchAllowed(c));
    if (o != 0 && eType(o) != OBJ_STREAM) { addReplyError(c, ERR_WRONGTYPE); free(ids); return; }
    if (argIsChar(c, ia, 0x24)) {            // "$"
      if (saved != 0) idCopy(id, saved + (<usize>i << 4));
      else if (o != 0) idCopy(id, streamLastId(kvObj(o)));
      else idSet(id, 0, 0);
    } else if (argIsChar(c, ia, 0x2b)) {     // "+" (7.4): just before the last live entry
      if (o != 0 && changetype<Stream>(kvObj(o)).length > 0) {
        streamLastValidID(kvObj(o), id);
        idDecr(id);
      } else idSet(id, 0, 0);
    } else if (argIsChar(c, ia, 0x3e)) {     // ">"
      addReplyError(c, "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.");
      free(ids);
      return;
    } else if (parseStreamID(c, ia, id, 0, true, false) == ID_INVALID) {
      free(ids);
      return;
    }
  }

  let served: i64 = 0;
  let h: u32 = 0;
  for (let i: u32 = 0; i < nstreams; i++) {
    const ka = streamsArg + i;
    const o = lookupKeyRead(db, argPtr(c, ka), argLen(c, ka), touchAllowed(c));
    if (o == 0) continue;
    const s = kvObj(o);
    if (changetype<Stream>(s).length == 0) continue;
    const gt = ids + (<usize>i << 4);
    streamLastValidID(s, XREAD_TOP);
    if (idCmp(XREAD_TOP, gt) <= 0) continue;
    served++;
    if (served == 1) h = addReplyDeferredLen(c);
    if (c.resp == 2) addReplyArrayLen(c, 2);
    addReplyBulk(c, argPtr(c, ka), argLen(c, ka));
    idCopy(XREAD_START, gt);
    idIncr(XREAD_START);
    streamReplyWithRange(c, s, XREAD_START, 0, count, false);
  }
  if (served > 0) {
    if (c.resp == 2) setDeferredArrayLen(c, h, served); else setDeferredMapLen(c, h, served);
    free(ids);
    return;
  }
  if (timeout != -1) {
    if ((c.flags & CF_DENY_BLOCKING) != 0) { addReplyNullArray(c); free(ids); return; }
    if (saved != 0) {
      // blocking again: the IDs of the first block stay
      free(ids);
      blockForKeysEx(c, BLOCKED_STREAM, streamsArg, nstreams, timeout, saved, false);
    } else {
      blockForKeysEx(c, BLOCKED_STREAM, streamsArg, nstreams, timeout, ids, false);
    }
    return;
  }
  addReplyNullArray(c);
  free(ids);
}

// ---- table --------------------------------------------------------------------------------------

export function registerStreamCommands(): void {
  const G = "stream";
  def("xadd", -5, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, xaddCommand);
  def("xdel", -3, CMD_WRITE | CMD_FAST, 1, 1, 1, G, xdelCommand);
  def("xlen", 2, CMD_READONLY | CMD_FAST, 1, 1, 1, G, xlenCommand);
  def("xrange", -4, CMD_READONLY, 1, 1, 1, G, xrangeCommand);
  def("xread", -4, CMD_READONLY | CMD_BLOCKING | CMD_MOVABLE_KEYS, 0, 0, 0, G, xreadCommand);
  def("xrevrange", -4, CMD_READONLY, 1, 1, 1, G, xrevrangeCommand);
  def("xsetid", -3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, xsetidCommand);
  def("xtrim", -4, CMD_WRITE, 1, 1, 1, G, xtrimCommand);
}
