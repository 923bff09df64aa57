// Client-side caching support: CLIENT TRACKING / CACHING / GETREDIR / TRACKINGINFO and the
// invalidation messages.
//
// Modes
// - Default: after a read-only command, the keys it read are remembered for the client (subject to
//   OPTIN/OPTOUT and CLIENT CACHING). The first change of such a key (signalModifiedKey) sends one
//   invalidation to every client that read it and forgets the key.
// - BCAST: the client registers prefixes ("" = every key); changed keys are collected per prefix
//   and sent in one message per prefix when the core finishes a batch of input (trackingBeforeSleep).
// Messages go as RESP3 pushes [invalidate, [keys]] to the client, or to its REDIRECT target: a RESP3
// client gets the push, a subscribed RESP2 client a pub/sub message on __redis__:invalidate. FLUSHDB
// and FLUSHALL send a null key list to every tracking client.
//
// Structures (under the root: Server.tracking -> TrackingState, created on first use)
//   TrackingState: [keys rax][prefixes rax][clients u32][items u32][pending u32][pendingLen u32][pendingCap u32]
//     keys:     key -> rax of reader ids (8-byte little-endian client ids, as Redis orders them)
//     prefixes: prefix -> BcastState [clients rax (id -> 0)][changed rax (key -> modifier Client ptr)]
//     pending:  invalidations for the client running the current command, sent after its reply:
//               [len u32][bytes]..., len 0xffffffff = "null" (flush)
//   Client.tracking -> ClientTracking: [flags u32][pad u32][redirect u64][prefixes rax (prefix -> 0)]
//
// Invariants
// - CF_TRACKING <=> c.tracking != 0 && tracking enabled; Server counts tracking clients in
//   TrackingState.clients.
// - A BCAST client id is in the clients rax of each of its prefixes' BcastState, and nowhere else.
// - keys holds stale ids of disconnected or switched clients until the key changes (as in Redis).
//
// Deviations from Redis
// - Clients are found by id with a scan of the client slots.
// - tracking-table-max-keys evicts the first keys in key order rather than after a random walk.
import { Client, argPtr, argLen, CF_TRACKING, CF_PUBSUB, CF_CLOSE_ASAP, CF_CLOSE_AFTER_REPLY, CF_MULTI } from "./client";
import { S } from "./state";
import { alloc, allocZeroed, free, realloc } from "../mem/alloc";
import { raxNew, raxFree, raxSize, raxFind, raxVal, raxInsert, raxTryInsert, raxRemove, raxStart, raxSeek, raxNext, raxItKey, raxItKeyLen, raxItVal, RAX_ITER_SIZE, RAX_SEEK_FIRST, raxMemUsage } from "../ds/rax";
import { Command, sub, CMD_NOSCRIPT, CMD_LOADING, CMD_STALE, CMD_READONLY, CMD_PUBSUB } from "./commands";
import { addReplyOK, addReplyError, addReplyLongLong, addReplyBulk, addReplyBulkLit, addReplyMapLen, addReplyArrayLen, addReplyPushLen, addReplyDeferredLen, setDeferredSetLen, addReplyRaw, pushBegin, pushEnd, errBegin, errLit, errBytes, errEnd } from "./reply";
import { ERR_SYNTAX, ERR_NOT_INTEGER } from "./errors";
import { eqLit } from "../util/bytes";
import { string2ll, parsedInt, ll2string } from "../util/numbers";
import { getKeys, getKeysCapacity } from "./introspection";

// ClientTracking.flags
const T_BCAST: u32 = 1;
const T_OPTIN: u32 = 2;
const T_OPTOUT: u32 = 4;
const T_CACHING: u32 = 8;       // CLIENT CACHING given for the next command / transaction
const T_NOLOOP: u32 = 16;
const T_BROKEN_REDIR: u32 = 32;

