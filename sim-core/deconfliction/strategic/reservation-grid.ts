import { growNamedColumns } from '../../world/columns.ts';
import { segmentsCloserThan } from './intents.ts';
import { VOL_STRIDE, V_AX, V_AY, V_BX, V_BY, V_T0, V_T1, V_ZHI, V_ZLO, type VolumeList } from './volumes.ts';

/**
 * Where accepted volumes are kept and asked "what blocks this volume if it departs `shift` ticks
 * later?". The planner talks only to this interface; `ReservationGrid` is the engine's, the landed
 * rbush store is kept in bench/baselines as the benchmark's baseline.
 *
 * Two volumes meet when their time windows overlap, their altitude bands overlap and their centre
 * lines come closer than rpz. A stored volume w blocks volume v (relative to a departure at tick
 * 0) for the contiguous departures d with w.t0 − v.t1 < d < w.t1 − v.t0 (the space test does not
 * depend on d).
 */
export interface ReservationIndex {
  /** Volumes stored (live). */
  readonly count: number;
  /** Stores the volumes of `trip`'s accepted intent, shifted `shift` ticks later. */
  add(trip: number, vols: VolumeList, shift: number): void;
  /**
   * Volume i of `vols` moved `shift` ticks later: the last departure up to which one stored volume
   * (of another trip) that meets it still blocks it, or −Infinity when none meets it now.
   */
  blockedUntil(trip: number, vols: VolumeList, i: number, shift: number): number;
  /** Appends [lo, hi] (closed, absolute departure ticks) blocked for volume i by each stored volume that can meet it for a departure in [from, to]. */
  blockedSpans(trip: number, vols: VolumeList, i: number, from: number, to: number, spans: number[]): void;
  /** Forgets what ended long enough before `tick` that no new plan can meet it. */
  expire(tick: number): void;
}

/**
 * Cell keys are non-negative integers below 2³⁰ (they fit the CellTable's Int32Array, −1 marks an
 * empty slot): horizontal cell coordinates are offset by HALF and clamped to [0, 2·HALF), which
 * with 500 m cells spans 4,096 km, and altitude slabs are clamped to [0, SLABS); clamping only
 * puts far-away or high volumes in the edge cells, where queries still find them.
 */
const HALF = 4096, SPAN = 2 * HALF, SLABS = 16;
const clampXY = (c: number) => (c < -HALF ? 0 : c >= HALF ? SPAN - 1 : c + HALF);
const cellKey = (cx: number, cy: number, cz: number) => ((cz < 0 ? 0 : cz >= SLABS ? SLABS - 1 : cz) * SPAN + clampXY(cy)) * SPAN + clampXY(cx);

/**
 * The cells (x0, x1, y0, y1, z0, z1, inclusive) that volume o of `d`'s buffered box and altitude
 * band touch, written to `out`. Slabs are `slabM` high, offset by half a slab so that layers a
 * slab apart (30, 60, 90 m with 30 m slabs) sit in the middle of one slab each; z0 and z1 are
 * clamped so that two bands that overlap always share a slab.
 */
function cellRange(d: Float64Array, o: number, halfR: number, inv: number, invSlab: number, out: Int32Array): void {
  const ax = d[o + V_AX], ay = d[o + V_AY], bx = d[o + V_BX], by = d[o + V_BY];
  out[0] = Math.floor((Math.min(ax, bx) - halfR) * inv); out[1] = Math.floor((Math.max(ax, bx) + halfR) * inv);
  out[2] = Math.floor((Math.min(ay, by) - halfR) * inv); out[3] = Math.floor((Math.max(ay, by) + halfR) * inv);
  const z0 = Math.floor(d[o + V_ZLO] * invSlab + 0.5), z1 = Math.floor(d[o + V_ZHI] * invSlab + 0.5);
  out[4] = z0 < 0 ? 0 : z0 >= SLABS ? SLABS - 1 : z0;
  out[5] = z1 < 0 ? 0 : z1 >= SLABS ? SLABS - 1 : z1;
}

/**
 * One space cell: the volumes listed there, sorted by start tick. Each entry copies in what the
 * scan tests (window, altitude band, the centre line's box, trip) as one interleaved row, so a
 * query reads one sequential run of memory and touches the volume's slot only for the exact
 * segment distance of the few entries that pass every cheap test.
 */
const E_T0 = 0, E_T1 = 1, E_ZLO = 2, E_ZHI = 3, E_X0 = 4, E_X1 = 5, E_Y0 = 6, E_Y1 = 7, E_TRIP = 8, E_SLOT = 9;
const E_STRIDE = 10;

