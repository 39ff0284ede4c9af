import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { EVENT_NAMES } from '../../sim-core/index.ts';
import { UsageError } from '../io.ts';
import { openReplay } from './replay-file.ts';

export const INFO_HELP = `Usage: npm run sim -- info <replay.skw>

Prints a replay's header, layer and agent counts, and event counts; verifies its checksum.
A corrupt, truncated or foreign file is rejected with exit code 2.`;

export function infoCommand(argv: string[]): number {
  const { values, positionals } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h', default: false } }, allowPositionals: true, strict: true });
  if (values.help) {
    console.log(INFO_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`info: expected exactly one replay file, got ${positionals.length}`);
  const r = openReplay(positionals[0]);
  const h = r.header;
  const t = new Table({ style: { head: [], border: [] } });
  const L = r.layers;
  t.push(
    ['file', positionals[0]], ['format', `skyweave replay v${h.version}`], ['scenario', `${L.name} (hash ${h.scenarioHash})`],
    ['seed', String(h.seed)], ['dt', `${h.dt} s`], ['ticks', `${h.totalTicks} (${(h.totalTicks * h.dt).toFixed(0)} s)`],
    ['frames', `${h.frameCount} (every ${h.ticksPerFrame} ticks = ${h.ticksPerFrame * h.dt} s)`], ['origin', `${h.originLat}, ${h.originLon}`],
    ['state hash', h.stateHash], ['agents', String(h.agentCount)], ['events', String(h.eventCount)],
    ['layers', `${L.geofences.length} geofences, ${L.vertiports.length} vertiports, ${L.corridors.length} corridors, ${L.roads.length} roads, ${L.zones.length} zones`],
  );
  console.log(t.toString());
  const perClass = new Map<string, number>();
  for (let i = 0; i < h.agentCount; i++) {
    const name = L.classes[r.agents.cls[i]]?.name ?? `class ${r.agents.cls[i]}`;
    perClass.set(name, (perClass.get(name) ?? 0) + 1);
  }
  const kinds = new Map<string, number>();
  for (let i = 0; i < r.eventCount; i++) {
    const name = EVENT_NAMES[r.event(i).kind] ?? `kind ${r.event(i).kind}`;
    kinds.set(name, (kinds.get(name) ?? 0) + 1);
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  console.log('agents by class: ' + sorted(perClass).map(([k, v]) => `${k} ${v}`).join(', '));
  console.log('events: ' + sorted(kinds).map(([k, v]) => `${k} ${v}`).join(', '));
  return 0;
}
