import { CLASS_GROUND } from '../../world/world.ts';
import type { EngineState } from '../state.ts';
import { arrive } from './arrivals.ts';

/**
 * Phase 8, ground: one step of the lane-level traffic (ground/traffic.ts: car following, lane
 * changes, junction managers), then its arrivals are landed in the agent columns (at the kerb,
 * in arrival order) and every shuttle's position, track and speed is copied back.
 */
export function driveGroundNetwork(st: EngineState): void {
  const link = st.groundLink;
  if (!link) return;
  const a = st.agents, g = link.traffic;
  link.step();
  const arr = link.arrivals;
  for (let i = 0; i < arr.length; i += 3) {
    const slot = arr[i];
    a.gs[slot] = 0;
    a.x[slot] = arr[i + 1];
    a.y[slot] = arr[i + 2];
    arrive(st, slot);
  }
  const vs = link.vehicleSlot;
  for (let v = 0; v < vs.length; v++) {
    const s = vs[v];
    if (s === undefined || s < 0 || !g.isAlive(v)) continue;
    const xy = link.positionOf(v);
    const dx = xy[0] - a.x[s], dy = xy[1] - a.y[s];
    const d = Math.sqrt(dx * dx + dy * dy);
    if (d > 1e-6) a.trk[s] = Math.atan2(dx, dy);
    a.x[s] = xy[0];
    a.y[s] = xy[1];
    a.gs[s] = g.speed[v];
    a.distanceM[s] += d;
    st.metrics.distanceM[CLASS_GROUND] += d;
  }
}
