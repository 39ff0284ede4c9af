import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LocalFrame } from '../../sim-core/index.ts';
import { TrafficState } from '../../sim-core/deconfliction/tactical/traffic.ts';
import { DetectionResult } from '../../sim-core/deconfliction/tactical/cpa.ts';
import { BROAD_PHASES } from '../../sim-core/deconfliction/tactical/broadphase.ts';
import { EARTH_MODELS } from '../../sim-core/deconfliction/tactical/earth.ts';
import { formatPath, quoted } from '../../sim-core/scenario/validate.ts';
import { MAX_BOUNDS_SPAN_DEG } from '../../sim-core/scenario/schema.ts';
import { jsonErrorText } from '../scenario-loader.ts';
import { UsageError } from '../io.ts';
import { parseMember, parsePositive } from '../args.ts';

export const DETECT_HELP = `Usage: npm run sim -- detect --snapshot <file.json> --rpz <m> --hpz <m> --tlook <s> --json

State-based conflict detection (BlueSky definitions) on a traffic snapshot
{"aircraft":[{"id","lat","lon","alt_m","gs_mps","trk_deg","vs_mps"},...]}.
Prints {"conflicts":[{"a","b","tcpa","dcpa","tin","tout"}],"los":[{"a","b"}],"stats":{"n","candidate_pairs","detect_ms"}}
with each pair once, a < b by id; detect_ms times the detection pass alone.

  --broadphase <name>  candidate search (default grid):
${BROAD_PHASES.helpLines('                         ')}
  --earth <model>      how offsets between aircraft are measured (default local):
${EARTH_MODELS.helpLines('                         ')}`;

const MAX_ALT_M_SCHEMA = 100_000, MAX_SPEED_MPS_SCHEMA = 1_000;
const aircraft = z.strictObject({
  id: z.union([z.string(), z.number()], { error: 'expected a string or number id' }),
  lat: z.number({ error: 'expected latitude in degrees' }).min(-90).max(90),
  lon: z.number({ error: 'expected longitude in degrees' }).min(-180).max(180),
  alt_m: z.number({ error: 'expected altitude in metres' }).min(-1000).max(MAX_ALT_M_SCHEMA),
  gs_mps: z.number({ error: 'expected ground speed in m/s' }).nonnegative().max(MAX_SPEED_MPS_SCHEMA),
  trk_deg: z.number({ error: 'expected track in degrees' }).min(-3600).max(3600),
  vs_mps: z.number({ error: 'expected vertical speed in m/s' }).min(-MAX_SPEED_MPS_SCHEMA).max(MAX_SPEED_MPS_SCHEMA),
});
const snapshotSchema = z.strictObject({ aircraft: z.array(aircraft) });

const cmpId = (a: string | number, b: string | number) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
/** Twelve significant digits: readable, and close enough to compare with BlueSky at 1e-6 relative. */
const round12 = (v: number) => Number(v.toPrecision(12));

/** Parses and checks a snapshot and loads it into traffic columns; throws a UsageError naming the file and path. */
export function parseSnapshot(text: string, file: string): { list: z.infer<typeof snapshotSchema>['aircraft']; state: TrafficState } {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new UsageError(`${file}: expected JSON: ${jsonErrorText(text, e as Error)}`);
  }
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${file}: ${formatPath(i.path)}: ${i.message}`);
    throw new UsageError(first.join('\n       '));
  }
  const list = parsed.data.aircraft;
  const ids = new Set<string>();
  for (const [k, a] of list.entries()) {
    const key = `${typeof a.id}:${a.id}`;
    if (ids.has(key)) throw new UsageError(`${file}: aircraft[${k}].id: duplicate id ${quoted(String(a.id))}`);
    ids.add(key);
  }
  // Project about the snapshot's centre (transverse Mercator: < 1e-5 relative error at 10 km).
  const lat0 = list.length ? list.reduce((s, a) => s + a.lat, 0) / list.length : 0;
  const lon0 = list.length ? list.reduce((s, a) => s + a.lon, 0) / list.length : 0;
  const far = list.findIndex((a) => Math.abs(a.lat - lat0) > MAX_BOUNDS_SPAN_DEG || Math.abs(a.lon - lon0) > MAX_BOUNDS_SPAN_DEG);
  if (far >= 0) throw new UsageError(`${file}: aircraft[${far}]: expected every aircraft within ${MAX_BOUNDS_SPAN_DEG}° of the snapshot's centre (one local frame), got (${list[far].lon}, ${list[far].lat})`);
  const frame = new LocalFrame(lat0, lon0);
  const state = new TrafficState();
  state.ensure(list.length);
  state.frameLon = lon0;
  list.forEach((a, k) => {
    const [x, y] = frame.forward(a.lon, a.lat);
    state.push(k, k, 0, x, y, a.alt_m, a.gs_mps, (a.trk_deg * Math.PI) / 180, a.vs_mps);
    state.setLatLon(k, a.lat, a.lon);
  });
  return { list, state };
}

export function detectCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { snapshot: { type: 'string' }, rpz: { type: 'string' }, hpz: { type: 'string' }, tlook: { type: 'string' }, json: { type: 'boolean', default: false }, broadphase: { type: 'string', default: 'grid' }, earth: { type: 'string', default: 'local' }, help: { type: 'boolean', short: 'h', default: false } },
    strict: true,
  });
  if (values.help) {
    console.log(DETECT_HELP);
    return 0;
  }
  if (!values.snapshot) throw new UsageError('detect: --snapshot <file.json> is required');
  for (const k of ['rpz', 'hpz', 'tlook'] as const) if (values[k] === undefined) throw new UsageError(`detect: --${k} is required`);
  const params = { rpz: parsePositive(values.rpz!, '--rpz', 'metres'), hpz: parsePositive(values.hpz!, '--hpz', 'metres'), tlook: parsePositive(values.tlook!, '--tlook', 'seconds'),
    earth: EARTH_MODELS.get(parseMember(values.earth!, '--earth', EARTH_MODELS)) };
  const make = BROAD_PHASES.get(parseMember(values.broadphase!, '--broadphase', BROAD_PHASES));
  let text: string;
  try {
    text = readFileSync(values.snapshot, 'utf8');
  } catch (e) {
    throw new UsageError(`${values.snapshot}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const { list, state } = parseSnapshot(text, values.snapshot);
  const out = new DetectionResult();
  const bp = make();
  const t0 = performance.now();
  bp.detect(state, params, out);
  const detectMs = performance.now() - t0;
  const pair = (i: number, j: number) => (cmpId(list[i].id, list[j].id) <= 0 ? [i, j] : [j, i]);
  const conflicts = Array.from({ length: out.conflicts }, (_, k) => {
    const [i, j] = pair(out.a[k], out.b[k]);
    return { a: list[i].id, b: list[j].id, tcpa: round12(out.tcpa[k]), dcpa: round12(out.dcpa[k]), tin: round12(out.tin[k]), tout: round12(out.tout[k]) };
  }).sort((x, y) => cmpId(x.a, y.a) || cmpId(x.b, y.b));
  const los = Array.from({ length: out.los }, (_, k) => {
    const [i, j] = pair(out.losA[k], out.losB[k]);
    return { a: list[i].id, b: list[j].id };
  }).sort((x, y) => cmpId(x.a, y.a) || cmpId(x.b, y.b));
  console.log(JSON.stringify({ conflicts, los, stats: { n: list.length, candidate_pairs: out.candidatePairs, detect_ms: round12(detectMs), broadphase: bp.name, earth: params.earth } }));
  return 0;
}
