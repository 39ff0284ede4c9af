import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { buildGridWorkload, GRID_WORKLOAD_DEFAULTS } from '../../sim-core/ground/grid-workload.ts';
import { runGrid, type GridRunResult } from '../ground-run.ts';
import { JUNCTION_CONTROLS } from '../../sim-core/ground/junctions/index.ts';
import { CAR_FOLLOWING_MODELS } from '../../sim-core/ground/car-following/index.ts';
import { UsageError } from '../io.ts';
import { parseMember, parseNumberIn, parsePositive, parseSeed } from '../args.ts';
import { GROUND_SUMO_HELP, groundSumoCommand } from './ground-sumo.ts';

export const GROUND_HELP = `Usage: npm run sim -- ground [--grid 30] [--block 200] [--lanes 2] [--trips 18000] [--insert 1800]
         [--duration 1800] [--dt 0.5] [--control ${JUNCTION_CONTROLS.choices()}] [--car-following ${CAR_FOLLOWING_MODELS.choices()}]
         [--sigma 0] [--lane-discipline sumo|all] [--seed 1] [--drain] [--json]

Ground traffic on a grid of junctions: random trips (>= 1 km) inserted uniformly over --insert s,
car following (accel 1.5, decel 2, tau 1.2, minGap 2, v0 20; SUMO's update; --sigma is Krauss
dawdling), MOBIL lane changes, one junction manager everywhere. Reports vehicle updates per wall second, the real-time
factor, collisions (checked every step, outside the timed part) and stuck vehicles (stopped
>= 300 s). --drain keeps running after --duration until every trip has arrived (at most 4 h).
--lane-discipline: sumo (default; netgenerate's lane use: right turns from the right lane, left
turns from the left, straight on from every lane) or all (every lane reaches every out-link).

${GROUND_SUMO_HELP}`;

