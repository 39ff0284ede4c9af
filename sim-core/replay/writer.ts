import { crc32 } from '../world/hash.ts';
import type { AgentStore } from '../world/agents.ts';
import { PHASE_FREE } from '../world/agents.ts';
import {
  HEADER_BYTES, POSITION_QUANTUM_M, REPLAY_MAGIC, REPLAY_TRAILER, REPLAY_VERSION, TAG_AGENTS, TAG_EVENTS,
  TAG_FRAME_INDEX, TAG_FRAMES, TAG_LAYERS, TAG_SOC, SOC_NONE, type StaticLayers,
} from './format.ts';

/** A growable little-endian byte buffer. */
class ByteSink {
  bytes = new Uint8Array(1 << 16);
  view = new DataView(this.bytes.buffer);
  length = 0;

  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }
  u32(v: number) { this.reserve(4); this.view.setUint32(this.length, v >>> 0, true); this.length += 4; }
  i32(v: number) { this.reserve(4); this.view.setInt32(this.length, v | 0, true); this.length += 4; }
  u16(v: number) { this.reserve(2); this.view.setUint16(this.length, v, true); this.length += 2; }
  u8(v: number) { this.reserve(1); this.view.setUint8(this.length, v); this.length += 1; }
  raw(b: Uint8Array) { this.reserve(b.length); this.bytes.set(b, this.length); this.length += b.length; }
  ascii(s: string) { for (let i = 0; i < s.length; i++) this.u8(s.charCodeAt(i)); }
  pad4() { while (this.length % 4) this.u8(0); }
}

export interface ReplayMeta {
  seed: number;
  dt: number;
  ticksPerFrame: number;
  originLat: number;
  originLon: number;
  scenarioHash: string;
}

export interface ReplayAgents {
  count: number;
  cls: Uint8Array;
  flow: Int32Array;
  spawnTick: Int32Array;
  arriveTick: Int32Array;
}

const clampInt = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : Math.round(v));

/**
 * Records frames while the engine runs and assembles the replay file at the end. Frames go
 * straight into one growable buffer (no per-frame objects).
 */
export class ReplayWriter {
  private readonly frames = new ByteSink();
  private readonly frameOffsets: number[] = [];
  /** State of charge per frame and agent (SOCS), when `batteries` is on; null otherwise (the section is left out). */
  private readonly soc: ByteSink | null;

  constructor(private readonly meta: ReplayMeta, private readonly layers: StaticLayers, batteries: readonly boolean[] | null = null) {
    this.soc = batteries && batteries.some(Boolean) ? new ByteSink() : null;
    this.batteries = batteries ?? [];
  }

  private readonly batteries: readonly boolean[];

  get frameCount(): number {
    return this.frameOffsets.length;
  }

  /** Appends one frame with every live agent, in slot order. */
  addFrame(tick: number, a: AgentStore): void {
    const f = this.frames;
    const n = a.activeCount;
    const soc = this.soc;
    if (soc) {
      for (let s = 0; s < a.highWater; s++) {
        if (a.phase[s] === PHASE_FREE) continue;
        soc.u8(this.batteries[a.cls[s]] ? clampInt(a.soc[s] * 250, 0, 250) : SOC_NONE);
      }
    }
    this.frameOffsets.push(f.length);
    f.reserve(8 + n * 16);
    f.u32(tick);
    f.u32(n);
    const q = 1 / POSITION_QUANTUM_M;
    // Columns one after another, each in slot order, so readers get aligned typed-array views.
    for (let s = 0; s < a.highWater; s++) if (a.phase[s] !== PHASE_FREE) f.i32(a.id[s]);
    for (let s = 0; s < a.highWater; s++) if (a.phase[s] !== PHASE_FREE) f.i32(clampInt(a.x[s] * q, -2147483647, 2147483647));
    for (let s = 0; s < a.highWater; s++) if (a.phase[s] !== PHASE_FREE) f.i32(clampInt(a.y[s] * q, -2147483647, 2147483647));
    for (let s = 0; s < a.highWater; s++) if (a.phase[s] !== PHASE_FREE) f.u16(clampInt(a.z[s] * q, 0, 65535));
    for (let s = 0; s < a.highWater; s++) if (a.phase[s] !== PHASE_FREE) f.u16(clampInt(a.gs[s] * 100, 0, 65535));
    f.pad4();
  }

