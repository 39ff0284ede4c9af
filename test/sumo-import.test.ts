import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSumoFiles, loadSumoFiles } from '../src/interop/sumo/run-sumo-files.ts';
import { readSumoNet } from '../src/interop/sumo/net-reader.ts';
import { InputFileError } from '../src/io.ts';
import { ROOT, runCli } from './helpers/cli.ts';

/**
 * SUMO import (issue 14): networks and demand read by streaming, run on the ground model, and
 * compared with SUMO 1.15's own results recorded next to each fixture (made by
 * bench/sumo-parity/make_networks.py with netgenerate, randomTrips.py, duarouter and sumo).
 */
const FIXTURES = join(ROOT, 'test', 'fixtures', 'sumo-net');
const CASES = readdirSync(FIXTURES).sort();
const opts = { control: 'from-net', carFollowing: 'from-vtype' as const, dt: 0.5, seed: 1 };
const files = (c: string) => ({ net: join(FIXTURES, c, 'net.net.xml'), routes: [join(FIXTURES, c, 'routes.rou.xml')], additional: [] });

describe('SUMO network parity (against recorded SUMO 1.15 results)', () => {
  it('has grid and spider fixtures, with priority junctions and with traffic lights', () => {
    expect(CASES.some((c) => c.startsWith('grid') && c.endsWith('priority'))).toBe(true);
    expect(CASES.some((c) => c.startsWith('grid') && c.endsWith('tls'))).toBe(true);
    expect(CASES.some((c) => c.startsWith('spider') && c.endsWith('priority'))).toBe(true);
    expect(CASES.some((c) => c.startsWith('spider') && c.endsWith('tls'))).toBe(true);
  });
  for (const c of CASES) {
    it(`${c}: arrived within 5 %, mean and p95 travel time within 10 %, no collision`, () => {
      const sumo = JSON.parse(readFileSync(join(FIXTURES, c, 'sumo-result.json'), 'utf8'));
      const r = runSumoFiles(files(c), opts, null);
      expect(r.inserted).toBe(sumo.inserted);
      expect(Math.abs(r.arrived - sumo.arrived) / sumo.arrived).toBeLessThanOrEqual(0.05);
      expect(Math.abs(r.travel_time_mean_s - sumo.travel_time_mean_s) / sumo.travel_time_mean_s).toBeLessThanOrEqual(0.1);
      expect(Math.abs(r.travel_time_p95_s - sumo.travel_time_p95_s) / sumo.travel_time_p95_s).toBeLessThanOrEqual(0.1);
      expect(r.collisions).toBe(0);
      expect(r.stuck).toBe(0);
      if (c.endsWith('tls')) expect(r.network.signal_programs).toBeGreaterThan(0);
    });
  }

  it('is deterministic: the same files give the same figures (wall time aside)', () => {
    const strip = (r: Record<string, unknown>) => ({ ...r, wall_s: 0, import_s: 0, vehicle_updates_per_s: 0, real_time_factor: 0 });
    expect(strip(runSumoFiles(files('grid4-tls'), opts, null) as never)).toEqual(strip(runSumoFiles(files('grid4-tls'), opts, null) as never));
  });

  it('signals matter: the network programs hold traffic that priority rules let through', () => {
    const tls = runSumoFiles(files('grid4-tls'), opts, null);
    const prio = runSumoFiles(files('grid4-tls'), { ...opts, control: 'priority' }, null);
    expect(tls.waiting_time_mean_s).toBeGreaterThan(prio.waiting_time_mean_s + 10);
  });

  it('reads lanes, lengths, connections and link indices as SUMO wrote them', () => {
    const net = readSumoNet(files('grid4-tls').net);
    const loaded = loadSumoFiles(files('grid4-tls'), opts);
    const n = loaded.imported.network;
    expect(n.linkCount).toBe(net.edges.length);
    const e = net.edges[0], k = loaded.imported.edgeLink.get(e.id)!;
    expect(n.linkLanes[k]).toBe(e.lanes.length);
    expect(n.linkLength[k]).toBeCloseTo(e.lanes[0].length, 6);
    // Every connection of a lane is a movement, and a signalised one keeps its tl link index.
    expect(n.moveCount).toBe(net.connections.length);
    expect(Array.from(n.moveSignalIndex).filter((i) => i >= 0).length).toBe(net.connections.filter((c) => c.tl !== null).length);
  });
});

