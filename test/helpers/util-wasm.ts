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
