import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importOsm, WayColumns, type RoadFeature } from '../src/interop/osm/osm-roads.ts';
import { lanesOf, parseMaxspeed, parseOneway, HIGHWAY_CLASSES } from '../src/interop/osm/highways.ts';
import { writeSyntheticOsm } from '../bench/osm-synthetic.ts';
import { loadScenario } from '../src/scenario-loader.ts';
import { runScenario } from '../src/run-scenario.ts';
import { runCli, ROOT } from './helpers/cli.ts';

const DIR = join(import.meta.dirname, 'fixtures', 'osm');
const XML = join(DIR, 'alatau-blocks.osm'), PBF = join(DIR, 'alatau-blocks.osm.pbf');
const byId = (fs: RoadFeature[]) => new Map(fs.map((f) => [f.properties.id, f]));
/** Metres east/north of the fixture's origin (43.60 N, 77.00 E), as the fixture was written. */
const metres = ([lon, lat]: [number, number]) => [(lon - 77) * 111320 * Math.cos((43.6 * Math.PI) / 180), (lat - 43.6) * 111320];

describe('OSM tags', () => {
  it('reads maxspeed in km/h, mph, zone codes and none', () => {
    expect(parseMaxspeed('50')).toBe(50);
    expect(parseMaxspeed('30 mph')).toBeCloseTo(48.28, 2);
    expect(parseMaxspeed('RU:urban')).toBe(60);
    expect(parseMaxspeed('XX:urban')).toBe(50);
    expect(parseMaxspeed('none')).toBe(130);
    expect(parseMaxspeed('fast')).toBeNull();
  });
  it('reads one-ways (implied on motorways and roundabouts) and lanes per direction', () => {
    const r = HIGHWAY_CLASSES.residential;
    expect(parseOneway({}, HIGHWAY_CLASSES.motorway)).toBe(1);
    expect(parseOneway({ junction: 'roundabout' }, r)).toBe(1);
    expect(parseOneway({ oneway: '-1' }, r)).toBe(-1);
    expect(parseOneway({ oneway: 'reversible' }, r)).toBeNull();
    expect(lanesOf({ lanes: '4' }, r, 0)).toEqual({ forward: 2, backward: 2, guessed: false });
    expect(lanesOf({ lanes: '3', 'lanes:forward': '2' }, r, 0)).toEqual({ forward: 2, backward: 1, guessed: false });
    expect(lanesOf({ lanes: '3' }, r, 1)).toEqual({ forward: 3, backward: 0, guessed: false });
    expect(lanesOf({}, HIGHWAY_CLASSES.primary, 0)).toEqual({ forward: 2, backward: 2, guessed: true });
  });
});

