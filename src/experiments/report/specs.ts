/**
 * Vega-Lite specs of the sweep report, data inline. Means and intervals arrive computed (the
 * sweep's aggregate), so the page only draws. Each function returns one self-contained chart.
 */

export type PlotSpec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
const WIDTH = 330;
const HEIGHT = 210;

export interface SeriesPoint {
  series: string;
  x: number | null;
  mean: number;
  lo: number;
  hi: number;
  n: number;
  setting: string;
}

const clean = (v: number) => (Number.isFinite(v) ? v : null);

/** Mean against the x dimension (demand) with its 95 % band, one colour per series (policy). */
export function lineWithBand(title: string, data: SeriesPoint[], xName: string, unit: string): PlotSpec {
  const values = data.map((d) => ({ ...d, mean: clean(d.mean), lo: clean(d.lo), hi: clean(d.hi) }));
  const x = { field: 'x', type: 'quantitative', title: xName, scale: { zero: false } };
  const color = { field: 'series', type: 'nominal', title: 'setting' };
  return {
    $schema: SCHEMA, title, width: WIDTH, height: HEIGHT,
    data: { values },
    layer: [
      // The band's colour keeps out of the legend: the legend shows the line's full colour, not the faint band.
      { mark: { type: 'errorband', opacity: 0.22 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: unit }, y2: { field: 'hi' }, color: { ...color, legend: null } } },
      { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: unit }, color, tooltip: [{ field: 'setting' }, { field: 'mean', format: '.4~g' }, { field: 'lo', format: '.4~g' }, { field: 'hi', format: '.4~g' }, { field: 'n' }] } },
    ],
  };
}

/** Without a numeric dimension: one bar per setting with its interval. */
export function barsWithErrors(title: string, data: SeriesPoint[], unit: string): PlotSpec {
  const values = data.map((d) => ({ ...d, mean: clean(d.mean), lo: clean(d.lo), hi: clean(d.hi) }));
  const x = { field: 'series', type: 'nominal', title: 'setting', sort: null };
  return {
    $schema: SCHEMA, title, width: WIDTH, height: HEIGHT,
    data: { values },
    layer: [
      { mark: 'bar', encoding: { x, y: { field: 'mean', type: 'quantitative', title: unit }, color: { field: 'series', type: 'nominal', legend: null } } },
      { mark: { type: 'errorbar', ticks: true }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: unit }, y2: { field: 'hi' } } },
    ],
  };
}

const binLabel = (edges: (number | null)[], i: number) => {
  const hi = edges[i];
  const lo = i === 0 ? null : edges[i - 1];
  if (i === 0) return 'none';
  if (hi === null) return `> ${Math.round((lo ?? 0) / 60)} min`;
  return `${Math.round((lo ?? 0) / 60)}–${Math.round(hi / 60)} min`;
};

/** Share of trips per ground-delay bin, grouped by series, one panel per x value (demand). */
export function delayHistogram(title: string, groups: { series: string; x: number | null; counts: number[]; edges: (number | null)[] }[], xName: string | null): PlotSpec {
  const order = groups[0].edges.map((_, i) => binLabel(groups[0].edges, i));
  const values = groups.flatMap((g) => {
    const total = g.counts.reduce((a, b) => a + b, 0);
    return g.counts.map((c, i) => ({ series: g.series, x: g.x, bin: order[i], share: total > 0 ? c / total : 0, trips: c }));
  });
  const spec: PlotSpec = {
    $schema: SCHEMA, title, data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'bin', type: 'ordinal', sort: order, title: 'ground delay' },
      xOffset: { field: 'series', type: 'nominal' },
      y: { field: 'share', type: 'quantitative', title: 'share of trips', axis: { format: '%' } },
      color: { field: 'series', type: 'nominal', title: 'setting' },
      tooltip: [{ field: 'series' }, { field: 'bin' }, { field: 'share', format: '.1%' }, { field: 'trips' }],
    },
    width: xName ? 200 : WIDTH, height: 160,
  };
  if (xName) (spec.encoding as Record<string, unknown>).column = { field: 'x', type: 'ordinal', title: xName };
  return spec;
}

/** A quantity over simulated time, one line per series, one panel per x value (demand). */
export function timelinePlot(title: string, points: { series: string; x: number | null; t_h: number; value: number }[], xName: string | null, unit: string): PlotSpec {
  const spec: PlotSpec = {
    $schema: SCHEMA, title, data: { values: points },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 't_h', type: 'quantitative', title: 'simulated time (h)' },
      y: { field: 'value', type: 'quantitative', title: unit },
      color: { field: 'series', type: 'nominal', title: 'setting' },
    },
    width: xName ? 200 : WIDTH, height: 150,
  };
  if (xName) (spec.encoding as Record<string, unknown>).column = { field: 'x', type: 'ordinal', title: xName };
  return spec;
}
