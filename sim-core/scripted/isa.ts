/** International Standard Atmosphere and airspeed conversions (as BlueSky's tools/aero.py), for selected speeds in CAS or Mach. */
const G0 = 9.80665, R_AIR = 287.05287, GAMMA = 1.4, T0 = 288.15, P0 = 101325, RHO0 = 1.225, LAPSE = -0.0065, H_TROPO = 11000;

/** ISA temperature (K), pressure (Pa) and density (kg/m³) at geometric altitude h (m), up to 20 km. */
export function isa(h: number): { T: number; p: number; rho: number } {
  const hb = Math.min(h, H_TROPO);
  const T11 = T0 + LAPSE * hb;
  let p = P0 * (T11 / T0) ** (-G0 / (LAPSE * R_AIR));
  let T = T11;
  if (h > H_TROPO) {
    p *= Math.exp((-G0 / (R_AIR * T11)) * (h - H_TROPO));
    T = T11;
  }
  return { T, p, rho: p / (R_AIR * T) };
}

const MU = (GAMMA - 1) / GAMMA;

/** Calibrated to true airspeed (m/s) at altitude h (m): compressible, as BlueSky's vcas2tas. */
export function casToTas(cas: number, h: number): number {
  const { p, rho } = isa(h);
  const qc = P0 * ((1 + (MU / 2) * (RHO0 / P0) * cas * cas) ** (1 / MU) - 1);
  return Math.sqrt((2 / MU) * (p / rho) * ((1 + qc / p) ** MU - 1));
}

/** Mach to true airspeed (m/s) at altitude h (m). */
export function machToTas(mach: number, h: number): number {
  return mach * Math.sqrt(GAMMA * R_AIR * isa(h).T);
}

/** A selected speed as BlueSky keeps it: CAS (m/s) or a Mach number. */
export interface SpeedSetting {
  value: number;
  mach: boolean;
}

export function speedToTas(s: SpeedSetting, h: number): number {
  return selectedTas(s.value, s.mach, h);
}

/** The same from the two columns a selected speed is kept in (no object per aircraft per step). */
export function selectedTas(value: number, mach: boolean, h: number): number {
  return mach ? machToTas(value, h) : casToTas(value, h);
}

