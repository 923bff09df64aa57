// COMMAND and its subcommands on a real socket: COUNT, INFO (the 10-element entry and its RESP3
// types), GETKEYS / GETKEYSANDFLAGS, DOCS and LIST FILTERBY.
//
// The metadata comes from assembly/server/commanddocs.ts (scripts/gen-command-docs.js): Redis
// 7.0.15's COMMAND INFO/DOCS plus hand-written 7.4 changes. Where 7.0 and 7.4 agree (GET, the
// GETKEYS results, COMMAND DOCS of 7.0 commands) the reply is also compared byte for byte with the
// reference redis-server when it is installed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import {
  startCinnabar, startRedis, redisAvailable, RawClient, parse, toJs, show, type TestServer, type Arg,
} from '../helpers/servers.ts';

let srv: TestServer;
let c: RawClient;
let c3: RawClient; // a RESP3 connection: maps decode to objects (toJs), sets to arrays

const js = async (cl: RawClient, ...args: Arg[]): Promise<unknown> => toJs(parse(await cl.call(...args)));

beforeAll(async () => {
  srv = await startCinnabar();
  c = await RawClient.connect(srv.port);
  c3 = await RawClient.connect(srv.port);
  await c3.call('HELLO', '3');
});
afterAll(async () => {
  c?.close();
  c3?.close();
  await srv?.stop();
});

describe('COMMAND COUNT', () => {
  it('counts the top-level commands that COMMAND LIST names', async () => {
    const count = await js(c, 'COMMAND', 'COUNT');
    const list = (await js(c, 'COMMAND', 'LIST')) as string[];
    expect(typeof count).toBe('number');
    expect(count).toBeGreaterThan(50);
    expect(count).toBe(list.filter((n) => !n.includes('|')).length);
    expect(list).toContain('command|count');
    expect(await c.callStr('COMMAND', 'COUNT', 'x')).toBe("-ERR wrong number of arguments for 'command|count' command\r\n");
  });
});

describe('COMMAND INFO', () => {
  it('describes GET with the 10-element entry', async () => {
    const [get] = (await js(c3, 'COMMAND', 'INFO', 'get')) as unknown[][];
    expect(get.slice(0, 8)).toEqual(['get', 2, ['readonly', 'fast'], 1, 1, 1, ['@read', '@string', '@fast'], []]);
    expect(get[8]).toEqual([{
      flags: ['RO', 'access'],
      begin_search: { type: 'index', spec: { index: 1 } },
      find_keys: { type: 'range', spec: { lastkey: 0, keystep: 1, limit: 0 } },
    }]);
    expect(get[9]).toEqual([]);
  });

  it('uses sets and maps in RESP3', async () => {
    const n = parse(await c3.call('COMMAND', 'INFO', 'get'));
    const entry = n.items![0];
    expect(entry.t).toBe('*');
    expect(entry.items!.map((x) => x.t).join(' ')).toBe('$ : ~ : : : ~ ~ ~ ~');
    expect(entry.items![8].items![0].t).toBe('%');
  });

  it('answers null for an unknown name, in order, case-insensitively', async () => {
    const r = (await js(c, 'COMMAND', 'INFO', 'GET', 'nosuch', 'set')) as Array<unknown[] | null>;
    expect(r.map((e) => (e ? e[0] : e))).toEqual(['get', null, 'set']);
    expect(await c3.callStr('COMMAND', 'INFO', 'nosuch')).toBe('*1\r\n_\r\n');
  });

  it('lists a container with its subcommands, and a subcommand by full name', async () => {
    const [cmd] = (await js(c, 'COMMAND', 'INFO', 'command')) as unknown[][];
    const subs = (cmd[9] as unknown[][]).map((s) => s[0]);
    expect(subs).toEqual(expect.arrayContaining(['command|count', 'command|docs', 'command|getkeys', 'command|info', 'command|list']));
    const [getkeys] = (await js(c, 'COMMAND', 'INFO', 'command|getkeys')) as unknown[][];
    expect(getkeys.slice(0, 3)).toEqual(['command|getkeys', -3, ['loading', 'stale']]); // -3 since 7.2
  });
});

describe('COMMAND GETKEYS / GETKEYSANDFLAGS', () => {
  it('finds the keys', async () => {
    expect(await js(c, 'COMMAND', 'GETKEYS', 'SET', 'k', 'v')).toEqual(['k']);
    expect(await js(c, 'COMMAND', 'GETKEYS', 'mset', 'a', '1', 'b', '2')).toEqual(['a', 'b']);
    expect(await js(c, 'COMMAND', 'GETKEYS', 'DEL', 'a', 'b', 'c')).toEqual(['a', 'b', 'c']);
  });

  it('gives the key flags', async () => {
    expect(await js(c, 'COMMAND', 'GETKEYSANDFLAGS', 'COPY', 'a', 'b')).toEqual([['a', ['RO', 'access']], ['b', ['OW', 'update']]]);
    expect(await js(c, 'COMMAND', 'GETKEYSANDFLAGS', 'SET', 'k', 'v', 'GET')).toEqual([['k', ['RW', 'access', 'update']]]);
    expect(await js(c, 'COMMAND', 'GETKEYSANDFLAGS', 'SET', 'k', 'v')).toEqual([['k', ['OW', 'update']]]);
  });

  it('answers the errors', async () => {
    expect(await c.callStr('COMMAND', 'GETKEYS', 'NOSUCH', 'x')).toBe('-ERR Invalid command specified\r\n');
    expect(await c.callStr('COMMAND', 'GETKEYS', 'PING')).toBe('-ERR The command has no key arguments\r\n');
    expect(await c.callStr('COMMAND', 'GETKEYS', 'GET')).toBe('-ERR Invalid number of arguments specified for command\r\n');
    expect(await c.callStr('COMMAND', 'GETKEYS')).toBe("-ERR wrong number of arguments for 'command|getkeys' command\r\n");
  });
});