/**
 * Spare row arrays by capacity (8, 16, 32 ... rows): a cell's count swings with every wave of
 * departures, and allocating a fresh typed array each time it grew or shrank (zero-filled,
 * off the JS heap) was a tenth of planning on Alatau ×10 (29,000 allocations, 82 MB an hour).
 * A grown or shrunk cell hands its old array back here; at most SPARES_PER_SIZE are kept per
 * capacity, so memory still follows the volumes alive. Rows beyond a cell's count are never
 * read, so a recycled array needs no clearing.
 */
const SPARES_PER_SIZE = 512, MIN_ROWS = 8;
class RowPool {
  private readonly spares: Float64Array[][] = [];

  /** An array of `rows` rows (a power of two, at least MIN_ROWS). */
  take(rows: number): Float64Array {
    return this.spares[Math.log2(rows)]?.pop() ?? new Float64Array(rows * E_STRIDE);
  }

  give(e: Float64Array): void {
    const list = (this.spares[Math.log2(e.length / E_STRIDE)] ??= []);
    if (list.length < SPARES_PER_SIZE) list.push(e);
  }
}

class Cell {
  n = 0;
  /** Longest window listed here (ticks): a window meeting [t0, t1) starts after t0 − maxSpan. */
  maxSpan = 0;
  /** No entry here ends before this tick (a lower bound): `expire` passes the cell by while it is ahead of the limit. */
  minEnd = Infinity;
  /** The last answer of `firstAfter` (where its next search starts). */
  hint = 0;
  e: Float64Array;

  constructor(private readonly pool: RowPool) {
    this.e = pool.take(MIN_ROWS);
  }

  insert(t0: number, t1: number, zlo: number, zhi: number, x0: number, x1: number, y0: number, y1: number, trip: number, slot: number): void {
    if ((this.n + 1) * E_STRIDE > this.e.length) {
      const grown = this.pool.take((this.e.length / E_STRIDE) * 2);
      grown.set(this.e);
      this.pool.give(this.e);
      this.e = grown;
    }
    const e = this.e;
    // Insert after the last entry starting at or before t0 (commits come roughly in time order: a short walk).
    let k = this.n;
    while (k > 0 && e[(k - 1) * E_STRIDE + E_T0] > t0) k--;
    if (k < this.n) e.copyWithin((k + 1) * E_STRIDE, k * E_STRIDE, this.n * E_STRIDE);
    const o = k * E_STRIDE;
    e[o + E_T0] = t0; e[o + E_T1] = t1; e[o + E_ZLO] = zlo; e[o + E_ZHI] = zhi;
    e[o + E_X0] = x0; e[o + E_X1] = x1; e[o + E_Y0] = y0; e[o + E_Y1] = y1; e[o + E_TRIP] = trip; e[o + E_SLOT] = slot;
    this.n++;
    if (t1 - t0 > this.maxSpan) this.maxSpan = t1 - t0;
    if (t1 < this.minEnd) this.minEnd = t1;
  }

  /**
   * The first entry starting after `t`: a galloping search from the last answer, then a binary
   * search in the bracket found. Consecutive questions to a cell ask about nearby times (a plan's
   * volumes 10 s apart, its next delay step, the next plan at the same hub), so the bracket is
   * usually one or two rows wide where a plain binary search probed log₂ n rows spread over the
   * cell (one cache miss each; it was a third of `blockedUntil`). Any hint gives the same answer.
   */
  firstAfter(t: number): number {
    const e = this.e, n = this.n;
    let h = this.hint < n ? this.hint : n, lo: number, hi: number;
    if (h < n && e[h * E_STRIDE + E_T0] <= t) {
      // The answer is after h: gallop right.
      lo = h + 1;
      let step = 1;
      for (hi = lo; hi < n && e[hi * E_STRIDE + E_T0] <= t; step *= 2) { lo = hi + 1; hi = lo + step; }
      if (hi > n) hi = n;
    } else {
      // The answer is at or before h: gallop left.
      hi = h;
      let step = 1;
      for (lo = h - 1; lo >= 0 && e[lo * E_STRIDE + E_T0] > t; step *= 2) { hi = lo; lo = hi - step; }
      lo = lo < 0 ? 0 : lo + 1;
    }
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (e[mid * E_STRIDE + E_T0] <= t) lo = mid + 1;
      else hi = mid;
    }
    this.hint = lo;
    return lo;
  }
}

