// ds/listpack.ts through the test ABI (assembly/test-abi/listpack.ts -> build/test-listpack.wasm).
//
// The byte format is checked three ways: against golden blobs observed in DUMP payloads of
// redis-server 7.0.15 (list and hash values), against an independent encoder written here from the
// format description, and -- when /usr/bin/redis-server is installed -- live, by running the same
// random LPUSH/RPUSH/LINSERT/LSET/LREM/LTRIM/LPOP/RPOP and HSET/HDEL/HINCRBY sequences on a real
// server and comparing its DUMP blobs with what the listpack functions produce for the same edits.
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
let S = 0;

beforeAll(async () => {
  buildWasm();
  memory = new WebAssembly.Memory({ initial: 32, maximum: 65536 });
  const { instance } = await WebAssembly.instantiate(readFileSync(WASM), {
    env: { memory, abort: () => { throw new Error("wasm abort"); } },
  });
  x = instance.exports;
  x.t_init();
  S = x.scratch();
}, 120_000);

const u8 = () => new Uint8Array(memory.buffer);
function put(b: Buffer | string, off = 0): number {
  const buf = typeof b === "string" ? Buffer.from(b, "latin1") : b;
  u8().set(buf, S + off);
  return buf.length;
}
function mem(p: number, n: number): Buffer { return Buffer.from(u8().slice(p, p + n)); }
function blob(lp: number): Buffer { return mem(lp, x.t_lpBytes(lp)); }
/** Copies a blob into a fresh heap block (for lpValidate / corruption tests). */
function heapBlob(b: Buffer): number {
  const lp = x.t_lpNew(b.length);
  u8().set(b, lp);
  return lp;
}

// lp helpers taking JS strings (latin1)
const app = (lp: number, s: string) => x.t_lpAppend(lp, S, put(s));
const pre = (lp: number, s: string) => x.t_lpPrepend(lp, S, put(s));
const ins = (lp: number, p: number, where: number, s: string) => x.t_lpInsert(lp, p, where, S, put(s));
const rep = (lp: number, p: number, s: string) => x.t_lpReplace(lp, p, S, put(s));
const find = (lp: number, p: number, s: string, skip: number) => x.t_lpFind(lp, p, S, put(s), skip);
function str(p: number): string {
  x.t_lpGetStr(p);
  return mem(x.t_lpvStr(), x.t_lpvLen()).toString("latin1");
}
function all(lp: number): string[] {
  const out: string[] = [];
  for (let p = x.t_lpFirst(lp); p; p = x.t_lpNext(lp, p)) out.push(str(p));
  return out;
}
function allRev(lp: number): string[] {
  const out: string[] = [];
  for (let p = x.t_lpLast(lp); p; p = x.t_lpPrev(lp, p)) out.push(str(p));
  return out;
}
function fromList(items: string[]): number {
  let lp = x.t_lpNew(0);
  for (const s of items) lp = app(lp, s);
  return lp;
}

// ---- independent reference encoder (from the format description) ---------------------------

/** Redis string2ll acceptance, which decides integer encoding. */
function asInt(s: string): bigint | null {
  if (s.length === 0 || s.length > 20) return null;
  if (s === "0") return 0n;
  if (!/^-?[1-9][0-9]*$/.test(s)) return null;
  const v = BigInt(s);
  if (v > 9223372036854775807n || v < -9223372036854775808n) return null;
  return v;
}
function backlen(l: number): number[] {
  const n = l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const bits = Math.floor(l / 2 ** (7 * i)) & 127;
    out[n - 1 - i] = bits | (i < n - 1 ? 128 : 0);
  }
  return out;
}
function refEntry(s: string): Buffer {
  const v = asInt(s);
  let enc: number[];
  if (v !== null) {
    const le = (n: number) => { const b: number[] = []; let w = BigInt.asUintN(n * 8, v); for (let i = 0; i < n; i++) { b.push(Number(w & 255n)); w >>= 8n; } return b; };
    if (v >= 0n && v <= 127n) enc = [Number(v)];
    else if (v >= -4096n && v <= 4095n) { const w = Number(BigInt.asUintN(13, v)); enc = [0xc0 | (w >> 8), w & 255]; }
    else if (v >= -32768n && v <= 32767n) enc = [0xf1, ...le(2)];
    else if (v >= -8388608n && v <= 8388607n) enc = [0xf2, ...le(3)];
    else if (v >= -2147483648n && v <= 2147483647n) enc = [0xf3, ...le(4)];
    else enc = [0xf4, ...le(8)];
    return Buffer.from([...enc, ...backlen(enc.length)]);
  }
  const data = Buffer.from(s, "latin1");
  const n = data.length;
  let hdr: number[];
  if (n < 64) hdr = [0x80 | n];
  else if (n < 4096) hdr = [0xe0 | (n >> 8), n & 255];
  else hdr = [0xf0, n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];
  return Buffer.concat([Buffer.from(hdr), data, Buffer.from(backlen(hdr.length + n))]);
}
function refListpack(items: string[]): Buffer {
  const body = Buffer.concat(items.map(refEntry));
  const h = Buffer.alloc(6);
  h.writeUInt32LE(6 + body.length + 1, 0);
  h.writeUInt16LE(Math.min(items.length, 65535), 4);
  return Buffer.concat([h, body, Buffer.from([0xff])]);
}
function expectMatches(lp: number, items: string[]): void {
  expect(blob(lp).equals(refListpack(items))).toBe(true);
  expect(x.t_lpValidate(lp, x.t_lpBytes(lp), 1)).toBe(1);
  expect(x.t_lpLength(lp)).toBe(items.length);
}

