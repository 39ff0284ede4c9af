import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReplay, ReplayError, validateScenario, type Scenario } from '../../sim-core/index.ts';
import { ScenarioCompileError } from '../../sim-core/scenario/errors.ts';
import { GridFormatError, checkLine, parseMap, parseScen } from '../../sim-core/routing/movingai.ts';
import { CAR_FOLLOWING_MODELS } from '../../sim-core/ground/car-following/index.ts';
import { replayFollowers } from '../../sim-core/ground/car-following/follow-replay.ts';
import { VEHICLE_TYPE_DEFAULTS } from '../../sim-core/ground/car-following/types.ts';
import { RngStreams } from '../../sim-core/world/rng.ts';
import { DetectionResult } from '../../sim-core/deconfliction/tactical/cpa.ts';
import { BROAD_PHASES } from '../../sim-core/deconfliction/tactical/broadphase.ts';
import { alatauScenario } from '../../src/scenarios/alatau/scenario.ts';
import { runScenario } from '../../src/run-scenario.ts';
import { checkLimits, type Limits } from '../../src/guards.ts';
import { ExperimentError, ScenarioLoadError, UsageError } from '../../src/io.ts';
import { parseSnapshot } from '../../src/commands/detect.ts';
import { parseLeaderCsv } from '../../src/commands/car-following.ts';
import { readExperimentFile } from '../../src/experiments/spec.ts';
import { planSweep } from '../../src/experiments/plan.ts';

/**
 * Fuzz targets: each draws an input (a mutated Alatau, a small random scenario, a damaged replay,
 * a detect snapshot, a leader CSV, MovingAI files, an experiment file) and either accepts it, runs
 * it briefly and checks invariants, or rejects it with an error that names the file and the
 * place. Anything else (a TypeError, a NaN in a result, an error without a location) fails.
 */
export type Outcome = 'accepted' | 'rejected';

export interface FuzzTarget<T = unknown> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  /** Async for the readers that stream (OSM). */
  run(input: T): Outcome | Promise<Outcome>;
}

/** Small limits: a fuzz case must stay a fraction of a second. */
const FUZZ_LIMITS: Limits = { maxTicks: 400, maxTrips: 2000, maxAgents: 2000, maxReplayMb: 20, maxFlows: 200 };
const FUZZ_DURATION_S = 30;

/** Every number in a result is finite (no NaN or Infinity leaks into a summary). */
export function assertFinite(value: unknown, where = 'summary'): void {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${where}: non-finite number ${value}`);
  if (Array.isArray(value)) value.forEach((v, i) => assertFinite(v, `${where}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertFinite(v, `${where}.${k}`);
}

/** A rejection is fine only if it is one of ours and says where. */
function expectLocated(e: unknown, file: string): Outcome {
  if (e instanceof ScenarioLoadError) {
    for (const p of e.problems) if (!p.file || !p.path || !p.message) throw new Error(`problem without a location: ${JSON.stringify(p)}`);
    return 'rejected';
  }
  if (e instanceof ExperimentError) {
    for (const p of e.problems) if (!p.file || !p.path || !p.message) throw new Error(`problem without a location: ${JSON.stringify(p)}`);
    return 'rejected';
  }
  if (e instanceof UsageError || e instanceof ScenarioCompileError || e instanceof GridFormatError || e instanceof ReplayError) {
    if (!e.message || e.message.length > 2000) throw new Error(`unhelpful message (${e.message.length} characters)`);
    if (e instanceof UsageError && file && !e.message.includes(file) && !/too big|--max-/.test(e.message)) throw new Error(`message does not name ${file}: ${e.message}`);
    return 'rejected';
  }
  throw e;
}

/** Validate, guard, compile and run a short simulation; check the result's invariants. */
function runBriefly(raw: unknown, file: string): Outcome {
  const v = validateScenario(raw, { scenarioFile: file });
  if (!v.ok) return expectLocated(new ScenarioLoadError(v.problems), file);
  try {
    checkLimits(v.scenario as Scenario, FUZZ_DURATION_S, true, FUZZ_LIMITS);
    const r = runScenario(v.scenario as Scenario, 1, FUZZ_DURATION_S, { replay: true });
    assertFinite(r.summary);
    if (!/^[0-9a-f]{16}$/.test(String(r.summary.state_hash))) throw new Error(`bad state hash ${r.summary.state_hash}`);
    const replay = readReplay(r.replay!);
    if (replay.frameCount < 1) throw new Error('replay without frames');
    return 'accepted';
  } catch (e) {
    return expectLocated(e, file);
  }
}

// ---- scenarios --------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const BASE = alatauScenario() as unknown as Record<string, Json>;

