import { CLASS_DRONE } from '../../world/world.ts';
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
