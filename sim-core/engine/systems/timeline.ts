import { CLASS_DRONE, CLASS_EVTOL } from '../../world/world.ts';
import { PHASE_HOLDING, PHASE_MOVING } from '../../world/agents.ts';
import type { EngineState } from '../state.ts';
import { TIMELINE_INTERVAL_S } from '../../metrics/timeline.ts';

/** Phase 9b: samples the timeline when the clock crosses a multiple of the interval. */
export function sampleTimeline(st: EngineState): void {
  const every = Math.max(1, Math.round(TIMELINE_INTERVAL_S / st.world.dt));
  if (st.tick % every !== 0) return;
  const tl = st.timeline, a = st.agents;
  let busy = 0, queue = 0, drones = 0, evtols = 0;
  const vs = st.vertiportStats;
  for (let v = 0; v < st.world.vertiports.length; v++) {
    const b = st.pads.busy(v, st.tick);
    busy += b;
    queue += st.pads.queueLength(v);
    vs.padsBusySum[v] += b;
    if (b > vs.padsBusyPeak[v]) vs.padsBusyPeak[v] = b;
  }
  for (let s = 0; s < a.highWater; s++) {
    const ph = a.phase[s];
    if (ph !== PHASE_MOVING && ph !== PHASE_HOLDING) continue;
    if (a.cls[s] === CLASS_DRONE) drones++;
    else if (a.cls[s] === CLASS_EVTOL) evtols++;
  }
  tl.t_s.push(st.tick * st.world.dt);
  tl.pads_busy.push(busy);
  tl.pad_queue.push(queue);
  tl.airborne_drone.push(drones);
  tl.airborne_evtol.push(evtols);
}
