import { z } from 'zod';
import { CLASS_NAMES } from '../world/world.ts';
import { dedupeRing } from './rings.ts';
import type { Registry } from '../world/registry.ts';
import { POLICIES } from '../routing/policies/index.ts';
import { RESOLVERS } from '../deconfliction/tactical/resolve/index.ts';
import { BROAD_PHASES } from '../deconfliction/tactical/broadphase.ts';
import { EARTH_MODELS } from '../deconfliction/tactical/earth.ts';
import { JUNCTION_CONTROLS } from '../ground/junctions/index.ts';
import { CAR_FOLLOWING_MODELS } from '../ground/car-following/index.ts';

/**
 * The scenario format (JSON + GeoJSON layers, WGS84). Every object is strict, so a misspelt or
 * unknown field (also one set with `--set`) is an error rather than silently ignored.
 */

export { CLASS_NAMES, type ClassName } from '../world/world.ts';

/** A family member's name: the enum comes from the family's registry, the error lists its members. */
const memberOf = <T>(registry: Registry<T>) => z.enum(registry.names, { error: registry.expected() });

const finite = (what: string) => z.number({ error: `expected ${what}` });
const positive = (what: string) => finite(what).positive({ error: `expected ${what} > 0` });
const nonNegative = (what: string) => finite(what).nonnegative({ error: `expected ${what} >= 0` });

const lonLat = z
  .tuple([finite('longitude in degrees'), finite('latitude in degrees')], {
    error: 'expected a [longitude, latitude] position',
  })
  .rest(z.number())
  .refine(([lon, lat]) => lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90, {
    error: 'expected longitude in [-180, 180] and latitude in [-90, 90]',
  });

// Consecutive repeated positions are noise, not an error: they are dropped before any check.
const ring = z
  .array(lonLat)
  .transform((r) => dedupeRing(r) as typeof r)
  .pipe(z.array(z.tuple([z.number(), z.number()]).rest(z.number())).min(4, { error: 'expected a linear ring of at least 4 distinct positions' }))
  .refine((r) => r.length < 4 || (r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1]), {
    error: 'expected a closed ring (first position equal to last)',
  });

const polygon = z.strictObject({
  type: z.literal('Polygon', { error: 'expected geometry type "Polygon"' }),
  coordinates: z.array(ring).min(1, { error: 'expected at least one ring' }),
});
const lineString = z.strictObject({
  type: z.literal('LineString', { error: 'expected geometry type "LineString"' }),
  coordinates: z.array(lonLat).min(2, { error: 'expected a LineString of at least 2 positions' }),
});
const point = z.strictObject({
  type: z.literal('Point', { error: 'expected geometry type "Point"' }),
  coordinates: lonLat,
});

const id = z.string({ error: 'expected a string id' }).min(1, { error: 'expected a non-empty id' });

function collection<P extends z.ZodTypeAny, G extends z.ZodTypeAny>(geometry: G, properties: P) {
  return z.strictObject({
    type: z.literal('FeatureCollection', { error: 'expected "FeatureCollection"' }),
    features: z.array(
      z.object({
        type: z.literal('Feature', { error: 'expected "Feature"' }),
        id: z.union([z.string(), z.number()]).optional(),
        geometry,
        properties,
      }),
    ),
  });
}

export const geofenceProps = z.strictObject({
  id,
  name: z.string().optional(),
  kind: z.enum(['no-fly', 'restricted', 'controlled'], { error: 'expected "no-fly", "restricted" or "controlled"' }),
  floor_m: nonNegative('floor altitude in metres'),
  ceiling_m: positive('ceiling altitude in metres'),
  /** Active window in seconds of the day, [from, to). Defaults to the whole day. */
  active_from_s: nonNegative('seconds of day').max(86400).default(0),
  active_to_s: nonNegative('seconds of day').max(86400).default(86400),
  source: z.string().optional(),
});

