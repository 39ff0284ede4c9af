import { Application, Container, Graphics, Particle, ParticleContainer, Rectangle, Sprite, Text, Texture } from 'pixi.js';
import type { Replay } from '../../sim-core/replay/index.ts';
import { EVENT_CONFLICT, EVENT_LOS } from '../../sim-core/replay/index.ts';
import type { Camera } from './camera.ts';
import { altitudeColor, loadColor, toBgr, type ClassStyle } from './colors.ts';
import { FrameSampler } from './sampler.ts';
import { countInWindow, type Analysis } from './analysis.ts';

export const LAYER_NAMES = ['zones', 'roads', 'geofences', 'corridors', 'vertiports', 'agents', 'trails'] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

/** Sprite sheet of the three class shapes (drone disc, eVTOL diamond, ground square), one texture source. */
function classTextures(): Texture[] {
  // Small cells on purpose: software WebGL is fill-rate bound, and every quad costs its area.
  const S = 10;
  const canvas = document.createElement('canvas');
  canvas.width = S * 3;
  canvas.height = S;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.strokeStyle = '#000';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.arc(S / 2, S / 2, 3.6, 0, Math.PI * 2);
  ctx.fill();
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(S + S / 2, 0.5);
  ctx.lineTo(S + S - 0.5, S / 2);
  ctx.lineTo(S + S / 2, S - 0.5);
  ctx.lineTo(S + 0.5, S / 2);
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
  ctx.fillRect(2 * S + 2, 2, 6, 6);
  ctx.strokeRect(2 * S + 2, 2, 6, 6);
  const base = Texture.from(canvas);
  return [0, 1, 2].map((i) => new Texture({ source: base.source, frame: new Rectangle(i * S, 0, S, S) }));
}

/**
 * Everything drawn for one replay. All drawing happens in screen space from the camera, so
 * symbols and line widths keep their pixel size at every zoom level.
 */
export class Scene {
  readonly root = new Container();
  readonly sampler: FrameSampler;
  private readonly trailSampler: FrameSampler;
  private readonly layerGraphics: Record<Exclude<LayerName, 'agents' | 'trails'>, Graphics>;
  private readonly heatSprite = new Sprite();
  private readonly trails = new Graphics();
  private readonly particles: ParticleContainer;
  private readonly pool: Particle[] = [];
  private readonly overlay = new Graphics();
  private readonly labels = new Container();
  private readonly padLabels: Text[] = [];
  private readonly textures = classTextures();
  private readonly trailIndex: Int32Array;
  private readonly trailStamp: Int32Array;
  private trailGen = 0;
  private drawnCameraVersion = -1;
  private drawnCorridorTick = -1e9;
  visible: Record<LayerName, boolean> = { zones: true, roads: true, geofences: true, corridors: true, vertiports: true, agents: true, trails: false };
  selected = -1;
  heatCanvas = document.createElement('canvas');
  heatTexture: Texture | null = null;
  lastShown = 0;

  constructor(readonly replay: Replay, readonly analysis: Analysis, private readonly camera: Camera, private readonly classes: ClassStyle) {
    this.sampler = new FrameSampler(replay);
    this.trailSampler = new FrameSampler(replay);
    this.trailIndex = new Int32Array(replay.header.agentCount);
    this.trailStamp = new Int32Array(replay.header.agentCount);
    this.layerGraphics = { zones: new Graphics(), roads: new Graphics(), geofences: new Graphics(), corridors: new Graphics(), vertiports: new Graphics() };
    this.particles = new ParticleContainer({ dynamicProperties: { position: true, color: true, uvs: true, vertex: false, rotation: false }, texture: this.textures[0] });
    for (let k = 0; k < this.sampler.maxAgents; k++) {
      const p = new Particle({ texture: this.textures[0], x: -100, y: -100, anchorX: 0.5, anchorY: 0.5 });
      p.color = 0;
      this.pool.push(p);
      this.particles.addParticle(p);
    }
    this.heatSprite.visible = false;
    const L = this.layerGraphics;
    this.root.addChild(L.zones, this.heatSprite, L.roads, L.geofences, L.corridors, L.vertiports, this.trails, this.particles, this.overlay, this.labels);
    for (const v of replay.layers.vertiports) {
      const t = new Text({ text: v.id, style: { fill: 0xe0e6f0, fontSize: 11, fontFamily: 'sans-serif' } });
      this.padLabels.push(t);
      this.labels.addChild(t);
    }
  }

  setLayer(name: LayerName, on: boolean): void {
    this.visible[name] = on;
    if (name === 'agents') this.particles.visible = on;
    else if (name === 'trails') this.trails.visible = on;
    else this.layerGraphics[name].visible = on;
    if (name === 'vertiports') this.labels.visible = on;
  }

