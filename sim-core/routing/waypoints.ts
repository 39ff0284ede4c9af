/**
 * Route waypoints live in one Float64Array, WP_STRIDE numbers per waypoint:
 *   x, y, z (metres, local frame), leg speed limit (m/s, for the leg that ends here),
 *   pass speed (m/s, the most the agent may carry through this waypoint; 0 = stop here).
 */
export const WP_STRIDE = 5;
export const WP_X = 0;
export const WP_Y = 1;
export const WP_Z = 2;
export const WP_VLEG = 3;
export const WP_VPASS = 4;

/** Grows a waypoint list at compile time; `toArray` hands the numbers to the engine. */
export class WaypointList {
  readonly values: number[] = [];

  get count(): number {
    return this.values.length / WP_STRIDE;
  }

  push(x: number, y: number, z: number, vleg: number, vpass: number): void {
    this.values.push(x, y, z, vleg, vpass);
  }
}

/**
 * Sets each interior waypoint's pass speed from the turn it makes: straight on keeps the lower
 * leg speed, a right angle or sharper slows to `cornerSpeed * cos`-scaled values, 0 at the end.
 * Vertical legs (no horizontal displacement) make their end points stop points.
 */
export function assignPassSpeeds(values: number[], offset: number, count: number, cornerSpeed: number): void {
  for (let i = 0; i < count; i++) {
    const p = offset + i * WP_STRIDE;
    if (i === 0 || i === count - 1) {
      values[p + WP_VPASS] = 0;
      continue;
    }
    const ax = values[p + WP_X] - values[p - WP_STRIDE + WP_X];
    const ay = values[p + WP_Y] - values[p - WP_STRIDE + WP_Y];
    const bx = values[p + WP_STRIDE + WP_X] - values[p + WP_X];
    const by = values[p + WP_STRIDE + WP_Y] - values[p + WP_Y];
    const la = Math.hypot(ax, ay);
    const lb = Math.hypot(bx, by);
    if (la < 1e-6 || lb < 1e-6) {
      values[p + WP_VPASS] = 0;
      continue;
    }
    const cos = (ax * bx + ay * by) / (la * lb);
    const limit = Math.min(values[p + WP_VLEG], values[p + WP_STRIDE + WP_VLEG]);
    // cos = 1 straight on (full speed); cos = 0 right angle (corner speed); reversing: stop.
    const pass = cos >= 0.985 ? limit : cos > 0 ? cornerSpeed + (limit - cornerSpeed) * cos * cos : cos > -0.5 ? cornerSpeed * (1 + 2 * cos) * 0.5 : 0;
    values[p + WP_VPASS] = Math.max(0, Math.min(limit, pass));
  }
}
