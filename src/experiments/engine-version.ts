import { engineVersion as engineVersionFromSources } from '../build/fingerprint.mjs';

/** Set by the build (src/build/build.mjs), so dist/ needs no sources to know its version. */
declare const __SKYWEAVE_ENGINE_VERSION__: string | undefined;

let cached: string | null = null;

/** The engine version that keys sweep runs (see src/build/fingerprint.mjs). */
export function engineVersion(): string {
  cached ??= typeof __SKYWEAVE_ENGINE_VERSION__ === 'string' ? __SKYWEAVE_ENGINE_VERSION__ : engineVersionFromSources();
  return cached;
}
