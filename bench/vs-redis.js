#!/usr/bin/env node
// npm run bench: redis-benchmark against a real redis-server and against Cinnabar on the same
// machine, interleaved, and the throughput ratio cinnabar/redis per test and pipeline depth.
//
// Environment:
//   BENCH_N          requests per redis-benchmark test at -P 1 (default 100000)
//   BENCH_N_P16      requests per test at -P 16 (default 5 x BENCH_N: pipelined runs are faster)
//   BENCH_ROUNDS     interleaved rounds after one unrecorded warm-up; the table shows the median
//                    (default 5)
//   BENCH_CLIENTS    -c (default 50)
//   BENCH_PIPELINES  comma list of -P values (default 1,16)
//   BENCH_TESTS      test list: redis-benchmark -t names, and the custom workloads in CUSTOM below
//                    (default ping,set,get,incr,mset,lpush,lpop,lrange_100,sadd,hset,zadd,zrange_100,
//                    setbit,bitcount_1mb,pfadd,pfcount_merged,geosearch,xadd,publish_1,publish_50,
//                    multi_exec_5)
//   BENCH_KEYSPACE   if set, passed as -r (random keys in a keyspace of that size)
//   BENCH_JSON       write the raw results to this file
//   BENCH_PORT_BASE  pick ports from this base upward instead of kernel-chosen ones
//   CINNABAR_WASM    wasm core to run (default build/release.wasm)
//
// It is a measurement, not a test: it exits 0 even when a target is missed or a run fails.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import {
  REDIS_BENCHMARK, RespClient, RespError, startServer, median, fmtInt, printTable, machineNotes,
  printMachineNotes, track,
} from './lib.js';

const N = Number(process.env.BENCH_N || 100000);
const N_P16 = Number(process.env.BENCH_N_P16 || N * 5);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS || 5));
const CLIENTS = Number(process.env.BENCH_CLIENTS || 50);
const PIPELINES = (process.env.BENCH_PIPELINES || '1,16').split(',').map(Number).filter((x) => x > 0);
const TESTS = (process.env.BENCH_TESTS || 'ping,set,get,incr,mset,lpush,lpop,lrange_100,sadd,hset,zadd,zrange_100,setbit,bitcount_1mb,pfadd,pfcount_merged,geosearch,xadd,publish_1,publish_50,multi_exec_5').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
const KEYSPACE = process.env.BENCH_KEYSPACE ? Number(process.env.BENCH_KEYSPACE) : 0;

const CUSTOM_ZRANGE_NAME = 'ZRANGE_100 (first 100 of a 1000-member zset)';
const CUSTOM_NAMES = {
  setbit: 'SETBIT (one bit of an 8 Mbit bitmap)',
  bitcount_1mb: 'BITCOUNT (whole 1 MB bitmap)',
  pfadd: 'PFADD (random element, one key)',
  pfcount_merged: 'PFCOUNT (3 dense keys merged)',
  geosearch: 'GEOSEARCH (10 nearest within 20 km, 10k points)',
  xadd: 'XADD (* id, one field)',
  publish_1: 'PUBLISH (1 subscriber)',
  publish_50: 'PUBLISH (50 subscribers)',
  multi_exec_5: 'MULTI/EXEC of 5 commands (transactions/s)',
};

// Targets from the foundation issue: throughput relative to Redis on the same machine.
const TARGETS = [
  { test: 'SET', pipeline: 16, min: 0.8 },
  { test: 'GET', pipeline: 16, min: 0.8 },
  { test: 'SET', pipeline: 1, min: 0.6 },
  { test: 'GET', pipeline: 1, min: 0.6 },
  // collections issue: each at or above 0.8x at -P 16
  ...['LPUSH', 'LPOP', 'LRANGE_100 (first 100 elements)', 'SADD', 'HSET', 'ZADD', CUSTOM_ZRANGE_NAME].map((test) => ({ test, pipeline: 16, min: 0.8 })),
  // bitmaps / HyperLogLog / geo / streams issue: each at or above 0.8x at -P 16
  ...Object.values(CUSTOM_NAMES).map((test) => ({ test, pipeline: 16, min: 0.8 })),
];

