import { describe, expect, it } from 'vitest';
import { CAR_FOLLOWING_MODELS, VEHICLE_TYPE_DEFAULTS, type CarFollowingModel, type Integration } from '../sim-core/ground/car-following/index.ts';
import { idmAcceleration } from '../sim-core/ground/car-following/idm.ts';
import { RngStreams } from '../sim-core/world/rng.ts';

const p = { ...VEHICLE_TYPE_DEFAULTS };
const make = (name: string, integration: Integration, sigma = 0, seed = 1): CarFollowingModel =>
  CAR_FOLLOWING_MODELS.get(name)({ ...p, sigma }, integration, new RngStreams(seed).stream('car-following'));

/** Leader: 15 m/s, brakes at 3 m/s² to a stop at t = 20 s, waits, restarts at 1 m/s² to 15 m/s. */
function leaderSpeed(t: number): number {
  if (t < 20) return 15;
  if (t < 25) return 15 - 3 * (t - 20);
  if (t < 40) return 0;
  if (t < 55) return t - 40;
  return 15;
}

function platoon(model: CarFollowingModel, dt: number, n = 10, horizon = 200) {
  let xl = 0;
  const x = Array.from({ length: n }, (_, i) => -30 * (i + 1)), v = new Array(n).fill(0);
  let minGap = Infinity, maxSpeed = 0, minSpeed = Infinity, speedSum = 0;
  for (let t = 0; t < horizon - 1e-9; t += dt) {
    const vl = leaderSpeed(t);
    const px = x.slice(), pv = v.slice();
    for (let i = 0; i < n; i++) {
      const lx = i === 0 ? xl : px[i - 1], lv = i === 0 ? vl : pv[i - 1];
      const vn = model.followSpeed(pv[i], lx - p.length - px[i] - p.minGap, lv, p.v0, dt);
      x[i] = px[i] + model.advance(pv[i], vn, dt);
      v[i] = Math.max(0, vn);
    }
    xl += vl * dt;
    for (let i = 0; i < n; i++) {
      const gap = (i === 0 ? xl : x[i - 1]) - p.length - x[i];
      minGap = Math.min(minGap, gap);
      maxSpeed = Math.max(maxSpeed, v[i]);
      minSpeed = Math.min(minSpeed, v[i]);
      speedSum += v[i];
    }
  }
  const finalGaps = x.map((xi, i) => (i === 0 ? xl : x[i - 1]) - p.length - xi);
  return { minGap, maxSpeed, minSpeed, finalGaps, finalSpeeds: v, meanSpeed: speedSum / n / Math.round(horizon / dt) };
}

describe('car-following models through one interface', () => {
  for (const name of CAR_FOLLOWING_MODELS.names) for (const integration of ['sumo', 'ballistic'] as const) for (const dt of [0.1, 0.5]) {
    it(`${name}: platoon stop and restart (${integration}, dt ${dt}): no collision, speeds in [0, v0], steady following at 15 m/s`, () => {
      const r = platoon(make(name, integration), dt);
      expect(r.minGap).toBeGreaterThan(0);
      expect(r.minSpeed).toBeGreaterThanOrEqual(0);
      expect(r.maxSpeed).toBeLessThanOrEqual(p.v0 + 1e-9);
      for (const v of r.finalSpeeds) expect(Math.abs(v - 15)).toBeLessThan(0.05);
      if (name === 'idm') {
        // Closed form: at constant speed v the IDM equilibrium gap is (s0 + vT) / sqrt(1 − (v/v0)^δ).
        const eq = (p.minGap + 15 * p.tau) / Math.sqrt(1 - (15 / p.v0) ** p.delta);
        for (const g of r.finalGaps) expect(Math.abs(g - eq)).toBeLessThan(0.05 * eq);
      } else {
        // Krauss keeps at least its reaction-time gap v·tau behind a steady leader (plus minGap), and not much more.
        for (const g of r.finalGaps) { expect(g).toBeGreaterThan(p.minGap + 15 * p.tau * 0.95); expect(g).toBeLessThan(p.minGap + 15 * p.tau * 1.6); }
      }
    });
  }

  it('idm acceleration: free road gives a·(1 − (v/v0)^δ); at the equilibrium gap it is zero', () => {
    expect(idmAcceleration(p, 10, 1e9, 10)).toBeCloseTo(p.accel * (1 - 0.5 ** 4), 6);
    const eq = (p.minGap + 15 * p.tau) / Math.sqrt(1 - (15 / p.v0) ** p.delta);
    expect(Math.abs(idmAcceleration(p, 15, eq, 15))).toBeLessThan(1e-9);
  });

  it('krauss: free road accelerates at accel up to the limit; stops before a stop line', () => {
    const k = make('krauss', 'sumo');
    expect(k.freeSpeed(10, 20, 0.5)).toBeCloseTo(10 + p.accel * 0.5, 12);
    expect(k.freeSpeed(19.9, 20, 0.5)).toBe(20);
    let v = 15, x = 0;
    for (let i = 0; i < 400; i++) { const vn = k.stopSpeed(v, 100 - x, 20, 0.5); x += k.advance(v, vn, 0.5); v = vn; }
    expect(x).toBeLessThanOrEqual(100);
    expect(x).toBeGreaterThan(99);
    expect(v).toBeLessThan(1e-9);
  });

  it('krauss sigma: dawdling draws from its named stream (same seed, same run; other seed, other run) and slows traffic', () => {
    const a = platoon(make('krauss', 'sumo', 0.5, 7), 0.5), b = platoon(make('krauss', 'sumo', 0.5, 7), 0.5), c = platoon(make('krauss', 'sumo', 0.5, 8), 0.5);
    const det = platoon(make('krauss', 'sumo', 0), 0.5);
    expect(a.finalGaps).toEqual(b.finalGaps);
    expect(a.finalGaps).not.toEqual(c.finalGaps);
    expect(a.minGap).toBeGreaterThan(0);
    expect(a.meanSpeed).toBeLessThan(det.meanSpeed);
  });

  it('unknown model names are errors that list the known ones', () => {
    expect(() => CAR_FOLLOWING_MODELS.get('wiedemann')).toThrow(/unknown car-following model "wiedemann": expected a car-following model: idm, krauss/);
  });
});
