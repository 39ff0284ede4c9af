import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readScn, splitCommand } from '../src/interop/bluesky/scn-reader.ts';
import { parseAltitude, parseAngle, parseSpeed, KTS, FT } from '../src/interop/bluesky/units.ts';
import { casToTas, machToTas } from '../sim-core/scripted/isa.ts';
import { ScriptedTraffic, distanceM, SCRIPT_EARTH_RADIUS_M } from '../sim-core/scripted/scripted-traffic.ts';
import { FAMILIES, familyOfType } from '../src/interop/bluesky/aircraft-types.ts';
import { runBlueSky } from '../src/interop/bluesky/run-bluesky.ts';
import { EVENT_CONFLICT, EVENT_LOS, readReplay } from '../sim-core/replay/index.ts';
import { LocalFrame } from '../sim-core/airspace/local-frame.ts';
import { runCli } from './helpers/cli.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'bluesky', 'crossing.scn');

/** Two drones head-on, 2,000 m apart at 20 kts CAS (10.3 m/s) each, 50 m / 15 m protected zone, each bound past the other. */
function headOn(reso: string): string {
  return [
    '00:00:00.00>ZONER 0.027', '00:00:00.00>ZONEDH 49.2', '00:00:00.00>DTLOOK 300', '00:00:00.00>ASAS ON', `00:00:00.00>RESO ${reso}`,
    '00:00:00.00>CRE W1,M600,43.6,77.0,90,300,20', '00:00:00.00>CRE E1,M600,43.6,77.02478,270,300,20',
    '00:00:00.00>DEST W1,43.6,77.04', '00:00:00.00>DEST E1,43.6,76.985',
  ].join('\n');
}

describe('BlueSky scenario reader', () => {
  it('reads timestamps, several commands per line, comments and empty arguments', () => {
    const { commands, problems } = readScn('# header\n00:00:01.50>CRE A,B744 52 4,90,FL100,250 ; ALT A,FL200\n\n0:01:00>ADDWPT A,52.1,4.1,,250\nnot a command\n');
    expect(problems).toEqual([{ line: 5, message: expect.stringContaining('HH:MM:SS.hh>COMMAND') }]);
    expect(commands.map((c) => [c.line, c.timeS, c.name])).toEqual([[2, 1.5, 'CRE'], [2, 1.5, 'ALT'], [4, 60, 'ADDWPT']]);
    expect(commands[0].args).toEqual(['A', 'B744', '52', '4', '90', 'FL100', '250']);
    expect(commands[2].args).toEqual(['A', '52.1', '4.1', '', '250']);
    expect(splitCommand('hdg  KL204 90').name).toBe('HDG');
  });

  it('runs a line stamped earlier than the one before right after it, as BlueSky does', () => {
    const { commands } = readScn('00:01:00.00>ECHO a\n00:00:30.00>ECHO b\n');
    expect(commands.map((c) => c.timeS)).toEqual([60, 60]);
  });

  it('parses BlueSky units: flight levels, feet, knots CAS, Mach, DMS positions', () => {
    expect(parseAltitude('FL100')).toBeCloseTo(3048, 6);
    expect(parseAltitude('5000')).toBeCloseTo(1524, 6);
    expect(parseSpeed('250')).toEqual({ value: 250 * KTS, mach: false });
    expect(parseSpeed('M0.78')).toEqual({ value: 0.78, mach: true });
    expect(parseSpeed('0.8')).toEqual({ value: 0.8, mach: true });
    expect(parseAngle("N52'30'00", 'lat')).toBeCloseTo(52.5, 9);
    expect(parseAngle("W004'15'00", 'lon')).toBeCloseTo(-4.25, 9);
    expect(() => parseAngle('95', 'lat')).toThrow(/within ±90/);
    expect(() => parseAngle('EHAM', 'lat')).toThrow(/latitude/);
  });

  it('converts airspeeds as the ISA does (closed forms and textbook values)', () => {
    expect(casToTas(100, 0)).toBeCloseTo(100, 5);
    expect(machToTas(1, 0)).toBeCloseTo(340.294, 2);
    // 250 kts CAS at 10,000 ft is about 288 kts TAS (E6B / ICAO tables).
    expect(casToTas(250 * KTS, 10000 * FT) / KTS).toBeGreaterThan(286);
    expect(casToTas(250 * KTS, 10000 * FT) / KTS).toBeLessThan(290);
  });

  it('maps aircraft types to families, unknown ones to fixed-wing', () => {
    expect(FAMILIES[familyOfType('m600').family].skyweaveClass).toBe('drone');
    expect(FAMILIES[familyOfType('EH216').family].skyweaveClass).toBe('evtol');
    expect(familyOfType('XYZ9')).toEqual({ family: FAMILIES.findIndex((f) => f.name === 'fixed-wing'), known: false });
  });
});

