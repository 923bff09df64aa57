// Unit-test ABI over ds/listpack.ts and ds/intset.ts (test/unit/ds-listpack.test.ts, ds-intset.test.ts).
// Numbers only: listpacks/intsets are addresses in the allocator's heap; byte arguments are written
// by the test into the static scratch area.
import { allocInit, usedMemory, blockSize } from "../mem/alloc";
import { ROOT, A_INIT } from "../mem/root";
import {
  lpNew, lpFree, lpBytes, lpLength, lpFirst, lpLast, lpNext, lpPrev, lpSeek, lpGet, lpGetStr,
  lpGetDouble, lpEntrySize, lpAppend, lpAppendInt, lpPrepend, lpPrependInt, lpInsert, lpInsertInt,
  lpInsertPair, lpAppendPair, lpReplace, lpReplaceInt, lpDelete, lpDeleteRange,
  lpDeleteRangeWithEntry, lpMerge, lpFind, lpEq, lpCmp, lpValidate, lpStringToInt64, lpEntrySizeFor,
  lpEntrySizeForInt, lpSafeToAdd, lpvInt, lpvStr, lpvLen, lpPos, lpDup, lpOffsets,
} from "../ds/listpack";
import { parsedInt } from "../util/numbers";

const SCRATCH: usize = memory.data(1 << 20, 16);
export function scratch(): usize { return SCRATCH; }

/** Initialises the allocator once (what serverInit's allocInit does for the real core). */
export function t_init(): void {
  if (load<u32>(ROOT + A_INIT) != 0) return;
  allocInit();
  store<u32>(ROOT + A_INIT, 1);
}
export function t_used(): f64 { return <f64>usedMemory(); }
export function t_blockSize(p: usize): u32 { return blockSize(p); }

