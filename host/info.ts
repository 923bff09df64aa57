// Values for INFO that only the host knows: process, OS, CPU and RSS figures, paths, listeners.
// The core renders INFO (assembly/server/info.ts); the host pushes numbers and strings under the ids
// below (mirrors of the core's HN_* / HS_* constants) through info_set_num / info_set_str.
import os from 'node:os';
import path from 'node:path';
import type { Core } from './core.js';
import type { ConfigRegistry } from './config/registry.js';

export const InfoNum = {
  PROCESS_ID: 0, TCP_PORT: 1, ARCH_BITS: 2, USED_MEMORY_RSS: 3, TOTAL_SYSTEM_MEMORY: 4,
  CPU_SYS_US: 5, CPU_USER_US: 6, CPU_SYS_CHILDREN_US: 7, CPU_USER_CHILDREN_US: 8, CPU_SYS_MAIN_US: 9, CPU_USER_MAIN_US: 10,
  LASTSAVE: 11, LOADING: 12, ASYNC_LOADING: 13, RDB_BGSAVE_IN_PROGRESS: 14, RDB_LAST_BGSAVE_TIME_SEC: 15,
  RDB_CURRENT_BGSAVE_TIME_SEC: 16, RDB_SAVES: 17, RDB_LAST_COW_SIZE: 18, RDB_LAST_LOAD_KEYS_EXPIRED: 19,
  RDB_LAST_LOAD_KEYS_LOADED: 20, AOF_ENABLED: 21, AOF_REWRITE_IN_PROGRESS: 22, AOF_REWRITE_SCHEDULED: 23,
  AOF_LAST_REWRITE_TIME_SEC: 24, AOF_CURRENT_REWRITE_TIME_SEC: 25, AOF_REWRITES: 26,
  AOF_REWRITES_CONSECUTIVE_FAILURES: 27, AOF_LAST_COW_SIZE: 28, AOF_CURRENT_SIZE: 29, AOF_BASE_SIZE: 30,
  AOF_BUFFER_LENGTH: 31, AOF_PENDING_BIO_FSYNC: 32, AOF_DELAYED_FSYNC: 33, TOTAL_READS: 34, TOTAL_WRITES: 35,
  NET_REPL_INPUT: 36, NET_REPL_OUTPUT: 37, SYNC_FULL: 38, SYNC_PARTIAL_OK: 39, SYNC_PARTIAL_ERR: 40,
  LATEST_FORK_USEC: 41, TOTAL_FORKS: 42, CONNECTED_SLAVES: 43, MASTER_REPL_OFFSET: 44, SECOND_REPL_OFFSET: 45,
  REPL_BACKLOG_ACTIVE: 46, REPL_BACKLOG_SIZE: 47, REPL_BACKLOG_FIRST_BYTE_OFFSET: 48, REPL_BACKLOG_HISTLEN: 49,
  CLUSTER_ENABLED: 50, USED_MEMORY_VM_EVAL: 51, USED_MEMORY_SCRIPTS_EVAL: 52, NUMBER_OF_CACHED_SCRIPTS: 53,
  NUMBER_OF_FUNCTIONS: 54, NUMBER_OF_LIBRARIES: 55, USED_MEMORY_VM_FUNCTIONS: 56, USED_MEMORY_FUNCTIONS: 57,
  MEM_AOF_BUFFER: 58, MEM_REPLICATION_BACKLOG: 59, MEM_CLIENTS_SLAVES: 60, RDB_LAST_BGSAVE_OK: 61,
  AOF_LAST_BGREWRITE_OK: 62, AOF_LAST_WRITE_OK: 63, MIN_SLAVES_GOOD: 64, SHUTDOWN_IN_MS: 65,
  IO_THREADS_ACTIVE: 66, CLUSTER_CONNECTIONS: 67, CURRENT_COW_PEAK: 68, CURRENT_COW_SIZE: 69,
  CURRENT_SAVE_KEYS_PROCESSED: 70, CURRENT_SAVE_KEYS_TOTAL: 71, MEM_TOTAL_REPLICATION_BUFFERS: 72,
} as const;

