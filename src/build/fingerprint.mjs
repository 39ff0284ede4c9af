// Which sources dist/ was built from: a cheap fingerprint (paths, sizes, modification times) that
// src/build/sim.mjs compares with dist/.stamp before every run. No esbuild here, so the check is fast.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');
export const STAMP = join(DIST, '.stamp');
const SOURCE_DIRS = ['src', 'sim-core'];

/** Fingerprint of every source the CLI is built from: paths, sizes and modification times, plus the lock file. */
export function sourceFingerprint() {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|json)$/.test(e.name)) {
        const s = statSync(p);
        h.update(`${p}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  for (const d of SOURCE_DIRS) walk(join(ROOT, d));
  for (const f of ['package.json', 'package-lock.json', 'src/build/build.mjs', 'src/build/fingerprint.mjs', 'src/build/sim.mjs']) {
    const s = statSync(join(ROOT, f));
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex');
}


/**
 * The engine version sweep runs are keyed by: the package version plus a hash of the engine's
 * sources by content (sim-core/ and the built-in scenarios), so a changed engine never reuses old
 * results and a worker built from other sources refuses the run. Touching a file without changing
 * it keeps the version.
 */
export function engineVersion(root = ROOT) {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|json)$/.test(e.name)) h.update(`${p.slice(root.length)}\0`).update(readFileSync(p)).update('\0');
    }
  };
  walk(join(root, 'sim-core'));
  walk(join(root, 'src', 'scenarios'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return `${pkg.version}+${h.digest('hex').slice(0, 12)}`;
}
