// Transactions: MULTI, EXEC, DISCARD (WATCH/UNWATCH: server/watch.ts).
//
// Queueing (dispatch.ts processCommand): while CF_MULTI is set, every command that passes the
// checks (known, arity, auth, no_multi, OOM) is copied into the client's MultiState and answered
// +QUEUED, except the transaction-control commands (CMD_TX_CONTROL: MULTI EXEC DISCARD WATCH QUIT
// RESET), which run at once. A command rejected while queueing sets CF_DIRTY_EXEC, and EXEC then
// answers -EXECABORT. Runtime errors inside EXEC are ordinary per-command replies.
//
// Structures (owned by the client, c.mstate, freed by multiFree)
//   MultiState: [count u32][cap u32][cmds u32 -> u32 x cap][cmdFlags u32][argvMem u32]
//   Queued command, one block: [cmdId i32][argc u32][(offset u32, len u32) x argc][argument bytes]
//   Offsets are relative to the block, so EXEC runs a command by pointing the client's qbuf/argv at
//   its block (argPtr = qbuf + offset) and restoring them afterwards. Nothing reads the query buffer
//   while a command runs, and commands inside EXEC never block (CF_DENY_BLOCKING).
//
// argvMem follows Redis 7.0's multi-mem: the argument bytes plus one pointer (8 bytes) per argument.
import { Client, argPtr, argLen, CF_MULTI, CF_DIRTY_EXEC, CF_DIRTY_CAS, CF_DENY_BLOCKING, CF_EXECUTING } from "./client";
import { unwatchAllKeys, isWatchedKeyExpired, registerWatchCommands } from "./watch";
import { Command, commands, def, CMD_NOSCRIPT, CMD_LOADING, CMD_STALE, CMD_FAST, CMD_ALLOW_BUSY, CMD_SKIP_SLOWLOG, CMD_TX_CONTROL } from "./commands";
import { alloc, allocZeroed, free, realloc } from "../mem/alloc";
import { addReplyOK, addReplyError, addReplyArrayLen, addReplyNullArray, addReplyStatus, errBegin, errLit, errEnd } from "./reply";
import { call } from "./dispatch";

const MS_COUNT = 0;
const MS_CAP = 4;
const MS_CMDS = 8;
const MS_FLAGS = 12;
const MS_ARGVMEM = 16;
const MS_SIZE: u32 = 20;

@inline function ms(c: Client): usize { return <usize>c.mstate; }

/** Number of queued commands, or -1 outside MULTI (CLIENT LIST's multi=). */
export function multiCount(c: Client): i32 {
  if ((c.flags & (CF_MULTI | CF_EXECUTING)) == 0) return -1;
  return c.mstate == 0 ? 0 : <i32>load<u32>(ms(c) + MS_COUNT);
}

/** CLIENT LIST's multi-mem=. */
export function multiMemory(c: Client): u32 { return c.mstate == 0 ? 0 : load<u32>(ms(c) + MS_ARGVMEM); }

/** Union of the queued commands' flags (EXEC's OOM check looks for CMD_DENYOOM). */
export function multiCmdFlags(c: Client): u32 { return c.mstate == 0 ? 0 : load<u32>(ms(c) + MS_FLAGS); }

/** Drops the queued commands and leaves MULTI state (DISCARD, EXEC, RESET, client free). */
export function multiFree(c: Client): void {
  const m = ms(c);
  if (m != 0) {
    const n = load<u32>(m + MS_COUNT);
    const cmds = <usize>load<u32>(m + MS_CMDS);
    for (let i: u32 = 0; i < n; i++) free(load<u32>(cmds + (<usize>i << 2)));
    if (cmds != 0) free(cmds);
    free(m);
    c.mstate = 0;
  }
  unwatchAllKeys(c);
  c.flags &= ~(CF_MULTI | CF_DIRTY_EXEC | CF_DIRTY_CAS);
}

/** A command was rejected while queueing: EXEC will abort (Redis's flagTransaction). */
export function flagTransaction(c: Client): void {
  if (c.flags & CF_MULTI) c.flags |= CF_DIRTY_EXEC;
}

