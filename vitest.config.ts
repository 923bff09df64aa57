// Vitest: unit (core through its ABI), protocol (real clients on real sockets) and compat
// (differential against a real redis-server) tests. `npm test` builds first, then runs this.
//
// Environment knobs:
//   CINNABAR_WASM=<file>          core used by started servers and by the core unit tests
//                                 (default build/release.wasm; build/test-core.wasm is built here)
//   REDIS_SERVER_BIN=<file>       reference server for test/compat (default /usr/bin/redis-server;
//                                 if missing, those suites are skipped and say why)
//   CINNABAR_SEED, CINNABAR_RANDOM_OPS   reproduce / lengthen the randomized differential test
//   CINNABAR_DIFF_REPORT=<file>   append every differential mismatch as a JSON line
//
// Servers started by tests always take a port the OS reports free (test/helpers/servers.ts), so
// files may run in parallel. Two workers suit the 2-core CI box: each compat file runs two servers,
// and more parallelism only makes timing-sensitive tests (timeouts, expiry) flaky.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    isolate: true,
    testTimeout: 30_000,
    // beforeAll may build build/test-core.wasm (a few seconds) or start servers
    hookTimeout: 120_000,
    teardownTimeout: 15_000,
    globalSetup: ['test/helpers/global-setup.ts'],
    slowTestThreshold: 5_000,
  },
});
