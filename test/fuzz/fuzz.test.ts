import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TARGETS } from './index.ts';
import { killRuns } from './kill.ts';

/**
 * A bounded share of the fuzz targets in every test run (FUZZ_CASES per target, default 40;
 * `npm run fuzz -- --cases N` runs any number and prints the outcomes). Fixed seeds: a failure
 * reproduces; fast-check shrinks it to a small counterexample.
 */
const CASES = Number(process.env.FUZZ_CASES ?? 40);

describe('fuzz: every input is accepted and runs with invariants, or is rejected with a location', () => {
  for (const [i, target] of TARGETS.entries()) {
    it(target.name, async () => {
      const seen = { accepted: 0, rejected: 0 };
      await fc.assert(fc.asyncProperty(target.arbitrary, async (input) => {
        seen[await target.run(input)]++;
      }), { numRuns: CASES, seed: 20261202 + i, endOnFailure: true });
      expect(seen.accepted + seen.rejected).toBe(CASES);
      // The generators must reach both sides, or the target tests only one of them.
      expect(seen.accepted, `${target.name}: no case was accepted`).toBeGreaterThan(0);
      expect(seen.rejected, `${target.name}: no case was rejected`).toBeGreaterThan(0);
    }, 120_000);
  }

  it('Ctrl-C at random moments of a run: exit 0 or 130, never a temp file, a summary only when whole or marked partial', async () => {
    const results = await killRuns(3, 7);
    for (const r of results) expect(r.ok, r.detail).toBe(true);
  }, 120_000);
});
