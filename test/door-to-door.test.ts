import { describe, expect, it } from 'vitest';
import { compileWorld, Simulation } from '../sim-core/index.ts';
import { DoorToDoor } from '../sim-core/engine/door-to-door.ts';
import { readReplay } from '../sim-core/index.ts';
import { EVENT_D2D_EGRESS } from '../sim-core/replay/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';

const d2d = (share: number, waitS = 120) => `demand.door_to_door={"share":${share},"wait_s":${waitS}}`;

function run(overrides: string[], hours = 2, record = false) {
  const sim = new Simulation(compileWorld(loadScenario('alatau', overrides), 1), { record });
  sim.run(Math.round((hours * 3600) / 0.5));
  return sim;
}

describe('door-to-door trips', () => {
  it('share 0 is the engine without the model (same hash)', () => {
    expect(run([d2d(0)], 0.5).stateHash()).toBe(run([], 0.5).stateHash());
  });

  it('legs are chained: the flight is requested only when the passenger reaches the vertiport', () => {
    const sim = run([d2d(0.5)], 2, true);
    const done = sim.doorToDoor.done;
    expect(done.total.length).toBeGreaterThan(20);
    for (let i = 0; i < done.total.length; i++) {
      expect(done.wait[i]).toBeGreaterThanOrEqual(0); // no flight left before its passenger arrived
      expect(done.total[i]).toBeCloseTo(done.access[i] + done.wait[i] + done.flight[i] + done.egress[i], 6);
    }
    const s = sim.summary().door_to_door;
    // The replay carries each leg (the viewer's tooltip shows them): one access event per flight
    // that took off, one egress event per completed trip, with the same door-to-door time.
    const replay = readReplay(sim.replayBytes());
    let egress = 0;
    for (let i = 0; i < replay.eventCount; i++) {
      const e = replay.event(i);
      if (e.kind === EVENT_D2D_EGRESS) {
        // Stored as float32: equal to a recorded door-to-door time within its precision.
        expect(done.total.some((t) => Math.abs(t - e.value) < 0.01)).toBe(true);
        egress++;
      }
    }
    expect(egress).toBe(done.total.length);
    expect(Object.values(s.by_zone_pair).reduce((n, p) => n + p.trips, 0)).toBe(s.completed);
    // Per zone pair: a p95 at least the mean and one of the pair's recorded times.
    const longest = Math.max(...done.total);
    for (const p of Object.values(s.by_zone_pair)) {
      expect(p.door_to_door_p95_s).toBeGreaterThanOrEqual(p.door_to_door_mean_s - 0.05);
      expect(p.door_to_door_p95_s).toBeLessThanOrEqual(longest + 0.05);
      expect(p.ground_only_p95_s).toBeGreaterThanOrEqual(p.ground_only_mean_s - 0.05);
    }
    expect(s.air_faster_share).toBeGreaterThan(0);
    expect(s.air_faster_share).toBeLessThan(1);
  }, 60_000);

  it('a slower shuttle delays the whole chain by both legs', () => {
    const quick = run([d2d(0.5, 0)]).summary().door_to_door, slow = run([d2d(0.5, 600)]).summary().door_to_door;
    // Different trips complete in the two runs (the chain shifts them): the means move by ~600 s.
    expect(Math.abs(slow.legs.access_mean_s - quick.legs.access_mean_s - 600)).toBeLessThan(60);
    expect(Math.abs(slow.legs.egress_mean_s - quick.legs.egress_mean_s - 600)).toBeLessThan(60);
    expect(Math.abs(slow.ground_only.mean_s - quick.ground_only.mean_s - 600)).toBeLessThan(60);
    expect(slow.door_to_door.mean_s).toBeGreaterThan(quick.door_to_door.mean_s + 1000);
  }, 60_000);

  it('without a road network, ground legs are 1.3 × the straight line at the shuttle speed, plus the wait', () => {
    const world = compileWorld(loadScenario('alatau', ['ground.model="simple"', 'demand.flows=[]', d2d(1)]), 1);
    const d = new DoorToDoor({ ...world, roadNetwork: null });
    const speed = world.classes[2].maxMps * 0.6;
    expect(d.groundTimeS(0, 0, 3000, 4000)).toBeCloseTo((1.3 * 5000) / speed + 120, 9);
  });
});
