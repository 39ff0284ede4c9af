/**
 * Intelligent Driver Model (Treiber, Hennecke & Helbing 2000) for one follower behind one
 * leader on a single lane. Positions are front bumpers; gaps are net (leader's rear minus the
 * follower's front).
 *
 * Two integrations:
 *  - `ballistic`: acceleration from the IDM once per step, v' = max(0, v + a·dt), position by the
 *    ballistic formula (stopping inside the step handled exactly).
 *  - `sumo`: the update of SUMO's MSCFModel_IDM (1.15): the IDM is integrated in
 *    round(dt / 0.25) sub-steps with the gap shrinking by the relative motion of each sub-step,
 *    the result is the smaller of the follow speed and the free-road speed, bounded by
 *    acceleration (v + accel·dt), by the maximum speed, and below by v − max(decel, 1.5)·dt unless
 *    the safe speed demands more (down to v − emergencyDecel·dt); positions by semi-implicit
 * Euler (x' = x + v'·dt). Matches SUMO 1.15 to < 1e-4 m (test/sumo-parity.test.ts).
 */
export interface IdmParams {
  accel: number;
  decel: number;
  /** Desired time headway (s). */
  tau: number;
  minGap: number;
  delta: number;
  length: number;
  /** Desired (and maximum) speed (m/s). */
  v0: number;
  emergencyDecel: number;
}

export const IDM_DEFAULTS: IdmParams = { accel: 1.5, decel: 2, tau: 1.2, minGap: 2, delta: 4, length: 5, v0: 20, emergencyDecel: 9 };

const EPS = 0.001; // SUMO's NUMERICAL_EPS

/** Plain IDM acceleration for speed v, net gap s, leader speed vl. */
export function idmAcceleration(p: IdmParams, v: number, gap: number, vl: number): number {
  const sStar = p.minGap + Math.max(0, v * p.tau + (v * (v - vl)) / (2 * Math.sqrt(p.accel * p.decel)));
  const g = Math.max(gap, EPS);
  return p.accel * (1 - Math.pow(v / p.v0, p.delta) - (sStar * sStar) / (g * g));
}

/** SUMO's sub-stepped IDM speed (_v), gap given net of minGap when respectMinGap. */
function sumoV(p: IdmParams, gap2pred: number, v: number, vl: number, dt: number, respectMinGap: boolean, desired: number): number {
  const iterations = Math.max(1, Math.floor(dt / 0.25 + 0.5));
  const twoSqrtAB = 2 * Math.sqrt(p.accel * p.decel);
  let speed = v;
  let gap = gap2pred + (respectMinGap ? p.minGap : 0);
  for (let i = 0; i < iterations; i++) {
    let s = Math.max(0, speed * p.tau + (speed * (speed - vl)) / twoSqrtAB);
    if (respectMinGap) s += p.minGap;
    gap = Math.max(EPS, gap);
    const acc = p.accel * (1 - Math.pow(speed / Math.max(EPS, desired), p.delta) - (s * s) / (gap * gap));
    speed = Math.max(0, speed + (acc * dt) / iterations);
    gap -= Math.max(0, ((speed - vl) * dt) / iterations);
  }
  return Math.max(0, speed);
}

/**
 * One SUMO-style step: the follower's next speed. `gap2pred` is net of minGap (SUMO's convention);
 * `desired` is the speed limit in force (the smaller of v0 and the lane's limit).
 */
export function sumoNextSpeed(p: IdmParams, v: number, gap2pred: number, vl: number, dt: number, desired = p.v0): number {
  const follow = sumoV(p, gap2pred, v, vl, dt, true, desired);
  const free = v <= desired ? sumoV(p, 1e6, v, desired, dt, false, desired) : desired;
  const vPos = Math.min(follow, free);
  const vMinEmergency = Math.max(0, v - p.emergencyDecel * dt);
  const vMinComfort = Math.max(0, v - Math.max(p.decel, Math.min(p.emergencyDecel, 1.5)) * dt);
  const vMin = Math.min(vMinComfort, Math.max(vPos, vMinEmergency));
  const vMax = Math.min(v + p.accel * dt, desired, vPos);
  return Math.max(vMin, vMax);
}

/** One ballistic step: returns [next speed, distance covered]. */
export function ballisticStep(p: IdmParams, v: number, gap: number, vl: number, dt: number): [number, number] {
  const a = Math.max(idmAcceleration(p, v, gap, vl), -p.emergencyDecel);
  const vNext = v + a * dt;
  if (vNext >= 0) return [vNext, v * dt + 0.5 * a * dt * dt];
  // Stops inside the step: distance to standstill.
  return [0, a < 0 ? (v * v) / (-2 * a) : 0];
}
