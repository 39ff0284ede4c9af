import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { polygon as turfPolygon, point as turfPoint } from '@turf/helpers';
import { ringArea, ringSelfIntersection } from './rings.ts';
import { pointInRing } from '../airspace/geometry.ts';
import { LAYER_NAMES, scenarioSchema, type LayerName, type Scenario } from './schema.ts';

/** One problem found in a scenario: which file, where in it (JSON path), and what was expected. */
export interface ScenarioProblem {
  file: string;
  path: string;
  message: string;
}

/** Where each part of a scenario came from, so problems name the right file. */
export interface ScenarioSources {
  scenarioFile: string;
  /** Layers loaded from their own GeoJSON file. */
  layerFiles?: Partial<Record<LayerName, string>>;
}

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

function locate(path: readonly PropertyKey[], sources: ScenarioSources): { file: string; path: string } {
  if (path[0] === 'layers' && typeof path[1] === 'string') {
    const file = sources.layerFiles?.[path[1] as LayerName];
    if (file) return { file, path: formatPath(path.slice(2)) };
  }
  return { file: sources.scenarioFile, path: formatPath(path) };
}

export function formatProblem(p: ScenarioProblem): string {
  return `${p.file}: ${p.path}: ${p.message}`;
}

/**
 * Validates a raw scenario (layers already inlined). Returns every problem at once: schema
 * problems first, then cross-field checks (ids, geometry, references) when the shape is right.
 */
