import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { checkLine, GridFormatError, parseMap, parseScen, type GridMap, type ScenarioLine } from '../../sim-core/routing/movingai.ts';
import { GridAStar, pathCost } from '../../sim-core/routing/grid-astar.ts';
import { prioritizedPlan } from '../../sim-core/routing/sipp-grid.ts';
import { checkMapf, mapfCost } from '../../sim-core/routing/mapf-check.ts';
import { UsageError, writeFileAtomic } from '../io.ts';

export const GRID_BENCH_HELP = `Usage: npm run sim -- grid-bench --map <file.map> --scen <file.scen> [options]

Plans MovingAI benchmark problems and prints JSON.

  --agents <N>          multi-agent mode: plan the first N lines together (prioritized SIPP)
  --connectivity 8|4    8: octile A*, no corner cutting (single-agent default);
                        4: MAPF conventions, unit moves and waits (multi-agent default)
  --paths <file>        write every agent's timed path {"paths":[[[x,y],...],...]}
  --budget-ms <ms>      multi-agent time budget for restarts                        [30000]
  --json                print JSON (the only output format; accepted for clarity)
  -h, --help            this help

Output: {"instances":[{"cost","expanded","ms"},...]} in scenario-line order; multi-agent mode
adds "solved", "sum_of_costs", "makespan", "restarts", "failed_agents" and "check" (the
independent vertex/swap conflict check).`;

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export function gridBenchCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      map: { type: 'string' }, scen: { type: 'string' }, agents: { type: 'string' }, connectivity: { type: 'string' },
      paths: { type: 'string' }, json: { type: 'boolean', default: false }, 'budget-ms': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(GRID_BENCH_HELP);
    return 0;
  }
  if (!values.map) throw new UsageError('grid-bench: --map <file.map> is required');
  if (!values.scen) throw new UsageError('grid-bench: --scen <file.scen> is required');
  const multi = values.agents !== undefined;
  const agents = multi ? Number(values.agents) : 0;
  if (multi && (!Number.isInteger(agents) || agents < 1)) throw new UsageError(`--agents: expected a positive integer, got "${values.agents}"`);
  const connectivity = values.connectivity === undefined ? (multi ? 4 : 8) : Number(values.connectivity);
  if (connectivity !== 4 && connectivity !== 8) throw new UsageError(`--connectivity: expected 4 or 8, got "${values.connectivity}"`);
  if (multi && connectivity !== 4) throw new UsageError('--connectivity: multi-agent mode follows MAPF conventions and supports only 4');
  const budgetMs = values['budget-ms'] === undefined ? 30_000 : Number(values['budget-ms']);
  if (!(budgetMs > 0)) throw new UsageError(`--budget-ms: expected a positive number, got "${values['budget-ms']}"`);
  let map: GridMap;
  let lines: ScenarioLine[];
  try {
    map = parseMap(readText(values.map, '--map'), values.map);
    lines = parseScen(readText(values.scen, '--scen'), values.scen);
    if (multi && agents > lines.length) throw new GridFormatError(`${values.scen}: --agents ${agents} but the file has only ${lines.length} problems`);
    const used = multi ? lines.slice(0, agents) : lines;
    used.forEach((l, i) => checkLine(map, l, i + 1, values.scen));
    if (used.length && basename(used[0].map) !== basename(values.map)) {
      // The .scen names its map; a mismatch is almost always a mistake worth stopping for.
      throw new GridFormatError(`${values.scen}: problems are for map "${used[0].map}", but --map is "${basename(values.map)}"`);
    }
  } catch (e) {
    if (e instanceof GridFormatError) throw new UsageError(e.message);
    throw e;
  }
  const W = map.width;
  const toXY = (c: number) => [c % W, Math.floor(c / W)];
  if (!multi) {
    const astar = new GridAStar(map, connectivity as 4 | 8);
    const paths: number[][] = [];
    const instances = lines.map((l) => {
      const t0 = performance.now();
      const found = astar.search(l.startX, l.startY, l.goalX, l.goalY);
      const ms = performance.now() - t0;
      const path = found >= 0 ? astar.path() : [];
      if (values.paths) paths.push(path);
      return { cost: found >= 0 ? round(connectivity === 8 ? pathCost(path, W) : path.length - 1) : null, expanded: astar.expanded, ms: round(ms, 4) };
    });
    if (values.paths) writeFileAtomic(values.paths, JSON.stringify({ paths: paths.map((p) => p.map(toXY)) }));
    console.log(JSON.stringify({ mode: 'single-agent', connectivity, instances }));
    return 0;
  }
  const used = lines.slice(0, agents);
  const starts = used.map((l) => l.startY * W + l.startX);
  const goals = used.map((l) => l.goalY * W + l.goalX);
  const t0 = performance.now();
  const result = prioritizedPlan(map, starts, goals, () => performance.now(), { budgetMs });
  const totalMs = performance.now() - t0;
  const solvedPaths = result.paths.filter((p): p is number[] => p !== null);
  const check = checkMapf(solvedPaths, W, map.passable);
  const costs = result.paths.map((p) => (p ? mapfCost(p) : null));
  const instances = result.paths.map((p, i) => ({ cost: costs[i], expanded: result.expanded[i], ms: round(result.ms[i], 3) }));
  if (values.paths) {
    const horizon = Math.max(0, ...solvedPaths.map((p) => p.length));
    // One cell per time step; agents stay at their goal once there (padded to the makespan).
    const padded = result.paths.map((p) => (p ? [...p, ...new Array(Math.max(0, horizon - p.length)).fill(p[p.length - 1])].map(toXY) : null));
    writeFileAtomic(values.paths, JSON.stringify({ paths: padded }));
  }
  console.log(JSON.stringify({
    mode: 'multi-agent', connectivity, agents, solved: result.solved, solved_agents: solvedPaths.length, failed_agents: result.failedAgents,
    restarts: result.restarts, sum_of_costs: costs.reduce<number>((s, c) => s + (c ?? 0), 0), makespan: Math.max(0, ...costs.map((c) => c ?? 0)),
    total_ms: round(totalMs, 1), check: { ok: check.ok, vertex_conflicts: check.vertexConflicts, swap_conflicts: check.swapConflicts, invalid_moves: check.invalidMoves, examples: check.first },
    instances,
  }));
  return 0;
}

const round = (v: number, d = 8) => Math.round(v * 10 ** d) / 10 ** d;
