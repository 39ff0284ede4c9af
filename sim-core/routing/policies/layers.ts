import type { RoutingPolicy } from './types.ts';
import { directPath, flight } from './build.ts';

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
    const points = directPath(req, z, ctx);
    return points ? flight(points, c) : null;
  },
  altitudeOptions: () => 1,
  routeOptions: () => 5,
};
