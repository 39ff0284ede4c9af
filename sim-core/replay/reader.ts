import { crc32 } from '../world/hash.ts';
import { EVENT_BYTES } from '../metrics/events.ts';
import {
  HEADER_BYTES, REPLAY_MAGIC, REPLAY_TRAILER, REPLAY_VERSION, ReplayError, TAG_AGENTS, TAG_EVENTS, TAG_FRAME_INDEX,
  TAG_FRAMES, TAG_LAYERS, TAG_SOC, SOC_NONE, TRAILER_BYTES, type ReplayHeader, type StaticLayers,
} from './format.ts';

export interface ReplayEvent {
  tick: number;
  kind: number;
  agent: number;
  other: number;
  value: number;
}

/**
 * A parsed replay. Frame data stays in the file's buffer: `frameX(i)` etc. return element
 * offsets into the shared `i32` / `u16` views, so decoding a frame allocates nothing.
 */
export class Replay {
  /** Whole-file views (the file is copied once into a 4-byte-aligned buffer). */
  readonly i32: Int32Array;
  readonly u16: Uint16Array;
  readonly u32: Uint32Array;
  private readonly frameOffsets: Uint32Array;

  constructor(
    readonly header: ReplayHeader,
    readonly layers: StaticLayers,
    readonly bytes: Uint8Array,
    frameIndex: Uint32Array,
    readonly agents: { flow: Int32Array; spawnTick: Int32Array; arriveTick: Int32Array; cls: Uint8Array },
    private readonly eventView: DataView,
    private readonly soc: { bytes: Uint8Array; frameStart: Uint32Array } | null = null,
  ) {
    this.i32 = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
    this.u32 = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
    this.u16 = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1);
    this.frameOffsets = frameIndex;
  }

  get frameCount(): number {
    return this.header.frameCount;
  }
  frameTick(i: number): number {
    return this.u32[this.frameOffsets[i] >> 2];
  }
  frameAgentCount(i: number): number {
    return this.u32[(this.frameOffsets[i] >> 2) + 1];
  }
  /** Element offset in `i32` of the frame's id column (then x, then y, n each). */
  frameIds(i: number): number {
    return (this.frameOffsets[i] >> 2) + 2;
  }
  frameX(i: number): number {
    return this.frameIds(i) + this.frameAgentCount(i);
  }
  frameY(i: number): number {
    return this.frameIds(i) + 2 * this.frameAgentCount(i);
  }
  /** Element offset in `u16` of the frame's z column (then gs, n each). */
  frameZ(i: number): number {
    return (this.frameIds(i) + 3 * this.frameAgentCount(i)) * 2;
  }
  frameGs(i: number): number {
    return this.frameZ(i) + this.frameAgentCount(i);
  }
  /** Index of the last frame at or before `tick` (0 when before the first). */
  frameAtTick(tick: number): number {
    let lo = 0;
    let hi = this.frameCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.frameTick(mid) <= tick) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** State of charge (0..1) of the k-th agent of frame i, or null (no battery, or a replay without it). */
  frameSoc(i: number, k: number): number | null {
    if (!this.soc) return null;
    const v = this.soc.bytes[this.soc.frameStart[i] + k];
    return v === SOC_NONE ? null : v / 250;
  }

  get eventCount(): number {
    return this.header.eventCount;
  }
  event(i: number): ReplayEvent {
    const o = i * EVENT_BYTES;
    const v = this.eventView;
    return { tick: v.getUint32(o, true), kind: v.getUint8(o + 4), agent: v.getInt32(o + 8, true), other: v.getInt32(o + 12, true), value: v.getFloat32(o + 16, true) };
  }
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const hex = (b: Uint8Array, at: number) => Array.from(b.subarray(at, at + 8), (x) => x.toString(16).padStart(2, '0')).join('');

