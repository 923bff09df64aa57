// Generic key commands (any type): DEL EXISTS TYPE EXPIRE TTL SCAN RENAME ...
import { Client, argPtr, argLen } from "../server/client";
import { def, CMD_WRITE, CMD_READONLY, CMD_FAST } from "../server/commands";
import { S } from "../server/state";
import { cdb } from "../server/cmdutil";
import { dbDelete, dbLookup } from "../server/db";
import { addReplyLongLong } from "../server/reply";

function delGeneric(c: Client): void {
  const db = cdb(c);
  let n: i64 = 0;
  for (let i: u32 = 1; i < c.argc; i++) {
    // an expired key counts as absent: dbLookup removes it first
    if (dbLookup(db, argPtr(c, i), argLen(c, i)) != 0 && dbDelete(db, argPtr(c, i), argLen(c, i))) n++;
  }
  S().dirty += n;
  addReplyLongLong(c, n);
}
function delCommand(c: Client): void { delGeneric(c); }
function unlinkCommand(c: Client): void { delGeneric(c); }

function existsCommand(c: Client): void {
  const db = cdb(c);
  let n: i64 = 0;
  for (let i: u32 = 1; i < c.argc; i++) if (dbLookup(db, argPtr(c, i), argLen(c, i)) != 0) n++;
  addReplyLongLong(c, n);
}

export function registerKeyCommands(): void {
  const G = "generic";
  def("del", -2, CMD_WRITE, 1, -1, 1, G, delCommand);
  def("exists", -2, CMD_READONLY | CMD_FAST, 1, -1, 1, G, existsCommand);
  def("unlink", -2, CMD_WRITE | CMD_FAST, 1, -1, 1, G, unlinkCommand);
}