/** Paths to every leaf of the Alatau scenario (geometry coordinates sampled, not all of them). */
function leafPaths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) {
    const step = Math.max(1, Math.floor(v.length / 6));
    for (let i = 0; i < v.length; i += step) leafPaths(v[i], [...prefix, i], out);
    if (!v.length || typeof v[0] !== 'object') out.push(prefix);
  } else if (v && typeof v === 'object') {
    for (const [k, c] of Object.entries(v)) leafPaths(c, [...prefix, k], out);
    out.push(prefix);
  } else out.push(prefix);
  return out;
}
const PATHS = leafPaths(BASE).filter((p) => p.length > 0);

const DELETE = Symbol('delete');
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(DELETE),
  fc.constantFrom(null, true, false, 0, -1, 1, 1e6, 1e308, -1e308, Infinity, -Infinity, 0.5, '', 'x', [], {}),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noNaN: true, min: -1e9, max: 1e9 }),
  fc.string({ maxLength: 20 }),
  fc.array(fc.integer(), { maxLength: 4 }),
  // Scaled original: plausible values near the valid ones (weighted up, so many cases run).
  { weight: 6, arbitrary: fc.record({ scale: fc.constantFrom(0, -1, 0.001, 0.5, 0.9, 1.1, 2, 10, 1000) }) },
);

function getAt(root: Json, path: (string | number)[]): Json | undefined {
  let node: Json | undefined = root;
  for (const k of path) node = node && typeof node === 'object' ? (node as Record<string | number, Json>)[k] : undefined;
  return node;
}

function setAt(root: Json, path: (string | number)[], value: unknown): void {
  let node = root as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) {
    const next = node?.[k];
    if (!next || typeof next !== 'object') return;
    node = next as Record<string | number, Json>;
  }
  const last = path[path.length - 1];
  const current = node[last];
  if (value === DELETE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else if (value && typeof value === 'object' && 'scale' in (value as object) && !Array.isArray(value)) {
    if (typeof current === 'number') node[last] = current * (value as { scale: number }).scale;
  } else node[last] = value as Json;
}

export const alatauMutations: FuzzTarget<{ path: (string | number)[]; value: unknown }[]> = {
  name: 'alatau-mutations',
  arbitrary: fc.array(fc.record({ path: fc.constantFrom(...PATHS), value: valueArb }), { minLength: 1, maxLength: 3 }),
  run(mutations) {
    const raw = structuredClone(BASE) as Json;
    for (const m of mutations) if (getAt(raw, m.path.slice(0, -1)) !== undefined) setAt(raw, m.path, m.value);
    // Short demand so an accepted case stays small.
    return runBriefly(raw, 'alatau-fuzz.json');
  },
};

const lonArb = fc.double({ min: 76.9, max: 77.25, noNaN: true });
const latArb = fc.double({ min: 43.35, max: 43.85, noNaN: true });
const pointArb = fc.tuple(lonArb, latArb);

export const smallScenarios: FuzzTarget<{ vertiports: [number, number][]; pads: number[]; geofences: [number, number][][]; flows: { from: number; to: number; cls: number; rate: number }[] }> = {
  name: 'small-scenarios',
  arbitrary: fc.record({
    vertiports: fc.array(pointArb, { minLength: 2, maxLength: 5 }),
    pads: fc.array(fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, 2.5) }), { minLength: 5, maxLength: 5 }),
    geofences: fc.oneof({ weight: 2, arbitrary: fc.constant([] as [number, number][][]) }, { weight: 1, arbitrary: fc.array(fc.array(pointArb, { minLength: 1, maxLength: 7 }), { maxLength: 2 }) }),
    flows: fc.array(fc.record({
      from: fc.oneof({ weight: 9, arbitrary: fc.nat(1) }, { weight: 1, arbitrary: fc.nat(6) }),
      to: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 2 }) }, { weight: 1, arbitrary: fc.nat(6) }),
      cls: fc.nat(2),
      rate: fc.oneof({ weight: 8, arbitrary: fc.double({ min: 0, max: 400, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(0, -5, 1e9) }),
    }), { maxLength: 5 }),
  }),
  run(input) {
    const raw = structuredClone(BASE) as Record<string, Json> & { layers: Record<string, { features: Json[] }>; demand: { flows: Json[] } };
    const vProps = (raw.layers.vertiports.features[0] as { properties: Record<string, Json> }).properties;
    const gProps = (raw.layers.geofences.features[0] as { properties: Record<string, Json> }).properties;
    raw.layers.vertiports.features = input.vertiports.map(([lon, lat], i) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { ...vProps, id: `v${i}`, pads: input.pads[i] } }));
    raw.layers.geofences.features = input.geofences.map((pts, i) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...pts, pts[0]]] }, properties: { ...gProps, id: `g${i}` } }));
    raw.layers.corridors.features = [];
    raw.layers.roads.features = [];
    raw.layers.zones.features = [];
    raw.ground = { ...(raw.ground as Record<string, Json>), model: 'simple' };
    const classes = ['drone', 'evtol', 'ground'];
    raw.demand.flows = input.flows.map((f) => ({ class: classes[f.cls], from: `v${f.from}`, to: `v${f.to}`, trips_per_hour: f.rate }));
    return runBriefly(raw, 'small-fuzz.json');
  },
};

