// Streams: the stream object, 128-bit entry IDs, the node format and the entry iterator.
// (Command handlers are in types/streams.ts; consumer groups in ds/streamcg.ts and
// types/stream-groups.ts. The API is described for other modules in notes/stream-api.md.)
//
// Stream (STREAM_SIZE bytes, owned by its keyspace entry: OBJ_STREAM / ENC_STREAM, kvObj(e)):
//    0 length u64                     live entries
//    8 lastId   (ms u64, seq u64)     last generated ID (XADD / XSETID); never goes back
//   24 firstId  (ms u64, seq u64)     first live ID; 0-0 when empty
//   40 maxDeletedId (ms, seq)         largest ID removed by XDEL (0-0 = none)
//   56 entriesAdded u64               entries ever added (XSETID ENTRIESADDED may set it)
//   64 rax u32                        -> node index (ds/rax.ts, owned): 16-byte big-endian master ID
//                                        -> listpack node (owned)
//   68 cgroups u32                    -> consumer groups rax, owned by the consumer-group code
//                                        (types/stream-groups.ts hooks); 0 = none
// StreamID: 16 bytes (ms u64, seq u64); the lastId/firstId/maxDeletedId fields are StreamIDs.
//
// Node: a listpack in Redis's stream layout, byte for byte (DUMP/RDB store it raw):
//   master entry  count, deleted, nfields, field_1 .. field_n, 0
//   each entry    flags, ms-diff, seq-diff, [nfields, f1, v1, .., fn, vn | v1 .. vn], lp-count
//   flags: STREAM_ITEM_DELETED (1), STREAM_ITEM_SAMEFIELDS (2: the fields are the master's, in
//   order, and only the values are stored). The diffs are (ID - master ID) per half, wrapping at
//   2^64 and stored as listpack integers. lp-count = listpack elements of the entry before it
//   (3 + n with SAMEFIELDS, 3 + 2n + 1 without); the master's trailing 0 plays that role for it,
//   which is how reverse iteration finds the start of each entry.
// Invariants
// - count = live entries of the node, deleted = tombstones in it; a node whose live count drops to
//   0 is removed from the index. The rax key of a node is the ID of its first entry ever, and every
//   entry in it (tombstones too) has an ID >= that and < the next node's key.
// - Entries are appended only to the last node; a new node starts when the last one has
//   count+deleted >= stream-node-max-entries (0 = no limit) or its bytes plus the raw lengths of
//   the new fields/values reach stream-node-max-bytes (0 or > 1 GiB: 1 GiB). A node is created with
//   min(4096, stream-node-max-bytes) bytes of room and shrunk to fit when it is closed (as Redis).
// - length == sum of live counts; lastId >= every entry ID ever added.
// Deviations from Redis: none in the bytes. (Tombstones are never compacted, like Redis.)
import { alloc, free, blockSize } from "../mem/alloc";
import {
  lpNew, lpFree, lpBytes, lpFirst, lpLast, lpNext, lpPrev, lpGet, lpvInt, lpvStr, lpvLen,
  lpAppend, lpAppendInt, lpReplaceInt, lpDup,
} from "./listpack";
import {
  raxNew, raxFree, raxSize, raxMemUsage, raxInsert, raxRemove, raxStart, raxSeek, raxNext, raxPrev,
  raxEOF, raxItKey, raxItVal, raxItSetVal, RAX_ITER_SIZE, RAX_SEEK_FIRST, RAX_SEEK_LAST, RAX_SEEK_LE,
} from "./rax";
import { string2ll, parsedInt, ull2string, ll2string } from "../util/numbers";
import { S } from "../server/state";

export const STREAM_ITEM_DELETED: i64 = 1;
export const STREAM_ITEM_SAMEFIELDS: i64 = 2;
export const SCG_INVALID_ENTRIES_READ: i64 = -1;
/** Listpacks (and so stream nodes) are capped at 1 GiB, as Redis's STREAM_LISTPACK_MAX_SIZE. */
const STREAM_LISTPACK_MAX_SIZE: u64 = 1 << 30;
const STREAM_LISTPACK_MAX_PRE_ALLOCATE: i64 = 4096;

export const TRIM_NONE: i32 = 0;
export const TRIM_MAXLEN: i32 = 1;
export const TRIM_MINID: i32 = 2;

export const STREAM_OK: i32 = 0;
/** streamAppendItem: the ID is not greater than the last one (Redis's EDOM). */
export const STREAM_ERR_EDOM: i32 = 1;
/** streamAppendItem: the fields and values are too large for a node (Redis's ERANGE). */
export const STREAM_ERR_ERANGE: i32 = 2;

@unmanaged export class StreamID {
  ms: u64;
  seq: u64;
}
export const STREAM_ID_SIZE: u32 = 16;

@unmanaged export class Stream {
  length: u64;
  lastMs: u64; lastSeq: u64;
  firstMs: u64; firstSeq: u64;
  maxDelMs: u64; maxDelSeq: u64;
  entriesAdded: u64;
  rax: u32;
  cgroups: u32;
}
export const STREAM_SIZE: u32 = offsetof<Stream>();

