// Consumer-group structures of a stream: groups, consumers and pending entries (NACKs).
//
// A stream's `cgroups` field (ds/stream.ts) is 0 or a rax (ds/rax.ts) of group name -> Group. The
// structures mirror Redis's streamCG / streamConsumer / streamNACK:
//
// Group (CG_SIZE bytes, owned by the cgroups rax):
//   0  lastMs u64, 8 lastSeq u64   last_id, in the StreamID layout (the group's address is a StreamID)
//  16  entriesRead i64             logical read counter of last_id; SCG_INVALID_ENTRIES_READ = unknown
//  24  pel u32                     rax: 16-byte big-endian ID -> NACK. The group PEL owns the NACKs.
//  28  consumers u32               rax: consumer name -> Consumer (owned)
//
// Consumer (CONSUMER_HDR + name bytes, owned by its group's consumers rax):
//   0  seenTime i64                last attempted interaction (XREADGROUP, XCLAIM, XAUTOCLAIM), ms
//   8  activeTime i64              last successful one (entries delivered or claimed); -1 = never
//  16  pel u32                     rax: ID -> NACK, the NACKs of the group PEL this consumer owns
//  20  nameLen u32
//  24  name bytes
//
// NACK (NACK_SIZE bytes, owned by the group PEL):
//   0  deliveryTime i64            ms of the last delivery
//   8  deliveryCount i64
//  16  consumer u32                -> Consumer owning it (0 only inside XCLAIM FORCE, transiently)
//
// Invariants
// - Every NACK is in its group's PEL exactly once and in the PEL of the consumer it points at
//   exactly once, under the same ID; a consumer's PEL holds only NACKs pointing at it.
// - Group and consumer names are binary safe; the rax keys are copies, so the Consumer keeps its own
//   name for replies that reach it through a NACK (XPENDING).
//
// Also here: the Redis rax node count that XINFO STREAM reports (radix-tree-nodes), and the read
// counter / lag rules of consumer groups (entries-read, lag), in their newest form -- the one the
// upstream suite checks, which is stricter about tombstones and trimming than Redis 7.0/7.2.
import { alloc, free, blockSize } from "../mem/alloc";
import {
  raxNew, raxFree, raxSize, raxMemUsage, raxFind, raxVal, raxInsert, raxRemove, raxOld,
  raxStart, raxSeek, raxNext, raxItKey, raxItKeyLen, raxItVal, RAX_SEEK_FIRST, RAX_ITER_SIZE,
} from "./rax";
import { Stream, streamLastId, streamFirstId, streamMaxDelId, idCmp, idCopy, idIsZero } from "./stream";

export const SCG_INVALID_ENTRIES_READ: i64 = -1;
export const STREAM_ID_KEY_LEN: u32 = 16;

@unmanaged export class Group {
  lastMs: u64;
  lastSeq: u64;
  entriesRead: i64;
  pel: u32;
  consumers: u32;
}
export const CG_SIZE: u32 = offsetof<Group>();

@unmanaged export class Consumer {
  seenTime: i64;
  activeTime: i64;
  pel: u32;
  nameLen: u32;
}
export const CONSUMER_HDR: u32 = offsetof<Consumer>();
@inline export function consumerName(c: Consumer): usize { return changetype<usize>(c) + CONSUMER_HDR; }

@unmanaged export class Nack {
  deliveryTime: i64;
  deliveryCount: i64;
  consumer: u32;
  pad: u32;
}
export const NACK_SIZE: u32 = offsetof<Nack>();

// ---- groups ---------------------------------------------------------------------------------------

/**
 * Adds a group named np[0..nl) to the cgroups rax at *cgAddr (created when 0). Returns the group,
 * or 0 when one with that name exists (Redis's streamCreateCG).
 */
export function cgCreate(cgAddr: usize, np: usize, nl: u32, lastMs: u64, lastSeq: u64, entriesRead: i64): Group | null {
  let r = <usize>load<u32>(cgAddr);
  if (r == 0) { r = raxNew(); store<u32>(cgAddr, <u32>r); }
  if (raxFind(r, np, nl)) return null;
  const g = changetype<Group>(alloc(CG_SIZE));
  g.lastMs = lastMs;
  g.lastSeq = lastSeq;
  g.entriesRead = entriesRead;
  g.pel = <u32>raxNew();
  g.consumers = <u32>raxNew();
  raxInsert(r, np, nl, changetype<usize>(g));
  return g;
}

