import type { Resolver } from './types.ts';
import { noResolution } from './none.ts';
import { mvp } from './mvp.ts';
import { velocityObstacle } from './velocity-obstacle.ts';

/** Conflict resolution methods by name (scenario `tactical.resolver`, CLI `--cr`). */
export const RESOLVERS: Record<string, Resolver> = { none: noResolution, mvp, vo: velocityObstacle };
export { ResolutionCommands, type Resolver, type ResolveParams } from './types.ts';
