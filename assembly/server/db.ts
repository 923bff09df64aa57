// Databases: the keyspace dict plus an index of keys that carry a TTL.
//
// Db layout (DB_SIZE bytes, an array of `databases` of them hangs off Server.dbs):
//   0 dict u32     -> Dict of entries (owned)
//   4 exp u32      -> u32[] entry pointers of keys with a TTL (owned); entry.expIdx is the index
//   8 expLen u32   12 expCap u32
//  16 avgTtl i64   (INFO keyspace avg_ttl, a running estimate as in Redis)
//
// Invariants
// - An entry has META_EXPIRES set iff it is in its db's exp index at position entry.expIdx.
// - Whoever moves an entry (realloc) calls dbRelink so the dict chain and exp index follow it.
import { alloc, allocZeroed, free, realloc } from "../mem/alloc";
import { Dict, DICT_F_MAXMEMORY_GUARD, dictNew, dictFindSlot, dictFindRefSlot, dictAdd, dictUnlinkSlot, dictReplaceSlot, dictSize, dictClear, dictFreeShell } from "../ds/dict";
import { eHasExpire, eExpireAt, eExpIdx, eSetExpIdx, eKey, eKeyLen, eType, eMeta, eSetMeta, eSetExpireAt, META_EXPIRES, E_BASE_HDR, EXPIRE_EXTRA, eSetLru } from "../ds/entry";
import { S, Server } from "./state";
import { kvFree, kvSize } from "./kv";
import { pauseActive } from "./pause";
import { commands, CMD_WRITE } from "./commands";
import { Client } from "./client";
import { blockingOnDbAdd, blockingOnSwapDb, blockingOnDbDelete, blockingOnDbFlush } from "./blocking";
import { signalExpiredKey, notifyKeyspaceEvent, NOTIFY_EXPIRED, NOTIFY_KEY_MISS, NOTIFY_NEW } from "./notify";
import { keyTouched, keyCreated, keyReplaced, clientNoTouch } from "./evict";

export const DB_SIZE: u32 = 24;

@unmanaged export class Db {
  dict: u32;
  exp: u32; expLen: u32; expCap: u32;
  avgTtl: i64;
}

@inline export function dbAt(i: u32): Db { return changetype<Db>(<usize>S().dbs + <usize>i * DB_SIZE); }
@inline export function dbDict(db: Db): Dict { return changetype<Dict>(<usize>db.dict); }
/** The index (SELECT number) of a Db in the server's array. */
@inline export function dbIndex(db: Db): u32 { return <u32>((changetype<usize>(db) - <usize>S().dbs) / DB_SIZE); }

export function dbsInit(n: u32): void {
  const s = S();
  s.dbs = <u32>allocZeroed(n * DB_SIZE);
  for (let i: u32 = 0; i < n; i++) {
    const d = dictNew();
    d.flags = DICT_F_MAXMEMORY_GUARD;
    dbAt(i).dict = <u32>changetype<usize>(d);
  }
}

// ---- expiry index -----------------------------------------------------------------------------

function expIndexAdd(db: Db, e: usize): void {
  if (db.expLen == db.expCap) {
    const ncap = db.expCap == 0 ? 16 : db.expCap * 2;
    db.exp = <u32>realloc(db.exp, ncap << 2);
    db.expCap = ncap;
  }
  store<u32>(<usize>db.exp + (<usize>db.expLen << 2), <u32>e);
  eSetExpIdx(e, db.expLen);
  db.expLen++;
}

function expIndexRemove(db: Db, e: usize): void {
  const i = eExpIdx(e);
  db.expLen--;
  if (i != db.expLen) {
    const last = <usize>load<u32>(<usize>db.exp + (<usize>db.expLen << 2));
    store<u32>(<usize>db.exp + (<usize>i << 2), <u32>last);
    eSetExpIdx(last, i);
  }
}

@inline export function expIndexGet(db: Db, i: u32): usize { return load<u32>(<usize>db.exp + (<usize>i << 2)); }

// ---- lookups ----------------------------------------------------------------------------------

/** Redis's keyIsExpired: a key is still alive during the very millisecond it expires at. */
@inline export function isExpired(e: usize, now: i64): bool {
  return eHasExpire(e) && eExpireAt(e) < now;
}

/** Finds a key without expiry or stats side effects. */
@inline export function dbFindRaw(db: Db, kp: usize, kl: u32): usize {
  const slot = dictFindSlot(dbDict(db), kp, kl);
  return slot == 0 ? 0 : <usize>load<u32>(slot);
}