const TS_KEYS = 0;
const TS_PREFIXES = 4;
const TS_CLIENTS = 8;
const TS_ITEMS = 12;
const TS_PENDING = 16;
const TS_PENDING_LEN = 20;
const TS_PENDING_CAP = 24;
const TS_SIZE: u32 = 28;

const NULL_MARK: u32 = 0xffffffff;

function state(): usize {
  const s = S();
  if (s.tracking == 0) {
    const t = allocZeroed(TS_SIZE);
    store<u32>(t + TS_KEYS, <u32>raxNew());
    store<u32>(t + TS_PREFIXES, <u32>raxNew());
    s.tracking = <u32>t;
  }
  return <usize>s.tracking;
}

@inline function ct(c: Client): usize { return <usize>c.tracking; }
@inline function tflags(c: Client): u32 { return c.tracking == 0 ? 0 : load<u32>(ct(c)); }
@inline function setTflags(c: Client, f: u32): void { store<u32>(ct(c), f); }

/** INFO: tracking_clients, tracking_total_keys, tracking_total_items, tracking_total_prefixes. */
export function trackingClients(): u32 { return S().tracking == 0 ? 0 : load<u32>(state() + TS_CLIENTS); }
export function trackingTotalKeys(): u64 { return S().tracking == 0 ? 0 : raxSize(<usize>load<u32>(state() + TS_KEYS)); }
export function trackingTotalItems(): u32 { return S().tracking == 0 ? 0 : load<u32>(state() + TS_ITEMS); }
export function trackingTotalPrefixes(): u64 { return S().tracking == 0 ? 0 : raxSize(<usize>load<u32>(state() + TS_PREFIXES)); }

/** CLIENT LIST: redir= (-1 when not tracking). */
export function trackingRedirect(c: Client): i64 {
  if ((c.flags & CF_TRACKING) == 0) return -1;
  return <i64>load<u64>(ct(c) + 8);
}
export function trackingIsBcast(c: Client): bool { return (tflags(c) & T_BCAST) != 0; }
export function trackingIsBrokenRedir(c: Client): bool { return (tflags(c) & T_BROKEN_REDIR) != 0; }

function clientById(id: u64): Client | null {
  const s = S();
  for (let slot: u32 = 0; slot < s.clientsCap; slot++) {
    const p = load<u32>(<usize>s.clients + (<usize>slot << 2));
    if (p != 0 && changetype<Client>(<usize>p).id == id) return changetype<Client>(<usize>p);
  }
  return null;
}

// ---- sending -------------------------------------------------------------------------------------

/**
 * One invalidation for client c: keys kp[0..kl) as a one-element array, or `proto` bytes already
 * formatted (a broadcast array, or null) when isProto.
 */
function sendTrackingMessage(c: Client, kp: usize, kl: u32, isProto: bool): void {
  let target = c;
  let redirected = false;
  const redir = load<u64>(ct(c) + 8);
  if (redir != 0) {
    const r = clientById(redir);
    if (r == null) {
      setTflags(c, tflags(c) | T_BROKEN_REDIR);
      if (c.resp > 2) {
        pushBegin(c);
        addReplyPushLen(c, 2);
        addReplyBulkLit(c, "tracking-redir-broken");
        addReplyLongLong(c, <i64>redir);
        pushEnd(c);
      }
      return;
    }
    target = r;
    redirected = true;
  }
  pushBegin(target);
  if (target.resp > 2) {
    addReplyPushLen(target, 2);
    addReplyBulkLit(target, "invalidate");
  } else if (redirected && (target.flags & CF_PUBSUB) != 0) {
    addReplyArrayLen(target, 3);
    addReplyBulkLit(target, "message");
    addReplyBulkLit(target, "__redis__:invalidate");
  } else {
    // RESP2 without a subscribed redirect target: nothing can carry the message
    pushEnd(target);
    return;
  }
  if (isProto) addReplyRaw(target, kp, kl);
  else {
    addReplyArrayLen(target, 1);
    addReplyBulk(target, kp, kl);
  }
  pushEnd(target);
}


