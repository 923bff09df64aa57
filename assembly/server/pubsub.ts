// Pub/Sub: SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH, the shard variants SSUBSCRIBE
// SUNSUBSCRIBE SPUBLISH (one shard: this server), and PUBSUB CHANNELS/NUMSUB/NUMPAT/SHARDCHANNELS/
// SHARDNUMSUB. Delivery writes into the subscribers' output buffers in the core; the host only
// flushes them (DESIGN.md).
//
// Structures (under the root: Server.pubsub -> PubSubState, created on first use)
//   PubSubState: [channels Dict][patterns Dict][shardChannels Dict]  (server side)
//   Server-side entry (ds/entry.ts layout, meta 0): [next][meta][klen][name bytes]
//     [subscribers: ds/vec.ts vector of Client ptrs]   in subscription order
//   Client side (Client.pubsub -> ClientPubSub): [channels Dict][patterns Dict][shardChannels Dict]
//     entries: [next][meta][klen][name bytes]   (the set of names this client holds)
//
// Invariants
// - A name is in a server dict iff at least one client holds it; each holder appears once in its
//   client list, and the client's own dict holds the name.
// - CF_PUBSUB is set iff the client holds at least one channel, pattern or shard channel.
//
// Deviations from Redis
// - UNSUBSCRIBE/PUNSUBSCRIBE/SUNSUBSCRIBE without arguments list the names in this dict's order,
//   which differs from Redis's hash order (the set of replies is the same).
// - Messages sent to several matching patterns of one client come in this dict's pattern order.
import { Client, argPtr, argLen, clientAt, markPending, obufReserve, CF_PUBSUB, CF_CLOSE_ASAP, CF_CLOSE_AFTER_REPLY, CF_DENY_BLOCKING, CF_EXECUTING } from "./client";
import { S } from "./state";
import { alloc, allocZeroed, free, realloc } from "../mem/alloc";
import { Dict, dictNew, dictFind, dictAdd, dictDelete, dictSize, dictForEach, dictFreeShell } from "../ds/dict";
import { eKey, eKeyLen, entryNewName, E_BASE_HDR } from "../ds/entry";
import { def, sub, CMD_PUBSUB, CMD_NOSCRIPT, CMD_LOADING, CMD_STALE, CMD_FAST, CMD_MAY_REPLICATE, CMD_SENTINEL, CMD_PUBSUB_CONTEXT } from "./commands";
import { addReplyPushLen, addReplyBulk, addReplyBulkLit, addReplyLongLong, addReplyNull, addReplyArrayLen, addReplyMapLen, addReplyStatus, addReplyDeferredLen, setDeferredArrayLen, pushBegin, pushEnd, errBegin, errLit, errEnd } from "./reply";
import { stringmatchlen } from "../util/glob";
import { VEC_SIZE, vecLen, vecAt, vecPush, vecRemove, vecRelease } from "../ds/vec";
import { ll2string } from "../util/numbers";

// ---- state ---------------------------------------------------------------------------------------

const KIND_CHANNEL: u32 = 0;
const KIND_PATTERN: u32 = 1;
const KIND_SHARD: u32 = 2;

function state(): usize {
  const s = S();
  if (s.pubsub == 0) {
    const st = allocZeroed(12);
    store<u32>(st, changetype<usize>(dictNew()));
    store<u32>(st + 4, changetype<usize>(dictNew()));
    store<u32>(st + 8, changetype<usize>(dictNew()));
    s.pubsub = <u32>st;
  }
  return <usize>s.pubsub;
}

@inline function serverDict(kind: u32): Dict { return changetype<Dict>(<usize>load<u32>(state() + (kind << 2))); }

function clientDict(c: Client, kind: u32, create: bool): Dict | null {
  if (c.pubsub == 0) {
    if (!create) return null;
    const p = allocZeroed(12);
    c.pubsub = <u32>p;
  }
  const at = <usize>c.pubsub + (kind << 2);
  let d = <usize>load<u32>(at);
  if (d == 0) {
    if (!create) return null;
    d = changetype<usize>(dictNew());
    store<u32>(at, <u32>d);
  }
  return changetype<Dict>(d);
}

function clientCount(c: Client, kind: u32): u32 {
  const d = clientDict(c, kind, false);
  return d == null ? 0 : dictSize(d);
}

