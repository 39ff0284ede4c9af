import { compileWorld, Simulation } from '../sim-core/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';
import { makeNaiveAgents, naiveStep } from './baselines/naive-fly.ts';

/**
 * Whole-engine throughput on the Alatau scenario at growing demand scales (demand, pads, motion,
 * metrics; replay recording off and on), with the naive object-per-agent baseline of the same
 * control law at a matched agent count in the same run.
 */
export function engineScaling(scales = [1, 10, 50, 150], simS = 1200) {
  const rows: Record<string, number | string>[] = [];
  for (const scale of scales) {
    for (const record of [false, true]) {
      // Motion, demand, pads and metrics only: planning and tactical costs have their own benchmarks.
      const s = loadScenario('alatau', [`demand.scale=${scale}`, 'airspace.strategic.enabled=false', 'tactical.enabled=false']);
      const sim = new Simulation(compileWorld(s, 1), { record });
      const ticks = Math.round(simS / s.params.dt);
      let updates = 0;
      const t0 = performance.now();
      for (let i = 0; i < ticks; i++) {
        sim.step();
        updates += sim.agents.activeCount;
      }
      if (record) sim.replayBytes();
      const wallS = (performance.now() - t0) / 1000;
      const meanAgents = updates / ticks;
      const row: Record<string, number | string> = {
        case: `alatau scale ${scale}${record ? ' +replay' : ''}`, agents_end: sim.agents.activeCount, agents_mean: Math.round(meanAgents),
        wall_s: +wallS.toFixed(3), realtime_factor: +(simS / wallS).toFixed(1), agent_updates_per_s: Math.round(updates / wallS),
      };
      if (!record) {
        // Naive baseline at the same mean agent count, same dt and tick count.
        const agents = makeNaiveAgents(Math.max(1, Math.round(meanAgents)), 1);
        const b0 = performance.now();
        for (let i = 0; i < ticks; i++) naiveStep(agents, s.params.dt);
        const bS = (performance.now() - b0) / 1000;
        row.naive_agent_updates_per_s = Math.round((agents.length * ticks) / bS);
        row.speedup_vs_naive = +((updates / wallS) / ((agents.length * ticks) / bS)).toFixed(2);
      }
      rows.push(row);
    }
  }
  return rows;
}
