// The bitmap commands (SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO). Bitmaps are
// ordinary string values; the byte kernels are in ds/bitops.ts.
//
// Invariants
// - Reads see a value through kvStr, so an int-shaped value is read as its decimal text ("123").
// - Writes (SETBIT, BITFIELD SET/INCRBY) give the value the raw shape first (rawReserve, as Redis's
//   dbUnshareStringValue) and grow it with zero bytes to cover the highest bit written. A new key
//   gets an exact-size buffer, as Redis's sdsnewlen does; growing an existing one is greedy
//   (strings.ts rawReserve).
// - Bit offsets are bounded as in Redis: offset >> 3 < proto-max-bulk-len, so a value never grows
//   past that limit (no separate string-length check, like Redis).
// - S().dirty: SETBIT adds 1 only when the key was created, grew, or the bit changed (7.2+);
//   BITFIELD adds one per SET/INCRBY that was applied and created/grew the key or changed the
//   field; BITOP adds 1 when it stored a result or deleted the destination.
// - Argument parsing follows Redis's order exactly (which error wins when several apply), including
//   7.4's rule that BITCOUNT/BITPOS validate all arguments before looking at the key.
// - Keywords (BIT/BYTE, AND/OR/XOR/NOT, GET/SET/INCRBY/OVERFLOW, WRAP/SAT/FAIL) and the digits of a
//   BITFIELD type are compared as C strings, like Redis's strcasecmp/strlen: bytes after a NUL
//   inside the argument are ignored.
// Deviation: Redis skips the offset limit for its primary/AOF clients (mustObeyClient); the core
// has no such clients yet, so the limit always applies.
import { keyChanged, deleteStoreDestination, NOTIFY_STRING } from "../server/notify";
import { Client, argPtr, argLen } from "../server/client";
import { def, CMD_WRITE, CMD_READONLY, CMD_DENYOOM, CMD_FAST } from "../server/commands";
import { S } from "../server/state";
import { cdb } from "../server/cmdutil";
import { lookupKeyRead, lookupKeyWrite, dbAdd, dbSet, dbDelete } from "../server/db";
import { kvNewRawString, kvFree, kvStr, kvStrLen, strPtr, strLen, rawTerminate, OBJ_STRING, ENC_INT, ENC_RAW } from "../server/kv";
import { eType, eEnc, eVal } from "../ds/entry";
import { addReplyError, addReplyLongLong, addReplyNull, addReplyArrayLen } from "../server/reply";
import { eqLit } from "../util/bytes";
import { string2ll, parsedInt, ll2string } from "../util/numbers";
import { alloc, free, realloc } from "../mem/alloc";
import { ERR_SYNTAX, ERR_WRONGTYPE, ERR_NOT_INTEGER } from "../server/errors";
import { rawBuf, rawReserve, touchAllowed } from "./strings";
import {
  popcount, bitpos, bitop, getUnsignedField, getSignedField, setField, checkUnsignedOverflow,
  checkSignedOverflow, fieldLimit, BITOP_AND, BITOP_OR, BITOP_XOR, BITOP_NOT, OVF_WRAP, OVF_SAT, OVF_FAIL,
} from "../ds/bitops";

const ERR_BIT_OFFSET = "ERR bit offset is not an integer or out of range";
const ERR_BIT_VALUE = "ERR bit is not an integer or out of range";
const ERR_BIT_ARG = "ERR The bit argument must be 1 or 0.";
const ERR_BITOP_NOT = "ERR BITOP NOT must be called with a single source key.";
const ERR_BF_TYPE = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
const ERR_BF_OVERFLOW = "ERR Invalid OVERFLOW type specified";
const ERR_BF_RO = "ERR BITFIELD_RO only supports the GET subcommand";
// Deviation (as in strings.ts): Redis aborts when an allocation fails; the core refuses the command.
const ERR_NOMEM = "OOM out of memory growing the string value";

/** Largest raw buffer capacity asked of the allocator (as strings.ts: lengths are u32). */
const RAW_MAX: u64 = 0xFFFF0000;

// ---- argument helpers ------------------------------------------------------------------------------

