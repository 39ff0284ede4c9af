import type { Volume } from './intents.ts';

/**
 * Is an aircraft at (x, y, z) at `tick` inside one of its operational intent's volumes: within the
 * volume's time window, its altitude band, and `halfR` (half the horizontal separation, the
 * volumes' lateral buffer) of its centre line? Two aircraft that both conform to mutually
 * deconflicted intents are kept apart by the plan itself.
 */
export function conformsToIntent(volumes: readonly Volume[], x: number, y: number, z: number, tick: number, halfR: number): boolean {
  const r2 = halfR * halfR;
  for (const v of volumes) {
    if (tick < v.t0 || tick >= v.t1 || z < v.zlo || z > v.zhi) continue;
    const dx = v.bx - v.ax, dy = v.by - v.ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - v.ax) * dx + (y - v.ay) * dy) / len2)) : 0;
    const ex = v.ax + t * dx - x, ey = v.ay + t * dy - y;
    if (ex * ex + ey * ey <= r2) return true;
  }
  return false;
}
