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
export function addVerticalCommands(s: TrafficState, d: DetectionResult, p: ResolveParams, out: ResolutionCommands): void {
  const H = p.hpz * p.margin;
  const move = (own: number, other: number) => {
    const [lo, hi] = p.altBand[s.cls[own]];
    const up = s.z[own] > s.z[other] || (s.z[own] === s.z[other] && s.id[own] > s.id[other]);
    let target = up ? s.z[other] + H : s.z[other] - H;
    if (target > hi || target < lo) target = up ? s.z[other] - H : s.z[other] + H;
    if (target > hi || target < lo) return; // no room either side
    // Several intruders: the furthest requested level in the chosen direction.
    const cur = out.alt[own];
    out.alt[own] = cur !== cur ? target : up ? Math.max(cur, target) : Math.min(cur, target);
    if (!out.active[own]) {
      out.active[own] = 1;
      out.vx[own] = NaN; // no horizontal command: the guidance keeps flying the route
      out.vy[own] = NaN;
    }
  };
  for (let k = 0; k < d.conflicts; k++) {
    const i = d.a[k], j = d.b[k];
    if (Math.abs(s.z[j] - s.z[i]) >= H) continue;
    const wi = giveWayShare(s, i, j, p);
    if (wi > 0) move(i, j);
    if (wi < 2) move(j, i);
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
