import type { TrafficState } from '../../deconfliction/tactical/traffic.ts';
import type { DetectionResult } from '../../deconfliction/tactical/cpa.ts';
import type { IdTable } from '../../world/id-table.ts';
import { EVENT_CONFLICT, EVENT_LOS, type EventLog } from '../../metrics/events.ts';
import type { ClassMetrics } from '../../metrics/metrics.ts';

/** Pair keys: smaller id × PAIR_BASE + larger id (ids stay below 2^26 in any run we can hold). */
export const PAIR_BASE = 2 ** 26;
/** Beyond this many remembered pairs stop remembering (counts stay exact for episodes, pairs may repeat). */
const MAX_REMEMBERED = 8_000_000;

/**
 * The tactical phase's bookkeeping: conflicts and losses of separation as BlueSky counts them
 * (unique pairs: confpairs_unique, lospairs_unique), LoS episodes with their worst severity
 * (rpz − distance) / rpz, LoS time, per class and per hour, and replay events.
 */
export class ConflictLedger {
  private prevConflicts = new Set<number>();
  private nextConflicts = new Set<number>();
  /** Open LoS episodes: pair key → worst severity so far. */
  private prevLos = new Map<number, number>();
  private nextLos = new Map<number, number>();
  /** Per hour since the start: new conflicts, new LoS. */
  readonly conflictsPerHour: number[] = [];
  readonly losPerHour: number[] = [];
  private readonly uniqueConflicts = new Set<number>();
  private readonly uniqueLos = new Set<number>();
  private prunedConflicts = 0;
  private prunedLos = 0;
  episodes = 0;
  /** Unique conflict and LoS pairs with a non-cooperative aircraft in them, and their LoS time (pair-seconds). */
  noncoopConflicts = 0;
  noncoopLos = 0;
  noncoopLosS = 0;
  private severitySum = 0;
  private severityMax = 0;

  constructor(private readonly metrics: ClassMetrics, private readonly events: EventLog, private readonly ids: IdTable, private readonly rpz: number, private readonly passS: number) {}

  /** New conflict pairs and LoS episodes of this pass, and LoS time. */
  account(s: TrafficState, r: DetectionResult, tick: number, hour: number): void {
    const m = this.metrics;
    while (this.conflictsPerHour.length <= hour) { this.conflictsPerHour.push(0); this.losPerHour.push(0); }
    const key = (i: number, j: number) => (s.id[i] < s.id[j] ? s.id[i] * PAIR_BASE + s.id[j] : s.id[j] * PAIR_BASE + s.id[i]);
    this.nextConflicts.clear();
    for (let k = 0; k < r.conflicts; k++) {
      const i = r.a[k], j = r.b[k], pk = key(i, j);
      this.nextConflicts.add(pk);
      if (!this.prevConflicts.has(pk)) {
        if (this.firstTime(this.uniqueConflicts, pk)) {
          m.conflicts[s.cls[i]]++;
          m.conflicts[s.cls[j]]++;
          this.conflictsPerHour[hour]++;
          if (s.noncoop[i] || s.noncoop[j]) this.noncoopConflicts++;
        }
        this.events.push(tick, EVENT_CONFLICT, Math.min(s.id[i], s.id[j]), Math.max(s.id[i], s.id[j]), r.tcpa[k]);
      }
    }
    [this.prevConflicts, this.nextConflicts] = [this.nextConflicts, this.prevConflicts];
    this.nextLos.clear();
    for (let k = 0; k < r.los; k++) {
      const i = r.losA[k], j = r.losB[k], pk = key(i, j);
      const severity = (this.rpz - r.losDist[k]) / this.rpz;
      const prev = this.prevLos.get(pk);
      if (prev === undefined) {
        if (this.firstTime(this.uniqueLos, pk)) {
          m.los[s.cls[i]]++;
          m.los[s.cls[j]]++;
          this.losPerHour[hour]++;
          if (s.noncoop[i] || s.noncoop[j]) this.noncoopLos++;
        }
        this.episodes++;
        this.events.push(tick, EVENT_LOS, Math.min(s.id[i], s.id[j]), Math.max(s.id[i], s.id[j]), r.losDist[k]);
      }
      this.nextLos.set(pk, Math.max(prev ?? 0, severity));
      m.losSeconds[s.cls[i]] += this.passS;
      m.losSeconds[s.cls[j]] += this.passS;
      if (s.noncoop[i] || s.noncoop[j]) this.noncoopLosS += this.passS;
    }
    // Episodes that ended: their worst severity counts once.
    for (const [pk, worst] of this.prevLos) if (!this.nextLos.has(pk)) this.closeEpisode(worst);
    [this.prevLos, this.nextLos] = [this.nextLos, this.prevLos];
  }

  /** Is pair `pk` new to `set` (BlueSky's unique pairs)? Remembers it, or counts it as forgotten when the set is full. */
  private firstTime(set: Set<number>, pk: number): boolean {
    if (set.has(pk)) return false;
    if (set.size < MAX_REMEMBERED) set.add(pk);
    else if (set === this.uniqueConflicts) this.prunedConflicts++;
    else this.prunedLos++;
    return true;
  }

  /** Forgets unique pairs with an agent that has arrived (they cannot meet again), bounding memory. */
  prune(): void {
    for (const set of [this.uniqueConflicts, this.uniqueLos]) {
      for (const pk of set) {
        const a = Math.floor(pk / PAIR_BASE), b = pk - a * PAIR_BASE;
        if (this.ids.hasArrived(a) || this.ids.hasArrived(b)) {
          set.delete(pk);
          if (set === this.uniqueConflicts) this.prunedConflicts++;
          else this.prunedLos++;
        }
      }
    }
  }

  get rememberedPairs(): number {
    return this.uniqueConflicts.size + this.uniqueLos.size;
  }

  private closeEpisode(worst: number): void {
    this.severitySum += worst;
    if (worst > this.severityMax) this.severityMax = worst;
  }

  summary() {
    // Episodes still open at the end count with their worst severity so far.
    let sum = this.severitySum, max = this.severityMax;
    for (const w of this.prevLos.values()) { sum += w; if (w > max) max = w; }
    return {
      conflicts: this.uniqueConflicts.size + this.prunedConflicts, los: this.uniqueLos.size + this.prunedLos, los_episodes: this.episodes,
      los_time_s: Math.round(Array.from(this.metrics.losSeconds).reduce((a, b) => a + b, 0) * 10) / 10,
      los_severity_mean: this.episodes ? Math.round((sum / this.episodes) * 1000) / 1000 : 0, los_severity_max: Math.round(max * 1000) / 1000,
      conflicts_per_hour: this.conflictsPerHour, los_per_hour: this.losPerHour,
    };
  }
}