// ---- replays ----------------------------------------------------------------------------------

let baseReplay: Uint8Array | null = null;
function replayBytes(): Uint8Array {
  if (baseReplay) return baseReplay;
  const v = validateScenario(BASE, { scenarioFile: 'alatau' });
  if (!v.ok) throw new Error('the built-in scenario does not validate');
  return (baseReplay = runScenario(v.scenario, 1, 120, { replay: true }).replay!);
}

export const damagedReplays: FuzzTarget<{ cut: number; flips: [number, number][]; garbage: number[] }> = {
  name: 'damaged-replays',
  arbitrary: fc.record({
    cut: fc.oneof(fc.constant(-1), fc.double({ min: 0, max: 1, noNaN: true })),
    flips: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    garbage: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }),
  }),
  run({ cut, flips, garbage }) {
    const base = replayBytes();
    let bytes = base.slice(0, cut < 0 ? base.length : Math.floor(cut * base.length));
    for (const [at, v] of flips) if (bytes.length) bytes[Math.min(bytes.length - 1, Math.floor(at * bytes.length))] = v;
    if (garbage.length) bytes = new Uint8Array([...bytes, ...garbage]);
    try {
      const r = readReplay(bytes);
      for (let f = 0; f < r.frameCount; f++) {
        const n = r.frameAgentCount(f);
        if (n > 1e7 || !Number.isFinite(r.frameTick(f))) throw new Error(`frame ${f}: implausible`);
      }
      return 'accepted';
    } catch (e) {
      return expectLocated(e, '');
    }
  },
};

// ---- detect snapshots, leader CSVs, MovingAI files ---------------------------------------------

const aircraftArb = fc.record({
  id: fc.oneof(fc.nat(50), fc.string({ maxLength: 6 })),
  lat: fc.oneof(fc.double({ min: 43.4, max: 43.5, noNaN: true }), fc.constantFrom(95, -91, 0)),
  lon: fc.oneof(fc.double({ min: 77.0, max: 77.1, noNaN: true }), fc.constantFrom(181, 0)),
  alt_m: fc.oneof(fc.double({ min: 0, max: 300, noNaN: true }), fc.constantFrom(1e308, -5000)),
  gs_mps: fc.oneof(fc.double({ min: 0, max: 40, noNaN: true }), fc.constantFrom(-1, 1e9)),
  trk_deg: fc.double({ min: -720, max: 720, noNaN: true }),
  vs_mps: fc.double({ min: -10, max: 10, noNaN: true }),
}, { requiredKeys: ['id', 'lat', 'lon', 'alt_m', 'gs_mps', 'trk_deg'] });

export const detectSnapshots: FuzzTarget<{ aircraft: unknown[]; cut: number }> = {
  name: 'detect-snapshots',
  arbitrary: fc.record({ aircraft: fc.array(aircraftArb, { maxLength: 30 }), cut: fc.oneof(fc.constant(-1), fc.double({ min: 0, max: 1, noNaN: true })) }),
  run({ aircraft, cut }) {
    let text = JSON.stringify({ aircraft });
    if (cut >= 0) text = text.slice(0, Math.floor(cut * text.length));
    try {
      const { state } = parseSnapshot(text, 'snap.json');
      const out = new DetectionResult();
      BROAD_PHASES.get('grid')().detect(state, { rpz: 50, hpz: 15, tlook: 60 }, out);
      for (let k = 0; k < out.conflicts; k++) if (![out.tcpa[k], out.dcpa[k], out.tin[k], out.tout[k]].every(Number.isFinite)) throw new Error(`conflict ${k}: non-finite`);
      return 'accepted';
    } catch (e) {
      return expectLocated(e, 'snap.json');
    }
  },
};

