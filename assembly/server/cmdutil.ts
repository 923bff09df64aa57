// Helpers shared by command handlers: current db, argument parsing with Redis's error replies.
import { Client, argPtr, argLen } from "./client";
import { Db, dbAt } from "./db";
import { string2ll, parsedInt, string2d, parsedDouble } from "../util/numbers";
import { addReplyError } from "./reply";
import { ERR_NOT_INTEGER, ERR_NOT_FLOAT } from "./errors";

@inline export function cdb(c: Client): Db { return dbAt(c.db); }

/** Parsed value of the last successful argInt/argDouble call. */
export let argIntVal: i64 = 0;
export let argDoubleVal: f64 = 0;

/** Parses argv[i] as a 64-bit integer, replying Redis's error if it is not one. */
export function argInt(c: Client, i: u32): bool {
  if (!string2ll(argPtr(c, i), argLen(c, i))) { addReplyError(c, ERR_NOT_INTEGER); return false; }
  argIntVal = parsedInt;
  return true;
}

/** Parses argv[i] as a double (no NaN), replying Redis's error if it is not one. */
export function argDouble(c: Client, i: u32): bool {
  if (!string2d(argPtr(c, i), argLen(c, i))) { addReplyError(c, ERR_NOT_FLOAT); return false; }
  argDoubleVal = parsedDouble;
  return true;
}
