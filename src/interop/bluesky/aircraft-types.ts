import type { PerformanceFamily } from '../../../sim-core/scripted/performance.ts';

/**
 * BlueSky aircraft types (ICAO designators and BlueSky's drone names) to skyweave performance
 * families. The figures are round, documented values for each kind of vehicle, not one type's
 * certified data: BlueSky's own models (OpenAP, BADA) are richer for airliners; skyweave's job is
 * the low-altitude fleet. Listed in the README ("BlueSky scenarios").
 */
export const FAMILIES: PerformanceFamily[] = [
  // DJI-class multirotors: ~18-23 m/s top speed, 5 m/s climb, 3 m/s descent.
  { name: 'multirotor', skyweaveClass: 'drone', minTasMps: 0, maxTasMps: 23, climbMps: 5, descentMps: 3, accelMps2: 3, bankDeg: 30, ceilingM: 1500 },
  // Delivery drones (Amazon MK27, Wing, Zipline, Manna): ~30 m/s.
  { name: 'delivery-drone', skyweaveClass: 'drone', minTasMps: 0, maxTasMps: 30, climbMps: 6, descentMps: 4, accelMps2: 2.5, bankDeg: 30, ceilingM: 1500 },
  // Passenger eVTOLs (EHang 216 to Joby S4): cruise 30-90 m/s, ~5 m/s climb.
  { name: 'evtol', skyweaveClass: 'evtol', minTasMps: 0, maxTasMps: 90, climbMps: 5, descentMps: 4, accelMps2: 2, bankDeg: 25, ceilingM: 3000 },
  // Light and medium helicopters: ~75 m/s, 7.5 m/s climb.
  { name: 'helicopter', skyweaveClass: 'evtol', minTasMps: 0, maxTasMps: 80, climbMps: 7.5, descentMps: 7.5, accelMps2: 1.5, bankDeg: 25, ceilingM: 6000 },
  // Airliners and general aviation: 2,500 ft/min, 0.5 m/s², no slower than ~60 kts.
  { name: 'fixed-wing', skyweaveClass: 'fixed-wing', minTasMps: 30, maxTasMps: 260, climbMps: 12.7, descentMps: 12.7, accelMps2: 0.5, bankDeg: 25, ceilingM: 13000 },
];

const FAMILY_OF_TYPE: Record<string, string> = {};
const group = (family: string, types: string) => { for (const t of types.split(/\s+/).filter(Boolean)) FAMILY_OF_TYPE[t] = family; };
group('multirotor', 'M100 M200 M210 M300 M600 MATRICE MAVIC MAVIC2 MAVIC3 PHAN4 PHANTOM INSPIRE DJI DRONE QUAD UAV UAS MULTIROTOR');
group('delivery-drone', 'AMZN MK27 WING ZIPLINE MANNA EXPLORER DELIVERY');
group('evtol', 'EH216 EHANG JOBY S4 LILIUM VC2X VOLOCITY VOLOCOPTER A3 VAHANA CITYAIRBUS ARCHER MIDNIGHT VX4 EVTOL');
group('helicopter', 'EC35 EC45 EC55 EC30 H135 H145 H160 H125 AS50 AS55 A109 A139 B06 B407 B429 R22 R44 R66 S76 HELI');
group('fixed-wing', 'A318 A319 A320 A321 A20N A21N A332 A333 A339 A343 A359 A388 B736 B737 B738 B739 B38M B744 B748 B752 B753 B762 B763 B772 B77W B788 B789 B78X E170 E175 E190 E195 CRJ2 CRJ7 CRJ9 DH8D AT72 AT76 F100 C172 C182 PA28 SR22 PC12');

/** The family index for a BlueSky type, and whether the type was known (unknown types fly as fixed-wing, BlueSky's own fallback to an airliner). */
export function familyOfType(type: string): { family: number; known: boolean } {
  const name = FAMILY_OF_TYPE[type.toUpperCase()];
  const family = FAMILIES.findIndex((f) => f.name === (name ?? 'fixed-wing'));
  return { family, known: name !== undefined };
}

/** Rows for the README and `run --bluesky --help`: family, class, types. */
export function typeTable(): { family: string; skyweaveClass: string; types: string[] }[] {
  return FAMILIES.map((f) => ({ family: f.name, skyweaveClass: f.skyweaveClass, types: Object.keys(FAMILY_OF_TYPE).filter((t) => FAMILY_OF_TYPE[t] === f.name) }));
}
