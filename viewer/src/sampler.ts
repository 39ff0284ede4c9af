import type { Replay } from '../../sim-core/replay/index.ts';

/**
 * Interpolated agent state at any time, written into preallocated columns (no per-frame
 * allocation). Agents present in frame f and f+1 are interpolated linearly; agents that vanish
 * after f keep their frame-f position; agents that appear in f+1 show from f+1 on.
 */
export class FrameSampler {
  n = 0;
  readonly id: Int32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  readonly gs: Float64Array;
  readonly cls: Uint8Array;
  /** Index of each agent id in the current "next" frame (+1; 0 = absent), stamped per frame. */
  private readonly nextIndex: Int32Array;
  private readonly nextStamp: Int32Array;
  private stampedFrame = -1;
  readonly maxAgents: number;

  constructor(private readonly r: Replay) {
    let max = 0;
    for (let f = 0; f < r.frameCount; f++) max = Math.max(max, r.frameAgentCount(f));
    this.maxAgents = max;
    this.id = new Int32Array(max);
    this.x = new Float64Array(max);
    this.y = new Float64Array(max);
    this.z = new Float64Array(max);
    this.gs = new Float64Array(max);
    this.cls = new Uint8Array(max);
    this.nextIndex = new Int32Array(r.header.agentCount);
    this.nextStamp = new Int32Array(r.header.agentCount).fill(-1);
  }

  get startTick(): number {
    return this.r.frameCount ? this.r.frameTick(0) : 0;
  }
  get endTick(): number {
    return this.r.frameCount ? this.r.frameTick(this.r.frameCount - 1) : 0;
  }

  /** Fills the columns for time `tick` (fractional ticks allowed). Returns the base frame. */
  sample(tick: number): number {
    const r = this.r;
    const f = r.frameAtTick(tick);
    const g = Math.min(f + 1, r.frameCount - 1);
    const t0 = r.frameTick(f);
    const t1 = r.frameTick(g);
    const alpha = t1 > t0 ? Math.min(1, Math.max(0, (tick - t0) / (t1 - t0))) : 0;
    const q = r.header.positionQuantumM;
    const i32 = r.i32, u16 = r.u16;
    if (this.stampedFrame !== g) {
      const ids = r.frameIds(g);
      const m = r.frameAgentCount(g);
      for (let k = 0; k < m; k++) {
        const id = i32[ids + k];
        this.nextIndex[id] = k;
        this.nextStamp[id] = g;
      }
      this.stampedFrame = g;
    }
    const n = r.frameAgentCount(f);
    const ids = r.frameIds(f), xs = r.frameX(f), ys = r.frameY(f), zs = r.frameZ(f), gss = r.frameGs(f);
    const xs1 = r.frameX(g), ys1 = r.frameY(g), zs1 = r.frameZ(g), gss1 = r.frameGs(g);
    const cls = r.agents.cls;
    for (let k = 0; k < n; k++) {
      const id = i32[ids + k];
      let x = i32[xs + k], y = i32[ys + k], z = u16[zs + k], gs = u16[gss + k];
      if (alpha > 0 && this.nextStamp[id] === g) {
        const j = this.nextIndex[id];
        x += (i32[xs1 + j] - x) * alpha;
        y += (i32[ys1 + j] - y) * alpha;
        z += (u16[zs1 + j] - z) * alpha;
        gs += (u16[gss1 + j] - gs) * alpha;
      }
      this.id[k] = id;
      this.x[k] = x * q;
      this.y[k] = y * q;
      this.z[k] = z * q;
      this.gs[k] = gs / 100;
      this.cls[k] = cls[id];
    }
    this.n = n;
    return f;
  }
}