function pendingPush(kp: usize, kl: u32, isNull: bool): void {
  const t = state();
  const len = load<u32>(t + TS_PENDING_LEN);
  const need = len + 4 + (isNull ? 0 : kl);
  let cap = load<u32>(t + TS_PENDING_CAP);
  if (need > cap) {
    cap = max<u32>(need, cap * 2 + 64);
    store<u32>(t + TS_PENDING, <u32>realloc(load<u32>(t + TS_PENDING), cap));
    store<u32>(t + TS_PENDING_CAP, cap);
  }
  const at = <usize>load<u32>(t + TS_PENDING) + len;
  store<u32>(at, isNull ? NULL_MARK : kl);
  if (!isNull) memory.copy(at + 4, kp, kl);
  store<u32>(t + TS_PENDING_LEN, need);
}

const NULL2: usize = memory.data<u8>([0x24, 0x2d, 0x31, 0x0d, 0x0a]);  // "$-1\r\n"
const NULL3: usize = memory.data<u8>([0x5f, 0x0d, 0x0a]);              // "_\r\n"

/** After the current command replied: its client's own invalidations (Redis's pending keys). */
export function trackingHandlePendingKeyInvalidations(c: Client): void {
  if (S().tracking == 0) return;
  const t = state();
  const len = load<u32>(t + TS_PENDING_LEN);
  if (len == 0) return;
  const buf = <usize>load<u32>(t + TS_PENDING);
  let off: u32 = 0;
  while (off < len) {
    const kl = load<u32>(buf + off);
    if ((c.flags & CF_TRACKING) != 0) {
      if (kl == NULL_MARK) sendTrackingMessage(c, c.resp > 2 ? NULL3 : NULL2, c.resp > 2 ? 3 : 5, true);
      else sendTrackingMessage(c, buf + off + 4, kl, false);
    }
    off += 4 + (kl == NULL_MARK ? 0 : kl);
  }
  store<u32>(t + TS_PENDING_LEN, 0);
  if (load<u32>(t + TS_PENDING_CAP) > 4096) {
    free(buf);
    store<u32>(t + TS_PENDING, 0);
    store<u32>(t + TS_PENDING_CAP, 0);
  }
}

// ---- remembering and invalidating keys ----------------------------------------------------------

/** After a read-only command of a tracking (non-BCAST) client: remember the keys it read. */
export function trackingRememberKeys(c: Client, cmd: Command): void {
  const f = tflags(c);
  if ((f & T_BCAST) != 0) return;
  const caching = (f & T_CACHING) != 0;
  if (((f & T_OPTIN) != 0 && !caching) || ((f & T_OPTOUT) != 0 && caching)) return;
  if ((cmd.flags & CMD_PUBSUB) != 0) return; // shard channels are not keys to cache
  const cap = getKeysCapacity(cmd, c.argc);
  const out = alloc(cap << 3);
  const n = getKeys(c, 0, cmd, out);
  const t = state();
  const keys = <usize>load<u32>(t + TS_KEYS);
  const idb = memory.data(8);
  store<u64>(idb, c.id);
  for (let i = 0; i < n; i++) {
    const pos = load<u32>(out + (<usize>i << 3));
    const kp = argPtr(c, pos), kl = argLen(c, pos);
    let ids: usize;
    if (raxFind(keys, kp, kl)) ids = raxVal;
    else {
      ids = raxNew();
      raxInsert(keys, kp, kl, ids);
    }
    if (raxTryInsert(ids, idb, 8, 0)) store<u32>(t + TS_ITEMS, load<u32>(t + TS_ITEMS) + 1);
  }
  free(out);
}