/** Length of argument bytes up to the first NUL (what C's strlen/strcasecmp see). */
function cLen(p: usize, n: u32): u32 {
  for (let i: u32 = 0; i < n; i++) if (load<u8>(p + i) == 0) return i;
  return n;
}

@inline function argIs(c: Client, i: u32, lit: string): bool {
  const p = argPtr(c, i);
  return eqLit(p, cLen(p, argLen(c, i)), lit);
}

/** Bit offset parsed by the last successful parseBitOffset. */
let bitOffset: u64 = 0;

/**
 * Redis's getBitOffsetFromArgument. With `hash` and bits > 0, "#N" means N * bits (the product
 * wraps like Redis's unchecked multiply, and a wrapped negative is rejected).
 */
function parseBitOffset(c: Client, i: u32, hash: bool, bits: u32): bool {
  let p = argPtr(c, i), n = argLen(c, i);
  const useHash = hash && bits > 0 && n > 0 && load<u8>(p) == 0x23;
  if (useHash) { p++; n--; }
  if (!string2ll(p, n)) { addReplyError(c, ERR_BIT_OFFSET); return false; }
  let off = parsedInt;
  if (useHash) off = off * <i64>bits;
  if (off < 0 || (off >> 3) >= S().protoMaxBulkLen) { addReplyError(c, ERR_BIT_OFFSET); return false; }
  bitOffset = <u64>off;
  return true;
}

// Type parsed by the last successful parseFieldType.
let fieldSigned: bool = false;
let fieldBits: u32 = 0;

/** Redis's getBitfieldTypeFromArgument: i1..i64 or u1..u63 (lowercase letter only). */
function parseFieldType(c: Client, i: u32): bool {
  const p = argPtr(c, i), n = argLen(c, i);
  const t: u32 = n > 0 ? load<u8>(p) : 0;
  if (t != 0x69 && t != 0x75) { addReplyError(c, ERR_BF_TYPE); return false; }
  const signed = t == 0x69;
  if (!string2ll(p + 1, cLen(p + 1, n - 1))) { addReplyError(c, ERR_BF_TYPE); return false; }
  const bits = parsedInt;
  if (bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) { addReplyError(c, ERR_BF_TYPE); return false; }
  fieldSigned = signed;
  fieldBits = <u32>bits;
  return true;
}

// ---- the value being written -------------------------------------------------------------------

/** Set by lookupStringForBit: the key was created or its value grew. */
let bitDirty: bool = false;

/**
 * Redis's lookupStringForBitCommand: the string at argv[1], created or zero-extended so that bit
 * `maxbit` exists, in the raw shape. Returns the entry, or 0 after replying WRONGTYPE or OOM.
 */
function lookupStringForBit(c: Client, maxbit: u64): usize {
  const db = cdb(c);
  const kp = argPtr(c, 1), kl = argLen(c, 1);
  const need: u64 = (maxbit >> 3) + 1;
  let e = lookupKeyWrite(db, kp, kl);
  if (e != 0 && eType(e) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return 0; }
  bitDirty = false;
  if (need > RAW_MAX - 8) { addReplyError(c, ERR_NOMEM); return 0; }
  if (e == 0) {
    const ne = kvNewRawString(kp, kl, 0, 0, 0, -1);
    if (ne == 0) { addReplyError(c, ERR_NOMEM); return 0; }
    const nb = realloc(rawBuf(ne), <u32>(need + 8));
    if (nb == 0) { kvFree(ne); addReplyError(c, ERR_NOMEM); return 0; }
    memory.fill(nb + 8, 0, <usize>need);
    store<u32>(nb, <u32>need);
    store<u32>(nb + 4, <u32>need);
    store<u32>(eVal(ne), <u32>nb);
    dbAdd(db, ne);
    bitDirty = true;
    return ne;
  }
  // fast path: already a raw buffer long enough (the common SETBIT/BITFIELD case)
  if (eEnc(e) == ENC_RAW && need <= <u64>load<u32>(rawBuf(e))) return e;
  const olen = <u64>kvStrLen(e);
  e = rawReserve(db, e, need > olen ? need : olen);
  if (e == 0) { addReplyError(c, ERR_NOMEM); return 0; }
  if (need > olen) {
    const b = rawBuf(e);
    memory.fill(b + 8 + <usize>olen, 0, <usize>(need - olen));
    store<u32>(b, <u32>need);
    rawTerminate(b);
    bitDirty = true;
  }
  return e;
}

