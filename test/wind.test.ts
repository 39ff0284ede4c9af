import { describe, expect, it } from 'vitest';
import { compileWorld, Simulation, validateScenario, type Scenario } from '../sim-core/index.ts';
import { airspeedFor, forecastWind, groundSpeedAlong, headingFor, windComponents } from '../sim-core/airspace/wind.ts';
import { alatauScenario } from '../src/scenarios/alatau/scenario.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = any;
const deg = (r: number) => (((r * 180) / Math.PI) % 360 + 360) % 360;

describe('wind triangle (closed forms)', () => {
  it('a wind "from" a direction blows toward the opposite one', () => {
    const [e, n] = windComponents(0, 10); // from the north: toward the south
    expect(e).toBeCloseTo(0, 12);
    expect(n).toBeCloseTo(-10, 12);
    const [e2, n2] = windComponents(270, 4); // from the west: toward the east
    expect(e2).toBeCloseTo(4, 12);
    expect(n2).toBeCloseTo(0, 12);
  });

  it('head, tail and cross wind: ground speed and crab angle', () => {
    // Flying north at 20 m/s airspeed.
    expect(groundSpeedAlong(20, 0, 1, 0, -8)).toBeCloseTo(12, 12); // headwind 8
    expect(groundSpeedAlong(20, 0, 1, 0, 8)).toBeCloseTo(28, 12); // tailwind 8
    // Flying east with a 10 m/s wind toward the north: gs = √(20² − 10²), crab 30° to the right (heading 120°).
    const gs = groundSpeedAlong(20, 1, 0, 0, 10);
    expect(gs).toBeCloseTo(Math.sqrt(300), 12);
    expect(deg(headingFor(gs, 1, 0, 0, 10))).toBeCloseTo(120, 9);
    expect(airspeedFor(gs, 1, 0, 0, 10)).toBeCloseTo(20, 12);
    // Crosswind stronger than the airspeed: the track cannot be held, no negative ground speed.
    expect(groundSpeedAlong(5, 1, 0, 0, 10)).toBe(0);
  });

  it('layered winds interpolate linearly in altitude; gridded ones by inverse distance squared', () => {
    const layered = compileWorld(withWind({ model: 'layered', levels: [{ alt_m: 0, from_deg: 270, speed_mps: 2 }, { alt_m: 100, from_deg: 270, speed_mps: 6 }] }), 1).wind;
    const out = new Float64Array(2);
    forecastWind(layered, 0, 0, 50, out);
    expect(out[0]).toBeCloseTo(4, 12);
    forecastWind(layered, 0, 0, 500, out);
    expect(out[0]).toBeCloseTo(6, 12);
    forecastWind(layered, 0, 0, 10, out); // below min_alt_m (15.24 m): calm
    expect(out[0]).toBe(0);
    const grid = compileWorld(withWind({ model: 'grid', points: [
      { lon: 77.0, lat: 43.6, levels: [{ alt_m: 0, from_deg: 270, speed_mps: 2 }] },
      { lon: 77.1, lat: 43.6, levels: [{ alt_m: 0, from_deg: 270, speed_mps: 8 }] },
    ] }), 1).wind;
    // Midway between the two points: equal weights → mean; on a point: its own value.
    forecastWind(grid, (grid.pointX[0] + grid.pointX[1]) / 2, (grid.pointY[0] + grid.pointY[1]) / 2, 100, out);
    expect(out[0]).toBeCloseTo(5, 9);
    forecastWind(grid, grid.pointX[1], grid.pointY[1], 100, out);
    expect(out[0]).toBeCloseTo(8, 9);
    // A quarter of the way: weights 1/(1/4)² and 1/(3/4)² → (16·2 + 16/9·8) / (16 + 16/9).
    const qx = grid.pointX[0] + (grid.pointX[1] - grid.pointX[0]) / 4, qy = grid.pointY[0] + (grid.pointY[1] - grid.pointY[0]) / 4;
    forecastWind(grid, qx, qy, 100, out);
    expect(out[0]).toBeCloseTo((16 * 2 + (16 / 9) * 8) / (16 + 16 / 9), 6);
  });
});

