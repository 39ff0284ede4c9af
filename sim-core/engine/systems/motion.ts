import { CLASS_GROUND } from '../../world/world.ts';
import { PHASE_FREE, PHASE_HOLDING, PHASE_MOVING, PHASE_TURNAROUND } from '../../world/agents.ts';
import type { EngineState } from '../state.ts';
import { fly, hover } from './flight.ts';
import { drive } from './driving.ts';
import { endTurnaround } from './arrivals.ts';
import { slotEnergy } from './energy.ts';

/**
 * Phases 6 and 7, guidance + integration (+ arrivals as they happen) and energy, one pass over
 * the slots in slot order: aircraft fly their routes (flight.ts) or hover for a pad, simple-model
 * ground vehicles drive (driving.ts), landed aircraft end their turnaround; then the slot's energy
 * (energy.ts). Ground vehicles on the lane-level network are moved by the ground phase (ground.ts).
 */
export function moveAgents(st: EngineState): void {
  const a = st.agents;
  const network = st.groundLink !== null;
  for (let s = 0; s < a.highWater; s++) {
    const phase = a.phase[s];
    if (phase === PHASE_FREE) continue;
    if (phase === PHASE_MOVING) {
      if (a.cls[s] !== CLASS_GROUND) fly(st, s);
      else if (!network) drive(st, s);
    } else if (phase === PHASE_HOLDING) hover(st, s);
    else if (phase === PHASE_TURNAROUND) endTurnaround(st, s);
    slotEnergy(st, s, phase === PHASE_TURNAROUND);
  }
}
