/**
 * MovingAI grid benchmark formats (movingai.com/benchmarks/formats.html): `.map` (octile maps)
 * and `.scen` (problem lists). Origin (0, 0) is the upper-left corner; x = column, y = row.
 * `.`, `G` and `S` are passable ground; `@`, `O`, `T` and `W` are not (water `W` is passable only
 * from water, which these benchmarks never need). LF and CRLF line endings are both accepted.
 */
export interface GridMap {
  width: number;
  height: number;
  /** 1 = passable, 0 = blocked, row-major (index = y * width + x). */
  passable: Uint8Array;
}

export interface ScenarioLine {
  bucket: number;
  map: string;
  mapWidth: number;
  mapHeight: number;
  startX: number;
  startY: number;
  goalX: number;
  goalY: number;
  optimalLength: number;
}

/** A problem in a grid file: the message names the line and what was expected. */
export class GridFormatError extends Error {}

/** Largest map side accepted (the MovingAI benchmark's largest maps are 1,024 to 8,192 wide). */
const MAX_SIDE = 32_768;

const lines = (text: string) => text.replace(/\r\n?/g, '\n').split('\n');

export function parseMap(text: string, name = 'map'): GridMap {
  const ls = lines(text);
  const header: Record<string, string> = {};
  let i = 0;
  for (; i < ls.length; i++) {
    const l = ls[i].trim();
    if (l === 'map') break;
    if (l === '') continue;
    const [key, value] = l.split(/\s+/);
    header[key] = value;
  }
  if (i >= ls.length) throw new GridFormatError(`${name}: expected a "map" line after the header (type, height, width)`);
  if (header.type !== 'octile') throw new GridFormatError(`${name}: line 1: expected "type octile", got "type ${header.type ?? ''}"`);
  const height = Number(header.height);
  const width = Number(header.width);
  if (!Number.isInteger(height) || height <= 0) throw new GridFormatError(`${name}: expected "height <positive integer>", got "${header.height}"`);
  if (!Number.isInteger(width) || width <= 0) throw new GridFormatError(`${name}: expected "width <positive integer>", got "${header.width}"`);
  // Check the rows exist before allocating: a header claiming 10^8 × 10^8 cells must not abort the process.
  if (width > MAX_SIDE || height > MAX_SIDE) throw new GridFormatError(`${name}: expected width and height <= ${MAX_SIDE}, got ${width} × ${height}`);
  if (ls.length - (i + 1) < height) throw new GridFormatError(`${name}: the header says ${height} rows, the file has ${Math.max(0, ls.length - (i + 1))} after "map"`);
  const passable = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = ls[i + 1 + y];
    if (row === undefined || row.length < width) throw new GridFormatError(`${name}: line ${i + 2 + y}: expected a row of ${width} cells, got ${row === undefined ? 'end of file' : `${row.length} characters`}`);
    for (let x = 0; x < width; x++) {
      const c = row[x];
      if (c === '.' || c === 'G' || c === 'S') passable[y * width + x] = 1;
      else if (c !== '@' && c !== 'O' && c !== 'T' && c !== 'W') throw new GridFormatError(`${name}: line ${i + 2 + y}, column ${x + 1}: unknown terrain "${c}" (expected one of . G S @ O T W)`);
    }
  }
  return { width, height, passable };
}

export function parseScen(text: string, name = 'scen'): ScenarioLine[] {
  const ls = lines(text);
  const out: ScenarioLine[] = [];
  let start = 0;
  if (/^version\b/.test(ls[0] ?? '')) start = 1;
  for (let i = start; i < ls.length; i++) {
    if (ls[i].trim() === '') continue;
    const f = ls[i].split('\t');
    if (f.length < 9) throw new GridFormatError(`${name}: line ${i + 1}: expected 9 tab-separated fields (bucket map width height sx sy gx gy length), got ${f.length}`);
    const n = f.map(Number);
    for (const k of [0, 2, 3, 4, 5, 6, 7, 8]) {
      if (!Number.isFinite(n[k])) throw new GridFormatError(`${name}: line ${i + 1}, field ${k + 1}: expected a number, got "${f[k]}"`);
    }
    out.push({ bucket: n[0], map: f[1], mapWidth: n[2], mapHeight: n[3], startX: n[4], startY: n[5], goalX: n[6], goalY: n[7], optimalLength: n[8] });
  }
  return out;
}

/** Checks a scenario line against its map: in bounds and on passable cells. */
export function checkLine(map: GridMap, s: ScenarioLine, lineNo: number, name = 'scen'): void {
  for (const [x, y, what] of [[s.startX, s.startY, 'start'], [s.goalX, s.goalY, 'goal']] as const) {
    if (x < 0 || y < 0 || x >= map.width || y >= map.height) throw new GridFormatError(`${name}: problem ${lineNo}: ${what} (${x}, ${y}) is outside the ${map.width}×${map.height} map`);
    if (!map.passable[y * map.width + x]) throw new GridFormatError(`${name}: problem ${lineNo}: ${what} (${x}, ${y}) is on a blocked cell`);
  }
}
