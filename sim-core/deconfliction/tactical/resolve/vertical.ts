import type { TrafficState } from '../traffic.ts';
import type { DetectionResult } from '../cpa.ts';
import type { ResolutionCommands, ResolveParams, Resolver } from './types.ts';
import { giveWayShare } from './rules.ts';

/**
 * Vertical separation commands for every conflict in `d` (added to what `out` holds): the
 * aircraft that gives way (rules.ts: the lower class rank; between equals, both) is sent to an
 * altitude a margin-scaled protected half-height away from the intruder, above it if it is
 * already higher (or level and the higher id), below otherwise, within its class's altitude
 * band (the other side when that one has no room). The flight guidance climbs or descends at the
 * class's rates and holds the level until the aircraft resumes. MVP and VO add these to their
 * horizontal manoeuvre, as BlueSky's MVP resolves in three dimensions.
 */
/** Margin (s) on the climb or descent time for a vertical resolution to count as in time. */
const VERTICAL_SLACK_S = 3;

/** The level aircraft `own` would be sent to against `other`, or NaN when its band has no room. */
function targetLevel(s: TrafficState, own: number, other: number, p: ResolveParams): number {
  const H = p.hpz * p.margin;
  const [lo, hi] = p.altBand[s.cls[own]];
  const up = s.z[own] > s.z[other] || (s.z[own] === s.z[other] && s.id[own] > s.id[other]);
  let target = up ? s.z[other] + H : s.z[other] - H;
  if (target > hi || target < lo) target = up ? s.z[other] - H : s.z[other] + H;
  return target > hi || target < lo ? NaN : target;
}

/**
 * Will the vertical commands alone solve conflict k in time? Every aircraft that gives way has
 * room in its band and reaches its level (at its climb or descent rate, plus a margin) before the
 * pair would enter the protected zone. MVP and VO then leave the pair to the vertical: in dense
 * parallel streams a turn only pushes the pair into its neighbours, a level change does not.
 */
export function verticalSolves(s: TrafficState, d: DetectionResult, k: number, p: ResolveParams): boolean {
  const i = d.a[k], j = d.b[k];
  if (Math.abs(s.z[j] - s.z[i]) >= p.hpz * p.margin) return false;
  const wi = giveWayShare(s, i, j, p);
  return (wi === 0 || levelInTime(s, i, j, d.tin[k], p)) && (wi === 2 || levelInTime(s, j, i, d.tin[k], p));
}

/** Can `own` reach its level against `other` (targetLevel) before `tin`, with the slack? (A function, not a closure: this runs per conflict.) */
function levelInTime(s: TrafficState, own: number, other: number, tin: number, p: ResolveParams): boolean {
  const t = targetLevel(s, own, other, p);
  if (t !== t) return false;
  const rate = t > s.z[own] ? p.climbMps[s.cls[own]] : p.descentMps[s.cls[own]];
  return Math.abs(t - s.z[own]) / Math.max(rate, 1e-6) + VERTICAL_SLACK_S <= tin;
}

export function addVerticalCommands(s: TrafficState, d: DetectionResult, p: ResolveParams, out: ResolutionCommands): void {
  const H = p.hpz * p.margin;
  for (let k = 0; k < d.conflicts; k++) {
    const i = d.a[k], j = d.b[k];
    if (Math.abs(s.z[j] - s.z[i]) >= H) continue;
    const wi = giveWayShare(s, i, j, p);
    if (wi > 0) moveToLevel(s, i, j, p, out);
    if (wi < 2) moveToLevel(s, j, i, p, out);
  }
}

/** Commands `own` to its level against `other` (several intruders: the furthest level in the chosen direction). */
function moveToLevel(s: TrafficState, own: number, other: number, p: ResolveParams, out: ResolutionCommands): void {
  const target = targetLevel(s, own, other, p);
  if (target !== target) return; // no room either side
  const up = target > s.z[other];
  const cur = out.alt[own];
  out.alt[own] = cur !== cur ? target : up ? Math.max(cur, target) : Math.min(cur, target);
  if (!out.active[own]) {
    out.active[own] = 1;
    out.vx[own] = NaN; // no horizontal command: the guidance keeps flying the route
    out.vy[own] = NaN;
  }
}

/** Vertical resolution alone: climb or descend clear of the intruder, keep flying the route. */
export const vertical: Resolver = {
  name: 'vertical',
  resolve(s, d, p, out) {
    out.reset(s.n);
    addVerticalCommands(s, d, p, out);
  },
};
