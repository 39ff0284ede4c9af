import type { WindConfig, WindProfile } from '../world/world.ts';

export type { WindConfig, WindProfile } from '../world/world.ts';

/**
 * Wind: a field of horizontal wind vectors (east, north; m/s, the direction the air moves toward)
 * over the local frame, and the wind triangle that turns an aircraft's airspeed and desired ground
 * track into a heading and a ground speed.
 *
 * Models (scenario `wind.model`): `none`; `uniform` (one vector everywhere); `layered` (vectors
 * at altitudes, linear in altitude between them, constant beyond the outermost); `grid` (points,
 * each with its own altitude profile; horizontally inverse-distance-squared weighted, as
 * BlueSky's WindSim does; vertically linear). Below `min_alt_m` (BlueSky: 50 ft) there is no
 * wind: aircraft on or near the ground. Gusts are a field-wide first-order Gauss-Markov process
 * (engine/systems/wind.ts) added to the forecast; strategic timing uses the forecast only.
 */

/** Components (toward) of a wind blowing from `fromDeg` (meteorological, clockwise from north) at `speed`. */
export function windComponents(fromDeg: number, speed: number): [number, number] {
  const r = (fromDeg * Math.PI) / 180;
  return [-speed * Math.sin(r), -speed * Math.cos(r)];
}

function profileAt(p: WindProfile, z: number, out: Float64Array): void {
  const n = p.altM.length;
  if (n === 1 || z <= p.altM[0]) {
    out[0] = p.east[0];
    out[1] = p.north[0];
    return;
  }
  if (z >= p.altM[n - 1]) {
    out[0] = p.east[n - 1];
    out[1] = p.north[n - 1];
    return;
  }
  let i = 1;
  while (p.altM[i] < z) i++;
  const f = (z - p.altM[i - 1]) / (p.altM[i] - p.altM[i - 1]);
  out[0] = p.east[i - 1] + f * (p.east[i] - p.east[i - 1]);
  out[1] = p.north[i - 1] + f * (p.north[i] - p.north[i - 1]);
}

const tmp = new Float64Array(2);

/** The forecast wind at (x, y, z) into out[0] (east), out[1] (north). */
export function forecastWind(w: WindConfig, x: number, y: number, z: number, out: Float64Array): void {
  if (w.model === 'none' || z < w.minAltM) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  if (w.model !== 'grid') {
    profileAt(w.profiles[0], z, out);
    return;
  }
  let se = 0, sn = 0, sw = 0;
  for (let k = 0; k < w.profiles.length; k++) {
    const dx = x - w.pointX[k], dy = y - w.pointY[k];
    const d2 = dx * dx + dy * dy;
    profileAt(w.profiles[k], z, tmp);
    // On a point: its own value (the weight would be infinite).
    if (d2 < 1e-6) {
      out[0] = tmp[0];
      out[1] = tmp[1];
      return;
    }
    const wt = 1 / d2;
    se += wt * tmp[0];
    sn += wt * tmp[1];
    sw += wt;
  }
  out[0] = se / sw;
  out[1] = sn / sw;
}

/**
 * The wind triangle: flying airspeed `tas` along ground track direction (ux, uy) (unit vector)
 * in wind (we, wn), the ground speed along the track, with the aircraft crabbed into the
 * crosswind. When the crosswind exceeds the airspeed the track cannot be held; the result is
 * the along-track wind component only (never negative: the aircraft is blown back no faster
 * than it is held in place by the guidance, which then turns it into the wind).
 */
export function groundSpeedAlong(tas: number, ux: number, uy: number, we: number, wn: number): number {
  const along = we * ux + wn * uy;
  const cross = we * uy - wn * ux;
  const rad = tas * tas - cross * cross;
  const gs = rad > 0 ? along + Math.sqrt(rad) : along;
  return gs > 0 ? gs : 0;
}

/** Airspeed needed to make ground speed `gs` along (ux, uy) in wind (we, wn): |gs·u − W|. */
export function airspeedFor(gs: number, ux: number, uy: number, we: number, wn: number): number {
  const ax = gs * ux - we, ay = gs * uy - wn;
  return Math.sqrt(ax * ax + ay * ay);
}

/** Heading (rad, clockwise from north) that holds track (ux, uy) at ground speed gs in wind (we, wn). */
export function headingFor(gs: number, ux: number, uy: number, we: number, wn: number): number {
  return Math.atan2(gs * ux - we, gs * uy - wn);
}

/** What one run's wind holds: the gusts now and what aircraft felt (stepped by engine/systems/wind.ts). */
export class WindState {
  gustE = 0;
  gustN = 0;
  /** Largest gust magnitude seen (m/s). */
  maxGust = 0;
  /** Wind speed felt by airborne aircraft, summed over aircraft-ticks (for the mean in the summary). */
  feltSum = 0;
  feltCount = 0;
  /** Scratch for one lookup. */
  readonly out = new Float64Array(2);
}

