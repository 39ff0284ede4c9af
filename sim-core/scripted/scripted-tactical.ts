import { inLossOfSeparation, TrafficState } from '../deconfliction/tactical/traffic.ts';
import { DetectionResult } from '../deconfliction/tactical/cpa.ts';
import { BROAD_PHASES, type BroadPhase } from '../deconfliction/tactical/broadphase.ts';
import { RESOLVERS, ResolutionCommands, type Resolver, type ResolveParams } from '../deconfliction/tactical/resolve/index.ts';
import { ResumeTracker } from '../deconfliction/tactical/resume.ts';
import type { EarthModel } from '../world/world.ts';
import { LocalFrame } from '../airspace/local-frame.ts';
import type { ScriptedTraffic } from './scripted-traffic.ts';
import { PairTable } from '../world/pair-table.ts';

/** Settings BlueSky's ASAS commands change (ZONER, ZONEDH, DTLOOK, CDMETHOD, RESO, RFACH). */
export interface ScriptedTacticalSettings {
  rpz: number;
  hpz: number;
  tlook: number;
  /** Conflict detection hands conflicts to resolution (CDMETHOD/ASAS ON). Measurement runs regardless. */
  detection: boolean;
  resolver: string;
  margin: number;
  earth: EarthModel;
}

/** One conflict or loss of separation as it starts (BlueSky's CONFLOG and LOSLOG rows). */
export interface PairEvent {
  kind: 'conflict' | 'los';
  timeS: number;
  a: number;
  b: number;
  tcpa: number;
  dcpa: number;
  tin: number;
  tout: number;
  distM: number;
}

/**
 * Detection, accounting and resolution for scripted traffic, every asas_dt: the picture in the
 * local frame (and latitude/longitude for the flat earth), the broad phase and BlueSky's CPA test,
 * unique conflict and LoS pairs with their durations, then the resolver's commands and
 * BlueSky-style resume (deconfliction/tactical/resume.ts), as the city engine's tactical phase.
 */
export class ScriptedTactical {
  readonly state = new TrafficState();
  readonly result = new DetectionResult();
  private readonly toResolve = new DetectionResult();
  private readonly commands = new ResolutionCommands();
  private readonly broadPhase: BroadPhase;
  private resume = new ResumeTracker();
  private readonly frame: LocalFrame;
  private indexOfSlot = new Int32Array(0);
  private idOfSlot = new Int32Array(0);
  private readonly scratch = new Float64Array(2);
  /** Unique id pairs (lower id first) ever in conflict / LoS (world/pair-table.ts, as the city's ledger). */
  private readonly conflictPairs = new PairTable(false);
  private readonly losPairs = new PairTable(false);
  /** Pairs in conflict / LoS at the previous pass and at this one (swapped each pass, never reallocated). */
  private prevConflicts = new PairTable(false);
  private prevLos = new PairTable(false);
  private nowConflicts = new PairTable(false);
  private nowLos = new PairTable(false);
  private readonly resolving: number[] = [];
  private cachedParams: ResolveParams | null = null;
  passes = 0;
  conflictPairSeconds = 0;
  losPairSeconds = 0;
  /** Sum over passes of conflicts seen (BlueSky's nconf_cur summed). */
  conflictDetections = 0;
  minDistanceM = Infinity;
  resolutions = 0;
  skippedSeparating = 0;
  readonly events: PairEvent[] = [];

  constructor(private readonly traffic: ScriptedTraffic, origin: { lat: number; lon: number }, broadphase = 'sliced-grid') {
    this.broadPhase = BROAD_PHASES.get(broadphase)();
    this.frame = new LocalFrame(origin.lat, origin.lon);
    this.state.frameLon = origin.lon;
  }

  /** One pass at time `timeS`, `intervalS` after the previous one. */
  run(timeS: number, intervalS: number, cfg: ScriptedTacticalSettings): void {
    const t = this.traffic, s = this.state;
    this.passes++;
    s.n = 0;
    s.ensure(t.active.length);
    if (this.indexOfSlot.length < t.n) {
      this.indexOfSlot = new Int32Array(t.capacity).fill(-1);
      this.idOfSlot = new Int32Array(t.capacity);
    }
    const iv = this.scratch;
    for (const k of t.active) {
      const [x, y] = this.frame.forward(t.lon[k], t.lat[k]);
      t.intendedVelocity(k, iv);
      this.indexOfSlot[k] = s.n;
      this.idOfSlot[k] = k;
      s.push(k, k, t.family[k], x, y, t.alt[k], t.tas[k], (t.hdg[k] * Math.PI) / 180, t.vs[k], iv[0], iv[1]);
      s.setLatLon(s.n - 1, t.lat[k], t.lon[k]);
    }
    const p = this.params(cfg);
    const r = this.result;
    this.broadPhase.detect(s, p, r);
    r.sortByPair();
    this.account(timeS, intervalS);
    if (cfg.detection && cfg.resolver !== 'none') this.resolve(RESOLVERS.get(cfg.resolver), p);
    else this.releaseAll();
    for (let i = 0; i < s.n; i++) this.indexOfSlot[s.slot[i]] = -1;
  }

