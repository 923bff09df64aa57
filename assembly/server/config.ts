// Core-side configuration: numeric parameters the host pushes in (host/config/registry.ts owns the
// names, parsing and CONFIG GET/SET; it calls config_set_int/config_set_bytes for these ids).
import { armMemoryReserve } from "./evict";
import { dictSetMemoryLimit } from "../ds/dict";
import { S } from "./state";
import { alloc, free } from "../mem/alloc";
import { slowlogResize } from "./slowlog";

export const CFG_HZ: i32 = 1;
export const CFG_DATABASES: i32 = 2;
export const CFG_MAXCLIENTS: i32 = 3;
export const CFG_TIMEOUT: i32 = 4;
export const CFG_PROTO_MAX_BULK_LEN: i32 = 5;
export const CFG_QUERYBUF_LIMIT: i32 = 6;
export const CFG_MAXMEMORY: i32 = 7;
export const CFG_SLOWLOG_SLOWER_THAN: i32 = 8;
export const CFG_SLOWLOG_MAX_LEN: i32 = 9;
export const CFG_ACTIVE_EXPIRE_EFFORT: i32 = 10;
export const CFG_ENABLE_DEBUG: i32 = 11;
export const CFG_OBUF_NORMAL_HARD: i32 = 12;
export const CFG_OBUF_NORMAL_SOFT: i32 = 13;
export const CFG_OBUF_NORMAL_SOFT_SECS: i32 = 14;
export const CFG_REQUIREPASS: i32 = 15;       // bytes
export const CFG_LIST_MAX_LISTPACK_SIZE: i32 = 16;
export const CFG_LIST_COMPRESS_DEPTH: i32 = 17;
export const CFG_HASH_MAX_LISTPACK_ENTRIES: i32 = 18;
export const CFG_HASH_MAX_LISTPACK_VALUE: i32 = 19;
export const CFG_SET_MAX_INTSET_ENTRIES: i32 = 20;
export const CFG_SET_MAX_LISTPACK_ENTRIES: i32 = 21;
export const CFG_SET_MAX_LISTPACK_VALUE: i32 = 22;
export const CFG_ZSET_MAX_LISTPACK_ENTRIES: i32 = 23;
export const CFG_ZSET_MAX_LISTPACK_VALUE: i32 = 24;
export const CFG_HLL_SPARSE_MAX_BYTES: i32 = 25;
export const CFG_STREAM_NODE_MAX_BYTES: i32 = 26;
export const CFG_STREAM_NODE_MAX_ENTRIES: i32 = 27;

export const CFG_NOTIFY_KEYSPACE_EVENTS: i32 = 32; // the NOTIFY_* mask (server/notify.ts)
export const CFG_TRACKING_TABLE_MAX_KEYS: i32 = 33;
export const CFG_MAXMEMORY_POLICY: i32 = 34;        // POLICY_* code (server/evict.ts)
export const CFG_MAXMEMORY_SAMPLES: i32 = 35;
export const CFG_MAXMEMORY_EVICTION_TENACITY: i32 = 36;
export const CFG_LFU_LOG_FACTOR: i32 = 37;
export const CFG_LFU_DECAY_TIME: i32 = 38;
export const CFG_MIN_REPLICAS_TO_WRITE: i32 = 39;   // 0 unless both min-replicas-* are set
export const CFG_MEMORY_CAP: i32 = 40;              // bytes linear memory may grow to (host's limit)

