import { RoadNetwork, type NetworkConnectionSpec, type NetworkLinkSpec, type NetworkNodeSpec, type SignalProgramSpec } from '../../../sim-core/ground/road-network.ts';
import { InputFileError } from '../../io.ts';
import type { SumoNet } from './net-reader.ts';

/**
 * A SUMO network as skyweave's lane-level RoadNetwork: junctions become nodes (SUMO's x, y: the
 * net's own metric frame), normal edges links with their car lanes (re-indexed from 0 = rightmost
 * after dropping sidewalks, bike and rail lanes), SUMO's lane lengths and connections (with the
 * length of the internal lanes they run through), and static tlLogic programs for the `from-net`
 * junction manager.
 */
export interface ImportedNetwork {
  network: RoadNetwork;
  spec: { nodes: NetworkNodeSpec[]; links: NetworkLinkSpec[]; connections: NetworkConnectionSpec[]; signals: SignalProgramSpec[] };
  /** Link index of each SUMO edge id. */
  edgeLink: Map<string, number>;
  linkEdge: string[];
  /** SUMO lane index → our lane index per link (−1: not for cars). */
  laneIndex: Int32Array[];
}

export function sumoToRoadNetwork(net: SumoNet): ImportedNetwork {
  const nodeOf = new Map<string, number>();
  const nodes: NetworkNodeSpec[] = [];
  for (const j of net.junctions.values()) {
    nodeOf.set(j.id, nodes.length);
    nodes.push({ x: j.x, y: j.y });
  }
  const links: NetworkLinkSpec[] = [];
  const edgeLink = new Map<string, number>();
  const linkEdge: string[] = [];
  const laneIndex: Int32Array[] = [];
  for (const e of net.edges) {
    const car = e.lanes.filter((l) => l.forCars).sort((a, b) => a.index - b.index);
    if (car.length === 0) continue;
    if (car.length > 255) throw new InputFileError(net.file, e.line, `<edge id="${e.id}">: ${car.length} lanes, expected at most 255`);
    const from = nodeOf.get(e.from)!, to = nodeOf.get(e.to)!;
    if (from === to) { net.unsupported.add('edges that start and end at the same junction (loops)', e.line); continue; }
    const map = new Int32Array(Math.max(...e.lanes.map((l) => l.index)) + 1).fill(-1);
    car.forEach((l, i) => (map[l.index] = i));
    edgeLink.set(e.id, links.length);
    linkEdge.push(e.id);
    laneIndex.push(map);
    links.push({ from, to, lanes: car.length, speed: Math.max(...car.map((l) => l.speed)), priority: e.priority, length: car.reduce((a, l) => a + l.length, 0) / car.length });
  }
  const programOf = new Map<string, number>();
  const signals: SignalProgramSpec[] = [];
  for (const t of net.tlLogics) {
    if (programOf.has(t.id)) { net.unsupported.add('extra traffic-light programs (the first of each id runs)', t.line); continue; }
    programOf.set(t.id, signals.length);
    signals.push({ id: t.id, offset: t.offset, phases: t.phases.map((p) => ({ duration: p.duration, state: p.state })) });
  }
  const connections: NetworkConnectionSpec[] = [];
  for (const c of net.connections) {
    const a = edgeLink.get(c.from), b = edgeLink.get(c.to);
    if (a === undefined || b === undefined) continue; // to or from an edge cars cannot use
    const fl = laneIndex[a][c.fromLane] ?? -1, tl = laneIndex[b][c.toLane] ?? -1;
    if (fl < 0 || tl < 0) continue;
    let length: number | undefined, speed: number | undefined;
    if (c.via) {
      length = 0;
      speed = Infinity;
      const seen = new Set<string>();
      for (let lane: string | undefined = c.via; lane !== undefined && !seen.has(lane); lane = net.internalNext.get(lane)) {
        seen.add(lane);
        length += net.internalLaneLength.get(lane) ?? 0;
        speed = Math.min(speed, net.internalLaneSpeed.get(lane) ?? Infinity);
      }
    }
    let signal: NetworkConnectionSpec['signal'];
    if (c.tl !== null) {
      const p = programOf.get(c.tl);
      if (p === undefined) throw new InputFileError(net.file, c.line, `<connection from="${c.from}" to="${c.to}"> attribute "tl": no <tlLogic id="${c.tl}"> in the network`);
      if (signals[p].phases.some((ph) => c.linkIndex >= ph.state.length)) throw new InputFileError(net.file, c.line, `<connection from="${c.from}" to="${c.to}"> attribute "linkIndex": ${c.linkIndex}, but the phases of tlLogic "${c.tl}" have ${signals[p].phases[0].state.length} letters`);
      signal = { program: p, index: c.linkIndex };
    }
    connections.push({ fromLink: a, fromLane: fl, toLink: b, toLane: tl, length: length !== undefined && length > 0 ? length : undefined, speed: speed !== undefined && Number.isFinite(speed) ? speed : undefined, signal });
  }
  if (links.length === 0) throw new InputFileError(net.file, null, 'no edge that passenger cars may use');
  let network: RoadNetwork;
  try {
    network = new RoadNetwork(nodes, links, { connections, signals });
  } catch (e) {
    throw new InputFileError(net.file, null, (e as Error).message);
  }
  return { network, spec: { nodes, links, connections, signals }, edgeLink, linkEdge, laneIndex };
}
