import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { writeFileAtomic, writeFilesAtomic } from '../io.ts';
import type { Row } from './flatten.ts';
import type { RunOutcome } from './execute.ts';
import { META_COLUMNS } from './execute.ts';
import { meanInterval } from './stats.ts';

/**
 * A sweep's output folder. Each finished run is a folder runs/<key>/ whose row.json is written
 * last (atomically), so "row.json exists" means "finished": a killed sweep loses only the runs in
 * flight, a rerun skips finished ones, and a retried run overwrites its own files (never a
 * second row). The tables (runs.csv, runs.parquet, aggregate.csv) are rebuilt from the row files
 * in plan order, so they never hold a half row or a duplicate.
 */
export class ResultsDir {
  constructor(readonly dir: string) {}

  runDir(key: string): string {
    return join(this.dir, 'runs', key);
  }

  /** Removes temporary files left by a sweep killed while writing. */
  removeStaleTemporaries(): number {
    let removed = 0;
    const walk = (d: string, depth: number) => {
      if (!existsSync(d)) return;
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory() && depth < 2) walk(p, depth + 1);
        else if (/\.tmp-\d+$/.test(e.name)) {
          rmSync(p, { force: true });
          removed++;
        }
      }
    };
    walk(this.dir, 0);
    return removed;
  }

  isDone(key: string): boolean {
    return existsSync(join(this.runDir(key), 'row.json'));
  }

  /** Records a finished run: replay, summary, then the row (the commit marker). */
  record(outcome: RunOutcome): void {
    const d = this.runDir(outcome.key);
    // Renamed in this order once all are written: row.json, the marker, comes last.
    writeFilesAtomic([
      ...(outcome.replay ? [{ path: join(d, 'replay.skw'), data: outcome.replay }] : []),
      { path: join(d, 'summary.json'), data: JSON.stringify(outcome.summary, null, 2) + '\n' },
      { path: join(d, 'row.json'), data: JSON.stringify(outcome.row) + '\n' },
    ]);
  }

  readRow(key: string): Row | null {
    try {
      return JSON.parse(readFileSync(join(this.runDir(key), 'row.json'), 'utf8')) as Row;
    } catch {
      return null;
    }
  }

  readSummary(key: string): Record<string, unknown> | null {
    try {
      return JSON.parse(readFileSync(join(this.runDir(key), 'summary.json'), 'utf8')) as Record<string, unknown>;
    } catch {
      return null;
    }
  }

  hasReplay(key: string): boolean {
    return existsSync(join(this.runDir(key), 'replay.skw'));
  }

  /** Writes runs.csv, runs.parquet and aggregate.csv from rows given in plan order. */
  writeTables(rows: Row[], settingColumns: string[]): { columns: string[]; aggregate: AggregateRow[] } {
    const columns = columnsOf(rows);
    writeFileAtomic(join(this.dir, 'runs.csv'), stringify([columns, ...rows.map((r) => columns.map((c) => csvCell(r[c])))]));
    writeFileAtomic(join(this.dir, 'runs.parquet'), new Uint8Array(parquetOf(rows, columns)));
    const aggregate = aggregateRows(rows, settingColumns);
    writeFileAtomic(join(this.dir, 'aggregate.csv'), stringify([AGGREGATE_COLUMNS(settingColumns), ...aggregate.map((a) => aggregateCells(a, settingColumns))]));
    return { columns, aggregate };
  }
}

/** Union of the rows' columns: meta first, then in order of first appearance (rows are in plan order). */
export function columnsOf(rows: Row[]): string[] {
  const seen = new Set<string>(META_COLUMNS);
  const out: string[] = [...META_COLUMNS];
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k)) { seen.add(k); out.push(k); }
  return out;
}

const csvCell = (v: Row[string] | undefined) => (v === null || v === undefined ? '' : String(v));

