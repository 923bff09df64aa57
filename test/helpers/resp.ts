// RESP2/RESP3 framing for tests: encode commands, find where one complete reply ends, and turn a
// reply into a small tree that normalisers can edit and re-encode byte for byte.
//
// Nothing here interprets a reply beyond its framing; comparisons stay on bytes.

export type Arg = string | number | Buffer | Uint8Array;

/** Encodes a command as a RESP multibulk (what every client library sends). */
export function encodeCommand(args: Arg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = typeof a === 'string' ? Buffer.from(a, 'latin1')
      : typeof a === 'number' ? Buffer.from(String(a))
      : Buffer.from(a);
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

function lineEnd(buf: Buffer, pos: number): number {
  const i = buf.indexOf('\r\n', pos, 'latin1');
  return i;
}

/**
 * Returns the offset just past the complete reply that starts at `pos`, or -1 if `buf` does not
 * hold all of it yet. Handles every RESP2/RESP3 type, nested aggregates, attributes (an attribute
 * map plus the reply it annotates count as one reply) and push frames.
 * Throws on bytes that are not RESP.
 */
export function replyEnd(buf: Buffer, pos = 0): number {
  if (pos >= buf.length) return -1;
  const t = String.fromCharCode(buf[pos]);
  const le = lineEnd(buf, pos);
  if (le < 0) return -1;
  const head = buf.toString('latin1', pos + 1, le);
  const next = le + 2;
  switch (t) {
    case '+': case '-': case ':': case '_': case '#': case ',': case '(':
      return next;
    case '$': case '!': case '=': {
      const n = Number(head);
      if (!Number.isInteger(n)) throw new Error(`bad bulk length ${JSON.stringify(head)}`);
      if (n < 0) return next;
      if (buf.length < next + n + 2) return -1;
      return next + n + 2;
    }
    case '*': case '~': case '>': case '%': case '|': {
      const n = Number(head);
      if (!Number.isInteger(n)) throw new Error(`bad aggregate length ${JSON.stringify(head)}`);
      if (n < 0) return next;
      const count = t === '%' || t === '|' ? n * 2 : n;
      let p = next;
      for (let i = 0; i < count; i++) {
        p = replyEnd(buf, p);
        if (p < 0) return -1;
      }
      if (t === '|') return replyEnd(buf, p); // the attribute annotates the reply that follows
      return p;
    }
    default:
      throw new Error(`not RESP at byte ${pos}: ${JSON.stringify(buf.toString('latin1', pos, Math.min(buf.length, pos + 40)))}`);
  }
}

/** A parsed reply: its type byte, header text (after the type byte), and children / payload. */
export interface Node {
  t: string;
  head: string;
  /** bulk payload ($ ! =) */
  data?: Buffer;
  /** aggregate children (maps and attributes: key, value, key, value ...) */
  items?: Node[];
  /** for '|': the reply the attribute annotates */
  annotated?: Node;
}

/** Parses exactly one reply; returns it and the offset after it. */
export function parseReply(buf: Buffer, pos = 0): { node: Node; end: number } {
  const t = String.fromCharCode(buf[pos]);
  const le = lineEnd(buf, pos);
  if (le < 0) throw new Error('incomplete reply');
  const head = buf.toString('latin1', pos + 1, le);
  const next = le + 2;
  switch (t) {
    case '$': case '!': case '=': {
      const n = Number(head);
      if (n < 0) return { node: { t, head }, end: next };
      return { node: { t, head, data: buf.subarray(next, next + n) }, end: next + n + 2 };
    }
    case '*': case '~': case '>': case '%': case '|': {
      const n = Number(head);
      if (n < 0) return { node: { t, head }, end: next };
      const count = t === '%' || t === '|' ? n * 2 : n;
      const items: Node[] = [];
      let p = next;
      for (let i = 0; i < count; i++) {
        const r = parseReply(buf, p);
        items.push(r.node);
        p = r.end;
      }
      if (t === '|') {
        const r = parseReply(buf, p);
        return { node: { t, head, items, annotated: r.node }, end: r.end };
      }
      return { node: { t, head, items }, end: p };
    }
    default:
      return { node: { t, head }, end: next };
  }
}

export function parse(buf: Buffer): Node {
  return parseReply(buf, 0).node;
}

/** Re-encodes a tree; aggregate lengths are recomputed from the children. */
export function encode(n: Node): Buffer {
  switch (n.t) {
    case '$': case '!': case '=':
      if (!n.data) return Buffer.from(`${n.t}${n.head}\r\n`, 'latin1');
      return Buffer.concat([Buffer.from(`${n.t}${n.data.length}\r\n`), n.data, Buffer.from('\r\n')]);
    case '*': case '~': case '>': case '%': case '|': {
      if (!n.items) return Buffer.from(`${n.t}${n.head}\r\n`, 'latin1');
      const len = n.t === '%' || n.t === '|' ? n.items.length / 2 : n.items.length;
      const parts = [Buffer.from(`${n.t}${len}\r\n`), ...n.items.map(encode)];
      if (n.annotated) parts.push(encode(n.annotated));
      return Buffer.concat(parts);
    }
    default:
      return Buffer.from(`${n.t}${n.head}\r\n`, 'latin1');
  }
}

/** Bulk or simple string content as latin1 text (null for nulls). */
export function text(n: Node): string | null {
  if (n.data) return n.data.toString('latin1');
  if (n.t === '+' || n.t === '-' || n.t === ':' || n.t === ',' || n.t === '(' || n.t === '#') return n.head;
  return null;
}

export function bulkNode(s: string | Buffer): Node {
  const data = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
  return { t: '$', head: String(data.length), data };
}

/** Printable form of reply bytes for failure messages: control bytes escaped, CRLF kept visible. */
export function show(b: Buffer | string | null | undefined, max = 600): string {
  if (b == null) return String(b);
  const s = typeof b === 'string' ? b : b.toString('latin1');
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '\r') out += '\\r';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\\') out += '\\\\';
    else if (c < 32 || c > 126) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out.length > max ? `${out.slice(0, max)}... (${s.length} bytes)` : out;
}

/** Decodes a reply to plain JS values (for readable assertions in protocol tests). */
export function toJs(n: Node): unknown {
  switch (n.t) {
    case '+': return n.head;
    case '-': case '!': return { error: n.data ? n.data.toString('latin1') : n.head };
    case ':': return Number(n.head);
    case '(': return BigInt(n.head);
    case ',': return Number(n.head.replace('inf', 'Infinity'));
    case '#': return n.head === 't';
    case '_': return null;
    case '$': case '=': return n.data ? n.data.toString('latin1') : null;
    case '*': case '~': case '>':
      return n.items ? n.items.map(toJs) : null;
    case '%': {
      if (!n.items) return null;
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n.items.length; i += 2) o[String(toJs(n.items[i]))] = toJs(n.items[i + 1]);
      return o;
    }
    case '|': return n.annotated ? toJs(n.annotated) : null;
    default: return n.head;
  }
}
