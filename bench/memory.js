#!/usr/bin/env node
// npm run bench:memory: memory per small string key, then per element of small hashes/sets/zsets. Loads KEYS keys `key:N` -> `value:N` into a real
// redis-server and into Cinnabar (pipelined raw RESP SETs over one socket), and compares
// used_memory (allocator accounting) and RSS before and after, in bytes per key.
//
// Environment:
//   KEYS             number of keys (default 1000000)
//   BENCH_BATCH      SETs per pipelined write (default 10000)
//   BENCH_JSON       write the raw numbers to this file
//   BENCH_PORT_BASE  pick ports from this base upward instead of kernel-chosen ones
//   CINNABAR_WASM    wasm core to run (default build/release.wasm)
//
// used_memory and used_memory_rss come from INFO memory. If a server does not implement INFO
// memory (early Cinnabar), RSS is read from /proc/<pid>/status and used_memory is measured by
// loading the same keys into an in-process core through the ABI (host/core.ts) and reading
// used_memory() there; the table says which source each number has.
import fs from 'node:fs';
import {
  RespClient, RespError, startServer, parseInfo, procRss, sleep, fmtInt, printTable, machineNotes,
  printMachineNotes, createCore,
} from './lib.js';

const KEYS = Number(process.env.KEYS || 1000000);
// Collection workloads (collections issue): COLL_KEYS keys of each type, 100 short elements each.
const COLL_KEYS = Number(process.env.COLL_KEYS || 10000);
const COLL_ELEMS = 100;
const BATCH = Math.max(1, Number(process.env.BENCH_BATCH || 10000));

function batchBuffer(from, to) {
  let s = '';
  for (let i = from; i < to; i++) {
    const k = `key:${i}`, v = `value:${i}`;
    s += `*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${v.length}\r\n${v}\r\n`;
  }
  return Buffer.from(s, 'latin1');
}

