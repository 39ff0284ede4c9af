import type { TrafficState } from '../traffic.ts';
import type { ResolveParams } from './types.ts';

/**
 * Rules of the air for tactical resolution, shared by the resolvers:
 *  - right of way by class: the lower `priority` rank gives way alone (an eVTOL carrying people
 *    keeps its plan; the drone resolves the whole conflict); equal ranks share it;
 *  - same-direction traffic in trail (tracks within 30°, the other more ahead than beside): the
 *    aircraft behind slows down, the one ahead keeps going; nobody turns across the stream (into
 *    the opposite lane of a corridor). Abreast pairs spread sideways (the resolver's geometry);
 *  - a non-cooperative aircraft never yields: the cooperative one resolves the whole conflict.
 */
const SAME_DIRECTION_COS = Math.cos((30 * Math.PI) / 180);
/** Below this speed (m/s) a track is not meaningful: no same-direction rule. */
const MIN_TRACK_SPEED = 1;

/** Share of the pair's resolution that aircraft i takes (0, 1 or 2; i's and j's sum to 2). */
export function giveWayShare(s: TrafficState, i: number, j: number, p: ResolveParams): number {
  // A non-cooperative aircraft does not yield: the cooperative one takes the whole resolution.
  if (s.noncoop[i] !== s.noncoop[j]) return s.noncoop[i] ? 0 : 2;
  const pi = p.priority[s.cls[i]], pj = p.priority[s.cls[j]];
  return pi === pj ? 1 : pi < pj ? 2 : 0;
}

/**
 * For a same-direction pair: the index of the aircraft behind (the other is ahead along its track),
 * or −1 when the pair is not flying the same way.
 */
export function followerOf(s: TrafficState, i: number, j: number): number {
  // A non-cooperative follower would not slow down: resolve such pairs geometrically (by shares).
  if (s.noncoop[i] || s.noncoop[j]) return -1;
  const vi = Math.hypot(s.vx[i], s.vy[i]), vj = Math.hypot(s.vx[j], s.vy[j]);
  if (vi < MIN_TRACK_SPEED || vj < MIN_TRACK_SPEED) return -1;
  if ((s.vx[i] * s.vx[j] + s.vy[i] * s.vy[j]) / (vi * vj) < SAME_DIRECTION_COS) return -1;
  const dx = s.x[j] - s.x[i], dy = s.y[j] - s.y[i];
  // In trail only when the other is more ahead (or behind) than beside: abreast pairs spread sideways.
  const along = (dx * s.vx[i] + dy * s.vy[i]) / vi, across = (dx * s.vy[i] - dy * s.vx[i]) / vi;
  if (Math.abs(along) < Math.abs(across)) return -1;
  // j ahead of i along i's track: i is the follower.
  return along > 0 ? i : j;
}

/**
 * Speed for follower f behind leader l so that the gap opens to `gap` (m) within `horizonS`:
 * the leader's along-track speed, less what closes the shortfall; never faster than f flies now.
 */
export function trailSpeed(s: TrafficState, f: number, l: number, gap: number, horizonS: number): number {
  const vf = Math.hypot(s.vx[f], s.vy[f]);
  const ux = s.vx[f] / vf, uy = s.vy[f] / vf;
  const along = (s.x[l] - s.x[f]) * ux + (s.y[l] - s.y[f]) * uy;
  const leaderAlong = s.vx[l] * ux + s.vy[l] * uy;
  const v = leaderAlong + (along - gap) / horizonS;
  return Math.max(0, Math.min(vf, v));
}

/** A sequenced aircraft slows to no less than this share of its speed: it never stops in the air to wait. */
const MIN_SEQUENCE_SPEED_SHARE = 0.3;
/** Two aircraft flying to waypoints closer than this (m) merge there. */
const SAME_POINT_M = 1;

/**
 * Sequencing by speed, for pairs no turn can separate for long: aircraft in trail (same
 * direction) and aircraft converging on the same waypoint (a corridor merge, a shared delivery
 * point). The one behind (in trail) or due later at the merge point slows so that it keeps
 * `gap` metres, or arrives `gap` behind the other; the other keeps its plan. Returns the
 * yielding aircraft's index and puts its new speed (m/s) in `sequenced.speed`, or −1 when the
 * pair is neither (no allocation: resolvers call this for every conflict of every pass).
 */
export const sequenced = { speed: 0 };
export function sequence(s: TrafficState, i: number, j: number, gap: number, horizonS: number): number {
  const f = followerOf(s, i, j);
  if (f >= 0) {
    sequenced.speed = Math.max(MIN_SEQUENCE_SPEED_SHARE * Math.hypot(s.ivx[f], s.ivy[f]), trailSpeed(s, f, f === i ? j : i, gap, horizonS));
    return f;
  }
  if (!(Math.abs(s.tx[i] - s.tx[j]) < SAME_POINT_M && Math.abs(s.ty[i] - s.ty[j]) < SAME_POINT_M)) return -1;
  const vi = Math.hypot(s.vx[i], s.vy[i]), vj = Math.hypot(s.vx[j], s.vy[j]);
  const di = Math.hypot(s.tx[i] - s.x[i], s.ty[i] - s.y[i]), dj = Math.hypot(s.tx[j] - s.x[j], s.ty[j] - s.y[j]);
  const ti = di / Math.max(vi, 0.1), tj = dj / Math.max(vj, 0.1);
  // The later one yields; on a tie the higher id does (a total order).
  const later = ti > tj || (ti === tj && s.id[i] > s.id[j]) ? i : j, first = later === i ? j : i;
  const tFirst = later === i ? tj : ti, dLater = later === i ? di : dj, vFirst = Math.max(later === i ? vj : vi, 1);
  const speed = dLater / (tFirst + gap / vFirst);
  const floor = MIN_SEQUENCE_SPEED_SHARE * Math.hypot(s.ivx[later], s.ivy[later]);
  sequenced.speed = Math.max(floor, Math.min(Math.hypot(s.vx[later], s.vy[later]), speed));
  return later;
}
