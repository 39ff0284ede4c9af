import type { GridMap } from './movingai.ts';

/**
 * Any-angle smoothing by string pulling: from each kept waypoint, jump to the farthest later
 * cell still in line of sight. Line of sight is conservative (the segment between cell centres
 * may not touch a blocked cell, corners included), so the result is flyable around obstacles.
 * Returns cell indices, start and goal included.
 */
export function smoothPath(map: GridMap, path: number[]): number[] {
  if (path.length <= 2) return path.slice();
  const out = [path[0]];
  let i = 0;
  while (i < path.length - 1) {
    let j = path.length - 1;
    while (j > i + 1 && !lineOfSight(map, path[i], path[j])) j--;
    out.push(path[j]);
    i = j;
  }
  return out;
}

/** Euclidean length of a cell path (cell centres, unit cells). */
export function euclideanLength(map: GridMap, path: number[]): number {
  let total = 0;
  for (let i = 1; i < path.length; i++) {
    total += Math.hypot((path[i] % map.width) - (path[i - 1] % map.width), Math.floor(path[i] / map.width) - Math.floor(path[i - 1] / map.width));
  }
  return total;
}

/**
 * True when the segment between the centres of cells a and b crosses only free cells: every cell
 * the segment passes through or touches (a supercover traversal, Amanatides–Woo with corner
 * cases counted as touching both neighbours).
 */
export function lineOfSight(map: GridMap, a: number, b: number): boolean {
  const W = map.width, free = map.passable;
  let x = a % W, y = Math.floor(a / W);
  const x1 = b % W, y1 = Math.floor(b / W);
  const dx = Math.abs(x1 - x), dy = Math.abs(y1 - y);
  const sx = x1 > x ? 1 : -1, sy = y1 > y ? 1 : -1;
  if (!free[y * W + x]) return false;
  // Step to whichever cell boundary the segment crosses first (exact integer comparison).
  for (let ix = 0, iy = 0; ix < dx || iy < dy; ) {
    const decision = (1 + 2 * ix) * dy - (1 + 2 * iy) * dx;
    if (decision === 0) {
      // Exactly through a corner: both side cells count as touched (no corner cutting).
      if (!free[y * W + x + sx] || !free[(y + sy) * W + x]) return false;
      x += sx;
      y += sy;
      ix++;
      iy++;
    } else if (decision < 0) {
      x += sx;
      ix++;
    } else {
      y += sy;
      iy++;
    }
    if (!free[y * W + x]) return false;
  }
  return true;
}
