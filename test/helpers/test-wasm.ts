// Builds a test-only wasm entry (assembly/test-abi/<name>.ts -> build/test-<name>.wasm) when any
// core source is newer than the output. Builds go to a private name and are renamed into place, so
// test files building the same module concurrently never read a torn file.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

function newestSource(dir: string): number {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Returns the path of build/test-<name>.wasm, (re)building it from assembly/test-abi/<name>.ts. */
export function ensureTestAbiWasm(name: string, opts: { debug?: boolean } = {}): string {
  const out = join(REPO_ROOT, 'build', `test-${name}.wasm`);
  const src = newestSource(join(REPO_ROOT, 'assembly'));
  if (existsSync(out) && statSync(out).mtimeMs >= src) return out;
  const tmp = `build/test-${name}.${process.pid}.wasm`;
  const mode = opts.debug ? '--debug' : '-O3';
  execSync(`npx asc assembly/test-abi/${name}.ts --config /dev/null --runtime stub --importMemory ${mode} --outFile ${tmp}`, { cwd: REPO_ROOT, stdio: 'inherit' });
  renameSync(join(REPO_ROOT, tmp), out);
  return out;
}

/**
 * Builds (if needed) and instantiates a test ABI whose entry exports t_init() and scratch(): a fresh
 * memory of `initialPages`, t_init() called, and the scratch address returned with the exports.
 */
export async function instantiateTestAbi(name: string, initialPages = 32): Promise<{ x: any; memory: WebAssembly.Memory; scratch: number }> {
  const wasm = ensureTestAbiWasm(name);
  const memory = new WebAssembly.Memory({ initial: initialPages, maximum: 65536 });
  const { instance } = await WebAssembly.instantiate(readFileSync(wasm), {
    env: { memory, abort: () => { throw new Error('wasm abort'); } },
  });
  const x: any = instance.exports;
  x.t_init();
  return { x, memory, scratch: x.scratch() };
}
