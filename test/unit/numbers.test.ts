// util/numbers.ts through the test ABI (build/test-util.wasm).
// Expected values in the tables were observed on redis-server 7.0.15 (string2ll, via INCR) and, for
// the 7.2+ double reply format and strtod acceptance, on the glibc/Redis 7.4 code paths they name.
import { describe, it, expect } from "vitest";
import { useUtilWasm, utilHelpers } from "../helpers/util-wasm";

const u = useUtilWasm();
const { put, get, bitsOf, fromBits, s2ll, s2d, d2s, fpconv } = utilHelpers(u);

// Deterministic PRNG so failures reproduce.
let seed = 0x9e3779b9;
function rnd(): number {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
}
const ri = (n: number) => Math.floor(rnd() * n);
function rndBits(): bigint { return (BigInt(ri(2 ** 32)) << 32n) | BigInt(ri(2 ** 32)); }
function digits(n: number): string { let s = ""; for (let i = 0; i < n; i++) s += String(ri(10)); return s; }

describe("string2ll", () => {
  it("matches INCR's acceptance on real redis", () => {
    // [input, accepted value or null]; observed with SET k <v>; INCR k on redis-server.
    const cases: [string, bigint | null][] = [
      ["0", 0n], ["1", 1n], ["-1", -1n], ["007", null], ["-0", null], ["00", null], ["+1", null],
      [" 1", null], ["1 ", null], ["-", null], ["", null], ["9223372036854775807", 9223372036854775807n],
      ["9223372036854775808", null], ["-9223372036854775808", -9223372036854775808n],
      ["-9223372036854775809", null], ["18446744073709551615", null], ["18446744073709551616", null],
      ["99999999999999999999", null], ["-99999999999999999999", null], ["1e3", null], ["1.0", null],
      ["0x10", null], ["123456789012345678901", null], ["-01", null], ["12a", null], ["1\u00002", null],
    ];
    for (const [s, v] of cases) expect(s2ll(s), JSON.stringify(s)).toBe(v);
  });
  it("round-trips random i64 values and rejects out-of-range ones", () => {
    for (let i = 0; i < 20000; i++) {
      const v = BigInt.asIntN(64, rndBits()) >> BigInt(ri(64));
      expect(s2ll(v.toString())).toBe(v);
    }
    for (let i = 0; i < 2000; i++) {
      const v = 9223372036854775808n + BigInt(ri(2 ** 30)) * BigInt(1 + ri(2 ** 30));
      expect(s2ll(v.toString())).toBe(null);
      expect(s2ll("-" + (v + 1n).toString())).toBe(null);
    }
  });
});

describe("ll2string / ull2string / digits10", () => {
  it("formats edge values", () => {
    const edges = [0n, 1n, -1n, 9n, 10n, 99n, 100n, -9223372036854775808n, 9223372036854775807n];
    for (const v of edges) expect(get(u.x.t_ll2string(u.S, v))).toBe(v.toString());
    expect(get(u.x.t_ull2string(u.S, 18446744073709551615n))).toBe("18446744073709551615");
    expect(u.x.t_digits10(0n)).toBe(1);
    expect(u.x.t_digits10(18446744073709551615n)).toBe(20);
  });
  it("formats random values", () => {
    for (let i = 0; i < 20000; i++) {
      const w = rndBits() >> BigInt(ri(64));
      expect(get(u.x.t_ull2string(u.S, w))).toBe(w.toString());
      expect(u.x.t_digits10(w)).toBe(w.toString().length);
      const v = BigInt.asIntN(64, w);
      expect(get(u.x.t_ll2string(u.S, v))).toBe(v.toString());
    }
  });
});

