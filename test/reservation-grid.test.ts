import { describe, expect, it } from 'vitest';
import { ReservationGrid } from '../sim-core/deconfliction/strategic/reservation-grid.ts';
import { VolumeList, VOL_STRIDE } from '../sim-core/deconfliction/strategic/volumes.ts';
import { PadBook, segmentDistance, segmentsCloserThan } from '../sim-core/deconfliction/strategic/intents.ts';
import { RngStreams } from '../sim-core/index.ts';

/**
 * The reservation grid against brute force over the same stored volumes: random volumes in a
 * 3 km square, queries at random shifts, expiry with slot reuse in between.
 */
const RPZ = 50;
interface Stored { trip: number; v: number[] }

function bruteUntil(stored: Stored[], trip: number, v: ArrayLike<number>, shift: number): number {
  let until = -Infinity;
  const t0 = v[6] + shift, t1 = v[7] + shift;
  for (const w of stored) {
    const [ax, ay, bx, by, zlo, zhi, wt0, wt1] = w.v;
    if (w.trip === trip || t0 >= wt1 || wt0 >= t1 || v[4] >= zhi || zlo >= v[5]) continue;
    if (segmentDistance(v[0], v[1], v[2], v[3], ax, ay, bx, by) < RPZ) until = Math.max(until, wt1 - v[6] - 1);
  }
  return until;
}

function randomVolume(u: () => number, t: number): number[] {
  const ax = u() * 3000, ay = u() * 3000, len = u() * 600, h = u() * Math.PI * 2, z = [30, 60, 90][Math.floor(u() * 3)];
  const t0 = t + Math.floor(u() * 200), t1 = t0 + 20 + Math.floor(u() * 80);
  return [ax, ay, ax + Math.sin(h) * len, ay + Math.cos(h) * len, z - 7.5, z + 7.5, t0, t1];
}

describe('reservation grid (deconfliction/strategic/reservation-grid.ts)', () => {
  it('answers blockedUntil and blockedSpans exactly as brute force, across expiry and slot reuse', () => {
    const u = new RngStreams(7).stream('grid-test');
    const grid = new ReservationGrid(RPZ, 250, 100);
    let stored: Stored[] = [];
    let blocked = 0;
    for (let round = 0; round < 40; round++) {
      const now = round * 50;
      for (let k = 0; k < 40; k++) {
        const trip = round * 100 + k, list = new VolumeList();
        const v = randomVolume(u, now);
        list.push(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
        grid.add(trip, list, 0);
        stored.push({ trip, v });
      }
      const q = new VolumeList();
      for (let k = 0; k < 20; k++) { const v = randomVolume(u, 0); q.push(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]); }
      for (let i = 0; i < q.n; i++) {
        const v = q.data.subarray(i * VOL_STRIDE, (i + 1) * VOL_STRIDE);
        for (const shift of [now, now + 37, now + 150]) {
          const want = bruteUntil(stored, -1, v, shift);
          expect(grid.blockedUntil(-1, q, i, shift)).toBe(want);
          if (want >= shift) blocked++;
        }
        // Spans over a window: a departure d in it is blocked exactly when brute force says so.
        const spans: number[] = [];
        grid.blockedSpans(-1, q, i, now, now + 120, spans);
        for (let d = now; d <= now + 120; d += 7) {
          let inSpan = false;
          for (let s = 0; s < spans.length; s += 2) if (spans[s] <= d && d <= spans[s + 1]) inSpan = true;
          expect(inSpan).toBe(bruteUntil(stored, -1, v, d) >= d);
        }
      }
      // Expire what ended 100 ticks ago; brute force forgets the same.
      grid.expire(now);
      stored = stored.filter((w) => w.v[7] >= now - 100);
      expect(grid.count).toBe(stored.length);
    }
    expect(blocked).toBeGreaterThan(100);
  });

  it('segmentsCloserThan answers segmentDistance < r, at random and right at the boundary', () => {
    const u = new RngStreams(11).stream('segments');
    let near = 0;
    for (let k = 0; k < 20000; k++) {
      const p = Array.from({ length: 8 }, () => u() * 400);
      const d = segmentDistance(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
      // r drawn around d, and exactly d and its neighbouring doubles: the squared shortcut must defer there.
      const rs = [u() * 200, d, d * (1 + 2 ** -52), d * (1 - 2 ** -52), d + 1e-9];
      for (const r of rs) {
        expect(segmentsCloserThan(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], r)).toBe(d < r);
        if (Math.abs(d - r) < 1e-6) near++;
      }
    }
    expect(near).toBeGreaterThan(40000);
    // Crossing segments: distance 0.
    expect(segmentsCloserThan(0, 0, 10, 10, 0, 10, 10, 0, 1e-12)).toBe(true);
    expect(segmentsCloserThan(0, 0, 10, 10, 0, 10, 10, 0, 0)).toBe(false);
  });

  it('a volume of the asking trip never blocks it', () => {
    const grid = new ReservationGrid(RPZ, 250, 100), l = new VolumeList();
    l.push(0, 0, 100, 0, 80, 100, 0, 10);
    grid.add(5, l, 0);
    expect(grid.blockedUntil(5, l, 0, 0)).toBe(-Infinity);
    expect(grid.blockedUntil(6, l, 0, 0)).toBe(9);
  });
});

describe('pad book (deconfliction/strategic/intents.ts)', () => {
  it('nextFreeShift is the first shift at which findFree finds a pad', () => {
    const u = new RngStreams(3).stream('pads');
    const pads = new PadBook([3]);
    for (let k = 0; k < 60; k++) {
      const from = Math.floor(u() * 2000), to = from + 10 + Math.floor(u() * 60);
      const p = pads.findFree(0, from, to);
      if (p >= 0) pads.book(0, p, from, to);
    }
    for (let k = 0; k < 200; k++) {
      const from = Math.floor(u() * 2000), to = from + 10 + Math.floor(u() * 90);
      let s = 0;
      while (pads.findFree(0, from + s, to + s) < 0) s++;
      expect(pads.nextFreeShift(0, from, to)).toBe(s);
    }
  });
});
