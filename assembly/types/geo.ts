// The geo commands (GEOADD GEODIST GEOHASH GEOPOS GEORADIUS* GEOSEARCH*): a geo index is a sorted
// set whose scores are 52-bit geohash cells (ds/geohash.ts); storage, ZADD semantics and STORE
// results go through types/zsets.ts.
//
// Searches follow Redis's georadiusGeneric:
// - the shape's nine cells (centre, N S E W NE NW SE SW, dropped ones skipped, and a cell equal to
//   the one scanned just before it skipped, the centre never being compared) are scanned in that
//   order, each as the score range [cell, next cell) in score order; every member inside the shape
//   is collected with its decoded position and distance. With ANY the scan stops once COUNT
//   members were collected.
// - COUNT without ANY implies ASC. Sorting compares distances only: a full sort is stable (glibc's
//   qsort is a merge sort), a COUNT-limited one is Redis's partial quicksort (pqsort, a
//   Bentley-McIlroy quicksort that skips partitions outside the wanted ranks), so ties come out in
//   the same order as in Redis.
// - Replies: distances are "%.4f"-like fixed point of llrint(d * 10000) (Redis 7.2+'s
//   fixedpoint_d2string), bulk strings in both protocols; coordinates are long-double "%.17Lf" with
//   trailing zeros removed (addReplyHumanLongDouble: bulk in RESP2, a double in RESP3).
//
// Writes signal the key (WATCH, tracking) and publish Redis's events: "zadd" for GEOADD (which is
// ZADD in Redis), "georadiusstore"/"geosearchstore" for a stored result, "del" when an empty result
// deletes the destination.
//
// Deviations from Redis: distances carry the libm caveat of ds/geohash.ts (bit-identical to a
// musl-linked Redis; a glibc-linked one differs in the last bits of ~2% of them, visible only in
// STOREDIST scores). No write propagation yet, as in the rest of the core (Redis propagates GEOADD
// as ZADD and the STORE forms as the command itself).
import { Client, argPtr, argLen, CF_NO_TOUCH } from "../server/client";
import { def, CMD_WRITE, CMD_READONLY, CMD_DENYOOM, CMD_MOVABLE_KEYS, CMD_ARG_BOUNDED } from "../server/commands";
import { S } from "../server/state";
import { cdb } from "../server/cmdutil";
import { Db, lookupKeyRead, dbDelete } from "../server/db";
import { keyChanged, deleteStoreDestination, NOTIFY_ZSET } from "../server/notify";
import { OBJ_ZSET } from "../server/kv";
import { eType } from "../ds/entry";
import { alloc, free, realloc } from "../mem/alloc";
import {
  addReplyError, addReplyLongLong, addReplyNull, addReplyNullArray, addReplyBulk, addReplyArrayLen,
  addReplyLit, addReplyRaw, errBegin, errLit, errBytes, errEnd,
} from "../server/reply";
import { string2d, parsedDouble, string2ll, parsedInt, ull2string } from "../util/numbers";
import { eqLit } from "../util/bytes";
import { ldAdd, ldFormatHuman, LD_FINITE } from "../util/longdouble";
import { ERR_SYNTAX, ERR_WRONGTYPE, ERR_NOT_FLOAT, ERR_NOT_INTEGER } from "../server/errors";
import { zsetScoreOrNaN, zsetScanScoreRange, zaddPrepared, zsetStoreSkiplist } from "./zsets";
import { zsNew, zsInsert } from "../ds/skiplist";
import {
  GEO_STEP_MAX, GEO_LAT_MIN, GEO_LAT_MAX, GEO_LONG_MIN, GEO_LONG_MAX, ghEncodeWGS84, ghBits, align52,
  decodeScore, xyLon, xyLat, standardGeohash, distance, searchAreas, nbBits, nbStep, nbIsZero,
  inShape, shapePrepare, lastDistance, shType, shLon, shLat, shRadius, shWidth, shHeight, shConversion,
  SHAPE_CIRCLE, SHAPE_BOX,
} from "../ds/geohash";

const ERR_DECODE_MEMBER = "ERR could not decode requested zset member";
const ERR_COUNT = "ERR COUNT must be > 0";
const ERR_ANY = "ERR the ANY argument requires COUNT argument";
const ERR_UNIT = "ERR unsupported unit provided. please use M, KM, FT, MI";
const ERR_RADIUS_NUM = "ERR need numeric radius";
const ERR_RADIUS_NEG = "ERR radius cannot be negative";
const ERR_WIDTH_NUM = "ERR need numeric width";
const ERR_HEIGHT_NUM = "ERR need numeric height";
const ERR_BOX_NEG = "ERR height or width cannot be negative";

@inline function touchAllowed(c: Client): bool { return (c.flags & CF_NO_TOUCH) == 0; }

// ---- number formatting -----------------------------------------------------------------------------

const FMT: usize = memory.data(512);

