// RESP request parser: multibulk and inline commands, incrementally across socket reads.
//
// Parsing never copies arguments: argv entries are (offset, length) into the query buffer. Inline
// arguments are unquoted in place (the unquoted form is never longer than the quoted one).
// Protocol errors reply "-ERR Protocol error: ..." and close the client after the reply, like Redis.
import { Client, argvPush, CF_CLOSE_AFTER_REPLY, CF_CLOSE_ASAP, CF_AUTHENTICATED, CF_PROTOCOL_ERROR, REQ_NONE, REQ_INLINE, REQ_MULTIBULK, qbufReserve } from "./client";
import { S } from "./state";
import { addReplyError } from "./reply";
import { string2ll, parsedInt } from "../util/numbers";

export const PROTO_INLINE_MAX_SIZE: u32 = 64 * 1024;
const MULTIBULK_MAX: i64 = 1024 * 1024;
const PROTO_MBULK_BIG_ARG: i64 = 32 * 1024;

/** Finds '\r' from `from` to `end`; returns its offset or -1. Only a CR followed by LF counts. */
@inline function findCR(base: usize, from: u32, end: u32): i32 {
  for (let i = from; i < end; i++) if (load<u8>(base + i) == 13) return <i32>i;
  return -1;
}

function protocolError(c: Client, msg: string): void {
  addReplyError(c, msg);
  c.flags |= CF_CLOSE_AFTER_REPLY | CF_PROTOCOL_ERROR;
  c.qpos = c.qlen; // discard the rest
}

@inline function authRequired(c: Client): bool { return (c.flags & CF_AUTHENTICATED) == 0; }

/**
 * Parses one multibulk command. Returns true when argv holds a complete command; false when more
 * bytes are needed or a protocol error was replied.
 */
export function parseMultibulk(c: Client): bool {
  const base = <usize>c.qbuf;
  if (c.multibulkLen == 0) {
    c.cmdStart = c.qpos;
    const cr = findCR(base, c.qpos, c.qlen);
    if (cr < 0) {
      if (c.qlen - c.qpos > PROTO_INLINE_MAX_SIZE) protocolError(c, "ERR Protocol error: too big mbulk count string");
      return false;
    }
    if (<u32>cr + 1 >= c.qlen) return false; // need the LF
    const ok = string2ll(base + c.qpos + 1, <u32>cr - c.qpos - 1);
    const ll = parsedInt;
    if (!ok || ll > 2147483647) { protocolError(c, "ERR Protocol error: invalid multibulk length"); return false; }
    if (ll > 10 && authRequired(c)) { protocolError(c, "ERR Protocol error: unauthenticated multibulk length"); return false; }
    c.qpos = <u32>cr + 2;
    if (ll <= 0) { c.argc = 0; return true; } // empty command: skipped by the caller
    c.multibulkLen = <i32>ll;
    c.argc = 0;
    c.bulkLen = -1;
    if (ll > MULTIBULK_MAX && false) return false;
  }
  while (c.multibulkLen > 0) {
    if (c.bulkLen == -1) {
      const cr = findCR(base, c.qpos, c.qlen);
      if (cr < 0) {
        if (c.qlen - c.qpos > PROTO_INLINE_MAX_SIZE) { protocolError(c, "ERR Protocol error: too big bulk count string"); }
        return false;
      }
      if (<u32>cr + 1 >= c.qlen) return false;
      const ch = load<u8>(base + c.qpos);
      if (ch != 0x24) {
        protocolErrorExpected(c, ch);
        return false;
      }
      const ok = string2ll(base + c.qpos + 1, <u32>cr - c.qpos - 1);
      const ll = parsedInt;
      if (!ok || ll < 0 || ll > S().protoMaxBulkLen) { protocolError(c, "ERR Protocol error: invalid bulk length"); return false; }
      if (ll > 16384 && authRequired(c)) { protocolError(c, "ERR Protocol error: unauthenticated bulk length"); return false; }
      c.qpos = <u32>cr + 2;
      c.bulkLen = ll;
      if (ll >= PROTO_MBULK_BIG_ARG) {
        // make room for the whole argument now so it arrives without repeated growth
        const need = <u32>(ll + 2) - (c.qlen - c.qpos);
        if (<i32>need > 0 && qbufReserve(c, need) == 0) { c.flags |= CF_CLOSE_ASAP; return false; }
      }
    }
    const bl = <u32>c.bulkLen;
    if (c.qlen - c.qpos < bl + 2) return false;
    argvPush(c, c.qpos, bl);
    c.qpos += bl + 2;
    c.bulkLen = -1;
    c.multibulkLen--;
  }
  return true;
}

