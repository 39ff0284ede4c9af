import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PF from 'pathfinding';
import { parseMap, parseScen } from '../sim-core/routing/movingai.ts';
import { GridAStar, pathCost } from '../sim-core/routing/grid-astar.ts';
import { GridJps } from '../sim-core/routing/grid-jps.ts';

const DATA = join(import.meta.dirname, '..', 'test', 'fixtures', 'movingai');

/**
 * Single-agent octile planning (no corner cutting) on every line of the Berlin scenarios:
 * skyweave's planners (GridJps, the default, and plain GridAStar) against the `pathfinding` npm
 * package's AStarFinder (DiagonalMovement OnlyWhenNoObstacles, octile heuristic) in the same
 * run, same instances, every cost compared with the .scen optimum.
 * pathfinding mutates its grid during a search, so its documented usage clones the grid per
 * query; the clone is timed separately and both totals are reported.
 */
export function gridAStarBench(scenFiles = ['Berlin_1_256-random-1.scen', 'Berlin_1_256-even-1.scen']) {
  const map = parseMap(readFileSync(join(DATA, 'Berlin_1_256.map'), 'utf8'));
  const matrix: number[][] = [];
  for (let y = 0; y < map.height; y++) matrix.push(Array.from({ length: map.width }, (_, x) => (map.passable[y * map.width + x] ? 0 : 1)));
  const pfGrid = new (PF.Grid as unknown as new (w: number, h: number, m: number[][]) => InstanceType<typeof PF.Grid>)(map.width, map.height, matrix);
  const finder = new PF.AStarFinder({ diagonalMovement: PF.DiagonalMovement.OnlyWhenNoObstacles, heuristic: PF.Heuristic.octile } as ConstructorParameters<typeof PF.AStarFinder>[0]);
  const astar = new GridAStar(map, 8);
  const jps = new GridJps(map);
  const rows: Record<string, number | string>[] = [];
  for (const file of scenFiles) {
    const lines = parseScen(readFileSync(join(DATA, file), 'utf8'));
    // Warm both up on the first 50 lines (JIT), then time every line.
    for (const l of lines.slice(0, 50)) {
      astar.search(l.startX, l.startY, l.goalX, l.goalY);
      jps.search(l.startX, l.startY, l.goalX, l.goalY);
      jps.path();
      finder.findPath(l.startX, l.startY, l.goalX, l.goalY, pfGrid.clone());
    }
    let oursMs = 0, pfSearchMs = 0, pfCloneMs = 0, mismatches = 0, pfMismatches = 0, expanded = 0;
    let jpsMs = 0, jpsMismatches = 0, jpsExpanded = 0;
    for (const l of lines) {
      const j0 = performance.now();
      const jc = jps.search(l.startX, l.startY, l.goalX, l.goalY);
      const jpath = jps.path();
      jpsMs += performance.now() - j0;
      jpsExpanded += jps.expanded;
      if (jc < 0 || Math.abs(pathCost(jpath, map.width) - l.optimalLength) > 1e-6 * Math.max(1, l.optimalLength)) jpsMismatches++;
      const t0 = performance.now();
      const c = astar.search(l.startX, l.startY, l.goalX, l.goalY);
      const path = astar.path();
      oursMs += performance.now() - t0;
      expanded += astar.expanded;
      const cost = c >= 0 ? pathCost(path, map.width) : -1;
      if (Math.abs(cost - l.optimalLength) > 1e-6 * Math.max(1, l.optimalLength)) mismatches++;
      const t1 = performance.now();
      const g = pfGrid.clone();
      const t2 = performance.now();
      const pfPath = finder.findPath(l.startX, l.startY, l.goalX, l.goalY, g);
      const t3 = performance.now();
      pfCloneMs += t2 - t1;
      pfSearchMs += t3 - t2;
      const pfCost = pathCost(pfPath.map(([x, y]) => y * map.width + x), map.width);
      if (Math.abs(pfCost - l.optimalLength) > 1e-6 * Math.max(1, l.optimalLength)) pfMismatches++;
    }
    const n = lines.length;
    rows.push({
      case: file, queries: n, jps_ms: +(jpsMs / n).toFixed(4), astar_ms: +(oursMs / n).toFixed(4), pathfinding_ms: +(pfSearchMs / n).toFixed(4),
      pathfinding_clone_ms: +(pfCloneMs / n).toFixed(4), jps_speedup_vs_pathfinding: +(pfSearchMs / jpsMs).toFixed(1),
      jps_speedup_vs_pathfinding_with_clone: +((pfSearchMs + pfCloneMs) / jpsMs).toFixed(1), astar_speedup_vs_pathfinding: +(pfSearchMs / oursMs).toFixed(1),
      jps_mismatches: jpsMismatches, astar_mismatches: mismatches, pathfinding_mismatches: pfMismatches,
      jps_expanded: Math.round(jpsExpanded / n), astar_expanded: Math.round(expanded / n),
    });
  }
  return rows;
}