const intArg = (text: string | undefined, flag: string, dflt: number, min: number): number => {
  if (text === undefined) return dflt;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag}: expected an integer >= ${min}, got "${text}"`);
  return n;
};

function laneDiscipline(text: string): 'sumo' | 'all' {
  if (text !== 'sumo' && text !== 'all') throw new UsageError(`--lane-discipline: expected sumo or all, got "${text.slice(0, 40)}"`);
  return text;
}

export function groundCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      grid: { type: 'string' }, block: { type: 'string' }, lanes: { type: 'string' }, trips: { type: 'string' }, insert: { type: 'string' },
      net: { type: 'string' }, routes: { type: 'string' }, additional: { type: 'string' }, end: { type: 'string' },
      duration: { type: 'string' }, dt: { type: 'string' }, control: { type: 'string' }, 'car-following': { type: 'string' }, sigma: { type: 'string', default: '0' }, 'lane-discipline': { type: 'string', default: 'sumo' }, seed: { type: 'string', default: '1' },
      drain: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(GROUND_HELP);
    return 0;
  }
  if (values.net !== undefined) {
    for (const f of ['grid', 'block', 'lanes', 'trips', 'insert', 'duration', 'drain'] as const) if (values[f] !== undefined && values[f] !== false) throw new UsageError(`--${f}: applies to the grid workload, not to --net (use --end to stop early)`);
    return groundSumoCommand(values, { dt: (t) => parsePositive(t, '--dt', 'seconds', 5), seed: parseSeed, positive: (t, flag) => parsePositive(t, flag, 'seconds') });
  }
  if (values.routes !== undefined || values.additional !== undefined || values.end !== undefined) throw new UsageError('--routes, --additional and --end need --net <file.net.xml>');
  const d = GRID_WORKLOAD_DEFAULTS;
  values.control ??= 'priority';
  parseMember(values.control, '--control', JUNCTION_CONTROLS);
  const carFollowing = parseMember(values['car-following'] ?? 'idm', '--car-following', CAR_FOLLOWING_MODELS);
  const sigma = parseNumberIn(values.sigma!, '--sigma', 'dawdling', 0, 1);
  const o = {
    ...d,
    size: intArg(values.grid, '--grid', d.size, 2),
    block_m: values.block ? parsePositive(values.block, '--block', 'metres') : d.block_m,
    lanes: intArg(values.lanes, '--lanes', d.lanes, 1),
    trips: intArg(values.trips, '--trips', d.trips, 0),
    insert_s: values.insert ? parsePositive(values.insert, '--insert', 'seconds') : d.insert_s,
    dt: values.dt ? parsePositive(values.dt, '--dt', 'seconds', 5) : d.dt,
    control: values.control,
    seed: parseSeed(values.seed!),
    car_following: carFollowing,
    vehicle: { ...d.vehicle, sigma },
    lane_discipline: laneDiscipline(values['lane-discipline']!),
  };
  if (o.lanes > 6) throw new UsageError(`--lanes: expected at most 6, got ${o.lanes}`);
  if (o.block_m < 2 * o.lanes * 3.5 + 10) throw new UsageError(`--block: expected at least ${2 * o.lanes * 3.5 + 10} m for ${o.lanes} lanes, got ${o.block_m}`);
  const span = (o.size - 1) * o.block_m;
  if (Math.hypot(span, span) < o.min_trip_m) throw new UsageError(`--grid/--block: a ${o.size}×${o.size} grid of ${o.block_m} m blocks has no trip of at least ${o.min_trip_m} m`);
  const duration = values.duration ? parsePositive(values.duration, '--duration', 'seconds') : 1800;
  const { traffic } = buildGridWorkload(o);
  const bar = values.quiet || values.json || !process.stderr.isTTY ? null : new cliProgress.SingleBar({ format: ' {bar} {percentage}% | sim {value}/{total} s | {running} vehicles', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
  bar?.start(Math.round(duration), 0, { running: 0 });
  const main = runGrid(traffic, duration, true, (t) => bar?.update(Math.round(t), { running: traffic.running }));
  bar?.stop();
  let drain: GridRunResult | null = null;
  if (values.drain) {
    let extra = 0;
    const r: GridRunResult[] = [];
    while (!traffic.done && extra < 4 * 3600) { r.push(runGrid(traffic, 60, true)); extra += 60; }
    drain = r.length ? { ...r[r.length - 1], sim_s: extra, wall_s: r.reduce((a, b) => a + b.wall_s, 0), collisions: r.reduce((a, b) => a + b.collisions, 0) } : null;
  }
  const s = traffic.stats;
  const summary = {
    workload: { grid: o.size, block_m: o.block_m, lanes: o.lanes, trips: o.trips, insert_s: o.insert_s, dt: o.dt, control: o.control, car_following: o.car_following, sigma, seed: o.seed },
    timed: { sim_s: main.sim_s, wall_s: +main.wall_s.toFixed(3), vehicle_updates_per_s: Math.round(main.updates_per_s), real_time_factor: +main.real_time_factor.toFixed(1), running_at_end: main.at_end.running, inserted: main.at_end.inserted, arrived: main.at_end.arrived, waiting_to_insert: main.at_end.waiting_to_insert, collisions: main.collisions },
    drain: drain && { extra_sim_s: drain.sim_s, all_arrived: traffic.done, collisions: drain.collisions },
    totals: { lane_changes: s.lane_changes, forced_stops: s.forced_stops, max_stopped_s: s.max_stopped_s, stuck_vehicles: s.stuck, mean_travel_time_s: +s.mean_travel_time_s.toFixed(1), arrived: s.arrived },
    junctions: traffic.control.stats(),
  };
  if (values.json) {
    console.log(JSON.stringify(summary, null, 2));
  } else {
    const t = new Table({ head: ['control', 'sim s', 'wall s', 'veh updates/s', 'real-time ×', 'running', 'arrived', 'waiting', 'collisions', 'max stopped s', 'stuck'], style: { head: [], border: [] } });
    const m = summary.timed;
    t.push([o.control, m.sim_s, m.wall_s, m.vehicle_updates_per_s.toLocaleString('en-US'), m.real_time_factor, m.running_at_end, m.arrived, m.waiting_to_insert, m.collisions, s.max_stopped_s, s.stuck]);
    console.log(t.toString());
    if (drain) console.log(`drain: ${drain.sim_s} s more, all trips arrived: ${traffic.done}, collisions ${drain.collisions}; mean travel time ${summary.totals.mean_travel_time_s} s`);
    console.log(`junctions (${o.control}): ${Object.entries(summary.junctions).map(([k, v]) => `${k} ${v}`).join(', ')}; lane changes ${s.lane_changes}, forced stops ${s.forced_stops}`);
  }
  return summary.timed.collisions > 0 || (drain?.collisions ?? 0) > 0 ? 1 : 0;
}
