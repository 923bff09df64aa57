// Runs once before any test file: builds build/test-core.wasm if the core sources changed (so
// parallel workers never race to build it) and says which wasm and which redis-server are used.
import fs from 'node:fs';
import { ensureTestCoreWasm, RELEASE_WASM } from './core.ts';
import { redisMissingReason } from './servers.ts';

export default function setup(): void {
  try {
    ensureTestCoreWasm();
  } catch (e) {
    // the core unit tests report this themselves; protocol and compat tests do not need it
    process.stderr.write(`[cinnabar tests] building build/test-core.wasm failed: ${(e as Error).message}\n`);
  }
  if (!fs.existsSync(RELEASE_WASM)) {
    process.stderr.write(`[cinnabar tests] ${RELEASE_WASM} is missing: run "npm run build" (npm test does it first)\n`);
  }
  const missing = redisMissingReason();
  if (missing) process.stderr.write(`[cinnabar tests] ${missing}\n`);
}
