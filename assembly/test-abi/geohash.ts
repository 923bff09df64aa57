// Unit-test entry for ds/geohash.ts (test/unit/ds-geohash.test.ts, built to build/test-geohash.wasm).
// Pure functions only: 64-bit cells cross the boundary as BigInt, results of multi-value functions
// are read back through getters, strings through the static scratch area.
import {
  ghEncode, ghEncodeWGS84, ghBits, ghDecode, ghDecodeWGS84, arLatMin, arLatMax, arLonMin, arLonMax,
  areaCentre, decodeScore, xyLon, xyLat, standardGeohash, scoreToBits, moveX, moveY, ghNeighbors,
  nbBits, nbStep, nbIsZero, estimateStepsByRadius, searchAreas, searchStep, boundingBox, bbMinLon,
  bbMinLat, bbMaxLon, bbMaxLat, distance, latDistance, inShape, shapePrepare, lastDistance, interleave, latBits,
  lonBits, align52, shType, shLon, shLat, shRadius, shWidth, shHeight, shConversion,
} from "../ds/geohash";

const SCRATCH: usize = memory.data(64, 8);
export function scratch(): usize { return SCRATCH; }

/** Encodes in the given ranges; returns the cell bits, or -1 when the encoder refuses. */
export function t_encode(lonMin: f64, lonMax: f64, latMin: f64, latMax: f64, lon: f64, lat: f64, step: u32): i64 {
  return ghEncode(lonMin, lonMax, latMin, latMax, lon, lat, step) ? <i64>ghBits : -1;
}
export function t_encode_wgs84(lon: f64, lat: f64, step: u32): i64 {
  return ghEncodeWGS84(lon, lat, step) ? <i64>ghBits : -1;
}
export function t_decode(lonMin: f64, lonMax: f64, latMin: f64, latMax: f64, bits: u64, step: u32): i32 {
  return ghDecode(lonMin, lonMax, latMin, latMax, bits, step) ? 1 : 0;
}
export function t_decode_wgs84(bits: u64, step: u32): i32 { return ghDecodeWGS84(bits, step) ? 1 : 0; }
export function t_area(i: i32): f64 {
  return i == 0 ? arLonMin : i == 1 ? arLonMax : i == 2 ? arLatMin : arLatMax;
}
export function t_area_centre(): void { areaCentre(); }
export function t_decode_score(score: f64): i32 { return decodeScore(score) ? 1 : 0; }
export function t_xy(i: i32): f64 { return i == 0 ? xyLon : xyLat; }
/** GEOHASH string of a score into the scratch area (11 bytes); 0 when it does not decode. */
export function t_geohash(score: f64): i32 { return standardGeohash(SCRATCH, score) ? 11 : 0; }
export function t_score_to_bits(s: f64): u64 { return scoreToBits(s); }
export function t_interleave(lat: u32, lon: u32): u64 { return interleave(lat, lon); }
export function t_lat_bits(bits: u64): u32 { return latBits(bits); }
export function t_lon_bits(bits: u64): u32 { return lonBits(bits); }
export function t_align52(bits: u64, step: u32): u64 { return align52(bits, step); }
export function t_move_x(bits: u64, step: u32, d: i32): u64 { return moveX(bits, step, d); }
export function t_move_y(bits: u64, step: u32, d: i32): u64 { return moveY(bits, step, d); }
export function t_neighbors(bits: u64, step: u32): void { ghNeighbors(bits, step); }
export function t_nb_bits(i: u32): u64 { return nbBits(i); }
export function t_nb_step(i: u32): u32 { return nbStep(i); }
export function t_nb_zero(i: u32): i32 { return nbIsZero(i) ? 1 : 0; }
export function t_estimate(meters: f64, lat: f64): u32 { return estimateStepsByRadius(meters, lat); }

/** Sets the search shape: type 1 circle (a = radius), 2 box (a = width, b = height). */
export function t_shape(type: u32, lon: f64, lat: f64, a: f64, b: f64, conversion: f64): void {
  shType = type; shLon = lon; shLat = lat; shConversion = conversion;
  shRadius = type == 1 ? a : 0;
  shWidth = type == 2 ? a : 0;
  shHeight = type == 2 ? b : 0;
}
export function t_bounding_box(): void { boundingBox(); }
export function t_bb(i: i32): f64 { return i == 0 ? bbMinLon : i == 1 ? bbMinLat : i == 2 ? bbMaxLon : bbMaxLat; }
export function t_search_areas(): u32 { searchAreas(); return searchStep; }
/** inShape after shapePrepare: the distance when inside, -1 outside. */
export function t_in_shape(lon: f64, lat: f64): f64 { shapePrepare(); return inShape(lon, lat) ? lastDistance : -1; }
/** Redis's box and circle tests spelled out with distance() (the reference for inShape). */
export function t_in_shape_ref(lon: f64, lat: f64): f64 {
  if (shType == 1) {
    const d = distance(shLon, shLat, lon, lat);
    return d > shRadius * shConversion ? -1 : d;
  }
  if (latDistance(lat, shLat) > shHeight * shConversion / 2) return -1;
  if (distance(lon, lat, shLon, lat) > shWidth * shConversion / 2) return -1;
  return distance(shLon, shLat, lon, lat);
}
export function t_distance(lon1: f64, lat1: f64, lon2: f64, lat2: f64): f64 { return distance(lon1, lat1, lon2, lat2); }
export function t_lat_distance(lat1: f64, lat2: f64): f64 { return latDistance(lat1, lat2); }
