// Compiles the CLI (src/cli.ts and everything it imports from src/ and sim-core/) into ESM
// dist/cli.js plus one chunk per command, with esbuild; npm packages stay external (resolved from node_modules at run
// time). Writes dist/.stamp with a fingerprint of the sources, so src/build/sim.mjs can tell whether
// dist/ is stale. `npm run build` runs this.
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { DIST, ROOT, engineVersion, sourceFingerprint } from './fingerprint.mjs';

export { DIST, ROOT, STAMP, sourceFingerprint } from './fingerprint.mjs';

/** Builds dist/ (cli.js and its chunks). */
export async function buildCli() {
  const fingerprint = sourceFingerprint();
  // Build into a private folder, then swap it in: a half-written bundle is never left in place.
  const tmp = join(ROOT, `dist.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  await build({
    // The CLI, plus the files a pool thread and a BullMQ sandbox load (src/experiments/backends/).
    entryPoints: {
      cli: join(ROOT, 'src', 'cli.ts'),
      'pool-worker': join(ROOT, 'src', 'experiments', 'backends', 'pool-worker.ts'),
      'bullmq-processor': join(ROOT, 'src', 'experiments', 'backends', 'bullmq-processor.ts'),
      'detect-worker': join(ROOT, 'src', 'parallel', 'detect-worker.ts'),
    },
    outdir: tmp,
    bundle: true,
    splitting: true, // one chunk per lazily loaded command
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    // Sweep runs are keyed by this; computed from the sources here so dist/ does not need them.
    define: { __SKYWEAVE_ENGINE_VERSION__: JSON.stringify(engineVersion()) },
  });
  writeFileSync(join(tmp, '.stamp'), fingerprint + '\n');
  const old = join(ROOT, `dist.old-${process.pid}`);
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(tmp, DIST);
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  await buildCli();
  console.log(`built dist/cli.js in ${Date.now() - t0} ms`);
}