// deterministic PRNG
let seed = 0x12345678;
function rnd(): number { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 4294967296; }
function ri(n: number): number { return Math.floor(rnd() * n); }
function rval(): string {
  switch (ri(9)) {
    case 0: return String(ri(128));
    case 1: return String(ri(8192) - 4096);
    case 2: return String(ri(2 ** 24) - 2 ** 23);
    case 3: return String(BigInt(ri(2 ** 30)) * BigInt(ri(2 ** 30)) * (rnd() < 0.5 ? -1n : 1n));
    case 4: return "x".repeat(ri(70));
    case 5: return "s" + ri(1000);
    case 6: return ["01", "-0", "+1", " 1", "1.5", "", "0", "-", "9223372036854775808", "-9223372036854775809"][ri(10)];
    case 7: return "y".repeat(60 + ri(200));
    default: return "v".repeat(4090 + ri(12));
  }
}

// Golden blobs: listpacks inside DUMP payloads of redis-server 7.0.15 for the named inserts.
const GOLDEN: [string, string[], string][] = [
  ["empty", [], "070000000000ff"],
  ["RPUSH a 1 -1 127 128", ["a", "1", "-1", "127", "128"],
    "1400000005008161020101dfff027f01c08002ff"],
  ["RPUSH int boundaries", ["4095", "-4096", "4096", "32767", "-32768", "32768", "8388607", "-8388608", "8388608",
    "2147483647", "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775808"],
    "580000000e00cfff02d00002f1001003f1ff7f03f1008003f200800004f2ffff7f04f200008004f30000800005f3ffffff7f05f3" +
    "0000008005f4000000800000000009f4ffffffffffffff7f09f4000000000000008009ff"],
  ["RPUSH non-canonical numbers", ["9223372036854775808", "01", "-0", "0", "00", "+1", " 1", "1 ", "", "1.5"],
    "3d0000000a0093393232333337323033363835343737353830381482303103822d3003000182303003822b31038220310382312003" +
    "800183312e3504ff"],
  ["HSET name cinnabar n -12345 big x*70", ["name", "cinnabar", "n", "-12345", "big", "x".repeat(70)],
    "6c0000000600846e616d65058863696e6e6162617209816e02f1c7cf038362696704e046" + "78".repeat(70) + "48ff"],
  ["ZADD 1 a 1.5 b -3 c 100000 d", ["c", "-3", "a", "1", "b", "1.5", "d", "100000"],
    "220000000800816302dffd02816102010181620283312e3504816402f2a0860104ff"],
];

