import type { World } from '../world/world.ts';
import type { StaticLayers } from './format.ts';

const r1 = (v: number) => Math.round(v * 10) / 10;
const flat = (a: Float64Array) => Array.from(a, r1);

function windLayer(world: World): NonNullable<StaticLayers['wind']> {
  const w = world.wind, p = w.profiles[0];
  const levels = Array.from(p.altM, (alt, i) => ({
    altM: alt, speedMps: r1(Math.hypot(p.east[i], p.north[i])),
    fromDeg: r1((((Math.atan2(-p.east[i], -p.north[i]) * 180) / Math.PI) + 360) % 360),
  }));
  return { model: w.model, levels, gustSigmaMps: w.gustSigmaMps };
}

/** The static scene a replay carries for viewers and exporters (local metres, 0.1 m). */
export function staticLayersOf(world: World): StaticLayers {
  const sep = world.separation;
  return {
    name: world.name,
    origin: { lat: world.origin.lat, lon: world.origin.lon },
    bounds: { minX: r1(world.bounds.minX), minY: r1(world.bounds.minY), maxX: r1(world.bounds.maxX), maxY: r1(world.bounds.maxY) },
    startTimeS: world.startTimeS,
    classes: world.classes.map((c) => ({ name: c.name, maxMps: c.maxMps, cruiseAltM: c.cruiseAltM })),
    geofences: world.geofences.map((g) => ({ id: g.id, kind: g.kind, floorM: g.floorM, ceilingM: g.ceilingM, activeFromS: g.activeFromS, activeToS: g.activeToS, ring: flat(g.ring) })),
    vertiports: world.vertiports.map((v) => ({ id: v.id, name: v.name, kind: v.kind, x: r1(v.x), y: r1(v.y), pads: v.pads })),
    corridors: world.corridors.map((c) => ({ id: c.id, floorM: c.floorM, ceilingM: c.ceilingM, widthM: c.widthM, direction: c.direction, capacityPerHour: c.capacityPerHour, points: flat(c.points) })),
    roads: world.roads.map((r) => ({ id: r.id, lanes: r.lanes, speedMps: r.speedMps, points: flat(r.points) })),
    zones: world.zones.map((z) => ({ id: z.id, name: z.name, kind: z.kind, ring: flat(z.ring) })),
    flows: world.flows.map((f) => ({ name: f.name, cls: f.cls, from: f.fromId, to: f.toId })),
    params: { rpz: sep.rpz, hpz: sep.hpz, lookaheadS: sep.lookaheadS },
    // Calm air adds nothing, so calm replays keep their bytes.
    ...(world.wind.model !== 'none' ? { wind: windLayer(world) } : {}),
  };
}
