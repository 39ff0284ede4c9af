import { CLASS_GROUND, type World } from '../../world/world.ts';
import { PHASE_HOLDING, PHASE_MOVING, type AgentStore } from '../../world/agents.ts';
import type { IdTable } from '../../world/id-table.ts';
import { TrafficState } from '../../deconfliction/tactical/traffic.ts';
import { DetectionResult } from '../../deconfliction/tactical/cpa.ts';
import { BROAD_PHASES, type BroadPhase } from '../../deconfliction/tactical/broadphase.ts';
import { RESOLVERS, ResolutionCommands, type Resolver, type ResolveParams } from '../../deconfliction/tactical/resolve/index.ts';
import { EVENT_CONFLICT, EVENT_LOS, type EventLog } from '../../metrics/events.ts';
import type { ClassMetrics } from '../../metrics/metrics.ts';

/** What the tactical phase reads and writes: the agent columns, the id table, counters and events. */
export interface TacticalInputs {
  world: World;
  agents: AgentStore;
  ids: IdTable;
  metrics: ClassMetrics;
  events: EventLog;
}

const PAIR_BASE = 2 ** 26;

/**
 * Phase 5, tactical deconfliction: every `interval_s`, gather airborne aircraft into a
 * TrafficState, detect conflicts (broad phase + BlueSky CPA), record conflicts and LoS (unique
 * pairs as BlueSky counts them, plus LoS episodes with their duration and worst severity
 * (rpz − distance) / rpz, per class and per hour, and replay events), and let the
 * resolver set velocity commands that the flight guidance follows until each conflict's CPA.
 */
export class TacticalMonitor {
  readonly state = new TrafficState();
  readonly result = new DetectionResult();
  readonly commands = new ResolutionCommands();
  readonly broadPhase: BroadPhase;
  readonly resolver: Resolver;
  readonly params: ResolveParams;
  readonly enabled: boolean;
  private readonly everyTicks: number;
  private readonly minAlt: number;
  private readonly terminal2: number;
  private prevConflicts = new Set<number>();
  private nextConflicts = new Set<number>();
  /** Open LoS episodes: pair key → worst severity so far. */
  private prevLos = new Map<number, number>();
  private nextLos = new Map<number, number>();
  /** Per hour since the start: new conflicts, new LoS. */
  readonly conflictsPerHour: number[] = [];
  readonly losPerHour: number[] = [];
  /** Every pair ever in conflict / in LoS (BlueSky's confpairs_unique, lospairs_unique). */
  private readonly uniqueConflicts = new Set<number>();
  private readonly uniqueLos = new Set<number>();
  passes = 0;
  episodes = 0;
  severitySum = 0;
  severityMax = 0;

  private tick = 0;

  constructor(private readonly io: TacticalInputs) {
    const t = io.world.tactical, p = io.world.separation;
    this.enabled = t.enabled;
    this.broadPhase = BROAD_PHASES.get(t.broadphase)();
    this.resolver = RESOLVERS.get(t.resolver);
    this.everyTicks = Math.max(1, Math.round(t.intervalS / io.world.dt));
    this.minAlt = t.minAltM;
    this.terminal2 = t.terminalRadiusM * t.terminalRadiusM;
    this.params = { rpz: p.rpz, hpz: p.hpz, tlook: p.lookaheadS, margin: t.margin, maxSpeed: io.world.classes.map((c) => c.maxMps) };
  }

  /** Runs a pass when one is due at `tick` (every `interval_s`). */
  maybeRun(tick: number): void {
    if (this.enabled && tick % this.everyTicks === 0) this.run(tick);
  }

  run(tick: number): void {
    this.tick = tick;
    const io = this.io, a = io.agents, s = this.state;
    s.n = 0;
    s.ensure(a.activeCount);
    for (let k = 0; k < a.highWater; k++) {
      const ph = a.phase[k];
      if ((ph !== PHASE_MOVING && ph !== PHASE_HOLDING) || a.cls[k] === CLASS_GROUND || a.z[k] < this.minAlt) continue;
      if (this.inTerminal(k)) continue;
      s.push(a.id[k], k, a.cls[k], a.x[k], a.y[k], a.z[k], a.gs[k], a.trk[k], a.vz[k]);
    }
    this.passes++;
    if (this.passes % 600 === 0 || this.uniqueConflicts.size + this.uniqueLos.size > 4_000_000) this.pruneUnique();
    const r = this.result;
    this.broadPhase.detect(s, this.params, r);
    this.account();
    this.resolver.resolve(s, r, this.params, this.commands);
    const cmd = this.commands;
    for (let i = 0; i < s.n; i++) {
      if (!cmd.active[i]) continue;
      const k = s.slot[i];
      if (!a.resoActive[k]) io.metrics.resolutions[s.cls[i]]++;
      a.resoActive[k] = 1;
      a.resoVx[k] = cmd.vx[i];
      a.resoVy[k] = cmd.vy[i];
      // Hold until past the CPA (at most the lookahead), at least until the next detection pass.
      const holdS = Math.min(Math.max(cmd.holdS[i], 0), this.params.tlook);
      a.resoUntil[k] = tick + Math.max(this.everyTicks, Math.ceil(holdS / io.world.dt));
    }
  }