@inline export function streamLastId(s: usize): usize { return s + offsetof<Stream>("lastMs"); }
@inline export function streamFirstId(s: usize): usize { return s + offsetof<Stream>("firstMs"); }
@inline export function streamMaxDelId(s: usize): usize { return s + offsetof<Stream>("maxDelMs"); }
@inline export function streamLength(s: usize): u64 { return changetype<Stream>(s).length; }

// ---- IDs --------------------------------------------------------------------------------------

@inline export function idMs(a: usize): u64 { return load<u64>(a); }
@inline export function idSeq(a: usize): u64 { return load<u64>(a, 8); }
@inline export function idSet(a: usize, ms: u64, seq: u64): void { store<u64>(a, ms); store<u64>(a, seq, 8); }
@inline export function idCopy(dst: usize, src: usize): void { store<u64>(dst, load<u64>(src)); store<u64>(dst, load<u64>(src, 8), 8); }
@inline export function idIsZero(a: usize): bool { return (load<u64>(a) | load<u64>(a, 8)) == 0; }
@inline export function idIsMax(a: usize): bool { return (load<u64>(a) & load<u64>(a, 8)) == u64.MAX_VALUE; }

@inline export function idCmp2(ams: u64, aseq: u64, bms: u64, bseq: u64): i32 {
  if (ams != bms) return ams > bms ? 1 : -1;
  if (aseq != bseq) return aseq > bseq ? 1 : -1;
  return 0;
}
@inline export function idCmp(a: usize, b: usize): i32 {
  return idCmp2(load<u64>(a), load<u64>(a, 8), load<u64>(b), load<u64>(b, 8));
}

/** The next ID; false (and unchanged) at max-max. */
export function idIncr(a: usize): bool {
  const seq = idSeq(a);
  if (seq == u64.MAX_VALUE) {
    const ms = idMs(a);
    if (ms == u64.MAX_VALUE) return false;
    idSet(a, ms + 1, 0);
  } else store<u64>(a, seq + 1, 8);
  return true;
}

/** The previous ID; false (and unchanged) at 0-0. */
export function idDecr(a: usize): bool {
  const seq = idSeq(a);
  if (seq == 0) {
    const ms = idMs(a);
    if (ms == 0) return false;
    idSet(a, ms - 1, u64.MAX_VALUE);
  } else store<u64>(a, seq - 1, 8);
  return true;
}

/** 16-byte big-endian rax key of an ID. */
@inline export function streamEncodeID(dst: usize, id: usize): void {
  store<u64>(dst, bswap<u64>(load<u64>(id)));
  store<u64>(dst, bswap<u64>(load<u64>(id, 8)), 8);
}
@inline export function streamDecodeID(src: usize, id: usize): void {
  store<u64>(id, bswap<u64>(load<u64>(src)));
  store<u64>(id, bswap<u64>(load<u64>(src, 8)), 8);
}

/** "ms-seq" at dst (at most 41 bytes); returns the length. */
export function idFormat(dst: usize, id: usize): u32 {
  const n = ull2string(dst, idMs(id));
  store<u8>(dst + n, 0x2d);
  return n + 1 + ull2string(dst + n + 1, idSeq(id));
}

/** Value of the last successful parseULL. */
let ullVal: u64 = 0;

@inline function isSpace(c: u32): bool { return c == 32 || (c >= 9 && c <= 13); }

/**
 * Redis's string2ull over p[0..n): the strict integer syntax (negative rejected), else the strtoull
 * grammar (leading white space, optional sign -- a '-' negates modulo 2^64 --, decimal digits up to
 * the end, overflow rejected).
 */
function parseULL(p: usize, n: u32): bool {
  if (string2ll(p, n)) {
    if (parsedInt < 0) return false;
    ullVal = <u64>parsedInt;
    return true;
  }
  let i: u32 = 0;
  while (i < n && isSpace(load<u8>(p + i))) i++;
  let neg = false;
  if (i < n) {
    const c = load<u8>(p + i);
    if (c == 0x2b) i++;
    else if (c == 0x2d) { neg = true; i++; }
  }
  if (i >= n) return false;
  let v: u64 = 0;
  for (; i < n; i++) {
    const d = <u32>load<u8>(p + i) - 48;
    if (d > 9) return false;
    if (v > 1844674407370955161 || (v == 1844674407370955161 && d > 5)) return false;
    v = v * 10 + d;
  }
  ullVal = neg ? 0 - v : v;
  return true;
}

export const ID_INVALID: i32 = -1;
export const ID_OK: i32 = 0;
/** "<ms>-*": the caller asked for the sequence to be generated (id.seq is 0). */
export const ID_SEQ_STAR: i32 = 1;

/**
 * Redis's streamGenericParseIDOrReply without the reply. Arguments longer than 127 bytes are
 * invalid; bytes after a NUL are ignored (Redis parses a C copy). "-" is 0-0 and "+" max-max unless
 * `strict`; "<ms>" takes `missingSeq`; "<ms>-*" is accepted only with `allowSeqStar`.
 */
