// maxmemory eviction: the eight maxmemory-policy choices, Redis's approximated LRU and LFU, and
// the eviction pool.
//
// Model (as Redis 7.4's evict.c)
// - Before each command, when maxmemory is set and used memory is over it, performEvictions()
//   deletes keys until memory is back under the limit. If no key can go (noeviction, or no key the
//   policy may pick) the result is EVICT_FAIL and denyoom commands get the OOM error
//   (server/dispatch.ts). Cron calls it too, so a lowered CONFIG SET maxmemory takes effect on an
//   idle server, and an eviction cut short by its time limit (maxmemory-eviction-tenacity)
//   continues there (EVICT_RUNNING; commands are not refused meanwhile).
// - Each evicted key is deleted like DEL (blocked clients, expiry index), counted in INFO
//   evicted_keys, signalled with no modifying client (WATCH and client tracking see it; the
//   tracking push precedes the reply of the command that caused it) and published as the `evicted`
//   keyspace event (class e).
// - Nothing is evicted while a CLIENT PAUSE is in force (Redis pauses evictions for WRITE and ALL).
//   There is no loading state yet (no RDB/AOF loading): when one exists, performEvictions must do
//   nothing while it lasts, as Redis's isSafeToPerformEvictions.
// - The per-key 24-bit field of ds/entry.ts holds the LRU clock (seconds, like Redis's 1000 ms
//   LRU_CLOCK_RESOLUTION) under LRU and the other policies, and, under an LFU policy, Redis's
//   16-bit minutes of the last decrement plus an 8-bit logarithmic counter. As in Redis, switching
//   between LRU and LFU policies does not convert existing keys.
// - LRU, LFU and volatile-ttl fill a pool of EVPOOL_SIZE candidates from maxmemory-samples keys per
//   database and evict the best candidate that still exists. Deviation: samples are independent
//   random picks (dictRandom, or a random slot of the TTL index for volatile-*), not Redis's
//   dictGetSomeKeys runs of neighbouring buckets; pool entries keep a copy of their key.
// - Memory is the allocator's used_memory; nothing is subtracted (no replica or AOF buffers exist),
//   so INFO mem_not_counted_for_evict stays 0.
import { S } from "./state";
import { alloc, allocZeroed, free, usedMemory, reserveArm, reserveArmed, reserveSpent, reserveClearSpent } from "../mem/alloc";
import { Db, dbAt, dbDict, dbDelete } from "./db";
import { dictSize, dictRandom, dictFindSlot } from "../ds/dict";
import { eKey, eKeyLen, eLru, eSetLru, eExpireAt, eHasExpire } from "../ds/entry";
import { rand32 } from "./state";
import { hostClockUs } from "./host";
import { pauseActive } from "./pause";
import { signalExpiredKey, notifyKeyspaceEvent, NOTIFY_EVICTED } from "./notify";
import { Client, CF_NO_TOUCH } from "./client";

// maxmemory-policy codes: the host config registry's enum values (host/config/registry.ts).
export const POLICY_VOLATILE_LRU: u32 = 1;
export const POLICY_VOLATILE_LFU: u32 = 2;
export const POLICY_VOLATILE_RANDOM: u32 = 3;
export const POLICY_VOLATILE_TTL: u32 = 4;
export const POLICY_ALLKEYS_LRU: u32 = 5;
export const POLICY_ALLKEYS_LFU: u32 = 6;
export const POLICY_ALLKEYS_RANDOM: u32 = 7;
export const POLICY_NOEVICTION: u32 = 8;

/** The maxmemory-policy name of a POLICY_* code (INFO memory). */
export function policyName(p: u32): string {
  switch (p) {
    case POLICY_VOLATILE_LRU: return "volatile-lru";
    case POLICY_VOLATILE_LFU: return "volatile-lfu";
    case POLICY_VOLATILE_RANDOM: return "volatile-random";
    case POLICY_VOLATILE_TTL: return "volatile-ttl";
    case POLICY_ALLKEYS_LRU: return "allkeys-lru";
    case POLICY_ALLKEYS_LFU: return "allkeys-lfu";
    case POLICY_ALLKEYS_RANDOM: return "allkeys-random";
  }
  return "noeviction";
}

@inline export function policyIsLfu(p: u32): bool { return p == POLICY_VOLATILE_LFU || p == POLICY_ALLKEYS_LFU; }
@inline export function policyIsLru(p: u32): bool { return p == POLICY_VOLATILE_LRU || p == POLICY_ALLKEYS_LRU; }
@inline function policyAllKeys(p: u32): bool { return p >= POLICY_ALLKEYS_LRU && p <= POLICY_ALLKEYS_RANDOM; }

export const EVICT_OK: i32 = 0;
export const EVICT_RUNNING: i32 = 1;
export const EVICT_FAIL: i32 = 2;

