import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSumoFiles } from '../../src/interop/sumo/run-sumo-files.ts';
import { importOsm } from '../../src/interop/osm/osm-roads.ts';
import { BlueSkyInputError, runBlueSky } from '../../src/interop/bluesky/run-bluesky.ts';
import { InputFileError, UsageError } from '../../src/io.ts';
import { assertFinite, type FuzzTarget, type Outcome } from './targets.ts';

/**
 * Fuzz targets for the imported formats (issue 14's inputs): SUMO networks and routes, OSM XML and
 * PBF, BlueSky scenario files. Each starts from a real fixture and damages it the way files get
 * damaged or hand-edited (an attribute's value replaced or dropped, a line repeated, stray markup,
 * a cut), then imports it and runs it briefly with invariants checked, or expects a rejection that
 * names the file (and, for XML, the line).
 */

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'skw-fuzz-interop-'));
let fileN = 0;

/** One damage to a text: at a position given as a fraction, so shrinking moves it toward the start. */
type TextEdit =
  | { kind: 'attr'; at: number; value: string | null }
  | { kind: 'cut'; at: number }
  | { kind: 'dup'; at: number }
  | { kind: 'junk'; at: number; text: string };

/**
 * A position in a file, as a fraction, uniform: fc.double draws uniformly over the bits of a
 * double (mostly tiny numbers), which put almost every edit into the XML prolog.
 */
const fraction = () => fc.noBias(fc.integer({ min: 0, max: 1_000_000 })).map((k) => k / 1_000_001);

const ATTR_VALUES = ['', 'x', '0', '-1', '1e400', 'NaN', '1e9', '-1e9', '0.001', '1,2', '1e-9', '999999', '&amp;', 'inf', ' 3 '];
const JUNK = ['<', '>', '&', '"', '</net>', '<edge id="e"/>', '<lane/>', '<!--', '\u0000', '<?xml?>', '<tag k="lanes" v="1000000"/>', '<nd ref="1"/>'];

const textEditArb: fc.Arbitrary<TextEdit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('attr' as const), at: fraction(), value: fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 6, arbitrary: fc.constantFrom(...ATTR_VALUES) }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fraction() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dup' as const), at: fraction() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('junk' as const), at: fraction(), text: fc.constantFrom(...JUNK) }) },
);

const ATTR = /([A-Za-z_:][\w:.-]*)="([^"]*)"/g;

/** Applies one edit to an XML-like text (attribute values found by a regular expression). */
export function applyEdit(text: string, e: TextEdit): string {
  const pos = Math.floor(e.at * text.length);
  if (e.kind === 'cut') return text.slice(0, pos);
  if (e.kind === 'junk') return text.slice(0, pos) + e.text + text.slice(pos);
  if (e.kind === 'dup') {
    const start = text.lastIndexOf('\n', pos) + 1, end = text.indexOf('\n', pos);
    const line = text.slice(start, end < 0 ? text.length : end + 1);
    return text.slice(0, start) + line + line + text.slice(start + line.length);
  }
  const matches = [...text.matchAll(ATTR)];
  if (!matches.length) return text;
  const m = matches[Math.min(matches.length - 1, Math.floor(e.at * matches.length))];
  const replaced = e.value === null ? '' : `${m[1]}="${e.value}"`;
  return text.slice(0, m.index) + replaced + text.slice(m.index! + m[0].length);
}

/** A rejection of an imported file must be ours and name the file. */
function expectFileError(e: unknown, files: string[]): Outcome {
  if (e instanceof InputFileError || e instanceof UsageError || e instanceof BlueSkyInputError) {
    if (!e.message || e.message.length > 2000) throw new Error(`unhelpful message (${e.message.length} characters)`);
    if (!files.some((f) => e.message.includes(f))) throw new Error(`message does not name the file: ${e.message}`);
    return 'rejected';
  }
  throw e;
}

// ---- SUMO networks and routes ------------------------------------------------------------------

const SUMO_CASE = join(FIXTURES, 'sumo-net', 'grid4-priority');
const SUMO_TEXT = { net: readFileSync(join(SUMO_CASE, 'net.net.xml'), 'utf8'), routes: readFileSync(join(SUMO_CASE, 'routes.rou.xml'), 'utf8'), add: readFileSync(join(SUMO_CASE, 'vtypes.add.xml'), 'utf8') };