/** SUBSCRIBE/PSUBSCRIBE replies count channels and patterns together; shard channels alone. */
@inline function subscriptionsCount(c: Client, kind: u32): u32 {
  return kind == KIND_SHARD ? clientCount(c, KIND_SHARD) : clientCount(c, KIND_CHANNEL) + clientCount(c, KIND_PATTERN);
}

function updatePubsubFlag(c: Client): void {
  if (clientCount(c, KIND_CHANNEL) + clientCount(c, KIND_PATTERN) + clientCount(c, KIND_SHARD) > 0) c.flags |= CF_PUBSUB;
  else c.flags &= ~CF_PUBSUB;
}

// subscriber list of a server-side entry
@inline function subs(e: usize): usize { return e + E_BASE_HDR + eKeyLen(e); }
@inline function subCount(e: usize): u32 { return vecLen(subs(e)); }
@inline function subAt(e: usize, i: u32): Client { return changetype<Client>(<usize>vecAt(subs(e), i)); }

/** Adds name to c's subscriptions of `kind`; false when it already held it. */
function subscribeOne(c: Client, kind: u32, p: usize, n: u32): bool {
  const cd = clientDict(c, kind, true)!;
  if (dictFind(cd, p, n) != 0) return false;
  dictAdd(cd, entryNewName(p, n, 0));
  const sd = serverDict(kind);
  let e = dictFind(sd, p, n);
  if (e == 0) {
    e = entryNewName(p, n, VEC_SIZE);
    dictAdd(sd, e);
  }
  vecPush(subs(e), <u32>changetype<usize>(c));
  return true;
}

/** Removes name from c's subscriptions of `kind`; false when it did not hold it. */
function unsubscribeOne(c: Client, kind: u32, p: usize, n: u32): bool {
  const cd = clientDict(c, kind, false);
  if (cd == null) return false;
  const ce = dictDelete(cd, p, n);
  if (ce == 0) return false;
  free(ce);
  const sd = serverDict(kind);
  const e = dictFind(sd, p, n);
  if (e != 0) {
    const l = subs(e);
    vecRemove(l, <u32>changetype<usize>(c));
    if (vecLen(l) == 0) {
      dictDelete(sd, p, n);
      vecRelease(l);
      free(e);
    }
  }
  return true;
}

// ---- replies -------------------------------------------------------------------------------------


function kindWord(kind: u32, sub: bool): string {
  if (kind == KIND_CHANNEL) return sub ? "subscribe" : "unsubscribe";
  if (kind == KIND_PATTERN) return sub ? "psubscribe" : "punsubscribe";
  return sub ? "ssubscribe" : "sunsubscribe";
}

function replySubscription(c: Client, kind: u32, sub: bool, p: usize, n: u32, nullName: bool): void {
  pushBegin(c);
  addReplyPushLen(c, 3);
  addReplyBulkLit(c, kindWord(kind, sub));
  if (nullName) addReplyNull(c); else addReplyBulk(c, p, n);
  addReplyLongLong(c, subscriptionsCount(c, kind));
  pushEnd(c);
}

// ---- commands ------------------------------------------------------------------------------------

function subscribeGeneric(c: Client, kind: u32): void {
  // scripts cannot subscribe; a transaction can (the client then stays subscribed)
  if ((c.flags & CF_DENY_BLOCKING) != 0 && (c.flags & CF_EXECUTING) == 0) {
    errBegin(c);
    errLit(c, "ERR ");
    errLit(c, kind == KIND_CHANNEL ? "SUBSCRIBE" : kind == KIND_PATTERN ? "PSUBSCRIBE" : "SSUBSCRIBE");
    errLit(c, " isn't allowed for a DENY BLOCKING client");
    errEnd(c);
    return;
  }
  for (let i: u32 = 1; i < c.argc; i++) {
    subscribeOne(c, kind, argPtr(c, i), argLen(c, i));
    updatePubsubFlag(c);
    replySubscription(c, kind, true, argPtr(c, i), argLen(c, i), false);
  }
}

