// ds/intset.ts through the test ABI (assembly/test-abi/listpack.ts -> build/test-listpack.wasm).
// Byte format checked against golden blobs from DUMP payloads of redis-server 7.0.15, against a
// reference encoder written here, and live against a real redis-server when one is installed.
import { ensureTestAbiWasm } from '../helpers/test-wasm.ts';
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startRedis, RawClient, redisMissingReason, type TestServer } from "../helpers/servers.ts";

const ROOT = join(__dirname, "..", "..");
const WASM = join(ROOT, "build", "test-listpack.wasm");

function buildWasm(): void { ensureTestAbiWasm('listpack'); }

let x: any;
let memory: WebAssembly.Memory;

beforeAll(async () => {
  buildWasm();
  memory = new WebAssembly.Memory({ initial: 32, maximum: 65536 });
  const { instance } = await WebAssembly.instantiate(readFileSync(WASM), {
    env: { memory, abort: () => { throw new Error("wasm abort"); } },
  });
  x = instance.exports;
  x.t_init();
}, 120_000);

function blob(is: number): Buffer {
  return Buffer.from(new Uint8Array(memory.buffer).slice(is, is + x.t_isBlobLen(is)));
}
function fromValues(vals: bigint[]): number {
  let is = x.t_isNew();
  for (const v of vals) is = x.t_isAdd(is, v);
  return is;
}
function contents(is: number): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < x.t_isLen(is); i++) out.push(x.t_isGet(is, i));
  return out;
}

/** Reference encoder: smallest encoding holding every value ever added (never downgraded). */
function encOf(v: bigint): number {
  if (v < -2147483648n || v > 2147483647n) return 8;
  if (v < -32768n || v > 32767n) return 4;
  return 2;
}
function refIntset(vals: bigint[], enc: number): Buffer {
  const b = Buffer.alloc(8 + vals.length * enc);
  b.writeUInt32LE(enc, 0);
  b.writeUInt32LE(vals.length, 4);
  vals.forEach((v, i) => {
    if (enc === 2) b.writeInt16LE(Number(v), 8 + 2 * i);
    else if (enc === 4) b.writeInt32LE(Number(v), 8 + 4 * i);
    else b.writeBigInt64LE(v, 8 + 8 * i);
  });
  return b;
}

let seed = 0x9e3779b9;
function rnd(): number { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 4294967296; }
function ri(n: number): number { return Math.floor(rnd() * n); }
function rv(maxEnc: number): bigint {
  const k = ri(maxEnc === 2 ? 1 : maxEnc === 4 ? 2 : 3);
  if (k === 0) return BigInt(ri(200) - 100);
  if (k === 1) return BigInt(ri(2 ** 32) - 2 ** 31);
  return BigInt.asIntN(64, (BigInt(ri(2 ** 32)) << 32n) | BigInt(ri(2 ** 32)));
}

// [SADD arguments, DUMP blob] observed on redis-server 7.0.15
const GOLDEN: [string[], string][] = [
  [["5", "1", "3"], "0200000003000000010003000500"],
  [["1", "-32768", "32767"], "020000000300000000800100ff7f"],
  [["1", "32768"], "04000000020000000100000000800000"],
  [["1", "-2147483649", "7"], "0800000003000000ffffff7fffffffff01000000000000000700000000000000"],
  [["2147483647", "-2147483648", "0"], "04000000030000000000008000000000ffffff7f"],
  [["-9223372036854775808", "9223372036854775807", "0"], "080000000300000000000000000000800000000000000000ffffffffffffff7f"],
];

