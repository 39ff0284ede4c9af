import { alatauMutations, damagedReplays, detectSnapshots, experimentFiles, leaderCsvs, movingAiFiles, smallScenarios, type FuzzTarget } from './targets.ts';
import { blueskyScenarios, osmFiles, sumoFiles } from './interop-targets.ts';

/** Every fuzz target, in the order `npm run fuzz` and the test run them (each gets seed + its index). */
export const TARGETS: FuzzTarget<never>[] = [alatauMutations, smallScenarios, damagedReplays, detectSnapshots, leaderCsvs, movingAiFiles, experimentFiles, sumoFiles, osmFiles, blueskyScenarios] as FuzzTarget<never>[];
