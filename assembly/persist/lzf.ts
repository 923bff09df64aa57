// LZF compression in liblzf's stream format (used by Redis for RDB strings and compressed
// quicklist nodes), written from the format description.
//
// Format: a sequence of items, each starting with a control byte `c`:
//   c < 0x20            literal run: the next c+1 bytes are copied as they are (1..32 bytes)
//   c >= 0x20           back reference: len3 = c >> 5 (1..7); if len3 == 7 one more byte L follows
//                       and the length field is 7 + L; then one byte `lo`. The match copies
//                       (length field + 2) bytes starting `((c & 0x1f) << 8 | lo) + 1` bytes behind
//                       the current output position (overlapping copies repeat bytes, as in LZ77).
// So a match is 3..264 bytes long and reaches back at most 8192 bytes.
//
// Invariants / deviations
// - lzfDecompress accepts any valid liblzf stream and rejects (returns 0) streams that would write
//   past `outLen` or reference before the start of the output, like liblzf's E2BIG/EINVAL.
// - lzfCompress produces a valid stream but not necessarily liblzf's exact bytes (the match finder
//   differs); Redis only ever decompresses, so this is compatible. It returns 0 when the result
//   would not fit in `outLen` bytes (callers then store the data uncompressed), as liblzf does.
// - The match finder's hash table is static scratch, never cleared: a stale slot only yields a
//   candidate that is verified byte by byte, so old contents cannot cause a wrong match.

const HLOG: u32 = 14;
const HSIZE: u32 = 1 << HLOG;
const MAX_LIT: u32 = 32;
const MAX_OFF: u32 = 8192;
const MAX_REF: u32 = 264;

/** Candidate positions (input offsets) by hash of 3 bytes. */
const HTAB: usize = memory.data(HSIZE << 2, 16);

@inline function hash3(p: usize): u32 {
  const v = <u32>load<u8>(p) | (<u32>load<u8>(p, 1) << 8) | (<u32>load<u8>(p, 2) << 16);
  return (v * 2654435761) >> (32 - HLOG);
}

/**
 * Compresses inLen bytes at `inp` into at most outLen bytes at `out`. Returns the compressed size,
 * or 0 if the input is empty or the output does not fit.
 */
export function lzfCompress(inp: usize, inLen: u32, out: usize, outLen: u32): u32 {
  if (inLen == 0 || outLen == 0) return 0;
  let ip: u32 = 0;
  let op: u32 = 1;          // out[0] is the header of the first literal run
  let litStart: u32 = 0;
  let lit: u32 = 0;
  while (ip < inLen) {
    let matchLen: u32 = 0;
    let off: u32 = 0;
    if (ip + 2 < inLen) {
      const slot = HTAB + (<usize>hash3(inp + ip) << 2);
      const ref = load<u32>(slot);
      store<u32>(slot, ip);
      if (ref < ip && ip - ref - 1 < MAX_OFF &&
          load<u8>(inp + ref) == load<u8>(inp + ip) &&
          load<u8>(inp + ref + 1) == load<u8>(inp + ip + 1) &&
          load<u8>(inp + ref + 2) == load<u8>(inp + ip + 2)) {
        off = ip - ref - 1;
        const maxLen = min<u32>(inLen - ip, MAX_REF);
        matchLen = 3;
        while (matchLen < maxLen && load<u8>(inp + ref + matchLen) == load<u8>(inp + ip + matchLen)) matchLen++;
      }
    }
    if (matchLen == 0) {
      if (op >= outLen) return 0;
      store<u8>(out + op, load<u8>(inp + ip));
      op++; ip++; lit++;
      if (lit == MAX_LIT) {
        store<u8>(out + litStart, <u8>(MAX_LIT - 1));
        if (op >= outLen) return 0;
        litStart = op; op++; lit = 0;
      }
      continue;
    }
    // close the pending literal run (or drop its unused header)
    if (lit > 0) store<u8>(out + litStart, <u8>(lit - 1));
    else op--;
    const l = matchLen - 2;
    if (op + 3 + 1 > outLen) return 0;
    if (l < 7) {
      store<u8>(out + op, <u8>((off >> 8) | (l << 5)));
      op++;
    } else {
      store<u8>(out + op, <u8>((off >> 8) | (7 << 5)));
      store<u8>(out + op + 1, <u8>(l - 7));
      op += 2;
    }
    store<u8>(out + op, <u8>(off & 0xff));
    op++;
    // header of the next literal run
    litStart = op; op++; lit = 0;
    // index the positions the match covered so later data can refer to them
    const end = ip + matchLen;
    ip++;
    while (ip < end) {
      if (ip + 2 < inLen) store<u32>(HTAB + (<usize>hash3(inp + ip) << 2), ip);
      ip++;
    }
  }
  if (lit > 0) store<u8>(out + litStart, <u8>(lit - 1));
  else op--;
  return op;
}

/**
 * Decompresses inLen bytes at `inp` into at most outLen bytes at `out`. Returns the decompressed
 * size, or 0 when the stream is malformed or does not fit.
 */
export function lzfDecompress(inp: usize, inLen: u32, out: usize, outLen: u32): u32 {
  let ip: u32 = 0;
  let op: u32 = 0;
  while (ip < inLen) {
    const ctrl = <u32>load<u8>(inp + ip);
    ip++;
    if (ctrl < 32) {
      const n = ctrl + 1;
      if (op + n > outLen) return 0;
      if (ip + n > inLen) return 0;
      memory.copy(out + op, inp + ip, n);
      op += n; ip += n;
    } else {
      let len = ctrl >> 5;
      if (ip >= inLen) return 0;
      if (len == 7) {
        len += <u32>load<u8>(inp + ip);
        ip++;
        if (ip >= inLen) return 0;
      }
      const back = ((ctrl & 0x1f) << 8) + <u32>load<u8>(inp + ip) + 1;
      ip++;
      len += 2;
      if (op + len > outLen) return 0;
      if (back > op) return 0;
      let src = op - back;
      if (back >= len) {
        memory.copy(out + op, out + src, len);
        op += len;
      } else {
        // overlapping: byte by byte repeats the pattern
        for (let i: u32 = 0; i < len; i++) { store<u8>(out + op, load<u8>(out + src)); op++; src++; }
      }
    }
  }
  return op;
}
