import { stepDistance, type CarFollowingModel, type Integration, type VehicleType } from './types.ts';
import type { Uniform } from '../../world/rng.ts';

/**
 * Krauss car following (Krauß 1998) as SUMO 1.15's default MSCFModel_Krauss computes it: the
 * safe speed lets the follower stop behind its leader even if the leader brakes at
 * max(own decel, leader's decel), with a reaction time of `tau`; the next speed is the smallest of
 * the safe speed, v + accel·dt and the limit, no lower than v − decel·dt unless safety demands
 * (then down to v − emergencyDecel·dt, SUMO's emergency-deceleration rule); then the driver
 * dawdles: v' −= sigma·accel·dt·u (u uniform in [0, 1) from a named RNG stream; for speeds below
 * accel the loss is sigma·v·dt·u). sigma 0 makes it deterministic.
 *
 * `sumo` integration is SUMO's semi-implicit Euler (x' = x + v'·dt); `ballistic` is SUMO's
 * `--step-method.ballistic` (constant acceleration within the step, v' < 0 meaning "stops inside
 * the step"). Parity with SUMO's own traces: test/sumo-parity.test.ts.
 */
const EPS = 0.001; // SUMO's NUMERICAL_EPS
/** SUMO scales the emergency deceleration it computes by this (EMERGENCY_DECEL_AMPLIFIER). */
const EMERGENCY_DECEL_AMPLIFIER = 1.2;

export class KraussModel implements CarFollowingModel {
  readonly name = 'krauss';
  private readonly euler: boolean;

  constructor(readonly type: VehicleType, readonly integration: Integration, private readonly rng: Uniform) {
    this.euler = integration === 'sumo';
  }

  followSpeed(v: number, gap2pred: number, vLeader: number, limit: number, dt: number, leaderDecel = this.type.decel): number {
    const vsafe = this.safeFollowSpeed(gap2pred, v, vLeader, leaderDecel, dt);
    let vPos = Math.min(vsafe, this.maxNext(v, dt));
    if (!this.euler) vPos = Math.max(vPos, v - this.type.emergencyDecel * dt); // the ballistic update cannot brake harder
    return this.finalize(v, Math.min(vPos, limit), limit, dt);
  }

  freeSpeed(v: number, limit: number, dt: number): number {
    return this.finalize(v, Math.min(this.maxNext(v, dt), limit), limit, dt);
  }

  stopSpeed(v: number, gap: number, limit: number, dt: number): number {
    // Headway dt: approach the stop with uniform deceleration (SUMO passes the action step length).
    const vsafe = this.safeStopSpeed(gap, this.type.decel, v, dt, dt);
    return this.finalize(v, Math.min(vsafe, this.maxNext(v, dt), limit), limit, dt);
  }

  advance(v: number, vNext: number, dt: number): number {
    return stepDistance(this.integration, v, vNext, dt);
  }

  acceleration(v: number, gap: number, vLeader: number, limit: number, dt: number): number {
    // Krauss has no acceleration law of its own: the speed change it would choose, per second.
    const vn = Math.min(this.safeFollowSpeed(gap - this.type.minGap, v, vLeader, this.type.decel, dt), this.maxNext(v, dt), limit);
    return (vn - v) / dt;
  }

  private maxNext(v: number, dt: number): number {
    return Math.min(v + this.type.accel * dt, this.type.v0);
  }

  /** MSCFModel::finalizeSpeed with Krauss's dawdling (patchSpeedBeforeLC). */
  private finalize(v: number, vPos: number, limit: number, dt: number): number {
    const p = this.type;
    let minNext = v - p.decel * dt, minEmergency = v - p.emergencyDecel * dt;
    if (this.euler) {
      if (minNext < 0) minNext = 0;
      if (minEmergency < 0) minEmergency = 0;
    }
    const vMin = Math.min(minNext, Math.max(vPos, minEmergency));
    const vMax = Math.max(vMin, Math.min(vPos, limit, this.maxNext(v, dt)));
    return Math.max(vMin, this.dawdle(vMax, dt));
  }

