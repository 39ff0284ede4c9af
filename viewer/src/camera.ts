/**
 * Map camera: local metres (x east, y north) to screen pixels with north up.
 *   sx = (x − cx)·scale + width/2,   sy = height/2 − (y − cy)·scale
 */
export class Camera {
  cx = 0;
  cy = 0;
  /** Pixels per metre. */
  scale = 0.01;
  width = 800;
  height = 600;
  /** Bumped on every change, so views can redraw only when needed. */
  version = 0;

  toScreenX(x: number): number {
    return (x - this.cx) * this.scale + this.width / 2;
  }
  toScreenY(y: number): number {
    return this.height / 2 - (y - this.cy) * this.scale;
  }
  toWorldX(sx: number): number {
    return (sx - this.width / 2) / this.scale + this.cx;
  }
  toWorldY(sy: number): number {
    return (this.height / 2 - sy) / this.scale + this.cy;
  }

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.version++;
  }

  fit(minX: number, minY: number, maxX: number, maxY: number, margin = 0.05): void {
    this.cx = (minX + maxX) / 2;
    this.cy = (minY + maxY) / 2;
    const sx = this.width / ((maxX - minX) * (1 + 2 * margin));
    const sy = this.height / ((maxY - minY) * (1 + 2 * margin));
    this.scale = Math.min(sx, sy);
    this.version++;
  }

  pan(dxPx: number, dyPx: number): void {
    this.cx -= dxPx / this.scale;
    this.cy += dyPx / this.scale;
    this.version++;
  }

  /** Zooms by `factor` keeping the world point under (sx, sy) fixed. */
  zoomAt(sx: number, sy: number, factor: number): void {
    const wx = this.toWorldX(sx);
    const wy = this.toWorldY(sy);
    this.scale = Math.min(50, Math.max(1e-4, this.scale * factor));
    this.cx = wx - (sx - this.width / 2) / this.scale;
    this.cy = wy - (this.height / 2 - sy) / this.scale;
    this.version++;
  }

  centerOn(x: number, y: number): void {
    this.cx = x;
    this.cy = y;
    this.version++;
  }
}

/** Mouse, wheel and touch (one-finger pan, two-finger pinch) navigation. */
export function attachNavigation(el: HTMLElement, camera: Camera): void {
  let drag: { x: number; y: number } | null = null;
  const pointers = new Map<number, { x: number; y: number }>();
  let pinchDist = 0;
  el.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = el.getBoundingClientRect();
    camera.zoomAt(e.clientX - r.left, e.clientY - r.top, Math.exp(-e.deltaY * 0.0015));
  }, { passive: false });
  el.addEventListener('pointerdown', (e) => {
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.size === 1) drag = { x: e.clientX, y: e.clientY };
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pinchDist = Math.hypot(a.x - b.x, a.y - b.y);
    }
  });
  el.addEventListener('pointermove', (e) => {
    if (!pointers.has(e.pointerId)) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const d = Math.hypot(a.x - b.x, a.y - b.y);
      const r = el.getBoundingClientRect();
      if (pinchDist > 0) camera.zoomAt((a.x + b.x) / 2 - r.left, (a.y + b.y) / 2 - r.top, d / pinchDist);
      pinchDist = d;
    } else if (drag) {
      camera.pan(e.clientX - drag.x, e.clientY - drag.y);
      drag = { x: e.clientX, y: e.clientY };
    }
  });
  const end = (e: PointerEvent) => {
    pointers.delete(e.pointerId);
    if (pointers.size < 2) pinchDist = 0;
    if (pointers.size === 0) drag = null;
  };
  el.addEventListener('pointerup', end);
  el.addEventListener('pointercancel', end);
  el.addEventListener('pointerleave', end);
}
