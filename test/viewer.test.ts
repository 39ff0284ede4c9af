import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { readReplay } from '../sim-core/index.ts';
import { EVENT_D2D_ACCESS, EVENT_D2D_EGRESS } from '../sim-core/metrics/events.ts';
import { loadScenario } from '../src/scenario-loader.ts';
import { runScenario } from '../src/commands/run.ts';
import { runBlueSky } from '../src/interop/bluesky/run-bluesky.ts';
import { browserAvailable, CHROMIUM, startViewer, type ViewerHarness } from '../bench/browser.ts';

const required = process.env.SKYWEAVE_REQUIRE_BROWSER === '1';
const available = browserAvailable();
if (!available && !required) console.warn(`viewer tests SKIPPED: no chromium at ${CHROMIUM} (run "bash .ci/install-chromium")`);

const root = resolve(import.meta.dirname, '..');
const shots = join(root, 'out', 'screenshots');
const BG = [0x0e, 0x11, 0x16];

type Hook = { state: string; error: string; tick: number; renders: number; playing: boolean; camera: { cx: number; cy: number; scale: number; width: number; height: number }; setTick(t: number): void; agentWorld(id: number): { x: number; y: number; z: number } | null };

function decode(buf: Buffer) {
  return PNG.sync.read(buf);
}
const isBackground = (png: PNG, x: number, y: number) => {
  const i = (png.width * y + x) * 4;
  return Math.abs(png.data[i] - BG[0]) + Math.abs(png.data[i + 1] - BG[1]) + Math.abs(png.data[i + 2] - BG[2]) < 12;
};
function diffCount(a: PNG, b: PNG): number {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) if (Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]) > 30) n++;
  return n;
}