/** Writes the decimal digits of v, returns their count. */
@inline function putU64(dst: usize, v: u64): u32 { return ull2string(dst, v); }

/**
 * printf("%.<prec>f") of a finite double, exact (the binary value rounded half to even, as glibc
 * does); with `human`, trailing zeros and a trailing '.' are removed and "-0" becomes "0"
 * (Redis's ld2string LD_STR_HUMAN of the value as a long double, which holds it exactly).
 * prec <= 17.
 */
function fmtFixed(dst: usize, v: f64, prec: u32, human: bool): u32 {
  if (!isFinite(v)) {
    if (isNaN(v)) { store<u8>(dst, 110); store<u8>(dst + 1, 97); store<u8>(dst + 2, 110); return 3; }
    let w: u32 = 0;
    if (v < 0) { store<u8>(dst, 45); w = 1; }
    store<u8>(dst + w, 105); store<u8>(dst + w + 1, 110); store<u8>(dst + w + 2, 102);
    return w + 3;
  }
  const bits = reinterpret<u64>(v);
  const neg = (bits >> 63) != 0;
  let w: u32 = 0;
  if (neg) { store<u8>(dst, 45); w = 1; }
  const be = <i32>((bits >> 52) & 0x7FF);
  let m = bits & 0xFFFFFFFFFFFFF;
  let e2: i32;
  if (be == 0) e2 = -1074; else { m |= <u64>1 << 52; e2 = be - 1075; }
  if (e2 > 0 && m != 0) {
    // |v| >= 2^53: an integer; its exact digits come from the long double formatter
    ldAdd(m, e2, false, LD_FINITE, 0, 0, false, LD_FINITE);
    w += ldFormatHuman(dst + w);
    if (!human && prec > 0) {
      store<u8>(dst + w, 46); w++;
      for (let i: u32 = 0; i < prec; i++) store<u8>(dst + w++, 48);
    }
    return w;
  }
  let ip: u64 = 0, frac: u64 = 0;
  let s: u32 = 0;
  if (e2 >= 0) ip = m;
  else {
    s = <u32>(-e2);
    if (s < 64) { ip = m >> <u64>s; frac = m & ((<u64>1 << <u64>s) - 1); }
    else frac = m;
  }
  let pow: u64 = 1;
  for (let i: u32 = 0; i < prec; i++) pow *= 10;
  let q: u64 = 0;
  if (frac != 0 && s < 128) {
    // N = frac * 10^prec (< 2^110), q = round_half_even(N / 2^s)
    const M32: u64 = 0xFFFFFFFF;
    const a0 = frac & M32, a1 = frac >> 32, b0 = pow & M32, b1 = pow >> 32;
    const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    const mid = (p00 >> 32) + (p01 & M32) + (p10 & M32);
    const lo = (mid << 32) | (p00 & M32);
    const hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    let remHi: u64, remLo: u64, halfHi: u64, halfLo: u64;
    if (s < 64) {
      q = (lo >> <u64>s) | (hi << <u64>(64 - s));
      remHi = 0; remLo = lo & ((<u64>1 << <u64>s) - 1);
      halfHi = 0; halfLo = <u64>1 << <u64>(s - 1);
    } else if (s == 64) {
      q = hi; remHi = 0; remLo = lo; halfHi = 0; halfLo = 0x8000000000000000;
    } else {
      q = hi >> <u64>(s - 64);
      remHi = hi & ((<u64>1 << <u64>(s - 64)) - 1); remLo = lo;
      halfHi = <u64>1 << <u64>(s - 65); halfLo = 0;
    }
    const gt = remHi > halfHi || (remHi == halfHi && remLo > halfLo);
    const eq = remHi == halfHi && remLo == halfLo;
    if (gt || (eq && (q & 1) != 0)) q++;
    if (q == pow) { q = 0; ip++; }
  }
  w += putU64(dst + w, ip);
  if (prec > 0) {
    store<u8>(dst + w, 46);
    let x = q;
    for (let k = prec; k >= 1; k--) {
      store<u8>(dst + w + k, <u8>(48 + <u32>(x % 10)));
      x /= 10;
    }
    w += prec + 1;
  }
  if (human) {
    while (load<u8>(dst + w - 1) == 48) w--;
    if (load<u8>(dst + w - 1) == 46) w--;
    if (w == 2 && load<u8>(dst) == 45 && load<u8>(dst + 1) == 48) { store<u8>(dst, 48); w = 1; }
  }
  return w;
}

/** addReplyHumanLongDouble of a double: a bulk string in RESP2, a RESP3 double otherwise. */
function addReplyHumanDouble(c: Client, v: f64): void {
  const n = fmtFixed(FMT + 1, v, 17, true);
  if (c.resp == 2) { addReplyBulk(c, FMT + 1, n); return; }
  store<u8>(FMT, 0x2c);
  store<u16>(FMT + 1 + n, 0x0a0d);
  addReplyRaw(c, FMT, n + 3);
}