  private dawdle(speed: number, dt: number): number {
    const sigma = this.type.sigma;
    if (sigma <= 0) return speed;
    if (!this.euler && speed < 0) return speed; // a stop inside the step is not dawdled away
    const u = this.rng();
    speed -= (speed < this.type.accel ? sigma * speed * u : sigma * this.type.accel * u) * dt;
    return speed > 0 ? speed : 0;
  }

  /** Stopping distance from `speed` at `decel` (SUMO's brakeGap, no headway). */
  private brakeGap(speed: number, decel: number, dt: number): number {
    if (this.euler) {
      const reduction = decel * dt;
      const steps = Math.floor(speed / reduction);
      return (steps * speed - (reduction * steps * (steps + 1)) / 2) * dt;
    }
    return speed <= 0 ? 0 : (0.5 * speed * speed) / decel;
  }

  /** MSCFModel::maximumSafeFollowSpeed (with its emergency-deceleration correction). */
  private safeFollowSpeed(gap: number, v: number, vLeader: number, leaderDecel: number, dt: number): number {
    const p = this.type;
    const leaderGap = this.brakeGap(vLeader, Math.max(p.decel, leaderDecel), dt);
    let x = this.safeStopSpeed(gap + leaderGap, p.decel, v, p.tau, dt);
    if (p.decel !== p.emergencyDecel) {
      const origSafeDecel = (v - x) / dt;
      if (origSafeDecel > p.decel + EPS) {
        // Braking harder than decel is needed: brake only as hard as the situation requires.
        let safeDecel = EMERGENCY_DECEL_AMPLIFIER * this.emergencyDecel(gap, v, vLeader, leaderDecel);
        safeDecel = Math.min(Math.max(safeDecel, p.decel), origSafeDecel);
        x = v - safeDecel * dt;
        if (this.euler && x < 0) x = 0;
      }
    }
    return x;
  }

  /** MSCFModel::calculateEmergencyDeceleration. */
  private emergencyDecel(gap: number, v: number, vLeader: number, leaderDecel: number): number {
    const ed = this.type.emergencyDecel;
    if (gap <= 0) return ed;
    const b1 = (0.5 * v * v) / (gap + (0.5 * vLeader * vLeader) / leaderDecel);
    if (b1 <= leaderDecel) return Math.min(b1, ed);
    if (v > vLeader) return Math.min((0.5 * (v * v - vLeader * vLeader)) / gap, ed);
    return ed;
  }

  /** MSCFModel::maximumSafeStopSpeed: the speed now that still stops within `gap` after `headway`. */
  private safeStopSpeed(gap: number, decel: number, v: number, headway: number, dt: number): number {
    if (this.euler) {
      const g = gap - EPS;
      if (g < 0) return 0;
      const b = decel * dt, t = headway, s = dt;
      // n full braking steps of b each fit into the gap; r spreads the remainder.
      const n = Math.floor(0.5 - (t + Math.sqrt(s * s + 4 * (s * ((2 * g) / b - t) + t * t)) * -0.5) / s);
      const h = 0.5 * n * (n - 1) * b * s + n * b * t;
      const r = (g - h) / (n * s + t);
      return n * b + r;
    }
    const g = Math.max(0, gap - EPS);
    const tau = headway === 0 ? dt : headway;
    const v0 = Math.max(0, v);
    if (v0 * tau >= 2 * g) {
      if (g === 0) return v0 > 0 ? -this.type.emergencyDecel * dt : 0;
      return v0 - ((v0 * v0) / (2 * g)) * dt;
    }
    const btau2 = (decel * tau) / 2;
    const v1 = -btau2 + Math.sqrt(btau2 * btau2 + decel * (2 * g - tau * v0));
    return v0 + ((v1 - v0) / tau) * dt;
  }
}

export const createKrauss = (type: VehicleType, integration: Integration, rng: Uniform): CarFollowingModel => new KraussModel(type, integration, rng);
