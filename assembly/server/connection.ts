// Connection commands: PING ECHO QUIT SELECT AUTH HELLO RESET and CLIENT.
import { Client, argPtr, argLen, setOwnedBytes, CF_AUTHENTICATED, CF_CLOSE_AFTER_REPLY, CF_MONITOR, CF_NO_EVICT, CF_NO_TOUCH, CF_REPLY_OFF, CF_REPLY_SKIP_NEXT, CF_REPLY_SKIP, CF_BLOCKED, CF_PUBSUB } from "./client";
import { def, sub, CMD_FAST, CMD_NO_AUTH, CMD_LOADING, CMD_STALE, CMD_SENTINEL, CMD_NOSCRIPT, CMD_ALLOW_BUSY, CMD_ADMIN, CMD_NO_ASYNC_LOADING, CMD_SKIP_SLOWLOG, CMD_SKIP_MONITOR, CMD_TX_CONTROL, CMD_PUBSUB_CONTEXT } from "./commands";
import { S } from "./state";
import { addReplyOK, addReplyStatus, addReplyBulk, addReplyBulkLit, addReplyError, addReplyLongLong, addReplyNull, addReplyMapLen, addReplyArrayLen, errBegin, errLit, errBytes, errEnd, addReplyLit } from "./reply";
import { eqLit, bytesEq } from "../util/bytes";
import { string2ll, parsedInt } from "../util/numbers";
import { ERR_SYNTAX, ERR_DB_INDEX, ERR_NOT_INTEGER } from "./errors";
import { clientListCommand, clientInfoCommand, clientKillCommand, clientHelpCommand } from "./clientlist";
import { unblockClientOnTimeout, unblockClientOnError } from "./blocking";
import { replySubcommandSyntaxError } from "./admin";
import { multiFree } from "./multi";
import { pubsubClientReset } from "./pubsub";
import { disableTracking, registerTrackingSubcommands } from "./tracking";
import { registerPauseSubcommands } from "./pause";

export const SERVER_VERSION = "7.4.0";

function pingCommand(c: Client): void {
  if (c.argc > 2) { addReplyError(c, "ERR wrong number of arguments for 'ping' command"); return; }
  // a subscribed RESP2 client gets ["pong", arg or ""] (its replies are arrays in that context)
  if ((c.flags & CF_PUBSUB) != 0 && c.resp == 2) {
    addReplyArrayLen(c, 2);
    addReplyBulkLit(c, "pong");
    if (c.argc == 1) addReplyBulkLit(c, ""); else addReplyBulk(c, argPtr(c, 1), argLen(c, 1));
    return;
  }
  if (c.argc == 1) addReplyLit(c, "+PONG\r\n");
  else addReplyBulk(c, argPtr(c, 1), argLen(c, 1));
}

function echoCommand(c: Client): void { addReplyBulk(c, argPtr(c, 1), argLen(c, 1)); }

function quitCommand(c: Client): void {
  addReplyOK(c);
  c.flags |= CF_CLOSE_AFTER_REPLY;
}

function selectCommand(c: Client): void {
  if (!string2ll(argPtr(c, 1), argLen(c, 1))) { addReplyError(c, ERR_NOT_INTEGER); return; }
  if (parsedInt < -2147483648 || parsedInt > 2147483647) {
    addReplyError(c, "ERR value is out of range, value must between -2147483648 and 2147483647"); return;
  }
  const id = parsedInt;
  if (id < 0 || id >= <i64>S().databases) { addReplyError(c, ERR_DB_INDEX); return; }
  c.db = <u32>id;
  addReplyOK(c);
}

/** Checks a default-user password; only the "default" user exists until ACL lands. */
function checkPassword(up: usize, ul: u32, pp: usize, pl: u32): bool {
  const s = S();
  if (ul != 0 && !eqLitExact(up, ul, "default")) return false;
  if (s.requirepass == 0) return true; // default user has nopass
  return pl == s.requirepassLen && bytesEq(pp, s.requirepass, pl);
}

