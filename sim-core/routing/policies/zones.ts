import type { RoutingPolicy } from './types.ts';
import { flight, horizontalPath, join } from './build.ts';

/**
 * zones (after Metropolis "zones"): the airspace is split by heading into east–west and
 * north–south zones; a flight makes an east–west leg, then a north–south leg, each at the
 * altitude of its direction (east, west, north, south take the class layers in that order).
 * Route alternative 1 flies north–south first.
 */
export const zoned: RoutingPolicy = {
  name: 'zones',
  description: 'heading-dependent zones: an east–west leg and a north–south leg, each at its direction\'s altitude',
  plan(req, ctx) {
    const c = ctx.world.classes[req.cls];
    const layers = ctx.layers[req.cls];
    const alt = (dir: number) => layers[dir % layers.length];
    const ew = req.bx >= req.ax ? 0 : 1;
    const ns = req.by >= req.ay ? 2 : 3;
    const first = req.routeOption === 1
      ? horizontalPath(req.ax, req.ay, req.ax, req.by, alt(ns), ctx, req.timeOfDayS)
      : horizontalPath(req.ax, req.ay, req.bx, req.ay, alt(ew), ctx, req.timeOfDayS);
    const second = req.routeOption === 1
      ? horizontalPath(req.ax, req.by, req.bx, req.by, alt(ew), ctx, req.timeOfDayS)
      : horizontalPath(req.bx, req.ay, req.bx, req.by, alt(ns), ctx, req.timeOfDayS);
    const points = join(first, second);
    return points ? flight(points, c) : null;
  },
  altitudeOptions: () => 1,
  routeOptions: () => 2,
};
