// Which sources dist/ was built from: a cheap fingerprint (paths, sizes, modification times) that
// src/build/sim.mjs compares with dist/.stamp before every run. No esbuild here, so the check is fast.
import { readdirSync, statSync } from 'node:fs';
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

