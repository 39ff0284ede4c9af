import { describe, expect, it } from 'vitest';
import { compileWorld, Simulation, validateScenario, type Scenario } from '../sim-core/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';
import { alatauScenario } from '../src/scenarios/alatau/scenario.ts';
import { runWarnings } from '../src/commands/run.ts';
import { checkIntents } from '../sim-core/deconfliction/strategic/intents.ts';
import { LandingBookings } from '../sim-core/deconfliction/strategic/landing-bookings.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = any;

/** Two vertiports ~22 km apart and eVTOL shuttles between them during the first hour only. */
function shuttle(opts: { capacityKwh?: number; chargingKw?: number; chargingPads?: number; pads?: number; perHour?: number; strategic?: boolean; stands?: number }): Scenario {
  const raw: Raw = alatauScenario();
  const vp = raw.layers.vertiports.features[0];
  const props = { ...vp.properties, pads: opts.pads ?? 3, turnaround_s: 300, charging_kw: opts.chargingKw ?? 320, ...(opts.chargingPads !== undefined ? { charging_pads: opts.chargingPads } : {}), ...(opts.stands !== undefined ? { stands: opts.stands } : {}) };
  raw.layers.vertiports.features = [
    { ...vp, geometry: { type: 'Point', coordinates: [77.05, 43.45] }, properties: { ...props, id: 'a' } },
    { ...vp, geometry: { type: 'Point', coordinates: [77.05, 43.65] }, properties: { ...props, id: 'b' } },
  ];
  for (const k of ['geofences', 'corridors', 'roads', 'zones']) raw.layers[k].features = [];
  raw.ground = { model: 'simple' };
  raw.airspace.class_policy = {};
  raw.demand.flows = [{ class: 'evtol', from: 'a', to: 'b', trips_per_hour: opts.perHour ?? 12 }, { class: 'evtol', from: 'b', to: 'a', trips_per_hour: opts.perHour ?? 12 }];
  raw.demand.profile = [1, ...Array(23).fill(0)];
  raw.params.start_time_s = 0;
  if (opts.strategic === false) raw.airspace.strategic.enabled = false;
  raw.classes.evtol.battery = { capacity_kwh: opts.capacityKwh ?? 160, reserve_fraction: 0.2, departure_soc: 1 };
  const v = validateScenario(raw, { scenarioFile: 'shuttle' });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.scenario;
}

function run(s: Scenario, hours: number, seed = 1) {
  return runSim(s, hours, seed).summary();
}

function runSim(s: Scenario, hours: number, seed = 1) {
  const sim = new Simulation(compileWorld(s, seed), { record: false, keepIntents: true });
  sim.run(Math.round((hours * 3600) / s.params.dt));
  return sim;
}

