// The Node side of configuration: reading redis.conf (with `include`, globs allowed like Redis 7),
// reading config from stdin ("-"), chdir for `dir`, and the atomic file write of CONFIG REWRITE.
// Files are read as latin1 so every byte is one char (see parse.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigFileError } from './parse.js';
import type { ConfigIncluder, ConfigRegistry, RegistryOptions } from './registry.js';

/** A fatal startup problem that Redis reports as a log line (not the config-file block), then exit(1). */
export class ConfigLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigLoadError';
  }
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EPERM: 'Operation not permitted',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EROFS: 'Read-only file system',
  ENOSPC: 'No space left on device',
  EMFILE: 'Too many open files',
  EEXIST: 'File exists',
  EBUSY: 'Device or resource busy',
  EXDEV: 'Invalid cross-device link',
  EIO: 'Input/output error',
};

/** The C strerror() text for a Node fs error, as Redis would print it. */
export function strerror(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && ERRNO_TEXT[code]) return ERRNO_TEXT[code];
  return e instanceof Error ? e.message : String(e);
}

function hasGlob(p: string): boolean {
  return p.includes('*') || p.includes('?') || p.includes('[');
}

/** Convert one path segment glob (* ? [..]) to a RegExp, as glob(3) without flags does. */
function segmentRegExp(seg: string): RegExp {
  let re = '^';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) { re += '\\['; continue; }
      let body = seg.slice(i + 1, end);
      if (body[0] === '!' || body[0] === '^') body = '^' + body.slice(1);
      re += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = end;
    } else if (c === '\\' && i + 1 < seg.length) {
      re += '\\' + seg[++i];
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

/** glob(3)-like expansion: sorted matches, hidden files only when the pattern starts with '.'. */
export function expandGlob(pattern: string): string[] {
  const abs = path.isAbsolute(pattern);
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  let bases: string[] = [abs ? '/' : ''];
  for (let i = abs ? 1 : 0; i < parts.length; i++) {
    const seg = parts[i];
    const last = i === parts.length - 1;
    const next: string[] = [];
    for (const base of bases) {
      const dir = base === '' ? '.' : base;
      if (!hasGlob(seg)) {
        const p = base === '' ? seg : path.join(base, seg);
        if (fs.existsSync(p)) next.push(p);
        continue;
      }
      let entries: string[];
      try {
        entries = fs.readdirSync(dir);
      } catch {
        continue;
      }
      const re = segmentRegExp(seg);
      for (const ent of entries.sort()) {
        if (ent.startsWith('.') && !seg.startsWith('.')) continue;
        if (!re.test(ent)) continue;
        const p = base === '' ? ent : path.join(base, ent);
        if (!last) {
          try {
            if (!fs.statSync(p).isDirectory()) continue;
          } catch {
            continue;
          }
        }
        next.push(p);
      }
    }
    bases = next;
  }
  return bases;
}

/** Read one config file; Redis logs "Fatal error, can't open config file '%s': %s" and exits 1. */
export function readConfigFile(file: string): string {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch (e) {
    throw new ConfigLoadError(`Fatal error, can't open config file '${file}': ${strerror(e)}`);
  }
}

/**
 * Node includer for ConfigRegistry.loadText. Relative paths resolve against the process cwd, as
 * Redis's fopen does (and `dir` may have changed it). A glob matching nothing includes nothing;
 * several matches are concatenated into one text, like Redis.
 */
export const nodeIncluder: ConfigIncluder = (p: string) => {
  if (hasGlob(p)) {
    const files = expandGlob(p);
    if (files.length === 0) return [];
    return [{ text: files.map(readConfigFile).join(''), source: p }];
  }
  return [{ text: readConfigFile(p), source: p }];
};

/** chdir for `dir`: returns the new absolute cwd or throws an Error carrying the strerror text. */
export function nodeChdir(dir: string): string {
  try {
    process.chdir(dir);
  } catch (e) {
    throw new Error(strerror(e));
  }
  return process.cwd();
}

/** Registry options for a Node process (cwd + chdir). */
export function nodeRegistryOptions(): RegistryOptions {
  return { cwd: process.cwd(), chdir: nodeChdir };
}

/** Read all of stdin synchronously (config file "-"). */
export function readStdinSync(): string {
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(65536);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('latin1');
}

export interface LoadConfigOptions {
  /** config file path (already absolute or relative to cwd); undefined for none */
  configFile?: string;
  /** read config from stdin after the file ("-") */
  stdin?: boolean;
  /** text to apply after file and stdin (from argv.ts) */
  options?: string;
  /** override stdin reading (tests) */
  readStdin?: () => string;
  /** called before stdin is read; Redis logs "Reading config from stdin" at notice level */
  onReadingStdin?: () => void;
}

/**
 * Load file + stdin + options into the registry exactly as Redis does: one concatenated text, with a
 * newline before the options. Throws ConfigFileError (print `.report` to stderr, exit 1) or
 * ConfigLoadError (log it as a warning, exit 1).
 */
export function loadServerConfig(reg: ConfigRegistry, o: LoadConfigOptions): void {
  let text = '';
  if (o.configFile !== undefined) {
    if (hasGlob(o.configFile)) {
      for (const f of expandGlob(o.configFile)) text += readConfigFile(f);
    } else {
      text += readConfigFile(o.configFile);
    }
  }
  if (o.stdin) {
    o.onReadingStdin?.();
    text += (o.readStdin ?? readStdinSync)();
  }
  if (o.options) text += '\n' + o.options;
  reg.loadText(text, o.configFile ?? (o.stdin ? '-' : '<argv>'), { includer: nodeIncluder });
  reg.finishLoading();
  const logfile = reg.value('logfile');
  if (logfile !== '') {
    try {
      fs.closeSync(fs.openSync(Buffer.from(logfile, 'latin1'), 'a'));
    } catch (e) {
      // Redis reports this with the fatal config block, without a line number.
      throw new ConfigFileError(`Can't open the log file: ${strerror(e)}`);
    }
  }
}


/**
 * CONFIG REWRITE: rewrite `file` from the registry, atomically (temp file, fsync, rename, fsync dir).
 * Throws an Error whose message is the strerror text ("ERR Rewriting config file: <msg>").
 */
export function rewriteConfigFile(reg: ConfigRegistry, file: string, opts: { force?: boolean; users?: string[] } = {}): void {
  let old: string | null = null;
  try {
    old = fs.readFileSync(file, 'latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(strerror(e));
  }
  const content = reg.rewrite(old, opts);
  const tmp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  let fd = -1;
  try {
    fd = fs.openSync(tmp, 'wx', 0o644);
    fs.writeSync(fd, Buffer.from(content, 'latin1'));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = -1;
    fs.renameSync(tmp, file);
    try {
      const dfd = fs.openSync(path.dirname(file), 'r');
      try { fs.fsyncSync(dfd); } finally { fs.closeSync(dfd); }
    } catch { /* directory fsync is best effort on some platforms */ }
  } catch (e) {
    if (fd >= 0) fs.closeSync(fd);
    try { fs.unlinkSync(tmp); } catch { /* already gone */ }
    throw new Error(strerror(e));
  }
}
