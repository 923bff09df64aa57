// Per-client protocol state: query buffer, parser state, argv, output buffer, identity.
//
// Clients live in the core (DESIGN.md): a command may write into any client's output buffer (a
// MONITOR feed, CLIENT KILL, later pub/sub and blocking pops), and the host only drains them.
// Clients are addressed by slot (index into Server.clients); ids are Redis's monotonically growing
// CLIENT ID values.
import { alloc, allocZeroed, free, realloc } from "../mem/alloc";
import { S } from "./state";
import { blockedClientFree } from "./blocking";
import { multiFree } from "./multi";
import { pubsubClientReset } from "./pubsub";
import { disableTracking } from "./tracking";
import { postponedClientFree } from "./pause";

// Client flags
export const CF_CLOSE_AFTER_REPLY: u32 = 1 << 0;
export const CF_CLOSE_ASAP: u32 = 1 << 1;
export const CF_PENDING: u32 = 1 << 2;     // in Server.pending
export const CF_MONITOR: u32 = 1 << 3;
export const CF_NO_EVICT: u32 = 1 << 4;
export const CF_NO_TOUCH: u32 = 1 << 5;
export const CF_REPLY_OFF: u32 = 1 << 6;
export const CF_REPLY_SKIP_NEXT: u32 = 1 << 7;
export const CF_REPLY_SKIP: u32 = 1 << 8;
export const CF_AUTHENTICATED: u32 = 1 << 9;
export const CF_PROTOCOL_ERROR: u32 = 1 << 10;
// A CMD_HOST command is finishing asynchronously in the host (CONFIG SET port/bind rebinding):
// the command has run and its reply is still to come, so input waits until client_host_resume.
export const CF_HOST_WAIT: u32 = 1 << 11;
// Blocking (server/blocking.ts)
export const CF_BLOCKED: u32 = 1 << 16;      // waiting on keys; input is queued, not processed
export const CF_UNBLOCKED: u32 = 1 << 17;    // in the queue of clients whose input must be resumed
export const CF_REPROCESSING: u32 = 1 << 18; // re-running its blocked command after being served
export const CF_DENY_BLOCKING: u32 = 1 << 19; // inside MULTI/scripts: blocking commands don't block
// Transactions (server/multi.ts)
export const CF_MULTI: u32 = 1 << 20;        // between MULTI and EXEC/DISCARD: commands are queued
export const CF_DIRTY_EXEC: u32 = 1 << 21;   // a command was rejected while queueing: EXEC aborts
export const CF_EXECUTING: u32 = 1 << 22;    // running the queued commands of EXEC
// Pub/Sub (server/pubsub.ts)
export const CF_PUBSUB: u32 = 1 << 23;       // holds at least one (pattern / shard) subscription
export const CF_DIRTY_CAS: u32 = 1 << 24;    // a WATCHed key changed: EXEC will fail (server/watch.ts)
export const CF_TRACKING: u32 = 1 << 25;     // CLIENT TRACKING on (server/tracking.ts)
export const CF_POSTPONED: u32 = 1 << 26;    // its command waits for CLIENT PAUSE to end (server/pause.ts)
export const CF_PUSHING: u32 = 1 << 27;      // writing a push frame: CLIENT REPLY OFF/SKIP do not apply (reply.ts)
export const CF_NO_REPLY_MASK: u32 = CF_REPLY_OFF | CF_REPLY_SKIP | CF_CLOSE_AFTER_REPLY | CF_CLOSE_ASAP;

// Request types while parsing
export const REQ_NONE: u32 = 0;
export const REQ_INLINE: u32 = 1;
export const REQ_MULTIBULK: u32 = 2;

/**
 * Layout: see field order. Pointer fields are owned by the client and freed in clientFree.
 * argv holds (offset, length) u32 pairs; offsets are relative to qbuf, so the query buffer may be
 * reallocated while a command is only partly received.
 */
