import type { RoutingPolicy } from './types.ts';
import { flight, horizontalPath, join, lateralVia } from './build.ts';

/**
 * layers (Metropolis "layers"): the altitude is set by the heading of the flight: the class's
 * layers split the compass into equal sectors, so crossing traffic is vertically separated.
 */
export const layered: RoutingPolicy = {
  name: 'layers',
  description: 'altitude layer chosen by heading sector',
  plan(req, ctx) {
    const c = ctx.world.classes[req.cls];
    const layers = ctx.layers[req.cls];
    const heading = (Math.atan2(req.bx - req.ax, req.by - req.ay) * 180) / Math.PI;
    const sector = Math.floor(((heading + 360) % 360) / (360 / layers.length));
    const z = layers[Math.min(sector, layers.length - 1)];
    const via = lateralVia(req.ax, req.ay, req.bx, req.by, req.routeOption);
    const points = via
      ? join(horizontalPath(req.ax, req.ay, via[0], via[1], z, ctx, req.timeOfDayS), horizontalPath(via[0], via[1], req.bx, req.by, z, ctx, req.timeOfDayS))
      : horizontalPath(req.ax, req.ay, req.bx, req.by, z, ctx, req.timeOfDayS);
    return points ? flight(points, c) : null;
  },
  altitudeOptions: () => 1,
  routeOptions: () => 5,
};
