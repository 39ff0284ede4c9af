/**
 * skyweave sim-core public API. Pure TypeScript: no DOM and no Node APIs, so it runs in Node,
 * in workers and in the browser.
 */
export { scenarioSchema, CLASS_NAMES, LAYER_NAMES } from './scenario/schema.ts';
export type { Scenario, ScenarioInput, ClassName, LayerName } from './scenario/schema.ts';
export { validateScenario, formatProblem, formatPath } from './scenario/validate.ts';
export type { ScenarioProblem, ScenarioSources, ValidationResult } from './scenario/validate.ts';
export { compileWorld, scenarioHash, CLASS_DRONE, CLASS_EVTOL, CLASS_GROUND, CLASS_COUNT } from './scenario/compile.ts';
export type { World, ClassEnvelope } from './scenario/compile.ts';
export { LocalFrame } from './airspace/local-frame.ts';
export { Simulation, HOVER_YAW_MPS } from './engine/simulation.ts';
export { AgentStore, PHASE_FREE, PHASE_MOVING, PHASE_HOLDING, PHASE_TURNAROUND } from './world/agents.ts';
export { RngStreams } from './world/rng.ts';
export { StateHasher, crc32, canonicalJson } from './world/hash.ts';
export { readReplay, Replay } from './replay/reader.ts';
export type { ReplayEvent } from './replay/reader.ts';
export { ReplayError, REPLAY_VERSION } from './replay/format.ts';
export type { ReplayHeader, StaticLayers } from './replay/format.ts';
export { EVENT_NAMES } from './metrics/events.ts';
export * as events from './metrics/events.ts';
