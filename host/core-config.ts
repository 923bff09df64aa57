// Which config parameters the core needs, and how each is pushed into it. Shared by the server host
// and the embedded API (no Node imports).
import { Core, CoreConfig, CORE_NUMERIC_PARAMS } from './core.js';
import type { ConfigRegistry } from './config/registry.js';

/** Parameters whose value lives (also) in the core; push each once at start and on every change. */
export const CORE_PARAMS: readonly string[] = [
  'hz', 'maxclients', 'timeout', 'proto-max-bulk-len', 'client-query-buffer-limit', 'maxmemory',
  'slowlog-log-slower-than', 'slowlog-max-len', 'active-expire-effort', 'enable-debug-command',
  'requirepass', 'client-output-buffer-limit', 'databases', 'notify-keyspace-events', 'maxmemory-policy',
  'min-replicas-to-write', 'min-replicas-max-lag',
  ...CORE_NUMERIC_PARAMS.map(([n]) => n),
];

const SIMPLE: ReadonlyMap<string, number> = new Map<string, number>([
  ['hz', CoreConfig.HZ], ['maxclients', CoreConfig.MAXCLIENTS], ['timeout', CoreConfig.TIMEOUT],
  ['proto-max-bulk-len', CoreConfig.PROTO_MAX_BULK_LEN], ['client-query-buffer-limit', CoreConfig.QUERYBUF_LIMIT],
  ['maxmemory', CoreConfig.MAXMEMORY], ['slowlog-log-slower-than', CoreConfig.SLOWLOG_SLOWER_THAN],
  ['slowlog-max-len', CoreConfig.SLOWLOG_MAX_LEN], ['active-expire-effort', CoreConfig.ACTIVE_EXPIRE_EFFORT],
  ['databases', CoreConfig.DATABASES], ...CORE_NUMERIC_PARAMS,
]);

/** Pushes one parameter's current value into the core; false if the core does not use it. */
export function pushCoreConfig(core: Core, c: ConfigRegistry, name: string): boolean {
  const x = core.x;
  const id = SIMPLE.get(name);
  if (id !== undefined) { x.config_set_int(id, c.num(name)); return true; }
  switch (name) {
    case 'enable-debug-command': x.config_set_int(CoreConfig.ENABLE_DEBUG, c.enumValue(name)); return true;
    // the registry's enum codes (1 volatile-lru ... 8 noeviction) are the core's (server/evict.ts)
    case 'maxmemory-policy': x.config_set_int(CoreConfig.MAXMEMORY_POLICY, c.enumValue(name)); return true;
    case 'min-replicas-to-write':
    case 'min-replicas-max-lag': {
      const n = c.num('min-replicas-max-lag') > 0 ? c.num('min-replicas-to-write') : 0;
      x.config_set_int(CoreConfig.MIN_REPLICAS_TO_WRITE, n);
      return true;
    }
    case 'requirepass': core.setConfigBytes(CoreConfig.REQUIREPASS, c.value(name)); return true;
    case 'notify-keyspace-events': x.config_set_int(CoreConfig.NOTIFY_KEYSPACE_EVENTS, c.notifyKeyspaceEvents()); return true;
    case 'client-output-buffer-limit': {
      const n = c.clientOutputBufferLimits().normal;
      x.config_set_int(CoreConfig.OBUF_NORMAL_HARD, Number(n.hard));
      x.config_set_int(CoreConfig.OBUF_NORMAL_SOFT, Number(n.soft));
      x.config_set_int(CoreConfig.OBUF_NORMAL_SOFT_SECS, n.seconds);
      return true;
    }
  }
  return false;
}
