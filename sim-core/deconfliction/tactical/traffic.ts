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

  ensure(capacity: number): void {
    if (capacity <= this.capacity) return;
    const c = Math.max(capacity, this.capacity * 2, 64);
    const f = (old: Float64Array) => { const a = new Float64Array(c); a.set(old); return a; };
    const i = (old: Int32Array) => { const a = new Int32Array(c); a.set(old); return a; };
    this.id = i(this.id); this.slot = i(this.slot);
    const cl = new Uint8Array(c); cl.set(this.cls); this.cls = cl;
    this.x = f(this.x); this.y = f(this.y); this.z = f(this.z);
    this.vx = f(this.vx); this.vy = f(this.vy); this.vz = f(this.vz);
    this.capacity = c;
  }

  /** Appends one aircraft with ground speed `gs`, track `trk` (radians from north), vertical speed `vs`. */
  push(id: number, slot: number, cls: number, x: number, y: number, z: number, gs: number, trk: number, vs: number): void {
    if (this.n === this.capacity) this.ensure(this.n + 1);
    const k = this.n++;
    this.id[k] = id; this.slot[k] = slot; this.cls[k] = cls;
    this.x[k] = x; this.y[k] = y; this.z[k] = z;
    this.vx[k] = gs * Math.sin(trk); this.vy[k] = gs * Math.cos(trk); this.vz[k] = vs;
  }
}
