// ds/streamcg.ts through the test ABI (assembly/test-abi/streamcg.ts -> build/test-streamcg.wasm):
// groups, consumers and NACKs (create/lookup/delete, the two PELs staying in step), the deep copy
// used by COPY (NACKs re-pointed at the copied consumers), freeing back to the allocator baseline,
// and the Redis rax node count reported by XINFO STREAM radix-tree-nodes -- checked against fixed
// key sets and, when /usr/bin/redis-server is installed, live against random XADD/XDEL/XTRIM runs
// with stream-node-max-entries 1 (one rax key per entry, so the key set is the live entry IDs).
import { instantiateTestAbi } from '../helpers/test-wasm.ts';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startRedis, RawClient, redisMissingReason, type TestServer } from '../helpers/servers.ts';

let x: any;
let memory: WebAssembly.Memory;
let S = 0;

beforeAll(async () => {
  ({ x, memory, scratch: S } = await instantiateTestAbi('streamcg', 32));
}, 120_000);

const u8 = () => new Uint8Array(memory.buffer);
/** Writes bytes at scratch+off; returns [ptr, len]. */
function put(b: Buffer | string, off = 0): [number, number] {
  const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
  u8().set(buf, S + off);
  return [S + off, buf.length];
}
function idKey(ms: bigint, seq: bigint): Buffer {
  const b = Buffer.alloc(16);
  b.writeBigUInt64BE(ms, 0);
  b.writeBigUInt64BE(seq, 8);
  return b;
}

