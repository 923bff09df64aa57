// FUNCTION: the library registry of Redis Functions.
//
// Deviation (until the scripting issue lands): no engine is loaded, so no library can exist and only
// FUNCTION FLUSH (which empties the — always empty — registry) and FUNCTION HELP are served. Every
// other subcommand answers Redis's unknown-subcommand error. Tools that reset a server between runs
// (FLUSHALL + FUNCTION FLUSH, as the upstream test suite does) work unchanged.
import { Client, argPtr, argLen } from "../server/client";
import { def, sub, CMD_WRITE, CMD_NOSCRIPT, CMD_LOADING, CMD_STALE } from "../server/commands";
import { addReplyOK, addReplyError, addReplyArrayLen, addReplyStatus } from "../server/reply";
import { eqLit } from "../util/bytes";
import { ERR_SYNTAX } from "../server/errors";

function functionFlushCommand(c: Client): void {
  if (c.argc == 3) {
    const p = argPtr(c, 2), n = argLen(c, 2);
    if (!eqLit(p, n, "sync") && !eqLit(p, n, "async")) {
      addReplyError(c, "ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
      return;
    }
  } else if (c.argc > 3) { addReplyError(c, ERR_SYNTAX); return; }
  addReplyOK(c);
}

const HELP: string[] = [
  "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "FLUSH [ASYNC|SYNC]",
  "    Delete all the libraries.",
  "    When called without the optional mode argument, the behavior is determined by the",
  "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
  "    * ASYNC: Asynchronously flush the libraries.",
  "    * SYNC: Synchronously flush the libraries.",
  "HELP",
  "    Print this help.",
];

function functionHelpCommand(c: Client): void {
  addReplyArrayLen(c, HELP.length);
  for (let i = 0; i < HELP.length; i++) addReplyStatus(c, HELP[i]);
}

export function registerFunctionCommands(): void {
  const fn = def("function", -2, 0, 0, 0, 0, "scripting", null);
  sub(fn, "flush", -2, CMD_NOSCRIPT | CMD_WRITE, 0, 0, 0, functionFlushCommand);
  sub(fn, "help", 2, CMD_LOADING | CMD_STALE, 0, 0, 0, functionHelpCommand);
}
