import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSnapshot } from '../src/commands/detect.ts';
import { DetectionResult } from '../sim-core/deconfliction/tactical/cpa.ts';
import { SlicedGrid } from '../sim-core/deconfliction/tactical/sliced-grid.ts';
import type { EarthModel } from '../sim-core/deconfliction/tactical/earth.ts';
import { paritySnapshots, type ParitySnapshot } from './bluesky-snapshots.ts';

/**
 * Parity of state-based detection with BlueSky's (bench/baselines/bluesky_statebased.py, numpy):
 * for each generated snapshot, the conflict pairs of skyweave's detection with the local frame
 * and with `earth: 'bluesky'`, against BlueSky's, and the largest relative difference of tcpa,
 * dcpa, tin and tout over the matched pairs.
 */
export interface PairRow { a: number | string; b: number | string; tcpa: number; dcpa: number; tin: number; tout: number }
export interface BlueSkyOut { conflicts: PairRow[]; los: { a: number | string; b: number | string }[]; ms: number; numpy: string; asymmetric_pairs: number }

export const BLUESKY_SCRIPT = join(import.meta.dirname, 'baselines', 'bluesky_statebased.py');

/** Runs the numpy reference on a snapshot file. */
export function runBlueSky(file: string, snap: Pick<ParitySnapshot, 'rpz' | 'hpz' | 'tlook'>, passes = 1): BlueSkyOut {
  const text = execFileSync('python3', [BLUESKY_SCRIPT, file, String(snap.rpz), String(snap.hpz), String(snap.tlook), String(passes), '--pairs'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(text) as BlueSkyOut;
}

const key = (a: number | string, b: number | string) => `${a}|${b}`;

/** Pairs in both, in one only, and the largest relative difference of each value over the shared pairs. */
export function comparePairs(ours: PairRow[], theirs: PairRow[]) {
  const mine = new Map(ours.map((p) => [key(p.a, p.b), p]));
  const seen = new Set<string>();
  const maxRel = { tcpa: 0, dcpa: 0, tin: 0, tout: 0 };
  let matched = 0, onlyTheirs = 0;
  for (const t of theirs) {
    const k = key(t.a, t.b);
    const o = mine.get(k);
    if (!o) { onlyTheirs++; continue; }
    seen.add(k);
    matched++;
    for (const f of ['tcpa', 'dcpa', 'tin', 'tout'] as const) {
      const scale = Math.max(Math.abs(o[f]), Math.abs(t[f]));
      // Relative difference; values below 1e-3 (m or s) are compared absolutely against that floor.
      const rel = Math.abs(o[f] - t[f]) / Math.max(scale, 1e-3);
      if (rel > maxRel[f]) maxRel[f] = rel;
    }
  }
  return { matched, onlyOurs: ours.length - seen.size, onlyTheirs, maxRel };
}

/** skyweave's conflicts on a snapshot file, ids as in the file and each pair in file order (i < j). */
export function oursOn(text: string, file: string, snap: ParitySnapshot, earth: EarthModel): { rows: PairRow[]; los: number; ms: number } {
  const { list, state } = parseSnapshot(text, file);
  const out = new DetectionResult();
  const p = { rpz: snap.rpz, hpz: snap.hpz, tlook: snap.tlook, earth };
  const t0 = performance.now();
  new SlicedGrid().detect(state, p, out);
  const ms = performance.now() - t0;
  const rows = Array.from({ length: out.conflicts }, (_, k) => {
    const i = Math.min(out.a[k], out.b[k]), j = Math.max(out.a[k], out.b[k]);
    return { a: list[i].id, b: list[j].id, tcpa: out.tcpa[k], dcpa: out.dcpa[k], tin: out.tin[k], tout: out.tout[k] };
  });
  return { rows, los: out.los, ms };
}

export function blueskyParityBench(size = Number(process.env.PARITY_SIZE ?? 2)): Record<string, number | string>[] {
  const dir = mkdtempSync(join(tmpdir(), 'skyweave-parity-'));
  const rows: Record<string, number | string>[] = [];
  try {
    for (const snap of paritySnapshots(size)) {
      const file = join(dir, 'snapshot.json');
      const text = JSON.stringify({ aircraft: snap.aircraft });
      writeFileSync(file, text);
      const blue = runBlueSky(file, snap);
      for (const earth of ['bluesky', 'local'] as const) {
        const ours = oursOn(text, file, snap, earth);
        const c = comparePairs(ours.rows, blue.conflicts);
        rows.push({
          snapshot: snap.name, aircraft: snap.aircraft.length, earth, bluesky_pairs: blue.conflicts.length, our_pairs: ours.rows.length,
          matched: c.matched, only_ours: c.onlyOurs, only_bluesky: c.onlyTheirs,
          max_rel_tcpa: c.maxRel.tcpa.toExponential(1), max_rel_dcpa: c.maxRel.dcpa.toExponential(1), max_rel_tin: c.maxRel.tin.toExponential(1), max_rel_tout: c.maxRel.tout.toExponential(1),
          los_ours: ours.los, los_bluesky: blue.los.length, ms_ours: +ours.ms.toFixed(2), ms_numpy: +blue.ms.toFixed(1),
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
