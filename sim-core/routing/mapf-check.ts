/**
 * Independent MAPF solution checker, deliberately simple: for every time step up to the
 * makespan, place every agent (agents stay at their last cell), and report vertex conflicts
 * (two agents in one cell) and swap conflicts (two agents exchanging cells in one step), plus
 * moves that are not unit 4-connected steps or waits, or that enter blocked cells.
 */
export interface MapfCheck {
  ok: boolean;
  vertexConflicts: number;
  swapConflicts: number;
  invalidMoves: number;
  first: string[];
}

export function checkMapf(paths: number[][], width: number, passable: Uint8Array): MapfCheck {
  const at = (p: number[], t: number) => p[Math.min(t, p.length - 1)];
  const horizon = Math.max(0, ...paths.map((p) => p.length));
  let vertex = 0, swap = 0, invalid = 0;
  const first: string[] = [];
  const note = (s: string) => first.length < 10 && first.push(s);
  paths.forEach((p, i) => {
    for (let t = 0; t < p.length; t++) {
      if (!passable[p[t]]) { invalid++; note(`agent ${i} in blocked cell at t=${t}`); }
      if (t > 0) {
        const dx = Math.abs((p[t] % width) - (p[t - 1] % width));
        const dy = Math.abs(Math.floor(p[t] / width) - Math.floor(p[t - 1] / width));
        if (dx + dy > 1) { invalid++; note(`agent ${i} jumps at t=${t}`); }
      }
    }
  });
  // From horizon − 1 on every agent is parked, so later steps repeat that one.
  for (let t = 0; t < horizon; t++) {
    const occupant = new Map<number, number>();
    for (let i = 0; i < paths.length; i++) {
      const c = at(paths[i], t);
      const j = occupant.get(c);
      if (j !== undefined) { vertex++; note(`vertex conflict: agents ${j} and ${i} at cell ${c}, t=${t}`); }
      else occupant.set(c, i);
    }
    if (t === horizon - 1) break;
    for (let i = 0; i < paths.length; i++) {
      const a = at(paths[i], t), b = at(paths[i], t + 1);
      if (a === b) continue;
      const j = occupant.get(b);
      if (j !== undefined && j > i && at(paths[j], t + 1) === a) { swap++; note(`swap conflict: agents ${i} and ${j} between cells ${a} and ${b}, t=${t}`); }
    }
  }
  return { ok: vertex + swap + invalid === 0, vertexConflicts: vertex, swapConflicts: swap, invalidMoves: invalid, first };
}

/** MAPF cost of one path: the time of the last arrival at its final cell. */
export function mapfCost(path: number[]): number {
  let t = path.length - 1;
  while (t > 0 && path[t - 1] === path[path.length - 1]) t--;
  return t;
}
