// Command dispatch: lookup, arity, auth and memory checks, then the call with its bookkeeping
// (commandstats, slowlog, MONITOR feed, keyspace hits/misses are counted by the lookups).
import { Client, argPtr, argLen, CF_AUTHENTICATED, CF_CLOSE_AFTER_REPLY, CF_REPLY_SKIP, CF_REPLY_SKIP_NEXT, CF_MONITOR, CF_BLOCKED, CF_REPROCESSING, CF_MULTI, CF_PUBSUB, CF_TRACKING } from "./client";
import { Command, lookupCommand, lookupSubcommand, cmdStat, CMD_FAST, CMD_ARG_BOUNDED, CMD_CONTAINER, CMD_NO_AUTH, CMD_HOST, CMD_DENYOOM, CMD_SKIP_MONITOR, CMD_SKIP_SLOWLOG, CMD_ADMIN, CMD_PROTECTED, CMD_NO_MULTI, CMD_TX_CONTROL, CMD_PUBSUB_CONTEXT, CMD_READONLY, CMD_WRITE } from "./commands";
import { pauseCovers, postponeClient } from "./pause";
import { pubsubFlushSelfMessages } from "./pubsub";
import { trackingRememberKeys, trackingHandlePendingKeyInvalidations, trackingAfterCommand } from "./tracking";
import { flagTransaction, queueMultiCommand, multiCmdFlags, execCommandAbort } from "./multi";
import { isLocalClient } from "./debug";
import { ERR_DEBUG_DISABLED } from "./errors";
import { S } from "./state";
import { addReplyError, errBegin, errLit, errBytes, errLower, errEnd } from "./reply";
import { hostCommand, readClock } from "./host";
import { usedMemory, alloc, reserveSpent } from "../mem/alloc";
import { slowlogPushIfNeeded } from "./slowlog";
import { monitorFeed } from "./monitor";
import { performEvictions, EVICT_FAIL, armMemoryReserve, capHeadroom } from "./evict";
import { readyKeysPending, handleClientsBlockedOnKeys } from "./blocking";

/** Redis's unknown-command error, quoting up to 128 bytes of the name and of the arguments. */
function replyUnknownCommand(c: Client): void {
  errBegin(c);
  errLit(c, "ERR unknown command '");
  errBytes(c, argPtr(c, 0), min<u32>(argLen(c, 0), 128));
  errLit(c, "', with args beginning with: ");
  let used: u32 = 0;
  for (let i: u32 = 1; i < c.argc && used < 128; i++) {
    const n = min<u32>(argLen(c, i), 128 - used);
    errLit(c, "'");
    errBytes(c, argPtr(c, i), n);
    errLit(c, "' ");
    used += n + 3;
  }
  errEnd(c);
}

function replyUnknownSubcommand(c: Client, parent: Command): void {
  errBegin(c);
  errLit(c, "ERR unknown subcommand '");
  errBytes(c, argPtr(c, 1), min<u32>(argLen(c, 1), 128));
  errLit(c, "'. Try ");
  const n = parent.name.length;
  for (let i = 0; i < n; i++) {
    let ch = parent.name.charCodeAt(i);
    if (ch >= 97 && ch <= 122) ch -= 32;
    errLitChar(c, ch);
  }
  errLit(c, " HELP.");
  errEnd(c);
}

function errLitChar(c: Client, ch: i32): void {
  const t = memory.data(4);
  store<u8>(t, <u8>ch);
  errBytes(c, t, 1);
}

export function replyArityError(c: Client, cmd: Command): void {
  errBegin(c);
  errLit(c, "ERR wrong number of arguments for '");
  errLit(c, cmd.fullName);
  errLit(c, "' command");
  errEnd(c);
}

@inline function arityOk(cmd: Command, argc: u32): bool {
  const a = cmd.arity;
  return a > 0 ? <u32>a == argc : argc >= <u32>(-a);
}

