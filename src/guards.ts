import type { Scenario } from '../sim-core/index.ts';
import { UsageError } from './io.ts';
import { parsePositive } from './args.ts';

/**
 * Resource guards: before a run starts, estimate what it will take from the scenario and the
 * duration (ticks, trips, agents alive at once, replay size) and refuse, with exit 2, a run
 * beyond the limits, saying what was asked, the limit and the flag that raises it. Defaults are
 * sized for a 2-core, 24 GiB machine: a week at dt 0.12 s, 5 M trips (about an hour of planning
 * at ×10 Alatau's rate), a million agents at once, a 2 GiB replay (it is built in memory).
 */
export interface Limits {
  maxTicks: number;
  maxTrips: number;
  maxAgents: number;
  maxReplayMb: number;
  maxFlows: number;
}

export const DEFAULT_LIMITS: Limits = { maxTicks: 5_000_000, maxTrips: 5_000_000, maxAgents: 1_000_000, maxReplayMb: 2048, maxFlows: 20_000 };

/** The flags that raise the limits, as `parseArgs` options, and their help lines. */
export const LIMIT_OPTIONS = {
  'max-ticks': { type: 'string' },
  'max-trips': { type: 'string' },
  'max-agents': { type: 'string' },
  'max-replay-mb': { type: 'string' },
  'max-flows': { type: 'string' },
} as const;

export const LIMIT_HELP = `  --max-ticks <n>          refuse runs of more ticks (duration / dt)                [${DEFAULT_LIMITS.maxTicks}]
  --max-trips <n>          refuse runs expected to request more trips               [${DEFAULT_LIMITS.maxTrips}]
  --max-agents <n>         refuse runs expected to have more agents alive at once   [${DEFAULT_LIMITS.maxAgents}]
  --max-replay-mb <n>      refuse runs whose replay is expected to be larger        [${DEFAULT_LIMITS.maxReplayMb}]
  --max-flows <n>          refuse scenarios with more demand flows                  [${DEFAULT_LIMITS.maxFlows}]`;

export function parseLimits(values: Partial<Record<keyof typeof LIMIT_OPTIONS, string | undefined>>): Limits {
  const n = (flag: keyof typeof LIMIT_OPTIONS, def: number) => (values[flag] === undefined ? def : parsePositive(values[flag]!, `--${flag}`, 'a limit', 1e15));
  return {
    maxTicks: n('max-ticks', DEFAULT_LIMITS.maxTicks),
    maxTrips: n('max-trips', DEFAULT_LIMITS.maxTrips),
    maxAgents: n('max-agents', DEFAULT_LIMITS.maxAgents),
    maxReplayMb: n('max-replay-mb', DEFAULT_LIMITS.maxReplayMb),
    maxFlows: n('max-flows', DEFAULT_LIMITS.maxFlows),
  };
}

export interface RunEstimate {
  ticks: number;
  trips: number;
  peakAgents: number;
  replayMb: number;
}

const EARTH_M_PER_DEG = 111_320;
/** Take-off, climb, descent and landing on top of cruise, seconds (a generous round figure). */
const TERMINAL_S = 120;
/** Replay bytes per agent per frame (id, x, y int32; z, speed uint16) and per trip (agent record + a few events). */
const FRAME_BYTES_PER_AGENT = 16;
const BYTES_PER_TRIP = 16 + 5 * 20;

/**
 * Expected ticks, trips (each flow's rate × scale × the profile over the run), agents alive at
 * the busiest hour (Little's law: rate × trip time, trip time from the straight distance at
 * cruise speed plus terminal time) and replay size. Estimates, not promises: they decide whether a
 * run is plausible, within a factor of a few.
 */
export function estimateRun(s: Scenario, durationS: number, replay: boolean): RunEstimate {
  const dt = s.params.dt;
  const ticks = Math.ceil(durationS / dt);
  // Profile weight integrated over the run, and its peak (rates are trips_per_hour × scale × weight).
  let weightHours = 0, peakWeight = 0;
  for (let t = 0; t < durationS; t += 3600) {
    const hour = Math.floor((s.params.start_time_s + t) / 3600) % 24;
    const w = s.demand.profile[hour];
    weightHours += w * Math.min(3600, durationS - t) / 3600;
    peakWeight = Math.max(peakWeight, w);
  }
  const where = new Map<string, number[]>();
  for (const v of s.layers.vertiports.features) where.set(v.properties.id, v.geometry.coordinates);
  for (const z of s.layers.zones.features) {
    const ring = z.geometry.coordinates[0];
    where.set(`zone:${z.properties.id}`, [ring.reduce((a, p) => a + p[0], 0) / ring.length, ring.reduce((a, p) => a + p[1], 0) / ring.length]);
  }
  const cosLat = Math.cos((s.origin.lat * Math.PI) / 180);
  let trips = 0, peakAgents = 0, agentSeconds = 0;
  for (const f of s.demand.flows) {
    const perHour = f.trips_per_hour * s.demand.scale;
    trips += perHour * weightHours;
    const a = where.get(f.from), b = where.get(f.to);
    const distM = a && b ? Math.hypot((b[0] - a[0]) * cosLat, b[1] - a[1]) * EARTH_M_PER_DEG : 10_000;
    const c = s.classes[f.class];
    // Ground vehicles: half their top speed on average (junctions, corners), roads ~1.3× the straight line.
    const speed = 'cruise_mps' in c ? c.cruise_mps : c.max_mps / 2 / 1.3;
    const tripS = distM / speed + TERMINAL_S;
    peakAgents += (perHour * peakWeight / 3600) * tripS;
    agentSeconds += perHour * weightHours * tripS;
  }
  const meanAgents = durationS > 0 ? agentSeconds / durationS : 0;
  const frames = replay ? Math.ceil(durationS / s.params.record_interval_s) : 0;
  const replayMb = replay ? (frames * meanAgents * FRAME_BYTES_PER_AGENT + trips * BYTES_PER_TRIP) / 2 ** 20 : 0;
  return { ticks, trips: Math.round(trips), peakAgents: Math.round(peakAgents), replayMb: Math.round(replayMb) };
}

const fmt = (v: number) => (v >= 1e6 ? v.toExponential(2) : v.toLocaleString('en-US'));

/** Throws a UsageError listing every limit the run would pass. */
export function checkLimits(s: Scenario, durationS: number, replay: boolean, limits: Limits, what = 'this run'): RunEstimate {
  const e = estimateRun(s, durationS, replay);
  const over: string[] = [];
  if (s.demand.flows.length > limits.maxFlows) over.push(`${fmt(s.demand.flows.length)} demand flows (limit ${fmt(limits.maxFlows)}, --max-flows)`);
  if (e.ticks > limits.maxTicks) over.push(`${fmt(e.ticks)} ticks = ${durationS} s / dt ${s.params.dt} s (limit ${fmt(limits.maxTicks)}, --max-ticks)`);
  if (e.trips > limits.maxTrips) over.push(`about ${fmt(e.trips)} trips (limit ${fmt(limits.maxTrips)}, --max-trips)`);
  if (e.peakAgents > limits.maxAgents) over.push(`about ${fmt(e.peakAgents)} agents alive at the busiest hour (limit ${fmt(limits.maxAgents)}, --max-agents)`);
  if (e.replayMb > limits.maxReplayMb) over.push(`a replay of about ${fmt(e.replayMb)} MB (limit ${fmt(limits.maxReplayMb)} MB, --max-replay-mb; --no-replay skips it)`);
  if (over.length) throw new UsageError(`${what} is too big: ${over.join('; ')}. Shorten it, lower the demand, or raise the limit with its flag`);
  return e;
}