/** Redis 7.2+ fixedpoint_d2string(d, 4): llrint(d * 10^4) printed with 4 decimals. */
function fmtDistance(dst: usize, d: f64): u32 {
  if (d == 0) {
    store<u8>(dst, 48); store<u8>(dst + 1, 46);
    for (let i: u32 = 0; i < 4; i++) store<u8>(dst + 2 + i, 48);
    return 6;
  }
  const x = nearest<f64>(d * 10000.0);
  // llrint answers LLONG_MIN for NaN and out-of-range values (cvtsd2si's "integer indefinite")
  const sv: i64 = x >= -9223372036854775808.0 && x < 9223372036854775808.0 ? <i64>x : i64.MIN_VALUE;
  let w: u32 = 0;
  let val: u64;
  if (sv < 0) { store<u8>(dst, 45); w = 1; val = sv == i64.MIN_VALUE ? 0x8000000000000000 : <u64>(-sv); }
  else val = <u64>sv;
  w += putU64(dst + w, val / 10000);
  store<u8>(dst + w, 46); w++;
  let f = val % 10000;
  for (let k: u32 = 4; k >= 1; k--) { store<u8>(dst + w + k - 1, <u8>(48 + <u32>(f % 10))); f /= 10; }
  return w + 4;
}

function addReplyDistance(c: Client, d: f64): void {
  addReplyBulk(c, FMT, fmtDistance(FMT, d));
}

// ---- argument parsing ----------------------------------------------------------------------------

let argLon: f64 = 0;
let argLat: f64 = 0;

/** argv[i], argv[i+1] as a longitude, latitude pair in the stored ranges (extractLongLatOrReply). */
function extractLonLat(c: Client, i: u32): bool {
  if (!string2d(argPtr(c, i), argLen(c, i))) { addReplyError(c, ERR_NOT_FLOAT); return false; }
  const lon = parsedDouble;
  if (!string2d(argPtr(c, i + 1), argLen(c, i + 1))) { addReplyError(c, ERR_NOT_FLOAT); return false; }
  const lat = parsedDouble;
  if (lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX) {
    errBegin(c);
    errLit(c, "ERR invalid longitude,latitude pair ");
    errBytes(c, FMT, fmtFixed(FMT, lon, 6, false));
    errLit(c, ",");
    errBytes(c, FMT, fmtFixed(FMT, lat, 6, false));
    errEnd(c);
    return false;
  }
  argLon = lon;
  argLat = lat;
  return true;
}

/** Metres per unit of argv[i]; -1 after replying the error. */
function extractUnit(c: Client, i: u32): f64 {
  const p = argPtr(c, i), n = argLen(c, i);
  if (eqLit(p, n, "m")) return 1;
  if (eqLit(p, n, "km")) return 1000;
  if (eqLit(p, n, "ft")) return 0.3048;
  if (eqLit(p, n, "mi")) return 1609.34;
  addReplyError(c, ERR_UNIT);
  return -1;
}

let argRadius: f64 = 0;
let argWidth: f64 = 0;
let argHeight: f64 = 0;
let argConversion: f64 = 1;

/** radius at argv[i], unit at argv[i+1]. */
function extractDistance(c: Client, i: u32): bool {
  if (!string2d(argPtr(c, i), argLen(c, i))) { addReplyError(c, ERR_RADIUS_NUM); return false; }
  const r = parsedDouble;
  if (r < 0) { addReplyError(c, ERR_RADIUS_NEG); return false; }
  argRadius = r;
  const conv = extractUnit(c, i + 1);
  if (conv < 0) return false;
  argConversion = conv;
  return true;
}

/** width at argv[i], height at argv[i+1], unit at argv[i+2]. */
function extractBox(c: Client, i: u32): bool {
  if (!string2d(argPtr(c, i), argLen(c, i))) { addReplyError(c, ERR_WIDTH_NUM); return false; }
  const w = parsedDouble;
  if (!string2d(argPtr(c, i + 1), argLen(c, i + 1))) { addReplyError(c, ERR_HEIGHT_NUM); return false; }
  const h = parsedDouble;
  if (h < 0 || w < 0) { addReplyError(c, ERR_BOX_NEG); return false; }
  argWidth = w;
  argHeight = h;
  const conv = extractUnit(c, i + 2);
  if (conv < 0) return false;
  argConversion = conv;
  return true;
}

/** Position of a member of zset e into argLon/argLat (longLatFromMember). */
function lonLatFromMember(e: usize, p: usize, l: u32): bool {
  const score = zsetScoreOrNaN(e, p, l);
  if (isNaN(score)) return false;
  if (!decodeScore(score)) return false;
  argLon = xyLon;
  argLat = xyLat;
  return true;
}

// ---- GEOADD ----------------------------------------------------------------------------------------

