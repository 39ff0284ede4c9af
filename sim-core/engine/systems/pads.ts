import { PHASE_HOLDING, PHASE_MOVING } from '../../world/agents.ts';
import { EVENT_HOLD_END, EVENT_HOLD_START } from '../../metrics/events.ts';
import type { EngineState } from '../state.ts';

/** Phase 4, pads: each vertiport hands freed pads to the aircraft holding above it, first come first served. */
export function servePadQueues(st: EngineState): void {
  const grant = st.grantPad ??= (slot: number, pad: number) => padGranted(st, slot, pad);
  for (let v = 0; v < st.world.vertiports.length; v++) st.pads.serveQueue(v, st.tick, grant);
}

function padGranted(st: EngineState, slot: number, pad: number): void {
  const a = st.agents;
  a.pad[slot] = pad;
  a.phase[slot] = PHASE_MOVING;
  const held = st.tick - a.holdSince[slot];
  st.metrics.holdTicks[a.cls[slot]] += held;
  st.vertiportStats.padHoldS[a.destVertiport[slot]] += held * st.world.dt;
  a.holdSince[slot] = -1;
  st.events.push(st.tick, EVENT_HOLD_END, a.id[slot], a.destVertiport[slot], held * st.world.dt);
}

/** Before the final descent: reserve a pad at the destination, or hold above it in its queue. */
export function reservePadOrHold(st: EngineState, s: number, v: number): void {
  const a = st.agents;
  const pad = st.pads.tryReserve(v, st.tick);
  if (pad >= 0) {
    a.pad[s] = pad;
    return;
  }
  a.phase[s] = PHASE_HOLDING;
  a.holdSince[s] = st.tick;
  st.pads.enqueue(v, s);
  st.metrics.holds[a.cls[s]]++;
  st.vertiportStats.padHolds[v]++;
  st.events.push(st.tick, EVENT_HOLD_START, a.id[s], v, 0);
}
