// CLIENT LIST / CLIENT INFO / CLIENT KILL / CLIENT HELP.
import { Client, argPtr, argLen, clientAt, CF_BLOCKED, CF_CLOSE_AFTER_REPLY, CF_CLOSE_ASAP, CF_MONITOR, CF_NO_EVICT, CF_NO_TOUCH, CF_MULTI, CF_EXECUTING, CF_PUBSUB, CF_DIRTY_CAS, CF_TRACKING, CF_POSTPONED, markPending } from "./client";
import { clientSubCount, clientPsubCount, clientSsubCount } from "./pubsub";
import { multiCount, multiMemory } from "./multi";
import { watchedCount } from "./watch";
import { trackingRedirect, trackingIsBrokenRedir, trackingIsBcast } from "./tracking";
import { S } from "./state";
import { commands } from "./commands";
import { addReplyVerbatim, addReplyError, addReplyOK, addReplyLongLong, addReplyArrayLen, addReplyStatus } from "./reply";
import { ll2string, string2ll, parsedInt } from "../util/numbers";
import { eqLit, bytesEq } from "../util/bytes";
import { ERR_SYNTAX } from "./errors";
import { hostLog } from "./host";

// A growable byte builder in the server scratch area is not enough for many clients, so CLIENT LIST
// builds into an allocated buffer.
import { alloc, free, realloc } from "../mem/alloc";
let buf: usize = 0, bufLen: u32 = 0, bufCap: u32 = 0;
function reserve(n: u32): usize {
  if (bufCap - bufLen < n) {
    let nc: u32 = bufCap == 0 ? 1024 : bufCap * 2;
    while (nc - bufLen < n) nc *= 2;
    buf = realloc(buf, nc); bufCap = nc;
  }
  return buf + bufLen;
}
function putLit(s: string): void {
  const n = <u32>s.length; const d = reserve(n);
  for (let i: u32 = 0; i < n; i++) store<u8>(d + i, <u8>s.charCodeAt(i));
  bufLen += n;
}
function putBytes(p: usize, n: u32): void { const d = reserve(n); memory.copy(d, p, n); bufLen += n; }
function putNum(v: i64): void { const d = reserve(24); bufLen += ll2string(d, v); }

function catClientInfo(c: Client): void {
  const s = S();
  putLit("id="); putNum(<i64>c.id);
  putLit(" addr="); putBytes(c.addr, c.addrLen);
  putLit(" laddr="); putBytes(c.laddr, c.laddrLen);
  putLit(" fd="); putNum(<i64>c.slot + 8);
  putLit(" name="); putBytes(c.name, c.nameLen);
  putLit(" age="); putNum((s.nowMs - c.ctimeMs) / 1000);
  putLit(" idle="); putNum((s.nowMs - c.lastInteractionMs) / 1000);
  putLit(" flags=");
  let any = false;
  if (c.flags & CF_MONITOR) { putLit("O"); any = true; }
  if (c.flags & CF_PUBSUB) { putLit("P"); any = true; }
  if (c.flags & (CF_MULTI | CF_EXECUTING)) { putLit("x"); any = true; }
  if (c.flags & (CF_BLOCKED | CF_POSTPONED)) { putLit("b"); any = true; }
  if (c.flags & CF_TRACKING) { putLit("t"); any = true; }
  if (trackingIsBrokenRedir(c)) { putLit("R"); any = true; }
  if (trackingIsBcast(c)) { putLit("B"); any = true; }
  if (c.flags & CF_DIRTY_CAS) { putLit("d"); any = true; }
  if (c.flags & CF_CLOSE_AFTER_REPLY) { putLit("c"); any = true; }
  if (c.flags & CF_CLOSE_ASAP) { putLit("A"); any = true; }
  if (c.flags & CF_NO_EVICT) { putLit("e"); any = true; }
  if (c.flags & CF_NO_TOUCH) { putLit("T"); any = true; }
  if (!any) putLit("N");
  putLit(" db="); putNum(c.db);
  putLit(" sub="); putNum(clientSubCount(c));
  putLit(" psub="); putNum(clientPsubCount(c));
  putLit(" ssub="); putNum(clientSsubCount(c));
  putLit(" multi="); putNum(multiCount(c));
  putLit(" watch="); putNum(watchedCount(c));
  // the command being run is still in the query buffer, as in Redis (qbuf=26 for CLIENT LIST)
  putLit(" qbuf="); putNum(c.qlen - c.cmdStart);
  putLit(" qbuf-free="); putNum(c.qcap - c.qlen);
  putLit(" argv-mem="); let am: i64 = 0; for (let i: u32 = 0; i < c.argc; i++) am += argLen(c, i); putNum(am);
  putLit(" multi-mem="); putNum(multiMemory(c));
  putLit(" rbs="); putNum(c.ocap);
  putLit(" rbp="); putNum(c.obufPeak);
  putLit(" obl="); putNum(c.olen);
  putLit(" oll=0 omem=0");
  putLit(" tot-mem="); putNum(<i64>c.qcap + c.ocap + 256);
  putLit(" events=r");
  putLit(" cmd=");
  // inside EXEC Redis still names EXEC (its lastcmd), not the queued command running
  if (c.flags & CF_EXECUTING) putLit("exec");
  else if (c.curCmd >= 0) putLit(commands[c.curCmd].fullName); else putLit("NULL");
  putLit(" user=default redir="); putNum(trackingRedirect(c));
  putLit(" resp="); putNum(c.resp);
  putLit(" lib-name="); putBytes(c.libName, c.libNameLen);
  putLit(" lib-ver="); putBytes(c.libVer, c.libVerLen);
}