/** Queues a changed key for every BCAST prefix it matches, with the client that changed it. */
function rememberKeyToBroadcast(modifier: usize, kp: usize, kl: u32): void {
  const it = memory.data(RAX_ITER_SIZE);
  raxStart(it, <usize>load<u32>(state() + TS_PREFIXES));
  raxSeek(it, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(it)) {
    const pl = raxItKeyLen(it);
    if (pl > kl) continue;
    if (pl != 0 && memory.compare(raxItKey(it), kp, pl) != 0) continue;
    const bs = raxItVal(it);
    raxInsert(<usize>load<u32>(bs + 4), kp, kl, modifier);
  }
}

/**
 * The key changed (Redis's trackingInvalidateKey): invalidates it for the clients that read it and
 * forgets it; with `bcast`, also queues it for the BCAST prefixes.
 */
export function trackingInvalidateKey(kp: usize, kl: u32, bcast: bool, byClient: bool): void {
  const s = S();
  if (s.tracking == 0) return;
  const t = state();
  const cur = <usize>s.currentClient;
  // a key changed by expiry has no modifying client: NOLOOP BCAST clients still hear of it
  if (bcast && raxSize(<usize>load<u32>(t + TS_PREFIXES)) > 0) rememberKeyToBroadcast(byClient ? cur : 0, kp, kl);
  const keys = <usize>load<u32>(t + TS_KEYS);
  if (!raxFind(keys, kp, kl)) return;
  const ids = raxVal;
  const it = memory.data(RAX_ITER_SIZE);
  raxStart(it, ids);
  raxSeek(it, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(it)) {
    const id = load<u64>(raxItKey(it));
    const target = clientById(id);
    if (target == null || (target.flags & CF_TRACKING) == 0 || (tflags(target) & T_BCAST) != 0) continue;
    const me = changetype<usize>(target) == cur;
    if (me && (tflags(target) & T_NOLOOP) != 0) continue;
    // the running command's own client gets it after the command's reply
    if (me) pendingPush(kp, kl, false);
    else sendTrackingMessage(target, kp, kl, false);
  }
  const removed = raxSize(ids);
  store<u32>(t + TS_ITEMS, load<u32>(t + TS_ITEMS) - <u32>removed);
  raxFree(ids);
  raxRemove(keys, kp, kl);
}

/** FLUSHDB / FLUSHALL: every tracking client is told to drop everything (a null key list). */
export function trackingInvalidateKeysOnFlush(freeTable: bool): void {
  const s = S();
  if (s.tracking == 0) return;
  const t = state();
  if (load<u32>(t + TS_CLIENTS) > 0) {
    const cur = <usize>s.currentClient;
    for (let slot: u32 = 0; slot < s.clientsCap; slot++) {
      const p = load<u32>(<usize>s.clients + (<usize>slot << 2));
      if (p == 0) continue;
      const c = changetype<Client>(<usize>p);
      if ((c.flags & CF_TRACKING) == 0) continue;
      if (<usize>p == cur) pendingPush(0, 0, true);
      else sendTrackingMessage(c, c.resp > 2 ? NULL3 : NULL2, c.resp > 2 ? 3 : 5, true);
    }
  }
  if (freeTable) {
    const keys = <usize>load<u32>(t + TS_KEYS);
    const it = memory.data(RAX_ITER_SIZE);
    raxStart(it, keys);
    raxSeek(it, RAX_SEEK_FIRST, 0, 0);
    while (raxNext(it)) raxFree(raxItVal(it));
    raxFree(keys);
    store<u32>(t + TS_KEYS, <u32>raxNew());
    store<u32>(t + TS_ITEMS, 0);
  }
}

// scratch for one broadcast message: "*N\r\n" + bulk keys
let bbuf: usize = 0;
let bbufLen: u32 = 0;
let bbufCap: u32 = 0;
function bput(p: usize, n: u32): void {
  if (bbufLen + n > bbufCap) {
    bbufCap = max<u32>(bbufLen + n, bbufCap * 2 + 256);
    bbuf = realloc(bbuf, bbufCap);
  }
  memory.copy(bbuf + bbufLen, p, n);
  bbufLen += n;
}
function bputLen(prefix: u8, v: i64): void {
  const tmp = memory.data(32);
  store<u8>(tmp, prefix);
  const n = ll2string(tmp + 1, v);
  store<u16>(tmp + 1 + n, 0x0a0d);
  bput(tmp, n + 3);
}

