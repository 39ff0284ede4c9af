import type RBush from 'rbush';

/**
 * The ground floor: the compiled world and its element types. Everything the engine needs is
 * copied in here at compile time (scenario/compile.ts), in the local metric frame (x east, y
 * north, z up, metres, seconds); nothing below the compiler reads the raw scenario. This file
 * imports nothing from sim-core.
 */

export const CLASS_NAMES = ['drone', 'evtol', 'ground'] as const;
export type ClassName = (typeof CLASS_NAMES)[number];
export const CLASS_DRONE = 0;
export const CLASS_EVTOL = 1;
export const CLASS_GROUND = 2;
export const CLASS_COUNT = 3;
export const classIndex = (name: ClassName): number => CLASS_NAMES.indexOf(name);

/** Energy model as plain numbers (SI units), chosen by `kind`. See vehicles/energy.ts. */
export interface EnergyParams {
  kind: 0 | 1 | 2; // 0 multirotor, 1 evtol, 2 road
  hoverW: number; // multirotor: ideal hover power / efficiency; evtol: hover power
  dragHalfRhoCdA: number; // multirotor parasitic term 0.5·ρ·CdA
  weightN: number; // m·g, for climb power
  efficiency: number;
  joulesPerMetre: number; // evtol cruise or road
  transitionMps: number;
  idleW: number;
}

/** One class's performance envelope in SI units (turn rate in rad/s). */
export interface ClassEnvelope {
  name: ClassName;
  cruiseMps: number;
  maxMps: number;
  climbMps: number;
  descentMps: number;
  accelMps2: number;
  decelMps2: number;
  verticalAccelMps2: number;
  turnRateRps: number;
  cruiseAltM: number;
  cornerMps: number;
  energy: EnergyParams;
  /** Battery (null: unlimited energy, no state of charge). */
  battery: Battery | null;
}

export interface Battery {
  capacityJ: number;
  reserveFraction: number;
  departureSoc: number;
}

export interface Geofence {
  id: string;
  kind: string;
  floorM: number;
  ceilingM: number;
  activeFromS: number;
  activeToS: number;
  /** Outer ring, local x,y pairs. */
  ring: Float64Array;
}

export interface Vertiport {
  id: string;
  name: string;
  kind: string;
  x: number;
  y: number;
  pads: number;
  turnaroundTicks: number;
  /** Charging power per charging pad (W; 0: none) and how many pads charge (the first ones). */
  chargingW: number;
  chargingPads: number;
  /** The district (zone id) it serves ('' if none). */
  zone: string;
  /** Departure lanes: how many of the policy's altitude options its departures may climb out to. */
  departureLanes: number;
  /** Charging stands off the pads (0: aircraft charge on the pads; with stands, `chargingPads` is 0). */
  stands: number;
}

/** Does the vertiport charge aircraft at all: a charger, and charging pads or stands? */
export const chargesAircraft = (v: Vertiport): boolean => v.chargingW > 0 && (v.chargingPads > 0 || v.stands > 0);

export interface Corridor {
  id: string;
  points: Float64Array;
  floorM: number;
  ceilingM: number;
  widthM: number;
  direction: 'forward' | 'both';
  speedMps: number;
  capacityPerHour: number;
}

export interface Road {
  id: string;
  points: Float64Array;
  lanes: number;
  speedMps: number;
  oneway: boolean;
}

