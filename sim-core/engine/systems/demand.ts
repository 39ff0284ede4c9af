import type { TripRequest } from '../../deconfliction/strategic/planner.ts';
import type { EngineState } from '../state.ts';
import { enqueueDeparture } from './departures.ts';

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
    enqueueDeparture(st, { departTick: st.tick, seq: trip, flow: f, route: flow.staticRoute, delayTicks: 0 });
    return;
  }
  const origin = world.vertiports[flow.from];
  let bx: number, by: number;
  if (flow.toZone >= 0) {
    // A delivery: one of the zone's sampled points, drawn from the flow's own stream.
    const pts = world.zones[flow.toZone].deliveryPoints;
    const k = Math.floor(st.destStreams[f]() * (pts.length / 2));
    bx = pts[2 * k];
    by = pts[2 * k + 1];
  } else {
    bx = world.vertiports[flow.toVertiport].x;
    by = world.vertiports[flow.toVertiport].y;
  }
  const req: TripRequest = {
    trip, cls: flow.cls, ax: origin.x, ay: origin.y, bx, by, fromVertiport: flow.from, destVertiport: flow.toVertiport,
    requestTick: st.tick, policy: st.policies[flow.cls]!,
  };
  st.batch.push(req);
  st.batchFlow.push(f);
}
