import type { EngineState } from './state.ts';
import { requestTrips } from './systems/demand.ts';
import { planTrips } from './systems/planning.ts';
import { departDue } from './systems/departures.ts';
import { servePadQueues } from './systems/pads.ts';
import { moveAgents } from './systems/motion.ts';
import { stepWind } from './systems/wind.ts';
import { driveGroundNetwork } from './systems/ground.ts';
import { recordFrame } from './systems/record.ts';
import { checkOverdue } from './systems/safeguards.ts';
import { sampleTimeline } from './systems/timeline.ts';

/** Accepted intents are pruned of the past every this many ticks. */
const EXPIRE_EVERY_TICKS = 600;

/**
 * One tick of the engine: the systems in their fixed order. Each phase is one file under
 * engine/systems/; arrivals happen inside motion and ground, at the moment an agent gets there.
 * (Ground runs after air motion and energy: the two do not interact within a tick, and this is
 * the order the state hash was recorded with.)
 */
export function runTick(st: EngineState): void {
  requestTrips(st); //      1. demand: due trips become requests (road trips queue at once)
  planTrips(st); //         2. planning: routes + strategic deconfliction (4D intents)
  departDue(st); //         3. departures: planned trips due now become agents
  servePadQueues(st); //    4. pads: freed pads go to aircraft holding above them
  st.tactical.maybeRun(st.tick); // 5. tactical: detection + resolution every interval_s
  stepWind(st); //          5b. wind: gusts step (no-op without gusts)
  moveAgents(st); //        6+7. guidance + integration (+ waypoint progress, landings, turnarounds), energy per slot
  checkOverdue(st); //      7. metrics: overdue aircraft
  driveGroundNetwork(st); // 8. ground: lane-level traffic, its arrivals
  st.tick++; //             9. clock
  if (st.tick % EXPIRE_EVERY_TICKS === 0) st.planner.expire(st.tick);
  sampleTimeline(st); //   9b. metrics: pads, queues, airborne every 5 min (read-only)
  recordFrame(st); //      10. record: replay frame every record_interval_s
}
