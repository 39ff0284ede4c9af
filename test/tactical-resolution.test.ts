import { describe, expect, it } from 'vitest';
import { TrafficState } from '../sim-core/deconfliction/tactical/traffic.ts';
import { DetectionResult } from '../sim-core/deconfliction/tactical/cpa.ts';
import { AllPairs } from '../sim-core/deconfliction/tactical/broadphase.ts';
import { RESOLVERS, ResolutionCommands, type ResolveParams } from '../sim-core/deconfliction/tactical/resolve/index.ts';
import { ResumeTracker } from '../sim-core/deconfliction/tactical/resume.ts';
import { compileWorld, Simulation } from '../sim-core/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';

const P: ResolveParams = {
  rpz: 50, hpz: 15, tlook: 60, margin: 1.05, maxSpeed: [20, 67, 20], priority: [0, 1, 0], altBand: [[25, 135], [25, 435], [0, 0]], climbMps: [5, 5, 0], descentMps: [3, 4, 0],
};
/** No room to change level: the horizontal rules alone. */
const FLAT: ResolveParams = { ...P, altBand: [[90, 90], [300, 300], [0, 0]] };
const deg = (d: number) => (d * Math.PI) / 180;

/** Aircraft as [id, cls, x, y, z, gs, trk°, target x, target y]. */
function picture(rows: [number, number, number, number, number, number, number, number?, number?][]) {
  const s = new TrafficState();
  for (const [id, cls, x, y, z, gs, trk, tx, ty] of rows) {
    const ivx = tx === undefined ? NaN : gs * Math.sin(deg(trk)), ivy = tx === undefined ? NaN : gs * Math.cos(deg(trk));
    s.push(id, id, cls, x, y, z, gs, deg(trk), 0, ivx, ivy, tx ?? NaN, ty ?? NaN);
  }
  const d = new DetectionResult();
  new AllPairs().detect(s, P, d);
  return { s, d };
}

function resolve(name: string, rows: Parameters<typeof picture>[0], params = FLAT) {
  const { s, d } = picture(rows);
  const out = new ResolutionCommands();
  RESOLVERS.get(name).resolve(s, d, params, out);
  return { s, d, out };
}

