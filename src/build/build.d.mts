export { DIST, ROOT, STAMP, sourceFingerprint } from './fingerprint.mjs';
export function buildCli(): Promise<void>;
