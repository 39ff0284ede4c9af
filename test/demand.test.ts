import { describe, expect, it } from 'vitest';
import { compileWorld, RngStreams, Simulation } from '../sim-core/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';
import { pointInRing } from '../sim-core/airspace/geometry.ts';

describe('demand', () => {
  it('spawns trips at the configured Poisson rate (within 4 sigma)', () => {
    // One flow at 3,600 trips/h for 1 h with a flat profile: expect 3,600 ± 4·60.
    const s = loadScenario('alatau', ['demand.profile=' + JSON.stringify(Array(24).fill(1)), 'demand.scale=1', 'airspace.strategic.enabled=false']);
    s.demand.flows = [{ class: 'drone', from: 'gate-hub', to: 'zone:gate', trips_per_hour: 3600 }];
    const sim = new Simulation(compileWorld(s, 11), { record: false });
    sim.run(7200);
    expect(Math.abs(sim.nextTrip - 3600)).toBeLessThan(4 * Math.sqrt(3600));
    expect(sim.metrics.spawned[0]).toBe(sim.nextTrip); // without strategic delays every trip leaves at once
  });

  it('follows the time-of-day profile', () => {
    const profile = Array(24).fill(0);
    profile[8] = 1; // only 08:00-09:00
    const s = loadScenario('alatau', ['demand.profile=' + JSON.stringify(profile), 'params.start_time_s=25200']);
    const sim = new Simulation(compileWorld(s, 2), { record: false });
    sim.run(7200); // 07:00-08:00: nothing
    expect(sim.nextTrip).toBe(0);
    sim.run(7200); // 08:00-09:00: trips
    expect(sim.nextTrip).toBeGreaterThan(500);
  });

  it('demand.scale scales the number of trips', () => {
    const count = (scale: number) => {
      const sim = new Simulation(compileWorld(loadScenario('alatau', [`demand.scale=${scale}`]), 4), { record: false });
      sim.run(2400);
      return sim.nextTrip;
    };
    const one = count(1);
    const four = count(4);
    expect(four / one).toBeGreaterThan(3.4);
    expect(four / one).toBeLessThan(4.6);
  });

  it('named streams are independent of each other', () => {
    const rng = new RngStreams(1);
    const a1 = rng.stream('a');
    const first = [a1(), a1()];
    const b = new RngStreams(1).stream('b');
    b();
    const a2 = new RngStreams(1).stream('a');
    expect([a2(), a2()]).toEqual(first);
    expect(first[0]).not.toBe(new RngStreams(2).stream('a')());
  });

  it('deliveries land at addresses of their own: in their zone, outside geofences, distinct, deterministic', () => {
    const addresses = (mode: string, seed: number) => {
      const s = loadScenario('alatau', ['airspace.strategic.enabled=false', `demand.delivery_addresses="${mode}"`]);
      s.demand.flows = [{ class: 'drone', from: 'gate-hub', to: 'zone:gate', trips_per_hour: 3600 }];
      const w = compileWorld(s, seed);
      const sim = new Simulation(w, { record: false });
      const out: string[] = [];
      const plan = sim.planner.plan.bind(sim.planner);
      sim.planner.plan = (req) => { out.push(`${req.bx.toFixed(3)},${req.by.toFixed(3)}`); return plan(req); };
      sim.run(1200);
      return { out, w };
    };
    const own = addresses('own', 5), again = addresses('own', 5), shared = addresses('shared', 5);
    expect(own.out.length).toBeGreaterThan(400);
    expect(again.out).toEqual(own.out);
    // Own addresses are (almost surely) all different; shared ones repeat among 256 points.
    expect(new Set(own.out).size).toBe(own.out.length);
    expect(new Set(shared.out).size).toBeLessThanOrEqual(256);
    const zone = own.w.zones.find((z) => z.id === 'gate')!;
    for (const p of own.out) {
      const [x, y] = p.split(',').map(Number);
      expect(pointInRing(zone.ring, x, y)).toBe(true);
      for (const g of own.w.geofences) expect(pointInRing(g.ring, x, y)).toBe(false);
    }
  });
});