// [input, accepted (1/0), resulting double bits]: strtod results under Redis string2d's rules.
const S2D: [string, number, string][] = [
  ["1.5", 1, "3ff8000000000000"],
  ["-1.5", 1, "bff8000000000000"],
  ["+1.5", 1, "3ff8000000000000"],
  [".5", 1, "3fe0000000000000"],
  ["5.", 1, "4014000000000000"],
  ["-.5", 1, "bfe0000000000000"],
  ["1e3", 1, "408f400000000000"],
  ["1E+3", 1, "408f400000000000"],
  ["1e-3", 1, "3f50624dd2f1a9fc"],
  ["1e", 0, ""],
  ["1e+", 0, ""],
  [".", 0, ""],
  ["", 0, ""],
  ["-", 0, ""],
  ["+", 0, ""],
  [" 1", 0, ""],
  ["1 ", 0, ""],
  ["\t1", 0, ""],
  ["1\n", 0, ""],
  ["inf", 1, "7ff0000000000000"],
  ["-inf", 1, "fff0000000000000"],
  ["+inf", 1, "7ff0000000000000"],
  ["INF", 1, "7ff0000000000000"],
  ["Infinity", 1, "7ff0000000000000"],
  ["-infinity", 1, "fff0000000000000"],
  ["infinit", 0, ""],
  ["infinityx", 0, ""],
  ["nan", 0, ""],
  ["-nan", 0, ""],
  ["NaN", 0, ""],
  ["nan()", 0, ""],
  ["nan(abc)", 0, ""],
  ["0x1p3", 1, "4020000000000000"],
  ["0X1P-2", 1, "3fd0000000000000"],
  ["0x1.8p1", 1, "4008000000000000"],
  ["0x.8p1", 1, "3ff0000000000000"],
  ["0x", 0, ""],
  ["0x.", 0, ""],
  ["0xp1", 0, ""],
  ["0x1p", 0, ""],
  ["0x1g", 0, ""],
  ["0x1.", 1, "3ff0000000000000"],
  ["0x10", 1, "4030000000000000"],
  ["-0x1p3", 1, "c020000000000000"],
  ["1e309", 0, ""],
  ["-1e309", 0, ""],
  ["1e308", 1, "7fe1ccf385ebc8a0"],
  ["1e-400", 0, ""],
  ["-1e-400", 0, ""],
  ["0e-400", 1, "0000000000000000"],
  ["0e9999", 1, "0000000000000000"],
  ["0.0", 1, "0000000000000000"],
  ["-0", 1, "8000000000000000"],
  ["-0.0", 1, "8000000000000000"],
  ["00012", 1, "4028000000000000"],
  ["0012.50", 1, "4029000000000000"],
  ["1..2", 0, ""],
  ["1.2.3", 0, ""],
  ["1e5.5", 0, ""],
  ["2.4703282292062327e-324", 0, ""],
  ["2.4703282292062328e-324", 1, "0000000000000001"],
  ["4.9406564584124654e-324", 1, "0000000000000001"],
  ["1.7976931348623158e308", 1, "7fefffffffffffff"],
  ["1.7976931348623159e308", 0, ""],
  ["1.797693134862315807e308", 1, "7fefffffffffffff"],
  ["1.797693134862315808e308", 0, ""],
  ["9007199254740993", 1, "4340000000000000"],
  ["9007199254740993.0000000000000000000001", 1, "4340000000000001"],
  ["9007199254740995", 1, "4340000000000002"],
  ["0.1", 1, "3fb999999999999a"],
  ["0.2", 1, "3fc999999999999a"],
  ["0.3", 1, "3fd3333333333333"],
  ["123456789012345678901234567890", 1, "45f8ee90ff6c373e"],
  ["3.14159265358979323846264338327950288", 1, "400921fb54442d18"],
  ["1e-320", 1, "00000000000007e8"],
  ["1\u00002", 0, ""],
  ["0x1p-1074", 1, "0000000000000001"],
  ["0x1p-1075", 0, ""],
  ["0x1.0000000000001p-1075", 1, "0000000000000001"],
  ["0x1.fffffffffffff8p1023", 0, ""],
  ["0x1.fffffffffffff7p1023", 1, "7fefffffffffffff"],
];

