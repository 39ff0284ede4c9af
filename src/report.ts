import Table from 'cli-table3';

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
