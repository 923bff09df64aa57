// Reply writer: RESP2/RESP3 encodings appended to a client's output buffer.
//
// Every add* call checks CF_NO_REPLY_MASK first, so CLIENT REPLY OFF/SKIP and clients about to be
// closed silently drop replies, as in Redis. Errors are counted for INFO errorstats here.
import { Client, obufReserve, obufDead, markPending, CF_NO_REPLY_MASK, CF_PUSHING, CF_CLOSE_ASAP, CF_CLOSE_AFTER_REPLY } from "./client";
import { ll2string, d2string } from "../util/numbers";
import { countError } from "./errorstats";

// A push frame (pub/sub message, invalidation) is written even under CLIENT REPLY OFF/SKIP (Redis
// 7.2+), never to a client being closed: writers bracket it with pushBegin/pushEnd.
@inline function canWrite(c: Client): bool {
  const f = c.flags;
  return (f & CF_NO_REPLY_MASK) == 0 || ((f & CF_PUSHING) != 0 && (f & (CF_CLOSE_ASAP | CF_CLOSE_AFTER_REPLY)) == 0);
}

/** Starts writing a push frame to c (see canWrite). */
@inline export function pushBegin(c: Client): void { c.flags |= CF_PUSHING; }
@inline export function pushEnd(c: Client): void { c.flags &= ~CF_PUSHING; }

@inline function commit(c: Client, n: u32): void {
  if (c.olen == 0) markPending(c);
  c.olen += n;
}

export function addReplyRaw(c: Client, p: usize, n: u32): void {
  if (!canWrite(c)) return;
  const d = obufReserve(c, n);
  if (d == 0) return;
  memory.copy(d, p, n);
  commit(c, n);
}

/** Appends an ASCII literal verbatim (e.g. "+OK\r\n"). */
export function addReplyLit(c: Client, s: string): void {
  if (!canWrite(c)) return;
  const n = <u32>s.length;
  const d = obufReserve(c, n);
  for (let i: u32 = 0; i < n; i++) store<u8>(d + i, <u8>s.charCodeAt(i));
  commit(c, n);
}

@inline function putCRLF(d: usize): void { store<u16>(d, 0x0a0d); }

// A "+OK\r\n" fast path: the single hottest reply.
export function addReplyOK(c: Client): void {
  if (!canWrite(c)) return;
  const d = obufReserve(c, 5);
  store<u32>(d, 0x0d4b4f2b); // "+OK\r"
  store<u8>(d + 4, 0x0a);
  commit(c, 5);
}

export function addReplyStatus(c: Client, s: string): void {
  if (!canWrite(c)) return;
  const n = <u32>s.length;
  const d = obufReserve(c, n + 3);
  store<u8>(d, 0x2b);
  for (let i: u32 = 0; i < n; i++) store<u8>(d + 1 + i, <u8>s.charCodeAt(i));
  putCRLF(d + 1 + n);
  commit(c, n + 3);
}

export function addReplyStatusBytes(c: Client, p: usize, n: u32): void {
  if (!canWrite(c)) return;
  const d = obufReserve(c, n + 3);
  store<u8>(d, 0x2b);
  memory.copy(d + 1, p, n);
  putCRLF(d + 1 + n);
  commit(c, n + 3);
}

/** `s` is the full error text including its code, e.g. "ERR syntax error". */
export function addReplyError(c: Client, s: string): void {
  c.errorsThisCmd++;
  countErrorLit(s);
  if (!canWrite(c)) return;
  const n = <u32>s.length;
  const d = obufReserve(c, n + 3);
  store<u8>(d, 0x2d);
  for (let i: u32 = 0; i < n; i++) {
    const ch = <u32>s.charCodeAt(i);
    store<u8>(d + 1 + i, ch == 13 || ch == 10 ? 32 : <u8>ch);
  }
  putCRLF(d + 1 + n);
  commit(c, n + 3);
}

function countErrorLit(s: string): void {
  // the error code is the first word
  let n: i32 = 0;
  while (n < s.length && s.charCodeAt(n) != 32) n++;
  const tmp = memory.data(64);
  const k = min<i32>(n, 63);
  for (let i = 0; i < k; i++) store<u8>(tmp + i, <u8>s.charCodeAt(i));
  countError(tmp, <u32>k);
}