/** Runs one parsed command. */
export function processCommand(c: Client): void {
  const s = S();
  let cmd = lookupCommand(argPtr(c, 0), argLen(c, 0));
  if (cmd == null) {
    flagTransaction(c);
    replyUnknownCommand(c);
    finishCommand(c, false);
    return;
  }
  if ((cmd.flags & CMD_CONTAINER) != 0 && c.argc >= 2) {
    const sc = lookupSubcommand(cmd, argPtr(c, 1), argLen(c, 1));
    if (sc == null) {
      flagTransaction(c);
      replyUnknownSubcommand(c, cmd);
      finishCommand(c, false);
      return;
    }
    cmd = sc;
  }
  if (!arityOk(cmd, c.argc)) {
    flagTransaction(c);
    replyArityError(c, cmd);
    store<u64>(cmdStat(cmd.id) + 16, load<u64>(cmdStat(cmd.id) + 16) + 1);
    finishCommand(c, false);
    return;
  }
  // as in Redis, the protected-command gate comes before authentication
  if ((cmd.flags & CMD_PROTECTED) != 0 && (s.enableDebug == 0 || (s.enableDebug == 2 && !isLocalClient(c)))) {
    // DEBUG is the only protected command until MODULE exists (enable-module-command)
    rejectCommand(c, cmd, ERR_DEBUG_DISABLED);
    return;
  }
  if ((c.flags & CF_AUTHENTICATED) == 0 && (cmd.flags & CMD_NO_AUTH) == 0) {
    rejectCommand(c, cmd, "NOAUTH Authentication required.");
    return;
  }
  const inMulti = (c.flags & CF_MULTI) != 0;
  if (inMulti && (cmd.flags & CMD_NO_MULTI) != 0) {
    rejectCommand(c, cmd, "ERR Command not allowed inside a transaction");
    return;
  }
  if ((c.flags & CF_PUBSUB) != 0 && c.resp == 2 && (cmd.flags & CMD_PUBSUB_CONTEXT) == 0) {
    rejectPubsubContext(c, cmd);
    return;
  }
  // maxmemory: evict first (server/evict.ts); refuse denyoom commands only if that could not help
  if (s.maxmemory > 0 && <i64>usedMemory() > s.maxmemory && performEvictions() == EVICT_FAIL && rejectOnOom(c, cmd, inMulti)) {
    rejectCommand(c, cmd, "OOM command not allowed when used memory > 'maxmemory'.");
    return;
  }
  // Linear memory itself is finite (4 GiB in wasm32, or less when the embedder caps it). Redis
  // has no such wall, so nothing in Redis answers this; a write that could need more than is left
  // (twice its arguments, plus headroom) is refused with the OOM error rather than failing midway.
  // The same answer while the emergency reserve (mem/alloc.ts) is spent: memory ran out once, and
  // writes resume as soon as it can be set aside again.
  if (reserveSpent()) armMemoryReserve();
  if (s.memoryCap > 0 && (reserveSpent() || <i64>usedMemory() + 2 * <i64>(c.qpos - c.cmdStart) + capHeadroom(s.memoryCap) > s.memoryCap) &&
      rejectOnOom(c, cmd, inMulti)) {
    rejectCommand(c, cmd, "OOM command not allowed when used memory is close to the core's linear memory limit.");
    return;
  }
  // min-replicas-to-write with min-replicas-max-lag: no replica ever connects to Cinnabar, so the
  // good-replica count is 0 and every write (or EXEC holding one) is refused, as Redis refuses it
  if (s.minReplicasToWrite != 0 &&
      ((cmd.flags & CMD_WRITE) != 0 || (isExec(cmd) && inMulti && (multiCmdFlags(c) & CMD_WRITE) != 0))) {
    rejectCommand(c, cmd, "NOREPLICAS Not enough good replicas to write.");
    return;
  }
  // CLIENT PAUSE: the command waits (after the checks above, so errors are answered at once)
  if (S().pauseType != 0 && pauseCovers(c, cmd, inMulti)) {
    postponeClient(c);
    return;
  }
  if (inMulti && (cmd.flags & CMD_TX_CONTROL) == 0) {
    queueMultiCommand(c, cmd);
    finishCommand(c, false);
    return;
  }
  const prevCurrent = s.currentClient;
  s.currentClient = <u32>changetype<usize>(c);
  call(c, cmd);
  if (s.pubsub != 0) pubsubFlushSelfMessages(c);
  if (s.tracking != 0) {
    trackingHandlePendingKeyInvalidations(c);
    trackingAfterCommand(c, cmd);
  }
  s.currentClient = prevCurrent;
  // serve clients blocked on keys this command created (Redis does this after every command)
  if (readyKeysPending()) handleClientsBlockedOnKeys();
}

@inline function isExec(cmd: Command): bool { return cmd.name == "exec"; }

/**
 * Over maxmemory, Redis refuses denyoom commands, EXEC when a queued command is denyoom, and inside
 * MULTI every command but EXEC/DISCARD/QUIT/RESET (queueing itself takes memory).
 */
function rejectOnOom(c: Client, cmd: Command, inMulti: bool): bool {
  if ((cmd.flags & CMD_DENYOOM) != 0) return true;
  if (!inMulti) return false;
  if (isExec(cmd)) return (multiCmdFlags(c) & CMD_DENYOOM) != 0;
  return !(cmd.name == "discard" || cmd.name == "quit" || cmd.name == "reset");
}