/**
 * Cells by key: open addressing with linear probing over an Int32Array of keys (a Map lookup of
 * a number costs several times more, and the planner asks for cells once per volume per plan).
 * The slot is the top bits of a Fibonacci product (`home`): the low bits of a product depend only
 * on the key's low bits, which are the cell's x alone, and with them a city's 18,000 cells fell
 * into a few hundred slots and every lookup walked a long probe run.
 */
class CellTable {
  constructor(private readonly rows: RowPool) {}
  private keys = new Int32Array(1024).fill(-1);
  private cells: (Cell | undefined)[] = new Array(1024);
  private mask = 1023;
  private shift = 22;
  private size = 0;
  private readonly all: Cell[] = [];

  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  get(key: number): Cell | undefined {
    for (let h = this.home(key); ; h = (h + 1) & this.mask) {
      const k = this.keys[h];
      if (k === key) return this.cells[h];
      if (k === -1) return undefined;
    }
  }

  getOrCreate(key: number): Cell {
    for (let h = this.home(key); ; h = (h + 1) & this.mask) {
      const k = this.keys[h];
      if (k === key) return this.cells[h]!;
      if (k === -1) {
        const cell = new Cell(this.rows);
        this.keys[h] = key;
        this.cells[h] = cell;
        this.all.push(cell);
        if (++this.size * 2 > this.mask) this.grow();
        return cell;
      }
    }
  }

  /** Every cell, in the order they were made (dense: the table's own array is half holes). */
  values(): readonly Cell[] {
    return this.all;
  }

  private grow(): void {
    const keys = this.keys, cells = this.cells;
    this.mask = keys.length * 2 - 1;
    this.shift--;
    this.keys = new Int32Array(keys.length * 2).fill(-1);
    this.cells = new Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === -1) continue;
      let h = this.home(keys[i]);
      while (this.keys[h] !== -1) h = (h + 1) & this.mask;
      this.keys[h] = keys[i];
      this.cells[h] = cells[i];
    }
  }
}

/**
 * Accepted volumes in typed-array columns, indexed by a uniform grid of space cells; each cell
 * keeps its volumes sorted by start tick, so "what meets this volume in that time window" is a
 * binary search and a short scan per cell, and the cells a plan's volume touches are looked up
 * once per plan (not once per tested departure). A volume is listed in every cell its buffered box
 * touches; a volume met twice is harmless (the answers are maxima or spans). Entries that ended
 * are dropped by `expire` and their slots reused, so memory follows the traffic in the air, not
 * the day's total.
 */
export class ReservationGrid implements ReservationIndex {
  count = 0;
  /** Per slot: the centre line (for the exact distance test); the rest of a volume lives in its cells' rows. */
  private ax = new Float64Array(1024);
  private ay = new Float64Array(1024);
  private bx = new Float64Array(1024);
  private by = new Float64Array(1024);
  /** How many cells list the slot (freed at 0). */
  private refs = new Int32Array(1024);
  /** Freed slots, a stack (a typed column like the others: it holds up to every slot after a busy hour). */
  private freeSlots = new Int32Array(1024);
  private freeCount = 0;
  private used = 0;
  /** Cells ever used (an emptied cell is kept: the city's airspace has a bounded number of them). */
  /** Spare row arrays for the cells (RowPool). */
  private readonly rows = new RowPool();
  private readonly cells = new CellTable(this.rows);
  /** The cells of the volume last asked about: [foundStart, foundEnd) of the list `cellsFor` returns. */
  private foundStart = 0;
  private foundEnd = 0;
  private readonly range = new Int32Array(6);
  private readonly inv: number;
  private readonly invSlab: number;
  private readonly halfR: number;

  /**
   * @param rpz horizontal separation (m): the volumes' buffer is half of it each side
   * @param cellM side of a space cell (m)
   * @param keepTicks how long after its end a volume may still be asked about (the earliest a new
   *   plan's volume can start before the present: its time buffer)
   * @param slabM height of an altitude slab (m): a query looks only at the slabs its band touches
   *   (half the entries a hub cell holds lie on other layers)
   */
  constructor(private readonly rpz: number, readonly cellM: number, private readonly keepTicks: number, readonly slabM = 30) {
    this.inv = 1 / cellM;
    this.invSlab = 1 / slabM;
    this.halfR = rpz / 2;
  }

