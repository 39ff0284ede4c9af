/**
 * Per-node "seen" and "closed" marks for repeated graph searches over the same nodes. A mark is
 * valid when it equals the current generation, so starting a search clears every mark in O(1)
 * instead of refilling the arrays (they are refilled only when the counter wraps).
 */
export class SearchStamps {
  readonly seen: Uint32Array;
  readonly closed: Uint32Array;
  gen = 0;

  constructor(n: number) {
    this.seen = new Uint32Array(n);
    this.closed = new Uint32Array(n);
  }

  /** Starts a new search and returns its generation. */
  next(): number {
    if (++this.gen === 0xffffffff) {
      this.seen.fill(0);
      this.closed.fill(0);
      this.gen = 1;
    }
    return this.gen;
  }
}