export function configSetInt(id: i32, v: i64): bool {
  const s = S();
  switch (id) {
    case CFG_HZ: s.hz = <i32>v; break;
    case CFG_DATABASES: s.databases = <i32>v; break; // only before init_dbs
    case CFG_MAXCLIENTS: s.maxclients = <u32>v; break;
    case CFG_TIMEOUT: s.timeoutSec = <u32>v; break;
    case CFG_PROTO_MAX_BULK_LEN: s.protoMaxBulkLen = v; break;
    case CFG_QUERYBUF_LIMIT: s.queryBufLimit = v; break;
    case CFG_MAXMEMORY: s.maxmemory = v; s.evictSoon = 1; dictSetMemoryLimit(v > 0 ? <u64>v : 0); break;
    case CFG_MAXMEMORY_POLICY: s.maxmemoryPolicy = <u32>v; break;
    case CFG_MAXMEMORY_SAMPLES: s.maxmemorySamples = <u32>v; break;
    case CFG_MAXMEMORY_EVICTION_TENACITY: s.evictionTenacity = <u32>v; break;
    case CFG_LFU_LOG_FACTOR: s.lfuLogFactor = <u32>v; break;
    case CFG_LFU_DECAY_TIME: s.lfuDecayTime = <u32>v; break;
    case CFG_MIN_REPLICAS_TO_WRITE: s.minReplicasToWrite = <u32>v; break;
    case CFG_MEMORY_CAP: s.memoryCap = v; armMemoryReserve(); break;
    case CFG_SLOWLOG_SLOWER_THAN: s.slowlogSlowerThan = v; break;
    case CFG_SLOWLOG_MAX_LEN: s.slowlogMaxLen = <u32>v; slowlogResize(); break;
    case CFG_ACTIVE_EXPIRE_EFFORT: s.activeExpireEffort = <u32>v; break;
    case CFG_ENABLE_DEBUG: s.enableDebug = <u32>v; break;
    case CFG_OBUF_NORMAL_HARD: s.obufHardNormal = v; break;
    case CFG_OBUF_NORMAL_SOFT: s.obufSoftNormal = v; break;
    case CFG_OBUF_NORMAL_SOFT_SECS: s.obufSoftSecsNormal = v; break;
    case CFG_LIST_MAX_LISTPACK_SIZE: s.listMaxListpackSize = <i32>v; break;
    case CFG_LIST_COMPRESS_DEPTH: s.listCompressDepth = <i32>v; break;
    case CFG_HASH_MAX_LISTPACK_ENTRIES: s.hashMaxListpackEntries = v; break;
    case CFG_HASH_MAX_LISTPACK_VALUE: s.hashMaxListpackValue = v; break;
    case CFG_SET_MAX_INTSET_ENTRIES: s.setMaxIntsetEntries = v; break;
    case CFG_SET_MAX_LISTPACK_ENTRIES: s.setMaxListpackEntries = v; break;
    case CFG_SET_MAX_LISTPACK_VALUE: s.setMaxListpackValue = v; break;
    case CFG_ZSET_MAX_LISTPACK_ENTRIES: s.zsetMaxListpackEntries = v; break;
    case CFG_ZSET_MAX_LISTPACK_VALUE: s.zsetMaxListpackValue = v; break;
    case CFG_HLL_SPARSE_MAX_BYTES: s.hllSparseMaxBytes = v; break;
    case CFG_STREAM_NODE_MAX_BYTES: s.streamNodeMaxBytes = v; break;
    case CFG_STREAM_NODE_MAX_ENTRIES: s.streamNodeMaxEntries = v; break;
    case CFG_NOTIFY_KEYSPACE_EVENTS: s.notifyKeyspaceEvents = <u32>v; break;
    case CFG_TRACKING_TABLE_MAX_KEYS: s.trackingTableMaxKeys = v; break;
    default: return false;
  }
  return true;
}

export function configSetBytes(id: i32, p: usize, n: u32): bool {
  const s = S();
  if (id == CFG_REQUIREPASS) {
    if (s.requirepass != 0) free(s.requirepass);
    s.requirepass = 0; s.requirepassLen = 0;
    if (n > 0) {
      const b = alloc(n);
      memory.copy(b, p, n);
      s.requirepass = <u32>b; s.requirepassLen = n;
    }
    return true;
  }
  return false;
}

/** Redis's defaults, used until the host pushes its configuration. */
export function configDefaults(): void {
  const s = S();
  s.hz = 10;
  s.databases = 16;
  s.maxclients = 10000;
  s.timeoutSec = 0;
  s.protoMaxBulkLen = 512 * 1024 * 1024;
  s.queryBufLimit = 1024 * 1024 * 1024;
  s.maxmemory = 0;
  s.maxmemoryPolicy = 8; // noeviction
  s.maxmemorySamples = 5;
  s.evictionTenacity = 10;
  s.lfuLogFactor = 10;
  s.lfuDecayTime = 1;
  s.slowlogSlowerThan = 10000;
  s.slowlogMaxLen = 128;
  s.activeExpireEnabled = 1;
  s.activeExpireEffort = 1;
  s.enableDebug = 0;
  s.listMaxListpackSize = -2;
  s.listCompressDepth = 0;
  s.hashMaxListpackEntries = 128;
  s.hashMaxListpackValue = 64;
  s.setMaxIntsetEntries = 512;
  s.setMaxListpackEntries = 128;
  s.setMaxListpackValue = 64;
  s.zsetMaxListpackEntries = 128;
  s.zsetMaxListpackValue = 64;
  s.hllSparseMaxBytes = 3000;
  s.trackingTableMaxKeys = 1000000;
  s.streamNodeMaxBytes = 4096;
  s.streamNodeMaxEntries = 100;
}