export function parseStreamIDBytes(p: usize, n: u32, id: usize, missingSeq: u64, strict: bool, allowSeqStar: bool): i32 {
  if (n > 127) return ID_INVALID;
  for (let i: u32 = 0; i < n; i++) if (load<u8>(p + i) == 0) { n = i; break; }
  if (n == 1) {
    const c = load<u8>(p);
    if (c == 0x2d || c == 0x2b) {
      if (strict) return ID_INVALID;
      if (c == 0x2d) idSet(id, 0, 0); else idSet(id, u64.MAX_VALUE, u64.MAX_VALUE);
      return ID_OK;
    }
  }
  let dash: i32 = -1;
  for (let i: u32 = 0; i < n; i++) if (load<u8>(p + i) == 0x2d) { dash = <i32>i; break; }
  const msLen: u32 = dash < 0 ? n : <u32>dash;
  if (!parseULL(p, msLen)) return ID_INVALID;
  const ms = ullVal;
  let seq = missingSeq;
  let rc = ID_OK;
  if (dash >= 0) {
    const sp = p + <u32>dash + 1, sl = n - <u32>dash - 1;
    if (allowSeqStar && sl == 1 && load<u8>(sp) == 0x2a) { seq = 0; rc = ID_SEQ_STAR; }
    else if (!parseULL(sp, sl)) return ID_INVALID;
    else seq = ullVal;
  }
  idSet(id, ms, seq);
  return rc;
}

// ---- listpack helpers ---------------------------------------------------------------------------

@inline function lpInt(p: usize): i64 { lpGet(p); return lpvInt; }

/** Replaces the integer at p; returns the (possibly moved) listpack. */
@inline function lpSetInt(lp: usize, p: usize, v: i64): usize { return lpReplaceInt(lp, p, v); }

/** Frees unused room at the end of a node's block (Redis's lpShrinkToFit). */
function lpShrink(lp: usize): usize {
  const n = lpBytes(lp);
  if (blockSize(lp) - n < 64) return lp;
  const m = alloc(n);
  if (m == 0) return lp;
  memory.copy(m, lp, n);
  free(lp);
  return m;
}

// ---- create / free / dup / memory ---------------------------------------------------------------

export function streamNew(): usize {
  const s = alloc(STREAM_SIZE);
  if (s == 0) unreachable();
  memory.fill(s, 0, STREAM_SIZE);
  changetype<Stream>(s).rax = <u32>raxNew();
  return s;
}

const FREE_IT: usize = memory.data(RAX_ITER_SIZE, 8);

/**
 * Frees the nodes, the index and the struct. The consumer groups are not this module's: the
 * object layer (types/streams.ts streamObjFree) frees them first through the groups hook.
 */
export function streamFree(s: usize): void {
  const st = changetype<Stream>(s);
  const r = <usize>st.rax;
  raxStart(FREE_IT, r);
  raxSeek(FREE_IT, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(FREE_IT)) lpFree(raxItVal(FREE_IT));
  raxFree(r);
  free(s);
}

/** A deep copy of the entries and counters; the copy's cgroups is 0 (the object layer dups them). */
export function streamDup(s: usize): usize {
  const d = alloc(STREAM_SIZE);
  if (d == 0) return 0;
  memory.copy(d, s, STREAM_SIZE);
  const nr = raxNew();
  const r = <usize>changetype<Stream>(s).rax;
  raxStart(FREE_IT, r);
  raxSeek(FREE_IT, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(FREE_IT)) {
    const lp = raxItVal(FREE_IT);
    raxInsert(nr, raxItKey(FREE_IT), STREAM_ID_SIZE, lpDup(lp));
  }
  const dst = changetype<Stream>(d);
  dst.rax = <u32>nr;
  dst.cgroups = 0;
  return d;
}

/** Bytes of the struct, index and nodes (not the consumer groups). */
export function streamMemUsage(s: usize): usize {
  const st = changetype<Stream>(s);
  let n: usize = <usize>blockSize(s) + raxMemUsage(<usize>st.rax);
  raxStart(FREE_IT, <usize>st.rax);
  raxSeek(FREE_IT, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(FREE_IT)) n += blockSize(raxItVal(FREE_IT));
  return n;
}

@inline export function streamNodeCount(s: usize): u64 { return raxSize(<usize>changetype<Stream>(s).rax); }

// ---- append -------------------------------------------------------------------------------------

const APPEND_IT: usize = memory.data(RAX_ITER_SIZE, 8);
const KEYBUF: usize = memory.data(16, 8);
const NEWID: usize = memory.data(16, 8);
const MASTER: usize = memory.data(16, 8);

@inline function pairF(pairs: usize, i: u32): usize { return <usize>load<u32>(pairs + (<usize>i << 4)); }
@inline function pairFL(pairs: usize, i: u32): u32 { return load<u32>(pairs + (<usize>i << 4) + 4); }
@inline function pairV(pairs: usize, i: u32): usize { return <usize>load<u32>(pairs + (<usize>i << 4) + 8); }
@inline function pairVL(pairs: usize, i: u32): u32 { return load<u32>(pairs + (<usize>i << 4) + 12); }

/** Do the bytes (p, n) equal the listpack element at e (integers compare by decimal form)? */
function lpElemEq(e: usize, p: usize, n: u32): bool {
  if (lpGet(e)) {
    if (n == 0 || n > 20 || !string2ll(p, n)) return false;
    return parsedInt == lpvInt;
  }
  if (lpvLen != n) return false;
  for (let i: u32 = 0; i < n; i++) if (load<u8>(lpvStr + i) != load<u8>(p + i)) return false;
  return true;
}

