// Differential runner: replays one command script against Cinnabar and a real redis-server and
// compares the reply bytes.
//
// A script is a list of steps. A step is either a plain argv array or an object (see Step). Each
// step runs on both servers; both replies are normalised by the step's `norm` functions (each one
// a deliberate, documented normalisation for a reply that legitimately differs) and then compared
// byte for byte. Where Redis 7.0 (the reference binary) and 7.4 (the target) differ, a step carries
// `expect`: Cinnabar must return exactly those 7.4 bytes and the 7.0 reply is not compared.
//
// Mismatches are collected, not thrown, so one run shows every divergence of a script; `assertNoDiffs`
// fails the test with a readable list. Set CINNABAR_DIFF_REPORT=<file> to also append them as JSON
// lines (used to hand divergences to command owners).
import fs from 'node:fs';
import { describe, it, beforeAll, afterAll } from 'vitest';
import { RawClient, show, startCinnabar, startRedis, sleep, redisMissingReason, type TestServer, ConnectionClosedError, ReplyTimeoutError } from './servers.ts';
import { parse, encode, bulkNode, type Arg } from './resp.ts';
// HELLO is normalised in every RESP3 run: see norm.ts helloNorm for the rationale.
import { helloNorm } from './norm.ts';

export type Side = 'redis' | 'cinnabar';
export interface SideCtx { side: Side; port: number; vars: Map<string, string> }
export type DynArg = Arg | ((ctx: SideCtx) => Arg);
export type Norm = (reply: Buffer, ctx: SideCtx) => Buffer;

export interface StepObj {
  /** argv sent as a multibulk (function args are resolved per server). */
  cmd?: DynArg[];
  /** bytes sent as they are (inline commands, pipelines, broken protocol). */
  raw?: string | Buffer;
  /** connection name (default 'a'); a new name opens a new connection on both servers. */
  c?: string;
  /** normalisations applied to both replies before comparing. */
  norm?: Norm | Norm[];
  /** exact bytes Cinnabar must reply (the Redis 7.4 behaviour where 7.0 differs); `why` says why. */
  expect?: string | Buffer;
  why?: string;
  /** do not send: read the next reply (MONITOR feed, replies of a raw pipeline). */
  read?: boolean;
  /** the command gets no reply (CLIENT REPLY OFF/SKIP): nothing is read. */
  noReply?: boolean;
  /** number of replies to read and compare (raw pipelines); default 1. */
  replies?: number;
  /** after its reply the server closes the connection: check both closed, then reconnect. */
  closes?: boolean;
  /** the connection is expected to be closed now (e.g. killed by another client); reconnect. */
  expectClosed?: boolean;
  /** integer replies may differ by at most this much (TTLs measured at slightly different times). */
  approx?: number;
  /** save a value from each server's reply into its vars: the regex's first group, or the whole text. */
  save?: string;
  extract?: RegExp;
  /** SCAN family: iterate `cmd` (cursor at index `cursorAt`, default 1) to the end and compare the sorted, de-duplicated union. */
  scanAll?: boolean;
  cursorAt?: number;
  sleep?: number;
  /** label shown in failure output */
  note?: string;
}
export type Step = DynArg[] | StepObj;

export interface Mismatch {
  suite: string;
  index: number;
  step: string;
  redis: string;
  cinnabar: string;
  kind: 'missing-command' | 'diff' | 'error' | 'expected-7.4';
  note?: string;
}

/** A value saved from this server's earlier reply (see `save`). */
export function v(name: string): (ctx: SideCtx) => string {
  return (ctx) => {
    const x = ctx.vars.get(name);
    if (x === undefined) throw new Error(`no saved value ${name} on ${ctx.side}`);
    return x;
  };
}

function isStepObj(s: Step): s is StepObj {
  return !Array.isArray(s);
}

function resolveArgs(args: DynArg[], ctx: SideCtx): Arg[] {
  return args.map((a) => (typeof a === 'function' ? a(ctx) : a));
}

