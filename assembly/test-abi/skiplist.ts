// Unit-test entry for ds/skiplist.ts (test/unit/ds-skiplist.test.ts, built to build/test-skiplist.wasm):
// the production ABI (so core_init sets up the server state the skiplist's level RNG uses) plus thin
// numeric wrappers. Byte arguments and results go through the static scratch area T.
export * from "../index";

import { usedMemory } from "../mem/alloc";
import {
  zsNew, zsFree, zsDup, zsMemUsage, zsLength, zsLevel, zsFind, zsInsert, zsUpdateScore, zsDelete, zsCheck,
  zsRankOf, zsByRank, znScore, znMember, znMemberLen, znLevel, znNext, znBack, zsFirst, zsTail,
  parseScoreRange, parseLexRange, zsFirstInRange, zsLastInRange, zsFirstInLexRange, zsLastInLexRange, foundRank,
  zsDeleteRangeByScore, zsDeleteRangeByLex, zsDeleteRangeByRank, zsAddUnlinked, zsLinkAll, znSetScoreUnlinked,
  strtodLike, strtodVal,
} from "../ds/skiplist";
import { fmtG17 } from "../types/zsets";

const T_SIZE: u32 = 1 << 16;
const T: usize = memory.data(T_SIZE, 16);
export function t_scratch(): usize { return T; }
export function t_used_memory(): f64 { return <f64>usedMemory(); }

export function t_zs_new(cap: u32): usize { return zsNew(cap); }
export function t_zs_free(zs: usize): void { zsFree(zs); }
export function t_zs_dup(zs: usize): usize { return zsDup(zs); }
export function t_zs_mem(zs: usize): u32 { return zsMemUsage(zs); }
export function t_zs_len(zs: usize): u32 { return zsLength(zs); }
export function t_zs_level(zs: usize): u32 { return zsLevel(zs); }
export function t_zs_check(zs: usize): u32 { return zsCheck(zs); }

/** Adds member T[0..len) with score, or updates its score: 1 added, 0 updated. */
export function t_zs_add(zs: usize, score: f64, len: u32): i32 {
  const n = zsFind(zs, T, len);
  if (n != 0) { zsUpdateScore(zs, n, score); return 0; }
  zsInsert(zs, score, T, len);
  return 1;
}
export function t_zs_del(zs: usize, len: u32): i32 { return zsDelete(zs, T, len) ? 1 : 0; }
/** Score of member T[0..len), NaN when absent. */
export function t_zs_score(zs: usize, len: u32): f64 {
  const n = zsFind(zs, T, len);
  return n == 0 ? NaN : znScore(n);
}
/** 1-based rank of member T[0..len), 0 when absent. */
export function t_zs_rank(zs: usize, len: u32): u32 {
  const n = zsFind(zs, T, len);
  return n == 0 ? 0 : zsRankOf(zs, n);
}

let lastScore: f64 = 0;
let lastLevel: u32 = 0;
function out(n: usize): i32 {
  if (n == 0) return -1;
  const l = znMemberLen(n);
  memory.copy(T, znMember(n), l);
  lastScore = znScore(n);
  lastLevel = znLevel(n);
  return <i32>l;
}
/** Member at a 1-based rank into T (returns its length, -1 when out of range); score/level after. */
export function t_zs_at(zs: usize, rank: u32): i32 { return out(zsByRank(zs, rank)); }
export function t_last_score(): f64 { return lastScore; }
export function t_last_level(): u32 { return lastLevel; }

/** Walks the level-0 list (forward, or backward from the tail) writing [len u32][bytes] per member to T. */
export function t_zs_walk(zs: usize, reverse: i32): u32 {
  let n = reverse != 0 ? zsTail(zs) : zsFirst(zs);
  let off: u32 = 0;
  let count: u32 = 0;
  while (n != 0) {
    const l = znMemberLen(n);
    if (off + 4 + l > T_SIZE) break;
    store<u32>(T + off, l);
    memory.copy(T + off + 4, znMember(n), l);
    off += 4 + l;
    count++;
    n = reverse != 0 ? znBack(n) : znNext(n);
  }
  return count;
}

/**
 * Parses a range from T (min = T[0..minLen), max = T[minLen..minLen+maxLen)); kind 0 = score,
 * 1 = lex. Returns -1 for a parse error, else the rank of the first member in range (0: none);
 * t_last_rank() is then the rank of the last one.
 */
let lastRank: u32 = 0;
export function t_zs_range(zs: usize, kind: i32, minLen: u32, maxLen: u32): i32 {
  const ok = kind == 0 ? parseScoreRange(T, minLen, T + minLen, maxLen) : parseLexRange(T, minLen, T + minLen, maxLen);
  if (!ok) return -1;
  const f = kind == 0 ? zsFirstInRange(zs) : zsFirstInLexRange(zs);
  if (f == 0) { lastRank = 0; return 0; }
  const first = foundRank;
  const l = kind == 0 ? zsLastInRange(zs) : zsLastInLexRange(zs);
  lastRank = l == 0 ? 0 : foundRank;
  return <i32>first;
}
export function t_last_rank(): u32 { return lastRank; }

/** Deletes a range (kind 0 score, 1 lex: parsed as in t_zs_range; 2 rank: a..b 1-based); returns the count or -1. */
export function t_zs_delrange(zs: usize, kind: i32, a: u32, b: u32): i32 {
  if (kind == 2) return <i32>zsDeleteRangeByRank(zs, a, b);
  const ok = kind == 0 ? parseScoreRange(T, a, T + a, b) : parseLexRange(T, a, T + a, b);
  if (!ok) return -1;
  return <i32>(kind == 0 ? zsDeleteRangeByScore(zs) : zsDeleteRangeByLex(zs));
}

/** Accumulator use: add to the dict only (or set the score of an unlinked node), then link all. */
export function t_zs_add_unlinked(zs: usize, score: f64, len: u32): i32 {
  const n = zsFind(zs, T, len);
  if (n != 0) { znSetScoreUnlinked(n, score); return 0; }
  zsAddUnlinked(zs, score, T, len);
  return 1;
}
export function t_zs_link_all(zs: usize): void { zsLinkAll(zs); }

/** strtod-like score bound parsing of T[0..len): 1 ok (value via t_strtod_val), 0 rejected. */
export function t_strtod(len: u32): i32 { return strtodLike(T, len) ? 1 : 0; }
export function t_strtod_val(): f64 { return strtodVal; }

/** "%.17g" of v into T; returns the length. */
export function t_fmt_g17(v: f64): u32 { return fmtG17(T, v); }
