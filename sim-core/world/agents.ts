import { growColumns, resized, type ColumnKey } from './columns.ts';

/** Agent life phases. */
export const PHASE_FREE = 0;
export const PHASE_MOVING = 1; // flying or driving along the route
export const PHASE_HOLDING = 2; // hovering above a full vertiport, waiting for a pad
export const PHASE_TURNAROUND = 3; // landed on a pad, leaves when the turnaround ends

/**
 * Every agent's state as columns of typed arrays indexed by slot (structure of arrays). Slots are
 * reused through a LIFO free list, so the slot order is a pure function of the spawn/despawn
 * sequence. Capacity doubles when full (on spawn, never inside the per-agent update).
 */
export class AgentStore {
  capacity = 0;
  /** One past the highest slot ever used: loops run over [0, highWater). */
  highWater = 0;
  activeCount = 0;

  phase = new Uint8Array(0);
  cls = new Uint8Array(0);
  id = new Int32Array(0);
  flow = new Int32Array(0);
  spawnTick = new Int32Array(0);
  /** Tick of landing/arrival, -1 before. */
  arriveTick = new Int32Array(0);
  x = new Float64Array(0);
  y = new Float64Array(0);
  z = new Float64Array(0);
  /** Track (course over ground), radians clockwise from north. */
  trk = new Float64Array(0);
  /**
   * sin and cos of the track, cached by value: trkKey is the track they belong to (NaN: none yet).
   * A straight leg keeps its track bit for bit over thousands of ticks, and flight and the
   * tactical picture both need them (trackSinCos).
   */
  trkSin = new Float64Array(0);
  trkCos = new Float64Array(0);
  trkKey = new Float64Array(0);
  /** Ground speed, m/s. */
  gs = new Float64Array(0);
  /** Vertical speed, m/s (up positive). */
  vz = new Float64Array(0);
  /** 1: non-cooperative (no operational intent, no resolution: flies its route and does not yield). */
  noncoop = new Uint8Array(0);
  /** State of charge (0..1) of aircraft with a battery; 1 otherwise. */
  soc = new Float64Array(0);
  /** Tick the aircraft leaves its pad after landing: turnaround, or longer while it charges. */
  leaveTick = new Int32Array(0);
  /** True airspeed, m/s (kept only when the scenario has wind; in calm air it equals gs). */
  tas = new Float64Array(0);
  /** Route (held by the engine per slot): waypoint count and the current waypoint. */
  wpCount = new Int32Array(0);
  wpIdx = new Int32Array(0);
  /** The active waypoint (route[wpIdx]: x, y, z, leg speed, pass speed), copied in by setActiveWaypoint (engine/systems/active-waypoint.ts). */
  wpX = new Float64Array(0);
  wpY = new Float64Array(0);
  wpZ = new Float64Array(0);
  wpVleg = new Float64Array(0);
  wpVpass = new Float64Array(0);
  /** Destination vertiport (-1 for a delivery point) and the pad it holds (-1 for none). */
  destVertiport = new Int32Array(0);
  pad = new Int32Array(0);
  /** Tick the agent started holding, -1 when not holding. */
  holdSince = new Int32Array(0);
  distanceM = new Float64Array(0);
  /** Trip number (request order) of the agent's plan: keys its operational intent. */
  trip = new Int32Array(0);
  /**
   * Tactical resolution: active flag (held by the tactical phase until every pair it resolved is
   * past CPA and diverging), commanded horizontal velocity, commanded altitude (NaN: keep the plan's).
   */
  resoActive = new Uint8Array(0);
  resoVx = new Float64Array(0);
  resoVy = new Float64Array(0);
  resoAlt = new Float64Array(0);
  /** 1 once the agent has been airborne far longer than planned (safeguards). */
  overdue = new Uint8Array(0);
  /** Planned 3-D route length (m) and flight time (s), to measure what resolution added. */
  plannedLengthM = new Float64Array(0);
  plannedTimeS = new Float64Array(0);

  private freeSlots = new Int32Array(0);
  private freeTop = 0;

  constructor(initialCapacity = 1024) {
    this.grow(initialCapacity);
  }

  /** Takes a free slot (lowest released last), growing the columns when none is left. */
  allocate(): number {
    if (this.freeTop === 0 && this.highWater === this.capacity) this.grow(this.capacity * 2);
    const slot = this.freeTop > 0 ? this.freeSlots[--this.freeTop] : this.highWater++;
    this.activeCount++;
    return slot;
  }

  release(slot: number): void {
    this.phase[slot] = PHASE_FREE;
    this.freeSlots[this.freeTop++] = slot;
    this.activeCount--;
  }

  /** Called after growth so owners of per-slot buffers can resize them too. */
  onGrow: ((capacity: number) => void) | null = null;

  private grow(capacity: number): void {
    const old = this.capacity;
    growColumns<AgentStore>(this, AGENT_COLUMNS, capacity);
    this.trkKey.fill(NaN, old); // zeroed entries would claim sin 0 = 0, cos 0 = 0
    this.freeSlots = resized(this.freeSlots, capacity);
    this.capacity = capacity;
    this.onGrow?.(capacity);
  }
}

/** Makes trkSin[s], trkCos[s] the sine and cosine of trk[s] (computed only when the track changed). */
export function trackSinCos(a: AgentStore, s: number): void {
  const t = a.trk[s];
  if (a.trkKey[s] === t) return;
  a.trkKey[s] = t;
  a.trkSin[s] = Math.sin(t);
  a.trkCos[s] = Math.cos(t);
}

/** Every per-slot column of the store (grown together). */
const AGENT_COLUMNS = [
  'phase', 'cls', 'id', 'flow', 'spawnTick', 'arriveTick', 'x', 'y', 'z', 'trk', 'trkSin', 'trkCos', 'trkKey', 'gs', 'vz', 'tas', 'noncoop', 'soc', 'leaveTick', 'wpCount', 'wpIdx', 'wpX', 'wpY', 'wpZ', 'wpVleg', 'wpVpass', 'destVertiport', 'pad',
  'holdSince', 'distanceM', 'trip', 'resoActive', 'resoVx', 'resoVy', 'resoAlt', 'overdue', 'plannedLengthM', 'plannedTimeS',
] as const satisfies readonly ColumnKey<AgentStore>[];