/** The group named np[0..nl) in the cgroups rax `r` (0 = no groups), or null. */
export function cgLookup(r: usize, np: usize, nl: u32): Group | null {
  if (r == 0 || !raxFind(r, np, nl)) return null;
  return changetype<Group>(raxVal);
}

const FREE_IT: usize = memory.data(RAX_ITER_SIZE, 4);
const FREE_IT2: usize = memory.data(RAX_ITER_SIZE, 4);

function consumerFree(cn: Consumer): void {
  raxFree(<usize>cn.pel); // NACKs belong to the group PEL
  free(changetype<usize>(cn));
}

/** Frees a group, its PEL (and NACKs) and its consumers. It must be out of the cgroups rax. */
export function cgFree(g: Group): void {
  raxStart(FREE_IT2, <usize>g.pel);
  raxSeek(FREE_IT2, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(FREE_IT2)) free(raxItVal(FREE_IT2));
  raxFree(<usize>g.pel);
  raxStart(FREE_IT2, <usize>g.consumers);
  raxSeek(FREE_IT2, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(FREE_IT2)) consumerFree(changetype<Consumer>(raxItVal(FREE_IT2)));
  raxFree(<usize>g.consumers);
  free(changetype<usize>(g));
}

/** XGROUP DESTROY: removes and frees the named group; false when there is none. */
export function cgDestroy(r: usize, np: usize, nl: u32): bool {
  if (r == 0 || !raxRemove(r, np, nl)) return false;
  cgFree(changetype<Group>(raxOld));
  return true;
}

/** Frees a whole cgroups rax (the stream is going away). */
export function cgroupsFree(r: usize): void {
  if (r == 0) return;
  raxStart(FREE_IT, r);
  raxSeek(FREE_IT, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(FREE_IT)) cgFree(changetype<Group>(raxItVal(FREE_IT)));
  raxFree(r);
}

/** Bytes owned by a cgroups rax and everything in it (MEMORY USAGE). */
export function cgroupsMemUsage(r: usize): usize {
  if (r == 0) return 0;
  let n = raxMemUsage(r);
  raxStart(FREE_IT, r);
  raxSeek(FREE_IT, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(FREE_IT)) {
    const g = changetype<Group>(raxItVal(FREE_IT));
    n += <usize>blockSize(changetype<usize>(g)) + raxMemUsage(<usize>g.pel) + raxMemUsage(<usize>g.consumers);
    raxStart(FREE_IT2, <usize>g.pel);
    raxSeek(FREE_IT2, RAX_SEEK_FIRST, 0, 0);
    while (raxNext(FREE_IT2)) n += <usize>blockSize(raxItVal(FREE_IT2));
    raxStart(FREE_IT2, <usize>g.consumers);
    raxSeek(FREE_IT2, RAX_SEEK_FIRST, 0, 0);
    while (raxNext(FREE_IT2)) {
      const cn = raxItVal(FREE_IT2);
      n += <usize>blockSize(cn) + raxMemUsage(<usize>changetype<Consumer>(cn).pel);
    }
  }
  return n;
}

const DUP_IT1: usize = memory.data(RAX_ITER_SIZE, 4);
const DUP_IT2: usize = memory.data(RAX_ITER_SIZE, 4);
const DUP_IT3: usize = memory.data(RAX_ITER_SIZE, 4);

/** A deep copy of a cgroups rax (COPY): NACKs are rebuilt so they point at the new consumers. */
export function cgroupsDup(r: usize): usize {
  if (r == 0) return 0;
  const nr = raxNew();
  raxStart(DUP_IT1, r);
  raxSeek(DUP_IT1, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(DUP_IT1)) {
    const g = changetype<Group>(raxItVal(DUP_IT1));
    const ng = changetype<Group>(alloc(CG_SIZE));
    ng.lastMs = g.lastMs;
    ng.lastSeq = g.lastSeq;
    ng.entriesRead = g.entriesRead;
    ng.pel = <u32>raxNew();
    ng.consumers = <u32>raxNew();
    raxInsert(nr, raxItKey(DUP_IT1), raxItKeyLen(DUP_IT1), changetype<usize>(ng));
    raxStart(DUP_IT2, <usize>g.pel);
    raxSeek(DUP_IT2, RAX_SEEK_FIRST, 0, 0);
    while (raxNext(DUP_IT2)) {
      const n = changetype<Nack>(raxItVal(DUP_IT2));
      const nn = nackNew(null, n.deliveryTime);
      nn.deliveryCount = n.deliveryCount;
      raxInsert(<usize>ng.pel, raxItKey(DUP_IT2), raxItKeyLen(DUP_IT2), changetype<usize>(nn));
    }
    raxStart(DUP_IT2, <usize>g.consumers);
    raxSeek(DUP_IT2, RAX_SEEK_FIRST, 0, 0);
    while (raxNext(DUP_IT2)) {
      const cn = changetype<Consumer>(raxItVal(DUP_IT2));
      const ncn = consumerCreate(ng, consumerName(cn), cn.nameLen, cn.seenTime)!;
      ncn.activeTime = cn.activeTime;
      raxStart(DUP_IT3, <usize>cn.pel);
      raxSeek(DUP_IT3, RAX_SEEK_FIRST, 0, 0);
      while (raxNext(DUP_IT3)) {
        const kp = raxItKey(DUP_IT3), kl = raxItKeyLen(DUP_IT3);
        raxFind(<usize>ng.pel, kp, kl);
        const nn = changetype<Nack>(raxVal);
        nn.consumer = <u32>changetype<usize>(ncn);
        raxInsert(<usize>ncn.pel, kp, kl, raxVal);
      }
    }
  }
  return nr;
}

