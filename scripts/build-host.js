// Bundles the Node host (host/main.ts) and the embedded API (host/embedded/index.ts) with esbuild.
import { build } from 'esbuild';

await build({
  entryPoints: ['host/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outfile: 'dist/cinnabar-server.mjs',
  sourcemap: true,
  logLevel: 'warning',
});

// The embedded build must run in browsers and edge runtimes: `platform: 'neutral'` makes any
// accidental node: import a build error.
await build({
  entryPoints: ['host/embedded/index.ts'],
  bundle: true,
  platform: 'neutral',
  target: 'es2022',
  format: 'esm',
  outfile: 'dist/cinnabar.mjs',
  sourcemap: true,
  logLevel: 'warning',
});
