// redis.conf tokenising: the quoting rules of Redis's argument splitter, the inverse "repr" quoting
// used when Redis writes values back (CONFIG REWRITE, argv -> options), and the line scanner.
//
// Strings here are "binary strings": one JS char per byte (0..255). file.ts reads files as latin1 and
// argv.ts encodes argv as UTF-8 bytes first, so `\xHH` escapes and raw bytes agree. Use
// `binaryToUtf8` when a value has to become a real text string (e.g. a filesystem path).
// Pure TypeScript: no node: imports (the registry also runs in browsers).

/** Thrown for a fatal config-file problem; `report` is exactly what Redis prints to stderr before exit(1). */
export class ConfigFileError extends Error {
  readonly line: number | null;
  readonly raw: string | null;
  readonly reason: string;
  readonly source: string;
  constructor(reason: string, line: number | null = null, raw: string | null = null, source = '') {
    super(formatFatalConfigError(reason, line, raw));
    this.name = 'ConfigFileError';
    this.reason = reason;
    this.line = line;
    this.raw = raw;
    this.source = source;
  }
  /** The full stderr block, starting with a newline, ending with one. */
  get report(): string {
    return this.message;
  }
}

/** The Redis version Cinnabar reports itself compatible with (also shown in the fatal config banner). */
export const REDIS_COMPAT_VERSION = '7.4.0';

export function formatFatalConfigError(reason: string, line: number | null, raw: string | null): string {
  let s = `\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_COMPAT_VERSION}) ***\n`;
  if (line !== null) {
    s += `Reading the configuration file, at line ${line}\n`;
    s += `>>> '${raw ?? ''}'\n`;
  }
  return s + reason + '\n';
}

// C isspace(): space, \t, \n, \v, \f, \r.
function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

/**
 * Split a line into arguments with Redis's rules. Returns null on unbalanced quotes or when a closing
 * quote is followed by something other than whitespace (`"foo"bar`). An empty line gives [].
 * Quotes may also open in the middle of a token (`ab"c d"` is one argument `abc d`), as in Redis.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return out;
    let cur = '';
    let inq = false;
    let insq = false;
    let done = false;
    while (!done) {
      const c = line[i]; // undefined at end of input
      if (inq) {
        if (c === '\\' && line[i + 1] === 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
          cur += String.fromCharCode(parseInt(line.substr(i + 2, 2), 16));
          i += 3;
        } else if (c === '\\' && i + 1 < n) {
          i++;
          const e = line[i];
          switch (e) {
            case 'n': cur += '\n'; break;
            case 'r': cur += '\r'; break;
            case 't': cur += '\t'; break;
            case 'b': cur += '\b'; break;
            case 'a': cur += '\x07'; break;
            default: cur += e; break;
          }
        } else if (c === '"') {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else if (c === undefined) {
          return null;
        } else {
          cur += c;
        }
      } else if (insq) {
        if (c === '\\' && line[i + 1] === "'") {
          i++;
          cur += "'";
        } else if (c === "'") {
          if (i + 1 < n && !isSpace(line[i + 1])) return null;
          done = true;
        } else if (c === undefined) {
          return null;
        } else {
          cur += c;
        }
      } else {
        switch (c) {
          case ' ': case '\n': case '\r': case '\t': case undefined:
            done = true;
            break;
          case '"': inq = true; break;
          case "'": insq = true; break;
          default: cur += c; break;
        }
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}

/** Redis's sdscatrepr: a double-quoted, escaped form that splitArgs reads back to the same bytes. */
export function quoteRepr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    switch (c) {
      case '\\': out += '\\\\'; break;
      case '"': out += '\\"'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      case '\x07': out += '\\a'; break;
      case '\b': out += '\\b'; break;
      default:
        if (code >= 0x20 && code <= 0x7e) out += c;
        else out += '\\x' + (code & 0xff).toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}

export interface ConfigLine {
  /** 1-based line number within the text. */
  line: number;
  args: string[];
  /** The trimmed line, as Redis echoes it in `>>> '...'`. */
  raw: string;
}

// sdstrim(line, " \t\r\n")
export function trimConfigLine(s: string): string {
  return s.replace(/^[ \t\r\n]+/, '').replace(/[ \t\r\n]+$/, '');
}

/**
 * Scan config text into directive lines. Blank lines, comment lines (first non-blank char '#') and
 * lines that split into nothing are skipped. Throws ConfigFileError("Unbalanced quotes in
 * configuration line") for a line splitArgs rejects.
 */
export function parseConfigText(text: string, source = ''): ConfigLine[] {
  const out: ConfigLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = trimConfigLine(lines[i]);
    if (raw === '' || raw[0] === '#') continue;
    const args = splitArgs(raw);
    if (args === null) throw new ConfigFileError('Unbalanced quotes in configuration line', i + 1, raw, source);
    if (args.length === 0) continue;
    out.push({ line: i + 1, args, raw });
  }
  return out;
}

/** UTF-8 encode a text string into a binary string (one char per byte). */
export function utf8ToBinary(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

/** Decode a binary string holding UTF-8 bytes back into text (invalid sequences become U+FFFD). */
export function binaryToUtf8(s: string): string {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff;
  return new TextDecoder().decode(bytes);
}