  add(trip: number, vols: VolumeList, shift: number): void {
    const d = vols.data, r = this.range;
    for (let i = 0, o = 0; i < vols.n; i++, o += VOL_STRIDE) {
      const s = this.slot();
      const t0 = d[o + V_T0] + shift, t1 = d[o + V_T1] + shift;
      const ax = d[o + V_AX], ay = d[o + V_AY], bx = d[o + V_BX], by = d[o + V_BY];
      this.ax[s] = ax; this.ay[s] = ay; this.bx[s] = bx; this.by[s] = by;
      cellRange(d, o, this.halfR, this.inv, this.invSlab, r);
      const x0 = ax < bx ? ax : bx, x1 = ax > bx ? ax : bx, y0 = ay < by ? ay : by, y1 = ay > by ? ay : by;
      let refs = 0;
      for (let cz = r[4]; cz <= r[5]; cz++) for (let cy = r[2]; cy <= r[3]; cy++) for (let cx = r[0]; cx <= r[1]; cx++) {
        this.cells.getOrCreate(cellKey(cx, cy, cz)).insert(t0, t1, d[o + V_ZLO], d[o + V_ZHI], x0, x1, y0, y1, trip, s);
        refs++;
      }
      this.refs[s] = refs;
      this.count++;
    }
  }

  blockedUntil(trip: number, vols: VolumeList, i: number, shift: number): number {
    const d = vols.data, o = i * VOL_STRIDE, rpz = this.rpz;
    const ax = d[o + V_AX], ay = d[o + V_AY], bx = d[o + V_BX], by = d[o + V_BY], zlo = d[o + V_ZLO], zhi = d[o + V_ZHI];
    const vt0 = d[o + V_T0], t0 = vt0 + shift, t1 = d[o + V_T1] + shift;
    // The box within which a stored centre line can come closer than rpz.
    const minX = Math.min(ax, bx) - rpz, maxX = Math.max(ax, bx) + rpz, minY = Math.min(ay, by) - rpz, maxY = Math.max(ay, by) + rpz;
    const AX = this.ax, AY = this.ay, BX = this.bx, BY = this.by;
    const refs = this.cellsFor(vols, i), end = this.foundEnd;
    let until = -Infinity;
    for (let c = this.foundStart; c < end; c++) {
      const cell = refs[c], e = cell.e;
      for (let k = cell.firstAfter(t0 - cell.maxSpan), n = cell.n; k < n; k++) {
        const q = k * E_STRIDE;
        if (e[q + E_T0] >= t1) break;
        const wt1 = e[q + E_T1];
        if (wt1 <= t0 || wt1 - vt0 - 1 <= until) continue;
        if (zlo >= e[q + E_ZHI] || e[q + E_ZLO] >= zhi || e[q + E_TRIP] === trip) continue;
        if (e[q + E_X0] > maxX || e[q + E_X1] < minX || e[q + E_Y0] > maxY || e[q + E_Y1] < minY) continue;
        const s = e[q + E_SLOT];
        if (segmentsCloserThan(ax, ay, bx, by, AX[s], AY[s], BX[s], BY[s], rpz)) until = wt1 - vt0 - 1;
      }
    }
    return until;
  }

  blockedSpans(trip: number, vols: VolumeList, i: number, from: number, to: number, spans: number[]): void {
    const d = vols.data, o = i * VOL_STRIDE, rpz = this.rpz;
    const ax = d[o + V_AX], ay = d[o + V_AY], bx = d[o + V_BX], by = d[o + V_BY], zlo = d[o + V_ZLO], zhi = d[o + V_ZHI];
    const vt0 = d[o + V_T0], vt1 = d[o + V_T1];
    // Every window the volume can occupy over the search: [from + t0, to + t1).
    const t0 = from + vt0, t1 = to + vt1;
    const minX = Math.min(ax, bx) - rpz, maxX = Math.max(ax, bx) + rpz, minY = Math.min(ay, by) - rpz, maxY = Math.max(ay, by) + rpz;
    const refs = this.cellsFor(vols, i), end = this.foundEnd;
    for (let c = this.foundStart; c < end; c++) {
      const cell = refs[c], e = cell.e;
      for (let k = cell.firstAfter(t0 - cell.maxSpan); k < cell.n; k++) {
        const q = k * E_STRIDE;
        const wt0 = e[q + E_T0], wt1 = e[q + E_T1];
        if (wt0 >= t1) break;
        if (wt1 <= t0 || e[q + E_TRIP] === trip || zlo >= e[q + E_ZHI] || e[q + E_ZLO] >= zhi) continue;
        if (e[q + E_X0] > maxX || e[q + E_X1] < minX || e[q + E_Y0] > maxY || e[q + E_Y1] < minY) continue;
        const s = e[q + E_SLOT];
        if (!segmentsCloserThan(ax, ay, bx, by, this.ax[s], this.ay[s], this.bx[s], this.by[s], rpz)) continue;
        // Overlap in time at departure d ⟺ d + v.t0 < w.t1 and w.t0 < d + v.t1.
        const lo = wt0 - vt1 + 1, hi = wt1 - vt0 - 1;
        if (hi >= lo && hi >= from && lo <= to) spans.push(lo, hi);
      }
    }
  }

