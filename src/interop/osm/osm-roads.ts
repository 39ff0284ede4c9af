import { LocalFrame } from '../../../sim-core/airspace/local-frame.ts';
import { growColumns, resized, type ColumnKey } from '../../../sim-core/world/columns.ts';
import { InputFileError } from '../../io.ts';
import { UnsupportedFeatures } from '../unsupported.ts';
import { HIGHWAY_CLASSES, HIGHWAY_CLASS_NAMES, lanesOf, parseMaxspeed, parseOneway } from './highways.ts';
import { detectFormat, readNodes, readWays, type OsmFormat } from './osm-reader.ts';

export interface OsmImportOptions {
  /** [west, south, east, north] in degrees: only road stretches with every node inside are kept. */
  bbox?: [number, number, number, number];
  /** Highway classes to keep (default: every drivable class). */
  classes?: string[];
  /** Junction nodes closer than this (m) become one junction (SUMO's junctions.join-dist is 10 m). */
  clusterM?: number;
  /** Shape points off the straight line by less than this (m) are dropped (Douglas-Peucker). */
  simplifyM?: number;
}

/** One road of the output: a GeoJSON LineString feature with skyweave's road properties. */
export interface RoadFeature {
  type: 'Feature';
  properties: { id: string; name?: string; lanes: number; speed_kph: number; oneway: boolean };
  geometry: { type: 'LineString'; coordinates: [number, number][] };
}

const TAG_KEYS = ['name', 'lanes', 'lanes:forward', 'lanes:backward', 'maxspeed', 'oneway', 'junction', 'access', 'motor_vehicle', 'area'];
/** Highway values that are not roads for cars (counted in the report, not warned about). */
const NOT_FOR_CARS = new Set(['footway', 'path', 'cycleway', 'pedestrian', 'steps', 'track', 'bridleway', 'corridor', 'platform', 'elevator', 'bus_stop', 'crossing', 'street_lamp', 'traffic_signals', 'give_way', 'stop', 'turning_circle', 'milestone', 'emergency_access_point', 'via_ferrata', 'escape', 'raceway', 'bus_guideway', 'busway', 'proposed', 'construction', 'abandoned', 'disused', 'rest_area', 'services']);

/** Growable typed columns for the kept ways (pass 1), so a large file costs bytes per way, not objects. */
export class WayColumns {
  n = 0;
  osmId = new Float64Array(1024);
  refStart = new Int32Array(1025);
  cls = new Uint8Array(1024);
  forward = new Uint8Array(1024);
  backward = new Uint8Array(1024);
  /** 1 with the way, −1 against it, 0 both. */
  dir = new Int8Array(1024);
  speedKph = new Float32Array(1024);
  name: (string | undefined)[] = [];
  refs = new Float64Array(1 << 16);
  refCount = 0;

  push(id: number, refs: number[], cls: number, fwd: number, bwd: number, dir: number, speed: number, name: string | undefined): void {
    if (this.n + 1 >= this.osmId.length) {
      const c = this.osmId.length * 2;
      growColumns<WayColumns>(this, WAY_COLUMNS, c);
      this.refStart = resized(this.refStart, c + 1);
    }
    if (this.refCount + refs.length > this.refs.length) this.refs = resized(this.refs, Math.max(this.refs.length * 2, this.refCount + refs.length));
    const k = this.n++;
    this.osmId[k] = id; this.cls[k] = cls; this.forward[k] = fwd; this.backward[k] = bwd; this.dir[k] = dir; this.speedKph[k] = speed;
    this.name[k] = name;
    this.refStart[k] = this.refCount;
    this.refs.set(refs, this.refCount);
    this.refCount += refs.length;
    this.refStart[k + 1] = this.refCount;
  }
}

const WAY_COLUMNS = ['osmId', 'cls', 'forward', 'backward', 'dir', 'speedKph'] as const satisfies readonly ColumnKey<WayColumns>[];

export interface OsmImportReport {
  file: string;
  format: OsmFormat;
  ways_read: number;
  ways_kept: number;
  by_class: Record<string, { ways: number; km: number }>;
  skipped: Record<string, number>;
  nodes_used: number;
  nodes_missing: number;
  junctions: number;
  junction_nodes_merged: number;
  roads: number;
  km: number;
  defaults_used: { lanes: number; maxspeed: number };
  unsupported: { feature: string; count: number; first_line: number | null }[];
  bounds: [number, number, number, number] | null;
}

/**
 * OSM → skyweave roads, in two streaming passes: (1) the highway ways, their tags read into lanes,
 * speeds and directions, kept in typed columns; (2) only the nodes those ways use. Then junction
 * nodes (shared by ways, or ends) closer than `clusterM` are merged (union-find over a grid,
 * capped at three times the distance so chains of driveways do not swallow a street), ways are
 * cut at junctions into roads whose ends sit on the merged junction, shapes are simplified, and
 * stretches leaving the bbox or naming missing nodes are cut off.
 */
