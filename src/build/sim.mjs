// The CLI launcher behind `npm run sim` and `npm start`: runs the compiled CLI (dist/cli.js),
// rebuilding it first when it is missing or older than the sources (src/build/build.mjs), so a fresh
// clone and an edited checkout both just work. Source maps keep stack traces pointing at .ts files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, STAMP, sourceFingerprint } from './fingerprint.mjs';

// Ctrl-C before the CLI runs (while it is rebuilt or loaded): exit 130, not death by signal. The
// CLI's main() takes this listener off (it finds it here) and installs its own handling.
globalThis.skyweaveLauncherInterrupt = () => process.exit(130);
process.on('SIGINT', globalThis.skyweaveLauncherInterrupt);

const cli = join(DIST, 'cli.js');
const fresh = existsSync(cli) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === sourceFingerprint();
if (!fresh) {
  process.stderr.write('building dist/cli.js (sources changed) ...\n');
  await (await import('./build.mjs')).buildCli();
}
process.setSourceMapsEnabled?.(true);
await import(pathToFileURL(cli).href);