// The command each -t name sends, for probing whether the server implements it.
const PROBES = {
  ping: [['PING'], ['PING', 'x']],
  set: [['SET', 'bench:probe', 'x']],
  get: [['GET', 'bench:probe']],
  incr: [['INCR', 'bench:probe:n']],
  mset: [['MSET', 'bench:probe:a', '1', 'bench:probe:b', '2']],
  incrby: [['INCRBY', 'bench:probe:n', '2']],
  lpush: [['LPUSH', 'bench:probe:l', 'x']],
  rpush: [['RPUSH', 'bench:probe:l', 'x']],
  lpop: [['LPOP', 'bench:probe:l']],
  rpop: [['RPOP', 'bench:probe:l']],
  sadd: [['SADD', 'bench:probe:s', 'x']],
  hset: [['HSET', 'bench:probe:h', 'f', 'v']],
  spop: [['SPOP', 'bench:probe:s']],
  zadd: [['ZADD', 'bench:probe:z', '1', 'x']],
  zpopmin: [['ZPOPMIN', 'bench:probe:z']],
  lrange: [['LRANGE', 'bench:probe:l', '0', '-1']],
  lrange_100: [['LRANGE', 'bench:probe:l', '0', '99']],
  lrange_300: [['LRANGE', 'bench:probe:l', '0', '299']],
  lrange_500: [['LRANGE', 'bench:probe:l', '0', '499']],
  lrange_600: [['LRANGE', 'bench:probe:l', '0', '599']],
  zrange_100: [['ZADD', 'bench:probe:z', '1', 'x'], ['ZRANGE', 'bench:probe:z', '0', '99']],
  setbit: [['SETBIT', 'bench:probe', '7', '1']],
  bitcount_1mb: [['BITCOUNT', 'bench:probe']],
  pfadd: [['PFADD', 'bench:probe:hll', 'x']],
  pfcount_merged: [['PFCOUNT', 'bench:probe:hll', 'bench:probe:hll2']],
  geosearch: [['GEOADD', 'bench:probe:z', '13.4', '52.5', 'x'], ['GEOSEARCH', 'bench:probe:z', 'FROMLONLAT', '13.4', '52.5', 'BYRADIUS', '1', 'km']],
  xadd: [['XADD', 'bench:probe:x', '*', 'f', 'v']],
  publish_1: [['PUBLISH', 'bench:probe', 'x']],
  publish_50: [['PUBLISH', 'bench:probe', 'x']],
  multi_exec_5: [['MULTI'], ['PING'], ['EXEC']],
};

// Deterministic pseudo-random numbers for setup data (the same on both servers).
function lcg(seed) {
  let x = seed >>> 0;
  return () => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x / 4294967296; };
}
const rnd = lcg(42);
const bitmap1mb = Buffer.alloc(1 << 20);
for (let i = 0; i < bitmap1mb.length; i++) bitmap1mb[i] = Math.floor(rnd() * 256);
const hllSetup = [1, 2, 3].map((k) => ['PFADD', `bench:hll${k}`, ...Array.from({ length: 20000 }, (_, i) => `el:${k}:${i}`)]);
// 10k points over 10 x 10 degrees around (15, 37): a 20 km query looks at a realistic handful of cells
const geoPoints = Array.from({ length: 10000 }, (_, i) => [(10 + rnd() * 10).toFixed(6), (32 + rnd() * 10).toFixed(6), `p${i}`]).flat();

