import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { runAlatau } from './helpers/sim.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const DURATION = 900;

describe('determinism', () => {
  const a = runAlatau(7, DURATION);
  const replayA = a.replayBytes();

  it('same seed gives a byte-identical replay and equal state hash', () => {
    const b = runAlatau(7, DURATION);
    const replayB = b.replayBytes();
    expect(b.stateHash()).toBe(a.stateHash());
    expect(replayB.length).toBe(replayA.length);
    expect(sha(replayB)).toBe(sha(replayA));
    expect(a.nextId).toBeGreaterThan(100); // the run really did something
  });

  it('a different seed gives a different replay and state hash', () => {
    const c = runAlatau(8, DURATION);
    expect(c.stateHash()).not.toBe(a.stateHash());
    expect(sha(c.replayBytes())).not.toBe(sha(replayA));
  });

  it('a run inside a worker_threads worker equals the main-thread run', async () => {
    const worker = new Worker(fileURLToPath(new URL('./helpers/worker-bootstrap.mjs', import.meta.url)), {
      workerData: { seed: 7, durationS: DURATION },
    });
    const result = await new Promise<{ replay: Uint8Array; stateHash: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(result.stateHash).toBe(a.stateHash());
    expect(sha(new Uint8Array(result.replay))).toBe(sha(replayA));
  });

  it('state hash changes when one agent moves by a millimetre', () => {
    const b = runAlatau(7, 60, [], false);
    const before = b.stateHash();
    let slot = 0;
    while (b.agents.phase[slot] === 0) slot++;
    b.agents.x[slot] += 0.001;
    expect(b.stateHash()).not.toBe(before);
  });

  it('Krauss shuttles with dawdling are deterministic, draw from their own stream, and change only the ground traffic', () => {
    const over = ['ground.car_following="krauss"', 'ground.sigma=0.5'];
    const k1 = runAlatau(7, 1800, over, false), k2 = runAlatau(7, 1800, over, false);
    const idm = runAlatau(7, 1800, [], false);
    expect(k1.stateHash()).toBe(k2.stateHash());
    expect(k1.stateHash()).not.toBe(idm.stateHash());
    expect(k1.groundSummary()!.car_following).toBe('krauss');
    expect(k1.groundSummary()!.arrived).toBeGreaterThan(10);
    expect(k1.groundSummary()!.collisions_now).toBe(0);
    // Dawdling draws from the ground's own stream: air traffic is untouched.
    const air = (s: typeof k1) => s.classSummary().slice(0, 2).map((c) => [c.spawned, c.completed, c.distance_m]);
    expect(air(k1)).toEqual(air(idm));
  });
});
