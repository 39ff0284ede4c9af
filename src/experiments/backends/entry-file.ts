import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The file a pool thread or a BullMQ sandbox loads. In dist/ (the compiled CLI) it is a sibling
 * entry point (`pool-worker.js`, `bullmq-processor.js`, see src/build/build.mjs); when the sources run
 * under tsx it is the .ts file next to this one.
 */
export function entryFile(name: 'pool-worker' | 'bullmq-processor'): string {
  const here = import.meta.url;
  const built = fileURLToPath(new URL(`./${name}.js`, here));
  if (!here.endsWith('.ts') && existsSync(built)) return built;
  return fileURLToPath(new URL(`./${name}.ts`, here));
}
