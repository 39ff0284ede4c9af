import type { EngineState } from '../state.ts';
import { trackSinCos, type AgentStore } from '../../world/agents.ts';
import type { ClassEnvelope } from '../../world/world.ts';
import { advanceWaypoint } from './arrivals.ts';
import { windAt } from './wind.ts';
import { airspeedFor, groundSpeedAlong } from '../../airspace/wind.ts';

/**
 * Guidance and integration of aircraft: a turn-rate-limited track toward the next waypoint (or
 * the tactical resolution's commanded velocity while one holds), a speed that can still slow to
 * the waypoint's pass speed, a vertical controller within climb and descent rates; hovering in
 * place while holding for a pad.
 */
const TWO_PI = Math.PI * 2;
/** Tolerances: an agent is "at" a waypoint within these. */
const AT_WAYPOINT_M = 0.01;
const AT_ALTITUDE_M = 0.05;
/** Vertical controller time constant (s): commanded climb = altitude error / this. */
const VERTICAL_TAU_S = 1;
/** Below this ground speed a rotorcraft yaws freely (hover turn); above it the turn rate applies. */
export const HOVER_YAW_MPS = 0.5;

const wrapPi = (a: number) => {
  // fmod is a slow runtime call and returns |a| < 2π unchanged: skip it then (same result).
  if (a >= TWO_PI || a <= -TWO_PI) a %= TWO_PI;
  return a > Math.PI ? a - TWO_PI : a < -Math.PI ? a + TWO_PI : a;
};

/** One tick of flight along the route. */
export function fly(st: EngineState, s: number): void {
  const a = st.agents;
  const c = st.world.classes[a.cls[s]];
  const dt = st.world.dt;
  const tx = a.wpX[s], ty = a.wpY[s];
  // A vertical resolution sets the altitude to hold until the tactical phase releases it (never on
  // the last leg: the descent to the pad or delivery point is flown as planned).
  const resoAlt = a.resoActive[s] && a.wpIdx[s] < a.wpCount[s] - 1 ? a.resoAlt[s] : NaN;
  const tz = resoAlt === resoAlt ? resoAlt : a.wpZ[s];
  const vleg = a.wpVleg[s], vpass = a.wpVpass[s];
  const x = a.x[s], y = a.y[s], z = a.z[s];
  const dx = tx - x, dy = ty - y;
  const dH = Math.sqrt(dx * dx + dy * dy);

  // Horizontal: turn toward the waypoint, then pick a speed that can still slow to vpass;
  // while a tactical resolution holds a velocity command, follow it instead.
  let gs = a.gs[s];
  let target = 0;
  // In wind, speeds of the plan and the envelope are airspeeds: along the current track they give
  // the ground speeds below (wind triangle, crabbed into the crosswind; guidance holds the track).
  const wind = st.world.wind.model !== 'none';
  let we = 0, wn = 0, cruise = vleg, maxGs = c.maxMps;
  if (wind) {
    const w = windAt(st, x, y, z);
    we = w[0];
    wn = w[1];
  }
  const resoH = holdsHorizontalCommand(a, s);
  if (resoH) target = turnToResolution(a, c, s, dt);
  else if (dH > AT_WAYPOINT_M) {
    const bearing = Math.atan2(dx, dy);
    const trk = turnToward(a.trk, s, bearing, gs, c.turnRateRps * dt);
    if (wind) cruise = groundSpeedAlong(vleg < c.maxMps ? vleg : c.maxMps, Math.sin(trk), Math.cos(trk), we, wn);
    const cosErr = trk === bearing ? 1 : Math.cos(wrapPi(bearing - trk)); // on track (the common case): cos 0
    if (cosErr > 0) {
      const brake = Math.sqrt(vpass * vpass + 2 * c.decelMps2 * dH);
      target = (cruise < brake ? cruise : brake) * cosErr;
    }
  }
  trackSinCos(a, s);
  const sinT = a.trkSin[s], cosT = a.trkCos[s];
  if (wind) maxGs = groundSpeedAlong(c.maxMps, sinT, cosT, we, wn);
  gs = toward(gs, target, c.accelMps2 * dt);
  if (gs > maxGs) gs = maxGs;
  if (gs < 0) gs = 0;
  a.gs[s] = gs;
  if (wind) a.tas[s] = airspeedFor(gs, sinT, cosT, we, wn);

  // Vertical: toward the target altitude (verticalStep).
  const nz = verticalStep(a, c, s, tz, dt);
  // Integrate; never overshoot the waypoint (snap when this step would reach it).
  const step = gs * dt;
  let reachedH: boolean;
  if (step >= dH && !resoH) {
    a.x[s] = tx;
    a.y[s] = ty;
    reachedH = true;
  } else {
    a.x[s] = x + sinT * step;
    a.y[s] = y + cosT * step;
    reachedH = false;
  }
  const moved = step < dH ? step : dH;
  a.z[s] = nz;
  const travelled = Math.sqrt(moved * moved + (nz - z) * (nz - z));
  a.distanceM[s] += travelled;
  st.metrics.distanceM[a.cls[s]] += travelled;

  const reachedV = vpass > 0 || Math.abs(tz - nz) < AT_ALTITUDE_M;
  if (reachedH && reachedV) {
    a.z[s] = vpass > 0 ? nz : tz;
    advanceWaypoint(st, s);
  }
}

