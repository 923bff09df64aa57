// Server-wide state, one instance, owned by the root (mem/root.ts A_SERVER).
//
// The struct is @unmanaged: its fields are laid out in declaration order, and it lives in linear
// memory, so it is part of a memory image. Config values are pushed in by the host (config.ts ids).
import { ROOT, A_SERVER } from "../mem/root";

@unmanaged export class Server {
  // --- config (host pushes these; see server/config.ts) ---
  hz: i32;
  databases: i32;
  maxclients: u32;
  timeoutSec: u32;
  protoMaxBulkLen: i64;
  queryBufLimit: i64;
  maxmemory: i64;
  slowlogSlowerThan: i64;
  slowlogMaxLen: u32;
  activeExpireEnabled: u32;
  activeExpireEffort: u32;
  enableDebug: u32;          // 0 no, 1 yes, 2 local
  requirepass: u32;          // -> bytes, owned here (0 = no password)
  requirepassLen: u32;
  obufHardNormal: i64;       // client-output-buffer-limit normal (0 = none)
  obufSoftNormal: i64;
  obufSoftSecsNormal: i64;
  lazyfreeFlags: u32;
  // encoding thresholds (CONFIG SET changes them at run time; conversions check them on write)
  listMaxListpackSize: i32;        // >0: entries per quicklist node; <0: -1..-5 = 4..64 KiB per node
  listCompressDepth: i32;
  hashMaxListpackEntries: i64;
  hashMaxListpackValue: i64;
  setMaxIntsetEntries: i64;
  setMaxListpackEntries: i64;
  setMaxListpackValue: i64;
  zsetMaxListpackEntries: i64;
  zsetMaxListpackValue: i64;
  hllSparseMaxBytes: i64;          // a sparse HyperLogLog larger than this becomes dense
  streamNodeMaxBytes: i64;         // stream listpack node limits (ds/stream.ts)
  streamNodeMaxEntries: i64;
  // --- keyspace ---
  dbs: u32;                  // -> Db[databases] (server/db.ts)
  // --- clients ---
  clients: u32;              // -> u32[clientsCap] client pointers by slot
  clientsCap: u32;
  numClients: u32;
  nextClientId: u64;
  pending: u32;              // -> u32[] slots with output or a state change for the host
  pendingLen: u32;
  pendingCap: u32;
  monitors: u32;             // number of MONITOR clients
  // --- time ---
  nowMs: i64;                // cached mstime of the command being run
  nowUs: i64;
  startMs: i64;
  lastCmdEndUs: i64;
  lruClock: u32;
  cronLoops: u32;
  // --- stats (INFO stats) ---
  statNumCommands: u64;
  statNumConnections: u64;
  statRejectedConn: u64;
  statExpiredKeys: u64;
  statExpiredStalePerc: f64;
  statExpiredTimeCapReached: u64;
  statEvictedKeys: u64;
  statKeyspaceHits: u64;
  statKeyspaceMisses: u64;
  statNetInput: u64;
  statNetOutput: u64;
  statTotalErrors: u64;
  statUnexpectedErrors: u64;
  statClientQbufLimitDisc: u64;
  statClientObufLimitDisc: u64;
  dirty: u64;
  cmdStats: u32;             // -> CmdStat[numCommands] (server/commands.ts)
  errStats: u32;             // -> error-prefix table (server/errorstats.ts)
  errStatsDisabled: u32;     // 1 after more than ERRSTAT_MAX distinct codes, until CONFIG RESETSTAT
  // --- slowlog ---
  slowlog: u32;              // -> ring of entries (server/slowlog.ts)
  slowlogLen: u32;
  slowlogHead: u32;
  slowlogNextId: u64;
  // --- misc ---
  scratch: u32;              // -> SCRATCH_SIZE bytes of scratch space for formatting
  rngState: u64;
  hostInfo: u32;             // -> host-provided strings/numbers for INFO (server/info.ts)
  activeExpireDb: u32;
  shutdownAsap: u32;
  expireCycleSlow: u64;
  // --- adaptive command timing (dispatch.ts) ---
  untimed: u32;              // commands run since the last clock read, awaiting their usec share
  untimedIds: u32;           // -> i32[UNTIMED_MAX] their command ids
  // --- blocking pops (server/blocking.ts) ---
  blocking: u32;             // -> Blocking state, created on first use (owned here)
  // --- pub/sub (server/pubsub.ts) ---
  pubsub: u32;               // -> PubSubState, created on first use
  // --- WATCH (server/watch.ts) and keyspace notifications (server/notify.ts) ---
  watch: u32;                // -> u32[databases] per-db dicts of watched keys, created on first use
  watchedKeys: u32;          // watched (db, key) pairs over all dbs
  notifyKeyspaceEvents: u32; // NOTIFY_* class mask (notify-keyspace-events)
  // --- client tracking (server/tracking.ts) ---
  tracking: u32;             // -> TrackingState, created on first use
  currentClient: u32;        // -> the client whose command is running (0 outside commands)
  trackingTableMaxKeys: i64; // tracking-table-max-keys (0: no limit)
  // --- CLIENT PAUSE (server/pause.ts) ---
  pauseType: u32;            // 0, PAUSE_WRITE or PAUSE_ALL
  pause: u32;                // -> PauseState (postponed clients), created on first use
  pauseEndMs: i64;
  postponedClients: u32;     // counted in INFO blocked_clients, as in Redis
  cronPaused: u32;           // DEBUG PAUSE-CRON 1: the periodic cron does nothing
  // --- maxmemory eviction (server/evict.ts) ---
  maxmemoryPolicy: u32;      // POLICY_* code; 0 until the host pushes it (treated as noeviction)
  maxmemorySamples: u32;
  evictionTenacity: u32;
  lfuLogFactor: u32;
  lfuDecayTime: u32;
  evictionPool: u32;         // -> the eviction pool, created on first use
  evictionNextDb: u32;       // round-robin db for the random policies
  evictionExceededStartUs: i64; // when the current over-the-limit stretch began (0: not over)
  evictionExceededTotalUs: i64;
  minReplicasToWrite: u32;   // min-replicas-to-write when min-replicas-max-lag is also set, else 0
  memoryCap: i64;            // bytes linear memory can grow to (4 GiB, or the embedder's cap); 0 unknown
  evictSoon: u32;            // maxmemory changed: evict at the end of this input, as Redis's timer does
}

export const SCRATCH_SIZE: u32 = 65536;

// @ts-ignore: decorator
@inline export function S(): Server { return changetype<Server>(load<u32>(ROOT + A_SERVER)); }

/** xorshift64* PRNG; state in the server struct. */
export function rand32(): u32 {
  const s = S();
  let x = s.rngState;
  x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
  s.rngState = x;
  return <u32>((x * 0x2545F4914F6CDD1D) >> 32);
}
