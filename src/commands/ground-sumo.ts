import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { JUNCTION_CONTROLS } from '../../sim-core/ground/junctions/index.ts';
import { runSumoFiles } from '../interop/sumo/run-sumo-files.ts';
import type { CarFollowingChoice } from '../interop/sumo/sumo-traffic.ts';
import { UsageError } from '../io.ts';
import { parseMember } from '../args.ts';

export const GROUND_SUMO_HELP = `       npm run sim -- ground --net <file.net.xml> --routes <file.rou.xml|trips.xml>[,more] [--additional <vtypes.add.xml>[,more]]
         [--control from-net|${JUNCTION_CONTROLS.choices().replace('from-net|', '').replace('|from-net', '')}] [--car-following from-vtype|idm|krauss] [--dt 0.5] [--end <s>] [--seed 1] [--json]

SUMO files: the network's junctions, edges, lanes (lengths, speeds), connections and static
tlLogic programs; vehicles with routes, trips (routed by the road A*), flows and vTypes. Runs until
every vehicle has arrived (at most 4 h after the last departure) or --end, and reports what SUMO's
tripinfo would: inserted, arrived, travel time (arrival − actual departure) mean and p95, waiting
time, stuck (stopped >= 300 s), collisions. Unsupported features are listed in one warning.`;

const CAR_FOLLOWING_CHOICES: CarFollowingChoice[] = ['from-vtype', 'idm', 'krauss'];

export function groundSumoCommand(values: { net?: string; routes?: string; additional?: string; control?: string; 'car-following'?: string; dt?: string; end?: string; seed?: string; json?: boolean; quiet?: boolean }, parse: { dt: (t: string) => number; seed: (t: string) => number; positive: (t: string, flag: string) => number }): number {
  if (!values.routes) throw new UsageError('--routes: expected a SUMO route or trip file (with --net)');
  const control = values.control ?? 'from-net';
  parseMember(control, '--control', JUNCTION_CONTROLS);
  const cf = (values['car-following'] ?? 'from-vtype') as CarFollowingChoice;
  if (!CAR_FOLLOWING_CHOICES.includes(cf)) throw new UsageError(`--car-following: expected ${CAR_FOLLOWING_CHOICES.join(', ')}, got "${values['car-following']}"`);
  const dt = values.dt ? parse.dt(values.dt) : 0.5;
  const end = values.end ? parse.positive(values.end, '--end') : null;
  const split = (s: string | undefined) => (s ? s.split(',').filter(Boolean) : []);
  const bar = values.quiet || values.json || !process.stderr.isTTY ? null : new cliProgress.SingleBar({ format: ' {bar} {percentage}% | sim {value}/{total} s (at most) | {running} vehicles', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
  let started = false;
  const summary = runSumoFiles({ net: values.net!, routes: split(values.routes), additional: split(values.additional) }, { control, carFollowing: cf, dt, seed: parse.seed(values.seed ?? '1') }, end, (t, total, running) => {
    if (!bar) return;
    if (!started) { bar.start(Math.round(total), 0, { running: 0 }); started = true; }
    bar.update(Math.round(t), { running });
  });
  if (started) bar?.stop();
  if (summary.unsupported.length) {
    console.error(`warning: not modelled, listed here rather than dropped silently:\n${summary.unsupported.map((r) => `  ${r.count} × ${r.feature}${r.first_line !== null ? ` (first at line ${r.first_line})` : ''}`).join('\n')}`);
  }
  if (values.json) {
    console.log(JSON.stringify(summary, null, 2));
  } else {
    const t = new Table({ head: ['control', 'vehicles', 'inserted', 'arrived', 'travel mean s', 'travel p95 s', 'waiting mean s', 'stuck', 'collisions', 'sim s', 'wall s', 'veh updates/s', 'real-time ×'], style: { head: [], border: [] } });
    t.push([summary.control, summary.vehicles, summary.inserted, summary.arrived, summary.travel_time_mean_s, summary.travel_time_p95_s, summary.waiting_time_mean_s, summary.stuck, summary.collisions, summary.sim_s, summary.wall_s, summary.vehicle_updates_per_s.toLocaleString('en-US'), summary.real_time_factor]);
    console.log(t.toString());
    console.log(`network: ${summary.network.junctions} junctions, ${summary.network.edges} edges, ${summary.network.lanes} lanes, ${summary.network.connections} connections, ${summary.network.signal_programs} signal programs; imported in ${summary.import_s} s${summary.all_arrived ? '' : `; NOT all arrived: ${summary.running_at_end} running, ${summary.waiting_to_insert} waiting`}`);
  }
  return summary.collisions > 0 ? 1 : 0;
}