// ---- LRU / LFU ----------------------------------------------------------------------------------

export const LRU_CLOCK_MAX: u32 = (1 << 24) - 1;
export const LFU_INIT_VAL: u32 = 5;

/** Idle seconds from the 24-bit LRU clock, allowing for one wrap-around (Redis's estimate). */
export function lruIdleSeconds(e: usize): u64 {
  const now = S().lruClock;
  const lru = eLru(e);
  return now >= lru ? <u64>(now - lru) : <u64>now + <u64>(LRU_CLOCK_MAX - lru);
}

@inline function lfuMinutes(): u32 { return <u32>((S().nowMs / 60000) & 0xffff); }

function lfuElapsedMinutes(ldt: u32): u32 {
  const now = lfuMinutes();
  return now >= ldt ? now - ldt : 65535 - ldt + now;
}

/** The key's LFU counter after the decay due since its last decrement (Redis's LFUDecrAndReturn). */
export function lfuDecrAndReturn(e: usize): u32 {
  const v = eLru(e);
  const ldt = v >> 8;
  let counter = v & 255;
  const period = S().lfuDecayTime;
  const periods = period != 0 ? lfuElapsedMinutes(ldt) / period : 0;
  if (periods != 0) counter = periods > counter ? 0 : counter - periods;
  return counter;
}

/** Logarithmic increment: the higher the counter, the less likely an access raises it. */
function lfuLogIncr(counter: u32): u32 {
  if (counter == 255) return 255;
  const r = <f64>rand32() / 4294967296.0;
  let base = <f64>counter - <f64>LFU_INIT_VAL;
  if (base < 0) base = 0;
  const p = 1.0 / (base * <f64>S().lfuLogFactor + 1.0);
  return r < p ? counter + 1 : counter;
}

/** A key was accessed: refresh its LRU clock, or decay and bump its LFU counter. */
export function keyTouched(e: usize): void {
  const s = S();
  if (policyIsLfu(s.maxmemoryPolicy)) {
    const counter = lfuLogIncr(lfuDecrAndReturn(e));
    eSetLru(e, (lfuMinutes() << 8) | counter);
  } else {
    eSetLru(e, s.lruClock);
  }
}

/** A new value: the LRU clock now, or the LFU start counter. */
export function keyCreated(e: usize): void {
  const s = S();
  eSetLru(e, policyIsLfu(s.maxmemoryPolicy) ? (lfuMinutes() << 8) | LFU_INIT_VAL : s.lruClock);
}

/**
 * The running command's client set CLIENT NO-TOUCH. Read lookups get this as their `touch`
 * argument (TOUCH passes true regardless); write lookups and replacements ask here, as Redis's
 * lookupKey applies the flag to every lookup.
 */
@inline export function clientNoTouch(): bool {
  const c = S().currentClient;
  return c != 0 && (changetype<Client>(<usize>c).flags & CF_NO_TOUCH) != 0;
}

/**
 * A value replaced by another under the same key (SET over a key). Redis copies the old field; its
 * writers looked the key up first, which refreshed it, so under LRU the clock now is the same
 * result (MSET here replaces without a lookup). LFU, and a NO-TOUCH client, keep the old field.
 */
export function keyReplaced(old: usize, e: usize): void {
  if (policyIsLfu(S().maxmemoryPolicy) || clientNoTouch()) eSetLru(e, eLru(old));
  else eSetLru(e, S().lruClock);
}

// ---- the eviction pool --------------------------------------------------------------------------
// EVPOOL_SIZE entries of [idle u64][db u32][key ptr u32][key len u32][pad u32], sorted by idle
// ascending: the best candidate is the last non-empty entry. An empty entry has key ptr 0.

const EVPOOL_SIZE: u32 = 16;
const EV_ENTRY: u32 = 24;
const EV_IDLE: u32 = 0;
const EV_DB: u32 = 8;
const EV_KEY: u32 = 12;
const EV_KEYLEN: u32 = 16;

function pool(): usize {
  const s = S();
  if (s.evictionPool == 0) s.evictionPool = <u32>allocZeroed(EVPOOL_SIZE * EV_ENTRY);
  return <usize>s.evictionPool;
}

@inline function slotAt(p: usize, k: u32): usize { return p + <usize>k * EV_ENTRY; }

/** How good a candidate `e` is (higher is evicted first), per policy. */
function evictionScore(e: usize, policy: u32): u64 {
  if (policyIsLru(policy)) return lruIdleSeconds(e);
  if (policyIsLfu(policy)) return <u64>(255 - lfuDecrAndReturn(e));
  return 0xffffffffffffffff - <u64>eExpireAt(e); // volatile-ttl: the nearest expiry is best
}

