import { CLASS_COUNT } from '../world/world.ts';

/** Per-class counters, indexed by class (drone, evtol, ground). Cheap to update in the tick. */
export class ClassMetrics {
  readonly spawned = new Float64Array(CLASS_COUNT);
  readonly completed = new Float64Array(CLASS_COUNT);
  readonly despawned = new Float64Array(CLASS_COUNT);
  /** Sum over completed trips of (arrival − spawn) in ticks. */
  readonly tripTicks = new Float64Array(CLASS_COUNT);
  /** Distance flown/driven by every agent, completed or not. */
  readonly distanceM = new Float64Array(CLASS_COUNT);
  readonly energyJ = new Float64Array(CLASS_COUNT);
  readonly holds = new Float64Array(CLASS_COUNT);
  readonly holdTicks = new Float64Array(CLASS_COUNT);
  readonly geofenceRoutes = new Float64Array(CLASS_COUNT);
  /** Trips strategic deconfliction could not place. */
  readonly rejected = new Float64Array(CLASS_COUNT);
  /** Peak number of agents of the class alive at once. */
  readonly peakActive = new Float64Array(CLASS_COUNT);
  readonly active = new Float64Array(CLASS_COUNT);
  /** Tactical: new conflict pairs and LoS episodes each class took part in. */
  readonly conflicts = new Float64Array(CLASS_COUNT);
  readonly los = new Float64Array(CLASS_COUNT);
  /** Seconds each class spent in LoS (summed over aircraft and episodes). */
  readonly losSeconds = new Float64Array(CLASS_COUNT);
  /** Completed air trips: flown minus planned distance and time (sums), and how many. */
  readonly extraDistanceM = new Float64Array(CLASS_COUNT);
  readonly extraTimeS = new Float64Array(CLASS_COUNT);
  readonly resolvedTrips = new Float64Array(CLASS_COUNT);
  /** Agents that flew with a resolution command at some point. */
  readonly resolutions = new Float64Array(CLASS_COUNT);
  /** Aircraft that stayed airborne far longer than planned (safeguards.ts). */
  readonly overdue = new Float64Array(CLASS_COUNT);
  /** Batteries: lowest state of charge any airborne aircraft reached (1 until one flies), charging time on pads (ticks), and how many charged. */
  readonly minSoc = new Float64Array(CLASS_COUNT).fill(1);
  readonly chargeTicks = new Float64Array(CLASS_COUNT);
  readonly charged = new Float64Array(CLASS_COUNT);
  /**
   * Times an airborne aircraft's charge fell below its reserve, and below empty. The energy model
   * does not stop an aircraft that runs dry (it keeps flying or holding), so these say when a
   * result rests on flights no battery could make: with strategic deconfliction off, aircraft
   * hold for pads for hours (pads are not booked) and the state of charge went to −1,250 % unseen.
   */
  readonly belowReserve = new Float64Array(CLASS_COUNT);
  readonly depleted = new Float64Array(CLASS_COUNT);
}
