/**
 * Binary min-heap of (node, key) on typed arrays, for grid searches: no per-push objects.
 * Equal keys pop the smaller node id first, so searches are reproducible.
 */
export class TypedHeap {
  private nodes = new Int32Array(1024);
  private keys = new Float64Array(1024);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  push(node: number, key: number): void {
    if (this.size === this.nodes.length) {
      const n = new Int32Array(this.size * 2);
      n.set(this.nodes);
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.nodes = n;
      this.keys = k;
    }
    const nodes = this.nodes, keys = this.keys;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] < key || (keys[p] === key && nodes[p] <= node)) break;
      nodes[i] = nodes[p];
      keys[i] = keys[p];
      i = p;
    }
    nodes[i] = node;
    keys[i] = key;
  }

  pop(): number {
    const nodes = this.nodes, keys = this.keys;
    const top = nodes[0];
    const n = --this.size;
    if (n > 0) {
      const node = nodes[n], key = keys[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && (keys[c + 1] < keys[c] || (keys[c + 1] === keys[c] && nodes[c + 1] < nodes[c]))) c++;
        if (keys[c] > key || (keys[c] === key && nodes[c] >= node)) break;
        nodes[i] = nodes[c];
        keys[i] = keys[c];
        i = c;
      }
      nodes[i] = node;
      keys[i] = key;
    }
    return top;
  }
}
