import { CLASS_GROUND } from '../../world/world.ts';
import { PHASE_HOLDING, PHASE_MOVING } from '../../world/agents.ts';
import { EVENT_OVERDUE } from '../../metrics/events.ts';
import type { EngineState } from '../state.ts';

/** How often the safeguards look (ticks are cheap; once every this many seconds is plenty). */
const CHECK_EVERY_S = 10;

/**
 * Safeguards that catch regressions a user would otherwise miss: an aircraft airborne longer than
 * twice its planned flight time plus the conflict lookahead is `overdue` (counted once per
 * aircraft, per class, with an event), whatever made it late: resolution loops, holding, bugs.
 */
export function checkOverdue(st: EngineState): void {
  const dt = st.world.dt;
  if (st.tick % Math.max(1, Math.round(CHECK_EVERY_S / dt)) !== 0) return;
  const a = st.agents, slack = st.world.separation.lookaheadS;
  for (let s = 0; s < a.highWater; s++) {
    const ph = a.phase[s];
    if ((ph !== PHASE_MOVING && ph !== PHASE_HOLDING) || a.cls[s] === CLASS_GROUND || a.overdue[s]) continue;
    if ((st.tick - a.spawnTick[s]) * dt > 2 * a.plannedTimeS[s] + slack) {
      a.overdue[s] = 1;
      st.metrics.overdue[a.cls[s]]++;
      st.events.push(st.tick, EVENT_OVERDUE, a.id[s], a.flow[s], a.plannedTimeS[s]);
    }
  }
}

/** Aircraft airborne now, and how many of them are overdue, per class. */
export function airborneNow(st: EngineState): { airborne: number[]; overdue: number[] } {
  const a = st.agents, airborne = [0, 0, 0], overdue = [0, 0, 0];
  for (let s = 0; s < a.highWater; s++) {
    const ph = a.phase[s];
    if (ph !== PHASE_MOVING && ph !== PHASE_HOLDING) continue;
    airborne[a.cls[s]]++;
    if (a.overdue[s]) overdue[a.cls[s]]++;
  }
  return { airborne, overdue };
}
