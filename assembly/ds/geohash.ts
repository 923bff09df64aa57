// Geohash arithmetic for the geo commands (types/geo.ts): the 52-bit interleaved cell numbers Redis
// stores as sorted set scores, the 3x3 cell neighbourhood a search scans, and the distances.
//
// Cells
// - A position is encoded at `step` bits per axis (GEO_STEP_MAX = 26 for stored points): each axis
//   offset, (v - min) / (max - min) * 2^step, is truncated to an integer; latitude bits go to the
//   even bit positions and longitude bits to the odd ones, so the top bit is the longitude's (the
//   usual geohash order). Stored scores are these 52 bits as an integer-valued double.
// - The stored latitude range is Web Mercator's +-85.05112878 (GEO_LAT_*), longitude +-180. GEOHASH
//   re-encodes the decoded centre with the standard +-90 range to print a conventional geohash.
// - Decoding gives the cell's area; a point is the centre of its cell, clamped to the valid ranges.
//   A score that is not a 52-bit cell number (a member written by ZADD) is converted to a 64-bit
//   integer the way x86-64 C code converts a double to uint64_t (cvttsd2si, with 2^63 subtracted
//   first for large values): negative values wrap, values >= 2^64 and infinities give 0.
//
// Searches (Redis's geohashCalculateAreasByShapeWGS84)
// - The step for a radius r (the box's half diagonal for BYBOX) is 1 + the number of doublings of r
//   needed to reach MERCATOR_MAX, minus 2, minus 1 more above |lat| 66 and 1 more above |lat| 80,
//   framed to 1..26; one step coarser again when a neighbour cell does not reach the search's
//   bounding box. Neighbour cells entirely outside the bounding box are dropped (only at step >= 2).
// - Results are in the module globals below (AssemblyScript has no multiple returns): gh* for a
//   cell, ar* for an area, xyLon/xyLat for a decoded point, nb* for a neighbourhood.
//
// Distances use the haversine formula on a sphere of radius 6372797.560856 m (Redis's constant);
// when the two longitudes are equal (sin of half their difference is 0) it is the latitude arc
// alone. The operations are Redis's, in its order, and AssemblyScript's sin/cos/asin are ports of
// musl's, so distances are bit-identical to the same C code linked with musl (checked on a million
// point pairs), i.e. to a musl-linked Redis such as the Alpine images.
// Deviation: glibc's sin/cos/asin round differently from musl's in the last place for a few percent
// of inputs, so about 2% of distances differ in their last bits from a glibc-linked Redis. Only a
// full-precision STOREDIST score shows that; 4-decimal replies and radius tests change only when a
// value is within an ulp of a rounding or radius boundary.

export const GEO_STEP_MAX: u32 = 26;
export const GEO_LAT_MIN: f64 = -85.05112878;
export const GEO_LAT_MAX: f64 = 85.05112878;
export const GEO_LONG_MIN: f64 = -180.0;
export const GEO_LONG_MAX: f64 = 180.0;
export const EARTH_RADIUS_IN_METERS: f64 = 6372797.560856;
const MERCATOR_MAX: f64 = 20037726.37;
const D_R: f64 = Math.PI / 180.0;

@inline export function degRad(a: f64): f64 { return a * D_R; }
@inline export function radDeg(a: f64): f64 { return a / D_R; }

// ---- bit interleaving -----------------------------------------------------------------------------

/** Bit i of v to bit 2i. */
@inline function spread(v: u32): u64 {
  let x = <u64>v;
  x = (x | (x << 16)) & 0x0000FFFF0000FFFF;
  x = (x | (x << 8)) & 0x00FF00FF00FF00FF;
  x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0F;
  x = (x | (x << 2)) & 0x3333333333333333;
  x = (x | (x << 1)) & 0x5555555555555555;
  return x;
}

/** Bit 2i of x to bit i. */
@inline function squash(x: u64): u32 {
  x &= 0x5555555555555555;
  x = (x | (x >> 1)) & 0x3333333333333333;
  x = (x | (x >> 2)) & 0x0F0F0F0F0F0F0F0F;
  x = (x | (x >> 4)) & 0x00FF00FF00FF00FF;
  x = (x | (x >> 8)) & 0x0000FFFF0000FFFF;
  x = (x | (x >> 16)) & 0x00000000FFFFFFFF;
  return <u32>x;
}

/** Latitude bits at even positions, longitude bits at odd positions. */
@inline export function interleave(lat: u32, lon: u32): u64 { return spread(lat) | (spread(lon) << 1); }
@inline export function latBits(bits: u64): u32 { return squash(bits); }
@inline export function lonBits(bits: u64): u32 { return squash(bits >> 1); }

