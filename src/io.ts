import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ScenarioProblem } from '../sim-core/scenario/validate.ts';

/** A problem with what the user asked for: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Every problem found in a scenario (and its layer files), reported at once; exit code 2. */
export class ScenarioLoadError extends Error {
  constructor(readonly problems: ScenarioProblem[]) {
    super(problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n'));
  }
}

/** A problem in an experiment file or the sweep's flags, with where it is. */
export interface ExperimentProblem {
  file: string;
  path: string;
  message: string;
}

/** Every problem found in an experiment, reported at once; exit code 2. */
export class ExperimentError extends Error {
  constructor(readonly problems: ExperimentProblem[]) {
    super(problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n'));
  }
}

/**
 * Writes a file atomically: the bytes go to a temporary file next to the target, which is then
 * renamed over it, so readers never see a half-written file and a failure leaves the old one.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string | ((write: (chunk: string | Uint8Array) => void) => void)): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    const write = (chunk: string | Uint8Array) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    };
    if (typeof data === 'function') data(write);
    else write(data);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try { closeSync(fd); } catch { /* already closed */ }
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Checks before any work that `dir` can hold outputs: not a regular file, creatable, writable.
 * Throws a UsageError naming the flag, so a long run never fails at its very end.
 */
export function checkOutputDir(dir: string, flag: string): void {
  try {
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`${flag}: "${dir}" is a file, expected a folder`);
    mkdirSync(dir, { recursive: true });
    const probe = `${dir}/.write-probe-${process.pid}`;
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${flag}: cannot write to "${dir}" (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}
