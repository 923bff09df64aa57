// Options shared by SCAN, SSCAN, HSCAN and ZSCAN: [MATCH pattern] [COUNT count], plus TYPE (SCAN
// only) and NOVALUES (HSCAN only). Errors are Redis's, in Redis's order: each option is checked as
// it is met; an unknown or incomplete option is a syntax error.
import { Client, argPtr, argLen } from "./client";
import { addReplyError, errBegin, errLit, errBytes, errEnd } from "./reply";
import { eqLit } from "../util/bytes";
import { string2ll, parsedInt } from "../util/numbers";
import { typeName } from "./kv";
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