/**
 * Appends an entry (Redis's streamAppendItem). pairs: npairs records of 16 bytes (field ptr u32,
 * field len u32, value ptr u32, value len u32). useId == 0: the ID comes from the command clock and
 * the last ID; else *useId is used as is, or with its sequence generated when !seqGiven ("<ms>-*").
 * The added ID is written to `added`. Returns STREAM_OK or STREAM_ERR_*.
 */
export function streamAppendItem(s: usize, pairs: usize, npairs: u32, added: usize, useId: usize, seqGiven: bool): i32 {
  const st = changetype<Stream>(s);
  const last = streamLastId(s);
  if (useId != 0) {
    if (seqGiven) idCopy(NEWID, useId);
    else if (idMs(last) == idMs(useId)) {
      if (idSeq(last) == u64.MAX_VALUE) return STREAM_ERR_EDOM;
      idSet(NEWID, idMs(last), idSeq(last) + 1);
    } else idSet(NEWID, idMs(useId), 0);
  } else {
    const ms = <u64>S().nowMs;
    if (ms > idMs(last)) idSet(NEWID, ms, 0);
    else { idCopy(NEWID, last); idIncr(NEWID); }
  }
  if (idCmp(NEWID, last) <= 0) return STREAM_ERR_EDOM;

  let totLen: u64 = 0;
  for (let i: u32 = 0; i < npairs; i++) totLen += <u64>pairFL(pairs, i) + <u64>pairVL(pairs, i);
  if (totLen > STREAM_LISTPACK_MAX_SIZE) return STREAM_ERR_ERANGE;

  const r = <usize>st.rax;
  raxStart(APPEND_IT, r);
  let lp: usize = 0;
  if (raxSeek(APPEND_IT, RAX_SEEK_LAST, 0, 0)) {
    raxNext(APPEND_IT);
    lp = raxItVal(APPEND_IT);
    let maxBytes = <u64>S().streamNodeMaxBytes;
    if (maxBytes == 0 || maxBytes > STREAM_LISTPACK_MAX_SIZE) maxBytes = STREAM_LISTPACK_MAX_SIZE;
    let full = <u64>lpBytes(lp) + totLen >= maxBytes;
    const maxEntries = S().streamNodeMaxEntries;
    if (!full && maxEntries != 0) {
      const p = lpFirst(lp);
      const cnt = lpInt(p) + lpInt(lpNext(lp, p));
      if (cnt >= maxEntries) full = true;
    }
    if (full) {
      const shrunk = lpShrink(lp);
      if (shrunk != lp) raxItSetVal(APPEND_IT, shrunk);
      lp = 0;
    }
  }

  let flags: i64 = 0;
  let newNode = false;
  if (lp == 0) {
    newNode = true;
    idCopy(MASTER, NEWID);
    let prealloc = STREAM_LISTPACK_MAX_PRE_ALLOCATE;
    const mb = S().streamNodeMaxBytes;
    if (mb > 0 && mb < prealloc) prealloc = mb;
    lp = lpNew(<u32>prealloc);
    lp = lpAppendInt(lp, 1);
    lp = lpAppendInt(lp, 0);
    lp = lpAppendInt(lp, <i64>npairs);
    for (let i: u32 = 0; i < npairs; i++) lp = lpAppend(lp, pairF(pairs, i), pairFL(pairs, i));
    lp = lpAppendInt(lp, 0);
    flags = STREAM_ITEM_SAMEFIELDS;
  } else {
    streamDecodeID(raxItKey(APPEND_IT), MASTER);
    let p = lpFirst(lp);
    const count = lpInt(p);
    lp = lpSetInt(lp, p, count + 1);
    p = lpNext(lp, lpFirst(lp));   // deleted
    p = lpNext(lp, p);             // master field count
    const mfc = lpInt(p);
    if (mfc == <i64>npairs) {
      let i: u32 = 0;
      for (; i < npairs; i++) {
        p = lpNext(lp, p);
        if (!lpElemEq(p, pairF(pairs, i), pairFL(pairs, i))) break;
      }
      if (i == npairs) flags = STREAM_ITEM_SAMEFIELDS;
    }
  }
  const same = flags == STREAM_ITEM_SAMEFIELDS;
  lp = lpAppendInt(lp, flags);
  lp = lpAppendInt(lp, <i64>(idMs(NEWID) - idMs(MASTER)));
  lp = lpAppendInt(lp, <i64>(idSeq(NEWID) - idSeq(MASTER)));
  if (!same) lp = lpAppendInt(lp, <i64>npairs);
  for (let i: u32 = 0; i < npairs; i++) {
    if (!same) lp = lpAppend(lp, pairF(pairs, i), pairFL(pairs, i));
    lp = lpAppend(lp, pairV(pairs, i), pairVL(pairs, i));
  }
  lp = lpAppendInt(lp, same ? 3 + <i64>npairs : 4 + 2 * <i64>npairs);
  if (newNode) {
    streamEncodeID(KEYBUF, MASTER);
    raxInsert(r, KEYBUF, 16, lp);
  } else raxItSetVal(APPEND_IT, lp);

  st.length++;
  st.entriesAdded++;
  idCopy(last, NEWID);
  if (st.length == 1) idCopy(streamFirstId(s), NEWID);
  if (added != 0) idCopy(added, NEWID);
  return STREAM_OK;
}