// scratch list of names while unsubscribing from everything (the dict changes under the walk)
let walkBuf: usize = 0;
let walkLen: u32 = 0;
let walkCap: u32 = 0;
function collectName(e: usize, _ctx: usize): void {
  const need = walkLen + 4 + eKeyLen(e);
  if (need > walkCap) {
    walkCap = max<u32>(need, walkCap * 2 + 64);
    walkBuf = realloc(walkBuf, walkCap);
  }
  store<u32>(walkBuf + walkLen, eKeyLen(e));
  memory.copy(walkBuf + walkLen + 4, eKey(e), eKeyLen(e));
  walkLen += 4 + eKeyLen(e);
}

/** Drops every subscription of `kind`; replies for each one when `notify` (none held: one null reply). */
function unsubscribeAll(c: Client, kind: u32, notify: bool): void {
  const cd = clientDict(c, kind, false);
  walkLen = 0;
  if (cd != null) dictForEach(cd, collectName, 0);
  if (walkLen == 0) {
    if (notify) replySubscription(c, kind, false, 0, 0, true);
    return;
  }
  // (walkBuf is always handed over and freed below, so no scratch allocation outlives a command)
  // take the names over: unsubscribing changes the dict that was walked
  const buf = walkBuf;
  const total = walkLen;
  walkBuf = 0; walkLen = 0; walkCap = 0;
  let off: u32 = 0;
  while (off < total) {
    const n = load<u32>(buf + off);
    const p = buf + off + 4;
    unsubscribeOne(c, kind, p, n);
    updatePubsubFlag(c);
    if (notify) replySubscription(c, kind, false, p, n, false);
    off += 4 + n;
  }
  free(buf);
}

function unsubscribeGeneric(c: Client, kind: u32): void {
  if (c.argc == 1) { unsubscribeAll(c, kind, true); return; }
  for (let i: u32 = 1; i < c.argc; i++) {
    unsubscribeOne(c, kind, argPtr(c, i), argLen(c, i));
    updatePubsubFlag(c);
    replySubscription(c, kind, false, argPtr(c, i), argLen(c, i), false);
  }
}

function subscribeCommand(c: Client): void { subscribeGeneric(c, KIND_CHANNEL); }
function psubscribeCommand(c: Client): void { subscribeGeneric(c, KIND_PATTERN); }
function ssubscribeCommand(c: Client): void { subscribeGeneric(c, KIND_SHARD); }
function unsubscribeCommand(c: Client): void { unsubscribeGeneric(c, KIND_CHANNEL); }
function punsubscribeCommand(c: Client): void { unsubscribeGeneric(c, KIND_PATTERN); }
function sunsubscribeCommand(c: Client): void { unsubscribeGeneric(c, KIND_SHARD); }

// A message frame is built once per publish (and per matching pattern) and copied into each
// subscriber's output buffer; only its first byte differs between RESP2 ('*') and RESP3 ('>').
const FRAME_STATIC_SIZE: u32 = 4096;
const FRAME_STATIC: usize = memory.data(FRAME_STATIC_SIZE);
let frameBuf: usize = 0;
let frameLen: u32 = 0;

function putBulk(d: usize, p: usize, n: u32): u32 {
  store<u8>(d, 0x24);
  let k: u32 = 1 + ll2string(d + 1, n);
  store<u16>(d + k, 0x0a0d); k += 2;
  memory.copy(d + k, p, n); k += n;
  store<u16>(d + k, 0x0a0d);
  return k + 2;
}
function putWord(d: usize, w: string): u32 {
  const n = <u32>w.length;
  store<u8>(d, 0x24);
  let k: u32 = 1 + ll2string(d + 1, n);
  store<u16>(d + k, 0x0a0d); k += 2;
  for (let i: u32 = 0; i < n; i++) store<u8>(d + k + i, <u8>w.charCodeAt(i));
  k += n;
  store<u16>(d + k, 0x0a0d);
  return k + 2;
}