/** C's (uint64_t) conversion of a double as x86-64 code does it (see the header). */
export function scoreToBits(s: f64): u64 {
  const TWO63: f64 = 9223372036854775808.0;
  if (!(s >= TWO63)) {
    // NaN takes this branch too; cvttsd2si answers 0x8000000000000000 out of range
    if (s > -TWO63 && s < TWO63) return <u64><i64>s;
    return 0x8000000000000000;
  }
  const t = s - TWO63;
  if (t < TWO63) return (<u64><i64>t) ^ 0x8000000000000000;
  return 0;
}

// ---- encode / decode ------------------------------------------------------------------------------

/** The last cell: 2 * step bits, and its step. */
export let ghBits: u64 = 0;
export let ghStep: u32 = 0;

/**
 * Encodes (lon, lat) in the given ranges at `step` bits per axis into ghBits/ghStep. False (ghBits
 * 0) outside the stored ranges or outside the given ranges.
 */
export function ghEncode(lonMin: f64, lonMax: f64, latMin: f64, latMax: f64, lon: f64, lat: f64, step: u32): bool {
  if (step > 32 || step == 0) return false;
  if (lon > GEO_LONG_MAX || lon < GEO_LONG_MIN || lat > GEO_LAT_MAX || lat < GEO_LAT_MIN) return false;
  ghBits = 0;
  ghStep = step;
  if (lat < latMin || lat > latMax || lon < lonMin || lon > lonMax) return false;
  let latOff = (lat - latMin) / (latMax - latMin);
  let lonOff = (lon - lonMin) / (lonMax - lonMin);
  const scale = <f64>(<u64>1 << <u64>step);
  latOff *= scale;
  lonOff *= scale;
  // offsets are in [0, 2^step]: truncation to uint32 as C does
  ghBits = interleave(<u32><u64>latOff, <u32><u64>lonOff);
  return true;
}

/** Encodes with the stored ranges (Redis's geohashEncodeWGS84). */
@inline export function ghEncodeWGS84(lon: f64, lat: f64, step: u32): bool {
  return ghEncode(GEO_LONG_MIN, GEO_LONG_MAX, GEO_LAT_MIN, GEO_LAT_MAX, lon, lat, step);
}

/** The 52-bit score of a cell: its bits shifted to the 26-step position. */
@inline export function align52(bits: u64, step: u32): u64 { return bits << <u64>(52 - step * 2); }

/** The last decoded area. */
export let arLatMin: f64 = 0;
export let arLatMax: f64 = 0;
export let arLonMin: f64 = 0;
export let arLonMax: f64 = 0;

/** Area of a cell in the given ranges into ar*. False for the zero cell (bits 0 at step 0). */
export function ghDecode(lonMin: f64, lonMax: f64, latMin: f64, latMax: f64, bits: u64, step: u32): bool {
  if (bits == 0 && step == 0) return false;
  const latScale = latMax - latMin;
  const lonScale = lonMax - lonMin;
  const ilat = latBits(bits);
  const ilon = lonBits(bits);
  const div = <f64>(<u64>1 << <u64>step);
  // the +1 is 32-bit arithmetic, as in Redis (it wraps only for scores that are not cell numbers)
  arLatMin = latMin + (<f64>ilat * 1.0 / div) * latScale;
  arLatMax = latMin + (<f64>(ilat + 1) * 1.0 / div) * latScale;
  arLonMin = lonMin + (<f64>ilon * 1.0 / div) * lonScale;
  arLonMax = lonMin + (<f64>(ilon + 1) * 1.0 / div) * lonScale;
  return true;
}

@inline export function ghDecodeWGS84(bits: u64, step: u32): bool {
  return ghDecode(GEO_LONG_MIN, GEO_LONG_MAX, GEO_LAT_MIN, GEO_LAT_MAX, bits, step);
}

/** The last decoded point. */
export let xyLon: f64 = 0;
export let xyLat: f64 = 0;

/** Centre of the area in ar*, clamped to the stored ranges, into xyLon/xyLat. */
export function areaCentre(): void {
  let lon = (arLonMin + arLonMax) / 2;
  if (lon > GEO_LONG_MAX) lon = GEO_LONG_MAX;
  if (lon < GEO_LONG_MIN) lon = GEO_LONG_MIN;
  let lat = (arLatMin + arLatMax) / 2;
  if (lat > GEO_LAT_MAX) lat = GEO_LAT_MAX;
  if (lat < GEO_LAT_MIN) lat = GEO_LAT_MIN;
  xyLon = lon;
  xyLat = lat;
}