/** The array of changed keys of one prefix, without those `exclude` changed itself; false if empty. */
function buildBroadcastReply(changed: usize, exclude: usize): bool {
  bbufLen = 0;
  const it = memory.data(RAX_ITER_SIZE);
  let count: i64 = 0;
  raxStart(it, changed);
  raxSeek(it, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(it)) if (exclude == 0 || raxItVal(it) != exclude) count++;
  if (count == 0) return false;
  bputLen(0x2a, count);
  raxStart(it, changed);
  raxSeek(it, RAX_SEEK_FIRST, 0, 0);
  const crlf = memory.data<u8>([0x0d, 0x0a]);
  while (raxNext(it)) {
    if (exclude != 0 && raxItVal(it) == exclude) continue;
    bputLen(0x24, raxItKeyLen(it));
    bput(raxItKey(it), raxItKeyLen(it));
    bput(crlf, 2);
  }
  return true;
}

/** The end of an input batch (Redis's beforeSleep): BCAST messages and the table size limit. */
export function trackingBeforeSleep(): void {
  const s = S();
  if (s.tracking == 0) return;
  const t = state();
  if (load<u32>(t + TS_CLIENTS) > 0) broadcastInvalidations(t);
  limitUsedSlots(t);
}

function broadcastInvalidations(t: usize): void {
  const pit = memory.data(RAX_ITER_SIZE);
  const cit = memory.data(RAX_ITER_SIZE);
  raxStart(pit, <usize>load<u32>(t + TS_PREFIXES));
  raxSeek(pit, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(pit)) {
    const bs = raxItVal(pit);
    const changed = <usize>load<u32>(bs + 4);
    if (raxSize(changed) == 0) continue;
    raxStart(cit, <usize>load<u32>(bs));
    raxSeek(cit, RAX_SEEK_FIRST, 0, 0);
    while (raxNext(cit)) {
      const c = clientById(load<u64>(raxItKey(cit)));
      if (c == null) continue;
      const exclude: usize = (tflags(c) & T_NOLOOP) != 0 ? changetype<usize>(c) : 0;
      if (buildBroadcastReply(changed, exclude)) sendTrackingMessage(c, bbuf, bbufLen, true);
    }
    raxFree(changed);
    store<u32>(bs + 4, <u32>raxNew());
  }
  if (bbufCap > 65536) { free(bbuf); bbuf = 0; bbufCap = 0; }
  bbufLen = 0;
}

/** tracking-table-max-keys: over the limit, keys are invalidated (and forgotten) until under it. */
let overLimitRuns: u32 = 0;
function limitUsedSlots(t: usize): void {
  const max = S().trackingTableMaxKeys;
  if (max <= 0) return;
  const keys = <usize>load<u32>(t + TS_KEYS);
  if (<i64>raxSize(keys) <= max) { overLimitRuns = 0; return; }
  let effort = 100 * (overLimitRuns + 1);
  const it = memory.data(RAX_ITER_SIZE);
  const kb = memory.data(512);
  while (effort-- > 0) {
    raxStart(it, keys);
    if (!raxSeek(it, RAX_SEEK_FIRST, 0, 0) || !raxNext(it)) break;
    // copy the key out: invalidating removes it from the tree the iterator points into
    const kl = raxItKeyLen(it);
    const kp = kl <= 512 ? kb : alloc(kl);
    memory.copy(kp, raxItKey(it), kl);
    trackingInvalidateKey(kp, kl, false, false);
    if (kp != kb) free(kp);
    if (<i64>raxSize(keys) <= max) { overLimitRuns = 0; return; }
  }
  overLimitRuns++;
}

// ---- enabling and disabling ---------------------------------------------------------------------

