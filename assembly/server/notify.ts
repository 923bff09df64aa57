// Keyspace notifications (notify-keyspace-events) and the "key was modified" signal that WATCH
// and client tracking listen to.
//
// notifyKeyspaceEvent(class, event, key, db) publishes, when the class is enabled:
//   K: channel "__keyspace@<db>__:<key>", message <event>
//   E: channel "__keyevent@<db>__:<event>", message <key>
// Class bits are Redis's (NOTIFY_*); the host parses the config letters into them
// (host/config/registry.ts keyspaceEventsStringToFlags) and pushes the mask into the core.
//
// signalModifiedKey(db, key) is called by every command at the point where it changes a key
// (Redis's signalModifiedKey): WATCHed keys become dirty, tracking clients get invalidations.
import { S } from "./state";
import { alloc, free } from "../mem/alloc";
import { ll2string } from "../util/numbers";
import { pubsubPublish } from "./pubsub";
import { Db, dbIndex, dbDelete } from "./db";
import { touchWatchedKey } from "./watch";
import { trackingInvalidateKey } from "./tracking";

export const NOTIFY_KEYSPACE: u32 = 1 << 0;   // K
export const NOTIFY_KEYEVENT: u32 = 1 << 1;   // E
export const NOTIFY_GENERIC: u32 = 1 << 2;    // g
export const NOTIFY_STRING: u32 = 1 << 3;     // $
export const NOTIFY_LIST: u32 = 1 << 4;       // l
export const NOTIFY_SET: u32 = 1 << 5;        // s
export const NOTIFY_HASH: u32 = 1 << 6;       // h
export const NOTIFY_ZSET: u32 = 1 << 7;       // z
export const NOTIFY_EXPIRED: u32 = 1 << 8;    // x
export const NOTIFY_EVICTED: u32 = 1 << 9;    // e
export const NOTIFY_STREAM: u32 = 1 << 10;    // t
export const NOTIFY_KEY_MISS: u32 = 1 << 11;  // m
export const NOTIFY_LOADED: u32 = 1 << 12;    // module only
export const NOTIFY_MODULE: u32 = 1 << 13;    // d
export const NOTIFY_NEW: u32 = 1 << 14;       // n


/** Is any event of `type` published? (callers with costly arguments may test first) */
@inline export function notifyEnabled(type: u32): bool { return (S().notifyKeyspaceEvents & type) != 0; }

const NOTIFY_SCRATCH_SIZE: u32 = 1024;
const NOTIFY_SCRATCH: usize = memory.data(NOTIFY_SCRATCH_SIZE);

function putStr(d: usize, s: string): u32 {
  const n = <u32>s.length;
  for (let i: u32 = 0; i < n; i++) store<u8>(d + i, <u8>s.charCodeAt(i));
  return n;
}

/** Publishes the keyspace and/or keyevent notification of `event` on key kp[0..kl) in db `dbid`. */
export function notifyKeyspaceEvent(type: u32, event: string, kp: usize, kl: u32, dbid: u32): void {
  const flags = S().notifyKeyspaceEvents;
  if ((flags & type) == 0) return;
  const evLen = <u32>event.length;
  // "__keyspace@" + db + "__:" + key (or event); the event name doubles as a message
  const need: u32 = 24 + max<u32>(kl, evLen) + evLen;
  // own scratch: callers may be holding formatted output in the server scratch area
  const sc = NOTIFY_SCRATCH;
  const buf = need <= NOTIFY_SCRATCH_SIZE ? sc : alloc(need);
  const evAt = buf + need - evLen;
  putStr(evAt, event);
  if (flags & NOTIFY_KEYSPACE) {
    let n = putStr(buf, "__keyspace@");
    n += ll2string(buf + n, dbid);
    n += putStr(buf + n, "__:");
    memory.copy(buf + n, kp, kl);
    pubsubPublish(buf, n + kl, evAt, evLen, false);
  }
  if (flags & NOTIFY_KEYEVENT) {
    let n = putStr(buf, "__keyevent@");
    n += ll2string(buf + n, dbid);
    n += putStr(buf + n, "__:");
    n += putStr(buf + n, event);
    pubsubPublish(buf, n, kp, kl, false);
  }
  if (buf != sc) free(buf);
}

/** Redis's signalModifiedKey: the key's value changed (or it was created/deleted). */
@inline export function signalModifiedKey(db: Db, kp: usize, kl: u32): void {
  const s = S();
  if (s.watchedKeys != 0) touchWatchedKey(db, kp, kl);
  if (s.tracking != 0) trackingInvalidateKey(kp, kl, true, true);
}

/** An expired key was deleted: like signalModifiedKey, but no client made the change. */
export function signalExpiredKey(db: Db, kp: usize, kl: u32): void {
  const s = S();
  if (s.watchedKeys != 0) touchWatchedKey(db, kp, kl);
  if (s.tracking != 0) trackingInvalidateKey(kp, kl, true, false);
}

/**
 * The empty result of a STORE-form command (SINTERSTORE, ZUNIONSTORE, SORT ... STORE, BITOP,
 * GEOSEARCHSTORE ...): the destination is deleted if it exists, which counts as a change (dirty,
 * signal, "del"); a destination that did not exist stays untouched. Returns whether it existed.
 */
export function deleteStoreDestination(db: Db, kp: usize, kl: u32): bool {
  if (!dbDelete(db, kp, kl)) return false;
  S().dirty++;
  keyChanged(db, NOTIFY_GENERIC, "del", kp, kl);
  return true;
}

/** Both at once, the common case in command code. */
export function keyChanged(db: Db, type: u32, event: string, kp: usize, kl: u32): void {
  signalModifiedKey(db, kp, kl);
  notifyKeyspaceEvent(type, event, kp, kl, dbIndex(db));
}
