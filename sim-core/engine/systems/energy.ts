import { CLASS_GROUND } from '../../world/world.ts';
import { PHASE_FREE, PHASE_TURNAROUND } from '../../world/agents.ts';
import { powerWatts } from '../../vehicles/energy.ts';
import type { EngineState } from '../state.ts';

/**
 * Phase 7, energy (metrics): every live agent's power at its speeds after this tick's motion, per
 * class (vehicles/energy.ts). Aircraft on the pad draw nothing from the tick after they landed.
 */
export function accountEnergy(st: EngineState): void {
  const a = st.agents, classes = st.world.classes, dt = st.world.dt, energyJ = st.metrics.energyJ, tick = st.tick;
  for (let s = 0; s < a.highWater; s++) {
    const phase = a.phase[s];
    if (phase === PHASE_FREE || (phase === PHASE_TURNAROUND && a.arriveTick[s] !== tick)) continue;
    const cls = a.cls[s];
    const airborne = cls !== CLASS_GROUND && phase !== PHASE_TURNAROUND;
    energyJ[cls] += powerWatts(classes[cls].energy, a.gs[s], a.vz[s], airborne) * dt;
  }
}