  /** Forgets unique pairs with an agent that has arrived (they cannot meet again), bounding memory. */
  private pruneUnique(): void {
    for (const set of [this.uniqueConflicts, this.uniqueLos]) {
      for (const pk of set) {
        const a = Math.floor(pk / PAIR_BASE), b = pk - a * PAIR_BASE;
        if (this.io.ids.hasArrived(a) || this.io.ids.hasArrived(b)) {
          set.delete(pk);
          if (set === this.uniqueConflicts) this.prunedConflicts++;
          else this.prunedLos++;
        }
      }
    }
  }

  private prunedConflicts = 0;
  private prunedLos = 0;

  /** Within the terminal area of the agent's origin or destination vertiport? */
  private inTerminal(k: number): boolean {
    const a = this.io.agents, w = this.io.world;
    const o = w.vertiports[w.flows[a.flow[k]].from];
    if ((a.x[k] - o.x) ** 2 + (a.y[k] - o.y) ** 2 <= this.terminal2) return true;
    const d = a.destVertiport[k];
    if (d < 0) return false;
    const v = w.vertiports[d];
    return (a.x[k] - v.x) ** 2 + (a.y[k] - v.y) ** 2 <= this.terminal2;
  }

  /** New conflict pairs and LoS episodes since the last pass, and LoS time. */
  private account(): void {
    const io = this.io, s = this.state, r = this.result, m = io.metrics, tick = this.tick;
    const hour = Math.floor((tick * io.world.dt) / 3600);
    while (this.conflictsPerHour.length <= hour) { this.conflictsPerHour.push(0); this.losPerHour.push(0); }
    const key = (i: number, j: number) => (s.id[i] < s.id[j] ? s.id[i] * PAIR_BASE + s.id[j] : s.id[j] * PAIR_BASE + s.id[i]);
    this.nextConflicts.clear();
    for (let k = 0; k < r.conflicts; k++) {
      const i = r.a[k], j = r.b[k], pk = key(i, j);
      this.nextConflicts.add(pk);
      if (!this.prevConflicts.has(pk)) {
        if (!this.uniqueConflicts.has(pk)) {
          // Beyond 8 M live pairs stop remembering (counts stay exact for episodes, pairs may repeat).
          if (this.uniqueConflicts.size < 8_000_000) this.uniqueConflicts.add(pk);
          else this.prunedConflicts++;
          m.conflicts[s.cls[i]]++;
          m.conflicts[s.cls[j]]++;
          this.conflictsPerHour[hour]++;
        }
        io.events.push(tick, EVENT_CONFLICT, Math.min(s.id[i], s.id[j]), Math.max(s.id[i], s.id[j]), r.tcpa[k]);
      }
    }
    [this.prevConflicts, this.nextConflicts] = [this.nextConflicts, this.prevConflicts];
    this.nextLos.clear();
    const passS = this.everyTicks * io.world.dt;
    for (let k = 0; k < r.los; k++) {
      const i = r.losA[k], j = r.losB[k], pk = key(i, j);
      const severity = (this.params.rpz - r.losDist[k]) / this.params.rpz;
      const prev = this.prevLos.get(pk);
      if (prev === undefined) {
        if (!this.uniqueLos.has(pk)) {
          if (this.uniqueLos.size < 8_000_000) this.uniqueLos.add(pk);
          else this.prunedLos++;
          m.los[s.cls[i]]++;
          m.los[s.cls[j]]++;
          this.losPerHour[hour]++;
        }
        this.episodes++;
        io.events.push(tick, EVENT_LOS, Math.min(s.id[i], s.id[j]), Math.max(s.id[i], s.id[j]), r.losDist[k]);
      }
      const worst = Math.max(prev ?? 0, severity);
      this.nextLos.set(pk, worst);
      m.losSeconds[s.cls[i]] += passS;
      m.losSeconds[s.cls[j]] += passS;
    }
    // Episodes that ended: their worst severity counts once.
    for (const [pk, worst] of this.prevLos) {
      if (!this.nextLos.has(pk)) this.closeEpisode(worst);
    }
    [this.prevLos, this.nextLos] = [this.nextLos, this.prevLos];
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
      enabled: this.enabled, resolver: this.resolver.name, broadphase: this.broadPhase.name, passes: this.passes,
      conflicts: this.uniqueConflicts.size + this.prunedConflicts, los: this.uniqueLos.size + this.prunedLos, los_episodes: this.episodes,
      los_time_s: Math.round(Array.from(this.io.metrics.losSeconds).reduce((a, b) => a + b, 0) * 10) / 10,
      los_severity_mean: this.episodes ? Math.round((sum / this.episodes) * 1000) / 1000 : 0, los_severity_max: Math.round(max * 1000) / 1000,
      conflicts_per_hour: this.conflictsPerHour, los_per_hour: this.losPerHour,
    };
  }
}
