import { existsSync, readFileSync } from 'node:fs';
import { DIST, STAMP, sourceFingerprint } from '../../src/build/fingerprint.mjs';
import { buildCli } from '../../src/build/build.mjs';

/** vitest global setup: build dist/ once before the suite, so CLI tests never race to build it. */
export default async function setup(): Promise<void> {
  const fresh = existsSync(`${DIST}/cli.js`) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === sourceFingerprint();
  if (!fresh) await buildCli();
}
