// Shared helpers for the benchmark scripts: free ports, starting and stopping a real redis-server and
// Cinnabar, a minimal raw-RESP client, INFO parsing, machine notes, and loading host/core.ts.
//
// Every process started here is registered and killed on exit, on SIGINT/SIGTERM and on uncaught
// errors, so a failed benchmark never leaves a server behind.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REDIS_SERVER = process.env.REDIS_SERVER || '/usr/bin/redis-server';
export const REDIS_BENCHMARK = process.env.REDIS_BENCHMARK || 'redis-benchmark';
export const CINNABAR_BIN = path.join(ROOT, 'bin', 'cinnabar-server.js');

// ---- process bookkeeping -----------------------------------------------------------------------

const children = new Set();
let tmpDirs = [];

function killAll() {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      try { c.kill('SIGKILL'); } catch { /* already gone */ }
    }
  }
  children.clear();
  for (const d of tmpDirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* ignore */ } }
  tmpDirs = [];
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { killAll(); process.exit(130); });
}

export function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

export function tmpDir(prefix) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpDirs.push(d);
  return d;
}

// ---- ports ---------------------------------------------------------------------------------------

function tryListen(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(0));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const p = srv.address().port;
      srv.close(() => resolve(p));
    });
  });
}

const handedOut = new Set();

/**
 * A free TCP port on 127.0.0.1. With BENCH_PORT_BASE set, scans upward from it (BENCH_PORT_MAX,
 * default base+49); otherwise asks the kernel for an ephemeral port.
 */
export async function freePort() {
  const base = Number(process.env.BENCH_PORT_BASE || 0);
  if (base > 0) {
    const max = Number(process.env.BENCH_PORT_MAX || base + 49);
    for (let p = base; p <= max; p++) {
      if (handedOut.has(p)) continue;
      if (await tryListen(p)) { handedOut.add(p); return p; }
    }
    throw new Error(`no free port in ${base}-${max}`);
  }
  for (;;) {
    const p = await tryListen(0);
    if (p && !handedOut.has(p)) { handedOut.add(p); return p; }
  }
}

// ---- a minimal RESP client ---------------------------------------------------------------------

export function encodeCommand(args) {
  if (args.some((a) => Buffer.isBuffer(a))) {
    // binary arguments (e.g. a 1 MB bitmap): build a Buffer instead of a string
    const parts = [Buffer.from(`*${args.length}\r\n`)];
    for (const a of args) {
      const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a));
      parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
    }
    return Buffer.concat(parts);
  }
  const parts = [`*${args.length}\r\n`];
  for (const a of args) {
    const s = String(a);
    parts.push(`$${Buffer.byteLength(s)}\r\n${s}\r\n`);
  }
  return parts.join('');
}

/** Parses one RESP2/3 reply at buf[off]; returns [value, nextOffset] or null if incomplete. */
export function parseReply(buf, off = 0) {
  if (off >= buf.length) return null;
  const nl = buf.indexOf('\r\n', off);
  if (nl < 0) return null;
  const type = String.fromCharCode(buf[off]);
  const line = buf.toString('latin1', off + 1, nl);
  const next = nl + 2;
  switch (type) {
    case '+': case ':': case ',': case '#': case '(': return [line, next];
    case '-': case '!': return [new RespError(line), next];
    case '_': return [null, next];
    case '$': case '=': case '"': {
      const n = Number(line);
      if (n < 0) return [null, next];
      if (buf.length < next + n + 2) return null;
      return [buf.toString('latin1', next, next + n), next + n + 2];
    }
    case '*': case '~': case '>': case '%': {
      let n = Number(line);
      if (n < 0) return [null, next];
      if (type === '%') n *= 2;
      const out = [];
      let p = next;
      for (let i = 0; i < n; i++) {
        const r = parseReply(buf, p);
        if (!r) return null;
        out.push(r[0]);
        p = r[1];
      }
      return [out, p];
    }
    default: throw new Error(`bad RESP type byte ${JSON.stringify(type)}`);
  }
}

export class RespError extends Error {}

export class RespClient {
  constructor(socket) {
    this.socket = socket;
    this.buf = Buffer.alloc(0);
    this.waiters = [];
    socket.on('data', (d) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.drain();
    });
    socket.on('error', (e) => { for (const w of this.waiters.splice(0)) w.reject(e); });
    socket.on('close', () => { for (const w of this.waiters.splice(0)) w.reject(new Error('connection closed')); });
  }

  static connect(port, host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host });
      s.setNoDelay(true);
      s.once('error', reject);
      s.once('connect', () => { s.off('error', reject); resolve(new RespClient(s)); });
    });
  }

  drain() {
    let off = 0;
    while (this.waiters.length) {
      const r = parseReply(this.buf, off);
      if (!r) break;
      off = r[1];
      this.waiters.shift().resolve(r[0]);
    }
    if (off) this.buf = this.buf.subarray(off);
  }

  /** Sends one command; resolves with its reply (a RespError value for error replies). */
  call(...args) {
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.socket.write(encodeCommand(args));
    });
  }

  close() { this.socket.destroy(); }
}