// ---- iterator -----------------------------------------------------------------------------------
// StreamIterator (STREAM_ITER_SIZE bytes, caller memory):
//   rax iterator, stream, current node (lp), cursor, entry start (flags element), master ID, master
//   field count and first master field, range (start, end), direction and options, the current
//   entry's flags, fields still to read and the master-field cursor, and two number buffers.

const SI_RAX: u32 = 0;                        // RAX_ITER_SIZE (16)
const SI_STREAM: u32 = 16;
const SI_LP: u32 = 20;
const SI_CUR: u32 = 24;
const SI_FLAGSP: u32 = 28;
const SI_MFC: u32 = 32;
const SI_MFSTART: u32 = 36;
const SI_MFPTR: u32 = 40;
const SI_LEFT: u32 = 44;                      // listpack elements of the entry not yet read
const SI_REV: u32 = 48;
const SI_SKIPTOMB: u32 = 49;
const SI_DONE: u32 = 50;
const SI_EFLAGS: u32 = 52;
const SI_MASTER: u32 = 56;                    // StreamID
const SI_START: u32 = 72;                     // StreamID
const SI_END: u32 = 88;                       // StreamID
const SI_FBUF: u32 = 104;                     // 24 bytes
const SI_VBUF: u32 = 128;                     // 24 bytes
export const STREAM_ITER_SIZE: u32 = 152;

/** Number of field/value pairs of the entry returned by the last streamIterGetID. */
export let siNumFields: i64 = 0;
/** Flags of that entry (tombstones are returned only when streamIterSetSkipTombstones(it, false)). */
export let siFlags: i64 = 0;
/** Field and value read by the last streamIterGetField. */
export let siFieldPtr: usize = 0;
export let siFieldLen: u32 = 0;
export let siValuePtr: usize = 0;
export let siValueLen: u32 = 0;

@inline function itU32(it: usize, off: u32): usize { return <usize>load<u32>(it + off); }
@inline function itSetU32(it: usize, off: u32, v: usize): void { store<u32>(it + off, <u32>v); }

/**
 * Starts an iteration over [start, end] (StreamID pointers; 0 = from the first / to the last),
 * forward or reverse. Tombstones are skipped.
 */
export function streamIterStart(it: usize, s: usize, start: usize, end: usize, rev: bool): void {
  if (start != 0) idCopy(it + SI_START, start); else idSet(it + SI_START, 0, 0);
  if (end != 0) idCopy(it + SI_END, end); else idSet(it + SI_END, u64.MAX_VALUE, u64.MAX_VALUE);
  itSetU32(it, SI_STREAM, s);
  itSetU32(it, SI_LP, 0);
  itSetU32(it, SI_CUR, 0);
  itSetU32(it, SI_LEFT, 0);
  store<u8>(it + SI_REV, rev ? 1 : 0);
  store<u8>(it + SI_SKIPTOMB, 1);
  store<u8>(it + SI_DONE, 0);
  const r = <usize>changetype<Stream>(s).rax;
  raxStart(it + SI_RAX, r);
  const edge = rev ? it + SI_END : it + SI_START;
  const given = rev ? end : start;
  if (given != 0 && !idIsZero(edge)) {
    streamEncodeID(KEYBUF, edge);
    if (!raxSeek(it + SI_RAX, RAX_SEEK_LE, KEYBUF, 16)) {
      // no node starts at or before the edge: forward, start from the first node; reverse, there
      // is nothing at or before `end`
      if (rev) store<u8>(it + SI_DONE, 1);
      else raxSeek(it + SI_RAX, RAX_SEEK_FIRST, 0, 0);
    }
  } else {
    raxSeek(it + SI_RAX, rev ? RAX_SEEK_LAST : RAX_SEEK_FIRST, 0, 0);
  }
}

/** Tombstones are skipped by default; false makes GetID return them too (siFlags tells). */
export function streamIterSetSkipTombstones(it: usize, skip: bool): void { store<u8>(it + SI_SKIPTOMB, skip ? 1 : 0); }

@inline export function streamIterStop(it: usize): void {}

/** Moves to the next node in the iteration direction; false at the end of the index. */
function siNextNode(it: usize): bool {
  const rev = load<u8>(it + SI_REV) != 0;
  const ri = it + SI_RAX;
  if (!(rev ? raxPrev(ri) : raxNext(ri))) return false;
  streamDecodeID(raxItKey(ri), it + SI_MASTER);
  const lp = raxItVal(ri);
  itSetU32(it, SI_LP, lp);
  let p = lpNext(lp, lpNext(lp, lpFirst(lp)));   // master field count
  const mfc = lpInt(p);
  store<u32>(it + SI_MFC, <u32>mfc);
  p = lpNext(lp, p);
  itSetU32(it, SI_MFSTART, p);
  if (!rev) {
    for (let i: i64 = 0; i < mfc; i++) p = lpNext(lp, p);
    itSetU32(it, SI_CUR, p);          // the master's 0 terminator
    itSetU32(it, SI_LEFT, 0);
  } else {
    itSetU32(it, SI_CUR, lpLast(lp)); // the last entry's lp-count
  }
  return true;
}

/**
 * The next entry in range (Redis's streamIteratorGetID): writes its ID to `id`, leaves the number
 * of field/value pairs in siNumFields; false when the range is exhausted.
 */