describe('import-osm', () => {
  it('keeps every way and reference as its columns grow (3,000 ways, 70,000 references)', () => {
    const w = new WayColumns();
    for (let k = 0; k < 3000; k++) w.push(1e12 + k, Array.from({ length: 2 + (k % 45) }, (_, i) => k * 100 + i), k % 15, 1 + (k % 3), k % 2, (k % 3) - 1, 30 + k, `w${k}`);
    expect(w.n).toBe(3000);
    for (const k of [0, 1023, 1024, 2047, 2999]) {
      expect(w.osmId[k]).toBe(1e12 + k);
      expect([w.cls[k], w.forward[k], w.backward[k], w.dir[k], w.speedKph[k], w.name[k]]).toEqual([k % 15, 1 + (k % 3), k % 2, (k % 3) - 1, 30 + k, `w${k}`]);
      expect(Array.from(w.refs.subarray(w.refStart[k], w.refStart[k + 1]))).toEqual(Array.from({ length: 2 + (k % 45) }, (_, i) => k * 100 + i));
    }
    expect(w.refCount).toBeGreaterThan(65536);
  });

  it('turns the fixture into roads: classes, lanes, speeds, directions, merged junctions, skipped ways', async () => {
    const { features, report } = await importOsm(XML);
    const f = byId(features);
    expect(f.get('osm-w101-0')!.properties).toMatchObject({ name: 'Al-Farabi Avenue', lanes: 2, speed_kph: 60, oneway: false });
    expect(f.get('osm-w102-0')!.properties.speed_kph).toBe(60); // RU:urban
    // oneway=-1: the road runs against the way's node order (from 400,-200 to 400,0).
    const w106 = f.get('osm-w106-0')!;
    expect(w106.properties.oneway).toBe(true);
    expect(metres(w106.geometry.coordinates[0])[1]).toBeCloseTo(-200, 0);
    // lanes:forward=2 + lanes=3: two one-way roads, 2 lanes out, 1 back.
    expect([f.get('osm-w107-0-f')!.properties.lanes, f.get('osm-w107-0-b')!.properties.lanes]).toEqual([2, 1]);
    // The dual carriageway's two crossings (8 m apart) are one junction at their centre, shared by both carriageways and the street.
    const mid = metres(f.get('osm-w104-0')!.geometry.coordinates[1]);
    expect(mid[0]).toBeCloseTo(200, 0);
    expect(mid[1]).toBeCloseTo(300, 0);
    expect(f.get('osm-w105-1')!.geometry.coordinates[0]).toEqual(f.get('osm-w104-0')!.geometry.coordinates[1]);
    expect(f.get('osm-w103-1')!.geometry.coordinates[0]).toEqual(f.get('osm-w104-0')!.geometry.coordinates[1]);
    // The bent shape point (3 m off the line) is kept; the roundabout is one closed one-way ring.
    expect(f.get('osm-w102-1')!.geometry.coordinates).toHaveLength(3);
    expect(f.get('osm-w115-0')!.properties.oneway).toBe(true);
    expect(report.skipped).toEqual({ 'access=private': 1, 'highway=footway': 1 });
    expect(report.unsupported.map((u) => [u.feature, u.first_line])).toEqual([['maxspeed=fast (class default used)', 90], ['oneway=reversible (driven both ways)', 96]]);
    expect(report.nodes_missing).toBe(1);
    expect(report.junction_nodes_merged).toBe(3);
  });

  it('reads PBF exactly as XML', async () => {
    expect((await importOsm(PBF)).features).toEqual((await importOsm(XML)).features);
  });

  it('cuts roads at the bbox and merges nothing with --cluster 0', async () => {
    const cut = await importOsm(XML, { bbox: [76.99, 43.59, 77.02, 43.61] });
    expect(byId(cut.features).has('osm-w112-0')).toBe(false);
    const raw = await importOsm(XML, { clusterM: 0 });
    expect(raw.report.junctions).toBe((await importOsm(XML)).report.junctions + 3);
  });

  it('finds every crossing of a synthetic grid city and drops buildings, footways and straight-enough shape points', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skw-osm-'));
    const file = join(dir, 'grid.osm');
    const rows = 6, cols = 7;
    writeSyntheticOsm(file, { rows, cols, blockM: 150, avenueEvery: 3, lat0: 43.6, lon0: 77, });
    const { features, report } = await importOsm(file);
    expect(report.junctions).toBe(rows * cols);
    // One road per block edge: rows × (cols − 1) east-west, cols × (rows − 1) north-south.
    expect(features).toHaveLength(rows * (cols - 1) + cols * (rows - 1));
    expect(report.skipped['highway=footway']).toBeGreaterThan(0);
    // Each edge keeps its shape point (3 m off the line, above the 2 m tolerance); at 5 m tolerance it goes.
    expect(features.every((f) => f.geometry.coordinates.length === 3)).toBe(true);
    expect((await importOsm(file, { simplifyM: 5 })).features.every((f) => f.geometry.coordinates.length === 2)).toBe(true);
  });

  it('gives a road network a scenario drives on: shuttles between two vertiports arrive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skw-osm-'));
    const out = runCli(['import-osm', XML, '--out', join(dir, 'roads.geojson'), '--quiet']);
    expect(out.code).toBe(0);
    const city = join(ROOT, 'src', 'scenarios', 'my-city');
    const s = JSON.parse(readFileSync(join(city, 'my-city.json'), 'utf8'));
    for (const k of ['geofences', 'corridors', 'zones']) s.layers[k] = join(city, s.layers[k]);
    s.layers.roads = 'roads.geojson';
    const vp = (id: string, lon: number, lat: number) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id, name: id, pads: 2, turnaround_s: 60, kind: 'vertiport' } });
    s.layers.vertiports = { type: 'FeatureCollection', features: [vp('osm-a', 76.9999, 43.5983), vp('osm-b', 77.0096, 43.6001)] };
    s.demand.flows = [{ class: 'ground', from: 'osm-a', to: 'osm-b', trips_per_hour: 120 }, { class: 'ground', from: 'osm-b', to: 'osm-a', trips_per_hour: 120 }];
    delete s.demand.door_to_door;
    writeFileSync(join(dir, 'osm-city.json'), JSON.stringify(s));
    const scenario = loadScenario(join(dir, 'osm-city.json'));
    const r = runScenario(scenario, 1, 1800, { replay: false });
    const ground = (r.summary.classes as Record<string, { spawned: number; completed: number }>).ground;
    expect(ground.spawned).toBeGreaterThan(50);
    expect(ground.completed).toBeGreaterThan(0.8 * ground.spawned);
    expect(r.sim.groundSummary()!.stuck).toBe(0);
  });

  it('bad input: exit 2 naming the file (and line), never a stack trace, the previous output kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skw-osm-bad-'));
    const out = join(dir, 'roads.geojson');
    writeFileSync(out, 'previous');
    const write = (name: string, text: string | Buffer) => { const p = join(dir, name); writeFileSync(p, text); return p; };
    const cases: [string[], RegExp][] = [
      [[join(dir, 'none.osm')], /none\.osm: cannot read: ENOENT/],
      [[write('html.osm', '<html><body/></html>')], /html\.osm:1: expected an OpenStreetMap file \(<osm> root element\), got <html>/],
      [[write('broken.osm', '<osm>\n<node id="1" lat="1" lon="2">\n</osm>')], /broken\.osm:3: not well-formed XML/],
      [[write('badlat.osm', '<osm>\n<node id="1" lat="north" lon="2"/>\n<way id="5"><nd ref="1"/><nd ref="1"/><tag k="highway" v="primary"/></way>\n</osm>')], /badlat\.osm:2: <node id="1"> attribute "lat": expected a latitude/],
      [[write('text.osm', 'hello')], /text\.osm: expected OSM XML .* or OSM PBF/],
      [[write('empty.osm', '')], /empty\.osm: the file is empty/],
      [[write('trunc.osm.pbf', readFileSync(PBF).subarray(0, 200))], /trunc\.osm\.pbf: not a readable OSM PBF file|trunc\.osm\.pbf: no drivable road/],
      [[XML, '--bbox', '10,10,11,11'], /no drivable road with nodes in the file \(or in --bbox\)/],
      [[XML, '--bbox', '5,4,3'], /--bbox: expected west,south,east,north/],
      [[XML, '--classes', 'motorway,runway'], /--classes: unknown highway class "runway"/],
      [[XML, '--classes', 'motorway'], /no drivable road with nodes in the file \(or in --bbox\): nothing to import \(skipped: .*highway=primary \(not in --classes\)/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['import-osm', ...args, '--out', out]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.err).not.toMatch(/at .*\.(ts|js):\d+/);
      expect(readFileSync(out, 'utf8')).toBe('previous');
    }
    copyFileSync(XML, join(dir, 'ok.osm'));
    expect(runCli(['import-osm', join(dir, 'ok.osm'), '--out', dir]).err).toMatch(/is a folder, expected a file name/);
    expect(existsSync(join(dir, 'ok.osm'))).toBe(true);
  });
});
