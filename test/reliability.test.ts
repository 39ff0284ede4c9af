import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from './helpers/cli.ts';
import { readReplay } from '../sim-core/index.ts';

/** The cases of the reliability issue, each as a user would meet it through the compiled CLI. */
const tmp = () => mkdtempSync(join(tmpdir(), 'skw-rel-'));
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .*:\d+:\d+/);
const tempsIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.includes('.tmp-')) : []);

function expectUsage(args: string[], message: RegExp, maxMs = 15_000): string {
  const t0 = Date.now();
  const r = runCli(args);
  expect(r.code, `${args.join(' ')}\n${r.err}`).toBe(2);
  expect(r.err).toMatch(message);
  noStack(r.err);
  expect(Date.now() - t0).toBeLessThan(maxMs);
  return r.err;
}

describe('requests too big to run are refused at once, naming the limit and its flag', () => {
  it('a time step of 1e-9 s (6e10 ticks)', () => {
    expectUsage(['run', '--set', 'params.dt=1e-9', '--out', tmp()], /3\.60e\+12 ticks .*limit 5\.00e\+6, --max-ticks/);
  });
  it('demand ×1e9', () => {
    expectUsage(['run', '--set', 'demand.scale=1e9', '--out', tmp()], /trips \(limit .*--max-trips\).*agents alive .*--max-agents/);
  });
  it('a billion pads on a vertiport', () => {
    expectUsage(['run', '--set', 'layers.vertiports.features[0].properties.pads=1e9', '--out', tmp()], /at most 1000 pads per vertiport/);
  });
  it('a sweep setting beyond the limits is refused before any run', () => {
    expectUsage(['sweep', '--grid', 'demand.scale=1,1e7', '--seeds', '1', '--out', join(tmp(), 'x')], /setting demand\.scale=10000000 is too big/);
  });
  it('a scenario with 470,000 flows is refused in seconds, not after minutes and gigabytes', () => {
    const dir = tmp();
    expect(runCli(['scenario', 'export', 'alatau', '--out', join(dir, 'city.json')]).code).toBe(0);
    const city = JSON.parse(readFileSync(join(dir, 'city.json'), 'utf8'));
    const flows = city.demand.flows;
    city.demand.flows = Array.from({ length: 470_000 }, (_, i) => ({ ...flows[i % flows.length], trips_per_hour: 0.01 }));
    writeFileSync(join(dir, 'city.json'), JSON.stringify(city));
    expectUsage(['run', '--scenario', join(dir, 'city.json'), '--out', join(dir, 'out')], /470,000 demand flows \(limit 20,000, --max-flows\)/, 20_000);
  }, 60_000);
  it('a limit can be raised with its flag', () => {
    const r = runCli(['run', '--duration', '60', '--max-ticks', '100', '--out', tmp(), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/120 ticks/);
    expect(runCli(['run', '--duration', '60', '--max-ticks', '200', '--out', tmp(), '--quiet', '--no-cr-baseline']).code).toBe(0);
  });
});

describe('bad input gets one clear line', () => {
  it('--duration -5 and --seed without a value', () => {
    expectUsage(['run', '--duration', '-5'], /--duration: expected simulated seconds > 0 .* got "-5"/);
    expectUsage(['run', '--seed'], /--seed.*argument missing/);
  });
  it('an index out of range in --set is one line', () => {
    const err = expectUsage(['run', '--set', 'demand.flows[999].trips_per_hour=3'], /index 999 out of range: "demand\.flows" has \d+ entries/);
    expect(err.trim().split('\n').length).toBeLessThanOrEqual(2);
  });
  it('1e400 is a number out of range, not "null"', () => {
    const err = expectUsage(['run', '--set', 'demand.scale=1e400'], /expected a finite number, got 1e400/);
    expect(err).not.toMatch(/null/);
  });
  it('JSON syntax errors give line and column; a BOM is accepted', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'tc.json'), '{\n  "name": "x",\n  "list": [1, 2,],\n}\n');
    expectUsage(['run', '--scenario', join(dir, 'tc.json')], /tc\.json: \(file\): expected JSON: expected a value \(a trailing comma\?\) at line 3, column 17/);
    writeFileSync(join(dir, 'empty.json'), '');
    expectUsage(['run', '--scenario', join(dir, 'empty.json')], /the file is empty/);
    const r = runCli(['scenario', 'export', 'alatau', '--out', join(dir, 'city.json')]);
    expect(r.code, r.err).toBe(0);
    writeFileSync(join(dir, 'city.json'), '\uFEFF' + readFileSync(join(dir, 'city.json'), 'utf8'));
    const run = runCli(['run', '--scenario', join(dir, 'city.json'), '--duration', '60', '--out', join(dir, 'out'), '--quiet', '--no-cr-baseline']);
    expect(run.code, run.err).toBe(0);
  });
  it('--out naming a file is refused before simulating; export --out naming a folder too', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a-file'), 'x');
    expectUsage(['run', '--out', join(dir, 'a-file')], /--out: .*a-file" is a file, expected a folder/, 8000);
    const run = runCli(['run', '--duration', '60', '--out', join(dir, 'r'), '--no-cr-baseline']);
    expect(run.code).toBe(0);
    expect(run.out).not.toMatch(/holds an earlier run/);
    const again = runCli(['run', '--duration', '60', '--out', join(dir, 'r'), '--no-cr-baseline']);
    expect(again.out).toMatch(/note: .* holds an earlier run; its files are replaced when this run finishes/);
    expectUsage(['export', '--replay', join(dir, 'r', 'replay.skw'), '--format', 'csv', '--out', dir], /--out: .* is a folder, expected a file name/);
  });
  it('car-following with followers closer than a car length, and ground --json seed as a number', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'leader.csv'), 'time,pos,speed\n0,100,0\n10,150,10\n');
    expectUsage(['car-following', '--leader', join(dir, 'leader.csv'), '--followers', '3', '--spacing', '1', '--dt', '0.5'], /--spacing: expected at least the vehicle length \(5 m/);
    const g = runCli(['ground', '--grid', '6', '--trips', '20', '--insert', '60', '--duration', '120', '--json']);
    expect(g.code, g.err).toBe(0);
    expect(typeof JSON.parse(g.out).workload.seed).toBe('number');
  });
});

