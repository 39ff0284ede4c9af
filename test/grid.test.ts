import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { GridFormatError, parseMap, parseScen, type GridMap } from '../sim-core/routing/movingai.ts';
import { GridAStar, pathCost } from '../sim-core/routing/grid-astar.ts';
import { GridJps } from '../sim-core/routing/grid-jps.ts';
import { lineOfSight, smoothPath, euclideanLength } from '../sim-core/routing/smoothing.ts';

const DATA = join(import.meta.dirname, '..', 'test', 'fixtures', 'movingai');
const berlin = parseMap(readFileSync(join(DATA, 'Berlin_1_256.map'), 'utf8'), 'Berlin_1_256.map');

/** Independent oracle: Dijkstra over all 8 moves with the no-corner-cutting rule, plain arrays. */
function dijkstra(map: GridMap, s: number, g: number): number {
  const W = map.width, H = map.height;
  const dist = new Array(W * H).fill(Infinity);
  const done = new Array(W * H).fill(false);
  dist[s] = 0;
  for (;;) {
    let u = -1;
    for (let i = 0; i < dist.length; i++) if (!done[i] && dist[i] < Infinity && (u < 0 || dist[i] < dist[u])) u = i;
    if (u < 0) return -1;
    if (u === g) return dist[u];
    done[u] = true;
    const x = u % W, y = Math.floor(u / W);
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      if (!dx && !dy) continue;
      const nx = x + dx, ny = y + dy;
      if (nx < 0 || ny < 0 || nx >= W || ny >= H || !map.passable[ny * W + nx]) continue;
      if (dx && dy && (!map.passable[y * W + nx] || !map.passable[ny * W + x])) continue;
      const d = dist[u] + (dx && dy ? Math.SQRT2 : 1);
      if (d < dist[ny * W + nx]) dist[ny * W + nx] = d;
    }
  }
}

/** A path is valid when every step is one of the 8 moves, on free cells, without cutting corners. */
function validPath(map: GridMap, path: number[]): boolean {
  const W = map.width;
  return path.every((c, i) => {
    if (!map.passable[c]) return false;
    if (i === 0) return true;
    const x = c % W, y = Math.floor(c / W), px = path[i - 1] % W, py = Math.floor(path[i - 1] / W);
    const dx = x - px, dy = y - py;
    if (Math.abs(dx) > 1 || Math.abs(dy) > 1 || (!dx && !dy)) return false;
    return !(dx && dy) || (map.passable[py * W + x] && map.passable[y * W + px]);
  });
}

describe('MovingAI grid planning', () => {
  for (const file of ['Berlin_1_256-random-1.scen', 'Berlin_1_256-even-1.scen']) {
    it(`JPS and A* equal every optimal length of ${file} (1e-6) with valid paths`, () => {
      const lines = parseScen(readFileSync(join(DATA, file), 'utf8'));
      const jps = new GridJps(berlin);
      const astar = new GridAStar(berlin, 8);
      let checked = 0;
      for (const l of lines) {
        expect(jps.search(l.startX, l.startY, l.goalX, l.goalY)).toBeGreaterThanOrEqual(0);
        const p = jps.path();
        expect(Math.abs(pathCost(p, 256) - l.optimalLength)).toBeLessThan(1e-6 * Math.max(1, l.optimalLength));
        expect(p[0]).toBe(l.startY * 256 + l.startX);
        expect(p[p.length - 1]).toBe(l.goalY * 256 + l.goalX);
        if (checked++ % 10 === 0) {
          expect(validPath(berlin, p)).toBe(true);
          astar.search(l.startX, l.startY, l.goalX, l.goalY);
          expect(Math.abs(pathCost(astar.path(), 256) - l.optimalLength)).toBeLessThan(1e-6 * Math.max(1, l.optimalLength));
        }
      }
      expect(checked).toBe(lines.length);
    });
  }

  it('agrees with an independent Dijkstra on random maps (maps it has never seen)', () => {
    fc.assert(fc.property(fc.integer({ min: 3, max: 24 }), fc.integer({ min: 3, max: 24 }), fc.integer({ min: 0, max: 45 }), fc.integer({ min: 0, max: 2 ** 31 }), (w, h, density, seed) => {
      let s = seed;
      const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
      const passable = Uint8Array.from({ length: w * h }, () => (rnd() * 100 < density ? 0 : 1));
      const map = { width: w, height: h, passable };
      const free = [...passable.keys()].filter((i) => passable[i]);
      if (free.length < 2) return true;
      const a = free[Math.floor(rnd() * free.length)], b = free[Math.floor(rnd() * free.length)];
      const expected = dijkstra(map, a, b);
      const jps = new GridJps(map);
      const got = jps.search(a % w, Math.floor(a / w), b % w, Math.floor(b / w));
      if (expected < 0) return got < 0;
      const p = jps.path();
      return Math.abs(got - expected) < 1e-9 && Math.abs(pathCost(p, w) - expected) < 1e-9 && validPath(map, p);
    }), { numRuns: 400 });
  });

  it('reads CRLF files like LF files and reports malformed ones by line', () => {
    const lf = readFileSync(join(DATA, 'Berlin_1_256.map'), 'utf8');
    const crlf = parseMap(lf.replace(/\n/g, '\r\n'));
    expect(crlf.width).toBe(256);
    expect(Buffer.from(crlf.passable).equals(Buffer.from(berlin.passable))).toBe(true);
    expect(berlin.passable.reduce((a, b) => a + b, 0)).toBe(47540);
    const scen = readFileSync(join(DATA, 'Berlin_1_256-random-1.scen'), 'utf8');
    expect(parseScen(scen.replace(/\n/g, '\r\n'))).toEqual(parseScen(scen));
    expect(() => parseMap('type octile\nheight 2\nwidth 3\nmap\n...\n.x.\n', 'm.map')).toThrow(/m\.map: line 6, column 2: unknown terrain "x"/);
    expect(() => parseMap('type octile\nheight 3\nwidth 3\nmap\n...\n', 'm.map')).toThrow(GridFormatError);
    expect(() => parseScen('version 1\n1\tm.map\t3\t3\t0\t0\t2\n', 's.scen')).toThrow(/s\.scen: line 2: expected 9 tab-separated fields/);
  });

  it('string pulling keeps line of sight and never lengthens the path', () => {
    const jps = new GridJps(berlin);
    const lines = parseScen(readFileSync(join(DATA, 'Berlin_1_256-random-1.scen'), 'utf8')).slice(0, 100);
    let shorter = 0;
    for (const l of lines) {
      jps.search(l.startX, l.startY, l.goalX, l.goalY);
      const p = jps.path();
      const s = smoothPath(berlin, p);
      for (let i = 1; i < s.length; i++) expect(lineOfSight(berlin, s[i - 1], s[i])).toBe(true);
      expect(euclideanLength(berlin, s)).toBeLessThanOrEqual(pathCost(p, 256) + 1e-9);
      if (euclideanLength(berlin, s) < pathCost(p, 256) - 1e-6) shorter++;
    }
    expect(shorter).toBeGreaterThan(50);
  });

  it('line of sight refuses to squeeze between diagonal neighbours', () => {
    const map = parseMap('type octile\nheight 2\nwidth 2\nmap\n.@\n@.\n');
    expect(lineOfSight(map, 0, 3)).toBe(false);
    const open = parseMap('type octile\nheight 2\nwidth 2\nmap\n..\n..\n');
    expect(lineOfSight(open, 0, 3)).toBe(true);
  });
});
