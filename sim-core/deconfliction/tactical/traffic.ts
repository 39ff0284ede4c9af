import { growColumns, type ColumnKey } from '../../world/columns.ts';

/**
 * The traffic picture a detection pass works on, as columns (local metres, m/s): a snapshot of
 * the airborne agents. Capacity grows on demand; refilling it allocates nothing.
 */
export class TrafficState {
  n = 0;
  capacity = 0;
  id = new Int32Array(0);
  /** Engine slot of each entry (-1 when the state did not come from the engine). */
  slot = new Int32Array(0);
  cls = new Uint8Array(0);
  x = new Float64Array(0);
  y = new Float64Array(0);
  z = new Float64Array(0);
  vx = new Float64Array(0);
  vy = new Float64Array(0);
  vz = new Float64Array(0);
  /** Intended horizontal velocity: toward the active waypoint at the leg speed (the plan's, with no resolution). */
  ivx = new Float64Array(0);
  ivy = new Float64Array(0);
  /** The waypoint the aircraft is flying to (NaN: unknown): aircraft sharing one merge there. */
  tx = new Float64Array(0);
  ty = new Float64Array(0);
  /** 1: a non-cooperative aircraft (does not yield; the other party resolves the whole conflict). */
  noncoop = new Uint8Array(0);
  /** WGS84 latitude and longitude (degrees; NaN unless filled with setLatLon): what flat-earth detection reads. */
  lat = new Float64Array(0);
  lon = new Float64Array(0);
  /** Central meridian (degrees) of the local frame x, y are in (NaN: unknown), for the flat-earth broad-phase margin. */
  frameLon = NaN;

  ensure(capacity: number): void {
    if (capacity <= this.capacity) return;
    const c = Math.max(capacity, this.capacity * 2, 64);
    growColumns<TrafficState>(this, TRAFFIC_COLUMNS, c);
    this.capacity = c;
  }

  /**
   * Appends one aircraft with ground speed `gs`, track `trk` (radians from north), vertical speed
   * `vs`, and its intended velocity (ivx, ivy); without one, the intended velocity is the current.
   */
  push(id: number, slot: number, cls: number, x: number, y: number, z: number, gs: number, trk: number, vs: number, ivx = NaN, ivy = NaN, tx = NaN, ty = NaN): void {
    this.pushVelocity(id, slot, cls, x, y, z, gs * Math.sin(trk), gs * Math.cos(trk), vs, ivx, ivy, tx, ty);
  }

  /** `push` with the horizontal velocity given as components (east, north; m/s). */
  pushVelocity(id: number, slot: number, cls: number, x: number, y: number, z: number, vx: number, vy: number, vs: number, ivx = NaN, ivy = NaN, tx = NaN, ty = NaN): void {
    if (this.n === this.capacity) this.ensure(this.n + 1);
    const k = this.n++;
    this.id[k] = id; this.slot[k] = slot; this.cls[k] = cls;
    this.x[k] = x; this.y[k] = y; this.z[k] = z;
    this.vx[k] = vx; this.vy[k] = vy; this.vz[k] = vs;
    this.ivx[k] = ivx === ivx ? ivx : vx;
    this.ivy[k] = ivy === ivy ? ivy : vy;
    this.tx[k] = tx;
    this.ty[k] = ty;
    this.noncoop[k] = 0;
    this.lat[k] = NaN;
    this.lon[k] = NaN;
  }

  /** Sets entry k's WGS84 position (degrees), read by detection on BlueSky's flat earth. */
  setLatLon(k: number, lat: number, lon: number): void {
    this.lat[k] = lat;
    this.lon[k] = lon;
  }
}

/** Is the pair (entries i, j) inside the protected zone now: closer than `rpz` horizontally and `hpz` vertically? */
export function inLossOfSeparation(s: TrafficState, i: number, j: number, rpz: number, hpz: number): boolean {
  const dx = s.x[j] - s.x[i], dy = s.y[j] - s.y[i];
  return dx * dx + dy * dy < rpz * rpz && Math.abs(s.z[j] - s.z[i]) < hpz;
}

/** Are the pair's positions the same (within a micrometre): no line of sight to turn away from? */
export function samePlace(s: TrafficState, i: number, j: number): boolean {
  const dx = s.x[j] - s.x[i], dy = s.y[j] - s.y[i];
  return dx * dx + dy * dy < 1e-12;
}

const TRAFFIC_COLUMNS = ['id', 'slot', 'cls', 'x', 'y', 'z', 'vx', 'vy', 'vz', 'ivx', 'ivy', 'tx', 'ty', 'noncoop', 'lat', 'lon'] as const satisfies readonly ColumnKey<TrafficState>[];
