import { describe, expect, it } from 'vitest';
import { compileWorld, crc32, PHASE_FREE, readReplay, ReplayError, Simulation } from '../sim-core/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';

describe('replay format v1', () => {
  const scenario = loadScenario('alatau');
  const world = compileWorld(scenario, 5);
  const sim = new Simulation(world);
  // Snapshot the engine at a recorded tick, then keep running.
  const snapTick = world.recordEveryTicks * 150;
  sim.run(snapTick);
  const snapshot = new Map<number, [number, number, number, number]>();
  for (let s = 0; s < sim.agents.highWater; s++) {
    if (sim.agents.phase[s] !== PHASE_FREE) snapshot.set(sim.agents.id[s], [sim.agents.x[s], sim.agents.y[s], sim.agents.z[s], sim.agents.gs[s]]);
  }
  sim.run(600);
  const bytes = sim.replayBytes();
  const replay = readReplay(bytes);

  it('round-trips header, layers, agents and events', () => {
    const h = replay.header;
    expect(h.version).toBe(1);
    expect(h.seed).toBe(5);
    expect(h.dt).toBe(0.5);
    expect(h.totalTicks).toBe(snapTick + 600);
    expect(h.stateHash).toBe(sim.stateHash());
    expect(h.scenarioHash).toBe(world.scenarioHash);
    expect(h.agentCount).toBe(sim.nextId);
    expect(h.eventCount).toBe(sim.events.count);
    expect(replay.layers.vertiports.map((v) => v.id)).toEqual(world.vertiports.map((v) => v.id));
    expect(replay.layers.geofences.length).toBe(world.geofences.length);
    expect(replay.frameCount).toBe((snapTick + 600) / world.recordEveryTicks + 1);
  });

  it('stores every agent at a recorded tick within the quantum', () => {
    const f = replay.frameAtTick(snapTick);
    expect(replay.frameTick(f)).toBe(snapTick);
    const n = replay.frameAgentCount(f);
    expect(n).toBe(snapshot.size);
    expect(n).toBeGreaterThan(50);
    const q = replay.header.positionQuantumM;
    for (let k = 0; k < n; k++) {
      const id = replay.i32[replay.frameIds(f) + k];
      const [x, y, z, gs] = snapshot.get(id)!;
      expect(Math.abs(replay.i32[replay.frameX(f) + k] * q - x)).toBeLessThanOrEqual(q / 2 + 1e-9);
      expect(Math.abs(replay.i32[replay.frameY(f) + k] * q - y)).toBeLessThanOrEqual(q / 2 + 1e-9);
      expect(Math.abs(replay.u16[replay.frameZ(f) + k] * q - z)).toBeLessThanOrEqual(q / 2 + 1e-9);
      expect(Math.abs(replay.u16[replay.frameGs(f) + k] / 100 - gs)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });

  it('rejects a truncated file', () => {
    for (const cut of [10, 200, bytes.length >> 1, bytes.length - 1]) {
      expect(() => readReplay(bytes.subarray(0, cut))).toThrow(ReplayError);
    }
    expect(() => readReplay(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated or damaged/);
  });

  it('rejects a single flipped bit anywhere in the body', () => {
    for (const at of [130, bytes.length >> 2, bytes.length >> 1, bytes.length - 20]) {
      const copy = bytes.slice();
      copy[at] ^= 0x10;
      expect(() => readReplay(copy)).toThrow(/checksum mismatch/);
    }
  });

  it('rejects foreign data and newer versions with what it got and what it expected', () => {
    expect(() => readReplay(new TextEncoder().encode('{"type":"FeatureCollection"}'.padEnd(300)))).toThrow(/not a skyweave replay: starts with "\{\\"ty"/);
    const newer = bytes.slice();
    newer[4] = 2;
    expect(() => readReplay(newer)).toThrow(/got v2 data when expected v1/);
  });

  it('rejects a damaged section even when the checksum was recomputed', () => {
    const copy = bytes.slice();
    // Claim an absurd frame count in the header, then fix the CRC so only the structure check can catch it.
    new DataView(copy.buffer).setUint32(28, 999999, true);
    new DataView(copy.buffer).setUint32(copy.length - 4, crc32(copy, 0, copy.length - 8), true);
    expect(() => readReplay(copy)).toThrow(/frame index holds \d+ frames, header says 999999/);
  });

  it('rejects an agent whose class the layers do not name (viewers index per-class tables by it)', () => {
    const copy = bytes.slice();
    // The agent table's class bytes end it: set the last agent's class to 9, fix the CRC.
    const ag = replay.agents.cls.byteOffset + replay.agents.cls.length - 1;
    copy[ag] = 9;
    new DataView(copy.buffer).setUint32(copy.length - 4, crc32(copy, 0, copy.length - 8), true);
    expect(() => readReplay(copy)).toThrow(/agent \d+ has class 9, the layers name 3/);
  });
});
