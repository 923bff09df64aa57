// Configuration that acts on the running server, on a real socket:
// - CONFIG SET port / bind: the listener moves, a busy port or a bad address leaves the server
//   where it was and rolls back every parameter of the same CONFIG SET (Redis's "apply" rollback),
//   connections already open stay open, and commands pipelined behind the CONFIG SET are answered
//   after it, in order (the host opens listeners asynchronously; the client waits);
// - rename-command (config file and argv): the new name reaches the command, the old one is an
//   unknown command, "" removes it, stats keep the original name; bad renames are fatal config
//   errors with Redis's text (compared with a real redis-server when one is installed).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { startCinnabar, freePort, RawClient, CINNABAR_BIN, REDIS_BIN, redisAvailable, type TestServer } from '../helpers/servers.ts';

/** Resolves true when a TCP connection to the port is accepted, false when it is refused. */
function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

describe('CONFIG SET port and bind', () => {
  let srv: TestServer;
  let c: RawClient;
  beforeAll(async () => {
    srv = await startCinnabar();
    c = await RawClient.connect(srv.port);
  });
  afterAll(async () => { c?.close(); await srv?.stop(); });

  it('moves the listener to a free port; the open connection stays', async () => {
    const to = await freePort();
    expect((await c.call('CONFIG', 'SET', 'port', String(to))).toString()).toBe('+OK\r\n');
    expect((await c.call('CONFIG', 'GET', 'port')).toString()).toBe(`*2\r\n$4\r\nport\r\n$${String(to).length}\r\n${to}\r\n`);
    expect(await canConnect(srv.port)).toBe(false);
    const d = await RawClient.connect(to);
    expect((await d.call('PING')).toString()).toBe('+PONG\r\n');
    expect((await d.call('INFO', 'server')).toString()).toContain(`tcp_port:${to}\r\n`);
    d.close();
    // move back so the harness can stop the server through its port
    expect((await c.call('CONFIG', 'SET', 'port', String(srv.port))).toString()).toBe('+OK\r\n');
    expect(await canConnect(srv.port)).toBe(true);
  });

  it('a busy port fails with Redis\'s error and rolls back the whole CONFIG SET', async () => {
    const blocker = net.createServer();
    const busy = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));
    try {
      const mm = (await c.call('CONFIG', 'GET', 'maxmemory')).toString();
      // pipelined: the replies must come back in order, the CONFIG SET error first
      c.sendRaw(`*6\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$9\r\nmaxmemory\r\n$8\r\n10000001\r\n$4\r\nport\r\n$${String(busy).length}\r\n${busy}\r\n` +
        '*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$9\r\nmaxmemory\r\n*1\r\n$4\r\nPING\r\n');
      expect((await c.readReply()).toString()).toBe("-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port\r\n");
      expect((await c.readReply()).toString()).toBe(mm);
      expect((await c.readReply()).toString()).toBe('+PONG\r\n');
      expect((await c.call('CONFIG', 'GET', 'port')).toString()).toContain(`\r\n${srv.port}\r\n`);
      expect(await canConnect(srv.port)).toBe(true);
    } finally {
      blocker.close();
    }
  });

  it('an address that cannot be bound fails and keeps the old bind', async () => {
    const before = (await c.call('CONFIG', 'GET', 'bind')).toString();
    expect((await c.call('CONFIG', 'SET', 'bind', '999.999.999.999')).toString())
      .toBe("-ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses.\r\n");
    expect((await c.call('CONFIG', 'GET', 'bind')).toString()).toBe(before);
    expect(await canConnect(srv.port)).toBe(true);
  });

  it('a new bind that reuses an address of the old one works (old listeners close first)', async () => {
    const before = (await c.call('CONFIG', 'GET', 'bind')).toString();
    expect((await c.call('CONFIG', 'SET', 'bind', '127.0.0.1')).toString()).toBe('+OK\r\n');
    expect(await canConnect(srv.port)).toBe(true);
    expect((await c.call('CONFIG', 'SET', 'bind', '* -::*')).toString()).toBe('+OK\r\n');
    expect((await c.call('CONFIG', 'GET', 'bind')).toString()).toBe(before);
    expect(await canConnect(srv.port)).toBe(true);
  });

  it('protected mode refuses non-loopback clients whatever the bind (Redis 7)', async (ctx) => {
    const ip = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!ip) { ctx.skip(); return; } // no non-loopback interface on this machine
    expect((await c.call('CONFIG', 'SET', 'bind', '*')).toString()).toBe('+OK\r\n');
    try {
      const d = await RawClient.connect(srv.port, ip);
      const reply = (await d.readReply()).toString();
      d.close();
      expect(reply.startsWith('-DENIED Redis is running in protected mode')).toBe(true);
      const l = await RawClient.connect(srv.port, '127.0.0.1');
      expect((await l.call('PING')).toString()).toBe('+PONG\r\n');
      l.close();
    } finally {
      expect((await c.call('CONFIG', 'SET', 'bind', '* -::*')).toString()).toBe('+OK\r\n');
    }
  });

  it('port 0 closes the TCP listener; inside MULTI the change applies too', async () => {
    const to = await freePort();
    expect((await c.call('MULTI')).toString()).toBe('+OK\r\n');
    expect((await c.call('CONFIG', 'SET', 'port', String(to))).toString()).toBe('+QUEUED\r\n');
    expect((await c.call('EXEC')).toString()).toBe('*1\r\n+OK\r\n');
    // the listener opens asynchronously after an EXEC; wait for it
    for (let i = 0; i < 50 && !(await canConnect(to)); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await canConnect(to)).toBe(true);
    expect((await c.call('CONFIG', 'SET', 'port', '0')).toString()).toBe('+OK\r\n');
    expect(await canConnect(to)).toBe(false);
    expect((await c.call('PING')).toString()).toBe('+PONG\r\n');
    expect((await c.call('CONFIG', 'SET', 'port', String(srv.port))).toString()).toBe('+OK\r\n');
    expect(await canConnect(srv.port)).toBe(true);
  });
});

