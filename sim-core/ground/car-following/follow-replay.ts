import type { CarFollowingModel } from './types.ts';

/** A recorded leader trajectory: times (s, increasing), front-bumper positions (m), speeds (m/s). */
export interface LeaderTrack {
  time: ArrayLike<number>;
  pos: ArrayLike<number>;
  speed: ArrayLike<number>;
}

/** Followers' states after each step: row k·n + i is follower i after step k+1. */
export interface FollowerTrace {
  n: number;
  steps: number;
  time: Float64Array;
  pos: Float64Array;
  speed: Float64Array;
}

/** Leader state at time t by linear interpolation (clamped to the recorded span). */
export function leaderAt(track: LeaderTrack, t: number, out: Float64Array): void {
  const T = track.time, last = T.length - 1;
  if (t <= T[0]) { out[0] = track.pos[0]; out[1] = track.speed[0]; return; }
  if (t >= T[last]) { out[0] = track.pos[last]; out[1] = track.speed[last]; return; }
  let lo = 0, hi = last;
  while (hi - lo > 1) { const m = (lo + hi) >> 1; if (T[m] <= t) lo = m; else hi = m; }
  const w = (t - T[lo]) / (T[hi] - T[lo]);
  out[0] = track.pos[lo] + (track.pos[hi] - track.pos[lo]) * w;
  out[1] = track.speed[lo] + (track.speed[hi] - track.speed[lo]) * w;
}

/**
 * Replays a leader on one lane and simulates n followers of one car-following model that start at
 * rest `spacing` m apart (front to front) behind the leader's first position. Everyone reacts to
 * the state at the start of the step (SUMO plans all moves before executing any), which is what
 * makes SUMO parity possible. `leaderDecel` is the recorded leader's maximum deceleration (what
 * Krauss assumes the leader can brake at); followers behind followers use their own type's.
 */
export function replayFollowers(track: LeaderTrack, n: number, spacing: number, model: CarFollowingModel, dt: number, leaderDecel = model.type.decel): FollowerTrace {
  const p = model.type, T = track.time;
  const steps = Math.floor((T[T.length - 1] - T[0]) / dt + 1e-9);
  const trace: FollowerTrace = { n, steps, time: new Float64Array(steps), pos: new Float64Array(steps * n), speed: new Float64Array(steps * n) };
  const pos = new Float64Array(n), speed = new Float64Array(n);
  for (let i = 0; i < n; i++) pos[i] = track.pos[0] - spacing * (i + 1);
  const lead = new Float64Array(2);
  for (let k = 0; k < steps; k++) {
    const t0 = T[0] + k * dt;
    leaderAt(track, t0, lead);
    // Walk back to front so pos[i-1]/speed[i-1] still hold the start-of-step state of the vehicle ahead.
    for (let i = n - 1; i >= 0; i--) {
      const leadX = i === 0 ? lead[0] : pos[i - 1], leadV = i === 0 ? lead[1] : speed[i - 1];
      const gap2pred = leadX - p.length - pos[i] - p.minGap;
      const vn = model.followSpeed(speed[i], gap2pred, leadV, p.v0, dt, i === 0 ? leaderDecel : p.decel);
      pos[i] += model.advance(speed[i], vn, dt);
      speed[i] = vn > 0 ? vn : 0;
    }
    trace.time[k] = t0 + dt;
    trace.pos.set(pos, k * n);
    trace.speed.set(speed, k * n);
  }
  return trace;
}
