import { compileWorld, readReplay, Simulation } from '../sim-core/index.ts';
import { loadScenario } from '../src/scenario-loader.ts';

/**
 * Replay size and decode speed against the naive alternative (frames as JSON arrays of
 * {id, x, y, z, gs} objects), on the same recorded Alatau run.
 */
export function replayIo(scale = 10, simS = 1800) {
  const s = loadScenario('alatau', [`demand.scale=${scale}`]);
  const sim = new Simulation(compileWorld(s, 1));
  sim.run(Math.round(simS / s.params.dt));
  const t0 = performance.now();
  const bytes = sim.replayBytes();
  const writeMs = performance.now() - t0;
  const t1 = performance.now();
  const replay = readReplay(bytes);
  const readMs = performance.now() - t1;
  // Decode every frame's positions (what a viewer does while scrubbing).
  const t2 = performance.now();
  let checksum = 0;
  let samples = 0;
  for (let f = 0; f < replay.frameCount; f++) {
    const n = replay.frameAgentCount(f);
    const xs = replay.frameX(f), ys = replay.frameY(f);
    for (let k = 0; k < n; k++) checksum += replay.i32[xs + k] - replay.i32[ys + k];
    samples += n;
  }
  const decodeMs = performance.now() - t2;
  // Baseline: the same frames as JSON.
  const frames = [];
  for (let f = 0; f < replay.frameCount; f++) {
    const n = replay.frameAgentCount(f);
    const ids = replay.frameIds(f), xs = replay.frameX(f), ys = replay.frameY(f), zs = replay.frameZ(f), gss = replay.frameGs(f);
    const agents = [];
    for (let k = 0; k < n; k++) agents.push({ id: replay.i32[ids + k], x: replay.i32[xs + k] / 10, y: replay.i32[ys + k] / 10, z: replay.u16[zs + k] / 10, gs: replay.u16[gss + k] / 100 });
    frames.push({ tick: replay.frameTick(f), agents });
  }
  const json = JSON.stringify(frames);
  const t3 = performance.now();
  const parsed = JSON.parse(json) as { agents: { x: number; y: number }[] }[];
  let check2 = 0;
  for (const fr of parsed) for (const a of fr.agents) check2 += a.x - a.y;
  const jsonMs = performance.now() - t3;
  return [{
    case: `alatau scale ${scale}, ${simS} s`, frames: replay.frameCount, samples, bytes: bytes.length,
    bytes_per_sample: +(bytes.length / samples).toFixed(2), write_ms: +writeMs.toFixed(1), read_verify_ms: +readMs.toFixed(1),
    decode_all_frames_ms: +decodeMs.toFixed(1), json_bytes: json.length, json_parse_ms: +jsonMs.toFixed(1),
    size_ratio_json_over_skw: +(json.length / bytes.length).toFixed(2), checksum_match: Math.round(checksum / 10) === Math.round(check2) ? 1 : 0,
  }];
}
