// Options shared by SCAN, SSCAN, HSCAN and ZSCAN: [MATCH pattern] [COUNT count], plus TYPE (SCAN
// only) and NOVALUES (HSCAN only). Errors are Redis's, in Redis's order: each option is checked as
// it is met; an unknown or incomplete option is a syntax error.
import { Client, argPtr, argLen } from "./client";
import { addReplyError, errBegin, errLit, errBytes, errEnd } from "./reply";
import { eqLit } from "../util/bytes";
import { string2ll, parsedInt } from "../util/numbers";
import { typeName } from "./kv";
import { realloc, free } from "../mem/alloc";
import { cstrLen } from "./expire";
import { ERR_SYNTAX, ERR_NOT_INTEGER } from "./errors";

export const SCAN_OPT_TYPE: u32 = 1;
export const SCAN_OPT_NOVALUES: u32 = 2;

// Results of the last successful parseScanOptions.
export let scanOptCount: i64 = 10;
export let scanOptPat: usize = 0;
export let scanOptPatLen: u32 = 0;
export let scanOptUsePat: bool = false;   // false for no MATCH, or MATCH * (matches everything)
export let scanOptType: i32 = -1;         // OBJ_* to keep, or -1
export let scanOptNoValues: bool = false;

function typeByName(p: usize, n: u32): i32 {
  for (let t: u32 = 0; t <= 5; t++) if (eqLit(p, n, typeName(t))) return <i32>t;
  return -1;
}

/** Parses argv[first..]; replies the error and returns false on bad input. */
export function parseScanOptions(c: Client, first: u32, allowed: u32): bool {
  scanOptCount = 10; scanOptPat = 0; scanOptPatLen = 0; scanOptUsePat = false;
  scanOptType = -1; scanOptNoValues = false;
  let i = first;
  while (i < c.argc) {
    const p = argPtr(c, i), n = argLen(c, i);
    const more = c.argc - i >= 2;
    if (eqLit(p, n, "count") && more) {
      if (!string2ll(argPtr(c, i + 1), argLen(c, i + 1))) { addReplyError(c, ERR_NOT_INTEGER); return false; }
      scanOptCount = parsedInt;
      if (scanOptCount < 1) { addReplyError(c, ERR_SYNTAX); return false; }
      i += 2;
    } else if (eqLit(p, n, "match") && more) {
      scanOptPat = argPtr(c, i + 1); scanOptPatLen = argLen(c, i + 1);
      scanOptUsePat = !(scanOptPatLen == 1 && load<u8>(scanOptPat) == 42);
      i += 2;
    } else if ((allowed & SCAN_OPT_TYPE) != 0 && eqLit(p, n, "type") && more) {
      // follows the upstream suite (newer than 7.4): an unknown type name is an error
      const tp = argPtr(c, i + 1), tl = argLen(c, i + 1);
      scanOptType = typeByName(tp, tl);
      if (scanOptType < 0) {
        errBegin(c); errLit(c, "ERR unknown type name '"); errBytes(c, tp, cstrLen(tp, tl)); errLit(c, "'"); errEnd(c);
        return false;
      }
      i += 2;
    } else if (eqLit(p, n, "novalues")) {
      if ((allowed & SCAN_OPT_NOVALUES) == 0) { addReplyError(c, "ERR NOVALUES option can only be used in HSCAN"); return false; }
      scanOptNoValues = true;
      i++;
    } else { addReplyError(c, ERR_SYNTAX); return false; }
  }
  return true;
}

// ---- collecting a step's results ------------------------------------------------------------------
// A dictScan callback may not reply (the reply needs the count first) nor change the dict, so each
// *SCAN step collects the entries it keeps here and replies after the walk. One step at a time.
let collBuf: usize = 0;
let collLen: u32 = 0;
let collCap: u32 = 0;

export function scanCollectBegin(): void { collLen = 0; }

/** Keeps an entry pointer; silently drops it if memory is exhausted (the step returns fewer). */
export function scanCollect(p: usize): void {
  if (collLen == collCap) {
    const ncap: u32 = collCap == 0 ? 64 : collCap * 2;
    const nb = realloc(collBuf, ncap << 2);
    if (nb == 0) return;
    collBuf = nb; collCap = ncap;
  }
  store<u32>(collBuf + (<usize>collLen << 2), <u32>p);
  collLen++;
}

@inline export function scanCollectedLen(): u32 { return collLen; }
@inline export function scanCollected(i: u32): usize { return <usize>load<u32>(collBuf + (<usize>i << 2)); }
/** Overwrites slot i and sets the length (for filtering the collected list in place). */
export function scanCollectedSet(i: u32, p: usize): void { store<u32>(collBuf + (<usize>i << 2), <u32>p); }
export function scanCollectedTruncate(n: u32): void { collLen = n; }

/** Releases the buffer after the reply. */
export function scanCollectEnd(): void {
  if (collBuf != 0) free(collBuf);
  collBuf = 0; collLen = 0; collCap = 0;
}