describe('groups and consumers', () => {
  it('creates, finds and refuses duplicate groups; frees everything', () => {
    const before = x.t_used();
    x.t_cgReset();
    const g1 = x.t_cgCreate(...put('g1'), 5, 1, -1);
    expect(g1).not.toBe(0);
    const r = x.t_cgRax();
    expect(r).not.toBe(0);
    expect(x.t_cgCreate(...put('g1'), 0, 0, 0)).toBe(0);
    const g2 = x.t_cgCreate(...put('g2'), 0, 0, 7);
    expect(x.t_cgLookup(r, ...put('g1'))).toBe(g1);
    expect(x.t_cgLookup(r, ...put('g2'))).toBe(g2);
    expect(x.t_cgLookup(r, ...put('g3'))).toBe(0);
    expect(x.t_cgLookup(0, ...put('g1'))).toBe(0);
    expect(x.t_gLastMs(g1)).toBe(5);
    expect(x.t_gEntriesRead(g1)).toBe(-1);
    expect(x.t_gEntriesRead(g2)).toBe(7);
    // binary names
    const gb = x.t_cgCreate(...put(Buffer.from([0, 1, 0xff])), 0, 0, 0);
    expect(x.t_cgLookup(r, ...put(Buffer.from([0, 1, 0xff])))).toBe(gb);
    expect(x.t_cgDestroy(r, ...put('g2'))).toBe(1);
    expect(x.t_cgDestroy(r, ...put('g2'))).toBe(0);
    expect(x.t_cgLookup(r, ...put('g2'))).toBe(0);
    x.t_cgroupsFree(r);
    expect(x.t_used()).toBe(before);
  });

  it('keeps the group PEL and consumer PELs in step; DELCONSUMER drops its entries', () => {
    const before = x.t_used();
    x.t_cgReset();
    const g = x.t_cgCreate(...put('g'), 0, 0, -1);
    const alice = x.t_consumerCreate(g, ...put('Alice'), 1000);
    const bob = x.t_consumerCreate(g, ...put('Bob'), 1001);
    expect(x.t_consumerCreate(g, ...put('Alice'), 5)).toBe(0);
    expect(x.t_consumerLookup(g, ...put('Alice'))).toBe(alice);
    expect(x.t_consumerLookup(g, ...put('Carol'))).toBe(0);
    expect(x.t_cSeen(alice)).toBe(1000);
    expect(x.t_cActive(alice)).toBe(-1);
    const nacks: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const [kp] = put(idKey(BigInt(i), 0n), 64);
      nacks.push(x.t_deliver(g, i % 2 ? alice : bob, kp, 2000 + i));
    }
    expect(x.t_raxSize(x.t_gPel(g))).toBe(10);
    expect(x.t_raxSize(x.t_cPel(alice))).toBe(5);
    expect(x.t_nackConsumer(nacks[0])).toBe(alice);
    expect(x.t_nackCount(nacks[0])).toBe(1);
    expect(x.t_nackTime(nacks[3])).toBe(2004);
    expect(x.t_consumerDelete(g, alice)).toBe(5);
    expect(x.t_raxSize(x.t_gPel(g))).toBe(5);
    expect(x.t_consumerLookup(g, ...put('Alice'))).toBe(0);
    for (let i = 1; i <= 10; i++) {
      const [kp, kl] = put(idKey(BigInt(i), 0n), 64);
      const n = x.t_raxFind(x.t_gPel(g), kp, kl);
      if (i % 2) expect(n).toBe(0); else expect(x.t_nackConsumer(n)).toBe(bob);
    }
    x.t_cgroupsFree(x.t_cgRax());
    expect(x.t_used()).toBe(before);
  });

  it('deep-copies groups: same data, NACKs point at the copied consumers; both free cleanly', () => {
    const before = x.t_used();
    x.t_cgReset();
    for (const name of ['a', 'b']) {
      const g = x.t_cgCreate(...put(name), 42, 3, 9);
      const cs = [x.t_consumerCreate(g, ...put('c1'), 10), x.t_consumerCreate(g, ...put('c2'), 20), x.t_consumerCreate(g, ...put('idle'), 30)];
      for (let i = 0; i < 50; i++) x.t_deliver(g, cs[i % 2], put(idKey(7n, BigInt(i)), 64)[0], 100 + i);
    }
    const r = x.t_cgRax();
    const memR = x.t_cgroupsMem(r);
    const d = x.t_cgroupsDup(r);
    expect(x.t_cgroupsMem(d)).toBe(memR);
    for (const name of ['a', 'b']) {
      const g = x.t_cgLookup(r, ...put(name));
      const dg = x.t_cgLookup(d, ...put(name));
      expect(dg).not.toBe(g);
      expect(x.t_gLastMs(dg)).toBe(42);
      expect(x.t_gEntriesRead(dg)).toBe(9);
      expect(x.t_raxSize(x.t_gPel(dg))).toBe(50);
      expect(x.t_raxSize(x.t_gConsumers(dg))).toBe(3);
      const dc1 = x.t_consumerLookup(dg, ...put('c1'));
      expect(x.t_cSeen(dc1)).toBe(10);
      expect(x.t_raxSize(x.t_cPel(dc1))).toBe(25);
      for (let i = 0; i < 50; i++) {
        const [kp, kl] = put(idKey(7n, BigInt(i)), 64);
        const n = x.t_raxFind(x.t_gPel(g), kp, kl);
        const dn = x.t_raxFind(x.t_gPel(dg), kp, kl);
        expect(dn).not.toBe(n);
        expect(x.t_nackTime(dn)).toBe(100 + i);
        const owner = x.t_consumerLookup(dg, ...put(i % 2 ? 'c2' : 'c1'));
        expect(x.t_nackConsumer(dn)).toBe(owner);
        expect(x.t_raxFind(x.t_cPel(owner), kp, kl)).toBe(dn);
      }
    }
    x.t_cgroupsFree(r);
    x.t_cgroupsFree(d);
    expect(x.t_used()).toBe(before);
  });
});

