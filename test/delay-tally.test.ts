import { describe, expect, it } from 'vitest';
import { DelayTally } from '../sim-core/metrics/delay-tally.ts';
import { RngStreams } from '../sim-core/world/rng.ts';

/** The list-based figures the tally replaces: mean, nearest-rank percentile, histogram. */
function fromList(v: number[], edges: number[]) {
  const sorted = [...v].sort((a, b) => a - b);
  const counts = edges.map(() => 0);
  for (const d of v) {
    let b = 0;
    while (d > edges[b]) b++;
    counts[b]++;
  }
  return {
    mean: v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0,
    p95: v.length ? sorted[Math.min(v.length - 1, Math.ceil(0.95 * v.length) - 1)] : 0,
    p50: v.length ? sorted[Math.min(v.length - 1, Math.ceil(0.5 * v.length) - 1)] : 0,
    counts, delayed: v.filter((d) => d > 0).length,
  };
}

describe('DelayTally', () => {
  const edges = [0, 60, 120, 300, 600, 1200, Infinity];
  it('gives the figures of the full list (mean, p50, p95, histogram, delayed) in bounded memory', () => {
    const rng = new RngStreams(7).stream('test:delays');
    for (const n of [0, 1, 2, 19, 1000, 20000]) {
      const dt = 0.5, tally = new DelayTally(), list: number[] = [];
      for (let i = 0; i < n; i++) {
        // Mostly on time, a tail up to 30 min (in ticks of 0.5 s).
        const ticks = rng() < 0.6 ? 0 : Math.floor(rng() ** 3 * 3600);
        tally.add(ticks);
        list.push(ticks * dt);
      }
      const ref = fromList(list, edges);
      expect(tally.n).toBe(n);
      expect(tally.meanS(dt)).toBeCloseTo(ref.mean, 9);
      expect(tally.percentileS(0.95, dt)).toBe(ref.p95);
      expect(tally.percentileS(0.5, dt)).toBe(ref.p50);
      expect(tally.histogram(edges, dt)).toEqual(ref.counts);
      expect(tally.delayed).toBe(ref.delayed);
    }
  });
});
