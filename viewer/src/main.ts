import './style.css';
import { Application } from 'pixi.js';
import { readReplay, type Replay } from '../../sim-core/replay/index.ts';
import { EVENT_D2D_ACCESS, EVENT_D2D_EGRESS, EVENT_NAMES } from '../../sim-core/replay/index.ts';
import { analyse } from './analysis.ts';
import { attachNavigation, Camera } from './camera.ts';
import { Charts } from './charts.ts';
import { BACKGROUND, classStyle, css, type ClassStyle } from './colors.ts';
import { renderHeatmap, type HeatmapMode } from './heatmap.ts';
import { drawProfile } from './profile.ts';
import { LAYER_NAMES, Scene, type LayerName } from './scene.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
/** The open replay's classes (labels, colours, which is ground). */
let classes: ClassStyle = classStyle(['drone', 'evtol', 'ground']);

/** State the browser tests read (window.__skyweave). */
interface TestHook {
  state: 'loading' | 'empty' | 'ready' | 'error';
  error: string;
  tick: number;
  playing: boolean;
  renders: number;
  camera: Camera;
  replayName: string;
  /** The wind legend's text ('' in calm air). */
  wind: string;
  setTick(t: number): void;
  /** World position of agent `id` at the current time, or null if it is not alive. */
  agentWorld(id: number): { x: number; y: number; z: number } | null;
  frameTimes: number[];
  /** CPU milliseconds spent in Scene.render per drawn frame (excludes Pixi's own rendering). */
  renderMs: number[];
  uiMs: number[];
}

const camera = new Camera();
let app: Application;
let scene: Scene | null = null;
let replay: Replay | null = null;
let charts: Charts | null = null;
let tick = 0;
let playing = false;
let speed = 30;
let scrubbing = false;
let lastUiUpdate = 0;
let drawnTick = -1;
let drawnCam = -1;
let heatMode: HeatmapMode = 'off';
const hook: TestHook = {
  state: 'loading', error: '', tick: 0, playing: false, renders: 0, camera, replayName: '', wind: '', frameTimes: [], renderMs: [], uiMs: [],
  setTick: (t) => setTick(t),
  agentWorld(id) {
    if (!scene) return null;
    const s = scene.sampler;
    for (let k = 0; k < s.n; k++) if (s.id[k] === id) return { x: s.x[k], y: s.y[k], z: s.z[k] };
    return null;
  },
};
(window as unknown as { __skyweave: TestHook }).__skyweave = hook;

function showError(message: string): void {
  const el = $('error');
  el.textContent = message;
  el.hidden = false;
  $('drop-hint').hidden = true;
  hook.state = 'error';
  hook.error = message;
}

async function loadBytes(bytes: Uint8Array, name: string): Promise<void> {
  let r: Replay;
  try {
    r = readReplay(bytes);
  } catch (e) {
    showError(`Cannot open ${name}: ${(e as Error).message}`);
    return;
  }
  $('error').hidden = true;
  $('drop-hint').hidden = true;
  setup(r, name);
}

async function loadUrl(url: string, name = url): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    showError(`Cannot fetch ${name}: ${(e as Error).message}`);
    return;
  }
  if (!res.ok) {
    showError(`Cannot fetch ${name}: HTTP ${res.status} ${res.statusText}`);
    return;
  }
  await loadBytes(new Uint8Array(await res.arrayBuffer()), res.headers.get('X-Replay-Path') ?? name);
}

