import type { Replay } from '../../sim-core/replay/index.ts';
import { EVENT_CONFLICT, EVENT_LOS } from '../../sim-core/replay/index.ts';

export type HeatmapMode = 'off' | 'density' | 'conflicts';
const CELLS = 160;

/**
 * A heatmap over the scene bounds for the window (tick − window, tick]: traffic density (agent
 * samples per cell, frames subsampled to ≤ 1 M samples) or conflicts (conflict/LoS events at
 * the position of the first agent involved). Rendered into `canvas` (CELLS × CELLS pixels).
 */
export function renderHeatmap(r: Replay, mode: HeatmapMode, tick: number, windowTicks: number, canvas: HTMLCanvasElement): number {
  const b = r.layers.bounds;
  const grid = new Float32Array(CELLS * CELLS);
  const q = r.header.positionQuantumM;
  const cellW = (b.maxX - b.minX) / CELLS, cellH = (b.maxY - b.minY) / CELLS;
  const add = (x: number, y: number, w: number) => {
    const cx = Math.floor((x - b.minX) / cellW), cy = Math.floor((b.maxY - y) / cellH);
    if (cx >= 0 && cy >= 0 && cx < CELLS && cy < CELLS) grid[cy * CELLS + cx] += w;
  };
  const f1 = r.frameAtTick(tick);
  const f0 = r.frameAtTick(Math.max(0, tick - windowTicks));
  if (mode === 'density') {
    let total = 0;
    for (let f = f0; f <= f1; f++) total += r.frameAgentCount(f);
    const stride = Math.max(1, Math.ceil(total / 1_000_000));
    for (let f = f0; f <= f1; f += stride) {
      const n = r.frameAgentCount(f), xs = r.frameX(f), ys = r.frameY(f);
      for (let k = 0; k < n; k++) add(r.i32[xs + k] * q, r.i32[ys + k] * q, 1);
    }
  } else if (mode === 'conflicts') {
    for (let i = 0; i < r.eventCount; i++) {
      const e = r.event(i);
      if ((e.kind !== EVENT_CONFLICT && e.kind !== EVENT_LOS) || e.tick > tick || e.tick <= tick - windowTicks) continue;
      const f = r.frameAtTick(e.tick);
      const n = r.frameAgentCount(f), ids = r.frameIds(f);
      for (let k = 0; k < n; k++) {
        if (r.i32[ids + k] === e.agent) {
          add(r.i32[r.frameX(f) + k] * q, r.i32[r.frameY(f) + k] * q, e.kind === EVENT_LOS ? 3 : 1);
          break;
        }
      }
    }
  }
  let max = 0;
  for (const v of grid) if (v > max) max = v;
  canvas.width = CELLS;
  canvas.height = CELLS;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(CELLS, CELLS);
  for (let i = 0; i < grid.length; i++) {
    if (grid[i] <= 0) continue;
    // Log scale so sparse cells stay visible next to the hubs.
    const t = Math.log1p(grid[i]) / Math.log1p(max);
    img.data[4 * i] = 255;
    img.data[4 * i + 1] = Math.round(220 * (1 - t));
    img.data[4 * i + 2] = mode === 'conflicts' ? 40 : Math.round(60 * (1 - t));
    img.data[4 * i + 3] = Math.round(60 + 170 * t);
  }
  ctx.putImageData(img, 0, 0);
  return max;
}
