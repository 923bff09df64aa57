// The command table: one declarative entry per command (and per subcommand), carrying its name,
// arity, flags, key positions, group and handler. Dispatch, COMMAND (INFO/DOCS/COUNT/LIST/GETKEYS)
// and INFO commandstats are all derived from it.
//
// Arity follows Redis: N means exactly N arguments including the name; -N means at least N.
// Key positions follow COMMAND INFO's legacy (first, last, step) triple; last -1 means "to the end".
import { Client, argPtr, argLen } from "./client";
import { allocZeroed } from "../mem/alloc";
import { S } from "./state";
import { hashBytesLower } from "../util/hash";
import { eqLit } from "../util/bytes";

// Command flags (COMMAND INFO names in flagName()).
export const CMD_WRITE: u32 = 1 << 0;
export const CMD_READONLY: u32 = 1 << 1;
export const CMD_DENYOOM: u32 = 1 << 2;
export const CMD_ADMIN: u32 = 1 << 3;
export const CMD_PUBSUB: u32 = 1 << 4;
export const CMD_NOSCRIPT: u32 = 1 << 5;
export const CMD_BLOCKING: u32 = 1 << 6;
export const CMD_LOADING: u32 = 1 << 7;
export const CMD_STALE: u32 = 1 << 8;
export const CMD_SKIP_MONITOR: u32 = 1 << 9;
export const CMD_SKIP_SLOWLOG: u32 = 1 << 10;
export const CMD_ASKING: u32 = 1 << 11;
export const CMD_FAST: u32 = 1 << 12;
export const CMD_NO_AUTH: u32 = 1 << 13;
export const CMD_MAY_REPLICATE: u32 = 1 << 14;
export const CMD_SENTINEL: u32 = 1 << 15;
export const CMD_NO_MANDATORY_KEYS: u32 = 1 << 16;
export const CMD_PROTECTED: u32 = 1 << 17;
export const CMD_NO_ASYNC_LOADING: u32 = 1 << 18;
export const CMD_NO_MULTI: u32 = 1 << 19;
export const CMD_MOVABLE_KEYS: u32 = 1 << 20;
export const CMD_ALLOW_BUSY: u32 = 1 << 21;
// Internal: cost is linear in the argument bytes only (SET family), so small invocations may skip
// the per-command clock read like CMD_FAST ones (dispatch.ts). Not shown by COMMAND INFO.
export const CMD_ARG_BOUNDED: u32 = 1 << 29;
// Internal: runs at once inside MULTI instead of being queued (MULTI EXEC DISCARD WATCH QUIT RESET).
export const CMD_TX_CONTROL: u32 = 1 << 28;
// Internal: allowed for a subscribed RESP2 client ((P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT, RESET).
export const CMD_PUBSUB_CONTEXT: u32 = 1 << 27;
export const CMD_HOST: u32 = 1 << 30;        // handled by the host (hostCommand), not by a core handler
export const CMD_CONTAINER: u32 = 1 << 31;   // has subcommands

export const FLAG_NAMES: string[] = [
  "write", "readonly", "denyoom", "admin", "pubsub", "noscript", "blocking", "loading", "stale",
  "skip_monitor", "skip_slowlog", "asking", "fast", "no_auth", "may_replicate", "sentinel",
  "no_mandatory_keys", "protected", "no_async_loading", "no_multi", "movablekeys", "allow_busy",
];

export type Handler = (c: Client) => void;

export class Command {
  id: i32 = 0;
  subs: Command[] | null = null;
  parent: Command | null = null;
  /** "get", or "client|list" for a subcommand: the name used in errors and stats. */
  fullName: string = "";
  /**
   * The name a client types to reach a top-level command: `name` unless rename-command changed it
   * ("" when renamed away). As in Redis, replies, stats and CLIENT LIST keep the original name.
   */
  lookupName: string = "";
  constructor(
    public name: string,
    public arity: i32,
    public flags: u32,
    public firstKey: i32,
    public lastKey: i32,
    public step: i32,
    public group: string,
    public handler: Handler | null,
  ) {}
}

export const commands: Command[] = [];      // every command and subcommand, by id
export const topLevel: Command[] = [];      // top-level commands only
const LOOKUP_SIZE: u32 = 1024;
const lookup = new StaticArray<i32>(LOOKUP_SIZE);

// CmdStat layout (32 bytes per command id): calls u64, usec u64, rejected u64, failed u64
export const CMDSTAT_SIZE: u32 = 32;
@inline export function cmdStat(id: i32): usize { return <usize>S().cmdStats + <usize>id * CMDSTAT_SIZE; }

function register(cmd: Command): Command {
  cmd.id = commands.length;
  commands.push(cmd);
  return cmd;
}