describe('entries-read and lag (the rules the upstream suite checks)', () => {
  // A stream header: [length, last id, first id, max deleted id, entries added]; a group: last id and
  // entries_read. NIL stands for Redis's null lag / invalid counter.
  const NIL = -999;
  const hdr = (length: number, last: [number, number], first: [number, number], del: [number, number], added: number) =>
    x.t_streamHeader(length, last[0], last[1], first[0], first[1], del[0], del[1], added);
  function group(last: [number, number], er: number): number {
    x.t_cgReset();
    const g = x.t_cgCreate(...put('g'), 0, 0, -1);
    x.t_gSetLast(g, last[0], last[1], er);
    return g;
  }

  it('never-used and emptied streams lag 0', () => {
    expect(x.t_lag(hdr(0, [0, 0], [0, 0], [0, 0], 0), group([0, 0], -1))).toBe(0);
    // XADD 1-0, XDEL 1-0
    expect(x.t_lag(hdr(0, [1, 0], [0, 0], [1, 0], 1), group([0, 0], -1))).toBe(0);
    // five read, then XTRIM MAXLEN 0
    expect(x.t_lag(hdr(0, [5, 0], [0, 0], [0, 0], 5), group([1, 0], 1))).toBe(0);
  });

  it('counts from a valid read counter, estimates without one', () => {
    const s = hdr(5, [5, 0], [1, 0], [0, 0], 5);
    expect(x.t_lag(s, group([0, 0], -1))).toBe(5);
    expect(x.t_estimate(s, 1, 0)).toBe(1);
    expect(x.t_estimate(s, 0, 0)).toBe(0);
    expect(x.t_estimate(s, 5, 0)).toBe(5);
    expect(x.t_estimate(s, 3, 0)).toBe(-1);        // inside the stream: unknown
    expect(x.t_estimate(s, 6, 0)).toBe(-1);        // in the future
    const g = group([0, 0], -1);
    x.t_advance(s, g, 1, 0);
    expect(x.t_gEntriesRead(g)).toBe(1);
    expect(x.t_lag(s, g)).toBe(4);
    for (let i = 2; i <= 5; i++) x.t_advance(s, g, i, 0);
    expect(x.t_gEntriesRead(g)).toBe(5);
    expect(x.t_lag(s, g)).toBe(0);
  });

  it('a tombstone after the group hides the lag until the group passes it', () => {
    // 1..5 added, 3-0 deleted; a group created at 0 reading one by one
    const s = hdr(4, [5, 0], [1, 0], [3, 0], 5);
    const g = group([0, 0], -1);
    expect(x.t_lag(s, g)).toBe(NIL);
    for (const [ms, er] of [[1, -1], [2, -1], [4, -1], [5, 5]]) {
      x.t_advance(s, g, ms, 0);
      expect(x.t_gEntriesRead(g)).toBe(er);
    }
    expect(x.t_lag(s, g)).toBe(0);
    // XADD 6-0; then XTRIM MINID 3-0 (first 4-0) and MINID 5-0 (first 5-0)
    const s6 = hdr(5, [6, 0], [1, 0], [3, 0], 6);
    expect(x.t_lag(s6, g)).toBe(1);
    const t3 = hdr(3, [6, 0], [4, 0], [3, 0], 6);
    expect(x.t_lag(t3, g)).toBe(1);
    expect(x.t_lag(t3, group([0, 0], -1))).toBe(3);
    const t5 = hdr(2, [6, 0], [5, 0], [3, 0], 6);
    expect(x.t_lag(t5, group([0, 0], -1))).toBe(2);
  });

  it('trimmed past the group: the lag is the remaining length; the counter is re-estimated', () => {
    // group at 1-0 (read 1); 2-0 and 3-0 added, 2-0 deleted
    let s = hdr(2, [3, 0], [1, 0], [2, 0], 3);
    const g = group([1, 0], 1);
    expect(x.t_lag(s, g)).toBe(NIL);
    // 1-0 deleted too: first is 3-0, both the group and the tombstone are behind it
    s = hdr(1, [3, 0], [3, 0], [2, 0], 3);
    expect(x.t_lag(s, g)).toBe(1);
    x.t_advance(s, g, 3, 0);
    expect(x.t_gEntriesRead(g)).toBe(3);
    expect(x.t_lag(s, g)).toBe(0);
    // XTRIM MAXLEN 1 of 1..5 with the group at 1-0
    expect(x.t_lag(hdr(1, [5, 0], [5, 0], [0, 0], 5), group([1, 0], 1))).toBe(1);
  });

  it('an ENTRIESREAD beyond the entries added gives a negative lag, as in Redis', () => {
    expect(x.t_lag(hdr(1, [1, 1], [1, 1], [0, 0], 1), group([1, 1], 5))).toBe(-4);
    // ... unless the group is before the first entry: then the lag is the length
    expect(x.t_lag(hdr(1, [1, 1], [1, 1], [0, 0], 1), group([0, 0], 5))).toBe(1);
  });
});

