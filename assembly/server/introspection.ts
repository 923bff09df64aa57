// COMMAND and its subcommands (COUNT DOCS GETKEYS GETKEYSANDFLAGS HELP INFO LIST), ACL categories per
// command, and key extraction from an argv (key specs, then per-command procedures).
//
// Everything is derived from the command table (commands.ts) plus the generated metadata in
// commanddocs.ts (ACL categories, tips, key specs, docs), looked up by full name. Only commands in
// the table are ever shown; a table command without metadata still gets a well-formed answer (its
// ACL categories implied by its flags, no tips or key specs, docs with just its group).
//
// Deviation from Redis: Redis answers COMMAND, COMMAND LIST/INFO/DOCS (without names) and a
// container's subcommands in its dict's hash order; we use table order. Clients must not rely on
// either. COMMAND DOCS texts are Redis 7.0's (docs/compatibility.md).
import { Client, argPtr, argLen, obufReserve, markPending, CF_NO_REPLY_MASK } from "./client";
import {
  Command, commands, topLevel, def, sub, lookupCommand, lookupSubcommand, FLAG_NAMES,
  CMD_WRITE, CMD_READONLY, CMD_ADMIN, CMD_PUBSUB, CMD_FAST, CMD_BLOCKING, CMD_LOADING, CMD_STALE,
  CMD_SENTINEL, CMD_MAY_REPLICATE, CMD_PROTECTED, CMD_NO_MANDATORY_KEYS,
} from "./commands";
import {
  addReplyArrayLen, addReplyMapLen, addReplySetLen, addReplyLongLong, addReplyBulk, addReplyBulkLit,
  addReplyStatus, addReplyNull, addReplyError, addReplyDeferredLen, setDeferredArrayLen, setDeferredMapLen,
} from "./reply";
import { ERR_SYNTAX } from "./errors";
import { ll2string, string2ll, parsedInt } from "../util/numbers";
import { eqLit } from "../util/bytes";
import { stringmatchlen } from "../util/glob";
import { alloc, free } from "../mem/alloc";
import {
  META_COUNT, META_NAME, META_ACL, META_TIPS, META_KS_START, KS, KS_WORDS, KS_NOTES, META_PROC,
  META_DOCS, DICT,
} from "./commanddocs";

// ---- ACL categories ----------------------------------------------------------------------------
// Bit i of a category mask is ACL_CATEGORY_NAMES[i]; the order is Redis's (COMMAND INFO lists a
// command's categories in it).
export const ACL_KEYSPACE: u32 = 1 << 0;
export const ACL_READ: u32 = 1 << 1;
export const ACL_WRITE: u32 = 1 << 2;
export const ACL_SET: u32 = 1 << 3;
export const ACL_SORTEDSET: u32 = 1 << 4;
export const ACL_LIST: u32 = 1 << 5;
export const ACL_HASH: u32 = 1 << 6;
export const ACL_STRING: u32 = 1 << 7;
export const ACL_BITMAP: u32 = 1 << 8;
export const ACL_HYPERLOGLOG: u32 = 1 << 9;
export const ACL_GEO: u32 = 1 << 10;
export const ACL_STREAM: u32 = 1 << 11;
export const ACL_PUBSUB: u32 = 1 << 12;
export const ACL_ADMIN: u32 = 1 << 13;
export const ACL_FAST: u32 = 1 << 14;
export const ACL_SLOW: u32 = 1 << 15;
export const ACL_BLOCKING: u32 = 1 << 16;
export const ACL_DANGEROUS: u32 = 1 << 17;
export const ACL_CONNECTION: u32 = 1 << 18;
export const ACL_TRANSACTION: u32 = 1 << 19;
export const ACL_SCRIPTING: u32 = 1 << 20;
export const ACL_CATEGORY_COUNT: i32 = 21;
export const ACL_CATEGORY_NAMES: StaticArray<string> = [
  "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog",
  "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection",
  "transaction", "scripting",
];
const ACL_CATEGORY_STATUS: StaticArray<string> = [
  "@keyspace", "@read", "@write", "@set", "@sortedset", "@list", "@hash", "@string", "@bitmap",
  "@hyperloglog", "@geo", "@stream", "@pubsub", "@admin", "@fast", "@slow", "@blocking", "@dangerous",
  "@connection", "@transaction", "@scripting",
];

/** The category bit named p[0..n) (case-insensitive, without '@'), or 0. */
export function aclCategoryByName(p: usize, n: u32): u32 {
  for (let i = 0; i < ACL_CATEGORY_COUNT; i++) if (eqLit(p, n, ACL_CATEGORY_NAMES[i])) return 1 << i;
  return 0;
}

