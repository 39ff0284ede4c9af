import { describe, expect, it, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { compile } from 'vega-lite';
import { ROOT, runCli } from './helpers/cli.ts';
import { browserAvailable, CHROMIUM, openPage } from '../bench/browser.ts';
import { meanInterval, studentTQuantile } from '../src/experiments/stats.ts';
import { parseSeedList, readExperimentFile } from '../src/experiments/spec.ts';
import { planSweep } from '../src/experiments/plan.ts';
import { aggregateRows, readRunsCsv } from '../src/experiments/results.ts';
import { ExperimentError } from '../src/io.ts';
import { lineWithBand, delayHistogram, timelinePlot, barsWithErrors } from '../src/experiments/report/specs.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'skw-sweep-'));
/** A row minus what may differ between runs of the same job (wall time). */
const stable = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'wall_s'));
const SMALL = ['--grid', 'airspace.policy=full-mix,layers', '--grid', 'demand.scale=1,2', '--seeds', '1-2', '--duration', '300', '--quiet'];

describe('experiment statistics', () => {
  it('Student t quantiles match the tables', () => {
    // Two-sided 95 %: t(0.975, df).
    const table: [number, number][] = [[1, 12.7062], [2, 4.3027], [4, 2.7764], [9, 2.2622], [19, 2.0930], [29, 2.0452], [120, 1.9799]];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });

  it('the 95 % interval of a sample is mean ± t·sd/√n', () => {
    const iv = meanInterval([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(iv.mean).toBe(5);
    expect(iv.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(iv.half).toBeCloseTo(studentTQuantile(0.975, 7) * Math.sqrt(32 / 7) / Math.sqrt(8), 12);
    expect(meanInterval([3]).half).toBe(0);
  });
});

describe('sweep aggregates', () => {
  it('cut the interval at 0 for a metric no run saw negative, and only then', () => {
    const rows = [0, 0, 0, 6].map((v, i) => ({ setting: 'a', seed: i + 1, rate: v, diff: v - 1 }));
    const agg = aggregateRows(rows, []);
    const rate = agg.find((a) => a.metric === 'rate')!, diff = agg.find((a) => a.metric === 'diff')!;
    const plain = meanInterval([0, 0, 0, 6]);
    expect(plain.lo).toBeLessThan(0); // the symmetric interval reaches below zero here
    expect(rate.lo).toBe(0);
    expect(rate.hi).toBe(plain.hi);
    expect(rate.mean).toBe(1.5);
    expect(diff.lo).toBeCloseTo(plain.lo - 1, 12); // a signed metric keeps the plain interval
  });
});

describe('experiment files', () => {
  it('parses seed lists and refuses bad ones with a reason', () => {
    expect(parseSeedList('1-3,7')).toEqual([1, 2, 3, 7]);
    expect(() => parseSeedList('5-1')).toThrow(/rising range/);
    expect(() => parseSeedList('1,1')).toThrow(/each seed once/);
    expect(() => parseSeedList('a')).toThrow(/expected seeds/);
    expect(() => parseSeedList('1-100000')).toThrow(/at most/);
  });

  it('reports every problem of a file at once, with its path', () => {
    const dir = tmp();
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ scenario: 'alatau', grid: { 'demand.scale': [] }, seeds: 'x', duration_s: -1, extra: 1 }));
    try {
      readExperimentFile(file);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExperimentError);
      const paths = (e as ExperimentError).problems.map((p) => p.path).sort();
      expect(paths).toEqual(expect.arrayContaining(['(root)', 'duration_s', 'grid.demand.scale']));
      expect((e as ExperimentError).problems.every((p) => p.file === file)).toBe(true);
    }
  });

  it('validates each setting against the scenario schema before running anything', () => {
    const dir = tmp();
    const file = join(dir, 'e.json');
    writeFileSync(file, JSON.stringify({ scenario: 'alatau', grid: { 'airspace.policy': ['full-mix', 'hyperloop'], 'demand.scale': [1, -2] }, seeds: [1], duration_s: 60 }));
    try {
      planSweep(readExperimentFile(file));
      expect.unreachable();
    } catch (e) {
      const messages = (e as ExperimentError).problems.map((p) => `${p.path}: ${p.message}`);
      expect(messages.some((m) => m.includes('airspace.policy') && m.includes('hyperloop'))).toBe(true);
      expect(messages.some((m) => m.includes('demand.scale') && m.includes('demand.scale=-2'))).toBe(true);
    }
  });

  it('keys runs by engine, scenario, settings, seed and duration (stable, distinct)', () => {
    const e = { name: 'x', scenario: 'alatau', set: [], grid: [{ path: 'demand.scale', values: [1, 2] }], seeds: [1, 2], durationS: 60, metrics: [], replays: false };
    const a = planSweep(e), b = planSweep(e);
    expect(a.jobs.map((j) => j.key)).toEqual(b.jobs.map((j) => j.key));
    expect(new Set(a.jobs.map((j) => j.key)).size).toBe(4);
    expect(a.jobs.every((j) => /^[0-9a-f]{20}$/.test(j.key))).toBe(true);
    const longer = planSweep({ ...e, durationS: 120 });
    expect(longer.jobs.some((j) => a.jobs.some((k) => k.key === j.key))).toBe(false);
  });
});