/** Redis rax node count computed here independently: build the compressed trie explicitly. */
function modelNodes(keys: Buffer[]): number {
  type T = { kids: Map<number, T>; key: boolean };
  const root: T = { kids: new Map(), key: false };
  for (const k of keys) {
    let n = root;
    for (const b of k) { if (!n.kids.has(b)) n.kids.set(b, { kids: new Map(), key: false }); n = n.kids.get(b)!; }
    n.key = true;
  }
  // a trie node starts a rax node when it is the root, a key, a leaf, a branch, or a branch's child
  let count = 0;
  const walk = (n: T, parentBranches: boolean, isRoot: boolean) => {
    if (isRoot || parentBranches || n.key || n.kids.size !== 1) count++;
    for (const c of n.kids.values()) walk(c, n.kids.size >= 2, false);
  };
  walk(root, false, true);
  return count;
}

describe('Redis rax node count', () => {
  function countFor(keys: Buffer[]): number {
    const r = x.t_raxNew();
    for (const k of keys) { const [kp, kl] = put(k); x.t_raxInsert(r, kp, kl, 1); }
    const n = x.t_raxRedisNodes(r);
    x.t_raxFree(r);
    return n;
  }

  it('matches values observed on redis-server 7.0.15', () => {
    expect(countFor([])).toBe(1);
    expect(countFor([idKey(1n, 1n)])).toBe(2);
    // stream-node-max-entries 2, XADD 1-0 .. 10-0: node keys 1-0 3-0 5-0 7-0 9-0
    const five = [1n, 3n, 5n, 7n, 9n].map((m) => idKey(m, 0n));
    expect(countFor(five)).toBe(12);
    expect(countFor(five.filter((_, i) => i !== 1))).toBe(10);
    expect(countFor(five.slice(3))).toBe(6);
  });

  it('matches an explicit compressed-trie model on random key sets (mixed lengths too)', () => {
    let seed = 12345;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    for (let round = 0; round < 200; round++) {
      const set = new Map<string, Buffer>();
      const n = rnd(40);
      for (let i = 0; i < n; i++) {
        const len = round % 2 ? 16 : 1 + rnd(5);
        const b = Buffer.alloc(len);
        for (let j = 0; j < len; j++) b[j] = round % 2 ? (j < 12 ? 0 : rnd(4)) : rnd(3);
        set.set(b.toString('hex'), b);
      }
      const keys = [...set.values()];
      expect(countFor(keys)).toBe(modelNodes(keys));
    }
  });

  const reason = redisMissingReason();
  describe.skipIf(reason !== null)(`live against redis-server${reason ? ` (skipped: ${reason})` : ''}`, () => {
    let srv: TestServer;
    let c: RawClient;
    beforeAll(async () => {
      srv = (await startRedis(['--stream-node-max-entries', '1']))!;
      c = await RawClient.connect(srv.port);
    });
    afterAll(async () => { c?.close(); await srv?.stop(); });

    it('radix-tree-nodes after random XADD/XDEL/XTRIM equals the count for the live IDs', async () => {
      let seed = 99;
      const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
      await c.call('DEL', 's');
      const live: Array<[bigint, bigint]> = [];
      let ms = 1n, seq = 0n;
      for (let step = 0; step < 400; step++) {
        const op = rnd(10);
        if (op < 6 || live.length === 0) {
          // IDs that share long prefixes and ones that differ early
          if (rnd(3) === 0) { ms += BigInt(1 + rnd(300)) * (rnd(4) === 0 ? 65536n : 1n); seq = 0n; } else seq += BigInt(1 + rnd(3));
          await c.call('XADD', 's', `${ms}-${seq}`, 'f', 'v');
          live.push([ms, seq]);
        } else if (op < 9) {
          const i = rnd(live.length);
          await c.call('XDEL', 's', `${live[i][0]}-${live[i][1]}`);
          live.splice(i, 1);
        } else {
          const keep = rnd(live.length + 1);
          await c.call('XTRIM', 's', 'MAXLEN', String(keep));
          live.splice(0, live.length - keep);
        }
        if (step % 7 === 0) {
          const info = (await c.call('XINFO', 'STREAM', 's')).toString('latin1');
          const m = /radix-tree-nodes\r\n:(\d+)/.exec(info);
          expect(m).not.toBeNull();
          expect(countFor(live.map(([a, b]) => idKey(a, b)))).toBe(Number(m![1]));
        }
      }
    }, 60_000);
  });
});
