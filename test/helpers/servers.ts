// Test servers and a raw RESP client.
//
// startCinnabar / startRedis spawn a server on a free port, wait for its "Ready to accept
// connections" log line on stdout and return { port, stop() }. startRedis returns null when
// /usr/bin/redis-server is not installed, so differential tests can skip with a message.
// RawClient speaks bytes: send() encodes a multibulk command, sendRaw() writes anything, and
// readReply() returns the exact bytes of one complete RESP2/RESP3 reply.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeCommand, replyEnd, type Arg } from './resp.ts';

export * from './resp.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CINNABAR_BIN = path.join(ROOT, 'bin', 'cinnabar-server.js');
export const REDIS_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export function redisAvailable(): boolean {
  return fs.existsSync(REDIS_BIN);
}

/** Why differential tests are skipped, or null if they can run. */
export function redisMissingReason(): string | null {
  return redisAvailable() ? null
    : `${REDIS_BIN} not found: differential tests against real Redis are skipped (apt-get install redis-server)`;
}

/** A TCP port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface TestServer {
  port: number;
  host: string;
  pid: number;
  proc: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited (with its exit code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => { for (const p of live) { try { p.kill('SIGKILL'); } catch { /* gone */ } } });
}

const READY = /Ready to accept connections/;
const PORT_BUSY = /Address already in use|Failed listening on port|Could not create server TCP listening socket/;

interface SpawnSpec {
  cmd: string;
  argv: (port: number, cwd: string) => string[];
  /** prefix of the temp working directory made for each attempt (removed on stop) */
  tmpPrefix: string;
  env?: NodeJS.ProcessEnv;
  label: string;
}

async function spawnServer(spec: SpawnSpec, readyTimeoutMs: number): Promise<TestServer> {
  installExitHook();
  let lastErr: Error | null = null;
  for (let attempt = 0; attempt < 6; attempt++) {
    const port = await freePort();
    try {
      return await spawnOnce(spec, port, readyTimeoutMs);
    } catch (e) {
      lastErr = e as Error;
      if (!(e as { portBusy?: boolean }).portBusy) throw e;
    }
  }
  throw lastErr ?? new Error(`${spec.label}: could not start`);
}