/** Position of a member from its score into xyLon/xyLat (Redis's decodeGeohash). */
export function decodeScore(score: f64): bool {
  if (!ghDecodeWGS84(scoreToBits(score), GEO_STEP_MAX)) return false;
  areaCentre();
  return true;
}

const BASE32: usize = memory.data<u8>([
  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 98, 99, 100, 101, 102, 103,
  104, 106, 107, 109, 110, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,
]); // "0123456789bcdefghjkmnpqrstuvwxyz"

/**
 * GEOHASH's 11-character string for a score into dst: the decoded point re-encoded at 26 steps with
 * latitude range +-90, five bits per character from the top; the 11th character stands for bits
 * the 52-bit score does not have and is always '0'. False when the score does not decode.
 */
export function standardGeohash(dst: usize, score: f64): bool {
  if (!decodeScore(score)) return false;
  if (!ghEncode(-180.0, 180.0, -90.0, 90.0, xyLon, xyLat, 26)) ghBits = 0;
  const bits = ghBits;
  for (let i: u32 = 0; i < 10; i++) {
    const idx = <u32>((bits >> <u64>(52 - (i + 1) * 5)) & 0x1f);
    store<u8>(dst + i, load<u8>(BASE32 + idx));
  }
  store<u8>(dst + 10, 48);
  return true;
}

// ---- neighbours ------------------------------------------------------------------------------------

/** The cell `d` columns east (d > 0) or west (d < 0) of bits, wrapping around at +-180. */
export function moveX(bits: u64, step: u32, d: i32): u64 {
  if (d == 0) return bits;
  let x = bits & 0xaaaaaaaaaaaaaaaa;
  const y = bits & 0x5555555555555555;
  const zz: u64 = 0x5555555555555555 >> <u64>(64 - step * 2);
  if (d > 0) x = x + (zz + 1);
  else {
    x = x | zz;
    x = x - (zz + 1);
  }
  x &= 0xaaaaaaaaaaaaaaaa >> <u64>(64 - step * 2);
  return x | y;
}

/** The cell `d` rows north (d > 0) or south (d < 0) of bits, wrapping around. */
export function moveY(bits: u64, step: u32, d: i32): u64 {
  if (d == 0) return bits;
  const x = bits & 0xaaaaaaaaaaaaaaaa;
  let y = bits & 0x5555555555555555;
  const zz: u64 = 0xaaaaaaaaaaaaaaaa >> <u64>(64 - step * 2);
  if (d > 0) y = y + (zz + 1);
  else {
    y = y | zz;
    y = y - (zz + 1);
  }
  y &= 0x5555555555555555 >> <u64>(64 - step * 2);
  return x | y;
}

// The search neighbourhood, in Redis's scan order: the centre cell, then N S E W NE NW SE SW.
export const NB_CENTRE: u32 = 0;
export const NB_NORTH: u32 = 1;
export const NB_SOUTH: u32 = 2;
export const NB_EAST: u32 = 3;
export const NB_WEST: u32 = 4;
export const NB_NORTH_EAST: u32 = 5;
export const NB_NORTH_WEST: u32 = 6;
export const NB_SOUTH_EAST: u32 = 7;
export const NB_SOUTH_WEST: u32 = 8;

/** nb cells: bits u64 each; a dropped cell is the zero cell (bits 0, step 0: nbStep of it is 0). */
const NB: usize = memory.data(9 * 8, 8);
const NB_STEP: usize = memory.data(9 * 4, 4);
@inline export function nbBits(i: u32): u64 { return load<u64>(NB + (<usize>i << 3)); }
@inline export function nbStep(i: u32): u32 { return load<u32>(NB_STEP + (<usize>i << 2)); }
@inline function nbSet(i: u32, bits: u64, step: u32): void {
  store<u64>(NB + (<usize>i << 3), bits);
  store<u32>(NB_STEP + (<usize>i << 2), step);
}
/** True for a cell dropped from the search (Redis's HASHISZERO). */
@inline export function nbIsZero(i: u32): bool { return nbBits(i) == 0 && nbStep(i) == 0; }