export function t_lpNew(cap: u32): usize { return lpNew(cap); }
export function t_lpFree(lp: usize): void { lpFree(lp); }
export function t_lpBytes(lp: usize): u32 { return lpBytes(lp); }
export function t_lpLength(lp: usize): u32 { return lpLength(lp); }
export function t_lpFirst(lp: usize): usize { return lpFirst(lp); }
export function t_lpLast(lp: usize): usize { return lpLast(lp); }
export function t_lpNext(lp: usize, p: usize): usize { return lpNext(lp, p); }
export function t_lpPrev(lp: usize, p: usize): usize { return lpPrev(lp, p); }
export function t_lpSeek(lp: usize, i: i64): usize { return lpSeek(lp, i); }
export function t_lpGet(p: usize): i32 { return lpGet(p) ? 1 : 0; }
export function t_lpGetStr(p: usize): void { lpGetStr(p); }
export function t_lpGetDouble(p: usize): f64 { return lpGetDouble(p); }
export function t_lpvInt(): i64 { return lpvInt; }
export function t_lpvStr(): usize { return lpvStr; }
export function t_lpvLen(): u32 { return lpvLen; }
export function t_lpPos(): usize { return lpPos; }
export function t_lpEntrySize(p: usize): u32 { return lpEntrySize(p); }
export function t_lpAppend(lp: usize, s: usize, n: u32): usize { return lpAppend(lp, s, n); }
export function t_lpAppendInt(lp: usize, v: i64): usize { return lpAppendInt(lp, v); }
export function t_lpPrepend(lp: usize, s: usize, n: u32): usize { return lpPrepend(lp, s, n); }
export function t_lpPrependInt(lp: usize, v: i64): usize { return lpPrependInt(lp, v); }
export function t_lpInsert(lp: usize, p: usize, where: i32, s: usize, n: u32): usize { return lpInsert(lp, p, where, s, n); }
export function t_lpInsertInt(lp: usize, p: usize, where: i32, v: i64): usize { return lpInsertInt(lp, p, where, v); }
export function t_lpInsertPair(lp: usize, p: usize, s1: usize, l1: u32, s2: usize, l2: u32): usize { return lpInsertPair(lp, p, s1, l1, s2, l2); }
export function t_lpAppendPair(lp: usize, s1: usize, l1: u32, s2: usize, l2: u32): usize { return lpAppendPair(lp, s1, l1, s2, l2); }
export function t_lpReplace(lp: usize, p: usize, s: usize, n: u32): usize { return lpReplace(lp, p, s, n); }
export function t_lpReplaceInt(lp: usize, p: usize, v: i64): usize { return lpReplaceInt(lp, p, v); }
export function t_lpDelete(lp: usize, p: usize): usize { return lpDelete(lp, p); }
export function t_lpDeleteRange(lp: usize, i: i64, n: u32): usize { return lpDeleteRange(lp, i, n); }
export function t_lpDeleteRangeWithEntry(lp: usize, p: usize, n: u32): usize { return lpDeleteRangeWithEntry(lp, p, n); }
export function t_lpMerge(a: usize, b: usize): usize { return lpMerge(a, b); }
export function t_lpFind(lp: usize, p: usize, s: usize, n: u32, skip: u32): usize { return lpFind(lp, p, s, n, skip); }
export function t_lpEq(p: usize, s: usize, n: u32): i32 { return lpEq(p, s, n) ? 1 : 0; }
export function t_lpCmp(p: usize, s: usize, n: u32): i32 { return lpCmp(p, s, n); }
export function t_lpValidate(lp: usize, size: u32, deep: i32): i32 { return lpValidate(lp, size, deep != 0) ? 1 : 0; }
export function t_lpStringToInt64(s: usize, n: u32): i32 { return lpStringToInt64(s, n) ? 1 : 0; }
export function t_parsedInt(): i64 { return parsedInt; }
export function t_lpEntrySizeFor(s: usize, n: u32): u32 { return lpEntrySizeFor(s, n); }
export function t_lpEntrySizeForInt(v: i64): u32 { return lpEntrySizeForInt(v); }
export function t_lpDup(lp: usize): usize { return lpDup(lp); }
export function t_lpOffsets(lp: usize, dst: usize, skip: u32): u32 { return lpOffsets(lp, dst, skip); }
export function t_lpSafeToAdd(lp: usize, add: u32): i32 { return lpSafeToAdd(lp, add) ? 1 : 0; }

import {
  isNew, isFree, isAdd, isRemove, isFind, isSearch, isGet, isLen, isBlobLen, isEncoding, isMin, isMax,
  isRandom, isValidate, isAdded, isRemoved, isPos,
} from "../ds/intset";
export function t_isNew(): usize { return isNew(); }
export function t_isFree(is: usize): void { isFree(is); }
export function t_isAdd(is: usize, v: i64): usize { return isAdd(is, v); }
export function t_isAdded(): i32 { return isAdded ? 1 : 0; }
export function t_isRemove(is: usize, v: i64): usize { return isRemove(is, v); }
export function t_isRemoved(): i32 { return isRemoved ? 1 : 0; }
export function t_isFind(is: usize, v: i64): i32 { return isFind(is, v) ? 1 : 0; }
export function t_isSearch(is: usize, v: i64): i32 { return isSearch(is, v) ? 1 : 0; }
export function t_isPos(): u32 { return isPos; }
export function t_isGet(is: usize, pos: u32): i64 { return isGet(is, pos); }
export function t_isLen(is: usize): u32 { return isLen(is); }
export function t_isBlobLen(is: usize): u32 { return isBlobLen(is); }
export function t_isEncoding(is: usize): u32 { return isEncoding(is); }
export function t_isMin(is: usize): i64 { return isMin(is); }
export function t_isMax(is: usize): i64 { return isMax(is); }
export function t_isRandom(is: usize, r: u32): i64 { return isRandom(is, r); }
export function t_isValidate(is: usize, size: u32, deep: i32): i32 { return isValidate(is, size, deep != 0) ? 1 : 0; }
