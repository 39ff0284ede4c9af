/**
 * The replay entry point for viewers and exporters: the reader, the format's types and the event
 * codes. Imports nothing of the engine, so a browser bundle stays small.
 */
export { readReplay, Replay } from './reader.ts';
export type { ReplayEvent } from './reader.ts';
export { ReplayError, REPLAY_VERSION } from './format.ts';
export type { ReplayHeader, StaticLayers } from './format.ts';
export {
  EVENT_ARRIVE, EVENT_CONFLICT, EVENT_D2D_ACCESS, EVENT_D2D_EGRESS, EVENT_DESPAWN, EVENT_GEOFENCE_ROUTE, EVENT_HOLD_END, EVENT_HOLD_START, EVENT_LOS, EVENT_NAMES, EVENT_REJECT, EVENT_SPAWN,
} from '../metrics/events.ts';
