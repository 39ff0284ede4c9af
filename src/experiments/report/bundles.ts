import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The browser bundles the report inlines so it works offline (no CDN): Vega (runtime),
 * Vega-Lite (compiles the specs) and vega-embed (puts them in the page).
 */
const BUNDLES = [
  ['vega', 'vega.min.js'],
  ['vega-lite', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
] as const;

let cache: string[] | null = null;

export function plotBundles(): string[] {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  cache = BUNDLES.map(([pkg, file]) => {
    // vega-embed's exports map hides build/: look in the node_modules folders Node would search.
    for (const dir of require.resolve.paths(pkg) ?? []) {
      const p = join(dir, pkg, 'build', file);
      if (existsSync(p)) return readFileSync(p, 'utf8');
    }
    throw new Error(`cannot find ${pkg}/build/${file}: run npm ci`);
  });
  return cache;
}
