import RBush from 'rbush';
import { volumesMeetInSpace, type Volume } from '../../sim-core/deconfliction/strategic/intents.ts';
import type { ReservationIndex } from '../../sim-core/deconfliction/strategic/reservation-grid.ts';
import { toVolumes, type VolumeList } from '../../sim-core/deconfliction/strategic/volumes.ts';
import type { ReservationIndexFactory } from '../../sim-core/deconfliction/strategic/planner.ts';

/**
 * The landed intent store, kept as the strategic benchmark's baseline: one object per volume,
 * one rbush per 300 s time slab (volumes go into every slab their window touches), slabs dropped
 * whole once ended. It answers the same questions as the engine's ReservationGrid (the planner
 * does not know which one it talks to), building the volume objects the landed planner built.
 */
export class RbushIntentStore implements ReservationIndex {
  private readonly slabs = new Map<number, RBush<Volume>>();
  count = 0;

  constructor(private readonly rpz: number, private readonly slabTicks: number) {}

  add(trip: number, vols: VolumeList, shift: number): void {
    for (const v of toVolumes(trip, vols.copyShifted(shift), this.rpz)) {
      for (let s = Math.floor(v.t0 / this.slabTicks); s <= Math.floor((v.t1 - 1) / this.slabTicks); s++) {
        let tree = this.slabs.get(s);
        if (!tree) this.slabs.set(s, (tree = new RBush<Volume>()));
        tree.insert(v);
      }
    }
    this.count += vols.n;
  }

  blockedUntil(trip: number, vols: VolumeList, i: number, shift: number): number {
    const v = this.volume(trip, vols, i);
    const t0 = v.t0 + shift, t1 = v.t1 + shift;
    let until = -Infinity;
    for (let s = Math.floor(t0 / this.slabTicks); s <= Math.floor((t1 - 1) / this.slabTicks); s++) {
      const tree = this.slabs.get(s);
      if (!tree) continue;
      for (const w of tree.search(v)) {
        if (w.trip !== v.trip && t0 < w.t1 && w.t0 < t1 && w.t1 - v.t0 - 1 > until && volumesMeetInSpace(v, w, this.rpz)) until = w.t1 - v.t0 - 1;
      }
    }
    return until;
  }

  blockedSpans(trip: number, vols: VolumeList, i: number, from: number, to: number, spans: number[]): void {
    const v = this.volume(trip, vols, i);
    const t0 = from + v.t0, t1 = to + v.t1;
    for (let s = Math.floor(t0 / this.slabTicks); s <= Math.floor((t1 - 1) / this.slabTicks); s++) {
      const tree = this.slabs.get(s);
      if (!tree) continue;
      for (const w of tree.search(v)) {
        if (w.trip === v.trip || w.t0 >= t1 || t0 >= w.t1 || !volumesMeetInSpace(v, w, this.rpz)) continue;
        const lo = w.t0 - v.t1 + 1, hi = w.t1 - v.t0 - 1;
        if (hi >= lo && hi >= from && lo <= to) spans.push(lo, hi);
      }
    }
  }

  expire(tick: number): void {
    const last = Math.floor(tick / this.slabTicks) - 1;
    for (const s of [...this.slabs.keys()]) if (s < last) this.slabs.delete(s);
  }

  /** Volume i as the object the landed planner built for it. */
  private volume(trip: number, vols: VolumeList, i: number): Volume {
    return toVolumes(trip, vols.data.subarray(i * 8, i * 8 + 8), this.rpz)[0];
  }
}

/** The planner's index factory for the baseline (slabs of 300 s, as landed). */
export const rbushIntentStore: ReservationIndexFactory = (rpz, dt) => new RbushIntentStore(rpz, Math.max(1, Math.round(300 / dt)));
