import { describe, expect, it } from 'vitest';
import { ParallelBroadPhase } from '../src/parallel/parallel-broad-phase.ts';
import { SlicedGrid } from '../sim-core/deconfliction/tactical/sliced-grid.ts';
import { DetectionResult } from '../sim-core/deconfliction/tactical/cpa.ts';
import { compileWorld, Simulation } from '../sim-core/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';
import { detectSnapshot } from '../bench/city-scale.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers/cli.ts';
import { LocalFrame } from '../sim-core/airspace/local-frame.ts';

const P = { rpz: 50, hpz: 15, tlook: 60 };
const rows = (r: DetectionResult) => [r.conflicts, r.los, r.candidatePairs, [...r.a.subarray(0, r.conflicts)], [...r.b.subarray(0, r.conflicts)],
  [...r.tcpa.subarray(0, r.conflicts)], [...r.dcpa.subarray(0, r.conflicts)], [...r.tin.subarray(0, r.conflicts)], [...r.tout.subarray(0, r.conflicts)],
  [...r.losA.subarray(0, r.los)], [...r.losB.subarray(0, r.los)], [...r.losDist.subarray(0, r.los)]];

describe('detection split across worker threads (src/parallel/)', () => {
  it("on BlueSky's flat earth too: latitudes, longitudes and the frame's meridian reach the workers", async () => {
    const s = detectSnapshot(4000, 40, 11);
    const frame = new LocalFrame(43.6, 77.05);
    s.frameLon = 77.05;
    for (let k = 0; k < s.n; k++) {
      const [lon, lat] = frame.inverse(s.x[k], s.y[k]);
      s.setLatLon(k, lat, lon);
    }
    const flat = { ...P, earth: 'bluesky' as const };
    const want = new DetectionResult(), local = new DetectionResult();
    new SlicedGrid().detect(s, flat, want);
    new SlicedGrid().detect(s, P, local);
    expect(want.conflicts).toBeGreaterThan(20);
    expect(rows(want)).not.toEqual(rows(local));
    const pool = new ParallelBroadPhase(2, 0);
    try {
      const got = new DetectionResult();
      pool.detect(s, flat, got);
      expect(pool.parallelPasses).toBe(1);
      expect(rows(got)).toEqual(rows(want));
    } finally {
      await pool.close();
    }
  });

  it('gives exactly the rows of one thread, dense (slices split) and sparse (cells split), and when a worker\'s rows overflow', async () => {
    const one = new SlicedGrid();
    const pools = [new ParallelBroadPhase(2, 0), new ParallelBroadPhase(3, 0), new ParallelBroadPhase(2, 0, 16)];
    try {
      for (const [n, density] of [[6000, 40], [3000, 0.5], [500, 200]]) {
        const s = detectSnapshot(n, density, n);
        const want = new DetectionResult();
        one.detect(s, P, want);
        expect(want.conflicts).toBeGreaterThan(20);
        for (const pool of pools) {
          const got = new DetectionResult();
          pool.detect(s, P, got);
          expect(rows(got)).toEqual(rows(want));
        }
      }
      expect(pools[2].redoneParts).toBeGreaterThan(0); // the 16-row pool had to redo a part, and grew
      expect(pools.every((p) => p.parallelPasses === 3)).toBe(true);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
  });

  it('a simulation with 2 detection threads is byte-identical to one with 1', async () => {
    const go = (workers: number) => {
      const s = loadScenario('alatau', ['airspace.strategic.enabled=false', 'demand.scale=20']);
      const pool = workers > 1 ? new ParallelBroadPhase(workers, 0) : undefined;
      const sim = new Simulation(compileWorld(s, 3), { record: true, broadPhase: pool });
      sim.run(Math.round(600 / s.params.dt));
      return { sim, pool };
    };
    const a = go(1), b = go(2);
    try {
      expect(a.sim.summary().airspace.tactical.conflicts).toBeGreaterThan(100);
      expect(b.sim.stateHash()).toBe(a.sim.stateHash());
      expect(JSON.stringify(b.sim.summary())).toBe(JSON.stringify(a.sim.summary()));
      expect(Buffer.from(b.sim.replayBytes()).equals(Buffer.from(a.sim.replayBytes()))).toBe(true);
      expect(b.pool!.parallelPasses).toBeGreaterThan(100);
    } finally {
      await b.pool?.close();
    }
  });

  it('run --workers: the same summary as one thread; a bad count is refused with exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skyweave-workers-'));
    try {
      const summaries = [1, 2].map((w) => {
        const r = runCli(['run', '--workers', String(w), '--duration', '300', '--set', 'demand.scale=20', '--set', 'airspace.strategic.enabled=false', '--no-replay', '--no-cr-baseline', '--quiet', '--out', join(dir, `w${w}`)]);
        expect(r.code, r.err).toBe(0);
        const summary = JSON.parse(readFileSync(join(dir, `w${w}`, 'summary.json'), 'utf8'));
        delete summary.performance;
        return JSON.stringify(summary);
      });
      expect(summaries[1]).toBe(summaries[0]);
      for (const bad of ['0', '1.5', 'two', '65']) {
        const r = runCli(['run', '--workers', bad, '--duration', '60', '--out', join(dir, 'bad')]);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/--workers/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
