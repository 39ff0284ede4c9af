import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMap, parseScen } from '../sim-core/routing/movingai.ts';
import { prioritizedPlan } from '../sim-core/routing/sipp-grid.ts';
import { checkMapf, mapfCost } from '../sim-core/routing/mapf-check.ts';

const DATA = join(import.meta.dirname, '..', 'test', 'fixtures', 'movingai');

/**
 * Prioritized SIPP on the first N lines of Berlin_1_256-random-1 (4-connected, MAPF
 * conventions): success, runtime, restarts, sum of costs, makespan and the independent check.
 * The baseline in the same run is the sum of the agents' individual shortest 4-connected
 * distances (a lower bound on the sum of costs), so the ratio shows the price of coordination.
 */
export function mapfBench(sizes = [100, 250, 500, 1000]) {
  const map = parseMap(readFileSync(join(DATA, 'Berlin_1_256.map'), 'utf8'));
  const lines = parseScen(readFileSync(join(DATA, 'Berlin_1_256-random-1.scen'), 'utf8'));
  return sizes.map((n) => {
    const used = lines.slice(0, n);
    const starts = used.map((l) => l.startY * map.width + l.startX);
    const goals = used.map((l) => l.goalY * map.width + l.goalX);
    const t0 = performance.now();
    const r = prioritizedPlan(map, starts, goals, () => performance.now(), { budgetMs: 60_000 });
    const ms = performance.now() - t0;
    const paths = r.paths.filter((p): p is number[] => p !== null);
    const check = checkMapf(paths, map.width, map.passable);
    const soc = paths.reduce((s, p) => s + mapfCost(p), 0);
    const lowerBound = bfsLowerBound(map, starts, goals);
    return {
      agents: n, solved: r.solved ? 'yes' : 'no', failed_agents: r.failedAgents, restarts: r.restarts, runtime_s: +(ms / 1000).toFixed(2),
      sum_of_costs: soc, makespan: Math.max(...paths.map(mapfCost)), sum_of_shortest: lowerBound, soc_over_lower_bound: +(soc / lowerBound).toFixed(4),
      conflicts: check.vertexConflicts + check.swapConflicts, check_ok: check.ok ? 'yes' : 'no',
    };
  });
}

function bfsLowerBound(map: { width: number; height: number; passable: Uint8Array }, starts: number[], goals: number[]): number {
  const W = map.width, N = W * map.height;
  let total = 0;
  const dist = new Int32Array(N);
  const q = new Int32Array(N);
  starts.forEach((s, i) => {
    dist.fill(-1);
    dist[s] = 0;
    let h = 0, t = 0;
    q[t++] = s;
    while (h < t) {
      const u = q[h++];
      if (u === goals[i]) break;
      const x = u % W;
      for (const v of [u - W, u + W, x > 0 ? u - 1 : -1, x < W - 1 ? u + 1 : -1]) {
        if (v >= 0 && v < N && map.passable[v] && dist[v] < 0) {
          dist[v] = dist[u] + 1;
          q[t++] = v;
        }
      }
    }
    total += dist[goals[i]];
  });
  return total;
}
