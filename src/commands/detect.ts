import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LocalFrame } from '../../sim-core/index.ts';
import { TrafficState } from '../../sim-core/deconfliction/tactical/traffic.ts';
import { DetectionResult } from '../../sim-core/deconfliction/tactical/cpa.ts';
import { BROAD_PHASES } from '../../sim-core/deconfliction/tactical/broadphase.ts';
import { formatPath } from '../../sim-core/scenario/validate.ts';
import { UsageError } from '../io.ts';
import { parseMember, parsePositive } from '../args.ts';

export const DETECT_HELP = `Usage: npm run sim -- detect --snapshot <file.json> --rpz <m> --hpz <m> --tlook <s> --json

State-based conflict detection (BlueSky definitions) on a traffic snapshot
{"aircraft":[{"id","lat","lon","alt_m","gs_mps","trk_deg","vs_mps"},...]}.
Prints {"conflicts":[{"a","b","tcpa","dcpa","tin","tout"}],"los":[{"a","b"}],"stats":{"n","candidate_pairs","detect_ms"}}
with each pair once, a < b by id; detect_ms times the detection pass alone.

  --broadphase <name>  candidate search (default grid):
${BROAD_PHASES.helpLines('                         ')}`;

const aircraft = z.strictObject({
  id: z.union([z.string(), z.number()], { error: 'expected a string or number id' }),
  lat: z.number({ error: 'expected latitude in degrees' }).min(-90).max(90),
  lon: z.number({ error: 'expected longitude in degrees' }).min(-180).max(180),
  alt_m: z.number({ error: 'expected altitude in metres' }),
  gs_mps: z.number({ error: 'expected ground speed in m/s' }).nonnegative(),
  trk_deg: z.number({ error: 'expected track in degrees' }),
  vs_mps: z.number({ error: 'expected vertical speed in m/s' }),
});
const snapshotSchema = z.strictObject({ aircraft: z.array(aircraft) });

const cmpId = (a: string | number, b: string | number) =>
  typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

export function detectCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { snapshot: { type: 'string' }, rpz: { type: 'string' }, hpz: { type: 'string' }, tlook: { type: 'string' }, json: { type: 'boolean', default: false }, broadphase: { type: 'string', default: 'grid' }, help: { type: 'boolean', short: 'h', default: false } },
    strict: true,
  });
  if (values.help) {
    console.log(DETECT_HELP);
    return 0;
  }
  if (!values.snapshot) throw new UsageError('detect: --snapshot <file.json> is required');
  for (const k of ['rpz', 'hpz', 'tlook'] as const) if (values[k] === undefined) throw new UsageError(`detect: --${k} is required`);
  const params = { rpz: parsePositive(values.rpz!, '--rpz', 'metres'), hpz: parsePositive(values.hpz!, '--hpz', 'metres'), tlook: parsePositive(values.tlook!, '--tlook', 'seconds') };
  const make = BROAD_PHASES.get(parseMember(values.broadphase!, '--broadphase', BROAD_PHASES));
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(values.snapshot, 'utf8'));
  } catch (e) {
    throw new UsageError(`${values.snapshot}: ${(e as NodeJS.ErrnoException).code ? `cannot read: ${(e as NodeJS.ErrnoException).code}` : `expected JSON: ${(e as Error).message}`}`);
  }
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${values.snapshot}: ${formatPath(i.path)}: ${i.message}`);
    throw new UsageError(first.join('\n       '));
  }
  const list = parsed.data.aircraft;
  const ids = new Set<string>();
  for (const [k, a] of list.entries()) {
    const key = `${typeof a.id}:${a.id}`;
    if (ids.has(key)) throw new UsageError(`${values.snapshot}: aircraft[${k}].id: duplicate id ${JSON.stringify(a.id)}`);
    ids.add(key);
  }
  // Project about the snapshot's centre (transverse Mercator: < 1e-5 relative error at 10 km).
  const lat0 = list.length ? list.reduce((s, a) => s + a.lat, 0) / list.length : 0;
  const lon0 = list.length ? list.reduce((s, a) => s + a.lon, 0) / list.length : 0;
  const frame = new LocalFrame(lat0, lon0);
  const state = new TrafficState();
  state.ensure(list.length);
  list.forEach((a, k) => {
    const [x, y] = frame.forward(a.lon, a.lat);
    state.push(k, k, 0, x, y, a.alt_m, a.gs_mps, (a.trk_deg * Math.PI) / 180, a.vs_mps);
  });
  const out = new DetectionResult();
  const bp = make();
  const t0 = performance.now();
  bp.detect(state, params, out);
  const detectMs = performance.now() - t0;
  const pair = (i: number, j: number) => (cmpId(list[i].id, list[j].id) <= 0 ? [i, j] : [j, i]);
  const conflicts = Array.from({ length: out.conflicts }, (_, k) => {
    const [i, j] = pair(out.a[k], out.b[k]);
    return { a: list[i].id, b: list[j].id, tcpa: r6(out.tcpa[k]), dcpa: r6(out.dcpa[k]), tin: r6(out.tin[k]), tout: r6(out.tout[k]) };
  }).sort((x, y) => cmpId(x.a, y.a) || cmpId(x.b, y.b));
  const los = Array.from({ length: out.los }, (_, k) => {
    const [i, j] = pair(out.losA[k], out.losB[k]);
    return { a: list[i].id, b: list[j].id };
  }).sort((x, y) => cmpId(x.a, y.a) || cmpId(x.b, y.b));
  console.log(JSON.stringify({ conflicts, los, stats: { n: list.length, candidate_pairs: out.candidatePairs, detect_ms: r6(detectMs), broadphase: bp.name } }));
  return 0;
}