describe('rules of the air in the resolvers', () => {
  // Two drones in a corridor, same track, the second catching up from 60 m behind at 15 vs 10 m/s.
  const trail: Parameters<typeof picture>[0] = [[1, 0, 0, 60, 90, 10, 0], [2, 0, 0, 0, 90, 15, 0]];

  for (const name of ['mvp', 'vo']) {
    it(`${name}: same-direction stream is resolved by speed, the follower slows and does not turn`, () => {
      const { out, d } = resolve(name, trail);
      expect(d.conflicts).toBe(1);
      // The leader (index 0) keeps its plan horizontally.
      expect(out.vx[0] === 0 && out.vy[0] === 0 || out.vx[0] !== out.vx[0]).toBe(true);
      expect(Math.abs(out.vx[1])).toBeLessThan(1e-9); // no lateral component
      expect(out.vy[1]).toBeLessThan(15);
      expect(out.vy[1]).toBeGreaterThan(0);
    });

    it(`${name}: opposing streams head-on: both give way to their right, nobody speeds up`, () => {
      const { out } = resolve(name, [[1, 0, 0, 0, 90, 15, 0], [2, 0, 5, 600, 90, 15, 180]]);
      // Aircraft 1 flies north: its right is east (+x); aircraft 2 flies south: its right is west (−x).
      expect(out.vx[0]).toBeGreaterThan(0);
      expect(out.vx[1]).toBeLessThan(0);
      expect(Math.hypot(out.vx[0], out.vy[0])).toBeLessThanOrEqual(20 + 1e-9);
    });

    it(`${name}: a drone gives way to an eVTOL (class priority), the eVTOL keeps its plan`, () => {
      // The eVTOL flies east and reaches x = 1000 m in 20 s, just as the drone flying north gets there.
      const { out, d } = resolve(name, [[1, 1, 0, 0, 300, 50, 90], [2, 0, 1000, -300, 300, 15, 0]]);
      expect(d.conflicts).toBe(1);
      expect(out.active[0]).toBe(0);
      expect(out.active[1]).toBe(1);
    });
  }

  it('merging at one waypoint: the aircraft due later slows, the other keeps its route', () => {
    // Both fly to (0, 1000): one from the south-west (due in ~47 s), one from the south-east farther out.
    const bearing = (x: number, y: number) => (Math.atan2(-x, 1000 - y) * 180) / Math.PI;
    const { out, d } = resolve('mvp', [[1, 0, -500, 300, 90, 15, bearing(-500, 300), 0, 1000], [2, 0, 600, 360, 90, 15, bearing(600, 360), 0, 1000]]);
    expect(d.conflicts).toBe(1);
    expect(out.active[1]).toBe(1);
    expect(Math.hypot(out.vx[1], out.vy[1])).toBeLessThan(15);
    expect(out.active[0]).toBe(0);
  });

  for (const name of ['mvp', 'vo']) {
    it(`${name}: with room and time to change level, the pair separates vertically and nobody turns`, () => {
      const { out, s } = resolve(name, [[1, 0, 0, 0, 90, 15, 0], [2, 0, 5, 900, 90, 15, 180]], P);
      expect(out.vx[0]).toBeNaN();
      expect(out.vx[1]).toBeNaN();
      expect(Math.abs(out.alt[0] - out.alt[1])).toBeGreaterThanOrEqual(15);
      expect(Math.abs(out.alt[0] - s.z[0])).toBeLessThanOrEqual(15 * 1.05 + 1e-9);
    });
  }

  it('mvp-horizontal: with the same room and time, no level change: both turn right, clear of the zone at CPA', () => {
    const rows: Parameters<typeof picture>[0] = [[1, 0, 0, 0, 90, 15, 0], [2, 0, 5, 900, 90, 15, 180]];
    const { out, s } = resolve('mvp-horizontal', rows, P);
    expect(out.alt[0]).toBeNaN();
    expect(out.alt[1]).toBeNaN();
    expect(out.vx[0]).toBeGreaterThan(0);
    expect(out.vx[1]).toBeLessThan(0);
    // Flying the commanded velocities, the pair's closest approach is outside the protected zone.
    const dx = s.x[1] - s.x[0], dy = s.y[1] - s.y[0], du = out.vx[1] - out.vx[0], dv = out.vy[1] - out.vy[0];
    const t = -(dx * du + dy * dv) / (du * du + dv * dv);
    expect(Math.hypot(dx + du * t, dy + dv * t)).toBeGreaterThanOrEqual(50);
  });

  for (const name of ['mvp', 'mvp-horizontal']) {
    it(`${name}: two aircraft in the same place (one pad, one departure) are pushed apart, right of their track`, () => {
      // Flying north together: the first goes east, the second west. Hovering together: the same, by pair order.
      for (const [gs, params] of [[15, FLAT], [0, FLAT], [15, P]] as const) {
        const { out, d } = resolve(name, [[1, 0, 0, 0, 90, gs, 0], [2, 0, 0, 0, 90, gs, 0]], params);
        expect(d.conflicts).toBe(1);
        if (name === 'mvp' && gs > 0) {
          // mvp sequences a moving pair in trail (the one behind slows) or separates it vertically.
          expect(Math.min(out.vy[0], out.vy[1]) < 15 || out.alt[0] === out.alt[0] || out.alt[1] === out.alt[1]).toBe(true);
          continue;
        }
        expect(out.vx[0]).toBeGreaterThan(1);
        expect(out.vx[1]).toBeLessThan(-1);
      }
    });
  }

  it('vo: two aircraft hovering in the same place are sent opposite ways (east and west)', () => {
    const { out, d } = resolve('vo', [[1, 0, 0, 0, 90, 0, 0], [2, 0, 0, 0, 90, 0, 0]]);
    expect(d.conflicts).toBe(1);
    expect(out.vx[0]).toBeGreaterThan(0.5);
    expect(out.vx[1]).toBeLessThan(-0.5);
  });

  it('mvp-horizontal commands exactly what mvp does when no level is within reach', () => {
    // The head-on pair without room to change level (FLAT), and a crossing: MVP's horizontal part alone either way.
    for (const rows of [[[1, 0, 0, 0, 90, 15, 0], [2, 0, 5, 600, 90, 15, 180]], [[1, 0, 0, 0, 90, 15, 90], [2, 0, 450, -440, 90, 15, 0]]] as Parameters<typeof picture>[0][]) {
      const a = resolve('mvp', rows), b = resolve('mvp-horizontal', rows);
      expect(a.d.conflicts).toBe(1);
      expect(Array.from(b.out.vx.subarray(0, 2))).toEqual(Array.from(a.out.vx.subarray(0, 2)));
      expect(Array.from(b.out.vy.subarray(0, 2))).toEqual(Array.from(a.out.vy.subarray(0, 2)));
      expect(Array.from(b.out.active.subarray(0, 2))).toEqual(Array.from(a.out.active.subarray(0, 2)));
    }
  });

  it('vertical: equal drones split up and down by a protected half-height, within the band, keeping the route', () => {
    const { out, s } = resolve('vertical', [[1, 0, 0, 0, 90, 15, 0], [2, 0, 20, 400, 90, 15, 180]], P);
    expect(out.alt[0]).toBeCloseTo(s.z[1] - 15 * 1.05, 9);
    expect(out.alt[1]).toBeCloseTo(s.z[0] + 15 * 1.05, 9);
    expect(out.vx[0]).toBeNaN(); // no horizontal command
  });
});

