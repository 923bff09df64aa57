// Unit-test ABI over ds/ttlheap.ts (test/unit/ds-ttlheap.test.ts). Numbers only: heaps and items
// are addresses in the allocator's heap. Test items are ITEM_SIZE-byte blocks: [key i64][slot u32].
import { allocInit, allocZeroed, free, usedMemory } from "../mem/alloc";
import { ROOT, A_INIT } from "../mem/root";
import { TH_SIZE, thLen, thAt, thTop, thPush, thRemove, thRemoveAt, thFix, thRelocated, thClear, thMemUsage } from "../ds/ttlheap";

const KEY: u32 = 0;
const IDX: u32 = 8;
const ITEM_SIZE: u32 = 16;

export function t_init(): void {
  if (load<u32>(ROOT + A_INIT) != 0) return;
  allocInit();
  store<u32>(ROOT + A_INIT, 1);
}
export function t_used(): f64 { return <f64>usedMemory(); }

export function t_heapNew(): usize { return allocZeroed(TH_SIZE); }
export function t_heapFree(h: usize): void { thClear(h); free(h); }
export function t_itemNew(key: f64): usize {
  const it = allocZeroed(ITEM_SIZE);
  store<i64>(it + KEY, <i64>key);
  return it;
}
export function t_itemFree(it: usize): void { free(it); }
export function t_itemKey(it: usize): f64 { return <f64>load<i64>(it + KEY); }
export function t_itemSlot(it: usize): u32 { return load<u32>(it + IDX); }

export function t_len(h: usize): u32 { return thLen(h); }
export function t_at(h: usize, i: u32): usize { return thAt(h, i); }
export function t_top(h: usize): usize { return thTop(h); }
export function t_push(h: usize, it: usize): u32 { return thPush(h, it, KEY, IDX) ? 1 : 0; }
export function t_remove(h: usize, it: usize): void { thRemove(h, it, KEY, IDX); }
export function t_removeAt(h: usize, i: u32): void { thRemoveAt(h, i, KEY, IDX); }
/** Changes an item's key and restores the order. */
export function t_rekey(h: usize, it: usize, key: f64): void {
  store<i64>(it + KEY, <i64>key);
  thFix(h, load<u32>(it + IDX), KEY, IDX);
}
/** Moves an item to a new block (as an entry realloc would) and tells the heap. */
export function t_move(h: usize, it: usize): usize {
  const n = allocZeroed(ITEM_SIZE);
  memory.copy(n, it, ITEM_SIZE);
  free(it);
  thRelocated(h, load<u32>(n + IDX), n);
  return n;
}
export function t_memUsage(h: usize): u32 { return thMemUsage(h); }

/** 1 when every slot's item knows its slot and no child is smaller than its parent. */
export function t_valid(h: usize): u32 {
  const n = thLen(h);
  for (let i: u32 = 0; i < n; i++) {
    const it = thAt(h, i);
    if (load<u32>(it + IDX) != i) return 0;
    if (i > 0 && load<i64>(thAt(h, (i - 1) >> 1) + KEY) > load<i64>(it + KEY)) return 0;
  }
  return 1;
}
