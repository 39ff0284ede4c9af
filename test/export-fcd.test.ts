import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { readReplay } from '../sim-core/index.ts';
import { runCli } from './helpers/cli.ts';

describe('export --format sumo-fcd', () => {
  it("writes SUMO's FCD XML: one timestep per frame, one vehicle per agent sample, with the replay's positions and speeds", () => {
    const dir = mkdtempSync(join(tmpdir(), 'skw-fcd-'));
    expect(runCli(['run', '--duration', '120', '--out', dir, '--quiet', '--no-cr-baseline']).code).toBe(0);
    const r = runCli(['export', '--replay', join(dir, 'replay.skw'), '--format', 'sumo-fcd', '--out', join(dir, 'fcd.xml')]);
    expect(r.code, r.err).toBe(0);
    const replay = readReplay(new Uint8Array(readFileSync(join(dir, 'replay.skw'))));
    const steps: { time: number; vehicles: Record<string, string>[] }[] = [];
    let root = '';
    const parser = new SaxesParser();
    parser.on('error', (e) => { throw e; });
    parser.on('opentag', (t) => {
      const a = t.attributes as Record<string, string>;
      if (!root) root = t.name;
      if (t.name === 'timestep') steps.push({ time: Number(a.time), vehicles: [] });
      if (t.name === 'vehicle') steps[steps.length - 1].vehicles.push(a);
    });
    parser.write(readFileSync(join(dir, 'fcd.xml'), 'utf8')).close();
    expect(root).toBe('fcd-export');
    expect(steps.length).toBe(replay.frameCount);
    const f = replay.frameCount - 1;
    expect(steps[f].time).toBeCloseTo(replay.frameTick(f) * replay.header.dt, 6);
    expect(steps[f].vehicles.length).toBe(replay.frameAgentCount(f));
    const v = steps[f].vehicles[0], q = replay.header.positionQuantumM;
    expect(Number(v.id)).toBe(replay.i32[replay.frameIds(f)]);
    expect(Number(v.x)).toBeCloseTo(replay.i32[replay.frameX(f)] * q, 1);
    expect(Number(v.y)).toBeCloseTo(replay.i32[replay.frameY(f)] * q, 1);
    expect(Number(v.speed)).toBeCloseTo(replay.u16[replay.frameGs(f)] / 100, 2);
    for (const s of steps) for (const veh of s.vehicles) {
      expect(['drone', 'evtol', 'ground']).toContain(veh.type);
      const angle = Number(veh.angle);
      expect(angle >= 0 && angle < 360).toBe(true);
    }
  });
});
