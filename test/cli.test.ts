import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT as root, runCli } from './helpers/cli.ts';
import { vertiportTable, type VertiportRow } from '../src/report.ts';

const sim = (...args: string[]) => runCli(args);

describe('CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skw-cli-'));
  const out = join(dir, 'run');
  const run = sim('run', '--scenario', 'alatau', '--seed', '3', '--duration', '600', '--out', out, '--set', 'demand.scale=2');

  it('run writes summary.json and replay.skw, prints a table and what to do next', () => {
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ scenario: 'alatau', seed: 3, duration_s: 600, ticks: 1200, overrides: ['demand.scale=2'] });
    expect(summary.state_hash).toMatch(/^[0-9a-f]{16}$/);
    for (const cls of ['drone', 'evtol', 'ground']) {
      for (const key of ['spawned', 'completed', 'active_end', 'flight_time_s', 'distance_m', 'energy_kwh']) expect(typeof summary.classes[cls][key]).toBe('number');
    }
    expect(summary.classes.drone.spawned).toBeGreaterThan(100);
    expect(readdirSync(out).sort()).toEqual(['replay.skw', 'summary.json']); // no temp files left
    expect(run.out).toMatch(/trips completed/);
    // The vertiport table: the busiest first (most departures and arrivals asked for), as in summary.json.
    expect(run.out).toMatch(/limited by dep\/arr\/pads/);
    const vps = summary.vertiports as { id: string; departures_requested: number; arrivals_requested: number }[];
    expect(vps.map((v) => v.id)).toContain('ala-north');
    const busiest = [...vps].sort((a, b) => b.departures_requested + b.arrivals_requested - (a.departures_requested + a.arrivals_requested))[0];
    const firstRow = run.out.split('\n').find((l) => /^│ \S+-/.test(l) && !/vertiport/.test(l));
    expect(firstRow).toContain(busiest.id);
    expect(run.out).toMatch(/npm run sim -- export --replay/);
  });

  it('the vertiport table: busiest first, at most `limit` rows, a stands column only when some vertiport has stands', () => {
    const row = (id: string, dep: number, arr: number, stands = 0): VertiportRow => ({ id, pads: 3, departure_lanes: 1, departures_requested: dep, departures_rejected: 0, departures_delayed: 0, departure_delay_mean_s: 0,
      arrivals_requested: arr, limited_by: { departure: 0, arrival: 0, pads: 0 }, landings: 0, pad_holds: 0, pads_busy_mean: 0, pads_busy_peak: 0, stands, stand_charges: 0 });
    const rows = [row('a-quiet', 1, 0), row('b-busy', 50, 50), row('c-mid', 10, 5), row('d-idle', 0, 0)];
    const t = vertiportTable(rows, 2).split('\n');
    const order = t.filter((l) => /^│ [a-d]-/.test(l)).map((l) => l.split('│')[1].trim());
    expect(order).toEqual(['b-busy', 'c-mid']);
    expect(t[t.length - 1]).toBe('1 more in summary.json ("vertiports")'); // d-idle, asked nothing, is not counted
    expect(t.join('\n')).not.toMatch(/stands/);
    expect(vertiportTable([row('a', 1, 1, 4)])).toMatch(/stands\/charges/);
    expect(vertiportTable([row('a', 0, 0)])).toBe('');
  });

  it('info prints the header and rejects a corrupt file with exit 2', () => {
    const info = sim('info', join(out, 'replay.skw'));
    expect(info.code).toBe(0);
    expect(info.out).toMatch(/skyweave replay v1/);
    expect(info.out).toMatch(/seed\s+│ 3/);
    const bad = join(dir, 'bad.skw');
    const bytes = readFileSync(join(out, 'replay.skw'));
    writeFileSync(bad, bytes.subarray(0, bytes.length - 100));
    const r = sim('info', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.skw: truncated or damaged replay/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('export writes GeoJSON tracks and CSV rows', () => {
    const gj = join(dir, 'tracks.geojson');
    expect(sim('export', '--replay', join(out, 'replay.skw'), '--format', 'geojson', '--out', gj).code).toBe(0);
    const fc = JSON.parse(readFileSync(gj, 'utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(50);
    const f = fc.features[0];
    expect(f.geometry.type).toBe('LineString');
    const [lon, lat, alt] = f.geometry.coordinates[0];
    expect(lon).toBeGreaterThan(76.8);
    expect(lon).toBeLessThan(77.3);
    expect(lat).toBeGreaterThan(43.3);
    expect(lat).toBeLessThan(43.95);
    expect(alt).toBeGreaterThanOrEqual(0);
    expect(f.properties.times.length).toBe(f.geometry.coordinates.length);
    const csv = join(dir, 'tracks.csv');
    expect(sim('export', '--replay', join(out, 'replay.skw'), '--format', 'csv', '--out', csv).code).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('t,id,class,lat,lon,alt_m');
    expect(lines[1]).toMatch(/^\d+(\.\d+)?,\d+,(drone|evtol|ground),43\.\d+,7[67]\.\d+,\d+(\.\d+)?$/);
  });

  it('bad input: one clear error, exit 2, nothing overwritten', () => {
    const before = readFileSync(join(out, 'summary.json'), 'utf8');
    const r = sim('run', '--out', out, '--set', 'params.dt=-1', '--set', 'demand.flows[0].class=blimp');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/params\.dt: expected time step in seconds > 0/);
    expect(r.err).toMatch(/demand\.flows\[0\]\.class: expected class "drone", "evtol" or "ground"/);
    expect(r.err).toMatch(/nothing was written/);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(before);

    const missing = sim('run', '--scenario', join(dir, 'nope.json'), '--out', join(dir, 'x'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.json: \(file\): cannot read: ENOENT/);
    expect(existsSync(join(dir, 'x'))).toBe(false);

    for (const args of [['run', '--bogus'], ['run', '--seed', 'abc'], ['run', '--duration', '-5'], ['frobnicate'], ['export', '--replay', 'x', '--format', 'kml', '--out', 'y']]) {
      const e = sim(...args);
      expect(e.code, args.join(' ')).toBe(2);
      expect(e.err.trim().split('\n').length, e.err).toBe(1);
      expect(e.err).toMatch(/^error: /);
    }
  });

  it('--help works on every command, and lists every family member from its registry', () => {
    for (const cmd of [[], ['run'], ['export'], ['info'], ['ground'], ['car-following'], ['detect'], ['grid-bench']]) {
      const r = sim(...cmd, '--help');
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.out).toMatch(/Usage: npm run sim --/);
    }
    const run = sim('run', '--help').out;
    for (const name of ['full-mix', 'layers', 'zones', 'tubes', 'corridors+strategic', 'mvp', 'mvp-horizontal', 'vo', 'vertical', 'none']) expect(run).toContain(name);
    expect(sim('ground', '--help').out).toMatch(/--car-following idm\|krauss/);
    expect(sim('car-following', '--help').out).toMatch(/krauss/);
  });

  it('family flags and new parameters: unknown names and out-of-range values are one clear error, exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['run', '--cr', 'ssd'], /--cr: unknown conflict resolution method "ssd": expected a conflict resolution method: mvp, mvp-horizontal, vo, vertical, none/],
      [['run', '--policy', 'x'.repeat(200)], /--policy: unknown routing policy "x{57}\.\.\.": expected a routing policy: full-mix/],
      [['ground', '--car-following', 'gipps'], /--car-following: unknown car-following model "gipps": expected a car-following model: idm, krauss/],
      [['ground', '--control', 'roundabout'], /--control: unknown junction manager "roundabout": expected a junction manager: priority, fixed-time, aim/],
      [['ground', '--sigma', '1.5'], /--sigma: expected dawdling in \[0, 1\], got "1.5"/],
      [['detect', '--snapshot', 'x.json', '--rpz', '50', '--hpz', '15', '--tlook', '60', '--broadphase', 'kd'], /--broadphase: unknown broad phase "kd"/],
      [['car-following', '--leader', 'x.csv', '--followers', '2', '--spacing', '20', '--dt', '0.5', '--model', 'ov'], /--model: unknown car-following model "ov"/],
      [['car-following', '--leader', 'x.csv', '--followers', '2', '--spacing', '20', '--dt', '0.5', '--params', 'sigma=2'], /--params: sigma: expected a number in \[0, 1\], got "2"/],
      [['car-following', '--leader', 'x.csv', '--followers', '2', '--spacing', '20', '--dt', '0.5', '--leader-decel=-3'], /--leader-decel: expected deceleration in m\/s² > 0, got "-3"/],
      [['run', '--set', 'ground.car_following="gipps"', '--out', join(dir, 'cf')], /ground\.car_following: expected a car-following model: idm, krauss/],
      [['run', '--set', 'ground.sigma=2', '--out', join(dir, 'cf')], /ground\.sigma: expected sigma <= 1/],
      [['run', '--set', 'demand.delivery_addresses="moon"', '--out', join(dir, 'cf')], /demand\.delivery_addresses: expected "own" or "shared"/],
    ];
    for (const [args, re] of cases) {
      const e = sim(...args);
      expect(e.code, args.join(' ')).toBe(2);
      expect(e.err, args.join(' ')).toMatch(re);
      expect(e.err).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
    }
    expect(existsSync(join(dir, 'cf'))).toBe(false);
  });
});
