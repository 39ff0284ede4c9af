import type { RoadNetwork } from '../road-network.ts';
import { AimControl } from './aim.ts';
import { FixedTimeControl } from './fixed-time.ts';
import { PriorityControl } from './priority.ts';
import type { JunctionControl } from './types.ts';

/** Junction managers by name; each is one small class behind JunctionControl. */
export const JUNCTION_CONTROLS: Record<string, (net: RoadNetwork) => JunctionControl> = {
  priority: (net) => new PriorityControl(net),
  'fixed-time': (net) => new FixedTimeControl(net),
  aim: (net) => new AimControl(net),
};
export const JUNCTION_CONTROL_NAMES = Object.keys(JUNCTION_CONTROLS) as ('priority' | 'fixed-time' | 'aim')[];
export type { JunctionControl, TrafficView } from './types.ts';
