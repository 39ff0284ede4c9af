import type { RunOutcome } from '../execute.ts';

/** The job's result as it travels through Redis (JSON: the replay as base64). */
export interface WireOutcome {
  key: string;
  row: RunOutcome['row'];
  summary: RunOutcome['summary'];
  replay: string | null;
}

export function toWire(o: RunOutcome): WireOutcome {
  return { key: o.key, row: o.row, summary: o.summary, replay: o.replay ? Buffer.from(o.replay).toString('base64') : null };
}

export function fromWire(w: WireOutcome): RunOutcome {
  return { key: w.key, row: w.row, summary: w.summary, replay: w.replay ? new Uint8Array(Buffer.from(w.replay, 'base64')) : null };
}

