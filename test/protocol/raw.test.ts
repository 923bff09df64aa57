// RESP on a real socket, byte for byte: protocol errors (exact reply, then the connection closes),
// inline commands, empty and partial requests, pipelining, and RESP3 framing after HELLO 3.
//
// Every test runs against Cinnabar and, when /usr/bin/redis-server exists, against real Redis too,
// so the expected bytes written here are checked against the reference as well.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startCinnabar, startRedis, redisAvailable, RawClient, sleep, show, parse, type TestServer } from '../helpers/servers.ts';

type Start = () => Promise<TestServer | null>;
const targets: Array<[string, Start]> = [['cinnabar', () => startCinnabar()]];
if (redisAvailable()) targets.push(['redis 7.0 (reference)', () => startRedis()]);
else describe.skip('raw protocol against real Redis (skipped: /usr/bin/redis-server not found)', () => { it('needs redis-server', () => {}); });

/** Sends `bytes`, expects exactly `reply` and then the server closing the connection. */
async function expectProtocolError(port: number, bytes: string | Buffer, reply: string): Promise<void> {
  const c = await RawClient.connect(port);
  try {
    c.sendRaw(bytes);
    const got = await c.readReply(5000);
    expect(show(got)).toBe(show(reply));
    expect(await c.waitClose(3000)).toBe(true);
  } finally {
    c.close();
  }
}