export const vertiportProps = z.strictObject({
  id,
  name: z.string().optional(),
  pads: finite('number of pads').int({ error: 'expected an integer number of pads' }).min(1, { error: 'expected at least 1 pad' }).max(1000, { error: 'expected at most 1000 pads per vertiport' }),
  turnaround_s: nonNegative('turnaround time in seconds'),
  zone: z.string().optional(),
  kind: z.enum(['vertiport', 'drone-hub']).default('vertiport'),
  /** Charging power per pad (kW; absent or 0: no charging) and how many of the pads charge (default: all). */
  charging_kw: nonNegative('charging power in kW').max(10_000).optional(),
  charging_pads: finite('number of charging pads').int().min(0).optional(),
  /**
   * Departure lanes: climb-outs to different altitude layers (the routing policy's altitude options,
   * in its order of preference), each separated by the strategic planner on its own. 1: one lane.
   */
  departure_lanes: finite('number of departure lanes').int({ error: 'expected an integer number of lanes' }).min(1, { error: 'expected at least 1 lane' }).max(8, { error: 'expected at most 8 lanes' }).default(1),
  /**
   * Charging stands off the pads (absent or 0: aircraft charge on the pads): after its
   * turnaround an aircraft that must charge moves to a free stand, so its pad is free again.
   * The stands charge at `charging_kw` (which they need); the pads then do not charge.
   */
  stands: finite('number of charging stands').int({ error: 'expected an integer number of stands' }).min(0, { error: 'expected 0 or more stands' }).max(1000, { error: 'expected at most 1000 stands' }).optional(),
});

export const corridorProps = z.strictObject({
  id,
  name: z.string().optional(),
  floor_m: nonNegative('floor altitude in metres'),
  ceiling_m: positive('ceiling altitude in metres'),
  width_m: positive('corridor width in metres'),
  direction: z.enum(['forward', 'both'], { error: 'expected "forward" or "both"' }),
  speed_mps: positive('speed limit in m/s').optional(),
  /** Flights per hour the corridor is designed for (for load colouring and reports). */
  capacity_per_hour: positive('capacity in flights per hour').default(40),
});

/**
 * An imported road network as the scenario loader inlines it (src/interop/sumo/scenario-net.ts):
 * nodes as [lon, lat]; links [from, to, lanes, speed m/s, priority, length m]; connections
 * [fromLink, fromLane, toLink, toLane, length m or -1, speed m/s or -1, signal program or -1, index or -1].
 */
const importedNetwork = z.strictObject({
  nodes: z.array(z.tuple([finite('longitude'), finite('latitude')])),
  links: z.array(z.tuple([finite('from node'), finite('to node'), finite('lanes'), finite('speed'), finite('priority'), finite('length')])),
  connections: z.array(z.array(finite('connection field')).length(8, { error: 'expected 8 numbers per connection' })),
  signals: z.array(z.strictObject({ id: z.string(), offset: finite('offset'), phases: z.array(z.strictObject({ duration: finite('duration'), state: z.string() })) })),
  unsupported: z.array(z.strictObject({ feature: z.string(), count: finite('count') })),
});

export const roadProps = z.strictObject({
  id,
  name: z.string().optional(),
  lanes: finite('lane count').int({ error: 'expected an integer lane count' }).min(1, { error: 'expected at least 1 lane' }).max(8, { error: 'expected at most 8 lanes per direction' }),
  speed_kph: positive('speed limit in km/h'),
  oneway: z.boolean().default(false),
});

export const zoneProps = z.strictObject({
  id,
  name: z.string().optional(),
  kind: z.enum(['finance', 'education', 'industry', 'tourism', 'residential', 'transport'], {
    error: 'expected one of finance, education, industry, tourism, residential, transport',
  }),
});

const multirotor = z.strictObject({
  model: z.literal('multirotor'),
  mass_kg: positive('mass in kg'),
  rotor_area_m2: positive('total rotor disc area in m²'),
  drag_area_m2: nonNegative('drag area CdA in m²'),
  efficiency: positive('power-train efficiency').max(1, { error: 'expected efficiency <= 1' }),
});
const evtolEnergy = z.strictObject({
  model: z.literal('evtol'),
  hover_kw: nonNegative('hover power in kW'),
  cruise_kwh_per_km: nonNegative('cruise energy in kWh/km'),
  transition_mps: positive('wing-borne transition speed in m/s'),
});
const roadEnergy = z.strictObject({
  model: z.literal('road'),
  kwh_per_km: nonNegative('energy per km in kWh/km'),
  idle_kw: nonNegative('idle power in kW'),
});
const energy = z.discriminatedUnion('model', [multirotor, evtolEnergy, roadEnergy], {
  error: 'expected energy.model "multirotor", "evtol" or "road"',
});

