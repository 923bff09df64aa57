// The config registry behind CONFIG GET/SET/REWRITE, redis.conf loading and the command line.
//
// One declarative table (PARAMS) lists every parameter Redis 7.4 exposes, with its alias, type,
// bounds, default (exactly as CONFIG GET prints it), flags and Cinnabar's implementation status.
// Values are stored in their CONFIG GET form; `num()`/`bigint()` parse them back.
//
// Deviations from Redis, by design:
// - `dir` does not chdir by itself: pass `chdir` in the options (file.ts has a Node one).
// - `daemonize yes` is rejected at load time (Node cannot fork).
// - Values are binary strings (one char per byte); see parse.ts.
// Pure TypeScript: no node: imports (also runs in browsers).

import { ConfigFileError, parseConfigText, quoteRepr, splitArgs, trimConfigLine } from './parse.js';

export { ConfigFileError } from './parse.js';

export type ParamStatus =
  /** honoured by the foundation server/core */
  | 'implemented'
  /** accepted, validated and stored now; a later issue implements its effect */
  | 'later'
  /** accepted, validated and stored; no effect in Cinnabar by design (jemalloc, threads, proc title...) */
  | 'ignored';

export type ParamType = 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';

export interface ParamFlags {
  /** only settable at startup (file/argv) */
  immutable?: boolean;
  /** value must be redacted from logs, SLOWLOG, MONITOR */
  sensitive?: boolean;
  /** not matched by CONFIG GET patterns, only by exact name */
  hidden?: boolean;
  /** CONFIG SET needs enable-protected-configs yes (or local + a local client) */
  protected?: boolean;
  /** takes several arguments (a CONFIG SET value is split on single spaces) */
  multiArg?: boolean;
  /** numeric: also accepts "N%" (stored negative, as Redis does) */
  percent?: boolean;
  /** numeric: parsed and printed in octal */
  octal?: boolean;
  /** numeric: boundary check is done on the value as a 64-bit unsigned (C unsigned/size_t types) */
  unsigned?: boolean;
  /** string: empty means "unset" (not written by CONFIG REWRITE) */
  emptyIsNull?: boolean;
}

export interface ParamDef {
  name: string;
  alias?: string;
  type: ParamType;
  /** exactly as CONFIG GET prints it ('dir' uses the process cwd given at construction) */
  default: string;
  min?: bigint;
  max?: bigint;
  /** enum: [name, value] in Redis's order (several names may share a value; the first one prints) */
  enumValues?: ReadonlyArray<readonly [string, number]>;
  flags: ParamFlags;
  status: ParamStatus;
  /** extra validation of a parsed value (canonical form); returns Redis's error text or null */
  validate?: (value: string) => string | null;
}

// ---------------------------------------------------------------------------------------------
// Numeric limits of the C types Redis uses.
const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const UINT_MAX = 4294967295n;
const LLONG_MAX = 9223372036854775807n;
const ULLONG_MAX = 18446744073709551615n;
const TWO64 = 1n << 64n;

const YESNO_ENUM_PROTECTED: ReadonlyArray<readonly [string, number]> = [['no', 0], ['yes', 1], ['local', 2]];

const SHUTDOWN_SAVE = 1;
const SHUTDOWN_NOSAVE = 2;

function isBaseName(v: string): boolean {
  return !v.includes('/');
}

const AUX_INVALID = '!#$%&()*+:;<>?@[]^{|}~';

function procTitleTemplateValid(t: string): boolean {
  const known: Record<string, string> = {
    title: '', 'listen-addr': '*:6379', 'server-mode': '', 'config-file': '', port: '6379', 'tls-port': '0', unixsocket: '',
  };
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === '{') {
      if (t[i + 1] === '{') { out += '{'; i++; continue; }
      const end = t.indexOf('}', i + 1);
      if (end < 0) return false;
      const v = t.slice(i + 1, end);
      if (!(v in known)) return false;
      out += known[v];
      i = end;
    } else if (c === '}') {
      if (t[i + 1] !== '}') return false;
      out += '}';
      i++;
    } else {
      out += c;
    }
  }
  return out.length > 0;
}

// ---------------------------------------------------------------------------------------------
// The table. Status lists first, so each row stays short.

const IMPLEMENTED = new Set<string>([
  'bind', 'port', 'unixsocket', 'unixsocketperm', 'maxclients', 'timeout', 'tcp-keepalive', 'tcp-backlog', 'databases', 'hz',
  'proto-max-bulk-len', 'client-query-buffer-limit', 'client-output-buffer-limit', 'loglevel', 'logfile',
  'requirepass', 'maxmemory', 'slowlog-log-slower-than', 'slowlog-max-len', 'daemonize', 'pidfile', 'dir',
  'active-expire-effort', 'enable-debug-command', 'enable-protected-configs', 'protected-mode', 'always-show-logo',
  'set-max-intset-entries', 'set-max-listpack-entries', 'set-max-listpack-value',
  'hash-max-listpack-entries', 'hash-max-listpack-value',
  'zset-max-listpack-entries', 'zset-max-listpack-value',
  'list-max-listpack-size', 'list-compress-depth', 'hll-sparse-max-bytes',
  'stream-node-max-bytes', 'stream-node-max-entries', 'notify-keyspace-events',
  'tracking-table-max-keys', 'maxmemory-policy', 'maxmemory-samples', 'maxmemory-eviction-tenacity',
  'lfu-log-factor', 'lfu-decay-time', 'min-replicas-to-write', 'min-replicas-max-lag',
]);

// Frees are synchronous and cheap in the core (no lazy-free thread), so these have nothing to change.
const IGNORED_LAZYFREE = ['lazyfree-lazy-eviction', 'lazyfree-lazy-expire', 'lazyfree-lazy-server-del',
  'lazyfree-lazy-user-del', 'lazyfree-lazy-user-flush'];

const IGNORED = new Set<string>([
  ...IGNORED_LAZYFREE,
  'io-threads', 'io-threads-do-reads', 'activedefrag', 'active-defrag-cycle-min', 'active-defrag-cycle-max',
  'active-defrag-threshold-lower', 'active-defrag-threshold-upper', 'active-defrag-ignore-bytes',
  'active-defrag-max-scan-fields', 'jemalloc-bg-thread', 'disable-thp', 'set-proc-title', 'proc-title-template',
  'oom-score-adj', 'oom-score-adj-values', 'server-cpulist', 'bio-cpulist', 'aof-rewrite-cpulist', 'bgsave-cpulist',
  'socket-mark-id', 'crash-log-enabled', 'crash-memcheck-enabled', 'use-exit-on-panic', 'watchdog-period',
  'always-show-logo', 'supervised', 'syslog-enabled', 'syslog-ident', 'syslog-facility', 'ignore-warnings',
  'activerehashing', 'hide-user-data-from-log', 'max-new-connections-per-cycle', 'max-new-tls-connections-per-cycle',
]);

function statusOf(name: string): ParamStatus {
  return IMPLEMENTED.has(name) ? 'implemented' : IGNORED.has(name) ? 'ignored' : 'later';
}

type RowFlags = ParamFlags;

