/**
 * One run's summary.json as one flat row: nested figures become dotted columns
 * (`classes.drone.los` → `drone.los`), lists stay in summary.json only, and a few rates a
 * comparison needs are derived here (definitions in the README, "Experiments").
 */

export type Row = Record<string, string | number | boolean | null>;

/** Sections that are lists or per-run bookkeeping, not figures to compare. */
const SKIPPED = new Set(['timeline', 'replay', 'performance', 'overrides']);

export function flattenSummary(summary: Record<string, unknown>): Row {
  const out: Row = {};
  const walk = (prefix: string, v: unknown) => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) return;
    if (typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) walk(prefix ? `${prefix}.${k}` : k, child);
      return;
    }
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[prefix] = v;
  };
  for (const [k, v] of Object.entries(summary)) {
    if (SKIPPED.has(k)) continue;
    // Class figures are the ones users ask for most: drop the "classes." prefix.
    if (k === 'classes') for (const [cls, fig] of Object.entries(v as Record<string, unknown>)) walk(cls, fig);
    else walk(k, v);
  }
  for (const cls of ['drone', 'evtol']) {
    const c = (summary.classes as Record<string, Record<string, number>> | undefined)?.[cls];
    if (!c) continue;
    const hours = c.flight_hours;
    const perHour = (x: number) => (hours > 0 ? round(x / hours, 4) : 0);
    out[`${cls}.conflicts_per_flight_hour`] = perHour(c.conflicts);
    out[`${cls}.los_per_flight_hour`] = perHour(c.los);
    out[`${cls}.los_time_s_per_flight_hour`] = perHour(c.los_time_s);
    // Requested = flown + rejected (trips still waiting for their departure at the end count in neither).
    out[`${cls}.rejection_rate`] = c.spawned + c.rejected > 0 ? round(c.rejected / (c.spawned + c.rejected), 4) : 0;
    out[`${cls}.energy_kwh_per_trip`] = c.spawned > 0 ? round(c.energy_kwh / c.spawned, 4) : 0;
  }
  const tl = summary.timeline as { pads_busy?: number[]; pad_queue?: number[]; pads_total?: number } | undefined;
  if (tl?.pads_busy?.length) {
    out['pads.occupancy_mean'] = round(tl.pads_busy.reduce((a, b) => a + b, 0) / tl.pads_busy.length / Math.max(1, tl.pads_total ?? 1), 4);
    out['pads.queue_max'] = Math.max(...(tl.pad_queue ?? [0]));
  }
  return out;
}

function round(v: number, d: number): number {
  const f = 10 ** d;
  return Math.round(v * f) / f;
}