function geoaddCommand(c: Client): void {
  let nx = false, xx = false, ch = false;
  let longidx: u32 = 2;
  while (longidx < c.argc) {
    const p = argPtr(c, longidx), n = argLen(c, longidx);
    if (eqLit(p, n, "nx")) nx = true;
    else if (eqLit(p, n, "xx")) xx = true;
    else if (eqLit(p, n, "ch")) ch = true;
    else break;
    longidx++;
  }
  // no element at all is ZADD's syntax error
  if ((c.argc - longidx) % 3 != 0 || (xx && nx) || c.argc == longidx) { addReplyError(c, ERR_SYNTAX); return; }
  const elements = (c.argc - longidx) / 3;
  const scores = alloc(elements << 3);
  if (scores == 0) unreachable();
  for (let j: u32 = 0; j < elements; j++) {
    if (!extractLonLat(c, longidx + j * 3)) { free(scores); return; }
    ghEncodeWGS84(argLon, argLat, GEO_STEP_MAX);
    store<f64>(scores + (<usize>j << 3), <f64>align52(ghBits, GEO_STEP_MAX));
  }
  zaddPrepared(c, nx, xx, ch, elements, scores, longidx + 2, 3);
  free(scores);
}

// ---- GEOHASH GEOPOS GEODIST ------------------------------------------------------------------------

const WRONG: usize = <usize>-1;

/** The zset at argv[i] (0 when missing); WRONG after a WRONGTYPE reply. */
function lookupGeoRead(c: Client, i: u32): usize {
  const e = lookupKeyRead(cdb(c), argPtr(c, i), argLen(c, i), touchAllowed(c));
  if (e != 0 && eType(e) != OBJ_ZSET) { addReplyError(c, ERR_WRONGTYPE); return WRONG; }
  return e;
}

function geohashCommand(c: Client): void {
  const e = lookupGeoRead(c, 1);
  if (e == WRONG) return;
  addReplyArrayLen(c, c.argc - 2);
  for (let j: u32 = 2; j < c.argc; j++) {
    const score = e == 0 ? NaN : zsetScoreOrNaN(e, argPtr(c, j), argLen(c, j));
    if (isNaN(score) || !standardGeohash(FMT, score)) { addReplyNull(c); continue; }
    addReplyBulk(c, FMT, 11);
  }
}

function geoposCommand(c: Client): void {
  const e = lookupGeoRead(c, 1);
  if (e == WRONG) return;
  addReplyArrayLen(c, c.argc - 2);
  for (let j: u32 = 2; j < c.argc; j++) {
    const score = e == 0 ? NaN : zsetScoreOrNaN(e, argPtr(c, j), argLen(c, j));
    if (isNaN(score) || !decodeScore(score)) { addReplyNullArray(c); continue; }
    const lon = xyLon, lat = xyLat;
    addReplyArrayLen(c, 2);
    addReplyHumanDouble(c, lon);
    addReplyHumanDouble(c, lat);
  }
}

function geodistCommand(c: Client): void {
  let toMeter: f64 = 1;
  if (c.argc == 5) {
    toMeter = extractUnit(c, 4);
    if (toMeter < 0) return;
  } else if (c.argc > 5) { addReplyError(c, ERR_SYNTAX); return; }
  const e = lookupGeoRead(c, 1);
  if (e == WRONG) return;
  if (e == 0) { addReplyNull(c); return; }
  const s1 = zsetScoreOrNaN(e, argPtr(c, 2), argLen(c, 2));
  if (isNaN(s1)) { addReplyNull(c); return; }
  const s2 = zsetScoreOrNaN(e, argPtr(c, 3), argLen(c, 3));
  if (isNaN(s2)) { addReplyNull(c); return; }
  if (!decodeScore(s1)) { addReplyNull(c); return; }
  const lon1 = xyLon, lat1 = xyLat;
  if (!decodeScore(s2)) { addReplyNull(c); return; }
  addReplyDistance(c, distance(lon1, lat1, xyLon, xyLat) / toMeter);
}

// ---- search results --------------------------------------------------------------------------------

// Points found: PT_SIZE bytes each; members are copied into the arena (listpack integers are only
// formatted views, and a STORE may replace the source key).
const PT_LON: u32 = 0;
const PT_LAT: u32 = 8;
const PT_DIST: u32 = 16;
const PT_SCORE: u32 = 24;
const PT_MOFF: u32 = 32;
const PT_MLEN: u32 = 36;
const PT_SIZE: u32 = 40;

let pts: usize = 0;
let ptsCap: u32 = 0;
let ptsUsed: u32 = 0;
let arena: usize = 0;
let arenaCap: u32 = 0;
let arenaUsed: u32 = 0;
let scanLimit: u32 = 0;     // ANY: stop once this many points were collected (0: no limit)

@inline function pt(i: u32): usize { return pts + <usize>i * PT_SIZE; }

function resultsReset(): void {
  ptsUsed = 0;
  arenaUsed = 0;
}

