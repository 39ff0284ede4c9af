import { Registry } from '../../world/registry.ts';
import type { RoadNetwork } from '../road-network.ts';
import { AimControl } from './aim.ts';
import { FixedTimeControl } from './fixed-time.ts';
import { PriorityControl } from './priority.ts';
import { SignalProgramControl } from './signal-program.ts';
import type { JunctionControl } from './types.ts';

/** Junction managers by name; each is one small class behind JunctionControl. Add one: a file and a line. */
export const JUNCTION_CONTROLS = new Registry<(net: RoadNetwork) => JunctionControl>('junction manager', {
  priority: { value: (net) => new PriorityControl(net), description: 'right of way by road rank; minor movements wait for a clear conflict zone' },
  'fixed-time': { value: (net) => new FixedTimeControl(net), description: 'fixed-time signals: east–west then north–south stages (27 s green, 3 s yellow, 2 s all red), permissive left turns' },
  aim: { value: (net) => new AimControl(net), description: 'autonomous intersection management: tile-time reservations (Dresner & Stone)' },
  'from-net': { value: (net) => new SignalProgramControl(net), description: "the network's own signal programs (SUMO tlLogic) where it has them, priority rules elsewhere" },
});
export type { JunctionControl, TrafficView } from './types.ts';