describe('batteries and charging', () => {
  it('a charging pad holds each aircraft for (1 − state of charge) × capacity / power: the energy flown, recharged', () => {
    const s = run(shuttle({}), 3);
    const ev = s.classes.evtol, ch = s.charging.classes.evtol;
    expect(ev.completed).toBe(ev.spawned); // every trip landed (demand stopped after an hour)
    expect(ch.charged).toBe(ev.completed);
    // Energy recharged = energy flown (the pad draws nothing); each charge is rounded up to a tick (≤ 0.5 s × 320 kW).
    const rechargedKwh = (ch.charging_time_s * 320) / 3600;
    expect(rechargedKwh).toBeGreaterThanOrEqual(ev.energy_kwh - 0.01);
    expect(rechargedKwh - ev.energy_kwh).toBeLessThan(ev.completed * (0.5 * 320) / 3600 + 0.01);
    // Turnaround depends on the charge: ~40 kWh at 320 kW is ~450 s, longer than the 300 s turnaround.
    expect(ch.charging_time_mean_s).toBeGreaterThan(300);
    expect(ch.min_soc).toBeGreaterThanOrEqual(0.2);
  });

  it('a trip the battery cannot fly with its reserve is cancelled for charge, before take-off', () => {
    const s = run(shuttle({ capacityKwh: 30 }), 1.2);
    expect(s.classes.evtol.spawned).toBe(0);
    expect(s.charging.cancelled_for_charge).toBe(s.classes.evtol.requested);
    expect(s.charging.cancelled_for_charge).toBeGreaterThan(10);
    expect(s.airspace.strategic.rejections_by_reason.charge).toBe(s.charging.cancelled_for_charge);
  });

  it('non-charging pads keep the plain turnaround; charging on a busy pad delays departures (for charge)', () => {
    const none = run(shuttle({ chargingPads: 0 }), 3);
    expect(none.charging.classes.evtol.charged).toBe(0);
    expect(none.charging.delayed_for_charge).toBe(0);
    const busy = run(shuttle({ pads: 1, perHour: 20 }), 3);
    const fast = run(shuttle({ pads: 1, perHour: 20, chargingKw: 5000 }), 3);
    expect(busy.charging.delayed_for_charge).toBeGreaterThan(0);
    expect(fast.charging.delayed_for_charge).toBe(0);
    expect(busy.classes.evtol.ground_delay_mean_s).toBeGreaterThan(fast.classes.evtol.ground_delay_mean_s);
  });

  it('charging stands free the pads: aircraft charge off the pad after the turnaround, booked like pads, never over capacity', () => {
    // One pad each end, 20 trips an hour each way: charging on the pad (~450 s) holds it past the 300 s turnaround.
    const onPads = run(shuttle({ pads: 1, perHour: 20 }), 3);
    const sim = runSim(shuttle({ pads: 1, perHour: 20, stands: 3 }), 3), withStands = sim.summary();
    const vps = withStands.vertiports;
    // Every charge happened on a stand, and each stand booking and pad booking is clash-free.
    expect(vps.reduce((n, v) => n + v.stand_charges, 0)).toBe(withStands.charging.classes.evtol.charged);
    expect(vps.reduce((n, v) => n + v.stand_overflows, 0)).toBe(0);
    expect(withStands.charging.classes.evtol.charged).toBeGreaterThan(10);
    // Both ends charge (on their stands): the summary counted only vertiports with charging pads.
    expect(withStands.charging.charging_vertiports).toBe(2);
    const rpz = sim.world.separation.rpz;
    expect(checkIntents(sim.planner.kept, rpz, sim.planner.bookings.pads.all())).toMatchObject({ overlaps: 0, padClashes: 0 });
    expect(checkIntents([], rpz, sim.planner.bookings.stands.all()).padClashes).toBe(0);
    expect(sim.planner.bookings.stands.all().length).toBe(withStands.charging.classes.evtol.charged);
    // The pad is the bottleneck on its own: with stands, less ground delay and pads busy less of the time.
    expect(withStands.classes.evtol.ground_delay_mean_s).toBeLessThan(onPads.classes.evtol.ground_delay_mean_s);
    expect(vps[0].pads_busy_mean).toBeLessThan(onPads.vertiports[0].pads_busy_mean);
    // The aircraft still recharges what it flew (same energy accounting as on a pad).
    expect((withStands.charging.classes.evtol.charging_time_s * 320) / 3600).toBeGreaterThanOrEqual(withStands.classes.evtol.energy_kwh - 0.01);
    // Strategic off: stands are not booked, so some charges find every stand taken and stay on the pad.
    const off = run(shuttle({ pads: 1, perHour: 20, stands: 1, strategic: false }), 3);
    expect(off.vertiports.reduce((n, v) => n + v.stand_overflows, 0)).toBeGreaterThan(0);
  });

  it('stand bookings: a departure the stands alone hold back counts as held for charge, one a full pad holds back does not', () => {
    const vp = { ...compileWorld(shuttle({ pads: 1, stands: 1 }), 1).vertiports[0] };
    const b = new LandingBookings([vp], false);
    // Charging 1,200 ticks: the pad for the turnaround, then the stand.
    const w = LandingBookings.windows(vp, 100, 200, 1200, 10);
    expect(w.padTo - w.padFrom).toBe(200 - 100 + vp.turnaroundTicks + 20);
    expect(w.standTo - w.standFrom).toBe(1200 + 20);
    expect(b.wait(0, 0, w)).toBe(0);
    b.book(0, 0, w);
    // Leaving one pad window later the pad is free again but the stand is not.
    const later = w.padTo - w.padFrom;
    expect(b.pads.findFree(0, later + w.padFrom, later + w.padTo)).toBe(0);
    expect(b.standsOnlyBlock(0, later, w)).toBe(true);
    expect(b.wait(0, later, w)).toBeGreaterThan(0);
    expect(b.free(0, later, w)).toBe(false);
    // Leaving at the same time the pad is taken: not a charging delay.
    expect(b.standsOnlyBlock(0, 0, w)).toBe(false);
    // Without a charge, no stand window at all.
    expect(LandingBookings.windows(vp, 100, 200, 0, 10).standTo).toBe(0);
  });

  it('batteries that run empty while holding for a pad are counted and warned about (strategic off: pads not booked)', () => {
    const s = run(shuttle({ pads: 1, perHour: 20, strategic: false }), 3);
    const ch = s.charging.classes.evtol;
    expect(ch.min_soc).toBeLessThan(0);
    expect(ch.depleted).toBeGreaterThan(0);
    expect(ch.below_reserve).toBeGreaterThanOrEqual(ch.depleted);
    expect(runWarnings(s as unknown as Record<string, unknown>).some((w) => w.startsWith(`evtol batteries ran empty in flight ${ch.depleted} times`))).toBe(true);
    // With strategic deconfliction on, the pad booking keeps the same demand on the ground instead.
    const on = run(shuttle({ pads: 1, perHour: 20 }), 3).charging.classes.evtol;
    expect(on.depleted).toBe(0);
    expect(on.below_reserve).toBe(0);
  });

  it('Alatau ×3: no aircraft ever goes below its reserve; energy per class and charging are reported', () => {
    const sim = new Simulation(compileWorld(loadScenario('alatau', ['demand.scale=3']), 1), { record: false });
    sim.run(7200);
    const s = sim.summary();
    expect(s.charging.enabled).toBe(true);
    for (const cls of ['drone', 'evtol'] as const) {
      const c = s.charging.classes[cls];
      expect(c.min_soc, cls).toBeGreaterThanOrEqual(c.reserve_fraction);
      expect(c.min_soc, cls).toBeLessThan(1);
      expect(c.below_reserve, cls).toBe(0);
      expect(c.depleted, cls).toBe(0);
    }
    expect(s.charging.classes.evtol.charged).toBeGreaterThan(0);
  }, 60_000);
});