describe('report specs compile with Vega-Lite', () => {
  it('every chart type compiles to a Vega spec with data', () => {
    const pts = [{ series: 'a', x: 1, mean: 1, lo: 0.5, hi: 1.5, n: 3, setting: 's' }, { series: 'a', x: 2, mean: 2, lo: 1, hi: 3, n: 3, setting: 't' }];
    const specs = [
      lineWithBand('t', pts, 'demand.scale', 'u'),
      barsWithErrors('t', pts, 'u'),
      delayHistogram('t', [{ series: 'a', x: 1, counts: [3, 1, 0], edges: [0, 60, null] }], 'demand.scale'),
      timelinePlot('t', [{ series: 'a', x: 1, t_h: 0.1, value: 2 }], 'demand.scale', 'u'),
    ];
    for (const s of specs) {
      const out = compile(s as never).spec;
      expect(out.data?.length).toBeGreaterThan(0);
    }
  });
});

describe('sweep on the local backend (compiled CLI)', () => {
  let one: string, two: string;
  beforeAll(() => {
    one = tmp();
    two = tmp();
    const a = runCli(['sweep', ...SMALL, '--workers', '1', '--out', one]);
    expect(a.code, a.err).toBe(0);
    const b = runCli(['sweep', ...SMALL, '--workers', '2', '--out', two]);
    expect(b.code, b.err).toBe(0);
  }, 180_000);

  it('writes one row per run, identical with 1 and 2 workers (minus wall time)', () => {
    const r1 = readRunsCsv(join(one, 'runs.csv')), r2 = readRunsCsv(join(two, 'runs.csv'));
    expect(r1.length).toBe(8);
    expect(r1.map(stable)).toEqual(r2.map(stable));
    expect(new Set(r1.map((r) => r.run_key)).size).toBe(8);
    expect(readFileSync(join(one, 'aggregate.csv'), 'utf8')).toBe(readFileSync(join(two, 'aggregate.csv'), 'utf8'));
    // Settings vary as asked; every row carries its state hash and figures.
    expect(new Set(r1.map((r) => `${r['set.airspace.policy']}/${r['set.demand.scale']}`)).size).toBe(4);
    expect(r1.every((r) => typeof r.state_hash === 'string' && typeof r['drone.los_per_flight_hour'] === 'number')).toBe(true);
  });

  it('a run of the sweep equals the same run by "sim run"', () => {
    const rows = readRunsCsv(join(one, 'runs.csv'));
    const row = rows.find((r) => r['set.airspace.policy'] === 'layers' && r['set.demand.scale'] === 2 && r.seed === 2)!;
    const out = tmp();
    const r = runCli(['run', '--set', 'airspace.policy="layers"', '--set', 'demand.scale=2', '--seed', '2', '--duration', '300', '--out', out, '--quiet', '--no-replay', '--no-cr-baseline']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).state_hash).toBe(row.state_hash);
  });

  it('writes Parquet with the same rows as the CSV', async () => {
    const buf = readFileSync(join(one, 'runs.parquet'));
    const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) });
    const csv = readRunsCsv(join(one, 'runs.csv'));
    expect(rows.length).toBe(csv.length);
    expect(rows.map((r) => r.run_key)).toEqual(csv.map((r) => r.run_key));
    expect(rows.map((r) => r['drone.ground_delay_mean_s'])).toEqual(csv.map((r) => r['drone.ground_delay_mean_s']));
  });

  it('a rerun skips every finished run and changes nothing', () => {
    const before = readFileSync(join(one, 'runs.csv'), 'utf8');
    const r = runCli(['sweep', ...SMALL.filter((a) => a !== '--quiet'), '--out', one]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('8 of 8 runs already finished');
    expect(readFileSync(join(one, 'runs.csv'), 'utf8')).toBe(before);
  });

  it('report rebuilds report.html from the CSV, byte-identical', () => {
    const before = readFileSync(join(one, 'report.html'), 'utf8');
    const r = runCli(['report', one]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(one, 'report.html'), 'utf8')).toBe(before);
    expect(before).not.toMatch(/<script[^>]+src=/);
    expect(before).not.toMatch(/https?:\/\/(cdn|unpkg|fastly)/);
  });

  it('a sweep killed mid-way loses only the runs in flight; the rerun completes it exactly once', async () => {
    const out = tmp();
    const args = ['sweep', '--grid', 'demand.scale=1,2,3', '--seeds', '1-4', '--duration', '600', '--workers', '2', '--quiet', '--out', out];
    const child = spawn(process.execPath, [join(ROOT, 'src', 'build', 'sim.mjs'), ...args], { stdio: 'ignore' });
    const runsDir = join(out, 'runs');
    const finished = () => (existsSync(runsDir) ? readdirSync(runsDir).filter((k) => existsSync(join(runsDir, k, 'row.json'))).length : 0);
    const t0 = Date.now();
    while (finished() < 2 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const survived = finished();
    expect(survived).toBeGreaterThanOrEqual(2);
    expect(survived).toBeLessThan(12);
    const r = runCli(args.filter((a) => a !== '--quiet'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`${survived} of 12 runs already finished`);
    const rows = readRunsCsv(join(out, 'runs.csv'));
    expect(rows.length).toBe(12);
    expect(new Set(rows.map((x) => x.run_key)).size).toBe(12);
    const leftovers = readdirSync(runsDir).flatMap((k) => readdirSync(join(runsDir, k))).filter((f) => f.includes('.tmp-'));
    expect(leftovers).toEqual([]);
  }, 120_000);

  it('refuses bad sweep input with exit code 2 and nothing written', () => {
    const out = join(tmp(), 'never');
    const cases: [string[], RegExp][] = [
      [['sweep', '--out', out], /expected --experiment <file> or at least one --grid/],
      [['sweep', '--grid', 'demand.scale', '--out', out], /--grid: expected <scenario.path>=<v1>,<v2>/],
      [['sweep', '--grid', 'demand.scale=1', '--seeds', '3-1', '--out', out], /--seeds: expected a rising range/],
      [['sweep', '--grid', 'airspace.policy=warp', '--out', out], /airspace\.policy.*setting airspace\.policy=warp/s],
      [['sweep', '--grid', 'demand.scale=1', '--backend', 'bullmq', '--out', out], /needs --redis/],
      [['sweep', '--grid', 'demand.scale=1', '--workers', '0', '--out', out], /--workers: expected/],
      [['sweep', '--experiment', join(tmp(), 'missing.json'), '--out', out], /missing\.json: \(file\): cannot read: ENOENT/],
      [['report', join(tmp(), 'nothing')], /runs\.csv not found/],
    ];
    for (const [args, msg] of cases) {
      const r = runCli(args);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(2);
      expect(r.err).toMatch(msg);
      expect(r.err).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    expect(existsSync(out)).toBe(false);
    const file = join(tmp(), 'a-file');
    writeFileSync(file, 'x');
    const r = runCli(['sweep', '--grid', 'demand.scale=1', '--out', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out: .* is a file, expected a folder/);
  });

  const required = process.env.SKYWEAVE_REQUIRE_BROWSER === '1';
  const available = browserAvailable();
  it.skipIf(!available && !required)('report.html renders offline in headless chromium: every plot has marks, no console errors', async () => {
    if (!available) throw new Error(`chromium is required (SKYWEAVE_REQUIRE_BROWSER=1) but missing at ${CHROMIUM}`);
    const h = await openPage(join(one, 'report.html'));
    try {
      await h.page.waitForFunction(() => (window as unknown as { __report?: { ready: boolean } }).__report?.ready, null, { timeout: 60_000 });
      const report = await h.page.evaluate(() => (window as unknown as { __report: { error?: string; plots: { id: string; title: string; marks: number }[] } }).__report);
      expect(report.error).toBeUndefined();
      expect(report.plots.length).toBeGreaterThanOrEqual(12);
      for (const p of report.plots) expect(p.marks, p.title).toBeGreaterThan(0);
      expect(h.errors).toEqual([]);
      const shots = join(ROOT, 'out', 'screenshots');
      mkdirSync(shots, { recursive: true });
      await h.page.screenshot({ path: join(shots, 'sweep-report.png'), fullPage: true });
    } finally {
      await h.close();
    }
  }, 120_000);
});
