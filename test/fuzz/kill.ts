import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { readReplay } from '../../sim-core/index.ts';

const SIM = join(import.meta.dirname, '..', '..', 'src', 'build', 'sim.mjs');

export interface KillResult {
  delayMs: number;
  code: number | null;
  outcome: 'nothing' | 'partial' | 'complete';
  ok: boolean;
  detail: string;
}

/**
 * Runs `sim run` `count` times and sends SIGINT after a random delay (seeded: reproducible), then
 * checks the folder: no temporary file; either nothing, or a summary that parses and a replay that
 * reads back, marked partial exactly when the exit code says interrupted.
 */
export async function killRuns(count: number, seed: number): Promise<KillResult[]> {
  const rng = seedrandom(`kill:${seed}`);
  const out: KillResult[] = [];
  for (let i = 0; i < count; i++) {
    const delayMs = Math.round(300 + rng() * 2700);
    const dir = join(mkdtempSync(join(tmpdir(), 'skw-kill-')), 'out');
    const child = spawn(process.execPath, [SIM, 'run', '--duration', '7200', '--out', dir, '--quiet', '--keep-partial-after', '1'], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGINT'), delayMs);
    const code: number | null = await new Promise((r) => child.once('exit', (c) => r(c)));
    clearTimeout(timer);
    const files = existsSync(dir) ? readdirSync(dir) : [];
    const problems: string[] = [];
    if (files.some((f) => f.includes('.tmp-'))) problems.push(`temporary file left: ${files.join(', ')}`);
    if (code !== 0 && code !== 130) problems.push(`exit code ${code}`);
    let outcome: KillResult['outcome'] = 'nothing';
    if (files.includes('summary.json')) {
      try {
        const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
        outcome = s.partial ? 'partial' : 'complete';
        if ((code === 130) !== (outcome === 'partial')) problems.push(`exit ${code} with a ${outcome} summary`);
        const r = readReplay(new Uint8Array(readFileSync(join(dir, 'replay.skw'))));
        if (r.frameCount < 1) problems.push('replay without frames');
      } catch (e) {
        problems.push(`unreadable result: ${(e as Error).message}`);
      }
    } else if (code === 0) problems.push('exit 0 without a summary');
    out.push({ delayMs, code, outcome, ok: problems.length === 0, detail: `SIGINT after ${delayMs} ms: ${problems.join('; ') || 'ok'}` });
  }
  return out;
}