describe("string2d", () => {
  it("accepts and rejects like Redis string2d (strtod)", () => {
    for (const [s, ok, bits] of S2D) {
      const v = s2d(s);
      if (!ok) expect(v, JSON.stringify(s)).toBe(null);
      else {
        expect(v, JSON.stringify(s)).not.toBe(null);
        expect(bitsOf(v!), JSON.stringify(s)).toBe(bits);
      }
    }
  });
  it("is correctly rounded for random decimal strings (vs JS Number)", () => {
    for (let i = 0; i < 30000; i++) {
      let s = (ri(4) == 0 ? "-" : "") + digits(1 + ri(22));
      if (ri(2)) s += "." + digits(ri(25));
      if (ri(2)) s += "e" + (ri(2) ? "-" : "") + ri(330);
      const want = Number(s);
      const got = s2d(s);
      if (!isFinite(want) || (want === 0 && /[1-9]/.test(s.replace(/e.*/, "")))) expect(got, s).toBe(null);
      else expect(bitsOf(got!), s).toBe(bitsOf(want));
    }
  });
  it("rounds exact halfway points to even and breaks ties with far digits", () => {
    for (let i = 0; i < 3000; i++) {
      const b = rndBits() & 0x7fefffffffffffffn;
      const v = fromBits(b.toString(16));
      if (!isFinite(v) || v === 0) continue;
      // Exact decimal of the midpoint between v and its successor.
      const e = Number((b >> 52n) & 0x7ffn);
      const m = (b & 0xfffffffffffffn) | (e ? 1n << 52n : 0n);
      const q = (e ? e - 1075 : -1074) - 1; // midpoint = (2m+1) * 2^q
      let num = 2n * m + 1n, str: string;
      if (q >= 0) str = (num << BigInt(q)).toString();
      else {
        const scaled = num * 5n ** BigInt(-q); // value = scaled / 10^-q
        const t = scaled.toString().padStart(-q + 1, "0");
        str = t.slice(0, t.length + q) + "." + t.slice(t.length + q);
      }
      const succ = fromBits((b + 1n).toString(16));
      const even = (m & 1n) === 0n ? v : succ;
      expect(bitsOf(s2d(str)!), str).toBe(bitsOf(even));
      const above = str.includes(".") ? str + "0000000000000000000001" : str + ".00000000000000000001";
      if (isFinite(succ)) expect(bitsOf(s2d(above)!), above).toBe(bitsOf(succ));
    }
  });
  it("handles very long inputs", () => {
    const long = "0." + "0".repeat(5000) + "1" + "e5001";
    expect(s2d(long)).toBe(1);
    const many = "1" + "0".repeat(20000);
    expect(s2d(many)).toBe(null); // overflow
    expect(s2d("1." + "0".repeat(20000) + "1")).toBe(1);
  });
});

// [double bits, d2string (reply format), fpconv_dtoa (AOF rewrite format)].
const D2S: [string, string, string][] = [
  ["3ff8000000000000", "1.5", "1.5"],
  ["4024000000000000", "10", "10"],
  ["4415af1d78b58c40", "1e+20", "1e+20"],
  ["4376345785d8a000", "100000000000000000", "1e+17"],
  ["43abc16d674ec800", "1000000000000000000", "1e+18"],
  ["43e158e460913d00", "1e+19", "1e+19"],
  ["43d0000000000000", "4611686018427387904", "4611686018427388000"],
  ["43d0000000000001", "4611686018427389000", "4611686018427389000"],
  ["c3d0000000000000", "-4611686018427387904", "-4611686018427388000"],
  ["c3d0000000000002", "-4611686018427390000", "-4611686018427390000"],
  ["43e0000000000000", "9223372036854776000", "9223372036854776000"],
  ["3f1a36e2eb1c432d", "0.0001", "0.0001"],
  ["3ee4f8b588e368f1", "0.00001", "0.00001"],
  ["3ee4f8b588e368f1", "0.00001", "0.00001"],
  ["3eb0c6f7a0b5ed8d", "0.000001", "0.000001"],
  ["3e7ad7f29abcaf48", "1e-7", "1e-7"],
  ["3e8421f5f40d8376", "1.5e-7", "1.5e-7"],
  ["3fb999999999999a", "0.1", "0.1"],
  ["3fd3333333333333", "0.3", "0.3"],
  ["3fd3333333333334", "0.30000000000000004", "0.30000000000000004"],
  ["3fd5555555555555", "0.3333333333333333", "0.3333333333333333"],
  ["3fe5555555555555", "0.6666666666666666", "0.6666666666666666"],
  ["400921f9f01b866e", "3.14159", "3.14159"],
  ["c004000000000000", "-2.5", "-2.5"],
  ["40fe240c9fbe76c9", "123456.789", "123456.789"],
  ["40934a4584fb7ce4", "1234.5678901", "1234.5678901"],
  ["40c81cd6e63c529f", "1.2345678901234e+4", "1.2345678901234e+4"],
  ["3f543a2638f12fa5", "0.001234567", "0.001234567"],
  ["3f202e84fa5a8c84", "1.234567e-4", "1.234567e-4"],
  ["3f202e85aa468b90", "1.2345678e-4", "1.2345678e-4"],
  ["444b1ae4d6e2ef50", "1e+21", "1e+21"],
  ["4480f0cf064dd592", "1e+22", "1e+22"],
  ["44b52d02c7e14af6", "99999999999999990000000", "99999999999999990000000"],
  ["7fefffffffffffff", "1.7976931348623157e+308", "1.7976931348623157e+308"],
  ["1", "5e-324", "5e-324"],
  ["10000000000000", "2.2250738585072014e-308", "2.2250738585072014e-308"],
  ["54b249ad2594c37d", "1e+100", "1e+100"],
  ["54bb6e83b85f253b", "1.5e+100", "1.5e+100"],
  ["2b2bff2ee48e0530", "1e-100", "1e-100"],
  ["3c36b082c2148b8e", "1.23e-18", "1.23e-18"],
  ["5c4fb8719e9eb131", "4.6111351809673713e+136", "4.6111351809673713e+136"],
  ["c2d9a67d35a27818", "-112811423730144.37", "-112811423730144.37"],
  ["5e53b7e7ea017407", "2.4622332766232316e+146", "2.4622332766232316e+146"],
  ["2dd13f336b8bcd0e", "5.418658422172402e-88", "5.418658422172402e-88"],
  ["3cd0addd529634e7", "9.258792824060832e-16", "9.258792824060832e-16"],
  ["c31a5fcb63e552a5", "-1855919138362537.3", "-1855919138362537.3"],
  ["41678c29dccccccd", "12345678.9", "12345678.9"],
  ["419d6f3456000000", "123456789.5", "123456789.5"],
  ["41d26580b4900000", "1234567890.25", "1234567890.25"],
  ["4206fee0e1ac0000", "12345678901.5", "12345678901.5"],
  ["423cbe991a148000", "123456789012.5", "123456789012.5"],
  ["431550f7dca70000", "1500000000000000", "1.5e+15"],
  ["434aa535d3d0c000", "15000000000000000", "1.5e+16"],
  ["43d0000000000000", "4611686018427387904", "4611686018427388000"],
  ["43dfeb3dd0676600", "9.2e+18", "9.2e+18"],
  ["3ff0000000000001", "1.0000000000000002", "1.0000000000000002"],
  ["3fefffffffffffff", "0.9999999999999999", "0.9999999999999999"],
  ["4059200000000000", "100.5", "100.5"],
  ["3f1a36e2eb1c432e", "1.0000000000000002e-4", "1.0000000000000002e-4"],
  ["3fe0000000000000", "0.5", "0.5"],
  ["3fd0000000000000", "0.25", "0.25"],
  ["3fc0000000000000", "0.125", "0.125"],
  ["3e080d43de9cc603", "7e-10", "7e-10"],
  ["430c6bf526340004", "1000000000000000.5", "1000000000000000.5"],
  ["4340000000000001", "9007199254740994", "9007199254740994"],
  ["c396c98f8d899", "1.7e-308", "1.7e-308"],
  ["17b8", "3e-320", "3e-320"],
  ["44dfe185ca57c517", "6.02214076e+23", "6.02214076e+23"],
  ["3c07a4da290c1653", "1.602176634e-19", "1.602176634e-19"],
  ["41b1de784a19999a", "299792458.1", "299792458.1"],
  ["beb0c6f7a0b5ed8d", "-0.000001", "-0.000001"],
  ["be7ad7f29abcaf48", "-1e-7", "-1e-7"],
  ["3f50624dd2f1a9fc", "0.001", "0.001"],
  ["3f1a36e2eb1c432d", "0.0001", "0.0001"],
  ["3f4d7dbf487fcb92", "0.0009", "0.0009"],
  ["4197d783fe000000", "99999999.5", "99999999.5"],
  ["419d6f3444000000", "123456785", "123456785"],
];