// Workloads redis-benchmark has no -t test for: run as an explicit command line after a setup
// command, and reported under `name`.
const CUSTOM = {
  zrange_100: {
    name: CUSTOM_ZRANGE_NAME,
    setup: [['ZADD', 'bench:zrange', ...Array.from({ length: 1000 }, (_, i) => [String(i), `member:${i}`]).flat()]],
    argv: ['ZRANGE', 'bench:zrange', '0', '99'],
  },
  // __rand_int__ is replaced by redis-benchmark with a random number below `random` (its -r)
  // (redis-benchmark writes __rand_int__ as 12 zero-padded digits, which SETBIT refuses as an offset)
  setbit: { name: CUSTOM_NAMES.setbit, setup: [['DEL', 'bench:bits'], ['SETBIT', 'bench:bits', '8388607', '0']], argv: ['SETBIT', 'bench:bits', '4242424', '1'] },
  // 1 MB per call: far fewer requests, so a run takes seconds rather than minutes
  bitcount_1mb: { name: CUSTOM_NAMES.bitcount_1mb, setup: [['SET', 'bench:bitmap', bitmap1mb]], argv: ['BITCOUNT', 'bench:bitmap'], n: 20000 },
  pfadd: { name: CUSTOM_NAMES.pfadd, setup: [['DEL', 'bench:hll']], argv: ['PFADD', 'bench:hll', 'el:__rand_int__'], random: 10000000 },
  pfcount_merged: {
    name: CUSTOM_NAMES.pfcount_merged, setup: hllSetup, argv: ['PFCOUNT', 'bench:hll1', 'bench:hll2', 'bench:hll3'], n: 100000,
  },
  geosearch: {
    name: CUSTOM_NAMES.geosearch, setup: [['DEL', 'bench:geo'], ['GEOADD', 'bench:geo', ...geoPoints]],
    argv: ['GEOSEARCH', 'bench:geo', 'FROMLONLAT', '15', '37', 'BYRADIUS', '20', 'km', 'ASC', 'COUNT', '10'], n: 200000,
  },
  xadd: { name: CUSTOM_NAMES.xadd, setup: [['DEL', 'bench:stream']], argv: ['XADD', 'bench:stream', '*', 'field', 'value'] },
  // subscribers are raw connections that SUBSCRIBE and drain their socket for the whole run
  publish_1: { name: CUSTOM_NAMES.publish_1, setup: [], argv: ['PUBLISH', 'bench:ch', 'hello world'], subscribers: 1 },
  publish_50: { name: CUSTOM_NAMES.publish_50, setup: [], argv: ['PUBLISH', 'bench:ch', 'hello world'], subscribers: 50, n: 200000 },
  // redis-benchmark cannot send transactions: a small Node load generator does (runTransactions)
  multi_exec_5: { name: CUSTOM_NAMES.multi_exec_5, setup: [['SET', 'bench:tx', 'v']], transactions: true, n: 200000 },
};

/** N connections subscribed to `channel` that read and discard everything; resolves once all are confirmed. */
async function openSubscribers(port, channel, count) {
  const socks = [];
  await Promise.all(Array.from({ length: count }, () => new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    socks.push(s);
    let seen = '';
    const onData = (d) => {
      seen += d.toString('latin1');
      if (seen.includes('subscribe')) { s.off('data', onData); s.on('data', () => {}); resolve(); }
    };
    s.on('data', onData);
    s.once('error', reject);
    s.once('connect', () => s.write(`*2\r\n$9\r\nSUBSCRIBE\r\n$${channel.length}\r\n${channel}\r\n`));
  })));
  return socks;
}

// One transaction: five commands with constant replies, so completed transactions can be counted
// from the number of reply bytes alone (no parsing in the load generator's hot loop).
const TX_CMDS = [['MULTI'], ['SET', 'bench:tx', 'v'], ['GET', 'bench:tx'], ['INCRBY', 'bench:tx:n', '0'], ['EXISTS', 'bench:tx'], ['PING'], ['EXEC']];
const TX_REQUEST = Buffer.from(TX_CMDS.map((c) => `*${c.length}\r\n` + c.map((a) => `$${a.length}\r\n${a}\r\n`).join('')).join(''));
const TX_REPLY_BYTES = Buffer.byteLength('+OK\r\n' + '+QUEUED\r\n'.repeat(5) + '*5\r\n+OK\r\n$1\r\nv\r\n:0\r\n:1\r\n+PONG\r\n');

/** CLIENTS connections, each keeping `pipeline` transactions in flight, until n have completed. */
function runTransactions(port, pipeline, n) {
  return new Promise((resolve, reject) => {
    let done = 0, sent = 0, finished = false;
    const t0 = process.hrtime.bigint();
    const socks = [];
    const finish = (err) => {
      if (finished) return;
      finished = true;
      for (const s of socks) s.destroy();
      if (err) { reject(err); return; }
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      resolve(new Map([[CUSTOM_NAMES.multi_exec_5, n / secs]]));
    };
    for (let i = 0; i < CLIENTS; i++) {
      const s = net.connect(port, '127.0.0.1');
      socks.push(s);
      let bytes = 0;
      const sendOne = () => { if (sent < n) { sent++; s.write(TX_REQUEST); } };
      s.on('connect', () => { for (let k = 0; k < pipeline; k++) sendOne(); });
      s.on('data', (d) => {
        bytes += d.length;
        while (bytes >= TX_REPLY_BYTES) {
          bytes -= TX_REPLY_BYTES;
          done++;
          if (done >= n) { finish(); return; }
          sendOne();
        }
      });
      s.on('error', finish);
    }
  });
}