/** Builds the frame in frameBuf/frameLen (pattern pp only for KIND_PATTERN). */
function buildFrame(kind: u32, pp: usize, pn: u32, cp: usize, cn: u32, mp: usize, mn: u32): void {
  const need: u32 = 64 + pn + cn + mn;
  if (frameBuf != 0 && frameBuf != FRAME_STATIC) free(frameBuf);
  frameBuf = need <= FRAME_STATIC_SIZE ? FRAME_STATIC : alloc(need);
  // out of memory for a large message: nothing is delivered (deliverFrame skips an empty frame)
  if (frameBuf == 0) { frameLen = 0; return; }
  const d = frameBuf;
  store<u8>(d, 0x2a);
  store<u8>(d + 1, kind == KIND_PATTERN ? 0x34 : 0x33);
  store<u16>(d + 2, 0x0a0d);
  let k: u32 = 4;
  if (kind == KIND_PATTERN) {
    k += putWord(d + k, "pmessage");
    k += putBulk(d + k, pp, pn);
  } else k += putWord(d + k, kind == KIND_SHARD ? "smessage" : "message");
  k += putBulk(d + k, cp, cn);
  k += putBulk(d + k, mp, mn);
  frameLen = k;
}

function frameRelease(): void {
  if (frameBuf != 0 && frameBuf != FRAME_STATIC) free(frameBuf);
  frameBuf = 0;
}

// Messages to the client whose command is running wait until its reply is written (Redis 7.2+:
// a PUBLISH to itself inside MULTI does not land inside the EXEC array).
let selfBuf: usize = 0;
let selfLen: u32 = 0;
let selfCap: u32 = 0;

/** After a command: writes the messages its own client published to itself. */
export function pubsubFlushSelfMessages(c: Client): void {
  if (selfLen == 0) return;
  if ((c.flags & (CF_CLOSE_ASAP | CF_CLOSE_AFTER_REPLY)) == 0) {
    const d = obufReserve(c, selfLen);
    if (d != 0) {
      memory.copy(d, selfBuf, selfLen);
      if (c.olen == 0) markPending(c);
      c.olen += selfLen;
    }
  }
  free(selfBuf);
  selfBuf = 0; selfLen = 0; selfCap = 0;
}

/** Copies the current frame to `t` (a push: sent even under CLIENT REPLY OFF/SKIP). */
function deliverFrame(t: Client): void {
  if (frameLen == 0 || (t.flags & (CF_CLOSE_ASAP | CF_CLOSE_AFTER_REPLY)) != 0) return;
  if (changetype<usize>(t) == <usize>S().currentClient) {
    if (selfLen + frameLen > selfCap) {
      const cap = max<u32>(selfLen + frameLen, selfCap * 2 + 256);
      const nb = realloc(selfBuf, cap);
      if (nb == 0) { t.flags |= CF_CLOSE_ASAP; markPending(t); return; } // out of memory: as obufReserve
      selfBuf = nb;
      selfCap = cap;
    }
    memory.copy(selfBuf + selfLen, frameBuf, frameLen);
    if (t.resp >= 3) store<u8>(selfBuf + selfLen, 0x3e);
    selfLen += frameLen;
    return;
  }
  const d = obufReserve(t, frameLen);
  if (d == 0) return;
  memory.copy(d, frameBuf, frameLen);
  if (t.resp >= 3) store<u8>(d, 0x3e);
  if (t.olen == 0) markPending(t);
  t.olen += frameLen;
}

let pubChannelPtr: usize = 0;
let pubChannelLen: u32 = 0;
let pubMsgPtr: usize = 0;
let pubMsgLen: u32 = 0;
let pubReceivers: i64 = 0;

function publishToPattern(e: usize, _ctx: usize): void {
  if (!stringmatchlen(eKey(e), eKeyLen(e), pubChannelPtr, pubChannelLen, false)) return;
  const n = subCount(e);
  buildFrame(KIND_PATTERN, eKey(e), eKeyLen(e), pubChannelPtr, pubChannelLen, pubMsgPtr, pubMsgLen);
  for (let i: u32 = 0; i < n; i++) {
    deliverFrame(subAt(e, i));
    pubReceivers++;
  }
}

/**
 * Publishes a message (also used by keyspace notifications); returns the number of clients that
 * received it. `shard` selects the shard-channel namespace (SPUBLISH), which has no patterns.
 */