describe('rename-command', () => {
  let srv: TestServer;
  let c: RawClient;
  beforeAll(async () => {
    srv = await startCinnabar(['--rename-command', 'flushdb', 'badger', '--rename-command', 'debug', '']);
    c = await RawClient.connect(srv.port);
  });
  afterAll(async () => { c?.close(); await srv?.stop(); });

  it('the new name runs the command; the old one is unknown; "" removes it', async () => {
    expect((await c.call('SET', 'k', 'v')).toString()).toBe('+OK\r\n');
    expect((await c.call('FLUSHDB')).toString()).toBe("-ERR unknown command 'FLUSHDB', with args beginning with: \r\n");
    expect((await c.call('DBSIZE')).toString()).toBe(':1\r\n');
    expect((await c.call('badger')).toString()).toBe('+OK\r\n');
    expect((await c.call('DBSIZE')).toString()).toBe(':0\r\n');
    expect((await c.call('DEBUG', 'SLEEP', '0')).toString()).toBe("-ERR unknown command 'DEBUG', with args beginning with: 'SLEEP' '0' \r\n");
    // COMMAND INFO looks names up as clients type them; the reply and stats keep the original name
    const info = (await c.call('COMMAND', 'INFO', 'flushdb', 'BADGER')).toString();
    expect(info.startsWith('*2\r\n$-1\r\n*')).toBe(true);
    expect(info).toContain('$7\r\nflushdb\r\n');
    expect((await c.call('INFO', 'commandstats')).toString()).toContain('cmdstat_flushdb:calls=1,');
    // host-owned commands are still found by the host under their own names
    expect((await c.call('CONFIG', 'GET', 'port')).toString()).toContain(`\r\n${srv.port}\r\n`);
  });

  const startupError = (bin: string, args: string[]) => {
    const r = spawnSync(bin, args, { encoding: 'latin1', timeout: 20_000 });
    const text = r.stderr.replace(/\(Redis [0-9.]+\)/, '(Redis x)');
    return { status: r.status, fatal: text.slice(text.indexOf('*** FATAL')) };
  };
  for (const [what, args] of [
    ['an unknown command', ['--rename-command', 'nosuch', 'x']],
    ['a target that exists', ['--rename-command', 'get', 'set']],
  ] as const) {
    it(`renaming ${what} is a fatal config error, as in Redis`, () => {
      const ours = startupError(process.execPath, [CINNABAR_BIN, '--port', '0', ...args]);
      expect(ours.status).toBe(1);
      expect(ours.fatal).toContain('rename-command');
      if (!redisAvailable()) { console.warn('redis-server not installed: Cinnabar-only check'); return; }
      const theirs = startupError(REDIS_BIN, ['--port', '0', ...args]);
      expect(ours.fatal).toBe(theirs.fatal);
    });
  }
});
