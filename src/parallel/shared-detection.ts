import { DetectionResult } from '../../sim-core/deconfliction/tactical/cpa.ts';
import { TrafficState } from '../../sim-core/deconfliction/tactical/traffic.ts';

/**
 * The memory a detection pass shares between the main thread and its workers (all
 * SharedArrayBuffers, so nothing is copied between threads but the picture once per pass):
 *  - control words (Int32): generation, command, aircraft count, parts, workers still busy;
 *  - parameters (Float64): rpz, hpz, lookahead;
 *  - the picture: x, y, z, vx, vy, vz columns of `capacity` aircraft;
 *  - per worker, its rows: conflicts (a, b as Int32; tcpa, dcpa, tin, tout as Float64), losses of
 *    separation (a, b; distance) and the counts it found (which may exceed what fits: the main
 *    thread then computes that part itself).
 */
export const C_GENERATION = 0, C_COMMAND = 1, C_N = 2, C_PARTS = 3, C_BUSY = 4, C_SPARE = 7, C_WORDS = 8;
export const CMD_DETECT = 1, CMD_RESIZE = 2, CMD_STOP = 3;
/** Per worker output counters: conflicts, LoS, candidate pairs. */
export const O_CONFLICTS = 0, O_LOS = 1, O_PAIRS = 2;

export interface SharedBuffers {
  control: SharedArrayBuffer;
  params: SharedArrayBuffer;
  picture: SharedArrayBuffer;
  capacity: number;
  /** Per worker: counters, conflict ints, conflict floats, LoS ints, LoS floats. */
  outputs: { counts: SharedArrayBuffer; ints: SharedArrayBuffer; floats: SharedArrayBuffer; losInts: SharedArrayBuffer; losFloats: SharedArrayBuffer; rows: number }[];
}

export function allocateBuffers(capacity: number, workers: number, rows: number, control?: SharedArrayBuffer, params?: SharedArrayBuffer): SharedBuffers {
  return {
    control: control ?? new SharedArrayBuffer(C_WORDS * 4),
    params: params ?? new SharedArrayBuffer(3 * 8),
    picture: new SharedArrayBuffer(6 * capacity * 8),
    capacity,
    outputs: Array.from({ length: workers }, () => ({
      counts: new SharedArrayBuffer(3 * 4), ints: new SharedArrayBuffer(2 * rows * 4), floats: new SharedArrayBuffer(4 * rows * 8),
      losInts: new SharedArrayBuffer(2 * rows * 4), losFloats: new SharedArrayBuffer(rows * 8), rows,
    })),
  };
}

/** A TrafficState whose position and velocity columns are views of the shared picture (what a worker detects on). */
export function pictureView(b: SharedBuffers, n: number): TrafficState {
  const s = new TrafficState();
  // Typed as the state's own columns (TrafficState declares ArrayBuffer-backed ones; the kernel only reads them).
  const col = (k: number) => new Float64Array(b.picture, k * b.capacity * 8, b.capacity) as unknown as Float64Array<ArrayBuffer>;
  s.x = col(0); s.y = col(1); s.z = col(2); s.vx = col(3); s.vy = col(4); s.vz = col(5);
  s.n = n;
  s.capacity = b.capacity;
  return s;
}

/** Writes a worker's rows (as many as fit) and its counts. */
export function writeRows(out: SharedBuffers['outputs'][number], r: DetectionResult): void {
  const counts = new Int32Array(out.counts), ints = new Int32Array(out.ints), floats = new Float64Array(out.floats);
  const losInts = new Int32Array(out.losInts), losFloats = new Float64Array(out.losFloats);
  for (let k = 0; k < Math.min(r.conflicts, out.rows); k++) {
    ints[2 * k] = r.a[k]; ints[2 * k + 1] = r.b[k];
    floats[4 * k] = r.tcpa[k]; floats[4 * k + 1] = r.dcpa[k]; floats[4 * k + 2] = r.tin[k]; floats[4 * k + 3] = r.tout[k];
  }
  for (let k = 0; k < Math.min(r.los, out.rows); k++) {
    losInts[2 * k] = r.losA[k]; losInts[2 * k + 1] = r.losB[k]; losFloats[k] = r.losDist[k];
  }
  counts[O_CONFLICTS] = r.conflicts; counts[O_LOS] = r.los; counts[O_PAIRS] = r.candidatePairs;
}

/** Appends a worker's rows to `into`; false when they did not all fit (the caller recomputes that part). */
export function readRows(out: SharedBuffers['outputs'][number], into: DetectionResult): boolean {
  const counts = new Int32Array(out.counts);
  if (counts[O_CONFLICTS] > out.rows || counts[O_LOS] > out.rows) return false;
  const ints = new Int32Array(out.ints), floats = new Float64Array(out.floats);
  const losInts = new Int32Array(out.losInts), losFloats = new Float64Array(out.losFloats);
  for (let k = 0; k < counts[O_CONFLICTS]; k++) into.addConflict(ints[2 * k], ints[2 * k + 1], floats[4 * k], floats[4 * k + 1], floats[4 * k + 2], floats[4 * k + 3]);
  for (let k = 0; k < counts[O_LOS]; k++) into.addLos(losInts[2 * k], losInts[2 * k + 1], losFloats[k]);
  into.candidatePairs += counts[O_PAIRS];
  return true;
}
