import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentStore, compileWorld, PHASE_MOVING } from '../sim-core/index.ts';
import { ReplayWriter } from '../sim-core/replay/writer.ts';
import { staticLayersOf } from '../sim-core/replay/layers.ts';
import { loadScenario } from '../src/scenario-loader.ts';
import { runScenario } from '../src/commands/run.ts';
import { browserAvailable, startViewer } from './browser.ts';

/** A synthetic replay with `n` aircraft circling over the Alatau area (120 frames, 2 s apart). */
export function syntheticReplay(n: number): Uint8Array {
  const world = compileWorld(loadScenario('alatau'), 1);
  const writer = new ReplayWriter({ seed: 1, dt: 0.5, ticksPerFrame: 4, originLat: world.origin.lat, originLon: world.origin.lon, scenarioHash: world.scenarioHash }, staticLayersOf(world));
  const a = new AgentStore(n);
  const b = world.bounds;
  for (let i = 0; i < n; i++) {
    const s = a.allocate();
    a.phase[s] = PHASE_MOVING;
    a.id[s] = i;
    a.cls[s] = i % 10 === 0 ? 1 : 0;
  }
  // Deterministic pseudo-random centres (golden-ratio sequence) and radii.
  const cx = (i: number) => b.minX + ((i * 0.618034) % 1) * (b.maxX - b.minX);
  const cy = (i: number) => b.minY + ((i * 0.754878) % 1) * (b.maxY - b.minY);
  for (let f = 0; f < 120; f++) {
    for (let i = 0; i < n; i++) {
      const ang = (f * 2 * 15) / 500 + i;
      a.x[i] = cx(i) + 500 * Math.cos(ang);
      a.y[i] = cy(i) + 500 * Math.sin(ang);
      a.z[i] = 60 + (i % 7) * 40;
      a.gs[i] = 15;
    }
    writer.addFrame(f * 4, a);
  }
  return writer.finish(480, '0'.repeat(16), { count: n, cls: a.cls, flow: new Int32Array(n), spawnTick: new Int32Array(n), arriveTick: new Int32Array(n).fill(-1) }, new Uint8Array(0), 0);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/**
 * Frame time (median, p95) of the viewer playing replays with 5k, 20k and 50k agents in headless
 * chromium (software WebGL), and the load time of a one-hour Alatau replay.
 */
export async function viewerFrames(): Promise<Record<string, number | string>[]> {
  if (!browserAvailable()) {
    console.warn('viewer-frames: chromium missing, skipped (bash .ci/install-chromium)');
    return [{ case: 'skipped: chromium missing' }];
  }
  const dir = mkdtempSync(join(tmpdir(), 'skw-bench-view-'));
  const files: Record<string, string> = {};
  const sizes = [5000, 20000, 50000];
  for (const n of sizes) {
    files[`synthetic-${n}.skw`] = join(dir, `synthetic-${n}.skw`);
    writeFileSync(files[`synthetic-${n}.skw`], syntheticReplay(n));
  }
  const alatau = runScenario(loadScenario('alatau'), 1, 3600, { replay: true });
  files['alatau.skw'] = join(dir, 'alatau.skw');
  writeFileSync(files['alatau.skw'], alatau.replay!);
  const h = await startViewer(files, { width: 1280, height: 800 });
  const rows: Record<string, number | string>[] = [];
  try {
    for (const name of [...sizes.map((n) => `synthetic-${n}.skw`), 'alatau.skw']) {
      const t0 = performance.now();
      await h.page.goto(`${h.baseUrl}?replay=${name}`);
      await h.page.waitForFunction(() => (window as unknown as { __skyweave: { state: string } }).__skyweave?.state === 'ready', null, { timeout: 120_000 });
      const loadMs = performance.now() - t0;
      // Play at 30x for 5 s of wall time and collect every frame interval.
      await h.page.evaluate(() => {
        const w = window as unknown as { __skyweave: { frameTimes: number[] } };
        w.__skyweave.frameTimes.length = 0;
        (w.__skyweave as unknown as { renderMs: number[] }).renderMs.length = 0;
      });
      await h.page.locator('#play').click();
      await h.page.waitForTimeout(5000);
      const times = (await h.page.evaluate(() => (window as unknown as { __skyweave: { frameTimes: number[] } }).__skyweave.frameTimes.slice(5))).sort((a, b) => a - b);
      const cpu = (await h.page.evaluate(() => (window as unknown as { __skyweave: { renderMs: number[] } }).__skyweave.renderMs.slice(5))).sort((a, b) => a - b);
      await h.page.locator('#play').click();
      const agents = await h.page.evaluate(() => document.querySelector('#counts tr:last-child td:nth-child(2)')?.textContent ?? '');
      rows.push({ case: name, agents_on_screen: agents, page_load_ms: Math.round(loadMs), frames: times.length, median_ms: +percentile(times, 0.5).toFixed(1), p95_ms: +percentile(times, 0.95).toFixed(1), fps_median: +(1000 / percentile(times, 0.5)).toFixed(1), scene_cpu_median_ms: +percentile(cpu, 0.5).toFixed(2), replay_bytes: (await import('node:fs')).statSync(files[name]).size });
    }
  } finally {
    await h.close();
  }
  return rows;
}
