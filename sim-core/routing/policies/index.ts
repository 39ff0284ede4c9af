import type { RoutingPolicy } from './types.ts';
import { fullMix } from './full-mix.ts';
import { layered } from './layers.ts';
import { zoned } from './zones.ts';
import { tubes } from './tubes.ts';

/**
 * Routing policies by name. `corridors+strategic` is the tubes policy with strategic
 * deconfliction forced on (see scenario/compile.ts). Add a policy: one file, one line here.
 */
export const POLICIES: Record<string, RoutingPolicy> = {
  'full-mix': fullMix,
  layers: layered,
  zones: zoned,
  tubes,
  'corridors+strategic': { ...tubes, name: 'corridors+strategic', description: 'tubes with 4D reservations (strategic deconfliction on)' },
};

export const POLICY_NAMES = Object.keys(POLICIES);
export type { RoutingPolicy, RouteRequest, RoutingContext } from './types.ts';