describe('SUMO demand: flows, trips, vTypes and what is not modelled', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skyweave-sumo-'));
  const net = files('grid4-priority').net;
  const write = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

  it('expands flows (period, vehsPerHour, number) and routes trips with the road A*', () => {
    const routes = write('demand.rou.xml', `<routes>
  <vType id="idm" carFollowModel="IDM" accel="1.5" decel="2" tau="1.2" minGap="2" maxSpeed="15"/>
  <route id="r1" edges="A0A1 A1A2 A2A3"/>
  <flow id="p" type="idm" route="r1" begin="0" end="100" period="10"/>
  <flow id="h" route="r1" begin="0" end="3600" vehsPerHour="36" number="5"/>
  <flow id="n" from="A0B0" to="C3D3" begin="0" end="60" number="4"/>
  <trip id="t" depart="5" from="D0C0" to="A3A2"/>
  <person id="walker" depart="0"/>
</routes>`);
    const loaded = loadSumoFiles({ net, routes: [routes], additional: [] }, opts);
    expect(loaded.vehicleIds.filter((id) => id.startsWith('p.')).length).toBe(10);
    expect(loaded.vehicleIds.filter((id) => id.startsWith('h.')).length).toBe(5);
    expect(loaded.vehicleIds.filter((id) => id.startsWith('n.')).length).toBe(4);
    expect(loaded.vehicleIds).toContain('t');
    expect(loaded.traffic.models.map((m) => m.name).sort()).toEqual(['idm', 'krauss']);
    expect(loaded.unsupported.demand.list().map((r) => r.feature)).toContain('persons and containers (skipped)');
    const r = runSumoFiles({ net, routes: [routes], additional: [] }, opts, null);
    expect(r.arrived).toBe(20);
    expect(r.all_arrived).toBe(true);
  });

  it('lists unsupported network features in one warning with counts (CLI)', () => {
    const text = readFileSync(net, 'utf8').replace('<edge id="A0A1"', '<edge id="A0A1" spreadType="center"').replace(/(<lane id="A0A1_0"[^>]*?)\/>/, '$1 allow="pedestrian"/>');
    const badNet = write('walk.net.xml', text.replace('</net>', '<foo/><foo/></net>'));
    const routes = write('one.rou.xml', '<routes><vType id="c" speedDev="0.1"/><trip id="x" type="c" depart="0" from="B0C0" to="C3D3"/></routes>');
    const r = runCli(['ground', '--net', badNet, '--routes', routes, '--json']);
    expect(r.code).toBe(0);
    expect(r.err.match(/warning:/g)?.length).toBe(1);
    expect(r.err).toMatch(/2 × <foo> elements/);
    expect(r.err).toMatch(/1 × lanes closed to passenger cars/);
    expect(r.err).toMatch(/vTypes with speedDev > 0/);
    expect(JSON.parse(r.out).arrived).toBe(1);
  });

  const bad: [string, string, string, RegExp][] = [
    ['malformed XML', 'net', '<net><junction id="a" x="0" y="0"></net>', /bad\.xml:\d+: not well-formed XML/],
    ['wrong root', 'net', '<routes/>', /root element <routes>: expected <net>/],
    ['bad lane speed', 'net', '<net><junction id="a" x="0" y="0"/><junction id="b" x="100" y="0"/><edge id="e" from="a" to="b"><lane id="e_0" index="0" speed="fast" length="90"/></edge></net>', /bad\.xml:1: <lane id="e_0"> attribute "speed": expected a speed > 0 in m\/s, got "fast"/],
    ['edge to a missing junction', 'net', '<net><junction id="a" x="0" y="0"/><edge id="e" from="a" to="zz"><lane id="e_0" index="0" speed="10" length="90"/></edge></net>', /attribute "to": no junction "zz"/],
    ['unknown vType', 'routes', '<routes><vehicle id="v" type="truck" depart="0"><route edges="A0A1"/></vehicle></routes>', /bad\.xml:1: <vehicle id="v"> attribute "type": no <vType id="truck">/],
    ['unknown edge', 'routes', '<routes><vehicle id="v" depart="0"><route edges="A0A1 nowhere"/></vehicle></routes>', /vehicle "v": edge "nowhere" is not a car edge/],
    ['disconnected route', 'routes', '<routes><vehicle id="v" depart="0"><route edges="A0A1 D0C0"/></vehicle></routes>', /"A0A1" → "D0C0": no connection/],
    ['negative depart', 'routes', '<routes><trip id="v" depart="-3" from="A0A1" to="A1A2"/></routes>', /<trip id="v"> attribute "depart": expected a time >= 0/],
    ['flow without a rate', 'routes', '<routes><flow id="f" from="A0A1" to="A1A2" begin="0" end="10"/></routes>', /<flow id="f">: expected one of "period"/],
  ];
  for (const [what, kind, text, message] of bad) {
    it(`bad input (${what}): exit 2, the file, line and field named, no stack trace`, () => {
      const file = write('bad.xml', text);
      const r = runCli(['ground', '--net', kind === 'net' ? file : net, '--routes', kind === 'routes' ? file : write('ok.rou.xml', '<routes/>'), '--json']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/at .*\.(ts|js):\d+/);
      expect(r.out).toBe('');
    });
  }

  it('a missing file and grid-only flags are refused with exit 2', () => {
    expect(runCli(['ground', '--net', join(dir, 'nope.net.xml'), '--routes', join(dir, 'nope.rou.xml')]).err).toMatch(/nope\.net\.xml: cannot read: ENOENT/);
    const r = runCli(['ground', '--net', net, '--routes', net, '--trips', '5']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--trips: applies to the grid workload/);
  });

  it('errors from the library are InputFileErrors naming the file', () => {
    expect(() => readSumoNet(write('empty.net.xml', ''))).toThrow(InputFileError);
  });
});
