// In-process core harness for unit tests: the wasm core through host/core.ts's Core, driven with
// feed()/client_* calls and no sockets, plus an optional fake clock.
//
// The core reads the wall clock through the clock_us import, which Core.create binds to
// performance.timeOrigin + performance.now(). A FakeClock swaps performance.now only while the
// harness is inside a core call, so vitest's own timers are unaffected.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Core, CoreConfig } from '../../host/core.ts';
import { encodeCommand, replyEnd, type Arg } from './resp.ts';
import { ROOT } from './servers.ts';

export { Core, CoreConfig };

export const RELEASE_WASM = process.env.CINNABAR_WASM ?? path.join(ROOT, 'build', 'release.wasm');
export const TEST_CORE_WASM = path.join(ROOT, 'build', 'test-core.wasm');

function newestTs(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestTs(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds build/test-core.wasm (assembly/test-abi/core.ts: the production ABI plus read-only
 * introspection) when any assembly source is newer. Safe to call from parallel workers: one builds
 * under a lock file, the others wait; the output is written to a temp file and renamed.
 */
export function ensureTestCoreWasm(): string {
  const srcTime = newestTs(path.join(ROOT, 'assembly'));
  const fresh = () => fs.existsSync(TEST_CORE_WASM) && fs.statSync(TEST_CORE_WASM).mtimeMs >= srcTime;
  if (fresh()) return TEST_CORE_WASM;
  fs.mkdirSync(path.dirname(TEST_CORE_WASM), { recursive: true });
  const lock = TEST_CORE_WASM + '.lock';
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      // someone else is building; a lock older than 3 minutes is stale
      try { if (Date.now() - fs.statSync(lock).mtimeMs > 180_000) fs.unlinkSync(lock); } catch { /* gone */ }
      if (fresh()) return TEST_CORE_WASM;
      if (Date.now() > deadline) throw new Error('timed out waiting for the test-core.wasm build lock');
      sleepSync(200);
    }
  }
  try {
    if (fresh()) return TEST_CORE_WASM;
    const tmp = `${TEST_CORE_WASM}.${process.pid}.tmp`;
    const asc = path.join(ROOT, 'node_modules', '.bin', 'asc');
    execFileSync(asc, [
      'assembly/test-abi/core.ts', '--config', '/dev/null', '--runtime', 'stub', '--importMemory',
      '--initialMemory', '64', '--maximumMemory', '65536', '--exportStart', '_start', '-O2',
      '--outFile', tmp,
    ], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    fs.renameSync(tmp, TEST_CORE_WASM);
  } finally {
    try { fs.unlinkSync(lock); } catch { /* gone */ }
  }
  return TEST_CORE_WASM;
}

export class FakeClock {
  constructor(public ms: number = Date.now()) {}
  advance(ms: number): void { this.ms += ms; }
}

// The active fake clock lives on globalThis, not in this module: vitest may load this module more
// than once in one worker process, while `performance` is shared by all of them.
const G = globalThis as unknown as { __cinnabarClock?: FakeClock | null; __cinnabarPerfPatched?: boolean };
function getActive(): FakeClock | null { return G.__cinnabarClock ?? null; }
function setActive(c: FakeClock | null): void { G.__cinnabarClock = c; }
function patchPerformance(): void {
  if (G.__cinnabarPerfPatched) return;
  G.__cinnabarPerfPatched = true;
  const orig = performance.now.bind(performance);
  const origin = performance.timeOrigin;
  // host/core.ts computes timeOrigin + now(). ms - origin is exact (Sterbenz: both are within a
  // factor of 2), and adding origin back rounds to exactly ms, so the core sees integer ms.
  performance.now = () => { const c = getActive(); return c ? c.ms - origin : orig(); };
}

export interface HarnessOptions {
  /** 'release' (build/release.wasm, default) or 'test' (build/test-core.wasm with t_* exports). */
  wasm?: 'release' | 'test';
  clock?: FakeClock;
  seed?: [number, number];
  /** Core config pushed before init_dbs, by CoreConfig name. */
  config?: Partial<Record<keyof typeof CoreConfig, number>>;
  requirepass?: string;
  /** Cap on the core's linear memory, in 64 KiB pages (tests of running out of memory). */
  maxMemoryPages?: number;
}

const moduleCache = new Map<string, WebAssembly.Module>();
function loadModule(file: string): WebAssembly.Module {
  let m = moduleCache.get(file);
  if (!m) { m = new WebAssembly.Module(fs.readFileSync(file)); moduleCache.set(file, m); }
  return m;
}

/** A server core with no sockets: clients are slots, bytes go in with feed(), replies come out with take(). */
export class CoreHarness {
  readonly core: Core;
  readonly clock: FakeClock | null;
  readonly logs: string[] = [];
  readonly hostCalls: number[] = [];
  /** Replies gathered for each slot while draining pending clients. */
  private out = new Map<number, Buffer[]>();
  private closed = new Set<number>();

  private constructor(core: Core, clock: FakeClock | null) {
    this.core = core;
    this.clock = clock;
  }

  static async create(opts: HarnessOptions = {}): Promise<CoreHarness> {
    const file = opts.wasm === 'test' ? ensureTestCoreWasm() : RELEASE_WASM;
    const clock = opts.clock ?? null;
    if (clock) patchPerformance();
    let h: CoreHarness | null = null;
    const logs: string[] = [];
    const prev = getActive();
    setActive(clock);
    try {
      const core = await Core.create(loadModule(file), {
        hostCommand: (slot, id) => {
          h?.hostCalls.push(id);
          h!.core.reply(slot, '-ERR host command not available in core unit tests\r\n');
        },
        log: (_level, msg) => { logs.push(msg); },
        maxMemoryPages: opts.maxMemoryPages,
      }, opts.seed ?? [0x12345678, 0x9abcdef0]);
      h = new CoreHarness(core, clock);
      h.logs.push(...logs);
      for (const [k, v] of Object.entries(opts.config ?? {})) core.x.config_set_int(CoreConfig[k as keyof typeof CoreConfig], v as number);
      if (opts.requirepass !== undefined) core.setConfigBytes(CoreConfig.REQUIREPASS, opts.requirepass);
      core.x.init_dbs(clock ? clock.ms : Date.now());
    } finally {
      setActive(prev);
    }
    return h!;
  }

  get x() { return this.core.x; }

  /** Runs fn with the fake clock (if any) visible to the core. */
  private inCore<T>(fn: () => T): T {
    const prev = getActive();
    setActive(this.clock);
    try { return fn(); } finally { setActive(prev); }
  }

  now(): number { return this.clock ? this.clock.ms : Date.now(); }

  connect(): number {
    const slot = this.inCore(() => this.x.client_new(this.now()));
    this.out.set(slot, []);
    this.closed.delete(slot);
    return slot;
  }

  disconnect(slot: number): void {
    this.x.client_free(slot);
    this.out.delete(slot);
  }

  /** Copies bytes into the core for `slot` (split at the io buffer size) and drains output. */
  feed(slot: number, data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.inCore(() => this.core.feed(slot, bytes));
    this.drain();
  }

  /** cron(now) with the harness clock, then drain. */
  cron(): void {
    this.inCore(() => this.x.cron(this.now()));
    this.drain();
  }

  /** Moves every pending client's output into this harness, as the host's flush() does. */
  drain(): void {
    const x = this.x;
    const n = x.pending_count();
    const closing: number[] = [];
    for (let i = 0; i < n; i++) {
      const slot = x.pending_slot(i);
      const len = x.client_out_len(slot);
      if (len > 0) {
        const data = Buffer.from(this.core.copyOut(x.client_out_ptr(slot), len));
        x.client_out_consumed(slot);
        (this.out.get(slot) ?? this.out.set(slot, []).get(slot)!).push(data);
      }
      if (x.client_flags(slot) & 3) closing.push(slot);
    }
    x.pending_reset();
    for (const s of closing) this.closed.add(s);
  }

  /** True once the core flagged the client to be closed (after a protocol error, QUIT, kill ...). */
  isClosing(slot: number): boolean {
    return this.closed.has(slot);
  }

  /** All output gathered for the slot so far (and forgets it). */
  take(slot: number): Buffer {
    const parts = this.out.get(slot) ?? [];
    this.out.set(slot, []);
    return Buffer.concat(parts);
  }

  takeStr(slot: number): string {
    return this.take(slot).toString('latin1');
  }

  /** Sends one command and returns the output it produced (normally one reply). */
  call(slot: number, ...args: Arg[]): Buffer {
    this.feed(slot, encodeCommand(args));
    return this.take(slot);
  }

  callStr(slot: number, ...args: Arg[]): string {
    return this.call(slot, ...args).toString('latin1');
  }

  /** Splits gathered output into complete replies. */
  static splitReplies(buf: Buffer): Buffer[] {
    const r: Buffer[] = [];
    let p = 0;
    while (p < buf.length) {
      const e = replyEnd(buf, p);
      if (e < 0) throw new Error(`incomplete reply at ${p}`);
      r.push(buf.subarray(p, e));
      p = e;
    }
    return r;
  }

  // ---- introspection (wasm: 'test' only) ----
  private t(name: string): (...a: number[]) => number {
    const f = (this.x as Record<string, unknown>)[name];
    if (typeof f !== 'function') throw new Error(`export ${name} missing: create the harness with { wasm: 'test' }`);
    return f as (...a: number[]) => number;
  }

  /** Keys reachable by walking db's dict. */
  walkCount(db = 0): number { return this.t('t_db_walk_count')(db); }
  dictSize(db = 0): number { return this.t('t_db_size')(db); }
  buckets(db = 0): number { return this.t('t_db_buckets')(db); }
  rehashing(db = 0): boolean { return this.t('t_db_rehashing')(db) === 1; }
  expiresCount(db = 0): number { return this.t('t_db_expires')(db); }

  /** One dict-level scan step: the keys visited and the next cursor. */
  dictScan(db: number, cursor: number): { next: number; keys: string[] } {
    const next = this.t('t_db_scan')(db, cursor) >>> 0;
    const n = this.t('t_scan_count')() >>> 0;
    if (n === 0xffffffff) throw new Error('scan step overflowed the test output buffer');
    const out = this.t('t_out')();
    const b = this.core.bytes();
    const keys: string[] = [];
    let p = out;
    for (let i = 0; i < n; i++) {
      const len = b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
      keys.push(Buffer.from(b.subarray(p + 4, p + 4 + len)).toString('latin1'));
      p += 4 + len;
    }
    return { next, keys };
  }
}
