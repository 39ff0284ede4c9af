import { CLASS_GROUND } from '../../world/world.ts';
import { PHASE_FREE, PHASE_TURNAROUND } from '../../world/agents.ts';
import { powerWatts } from '../../vehicles/energy.ts';
import type { EngineState } from '../state.ts';

/**
 * Energy (metrics): an agent's power at its speeds after this tick's motion, per class
 * (vehicles/energy.ts). Called by the motion pass right after each slot moves (one pass over
 * the columns instead of two: measured 2 % of the tick at 12k agents). An aircraft that was
 * already on its pad when the tick began draws nothing; one that landed in this tick counts
 * this tick, on the ground.
 */
export function slotEnergy(st: EngineState, s: number, startedOnPad: boolean): void {
  const a = st.agents;
  const phase = a.phase[s];
  if (phase === PHASE_FREE || startedOnPad) return;
  const cls = a.cls[s];
  const airborne = cls !== CLASS_GROUND && phase !== PHASE_TURNAROUND;
  // Power follows the airspeed: in wind that is a.tas (flight.ts keeps it); in calm air it is the ground speed.
  const speed = airborne && st.world.wind.model !== 'none' ? a.tas[s] : a.gs[s];
  const joules = powerWatts(st.world.classes[cls].energy, speed, a.vz[s], airborne) * st.world.dt;
  st.metrics.energyJ[cls] += joules;
  const battery = st.world.classes[cls].battery;
  if (battery) {
    const before = a.soc[s], soc = (a.soc[s] = before - joules / battery.capacityJ);
    if (airborne) {
      const m = st.metrics;
      if (soc < m.minSoc[cls]) m.minSoc[cls] = soc;
      if (before >= battery.reserveFraction && soc < battery.reserveFraction) m.belowReserve[cls]++;
      if (before >= 0 && soc < 0) m.depleted[cls]++;
    }
  }
}
