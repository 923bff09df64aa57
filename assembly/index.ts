// The core's ABI: numbers only (pointers, lengths, slots, ids, status codes). Nothing else is
// exported. See host/core.ts for the typed wrapper and DESIGN.md for the one-crossing-per-read flow:
//   host copies a socket chunk into io_buf(), calls feed(slot, len), then drains every pending
//   client's output (pending_count/pending_slot/client_out_*), then pending_reset().
import { serverInit, serverInitDbs, feed as coreFeed, cron as coreCron, hostResume, ioBuffer, IO_BUF_SIZE, closeAsap } from "./server/server";
import { S } from "./server/state";
import { clientAt, clientNew, clientFree, obufConsumed, setOwnedBytes, argPtr, argLen, Client, CF_PENDING, CF_HOST_WAIT, markPending } from "./server/client";
import { configSetInt, configSetBytes } from "./server/config";
import { addReplyRaw } from "./server/reply";
import { countError } from "./server/errorstats";
import { commands, lookupOriginalCommand, lookupSubcommand, renameCommand } from "./server/commands";
import { usedMemory, peakMemory, heapTop } from "./mem/alloc";
import { ROOT } from "./mem/root";

export function core_init(seed1: u32, seed2: u32): void { serverInit(seed1, seed2); }
export function init_dbs(nowMs: f64): void { serverInitDbs(<i64>nowMs); }
export function root_ptr(): usize { return ROOT; }
export function io_buf(): usize { return ioBuffer(); }
export function io_buf_size(): u32 { return IO_BUF_SIZE; }

export function config_set_int(id: i32, v: f64): i32 { return configSetInt(id, <i64>v) ? 1 : 0; }
export function config_set_bytes(id: i32, len: u32): i32 { return configSetBytes(id, ioBuffer(), len) ? 1 : 0; }

// ---- clients ----
export function client_new(nowMs: f64): u32 { return clientNew(<i64>nowMs); }
/** addr bytes are io_buf[0..addrLen), laddr bytes follow them. */
export function client_set_addr(slot: u32, addrLen: u32, laddrLen: u32): void {
  const c = clientAt(slot);
  setOwnedBytes(changetype<usize>(c) + offsetof<Client>("addr"), ioBuffer(), addrLen);
  setOwnedBytes(changetype<usize>(c) + offsetof<Client>("laddr"), ioBuffer() + addrLen, laddrLen);
}
export function client_free(slot: u32): void { clientFree(clientAt(slot)); }
export function client_id(slot: u32): f64 { return <f64>clientAt(slot).id; }
export function client_flags(slot: u32): u32 { return clientAt(slot).flags; }
export function client_resp(slot: u32): u32 { return clientAt(slot).resp; }
export function client_db(slot: u32): u32 { return clientAt(slot).db; }
export function client_out_ptr(slot: u32): usize { return clientAt(slot).obuf; }
export function client_out_len(slot: u32): u32 { return clientAt(slot).olen; }
export function client_out_consumed(slot: u32): void { obufConsumed(clientAt(slot)); }
export function client_close_asap(slot: u32): void { closeAsap(clientAt(slot)); }

export function feed(slot: u32, len: u32): u32 { return coreFeed(slot, len); }
export function cron(nowMs: f64): u32 { return coreCron(<i64>nowMs); }
/** Called from inside host_command: its reply will come later; hold the client's further input. */
export function client_host_wait(slot: u32): void { clientAt(slot).flags |= CF_HOST_WAIT; }
/** The delayed reply has been written with reply_bytes: run the input that waited. */
export function client_host_resume(slot: u32): u32 { return hostResume(slot); }

export function pending_count(): u32 { return S().pendingLen; }
export function pending_slot(i: u32): u32 { return load<u32>(<usize>S().pending + (<usize>i << 2)); }
/** The host has drained every pending client. */
export function pending_reset(): void {
  const s = S();
  for (let i: u32 = 0; i < s.pendingLen; i++) {
    const slot = load<u32>(<usize>s.pending + (<usize>i << 2));
    const p = load<u32>(<usize>s.clients + (<usize>slot << 2));
    if (p != 0) changetype<Client>(<usize>p).flags &= ~CF_PENDING;
  }
  s.pendingLen = 0;
}

// ---- host-owned commands: read argv, write reply ----
export function arg_count(slot: u32): u32 { return clientAt(slot).argc; }
export function arg_ptr(slot: u32, i: u32): usize { return argPtr(clientAt(slot), i); }
export function arg_len(slot: u32, i: u32): u32 { return argLen(clientAt(slot), i); }
/** Appends raw RESP from io_buf[0..len) to the client's reply; an error reply is counted. */
export function reply_bytes(slot: u32, len: u32): void {
  const c = clientAt(slot);
  const p = ioBuffer();
  if (len > 0 && load<u8>(p) == 0x2d) {
    let k: u32 = 1;
    while (k < len && load<u8>(p + k) != 32 && load<u8>(p + k) != 13) k++;
    countError(p + 1, k - 1);
    c.errorsThisCmd++;
  }
  addReplyRaw(c, p, len);
}
/** Command-table id for "name" or "parent|sub" in io_buf[0..len), or -1. */
export function command_id(len: u32): i32 {
  const p = ioBuffer();
  let bar: u32 = 0;
  while (bar < len && load<u8>(p + bar) != 0x7c) bar++;
  const top = lookupOriginalCommand(p, bar);
  if (top == null) return -1;
  if (bar == len) return top.id;
  const sc = lookupSubcommand(top, p + bar + 1, len - bar - 1);
  return sc == null ? -1 : sc.id;
}
export function command_count(): u32 { return commands.length; }
/** rename-command: io_buf holds the old name then the new one; 0, or -1 no such command, -2 target exists. */
export function command_rename(oldLen: u32, newLen: u32): i32 {
  const p = ioBuffer();
  return renameCommand(p, oldLen, p + oldLen, newLen);
}

// ---- memory ----
export function used_memory(): f64 { return <f64>usedMemory(); }
export function used_memory_peak(): f64 { return <f64>peakMemory(); }
export function heap_top(): usize { return heapTop(); }

// ==== INFO host values, CONFIG RESETSTAT, instantaneous metrics (server/info.ts; host/info.ts) ====
import { infoInit, infoSetNum, infoSetStr, infoCron, resetStats } from "./server/info";
/** Creates the host-info block and records used_memory_startup; call once before serving clients. */
export function info_init(): void { infoInit(); }
/** Sets host number `id` (server/info.ts HN_*) for INFO. */
export function info_set_num(id: i32, v: f64): void { infoSetNum(id, v); }
/** Sets host string `id` (server/info.ts HS_*) to io_buf[0..len). */
export function info_set_str(id: i32, len: u32): void { infoSetStr(id, ioBuffer(), len); }
/** Samples the instantaneous_* metrics; the host calls it from its cron tick. */
export function info_cron(nowMs: f64): void { infoCron(<i64>nowMs); }
/** CONFIG RESETSTAT's core part. */
export function reset_stats(): void { resetStats(); }
/** The host closed a client over its client-output-buffer-limit (INFO stats). */
export function stat_obuf_limit_disconnection(): void { S().statClientObufLimitDisc++; }
