// List commands and the list object lifecycle. (Being built for the collections issue: until its
// commands are registered here, no list value can exist, so the lifecycle hooks are never reached.)
import { free, alloc, blockSize } from "../mem/alloc";

export function listObjFree(enc: u32, obj: usize): void { free(obj); }
export function listObjDup(enc: u32, obj: usize): usize {
  const sz = blockSize(obj);
  const n = alloc(sz);
  if (n != 0) memory.copy(n, obj, sz);
  return n;
}
export function listObjMemUsage(enc: u32, obj: usize): u32 { return blockSize(obj); }

export function registerListCommands(): void {}
