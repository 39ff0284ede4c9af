/**
 * Polygon ring checks used by validation, in O(n log n) for the usual shapes (a 200,000-vertex
 * disc checks in well under a second; turf's `kinks` is quadratic). Coordinates are [lon, lat]
 * degrees; all tests are exact in floating point up to the orientation sign.
 */

type Pos = readonly number[];

/** Removes consecutive repeated positions (a repeated vertex is not an error, only noise). */
export function dedupeRing(ring: Pos[]): Pos[] {
  const out: Pos[] = [];
  for (const p of ring) {
    const q = out[out.length - 1];
    if (!q || q[0] !== p[0] || q[1] !== p[1]) out.push(p);
  }
  return out;
}

/** Signed area (shoelace, square degrees) of a closed ring. */
export function ringArea(ring: Pos[]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
}

const orient = (a: Pos, b: Pos, c: Pos) => {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
};
const onSegment = (a: Pos, b: Pos, p: Pos) => Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);

function segmentsTouch(a: Pos, b: Pos, c: Pos, d: Pos): boolean {
  const o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a), o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

/**
 * The first place where two non-adjacent edges of a closed ring touch or cross, or null for a
 * simple ring. Edges are sorted by their west end; each is compared with the following edges
 * whose x-ranges overlap it (a sweep over x), so typical rings cost O(n log n).
 */
export function ringSelfIntersection(ring: Pos[]): Pos | null {
  const n = ring.length - 1; // edges; ring is closed (last = first)
  if (n < 3) return null;
  const order = new Int32Array(n);
  const minX = new Float64Array(n), maxX = new Float64Array(n), minY = new Float64Array(n), maxY = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = ring[i], b = ring[i + 1];
    minX[i] = Math.min(a[0], b[0]); maxX[i] = Math.max(a[0], b[0]);
    minY[i] = Math.min(a[1], b[1]); maxY[i] = Math.max(a[1], b[1]);
    order[i] = i;
  }
  order.sort((p, q) => minX[p] - minX[q] || p - q);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    for (let m = k + 1; m < n; m++) {
      const j = order[m];
      if (minX[j] > maxX[i]) break;
      if (minY[j] > maxY[i] || maxY[j] < minY[i]) continue;
      // Adjacent edges share a vertex by construction (and the first and last edges too).
      const d = Math.abs(i - j);
      if (d === 1 || d === n - 1) {
        // ...but they must not fold back over each other.
        const [s, t] = d === 1 ? (i < j ? [i, j] : [j, i]) : [n - 1, 0];
        const shared = ring[t];
        const before = ring[s], after = ring[t + 1];
        if (orient(before, shared, after) === 0 && (onSegment(before, shared, after) || onSegment(shared, after, before))) return shared;
        continue;
      }
      if (segmentsTouch(ring[i], ring[i + 1], ring[j], ring[j + 1])) return crossing(ring[i], ring[i + 1], ring[j], ring[j + 1]);
    }
  }
  return null;
}

/** Where two touching segments meet (their intersection, or a shared point when collinear). */
function crossing(a: Pos, b: Pos, c: Pos, d: Pos): Pos {
  const den = (b[0] - a[0]) * (d[1] - c[1]) - (b[1] - a[1]) * (d[0] - c[0]);
  if (den === 0) return onSegment(a, b, c) ? c : d;
  const t = ((c[0] - a[0]) * (d[1] - c[1]) - (c[1] - a[1]) * (d[0] - c[0])) / den;
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}