describe("listpack byte format", () => {
  it("matches golden blobs from redis-server 7.0.15", () => {
    for (const [name, items, hex] of GOLDEN) {
      const lp = fromList(items);
      expect(blob(lp).toString("hex"), name).toBe(hex);
      expect(refListpack(items).toString("hex"), name + " (reference encoder)").toBe(hex);
      x.t_lpFree(lp);
    }
  });

  it("encodes every int and string-length boundary like the reference", () => {
    const vals: string[] = [];
    for (const b of [0n, 127n, 128n, 4095n, 4096n, 32767n, 32768n, 8388607n, 8388608n, 2147483647n, 2147483648n, 9223372036854775807n]) {
      for (const d of [-1n, 0n, 1n]) { vals.push(String(b + d)); vals.push(String(-(b + d))); }
    }
    vals.push("-9223372036854775808", "-9223372036854775809", "18446744073709551616");
    for (const n of [0, 1, 62, 63, 64, 65, 127, 128, 4094, 4095, 4096, 16377, 16378, 16379, 70000]) vals.push("z".repeat(n));
    const lp = fromList(vals);
    expectMatches(lp, vals);
    expect(all(lp)).toEqual(vals.map((v) => (asInt(v) !== null ? String(asInt(v)) : v)));
    x.t_lpFree(lp);
  });

  it("uses a 3-byte backlen for an entry of exactly 16383 bytes (Redis's strict bound)", () => {
    const lp = fromList(["q".repeat(16378)]);
    const b = blob(lp);
    expect(b.length).toBe(6 + 16383 + 3 + 1);
    expect(b.subarray(b.length - 4, b.length - 1).toString("hex")).toBe(Buffer.from(backlen(16383)).toString("hex"));
    expect(backlen(16383)).toEqual([0, 0xff, 0xff]);
    expect(x.t_lpPrev(lp, x.t_lpFirst(lp))).toBe(0);
    expect(x.t_lpLast(lp)).toBe(x.t_lpFirst(lp));
    x.t_lpFree(lp);
  });

  it("lpNew is the 7-byte empty listpack; lpFirst/lpLast/lpSeek on it are 0", () => {
    const lp = x.t_lpNew(0);
    expect(blob(lp).toString("hex")).toBe("070000000000ff");
    expect(x.t_lpFirst(lp)).toBe(0);
    expect(x.t_lpLast(lp)).toBe(0);
    expect(x.t_lpSeek(lp, 0n)).toBe(0);
    expect(x.t_lpSeek(lp, -1n)).toBe(0);
    expect(x.t_lpLength(lp)).toBe(0);
    x.t_lpFree(lp);
    let big = x.t_lpNew(1000);
    expect(x.t_blockSize(big)).toBeGreaterThanOrEqual(1000);
    expect(x.t_lpBytes(big)).toBe(7);
    const at = big;
    for (let i = 0; i < 50; i++) big = app(big, "entry" + i);   // pre-sized: appends stay in place
    expect(big).toBe(at);
    expectMatches(big, Array.from({ length: 50 }, (_, i) => "entry" + i));
    x.t_lpFree(big);
  });
});

