import { CLASS_GROUND, type World } from '../world/world.ts';
import { AgentStore } from '../world/agents.ts';
import { IdTable } from '../world/id-table.ts';
import { RngStreams, type Uniform } from '../world/rng.ts';
import { PadManager } from '../airspace/pads.ts';
import { StandManager } from '../airspace/stands.ts';
import { GeofenceGrids } from '../routing/geofence-grid.ts';
import { airNetworkOf } from '../routing/air-network.ts';
import { POLICIES, type RoutingContext, type RoutingPolicy } from '../routing/policies/index.ts';
import { StrategicPlanner, type DelaySearch, type ReservationIndexFactory, type TripRequest } from '../deconfliction/strategic/planner.ts';
import { ClassMetrics } from '../metrics/metrics.ts';
import { EventLog } from '../metrics/events.ts';
import { DelayTally } from '../metrics/delay-tally.ts';
import { DemandGenerator } from './demand.ts';
import { TacticalMonitor } from './systems/tactical.ts';
import type { BroadPhase } from '../deconfliction/tactical/broadphase.ts';
import { GroundLink } from './ground-link.ts';
import { ReplayWriter } from '../replay/writer.ts';
import { Timeline } from '../metrics/timeline.ts';
import { VertiportStats } from '../metrics/vertiport-stats.ts';
import { WindState } from '../airspace/wind.ts';
import { DoorToDoor } from './door-to-door.ts';
import { staticLayersOf } from '../replay/layers.ts';

/** A planned trip waiting for its (possibly delayed) departure. */
export interface Departure {
  departTick: number;
  seq: number;
  flow: number;
  route: Float64Array;
  delayTicks: number;
  /** 1: a non-cooperative drone (no intent, no resolution). */
  noncoop: number;
}

export interface SimulationOptions {
  /** Record a replay (default true). */
  record?: boolean;
  /** Keep every accepted 4D volume for the independent checker (tests). */
  keepIntents?: boolean;
  /** Ground-delay search of the strategic planner: `steps` (default), `landed` or `intervals` (same plans; see planner.ts). */
  delaySearch?: DelaySearch;
  /** The index of accepted volumes (default: the reservation grid; the strategic benchmark passes the landed rbush store). */
  reservationIndex?: ReservationIndexFactory;
  /**
   * The tactical broad phase instead of the scenario's (the CLI passes the sliced grid split
   * across worker threads, src/parallel/); it must find the same rows in the same order.
   */
  broadPhase?: BroadPhase;
}

/**
 * Everything one run holds, built from the World: the agent columns and the subsystems the
 * tick's systems (engine/systems/*) read and write. Systems take this state, never the
 * Simulation that wraps it.
 */
export class EngineState {
  readonly agents = new AgentStore(1024);
  readonly ids = new IdTable();
  readonly metrics = new ClassMetrics();
  readonly events = new EventLog();
  readonly pads: PadManager;
  /** Charging stands off the pads (vertiports with `stands`). */
  readonly stands: StandManager;
  readonly planner: StrategicPlanner;
  readonly routing: RoutingContext;
  /** Routing policy per class index. */
  readonly policies: (RoutingPolicy | null)[];
  tick = 0;
  /** Route of each slot (WP_STRIDE numbers per waypoint); shared by agents of a road flow. */
  readonly routes: (Float64Array | null)[] = [];
  readonly demand: DemandGenerator;
  /** Per flow: the stream that picks delivery points. */
  readonly destStreams: Uniform[];
  /** Scratch: the last delivery address drawn (x, y). */
  readonly address = new Float64Array(2);
  /** Trips requested so far (accepted or not). */
  nextTrip = 0;
  /** Planned departures ordered by (departure tick, request order). */
  readonly pending: Departure[] = [];
  /** Air trips requested this tick, waiting to be planned (with their flows). */
  readonly batch: TripRequest[] = [];
  readonly batchFlow: number[] = [];
  /** Ground delay of every accepted air trip, per class, tallied in ticks: memory does not grow with the trips. */
  readonly delays = [new DelayTally(), new DelayTally(), new DelayTally()];
  readonly recorder: ReplayWriter | null;
  /** Gusts and what aircraft felt (systems/wind.ts). */
  readonly wind = new WindState();
  /** Door-to-door passengers on their ground legs and the finished trips (door-to-door.ts). */
  readonly doorToDoor: DoorToDoor;
  /** Which eVTOL trips are door-to-door and where their homes are (null when the share is 0). */
  readonly d2dStream: Uniform | null;
  /** Which drone trips are non-cooperative (null when the share is 0: no draws). */
  readonly noncoopStream: Uniform | null;
  /** The gust stream (null without gusts: no draws, so calm runs keep their hashes). */
  readonly gustStream: Uniform | null;
  /** Pads, queues and airborne counts over the run (systems/timeline.ts). */
  readonly timeline = new Timeline();
  /** Requests, limits, landings, holds and pad use per vertiport (metrics/vertiport-stats.ts). */
  readonly vertiportStats: VertiportStats;
  readonly tactical: TacticalMonitor;
  /** Lane-level ground traffic and its link to the agent columns (null when ground vehicles drive alone). */
  readonly groundLink: GroundLink | null;
  /** The pad system's grant callback, bound once (no closure per tick). */
  grantPad: ((slot: number, pad: number) => void) | null = null;

  constructor(readonly world: World, options: SimulationOptions = {}) {
    const rng = new RngStreams(world.seed);
    this.pads = new PadManager(world.vertiports);
    this.stands = new StandManager(world.vertiports);
    this.demand = new DemandGenerator(world, rng);
    this.destStreams = world.flows.map((f, i) => rng.stream(`destination:${i}:${f.name}`));
    this.doorToDoor = new DoorToDoor(world);
    this.d2dStream = world.doorToDoor.share > 0 ? rng.stream('door-to-door') : null;
    this.noncoopStream = world.noncooperativeShare > 0 ? rng.stream('noncooperative') : null;
    this.gustStream = world.wind.model !== 'none' && world.wind.gustSigmaMps > 0 ? rng.stream('wind:gusts') : null;
    this.routing = { world, network: airNetworkOf(world.corridors), grids: new GeofenceGrids(world), layers: world.layers };
    // Ground trips follow their compiled road routes and never ask a policy.
    this.policies = world.policyNames.map((n, cls) => (cls === CLASS_GROUND ? null : POLICIES.get(n)));
    this.planner = new StrategicPlanner(world, this.routing, world.strategic, options.keepIntents ?? false, options.delaySearch ?? 'steps', options.reservationIndex);
    this.vertiportStats = new VertiportStats(world.vertiports.length);
    this.planner.limits.vertiports = this.vertiportStats;
    this.recorder = options.record === false ? null : new ReplayWriter(
      { seed: world.seed, dt: world.dt, ticksPerFrame: world.recordEveryTicks, originLat: world.origin.lat, originLon: world.origin.lon, scenarioHash: world.scenarioHash },
      staticLayersOf(world),
      world.classes.map((c) => c.battery !== null),
    );
    this.recorder?.addFrame(0, this.agents);
    this.tactical = new TacticalMonitor({
      world, agents: this.agents, routes: this.routes, ids: this.ids, metrics: this.metrics, events: this.events, intentOf: (trip) => this.planner.intentOf(trip),
      broadPhase: options.broadPhase,
    });
    this.groundLink = world.roadNetwork ? new GroundLink(world, world.roadNetwork, rng) : null;
  }

  /** Simulated seconds since the start. */
  get timeS(): number {
    return this.tick * this.world.dt;
  }
}
