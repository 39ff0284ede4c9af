import type { NetworkConnectionSpec, NetworkLinkSpec, NetworkNodeSpec } from './road-network-spec.ts';
import { turnOf } from './road-network.ts';

/**
 * Lane-to-lane connections as SUMO's netgenerate/netconvert make them on a plain network: right
 * turns from the rightmost lane into the rightmost lane, straight on from every lane into the lane
 * of the same index (clamped), left turns and U-turns from the leftmost lane into the leftmost.
 * Without them, a generated network lets every lane reach every out-link (a left turn from the
 * right lane crosses the straight stream beside it): more conflicts per junction, less traffic
 * through it than SUMO passes on the same grid. U-turns only at dead ends, as elsewhere here.
 */
export function sumoStyleConnections(nodes: NetworkNodeSpec[], links: NetworkLinkSpec[]): NetworkConnectionSpec[] {
  const dir = links.map((l) => {
    const dx = nodes[l.to].x - nodes[l.from].x, dy = nodes[l.to].y - nodes[l.from].y, len = Math.hypot(dx, dy);
    return [dx / len, dy / len];
  });
  const outOf: number[][] = nodes.map(() => []);
  links.forEach((l, k) => outOf[l.from].push(k));
  const out: NetworkConnectionSpec[] = [];
  links.forEach((l, k) => {
    let outs = outOf[l.to].filter((o) => links[o].to !== l.from);
    if (outs.length === 0) outs = outOf[l.to];
    for (let lane = 0; lane < l.lanes; lane++) {
      for (const o of outs) {
        const turn = turnOf(dir[k][0], dir[k][1], dir[o][0], dir[o][1]);
        const n = links[o].lanes;
        if (turn === 0) out.push({ fromLink: k, fromLane: lane, toLink: o, toLane: Math.min(lane, n - 1) });
        else if (turn === 1 && lane === 0) out.push({ fromLink: k, fromLane: 0, toLink: o, toLane: 0 });
        else if (turn >= 2 && lane === l.lanes - 1) out.push({ fromLink: k, fromLane: lane, toLink: o, toLane: n - 1 });
      }
    }
  });
  return out;
}