describe('COMMAND DOCS', () => {
  it('documents GET', async () => {
    const docs = (await js(c3, 'COMMAND', 'DOCS', 'get')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(docs)).toEqual(['get']);
    expect(docs.get).toEqual({
      summary: 'Get the value of a key', since: '1.0.0', group: 'string', complexity: 'O(1)',
      arguments: [{ name: 'key', type: 'key', key_spec_index: 0 }],
    });
    const n = parse(await c3.call('COMMAND', 'DOCS', 'get'));
    expect(n.t).toBe('%');
    expect(n.items![1].t).toBe('%');
  });

  it('nests subcommands under a container and skips unknown names', async () => {
    const docs = (await js(c3, 'COMMAND', 'DOCS', 'nosuch', 'client')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(docs)).toEqual(['client']);
    const subs = docs.client.subcommands as Record<string, Record<string, unknown>>;
    expect(subs['client|list']).toMatchObject({ group: 'connection' });
    // a 7.2 subcommand: its entry is Cinnabar's own (no 7.0 reference exists)
    expect(subs['client|setinfo']).toMatchObject({ since: '7.2.0', group: 'connection', complexity: 'O(1)' });
    expect(await c.callStr('COMMAND', 'DOCS', 'nosuch')).toBe('*0\r\n');
  });

  it('has no display_text (Redis 7.0 layout)', async () => {
    const all = await c3.call('COMMAND', 'DOCS');
    expect(all.includes('display_text')).toBe(false);
    const docs = toJs(parse(all)) as Record<string, unknown>;
    expect(Object.keys(docs).length).toBe(await js(c, 'COMMAND', 'COUNT'));
  });
});

describe('COMMAND LIST FILTERBY', () => {
  it('filters by pattern', async () => {
    expect(await js(c, 'COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'getr*')).toEqual(['getrange']);
    expect(await js(c, 'COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'nomatch*')).toEqual([]);
    const clientSubs = (await js(c, 'COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'client|*')) as string[];
    expect(clientSubs.length).toBeGreaterThan(5);
    expect(clientSubs.every((n) => n.startsWith('client|'))).toBe(true);
    expect(clientSubs).toContain('client|no-touch');
  });

  it('filters by ACL category and module, and rejects other filters', async () => {
    const str = (await js(c, 'COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'string')) as string[];
    expect(str).toEqual(expect.arrayContaining(['get', 'set', 'append']));
    expect(str).not.toContain('del');
    expect(await js(c, 'COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nosuchcat')).toEqual([]);
    expect(await js(c, 'COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x')).toEqual([]);
    expect(await c.callStr('COMMAND', 'LIST', 'FILTERBY', 'BOGUS', 'x')).toBe('-ERR syntax error\r\n');
    expect(await c.callStr('COMMAND', 'LIST', 'FILTERBY', 'PATTERN')).toBe('-ERR syntax error\r\n');
  });
});

// Byte comparison with the reference where Redis 7.0 and 7.4 agree.
const sameIn70: Arg[][] = [
  ['COMMAND', 'INFO', 'get'], ['COMMAND', 'INFO', 'mget', 'nosuch'], ['COMMAND', 'DOCS', 'get'], ['COMMAND', 'DOCS', 'set'],
  ['COMMAND', 'GETKEYS', 'SET', 'k', 'v'], ['COMMAND', 'GETKEYSANDFLAGS', 'COPY', 'a', 'b'], ['COMMAND', 'GETKEYS', 'NOSUCH', 'x'],
  ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'getr*'], ['COMMAND', 'LIST', 'FILTERBY', 'BOGUS', 'x'],
];
if (redisAvailable()) {
  describe('COMMAND against redis-server 7.0 where 7.4 agrees', () => {
    let redis: TestServer | null = null;
    beforeAll(async () => { redis = await startRedis(); });
    afterAll(async () => { await redis?.stop(); });
    for (const resp of [2, 3]) {
      it(`RESP${resp}`, async () => {
        const a = await RawClient.connect(srv.port);
        const b = await RawClient.connect(redis!.port);
        try {
          if (resp === 3) { await a.call('HELLO', '3'); await b.call('HELLO', '3'); }
          for (const cmd of sameIn70) {
            const [x, y] = [await a.call(...cmd), await b.call(...cmd)];
            expect(show(x, 4000), cmd.join(' ')).toBe(show(y, 4000));
          }
        } finally { a.close(); b.close(); }
      });
    }
  });
} else {
  describe.skip('COMMAND against redis-server (skipped: /usr/bin/redis-server not found)', () => { it('needs redis-server', () => {}); });
}
