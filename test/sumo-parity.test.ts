import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithSumo, PARITY_DTS, PARITY_PROFILES } from '../bench/sumo-parity.ts';

// SUMO 1.15's own traces (recorded by bench/sumo-parity/run_sumo.py; see test/fixtures/sumo/README.md).
describe('SUMO 1.15 parity of the sumo integration', () => {
  for (const profile of PARITY_PROFILES) for (const dt of PARITY_DTS) {
    it(`${profile} at dt ${dt}: within 0.05 m and 0.01 m/s of SUMO`, () => {
      const c = compareWithSumo(join(import.meta.dirname, 'fixtures', 'sumo', `${profile}-${dt}`), dt);
      expect(c.rows).toBeGreaterThan(900);
      expect(c.maxPosErr).toBeLessThanOrEqual(0.05);
      expect(c.maxSpeedErr).toBeLessThanOrEqual(0.01);
    });
  }
});