describe('scripted kinematics', () => {
  const family = FAMILIES.findIndex((f) => f.name === 'fixed-wing');
  it('flies straight at its true airspeed along the meridian', () => {
    const t = new ScriptedTraffic(FAMILIES);
    const k = t.create('A', 'B744', family, 10, 20, 0, 0, { value: 100, mach: false }, 0);
    for (let i = 0; i < 2000; i++) t.step(0.05, i * 0.05, null);
    expect(t.tas[k]).toBeCloseTo(100, 5);
    expect(distanceM(10, 20, t.lat[k], t.lon[k])).toBeCloseTo(100 * 100, 0);
    expect(t.lat[k] - 10).toBeCloseTo(((100 * 100) / SCRIPT_EARTH_RADIUS_M) * (180 / Math.PI), 7);
  });

  it('turns at the bank angle rate and climbs at the selected vertical speed', () => {
    const t = new ScriptedTraffic(FAMILIES);
    const k = t.create('A', 'B744', family, 10, 20, 0, 0, { value: 100, mach: false }, 0);
    t.selHdg[k] = 90;
    const rate = ((9.80665 * Math.tan((25 * Math.PI) / 180)) / 100) * (180 / Math.PI);
    const turnS = 90 / rate;
    let s = 0;
    for (; s < turnS - 0.5; s += 0.05) t.step(0.05, s, null);
    expect(t.hdg[k]).toBeGreaterThan(80);
    expect(t.hdg[k]).toBeLessThan(90);
    for (; s < turnS + 0.5; s += 0.05) t.step(0.05, s, null);
    expect(t.hdg[k]).toBeCloseTo(90, 9);
    t.selAlt[k] = 300;
    t.selVs[k] = 5;
    for (let i = 0; i < 20 * 30; i++) t.step(0.05, s + i * 0.05, null);
    expect(t.alt[k]).toBeCloseTo(150, 6);
  });
});

