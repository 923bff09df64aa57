// Hash commands and the hash object lifecycle. (Being built for the collections issue: until its
// commands are registered here, no hash value can exist, so the lifecycle hooks are never reached.)
import { free, alloc, blockSize } from "../mem/alloc";

export function hashObjFree(enc: u32, obj: usize): void { free(obj); }
export function hashObjDup(enc: u32, obj: usize): usize {
  const sz = blockSize(obj);
  const n = alloc(sz);
  if (n != 0) memory.copy(n, obj, sz);
  return n;
}
export function hashObjMemUsage(enc: u32, obj: usize): u32 { return blockSize(obj); }

export function registerHashCommands(): void {}