/** A subscribed RESP2 client ran a command other than the subscribe family, PING, QUIT or RESET. */
function rejectPubsubContext(c: Client, cmd: Command): void {
  flagTransaction(c);
  errBegin(c);
  errLit(c, "ERR Can't execute '");
  errLit(c, cmd.fullName);
  errLit(c, "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
  errEnd(c);
  store<u64>(cmdStat(cmd.id) + 16, load<u64>(cmdStat(cmd.id) + 16) + 1);
  finishCommand(c, false);
}

/**
 * A command refused before it ran: the error reply, rejected_calls, and (inside MULTI) the mark
 * that makes EXEC abort. A refused EXEC itself answers EXECABORT with the reason and discards.
 */
function rejectCommand(c: Client, cmd: Command, msg: string): void {
  if (isExec(cmd) && (c.flags & CF_MULTI) != 0) execCommandAbort(c, msg);
  else {
    flagTransaction(c);
    addReplyError(c, msg);
  }
  store<u64>(cmdStat(cmd.id) + 16, load<u64>(cmdStat(cmd.id) + 16) + 1);
  finishCommand(c, false);
}

// Adaptive timing. Reading the host clock costs as much as running GET, so O(1) commands (CMD_FAST,
// or small CMD_ARG_BOUNDED ones) skip it: up to UNTIMED_MAX of them run, then the next clock read
// splits the elapsed time evenly among them for commandstats. Deviation from Redis: such commands
// get an averaged usec and cannot enter the slowlog; exact per-command timing is used whenever
// slowlog-log-slower-than is below EXACT_TIMING_BELOW_US (tests use 0) and for every other command.
const UNTIMED_MAX: u32 = 64;
const EXACT_TIMING_BELOW_US: i64 = 1000;
const ARG_BOUNDED_MAX_BYTES: u32 = 16384;

export function untimedInit(): void { S().untimedIds = <u32>alloc(UNTIMED_MAX << 2); }

/** Reads the clock and settles the time of commands run without their own reading. */
export function settleUntimed(): i64 {
  const s = S();
  const now = readClock();
  const n = s.untimed;
  if (n > 0) {
    let span = now - s.lastCmdEndUs;
    if (span < 0) span = 0;
    // whole microseconds, split so that the total is exact: the first `rem` get one more
    const share = <u64>(span / <i64>n);
    const rem = <u32>(span % <i64>n);
    for (let i: u32 = 0; i < n; i++) {
      const st = cmdStat(load<i32>(<usize>s.untimedIds + (<usize>i << 2)));
      store<u64>(st + 8, load<u64>(st + 8) + share + (i < rem ? 1 : 0));
    }
    s.untimed = 0;
  }
  s.lastCmdEndUs = now;
  return now;
}

@inline function cheapToRun(c: Client, cmd: Command): bool {
  if (S().slowlogSlowerThan < EXACT_TIMING_BELOW_US) return false;
  if ((cmd.flags & CMD_FAST) != 0) return true;
  if ((cmd.flags & CMD_ARG_BOUNDED) == 0 || c.argc > 16) return false;
  let bytes: u32 = 0;
  for (let i: u32 = 1; i < c.argc; i++) bytes += argLen(c, i);
  return bytes <= ARG_BOUNDED_MAX_BYTES;
}

/** Executes a resolved command with stats, slowlog and MONITOR. */
export function call(c: Client, cmd: Command): void {
  const s = S();
  c.errorsThisCmd = 0;
  c.curCmd = cmd.id;
  const cheap = cheapToRun(c, cmd) && s.untimed < UNTIMED_MAX;
  if (!cheap && s.untimed > 0) settleUntimed();
  const startUs = s.lastCmdEndUs;
  if ((cmd.flags & CMD_HOST) != 0) hostCommand(c.slot, cmd.id);
  else cmd.handler!(c);
  // client-side caching: remember what a tracking client read
  if ((c.flags & CF_TRACKING) != 0 && (cmd.flags & CMD_READONLY) != 0) trackingRememberKeys(c, cmd);
  const st = cmdStat(cmd.id);
  // a command that blocked is counted once, when it finally replies (server/blocking.ts)
  const blocked = (c.flags & CF_BLOCKED) != 0;
  if (!blocked) { store<u64>(st, load<u64>(st) + 1); s.statNumCommands++; }
  if (c.errorsThisCmd > 0) store<u64>(st + 24, load<u64>(st + 24) + 1);
  c.lastCmd = cmd.id;
  c.commandsProcessed++;
  if (cheap) {
    store<i32>(<usize>s.untimedIds + (<usize>s.untimed << 2), cmd.id);
    s.untimed++;
  } else {
    // the next command of a pipeline sees the current time (within a command time stands still)
    const endUs = settleUntimed();
    let dur = endUs - startUs;
    if (dur < 0) dur = 0;
    store<u64>(st + 8, load<u64>(st + 8) + <u64>dur);
    if ((cmd.flags & CMD_SKIP_SLOWLOG) == 0 && !blocked) slowlogPushIfNeeded(c, dur);
  }
  // Redis 7 feeds monitors after the command ran (so MONITOR itself is not echoed), once: not
  // again when a served blocked command is re-run
  if (s.monitors > 0 && (cmd.flags & (CMD_SKIP_MONITOR | CMD_ADMIN)) == 0 && (c.flags & CF_REPROCESSING) == 0) monitorFeed(c);
  finishCommand(c, true);
}

/** Per-command client bookkeeping after the reply is written (CLIENT REPLY SKIP handling). */
export function finishCommand(c: Client, ran: bool): void {
  if (c.flags & CF_REPLY_SKIP) c.flags &= ~CF_REPLY_SKIP;
  if (c.flags & CF_REPLY_SKIP_NEXT) { c.flags = (c.flags & ~CF_REPLY_SKIP_NEXT) | CF_REPLY_SKIP; }
}