export function pubsubPublish(cp: usize, cn: u32, mp: usize, mn: u32, shard: bool): i64 {
  const s = S();
  if (s.pubsub == 0) return 0;
  let receivers: i64 = 0;
  const e = dictFind(serverDict(shard ? KIND_SHARD : KIND_CHANNEL), cp, cn);
  if (e != 0) {
    const n = subCount(e);
    buildFrame(shard ? KIND_SHARD : KIND_CHANNEL, 0, 0, cp, cn, mp, mn);
    for (let i: u32 = 0; i < n; i++) {
      deliverFrame(subAt(e, i));
      receivers++;
    }
  }
  if (!shard) {
    const pd = serverDict(KIND_PATTERN);
    if (dictSize(pd) > 0) {
      pubChannelPtr = cp; pubChannelLen = cn; pubMsgPtr = mp; pubMsgLen = mn; pubReceivers = 0;
      dictForEach(pd, publishToPattern, 0);
      receivers += pubReceivers;
    }
  }
  frameRelease();
  return receivers;
}

/** INFO stats: pubsub_channels, pubsub_patterns, pubsubshard_channels. */
export function pubsubChannelCount(): u32 { return S().pubsub == 0 ? 0 : dictSize(serverDict(KIND_CHANNEL)); }
export function pubsubPatternCount(): u32 { return S().pubsub == 0 ? 0 : dictSize(serverDict(KIND_PATTERN)); }
export function pubsubShardChannelCount(): u32 { return S().pubsub == 0 ? 0 : dictSize(serverDict(KIND_SHARD)); }

/** INFO clients: pubsub_clients (clients holding at least one subscription). */
export function pubsubClientsCount(): u32 {
  const s = S();
  let n: u32 = 0;
  for (let slot: u32 = 0; slot < s.clientsCap; slot++) {
    const p = load<u32>(<usize>s.clients + (<usize>slot << 2));
    if (p != 0 && (changetype<Client>(<usize>p).flags & CF_PUBSUB) != 0) n++;
  }
  return n;
}

/** Are there subscribers at all (lets notification code skip formatting)? */
export function pubsubHasSubscribers(): bool {
  const s = S();
  if (s.pubsub == 0) return false;
  return dictSize(serverDict(KIND_CHANNEL)) + dictSize(serverDict(KIND_PATTERN)) > 0;
}

function publishCommand(c: Client): void {
  addReplyLongLong(c, pubsubPublish(argPtr(c, 1), argLen(c, 1), argPtr(c, 2), argLen(c, 2), false));
}
function spublishCommand(c: Client): void {
  addReplyLongLong(c, pubsubPublish(argPtr(c, 1), argLen(c, 1), argPtr(c, 2), argLen(c, 2), true));
}

// ---- PUBSUB introspection ------------------------------------------------------------------------

let listClient: Client = changetype<Client>(0);
let listPat: usize = 0;
let listPatLen: u32 = 0;
let listCount: u32 = 0;
let listUsePat = false;

function listChannel(e: usize, _ctx: usize): void {
  if (listUsePat && !stringmatchlen(listPat, listPatLen, eKey(e), eKeyLen(e), false)) return;
  addReplyBulk(listClient, eKey(e), eKeyLen(e));
  listCount++;
}

function channelsGeneric(c: Client, kind: u32): void {
  const d = serverDict(kind);
  listClient = c;
  listUsePat = c.argc > 2;
  listPat = listUsePat ? argPtr(c, 2) : 0;
  listPatLen = listUsePat ? argLen(c, 2) : 0;
  const h = addReplyDeferredLen(c);
  listCount = 0;
  dictForEach(d, listChannel, 0);
  setDeferredArrayLen(c, h, listCount);
}

function numsubGeneric(c: Client, kind: u32): void {
  const d = serverDict(kind);
  addReplyMapLen(c, c.argc - 2);
  for (let i: u32 = 2; i < c.argc; i++) {
    addReplyBulk(c, argPtr(c, i), argLen(c, i));
    const e = dictFind(d, argPtr(c, i), argLen(c, i));
    addReplyLongLong(c, e == 0 ? 0 : subCount(e));
  }
}

function pubsubChannelsCommand(c: Client): void { channelsGeneric(c, KIND_CHANNEL); }
function pubsubShardChannelsCommand(c: Client): void { channelsGeneric(c, KIND_SHARD); }
function pubsubNumsubCommand(c: Client): void { numsubGeneric(c, KIND_CHANNEL); }
function pubsubShardNumsubCommand(c: Client): void { numsubGeneric(c, KIND_SHARD); }
function pubsubNumpatCommand(c: Client): void { addReplyLongLong(c, dictSize(serverDict(KIND_PATTERN))); }