@unmanaged export class Client {
  id: u64;
  slot: u32;
  flags: u32;
  resp: u32;
  db: u32;
  qbuf: u32; qlen: u32; qcap: u32;
  qpos: u32;            // parse position
  cmdStart: u32;        // start of the command being parsed
  reqType: u32;
  multibulkLen: i32;    // args still to read
  bulkLen: i64;         // -1: expecting a '$' line
  argc: u32; argv: u32; argvCap: u32;
  obuf: u32; olen: u32; ocap: u32;
  name: u32; nameLen: u32;
  libName: u32; libNameLen: u32;
  libVer: u32; libVerLen: u32;
  addr: u32; addrLen: u32;
  laddr: u32; laddrLen: u32;
  ctimeMs: i64;
  lastInteractionMs: i64;
  lastCmd: i32; curCmd: i32;
  netIn: u64; netOut: u64;
  commandsProcessed: u64;
  errorsThisCmd: u32;
  qbufPeak: u32;
  obufPeak: u32;
  kind: u32;            // 0 normal
  user: u32;
  bstate: u32;          // -> blocked state while CF_BLOCKED (owned by server/blocking.ts)
  mstate: u32;          // -> queued transaction while CF_MULTI (owned by server/multi.ts)
  pubsub: u32;          // -> the client's subscriptions (owned by server/pubsub.ts), 0 when none
  watched: u32;         // -> the keys it WATCHes (owned by server/watch.ts), 0 when none
  tracking: u32;        // -> client-side caching state (owned by server/tracking.ts), 0 when never enabled
}

export const CLIENT_SIZE: u32 = offsetof<Client>();

@inline export function clientAt(slot: u32): Client {
  return changetype<Client>(load<u32>(<usize>S().clients + (<usize>slot << 2)));
}

function growSlots(): void {
  const s = S();
  const ncap = s.clientsCap == 0 ? 64 : s.clientsCap * 2;
  const n = allocZeroed(ncap << 2);
  if (s.clients != 0) { memory.copy(n, s.clients, s.clientsCap << 2); free(s.clients); }
  s.clients = <u32>n; s.clientsCap = ncap;
}

/** Creates a client in a free slot and returns the slot. */
export function clientNew(nowMs: i64): u32 {
  const s = S();
  let slot: u32 = 0;
  while (slot < s.clientsCap && load<u32>(<usize>s.clients + (<usize>slot << 2)) != 0) slot++;
  if (slot >= s.clientsCap) growSlots();
  const c = changetype<Client>(allocZeroed(CLIENT_SIZE));
  c.id = ++s.nextClientId;
  c.slot = slot;
  c.resp = 2;
  c.bulkLen = -1;
  c.lastCmd = -1; c.curCmd = -1;
  c.ctimeMs = nowMs; c.lastInteractionMs = nowMs;
  if (s.requirepass == 0) c.flags |= CF_AUTHENTICATED;
  store<u32>(<usize>s.clients + (<usize>slot << 2), <u32>changetype<usize>(c));
  s.numClients++;
  s.statNumConnections++;
  return slot;
}

export function clientFree(c: Client): void {
  const s = S();
  blockedClientFree(c);
  multiFree(c);
  pubsubClientReset(c);
  disableTracking(c);
  postponedClientFree(c);
  if (c.flags & CF_MONITOR) s.monitors--;
  if (c.qbuf) free(c.qbuf);
  if (c.argv) free(c.argv);
  if (c.obuf && !obufDead(c)) free(c.obuf);
  if (c.name) free(c.name);
  if (c.libName) free(c.libName);
  if (c.libVer) free(c.libVer);
  if (c.addr) free(c.addr);
  if (c.laddr) free(c.laddr);
  if (c.flags & CF_PENDING) removePending(c.slot);
  store<u32>(<usize>s.clients + (<usize>c.slot << 2), 0);
  s.numClients--;
  free(changetype<usize>(c));
}

/** Replaces an owned byte field (name, lib-name ...) with a copy of p[0..n). */
export function setOwnedBytes(fieldAddr: usize, p: usize, n: u32): void {
  const old = load<u32>(fieldAddr);
  if (old != 0) free(old);
  if (n == 0) { store<u32>(fieldAddr, 0); store<u32>(fieldAddr + 4, 0); return; }
  const b = alloc(n);
  memory.copy(b, p, n);
  store<u32>(fieldAddr, <u32>b);
  store<u32>(fieldAddr + 4, n);
}

// ---- pending list -----------------------------------------------------------------------------

/** Marks a client as needing the host's attention (output to write, or to be closed). */
export function markPending(c: Client): void {
  if (c.flags & CF_PENDING) return;
  c.flags |= CF_PENDING;
  const s = S();
  if (s.pendingLen == s.pendingCap) {
    const ncap = s.pendingCap == 0 ? 64 : s.pendingCap * 2;
    s.pending = <u32>realloc(s.pending, ncap << 2);
    s.pendingCap = ncap;
  }
  store<u32>(<usize>s.pending + (<usize>s.pendingLen << 2), c.slot);
  s.pendingLen++;
}

