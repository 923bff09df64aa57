// WATCH / UNWATCH: optimistic locking for MULTI/EXEC.
//
// Structures (under the root: Server.watch -> u32[databases] of Dict pointers, created on first use)
//   Per-db dict entry (ds/entry.ts layout, meta 0): [next][meta][klen][key bytes]
//     [watchers: ds/vec.ts vector of WatchItem ptrs]   in WATCH order
//   WatchItem (16 bytes): [client u32][db u32][expired u32][entry u32]
//     `expired`: the key was already logically expired when watched (Redis 7's wk->expired): its
//     later deletion is not a change; its expiry being noticed is not either.
//   Client side (Client.watched -> VEC_SIZE header): vector of the client's WatchItem ptrs
//
// Invariants
// - A (db, key) entry exists iff some client watches it; every WatchItem is listed both in its
//   key's entry and in its client's list.
// - Server.watchedKeys counts entries over all dbs (0 lets signalModifiedKey return at once).
// - A client flagged CF_DIRTY_CAS watches nothing (its keys are dropped when it is flagged).
import { Client, argPtr, argLen, CF_MULTI, CF_DIRTY_CAS } from "./client";
import { S } from "./state";
import { alloc, allocZeroed, free, realloc } from "../mem/alloc";
import { Dict, dictNew, dictFind, dictAdd, dictDelete, dictSize, dictForEach, dictFreeShell } from "../ds/dict";
import { eKey, eKeyLen, entryNewName, E_BASE_HDR } from "../ds/entry";
import { VEC_SIZE, vecLen, vecAt, vecPush, vecRemove, vecRelease } from "../ds/vec";
import { Db, dbAt, dbIndex, dbFindRaw, isExpired } from "./db";
import { def, CMD_NOSCRIPT, CMD_LOADING, CMD_STALE, CMD_FAST, CMD_ALLOW_BUSY, CMD_TX_CONTROL } from "./commands";
import { addReplyOK, addReplyError } from "./reply";

const WI_CLIENT = 0;
const WI_DB = 4;
const WI_EXPIRED = 8;
const WI_ENTRY = 12;
const WI_SIZE: u32 = 16;

function dbDictAt(dbi: u32, create: bool): usize {
  const s = S();
  if (s.watch == 0) {
    if (!create) return 0;
    s.watch = <u32>allocZeroed(<u32>s.databases << 2);
  }
  const at = <usize>s.watch + (<usize>dbi << 2);
  let d = <usize>load<u32>(at);
  if (d == 0 && create) {
    d = changetype<usize>(dictNew());
    store<u32>(at, <u32>d);
  }
  return d;
}

@inline function list(e: usize): usize { return e + E_BASE_HDR + eKeyLen(e); }

function watchForKey(c: Client, dbi: u32, kp: usize, kl: u32): void {
  const d = changetype<Dict>(dbDictAt(dbi, true));
  let e = dictFind(d, kp, kl);
  if (e != 0) {
    // already watched by this client: nothing to do
    const l = list(e);
    const n = vecLen(l);
    for (let i: u32 = 0; i < n; i++) {
      if (load<u32>(<usize>vecAt(l, i) + WI_CLIENT) == <u32>changetype<usize>(c)) return;
    }
  } else {
    e = entryNewName(kp, kl, VEC_SIZE);
    dictAdd(d, e);
    S().watchedKeys++;
  }
  const wi = alloc(WI_SIZE);
  store<u32>(wi + WI_CLIENT, <u32>changetype<usize>(c));
  store<u32>(wi + WI_DB, dbi);
  const cur = dbFindRaw(dbAt(dbi), kp, kl);
  store<u32>(wi + WI_EXPIRED, cur != 0 && isExpired(cur, S().nowMs) ? 1 : 0);
  store<u32>(wi + WI_ENTRY, <u32>e);
  vecPush(list(e), <u32>wi);
  if (c.watched == 0) c.watched = <u32>allocZeroed(VEC_SIZE);
  vecPush(<usize>c.watched, <u32>wi);
}

/** Drops every key the client watches (UNWATCH, EXEC, DISCARD, dirty, disconnect). */
export function unwatchAllKeys(c: Client): void {
  if (c.watched == 0) return;
  const cl = <usize>c.watched;
  const n = vecLen(cl);
  for (let i: u32 = 0; i < n; i++) {
    const wi = <usize>vecAt(cl, i);
    const e = <usize>load<u32>(wi + WI_ENTRY);
    const l = list(e);
    vecRemove(l, <u32>wi);
    if (vecLen(l) == 0) {
      const d = changetype<Dict>(dbDictAt(load<u32>(wi + WI_DB), false));
      dictDelete(d, eKey(e), eKeyLen(e));
      vecRelease(l);
      free(e);
      S().watchedKeys--;
    }
    free(wi);
  }
  vecRelease(cl);
  free(cl);
  c.watched = 0;
}

/** Number of keys the client watches (CLIENT LIST watch=). */
export function watchedCount(c: Client): u32 { return c.watched == 0 ? 0 : vecLen(<usize>c.watched); }

/** Clients watching at least one key (INFO watching_clients). */
export function watchingClients(): u32 {
  const s = S();
  let n: u32 = 0;
  for (let slot: u32 = 0; slot < s.clientsCap; slot++) {
    const p = load<u32>(<usize>s.clients + (<usize>slot << 2));
    if (p != 0 && changetype<Client>(<usize>p).watched != 0) n++;
  }
  return n;
}