function describeStep(s: StepObj, ctx?: SideCtx): string {
  const where = s.c && s.c !== 'a' ? `[${s.c}] ` : '';
  if (s.sleep !== undefined) return `${where}sleep ${s.sleep}`;
  if (s.read) return `${where}(read)`;
  if (s.raw !== undefined) return `${where}raw ${show(s.raw, 120)}`;
  if (s.cmd) {
    const parts = s.cmd.map((a) => {
      if (typeof a === 'function') {
        try { return ctx ? String(a(ctx)) : '<var>'; } catch { return '<var>'; }
      }
      const t = typeof a === 'string' ? a : Buffer.isBuffer(a) ? a.toString('latin1') : String(a);
      return t.length > 60 ? `${show(t.slice(0, 60))}...(${t.length})` : show(t);
    });
    return `${where}${parts.join(' ')}${s.scanAll ? ' (full iteration)' : ''}`;
  }
  return `${where}(no-op)`;
}

class ServerSide {
  readonly conns = new Map<string, RawClient>();
  readonly ctx: SideCtx;
  constructor(readonly side: Side, readonly port: number) {
    this.ctx = { side, port, vars: new Map() };
  }
  async conn(name: string): Promise<RawClient> {
    let c = this.conns.get(name);
    if (!c || c.closed) {
      c = await RawClient.connect(this.port);
      this.conns.set(name, c);
    }
    return c;
  }
  drop(name: string): void {
    this.conns.get(name)?.close();
    this.conns.delete(name);
  }
  closeAll(): void {
    for (const c of this.conns.values()) c.close();
    this.conns.clear();
  }
}

/** Two servers (Cinnabar and Redis) and named connections to each. */
export class DiffPair {
  readonly redis: ServerSide;
  readonly cinnabar: ServerSide;
  readonly mismatches: Mismatch[] = [];

  constructor(readonly redisServer: TestServer, readonly cinnabarServer: TestServer) {
    this.redis = new ServerSide('redis', redisServer.port);
    this.cinnabar = new ServerSide('cinnabar', cinnabarServer.port);
  }

  static async start(args: string[] = [], redisOnlyArgs: string[] = [], cinnabarOnlyArgs: string[] = []): Promise<DiffPair | null> {
    const [r, c] = await Promise.all([startRedis([...args, ...redisOnlyArgs]), startCinnabar([...args, ...cinnabarOnlyArgs])]);
    if (!r) { await c.stop(); return null; }
    return new DiffPair(r, c);
  }

  async stop(): Promise<void> {
    this.redis.closeAll();
    this.cinnabar.closeAll();
    await Promise.all([this.redisServer.stop(), this.cinnabarServer.stop()]);
  }

  /** Drops every connection (fresh client state for the next script). */
  resetConnections(): void {
    this.redis.closeAll();
    this.cinnabar.closeAll();
  }

  /**
   * Runs a script; returns the mismatches it produced (also kept in this.mismatches).
   * Stops early only if a server stops answering.
   */
  async run(suite: string, script: Step[], opts: { resp3?: boolean } = {}): Promise<Mismatch[]> {
    const found: Mismatch[] = [];
    const steps: Step[] = opts.resp3 ? [{ cmd: ['HELLO', '3'], norm: helloNorm, note: 'switch to RESP3' }, ...script] : script;
    for (let i = 0; i < steps.length; i++) {
      const raw = steps[i];
      const s: StepObj = isStepObj(raw) ? raw : { cmd: raw };
      if (s.sleep !== undefined) { await sleep(s.sleep); continue; }
      const name = s.c ?? 'a';
      let r: Buffer[], c: Buffer[];
      try {
        [r, c] = await Promise.all([this.exec(this.redis, name, s), this.exec(this.cinnabar, name, s)]);
      } catch (e) {
        const m: Mismatch = { suite, index: i, step: describeStep(s, this.cinnabar.ctx), redis: '', cinnabar: '', kind: 'error', note: (e as Error).message };
        // find out which side failed, for the report
        const which = (e as { side?: Side }).side;
        if (which) m[which] = `<${(e as Error).message}>`;
        found.push(m);
        if (e instanceof ReplyTimeoutError || (e as { fatal?: boolean }).fatal) break;
        // a connection dropped unexpectedly: reconnect both sides so the script can go on
        this.redis.drop(name);
        this.cinnabar.drop(name);
        continue;
      }
      this.compare(suite, i, s, r, c, found);
      if (s.closes || s.expectClosed) {
        const [rc, cc] = await Promise.all([
          this.redis.conns.get(name)?.waitClose(2000) ?? true,
          this.cinnabar.conns.get(name)?.waitClose(2000) ?? true,
        ]);
        if (rc !== cc) {
          found.push({ suite, index: i, step: describeStep(s), redis: rc ? '<closed>' : '<open>', cinnabar: cc ? '<closed>' : '<open>', kind: 'diff', note: 'connection close' });
        }
        this.redis.drop(name);
        this.cinnabar.drop(name);
      }
    }
    this.mismatches.push(...found);
    if (process.env.CINNABAR_DIFF_REPORT && found.length) {
      fs.appendFileSync(process.env.CINNABAR_DIFF_REPORT, found.map((m) => JSON.stringify(m)).join('\n') + '\n');
    }
    return found;
  }