  expire(tick: number): void {
    const limit = tick - this.keepTicks;
    for (const cell of this.cells.values()) {
      // Most cells have nothing that ended before the limit (read from the cell, not its rows).
      if (cell.n === 0 || cell.minEnd >= limit) continue;
      const e = cell.e, n = cell.n;
      // Only entries starting before the limit can have ended before it: [0, end).
      const end = cell.firstAfter(limit);
      let first = 0, minEnd = Infinity;
      for (; first < end; first++) {
        const t1 = e[first * E_STRIDE + E_T1];
        if (t1 < limit) break;
        if (t1 < minEnd) minEnd = t1;
      }
      let w = first;
      for (let k = first; k < end; k++) {
        const q = k * E_STRIDE, t1 = e[q + E_T1];
        if (t1 < limit) {
          const s = e[q + E_SLOT];
          if (--this.refs[s] === 0) {
            this.freeSlots[this.freeCount++] = s;
            this.count--;
          }
          continue;
        }
        if (t1 < minEnd) minEnd = t1;
        // A plain loop: copyWithin per 10-number row costs a builtin call each.
        if (w !== k) for (let j = 0, to = w * E_STRIDE; j < E_STRIDE; j++) e[to + j] = e[q + j];
        w++;
      }
      // Entries from `end` on start after the limit, so they all stay (moved down in one block),
      // and none of them ends before the first one's start.
      if (end < n) {
        if (w !== end) e.copyWithin(w * E_STRIDE, end * E_STRIDE, n * E_STRIDE);
        const t0 = e[w * E_STRIDE + E_T0];
        if (t0 < minEnd) minEnd = t0;
        w += n - end;
      }
      cell.n = w;
      cell.minEnd = minEnd;
      // Give back what a busy hour grew: memory follows the volumes alive, not the day's peak. Only
      // when under an eighth full, keeping room for four times what is left (shrinking at a quarter
      // to twice the count made the cell grow again soon after); the old array goes to the pool.
      if (e.length > MIN_ROWS * E_STRIDE && w * E_STRIDE * 8 < e.length) {
        let rows = MIN_ROWS;
        while (rows < w * 4) rows *= 2;
        const shrunk = this.rows.take(rows);
        shrunk.set(e.subarray(0, w * E_STRIDE));
        this.rows.give(e);
        cell.e = shrunk;
      }
    }
  }

  /**
   * The existing cells volume i of `vols` touches, looked up once per filling of the list and
   * kept on it flat (lookups.refs[first[i] .. first[i] + count[i]), count −1: not looked up yet),
   * so no array is allocated per volume. Returns the flat list; the volume's cells are
   * [foundStart, foundEnd) of it, valid until the next call.
   */
  private cellsFor(vols: VolumeList, i: number): Cell[] {
    let c = vols.lookups;
    if (!c || c.owner !== this || c.version !== vols.version) {
      if (!c || c.owner !== this) vols.lookups = c = { owner: this, version: 0, first: new Int32Array(64), count: new Int32Array(64), refs: [], refsN: 0 };
      c.version = vols.version;
      if (c.count.length < vols.n) { c.first = new Int32Array(vols.n * 2); c.count = new Int32Array(vols.n * 2); }
      c.count.fill(-1, 0, vols.n);
      // Not refs.length = 0: that gives the array's storage back, and every refill grew it again.
      c.refsN = 0;
    }
    const refs = c.refs as Cell[];
    if (c.count[i] < 0) {
      let n = c.refsN;
      c.first[i] = n;
      const r = this.range;
      cellRange(vols.data, i * VOL_STRIDE, this.halfR, this.inv, this.invSlab, r);
      for (let cz = r[4]; cz <= r[5]; cz++) for (let cy = r[2]; cy <= r[3]; cy++) for (let cx = r[0]; cx <= r[1]; cx++) {
        const cell = this.cells.get(cellKey(cx, cy, cz));
        if (cell) refs[n++] = cell;
      }
      c.count[i] = n - c.first[i];
      c.refsN = n;
    }
    this.foundStart = c.first[i];
    this.foundEnd = c.first[i] + c.count[i];
    return refs;
  }

  private slot(): number {
    if (this.freeCount) return this.freeSlots[--this.freeCount];
    if (this.used === this.ax.length) growNamedColumns(this, ['ax', 'ay', 'bx', 'by', 'refs', 'freeSlots'], this.used * 2);
    return this.used++;
  }
}