/** The neighbourhood of (bits, step) into nb*. */
export function ghNeighbors(bits: u64, step: u32): void {
  nbSet(NB_CENTRE, bits, step);
  nbSet(NB_EAST, moveX(bits, step, 1), step);
  nbSet(NB_WEST, moveX(bits, step, -1), step);
  nbSet(NB_SOUTH, moveY(bits, step, -1), step);
  nbSet(NB_NORTH, moveY(bits, step, 1), step);
  nbSet(NB_NORTH_WEST, moveY(moveX(bits, step, -1), step, 1), step);
  nbSet(NB_SOUTH_WEST, moveY(moveX(bits, step, -1), step, -1), step);
  nbSet(NB_NORTH_EAST, moveY(moveX(bits, step, 1), step, 1), step);
  nbSet(NB_SOUTH_EAST, moveY(moveX(bits, step, 1), step, -1), step);
}

// ---- search areas ----------------------------------------------------------------------------------

/** Cell precision for a search of radius `meters` around latitude `lat`. */
export function estimateStepsByRadius(meters: f64, lat: f64): u32 {
  if (meters == 0) return 26;
  let step: i32 = 1;
  while (meters < MERCATOR_MAX) {
    meters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return <u32>step;
}

// The search shape: a circle (radius) or an axis-aligned box (width x height) around (lon, lat);
// sizes in the request's unit, `conversion` metres per unit.
export const SHAPE_CIRCLE: u32 = 1;
export const SHAPE_BOX: u32 = 2;
export let shType: u32 = 0;
export let shLon: f64 = 0;
export let shLat: f64 = 0;
export let shRadius: f64 = 0;
export let shWidth: f64 = 0;
export let shHeight: f64 = 0;
export let shConversion: f64 = 1;

/** The bounding box of the shape. */
export let bbMinLon: f64 = 0;
export let bbMinLat: f64 = 0;
export let bbMaxLon: f64 = 0;
export let bbMaxLat: f64 = 0;

/**
 * The shape's bounding box: latitudes +-(half height) as an arc; the longitude half-span is the one
 * of the northern edge for a centre in the northern hemisphere and of the southern edge otherwise
 * (the edge nearer the pole, where a given width spans more degrees), as Redis computes it.
 */
export function boundingBox(): void {
  const circle = shType == SHAPE_CIRCLE;
  const height = shConversion * (circle ? shRadius : shHeight / 2);
  const width = shConversion * (circle ? shRadius : shWidth / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const lonDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(shLat + latDelta)));
  const lonDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(shLat - latDelta)));
  const south = shLat < 0;
  bbMinLon = south ? shLon - lonDeltaBottom : shLon - lonDeltaTop;
  bbMaxLon = south ? shLon + lonDeltaBottom : shLon + lonDeltaTop;
  bbMinLat = shLat - latDelta;
  bbMaxLat = shLat + latDelta;
}

/** The step chosen by the last searchAreas call (all nine cells share it). */
export let searchStep: u32 = 0;

/** The cells to scan for the current shape, into nb* (Redis's geohashCalculateAreasByShapeWGS84). */
export function searchAreas(): void {
  boundingBox();
  const minLon = bbMinLon, minLat = bbMinLat, maxLon = bbMaxLon, maxLat = bbMaxLat;
  let radius = shType == SHAPE_CIRCLE ? shRadius :
    Math.sqrt((shWidth / 2) * (shWidth / 2) + (shHeight / 2) * (shHeight / 2));
  radius *= shConversion;
  let steps = estimateStepsByRadius(radius, shLat);
  ghEncodeWGS84(shLon, shLat, steps);
  let bits = ghBits;
  ghNeighbors(bits, steps);

  // a coarser step when the neighbours do not cover the bounding box
  let decrease = false;
  ghDecodeWGS84(nbBits(NB_NORTH), steps);
  if (arLatMax < maxLat) decrease = true;
  ghDecodeWGS84(nbBits(NB_SOUTH), steps);
  if (arLatMin > minLat) decrease = true;
  ghDecodeWGS84(nbBits(NB_EAST), steps);
  if (arLonMax < maxLon) decrease = true;
  ghDecodeWGS84(nbBits(NB_WEST), steps);
  if (arLonMin > minLon) decrease = true;
  if (steps > 1 && decrease) {
    steps--;
    ghEncodeWGS84(shLon, shLat, steps);
    bits = ghBits;
    ghNeighbors(bits, steps);
  }
  ghDecodeWGS84(bits, steps);
  searchStep = steps;

  if (steps >= 2) {
    if (arLatMin < minLat) {
      nbSet(NB_SOUTH, 0, 0); nbSet(NB_SOUTH_WEST, 0, 0); nbSet(NB_SOUTH_EAST, 0, 0);
    }
    if (arLatMax > maxLat) {
      nbSet(NB_NORTH, 0, 0); nbSet(NB_NORTH_EAST, 0, 0); nbSet(NB_NORTH_WEST, 0, 0);
    }
    if (arLonMin < minLon) {
      nbSet(NB_WEST, 0, 0); nbSet(NB_SOUTH_WEST, 0, 0); nbSet(NB_NORTH_WEST, 0, 0);
    }
    if (arLonMax > maxLon) {
      nbSet(NB_EAST, 0, 0); nbSet(NB_SOUTH_EAST, 0, 0); nbSet(NB_NORTH_EAST, 0, 0);
    }
  }
}