export function streamIterGetID(it: usize, id: usize): bool {
  if (load<u8>(it + SI_DONE) != 0) return false;
  const rev = load<u8>(it + SI_REV) != 0;
  const skipTomb = load<u8>(it + SI_SKIPTOMB) != 0;
  const sMs = load<u64>(it + SI_START), sSeq = load<u64>(it + SI_START + 8);
  const eMs = load<u64>(it + SI_END), eSeq = load<u64>(it + SI_END + 8);
  while (true) {
    let lp = itU32(it, SI_LP);
    let cur = itU32(it, SI_CUR);
    if (lp == 0 || cur == 0) {
      if (!siNextNode(it)) { store<u8>(it + SI_DONE, 1); return false; }
      lp = itU32(it, SI_LP);
      cur = itU32(it, SI_CUR);
    } else if (rev) {
      cur = lpPrev(lp, itU32(it, SI_FLAGSP));    // the previous entry's lp-count
    } else {
      let left = load<u32>(it + SI_LEFT);
      while (left-- > 0) cur = lpNext(lp, cur);  // unread fields: cur ends on the lp-count
    }
    const mfc = <i64>load<u32>(it + SI_MFC);
    const mMs = load<u64>(it + SI_MASTER), mSeq = load<u64>(it + SI_MASTER + 8);
    while (true) {
      if (!rev) {
        cur = lpNext(lp, cur);
        if (cur == 0) break;
      } else {
        let n = lpInt(cur);
        if (n == 0) { cur = 0; break; }   // reached the master entry
        while (n-- > 0) cur = lpPrev(lp, cur);
      }
      const flagsP = cur;
      const flags = lpInt(cur);
      cur = lpNext(lp, cur);
      const ms = mMs + <u64>lpInt(cur);
      cur = lpNext(lp, cur);
      const seq = mSeq + <u64>lpInt(cur);
      cur = lpNext(lp, cur);
      let nf: i64, elems: i64;
      if (flags & STREAM_ITEM_SAMEFIELDS) { nf = mfc; elems = mfc; }
      else { nf = lpInt(cur); cur = lpNext(lp, cur); elems = nf * 2; }
      const live = !skipTomb || (flags & STREAM_ITEM_DELETED) == 0;
      if (!rev) {
        if (live && idCmp2(ms, seq, sMs, sSeq) >= 0) {
          if (idCmp2(ms, seq, eMs, eSeq) > 0) { store<u8>(it + SI_DONE, 1); return false; }
          return siEmit(it, id, lp, cur, flagsP, flags, ms, seq, nf, elems);
        }
        for (let i: i64 = 0; i < elems; i++) cur = lpNext(lp, cur);
      } else {
        if (live && idCmp2(ms, seq, eMs, eSeq) <= 0) {
          if (idCmp2(ms, seq, sMs, sSeq) < 0) { store<u8>(it + SI_DONE, 1); return false; }
          return siEmit(it, id, lp, cur, flagsP, flags, ms, seq, nf, elems);
        }
        cur = lpPrev(lp, flagsP);
      }
    }
    itSetU32(it, SI_LP, 0);
    itSetU32(it, SI_CUR, 0);
  }
  return false;
}

function siEmit(it: usize, id: usize, lp: usize, cur: usize, flagsP: usize, flags: i64, ms: u64, seq: u64, nf: i64, elems: i64): bool {
  itSetU32(it, SI_LP, lp);
  itSetU32(it, SI_CUR, cur);
  itSetU32(it, SI_FLAGSP, flagsP);
  store<u32>(it + SI_LEFT, <u32>elems);
  store<u32>(it + SI_EFLAGS, <u32>flags);
  itSetU32(it, SI_MFPTR, itU32(it, SI_MFSTART));
  idSet(id, ms, seq);
  siNumFields = nf;
  siFlags = flags;
  return true;
}

/** Reads the element at p as bytes; integers are formatted into buf. Returns the next element. */
function siRead(lp: usize, p: usize, buf: usize): usize {
  if (lpGet(p)) { lpvLen = ll2string(buf, lpvInt); lpvStr = buf; }
  return lpNext(lp, p);
}

/** The next field/value pair of the current entry (call siNumFields times after GetID). */
export function streamIterGetField(it: usize): void {
  const lp = itU32(it, SI_LP);
  let cur = itU32(it, SI_CUR);
  if (load<u32>(it + SI_EFLAGS) & <u32>STREAM_ITEM_SAMEFIELDS) {
    const mp = itU32(it, SI_MFPTR);
    itSetU32(it, SI_MFPTR, siRead(lp, mp, it + SI_FBUF));
    siFieldPtr = lpvStr; siFieldLen = lpvLen;
    cur = siRead(lp, cur, it + SI_VBUF);
    siValuePtr = lpvStr; siValueLen = lpvLen;
    store<u32>(it + SI_LEFT, load<u32>(it + SI_LEFT) - 1);
  } else {
    cur = siRead(lp, cur, it + SI_FBUF);
    siFieldPtr = lpvStr; siFieldLen = lpvLen;
    cur = siRead(lp, cur, it + SI_VBUF);
    siValuePtr = lpvStr; siValueLen = lpvLen;
    store<u32>(it + SI_LEFT, load<u32>(it + SI_LEFT) - 2);
  }
  itSetU32(it, SI_CUR, cur);
}

