import { CLASS_GROUND, type RoadNetworkSpec, type World } from '../world/world.ts';
import type { RngStreams } from '../world/rng.ts';
import { roadNetworkOf } from '../ground/road-network.ts';
import { GroundTraffic } from '../ground/traffic.ts';
import { JUNCTION_CONTROLS } from '../ground/junctions/index.ts';
import { CAR_FOLLOWING_MODELS } from '../ground/car-following/index.ts';

/**
 * The engine's lane-level ground traffic and the link between its vehicle slots and the agent
 * slots: shuttles enter the network on departure, and their arrivals are handed back (with the
 * kerb position at the destination) after each network step, in arrival order.
 */
export class GroundLink {
  readonly traffic: GroundTraffic;
  /** Agent slot of each ground trip, and of each ground vehicle slot (−1 when free). */
  private readonly tripSlot: number[] = [];
  readonly vehicleSlot: number[] = [];
  /** Arrivals of the last step: agent slot, x, y (flat triples). */
  readonly arrivals: number[] = [];
  private readonly xy = new Float64Array(2);

  constructor(world: World, spec: RoadNetworkSpec, rng: RngStreams) {
    const c = world.classes[CLASS_GROUND], g = world.ground;
    const type = { accel: c.accelMps2, decel: c.decelMps2, emergencyDecel: 9, tau: g.tauS, minGap: g.minGapM, length: g.lengthM, v0: c.maxMps, delta: g.delta, sigma: g.sigma };
    const model = CAR_FOLLOWING_MODELS.get(g.carFollowing)(type, 'sumo', rng.stream('ground:car-following'));
    const net = roadNetworkOf(spec);
    this.traffic = new GroundTraffic(net, JUNCTION_CONTROLS.get(g.junctionControl)(net), [model], { dt: world.dt, capacity: 256, recycle_trips: true });
    this.traffic.onInsert = (trip, v) => { this.vehicleSlot[v] = this.tripSlot[trip]; };
    this.traffic.onArrive = (_trip, v) => {
      // Stops at the stop line of its last link: the kerb of the destination junction.
      const t = this.traffic, lane = t.lane[v];
      t.net.pointOnLane(lane, t.net.laneLength[lane], this.xy);
      this.arrivals.push(this.vehicleSlot[v], this.xy[0], this.xy[1]);
      this.vehicleSlot[v] = -1;
    };
  }

  /** Agent `slot` departs at `timeS` along `route` (link ids); it enters when its first link has room. */
  addTrip(timeS: number, route: Int32Array, slot: number): void {
    this.tripSlot[this.traffic.addTrip(timeS, route, 0)] = slot;
  }

  /** One network step; `arrivals` then lists who arrived in it. */
  step(): void {
    this.arrivals.length = 0;
    this.traffic.step();
  }

  /** Position of vehicle slot v in the local frame. */
  positionOf(v: number): Float64Array {
    this.traffic.positionOf(v, this.xy);
    return this.xy;
  }
}
