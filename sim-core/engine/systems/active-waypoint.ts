import { WP_STRIDE, WP_VLEG, WP_VPASS, WP_X, WP_Y, WP_Z } from '../../routing/waypoints.ts';
import type { AgentStore } from '../../world/agents.ts';

/**
 * Sets slot s's waypoint index and copies that waypoint of its route into the agent columns
 * (wpX, wpY, wpZ, wpVleg, wpVpass). Flight and the tactical picture read the active waypoint of
 * every aircraft every tick; each route is its own array elsewhere in memory, and reading it there
 * was a cache miss per aircraft per tick (about half of `fly` and of `buildPicture` at ×10).
 * Every change of wpIdx in the engine goes through here.
 */
export function setActiveWaypoint(a: AgentStore, s: number, route: Float64Array, idx: number): void {
  a.wpIdx[s] = idx;
  const p = idx * WP_STRIDE;
  a.wpX[s] = route[p + WP_X];
  a.wpY[s] = route[p + WP_Y];
  a.wpZ[s] = route[p + WP_Z];
  a.wpVleg[s] = route[p + WP_VLEG];
  a.wpVpass[s] = route[p + WP_VPASS];
}
