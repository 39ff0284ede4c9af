import { DetectionResult, type DetectParams } from '../../sim-core/deconfliction/tactical/cpa.ts';
import { TrafficState } from '../../sim-core/deconfliction/tactical/traffic.ts';

/**
 * The memory a detection pass shares between the main thread and its workers (typed arrays over
 * SharedArrayBuffers, made once and grown when needed, so a pass allocates nothing and copies
 * only the picture):
 *  - control words (Int32): generation, command, aircraft count, parts, workers still busy;
 *  - parameters (Float64): rpz, hpz, lookahead, earth model (0 local, 1 BlueSky's flat earth),
 *    the local frame's central meridian;
 *  - the picture: x, y, z, vx, vy, vz, lat, lon columns of `capacity` aircraft (lat, lon copied
 *    only for the flat earth);
 *  - per worker, its rows: conflicts (a, b as Int32; tcpa, dcpa, tin, tout as Float64), losses of
 *    separation (a, b; distance) and the counts it found (which may exceed what fits: the main
 *    thread then computes that part itself).
 */
export const C_GENERATION = 0, C_COMMAND = 1, C_N = 2, C_PARTS = 3, C_BUSY = 4, C_SPARE = 7, C_WORDS = 8;
/** Parameter words: rpz, hpz, tlook, earth, frame longitude. */
export const PARAM_WORDS = 5;
export const CMD_DETECT = 1, CMD_RESIZE = 2, CMD_STOP = 3;
/** Per worker output counters: conflicts, LoS, candidate pairs. */
export const O_CONFLICTS = 0, O_LOS = 1, O_PAIRS = 2;

/** One worker's rows, as views of shared memory. */
export interface SharedRows {
  counts: Int32Array;
  /** Conflicts: a, b per row; tcpa, dcpa, tin, tout per row. */
  ints: Int32Array;
  floats: Float64Array;
  /** Losses of separation: a, b per row; distance per row. */
  losInts: Int32Array;
  losFloats: Float64Array;
  rows: number;
}

/** The views are typed arrays over SharedArrayBuffers: posting them to a worker shares, not copies, the memory. */
export interface SharedBuffers {
  control: Int32Array;
  params: Float64Array;
  /** x, y, z, vx, vy, vz, lat, lon columns of `capacity` aircraft. */
  picture: Float64Array[];
  capacity: number;
  outputs: SharedRows[];
}

const sharedF64 = (n: number) => new Float64Array(new SharedArrayBuffer(n * 8));
const sharedI32 = (n: number) => new Int32Array(new SharedArrayBuffer(n * 4));

export function allocateBuffers(capacity: number, workers: number, rows: number, control?: Int32Array, params?: Float64Array): SharedBuffers {
  return {
    control: control ?? sharedI32(C_WORDS),
    params: params ?? sharedF64(PARAM_WORDS),
    picture: Array.from({ length: 8 }, () => sharedF64(capacity)),
    capacity,
    outputs: Array.from({ length: workers }, () => ({
      counts: sharedI32(3), ints: sharedI32(2 * rows), floats: sharedF64(4 * rows), losInts: sharedI32(2 * rows), losFloats: sharedF64(rows), rows,
    })),
  };
}

/** A TrafficState whose position and velocity columns are the shared picture (what a worker detects on; set `n` per pass). */
export function pictureView(b: SharedBuffers): TrafficState {
  const s = new TrafficState();
  // Typed as the state's own columns (TrafficState declares ArrayBuffer-backed ones; the kernel only reads them).
  const [x, y, z, vx, vy, vz, lat, lon] = b.picture as unknown as Float64Array<ArrayBuffer>[];
  s.x = x; s.y = y; s.z = z; s.vx = vx; s.vy = vy; s.vz = vz; s.lat = lat; s.lon = lon;
  s.capacity = b.capacity;
  return s;
}

/** Copies the first `n` aircraft's positions and velocities (and, for the flat earth, latitudes and longitudes) into the shared picture. */
export function writePicture(b: SharedBuffers, s: TrafficState, withLatLon: boolean): void {
  const [x, y, z, vx, vy, vz, lat, lon] = b.picture;
  for (let k = 0; k < s.n; k++) {
    x[k] = s.x[k]; y[k] = s.y[k]; z[k] = s.z[k]; vx[k] = s.vx[k]; vy[k] = s.vy[k]; vz[k] = s.vz[k];
  }
  if (withLatLon) for (let k = 0; k < s.n; k++) { lat[k] = s.lat[k]; lon[k] = s.lon[k]; }
}

/** Writes a pass's parameters; `readParams` is the worker's side. */
export function writeParams(params: Float64Array, p: DetectParams, s: TrafficState): void {
  params[0] = p.rpz; params[1] = p.hpz; params[2] = p.tlook; params[3] = p.earth === 'bluesky' ? 1 : 0;
  params[4] = s.frameLon;
}

export function readParams(params: Float64Array, s: TrafficState): DetectParams {
  s.frameLon = params[4];
  return { rpz: params[0], hpz: params[1], tlook: params[2], earth: params[3] === 1 ? 'bluesky' : 'local' };
}

/** Writes a worker's rows (as many as fit) and its counts. */
export function writeRows(out: SharedRows, r: DetectionResult): void {
  const { ints, floats, losInts, losFloats } = out;
  for (let k = 0; k < Math.min(r.conflicts, out.rows); k++) {
    ints[2 * k] = r.a[k]; ints[2 * k + 1] = r.b[k];
    floats[4 * k] = r.tcpa[k]; floats[4 * k + 1] = r.dcpa[k]; floats[4 * k + 2] = r.tin[k]; floats[4 * k + 3] = r.tout[k];
  }
  for (let k = 0; k < Math.min(r.los, out.rows); k++) {
    losInts[2 * k] = r.losA[k]; losInts[2 * k + 1] = r.losB[k]; losFloats[k] = r.losDist[k];
  }
  out.counts[O_CONFLICTS] = r.conflicts; out.counts[O_LOS] = r.los; out.counts[O_PAIRS] = r.candidatePairs;
}

/** Appends a worker's rows to `into`; false when they did not all fit (the caller recomputes that part). */
export function readRows(out: SharedRows, into: DetectionResult): boolean {
  const { counts, ints, floats, losInts, losFloats } = out;
  if (counts[O_CONFLICTS] > out.rows || counts[O_LOS] > out.rows) return false;
  for (let k = 0; k < counts[O_CONFLICTS]; k++) into.addConflict(ints[2 * k], ints[2 * k + 1], floats[4 * k], floats[4 * k + 1], floats[4 * k + 2], floats[4 * k + 3]);
  for (let k = 0; k < counts[O_LOS]; k++) into.addLos(losInts[2 * k], losInts[2 * k + 1], losFloats[k]);
  into.candidatePairs += counts[O_PAIRS];
  return true;
}
