import { stepDistance, type CarFollowingModel, type Integration, type VehicleType } from './types.ts';
import type { Uniform } from '../../world/rng.ts';

/**
 * Intelligent Driver Model (Treiber, Hennecke & Helbing 2000).
 *
 *  - `sumo`: the update of SUMO's MSCFModel_IDM (1.15): the IDM is integrated in round(dt / 0.25)
 *    sub-steps with the gap shrinking by the relative motion of each sub-step; the result is the
 *    smaller of the follow speed and the free-road speed, bounded by acceleration (v + accel·dt),
 *    by the limit, and below by v − max(decel, 1.5)·dt unless the safe speed demands more (down to
 *    v − emergencyDecel·dt); positions by semi-implicit Euler. Matches SUMO 1.15 to < 1e-4 m
 *    (test/sumo-parity.test.ts).
 *  - `ballistic`: the IDM acceleration once per step (at least −emergencyDecel), v' = v + a·dt,
 *    positions by the ballistic formula (stopping inside the step handled exactly).
 */
const EPS = 0.001; // SUMO's NUMERICAL_EPS
const FREE_GAP = 1e6;

/**
 * r^delta. Math.pow is a runtime call (~60 ns on V8, the hottest line of a city run's ground
 * phase); the usual integer exponents (SUMO's default δ = 4) are a few multiplications (~7 ns).
 * Results differ from pow by a unit or two in the last place (pow rounds once, squaring twice).
 */
function powDelta(r: number, delta: number): number {
  if (delta === 4) {
    const r2 = r * r;
    return r2 * r2;
  }
  if (delta === 2) return r * r;
  return Math.pow(r, delta);
}

/** Plain IDM acceleration for speed v, net gap `gap`, leader speed vl, desired speed v0 (default the type's). */
export function idmAcceleration(p: VehicleType, v: number, gap: number, vl: number, v0 = p.v0): number {
  const sStar = p.minGap + Math.max(0, v * p.tau + (v * (v - vl)) / (2 * Math.sqrt(p.accel * p.decel)));
  const g = Math.max(gap, EPS);
  return p.accel * (1 - powDelta(v / v0, p.delta) - (sStar * sStar) / (g * g));
}

/** SUMO's sub-stepped IDM speed (_v), gap given net of minGap when respectMinGap. */
function sumoV(p: VehicleType, gap2pred: number, v: number, vl: number, dt: number, respectMinGap: boolean, desired: number): number {
  const iterations = Math.max(1, Math.floor(dt / 0.25 + 0.5));
  const twoSqrtAB = 2 * Math.sqrt(p.accel * p.decel);
  let speed = v;
  let gap = gap2pred + (respectMinGap ? p.minGap : 0);
  for (let i = 0; i < iterations; i++) {
    let s = Math.max(0, speed * p.tau + (speed * (speed - vl)) / twoSqrtAB);
    if (respectMinGap) s += p.minGap;
    gap = Math.max(EPS, gap);
    const acc = p.accel * (1 - powDelta(speed / Math.max(EPS, desired), p.delta) - (s * s) / (gap * gap));
    speed = Math.max(0, speed + (acc * dt) / iterations);
    gap -= Math.max(0, ((speed - vl) * dt) / iterations);
  }
  return Math.max(0, speed);
}

/** One SUMO-style step: next speed; `gap2pred` net of minGap, `desired` the limit in force. */
export function sumoIdmNextSpeed(p: VehicleType, v: number, gap2pred: number, vl: number, dt: number, desired = p.v0): number {
  const follow = sumoV(p, gap2pred, v, vl, dt, true, desired);
  const free = v <= desired ? sumoV(p, 1e6, v, desired, dt, false, desired) : desired;
  const vPos = Math.min(follow, free);
  const vMinEmergency = Math.max(0, v - p.emergencyDecel * dt);
  const vMinComfort = Math.max(0, v - Math.max(p.decel, Math.min(p.emergencyDecel, 1.5)) * dt);
  const vMin = Math.min(vMinComfort, Math.max(vPos, vMinEmergency));
  const vMax = Math.min(v + p.accel * dt, desired, vPos);
  return Math.max(vMin, vMax);
}

export class IdmModel implements CarFollowingModel {
  readonly name = 'idm';
  constructor(readonly type: VehicleType, readonly integration: Integration) {}

  followSpeed(v: number, gap2pred: number, vLeader: number, limit: number, dt: number): number {
    const p = this.type;
    if (this.integration === 'sumo') return sumoIdmNextSpeed(p, v, gap2pred, vLeader, dt, limit);
    const a = Math.max(idmAcceleration(p, v, gap2pred + p.minGap, vLeader, Math.min(p.v0, limit)), -p.emergencyDecel);
    return v + a * dt;
  }

  freeSpeed(v: number, limit: number, dt: number): number {
    return this.followSpeed(v, FREE_GAP, limit, limit, dt);
  }

  stopSpeed(v: number, gap: number, limit: number, dt: number): number {
    return this.followSpeed(v, gap, 0, limit, dt);
  }

  advance(v: number, vNext: number, dt: number): number {
    return stepDistance(this.integration, v, vNext, dt);
  }

  acceleration(v: number, gap: number, vLeader: number): number {
    return idmAcceleration(this.type, v, gap, vLeader);
  }
}

export const createIdm = (type: VehicleType, integration: Integration, _rng: Uniform): CarFollowingModel => new IdmModel(type, integration);
