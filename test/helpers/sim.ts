import { compileWorld, Simulation } from '../../sim-core/index.ts';
import { loadScenario } from '../../src/scenario-loader.ts';

/** Runs the built-in Alatau scenario for `durationS` and returns the simulation. */
export function runAlatau(seed: number, durationS: number, overrides: string[] = [], record = true): Simulation {
  const scenario = loadScenario('alatau', overrides);
  const sim = new Simulation(compileWorld(scenario, seed), { record });
  sim.run(Math.round(durationS / scenario.params.dt));
  return sim;
}
