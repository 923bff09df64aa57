// A growable array of u32 values (pointers, ids) behind a 12-byte header that the owner embeds
// wherever it keeps an ordered list: pub/sub subscribers, WATCH lists, postponed clients.
//
// Header layout: [count u32][cap u32][items u32 -> u32 x cap]. A zeroed header is an empty vector.
// Order is kept: push appends, remove shifts the tail down.
import { free, realloc } from "../mem/alloc";

export const VEC_SIZE: u32 = 12;

@inline export function vecLen(v: usize): u32 { return load<u32>(v); }
@inline export function vecAt(v: usize, i: u32): u32 { return load<u32>(<usize>load<u32>(v + 8) + (<usize>i << 2)); }

export function vecPush(v: usize, x: u32): void {
  const n = load<u32>(v);
  let cap = load<u32>(v + 4);
  if (n == cap) {
    cap = cap == 0 ? 4 : cap * 2;
    store<u32>(v + 8, <u32>realloc(load<u32>(v + 8), cap << 2));
    store<u32>(v + 4, cap);
  }
  store<u32>(<usize>load<u32>(v + 8) + (<usize>n << 2), x);
  store<u32>(v, n + 1);
}

/** Removes the first occurrence of x; false when absent. */
export function vecRemove(v: usize, x: u32): bool {
  const n = load<u32>(v);
  const arr = <usize>load<u32>(v + 8);
  for (let i: u32 = 0; i < n; i++) {
    if (load<u32>(arr + (<usize>i << 2)) == x) {
      memory.copy(arr + (<usize>i << 2), arr + (<usize>(i + 1) << 2), (n - i - 1) << 2);
      store<u32>(v, n - 1);
      return true;
    }
  }
  return false;
}

/** Frees the items (not the header) and leaves an empty vector. */
export function vecRelease(v: usize): void {
  const arr = <usize>load<u32>(v + 8);
  if (arr != 0) free(arr);
  store<u32>(v, 0); store<u32>(v + 4, 0); store<u32>(v + 8, 0);
}