/** Frees the result buffers: nothing stays allocated between commands (used_memory is exact). */
function resultsRelease(): void {
  if (pts != 0) { free(pts); pts = 0; ptsCap = 0; }
  if (arena != 0) { free(arena); arena = 0; arenaCap = 0; }
  ptsUsed = 0;
  arenaUsed = 0;
}

function appendPoint(p: usize, l: u32, score: f64, lon: f64, lat: f64, dist: f64): void {
  if (ptsUsed == ptsCap) {
    const cap = ptsCap == 0 ? 64 : ptsCap * 2;
    pts = realloc(pts, cap * PT_SIZE);
    if (pts == 0) unreachable();
    ptsCap = cap;
  }
  if (arenaUsed + l > arenaCap) {
    let cap: u32 = arenaCap == 0 ? 1024 : arenaCap * 2;
    while (cap < arenaUsed + l) cap *= 2;
    arena = realloc(arena, cap);
    if (arena == 0) unreachable();
    arenaCap = cap;
  }
  memory.copy(arena + arenaUsed, p, l);
  const r = pt(ptsUsed);
  store<f64>(r + PT_LON, lon);
  store<f64>(r + PT_LAT, lat);
  store<f64>(r + PT_DIST, dist);
  store<f64>(r + PT_SCORE, score);
  store<u32>(r + PT_MOFF, arenaUsed);
  store<u32>(r + PT_MLEN, l);
  arenaUsed += l;
  ptsUsed++;
}

/** zsetScanScoreRange visitor: collects members inside the current shape. */
function visitCandidate(p: usize, l: u32, score: f64): bool {
  if (!decodeScore(score)) return true;
  const lon = xyLon, lat = xyLat;
  if (!inShape(lon, lat)) return true;
  appendPoint(p, l, score, lon, lat, lastDistance);
  return scanLimit == 0 || ptsUsed < scanLimit;
}

/** Scans the nine cells of the current shape (membersOfAllNeighbors). */
function membersOfAllNeighbors(e: usize): void {
  let last: u32 = 0;
  for (let i: u32 = 0; i < 9; i++) {
    if (nbIsZero(i)) continue;
    // huge radii make neighbours coincide; the centre (index 0) is never compared, as in Redis
    if (last != 0 && nbBits(i) == nbBits(last) && nbStep(i) == nbStep(last)) continue;
    if (ptsUsed != 0 && scanLimit != 0 && ptsUsed >= scanLimit) break;
    const step = nbStep(i);
    const min = align52(nbBits(i), step);
    const max = align52(nbBits(i) + 1, step);
    zsetScanScoreRange(e, <f64>min, <f64>max, visitCandidate);
    last = i;
  }
}

// ---- sorting by distance ---------------------------------------------------------------------------

let ord: usize = 0;         // u32 point indices, in reply order
let ordTmp: usize = 0;
let sortDesc = false;

@inline function ordAt(i: u32): u32 { return load<u32>(ord + (<usize>i << 2)); }
@inline function ordSet(i: u32, v: u32): void { store<u32>(ord + (<usize>i << 2), v); }
@inline function distOf(k: u32): f64 { return load<f64>(pt(k) + PT_DIST); }

/** Redis's sort_gp_asc (negated for DESC) on the points at positions i and j of ord. */
function cmpPos(i: u32, j: u32): i32 {
  const a = distOf(ordAt(i)), b = distOf(ordAt(j));
  let r: i32;
  if (a > b) r = 1;
  else if (a == b) r = 0;
  else r = -1;
  return sortDesc ? -r : r;
}

@inline function swapPos(i: u32, j: u32): void {
  const t = ordAt(i); ordSet(i, ordAt(j)); ordSet(j, t);
}

/** Stable merge sort of ord[lo, hi) (glibc's qsort is a stable merge sort). */
function mergeSort(lo: u32, hi: u32): void {
  const n = hi - lo;
  if (n < 2) return;
  if (n <= 8) {
    for (let i = lo + 1; i < hi; i++) {
      let j = i;
      while (j > lo && cmpPos(j - 1, j) > 0) { swapPos(j - 1, j); j--; }
    }
    return;
  }
  const mid = lo + (n >> 1);
  mergeSort(lo, mid);
  mergeSort(mid, hi);
  // merge into ordTmp, taking from the left run on ties
  let i = lo, j = mid, k: u32 = 0;
  while (i < mid && j < hi) {
    if (cmpPos(i, j) <= 0) { store<u32>(ordTmp + (<usize>k << 2), ordAt(i)); i++; }
    else { store<u32>(ordTmp + (<usize>k << 2), ordAt(j)); j++; }
    k++;
  }
  while (i < mid) { store<u32>(ordTmp + (<usize>k << 2), ordAt(i)); i++; k++; }
  while (j < hi) { store<u32>(ordTmp + (<usize>k << 2), ordAt(j)); j++; k++; }
  memory.copy(ord + (<usize>lo << 2), ordTmp, <usize>n << 2);
}

let pqLo: u32 = 0;
let pqHi: u32 = 0;

