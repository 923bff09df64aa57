// DESIGN.md's memory-image property: a byte copy of linear memory, taken with the root pointer, is a
// complete point-in-time image of the server. A second instance of the same module over the copy,
// WITHOUT _start or core_init, must read the keyspace from it (this is how BGSAVE and AOF rewrite
// are meant to work in a worker).
//
// Lookups in the second instance walk the tables (t_db_get_walk): the hash seed is a wasm global
// set by core_init (a documented deviation in util/hash.ts), so the copy must not hash.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import { CoreHarness, ensureTestCoreWasm } from '../helpers/core.ts';
import { encodeCommand } from '../helpers/resp.ts';

type X = Record<string, (...a: number[]) => number>;

let h: CoreHarness;
let module: WebAssembly.Module;

function imports(memory: WebAssembly.Memory) {
  return {
    env: {
      memory,
      abort: () => { throw new Error('abort in image instance'); },
      clock_us: () => Date.now() * 1000,
      sleep_ms: () => {},
      host_command: () => { throw new Error('host_command in image instance'); },
      log: () => {},
    },
  };
}

/** Variant of DESIGN.md: instantiate the module directly over a copy of the memory. */
function instanceOverCopy(image: Uint8Array): { x: X; mem: WebAssembly.Memory } {
  const mem = new WebAssembly.Memory({ initial: image.byteLength / 65536, maximum: 65536 });
  new Uint8Array(mem.buffer).set(image);
  const inst = new WebAssembly.Instance(module, imports(mem));
  return { x: inst.exports as unknown as X, mem };
}

/** Instantiate over fresh memory first, then lay the image over it (data segments applied before the copy). */
function instanceThenCopy(image: Uint8Array): { x: X; mem: WebAssembly.Memory } {
  const mem = new WebAssembly.Memory({ initial: 64, maximum: 65536 });
  const inst = new WebAssembly.Instance(module, imports(mem));
  const need = image.byteLength / 65536 - mem.buffer.byteLength / 65536;
  if (need > 0) mem.grow(need);
  new Uint8Array(mem.buffer).set(image);
  return { x: inst.exports as unknown as X, mem };
}

function getVia(x: X, mem: WebAssembly.Memory, db: number, key: string): string | null {
  const io = x.io_buf();
  const k = Buffer.from(key, 'latin1');
  new Uint8Array(mem.buffer).set(k, io);
  if (!x.t_db_get_walk(db, k.length)) return null;
  const n = x.t_value_len();
  return Buffer.from(new Uint8Array(mem.buffer, x.t_out(), n)).toString('latin1');
}

describe('memory image: a second instance over a copy reads the keyspace', () => {
  let s: number;
  let image: Uint8Array;
  beforeAll(async () => {
    module = new WebAssembly.Module(fs.readFileSync(ensureTestCoreWasm()));
    h = await CoreHarness.create({ wasm: 'test' });
    s = h.connect();
    const cmds: Buffer[] = [];
    for (let i = 0; i < 1000; i++) cmds.push(encodeCommand(['SET', `key:${i}`, i % 3 === 0 ? String(i) : `value-${i}`]));
    for (let i = 0; i < 100; i++) cmds.push(encodeCommand(['SET', `ttl:${i}`, 'x', 'EX', '1000']));
    cmds.push(encodeCommand(['SET', 'raw', 'abc']), encodeCommand(['APPEND', 'raw', 'def']));
    cmds.push(encodeCommand(['SELECT', '3']));
    for (let i = 0; i < 10; i++) cmds.push(encodeCommand(['SET', `db3:${i}`, `v${i}`]));
    cmds.push(encodeCommand(['SELECT', '0']));
    h.feed(s, Buffer.concat(cmds));
    h.take(s);
    image = h.core.memory.buffer.slice(0) as unknown as Uint8Array;
    image = new Uint8Array(image as unknown as ArrayBuffer);
  }, 120_000);

  const check = (make: (img: Uint8Array) => { x: X; mem: WebAssembly.Memory }) => {
    const { x, mem } = make(image);
    expect(x.t_root_initialised(), 'root initialised flag read from the image').toBe(1);
    expect(x.t_server_ptr()).toBe((h.x as unknown as X).t_server_ptr());
    expect(x.t_db_walk_count(0)).toBe(1101);
    expect(x.t_db_size(0)).toBe(1101);
    expect(x.t_db_walk_count(3)).toBe(10);
    expect(x.t_db_expires(0)).toBe(100);
    expect(getVia(x, mem, 0, 'key:42')).toBe('42');
    expect(getVia(x, mem, 0, 'key:43')).toBe('value-43');
    expect(getVia(x, mem, 0, 'raw')).toBe('abcdef');
    expect(getVia(x, mem, 3, 'db3:7')).toBe('v7');
    expect(getVia(x, mem, 0, 'nope')).toBeNull();
    expect(x.t_used_memory()).toBe(h.x.used_memory());
    return { x, mem };
  };

  // Instantiating directly over the copied memory is not a valid path: instantiation re-applies the
  // module's data segments, and the zero-filled one holding ROOT would wipe the copied root. A
  // background-save worker therefore instantiates over fresh memory and copies the image in (below).
  it('instantiating directly over the copy re-applies data segments (why workers copy in afterwards)', () => {
    const { x } = instanceOverCopy(image);
    expect(x.t_root_initialised()).toBe(0);
  });

  it('instantiated over fresh memory, with the image copied in afterwards', () => {
    check(instanceThenCopy);
  });

  it('the copy is a point-in-time snapshot: later writes to the primary do not show in it', () => {
    const before = image.slice(0);
    const { x, mem } = instanceThenCopy(before);
    h.feed(s, Buffer.concat([encodeCommand(['SET', 'key:42', 'changed']), encodeCommand(['DEL', 'key:43']), encodeCommand(['FLUSHDB'])]));
    h.take(s);
    expect((h.x as unknown as X).t_db_walk_count(0)).toBe(0);
    expect(x.t_db_walk_count(0)).toBe(1101);
    expect(getVia(x, mem, 0, 'key:42')).toBe('42');
    expect(getVia(x, mem, 0, 'key:43')).toBe('value-43');
  });

  it('walking the image does not disturb the primary', () => {
    h.callStr(s, 'SET', 'after', 'yes');
    const snap = new Uint8Array(h.core.memory.buffer.slice(0));
    const { x } = instanceThenCopy(snap);
    expect(x.t_db_walk_count(0)).toBe(1);
    expect(h.callStr(s, 'GET', 'after')).toBe('$3\r\nyes\r\n');
  });
});