/** Parses and verifies a replay file; throws ReplayError saying what is wrong. */
export function readReplay(input: Uint8Array): Replay {
  if (input.length < HEADER_BYTES + TRAILER_BYTES) {
    throw new ReplayError(`not a skyweave replay: ${input.length} bytes is shorter than the ${HEADER_BYTES + TRAILER_BYTES}-byte minimum`);
  }
  const magic = ascii(input, 0, 4);
  if (magic !== REPLAY_MAGIC) throw new ReplayError(`not a skyweave replay: starts with ${JSON.stringify(magic)}, expected "${REPLAY_MAGIC}"`);
  // Copy into an aligned buffer we own, so typed-array views work whatever the source.
  const bytes = new Uint8Array(input.length);
  bytes.set(input);
  const view = new DataView(bytes.buffer);
  const version = view.getUint16(4, true);
  if (version !== REPLAY_VERSION) {
    throw new ReplayError(`unsupported replay version: got v${version} data when expected v${REPLAY_VERSION}${version > REPLAY_VERSION ? ' (written by a newer skyweave)' : ''}`);
  }
  const trailerAt = bytes.length - TRAILER_BYTES;
  if (ascii(bytes, trailerAt, 4) !== REPLAY_TRAILER) {
    throw new ReplayError(`truncated or damaged replay: no "${REPLAY_TRAILER}" trailer at the end of the ${bytes.length}-byte file`);
  }
  const stored = view.getUint32(trailerAt + 4, true);
  const actual = crc32(bytes, 0, trailerAt);
  if (stored !== actual) {
    throw new ReplayError(`corrupt replay: checksum mismatch (stored ${stored.toString(16).padStart(8, '0')}, computed ${actual.toString(16).padStart(8, '0')})`);
  }
  const header: ReplayHeader = {
    version, seed: view.getUint32(8, true), dt: view.getFloat64(16, true), ticksPerFrame: view.getUint32(24, true),
    frameCount: view.getUint32(28, true), agentCount: view.getUint32(32, true), eventCount: view.getUint32(36, true),
    totalTicks: view.getUint32(40, true), originLat: view.getFloat64(48, true), originLon: view.getFloat64(56, true),
    scenarioHash: hex(bytes, 64), stateHash: hex(bytes, 72), positionQuantumM: view.getFloat64(80, true),
  };

  const sections = new Map<string, { start: number; length: number }>();
  for (let at = view.getUint16(6, true); at < trailerAt; ) {
    if (at + 8 > trailerAt) throw new ReplayError(`corrupt replay: section header at byte ${at} runs past the end`);
    const tag = ascii(bytes, at, 4);
    const length = view.getUint32(at + 4, true);
    if (at + 8 + length > trailerAt) throw new ReplayError(`corrupt replay: section ${tag} claims ${length} bytes, past the end of the file`);
    sections.set(tag, { start: at + 8, length });
    at += 8 + length + ((4 - (length % 4)) % 4);
  }
  const need = (tag: string) => {
    const s = sections.get(tag);
    if (!s) throw new ReplayError(`corrupt replay: missing section ${tag}`);
    return s;
  };
  let layers: StaticLayers;
  try {
    const s = need(TAG_LAYERS);
    layers = JSON.parse(new TextDecoder().decode(bytes.subarray(s.start, s.start + s.length)));
  } catch (e) {
    if (e instanceof ReplayError) throw e;
    throw new ReplayError('corrupt replay: static layers are not valid JSON');
  }
  const fidx = need(TAG_FRAME_INDEX);
  if (fidx.length !== header.frameCount * 4) throw new ReplayError(`corrupt replay: frame index holds ${fidx.length / 4} frames, header says ${header.frameCount}`);
  const frameIndex = new Uint32Array(bytes.buffer, fidx.start, header.frameCount);
  const frames = need(TAG_FRAMES);
  for (let i = 0; i < frameIndex.length; i++) {
    const o = frameIndex[i];
    if (o < frames.start || o + 8 > frames.start + frames.length || o % 4) throw new ReplayError(`corrupt replay: frame ${i} offset ${o} outside the frames section`);
    const n = view.getUint32(o + 4, true);
    if (o + 8 + n * 16 > frames.start + frames.length) throw new ReplayError(`corrupt replay: frame ${i} (${n} agents) runs past the frames section`);
  }
  const ag = need(TAG_AGENTS);
  const n = view.getUint32(ag.start, true);
  if (n !== header.agentCount || ag.length !== 4 + n * 13) throw new ReplayError(`corrupt replay: agent table holds ${n} agents in ${ag.length} bytes, header says ${header.agentCount}`);
  const agents = {
    flow: new Int32Array(bytes.buffer, ag.start + 4, n),
    spawnTick: new Int32Array(bytes.buffer, ag.start + 4 + 4 * n, n),
    arriveTick: new Int32Array(bytes.buffer, ag.start + 4 + 8 * n, n),
    cls: new Uint8Array(bytes.buffer, ag.start + 4 + 12 * n, n),
  };
  // Viewers index per-class tables by an agent's class: every class must be one the layers name.
  const classes = (layers as { classes?: unknown }).classes;
  if (!Array.isArray(classes) || classes.length === 0 || classes.length > 255 || !classes.every((c) => c && typeof (c as { name?: unknown }).name === 'string')) {
    throw new ReplayError('corrupt replay: static layers name no classes');
  }
  for (let i = 0; i < n; i++) if (agents.cls[i] >= classes.length) throw new ReplayError(`corrupt replay: agent ${i} has class ${agents.cls[i]}, the layers name ${classes.length}`);
  const ev = need(TAG_EVENTS);
  const eventCount = view.getUint32(ev.start, true);
  if (eventCount !== header.eventCount || ev.length !== 4 + eventCount * EVENT_BYTES) throw new ReplayError(`corrupt replay: event table size does not match its count ${eventCount}`);
  // Optional state of charge: one byte per frame and agent, in frame order.
  let soc: { bytes: Uint8Array; frameStart: Uint32Array } | null = null;
  const socs = sections.get(TAG_SOC);
  if (socs) {
    const frameStart = new Uint32Array(header.frameCount);
    let total = 0;
    for (let i = 0; i < header.frameCount; i++) {
      frameStart[i] = total;
      total += view.getUint32(frameIndex[i] + 4, true);
    }
    if (socs.length !== total) throw new ReplayError(`corrupt replay: state-of-charge section holds ${socs.length} values, the frames ${total}`);
    soc = { bytes: bytes.subarray(socs.start, socs.start + socs.length), frameStart };
  }
  return new Replay(header, layers, bytes, frameIndex, agents, new DataView(bytes.buffer, ev.start + 4, eventCount * EVENT_BYTES), soc);
}
