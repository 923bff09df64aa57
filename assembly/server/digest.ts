// DEBUG DIGEST and DEBUG DIGEST-VALUE: Redis's dataset digest, so that tools and tests comparing
// digests across servers (or before/after a reload) agree with Redis byte for byte.
//
// Scheme (Redis's): SHA1-based. xorDigest(d, x) XORs SHA1(x) into d; mixDigest(d, x) does that and
// then replaces d by SHA1(d). A key's digest starts at zero, mixes the key name, then the value:
// the type as a big-endian u32, the value's elements (type-specific order), and "!!expire!!" XORed in
// when the key has a TTL. The dataset digest mixes each non-empty db's index (big-endian u32) and
// XORs in SHA1 of every key digest, so key order does not matter.
import { sha1Init, sha1Update, sha1Final } from "../util/sha1";
import { Db, dbAt, dbDict } from "./db";
import { S } from "./state";
import { dictForEach } from "../ds/dict";
import { eKey, eKeyLen, eType, eEnc, eHasExpire } from "../ds/entry";
import { OBJ_STRING, OBJ_STREAM, OBJ_SET, OBJ_HASH, OBJ_LIST, OBJ_ZSET, kvStr, strPtr, strLen, kvObj } from "./kv";
import { listForEachRange, listTypeLength } from "../types/lists";
import { zsetForEachScored } from "../types/zsets";
import { fpconvDtoa } from "../util/numbers";
import { setForEach } from "../types/sets";
import { hashForEachPair } from "../types/hashes";
import { streamIterStart, streamIterGetID, streamIterGetField, siNumFields, siFieldPtr, siFieldLen, siValuePtr, siValueLen, STREAM_ITER_SIZE } from "../ds/stream";
import { ull2string } from "../util/numbers";

const HASH: usize = memory.data(20, 4);
const TMP4: usize = memory.data(4, 4);
const KEYD: usize = memory.data(20, 4);

export function xorDigest(d: usize, p: usize, n: u32): void {
  sha1Init(); sha1Update(p, n); sha1Final(HASH);
  for (let i: u32 = 0; i < 20; i++) store<u8>(d + i, load<u8>(d + i) ^ load<u8>(HASH + i));
}

export function mixDigest(d: usize, p: usize, n: u32): void {
  xorDigest(d, p, n);
  sha1Init(); sha1Update(d, 20); sha1Final(d);
}

function mixU32BE(d: usize, v: u32): void {
  store<u32>(TMP4, bswap<u32>(v));
  mixDigest(d, TMP4, 4);
}

/** Mixes a value (type, elements, TTL marker) into `d`, Redis's xorObjectDigest. */
export function xorEntryDigest(d: usize, e: usize): void {
  const t = eType(e);
  mixU32BE(d, t == OBJ_STREAM ? 6 : t); // Redis numbers streams 6 (5 is modules)
  if (t == OBJ_STRING) { kvStr(e); mixDigest(d, strPtr, strLen); }
  else if (t == OBJ_SET) setForEach(e, xorMember, d);            // members are order-independent
  else if (t == OBJ_HASH) hashForEachPair(e, xorFieldValue, d);  // each pair mixed, then XORed in
  else if (t == OBJ_LIST) listForEachRange(e, 0, listTypeLength(e), false, mixElement, d); // in order
  else if (t == OBJ_ZSET) zsetForEachScored(e, xorMemberScore, d); // member + score (7.2+ fpconv form)
  else if (t == OBJ_STREAM) mixStream(d, kvObj(e));              // live entries only, in order
  if (eHasExpire(e)) {
    const lit = memory.data<u8>([0x21, 0x21, 0x65, 0x78, 0x70, 0x69, 0x72, 0x65, 0x21, 0x21]); // "!!expire!!"
    xorDigest(d, lit, 10);
  }
}

function xorMember(p: usize, n: u32, d: usize): void { xorDigest(d, p, n); }

const SIT: usize = memory.data(STREAM_ITER_SIZE, 8);
const SID: usize = memory.data(16, 8);
const IDBUF: usize = memory.data(48, 8);

// Each live entry mixes "<ms>.<seq>" (a dot, not the reply form's dash), then each field and value.
// Consumer groups, the last ID and tombstones are not part of a stream's digest (as Redis).
function mixStream(d: usize, s: usize): void {
  streamIterStart(SIT, s, 0, 0, false);
  while (streamIterGetID(SIT, SID)) {
    const n = ull2string(IDBUF, load<u64>(SID));
    store<u8>(IDBUF + n, 0x2e);
    const m = n + 1 + ull2string(IDBUF + n + 1, load<u64>(SID, 8));
    mixDigest(d, IDBUF, m);
    const nf = siNumFields;
    for (let i: i64 = 0; i < nf; i++) {
      streamIterGetField(SIT);
      mixDigest(d, siFieldPtr, siFieldLen);
      mixDigest(d, siValuePtr, siValueLen);
    }
  }
}

const PAIRD: usize = memory.data(20, 4);
function xorFieldValue(fp: usize, fl: u32, vp: usize, vl: u32, d: usize): void {
  memory.fill(PAIRD, 0, 20);
  mixDigest(PAIRD, fp, fl);
  mixDigest(PAIRD, vp, vl);
  xorDigest(d, PAIRD, 20);
}

function mixElement(p: usize, n: u32, d: usize): void { mixDigest(d, p, n); }

const SCOREBUF: usize = memory.data(32);
function xorMemberScore(p: usize, n: u32, score: f64, d: usize): void {
  memory.fill(PAIRD, 0, 20);
  mixDigest(PAIRD, p, n);
  mixDigest(PAIRD, SCOREBUF, fpconvDtoa(SCOREBUF, score));
  xorDigest(d, PAIRD, 20);
}

function digestEntry(e: usize, final: usize): void {
  memory.fill(KEYD, 0, 20);
  mixDigest(KEYD, eKey(e), eKeyLen(e));
  xorEntryDigest(KEYD, e);
  xorDigest(final, KEYD, 20);
}

/** The digest of every key in every db into final[0..20). All zero for an empty dataset. */
export function datasetDigest(final: usize): void {
  memory.fill(final, 0, 20);
  const s = S();
  for (let j: u32 = 0; j < <u32>s.databases; j++) {
    const db: Db = dbAt(j);
    const d = dbDict(db);
    if (d.u0 + d.u1 == 0) continue;
    mixU32BE(final, j);
    dictForEach(d, digestEntry, final);
  }
}

/** Lowercase hex of 20 bytes into dst[0..40). */
export function digestHex(dst: usize, d: usize): void {
  const hex = "0123456789abcdef";
  for (let i: u32 = 0; i < 20; i++) {
    const b = <u32>load<u8>(d + i);
    store<u8>(dst + (i << 1), <u8>hex.charCodeAt(b >> 4));
    store<u8>(dst + (i << 1) + 1, <u8>hex.charCodeAt(b & 15));
  }
}