// ---- consumers ------------------------------------------------------------------------------------

/** The consumer named np[0..nl) of g, or null. */
export function consumerLookup(g: Group, np: usize, nl: u32): Consumer | null {
  if (!raxFind(<usize>g.consumers, np, nl)) return null;
  return changetype<Consumer>(raxVal);
}

/** Adds a consumer (seen now, never active); null when the name exists (streamCreateConsumer). */
export function consumerCreate(g: Group, np: usize, nl: u32, now: i64): Consumer | null {
  if (raxFind(<usize>g.consumers, np, nl)) return null;
  const cn = changetype<Consumer>(alloc(CONSUMER_HDR + nl));
  cn.seenTime = now;
  cn.activeTime = -1;
  cn.pel = <u32>raxNew();
  cn.nameLen = nl;
  memory.copy(consumerName(cn), np, nl);
  raxInsert(<usize>g.consumers, np, nl, changetype<usize>(cn));
  return cn;
}

/**
 * XGROUP DELCONSUMER: drops the consumer's pending entries from the group PEL (they are not handed
 * to anyone, as in Redis) and frees it. Returns how many entries it had pending.
 */
export function consumerDelete(g: Group, cn: Consumer): u64 {
  const pending = raxSize(<usize>cn.pel);
  raxStart(FREE_IT, <usize>cn.pel);
  raxSeek(FREE_IT, RAX_SEEK_FIRST, 0, 0);
  while (raxNext(FREE_IT)) {
    raxRemove(<usize>g.pel, raxItKey(FREE_IT), raxItKeyLen(FREE_IT));
    free(raxItVal(FREE_IT));
  }
  raxRemove(<usize>g.consumers, consumerName(cn), cn.nameLen);
  consumerFree(cn);
  return pending;
}

// ---- NACKs ----------------------------------------------------------------------------------------

export function nackNew(cn: Consumer | null, now: i64): Nack {
  const n = changetype<Nack>(alloc(NACK_SIZE));
  n.deliveryTime = now;
  n.deliveryCount = 1;
  n.consumer = <u32>changetype<usize>(cn);
  n.pad = 0;
  return n;
}

// ---- Redis rax node count (XINFO STREAM radix-tree-nodes) -------------------------------------------
// ds/rax.ts is a B+tree, but XINFO STREAM reports how many nodes Redis's radix tree would use for
// the same keys. Redis keeps that tree compressed: a node starts at the root, at every key, at every
// branching point and at every child of a branching point; single-child chains between them are one
// compressed node. For a given key set that count is fixed (checked against redis-server after
// XADD / XDEL / XTRIM sequences), so it is computed from the sorted keys.

let rnKeys: usize = 0; // -> (ptr u32, len u32) pairs, sorted
@inline function rnPtr(i: u32): usize { return <usize>load<u32>(rnKeys + (<usize>i << 3)); }
@inline function rnLen(i: u32): u32 { return load<u32>(rnKeys + (<usize>i << 3) + 4); }

/** Rax nodes for the keys [lo, hi), which share their first d bytes, below and at depth d. */
function rnCount(lo: u32, hi: u32, d: u32, forced: bool): u64 {
  let i = lo;
  const isKey = rnLen(lo) == d;
  if (isKey) i++;
  let groups: u32 = 0;
  let j = i;
  while (j < hi) {
    const b = load<u8>(rnPtr(j) + d);
    let k = j + 1;
    while (k < hi && load<u8>(rnPtr(k) + d) == b) k++;
    groups++;
    j = k;
  }
  let n: u64 = forced || groups != 1 || isKey ? 1 : 0;
  j = i;
  while (j < hi) {
    const b = load<u8>(rnPtr(j) + d);
    let k = j + 1;
    while (k < hi && load<u8>(rnPtr(k) + d) == b) k++;
    n += rnCount(j, k, d + 1, groups >= 2);
    j = k;
  }
  return n;
}

