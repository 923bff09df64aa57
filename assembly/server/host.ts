// Functions the host provides to the core (wasm imports, module "env"). Numbers only.

/** Wall clock in microseconds since the Unix epoch (as f64: exact up to 2^53). */
@external("env", "clock_us") export declare function hostClockUs(): f64;
/** Blocks the whole process for `ms` milliseconds (DEBUG SLEEP): a deliberate Redis behaviour. */
@external("env", "sleep_ms") export declare function hostSleepMs(ms: f64): void;
/**
 * Runs a command the host owns (CONFIG, SHUTDOWN ...). The host reads argv through the client ABI
 * and writes its reply with the reply exports. `cmdId` is the command-table id.
 */
@external("env", "host_command") export declare function hostCommand(slot: u32, cmdId: i32): void;
/** Log a line at a level (0 debug, 1 verbose, 2 notice, 3 warning) from bytes in memory. */
@external("env", "log") export declare function hostLog(level: i32, ptr: usize, len: u32): void;

import { S } from "./state";

/** Reads the host clock into the server's now (µs and ms) and returns it in µs. */
export function readClock(): i64 {
  const s = S();
  const now = <i64>hostClockUs();
  s.nowUs = now;
  s.nowMs = now / 1000;
  return now;
}
