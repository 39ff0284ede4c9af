import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../io.ts';
import type { Row } from '../flatten.ts';
import { aggregateRows, formatFigure, readRunsCsv, ResultsDir, type AggregateRow } from '../results.ts';
import { DEFAULT_METRICS } from '../spec.ts';
import { plotBundles } from './bundles.ts';
import { barsWithErrors, delayHistogram, lineWithBand, timelinePlot, type PlotSpec } from './specs.ts';

/** Where "open in viewer" links point: the dev viewer (`npm run view`) serves replays by path. */
export const DEFAULT_VIEWER_URL = 'http://127.0.0.1:5173/';

interface Manifest {
  experiment?: { name?: string; grid?: { path: string; values: unknown[] }[]; metrics?: string[]; durationS?: number; scenario?: string; seeds?: number[] };
}

/** How the report lays a sweep out: one numeric dimension on x (demand by preference), the rest as series. */
export interface Layout {
  x: string | null;
  series: string[];
}

export function layoutOf(dims: string[], rows: Row[]): Layout {
  const numeric = dims.filter((d) => rows.length > 0 && rows.every((r) => typeof r[`set.${d}`] === 'number'));
  const x = numeric.includes('demand.scale') ? 'demand.scale' : numeric[0] ?? null;
  return { x, series: dims.filter((d) => d !== x) };
}

const seriesLabel = (layout: Layout, settings: Row) => (layout.series.length ? layout.series.map((d) => String(settings[`set.${d}`])).join(' · ') : 'all');

/**
 * Builds report.html from a sweep folder: runs.csv (the only required input), sweep.json for the
 * grid's order and metrics, and each run's summary.json for timelines and delay histograms.
 * Deterministic: the same folder gives the same bytes.
 */