/** Which -t names the server answers without an error. */
async function probe(port) {
  const c = await RespClient.connect(port);
  const ok = new Set(), missing = new Map();
  try {
    for (const t of TESTS) {
      const cmds = PROBES[t];
      if (!cmds) { ok.add(t); continue; }
      let err = null;
      for (const cmd of cmds) {
        const r = await c.call(...cmd);
        if (r instanceof RespError) { err = r.message; break; }
      }
      if (err) missing.set(t, err); else ok.add(t);
      if (!err && CUSTOM[t]) for (const cmd of CUSTOM[t].setup) await c.call(...cmd);
    }
    await c.call('DEL', 'bench:probe', 'bench:probe:n', 'bench:probe:a', 'bench:probe:b', 'bench:probe:l',
      'bench:probe:s', 'bench:probe:h', 'bench:probe:z', 'bench:probe:hll', 'bench:probe:hll2', 'bench:probe:x');
  } finally { c.close(); }
  return { ok, missing };
}

/** Runs redis-benchmark once; resolves with Map(test name -> ops/s). */
async function runBenchmark(port, tests, pipeline, n) {
  const custom = tests.length === 1 ? CUSTOM[tests[0]] : undefined;
  if (custom?.transactions) return runTransactions(port, pipeline, Math.min(n, pipeline > 1 ? custom.n : Math.ceil(custom.n / 5)));
  if (!custom?.subscribers) return runRedisBenchmark(port, tests, pipeline, n);
  const subs = await openSubscribers(port, 'bench:ch', custom.subscribers);
  try { return await runRedisBenchmark(port, tests, pipeline, n); } finally { for (const s of subs) s.destroy(); }
}

function runRedisBenchmark(port, tests, pipeline, n) {
  const custom = tests.length === 1 ? CUSTOM[tests[0]] : undefined;
  if (custom?.n) n = Math.min(n, pipeline > 1 ? custom.n : Math.ceil(custom.n / 5));
  const args = ['-h', '127.0.0.1', '-p', String(port), '-c', String(CLIENTS), '-n', String(n),
    ...(custom ? [] : ['-t', tests.join(',')]), '-P', String(pipeline), '-q', '--csv'];
  if (custom?.random) args.push('-r', String(custom.random));
  else if (KEYSPACE > 0) args.push('-r', String(KEYSPACE));
  if (custom) args.push(...custom.argv);
  return new Promise((resolve, reject) => {
    const child = track(spawn(REDIS_BENCHMARK, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10 * 60 * 1000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      const res = new Map();
      for (const line of out.split(/\r?\n/)) {
        const cells = line.split('","').map((s) => s.replace(/^"|"$/g, ''));
        if (cells.length < 2 || cells[0] === 'test') continue;
        const rps = Number(cells[1]);
        if (Number.isFinite(rps)) res.set(cells[0], rps);
      }
      if (custom && res.size === 1) {
        const [rps] = res.values();
        res.clear();
        res.set(custom.name, rps);
      }
      if (code !== 0 || res.size === 0) {
        reject(new Error(`redis-benchmark ${args.join(' ')} exited ${code ?? sig}: ${(err || out).trim().slice(-500)}`));
      } else resolve(res);
    });
  });
}

