import type { StaticLayers } from '../../sim-core/replay/index.ts';
import type { FrameSampler } from './sampler.ts';
import { altitudeColor, css } from './colors.ts';

/**
 * Side view of one corridor: distance along the corridor (x) against altitude (y), with its
 * altitude band and every aircraft currently within its width drawn at its projected position.
 */
export function drawProfile(canvas: HTMLCanvasElement, layers: StaticLayers, corridorIndex: number, s: FrameSampler): number {
  const ctx = canvas.getContext('2d')!;
  const W = canvas.width, H = canvas.height;
  ctx.fillStyle = '#0e1116';
  ctx.fillRect(0, 0, W, H);
  const c = layers.corridors[corridorIndex];
  if (!c) return 0;
  const cum: number[] = [0];
  for (let i = 2; i < c.points.length; i += 2) cum.push(cum[cum.length - 1] + Math.hypot(c.points[i] - c.points[i - 2], c.points[i + 1] - c.points[i - 1]));
  const length = cum[cum.length - 1];
  const zMax = Math.max(c.ceilingM * 1.4, 100);
  const px = (d: number) => 30 + (d / length) * (W - 40);
  const py = (z: number) => H - 18 - (z / zMax) * (H - 28);
  ctx.fillStyle = '#2a4a6a88';
  ctx.fillRect(px(0), py(c.ceilingM), px(length) - px(0), py(c.floorM) - py(c.ceilingM));
  ctx.fillStyle = '#8892a6';
  ctx.font = '10px sans-serif';
  ctx.fillText(`${c.id}: ${c.floorM}–${c.ceilingM} m, ${(length / 1000).toFixed(1)} km`, 32, 11);
  ctx.fillText(`${Math.round(zMax)} m`, 0, py(zMax) + 8);
  ctx.fillText('0', 18, py(0));
  ctx.fillText(`${(length / 1000).toFixed(0)} km`, W - 34, H - 4);
  let shown = 0;
  const half = c.widthM / 2;
  for (let k = 0; k < s.n; k++) {
    const x = s.x[k], y = s.y[k];
    let best = Infinity, along = 0;
    for (let i = 2; i < c.points.length; i += 2) {
      const ax = c.points[i - 2], ay = c.points[i - 1], dx = c.points[i] - ax, dy = c.points[i + 1] - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
      const d = Math.hypot(ax + t * dx - x, ay + t * dy - y);
      if (d < best) {
        best = d;
        along = cum[i / 2 - 1] + t * Math.sqrt(len2);
      }
    }
    if (best > half) continue;
    ctx.fillStyle = css(altitudeColor(s.z[k]));
    ctx.fillRect(px(along) - 2, py(s.z[k]) - 2, 4, 4);
    shown++;
  }
  return shown;
}