function setup(r: Replay, name: string): void {
  const t0 = performance.now();
  scene?.destroy(app);
  charts?.destroy();
  replay = r;
  classes = classStyle(r.layers.classes.map((c) => c.name));
  const analysis = analyse(r, classes.ground);
  scene = new Scene(r, analysis, camera, classes);
  app.stage.addChild(scene.root);
  for (const l of LAYER_NAMES) scene.setLayer(l, (document.getElementById(`layer-${l}`) as HTMLInputElement).checked);
  const b = r.layers.bounds;
  camera.fit(b.minX, b.minY, b.maxX, b.maxY);
  charts = new Charts($('charts'), analysis, classes);
  const scrub = $<HTMLInputElement>('scrub');
  scrub.min = String(scene.sampler.startTick);
  scrub.max = String(scene.sampler.endTick);
  scrub.step = String(r.header.ticksPerFrame / 4);
  const select = $<HTMLSelectElement>('corridor-select');
  select.replaceChildren(...r.layers.corridors.map((c, i) => new Option(`${c.id} (${c.floorM}–${c.ceilingM} m)`, String(i))));
  fillEvents();
  showWind(r);
  $('replay-name').textContent = `${name} · ${r.layers.name} · seed ${r.header.seed} · ${r.header.agentCount.toLocaleString()} agents · loaded in ${Math.round(performance.now() - t0)} ms`;
  hook.replayName = name;
  setTick(scene.sampler.startTick);
  updateHeatmap();
  hook.state = 'ready';
}

/** The wind legend: an arrow toward where the air moves (north up), speed and direction at each level. */
function showWind(r: Replay): void {
  const w = r.layers.wind;
  $('wind').hidden = !w;
  hook.wind = '';
  if (!w) return;
  const first = w.levels[0];
  // "From 60°" blows toward 240°; the glyph ➜ points east (90°), so rotate by (toward − 90°).
  $('wind-arrow').style.transform = `rotate(${(first.fromDeg + 180 - 90) % 360}deg)`;
  const levels = w.levels.map((l) => `${l.speedMps} m/s from ${String(Math.round(l.fromDeg)).padStart(3, '0')}°${w.levels.length > 1 ? ` at ${l.altM} m` : ''}`);
  $('wind-label').textContent = `wind ${levels.join(', ')}${w.gustSigmaMps > 0 ? `, gusts σ ${w.gustSigmaMps} m/s` : ''}${w.model === 'grid' ? ' (first grid point)' : ''}`;
  hook.wind = $('wind-label').textContent;
}

function setTick(t: number): void {
  if (!scene) return;
  tick = Math.max(scene.sampler.startTick, Math.min(scene.sampler.endTick, t));
  hook.tick = tick;
}

const formatClock = (s: number) => {
  const d = ((s % 86400) + 86400) % 86400;
  return `${String(Math.floor(d / 3600)).padStart(2, '0')}:${String(Math.floor((d % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(d % 60)).padStart(2, '0')}`;
};

function updateUi(): void {
  if (!scene || !replay) return;
  const simS = tick * replay.header.dt;
  $('clock').textContent = `${formatClock(replay.layers.startTimeS + simS)}  (t+${Math.round(simS)} s)`;
  if (!scrubbing) $<HTMLInputElement>('scrub').value = String(tick);
  const s = scene.sampler;
  const air = classes.labels.map(() => 0);
  const all = classes.labels.map(() => 0);
  for (let k = 0; k < s.n; k++) {
    all[s.cls[k]]++;
    if (s.cls[k] === classes.ground || s.z[k] > 0.5) air[s.cls[k]]++;
  }
  $('counts').innerHTML = '<tr><th>class</th><th>alive</th><th>moving/airborne</th></tr>' +
    classes.labels.map((l, i) => `<tr><td><span class="legend" style="background:${css(classes.colors[i])}"></span>${l}</td><td>${all[i]}</td><td>${air[i]}</td></tr>`).join('') +
    `<tr><td>total</td><td>${s.n}</td><td>${air.reduce((a, b) => a + b, 0)}</td></tr>`;
  charts?.setTime(simS);
  drawProfile($<HTMLCanvasElement>('profile'), replay.layers, Number($<HTMLSelectElement>('corridor-select').value || 0), s);
}

function updateHeatmap(): void {
  if (!scene || !replay) return;
  if (heatMode === 'off') {
    scene.setHeatmap(null);
    return;
  }
  const windowTicks = Number($<HTMLSelectElement>('heatmap-window').value) / replay.header.dt;
  renderHeatmap(replay, heatMode, tick, windowTicks, scene.heatCanvas);
  scene.setHeatmap(scene.heatCanvas);
}

