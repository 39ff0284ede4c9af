import { setActiveWaypoint } from './active-waypoint.ts';
import { CLASS_GROUND } from '../../world/world.ts';
import { PHASE_MOVING } from '../../world/agents.ts';
import { WP_STRIDE, WP_X, WP_Y, WP_Z } from '../../routing/waypoints.ts';
import { waypointTimes } from '../../deconfliction/strategic/timing.ts';
import { EVENT_D2D_ACCESS, EVENT_SPAWN } from '../../metrics/events.ts';
import type { Departure, EngineState } from '../state.ts';

/** Inserts into the departure queue, ordered by (departure tick, request order): a total order. */
export function enqueueDeparture(st: EngineState, d: Departure): void {
  const q = st.pending;
  let lo = 0, hi = q.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (q[mid].departTick < d.departTick || (q[mid].departTick === d.departTick && q[mid].seq < d.seq)) lo = mid + 1;
    else hi = mid;
  }
  q.splice(lo, 0, d);
}

/** Phase 3, departures: every planned trip due by now becomes an agent (a slot and a new id). */
export function departDue(st: EngineState): void {
  const q = st.pending;
  let n = 0;
  while (n < q.length && q[n].departTick <= st.tick) spawn(st, q[n++]);
  if (n) q.splice(0, n);
}

function spawn(st: EngineState, d: Departure): void {
  const flow = st.world.flows[d.flow];
  const a = st.agents;
  const slot = a.allocate();
  const cls = flow.cls;
  const id = st.ids.add(cls, d.flow, st.tick);
  const w = d.route;
  st.routes[slot] = w;
  a.phase[slot] = PHASE_MOVING;
  a.cls[slot] = cls;
  a.id[slot] = id;
  a.flow[slot] = d.flow;
  a.spawnTick[slot] = st.tick;
  a.arriveTick[slot] = -1;
  a.x[slot] = w[WP_X];
  a.y[slot] = w[WP_Y];
  a.z[slot] = w[WP_Z];
  a.gs[slot] = 0;
  a.tas[slot] = 0;
  a.noncoop[slot] = d.noncoop;
  a.soc[slot] = st.world.classes[cls].battery?.departureSoc ?? 1;
  a.leaveTick[slot] = -1;
  a.vz[slot] = 0;
  a.trk[slot] = initialTrack(w);
  a.wpCount[slot] = w.length / WP_STRIDE;
  setActiveWaypoint(a, slot, w, 1);
  a.destVertiport[slot] = flow.toVertiport;
  a.pad[slot] = -1;
  a.holdSince[slot] = -1;
  a.distanceM[slot] = 0;
  a.trip[slot] = d.seq;
  a.resoActive[slot] = 0;
  a.resoAlt[slot] = NaN;
  a.overdue[slot] = 0;
  a.plannedLengthM[slot] = routeLength(w);
  // On the lane-level network a shuttle enters at the start of its first link when there is room.
  if (st.groundLink && flow.groundRoute) st.groundLink.addTrip(st.timeS, flow.groundRoute, slot);
  a.plannedTimeS[slot] = cls === CLASS_GROUND ? 0 : waypointTimes(w, st.world.classes[cls], st.world.wind)[a.wpCount[slot] - 1];
  const m = st.metrics;
  m.spawned[cls]++;
  m.active[cls]++;
  if (m.active[cls] > m.peakActive[cls]) m.peakActive[cls] = m.active[cls];
  st.events.push(st.tick, EVENT_SPAWN, id, d.flow, d.delayTicks * st.world.dt);
  // A door-to-door passenger's flight: how long the shuttle took to the vertiport, and the wait there.
  const d2d = st.doorToDoor.travelling.size ? st.doorToDoor.travelling.get(d.seq) : undefined;
  if (d2d) st.events.push(st.tick, EVENT_D2D_ACCESS, id, Math.round(d2d.accessS), (st.tick - d2d.readyTick) * st.world.dt);
}

function routeLength(w: Float64Array): number {
  let total = 0;
  for (let p = WP_STRIDE; p < w.length; p += WP_STRIDE) total += Math.hypot(w[p] - w[p - WP_STRIDE], w[p + 1] - w[p + 1 - WP_STRIDE], w[p + 2] - w[p + 2 - WP_STRIDE]);
  return total;
}

function initialTrack(w: Float64Array): number {
  for (let p = WP_STRIDE; p < w.length; p += WP_STRIDE) {
    const dx = w[p + WP_X] - w[WP_X];
    const dy = w[p + WP_Y] - w[WP_Y];
    if (dx * dx + dy * dy > 1e-6) return Math.atan2(dx, dy);
  }
  return 0;
}
