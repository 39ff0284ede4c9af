import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TrafficState } from '../sim-core/deconfliction/tactical/traffic.ts';
import { DetectionResult, detectPair } from '../sim-core/deconfliction/tactical/cpa.ts';
import { AllPairs, RBushBroadPhase, UniformGrid } from '../sim-core/deconfliction/tactical/broadphase.ts';
import { SlicedGrid } from '../sim-core/deconfliction/tactical/sliced-grid.ts';
import { LocalFrame } from '../sim-core/index.ts';
import { runAlatau } from './helpers/sim.ts';

const P = { rpz: 50, hpz: 15, tlook: 60 };
const pairsOf = (r: DetectionResult, s: TrafficState) => {
  const c = Array.from({ length: r.conflicts }, (_, k) => `${Math.min(s.id[r.a[k]], s.id[r.b[k]])}-${Math.max(s.id[r.a[k]], s.id[r.b[k]])}:${r.tcpa[k].toFixed(6)}:${r.tin[k].toFixed(6)}`).sort();
  const l = Array.from({ length: r.los }, (_, k) => `${Math.min(s.id[r.losA[k]], s.id[r.losB[k]])}-${Math.max(s.id[r.losA[k]], s.id[r.losB[k]])}`).sort();
  return { c, l };
};

// Aircraft: random, plus edge cases: a parallel twin, a hovering twin, a vertical-only twin.
const aircraftArb = fc.record({
  x: fc.double({ min: -3000, max: 3000, noNaN: true }), y: fc.double({ min: -3000, max: 3000, noNaN: true }), z: fc.double({ min: 0, max: 150, noNaN: true }),
  gs: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 25, noNaN: true })), trk: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
  vs: fc.oneof(fc.constant(0), fc.double({ min: -5, max: 5, noNaN: true })), twin: fc.constantFrom('none', 'parallel', 'hover', 'vertical'),
});

function build(list: { x: number; y: number; z: number; gs: number; trk: number; vs: number; twin: string }[]): TrafficState {
  const s = new TrafficState();
  let id = 0;
  for (const a of list) {
    s.push(id++, -1, 0, a.x, a.y, a.z, a.gs, a.trk, a.vs);
    if (a.twin === 'parallel') s.push(id++, -1, 0, a.x + 30 * Math.cos(a.trk), a.y - 30 * Math.sin(a.trk), a.z, a.gs, a.trk, a.vs);
    if (a.twin === 'hover') s.push(id++, -1, 0, a.x + 20, a.y, a.z + 5, 0, 0, 0);
    if (a.twin === 'vertical') s.push(id++, -1, 0, a.x, a.y, a.z + 40, 0, 0, -3);
  }
  return s;
}

