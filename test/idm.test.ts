import { describe, expect, it } from 'vitest';
import { ballisticStep, IDM_DEFAULTS, idmAcceleration, sumoNextSpeed } from '../sim-core/ground/idm.ts';

const p = { ...IDM_DEFAULTS };

/** Leader: 15 m/s, brakes at 3 m/s² to a stop at t = 20 s, waits, restarts at 1 m/s² to 15 m/s. */
function leaderSpeed(t: number): number {
  if (t < 20) return 15;
  if (t < 25) return 15 - 3 * (t - 20);
  if (t < 40) return 0;
  if (t < 55) return t - 40;
  return 15;
}

function platoon(integration: 'sumo' | 'ballistic', dt: number, n = 10, horizon = 200) {
  let xl = 0;
  const x = Array.from({ length: n }, (_, i) => -30 * (i + 1)), v = new Array(n).fill(0);
  let minGap = Infinity, maxSpeed = 0, minSpeed = Infinity;
  for (let t = 0; t < horizon - 1e-9; t += dt) {
    const vl = leaderSpeed(t);
    const px = x.slice(), pv = v.slice();
    for (let i = 0; i < n; i++) {
      const lx = i === 0 ? xl : px[i - 1], lv = i === 0 ? vl : pv[i - 1];
      const gap = lx - p.length - px[i];
      if (integration === 'sumo') { v[i] = sumoNextSpeed(p, pv[i], gap - p.minGap, lv, dt); x[i] = px[i] + v[i] * dt; }
      else { const [vn, dx] = ballisticStep(p, pv[i], gap, lv, dt); v[i] = vn; x[i] = px[i] + dx; }
    }
    xl += vl * dt;
    for (let i = 0; i < n; i++) {
      const gap = (i === 0 ? xl : x[i - 1]) - p.length - x[i];
      minGap = Math.min(minGap, gap);
      maxSpeed = Math.max(maxSpeed, v[i]);
      minSpeed = Math.min(minSpeed, v[i]);
    }
  }
  const finalGaps = x.map((xi, i) => (i === 0 ? xl : x[i - 1]) - p.length - xi);
  return { minGap, maxSpeed, minSpeed, finalGaps, finalSpeeds: v };
}

describe('IDM car following', () => {
  for (const integration of ['sumo', 'ballistic'] as const) {
    for (const dt of [0.1, 0.5]) {
      it(`platoon stop and restart (${integration}, dt ${dt}): no collision, speeds in [0, v0], equilibrium gap`, () => {
        const r = platoon(integration, dt);
        expect(r.minGap).toBeGreaterThan(0);
        expect(r.minSpeed).toBeGreaterThanOrEqual(0);
        expect(r.maxSpeed).toBeLessThanOrEqual(p.v0 + 1e-9);
        // Closed form: at constant speed v the IDM equilibrium gap is (s0 + vT) / sqrt(1 − (v/v0)^δ).
        const eq = (p.minGap + 15 * p.tau) / Math.sqrt(1 - (15 / p.v0) ** p.delta);
        for (const g of r.finalGaps) expect(Math.abs(g - eq)).toBeLessThan(0.05 * eq);
        for (const v of r.finalSpeeds) expect(Math.abs(v - 15)).toBeLessThan(0.05);
      });
    }
  }

  it('acceleration: free road gives a·(1 − (v/v0)^δ); at the equilibrium gap it is zero', () => {
    expect(idmAcceleration(p, 10, 1e9, 10)).toBeCloseTo(p.accel * (1 - 0.5 ** 4), 6);
    const eq = (p.minGap + 15 * p.tau) / Math.sqrt(1 - (15 / p.v0) ** p.delta);
    expect(Math.abs(idmAcceleration(p, 15, eq, 15))).toBeLessThan(1e-9);
  });
});