function removePending(slot: u32): void {
  const s = S();
  for (let i: u32 = 0; i < s.pendingLen; i++) {
    if (load<u32>(<usize>s.pending + (<usize>i << 2)) == slot) {
      s.pendingLen--;
      store<u32>(<usize>s.pending + (<usize>i << 2), load<u32>(<usize>s.pending + (<usize>s.pendingLen << 2)));
      return;
    }
  }
}

// ---- buffers ----------------------------------------------------------------------------------

/** Ensures room for `n` more bytes in the query buffer; returns the write position or 0 on OOM. */
/** The command is over: the parser starts the next request at the current input position. */
export function resetClientRequest(c: Client): void {
  c.argc = 0;
  c.reqType = REQ_NONE;
  c.multibulkLen = 0;
  c.bulkLen = -1;
  c.cmdStart = c.qpos;
}

export function qbufReserve(c: Client, n: u32): usize {
  if (c.qcap - c.qlen < n) {
    let ncap: u32 = c.qcap < 1024 ? 1024 : c.qcap;
    while (ncap - c.qlen < n) ncap = ncap < (1 << 30) ? ncap * 2 : ncap + n;
    const nb = realloc(c.qbuf, ncap);
    if (nb == 0) return 0;
    c.qbuf = <u32>nb; c.qcap = ncap;
  }
  return <usize>c.qbuf + c.qlen;
}

/** Ensures room for `n` more output bytes and returns the write position. */
// When a client's output cannot grow (linear memory is exhausted), the client is closed at once
// and its pending output dropped, like a client over its output-buffer limit. Its buffer becomes
// this shared sink, so the reply being written needs no memory: writes land in the sink and are
// never sent (the host skips CF_CLOSE_ASAP clients). Writers of more than OBUF_SINK_SIZE bytes at
// once get 0 and must skip the write.
export const OBUF_SINK_SIZE: u32 = 65536;
const obufSink: usize = memory.data(OBUF_SINK_SIZE);

/** The client's output was dropped after an allocation failure (see obufSink). */
@inline export function obufDead(c: Client): bool { return <usize>c.obuf == obufSink; }

export function obufReserve(c: Client, n: u32): usize {
  if (c.ocap - c.olen < n) {
    if (obufDead(c)) { c.olen = 0; return n <= OBUF_SINK_SIZE ? obufSink : 0; }
    let ncap: u32 = c.ocap < 4096 ? 4096 : c.ocap;
    while (ncap - c.olen < n) ncap = ncap < (1 << 30) ? ncap * 2 : ncap + n;
    const nb = realloc(c.obuf, ncap);
    if (nb == 0) {
      if (c.obuf != 0) free(c.obuf);
      c.obuf = <u32>obufSink;
      c.ocap = OBUF_SINK_SIZE;
      c.olen = 0;
      c.flags |= CF_CLOSE_ASAP;
      markPending(c);
      return n <= OBUF_SINK_SIZE ? obufSink : 0;
    }
    c.obuf = <u32>nb;
    c.ocap = ncap;
  }
  return <usize>c.obuf + c.olen;
}

/** The host has copied the output out: reset, and give back a large buffer. */
export function obufConsumed(c: Client): void {
  if (c.olen > c.obufPeak) c.obufPeak = c.olen;
  c.netOut += c.olen;
  S().statNetOutput += c.olen;
  c.olen = 0;
  // Keep at most Redis's PROTO_REPLY_CHUNK_BYTES (16 KiB) between replies: Redis's per-client
  // static buffer is that size and the rest of a reply is freed once written, so memory a burst of
  // output needed is not held (it would count in used_memory and feed maxmemory eviction).
  if (c.ocap > 16384 && !obufDead(c)) { free(c.obuf); c.obuf = 0; c.ocap = 0; }
}

// ---- argv -------------------------------------------------------------------------------------

@inline export function argPtr(c: Client, i: u32): usize {
  return <usize>c.qbuf + load<u32>(<usize>c.argv + (<usize>i << 3));
}
@inline export function argLen(c: Client, i: u32): u32 {
  return load<u32>(<usize>c.argv + (<usize>i << 3) + 4);
}

export function argvPush(c: Client, off: u32, len: u32): void {
  if (c.argc == c.argvCap) {
    const ncap = c.argvCap == 0 ? 8 : c.argvCap * 2;
    c.argv = <u32>realloc(c.argv, ncap << 3);
    c.argvCap = ncap;
  }
  const p = <usize>c.argv + (<usize>c.argc << 3);
  store<u32>(p, off);
  store<u32>(p + 4, len);
  c.argc++;
}
