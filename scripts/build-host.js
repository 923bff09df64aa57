// Bundles the Node host (host/main.ts) and the embedded API with esbuild.
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
