/**
 * One class's ground delays as a count per delay in ticks: the exact mean, nearest-rank
 * percentiles and histogram of every delay, in memory bounded by the longest delay (at most
 * max_delay_s / dt + 1 counters) rather than growing with the day's trips.
 */
export class DelayTally {
  private counts = new Float64Array(64);
  /** Delays recorded. */
  n = 0;
  private sumTicks = 0;

  add(ticks: number): void {
    if (ticks >= this.counts.length) {
      const grown = new Float64Array(Math.max(ticks + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[ticks]++;
    this.n++;
    this.sumTicks += ticks;
  }

  /** Delays longer than zero. */
  get delayed(): number {
    return this.n - this.counts[0];
  }

  /** All delays added up (s). */
  totalS(dt: number): number {
    return this.sumTicks * dt;
  }

  meanS(dt: number): number {
    return this.n ? (this.sumTicks * dt) / this.n : 0;
  }

  /** Nearest-rank percentile in seconds (0 with no delay recorded). */
  percentileS(p: number, dt: number): number {
    if (!this.n) return 0;
    const rank = Math.min(this.n, Math.max(1, Math.ceil(p * this.n)));
    let seen = 0;
    for (let t = 0; t < this.counts.length; t++) {
      seen += this.counts[t];
      if (seen >= rank) return t * dt;
    }
    return 0;
  }

  /** Counts per bin: bin b holds delays d (s) with edges[b−1] < d ≤ edges[b] (bin 0: d ≤ edges[0]). */
  histogram(edgesS: readonly number[], dt: number): number[] {
    const out = edgesS.map(() => 0);
    for (let t = 0, b = 0; t < this.counts.length; t++) {
      if (!this.counts[t]) continue;
      while (t * dt > edgesS[b]) b++;
      out[b] += this.counts[t];
    }
    return out;
  }
}