/** Redis's warning when a client passes client-query-buffer-limit (its info and first 64 bytes). */
export function logQueryBufLimitReached(c: Client): void {
  bufLen = 0;
  putLit("Closing client that reached max query buffer length: ");
  catClientInfo(c);
  putLit(" (qbuf initial bytes: \"");
  const start = <usize>c.qbuf + c.cmdStart;
  const n = min<u32>(c.qlen - c.cmdStart, 64);
  for (let i: u32 = 0; i < n; i++) {
    const ch = <u32>load<u8>(start + i);
    if (ch == 0x5c || ch == 0x22) { putLit("\\"); putByte(ch); }
    else if (ch == 10) putLit("\\n");
    else if (ch == 13) putLit("\\r");
    else if (ch == 9) putLit("\\t");
    else if (ch == 7) putLit("\\a");
    else if (ch == 8) putLit("\\b");
    else if (ch < 32 || ch > 126) { putLit("\\x"); putByte(HEX_DIGITS.charCodeAt(ch >> 4)); putByte(HEX_DIGITS.charCodeAt(ch & 15)); }
    else putByte(ch);
  }
  putLit("\")");
  hostLog(3, buf, bufLen);
  shrink();
}

const HEX_DIGITS = "0123456789abcdef";
function putByte(ch: u32): void { const d = reserve(1); store<u8>(d, <u8>ch); bufLen++; }

export function clientListCommand(c: Client): void {
  const s = S();
  let filterIds = false;
  let i: u32 = 2;
  let wantType: i32 = -1;
  let wantNone = false;
  if (c.argc > 2) {
    if (eqLit(argPtr(c, 2), argLen(c, 2), "type") && c.argc == 4) {
      const tp = argPtr(c, 3), tl = argLen(c, 3);
      if (eqLit(tp, tl, "normal")) wantType = TYPE_NORMAL;
      else if (eqLit(tp, tl, "pubsub")) wantType = TYPE_PUBSUB;
      else if (eqLit(tp, tl, "master") || eqLit(tp, tl, "replica") || eqLit(tp, tl, "slave")) wantNone = true;
      else {
        addReplyErrorUnknownType(c, tp, tl); return;
      }
    } else if (eqLit(argPtr(c, 2), argLen(c, 2), "id") && c.argc >= 4) {
      filterIds = true;
      for (let j: u32 = 3; j < c.argc; j++) {
        // any integer is accepted (ids below 1 simply match no client), as in Redis
        if (!string2ll(argPtr(c, j), argLen(c, j))) { addReplyError(c, "ERR Invalid client ID"); return; }
      }
    } else { addReplyError(c, ERR_SYNTAX); return; }
  }
  bufLen = 0;
  const order = clientsByCreation();
  for (let k: u32 = 0; k < s.numClients && !wantNone; k++) {
    const o = changetype<Client>(<usize>load<u32>(order + (<usize>k << 2)));
    if (wantType >= 0 && clientType(o) != wantType) continue;
    if (filterIds) {
      let hit = false;
      for (let j: u32 = 3; j < c.argc; j++) { string2ll(argPtr(c, j), argLen(c, j)); if (<u64>parsedInt == o.id) hit = true; }
      if (!hit) continue;
    }
    catClientInfo(o);
    putLit("\n");
  }
  free(order);
  addReplyVerbatim(c, buf, bufLen, "txt");
  shrink();
}