  /** The resolver's parameters, rebuilt only when a command changed the settings. */
  private params(cfg: ScriptedTacticalSettings): ResolveParams {
    const c = this.cachedParams;
    if (c && c.rpz === cfg.rpz && c.hpz === cfg.hpz && c.tlook === cfg.tlook && c.earth === cfg.earth && c.margin === cfg.margin) return c;
    const fams = this.traffic.families;
    return (this.cachedParams = {
      rpz: cfg.rpz, hpz: cfg.hpz, tlook: cfg.tlook, earth: cfg.earth, margin: cfg.margin,
      maxSpeed: fams.map((f) => f.maxTasMps),
      // BlueSky's default: no priority rules, both aircraft of a pair share the resolution.
      priority: fams.map(() => 0),
      altBand: fams.map((f): [number, number] => [cfg.hpz, f.ceilingM]),
      climbMps: fams.map((f) => f.climbMps), descentMps: fams.map((f) => f.descentMps),
    });
  }

  private account(timeS: number, intervalS: number): void {
    const r = this.result, s = this.state;
    const nowConf = this.nowConflicts, nowLos = this.nowLos;
    nowConf.clear();
    nowLos.clear();
    this.conflictDetections += r.conflicts;
    // A pass's rows are unique pairs.
    for (let k = 0; k < r.conflicts; k++) {
      const ia = s.id[r.a[k]], ib = s.id[r.b[k]], lo = Math.min(ia, ib), hi = Math.max(ia, ib);
      nowConf.add(lo, hi, 0);
      this.conflictPairs.addIfAbsent(lo, hi);
      if (this.prevConflicts.find(lo, hi) < 0) this.events.push({ kind: 'conflict', timeS, a: lo, b: hi, tcpa: r.tcpa[k], dcpa: r.dcpa[k], tin: r.tin[k], tout: r.tout[k], distM: this.horizontalDistance(r.a[k], r.b[k]) });
    }
    for (let k = 0; k < r.los; k++) {
      const ia = s.id[r.losA[k]], ib = s.id[r.losB[k]], lo = Math.min(ia, ib), hi = Math.max(ia, ib);
      nowLos.add(lo, hi, 0);
      this.losPairs.addIfAbsent(lo, hi);
      this.minDistanceM = Math.min(this.minDistanceM, r.losDist[k]);
      if (this.prevLos.find(lo, hi) < 0) this.events.push({ kind: 'los', timeS, a: lo, b: hi, tcpa: NaN, dcpa: NaN, tin: NaN, tout: NaN, distM: r.losDist[k] });
    }
    this.conflictPairSeconds += nowConf.n * intervalS;
    this.losPairSeconds += nowLos.n * intervalS;
    [this.prevConflicts, this.nowConflicts] = [nowConf, this.prevConflicts];
    [this.prevLos, this.nowLos] = [nowLos, this.prevLos];
  }

  private horizontalDistance(i: number, j: number): number {
    const s = this.state;
    return Math.hypot(s.x[j] - s.x[i], s.y[j] - s.y[i]);
  }

  private resolve(resolver: Resolver, p: ResolveParams): void {
    const r = this.result, d = this.toResolve, s = this.state, t = this.traffic, cmd = this.commands;
    d.reset();
    for (let k = 0; k < r.conflicts; k++) {
      const i = r.a[k], j = r.b[k];
      const inLos = inLossOfSeparation(s, i, j, p.rpz, p.hpz);
      // Separating already (and not inside the protected zone): the pair opens by itself.
      if (r.tcpa[k] <= 0 && !inLos) { this.skippedSeparating++; continue; }
      d.addConflict(i, j, Math.max(r.tcpa[k], 0), r.dcpa[k], r.tin[k], r.tout[k]);
    }
    const resolving = this.resolving;
    resolving.length = 0;
    for (const k of t.active) if (t.resoActive[k]) resolving.push(k);
    resolver.resolve(s, d, p, cmd);
    for (let i = 0; i < s.n; i++) {
      if (!cmd.active[i]) continue;
      const k = s.slot[i];
      if (!t.resoActive[k]) this.resolutions++;
      t.resoActive[k] = 1;
      t.resoVx[k] = cmd.vx[i];
      t.resoVy[k] = cmd.vy[i];
      if (cmd.alt[i] === cmd.alt[i]) t.resoAlt[k] = cmd.alt[i];
    }
    for (let k = 0; k < d.conflicts; k++) if (cmd.active[d.a[k]] || cmd.active[d.b[k]]) this.resume.add(s, d.a[k], d.b[k]);
    this.resume.update(s, this.indexOfSlot, this.idOfSlot, p);
    for (const k of resolving) if (!this.resume.held[k] && !cmd.active[this.indexOfSlot[k]]) this.release(k);
  }

  /** Resolution switched off: every aircraft back to its autopilot. */
  private releaseAll(): void {
    const t = this.traffic;
    for (const k of t.active) if (t.resoActive[k]) this.release(k);
    if (this.resume.size) this.resume = new ResumeTracker();
  }

  /** Back to the autopilot (LNAV flies direct to its active waypoint; else the selected heading). */
  private release(k: number): void {
    const t = this.traffic;
    t.resoActive[k] = 0;
    t.resoAlt[k] = NaN;
  }

  summary() {
    return {
      passes: this.passes,
      conflict_pairs: this.conflictPairs.n, conflict_pair_s: round3(this.conflictPairSeconds), conflict_detections: this.conflictDetections,
      los_pairs: this.losPairs.n, los_pair_s: round3(this.losPairSeconds), min_los_distance_m: this.losPairs.n ? round3(this.minDistanceM) : null,
      resolutions: this.resolutions, pairs_resolved: this.resume.resolvedPairs, skipped_separating: this.skippedSeparating,
      held_to_avoid_reconflict: this.resume.heldForResume,
    };
  }
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