export async function importOsm(file: string, opts: OsmImportOptions = {}): Promise<{ features: RoadFeature[]; report: OsmImportReport }> {
  const features: RoadFeature[] = [];
  const report = roadsOf(await readOsmRoads(file, opts), (f) => features.push(f));
  return { features, report };
}

/** What the two streaming passes keep: the road ways as columns and the coordinates of their nodes. */
export interface OsmRoadData {
  file: string;
  format: OsmFormat;
  ways: WayColumns;
  ids: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  clusterM: number;
  simplifyM: number;
  waysRead: number;
  lanesGuessed: number;
  speedGuessed: number;
  skipped: Record<string, number>;
  unsupported: UnsupportedFeatures;
}

/** Passes 1 and 2 (see importOsm). */
export async function readOsmRoads(file: string, opts: OsmImportOptions = {}): Promise<OsmRoadData> {
  const format = detectFormat(file);
  const classes = opts.classes ?? HIGHWAY_CLASS_NAMES;
  const ways = new WayColumns();
  const unsupported = new UnsupportedFeatures();
  const skipped: Record<string, number> = {};
  const skip = (why: string) => { skipped[why] = (skipped[why] ?? 0) + 1; };
  let waysRead = 0, lanesGuessed = 0, speedGuessed = 0;
  await readWays(file, format, TAG_KEYS, (w) => {
    waysRead++;
    const hw = w.tags.highway;
    const cls = HIGHWAY_CLASSES[hw];
    if (!cls) { skip(NOT_FOR_CARS.has(hw) ? `highway=${hw}` : `highway=${hw.slice(0, 40)} (not a road class)`); return; }
    if (!classes.includes(hw)) { skip(`highway=${hw} (not in --classes)`); return; }
    if (w.tags.area === 'yes') { skip('area=yes'); return; }
    const access = w.tags.motor_vehicle ?? w.tags.access;
    if (access === 'no' || access === 'private') { skip(`access=${access}`); return; }
    if (w.refs.length < 2) { skip('fewer than 2 nodes'); return; }
    let dir = parseOneway(w.tags, cls);
    if (dir === null) { unsupported.add(`oneway=${w.tags.oneway.slice(0, 30)} (driven both ways)`, w.line); dir = 0; }
    const lanes = lanesOf(w.tags, cls, dir);
    if (lanes.guessed) lanesGuessed++;
    let speed = cls.speedKph;
    if (w.tags.maxspeed !== undefined) {
      const v = parseMaxspeed(w.tags.maxspeed);
      if (v === null) { unsupported.add(`maxspeed=${w.tags.maxspeed.slice(0, 30)} (class default used)`, w.line); speedGuessed++; } else speed = v;
    } else speedGuessed++;
    ways.push(w.id, w.refs, HIGHWAY_CLASS_NAMES.indexOf(hw), lanes.forward, lanes.backward, dir, speed, w.tags.name);
  });
  // Pass 2: coordinates of the nodes the kept ways use (sorted unique ids, binary search).
  const ids = uniqueSorted(ways.refs.subarray(0, ways.refCount));
  const lat = new Float64Array(ids.length).fill(NaN), lon = new Float64Array(ids.length).fill(NaN);
  const bb = opts.bbox;
  await readNodes(file, format, (id, la, lo) => {
    const i = indexOf(ids, id);
    if (i < 0) return;
    if (bb && (lo < bb[0] || lo > bb[2] || la < bb[1] || la > bb[3])) return;
    lat[i] = la; lon[i] = lo;
  });
  return { file, format, ways, ids, lat, lon, clusterM: opts.clusterM ?? 10, simplifyM: opts.simplifyM ?? 2, waysRead, lanesGuessed, speedGuessed, skipped, unsupported };
}

