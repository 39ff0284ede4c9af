import { compileWorld, Simulation } from '../sim-core/index.ts';
import { StrategicPlanner, type TripRequest } from '../sim-core/deconfliction/strategic/planner.ts';
import { loadScenario } from '../src/scenario-loader.ts';

/**
 * The strategic planner alone, on the requests of one real run: Alatau ×PLANNER_REPLAY_SCALE (10)
 * for 1 h is simulated once with its requests (and the engine's expiry calls) recorded, then the
 * same sequence is replayed through fresh planners PLANNER_REPLAY_RUNS (5) times. Planning is
 * timed without the rest of the simulation around it, so the figure moves less with the VM's
 * noise than the in-run planning time of the city-scale bench (the cache the other systems evict
 * between plans is not there, so it reads faster than in a run). Every replay must accept the
 * same plans (checked: accepted count, sum of departure ticks, sum of altitude options).
 * `npm run bench -- planner-replay`.
 */
export function plannerReplayBench(): Record<string, number | string>[] {
  const scale = Number(process.env.PLANNER_REPLAY_SCALE ?? 10), runs = Number(process.env.PLANNER_REPLAY_RUNS ?? 5);
  const s = loadScenario('alatau', [`demand.scale=${scale}`]);
  const world = compileWorld(s, 1);
  const sim = new Simulation(world, { record: false });
  const log: ({ req: TripRequest } | { expire: number })[] = [];
  const live = sim.planner, plan = live.plan.bind(live), expire = live.expire.bind(live);
  live.plan = (req) => { log.push({ req: { ...req } }); return plan(req); };
  live.expire = (t) => { log.push({ expire: t }); expire(t); };
  sim.run(Math.round(3600 / s.params.dt));
  const outcome = (acc: number, dep: number, alt: number) => `${acc} accepted, Σdepart ${dep}, Σaltitude option ${alt}`;
  const times: number[] = [];
  let check = '';
  for (let r = 0; r < runs; r++) {
    const p = new StrategicPlanner(world, sim.routing, world.strategic, false, 'steps');
    let acc = 0, dep = 0, alt = 0;
    const t0 = performance.now();
    for (const x of log) {
      if ('expire' in x) p.expire(x.expire);
      else {
        const o = p.plan(x.req);
        if (o.accepted) { acc++; dep += o.departTick; alt += o.altitudeOption; }
      }
    }
    times.push(performance.now() - t0);
    const c = outcome(acc, dep, alt);
    if (check && c !== check) throw new Error(`planner replay: run ${r} accepted other plans (${c} vs ${check})`);
    if (acc !== live.stats.accepted) throw new Error(`planner replay: ${acc} accepted, the run itself ${live.stats.accepted}`);
    check = c;
  }
  const plans = log.filter((x) => 'req' in x).length, sorted = [...times].sort((a, b) => a - b);
  return [{
    workload: `alatau ×${scale}, 1 h: planner alone on the run's requests`, plans, runs,
    min_ms: Math.round(sorted[0]), median_ms: Math.round(sorted[runs >> 1]), plans_per_s_at_min: Math.round(plans / (sorted[0] / 1000)), outcome: check,
  }];
}
