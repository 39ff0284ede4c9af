/**
 * skyweave sim-core public API. Pure TypeScript: no DOM and no Node APIs, so it runs in Node,
 * in workers and in the browser.
 */
export { scenarioSchema, CLASS_NAMES, LAYER_NAMES } from './scenario/schema.ts';
export type { Scenario, ScenarioInput, ClassName, LayerName } from './scenario/schema.ts';
export { validateScenario, formatProblem, formatPath } from './scenario/validate.ts';
export type { ScenarioProblem, ScenarioSources, ValidationResult } from './scenario/validate.ts';
export { compileWorld, scenarioHash, ScenarioCompileError } from './scenario/compile.ts';
export { CLASS_DRONE, CLASS_EVTOL, CLASS_GROUND, CLASS_COUNT } from './world/world.ts';
export type { World, ClassEnvelope } from './world/world.ts';
export { LocalFrame } from './airspace/local-frame.ts';
export { Simulation, HOVER_YAW_MPS } from './engine/simulation.ts';
export type { SimulationOptions } from './engine/simulation.ts';
export { POLICIES } from './routing/policies/index.ts';
export { RESOLVERS } from './deconfliction/tactical/resolve/index.ts';
export { BROAD_PHASES } from './deconfliction/tactical/broadphase.ts';
export { JUNCTION_CONTROLS } from './ground/junctions/index.ts';
export { CAR_FOLLOWING_MODELS } from './ground/car-following/index.ts';
export { Registry } from './world/registry.ts';
export { AgentStore, PHASE_FREE, PHASE_MOVING, PHASE_HOLDING, PHASE_TURNAROUND } from './world/agents.ts';
export { RngStreams } from './world/rng.ts';
export { StateHasher, crc32, canonicalJson } from './world/hash.ts';
export { readReplay, Replay } from './replay/reader.ts';
export type { ReplayEvent } from './replay/reader.ts';
export { ReplayError, REPLAY_VERSION } from './replay/format.ts';
export type { ReplayHeader, StaticLayers } from './replay/format.ts';
export { EVENT_NAMES } from './metrics/events.ts';
export * as events from './metrics/events.ts';
