// MONITOR: every executed command (except admin/skip-monitor ones) is fed to monitor clients as
// "+<unix secs>.<usecs> [<db> <addr>] "arg" "arg"...\r\n", args escaped like Redis's sdscatrepr.
import { Client, clientAt, argPtr, argLen, CF_MONITOR, obufReserve, markPending } from "./client";
import { S } from "./state";
import { ll2string } from "../util/numbers";

const HEX: string = "0123456789abcdef";

/** Appends the sdscatrepr form of p[0..n) (with quotes) to `dst` client's output. */
export function appendRepr(dst: Client, p: usize, n: u32): void {
  const d0 = obufReserve(dst, n * 4 + 2);
  if (d0 == 0) return;
  let d = d0;
  store<u8>(d++, 0x22);
  for (let i: u32 = 0; i < n; i++) {
    const ch = <u32>load<u8>(p + i);
    if (ch == 0x5c || ch == 0x22) { store<u8>(d++, 0x5c); store<u8>(d++, <u8>ch); }
    else if (ch == 10) { store<u8>(d++, 0x5c); store<u8>(d++, 0x6e); }
    else if (ch == 13) { store<u8>(d++, 0x5c); store<u8>(d++, 0x72); }
    else if (ch == 9) { store<u8>(d++, 0x5c); store<u8>(d++, 0x74); }
    else if (ch == 7) { store<u8>(d++, 0x5c); store<u8>(d++, 0x61); }
    else if (ch == 8) { store<u8>(d++, 0x5c); store<u8>(d++, 0x62); }
    else if (ch < 32 || ch > 126) {
      store<u8>(d++, 0x5c); store<u8>(d++, 0x78);
      store<u8>(d++, <u8>HEX.charCodeAt(ch >> 4)); store<u8>(d++, <u8>HEX.charCodeAt(ch & 15));
    } else store<u8>(d++, <u8>ch);
  }
  store<u8>(d++, 0x22);
  dst.olen += <u32>(d - d0);
}

function appendBytes(dst: Client, p: usize, n: u32): void {
  const d = obufReserve(dst, n);
  if (d == 0) return;
  memory.copy(d, p, n);
  dst.olen += n;
}

function appendLit(dst: Client, s: string): void {
  const n = <u32>s.length;
  const d = obufReserve(dst, n);
  for (let i: u32 = 0; i < n; i++) store<u8>(d + i, <u8>s.charCodeAt(i));
  dst.olen += n;
}

export function monitorFeed(c: Client): void {
  const s = S();
  const tmp = memory.data(64);
  for (let slot: u32 = 0; slot < s.clientsCap; slot++) {
    const mp = load<u32>(<usize>s.clients + (<usize>slot << 2));
    if (mp == 0) continue;
    const m = changetype<Client>(<usize>mp);
    if ((m.flags & CF_MONITOR) == 0) continue;
    if (m.olen == 0) markPending(m);
    appendLit(m, "+");
    const us = s.nowUs;
    let n = ll2string(tmp, us / 1000000);
    appendBytes(m, tmp, n);
    appendLit(m, ".");
    const frac = us % 1000000;
    n = ll2string(tmp, frac + 1000000); // leading zeros: print 1xxxxxx and skip the 1
    appendBytes(m, tmp + 1, n - 1);
    appendLit(m, " [");
    n = ll2string(tmp, c.db);
    appendBytes(m, tmp, n);
    appendLit(m, " ");
    appendBytes(m, c.addr, c.addrLen);
    appendLit(m, "]");
    for (let i: u32 = 0; i < c.argc; i++) {
      appendLit(m, " ");
      appendRepr(m, argPtr(c, i), argLen(c, i));
    }
    appendLit(m, "\r\n");
  }
}