/** Parses INFO text into { field: value }. */
export function parseInfo(text) {
  const out = {};
  for (const line of String(text).split('\r\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** Resident set size of a process in bytes, from /proc (null where /proc is unavailable). */
export function procRss(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch { return null; }
}

// ---- servers -------------------------------------------------------------------------------------

async function waitForPing(port, child, logFile, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let lastErr = null;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const c = await RespClient.connect(port);
      const r = await c.call('PING');
      c.close();
      if (r === 'PONG') return;
      lastErr = new Error(`PING replied ${JSON.stringify(r)}`);
    } catch (e) { lastErr = e; }
    await sleep(50);
  }
  let tail = '';
  try { tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n'); } catch { /* no log */ }
  throw new Error(`server on port ${port} did not answer PING (${lastErr ? lastErr.message : 'exited'})\n${tail}`);
}

/**
 * Starts a server kind ('redis' | 'cinnabar') on a free port, in its own temporary working
 * directory, with persistence off. Resolves with { name, port, pid, child, stop() }.
 */
export async function startServer(kind, extraArgs = []) {
  const port = await freePort();
  const dir = tmpDir(`cinnabar-bench-${kind}-`);
  const logFile = path.join(dir, 'server.log');
  const out = fs.openSync(logFile, 'w');
  let cmd, args, env = process.env;
  if (kind === 'redis') {
    cmd = REDIS_SERVER;
    args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs];
  } else if (kind === 'cinnabar') {
    const wasm = process.env.CINNABAR_WASM || path.join(ROOT, 'build', 'release.wasm');
    for (const f of [wasm, path.join(ROOT, 'dist', 'cinnabar-server.mjs')]) {
      if (!fs.existsSync(f)) throw new Error(`${f} is missing: run "npm run build" first`);
    }
    cmd = process.execPath;
    args = [...(process.env.CINNABAR_NODE_ARGS ? process.env.CINNABAR_NODE_ARGS.split(' ').filter(Boolean) : []),
      CINNABAR_BIN, '--port', String(port), '--bind', '127.0.0.1', '--save', '', ...extraArgs];
  } else throw new Error(`unknown server kind ${kind}`);
  const child = track(spawn(cmd, args, { cwd: dir, env, stdio: ['ignore', out, out] }));
  fs.closeSync(out);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitForPing(port, child, logFile);
  return {
    name: kind, port, pid: child.pid, child, logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}

// ---- misc ---------------------------------------------------------------------------------------

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function fmtInt(n) {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

export function pad(s, w, right = false) {
  s = String(s);
  return right ? s.padStart(w) : s.padEnd(w);
}

/** Prints rows (arrays of cells) as an aligned text table; numeric-looking cells align right. */
export function printTable(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
  const isNum = (s) => /^[-+]?[\d,.]+x?$|^n\/a$/.test(String(s));
  const line = (r) => r.map((c, i) => pad(c ?? '', widths[i], i > 0 && isNum(c))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

/** One-paragraph description of the machine and the software under test. */
export function machineNotes() {
  const cpus = os.cpus();
  const ver = (cmd, args) => {
    try { return spawnSync(cmd, args, { encoding: 'utf8' }).stdout.trim().split('\n')[0]; } catch { return 'n/a'; }
  };
  return {
    date: new Date().toISOString(),
    cpu: `${cpus.length} x ${cpus[0] ? cpus[0].model.trim() : 'unknown'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    redis: ver(REDIS_SERVER, ['--version']),
    loadavg: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

export function printMachineNotes(notes) {
  console.log(`date:    ${notes.date}`);
  console.log(`machine: ${notes.cpu}, ${notes.memory}, ${notes.os}`);
  console.log(`node:    ${notes.node}; ${notes.redis}`);
  console.log(`load:    ${notes.loadavg} (1/5/15 min, at start)`);
}

/**
 * Bundles host/core.ts (no Node imports) with esbuild into a temporary module and imports it.
 * Resolves with the module's exports ({ Core, ... }).
 */
export async function loadCoreModule() {
  const { build } = await import('esbuild');
  const dir = tmpDir('cinnabar-bench-core-');
  const outfile = path.join(dir, 'core.mjs');
  await build({
    entryPoints: [path.join(ROOT, 'host', 'core.ts')],
    bundle: true, platform: 'neutral', format: 'esm', target: 'node20', outfile, logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

/** Creates an initialised in-process core (as host/main.ts does, minus sockets and config). */
export async function createCore() {
  const { Core } = await loadCoreModule();
  const wasmPath = process.env.CINNABAR_WASM || path.join(ROOT, 'build', 'release.wasm');
  if (!fs.existsSync(wasmPath)) throw new Error(`${wasmPath} is missing: run "npm run build" first`);
  const core = await Core.create(fs.readFileSync(wasmPath), {
    hostCommand(slot) { core.reply(slot, '-ERR host command not available in the benchmark\r\n'); },
    log() { /* quiet */ },
  });
  core.x.init_dbs(Date.now());
  return core;
}