describe("listpack reading", () => {
  it("lpGet reports integers and strings; lpGetStr formats integers; lpGetDouble", () => {
    const lp = fromList(["abc", "-4096", "9223372036854775807", "1.5", "inf", "x", "-8388608"]);
    let p = x.t_lpFirst(lp);
    expect(x.t_lpGet(p)).toBe(0);
    expect(mem(x.t_lpvStr(), x.t_lpvLen()).toString()).toBe("abc");
    expect(x.t_lpGetDouble(p)).toBe(0);
    p = x.t_lpNext(lp, p);
    expect(x.t_lpGet(p)).toBe(1);
    expect(x.t_lpvInt()).toBe(-4096n);
    expect(x.t_lpGetDouble(p)).toBe(-4096);
    p = x.t_lpNext(lp, p);
    expect(x.t_lpGet(p)).toBe(1);
    expect(x.t_lpvInt()).toBe(9223372036854775807n);
    expect(str(p)).toBe("9223372036854775807");
    p = x.t_lpNext(lp, p);
    expect(x.t_lpGetDouble(p)).toBe(1.5);
    p = x.t_lpNext(lp, p);
    expect(x.t_lpGetDouble(p)).toBe(Infinity);
    p = x.t_lpSeek(lp, -1n);
    expect(x.t_lpGet(p)).toBe(1);
    expect(x.t_lpvInt()).toBe(-8388608n);
    expect(x.t_lpNext(lp, p)).toBe(0);
    x.t_lpFree(lp);
  });

  it("iterates both ways and seeks with positive and negative indexes", () => {
    const items: string[] = [];
    for (let i = 0; i < 301; i++) items.push(i % 3 ? "e" + "w".repeat(i % 140) : String(i * 1000 - 5000));
    const lp = fromList(items);
    expect(all(lp)).toEqual(items);
    expect(allRev(lp)).toEqual([...items].reverse());
    for (let i = 0; i < items.length; i++) {
      expect(str(x.t_lpSeek(lp, BigInt(i)))).toBe(items[i]);
      expect(str(x.t_lpSeek(lp, BigInt(i - items.length)))).toBe(items[i]);
    }
    expect(x.t_lpSeek(lp, BigInt(items.length))).toBe(0);
    expect(x.t_lpSeek(lp, BigInt(-items.length - 1))).toBe(0);
    x.t_lpFree(lp);
  });

  it("lpFind compares every (skip+1)-th entry; integers match only canonical needles", () => {
    const lp = fromList(["f1", "v1", "10", "f1", "x".repeat(100), "20", "01", "10", "f3", "-5"]);
    const first = x.t_lpFirst(lp);
    const idx = (p: number) => { let i = 0; for (let q = first; q; q = x.t_lpNext(lp, q), i++) if (q === p) return i; return -1; };
    expect(idx(find(lp, first, "f1", 1))).toBe(0);
    expect(idx(find(lp, first, "v1", 1))).toBe(-1);          // values are skipped
    expect(idx(find(lp, first, "v1", 0))).toBe(1);
    expect(idx(find(lp, first, "10", 1))).toBe(2);
    expect(idx(find(lp, x.t_lpNext(lp, first), "f1", 1))).toBe(3);
    expect(idx(find(lp, first, "x".repeat(100), 1))).toBe(4);
    expect(idx(find(lp, first, "01", 1))).toBe(6);
    expect(idx(find(lp, first, "f3", 1))).toBe(8);
    expect(idx(find(lp, first, "-5", 1))).toBe(-1);
    expect(idx(find(lp, first, "-5", 0))).toBe(9);
    expect(idx(find(lp, first, "1", 0))).toBe(-1);
    expect(idx(find(lp, first, "010", 0))).toBe(-1);
    expect(idx(find(lp, first, "20", 0))).toBe(5);
    expect(find(lp, 0, "f1", 0)).toBe(0);
    x.t_lpFree(lp);
  });

  it("lpEq and lpCmp compare an entry with bytes (integers by their decimal form)", () => {
    const lp = fromList(["abc", "123", "-7", "", "abd"]);
    const p = (i: number) => x.t_lpSeek(lp, BigInt(i));
    const eq = (i: number, s: string) => x.t_lpEq(p(i), S, put(s));
    const cmp = (i: number, s: string) => Math.sign(x.t_lpCmp(p(i), S, put(s)));
    expect(eq(0, "abc")).toBe(1); expect(eq(0, "abd")).toBe(0); expect(eq(0, "ab")).toBe(0);
    expect(eq(1, "123")).toBe(1); expect(eq(1, "0123")).toBe(0); expect(eq(1, "12")).toBe(0);
    expect(eq(2, "-7")).toBe(1); expect(eq(3, "")).toBe(1); expect(eq(3, "a")).toBe(0);
    expect(cmp(0, "abc")).toBe(0); expect(cmp(0, "abd")).toBe(-1); expect(cmp(0, "ab")).toBe(1);
    expect(cmp(1, "13")).toBe(-1); expect(cmp(1, "1234")).toBe(-1); expect(cmp(1, "123")).toBe(0);
    expect(cmp(2, "-6")).toBe(1); expect(cmp(3, "")).toBe(0); expect(cmp(3, "\x00")).toBe(-1);
    expect(cmp(4, "abc")).toBe(1);
    x.t_lpFree(lp);
  });

  it("lpStringToInt64 and lpEntrySizeFor follow the encoding rule", () => {
    const cases = ["0", "-0", "01", "1", "-1", "127", "128", "9223372036854775807", "9223372036854775808",
      "-9223372036854775808", "-9223372036854775809", "", " 1", "1.0", "x".repeat(63), "x".repeat(64), "x".repeat(5000)];
    for (const c of cases) {
      const n = put(c);
      const want = asInt(c);
      expect(x.t_lpStringToInt64(S, n), c).toBe(want === null ? 0 : 1);
      if (want !== null) expect(x.t_parsedInt()).toBe(want);
      expect(x.t_lpEntrySizeFor(S, n), c).toBe(refEntry(c).length);
    }
    for (const v of [0n, 127n, 128n, -4096n, -4097n, 32767n, 8388608n, -2147483648n, 2147483648n]) {
      expect(x.t_lpEntrySizeForInt(v)).toBe(refEntry(String(v)).length);
    }
    const lp = x.t_lpNew(0);
    expect(x.t_lpSafeToAdd(lp, 1000)).toBe(1);
    expect(x.t_lpSafeToAdd(lp, 2 ** 30)).toBe(0);
    x.t_lpFree(lp);
  });
});

