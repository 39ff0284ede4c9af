import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateScenario, type ScenarioProblem } from '../sim-core/index.ts';
import { alatauScenario } from '../src/scenarios/alatau/scenario.ts';
import { loadScenario, ScenarioLoadError } from '../src/scenario-loader.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = any;
const fresh = (): Raw => JSON.parse(JSON.stringify(alatauScenario()));
const problemsOf = (raw: Raw): ScenarioProblem[] => {
  const r = validateScenario(raw, { scenarioFile: 'city.json' });
  return r.ok ? [] : r.problems;
};

/** A closed square ring of side d with its south-west corner at (lon, lat). */
const square = (lon: number, lat: number, d: number) => [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]];
const bowtie = [[[77.2, 43.3], [77.25, 43.35], [77.25, 43.3], [77.2, 43.35], [77.2, 43.3]]];

const cases: { name: string; mutate: (s: Raw) => void; path: string; message: RegExp }[] = [
  { name: 'missing field', mutate: (s) => delete s.params.dt, path: 'params.dt', message: /expected number \(time step in seconds\), got nothing \(missing\)/ },
  { name: 'wrong type', mutate: (s) => (s.params.rpz = 'fifty'), path: 'params.rpz', message: /expected number \(horizontal separation radius in metres\), got the string "fifty"/ },
  { name: 'negative value', mutate: (s) => (s.demand.scale = -1), path: 'demand.scale', message: />= 0/ },
  { name: 'unknown field', mutate: (s) => (s.params.dtt = 1), path: 'params', message: /unknown field\(s\) "dtt"/ },
  { name: 'unknown class in a flow', mutate: (s) => (s.demand.flows[0].class = 'helicopter'), path: 'demand.flows[0].class', message: /expected class "drone", "evtol" or "ground"/ },
  { name: 'unknown vehicle class block', mutate: (s) => (s.classes.helicopter = s.classes.evtol), path: 'classes', message: /unknown field\(s\) "helicopter"/ },
  { name: 'self-intersecting geofence', mutate: (s) => (s.layers.geofences.features[3].geometry.coordinates = bowtie), path: 'layers.geofences.features[3].geometry.coordinates[0]', message: /expected a simple ring, but its edges cross or touch near \(77\.225/ },
  { name: 'zero-area geofence (all points equal)', mutate: (s) => (s.layers.geofences.features[3].geometry.coordinates = [[[77.2, 43.3], [77.2, 43.3], [77.2, 43.3], [77.2, 43.3]]]), path: 'layers.geofences.features[3].geometry.coordinates[0]', message: /at least 4 distinct positions/ },
  { name: 'zero-area geofence (collinear)', mutate: (s) => (s.layers.geofences.features[3].geometry.coordinates = [[[77.2, 43.3], [77.21, 43.31], [77.22, 43.32], [77.2, 43.3]]]), path: 'layers.geofences.features[3].geometry.coordinates[0]', message: /encloses an area/ },
  { name: 'hole outside its outer ring', mutate: (s) => (s.layers.geofences.features[3].geometry.coordinates = [square(77.2, 43.3, 0.02), square(77.3, 43.3, 0.01)]), path: 'layers.geofences.features[3].geometry.coordinates[1]', message: /hole inside the outer ring/ },
  { name: 'bounds outside WGS84', mutate: (s) => (s.bounds = [-200, -95, 200, 95]), path: 'bounds', message: /longitudes in \[-180, 180\]/ },
  { name: 'bounds covering the world', mutate: (s) => (s.bounds = [-180, -80, 180, 80]), path: 'bounds', message: /at most 6° wide and tall/ },
  { name: 'origin far from the scenario', mutate: (s) => (s.origin = { lat: 0, lon: 0 }), path: 'origin', message: /origin \(0, 0\) inside the scenario bounds/ },
  { name: 'a geofence outside the bounds', mutate: (s) => (s.layers.geofences.features[3].geometry.coordinates = [square(79.5, 43.3, 0.01)]), path: 'layers.geofences.features[3].geometry.coordinates', message: /inside the scenario bounds .* got \(79\.5/ },
  { name: 'a road with a million lanes (found by fuzzing: a V8 abort)', mutate: (s) => (s.layers.roads.features[0].properties.lanes = 1_000_000), path: 'layers.roads.features[0].properties.lanes', message: /at most 8 lanes per direction/ },
  { name: 'a number beyond JSON range', mutate: (s) => (s.demand.scale = JSON.parse('1e400')), path: 'demand.scale', message: /Infinity \(a number out of range/ },
  { name: 'a 10,000-character id', mutate: (s) => (s.demand.flows[1].from = 'x'.repeat(10_000)), path: 'demand.flows[1].from', message: /^unknown vertiport "x{57}\.\.\." \(10000 characters\): expected .{0,900}$/ },
  { name: 'vertiport inside a geofence', mutate: (s) => (s.layers.vertiports.features[0].geometry.coordinates = [77.04, 43.36]), path: 'layers.vertiports.features[0].geometry.coordinates', message: /inside geofence "ala-ctr"/ },
  { name: 'open ring', mutate: (s) => s.layers.zones.features[0].geometry.coordinates[0].pop(), path: 'layers.zones.features[0].geometry.coordinates[0]', message: /closed ring/ },
  { name: 'ceiling below floor', mutate: (s) => (s.layers.corridors.features[0].properties.ceiling_m = 100), path: 'layers.corridors.features[0].properties.ceiling_m', message: /expected ceiling_m \(100\) > floor_m \(300\)/ },
  { name: 'flow from an unknown vertiport', mutate: (s) => (s.demand.flows[1].from = 'nowhere'), path: 'demand.flows[1].from', message: /unknown vertiport "nowhere"/ },
  { name: 'flow to an unknown zone', mutate: (s) => (s.demand.flows[0].to = 'zone:moon'), path: 'demand.flows[0].to', message: /unknown zone "moon"/ },
  { name: 'duplicate id', mutate: (s) => (s.layers.vertiports.features[1].properties.id = 'ala-north'), path: 'layers.vertiports.features[1].properties.id', message: /duplicate id "ala-north"/ },
  { name: 'profile of the wrong length', mutate: (s) => s.demand.profile.pop(), path: 'demand.profile', message: /24 hourly weights/ },
  { name: 'latitude out of range', mutate: (s) => (s.layers.vertiports.features[2].geometry.coordinates = [77, 95]), path: 'layers.vertiports.features[2].geometry.coordinates', message: /latitude in \[-90, 90\]/ },
  { name: 'unknown junction manager', mutate: (s) => (s.ground = { junction_control: 'roundabout' }), path: 'ground.junction_control', message: /expected a junction manager: priority, fixed-time, aim/ },
  { name: 'charging stands without a charger', mutate: (s) => { delete s.layers.vertiports.features[0].properties.charging_kw; s.layers.vertiports.features[0].properties.stands = 4; }, path: 'layers.vertiports.features[0].properties.stands', message: /expected charging_kw > 0 with stands/ },
  { name: 'charging stands and charging pads', mutate: (s) => Object.assign(s.layers.vertiports.features[0].properties, { stands: 4, charging_pads: 2 }), path: 'layers.vertiports.features[0].properties.charging_pads', message: /expected no charging_pads with stands/ },
  { name: 'a negative number of stands', mutate: (s) => (s.layers.vertiports.features[0].properties.stands = -1), path: 'layers.vertiports.features[0].properties.stands', message: /expected 0 or more stands/ },
  { name: 'record interval below dt', mutate: (s) => (s.params.record_interval_s = 0.1), path: 'params.record_interval_s', message: /record_interval_s >= dt/ },
];

describe('scenario validation', () => {
  it('accepts the built-in Alatau scenario', () => {
    expect(problemsOf(fresh())).toEqual([]);
  });

  for (const c of cases) {
    it(`rejects: ${c.name}`, () => {
      const raw = fresh();
      c.mutate(raw);
      const problems = problemsOf(raw);
      const hit = problems.find((p) => p.path === c.path);
      expect(hit, `problems were: ${JSON.stringify(problems)}`).toBeDefined();
      expect(hit!.message).toMatch(c.message);
      expect(hit!.file).toBe('city.json');
    });
  }

  it('accepts a ring with a vertex repeated (cleaned, not rejected)', () => {
    const raw = fresh();
    const r = square(77.2, 43.3, 0.02);
    raw.layers.geofences.features[3].geometry.coordinates = [[r[0], r[1], r[1], r[2], r[3], r[3], r[4]]];
    expect(problemsOf(raw)).toEqual([]);
  });

  it('checks a 200,000-vertex geofence disc in well under a second', () => {
    const raw = fresh();
    const n = 200_000, ring: number[][] = [];
    for (let i = 0; i < n; i++) ring.push([77.2 + 0.01 * Math.cos((2 * Math.PI * i) / n), 43.6 + 0.01 * Math.sin((2 * Math.PI * i) / n)]);
    ring.push(ring[0]);
    raw.layers.geofences.features[3].geometry.coordinates = [ring];
    const t0 = performance.now();
    expect(problemsOf(raw)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('reports every problem at once', () => {
    const raw = fresh();
    delete raw.params.dt;
    raw.demand.flows[0].class = 'helicopter';
    raw.classes.drone.cruise_mps = 'fast';
    const paths = problemsOf(raw).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['params.dt', 'demand.flows[0].class', 'classes.drone.cruise_mps']));
  });

  it('names the GeoJSON layer file and the path inside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skw-scn-'));
    const raw = fresh();
    const fences = raw.layers.geofences;
    fences.features[2].properties.floor_m = 'low';
    writeFileSync(join(dir, 'fences.geojson'), JSON.stringify(fences));
    raw.layers.geofences = 'fences.geojson';
    writeFileSync(join(dir, 'city.json'), JSON.stringify(raw));
    try {
      loadScenario(join(dir, 'city.json'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioLoadError);
      const p = (e as ScenarioLoadError).problems[0];
      expect(p.file).toBe(join(dir, 'fences.geojson'));
      expect(p.path).toBe('features[2].properties.floor_m');
      expect(p.message).toMatch(/expected number/);
    }
  });

  it('--set overrides are validated like the file', () => {
    expect(loadScenario('alatau', ['demand.scale=2', 'params.dt=0.25']).params.dt).toBe(0.25);
    expect(loadScenario('alatau', ['demand.flows[0].trips_per_hour=5']).demand.flows[0].trips_per_hour).toBe(5);
    expect(() => loadScenario('alatau', ['params.dt=abc'])).toThrow(/params\.dt: expected number \(time step in seconds\), got the string "abc"/);
    expect(() => loadScenario('alatau', ['params.nope=1'])).toThrow(/unknown field\(s\) "nope"/);
    expect(() => loadScenario('alatau', ['nothing.here=1'])).toThrow(/\(root\): unknown field\(s\) "nothing"/);
    expect(() => loadScenario('alatau', ['params.dt.x=1'])).toThrow(/"params\.dt" is a number, not an object/);
  });
});