  private async exec(side: ServerSide, name: string, s: StepObj): Promise<Buffer[]> {
    try {
      if (s.expectClosed) {
        const conn = side.conns.get(name);
        const closed = conn ? await conn.waitClose(2000) : true;
        return [Buffer.from(closed ? '<closed>' : '<open>')];
      }
      const conn = await side.conn(name);
      if (s.scanAll) return [await scanAll(conn, resolveArgs(s.cmd!, side.ctx), s.cursorAt ?? 1)];
      if (s.raw !== undefined) conn.sendRaw(s.raw);
      else if (s.cmd && !s.read) conn.send(...resolveArgs(s.cmd, side.ctx));
      if (s.noReply) return [];
      const n = s.replies ?? 1;
      const out: Buffer[] = [];
      for (let k = 0; k < n; k++) {
        try {
          out.push(await conn.readReply(s.read ? 2000 : 5000));
        } catch (e) {
          if (e instanceof ConnectionClosedError && (s.closes || s.expectClosed)) { out.push(Buffer.from('<closed>')); break; }
          throw e;
        }
      }
      if (s.save) {
        const text = out[0]?.toString('latin1') ?? '';
        const m = s.extract ? s.extract.exec(text) : null;
        side.ctx.vars.set(s.save, s.extract ? (m ? m[1] : '') : text);
      }
      return out;
    } catch (e) {
      (e as { side?: Side }).side = side.side;
      throw e;
    }
  }

  private compare(suite: string, index: number, s: StepObj, r: Buffer[], c: Buffer[], found: Mismatch[]): void {
    const norms = s.norm ? (Array.isArray(s.norm) ? s.norm : [s.norm]) : [];
    const n = Math.max(r.length, c.length);
    for (let k = 0; k < n; k++) {
      let rb = r[k] ?? Buffer.from('<no reply>');
      let cb = c[k] ?? Buffer.from('<no reply>');
      try {
        for (const f of norms) { rb = safeNorm(f, rb, this.redis.ctx); cb = safeNorm(f, cb, this.cinnabar.ctx); }
      } catch { /* keep raw bytes */ }
      const step = describeStep(s, this.cinnabar.ctx) + (n > 1 ? ` (reply ${k + 1}/${n})` : '');
      if (s.expect !== undefined) {
        const want = Buffer.isBuffer(s.expect) ? s.expect : Buffer.from(s.expect, 'latin1');
        if (!cb.equals(want)) {
          found.push({ suite, index, step, redis: `expected 7.4: ${show(want)} (7.0 says ${show(rb)})`, cinnabar: show(cb), kind: classify(want, cb, 'expected-7.4'), note: s.why ?? s.note });
        }
        continue;
      }
      if (s.approx !== undefined && rb[0] === 0x3a && cb[0] === 0x3a) {
        const a = Number(rb.toString('latin1', 1).trim()), b = Number(cb.toString('latin1', 1).trim());
        if (Math.abs(a - b) <= s.approx && Math.sign(a) === Math.sign(b)) continue;
      }
      if (!rb.equals(cb)) {
        found.push({ suite, index, step, redis: show(rb), cinnabar: show(cb), kind: classify(rb, cb, 'diff'), note: s.note });
      }
    }
  }
}

function safeNorm(f: Norm, b: Buffer, ctx: SideCtx): Buffer {
  if (b.toString('latin1').startsWith('<')) return b; // synthetic markers (<closed> ...)
  if (b[0] === 0x2d) return b; // errors are compared as they are
  try { return f(b, ctx); } catch { return b; }
}

function classify(want: Buffer, got: Buffer, dflt: Mismatch['kind']): Mismatch['kind'] {
  const g = got.toString('latin1');
  const w = want.toString('latin1');
  if ((g.startsWith('-ERR unknown command') || g.startsWith('-ERR unknown subcommand')) && !w.startsWith(g.slice(0, 20))) return 'missing-command';
  return dflt;
}

