// Cinnabar embedded: the same wasm core behind a small synchronous API, for browsers, workers and
// edge runtimes. No Node imports.
//
//   const db = await Cinnabar.open({ wasm: await (await fetch('/cinnabar.wasm')).arrayBuffer() });
//   db.call('SET', 'k', 'v');   // 'OK'
//   db.call('GET', 'k');        // 'v'
//
// Deviations from the server: there are no sockets, so commands the server host owns are limited
// to CONFIG GET/SET/RESETSTAT/HELP (CONFIG REWRITE and SHUTDOWN answer errors); the clock is the
// runtime's; the `cron` timer runs only while `autoCron` is on.
import { Core } from '../core.js';
import { CORE_PARAMS, pushCoreConfig } from '../core-config.js';
import { ConfigRegistry } from '../config/registry.js';
import { encodeCommand, decodeReply, Reply, ReplyError } from './resp.js';

export { ReplyError };
export type { Reply };

export interface OpenOptions {
  /** The core module: bytes, a compiled module, or a URL to fetch. Defaults to build/release.wasm next to this file. */
  wasm?: BufferSource | WebAssembly.Module | URL | string;
  /** redis.conf text applied at start (no `include`). */
  config?: string;
  /** Run expiry/cron on a timer (default true where setInterval exists). */
  autoCron?: boolean;
  /** Return bulk strings as Uint8Array instead of strings. */
  binary?: boolean;
}

async function loadWasm(src: OpenOptions['wasm']): Promise<BufferSource | WebAssembly.Module> {
  if (src instanceof WebAssembly.Module || src instanceof ArrayBuffer || ArrayBuffer.isView(src)) return src as BufferSource;
  const url = src ?? new URL('../build/release.wasm', import.meta.url);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot load the Cinnabar core from ${String(url)}: ${res.status}`);
  return await res.arrayBuffer();
}

export class Cinnabar {
  private readonly core: Core;
  private readonly config: ConfigRegistry;
  private readonly slot: number;
  private readonly binary: boolean;
  private timer: ReturnType<typeof setInterval> | null = null;
  private hostIds = new Map<number, (slot: number) => void>();

  private constructor(core: Core, config: ConfigRegistry, binary: boolean) {
    this.core = core;
    this.config = config;
    this.binary = binary;
    const onCore = (name: string) => pushCoreConfig(core, config, name);
    for (const name of CORE_PARAMS) onCore(name);
    config.on((name) => { onCore(name); return null; });
    core.x.init_dbs(Date.now());
    this.slot = core.x.client_new(Date.now());
    const a = core.writeIoString('embedded:0', 0);
    core.x.client_set_addr(this.slot, a, 0);
    const reg = (n: string, f: (slot: number) => void) => this.hostIds.set(core.commandId(n), f);
    reg('config|get', (s) => {
      const pats: string[] = [];
      for (let i = 2; i < core.x.arg_count(s); i++) pats.push(core.arg(s, i));
      const pairs = config.get(pats);
      const resp3 = core.x.client_resp(s) >= 3;
      let out = resp3 ? `%${pairs.length}\r\n` : `*${pairs.length * 2}\r\n`;
      for (const [k, v] of pairs) out += `$${k.length}\r\n${k}\r\n$${v.length}\r\n${v}\r\n`;
      core.reply(s, out);
    });
    reg('config|set', (s) => {
      const n = core.x.arg_count(s);
      if ((n - 2) % 2 !== 0) { core.reply(s, '-ERR syntax error\r\n'); return; }
      const pairs: Array<[string, string]> = [];
      for (let i = 2; i < n; i += 2) pairs.push([core.arg(s, i), core.arg(s, i + 1)]);
      const err = config.set(pairs, { local: true });
      core.reply(s, err ? `-${err}\r\n` : '+OK\r\n');
    });
    reg('config|resetstat', (s) => { (core.x as unknown as { reset_stats?: () => void }).reset_stats?.(); core.reply(s, '+OK\r\n'); });
    reg('config|rewrite', (s) => core.reply(s, '-ERR The server is running without a config file\r\n'));
    reg('shutdown', (s) => core.reply(s, '-ERR SHUTDOWN is not available in embedded mode\r\n'));
  }

  static async open(opts: OpenOptions = {}): Promise<Cinnabar> {
    const wasm = await loadWasm(opts.wasm);
    let self: Cinnabar | null = null;
    const core = await Core.create(wasm, {
      hostCommand: (slot, id) => {
        const f = self?.hostIds.get(id);
        if (f) f(slot); else core.reply(slot, '-ERR command not available in embedded mode\r\n');
      },
      log: () => {},
    });
    const config = new ConfigRegistry({ cwd: '' });
    if (opts.config) { config.loadText(opts.config, '<embedded>'); config.finishLoading(); }
    self = new Cinnabar(core, config, opts.binary ?? false);
    if ((opts.autoCron ?? typeof setInterval === 'function')) self.startCron();
    return self;
  }

  /** Runs one command and returns its decoded reply. Error replies are returned as ReplyError. */
  call(...args: Array<string | number | Uint8Array>): Reply {
    const x = this.core.x;
    this.core.feed(this.slot, encodeCommand(args));
    const len = x.client_out_len(this.slot);
    const bytes = this.core.copyOut(x.client_out_ptr(this.slot), len);
    x.client_out_consumed(this.slot);
    x.pending_reset();
    if (len === 0) return null; // CLIENT REPLY OFF
    return decodeReply(bytes, 0, this.binary)[0];
  }

  /** Like call(), but throws error replies. */
  command(...args: Array<string | number | Uint8Array>): Reply {
    const r = this.call(...args);
    if (r instanceof ReplyError) throw r;
    return r;
  }

  /** Runs expiry and other periodic work now. */
  cron(now = Date.now()): void {
    this.core.x.cron(now);
    this.core.x.pending_reset();
  }

  startCron(): void {
    if (this.timer) return;
    const hz = Math.max(1, this.config.num('hz'));
    this.timer = setInterval(() => this.cron(), Math.floor(1000 / hz));
    (this.timer as unknown as { unref?: () => void }).unref?.();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  usedMemory(): number { return this.core.x.used_memory(); }
}
