import { VOL_STRIDE, V_AX, V_AY, V_BX, V_BY, V_T0, V_T1, V_ZHI, V_ZLO } from './volumes.ts';

/**
 * Is an aircraft at (x, y, z) at `tick` inside one of its operational intent's volumes: within the
 * volume's time window, its altitude band, and `halfR` (half the horizontal separation, the
 * volumes' lateral buffer) of its centre line? Two aircraft that both conform to mutually
 * deconflicted intents are kept apart by the plan itself.
 */
export function conformsToIntent(volumes: Float64Array, x: number, y: number, z: number, tick: number, halfR: number): boolean {
  const r2 = halfR * halfR, v = volumes;
  for (let o = 0; o < v.length; o += VOL_STRIDE) {
    if (tick < v[o + V_T0] || tick >= v[o + V_T1] || z < v[o + V_ZLO] || z > v[o + V_ZHI]) continue;
    const ax = v[o + V_AX], ay = v[o + V_AY], dx = v[o + V_BX] - ax, dy = v[o + V_BY] - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
    const ex = ax + t * dx - x, ey = ay + t * dy - y;
    if (ex * ex + ey * ey <= r2) return true;
  }
  return false;
}
