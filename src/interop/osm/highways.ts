/**
 * OpenStreetMap highway classes to skyweave roads: which classes are drivable, their default
 * lanes per direction and speed when a way has no `lanes` / `maxspeed` tag, and the tag readers.
 * Defaults follow the OSM wiki's typical values (and SUMO's netconvert type map for urban roads);
 * they are listed in the README ("OpenStreetMap roads").
 */
export interface HighwayClass {
  /** Lanes per direction without a `lanes` tag. */
  lanes: number;
  speedKph: number;
  /** One-way unless tagged otherwise (motorways and their links). */
  onewayByDefault: boolean;
}

export const HIGHWAY_CLASSES: Record<string, HighwayClass> = {
  motorway: { lanes: 2, speedKph: 110, onewayByDefault: true },
  motorway_link: { lanes: 1, speedKph: 60, onewayByDefault: true },
  trunk: { lanes: 2, speedKph: 90, onewayByDefault: false },
  trunk_link: { lanes: 1, speedKph: 50, onewayByDefault: false },
  primary: { lanes: 2, speedKph: 60, onewayByDefault: false },
  primary_link: { lanes: 1, speedKph: 40, onewayByDefault: false },
  secondary: { lanes: 1, speedKph: 50, onewayByDefault: false },
  secondary_link: { lanes: 1, speedKph: 40, onewayByDefault: false },
  tertiary: { lanes: 1, speedKph: 50, onewayByDefault: false },
  tertiary_link: { lanes: 1, speedKph: 30, onewayByDefault: false },
  unclassified: { lanes: 1, speedKph: 40, onewayByDefault: false },
  residential: { lanes: 1, speedKph: 30, onewayByDefault: false },
  living_street: { lanes: 1, speedKph: 10, onewayByDefault: false },
  service: { lanes: 1, speedKph: 20, onewayByDefault: false },
  road: { lanes: 1, speedKph: 40, onewayByDefault: false },
};

export const HIGHWAY_CLASS_NAMES = Object.keys(HIGHWAY_CLASSES);

/** Implicit speed limits (`maxspeed=RU:urban` and the like), km/h; other countries: the generic row. */
const ZONE_SPEEDS: Record<string, Record<string, number>> = {
  generic: { urban: 50, rural: 90, motorway: 110, trunk: 90, living_street: 20, nsl_single: 96, nsl_dual: 112, walk: 7 },
  RU: { urban: 60, rural: 90, motorway: 110, trunk: 90, living_street: 20 },
  KZ: { urban: 60, rural: 90, motorway: 110, trunk: 90, living_street: 20 },
  UA: { urban: 50, rural: 90, motorway: 130, trunk: 110, living_street: 20 },
  BY: { urban: 60, rural: 90, motorway: 120, trunk: 90, living_street: 20 },
  DE: { urban: 50, rural: 100, motorway: 130, living_street: 7 },
  FR: { urban: 50, rural: 80, motorway: 130, trunk: 110 },
  IT: { urban: 50, rural: 90, motorway: 130, trunk: 110 },
  US: { urban: 40, rural: 88 },
  GB: { urban: 48, rural: 96, motorway: 112, nsl_single: 96, nsl_dual: 112 },
};
/** Speed used for `maxspeed=none` (no limit, German motorways): a typical free-flow speed. */
const NO_LIMIT_KPH = 130;

/** A `maxspeed` value in km/h, or null when it cannot be read (the class default applies and the value is counted). */
export function parseMaxspeed(text: string): number | null {
  const t = text.trim();
  const m = /^(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph|knots)?$/i.exec(t);
  if (m) {
    const v = Number(m[1]);
    const unit = (m[2] ?? 'km/h').toLowerCase();
    const kph = unit === 'mph' ? v * 1.609344 : unit === 'knots' ? v * 1.852 : v;
    // Below 1 km/h is a typo, not a limit (it would round to a road nobody can drive).
    return kph >= 1 && kph <= 300 ? kph : null;
  }
  if (t === 'none') return NO_LIMIT_KPH;
  if (t === 'walk') return 7;
  const zone = /^([A-Z]{2}):([a-z_]+)$/.exec(t);
  if (zone) return ZONE_SPEEDS[zone[1]]?.[zone[2]] ?? ZONE_SPEEDS.generic[zone[2]] ?? null;
  // "50;30" (several values): the first.
  if (t.includes(';')) return parseMaxspeed(t.split(';')[0]);
  return null;
}

/** A `lanes`-like tag as a positive integer, or null. */
export function parseLanes(text: string | undefined): number | null {
  if (text === undefined) return null;
  const t = text.includes(';') ? text.split(';')[0] : text;
  const n = Number(t.trim());
  return Number.isInteger(n) && n >= 1 && n <= 20 ? n : null;
}

/** Direction of travel: 1 with the way, −1 against it, 0 both; null for values skyweave does not model (reversible, alternating). */
export function parseOneway(tags: Record<string, string>, cls: HighwayClass): 1 | 0 | -1 | null {
  const v = tags.oneway;
  if (v === undefined) {
    const j = tags.junction;
    return j === 'roundabout' || j === 'circular' || cls.onewayByDefault ? 1 : 0;
  }
  if (v === 'yes' || v === 'true' || v === '1') return 1;
  if (v === '-1' || v === 'reverse') return -1;
  if (v === 'no' || v === 'false' || v === '0') return 0;
  return null;
}

/** Lanes each way for a road: [forward, backward] (backward 0 on a one-way), clamped to the schema's 1..8. */
export function lanesOf(tags: Record<string, string>, cls: HighwayClass, oneway: 1 | 0 | -1): { forward: number; backward: number; guessed: boolean } {
  const clamp = (n: number) => Math.max(1, Math.min(8, n));
  const total = parseLanes(tags.lanes);
  if (oneway !== 0) return { forward: clamp(total ?? cls.lanes), backward: 0, guessed: total === null };
  const fwd = parseLanes(tags['lanes:forward']), bwd = parseLanes(tags['lanes:backward']);
  if (fwd !== null || bwd !== null) {
    const f = fwd ?? (total !== null && bwd !== null ? total - bwd : null) ?? Math.ceil((total ?? cls.lanes * 2) / 2);
    const b = bwd ?? (total !== null && fwd !== null ? total - fwd : null) ?? Math.ceil((total ?? cls.lanes * 2) / 2);
    return { forward: clamp(f), backward: clamp(b), guessed: false };
  }
  // A two-way road's `lanes` counts both directions; an odd count gives the extra lane to each side.
  if (total !== null) return { forward: clamp(Math.ceil(total / 2)), backward: clamp(Math.ceil(total / 2)), guessed: false };
  return { forward: cls.lanes, backward: cls.lanes, guessed: true };
}
