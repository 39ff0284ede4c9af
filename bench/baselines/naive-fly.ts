import { RngStreams } from '../../sim-core/index.ts';

/**
 * Naive baseline for the engine benchmark: the same waypoint-following control law as
 * Simulation.fly (turn-rate-limited track, braking speed target, vertical P-controller), written
 * the "obvious" way: one object per agent, vector objects allocated every tick, routes as arrays
 * of point objects. Used only to give the engine's figures a ratio.
 */
interface Vec3 { x: number; y: number; z: number }
interface NaiveAgent { pos: Vec3; trk: number; gs: number; vz: number; route: Vec3[]; wp: number }

const C = { cruise: 15, max: 20, climb: 5, descent: 3, accel: 3, vaccel: 2, turn: Math.PI / 2 };
const sub = (a: Vec3, b: Vec3): Vec3 => ({ x: a.x - b.x, y: a.y - b.y, z: a.z - b.z });
const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));

export function makeNaiveAgents(n: number, seed: number): NaiveAgent[] {
  const u = new RngStreams(seed).stream('naive');
  return Array.from({ length: n }, () => {
    const o = { x: (u() - 0.5) * 20000, y: (u() - 0.5) * 20000, z: 0 };
    const d = { x: o.x + (u() - 0.5) * 8000, y: o.y + (u() - 0.5) * 8000, z: 0 };
    return { pos: { ...o }, trk: 0, gs: 0, vz: 0, route: [o, { ...o, z: 90 }, { ...d, z: 90 }, d], wp: 1 };
  });
}

export function naiveStep(agents: NaiveAgent[], dt: number): void {
  for (const a of agents) {
    const t = a.route[a.wp];
    const d = sub(t, a.pos);
    const dH = Math.hypot(d.x, d.y);
    let target = 0;
    if (dH > 0.01) {
      const bearing = Math.atan2(d.x, d.y);
      a.trk = a.gs < 0.5 ? bearing : wrap(a.trk + Math.max(-C.turn * dt, Math.min(C.turn * dt, wrap(bearing - a.trk))));
      const cosErr = Math.cos(wrap(bearing - a.trk));
      if (cosErr > 0) target = Math.min(C.cruise, Math.sqrt(2 * C.accel * dH)) * cosErr;
    }
    a.gs = Math.min(C.max, Math.max(0, a.gs + Math.max(-C.accel * dt, Math.min(C.accel * dt, target - a.gs))));
    const stop = Math.sqrt(2 * C.vaccel * Math.abs(d.z));
    const vzt = Math.max(-C.descent, Math.min(C.climb, Math.max(-stop, Math.min(stop, d.z))));
    a.vz = Math.max(-C.descent, Math.min(C.climb, a.vz + Math.max(-C.vaccel * dt, Math.min(C.vaccel * dt, vzt - a.vz))));
    const step = a.gs * dt;
    const next: Vec3 = step >= dH ? { x: t.x, y: t.y, z: a.pos.z } : { x: a.pos.x + Math.sin(a.trk) * step, y: a.pos.y + Math.cos(a.trk) * step, z: a.pos.z };
    next.z = Math.abs(t.z - next.z) <= Math.abs(a.vz * dt) ? t.z : next.z + a.vz * dt;
    a.pos = next;
    if (step >= dH && Math.abs(t.z - a.pos.z) < 0.05) {
      // Fly the route back so every agent stays active, like a steady-state population.
      if (++a.wp >= a.route.length) {
        a.route = [...a.route].reverse();
        a.wp = 1;
      }
    }
  }
}