/** Inserts one sampled key into the pool when it is better than something there (Redis's rules). */
function poolInsert(p: usize, dbid: u32, e: usize, idle: u64): void {
  let k: u32 = 0;
  while (k < EVPOOL_SIZE && load<u32>(slotAt(p, k) + EV_KEY) != 0 && load<u64>(slotAt(p, k) + EV_IDLE) < idle) k++;
  const lastUsed = load<u32>(slotAt(p, EVPOOL_SIZE - 1) + EV_KEY) != 0;
  if (k == 0 && lastUsed) return; // worse than every candidate of a full pool
  if (k < EVPOOL_SIZE && load<u32>(slotAt(p, k) + EV_KEY) == 0) {
    // an empty slot: insert here
  } else if (!lastUsed) {
    // room at the right: shift [k..] one place right
    memory.copy(slotAt(p, k + 1), slotAt(p, k), (EVPOOL_SIZE - k - 1) * EV_ENTRY);
  } else {
    // full: drop the worst (leftmost) and shift [1..k) left
    k--;
    free(<usize>load<u32>(slotAt(p, 0) + EV_KEY));
    memory.copy(slotAt(p, 0), slotAt(p, 1), k * EV_ENTRY);
  }
  const kl = eKeyLen(e);
  const copy = alloc(kl > 0 ? kl : 1);
  if (copy == 0) { store<u32>(slotAt(p, k) + EV_KEY, 0); return; }
  memory.copy(copy, eKey(e), kl);
  const q = slotAt(p, k);
  store<u64>(q + EV_IDLE, idle);
  store<u32>(q + EV_DB, dbid);
  store<u32>(q + EV_KEY, <u32>copy);
  store<u32>(q + EV_KEYLEN, kl);
}

/** A random key of the db under the policy's scope (keys with a TTL for volatile-*), or 0. */
function sampleKey(db: Db, allKeys: bool): usize {
  if (allKeys) return dictRandom(dbDict(db), rand32);
  if (db.expLen == 0) return 0;
  return <usize>load<u32>(<usize>db.exp + (<usize>(rand32() % db.expLen) << 2));
}

@inline function scopeSize(db: Db, allKeys: bool): u32 { return allKeys ? dictSize(dbDict(db)) : db.expLen; }

// key of the chosen victim (copied out of the pool or the entry)
let victimDb: u32 = 0;
let victimKey: usize = 0;
let victimLen: u32 = 0;
let victimOwned = false;

/** Picks the next key to evict under an LRU, LFU or TTL policy; false when none is left. */
function pickFromPool(policy: u32): bool {
  const s = S();
  const p = pool();
  const allKeys = policyAllKeys(policy);
  const samples = s.maxmemorySamples > 0 ? s.maxmemorySamples : 1;
  while (true) {
    let total: u32 = 0;
    for (let i: u32 = 0; i < <u32>s.databases; i++) {
      const db = dbAt(i);
      const n = scopeSize(db, allKeys);
      if (n == 0) continue;
      total += n;
      for (let j: u32 = 0; j < samples; j++) {
        const e = sampleKey(db, allKeys);
        if (e != 0) poolInsert(p, i, e, evictionScore(e, policy));
      }
    }
    if (total == 0) return false;
    // from the best candidate down, the first one that still exists in its scope
    for (let k = <i32>EVPOOL_SIZE - 1; k >= 0; k--) {
      const q = slotAt(p, <u32>k);
      const kp = <usize>load<u32>(q + EV_KEY);
      if (kp == 0) continue;
      const dbid = load<u32>(q + EV_DB), kl = load<u32>(q + EV_KEYLEN);
      store<u32>(q + EV_KEY, 0);
      store<u64>(q + EV_IDLE, 0);
      const db = dbAt(dbid);
      const slot = dictFindSlot(dbDict(db), kp, kl);
      if (slot != 0 && (allKeys || eHasExpire(<usize>load<u32>(slot)))) {
        victimDb = dbid; victimKey = kp; victimLen = kl; victimOwned = true;
        return true;
      }
      free(kp);
    }
  }
}

/** allkeys-random / volatile-random: a random key of the next non-empty db (round robin). */
function pickRandom(policy: u32): bool {
  const s = S();
  const allKeys = policyAllKeys(policy);
  const n = <u32>s.databases;
  for (let i: u32 = 0; i < n; i++) {
    s.evictionNextDb = (s.evictionNextDb + 1) % n;
    const db = dbAt(s.evictionNextDb);
    if (scopeSize(db, allKeys) == 0) continue;
    const e = sampleKey(db, allKeys);
    if (e == 0) continue;
    victimDb = s.evictionNextDb; victimKey = eKey(e); victimLen = eKeyLen(e); victimOwned = false;
    return true;
  }
  return false;
}