for (const [name, start] of targets) {
  describe(`raw protocol: ${name}`, () => {
    let srv: TestServer;
    beforeAll(async () => { srv = (await start())!; });
    afterAll(async () => { await srv?.stop(); });

    describe('protocol errors reply exactly and close the connection', () => {
      it('invalid multibulk length', async () => {
        await expectProtocolError(srv.port, '*abc\r\n', '-ERR Protocol error: invalid multibulk length\r\n');
        await expectProtocolError(srv.port, '*3000000000\r\n', '-ERR Protocol error: invalid multibulk length\r\n');
        await expectProtocolError(srv.port, '*1x\r\n', '-ERR Protocol error: invalid multibulk length\r\n');
      });
      it('invalid bulk length', async () => {
        await expectProtocolError(srv.port, '*1\r\n$abc\r\n', '-ERR Protocol error: invalid bulk length\r\n');
        await expectProtocolError(srv.port, '*1\r\n$-1\r\n', '-ERR Protocol error: invalid bulk length\r\n');
        await expectProtocolError(srv.port, '*1\r\n$536870913\r\n', '-ERR Protocol error: invalid bulk length\r\n');
        await expectProtocolError(srv.port, '*2\r\n$3\r\nGET\r\n$1x\r\n', '-ERR Protocol error: invalid bulk length\r\n');
      });
      it("expected '$'", async () => {
        await expectProtocolError(srv.port, '*1\r\n+PING\r\n', "-ERR Protocol error: expected '$', got '+'\r\n");
        await expectProtocolError(srv.port, '*2\r\n$3\r\nGET\r\n:1\r\n', "-ERR Protocol error: expected '$', got ':'\r\n");
      });
      it('unbalanced quotes in an inline request', async () => {
        await expectProtocolError(srv.port, 'SET "a b\r\n', '-ERR Protocol error: unbalanced quotes in request\r\n');
        await expectProtocolError(srv.port, "SET 'a b\r\n", '-ERR Protocol error: unbalanced quotes in request\r\n');
        await expectProtocolError(srv.port, 'SET "a"b c\r\n', '-ERR Protocol error: unbalanced quotes in request\r\n');
      });
      it('too big inline request', async () => {
        await expectProtocolError(srv.port, 'x'.repeat(70 * 1024), '-ERR Protocol error: too big inline request\r\n');
      });
      it('too big mbulk count string and bulk count string', async () => {
        await expectProtocolError(srv.port, '*' + '1'.repeat(70 * 1024), '-ERR Protocol error: too big mbulk count string\r\n');
        await expectProtocolError(srv.port, '*1\r\n$' + '1'.repeat(70 * 1024), '-ERR Protocol error: too big bulk count string\r\n');
      });
      it('commands before the error in the same packet are answered, nothing after it', async () => {
        const c = await RawClient.connect(srv.port);
        c.sendRaw('PING\r\n*1\r\n$4\r\nPING\r\n*x\r\nPING\r\n');
        expect((await c.readReply()).toString()).toBe('+PONG\r\n');
        expect((await c.readReply()).toString()).toBe('+PONG\r\n');
        expect((await c.readReply()).toString()).toBe('-ERR Protocol error: invalid multibulk length\r\n');
        expect(await c.waitClose(3000)).toBe(true);
        expect(c.unread().length).toBe(0);
      });
    });

    describe('request framing', () => {
      let c: RawClient;
      beforeAll(async () => { c = await RawClient.connect(srv.port); });
      afterAll(() => c?.close());

      it('inline commands: CRLF or LF, extra spaces, quotes and escapes', async () => {
        c.sendRaw('PING\r\n');
        expect((await c.readReply()).toString()).toBe('+PONG\r\n');
        c.sendRaw('PING\n');
        expect((await c.readReply()).toString()).toBe('+PONG\r\n');
        c.sendRaw('   SET    ik    "a b\\x41\\n\\"q\\\\"   \r\n');
        expect((await c.readReply()).toString()).toBe('+OK\r\n');
        expect((await c.call('GET', 'ik')).toString('latin1')).toBe('$8\r\na bA\n"q\\\r\n');
        c.sendRaw("SET ik2 'it\\'s \"x\"'\r\n");
        expect((await c.readReply()).toString()).toBe('+OK\r\n');
        expect((await c.call('GET', 'ik2')).toString('latin1')).toBe('$8\r\nit\'s "x"\r\n');
        c.sendRaw('ECHO ""\r\n');
        expect((await c.readReply()).toString()).toBe('$0\r\n\r\n');
        c.sendRaw('echo \t tab\r\n');
        expect((await c.readReply()).toString()).toBe('$3\r\ntab\r\n');
      });

      it('empty inline lines and empty multibulks are skipped without a reply', async () => {
        c.sendRaw('\r\n\n   \r\n*0\r\n*-1\r\nPING\r\n');
        expect((await c.readReply()).toString()).toBe('+PONG\r\n');
        await sleep(50);
        expect(c.unread().length).toBe(0);
      });

      it('unknown inline command error quotes its arguments', async () => {
        c.sendRaw('NOSUCH a "b c"\r\n');
        expect((await c.readReply()).toString()).toBe("-ERR unknown command 'NOSUCH', with args beginning with: 'a' 'b c' \r\n");
      });

      it('a command split into 1-3 byte pieces across many writes', async () => {
        const cmd = Buffer.from('*3\r\n$3\r\nSET\r\n$5\r\nsplit\r\n$11\r\nhello world\r\n*2\r\n$3\r\nGET\r\n$5\r\nsplit\r\nPING\r\n', 'latin1');
        for (let i = 0; i < cmd.length;) {
          const n = 1 + (i % 3);
          c.sendRaw(cmd.subarray(i, i + n));
          i += n;
          await new Promise((r) => setImmediate(r));
        }
        expect((await c.readReply()).toString()).toBe('+OK\r\n');
        expect((await c.readReply()).toString()).toBe('$11\r\nhello world\r\n');
        expect((await c.readReply()).toString()).toBe('+PONG\r\n');
      });

      it('pipelines 5000 commands in one write, replies in order', async () => {
        const parts: string[] = [];
        for (let i = 0; i < 2500; i++) parts.push(`*3\r\n$3\r\nSET\r\n$${`p${i}`.length}\r\np${i}\r\n$${String(i).length}\r\n${i}\r\n`, `ECHO e${i}\r\n`);
        c.sendRaw(parts.join(''));
        for (let i = 0; i < 2500; i++) {
          expect((await c.readReply()).toString()).toBe('+OK\r\n');
          expect((await c.readReply()).toString()).toBe(`$${`e${i}`.length}\r\ne${i}\r\n`);
        }
        c.sendRaw('*2\r\n$3\r\nGET\r\n$5\r\np2499\r\n');
        expect((await c.readReply()).toString()).toBe('$4\r\n2499\r\n');
      });

      it('binary-safe bulk arguments (CR, LF, NUL, 0xFF)', async () => {
        const v = Buffer.from([0, 13, 10, 255, 36, 42, 13, 10, 0]);
        expect((await c.call('SET', 'bin', v)).toString()).toBe('+OK\r\n');
        expect(await c.call('GET', 'bin')).toEqual(Buffer.concat([Buffer.from('$9\r\n'), v, Buffer.from('\r\n')]));
      });
    });

    describe('RESP3 framing', () => {
      it('HELLO 3 returns a map; nulls, maps and errors use RESP3 types; HELLO 2 switches back', async () => {
        const c = await RawClient.connect(srv.port);
        try {
          const hello = await c.call('HELLO', '3');
          expect(hello.toString('latin1')).toMatch(
            /^%7\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$\d+\r\n[\d.]+\r\n\$5\r\nproto\r\n:3\r\n\$2\r\nid\r\n:\d+\r\n\$4\r\nmode\r\n\$10\r\nstandalone\r\n\$4\r\nrole\r\n\$6\r\nmaster\r\n\$7\r\nmodules\r\n\*0\r\n$/);
          expect((await c.call('GET', 'nope')).toString()).toBe('_\r\n');
          expect((await c.call('MGET', 'nope', 'nope')).toString()).toBe('*2\r\n_\r\n_\r\n');
          expect((await c.call('CONFIG', 'GET', 'hz')).toString()).toBe('%1\r\n$2\r\nhz\r\n$2\r\n10\r\n');
          expect((await c.call('NOSUCH')).toString()).toMatch(/^-ERR unknown command/);
          const h2 = await c.call('HELLO', '2');
          expect(h2.toString('latin1')).toMatch(/^\*14\r\n\$6\r\nserver\r\n/);
          expect((await c.call('GET', 'nope')).toString()).toBe('$-1\r\n');
          expect((await c.call('CONFIG', 'GET', 'hz')).toString()).toBe('*2\r\n$2\r\nhz\r\n$2\r\n10\r\n');
        } finally {
          c.close();
        }
      });

      it('HELLO 3 with SETNAME; the parsed map decodes', async () => {
        const c = await RawClient.connect(srv.port);
        try {
          const n = parse(await c.call('HELLO', '3', 'SETNAME', 'resp3-client'));
          expect(n.t).toBe('%');
          expect(n.items!.length).toBe(14);
          expect((await c.call('CLIENT', 'GETNAME')).toString()).toBe('$12\r\nresp3-client\r\n');
        } finally {
          c.close();
        }
      });
    });
  });
}
