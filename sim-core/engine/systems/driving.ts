import { setActiveWaypoint } from './active-waypoint.ts';
import { WP_STRIDE, WP_VLEG, WP_VPASS, WP_X, WP_Y } from '../../routing/waypoints.ts';
import type { EngineState } from '../state.ts';
import { arrive } from './arrivals.ts';

const AT_WAYPOINT_M = 0.01;

/**
 * The simple ground model (`ground.model: simple`): each vehicle drives its road polyline alone,
 * braking ahead for corners and the final stop. With the lane-level network, systems/ground.ts
 * moves ground vehicles instead.
 */
export function drive(st: EngineState, s: number): void {
  const a = st.agents;
  const w = st.routes[s]!;
  const c = st.world.classes[a.cls[s]];
  const dt = st.world.dt;
  const count = a.wpCount[s];
  let idx = a.wpIdx[s];
  let gs = a.gs[s];

  // Speed target: the leg limit, and whatever lets us slow to each upcoming pass speed in time.
  let x = a.x[s], y = a.y[s];
  let p = idx * WP_STRIDE;
  let target = w[p + WP_VLEG];
  const brakingReach = (gs * gs) / (2 * c.decelMps2) + gs * dt + 1;
  let ahead = Math.hypot(w[p + WP_X] - x, w[p + WP_Y] - y);
  for (let k = idx; k < count; k++) {
    const q = k * WP_STRIDE;
    if (k > idx) ahead += Math.hypot(w[q + WP_X] - w[q - WP_STRIDE + WP_X], w[q + WP_Y] - w[q - WP_STRIDE + WP_Y]);
    const vpass = w[q + WP_VPASS];
    const limit = Math.sqrt(vpass * vpass + 2 * c.decelMps2 * ahead);
    if (limit < target) target = limit;
    if (ahead > brakingReach) break;
  }
  const dv = target - gs;
  gs += dv > 0 ? Math.min(dv, c.accelMps2 * dt) : Math.max(dv, -2 * c.decelMps2 * dt);
  if (gs > c.maxMps) gs = c.maxMps;
  if (gs < 0) gs = 0;
  a.gs[s] = gs;

  // Move along the polyline, possibly past several short segments in one tick.
  let move = gs * dt;
  const travelled = move;
  while (move > 0 && idx < count) {
    p = idx * WP_STRIDE;
    const dx = w[p + WP_X] - x, dy = w[p + WP_Y] - y;
    const d = Math.sqrt(dx * dx + dy * dy);
    if (d > 1e-9) a.trk[s] = Math.atan2(dx, dy);
    if (move >= d) {
      x = w[p + WP_X];
      y = w[p + WP_Y];
      move -= d;
      idx++;
    } else {
      x += (dx / d) * move;
      y += (dy / d) * move;
      move = 0;
    }
  }
  a.x[s] = x;
  a.y[s] = y;
  a.distanceM[s] += travelled - move;
  st.metrics.distanceM[a.cls[s]] += travelled - move;
  // Reaching the last waypoint happens only at (near) zero speed thanks to the braking target.
  const last = (count - 1) * WP_STRIDE;
  if (idx >= count || (gs === 0 && target < 1e-6 && Math.hypot(w[last] - x, w[last + 1] - y) < AT_WAYPOINT_M)) {
    a.x[s] = w[last + WP_X];
    a.y[s] = w[last + WP_Y];
    setActiveWaypoint(a, s, w, count - 1);
    arrive(st, s);
  } else setActiveWaypoint(a, s, w, idx);
}
