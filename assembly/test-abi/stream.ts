// Unit-test ABI over ds/stream.ts (test/unit/ds-stream.test.ts). Numbers only: field/value bytes
// and IDs are written by the test into the static scratch area.
import { allocInit, allocZeroed, usedMemory } from "../mem/alloc";
import { ROOT, A_INIT, A_SERVER } from "../mem/root";
import { Server } from "../server/state";
import {
  Stream, streamNew, streamFree, streamDup, streamMemUsage, streamAppendItem, streamTrim,
  streamDeleteItem, streamEntryExists, streamGetEdgeID, streamEstimateDistanceFromFirstEverEntry,
  streamRangeHasTombstones, streamIterStart, streamIterGetID, streamIterGetField, streamIterRemoveEntry,
  siNumFields, siFieldPtr, siFieldLen, siValuePtr, siValueLen, parseStreamIDBytes, idFormat, idIncr,
  idDecr, STREAM_ITER_SIZE, streamIterSetSkipTombstones, siFlags,
} from "../ds/stream";
import { raxStart, raxSeek, raxNext, raxItKey, raxItVal, RAX_ITER_SIZE, RAX_SEEK_FIRST } from "../ds/rax";
import { lpBytes } from "../ds/listpack";

const SCRATCH: usize = memory.data(1 << 20, 16);
const IT: usize = memory.data(STREAM_ITER_SIZE, 8);
const RIT: usize = memory.data(RAX_ITER_SIZE, 8);
export function scratch(): usize { return SCRATCH; }

export function t_init(): void {
  if (load<u32>(ROOT + A_INIT) != 0) return;
  allocInit();
  store<u32>(ROOT + A_INIT, 1);
  const s = changetype<Server>(allocZeroed(offsetof<Server>()));
  s.streamNodeMaxBytes = 4096;
  s.streamNodeMaxEntries = 100;
  store<u32>(ROOT + A_SERVER, <u32>changetype<usize>(s));
}
@inline function srv(): Server { return changetype<Server>(load<u32>(ROOT + A_SERVER)); }
export function t_used(): f64 { return <f64>usedMemory(); }
export function t_config(maxBytes: i64, maxEntries: i64): void {
  srv().streamNodeMaxBytes = maxBytes;
  srv().streamNodeMaxEntries = maxEntries;
}
export function t_setNow(ms: i64): void { srv().nowMs = ms; }

export function t_new(): usize { return streamNew(); }
export function t_free(s: usize): void { streamFree(s); }
export function t_dup(s: usize): usize { return streamDup(s); }
export function t_memUsage(s: usize): f64 { return <f64>streamMemUsage(s); }

/** Appends; pairs/useId point into scratch; the added ID goes to `added`. */
export function t_append(s: usize, pairs: usize, npairs: u32, added: usize, useId: usize, seqGiven: i32): i32 {
  return streamAppendItem(s, pairs, npairs, added, useId, seqGiven != 0);
}
/** length, lastId, firstId, maxDeletedId, entriesAdded as 8 u64 at out. */
export function t_meta(s: usize, out: usize): void { memory.copy(out, s, 64); }
export function t_cgroups(s: usize): usize { return changetype<Stream>(s).cgroups; }

/** Nodes as (key 16 bytes, lp u32, bytes u32) records of 24 bytes at out; returns their number. */
export function t_nodes(s: usize, out: usize): u32 {
  raxStart(RIT, <usize>changetype<Stream>(s).rax);
  raxSeek(RIT, RAX_SEEK_FIRST, 0, 0);
  let n: u32 = 0;
  while (raxNext(RIT)) {
    const o = out + <usize>n * 24;
    memory.copy(o, raxItKey(RIT), 16);
    const lp = raxItVal(RIT);
    store<u32>(o + 16, <u32>lp);
    store<u32>(o + 20, lpBytes(lp));
    n++;
  }
  return n;
}

export function t_iterStart(s: usize, start: usize, end: usize, rev: i32, skipTomb: i32): void {
  streamIterStart(IT, s, start, end, rev != 0);
  streamIterSetSkipTombstones(IT, skipTomb != 0);
}
export function t_iterGetID(id: usize): i32 { return streamIterGetID(IT, id) ? 1 : 0; }
export function t_numFields(): f64 { return <f64>siNumFields; }
export function t_flags(): i32 { return <i32>siFlags; }
export function t_iterGetField(): void { streamIterGetField(IT); }
export function t_fieldPtr(): usize { return siFieldPtr; }
export function t_fieldLen(): u32 { return siFieldLen; }
export function t_valuePtr(): usize { return siValuePtr; }
export function t_valueLen(): u32 { return siValueLen; }
export function t_iterRemove(id: usize): void { streamIterRemoveEntry(IT, id); }

export function t_delete(s: usize, id: usize): i32 { return streamDeleteItem(s, id) ? 1 : 0; }
export function t_exists(s: usize, id: usize): i32 { return streamEntryExists(s, id) ? 1 : 0; }
export function t_trim(s: usize, strategy: i32, maxlen: i64, minid: usize, approx: i32, limit: i64): f64 {
  return <f64>streamTrim(s, strategy, maxlen, minid, approx != 0, limit);
}
export function t_edge(s: usize, first: i32, skip: i32, out: usize): void { streamGetEdgeID(s, first != 0, skip != 0, out); }
export function t_estimate(s: usize, id: usize): i64 { return streamEstimateDistanceFromFirstEverEntry(s, id); }
export function t_hasTomb(s: usize, start: usize, end: usize): i32 { return streamRangeHasTombstones(s, start, end) ? 1 : 0; }

export function t_parse(p: usize, n: u32, id: usize, missingSeq: u64, strict: i32, star: i32): i32 {
  return parseStreamIDBytes(p, n, id, missingSeq, strict != 0, star != 0);
}
export function t_format(dst: usize, id: usize): u32 { return idFormat(dst, id); }
export function t_incr(id: usize): i32 { return idIncr(id) ? 1 : 0; }
export function t_decr(id: usize): i32 { return idDecr(id) ? 1 : 0; }