/** `v` moved toward `target` by at most `step`. */
function toward(v: number, target: number, step: number): number {
  const d = target - v;
  return v + (d > step ? step : d < -step ? -step : d);
}

/** Does a tactical resolution hold a horizontal command for slot s (resoVx NaN: vertical only)? */
function holdsHorizontalCommand(a: AgentStore, s: number): boolean {
  return a.resoActive[s] === 1 && a.resoVx[s] === a.resoVx[s];
}

/** Turns slot s toward its resolution's commanded velocity (turn-rate limited); returns the commanded speed. */
function turnToResolution(a: AgentStore, c: ClassEnvelope, s: number, dt: number): number {
  turnToward(a.trk, s, Math.atan2(a.resoVx[s], a.resoVy[s]), a.gs[s], c.turnRateRps * dt);
  return Math.sqrt(a.resoVx[s] * a.resoVx[s] + a.resoVy[s] * a.resoVy[s]);
}

/**
 * One step of the vertical controller toward altitude `tz`: a climb or descent proportional to
 * the error, within the class's rates and able to stop at the target (snapped on arrival). Sets
 * the slot's vertical speed and returns its new altitude (the caller stores it).
 */
function verticalStep(a: AgentStore, c: ClassEnvelope, s: number, tz: number, dt: number): number {
  const z = a.z[s];
  const dz = tz - z;
  let vzt = dz / VERTICAL_TAU_S;
  const stop = Math.sqrt(2 * c.verticalAccelMps2 * Math.abs(dz));
  if (vzt > stop) vzt = stop;
  if (vzt < -stop) vzt = -stop;
  if (vzt > c.climbMps) vzt = c.climbMps;
  if (vzt < -c.descentMps) vzt = -c.descentMps;
  let vz = toward(a.vz[s], vzt, c.verticalAccelMps2 * dt);
  if (vz > c.climbMps) vz = c.climbMps;
  if (vz < -c.descentMps) vz = -c.descentMps;
  let nz = z + vz * dt;
  if ((dz >= 0 && nz >= tz) || (dz <= 0 && nz <= tz)) {
    nz = tz;
    vz = 0;
  }
  if (nz < 0) nz = 0;
  a.vz[s] = vz;
  return nz;
}

/**
 * Hover while waiting for a pad: shed speed within the envelope. While a tactical resolution
 * holds, side-step at its commanded velocity and go to its level: aircraft queueing for one
 * vertiport all wait at its top of descent, and one that ignored resolution stayed inside the
 * protected zone of the next for as long as both waited (with horizontal-only MVP, hundreds of
 * thousands of pair-seconds in a 6 h Alatau run with strategic deconfliction off).
 */
export function hover(st: EngineState, s: number): void {
  const a = st.agents, cls = a.cls[s], dt = st.world.dt, c = st.world.classes[cls];
  const gs = holdsHorizontalCommand(a, s)
    ? toward(a.gs[s], Math.min(turnToResolution(a, c, s, dt), c.maxMps), c.accelMps2 * dt)
    : a.gs[s] - c.accelMps2 * dt;
  const step = (gs > 0 ? gs : 0) * dt;
  a.gs[s] = gs > 0 ? gs : 0;
  trackSinCos(a, s);
  a.x[s] += a.trkSin[s] * step;
  a.y[s] += a.trkCos[s] * step;
  a.distanceM[s] += step;
  st.metrics.distanceM[cls] += step;
  if (a.resoActive[s] === 1 && a.resoAlt[s] === a.resoAlt[s]) a.z[s] = verticalStep(a, c, s, a.resoAlt[s], dt);
  // Holding position in wind means flying into it: the airspeed is the wind's speed (less the drift).
  if (st.world.wind.model !== 'none') {
    const w = windAt(st, a.x[s], a.y[s], a.z[s]);
    a.tas[s] = airspeedFor(a.gs[s], a.trkSin[s], a.trkCos[s], w[0], w[1]);
  }
}

/** Turns track column entry `s` toward `bearing` by at most `maxTurn` (free yaw in hover); returns it. */
function turnToward(trk: Float64Array, s: number, bearing: number, gs: number, maxTurn: number): number {
  let t = trk[s];
  if (gs < HOVER_YAW_MPS) t = bearing;
  else {
    const err = wrapPi(bearing - t);
    t = wrapPi(t + (err > maxTurn ? maxTurn : err < -maxTurn ? -maxTurn : err));
  }
  trk[s] = t;
  return t;
}
