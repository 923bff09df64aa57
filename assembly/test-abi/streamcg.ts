// Unit-test ABI over ds/streamcg.ts (test/unit/ds-streamcg.test.ts): consumer groups, consumers and
// NACKs, their free/dup/memory accounting, and the Redis rax node count used by XINFO STREAM.
// Numbers only: structures are heap addresses; byte arguments are written into the scratch area.
import { allocInit, usedMemory } from "../mem/alloc";
import { ROOT, A_INIT } from "../mem/root";
import { raxNew, raxFree, raxInsert, raxRemove, raxFind, raxVal, raxSize } from "../ds/rax";
import {
  Group, Consumer, Nack, cgCreate, cgLookup, cgDestroy, cgroupsFree, cgroupsDup, cgroupsMemUsage,
  consumerCreate, consumerLookup, consumerDelete, nackNew, raxRedisNodeCount,
} from "../ds/streamcg";

const SCRATCH: usize = memory.data(1 << 16, 16);
const CGADDR: usize = memory.data(4, 4);
export function scratch(): usize { return SCRATCH; }

export function t_init(): void {
  if (load<u32>(ROOT + A_INIT) != 0) return;
  allocInit();
  store<u32>(ROOT + A_INIT, 1);
}
export function t_used(): f64 { return <f64>usedMemory(); }

/** A fresh (empty) cgroups slot; returns the rax address after the first create. */
export function t_cgReset(): void { store<u32>(CGADDR, 0); }
export function t_cgRax(): usize { return load<u32>(CGADDR); }
export function t_cgCreate(np: usize, nl: u32, ms: f64, seq: f64, er: f64): usize {
  return changetype<usize>(cgCreate(CGADDR, np, nl, <u64>ms, <u64>seq, <i64>er));
}
export function t_cgLookup(r: usize, np: usize, nl: u32): usize { return changetype<usize>(cgLookup(r, np, nl)); }
export function t_cgDestroy(r: usize, np: usize, nl: u32): i32 { return cgDestroy(r, np, nl) ? 1 : 0; }
export function t_cgroupsFree(r: usize): void { cgroupsFree(r); }
export function t_cgroupsDup(r: usize): usize { return cgroupsDup(r); }
export function t_cgroupsMem(r: usize): f64 { return <f64>cgroupsMemUsage(r); }
export function t_gLastMs(g: usize): f64 { return <f64>changetype<Group>(g).lastMs; }
export function t_gEntriesRead(g: usize): f64 { return <f64>changetype<Group>(g).entriesRead; }
export function t_gPel(g: usize): usize { return changetype<Group>(g).pel; }
export function t_gConsumers(g: usize): usize { return changetype<Group>(g).consumers; }

export function t_consumerCreate(g: usize, np: usize, nl: u32, now: f64): usize {
  return changetype<usize>(consumerCreate(changetype<Group>(g), np, nl, <i64>now));
}
export function t_consumerLookup(g: usize, np: usize, nl: u32): usize {
  return changetype<usize>(consumerLookup(changetype<Group>(g), np, nl));
}
export function t_consumerDelete(g: usize, cn: usize): f64 {
  return <f64>consumerDelete(changetype<Group>(g), changetype<Consumer>(cn));
}
export function t_cSeen(cn: usize): f64 { return <f64>changetype<Consumer>(cn).seenTime; }
export function t_cActive(cn: usize): f64 { return <f64>changetype<Consumer>(cn).activeTime; }
export function t_cPel(cn: usize): usize { return changetype<Consumer>(cn).pel; }

/** Delivers ID key kp (16 bytes) to consumer cn of group g: a NACK in both PELs. */
export function t_deliver(g: usize, cn: usize, kp: usize, now: f64): usize {
  const n = nackNew(changetype<Consumer>(cn), <i64>now);
  raxInsert(changetype<Group>(g).pel, kp, 16, changetype<usize>(n));
  raxInsert(changetype<Consumer>(cn).pel, kp, 16, changetype<usize>(n));
  return changetype<usize>(n);
}
export function t_nackConsumer(n: usize): usize { return changetype<Nack>(n).consumer; }
export function t_nackCount(n: usize): f64 { return <f64>changetype<Nack>(n).deliveryCount; }
export function t_nackTime(n: usize): f64 { return <f64>changetype<Nack>(n).deliveryTime; }

export function t_raxNew(): usize { return raxNew(); }
export function t_raxFree(r: usize): void { raxFree(r); }
export function t_raxInsert(r: usize, kp: usize, kl: u32, v: usize): i32 { return raxInsert(r, kp, kl, v) ? 1 : 0; }
export function t_raxRemove(r: usize, kp: usize, kl: u32): i32 { return raxRemove(r, kp, kl) ? 1 : 0; }
export function t_raxFind(r: usize, kp: usize, kl: u32): usize { return raxFind(r, kp, kl) ? raxVal : 0; }
export function t_raxSize(r: usize): f64 { return <f64>raxSize(r); }
export function t_raxRedisNodes(r: usize): f64 { return <f64>raxRedisNodeCount(r); }

// ---- read counter and lag over a stream header (no entries needed: only its counters are read) ----
import { Stream, STREAM_SIZE, streamLastId, streamFirstId, streamMaxDelId, idSet } from "../ds/stream";
import { alloc } from "../mem/alloc";
import { cgLagValid, cgLag, cgAdvance, streamEstimateDistanceCG } from "../ds/streamcg";

const ID_T: usize = memory.data(16, 8);

/** A bare Stream header with the given counters (rax and cgroups 0). */
export function t_streamHeader(length: f64, lastMs: f64, lastSeq: f64, firstMs: f64, firstSeq: f64, delMs: f64, delSeq: f64, added: f64): usize {
  const s = alloc(STREAM_SIZE);
  memory.fill(s, 0, STREAM_SIZE);
  const st = changetype<Stream>(s);
  st.length = <u64>length;
  idSet(streamLastId(s), <u64>lastMs, <u64>lastSeq);
  idSet(streamFirstId(s), <u64>firstMs, <u64>firstSeq);
  idSet(streamMaxDelId(s), <u64>delMs, <u64>delSeq);
  st.entriesAdded = <u64>added;
  return s;
}
/** The group's lag, or -999 when Redis would reply nil. */
export function t_lag(s: usize, g: usize): f64 { return cgLagValid(changetype<Stream>(s), changetype<Group>(g)) ? <f64>cgLag : -999; }
export function t_estimate(s: usize, ms: f64, seq: f64): f64 {
  idSet(ID_T, <u64>ms, <u64>seq);
  return <f64>streamEstimateDistanceCG(changetype<Stream>(s), ID_T);
}
export function t_advance(s: usize, g: usize, ms: f64, seq: f64): void {
  idSet(ID_T, <u64>ms, <u64>seq);
  cgAdvance(changetype<Stream>(s), changetype<Group>(g), ID_T);
}
export function t_gSetLast(g: usize, ms: f64, seq: f64, er: f64): void {
  const gg = changetype<Group>(g);
  gg.lastMs = <u64>ms; gg.lastSeq = <u64>seq; gg.entriesRead = <i64>er;
}
export function t_gLastSeq(g: usize): f64 { return <f64>changetype<Group>(g).lastSeq; }
