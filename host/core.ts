// Loads the wasm core and wraps its numbers-only ABI. No Node imports: the embedded build uses it too.
//
// The memory is created here and imported by the module (env.memory). Any typed-array view must be
// re-created after memory.grow detaches the old buffer: use `bytes()` rather than keeping a view.

export interface CoreHooks {
  /** A command the host owns (CONFIG, SHUTDOWN ...) is being executed for client `slot`. */
  hostCommand(slot: number, cmdId: number): void;
  log(level: number, msg: string): void;
  /** Cap on linear memory in 64 KiB pages (default 65536 = 4 GiB); allocations past it fail as OOM. */
  maxMemoryPages?: number;
}

export interface CoreExports {
  memory?: WebAssembly.Memory;
  _start(): void;
  core_init(seed1: number, seed2: number): void;
  init_dbs(nowMs: number): void;
  root_ptr(): number;
  io_buf(): number;
  io_buf_size(): number;
  config_set_int(id: number, v: number): number;
  config_set_bytes(id: number, len: number): number;
  client_new(nowMs: number): number;
  client_set_addr(slot: number, addrLen: number, laddrLen: number): void;
  client_free(slot: number): void;
  client_id(slot: number): number;
  client_flags(slot: number): number;
  client_resp(slot: number): number;
  client_db(slot: number): number;
  client_out_ptr(slot: number): number;
  client_out_len(slot: number): number;
  client_out_consumed(slot: number): void;
  client_close_asap(slot: number): void;
  feed(slot: number, len: number): number;
  cron(nowMs: number): number;
  client_host_wait(slot: number): void;
  client_host_resume(slot: number): number;
  command_rename(oldLen: number, newLen: number): number;
  pending_count(): number;
  pending_slot(i: number): number;
  pending_reset(): void;
  arg_count(slot: number): number;
  arg_ptr(slot: number, i: number): number;
  arg_len(slot: number, i: number): number;
  reply_bytes(slot: number, len: number): void;
  command_id(len: number): number;
  command_count(): number;
  used_memory(): number;
  stat_obuf_limit_disconnection(): void;
  used_memory_peak(): number;
  heap_top(): number;
  [k: string]: unknown;
}

// Client flags mirrored from assembly/server/client.ts
export const CF_CLOSE_AFTER_REPLY = 1 << 0;
export const CF_CLOSE_ASAP = 1 << 1;

// Config ids mirrored from assembly/server/config.ts
export const CoreConfig = {
  HZ: 1, DATABASES: 2, MAXCLIENTS: 3, TIMEOUT: 4, PROTO_MAX_BULK_LEN: 5, QUERYBUF_LIMIT: 6,
  MAXMEMORY: 7, SLOWLOG_SLOWER_THAN: 8, SLOWLOG_MAX_LEN: 9, ACTIVE_EXPIRE_EFFORT: 10,
  ENABLE_DEBUG: 11, OBUF_NORMAL_HARD: 12, OBUF_NORMAL_SOFT: 13, OBUF_NORMAL_SOFT_SECS: 14,
  REQUIREPASS: 15, LIST_MAX_LISTPACK_SIZE: 16, LIST_COMPRESS_DEPTH: 17, HASH_MAX_LISTPACK_ENTRIES: 18,
  HASH_MAX_LISTPACK_VALUE: 19, SET_MAX_INTSET_ENTRIES: 20, SET_MAX_LISTPACK_ENTRIES: 21,
  SET_MAX_LISTPACK_VALUE: 22, ZSET_MAX_LISTPACK_ENTRIES: 23, ZSET_MAX_LISTPACK_VALUE: 24,
  HLL_SPARSE_MAX_BYTES: 25, STREAM_NODE_MAX_BYTES: 26, STREAM_NODE_MAX_ENTRIES: 27,
  NOTIFY_KEYSPACE_EVENTS: 32, TRACKING_TABLE_MAX_KEYS: 33, MAXMEMORY_POLICY: 34, MAXMEMORY_SAMPLES: 35,
  MAXMEMORY_EVICTION_TENACITY: 36, LFU_LOG_FACTOR: 37, LFU_DECAY_TIME: 38, MIN_REPLICAS_TO_WRITE: 39, MEMORY_CAP: 40,
} as const;

