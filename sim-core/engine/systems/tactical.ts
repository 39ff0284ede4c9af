import { setActiveWaypoint } from './active-waypoint.ts';
import { CLASS_GROUND, type World } from '../../world/world.ts';
import { PHASE_HOLDING, PHASE_MOVING, trackSinCos, type AgentStore } from '../../world/agents.ts';
import type { IdTable } from '../../world/id-table.ts';
import { WP_STRIDE, WP_X, WP_Y } from '../../routing/waypoints.ts';
import { inLossOfSeparation, TrafficState } from '../../deconfliction/tactical/traffic.ts';
import { DetectionResult } from '../../deconfliction/tactical/cpa.ts';
import { BROAD_PHASES, type BroadPhase } from '../../deconfliction/tactical/broadphase.ts';
import { RESOLVERS, ResolutionCommands, type Resolver, type ResolveParams } from '../../deconfliction/tactical/resolve/index.ts';
import { ResumeTracker } from '../../deconfliction/tactical/resume.ts';
import { conformsToIntent } from '../../deconfliction/strategic/conformance.ts';
import type { EventLog } from '../../metrics/events.ts';
import type { ClassMetrics } from '../../metrics/metrics.ts';
import { ConflictLedger } from './tactical-ledger.ts';
import { LocalFrame } from '../../airspace/local-frame.ts';

/** What the tactical phase reads and writes: the agent columns and routes, the id table, intents, counters and events. */
export interface TacticalInputs {
  world: World;
  agents: AgentStore;
  routes: (Float64Array | null)[];
  ids: IdTable;
  metrics: ClassMetrics;
  events: EventLog;
  /** The trip's accepted operational intent, packed (deconfliction/strategic/volumes.ts). */
  intentOf: (trip: number) => Float64Array | undefined;
  /** A broad phase to use instead of the scenario's (e.g. one split across threads); must give the same rows. */
  broadPhase?: BroadPhase;
}

/** Right-of-way rank per class index (drone, evtol, ground): passenger eVTOLs keep their plans. */
const CLASS_RANK = [0, 1, 0];

/**
 * Phase 5, tactical deconfliction, every `interval_s`:
 *  1. the picture: airborne aircraft outside terminal areas, with their intended velocities;
 *  2. detection (broad phase + BlueSky CPA) and accounting (tactical-ledger.ts);
 *  3. which conflicts to resolve: not pairs already separating (past CPA), and not pairs whose
 *     aircraft both conform to their accepted, mutually deconflicted operational intents (a
 *     false alarm of straight-line extrapolation) unless they are in loss of separation;
 *  4. the resolver's commands (velocity, or altitude for `vertical`), which the flight guidance
 *     follows while the aircraft is held;
 *  5. resume (deconfliction/tactical/resume.ts): an aircraft returns to its plan once every pair it
 *     resolved is past CPA, diverging, not bouncing and would not conflict again on the plan; it
 *     then flies direct to its next waypoint not yet passed.
 */
export class TacticalMonitor {
  readonly state = new TrafficState();
  readonly result = new DetectionResult();
  /** The conflicts handed to the resolver this pass (a filtered copy of `result`). */
  private readonly toResolve = new DetectionResult();
  readonly commands = new ResolutionCommands();
  readonly broadPhase: BroadPhase;
  readonly resolver: Resolver;
  readonly params: ResolveParams;
  readonly enabled: boolean;
  readonly ledger: ConflictLedger;
  private readonly resume: ResumeTracker;
  private readonly everyTicks: number;
  private readonly minAlt: number;
  private readonly terminal2: number;
  /** Slot → index in `state` this pass (−1 absent); reset after each pass. */
  private indexOfSlot = new Int32Array(0);
  /** Slots in resolution at the start of the pass (candidates for resuming). */
  private readonly resolving: number[] = [];
  /** Per state index, this pass: intent conformance, −1 not yet computed. */
  private conform = new Int8Array(0);
  passes = 0;
  /** Conflicts not resolved: pair already separating; both aircraft on their deconflicted intents. */
  skippedSeparating = 0;
  skippedConforming = 0;
  private tick = 0;
  /** Only with the flat earth: local metres back to latitude and longitude for the picture. */
  private readonly frame: LocalFrame | null = null;