describe('run --bluesky', () => {
  it('predicts the head-on conflict as the closed form does, and MVP removes the loss of separation', () => {
    const off = runBlueSky(headOn('OFF'), 'head-on.scn');
    const first = off.events.find((e) => e.kind === 'conflict')!;
    const gap = distanceM(43.6, 77.0, 43.6, 77.02478);
    const v = casToTas(20 * KTS, 300 * FT);
    expect(first.timeS).toBe(0);
    expect(first.tcpa).toBeCloseTo(gap / (2 * v), 0);
    expect(first.dcpa).toBeLessThan(1);
    expect(off.summary.tactical!.los_pairs).toBe(1);
    const mvp = runBlueSky(headOn('MVP'), 'head-on.scn');
    expect(mvp.summary.tactical!.los_pairs).toBe(0);
    expect(mvp.summary.tactical!.resolutions).toBeGreaterThan(0);
    // Resolution ends and both resume: they reach their destinations, nobody circles.
    expect(mvp.summary.aircraft.reached_destination).toBe(2);
    expect(mvp.summary.end).toMatch(/reached its destination/);
  });

  it("RESO MVP is BlueSky's default, horizontal MVP; RMETHH OFF adds levels, RMETHV ON resolves vertically only", () => {
    const resolver = (extra: string[]) => runBlueSky([headOn('MVP'), ...extra].join('\n'), 'x.scn').summary.settings.resolver;
    expect(resolver([])).toBe('mvp-horizontal');
    expect(resolver(['00:00:00.00>RMETHH OFF'])).toBe('mvp');
    expect(resolver(['00:00:00.00>RMETHV ON'])).toBe('vertical');
    expect(resolver(['00:00:00.00>RMETHV ON', '00:00:00.00>RMETHH BOTH'])).toBe('mvp-horizontal');
    // Before RESO MVP the switches are kept for it; another method ignores them.
    expect(runBlueSky(['00:00:00.00>RMETHH OFF', headOn('MVP')].join('\n'), 'x.scn').summary.settings.resolver).toBe('mvp');
    expect(runBlueSky([headOn('SSD'), '00:00:00.00>RMETHH OFF'].join('\n'), 'x.scn').summary.settings.resolver).toBe('vo');
    // --cr wins; a bad value is a warning with its line, the run goes on.
    expect(runBlueSky([headOn('MVP'), '00:00:00.00>RMETHH OFF'].join('\n'), 'x.scn', { resolver: 'none' }).summary.settings.resolver).toBe('none');
    const bad = runBlueSky([headOn('MVP'), '00:00:00.00>RMETHV SIDEWAYS'].join('\n'), 'x.scn');
    expect(bad.summary.settings.resolver).toBe('mvp-horizontal');
    expect(JSON.stringify(bad.summary)).toContain('expected ON, V/S, OFF or NONE, got \\"SIDEWAYS\\"');
  });

  it('is deterministic', () => {
    const a = runBlueSky(headOn('MVP'), 'x.scn', { recordIntervalS: 2 }), b = runBlueSky(headOn('MVP'), 'x.scn', { recordIntervalS: 2 });
    expect({ ...a.summary, performance: null }).toEqual({ ...b.summary, performance: null });
    expect(a.summary.state_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(a.events).toEqual(b.events);
    expect(Buffer.from(a.replay!).equals(Buffer.from(b.replay!))).toBe(true);
    // A different resolver flies differently: the hash sees it.
    expect(runBlueSky(headOn('OFF'), 'x.scn').summary.state_hash).not.toBe(a.summary.state_hash);
  });

  it('records a replay the viewer reads: aircraft where the kinematics put them, areas, conflicts and LoS as events', () => {
    const scn = ['00:00:00.00>BOX SECTOR,43.59,76.99,43.61,77.03', headOn('OFF')].join('\n');
    const r = runBlueSky(scn, 'head-on.scn', { recordIntervalS: 2 });
    const replay = readReplay(r.replay!);
    expect(replay.header.stateHash).toBe(r.summary.state_hash);
    expect(replay.layers.classes.map((c) => c.name)).toEqual(['drone', 'evtol', 'fixed-wing']);
    expect(replay.agents.cls[0]).toBe(0); // M600: a multirotor drone
    expect(replay.layers.flows[0].name).toBe('W1');
    expect(replay.layers.geofences.map((g) => g.id)).toEqual(['SECTOR']);
    expect(replay.layers.geofences[0].ring.length).toBe(8);
    // One frame every 2 s from 0 to the end.
    expect(replay.frameTick(1) * replay.header.dt).toBeCloseTo(2, 9);
    expect(replay.frameCount).toBe(Math.floor(r.summary.simulated_s / 2) + 1);
    // Frame 5 (t = 10 s): W1 flew 10 s east at its true airspeed from 77.0° E, E1 as far west.
    const frame = new LocalFrame(replay.header.originLat, replay.header.originLon);
    const f = 5, q = replay.header.positionQuantumM, v = casToTas(20 * KTS, 300 * FT);
    const [x0] = frame.forward(77.0, 43.6), [x1] = frame.forward(77.02478, 43.6);
    const ids = replay.frameIds(f);
    const xs = [0, 1].map((k) => replay.i32[replay.frameX(f) + k] * q);
    expect([replay.i32[ids], replay.i32[ids + 1]]).toEqual([0, 1]);
    expect(xs[0] - x0).toBeCloseTo(10 * v, 0);
    expect(x1 - xs[1]).toBeCloseTo(10 * v, 0);
    expect(replay.u16[replay.frameZ(f)] * q).toBeCloseTo(300 * FT, 0);
    // Conflict and LoS events, one per pair-log row.
    const kinds = Array.from({ length: replay.eventCount }, (_, i) => replay.event(i).kind);
    expect(kinds.filter((k) => k === EVENT_CONFLICT).length).toBe(r.events.filter((e) => e.kind === 'conflict').length);
    expect(kinds.filter((k) => k === EVENT_LOS).length).toBe(1);
  });

  it('deletes aircraft that leave the AREA and honours HOLD as the end', () => {
    const r = runBlueSky(['00:00:00.00>CIRCLE ZONE,43.6,77.0,0.5', '00:00:00.00>AREA ZONE', '00:00:00.00>CRE A,M600,43.6,77.0,0,300,30', '00:00:00.00>CRE B,M600,43.6,77.0,180,600,2', '00:10:00.00>HOLD'].join('\n'), 'area.scn');
    expect(r.summary.aircraft.left_area).toBe(1);
    expect(r.summary.aircraft.alive_at_end).toBe(1);
    expect(r.summary.simulated_s).toBe(600);
    expect(r.summary.end).toMatch(/HOLD/);
  });

  it('warns once per unknown command and bad argument with its line, and keeps running', () => {
    const r = runBlueSky(['00:00:00.00>CRE A,M600,43.6,77.0,0,300,30', '00:00:01.00>WIBBLE 1', '00:00:02.00>ALT A,high', '00:00:03.00>ADDWPT A,EHAM', '00:00:04.00>DEL NOBODY', '00:01:00.00>HOLD'].join('\n'), 'w.scn');
    expect(r.warnings.map((w) => w.line)).toEqual([2, 3, 4, 5]);
    expect(r.warnings[0].message).toMatch(/unknown command "WIBBLE"/);
    expect(r.warnings[1].message).toMatch(/ALT: expected altitude/);
    expect(r.warnings[2].message).toMatch(/navigation database/);
    expect(r.summary.simulated_s).toBe(60);
  });

  it('CLI: writes summary.json and pairs.csv; bad input exits 2 naming the file and line, writing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skw-bs-'));
    const ok = runCli(['run', '--bluesky', FIXTURE, '--out', join(dir, 'ok'), '--quiet']);
    expect(ok.code).toBe(0);
    expect(ok.err).toMatch(/crossing\.scn:15: unknown command "FROBNICATE"/);
    const summary = JSON.parse(readFileSync(join(dir, 'ok', 'summary.json'), 'utf8'));
    expect(summary.tactical.conflict_pairs).toBe(1);
    expect(summary.tactical.los_pairs).toBe(0);
    expect(readFileSync(join(dir, 'ok', 'pairs.csv'), 'utf8').split('\n')[1]).toMatch(/^0,conflict,D1,D2,/);
    expect(readReplay(new Uint8Array(readFileSync(join(dir, 'ok', 'replay.skw')))).header.stateHash).toBe(summary.state_hash);
    const bare = runCli(['run', '--bluesky', FIXTURE, '--out', join(dir, 'bare'), '--quiet', '--no-replay']);
    expect(bare.code).toBe(0);
    expect(existsSync(join(dir, 'bare', 'replay.skw'))).toBe(false);
    const badInterval = runCli(['run', '--bluesky', FIXTURE, '--out', join(dir, 'bi'), '--record-interval', '0']);
    expect(badInterval.code).toBe(2);
    expect(badInterval.err).toMatch(/--record-interval/);

    const strict = runCli(['run', '--bluesky', FIXTURE, '--out', join(dir, 'strict'), '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.err).toMatch(/crossing\.scn:15: unknown command "FROBNICATE"/);
    expect(existsSync(join(dir, 'strict', 'summary.json'))).toBe(false);

    const missing = runCli(['run', '--bluesky', join(dir, 'nope.scn'), '--out', join(dir, 'm')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.scn: cannot read: ENOENT/);
    const empty = join(dir, 'empty.scn');
    writeFileSync(empty, '# nothing\n');
    expect(runCli(['run', '--bluesky', empty, '--out', join(dir, 'e')]).err).toMatch(/empty\.scn: expected BlueSky scenario lines/);
    const binary = join(dir, 'bin.scn');
    writeFileSync(binary, Buffer.from([0, 1, 2, 0x3e, 0, 9]));
    const bin = runCli(['run', '--bluesky', binary, '--out', join(dir, 'b')]);
    expect(bin.code).toBe(2);
    expect(bin.err).toMatch(/binary data/);
    expect(bin.err).not.toMatch(/at .*\.ts:\d+/);
  });
});
