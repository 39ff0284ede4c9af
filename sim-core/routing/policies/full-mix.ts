import type { RoutingPolicy } from './types.ts';
import { directPath, flight } from './build.ts';
import type { RoutingContext } from './types.ts';

/** Per routing context: each class's altitude options, worked out once (a plan asks several times). */
const altitudeMemo = new WeakMap<RoutingContext, number[][]>();

/** The cruise altitude first, then the class layers by closeness to it (distinct values). */
function altitudes(cls: number, ctx: RoutingContext): number[] {
  let byClass = altitudeMemo.get(ctx);
  if (!byClass) altitudeMemo.set(ctx, (byClass = []));
  const known = byClass[cls];
  if (known) return known;
  const cruise = ctx.world.classes[cls].cruiseAltM;
  return (byClass[cls] = [cruise, ...ctx.layers[cls].filter((z) => z !== cruise).sort((a, b) => Math.abs(a - cruise) - Math.abs(b - cruise) || a - b)]);
}

/**
 * full-mix (Metropolis "full mix"): direct flight at the class cruise altitude, around
 * geofences only where they apply. Altitude alternatives are the class layers nearest the
 * cruise altitude; route alternatives are sideways detours.
 */
export const fullMix: RoutingPolicy = {
  name: 'full-mix',
  description: 'direct, any altitude (cruise altitude preferred), around applicable geofences',
  plan(req, ctx) {
    const options = altitudes(req.cls, ctx);
    const points = directPath(req, options[Math.min(req.altitudeOption, options.length - 1)], ctx);
    return points ? flight(points, ctx.world.classes[req.cls]) : null;
  },
  altitudeOptions: (cls, ctx) => altitudes(cls, ctx).length,
  routeOptions: () => 5,
};