/** The roads, handed to `onFeature` one at a time (so a large import never holds them all), and the report. */
export function roadsOf(d: OsmRoadData, onFeature: (f: RoadFeature) => void): OsmImportReport {
  let missing = 0;
  for (let i = 0; i < d.ids.length; i++) if (d.lat[i] !== d.lat[i]) missing++;
  if (missing === d.ids.length) {
    const why = Object.entries(d.skipped).map(([k, v]) => `${v} × ${k}`).join(', ');
    throw new InputFileError(d.file, null, `no drivable road with nodes in the file (or in --bbox): nothing to import${why ? ` (skipped: ${why})` : ''}`);
  }
  const by_class: Record<string, { ways: number; km: number }> = {};
  for (let w = 0; w < d.ways.n; w++) (by_class[HIGHWAY_CLASS_NAMES[d.ways.cls[w]]] ??= { ways: 0, km: 0 }).ways++;
  const built = buildRoads(d.ways, d.ids, d.lat, d.lon, d.clusterM, d.simplifyM, d.file, (f, cls, lengthM) => {
    by_class[cls].km += lengthM / 1000;
    onFeature(f);
  });
  for (const c of Object.values(by_class)) c.km = Math.round(c.km * 1000) / 1000;
  return {
    file: d.file, format: d.format, ways_read: d.waysRead, ways_kept: d.ways.n, by_class: sortKeys(by_class), skipped: sortKeys(d.skipped),
    nodes_used: d.ids.length - missing, nodes_missing: missing, junctions: built.junctions, junction_nodes_merged: built.merged,
    roads: built.roads, km: Math.round(built.km * 1000) / 1000, defaults_used: { lanes: d.lanesGuessed, maxspeed: d.speedGuessed },
    unsupported: d.unsupported.list(), bounds: built.bounds,
  };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function uniqueSorted(a: Float64Array): Float64Array {
  const s = Float64Array.from(a).sort();
  let n = 0;
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) s[n++] = s[i];
  return s.slice(0, n);
}

function indexOf(sorted: Float64Array, v: number): number {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = sorted[mid];
    if (m === v) return mid;
    if (m < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function buildRoads(ways: WayColumns, ids: Float64Array, lat: Float64Array, lon: Float64Array, clusterM: number, simplifyM: number, file: string, onFeature: (f: RoadFeature, cls: string, lengthM: number) => void) {
  // Node index of every reference (−1: missing or outside the bbox).
  const refNode = new Int32Array(ways.refCount);
  const uses = new Uint8Array(ids.length);
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  for (let r = 0; r < ways.refCount; r++) {
    const i = indexOf(ids, ways.refs[r]);
    refNode[r] = i >= 0 && lat[i] === lat[i] ? i : -1;
  }
  // Junction nodes: used by two or more way positions, or a way's end, or next to a cut.
  for (let w = 0; w < ways.n; w++) {
    const a = ways.refStart[w], b = ways.refStart[w + 1];
    for (let r = a; r < b; r++) {
      const i = refNode[r];
      if (i < 0) continue;
      const end = r === a || r === b - 1 || refNode[r - 1] < 0 || refNode[r + 1] < 0;
      uses[i] = Math.min(255, uses[i] + (end ? 2 : 1));
      if (lon[i] < west) west = lon[i];
      if (lon[i] > east) east = lon[i];
      if (lat[i] < south) south = lat[i];
      if (lat[i] > north) north = lat[i];
    }
  }
  if (!(west <= east)) throw new InputFileError(file, null, 'no drivable road with nodes in the file (or in --bbox): nothing to import');
  const frame = new LocalFrame((south + north) / 2, (west + east) / 2);
  const x = new Float64Array(ids.length), y = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) if (uses[i]) [x[i], y[i]] = frame.forward(lon[i], lat[i]);
  const cluster = clusterJunctions(uses, x, y, clusterM);
  // Junction centroid per cluster root.
  const sx = new Map<number, [number, number, number]>();
  let merged = 0;
  for (let i = 0; i < ids.length; i++) {
    if (uses[i] < 2) continue;
    const root = cluster[i];
    const acc = sx.get(root);
    if (acc) { acc[0] += x[i]; acc[1] += y[i]; acc[2]++; merged++; } else sx.set(root, [x[i], y[i], 1]);
  }
  const centre = new Map<number, [number, number]>();
  for (const [root, [ax, ay, n]] of sx) centre.set(root, frame.inverse(ax / n, ay / n).map(round7) as [number, number]);
  let km = 0, roads = 0;
  const emit = (w: number, part: number, pts: number[], cls: string) => {
    const coords = simplify(pts, x, y, simplifyM).map((i, k, all): [number, number] => (k === 0 || k === all.length - 1 ? centre.get(cluster[i])! : [round7(lon[i]), round7(lat[i])]));
    let len = 0;
    for (let k = 1; k < pts.length; k++) len += Math.hypot(x[pts[k]] - x[pts[k - 1]], y[pts[k]] - y[pts[k - 1]]);
    const fwd = ways.forward[w], bwd = ways.backward[w], dir = ways.dir[w];
    const base = { name: ways.name[w], speed_kph: Math.round(ways.speedKph[w] * 10) / 10 };
    const id = `osm-w${ways.osmId[w]}-${part}`;
    const push = (suffix: string, c: [number, number][], lanes: number, oneway: boolean) => {
      const props = { id: id + suffix, ...(base.name ? { name: base.name } : {}), lanes, speed_kph: base.speed_kph, oneway };
      onFeature({ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: c } }, cls, len);
      roads++;
      km += len / 1000;
    };
    if (dir === 1) push('', coords, fwd, true);
    else if (dir === -1) push('', coords.slice().reverse(), fwd, true);
    else if (fwd === bwd) push('', coords, fwd, false);
    else {
      // Unequal lanes each way: two one-way roads on the same line.
      push('-f', coords, fwd, true);
      push('-b', coords.slice().reverse(), bwd, true);
    }
  };
  for (let w = 0; w < ways.n; w++) {
    const a = ways.refStart[w], b = ways.refStart[w + 1];
    const cls = HIGHWAY_CLASS_NAMES[ways.cls[w]];
    let part = 0;
    let pts: number[] = [];
    const flush = () => {
      if (pts.length >= 2) {
        const ca = cluster[pts[0]], cb = cluster[pts[pts.length - 1]];
        let len = 0;
        for (let k = 1; k < pts.length; k++) len += Math.hypot(x[pts[k]] - x[pts[k - 1]], y[pts[k]] - y[pts[k - 1]]);
        // A stretch inside one junction (both ends merged) is the junction itself, unless it is a real loop.
        if (ca !== cb || len > 3 * clusterM) emit(w, part++, pts, cls);
      }
      pts = [];
    };
    for (let r = a; r < b; r++) {
      const i = refNode[r];
      if (i < 0) { flush(); continue; }
      if (pts.length && pts[pts.length - 1] === i) continue;
      pts.push(i);
      if (pts.length > 1 && uses[i] >= 2) {
        const last = i;
        flush();
        pts.push(last);
      }
    }
    flush();
  }
  return { roads, km, junctions: centre.size, merged, bounds: [west, south, east, north] as [number, number, number, number] };
}

