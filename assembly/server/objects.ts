// Per-type object lifecycle: free, deep copy (COPY) and MEMORY USAGE for values that are not strings.
// Each type's file owns its storage; this switch is the only place that knows them all.
import { OBJ_LIST, OBJ_SET, OBJ_ZSET, OBJ_HASH, OBJ_STREAM } from "./kv";
import { free, alloc, blockSize } from "../mem/alloc";
import { listObjFree, listObjDup, listObjMemUsage } from "../types/lists";
import { hashObjFree, hashObjDup, hashObjMemUsage } from "../types/hashes";
import { setObjFree, setObjDup, setObjMemUsage } from "../types/sets";
import { zsetObjFree, zsetObjDup, zsetObjMemUsage } from "../types/zsets";
import { streamObjFree, streamObjDup, streamObjMemUsage } from "../types/streams";

export function objFree(type: u32, enc: u32, obj: usize): void {
  switch (type) {
    case OBJ_LIST: listObjFree(enc, obj); return;
    case OBJ_HASH: hashObjFree(enc, obj); return;
    case OBJ_SET: setObjFree(enc, obj); return;
    case OBJ_ZSET: zsetObjFree(enc, obj); return;
    case OBJ_STREAM: streamObjFree(obj); return;
  }
  free(obj);
}

/** A deep copy of the object, or 0 when out of memory. */
export function objDup(type: u32, enc: u32, obj: usize): usize {
  switch (type) {
    case OBJ_LIST: return listObjDup(enc, obj);
    case OBJ_HASH: return hashObjDup(enc, obj);
    case OBJ_SET: return setObjDup(enc, obj);
    case OBJ_ZSET: return zsetObjDup(enc, obj);
    case OBJ_STREAM: return streamObjDup(obj);
  }
  const sz = blockSize(obj);
  const n = alloc(sz);
  if (n != 0) memory.copy(n, obj, sz);
  return n;
}

/** Bytes owned by the object (all its blocks), for MEMORY USAGE. */
export function objMemUsage(type: u32, enc: u32, obj: usize): u32 {
  switch (type) {
    case OBJ_LIST: return listObjMemUsage(enc, obj);
    case OBJ_HASH: return hashObjMemUsage(enc, obj);
    case OBJ_SET: return setObjMemUsage(enc, obj);
    case OBJ_ZSET: return zsetObjMemUsage(enc, obj);
    case OBJ_STREAM: return streamObjMemUsage(obj);
  }
  return blockSize(obj);
}