export const airClass = z.strictObject({
  cruise_mps: positive('cruise speed in m/s'),
  max_mps: positive('maximum speed in m/s'),
  climb_mps: positive('climb rate in m/s'),
  descent_mps: positive('descent rate in m/s'),
  accel_mps2: positive('acceleration in m/s²'),
  vertical_accel_mps2: positive('vertical acceleration in m/s²'),
  turn_rate_dps: positive('turn rate in degrees per second'),
  cruise_alt_m: positive('cruise altitude in metres'),
  energy,
  /** Battery: trips need their planned energy plus the reserve; charging pads refill it (absent: unlimited energy). */
  battery: z.strictObject({
    capacity_kwh: positive('battery capacity in kWh').max(100_000),
    /** Energy that must remain at landing, as a share of capacity (eVTOL rules: 20 % or 30 minutes). */
    reserve_fraction: nonNegative('reserve share').max(0.9, { error: 'expected a reserve share <= 0.9' }).default(0.2),
    /** State of charge aircraft take off with, and charging pads charge back to. */
    departure_soc: positive('state of charge').max(1, { error: 'expected a state of charge in (0, 1]' }).default(1),
  }).optional(),
});
export const groundClass = z.strictObject({
  max_mps: positive('maximum speed in m/s'),
  accel_mps2: positive('acceleration in m/s²'),
  decel_mps2: positive('comfortable deceleration in m/s²'),
  corner_mps: positive('speed through a right-angle corner in m/s'),
  energy,
});

const flow = z.strictObject({
  class: z.enum(CLASS_NAMES, { error: 'expected class "drone", "evtol" or "ground"' }),
  from: id,
  to: z.string({ error: 'expected a vertiport id or "zone:<id>"' }),
  trips_per_hour: nonNegative('trips per hour'),
  name: z.string().optional(),
});

const layerOrPath = <T extends z.ZodTypeAny>(layer: T) => layer;

const policyName = memberOf(POLICIES);
const altitudeLayers = z.array(positive('layer altitude in metres')).min(1, { error: 'expected at least one altitude layer' });

const airspace = z.strictObject({
  /** Routing policy for all air classes, unless `class_policy` names one for a class. */
  policy: policyName.default('full-mix'),
  class_policy: z.strictObject({ drone: policyName.optional(), evtol: policyName.optional() }).default({}),
  /** Altitude layers per air class (m), used by the layers and zones policies and as alternatives. */
  layers: z.strictObject({ drone: altitudeLayers, evtol: altitudeLayers }).default({ drone: [30, 60, 90, 120], evtol: [240, 300, 360, 420] }),
  strategic: z.strictObject({
    enabled: z.boolean().default(false),
    strategy: z.enum(['ground-delay', 'altitude', 'reroute', 'reject'], { error: 'expected "ground-delay", "altitude", "reroute" or "reject"' }).default('ground-delay'),
    /** Seconds of time uncertainty before and after every volume. */
    buffer_s: nonNegative('time buffer in seconds').default(10),
    /** Additional uncertainty per second of flight (fraction). */
    growth: nonNegative('uncertainty growth per second').max(1).default(0.02),
    /** Longest flight time one 4D volume covers (s). */
    piece_s: positive('seconds per volume').default(10),
    max_delay_s: nonNegative('maximum ground delay in seconds').default(1800),
    delay_step_s: positive('ground delay step in seconds').default(10),
    /** Vertiport terminal area radius (m): separated by pad scheduling, not by volumes. */
    terminal_radius_m: nonNegative('terminal radius in metres').default(300),
    /** Plan trips requested in the same tick by class priority (evtol before drone) instead of request order. */
    priorities: z.boolean().default(false),
  }).default({ enabled: false, strategy: 'ground-delay', buffer_s: 10, growth: 0.02, piece_s: 10, max_delay_s: 1800, delay_step_s: 10, terminal_radius_m: 300, priorities: false }),
});

const windLevel = z.strictObject({
  alt_m: finite('altitude in metres').min(0, { error: 'expected altitude >= 0' }).max(10_000, { error: 'expected altitude <= 10000 m' }),
  from_deg: finite('wind direction (from, degrees clockwise from north)').min(0, { error: 'expected from_deg in [0, 360]' }).max(360, { error: 'expected from_deg in [0, 360]' }),
  speed_mps: nonNegative('wind speed in m/s').max(100, { error: 'expected wind speed <= 100 m/s' }),
});
const windLevels = z.array(windLevel).min(1, { error: 'expected at least one level' }).max(100)
  .refine((l) => l.every((v, i) => i === 0 || v.alt_m > l[i - 1].alt_m), { error: 'expected levels in rising alt_m order' });

