/**
 * BlueSky's argument units and ISA conversions, as its stack parses them (bluesky/tools/aero.py,
 * stack/argparser.py): altitudes in feet or flight levels, speeds in knots CAS or Mach, positions in
 * decimal degrees or N/S/E/W degrees'minutes'seconds, vertical speeds in ft/min, distances in nm.
 */
export const FT = 0.3048;
export const NM = 1852;
export const KTS = NM / 3600;
export const FPM = FT / 60;

import { casToTas, machToTas, type SpeedSetting } from '../../../sim-core/scripted/isa.ts';
export { casToTas, machToTas, type SpeedSetting };

/** A bad argument: what was expected (the caller adds file, line and command). */
export class ArgError extends Error {}

/** Altitudes a scenario may give (ft): FL999 is the highest flight level BlueSky's syntax writes. */
const MIN_ALT_FT = -2000, MAX_ALT_FT = 100_000;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(text: string | undefined, what: string): number {
  if (text === undefined || text === '') throw new ArgError(`missing ${what}`);
  if (!NUMBER.test(text)) throw new ArgError(`expected ${what}, got ${JSON.stringify(text.slice(0, 40))}`);
  const v = Number(text);
  // "1e400" matches the pattern but is Infinity: a number out of range, not a value.
  if (!Number.isFinite(v)) throw new ArgError(`expected ${what}, got ${JSON.stringify(text.slice(0, 40))} (beyond the range of a number)`);
  return v;
}

/** "FL100" or feet ("5000", "5000FT"); returns metres. */
export function parseAltitude(text: string | undefined, what = 'altitude (ft or FLxxx)'): number {
  if (text === undefined || text === '') throw new ArgError(`missing ${what}`);
  const t = text.toUpperCase();
  const ft = t.startsWith('FL') ? parseNumber(t.slice(2), what) * 100 : parseNumber(t.endsWith('FT') ? t.slice(0, -2) : t, what);
  // The ISA (and any aircraft) ends well below this: at 1e9 ft the air density is 0 and CAS has no TAS.
  if (ft < MIN_ALT_FT || ft > MAX_ALT_FT) throw new ArgError(`expected ${what} from ${MIN_ALT_FT} to ${MAX_ALT_FT} ft, got ${JSON.stringify(text.slice(0, 40))}`);
  return ft * FT;
}

/** "250" (knots CAS), "M0.78" or "0.78" (Mach, below 1 as BlueSky reads it). */
export function parseSpeed(text: string | undefined, what = 'speed (kts CAS or Mach)'): SpeedSetting {
  if (text === undefined || text === '') throw new ArgError(`missing ${what}`);
  const t = text.toUpperCase();
  if (t.startsWith('M')) return { value: parseNumber(t.slice(1), what), mach: true };
  const v = parseNumber(t, what);
  if (v < 0) throw new ArgError(`expected a non-negative ${what}, got ${text}`);
  return v < 1 && v > 0 ? { value: v, mach: true } : { value: v * KTS, mach: false };
}

/** Decimal degrees ("52.3", "-4.1") or hemisphere-prefixed degrees'minutes'seconds ("N52'18'30.5", "E004'12'00"). */
export function parseAngle(text: string | undefined, axis: 'lat' | 'lon'): number {
  const what = axis === 'lat' ? 'latitude' : 'longitude';
  if (text === undefined || text === '') throw new ArgError(`missing ${what}`);
  const t = text.toUpperCase();
  let sign = 1, body = t;
  const hemi = t[0];
  if ('NSEW'.includes(hemi)) {
    if ((axis === 'lat') !== (hemi === 'N' || hemi === 'S')) throw new ArgError(`expected a ${what}, got ${JSON.stringify(text)}`);
    sign = hemi === 'S' || hemi === 'W' ? -1 : 1;
    body = t.slice(1);
  }
  const parts = body.split("'");
  if (parts.length > 3 || parts.some((p) => !NUMBER.test(p))) throw new ArgError(`expected a ${what} in degrees, got ${JSON.stringify(text.slice(0, 40))}`);
  const [d, m = '0', s = '0'] = parts;
  const deg = Math.abs(Number(d)) + Number(m) / 60 + Number(s) / 3600;
  const value = sign * (Number(d) < 0 ? -deg : deg);
  const limit = axis === 'lat' ? 90 : 180;
  if (!(Math.abs(value) <= limit)) throw new ArgError(`expected a ${what} within ±${limit}°, got ${text}`);
  return value;
}

/** Is this token a position (a latitude) rather than a waypoint or airport name? */
export function looksLikeLatitude(text: string | undefined): boolean {
  if (!text) return false;
  try {
    parseAngle(text, 'lat');
    return true;
  } catch {
    return false;
  }
}

/** ON/OFF (also TRUE/FALSE, 1/0); undefined when absent. */
export function parseOnOff(text: string | undefined, what: string): boolean | undefined {
  if (text === undefined) return undefined;
  const t = text.toUpperCase();
  if (t === 'ON' || t === 'TRUE' || t === '1') return true;
  if (t === 'OFF' || t === 'FALSE' || t === '0') return false;
  throw new ArgError(`expected ${what} ON or OFF, got ${JSON.stringify(text.slice(0, 40))}`);
}
