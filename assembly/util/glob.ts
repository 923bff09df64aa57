// Glob-style matching with Redis's exact semantics (KEYS, SCAN MATCH, PSUBSCRIBE, ACL patterns...).
//
// Tokens: '*' (runs collapse into one), '?' (any byte), '[...]' classes, '\x' (literal x; a lone
// trailing '\' is literal), anything else literal. Rules reproduced from observed Redis behaviour:
// - An empty string matches only the empty pattern ("*" does not match "").
// - Classes: optional leading '^' negates; '\x' inside is a literal compared case-sensitively even
//   in nocase mode; 'a-z' is a range (ends may come in either order) compared as *signed* chars, so
//   bytes >= 0x80 sort below ASCII (in nocase mode the ends and the byte are then passed through
//   glibc's tolower, which maps 0x80..0xfe back above ASCII but leaves 0xff at -1); a range needs
//   three bytes left in the pattern, so in "[a-]" the
//   ']' is the range end and the class goes on; a class without ']' runs to the end of the pattern.
// - nocase folds ASCII A-Z only (C locale tolower).
// - Abuse guard (Redis 7.4.1+): a match must pass through at most 1000 '*' groups that have
//   something after them; a pattern with more never matches.
// The matcher is iterative (backtracking only to the most recent '*'), so time is
// O(pattern * string) and no recursion depth is involved. Matching a sequence of single-byte tokens
// this way accepts exactly the same strings as Redis's recursive search.

@inline function pat(p: usize, plen: u32, i: u32): u32 { return i < plen ? <u32>load<u8>(p + i) : 0; }
// glibc tolower() in the C locale on a (signed) char value: folds A-Z, and maps -128..-2 to
// 128..254 while -1 (EOF) stays -1. Only range ends observe the difference.
@inline function fold(c: i32): i32 {
  if (c >= 65 && c <= 90) return c + 32;
  if (c < -1) return c + 256;
  return c;
}

const STAR_GROUP_LIMIT: u32 = 1000;

// Index just past the token starting at pi (pi < plen, pattern byte not '*').
let tokEnd: u32 = 0;

/** Does the token at pi match byte c? Sets tokEnd. */
function tokenMatches(p: usize, plen: u32, pi: u32, c: u32, nocase: bool): bool {
  const t = pat(p, plen, pi);
  if (t == 63) { tokEnd = pi + 1; return true; } // '?'
  if (t == 91) { // '['
    let j = pi + 1;
    const not = pat(p, plen, j) == 94;
    if (not) j++;
    let match = false;
    const sc = <i32><i8>c;
    while (true) {
      const x = pat(p, plen, j);
      const rem = plen - j; // j <= plen always holds here
      if (x == 92 && rem >= 2) {
        j++;
        if (pat(p, plen, j) == c) match = true;
      } else if (x == 93) {
        break;
      } else if (rem == 0) {
        j--;
        break;
      } else if (rem >= 3 && pat(p, plen, j + 1) == 45) {
        let lo = <i32><i8>x;
        let hi = <i32><i8>pat(p, plen, j + 2);
        if (lo > hi) { const t2 = lo; lo = hi; hi = t2; }
        let cc = sc;
        if (nocase) { lo = fold(lo); hi = fold(hi); cc = fold(cc); }
        j += 2;
        if (cc >= lo && cc <= hi) match = true;
      } else {
        if (nocase ? fold(<i32>x) == fold(<i32>c) : x == c) match = true;
      }
      j++;
    }
    tokEnd = j + 1;
    return not ? !match : match;
  }
  let lit = t;
  let next = pi + 1;
  if (t == 92 && plen - pi >= 2) { lit = pat(p, plen, pi + 1); next = pi + 2; }
  tokEnd = next;
  return nocase ? fold(<i32>lit) == fold(<i32>c) : lit == c;
}

/** End of the (non-star) token at pi without matching anything. */
function skipToken(p: usize, plen: u32, pi: u32): u32 {
  // Any byte works for tokenisation: where a token ends never depends on the string.
  tokenMatches(p, plen, pi, 0, false);
  return tokEnd;
}

/** Redis stringmatchlen(): does str[0..slen) match the glob pattern pat[0..plen)? */
export function stringmatchlen(p: usize, plen: u32, s: usize, slen: u32, nocase: bool): bool {
  if (slen == 0) return plen == 0;
  // Abuse guard: count '*' groups followed by more pattern.
  let groups: u32 = 0;
  let i: u32 = 0;
  while (i < plen) {
    if (load<u8>(p + i) == 42) {
      while (i < plen && load<u8>(p + i) == 42) i++;
      if (i < plen) groups++;
    } else i = skipToken(p, plen, i);
  }
  if (groups > STAR_GROUP_LIMIT) return false;

  let pi: u32 = 0, si: u32 = 0;
  let starPi: u32 = 0, starSi: u32 = 0;
  let haveStar = false;
  while (si < slen) {
    if (pi < plen && load<u8>(p + pi) == 42) {
      while (pi < plen && load<u8>(p + pi) == 42) pi++;
      if (pi == plen) return true;
      haveStar = true;
      starPi = pi;
      starSi = si;
      continue;
    }
    if (pi < plen && tokenMatches(p, plen, pi, <u32>load<u8>(s + si), nocase)) {
      pi = tokEnd;
      si++;
      continue;
    }
    if (!haveStar) return false;
    starSi++;
    si = starSi;
    pi = starPi;
  }
  while (pi < plen && load<u8>(p + pi) == 42) pi++;
  return pi == plen;
}
