import { describe, expect, it } from 'vitest';
import { compileWorld, Simulation } from '../sim-core/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';

const run = (cr: string) => {
  // Strategic deconfliction off and triple demand, so that tactical conflicts happen.
  const s = loadScenario('alatau', ['airspace.strategic.enabled=false', 'demand.scale=3', `tactical.resolver="${cr}"`]);
  const sim = new Simulation(compileWorld(s, 9), { record: false });
  sim.run(3600);
  return sim.tactical.summary();
};

describe('tactical deconfliction in the Alatau run', () => {
  const none = run('none');
  const mvp = run('mvp');
  const vo = run('vo');

  it('detects conflicts and losses of separation without resolution', () => {
    expect(none.conflicts).toBeGreaterThan(50);
    expect(none.los).toBeGreaterThan(20);
    expect(none.passes).toBe(1800);
  });

  it('MVP and velocity obstacles give fewer losses of separation than none, on the same seed', () => {
    expect(mvp.los).toBeLessThan(none.los);
    expect(vo.los).toBeLessThan(none.los);
    expect(mvp.los_severity_mean).toBeLessThan(none.los_severity_mean);
  });

  it('MVP and velocity obstacles shorten the time spent in loss of separation', () => {
    // VO used to keep pairs inside the zone (every diverging velocity looked equally bad there).
    expect(mvp.los_time_s).toBeLessThan(none.los_time_s / 3);
    expect(vo.los_time_s).toBeLessThan(none.los_time_s / 3);
  });

  it('reports per-hour counts that add up', () => {
    expect(none.conflicts_per_hour.reduce((a, b) => a + b, 0)).toBe(none.conflicts);
    expect(none.los_per_hour.reduce((a, b) => a + b, 0)).toBe(none.los);
  });
});
