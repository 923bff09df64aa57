#!/usr/bin/env node
// npm run bench:micro: the core through its ABI, without sockets (benchmark.js).
//
// Each case feeds one pipelined batch of 16 commands into one client, the way the server handles one
// socket read: Core.feed (copy into the io buffer + one feed call that parses and executes all 16),
// then the drain host/server.ts does (copy the reply out of wasm memory into a Buffer, mark it
// consumed, reset the pending list). ops/s is per command (batches/s x 16). A "raw" case repeats x.feed on bytes already
// in the io buffer and drops the reply without copying, which isolates the core's own cost.
//
// host/core.ts is TypeScript: it is bundled with esbuild into a temporary module at startup.
//
// Environment:
//   CINNABAR_WASM      wasm core to run (default build/release.wasm)
//   BENCH_MICRO_FILTER only run cases whose name contains this substring
//   BENCH_MICRO_TIME   benchmark.js maxTime per case in seconds (default 2)
import Benchmark from 'benchmark';
import { createCore, encodeCommand, machineNotes, printMachineNotes, printTable, fmtInt } from './lib.js';

const BATCH = 16;
const FILTER = process.env.BENCH_MICRO_FILTER || '';
const MAX_TIME = Number(process.env.BENCH_MICRO_TIME || 2);

function batch(make) {
  let s = '';
  for (let i = 0; i < BATCH; i++) s += encodeCommand(make(i));
  return Buffer.from(s, 'latin1');
}

const CASES = [
  { name: 'PING', cmd: (i) => ['PING'] },
  { name: 'PING_INLINE', raw: () => Buffer.from('PING\r\n'.repeat(BATCH), 'latin1') },
  { name: 'SET', cmd: (i) => ['SET', `key:${i}`, `value:${i}`] },
  { name: 'SET (overwrite, 3-byte value)', cmd: () => ['SET', 'key:__rand_int__', 'xxx'] },
  { name: 'GET', cmd: (i) => ['GET', `key:${i}`] },
  { name: 'GET (missing key)', cmd: (i) => ['GET', `nokey:${i}`] },
  { name: 'INCR', cmd: (i) => ['INCR', `counter:${i & 3}`] },
  { name: 'MSET (10 keys)', cmd: (i) => ['MSET', ...Array.from({ length: 10 }, (_, j) => [`key:${i}:${j}`, 'xxx']).flat()] },
  { name: 'EXISTS', cmd: (i) => ['EXISTS', `key:${i}`] },
  { name: 'DEL+SET', cmd: (i) => (i & 1 ? ['SET', `tmp:${i >> 1}`, 'v'] : ['DEL', `tmp:${i >> 1}`]) },
];

async function main() {
  console.log(`Cinnabar core micro-benchmarks: ${BATCH} pipelined commands per feed, through the ABI, no sockets`);
  printMachineNotes(machineNotes());
  const core = await createCore();
  const x = core.x;
  const slot = x.client_new(Date.now());

  // The same copy host/server.ts makes (a pooled Buffer where the host has copyOutBuffer).
  const copyOut = typeof core.copyOutBuffer === 'function'
    ? (p, n) => core.copyOutBuffer(p, n) : (p, n) => core.copyOut(p, n);
  let replyBytes = 0;
  const drainCopy = () => {
    const n = x.pending_count();
    for (let i = 0; i < n; i++) {
      const s = x.pending_slot(i);
      const len = x.client_out_len(s);
      if (len > 0) {
        replyBytes += copyOut(x.client_out_ptr(s), len).length;
        x.client_out_consumed(s);
      }
    }
    x.pending_reset();
  };
  const drainDrop = () => {
    const n = x.pending_count();
    for (let i = 0; i < n; i++) x.client_out_consumed(x.pending_slot(i));
    x.pending_reset();
  };
  /** Feeds once and returns the reply text (for the support probe). */
  const once = (buf) => {
    core.feed(slot, buf);
    const len = x.client_out_len(slot);
    const out = core.str(x.client_out_ptr(slot), len);
    x.client_out_consumed(slot);
    x.pending_reset();
    return out;
  };

  // Preload so GET and EXISTS hit.
  once(batch((i) => ['SET', `key:${i}`, `value:${i}`]));

  const suite = new Benchmark.Suite();
  const skipped = [];
  const rows = [];
  for (const c of CASES) {
    const wantRaw = c.name === 'SET' || c.name === 'GET';
    const want = (name) => !FILTER || name.includes(FILTER);
    if (!want(c.name) && !(wantRaw && want(`${c.name} raw x.feed`))) continue;
    const buf = c.raw ? c.raw() : batch(c.cmd);
    const probe = once(buf);
    const err = /(^|\r\n)-([^\r]*)/.exec(probe);
    if (err) { skipped.push(`${c.name}: ${err[2]}`); continue; }
    if (want(c.name)) suite.add(c.name, () => { core.feed(slot, buf); drainCopy(); }, { maxTime: MAX_TIME });
    if (wantRaw && want(`${c.name} raw x.feed`)) {
      // The io buffer is only written by Core.feed/reply, so bytes placed there once stay valid
      // for the whole case; check that feeding them really executes the batch.
      const fill = () => core.bytes().set(buf, core.ioPtr);
      fill();
      x.feed(slot, buf.length);
      const out = core.str(x.client_out_ptr(slot), x.client_out_len(slot));
      drainDrop();
      if (out !== probe) { skipped.push(`${c.name} raw x.feed: replied ${JSON.stringify(out.slice(0, 80))}`); continue; }
      suite.add(`${c.name} raw x.feed`, {
        fn() { x.feed(slot, buf.length); drainDrop(); },
        onStart: fill,
        onCycle: fill,
        maxTime: MAX_TIME,
      });
    }
  }
  for (const s of skipped) console.log(`skipped ${s}`);
  console.log('');

  suite.on('cycle', (ev) => {
    const b = ev.target;
    if (b.error) { rows.push([b.name, 'error', String(b.error.message || b.error), '', '']); return; }
    const perCmd = b.hz * BATCH;
    rows.push([b.name, fmtInt(perCmd), `${(1e9 / perCmd).toFixed(0)} ns`, `±${b.stats.rme.toFixed(1)}%`, String(b.stats.sample.length)]);
    console.log(String(b));
  });
  if (suite.length) await new Promise((resolve) => { suite.on('complete', resolve); suite.run({ async: false }); });
  // A protocol error would have closed the client and made every later feed a no-op.
  if (x.client_flags(slot) & 3) console.log('WARNING: the client was closed during the run; numbers are invalid');
  if (once(Buffer.from('PING\r\n')) !== '+PONG\r\n') console.log('WARNING: final PING check failed; numbers are invalid');
  console.log('');
  printTable(['case', 'commands/s', 'per command', 'rme', 'samples'], rows);
  void replyBytes;
}

main().catch((e) => { console.error(e && e.stack ? e.stack : e); }).finally(() => process.exit(0));