function enableBcastPrefix(c: Client, pp: usize, pl: u32): void {
  const t = state();
  const prefixes = <usize>load<u32>(t + TS_PREFIXES);
  let bs: usize;
  if (raxFind(prefixes, pp, pl)) bs = raxVal;
  else {
    bs = alloc(8);
    store<u32>(bs, <u32>raxNew());
    store<u32>(bs + 4, <u32>raxNew());
    raxInsert(prefixes, pp, pl, bs);
  }
  const idb = memory.data(8);
  store<u64>(idb, c.id);
  raxTryInsert(<usize>load<u32>(bs), idb, 8, 0);
  const mine = <usize>load<u32>(ct(c) + 16);
  raxTryInsert(mine, pp, pl, 0);
}

/** CLIENT TRACKING OFF, RESET and disconnect. */
export function disableTracking(c: Client): void {
  if (c.tracking == 0) return;
  const f = tflags(c);
  const mine = <usize>load<u32>(ct(c) + 16);
  if ((c.flags & CF_TRACKING) != 0) {
    if ((f & T_BCAST) != 0 && mine != 0) {
      const t = state();
      const prefixes = <usize>load<u32>(t + TS_PREFIXES);
      const idb = memory.data(8);
      store<u64>(idb, c.id);
      const it = memory.data(RAX_ITER_SIZE);
      raxStart(it, mine);
      raxSeek(it, RAX_SEEK_FIRST, 0, 0);
      while (raxNext(it)) {
        if (!raxFind(prefixes, raxItKey(it), raxItKeyLen(it))) continue;
        const bs = raxVal;
        raxRemove(<usize>load<u32>(bs), idb, 8);
        if (raxSize(<usize>load<u32>(bs)) == 0) {
          raxFree(<usize>load<u32>(bs));
          raxFree(<usize>load<u32>(bs + 4));
          free(bs);
          raxRemove(prefixes, raxItKey(it), raxItKeyLen(it));
        }
      }
    }
    const t = state();
    store<u32>(t + TS_CLIENTS, load<u32>(t + TS_CLIENTS) - 1);
  }
  if (mine != 0) raxFree(mine);
  free(ct(c));
  c.tracking = 0;
  c.flags &= ~CF_TRACKING;
}

/** After each top-level command: CLIENT CACHING lasts for one command (or one transaction). */
export function trackingAfterCommand(c: Client, cmd: Command): void {
  if (c.tracking == 0) return;
  if ((c.flags & CF_MULTI) != 0) return;
  if (cmd.parent != null && cmd.parent!.name == "client") return;
  setTflags(c, tflags(c) & ~T_CACHING);
}

@inline function prefixOverlap(a: usize, al: u32, b: usize, bl: u32): bool {
  return memory.compare(a, b, min<u32>(al, bl)) == 0;
}

function replyPrefixOverlap(c: Client, a: usize, al: u32, b: usize, bl: u32, existing: bool): void {
  errBegin(c);
  errLit(c, "ERR Prefix '");
  errBytes(c, a, al);
  errLit(c, existing ? "' overlaps with an existing prefix '" : "' overlaps with another provided prefix '");
  errBytes(c, b, bl);
  errLit(c, "'. Prefixes for a single client must not overlap.");
  errEnd(c);
}