export interface Zone {
  id: string;
  name: string;
  kind: string;
  ring: Float64Array;
  /** Delivery points sampled inside the zone and outside every geofence, x,y pairs (shared addresses; the fallback of own ones). */
  deliveryPoints: Float64Array;
  /** Bounding box of the ring (own addresses are drawn in it). */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface CompiledFlow {
  name: string;
  cls: number;
  from: number; // vertiport index
  toVertiport: number; // -1 when the destination is a zone
  toZone: number; // -1 when the destination is a vertiport
  /** The scenario's ids of the ends (vertiport id, or "zone:<id>"), for replays and reports. */
  fromId: string;
  toId: string;
  /** Trips per second at profile weight 1, demand scale applied. */
  ratePerS: number;
  /** Precomputed road route for ground flows (WP_STRIDE numbers per waypoint); null for air. */
  staticRoute: Float64Array | null;
  /** Ground flows on the lane-level network: link ids from origin to destination; null otherwise. */
  groundRoute: Int32Array | null;
  routeLengthM: number;
}

/** A directed road link of the lane-level network: junction ids, lanes, speed, priority rank. */
export interface RoadLinkSpec {
  from: number;
  to: number;
  lanes: number;
  speed: number;
  priority: number;
  /** Drivable lane length (m) when known (an imported network's); else from the geometry. */
  length?: number;
}

/** One lane-to-lane connection through a junction (an imported network's; else all are generated). */
export interface NetworkConnectionSpec {
  fromLink: number;
  fromLane: number;
  toLink: number;
  toLane: number;
  /** Length of the path through the junction (m), when known. */
  length?: number;
  /** Speed limit through the junction (m/s), when known (SUMO: its internal lanes' speed). */
  speed?: number;
  /** Signal controlling it: program index into `signals` and the index in its phase states. */
  signal?: { program: number; index: number };
}

/** A fixed-time signal program (SUMO's static tlLogic): phases with a state letter per controlled link. */
export interface SignalProgramSpec {
  id: string;
  offset: number;
  phases: { duration: number; state: string }[];
}

export interface NetworkOptions {
  /** Exactly these movements, in this order per lane (else every lane reaches every out-link). */
  connections?: NetworkConnectionSpec[];
  signals?: SignalProgramSpec[];
}


/** What the lane-level road network is built from (ground/road-network.ts builds it once per spec); an imported network (ground.sumo_net) brings its connections and signals. */
export interface RoadNetworkSpec {
  nodes: { x: number; y: number }[];
  links: RoadLinkSpec[];
  options?: NetworkOptions;
}

export interface BoxItem {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  index: number;
}

export type StrategicStrategy = 'ground-delay' | 'altitude' | 'reroute' | 'reject';

/** Strategic deconfliction (4D operational intents), seconds and metres. */
export interface StrategicConfig {
  enabled: boolean;
  strategy: StrategicStrategy;
  bufferS: number;
  growth: number;
  pieceS: number;
  maxDelayS: number;
  delayStepS: number;
  terminalRadiusM: number;
  /** Plan trips requested in the same tick by class priority instead of request order. */
  priorities: boolean;
}

/** Separation minima and the conflict lookahead (BlueSky's rpz, hpz, dtlookahead). */
export interface Separation {
  rpz: number;
  hpz: number;
  lookaheadS: number;
}

/** How detection measures horizontal offsets (members and meaning: deconfliction/tactical/earth.ts). */
export type EarthModel = 'local' | 'bluesky';

/** Tactical conflict detection and resolution. Family members are registry names. */
export interface TacticalConfig {
  enabled: boolean;
  resolver: string;
  broadphase: string;
  /** Offsets for detection: the local frame or BlueSky's flat earth (deconfliction/tactical/earth.ts). */
  earth: EarthModel;
  intervalS: number;
  /** Below this height aircraft are taking off or landing and not checked. */
  minAltM: number;
  /** Resolution safety factor on rpz (BlueSky's resofach). */
  margin: number;
  /** Within this horizontal distance of their own vertiports aircraft are sequenced by the vertiport. */
  terminalRadiusM: number;
}

/** Ground traffic: the network model's junction manager, car-following model and vehicle type. */
export interface GroundConfig {
  model: 'network' | 'simple';
  junctionControl: string;
  carFollowing: string;
  tauS: number;
  minGapM: number;
  delta: number;
  lengthM: number;
  /** Krauss dawdling (0: deterministic). */
  sigma: number;
}

/** The scenario compiled into the local metric frame with its static indexes and routes. */
/** Wind over the local frame (functions in airspace/wind.ts). */
export interface WindProfile {
  /** Altitudes (m, ascending) and the wind components there. */
  altM: Float64Array;
  east: Float64Array;
  north: Float64Array;
}

export interface WindConfig {
  model: 'none' | 'uniform' | 'layered' | 'grid';
  /** uniform and layered: one profile; grid: one per point. */
  profiles: WindProfile[];
  /** grid: local x, y (m) of each point. */
  pointX: Float64Array;
  pointY: Float64Array;
  minAltM: number;
  /** Gusts: standard deviation of each component (m/s) and correlation time (s); sigma 0 = none. */
  gustSigmaMps: number;
  gustTauS: number;
}

export const NO_WIND: WindConfig = { model: 'none', profiles: [], pointX: new Float64Array(0), pointY: new Float64Array(0), minAltM: 15.24, gustSigmaMps: 0, gustTauS: 30 };

export interface World {
  name: string;
  /** The run's seed: compile-time sampling and every RNG stream of the engine derive from it. */
  seed: number;
  scenarioHash: string;
  /** WGS84 origin of the local frame. */
  origin: { lat: number; lon: number };
  dt: number;
  recordEveryTicks: number;
  startTimeS: number;
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
  classes: ClassEnvelope[];
  geofences: Geofence[];
  geofenceIndex: RBush<BoxItem>;
  vertiports: Vertiport[];
  corridors: Corridor[];
  roads: Road[];
  zones: Zone[];
  flows: CompiledFlow[];
  /** 24 hourly demand weights. */
  profile: number[];
  /** Deliveries land at their own address drawn per trip ("own") or at the zone's shared points. */
  deliveryAddresses: 'own' | 'shared';
  /** Door-to-door eVTOL trips (share 0: off). */
  doorToDoor: { share: number; accessRadiusM: number; waitS: number };
  /** Share of drone trips flown non-cooperatively (no intent, no resolution); 0: none. */
  noncooperativeShare: number;
  /** Routing policy name per class index (ground: "roads"). */
  policyNames: string[];
  /** Altitude layers per class index (ground: none). */
  layers: number[][];
  separation: Separation;
  strategic: StrategicConfig;
  tactical: TacticalConfig;
  ground: GroundConfig;
  /** Lane-level road network for ground traffic (null when ground.model is "simple" or no ground flows). */
  roadNetwork: RoadNetworkSpec | null;
  /** The wind field (model none: calm air, and the flight code takes its calm path). */
  wind: WindConfig;
}