export function writeReport(dir: string, options: { viewerUrl?: string } = {}): { file: string; plots: number } {
  const csv = join(dir, 'runs.csv');
  if (!existsSync(csv)) throw new Error(`${csv}: no runs.csv (run a sweep into this folder first)`);
  const rows = readRunsCsv(csv);
  const manifest: Manifest = existsSync(join(dir, 'sweep.json')) ? (JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as Manifest) : {};
  const dims = manifest.experiment?.grid?.map((g) => g.path) ?? Object.keys(rows[0] ?? {}).filter((c) => c.startsWith('set.')).map((c) => c.slice(4));
  const settingColumns = dims.map((d) => `set.${d}`);
  const aggregate = aggregateRows(rows, settingColumns);
  const layout = layoutOf(dims, rows);
  const metrics = manifest.experiment?.metrics ?? DEFAULT_METRICS;
  const results = new ResultsDir(dir);
  const viewerUrl = options.viewerUrl ?? DEFAULT_VIEWER_URL;

  const series = (metric: string) => aggregate
    .filter((a) => a.metric === metric)
    .map((a) => ({ series: seriesLabel(layout, a.settings), x: layout.x ? (a.settings[`set.${layout.x}`] as number) : null, setting: a.setting, mean: a.mean, lo: a.lo, hi: a.hi, n: a.n }));
  const metricPlot = (metric: string, title: string, unit: string): PlotSpec | null => {
    const data = series(metric);
    if (!data.length) return null;
    return layout.x ? lineWithBand(title, data, layout.x, unit) : barsWithErrors(title, data, unit);
  };

  const plots: { section: string; spec: PlotSpec }[] = [];
  const add = (section: string, spec: PlotSpec | null) => spec && plots.push({ section, spec });
  add('Safety', metricPlot('drone.conflicts_per_flight_hour', 'Drone conflicts per flight hour', 'conflicts / flight h'));
  add('Safety', metricPlot('drone.los_per_flight_hour', 'Drone losses of separation per flight hour', 'LoS / flight h'));
  add('Safety', metricPlot('drone.los_time_s_per_flight_hour', 'Drone time in LoS per flight hour', 's / flight h'));
  add('Safety', metricPlot('evtol.los_per_flight_hour', 'eVTOL losses of separation per flight hour', 'LoS / flight h'));
  add('Capacity', metricPlot('drone.ground_delay_mean_s', 'Drone mean ground delay', 's'));
  add('Capacity', metricPlot('drone.rejection_rate', 'Drone requests rejected (share)', 'share of requests'));
  add('Capacity', metricPlot('evtol.ground_delay_mean_s', 'eVTOL mean ground delay', 's'));
  add('Energy', metricPlot('drone.energy_kwh_per_trip', 'Drone energy per trip', 'kWh'));
  add('Energy', metricPlot('evtol.energy_kwh_per_trip', 'eVTOL energy per trip', 'kWh'));

  // Delay distributions and the day's pads come from the runs' summaries (lists are not in the CSV).
  const summaries = rows.map((r) => ({ row: r, summary: results.readSummary(String(r.run_key)) }));
  for (const cls of ['drone', 'evtol']) {
    const hist = new Map<string, { series: string; x: number | null; counts: number[]; edges: (number | null)[] }>();
    for (const { row, summary } of summaries) {
      const h = (summary?.classes as Record<string, { ground_delay_histogram?: { upper_edges_s: (number | null)[]; counts: number[] } }> | undefined)?.[cls]?.ground_delay_histogram;
      if (!h) continue;
      const key = String(row.setting);
      let e = hist.get(key);
      if (!e) hist.set(key, (e = { series: seriesLabel(layout, row), x: layout.x ? (row[`set.${layout.x}`] as number) : null, counts: h.counts.map(() => 0), edges: h.upper_edges_s }));
      h.counts.forEach((c, i) => (e!.counts[i] += c));
    }
    if (hist.size) add('Delay distributions', delayHistogram(`${cls === 'drone' ? 'Drone' : 'eVTOL'} ground delay distribution (all seeds)`, [...hist.values()], layout.x));
  }
  const timeline = new Map<string, { series: string; x: number | null; t: number[]; busy: number[][]; queue: number[][]; total: number }>();
  for (const { row, summary } of summaries) {
    const tl = summary?.timeline as { t_s: number[]; pads_busy: number[]; pad_queue: number[]; pads_total: number } | undefined;
    if (!tl?.t_s?.length) continue;
    const key = String(row.setting);
    let e = timeline.get(key);
    if (!e) timeline.set(key, (e = { series: seriesLabel(layout, row), x: layout.x ? (row[`set.${layout.x}`] as number) : null, t: tl.t_s, busy: [], queue: [], total: tl.pads_total }));
    e.busy.push(tl.pads_busy);
    e.queue.push(tl.pad_queue);
  }
  if (timeline.size) {
    const points = (pick: 'busy' | 'queue') => [...timeline.values()].flatMap((e) => e.t.map((t, i) => {
      const vals = e[pick].map((v) => v[i] ?? 0);
      const m = vals.reduce((a, b) => a + b, 0) / vals.length;
      return { series: e.series, x: e.x, t_h: t / 3600, value: pick === 'busy' ? m / Math.max(1, e.total) : m };
    }));
    add('Vertiports', timelinePlot('Pad occupancy over the day (mean over seeds)', points('busy'), layout.x, 'share of pads busy'));
    add('Vertiports', timelinePlot('Aircraft queued for a pad over the day (mean over seeds)', points('queue'), layout.x, 'aircraft holding'));
  }

  const html = page({
    title: manifest.experiment?.name ?? 'sweep',
    intro: introText(manifest, rows, dims),
    plots,
    table: meansTable(aggregate, metrics, dims),
    runs: runsTable(rows, metrics, dims, (key) => (results.hasReplay(key) ? `${viewerUrl}?replay=${encodeURIComponent(`/api/replay?file=${resolve(results.runDir(key), 'replay.skw')}`)}` : null)),
  });
  const file = join(dir, 'report.html');
  writeFileAtomic(file, html);
  return { file, plots: plots.length };
}

