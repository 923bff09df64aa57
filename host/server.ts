// The Node host's network side: listeners, connections, backpressure, cron, and the commands the
// host owns (CONFIG, SHUTDOWN). Every data command runs in the core (host/core.ts).
//
// Per socket read: copy the chunk into the core and call feed once (Core.feed), then drain every
// client the core marked pending with one socket.write each. No per-command JS work.
import net from 'node:net';
import fs from 'node:fs';
import { Core, CF_CLOSE_AFTER_REPLY, CF_CLOSE_ASAP } from './core.js';
import { CORE_PARAMS, pushCoreConfig } from './core-config.js';
import type { ConfigRegistry } from './config/registry.js';
import type { Logger } from './log.js';
import { pushDynamicInfo, setInfoNum, InfoNum } from './info.js';

interface Conn {
  slot: number;
  socket: net.Socket;
  // The socket refused more (write returned false): further output stays in the core's buffer,
  // where it counts in used_memory (maxmemory eviction) as Redis's reply buffers do, until 'drain'.
  blocked: boolean;
  closing: boolean;
  softSince: number;   // when the output first exceeded the soft limit (0: not over)
}

export interface ServerOptions {
  core: Core;
  config: ConfigRegistry;
  log: Logger;
  configFile?: string;
  onShutdown: (code: number) => void;
  rewriteConfig?: (force: boolean) => string | null;
}