export function validateScenario(raw: unknown, sources: ScenarioSources): ValidationResult {
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = locate(issue.path, sources);
      let message = issue.message;
      if (issue.code === 'unrecognized_keys') message = `unknown field(s) ${listOf(issue.keys.map(quoted))}`;
      else if (issue.code === 'invalid_type') {
        // "expected number (time step in seconds), got nothing (missing)"
        const what = /^Invalid input/.test(message) ? '' : ` (${message.replace(/^expected /, '')})`;
        message = `expected ${issue.expected}${what}, got ${describe(issue.input)}`;
      }
      return { ...where, message };
    });
    return { ok: false, problems };
  }
  const scenario = parsed.data;
  const problems = crossChecks(scenario).map((p) => ({ ...locate(p.path, sources), message: p.message }));
  return problems.length ? { ok: false, problems } : { ok: true, scenario };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  // JSON numbers beyond ±1.8e308 (such as 1e400) parse as Infinity.
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} (a number out of range: JSON numbers must be within ±1.8e308)`;
  return `${typeof value} ${typeof value === 'object' ? '' : JSON.stringify(value)}`.trim();
}

/** At most 12 items of a list, then how many more. */
function listOf(items: string[]): string {
  return items.length <= 12 ? items.join(', ') : `${items.slice(0, 12).join(', ')}, ... (${items.length - 12} more)`;
}

/** An id or name echoed in a message: quoted, and cut to 60 characters (a 10,000-character id stays readable). */
export function quoted(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text) + (text.length > 60 ? ` (${text.length} characters)` : '');
}

interface RawProblem {
  path: PropertyKey[];
  message: string;
}

type Add = (path: PropertyKey[], message: string) => void;

/** Rings that enclose an area, do not cross themselves, and holes inside their outer ring. */
function checkPolygon(rings: number[][][], base: PropertyKey[], add: Add): void {
  rings.forEach((ring, r) => {
    const distinct = new Set(ring.map((p) => `${p[0]},${p[1]}`)).size;
    if (distinct < 3 || (Math.abs(ringArea(ring)) < 1e-14 && allCollinear(ring))) {
      add([...base, r], 'expected a ring that encloses an area (its positions are all equal or collinear)');
      return;
    }
    const x = ringSelfIntersection(ring);
    if (x) add([...base, r], `expected a simple ring, but its edges cross or touch near (${x[0].toFixed(6)}, ${x[1].toFixed(6)})`);
    if (r > 0) {
      const outer = Float64Array.from(rings[0].flatMap((p) => [p[0], p[1]]));
      if (!ring.every((p) => pointInRing(outer, p[0], p[1]))) add([...base, r], 'expected a hole inside the outer ring (ring 0)');
    }
  });
}

function allCollinear(ring: number[][]): boolean {
  const a = ring[0], b = ring.find((p) => p[0] !== a[0] || p[1] !== a[1])!;
  return ring.every((p) => Math.abs((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) < 1e-14);
}

/** Every position inside the scenario bounds (the first one outside is reported). */
function checkInside(positions: number[][], base: PropertyKey[], bounds: number[], add: Add): void {
  const [w, so, e, n] = bounds;
  const bad = positions.find(([lon, lat]) => lon < w || lon > e || lat < so || lat > n);
  if (bad) add(base, `expected positions inside the scenario bounds [${bounds.join(', ')}], got (${bad[0]}, ${bad[1]})`);
}

function crossChecks(s: Scenario): RawProblem[] {
  const problems: RawProblem[] = [];
  const add = (path: PropertyKey[], message: string) => problems.push({ path, message });

  for (const layer of LAYER_NAMES) {
    const seen = new Map<string, number>();
    s.layers[layer].features.forEach((f, i) => {
      const prev = seen.get(f.properties.id);
      if (prev !== undefined) add(['layers', layer, 'features', i, 'properties', 'id'], `duplicate id ${quoted(f.properties.id)} (also features[${prev}])`);
      else seen.set(f.properties.id, i);
    });
  }

  const [w, so, e, n] = s.bounds;
  const outside = ([lon, lat]: number[]) => lon < w || lon > e || lat < so || lat > n;

  s.layers.geofences.features.forEach((f, i) => {
    const base = ['layers', 'geofences', 'features', i];
    const p = f.properties;
    if (p.ceiling_m <= p.floor_m) add([...base, 'properties', 'ceiling_m'], `expected ceiling_m (${p.ceiling_m}) > floor_m (${p.floor_m})`);
    if (p.active_to_s <= p.active_from_s) add([...base, 'properties', 'active_to_s'], `expected active_to_s > active_from_s (${p.active_from_s})`);
    checkPolygon(f.geometry.coordinates, [...base, 'geometry', 'coordinates'], add);
    checkInside(f.geometry.coordinates.flat(), [...base, 'geometry', 'coordinates'], s.bounds, add);
  });

  s.layers.zones.features.forEach((f, i) => {
    const base = ['layers', 'zones', 'features', i, 'geometry', 'coordinates'];
    checkPolygon(f.geometry.coordinates, base, add);
    checkInside(f.geometry.coordinates.flat(), base, s.bounds, add);
  });
  for (const layer of ['corridors', 'roads'] as const) {
    s.layers[layer].features.forEach((f, i) => checkInside(f.geometry.coordinates, ['layers', layer, 'features', i, 'geometry', 'coordinates'], s.bounds, add));
  }
  if (outside([s.origin.lon, s.origin.lat])) add(['origin'], `expected the origin (${s.origin.lon}, ${s.origin.lat}) inside the scenario bounds [${s.bounds.join(', ')}]: the local map frame is centred on it`);

  s.layers.corridors.features.forEach((f, i) => {
    const p = f.properties;
    if (p.ceiling_m <= p.floor_m) add(['layers', 'corridors', 'features', i, 'properties', 'ceiling_m'], `expected ceiling_m (${p.ceiling_m}) > floor_m (${p.floor_m})`);
  });

  const vertiportIds = new Set(s.layers.vertiports.features.map((f) => f.properties.id));
  const zoneIds = new Set(s.layers.zones.features.map((f) => f.properties.id));

  s.layers.vertiports.features.forEach((f, i) => {
    const base = ['layers', 'vertiports', 'features', i];
    if (outside(f.geometry.coordinates)) add([...base, 'geometry', 'coordinates'], `expected a position inside the scenario bounds [${s.bounds.join(', ')}]`);
    const pr = f.properties;
    if (pr.charging_pads !== undefined && pr.charging_pads > pr.pads) add([...base, 'properties', 'charging_pads'], `expected charging_pads <= pads (${pr.pads})`);
    if (pr.stands && !pr.charging_kw) add([...base, 'properties', 'stands'], 'expected charging_kw > 0 with stands (stands are where aircraft charge)');
    if (pr.stands && pr.charging_pads) add([...base, 'properties', 'charging_pads'], 'expected no charging_pads with stands (with stands, aircraft charge on the stands, not on the pads)');
    const pt = turfPoint(f.geometry.coordinates.slice(0, 2));
    s.layers.geofences.features.forEach((g) => {
      if (booleanPointInPolygon(pt, turfPolygon(g.geometry.coordinates))) {
        add([...base, 'geometry', 'coordinates'], `vertiport ${quoted(f.properties.id)} lies inside geofence ${quoted(g.properties.id)}: expected vertiports outside geofences`);
      }
    });
  });

  s.demand.flows.forEach((flow, i) => {
    const base = ['demand', 'flows', i];
    if (!vertiportIds.has(flow.from)) add([...base, 'from'], `unknown vertiport ${quoted(flow.from)}: expected one of ${listOf([...vertiportIds].sort().map(quoted)) || '(no vertiports)'}`);
    if (flow.to.startsWith('zone:')) {
      if (flow.class !== 'drone') add([...base, 'to'], `expected a vertiport id for class ${quoted(flow.class)} (only drones deliver to zones)`);
      else if (!zoneIds.has(flow.to.slice(5))) add([...base, 'to'], `unknown zone ${quoted(flow.to.slice(5))}: expected one of ${listOf([...zoneIds].sort().map(quoted)) || '(no zones)'}`);
    } else if (!vertiportIds.has(flow.to)) add([...base, 'to'], `unknown vertiport ${quoted(flow.to)}: expected a vertiport id or "zone:<id>"`);
    else if (flow.to === flow.from) add([...base, 'to'], 'expected a destination different from the origin');
  });

  if (s.params.record_interval_s < s.params.dt) add(['params', 'record_interval_s'], `expected record_interval_s >= dt (${s.params.dt})`);
  for (const cls of ['drone', 'evtol'] as const) {
    const c = s.classes[cls];
    if (c.max_mps < c.cruise_mps) add(['classes', cls, 'max_mps'], `expected max_mps >= cruise_mps (${c.cruise_mps})`);
  }
  return problems;
}
