import { assignPassSpeeds, WaypointList } from '../waypoints.ts';
import type { ClassEnvelope } from '../../world/world.ts';
import type { RouteRequest, RoutingContext } from './types.ts';

/**
 * Builds a flight from horizontal points (x, y, z triples, start and end included): vertical
 * take-off to the first point's altitude, the points in order, and a vertical landing.
 */
export function flight(points: number[], c: ClassEnvelope, legSpeeds?: number[]): number[] {
  const list = new WaypointList();
  const n = points.length / 3;
  list.push(points[0], points[1], 0, c.cruiseMps, 0);
  for (let i = 0; i < n; i++) list.push(points[3 * i], points[3 * i + 1], points[3 * i + 2], i === 0 ? c.climbMps : legSpeeds?.[i] ?? c.cruiseMps, 0);
  list.push(points[3 * (n - 1)], points[3 * (n - 1) + 1], 0, c.descentMps, 0);
  assignPassSpeeds(list.values, 0, list.count, c.cornerMps);
  return list.values;
}

/** Straight segments from A to B at altitude z, around applicable geofences when needed. */
export function horizontalPath(ax: number, ay: number, bx: number, by: number, z: number, ctx: RoutingContext, timeOfDayS: number): number[] | null {
  const fences = ctx.grids.applicable(z, timeOfDayS);
  if (!fences.length) return [ax, ay, z, bx, by, z];
  const xy = ctx.grids.path(ax, ay, bx, by, fences);
  if (!xy) return null;
  const out: number[] = [];
  for (let i = 0; i < xy.length; i += 2) out.push(xy[i], xy[i + 1], z);
  return out;
}

/** A via point offset sideways from the midpoint of A–B: option 1, 2 → left/right 600 m, 3, 4 → 1,200 m. */
export function lateralVia(ax: number, ay: number, bx: number, by: number, option: number): [number, number] | null {
  if (option <= 0) return null;
  const len = Math.hypot(bx - ax, by - ay);
  if (len < 1) return null;
  const side = option % 2 === 1 ? 1 : -1;
  const dist = 600 * Math.ceil(option / 2);
  return [(ax + bx) / 2 - ((by - ay) / len) * dist * side, (ay + by) / 2 + ((bx - ax) / len) * dist * side];
}

/**
 * A to B at altitude z, around applicable geofences, optionally through the sideways via point
 * of `req.routeOption` (shared by the direct policies).
 */
export function directPath(req: RouteRequest, z: number, ctx: RoutingContext): number[] | null {
  const via = lateralVia(req.ax, req.ay, req.bx, req.by, req.routeOption);
  if (!via) return horizontalPath(req.ax, req.ay, req.bx, req.by, z, ctx, req.timeOfDayS);
  return join(horizontalPath(req.ax, req.ay, via[0], via[1], z, ctx, req.timeOfDayS), horizontalPath(via[0], via[1], req.bx, req.by, z, ctx, req.timeOfDayS));
}

/** Concatenates horizontal paths (x, y, z triples), dropping repeated joints. */
export function join(...parts: (number[] | null)[]): number[] | null {
  const out: number[] = [];
  for (const p of parts) {
    if (!p) return null;
    for (let i = 0; i < p.length; i += 3) {
      const n = out.length;
      if (n && out[n - 3] === p[i] && out[n - 2] === p[i + 1] && out[n - 1] === p[i + 2]) continue;
      out.push(p[i], p[i + 1], p[i + 2]);
    }
  }
  return out;
}