function eqLitExact(p: usize, n: u32, s: string): bool {
  if (<u32>s.length != n) return false;
  for (let i: u32 = 0; i < n; i++) if (load<u8>(p + i) != <u8>s.charCodeAt(i)) return false;
  return true;
}

function authCommand(c: Client): void {
  if (c.argc > 3) { addReplyError(c, ERR_SYNTAX); return; }
  const s = S();
  if (c.argc == 2 && s.requirepass == 0) {
    addReplyError(c, "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?");
    return;
  }
  let ok: bool;
  if (c.argc == 2) ok = checkPassword(0, 0, argPtr(c, 1), argLen(c, 1));
  else ok = checkPassword(argPtr(c, 1), argLen(c, 1), argPtr(c, 2), argLen(c, 2));
  if (ok) { c.flags |= CF_AUTHENTICATED; addReplyOK(c); }
  else addReplyError(c, "WRONGPASS invalid username-password pair or user is disabled.");
}

/** Client names and lib-name/lib-ver may only hold printable ASCII without spaces. */
export function validClientName(p: usize, n: u32): bool {
  for (let i: u32 = 0; i < n; i++) {
    const ch = load<u8>(p + i);
    if (ch < 33 || ch > 126) return false;
  }
  return true;
}

function helloCommand(c: Client): void {
  let ver: i64 = 0;
  let i: u32 = 1;
  if (c.argc >= 2) {
    if (!string2ll(argPtr(c, 1), argLen(c, 1))) {
      addReplyError(c, "ERR Protocol version is not an integer or out of range"); return;
    }
    ver = parsedInt;
    i = 2;
    if (ver < 2 || ver > 3) { addReplyError(c, "NOPROTO unsupported protocol version"); return; }
  }
  let authUser: usize = 0, authUserLen: u32 = 0, authPass: usize = 0, authPassLen: u32 = 0, hasAuth = false;
  let name: usize = 0, nameLen: u32 = 0, hasName = false;
  for (; i < c.argc; i++) {
    const more = c.argc - i - 1;
    if (eqLit(argPtr(c, i), argLen(c, i), "auth") && more >= 2) {
      hasAuth = true;
      authUser = argPtr(c, i + 1); authUserLen = argLen(c, i + 1);
      authPass = argPtr(c, i + 2); authPassLen = argLen(c, i + 2);
      i += 2;
    } else if (eqLit(argPtr(c, i), argLen(c, i), "setname") && more >= 1) {
      hasName = true;
      name = argPtr(c, i + 1); nameLen = argLen(c, i + 1);
      i += 1;
    } else {
      errBegin(c); errLit(c, "ERR Syntax error in HELLO option '"); errBytes(c, argPtr(c, i), argLen(c, i)); errLit(c, "'"); errEnd(c);
      return;
    }
  }
  if (hasAuth) {
    if (!checkPassword(authUser, authUserLen, authPass, authPassLen)) {
      addReplyError(c, "WRONGPASS invalid username-password pair or user is disabled."); return;
    }
    c.flags |= CF_AUTHENTICATED;
  }
  if ((c.flags & CF_AUTHENTICATED) == 0) {
    addReplyError(c, "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time");
    return;
  }
  if (hasName) {
    if (!validClientName(name, nameLen)) {
      addReplyError(c, "ERR Client names cannot contain spaces, newlines or special characters."); return;
    }
    setOwnedBytes(changetype<usize>(c) + offsetof<Client>("name"), name, nameLen);
  }
  if (ver != 0) c.resp = <u32>ver;
  addReplyMapLen(c, 7);
  addReplyBulkLit(c, "server"); addReplyBulkLit(c, "redis");
  addReplyBulkLit(c, "version"); addReplyBulkLit(c, SERVER_VERSION);
  addReplyBulkLit(c, "proto"); addReplyLongLong(c, c.resp);
  addReplyBulkLit(c, "id"); addReplyLongLong(c, <i64>c.id);
  addReplyBulkLit(c, "mode"); addReplyBulkLit(c, "standalone");
  addReplyBulkLit(c, "role"); addReplyBulkLit(c, "master");
  addReplyBulkLit(c, "modules"); addReplyArrayLen(c, 0);
}