/**
 * Client pointers in creation (id) order, as Redis lists them; slots are reused, so slot order is
 * not creation order. Returns an owned u32 array of S().numClients entries (caller frees).
 */
function clientsByCreation(): usize {
  const s = S();
  const arr = alloc(max<u32>(s.numClients, 1) << 2);
  let n: u32 = 0;
  for (let slot: u32 = 0; slot < s.clientsCap; slot++) {
    const p = load<u32>(<usize>s.clients + (<usize>slot << 2));
    if (p == 0) continue;
    const id = changetype<Client>(<usize>p).id;
    let j = n;
    while (j > 0 && changetype<Client>(<usize>load<u32>(arr + (<usize>(j - 1) << 2))).id > id) {
      store<u32>(arr + (<usize>j << 2), load<u32>(arr + (<usize>(j - 1) << 2)));
      j--;
    }
    store<u32>(arr + (<usize>j << 2), p);
    n++;
  }
  return arr;
}

function addReplyErrorUnknownType(c: Client, p: usize, n: u32): void {
  // Redis: "Unknown client type '%s'"
  const s = "ERR Unknown client type '";
  bufLen = 0; putLit(s); putBytes(p, n); putLit("'");
  import_errBytes(c);
}
import { errBegin, errBytes, errEnd } from "./reply";
function import_errBytes(c: Client): void { errBegin(c); errBytes(c, buf, bufLen); errEnd(c); }

export function clientInfoCommand(c: Client): void {
  bufLen = 0;
  catClientInfo(c);
  putLit("\n");
  addReplyVerbatim(c, buf, bufLen, "txt");
  shrink();
}

function shrink(): void { if (bufCap > 65536) { free(buf); buf = 0; bufCap = 0; } bufLen = 0; }

function killClient(target: Client): void {
  target.flags |= CF_CLOSE_ASAP;
  markPending(target);
}

function addrEq(o: Client, p: usize, n: u32, local: bool): bool {
  if (local) return o.laddrLen == n && bytesEq(o.laddr, p, n);
  return o.addrLen == n && bytesEq(o.addr, p, n);
}

// Redis's client types (CLIENT LIST/KILL TYPE); no replicas or masters exist yet
const TYPE_NORMAL: i32 = 0;
const TYPE_PUBSUB: i32 = 2;
@inline function clientType(o: Client): i32 { return (o.flags & CF_PUBSUB) != 0 ? TYPE_PUBSUB : TYPE_NORMAL; }

export function clientKillCommand(c: Client): void {
  const s = S();
  if (c.argc == 3) {
    // old form: CLIENT KILL addr:port
    const p = argPtr(c, 2), n = argLen(c, 2);
    for (let slot: u32 = 0; slot < s.clientsCap; slot++) {
      const cp = load<u32>(<usize>s.clients + (<usize>slot << 2));
      if (cp == 0) continue;
      const o = changetype<Client>(<usize>cp);
      if (addrEq(o, p, n, false)) {
        if (o == c) { addReplyOK(c); c.flags |= CF_CLOSE_AFTER_REPLY; return; }
        killClient(o); addReplyOK(c); return;
      }
    }
    addReplyError(c, "ERR No such client");
    return;
  }
  if ((c.argc & 1) != 0) { addReplyError(c, ERR_SYNTAX); return; }
  let id: i64 = 0, addr: usize = 0, addrLen: u32 = 0, laddr: usize = 0, laddrLen: u32 = 0;
  let skipme = true, maxage: i64 = 0, typeNone = false, wantType: i32 = -1;
  let hasAddr = false, hasLaddr = false;
  for (let i: u32 = 2; i < c.argc; i += 2) {
    const k = argPtr(c, i), kl = argLen(c, i), v = argPtr(c, i + 1), vl = argLen(c, i + 1);
    if (eqLit(k, kl, "id")) {
      if (!string2ll(v, vl) || parsedInt <= 0) { addReplyError(c, "ERR client-id should be greater than 0"); return; }
      id = parsedInt;
    } else if (eqLit(k, kl, "type")) {
      if (eqLit(v, vl, "normal")) wantType = TYPE_NORMAL;
      else if (eqLit(v, vl, "pubsub")) wantType = TYPE_PUBSUB;
      else if (eqLit(v, vl, "master") || eqLit(v, vl, "replica") || eqLit(v, vl, "slave")) typeNone = true;
      else { addReplyErrorUnknownType(c, v, vl); return; }
    } else if (eqLit(k, kl, "addr")) { addr = v; addrLen = vl; hasAddr = true; }
    else if (eqLit(k, kl, "laddr")) { laddr = v; laddrLen = vl; hasLaddr = true; }
    else if (eqLit(k, kl, "user")) {
      if (!eqLit(v, vl, "default")) {
        bufLen = 0; putLit("ERR No such user '"); putBytes(v, vl); putLit("'");
        errBegin(c); errBytes(c, buf, bufLen); errEnd(c); return;
      }
    } else if (eqLit(k, kl, "skipme")) {
      if (eqLit(v, vl, "yes")) skipme = true; else if (eqLit(v, vl, "no")) skipme = false;
      else { addReplyError(c, ERR_SYNTAX); return; }
    } else if (eqLit(k, kl, "maxage")) {
      // 7.4's MAXAGE (7.0 has no such filter)
      if (!string2ll(v, vl)) { addReplyError(c, "ERR maxage is not an integer or out of range"); return; }
      if (parsedInt <= 0) { addReplyError(c, "ERR maxage should be greater than 0"); return; }
      maxage = parsedInt;
    } else { addReplyError(c, ERR_SYNTAX); return; }
  }
  let killed: i64 = 0;
  let killSelf = false;
  for (let slot: u32 = 0; slot < s.clientsCap && !typeNone; slot++) {
    const cp = load<u32>(<usize>s.clients + (<usize>slot << 2));
    if (cp == 0) continue;
    const o = changetype<Client>(<usize>cp);
    if (id != 0 && o.id != <u64>id) continue;
    if (wantType >= 0 && clientType(o) != wantType) continue;
    if (hasAddr && !addrEq(o, addr, addrLen, false)) continue;
    if (hasLaddr && !addrEq(o, laddr, laddrLen, true)) continue;
    if (maxage != 0 && (s.nowMs - o.ctimeMs) / 1000 < maxage) continue;
    if (o == c && skipme) continue;
    if (o == c) killSelf = true; else killClient(o);
    killed++;
  }
  addReplyLongLong(c, killed);
  if (killSelf) c.flags |= CF_CLOSE_AFTER_REPLY;
}

