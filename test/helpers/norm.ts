// Normalisations for replies that legitimately differ between two servers. Each one says what it
// hides and why; everything it does not mention is still compared byte for byte. Normalisers keep
// the reply's type bytes and framing (so $ vs = vs + differences still show) and never touch
// error replies (the runner compares errors raw).
import { parse, encode, bulkNode, type Node } from './resp.ts';
import type { Norm } from './diff.ts';

/** Applies fn to the text of a bulk, verbatim (after its "txt:" prefix) or simple-string reply. */
export function mapText(fn: (s: string) => string): Norm {
  return (b) => {
    const n = parse(b);
    return encode(mapNodeText(n, fn));
  };
}

function mapNodeText(n: Node, fn: (s: string) => string): Node {
  if (n.t === '$' && n.data) return { ...n, data: Buffer.from(fn(n.data.toString('latin1')), 'latin1') };
  if (n.t === '=' && n.data) {
    const s = n.data.toString('latin1');
    return { ...n, data: Buffer.from(s.slice(0, 4) + fn(s.slice(4)), 'latin1') };
  }
  if (n.t === '+') return { ...n, head: fn(n.head) };
  return n;
}

/**
 * HELLO: the "version" value (reference binary 7.0.15, Cinnabar reports the 7.4 it targets) and the
 * "id" value (client ids depend on how many connections each server has seen) are replaced.
 */
export const helloNorm: Norm = (b) => {
  const n = parse(b);
  if (!n.items) return b;
  for (let i = 0; i + 1 < n.items.length; i += 2) {
    const k = n.items[i].data?.toString('latin1');
    if (k === 'version') n.items[i + 1] = bulkNode('<version>');
    if (k === 'id') n.items[i + 1] = { t: ':', head: '<id>' };
  }
  return encode(n);
};

/** KEYS and other unordered collections: elements sorted (hash-table order differs by design). */
export const sortArray: Norm = (b) => {
  const n = parse(b);
  if (!n.items) return b;
  const raws = n.items.map(encode).sort(Buffer.compare);
  return encode({ ...n, items: raws.map((r) => parse(r)) });
};

/** An integer whose value is machine-specific (CLIENT ID, MEMORY USAGE, LASTSAVE ...): only its shape is kept. */
export const intShape: Norm = (b) => {
  const n = parse(b);
  if (n.t === ':' && /^-?\d+$/.test(n.head)) return Buffer.from(':<int>\r\n');
  return b;
};

/** A non-negative integer: shape only, but the sign is kept. */
export const nonNegIntShape: Norm = (b) => {
  const n = parse(b);
  if (n.t === ':' && /^\d+$/.test(n.head)) return Buffer.from(':<int>=0\r\n');
  return b;
};

/** A bulk/verbatim whose content is implementation-specific (MEMORY DOCTOR, LOLWUT ...): type only. */
export const bulkShape: Norm = (b) => {
  const n = parse(b);
  if ((n.t === '$' || n.t === '=') && n.data) return Buffer.from(`${n.t}<bulk>\r\n`);
  return b;
};

/** An array whose elements are implementation-specific (help texts, stats): type and non-emptiness only. */
export const arrayShape: Norm = (b) => {
  const n = parse(b);
  if (n.items) return Buffer.from(`${n.t}<${n.items.length > 0 ? 'non-empty' : 'empty'}>\r\n`);
  return b;
};

/** TIME: two bulk strings of digits (seconds, microseconds < 1e6); values replaced after checking the shape. */
export const timeShape: Norm = (b) => {
  const n = parse(b);
  if (n.t !== '*' || n.items?.length !== 2) return b;
  const [s, us] = n.items.map((x) => x.data?.toString('latin1') ?? '');
  if (!/^\d{10}$/.test(s) || !/^\d{1,6}$/.test(us)) return b;
  return Buffer.from('*2\r\n$<secs>\r\n$<usecs>\r\n');
};

/**
 * DEBUG OBJECT: the object address and the LRU clock fields are replaced; so is serializedlength for
 * raw strings, which Redis reports LZF-compressed when over 20 bytes (Cinnabar has no LZF encoder yet).
 */
export const debugObject: Norm = mapText((s) => {
  let t = s.replace(/at:0x[0-9a-f]+/, 'at:<addr>').replace(/ lru:\d+/, ' lru:<lru>').replace(/lru_seconds_idle:\d+/, 'lru_seconds_idle:<idle>');
  if (/encoding:raw/.test(t)) t = t.replace(/serializedlength:\d+/, 'serializedlength:<maybe-compressed>');
  return t;
});

/**
 * CLIENT LIST / CLIENT INFO: each line is reduced to the given fields (values compared), in order.
 * Connection identities (id, addr, laddr, fd), ages, buffer sizes and memory are left out: they
 * depend on the process and the allocator. The 7.4 field list itself is checked in compat/v74.
 */