describe('tactical conflict detection', () => {
  it('sliced-grid, grid and rbush broad phases find exactly the all-pairs oracle\'s conflicts and LoS, in the same row order', () => {
    const rows = (r: DetectionResult) => [[...r.a.subarray(0, r.conflicts)], [...r.b.subarray(0, r.conflicts)], [...r.tcpa.subarray(0, r.conflicts)],
      [...r.dcpa.subarray(0, r.conflicts)], [...r.losA.subarray(0, r.los)], [...r.losB.subarray(0, r.los)]];
    fc.assert(fc.property(fc.array(aircraftArb, { minLength: 0, maxLength: 120 }), (list) => {
      const s = build(list);
      const oracle = new DetectionResult(), grid = new DetectionResult(), rb = new DetectionResult(), sliced = new DetectionResult(), sliced1 = new DetectionResult(), sliced3 = new DetectionResult();
      new AllPairs().detect(s, P, oracle);
      new UniformGrid().detect(s, P, grid);
      new RBushBroadPhase().detect(s, P, rb);
      new SlicedGrid(4).detect(s, P, sliced);
      new SlicedGrid(1).detect(s, P, sliced1);
      new SlicedGrid(3).detect(s, P, sliced3);
      const o = pairsOf(oracle, s);
      expect(pairsOf(grid, s)).toEqual(o);
      expect(pairsOf(rb, s)).toEqual(o);
      // Pair order whatever the broad phase: consumers sum over conflicts in this order.
      for (const r of [grid, rb, sliced, sliced1, sliced3]) expect(rows(r)).toEqual(rows(oracle));
    }), { numRuns: 300 });
  });

  it('sliced grid on one or two levels (cells sorted by x, not altitude) finds exactly the oracle\'s rows', () => {
    const levelArb = fc.record({
      x: fc.double({ min: -1500, max: 1500, noNaN: true }), y: fc.double({ min: -1500, max: 1500, noNaN: true }), z: fc.constantFrom(90, 90, 90, 105),
      gs: fc.double({ min: 0, max: 25, noNaN: true }), trk: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
      vs: fc.constantFrom(0, 0, 0, 0, 2), twin: fc.constantFrom('none', 'none', 'parallel', 'hover'),
    });
    const axes = new Set<string>();
    fc.assert(fc.property(fc.array(levelArb, { minLength: 2, maxLength: 150 }), (list) => {
      const s = build(list);
      const oracle = new DetectionResult();
      new AllPairs().detect(s, P, oracle);
      for (const slices of [1, 2, 3]) {
        const g = new SlicedGrid(slices), r = new DetectionResult();
        g.detect(s, P, r);
        axes.add(g.sortAxis);
        expect(pairsOf(r, s)).toEqual(pairsOf(oracle, s));
        expect([...r.a.subarray(0, r.conflicts)]).toEqual([...oracle.a.subarray(0, oracle.conflicts)]);
        expect([...r.b.subarray(0, r.conflicts)]).toEqual([...oracle.b.subarray(0, oracle.conflicts)]);
      }
    }), { numRuns: 200, seed: 20261207 });
    // Both orders ran (a one-level picture sorts by x; the odd spread one by altitude). A fixed
    // seed: with a fresh one each run, 200 pictures sometimes held no altitude-sorted one and the
    // test failed at random (a CI run on 2026-12-07).
    expect([...axes].sort()).toEqual(['x', 'z']);
  });

  it('head-on pair: tcpa, dcpa, tin and tout as BlueSky defines them', () => {
    const s = new TrafficState();
    s.push(0, -1, 0, 0, 0, 100, 10, Math.PI / 2, 0); // east at 10 m/s
    s.push(1, -1, 0, 1000, 30, 100, 10, -Math.PI / 2, 0); // west at 10 m/s, 30 m north
    const r = new DetectionResult();
    detectPair(s, 0, 1, P, r);
    expect(r.conflicts).toBe(1);
    expect(r.tcpa[0]).toBeCloseTo(50, 9);
    expect(r.dcpa[0]).toBeCloseTo(30, 9);
    // Horizontal intrusion: ±sqrt(50² − 30²) / 20 = ±2 s around tcpa.
    expect(r.tin[0]).toBeCloseTo(48, 9);
    expect(r.tout[0]).toBeCloseTo(52, 9);
  });

  it('edge cases: parallel tracks, zero relative speed, vertical-only', () => {
    const one = (a: number[], b: number[]) => {
      const s = new TrafficState();
      s.push(0, -1, 0, a[0], a[1], a[2], a[3], a[4], a[5]);
      s.push(1, -1, 0, b[0], b[1], b[2], b[3], b[4], b[5]);
      const r = new DetectionResult();
      detectPair(s, 0, 1, P, r);
      return r;
    };
    // Same velocity, 40 m apart: permanent conflict and LoS (zero relative speed).
    let r = one([0, 0, 100, 15, 0, 0], [40, 0, 100, 15, 0, 0]);
    expect([r.conflicts, r.los]).toEqual([1, 1]);
    // Same velocity, 60 m apart: never.
    r = one([0, 0, 100, 15, 0, 0], [60, 0, 100, 15, 0, 0]);
    expect([r.conflicts, r.los]).toEqual([0, 0]);
    // Vertical only: one hovering 40 m above, descending at 2 m/s: enters hpz after (40 − 15)/2 = 12.5 s.
    r = one([0, 0, 100, 0, 0, 0], [0, 0, 140, 0, 0, -2]);
    expect(r.conflicts).toBe(1);
    expect(r.tin[0]).toBeCloseTo(12.5, 6);
    // Vertical only but beyond the lookahead: 200 m above at 2 m/s.
    r = one([0, 0, 100, 0, 0, 0], [0, 0, 300, 0, 0, -2]);
    expect(r.conflicts).toBe(0);
  });

  it('projects snapshots within 0.1 % of the ellipsoidal distance at 10 km', () => {
    // Reference: Vincenty's inverse formula on WGS84.
    const vincenty = (lat1: number, lon1: number, lat2: number, lon2: number) => {
      const a = 6378137, f = 1 / 298.257223563, b = a * (1 - f), rad = Math.PI / 180;
      const L = (lon2 - lon1) * rad, U1 = Math.atan((1 - f) * Math.tan(lat1 * rad)), U2 = Math.atan((1 - f) * Math.tan(lat2 * rad));
      let lambda = L, sinS = 0, cosS = 0, sigma = 0, cos2a = 0, cos2sm = 0;
      for (let k = 0; k < 200; k++) {
        const sl = Math.sin(lambda), cl = Math.cos(lambda);
        sinS = Math.hypot(Math.cos(U2) * sl, Math.cos(U1) * Math.sin(U2) - Math.sin(U1) * Math.cos(U2) * cl);
        cosS = Math.sin(U1) * Math.sin(U2) + Math.cos(U1) * Math.cos(U2) * cl;
        sigma = Math.atan2(sinS, cosS);
        const sina = (Math.cos(U1) * Math.cos(U2) * sl) / sinS;
        cos2a = 1 - sina * sina;
        cos2sm = cos2a ? cosS - (2 * Math.sin(U1) * Math.sin(U2)) / cos2a : 0;
        const C = (f / 16) * cos2a * (4 + f * (4 - 3 * cos2a));
        const prev = lambda;
        lambda = L + (1 - C) * f * sina * (sigma + C * sinS * (cos2sm + C * cosS * (-1 + 2 * cos2sm * cos2sm)));
        if (Math.abs(lambda - prev) < 1e-13) break;
      }
      const u2 = (cos2a * (a * a - b * b)) / (b * b);
      const A = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2))), B = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
      const dS = B * sinS * (cos2sm + (B / 4) * (cosS * (-1 + 2 * cos2sm * cos2sm) - (B / 6) * cos2sm * (-3 + 4 * sinS * sinS) * (-3 + 4 * cos2sm * cos2sm)));
      return b * A * (sigma - dS);
    };
    const frame = new LocalFrame(43.6, 77.0);
    for (let k = 0; k < 16; k++) {
      const brg = (k / 16) * 2 * Math.PI;
      const lat = 43.6 + (10000 * Math.cos(brg)) / 111_100, lon = 77.0 + (10000 * Math.sin(brg)) / (111_100 * Math.cos(43.6 * Math.PI / 180));
      // Two points 5 km either side of the centre: the worst case for a frame about the centre.
      const [x1, y1] = frame.forward(77.0 - (lon - 77.0) / 2, 43.6 - (lat - 43.6) / 2), [x2, y2] = frame.forward(77.0 + (lon - 77.0) / 2, 43.6 + (lat - 43.6) / 2);
      const d = Math.hypot(x2 - x1, y2 - y1), ref = vincenty(43.6 - (lat - 43.6) / 2, 77.0 - (lon - 77.0) / 2, 43.6 + (lat - 43.6) / 2, 77.0 + (lon - 77.0) / 2);
      expect(Math.abs(d - ref) / ref).toBeLessThan(0.001);
    }
  });
});