/** Copies the current argv into the transaction and replies +QUEUED. */
export function queueMultiCommand(c: Client, cmd: Command): void {
  // after an error in the transaction nothing more is stored: EXEC will only abort
  if (c.flags & CF_DIRTY_EXEC) { addReplyStatus(c, "QUEUED"); return; }
  if (c.mstate == 0) c.mstate = <u32>allocZeroed(MS_SIZE);
  const m = ms(c);
  const argc = c.argc;
  let bytes: u32 = 0;
  for (let i: u32 = 0; i < argc; i++) bytes += argLen(c, i);
  const hdr: u32 = 8 + (argc << 3);
  const b = alloc(hdr + bytes);
  store<i32>(b, cmd.id);
  store<u32>(b + 4, argc);
  let off = hdr;
  for (let i: u32 = 0; i < argc; i++) {
    const n = argLen(c, i);
    memory.copy(b + off, argPtr(c, i), n);
    store<u32>(b + 8 + (<usize>i << 3), off);
    store<u32>(b + 12 + (<usize>i << 3), n);
    off += n;
  }
  let count = load<u32>(m + MS_COUNT);
  let cap = load<u32>(m + MS_CAP);
  if (count == cap) {
    cap = cap == 0 ? 4 : cap * 2;
    store<u32>(m + MS_CMDS, <u32>realloc(load<u32>(m + MS_CMDS), cap << 2));
    store<u32>(m + MS_CAP, cap);
  }
  store<u32>(<usize>load<u32>(m + MS_CMDS) + (<usize>count << 2), <u32>b);
  store<u32>(m + MS_COUNT, count + 1);
  store<u32>(m + MS_FLAGS, load<u32>(m + MS_FLAGS) | cmd.flags);
  store<u32>(m + MS_ARGVMEM, load<u32>(m + MS_ARGVMEM) + bytes + (argc << 3));
  addReplyStatus(c, "QUEUED");
}

/** EXEC refused before running (e.g. OOM): Redis replies EXECABORT with the reason and discards. */
export function execCommandAbort(c: Client, reason: string): void {
  errBegin(c);
  errLit(c, "EXECABORT Transaction discarded because of: ");
  errLit(c, reason);
  errEnd(c);
  multiFree(c);
}

function multiCommand(c: Client): void {
  if (c.flags & CF_MULTI) { addReplyError(c, "ERR MULTI calls can not be nested"); return; }
  c.flags |= CF_MULTI;
  addReplyOK(c);
}

function discardCommand(c: Client): void {
  if ((c.flags & CF_MULTI) == 0) { addReplyError(c, "ERR DISCARD without MULTI"); return; }
  multiFree(c);
  addReplyOK(c);
}

function execCommand(c: Client): void {
  if ((c.flags & CF_MULTI) == 0) { addReplyError(c, "ERR EXEC without MULTI"); return; }
  if (isWatchedKeyExpired(c)) c.flags |= CF_DIRTY_CAS;
  if (c.flags & CF_DIRTY_EXEC) {
    addReplyError(c, "EXECABORT Transaction discarded because of previous errors.");
    multiFree(c);
    return;
  }
  if (c.flags & CF_DIRTY_CAS) {
    // a WATCHed key changed: nothing runs
    addReplyNullArray(c);
    multiFree(c);
    return;
  }
  unwatchAllKeys(c);
  const m = ms(c);
  const count: u32 = m == 0 ? 0 : load<u32>(m + MS_COUNT);
  // the queued commands run with the client in "executing" state: no nesting, no blocking
  c.flags = (c.flags & ~CF_MULTI) | CF_EXECUTING;
  const hadDeny = (c.flags & CF_DENY_BLOCKING) != 0;
  c.flags |= CF_DENY_BLOCKING;
  addReplyArrayLen(c, count);
  const execId = c.curCmd;
  const saveQbuf = c.qbuf, saveArgv = c.argv, saveArgc = c.argc;
  for (let i: u32 = 0; i < count; i++) {
    const b = <usize>load<u32>(<usize>load<u32>(m + MS_CMDS) + (<usize>i << 2));
    c.qbuf = <u32>b;
    c.argv = <u32>(b + 8);
    c.argc = load<u32>(b + 4);
    call(c, commands[load<i32>(b)]);
  }
  c.qbuf = saveQbuf; c.argv = saveArgv; c.argc = saveArgc;
  c.curCmd = execId;
  // errors of the queued commands are theirs: EXEC itself succeeded
  c.errorsThisCmd = 0;
  if (!hadDeny) c.flags &= ~CF_DENY_BLOCKING;
  c.flags &= ~CF_EXECUTING;
  multiFree(c);
}

export function registerMultiCommands(): void {
  const G = "transactions";
  def("multi", 1, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_ALLOW_BUSY | CMD_TX_CONTROL, 0, 0, 0, G, multiCommand);
  def("exec", 1, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_SKIP_SLOWLOG | CMD_TX_CONTROL, 0, 0, 0, G, execCommand);
  def("discard", 1, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_ALLOW_BUSY | CMD_TX_CONTROL, 0, 0, 0, G, discardCommand);
  registerWatchCommands();
}