describe("intset", () => {
  it("matches golden blobs from redis-server 7.0.15", () => {
    for (const [args, hex] of GOLDEN) {
      const is = fromValues(args.map(BigInt));
      expect(blob(is).toString("hex"), args.join(" ")).toBe(hex);
      x.t_isFree(is);
    }
  });

  it("starts empty with encoding 2 and keeps the encoding after removals (SREM)", () => {
    let is = x.t_isNew();
    expect(blob(is).toString("hex")).toBe("0200000000000000");
    expect(x.t_isFind(is, 0n)).toBe(0);
    is = fromValues([1n, 2n, 3n, 100000n]);
    is = x.t_isRemove(is, 100000n);
    expect(x.t_isRemoved()).toBe(1);
    expect(blob(is).toString("hex")).toBe("0400000003000000010000000200000003000000");
    is = x.t_isRemove(is, 100000n);
    expect(x.t_isRemoved()).toBe(0);
    is = x.t_isRemove(is, 1n << 40n);   // wider than the encoding: not there
    expect(x.t_isRemoved()).toBe(0);
    x.t_isFree(is);
  });

  it("add reports duplicates; find, search position, min, max, random", () => {
    let is = x.t_isNew();
    for (const v of [10n, -5n, 7n]) { is = x.t_isAdd(is, v); expect(x.t_isAdded()).toBe(1); }
    is = x.t_isAdd(is, 7n);
    expect(x.t_isAdded()).toBe(0);
    expect(contents(is)).toEqual([-5n, 7n, 10n]);
    expect(x.t_isFind(is, 7n)).toBe(1);
    expect(x.t_isFind(is, 8n)).toBe(0);
    expect(x.t_isFind(is, 1n << 50n)).toBe(0);
    expect(x.t_isSearch(is, 8n)).toBe(0); expect(x.t_isPos()).toBe(2);
    expect(x.t_isSearch(is, -100n)).toBe(0); expect(x.t_isPos()).toBe(0);
    expect(x.t_isSearch(is, 100n)).toBe(0); expect(x.t_isPos()).toBe(3);
    expect(x.t_isSearch(is, 10n)).toBe(1); expect(x.t_isPos()).toBe(2);
    expect(x.t_isMin(is)).toBe(-5n);
    expect(x.t_isMax(is)).toBe(10n);
    expect(x.t_isRandom(is, 4)).toBe(7n);
    const seen = new Set<bigint>();
    for (let r = 0; r < 30; r++) seen.add(x.t_isRandom(is, r * 7919));
    expect([...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual([-5n, 7n, 10n]);
    x.t_isFree(is);
  });

  it("random adds/removes match a sorted model and the reference encoder", () => {
    for (const maxEnc of [2, 4, 8]) {
      let is = x.t_isNew();
      const model = new Set<bigint>();
      let enc = 2;
      for (let step = 0; step < 3000; step++) {
        const v = ri(3) === 0 && model.size ? [...model][ri(model.size)] : rv(maxEnc);
        if (ri(3)) {
          is = x.t_isAdd(is, v);
          expect(x.t_isAdded()).toBe(model.has(v) ? 0 : 1);
          model.add(v);
          enc = Math.max(enc, encOf(v));
        } else {
          is = x.t_isRemove(is, v);
          expect(x.t_isRemoved()).toBe(model.has(v) ? 1 : 0);
          model.delete(v);
        }
        if (step % 50 === 0 || step === 2999) {
          const sorted = [...model].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          expect(blob(is).equals(refIntset(sorted, enc))).toBe(true);
          if (sorted.length) expect(x.t_isValidate(is, x.t_isBlobLen(is), 1)).toBe(1);
          for (const s of sorted.slice(0, 20)) expect(x.t_isFind(is, s)).toBe(1);
        }
      }
      x.t_isFree(is);
    }
  });

  it("isValidate checks encoding, size, non-emptiness and order", () => {
    const check = (b: Buffer, deep: number, size = b.length) => {
      let is = x.t_isNew();
      for (let i = 0; i < 40; i++) is = x.t_isAdd(is, BigInt(i)); // a block big enough to hold b
      new Uint8Array(memory.buffer).set(b, is);
      const r = x.t_isValidate(is, size, deep);
      x.t_isFree(is);
      return r;
    };
    const good = refIntset([1n, 5n, 9n], 4);
    expect(check(good, 1)).toBe(1);
    expect(check(good, 1, good.length + 1)).toBe(0);
    expect(check(refIntset([], 2), 1)).toBe(0);
    const badEnc = Buffer.from(good); badEnc.writeUInt32LE(3, 0);
    expect(check(badEnc, 0)).toBe(0);
    const unsorted = refIntset([1n, 9n, 5n], 4);
    expect(check(unsorted, 0)).toBe(1);
    expect(check(unsorted, 1)).toBe(0);
    const dup = refIntset([1n, 5n, 5n], 2);
    expect(check(dup, 1)).toBe(0);
    expect(check(Buffer.from("0200", "hex"), 0)).toBe(0);
  });

  it("frees everything it allocates", () => {
    const before = x.t_used();
    let is = x.t_isNew();
    for (let i = 0; i < 5000; i++) is = x.t_isAdd(is, BigInt(i * 7919 - 20000000));
    for (let i = 0; i < 2500; i++) is = x.t_isRemove(is, BigInt(i * 7919 - 20000000));
    x.t_isFree(is);
    expect(x.t_used()).toBe(before);
  });
});

// ---- live differential against a real redis-server -------------------------------------------

function bulk(reply: Buffer): Buffer {
  const e = reply.indexOf("\r\n");
  const n = Number(reply.toString("latin1", 1, e));
  return reply.subarray(e + 2, e + 2 + n);
}
/** The intset blob of a DUMP payload (type 11; rdbcompression off). */
function intsetBlob(d: Buffer): Buffer {
  expect(d[0]).toBe(11);
  const c = d[1], t = c >> 6;
  let n: number, i: number;
  if (t === 0) { n = c & 63; i = 2; } else if (t === 1) { n = ((c & 63) << 8) | d[2]; i = 3; } else { n = d.readUInt32BE(2); i = 6; }
  return d.subarray(i, i + n);
}

const skipLive = redisMissingReason();
describe.skipIf(skipLive !== null)("intset vs real redis-server DUMP" + (skipLive ? ` (skipped: ${skipLive})` : ""), () => {
  let srv: TestServer | null = null;
  let c: RawClient;
  beforeAll(async () => {
    srv = await startRedis(["--rdbcompression", "no", "--set-max-intset-entries", "100000"]);
    c = await RawClient.connect(srv!.port);
  });
  afterAll(async () => { c?.close(); await srv?.stop(); });

  it("SADD/SREM sequences produce Redis's bytes", async () => {
    for (const maxEnc of [2, 4, 8]) {
      await c.call("DEL", "I");
      let is = x.t_isNew();
      let size = 0;
      let compared = 0;
      for (let step = 0; step < 300; step++) {
        const v = rv(maxEnc);
        if (ri(4)) {
          await c.call("SADD", "I", String(v)); is = x.t_isAdd(is, v); size += x.t_isAdded();
        } else {
          const victim = size && ri(2) ? x.t_isGet(is, ri(size)) : v;
          await c.call("SREM", "I", String(victim)); is = x.t_isRemove(is, victim); size -= x.t_isRemoved();
        }
        if (size === 0) { x.t_isFree(is); is = x.t_isNew(); continue; }
        if (step % 10 === 0) {
          expect(intsetBlob(bulk(await c.call("DUMP", "I"))).toString("hex")).toBe(blob(is).toString("hex"));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(20);
      x.t_isFree(is);
    }
  });
});
