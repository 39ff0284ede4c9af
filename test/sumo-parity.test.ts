import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithSumo, PARITY_CASES, PARITY_DTS, PARITY_PROFILES } from '../bench/sumo-parity.ts';

// SUMO 1.15's own traces (recorded by bench/sumo-parity/run_sumo.py; see test/fixtures/sumo/README.md).
describe('SUMO 1.15 parity of the car-following models', () => {
  for (const c of PARITY_CASES) for (const profile of PARITY_PROFILES) for (const dt of PARITY_DTS) {
    it(`${c.model} (${c.method}) ${profile} at dt ${dt}: within 0.05 m and 0.01 m/s of SUMO`, () => {
      const r = compareWithSumo(join(import.meta.dirname, 'fixtures', 'sumo', c.folder, `${profile}-${dt}`), dt, c.model, c.integration);
      expect(r.rows).toBeGreaterThan(900);
      expect(r.maxPosErr).toBeLessThanOrEqual(0.05);
      expect(r.maxSpeedErr).toBeLessThanOrEqual(0.01);
    });
  }
});
