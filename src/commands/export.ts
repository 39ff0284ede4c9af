import { parseArgs } from 'node:util';
import { LocalFrame, type Replay } from '../../sim-core/index.ts';
import { resolve } from 'node:path';
import { checkOutputFile, UsageError, writeFileAtomic } from '../io.ts';
import { openReplay } from './replay-file.ts';

export const EXPORT_HELP = `Usage: npm run sim -- export --replay <file.skw> --format geojson|csv --out <file>

  geojson  one LineString per agent; positions [lon, lat, alt_m, t] with t in seconds of the day
           (kepler.gl trip layer convention); properties id, class, flow, times (s from start)
  csv      rows t,id,class,lat,lon,alt_m (t in seconds from the start of the run)
The output is written atomically (temporary file, then rename).`;

const r7 = (v: number) => Math.round(v * 1e7) / 1e7;
const r2 = (v: number) => Math.round(v * 100) / 100;

export function exportCommand(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: { replay: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    strict: true,
  });
  if (values.help) {
    console.log(EXPORT_HELP);
    return 0;
  }
  if (!values.replay) throw new UsageError('export: --replay <file> is required');
  if (!values.out) throw new UsageError('export: --out <file> is required');
  if (values.format !== 'geojson' && values.format !== 'csv') throw new UsageError(`export: --format: expected "geojson" or "csv", got ${values.format === undefined ? 'nothing' : `"${values.format}"`}`);
  const replay = openReplay(values.replay);
  checkOutputFile(resolve(values.out), '--out');
  if (values.format === 'csv') writeFileAtomic(values.out, (write) => writeCsv(replay, write));
  else writeFileAtomic(values.out, (write) => writeGeoJson(replay, write));
  console.log(`wrote ${values.out} (${values.format}, ${replay.header.agentCount} agents, ${replay.frameCount} frames)`);
  return 0;
}

/** Calls `visit(frameIndex, k, id, lon, lat, alt)` for every agent sample, frame by frame. */
function forEachSample(r: Replay, visit: (t: number, id: number, lon: number, lat: number, alt: number) => void): void {
  const frame = new LocalFrame(r.header.originLat, r.header.originLon);
  const q = r.header.positionQuantumM;
  for (let f = 0; f < r.frameCount; f++) {
    const n = r.frameAgentCount(f);
    const t = r.frameTick(f) * r.header.dt;
    const ids = r.frameIds(f), xs = r.frameX(f), ys = r.frameY(f), zs = r.frameZ(f);
    for (let k = 0; k < n; k++) {
      const [lon, lat] = frame.inverse(r.i32[xs + k] * q, r.i32[ys + k] * q);
      visit(t, r.i32[ids + k], lon, lat, r.u16[zs + k] * q);
    }
  }
}

function writeCsv(r: Replay, write: (s: string) => void): void {
  write('t,id,class,lat,lon,alt_m\n');
  const names = r.layers.classes.map((c) => c.name);
  let chunk: string[] = [];
  forEachSample(r, (t, id, lon, lat, alt) => {
    chunk.push(`${t},${id},${names[r.agents.cls[id]]},${r7(lat)},${r7(lon)},${r2(alt)}`);
    if (chunk.length >= 10000) {
      write(chunk.join('\n') + '\n');
      chunk = [];
    }
  });
  if (chunk.length) write(chunk.join('\n') + '\n');
}

function writeGeoJson(r: Replay, write: (s: string) => void): void {
  const tracks = new Map<number, { coords: number[][]; times: number[] }>();
  const start = r.layers.startTimeS;
  forEachSample(r, (t, id, lon, lat, alt) => {
    let tr = tracks.get(id);
    if (!tr) tracks.set(id, (tr = { coords: [], times: [] }));
    tr.coords.push([r7(lon), r7(lat), r2(alt), start + t]);
    tr.times.push(t);
  });
  const names = r.layers.classes.map((c) => c.name);
  write('{"type":"FeatureCollection","features":[\n');
  let first = true;
  // Agents in id order (a total order), each with at least two samples to make a line.
  for (const id of [...tracks.keys()].sort((a, b) => a - b)) {
    const tr = tracks.get(id)!;
    if (tr.coords.length < 2) continue;
    const flow = r.agents.flow[id];
    const feature = {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: tr.coords },
      properties: { id, class: names[r.agents.cls[id]], flow: r.layers.flows[flow]?.name ?? null, times: tr.times, spawn_s: r.agents.spawnTick[id] * r.header.dt, arrive_s: r.agents.arriveTick[id] >= 0 ? r.agents.arriveTick[id] * r.header.dt : null },
    };
    write((first ? '' : ',\n') + JSON.stringify(feature));
    first = false;
  }
  write('\n]}\n');
}