describe("listpack editing", () => {
  it("insert before/after, prepend, int variants, pairs; lpPos is the new entry", () => {
    let lp = fromList(["b", "d"]);
    lp = ins(lp, x.t_lpFirst(lp), 0, "a");
    expect(str(x.t_lpPos())).toBe("a");
    lp = ins(lp, x.t_lpSeek(lp, 1n), 1, "c");
    expect(str(x.t_lpPos())).toBe("c");
    lp = ins(lp, x.t_lpLast(lp), 1, "e");
    lp = pre(lp, "0");
    lp = x.t_lpPrependInt(lp, -1n);
    lp = x.t_lpAppendInt(lp, 1000000n);
    lp = x.t_lpInsertInt(lp, x.t_lpSeek(lp, 2n), 0, 42n);
    expect(str(x.t_lpPos())).toBe("42");
    expectMatches(lp, ["-1", "0", "42", "a", "b", "c", "d", "e", "1000000"]);
    lp = x.t_lpAppendPair(lp, S, put("field"), S + 100, put("7", 100));
    expect(str(x.t_lpPos())).toBe("field");
    lp = x.t_lpInsertPair(lp, x.t_lpFirst(lp), S, put("m".repeat(80)), S + 200, put("2.5", 200));
    expect(str(x.t_lpPos())).toBe("m".repeat(80));
    expectMatches(lp, ["m".repeat(80), "2.5", "-1", "0", "42", "a", "b", "c", "d", "e", "1000000", "field", "7"]);
    x.t_lpFree(lp);
  });

  it("replace keeps, grows and shrinks entries", () => {
    let lp = fromList(["a", "bb", "ccc"]);
    const before = x.t_lpSeek(lp, 1n);
    lp = rep(lp, before, "xy");
    expect(x.t_lpPos()).toBe(x.t_lpSeek(lp, 1n));
    expectMatches(lp, ["a", "xy", "ccc"]);
    lp = rep(lp, x.t_lpSeek(lp, 1n), "y".repeat(300));
    expectMatches(lp, ["a", "y".repeat(300), "ccc"]);
    lp = rep(lp, x.t_lpSeek(lp, 1n), "5");
    expectMatches(lp, ["a", "5", "ccc"]);
    lp = x.t_lpReplaceInt(lp, x.t_lpSeek(lp, 1n), -9223372036854775808n);
    expectMatches(lp, ["a", "-9223372036854775808", "ccc"]);
    lp = x.t_lpReplaceInt(lp, x.t_lpSeek(lp, -1n), 3n);
    expectMatches(lp, ["a", "-9223372036854775808", "3"]);
    x.t_lpFree(lp);
  });

  it("delete, deleteRange, deleteRangeWithEntry; lpPos is the following entry or 0", () => {
    const items = Array.from({ length: 20 }, (_, i) => (i % 2 ? "s" + i : String(i * 99)));
    let lp = fromList(items);
    const model = [...items];
    lp = x.t_lpDelete(lp, x.t_lpSeek(lp, 3n)); model.splice(3, 1);
    expect(str(x.t_lpPos())).toBe(model[3]);
    lp = x.t_lpDelete(lp, x.t_lpLast(lp)); model.pop();
    expect(x.t_lpPos()).toBe(0);
    expectMatches(lp, model);
    lp = x.t_lpDeleteRange(lp, 2n, 3); model.splice(2, 3);
    expectMatches(lp, model);
    lp = x.t_lpDeleteRange(lp, -3n, 100); model.splice(-3);
    expect(x.t_lpPos()).toBe(0);
    expectMatches(lp, model);
    lp = x.t_lpDeleteRange(lp, 100n, 1);
    expectMatches(lp, model);
    lp = x.t_lpDeleteRangeWithEntry(lp, x.t_lpSeek(lp, 1n), 2); model.splice(1, 2);
    expect(str(x.t_lpPos())).toBe(model[1]);
    expectMatches(lp, model);
    lp = x.t_lpDeleteRange(lp, 0n, 1000); model.length = 0;
    expectMatches(lp, model);
    x.t_lpFree(lp);
  });

  it("accepts source bytes that live inside the same listpack", () => {
    let lp = fromList(["hello-world-entry", "y".repeat(200)]);
    x.t_lpGetStr(x.t_lpFirst(lp));
    lp = x.t_lpPrepend(lp, x.t_lpvStr(), x.t_lpvLen());
    x.t_lpGetStr(x.t_lpLast(lp));
    lp = x.t_lpAppend(lp, x.t_lpvStr(), x.t_lpvLen());
    x.t_lpGetStr(x.t_lpLast(lp));
    lp = x.t_lpReplace(lp, x.t_lpFirst(lp), x.t_lpvStr(), x.t_lpvLen());
    x.t_lpGetStr(x.t_lpSeek(lp, 1n));
    const s1 = x.t_lpvStr(), l1 = x.t_lpvLen();
    x.t_lpGetStr(x.t_lpSeek(lp, 2n));
    lp = x.t_lpInsertPair(lp, x.t_lpSeek(lp, 1n), s1, l1, x.t_lpvStr(), x.t_lpvLen());
    expectMatches(lp, ["y".repeat(200), "hello-world-entry", "y".repeat(200), "hello-world-entry", "y".repeat(200), "y".repeat(200)]);
    x.t_lpFree(lp);
  });

  it("lpDup copies; lpOffsets lists entry offsets with a stride", () => {
    const items = ["f1", "1", "f2", "x".repeat(300), "f3", "-70000"];
    const lp = fromList(items);
    const d = x.t_lpDup(lp);
    expect(d).not.toBe(lp);
    expect(blob(d).equals(blob(lp))).toBe(true);
    const dst = S + 4096;
    expect(x.t_lpOffsets(lp, dst, 1)).toBe(3);
    const offs = [0, 1, 2].map((i) => Buffer.from(u8().slice(dst + 4 * i, dst + 4 * i + 4)).readUInt32LE(0));
    expect(offs.map((o) => str(lp + o))).toEqual(["f1", "f2", "f3"]);
    expect(x.t_lpOffsets(lp, dst, 0)).toBe(6);
    const e = x.t_lpNew(0);
    expect(x.t_lpOffsets(e, dst, 0)).toBe(0);
    for (const p of [lp, d, e]) x.t_lpFree(p);
  });

  it("lpMerge appends b to a and leaves b intact", () => {
    let a = fromList(["1", "two"]);
    const b = fromList(["3", "four", "x".repeat(5000)]);
    const bBytes = blob(b);
    a = x.t_lpMerge(a, b);
    expectMatches(a, ["1", "two", "3", "four", "x".repeat(5000)]);
    expect(blob(b).equals(bBytes)).toBe(true);
    const e = x.t_lpNew(0);
    a = x.t_lpMerge(a, e);
    expect(x.t_lpLength(a)).toBe(5);
    let e2 = x.t_lpNew(0);
    e2 = x.t_lpMerge(e2, b);
    expectMatches(e2, ["3", "four", "x".repeat(5000)]);
    for (const p of [a, b, e, e2]) x.t_lpFree(p);
  });

  it("the header count saturates at 65535 and lpLength recounts", () => {
    let lp = x.t_lpNew(0);
    for (let i = 0; i < 65534; i++) lp = x.t_lpAppendInt(lp, BigInt(i & 127));
    expect(blob(lp).readUInt16LE(4)).toBe(65534);
    lp = x.t_lpAppendInt(lp, 1n);
    expect(blob(lp).readUInt16LE(4)).toBe(65535);
    expect(x.t_lpLength(lp)).toBe(65535);
    lp = x.t_lpAppendInt(lp, 1n);
    expect(x.t_lpLength(lp)).toBe(65536);
    expect(blob(lp).readUInt16LE(4)).toBe(65535);
    expect(x.t_lpValidate(lp, x.t_lpBytes(lp), 1)).toBe(1);
    expect(x.t_lpGet(x.t_lpSeek(lp, -65536n))).toBe(1);
    expect(x.t_lpvInt()).toBe(0n);
    expect(x.t_lpSeek(lp, 65536n)).toBe(0);
    lp = x.t_lpDeleteRange(lp, 0n, 2);
    expect(blob(lp).readUInt16LE(4)).toBe(65535);     // unknown stays unknown ...
    expect(x.t_lpLength(lp)).toBe(65534);             // ... until counted
    expect(blob(lp).readUInt16LE(4)).toBe(65534);
    x.t_lpFree(lp);
  });

  it("random edits match a model and the reference encoder", () => {
    let lp = x.t_lpNew(0);
    let model: string[] = [];
    const canon = (s: string) => (asInt(s) !== null ? String(asInt(s)) : s);
    for (let step = 0; step < 3000; step++) {
      const n = model.length;
      const op = ri(10);
      if (op <= 2 || n === 0) {
        const v = rval();
        if (ri(2)) { lp = app(lp, v); model.push(canon(v)); } else { lp = pre(lp, v); model.unshift(canon(v)); }
      } else if (op === 3) {
        const i = ri(n), v = rval(), where = ri(2);
        lp = ins(lp, x.t_lpSeek(lp, BigInt(i)), where, v);
        model.splice(i + where, 0, canon(v));
        expect(str(x.t_lpPos())).toBe(canon(v));
      } else if (op === 4) {
        const i = ri(n), v = rval();
        lp = rep(lp, x.t_lpSeek(lp, BigInt(i - (ri(2) ? n : 0))), v);
        model[i] = canon(v);
      } else if (op === 5) {
        const i = ri(n);
        lp = x.t_lpDelete(lp, x.t_lpSeek(lp, BigInt(i)));
        model.splice(i, 1);
      } else if (op === 6) {
        const i = ri(n), k = ri(5);
        lp = x.t_lpDeleteRange(lp, BigInt(i), k);
        model.splice(i, k);
      } else if (op === 7) {
        const i = ri(n);
        const p = find(lp, x.t_lpFirst(lp), model[i], 0);
        expect(str(p)).toBe(model[i]);
        expect(x.t_lpEq(p, S, put(model[i]))).toBe(1);
      } else if (op === 8) {
        const v = BigInt(ri(2 ** 31)) * BigInt(ri(2 ** 31)) - (1n << 60n);
        lp = x.t_lpAppendInt(lp, v); model.push(String(v));
      } else {
        const i = ri(n);
        expect(str(x.t_lpSeek(lp, BigInt(i - n)))).toBe(model[i]);
      }
      if (model.length > 400) { lp = x.t_lpDeleteRange(lp, 0n, 200); model = model.slice(200); }
      if (step % 25 === 0) {
        expectMatches(lp, model);
        expect(allRev(lp)).toEqual([...model].reverse());
      }
    }
    expectMatches(lp, model);
    x.t_lpFree(lp);
  });

  it("frees everything it allocates", () => {
    const before = x.t_used();
    let lp = x.t_lpNew(0);
    for (let i = 0; i < 2000; i++) lp = app(lp, "e" + "z".repeat(i % 300));
    lp = ins(lp, x.t_lpSeek(lp, 5n), 0, "x".repeat(40000));
    lp = x.t_lpDeleteRange(lp, 0n, 1500);
    x.t_lpFree(lp);
    expect(x.t_used()).toBe(before);
  });
});

