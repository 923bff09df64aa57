// Server commands: DBSIZE FLUSHDB FLUSHALL TIME CONFIG(host) SHUTDOWN(host) ...
import { Client, argPtr, argLen } from "./client";
import { def, sub, CMD_WRITE, CMD_READONLY, CMD_FAST, CMD_ADMIN, CMD_NOSCRIPT, CMD_LOADING, CMD_STALE, CMD_HOST, CMD_SENTINEL, CMD_NO_ASYNC_LOADING, CMD_ALLOW_BUSY } from "./commands";
import { S } from "./state";
import { cdb } from "./cmdutil";
import { dbAt, dbCount, dbEmpty } from "./db";
import { addReplyLongLong, addReplyOK, addReplyArrayLen, addReplyBulkLongLong, addReplyError } from "./reply";
import { eqLit } from "../util/bytes";
import { ERR_SYNTAX } from "./errors";

function dbsizeCommand(c: Client): void { addReplyLongLong(c, dbCount(cdb(c))); }

/** FLUSHDB/FLUSHALL accept an optional ASYNC or SYNC; both run synchronously here. */
function flushFlagsOk(c: Client): bool {
  if (c.argc > 2) { addReplyError(c, ERR_SYNTAX); return false; }
  if (c.argc == 2 && !eqLit(argPtr(c, 1), argLen(c, 1), "sync") && !eqLit(argPtr(c, 1), argLen(c, 1), "async")) {
    addReplyError(c, ERR_SYNTAX); return false;
  }
  return true;
}

function flushdbCommand(c: Client): void {
  if (!flushFlagsOk(c)) return;
  S().dirty += dbEmpty(cdb(c));
  addReplyOK(c);
}

function flushallCommand(c: Client): void {
  if (!flushFlagsOk(c)) return;
  const s = S();
  for (let i: u32 = 0; i < <u32>s.databases; i++) s.dirty += dbEmpty(dbAt(i));
  s.dirty++;
  addReplyOK(c);
}

function timeCommand(c: Client): void {
  const us = S().nowUs;
  addReplyArrayLen(c, 2);
  addReplyBulkLongLong(c, us / 1000000);
  addReplyBulkLongLong(c, us % 1000000);
}

export function registerServerCommands(): void {
  const G = "server";
  def("dbsize", 1, CMD_READONLY | CMD_FAST, 0, 0, 0, G, dbsizeCommand);
  def("flushall", -1, CMD_WRITE, 0, 0, 0, G, flushallCommand);
  def("flushdb", -1, CMD_WRITE, 0, 0, 0, G, flushdbCommand);
  def("time", 1, CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0, G, timeCommand);
  const config = def("config", -2, 0, 0, 0, 0, G, null);
  const CF = CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_HOST;
  sub(config, "get", -3, CF, 0, 0, 0, null);
  sub(config, "help", 2, CMD_LOADING | CMD_STALE | CMD_HOST, 0, 0, 0, null);
  sub(config, "resetstat", 2, CF, 0, 0, 0, null);
  sub(config, "rewrite", 2, CF, 0, 0, 0, null);
  sub(config, "set", -4, CF, 0, 0, 0, null);
  def("shutdown", -1, CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_NO_ASYNC_LOADING | CMD_ALLOW_BUSY | CMD_HOST, 0, 0, 0, G, null);
}