// ---- composed errors: start, append pieces, end ----------------------------------------------
// Used for messages with dynamic parts (unknown command 'x', wrong number of arguments for 'y').
let errStart: u32 = 0;
export function errBegin(c: Client): void {
  errStart = c.olen;
  const d = obufReserve(c, 1);
  store<u8>(d, 0x2d);
  c.olen += 1;
}
export function errLit(c: Client, s: string): void {
  const n = <u32>s.length;
  const d = obufReserve(c, n);
  for (let i: u32 = 0; i < n; i++) store<u8>(d + i, <u8>s.charCodeAt(i));
  c.olen += n;
}
/** Appends bytes, turning CR/LF into spaces as Redis does for error texts. */
export function errBytes(c: Client, p: usize, n: u32): void {
  const d = obufReserve(c, n);
  if (d == 0) return;
  for (let i: u32 = 0; i < n; i++) {
    const ch = load<u8>(p + i);
    store<u8>(d + i, ch == 13 || ch == 10 ? 32 : ch);
  }
  c.olen += n;
}
export function errLower(c: Client, p: usize, n: u32): void {
  const d = obufReserve(c, n);
  if (d == 0) return;
  for (let i: u32 = 0; i < n; i++) {
    let ch = load<u8>(p + i);
    if (ch >= 65 && ch <= 90) ch += 32;
    store<u8>(d + i, ch == 13 || ch == 10 ? 32 : ch);
  }
  c.olen += n;
}
export function errEnd(c: Client): void {
  const d = obufReserve(c, 2);
  putCRLF(d);
  c.olen += 2;
  c.errorsThisCmd++;
  if (obufDead(c)) { c.olen = 0; return; } // the output was dropped (out of memory) mid-error
  // count by code
  const start = <usize>c.obuf + errStart + 1;
  let k: u32 = 0;
  const total = c.olen - errStart - 3;
  while (k < total && load<u8>(start + k) != 32) k++;
  countError(start, min<u32>(k, 63));
  if (!canWrite(c)) { c.olen = errStart; return; }
  const added = c.olen - errStart;
  c.olen = errStart;
  commit(c, added);
}

// ---- numbers and strings ----------------------------------------------------------------------

function addPrefixedLen(c: Client, prefix: u8, n: i64): void {
  const d = obufReserve(c, 24);
  store<u8>(d, prefix);
  const k = ll2string(d + 1, n);
  putCRLF(d + 1 + k);
  commit(c, k + 3);
}

export function addReplyLongLong(c: Client, v: i64): void {
  if (!canWrite(c)) return;
  if (v == 0) { addReplyLit(c, ":0\r\n"); return; }
  if (v == 1) { addReplyLit(c, ":1\r\n"); return; }
  addPrefixedLen(c, 0x3a, v);
}

export function addReplyBulk(c: Client, p: usize, n: u32): void {
  if (!canWrite(c)) return;
  const d = obufReserve(c, n + 24);
  if (d == 0) return;
  store<u8>(d, 0x24);
  const k = ll2string(d + 1, n);
  putCRLF(d + 1 + k);
  memory.copy(d + 3 + k, p, n);
  putCRLF(d + 3 + k + n);
  commit(c, k + 5 + n);
}

export function addReplyBulkLit(c: Client, s: string): void {
  if (!canWrite(c)) return;
  const n = <u32>s.length;
  const d = obufReserve(c, n + 24);
  if (d == 0) return;
  store<u8>(d, 0x24);
  const k = ll2string(d + 1, n);
  putCRLF(d + 1 + k);
  for (let i: u32 = 0; i < n; i++) store<u8>(d + 3 + k + i, <u8>s.charCodeAt(i));
  putCRLF(d + 3 + k + n);
  commit(c, k + 5 + n);
}

/** A bulk string holding the decimal form of v (e.g. INCRBYFLOAT-free integer bulk replies). */
export function addReplyBulkLongLong(c: Client, v: i64): void {
  if (!canWrite(c)) return;
  const tmp = memory.data(32);
  const n = ll2string(tmp, v);
  addReplyBulk(c, tmp, n);
}

