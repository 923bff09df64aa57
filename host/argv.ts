// redis-server's command line, the Redis 7.4 way:
//   cinnabar-server [/path/to/redis.conf] [--name value ...] [-]
// The options become config text appended after the file (and stdin), so "last one wins".
// Pure TypeScript (no node: imports).

import { quoteRepr, splitArgs, utf8ToBinary } from './config/parse.js';

export interface ArgvResult {
  /** first argument when it does not start with '-' (relative; the host makes it absolute) */
  configFile?: string;
  /** "-" was given as the first or last argument: read config from stdin after the file */
  stdin: boolean;
  /** config text to load after the file and stdin ('' when none) */
  options: string;
  /** -v / --version as first argument */
  version: boolean;
  /** -h / --help / --usage as first argument */
  help: boolean;
}

/**
 * Parse argv (without node and script: `process.argv.slice(2)`). Mirrors Redis 7.4:
 * - `--name` starts a new directive line; following non-`--` words are its values, each written
 *   with Redis's repr quoting so they survive re-splitting.
 * - a `--name` with no value consumes the next word even if it starts with `--` (as Redis does),
 *   except `--save` followed by `--x` or at the end, which yields `save ""`.
 * - `"--port 6380"` as one argument carries its own value.
 */
export function parseArgv(argv: readonly string[]): ArgvResult {
  const res: ArgvResult = { stdin: false, options: '', version: false, help: false };
  if (argv.length === 0) return res;
  const first = argv[0];
  if (first === '-v' || first === '--version') {
    res.version = true;
    return res;
  }
  if (first === '--help' || first === '-h' || first === '--usage') {
    res.help = true;
    return res;
  }
  // Everything is handled as bytes, like C's argv (see parse.ts on binary strings).
  const args = argv.map(utf8ToBinary);
  let j = 0;
  if (args[0][0] !== '-') {
    res.configFile = argv[0];
    j = 1;
  }
  let options = '';
  let handledLastConfigArg = true;
  const last = args.length - 1;
  for (; j < args.length; j++) {
    const a = args[j];
    if (a === '-' && (j === 0 || j === last)) {
      res.stdin = true;
    } else if (handledLastConfigArg && a.startsWith('--')) {
      if (options.length) options += '\n';
      options += a.slice(2) + ' ';
      const split = splitArgs(a);
      if (split !== null && split.length === 1) {
        // Only the option name, like "--port": its value is the next argument.
        handledLastConfigArg = false;
        const isSave = a.toLowerCase() === '--save';
        const isSentinel = a.toLowerCase() === '--sentinel';
        if (j !== last && args[j + 1].startsWith('--') && isSave) {
          options += '""';
          handledLastConfigArg = true;
        } else if (j === last && isSave) {
          options += '""';
        } else if (j !== last && args[j + 1].startsWith('--') && isSentinel) {
          handledLastConfigArg = true;
        }
      } else {
        handledLastConfigArg = true;
      }
    } else {
      options += quoteRepr(a) + ' ';
      handledLastConfigArg = true;
    }
  }
  res.options = options;
  return res;
}

/** A stable hex id standing in for redis-server's build id. */
function buildId(s: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16);
}

export interface VersionInfo {
  /** Cinnabar's package version */
  version: string;
  /** Redis version Cinnabar is compatible with */
  redisVersion?: string;
  sha?: string;
  dirty?: boolean;
}

/** `cinnabar-server --version`, shaped like `Redis server v=7.4.0 sha=00000000:0 malloc=libc bits=64 build=...`. */
export function versionText(info: VersionInfo): string {
  const redis = info.redisVersion ?? '7.4.0';
  const sha = info.sha ?? '00000000';
  return `Cinnabar server v=${info.version} redis_version=${redis} sha=${sha}:${info.dirty ? 1 : 0} ` +
    `malloc=libc bits=64 build=${buildId(`cinnabar-${info.version}-${redis}-${sha}`)}\n`;
}

/** `cinnabar-server --help` (Redis prints it to stderr and exits 1). */
export function usageText(prog = 'cinnabar-server'): string {
  return [
    `Usage: ${prog} [/path/to/redis.conf] [options] [-]`,
    `       ${prog} - (read config from stdin)`,
    `       ${prog} -v or --version`,
    `       ${prog} -h or --help`,
    '',
    'Examples:',
    `       ${prog} (run the server with default conf)`,
    `       echo 'maxmemory 128mb' | ${prog} -`,
    `       ${prog} /etc/redis/6379.conf`,
    `       ${prog} --port 7777`,
    `       ${prog} --port 7777 --replicaof 127.0.0.1 8888`,
    `       ${prog} /etc/myredis.conf --loglevel verbose -`,
    `       ${prog} /etc/myredis.conf --loglevel verbose`,
    '',
  ].join('\n');
}