/** Defines a top-level command. */
export function def(name: string, arity: i32, flags: u32, first: i32, last: i32, step: i32, group: string, h: Handler | null): Command {
  const cmd = register(new Command(name, arity, flags, first, last, step, group, h));
  cmd.fullName = name;
  cmd.lookupName = name;
  topLevel.push(cmd);
  lookupInsert(cmd);
  return cmd;
}

function lookupInsert(cmd: Command): void {
  let i = hashBytesLowerStr(cmd.lookupName) & (LOOKUP_SIZE - 1);
  while (lookup[i] != 0) i = (i + 1) & (LOOKUP_SIZE - 1);
  lookup[i] = cmd.id + 1;
}

export const RENAME_OK: i32 = 0;
export const RENAME_NO_SUCH_COMMAND: i32 = -1;
export const RENAME_TARGET_EXISTS: i32 = -2;

/**
 * rename-command (config file only): the top-level command typed as old[0..oldLen) is reached as
 * new[0..newLen) from now on, or not at all when newLen is 0. Rebuilds the lookup table, which is
 * small and only changes at startup.
 */
export function renameCommand(op: usize, oldLen: u32, np: usize, newLen: u32): i32 {
  const cmd = lookupCommand(op, oldLen);
  if (cmd == null) return RENAME_NO_SUCH_COMMAND;
  if (newLen > 0 && lookupCommand(np, newLen) != null) return RENAME_TARGET_EXISTS;
  let name = "";
  for (let i: u32 = 0; i < newLen; i++) name += String.fromCharCode(<i32>load<u8>(np + i));
  cmd.lookupName = name;
  for (let i: u32 = 0; i < LOOKUP_SIZE; i++) lookup[i] = 0;
  for (let i = 0; i < topLevel.length; i++) if (topLevel[i].lookupName.length > 0) lookupInsert(topLevel[i]);
  return RENAME_OK;
}

/** A command or subcommand by its full original name ("config|rewrite"), for internal calls. */
export function commandByFullName(name: string): Command | null {
  for (let i = 0; i < commands.length; i++) if (commands[i].fullName == name) return commands[i];
  return null;
}

/** The command with this original name, renamed or not (for the host's own command table). */
export function lookupOriginalCommand(p: usize, n: u32): Command | null {
  for (let i = 0; i < topLevel.length; i++) if (eqLit(p, n, topLevel[i].name)) return topLevel[i];
  return null;
}

/** Defines a subcommand of a container command. */
export function sub(parent: Command, name: string, arity: i32, flags: u32, first: i32, last: i32, step: i32, h: Handler | null): Command {
  const cmd = register(new Command(name, arity, flags, first, last, step, parent.group, h));
  cmd.parent = parent;
  cmd.fullName = parent.name + "|" + name;
  parent.flags |= CMD_CONTAINER;
  if (parent.subs == null) parent.subs = [];
  parent.subs!.push(cmd);
  return cmd;
}

function hashBytesLowerStr(s: string): u32 {
  const tmp = memory.data(512);
  const n = min<u32>(<u32>s.length, 512);
  for (let i: u32 = 0; i < n; i++) store<u8>(tmp + i, <u8>s.charCodeAt(i));
  return hashBytesLower(tmp, n);
}

export function lookupCommand(p: usize, n: u32): Command | null {
  let i = hashBytesLower(p, n) & (LOOKUP_SIZE - 1);
  while (true) {
    const v = lookup[i];
    if (v == 0) return null;
    const cmd = commands[v - 1];
    if (eqLit(p, n, cmd.lookupName)) return cmd;
    i = (i + 1) & (LOOKUP_SIZE - 1);
  }
}

export function lookupSubcommand(parent: Command, p: usize, n: u32): Command | null {
  const subs = parent.subs;
  if (subs == null) return null;
  for (let i = 0; i < subs.length; i++) if (eqLit(p, n, subs[i].name)) return subs[i];
  return null;
}

/** Resolves argv[0] (and argv[1] for containers) to a command; null if unknown. */
export function lookupFromArgv(c: Client): Command | null {
  const cmd = lookupCommand(argPtr(c, 0), argLen(c, 0));
  if (cmd == null || c.argc < 2 || (cmd.flags & CMD_CONTAINER) == 0) return cmd;
  return lookupSubcommand(cmd, argPtr(c, 1), argLen(c, 1));
}

export function cmdStatsInit(): void {
  S().cmdStats = <u32>allocZeroed(<u32>commands.length * CMDSTAT_SIZE);
}

export function cmdStatsReset(): void {
  memory.fill(<usize>S().cmdStats, 0, <u32>commands.length * CMDSTAT_SIZE);
}
