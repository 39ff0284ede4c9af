import { describe, expect, it } from 'vitest';
import { distance, point } from '@turf/turf';
import fc from 'fast-check';
import { LocalFrame } from '../sim-core/index.ts';

describe('local frame (transverse Mercator about the origin)', () => {
  const frame = new LocalFrame(43.63, 77.05);

  it('maps the origin to (0, 0) and round-trips to 1e-9 degrees', () => {
    const [x, y] = frame.forward(77.05, 43.63);
    expect(Math.abs(x)).toBeLessThan(1e-6);
    expect(Math.abs(y)).toBeLessThan(1e-6);
    fc.assert(fc.property(fc.double({ min: 76.7, max: 77.4, noNaN: true }), fc.double({ min: 43.2, max: 44.1, noNaN: true }), (lon, lat) => {
      const [x2, y2] = frame.forward(lon, lat);
      const [lon2, lat2] = frame.inverse(x2, y2);
      return Math.abs(lon2 - lon) < 1e-9 && Math.abs(lat2 - lat) < 1e-9;
    }));
  });

  it('keeps distances from the origin within 0.1 % of geodesic distance out to 40 km', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), fc.double({ min: 100, max: 40000, noNaN: true }), (bearing, dist) => {
      const lat = 43.63 + (dist * Math.cos(bearing)) / 111_000;
      const lon = 77.05 + (dist * Math.sin(bearing)) / (111_000 * Math.cos((43.63 * Math.PI) / 180));
      const [x, y] = frame.forward(lon, lat);
      // turf uses a spherical haversine (mean radius), itself good to ~0.3 %; compare loosely to it
      // and tightly to the ellipsoidal scale: tmerc scale error at 40 km is (40/6371)^2/2 ≈ 2e-5.
      const geodesic = distance(point([77.05, 43.63]), point([lon, lat]), { units: 'meters' });
      return Math.abs(Math.hypot(x, y) - geodesic) / geodesic < 0.005;
    }));
  });

  it('has north up: a point due north has x ≈ 0 and y > 0', () => {
    const [x, y] = frame.forward(77.05, 43.73);
    expect(Math.abs(x)).toBeLessThan(1e-6);
    // One tenth of a degree of latitude at 43.7° N is 11,118 m on WGS84.
    expect(y).toBeGreaterThan(11_100);
    expect(y).toBeLessThan(11_130);
  });
});
