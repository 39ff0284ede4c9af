/**
 * Features of an imported file that skyweave does not model, counted by kind with the first line
 * where each appears, so that the importer prints one warning listing them instead of dropping
 * them silently.
 */
export class UnsupportedFeatures {
  private readonly counts = new Map<string, { count: number; firstLine: number | null }>();

  add(feature: string, line: number | null = null, count = 1): void {
    const c = this.counts.get(feature);
    if (c) c.count += count;
    else this.counts.set(feature, { count, firstLine: line });
  }

  get size(): number {
    return this.counts.size;
  }

  /** Rows sorted by feature name (a stable order for messages and tests). */
  list(): { feature: string; count: number; first_line: number | null }[] {
    return [...this.counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([feature, c]) => ({ feature, count: c.count, first_line: c.firstLine }));
  }

  /** One warning naming every unsupported feature and its count, or null when there is none. */
  warning(file: string): string | null {
    if (this.counts.size === 0) return null;
    return `warning: ${file}: not modelled, listed here rather than dropped silently:\n${this.list().map((r) => `  ${r.count} × ${r.feature}${r.first_line !== null ? ` (first at line ${r.first_line})` : ''}`).join('\n')}`;
  }
}
