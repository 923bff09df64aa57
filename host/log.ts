// redis-server's log format and startup lines:
//   <pid>:<role> <dd> <Mon> <yyyy> <HH:MM:SS.mmm> <c> <message>
// c is '.' debug, '-' verbose, '*' notice, '#' warning. Role is 'M' master, 'S' replica, 'C' child or
// worker (and, as in Redis, the lines printed before the server is initialised), 'X' sentinel.
// As in Redis, a log file is opened in append mode for every line, so rotating it needs no signal.

import * as fs from 'node:fs';

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning' | 'nothing';
export type LogRole = 'M' | 'S' | 'C' | 'X';

const LEVELS: Record<LogLevel, number> = { debug: 0, verbose: 1, notice: 2, warning: 3, nothing: 4 };
const CHARS = '.-*#';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface LoggerOptions {
  level?: LogLevel;
  /** '' (default) logs to stdout */
  file?: string;
  role?: LogRole;
  pid?: number;
  /** clock, for tests */
  now?: () => Date;
  /** stdout writer, for tests */
  stdout?: (s: string) => void;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** Format one log line (local time, like Redis), without the trailing newline. */
export function formatLogLine(pid: number, role: LogRole, d: Date, level: LogLevel, msg: string): string {
  const ts = `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  return `${pid}:${role} ${ts} ${CHARS[LEVELS[level]] ?? '#'} ${msg}`;
}

export class Logger {
  private level: number;
  private file: string;
  role: LogRole;
  pid: number;
  private readonly now: () => Date;
  private readonly stdout: (s: string) => void;

  constructor(opts: LoggerOptions = {}) {
    this.level = LEVELS[opts.level ?? 'notice'];
    this.file = opts.file ?? '';
    this.role = opts.role ?? 'M';
    this.pid = opts.pid ?? process.pid;
    this.now = opts.now ?? (() => new Date());
    this.stdout = opts.stdout ?? ((s) => { process.stdout.write(s); });
  }

  /** CONFIG SET loglevel; returns an error text for an unknown level. */
  setLevel(level: string): string | null {
    const l = level.toLowerCase() as LogLevel;
    if (!(l in LEVELS)) return 'argument(s) must be one of the following: debug, verbose, notice, warning, nothing';
    this.level = LEVELS[l];
    return null;
  }

  getLevel(): LogLevel {
    return (Object.keys(LEVELS) as LogLevel[]).find((k) => LEVELS[k] === this.level)!;
  }

  /** '' logs to stdout; otherwise every line is appended to the file (which may be renamed freely). */
  setFile(file: string): void {
    this.file = file;
  }

  getFile(): string {
    return this.file;
  }

  /** Kept for API symmetry with servers that hold the file open: lines already reopen the file. */
  reopen(): void {}

  enabled(level: LogLevel): boolean {
    return LEVELS[level] >= this.level && LEVELS[level] < LEVELS.nothing;
  }

  log(level: LogLevel, msg: string, role: LogRole = this.role): void {
    if (!this.enabled(level)) return;
    this.write(formatLogLine(this.pid, role, this.now(), level, msg) + '\n');
  }

  /** A message without the prefix (Redis's LL_RAW), e.g. the ASCII logo. */
  raw(level: LogLevel, text: string): void {
    if (!this.enabled(level)) return;
    this.write(text);
  }

  debug(msg: string): void { this.log('debug', msg); }
  verbose(msg: string): void { this.log('verbose', msg); }
  notice(msg: string): void { this.log('notice', msg); }
  warning(msg: string): void { this.log('warning', msg); }

  private write(s: string): void {
    if (this.file === '') {
      this.stdout(s);
      return;
    }
    try {
      fs.appendFileSync(Buffer.from(this.file, 'latin1'), s);
    } catch {
      // Redis silently drops the line when the file cannot be opened.
    }
  }

  // ---- the startup sequence -----------------------------------------------------------------

  /**
   * The first lines, before the server is initialised (Redis prints them with role 'C').
   * `hadArgs`: false when started with no argument at all (Redis then warns about the default config).
   */
  starting(info: { version: string; redisVersion?: string; sha?: string; dirty?: boolean; argv0?: string; hadArgs: boolean }): void {
    this.log('notice', 'oO0OoO0OoO0Oo Cinnabar is starting oO0OoO0OoO0Oo', 'C');
    this.log('notice',
      `Cinnabar version=${info.version}, redis_version=${info.redisVersion ?? '7.4.0'}, bits=64, ` +
      `commit=${info.sha ?? '00000000'}, modified=${info.dirty ? 1 : 0}, pid=${this.pid}, just started`, 'C');
    if (!info.hadArgs) {
      this.log('warning', 'Warning: no config file specified, using the default config. In order to specify a config ' +
        `file use ${info.argv0 ?? 'cinnabar-server'} /path/to/redis.conf`, 'C');
    }
  }

  /** Logged once the config file and options were applied without error (as redis-server does). */
  configLoaded(): void {
    this.log('notice', 'Configuration loaded', 'C');
  }

  /** "Running mode=standalone, port=6379." (what Redis logs instead of the ASCII logo). */
  runningMode(port: number, mode: 'standalone' | 'cluster' | 'sentinel' = 'standalone'): void {
    this.notice(`Running mode=${mode}, port=${port}.`);
  }

  serverInitialized(): void {
    this.notice('Server initialized');
  }

  /** The exact readiness line clients and test harnesses wait for. */
  readyToAccept(type: 'tcp' | 'unix' | 'tls' = 'tcp'): void {
    this.notice(`Ready to accept connections ${type}`);
  }
}