/** Config parameters whose numeric value is pushed into the core as-is, by core config id. */
export const CORE_NUMERIC_PARAMS: ReadonlyArray<readonly [string, number]> = [
  ['list-max-listpack-size', CoreConfig.LIST_MAX_LISTPACK_SIZE],
  ['list-compress-depth', CoreConfig.LIST_COMPRESS_DEPTH],
  ['hash-max-listpack-entries', CoreConfig.HASH_MAX_LISTPACK_ENTRIES],
  ['hash-max-listpack-value', CoreConfig.HASH_MAX_LISTPACK_VALUE],
  ['set-max-intset-entries', CoreConfig.SET_MAX_INTSET_ENTRIES],
  ['set-max-listpack-entries', CoreConfig.SET_MAX_LISTPACK_ENTRIES],
  ['set-max-listpack-value', CoreConfig.SET_MAX_LISTPACK_VALUE],
  ['zset-max-listpack-entries', CoreConfig.ZSET_MAX_LISTPACK_ENTRIES],
  ['zset-max-listpack-value', CoreConfig.ZSET_MAX_LISTPACK_VALUE],
  ['hll-sparse-max-bytes', CoreConfig.HLL_SPARSE_MAX_BYTES],
  ['stream-node-max-bytes', CoreConfig.STREAM_NODE_MAX_BYTES],
  ['stream-node-max-entries', CoreConfig.STREAM_NODE_MAX_ENTRIES],
  ['tracking-table-max-keys', CoreConfig.TRACKING_TABLE_MAX_KEYS],
  ['maxmemory-samples', CoreConfig.MAXMEMORY_SAMPLES],
  ['maxmemory-eviction-tenacity', CoreConfig.MAXMEMORY_EVICTION_TENACITY],
  ['lfu-log-factor', CoreConfig.LFU_LOG_FACTOR],
  ['lfu-decay-time', CoreConfig.LFU_DECAY_TIME],
];

const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();

const timeOriginMs = performance.timeOrigin;
function nowUs(): number {
  return (timeOriginMs + performance.now()) * 1000;
}

let sleepCell: Int32Array | null = null;
function sleepMs(ms: number): void {
  if (ms <= 0) return;
  if (!sleepCell) sleepCell = new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleepCell, 0, 0, ms);
}

export class Core {
  readonly memory: WebAssembly.Memory;
  readonly x: CoreExports;
  readonly ioPtr: number;
  readonly ioSize: number;
  private view: Uint8Array;

  private constructor(memory: WebAssembly.Memory, x: CoreExports) {
    this.memory = memory;
    this.x = x;
    this.ioPtr = x.io_buf();
    this.ioSize = x.io_buf_size();
    this.view = new Uint8Array(memory.buffer);
  }

  /** Instantiates the module and initialises a fresh server (the primary instance). */
  static async create(wasm: BufferSource | WebAssembly.Module, hooks: CoreHooks, seed?: [number, number]): Promise<Core> {
    // linear memory may grow to 4 GiB (wasm32) unless the embedder caps it (hooks.maxMemoryPages)
    const maxPages = Math.max(64, Math.min(65536, hooks.maxMemoryPages ?? 65536));
    const memory = new WebAssembly.Memory({ initial: 64, maximum: maxPages });
    let core: Core | null = null;
    const env = {
      memory,
      abort(msg: number, file: number, line: number, col: number) {
        const m = core ? core.readAsString(msg) : String(msg);
        const f = core ? core.readAsString(file) : String(file);
        throw new Error(`core abort: ${m} at ${f}:${line}:${col}`);
      },
      clock_us: nowUs,
      sleep_ms: sleepMs,
      host_command(slot: number, cmdId: number) { hooks.hostCommand(slot, cmdId); },
      log(level: number, ptr: number, len: number) { hooks.log(level, core ? core.str(ptr, len) : ''); },
    };
    const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
    const instance = await WebAssembly.instantiate(module, { env });
    core = new Core(memory, instance.exports as unknown as CoreExports);
    core.x._start();
    const s = seed ?? [(Math.random() * 0x100000000) >>> 0, (Math.random() * 0x100000000) >>> 0];
    core.x.core_init(s[0], s[1]);
    core.x.config_set_int(CoreConfig.MEMORY_CAP, maxPages * 65536);
    return core;
  }