// ---- SETBIT / GETBIT -------------------------------------------------------------------------------

function setbitCommand(c: Client): void {
  if (!parseBitOffset(c, 2, false, 0)) return;
  if (!string2ll(argPtr(c, 3), argLen(c, 3))) { addReplyError(c, ERR_BIT_VALUE); return; }
  const on = parsedInt;
  if ((on & ~1) != 0) { addReplyError(c, ERR_BIT_VALUE); return; }
  const e = lookupStringForBit(c, bitOffset);
  if (e == 0) return;
  const p = rawBuf(e) + 8 + <usize>(bitOffset >> 3);
  const shift = 7 - <u32>(bitOffset & 7);
  const byte = <u32>load<u8>(p);
  const old = (byte >> shift) & 1;
  if (bitDirty || <i64>old != on) {
    store<u8>(p, (byte & ~(1 << shift)) | (<u32>on << shift));
    keyChanged(cdb(c), NOTIFY_STRING, "setbit", argPtr(c, 1), argLen(c, 1));
    S().dirty++;
  }
  addReplyLongLong(c, old);
}

function getbitCommand(c: Client): void {
  if (!parseBitOffset(c, 2, false, 0)) return;
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e == 0) { addReplyLongLong(c, 0); return; }
  if (eType(e) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return; }
  kvStr(e);
  const byte = bitOffset >> 3;
  let v: u32 = 0;
  if (byte < <u64>strLen) v = (<u32>load<u8>(strPtr + <usize>byte) >> (7 - <u32>(bitOffset & 7))) & 1;
  addReplyLongLong(c, v);
}

// ---- range arguments of BITCOUNT / BITPOS ------------------------------------------------------------

// The range of the running BITCOUNT/BITPOS (transient, like util/numbers parsedInt).
let rangeStart: i64 = 0;
let rangeEnd: i64 = 0;
let rangeIsBit: bool = false;

/** Parses the BYTE|BIT keyword at argv[i]; replies a syntax error if it is neither. */
function parseUnit(c: Client, i: u32): bool {
  if (argIs(c, i, "bit")) rangeIsBit = true;
  else if (argIs(c, i, "byte")) rangeIsBit = false;
  else { addReplyError(c, ERR_SYNTAX); return false; }
  return true;
}

/**
 * Redis's range normalisation for a value of `len` bytes: negative indexes count from the end (in
 * bits when rangeIsBit), then start is clamped to >= 0 and end to [0, total - 1].
 */
function normRange(len: i64): void {
  const total = rangeIsBit ? len << 3 : len;
  let start = rangeStart, end = rangeEnd;
  if (start < 0) start = total + start;
  if (end < 0) end = total + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  rangeStart = start;
  rangeEnd = end;
}

/** Looks the key up for a read command; returns 1 after replying WRONGTYPE, else the entry or 0. */
function lookupStringRead(c: Client): usize {
  const e = lookupKeyRead(cdb(c), argPtr(c, 1), argLen(c, 1), touchAllowed(c));
  if (e != 0 && eType(e) != OBJ_STRING) { addReplyError(c, ERR_WRONGTYPE); return 1; }
  return e;
}

// ---- BITCOUNT ----------------------------------------------------------------------------------------

