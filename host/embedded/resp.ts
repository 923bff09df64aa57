// RESP2/RESP3 encoding of commands and decoding of replies, for the embedded API.
// No Node imports.

export type Reply = string | number | bigint | boolean | null | Uint8Array | ReplyError | Reply[] | Map<Reply, Reply> | Set<Reply>;

export class ReplyError extends Error {
  constructor(message: string) { super(message); this.name = 'ReplyError'; }
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function encodeCommand(args: ReadonlyArray<string | number | Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [enc.encode(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = a instanceof Uint8Array ? a : enc.encode(String(a));
    parts.push(enc.encode(`$${b.length}\r\n`), b, enc.encode('\r\n'));
  }
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Decodes one reply starting at `pos`; returns [value, nextPos]. Throws RangeError if incomplete. */
export function decodeReply(buf: Uint8Array, pos: number, binary = false): [Reply, number] {
  const lineEnd = (p: number) => {
    for (let i = p; i + 1 < buf.length; i++) if (buf[i] === 13 && buf[i + 1] === 10) return i;
    throw new RangeError('incomplete');
  };
  const type = buf[pos];
  const e = lineEnd(pos + 1);
  const line = dec.decode(buf.subarray(pos + 1, e));
  let next = e + 2;
  const bulkish = (): [Uint8Array | null, number] => {
    const n = Number(line);
    if (n < 0) return [null, next];
    if (next + n + 2 > buf.length) throw new RangeError('incomplete');
    return [buf.slice(next, next + n), next + n + 2];
  };
  const aggregate = (n: number): [Reply[], number] => {
    const items: Reply[] = [];
    let p = next;
    for (let i = 0; i < n; i++) { const [v, q] = decodeReply(buf, p, binary); items.push(v); p = q; }
    return [items, p];
  };
  switch (type) {
    case 0x2b: return [line, next];                          // + simple string
    case 0x2d: return [new ReplyError(line), next];          // - error
    case 0x3a: return [Number(line), next];                  // : integer
    case 0x24: {                                             // $ bulk
      const [b, p] = bulkish();
      return [b === null ? null : binary ? b : dec.decode(b), p];
    }
    case 0x2a: {                                             // * array
      const n = Number(line);
      if (n < 0) return [null, next];
      return aggregate(n);
    }
    case 0x5f: return [null, next];                          // _ null
    case 0x23: return [line === 't', next];                  // # boolean
    case 0x2c: return [line === 'inf' ? Infinity : line === '-inf' ? -Infinity : Number(line), next]; // , double
    case 0x28: return [BigInt(line), next];                  // ( big number
    case 0x21: {                                             // ! bulk error
      const [b, p] = bulkish();
      return [new ReplyError(dec.decode(b!)), p];
    }
    case 0x3d: {                                             // = verbatim
      const [b, p] = bulkish();
      return [dec.decode(b!.subarray(4)), p];
    }
    case 0x25: {                                             // % map
      const [items, p] = aggregate(Number(line) * 2);
      const m = new Map<Reply, Reply>();
      for (let i = 0; i < items.length; i += 2) m.set(items[i], items[i + 1]);
      return [m, p];
    }
    case 0x7e: {                                             // ~ set
      const [items, p] = aggregate(Number(line));
      return [new Set(items), p];
    }
    case 0x3e: return aggregate(Number(line));               // > push
    case 0x7c: {                                             // | attribute: skip it, return the value after
      const [, p] = aggregate(Number(line) * 2);
      return decodeReply(buf, p, binary);
    }
  }
  throw new Error(`bad reply type byte ${type}`);
}
