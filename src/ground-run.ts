import type { GroundStats, GroundTraffic } from '../sim-core/ground/traffic.ts';

/** Timed runs of a GroundTraffic (wall clock lives here, outside sim-core). */
export interface GridRunResult {
  control: string;
  sim_s: number;
  wall_s: number;
  updates_per_s: number;
  real_time_factor: number;
  collisions: number;
  at_end: GroundStats;
}

/**
 * Steps the traffic for `durationS`; wall time counts the steps only (collision checks, when
 * asked for, run outside the timed part).
 */
export function runGrid(traffic: GroundTraffic, durationS: number, checkCollisions: boolean, onProgress?: (t: number) => void): GridRunResult {
  const steps = Math.round(durationS / traffic.dt);
  let wall = 0, collisions = 0;
  const updates0 = traffic.stats.vehicle_updates;
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    traffic.step();
    wall += performance.now() - t0;
    if (checkCollisions) collisions += traffic.countCollisions();
    if (onProgress && s % 120 === 0) onProgress(traffic.time);
  }
  const wallS = wall / 1000;
  return {
    control: traffic.control.name,
    sim_s: steps * traffic.dt,
    wall_s: wallS,
    updates_per_s: (traffic.stats.vehicle_updates - updates0) / Math.max(wallS, 1e-9),
    real_time_factor: (steps * traffic.dt) / Math.max(wallS, 1e-9),
    collisions,
    at_end: { ...traffic.stats },
  };
}