async function main() {
  const notes = machineNotes();
  console.log('Cinnabar vs Redis: redis-benchmark throughput (ops/s), same machine, interleaved runs');
  printMachineNotes(notes);
  console.log(`params:  -c ${CLIENTS}, -n ${N} at -P 1 and ${N_P16} when pipelined, -P ${PIPELINES.join('/')}, ` +
    `${ROUNDS} rounds (median shown)${KEYSPACE ? `, -r ${KEYSPACE}` : ''}`);

  const servers = [];
  const results = {}; // results[server][pipeline][test] = [rps per round]
  const missing = new Map();
  try {
    const redis = await startServer('redis');
    servers.push(redis);
    const cinnabar = await startServer('cinnabar');
    servers.push(cinnabar);
    console.log(`servers: redis-server pid ${redis.pid} port ${redis.port}; cinnabar pid ${cinnabar.pid} port ${cinnabar.port}`);

    const supported = {};
    for (const s of servers) {
      const p = await probe(s.port);
      supported[s.name] = TESTS.filter((t) => p.ok.has(t));
      for (const [t, e] of p.missing) missing.set(`${s.name}:${t}`, e);
      results[s.name] = {};
      for (const P of PIPELINES) results[s.name][P] = {};
    }
    for (const [k, e] of missing) console.log(`note:    ${k} not run: the server replied "${e}"`);
    console.log('');

    // Warm-up, not recorded: lets V8 optimise Cinnabar's host and wasm code (Redis needs none, but
    // gets the same treatment).
    const warm = Math.min(N, 20000);
    for (const s of servers) {
      for (const P of PIPELINES) {
        if (supported[s.name].length) await runBenchmark(s.port, supported[s.name], P, P > 1 ? warm * 4 : warm).catch(() => {});
      }
    }

    const t0 = Date.now();
    for (let r = 0; r < ROUNDS; r++) {
      for (let pi = 0; pi < PIPELINES.length; pi++) {
        const P = PIPELINES[pi];
        const n = P > 1 ? N_P16 : N;
        const started = Date.now();
        const got = new Map(servers.map((s) => [s.name, []]));
        // One redis-benchmark run per test, alternating which server goes first, so a burst of
        // load from neighbours hits both servers' numbers for the same test alike.
        for (let ti = 0; ti < TESTS.length; ti++) {
          const t = TESTS[ti];
          const order = (r + pi + ti) % 2 === 0 ? servers : [...servers].reverse();
          for (const s of order) {
            if (!supported[s.name].includes(t)) continue;
            let res;
            try {
              res = await runBenchmark(s.port, [t], P, n);
            } catch (e) {
              console.log(`round ${r + 1} ${s.name} -P ${P} ${t}: ${e.message}`);
              continue;
            }
            for (const [test, rps] of res) {
              (results[s.name][P][test] ??= []).push(rps);
              got.get(s.name).push(`${test.replace(/ \(.*\)/, '')}=${fmtInt(rps)}`);
            }
          }
        }
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        for (const [name, parts] of got) {
          console.log(`round ${r + 1}/${ROUNDS} -P ${String(P).padEnd(2)} ${secs.padStart(5)}s  ${name.padEnd(8)} ${parts.join(' ')}`);
        }
      }
    }
    console.log(`\nbenchmark time: ${((Date.now() - t0) / 1000).toFixed(0)}s\n`);

    // Table
    const testNames = [];
    for (const s of servers) for (const P of PIPELINES) for (const t of Object.keys(results[s.name][P])) {
      if (!testNames.includes(t)) testNames.push(t);
    }
    const rows = [];
    const ratios = {};
    for (const P of PIPELINES) {
      for (const t of testNames) {
        const rr = results.redis?.[P]?.[t] ?? [], cr = results.cinnabar?.[P]?.[t] ?? [];
        const rm = median(rr), cm = median(cr);
        const ratio = cm / rm;
        ratios[`${t}|${P}`] = ratio;
        const spread = (xs) => xs.length > 1 ? (Math.max(...xs) - Math.min(...xs)) / median(xs) : NaN;
        const noise = Math.max(spread(rr) || 0, spread(cr) || 0);
        rows.push([t, String(P), fmtInt(rm), fmtInt(cm), Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a',
          rr.length > 1 || cr.length > 1 ? `${(noise * 100).toFixed(0)}%` : '']);
      }
    }
    printTable(['test', 'pipeline', 'redis ops/s', 'cinnabar ops/s', 'cinnabar/redis', 'spread'], rows);
    console.log('(spread: largest (max-min)/median over the rounds, of either server)');

    console.log('\nTargets (foundation, collections, and bitmaps/HyperLogLog/geo/streams issues):');
    const targetRows = TARGETS.map(({ test, pipeline, min }) => {
      const r = ratios[`${test}|${pipeline}`];
      const status = r === undefined || !Number.isFinite(r) ? 'not measured' : r >= min ? 'MET' : 'missed';
      return [test, String(pipeline), `>= ${min.toFixed(1)}x`, Number.isFinite(r) ? `${r.toFixed(3)}x` : "n/a", status];
    });
    printTable(['test', 'pipeline', 'target', 'measured', 'status'], targetRows);

    if (process.env.BENCH_JSON) {
      fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({
        notes, params: { N, N_P16, ROUNDS, CLIENTS, PIPELINES, TESTS, KEYSPACE }, missing: Object.fromEntries(missing), results,
      }, null, 2));
      console.log(`\nraw results written to ${process.env.BENCH_JSON}`);
    }
  } catch (e) {
    console.error(`benchmark failed: ${e && e.stack ? e.stack : e}`);
  } finally {
    for (const s of servers) { try { await s.stop(); } catch { /* killed on exit anyway */ } }
  }
}

main().finally(() => process.exit(0));
