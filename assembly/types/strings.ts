// String commands. Values are stored by server/kv.ts (int / embstr / raw shapes).
import { Client, argPtr, argLen } from "../server/client";
import { def, CMD_WRITE, CMD_READONLY, CMD_DENYOOM, CMD_FAST } from "../server/commands";
import { S } from "../server/state";
import { cdb } from "../server/cmdutil";
import { lookupKeyRead, lookupKeyWrite, dbSet, dbDelete } from "../server/db";
import { kvNewString, kvStr, strPtr, strLen, OBJ_STRING } from "../server/kv";
import { eType, eHasExpire, eExpireAt } from "../ds/entry";
import { addReplyOK, addReplyBulk, addReplyNull, addReplyError, errBegin, errLit, errEnd } from "../server/reply";
import { eqLit } from "../util/bytes";
import { string2ll, parsedInt } from "../util/numbers";
import { ERR_SYNTAX, ERR_WRONGTYPE, ERR_NOT_INTEGER } from "../server/errors";
import { CF_NO_TOUCH } from "../server/client";

// SET flags
const SET_NX: u32 = 1 << 0;
const SET_XX: u32 = 1 << 1;
const SET_GET: u32 = 1 << 2;
const SET_KEEPTTL: u32 = 1 << 3;
const SET_EX: u32 = 1 << 4;
const SET_PX: u32 = 1 << 5;
const SET_EXAT: u32 = 1 << 6;
const SET_PXAT: u32 = 1 << 7;
const SET_EXPIRE_MASK: u32 = SET_EX | SET_PX | SET_EXAT | SET_PXAT;

@inline export function touchAllowed(c: Client): bool { return (c.flags & CF_NO_TOUCH) == 0; }

function replyInvalidExpire(c: Client, cmdName: string): void {
  errBegin(c); errLit(c, "ERR invalid expire time in '"); errLit(c, cmdName); errLit(c, "' command"); errEnd(c);
}

/**
 * Turns an expire argument into an absolute unix time in ms, or replies an error and returns
 * i64.MIN_VALUE. Mirrors Redis: non-positive values and overflow are "invalid expire time".
 */
export function expireArgToAbsMs(c: Client, i: u32, flags: u32, cmdName: string): i64 {
  if (!string2ll(argPtr(c, i), argLen(c, i))) { addReplyError(c, ERR_NOT_INTEGER); return i64.MIN_VALUE; }
  let ms = parsedInt;
  const seconds = (flags & (SET_EX | SET_EXAT)) != 0;
  if (ms <= 0 || (seconds && ms > i64.MAX_VALUE / 1000)) { replyInvalidExpire(c, cmdName); return i64.MIN_VALUE; }
  if (seconds) ms *= 1000;
  if ((flags & (SET_EX | SET_PX)) != 0) {
    const now = S().nowMs;
    if (ms > i64.MAX_VALUE - now) { replyInvalidExpire(c, cmdName); return i64.MIN_VALUE; }
    ms += now;
  }
  return ms;
}

function setGeneric(c: Client, flags: u32, expireArg: u32, cmdName: string): void {
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const vp = argPtr(c, 2), vl = argLen(c, 2);
  let when: i64 = -1;
  if ((flags & SET_EXPIRE_MASK) != 0) {
    when = expireArgToAbsMs(c, expireArg, flags, cmdName);
    if (when == i64.MIN_VALUE) return;
  }
  const db = cdb(c);
  const old = (flags & SET_GET) != 0 ? lookupKeyRead(db, kp, kl, touchAllowed(c)) : lookupKeyWrite(db, kp, kl);
  if ((flags & SET_GET) != 0 && old != 0 && eType(old) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return; }
  if (((flags & SET_NX) != 0 && old != 0) || ((flags & SET_XX) != 0 && old == 0)) {
    if ((flags & SET_GET) != 0) replyStringOrNull(c, old); else addReplyNull(c);
    return;
  }
  if ((flags & SET_GET) != 0) replyStringOrNull(c, old);
  if ((flags & SET_KEEPTTL) != 0 && old != 0 && eHasExpire(old)) when = eExpireAt(old);
  const s = S();
  s.dirty++;
  if (when != -1 && when <= s.nowMs) {
    // already expired: the write is a deletion (Redis propagates it as DEL)
    if (old != 0) dbDelete(db, kp, kl);
  } else {
    dbSet(db, kvNewString(kp, kl, vp, vl, when));
  }
  if ((flags & SET_GET) == 0) addReplyOK(c);
}