/** A figure for people (terminal table, report): 3 significant digits below 1, 2 decimals below 100, whole above; '–' if undefined. */
export const formatFigure = (v: number) => (!Number.isFinite(v) ? '–' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

function parquetOf(rows: Row[], columns: string[]): ArrayBuffer {
  const columnData = columns.map((name) => {
    const values = rows.map((r) => r[name] ?? null);
    const present = values.filter((v) => v !== null);
    if (present.length && present.every((v) => typeof v === 'number')) return { name, data: values as (number | null)[], type: 'DOUBLE' as const };
    if (present.length && present.every((v) => typeof v === 'boolean')) return { name, data: values as (boolean | null)[], type: 'BOOLEAN' as const };
    return { name, data: values.map((v) => (v === null ? null : String(v))), type: 'STRING' as const };
  });
  return parquetWriteBuffer({ columnData });
}

/** Reads runs.csv back into rows (numbers and booleans restored; empty cells are null). */
export function readRunsCsv(file: string): Row[] {
  const records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((rec) => {
    const row: Row = {};
    for (const [k, v] of Object.entries(rec)) row[k] = cellValue(k, v);
    return row;
  });
}

/** Text columns stay text even when a value looks numeric (a hash such as "1234e5"). */
const TEXT_COLUMNS = new Set(['run_key', 'setting', 'engine_version', 'scenario', 'scenario_hash', 'state_hash']);

function cellValue(column: string, v: string): Row[string] {
  if (v === '') return null;
  if (TEXT_COLUMNS.has(column)) return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  const n = Number(v);
  return Number.isFinite(n) && /^-?[\d.]+(e[+-]?\d+)?$/i.test(v) ? n : v;
}

export interface AggregateRow {
  setting: string;
  settings: Row;
  metric: string;
  n: number;
  mean: number;
  sd: number;
  lo: number;
  hi: number;
}

const AGGREGATE_COLUMNS = (settingColumns: string[]) => ['setting', ...settingColumns, 'metric', 'n', 'mean', 'sd', 'ci95_lo', 'ci95_hi'];

function aggregateCells(a: AggregateRow, settingColumns: string[]): string[] {
  return [a.setting, ...settingColumns.map((c) => csvCell(a.settings[c])), a.metric, String(a.n), num(a.mean), num(a.sd), num(a.lo), num(a.hi)];
}

const num = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(10))) : '');

/** Columns that describe a run rather than measure it. */
const NOT_METRICS = new Set(['seed', 'duration_s', 'wall_s', 'dt', 'ticks']);

/**
 * Per setting and numeric metric: n, mean, sd and the 95 % t-interval over seeds. Settings in
 * order of first appearance, metrics in column order (deterministic for the same rows).
 * Wall time is left out: it is not a result of the model and would make the file differ run to run.
 * A metric no run of the sweep saw below zero (counts, rates, times, shares) cannot have a
 * negative mean, so its interval is cut at 0 (the t-interval intersected with the metric's range:
 * it still holds the true mean whenever the t-interval does); a symmetric interval around a small
 * rate otherwise reached below zero in the report. Metrics with a negative value keep the plain interval.
 */
export function aggregateRows(rows: Row[], settingColumns: string[]): AggregateRow[] {
  const columns = columnsOf(rows).filter((c) => !NOT_METRICS.has(c) && !c.startsWith('set.') && rows.some((r) => typeof r[c] === 'number'));
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const label = String(r.setting ?? '');
    let g = groups.get(label);
    if (!g) groups.set(label, (g = []));
    g.push(r);
  }
  const nonNegative = new Set(columns.filter((c) => rows.every((r) => typeof r[c] !== 'number' || r[c] >= 0)));
  const out: AggregateRow[] = [];
  for (const [setting, g] of groups) {
    const settings: Row = {};
    for (const c of settingColumns) settings[c] = g[0][c] ?? null;
    for (const metric of columns) {
      const values = g.map((r) => r[metric]).filter((v): v is number => typeof v === 'number');
      if (!values.length) continue;
      const iv = meanInterval(values);
      const lo = nonNegative.has(metric) && iv.lo < 0 ? 0 : iv.lo;
      out.push({ setting, settings, metric, n: iv.n, mean: iv.mean, sd: iv.sd, lo, hi: iv.hi });
    }
  }
  return out;
}