/** Union-find over junction nodes within `d` metres (grid of side d), each cluster at most 3d across. */
function clusterJunctions(uses: Uint8Array, x: Float64Array, y: Float64Array, d: number): Int32Array {
  const n = uses.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => { while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; } return i; };
  if (d <= 0) return parent;
  const minX = new Float64Array(x), maxX = new Float64Array(x), minY = new Float64Array(y), maxY = new Float64Array(y);
  const cells = new Map<number, number[]>();
  const OFF = 2 ** 20, key = (gx: number, gy: number) => (gx + OFF) * 2 ** 21 + (gy + OFF);
  const junction: number[] = [];
  for (let i = 0; i < n; i++) if (uses[i] >= 2) junction.push(i);
  for (const i of junction) {
    const k = key(Math.floor(x[i] / d), Math.floor(y[i] / d));
    const list = cells.get(k);
    if (list) list.push(i); else cells.set(k, [i]);
  }
  const cap = 3 * d, d2 = d * d;
  for (const i of junction) {
    const cx = Math.floor(x[i] / d), cy = Math.floor(y[i] / d);
    for (let gx = cx - 1; gx <= cx + 1; gx++) for (let gy = cy - 1; gy <= cy + 1; gy++) {
      for (const j of cells.get(key(gx, gy)) ?? []) {
        if (j <= i || (x[j] - x[i]) ** 2 + (y[j] - y[i]) ** 2 > d2) continue;
        const ri = find(i), rj = find(j);
        if (ri === rj) continue;
        const nx0 = Math.min(minX[ri], minX[rj]), nx1 = Math.max(maxX[ri], maxX[rj]), ny0 = Math.min(minY[ri], minY[rj]), ny1 = Math.max(maxY[ri], maxY[rj]);
        if (Math.hypot(nx1 - nx0, ny1 - ny0) > cap) continue;
        const [keep, drop] = ri < rj ? [ri, rj] : [rj, ri];
        parent[drop] = keep;
        minX[keep] = nx0; maxX[keep] = nx1; minY[keep] = ny0; maxY[keep] = ny1;
      }
    }
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = find(i);
  return out;
}

/** Douglas-Peucker on node indices (ends always kept). */
function simplify(pts: number[], x: Float64Array, y: Float64Array, tol: number): number[] {
  if (pts.length <= 2 || tol <= 0) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack: [number, number][] = [[0, pts.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const ax = x[pts[a]], ay = y[pts[a]], bx = x[pts[b]], by = y[pts[b]];
    const L = Math.hypot(bx - ax, by - ay);
    let worst = -1, far = 0;
    for (let k = a + 1; k < b; k++) {
      const px = x[pts[k]], py = y[pts[k]];
      const dist = L > 1e-9 ? Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / L : Math.hypot(px - ax, py - ay);
      if (dist > far) { far = dist; worst = k; }
    }
    if (worst >= 0 && far > tol) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return pts.filter((_, k) => keep[k]);
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}
