import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ScenarioProblem } from '../sim-core/scenario/validate.ts';

/** A problem with what the user asked for: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Every problem found in a scenario (and its layer files), reported at once; exit code 2. */
export class ScenarioLoadError extends Error {
  constructor(readonly problems: ScenarioProblem[]) {
    super(problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n'));
  }
}

/**
 * A problem in an imported file (SUMO network or routes, OSM, BlueSky scenario): names the file,
 * the line, the element or field, and what was expected; exit code 2.
 */
export class InputFileError extends Error {
  constructor(readonly file: string, readonly line: number | null, readonly detail: string) {
    super(`${file}${line !== null ? `:${line}` : ''}: ${detail}`);
  }
}

/** A result could not be written (disk full, folder read-only, ...): one clear line, exit 1; earlier files intact. */
export class WriteError extends Error {}

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

type FileData = Uint8Array | string | ((write: (chunk: string | Uint8Array) => void) => void);

/**
 * Writes a file atomically: the bytes go to a temporary file next to the target, which is then
 * renamed over it, so readers never see a half-written file and a failure leaves the old one.
 */
export function writeFileAtomic(path: string, data: FileData): void {
  writeFilesAtomic([{ path, data }]);
}

/**
 * Writes several files as one result: every temporary file is written and synced first, and only
 * then are they renamed into place, so a failure (disk full, ...) leaves all the old files as they
 * were rather than a new replay next to an old summary.
 */
export function writeFilesAtomic(files: { path: string; data: FileData }[]): void {
  const temps: string[] = [];
  const fail = (path: string, e: unknown): never => {
    for (const t of temps) rmSync(t, { force: true });
    // A data function that found a problem with the user's input: that message, not a write error.
    if (e instanceof UsageError || e instanceof InputFileError) throw e;
    throw new WriteError(`cannot write ${path}: ${describeFsError(e)}; the previous files (if any) are unchanged`);
  };
  for (const { path, data } of files) {
    const tmp = `${path}.tmp-${process.pid}`;
    let fd: number;
    try {
      mkdirSync(dirname(path), { recursive: true });
      fd = openSync(tmp, 'w');
    } catch (e) {
      fail(path, e);
    }
    temps.push(tmp);
    try {
      const write = (chunk: string | Uint8Array) => {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        injectedFailure(path);
        for (let off = 0; off < bytes.length; ) off += writeSync(fd!, bytes, off, bytes.length - off);
      };
      if (typeof data === 'function') data(write);
      else write(data);
      fsyncSync(fd!);
      closeSync(fd!);
    } catch (e) {
      try { closeSync(fd!); } catch { /* already closed */ }
      fail(path, e);
    }
  }
  files.forEach(({ path }, i) => {
    try {
      renameSync(temps[i], path);
    } catch (e) {
      fail(path, e);
    }
  });
}

/**
 * Fault injection for the tests: SKYWEAVE_INJECT_WRITE_FAILURE=<file name> makes writes of that
 * file fail as a full disk would (ENOSPC). Unset in normal use.
 */
function injectedFailure(path: string): void {
  const name = process.env.SKYWEAVE_INJECT_WRITE_FAILURE;
  if (name && basename(path) === name) throw Object.assign(new Error('injected'), { code: 'ENOSPC' });
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const what: Record<string, string> = { ENOSPC: 'no space left on the device', EACCES: 'permission denied', EROFS: 'read-only file system', EISDIR: 'a folder is in the way', ENOTDIR: 'a file is in the way of a folder', EDQUOT: 'disk quota exceeded' };
  return code ? `${what[code] ?? (e as Error).message} (${code})` : String(e);
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

/** Checks before any work that `file` can be written: not a folder, its folder creatable and writable. */
export function checkOutputFile(file: string, flag: string): void {
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`${flag}: "${file}" is a folder, expected a file name`);
  checkOutputDir(dirname(file), flag);
}