function protocolErrorExpected(c: Client, ch: u8): void {
  // "Protocol error: expected '$', got '%c'"
  const msg = memory.data(64);
  const s = "ERR Protocol error: expected '$', got '";
  let n: u32 = 0;
  for (; n < <u32>s.length; n++) store<u8>(msg + n, <u8>s.charCodeAt(n));
  store<u8>(msg + n, ch); n++;
  store<u8>(msg + n, 0x27); n++;
  protocolErrorBytes(c, msg, n);
}

import { errBegin, errBytes, errEnd } from "./reply";
function protocolErrorBytes(c: Client, p: usize, n: u32): void {
  errBegin(c); errBytes(c, p, n); errEnd(c);
  c.flags |= CF_CLOSE_AFTER_REPLY | CF_PROTOCOL_ERROR;
  c.qpos = c.qlen;
}

@inline function isSpace(ch: u32): bool { return ch == 32 || ch == 9 || ch == 10 || ch == 13 || ch == 11 || ch == 12; }
@inline function hexVal(ch: u32): i32 {
  if (ch >= 48 && ch <= 57) return <i32>ch - 48;
  if (ch >= 97 && ch <= 102) return <i32>ch - 87;
  if (ch >= 65 && ch <= 70) return <i32>ch - 55;
  return -1;
}

/** Inline command: one line, split like Redis's sdssplitargs. */
export function parseInline(c: Client): bool {
  const base = <usize>c.qbuf;
  c.cmdStart = c.qpos;
  let nl: i32 = -1;
  for (let i = c.qpos; i < c.qlen; i++) if (load<u8>(base + i) == 10) { nl = <i32>i; break; }
  if (nl < 0) {
    if (c.qlen - c.qpos > PROTO_INLINE_MAX_SIZE) protocolError(c, "ERR Protocol error: too big inline request");
    return false;
  }
  let end = <u32>nl;
  if (end > c.qpos && load<u8>(base + end - 1) == 13) end--;
  c.argc = 0;
  let p = c.qpos;
  while (true) {
    while (p < end && isSpace(load<u8>(base + p))) p++;
    if (p >= end) break;
    const start = p;   // unquoted output is written from here
    let w = p;
    let inq = false, insq = false, done = false;
    while (!done) {
      if (inq) {
        if (p >= end) { protocolError(c, "ERR Protocol error: unbalanced quotes in request"); return false; }
        const ch = <u32>load<u8>(base + p);
        if (ch == 92 && p + 3 < end && load<u8>(base + p + 1) == 120 && hexVal(load<u8>(base + p + 2)) >= 0 && hexVal(load<u8>(base + p + 3)) >= 0) {
          store<u8>(base + w++, <u8>(hexVal(load<u8>(base + p + 2)) * 16 + hexVal(load<u8>(base + p + 3))));
          p += 4;
        } else if (ch == 92 && p + 1 < end) {
          p++;
          let e = <u32>load<u8>(base + p);
          if (e == 110) e = 10; else if (e == 114) e = 13; else if (e == 116) e = 9; else if (e == 98) e = 8; else if (e == 97) e = 7;
          store<u8>(base + w++, <u8>e);
          p++;
        } else if (ch == 34) {
          if (p + 1 < end && !isSpace(load<u8>(base + p + 1))) { protocolError(c, "ERR Protocol error: unbalanced quotes in request"); return false; }
          done = true; p++;
        } else { store<u8>(base + w++, <u8>ch); p++; }
      } else if (insq) {
        if (p >= end) { protocolError(c, "ERR Protocol error: unbalanced quotes in request"); return false; }
        const ch = <u32>load<u8>(base + p);
        if (ch == 92 && p + 1 < end && load<u8>(base + p + 1) == 39) { store<u8>(base + w++, 39); p += 2; }
        else if (ch == 39) {
          if (p + 1 < end && !isSpace(load<u8>(base + p + 1))) { protocolError(c, "ERR Protocol error: unbalanced quotes in request"); return false; }
          done = true; p++;
        } else { store<u8>(base + w++, <u8>ch); p++; }
      } else {
        if (p >= end) { done = true; break; }
        const ch = <u32>load<u8>(base + p);
        if (isSpace(ch)) { done = true; p++; }
        else if (ch == 34) { inq = true; p++; }
        else if (ch == 39) { insq = true; p++; }
        else { store<u8>(base + w++, <u8>ch); p++; }
      }
    }
    argvPush(c, start, w - start);
  }
  c.qpos = <u32>nl + 1;
  return true;
}

/** Which parser the next command needs. */
@inline export function requestType(c: Client): u32 {
  return load<u8>(<usize>c.qbuf + c.qpos) == 0x2a ? REQ_MULTIBULK : REQ_INLINE;
}
