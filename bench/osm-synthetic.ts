import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * A synthetic OpenStreetMap city in OSM XML, for the importer's tests and benchmark: a grid of
 * streets (residential, every `avenueEvery`-th a four-lane primary with a speed limit), a shape
 * point bent 3 m off each block edge, some one-way streets, a footway and a building per block
 * (skipped by the importer), and tagged nodes. Written in chunks, so a 100 MB file costs no more
 * memory than a small one. Ids and coordinates are exact functions of the grid position.
 */
export interface SyntheticCity {
  rows: number;
  cols: number;
  /** Block side (m). */
  blockM: number;
  avenueEvery: number;
  lat0: number;
  lon0: number;
}

export function writeSyntheticOsm(file: string, c: SyntheticCity): { nodes: number; ways: number; bytes: number } {
  const fd = openSync(file, 'w');
  let buf = '', bytes = 0;
  const out = (s: string) => {
    buf += s;
    if (buf.length > 1 << 20) { bytes += writeSync(fd, buf); buf = ''; }
  };
  const mLat = 1 / 111_320, mLon = 1 / (111_320 * Math.cos((c.lat0 * Math.PI) / 180));
  const pos = (east: number, north: number) => [c.lat0 + north * mLat, c.lon0 + east * mLon];
  const fmt = (v: number) => v.toFixed(7);
  const cross = (i: number, j: number) => 1 + i * c.cols + j;
  const base = c.rows * c.cols + 1;
  // Shape points: one per block edge, east-going then north-going; building corners after them.
  const shapeE = (i: number, j: number) => base + 2 * (i * c.cols + j);
  const shapeN = (i: number, j: number) => base + 2 * (i * c.cols + j) + 1;
  const bldBase = base + 2 * c.rows * c.cols;
  const bld = (i: number, j: number, k: number) => bldBase + 4 * (i * c.cols + j) + k;
  out(`<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="skyweave bench/osm-synthetic.ts">\n`);
  const [s, w] = pos(0, 0), [n, e] = pos((c.cols - 1) * c.blockM, (c.rows - 1) * c.blockM);
  out(` <bounds minlat="${fmt(s)}" minlon="${fmt(w)}" maxlat="${fmt(n)}" maxlon="${fmt(e)}"/>\n`);
  let nodes = 0, ways = 0;
  const node = (id: number, east: number, north: number, tags = '') => {
    const [la, lo] = pos(east, north);
    nodes++;
    if (tags) out(` <node id="${id}" version="1" lat="${fmt(la)}" lon="${fmt(lo)}">\n${tags} </node>\n`);
    else out(` <node id="${id}" version="1" lat="${fmt(la)}" lon="${fmt(lo)}"/>\n`);
  };
  for (let i = 0; i < c.rows; i++) for (let j = 0; j < c.cols; j++) {
    const signal = i % c.avenueEvery === 0 && j % c.avenueEvery === 0 ? '  <tag k="highway" v="traffic_signals"/>\n' : '';
    node(cross(i, j), j * c.blockM, i * c.blockM, signal);
  }
  for (let i = 0; i < c.rows; i++) for (let j = 0; j < c.cols; j++) {
    node(shapeE(i, j), (j + 0.5) * c.blockM, i * c.blockM + 3);
    node(shapeN(i, j), j * c.blockM + 3, (i + 0.5) * c.blockM);
  }
  for (let i = 0; i < c.rows - 1; i++) for (let j = 0; j < c.cols - 1; j++) {
    const x0 = j * c.blockM + 30, y0 = i * c.blockM + 30, sz = c.blockM - 60;
    node(bld(i, j, 0), x0, y0); node(bld(i, j, 1), x0 + sz, y0); node(bld(i, j, 2), x0 + sz, y0 + sz); node(bld(i, j, 3), x0, y0 + sz);
  }
  let wayId = 1;
  const way = (refs: number[], tags: Record<string, string>) => {
    ways++;
    out(` <way id="${wayId++}" version="1">\n${refs.map((r) => `  <nd ref="${r}"/>\n`).join('')}${Object.entries(tags).map(([k, v]) => `  <tag k="${k}" v="${v}"/>\n`).join('')} </way>\n`);
  };
  const streetTags = (index: number): Record<string, string> =>
    index % c.avenueEvery === 0 ? { highway: 'primary', lanes: '4', maxspeed: '60', name: `Avenue ${index}` }
      : index % 7 === 3 ? { highway: 'residential', oneway: 'yes', name: `Street ${index}` } : { highway: 'residential', name: `Street ${index}` };
  // East-west streets (row i) and north-south streets (column j), one way each, through the shape points.
  for (let i = 0; i < c.rows; i++) {
    const refs: number[] = [];
    for (let j = 0; j < c.cols; j++) { refs.push(cross(i, j)); if (j < c.cols - 1) refs.push(shapeE(i, j)); }
    way(refs, streetTags(i));
  }
  for (let j = 0; j < c.cols; j++) {
    const refs: number[] = [];
    for (let i = 0; i < c.rows; i++) { refs.push(cross(i, j)); if (i < c.rows - 1) refs.push(shapeN(i, j)); }
    way(refs, streetTags(j + 1000));
  }
  for (let i = 0; i < c.rows - 1; i++) for (let j = 0; j < c.cols - 1; j++) {
    way([bld(i, j, 0), bld(i, j, 1), bld(i, j, 2), bld(i, j, 3), bld(i, j, 0)], { building: 'yes' });
    if ((i + j) % 4 === 0) way([bld(i, j, 0), bld(i, j, 2)], { highway: 'footway' });
  }
  out('</osm>\n');
  bytes += writeSync(fd, buf);
  closeSync(fd);
  return { nodes, ways, bytes };
}