describe.skipIf(!available && !required)('viewer in headless chromium', () => {
  let h: ViewerHarness;
  const dir = mkdtempSync(join(tmpdir(), 'skw-view-'));
  const replayPath = join(dir, 'replay.skw');
  let bytes: Uint8Array;
  let d2dBytes: Uint8Array;

  beforeAll(async () => {
    if (!available) throw new Error(`chromium is required (SKYWEAVE_REQUIRE_BROWSER=1) but missing at ${CHROMIUM}`);
    const run = runScenario(loadScenario('alatau'), 2, 1200, { replay: true });
    bytes = run.replay!;
    writeFileSync(replayPath, bytes);
    writeFileSync(join(dir, 'bad.skw'), bytes.subarray(0, bytes.length - 64));
    writeFileSync(join(dir, 'foreign.skw'), JSON.stringify({ type: 'FeatureCollection', features: [] }).padEnd(400));
    const windy = runScenario(loadScenario('alatau', ['wind={"model":"uniform","from_deg":60,"speed_mps":10}']), 2, 600, { replay: true });
    writeFileSync(join(dir, 'windy.skw'), windy.replay!);
    d2dBytes = runScenario(loadScenario('alatau', ['demand.door_to_door={"share":1}']), 2, 1500, { replay: true }).replay!;
    writeFileSync(join(dir, 'd2d.skw'), d2dBytes);
    const scn = ['00:00:00.00>BOX SECTOR,43.55,76.95,43.65,77.10', '00:00:00.00>CRE D1,M600,43.600,77.000,90,300,30', '00:00:00.00>CRE D2,M600,43.60326,77.0045,180,300,30',
      '00:00:00.00>CRE T1,EH216,43.62,77.00,90,1000,60', '00:00:00.00>CRE KL204,B744,43.58,76.96,45,FL50,250'].join('\n');
    writeFileSync(join(dir, 'bluesky.skw'), runBlueSky(scn, 'viewer.scn', { durationS: 120, recordIntervalS: 2 }).replay!);
    h = await startViewer({ 'bluesky.skw': join(dir, 'bluesky.skw'), 'replay.skw': replayPath, 'bad.skw': join(dir, 'bad.skw'), 'foreign.skw': join(dir, 'foreign.skw'), 'windy.skw': join(dir, 'windy.skw'), 'd2d.skw': join(dir, 'd2d.skw') });
    mkdirSync(shots, { recursive: true });
  }, 180_000);
  afterAll(async () => h?.close());

  const hook = () => h.page.evaluate(() => (window as unknown as { __skyweave: Hook }).__skyweave);
  // Pixi renders from requestAnimationFrame: after three frames every change so far is drawn.
  const waitRendered = () => h.page.evaluate(() => new Promise<void>((done) => {
    let n = 0;
    const next = () => (++n >= 3 ? done() : requestAnimationFrame(next));
    requestAnimationFrame(next);
  }));
  const canvasShot = async () => decode(await h.page.locator('#canvas-host canvas').screenshot());
  const setLayer = async (name: string, on: boolean) => {
    const box = h.page.locator(`#layer-${name}`);
    if ((await box.isChecked()) !== on) await box.click();
  };

  it('loads the replay and draws a non-blank map', async () => {
    await h.page.goto(`${h.baseUrl}?replay=replay.skw`);
    await h.page.waitForFunction(() => ['ready', 'error'].includes((window as unknown as { __skyweave: Hook }).__skyweave?.state), null, { timeout: 30_000 });
    expect((await hook()).state).toBe('ready');
    await h.page.evaluate(() => (window as unknown as { __skyweave: Hook }).__skyweave.setTick(1600));
    await waitRendered();
    const png = await canvasShot();
    let nonBg = 0;
    const colours = new Set<number>();
    for (let y = 0; y < png.height; y += 2) for (let x = 0; x < png.width; x += 2) {
      if (!isBackground(png, x, y)) nonBg++;
      const i = (png.width * y + x) * 4;
      colours.add((png.data[i] >> 3) << 10 | (png.data[i + 1] >> 3) << 5 | (png.data[i + 2] >> 3));
    }
    const fraction = nonBg / ((png.width / 2) * (png.height / 2));
    expect(fraction).toBeGreaterThan(0.05);
    expect(colours.size).toBeGreaterThan(30);
    await h.page.screenshot({ path: join(shots, 'alatau-overview.png') });
  });

  it('draws a known agent at its projected pixel position at a known time', async () => {
    const r = readReplay(bytes);
    const f = Math.floor(r.frameCount * 0.6);
    const t = r.frameTick(f);
    const q = r.header.positionQuantumM;
    const n = r.frameAgentCount(f);
    const xs = Array.from({ length: n }, (_, k) => r.i32[r.frameX(f) + k] * q);
    const ys = Array.from({ length: n }, (_, k) => r.i32[r.frameY(f) + k] * q);
    await h.page.evaluate((tick) => (window as unknown as { __skyweave: Hook }).__skyweave.setTick(tick), t);
    for (const l of ['zones', 'roads', 'geofences', 'corridors', 'vertiports']) await setLayer(l, false);
    await waitRendered();
    const cam = (await hook()).camera;
    const sx = (x: number) => (x - cam.cx) * cam.scale + cam.width / 2;
    const sy = (y: number) => cam.height / 2 - (y - cam.cy) * cam.scale;
    // An airborne agent with no other agent within 25 px, well inside the canvas.
    let pick = -1;
    for (let k = 0; k < n && pick < 0; k++) {
      const px = sx(xs[k]), py = sy(ys[k]);
      if (px < 30 || py < 30 || px > cam.width - 30 || py > cam.height - 30) continue;
      if (r.u16[r.frameZ(f) + k] * q < 20) continue;
      let alone = true;
      for (let j = 0; j < n && alone; j++) if (j !== k && Math.hypot(sx(xs[j]) - px, sy(ys[j]) - py) < 25) alone = false;
      if (alone) pick = k;
    }
    expect(pick).toBeGreaterThanOrEqual(0);
    const id = r.i32[r.frameIds(f) + pick];
    const world = await h.page.evaluate((i) => (window as unknown as { __skyweave: Hook }).__skyweave.agentWorld(i), id);
    expect(world).not.toBeNull();
    expect(Math.abs(world!.x - xs[pick])).toBeLessThan(0.05);
    expect(Math.abs(world!.y - ys[pick])).toBeLessThan(0.05);
    const png = await canvasShot();
    const px = Math.round(sx(xs[pick])), py = Math.round(sy(ys[pick]));
    let hits = 0;
    for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) if (!isBackground(png, px + dx, py + dy)) hits++;
    expect(hits, `agent ${id} at (${px}, ${py})`).toBeGreaterThan(10);
    // ...and empty canvas 15 px away in each direction (the agent is isolated, layers are off).
    for (const [dx, dy] of [[15, 0], [-15, 0], [0, 15], [0, -15]]) expect(isBackground(png, px + dx, py + dy)).toBe(true);
    // Hovering it shows its state of charge, as the replay recorded it for that frame.
    await h.page.mouse.move((await h.page.locator('#canvas-host canvas').boundingBox())!.x + px, (await h.page.locator('#canvas-host canvas').boundingBox())!.y + py);
    await h.page.waitForFunction(() => !(document.getElementById('tooltip') as HTMLElement).hidden);
    const text = (await h.page.locator('#tooltip').textContent()) ?? '';
    const soc = r.frameSoc(f, pick);
    expect(soc).not.toBeNull();
    expect(text).toContain(`agent ${id}`);
    expect(text).toContain(`state of charge ${Math.round(soc! * 100)} %`);
    for (const l of ['zones', 'roads', 'geofences', 'corridors', 'vertiports']) await setLayer(l, true);
  });

  it('play advances the time', async () => {
    await h.page.evaluate(() => (window as unknown as { __skyweave: Hook }).__skyweave.setTick(100));
    await waitRendered();
    const clockBefore = await h.page.locator('#clock').textContent();
    await h.page.locator('#play').click();
    await h.page.waitForTimeout(1200);
    const after = await hook();
    expect(after.playing).toBe(true);
    expect(after.tick).toBeGreaterThan(100 + 20);
    await h.page.locator('#play').click();
    expect((await hook()).playing).toBe(false);
    expect(await h.page.locator('#clock').textContent()).not.toBe(clockBefore);
  });

  it('scrubbing moves agents', async () => {
    const setScrub = (v: number) => h.page.$eval('#scrub', (el, value) => {
      (el as HTMLInputElement).value = String(value);
      el.dispatchEvent(new Event('input'));
      el.dispatchEvent(new Event('change'));
    }, v);
    await setScrub(1000);
    await waitRendered();
    const a = await canvasShot();
    const s1 = await hook();
    await setScrub(1400);
    await waitRendered();
    const b = await canvasShot();
    const s2 = await hook();
    expect(s1.tick).toBe(1000);
    expect(s2.tick).toBe(1400);
    expect(diffCount(a, b)).toBeGreaterThan(200);
  });

  it('toggling a layer changes pixels', async () => {
    const before = await canvasShot();
    await setLayer('zones', false);
    await waitRendered();
    const after = await canvasShot();
    expect(diffCount(before, after)).toBeGreaterThan(2000);
    await setLayer('zones', true);
  });

  it('saves screenshots of the Alatau run for people to look at', async () => {
    await h.page.evaluate(() => (window as unknown as { __skyweave: Hook }).__skyweave.setTick(2200));
    await h.page.selectOption('#heatmap-mode', 'density');
    await waitRendered();
    await h.page.screenshot({ path: join(shots, 'alatau-density-heatmap.png') });
    await h.page.selectOption('#heatmap-mode', 'off');
    // Zoom in on the Golden district around the drone hub.
    await h.page.mouse.move(480, 420);
    for (let i = 0; i < 6; i++) await h.page.mouse.wheel(0, -300);
    await setLayer('trails', true);
    await waitRendered();
    await h.page.screenshot({ path: join(shots, 'alatau-zoomed-trails.png') });
    expect(readFileSync(join(shots, 'alatau-zoomed-trails.png')).length).toBeGreaterThan(10_000);
  });

  it('shows the wind (arrow and legend) for a windy replay, nothing in calm air', async () => {
    await h.page.goto(`${h.baseUrl}?replay=windy.skw`);
    await h.page.waitForFunction(() => (window as unknown as { __skyweave: Hook }).__skyweave.state === 'ready');
    expect(await h.page.locator('#wind').isVisible()).toBe(true);
    expect(await h.page.locator('#wind-label').textContent()).toBe('wind 10 m/s from 060°');
    // From 060° the air moves toward 240°: the east-pointing glyph turns by 150°.
    expect(await h.page.locator('#wind-arrow').evaluate((e) => (e as HTMLElement).style.transform)).toBe('rotate(150deg)');
    await h.page.screenshot({ path: join(shots, 'viewer-wind.png') });
    await h.page.goto(`${h.baseUrl}?replay=replay.skw`);
    await h.page.waitForFunction(() => (window as unknown as { __skyweave: Hook }).__skyweave.state === 'ready');
    expect(await h.page.locator('#wind').isVisible()).toBe(false);
  });

  it('hovering a door-to-door eVTOL shows its shuttle legs and door-to-door time from the replay events', async () => {
    const r = readReplay(d2dBytes);
    // An eVTOL of a door-to-door trip that has arrived (both its access and egress events are in the replay).
    const access = new Map<number, { other: number; value: number }>(), egress = new Map<number, { other: number; value: number }>();
    for (let i = 0; i < r.eventCount; i++) {
      const e = r.event(i);
      if (e.kind === EVENT_D2D_ACCESS) access.set(e.agent, e);
      if (e.kind === EVENT_D2D_EGRESS) egress.set(e.agent, e);
    }
    const q = r.header.positionQuantumM;
    await h.page.goto(`${h.baseUrl}?replay=d2d.skw`);
    await h.page.waitForFunction(() => (window as unknown as { __skyweave: Hook }).__skyweave.state === 'ready');
    for (const l of ['zones', 'roads', 'geofences', 'corridors', 'vertiports']) await setLayer(l, false);
    // A frame where one such eVTOL flies alone (no other agent within 25 px).
    let found: { f: number; k: number; id: number } | null = null;
    const cam = (await hook()).camera;
    const sx = (x: number) => (x - cam.cx) * cam.scale + cam.width / 2, sy = (y: number) => cam.height / 2 - (y - cam.cy) * cam.scale;
    for (let f = 0; f < r.frameCount && !found; f += 5) {
      const n = r.frameAgentCount(f), ids = r.frameIds(f);
      for (let k = 0; k < n && !found; k++) {
        const id = r.i32[ids + k];
        if (!access.has(id) || !egress.has(id) || r.u16[r.frameZ(f) + k] * q < 100) continue;
        const px = sx(r.i32[r.frameX(f) + k] * q), py = sy(r.i32[r.frameY(f) + k] * q);
        if (px < 30 || py < 30 || px > cam.width - 30 || py > cam.height - 30) continue;
        let alone = true;
        for (let j = 0; j < n && alone; j++) if (j !== k && Math.hypot(sx(r.i32[r.frameX(f) + j] * q) - px, sy(r.i32[r.frameY(f) + j] * q) - py) < 25) alone = false;
        if (alone) found = { f, k, id };
      }
    }
    expect(found, 'an isolated door-to-door eVTOL in flight').not.toBeNull();
    const { f, k, id } = found!;
    await h.page.evaluate((tick) => (window as unknown as { __skyweave: Hook }).__skyweave.setTick(tick), r.frameTick(f));
    await waitRendered();
    const box = (await h.page.locator('#canvas-host canvas').boundingBox())!;
    await h.page.mouse.move(box.x + sx(r.i32[r.frameX(f) + k] * q), box.y + sy(r.i32[r.frameY(f) + k] * q));
    await h.page.waitForFunction(() => !(document.getElementById('tooltip') as HTMLElement).hidden);
    const text = (await h.page.locator('#tooltip').textContent()) ?? '';
    expect(text).toContain(`agent ${id}`);
    const a = access.get(id)!, e = egress.get(id)!;
    expect(text).toContain(`door-to-door: shuttle from home ${a.other} s, waited ${Math.round(a.value)} s at the vertiport`);
    expect(text).toContain(`then shuttle to the address ${e.other} s: door to door ${Math.round(e.value)} s`);
    await h.page.screenshot({ path: join(shots, 'viewer-door-to-door-tooltip.png') });
    // Near the map's right and bottom edges the (long) tooltip flips to the cursor's other side
    // instead of running off the map: pan so the aircraft sits 40 px from the bottom-right corner.
    const ax = sx(r.i32[r.frameX(f) + k] * q), ay = sy(r.i32[r.frameY(f) + k] * q);
    await h.page.mouse.move(box.x + 5, box.y + 5);
    await h.page.waitForFunction(() => (document.getElementById('tooltip') as HTMLElement).hidden);
    await h.page.mouse.move(box.x + ax, box.y + ay);
    await h.page.mouse.down();
    await h.page.mouse.move(box.x + box.width - 40, box.y + box.height - 40, { steps: 8 });
    await h.page.mouse.up();
    await waitRendered();
    await h.page.mouse.move(box.x + box.width - 41, box.y + box.height - 41);
    await h.page.mouse.move(box.x + box.width - 40, box.y + box.height - 40);
    await h.page.waitForFunction(() => !(document.getElementById('tooltip') as HTMLElement).hidden);
    expect((await h.page.locator('#tooltip').textContent()) ?? '').toContain(`agent ${id}`);
    const tip = (await h.page.locator('#tooltip').boundingBox())!;
    const host = (await h.page.locator('#map').boundingBox())!;
    expect(tip.x + tip.width).toBeLessThanOrEqual(host.x + host.width);
    expect(tip.y + tip.height).toBeLessThanOrEqual(host.y + host.height);
    expect(tip.x).toBeGreaterThanOrEqual(host.x);
    await h.page.screenshot({ path: join(shots, 'viewer-tooltip-at-edge.png') });
    for (const l of ['zones', 'roads', 'geofences', 'corridors', 'vertiports']) await setLayer(l, true);
  });

  it('opens a BlueSky run: its classes in the table (fixed-wing included), its area, its aircraft', async () => {
    await h.page.goto(`${h.baseUrl}?replay=bluesky.skw`);
    await h.page.waitForFunction(() => ['ready', 'error'].includes((window as unknown as { __skyweave: Hook }).__skyweave?.state), null, { timeout: 30_000 });
    expect((await hook()).state).toBe('ready');
    await h.page.evaluate(() => (window as unknown as { __skyweave: Hook }).__skyweave.setTick(1200)); // t = 60 s at BlueSky's 0.05 s step
    await waitRendered();
    await h.page.waitForFunction(() => (document.getElementById('counts')?.textContent ?? '').startsWith('classalivemoving/airbornedrone'), null, { timeout: 10_000 });
    await h.page.waitForFunction(() => !(document.getElementById('counts')?.textContent ?? '').includes('total0'), null, { timeout: 10_000 });
    const rows = await h.page.locator('#counts tr').evaluateAll((trs) => trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent?.trim()).join(' ')));
    expect(rows).toEqual(['class alive moving/airborne', 'drone 2 2', 'eVTOL 1 1', 'fixed-wing 1 1', 'total 4 4']);
    const png = await canvasShot();
    let drawn = 0;
    for (let y = 0; y < png.height; y += 4) for (let x = 0; x < png.width; x += 4) if (!isBackground(png, x, y)) drawn++;
    expect(drawn).toBeGreaterThan(50); // the SECTOR outline and four aircraft
    await h.page.screenshot({ path: join(shots, 'viewer-bluesky.png') });
  });

  it('shows a clear message for a truncated file and for a foreign file', async () => {
    await h.page.goto(`${h.baseUrl}?replay=bad.skw`);
    await h.page.waitForFunction(() => (window as unknown as { __skyweave: Hook }).__skyweave?.state === 'error', null, { timeout: 30_000 });
    await expect.poll(() => h.page.locator('#error').isVisible()).toBe(true);
    expect(await h.page.locator('#error').textContent()).toMatch(/Cannot open bad\.skw: truncated or damaged replay/);
    await h.page.screenshot({ path: join(shots, 'bad-file.png') });
    await h.page.goto(`${h.baseUrl}?replay=foreign.skw`);
    await h.page.waitForFunction(() => (window as unknown as { __skyweave: Hook }).__skyweave?.state === 'error', null, { timeout: 30_000 });
    expect(await h.page.locator('#error').textContent()).toMatch(/not a skyweave replay/);
  });
});