describe("lpValidate", () => {
  const good = () => refListpack(["a", "1", "-300", "x".repeat(100), "y".repeat(5000), "70000"]);
  const check = (b: Buffer, deep: number, size = b.length) => {
    const p = heapBlob(b);
    const r = x.t_lpValidate(p, size, deep);
    x.t_lpFree(p);
    return r;
  };
  it("accepts well-formed blobs", () => {
    expect(check(good(), 1)).toBe(1);
    expect(check(refListpack([]), 1)).toBe(1);
    const unknown = good(); unknown.writeUInt16LE(65535, 4);
    expect(check(unknown, 1)).toBe(1);
  });
  it("rejects corrupt blobs", () => {
    const g = good();
    expect(check(g, 1, g.length - 1)).toBe(0);                       // size mismatch
    const t = Buffer.from(g); t[t.length - 1] = 0; expect(check(t, 0)).toBe(0); // no terminator
    const c = Buffer.from(g); c.writeUInt16LE(5, 4);
    expect(check(c, 0)).toBe(1); expect(check(c, 1)).toBe(0);      // count only checked deep
    const bl = Buffer.from(g); bl[8] = 5;                             // backlen of "a" wrong
    expect(check(bl, 1)).toBe(0);
    const enc = Buffer.from(g); enc[6] = 0xf7;                        // unused encoding
    expect(check(enc, 1)).toBe(0);
    const eof = Buffer.from(g); eof[6] = 0xff;                        // early terminator
    expect(check(eof, 1)).toBe(0);
    const huge = refListpack(["y".repeat(5000)]); huge.writeUInt32LE(0xfffffff0, 7);
    expect(check(huge, 1)).toBe(0);
    const short = refListpack(["y".repeat(100)]); short[7] = 0xff;    // 12-bit length past the end
    expect(check(short, 1)).toBe(0);
    expect(check(Buffer.from("0600000000ff", "hex"), 0)).toBe(0);
  });
});

