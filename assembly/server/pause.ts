// CLIENT PAUSE / CLIENT UNPAUSE.
//
// While a pause is active, a command it covers is postponed, not refused: the client is marked
// CF_POSTPONED, keeps its argv (like a blocked client) and stops parsing input; when the pause ends
// (timeout seen by cron or at the next input, or CLIENT UNPAUSE) every postponed client runs its
// command again from processCommand, in the order they were postponed, then its remaining input.
// PAUSE ALL covers every command (CLIENT UNPAUSE included, as in Redis); PAUSE WRITE covers
// commands flagged write or may_replicate, and EXEC when a queued command is. The check comes
// after the argument/auth checks, so errors are still answered at once. During any pause keys do
// not expire: the active cycle is skipped and lazily expired keys read as missing without being
// deleted.
//
// State (Server): pauseType (0 none, PAUSE_WRITE, PAUSE_ALL), pauseEndMs, pause -> PauseState
//   PauseState: a ds/vec.ts vector of the postponed Client ptrs, in the order they were postponed
import { Client, CF_POSTPONED, CF_BLOCKED, CF_CLOSE_ASAP, CF_CLOSE_AFTER_REPLY, resetClientRequest, argPtr, argLen } from "./client";
import { S } from "./state";
import { allocZeroed } from "../mem/alloc";
import { VEC_SIZE, vecLen, vecAt, vecPush, vecRemove } from "../ds/vec";
import { Command, sub, CMD_WRITE, CMD_MAY_REPLICATE, CMD_TX_CONTROL, CMD_ADMIN, CMD_NOSCRIPT, CMD_LOADING, CMD_STALE } from "./commands";
import { processCommand } from "./dispatch";
import { processInputBuffer } from "./server";
import { addReplyOK, addReplyError } from "./reply";
import { string2ll, parsedInt } from "../util/numbers";
import { eqLit } from "../util/bytes";
import { multiCmdFlags } from "./multi";

export const PAUSE_WRITE: u32 = 1;
export const PAUSE_ALL: u32 = 2;

function pstate(): usize {
  const s = S();
  if (s.pause == 0) s.pause = <u32>allocZeroed(VEC_SIZE);
  return <usize>s.pause;
}

/** Is a pause in force now? (ends it first when its time is over) */
export function pauseActive(): bool {
  const s = S();
  if (s.pauseType == 0) return false;
  if (s.nowMs >= s.pauseEndMs) { unpauseClients(); return false; }
  return true;
}

/** Would this command be postponed now? */
export function pauseCovers(c: Client, cmd: Command, inMulti: bool): bool {
  if (!pauseActive()) return false;
  if (S().pauseType == PAUSE_ALL) return true;
  const W = CMD_WRITE | CMD_MAY_REPLICATE;
  if ((cmd.flags & W) != 0) return true;
  // EXEC of a transaction holding writes (queued commands themselves are not paused)
  return inMulti && (cmd.flags & CMD_TX_CONTROL) != 0 && cmd.name == "exec" && (multiCmdFlags(c) & W) != 0;
}

/** Postpones the client's current command until the pause ends. */
export function postponeClient(c: Client): void {
  vecPush(pstate(), <u32>changetype<usize>(c));
  c.flags |= CF_POSTPONED;
  S().postponedClients++;
}

/** A postponed client disconnects: forget it. */
export function postponedClientFree(c: Client): void {
  if ((c.flags & CF_POSTPONED) == 0) return;
  vecRemove(pstate(), <u32>changetype<usize>(c));
  c.flags &= ~CF_POSTPONED;
  S().postponedClients--;
}

/** Ends the pause and resumes the postponed clients in order. */
export function unpauseClients(): void {
  const s = S();
  s.pauseType = 0;
  s.pauseEndMs = 0;
  if (s.pause == 0) return;
  const p = pstate();
  // Resume one client at a time from the head: a resumed command may disconnect other postponed
  // clients (CLIENT KILL, which removes them here) or postpone clients again under a new pause
  // (appended behind the ones still waiting, which then stay postponed too).
  while (vecLen(p) > 0 && s.pauseType == 0) {
    const c = changetype<Client>(<usize>vecAt(p, 0));
    vecRemove(p, <u32>changetype<usize>(c));
    c.flags &= ~CF_POSTPONED;
    s.postponedClients--;
    if ((c.flags & (CF_CLOSE_ASAP | CF_CLOSE_AFTER_REPLY)) != 0) continue;
    resumeClient(c);
  }
}

/** Runs the postponed command again, then whatever input followed it. */
function resumeClient(c: Client): void {
  processCommand(c);
  if ((c.flags & (CF_BLOCKED | CF_POSTPONED)) != 0) return;
  resetClientRequest(c);
  processInputBuffer(c);
}

function clientPauseCommand(c: Client): void {
  if (!string2ll(argPtr(c, 2), argLen(c, 2))) { addReplyError(c, "ERR timeout is not an integer or out of range"); return; }
  const ms = parsedInt;
  if (ms < 0) { addReplyError(c, "ERR timeout is negative"); return; }
  let type = PAUSE_ALL;
  if (c.argc == 4) {
    const p = argPtr(c, 3), n = argLen(c, 3);
    if (eqLit(p, n, "write")) type = PAUSE_WRITE;
    else if (!eqLit(p, n, "all")) { addReplyError(c, "ERR CLIENT PAUSE mode must be WRITE or ALL"); return; }
  } else if (c.argc > 4) {
    addReplyError(c, "ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.");
    return;
  }
  const s = S();
  const end = ms > i64.MAX_VALUE - s.nowMs ? i64.MAX_VALUE : s.nowMs + ms;
  // a stricter or longer pause already in force is kept (Redis keeps the max of both)
  if (type > s.pauseType) s.pauseType = type;
  if (end > s.pauseEndMs) s.pauseEndMs = end;
  addReplyOK(c);
}

function clientUnpauseCommand(c: Client): void {
  unpauseClients();
  addReplyOK(c);
}

export function registerPauseSubcommands(client: Command): void {
  const F = CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE;
  sub(client, "pause", -3, F, 0, 0, 0, clientPauseCommand);
  sub(client, "unpause", 2, F, 0, 0, 0, clientUnpauseCommand);
}
