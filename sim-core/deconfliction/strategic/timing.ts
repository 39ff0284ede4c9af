import { NO_WIND, type ClassEnvelope, type WindConfig } from '../../world/world.ts';
import { forecastWind, groundSpeedAlong } from '../../airspace/wind.ts';
import { WP_STRIDE, WP_VLEG, WP_VPASS, WP_X, WP_Y, WP_Z } from '../../routing/waypoints.ts';

/**
 * Expected time (s after take-off) at each waypoint of a route, from a trapezoidal speed profile
 * per leg: accelerate from the previous pass speed, cruise at the leg limit, brake to the next
 * pass speed; vertical legs use climb/descent rates and vertical acceleration. Used to turn a
 * plan into 4D volumes; the engine's real timing differs a little, which the intent's time
 * buffer absorbs. In wind, each leg's cruise speed is the ground speed the forecast wind at its
 * middle gives at the leg's airspeed (gusts are not forecast).
 */
const scratch = new Float64Array(2);

export function waypointTimes(route: ArrayLike<number>, c: ClassEnvelope, wind: WindConfig = NO_WIND): Float64Array {
  const n = route.length / WP_STRIDE;
  const times = new Float64Array(n);
  const windy = wind.model !== 'none';
  for (let i = 1; i < n; i++) {
    const p = i * WP_STRIDE, q = p - WP_STRIDE;
    const ex = route[p + WP_X] - route[q + WP_X], ny = route[p + WP_Y] - route[q + WP_Y];
    const dH = Math.hypot(ex, ny);
    const dz = Math.abs(route[p + WP_Z] - route[q + WP_Z]);
    let t = 0;
    let vmax = Math.min(route[p + WP_VLEG], c.maxMps);
    if (windy && dH > 0.01) {
      // The forecast wind at the leg's middle: the leg is flown at this ground speed (airspeed vmax).
      forecastWind(wind, route[q + WP_X] + ex / 2, route[q + WP_Y] + ny / 2, (route[p + WP_Z] + route[q + WP_Z]) / 2, scratch);
      vmax = Math.max(0.5, groundSpeedAlong(vmax, ex / dH, ny / dH, scratch[0], scratch[1]));
    }
    if (dH > 0.01) t = Math.max(t, trapezoid(dH, route[q + WP_VPASS], vmax, route[p + WP_VPASS], c.accelMps2, c.decelMps2));
    if (dz > 0.01) {
      const rate = route[p + WP_Z] > route[q + WP_Z] ? c.climbMps : c.descentMps;
      // The vertical controller also slows down near the target altitude (time constant ~1 s).
      t = Math.max(t, trapezoid(dz, 0, rate, 0, c.verticalAccelMps2, c.verticalAccelMps2) + 1);
    }
    times[i] = times[i - 1] + t;
  }
  return times;
}

/** Time to cover `d` starting at v0, limited to vmax, ending at v1, with accel a and decel b. */
function trapezoid(d: number, v0: number, vmax: number, v1: number, a: number, b: number): number {
  v0 = Math.min(v0, vmax);
  v1 = Math.min(v1, vmax);
  const dAcc = (vmax * vmax - v0 * v0) / (2 * a);
  const dDec = (vmax * vmax - v1 * v1) / (2 * b);
  if (dAcc + dDec <= d) return (vmax - v0) / a + (vmax - v1) / b + (d - dAcc - dDec) / vmax;
  // Triangle profile: peak speed where acceleration and braking distances meet.
  const vp = Math.sqrt(Math.max((2 * a * b * d + b * v0 * v0 + a * v1 * v1) / (a + b), Math.max(v0, v1) ** 2));
  return Math.max(0, (vp - v0) / a) + Math.max(0, (vp - v1) / b);
}