function bool(name: string, def: boolean, flags: RowFlags = {}, alias?: string, validate?: (v: string) => string | null): ParamDef {
  return { name, alias, type: 'bool', default: def ? 'yes' : 'no', flags, status: statusOf(name), validate };
}
function str(name: string, def: string, flags: RowFlags = {}, alias?: string, validate?: (v: string) => string | null): ParamDef {
  return { name, alias, type: 'string', default: def, flags, status: statusOf(name), validate };
}
function enm(name: string, values: ReadonlyArray<readonly [string, number]>, def: string, flags: RowFlags = {}, validate?: (v: string) => string | null): ParamDef {
  return { name, type: 'enum', enumValues: values, default: def, flags, status: statusOf(name), validate };
}
function int(name: string, min: bigint, max: bigint, def: bigint, flags: RowFlags = {}, alias?: string): ParamDef {
  return { name, alias, type: 'int', min, max, default: flags.octal ? def.toString(8) : def.toString(), flags, status: statusOf(name) };
}
function mem(name: string, min: bigint, max: bigint, def: bigint, flags: RowFlags = {}, alias?: string): ParamDef {
  return { name, alias, type: 'memory', min, max, default: def.toString(), flags, status: statusOf(name) };
}
function special(name: string, def: string, flags: RowFlags = {}, alias?: string): ParamDef {
  return { name, alias, type: 'special', default: def, flags, status: statusOf(name) };
}

const U: RowFlags = { unsigned: true };
const IMM: RowFlags = { immutable: true };
const HID: RowFlags = { hidden: true };
const NUL: RowFlags = { emptyIsNull: true };

