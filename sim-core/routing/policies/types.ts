import type { ClassEnvelope, World } from '../../world/world.ts';
import type { AirNetwork } from '../air-network.ts';
import type { GeofenceGrids } from '../geofence-grid.ts';

/** One routing question: fly class `cls` from A to B (local metres), asked at `timeOfDayS`. */
export interface RouteRequest {
  cls: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
  timeOfDayS: number;
  /** 0 = the policy's preferred altitude; k = its k-th alternative (strategic "altitude"). */
  altitudeOption: number;
  /** 0 = the preferred route; k = the k-th lateral alternative (strategic "reroute"). */
  routeOption: number;
}

/** What policies may use: the world, the air network and the geofence grids. */
export interface RoutingContext {
  world: World;
  network: AirNetwork;
  grids: GeofenceGrids;
  /** Altitude layers per class (metres), lowest first. */
  layers: number[][];
}

/**
 * A routing policy turns a request into waypoints (WP_STRIDE numbers each: x, y, z, leg speed,
 * pass speed), from take-off on the ground to touchdown, or null when it has no route.
 * To add a policy: write one file exporting a RoutingPolicy, add it to the registry in index.ts.
 */
export interface RoutingPolicy {
  readonly name: string;
  readonly description: string;
  plan(req: RouteRequest, ctx: RoutingContext): number[] | null;
  /** Altitude alternatives offered to strategic deconfliction (1 = only the preferred one). */
  altitudeOptions(cls: number, ctx: RoutingContext): number;
  /** Lateral route alternatives offered to strategic deconfliction (1 = only the preferred one). */
  routeOptions(cls: number, ctx: RoutingContext): number;
}

export type { ClassEnvelope };
