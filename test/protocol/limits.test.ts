// Connection limits and lifecycle on a real socket: big values, client-query-buffer-limit,
// proto-max-bulk-len, maxclients, timeout, requirepass/AUTH/NOAUTH, CLIENT KILL, QUIT, many
// concurrent clients, and a slow reader that must not stall other clients (backpressure).
//
// Each group runs against Cinnabar and, when /usr/bin/redis-server exists, against real Redis with
// the same configuration, so the observable behaviour asserted here is the reference's.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startCinnabar, startRedis, redisAvailable, RawClient, sleep, show, type TestServer } from '../helpers/servers.ts';

type Kind = 'cinnabar' | 'redis';
const kinds: Kind[] = redisAvailable() ? ['cinnabar', 'redis'] : ['cinnabar'];
if (!redisAvailable()) describe.skip('limits against real Redis (skipped: /usr/bin/redis-server not found)', () => { it('needs redis-server', () => {}); });

function start(kind: Kind, args: string[] = []): Promise<TestServer | null> {
  return kind === 'cinnabar' ? startCinnabar(args) : startRedis(args);
}

/** Runs fn with a server of each kind started with args. */
function withServer(title: string, args: string[], fn: (get: () => TestServer, kind: Kind) => void): void {
  for (const kind of kinds) {
    describe(`${title} [${kind}]`, () => {
      let srv: TestServer;
      beforeAll(async () => { srv = (await start(kind, args))!; });
      afterAll(async () => { await srv?.stop(); });
      fn(() => srv, kind);
    });
  }
}

function pattern(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; b[i] = x >>> 24; }
  return b;
}

withServer('big values', [], (srv) => {
  it('10 MB SET/GET over a raw connection, sent in one write and read back exactly', async () => {
    const c = await RawClient.connect(srv().port);
    try {
      const v = pattern(10 * 1024 * 1024, 7);
      expect((await c.call('SET', 'big', v)).toString()).toBe('+OK\r\n');
      const r = await c.call('GET', 'big');
      const head = `$${v.length}\r\n`;
      expect(r.length).toBe(head.length + v.length + 2);
      expect(r.subarray(0, head.length).toString()).toBe(head);
      expect(r.subarray(head.length, head.length + v.length).equals(v)).toBe(true);
      expect((await c.call('STRLEN', 'big')).toString()).toBe(`:${v.length}\r\n`);
    } finally {
      c.close();
    }
  });

  it('a 3 MB argument trickled in 64 KB pieces', async () => {
    const c = await RawClient.connect(srv().port);
    try {
      const v = pattern(3 * 1024 * 1024, 9);
      const cmd = Buffer.concat([Buffer.from(`*3\r\n$3\r\nSET\r\n$4\r\nbig2\r\n$${v.length}\r\n`), v, Buffer.from('\r\n')]);
      for (let i = 0; i < cmd.length; i += 65536) {
        c.sendRaw(cmd.subarray(i, i + 65536));
        await new Promise((r) => setImmediate(r));
      }
      expect((await c.readReply(10000)).toString()).toBe('+OK\r\n');
      const r = await c.call('GET', 'big2');
      expect(r.subarray(r.length - v.length - 2, r.length - 2).equals(v)).toBe(true);
    } finally {
      c.close();
    }
  });
});

