import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { OSMTransform } from 'osm-pbf-parser-node';
import { InputFileError } from '../../io.ts';
import { clip, numberAttr, streamXml } from '../xml-stream.ts';

/** An OSM way as the readers hand it over: id, node references, the tags asked for. */
export interface OsmWay {
  id: number;
  refs: number[];
  tags: Record<string, string>;
  /** Line in an XML file (null in PBF). */
  line: number | null;
}

export type OsmFormat = 'xml' | 'pbf';

/** XML or PBF, from the file's first bytes (a PBF starts with a 4-byte length and "OSMHeader"). */
export function detectFormat(file: string): OsmFormat {
  let fd: number;
  try {
    if (!statSync(file).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    fd = openSync(file, 'r');
  } catch (e) {
    throw new InputFileError(file, null, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const head = Buffer.alloc(64);
  const n = readSync(fd, head, 0, 64, 0);
  closeSync(fd);
  if (n === 0) throw new InputFileError(file, null, 'the file is empty; expected OSM XML (.osm) or PBF (.osm.pbf)');
  if (head.subarray(0, n).includes(Buffer.from('OSMHeader'))) return 'pbf';
  const text = head.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('<')) return 'xml';
  throw new InputFileError(file, null, 'expected OSM XML (starting with "<") or OSM PBF (an "OSMHeader" block), found neither');
}

/**
 * Streams the ways of an OSM file (pass 1 of the import): only ways with a `highway` tag are
 * handed over, with the tags in `keys`. Memory: one way at a time.
 */
export async function readWays(file: string, format: OsmFormat, keys: string[], onWay: (w: OsmWay) => void): Promise<void> {
  if (format === 'xml') {
    let way: OsmWay | null = null;
    let rootChecked = false;
    streamXml(file, {
      open(el, depth) {
        if (!rootChecked) {
          rootChecked = true;
          if (el.name !== 'osm') throw new InputFileError(file, el.line, `expected an OpenStreetMap file (<osm> root element), got <${clip(el.name)}>`);
          return;
        }
        if (depth !== 1 && !(way && depth === 2)) return;
        if (el.name === 'way') {
          way = { id: numberAttr(file, el, 'id', undefined, Number.isSafeInteger, 'an integer id'), refs: [], tags: {}, line: el.line };
        } else if (way && el.name === 'nd') {
          way.refs.push(numberAttr(file, el, 'ref', undefined, Number.isSafeInteger, 'an integer node id'));
        } else if (way && el.name === 'tag') {
          const k = el.attributes.k;
          if (k !== undefined && (k === 'highway' || keys.includes(k))) way.tags[k] = el.attributes.v ?? '';
        }
      },
      close(name, depth) {
        if (name === 'way' && depth === 1 && way) {
          if (way.tags.highway !== undefined) onWay(way);
          way = null;
        }
      },
    });
    return;
  }
  await streamPbf(file, { node: false, way: ['highway', ...keys], relation: false }, (item) => {
    if (item.type === 'way' && item.tags?.highway !== undefined) onWay({ id: item.id, refs: item.refs!, tags: item.tags, line: null });
  });
}

/** Streams the nodes of an OSM file (pass 2): id, latitude, longitude. */
export async function readNodes(file: string, format: OsmFormat, onNode: (id: number, lat: number, lon: number) => void): Promise<void> {
  if (format === 'xml') {
    streamXml(file, {
      open(el, depth) {
        if (depth !== 1 || el.name !== 'node') return;
        const id = numberAttr(file, el, 'id', undefined, Number.isSafeInteger, 'an integer id');
        const lat = numberAttr(file, el, 'lat', undefined, (v) => v >= -90 && v <= 90, 'a latitude in [-90, 90]');
        const lon = numberAttr(file, el, 'lon', undefined, (v) => v >= -180 && v <= 180, 'a longitude in [-180, 180]');
        onNode(id, lat, lon);
      },
    });
    return;
  }
  await streamPbf(file, { node: false, way: false, relation: false }, (item) => {
    if (item.type === 'node') {
      if (!(Math.abs(item.lat!) <= 90 && Math.abs(item.lon!) <= 180)) throw new InputFileError(file, null, `node ${item.id}: expected latitude and longitude in range, got (${item.lat}, ${item.lon})`);
      onNode(item.id, item.lat!, item.lon!);
    }
  });
}

interface PbfItem {
  type?: string;
  id: number;
  lat?: number;
  lon?: number;
  refs?: number[];
  tags?: Record<string, string>;
}

/** osm-pbf-parser-node behind a pipeline, so a read error or a corrupt block rejects instead of hanging. */
async function streamPbf(file: string, withTags: { node: boolean | string[]; way: boolean | string[]; relation: boolean }, onItem: (item: PbfItem) => void): Promise<void> {
  const transform = new OSMTransform({ withTags, withInfo: false });
  // The parser throws from inside _transform on a damaged block (a bad zlib check, a wrong
  // header): thrown there, the error escapes the pipeline as an uncaught exception and kills the
  // process. Handed to the callback instead, the pipeline rejects with it.
  const t = transform as unknown as { _transform(chunk: Buffer, enc: string, next: (e?: Error | null) => void): void };
  const parseChunk = t._transform.bind(transform);
  t._transform = (chunk, enc, next) => {
    try {
      parseChunk(chunk, enc, next);
    } catch (e) {
      next(e as Error);
    }
  };
  try {
    await pipeline(createReadStream(file), transform, async function (source: AsyncIterable<PbfItem[]>) {
      for await (const batch of source) for (const item of batch) onItem(item);
    });
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    throw new InputFileError(file, null, `not a readable OSM PBF file: ${(e as Error).message.slice(0, 200)}`);
  }
  // The parser ends quietly on a file cut inside a block: it would still be waiting for bytes.
  const state = transform as unknown as { buffer: Buffer | null; offset: number; status: number };
  if (state.status !== 0 || (state.buffer && state.buffer.length - state.offset > 0)) throw new InputFileError(file, null, 'not a readable OSM PBF file: it ends inside a block (truncated?)');
}
