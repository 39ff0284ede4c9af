import { readFileSync } from 'node:fs';
import { readReplay, ReplayError, type Replay } from '../../sim-core/index.ts';
import { UsageError } from '../io.ts';

/** Reads and verifies a replay file, turning I/O and format problems into one-line errors. */
export function openReplay(path: string): Replay {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UsageError(`${path}: cannot read replay: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return readReplay(bytes);
  } catch (e) {
    if (e instanceof ReplayError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}
