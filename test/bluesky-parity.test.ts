import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';
import { paritySnapshots } from '../bench/bluesky-snapshots.ts';
import { comparePairs, runBlueSky, type PairRow } from '../bench/bluesky-parity.ts';

/**
 * Pair-for-pair parity with BlueSky's state-based detection: the numpy reference written from
 * BlueSky's statebased.py and geo.kwikqdrdist (bench/baselines/bluesky_statebased.py) against
 * `detect --earth bluesky` on generated snapshots (drones, eVTOLs, airliners at 60° N,
 * borderline crossings). Needs python3 with numpy (.ci/install-numpy); CI requires it.
 */
const required = process.env.SKYWEAVE_REQUIRE_NUMPY === '1';
const available = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
if (!available && !required) console.warn('BlueSky parity tests SKIPPED: no python3 with numpy (run "bash .ci/install-numpy")');

const dir = mkdtempSync(join(tmpdir(), 'skw-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!available && !required)('parity with BlueSky state-based detection', () => {
  const snapshots = paritySnapshots(1, 7);
  for (const [k, snap] of snapshots.entries()) {
    it(`${snap.name}: --earth bluesky finds BlueSky's pairs, tcpa/dcpa/tin/tout within 1e-6 relative; the local frame differs on borderline pairs`, () => {
      if (!available) throw new Error('python3 with numpy is required (SKYWEAVE_REQUIRE_NUMPY=1) but missing: run bash .ci/install-numpy');
      const file = join(dir, `snap-${k}.json`);
      writeFileSync(file, JSON.stringify({ aircraft: snap.aircraft }));
      const blue = runBlueSky(file, snap);
      expect(blue.asymmetric_pairs).toBe(0);
      // A snapshot without conflicts would prove nothing.
      expect(blue.conflicts.length).toBeGreaterThan(20);
      const detect = (earth: string, bp: string) => {
        const r = runCli(['detect', '--snapshot', file, '--rpz', String(snap.rpz), '--hpz', String(snap.hpz), '--tlook', String(snap.tlook), '--earth', earth, '--broadphase', bp, '--json']);
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        return JSON.parse(r.out) as { conflicts: PairRow[]; los: { a: number; b: number }[]; stats: { earth: string } };
      };
      for (const bp of ['sliced-grid', 'grid']) {
        const ours = detect('bluesky', bp);
        expect(ours.stats.earth).toBe('bluesky');
        const c = comparePairs(ours.conflicts, blue.conflicts);
        expect({ onlyOurs: c.onlyOurs, onlyBlueSky: c.onlyTheirs, matched: c.matched }).toEqual({ onlyOurs: 0, onlyBlueSky: 0, matched: blue.conflicts.length });
        for (const v of Object.values(c.maxRel)) expect(v).toBeLessThan(1e-6);
        expect(ours.los.map((p) => `${p.a}-${p.b}`)).toEqual(blue.los.map((p) => `${p.a}-${p.b}`));
      }
      // The default is the local frame: same physics, different earth, so values differ beyond 1e-6.
      const local = comparePairs(detect('local', 'sliced-grid').conflicts, blue.conflicts);
      expect(Math.max(...Object.values(local.maxRel))).toBeGreaterThan(1e-6);
      if (k === snapshots.length - 1) expect(local.onlyOurs + local.onlyTheirs).toBeGreaterThan(0);
    }, 60_000);
  }
});