export const PARAMS: readonly ParamDef[] = [
  // --- booleans
  bool('rdbchecksum', true, IMM),
  bool('daemonize', false, IMM, undefined, (v) =>
    v === 'yes' ? "Cinnabar can't daemonize (Node.js cannot fork): run it in the foreground under a supervisor" : null),
  bool('io-threads-do-reads', false, IMM),
  bool('always-show-logo', false, IMM),
  bool('protected-mode', true),
  bool('rdbcompression', true),
  bool('rdb-del-sync-files', false),
  bool('activerehashing', true),
  bool('stop-writes-on-bgsave-error', true),
  bool('set-proc-title', true, IMM),
  bool('dynamic-hz', true),
  bool('lazyfree-lazy-eviction', false),
  bool('lazyfree-lazy-expire', false),
  bool('lazyfree-lazy-server-del', false),
  bool('lazyfree-lazy-user-del', false),
  bool('lazyfree-lazy-user-flush', false),
  bool('repl-disable-tcp-nodelay', false),
  bool('repl-diskless-sync', true),
  bool('aof-rewrite-incremental-fsync', true),
  bool('no-appendfsync-on-rewrite', false),
  bool('cluster-require-full-coverage', true),
  bool('rdb-save-incremental-fsync', true),
  bool('aof-load-truncated', true),
  bool('aof-use-rdb-preamble', true),
  bool('aof-timestamp-enabled', false),
  bool('cluster-replica-no-failover', false, {}, 'cluster-slave-no-failover'),
  bool('replica-lazy-flush', false, {}, 'slave-lazy-flush'),
  bool('replica-serve-stale-data', true, {}, 'slave-serve-stale-data'),
  bool('replica-read-only', true, {}, 'slave-read-only'),
  bool('replica-ignore-maxmemory', true, {}, 'slave-ignore-maxmemory'),
  bool('jemalloc-bg-thread', true),
  // Like a Redis built without jemalloc's defrag support: the suite uses this to skip defrag tests.
  bool('activedefrag', false, {}, undefined, (v) =>
    v === 'yes'
      ? 'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution'
      : null),
  bool('syslog-enabled', false, IMM),
  bool('cluster-enabled', false, IMM),
  bool('appendonly', false),
  bool('cluster-allow-reads-when-down', false),
  bool('cluster-allow-pubsubshard-when-down', true),
  bool('crash-log-enabled', true),
  bool('crash-memcheck-enabled', true),
  bool('use-exit-on-panic', false, HID),
  bool('disable-thp', true, IMM),
  bool('cluster-allow-replica-migration', true),
  bool('replica-announced', true),
  bool('latency-tracking', true),
  bool('aof-disable-auto-gc', false, HID),
  bool('replica-ignore-disk-write-errors', false),
  bool('hide-user-data-from-log', false),
  bool('tls-cluster', false),
  bool('tls-replication', false),
  bool('tls-prefer-server-ciphers', false),
  bool('tls-session-caching', true),

  // --- strings
  str('aclfile', '', IMM),
  str('unixsocket', '', { immutable: true, emptyIsNull: true }),
  str('pidfile', '', { immutable: true, emptyIsNull: true }),
  str('replica-announce-ip', '', NUL, 'slave-announce-ip'),
  str('masteruser', '', { sensitive: true, emptyIsNull: true }),
  str('cluster-announce-ip', '', NUL),
  str('cluster-config-file', 'nodes.conf', IMM),
  str('cluster-announce-hostname', '', NUL, undefined, (v) => {
    if (v.length >= 256) return 'Hostnames must be less than 256 characters';
    if (!/^[A-Za-z0-9.-]*$/.test(v)) return 'Hostnames may only contain alphanumeric characters, hyphens or dots';
    return null;
  }),
  str('cluster-announce-human-nodename', '', NUL, undefined, (v) => {
    for (const c of v) if (AUX_INVALID.includes(c)) return 'Announced human node name contained invalid character';
    return null;
  }),
  str('syslog-ident', 'redis', IMM),
  str('dbfilename', 'dump.rdb', { protected: true }, undefined, (v) =>
    isBaseName(v) ? null : "dbfilename can't be a path, just a filename"),
  str('appendfilename', 'appendonly.aof', IMM, undefined, (v) =>
    v === '' ? "appendfilename can't be empty" : isBaseName(v) ? null : "appendfilename can't be a path, just a filename"),
  str('appenddirname', 'appendonlydir', IMM, undefined, (v) =>
    v === '' ? "appenddirname can't be empty" : isBaseName(v) ? null : "appenddirname can't be a path, just a dirname"),
  str('server-cpulist', '', { immutable: true, emptyIsNull: true }, 'server_cpulist'),
  str('bio-cpulist', '', { immutable: true, emptyIsNull: true }, 'bio_cpulist'),
  str('aof-rewrite-cpulist', '', { immutable: true, emptyIsNull: true }, 'aof_rewrite_cpulist'),
  str('bgsave-cpulist', '', { immutable: true, emptyIsNull: true }, 'bgsave_cpulist'),
  str('ignore-warnings', ''),
  str('proc-title-template', '{title} {listen-addr} {server-mode}', {}, undefined, (v) =>
    procTitleTemplateValid(v) ? null : 'template format is invalid or contains unknown variables'),
  str('bind-source-addr', '', NUL),
  str('logfile', '', IMM),
  str('locale-collate', '', {}, undefined, (v) =>
    /^(|C|POSIX|[A-Za-z]{2,3}(_[A-Za-z]{2})?(\.[A-Za-z0-9-]+)?(@[A-Za-z0-9]+)?)$/.test(v) ? null : 'Invalid locale name'),
  str('masterauth', '', { sensitive: true, emptyIsNull: true }),
  str('requirepass', '', { sensitive: true, emptyIsNull: true }),
  str('tls-cert-file', '', NUL),
  str('tls-key-file', '', NUL),
  str('tls-key-file-pass', '', { sensitive: true, emptyIsNull: true }),
  str('tls-client-cert-file', '', NUL),
  str('tls-client-key-file', '', NUL),
  str('tls-client-key-file-pass', '', { sensitive: true, emptyIsNull: true }),
  str('tls-dh-params-file', '', NUL),
  str('tls-ca-cert-file', '', NUL),
  str('tls-ca-cert-dir', '', NUL),
  str('tls-protocols', '', NUL),
  str('tls-ciphers', '', NUL),
  str('tls-ciphersuites', '', NUL),

  // --- enums
  enm('supervised', [['upstart', 1], ['systemd', 2], ['auto', 3], ['no', 0]], 'no', IMM),
  enm('syslog-facility', [['user', 8], ['local0', 128], ['local1', 136], ['local2', 144], ['local3', 152],
    ['local4', 160], ['local5', 168], ['local6', 176], ['local7', 184]], 'local0', IMM),
  enm('repl-diskless-load', [['disabled', 0], ['on-empty-db', 1], ['swapdb', 2]], 'disabled'),
  enm('loglevel', [['debug', 0], ['verbose', 1], ['notice', 2], ['warning', 3], ['nothing', 4]], 'notice'),
  enm('maxmemory-policy', [['volatile-lru', 1], ['volatile-lfu', 2], ['volatile-random', 3], ['volatile-ttl', 4],
    ['allkeys-lru', 5], ['allkeys-lfu', 6], ['allkeys-random', 7], ['noeviction', 8]], 'noeviction'),
  enm('appendfsync', [['everysec', 2], ['always', 1], ['no', 0]], 'everysec'),
  enm('oom-score-adj', [['no', 0], ['yes', 1], ['relative', 1], ['absolute', 2]], 'no'),
  enm('acl-pubsub-default', [['allchannels', 1], ['resetchannels', 0]], 'resetchannels'),
  enm('sanitize-dump-payload', [['no', 0], ['yes', 1], ['clients', 2]], 'no'),
  enm('enable-protected-configs', YESNO_ENUM_PROTECTED, 'no', IMM),
  enm('enable-debug-command', YESNO_ENUM_PROTECTED, 'no', IMM),
  enm('enable-module-command', YESNO_ENUM_PROTECTED, 'no', IMM),
  enm('cluster-preferred-endpoint-type', [['ip', 0], ['hostname', 1], ['unknown-endpoint', 2]], 'ip'),
  enm('propagation-error-behavior', [['ignore', 0], ['panic', 1], ['panic-on-replicas', 2]], 'ignore'),
  enm('shutdown-on-sigint', [['default', 0], ['save', 1], ['nosave', 2], ['now', 4], ['force', 8]], 'default', { multiArg: true }),
  enm('shutdown-on-sigterm', [['default', 0], ['save', 1], ['nosave', 2], ['now', 4], ['force', 8]], 'default', { multiArg: true }),
  enm('tls-auth-clients', [['no', 0], ['yes', 1], ['optional', 2]], 'yes'),

  // --- int (signed 32)
  int('databases', 1n, INT_MAX, 16n, IMM),
  int('port', 0n, 65535n, 6379n),
  int('io-threads', 1n, 128n, 1n, IMM),
  int('auto-aof-rewrite-percentage', 0n, INT_MAX, 100n),
  int('cluster-replica-validity-factor', 0n, INT_MAX, 10n, {}, 'cluster-slave-validity-factor'),
  int('list-max-listpack-size', INT_MIN, INT_MAX, -2n, {}, 'list-max-ziplist-size'),
  int('tcp-keepalive', 0n, INT_MAX, 300n),
  int('cluster-migration-barrier', 0n, INT_MAX, 1n),
  int('active-defrag-cycle-min', 1n, 99n, 1n),
  int('active-defrag-cycle-max', 1n, 99n, 25n),
  int('active-defrag-threshold-lower', 0n, 1000n, 10n),
  int('active-defrag-threshold-upper', 0n, 1000n, 100n),
  int('lfu-log-factor', 0n, INT_MAX, 10n),
  int('lfu-decay-time', 0n, INT_MAX, 1n),
  int('replica-priority', 0n, INT_MAX, 100n, {}, 'slave-priority'),
  int('repl-diskless-sync-delay', 0n, INT_MAX, 5n),
  int('maxmemory-samples', 1n, 64n, 5n),
  int('maxmemory-eviction-tenacity', 0n, 100n, 10n),
  int('timeout', 0n, INT_MAX, 0n),
  int('replica-announce-port', 0n, 65535n, 0n, {}, 'slave-announce-port'),
  int('tcp-backlog', 0n, INT_MAX, 511n, IMM),
  int('cluster-port', 0n, 65535n, 0n, IMM),
  int('cluster-announce-bus-port', 0n, 65535n, 0n),
  int('cluster-announce-port', 0n, 65535n, 0n),
  int('cluster-announce-tls-port', 0n, 65535n, 0n),
  int('repl-timeout', 1n, INT_MAX, 60n),
  int('repl-ping-replica-period', 1n, INT_MAX, 10n, {}, 'repl-ping-slave-period'),
  int('list-compress-depth', 0n, INT_MAX, 0n),
  int('rdb-key-save-delay', INT_MIN, INT_MAX, 0n, HID),
  int('key-load-delay', INT_MIN, INT_MAX, 0n, HID),
  int('active-expire-effort', 1n, 10n, 1n),
  int('hz', 0n, INT_MAX, 10n),
  int('min-replicas-to-write', 0n, INT_MAX, 0n, {}, 'min-slaves-to-write'),
  int('min-replicas-max-lag', 0n, INT_MAX, 10n, {}, 'min-slaves-max-lag'),
  int('watchdog-period', 0n, INT_MAX, 0n, HID),
  int('shutdown-timeout', 0n, INT_MAX, 10n),
  int('repl-diskless-sync-max-replicas', 0n, INT_MAX, 0n),
  int('tls-port', 0n, 65535n, 0n),
  int('tls-session-cache-size', 0n, INT_MAX, 20480n),
  int('tls-session-cache-timeout', 0n, INT_MAX, 300n),
  // unsigned int
  int('maxclients', 1n, UINT_MAX, 10000n, U),
  int('unixsocketperm', 0n, 0o777n, 0n, { immutable: true, octal: true, unsigned: true }),
  int('socket-mark-id', 0n, UINT_MAX, 0n, { immutable: true, unsigned: true }),
  int('max-new-connections-per-cycle', 1n, 1000n, 10n, U),
  int('max-new-tls-connections-per-cycle', 1n, 1000n, 1n, U),
  // unsigned long (checked signed, like Redis)
  int('active-defrag-max-scan-fields', 1n, LLONG_MAX, 1000n),
  int('slowlog-max-len', 0n, LLONG_MAX, 128n),
  int('acllog-max-len', 0n, LLONG_MAX, 128n),
  // long long
  int('busy-reply-threshold', 0n, LLONG_MAX, 5000n, {}, 'lua-time-limit'),
  int('cluster-node-timeout', 0n, LLONG_MAX, 15000n),
  int('cluster-ping-interval', 0n, LLONG_MAX, 0n, HID),
  int('slowlog-log-slower-than', -1n, LLONG_MAX, 10000n),
  int('latency-monitor-threshold', 0n, LLONG_MAX, 0n),
  mem('proto-max-bulk-len', 1024n * 1024n, LLONG_MAX, 512n * 1024n * 1024n),
  int('stream-node-max-entries', 0n, LLONG_MAX, 100n),
  mem('repl-backlog-size', 1n, LLONG_MAX, 1024n * 1024n),
  // unsigned long long
  mem('maxmemory', 0n, ULLONG_MAX, 0n, U),
  mem('cluster-link-sendbuf-limit', 0n, ULLONG_MAX, 0n, U),
  // size_t
  int('hash-max-listpack-entries', 0n, LLONG_MAX, 512n, U, 'hash-max-ziplist-entries'),
  int('set-max-intset-entries', 0n, LLONG_MAX, 512n, U),
  int('set-max-listpack-entries', 0n, LLONG_MAX, 128n, U),
  int('set-max-listpack-value', 0n, LLONG_MAX, 64n, U),
  int('zset-max-listpack-entries', 0n, LLONG_MAX, 128n, U, 'zset-max-ziplist-entries'),
  mem('active-defrag-ignore-bytes', 1n, LLONG_MAX, 100n << 20n, U),
  mem('hash-max-listpack-value', 0n, LLONG_MAX, 64n, U, 'hash-max-ziplist-value'),
  mem('stream-node-max-bytes', 0n, LLONG_MAX, 4096n, U),
  mem('zset-max-listpack-value', 0n, LLONG_MAX, 64n, U, 'zset-max-ziplist-value'),
  mem('hll-sparse-max-bytes', 0n, LLONG_MAX, 3000n, U),
  int('tracking-table-max-keys', 0n, LLONG_MAX, 1000000n, U),
  mem('client-query-buffer-limit', 1024n * 1024n, LLONG_MAX, 1024n * 1024n * 1024n, U),
  // ssize_t, time_t, off_t
  mem('maxmemory-clients', -100n, LLONG_MAX, 0n, { percent: true }),
  int('repl-backlog-ttl', 0n, LLONG_MAX, 3600n),
  mem('auto-aof-rewrite-min-size', 0n, LLONG_MAX, 64n * 1024n * 1024n),
  int('loading-process-events-interval-bytes', 1024n, INT_MAX, 2n * 1024n * 1024n, HID),

  // --- special
  special('dir', '', { protected: true }),
  special('save', '3600 1 300 100 60 10000', { multiArg: true }),
  special('client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', { multiArg: true }),
  special('oom-score-adj-values', '0 200 800', { multiArg: true }),
  special('notify-keyspace-events', ''),
  special('bind', '* -::*', { multiArg: true }),
  special('replicaof', '', { immutable: true, multiArg: true }, 'slaveof'),
  special('latency-tracking-info-percentiles', '50 99 99.9', { multiArg: true }),
];

