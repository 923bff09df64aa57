// SLOWLOG: a ring of the most recent commands slower than slowlog-log-slower-than microseconds.
//
// Entry layout (allocated, owned by the ring):
//   0 id u64   8 time i64 (unix seconds)   16 duration i64 (us)   24 argc u32
//  28 argv u32 -> [ptr u32, len u32] * argc, each ptr an owned copy
//  32 addr u32, addrLen u32   40 name u32, nameLen u32
// Arguments are capped like Redis: at most 32 (the last saying "... (N more arguments)") and each
// at most 128 bytes (then "... (N more bytes)").
import { Client, argPtr, argLen } from "./client";
import { S } from "./state";
import { alloc, free, allocZeroed } from "../mem/alloc";
import { ll2string } from "../util/numbers";
import { addReplyArrayLen, addReplyLongLong, addReplyBulk } from "./reply";

const MAX_ARGC: u32 = 32;
const MAX_STRING: u32 = 128;
const ENTRY_SIZE: u32 = 48;

function copyBytes(p: usize, n: u32): usize { const b = alloc(n == 0 ? 1 : n); memory.copy(b, p, n); return b; }

function copyLitSuffix(p: usize, n: u32, prefix: string, num: i64, suffix: string): usize {
  // builds bytes: p[0..n) + prefix + num + suffix into a new block; the length is returned in lastLen
  const tmp = memory.data(32);
  const k = ll2string(tmp, num);
  const total = n + <u32>prefix.length + k + <u32>suffix.length;
  const b = alloc(total);
  memory.copy(b, p, n);
  let o = n;
  for (let i = 0; i < prefix.length; i++) store<u8>(b + o++, <u8>prefix.charCodeAt(i));
  memory.copy(b + o, tmp, k); o += k;
  for (let i = 0; i < suffix.length; i++) store<u8>(b + o++, <u8>suffix.charCodeAt(i));
  lastLen = total;
  return b;
}
let lastLen: u32 = 0;

function freeEntry(e: usize): void {
  const argc = load<u32>(e + 24);
  const av = <usize>load<u32>(e + 28);
  for (let i: u32 = 0; i < argc; i++) free(load<u32>(av + (i << 3)));
  free(av);
  if (load<u32>(e + 32)) free(load<u32>(e + 32));
  if (load<u32>(e + 40)) free(load<u32>(e + 40));
  free(e);
}

function ringCap(): u32 { return S().slowlogMaxLen; }

export function slowlogPushIfNeeded(c: Client, durUs: i64): void {
  const s = S();
  if (s.slowlogSlowerThan < 0 || durUs < s.slowlogSlowerThan) return;
  if (s.slowlogMaxLen == 0) return;
  slowlogPush(c, durUs);
}

function slowlogPush(c: Client, durUs: i64): void {
  const s = S();
  const e = allocZeroed(ENTRY_SIZE);
  store<u64>(e, s.slowlogNextId++);
  store<i64>(e + 8, s.nowUs / 1000000);
  store<i64>(e + 16, durUs);
  const argc = min<u32>(c.argc, MAX_ARGC);
  const av = alloc(argc << 3);
  for (let i: u32 = 0; i < argc; i++) {
    let p: usize, n: u32;
    if (argc != c.argc && i == argc - 1) {
      p = copyLitSuffix(0, 0, "... (", <i64>(c.argc - argc + 1), " more arguments)");
      n = lastLen;
    } else if (argLen(c, i) > MAX_STRING) {
      p = copyLitSuffix(argPtr(c, i), MAX_STRING, "... (", <i64>(argLen(c, i) - MAX_STRING), " more bytes)");
      n = lastLen;
    } else { n = argLen(c, i); p = copyBytes(argPtr(c, i), n); }
    store<u32>(av + (i << 3), <u32>p);
    store<u32>(av + (i << 3) + 4, n);
  }
  store<u32>(e + 24, argc);
  store<u32>(e + 28, <u32>av);
  store<u32>(e + 32, <u32>copyBytes(c.addr, c.addrLen)); store<u32>(e + 36, c.addrLen);
  if (c.nameLen > 0) { store<u32>(e + 40, <u32>copyBytes(c.name, c.nameLen)); store<u32>(e + 44, c.nameLen); }
  // newest first: a list where index 0 is the newest
  ensureRing();
  const cap = ringCap();
  if (s.slowlogLen == cap) {
    freeEntry(load<u32>(<usize>s.slowlog + ((<usize>s.slowlogLen - 1) << 2)));
    s.slowlogLen--;
  }
  memory.copy(<usize>s.slowlog + 4, <usize>s.slowlog, s.slowlogLen << 2);
  store<u32>(<usize>s.slowlog, <u32>e);
  s.slowlogLen++;
}

function ensureRing(): void {
  const s = S();
  const cap = ringCap();
  if (s.slowlog != 0 && s.slowlogHead == cap) return;
  // (re)allocate to the configured length, keeping the newest entries
  const n = allocZeroed(max<u32>(cap, 1) << 2);
  let keep = min<u32>(s.slowlogLen, cap);
  if (s.slowlog != 0) {
    memory.copy(n, <usize>s.slowlog, keep << 2);
    for (let i = keep; i < s.slowlogLen; i++) freeEntry(load<u32>(<usize>s.slowlog + (<usize>i << 2)));
    free(s.slowlog);
  }
  s.slowlog = <u32>n;
  s.slowlogLen = keep;
  s.slowlogHead = cap; // remembers the capacity the ring was sized for
}

/** Called when slowlog-max-len changes: trims the ring. */
export function slowlogResize(): void { if (S().slowlog != 0) ensureRing(); }

export function slowlogReset(): void {
  const s = S();
  for (let i: u32 = 0; i < s.slowlogLen; i++) freeEntry(load<u32>(<usize>s.slowlog + (<usize>i << 2)));
  s.slowlogLen = 0;
}

export function slowlogLen(): u32 { return S().slowlogLen; }

export function slowlogReplyGet(c: Client, count: i64): void {
  const s = S();
  let n = <i64>s.slowlogLen;
  if (count >= 0 && count < n) n = count;
  addReplyArrayLen(c, n);
  for (let i: u32 = 0; i < <u32>n; i++) {
    const e = <usize>load<u32>(<usize>s.slowlog + (<usize>i << 2));
    addReplyArrayLen(c, 6);
    addReplyLongLong(c, load<i64>(e));
    addReplyLongLong(c, load<i64>(e + 8));
    addReplyLongLong(c, load<i64>(e + 16));
    const argc = load<u32>(e + 24);
    const av = <usize>load<u32>(e + 28);
    addReplyArrayLen(c, argc);
    for (let j: u32 = 0; j < argc; j++) addReplyBulk(c, load<u32>(av + (j << 3)), load<u32>(av + (j << 3) + 4));
    addReplyBulk(c, load<u32>(e + 32), load<u32>(e + 36));
    addReplyBulk(c, load<u32>(e + 40), load<u32>(e + 44));
  }
}
