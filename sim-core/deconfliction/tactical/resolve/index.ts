import { Registry } from '../../../world/registry.ts';
import type { Resolver } from './types.ts';
import { noResolution } from './none.ts';
import { mvp, mvpHorizontal } from './mvp.ts';
import { velocityObstacle } from './velocity-obstacle.ts';
import { vertical } from './vertical.ts';

/** Conflict resolution methods by name (scenario `tactical.resolver`, CLI `--cr`). Add one: a file and a line. */
export const RESOLVERS = new Registry<Resolver>('conflict resolution method', {
  mvp: { value: mvp, description: 'Modified Voltage Potential in three dimensions (BlueSky MVP after RMETHH OFF): push apart along the CPA miss vector, and level changes (default)' },
  'mvp-horizontal': { value: mvpHorizontal, description: "MVP in the horizontal plane only (BlueSky's default MVP): aircraft keep their levels" },
  vo: { value: velocityObstacle, description: 'velocity obstacles: the nearest velocity outside every intruder cone' },
  vertical: { value: vertical, description: 'climb or descend clear of the intruder within the class altitude band, keeping the track' },
  none: { value: noResolution, description: 'detect and count only' },
});
export { ResolutionCommands, type Resolver, type ResolveParams } from './types.ts';