function clientTrackingCommand(c: Client): void {
  let redir: i64 = 0;
  let opts: u32 = 0;
  // PREFIX argument indexes, kept in a small list
  const pidx = alloc((c.argc + 1) << 2);
  let np: u32 = 0;
  for (let j: u32 = 3; j < c.argc; j++) {
    const p = argPtr(c, j), n = argLen(c, j);
    const more = j + 1 < c.argc;
    if (eqLit(p, n, "redirect") && more) {
      j++;
      if (redir != 0) { free(pidx); addReplyError(c, "ERR A client can only redirect to a single other client"); return; }
      if (!string2ll(argPtr(c, j), argLen(c, j))) { free(pidx); addReplyError(c, ERR_NOT_INTEGER); return; }
      redir = parsedInt;
      if (clientById(<u64>redir) == null) { free(pidx); addReplyError(c, "ERR The client ID you want redirect to does not exist"); return; }
    } else if (eqLit(p, n, "bcast")) opts |= T_BCAST;
    else if (eqLit(p, n, "optin")) opts |= T_OPTIN;
    else if (eqLit(p, n, "optout")) opts |= T_OPTOUT;
    else if (eqLit(p, n, "noloop")) opts |= T_NOLOOP;
    else if (eqLit(p, n, "prefix") && more) { j++; store<u32>(pidx + (<usize>np << 2), j); np++; }
    else { free(pidx); addReplyError(c, ERR_SYNTAX); return; }
  }
  const onoff = argPtr(c, 2), onl = argLen(c, 2);
  if (eqLit(onoff, onl, "on")) {
    const cur = tflags(c);
    const on = (c.flags & CF_TRACKING) != 0;
    let err: string | null = null;
    if ((opts & T_BCAST) == 0 && np > 0) err = "ERR PREFIX option requires BCAST mode to be enabled";
    else if (on && ((cur & T_BCAST) != 0) != ((opts & T_BCAST) != 0)) err = "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.";
    else if ((opts & T_BCAST) != 0 && (opts & (T_OPTIN | T_OPTOUT)) != 0) err = "ERR OPTIN and OPTOUT are not compatible with BCAST";
    else if ((opts & T_OPTIN) != 0 && (opts & T_OPTOUT) != 0) err = "ERR You can't specify both OPTIN mode and OPTOUT mode";
    else if (on && (((opts & T_OPTIN) != 0 && (cur & T_OPTOUT) != 0) || ((opts & T_OPTOUT) != 0 && (cur & T_OPTIN) != 0))) err = "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.";
    if (err != null) { free(pidx); addReplyError(c, <string>err); return; }
    if ((opts & T_BCAST) != 0) {
      const mine: usize = c.tracking != 0 ? <usize>load<u32>(ct(c) + 16) : 0;
      for (let i: u32 = 0; i < np; i++) {
        const ai = load<u32>(pidx + (<usize>i << 2));
        const ap = argPtr(c, ai), al = argLen(c, ai);
        if (mine != 0) {
          const it = memory.data(RAX_ITER_SIZE);
          raxStart(it, mine);
          raxSeek(it, RAX_SEEK_FIRST, 0, 0);
          while (raxNext(it)) {
            if (prefixOverlap(raxItKey(it), raxItKeyLen(it), ap, al)) {
              replyPrefixOverlap(c, ap, al, raxItKey(it), raxItKeyLen(it), true);
              free(pidx);
              return;
            }
          }
        }
        for (let k: u32 = i + 1; k < np; k++) {
          const bi = load<u32>(pidx + (<usize>k << 2));
          if (prefixOverlap(ap, al, argPtr(c, bi), argLen(c, bi))) {
            replyPrefixOverlap(c, ap, al, argPtr(c, bi), argLen(c, bi), false);
            free(pidx);
            return;
          }
        }
      }
    }
    // enable (again): options are replaced, BCAST prefixes accumulate
    const t = state();
    if (c.tracking == 0) {
      c.tracking = <u32>allocZeroed(20);
      store<u32>(ct(c) + 16, <u32>raxNew());
    }
    if ((c.flags & CF_TRACKING) == 0) store<u32>(t + TS_CLIENTS, load<u32>(t + TS_CLIENTS) + 1);
    c.flags |= CF_TRACKING;
    let f = tflags(c) & T_CACHING;
    store<u64>(ct(c) + 8, <u64>redir);
    if ((opts & T_BCAST) != 0) {
      f |= T_BCAST;
      setTflags(c, f);
      if (np == 0) enableBcastPrefix(c, 0, 0);
      for (let i: u32 = 0; i < np; i++) {
        const ai = load<u32>(pidx + (<usize>i << 2));
        enableBcastPrefix(c, argPtr(c, ai), argLen(c, ai));
      }
    }
    f |= opts & (T_OPTIN | T_OPTOUT | T_NOLOOP);
    setTflags(c, f);
  } else if (eqLit(onoff, onl, "off")) {
    disableTracking(c);
  } else { free(pidx); addReplyError(c, ERR_SYNTAX); return; }
  free(pidx);
  addReplyOK(c);
}