function fillEvents(): void {
  if (!scene || !replay) return;
  const r = replay;
  const filter = $<HTMLSelectElement>('event-filter').value;
  const list = scene.analysis.notable.filter((e) => filter === 'all' || EVENT_NAMES[e.kind] === 'conflict' || EVENT_NAMES[e.kind] === 'los');
  const ol = $('events');
  ol.replaceChildren();
  $('event-count').textContent = `(${list.length})`;
  if (list.length === 0) {
    const li = document.createElement('li');
    li.textContent = filter === 'all' ? 'No notable events in this replay.' : 'No conflicts or losses of separation recorded in this replay.';
    ol.appendChild(li);
  }
  for (const e of list.slice(0, 2000)) {
    const li = document.createElement('li');
    li.textContent = `${formatClock(r.layers.startTimeS + e.tick * r.header.dt)} ${EVENT_NAMES[e.kind]} agent ${e.agent}${e.other >= 0 && (EVENT_NAMES[e.kind] === 'conflict' || EVENT_NAMES[e.kind] === 'los') ? ` × ${e.other}` : ''}`;
    li.onclick = () => {
      setTick(e.tick);
      if (!scene) return;
      scene.sampler.sample(e.tick);
      const pos = hook.agentWorld(e.agent);
      if (pos) camera.centerOn(pos.x, pos.y);
      scene.selected = e.agent;
    };
    ol.appendChild(li);
  }
}

/** The agent's state of charge in the frame at the current time (null: no battery data). */
function socOf(r: Replay, id: number): number | null {
  const f = r.frameAtTick(tick);
  const ids = r.frameIds(f), n = r.frameAgentCount(f);
  for (let j = 0; j < n; j++) if (r.i32[ids + j] === id) return r.frameSoc(f, j);
  return null;
}

/** The legs of a door-to-door trip (shuttle, wait, flight, shuttle), from the replay's events. */
function doorToDoorLines(r: Replay, id: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < r.eventCount; i++) {
    const e = r.event(i);
    if (e.agent !== id) continue;
    if (e.kind === EVENT_D2D_ACCESS) out.push(`door-to-door: shuttle from home ${e.other} s, waited ${Math.round(e.value)} s at the vertiport`);
    if (e.kind === EVENT_D2D_EGRESS) out.push(`then shuttle to the address ${e.other} s: door to door ${Math.round(e.value)} s`);
  }
  return out;
}

/** Puts the tooltip 14 px below-right of the cursor, or on the other side where it would cross the map's edge. */
function placeTooltip(tooltip: HTMLElement, x: number, y: number, mapWidth: number, mapHeight: number): void {
  const gap = 14;
  const w = tooltip.offsetWidth;
  const h = tooltip.offsetHeight;
  const left = x + gap + w <= mapWidth ? x + gap : Math.max(0, x - gap - w);
  const top = y + gap + h <= mapHeight ? y + gap : Math.max(0, y - gap - h);
  tooltip.style.left = `${left}px`;
  tooltip.style.top = `${top}px`;
}

function tooltipFor(k: number): string {
  if (!scene || !replay) return '';
  const s = scene.sampler;
  const r = replay;
  const id = s.id[k];
  const flow = r.layers.flows[r.agents.flow[id]];
  const spawn = r.agents.spawnTick[id] * r.header.dt;
  const arrive = r.agents.arriveTick[id];
  const soc = socOf(r, id);
  return [
    `agent ${id} · ${classes.labels[s.cls[k]]}`,
    `altitude ${s.z[k].toFixed(1)} m · speed ${s.gs[k].toFixed(1)} m/s`,
    ...(soc !== null ? [`state of charge ${Math.round(soc * 100)} %`] : []),
    `trip ${flow ? `${flow.from} → ${flow.to}` : '?'}`,
    `departed ${formatClock(r.layers.startTimeS + spawn)}`,
    arrive >= 0 ? `arrived ${formatClock(r.layers.startTimeS + arrive * r.header.dt)} (${Math.round(arrive * r.header.dt - spawn)} s)` : 'not arrived by the end of the run',
    ...doorToDoorLines(r, id),
  ].join('\n');
}

