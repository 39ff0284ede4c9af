import { resized } from './columns.ts';

/**
 * A set of id pairs (a, b), each with one number attached, in typed-array columns: the pairs in
 * the order they were added, and an open-addressing index (position + 1 per bucket, 0 empty; a
 * power-of-two size, at most half full). The tactical ledger keeps this pass's conflict and LoS
 * pairs and every unique pair seen in these (engine/systems/tactical-ledger.ts), the resume
 * tracker its resolved pairs (deconfliction/tactical/resume.ts); in a dense city that is millions
 * of pairs and a few hundred thousand lookups a pass, and a JS Set of pair numbers above 2³¹ (heap
 * numbers, hashed as doubles) spent a quarter of the 100,000-aircraft stress run there. Iteration
 * is in insertion order, as a Set's is, so sums over it come out the same.
 */
export class PairTable {
  n = 0;
  a = new Int32Array(256);
  b = new Int32Array(256);
  /** One number per pair (empty without `withValues`: a plain set, 8 bytes a pair less). */
  value: Float64Array;
  private table = new Int32Array(512);

  constructor(private readonly withValues = true) {
    this.value = new Float64Array(withValues ? 256 : 0);
  }

  /** Position of the pair, or −1. */
  find(a: number, b: number): number {
    const t = this.table, mask = t.length - 1, A = this.a, B = this.b;
    for (let h = bucketOf(a, b, mask), k = t[h]; k !== 0; h = (h + 1) & mask, k = t[h]) if (A[k - 1] === a && B[k - 1] === b) return k - 1;
    return -1;
  }

  /** Adds the pair (not already there: callers `find` first) with `value`; returns its position. */
  add(a: number, b: number, value: number): number {
    if (this.n === this.a.length) {
      const c = this.n * 2;
      this.a = resized(this.a, c); this.b = resized(this.b, c);
      if (this.withValues) this.value = resized(this.value, c);
    }
    const at = this.n++;
    this.a[at] = a; this.b[at] = b;
    if (this.withValues) this.value[at] = value;
    if (this.n * 2 > this.table.length) this.reindex(this.table.length * 2);
    else {
      const t = this.table, mask = t.length - 1;
      let h = bucketOf(a, b, mask);
      while (t[h] !== 0) h = (h + 1) & mask;
      t[h] = at + 1;
    }
    return at;
  }

  /** Adds the pair with `value` unless it is there already; true when it was added. */
  addIfAbsent(a: number, b: number, value = 0): boolean {
    if (this.find(a, b) >= 0) return false;
    this.add(a, b, value);
    return true;
  }

  /** Empties the table, keeping its storage (the index sized for as many pairs as it held: the next pass has about as many). */
  clear(): void {
    const used = this.n;
    this.n = 0;
    this.reindex(fitted(this.table.length, used));
  }

  /**
   * Keeps the pairs at the positions k (visited in order) for which `keep(k)` holds, moved down in
   * their order; returns how many were dropped. A caller with columns of its own beside the
   * table's moves them down in the same visit.
   */
  retain(keep: (k: number) => boolean): number {
    const A = this.a, B = this.b, V = this.value, values = this.withValues, n = this.n;
    let w = 0;
    for (let k = 0; k < n; k++) {
      if (!keep(k)) continue;
      A[w] = A[k]; B[w] = B[k];
      if (values) V[w] = V[k];
      w++;
    }
    if (w !== n) {
      this.n = w;
      this.reindex(fitted(this.table.length, w));
    }
    return n - w;
  }

  /** Rebuilds the index over the n pairs with `size` buckets. */
  private reindex(size: number): void {
    if (this.table.length !== size) this.table = new Int32Array(size);
    else this.table.fill(0);
    const t = this.table, mask = size - 1, A = this.a, B = this.b;
    for (let k = 0; k < this.n; k++) {
      let h = bucketOf(A[k], B[k], mask);
      while (t[h] !== 0) h = (h + 1) & mask;
      t[h] = k + 1;
    }
  }
}

/** The index size for n pairs: `size` halved while it is over 512 and more than 8 times n. */
function fitted(size: number, n: number): number {
  while (size > 512 && n * 8 < size) size >>= 1;
  return size;
}

/** Bucket of the pair (a, b) in an index of mask + 1 buckets (a multiplicative mix of both ids). */
function bucketOf(a: number, b: number, mask: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  return (h ^ (h >>> 15)) & mask;
}
