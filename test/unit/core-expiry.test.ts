// Expiry through the wasm ABI with a fake clock: lazy expiry on access, the active cycle from cron,
// exact TTL arithmetic, and the idle-client timeout, all without sleeping.
import { describe, it, expect, beforeEach } from 'vitest';
import { CoreHarness, FakeClock } from '../helpers/core.ts';
import { encodeCommand } from '../helpers/resp.ts';
import { makeGenerator } from '../helpers/gen.ts';

const T0 = 1_800_000_000_000; // a fixed wall clock (ms)

let h: CoreHarness;
let clock: FakeClock;
let s: number;
beforeEach(async () => {
  clock = new FakeClock(T0);
  h = await CoreHarness.create({ wasm: 'test', clock, config: { ENABLE_DEBUG: 1 } });
  s = h.connect();
});

function pipeline(cmds: string[][]): string {
  h.feed(s, Buffer.concat(cmds.map((c) => encodeCommand(c))));
  return h.takeStr(s);
}

describe('lazy expiry', () => {
  it('a key is readable through its expiry time and gone just after it (Redis: expired when now > when)', () => {
    expect(h.callStr(s, 'SET', 'k', 'v', 'PX', '1000')).toBe('+OK\r\n');
    clock.advance(999);
    expect(h.callStr(s, 'GET', 'k')).toBe('$1\r\nv\r\n');
    expect(h.callStr(s, 'PTTL', 'k')).toBe(':1\r\n');
    clock.advance(1);
    expect(h.callStr(s, 'GET', 'k')).toBe('$1\r\nv\r\n');
    expect(h.callStr(s, 'PTTL', 'k')).toBe(':0\r\n');
    clock.advance(1);
    expect(h.walkCount()).toBe(1); // still in memory: nothing touched it yet
    expect(h.callStr(s, 'GET', 'k')).toBe('$-1\r\n');
    expect(h.walkCount()).toBe(0); // the access deleted it
    expect(h.expiresCount()).toBe(0);
    expect(h.callStr(s, 'EXISTS', 'k')).toBe(':0\r\n');
  });

  it('TTL and PTTL with exact times (TTL rounds to the nearest second, as Redis does)', () => {
    h.callStr(s, 'SET', 'k', 'v', 'EX', '100');
    expect(h.callStr(s, 'PTTL', 'k')).toBe(':100000\r\n');
    expect(h.callStr(s, 'TTL', 'k')).toBe(':100\r\n');
    clock.advance(50_500);
    expect(h.callStr(s, 'PTTL', 'k')).toBe(':49500\r\n');
    expect(h.callStr(s, 'TTL', 'k')).toBe(':50\r\n');
    clock.advance(400);
    expect(h.callStr(s, 'TTL', 'k')).toBe(':49\r\n');
    expect(h.callStr(s, 'EXPIRETIME', 'k')).toBe(`:${(T0 + 100_000) / 1000}\r\n`);
    expect(h.callStr(s, 'PEXPIRETIME', 'k')).toBe(`:${T0 + 100_000}\r\n`);
    expect(h.callStr(s, 'PEXPIREAT', 'k', String(T0 + 60_000))).toBe(':1\r\n');
    expect(h.callStr(s, 'PTTL', 'k')).toBe(`:${60_000 - 50_900}\r\n`);
    expect(h.callStr(s, 'EXPIREAT', 'k', String(T0 / 1000 - 1))).toBe(':1\r\n'); // in the past: deleted
    expect(h.callStr(s, 'EXISTS', 'k')).toBe(':0\r\n');
  });

  it('writes treat an expired key as absent (SET NX, INCR, APPEND, SETRANGE)', () => {
    pipeline([['SET', 'a', 'x', 'PX', '10'], ['SET', 'b', '5', 'PX', '10'], ['SET', 'c', 'abc', 'PX', '10'], ['SET', 'd', 'abc', 'PX', '10']]);
    clock.advance(11);
    expect(h.callStr(s, 'SET', 'a', 'y', 'NX')).toBe('+OK\r\n');
    expect(h.callStr(s, 'INCR', 'b')).toBe(':1\r\n');
    expect(h.callStr(s, 'APPEND', 'c', 'z')).toBe(':1\r\n');
    expect(h.callStr(s, 'SETRANGE', 'd', '1', 'q')).toBe(':2\r\n');
    expect(h.callStr(s, 'TTL', 'b')).toBe(':-1\r\n');
    expect(h.callStr(s, 'DBSIZE')).toBe(':4\r\n');
  });

  it('KEEPTTL, PERSIST, GETEX and GETSET with the clock', () => {
    h.callStr(s, 'SET', 'k', 'v', 'PX', '5000');
    clock.advance(1000);
    h.callStr(s, 'SET', 'k', 'w', 'KEEPTTL');
    expect(h.callStr(s, 'PTTL', 'k')).toBe(':4000\r\n');
    expect(h.callStr(s, 'GETEX', 'k', 'PX', '200')).toBe('$1\r\nw\r\n');
    expect(h.callStr(s, 'PTTL', 'k')).toBe(':200\r\n');
    expect(h.callStr(s, 'PERSIST', 'k')).toBe(':1\r\n');
    clock.advance(10_000);
    expect(h.callStr(s, 'GET', 'k')).toBe('$1\r\nw\r\n');
    h.callStr(s, 'SET', 'k', 'v', 'PX', '100');
    expect(h.callStr(s, 'GETSET', 'k', 'z')).toBe('$1\r\nv\r\n');
    clock.advance(1000);
    expect(h.callStr(s, 'GET', 'k')).toBe('$1\r\nz\r\n');
  });
});