// ---------------------------------------------------------------------------------------------
// Redis-exact number parsing.

/** string2ll: strict decimal, no '+', no leading zeros, no spaces, within int64. */
export function string2ll(s: string): bigint | null {
  if (s.length === 0 || s.length >= 21) return null;
  if (s === '0') return 0n;
  if (!/^-?[1-9][0-9]*$/.test(s)) return null;
  const v = BigInt(s);
  if (v > LLONG_MAX || v < -LLONG_MAX - 1n) return null;
  return v;
}

/** C strtoll(s, &end, base) requiring *end == '\0'; an empty string parses as 0, as in C. */
function strtollWhole(s: string, base: 8 | 10): bigint | null {
  if (s === '') return 0n;
  const re = base === 10 ? /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/ : /^[ \t\n\v\f\r]*([+-]?)([0-7]+)$/;
  const m = re.exec(s);
  if (!m) return null;
  let v = BigInt((base === 8 ? '0o' : '') + m[2]);
  if (m[1] === '-') v = -v;
  if (v > LLONG_MAX) return LLONG_MAX;
  if (v < -LLONG_MAX - 1n) return -LLONG_MAX - 1n;
  return v;
}

/** memtoull: digits with an optional b/k/kb/m/mb/g/gb unit (case-insensitive); wraps like C on overflow. */
export function memtoull(s: string): bigint | null {
  if (s[0] === '-') return null;
  const m = /^([0-9]*)(.*)$/s.exec(s)!;
  const unit = m[2].toLowerCase();
  let mul: bigint;
  switch (unit) {
    case '': case 'b': mul = 1n; break;
    case 'k': mul = 1000n; break;
    case 'kb': mul = 1024n; break;
    case 'm': mul = 1000n * 1000n; break;
    case 'mb': mul = 1024n * 1024n; break;
    case 'g': mul = 1000n * 1000n * 1000n; break;
    case 'gb': mul = 1024n * 1024n * 1024n; break;
    default: return null;
  }
  if (m[1].length >= 128) return null;
  let v = m[1] === '' ? 0n : BigInt(m[1]);
  if (v > ULLONG_MAX) v = ULLONG_MAX; // strtoull saturates (ERANGE is not checked)
  return (v * mul) % TWO64;
}

function toSigned64(v: bigint): bigint {
  return v >= 1n << 63n ? v - TWO64 : v;
}

/** Redis's memory formatting for CONFIG REWRITE: 1gb / 1mb / 1kb when exact, else bytes. */
export function formatMemory(bytes: bigint): string {
  const gb = 1024n * 1024n * 1024n;
  const mb = 1024n * 1024n;
  const kb = 1024n;
  if (bytes !== 0n && bytes % gb === 0n) return `${bytes / gb}gb`;
  if (bytes !== 0n && bytes % mb === 0n) return `${bytes / mb}mb`;
  if (bytes !== 0n && bytes % kb === 0n) return `${bytes / kb}kb`;
  return bytes.toString();
}

// string2d: strtod over the whole string, no leading space, no nan.
function string2d(s: string): number | null {
  if (s.length === 0 || /^[ \t\n\v\f\r]/.test(s)) return null;
  if (!/^[+-]?((\d+\.?\d*)|(\.\d+))([eE][+-]?\d+)?$/.test(s) && !/^[+-]?(inf|infinity)$/i.test(s)) return null;
  const v = /inf/i.test(s) ? (s[0] === '-' ? -Infinity : Infinity) : Number(s);
  return Number.isNaN(v) ? null : v;
}