/** Wind field: none, uniform, layered by altitude, or gridded points with altitude profiles (airspace/wind.ts). */
const windSchema = z.strictObject({
  model: z.enum(['none', 'uniform', 'layered', 'grid'], { error: 'expected "none", "uniform", "layered" or "grid"' }),
  /** uniform */
  from_deg: finite('wind direction (from, degrees clockwise from north)').min(0).max(360).optional(),
  speed_mps: nonNegative('wind speed in m/s').max(100).optional(),
  /** layered */
  levels: windLevels.optional(),
  /** grid: each point with its altitude profile */
  points: z.array(z.strictObject({ lon: finite('longitude in degrees').min(-180).max(180), lat: finite('latitude in degrees').min(-90).max(90), levels: windLevels })).min(1).max(10_000).optional(),
  /** Gusts: a field-wide Gauss-Markov process per component, from the named stream "wind:gusts". */
  gusts: z.strictObject({ sigma_mps: nonNegative('gust standard deviation in m/s').max(30), tau_s: positive('gust correlation time in seconds') }).optional(),
  /** No wind below this height (BlueSky: 50 ft). */
  min_alt_m: nonNegative('height in metres').default(15.24),
}).superRefine((w, ctx) => {
  const need = (field: 'from_deg' | 'speed_mps' | 'levels' | 'points') => {
    if (w[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `expected ${field} for wind model "${w.model}"` });
  };
  if (w.model === 'uniform') { need('from_deg'); need('speed_mps'); }
  if (w.model === 'layered') need('levels');
  if (w.model === 'grid') need('points');
});

/** Widest and tallest scenario bounds in degrees (one local frame; Alatau spans ~0.4°). */
export const MAX_BOUNDS_SPAN_DEG = 6;