const HELP_LINES: string[] = [
  "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "CACHING (YES|NO)",
  "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
  "GETREDIR",
  "    Return the client ID we are redirecting to when tracking is enabled.",
  "GETNAME",
  "    Return the name of the current connection.",
  "ID",
  "    Return the ID of the current connection.",
  "INFO",
  "    Return information about the current client connection.",
  "KILL <ip:port>",
  "    Kill connection made from <ip:port>.",
  "KILL <option> <value> [<option> <value> [...]]",
  "    Kill connections. Options are:",
  "    * ADDR (<ip:port>|<unixsocket>:0)",
  "      Kill connections made from the specified address",
  "    * LADDR (<ip:port>|<unixsocket>:0)",
  "      Kill connections made to specified local address",
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
  "      Kill connections by type.",
  "    * USER <username>",
  "      Kill connections authenticated by <username>.",
  "    * SKIPME (YES|NO)",
  "      Skip killing current connection (default: yes).",
  "    * ID <client-id>",
  "      Kill connections by client id.",
  "    * MAXAGE <maxage>",
  "      Kill connections older than the specified age.",
  "LIST [options ...]",
  "    Return information about client connections. Options:",
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
  "      Return clients of specified type.",
  "UNPAUSE",
  "    Stop the current client pause, resuming traffic.",
  "PAUSE <timeout> [WRITE|ALL]",
  "    Suspend all, or just write, clients for <timeout> milliseconds.",
  "REPLY (ON|OFF|SKIP)",
  "    Control the replies sent to the current connection.",
  "SETNAME <name>",
  "    Assign the name <name> to the current connection.",
  "SETINFO <option> <value>",
  "    Set client meta attr. Options are:",
  "    * LIB-NAME: the client lib name.",
  "    * LIB-VER: the client lib version.",
  "UNBLOCK <clientid> [TIMEOUT|ERROR]",
  "    Unblock the specified blocked client.",
  "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
  "         [OPTIN] [OPTOUT] [NOLOOP]",
  "    Control server assisted client side caching.",
  "TRACKINGINFO",
  "    Report tracking status for the current connection.",
  "NO-EVICT (ON|OFF)",
  "    Protect current client connection from eviction.",
  "NO-TOUCH (ON|OFF)",
  "    Will not touch LRU/LFU stats when this mode is on.",
  "HELP",
  "    Print this help.",
];

export function clientHelpCommand(c: Client): void {
  addReplyArrayLen(c, HELP_LINES.length);
  for (let i = 0; i < HELP_LINES.length; i++) addReplyStatus(c, HELP_LINES[i]);
}
