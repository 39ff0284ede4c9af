import type { RoadNetwork } from '../road-network.ts';

/**
 * What a junction manager may read of the traffic: the network, the vehicles' columns and the
 * boxes' occupants. Managers never move vehicles; they only answer "may this vehicle cross its
 * stop line now?".
 */
export interface TrafficView {
  readonly net: RoadNetwork;
  readonly dt: number;
  /** Simulated time at the start of the current step (s). */
  readonly time: number;
  readonly pos: Float64Array;
  readonly speed: Float64Array;
  readonly length: Float64Array;
  readonly accel: Float64Array;
  readonly decel: Float64Array;
  /** Time each vehicle has been standing still (s). */
  readonly stoppedS: Float64Array;
  /** Movement each vehicle takes at the end of its current link (−1 on its last link). */
  readonly nextMove: Int32Array;
  /** Lane each vehicle is on (in a box: its out-lane once its front is past the movement's end). */
  readonly lane: Int32Array;
  /** First (front-most) vehicle on lane l, or −1. */
  firstOnLane(l: number): number;
  /** True if a vehicle in (or committed to) junction j's box uses a movement conflicting with m. */
  boxConflicts(m: number): boolean;
  /** Occupants of junction j's box (and vehicles committed to it): flat pairs [vehicle, movement]. */
  boxOccupants(j: number): readonly number[];
}

/**
 * One junction control policy for the whole network (each junction keeps its own state inside).
 * `mayEnter` is asked every step for the front vehicle of a lane near its stop line; with
 * `commit` true the vehicle will cross this step if allowed, and a manager that books (AIM) books.
 */
export interface JunctionControl {
  readonly name: string;
  /**
   * True: a vehicle commits at its last comfortable stopping point and is then let through
   * (gap acceptance, signals). False: it commits only on the step it crosses (AIM checks its slot).
   */
  readonly commitEarly: boolean;
  /** Called once at the start of every step, before any mayEnter. */
  beginStep(view: TrafficView): void;
  mayEnter(view: TrafficView, v: number, m: number, dStop: number, commit: boolean): boolean;
  /** Optional cap on the approach speed of vehicle v, dStop from its line (AIM: not before the slot). */
  approachSpeedCap?(v: number, dStop: number): number;
  /** Vehicle v has fully left the box of movement m (or left the simulation). */
  released?(v: number, m: number): void;
  /** Figures worth reporting (requests, rejections, …). */
  stats(): Record<string, number>;
}

/**
 * True if vehicle v cannot stop before its line braking at `factor` × its comfortable deceleration
 * (drivers facing a yellow brake harder than comfortable: factor 2).
 */
export function cannotStop(view: TrafficView, v: number, dStop: number, factor = 1): boolean {
  const s = view.speed[v];
  return (s * s) / (2 * factor * view.decel[v]) > dStop + 0.5;
}