export const sumoFiles: FuzzTarget<{ edits: { file: 'net' | 'routes' | 'add'; edit: TextEdit }[]; control: string; carFollowing: 'from-vtype' | 'idm' | 'krauss' }> = {
  name: 'sumo-files',
  arbitrary: fc.record({
    edits: fc.array(fc.record({ file: fc.constantFrom('net' as const, 'routes' as const, 'add' as const), edit: textEditArb }), { minLength: 0, maxLength: 3 }),
    control: fc.constantFrom('from-net', 'priority', 'fixed-time', 'aim'),
    carFollowing: fc.constantFrom('from-vtype' as const, 'idm' as const, 'krauss' as const),
  }),
  run({ edits, control, carFollowing }) {
    const text = { ...SUMO_TEXT };
    for (const { file, edit } of edits) text[file] = applyEdit(text[file], edit);
    const n = fileN++;
    const net = join(dir, `n${n}.net.xml`), routes = join(dir, `r${n}.rou.xml`), add = join(dir, `a${n}.add.xml`);
    writeFileSync(net, text.net); writeFileSync(routes, text.routes); writeFileSync(add, text.add);
    try {
      // 60 simulated seconds: enough for vehicles to enter, cross junctions and leave.
      const r = runSumoFiles({ net, routes: [routes], additional: [add] }, { control, carFollowing, dt: 0.5, seed: 1 }, 60);
      assertFinite(r, 'sumo summary');
      return 'accepted';
    } catch (e) {
      if (process.env.FUZZ_SHOW) console.error("REJ", String((e as Error).message).slice(0, 160));
      return expectFileError(e, [net, routes, add]);
    }
  },
};

// ---- OpenStreetMap XML and PBF -----------------------------------------------------------------

const OSM_XML = readFileSync(join(FIXTURES, 'osm', 'alatau-blocks.osm'), 'utf8');
const OSM_PBF = readFileSync(join(FIXTURES, 'osm', 'alatau-blocks.osm.pbf'));
const TAG_VALUES = ['1000000', '-3', '0', 'fast', '50 mph', 'none', '-1', 'yes', 'reversible', '2;3', '', '1e400', 'NaN'];