describe("detection on BlueSky's flat earth (earth: 'bluesky')", () => {
  const geoArb = fc.record({
    lat0: fc.constantFrom(0, 43.6, 60, -70), spanKm: fc.constantFrom(3, 60, 300), n: fc.integer({ min: 2, max: 80 }), seed: fc.integer({ min: 1, max: 1e6 }),
  });
  it('every broad phase finds exactly the all-pairs oracle\'s rows although boxes are in the local frame (the flat-earth margin)', () => {
    fc.assert(fc.property(geoArb, ({ lat0, spanKm, n, seed }) => {
      let q = seed;
      const u = () => ((q = (q * 48271) % 2147483647) / 2147483647);
      const frame = new LocalFrame(lat0, 20);
      const s = new TrafficState();
      s.frameLon = 20;
      const half = spanKm * 500, speed = spanKm > 60 ? 250 : 25;
      const p = { rpz: spanKm > 60 ? 9260 : 50, hpz: spanKm > 60 ? 300 : 15, tlook: spanKm > 60 ? 300 : 60, earth: 'bluesky' as const };
      for (let k = 0; k < n; k++) {
        const x = (u() * 2 - 1) * half, y = (u() * 2 - 1) * half;
        s.push(k, -1, 0, x, y, 100 + u() * 20, u() * speed, u() * 2 * Math.PI, 0);
        const [lon, lat] = frame.inverse(x, y);
        s.setLatLon(k, lat, lon);
      }
      const oracle = new DetectionResult();
      new AllPairs().detect(s, p, oracle);
      for (const bp of [new UniformGrid(), new RBushBroadPhase(), new SlicedGrid(4), new SlicedGrid(1)]) {
        const r = new DetectionResult();
        bp.detect(s, p, r);
        expect(pairsOf(r, s)).toEqual(pairsOf(oracle, s));
      }
    }), { numRuns: 150 });
  });

  it("the README's worked example: 1.5 km apart at 43.6° N, 3.5 m of dcpa between the two earths flips the pair", () => {
    const frame = new LocalFrame(43.6, 77.05);
    const s = new TrafficState();
    // A flies north at 20 m/s; B, 1,500 m east and 1,429.3 m north, flies west: a local miss of exactly 50 m.
    const bx = 1500, by = 1500 - 50 * Math.SQRT2;
    s.push(0, -1, 0, 0, 0, 100, 20, 0, 0); s.setLatLon(0, 43.6, 77.05);
    s.push(1, -1, 0, bx, by, 100, 20, -Math.PI / 2, 0);
    const [lon, lat] = frame.inverse(bx, by);
    s.setLatLon(1, lat, lon);
    const local = new DetectionResult(), flat = new DetectionResult();
    detectPair(s, 0, 1, { rpz: 50, hpz: 15, tlook: 120 }, local);
    detectPair(s, 0, 1, { rpz: 50, hpz: 15, tlook: 120, earth: 'bluesky' }, flat);
    expect(local.conflicts).toBe(0);
    expect(flat.conflicts).toBe(1);
    expect(flat.dcpa[0]).toBeCloseTo(46.53, 2);
    expect(flat.tcpa[0]).toBeCloseTo(73.16, 2);
  });
});

describe("an Alatau run with tactical.earth = 'bluesky'", () => {
  it('detects on the flat earth from the engine picture, deterministically, and differs from the local frame', () => {
    const over = ['airspace.strategic.enabled=false', 'demand.scale=3'];
    const a = runAlatau(4, 1200, [...over, 'tactical.earth="bluesky"'], false), b = runAlatau(4, 1200, [...over, 'tactical.earth="bluesky"'], false);
    const local = runAlatau(4, 1200, over, false);
    expect(a.stateHash()).toBe(b.stateHash());
    expect(a.tactical.summary().conflicts).toBeGreaterThan(10);
    expect(a.stateHash()).not.toBe(local.stateHash());
  });
});
