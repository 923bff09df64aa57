// Unit-test entry over the whole core: the production ABI (assembly/index.ts) plus read-only
// introspection of the keyspace, for test/unit/core-*.test.ts (built to build/test-core.wasm).
//
// Every t_* function reads state only through the root (mem/root.ts), never through wasm globals
// set up by _start, so they also work in a second instance instantiated over a copied memory image
// without _start/core_init (the BGSAVE path in DESIGN.md). Results that are byte strings go to
// T_OUT (static scratch, not the heap, so the image's allocator is never touched).
export * from "../index";

import { ROOT, A_SERVER, A_INIT } from "../mem/root";
import { usedMemory } from "../mem/alloc";
import { dbAt, dbDict } from "../server/db";
import { Dict, dictForEach, dictSize, dictScan, dictBuckets, dictIsRehashing, dictFind } from "../ds/dict";
import { eKey, eKeyLen, eHasExpire, eExpireAt, eType, eExpIdx } from "../ds/entry";
import { kvStr, strPtr, strLen, OBJ_STRING } from "../server/kv";
import { ioBuffer } from "../server/server";

const T_OUT_SIZE: u32 = 1 << 19;
const T_OUT: usize = memory.data(T_OUT_SIZE, 16);
export function t_out(): usize { return T_OUT; }
export function t_out_size(): u32 { return T_OUT_SIZE; }

/** 1 once a primary instance initialised the root (read from the image). */
export function t_root_initialised(): u32 { return load<u32>(ROOT + A_INIT); }
export function t_server_ptr(): u32 { return load<u32>(ROOT + A_SERVER); }
export function t_used_memory(): f64 { return <f64>usedMemory(); }

function dictOf(db: u32): Dict { return dbDict(dbAt(db)); }

let walkCount: u32 = 0;
let walkBytes: u64 = 0;
function countEntry(e: usize, ctx: usize): void {
  walkCount++;
  walkBytes += eKeyLen(e);
}

/** Number of entries reachable by walking db's dict (independent of its counters). */
export function t_db_walk_count(db: u32): u32 {
  walkCount = 0; walkBytes = 0;
  dictForEach(dictOf(db), countEntry, 0);
  return walkCount;
}
/** Sum of key lengths seen by the last t_db_walk_count. */
export function t_db_walk_key_bytes(): f64 { return <f64>walkBytes; }

/** The dict's own size counter. */
export function t_db_size(db: u32): u32 { return dictSize(dictOf(db)); }
export function t_db_buckets(db: u32): u32 { return dictBuckets(dictOf(db)); }
export function t_db_rehashing(db: u32): u32 { return dictIsRehashing(dictOf(db)) ? 1 : 0; }
export function t_db_expires(db: u32): u32 { return dbAt(db).expLen; }

// SCAN at the dict level: keys visited by one step are written to T_OUT as [len u32][bytes]...
let scanOut: u32 = 0;
let scanN: u32 = 0;
let scanOverflow: bool = false;
function scanEmit(e: usize, ctx: usize): void {
  const kl = eKeyLen(e);
  if (scanOut + 4 + kl > T_OUT_SIZE) { scanOverflow = true; return; }
  store<u32>(T_OUT + scanOut, kl);
  memory.copy(T_OUT + scanOut + 4, eKey(e), kl);
  scanOut += 4 + kl;
  scanN++;
}
/** One dictScan step on db from `cursor`; returns the next cursor (0: done). See t_scan_count. */
export function t_db_scan(db: u32, cursor: u32): u32 {
  scanOut = 0; scanN = 0; scanOverflow = false;
  return dictScan(dictOf(db), cursor, scanEmit, 0);
}
export function t_scan_count(): u32 { return scanOverflow ? 0xffffffff : scanN; }

/**
 * Looks up the key io_buf[0..klen) in db without expiring it or touching stats. Returns 0 if
 * absent, 1 if present; a string value is copied to T_OUT (length via t_value_len).
 */
let lastValueLen: i32 = -1;
export function t_db_get(db: u32, klen: u32): u32 {
  lastValueLen = -1;
  const e = dictFind(dictOf(db), ioBuffer(), klen);
  if (e == 0) return 0;
  if (eType(e) == OBJ_STRING) {
    kvStr(e);
    const n = min<u32>(strLen, T_OUT_SIZE);
    memory.copy(T_OUT, strPtr, n);
    lastValueLen = <i32>n;
  }
  return 1;
}
export function t_value_len(): i32 { return lastValueLen; }

// Lookup by walking the tables, without hashing: the hash seed is a wasm global set by core_init
// (util/hash.ts), so an instance over a copied image must not hash.
let walkKeyLen: u32 = 0;
let walkFound: usize = 0;
function matchEntry(e: usize, ctx: usize): void {
  if (walkFound == 0 && eKeyLen(e) == walkKeyLen && memory.compare(eKey(e), ctx, walkKeyLen) == 0) walkFound = e;
}
/** Like t_db_get, but finds the key by walking db's dict (safe over a copied image). */
export function t_db_get_walk(db: u32, klen: u32): u32 {
  lastValueLen = -1;
  walkKeyLen = klen; walkFound = 0;
  dictForEach(dictOf(db), matchEntry, ioBuffer());
  const e = walkFound;
  if (e == 0) return 0;
  if (eType(e) == OBJ_STRING) {
    kvStr(e);
    const n = min<u32>(strLen, T_OUT_SIZE);
    memory.copy(T_OUT, strPtr, n);
    lastValueLen = <i32>n;
  }
  return 1;
}
/** Expiry of io_buf[0..klen) in db in ms, -1 without TTL, -2 if absent. */
export function t_db_expire_at(db: u32, klen: u32): f64 {
  const e = dictFind(dictOf(db), ioBuffer(), klen);
  if (e == 0) return -2;
  return eHasExpire(e) ? <f64>eExpireAt(e) : -1;
}

// ---- invariants of the TTL index (server/db.ts): entry has META_EXPIRES <=> it is in the index at
// position entry.expIdx. Returns 0 if they hold, else a code saying which check failed.
let expWithFlag: u32 = 0;
let expSeenOk: u32 = 0;
let expDb: u32 = 0;
function countExpiring(e: usize, ctx: usize): void {
  if (eHasExpire(e)) {
    expWithFlag++;
    const db = dbAt(expDb);
    const i = eExpIdx(e);
    if (i < db.expLen && <usize>load<u32>(<usize>db.exp + (<usize>i << 2)) == e) expSeenOk++;
  }
}
export function t_check_expires(db: u32): u32 {
  expWithFlag = 0; expSeenOk = 0; expDb = db;
  dictForEach(dictOf(db), countExpiring, 0);
  const d = dbAt(db);
  if (expWithFlag != d.expLen) return 1;   // index length differs from flagged entries
  if (expSeenOk != d.expLen) return 2;     // some flagged entry is not where its expIdx says
  return 0;
}