/** Categories implied by command flags alone (Redis adds these to a command's declared ones). */
function impliedAclCategories(flags: u32, declared: u32): u32 {
  let m = declared;
  if (flags & CMD_WRITE) m |= ACL_WRITE;
  if ((flags & CMD_READONLY) != 0 && (m & ACL_SCRIPTING) == 0) m |= ACL_READ;
  if (flags & CMD_ADMIN) m |= ACL_ADMIN | ACL_DANGEROUS;
  if (flags & CMD_PUBSUB) m |= ACL_PUBSUB;
  if (flags & CMD_FAST) m |= ACL_FAST;
  if (flags & CMD_BLOCKING) m |= ACL_BLOCKING;
  if ((m & ACL_FAST) == 0) m |= ACL_SLOW;
  return m;
}

/** The ACL category mask of a command (or subcommand). */
export function commandAclCategories(cmd: Command): u32 {
  const m = metaIndex(cmd);
  return m >= 0 ? META_ACL[m] : impliedAclCategories(cmd.flags, 0);
}

// ---- metadata lookup ---------------------------------------------------------------------------
// metaOf[cmd.id] = row in commanddocs.ts, or -1; built once all commands are registered.
let metaOf: StaticArray<i16> = new StaticArray<i16>(0);

function findMeta(name: string): i32 {
  let lo = 0, hi = META_COUNT - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = META_NAME[mid];
    if (v == name) return mid;
    if (v < name) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

export function metaIndex(cmd: Command): i32 {
  if (cmd.id < metaOf.length) return metaOf[cmd.id];
  return findMeta(cmd.fullName);
}

// ---- low-level reply pieces from string literals -----------------------------------------------

/** A bulk string of s[start..start+n); each char is one byte (the generator stores UTF-8 that way). */
function addBulkSlice(c: Client, s: string, start: i32, n: i32): void {
  if (c.flags & CF_NO_REPLY_MASK) return;
  const d = obufReserve(c, <u32>n + 24);
  if (d == 0) return;
  store<u8>(d, 0x24);
  const k = ll2string(d + 1, n);
  store<u16>(d + 1 + k, 0x0a0d);
  const body = d + 3 + k;
  for (let i = 0; i < n; i++) store<u8>(body + i, <u8>s.charCodeAt(start + i));
  store<u16>(body + n, 0x0a0d);
  if (c.olen == 0) markPending(c);
  c.olen += k + 5 + <u32>n;
}

// Flags COMMAND INFO never shows (Redis hides them on purpose).
const HIDDEN_FLAGS: u32 = CMD_MAY_REPLICATE | CMD_SENTINEL | CMD_PROTECTED;

function addFlagSet(c: Client, flags: u32): void {
  const shown = flags & ~HIDDEN_FLAGS;
  let n = 0;
  for (let i = 0; i < FLAG_NAMES.length; i++) if (shown & (1 << i)) n++;
  addReplySetLen(c, n);
  for (let i = 0; i < FLAG_NAMES.length; i++) if (shown & (1 << i)) addReplyStatus(c, FLAG_NAMES[i]);
}

// Key spec flags, in COMMAND INFO / GETKEYSANDFLAGS order.
export const KEY_RO: u32 = 1 << 0;
export const KEY_RW: u32 = 1 << 1;
export const KEY_OW: u32 = 1 << 2;
export const KEY_RM: u32 = 1 << 3;
export const KEY_ACCESS: u32 = 1 << 4;
export const KEY_UPDATE: u32 = 1 << 5;
export const KEY_INSERT: u32 = 1 << 6;
export const KEY_DELETE: u32 = 1 << 7;
export const KEY_NOT_KEY: u32 = 1 << 8;
export const KEY_INCOMPLETE: u32 = 1 << 9;
export const KEY_VARIABLE_FLAGS: u32 = 1 << 10;
const KEY_FLAG_NAMES: StaticArray<string> = [
  "RO", "RW", "OW", "RM", "access", "update", "insert", "delete", "not_key", "incomplete", "variable_flags",
];

function addKeyFlagSet(c: Client, flags: u32): void {
  addReplySetLen(c, popcnt<u32>(flags & 0x7ff));
  for (let i = 0; i < KEY_FLAG_NAMES.length; i++) if (flags & (1 << i)) addReplyStatus(c, KEY_FLAG_NAMES[i]);
}

// ---- COMMAND INFO ------------------------------------------------------------------------------

function addKeySpecs(c: Client, m: i32): void {
  const from = m >= 0 ? <i32>META_KS_START[m] : 0;
  const to = m >= 0 ? <i32>META_KS_START[m + 1] : 0;
  addReplySetLen(c, to - from);
  for (let k = from; k < to; k++) {
    const r = k << 3;
    const w0 = KS[r], w1 = KS[r + 1];
    const note = w0 >>> 16;
    addReplyMapLen(c, note != 0 ? 4 : 3);
    if (note != 0) { addReplyBulkLit(c, "notes"); addReplyBulkLit(c, KS_NOTES[note]); }
    addReplyBulkLit(c, "flags");
    addKeyFlagSet(c, <u32>w0 & 0xffff);
    addReplyBulkLit(c, "begin_search");
    addReplyMapLen(c, 2);
    addReplyBulkLit(c, "type");
    const bs = w1 & 0xff;
    if (bs == 1) {
      addReplyBulkLit(c, "index");
      addReplyBulkLit(c, "spec"); addReplyMapLen(c, 1);
      addReplyBulkLit(c, "index"); addReplyLongLong(c, KS[r + 2]);
    } else if (bs == 2) {
      addReplyBulkLit(c, "keyword");
      addReplyBulkLit(c, "spec"); addReplyMapLen(c, 2);
      addReplyBulkLit(c, "keyword"); addReplyBulkLit(c, KS_WORDS[w1 >>> 8]);
      addReplyBulkLit(c, "startfrom"); addReplyLongLong(c, KS[r + 2]);
    } else {
      addReplyBulkLit(c, "unknown");
      addReplyBulkLit(c, "spec"); addReplyMapLen(c, 0);
    }
    addReplyBulkLit(c, "find_keys");
    addReplyMapLen(c, 2);
    addReplyBulkLit(c, "type");
    const fk = KS[r + 3];
    if (fk == 1) {
      addReplyBulkLit(c, "range");
      addReplyBulkLit(c, "spec"); addReplyMapLen(c, 3);
      addReplyBulkLit(c, "lastkey"); addReplyLongLong(c, KS[r + 4]);
      addReplyBulkLit(c, "keystep"); addReplyLongLong(c, KS[r + 5]);
      addReplyBulkLit(c, "limit"); addReplyLongLong(c, KS[r + 6]);
    } else if (fk == 2) {
      addReplyBulkLit(c, "keynum");
      addReplyBulkLit(c, "spec"); addReplyMapLen(c, 3);
      addReplyBulkLit(c, "keynumidx"); addReplyLongLong(c, KS[r + 4]);
      addReplyBulkLit(c, "firstkey"); addReplyLongLong(c, KS[r + 5]);
      addReplyBulkLit(c, "keystep"); addReplyLongLong(c, KS[r + 6]);
    } else {
      addReplyBulkLit(c, "unknown");
      addReplyBulkLit(c, "spec"); addReplyMapLen(c, 0);
    }
  }
}

function addTips(c: Client, m: i32): void {
  if (m < 0) { addReplySetLen(c, 0); return; }
  const t = META_TIPS[m];
  const n = t.length;
  if (n == 0) { addReplySetLen(c, 0); return; }
  let count = 1;
  for (let i = 0; i < n; i++) if (t.charCodeAt(i) == 10) count++;
  addReplySetLen(c, count);
  let start = 0;
  for (let i = 0; i <= n; i++) {
    if (i == n || t.charCodeAt(i) == 10) { addBulkSlice(c, t, start, i - start); start = i + 1; }
  }
}

/** One COMMAND INFO entry (10 elements); null for an unknown command. */
function replyCommandInfo(c: Client, cmd: Command | null): void {
  if (cmd == null) { addReplyNull(c); return; }
  const m = metaIndex(cmd);
  addReplyArrayLen(c, 10);
  addReplyBulkLit(c, cmd.fullName);
  addReplyLongLong(c, cmd.arity);
  addFlagSet(c, cmd.flags);
  addReplyLongLong(c, cmd.firstKey);
  addReplyLongLong(c, cmd.lastKey);
  addReplyLongLong(c, cmd.step);
  const acl = commandAclCategories(cmd);
  addReplySetLen(c, popcnt<u32>(acl));
  for (let i = 0; i < ACL_CATEGORY_COUNT; i++) if (acl & (1 << i)) addReplyStatus(c, ACL_CATEGORY_STATUS[i]);
  addTips(c, m);
  addKeySpecs(c, m);
  const subs = cmd.subs;
  // Redis answers an empty set, but an array when there are subcommands.
  if (subs == null) { addReplySetLen(c, 0); return; }
  addReplyArrayLen(c, subs.length);
  for (let i = 0; i < subs.length; i++) replyCommandInfo(c, subs[i]);
}

// ---- COMMAND DOCS ------------------------------------------------------------------------------
// The docs token strings (format in commanddocs.ts's header) are rendered straight into the reply.

let lastBStart: i32 = 0;
let lastBLen: i32 = 0;

@inline function tokCount(s: string, pos: i32): i32 { return s.charCodeAt(pos) - 0x30; }

/** Renders the value starting at s[pos]; returns the position after it. */
function renderTokens(c: Client, s: string, pos: i32): i32 {
  const t = s.charCodeAt(pos);
  if (t == 0x42) { // B text \x1f
    let e = pos + 1;
    while (s.charCodeAt(e) != 0x1f) e++;
    lastBStart = pos + 1; lastBLen = e - pos - 1;
    addBulkSlice(c, s, lastBStart, lastBLen);
    return e + 1;
  }
  if (t == 0x44) { addReplyBulkLit(c, DICT[tokCount(s, pos + 1)]); return pos + 2; } // D i
  if (t == 0x52) { addBulkSlice(c, s, lastBStart, lastBLen); return pos + 1; }     // R
  if (t == 0x54) { addReplyStatus(c, DICT[tokCount(s, pos + 1)]); return pos + 2; } // T i
  if (t == 0x49) { addReplyLongLong(c, tokCount(s, pos + 1)); return pos + 2; }     // I n
  const n = tokCount(s, pos + 1);
  let items = n;
  if (t == 0x4d) { addReplyMapLen(c, n); items = n * 2; }  // M
  else if (t == 0x53) addReplySetLen(c, n);                // S
  else addReplyArrayLen(c, n);                             // A
  pos += 2;
  for (let i = 0; i < items; i++) pos = renderTokens(c, s, pos);
  return pos;
}

function replyCommandDocs(c: Client, cmd: Command): void {
  const m = metaIndex(cmd);
  const subs = cmd.subs;
  const extra = subs != null ? 1 : 0;
  if (m >= 0) {
    const s = META_DOCS[m];
    const pairs = tokCount(s, 1); // the string opens with "M n"
    addReplyMapLen(c, pairs + extra);
    let pos = 2;
    lastBLen = 0;
    for (let i = 0; i < pairs * 2; i++) pos = renderTokens(c, s, pos);
  } else {
    addReplyMapLen(c, 1 + extra);
    addReplyBulkLit(c, "group");
    addReplyBulkLit(c, cmd.group);
  }
  if (subs != null) {
    addReplyBulkLit(c, "subcommands");
    addReplyMapLen(c, subs.length);
    for (let i = 0; i < subs.length; i++) {
      addReplyBulkLit(c, subs[i].fullName);
      replyCommandDocs(c, subs[i]);
    }
  }
}

// ---- name lookup ---------------------------------------------------------------------------------

/** "name" or "container|sub" (strict: a subcommand name only for a container). */
function lookupByFullName(p: usize, n: u32): Command | null {
  let bar: i32 = -1;
  for (let i: u32 = 0; i < n; i++) {
    if (load<u8>(p + i) == 0x7c) {
      if (bar >= 0) return null; // more than one level
      bar = <i32>i;
    }
  }
  if (n == 0) return null;
  if (bar < 0) return lookupCommand(p, n);
  const base = lookupCommand(p, <u32>bar);
  if (base == null || base.subs == null) return null;
  return lookupSubcommand(base, p + <u32>bar + 1, n - <u32>bar - 1);
}

// ---- COMMAND subcommands ---------------------------------------------------------------------

function commandCommand(c: Client): void {
  addReplyArrayLen(c, topLevel.length);
  for (let i = 0; i < topLevel.length; i++) replyCommandInfo(c, topLevel[i]);
}

function commandCountCommand(c: Client): void { addReplyLongLong(c, topLevel.length); }

function commandInfoCommand(c: Client): void {
  if (c.argc == 2) { commandCommand(c); return; }
  addReplyArrayLen(c, c.argc - 2);
  for (let i: u32 = 2; i < c.argc; i++) replyCommandInfo(c, lookupByFullName(argPtr(c, i), argLen(c, i)));
}

function commandDocsCommand(c: Client): void {
  if (c.argc == 2) {
    addReplyMapLen(c, topLevel.length);
    for (let i = 0; i < topLevel.length; i++) {
      addReplyBulkLit(c, topLevel[i].fullName);
      replyCommandDocs(c, topLevel[i]);
    }
    return;
  }
  const h = addReplyDeferredLen(c);
  let n = 0;
  for (let i: u32 = 2; i < c.argc; i++) {
    const cmd = lookupByFullName(argPtr(c, i), argLen(c, i));
    if (cmd == null) continue;
    addReplyBulkLit(c, cmd.fullName);
    replyCommandDocs(c, cmd);
    n++;
  }
  setDeferredMapLen(c, h, n);
}

const FILTER_NONE = 0;
const FILTER_MODULE = 1;
const FILTER_ACLCAT = 2;
const FILTER_PATTERN = 3;

function listFilterMatches(cmd: Command, kind: i32, cat: u32, p: usize, n: u32): bool {
  if (kind == FILTER_NONE) return true;
  if (kind == FILTER_MODULE) return false; // no modules
  if (kind == FILTER_ACLCAT) return cat != 0 && (commandAclCategories(cmd) & cat) != 0;
  const name = cmd.fullName;
  const len = name.length;
  const tmp = memory.data(256);
  if (len > 256) return false;
  for (let i = 0; i < len; i++) store<u8>(tmp + i, <u8>name.charCodeAt(i));
  return stringmatchlen(p, n, tmp, <u32>len, true);
}

function commandListCommand(c: Client): void {
  let kind = FILTER_NONE;
  let fp: usize = 0, fn: u32 = 0;
  for (let i: u32 = 2; i < c.argc; i++) {
    const more = c.argc - 1 - i;
    if (eqLit(argPtr(c, i), argLen(c, i), "filterby") && more == 2) {
      const tp = argPtr(c, i + 1), tn = argLen(c, i + 1);
      if (eqLit(tp, tn, "module")) kind = FILTER_MODULE;
      else if (eqLit(tp, tn, "aclcat")) kind = FILTER_ACLCAT;
      else if (eqLit(tp, tn, "pattern")) kind = FILTER_PATTERN;
      else { addReplyError(c, ERR_SYNTAX); return; }
      fp = argPtr(c, i + 2); fn = argLen(c, i + 2);
      i += 2;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return;
    }
  }
  const cat = kind == FILTER_ACLCAT ? aclCategoryByName(fp, fn) : 0;
  const h = addReplyDeferredLen(c);
  let n = 0;
  for (let i = 0; i < topLevel.length; i++) {
    const cmd = topLevel[i];
    if (listFilterMatches(cmd, kind, cat, fp, fn)) { addReplyBulkLit(c, cmd.fullName); n++; }
    const subs = cmd.subs;
    if (subs == null) continue;
    for (let j = 0; j < subs.length; j++) {
      if (listFilterMatches(subs[j], kind, cat, fp, fn)) { addReplyBulkLit(c, subs[j].fullName); n++; }
    }
  }
  setDeferredArrayLen(c, h, n);
}

const HELP_LINES: StaticArray<string> = [
  "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "(no subcommand)",
  "    Return details about all Redis commands.",
  "COUNT",
  "    Return the total number of commands in this Redis server.",
  "LIST",
  "    Return a list of all commands in this Redis server.",
  "INFO [<command-name> ...]",
  "    Return details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "DOCS [<command-name> ...]",
  "    Return documentation details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "GETKEYS <full-command>",
  "    Return the keys from a full Redis command.",
  "GETKEYSANDFLAGS <full-command>",
  "    Return the keys and the access flags from a full Redis command.",
  "HELP",
  "    Prints this help.",
];

function commandHelpCommand(c: Client): void {
  addReplyArrayLen(c, HELP_LINES.length);
  for (let i = 0; i < HELP_LINES.length; i++) addReplyStatus(c, HELP_LINES[i]);
}

// ---- key extraction ------------------------------------------------------------------------------
// A key result buffer holds (argument index, key flags) pairs of u32; indexes are relative to the
// examined command's own argv (0 = its name), which starts at c.argv[base].

/** The largest number of keys getKeys can return for an argv of `argc` arguments. */
export function getKeysCapacity(cmd: Command, argc: u32): u32 {
  const m = metaIndex(cmd);
  const specs = m >= 0 ? <u32>(META_KS_START[m + 1] - META_KS_START[m]) : 1;
  return (specs > 0 ? specs : 1) * argc + 1;
}

@inline function putKey(out: usize, n: i32, pos: i32, flags: u32): void {
  store<u32>(out + (<usize>n << 3), pos);
  store<u32>(out + (<usize>n << 3) + 4, flags);
}

/** Does the command have keys at all (a key spec that is not NOT_KEY, or a procedure)? */
export function commandHasKeys(cmd: Command): bool {
  const m = metaIndex(cmd);
  if (m < 0) return cmd.firstKey != 0;
  if (META_PROC[m] != 0) return true;
  for (let k = <i32>META_KS_START[m]; k < <i32>META_KS_START[m + 1]; k++) if ((KS[k << 3] & KEY_NOT_KEY) == 0) return true;
  return false;
}

/**
 * Keys from the key specs, as Redis's default search does (NOT_KEY specs skipped). Returns the
 * number of keys, or -1 when a spec cannot be applied to this argv (unknown or incomplete spec, bad
 * numkeys, out of range).
 */
function keysFromSpecs(c: Client, base: u32, argc: i32, cmd: Command, m: i32, out: usize): i32 {
  let n = 0;
  const specFrom = m >= 0 ? <i32>META_KS_START[m] : 0;
  const specTo = m >= 0 ? <i32>META_KS_START[m + 1] : 1; // no metadata: the table's legacy range
  for (let k = specFrom; k < specTo; k++) {
    let flags: u32, bsType: i32, bsArg: i32, word: i32 = 0, fkType: i32, a: i32, b: i32, l: i32;
    if (m >= 0) {
      const r = k << 3;
      flags = <u32>KS[r] & 0xffff; bsType = KS[r + 1] & 0xff; word = KS[r + 1] >>> 8; bsArg = KS[r + 2];
      fkType = KS[r + 3]; a = KS[r + 4]; b = KS[r + 5]; l = KS[r + 6];
    } else {
      flags = 0; bsType = 1; bsArg = cmd.firstKey; fkType = 1;
      a = cmd.lastKey < 0 ? cmd.lastKey : cmd.lastKey - cmd.firstKey; b = cmd.step; l = 0;
    }
    if (flags & KEY_NOT_KEY) continue;
    let first: i32 = 0;
    if (bsType == 1) first = bsArg;
    else if (bsType == 2) {
      const kw = KS_WORDS[word];
      const fwd = bsArg > 0;
      let i = fwd ? bsArg : argc + bsArg;
      const end = fwd ? argc - 1 : 1;
      while (i != end) {
        if (i >= argc || i < 1) break;
        if (eqLit(argPtr(c, base + i), argLen(c, base + i), kw)) { first = i + 1; break; }
        i = fwd ? i + 1 : i - 1;
      }
      if (first == 0) continue; // keyword absent: this spec has no keys here
    } else return -1;
    let last: i32, step: i32;
    if (fkType == 1) {
      step = b;
      if (a >= 0) last = first + a;
      else if (l == 0) last = argc + a;
      else last = first + ((argc - first) / l + a);
    } else if (fkType == 2) {
      step = l;
      if (a >= argc || first + a >= argc) return -1;
      if (!string2ll(argPtr(c, base + first + a), argLen(c, base + first + a)) || parsedInt < 0) return -1;
      const numkeys = parsedInt;
      first += b;
      if (numkeys > <i64>argc) return -1;
      last = first + <i32>numkeys - 1;
    } else return -1;
    if (last >= argc || last < first || first >= argc) return -1;
    if (step <= 0) step = 1;
    for (let i = first; i <= last; i += step) putKey(out, n++, i, flags);
    if (flags & KEY_INCOMPLETE) return -1;
  }
  return n;
}

// Procedures for commands whose keys the specs cannot describe exactly; an id is the procedure's index
// in PROCS of scripts/gen-command-docs.js, which writes it to META_PROC.
const PROC_SET = 1;
const PROC_BITFIELD = 2;
const PROC_SORT = 3;
const PROC_SORT_RO = 4;
const PROC_MIGRATE = 5;
const PROC_GEORADIUS = 6;
const PROC_XREAD = 7;
const PROC_EVAL = 8;
const PROC_FUNCTION = 9;
const PROC_LMPOP = 10;
const PROC_BLMPOP = 11;
const PROC_ZMPOP = 12;
const PROC_SINTERCARD = 13;
const PROC_ZSETOP = 14;
const PROC_ZSETOP_STORE = 15;

@inline function argIs(c: Client, base: u32, i: i32, lit: string): bool {
  return eqLit(argPtr(c, base + i), argLen(c, base + i), lit);
}

/** C atoi(): leading blanks, optional sign, digits; anything else ends it (0 if none). */
function atoiArg(c: Client, base: u32, i: i32): i64 {
  const p = argPtr(c, base + i), n = argLen(c, base + i);
  let j: u32 = 0;
  while (j < n && (load<u8>(p + j) == 32 || (load<u8>(p + j) >= 9 && load<u8>(p + j) <= 13))) j++;
  let neg = false;
  if (j < n && (load<u8>(p + j) == 45 || load<u8>(p + j) == 43)) { neg = load<u8>(p + j) == 45; j++; }
  let v: i64 = 0;
  while (j < n && load<u8>(p + j) >= 48 && load<u8>(p + j) <= 57) {
    v = v * 10 + <i64>(load<u8>(p + j) - 48);
    if (v > 0x7fffffff) v = 0x7fffffff;
    j++;
  }
  return neg ? -v : v;
}

/** numkeys at keyCountAt, keys from firstKeyAt, and an optional destination at storeAt (flags 0). */
function genericKeys(c: Client, base: u32, argc: i32, storeAt: i32, keyCountAt: i32, firstKeyAt: i32, out: usize): i32 {
  const num = atoiArg(c, base, keyCountAt);
  if (num < 1 || num > <i64>(argc - firstKeyAt)) return 0;
  let n = 0;
  for (let i = 0; i < <i32>num; i++) putKey(out, n++, firstKeyAt + i, 0);
  if (storeAt != 0) putKey(out, n++, storeAt, 0);
  return n;
}

function keysFromProc(c: Client, base: u32, argc: i32, proc: i32, out: usize): i32 {
  switch (proc) {
    case PROC_SET: {
      for (let i = 3; i < argc; i++) {
        if (argIs(c, base, i, "get")) { putKey(out, 0, 1, KEY_RW | KEY_ACCESS | KEY_UPDATE); return 1; }
      }
      putKey(out, 0, 1, KEY_OW | KEY_UPDATE);
      return 1;
    }
    case PROC_BITFIELD: {
      // read-only unless a SET/INCRBY (or anything unparsable) appears
      let readonly = true;
      for (let i = 2; i < argc; i++) {
        const rem = argc - i - 1;
        if (argIs(c, base, i, "get") && rem >= 2) i += 2;
        else if ((argIs(c, base, i, "set") || argIs(c, base, i, "incrby")) && rem >= 3) { readonly = false; break; }
        else if (argIs(c, base, i, "overflow") && rem >= 1) i += 1;
        else { readonly = false; break; }
      }
      putKey(out, 0, 1, readonly ? KEY_RO | KEY_ACCESS : KEY_RW | KEY_ACCESS | KEY_UPDATE);
      return 1;
    }
    case PROC_SORT_RO:
      putKey(out, 0, 1, KEY_RO | KEY_ACCESS);
      return 1;
    case PROC_SORT: {
      // the last STORE with a following argument names the destination; LIMIT/GET/BY skip theirs
      putKey(out, 0, 1, KEY_RO | KEY_ACCESS);
      let store: i32 = 0;
      for (let i = 2; i < argc; i++) {
        if (argIs(c, base, i, "limit")) i += 2;
        else if (argIs(c, base, i, "get") || argIs(c, base, i, "by")) i += 1;
        else if (argIs(c, base, i, "store") && i + 1 < argc) store = i + 1;
      }
      if (store == 0) return 1;
      putKey(out, 1, store, KEY_OW | KEY_UPDATE);
      return 2;
    }
    case PROC_MIGRATE: {
      // MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw | AUTH2 user pw] [KEYS k...]
      let first = 3, num = 1;
      for (let i = 6; i < argc; i++) {
        if (argIs(c, base, i, "keys")) {
          if (argLen(c, base + 3) > 0) num = 0; // a key and KEYS together: a syntax error later
          else { first = i + 1; num = argc - first; }
          break;
        }
        if (argIs(c, base, i, "auth")) i += 1;
        else if (argIs(c, base, i, "auth2")) i += 2;
      }
      for (let i = 0; i < num; i++) putKey(out, i, first + i, KEY_RW | KEY_ACCESS | KEY_DELETE);
      return num;
    }
    case PROC_GEORADIUS: {
      let stored: i32 = -1;
      for (let i = 5; i < argc; i++) {
        if ((argIs(c, base, i, "store") || argIs(c, base, i, "storedist")) && i + 1 < argc) { stored = i + 1; i++; }
      }
      putKey(out, 0, 1, 0);
      if (stored < 0) return 1;
      putKey(out, 1, stored, 0);
      return 2;
    }
    case PROC_XREAD: {
      let streams: i32 = -1;
      for (let i = 1; i < argc; i++) {
        if (argIs(c, base, i, "block") || argIs(c, base, i, "count")) i++;
        else if (argIs(c, base, i, "group")) i += 2;
        else if (argIs(c, base, i, "noack")) {}
        else { if (argIs(c, base, i, "streams")) streams = i; break; }
      }
      if (streams < 0) return 0;
      const rest = argc - streams - 1;
      if (rest == 0 || (rest & 1) != 0) return 0;
      const num = rest >> 1;
      for (let i = 0; i < num; i++) putKey(out, i, streams + 1 + i, 0);
      return num;
    }
    case PROC_EVAL: case PROC_FUNCTION: case PROC_BLMPOP:
      return genericKeys(c, base, argc, 0, 2, 3, out);
    case PROC_LMPOP: case PROC_ZMPOP: case PROC_SINTERCARD: case PROC_ZSETOP:
      return genericKeys(c, base, argc, 0, 1, 2, out);
    case PROC_ZSETOP_STORE:
      return genericKeys(c, base, argc, 1, 2, 3, out);
  }
  return 0;
}

/**
 * The keys of the command in c.argv[base..c.argc), which must resolve to `cmd` and satisfy its
 * arity. Writes (index, flags) pairs to `out` (room for getKeysCapacity entries) and returns their
 * number; 0 means none could be found. Key specs are preferred when they exist and their flags do
 * not depend on the arguments; otherwise, or when they do not fit this argv, the command's
 * procedure decides.
 */
export function getKeys(c: Client, base: u32, cmd: Command, out: usize): i32 {
  const argc = <i32>(c.argc - base);
  const m = metaIndex(cmd);
  let hasSpec = false, varFlags = false;
  if (m >= 0) {
    for (let k = <i32>META_KS_START[m]; k < <i32>META_KS_START[m + 1]; k++) {
      const f = <u32>KS[k << 3];
      if ((f & KEY_NOT_KEY) == 0) hasSpec = true;
      if (f & KEY_VARIABLE_FLAGS) varFlags = true;
    }
  } else hasSpec = cmd.firstKey != 0;
  if (hasSpec && !varFlags) {
    const n = keysFromSpecs(c, base, argc, cmd, m, out);
    if (n >= 0) return n;
  }
  if (m >= 0 && META_PROC[m] != 0) return keysFromProc(c, base, argc, META_PROC[m], out);
  return 0;
}

function getKeysSubcommand(c: Client, withFlags: bool): void {
  const base: u32 = 2;
  const argc = c.argc - base;
  let cmd = lookupCommand(argPtr(c, base), argLen(c, base));
  if (cmd != null && argc > 1 && cmd.subs != null) cmd = lookupSubcommand(cmd, argPtr(c, base + 1), argLen(c, base + 1));
  if (cmd == null) { addReplyError(c, "ERR Invalid command specified"); return; }
  if (!commandHasKeys(cmd)) { addReplyError(c, "ERR The command has no key arguments"); return; }
  if ((cmd.arity > 0 && <u32>cmd.arity != argc) || <i64>argc < <i64>(-cmd.arity)) {
    addReplyError(c, "ERR Invalid number of arguments specified for command");
    return;
  }
  const cap = getKeysCapacity(cmd, argc);
  const out = alloc(cap << 3);
  const n = getKeys(c, base, cmd, out);
  if (n == 0) {
    if (cmd.flags & CMD_NO_MANDATORY_KEYS) addReplyArrayLen(c, 0);
    else addReplyError(c, "ERR Invalid arguments specified for command");
  } else {
    addReplyArrayLen(c, n);
    for (let i = 0; i < n; i++) {
      const pos = load<u32>(out + (<usize>i << 3));
      if (withFlags) addReplyArrayLen(c, 2);
      addReplyBulk(c, argPtr(c, base + pos), argLen(c, base + pos));
      if (withFlags) addKeyFlagSet(c, load<u32>(out + (<usize>i << 3) + 4));
    }
  }
  free(out);
}

function commandGetKeysCommand(c: Client): void { getKeysSubcommand(c, false); }
function commandGetKeysAndFlagsCommand(c: Client): void { getKeysSubcommand(c, true); }

// ---- registration --------------------------------------------------------------------------------

/** Registers COMMAND; must run after every other command family (it indexes the whole table). */
export function registerIntrospectionCommands(): void {
  const F = CMD_LOADING | CMD_STALE | CMD_SENTINEL;
  const cmd = def("command", -1, F, 0, 0, 0, "server", commandCommand);
  sub(cmd, "count", 2, F, 0, 0, 0, commandCountCommand);
  sub(cmd, "docs", -2, F, 0, 0, 0, commandDocsCommand);
  sub(cmd, "getkeys", -3, F, 0, 0, 0, commandGetKeysCommand);
  sub(cmd, "getkeysandflags", -3, F, 0, 0, 0, commandGetKeysAndFlagsCommand);
  sub(cmd, "help", 2, F, 0, 0, 0, commandHelpCommand);
  sub(cmd, "info", -2, F, 0, 0, 0, commandInfoCommand);
  sub(cmd, "list", -2, F, 0, 0, 0, commandListCommand);
  const map = new StaticArray<i16>(commands.length);
  for (let i = 0; i < commands.length; i++) map[i] = <i16>findMeta(commands[i].fullName);
  metaOf = map;
}