@inline function med3(a: u32, b: u32, c: u32): u32 {
  return cmpPos(a, b) < 0
    ? (cmpPos(b, c) < 0 ? b : (cmpPos(a, c) < 0 ? c : a))
    : (cmpPos(b, c) > 0 ? b : (cmpPos(a, c) < 0 ? a : c));
}

@inline function vecswap(a: u32, b: u32, n: u32): void {
  for (let k: u32 = 0; k < n; k++) swapPos(a + k, b + k);
}

/**
 * Redis's pqsort over ord[base, base + n): Bentley-McIlroy three-way quicksort (insertion sort
 * below 7 elements, median of three, ninther above 40) that only descends into partitions
 * overlapping the positions [pqLo, pqHi].
 */
function pqsort(base: u32, n: u32): void {
  while (true) {
    if (n < 7) {
      for (let pm = base + 1; pm < base + n; pm++) {
        for (let pl = pm; pl > base && cmpPos(pl - 1, pl) > 0; pl--) swapPos(pl, pl - 1);
      }
      return;
    }
    let pm = base + (n >> 1);
    if (n > 7) {
      let pl = base;
      let pn = base + n - 1;
      if (n > 40) {
        const d = n >> 3;
        pl = med3(pl, pl + d, pl + 2 * d);
        pm = med3(pm - d, pm, pm + d);
        pn = med3(pn - 2 * d, pn - d, pn);
      }
      pm = med3(pl, pm, pn);
    }
    swapPos(base, pm);
    let pa = base + 1, pb = base + 1;
    let pc = base + n - 1, pd = base + n - 1;
    while (true) {
      let r: i32;
      while (pb <= pc && (r = cmpPos(pb, base)) <= 0) {
        if (r == 0) { swapPos(pa, pb); pa++; }
        pb++;
      }
      while (pb <= pc && (r = cmpPos(pc, base)) >= 0) {
        if (r == 0) { swapPos(pc, pd); pd--; }
        pc--;
      }
      if (pb > pc) break;
      swapPos(pb, pc);
      pb++;
      pc--;
    }
    const pn = base + n;
    let r = min<u32>(pa - base, pb - pa);
    vecswap(base, pb - r, r);
    r = min<u32>(pd - pc, pn - pd - 1);
    vecswap(pb, pn - r, r);
    r = pb - pa;
    if (r > 1) {
      const L = base, R = base + r - 1;
      if (!(pqHi < L || pqLo > R)) pqsort(base, r);
    }
    r = pd - pc;
    if (r > 1) {
      base = pn - r;
      n = r;
      const L = base, R = base + r - 1;
      if (!(pqHi < L || pqLo > R)) continue;
    }
    return;
  }
}

// ---- GEORADIUS GEORADIUSBYMEMBER GEOSEARCH (+STORE) ------------------------------------------------

const RADIUS_COORDS: u32 = 1;
const RADIUS_MEMBER: u32 = 2;
const RADIUS_NOSTORE: u32 = 4;
const GEOSEARCH: u32 = 8;
const GEOSEARCHSTORE: u32 = 16;

const SORT_NONE: u32 = 0;
const SORT_ASC: u32 = 1;
const SORT_DESC: u32 = 2;

/** An empty result deletes the STORE destination (signalled, "del" event) when it exists. */
@inline function deleteDestination(c: Client, db: Db, storeIdx: u32): void {
  deleteStoreDestination(db, argPtr(c, storeIdx), argLen(c, storeIdx));
}

function setShapeCircle(): void {
  shType = SHAPE_CIRCLE; shRadius = argRadius; shConversion = argConversion;
}