/** Iterates a SCAN-family command to cursor 0; returns a synthetic array of the sorted unique keys. */
async function scanAll(conn: RawClient, args: Arg[], cursorAt: number): Promise<Buffer> {
  let cursor = '0';
  const seen = new Set<string>();
  for (let iter = 0; iter < 100_000; iter++) {
    const a = args.slice();
    a[cursorAt] = cursor;
    conn.send(...a);
    const reply = await conn.readReply();
    if (reply[0] === 0x2d) return reply;
    const node = parse(reply);
    if (!node.items || node.items.length !== 2) return reply;
    cursor = node.items[0].data!.toString('latin1');
    for (const k of node.items[1].items ?? []) seen.add(k.data ? k.data.toString('latin1') : `<${k.t}${k.head}>`);
    if (cursor === '0') break;
  }
  const keys = [...seen].sort();
  return encode({ t: '*', head: String(keys.length), items: keys.map((k) => bulkNode(k)) });
}

/** Formats mismatches for a failing expect. */
export function formatMismatches(ms: Mismatch[], max = 60): string {
  const lines = ms.slice(0, max).map((m) =>
    `#${m.index} [${m.kind}] ${m.step}${m.note ? `  (${m.note})` : ''}\n    redis:    ${m.redis}\n    cinnabar: ${m.cinnabar}`);
  if (ms.length > max) lines.push(`... and ${ms.length - max} more`);
  return `${ms.length} mismatch(es):\n${lines.join('\n')}`;
}

export function assertNoDiffs(ms: Mismatch[]): void {
  if (ms.length) throw new Error(formatMismatches(ms));
}

export interface ScriptSet {
  [name: string]: Step[] | { steps: Step[]; resp?: Array<2 | 3>; requires?: string[] };
}

/**
 * Declares a vitest suite that starts a Cinnabar + redis-server pair and runs every script in RESP2
 * and in RESP3 (unless the script says otherwise), each on fresh connections after FLUSHALL.
 * Scripts with `requires` are skipped when Cinnabar lacks one of those commands (types outside the
 * scope of the suite, e.g. a list to provoke WRONGTYPE).
 * Without /usr/bin/redis-server the whole suite is skipped and the reason is in its title.
 */
export function defineDiffSuite(
  title: string,
  scripts: ScriptSet,
  serverArgs: string[] = ['--enable-debug-command', 'yes'],
): void {
  const reason = redisMissingReason();
  if (reason) {
    describe.skip(`${title} (skipped: ${reason})`, () => { it('needs redis-server', () => {}); });
    return;
  }
  describe(title, () => {
    let pair: DiffPair;
    const missing = new Map<string, boolean>();
    beforeAll(async () => { pair = (await DiffPair.start(serverArgs))!; });
    afterAll(async () => { await pair?.stop(); });
    for (const [name, def] of Object.entries(scripts)) {
      const steps = Array.isArray(def) ? def : def.steps;
      const resps = Array.isArray(def) ? [2, 3] : def.resp ?? [2, 3];
      const requires = Array.isArray(def) ? [] : def.requires ?? [];
      for (const resp of resps) {
        it(`${name} (RESP${resp})`, async (ctx) => {
          for (const cmd of requires) {
            if (!missing.has(cmd)) missing.set(cmd, await cinnabarLacks(pair.cinnabarServer.port, cmd));
            if (missing.get(cmd)) { ctx.skip(`Cinnabar has no ${cmd.toUpperCase()} yet (outside this suite's scope)`); return; }
          }
          pair.resetConnections();
          await pair.run('setup', [['FLUSHALL']]);
          pair.resetConnections();
          const ms = await pair.run(`${title} / ${name} / RESP${resp}`, steps, { resp3: resp === 3 });
          pair.resetConnections();
          assertNoDiffs(ms);
        });
      }
    }
  });
}

/** True if Cinnabar answers "unknown command" for `cmd` (probed with no arguments). */
export async function cinnabarLacks(port: number, cmd: string): Promise<boolean> {
  const c = await RawClient.connect(port);
  try {
    const r = (await c.call(cmd)).toString('latin1');
    return r.startsWith('-ERR unknown command');
  } finally {
    c.close();
  }
}
