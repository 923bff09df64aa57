// The RESP request parser through the wasm ABI (no sockets): requests fed in every possible split,
// byte by byte and in random chunks give the same replies as in one piece; protocol errors reply
// exactly and flag the client for closing; arguments larger than the io buffer are reassembled.
import { describe, it, expect, beforeAll } from 'vitest';
import { CoreHarness } from '../helpers/core.ts';
import { encodeCommand } from '../helpers/resp.ts';

let h: CoreHarness;
beforeAll(async () => { h = await CoreHarness.create(); }, 60_000);

const PIPE = Buffer.from(
  '*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nhello\r\n' +
  'GET key\r\n' +
  '*2\r\n$4\r\nECHO\r\n$0\r\n\r\n' +
  '\r\n' +
  '*0\r\n' +
  'ECHO "a b\\r\\n"\r\n' +
  '*1\r\n$4\r\nPING\r\n', 'latin1');
const PIPE_REPLY = '+OK\r\n$5\r\nhello\r\n$0\r\n\r\n$5\r\na b\r\n\r\n+PONG\r\n';

function feedAll(slot: number, chunks: Buffer[]): string {
  let out = '';
  for (const c of chunks) { h.feed(slot, c); out += h.takeStr(slot); }
  return out;
}

describe('core parser: incremental input', () => {
  it('one piece', () => {
    const s = h.connect();
    expect(feedAll(s, [PIPE])).toBe(PIPE_REPLY);
    h.disconnect(s);
  });

  it('every split point into two pieces gives the same replies', () => {
    for (let i = 1; i < PIPE.length; i++) {
      const s = h.connect();
      const out = feedAll(s, [PIPE.subarray(0, i), PIPE.subarray(i)]);
      expect(out, `split at ${i}`).toBe(PIPE_REPLY);
      h.disconnect(s);
    }
  });

  it('byte by byte: a reply appears exactly when its command is complete', () => {
    const s = h.connect();
    const cmd = encodeCommand(['SET', 'bb', 'x'.repeat(40)]);
    for (let i = 0; i < cmd.length - 1; i++) {
      h.feed(s, cmd.subarray(i, i + 1));
      expect(h.takeStr(s), `after byte ${i}`).toBe('');
    }
    h.feed(s, cmd.subarray(cmd.length - 1));
    expect(h.takeStr(s)).toBe('+OK\r\n');
    expect(feedAll(s, [...PIPE].map((b) => Buffer.from([b])))).toBe(PIPE_REPLY);
    h.disconnect(s);
  });

  it('random chunking of a long mixed pipeline (seeded)', () => {
    let seed = 12345;
    const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
    const parts: Buffer[] = [];
    let want = '';
    for (let i = 0; i < 400; i++) {
      const v = 'v'.repeat(Math.floor(rnd() * 300)) + i;
      if (rnd() < 0.5) parts.push(encodeCommand(['SET', `k${i}`, v]));
      else parts.push(Buffer.from(`SET k${i} ${v}\r\n`));
      want += '+OK\r\n';
      parts.push(encodeCommand(['GET', `k${i}`]));
      want += `$${v.length}\r\n${v}\r\n`;
    }
    const all = Buffer.concat(parts);
    const s = h.connect();
    const chunks: Buffer[] = [];
    for (let p = 0; p < all.length;) {
      const n = 1 + Math.floor(rnd() * 700);
      chunks.push(all.subarray(p, p + n));
      p += n;
    }
    expect(feedAll(s, chunks)).toBe(want);
    h.disconnect(s);
  });

  it('an argument larger than the io buffer (3 MB) arrives whole, in one feed or trickled', () => {
    const v = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < v.length; i++) v[i] = (i * 7) & 0xff;
    const s = h.connect();
    expect(h.callStr(s, 'SET', 'big', v)).toBe('+OK\r\n');
    const r = h.call(s, 'GET', 'big');
    expect(r.subarray(r.length - v.length - 2, r.length - 2).equals(v)).toBe(true);
    const cmd = encodeCommand(['SET', 'big2', v]);
    let out = '';
    for (let p = 0; p < cmd.length; p += 16 * 1024 + 3) { h.feed(s, cmd.subarray(p, p + 16 * 1024 + 3)); out += h.takeStr(s); }
    expect(out).toBe('+OK\r\n');
    h.disconnect(s);
  });

  it('inline parsing: quotes, escapes, LF-only lines', () => {
    const s = h.connect();
    h.feed(s, 'SET q "x\\x41\\ty\\"z"\nGET q\n');
    expect(h.takeStr(s)).toBe('+OK\r\n$6\r\nxA\ty"z\r\n');
    h.feed(s, "SET q2 'single \\' quote'\r\nGET q2\r\n");
    expect(h.takeStr(s)).toBe("+OK\r\n$14\r\nsingle ' quote\r\n");
    h.disconnect(s);
  });
});

