import Table from 'cli-table3';
import type { vertiportSummary } from '../sim-core/engine/summary.ts';

/** Per-class summary as a terminal table (classes as columns, figures as rows). */
export function classTable(classes: Record<string, Record<string, number>>): string {
  const names = Object.keys(classes);
  const table = new Table({ head: ['', ...names], style: { head: [], border: [] }, colAligns: ['left', ...names.map(() => 'right' as const)] });
  const rows: [string, string, (v: number) => string][] = [
    ['trips requested', 'requested', int],
    ['  rejected (strategic)', 'rejected', int],
    ['  waiting to depart at end', 'waiting_to_depart_end', int],
    ['  departed (spawned)', 'spawned', int],
    ['trips completed', 'completed', int],
    ['active at end', 'active_end', int],
    ['airborne at end', 'airborne_end', int],
    ['overdue (> 2× plan)', 'overdue', int],
    ['peak active', 'peak_active', int],
    ['mean trip time (s)', 'flight_time_s', (v) => v.toFixed(1)],
    ['distance (km)', 'distance_m', (v) => (v / 1000).toFixed(1)],
    ['energy (kWh)', 'energy_kwh', (v) => v.toFixed(1)],
    ['energy (kWh/km)', 'energy_kwh_per_km', (v) => v.toFixed(3)],
    ['pad holds', 'pad_holds', int],
    ['pad hold time (s)', 'pad_hold_time_s', (v) => v.toFixed(0)],
    ['routes through geofence', 'routes_crossing_geofence', int],
    ['accepted trips delayed', 'delayed', int],
    ['ground delay mean (s)', 'ground_delay_mean_s', (v) => v.toFixed(1)],
    ['ground delay p95 (s)', 'ground_delay_p95_s', (v) => v.toFixed(0)],
    ['aircraft in new conflicts', 'conflicts', int],
    ['losses of separation', 'los', int],
    ['time in LoS (s)', 'los_time_s', (v) => v.toFixed(0)],
    ['agents resolving', 'resolved_agents', int],
    ['extra distance/trip (m)', 'extra_distance_m', (v) => v.toFixed(1)],
    ['time vs plan/trip (s)', 'extra_time_s', (v) => v.toFixed(1)],
  ];
  for (const [label, key, fmt] of rows) table.push([label, ...names.map((n) => fmt(classes[n][key] ?? 0))]);
  return table.toString();
}

const int = (v: number) => Math.round(v).toLocaleString('en-US');

/** The figures of one vertiport the table shows, as the summary has them (sim-core/engine/summary.ts). */
export type VertiportRow = Pick<ReturnType<typeof vertiportSummary>[number], 'id' | 'pads' | 'departure_lanes' | 'departures_requested' | 'departures_rejected' | 'departures_delayed'
  | 'departure_delay_mean_s' | 'arrivals_requested' | 'limited_by' | 'landings' | 'pad_holds' | 'pads_busy_mean' | 'pads_busy_peak' | 'stands' | 'stand_charges'>;

/**
 * The busiest vertiports (most departures and arrivals asked for, then id) as a terminal table,
 * at most `limit` rows: where a network's capacity runs out. Empty when nothing was asked of any.
 */
export function vertiportTable(rows: readonly VertiportRow[], limit = 12): string {
  const asked = (v: VertiportRow) => v.departures_requested + v.arrivals_requested;
  const busy = rows.filter((v) => asked(v) > 0).sort((a, b) => asked(b) - asked(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!busy.length) return '';
  // Stands only when some vertiport has them (scenario `stands`).
  const withStands = busy.some((v) => v.stands > 0);
  const head = ['vertiport', 'pads', 'lanes', 'dep. asked', 'rejected', 'delayed', 'delay s', 'limited by dep/arr/pads', 'arr. asked', 'landed', 'holds', 'pads busy avg/max', ...(withStands ? ['stands/charges'] : [])];
  // No line between rows: up to `limit` rows stay readable on one screen.
  const chars = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
  const table = new Table({ head, chars, style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 }, colAligns: ['left', ...head.slice(1).map(() => 'right' as const)] });
  for (const v of busy.slice(0, limit)) {
    table.push([v.id, int(v.pads), int(v.departure_lanes), int(v.departures_requested), int(v.departures_rejected), int(v.departures_delayed), v.departure_delay_mean_s.toFixed(0),
      `${int(v.limited_by.departure)}/${int(v.limited_by.arrival)}/${int(v.limited_by.pads)}`, int(v.arrivals_requested), int(v.landings), int(v.pad_holds), `${v.pads_busy_mean.toFixed(1)}/${int(v.pads_busy_peak)}`, ...(withStands ? [`${int(v.stands)}/${int(v.stand_charges)}`] : [])]);
  }
  const more = busy.length > limit ? `\n${busy.length - limit} more in summary.json ("vertiports")` : '';
  return table.toString() + more;
}
