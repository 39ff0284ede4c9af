import { dirname, resolve } from 'node:path';
import proj4 from 'proj4';
import { LocalFrame } from '../../../sim-core/airspace/local-frame.ts';
import type { ScenarioProblem } from '../../../sim-core/index.ts';
import { InputFileError } from '../../io.ts';
import { readSumoNet } from './net-reader.ts';
import { sumoToRoadNetwork } from './net-convert.ts';

/**
 * `ground.sumo_net` in a scenario: reads the SUMO network (relative to the scenario file) and
 * inlines it as `network` (nodes in longitude/latitude, links, connections, signal programs), so
 * the pure compiler gets it like any other scenario field and the scenario hash covers it.
 * Georeference: the net's own projection (`<location projParameter>`, minus `netOffset`, through
 * proj4), or, for nets without one (projParameter "!"), `anchor`: where the net's (0, 0) lies.
 * Returns the problems found (file, path, message); an empty list when inlined or absent.
 */
export function inlineSumoNet(raw: Record<string, unknown>, scenarioFile: string, isBuiltin: boolean): ScenarioProblem[] {
  const ground = raw.ground as Record<string, unknown> | undefined;
  const ref = ground?.sumo_net as Record<string, unknown> | undefined;
  if (!ref || typeof ref !== 'object' || typeof ref.file !== 'string' || ref.network !== undefined) return [];
  const where = (path: string, message: string): ScenarioProblem[] => [{ file: scenarioFile, path: `ground.sumo_net.${path}`, message }];
  const file = resolve(isBuiltin ? process.cwd() : dirname(scenarioFile), ref.file);
  let imported;
  let net;
  try {
    net = readSumoNet(file);
    imported = sumoToRoadNetwork(net);
  } catch (e) {
    if (e instanceof InputFileError) return where('file', e.message);
    throw e;
  }
  let toLonLat: (x: number, y: number) => [number, number];
  if (net.projParameter && net.projParameter !== '!') {
    let conv: { forward(p: number[]): number[] };
    try {
      conv = proj4(net.projParameter, 'EPSG:4326') as unknown as { forward(p: number[]): number[] };
    } catch (e) {
      return where('file', `${file}: <location projParameter="${net.projParameter.slice(0, 80)}">: proj4 cannot read it (${(e as Error).message}); give "anchor" instead`);
    }
    const [ox, oy] = net.netOffset;
    toLonLat = (x, y) => conv.forward([x - ox, y - oy]) as [number, number];
  } else {
    const a = ref.anchor as { lat?: unknown; lon?: unknown } | undefined;
    if (!a || typeof a.lat !== 'number' || typeof a.lon !== 'number') return where('anchor', `${file} has no projection (projParameter "!"): expected "anchor": {"lat": ..., "lon": ...}, where the network's (0, 0) lies`);
    const frame = new LocalFrame(a.lat, a.lon);
    toLonLat = (x, y) => frame.inverse(x, y);
  }
  const s = imported.spec;
  const r7 = (v: number) => Math.round(v * 1e7) / 1e7;
  ref.network = {
    nodes: s.nodes.map((n) => toLonLat(n.x, n.y).map(r7)),
    links: s.links.map((l) => [l.from, l.to, l.lanes, l.speed, l.priority, l.length ?? -1]),
    connections: s.connections.map((c) => [c.fromLink, c.fromLane, c.toLink, c.toLane, c.length ?? -1, c.speed ?? -1, c.signal?.program ?? -1, c.signal?.index ?? -1]),
    signals: s.signals,
    unsupported: net.unsupported.list().map((u) => ({ feature: u.feature, count: u.count })),
  };
  return [];
}