// clients to flag, collected first: flagging unwatches, which edits the lists being walked
let pendingBuf: usize = 0;
let pendingLen: u32 = 0;
let pendingCap: u32 = 0;
function pendingPush(c: u32): void {
  if (pendingLen == pendingCap) {
    pendingCap = pendingCap == 0 ? 16 : pendingCap * 2;
    pendingBuf = realloc(pendingBuf, pendingCap << 2);
  }
  store<u32>(pendingBuf + (<usize>pendingLen << 2), c);
  pendingLen++;
}
function flagPending(): void {
  for (let i: u32 = 0; i < pendingLen; i++) {
    const c = changetype<Client>(<usize>load<u32>(pendingBuf + (<usize>i << 2)));
    c.flags |= CF_DIRTY_CAS;
    unwatchAllKeys(c);
  }
  pendingLen = 0;
  if (pendingBuf != 0) { free(pendingBuf); pendingBuf = 0; pendingCap = 0; }
}

/** The key changed: every client watching it will fail its EXEC. */
export function touchWatchedKey(db: Db, kp: usize, kl: u32): void {
  const dbi = dbIndex(db);
  const d = dbDictAt(dbi, false);
  if (d == 0) return;
  const e = dictFind(changetype<Dict>(d), kp, kl);
  if (e == 0) return;
  const l = list(e);
  const n = vecLen(l);
  for (let i: u32 = 0; i < n; i++) {
    const wi = <usize>vecAt(l, i);
    if (load<u32>(wi + WI_EXPIRED) != 0) {
      // watched while already expired: its deletion is no logical change
      if (dbFindRaw(db, kp, kl) == 0) { store<u32>(wi + WI_EXPIRED, 0); continue; }
    }
    pendingPush(load<u32>(wi + WI_CLIENT));
  }
  flagPending();
}

let touchDb: Db = changetype<Db>(0);
let touchOther: Db = changetype<Db>(0);
let touchHasOther = false;

function touchEntryOnFlush(e: usize, _ctx: usize): void {
  const kp = eKey(e), kl = eKeyLen(e);
  const inEmptied = dbFindRaw(touchDb, kp, kl) != 0;
  const repl = touchHasOther ? dbFindRaw(touchOther, kp, kl) : 0;
  if (!inEmptied && repl == 0) return;
  const now = S().nowMs;
  const l = list(e);
  const n = vecLen(l);
  for (let i: u32 = 0; i < n; i++) {
    const wi = <usize>vecAt(l, i);
    if (load<u32>(wi + WI_EXPIRED) != 0) {
      if (repl == 0) { store<u32>(wi + WI_EXPIRED, 0); continue; } // expired key now deleted
      if (isExpired(repl, now)) continue;                            // stays expired
    } else if (!inEmptied && isExpired(repl, now)) {
      store<u32>(wi + WI_EXPIRED, 1); // a missing key replaced by an expired one
      continue;
    }
    pendingPush(load<u32>(wi + WI_CLIENT));
  }
}

/**
 * FLUSHDB/FLUSHALL (replacedWith < 0) or SWAPDB (the db swapped in): called BEFORE the change.
 * Watched keys that exist in `emptied`, or will exist after the swap, are touched.
 */
export function touchAllWatchedKeysInDb(emptied: u32, replacedWith: i32): void {
  const s = S();
  if (s.watchedKeys == 0) return;
  const d = dbDictAt(emptied, false);
  if (d == 0 || dictSize(changetype<Dict>(d)) == 0) return;
  touchDb = dbAt(emptied);
  touchHasOther = replacedWith >= 0;
  if (touchHasOther) touchOther = dbAt(<u32>replacedWith);
  dictForEach(changetype<Dict>(d), touchEntryOnFlush, 0);
  flagPending();
}

/** EXEC: did a key watched while alive expire since? (Redis's isWatchedKeyExpired) */
export function isWatchedKeyExpired(c: Client): bool {
  if (c.watched == 0) return false;
  const cl = <usize>c.watched;
  const n = vecLen(cl);
  const now = S().nowMs;
  for (let i: u32 = 0; i < n; i++) {
    const wi = <usize>vecAt(cl, i);
    if (load<u32>(wi + WI_EXPIRED) != 0) continue;
    const e = <usize>load<u32>(wi + WI_ENTRY);
    const cur = dbFindRaw(dbAt(load<u32>(wi + WI_DB)), eKey(e), eKeyLen(e));
    if (cur != 0 && isExpired(cur, now)) return true;
  }
  return false;
}

function watchCommand(c: Client): void {
  if (c.flags & CF_MULTI) { addReplyError(c, "ERR WATCH inside MULTI is not allowed"); return; }
  // a client already dirty will fail anyway: no point in watching more
  if (c.flags & CF_DIRTY_CAS) { addReplyOK(c); return; }
  for (let i: u32 = 1; i < c.argc; i++) watchForKey(c, c.db, argPtr(c, i), argLen(c, i));
  addReplyOK(c);
}

function unwatchCommand(c: Client): void {
  unwatchAllKeys(c);
  c.flags &= ~CF_DIRTY_CAS;
  addReplyOK(c);
}

export function registerWatchCommands(): void {
  const G = "transactions";
  def("watch", -2, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_ALLOW_BUSY | CMD_TX_CONTROL, 1, -1, 1, G, watchCommand);
  def("unwatch", 1, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_ALLOW_BUSY, 0, 0, 0, G, unwatchCommand);
}