// ---- live differential against a real redis-server -------------------------------------------

function bulk(reply: Buffer): Buffer {
  const e = reply.indexOf("\r\n");
  expect(reply[0]).toBe(0x24);
  const n = Number(reply.toString("latin1", 1, e));
  return reply.subarray(e + 2, e + 2 + n);
}
function rdbLen(b: Buffer, i: number): [number, number] {
  const c = b[i], t = c >> 6;
  if (t === 0) return [c & 63, i + 1];
  if (t === 1) return [((c & 63) << 8) | b[i + 1], i + 2];
  if (c === 0x80) return [b.readUInt32BE(i + 1), i + 5];
  throw new Error("unexpected RDB length byte " + c);
}
/** The raw listpack/intset blobs inside a DUMP payload (rdbcompression must be off). */
function dumpBlobs(d: Buffer): Buffer[] {
  const type = d[0];
  let i = 1;
  const out: Buffer[] = [];
  const str = () => { const [n, j] = rdbLen(d, i); out.push(d.subarray(j, j + n)); i = j + n; };
  if (type === 18) { // quicklist 2: node count, then (container, blob) per node
    let n: number; [n, i] = rdbLen(d, i);
    for (let k = 0; k < n; k++) { [, i] = rdbLen(d, i); str(); }
  } else if (type === 16 || type === 17 || type === 11) str();
  else throw new Error("unexpected DUMP type " + type);
  return out;
}