const RM_KEY: usize = memory.data(16, 8);
const RM_A: usize = memory.data(16, 8);
const RM_B: usize = memory.data(16, 8);

/**
 * Deletes the entry last returned by streamIterGetID (`current` is its ID): flags it deleted and
 * updates its node's counters, freeing the node when no live entry is left; decrements length.
 * firstId / maxDeletedId are the caller's business (see streamDeleteItem). The iterator is
 * restarted past the entry, so iteration may continue.
 */
export function streamIterRemoveEntry(it: usize, current: usize): void {
  const s = itU32(it, SI_STREAM);
  const st = changetype<Stream>(s);
  let lp = itU32(it, SI_LP);
  const fp = itU32(it, SI_FLAGSP);
  // flags are 0..3: a 1-byte listpack integer, so the replacement is in place
  lp = lpSetInt(lp, fp, lpInt(fp) | STREAM_ITEM_DELETED);
  const ri = it + SI_RAX;
  let p = lpFirst(lp);
  const live = lpInt(p);
  if (live == 1) {
    memory.copy(RM_KEY, raxItKey(ri), 16);
    lpFree(lp);
    raxRemove(<usize>st.rax, RM_KEY, 16);
  } else {
    lp = lpSetInt(lp, p, live - 1);
    p = lpNext(lp, lpFirst(lp));
    lp = lpSetInt(lp, p, lpInt(p) + 1);
    raxItSetVal(ri, lp);
  }
  st.length--;
  const rev = load<u8>(it + SI_REV) != 0;
  const skip = load<u8>(it + SI_SKIPTOMB);
  if (rev) { idCopy(RM_A, it + SI_START); idCopy(RM_B, current); }
  else { idCopy(RM_A, current); idCopy(RM_B, it + SI_END); }
  streamIterStart(it, s, RM_A, RM_B, rev);
  store<u8>(it + SI_SKIPTOMB, skip);
}

// ---- lookups ------------------------------------------------------------------------------------

const OP_IT: usize = memory.data(STREAM_ITER_SIZE, 8);
const OP_ID: usize = memory.data(16, 8);

/** First (or last) live ID into `out`; when there is none, max-max for first and 0-0 for last. */
export function streamGetEdgeID(s: usize, first: bool, skipTombstones: bool, out: usize): void {
  streamIterStart(OP_IT, s, 0, 0, !first);
  store<u8>(OP_IT + SI_SKIPTOMB, skipTombstones ? 1 : 0);
  if (!streamIterGetID(OP_IT, out)) {
    if (first) idSet(out, u64.MAX_VALUE, u64.MAX_VALUE); else idSet(out, 0, 0);
  }
}

/** The ID of the last live entry (0-0 when empty). */
export function streamLastValidID(s: usize, out: usize): void { streamGetEdgeID(s, false, true, out); }

/** Is `id` a live entry of the stream? */
export function streamEntryExists(s: usize, id: usize): bool {
  streamIterStart(OP_IT, s, id, id, false);
  return streamIterGetID(OP_IT, OP_ID);
}

/**
 * XDEL of one ID: true when it was a live entry. Updates length, maxDeletedId and firstId (the next
 * live entry when the first one goes, 0-0 when the stream becomes empty), as XDEL does.
 */
export function streamDeleteItem(s: usize, id: usize): bool {
  streamIterStart(OP_IT, s, id, id, false);
  if (!streamIterGetID(OP_IT, OP_ID)) return false;
  streamIterRemoveEntry(OP_IT, OP_ID);
  if (idCmp(id, streamMaxDelId(s)) > 0) idCopy(streamMaxDelId(s), id);
  if (changetype<Stream>(s).length == 0) idSet(streamFirstId(s), 0, 0);
  else if (idCmp(id, streamFirstId(s)) == 0) streamGetEdgeID(s, true, true, streamFirstId(s));
  return true;
}

// ---- trimming -----------------------------------------------------------------------------------

const TRIM_IT: usize = memory.data(RAX_ITER_SIZE, 8);
const TRIM_KEY: usize = memory.data(16, 8);

/** ID of the last entry of a node (tombstones included), Redis's lpGetEdgeStreamID(last). */
function nodeLastId(lp: usize, master: usize, out: usize): void {
  let p = lpLast(lp);
  let n = lpInt(p);
  while (n-- > 0) p = lpPrev(lp, p);
  p = lpNext(lp, p);
  const ms = idMs(master) + <u64>lpInt(p);
  p = lpNext(lp, p);
  idSet(out, ms, idSeq(master) + <u64>lpInt(p));
}

/**
 * Trims the stream (Redis 7 streamTrim): MAXLEN keeps at most `maxlen` entries, MINID drops
 * entries below `minid`. Whole nodes go first; with `approx` it stops at the first node that cannot
 * go whole, else entries inside that node are flagged deleted. limit > 0 caps the entries removed
 * (whole nodes only are counted against it before being removed). Returns the entries removed;
 * firstId is updated (0-0 when the stream becomes empty).
 */