  /**
   * Appends one frame from dense lists (agent ids and their local x, y, z in metres and ground
   * speed in m/s, index 0..n−1): for traffic that is not the engine's agent store, such as a
   * BlueSky scenario's scripted aircraft. Replays with a state-of-charge section use addFrame.
   */
  addDenseFrame(tick: number, n: number, id: ArrayLike<number>, x: ArrayLike<number>, y: ArrayLike<number>, z: ArrayLike<number>, gs: ArrayLike<number>): void {
    if (this.soc) throw new Error('addDenseFrame: this replay records state of charge (use addFrame)');
    const f = this.frames, q = 1 / POSITION_QUANTUM_M;
    this.frameOffsets.push(f.length);
    f.reserve(8 + n * 16);
    f.u32(tick);
    f.u32(n);
    for (let i = 0; i < n; i++) f.i32(id[i]);
    for (let i = 0; i < n; i++) f.i32(clampInt(x[i] * q, -2147483647, 2147483647));
    for (let i = 0; i < n; i++) f.i32(clampInt(y[i] * q, -2147483647, 2147483647));
    for (let i = 0; i < n; i++) f.u16(clampInt(z[i] * q, 0, 65535));
    for (let i = 0; i < n; i++) f.u16(clampInt(gs[i] * 100, 0, 65535));
    f.pad4();
  }

  /** The complete file: header, sections, trailer with CRC-32. */
  finish(totalTicks: number, stateHash: string, agents: ReplayAgents, events: Uint8Array, eventCount: number): Uint8Array {
    const out = new ByteSink();
    out.reserve(HEADER_BYTES + this.frames.length + events.length + agents.count * 13 + 1024);
    out.ascii(REPLAY_MAGIC);
    out.u16(REPLAY_VERSION);
    out.u16(HEADER_BYTES);
    out.u32(this.meta.seed);
    out.u32(0);
    out.reserve(8); out.view.setFloat64(out.length, this.meta.dt, true); out.length += 8;
    out.u32(this.meta.ticksPerFrame);
    out.u32(this.frameOffsets.length);
    out.u32(agents.count);
    out.u32(eventCount);
    out.u32(totalTicks);
    out.u32(0);
    out.reserve(16);
    out.view.setFloat64(out.length, this.meta.originLat, true); out.length += 8;
    out.view.setFloat64(out.length, this.meta.originLon, true); out.length += 8;
    out.raw(hexBytes(this.meta.scenarioHash));
    out.raw(hexBytes(stateHash));
    out.reserve(8); out.view.setFloat64(out.length, POSITION_QUANTUM_M, true); out.length += 8;
    while (out.length < HEADER_BYTES) out.u8(0);

    const section = (tag: string, write: () => void) => {
      out.ascii(tag);
      const lenAt = out.length;
      out.u32(0);
      const start = out.length;
      write();
      out.view.setUint32(lenAt, out.length - start, true);
      out.pad4();
    };
    section(TAG_LAYERS, () => out.raw(new TextEncoder().encode(JSON.stringify(this.layers))));
    let framesStart = 0;
    section(TAG_FRAMES, () => {
      framesStart = out.length;
      out.raw(this.frames.bytes.subarray(0, this.frames.length));
    });
    section(TAG_FRAME_INDEX, () => {
      for (const o of this.frameOffsets) out.u32(framesStart + o);
    });
    section(TAG_AGENTS, () => {
      out.u32(agents.count);
      for (let i = 0; i < agents.count; i++) out.i32(agents.flow[i]);
      for (let i = 0; i < agents.count; i++) out.i32(agents.spawnTick[i]);
      for (let i = 0; i < agents.count; i++) out.i32(agents.arriveTick[i]);
      out.raw(agents.cls.subarray(0, agents.count));
    });
    section(TAG_EVENTS, () => {
      out.u32(eventCount);
      out.raw(events);
    });
    const soc = this.soc;
    if (soc) section(TAG_SOC, () => out.raw(soc.bytes.subarray(0, soc.length)));
    const crc = crc32(out.bytes, 0, out.length);
    out.ascii(REPLAY_TRAILER);
    out.u32(crc);
    return out.bytes.slice(0, out.length);
  }
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16) || 0;
  return out;
}