  setHeatmap(canvas: HTMLCanvasElement | null): void {
    this.heatTexture?.destroy(true);
    this.heatTexture = null;
    if (!canvas) {
      this.heatSprite.visible = false;
      return;
    }
    this.heatTexture = Texture.from(canvas);
    this.heatTexture.source.scaleMode = 'nearest';
    this.heatSprite.texture = this.heatTexture;
    this.heatSprite.visible = true;
    this.drawnCameraVersion = -1;
  }

  /** Draws the frame at fractional `tick`. */
  render(tick: number): void {
    const cam = this.camera;
    const s = this.sampler;
    const f = s.sample(tick);
    if (cam.version !== this.drawnCameraVersion) {
      this.drawStatic();
      this.drawnCameraVersion = cam.version;
      this.drawnCorridorTick = -1e9;
    }
    if (Math.abs(tick - this.drawnCorridorTick) * this.replay.header.dt >= 10) {
      this.drawCorridors(tick);
      this.drawnCorridorTick = tick;
    }
    // Agents: one particle per agent, class shape, altitude colour (ground: class colour).
    const pool = this.pool;
    const n = s.n;
    for (let k = 0; k < n; k++) {
      const p = pool[k];
      p.x = cam.toScreenX(s.x[k]);
      p.y = cam.toScreenY(s.y[k]);
      const c = s.cls[k];
      p.texture = this.textures[this.classes.shapes[c]];
      p.color = toBgr(c === this.classes.ground ? this.classes.colors[c] : altitudeColor(s.z[k])) + (255 << 24);
    }
    for (let k = n; k < this.lastShown; k++) pool[k].color = 0;
    this.lastShown = n;
    this.drawPads(f);
    this.drawOverlay(tick);
    if (this.visible.trails) this.drawTrails(tick);
  }

  private drawStatic(): void {
    const cam = this.camera;
    const L = this.replay.layers;
    const sx = (x: number) => cam.toScreenX(x);
    const sy = (y: number) => cam.toScreenY(y);
    const poly = (flat: number[]) => {
      const out: number[] = [];
      for (let i = 0; i < flat.length; i += 2) out.push(sx(flat[i]), sy(flat[i + 1]));
      return out;
    };
    const g = this.layerGraphics;
    g.zones.clear();
    const zoneColors: Record<string, number> = { finance: 0x3949ab, education: 0x00897b, industry: 0x8d6e63, tourism: 0x43a047, residential: 0x757575, transport: 0x546e7a };
    for (const z of L.zones) g.zones.poly(poly(z.ring)).fill({ color: zoneColors[z.kind] ?? 0x555555, alpha: 0.16 }).stroke({ color: zoneColors[z.kind] ?? 0x555555, width: 1.5, alpha: 0.8 });
    g.roads.clear();
    for (const r of L.roads) {
      const pts = poly(r.points);
      g.roads.moveTo(pts[0], pts[1]);
      for (let i = 2; i < pts.length; i += 2) g.roads.lineTo(pts[i], pts[i + 1]);
      g.roads.stroke({ color: 0x8a8f98, width: r.lanes >= 4 ? 2.5 : 1.2, alpha: 0.7 });
    }
    g.geofences.clear();
    const fenceColors: Record<string, number> = { 'no-fly': 0xe53935, restricted: 0xfb8c00, controlled: 0xab47bc };
    for (const fz of L.geofences) {
      const c = fenceColors[fz.kind] ?? 0xe53935;
      // Fill opacity grows as the band reaches lower: low-floor fences matter most to drones.
      g.geofences.poly(poly(fz.ring)).fill({ color: c, alpha: fz.floorM < 120 ? 0.22 : 0.1 }).stroke({ color: c, width: 1.5, alpha: 0.9 });
    }
    g.vertiports.clear();
    for (const v of L.vertiports) {
      const x = sx(v.x), y = sy(v.y);
      g.vertiports.circle(x, y, v.kind === 'drone-hub' ? 6 : 8).fill({ color: 0x000000, alpha: 0.6 }).stroke({ color: v.kind === 'drone-hub' ? 0x4fc3f7 : 0xffb74d, width: 2 });
    }
    if (this.heatSprite.visible) {
      const b = L.bounds;
      this.heatSprite.x = sx(b.minX);
      this.heatSprite.y = sy(b.maxY);
      this.heatSprite.width = (b.maxX - b.minX) * cam.scale;
      this.heatSprite.height = (b.maxY - b.minY) * cam.scale;
    }
  }