withServer('client-query-buffer-limit 1mb', ['--client-query-buffer-limit', '1mb'], (srv) => {
  it('a client whose pending request passes the limit is disconnected without a reply', async () => {
    const c = await RawClient.connect(srv().port);
    try {
      c.sendRaw(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${3 * 1024 * 1024}\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 120);
      for (let i = 0; i < 32 && !c.closed; i++) {
        c.sendRaw(chunk);
        await sleep(2);
      }
      expect(await c.waitClose(5000)).toBe(true);
      expect(c.unread().toString()).toBe('');
    } finally {
      c.close();
    }
  });
  it('a complete command bigger than the limit is refused too (checked before parsing, as Redis)', async () => {
    const c = await RawClient.connect(srv().port);
    // INFO client_query_buffer_limit_disconnections is 7.4's (the 7.0.15 reference lacks it)
    const stat = async (x: RawClient) => {
      const m = /client_query_buffer_limit_disconnections:(\d+)/.exec((await x.call('INFO', 'stats')).toString());
      return m ? Number(m[1]) : null;
    };
    const before = await stat(c);
    try {
      // one write of a whole SET whose value alone is the limit
      c.sendRaw(Buffer.concat([Buffer.from(`*3\r\n$3\r\nSET\r\n$1\r\nq\r\n$${1024 * 1024}\r\n`), Buffer.alloc(1024 * 1024, 121), Buffer.from('\r\n')]));
      expect(await c.waitClose(5000)).toBe(true);
      expect(c.unread().toString()).toBe('');
    } finally {
      c.close();
    }
    const d = await RawClient.connect(srv().port);
    try {
      expect((await d.call('EXISTS', 'q')).toString()).toBe(':0\r\n');
      if (before !== null) expect(await stat(d)).toBe(before + 1);
    } finally {
      d.close();
    }
  });
  it('other clients are unaffected and a request under the limit works', async () => {
    const c = await RawClient.connect(srv().port);
    try {
      expect((await c.call('SET', 'k', Buffer.alloc(512 * 1024, 97))).toString()).toBe('+OK\r\n');
      expect((await c.call('STRLEN', 'k')).toString()).toBe(':524288\r\n');
    } finally {
      c.close();
    }
  });
});

withServer('client-output-buffer-limit normal 10 0 0', ['--client-output-buffer-limit', 'normal 10 0 0'], (srv) => {
  it('a reply past the per-client 16 KiB buffer closes the client before anything is sent', async () => {
    const c = await RawClient.connect(srv().port);
    try {
      expect((await c.call('SET', 'big', Buffer.alloc(100 * 1024, 122))).toString()).toBe('+OK\r\n');
      c.send('GET', 'big');
      expect(await c.waitClose(5000)).toBe(true);
      expect(c.unread().length).toBe(0);
    } finally {
      c.close();
    }
  });
  it('a reply that fits the 16 KiB buffer is not counted against the limit', async () => {
    const c = await RawClient.connect(srv().port);
    try {
      expect((await c.call('SET', 'small', Buffer.alloc(1000, 122))).toString()).toBe('+OK\r\n');
      expect((await c.call('GET', 'small')).length).toBe(1000 + 9);
    } finally {
      c.close();
    }
  });
});

