import type { Resolver } from './types.ts';
import { samePlace, type TrafficState } from '../traffic.ts';
import { giveWayShare, sequence, sequenced } from './rules.ts';
import { addVerticalCommands, verticalSolves } from './vertical.ts';

// Conflict adjacency, reused across passes (resolution runs inside the tick: no per-pass arrays).
let counts = new Int32Array(0);
let cursor = new Int32Array(0);
let partner = new Int32Array(0);
let trailOnly = new Uint8Array(0);
let seqSpeed = new Float64Array(0);
/** Per conflict: resolved by speed or level, not by the velocity-obstacle search. */
let bySpeed = new Uint8Array(0);
let headOn = new Uint8Array(0);
const HEAD_ON_COS = Math.cos((150 * Math.PI) / 180);

function ensure(n: number, m: number): void {
  if (counts.length < n + 1) { counts = new Int32Array(2 * (n + 1)); cursor = new Int32Array(2 * (n + 1)); trailOnly = new Uint8Array(2 * (n + 1)); seqSpeed = new Float64Array(2 * (n + 1)); headOn = new Uint8Array(2 * (n + 1)); }
  if (bySpeed.length < m) bySpeed = new Uint8Array(2 * m);
  if (partner.length < m) partner = new Int32Array(2 * m);
}

const HEADINGS = 25; // -90°…+90° in 7.5° steps
const SPEEDS = [1, 0.75, 1.25, 0.5, 0.25];
/** Inside the protected zone, a velocity must take the pair out within this time (s). */
const ESCAPE_S = 20;

/**
 * Velocity obstacles, solved by sampling the solution space: candidate velocities (headings up to
 * ±90° off the current track at several speeds, within the class maximum) are checked against
 * every aircraft the ownship is in conflict with; the feasible candidate closest to the current
 * velocity wins. Feasible: the CPA with that intruder (intruder keeping its velocity) stays
 * outside the margin-scaled protected zone within the lookahead. With no feasible candidate, the
 * one with the largest worst-case miss distance is used. A pair already inside the zone counts
 * as solved by a velocity that opens the range fast enough to leave within ESCAPE_S. Rules of the
 * air (rules.ts): an aircraft does not manoeuvre for a partner it has right of way over (higher
 * class rank); a pair in trail or merging at one waypoint is sequenced by speed (rules.ts: the
 * one behind or due later slows, never turns), and that aircraft keeps its heading for all its
 * intruders. Pairs within the vertical margin are also separated vertically (vertical.ts).
 */
