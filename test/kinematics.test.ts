import { describe, expect, it } from 'vitest';
import { CLASS_GROUND, compileWorld, HOVER_YAW_MPS, PHASE_FREE, PHASE_TURNAROUND, Simulation } from '../sim-core/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';

const EPS = 1e-9;

describe('kinematics invariants on the Alatau run', () => {
  // Demand doubled and strategic deconfliction off, so pads fill up and holding is exercised too.
  const scenario = loadScenario('alatau', ['demand.scale=2', 'airspace.strategic.enabled=false']);
  const world = compileWorld(scenario, 3);
  const sim = new Simulation(world, { record: false });
  const a = sim.agents;
  const ticks = Math.round(2400 / world.dt);
  const violations: string[] = [];
  let arrivals = 0;
  let checkedTurns = 0;
  let checkedWaypoints = 0, staleWaypoints = 0;
  const prevTrk = new Float64Array(1 << 16);
  const prevGs = new Float64Array(1 << 16);
  const prevId = new Int32Array(1 << 16).fill(-1);
  const note = (msg: string) => violations.length < 20 && violations.push(msg);

  let routesBefore: (Float64Array | null)[] = [];
  for (let t = 0; t < ticks; t++) {
    routesBefore = sim.routes.slice();
    sim.step();
    for (let s = 0; s < a.highWater; s++) {
      const id = a.id[s];
      const justArrived = a.arriveTick[s] === sim.tick - 1;
      if (a.phase[s] === PHASE_FREE && !justArrived) continue;
      const c = world.classes[a.cls[s]];
      for (const [name, v] of [['x', a.x[s]], ['y', a.y[s]], ['z', a.z[s]], ['gs', a.gs[s]], ['vz', a.vz[s]], ['trk', a.trk[s]]] as const) {
        if (!Number.isFinite(v)) note(`tick ${sim.tick} agent ${id}: ${name} is ${v}`);
      }
      if (a.gs[s] > c.maxMps + EPS || a.gs[s] < 0) note(`tick ${sim.tick} agent ${id}: ground speed ${a.gs[s]} outside [0, ${c.maxMps}]`);
      if (a.z[s] < 0) note(`tick ${sim.tick} agent ${id}: below ground z=${a.z[s]}`);
      if (a.cls[s] !== CLASS_GROUND) {
        if (a.vz[s] > c.climbMps + EPS || a.vz[s] < -c.descentMps - EPS) note(`tick ${sim.tick} agent ${id}: vertical speed ${a.vz[s]}`);
        if (prevId[s] === id && prevGs[s] >= HOVER_YAW_MPS && a.gs[s] >= HOVER_YAW_MPS) {
          let d = Math.abs(a.trk[s] - prevTrk[s]);
          if (d > Math.PI) d = 2 * Math.PI - d;
          if (d > c.turnRateRps * world.dt + 1e-9) note(`tick ${sim.tick} agent ${id}: turned ${d} rad in one tick`);
          checkedTurns++;
        }
      } else if (a.z[s] !== 0) note(`tick ${sim.tick} ground agent ${id} left the ground`);
      // The active-waypoint columns are a copy of route[wpIdx] (setActiveWaypoint): flight reads only them.
      const route = sim.routes[s];
      if (route && a.phase[s] !== PHASE_FREE) {
        const p = a.wpIdx[s] * 5;
        const copy = [a.wpX[s], a.wpY[s], a.wpZ[s], a.wpVleg[s], a.wpVpass[s]], want = Array.from(route.subarray(p, p + 5));
        if (copy.some((v, k) => v !== want[k])) { note(`tick ${sim.tick} agent ${id}: active waypoint ${copy} is not route[${a.wpIdx[s]}] ${want}`); staleWaypoints++; }
        checkedWaypoints++;
      }
      if (justArrived) {
        arrivals++;
        const last = (a.wpCount[s] - 1) * 5;
        const w = routesBefore[s] ?? sim.routes[s]!;
        const dist = Math.hypot(a.x[s] - w[last], a.y[s] - w[last + 1], a.z[s] - w[last + 2]);
        // Ground shuttles on the lane-level network stop at the kerb: the stop line of their last
        // link, at most half a junction box and a lane offset from the node.
        const net = sim.ground?.net;
        const tolerance = a.cls[s] === CLASS_GROUND && net ? Math.hypot(Math.max(...net.boxHalf), Math.max(...net.linkLanes) * 3.5) + 1e-6 : 1e-6;
        if (dist > tolerance) note(`agent ${id} completed ${dist} m from its destination`);
        const vp = a.destVertiport[s];
        if (vp >= 0 && a.cls[s] !== CLASS_GROUND) {
          const v = world.vertiports[vp];
          if (Math.hypot(a.x[s] - v.x, a.y[s] - v.y) > 1e-6 || a.z[s] !== 0) note(`agent ${id} landed off vertiport ${v.id}`);
          if (a.phase[s] !== PHASE_TURNAROUND) note(`agent ${id} landed without a pad`);
        }
      }
      prevTrk[s] = a.trk[s];
      prevGs[s] = a.gs[s];
      prevId[s] = id;
    }
  }

  it('keeps every state finite and within the class envelope, and ends trips at their destination', () => {
    expect(violations).toEqual([]);
    expect(arrivals).toBeGreaterThan(1000);
    expect(checkedTurns).toBeGreaterThan(10000);
    expect(checkedWaypoints).toBeGreaterThan(10000);
    expect(staleWaypoints).toBe(0);
  });

  it('completes trips of every class and exercises pad holding', () => {
    for (let c = 0; c < 3; c++) expect(sim.metrics.completed[c]).toBeGreaterThan(10);
    expect(sim.metrics.holds[0] + sim.metrics.holds[1]).toBeGreaterThan(0);
  });

  it('never has more agents landed at a vertiport than it has pads', () => {
    for (let v = 0; v < world.vertiports.length; v++) {
      let landed = 0;
      for (let s = 0; s < a.highWater; s++) if (a.phase[s] === PHASE_TURNAROUND && a.destVertiport[s] === v) landed++;
      expect(landed).toBeLessThanOrEqual(world.vertiports[v].pads);
    }
  });

  it('reports plausible per-class figures', () => {
    const rows = sim.classSummary();
    const drone = rows[0];
    // A 6 kg multirotor at 15 m/s draws ~0.6-1 kW: of the order of 10-25 Wh per km.
    expect(drone.energy_kwh_per_km).toBeGreaterThan(0.008);
    expect(drone.energy_kwh_per_km).toBeLessThan(0.03);
    // Mean drone trip: ~1-12 km at 15 m/s plus climb and descent.
    expect(drone.flight_time_s).toBeGreaterThan(60);
    expect(drone.flight_time_s).toBeLessThan(1500);
  });
});
