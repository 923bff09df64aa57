// INFO errorstats: counts of error replies by their code (first word: ERR, WRONGTYPE ...).
// As in Redis, when a 129th distinct code shows up the table is cleared, a single
// ERRORSTATS_DISABLED entry is kept and tracking stops until CONFIG RESETSTAT (total_error_replies
// keeps counting).
//
// Table layout (ERRSTAT_ENTRY bytes each): [len u8][code 55 bytes][count u64]
import { allocZeroed } from "../mem/alloc";
import { S } from "./state";
import { bytesEq } from "../util/bytes";

export const ERRSTAT_MAX: u32 = 128;
export const ERRSTAT_ENTRY: u32 = 64;
const CODE_MAX: u32 = 55;

export function errStatsInit(): void { S().errStats = <u32>allocZeroed(ERRSTAT_MAX * ERRSTAT_ENTRY); }

export function countError(p: usize, n: u32): void {
  const s = S();
  s.statTotalErrors++;
  if (s.errStatsDisabled != 0) return;
  if (n > CODE_MAX) n = CODE_MAX;
  const t = <usize>s.errStats;
  if (!bumpExisting(t, p, n) && !addNew(t, p, n)) {
    memory.fill(t, 0, ERRSTAT_MAX * ERRSTAT_ENTRY);
    const lit = "ERRORSTATS_DISABLED";
    const tmp = memory.data(32);
    for (let i = 0; i < lit.length; i++) store<u8>(tmp + i, <u8>lit.charCodeAt(i));
    addNew(t, tmp, <u32>lit.length);
    s.errStatsDisabled = 1;
  }
}

function bumpExisting(t: usize, p: usize, n: u32): bool {
  for (let i: u32 = 0; i < ERRSTAT_MAX; i++) {
    const e = t + i * ERRSTAT_ENTRY;
    const len = <u32>load<u8>(e);
    if (len == 0) return false;
    if (len == n && bytesEq(e + 1, p, n)) { store<u64>(e + 56, load<u64>(e + 56) + 1); return true; }
  }
  return false;
}

function addNew(t: usize, p: usize, n: u32): bool {
  for (let i: u32 = 0; i < ERRSTAT_MAX; i++) {
    const e = t + i * ERRSTAT_ENTRY;
    const len = <u32>load<u8>(e);
    if (len == 0) {
      store<u8>(e, <u8>n);
      memory.copy(e + 1, p, n);
      store<u64>(e + 56, 1);
      return true;
    }
  }
  return false;
}

export function errStatsReset(): void {
  memory.fill(<usize>S().errStats, 0, ERRSTAT_MAX * ERRSTAT_ENTRY);
  S().errStatsDisabled = 0;
}
