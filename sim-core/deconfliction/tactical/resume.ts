import type { TrafficState } from './traffic.ts';
import type { DetectParams } from './cpa.ts';
import { resized } from '../../world/columns.ts';
import { PairTable } from '../../world/pair-table.ts';

/**
 * When an aircraft may return to its plan after a tactical resolution (BlueSky's resumenav, with
 * its past-CPA and bouncing checks, and a check that resuming does not re-create the conflict).
 * Every resolved pair is remembered; each pass it is kept while any of these holds:
 *  - the pair is not yet past its closest point of approach (range still closing);
 *  - it is in horizontal loss of separation;
 *  - it is "bouncing": tracks within 30° and closer than rpz × margin (parallel traffic that would
 *    fall straight back into conflict);
 *  - flying both plans' intended velocities from here would put the pair straight back into loss
 *    of separation (within RESUME_CHECK_S): the check looks no further, because two aircraft bound
 *    for the same point always "conflict" on their plans, and holding them for that sends them
 *    away from their goal (the livelock this replaced).
 * An aircraft resumes when none of its pairs is kept, or a partner left the tactical picture
 * (landed, in a terminal area, below the minimum height).
 */
const BOUNCING_COS = Math.cos((30 * Math.PI) / 180);
/** Below this relative speed (m/s) a pair is neither closing nor opening: it counts as past CPA. */
const MIN_CLOSING_MPS = 0.5;
/** Resuming must not lead into loss of separation sooner than this (s). */
const RESUME_CHECK_S = 10;

export class ResumeTracker {
  /**
   * Resolved pairs by id (the lower id first) in the order they were first resolved, in a
   * PairTable (world/pair-table.ts), with both aircraft's slots beside it at the same positions:
   * at 50,000 aircraft the tracker holds ~100,000 pairs, and a Map of small arrays spent 19 % of
   * the run walking them.
   */
  private readonly pairs = new PairTable(false);
  private slotA = new Int32Array(256);
  private slotB = new Int32Array(256);
  /** Per slot: 1 when the aircraft in it has a pair kept this pass (valid until the next update). */
  held = new Uint8Array(0);
  private readonly heldSlots: number[] = [];
  /** Pairs ever resolved, and pairs released because resuming would re-create the conflict (kept once more). */
  resolvedPairs = 0;
  heldForResume = 0;

  /** Remembers that the pair (state indices i, j) was resolved this pass. */
  add(s: TrafficState, i: number, j: number): void {
    const a = s.id[i] < s.id[j] ? i : j, b = a === i ? j : i;
    // A pair already remembered keeps its entry (an id keeps its slot while it lives).
    if (this.pairs.find(s.id[a], s.id[b]) >= 0) return;
    this.resolvedPairs++;
    const at = this.pairs.add(s.id[a], s.id[b], 0);
    if (at === this.slotA.length) { this.slotA = resized(this.slotA, at * 2); this.slotB = resized(this.slotB, at * 2); }
    this.slotA[at] = s.slot[a]; this.slotB[at] = s.slot[b];
  }

  get size(): number {
    return this.pairs.n;
  }

  /**
   * Decides which pairs are still being resolved. `indexOfSlot[slot]` is the state index of the
   * aircraft in that slot this pass (−1 when absent), `idOfSlot` the id living in a slot now.
   * Afterwards `held[slot]` is 1 exactly for the aircraft that must stay in resolution.
   */
  update(s: TrafficState, indexOfSlot: Int32Array, idOfSlot: Int32Array, p: DetectParams & { margin: number }): void {
    if (this.held.length < indexOfSlot.length) this.held = new Uint8Array(indexOfSlot.length);
    const held = this.held;
    for (const slot of this.heldSlots) held[slot] = 0;
    this.heldSlots.length = 0;
    const R = p.rpz, R2 = R * R, Rm = R * p.margin;
    const { slotA, slotB } = this, idA = this.pairs.a, idB = this.pairs.b;
    let kept = 0;
    // Kept pairs move down over the released ones, in their order (their slots beside them).
    this.pairs.retain((k) => {
      const sa = slotA[k], sb = slotB[k];
      const ia = idOfSlot[sa] === idA[k] ? indexOfSlot[sa] : -1;
      const ib = idOfSlot[sb] === idB[k] ? indexOfSlot[sb] : -1;
      let keep = false;
      if (ia >= 0 && ib >= 0) {
        const dx = s.x[ib] - s.x[ia], dy = s.y[ib] - s.y[ia];
        const du = s.vx[ib] - s.vx[ia], dv = s.vy[ib] - s.vy[ia];
        // Past CPA: the range is opening, or no longer changing (two slow aircraft are not "approaching").
        const pastCpa = dx * du + dy * dv > 0 || du * du + dv * dv < MIN_CLOSING_MPS * MIN_CLOSING_MPS;
        const d2 = dx * dx + dy * dy;
        // Cheapest tests first; the track comparison (two square roots) only for a close pair past CPA.
        keep = !pastCpa || d2 < R2 || (d2 < Rm * Rm && bouncing(s, ia, ib));
        if (!keep && this.conflictIfResumed(s, ia, ib, p)) {
          keep = true;
          this.heldForResume++;
        }
      }
      if (!keep) return false;
      if (!held[sa]) { held[sa] = 1; this.heldSlots.push(sa); }
      if (!held[sb]) { held[sb] = 1; this.heldSlots.push(sb); }
      slotA[kept] = sa; slotB[kept] = sb;
      kept++;
      return true;
    });
  }

  /** Would the pair, both flying their intended velocities from here, be in horizontal LoS within RESUME_CHECK_S? */
  private conflictIfResumed(s: TrafficState, i: number, j: number, p: DetectParams): boolean {
    const dx = s.x[j] - s.x[i], dy = s.y[j] - s.y[i];
    const du = s.ivx[j] - s.ivx[i], dv = s.ivy[j] - s.ivy[i];
    if (Math.abs(s.z[j] - s.z[i]) >= p.hpz) return false;
    const dv2 = Math.max(du * du + dv * dv, 1e-6);
    const tcpa = -(dx * du + dy * dv) / dv2;
    if (tcpa <= 0) return false;
    const dcpa2 = Math.max(0, dx * dx + dy * dy - tcpa * tcpa * dv2), R2 = p.rpz * p.rpz;
    if (dcpa2 >= R2) return false;
    const tin = tcpa - Math.sqrt((R2 - dcpa2) / dv2);
    return tin < Math.min(RESUME_CHECK_S, p.tlook);
  }
}

/** Tracks within 30° of each other, both moving (over 1 m/s)? */
function bouncing(s: TrafficState, i: number, j: number): boolean {
  const va = Math.hypot(s.vx[i], s.vy[i]), vb = Math.hypot(s.vx[j], s.vy[j]);
  return va > 1 && vb > 1 && (s.vx[i] * s.vx[j] + s.vy[i] * s.vy[j]) / (va * vb) > BOUNCING_COS;
}
