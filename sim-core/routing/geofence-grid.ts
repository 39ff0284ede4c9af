import type { Geofence, World } from '../world/world.ts';
import { pointInRing, segmentHitsRing } from '../airspace/geometry.ts';
import { GridJps } from './grid-jps.ts';
import { smoothPath } from './smoothing.ts';
import type { GridMap } from './movingai.ts';

/**
 * Free flight around geofences: an occupancy grid over the scenario bounds in which a cell is
 * blocked when it lies inside, or within `margin` of, a geofence that applies (altitude band and
 * time window), planned with JPS and smoothed by string pulling. Grids are cached per set of
 * applicable geofences.
 */
export class GeofenceGrids {
  private readonly cache = new Map<string, GridMap & { jps: GridJps }>();

  constructor(private readonly world: World, readonly cellM = 100, readonly marginM = 50) {}

  /** Geofences that constrain flight at `alt` at time of day `tod` (seconds). */
  applicable(alt: number, tod: number): Geofence[] {
    return this.world.geofences.filter((g) => alt >= g.floorM && alt <= g.ceilingM && tod >= g.activeFromS && tod < g.activeToS);
  }

  /**
   * A to B around `fences` as x,y pairs: [ax, ay, bx, by] when the straight segment is clear,
   * else route(), null when there is no way. The last answer is remembered: a plan asks the same
   * question once per departure lane (other altitudes, nearly always the same geofences).
   */
  path(ax: number, ay: number, bx: number, by: number, fences: Geofence[]): number[] | null {
    const m = this.last;
    if (m.ax === ax && m.ay === ay && m.bx === bx && m.by === by && sameFences(m.fences, fences)) return m.xy;
    m.xy = this.blocked(ax, ay, bx, by, fences) ? this.route(ax, ay, bx, by, fences) : [ax, ay, bx, by];
    m.ax = ax; m.ay = ay; m.bx = bx; m.by = by; m.fences = fences;
    return m.xy;
  }

  private readonly last: { ax: number; ay: number; bx: number; by: number; fences: Geofence[]; xy: number[] | null } = { ax: NaN, ay: NaN, bx: NaN, by: NaN, fences: [], xy: null };

  /** Does the straight segment cross any applicable geofence? */
  blocked(ax: number, ay: number, bx: number, by: number, fences: Geofence[]): boolean {
    return fences.some((g) => segmentHitsRing(g.ring, ax, ay, bx, by));
  }

  private grid(fences: Geofence[]): GridMap & { jps: GridJps } {
    const key = fences.map((f) => f.id).join('|');
    let grid = this.cache.get(key);
    if (grid) return grid;
    const b = this.world.bounds, cell = this.cellM;
    const width = Math.ceil((b.maxX - b.minX) / cell), height = Math.ceil((b.maxY - b.minY) / cell);
    const passable = new Uint8Array(width * height).fill(1);
    const reach = this.marginM + cell * Math.SQRT1_2;
    for (const g of fences) {
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (let i = 0; i < g.ring.length; i += 2) {
        minX = Math.min(minX, g.ring[i]); maxX = Math.max(maxX, g.ring[i]);
        minY = Math.min(minY, g.ring[i + 1]); maxY = Math.max(maxY, g.ring[i + 1]);
      }
      const x0 = Math.max(0, Math.floor((minX - reach - b.minX) / cell)), x1 = Math.min(width - 1, Math.ceil((maxX + reach - b.minX) / cell));
      // Grid rows run north to south like MovingAI maps (row 0 at maxY).
      const y0 = Math.max(0, Math.floor((b.maxY - maxY - reach) / cell)), y1 = Math.min(height - 1, Math.ceil((b.maxY - minY + reach) / cell));
      for (let gy = y0; gy <= y1; gy++) for (let gx = x0; gx <= x1; gx++) {
        const cx = b.minX + (gx + 0.5) * cell, cy = b.maxY - (gy + 0.5) * cell;
        if (pointInRing(g.ring, cx, cy) || distanceToRing(g.ring, cx, cy) < reach) passable[gy * width + gx] = 0;
      }
    }
    grid = { width, height, passable, jps: null as unknown as GridJps };
    grid.jps = new GridJps(grid);
    this.cache.set(key, grid);
    return grid;
  }

  /**
   * A flyable 2-D path from A to B avoiding `fences`, as x,y pairs including both end points
   * (an end point in a blocked margin cell joins the nearest free cell); null when there is none.
   */
  route(ax: number, ay: number, bx: number, by: number, fences: Geofence[]): number[] | null {
    const grid = this.grid(fences);
    const b = this.world.bounds, cell = this.cellM;
    const toCell = (x: number, y: number): [number, number] => {
      const gx = Math.min(grid.width - 1, Math.max(0, Math.floor((x - b.minX) / cell)));
      const gy = Math.min(grid.height - 1, Math.max(0, Math.floor((b.maxY - y) / cell)));
      return [gx, gy];
    };
    const [sx, sy] = nearestFree(grid, ...toCell(ax, ay));
    const [tx, ty] = nearestFree(grid, ...toCell(bx, by));
    if (sx < 0 || tx < 0) return null;
    const cost = grid.jps.search(sx, sy, tx, ty);
    const cells = cost >= 0 ? smoothPath(grid, grid.jps.path()) : null;
    if (!cells) return null;
    const out = [ax, ay];
    for (let i = 1; i < cells.length - 1; i++) {
      const gx = cells[i] % grid.width, gy = Math.floor(cells[i] / grid.width);
      out.push(b.minX + (gx + 0.5) * cell, b.maxY - (gy + 0.5) * cell);
    }
    out.push(bx, by);
    return out;
  }
}

/** Same geofences in the same order (applicable() filters the world's list, so equal sets are equal arrays)? */
function sameFences(a: Geofence[], b: Geofence[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Nearest passable cell to (x, y) by growing square rings, or [-1, -1]. */
function nearestFree(grid: GridMap, x: number, y: number): [number, number] {
  for (let r = 0; r < Math.max(grid.width, grid.height); r++) {
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) {
      if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
      const gx = x + dx, gy = y + dy;
      if (gx >= 0 && gy >= 0 && gx < grid.width && gy < grid.height && grid.passable[gy * grid.width + gx]) return [gx, gy];
    }
  }
  return [-1, -1];
}

function distanceToRing(ring: Float64Array, x: number, y: number): number {
  let best = Infinity;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const ax = ring[2 * j], ay = ring[2 * j + 1], dx = ring[2 * i] - ax, dy = ring[2 * i + 1] - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
    best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y));
  }
  return best;
}