export const leaderCsvs: FuzzTarget<{ header: boolean; rows: [number, number, number][]; corrupt: [number, number, string][] }> = {
  name: 'leader-csvs',
  arbitrary: fc.record({
    header: fc.boolean(),
    // Mostly plausible trajectories (rising time, positions, speeds), some cells corrupted.
    rows: fc.array(fc.tuple(fc.double({ min: 0.01, max: 30, noNaN: true }), fc.double({ min: -5, max: 50, noNaN: true }), fc.double({ min: 0, max: 40, noNaN: true })), { minLength: 0, maxLength: 12 }),
    corrupt: fc.array(fc.tuple(fc.nat(11), fc.nat(3), fc.constantFrom('', 'x', 'NaN', '1e400', ' 3 ', '-1', '1e12')), { maxLength: 2 }),
  }),
  run({ header, rows, corrupt }) {
    let t = 0, x = 0;
    const cells: (number | string)[][] = rows.map(([dt, dx, v]) => [(t += dt), (x += dx), v]);
    for (const [r, c, v] of corrupt) if (cells[r]) cells[r][c] = v;
    const text = (header ? 'time,pos,speed\n' : '') + cells.map((r) => r.join(',')).join('\n');
    try {
      const track = parseLeaderCsv(text, 'leader.csv');
      if ((track.time[track.time.length - 1] - track.time[0]) / 0.5 > 20_000) return 'accepted';
      const model = CAR_FOLLOWING_MODELS.get('idm')(VEHICLE_TYPE_DEFAULTS, 'sumo', new RngStreams(1).stream('car-following'));
      const trace = replayFollowers(track, 3, 10, model, 0.5);
      assertFinite(Array.from(trace.pos), 'pos');
      assertFinite(Array.from(trace.speed), 'speed');
      return 'accepted';
    } catch (e) {
      return expectLocated(e, 'leader.csv');
    }
  },
};

export const movingAiFiles: FuzzTarget<{ header: string[]; grid: string[]; scen: string }> = {
  name: 'movingai-files',
  arbitrary: fc.record({
    header: fc.constantFrom(['type octile', 'height 4', 'width 5', 'map'], ['type octile', 'height 4', 'width 5', 'map'], ['type octile', 'height 4', 'width 5'], ['height 4', 'width 5', 'map'], ['type octile', 'height -1', 'width 5', 'map'], ['type octile', 'height 99999999', 'width 99999999', 'map']),
    grid: fc.oneof({ weight: 3, arbitrary: fc.array(fc.stringMatching(/^[.@TGS]{5}$/), { minLength: 4, maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(fc.stringMatching(/^[.@TGSWx]{0,6}$/), { maxLength: 5 }) }),
    scen: fc.oneof(fc.constant('version 1\n0\tm.map\t5\t4\t0\t0\t4\t3\t5.5'), fc.string({ maxLength: 60 }), fc.constant('version 1\n0\tm.map\t5\t4\t9\t9\t0\t0\t1')),
  }),
  run({ header, grid, scen }) {
    try {
      const map = parseMap([...header, ...grid].join('\n'), 'm.map');
      const lines = parseScen(scen, 'm.scen');
      lines.forEach((l, i) => checkLine(map, l, i + 2, 'm.scen'));
      return 'accepted';
    } catch (e) {
      return expectLocated(e, '');
    }
  },
};

// ---- experiment files ---------------------------------------------------------------------------

/** The first value 6 times in 7, else one of the others. */
const often = (good: unknown, ...bad: unknown[]) => fc.oneof({ weight: 6 * Math.max(1, bad.length), arbitrary: fc.constant(good) }, { weight: bad.length, arbitrary: fc.constantFrom(...bad) });

const dir = mkdtempSync(join(tmpdir(), 'skw-fuzz-exp-'));
let expN = 0;
export const experimentFiles: FuzzTarget<Record<string, unknown>> = {
  name: 'experiment-files',
  // Each field mostly valid, sometimes not, so whole files are accepted often enough too.
  arbitrary: fc.record({
    scenario: often('alatau', 'nope', 3, ''),
    grid: often({ 'demand.scale': [1, 2] }, { 'airspace.policy': ['full-mix', 'warp'] }, {}, { 'demand.scale': [] }, { 'no.such.field': [1] }, [1], { 'demand.scale': [1, 1] }),
    seeds: often('1-3', '3-1', [1, 2], [], 'x', [1, 1], '1-100000'),
    duration_s: often(60, -1, 0, 1e9, 'long'),
    metrics: often(undefined, 'all', [3]),
    extra: often(undefined, 1),
  }, { requiredKeys: [] }),
  run(e) {
    const file = join(dir, `e${expN++}.json`);
    writeFileSync(file, JSON.stringify(e));
    try {
      planSweep(readExperimentFile(file));
      return 'accepted';
    } catch (err) {
      return expectLocated(err, file);
    }
  },
};

