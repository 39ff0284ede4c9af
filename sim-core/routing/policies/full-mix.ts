import type { RoutingPolicy } from './types.ts';
import { flight, horizontalPath, join, lateralVia } from './build.ts';

/**
 * full-mix (Metropolis "full mix"): direct flight at the class cruise altitude, around
 * geofences only where they apply. Altitude alternatives are the class layers nearest the
 * cruise altitude; route alternatives are sideways detours.
 */
export const fullMix: RoutingPolicy = {
  name: 'full-mix',
  description: 'direct, any altitude (cruise altitude preferred), around applicable geofences',
  plan(req, ctx) {
    const c = ctx.world.classes[req.cls];
    const layers = ctx.layers[req.cls];
    const byCloseness = [c.cruiseAltM, ...layers.filter((z) => z !== c.cruiseAltM).sort((a, b) => Math.abs(a - c.cruiseAltM) - Math.abs(b - c.cruiseAltM) || a - b)];
    const z = byCloseness[Math.min(req.altitudeOption, byCloseness.length - 1)];
    const via = lateralVia(req.ax, req.ay, req.bx, req.by, req.routeOption);
    const points = via
      ? join(horizontalPath(req.ax, req.ay, via[0], via[1], z, ctx, req.timeOfDayS), horizontalPath(via[0], via[1], req.bx, req.by, z, ctx, req.timeOfDayS))
      : horizontalPath(req.ax, req.ay, req.bx, req.by, z, ctx, req.timeOfDayS);
    return points ? flight(points, c) : null;
  },
  altitudeOptions: (cls, ctx) => ctx.layers[cls].length + 1,
  routeOptions: () => 5,
};