describe('results are whole or untouched', () => {
  it('a failing write (disk full, injected) is one clear line, exit 1, and the previous results stay intact', () => {
    const dir = tmp();
    expect(runCli(['run', '--duration', '120', '--out', dir, '--quiet', '--no-cr-baseline']).code).toBe(0);
    const before = { summary: readFileSync(join(dir, 'summary.json')), replay: readFileSync(join(dir, 'replay.skw')) };
    for (const file of ['summary.json', 'replay.skw']) {
      const r = spawnSyncEnv(['run', '--duration', '60', '--out', dir, '--quiet', '--no-cr-baseline'], { SKYWEAVE_INJECT_WRITE_FAILURE: file });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`error: cannot write .*${file.replace('.', '\\.')}: no space left on the device \\(ENOSPC\\); the previous files \\(if any\\) are unchanged`));
      noStack(r.err);
      expect(readFileSync(join(dir, 'summary.json')).equals(before.summary)).toBe(true);
      expect(readFileSync(join(dir, 'replay.skw')).equals(before.replay)).toBe(true);
      expect(tempsIn(dir)).toEqual([]);
    }
  });

  it('Ctrl-C early writes nothing; later it writes a partial result whose replay reads back', async () => {
    const early = join(tmp(), 'early');
    const a = await interruptAfter(['run', '--duration', '86400', '--out', early, '--quiet'], 1500);
    expect(a.code).toBe(130);
    expect(a.err).toMatch(/interrupted after .* nothing was written/);
    expect(existsSync(join(early, 'summary.json'))).toBe(false);
    expect(tempsIn(early)).toEqual([]);
    const late = join(tmp(), 'late');
    const b = await interruptAfter(['run', '--duration', '86400', '--out', late, '--quiet', '--keep-partial-after', '0'], 2000);
    expect(b.code).toBe(130);
    const summary = JSON.parse(readFileSync(join(late, 'summary.json'), 'utf8'));
    expect(summary.partial).toBe(true);
    expect(summary.duration_s).toBeGreaterThan(0);
    expect(summary.duration_s).toBeLessThan(86400);
    const replay = readReplay(new Uint8Array(readFileSync(join(late, 'replay.skw'))));
    expect(replay.frameCount).toBeGreaterThan(1);
    expect(tempsIn(late)).toEqual([]);
  }, 60_000);

  it('scenario export writes a starting point that runs exactly as the built-in', () => {
    const dir = tmp();
    const r = runCli(['scenario', 'export', 'alatau', '--out', join(dir, 'my-city.json')]);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['my-city.corridors.geojson', 'my-city.geofences.geojson', 'my-city.json', 'my-city.roads.geojson', 'my-city.vertiports.geojson', 'my-city.zones.geojson']);
    const a = runCli(['run', '--scenario', join(dir, 'my-city.json'), '--duration', '300', '--out', join(dir, 'a'), '--quiet', '--no-cr-baseline', '--no-replay']);
    const b = runCli(['run', '--duration', '300', '--out', join(dir, 'b'), '--quiet', '--no-cr-baseline', '--no-replay']);
    expect(a.code, a.err).toBe(0);
    const sa = JSON.parse(readFileSync(join(dir, 'a', 'summary.json'), 'utf8')), sb = JSON.parse(readFileSync(join(dir, 'b', 'summary.json'), 'utf8'));
    expect(sa.scenario_hash).toBe(sb.scenario_hash);
    expect(sa.state_hash).toBe(sb.state_hash);
    // The shipped example is that export.
    expect(JSON.parse(readFileSync(join(ROOT, 'src', 'scenarios', 'my-city', 'my-city.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(dir, 'my-city.json'), 'utf8')));
  }, 60_000);
});

function spawnSyncEnv(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [join(ROOT, 'src', 'build', 'sim.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Starts the CLI, sends SIGINT after `ms` of the run proper (the build check excluded), returns its exit. */
function interruptAfter(args: string[], ms: number): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'src', 'build', 'sim.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += String(d)));
    const timer = setTimeout(() => child.kill('SIGINT'), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, err });
    });
  });
}