/** BITCOUNT key [start end [BYTE|BIT]]. */
function bitcountCommand(c: Client): void {
  const argc = c.argc;
  rangeIsBit = false;
  let e: usize = 0;
  if (argc == 4 || argc == 5) {
    if (!string2ll(argPtr(c, 2), argLen(c, 2))) { addReplyError(c, ERR_NOT_INTEGER); return; }
    rangeStart = parsedInt;
    if (!string2ll(argPtr(c, 3), argLen(c, 3))) { addReplyError(c, ERR_NOT_INTEGER); return; }
    rangeEnd = parsedInt;
    if (argc == 5 && !parseUnit(c, 4)) return;
    e = lookupStringRead(c);
    if (e == 1) return;
    // both negative and start > end: empty whatever the length (checked before normalising)
    if (rangeStart < 0 && rangeEnd < 0 && rangeStart > rangeEnd) { addReplyLongLong(c, 0); return; }
    if (e == 0) { addReplyLongLong(c, 0); return; }
    kvStr(e);
    normRange(<i64>strLen);
  } else if (argc == 2) {
    e = lookupStringRead(c);
    if (e == 1) return;
    if (e == 0) { addReplyLongLong(c, 0); return; }
    kvStr(e);
    rangeStart = 0;
    rangeEnd = <i64>strLen - 1;
  } else {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  const start = rangeStart, end = rangeEnd;
  if (start > end) { addReplyLongLong(c, 0); return; }
  const p = strPtr;
  if (!rangeIsBit) {
    addReplyLongLong(c, <i64>popcount(p + <usize>start, <u32>(end - start + 1)));
    return;
  }
  // bit range: count whole bytes, then drop the bits of the edge bytes outside the range
  const sb = start >> 3, eb = end >> 3;
  let n = <i64>popcount(p + <usize>sb, <u32>(eb - sb + 1));
  const headMask: u32 = ~(0xff >> <u32>(start & 7)) & 0xff;
  const tailMask: u32 = 0xff >> (<u32>(end & 7) + 1);
  n -= <i64>popcnt<u32>(<u32>load<u8>(p + <usize>sb) & headMask);
  n -= <i64>popcnt<u32>(<u32>load<u8>(p + <usize>eb) & tailMask);
  addReplyLongLong(c, n);
}

// ---- BITPOS ------------------------------------------------------------------------------------------

/** First position in [from, to) (0 = most significant) of a bit equal to `bit` in byte b, or -1. */
function searchByte(b: u32, from: u32, to: u32, bit: u32): i64 {
  let x = bit != 0 ? b : (~b & 0xff);
  x &= (0xff >> from) & ~(0xff >> to) & 0xff;
  return x == 0 ? -1 : <i64>(clz<u32>(x) - 24);
}

/** First position of `bit` in the bit range [sbit, ebit] of p (absolute), or -1. */
function findBit(p: usize, sbit: i64, ebit: i64, bit: u32): i64 {
  let sb = sbit >> 3;
  const eb = ebit >> 3;
  const head = <u32>(sbit & 7);
  const tail = <u32>(ebit & 7) + 1;
  if (sb == eb) {
    const r = searchByte(load<u8>(p + <usize>sb), head, tail, bit);
    return r < 0 ? -1 : (sb << 3) + r;
  }
  if (head != 0) {
    const r = searchByte(load<u8>(p + <usize>sb), head, 8, bit);
    if (r >= 0) return (sb << 3) + r;
    sb++;
  }
  const lastFull = tail == 8 ? eb : eb - 1;
  if (lastFull >= sb) {
    const n = <u32>(lastFull - sb + 1);
    const r = bitpos(p + <usize>sb, n, bit);
    if (r >= 0 && r < (<i64>n << 3)) return (sb << 3) + r;
  }
  if (tail != 8) {
    const r = searchByte(load<u8>(p + <usize>eb), 0, tail, bit);
    if (r >= 0) return (eb << 3) + r;
  }
  return -1;
}

/**
 * BITPOS key bit [start [end [BYTE|BIT]]]. Not found: -1 for bit 1; for bit 0, -1 when an end was
 * given, else the first bit past the searched bytes (the value is seen as padded with zeros).
 */
function bitposCommand(c: Client): void {
  const argc = c.argc;
  if (!string2ll(argPtr(c, 2), argLen(c, 2))) { addReplyError(c, ERR_NOT_INTEGER); return; }
  const bitArg = parsedInt;
  if (bitArg != 0 && bitArg != 1) { addReplyError(c, ERR_BIT_ARG); return; }
  const bit = <u32>bitArg;
  rangeIsBit = false;
  let endGiven = false;
  let e: usize = 0;
  if (argc >= 4 && argc <= 6) {
    if (!string2ll(argPtr(c, 3), argLen(c, 3))) { addReplyError(c, ERR_NOT_INTEGER); return; }
    rangeStart = parsedInt;
    if (argc == 6 && !parseUnit(c, 5)) return;
    if (argc >= 5) {
      if (!string2ll(argPtr(c, 4), argLen(c, 4))) { addReplyError(c, ERR_NOT_INTEGER); return; }
      rangeEnd = parsedInt;
      endGiven = true;
    }
    e = lookupStringRead(c);
    if (e == 1) return;
    if (e == 0) { addReplyLongLong(c, bit != 0 ? -1 : 0); return; }
    kvStr(e);
    if (!endGiven) rangeEnd = <i64>strLen - 1;
    normRange(<i64>strLen);
  } else if (argc == 3) {
    e = lookupStringRead(c);
    if (e == 1) return;
    if (e == 0) { addReplyLongLong(c, bit != 0 ? -1 : 0); return; }
    kvStr(e);
    rangeStart = 0;
    rangeEnd = <i64>strLen - 1;
  } else {
    addReplyError(c, ERR_SYNTAX);
    return;
  }
  const start = rangeStart, end = rangeEnd;
  if (start > end) { addReplyLongLong(c, -1); return; }
  const sbit = rangeIsBit ? start : start << 3;
  const ebit = rangeIsBit ? end : (end << 3) + 7;
  const r = findBit(strPtr, sbit, ebit, bit);
  if (r >= 0 || bit != 0 || endGiven) { addReplyLongLong(c, r); return; }
  addReplyLongLong(c, ((ebit >> 3) + 1) << 3);
}

// ---- BITOP -------------------------------------------------------------------------------------------

// Source tables for up to STATIC_SRCS sources live here; more sources use a heap block.
// Per source: pointer u32, length u32, 24 bytes for the text of an int-shaped value.
const STATIC_SRCS: u32 = 64;
const SRC_ROW: u32 = 32;
const srcStatic: usize = memory.data(2048, 16); // STATIC_SRCS * SRC_ROW

/** BITOP AND|OR|XOR|NOT destkey key [key ...]. */
function bitopCommand(c: Client): void {
  let op: u32;
  if (argIs(c, 1, "and")) op = BITOP_AND;
  else if (argIs(c, 1, "or")) op = BITOP_OR;
  else if (argIs(c, 1, "xor")) op = BITOP_XOR;
  else if (argIs(c, 1, "not")) op = BITOP_NOT;
  else { addReplyError(c, ERR_SYNTAX); return; }
  if (op == BITOP_NOT && c.argc != 4) { addReplyError(c, ERR_BITOP_NOT); return; }
  const count = c.argc - 3;
  let tab = srcStatic;
  if (count > STATIC_SRCS) {
    tab = alloc(count * SRC_ROW);
    if (tab == 0) { addReplyError(c, ERR_NOMEM); return; }
  }
  const srcs = tab, lens = tab + (<usize>count << 2), ints = tab + (<usize>count << 3);
  const db = cdb(c);
  const touch = touchAllowed(c);
  let maxlen: u32 = 0;
  for (let j: u32 = 0; j < count; j++) {
    const e = lookupKeyRead(db, argPtr(c, j + 3), argLen(c, j + 3), touch);
    let p: usize = 0, n: u32 = 0;
    if (e != 0) {
      if (eType(e) != OBJ_STRING) {
        if (tab != srcStatic) free(tab);
        addReplyError(c, ERR_WRONGTYPE);
        return;
      }
      if (eEnc(e) == ENC_INT) {
        // kvStr formats ints into one shared buffer: give each source its own copy
        p = ints + <usize>j * 24;
        n = ll2string(p, load<i64>(eVal(e)));
      } else {
        kvStr(e);
        p = strPtr;
        n = strLen;
      }
    }
    store<u32>(srcs + (<usize>j << 2), <u32>p);
    store<u32>(lens + (<usize>j << 2), n);
    if (n > maxlen) maxlen = n;
  }
  const dkp = argPtr(c, 2), dkl = argLen(c, 2);
  if (maxlen == 0) {
    if (tab != srcStatic) free(tab);
    deleteStoreDestination(db, dkp, dkl);
    addReplyLongLong(c, 0);
    return;
  }
  // the result goes to a fresh exact-size buffer (Redis's sdsnewlen), never over a source
  const ne = kvNewRawString(dkp, dkl, 0, 0, 0, -1);
  const nb: usize = ne == 0 ? 0 : realloc(rawBuf(ne), maxlen + 8);
  if (nb == 0) {
    if (ne != 0) kvFree(ne);
    if (tab != srcStatic) free(tab);
    addReplyError(c, ERR_NOMEM);
    return;
  }
  store<u32>(nb, maxlen);
  store<u32>(nb + 4, maxlen);
  store<u32>(eVal(ne), <u32>nb);
  bitop(op, nb + 8, srcs, lens, count);
  if (tab != srcStatic) free(tab);
  lookupKeyWrite(db, dkp, dkl);
  dbSet(db, ne);
  keyChanged(db, NOTIFY_STRING, "set", dkp, dkl);
  S().dirty++;
  addReplyLongLong(c, maxlen);
}

// ---- BITFIELD ----------------------------------------------------------------------------------------

const BF_GET: u32 = 0;
const BF_SET: u32 = 1;
const BF_INCRBY: u32 = 2;
/** bitfieldScan: validate only (no entry address is ever this value). */
const BF_CHECK: usize = <usize>0xFFFFFFFF;

// Results of bitfieldScan's validation pass.
let bfOps: u32 = 0;
let bfReadonly: bool = true;
let bfHighest: u64 = 0;

/** Scratch for GET: the 9 bytes covering a field, zero-padded past the end of the value. */
const bfBuf: usize = memory.data(16, 8);

/**
 * Walks the subcommands of BITFIELD/BITFIELD_RO. With e == BF_CHECK it only validates (replying
 * the first error and returning false) and sets bfOps/bfReadonly/bfHighest; otherwise it runs each
 * operation on entry e (0: no key, read-only) and returns true. Validation and execution parse the
 * same arguments the same way, so the second pass cannot fail.
 */
function bitfieldScan(c: Client, e: usize, created: bool): bool {
  const check = e == BF_CHECK;
  let owtype = OVF_WRAP;
  let changes: u64 = 0;
  if (check) { bfOps = 0; bfReadonly = true; bfHighest = 0; }
  let j: u32 = 2;
  const argc = c.argc;
  while (j < argc) {
    const remargs = argc - j - 1;
    let opcode: u32;
    if (argIs(c, j, "get") && remargs >= 2) opcode = BF_GET;
    else if (argIs(c, j, "set") && remargs >= 3) opcode = BF_SET;
    else if (argIs(c, j, "incrby") && remargs >= 3) opcode = BF_INCRBY;
    else if (argIs(c, j, "overflow") && remargs >= 1) {
      if (argIs(c, j + 1, "wrap")) owtype = OVF_WRAP;
      else if (argIs(c, j + 1, "sat")) owtype = OVF_SAT;
      else if (argIs(c, j + 1, "fail")) owtype = OVF_FAIL;
      else { addReplyError(c, ERR_BF_OVERFLOW); return false; }
      j += 2;
      continue;
    } else {
      addReplyError(c, ERR_SYNTAX);
      return false;
    }
    if (!parseFieldType(c, j + 1)) return false;
    const signed = fieldSigned, bits = fieldBits;
    if (!parseBitOffset(c, j + 2, true, bits)) return false;
    const off = bitOffset;
    let arg: i64 = 0;
    if (opcode != BF_GET) {
      if (check) {
        bfReadonly = false;
        const last = off + <u64>bits - 1;
        if (bfHighest < last) bfHighest = last;
      }
      if (!string2ll(argPtr(c, j + 3), argLen(c, j + 3))) { addReplyError(c, ERR_NOT_INTEGER); return false; }
      arg = parsedInt;
    }
    j += opcode == BF_GET ? 3 : 4;
    if (check) { bfOps++; continue; }

    if (opcode == BF_GET) {
      memory.fill(bfBuf, 0, 9);
      const byte = off >> 3;
      if (e != 0) {
        kvStr(e);
        const len = <u64>strLen;
        if (byte < len) {
          const avail = len - byte;
          memory.copy(bfBuf, strPtr + <usize>byte, <usize>(avail < 9 ? avail : 9));
        }
      }
      const rel = off & 7;
      if (signed) addReplyLongLong(c, getSignedField(bfBuf, rel, bits));
      else addReplyLongLong(c, <i64>getUnsignedField(bfBuf, rel, bits));
      continue;
    }

    const p = rawBuf(e) + 8;
    if (signed) {
      const oldval = getSignedField(p, off, bits);
      let newval: i64, retval: i64, ovf: i32;
      if (opcode == BF_INCRBY) {
        ovf = checkSignedOverflow(oldval, arg, bits, owtype);
        newval = ovf != 0 ? <i64>fieldLimit : oldval + arg;
        retval = newval;
      } else {
        newval = arg;
        ovf = checkSignedOverflow(newval, 0, bits, owtype);
        if (ovf != 0) newval = <i64>fieldLimit;
        retval = oldval;
      }
      if (ovf != 0 && owtype == OVF_FAIL) { addReplyNull(c); continue; }
      addReplyLongLong(c, retval);
      setField(p, off, bits, <u64>newval);
      if (created || oldval != newval) changes++;
    } else {
      const oldval = getUnsignedField(p, off, bits);
      let newval: u64, retval: u64, ovf: i32;
      if (opcode == BF_INCRBY) {
        ovf = checkUnsignedOverflow(oldval, arg, bits, owtype);
        newval = ovf != 0 ? fieldLimit : oldval + <u64>arg;
        retval = newval;
      } else {
        newval = <u64>arg;
        ovf = checkUnsignedOverflow(newval, 0, bits, owtype);
        if (ovf != 0) newval = fieldLimit;
        retval = oldval;
      }
      if (ovf != 0 && owtype == OVF_FAIL) { addReplyNull(c); continue; }
      addReplyLongLong(c, <i64>retval);
      setField(p, off, bits, newval);
      if (created || oldval != newval) changes++;
    }
  }
  if (changes != 0) {
    keyChanged(cdb(c), NOTIFY_STRING, "setbit", argPtr(c, 1), argLen(c, 1));
    S().dirty += changes;
  }
  return true;
}

function bitfieldGeneric(c: Client, ro: bool): void {
  if (!bitfieldScan(c, BF_CHECK, false)) return;
  let e: usize = 0;
  let created = false;
  if (bfReadonly) {
    e = lookupStringRead(c);
    if (e == 1) return;
  } else {
    if (ro) { addReplyError(c, ERR_BF_RO); return; }
    e = lookupStringForBit(c, bfHighest);
    if (e == 0) return;
    created = bitDirty;
  }
  addReplyArrayLen(c, bfOps);
  bitfieldScan(c, e, created);
}

function bitfieldCommand(c: Client): void { bitfieldGeneric(c, false); }
function bitfieldRoCommand(c: Client): void { bitfieldGeneric(c, true); }

export function registerBitmapCommands(): void {
  const G = "bitmap";
  def("setbit", 4, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, G, setbitCommand);
  def("getbit", 3, CMD_READONLY | CMD_FAST, 1, 1, 1, G, getbitCommand);
  def("bitcount", -2, CMD_READONLY, 1, 1, 1, G, bitcountCommand);
  def("bitpos", -3, CMD_READONLY, 1, 1, 1, G, bitposCommand);
  def("bitop", -4, CMD_WRITE | CMD_DENYOOM, 2, -1, 1, G, bitopCommand);
  def("bitfield", -2, CMD_WRITE | CMD_DENYOOM, 1, 1, 1, G, bitfieldCommand);
  def("bitfield_ro", -2, CMD_READONLY | CMD_FAST, 1, 1, 1, G, bitfieldRoCommand);
}
