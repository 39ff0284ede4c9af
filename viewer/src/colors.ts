/** Class colours (drone, evtol, ground, then further classes such as a BlueSky run's fixed-wing) and the altitude ramp used to tint aircraft. */
export const CLASS_COLORS = [0x4fc3f7, 0xffb74d, 0x9ccc65, 0xce93d8];

/** How the viewer shows the replay's classes (its static layers name them): label, colour, particle shape, and which one is ground traffic. */
export interface ClassStyle {
  labels: string[];
  colors: number[];
  /** Texture per class: 0 circle (drones), 1 diamond (other aircraft), 2 square (ground). */
  shapes: number[];
  /** Index of the ground class (drawn in its colour, counted as moving on the road), −1: none. */
  ground: number;
}

const KNOWN_CLASSES = ['drone', 'evtol', 'ground'];

export function classStyle(names: readonly string[]): ClassStyle {
  let extra = 0;
  return {
    labels: names.map((n) => (n === 'evtol' ? 'eVTOL' : n)),
    // Each known class keeps its colour whatever its index; other classes take the colours after them.
    colors: names.map((n) => (KNOWN_CLASSES.includes(n) ? CLASS_COLORS[KNOWN_CLASSES.indexOf(n)] : CLASS_COLORS[Math.min(CLASS_COLORS.length - 1, 3 + extra++)])),
    shapes: names.map((n) => (n === 'drone' ? 0 : n === 'ground' ? 2 : 1)),
    ground: names.indexOf('ground'),
  };
}
export const BACKGROUND = 0x0e1116;

const RAMP: [number, number, number, number][] = [
  // altitude m, r, g, b: ground → low drones → eVTOL levels → high
  [0, 120, 200, 120],
  [60, 80, 200, 255],
  [120, 90, 140, 255],
  [250, 200, 110, 255],
  [400, 255, 150, 80],
  [600, 255, 80, 80],
];

/** Altitude (m) to a 0xRRGGBB colour on the ramp. */
export function altitudeColor(z: number): number {
  if (z <= RAMP[0][0]) return rgb(RAMP[0]);
  for (let i = 1; i < RAMP.length; i++) {
    if (z <= RAMP[i][0]) {
      const a = RAMP[i - 1];
      const b = RAMP[i];
      const t = (z - a[0]) / (b[0] - a[0]);
      return ((a[1] + (b[1] - a[1]) * t) << 16) | ((a[2] + (b[2] - a[2]) * t) << 8) | (a[3] + (b[3] - a[3]) * t);
    }
  }
  return rgb(RAMP[RAMP.length - 1]);
}

function rgb(e: [number, number, number, number]): number {
  return (e[1] << 16) | (e[2] << 8) | e[3];
}

/** 0xRRGGBB → 0xBBGGRR (the byte order Pixi particles store). */
export function toBgr(c: number): number {
  return ((c & 0xff) << 16) | (c & 0xff00) | ((c >> 16) & 0xff);
}

/** Load ratio (0 … ≥1) to green → yellow → red. */
export function loadColor(ratio: number): number {
  const t = Math.max(0, Math.min(1, ratio));
  const r = t < 0.5 ? Math.round(510 * t) : 255;
  const g = t < 0.5 ? 200 : Math.round(200 * (1 - (t - 0.5) * 2));
  return (r << 16) | (g << 8) | 60;
}

export const css = (c: number) => '#' + c.toString(16).padStart(6, '0');