export function streamTrim(s: usize, strategy: i32, maxlen: i64, minid: usize, approx: bool, limit: i64): i64 {
  if (strategy == TRIM_NONE) return 0;
  const st = changetype<Stream>(s);
  const r = <usize>st.rax;
  raxStart(TRIM_IT, r);
  raxSeek(TRIM_IT, RAX_SEEK_FIRST, 0, 0);
  let deleted: i64 = 0;
  while (raxNext(TRIM_IT)) {
    if (strategy == TRIM_MAXLEN && st.length <= <u64>maxlen) break;
    let lp = raxItVal(TRIM_IT);
    let p = lpFirst(lp);
    const entries = lpInt(p);
    if (limit != 0 && deleted + entries > limit) break;
    streamDecodeID(raxItKey(TRIM_IT), MASTER);
    let removeNode: bool;
    if (strategy == TRIM_MAXLEN) removeNode = st.length - <u64>entries >= <u64>maxlen;
    else { nodeLastId(lp, MASTER, OP_ID); removeNode = idCmp(OP_ID, minid) < 0; }
    if (removeNode) {
      memory.copy(TRIM_KEY, raxItKey(TRIM_IT), 16);
      lpFree(lp);
      raxRemove(r, TRIM_KEY, 16);
      raxSeek(TRIM_IT, RAX_SEEK_FIRST, 0, 0);   // the removed node was the first one
      st.length -= <u64>entries;
      deleted += entries;
      continue;
    }
    if (approx) break;
    // flag entries inside this node, from its start
    let inNode: i64 = 0;
    p = lpNext(lp, lpNext(lp, p));               // master field count
    const mfc = lpInt(p);
    for (let j: i64 = 0; j <= mfc; j++) p = lpNext(lp, p);   // master fields
    p = lpNext(lp, p);                           // past the master's 0: first entry
    while (p != 0) {
      const fp = p;
      const flags = lpInt(p);
      p = lpNext(lp, p);
      const ms = idMs(MASTER) + <u64>lpInt(p);
      p = lpNext(lp, p);
      const seq = idSeq(MASTER) + <u64>lpInt(p);
      p = lpNext(lp, p);
      const stop = strategy == TRIM_MAXLEN ? st.length <= <u64>maxlen
        : idCmp2(ms, seq, idMs(minid), idSeq(minid)) >= 0;
      if (stop) break;
      let skip: i64;
      if (flags & STREAM_ITEM_SAMEFIELDS) skip = mfc;
      else { skip = lpInt(p) * 2; p = lpNext(lp, p); }
      while (skip-- > 0) p = lpNext(lp, p);
      p = lpNext(lp, p);                         // past lp-count
      if ((flags & STREAM_ITEM_DELETED) == 0) {
        const off: usize = p == 0 ? 0 : p - lp;
        lp = lpSetInt(lp, fp, flags | STREAM_ITEM_DELETED);   // in place (1-byte integer)
        p = p == 0 ? 0 : lp + off;
        inNode++;
        st.length--;
      }
    }
    deleted += inNode;
    p = lpFirst(lp);
    lp = lpSetInt(lp, p, entries - inNode);
    p = lpNext(lp, lpFirst(lp));
    lp = lpSetInt(lp, p, lpInt(p) + inNode);
    raxItSetVal(TRIM_IT, lp);
    break;
  }
  if (st.length == 0) idSet(streamFirstId(s), 0, 0);
  else streamGetEdgeID(s, true, true, streamFirstId(s));
  return deleted;
}

// ---- consumer-group support ---------------------------------------------------------------------

/**
 * Redis 7's streamEstimateDistanceFromFirstEverEntry: the logical position (entries_read counter)
 * of `id` when it can be known, else SCG_INVALID_ENTRIES_READ.
 */
export function streamEstimateDistanceFromFirstEverEntry(s: usize, id: usize): i64 {
  const st = changetype<Stream>(s);
  if (st.entriesAdded == 0) return 0;
  const cmpLast = idCmp(id, streamLastId(s));
  if (st.length == 0 && cmpLast < 1) return <i64>st.entriesAdded;
  if (cmpLast == 0) return <i64>st.entriesAdded;
  if (cmpLast > 0) return SCG_INVALID_ENTRIES_READ;
  const cmpFirst = idCmp(id, streamFirstId(s));
  const maxDel = streamMaxDelId(s);
  if (idIsZero(maxDel) || idCmp(maxDel, streamFirstId(s)) < 0) {
    if (cmpFirst < 0) return <i64>(st.entriesAdded - st.length);
    if (cmpFirst == 0) return <i64>(st.entriesAdded - st.length + 1);
  }
  return SCG_INVALID_ENTRIES_READ;
}

/**
 * Redis 7's streamRangeHasTombstones: may [start, end] (pointers, 0 = open) hold deleted entries?
 * Decided from maxDeletedId alone: none when the stream is empty, nothing was XDELed, or the last
 * deletion is older than the first entry; else whether maxDeletedId falls inside the range.
 */
export function streamRangeHasTombstones(s: usize, start: usize, end: usize): bool {
  const st = changetype<Stream>(s);
  const maxDel = streamMaxDelId(s);
  if (st.length == 0 || idIsZero(maxDel)) return false;
  if (idCmp(streamFirstId(s), maxDel) > 0) return false;
  if (start != 0 && idCmp(start, maxDel) > 0) return false;
  if (end != 0 && idCmp(maxDel, end) > 0) return false;
  return true;
}
