import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** Runs the compiled CLI exactly as `npm run sim -- <args>` does (src/build/sim.mjs → dist/cli.js). */
export function runCli(args: string[], cwd = ROOT): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'src', 'build', 'sim.mjs'), ...args], { encoding: 'utf8', cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