function replyStringOrNull(c: Client, e: usize): void {
  if (e == 0) { addReplyNull(c); return; }
  kvStr(e);
  addReplyBulk(c, strPtr, strLen);
}

function setCommand(c: Client): void {
  let flags: u32 = 0;
  let expireArg: u32 = 0;
  for (let i: u32 = 3; i < c.argc; i++) {
    const p = argPtr(c, i), n = argLen(c, i);
    const hasNext = i + 1 < c.argc;
    if (eqLit(p, n, "nx") && (flags & (SET_XX)) == 0) flags |= SET_NX;
    else if (eqLit(p, n, "xx") && (flags & SET_NX) == 0) flags |= SET_XX;
    else if (eqLit(p, n, "get")) flags |= SET_GET;
    else if (eqLit(p, n, "keepttl") && (flags & SET_EXPIRE_MASK) == 0) flags |= SET_KEEPTTL;
    else if (eqLit(p, n, "ex") && (flags & (SET_KEEPTTL | SET_EXPIRE_MASK)) == 0 && hasNext) { flags |= SET_EX; expireArg = ++i; }
    else if (eqLit(p, n, "px") && (flags & (SET_KEEPTTL | SET_EXPIRE_MASK)) == 0 && hasNext) { flags |= SET_PX; expireArg = ++i; }
    else if (eqLit(p, n, "exat") && (flags & (SET_KEEPTTL | SET_EXPIRE_MASK)) == 0 && hasNext) { flags |= SET_EXAT; expireArg = ++i; }
    else if (eqLit(p, n, "pxat") && (flags & (SET_KEEPTTL | SET_EXPIRE_MASK)) == 0 && hasNext) { flags |= SET_PXAT; expireArg = ++i; }
    else { addReplyError(c, ERR_SYNTAX); return; }
  }
  setGeneric(c, flags, expireArg, "set");
}

function setnxCommand(c: Client): void {
  const db = cdb(c);
  if (lookupKeyWrite(db, argPtr(c, 1), argLen(c, 1)) != 0) { addReplyLongLong0(c); return; }
  dbSet(db, kvNewString(argPtr(c, 1), argLen(c, 1), argPtr(c, 2), argLen(c, 2), -1));
  S().dirty++;
  addReplyLongLong1(c);
}
import { addReplyLongLong } from "../server/reply";
@inline function addReplyLongLong0(c: Client): void { addReplyLongLong(c, 0); }
@inline function addReplyLongLong1(c: Client): void { addReplyLongLong(c, 1); }

/** SETEX key seconds value / PSETEX key ms value: SET with the value and expire swapped. */
function setexGeneric(c: Client, unitFlag: u32, cmdName: string): void {
  const when = expireArgToAbsMs(c, 2, unitFlag, cmdName);
  if (when == i64.MIN_VALUE) return;
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  S().dirty++;
  dbSet(db, kvNewString(kp, kl, argPtr(c, 3), argLen(c, 3), when));
  addReplyOK(c);
}
function setexCommand(c: Client): void { setexGeneric(c, SET_EX, "setex"); }
function psetexCommand(c: Client): void { setexGeneric(c, SET_PX, "psetex"); }

function getCommand(c: Client): void {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyNull(c); return; }
  if (eType(e) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return; }
  kvStr(e);
  addReplyBulk(c, strPtr, strLen);
}

export function registerStringCommands(): void {
  const G = "string";
  def("get", 2, CMD_READONLY | CMD_FAST, 1, 1, 1, G, getCommand);
  def("set", -3, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, G, setCommand);
  def("setnx", 3, CMD_WRITE | CMD_DENYOOM | CMD_FAST, 1, 1, 1, G, setnxCommand);
  def("setex", 4, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, G, setexCommand);
  def("psetex", 4, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, G, psetexCommand);
}