function georadiusGeneric(c: Client, srcKeyIndex: u32, flags: u32): void {
  let storeIdx: u32 = 0;     // argv index of the destination key, 0 for none
  let storedist = false;
  const e = lookupGeoRead(c, srcKeyIndex);
  if (e == WRONG) return;

  let baseArgs: u32;
  shType = 0; shLon = 0; shLat = 0; shRadius = 0; shWidth = 0; shHeight = 0; shConversion = 0;
  if ((flags & RADIUS_COORDS) != 0) {
    baseArgs = 6;
    if (!extractLonLat(c, 2)) return;
    shLon = argLon; shLat = argLat;
    if (!extractDistance(c, baseArgs - 2)) return;
    setShapeCircle();
  } else if ((flags & RADIUS_MEMBER) != 0 && e == 0) {
    // no source key: the options are still parsed to pick the reply
    baseArgs = 5;
  } else if ((flags & RADIUS_MEMBER) != 0) {
    baseArgs = 5;
    if (!lonLatFromMember(e, argPtr(c, 2), argLen(c, 2))) { addReplyError(c, ERR_DECODE_MEMBER); return; }
    shLon = argLon; shLat = argLat;
    if (!extractDistance(c, baseArgs - 2)) return;
    setShapeCircle();
  } else {
    baseArgs = 2;
    if ((flags & GEOSEARCHSTORE) != 0) { baseArgs = 3; storeIdx = 1; }
  }

  let withdist = false, withhash = false, withcoords = false;
  let frommember = false, fromloc = false, byradius = false, bybox = false;
  let sort = SORT_NONE;
  let any = false;
  let count: i64 = 0;
  if (c.argc > baseArgs) {
    const remaining = c.argc - baseArgs;
    for (let i: u32 = 0; i < remaining; i++) {
      const a = baseArgs + i;
      const p = argPtr(c, a), n = argLen(c, a);
      if (eqLit(p, n, "withdist")) withdist = true;
      else if (eqLit(p, n, "withhash")) withhash = true;
      else if (eqLit(p, n, "withcoord")) withcoords = true;
      else if (eqLit(p, n, "any")) any = true;
      else if (eqLit(p, n, "asc")) sort = SORT_ASC;
      else if (eqLit(p, n, "desc")) sort = SORT_DESC;
      else if (eqLit(p, n, "count") && i + 1 < remaining) {
        if (!string2ll(argPtr(c, a + 1), argLen(c, a + 1))) { addReplyError(c, ERR_NOT_INTEGER); return; }
        count = parsedInt;
        if (count <= 0) { addReplyError(c, ERR_COUNT); return; }
        i++;
      } else if ((eqLit(p, n, "store") || eqLit(p, n, "storedist")) && i + 1 < remaining &&
                 (flags & RADIUS_NOSTORE) == 0 && (flags & GEOSEARCH) == 0) {
        storeIdx = a + 1;
        storedist = eqLit(p, n, "storedist");
        i++;
      } else if (eqLit(p, n, "storedist") && (flags & GEOSEARCH) != 0 && (flags & GEOSEARCHSTORE) != 0) {
        storedist = true;
      } else if (eqLit(p, n, "frommember") && i + 1 < remaining && (flags & GEOSEARCH) != 0 && !fromloc) {
        if (e != 0 && !lonLatFromMember(e, argPtr(c, a + 1), argLen(c, a + 1))) {
          addReplyError(c, ERR_DECODE_MEMBER);
          return;
        }
        if (e != 0) { shLon = argLon; shLat = argLat; }
        frommember = true;
        i++;
      } else if (eqLit(p, n, "fromlonlat") && i + 2 < remaining && (flags & GEOSEARCH) != 0 && !frommember) {
        if (!extractLonLat(c, a + 1)) return;
        shLon = argLon; shLat = argLat;
        fromloc = true;
        i += 2;
      } else if (eqLit(p, n, "byradius") && i + 2 < remaining && (flags & GEOSEARCH) != 0 && !bybox) {
        if (!extractDistance(c, a + 1)) return;
        setShapeCircle();
        byradius = true;
        i += 2;
      } else if (eqLit(p, n, "bybox") && i + 3 < remaining && (flags & GEOSEARCH) != 0 && !byradius) {
        if (!extractBox(c, a + 1)) return;
        shType = SHAPE_BOX; shWidth = argWidth; shHeight = argHeight; shConversion = argConversion;
        bybox = true;
        i += 3;
      } else { addReplyError(c, ERR_SYNTAX); return; }
    }
  }

  if (storeIdx != 0 && (withdist || withhash || withcoords)) {
    addReplyError(c, (flags & GEOSEARCHSTORE) != 0
      ? "ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options"
      : "ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
    return;
  }
  if ((flags & GEOSEARCH) != 0 && !(frommember || fromloc)) {
    errBegin(c);
    errLit(c, "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ");
    errBytes(c, argPtr(c, 0), argLen(c, 0));
    errEnd(c);
    return;
  }
  if ((flags & GEOSEARCH) != 0 && !(byradius || bybox)) {
    errBegin(c);
    errLit(c, "ERR exactly one of BYRADIUS and BYBOX can be specified for ");
    errBytes(c, argPtr(c, 0), argLen(c, 0));
    errEnd(c);
    return;
  }
  if (any && count == 0) { addReplyError(c, ERR_ANY); return; }

  const db = cdb(c);
  if (e == 0) {
    if (storeIdx != 0) {
      deleteDestination(c, db, storeIdx);
      addReplyLit(c, ":0\r\n");
    } else addReplyLit(c, "*0\r\n");
    return;
  }

  if (count != 0 && sort == SORT_NONE && !any) sort = SORT_ASC;

  searchAreas();
  shapePrepare();
  resultsReset();
  // counts beyond 2^32 never limit: a zset has fewer members
  scanLimit = any ? (count > 0xFFFFFFFF ? 0xFFFFFFFF : <u32>count) : 0;
  membersOfAllNeighbors(e);

  if (ptsUsed == 0 && storeIdx == 0) {
    addReplyLit(c, "*0\r\n");
    resultsRelease();
    return;
  }
  const resultLength = ptsUsed;
  const returned: u32 = count == 0 || <i64>resultLength < count ? resultLength : <u32>count;

  ord = alloc(resultLength << 2);
  if (ord == 0) unreachable();
  for (let i: u32 = 0; i < resultLength; i++) ordSet(i, i);
  if (sort != SORT_NONE && resultLength > 1) {
    sortDesc = sort == SORT_DESC;
    if (returned == resultLength) {
      ordTmp = alloc(resultLength << 2);
      if (ordTmp == 0) unreachable();
      mergeSort(0, resultLength);
      free(ordTmp);
      ordTmp = 0;
    } else {
      pqLo = 0;
      pqHi = returned - 1;
      pqsort(0, resultLength);
    }
  }

  const conversion = shConversion;
  if (storeIdx == 0) {
    let optionLength: i64 = 0;
    if (withdist) optionLength++;
    if (withcoords) optionLength++;
    if (withhash) optionLength++;
    addReplyArrayLen(c, returned);
    for (let i: u32 = 0; i < returned; i++) {
      const r = pt(ordAt(i));
      const dist = load<f64>(r + PT_DIST) / conversion;
      if (optionLength != 0) addReplyArrayLen(c, optionLength + 1);
      addReplyBulk(c, arena + load<u32>(r + PT_MOFF), load<u32>(r + PT_MLEN));
      if (withdist) addReplyDistance(c, dist);
      if (withhash) addReplyLongLong(c, <i64>load<f64>(r + PT_SCORE));
      if (withcoords) {
        addReplyArrayLen(c, 2);
        addReplyHumanDouble(c, load<f64>(r + PT_LON));
        addReplyHumanDouble(c, load<f64>(r + PT_LAT));
      }
    }
  } else {
    const kp = argPtr(c, storeIdx), kl = argLen(c, storeIdx);
    if (returned > 0) {
      const zs = zsNew(0);
      let maxelelen: u64 = 0, totelelen: u64 = 0;
      for (let i: u32 = 0; i < returned; i++) {
        const r = pt(ordAt(i));
        const dist = load<f64>(r + PT_DIST) / conversion;
        const score = storedist ? dist : load<f64>(r + PT_SCORE);
        const l = load<u32>(r + PT_MLEN);
        if (<u64>l > maxelelen) maxelelen = l;
        totelelen += l;
        zsInsert(zs, score, arena + load<u32>(r + PT_MOFF), l);
      }
      zsetStoreSkiplist(db, kp, kl, zs, maxelelen, totelelen);
      keyChanged(db, NOTIFY_ZSET, (flags & GEOSEARCH) != 0 ? "geosearchstore" : "georadiusstore", kp, kl);
      S().dirty += returned;
    } else deleteDestination(c, db, storeIdx);
    addReplyLongLong(c, returned);
  }
  free(ord);
  ord = 0;
  resultsRelease();
}

function georadiusCommand(c: Client): void { georadiusGeneric(c, 1, RADIUS_COORDS); }
function georadiusroCommand(c: Client): void { georadiusGeneric(c, 1, RADIUS_COORDS | RADIUS_NOSTORE); }
function georadiusbymemberCommand(c: Client): void { georadiusGeneric(c, 1, RADIUS_MEMBER); }
function georadiusbymemberroCommand(c: Client): void { georadiusGeneric(c, 1, RADIUS_MEMBER | RADIUS_NOSTORE); }
function geosearchCommand(c: Client): void { georadiusGeneric(c, 1, GEOSEARCH); }
function geosearchstoreCommand(c: Client): void { georadiusGeneric(c, 2, GEOSEARCH | GEOSEARCHSTORE); }

// ---- command table ---------------------------------------------------------------------------------

export function registerGeoCommands(): void {
  const G = "geo";
  const W = CMD_WRITE, R = CMD_READONLY, D = CMD_DENYOOM, M = CMD_MOVABLE_KEYS;
  // CMD_ARG_BOUNDED (internal, see dispatch.ts): O(log N) per argument like ZADD/ZSCORE/ZMSCORE,
  // so small invocations skip the per-command clock read; the searches are not bounded that way.
  const B = CMD_ARG_BOUNDED;
  def("geoadd", -5, W | D | B, 1, 1, 1, G, geoaddCommand);
  def("geodist", -4, R | B, 1, 1, 1, G, geodistCommand);
  def("geohash", -2, R | B, 1, 1, 1, G, geohashCommand);
  def("geopos", -2, R | B, 1, 1, 1, G, geoposCommand);
  def("georadius", -6, W | D | M, 1, 1, 1, G, georadiusCommand);
  def("georadius_ro", -6, R, 1, 1, 1, G, georadiusroCommand);
  def("georadiusbymember", -5, W | D | M, 1, 1, 1, G, georadiusbymemberCommand);
  def("georadiusbymember_ro", -5, R, 1, 1, 1, G, georadiusbymemberroCommand);
  def("geosearch", -7, R, 1, 1, 1, G, geosearchCommand);
  def("geosearchstore", -8, W | D, 1, 2, 1, G, geosearchstoreCommand);
}
