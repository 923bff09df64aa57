#!/usr/bin/env node
// cinnabar-server: a Redis-compatible server. Takes redis-server's argv and redis.conf.
import { main } from '../dist/cinnabar-server.mjs';

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