withServer('proto-max-bulk-len 1mb', ['--proto-max-bulk-len', '1mb'], (srv) => {
  it('a bulk longer than the limit is a protocol error; exactly the limit is accepted', async () => {
    const c = await RawClient.connect(srv().port);
    c.sendRaw(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${1024 * 1024 + 1}\r\n`);
    expect(show(await c.readReply())).toBe(show('-ERR Protocol error: invalid bulk length\r\n'));
    expect(await c.waitClose(3000)).toBe(true);
    const d = await RawClient.connect(srv().port);
    try {
      expect((await d.call('SET', 'k', Buffer.alloc(1024 * 1024, 98))).toString()).toBe('+OK\r\n');
      expect((await d.call('APPEND', 'k', 'x')).toString()).toBe('-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n');
      expect((await d.call('SETRANGE', 'k', String(1024 * 1024), 'x')).toString()).toBe('-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n');
    } finally {
      d.close();
    }
  });
});

withServer('maxclients 3', ['--maxclients', '3'], (srv) => {
  it('the connection past maxclients gets the error and is closed; a freed slot can be reused', async () => {
    const cs = await Promise.all([0, 1, 2].map(() => RawClient.connect(srv().port)));
    for (const c of cs) expect((await c.call('PING')).toString()).toBe('+PONG\r\n');
    const extra = await RawClient.connect(srv().port);
    expect((await extra.readReply()).toString()).toBe('-ERR max number of clients reached\r\n');
    expect(await extra.waitClose(3000)).toBe(true);
    cs[0].close();
    await sleep(200);
    const again = await RawClient.connect(srv().port);
    expect((await again.call('PING')).toString()).toBe('+PONG\r\n');
    for (const c of [...cs, again]) c.close();
  });
});

withServer('timeout 1', ['--timeout', '1'], (srv) => {
  it('an idle client is closed after the timeout; an active one is not', async () => {
    const idle = await RawClient.connect(srv().port);
    const busy = await RawClient.connect(srv().port);
    expect((await idle.call('PING')).toString()).toBe('+PONG\r\n');
    const t0 = Date.now();
    let closedAt = 0;
    // keep the busy client going for more than two timeout periods, and until the idle one is closed
    while (Date.now() - t0 < 4500 && !(closedAt && Date.now() - t0 > 2300)) {
      expect((await busy.call('PING')).toString()).toBe('+PONG\r\n');
      if (!closedAt && idle.closed) closedAt = Date.now() - t0;
      await sleep(200);
    }
    expect(idle.closed).toBe(true);
    expect(closedAt).toBeGreaterThanOrEqual(900);
    expect(busy.closed).toBe(false);
    expect(idle.unread().toString()).toBe('');
    busy.close();
  });
});

withServer('requirepass', ['--requirepass', 'pw'], (srv) => {
  it('NOAUTH before AUTH, WRONGPASS for bad passwords, then commands work', async () => {
    const c = await RawClient.connect(srv().port);
    try {
      expect((await c.call('GET', 'k')).toString()).toBe('-NOAUTH Authentication required.\r\n');
      expect((await c.call('AUTH', 'nope')).toString()).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      expect((await c.call('AUTH', 'default', 'nope')).toString()).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
      expect((await c.call('PING')).toString()).toBe('-NOAUTH Authentication required.\r\n');
      expect((await c.call('AUTH', 'pw')).toString()).toBe('+OK\r\n');
      expect((await c.call('PING')).toString()).toBe('+PONG\r\n');
    } finally {
      c.close();
    }
  });
  it('unauthenticated clients may not send big multibulks (protocol error)', async () => {
    const c = await RawClient.connect(srv().port);
    c.sendRaw('*11\r\n');
    expect((await c.readReply()).toString()).toBe('-ERR Protocol error: unauthenticated multibulk length\r\n');
    expect(await c.waitClose(3000)).toBe(true);
    const d = await RawClient.connect(srv().port);
    d.sendRaw('*2\r\n$3\r\nGET\r\n$16385\r\n');
    expect((await d.readReply()).toString()).toBe('-ERR Protocol error: unauthenticated bulk length\r\n');
    expect(await d.waitClose(3000)).toBe(true);
  });
  it('HELLO 3 AUTH authenticates and switches protocol in one step', async () => {
    const c = await RawClient.connect(srv().port);
    try {
      const r = (await c.call('HELLO', '3', 'AUTH', 'default', 'pw')).toString('latin1');
      expect(r.startsWith('%7\r\n')).toBe(true);
      expect((await c.call('GET', 'nope')).toString()).toBe('_\r\n');
    } finally {
      c.close();
    }
  });
});

withServer('CLIENT KILL and QUIT', [], (srv) => {
  it('CLIENT KILL ID closes the other connection; its pending reply is not sent', async () => {
    const a = await RawClient.connect(srv().port);
    const b = await RawClient.connect(srv().port);
    const idB = (await b.call('CLIENT', 'ID')).toString().slice(1).trim();
    expect((await a.call('CLIENT', 'KILL', 'ID', idB)).toString()).toBe(':1\r\n');
    expect(await b.waitClose(3000)).toBe(true);
    expect((await a.call('CLIENT', 'KILL', 'ID', idB)).toString()).toBe(':0\r\n');
    expect((await a.call('PING')).toString()).toBe('+PONG\r\n');
    a.close();
  });
  it('CLIENT KILL addr:port (old form) closes that client', async () => {
    const a = await RawClient.connect(srv().port);
    const b = await RawClient.connect(srv().port);
    const info = (await b.call('CLIENT', 'INFO')).toString();
    const addr = /addr=(\S+)/.exec(info)![1];
    expect((await a.call('CLIENT', 'KILL', addr)).toString()).toBe('+OK\r\n');
    expect(await b.waitClose(3000)).toBe(true);
    expect((await a.call('CLIENT', 'KILL', addr)).toString()).toBe('-ERR No such client\r\n');
    a.close();
  });
  it('a client can kill itself with SKIPME no: it gets the reply, then the connection closes', async () => {
    const a = await RawClient.connect(srv().port);
    const id = (await a.call('CLIENT', 'ID')).toString().slice(1).trim();
    expect((await a.call('CLIENT', 'KILL', 'ID', id)).toString()).toBe(':0\r\n'); // SKIPME yes is the default
    a.send('CLIENT', 'KILL', 'ID', id, 'SKIPME', 'no');
    expect((await a.readReply()).toString()).toBe(':1\r\n');
    expect(await a.waitClose(3000)).toBe(true);
  });
  it('QUIT replies +OK, then closes; pipelined commands after it are not run', async () => {
    const a = await RawClient.connect(srv().port);
    a.sendRaw('*3\r\n$3\r\nSET\r\n$1\r\nq\r\n$1\r\n1\r\n*1\r\n$4\r\nQUIT\r\n*3\r\n$3\r\nSET\r\n$1\r\nq\r\n$1\r\n2\r\n');
    expect((await a.readReply()).toString()).toBe('+OK\r\n');
    expect((await a.readReply()).toString()).toBe('+OK\r\n');
    expect(await a.waitClose(3000)).toBe(true);
    expect(a.unread().length).toBe(0);
    const b = await RawClient.connect(srv().port);
    expect((await b.call('GET', 'q')).toString()).toBe('$1\r\n1\r\n');
    b.close();
  });
});

withServer('concurrency', [], (srv) => {
  it('200 concurrent clients with pipelined SET/GET of their own keys get only their own replies', async () => {
    const clients = await Promise.all(Array.from({ length: 200 }, () => RawClient.connect(srv().port)));
    try {
      await Promise.all(clients.map(async (c, i) => {
        const parts: string[] = [];
        for (let j = 0; j < 50; j++) {
          const k = `c${i}:${j}`, v = `v${i}.${j}`;
          parts.push(`*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${v.length}\r\n${v}\r\n*2\r\n$3\r\nGET\r\n$${k.length}\r\n${k}\r\n`);
        }
        c.sendRaw(parts.join(''));
        for (let j = 0; j < 50; j++) {
          expect((await c.readReply(10000)).toString()).toBe('+OK\r\n');
          const v = `v${i}.${j}`;
          expect((await c.readReply(10000)).toString()).toBe(`$${v.length}\r\n${v}\r\n`);
        }
      }));
      expect((await clients[0].call('DBSIZE')).toString()).toBe(':10000\r\n');
    } finally {
      for (const c of clients) c.close();
    }
  });

  it('INCR from 50 clients at once is atomic', async () => {
    const clients = await Promise.all(Array.from({ length: 50 }, () => RawClient.connect(srv().port)));
    try {
      await Promise.all(clients.map(async (c) => {
        c.sendRaw('*2\r\n$4\r\nINCR\r\n$7\r\ncounter\r\n'.repeat(100));
        for (let j = 0; j < 100; j++) expect((await c.readReply(10000)).toString()).toMatch(/^:\d+\r\n$/);
      }));
      expect((await clients[0].call('GET', 'counter')).toString()).toBe('$4\r\n5000\r\n');
    } finally {
      for (const c of clients) c.close();
    }
  });

  it('a slow reader with megabytes of pending replies does not stall other clients, and gets every byte', async () => {
    const setup = await RawClient.connect(srv().port);
    const v = pattern(1024 * 1024, 3);
    expect((await setup.call('SET', 'slow', v)).toString()).toBe('+OK\r\n');
    setup.close();
    const slow = await RawClient.connect(srv().port);
    slow.socket.pause(); // stop reading: the server's writes back up
    slow.sendRaw('*2\r\n$3\r\nGET\r\n$4\r\nslow\r\n'.repeat(64));
    const fast = await RawClient.connect(srv().port);
    try {
      await sleep(100);
      const t0 = Date.now();
      for (let i = 0; i < 20; i++) expect((await fast.call('PING')).toString()).toBe('+PONG\r\n');
      expect(Date.now() - t0).toBeLessThan(2000);
      slow.socket.resume();
      const head = Buffer.from(`$${v.length}\r\n`);
      for (let i = 0; i < 64; i++) {
        const r = await slow.readReply(20000);
        expect(r.length).toBe(head.length + v.length + 2);
        expect(r.subarray(head.length, head.length + v.length).equals(v)).toBe(true);
      }
      expect((await slow.call('PING')).toString()).toBe('+PONG\r\n');
    } finally {
      slow.close();
      fast.close();
    }
  });
});
