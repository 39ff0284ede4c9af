import type { LocalFrame } from '../airspace/local-frame.ts';
import { Graph } from '../routing/graph.ts';
import type { ClassEnvelope, Road, RoadNetworkSpec } from '../world/world.ts';
import type { Scenario } from './schema.ts';
import { ScenarioCompileError } from './errors.ts';

type SumoNetInput = NonNullable<Scenario['ground']['sumo_net']>;

/** The inlined SUMO network (ground.sumo_net) in the scenario's local frame, with its connections and signal programs. */
export function importedNetworkSpec(n: SumoNetInput, frame: LocalFrame): RoadNetworkSpec {
  const net = n.network;
  if (!net) throw new ScenarioCompileError(`ground.sumo_net: "${n.file}" was not read (load scenarios with src/scenario-loader.ts, which inlines the network)`);
  const nodes = net.nodes.map(([lon, lat]) => {
    const [x, y] = frame.forward(lon, lat);
    return { x, y };
  });
  const links = net.links.map(([from, to, lanes, speed, priority, length]) => ({ from, to, lanes, speed, priority, length }));
  const opt = (v: number) => (v >= 0 ? v : undefined);
  const connections = net.connections.map(([fromLink, fromLane, toLink, toLane, length, speed, program, index]) => ({
    fromLink, fromLane, toLink, toLane, length: opt(length), speed: opt(speed), signal: program >= 0 ? { program, index } : undefined,
  }));
  return { nodes, links, options: { connections, signals: net.signals } };
}

/**
 * The imported network as drawable roads (the world's `roads`, which replays and the viewer show):
 * one straight road per pair of junctions a link joins, its lanes both directions' together,
 * one-way when only one direction exists, at the faster direction's speed.
 */
export function roadsOfSpec(spec: RoadNetworkSpec): Road[] {
  const byPair = new Map<string, Road>();
  spec.links.forEach((l, i) => {
    const lo = Math.min(l.from, l.to), hi = Math.max(l.from, l.to), key = `${lo}:${hi}`;
    const road = byPair.get(key);
    if (road) {
      road.lanes += l.lanes;
      road.speedMps = Math.max(road.speedMps, l.speed);
      road.oneway = false;
      return;
    }
    const a = spec.nodes[l.from], b = spec.nodes[l.to];
    byPair.set(key, { id: `sumo-link-${i}`, points: Float64Array.of(a.x, a.y, b.x, b.y), lanes: l.lanes, speedMps: l.speed, oneway: true });
  });
  return [...byPair.values()];
}

/** The simple ground model's graph over the same links (straight between junctions, at the link speed). */
export function graphOfSpec(spec: RoadNetworkSpec, ground: ClassEnvelope): Graph {
  const g = new Graph();
  for (const n of spec.nodes) g.addNode(n.x, n.y, 0);
  for (const l of spec.links) {
    const a = spec.nodes[l.from], b = spec.nodes[l.to];
    const speed = Math.min(l.speed, ground.maxMps);
    g.addEdge(l.from, l.to, (l.length ?? Math.hypot(b.x - a.x, b.y - a.y)) / speed, speed);
  }
  return g;
}
