/**
 * skyweave replay format, version 1 (little-endian throughout).
 *
 *   header  128 bytes: magic "SKWR", u16 version, u16 header size, u32 seed, u32 flags, f64 dt,
 *           u32 ticks per frame, u32 frame count, u32 agent count, u32 event count,
 *           u32 total ticks, u32 reserved, f64 origin lat, f64 origin lon,
 *           8 bytes scenario hash, 8 bytes final state hash, f64 position quantum (m), zeros
 *   sections, each: 4-byte tag, u32 payload length, payload (padded to 4 bytes)
 *     LAYR  UTF-8 JSON of the static layers in the local frame (see StaticLayers)
 *     FRMS  frames: u32 tick, u32 n, i32 id[n], i32 x[n], i32 y[n], u16 z[n], u16 gs[n]
 *           (x, y, z in position quanta; gs in cm/s)
 *     FIDX  u32 byte offset of every frame (from the file start)
 *     AGNT  u32 n, i32 flow[n], i32 spawn tick[n], i32 arrive tick[n] (-1: not arrived), u8 class[n]
 *     EVTS  u32 n, then n × 20-byte events (see metrics/events.ts)
 *   trailer "SKWE", u32 CRC-32 of every byte before the trailer
 */
export const REPLAY_MAGIC = 'SKWR';
export const REPLAY_TRAILER = 'SKWE';
export const REPLAY_VERSION = 1;
export const HEADER_BYTES = 128;
export const TRAILER_BYTES = 8;
export const POSITION_QUANTUM_M = 0.1;

export const TAG_LAYERS = 'LAYR';
export const TAG_FRAMES = 'FRMS';
export const TAG_FRAME_INDEX = 'FIDX';
export const TAG_AGENTS = 'AGNT';
export const TAG_EVENTS = 'EVTS';
/** Optional: state of charge per frame and agent (u8, 0-250 for 0-100 %, 255 = no battery), in frame order. Readers that do not know it skip it. */
export const TAG_SOC = 'SOCS';
/** SOCS value of an agent without a battery. */
export const SOC_NONE = 255;

/** Static scene description stored in the replay, in local metres (x east, y north). */
export interface StaticLayers {
  name: string;
  origin: { lat: number; lon: number };
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
  startTimeS: number;
  classes: { name: string; maxMps: number; cruiseAltM: number }[];
  geofences: { id: string; kind: string; floorM: number; ceilingM: number; activeFromS: number; activeToS: number; ring: number[] }[];
  vertiports: { id: string; name: string; kind: string; x: number; y: number; pads: number }[];
  corridors: { id: string; floorM: number; ceilingM: number; widthM: number; direction: string; capacityPerHour: number; points: number[] }[];
  roads: { id: string; lanes: number; speedMps: number; points: number[] }[];
  zones: { id: string; name: string; kind: string; ring: number[] }[];
  flows: { name: string; cls: number; from: string; to: string }[];
  params: { rpz: number; hpz: number; lookaheadS: number };
  /** The wind (absent in calm air): the model and its levels (for grid: the first point's), gusts. */
  wind?: { model: string; levels: { altM: number; fromDeg: number; speedMps: number }[]; gustSigmaMps: number };
}

export interface ReplayHeader {
  version: number;
  seed: number;
  dt: number;
  ticksPerFrame: number;
  frameCount: number;
  agentCount: number;
  eventCount: number;
  totalTicks: number;
  originLat: number;
  originLon: number;
  scenarioHash: string;
  stateHash: string;
  positionQuantumM: number;
}

/** A replay that could not be read; the message says what was found and what was expected. */
export class ReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayError';
  }
}