function formatPercentile(v: number): string {
  let s = v.toFixed(6);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

// ---------------------------------------------------------------------------------------------
// Keyspace notification flags (the letters CONFIG SET notify-keyspace-events accepts).

const NOTIFY_ALL = (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 13);

/** Keyspace notification class bits (Redis's values). ALL excludes K, E, m and n, as in Redis. */
export const NOTIFY = {
  KEYSPACE: 1 << 0, KEYEVENT: 1 << 1, GENERIC: 1 << 2, STRING: 1 << 3, LIST: 1 << 4, SET: 1 << 5, HASH: 1 << 6,
  ZSET: 1 << 7, EXPIRED: 1 << 8, EVICTED: 1 << 9, STREAM: 1 << 10, KEY_MISS: 1 << 11, LOADED: 1 << 12,
  MODULE: 1 << 13, NEW: 1 << 14, ALL: NOTIFY_ALL,
} as const;

export function keyspaceEventsStringToFlags(s: string): number | null {
  let f = 0;
  for (const c of s) {
    switch (c) {
      case 'A': f |= NOTIFY_ALL; break;
      case 'g': f |= NOTIFY.GENERIC; break;
      case '$': f |= NOTIFY.STRING; break;
      case 'l': f |= NOTIFY.LIST; break;
      case 's': f |= NOTIFY.SET; break;
      case 'h': f |= NOTIFY.HASH; break;
      case 'z': f |= NOTIFY.ZSET; break;
      case 'x': f |= NOTIFY.EXPIRED; break;
      case 'e': f |= NOTIFY.EVICTED; break;
      case 'K': f |= NOTIFY.KEYSPACE; break;
      case 'E': f |= NOTIFY.KEYEVENT; break;
      case 't': f |= NOTIFY.STREAM; break;
      case 'm': f |= NOTIFY.KEY_MISS; break;
      case 'd': f |= NOTIFY.MODULE; break;
      case 'n': f |= NOTIFY.NEW; break;
      default: return null;
    }
  }
  return f;
}

export function keyspaceEventsFlagsToString(f: number): string {
  let s = '';
  if ((f & NOTIFY_ALL) === NOTIFY_ALL) {
    s += 'A';
  } else {
    if (f & NOTIFY.GENERIC) s += 'g';
    if (f & NOTIFY.STRING) s += '$';
    if (f & NOTIFY.LIST) s += 'l';
    if (f & NOTIFY.SET) s += 's';
    if (f & NOTIFY.HASH) s += 'h';
    if (f & NOTIFY.ZSET) s += 'z';
    if (f & NOTIFY.EXPIRED) s += 'x';
    if (f & NOTIFY.EVICTED) s += 'e';
    if (f & NOTIFY.STREAM) s += 't';
    if (f & NOTIFY.MODULE) s += 'd';
    if (f & NOTIFY.NEW) s += 'n';
  }
  if (f & NOTIFY.KEYSPACE) s += 'K';
  if (f & NOTIFY.KEYEVENT) s += 'E';
  if (f & NOTIFY.KEY_MISS) s += 'm';
  return s;
}

// ---------------------------------------------------------------------------------------------
// Redis glob matching (stringmatchlen), used by CONFIG GET.

/** Redis's glob: `*`, `?`, `[...]` with `^`, ranges and `\` escapes, `\` escapes outside brackets. */
export function stringMatch(pattern: string, str: string, nocase = false): boolean {
  return matchAt(pattern, 0, str, 0, nocase, { skipLonger: false }, 0);
}

function lower(c: string): string {
  return c.toLowerCase();
}

function matchAt(p: string, pi: number, s: string, si: number, nocase: boolean, st: { skipLonger: boolean }, nesting: number): boolean {
  if (nesting > 1000) return false;
  while (pi < p.length && si < s.length) {
    const pc = p[pi];
    switch (pc) {
      case '*': {
        while (p[pi + 1] === '*') pi++;
        if (pi + 1 === p.length) return true;
        while (si < s.length) {
          if (matchAt(p, pi + 1, s, si, nocase, st, nesting + 1)) return true;
          if (st.skipLonger) return false;
          si++;
        }
        st.skipLonger = true;
        return false;
      }
      case '?':
        si++;
        break;
      case '[': {
        pi++;
        const not = p[pi] === '^';
        if (not) pi++;
        let match = false;
        for (;;) {
          if (p[pi] === '\\' && p.length - pi >= 2) {
            pi++;
            if (p[pi] === s[si]) match = true;
          } else if (p[pi] === ']') {
            break;
          } else if (pi >= p.length) {
            pi--;
            break;
          } else if (p.length - pi >= 3 && p[pi + 1] === '-') {
            let start = p.charCodeAt(pi);
            let end = p.charCodeAt(pi + 2);
            let c = s.charCodeAt(si);
            if (start > end) [start, end] = [end, start];
            if (nocase) {
              start = lower(String.fromCharCode(start)).charCodeAt(0);
              end = lower(String.fromCharCode(end)).charCodeAt(0);
              c = lower(s[si]).charCodeAt(0);
            }
            pi += 2;
            if (c >= start && c <= end) match = true;
          } else if (nocase ? lower(p[pi]) === lower(s[si]) : p[pi] === s[si]) {
            match = true;
          }
          pi++;
        }
        if (not) match = !match;
        if (!match) return false;
        si++;
        break;
      }
      case '\\':
        if (p.length - pi >= 2) pi++;
      // fall through
      default:
        if (nocase ? lower(p[pi]) !== lower(s[si]) : p[pi] !== s[si]) return false;
        si++;
        break;
    }
    pi++;
    if (si === s.length) {
      while (p[pi] === '*') pi++;
      break;
    }
  }
  return pi === p.length && si === s.length;
}

// ---------------------------------------------------------------------------------------------
// The registry.

export type ConfigListener = (name: string, value: string) => string | null;

/** A directive the registry does not own, kept in order for the server (rename-command, user, ...). */
export interface ConfigDirective {
  name: 'rename-command' | 'user' | 'loadmodule' | 'module-config';
  args: string[];
  line: number;
  source: string;
  /** the line as written, for fatal-error reports */
  raw?: string;
}

/** Supplies the text of included files; a glob may give several (or none). */
export type ConfigIncluder = (path: string, fromSource: string) => Array<{ text: string; source: string }>;

export interface RegistryOptions {
  /** initial `dir` (the process cwd); '' when unknown (browsers) */
  cwd?: string;
  /**
   * Changes the working directory for `dir` (at load and on CONFIG SET); returns the new absolute
   * cwd, or throws an Error whose message is the strerror text Redis would report.
   */
  chdir?: (path: string) => string;
}

export interface ClientBufferLimit {
  hard: bigint;
  soft: bigint;
  seconds: number;
}

export interface SetOptions {
  /** the client is local (loopback / unix socket): allows protected configs when set to "local" */
  local?: boolean;
  /** bypass the immutable / protected checks (for REPLICAOF, DEBUG, internal updates) */
  internal?: boolean;
}

const OBUF_CLASSES = ['normal', 'slave', 'pubsub'] as const;

interface Lookup {
  def: ParamDef;
  /** the registered name used to find it (the alias when an alias was used) */
  name: string;
}

export class ConfigRegistry {
  private readonly byName = new Map<string, Lookup>();
  private readonly values = new Map<string, string>();
  private readonly listeners: ConfigListener[] = [];
  private readonly chdirFn?: (path: string) => string;
  private saveLoaded = false;
  private loading = false;
  /** directives for the server to act on, in file order */
  readonly directives: ConfigDirective[] = [];

  constructor(opts: RegistryOptions = {}) {
    for (const def of PARAMS) {
      this.byName.set(def.name, { def, name: def.name });
      if (def.alias) this.byName.set(def.alias, { def, name: def.alias });
      this.values.set(def.name, def.name === 'dir' ? (opts.cwd ?? '') : def.default);
    }
    this.chdirFn = opts.chdir;
  }

  /** The parameter definition for a name or alias (case-insensitive). */
  lookup(name: string): ParamDef | undefined {
    return this.byName.get(name.toLowerCase())?.def;
  }

  isSensitive(name: string): boolean {
    return this.lookup(name)?.flags.sensitive === true;
  }

  // ---- loading ------------------------------------------------------------------------------

  /**
   * Apply redis.conf text (file contents or argv options). Throws ConfigFileError with Redis's fatal
   * layout on the first bad line. `include` needs an includer (file.ts passes one).
   */
  loadText(text: string, source: string, opts: { includer?: ConfigIncluder } = {}): void {
    const wasLoading = this.loading;
    this.loading = true;
    try {
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const raw = trimConfigLine(lines[i]);
        if (raw === '' || raw[0] === '#') continue;
        const argv = splitArgs(raw);
        const fail = (reason: string): never => {
          throw new ConfigFileError(reason, i + 1, raw, source);
        };
        if (argv === null) fail('Unbalanced quotes in configuration line');
        const args = argv as string[];
        if (args.length === 0) continue;
        const directive = args[0].toLowerCase();
        const found = this.byName.get(directive);
        if (found) {
          const def = found.def;
          if (!def.flags.multiArg && args.length !== 2) fail('wrong number of arguments');
          let vals = args.slice(1);
          if (def.flags.multiArg && args.length === 2 && args[1].length > 0) {
            vals = splitArgs(args[1]) ?? [];
          }
          const r = this.computeValue(def, vals, this.values.get(def.name)!);
          if ('error' in r) fail(r.error);
          else {
            if (def.name === 'dir') {
              const e = this.doChdir((r as { value: string }).value);
              if (typeof e === 'object') fail(e.error);
              this.values.set('dir', e as string);
            } else {
              this.values.set(def.name, (r as { value: string }).value);
            }
          }
          continue;
        }
        if ((directive === 'list-max-ziplist-entries' || directive === 'list-max-ziplist-value' ||
             directive === 'lua-replicate-commands') && args.length === 2) {
          continue; // deprecated, silently accepted
        }
        if (directive === 'include' && args.length === 2) {
          if (!opts.includer) fail('include is not supported in this environment');
          for (const inc of opts.includer!(args[1], source)) this.loadText(inc.text, inc.source, opts);
        } else if (directive === 'rename-command' && args.length === 3) {
          this.directives.push({ name: 'rename-command', args: args.slice(1), line: i + 1, source, raw });
        } else if (directive === 'user' && args.length >= 2) {
          this.directives.push({ name: 'user', args: args.slice(1), line: i + 1, source });
        } else if (directive === 'loadmodule' && args.length >= 2) {
          this.directives.push({ name: 'loadmodule', args: args.slice(1), line: i + 1, source });
        } else if (directive.includes('.')) {
          if (args.length < 2) fail('Module config specified without value');
          this.directives.push({ name: 'module-config', args: [directive, args.slice(1).join(' ')], line: i + 1, source });
        } else if (directive === 'sentinel') {
          if (args.length !== 1) fail('sentinel directive while not in sentinel mode');
        } else {
          fail('Bad directive or wrong number of arguments');
        }
      }
    } finally {
      this.loading = wasLoading;
    }
  }

  /** Whole-configuration checks Redis does after loading (no line number in the report). */
  finishLoading(): void {
    if (this.value('cluster-enabled') === 'yes' && this.value('replicaof') !== '') {
      throw new ConfigFileError('replicaof directive not allowed in cluster mode');
    }
    if (this.value('cluster-enabled') === 'yes' && this.value('databases') !== '1') {
      this.values.set('databases', '1');
    }
  }

  // ---- CONFIG GET -----------------------------------------------------------------------------

  /** CONFIG GET: exact names (case-insensitive, echoed as given) and Redis globs (nocase). */
  get(patterns: string[]): Array<[string, string]> {
    const out = new Map<string, string>();
    const seenDefs = new Map<string, Set<string>>();
    const add = (key: string, l: Lookup): void => {
      if (out.has(key)) return;
      out.set(key, this.displayValue(l.def));
      let s = seenDefs.get(l.def.name);
      if (!s) seenDefs.set(l.def.name, (s = new Set()));
      s.add(l.name);
    };
    for (const pat of patterns) {
      if (!/[[*?]/.test(pat)) {
        const l = this.byName.get(pat.toLowerCase());
        if (l) add(pat, l);
        continue;
      }
      for (const [key, l] of this.byName) {
        if (l.def.flags.hidden) continue;
        if (seenDefs.get(l.def.name)?.has(l.name)) continue;
        if (stringMatch(pat, key, true)) add(key, l);
      }
    }
    return [...out];
  }

  /** Current value, as CONFIG GET prints it. Throws for an unknown name (a programming error). */
  value(name: string): string {
    const l = this.byName.get(name.toLowerCase());
    if (!l) throw new Error(`unknown config parameter '${name}'`);
    return this.displayValue(l.def);
  }

  /** Numeric value of an int/memory/bool parameter (percent values are negative, as in Redis). */
  num(name: string): number {
    const v = this.value(name);
    const def = this.lookup(name)!;
    if (def.type === 'bool') return v === 'yes' ? 1 : 0;
    if (def.flags.percent && v.endsWith('%')) return -Number(v.slice(0, -1));
    if (def.flags.octal) return parseInt(v, 8);
    return Number(v);
  }

  bigint(name: string): bigint {
    const def = this.lookup(name)!;
    const v = this.value(name);
    if (def.flags.percent && v.endsWith('%')) return -BigInt(v.slice(0, -1));
    if (def.flags.octal) return BigInt('0o' + v);
    return BigInt(v);
  }

  bool(name: string): boolean {
    return this.value(name) === 'yes';
  }

  /** Numeric value of an enum (e.g. shutdown-on-sigterm flags, loglevel 0..4). */
  enumValue(name: string): number {
    const def = this.lookup(name)!;
    return this.enumParse(def, this.value(name).split(' ')) ?? 0;
  }

  saveParams(): Array<[number, number]> {
    const v = this.value('save').split(' ').filter((x) => x !== '').map(Number);
    const out: Array<[number, number]> = [];
    for (let i = 0; i + 1 < v.length; i += 2) out.push([v[i], v[i + 1]]);
    return out;
  }

  clientOutputBufferLimits(): { normal: ClientBufferLimit; replica: ClientBufferLimit; pubsub: ClientBufferLimit } {
    const p = this.value('client-output-buffer-limit').split(' ');
    const get = (i: number): ClientBufferLimit => ({ hard: BigInt(p[i * 4 + 1]), soft: BigInt(p[i * 4 + 2]), seconds: Number(p[i * 4 + 3]) });
    return { normal: get(0), replica: get(1), pubsub: get(2) };
  }

  bindAddresses(): string[] {
    const v = this.value('bind');
    return v === '' ? [] : v.split(' ');
  }

  notifyKeyspaceEvents(): number {
    return keyspaceEventsStringToFlags(this.value('notify-keyspace-events')) ?? 0;
  }

  // ---- CONFIG SET -----------------------------------------------------------------------------

  /** Register a listener called after a CONFIG SET changed `name`; it may veto with an error text. */
  on(listener: ConfigListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * CONFIG SET name value [name value ...], atomically. Returns null on success or the error reply
   * text without '-' and CRLF, byte-identical to Redis 7.4.
   */
  set(pairs: Array<[string, string]>, opts: SetOptions = {}): string | null {
    let unknown: string | null = null;
    let errName: string | null = null;
    let errStr: string | null = null;
    const found: Lookup[] = [];
    for (let i = 0; i < pairs.length; i++) {
      const [name] = pairs[i];
      const l = this.byName.get(name.toLowerCase());
      if (!l) {
        if (unknown === null && errName === null) unknown = name;
        continue;
      }
      if (unknown !== null || errName !== null) continue;
      if (!opts.internal) {
        if (l.def.flags.immutable) {
          errName = name;
          errStr = "can't set immutable config";
          continue;
        }
        if (l.def.flags.protected && !this.protectedAllowed(opts.local === true)) {
          errName = name;
          errStr = "can't set protected config";
          continue;
        }
      }
      // Same registered entry twice is a duplicate; an alias and its primary are not (as in Redis).
      if (found.some((f) => f.def === l.def && f.name === l.name)) {
        errName = name;
        errStr = 'duplicate parameter';
        continue;
      }
      found[i] = l;
    }
    if (unknown !== null) return `ERR Unknown option or number of arguments for CONFIG SET - '${unknown}'`;
    if (errName !== null) return `ERR CONFIG SET failed (possibly related to argument '${errName}') - ${errStr}`;

    // Compute every new value on a scratch copy, in order; nothing is stored until all are valid.
    const scratch = new Map<string, string>();
    const via = new Map<string, string>();
    for (let i = 0; i < pairs.length; i++) {
      const l = found[i];
      const def = l.def;
      const current = scratch.get(def.name) ?? this.values.get(def.name)!;
      const args = def.flags.multiArg ? pairs[i][1].split(' ') : [pairs[i][1]];
      const multiEmpty = def.flags.multiArg && pairs[i][1] === '' ? [] : args;
      const r = this.computeValue(def, multiEmpty, current);
      if ('error' in r) return `ERR CONFIG SET failed (possibly related to argument '${l.name}') - ${r.error}`;
      scratch.set(def.name, r.value);
      via.set(def.name, l.name);
    }

    // Commit, then apply (chdir, listeners); roll everything back on a veto.
    const old = new Map<string, string>();
    for (const k of scratch.keys()) old.set(k, this.values.get(k)!);
    const applied: string[] = [];
    const rollback = (): void => {
      for (const [k, v] of old) this.values.set(k, v);
      if (old.has('dir') && this.chdirFn && old.get('dir') !== '') {
        try { this.chdirFn(old.get('dir')!); } catch { /* best effort, as Redis */ }
      }
      for (const k of applied) for (const fn of this.listeners) fn(k, this.values.get(k)!);
    };
    for (const [k, v] of scratch) this.values.set(k, v);
    for (const [k, v] of scratch) {
      if (k === 'dir') {
        const e = this.doChdir(v);
        if (typeof e === 'object') {
          rollback();
          return `ERR CONFIG SET failed (possibly related to argument '${via.get(k)}') - ${e.error}`;
        }
        this.values.set('dir', e);
      } else if (v === old.get(k)) {
        continue;
      }
      for (const fn of this.listeners) {
        const err = fn(k, this.values.get(k)!);
        if (err !== null) {
          rollback();
          return `ERR CONFIG SET failed (possibly related to argument '${via.get(k)}') - ${err}`;
        }
      }
      applied.push(k);
    }
    return null;
  }

  /** Set one parameter bypassing immutability (e.g. REPLICAOF updating replicaof). */
  setInternal(name: string, value: string): string | null {
    return this.set([[name, value]], { internal: true });
  }

  // ---- CONFIG REWRITE -------------------------------------------------------------------------

  /**
   * CONFIG REWRITE: returns the new file text given the old one (null when there is no file yet).
   * Keeps comments and unknown lines (the latter as "# ??? ..."), replaces directives in place,
   * blanks superseded ones and appends new ones after "# Generated by CONFIG REWRITE".
   * `users`: `user` lines to write (ACL); when omitted, existing `user` lines are left alone.
   */
  rewrite(oldText: string | null, opts: { force?: boolean; users?: string[] } = {}): string {
    const SIGNATURE = '# Generated by CONFIG REWRITE';
    const lines: string[] = [];
    const optionLines = new Map<string, number[]>();
    const processed = new Set<string>();
    let needsSignature = true;
    if (oldText !== null && oldText.length > 0) {
      const src = oldText.split('\n');
      for (let i = 0; i < src.length; i++) {
        const line = trimConfigLine(src[i]);
        if (line === '' || line[0] === '#') {
          if (needsSignature && line === SIGNATURE) needsSignature = false;
          lines.push(line);
          continue;
        }
        const argv = splitArgs(line);
        const known = ['include', 'rename-command', 'user', 'loadmodule', 'sentinel'];
        if (argv === null || argv.length === 0 ||
            (!this.byName.has(argv[0].toLowerCase()) && !known.includes(argv[0].toLowerCase()))) {
          lines.push('# ??? ' + line);
          continue;
        }
        let opt = argv[0].toLowerCase();
        const l = this.byName.get(opt);
        if (l) opt = l.def.name;
        lines.push(line);
        const list = optionLines.get(opt) ?? [];
        list.push(lines.length - 1);
        optionLines.set(opt, list);
      }
    }
    const write = (option: string, line: string, force: boolean): void => {
      processed.add(option);
      const list = optionLines.get(option);
      if (!list && !force && !opts.force) return;
      if (list) {
        const at = list.shift()!;
        if (list.length === 0) optionLines.delete(option);
        lines[at] = line;
      } else {
        if (needsSignature) {
          lines.push(SIGNATURE);
          needsSignature = false;
        }
        lines.push(line);
      }
    };

    for (const def of PARAMS) this.rewriteParam(def, write, processed);

    if (opts.users) {
      for (const u of opts.users) write('user', u.startsWith('user ') ? u : `user ${u}`, true);
      processed.add('user');
    }
    processed.add('loadmodule'); // Cinnabar never has loaded modules

    for (const [opt, list] of optionLines) {
      if (!processed.has(opt)) continue;
      for (const at of list) lines[at] = '';
    }

    let out = '';
    let wasEmpty = false;
    for (const l of lines) {
      if (l.length === 0) {
        if (wasEmpty) continue;
        wasEmpty = true;
      } else {
        wasEmpty = false;
      }
      out += l + '\n';
    }
    return out;
  }

  private rewriteParam(def: ParamDef, write: (o: string, l: string, f: boolean) => void, processed: Set<string>): void {
    const name = def.name;
    const v = this.values.get(name)!;
    switch (def.type) {
      case 'bool':
      case 'enum':
        write(name, `${name} ${v}`, v !== def.default);
        return;
      case 'int':
        write(name, `${name} ${v}`, v !== def.default);
        return;
      case 'memory': {
        if (def.flags.percent && v.endsWith('%')) {
          write(name, `${name} ${v}`, true);
        } else {
          write(name, `${name} ${formatMemory(BigInt(v))}`, v !== def.default);
        }
        return;
      }
      case 'string':
        if (def.flags.emptyIsNull && v === '') {
          processed.add(name);
          return;
        }
        write(name, `${name} ${quoteRepr(v)}`, def.flags.emptyIsNull ? true : v !== def.default);
        return;
      case 'special':
        break;
    }
    switch (name) {
      case 'dir':
        if (v === '') processed.add(name);
        else write(name, `dir ${quoteRepr(v)}`, true);
        return;
      case 'save': {
        const p = this.saveParams();
        if (p.length === 0) write(name, 'save ""', true);
        for (const [s, c] of p) write(name, `save ${s} ${c}`, true);
        processed.add(name);
        return;
      }
      case 'client-output-buffer-limit': {
        const cur = v.split(' ');
        const dflt = def.default.split(' ');
        for (let j = 0; j < 3; j++) {
          const c = cur.slice(j * 4, j * 4 + 4);
          const d = dflt.slice(j * 4, j * 4 + 4);
          const force = c[1] !== d[1] || c[2] !== d[2] || c[3] !== d[3];
          const cls = c[0] === 'slave' ? 'replica' : c[0];
          write(name, `${name} ${cls} ${formatMemory(BigInt(c[1]))} ${formatMemory(BigInt(c[2]))} ${c[3]}`, force);
        }
        return;
      }
      case 'oom-score-adj-values':
        write(name, `${name} ${v}`, v !== def.default);
        return;
      case 'notify-keyspace-events':
        write(name, `${name} ${quoteRepr(v)}`, v !== '');
        return;
      case 'bind':
        if (v === def.default) processed.add(name);
        else write(name, `bind ${v === '' ? '""' : v}`, true);
        return;
      case 'replicaof':
        if (v === '' || this.values.get('cluster-enabled') === 'yes') processed.add(name);
        else write(name, `replicaof ${v}`, true);
        return;
      case 'latency-tracking-info-percentiles':
        write(name, `${name} ${v === '' ? '""' : v}`, true);
        return;
    }
  }

  // ---- value parsing --------------------------------------------------------------------------

  private protectedAllowed(local: boolean): boolean {
    const v = this.values.get('enable-protected-configs');
    return v === 'yes' || (v === 'local' && local);
  }

  private doChdir(path: string): string | { error: string } {
    if (!this.chdirFn) return path;
    try {
      return this.chdirFn(path);
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }

  private displayValue(def: ParamDef): string {
    return this.values.get(def.name)!;
  }

  private enumParse(def: ParamDef, args: string[]): number | null {
    const bitflags = def.flags.multiArg === true;
    if (args.length === 0 || (!bitflags && args.length !== 1)) return null;
    let v = 0;
    for (const a of args) {
      let matched = false;
      for (const [n, val] of def.enumValues!) {
        if (n === a.toLowerCase()) {
          v |= val;
          matched = true;
        }
      }
      if (!matched) return null;
    }
    return v;
  }

  private enumName(def: ParamDef, v: number): string {
    const bitflags = def.flags.multiArg === true;
    const names: string[] = [];
    let unmatched = v;
    for (const [n, val] of def.enumValues!) {
      if (v === val) return n;
      if (bitflags && val !== 0 && val === (unmatched & val)) {
        names.push(n);
        unmatched &= ~val;
      }
    }
    if (names.length === 0 || unmatched) return 'unknown';
    return names.join(' ');
  }

  /** Parse `args` for `def` into its canonical (CONFIG GET) form, given the current value. */
  private computeValue(def: ParamDef, args: string[], current: string): { value: string } | { error: string } {
    const r = this.computeRaw(def, args, current);
    if ('error' in r) return r;
    if (def.validate) {
      const e = def.validate(r.value);
      if (e !== null) return { error: e };
    }
    return r;
  }

  private computeRaw(def: ParamDef, args: string[], current: string): { value: string } | { error: string } {
    switch (def.type) {
      case 'bool': {
        const a = (args[0] ?? '').toLowerCase();
        if (a !== 'yes' && a !== 'no') return { error: "argument must be 'yes' or 'no'" };
        return { value: a };
      }
      case 'string':
        return { value: args[0] ?? '' };
      case 'enum': {
        const v = this.enumParse(def, args);
        if (v === null) {
          return { error: 'argument(s) must be one of the following: ' + def.enumValues!.map(([n]) => n).join(', ') };
        }
        if (def.name.startsWith('shutdown-on-') && v & SHUTDOWN_SAVE && v & SHUTDOWN_NOSAVE) {
          return { error: "shutdown options SAVE and NOSAVE can't be used simultaneously" };
        }
        return { value: this.enumName(def, v) };
      }
      case 'int':
      case 'memory':
        return this.parseNumeric(def, args[0] ?? '');
      case 'special':
        return this.parseSpecial(def, args, current);
    }
    return { error: 'unsupported parameter type' };
  }

  private parseNumeric(def: ParamDef, s: string): { value: string } | { error: string } {
    const f = def.flags;
    let v: bigint | null = null;
    let isPercent = false;
    if (def.type === 'memory') {
      const m = memtoull(s);
      if (m !== null) v = f.unsigned ? m : toSigned64(m);
    }
    if (v === null && f.percent && s.length > 1 && s.endsWith('%')) {
      const p = string2ll(s.slice(0, -1));
      if (p !== null && p >= 0n) {
        v = -p;
        isPercent = true;
      }
    }
    if (v === null && f.octal) v = strtollWhole(s, 8);
    if (v === null && def.type === 'int' && !f.octal) v = string2ll(s);
    if (v === null) {
      if (def.type === 'memory' && f.percent) return { error: 'argument must be a memory or percent value' };
      if (def.type === 'memory') return { error: 'argument must be a memory value' };
      if (f.octal) return { error: "argument couldn't be parsed as an octal number" };
      return { error: "argument couldn't be parsed into an integer" };
    }
    const min = def.min!;
    const max = def.max!;
    if (f.unsigned) {
      const u = v < 0n ? v + TWO64 : v;
      if (u > max || u < min) {
        return f.octal
          ? { error: `argument must be between ${min.toString(8)} and ${max.toString(8)} inclusive` }
          : { error: `argument must be between ${min} and ${max} inclusive` };
      }
      v = u;
    } else if (f.percent && v < 0n) {
      if (v < min) return { error: `percentage argument must be less or equal to ${-min}` };
    } else if (v > max || v < min) {
      return { error: `argument must be between ${min} and ${max} inclusive` };
    }
    if (def.name === 'hz') {
      // Accepted out of range, then capped (Redis's updateHZ and the end of config loading).
      if (v < 1n) v = 1n;
      if (v > 500n) v = 500n;
    }
    if (isPercent || (f.percent && v < 0n)) return { value: `${-v}%` };
    if (f.octal) return { value: v.toString(8) };
    return { value: v.toString() };
  }

  private parseSpecial(def: ParamDef, args: string[], current: string): { value: string } | { error: string } {
    switch (def.name) {
      case 'dir':
        if (args.length !== 1) return { error: 'wrong number of arguments' };
        return { value: args[0] };
      case 'save': {
        let a = args;
        if (a.length === 1 && a[0] === '') a = [];
        if (a.length & 1) return { error: 'Invalid save parameters' };
        const nums: bigint[] = [];
        for (let j = 0; j < a.length; j++) {
          const v = strtollWhole(a[j], 10);
          if (v === null || ((j & 1) === 0 && v < 1n) || ((j & 1) === 1 && v < 0n)) {
            return { error: 'Invalid save parameters' };
          }
          nums.push((j & 1) === 1 ? BigInt.asIntN(32, v) : v);
        }
        let base: string[] = [];
        if (this.loading) {
          // while loading, save lines accumulate; `save ""` (e.g. --save '' after a config file) clears them all
          if (this.saveLoaded && a.length > 0) base = current === '' ? [] : [current];
          this.saveLoaded = true;
        }
        const pairs: string[] = [];
        for (let j = 0; j < nums.length; j += 2) pairs.push(`${nums[j]} ${nums[j + 1]}`);
        return { value: [...base, ...pairs].join(' ') };
      }
      case 'client-output-buffer-limit': {
        if (args.length % 4) return { error: 'Wrong number of arguments in buffer limit configuration.' };
        const cur = current.split(' ');
        const next = [...cur];
        for (let j = 0; j < args.length; j += 4) {
          const cls = args[j].toLowerCase();
          const idx = cls === 'normal' ? 0 : cls === 'slave' || cls === 'replica' ? 1 : cls === 'pubsub' ? 2 : -1;
          if (idx < 0) return { error: 'Invalid client class specified in buffer limit configuration.' };
          const hard = memtoull(args[j + 1]);
          const soft = memtoull(args[j + 2]);
          const secs = strtollWhole(args[j + 3], 10);
          if (hard === null || soft === null || secs === null || BigInt.asIntN(32, secs) < 0n) {
            return { error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
          }
          next[idx * 4] = OBUF_CLASSES[idx as 0 | 1 | 2];
          next[idx * 4 + 1] = hard.toString();
          next[idx * 4 + 2] = soft.toString();
          next[idx * 4 + 3] = BigInt.asIntN(32, secs).toString();
        }
        return { value: next.join(' ') };
      }
      case 'oom-score-adj-values': {
        if (args.length !== 3) return { error: 'wrong number of arguments' };
        const out: string[] = [];
        for (const a of args) {
          const v = strtollWhole(a, 10);
          if (v === null || v < -2000n || v > 2000n) {
            return { error: 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.' };
          }
          out.push(v.toString());
        }
        return { value: out.join(' ') };
      }
      case 'notify-keyspace-events': {
        if (args.length !== 1) return { error: 'wrong number of arguments' };
        const f = keyspaceEventsStringToFlags(args[0]);
        if (f === null) return { error: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." };
        return { value: keyspaceEventsFlagsToString(f) };
      }
      case 'bind': {
        if (args.length > 16) return { error: 'Too many bind addresses specified.' };
        if (args.length === 1 && args[0] === '') return { value: '' };
        return { value: args.join(' ') };
      }
      case 'replicaof': {
        if (args.length !== 2) return { error: 'wrong number of arguments' };
        if (args[0].toLowerCase() === 'no' && args[1].toLowerCase() === 'one') return { value: '' };
        const port = strtollWhole(args[1], 10);
        if (port === null || port < 0n || port > 65535n) return { error: 'Invalid master port' };
        return { value: `${args[0]} ${port}` };
      }
      case 'latency-tracking-info-percentiles': {
        if (args.length === 1 && args[0] === '') return { value: '' };
        const out: string[] = [];
        for (const a of args) {
          const d = string2d(a);
          if (d === null) return { error: 'Invalid latency-tracking-info-percentiles parameters' };
          if (d > 100 || d < 0) return { error: 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]' };
          out.push(formatPercentile(d));
        }
        return { value: out.join(' ') };
      }
    }
    return { error: 'unsupported parameter' };
  }
}

/** All parameter names with a given status (for docs). */
export function paramsWithStatus(status: ParamStatus): string[] {
  return PARAMS.filter((p) => p.status === status).map((p) => p.name);
}

/** Re-exported for callers that only import the registry. */
export { parseConfigText };
