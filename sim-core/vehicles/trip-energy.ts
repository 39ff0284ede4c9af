import type { ClassEnvelope, WindConfig } from '../world/world.ts';
import { WP_STRIDE, WP_X, WP_Y, WP_Z } from '../routing/waypoints.ts';
import { airspeedFor, forecastWind } from '../airspace/wind.ts';
import { powerWatts } from './energy.ts';

/** Contingency on the planned energy: the plan's speed profile is an estimate, the battery check must not be. */
export const ENERGY_CONTINGENCY = 1.1;

const w = new Float64Array(2);

/**
 * Energy (J) a route is expected to take: per leg, the class's power at the leg's mean speed
 * (the airspeed in the forecast wind) and climb rate, times the leg's planned duration
 * (`times` from strategic/timing.ts), with a 10 % contingency. Used to refuse trips the battery
 * cannot fly with its reserve, and to book charging time on the destination pad.
 */
export function plannedEnergyJ(route: ArrayLike<number>, times: ArrayLike<number>, c: ClassEnvelope, wind: WindConfig): number {
  let e = 0;
  for (let i = 1; i < times.length; i++) {
    const dt = times[i] - times[i - 1];
    if (!(dt > 0)) continue;
    const p = i * WP_STRIDE, q = p - WP_STRIDE;
    const ex = route[p + WP_X] - route[q + WP_X], ny = route[p + WP_Y] - route[q + WP_Y];
    const dH = Math.hypot(ex, ny), dz = route[p + WP_Z] - route[q + WP_Z];
    let v = dH / dt;
    if (wind.model !== 'none' && dH > 0.01) {
      forecastWind(wind, route[q + WP_X] + ex / 2, route[q + WP_Y] + ny / 2, (route[p + WP_Z] + route[q + WP_Z]) / 2, w);
      v = airspeedFor(v, ex / dH, ny / dH, w[0], w[1]);
    }
    e += powerWatts(c.energy, v, dz / dt, true) * dt;
  }
  return e * ENERGY_CONTINGENCY;
}
