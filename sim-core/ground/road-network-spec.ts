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