function spawnOnce(spec: SpawnSpec, port: number, readyTimeoutMs: number): Promise<TestServer> {
  const cwd = tmpDir(spec.tmpPrefix);
  return new Promise((resolve, reject) => {
    const proc = spawn(spec.cmd, spec.argv(port, cwd), { cwd, env: spec.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(proc);
    let out = '';
    let ready = false;
    let running = true;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
      proc.on('exit', (code, signal) => { running = false; live.delete(proc); res({ code, signal }); });
    });
    const timer = setTimeout(() => {
      if (ready) return;
      proc.kill('SIGKILL');
      reject(new Error(`${spec.label} did not log "Ready to accept connections" within ${readyTimeoutMs} ms on port ${port}. Output:\n${out}`));
    }, readyTimeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      if (out.length > 1 << 20) out = out.slice(-(1 << 19));
      if (!ready && READY.test(out)) {
        ready = true;
        clearTimeout(timer);
        const server: TestServer = {
          port,
          host: '127.0.0.1',
          pid: proc.pid!,
          proc,
          output: () => out,
          exited,
          isRunning: () => running,
          stop: async () => {
            if (running) {
              proc.kill('SIGTERM');
              const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
              await exited;
              clearTimeout(t);
            }
            fs.rmSync(cwd, { recursive: true, force: true });
          },
        };
        resolve(server);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
    void exited.then(({ code, signal }) => {
      if (ready) return;
      clearTimeout(timer);
      fs.rmSync(cwd, { recursive: true, force: true });
      const err = new Error(`${spec.label} exited (code ${code}, signal ${signal}) before it was ready on port ${port}. Output:\n${out}`);
      (err as Error & { portBusy?: boolean }).portBusy = PORT_BUSY.test(out);
      reject(err);
    });
  });
}

function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Starts `node bin/cinnabar-server.js --port <free> --save '' ...args`. The wasm is the repo's
 * build/release.wasm unless CINNABAR_WASM names another one. The working directory is a fresh temp
 * dir (removed by stop()) so nothing lands in the repository.
 */
export function startCinnabar(args: string[] = [], opts: { readyTimeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<TestServer> {
  return spawnServer({
    cmd: process.execPath,
    argv: (port) => [CINNABAR_BIN, '--port', String(port), '--save', '', ...args],
    tmpPrefix: 'cinnabar-test-',
    env: { ...process.env, ...opts.env },
    label: 'cinnabar-server',
  }, opts.readyTimeoutMs ?? 20_000);
}

/** Starts the real redis-server the same way, or returns null if it is not installed. */
export async function startRedis(args: string[] = [], opts: { readyTimeoutMs?: number } = {}): Promise<TestServer | null> {
  if (!redisAvailable()) return null;
  return spawnServer({
    cmd: REDIS_BIN,
    argv: (port, cwd) => ['--port', String(port), '--save', '', '--appendonly', 'no', '--dir', cwd, '--daemonize', 'no', ...args],
    tmpPrefix: 'redis-test-',
    label: 'redis-server',
  }, opts.readyTimeoutMs ?? 20_000);
}

// ---- raw RESP client ----------------------------------------------------------------------------

export class ConnectionClosedError extends Error {}
export class ReplyTimeoutError extends Error {}

export class RawClient {
  readonly socket: net.Socket;
  private chunks: Buffer[] = [];
  private total = 0;
  private need = 1;        // do not try to parse before this many bytes are buffered
  private waiters: Array<{ resolve: (b: Buffer) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }> = [];
  private closeWaiters: Array<() => void> = [];
  closed = false;
  /** Set when the peer reset the connection (as opposed to a clean FIN). */
  error: Error | null = null;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', (e) => { this.error = e; });
    socket.on('close', () => this.onClose());
  }

  static connect(port: number, host = '127.0.0.1', timeoutMs = 5000): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host });
      const t = setTimeout(() => { s.destroy(); reject(new Error(`connect to ${host}:${port} timed out`)); }, timeoutMs);
      s.once('connect', () => { clearTimeout(t); s.removeListener('error', reject); resolve(new RawClient(s)); });
      s.once('error', (e) => { clearTimeout(t); reject(e); });
    });
  }

  /** Sends one command as a RESP multibulk. */
  send(...args: Arg[]): void {
    this.socket.write(encodeCommand(args));
  }

  /** Writes bytes as they are (inline commands, broken protocol, pipelines). */
  sendRaw(bytes: string | Buffer | Uint8Array): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Sends a command and returns the bytes of its reply. */
  async call(...args: Arg[]): Promise<Buffer> {
    this.send(...args);
    return this.readReply();
  }

  /** Like call(), as latin1 text. */
  async callStr(...args: Arg[]): Promise<string> {
    return (await this.call(...args)).toString('latin1');
  }

  /**
   * The exact bytes of the next complete reply (an attribute and the reply it annotates count as
   * one; a push frame is returned on its own). Rejects if the connection closes first or nothing
   * complete arrives within timeoutMs.
   */
  readReply(timeoutMs = 5000): Promise<Buffer> {
    const r = this.takeReply();
    if (r) return Promise.resolve(r);
    if (this.closed) return Promise.reject(new ConnectionClosedError(`connection closed${this.total ? ` with ${this.total} unparsed bytes` : ''}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.findIndex((w) => w.timer === timer);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new ReplyTimeoutError(`no complete reply within ${timeoutMs} ms (${this.total} bytes buffered)`));
      }, timeoutMs);
      this.waiters.push({ resolve, reject, timer });
    });
  }

  async readReplyStr(timeoutMs = 5000): Promise<string> {
    return (await this.readReply(timeoutMs)).toString('latin1');
  }

  /** Bytes received but not yet returned as replies. */
  unread(): Buffer {
    return this.flatten();
  }

  /** Resolves true once the server has closed the connection, false after timeoutMs. */
  waitClose(timeoutMs = 5000): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      this.closeWaiters.push(() => { clearTimeout(t); resolve(true); });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private flatten(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.total)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private takeReply(): Buffer | null {
    if (this.total < this.need) return null;
    const buf = this.flatten();
    let end: number;
    try {
      end = replyEnd(buf, 0);
    } catch (e) {
      // not RESP: hand the raw bytes back so the test can show them
      this.chunks = []; this.total = 0; this.need = 1;
      return buf;
    }
    if (end < 0) {
      this.need = minNeed(buf);
      return null;
    }
    const reply = buf.subarray(0, end);
    const rest = buf.subarray(end);
    this.chunks = rest.length ? [rest] : [];
    this.total = rest.length;
    this.need = 1;
    return Buffer.from(reply);
  }

  private onData(d: Buffer): void {
    this.chunks.push(d);
    this.total += d.length;
    while (this.waiters.length) {
      const r = this.takeReply();
      if (!r) break;
      const w = this.waiters.shift()!;
      clearTimeout(w.timer);
      w.resolve(r);
    }
  }

  private onClose(): void {
    this.closed = true;
    while (this.waiters.length) {
      const r = this.takeReply();
      const w = this.waiters.shift()!;
      clearTimeout(w.timer);
      if (r) w.resolve(r);
      else w.reject(new ConnectionClosedError(`connection closed${this.total ? ` with ${this.total} unparsed bytes` : ''}`));
    }
    for (const f of this.closeWaiters.splice(0)) f();
  }
}

/** Lower bound of the buffered size at which the reply at 0 may be complete (avoids re-parsing big bulks). */
function minNeed(buf: Buffer): number {
  if (buf[0] === 0x24 /* $ */ || buf[0] === 0x21 || buf[0] === 0x3d) {
    const le = buf.indexOf('\r\n', 0, 'latin1');
    if (le > 0) {
      const n = Number(buf.toString('latin1', 1, le));
      if (Number.isInteger(n) && n >= 0) return le + 2 + n + 2;
    }
  }
  return buf.length + 1;
}

/** Connects, runs one command, closes. */
export async function oneShot(port: number, ...args: Arg[]): Promise<Buffer> {
  const c = await RawClient.connect(port);
  try { return await c.call(...args); } finally { c.close(); }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
