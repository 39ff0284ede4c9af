import { CLASS_DRONE, CLASS_EVTOL } from '../../world/world.ts';
import { DoorToDoor } from '../door-to-door.ts';
import type { TripRequest } from '../../deconfliction/strategic/planner.ts';
import type { EngineState } from '../state.ts';
import { enqueueDeparture } from './departures.ts';
import { pointInRing } from '../../airspace/geometry.ts';

/** Draws before an own address gives up and uses a shared point (a zone mostly under geofences). */
const ADDRESS_TRIES = 64;

/**
 * Phase 1, demand: every flow's trips that fall due this tick (the seeded Poisson processes of
 * engine/demand.ts) become requests. Road trips leave at once on their compiled route; air trips
 * wait in `batch` for the planning phase, in request order.
 */
export function requestTrips(st: EngineState): void {
  releaseArrivedPassengers(st);
  const now = st.tick * st.world.dt;
  const next = st.demand.nextTimeS;
  for (let f = 0; f < next.length; f++) {
    while (next[f] <= now) {
      request(st, f);
      st.demand.consume(f);
    }
  }
}

function request(st: EngineState, f: number): void {
  const world = st.world, flow = world.flows[f];
  const trip = st.nextTrip++;
  if (flow.staticRoute) {
    enqueueDeparture(st, { departTick: st.tick, seq: trip, flow: f, route: flow.staticRoute, delayTicks: 0, noncoop: 0 });
    return;
  }
  const origin = world.vertiports[flow.from];
  let bx: number, by: number;
  if (flow.toZone >= 0) {
    const zone = world.zones[flow.toZone], u = st.destStreams[f];
    const own = world.deliveryAddresses === 'own' ? drawAddress(st, flow.toZone, u) : -1;
    if (own >= 0) {
      bx = st.address[0];
      by = st.address[1];
    } else {
      // One of the zone's shared points, drawn from the flow's own stream.
      const pts = zone.deliveryPoints;
      const k = Math.floor(u() * (pts.length / 2));
      bx = pts[2 * k];
      by = pts[2 * k + 1];
    }
  } else {
    bx = world.vertiports[flow.toVertiport].x;
    by = world.vertiports[flow.toVertiport].y;
    if (flow.cls === CLASS_EVTOL && st.d2dStream && st.d2dStream() < world.doorToDoor.share) {
      startDoorToDoor(st, f, trip, bx, by);
      return;
    }
  }
  const req: TripRequest = {
    trip, cls: flow.cls, ax: origin.x, ay: origin.y, bx, by, fromVertiport: flow.from, destVertiport: flow.toVertiport,
    requestTick: st.tick, policy: st.policies[flow.cls]!,
    // A share of drones flies without an intent and without resolution (drawn only when the share is > 0).
    noncooperative: flow.cls === CLASS_DRONE && st.noncoopStream !== null && st.noncoopStream() < st.world.noncooperativeShare,
  };
  st.batch.push(req);
  st.batchFlow.push(f);
}

/**
 * A delivery address of its own: a point drawn uniformly in the zone, outside every geofence (any
 * altitude, any time, as the compiled points are), from the flow's stream; written to
 * `st.address`. Returns 1, or −1 after ADDRESS_TRIES draws without one.
 */
function drawAddress(st: EngineState, zoneIndex: number, u: () => number): number {
  const z = st.world.zones[zoneIndex], w = st.world;
  for (let t = 0; t < ADDRESS_TRIES; t++) {
    const x = z.minX + u() * (z.maxX - z.minX), y = z.minY + u() * (z.maxY - z.minY);
    if (!pointInRing(z.ring, x, y)) continue;
    let blocked = false;
    for (const h of w.geofenceIndex.search({ minX: x, minY: y, maxX: x, maxY: y })) {
      if (pointInRing(w.geofences[h.index].ring, x, y)) { blocked = true; break; }
    }
    if (blocked) continue;
    st.address[0] = x;
    st.address[1] = y;
    return 1;
  }
  return -1;
}

/**
 * A door-to-door passenger: a home near the origin vertiport and an address near the destination;
 * the flight is requested when the access leg reaches the vertiport (door-to-door.ts).
 */
function startDoorToDoor(st: EngineState, f: number, trip: number, vx: number, vy: number): void {
  const world = st.world, flow = world.flows[f], d = st.doorToDoor, u = st.d2dStream!;
  const o = world.vertiports[flow.from], dest = world.vertiports[flow.toVertiport];
  const [hx, hy] = DoorToDoor.around(o.x, o.y, world.doorToDoor.accessRadiusM, u);
  const [ax, ay] = DoorToDoor.around(dest.x, dest.y, world.doorToDoor.accessRadiusM, u);
  const accessS = d.groundTimeS(hx, hy, o.x, o.y);
  const readyTick = st.tick + Math.max(1, Math.ceil(accessS / world.dt));
  d.travelling.set(trip, {
    startTick: st.tick, readyTick, accessS, egressS: d.groundTimeS(dest.x, dest.y, ax, ay), groundOnlyS: d.groundTimeS(hx, hy, ax, ay),
    pair: `${o.zone || o.id}→${dest.zone || dest.id}`,
  });
  // Keep `due` ordered by (ready tick, trip): a total order for the release.
  let i = d.due.length;
  while (i > 0 && (d.due[i - 1].tick > readyTick || (d.due[i - 1].tick === readyTick && d.due[i - 1].trip > trip))) i--;
  d.due.splice(i, 0, { tick: readyTick, trip, flow: f, bx: vx, by: vy });
}

/** Passengers who reached their vertiport this tick: their flights are requested now. */
function releaseArrivedPassengers(st: EngineState): void {
  const due = st.doorToDoor.due;
  let n = 0;
  while (n < due.length && due[n].tick <= st.tick) {
    const e = due[n++], flow = st.world.flows[e.flow], origin = st.world.vertiports[flow.from];
    st.batch.push({
      trip: e.trip, cls: flow.cls, ax: origin.x, ay: origin.y, bx: e.bx, by: e.by, fromVertiport: flow.from, destVertiport: flow.toVertiport,
      requestTick: st.tick, policy: st.policies[flow.cls]!, noncooperative: false,
    });
    st.batchFlow.push(e.flow);
  }
  if (n) due.splice(0, n);
}
