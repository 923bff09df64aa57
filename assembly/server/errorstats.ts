// INFO errorstats: counts of error replies by their code (first word: ERR, WRONGTYPE ...).
// Redis stops tracking new codes after 128 distinct ones; so do we.
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
  if (n > CODE_MAX) n = CODE_MAX;
  const t = <usize>s.errStats;
  for (let i: u32 = 0; i < ERRSTAT_MAX; i++) {
    const e = t + i * ERRSTAT_ENTRY;
    const len = <u32>load<u8>(e);
    if (len == 0) {
      store<u8>(e, <u8>n);
      memory.copy(e + 1, p, n);
      store<u64>(e + 56, 1);
      return;
    }
    if (len == n && bytesEq(e + 1, p, n)) { store<u64>(e + 56, load<u64>(e + 56) + 1); return; }
  }
}

export function errStatsReset(): void {
  memory.fill(<usize>S().errStats, 0, ERRSTAT_MAX * ERRSTAT_ENTRY);
}
