// Expire arithmetic shared by the EXPIRE and TTL command families (types/keys.ts) and any other
// command that takes a relative or absolute expire time.
//
// Expire times are absolute unix times in milliseconds (i64), as stored in the entry (ds/entry.ts).
// Integer arithmetic follows Redis exactly, including where it wraps (see ttlReplyValue).
import { Client, argPtr, argLen } from "./client";
import { S } from "./state";
import { commands } from "./commands";
import { addReplyError, errBegin, errLit, errBytes, errEnd } from "./reply";
import { string2ll, parsedInt } from "../util/numbers";
import { eqLit } from "../util/bytes";
import { ERR_NOT_INTEGER } from "./errors";

// EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT condition flags
export const EXPIRE_NX: u32 = 1 << 0;
export const EXPIRE_XX: u32 = 1 << 1;
export const EXPIRE_GT: u32 = 1 << 2;
export const EXPIRE_LT: u32 = 1 << 3;

export const ERR_EXPIRE_NX_COMBO = "ERR NX and XX, GT or LT options at the same time are not compatible";
export const ERR_EXPIRE_GT_LT = "ERR GT and LT options at the same time are not compatible";

/** Result of the last successful parseExpireFlags / parseExpireTime. */
export let expireFlagsVal: u32 = 0;
export let expireWhenVal: i64 = 0;

/** "ERR invalid expire time in '<command>' command", named after the running command. */
export function replyInvalidExpireTime(c: Client): void {
  errBegin(c);
  errLit(c, "ERR invalid expire time in '");
  errLit(c, c.curCmd >= 0 ? commands[c.curCmd].fullName : "");
  errLit(c, "' command");
  errEnd(c);
}

/**
 * Parses the NX|XX|GT|LT options in argv[from..argc) into expireFlagsVal. Every word is checked
 * before the combinations, as in Redis; replies the error and returns false when invalid.
 */
export function parseExpireFlags(c: Client, from: u32): bool {
  let f: u32 = 0;
  for (let i = from; i < c.argc; i++) {
    const p = argPtr(c, i), n = argLen(c, i);
    if (eqLit(p, n, "nx")) f |= EXPIRE_NX;
    else if (eqLit(p, n, "xx")) f |= EXPIRE_XX;
    else if (eqLit(p, n, "gt")) f |= EXPIRE_GT;
    else if (eqLit(p, n, "lt")) f |= EXPIRE_LT;
    else {
      errBegin(c); errLit(c, "ERR Unsupported option "); errBytes(c, p, cstrLen(p, n)); errEnd(c);
      return false;
    }
  }
  if ((f & EXPIRE_NX) != 0 && (f & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
    addReplyError(c, ERR_EXPIRE_NX_COMBO); return false;
  }
  if ((f & (EXPIRE_GT | EXPIRE_LT)) == (EXPIRE_GT | EXPIRE_LT)) { addReplyError(c, ERR_EXPIRE_GT_LT); return false; }
  expireFlagsVal = f;
  return true;
}

/** Length of p[0..n) as a C string: Redis formats such arguments with %s, ending at a NUL byte. */
export function cstrLen(p: usize, n: u32): u32 {
  for (let i: u32 = 0; i < n; i++) if (load<u8>(p + i) == 0) return i;
  return n;
}

/**
 * argv[i] as an absolute unix time in ms: basetime + value (times 1000 when `seconds`), into
 * expireWhenVal. Negative and past values are accepted (the caller deletes the key); only a
 * non-integer or an overflow of the conversion or the addition is an error.
 */
export function parseExpireTime(c: Client, i: u32, basetime: i64, seconds: bool): bool {
  if (!string2ll(argPtr(c, i), argLen(c, i))) { addReplyError(c, ERR_NOT_INTEGER); return false; }
  let when = parsedInt;
  if (seconds) {
    if (when > i64.MAX_VALUE / 1000 || when < i64.MIN_VALUE / 1000) { replyInvalidExpireTime(c); return false; }
    when *= 1000;
  }
  if (when > i64.MAX_VALUE - basetime) { replyInvalidExpireTime(c); return false; }
  expireWhenVal = when + basetime;
  return true;
}

/**
 * Whether a write that sets expire time `when` must delete the key instead. Deviation note: Redis
 * never does this while loading AOF/RDB or on a replica (it waits for the primary's DEL); Cinnabar
 * has neither state yet, so a past time always deletes.
 */
@inline export function checkAlreadyExpired(when: i64): bool { return when <= S().nowMs; }

/**
 * The TTL/PTTL/EXPIRETIME/PEXPIRETIME value for a key expiring at `expireAt`. Redis computes
 * `(ms + 500) / 1000` for the seconds forms in signed 64-bit arithmetic, which wraps for times
 * within 500 ms of the i64 maximum; the wrap is reproduced.
 */
export function ttlReplyValue(expireAt: i64, outputMs: bool, outputAbs: bool): i64 {
  let ttl = outputAbs ? expireAt : expireAt - S().nowMs;
  if (ttl < 0) ttl = 0;
  return outputMs ? ttl : (ttl + 500) / 1000;
}