/** Alatau with only two vertiports ~11 km apart north-south and drone shuttles between them. */
function twoPorts(wind: unknown, flows: [string, string][] = [['south', 'north']]): Scenario {
  const raw: Raw = alatauScenario();
  const vp = raw.layers.vertiports.features[0];
  raw.layers.vertiports.features = [
    { ...vp, geometry: { type: 'Point', coordinates: [77.05, 43.5] }, properties: { ...vp.properties, id: 'south' } },
    { ...vp, geometry: { type: 'Point', coordinates: [77.05, 43.6] }, properties: { ...vp.properties, id: 'north' } },
  ];
  raw.layers.geofences.features = [];
  raw.layers.corridors.features = [];
  raw.layers.roads.features = [];
  raw.layers.zones.features = [];
  raw.ground = { model: 'simple' };
  raw.demand.flows = flows.map(([from, to]) => ({ class: 'drone', from, to, trips_per_hour: 20 }));
  raw.demand.profile = Array(24).fill(1);
  if (wind) raw.wind = wind;
  const v = validateScenario(raw, { scenarioFile: 'two-ports' });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.scenario;
}

function withWind(wind: unknown): Scenario {
  return twoPorts(wind);
}

function fly(s: Scenario, seed = 1, hours = 2) {
  const sim = new Simulation(compileWorld(s, seed), { record: false });
  sim.run(Math.round((hours * 3600) / s.params.dt));
  return sim.summary();
}

describe('wind in flight, energy and plans', () => {
  it('a head-wind leg takes d / (V − W) and costs energy in proportion', () => {
    const calm = fly(twoPorts(null)).classes.drone;
    const head = fly(twoPorts({ model: 'uniform', from_deg: 0, speed_mps: 5 })).classes.drone; // from the north, flying north
    const d = 11_120; // 0.1° of latitude
    const V = 15, W = 5;
    // Cruise dominates; climb, descent and the last metres are the same in both.
    expect(head.flight_time_s - calm.flight_time_s).toBeGreaterThan(0.9 * (d / (V - W) - d / V));
    expect(head.flight_time_s - calm.flight_time_s).toBeLessThan(1.1 * (d / (V - W) - d / V));
    // Power at the same airspeed is the same: energy per trip grows with the time aloft.
    const perTrip = (c: typeof calm) => c.energy_kwh / c.spawned;
    const energyRatio = perTrip(head) / perTrip(calm), timeRatio = head.flight_time_s / calm.flight_time_s;
    expect(energyRatio).toBeGreaterThan(1.2);
    expect(Math.abs(energyRatio - timeRatio) / timeRatio).toBeLessThan(0.15);
    // The plans used the forecast: trips still land within a few seconds of their plan.
    expect(Math.abs(head.extra_time_s)).toBeLessThan(15);
  });

  it('a round trip in wind takes longer than in calm air', () => {
    const both: [string, string][] = [['south', 'north'], ['north', 'south']];
    const calm = fly(twoPorts(null, both)).classes.drone;
    const windy = fly(twoPorts({ model: 'uniform', from_deg: 0, speed_mps: 5 }, both)).classes.drone;
    expect(windy.flight_time_s).toBeGreaterThan(calm.flight_time_s * 1.05);
  });

  it('gusts are deterministic, from their own stream, and change the run', () => {
    const gusty = { model: 'uniform', from_deg: 45, speed_mps: 4, gusts: { sigma_mps: 2, tau_s: 20 } };
    const a = fly(twoPorts(gusty), 3, 1), b = fly(twoPorts(gusty), 3, 1);
    expect(a.state_hash).toBe(b.state_hash);
    expect(a.wind.gusts!.max_gust_mps).toBeGreaterThan(0.5);
    const steady = fly(twoPorts({ model: 'uniform', from_deg: 45, speed_mps: 4 }), 3, 1);
    expect(steady.state_hash).not.toBe(a.state_hash);
    expect(fly(twoPorts(gusty), 4, 1).state_hash).not.toBe(a.state_hash);
  });

  it('calm air is the old engine: model none keeps every hash', () => {
    const none = fly(twoPorts({ model: 'none' }), 1, 1), absent = fly(twoPorts(null), 1, 1);
    expect(none.state_hash).toBe(absent.state_hash);
    expect(none.wind).toMatchObject({ model: 'none', gusts: null, mean_felt_mps: 0 });
  });
});
