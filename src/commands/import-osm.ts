import { parseArgs } from 'node:util';
import { dirname, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import Table from 'cli-table3';
import { readOsmRoads, roadsOf, type OsmImportReport } from '../interop/osm/osm-roads.ts';
import { HIGHWAY_CLASSES, HIGHWAY_CLASS_NAMES } from '../interop/osm/highways.ts';
import { MAX_BOUNDS_SPAN_DEG } from '../../sim-core/scenario/schema.ts';
import { checkOutputDir, UsageError, writeFilesAtomic } from '../io.ts';
import { parseNumberIn } from '../args.ts';

export const IMPORT_OSM_HELP = `Usage: npm run sim -- import-osm <file.osm|file.osm.pbf> --out <roads.geojson> [options]

Reads OpenStreetMap roads (XML or PBF, streamed in two passes: ways, then only the nodes they
use) and writes a GeoJSON road layer a scenario can use as is ("layers": {"roads": "roads.geojson"}):
one LineString per road between junctions, with lanes per direction, speed_kph and oneway.

Options:
  --bbox <w,s,e,n>     keep only road stretches inside these bounds (degrees)
  --classes <a,b,...>  highway classes to keep (default: all drivable):
                       ${HIGHWAY_CLASS_NAMES.join(', ')}
  --cluster <m>        merge junction nodes closer than this into one junction       [10]
  --simplify <m>       drop shape points closer than this to the straight line       [2]
  --json               print the import report as JSON

Defaults per class when a way has no lanes / maxspeed tag (lanes per direction, km/h):
${HIGHWAY_CLASS_NAMES.map((n) => `  ${n.padEnd(15)} ${HIGHWAY_CLASSES[n].lanes} lane(s), ${HIGHWAY_CLASSES[n].speedKph} km/h${HIGHWAY_CLASSES[n].onewayByDefault ? ', one-way' : ''}`).join('\n')}`;

function parseBbox(text: string): [number, number, number, number] {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p))) throw new UsageError(`--bbox: expected west,south,east,north in degrees, got "${text.slice(0, 80)}"`);
  const [w, s, e, n] = parts;
  if (!(w >= -180 && e <= 180 && s >= -90 && n <= 90 && w < e && s < n)) throw new UsageError(`--bbox: expected -180 <= west < east <= 180 and -90 <= south < north <= 90, got "${text.slice(0, 80)}"`);
  return [w, s, e, n];
}

export async function importOsmCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' }, bbox: { type: 'string' }, classes: { type: 'string' }, cluster: { type: 'string' }, simplify: { type: 'string' },
      json: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true, allowPositionals: true,
  });
  if (values.help) {
    console.log(IMPORT_OSM_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`import-osm: expected one input file (.osm or .osm.pbf), got ${positionals.length}`);
  if (!values.out) throw new UsageError('--out: expected the GeoJSON file to write (e.g. roads.geojson)');
  const out = resolve(values.out);
  if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out: "${values.out}" is a folder, expected a file name`);
  checkOutputDir(dirname(out), '--out');
  const classes = values.classes?.split(',').map((c) => c.trim()).filter(Boolean);
  for (const c of classes ?? []) if (!HIGHWAY_CLASSES[c]) throw new UsageError(`--classes: unknown highway class "${c.slice(0, 40)}": expected some of ${HIGHWAY_CLASS_NAMES.join(', ')}`);
  const started = performance.now();
  const data = await readOsmRoads(positionals[0], {
    bbox: values.bbox ? parseBbox(values.bbox) : undefined, classes,
    clusterM: values.cluster ? parseNumberIn(values.cluster, '--cluster', 'metres', 0, 200) : undefined,
    simplifyM: values.simplify ? parseNumberIn(values.simplify, '--simplify', 'metres', 0, 100) : undefined,
  });
  let report: OsmImportReport | null = null;
  // Streamed into the temp file (one feature per line, 1 MB at a time), renamed when complete.
  writeFilesAtomic([{ path: out, data: (write) => {
    let buf = '{"type":"FeatureCollection","features":[\n', first = true;
    report = roadsOf(data, (f) => {
      buf += (first ? '' : ',\n') + JSON.stringify(f);
      first = false;
      if (buf.length > 1 << 20) { write(buf); buf = ''; }
    });
    if (report.roads === 0) throw new UsageError(`${positionals[0]}: no drivable road left after the filters (${Object.entries(report.skipped).map(([k, v]) => `${v} × ${k}`).join(', ') || 'no highway ways'}); nothing was written`);
    write(buf + '\n]}\n');
  } }]);
  const rep = report as OsmImportReport | null;
  if (!rep) throw new Error('import-osm: the road writer did not run');
  const wallS = (performance.now() - started) / 1000;
  const full = { ...rep, out: values.out, import_s: Math.round(wallS * 1000) / 1000, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) };
  if (rep.unsupported.length) console.error(`warning: ${positionals[0]}: not modelled, listed here rather than dropped silently:\n${rep.unsupported.map((r) => `  ${r.count} × ${r.feature}${r.first_line !== null ? ` (first at line ${r.first_line})` : ''}`).join('\n')}`);
  const [w, s, e, n] = rep.bounds!;
  if (e - w > MAX_BOUNDS_SPAN_DEG || n - s > MAX_BOUNDS_SPAN_DEG) console.error(`warning: the roads span ${(e - w).toFixed(2)}° × ${(n - s).toFixed(2)}°; a scenario's bounds may be at most ${MAX_BOUNDS_SPAN_DEG}° (use --bbox)`);
  if (values.json) console.log(JSON.stringify(full, null, 2));
  else if (!values.quiet) {
    const t = new Table({ head: ['highway', 'ways', 'km'], style: { head: [], border: [] } });
    for (const [cls, c] of Object.entries(rep.by_class)) t.push([cls, c.ways, c.km]);
    console.log(t.toString());
    console.log(`${rep.roads} roads, ${rep.km} km, ${rep.junctions} junctions (${rep.junction_nodes_merged} nodes merged into others); ${rep.ways_kept} of ${rep.ways_read} highway ways kept; lanes from class defaults on ${rep.defaults_used.lanes} ways, speeds on ${rep.defaults_used.maxspeed}`);
    const sk = Object.entries(rep.skipped);
    if (sk.length) console.log(`skipped: ${sk.map(([k, v]) => `${v} × ${k}`).join(', ')}`);
    console.log(`bounds [${rep.bounds!.map((v) => v.toFixed(5)).join(', ')}]; imported in ${full.import_s} s, peak RSS ${full.peak_rss_mb} MB → ${values.out}`);
  }
  return 0;
}