function resetCommand(c: Client): void {
  const s = S();
  if (c.flags & CF_MONITOR) { c.flags &= ~CF_MONITOR; s.monitors--; }
  multiFree(c);
  pubsubClientReset(c);
  disableTracking(c);
  c.flags &= ~(CF_NO_EVICT | CF_NO_TOUCH | CF_REPLY_OFF | CF_REPLY_SKIP | CF_REPLY_SKIP_NEXT);
  c.db = 0;
  c.resp = 2;
  setOwnedBytes(changetype<usize>(c) + offsetof<Client>("name"), 0, 0);
  if (s.requirepass != 0) c.flags &= ~CF_AUTHENTICATED; else c.flags |= CF_AUTHENTICATED;
  addReplyStatus(c, "RESET");
}

// ---- CLIENT -----------------------------------------------------------------------------------

function clientIdCommand(c: Client): void { addReplyLongLong(c, <i64>c.id); }

function clientGetnameCommand(c: Client): void {
  if (c.nameLen == 0) addReplyNull(c); else addReplyBulk(c, c.name, c.nameLen);
}

function clientSetnameCommand(c: Client): void {
  const p = argPtr(c, 2), n = argLen(c, 2);
  if (!validClientName(p, n)) {
    addReplyError(c, "ERR Client names cannot contain spaces, newlines or special characters."); return;
  }
  setOwnedBytes(changetype<usize>(c) + offsetof<Client>("name"), p, n);
  addReplyOK(c);
}

function clientSetinfoCommand(c: Client): void {
  const ap = argPtr(c, 2), al = argLen(c, 2);
  const vp = argPtr(c, 3), vl = argLen(c, 3);
  let field: usize;
  let label: string;
  if (eqLit(ap, al, "lib-name")) { field = changetype<usize>(c) + offsetof<Client>("libName"); label = "lib-name"; }
  else if (eqLit(ap, al, "lib-ver")) { field = changetype<usize>(c) + offsetof<Client>("libVer"); label = "lib-ver"; }
  else { errBegin(c); errLit(c, "ERR Unrecognized option '"); errBytes(c, ap, al); errLit(c, "'"); errEnd(c); return; }
  if (!validClientName(vp, vl)) {
    errBegin(c); errLit(c, "ERR "); errLit(c, label); errLit(c, " cannot contain spaces, newlines or special characters."); errEnd(c);
    return;
  }
  setOwnedBytes(field, vp, vl);
  addReplyOK(c);
}

function clientReplyCommand(c: Client): void {
  const p = argPtr(c, 2), n = argLen(c, 2);
  if (eqLit(p, n, "on")) { c.flags &= ~(CF_REPLY_SKIP | CF_REPLY_OFF); addReplyOK(c); }
  else if (eqLit(p, n, "off")) c.flags |= CF_REPLY_OFF;
  else if (eqLit(p, n, "skip")) { if ((c.flags & CF_REPLY_OFF) == 0) c.flags |= CF_REPLY_SKIP_NEXT; }
  else addReplyError(c, ERR_SYNTAX);
}

