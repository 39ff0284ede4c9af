import { Registry } from '../../world/registry.ts';
import type { RoutingPolicy } from './types.ts';
import { fullMix } from './full-mix.ts';
import { layered } from './layers.ts';
import { zoned } from './zones.ts';
import { tubes } from './tubes.ts';

const corridorsStrategic: RoutingPolicy = { ...tubes, name: 'corridors+strategic', description: 'tubes with 4D reservations (strategic deconfliction on)' };
const entry = (p: RoutingPolicy) => ({ value: p, description: p.description });

/**
 * Routing policies by name (scenario `airspace.policy`, CLI `--policy`). `corridors+strategic` is
 * the tubes policy with strategic deconfliction forced on (see scenario/compile.ts). Add a
 * policy: one file, one line here.
 */
export const POLICIES = new Registry<RoutingPolicy>('routing policy', {
  'full-mix': entry(fullMix),
  layers: entry(layered),
  zones: entry(zoned),
  tubes: entry(tubes),
  'corridors+strategic': entry(corridorsStrategic),
});
export type { RoutingPolicy, RouteRequest, RoutingContext } from './types.ts';
