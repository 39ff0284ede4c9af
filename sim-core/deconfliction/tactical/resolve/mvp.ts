import type { ResolutionCommands, ResolveParams, Resolver } from './types.ts';
import { inLossOfSeparation, samePlace, type TrafficState } from '../traffic.ts';
import type { DetectionResult } from '../cpa.ts';
import { giveWayShare, sequence, sequenced } from './rules.ts';
import { addVerticalCommands, verticalSolves } from './vertical.ts';

/** Pairs in trail: the follower reaches the wanted spacing within this time (s). */
const TRAIL_HORIZON_S = 20;

/**
 * Modified Voltage Potential (Hoekstra; as in BlueSky's asas/mvp.py, horizontal part): for each
 * conflict, push the ownship's velocity along the miss-distance vector at CPA, just enough (times
 * the margin) to move the CPA out of the protected zone in the time left; sum over the ownship's
 * conflicts. The push is shared by the rules of the air (rules.ts): equal classes share it, a
 * lower-ranked class takes all of it; a pair in trail or merging at one waypoint is sequenced
 * by speed (the one behind or due later slows; no lateral push). The new velocity is capped at the
 * class maximum. Pairs within the vertical margin are also separated vertically (vertical.ts),
 * except by `mvp-horizontal` below.
 */
export const mvp: Resolver = mvpResolver('mvp', true);

/**
 * MVP in the horizontal plane only (BlueSky's default MVP: `swresohoriz` is on until `RMETHH OFF`
 * or `RMETHV ON`): no level changes, so aircraft keep their altitude layers (the Metropolis
 * layered-airspace studies resolve this way). At high density the three-dimensional MVP moves
 * most of the fleet between levels (the README's airborne stress), which empties the layers and
 * keeps aircraft climbing and descending through each other. In dense hub areas a turn pushes a
 * pair into its neighbours where a level change would not, so on Alatau ×10 with strategic
 * deconfliction off this one is the weakest resolver (the README's tactical-safety table).
 */
export const mvpHorizontal: Resolver = mvpResolver('mvp-horizontal', false);

function mvpResolver(name: string, vertical: boolean): Resolver {
  return { name, resolve: (s, d, p, out) => resolveMvp(s, d, p, out, vertical) };
}

function resolveMvp(s: TrafficState, d: DetectionResult, p: ResolveParams, out: ResolutionCommands, vertical: boolean): void {
  out.reset(s.n);
  const R = p.rpz * p.margin;
  for (let k = 0; k < d.conflicts; k++) {
    const i = d.a[k], j = d.b[k];
    const tcpa = d.tcpa[k];
    // A level change in time solves it without pushing the pair into its neighbours.
    if (vertical && verticalSolves(s, d, k, p)) continue;
    // Without levels, a pair already inside the zone is pushed apart, not sequenced: sequencing holds
    // speeds at a floor (a convoy at its floor never opens its gaps) and leaves two aircraft hovering
    // at one merge point (waiting for a pad) where they are. Three-dimensional MVP separates both vertically.
    const f = !vertical && inLossOfSeparation(s, i, j, p.rpz, p.hpz) ? -1 : sequence(s, i, j, R, TRAIL_HORIZON_S);
    if (f >= 0) {
      // In trail or merging at one waypoint: the one behind (or due later) slows, the other keeps going.
      const v = sequenced.speed;
      const vf = Math.max(Math.hypot(s.vx[f], s.vy[f]), 1e-6);
      // Expressed as a push along the track, so several conflicts still add up.
      const scale = v / vf - 1;
      out.vx[f] += s.vx[f] * scale; out.vy[f] += s.vy[f] * scale;
      out.active[f] = 1;
      continue;
    }
    // Relative position of j from i and relative velocity of j w.r.t. i.
    const dx = s.x[j] - s.x[i], dy = s.y[j] - s.y[i];
    const du = s.vx[j] - s.vx[i], dv = s.vy[j] - s.vy[i];
    // Miss vector at CPA (j relative to i).
    let mx = dx + du * tcpa, my = dy + dv * tcpa;
    let m = Math.hypot(mx, my);
    if (m < 10) {
      // Head-on: no miss direction; each turns right (rules of the air). i moves along −m, so m
      // points to i's left of the line of sight to j (and to j's right... of i's view: j moves +m, its right).
      if (!samePlace(s, i, j)) {
        const dist = Math.hypot(dx, dy);
        mx = -dy / dist * 10;
        my = dx / dist * 10;
      } else {
        // In the same place (two trips leaving one pad together): no line of sight either. i turns
        // right of its track (east when hovering), j the other way. Without this the push was zero
        // and the pair flew on together, in LoS and holding its command, for as long as it flew.
        const vi = Math.hypot(s.vx[i], s.vy[i]);
        mx = vi > 1e-6 ? -s.vy[i] / vi * 10 : -10;
        my = vi > 1e-6 ? s.vx[i] / vi * 10 : 0;
      }
      m = 10;
    }
    const dist = Math.hypot(dx, dy);
    // Correction when already close: the needed miss distance along the line grows (BlueSky's erratum).
    const erratum = dist > R ? Math.cos(Math.asin(Math.min(1, R / dist)) - Math.asin(Math.min(1, m / dist))) : 1;
    const t = Math.max(Math.abs(tcpa), 1);
    const gain = (R / Math.max(erratum, 0.1) - m) / (t * m);
    if (gain <= 0) continue;
    // i moves away from j's CPA position, j away from i's, each by its share.
    const wi = giveWayShare(s, i, j, p), wj = 2 - wi;
    if (wi > 0) {
      out.vx[i] -= wi * gain * mx; out.vy[i] -= wi * gain * my;
      out.active[i] = 1;
    }
    if (wj > 0) {
      out.vx[j] += wj * gain * mx; out.vy[j] += wj * gain * my;
      out.active[j] = 1;
    }
  }
  // Accumulated displacements → absolute commanded velocities within the envelope.
  for (let i = 0; i < s.n; i++) {
    if (!out.active[i]) {
      out.vx[i] = 0; out.vy[i] = 0;
      continue;
    }
    let vx = s.vx[i] + out.vx[i], vy = s.vy[i] + out.vy[i];
    const v = Math.hypot(vx, vy), vmax = p.maxSpeed[s.cls[i]];
    if (v > vmax) { vx *= vmax / v; vy *= vmax / v; }
    out.vx[i] = vx;
    out.vy[i] = vy;
  }
  // And in the vertical, as BlueSky's MVP does once RMETHH OFF lifts its horizontal limit.
  if (vertical) addVerticalCommands(s, d, p, out);
}