/** Loopback or unix socket (no remote address): Redis's notion of a local client. */
function isLocalAddress(ip: string | undefined): boolean {
  return ip === undefined || ip === '' || ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

/** Core client flag CF_PUBSUB (assembly/server/client.ts): the client holds subscriptions. */
const CLIENT_FLAG_PUBSUB = 1 << 23;
/** Core CF_EXECUTING: running the queued commands of EXEC. */
const CLIENT_FLAG_EXECUTING = 1 << 22;

export class CinnabarServer {
  readonly core: Core;
  readonly config: ConfigRegistry;
  readonly log: Logger;
  private readonly conns = new Map<number, Conn>();
  private tcpListeners: net.Server[] = [];
  private unixListener: net.Server | null = null;
  private cronTimer: NodeJS.Timeout | null = null;
  private readonly hostCmds = new Map<number, (slot: number) => void>();
  private shuttingDown = false;
  private readonly opts: ServerOptions;

  constructor(opts: ServerOptions) {
    this.opts = opts;
    this.core = opts.core;
    this.config = opts.config;
    this.log = opts.log;
    const reg = (name: string, fn: (slot: number) => void) => {
      const id = this.core.commandId(name);
      if (id < 0) throw new Error(`core has no command ${name}`);
      this.hostCmds.set(id, fn);
    };
    reg('config|get', (s) => this.configGet(s));
    reg('config|set', (s) => this.configSet(s));
    reg('config|resetstat', (s) => this.configResetstat(s));
    reg('config|rewrite', (s) => this.configRewrite(s));
    reg('config|help', (s) => this.configHelp(s));
    reg('shutdown', (s) => this.shutdownCommand(s));
  }

  /** Called by the core (through the host_command import) for CMD_HOST commands. */
  hostCommand(slot: number, cmdId: number): void {
    const fn = this.hostCmds.get(cmdId);
    if (fn) fn(slot);
    else this.core.reply(slot, '-ERR command not handled by host\r\n');
  }

  async listen(): Promise<void> {
    this.loadOutputLimits();
    await this.listenUnix();
    const port = this.config.num('port');
    const opened = await this.openTcpListeners(port, this.config.bindAddresses());
    if (opened === null) throw new Error(`Failed listening on port ${port} (tcp), aborting.`);
    this.tcpListeners = opened;
  }

  /**
   * One TCP listener per bind address (none for port 0, as Redis). An optional address ("-" prefix)
   * that does not exist here is skipped. On any other failure the warning is logged, the listeners
   * opened so far are closed and the result is null.
   */
  private async openTcpListeners(port: number, addrs: string[]): Promise<net.Server[] | null> {
    const opened: net.Server[] = [];
    if (port === 0) return opened;
    for (const raw of addrs) {
      const optional = raw.startsWith('-');
      let host = optional ? raw.slice(1) : raw;
      if (host === '*') host = '0.0.0.0';
      else if (host === '::*') host = '::';
      const srv = net.createServer({ noDelay: true }, (sock) => this.accept(sock));
      srv.maxConnections = Infinity;
      try {
        await new Promise<void>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen({ port, host, backlog: this.config.num('tcp-backlog'), exclusive: true, ipv6Only: host.includes(':') }, () => {
            srv.off('error', reject);
            resolve();
          });
        });
        opened.push(srv);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (optional && (err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT')) continue;
        this.log.warning(`Warning: Could not create server TCP listening socket ${raw === '*' ? '*' : host}:${port}: ${listenErrorText(err)}`);
        for (const o of opened) o.close();
        return null;
      }
    }
    return opened;
  }

  /** unixsocket / unixsocketperm: a stale socket file is removed first, as Redis does. */
  private async listenUnix(): Promise<void> {
    const file = this.config.value('unixsocket');
    if (!file) return;
    try { fs.unlinkSync(file); } catch { /* not there */ }
    const srv = net.createServer((sock) => this.accept(sock, file));
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen({ path: file, backlog: this.config.num('tcp-backlog') }, () => { srv.off('error', reject); resolve(); });
    }).catch((e: Error) => {
      throw new Error(`Failed opening Unix socket: ${e.message.replace(/^listen \w+: /, '')}`);
    });
    const perm = parseInt(this.config.value('unixsocketperm'), 8);
    if (perm) fs.chmodSync(file, perm);
    this.unixListener = srv;
    this.unixPath = file;
  }

  private unixPath = '';

  startCron(): void {
    const hz = Math.max(1, Math.min(500, this.config.num('hz')));
    this.cronTimer = setInterval(() => {
      this.core.x.cron(Date.now());
      pushDynamicInfo(this.core, this.config);
      this.flush();
      this.checkOutputLimits();
    }, Math.floor(1000 / hz));
  }

  restartCron(): void {
    if (this.cronTimer) clearInterval(this.cronTimer);
    this.startCron();
  }

  private accept(socket: net.Socket, unixPath?: string): void {
    const x = this.core.x;
    const maxclients = this.config.num('maxclients');
    if (this.conns.size >= maxclients) {
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    if (!unixPath && this.deniedByProtectedMode(socket)) {
      socket.end(PROTECTED_MODE_DENIED);
      return;
    }
    socket.setNoDelay(true);
    const ka = this.config.num('tcp-keepalive');
    if (ka > 0) socket.setKeepAlive(true, ka * 1000);
    const slot = x.client_new(Date.now());
    const addr = unixPath ? `${unixPath}:0` : fmtAddr(socket.remoteAddress, socket.remotePort);
    const laddr = unixPath ? `${unixPath}:0` : fmtAddr(socket.localAddress, socket.localPort);
    const a = this.core.writeIoString(addr, 0);
    const l = this.core.writeIoString(laddr, a);
    x.client_set_addr(slot, a, l);
    const conn: Conn = { slot, socket, blocked: false, closing: false, softSince: 0 };
    this.conns.set(slot, conn);
    socket.on('data', (chunk: Buffer) => {
      if (conn.closing) return;
      this.core.feed(slot, chunk);
      // a reply to this client alone goes out at once; output for other clients is batched
      const x = this.core.x;
      if (!this.flushScheduled && x.pending_count() === 1 && x.pending_slot(0) === slot) this.flush();
      else this.scheduleFlush();
    });
    socket.on('drain', () => {
      if (!conn.blocked || conn.closing) return;
      conn.blocked = false;
      // what accumulated in the core meanwhile goes out now
      if (this.core.x.client_out_len(slot) > 0) this.writeOut(conn);
    });
    socket.on('error', () => { /* reported through 'close' */ });
    socket.on('close', () => this.release(conn));
  }

  /**
   * Protected mode (Redis 7): with no password for the default user, only loopback clients are
   * served, whatever the bind addresses (Redis 6 also required the default bind).
   */
  private deniedByProtectedMode(socket: net.Socket): boolean {
    if (!this.config.bool('protected-mode') || this.config.value('requirepass') !== '') return false;
    const ip = socket.remoteAddress ?? '';
    return !(ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.'));
  }

  private release(conn: Conn): void {
    if (this.conns.get(conn.slot) !== conn) return;
    this.conns.delete(conn.slot);
    this.core.x.client_free(conn.slot);
  }

  /**
   * Output is written once per event-loop turn, after every socket that was readable has been fed
   * (Redis's beforeSleep): a client that receives from many others (a subscriber, a blocked client
   * being served) then gets one write per turn instead of one per publisher read.
   */
  private flushScheduled = false;
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flushNow);
  }
  private readonly flushNow = (): void => {
    this.flushScheduled = false;
    this.flush();
  };

  /** Writes out every pending client's output and acts on close flags. */
  flush(): void {
    const x = this.core.x;
    const n = x.pending_count();
    if (n === 0) return;
    // Closing frees the core client, which edits the pending list: collect first, close after.
    let toClose: Array<[Conn, boolean]> | null = null;
    for (let i = 0; i < n; i++) {
      const slot = x.pending_slot(i);
      const conn = this.conns.get(slot);
      if (!conn) continue;
      const flags = x.client_flags(slot);
      // Output limits are checked before writing, as Redis checks when a reply is added: a client
      // over its limit is closed and gets nothing more. A client closed ASAP gets nothing either.
      if (!conn.closing && (flags & CF_CLOSE_ASAP) === 0 && this.overOutputLimit(conn, Date.now())) {
        (toClose ??= []).push([conn, true]);
        continue;
      }
      if (!conn.closing && !conn.blocked && (flags & CF_CLOSE_ASAP) === 0 && x.client_out_len(slot) > 0) this.writeOut(conn);
      if (flags & (CF_CLOSE_ASAP | CF_CLOSE_AFTER_REPLY)) (toClose ??= []).push([conn, (flags & CF_CLOSE_ASAP) !== 0]);
    }
    x.pending_reset();
    if (toClose) for (const [conn, now] of toClose) this.close(conn, now);
  }

  /** Hands the client's core output to its socket; marks it blocked when the socket is full. */
  private writeOut(conn: Conn): void {
    const x = this.core.x;
    const data = this.core.copyOutBuffer(x.client_out_ptr(conn.slot), x.client_out_len(conn.slot));
    x.client_out_consumed(conn.slot);
    if (!conn.socket.write(data)) conn.blocked = true;
  }

  private close(conn: Conn, now: boolean): void {
    if (conn.closing) return;
    // a reply still held in the core (the socket was full) goes out before a graceful close
    if (!now && this.core.x.client_out_len(conn.slot) > 0) this.writeOut(conn);
    conn.closing = true;
    // After the last reply is handed to the kernel the socket is closed for good (not half-closed):
    // a peer still sending, e.g. after a protocol error, sees the connection reset, as with Redis.
    if (now) conn.socket.destroy();
    else conn.socket.end(() => conn.socket.destroy());
    // free the core client right away so a killed client can't run more commands
    this.release(conn);
  }

  /**
   * client-output-buffer-limit for the normal and pubsub classes (a client holding subscriptions is
   * a pubsub client, as in Redis): disconnect past the hard limit, or past the soft limit for longer
   * than its seconds. A slow subscriber is cut off; the publisher never waits for it.
   */
  private obufLimits = { normal: { hard: 0, soft: 0, seconds: 0 }, pubsub: { hard: 0, soft: 0, seconds: 0 } };

  /** Re-reads client-output-buffer-limit (at start and on CONFIG SET), so flush() needn't. */
  private loadOutputLimits(): void {
    const l = this.config.clientOutputBufferLimits();
    this.obufLimits = {
      normal: { hard: Number(l.normal.hard), soft: Number(l.normal.soft), seconds: l.normal.seconds },
      pubsub: { hard: Number(l.pubsub.hard), soft: Number(l.pubsub.soft), seconds: l.pubsub.seconds },
    };
  }

  private checkOutputLimits(): void {
    const { normal, pubsub } = this.obufLimits;
    if (normal.hard === 0 && normal.soft === 0 && pubsub.hard === 0 && pubsub.soft === 0) return;
    const now = Date.now();
    for (const conn of this.conns.values()) if (this.overOutputLimit(conn, now)) this.close(conn, true);
  }

  /** client-output-buffer-limit check for one connection; logs and returns true when it must go. */
  private overOutputLimit(conn: Conn, now: number): boolean {
    if (conn.closing) return false;
    const isPubsub = (this.core.x.client_flags(conn.slot) & CLIENT_FLAG_PUBSUB) !== 0;
    const limit = isPubsub ? this.obufLimits.pubsub : this.obufLimits.normal;
    const hard = limit.hard, soft = limit.soft;
    if (hard === 0 && soft === 0) return false;
    // Redis counts the reply list beyond its 16 KiB per-client buffer; here, output still in the
    // core past 16 KiB plus whatever Node holds because the kernel would not take it yet
    const pendingBytes = conn.socket.writableLength + Math.max(0, this.core.x.client_out_len(conn.slot) - 16384);
    let over = hard > 0 && pendingBytes > hard;
    if (!over && soft > 0 && pendingBytes > soft) {
      if (conn.softSince === 0) conn.softSince = now;
      else if (now - conn.softSince >= limit.seconds * 1000) over = true;
    } else if (soft > 0) conn.softSince = 0;
    if (over) {
      this.core.x.stat_obuf_limit_disconnection();
      this.log.warning(`Client id=${this.core.x.client_id(conn.slot)} addr=${fmtAddr(conn.socket.remoteAddress, conn.socket.remotePort)} scheduled to be closed ASAP for overcoming of output buffer limits.`);
    }
    return over;
  }

  // ---- host-owned commands --------------------------------------------------------------------

  private isResp3(slot: number): boolean { return this.core.x.client_resp(slot) >= 3; }

  private configGet(slot: number): void {
    const x = this.core.x;
    const patterns: string[] = [];
    for (let i = 2; i < x.arg_count(slot); i++) patterns.push(this.core.arg(slot, i));
    const pairs = this.config.get(patterns);
    const parts: Uint8Array[] = [];
    const head = this.isResp3(slot) ? `%${pairs.length}\r\n` : `*${pairs.length * 2}\r\n`;
    let out = head;
    for (const [k, v] of pairs) out += bulk(k) + bulk(v);
    this.core.reply(slot, Buffer.from(out, 'latin1'));
    void parts;
  }

  private configSet(slot: number): void {
    const x = this.core.x;
    const argc = x.arg_count(slot);
    if ((argc - 2) % 2 !== 0) {
      this.core.reply(slot, '-ERR syntax error\r\n');
      return;
    }
    const pairs: Array<[string, string]> = [];
    for (let i = 2; i < argc; i += 2) {
      pairs.push([Buffer.from(this.core.argBytes(slot, i)).toString('latin1'), Buffer.from(this.core.argBytes(slot, i + 1)).toString('latin1')]);
    }
    // enable-protected-configs local: only loopback and unix-socket clients count as local
    const conn = this.conns.get(slot);
    const before = { port: this.config.num('port'), bind: this.config.bindAddresses().join(' ') };
    const previous = pairs.map(([name]) => [name, this.config.get([name])[0]?.[1] ?? ''] as [string, string]);
    const err = this.config.set(pairs, { local: conn === undefined || isLocalAddress(conn.socket.remoteAddress) });
    if (err) { this.core.reply(slot, `-${err.replace(/[\r\n]/g, ' ')}\r\n`); return; }
    const port = this.config.num('port');
    const bind = this.config.bindAddresses().join(' ');
    if (port === before.port && bind === before.bind) { this.core.reply(slot, '+OK\r\n'); return; }
    this.rebind(slot, conn, pairs, previous, port !== before.port);
  }

  /**
   * CONFIG SET port/bind: as Redis's changeListener, the old listeners close first (so the new set
   * may reuse an address of the old one), then the new ones open; if that fails, every parameter
   * of the CONFIG SET is rolled back with Redis's error and the old listeners are opened again.
   * Connections already open stay open, as in Redis. Listening is asynchronous in Node, so the
   * client waits (client_host_wait) and its later input runs after the reply.
   * Deviation: inside MULTI/EXEC the client cannot wait; OK is answered at once and a failure
   * only rolls the values back and logs the warning.
   */
  private rebind(slot: number, conn: Conn | undefined, pairs: Array<[string, string]>, previous: Array<[string, string]>, portChanged: boolean): void {
    const x = this.core.x;
    const canWait = conn !== undefined && (x.client_flags(slot) & CLIENT_FLAG_EXECUTING) === 0;
    if (canWait) x.client_host_wait(slot);
    else this.core.reply(slot, '+OK\r\n');
    const name = pairs.find(([n]) => ['port', 'bind'].includes(n.toLowerCase()) && (n.toLowerCase() === 'port') === portChanged)?.[0]
      ?? (portChanged ? 'port' : 'bind');
    const old = this.tcpListeners;
    this.tcpListeners = [];
    for (const l of old) l.close(); // the listening socket closes now; its open connections stay
    void new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const opened = await this.openTcpListeners(this.config.num('port'), this.config.bindAddresses());
      if (opened !== null) {
        this.tcpListeners = opened;
        setInfoNum(this.core, InfoNum.TCP_PORT, this.config.num('port'));
      } else {
        this.config.set(previous, { internal: true });
        this.tcpListeners = (await this.openTcpListeners(this.config.num('port'), this.config.bindAddresses())) ?? [];
      }
      if (!canWait || this.conns.get(slot) !== conn || conn!.closing) return;
      const reason = portChanged ? 'Unable to listen on this port' : 'Failed to bind to specified addresses.';
      this.core.reply(slot, opened !== null ? '+OK\r\n' : `-ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}\r\n`);
      x.client_host_resume(slot);
      this.flush();
    });
  }

  private configResetstat(slot: number): void {
    (this.core.x as unknown as { reset_stats(): void }).reset_stats?.();
    this.core.reply(slot, '+OK\r\n');
  }

  private configRewrite(slot: number): void {
    if (!this.opts.configFile) {
      this.core.reply(slot, '-ERR The server is running without a config file\r\n');
      return;
    }
    // DEBUG CONFIG-REWRITE-FORCE-ALL comes here too (from the core): every parameter is written
    const force = this.core.arg(slot, 0).toLowerCase() === 'debug';
    const err = this.opts.rewriteConfig ? this.opts.rewriteConfig(force) : null;
    if (err) this.core.reply(slot, `-ERR Rewriting config file: ${err}\r\n`);
    else {
      this.log.notice('CONFIG REWRITE executed with success.');
      this.core.reply(slot, '+OK\r\n');
    }
  }

  private configHelp(slot: number): void {
    const lines = [
      'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
      'GET <pattern>',
      '    Return parameters matching the glob-like <pattern> and their values.',
      'SET <directive> <value>',
      '    Set the configuration <directive> to <value>.',
      'RESETSTAT',
      '    Reset statistics reported by the INFO command.',
      'REWRITE',
      '    Rewrite the configuration file.',
      'HELP',
      '    Print this help.',
    ];
    this.core.reply(slot, `*${lines.length}\r\n` + lines.map((l) => `+${l}\r\n`).join(''));
  }

  private shutdownCommand(slot: number): void {
    const x = this.core.x;
    let nosave = false, save = false, abort = false;
    for (let i = 1; i < x.arg_count(slot); i++) {
      const a = this.core.arg(slot, i).toLowerCase();
      if (a === 'nosave') nosave = true;
      else if (a === 'save') save = true;
      else if (a === 'now' || a === 'force') { /* no replicas or persistence waits yet */ }
      else if (a === 'abort') abort = true;
      else { this.core.reply(slot, '-ERR syntax error\r\n'); return; }
    }
    if ((abort && (nosave || save)) || (nosave && save)) { this.core.reply(slot, '-ERR syntax error\r\n'); return; }
    if (abort) { this.core.reply(slot, '-ERR No shutdown in progress.\r\n'); return; }
    this.log.warning('User requested shutdown...');
    this.shutdown(0);
  }

  /** Stops listening, closes clients and exits through onShutdown. */
  shutdown(code: number): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    if (this.cronTimer) clearInterval(this.cronTimer);
    for (const l of this.tcpListeners) l.close();
    this.unixListener?.close();
    if (this.unixPath) { try { fs.unlinkSync(this.unixPath); } catch { /* gone */ } }
    for (const conn of this.conns.values()) conn.socket.destroy();
    this.log.warning('Redis is now ready to exit, bye bye...');
    this.opts.onShutdown(code);
  }

  /** A parameter changed (or is being applied at start): update the core and host-side state. */
  applyCoreConfig(name: string): void {
    pushCoreConfig(this.core, this.config, name);
    switch (name) {
      case 'hz': if (this.cronTimer) this.restartCron(); break;
      case 'client-output-buffer-limit': this.loadOutputLimits(); break;
      case 'loglevel': this.log.setLevel(this.config.value('loglevel')); break;
      case 'logfile': this.log.setFile(this.config.value('logfile')); break;
    }
  }

  static readonly CORE_PARAMS = CORE_PARAMS;
}

const PROTECTED_MODE_DENIED = '-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command \'CONFIG SET protected-mode no\' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to \'no\', and then restarting the server. 3) If you started the server manually just for testing, restart it with the \'--protected-mode no\' option. 4) Set up an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n';

/** A listen error in the words Redis logs (anet's "bind: <strerror>" or getaddrinfo's text). */
function listenErrorText(err: NodeJS.ErrnoException): string {
  const strerror: Record<string, string> = {
    EADDRINUSE: 'Address already in use', EACCES: 'Permission denied', EADDRNOTAVAIL: 'Cannot assign requested address',
    EAFNOSUPPORT: 'Address family not supported by protocol', EINVAL: 'Invalid argument',
  };
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_NONAME') return 'Name or service not known';
  if (err.code && strerror[err.code]) return `bind: ${strerror[err.code]}`;
  return (err.message ?? String(err)).replace(/^listen \w+: /, '');
}

function fmtAddr(ip: string | undefined, port: number | undefined): string {
  let a = ip ?? '?';
  if (a.startsWith('::ffff:')) a = a.slice(7);
  return `${a}:${port ?? 0}`;
}

function bulk(s: string): string {
  return `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`;
}
