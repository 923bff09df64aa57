// The dict entry: one allocation holding chain link, metadata, optional expiry, key and value.
//
// Layout (bytes):
//   0  next    u32   -> next entry in the same bucket (owned by the dict chain)
//   4  meta    u32   type:3 | expires:1 | enc:4 | lru:24   (lru: LRU clock, seconds resolution)
//   8  klen    u32   key length
//  12  [expireAt i64, expIdx u32]   only when meta.expires is set (EXPIRE_EXTRA bytes)
//  hdr key bytes (klen)
//  hdr+klen  value, whose shape depends on `enc` (see server/kv.ts)
//
// Invariants
// - Every dict in the core (keyspace, and later hash/set dicts) uses this layout, so dict.ts can find
//   the key of any entry without knowing what kind of value it holds.
// - An entry's address changes when its value or expiry is resized; the dict chain and the expiry
//   index (expIdx) are the only places that hold it, and both are updated by the code that moves it.

import { alloc } from "../mem/alloc";

export const E_NEXT: u32 = 0;
export const E_META: u32 = 4;
export const E_KLEN: u32 = 8;
export const E_EXPIRE_AT: u32 = 12;
export const E_EXP_IDX: u32 = 20;
export const E_BASE_HDR: u32 = 12;
export const EXPIRE_EXTRA: u32 = 12;

export const META_TYPE_MASK: u32 = 0x7;
export const META_EXPIRES: u32 = 0x8;
export const META_ENC_SHIFT: u32 = 4;
export const META_ENC_MASK: u32 = 0xf0;
export const META_LRU_SHIFT: u32 = 8;

/**
 * A key-only entry (meta 0) with `extra` zeroed bytes after the key, for dicts that index names
 * rather than values (pub/sub channels, watched keys). The caller frees it with free().
 */
export function entryNewName(kp: usize, kl: u32, extra: u32): usize {
  const e = alloc(E_BASE_HDR + kl + extra);
  store<u32>(e + E_META, 0);
  store<u32>(e + E_KLEN, kl);
  memory.copy(e + E_BASE_HDR, kp, kl);
  if (extra != 0) memory.fill(e + E_BASE_HDR + kl, 0, extra);
  return e;
}

@inline export function eNext(e: usize): usize { return load<u32>(e + E_NEXT); }
@inline export function eSetNext(e: usize, n: usize): void { store<u32>(e + E_NEXT, <u32>n); }
@inline export function eMeta(e: usize): u32 { return load<u32>(e + E_META); }
@inline export function eSetMeta(e: usize, m: u32): void { store<u32>(e + E_META, m); }
@inline export function eType(e: usize): u32 { return load<u32>(e + E_META) & META_TYPE_MASK; }
@inline export function eEnc(e: usize): u32 { return (load<u32>(e + E_META) & META_ENC_MASK) >> META_ENC_SHIFT; }
@inline export function eHasExpire(e: usize): bool { return (load<u32>(e + E_META) & META_EXPIRES) != 0; }
@inline export function eLru(e: usize): u32 { return load<u32>(e + E_META) >>> META_LRU_SHIFT; }
@inline export function eSetLru(e: usize, clock: u32): void {
  store<u32>(e + E_META, (load<u32>(e + E_META) & 0xff) | (clock << META_LRU_SHIFT));
}
@inline export function eKeyLen(e: usize): u32 { return load<u32>(e + E_KLEN); }
@inline export function eHdrSize(e: usize): u32 { return eHasExpire(e) ? E_BASE_HDR + EXPIRE_EXTRA : E_BASE_HDR; }
@inline export function eKey(e: usize): usize { return e + eHdrSize(e); }
@inline export function eVal(e: usize): usize { return e + eHdrSize(e) + eKeyLen(e); }
@inline export function eExpireAt(e: usize): i64 { return load<i64>(e + E_EXPIRE_AT); }
@inline export function eSetExpireAt(e: usize, t: i64): void { store<i64>(e + E_EXPIRE_AT, t); }
@inline export function eExpIdx(e: usize): u32 { return load<u32>(e + E_EXP_IDX); }
@inline export function eSetExpIdx(e: usize, i: u32): void { store<u32>(e + E_EXP_IDX, i); }