describe('core parser: protocol errors', () => {
  const cases: Array<[string, string | Buffer, string]> = [
    ['invalid multibulk length', '*x\r\n', '-ERR Protocol error: invalid multibulk length\r\n'],
    ['multibulk length above INT_MAX', '*2147483648\r\n', '-ERR Protocol error: invalid multibulk length\r\n'],
    ['invalid bulk length', '*1\r\n$-5\r\n', '-ERR Protocol error: invalid bulk length\r\n'],
    ['bulk length above proto-max-bulk-len', '*1\r\n$600000000\r\n', '-ERR Protocol error: invalid bulk length\r\n'],
    ["expected '$'", '*1\r\n*1\r\n', "-ERR Protocol error: expected '$', got '*'\r\n"],
    ['unbalanced quotes', 'GET "k\r\n', '-ERR Protocol error: unbalanced quotes in request\r\n'],
    ['too big inline request', Buffer.alloc(70 * 1024, 97), '-ERR Protocol error: too big inline request\r\n'],
    ['too big mbulk count string', Buffer.concat([Buffer.from('*'), Buffer.alloc(70 * 1024, 49)]), '-ERR Protocol error: too big mbulk count string\r\n'],
    ['too big bulk count string', Buffer.concat([Buffer.from('*1\r\n$'), Buffer.alloc(70 * 1024, 49)]), '-ERR Protocol error: too big bulk count string\r\n'],
  ];
  for (const [name, input, reply] of cases) {
    it(`${name}: exact reply, client flagged to close, later input ignored`, () => {
      const s = h.connect();
      h.feed(s, input);
      expect(h.takeStr(s)).toBe(reply);
      expect(h.isClosing(s)).toBe(true);
      h.feed(s, 'PING\r\n');
      expect(h.takeStr(s)).toBe('');
      h.disconnect(s);
    });
  }

  it('the same errors when the input arrives byte by byte', () => {
    for (const [name, input, reply] of cases.slice(0, 6)) {
      const s = h.connect();
      const b = typeof input === 'string' ? Buffer.from(input) : input;
      let out = '';
      for (const byte of b) { h.feed(s, Buffer.from([byte])); out += h.takeStr(s); }
      expect(out, name).toBe(reply);
      h.disconnect(s);
    }
  });

  it('unauthenticated clients: big multibulk and bulk lengths are protocol errors', async () => {
    const a = await CoreHarness.create({ requirepass: 'pw' });
    const s = a.connect();
    a.feed(s, 'PING\r\n');
    expect(a.takeStr(s)).toBe('-NOAUTH Authentication required.\r\n');
    a.feed(s, '*11\r\n');
    expect(a.takeStr(s)).toBe('-ERR Protocol error: unauthenticated multibulk length\r\n');
    const t = a.connect();
    a.feed(t, '*2\r\n$4\r\nAUTH\r\n$16385\r\n');
    expect(a.takeStr(t)).toBe('-ERR Protocol error: unauthenticated bulk length\r\n');
    const u = a.connect();
    expect(a.callStr(u, 'AUTH', 'pw')).toBe('+OK\r\n');
    a.feed(u, encodeCommand(['SET', 'k', 'x'.repeat(20000)]));
    expect(a.takeStr(u)).toBe('+OK\r\n');
  });
});
