import { describe, it, expect } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitArgs, parseConfigText, quoteRepr, ConfigFileError } from '../../host/config/parse.ts';
import { ConfigRegistry, PARAMS, stringMatch, memtoull, paramsWithStatus } from '../../host/config/registry.ts';
import { loadServerConfig, rewriteConfigFile, expandGlob } from '../../host/config/file.ts';
import { formatLogLine, Logger } from '../../host/log.ts';

function reg(): ConfigRegistry {
  return new ConfigRegistry({ cwd: '/work' });
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cinnabar-cfg-'));
}

describe('splitArgs', () => {
  it('splits on whitespace and handles empty input', () => {
    expect(splitArgs('  port   6379 ')).toEqual(['port', '6379']);
    expect(splitArgs('')).toEqual([]);
    expect(splitArgs('   \t ')).toEqual([]);
  });
  it('double quotes with escapes', () => {
    expect(splitArgs('"a b" "\\n\\r\\t\\b\\a\\\\\\"" "\\x41\\x4a"')).toEqual(['a b', '\n\r\t\b\x07\\"', 'AJ']);
    expect(splitArgs('"\\xZZ"')).toEqual(['xZZ']);
    expect(splitArgs('"\\q"')).toEqual(['q']);
    expect(splitArgs('""')).toEqual(['']);
  });
  it('single quotes only escape the quote', () => {
    expect(splitArgs("'a\\'b' '\\n'")).toEqual(["a'b", '\\n']);
  });
  it('quotes can open mid-token', () => {
    expect(splitArgs('ab"c d"')).toEqual(['abc d']);
  });
  it('rejects unbalanced quotes and closing quote followed by non-space', () => {
    expect(splitArgs('"abc')).toBeNull();
    expect(splitArgs("'abc")).toBeNull();
    expect(splitArgs('"foo"bar')).toBeNull();
    expect(splitArgs("'foo'bar")).toBeNull();
    expect(splitArgs('"foo" bar')).toEqual(['foo', 'bar']);
  });
  it('quoteRepr round-trips', () => {
    const s = 'a "b"\\\n\r\t\x07\b\x00\xff';
    expect(quoteRepr(s)).toBe('"a \\"b\\"\\\\\\n\\r\\t\\a\\b\\x00\\xff"');
    expect(splitArgs(quoteRepr(s))).toEqual([s]);
  });
});

describe('parseConfigText', () => {
  it('skips comments and blank lines, trims', () => {
    const t = '# c\n\n  port 1  \r\n   # indented comment\nsave ""\n';
    expect(parseConfigText(t)).toEqual([
      { line: 3, args: ['port', '1'], raw: 'port 1' },
      { line: 5, args: ['save', ''], raw: 'save ""' },
    ]);
  });
  it('throws a fatal error for unbalanced quotes', () => {
    expect(() => parseConfigText('port 1\nfoo "bar')).toThrow(ConfigFileError);
  });
});

describe('glob', () => {
  it('matches like Redis stringmatchlen', () => {
    expect(stringMatch('*', 'anything')).toBe(true);
    expect(stringMatch('h?llo', 'hello')).toBe(true);
    expect(stringMatch('h[ae]llo', 'hallo')).toBe(true);
    expect(stringMatch('h[^e]llo', 'hello')).toBe(false);
    expect(stringMatch('h[a-b]llo', 'hbllo')).toBe(true);
    expect(stringMatch('h[b-a]llo', 'hallo')).toBe(true);
    expect(stringMatch('h\\*llo', 'h*llo')).toBe(true);
    expect(stringMatch('h\\*llo', 'hello')).toBe(false);
    expect(stringMatch('*max*entries', 'hash-max-listpack-entries')).toBe(true);
    expect(stringMatch('PORT', 'port', true)).toBe(true);
    expect(stringMatch('PORT', 'port', false)).toBe(false);
    expect(stringMatch('a[', 'a[')).toBe(false);
    expect(stringMatch('**x', 'abx')).toBe(true);
  });
});