function introText(m: Manifest, rows: Row[], dims: string[]): string {
  const settings = new Set(rows.map((r) => r.setting)).size;
  const seeds = new Set(rows.map((r) => r.seed)).size;
  const e = m.experiment;
  const parts = [
    `${rows.length} runs: ${settings} settings × ${seeds} seeds`,
    e?.scenario ? `scenario ${esc(String(e.scenario))}` : '',
    e?.durationS ? `${e.durationS} s simulated each` : '',
    dims.length ? `grid: ${dims.map(esc).join(', ')}` : '',
    rows[0]?.engine_version ? `engine ${esc(String(rows[0].engine_version))}` : '',
  ].filter(Boolean);
  return parts.join(' · ') + '. Bands and bars are 95 % t-intervals of the mean over seeds, computed by the sweep (aggregate.csv); for a metric no run saw below zero they are cut at 0.';
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const fmt = formatFigure;

function meansTable(aggregate: AggregateRow[], metrics: string[], dims: string[]): string {
  const bySetting = new Map<string, Map<string, AggregateRow>>();
  for (const a of aggregate) {
    let m = bySetting.get(a.setting);
    if (!m) bySetting.set(a.setting, (m = new Map()));
    m.set(a.metric, a);
  }
  const head = `<tr>${dims.map((d) => `<th>${esc(d)}</th>`).join('')}<th>n</th>${metrics.map((m) => `<th>${esc(m)}</th>`).join('')}</tr>`;
  const body = [...bySetting.values()].map((m) => {
    const first = [...m.values()][0];
    const cells = metrics.map((k) => {
      const a = m.get(k);
      return `<td>${a ? `${fmt(a.mean)} <span class="ci">[${fmt(a.lo)}, ${fmt(a.hi)}]</span>` : '–'}</td>`;
    });
    return `<tr>${dims.map((d) => `<td>${esc(String(first.settings[`set.${d}`]))}</td>`).join('')}<td>${first.n}</td>${cells.join('')}</tr>`;
  });
  return `<div class="wide"><table><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table></div>`;
}

function runsTable(rows: Row[], metrics: string[], dims: string[], replayLink: (key: string) => string | null): string {
  const shown = metrics.slice(0, 4);
  const head = `<tr>${dims.map((d) => `<th>${esc(d)}</th>`).join('')}<th>seed</th><th>state hash</th>${shown.map((m) => `<th>${esc(m)}</th>`).join('')}<th>replay</th></tr>`;
  const body = rows.map((r) => {
    const link = replayLink(String(r.run_key));
    return `<tr>${dims.map((d) => `<td>${esc(String(r[`set.${d}`]))}</td>`).join('')}<td>${r.seed}</td><td><code>${esc(String(r.state_hash))}</code></td>${shown.map((m) => `<td>${typeof r[m] === 'number' ? fmt(r[m] as number) : '–'}</td>`).join('')}<td>${link ? `<a href="${esc(link)}">open in viewer</a>` : '–'}</td></tr>`;
  });
  return `<div class="scroll"><table><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table></div>`;
}

function page(p: { title: string; intro: string; plots: { section: string; spec: PlotSpec }[]; table: string; runs: string }): string {
  const sections: string[] = [];
  let last = '';
  p.plots.forEach((plot, i) => {
    if (plot.section !== last) sections.push(`<h2>${esc(plot.section)}</h2>`);
    last = plot.section;
    sections.push(`<div class="plot" id="plot-${i}"></div>`);
  });
  const specs = JSON.stringify(p.plots.map((x) => x.spec)).replace(/</g, '\\u003c');
  // The bundles are inlined; "</script" inside them would end the tag early.
  const scripts = plotBundles().map((js) => `<script>${js.replace(/<\/script/gi, '<\\/script')}</script>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>skyweave sweep: ${esc(p.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1180px; color: #1d2733; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #d8dee6; }
.plot { display: inline-block; vertical-align: top; margin: 8px 12px 8px 0; }
table { border-collapse: collapse; font-size: 12.5px; margin: 8px 0; } th, td { border: 1px solid #d8dee6; padding: 3px 7px; text-align: right; }
th { background: #f3f6f9; } .ci { color: #6b7785; font-size: 11.5px; } code { font-size: 11.5px; }
.scroll { max-height: 520px; overflow: auto; } .wide { overflow-x: auto; } p.note { color: #4b5866; }
</style></head>
<body>
<h1>skyweave sweep: ${esc(p.title)}</h1>
<p class="note">${p.intro}</p>
${sections.join('\n')}
<h2>Means with 95 % intervals</h2>
${p.table}
<h2>Runs</h2>
<p class="note">Replay links open the viewer; start it first with <code>npm run view</code>. Runs without a link kept no replay (<code>sweep --replays</code>).</p>
${p.runs}
${scripts}
<script>
(async () => {
  const specs = ${specs};
  const out = [];
  // Data marks only (role "mark"): axes, legends and titles do not count.
  const count = (item) => { let n = 0; const walk = (s) => { if (!s || !s.items) return; if (s.marktype && s.marktype !== 'group' && s.role === 'mark') n += s.items.length; for (const c of s.items) walk(c); }; walk(item); return n; };
  for (let i = 0; i < specs.length; i++) {
    const r = await vegaEmbed('#plot-' + i, specs[i], { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } });
    out.push({ id: 'plot-' + i, title: specs[i].title, marks: count(r.view.scenegraph().root) });
  }
  window.__report = { ready: true, plots: out };
})().catch((e) => { window.__report = { ready: true, error: String(e), plots: [] }; console.error(e); });
</script>
</body></html>
`;
}