export const osmFiles: FuzzTarget<{ pbf: boolean; edits: TextEdit[]; tags: [number, string][]; bytes: [number, number][]; cut: number }> = {
  name: 'osm-files',
  arbitrary: fc.record({
    pbf: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    edits: fc.array(textEditArb, { maxLength: 3 }),
    // A tag's value (lanes, maxspeed, oneway, highway ...) set to something odd.
    tags: fc.array(fc.tuple(fraction(), fc.constantFrom(...TAG_VALUES)), { maxLength: 2 }),
    bytes: fc.array(fc.tuple(fraction(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    cut: fc.oneof({ weight: 3, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fraction() }),
  }),
  async run({ pbf, edits, tags, bytes, cut }) {
    const file = join(dir, `m${fileN++}.osm${pbf ? '.pbf' : ''}`);
    if (pbf) {
      let b = new Uint8Array(OSM_PBF);
      for (const [at, v] of bytes) if (b.length) b[Math.min(b.length - 1, Math.floor(at * b.length))] = v;
      if (cut >= 0) b = b.slice(0, Math.floor(cut * b.length));
      writeFileSync(file, b);
    } else {
      let text = OSM_XML;
      const values = [...text.matchAll(/ v="([^"]*)"/g)];
      for (const [at, v] of tags) {
        if (!values.length) break;
        const m = values[Math.min(values.length - 1, Math.floor(at * values.length))];
        text = text.slice(0, m.index) + ` v="${v}"` + text.slice(m.index! + m[0].length);
      }
      for (const e of edits) text = applyEdit(text, e);
      writeFileSync(file, text);
    }
    try {
      const { features, report } = await importOsm(file);
      assertFinite(report, 'osm report');
      for (const f of features) {
        assertFinite(f.geometry.coordinates, 'osm road');
        const { lanes, speed_kph } = f.properties;
        if (!(Number.isInteger(lanes) && lanes >= 1 && lanes <= 16) || !(speed_kph > 0 && speed_kph <= 300)) throw new Error(`road ${f.properties.id}: ${lanes} lanes at ${speed_kph} km/h`);
      }
      return 'accepted';
    } catch (e) {
      if (process.env.FUZZ_SHOW) console.error("REJ", String((e as Error).message).slice(0, 160));
      return expectFileError(e, [file]);
    }
  },
};

// ---- BlueSky scenario files --------------------------------------------------------------------

const SCN_LINES = readFileSync(join(FIXTURES, 'bluesky', 'crossing.scn'), 'utf8').split('\n').filter((l) => l.includes('>'));
const COMMANDS = ['CRE', 'DEL', 'ALT', 'VS', 'SPD', 'HDG', 'DEST', 'ORIG', 'ADDWPT', 'LNAV', 'VNAV', 'MOVE', 'ASAS', 'CDMETHOD', 'RESO', 'ZONER', 'ZONEDH', 'DTLOOK', 'RFACH', 'DT', 'BOX', 'POLY', 'CIRCLE', 'AREA', 'HOLD', 'PAN', 'FROB', ''];
const ARGS = ['D1', 'D2', 'T1', 'X9', 'M600', 'B738', 'EH216', '43.6', '77.0', '43.61', '77.01', '-91', '181', '90', '360', '-5', '0', '300', '30', 'FL100', 'FL999', '1e400', 'NaN', 'x', '', 'ON', 'OFF', 'MVP', 'VO', 'NONE', '0.001', '1e-9', '1e9', 'A', 'N43.6'];
const TIMES = ['00:00:00.00', '00:00:05.00', '00:00:30.00', '00:01:00', '12', '99:59:59.99', '1000:00:00', 'x', '', '-1', '00:00:xx'];

const scnLineArb = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.nat(SCN_LINES.length - 1), fc.array(fc.tuple(fc.nat(8), fc.constantFrom(...ARGS)), { maxLength: 2 })).map(([i, subs]) => {
    // A line of the fixture, with one or two of its comma-separated fields replaced.
    const [time, rest] = [SCN_LINES[i].slice(0, SCN_LINES[i].indexOf('>')), SCN_LINES[i].slice(SCN_LINES[i].indexOf('>') + 1)];
    const fields = rest.split(',');
    for (const [k, v] of subs) if (k < fields.length) fields[k] = k === 0 ? `${fields[0].split(' ')[0]} ${v}` : v;
    return `${time}>${fields.join(',')}`;
  }) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...TIMES), fc.constantFrom(...COMMANDS), fc.array(fc.constantFrom(...ARGS), { maxLength: 7 }), fc.constantFrom(',', ' ', ', ')).map(([t, c, a, sep]) => `${t}>${c} ${a.join(sep)}`) },
  { weight: 1, arbitrary: fc.constantFrom('# comment', '', '>', 'CRE D1', '00:00:00.00>', '00:00:00.00>;;;', '\ufeff00:00:00.00>HOLD', '00:00:00.00>CRE D3,M600,43.6,77.0,0,300,30;HDG D3,270') },
);

export const blueskyScenarios: FuzzTarget<{ lines: string[]; strict: boolean; durationS: number | null }> = {
  name: 'bluesky-scn',
  arbitrary: fc.record({
    lines: fc.array(scnLineArb, { minLength: 0, maxLength: 14 }),
    strict: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    durationS: fc.oneof({ weight: 4, arbitrary: fc.constant(60) }, { weight: 1, arbitrary: fc.constant(null) }),
  }),
  run({ lines, strict, durationS }) {
    const file = `f${fileN++}.scn`;
    try {
      // A small step limit: an open-ended case (no --duration) is refused rather than run for an hour.
      const r = runBlueSky(lines.join('\n'), file, { strict, durationS: durationS ?? undefined, maxSteps: 4000, recordIntervalS: 5 });
      assertFinite(r.summary, 'bluesky summary');
      if (!/^[0-9a-f]{16}$/.test(String(r.summary.state_hash))) throw new Error(`bad state hash ${r.summary.state_hash}`);
      return 'accepted';
    } catch (e) {
      if (process.env.FUZZ_SHOW) console.error("REJ", String((e as Error).message).slice(0, 160));
      return expectFileError(e, [file]);
    }
  },
};