  /** Corridor segments coloured by entries in the last hour against capacity. */
  private drawCorridors(tick: number): void {
    const cam = this.camera;
    const g = this.layerGraphics.corridors;
    g.clear();
    const windowTicks = Math.round(3600 / this.replay.header.dt);
    this.replay.layers.corridors.forEach((c, ci) => {
      for (let i = 2; i < c.points.length; i += 2) {
        const entries = countInWindow(this.analysis.segmentEntries[ci][i / 2 - 1], tick, windowTicks);
        const color = loadColor(entries / c.capacityPerHour);
        const width = Math.max(2, c.widthM * cam.scale);
        g.moveTo(cam.toScreenX(c.points[i - 2]), cam.toScreenY(c.points[i - 1])).lineTo(cam.toScreenX(c.points[i]), cam.toScreenY(c.points[i + 1]));
        g.stroke({ color, width, alpha: 0.55, cap: 'round' });
      }
    });
  }

  /** Vertiport labels with pads in use (aircraft on the ground at the vertiport). */
  private drawPads(frame: number): void {
    const cam = this.camera;
    const s = this.sampler;
    const L = this.replay.layers;
    L.vertiports.forEach((v, i) => {
      let used = 0;
      for (let k = 0; k < s.n; k++) if (s.cls[k] !== 2 && s.z[k] < 0.5 && Math.abs(s.x[k] - v.x) < 2 && Math.abs(s.y[k] - v.y) < 2) used++;
      const t = this.padLabels[i];
      const text = `${v.id} ${used}/${v.pads}`;
      if (t.text !== text) t.text = text;
      t.style.fill = used >= v.pads ? 0xff7043 : 0xe0e6f0;
      t.x = cam.toScreenX(v.x) + 9;
      t.y = cam.toScreenY(v.y) - 7;
    });
    void frame;
  }

  /** Rings around agents in a conflict or LoS within ±10 s, and around the selected agent. */
  private drawOverlay(tick: number): void {
    const o = this.overlay;
    o.clear();
    const s = this.sampler;
    const cam = this.camera;
    const near = Math.round(10 / this.replay.header.dt);
    const wanted = new Set<number>();
    for (const e of this.analysis.notable) {
      if ((e.kind === EVENT_CONFLICT || e.kind === EVENT_LOS) && Math.abs(e.tick - tick) <= near) {
        wanted.add(e.agent);
        if (e.other >= 0) wanted.add(e.other);
      }
    }
    for (let k = 0; k < s.n; k++) {
      const id = s.id[k];
      if (id === this.selected) o.circle(cam.toScreenX(s.x[k]), cam.toScreenY(s.y[k]), 11).stroke({ color: 0xffffff, width: 2 });
      else if (wanted.has(id)) o.circle(cam.toScreenX(s.x[k]), cam.toScreenY(s.y[k]), 9).stroke({ color: 0xff1744, width: 2 });
    }
  }

  /** Short motion streaks: from each agent's position 20 s ago to now (up to 5,000 agents). */
  private drawTrails(tick: number): void {
    const g = this.trails;
    g.clear();
    const s = this.sampler;
    if (s.n > 5000) return;
    const back = this.trailSampler;
    back.sample(Math.max(0, tick - 20 / this.replay.header.dt));
    const gen = ++this.trailGen;
    for (let k = 0; k < back.n; k++) {
      this.trailIndex[back.id[k]] = k;
      this.trailStamp[back.id[k]] = gen;
    }
    const cam = this.camera;
    for (let k = 0; k < s.n; k++) {
      const id = s.id[k];
      if (this.trailStamp[id] !== gen) continue;
      const j = this.trailIndex[id];
      g.moveTo(cam.toScreenX(back.x[j]), cam.toScreenY(back.y[j])).lineTo(cam.toScreenX(s.x[k]), cam.toScreenY(s.y[k]));
    }
    g.stroke({ color: 0xffffff, width: 1, alpha: 0.35 });
  }

  /** Nearest agent to a screen point within `radiusPx`, as an index into the sampler, or -1. */
  pick(px: number, py: number, radiusPx = 10): number {
    const s = this.sampler;
    const cam = this.camera;
    let best = -1;
    let bestD = radiusPx * radiusPx;
    for (let k = 0; k < s.n; k++) {
      const dx = cam.toScreenX(s.x[k]) - px, dy = cam.toScreenY(s.y[k]) - py;
      const d = dx * dx + dy * dy;
      if (d < bestD || (d === bestD && best >= 0 && s.id[k] < s.id[best])) {
        bestD = d;
        best = k;
      }
    }
    return best;
  }

  destroy(app: Application): void {
    app.stage.removeChild(this.root);
    this.root.destroy({ children: true });
    this.heatTexture?.destroy(true);
  }
}
