import { Registry } from '../../world/registry.ts';
import type { TrafficState } from './traffic.ts';
import type { EarthModel } from '../../world/world.ts';

/**
 * How detection measures the horizontal offset between two aircraft.
 *  - `local` (default): the difference of their positions in the scenario's local frame
 *    (transverse Mercator on WGS84, airspace/local-frame.ts): within 0.1 % of the WGS84 geodesic
 *    at 10 km.
 *  - `bluesky`: BlueSky's "kwik" flat earth (bluesky/tools/geo.py, kwikqdrdist): a sphere of
 *    radius 6,371,000 m, the longitude difference scaled by the cosine of the pair's mean
 *    latitude, the offset rebuilt from that distance and bearing. Slightly wrong (about 0.1–0.5 %
 *    on distance, by latitude) but what BlueSky computes, so conflict pairs match its own.
 */
export type { EarthModel };

export const EARTH_MODELS = new Registry<EarthModel>('earth model', {
  local: { value: 'local', description: 'offsets in the local transverse-Mercator frame on WGS84 (default, accurate)' },
  bluesky: { value: 'bluesky', description: "BlueSky's flat earth: sphere R = 6,371 km, mean-latitude scaling (pairs match BlueSky's)" },
});

export const BLUESKY_EARTH_RADIUS_M = 6_371_000;
const RAD = Math.PI / 180;

/**
 * Offset of aircraft j from aircraft i (east, north; metres) on BlueSky's flat earth, written
 * into out[0], out[1]. Same operations as BlueSky's: wrapped longitude difference, distance and
 * bearing, then components (dist·sin qdr, dist·cos qdr).
 */
export function flatEarthOffset(latI: number, lonI: number, latJ: number, lonJ: number, out: Float64Array): void {
  const dlat = (latJ - latI) * RAD;
  // Python's % is non-negative for a positive modulus; JavaScript's keeps the sign.
  let wrapped = (lonJ - lonI + 180) % 360;
  if (wrapped < 0) wrapped += 360;
  const dlon = (wrapped - 180) * RAD;
  const cavelat = Math.cos((latJ + latI) * RAD * 0.5);
  const dist = BLUESKY_EARTH_RADIUS_M * Math.sqrt(dlat * dlat + dlon * dlon * cavelat * cavelat);
  const qdr = Math.atan2(dlon * cavelat, dlat);
  out[0] = dist * Math.sin(qdr);
  out[1] = dist * Math.cos(qdr);
}

/** Upper bound of the relative difference of the flat-earth offset from the local one, besides grid convergence. */
const MODEL_GAP = 0.01;

/**
 * Extra horizontal padding (m) the broad phases add to each swept box when detection uses the
 * flat earth: the broad phase works on local positions, the pair test on flat-earth offsets, so
 * a pair's boxes must overlap whenever its flat-earth CPA can be within rpz. The two offsets
 * differ by at most eps·|offset| (eps: ellipsoid against sphere and projection scale, below 1 %,
 * plus the local frame's grid convergence Δλ·sin φ off its central meridian), and a pair that
 * can conflict within the lookahead starts at most rpz + (v_i + v_j)·tlook apart; half of
 * eps·(rpz + 2·v_max·tlook) per box covers it. 0 with the local model.
 */
export function flatEarthPadM(s: TrafficState, rpz: number, tlook: number, earth: EarthModel | undefined): number {
  if (earth !== 'bluesky' || s.n < 2) return 0;
  if (!(s.lat[0] === s.lat[0])) throw new Error('flat-earth detection needs the latitude and longitude columns of the traffic state');
  let dLonMax = 0, sinLatMax = 0, v2Max = 0;
  const lon0 = s.frameLon === s.frameLon ? s.frameLon : s.lon[0];
  for (let i = 0; i < s.n; i++) {
    let dl = Math.abs(s.lon[i] - lon0) % 360;
    if (dl > 180) dl = 360 - dl;
    if (dl > dLonMax) dLonMax = dl;
    const sl = Math.abs(Math.sin(s.lat[i] * RAD));
    if (sl > sinLatMax) sinLatMax = sl;
    const v2 = s.vx[i] * s.vx[i] + s.vy[i] * s.vy[i];
    if (v2 > v2Max) v2Max = v2;
  }
  const eps = MODEL_GAP + 1.1 * dLonMax * RAD * sinLatMax;
  return 0.5 * eps * (rpz + 2 * Math.sqrt(v2Max) * tlook);
}