/** Finds a live key, deleting it first if it has expired (lazy expiry). */
export function dbLookup(db: Db, kp: usize, kl: u32): usize {
  const d = dbDict(db);
  const slot = dictFindSlot(d, kp, kl);
  if (slot == 0) return 0;
  const e = <usize>load<u32>(slot);
  if (isExpired(e, S().nowMs)) {
    // during CLIENT PAUSE expired keys read as missing but stay (unless a write must replace them)
    if (S().pauseType != 0 && pauseActive() && !currentCommandWrites()) return 0;
    dictUnlinkSlot(d, slot);
    expIndexRemove(db, e);
    expiredKeyDeleted(db, e);
    return 0;
  }
  return e;
}

function currentCommandWrites(): bool {
  const cp = S().currentClient;
  if (cp == 0) return false;
  const id = changetype<Client>(<usize>cp).curCmd;
  return id >= 0 && (commands[id].flags & CMD_WRITE) != 0;
}

/** An expired key was unlinked (lazily or by the active cycle): count, signal, notify, free. */
function expiredKeyDeleted(db: Db, e: usize): void {
  S().statExpiredKeys++;
  signalExpiredKey(db, eKey(e), eKeyLen(e));
  notifyKeyspaceEvent(NOTIFY_EXPIRED, "expired", eKey(e), eKeyLen(e), dbIndex(db));
  blockingOnDbDelete(db, e);
  kvFree(e);
}

/** Active expiry: deletes the expired entry `e` of `db`. */
export function dbDeleteExpired(db: Db, e: usize): void {
  const slot = dictFindRefSlot(dbDict(db), eKey(e), eKeyLen(e), e);
  dictUnlinkSlot(dbDict(db), slot);
  if (eHasExpire(e)) expIndexRemove(db, e);
  expiredKeyDeleted(db, e);
}

/** Read lookup: counts keyspace hits/misses and updates the LRU clock (unless NO-TOUCH). */
export function lookupKeyRead(db: Db, kp: usize, kl: u32, touch: bool): usize {
  const e = dbLookup(db, kp, kl);
  const s = S();
  if (e == 0) {
    s.statKeyspaceMisses++;
    if (s.notifyKeyspaceEvents & NOTIFY_KEY_MISS) notifyKeyspaceEvent(NOTIFY_KEY_MISS, "keymiss", kp, kl, dbIndex(db));
    return 0;
  }
  s.statKeyspaceHits++;
  if (touch) keyTouched(e);
  return e;
}

/** Write lookup: no hit/miss stats; updates the LRU clock unless the client set NO-TOUCH. */
export function lookupKeyWrite(db: Db, kp: usize, kl: u32): usize {
  const e = dbLookup(db, kp, kl);
  if (e != 0 && !clientNoTouch()) keyTouched(e);
  return e;
}

// ---- mutation ---------------------------------------------------------------------------------

/** Adds a new entry (key must be absent). Registers its TTL if it has one. */
export function dbAdd(db: Db, e: usize): void {
  keyCreated(e);
  dictAdd(dbDict(db), e);
  if (eHasExpire(e)) expIndexAdd(db, e);
  blockingOnDbAdd(db, e); // clients blocked on this key may be served (Redis's signalKeyAsReady)
  if (S().notifyKeyspaceEvents & NOTIFY_NEW) notifyKeyspaceEvent(NOTIFY_NEW, "new", eKey(e), eKeyLen(e), dbIndex(db));
}

/**
 * Puts `e` in place of the existing entry with the same key, freeing the old one. The new entry's
 * TTL is its own (SET without KEEPTTL clears it; callers copy it for KEEPTTL).
 */
export function dbReplace(db: Db, e: usize): void {
  const d = dbDict(db);
  const slot = dictFindSlot(d, eKey(e), eKeyLen(e));
  const old = <usize>load<u32>(slot);
  if (eHasExpire(old)) expIndexRemove(db, old);
  dictReplaceSlot(slot, e);
  if (eHasExpire(e)) expIndexAdd(db, e);
  keyReplaced(old, e);
  blockingOnDbDelete(db, old);
  kvFree(old);
}

/** Adds or replaces. */
export function dbSet(db: Db, e: usize): void {
  const d = dbDict(db);
  const slot = dictFindSlot(d, eKey(e), eKeyLen(e));
  if (slot == 0) { dbAdd(db, e); return; }
  const old = <usize>load<u32>(slot);
  if (eHasExpire(old)) expIndexRemove(db, old);
  dictReplaceSlot(slot, e);
  if (eHasExpire(e)) expIndexAdd(db, e);
  keyReplaced(old, e);
  blockingOnDbDelete(db, old);
  kvFree(old);
}

