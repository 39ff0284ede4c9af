/** What a RoadNetwork is built from: junction nodes, directed links, and (imported networks) connections and signal programs. */
export interface NetworkNodeSpec {
  x: number;
  y: number;
}
export interface NetworkLinkSpec {
  from: number;
  to: number;
  lanes: number;
  speed: number;
  /** Higher wins at priority junctions. */
  priority: number;
  /** Drivable lane length (m) when known (an imported network's); else from the geometry. */
  length?: number;
}

export type { NetworkConnectionSpec, NetworkOptions, SignalProgramSpec } from '../world/world.ts';