function clientCachingCommand(c: Client): void {
  if ((c.flags & CF_TRACKING) == 0) {
    addReplyError(c, "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled");
    return;
  }
  const p = argPtr(c, 2), n = argLen(c, 2);
  const f = tflags(c);
  if (eqLit(p, n, "yes")) {
    if ((f & T_OPTIN) == 0) { addReplyError(c, "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode."); return; }
  } else if (eqLit(p, n, "no")) {
    if ((f & T_OPTOUT) == 0) { addReplyError(c, "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode."); return; }
  } else { addReplyError(c, ERR_SYNTAX); return; }
  setTflags(c, f | T_CACHING);
  addReplyOK(c);
}

function clientGetredirCommand(c: Client): void { addReplyLongLong(c, trackingRedirect(c)); }

function clientTrackinginfoCommand(c: Client): void {
  const f = tflags(c);
  const on = (c.flags & CF_TRACKING) != 0;
  addReplyMapLen(c, 3);
  addReplyBulkLit(c, "flags");
  const h = addReplyDeferredLen(c);
  let n: i64 = 1;
  addReplyBulkLit(c, on ? "on" : "off");
  if (f & T_BCAST) { addReplyBulkLit(c, "bcast"); n++; }
  if (f & T_OPTIN) {
    addReplyBulkLit(c, "optin"); n++;
    if (f & T_CACHING) { addReplyBulkLit(c, "caching-yes"); n++; }
  }
  if (f & T_OPTOUT) {
    addReplyBulkLit(c, "optout"); n++;
    if (f & T_CACHING) { addReplyBulkLit(c, "caching-no"); n++; }
  }
  if (f & T_NOLOOP) { addReplyBulkLit(c, "noloop"); n++; }
  if (f & T_BROKEN_REDIR) { addReplyBulkLit(c, "broken_redirect"); n++; }
  setDeferredSetLen(c, h, n);
  addReplyBulkLit(c, "redirect");
  addReplyLongLong(c, trackingRedirect(c));
  addReplyBulkLit(c, "prefixes");
  const mine: usize = c.tracking != 0 ? <usize>load<u32>(ct(c) + 16) : 0;
  if (mine == 0 || (f & T_BCAST) == 0) { addReplyArrayLen(c, 0); return; }
  addReplyArrayLen(c, <i64>raxSize(mine));
  const it = memory.data(RAX_ITER_SIZE);
  raxStart(it, mine);
  raxSeek(it, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(it)) addReplyBulk(c, raxItKey(it), raxItKeyLen(it));
}

export function registerTrackingSubcommands(client: Command): void {
  const F = CMD_NOSCRIPT | CMD_LOADING | CMD_STALE;
  sub(client, "tracking", -3, F, 0, 0, 0, clientTrackingCommand);
  sub(client, "caching", 3, F, 0, 0, 0, clientCachingCommand);
  sub(client, "getredir", 2, F, 0, 0, 0, clientGetredirCommand);
  sub(client, "trackinginfo", 2, F, 0, 0, 0, clientTrackinginfoCommand);
}

// re-exported for dispatch.ts (call): is remembering needed for this command?
export function trackingWantsKeys(c: Client, cmd: Command): bool {
  return (c.flags & CF_TRACKING) != 0 && (cmd.flags & CMD_READONLY) != 0;
}

// keep raxMemUsage referenced for MEMORY STATS later
export function trackingMemory(): u64 { return S().tracking == 0 ? 0 : <u64>raxMemUsage(<usize>load<u32>(state() + TS_KEYS)); }