// ---- distances -------------------------------------------------------------------------------------

/** Arc length between two latitudes on the same meridian. */
@inline export function latDistance(lat1: f64, lat2: f64): f64 {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2) - degRad(lat1));
}

/** Haversine distance in metres. */
export function distance(lon1: f64, lat1: f64, lon2: f64, lat2: f64): f64 {
  const lon1r = degRad(lon1);
  const lon2r = degRad(lon2);
  const v = Math.sin((lon2r - lon1r) / 2);
  if (v == 0.0) return latDistance(lat1, lat2);
  const lat1r = degRad(lat1);
  const lat2r = degRad(lat2);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

/** Distance of the last inShape test. */
export let lastDistance: f64 = 0;

// The centre in radians and the cosine of its latitude, set by shapePrepare for the scan.
let cLonR: f64 = 0;
let cLatR: f64 = 0;
let cCosLat: f64 = 0;
let cRadiusM: f64 = 0;
let cLatReject: f64 = 0;
let cHalfW: f64 = 0;
let cHalfH: f64 = 0;

/**
 * Precomputes what inShape needs of the current shape. The values are the ones distance() computes
 * for the centre on every call (same operations), so results are unchanged bit for bit.
 */
export function shapePrepare(): void {
  cLonR = degRad(shLon);
  cLatR = degRad(shLat);
  cCosLat = Math.cos(cLatR);
  cRadiusM = shRadius * shConversion;
  // A great-circle distance is at least the latitude arc between the two points. Computed values
  // carry rounding (up to ~0.2 m near antipodes, where asin amplifies it), so only points whose
  // latitude arc exceeds the radius by a wide margin are rejected without the full distance.
  cLatReject = cRadiusM * 1.000001 + 1.0;
  cHalfW = shWidth * shConversion / 2;
  cHalfH = shHeight * shConversion / 2;
}

/**
 * Whether (lon, lat) is inside the current shape (shapePrepare first); its distance to the centre
 * into lastDistance. A circle contains the points at most its radius away; a box, the points whose
 * latitude arc to the centre is at most half its height and whose arc along their own parallel to
 * the centre's meridian is at most half its width. Each test is Redis's computation, in its order;
 * the sines and cosines it shares are computed once.
 */
export function inShape(lon: f64, lat: f64): bool {
  const latR = degRad(lat);
  const lonR = degRad(lon);
  if (shType == SHAPE_CIRCLE) {
    const latArc = EARTH_RADIUS_IN_METERS * Math.abs(latR - cLatR);
    if (latArc > cLatReject) return false;
    // distance(centre, point)
    const v = Math.sin((lonR - cLonR) / 2);
    let d: f64;
    if (v == 0.0) d = latArc;
    else {
      const u = Math.sin((latR - cLatR) / 2);
      const a = u * u + cCosLat * Math.cos(latR) * v * v;
      d = 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
    }
    lastDistance = d;
    return !(d > cRadiusM);
  }
  // latDistance(point, centre)
  const latArc = EARTH_RADIUS_IN_METERS * Math.abs(cLatR - latR);
  if (latArc > cHalfH) return false;
  // distance(point, (centre lon, point lat)): u is sin(0) = 0, both cosines are the point's
  const vw = Math.sin((cLonR - lonR) / 2);
  const cosLat = Math.cos(latR);
  if (vw != 0.0) {
    const a = 0.0 + cosLat * cosLat * vw * vw;
    if (2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a)) > cHalfW) return false;
  }
  // distance(centre, point): its v is -vw (sin is odd), and v * v is the same
  if (vw == 0.0) lastDistance = EARTH_RADIUS_IN_METERS * Math.abs(latR - cLatR);
  else {
    const u = Math.sin((latR - cLatR) / 2);
    const a = u * u + cCosLat * cosLat * vw * vw;
    lastDistance = 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
  }
  return true;
}
