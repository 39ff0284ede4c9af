import { WP_STRIDE } from '../../routing/waypoints.ts';
import { segmentHitsRing } from '../../airspace/geometry.ts';
import type { TripRequest } from '../../deconfliction/strategic/planner.ts';
import { EVENT_GEOFENCE_ROUTE, EVENT_REJECT } from '../../metrics/events.ts';
import type { EngineState } from '../state.ts';
import { enqueueDeparture } from './departures.ts';

/** Class priority when `strategic.priorities` is on: higher plans first within a tick (evtol, drone, ground). */
const CLASS_PRIORITY = [1, 2, 0];

/**
 * Phase 2, planning: this tick's air requests get a route from their class's policy and, with
 * strategic deconfliction on, a 4D operational intent (deconfliction/strategic/planner.ts) that
 * may delay or reroute them; accepted plans join the departure queue, rejected ones are counted.
 * Order: request order, or by class priority then request order (a total order either way).
 */
export function planTrips(st: EngineState): void {
  const batch = st.batch;
  if (!batch.length) return;
  if (st.world.strategic.priorities && st.world.strategic.enabled) {
    const order = batch.map((_, i) => i).sort((i, j) => CLASS_PRIORITY[batch[j].cls] - CLASS_PRIORITY[batch[i].cls] || batch[i].trip - batch[j].trip);
    for (const i of order) plan(st, batch[i], st.batchFlow[i]);
  } else {
    for (let i = 0; i < batch.length; i++) plan(st, batch[i], st.batchFlow[i]);
  }
  batch.length = 0;
  st.batchFlow.length = 0;
}

function plan(st: EngineState, req: TripRequest, f: number): void {
  const out = st.planner.plan(req);
  if (!out.accepted || !out.route) {
    st.metrics.rejected[req.cls]++;
    st.events.push(st.tick, EVENT_REJECT, req.trip, f, 0);
    if (st.doorToDoor.travelling.delete(req.trip)) st.doorToDoor.rejected++;
    return;
  }
  const delay = out.departTick - req.requestTick;
  st.delays[req.cls].add(delay);
  if (routeCrossesGeofence(st, out.route)) {
    st.metrics.geofenceRoutes[req.cls]++;
    st.events.push(st.tick, EVENT_GEOFENCE_ROUTE, req.trip, f, 0);
  }
  enqueueDeparture(st, { departTick: out.departTick, seq: req.trip, flow: f, route: out.route, delayTicks: delay, noncoop: req.noncooperative ? 1 : 0 });
}

/** Does any leg cross a geofence that applies at its altitude now? (should not, with avoidance) */
function routeCrossesGeofence(st: EngineState, route: Float64Array): boolean {
  const world = st.world;
  const tod = (world.startTimeS + st.timeS) % 86400;
  for (let p = WP_STRIDE; p < route.length; p += WP_STRIDE) {
    const ax = route[p - WP_STRIDE], ay = route[p - WP_STRIDE + 1], bx = route[p], by = route[p + 1];
    const z = Math.max(route[p - WP_STRIDE + 2], route[p + 2]);
    if (ax === bx && ay === by) continue;
    const hits = world.geofenceIndex.search({ minX: Math.min(ax, bx), minY: Math.min(ay, by), maxX: Math.max(ax, bx), maxY: Math.max(ay, by) });
    for (const h of hits) {
      const g = world.geofences[h.index];
      if (z < g.floorM || z > g.ceilingM || tod < g.activeFromS || tod >= g.activeToS) continue;
      if (segmentHitsRing(g.ring, ax, ay, bx, by)) return true;
    }
  }
  return false;
}