/**
 * Deletes the chosen key as an eviction; returns the bytes the delete freed (measured around the
 * delete alone, as Redis does). The key is signalled (no modifying client, as Redis's
 * signalModifiedKey(NULL, ...)) and published before the delete rather than after: nothing runs in
 * between, so no client can tell, and the key bytes of a random pick, which live in the entry,
 * need no copy.
 */
function evictVictim(): i64 {
  const db = dbAt(victimDb);
  signalExpiredKey(db, victimKey, victimLen);
  notifyKeyspaceEvent(NOTIFY_EVICTED, "evicted", victimKey, victimLen, victimDb);
  const before = <i64>usedMemory();
  dbDelete(db, victimKey, victimLen);
  const freed = before - <i64>usedMemory();
  S().statEvictedKeys++;
  if (victimOwned) free(victimKey);
  return freed;
}

/** Microseconds one call may spend evicting (maxmemory-eviction-tenacity), or -1 for no limit. */
function evictionTimeLimitUs(): i64 {
  const t = S().evictionTenacity;
  if (t <= 10) return 50 * <i64>t;
  if (t < 100) return <i64>(500.0 * Math.pow(1.15, <f64>(t - 10)));
  return -1;
}

@inline export function overMaxmemory(): bool {
  const s = S();
  return s.maxmemory > 0 && <i64>usedMemory() > s.maxmemory;
}

/** Frees memory by evicting keys until used memory is within maxmemory (see the header). */
export function performEvictions(): i32 {
  const s = S();
  let result = EVICT_OK;
  if (pauseActive()) return EVICT_OK;
  if (s.maxmemory > 0 && <i64>usedMemory() > s.maxmemory) {
    const policy = s.maxmemoryPolicy;
    if (policy == 0 || policy == POLICY_NOEVICTION) {
      result = EVICT_FAIL;
    } else {
      const startUs = <i64>hostClockUs();
      const limitUs = evictionTimeLimitUs();
      // As Redis: free what was over the limit when this call began, counting only the bytes each
      // delete released. Output that evictions themselves cause (tracking invalidations, keyspace
      // events) is left to the next call, so it cannot feed a loop that drains the keyspace.
      const toFree = <i64>usedMemory() - s.maxmemory;
      let freed: i64 = 0;
      let keys: u32 = 0;
      const random = policy == POLICY_ALLKEYS_RANDOM || policy == POLICY_VOLATILE_RANDOM;
      while (freed < toFree) {
        if (!(random ? pickRandom(policy) : pickFromPool(policy))) { result = EVICT_FAIL; break; }
        freed += evictVictim();
        keys++;
        if ((keys & 15) == 0) {
          if (<i64>usedMemory() <= s.maxmemory) break;
          if (limitUs >= 0 && <i64>hostClockUs() - startUs > limitUs) { result = EVICT_RUNNING; break; } // cron goes on
        }
      }
    }
  }
  // INFO total/current_eviction_exceeded_time: how long memory has stayed over the limit
  if (result != EVICT_OK) {
    if (s.evictionExceededStartUs == 0) s.evictionExceededStartUs = <i64>hostClockUs();
  } else if (s.evictionExceededStartUs != 0) {
    s.evictionExceededTotalUs += <i64>hostClockUs() - s.evictionExceededStartUs;
    s.evictionExceededStartUs = 0;
  }
  return result;
}

/** Pages of the emergency reserve (mem/alloc.ts) for a linear-memory cap: 1/128 of it, at least 1 MiB. */
function reservePages(cap: i64): u32 { return <u32>max<i64>(16, (cap >> 7) >> 16); }

/** Room kept free below the linear-memory cap for what a command allocates besides its value. */
@inline export function capHeadroom(cap: i64): i64 { return max<i64>(4 << 20, cap >> 5); }

/**
 * Sets the emergency reserve aside while memory allows: at start, and (from dispatch and cron)
 * once a spent reserve can be replaced with room to spare: used memory at least two headrooms
 * and a reserve below the cap.
 */
export function armMemoryReserve(): void {
  const s = S();
  if (s.memoryCap <= 0 || reserveArmed()) return;
  const pages = reservePages(s.memoryCap);
  if (reserveSpent() && <i64>usedMemory() + 2 * capHeadroom(s.memoryCap) + (<i64>pages << 16) > s.memoryCap) return;
  // Freed small blocks keep their slab pages, so contiguous pages may be missing even with little
  // data left: writes then resume without a reserve rather than staying refused for good.
  if (!reserveArm(pages)) reserveClearSpent();
}

/** INFO current_eviction_exceeded_time, in ms. */
export function currentEvictionExceededMs(): i64 {
  const st = S().evictionExceededStartUs;
  return st == 0 ? 0 : (<i64>hostClockUs() - st) / 1000;
}
