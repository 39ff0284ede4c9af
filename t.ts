import { compileWorld, Simulation } from './sim-core/index.ts';
import { loadScenario } from './src/scenario-loader.ts';
import { waypointTimes } from './sim-core/deconfliction/strategic/timing.ts';
const s = loadScenario('alatau');
const w = compileWorld(s, 1);
const sim = new Simulation(w, 1, { record: false });
const planned = new Map<number, number>();
const errs: number[][] = [[], [], []];
for (let t = 0; t < 7200; t++) {
  sim.step();
  const a = sim.agents;
  for (let k = 0; k < a.highWater; k++) {
    if (a.phase[k] === 0 && a.arriveTick[k] !== sim.tick - 1) continue;
    const id = a.id[k];
    if (!planned.has(id)) { const r = sim.routes[k]; if (r) { const tt = waypointTimes(r, w.classes[a.cls[k]]); planned.set(id, a.spawnTick[k] + tt[tt.length - 1] / w.dt); } }
    if (a.arriveTick[k] === sim.tick - 1) errs[a.cls[k]].push((a.arriveTick[k] - planned.get(id)!) * w.dt);
  }
}
for (const c of [0, 1]) { const e = errs[c].sort((x, y) => x - y); console.log(c, e.length, 'min', e[0]?.toFixed(1), 'med', e[e.length >> 1]?.toFixed(1), 'p95', e[Math.floor(e.length * 0.95)]?.toFixed(1), 'max', e[e.length - 1]?.toFixed(1)); }
