import type { World } from '../world/world.ts';
import type { Uniform } from '../world/rng.ts';
import { roadNetworkOf } from '../ground/road-network.ts';

/**
 * Door-to-door passenger trips: a share of eVTOL trips starts at a home and ends at a
 * destination address, each within `access_radius_m` of its vertiport, with a ground leg by
 * autonomous shuttle at both ends. The legs are chained: the flight is requested (and its pad
 * booked) only when the passenger reaches the vertiport, so a slow access leg delays the flight;
 * the egress leg starts at touchdown. Ground legs are timed, not simulated vehicle by vehicle:
 * the free-flow travel time of the fastest route on the scenario's road network (nearest junction
 * to nearest junction, plus the straight stretch to and from them at the shuttle's speed) and a
 * shuttle wait. The same trip by ground only (home to destination) is timed the same way, so a
 * planner sees when the air leg is worth it.
 */

export interface DoorToDoorTrip {
  startTick: number;
  /** When the passenger reaches the origin vertiport (the flight's request). */
  readyTick: number;
  accessS: number;
  egressS: number;
  groundOnlyS: number;
  pair: string;
}

export interface DoorToDoorRecord {
  total: number[];
  access: number[];
  wait: number[];
  flight: number[];
  egress: number[];
  groundOnly: number[];
  pairs: Map<string, { total: number[]; groundOnly: number[] }>;
}

export class DoorToDoor {
  /** Passengers on their access leg, by trip, with the flight request waiting for them. */
  readonly travelling = new Map<number, DoorToDoorTrip>();
  /** Requests to release: [ready tick, trip] in (tick, trip) order. */
  readonly due: { tick: number; trip: number; flow: number; bx: number; by: number }[] = [];
  readonly done: DoorToDoorRecord = { total: [], access: [], wait: [], flight: [], egress: [], groundOnly: [], pairs: new Map() };
  rejected = 0;
  private readonly shuttleMps: number;

  constructor(private readonly world: World) {
    this.shuttleMps = world.classes[2].maxMps * 0.6;
  }

  /** Free-flow ground time (s) between two points: road network if there is one, else 1.3 × straight line. */
  groundTimeS(ax: number, ay: number, bx: number, by: number): number {
    const spec = this.world.roadNetwork;
    const speed = this.shuttleMps;
    if (!spec) return (1.3 * Math.hypot(bx - ax, by - ay)) / speed + this.world.doorToDoor.waitS;
    const net = roadNetworkOf(spec);
    const a = net.nearestNode(ax, ay), b = net.nearestNode(bx, by);
    const stretch = (Math.hypot(net.nodeX[a] - ax, net.nodeY[a] - ay) + Math.hypot(net.nodeX[b] - bx, net.nodeY[b] - by)) / speed;
    let road = 0;
    if (a !== b) {
      const route = net.routeBetweenNodes(a, b);
      if (!route) return (1.3 * Math.hypot(bx - ax, by - ay)) / speed + this.world.doorToDoor.waitS;
      for (const l of route) road += net.linkLength[l] / Math.min(net.linkSpeed[l], this.world.classes[2].maxMps);
    }
    return road + stretch + this.world.doorToDoor.waitS;
  }

  /** A point uniformly in the disc of `radius` around (x, y). */
  static around(x: number, y: number, radius: number, u: Uniform): [number, number] {
    const r = radius * Math.sqrt(u()), th = 2 * Math.PI * u();
    return [x + r * Math.sin(th), y + r * Math.cos(th)];
  }

  /** Records a completed door-to-door trip at touchdown; returns its egress and total time (s), or null if the trip is not one. */
  complete(trip: number, departTick: number, arriveTick: number): { egressS: number; totalS: number } | null {
    const t = this.travelling.get(trip);
    if (!t) return null;
    this.travelling.delete(trip);
    const dt = this.world.dt;
    const wait = (departTick - t.readyTick) * dt, flight = (arriveTick - departTick) * dt;
    const total = t.accessS + wait + flight + t.egressS;
    const d = this.done;
    d.total.push(total);
    d.access.push(t.accessS);
    d.wait.push(wait);
    d.flight.push(flight);
    d.egress.push(t.egressS);
    d.groundOnly.push(t.groundOnlyS);
    let p = d.pairs.get(t.pair);
    if (!p) d.pairs.set(t.pair, (p = { total: [], groundOnly: [] }));
    p.total.push(total);
    p.groundOnly.push(t.groundOnlyS);
    return { egressS: t.egressS, totalS: total };
  }
}
