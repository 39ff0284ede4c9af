import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticOsm } from './osm-synthetic.ts';

const ROOT = join(import.meta.dirname, '..');

/**
 * `import-osm` on synthetic grid cities of about 10 MB and 100 MB of OSM XML (and their PBF copies
 * when osmium is installed: .ci/install-osmium), each in its own process through the compiled CLI,
 * so peak RSS is the importer's alone. Baseline in the same run: reading the same file whole
 * (`readFileSync` + a string), the memory a non-streaming reader starts from before parsing.
 * Each import also runs with V8's heap capped at 128 MB (`--max-old-space-size=128`).
 */
export function osmImportBench(): Record<string, number | string>[] {
  const dir = join(tmpdir(), 'skw-osm-bench');
  mkdirSync(dir, { recursive: true });
  const rows: Record<string, number | string>[] = [];
  const haveOsmium = spawnSync('osmium', ['--version']).status === 0;
  for (const [label, side] of [['10 MB', 115], ['100 MB', 365]] as const) {
    const xml = join(dir, `grid-${side}.osm`);
    const made = writeSyntheticOsm(xml, { rows: side, cols: side, blockM: 150, avenueEvery: 5, lat0: 43.5, lon0: 76.9 });
    const files = [xml];
    if (haveOsmium) {
      const pbf = join(dir, `grid-${side}.osm.pbf`);
      execFileSync('osmium', ['cat', xml, '-o', pbf, '--overwrite']);
      files.push(pbf);
    }
    for (const file of files) {
      const out = join(dir, 'roads.geojson');
      const r = spawnSync(process.execPath, [join(ROOT, 'src', 'build', 'sim.mjs'), 'import-osm', file, '--out', out, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`import-osm failed on ${file}: ${r.stderr}`);
      const rep = JSON.parse(r.stdout);
      // The same import with V8's heap capped at 128 MB: it still completes, so the default run's RSS is collector slack, not live data.
      const capped = spawnSync(process.execPath, ['--max-old-space-size=128', join(ROOT, 'src', 'build', 'sim.mjs'), 'import-osm', file, '--out', out, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (capped.status !== 0) throw new Error(`import-osm with a 128 MB heap failed on ${file}: ${capped.stderr.slice(0, 500)}`);
      const cap = JSON.parse(capped.stdout);
      const whole = spawnSync(process.execPath, ['-e', `const s=require('fs').readFileSync(${JSON.stringify(file)},'latin1');console.log(Math.round(process.resourceUsage().maxRSS/1024), s.length)`], { encoding: 'utf8' });
      rows.push({
        file: `${label} ${file.endsWith('.pbf') ? 'PBF' : 'XML'}`, size_mb: Math.round(statSync(file).size / 1e5) / 10, osm_nodes: made.nodes, osm_ways: made.ways,
        roads: rep.roads, junctions: rep.junctions, km: Math.round(rep.km), import_s: rep.import_s, peak_rss_mb: rep.peak_rss_mb, heap128_import_s: cap.import_s, heap128_peak_rss_mb: cap.peak_rss_mb,
        baseline_read_whole_rss_mb: Number(whole.stdout.split(' ')[0]), output_mb: Math.round(statSync(out).size / 1e5) / 10,
      });
      rmSync(out, { force: true });
    }
  }
  return rows;
}