describe('active expiry from cron', () => {
  it('deletes expired keys without any access, and only those', () => {
    const cmds: string[][] = [];
    for (let i = 0; i < 2000; i++) cmds.push(['SET', `e:${i}`, 'v', 'PX', String(100 + (i % 50))]);
    for (let i = 0; i < 1000; i++) cmds.push(['SET', `p:${i}`, 'v']);
    for (let i = 0; i < 500; i++) cmds.push(['SET', `l:${i}`, 'v', 'EX', '100000']);
    pipeline(cmds);
    expect(h.walkCount()).toBe(3500);
    expect(h.expiresCount()).toBe(2500);
    clock.advance(200);
    let crons = 0;
    while (h.walkCount() > 1500 && crons < 2000) { h.cron(); clock.advance(100); crons++; }
    expect(h.walkCount()).toBe(1500);
    expect(h.expiresCount()).toBe(500);
    expect(crons).toBeLessThan(2000);
    expect(h.callStr(s, 'DBSIZE')).toBe(':1500\r\n');
    expect(h.callStr(s, 'GET', 'l:7')).toBe('$1\r\nv\r\n');
    expect(h.callStr(s, 'GET', 'p:7')).toBe('$1\r\nv\r\n');
  });

  it('covers every database', () => {
    for (const db of ['0', '3', '15']) {
      expect(h.callStr(s, 'SELECT', db)).toBe('+OK\r\n');
      pipeline(Array.from({ length: 100 }, (_, i) => ['SET', `k${i}`, 'v', 'PX', '50']));
    }
    clock.advance(100);
    for (let i = 0; i < 500 && (h.walkCount(0) + h.walkCount(3) + h.walkCount(15)) > 0; i++) { h.cron(); clock.advance(100); }
    expect(h.walkCount(0) + h.walkCount(3) + h.walkCount(15)).toBe(0);
  });

  it('DEBUG SET-ACTIVE-EXPIRE 0 stops the active cycle; lazy expiry still works', () => {
    expect(h.callStr(s, 'DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toBe('+OK\r\n');
    pipeline(Array.from({ length: 100 }, (_, i) => ['SET', `k${i}`, 'v', 'PX', '10']));
    clock.advance(50);
    for (let i = 0; i < 50; i++) { h.cron(); clock.advance(100); }
    expect(h.walkCount()).toBe(100);
    expect(h.callStr(s, 'GET', 'k1')).toBe('$-1\r\n');
    expect(h.walkCount()).toBe(99);
    expect(h.callStr(s, 'DEBUG', 'SET-ACTIVE-EXPIRE', '1')).toBe('+OK\r\n');
    for (let i = 0; i < 200 && h.walkCount() > 0; i++) { h.cron(); clock.advance(100); }
    expect(h.walkCount()).toBe(0);
  });
});

describe('idle client timeout from cron', () => {
  it('closes a client idle longer than `timeout`, not an active one', async () => {
    const c2 = await CoreHarness.create({ clock, config: { TIMEOUT: 2 } });
    const idle = c2.connect();
    const busy = c2.connect();
    expect(c2.callStr(idle, 'PING')).toBe('+PONG\r\n');
    for (let i = 0; i < 25; i++) {
      clock.advance(100);
      expect(c2.callStr(busy, 'PING')).toBe('+PONG\r\n');
      c2.cron();
    }
    expect(c2.isClosing(idle)).toBe(true);
    expect(c2.isClosing(busy)).toBe(false);
  });
});

describe('TTL index invariants under random string/key commands', () => {
  // Every entry flagged with a TTL is in its db's TTL index at the position it records, and the
  // active cycle never deletes a key that has not expired. The command mix (test/helpers/gen.ts)
  // uses only far-future TTLs, so no key may disappear through cron while the clock stands still.
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: invariants hold after every command, cron deletes nothing`, async () => {
      const c = await CoreHarness.create({ wasm: 'test', clock, config: { ENABLE_DEBUG: 1 }, seed: [seed, seed * 7919] });
      const slot = c.connect();
      const gen = makeGenerator(seed);
      const check = c.x as unknown as Record<string, (db: number) => number>;
      for (let i = 0; i < 6000; i++) {
        const op = gen();
        c.feed(slot, encodeCommand(op.cmd));
        const reply = c.takeStr(slot);
        expect(reply.length, `no reply to ${op.cmd.join(' ')}`).toBeGreaterThan(0);
        for (const db of [0, 1]) {
          const r = check.t_check_expires(db);
          expect(r, `TTL index broken (code ${r}) in db ${db} after #${i} ${op.cmd.map(String).join(' ')}`).toBe(0);
        }
        if (i % 7 === 0) {
          const before = [c.walkCount(0), c.walkCount(1)];
          for (let k = 0; k < 3; k++) c.cron();
          expect([c.walkCount(0), c.walkCount(1)], `cron deleted live keys after #${i} ${op.cmd.map(String).join(' ')}`).toEqual(before);
        }
      }
    });
  }
});