const skipLive = redisMissingReason();
describe.skipIf(skipLive !== null)("listpack vs real redis-server DUMP" + (skipLive ? ` (skipped: ${skipLive})` : ""), () => {
  let srv: TestServer | null = null;
  let c: RawClient;
  beforeAll(async () => {
    srv = await startRedis(["--rdbcompression", "no", "--list-max-listpack-size", "-5",
      "--hash-max-listpack-entries", "100000", "--hash-max-listpack-value", "100000"]);
    c = await RawClient.connect(srv!.port);
  });
  afterAll(async () => { c?.close(); await srv?.stop(); });

  async function dumpOne(key: string): Promise<Buffer> {
    const blobs = dumpBlobs(bulk(await c.call("DUMP", key)));
    expect(blobs.length).toBe(1);
    return blobs[0];
  }

  it("list edits produce Redis's bytes", async () => {
    await c.call("DEL", "L");
    let lp = x.t_lpNew(0);
    let n = 0, maxLen = 0, compared = 0;
    for (let step = 0; step < 400; step++) {
      const op = ri(12);
      const v = ri(10) ? rval().slice(0, 300) : rval();
      if (op <= 1 || n === 0) {
        if (op === 0) { await c.call("RPUSH", "L", v); lp = app(lp, v); } else { await c.call("LPUSH", "L", v); lp = pre(lp, v); }
        n++;
      } else if (op === 2) {
        const i = ri(n);
        const pivot = str(x.t_lpSeek(lp, BigInt(i)));
        const first = find(lp, x.t_lpFirst(lp), pivot, 0);
        const where = ri(2);
        await c.call("LINSERT", "L", where ? "AFTER" : "BEFORE", pivot, v);
        lp = ins(lp, first, where, v); n++;
      } else if (op === 3) {
        const i = ri(n) - (ri(2) ? n : 0);
        await c.call("LSET", "L", String(i), v);
        lp = rep(lp, x.t_lpSeek(lp, BigInt(i)), v);
      } else if (op === 4) {
        await c.call("LPOP", "L"); lp = x.t_lpDelete(lp, x.t_lpFirst(lp)); n--;
      } else if (op === 5) {
        await c.call("RPOP", "L"); lp = x.t_lpDelete(lp, x.t_lpLast(lp)); n--;
      } else if (op === 6) {
        // LREM 1: first occurrence
        const target = str(x.t_lpSeek(lp, BigInt(ri(n))));
        await c.call("LREM", "L", "1", target);
        lp = x.t_lpDelete(lp, find(lp, x.t_lpFirst(lp), target, 0)); n--;
      } else if (op === 7 && n > 6) {
        await c.call("LTRIM", "L", "1", "-2");
        lp = x.t_lpDeleteRange(lp, 0n, 1); lp = x.t_lpDeleteRange(lp, -1n, 1); n -= 2;
      } else {
        await c.call("RPUSH", "L", v); lp = app(lp, v); n++;
      }
      if (n === 0) { x.t_lpFree(lp); lp = x.t_lpNew(0); continue; }
      maxLen = Math.max(maxLen, n);
      if (step % 10 === 0 || step === 399) {
        expect((await dumpOne("L")).toString("hex")).toBe(blob(lp).toString("hex"));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
    expect(maxLen).toBeGreaterThan(20);
    x.t_lpFree(lp);
  });

  it("hash edits (HSET/HDEL/HINCRBY) produce Redis's bytes", async () => {
    await c.call("DEL", "H");
    let lp = x.t_lpNew(0);
    let maxLen = 0, compared = 0;
    for (let step = 0; step < 400; step++) {
      const f = "f" + ri(40);
      const op = ri(4);
      const fp = find(lp, x.t_lpFirst(lp), f, 1);
      if (op <= 1) {
        const v = rval().slice(0, 200);
        await c.call("HSET", "H", f, v);
        if (fp) lp = rep(lp, x.t_lpNext(lp, fp), v);
        else lp = x.t_lpAppendPair(lp, S, put(f), S + 1000, put(v, 1000));
      } else if (op === 2) {
        await c.call("HDEL", "H", f);
        if (fp) lp = x.t_lpDeleteRangeWithEntry(lp, fp, 2);
      } else {
        const by = BigInt(ri(2 ** 20)) * BigInt(ri(2 ** 20)) - (1n << 39n);
        const r = (await c.call("HINCRBY", "H", f, String(by))).toString("latin1");
        if (r.startsWith(":")) {
          if (fp) lp = x.t_lpReplaceInt(lp, x.t_lpNext(lp, fp), BigInt(r.slice(1, -2)));
          else { lp = app(lp, f); lp = x.t_lpAppendInt(lp, BigInt(r.slice(1, -2))); }
        }
      }
      if (x.t_lpLength(lp) === 0) { x.t_lpFree(lp); lp = x.t_lpNew(0); await c.call("DEL", "H"); continue; }
      maxLen = Math.max(maxLen, x.t_lpLength(lp));
      if (step % 10 === 0 || step === 399) {
        expect((await dumpOne("H")).toString("hex")).toBe(blob(lp).toString("hex"));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
    expect(maxLen).toBeGreaterThan(30);
    x.t_lpFree(lp);
  });
});