const RN_IT: usize = memory.data(RAX_ITER_SIZE, 4);

/** Nodes of a Redis rax holding the keys of `r` (1 for an empty tree: the root). */
export function raxRedisNodeCount(r: usize): u64 {
  const n = <u32>raxSize(r);
  if (n == 0) return 1;
  rnKeys = alloc(n << 3);
  raxStart(RN_IT, r);
  raxSeek(RN_IT, RAX_SEEK_FIRST, 0, 0);
  let i: u32 = 0;
  while (raxNext(RN_IT)) {
    store<u32>(rnKeys + (<usize>i << 3), <u32>raxItKey(RN_IT));
    store<u32>(rnKeys + (<usize>i << 3) + 4, raxItKeyLen(RN_IT));
    i++;
  }
  const total = rnCount(0, n, 0, true);
  free(rnKeys);
  rnKeys = 0;
  return total;
}

// ---- read counter and lag (Redis's newest rules, as the upstream suite checks them) ------------------

/** Does [start, end] (end 0 = open) contain the stream's last tombstone? */
export function streamRangeHasTombstonesCG(s: Stream, start: usize, end: usize): bool {
  const sp = changetype<usize>(s);
  const md = streamMaxDelId(sp);
  if (s.length == 0 || idIsZero(md)) return false;
  return idCmp(start, md) <= 0 && (end == 0 || idCmp(md, end) <= 0);
}

/**
 * The logical read counter of `id` (its distance from the first entry ever added), or
 * SCG_INVALID_ENTRIES_READ when it cannot be known: the id lies in the future, inside the stream,
 * or before a tombstone.
 */
export function streamEstimateDistanceCG(s: Stream, id: usize): i64 {
  const sp = changetype<usize>(s);
  const added = <i64>s.entriesAdded;
  if (added == 0) return 0;
  const last = streamLastId(sp);
  if (s.length == 0 && idCmp(id, last) < 1) return added;
  const md = streamMaxDelId(sp);
  if (!idIsZero(id) && idCmp(id, md) < 0) return SCG_INVALID_ENTRIES_READ;
  const cmpLast = idCmp(id, last);
  if (cmpLast == 0) return added;
  if (cmpLast > 0) return SCG_INVALID_ENTRIES_READ;
  const first = streamFirstId(sp);
  if (idIsZero(md) || idCmp(md, first) < 0) {
    const cmpFirst = idCmp(id, first);
    if (cmpFirst < 0) return added - <i64>s.length;
    if (cmpFirst == 0) return added - <i64>s.length + 1;
  }
  return SCG_INVALID_ENTRIES_READ;
}

/** The group is delivered `id` (> its last id): move last_id there and keep entries_read right. */
export function cgAdvance(s: Stream, g: Group, id: usize): void {
  const gl = changetype<usize>(g);
  if (g.entriesRead != SCG_INVALID_ENTRIES_READ && !streamRangeHasTombstonesCG(s, gl, 0)) g.entriesRead++;
  else if (s.entriesAdded != 0) g.entriesRead = streamEstimateDistanceCG(s, id);
  idCopy(gl, id);
}

/** Lag computed by the last cgLagValid that returned true. */
export let cgLag: i64 = 0;

/** Entries not yet delivered to the group (in cgLag); false when fragmentation hides it. */
export function cgLagValid(s: Stream, g: Group): bool {
  const sp = changetype<usize>(s);
  const gl = changetype<usize>(g);
  const added = <i64>s.entriesAdded;
  if (added == 0 || s.length == 0) { cgLag = 0; return true; }
  const first = streamFirstId(sp);
  if (idCmp(gl, first) < 0 && idCmp(streamMaxDelId(sp), first) < 0) { cgLag = <i64>s.length; return true; }
  if (g.entriesRead != SCG_INVALID_ENTRIES_READ && !streamRangeHasTombstonesCG(s, gl, 0)) {
    cgLag = added - g.entriesRead;
    return true;
  }
  const er = streamEstimateDistanceCG(s, gl);
  if (er == SCG_INVALID_ENTRIES_READ) return false;
  cgLag = added - er;
  return true;
}