describe("d2string / fpconvDtoa", () => {
  it("formats like Redis 7.2+ (Grisu2 + fpconv layout)", () => {
    for (const [b, want, wantF] of D2S) {
      const v = fromBits(b);
      expect(d2s(v), b).toBe(want);
      expect(fpconv(v), b).toBe(wantF);
    }
  });
  it("formats specials", () => {
    expect(d2s(Infinity)).toBe("inf");
    expect(d2s(-Infinity)).toBe("-inf");
    expect(d2s(NaN)).toBe("nan");
    expect(d2s(0)).toBe("0");
    expect(d2s(-0)).toBe("-0");
    expect(fpconv(-0)).toBe("-0");
    expect(fpconv(Infinity)).toBe("inf");
    expect(fpconv(-Infinity)).toBe("-inf");
  });
  it("always round-trips, and is almost always JS's shortest digits", () => {
    let differ = 0, n = 0;
    for (let i = 0; i < 50000; i++) {
      const v = fromBits(rndBits().toString(16));
      if (!isFinite(v) || v === 0) continue;
      n++;
      const s = d2s(v);
      expect(Number(s), s).toBe(v);
      expect(s.length).toBeLessThanOrEqual(25);
      const mine = s.replace(/e.*/, "").replace(/[-.]/g, "").replace(/^0+/, "").replace(/0+$/, "");
      const js = v.toExponential().replace(/e.*/, "").replace(/[-.]/g, "").replace(/0+$/, "");
      if (mine !== js) differ++;
    }
    expect(differ / n).toBeLessThan(0.005); // Grisu2 is not always shortest; Redis prints the same.
  });
});
