import { setActiveWaypoint } from './active-waypoint.ts';
import { CLASS_GROUND } from '../../world/world.ts';
import { PHASE_TURNAROUND } from '../../world/agents.ts';
import { EVENT_ARRIVE, EVENT_D2D_EGRESS, EVENT_DESPAWN } from '../../metrics/events.ts';
import type { EngineState } from '../state.ts';
import { reservePadOrHold } from './pads.ts';

/**
 * Arrivals: waypoint progress, landing or parking, turnaround on the pad, despawn. Called from
 * the motion and ground phases at the moment an agent reaches a waypoint or its destination.
 */

/** The agent is at its current waypoint: move to the next, reserving a pad before the descent. */
export function advanceWaypoint(st: EngineState, s: number): void {
  const a = st.agents;
  const next = a.wpIdx[s] + 1;
  if (next >= a.wpCount[s]) {
    arrive(st, s);
    return;
  }
  setActiveWaypoint(a, s, st.routes[s]!, next);
  const v = a.destVertiport[s];
  if (next === a.wpCount[s] - 1 && v >= 0 && a.pad[s] < 0) reservePadOrHold(st, s, v);
}

export function arrive(st: EngineState, s: number): void {
  const a = st.agents, m = st.metrics, tick = st.tick;
  const cls = a.cls[s];
  a.arriveTick[s] = tick;
  a.gs[s] = 0;
  a.vz[s] = 0;
  st.ids.arriveTick[a.id[s]] = tick;
  m.completed[cls]++;
  m.tripTicks[cls] += tick - a.spawnTick[s];
  if (cls !== CLASS_GROUND) {
    m.extraDistanceM[cls] += a.distanceM[s] - a.plannedLengthM[s];
    m.extraTimeS[cls] += (tick - a.spawnTick[s]) * st.world.dt - a.plannedTimeS[s];
    m.resolvedTrips[cls]++;
  }
  st.events.push(tick, EVENT_ARRIVE, a.id[s], a.destVertiport[s], (tick - a.spawnTick[s]) * st.world.dt);
  if (st.doorToDoor.travelling.size) {
    const d2d = st.doorToDoor.complete(a.trip[s], a.spawnTick[s], tick);
    if (d2d) st.events.push(tick, EVENT_D2D_EGRESS, a.id[s], Math.round(d2d.egressS), d2d.totalS);
  }
  if (a.pad[s] >= 0) {
    const vi = a.destVertiport[s], v = st.world.vertiports[vi];
    st.vertiportStats.landings[vi]++;
    // A charging pad keeps the aircraft until it is back at its departure charge (or the turnaround,
    // if longer); with stands it charges on a stand after the turnaround and the pad frees then (on
    // the pad only when every stand is taken).
    const battery = st.world.classes[cls].battery;
    let stay = v.turnaroundTicks, leave = stay;
    if (battery && v.chargingW > 0 && a.soc[s] < battery.departureSoc && (v.stands > 0 || st.pads.localIndex(vi, a.pad[s]) < v.chargingPads)) {
      const chargeTicks = Math.ceil(((battery.departureSoc - a.soc[s]) * battery.capacityJ) / v.chargingW / st.world.dt);
      m.chargeTicks[cls] += chargeTicks;
      m.charged[cls]++;
      a.soc[s] = battery.departureSoc;
      if (v.stands > 0 && st.stands.take(vi, tick + stay, tick + stay + chargeTicks)) {
        st.vertiportStats.standCharges[vi]++;
        leave = stay + chargeTicks;
      } else {
        if (v.stands > 0) st.vertiportStats.standOverflows[vi]++;
        if (chargeTicks > stay) stay = chargeTicks;
        leave = stay;
      }
    }
    a.leaveTick[s] = tick + leave;
    st.pads.occupyUntil(a.pad[s], tick + stay);
    a.phase[s] = PHASE_TURNAROUND;
  } else despawn(st, s);
}

/** On the pad: leaves (despawns) once the vertiport's turnaround is over. */
export function endTurnaround(st: EngineState, s: number): void {
  const a = st.agents;
  if (st.tick >= a.leaveTick[s]) despawn(st, s);
}

function despawn(st: EngineState, s: number): void {
  const a = st.agents;
  st.routes[s] = null;
  st.metrics.active[a.cls[s]]--;
  st.metrics.despawned[a.cls[s]]++;
  st.events.push(st.tick, EVENT_DESPAWN, a.id[s], -1, 0);
  a.release(s);
}
