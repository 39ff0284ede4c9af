import { RngStreams, type Uniform } from '../sim-core/world/rng.ts';

/**
 * Traffic snapshots (the `detect --snapshot` format) for the BlueSky parity test and bench: a
 * drone swarm over Alatau, eVTOL traffic over the metro area, airliners at high latitude (where
 * the flat earth and the ellipsoid differ most) and pairs placed on the edge of conflict at 1–2 km
 * (where the two earth models can disagree). Seeded, so every run sees the same files.
 */
export interface SnapshotAircraft { id: number; lat: number; lon: number; alt_m: number; gs_mps: number; trk_deg: number; vs_mps: number }
export interface ParitySnapshot {
  name: string;
  rpz: number;
  hpz: number;
  tlook: number;
  aircraft: SnapshotAircraft[];
}

const M_PER_DEG_LAT = 111_132;
const mPerDegLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

function cloud(u: Uniform, n: number, lat0: number, lon0: number, halfM: number, alt: () => number, gs: () => number, vs: () => number, idFrom = 0): SnapshotAircraft[] {
  return Array.from({ length: n }, (_, k) => ({
    id: idFrom + k,
    lat: lat0 + ((u() * 2 - 1) * halfM) / M_PER_DEG_LAT,
    lon: lon0 + ((u() * 2 - 1) * halfM) / mPerDegLon(lat0),
    alt_m: alt(), gs_mps: gs(), trk_deg: u() * 360, vs_mps: vs(),
  }));
}

/** Pairs that cross with a miss distance of rpz ± 3 % at 1–2 km: borderline for any earth model. */
function borderline(u: Uniform, pairs: number, lat0: number, lon0: number, rpz: number): SnapshotAircraft[] {
  const out: SnapshotAircraft[] = [];
  for (let k = 0; k < pairs; k++) {
    const cx = (u() * 2 - 1) * 20_000, cy = (u() * 2 - 1) * 20_000, alt = 100;
    const range = 1000 + u() * 1000, gs = 15 + u() * 10, t1 = u() * 360, cross = 30 + u() * 120;
    const miss = rpz * (0.97 + 0.06 * u());
    // Aircraft A flies t1 through the crossing point; B flies t1 + cross, offset sideways by the miss distance.
    const a1 = (t1 * Math.PI) / 180, a2 = ((t1 + cross) * Math.PI) / 180, tmeet = range / gs;
    const ax = cx - Math.sin(a1) * gs * tmeet, ay = cy - Math.cos(a1) * gs * tmeet;
    const bx = cx - Math.sin(a2) * gs * tmeet + Math.cos(a2) * miss, by = cy - Math.cos(a2) * gs * tmeet - Math.sin(a2) * miss;
    const at = (x: number, y: number) => ({ lat: lat0 + y / M_PER_DEG_LAT, lon: lon0 + x / mPerDegLon(lat0) });
    out.push({ id: 2 * k, ...at(ax, ay), alt_m: alt, gs_mps: gs, trk_deg: t1 % 360, vs_mps: 0 });
    out.push({ id: 2 * k + 1, ...at(bx, by), alt_m: alt, gs_mps: gs, trk_deg: (t1 + cross) % 360, vs_mps: 0 });
  }
  return out;
}

/** The snapshots, scaled by `size` (1: the test's; the bench uses more aircraft). */
export function paritySnapshots(size = 1, seed = 1): ParitySnapshot[] {
  const rng = new RngStreams(seed);
  const u1 = rng.stream('parity:drones'), u2 = rng.stream('parity:evtol'), u3 = rng.stream('parity:airliners'), u4 = rng.stream('parity:borderline');
  const layer = (u: Uniform, base: number, step: number, count: number) => () => base + step * Math.floor(u() * count) + (u() - 0.5) * 6;
  return [
    { name: 'drones over Alatau (rpz 50 m, hpz 15 m, 60 s)', rpz: 50, hpz: 15, tlook: 60,
      aircraft: cloud(u1, Math.round(600 * size), 43.6, 77.05, 2000, layer(u1, 60, 30, 3), () => 8 + u1() * 17, () => (u1() < 0.2 ? (u1() - 0.5) * 6 : 0)) },
    { name: 'eVTOLs over the metro area (rpz 150 m, hpz 30 m, 120 s)', rpz: 150, hpz: 30, tlook: 120,
      aircraft: cloud(u2, Math.round(300 * size), 43.5, 77.0, 15_000, layer(u2, 300, 60, 4), () => 40 + u2() * 30, () => (u2() < 0.3 ? (u2() - 0.5) * 8 : 0)) },
    { name: 'airliners at 60° N (5 nm, 1,000 ft, 300 s)', rpz: 9260, hpz: 304.8, tlook: 300,
      aircraft: cloud(u3, Math.round(300 * size), 60, 10, 150_000, layer(u3, 9000, 304.8, 10), () => 200 + u3() * 50, () => (u3() < 0.2 ? (u3() - 0.5) * 20 : 0)) },
    { name: 'borderline crossings at 1–2 km (rpz 50 m)', rpz: 50, hpz: 15, tlook: 200,
      aircraft: borderline(u4, Math.round(200 * size), 43.6, 77.05, 50) },
  ];
}