export const velocityObstacle: Resolver = {
  name: 'vo',
  resolve(s, d, p, out) {
    out.reset(s.n);
    const R = p.rpz * p.margin;
    // Conflicts per aircraft, as a compact adjacency (counting sort; no per-aircraft arrays).
    ensure(s.n, 2 * d.conflicts);
    counts.fill(0, 0, s.n + 1);
    // Who gives way to whom: i manoeuvres for j unless i has right of way; sequenced pairs by speed only.
    const yields = (i: number, j: number) => giveWayShare(s, i, j, p) > 0;
    trailOnly.fill(0, 0, s.n);
    seqSpeed.fill(Infinity, 0, s.n);
    headOn.fill(0, 0, s.n);
    for (let k = 0; k < d.conflicts; k++) {
      const a = d.a[k], b = d.b[k];
      // Left to the vertical when a level change solves it in time (vertical.ts); marked like a sequenced pair.
      if (verticalSolves(s, d, k, p)) { bySpeed[k] = 1; continue; }
      const y = sequence(s, a, b, R, 20);
      bySpeed[k] = y >= 0 ? 1 : 0;
      if (y >= 0) {
        trailOnly[y] = 1;
        if (sequenced.speed < seqSpeed[y]) seqSpeed[y] = sequenced.speed;
        continue;
      }
      if (yields(a, b)) counts[a + 1]++;
      if (yields(b, a)) counts[b + 1]++;
      const va = Math.hypot(s.vx[a], s.vy[a]), vb = Math.hypot(s.vx[b], s.vy[b]);
      if (va > 1 && vb > 1 && (s.vx[a] * s.vx[b] + s.vy[a] * s.vy[b]) / (va * vb) < HEAD_ON_COS) headOn[a] = headOn[b] = 1;
    }
    for (let i = 0; i < s.n; i++) counts[i + 1] += counts[i];
    const fill = cursor;
    fill.set(counts.subarray(0, s.n));
    for (let k = 0; k < d.conflicts; k++) {
      const a = d.a[k], b = d.b[k];
      if (bySpeed[k]) continue;
      if (yields(a, b)) partner[fill[a]++] = b;
      if (yields(b, a)) partner[fill[b]++] = a;
    }
    for (let i = 0; i < s.n; i++) {
      const from = counts[i], to = counts[i + 1];
      if (from === to) {
        if (seqSpeed[i] < Infinity) {
          // Sequenced only: same heading, the rule's speed.
          const v = Math.hypot(s.vx[i], s.vy[i]) || 1, f = seqSpeed[i] / v;
          out.active[i] = 1; out.vx[i] = s.vx[i] * f; out.vy[i] = s.vy[i] * f;
        }
        continue;
      }
      const v0 = Math.hypot(s.vx[i], s.vy[i]);
      const trk0 = v0 === 0 ? hoverTrack(s, i, from, to) : Math.atan2(s.vx[i], s.vy[i]);
      const vmax = p.maxSpeed[s.cls[i]];
      let best = -1, bestCost = Infinity, bestVx = s.vx[i], bestVy = s.vy[i];
      let fallbackMiss = -Infinity, fbVx = s.vx[i], fbVy = s.vy[i];
      for (const f of SPEEDS) {
        const speed = Math.min(vmax, seqSpeed[i], Math.max(v0, 1) * f);
        for (let h = 0; h < (trailOnly[i] ? 1 : HEADINGS); h++) {
          // Offsets 0, +7.5°, −7.5°, +15°, ...: right turns first, so equal costs turn right (rules of the air);
          // head-on, only right turns are allowed.
          const off = ((h % 2 === 1 ? 1 : -1) * Math.ceil(h / 2) * Math.PI) / 24;
          if (off < 0 && headOn[i]) continue;
          const vx = speed * Math.sin(trk0 + off), vy = speed * Math.cos(trk0 + off);
          let worst = Infinity;
          for (let q = from; q < to; q++) {
            const j = partner[q];
            const dx = s.x[j] - s.x[i], dy = s.y[j] - s.y[i];
            const du = s.vx[j] - vx, dv = s.vy[j] - vy;
            const d0 = Math.hypot(dx, dy);
            let miss: number;
            if (d0 < R) {
              // Already inside: a candidate is good if it gets out within ESCAPE_S at its range rate
              // (the CPA test would call every diverging velocity equally bad and keep us inside).
              miss = d0 + ((dx * du + dy * dv) / Math.max(d0, 1e-6)) * ESCAPE_S;
            } else {
              const dv2 = Math.max(du * du + dv * dv, 1e-6);
              const t = Math.min(Math.max(-(dx * du + dy * dv) / dv2, 0), p.tlook);
              miss = Math.hypot(dx + du * t, dy + dv * t);
            }
            if (miss < worst) worst = miss;
          }
          if (worst >= R) {
            const cost = Math.hypot(vx - s.vx[i], vy - s.vy[i]);
            if (cost < bestCost) { bestCost = cost; best = h; bestVx = vx; bestVy = vy; }
          } else if (worst > fallbackMiss) { fallbackMiss = worst; fbVx = vx; fbVy = vy; }
        }
      }
      out.active[i] = 1;
      out.vx[i] = best >= 0 ? bestVx : fbVx;
      out.vy[i] = best >= 0 ? bestVy : fbVy;
    }
    // And in the vertical (vertical.ts), so parallel traffic that no heading keeps apart separates by level.
    addVerticalCommands(s, d, p, out);
  },
};

/**
 * The track a hovering aircraft searches around: its last one, except beside a partner in the same
 * place (two trips leaving one pad together), where the pair's lower index searches east and the
 * other west. Both searched from the same track before, found the same velocity and drifted on
 * together in LoS.
 */
function hoverTrack(s: TrafficState, i: number, from: number, to: number): number {
  for (let q = from; q < to; q++) {
    const j = partner[q];
    if (samePlace(s, i, j)) return i < j ? Math.PI / 2 : -Math.PI / 2;
  }
  return Math.atan2(s.vx[i], s.vy[i]);
}