function wireUi(): void {
  const toggles = $('layer-toggles');
  for (const l of LAYER_NAMES) {
    const label = document.createElement('label');
    label.innerHTML = `<input type="checkbox" id="layer-${l}" ${l === 'trails' ? '' : 'checked'}> ${l}`;
    toggles.appendChild(label);
    label.querySelector('input')!.addEventListener('change', (e) => {
      scene?.setLayer(l as LayerName, (e.target as HTMLInputElement).checked);
      drawnTick = -1;
    });
  }
  $('play').onclick = () => togglePlay();
  $('step-back').onclick = () => stepFrame(-1);
  $('step-fwd').onclick = () => stepFrame(1);
  $<HTMLSelectElement>('speed').onchange = (e) => (speed = Number((e.target as HTMLSelectElement).value));
  const scrub = $<HTMLInputElement>('scrub');
  scrub.addEventListener('input', () => {
    scrubbing = true;
    setTick(Number(scrub.value));
  });
  scrub.addEventListener('change', () => {
    scrubbing = false;
    updateHeatmap();
  });
  $<HTMLSelectElement>('heatmap-mode').onchange = (e) => {
    heatMode = (e.target as HTMLSelectElement).value as HeatmapMode;
    updateHeatmap();
    drawnTick = -1;
  };
  $<HTMLSelectElement>('heatmap-window').onchange = () => updateHeatmap();
  $<HTMLSelectElement>('event-filter').onchange = () => fillEvents();
  $<HTMLSelectElement>('corridor-select').onchange = () => updateUi();
  for (const id of ['file-input', 'file-input-hint']) {
    $<HTMLInputElement>(id).addEventListener('change', async (e) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (file) await loadBytes(new Uint8Array(await file.arrayBuffer()), file.name);
    });
  }
  const map = $('map');
  map.addEventListener('dragover', (e) => {
    e.preventDefault();
    document.body.classList.add('dragging');
  });
  map.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  map.addEventListener('drop', async (e) => {
    e.preventDefault();
    document.body.classList.remove('dragging');
    const file = e.dataTransfer?.files[0];
    if (file) await loadBytes(new Uint8Array(await file.arrayBuffer()), file.name);
  });
  const tooltip = $('tooltip');
  map.addEventListener('pointermove', (e) => {
    if (!scene || e.buttons) return;
    const r = map.getBoundingClientRect();
    const k = scene.pick(e.clientX - r.left, e.clientY - r.top);
    if (k < 0) {
      tooltip.hidden = true;
      return;
    }
    tooltip.textContent = tooltipFor(k);
    tooltip.hidden = false;
    placeTooltip(tooltip, e.clientX - r.left, e.clientY - r.top, r.width, r.height);
  });
  map.addEventListener('click', (e) => {
    if (!scene) return;
    const r = map.getBoundingClientRect();
    const k = scene.pick(e.clientX - r.left, e.clientY - r.top);
    scene.selected = k >= 0 ? scene.sampler.id[k] : -1;
    drawnTick = -1;
  });
  window.addEventListener('keydown', (e) => {
    if ((e.target as HTMLElement).tagName === 'SELECT' || (e.target as HTMLElement).tagName === 'INPUT' && (e.target as HTMLInputElement).type === 'file') return;
    const speeds = [...$<HTMLSelectElement>('speed').options].map((o) => Number(o.value));
    if (e.key === ' ') togglePlay();
    else if (e.key === 'ArrowRight') stepFrame(1);
    else if (e.key === 'ArrowLeft') stepFrame(-1);
    else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const i = Math.max(0, Math.min(speeds.length - 1, speeds.indexOf(speed) + (e.key === 'ArrowUp' ? 1 : -1)));
      speed = speeds[i];
      $<HTMLSelectElement>('speed').value = String(speed);
    } else if (e.key === 'Home') setTick(0);
    else if (e.key === 'End') setTick(Infinity);
    else if (e.key === 't') {
      const box = $<HTMLInputElement>('layer-trails');
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change'));
    } else if (e.key === 'h') {
      const sel = $<HTMLSelectElement>('heatmap-mode');
      sel.selectedIndex = (sel.selectedIndex + 1) % sel.options.length;
      sel.dispatchEvent(new Event('change'));
    } else if (e.key === '?') $('help').hidden = !$('help').hidden;
    else return;
    e.preventDefault();
  });
}