describe('resume after resolution (past CPA, bouncing, no re-conflict)', () => {
  const track = (rows: Parameters<typeof picture>[0]) => {
    const { s } = picture(rows);
    const r = new ResumeTracker();
    r.add(s, 0, 1);
    const indexOfSlot = new Int32Array(8).fill(-1), idOfSlot = new Int32Array(8).fill(-1);
    for (let i = 0; i < s.n; i++) { indexOfSlot[s.slot[i]] = i; idOfSlot[s.slot[i]] = s.id[i]; }
    r.update(s, indexOfSlot, idOfSlot, P);
    return [r.held[1], r.held[2]];
  };
  it('keeps both while they are still closing', () => expect(track([[1, 0, 0, 0, 90, 15, 90], [2, 0, 800, 100, 90, 15, 270]])).toEqual([1, 1]));
  it('releases both once past CPA and diverging', () => expect(track([[1, 0, 0, 0, 90, 15, 180], [2, 0, 0, 200, 90, 15, 0]])).toEqual([0, 0]));
  it('keeps parallel close traffic (bouncing) in resolution', () => expect(track([[1, 0, 0, 0, 90, 15, 0], [2, 0, 50.5, 5, 90, 15, 2]])).toEqual([1, 1]));
  it('releases a pair that no longer closes or opens (no deadlock between slow aircraft)', () => expect(track([[1, 0, 0, 0, 90, 0.2, 0], [2, 0, 300, 0, 90, 0.2, 180]])).toEqual([0, 0]));
  it('holds a pair whose plans lead straight back into loss of separation', () => {
    // Past CPA on the resolution headings, but both intend to fly to (0, 200) now: straight back in.
    const { s } = picture([[1, 0, -60, 0, 90, 15, 270], [2, 0, 60, 0, 90, 15, 90]]);
    s.ivx[0] = 4; s.ivy[0] = 14; s.ivx[1] = -4; s.ivy[1] = 14;
    const r = new ResumeTracker();
    r.add(s, 0, 1);
    const map = Int32Array.from([-1, 0, 1, -1]), ids = Int32Array.from([-1, 1, 2, -1]);
    r.update(s, map, ids, P);
    expect([r.held[1], r.held[2]]).toEqual([1, 1]);
  });
  it('forgets a pair once a slot holds another aircraft (the resolved one landed, the slot was reused)', () => {
    const { s } = picture([[1, 0, 0, 0, 90, 15, 90], [2, 0, 800, 100, 90, 15, 270]]);
    const r = new ResumeTracker();
    r.add(s, 0, 1);
    const map = Int32Array.from([-1, 0, 1, -1]), ids = Int32Array.from([-1, 1, 2, -1]);
    r.update(s, map, ids, P);
    expect(r.size).toBe(1); // still closing: kept
    ids[2] = 7; // slot 2 now flies aircraft 7, on the same track
    s.id[1] = 7;
    r.update(s, map, ids, P);
    expect(r.size).toBe(0);
    expect([r.held[1], r.held[2]]).toEqual([0, 0]);
  });
});

describe('tactical resolution in the engine: safer than none, never stuck', () => {
  const run = (cr: string, overrides: string[], hours: number) => {
    const s = loadScenario('alatau', [...overrides, `tactical.resolver="${cr}"`]);
    const sim = new Simulation(compileWorld(s, 1), { record: false });
    sim.run(Math.round((hours * 3600) / s.params.dt));
    const t = sim.tactical.summary(), c = sim.classSummary();
    return { los: t.los, losTime: t.los_time_s, completed: c.map((x) => x.completed), overdue: c[0].overdue + c[1].overdue, airborne: c[1].airborne_end, skipped: t.resolution.skipped_conforming };
  };

  // Strategic off: eVTOL corridor streams in both directions, drone streams leaving hubs abreast.
  const off = ['airspace.strategic.enabled=false'];
  const none = run('none', off, 3), mvp = run('mvp', off, 3), vo = run('vo', off, 3);
  it('strategic off, 3 h: MVP and VO cut time in LoS at least 3× and complete as many trips as none', () => {
    expect(none.losTime).toBeGreaterThan(1000);
    for (const r of [mvp, vo]) {
      expect(r.losTime).toBeLessThan(none.losTime / 3);
      expect(r.los).toBeLessThanOrEqual(none.los);
      for (let c = 0; c < 2; c++) expect(r.completed[c]).toBeGreaterThanOrEqual(Math.floor(0.99 * none.completed[c]));
      expect(r.overdue).toBeLessThanOrEqual(none.overdue + 2);
    }
  });

  // The default (strategic on) for 6 h: the configuration that used to leave eVTOLs circling.
  const defNone = run('none', [], 6), defMvp = run('mvp', [], 6);
  it('default settings, 6 h: no overdue aircraft, LoS ≤ none, eVTOLs airborne at the end ≤ none', () => {
    expect(defMvp.overdue).toBe(0);
    expect(defMvp.los).toBeLessThanOrEqual(defNone.los);
    expect(defMvp.losTime).toBeLessThanOrEqual(defNone.losTime);
    expect(defMvp.airborne).toBeLessThanOrEqual(defNone.airborne);
    for (let c = 0; c < 2; c++) expect(defMvp.completed[c]).toBeGreaterThanOrEqual(Math.floor(0.99 * defNone.completed[c]));
    // Conflicts between aircraft on their deconflicted intents are recognised as false alarms.
    expect(defMvp.skipped).toBeGreaterThan(0);
  });
});
