/**
 * Flight performance of a scripted aircraft, per family of types (the BlueSky importer maps
 * aircraft types to families: src/interop/bluesky/aircraft-types.ts).
 */
export interface PerformanceFamily {
  name: string;
  /** Which skyweave class the family is counted as (summaries, right of way). */
  skyweaveClass: 'drone' | 'evtol' | 'fixed-wing';
  /** True airspeed limits (m/s): selections outside are clipped, as BlueSky's performance limits do. */
  minTasMps: number;
  maxTasMps: number;
  /** Default climb and descent rates (m/s) when a command gives none. */
  climbMps: number;
  descentMps: number;
  /** Longitudinal acceleration (m/s²). */
  accelMps2: number;
  /** Bank angle of a standard turn (degrees): turn rate g·tan(bank)/tas. */
  bankDeg: number;
  /** Highest altitude the family flies (m): the top of the band vertical resolution may use. */
  ceilingM: number;
}
