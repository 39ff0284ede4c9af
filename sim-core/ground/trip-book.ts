/**
 * The lane-level traffic's trips: each one's departure, vehicle type, departure lane and route
 * (links, in one growing buffer), and the trips not yet due, in departure order. With `recycle`
 * (the engine adds shuttle trips all day) an arrived trip's index and route space are reused and
 * the buffer is compacted instead of grown, so memory follows the trips alive; file runs keep one
 * index per trip, which their per-trip reports use.
 */
export class TripBook {
  routeBuf = new Int32Array(1024);
  private used = 0;
  readonly depart: number[] = [];
  readonly type: number[] = [];
  readonly departLane: number[] = [];
  /** Route of trip t: routeBuf[routeOff[t] .. routeOff[t] + routeLen[t]); −1: arrived, index free. */
  readonly routeOff: number[] = [];
  readonly routeLen: number[] = [];
  /** Trips not yet due, sorted by departure, equal departures in the order added: a total order. */
  readonly pending: number[] = [];
  private readonly freeTrips: number[] = [];
  private garbage = 0;

  /** @param onCompacted called after a compaction (routes moved: re-read routeOff of trips in use) */
  constructor(private readonly recycle: boolean, private readonly onCompacted: () => void) {}

  /** Stores a trip (the route already checked); returns its index. */
  add(depart: number, route: ArrayLike<number>, type: number, departLane: number): number {
    if (this.used + route.length > this.routeBuf.length) {
      // Half the buffer left behind by arrived trips: compact it rather than grow it.
      if (this.recycle && this.garbage * 2 >= this.used) this.compact();
      if (this.used + route.length > this.routeBuf.length) {
        const b = new Int32Array(Math.max(this.routeBuf.length * 2, this.used + route.length));
        b.set(this.routeBuf.subarray(0, this.used));
        this.routeBuf = b;
      }
    }
    const t = this.freeTrips.length ? this.freeTrips.pop()! : this.depart.length, p = this.pending;
    this.routeOff[t] = this.used;
    for (let i = 0; i < route.length; i++) this.routeBuf[this.used++] = route[i];
    this.routeLen[t] = route.length;
    this.depart[t] = depart;
    this.type[t] = type;
    this.departLane[t] = departLane;
    // Trips usually come in departure order: insertion from the back is O(1) then.
    let i = p.length;
    while (i > 0 && this.depart[p[i - 1]] > depart) i--;
    if (i === p.length) p.push(t);
    else p.splice(i, 0, t);
    return t;
  }

  /** Trip t's vehicle arrived: with recycling, its index and route space are free again. */
  release(t: number): void {
    if (!this.recycle) return;
    this.garbage += this.routeLen[t];
    this.routeOff[t] = -1;
    this.freeTrips.push(t);
  }

  /** Moves the routes of trips in use to the front of the buffer, in trip order. */
  private compact(): void {
    const old = this.routeBuf, b = new Int32Array(old.length);
    let used = 0;
    for (let t = 0; t < this.routeOff.length; t++) {
      const off = this.routeOff[t];
      if (off < 0) continue;
      b.set(old.subarray(off, off + this.routeLen[t]), used);
      this.routeOff[t] = used;
      used += this.routeLen[t];
    }
    this.routeBuf = b;
    this.used = used;
    this.garbage = 0;
    this.onCompacted();
  }
}