export function addReplyNull(c: Client): void {
  if (c.resp >= 3) addReplyLit(c, "_\r\n"); else addReplyLit(c, "$-1\r\n");
}
export function addReplyNullArray(c: Client): void {
  if (c.resp >= 3) addReplyLit(c, "_\r\n"); else addReplyLit(c, "*-1\r\n");
}
export function addReplyArrayLen(c: Client, n: i64): void { if (canWrite(c)) addPrefixedLen(c, 0x2a, n); }
export function addReplyMapLen(c: Client, n: i64): void {
  if (!canWrite(c)) return;
  if (c.resp >= 3) addPrefixedLen(c, 0x25, n); else addPrefixedLen(c, 0x2a, n * 2);
}
export function addReplySetLen(c: Client, n: i64): void {
  if (!canWrite(c)) return;
  addPrefixedLen(c, c.resp >= 3 ? 0x7e : 0x2a, n);
}
export function addReplyAttributeLen(c: Client, n: i64): void { if (canWrite(c)) addPrefixedLen(c, 0x7c, n); }
export function addReplyPushLen(c: Client, n: i64): void {
  if (!canWrite(c)) return;
  addPrefixedLen(c, c.resp >= 3 ? 0x3e : 0x2a, n);
}
export function addReplyBool(c: Client, b: bool): void {
  if (c.resp >= 3) addReplyLit(c, b ? "#t\r\n" : "#f\r\n"); else addReplyLit(c, b ? ":1\r\n" : ":0\r\n");
}

/** RESP3 double (",1.5"); in RESP2 a bulk string, formatted like Redis's d2string. */
export function addReplyDouble(c: Client, v: f64): void {
  if (!canWrite(c)) return;
  const tmp = memory.data(64);
  const n = d2string(tmp, v);
  if (c.resp >= 3) {
    const d = obufReserve(c, n + 3);
    store<u8>(d, 0x2c);
    memory.copy(d + 1, tmp, n);
    putCRLF(d + 1 + n);
    commit(c, n + 3);
  } else addReplyBulk(c, tmp, n);
}

/** RESP3 verbatim string ("=len\r\ntxt:..."); in RESP2 a plain bulk string. `fmt` is 3 chars. */
export function addReplyVerbatim(c: Client, p: usize, n: u32, fmt: string): void {
  if (!canWrite(c)) return;
  if (c.resp < 3) { addReplyBulk(c, p, n); return; }
  const d = obufReserve(c, n + 32);
  if (d == 0) return;
  store<u8>(d, 0x3d);
  const k = ll2string(d + 1, n + 4);
  putCRLF(d + 1 + k);
  for (let i: u32 = 0; i < 3; i++) store<u8>(d + 3 + k + i, <u8>fmt.charCodeAt(i));
  store<u8>(d + 6 + k, 0x3a);
  memory.copy(d + 7 + k, p, n);
  putCRLF(d + 7 + k + n);
  commit(c, k + 9 + n);
}

export function addReplyBigNumBytes(c: Client, p: usize, n: u32): void {
  if (!canWrite(c)) return;
  if (c.resp < 3) { addReplyBulk(c, p, n); return; }
  const d = obufReserve(c, n + 3);
  if (d == 0) return;
  store<u8>(d, 0x28);
  memory.copy(d + 1, p, n);
  putCRLF(d + 1 + n);
  commit(c, n + 3);
}

// ---- deferred lengths -------------------------------------------------------------------------
// Reserve a header, write the elements, then fix the header when the count is known.
const DEFER_HDR: u32 = 16;

/** Returns a handle (offset in obuf, +1 so that 0 means "replies are off"). */
export function addReplyDeferredLen(c: Client): u32 {
  if (!canWrite(c)) return 0;
  const d = obufReserve(c, DEFER_HDR);
  memory.fill(d, 0, DEFER_HDR);
  const h = c.olen + 1;
  commit(c, DEFER_HDR);
  return h;
}

function setDeferred(c: Client, h: u32, prefix: u8, n: i64): void {
  if (h == 0 || obufDead(c)) return;
  const at = <usize>c.obuf + h - 1;
  const tmp = memory.data(32);
  store<u8>(tmp, prefix);
  const k = ll2string(tmp + 1, n);
  putCRLF(tmp + 1 + k);
  const hl = k + 3;
  memory.copy(at, tmp, hl);
  // close the gap
  const tailStart = at + DEFER_HDR;
  const tailLen = <u32>(<usize>c.obuf + c.olen - tailStart);
  memory.copy(at + hl, tailStart, tailLen);
  c.olen -= DEFER_HDR - hl;
}
export function setDeferredArrayLen(c: Client, h: u32, n: i64): void { setDeferred(c, h, 0x2a, n); }
export function setDeferredMapLen(c: Client, h: u32, n: i64): void {
  if (c.resp >= 3) setDeferred(c, h, 0x25, n); else setDeferred(c, h, 0x2a, n * 2);
}
export function setDeferredSetLen(c: Client, h: u32, n: i64): void {
  setDeferred(c, h, c.resp >= 3 ? 0x7e : 0x2a, n);
}
