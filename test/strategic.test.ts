import { describe, expect, it } from 'vitest';
import { compileWorld, Simulation } from '../sim-core/index.ts';
import { checkIntents, volumesOverlap, type Volume } from '../sim-core/deconfliction/strategic/intents.ts';
import { POLICIES, type RoutingContext } from '../sim-core/routing/policies/index.ts';
import { GeofenceGrids } from '../sim-core/routing/geofence-grid.ts';
import { airNetworkOf } from '../sim-core/routing/air-network.ts';
import { segmentHitsRing } from '../sim-core/airspace/geometry.ts';
import { loadScenario } from '../src/scenario-loader.ts';

const run = (overrides: string[], durationS = 1200, seed = 4) => {
  const sim = new Simulation(compileWorld(loadScenario('alatau', overrides), seed), { record: false, keepIntents: true });
  sim.run(Math.round(durationS / 0.5));
  return sim;
};
const check = (sim: Simulation) => checkIntents(sim.planner.kept, sim.world.separation.rpz, sim.planner.bookings.pads.all());

describe('strategic deconfliction', () => {
  it('accepts no overlapping intents and no double-booked pads on Alatau (ground delay)', () => {
    const sim = run([]);
    const c = check(sim);
    expect(sim.planner.kept.length).toBeGreaterThan(5000);
    expect(c.examples).toEqual([]);
    expect(c.overlaps).toBe(0);
    expect(c.padClashes).toBe(0);
    expect(sim.planner.stats.delayed).toBeGreaterThan(10); // it had to resolve conflicts
    expect(sim.metrics.holds[1]).toBe(0); // no eVTOL sent to a full vertiport
    // The intents the tactical layer reads (rebuilt on demand) are the volumes that were accepted.
    const byTrip = new Map<number, number[]>();
    for (const v of sim.planner.kept) {
      const row = byTrip.get(v.trip) ?? [];
      row.push(v.ax, v.ay, v.bx, v.by, v.zlo, v.zhi, v.t0, v.t1);
      byTrip.set(v.trip, row);
    }
    let compared = 0;
    for (const [trip, row] of byTrip) {
      const intent = sim.planner.intentOf(trip);
      if (!intent) continue;
      expect(Array.from(intent)).toEqual(row);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('the checker does find overlaps when strategic deconfliction is off', () => {
    const sim = run(['airspace.strategic.enabled=false']);
    expect(check(sim).overlaps).toBeGreaterThan(0);
  });

  for (const strategy of ['altitude', 'reroute', 'reject']) {
    it(`strategy ${strategy}: zero overlaps`, () => {
      const sim = run([`airspace.strategic.strategy="${strategy}"`, 'demand.scale=2'], 900);
      expect(check(sim).overlaps).toBe(0);
      const st = sim.planner.stats;
      if (strategy === 'altitude') expect(st.altitudeChanges).toBeGreaterThan(0);
      if (strategy === 'reroute') expect(st.reroutes).toBeGreaterThan(0);
      if (strategy === 'reject') {
        expect(st.rejected).toBeGreaterThan(0);
        expect(st.delayed).toBe(0);
      }
    });
  }

  it('class priorities plan eVTOL before drones within a tick, still without overlaps', () => {
    const sim = run(['airspace.strategic.priorities=true', 'demand.scale=2'], 600);
    expect(check(sim).overlaps).toBe(0);
  });

  it('volume overlap needs time, altitude and horizontal proximity together', () => {
    const v = (o: Partial<Volume>): Volume => ({ trip: 0, ax: 0, ay: 0, bx: 100, by: 0, zlo: 80, zhi: 100, t0: 0, t1: 10, minX: -25, minY: -25, maxX: 125, maxY: 25, ...o });
    const a = v({});
    expect(volumesOverlap(a, v({ trip: 1, ay: 40, by: 40 }), 50)).toBe(true);
    expect(volumesOverlap(a, v({ trip: 1, ay: 60, by: 60 }), 50)).toBe(false);
    expect(volumesOverlap(a, v({ trip: 1, t0: 10, t1: 20 }), 50)).toBe(false);
    expect(volumesOverlap(a, v({ trip: 1, zlo: 100, zhi: 120 }), 50)).toBe(false);
    expect(checkIntents([a, v({ trip: 1, ax: 50, ay: -50, bx: 50, by: 50 })], 50, []).overlaps).toBe(1);
    expect(checkIntents([a], 50, [[0, 0, 0, 10], [0, 0, 5, 15], [0, 1, 5, 15]]).padClashes).toBe(1);
  });
});

describe('routing policies', () => {
  const world = compileWorld(loadScenario('alatau'), 1);
  const ctx: RoutingContext = { world, network: airNetworkOf(world.corridors), grids: new GeofenceGrids(world), layers: world.layers };
  const hub = world.vertiports.find((v) => v.id === 'ala-north')!;
  const far = world.vertiports.find((v) => v.id === 'green-resort')!;
  const req = (o: object = {}) => ({ cls: 0, ax: hub.x, ay: hub.y, bx: far.x, by: far.y, timeOfDayS: 12 * 3600, altitudeOption: 0, routeOption: 0, ...o });
  const legs = (r: number[]) => Array.from({ length: r.length / 5 }, (_, i) => r.slice(5 * i, 5 * i + 3));

  it('every policy takes off at the origin and lands at the destination', () => {
    for (const name of POLICIES.names) {
      const r = POLICIES.get(name).plan(req(), ctx)!;
      expect(r, name).not.toBeNull();
      const w = legs(r);
      expect(w[0]).toEqual([hub.x, hub.y, 0]);
      expect(w[w.length - 1]).toEqual([far.x, far.y, 0]);
    }
  });

  it('full-mix flies around geofences that apply (the ALA control zone)', () => {
    // From west of the airport to east of it: the straight line crosses the control zone.
    const fence = world.geofences.find((g) => g.id === 'ala-ctr')!;
    let cx = 0, cy = 0;
    for (let i = 0; i < fence.ring.length; i += 2) { cx += fence.ring[i] / (fence.ring.length / 2); cy += fence.ring[i + 1] / (fence.ring.length / 2); }
    const r = POLICIES.get('full-mix').plan(req({ ax: cx - 8000, ay: cy, bx: cx + 8000, by: cy }), ctx)!;
    const w = legs(r);
    for (let i = 1; i < w.length; i++) {
      if (w[i][0] === w[i - 1][0] && w[i][1] === w[i - 1][1]) continue;
      expect(segmentHitsRing(fence.ring, w[i - 1][0], w[i - 1][1], w[i][0], w[i][1])).toBe(false);
    }
    expect(w.length).toBeGreaterThan(4); // it had to turn
  });

  it('layers picks the altitude from the heading; zones flies axis-aligned legs', () => {
    const north = legs(POLICIES.get('layers').plan(req({ bx: hub.x + 10, by: hub.y + 20000 }), ctx)!);
    const south = legs(POLICIES.get('layers').plan(req({ ax: hub.x + 10, ay: hub.y + 20000, bx: hub.x, by: hub.y }), ctx)!);
    expect(north[1][2]).toBe(30);
    expect(south[1][2]).toBe(90);
    const z = legs(POLICIES.get('zones').plan(req(), ctx)!).slice(1, -1);
    for (let i = 1; i < z.length; i++) {
      const straight = Math.abs(z[i][0] - z[i - 1][0]) < 1e-6 || Math.abs(z[i][1] - z[i - 1][1]) < 1e-6;
      expect(straight).toBe(true);
    }
  });

  it('tubes follows the corridor network at corridor altitudes', () => {
    const r = legs(POLICIES.get('tubes').plan(req({ cls: 1 }), ctx)!);
    const cruise = r.slice(2, -2);
    expect(cruise.length).toBeGreaterThan(3);
    const corridorZ = new Set(world.corridors.map((c) => (c.floorM + c.ceilingM) / 2));
    for (const [, , z] of cruise) expect(corridorZ.has(z)).toBe(true);
  });

  it("tubes' route alternatives (reroute) enter the network at another node each, or are null", () => {
    // Option 1 had searched the same three entries as option 0: always the same route.
    const tubes = POLICIES.get('tubes'), evtolPorts = world.vertiports.filter((v) => v.kind === 'vertiport');
    let pairs = 0;
    for (const a of evtolPorts) for (const b of evtolPorts) {
      if (a === b) continue;
      const entries = [0, 1, 2].map((k) => tubes.plan(req({ cls: 1, ax: a.x, ay: a.y, bx: b.x, by: b.y, routeOption: k }), ctx)).filter((r) => r !== null).map((r) => legs(r!)[2].join(",")); // the entry node (x, y, z: two corridors may cross at one point)
      expect(new Set(entries).size, `${a.id} → ${b.id}`).toBe(entries.length);
      if (entries.length >= 2) pairs++;
    }
    expect(pairs).toBeGreaterThan(25); // 29 of the 42; the others find no path from another entry within 6 km
  });
});

describe('ground-delay searches (planner.ts, delay-search.ts)', () => {
  it('the step search with shifted volumes and skips, and the interval search, accept exactly the landed search\'s plans (on every departure lane)', () => {
    const go = (delaySearch: 'steps' | 'intervals' | 'landed') => {
      const sim = new Simulation(compileWorld(loadScenario('alatau', ['demand.scale=5']), 2), { record: false, keepIntents: true, delaySearch });
      sim.run(Math.round(600 / 0.5));
      return sim;
    };
    const a = go('landed'), b = go('steps'), c = go('intervals');
    expect(a.planner.stats.delayed).toBeGreaterThan(50);
    expect(a.planner.stats.altitudeChanges).toBeGreaterThan(50); // departures on other lanes than the preferred one
    for (const x of [b, c]) {
      expect(x.stateHash()).toBe(a.stateHash());
      expect(x.planner.stats).toEqual(a.planner.stats);
    }
    for (const x of [a, b, c]) expect(check(x)).toMatchObject({ overlaps: 0, padClashes: 0 });
  });
});

describe('capacity by reason', () => {
  it('every rejection and every delay has a reason, and the figures add up', () => {
    const sim = new Simulation(compileWorld(loadScenario('alatau', ['demand.scale=5']), 3), { record: false });
    sim.run(Math.round(900 / 0.5));
    const st = sim.airspaceSummary().strategic;
    expect(st.rejected).toBeGreaterThan(0);
    const rej = Object.values(st.rejections_by_reason).reduce((a, b) => a + b, 0);
    const del = Object.values(st.delay_by_reason).reduce((a, b) => a + b.trips, 0);
    expect(rej).toBe(st.rejected - st.noRoute);
    expect(del).toBe(st.delayed);
    const delayS = Object.values(st.delay_by_reason).reduce((a, b) => a + b.delay_s, 0);
    const fromDelays = sim.delays[0].totalS(sim.world.dt) + sim.delays[1].totalS(sim.world.dt);
    expect(Math.abs(delayS - fromDelays)).toBeLessThanOrEqual(4); // rounded per reason
    // Per class: each class's reasons add up to its own rejections and delays, and the classes to the totals.
    const classes = sim.classSummary();
    for (const c of classes) {
      expect(Object.values(c.rejections_by_reason).reduce((a, b) => a + b, 0)).toBe(c.rejected);
      expect(Object.values(c.delay_by_reason).reduce((a, b) => a + b.trips, 0)).toBe(c.delayed);
    }
    for (const k of Object.keys(st.rejections_by_reason) as (keyof typeof st.rejections_by_reason)[]) {
      expect(classes.reduce((a, c) => a + c.rejections_by_reason[k], 0)).toBe(st.rejections_by_reason[k]);
    }
    for (const k of Object.keys(st.delay_by_reason) as (keyof typeof st.delay_by_reason)[]) {
      expect(classes.reduce((a, c) => a + c.delay_by_reason[k].trips, 0)).toBe(st.delay_by_reason[k].trips);
    }
    expect(classes[0].rejections_by_reason.departure + classes[1].rejections_by_reason.departure).toBeGreaterThan(0);
    // Per vertiport: every Alatau air trip leaves from one, so its departures add up to the plans,
    // rejections and delays; the limits charged to vertiports are the totals' departure and pad reasons.
    const vps = sim.summary().vertiports;
    const sum = (f: (v: (typeof vps)[number]) => number) => vps.reduce((a, v) => a + f(v), 0);
    expect(sum((v) => v.departures_requested)).toBe(st.plans);
    expect(sum((v) => v.departures_rejected)).toBe(st.rejected);
    expect(sum((v) => v.departures_delayed)).toBe(st.delayed);
    const r = st.rejections_by_reason, d = st.delay_by_reason;
    expect(sum((v) => v.limited_by.departure)).toBe(r.departure + d.departure.trips);
    // Arrival airspace at a delivery address is no vertiport's: only the arrivals at vertiports are charged.
    expect(sum((v) => v.limited_by.arrival)).toBeLessThanOrEqual(r.arrival + d.arrival.trips);
    expect(sum((v) => v.limited_by.pads)).toBe(r.pad + d.pad.trips);
    expect(sum((v) => v.limited_by.departure)).toBeGreaterThan(0);
    expect(sum((v) => v.landings)).toBeGreaterThan(0);
    expect(sum((v) => v.landings)).toBeLessThanOrEqual(classes[0].completed + classes[1].completed);
    for (const v of vps) expect(v.pads_busy_peak).toBeLessThanOrEqual(v.pads);
  });
});