const PUBSUB_HELP: StaticArray<string> = [
  "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "CHANNELS [<pattern>]",
  "    Return the currently active channels matching a <pattern> (default: '*').",
  "NUMPAT",
  "    Return number of subscriptions to patterns.",
  "NUMSUB [<channel> ...]",
  "    Return the number of subscribers for the specified channels, excluding",
  "    pattern subscriptions(default: no channels).",
  "SHARDCHANNELS [<pattern>]",
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  "SHARDNUMSUB [<shardchannel> ...]",
  "    Return the number of subscribers for the specified shard level channel(s)",
  "HELP",
  "    Prints this help.",
];

// PUBSUB HELP lists its own HELP line ("Prints"), unlike the shared replyHelp ("Print")
function pubsubHelpCommand(c: Client): void {
  addReplyArrayLen(c, PUBSUB_HELP.length);
  for (let i = 0; i < PUBSUB_HELP.length; i++) addReplyStatus(c, PUBSUB_HELP[i]);
}

// ---- client lifecycle ----------------------------------------------------------------------------

/** Subscription counts for CLIENT LIST (sub=, psub=, ssub=). */
export function clientSubCount(c: Client): u32 { return clientCount(c, KIND_CHANNEL); }
export function clientPsubCount(c: Client): u32 { return clientCount(c, KIND_PATTERN); }
export function clientSsubCount(c: Client): u32 { return clientCount(c, KIND_SHARD); }

/** Drops every subscription silently (client freed, RESET). */
export function pubsubClientReset(c: Client): void {
  if (c.pubsub == 0) return;
  unsubscribeAll(c, KIND_CHANNEL, false);
  unsubscribeAll(c, KIND_PATTERN, false);
  unsubscribeAll(c, KIND_SHARD, false);
  for (let k: u32 = 0; k < 3; k++) {
    const d = <usize>load<u32>(<usize>c.pubsub + (k << 2));
    if (d != 0) dictFreeShell(changetype<Dict>(d));
  }
  free(c.pubsub);
  c.pubsub = 0;
  c.flags &= ~CF_PUBSUB;
}

export function registerPubSubCommands(): void {
  const G = "pubsub";
  const F = CMD_PUBSUB | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_PUBSUB_CONTEXT;
  def("subscribe", -2, F | CMD_SENTINEL, 0, 0, 0, G, subscribeCommand);
  def("unsubscribe", -1, F | CMD_SENTINEL, 0, 0, 0, G, unsubscribeCommand);
  def("psubscribe", -2, F | CMD_SENTINEL, 0, 0, 0, G, psubscribeCommand);
  def("punsubscribe", -1, F | CMD_SENTINEL, 0, 0, 0, G, punsubscribeCommand);
  def("publish", 3, CMD_PUBSUB | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_MAY_REPLICATE | CMD_SENTINEL, 0, 0, 0, G, publishCommand);
  def("ssubscribe", -2, F, 1, -1, 1, G, ssubscribeCommand);
  def("sunsubscribe", -1, F, 1, -1, 1, G, sunsubscribeCommand);
  def("spublish", 3, CMD_PUBSUB | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_MAY_REPLICATE, 1, 1, 1, G, spublishCommand);
  const ps = def("pubsub", -2, 0, 0, 0, 0, G, null);
  const PF = CMD_PUBSUB | CMD_LOADING | CMD_STALE;
  sub(ps, "channels", -2, PF, 0, 0, 0, pubsubChannelsCommand);
  sub(ps, "numsub", -2, PF, 0, 0, 0, pubsubNumsubCommand);
  sub(ps, "numpat", 2, PF, 0, 0, 0, pubsubNumpatCommand);
  sub(ps, "shardchannels", -2, PF, 0, 0, 0, pubsubShardChannelsCommand);
  sub(ps, "shardnumsub", -2, PF, 0, 0, 0, pubsubShardNumsubCommand);
  sub(ps, "help", 2, CMD_LOADING | CMD_STALE, 0, 0, 0, pubsubHelpCommand);
}
