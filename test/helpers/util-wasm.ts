// Shared loader for build/test-util.wasm (assembly/test-abi/util.ts): builds it when its sources are
// newer, instantiates it, and offers byte helpers over its scratch buffer.
import { beforeAll } from "vitest";
import { ensureTestAbiWasm } from "./test-wasm.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const WASM = join(ROOT, "build", "test-util.wasm");

function buildTestWasm(): void { ensureTestAbiWasm('util', { debug: true }); }

export interface UtilWasm {
  x: any;
  memory: WebAssembly.Memory;
  S: number;
  put(s: string, off?: number): number;
  get(n: number, off?: number): string;
}

const latin1 = new TextDecoder("latin1");

/** Registers a beforeAll that loads the util test wasm; fields are filled once it has run. */
export function useUtilWasm(): UtilWasm {
  const u = {} as UtilWasm;
  u.put = (s: string, off = 0) => {
    const b = Buffer.from(s, "latin1");
    new Uint8Array(u.memory.buffer).set(b, u.S + off);
    return b.length;
  };
  u.get = (n: number, off = 0) => latin1.decode(new Uint8Array(u.memory.buffer, u.S + off, n));
  beforeAll(async () => {
    buildTestWasm();
    u.memory = new WebAssembly.Memory({ initial: 32, maximum: 65536 });
    const { instance } = await WebAssembly.instantiate(readFileSync(WASM), {
      env: { memory: u.memory, abort: () => { throw new Error("wasm abort"); } },
    });
    u.x = instance.exports;
    u.S = u.x.scratch();
  }, 120_000);
  return u;
}

/** Conversions through the util ABI shared by the numbers, long double and glob tests. */
export function utilHelpers(u: UtilWasm) {
  const dv = new DataView(new ArrayBuffer(8));
  return {
    put: (s: string, off = 0) => u.put(s, off),
    get: (n: number, off = 0) => u.get(n, off),
    bitsOf(v: number): string { dv.setFloat64(0, v); return dv.getBigUint64(0).toString(16).padStart(16, "0"); },
    fromBits(hex: string): number { dv.setBigUint64(0, BigInt("0x" + hex)); return dv.getFloat64(0); },
    s2ll(s: string): bigint | null {
      const n = u.put(s);
      return u.x.t_string2ll(u.S, n) ? BigInt(u.x.t_parsedInt()) : null;
    },
    s2d(s: string): number | null {
      const n = u.put(s);
      return u.x.t_string2d(u.S, n) ? u.x.t_parsedDouble() : null;
    },
    d2s: (v: number): string => u.get(u.x.t_d2string(u.S, v)),
    fpconv: (v: number): string => u.get(u.x.t_fpconv(u.S, v)),
  };
}
