import type { Uniform } from '../../world/rng.ts';

/**
 * Car following as a family (after SUMO's src/microsim/cfmodels): one small class per model
 * behind `CarFollowingModel`, chosen by name from the registry in ./index.ts.
 *
 * Conventions (SUMO's): positions are front bumpers; `gap2pred` is the net gap to the leader's
 * rear *minus* the follower's minGap; every method returns the follower's speed at the end of
 * the step, already bounded by the model's acceleration and deceleration limits. With the
 * ballistic integration a negative result means "stops inside this step"; store max(0, v') as
 * the speed and move by `advance(v, v', dt)`.
 */
export type Integration = 'sumo' | 'ballistic';

/** One vehicle type's parameters (SI units), shared by every model; unused ones are ignored. */
export interface VehicleType {
  accel: number;
  /** Comfortable deceleration (m/s²). */
  decel: number;
  emergencyDecel: number;
  /** Desired time headway (s). */
  tau: number;
  minGap: number;
  length: number;
  /** Desired (and maximum) speed (m/s). */
  v0: number;
  /** IDM acceleration exponent. */
  delta: number;
  /** Krauss dawdling in [0, 1] (0: deterministic). */
  sigma: number;
}

export const VEHICLE_TYPE_DEFAULTS: VehicleType = { accel: 1.5, decel: 2, emergencyDecel: 9, tau: 1.2, minGap: 2, length: 5, v0: 20, delta: 4, sigma: 0 };

export interface CarFollowingModel {
  readonly name: string;
  readonly type: VehicleType;
  readonly integration: Integration;
  /** Next speed behind a leader at `vLeader` whose (apparent) maximum deceleration is `leaderDecel`. */
  followSpeed(v: number, gap2pred: number, vLeader: number, limit: number, dt: number, leaderDecel?: number): number;
  /** Next speed on a free road with speed limit `limit`. */
  freeSpeed(v: number, limit: number, dt: number): number;
  /** Next speed that stops within `gap` metres (a standing obstacle such as a stop line). */
  stopSpeed(v: number, gap: number, limit: number, dt: number): number;
  /** Distance covered in one step from speed v to the returned next speed. */
  advance(v: number, vNext: number, dt: number): number;
  /**
   * The acceleration the driver wants (m/s²) at net gap `gap` (bumper to bumper) behind a leader at
   * `vLeader`: the lane-change incentive (MOBIL) compares these.
   */
  acceleration(v: number, gap: number, vLeader: number, limit: number, dt: number): number;
}

/** Builds a model for one vehicle type; `rng` feeds stochastic models (Krauss dawdling). */
export type CarFollowingFactory = (type: VehicleType, integration: Integration, rng: Uniform) => CarFollowingModel;

/** Position change of one step: semi-implicit Euler (SUMO's default) or ballistic (SUMO's --step-method.ballistic). */
export function stepDistance(integration: Integration, v: number, vNext: number, dt: number): number {
  if (integration === 'sumo') return (vNext > 0 ? vNext : 0) * dt;
  if (vNext >= 0) return 0.5 * (v + vNext) * dt;
  // Stops inside the step at constant deceleration (v − v')/dt: distance v²/(2·decel).
  return v > 0 ? (0.5 * v * v * dt) / (v - vNext) : 0;
}