describe('defaults', () => {
  it('prints defaults exactly as Redis CONFIG GET does', () => {
    const r = reg();
    const g = (n: string) => r.get([n])[0]?.[1];
    expect(g('save')).toBe('3600 1 300 100 60 10000');
    expect(g('client-output-buffer-limit')).toBe('normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
    expect(g('bind')).toBe('* -::*');
    expect(g('maxmemory')).toBe('0');
    expect(g('proto-max-bulk-len')).toBe('536870912');
    expect(g('client-query-buffer-limit')).toBe('1073741824');
    expect(g('enable-debug-command')).toBe('no');
    expect(g('dir')).toBe('/work');
    expect(g('latency-tracking-info-percentiles')).toBe('50 99 99.9');
    expect(g('unixsocketperm')).toBe('0');
    expect(g('busy-reply-threshold')).toBe('5000');
    expect(g('max-new-connections-per-cycle')).toBe('10');
  });
  it('has unique names and aliases', () => {
    const names = new Set<string>();
    for (const p of PARAMS) {
      for (const n of [p.name, p.alias].filter(Boolean) as string[]) {
        expect(names.has(n)).toBe(false);
        names.add(n);
      }
    }
    expect(paramsWithStatus('implemented')).toContain('maxmemory');
  });
});

describe('CONFIG GET', () => {
  it('matches globs case-insensitively and includes aliases', () => {
    const r = reg();
    const keys = r.get(['hash-max-*']).map(([k]) => k).sort();
    expect(keys).toEqual(['hash-max-listpack-entries', 'hash-max-listpack-value', 'hash-max-ziplist-entries', 'hash-max-ziplist-value']);
    expect(r.get(['PO*'])).toEqual([['port', '6379']]);
  });
  it('exact names echo the requested spelling; duplicates removed; unknown ignored', () => {
    const r = reg();
    expect(r.get(['PORT', 'PORT', 'nope'])).toEqual([['PORT', '6379']]);
    expect(r.get(['port', 'p?rt'])).toEqual([['port', '6379']]);
  });
  it('hidden parameters need an exact name', () => {
    const r = reg();
    expect(r.get(['*']).some(([k]) => k === 'key-load-delay')).toBe(false);
    expect(r.get(['key-load-delay'])).toEqual([['key-load-delay', '0']]);
  });
});

describe('CONFIG SET', () => {
  it('units, case-insensitive', () => {
    const r = reg();
    expect(r.set([['maxmemory', '1Gb']])).toBeNull();
    expect(r.value('maxmemory')).toBe('1073741824');
    expect(r.set([['maxmemory', '1k']])).toBeNull();
    expect(r.value('maxmemory')).toBe('1000');
    expect(r.set([['maxmemory', '2MB']])).toBeNull();
    expect(r.num('maxmemory')).toBe(2 * 1024 * 1024);
    expect(r.set([['maxmemory', '']])).toBeNull();
    expect(r.value('maxmemory')).toBe('0');
    expect(r.set([['maxmemory', '99999999999999999999999']])).toBeNull();
    expect(r.value('maxmemory')).toBe('18446744073709551615');
    expect(memtoull('1g')).toBe(1000000000n);
    expect(memtoull('1x')).toBeNull();
  });
  it('exact error texts', () => {
    const r = reg();
    expect(r.set([['foo', 'bar']])).toBe("ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
    expect(r.set([['maxmemory', '-1']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value");
    expect(r.set([['hz', 'abc']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer");
    expect(r.set([['hz', '01']])).toContain("couldn't be parsed into an integer");
    expect(r.set([['hz', '-1']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'hz') - argument must be between 0 and 2147483647 inclusive");
    expect(r.set([['maxclients', '0']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive");
    expect(r.set([['daemonize', 'yes']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config");
    expect(r.set([['appendfsync', 'bad']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of the following: everysec, always, no");
    expect(r.set([['activerehashing', 'maybe']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'activerehashing') - argument must be 'yes' or 'no'");
    expect(r.set([['maxmemory-clients', '200%']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100");
    expect(r.set([['maxmemory-clients', 'abc']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument must be a memory or percent value");
    expect(r.set([['notify-keyspace-events', 'Q']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    expect(r.set([['dir', '/tmp']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config");
    expect(r.set([['save', '100']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters");
    expect(r.set([['client-output-buffer-limit', 'foo 1 2 3']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Invalid client class specified in buffer limit configuration.");
    expect(r.set([['oom-score-adj-values', '1 2']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'oom-score-adj-values') - wrong number of arguments");
    expect(r.set([['hash-max-ziplist-entries', 'x']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - argument couldn't be parsed into an integer");
  });
  it('is atomic over several parameters', () => {
    const r = reg();
    expect(r.set([['hz', '20'], ['maxmemory', 'bad']])).toContain("'maxmemory'");
    expect(r.value('hz')).toBe('10');
    expect(r.set([['hz', '20'], ['maxmemory', '1mb']])).toBeNull();
    expect(r.value('hz')).toBe('20');
    expect(r.value('maxmemory')).toBe('1048576');
  });
  it('duplicate, alias and error precedence', () => {
    const r = reg();
    expect(r.set([['hz', '10'], ['HZ', '11']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter");
    // An alias and its primary are distinct entries in Redis: the last one wins.
    expect(r.set([['hash-max-ziplist-entries', '1'], ['hash-max-listpack-entries', '2']])).toBeNull();
    expect(r.value('hash-max-ziplist-entries')).toBe('2');
    expect(r.set([['hz', '10'], ['foo', '1']])).toBe("ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
    expect(r.set([['daemonize', 'no'], ['foo', '1']])).toContain("can't set immutable config");
  });
  it('special parameters', () => {
    const r = reg();
    expect(r.set([['save', '100 1 200 2']])).toBeNull();
    expect(r.value('save')).toBe('100 1 200 2');
    expect(r.set([['save', '']])).toBeNull();
    expect(r.value('save')).toBe('');
    expect(r.set([['client-output-buffer-limit', 'normal 1mb 2kb 3']])).toBeNull();
    expect(r.value('client-output-buffer-limit')).toBe('normal 1048576 2048 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
    expect(r.set([['client-output-buffer-limit', 'replica 1 2 3']])).toBeNull();
    expect(r.clientOutputBufferLimits().replica).toEqual({ hard: 1n, soft: 2n, seconds: 3 });
    expect(r.set([['notify-keyspace-events', 'KEA']])).toBeNull();
    expect(r.value('notify-keyspace-events')).toBe('AKE');
    expect(r.set([['bind', '127.0.0.1 -::1']])).toBeNull();
    expect(r.bindAddresses()).toEqual(['127.0.0.1', '-::1']);
    expect(r.set([['latency-tracking-info-percentiles', '99.9 50 1e1']])).toBeNull();
    expect(r.value('latency-tracking-info-percentiles')).toBe('99.9 50 10');
    expect(r.set([['maxmemory-clients', '10%']])).toBeNull();
    expect(r.value('maxmemory-clients')).toBe('10%');
    expect(r.num('maxmemory-clients')).toBe(-10);
    expect(r.set([['shutdown-on-sigterm', 'nosave now']])).toBeNull();
    expect(r.value('shutdown-on-sigterm')).toBe('nosave now');
    expect(r.set([['shutdown-on-sigterm', 'save nosave']])).toContain("SAVE and NOSAVE can't be used simultaneously");
    expect(r.set([['oom-score-adj', 'relative']])).toBeNull();
    expect(r.value('oom-score-adj')).toBe('yes');
    expect(r.set([['hz', '1000']])).toBeNull();
    expect(r.value('hz')).toBe('500');
    expect(r.set([['replicaof', 'localhost 1']])).toContain("can't set immutable config");
    expect(r.setInternal('replicaof', 'localhost 6380')).toBeNull();
    expect(r.value('slaveof')).toBe('localhost 6380');
  });
  it('protected configs follow enable-protected-configs', () => {
    const r = reg();
    r.loadText('enable-protected-configs local', 'test');
    expect(r.set([['dbfilename', 'x.rdb']])).toContain("can't set protected config");
    expect(r.set([['dbfilename', 'x.rdb']], { local: true })).toBeNull();
    expect(r.set([['dbfilename', 'a/x.rdb']], { local: true })).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, just a filename");
  });
  it('listeners are told about changes and may veto atomically', () => {
    const r = reg();
    const seen: Array<[string, string]> = [];
    r.on((n, v) => {
      seen.push([n, v]);
      return n === 'port' && v === '1' ? 'Unable to listen on this port' : null;
    });
    expect(r.set([['hz', '20'], ['port', '1']])).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port");
    expect(r.value('hz')).toBe('10');
    expect(r.value('port')).toBe('6379');
    expect(seen).toEqual([['hz', '20'], ['port', '1'], ['hz', '10']]);
    seen.length = 0;
    expect(r.set([['hz', '10']])).toBeNull();
    expect(seen).toEqual([]);
  });
});

describe('loading config text', () => {
  it('applies directives, aliases, multi-arg forms and accumulating save lines', () => {
    const r = reg();
    r.loadText([
      'port 7000', 'HASH-MAX-ZIPLIST-ENTRIES 7', 'save 900 1', 'save 300 10', 'client-output-buffer-limit "pubsub 1mb 1mb 0"',
      'list-max-ziplist-entries 3', 'rename-command FLUSHALL ""', 'maxmemory 1gb',
    ].join('\n'), 'redis.conf');
    expect(r.value('port')).toBe('7000');
    expect(r.value('hash-max-listpack-entries')).toBe('7');
    expect(r.value('save')).toBe('900 1 300 10');
    expect(r.clientOutputBufferLimits().pubsub.hard).toBe(1048576n);
    expect(r.directives).toEqual([{ name: 'rename-command', args: ['FLUSHALL', ''], line: 7, source: 'redis.conf', raw: 'rename-command FLUSHALL ""' }]);
  });
  it('reports errors in Redis fatal layout', () => {
    const r = reg();
    let err: ConfigFileError | null = null;
    try {
      r.loadText('port 7000\n\n  maxmemory   lots  \n', 'x.conf');
    } catch (e) {
      err = e as ConfigFileError;
    }
    expect(err).toBeInstanceOf(ConfigFileError);
    expect(err!.report).toBe(
      "\n*** FATAL CONFIG FILE ERROR (Redis 7.4.0) ***\nReading the configuration file, at line 3\n>>> 'maxmemory   lots'\nargument must be a memory value\n");
    expect(() => r.loadText('nosuchthing 1', 'x')).toThrow('Bad directive or wrong number of arguments');
    expect(() => r.loadText('port 1 2', 'x')).toThrow('wrong number of arguments');
    expect(() => r.loadText('port "1', 'x')).toThrow('Unbalanced quotes in configuration line');
    expect(() => r.loadText('daemonize yes', 'x')).toThrow(/daemonize/);
    expect(() => r.loadText('unixsocket /tmp/x.sock', 'x')).not.toThrow(); // unix sockets are served
    expect(() => r.loadText('daemonize no\nunixsocket ""', 'x')).not.toThrow();
  });
});

describe('config files', () => {
  it('expands include with globs recursively, and argv options come last', () => {
    const d = tmpdir();
    fs.mkdirSync(path.join(d, 'conf.d'));
    fs.writeFileSync(path.join(d, 'conf.d', 'a.conf'), 'hz 11\ninclude ' + path.join(d, 'deep.conf') + '\n');
    fs.writeFileSync(path.join(d, 'conf.d', 'b.conf'), 'hz 12\n');
    fs.writeFileSync(path.join(d, 'deep.conf'), 'databases 3\n');
    fs.writeFileSync(path.join(d, 'main.conf'), `port 7001\ninclude ${d}/conf.d/*.conf\ninclude ${d}/empty/*.conf\n`);
    expect(expandGlob(`${d}/conf.d/*.conf`).map((p) => path.basename(p))).toEqual(['a.conf', 'b.conf']);
    const r = reg();
    loadServerConfig(r, { configFile: path.join(d, 'main.conf'), options: 'port 7002' });
    expect(r.value('hz')).toBe('12');
    // save lines accumulate while loading; save "" (like --save '' on the command line) clears them
    const s1 = reg();
    fs.writeFileSync(path.join(d, 'save.conf'), 'save 900 1\nsave 60 5\n');
    loadServerConfig(s1, { configFile: path.join(d, 'save.conf') });
    expect(s1.value('save')).toBe('900 1 60 5');
    const s2 = reg();
    loadServerConfig(s2, { configFile: path.join(d, 'save.conf'), options: 'save ""' });
    expect(s2.value('save')).toBe('');
    expect(r.value('databases')).toBe('3');
    expect(r.value('port')).toBe('7002');
  });
  it('a missing include is fatal; stdin is read after the file', () => {
    const d = tmpdir();
    fs.writeFileSync(path.join(d, 'main.conf'), `include ${d}/nope.conf\n`);
    expect(() => loadServerConfig(reg(), { configFile: path.join(d, 'main.conf') })).toThrow(
      `Fatal error, can't open config file '${d}/nope.conf': No such file or directory`);
    const r = reg();
    fs.writeFileSync(path.join(d, 'ok.conf'), 'hz 30\n');
    loadServerConfig(r, { configFile: path.join(d, 'ok.conf'), stdin: true, readStdin: () => 'hz 40\n' });
    expect(r.value('hz')).toBe('40');
  });
  it('rewrites like Redis CONFIG REWRITE', () => {
    const d = tmpdir();
    const file = path.join(d, 'r.conf');
    fs.writeFileSync(file, '# my conf\nport 16398\nhash-max-ziplist-entries 100\nsave 900 1\nsave 300 10\nmaxmemory 1mb\n\n\n# tail\nbind 127.0.0.1\n');
    const r = new ConfigRegistry({ cwd: d });
    loadServerConfig(r, { configFile: file });
    expect(r.set([['maxmemory', '2gb'], ['hz', '20'], ['client-output-buffer-limit', 'pubsub 1mb 0 0'],
      ['notify-keyspace-events', 'KEA'], ['requirepass', 'a"b']])).toBeNull();
    rewriteConfigFile(r, file);
    const out = fs.readFileSync(file, 'latin1');
    const [head, tail] = out.split('# Generated by CONFIG REWRITE\n');
    expect(head).toBe('# my conf\nport 16398\nhash-max-listpack-entries 100\nsave 900 1\nsave 300 10\nmaxmemory 2gb\n\n# tail\nbind 127.0.0.1\n\n');
    expect(tail.split('\n').filter(Boolean).sort()).toEqual([
      'client-output-buffer-limit pubsub 1mb 0 0', `dir "${d}"`, 'hz 20', 'latency-tracking-info-percentiles 50 99 99.9',
      'notify-keyspace-events "AKE"', 'requirepass "a\\"b"',
    ]);
    // Reloading the rewritten file gives the same configuration.
    const r2 = new ConfigRegistry({ cwd: d });
    loadServerConfig(r2, { configFile: file });
    expect(r2.get(['*'])).toEqual(r.get(['*']));
    // Like Redis, the next rewrite reuses the existing client-output-buffer-limit line for the
    // 'normal' class (lines are reused in class order), so bytes drift but the meaning does not.
    rewriteConfigFile(r2, file);
    expect(fs.readFileSync(file, 'latin1')).toContain('client-output-buffer-limit normal 0 0 0\n');
    rewriteConfigFile(r2, file);
    const r3 = new ConfigRegistry({ cwd: d });
    loadServerConfig(r3, { configFile: file });
    expect(r3.get(['*'])).toEqual(r.get(['*']));
  });
  it('rewrite drops superseded lines, marks unknown ones, keeps defaults out', () => {
    const r = reg();
    expect(r.set([['save', '']])).toBeNull();
    const out = r.rewrite('save 1 1\nsave 2 2\nhz 10\nbind * -::*\nloadmodule x.so\nwhatever 1\n');
    expect(out).toBe('save ""\n\nhz 10\n\n# ??? whatever 1\n\n# Generated by CONFIG REWRITE\ndir "/work"\nlatency-tracking-info-percentiles 50 99 99.9\n');
    expect(reg().rewrite(null)).toBe(
      '# Generated by CONFIG REWRITE\ndir "/work"\nsave 3600 1\nsave 300 100\nsave 60 10000\nlatency-tracking-info-percentiles 50 99 99.9\n');
  });
});

describe('log format', () => {
  it('formats like redis-server', () => {
    const d = new Date(2026, 10, 26, 12, 53, 54, 695);
    expect(formatLogLine(3444, 'M', d, 'notice', 'Ready to accept connections tcp')).toBe(
      '3444:M 26 Nov 2026 12:53:54.695 * Ready to accept connections tcp');
    expect(formatLogLine(1, 'C', d, 'warning', 'x')).toBe('1:C 26 Nov 2026 12:53:54.695 # x');
    const lines: string[] = [];
    const l = new Logger({ pid: 7, now: () => d, stdout: (s) => lines.push(s), level: 'notice' });
    l.verbose('hidden');
    l.readyToAccept();
    expect(l.setLevel('debug')).toBeNull();
    l.debug('dbg');
    expect(lines).toEqual(['7:M 26 Nov 2026 12:53:54.695 * Ready to accept connections tcp\n', '7:M 26 Nov 2026 12:53:54.695 . dbg\n']);
    l.setLevel('nothing');
    l.warning('nope');
    expect(lines.length).toBe(2);
  });
  it('appends to a log file', () => {
    const f = path.join(tmpdir(), 'x.log');
    const l = new Logger({ pid: 1, file: f });
    l.notice('one');
    l.notice('two');
    expect(fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).length).toBe(2);
  });
});
