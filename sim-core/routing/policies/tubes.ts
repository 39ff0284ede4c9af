import type { RoutingPolicy } from './types.ts';
import { flight, horizontalPath } from './build.ts';

/**
 * tubes (Metropolis "tubes"): only the fixed corridor network. A* over the air network from the
 * nearest entry to the nearest exit; access legs climb to the corridor altitude. Falls back to a
 * direct flight when the end points are more than 6 km from the network. Route option k ≥ 1 (the
 * `reroute` strategy's alternatives) may not enter where options 0 … k−1 entered and searches the
 * 3 + 2k nearest entries left, so each climbs out towards another corridor node; null when no
 * other entry leads to the exit. (Option 1 had searched the same three entries as option 0 and
 * was always the same route; on Alatau's eVTOL vertiport pairs 29 of 42 now have an alternative.)
 */
export const tubes: RoutingPolicy = {
  name: 'tubes',
  description: 'fixed corridor network only (A* over the air network)',
  plan(req, ctx) {
    const c = ctx.world.classes[req.cls];
    const net = ctx.network;
    // Option k finds the entries of options 0 … k−1 again (a policy keeps no state between calls;
    // only the reroute strategy asks for options, one A* search each).
    const used: number[] = [];
    let r = net.route(req.ax, req.ay, req.bx, req.by, c);
    for (let k = 1; k <= req.routeOption && r && r.nodes.length > 0; k++) {
      used.push(r.nodes[0]);
      r = net.route(req.ax, req.ay, req.bx, req.by, c, { entryK: 3 + 2 * k, excludeEntries: used });
    }
    if (!r || r.nodes.length === 0) {
      if (req.routeOption > 0) return null; // no other entry: no alternative
      // No network near: fly direct (still around geofences) so the trip is served.
      const direct = horizontalPath(req.ax, req.ay, req.bx, req.by, c.cruiseAltM, ctx, req.timeOfDayS);
      return direct ? flight(direct, c) : null;
    }
    const pts: number[] = [req.ax, req.ay, net.z[r.nodes[0]]];
    const speeds: number[] = [c.climbMps];
    for (let i = 0; i < r.nodes.length; i++) {
      const v = r.nodes[i];
      pts.push(net.x[v], net.y[v], net.z[v]);
      speeds.push(i === 0 ? c.cruiseMps : Math.min(c.cruiseMps, net.speedBetween(r.nodes[i - 1], v, c.cruiseMps)));
    }
    const last = r.nodes[r.nodes.length - 1];
    pts.push(req.bx, req.by, net.z[last]);
    speeds.push(c.cruiseMps);
    return flight(pts, c, speeds);
  },
  altitudeOptions: () => 1,
  routeOptions: () => 3,
};