  constructor(private readonly io: TacticalInputs) {
    const w = io.world, t = w.tactical, p = w.separation;
    this.enabled = t.enabled;
    this.broadPhase = io.broadPhase ?? BROAD_PHASES.get(t.broadphase)();
    this.resolver = RESOLVERS.get(t.resolver);
    this.everyTicks = Math.max(1, Math.round(t.intervalS / w.dt));
    this.minAlt = t.minAltM;
    this.terminal2 = t.terminalRadiusM * t.terminalRadiusM;
    // A vertical resolution stays between the minimum height and a protected half-height above the class's highest layer.
    const altBand = w.classes.map((c, i): [number, number] => {
      const layers = w.layers[i].length ? w.layers[i] : [c.cruiseAltM];
      return [t.minAltM + p.hpz, Math.max(...layers) + p.hpz];
    });
    this.params = { rpz: p.rpz, hpz: p.hpz, tlook: p.lookaheadS, earth: t.earth, margin: t.margin, maxSpeed: w.classes.map((c) => c.maxMps), priority: CLASS_RANK, altBand,
      climbMps: w.classes.map((c) => c.climbMps), descentMps: w.classes.map((c) => c.descentMps) };
    this.ledger = new ConflictLedger(io.metrics, io.events, io.ids, p.rpz, this.everyTicks * w.dt);
    this.resume = new ResumeTracker();
    if (t.earth === 'bluesky') {
      this.frame = new LocalFrame(w.origin.lat, w.origin.lon);
      this.state.frameLon = w.origin.lon;
    }
  }

  /** Runs a pass when one is due at `tick` (every `interval_s`). */
  maybeRun(tick: number): void {
    if (this.enabled && tick % this.everyTicks === 0) this.run(tick);
  }

  run(tick: number): void {
    this.tick = tick;
    const io = this.io, a = io.agents, s = this.state;
    this.buildPicture();
    this.passes++;
    this.ledger.pruneIfDue(this.passes);
    const r = this.result;
    this.broadPhase.detect(s, this.params, r);
    this.ledger.account(s, r, tick, Math.floor((tick * io.world.dt) / 3600));
    this.selectConflicts();
    const d = this.toResolve, cmd = this.commands;
    this.resolver.resolve(s, d, this.params, cmd);
    for (let i = 0; i < s.n; i++) {
      if (!cmd.active[i]) continue;
      const k = s.slot[i];
      // Non-cooperative aircraft ignore resolution (their share is 0 in the rules; this is the guarantee).
      if (a.noncoop[k]) {
        cmd.active[i] = 0;
        continue;
      }
      if (!a.resoActive[k]) io.metrics.resolutions[s.cls[i]]++;
      a.resoActive[k] = 1;
      a.resoVx[k] = cmd.vx[i];
      a.resoVy[k] = cmd.vy[i];
      const alt = cmd.alt[i];
      if (alt === alt) a.resoAlt[k] = alt;
    }
    for (let k = 0; k < d.conflicts; k++) {
      if (cmd.active[d.a[k]] || cmd.active[d.b[k]]) this.resume.add(s, d.a[k], d.b[k]);
    }
    this.resume.update(s, this.indexOfSlot, a.id, this.params);
    const held = this.resume.held;
    for (const k of this.resolving) if (!held[k]) this.resumePlan(k);
    for (let i = 0; i < s.n; i++) this.indexOfSlot[s.slot[i]] = -1;
  }