/**
 * After an entry moved from `old` to `e` (same key, bytes copied, `old` possibly freed already), fix
 * the dict chain and the TTL index. `e`'s next field must be the one copied from `old`; `old` itself
 * is never dereferenced (a freed small block has the allocator's free-list link at offset 0).
 */
export function dbRelink(db: Db, old: usize, e: usize): void {
  const slot = dictFindRefSlot(dbDict(db), eKey(e), eKeyLen(e), old);
  store<u32>(slot, <u32>e);
  if (eHasExpire(e)) store<u32>(<usize>db.exp + (<usize>eExpIdx(e) << 2), <u32>e);
}

/** Unlinks and frees a key; returns false if absent. */
export function dbDelete(db: Db, kp: usize, kl: u32): bool {
  const d = dbDict(db);
  const slot = dictFindSlot(d, kp, kl);
  if (slot == 0) return false;
  const e = dictUnlinkSlot(d, slot);
  if (eHasExpire(e)) expIndexRemove(db, e);
  blockingOnDbDelete(db, e);
  kvFree(e);
  return true;
}

/** Unlinks a key without freeing it (for MOVE/RENAME); returns the entry or 0. */
export function dbUnlink(db: Db, kp: usize, kl: u32): usize {
  const d = dbDict(db);
  const slot = dictFindSlot(d, kp, kl);
  if (slot == 0) return 0;
  const e = dictUnlinkSlot(d, slot);
  if (eHasExpire(e)) expIndexRemove(db, e);
  blockingOnDbDelete(db, e);
  return e;
}

/**
 * Sets (when >= 0) or removes (when < 0) the TTL of a live entry. The entry may move; returns its
 * new address (0 only when out of memory, in which case `e` is unchanged and still linked).
 */
export function dbSetExpire(db: Db, e: usize, when: i64): usize {
  if (when < 0) {
    if (!eHasExpire(e)) return e;
    const n = copyWithHeader(e, false);
    if (n == 0) return 0;
    expIndexRemove(db, e);
    relinkMoved(db, e, n);
    free(e); // only the block: the value's owned parts moved with the bytes
    return n;
  }
  if (eHasExpire(e)) { eSetExpireAt(e, when); return e; }
  const n = copyWithHeader(e, true);
  if (n == 0) return 0;
  eSetExpireAt(n, when);
  relinkMoved(db, e, n);
  expIndexAdd(db, n);
  free(e);
  return n;
}

/** Points the dict slot that holds `old` at `n` (n's next field was copied from old). */
@inline function relinkMoved(db: Db, old: usize, n: usize): void {
  store<u32>(dictFindRefSlot(dbDict(db), eKey(n), eKeyLen(n), old), <u32>n);
}

/** A copy of an entry in a new block with or without the expiry fields; `e` is left as it is. */
function copyWithHeader(e: usize, withExpire: bool): usize {
  const total = kvSize(e);
  const oldHdr: u32 = eHasExpire(e) ? E_BASE_HDR + EXPIRE_EXTRA : E_BASE_HDR;
  const newHdr: u32 = withExpire ? E_BASE_HDR + EXPIRE_EXTRA : E_BASE_HDR;
  const body = total - oldHdr;
  const n = alloc(newHdr + body);
  if (n == 0) return 0;
  memory.copy(n, e, E_BASE_HDR);
  memory.copy(n + newHdr, e + oldHdr, body);
  const m = eMeta(e);
  eSetMeta(n, withExpire ? (m | META_EXPIRES) : (m & ~META_EXPIRES));
  return n;
}

export function dbCount(db: Db): u32 { return dictSize(dbDict(db)); }

function releaseEntry(e: usize, ctx: usize): void { kvFree(e); }

/** FLUSHDB: frees every key. Returns the number of keys removed. */
export function dbEmpty(db: Db): u32 {
  const n = dbCount(db);
  dictClear(dbDict(db), releaseEntry, 0);
  if (db.exp != 0) free(db.exp);
  db.exp = 0; db.expLen = 0; db.expCap = 0; db.avgTtl = 0;
  blockingOnDbFlush(db);
  return n;
}

/** SWAPDB: exchanges the contents of two databases. */
export function dbSwap(a: Db, b: Db): void {
  const d = a.dict; a.dict = b.dict; b.dict = d;
  const x = a.exp; a.exp = b.exp; b.exp = x;
  const l = a.expLen; a.expLen = b.expLen; b.expLen = l;
  const cp = a.expCap; a.expCap = b.expCap; b.expCap = cp;
  const t = a.avgTtl; a.avgTtl = b.avgTtl; b.avgTtl = t;
  blockingOnSwapDb(a, b); // blocked clients stay on their db index: their keys may exist now
}

