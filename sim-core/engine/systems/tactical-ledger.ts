import type { TrafficState } from '../../deconfliction/tactical/traffic.ts';
import type { DetectionResult } from '../../deconfliction/tactical/cpa.ts';
import type { IdTable } from '../../world/id-table.ts';
import { EVENT_CONFLICT, EVENT_LOS, type EventLog } from '../../metrics/events.ts';
import type { ClassMetrics } from '../../metrics/metrics.ts';
import { PairTable } from '../../world/pair-table.ts';

/**
 * Beyond this many remembered pairs in a set stop remembering (counts stay exact for episodes,
 * pairs may repeat). At 16–24 bytes a pair (two ids, the index at most half full) that is up to
 * ~400 MB a set. The 100,000-aircraft stress's conflict set reaches 15.5 M in its measured minute
 * (at the old 8 M cap it re-counted pairs); a longer or denser run passes the cap.
 */
const MAX_REMEMBERED = 16_000_000;
/** Prune at least this often (passes), and whenever more pairs than PRUNE_AT_PAIRS are remembered. */
const PRUNE_EVERY_PASSES = 600, PRUNE_AT_PAIRS = 4_000_000;

/**
 * The tactical phase's bookkeeping: conflicts and losses of separation as BlueSky counts them
 * (unique pairs: confpairs_unique, lospairs_unique), LoS episodes with their worst severity
 * (rpz − distance) / rpz, LoS time, per class and per hour, and replay events.
 */
export class ConflictLedger {
  /** Pairs (lower id, higher id) in conflict at the last pass and at this one (world/pair-table.ts). */
  private prevConflicts = new PairTable();
  private nextConflicts = new PairTable();
  /** Open LoS episodes, each with its worst severity so far. */
  private prevLos = new PairTable();
  private nextLos = new PairTable();
  /** Per hour since the start: new conflicts, new LoS. */
  readonly conflictsPerHour: number[] = [];
  readonly losPerHour: number[] = [];
  private readonly uniqueConflicts = new PairTable(false);
  private readonly uniqueLos = new PairTable(false);
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
    const m = this.metrics, id = s.id;
    while (this.conflictsPerHour.length <= hour) { this.conflictsPerHour.push(0); this.losPerHour.push(0); }
    const prevC = this.prevConflicts, nextC = this.nextConflicts;
    nextC.clear();
    for (let k = 0; k < r.conflicts; k++) {
      const i = r.a[k], j = r.b[k], lo = id[i] < id[j] ? id[i] : id[j], hi = id[i] < id[j] ? id[j] : id[i];
      nextC.addIfAbsent(lo, hi);
      if (prevC.find(lo, hi) < 0) {
        if (this.firstTime(this.uniqueConflicts, lo, hi)) {
          m.conflicts[s.cls[i]]++;
          m.conflicts[s.cls[j]]++;
          this.conflictsPerHour[hour]++;
          if (s.noncoop[i] || s.noncoop[j]) this.noncoopConflicts++;
        }
        this.events.push(tick, EVENT_CONFLICT, lo, hi, r.tcpa[k]);
      }
    }
    [this.prevConflicts, this.nextConflicts] = [nextC, prevC];
    const prevL = this.prevLos, nextL = this.nextLos;
    nextL.clear();
    for (let k = 0; k < r.los; k++) {
      const i = r.losA[k], j = r.losB[k], lo = id[i] < id[j] ? id[i] : id[j], hi = id[i] < id[j] ? id[j] : id[i];
      const severity = (this.rpz - r.losDist[k]) / this.rpz;
      const at = prevL.find(lo, hi);
      if (at < 0) {
        if (this.firstTime(this.uniqueLos, lo, hi)) {
          m.los[s.cls[i]]++;
          m.los[s.cls[j]]++;
          this.losPerHour[hour]++;
          if (s.noncoop[i] || s.noncoop[j]) this.noncoopLos++;
        }
        this.episodes++;
        this.events.push(tick, EVENT_LOS, lo, hi, r.losDist[k]);
      }
      const worst = Math.max(at < 0 ? 0 : prevL.value[at], severity), again = nextL.find(lo, hi);
      if (again < 0) nextL.add(lo, hi, worst);
      else nextL.value[again] = worst;
      m.losSeconds[s.cls[i]] += this.passS;
      m.losSeconds[s.cls[j]] += this.passS;
      if (s.noncoop[i] || s.noncoop[j]) this.noncoopLosS += this.passS;
    }
    // Episodes that ended: their worst severity counts once (in the order they opened).
    for (let k = 0; k < prevL.n; k++) if (nextL.find(prevL.a[k], prevL.b[k]) < 0) this.closeEpisode(prevL.value[k]);
    [this.prevLos, this.nextLos] = [nextL, prevL];
  }

  /** Is the pair new to `set` (BlueSky's unique pairs)? Remembers it, or counts it as forgotten when the set is full. */
  private firstTime(set: PairTable, lo: number, hi: number): boolean {
    if (set.n < MAX_REMEMBERED) return set.addIfAbsent(lo, hi);
    if (set.find(lo, hi) >= 0) return false;
    if (set === this.uniqueConflicts) this.prunedConflicts++;
    else this.prunedLos++;
    return true;
  }

  /**
   * Prunes every PRUNE_EVERY_PASSES passes, or sooner when the remembered pairs pass `pruneAt`:
   * twice what the last prune kept (at least PRUNE_AT_PAIRS), so each prune walks at least twice
   * the pairs it must keep and its cost per remembered pair stays bounded. (A fixed 4 M, in a city
   * with more live pairs than that, walked every pair at every pass.)
   */
  pruneIfDue(passes: number): void {
    if (passes % PRUNE_EVERY_PASSES !== 0 && this.rememberedPairs <= this.pruneAt) return;
    this.prune();
    this.pruneAt = Math.max(PRUNE_AT_PAIRS, 2 * this.rememberedPairs);
  }

  private pruneAt = PRUNE_AT_PAIRS;

  /** Forgets unique pairs with an agent that has arrived (they cannot meet again), bounding memory. */
  prune(): void {
    const ids = this.ids, c = this.uniqueConflicts, l = this.uniqueLos;
    this.prunedConflicts += c.retain((k) => !ids.hasArrived(c.a[k]) && !ids.hasArrived(c.b[k]));
    this.prunedLos += l.retain((k) => !ids.hasArrived(l.a[k]) && !ids.hasArrived(l.b[k]));
  }

  get rememberedPairs(): number {
    return this.uniqueConflicts.n + this.uniqueLos.n;
  }

  private closeEpisode(worst: number): void {
    this.severitySum += worst;
    if (worst > this.severityMax) this.severityMax = worst;
  }

  summary() {
    // Episodes still open at the end count with their worst severity so far.
    let sum = this.severitySum, max = this.severityMax;
    for (let k = 0; k < this.prevLos.n; k++) { const w = this.prevLos.value[k]; sum += w; if (w > max) max = w; }
    return {
      conflicts: this.uniqueConflicts.n + this.prunedConflicts, los: this.uniqueLos.n + this.prunedLos, los_episodes: this.episodes,
      los_time_s: Math.round(Array.from(this.metrics.losSeconds).reduce((a, b) => a + b, 0) * 10) / 10,
      los_severity_mean: this.episodes ? Math.round((sum / this.episodes) * 1000) / 1000 : 0, los_severity_max: Math.round(max * 1000) / 1000,
      conflicts_per_hour: this.conflictsPerHour, los_per_hour: this.losPerHour,
    };
  }
}
