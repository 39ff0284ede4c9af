import type { Vertiport } from '../world/world.ts';

/** Items counted per vertiport laid out in one flat column: each vertiport's first index and count, and the total. */
export function flatRanges(counts: readonly number[]): { first: Int32Array; count: Int32Array; total: number } {
  const first = new Int32Array(counts.length), count = Int32Array.from(counts);
  let total = 0;
  counts.forEach((c, i) => {
    first[i] = total;
    total += c;
  });
  return { first, count, total };
}

/**
 * Pad occupancy per vertiport with a first-come-first-served holding queue. A pad is reserved
 * at the top of descent, stays busy through landing and the turnaround, then frees.
 */
export class PadManager {
  /** Per pad (flattened over vertiports): tick from which it is free; -1 while reserved open-ended. */
  private readonly freeFrom: Int32Array;
  private readonly firstPad: Int32Array;
  private readonly padCount: Int32Array;
  /** Holding queue per vertiport: ring buffers of agent slots. */
  private readonly queues: Int32Array[];
  private readonly qHead: Int32Array;
  private readonly qLen: Int32Array;

  constructor(vertiports: Vertiport[]) {
    const n = vertiports.length;
    const r = flatRanges(vertiports.map((v) => v.pads));
    this.firstPad = r.first;
    this.padCount = r.count;
    this.freeFrom = new Int32Array(r.total);
    this.queues = vertiports.map(() => new Int32Array(16));
    this.qHead = new Int32Array(n);
    this.qLen = new Int32Array(n);
  }

  /** Pads busy at `tick` at vertiport `v`. */
  busy(v: number, tick: number): number {
    let busy = 0;
    for (let p = this.firstPad[v]; p < this.firstPad[v] + this.padCount[v]; p++) if (this.freeFrom[p] < 0 || this.freeFrom[p] > tick) busy++;
    return busy;
  }

  queueLength(v: number): number {
    return this.qLen[v];
  }

  /** Reserves a free pad for a newcomer if nobody is queued ahead; returns the pad or -1. */
  tryReserve(v: number, tick: number): number {
    if (this.qLen[v] > 0) return -1;
    return this.takeFreePad(v, tick);
  }

  private takeFreePad(v: number, tick: number): number {
    for (let p = this.firstPad[v]; p < this.firstPad[v] + this.padCount[v]; p++) {
      if (this.freeFrom[p] >= 0 && this.freeFrom[p] <= tick) {
        this.freeFrom[p] = -1;
        return p;
      }
    }
    return -1;
  }

  enqueue(v: number, slot: number): void {
    let q = this.queues[v];
    if (this.qLen[v] === q.length) {
      // Unroll the ring into a buffer twice the size (rare: only when a queue outgrows it).
      const next = new Int32Array(q.length * 2);
      for (let i = 0; i < this.qLen[v]; i++) next[i] = q[(this.qHead[v] + i) % q.length];
      this.queues[v] = q = next;
      this.qHead[v] = 0;
    }
    q[(this.qHead[v] + this.qLen[v]) % q.length] = slot;
    this.qLen[v]++;
  }

  /**
   * Grants free pads to the head of the queue; calls `grant(slot, pad)` for each, in queue order.
   */
  serveQueue(v: number, tick: number, grant: (slot: number, pad: number) => void): void {
    while (this.qLen[v] > 0) {
      const pad = this.takeFreePad(v, tick);
      if (pad < 0) return;
      const q = this.queues[v];
      const slot = q[this.qHead[v]];
      this.qHead[v] = (this.qHead[v] + 1) % q.length;
      this.qLen[v]--;
      grant(slot, pad);
    }
  }

  /** The agent on `pad` landed: the pad frees after the turnaround. */
  /** Index of flattened pad `pad` within vertiport `v` (0 = its first pad). */
  localIndex(v: number, pad: number): number {
    return pad - this.firstPad[v];
  }

  occupyUntil(pad: number, tick: number): void {
    this.freeFrom[pad] = tick;
  }

  vertiportCount(): number {
    return this.padCount.length;
  }
}
