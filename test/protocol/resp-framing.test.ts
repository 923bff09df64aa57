// The test client's own RESP framing (test/helpers/servers.ts RawClient, test/helpers/resp.ts):
// every RESP2/RESP3 type, nested aggregates, attributes and push frames, delivered one byte per
// TCP write from a local fake server, come back as exactly one reply each.
import { describe, it, expect, afterAll } from 'vitest';
import net from 'node:net';
import { RawClient, replyEnd, parse, encode, toJs } from '../helpers/servers.ts';

const REPLIES = [
  '+OK\r\n', '-ERR bad\r\n', ':-42\r\n', '$5\r\nhe\r\no\r\n', '$0\r\n\r\n', '$-1\r\n', '*-1\r\n', '_\r\n', '#t\r\n', ',3.14\r\n',
  ',inf\r\n', '(12345678901234567890\r\n', '!9\r\nERR oops!\r\n', '=15\r\ntxt:Some string\r\n',
  '*3\r\n:1\r\n*2\r\n$1\r\na\r\n_\r\n%1\r\n+k\r\n*0\r\n',
  '%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n~2\r\n:1\r\n:2\r\n',
  '|1\r\n+ttl\r\n:3600\r\n$5\r\nvalue\r\n',
  '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$3\r\nhi!\r\n',
  '*2\r\n|1\r\n+a\r\n+b\r\n:7\r\n$0\r\n\r\n',
];

describe('RawClient framing', () => {
  const servers: net.Server[] = [];
  afterAll(() => { for (const s of servers) s.close(); });

  it('replyEnd finds the end of each reply and reports incomplete prefixes', () => {
    for (const r of REPLIES) {
      const b = Buffer.from(r, 'latin1');
      expect(replyEnd(b, 0), r).toBe(b.length);
      for (let i = 0; i < b.length; i++) expect(replyEnd(b.subarray(0, i), 0), `${JSON.stringify(r)} cut at ${i}`).toBe(-1);
    }
  });

  it('parse/encode round-trip every reply byte for byte', () => {
    for (const r of REPLIES) expect(encode(parse(Buffer.from(r, 'latin1'))).toString('latin1')).toBe(r);
    expect(toJs(parse(Buffer.from('%1\r\n$1\r\na\r\n*2\r\n:1\r\n_\r\n')))).toEqual({ a: [1, null] });
  });

  it('readReply returns each reply exactly, with the stream arriving one byte per write', async () => {
    const all = Buffer.from(REPLIES.join(''), 'latin1');
    const srv = net.createServer(async (sock) => {
      for (const byte of all) {
        sock.write(Buffer.from([byte]));
        await new Promise((r) => setImmediate(r));
      }
      sock.end();
    });
    servers.push(srv);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const c = await RawClient.connect((srv.address() as net.AddressInfo).port);
    for (const r of REPLIES) expect((await c.readReply()).toString('latin1')).toBe(r);
    expect(await c.waitClose(2000)).toBe(true);
    await expect(c.readReply(100)).rejects.toThrow(/closed/);
  });
});