  /** The traffic picture: airborne aircraft outside terminal areas, and who is resolving. */
  private buildPicture(): void {
    const a = this.io.agents, s = this.state;
    s.n = 0;
    s.ensure(a.activeCount);
    if (this.indexOfSlot.length < a.capacity) this.indexOfSlot = new Int32Array(a.capacity).fill(-1);
    this.resolving.length = 0;
    for (let k = 0; k < a.highWater; k++) {
      const ph = a.phase[k];
      if ((ph !== PHASE_MOVING && ph !== PHASE_HOLDING) || a.cls[k] === CLASS_GROUND) continue;
      if (a.resoActive[k]) this.resolving.push(k);
      if (a.z[k] < this.minAlt || this.inTerminal(k)) continue;
      // Intended velocity: toward the active waypoint at the leg's speed.
      const wx = a.wpX[k], wy = a.wpY[k];
      const dx = wx - a.x[k], dy = wy - a.y[k], dh = Math.sqrt(dx * dx + dy * dy);
      const vleg = ph === PHASE_HOLDING ? 0 : a.wpVleg[k];
      const ivx = dh > 1 ? (dx / dh) * vleg : NaN, ivy = dh > 1 ? (dy / dh) * vleg : NaN;
      this.indexOfSlot[k] = s.n;
      trackSinCos(a, k);
      s.pushVelocity(a.id[k], k, a.cls[k], a.x[k], a.y[k], a.z[k], a.gs[k] * a.trkSin[k], a.gs[k] * a.trkCos[k], a.vz[k], ivx, ivy, wx, wy);
      s.noncoop[s.n - 1] = a.noncoop[k];
      if (this.frame) {
        const [lon, lat] = this.frame.inverse(a.x[k], a.y[k]);
        s.setLatLon(s.n - 1, lat, lon);
      }
    }
    if (this.conform.length < s.n) this.conform = new Int8Array(s.capacity);
    this.conform.fill(-1, 0, s.n);
  }

  /** Copies the conflicts worth resolving into `toResolve`. */
  private selectConflicts(): void {
    const r = this.result, d = this.toResolve, s = this.state;
    d.reset();
    for (let k = 0; k < r.conflicts; k++) {
      const i = r.a[k], j = r.b[k];
      const inLos = inLossOfSeparation(s, i, j, this.params.rpz, this.params.hpz);
      // Separating already (and not inside the protected zone): the pair is opening by itself.
      if (r.tcpa[k] <= 0 && !inLos) { this.skippedSeparating++; continue; }
      if (!inLos && this.conforms(i) && this.conforms(j)) { this.skippedConforming++; continue; }
      // Inside the zone and past CPA: resolve from the current offset (the CPA is now).
      d.addConflict(i, j, Math.max(r.tcpa[k], 0), r.dcpa[k], r.tin[k], r.tout[k]);
    }
  }

  /** Does state entry i fly inside its accepted operational intent right now? */
  private conforms(i: number): boolean {
    let c = this.conform[i];
    if (c < 0) {
      const a = this.io.agents, k = this.state.slot[i];
      const vols = this.io.intentOf(a.trip[k]);
      c = vols && !a.resoActive[k] && conformsToIntent(vols, a.x[k], a.y[k], a.z[k], this.tick, this.params.rpz / 2) ? 1 : 0;
      this.conform[i] = c;
    }
    return c === 1;
  }

  /** Ends slot k's resolution: back to the plan, direct to the next waypoint it has not passed. */
  private resumePlan(k: number): void {
    const a = this.io.agents, w = this.io.routes[k];
    a.resoActive[k] = 0;
    a.resoAlt[k] = NaN;
    if (!w) return;
    // Skip waypoints already passed abeam (never the last leg: the pad approach stays as planned).
    let idx = a.wpIdx[k];
    while (idx + 1 < a.wpCount[k] - 1) {
      const p = idx * WP_STRIDE, q = p + WP_STRIDE;
      const beyond = (a.x[k] - w[p + WP_X]) * (w[q + WP_X] - w[p + WP_X]) + (a.y[k] - w[p + WP_Y]) * (w[q + WP_Y] - w[p + WP_Y]);
      if (beyond <= 0) break;
      idx++;
    }
    if (idx !== a.wpIdx[k]) setActiveWaypoint(a, k, w, idx);
  }

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

  /** Resolved pairs the resume tracker is still watching (each is visited every pass). */
  get resumePairs(): number {
    return this.resume.size;
  }

  summary() {
    const a = this.io.agents;
    let resolvingNow = 0;
    for (let k = 0; k < a.highWater; k++) if ((a.phase[k] === PHASE_MOVING || a.phase[k] === PHASE_HOLDING) && a.resoActive[k]) resolvingNow++;
    return {
      enabled: this.enabled, resolver: this.resolver.name, broadphase: this.broadPhase.name, passes: this.passes,
      ...this.ledger.summary(),
      resolution: {
        pairs_resolved: this.resume.resolvedPairs, skipped_separating: this.skippedSeparating, skipped_conforming: this.skippedConforming,
        held_to_avoid_reconflict: this.resume.heldForResume, resolving_at_end: resolvingNow,
      },
    };
  }
}
