import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import { loadScenario, ScenarioLoadError } from '../src/scenario-loader.ts';
import { runScenario } from '../src/run-scenario.ts';
import { readReplay } from '../sim-core/replay/index.ts';
import { runCli, ROOT } from './helpers/cli.ts';

const NET = join(ROOT, 'test', 'fixtures', 'sumo-net', 'grid4-tls', 'net.net.xml');

/** my-city with two vertiports at the corners of the 600 m SUMO grid, shuttles between them, and ground.sumo_net. */
function scenarioFile(dir: string, sumoNet: Record<string, unknown>, corners: [[number, number], [number, number]]): string {
  const city = join(ROOT, 'src', 'scenarios', 'my-city');
  const s = JSON.parse(readFileSync(join(city, 'my-city.json'), 'utf8'));
  for (const k of ['geofences', 'corridors', 'zones', 'roads']) s.layers[k] = join(city, s.layers[k]);
  const vp = (id: string, [lon, lat]: [number, number]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id, name: id, pads: 2, turnaround_s: 60, kind: 'vertiport' } });
  s.layers.vertiports = { type: 'FeatureCollection', features: [vp('sw', corners[0]), vp('ne', corners[1])] };
  s.demand.flows = [{ class: 'ground', from: 'sw', to: 'ne', trips_per_hour: 200 }, { class: 'ground', from: 'ne', to: 'sw', trips_per_hour: 200 }];
  delete s.demand.door_to_door;
  s.ground = { junction_control: 'from-net', sumo_net: sumoNet };
  const file = join(dir, 'sumo-city.json');
  writeFileSync(file, JSON.stringify(s));
  return file;
}

describe('ground.sumo_net: a scenario whose shuttles drive a SUMO network', () => {
  it('places a network without projection at its anchor and runs on its signals', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skw-sumo-sc-'));
    const file = scenarioFile(dir, { file: NET, anchor: { lat: 43.6, lon: 77.0 } }, [[77.0, 43.6], [77.0074, 43.6054]]);
    const scenario = loadScenario(file);
    const net = scenario.ground.sumo_net!.network!;
    expect(net.nodes).toHaveLength(16);
    expect(net.signals.length).toBeGreaterThan(0);
    // The grid's corner junction (0, 0) lies at the anchor.
    expect(net.nodes.some(([lon, lat]) => Math.abs(lon - 77) < 1e-6 && Math.abs(lat - 43.6) < 1e-6)).toBe(true);
    const r = runScenario(scenario, 1, 1800, { replay: true });
    // The replay (and so the viewer) draws the SUMO network the shuttles drove, not the scenario's roads layer.
    const pairs = new Set(net.links.map(([a, b]) => `${Math.min(a, b)}:${Math.max(a, b)}`));
    const drawn = readReplay(r.replay!).layers.roads;
    expect(drawn).toHaveLength(pairs.size);
    expect(drawn.every((road) => road.id.startsWith('sumo-link-') && road.points.length === 4)).toBe(true);
    const ground = (r.summary.classes as Record<string, { spawned: number; completed: number }>).ground;
    expect(ground.spawned).toBeGreaterThan(150);
    expect(ground.completed).toBeGreaterThan(0.8 * ground.spawned);
    const g = r.sim.groundSummary()!;
    expect(g.stuck).toBe(0);
    expect(g.junctions).toMatchObject({ programs: 16 });
    expect((g.junctions as { held_by_signal_steps: number }).held_by_signal_steps).toBeGreaterThan(0);
  });

  it("uses the network's own projection (projParameter minus netOffset, through proj4)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'skw-sumo-sc-'));
    const utm = '+proj=utm +zone=43 +ellps=WGS84 +datum=WGS84 +units=m +no_defs';
    // UTM coordinates of a point in Alatau, rounded: the net's (0, 0) is there (netOffset = minus them, as netconvert writes it).
    const [e0, n0] = proj4('EPSG:4326', utm).forward([77.0, 43.6]).map(Math.round);
    const text = readFileSync(NET, 'utf8').replace(/<location [^>]*\/>/, `<location netOffset="${-e0}.00,${-n0}.00" convBoundary="0.00,0.00,600.00,600.00" origBoundary="0,0,1,1" projParameter="${utm}"/>`);
    writeFileSync(join(dir, 'utm.net.xml'), text);
    const [lon0, lat0] = proj4(utm, 'EPSG:4326').forward([e0, n0]);
    const [lon1, lat1] = proj4(utm, 'EPSG:4326').forward([e0 + 600, n0 + 600]);
    const scenario = loadScenario(scenarioFile(dir, { file: 'utm.net.xml' }, [[lon0, lat0], [lon1, lat1]]));
    const nodes = scenario.ground.sumo_net!.network!.nodes;
    expect(nodes.some(([lon, lat]) => Math.abs(lon - lon0) < 1e-6 && Math.abs(lat - lat0) < 1e-6)).toBe(true);
    expect(nodes.some(([lon, lat]) => Math.abs(lon - lon1) < 1e-6 && Math.abs(lat - lat1) < 1e-6)).toBe(true);
  });

  it('bad input names the field: no anchor for an unprojected net, a missing file; the CLI exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skw-sumo-sc-'));
    const noAnchor = scenarioFile(dir, { file: NET }, [[77.0, 43.6], [77.0074, 43.6054]]);
    expect(() => loadScenario(noAnchor)).toThrow(ScenarioLoadError);
    try { loadScenario(noAnchor); } catch (e) {
      expect((e as ScenarioLoadError).problems[0]).toMatchObject({ path: 'ground.sumo_net.anchor', message: expect.stringContaining('has no projection') });
    }
    const missing = scenarioFile(dir, { file: 'nope.net.xml', anchor: { lat: 43.6, lon: 77 } }, [[77.0, 43.6], [77.0074, 43.6054]]);
    const r = runCli(['run', '--scenario', missing, '--duration', '60', '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ground\.sumo_net\.file: .*nope\.net\.xml: cannot read: ENOENT/);
  });
});