function cmd(args) {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${a.length}\r\n${a}\r\n`;
  return out;
}

/** One command per key filling a hash, set or zset with COLL_ELEMS short elements. */
function collectionBatch(type, from, to) {
  let s = '';
  for (let i = from; i < to; i++) {
    const args = type === 'hash' ? ['HSET', `h:${i}`] : type === 'set' ? ['SADD', `s:${i}`] : ['ZADD', `z:${i}`];
    for (let j = 0; j < COLL_ELEMS; j++) {
      if (type === 'hash') args.push(`field:${j}`, `v${j}`);
      else if (type === 'set') args.push(`member:${j}`);
      else args.push(String(j), `member:${j}`);
    }
    s += cmd(args);
  }
  return Buffer.from(s, 'latin1');
}

/** Loads the keys over one socket: write a batch, wait for all its replies, repeat. */
async function loadOverSocket(port, total = KEYS, makeBatch = batchBuffer, batch = BATCH) {
  const c = await RespClient.connect(port);
  const sock = c.socket;
  sock.removeAllListeners('data'); // count replies ourselves; every SET reply is one line
  let pending = 0, errors = 0, firstError = null, partial = 0, wake = null;
  sock.on('data', (d) => {
    for (let i = 0; i < d.length; i++) {
      if (partial === 0 && d[i] === 0x2d /* '-' */) {
        errors++;
        if (!firstError) firstError = d.toString('latin1', i, Math.min(d.length, d.indexOf(10, i)));
      }
      partial++;
      if (d[i] === 10) { pending--; partial = 0; }
    }
    if (pending === 0 && wake) { const w = wake; wake = null; w(); }
  });
  const t0 = Date.now();
  for (let from = 0; from < total; from += batch) {
    const to = Math.min(total, from + batch);
    pending += to - from;
    const done = new Promise((resolve) => { wake = resolve; });
    sock.write(makeBatch(from, to));
    await done;
  }
  const secs = (Date.now() - t0) / 1000;
  sock.removeAllListeners('data');
  c.close();
  if (errors) throw new Error(`${errors} SETs failed, first: ${firstError}`);
  return secs;
}

async function infoMemory(port) {
  const c = await RespClient.connect(port);
  try {
    const r = await c.call('INFO', 'memory');
    if (r instanceof RespError) return null;
    const m = parseInfo(r);
    return {
      used: m.used_memory !== undefined ? Number(m.used_memory) : null,
      rss: m.used_memory_rss !== undefined ? Number(m.used_memory_rss) : null,
    };
  } finally { c.close(); }
}

async function dbsize(port) {
  const c = await RespClient.connect(port);
  try { return Number(await c.call('DBSIZE')); } finally { c.close(); }
}

/** One snapshot: INFO where available, /proc otherwise. */
async function snapshot(server) {
  const info = await infoMemory(server.port);
  return {
    used: info && info.used !== null ? info.used : null,
    rss: info && info.rss ? info.rss : procRss(server.pid),
    usedSrc: info && info.used !== null ? 'INFO' : null,
    rssSrc: info && info.rss ? 'INFO' : '/proc',
  };
}

/** used_memory of an in-process core before and after loading the same keys through Core.feed. */
async function usedMemoryInProcess() {
  const core = await createCore();
  const x = core.x;
  const slot = x.client_new(Date.now());
  const drain = () => {
    const n = x.pending_count();
    for (let i = 0; i < n; i++) x.client_out_consumed(x.pending_slot(i));
    x.pending_reset();
  };
  const before = x.used_memory();
  for (let from = 0; from < KEYS; from += BATCH) {
    core.feed(slot, batchBuffer(from, Math.min(KEYS, from + BATCH)));
    drain();
  }
  const after = x.used_memory();
  return { before, after };
}

async function measure(kind) {
  const server = await startServer(kind);
  try {
    await sleep(300);
    const before = await snapshot(server);
    const secs = await loadOverSocket(server.port);
    await sleep(600); // Redis samples RSS in its cron
    const after = await snapshot(server);
    const keys = await dbsize(server.port);
    if (keys !== KEYS) console.log(`warning: ${kind} DBSIZE is ${keys}, expected ${KEYS}`);
    if (after.used === null) {
      const ip = await usedMemoryInProcess();
      before.used = ip.before; after.used = ip.after; after.usedSrc = 'in-process ABI';
    }
    console.log(`${kind.padEnd(8)} loaded ${fmtInt(KEYS)} keys in ${secs.toFixed(1)}s (${fmtInt(KEYS / secs)} SET/s)`);
    // collection workloads on the same server, measured by used_memory deltas
    const coll = {};
    for (const type of ['hash', 'set', 'zset']) {
      const b = await snapshot(server);
      await loadOverSocket(server.port, COLL_KEYS, (f, t) => collectionBatch(type, f, t), 100);
      const a = await snapshot(server);
      coll[type] = a.used !== null && b.used !== null ? (a.used - b.used) / (COLL_KEYS * COLL_ELEMS) : NaN;
    }
    return { kind, before, after, keys, secs, coll };
  } finally { await server.stop(); }
}

async function main() {
  const notes = machineNotes();
  console.log(`Memory per key: ${fmtInt(KEYS)} string keys key:N -> value:N`);
  printMachineNotes(notes);
  console.log('');
  const res = {};
  try {
    // One server at a time so the two don't compete for memory or CPU.
    res.redis = await measure('redis');
    res.cinnabar = await measure('cinnabar');
  } catch (e) {
    console.error(`benchmark failed: ${e && e.stack ? e.stack : e}`);
  }
  if (!res.redis || !res.cinnabar) return;
  const perKey = (r, f) => (r.after[f] - r.before[f]) / KEYS;
  const row = (label, f, srcField) => {
    const a = perKey(res.redis, f), b = perKey(res.cinnabar, f);
    return [label, a.toFixed(1), b.toFixed(1), `${(b / a).toFixed(2)}x`,
      `redis: ${res.redis.after[srcField]}, cinnabar: ${res.cinnabar.after[srcField]}`];
  };
  console.log('');
  printTable(['bytes per key', 'redis', 'cinnabar', 'cinnabar/redis', 'source'], [
    row('used_memory', 'used', 'usedSrc'),
    row('RSS', 'rss', 'rssSrc'),
  ]);
  console.log('');
  printTable(['absolute (bytes)', 'redis before', 'redis after', 'cinnabar before', 'cinnabar after'], [
    ['used_memory', fmtInt(res.redis.before.used), fmtInt(res.redis.after.used), fmtInt(res.cinnabar.before.used), fmtInt(res.cinnabar.after.used)],
    ['RSS', fmtInt(res.redis.before.rss), fmtInt(res.redis.after.rss), fmtInt(res.cinnabar.before.rss), fmtInt(res.cinnabar.after.rss)],
  ]);
  console.log(`\nCollections: ${fmtInt(COLL_KEYS)} keys x ${COLL_ELEMS} short elements each, used_memory per element ` +
    '(reference: Redis 7.0, which keeps 100-member sets as hashtables; 7.2+ would use listpacks)');
  printTable(['bytes per element', 'redis', 'cinnabar', 'cinnabar/redis', 'target'], ['hash', 'set', 'zset'].map((t) => {
    const a = res.redis.coll[t], b = res.cinnabar.coll[t];
    return [t, a.toFixed(1), b.toFixed(1), `${(b / a).toFixed(2)}x`, b <= a ? 'MET (<= Redis)' : 'missed'];
  }));
  const c = perKey(res.cinnabar, 'used');
  console.log(`\nTarget (foundation issue): Cinnabar <= 60 B/key used_memory (Redis ~85): ` +
    `${c.toFixed(1)} B/key, ${c <= 60 ? 'MET' : 'missed'}`);
  if (process.env.BENCH_JSON) {
    fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({ notes, KEYS, res }, null, 2));
    console.log(`raw results written to ${process.env.BENCH_JSON}`);
  }
}

main().finally(() => process.exit(0));
