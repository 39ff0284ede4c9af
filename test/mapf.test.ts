import { describe, expect, it } from 'vitest';
import { readFileSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMap, parseScen } from '../sim-core/routing/movingai.ts';
import { GridReservations, GridSipp, prioritizedPlan } from '../sim-core/routing/sipp-grid.ts';
import { checkMapf, mapfCost } from '../sim-core/routing/mapf-check.ts';

const DATA = join(import.meta.dirname, '..', 'test', 'fixtures', 'movingai');
const berlin = parseMap(readFileSync(join(DATA, 'Berlin_1_256.map'), 'utf8'));

describe('multi-agent planning (4-connected, MAPF conventions)', () => {
  it('SIPP waits for a crossing agent instead of colliding', () => {
    // A 5×3 corridor: agent A crosses the middle column while B wants to go straight through it.
    const map = parseMap('type octile\nheight 3\nwidth 5\nmap\n@@.@@\n.....\n@@.@@\n');
    const res = new GridReservations(15);
    res.addPath([2, 7, 12]); // A: top → middle → bottom, t = 0..2, then parked at 12
    const b = new GridSipp(map).plan(5, 9, res)!;
    expect(b).not.toBeNull();
    expect(checkMapf([[2, 7, 12], b.path], 5, map.passable).ok).toBe(true);
    expect(b.path.indexOf(7)).not.toBe(1); // not in the crossing cell at t = 1
  });

  it('the checker finds injected vertex and swap conflicts', () => {
    const map = parseMap('type octile\nheight 1\nwidth 4\nmap\n....\n');
    expect(checkMapf([[0, 1, 2], [3, 2, 1]], 4, map.passable)).toMatchObject({ ok: false, swapConflicts: 1 });
    expect(checkMapf([[0, 1], [2, 1]], 4, map.passable)).toMatchObject({ ok: false, vertexConflicts: 1 });
    // An agent parked at its goal blocks later passers-by.
    expect(checkMapf([[1], [0, 1, 2]], 4, map.passable)).toMatchObject({ ok: false, vertexConflicts: 1 });
    expect(checkMapf([[0, 2]], 4, map.passable)).toMatchObject({ ok: false, invalidMoves: 1 });
    expect(checkMapf([[0, 1], [3, 2]], 4, map.passable).ok).toBe(true);
  });

  it('plans 200 Berlin agents with zero conflicts and sane costs', () => {
    const lines = parseScen(readFileSync(join(DATA, 'Berlin_1_256-random-1.scen'), 'utf8')).slice(0, 200);
    const starts = lines.map((l) => l.startY * 256 + l.startX);
    const goals = lines.map((l) => l.goalY * 256 + l.goalX);
    const r = prioritizedPlan(berlin, starts, goals, () => performance.now(), { budgetMs: 20_000 });
    expect(r.solved).toBe(true);
    const paths = r.paths as number[][];
    const check = checkMapf(paths, 256, berlin.passable);
    expect(check.first).toEqual([]);
    expect(check.ok).toBe(true);
    paths.forEach((p, i) => {
      expect(p[0]).toBe(starts[i]);
      expect(p[p.length - 1]).toBe(goals[i]);
      // 4-connected cost is at least the Manhattan distance.
      const l = lines[i];
      expect(mapfCost(p)).toBeGreaterThanOrEqual(Math.abs(l.goalX - l.startX) + Math.abs(l.goalY - l.startY));
    });
  });

  it('grid-bench prints per-line JSON and writes timed paths that pass an independent check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skw-grid-'));
    const root = join(import.meta.dirname, '..');
    const run = (...args: string[]) => spawnSync(process.execPath, [join(root, 'src', 'build', 'sim.mjs'), 'grid-bench', ...args], { encoding: 'utf8' });
    const map = join(DATA, 'Berlin_1_256.map'), scen = join(DATA, 'Berlin_1_256-random-1.scen');
    const single = run('--map', map, '--scen', scen, '--json');
    expect(single.status).toBe(0);
    const s = JSON.parse(single.stdout);
    expect(s.instances).toHaveLength(1000);
    expect(s.instances[0].cost).toBeCloseTo(111.94112549, 6);
    const pathsFile = join(dir, 'paths.json');
    const multi = run('--map', map, '--scen', scen, '--agents', '50', '--paths', pathsFile, '--json');
    expect(multi.status).toBe(0);
    const m = JSON.parse(multi.stdout);
    expect(m).toMatchObject({ solved: true, agents: 50, connectivity: 4, check: { ok: true, vertex_conflicts: 0, swap_conflicts: 0 } });
    const { paths } = JSON.parse(readFileSync(pathsFile, 'utf8')) as { paths: [number, number][][] };
    expect(paths).toHaveLength(50);
    const cells = paths.map((p) => p.map(([x, y]) => y * 256 + x));
    expect(new Set(cells.map((p) => p.length)).size).toBe(1); // padded to the makespan
    expect(checkMapf(cells, 256, berlin.passable).ok).toBe(true);
    expect(m.sum_of_costs).toBe(cells.reduce((a, p) => a + mapfCost(p), 0));
    const bad = run('--map', map, '--scen', scen, '--agents', 'many');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--agents: expected a positive integer, got "many"/);
  });
});
