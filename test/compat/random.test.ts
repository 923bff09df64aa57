// Randomized differential test: a seeded generator of string and key commands (keys from a small
// set, values including integers at the i64 boundaries, random options) runs against Cinnabar and a
// real redis-server; every reply is compared. The seed is printed on failure; rerun a failure with
// CINNABAR_SEED=<seed>. CINNABAR_RANDOM_OPS sets the number of commands (default 3000).
//
// Deliberate normalisations (same rationale as the scripted suites, see test/helpers/norm.ts):
// - TTL/EXPIRETIME: integers may differ by 1 s, PTTL/PEXPIRETIME by 250 ms (the servers run each
//   command a moment apart). TTLs are long (>= 1000 s) or already in the past, so no key expires
//   while the test runs and DBSIZE/KEYS stay deterministic.
// - KEYS: sorted. SCAN: one step with COUNT 1000 covers the whole keyspace; keys sorted.
// - RANDOMKEY: only "some key" vs nil.
// - GETRANGE/SUBSTR: where Redis 7.0 and 7.4 differ (end index below -strlen) the value is fetched
//   and Cinnabar's reply is checked against the 7.4 rule and Redis's against the 7.0 rule.
// After any divergence both servers are flushed, so each reported divergence starts from a state
// that was identical (the commands since the last flush are printed with it).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DiffPair, type SideCtx } from '../helpers/diff.ts';
import { helloNorm } from '../helpers/norm.ts';
import { redisMissingReason, RawClient, show, parse } from '../helpers/servers.ts';
import { makeGenerator, testSeed, type Op } from '../helpers/gen.ts';

// GETRANGE models: the 7.0.15 clamp and the 7.4 one (end below -strlen gives "").
function clampRange(len: number, s: bigint, e: bigint, v74: boolean): [number, number] | null {
  const L = BigInt(len);
  if (s < 0n && e < 0n && s > e) return null;
  if (s < 0n) s += L;
  if (e < 0n) e += L;
  if (s < 0n) s = 0n;
  if (e < 0n) { if (v74) return null; e = 0n; }
  if (e >= L) e = L - 1n;
  if (s > e || len === 0) return null;
  return [Number(s), Number(e)];
}
function bulkOf(b: Buffer | null): string {
  if (!b) return '';
  return `$${b.length}\r\n${b.toString('latin1')}\r\n`;
}

const reason = redisMissingReason();
(reason ? describe.skip : describe)(`compat: randomized string/key commands${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let pair: DiffPair | null = null;
  beforeAll(async () => { if (!reason) pair = await DiffPair.start(); });
  afterAll(async () => { await pair?.stop(); });

  it('replies are identical for a few thousand random commands (RESP2, then RESP3)', async () => {
    const seed = testSeed(0x5eed0001);
    const ops = Number(process.env.CINNABAR_RANDOM_OPS ?? 3000);
    const gen = makeGenerator(seed);
    const rc = await RawClient.connect(pair!.redisServer.port);
    const cc = await RawClient.connect(pair!.cinnabarServer.port);
    const rctx: SideCtx = { side: 'redis', port: pair!.redisServer.port, vars: new Map() };
    const cctx: SideCtx = { side: 'cinnabar', port: pair!.cinnabarServer.port, vars: new Map() };
    const diffs: string[] = [];
    let missing = 0;
    let resyncs = 0;
    const missingCmds = new Set<string>();
    const history: string[] = [];
    try {
      await Promise.all([rc.call('FLUSHALL'), cc.call('FLUSHALL')]);
      for (let i = 0; i < ops; i++) {
        const op: Op = i === Math.floor(ops / 2) ? { cmd: ['HELLO', '3'], norm: helloNorm } : gen();
        rc.send(...op.cmd);
        cc.send(...op.cmd);
        let [a, b] = await Promise.all([rc.readReply(), cc.readReply()]);
        const text = op.cmd.map((x) => show(String(x), 40)).join(' ');
        history.push(text);
        if (op.norm && a[0] !== 0x2d && b[0] !== 0x2d) {
          try { a = op.norm(a, rctx); b = op.norm(b, cctx); } catch { /* compare raw */ }
        }
        if (a.equals(b)) continue;
        if (op.approx !== undefined && a[0] === 0x3a && b[0] === 0x3a) {
          const x = Number(a.toString('latin1', 1).trim()), y = Number(b.toString('latin1', 1).trim());
          if (Math.abs(x - y) <= op.approx && Math.sign(x) === Math.sign(y)) continue;
        }
        if (op.range && a[0] === 0x24 && b[0] === 0x24) {
          // 7.0 vs 7.4 GETRANGE: judge each side by its own version's rule
          const [va, vb] = await Promise.all([rc.call('GET', op.range.key), cc.call('GET', op.range.key)]);
          const val = parse(va).data ?? Buffer.alloc(0);
          if (va.equals(vb)) {
            const s = BigInt(op.range.start), e = BigInt(op.range.end);
            const r70 = clampRange(val.length, s, e, false), r74 = clampRange(val.length, s, e, true);
            const want70 = bulkOf(r70 ? val.subarray(r70[0], r70[1] + 1) : Buffer.alloc(0));
            const want74 = bulkOf(r74 ? val.subarray(r74[0], r74[1] + 1) : Buffer.alloc(0));
            if (a.toString('latin1') === want70 && b.toString('latin1') === want74) continue;
          }
        }
        const bt = b.toString('latin1');
        if (bt.startsWith('-ERR unknown command') || bt.startsWith('-ERR unknown subcommand')) {
          missing++;
          missingCmds.add(String(op.cmd[0]).toUpperCase());
        } else if (diffs.length < 40) {
          diffs.push(`#${i} ${text}\n    redis:    ${show(a)}\n    cinnabar: ${show(b)}\n    since last resync: ${history.slice(-9, -1).join(' | ') || '(nothing)'}`);
        } else diffs.push('');
        // The keyspaces may now differ: start both from an empty state again so that later
        // reports are not consequences of this one.
        await Promise.all([rc.call('FLUSHALL'), cc.call('FLUSHALL')]);
        await Promise.all([rc.call('SELECT', '0'), cc.call('SELECT', '0')]);
        history.length = 0;
        resyncs++;
      }
    } finally {
      rc.close();
      cc.close();
    }
    const summary = `seed=${seed} (rerun: CINNABAR_SEED=${seed} npx vitest run test/compat/random.test.ts), ${ops} commands, ` +
      `${diffs.length} divergent replies, ${missing} replies were "unknown command" (${[...missingCmds].join(' ') || 'none'}); ` +
      `after each divergence both servers are flushed (${resyncs} times)`;
    if (diffs.length || missing) {
      console.log(summary);
      throw new Error(`${summary}\n${diffs.filter(Boolean).join('\n')}${diffs.length > 40 ? `\n... ${diffs.length - 40} more` : ''}`);
    }
  });
});