  /** The current byte view of linear memory (re-created if memory grew). */
  bytes(): Uint8Array {
    if (this.view.buffer !== this.memory.buffer) this.view = new Uint8Array(this.memory.buffer);
    return this.view;
  }

  str(ptr: number, len: number): string {
    return textDecoder.decode(this.bytes().subarray(ptr, ptr + len));
  }

  /** Copies bytes; the result does not alias wasm memory. */
  copyOut(ptr: number, len: number): Uint8Array {
    return this.bytes().slice(ptr, ptr + len);
  }

  private readAsString(ptr: number): string {
    if (!ptr) return '';
    const b = this.bytes();
    const len = new Uint32Array(b.buffer, ptr - 4, 1)[0];
    return String.fromCharCode(...new Uint16Array(b.buffer, ptr, len >>> 1));
  }

  /** Writes bytes into the io buffer at offset; returns the count written. */
  /** Copies bytes into a Node-compatible Buffer when available (pooled allocation), else a Uint8Array. */
  copyOutBuffer(ptr: number, len: number): Uint8Array {
    const B = (globalThis as unknown as { Buffer?: { allocUnsafe(n: number): Uint8Array } }).Buffer;
    if (!B) return this.copyOut(ptr, len);
    const out = B.allocUnsafe(len);
    out.set(this.bytes().subarray(ptr, ptr + len));
    return out;
  }

  writeIo(data: Uint8Array, offset = 0): number {
    const n = Math.min(data.length, this.ioSize - offset);
    this.bytes().set(n === data.length ? data : data.subarray(0, n), this.ioPtr + offset);
    return n;
  }

  writeIoString(s: string, offset = 0): number {
    return this.writeIo(textEncoder.encode(s), offset);
  }

  /** Feeds a socket chunk, split into io-buffer sized pieces. Returns pending-client count. */
  feed(slot: number, chunk: Uint8Array): number {
    let pending = 0;
    for (let off = 0; off < chunk.length; off += this.ioSize) {
      const piece = chunk.subarray(off, Math.min(chunk.length, off + this.ioSize));
      this.bytes().set(piece, this.ioPtr);
      pending = this.x.feed(slot, piece.length);
    }
    return pending;
  }

  setConfigBytes(id: number, s: string): boolean {
    const n = this.writeIoString(s);
    return this.x.config_set_bytes(id, n) === 1;
  }

  commandId(name: string): number {
    const n = this.writeIoString(name);
    return this.x.command_id(n);
  }

  arg(slot: number, i: number): string {
    return this.str(this.x.arg_ptr(slot, i), this.x.arg_len(slot, i));
  }

  argBytes(slot: number, i: number): Uint8Array {
    return this.copyOut(this.x.arg_ptr(slot, i), this.x.arg_len(slot, i));
  }

  /** Appends raw RESP to a client's reply (split across the io buffer when large). */
  reply(slot: number, resp: string | Uint8Array): void {
    const data = typeof resp === 'string' ? textEncoder.encode(resp) : resp;
    for (let off = 0; off < data.length; off += this.ioSize) {
      const piece = data.subarray(off, Math.min(data.length, off + this.ioSize));
      this.bytes().set(piece, this.ioPtr);
      this.x.reply_bytes(slot, piece.length);
    }
  }
}
