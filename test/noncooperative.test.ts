import { describe, expect, it } from 'vitest';
import { compileWorld, Simulation } from '../sim-core/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';
import { TrafficState } from '../sim-core/deconfliction/tactical/traffic.ts';
import { giveWayShare } from '../sim-core/deconfliction/tactical/resolve/rules.ts';
import { PHASE_HOLDING, PHASE_MOVING } from '../sim-core/world/agents.ts';

const params = { rpz: 50, hpz: 15, tlook: 60, maxSpeed: [20, 67, 22], margin: 1.05, priority: [1, 2, 0], altBand: [[30, 120], [240, 420], [0, 0]] as [number, number][], climbMps: [5, 5, 0], descentMps: [3, 4, 0] };

describe('non-cooperative traffic', () => {
  it('a non-cooperative aircraft never yields: the cooperative one takes the whole resolution', () => {
    const s = new TrafficState();
    s.push(1, 0, 0, 0, 0, 90, 15, 0, 0);
    s.push(2, 1, 0, 0, 500, 90, 15, Math.PI, 0);
    expect(giveWayShare(s, 0, 1, params)).toBe(1);
    s.noncoop[1] = 1;
    expect(giveWayShare(s, 0, 1, params)).toBe(2);
    expect(giveWayShare(s, 1, 0, params)).toBe(0);
  });

  it('share 0 is the cooperative engine (same hash as without the field)', () => {
    const run = (overrides: string[]) => {
      const sim = new Simulation(compileWorld(loadScenario('alatau', overrides), 1), { record: false });
      sim.run(1200);
      return sim.stateHash();
    };
    expect(run(['demand.noncooperative_share=0'])).toBe(run([]));
  });

  it('a share of drones flies without intents and is never commanded; its conflicts and LoS are counted apart', () => {
    const scenario = loadScenario('alatau', ['demand.scale=3', 'demand.noncooperative_share=0.05']);
    const sim = new Simulation(compileWorld(scenario, 2), { record: false, keepIntents: true });
    const a = sim.agents;
    let seenNoncoop = 0;
    for (let t = 0; t < 3600; t += 10) {
      sim.run(20);
      for (let k = 0; k < a.highWater; k++) {
        if ((a.phase[k] !== PHASE_MOVING && a.phase[k] !== PHASE_HOLDING) || !a.noncoop[k]) continue;
        seenNoncoop++;
        expect(a.resoActive[k]).toBe(0);
        expect(sim.planner.intentOf(a.trip[k])).toBeUndefined();
      }
    }
    expect(seenNoncoop).toBeGreaterThan(0);
    const summary = sim.summary();
    const nc = summary.noncooperative;
    const drones = summary.classes.drone.requested;
    // About 5 % of the drone trips (binomial: within four standard deviations).
    const sd = Math.sqrt(drones * 0.05 * 0.95);
    expect(Math.abs(nc.trips - 0.05 * drones)).toBeLessThan(4 * sd);
    expect(nc.los_involving).toBeLessThanOrEqual(summary.airspace.tactical.los);
    expect(nc.conflicts_involving).toBeLessThanOrEqual(summary.airspace.tactical.conflicts);
  }, 60_000);
});
