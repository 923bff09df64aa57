// Shared loader for build/test-util.wasm (assembly/test-abi/util.ts): builds it when its sources are
// newer, instantiates it, and offers byte helpers over its scratch buffer.
import { beforeAll } from "vitest";
import { execSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const WASM = join(ROOT, "build", "test-util.wasm");

function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith(".ts")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

function buildTestWasm(): void {
  const src = Math.max(newestSource(join(ROOT, "assembly", "util")), newestSource(join(ROOT, "assembly", "test-abi")));
  if (existsSync(WASM) && statSync(WASM).mtimeMs >= src) return;
  // Build to a private name and rename, so test files building concurrently never see a torn file.
  const tmp = `build/test-util.${process.pid}.wasm`;
  execSync(`npx asc assembly/test-abi/util.ts --config /dev/null --runtime stub --importMemory --outFile ${tmp} --debug`, { cwd: ROOT, stdio: "inherit" });
  renameSync(join(ROOT, tmp), WASM);
}

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