function onOffFlag(c: Client, flag: u32): void {
  const p = argPtr(c, 2), n = argLen(c, 2);
  if (eqLit(p, n, "on")) { c.flags |= flag; addReplyOK(c); }
  else if (eqLit(p, n, "off")) { c.flags &= ~flag; addReplyOK(c); }
  else addReplyError(c, ERR_SYNTAX);
}
/** CLIENT UNBLOCK <id> [TIMEOUT|ERROR]: ends another client's blocking command. */
function clientUnblockCommand(c: Client): void {
  if (c.argc > 4) { replySubcommandSyntaxError(c, "CLIENT"); return; }
  let asError = false;
  if (c.argc == 4) {
    const p = argPtr(c, 3), n = argLen(c, 3);
    if (eqLit(p, n, "timeout")) asError = false;
    else if (eqLit(p, n, "error")) asError = true;
    else { addReplyError(c, "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"); return; }
  }
  if (!string2ll(argPtr(c, 2), argLen(c, 2))) { addReplyError(c, ERR_NOT_INTEGER); return; }
  const id = <u64>parsedInt;
  const s = S();
  for (let slot: u32 = 0; slot < s.clientsCap; slot++) {
    const cp = load<u32>(<usize>s.clients + (<usize>slot << 2));
    if (cp == 0) continue;
    const t = changetype<Client>(<usize>cp);
    if (t.id != id) continue;
    if ((t.flags & CF_BLOCKED) == 0) break;
    if (asError) unblockClientOnError(t, "UNBLOCKED client unblocked via CLIENT UNBLOCK");
    else unblockClientOnTimeout(t);
    addReplyLongLong(c, 1);
    return;
  }
  addReplyLongLong(c, 0);
}

function clientNoEvictCommand(c: Client): void { onOffFlag(c, CF_NO_EVICT); }
function clientNoTouchCommand(c: Client): void { onOffFlag(c, CF_NO_TOUCH); }

export function registerConnectionCommands(): void {
  const CONN = "connection";
  def("auth", -2, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH | CMD_SENTINEL | CMD_ALLOW_BUSY, 0, 0, 0, CONN, authCommand);
  def("echo", 2, CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0, CONN, echoCommand);
  def("hello", -1, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH | CMD_SENTINEL | CMD_ALLOW_BUSY, 0, 0, 0, CONN, helloCommand);
  def("ping", -1, CMD_FAST | CMD_SENTINEL | CMD_PUBSUB_CONTEXT, 0, 0, 0, CONN, pingCommand);
  def("quit", -1, CMD_ALLOW_BUSY | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH | CMD_TX_CONTROL | CMD_PUBSUB_CONTEXT, 0, 0, 0, CONN, quitCommand);
  def("reset", 1, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH | CMD_ALLOW_BUSY | CMD_TX_CONTROL | CMD_PUBSUB_CONTEXT, 0, 0, 0, CONN, resetCommand);
  def("select", 2, CMD_LOADING | CMD_STALE | CMD_FAST, 0, 0, 0, CONN, selectCommand);
  const client = def("client", -2, CMD_SENTINEL, 0, 0, 0, CONN, null);
  const CL = CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_SENTINEL;
  sub(client, "getname", 2, CL, 0, 0, 0, clientGetnameCommand);
  sub(client, "help", 2, CMD_LOADING | CMD_STALE | CMD_SENTINEL, 0, 0, 0, clientHelpCommand);
  sub(client, "id", 2, CL, 0, 0, 0, clientIdCommand);
  sub(client, "info", 2, CL, 0, 0, 0, clientInfoCommand);
  sub(client, "kill", -3, CMD_ADMIN | CL, 0, 0, 0, clientKillCommand);
  sub(client, "list", -2, CMD_ADMIN | CL, 0, 0, 0, clientListCommand);
  sub(client, "no-evict", 3, CMD_ADMIN | CL, 0, 0, 0, clientNoEvictCommand);
  sub(client, "no-touch", 3, CMD_NOSCRIPT | CMD_LOADING | CMD_STALE, 0, 0, 0, clientNoTouchCommand);
  sub(client, "reply", 3, CL, 0, 0, 0, clientReplyCommand);
  sub(client, "setinfo", 4, CL, 0, 0, 0, clientSetinfoCommand);
  sub(client, "setname", 3, CL, 0, 0, 0, clientSetnameCommand);
  sub(client, "unblock", -3, CMD_ADMIN | CL, 0, 0, 0, clientUnblockCommand);
  registerTrackingSubcommands(client);
  registerPauseSubcommands(client);
}