export const InfoStr = {
  OS: 0, EXECUTABLE: 1, CONFIG_FILE: 2, RUN_ID: 3, LISTENERS: 4, MAXMEMORY_POLICY: 5, REPLID: 6, REPLID2: 7,
  GCC_VERSION: 8, MULTIPLEXING_API: 9, ROLE: 10, REPL_MASTER_LINES: 11, REPL_SLAVE_LINES: 12,
  MASTER_FAILOVER_STATE: 13, PROCESS_SUPERVISED: 14, MODULE_LINES: 15, MONOTONIC_CLOCK: 16, ATOMICVAR_API: 17,
  REDIS_MODE: 18,
} as const;

interface InfoExports {
  info_init?(): void;
  info_set_num?(id: number, v: number): void;
  info_set_str?(id: number, len: number): void;
  info_cron?(nowMs: number): void;
}

function ex(core: Core): InfoExports { return core.x as unknown as InfoExports; }

export function setInfoNum(core: Core, id: number, v: number): void { ex(core).info_set_num?.(id, v); }

export function setInfoStr(core: Core, id: number, s: string): void {
  const x = ex(core);
  if (!x.info_set_str) return;
  x.info_set_str(id, core.writeIoString(s));
}

export interface StaticInfoOptions {
  configFile?: string;
  /** Path reported as `executable`; defaults to the script that started the process. */
  executable?: string;
}

function multiplexingApi(): string {
  switch (process.platform) {
    case 'linux': return 'epoll';
    case 'darwin': case 'freebsd': case 'openbsd': return 'kqueue';
    case 'win32': return 'iocp';
    default: return 'poll';
  }
}

/** "listener0:name=tcp,bind=...,port=N\r\n", as Redis 7.4 prints its listeners. */
function listenerLines(config: ConfigRegistry): string {
  const port = config.num('port');
  if (port === 0) return '';
  return `listener0:name=tcp${config.bindAddresses().map((b) => `,bind=${b}`).join('')},port=${port}\r\n`;
}

/** Called once at startup, after init_dbs and before clients are accepted. */
export function pushStaticInfo(core: Core, config: ConfigRegistry, opts: StaticInfoOptions = {}): void {
  const x = ex(core);
  if (!x.info_init) return;
  x.info_init();
  const num = (id: number, v: number) => setInfoNum(core, id, v);
  const str = (id: number, s: string) => setInfoStr(core, id, s);
  num(InfoNum.PROCESS_ID, process.pid);
  num(InfoNum.TCP_PORT, config.num('port'));
  num(InfoNum.ARCH_BITS, /64/.test(process.arch) ? 64 : 32);
  num(InfoNum.TOTAL_SYSTEM_MEMORY, os.totalmem());
  num(InfoNum.CLUSTER_ENABLED, config.bool('cluster-enabled') ? 1 : 0);
  str(InfoStr.OS, `${os.type()} ${os.release()} ${typeof os.machine === 'function' ? os.machine() : process.arch}`);
  const exe = opts.executable ?? (process.argv[1] ? path.resolve(process.argv[1]) : process.execPath);
  str(InfoStr.EXECUTABLE, exe);
  str(InfoStr.CONFIG_FILE, opts.configFile ? path.resolve(opts.configFile) : '');
  str(InfoStr.MULTIPLEXING_API, multiplexingApi());
  str(InfoStr.LISTENERS, listenerLines(config));
  pushDynamicInfo(core, config);
}

/** Called every cron tick: RSS, CPU times, config-derived values, and the instantaneous metrics. */
export function pushDynamicInfo(core: Core, config?: ConfigRegistry): void {
  const x = ex(core);
  if (!x.info_set_num) return;
  const num = (id: number, v: number) => x.info_set_num!(id, v);
  num(InfoNum.USED_MEMORY_RSS, process.memoryUsage.rss());
  const cpu = process.cpuUsage();
  num(InfoNum.CPU_SYS_US, cpu.system);
  num(InfoNum.CPU_USER_US, cpu.user);
  const thread = (process as unknown as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.() ?? cpu;
  num(InfoNum.CPU_SYS_MAIN_US, thread.system);
  num(InfoNum.CPU_USER_MAIN_US, thread.user);
  if (config) {
    const minReplicas = config.num('min-replicas-to-write') > 0 && config.num('min-replicas-max-lag') > 0;
    num(InfoNum.MIN_SLAVES_GOOD, minReplicas ? 0 : -1);
  }
  x.info_cron?.(Date.now());
}
