import { describe, expect, it } from 'vitest';
import { PairTable } from '../sim-core/world/pair-table.ts';
import { RngStreams } from '../sim-core/world/rng.ts';

/** The reference: a Map keyed by the pair, which keeps insertion order as PairTable must. */
const keyOf = (a: number, b: number) => `${a},${b}`;
const contents = (t: PairTable) => Array.from({ length: t.n }, (_, k) => [t.a[k], t.b[k], t.value[k] ?? 0]);

describe('PairTable (the tactical ledger\'s pair sets)', () => {
  it.each([true, false])('agrees with a Map over random adds, updates, clears and retains, in insertion order (values: %s)', (withValues) => {
    const u = new RngStreams(7).stream('pair-table-test');
    const t = new PairTable(withValues), ref = new Map<string, [number, number, number]>();
    for (let op = 0; op < 60_000; op++) {
      const r = u();
      // Ids from a small range so pairs repeat, and from a large one so the index grows.
      const span = r < 0.5 ? 300 : 1 << 25, a = Math.floor(u() * span), b = a + 1 + Math.floor(u() * span);
      if (r < 0.2) {
        // addIfAbsent: true exactly when the pair is new; an existing pair keeps its value.
        const v = u(), fresh = !ref.has(keyOf(a, b));
        expect(t.addIfAbsent(a, b, v)).toBe(fresh);
        if (fresh) ref.set(keyOf(a, b), [a, b, withValues ? v : 0]);
      } else if (r < 0.9) {
        const at = t.find(a, b), v = u();
        expect(at >= 0).toBe(ref.has(keyOf(a, b)));
        if (at < 0) t.add(a, b, v);
        else if (withValues) t.value[at] = v;
        ref.set(keyOf(a, b), [a, b, withValues ? v : 0]);
      } else if (r < 0.995) {
        const keep = (x: number, y: number) => (x + y) % 3 !== 0;
        const before = ref.size;
        for (const [k, [x, y]] of ref) if (!keep(x, y)) ref.delete(k);
        expect(t.retain((k) => keep(t.a[k], t.b[k]))).toBe(before - ref.size);
      } else {
        t.clear();
        ref.clear();
      }
      if (op % 5000 === 0) expect(contents(t)).toEqual([...ref.values()]);
    }
    expect(t.n).toBe(ref.size);
    expect(contents(t)).toEqual([...ref.values()]);
    for (const [a, b] of ref.values()) expect(t.find(a, b)).toBeGreaterThanOrEqual(0);
    expect(t.find(1 << 26, (1 << 26) + 1)).toBe(-1);
    // Without values the table is a plain set: no value column is kept at all.
    expect(t.value.length > 0).toBe(withValues);
  });
});