function togglePlay(): void {
  if (!scene) return;
  if (!playing && tick >= scene.sampler.endTick) setTick(scene.sampler.startTick);
  playing = !playing;
  hook.playing = playing;
  $('play').textContent = playing ? '⏸' : '▶';
}

function stepFrame(dir: number): void {
  if (!replay) return;
  const f = replay.frameAtTick(tick);
  const target = dir > 0 ? Math.min(replay.frameCount - 1, replay.frameTick(f) < tick ? f + 1 : f + 1) : replay.frameTick(f) < tick ? f : Math.max(0, f - 1);
  playing = false;
  hook.playing = false;
  $('play').textContent = '▶';
  setTick(replay.frameTick(target));
}

function updateScaleBar(): void {
  const targetPx = 110;
  const metres = targetPx / camera.scale;
  const pow = 10 ** Math.floor(Math.log10(metres));
  const nice = [5, 2, 1].map((m) => m * pow).find((v) => v <= metres) ?? pow;
  $('scale-bar-line').style.width = `${nice * camera.scale}px`;
  $('scale-bar-label').textContent = nice >= 1000 ? `${nice / 1000} km` : `${nice} m`;
}

async function main(): Promise<void> {
  app = new Application();
  const host = $('canvas-host');
  await app.init({ resizeTo: host, background: BACKGROUND, antialias: false, preference: 'webgl', autoDensity: true, resolution: 1 });
  host.appendChild(app.canvas);
  camera.resize(host.clientWidth, host.clientHeight);
  new ResizeObserver(() => camera.resize(host.clientWidth, host.clientHeight)).observe(host);
  attachNavigation($('map'), camera);
  wireUi();
  let lastFrame = performance.now();
  app.ticker.add(() => {
    const now = performance.now();
    const dtMs = now - lastFrame;
    lastFrame = now;
    if (hook.frameTimes.length < 100_000) hook.frameTimes.push(dtMs);
    if (!scene || !replay) return;
    if (playing) {
      setTick(tick + (dtMs / 1000) * speed / replay.header.dt);
      if (tick >= scene.sampler.endTick) togglePlay();
    }
    if (tick !== drawnTick || camera.version !== drawnCam) {
      const r0 = performance.now();
      scene.render(tick);
      if (hook.renderMs.length < 100_000) hook.renderMs.push(performance.now() - r0);
      hook.renders++;
      drawnTick = tick;
      drawnCam = camera.version;
      updateScaleBar();
    }
    if (now - lastUiUpdate > 200) {
      lastUiUpdate = now;
      const u0 = performance.now();
      updateUi();
      if (hook.uiMs.length < 100_000) hook.uiMs.push(performance.now() - u0);
    }
  });
  const url = new URLSearchParams(location.search).get('replay');
  if (url) return loadUrl(url);
  // Dev server: the most recent run under out/. Static hosts have no such endpoint.
  try {
    const res = await fetch('./api/latest-replay');
    if (res.ok && res.headers.get('Content-Type')?.includes('octet-stream')) {
      return loadBytes(new Uint8Array(await res.arrayBuffer()), res.headers.get('X-Replay-Path') ?? 'latest replay');
    }
  } catch {
    /* no dev server: fall through to the picker */
  }
  hook.state = 'empty';
  $('drop-hint').hidden = false;
}

main().catch((e) => showError(`The viewer failed to start: ${(e as Error).message}`));
