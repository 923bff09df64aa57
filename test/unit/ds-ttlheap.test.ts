// ds/ttlheap.ts through the test ABI (assembly/test-abi/ttlheap.ts -> build/test-ttlheap.wasm): the
// min-heap of item pointers used for hash field expiry. Random pushes, removals from any slot,
// re-keying and relocation are checked against a model after every step, plus memory returning to
// its starting level.
import { ensureTestAbiWasm } from '../helpers/test-wasm.ts';
import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { mulberry32 } from '../helpers/gen.ts';

const ROOT = join(__dirname, '..', '..');
const WASM = join(ROOT, 'build', 'test-ttlheap.wasm');

function buildWasm(): void { ensureTestAbiWasm('ttlheap'); }

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let x: any;

beforeAll(async () => {
  buildWasm();
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536 });
  const { instance } = await WebAssembly.instantiate(await import('node:fs').then((fs) => fs.readFileSync(WASM)), {
    env: { memory, abort: () => { throw new Error('abort'); }, seed: () => 1 },
  });
  x = instance.exports;
  x.t_init();
}, 120_000);

describe('ds/ttlheap', () => {
  it('orders by key and keeps every back-index right under random operations', () => {
    const before = x.t_used();
    const h = x.t_heapNew();
    const r = mulberry32(7);
    const live = new Map<number, number>(); // item -> key
    for (let step = 0; step < 4000; step++) {
      const op = r();
      if (op < 0.45 || live.size === 0) {
        const key = Math.floor(r() * 1000) - 100;
        const it = x.t_itemNew(key);
        expect(x.t_push(h, it)).toBe(1);
        live.set(it, key);
      } else if (op < 0.65) {
        const items = [...live.keys()];
        const it = items[Math.floor(r() * items.length)];
        x.t_remove(h, it);
        x.t_itemFree(it);
        live.delete(it);
      } else if (op < 0.75) {
        // pop the top
        const top = x.t_top(h);
        const min = Math.min(...live.values());
        expect(x.t_itemKey(top)).toBe(min);
        x.t_removeAt(h, 0);
        x.t_itemFree(top);
        live.delete(top);
      } else if (op < 0.9) {
        const items = [...live.keys()];
        const it = items[Math.floor(r() * items.length)];
        const key = Math.floor(r() * 1000) - 100;
        x.t_rekey(h, it, key);
        live.set(it, key);
      } else {
        const items = [...live.keys()];
        const it = items[Math.floor(r() * items.length)];
        const key = live.get(it)!;
        const n = x.t_move(h, it);
        live.delete(it);
        live.set(n, key);
      }
      expect(x.t_len(h)).toBe(live.size);
      expect(x.t_valid(h)).toBe(1);
      if (live.size) expect(x.t_itemKey(x.t_top(h))).toBe(Math.min(...live.values()));
      else expect(x.t_top(h)).toBe(0);
    }
    // drain in key order
    const sorted = [...live.values()].sort((a, b) => a - b);
    const got: number[] = [];
    while (x.t_len(h) > 0) {
      const top = x.t_top(h);
      got.push(x.t_itemKey(top));
      x.t_removeAt(h, 0);
      x.t_itemFree(top);
    }
    expect(got).toEqual(sorted);
    expect(x.t_memUsage(h)).toBe(0);
    x.t_heapFree(h);
    expect(x.t_used()).toBe(before);
  });

  it('keys at the i64 extremes and ties', () => {
    const h = x.t_heapNew();
    const keys = [5, 5, -1, 0, 2 ** 53, -(2 ** 53), 5, 1];
    const items = keys.map((k) => { const it = x.t_itemNew(k); x.t_push(h, it); return it; });
    expect(x.t_valid(h)).toBe(1);
    const out: number[] = [];
    while (x.t_len(h)) { const t = x.t_top(h); out.push(x.t_itemKey(t)); x.t_removeAt(h, 0); }
    expect(out).toEqual([...keys].sort((a, b) => a - b));
    for (const it of items) x.t_itemFree(it);
    x.t_heapFree(h);
  });
});