export const scenarioSchema = z.strictObject({
  name: z.string().min(1, { error: 'expected a scenario name' }),
  description: z.string().optional(),
  origin: z.strictObject({
    lat: finite('latitude in degrees').min(-85).max(85),
    lon: finite('longitude in degrees').min(-180).max(180),
  }),
  /** [west, south, east, north] in degrees. */
  bounds: z
    .tuple([finite('west'), finite('south'), finite('east'), finite('north')], { error: 'expected [west, south, east, north]' })
    .refine(([w, s, e, n]) => w < e && s < n, { error: 'expected west < east and south < north' })
    .refine(([w, s, e, n]) => w >= -180 && e <= 180 && s >= -85 && n <= 85, { error: 'expected longitudes in [-180, 180] and latitudes in [-85, 85]' })
    // One local transverse Mercator frame: beyond a few degrees its scale error grows past 0.5 %.
    .refine(([w, s, e, n]) => e - w <= MAX_BOUNDS_SPAN_DEG && n - s <= MAX_BOUNDS_SPAN_DEG, { error: `expected bounds at most ${MAX_BOUNDS_SPAN_DEG}° wide and tall (one local map frame)` }),
  layers: z.strictObject({
    geofences: layerOrPath(collection(polygon, geofenceProps)),
    vertiports: layerOrPath(collection(point, vertiportProps)),
    corridors: layerOrPath(collection(lineString, corridorProps)),
    roads: layerOrPath(collection(lineString, roadProps)),
    zones: layerOrPath(collection(polygon, zoneProps)),
  }),
  classes: z.strictObject({ drone: airClass, evtol: airClass, ground: groundClass }),
  demand: z.strictObject({
    scale: nonNegative('demand scale factor'),
    /** 24 relative weights, one per hour of the day, applied to every flow's trips_per_hour. */
    profile: z.array(nonNegative('hourly weight')).length(24, { error: 'expected 24 hourly weights' }),
    flows: z.array(flow),
    /**
     * Where deliveries land: "own", each at its own point drawn in its zone (outside geofences) when
     * requested; "shared", at one of the zone's `params.delivery_points_per_zone` points sampled at
     * compile time (deliveries then stack on the same spots as demand grows).
     */
    delivery_addresses: z.enum(['own', 'shared'], { error: 'expected "own" or "shared"' }).default('own'),
    /** Door-to-door passenger trips: a share of eVTOL trips with a shuttle leg at each end (engine/door-to-door.ts). */
    door_to_door: z.strictObject({
      share: nonNegative('share of eVTOL trips').max(1, { error: 'expected a share in [0, 1]' }),
      /** Homes and destinations lie within this distance of their vertiport (m). */
      access_radius_m: positive('radius in metres').max(50_000).default(3000),
      /** Mean wait for a shuttle at each ground leg (s). */
      wait_s: nonNegative('seconds').max(3600).default(120),
    }).optional(),
    /** Share of drone trips that fly without an operational intent and without resolution (0 to 1; absent: 0). */
    noncooperative_share: nonNegative('share of drone trips').max(1, { error: 'expected a share in [0, 1]' }).optional(),
  }),
  airspace: airspace.default({
    policy: 'full-mix', class_policy: {}, layers: { drone: [30, 60, 90, 120], evtol: [240, 300, 360, 420] },
    strategic: { enabled: false, strategy: 'ground-delay', buffer_s: 10, growth: 0.02, piece_s: 10, max_delay_s: 1800, delay_step_s: 10, terminal_radius_m: 300, priorities: false },
  }),
  tactical: z.strictObject({
    /** Conflict detection on airborne aircraft (metrics and events). */
    enabled: z.boolean().default(true),
    resolver: memberOf(RESOLVERS).default('mvp'),
    /** Seconds between detection passes (BlueSky's asas_dt). */
    interval_s: positive('detection interval in seconds').default(1),
    broadphase: memberOf(BROAD_PHASES).default('sliced-grid'),
    /** How detection measures offsets: local frame (default) or BlueSky's flat earth (deconfliction/tactical/earth.ts). Optional so the default leaves scenario hashes as they were. */
    earth: memberOf(EARTH_MODELS).optional(),
    /** Aircraft below this height are taking off or landing (vertiport operations) and not checked. */
    min_alt_m: nonNegative('height in metres').default(10),
    /** Resolution safety factor on rpz (BlueSky's resofach). */
    margin: positive('safety factor').default(1.05),
    /** Aircraft this close (m, horizontally) to their origin or destination vertiport are in its terminal area: the vertiport sequences them, tactical detection does not. */
    terminal_radius_m: nonNegative('terminal radius in metres').default(300),
  }).default({ enabled: true, resolver: 'mvp', interval_s: 1, broadphase: 'sliced-grid', min_alt_m: 10, margin: 1.05, terminal_radius_m: 300 }),
  ground: z.strictObject({
    /** "network": lanes, IDM car following, lane changes and junction managers (sim-core/ground); "simple": each vehicle drives its route alone. */
    model: z.enum(['network', 'simple'], { error: 'expected "network" or "simple"' }).default('network'),
    junction_control: memberOf(JUNCTION_CONTROLS).default('fixed-time'),
    /** Car-following model of the shuttles (SUMO's update): idm or krauss. */
    car_following: memberOf(CAR_FOLLOWING_MODELS).default('idm'),
    /** Krauss dawdling in [0, 1] (SUMO's sigma; 0: deterministic). */
    sigma: nonNegative('dawdling sigma').max(1, { error: 'expected sigma <= 1' }).default(0),
    /** Desired time headway (s), standstill gap (m), IDM acceleration exponent, vehicle length (m). */
    tau_s: positive('time headway in seconds').default(1.2),
    min_gap_m: nonNegative('gap in metres').default(2),
    delta: positive('IDM acceleration exponent').default(4),
    length_m: positive('vehicle length in metres').default(5),
    /** A SUMO network the shuttles drive instead of the roads layer (file relative to the scenario; the loader fills `network`). */
    sumo_net: z.strictObject({
      file: z.string({ error: 'expected a SUMO .net.xml file name' }).min(1, { error: 'expected a SUMO .net.xml file name' }),
      /** Where the network's (0, 0) lies, for networks without a projection (netgenerate's projParameter "!"). */
      anchor: z.strictObject({ lat: finite('latitude in degrees').min(-85).max(85), lon: finite('longitude in degrees').min(-180).max(180) }).optional(),
      network: importedNetwork.optional(),
    }).optional(),
  }).default({ model: 'network', junction_control: 'fixed-time', car_following: 'idm', sigma: 0, tau_s: 1.2, min_gap_m: 2, delta: 4, length_m: 5 }),
  wind: windSchema.optional(),
  params: z.strictObject({
    dt: positive('time step in seconds').max(10, { error: 'expected dt <= 10 s' }),
    start_time_s: nonNegative('start time in seconds of day').max(86400),
    rpz: positive('horizontal separation radius in metres'),
    hpz: positive('vertical separation half-height in metres'),
    lookahead_s: positive('conflict lookahead in seconds'),
    record_interval_s: positive('replay recording interval in seconds'),
    delivery_points_per_zone: finite('count').int().min(1).max(100000).default(256),
  }),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type LayerName = keyof Scenario['layers'];
export const LAYER_NAMES: LayerName[] = ['geofences', 'vertiports', 'corridors', 'roads', 'zones'];