export function clientFields(...fields: string[]): Norm {
  return mapText((s) => s.split('\n').filter((l) => l.length).map((line) => {
    const kv = new Map<string, string>();
    for (const part of line.trim().split(' ')) {
      const i = part.indexOf('=');
      if (i > 0) kv.set(part.slice(0, i), part.slice(i + 1));
    }
    return fields.map((f) => `${f}=${kv.has(f) ? kv.get(f) : '<absent>'}`).join(' ');
  }).join('\n') + '\n');
}

/** CONFIG GET with patterns: pairs sorted by name (Redis returns them in hash-table order). */
export const configSorted: Norm = (b) => {
  const n = parse(b);
  if (!n.items) return b;
  const pairs: Array<[Node, Node]> = [];
  for (let i = 0; i + 1 < n.items.length; i += 2) pairs.push([n.items[i], n.items[i + 1]]);
  pairs.sort((x, y) => Buffer.compare(encode(x[0]), encode(y[0])));
  return encode({ ...n, items: pairs.flat() });
};

/** MONITOR feed line: the timestamp and the client address are replaced (db and argv are kept). */
export const monitorLine: Norm = mapText((s) =>
  s.replace(/^\d+\.\d{6} \[(\d+) [^\]]+\]/, '<ts> [$1 <addr>]'));

/**
 * SLOWLOG GET: per entry the timestamp, the duration and the client address are replaced; the id,
 * the argv (with Redis's truncation rules) and the client name are compared.
 */
export const slowlogNorm: Norm = (b) => {
  const n = parse(b);
  if (!n.items) return b;
  for (const e of n.items) {
    if (!e.items || e.items.length < 4) continue;
    e.items[1] = { t: ':', head: '<ts>' };
    e.items[2] = { t: ':', head: '<us>' };
    if (e.items[4]) e.items[4] = bulkNode('<addr>');
  }
  return encode(n);
};

/** INFO: only the section header lines ("# Server" ...), since field sets differ between versions. */
export const infoSections: Norm = mapText((s) => s.split('\r\n').filter((l) => l.startsWith('#')).join('\r\n') + '\r\n');

/**
 * INFO commandstats: the usec and usec_per_call fields are dropped (timing) and lines are sorted
 * (Redis prints them in command-table hash order). calls, rejected_calls and failed_calls are compared.
 */
export const commandstatsNorm: Norm = mapText((s) => {
  const lines = s.split('\r\n').filter((l) => l.length);
  const head = lines.filter((l) => l.startsWith('#'));
  const body = lines.filter((l) => !l.startsWith('#')).map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, '')).sort();
  return [...head, ...body].join('\r\n') + '\r\n';
});

/** INFO errorstats and other "name:value" sections whose line order is hash order: lines sorted. */
export const sortedInfoLines: Norm = mapText((s) => {
  const lines = s.split('\r\n').filter((l) => l.length);
  const head = lines.filter((l) => l.startsWith('#'));
  const body = lines.filter((l) => !l.startsWith('#')).sort();
  return [...head, ...body].join('\r\n') + '\r\n';
});

/** OBJECT IDLETIME right after an access: 0 or 1 depending on where the LRU clock ticks; both mapped to "small". */
export const smallIdle: Norm = (b) => {
  const n = parse(b);
  if (n.t === ':' && /^\d+$/.test(n.head) && Number(n.head) <= 2) return Buffer.from(':<small>\r\n');
  return b;
};

/** SCAN step reply: the cursor is kept only as zero / non-zero and the keys are sorted. */
export const scanStep: Norm = (b) => {
  const n = parse(b);
  if (!n.items || n.items.length !== 2) return b;
  const cur = n.items[0].data?.toString('latin1');
  n.items[0] = bulkNode(cur === '0' ? '0' : '<cursor>');
  const keys = n.items[1];
  if (keys.items) keys.items = keys.items.map(encode).sort(Buffer.compare).map((r) => parse(r));
  return encode(n);
};

/** RANDOMKEY: which key comes back is random; only "a bulk" vs nil is compared. */
export const randomKeyShape: Norm = (b) => {
  const n = parse(b);
  if (n.t === '$' && n.data) return Buffer.from('$<key>\r\n');
  return b;
};

/**
 * HELP replies: Redis 7.2 changed the shared footer line from "    Prints this help." to
 * "    Print this help."; the 7.0 reference's footer is rewritten to the 7.4 text.
 */
export const helpFooter74: Norm = (b) => {
  const n = parse(b);
  if (!n.items) return b;
  for (const it of n.items) if (it.t === '+' && it.head === '    Prints this help.') it.head = '    Print this help.';
  return encode(n);
};
