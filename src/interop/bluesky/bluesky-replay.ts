import { LocalFrame } from '../../../sim-core/airspace/local-frame.ts';
import { EventLog, EVENT_CONFLICT, EVENT_LOS } from '../../../sim-core/metrics/events.ts';
import type { StaticLayers } from '../../../sim-core/replay/format.ts';
import { ReplayWriter, type ReplayMeta } from '../../../sim-core/replay/writer.ts';
import type { PairEvent } from '../../../sim-core/scripted/scripted-tactical.ts';
import type { ScriptedTraffic } from '../../../sim-core/scripted/scripted-traffic.ts';
import { FAMILIES } from './aircraft-types.ts';
import type { BlueSkyStack, Shape } from './stack.ts';

/** The replay's classes for BlueSky traffic: skyweave's two aircraft classes, then fixed-wing (no ground traffic). */
export const BLUESKY_REPLAY_CLASSES = ['drone', 'evtol', 'fixed-wing'] as const;
/** The replay class of each performance family (every family's class is one of the list). */
const CLASS_OF_FAMILY = FAMILIES.map((f) => {
  const c = BLUESKY_REPLAY_CLASSES.indexOf(f.skyweaveClass as (typeof BLUESKY_REPLAY_CLASSES)[number]);
  if (c < 0) throw new Error(`bluesky-replay: family ${f.name} has class ${f.skyweaveClass}, not one of ${BLUESKY_REPLAY_CLASSES.join(', ')}`);
  return c;
});

/**
 * Records a BlueSky run as a skyweave replay (the viewer opens it like any run): a frame of every
 * aircraft alive every `intervalS`, in a local frame centred on the aircraft alive at the first
 * frame that has any; one agent per aircraft row (its "trip" is its callsign and destination);
 * the scenario's areas as geofences; conflicts and losses of separation as events.
 */
export class BlueSkyRecorder {
  private readonly writer: ReplayWriter;
  private frame: LocalFrame | null = null;
  private origin = { lat: 0, lon: 0 };
  private nextS = 0;
  private ids = new Int32Array(64);
  private x = new Float64Array(64);
  private y = new Float64Array(64);
  private z = new Float64Array(64);
  private gs = new Float64Array(64);
  private minX = Infinity; private minY = Infinity; private maxX = -Infinity; private maxY = -Infinity;

  private readonly meta: ReplayMeta;

  constructor(private readonly intervalS: number, private readonly dt: number, scenarioHash: string) {
    // Origin, layers' bounds and areas are known only at the end: the writer holds both by reference.
    this.meta = { seed: 0, dt, ticksPerFrame: Math.max(1, Math.round(intervalS / dt)), originLat: 0, originLon: 0, scenarioHash };
    this.writer = new ReplayWriter(this.meta, this.layers);
  }

  private readonly layers: StaticLayers = {
    name: '', origin: { lat: 0, lon: 0 }, bounds: { minX: -1000, minY: -1000, maxX: 1000, maxY: 1000 }, startTimeS: 0,
    classes: [], geofences: [], vertiports: [], corridors: [], roads: [], zones: [], flows: [], params: { rpz: 0, hpz: 0, lookaheadS: 0 },
  };

  /** Records a frame when one is due at `simS` (call once per step, after the step). */
  maybeRecord(simS: number, t: ScriptedTraffic): void {
    if (simS < this.nextS - 1e-9) return;
    this.nextS += this.intervalS;
    const n = t.active.length;
    if (n && !this.frame) {
      this.origin = t.meanPosition();
      this.frame = new LocalFrame(this.origin.lat, this.origin.lon);
    }
    if (n > this.ids.length) {
      const c = n * 2;
      this.ids = new Int32Array(c); this.x = new Float64Array(c); this.y = new Float64Array(c); this.z = new Float64Array(c); this.gs = new Float64Array(c);
    }
    for (let i = 0; i < n; i++) {
      const k = t.active[i];
      const [x, y] = this.frame!.forward(t.lon[k], t.lat[k]);
      this.ids[i] = k; this.x[i] = x; this.y[i] = y; this.z[i] = t.alt[k]; this.gs[i] = t.tas[k];
      this.extend(x, y);
    }
    this.writer.addDenseFrame(Math.round(simS / this.dt), n, this.ids, this.x, this.y, this.z, this.gs);
  }

  /** Grows the box the camera fits to hold (x, y). */
  private extend(x: number, y: number): void {
    if (x < this.minX) this.minX = x;
    if (x > this.maxX) this.maxX = x;
    if (y < this.minY) this.minY = y;
    if (y > this.maxY) this.maxY = y;
  }

  /** The replay file. */
  finish(file: string, stack: BlueSkyStack, simS: number, events: PairEvent[], stateHash: string): Uint8Array {
    const t = stack.traffic, frame = this.frame ?? new LocalFrame(0, 0), L = this.layers;
    this.meta.originLat = this.origin.lat;
    this.meta.originLon = this.origin.lon;
    L.name = file;
    L.origin = this.origin;
    L.classes = BLUESKY_REPLAY_CLASSES.map((name) => {
      const fams = FAMILIES.filter((f) => f.skyweaveClass === name);
      return { name, maxMps: Math.max(0, ...fams.map((f) => f.maxTasMps)), cruiseAltM: 0 };
    });
    L.geofences = [...stack.shapes.values()].map((s) => ({
      id: s.name, kind: stack.area === s ? 'experiment area' : 'area', floorM: Number.isFinite(s.bottomM) ? s.bottomM : 0,
      ceilingM: Number.isFinite(s.topM) ? s.topM : 99999, activeFromS: 0, activeToS: 1e9, ring: ringOf(s, frame),
    }));
    // The camera fits the bounds: the aircraft flown and every area, 2 km around.
    for (const g of L.geofences) for (let i = 0; i + 1 < g.ring.length; i += 2) this.extend(g.ring[i], g.ring[i + 1]);
    const pad = 2000;
    L.bounds = Number.isFinite(this.minX)
      ? { minX: this.minX - pad, minY: this.minY - pad, maxX: this.maxX + pad, maxY: this.maxY + pad }
      : { minX: -pad, minY: -pad, maxX: pad, maxY: pad };
    L.flows = Array.from({ length: t.n }, (_, k) => {
      const d = t.dest[k];
      return { name: t.acid[k], cls: CLASS_OF_FAMILY[t.family[k]], from: `${t.acid[k]} (${t.type[k]})`, to: d ? `${d.lat.toFixed(4)}, ${d.lon.toFixed(4)}` : 'no destination' };
    });
    L.params = { rpz: stack.tactical.rpz, hpz: stack.tactical.hpz, lookaheadS: stack.tactical.tlook };
    const cls = new Uint8Array(t.n), flow = new Int32Array(t.n), spawn = new Int32Array(t.n), arrive = new Int32Array(t.n);
    for (let k = 0; k < t.n; k++) {
      cls[k] = CLASS_OF_FAMILY[t.family[k]];
      flow[k] = k;
      spawn[k] = Math.round(t.createdS[k] / this.dt);
      arrive[k] = t.arrivedS[k] === t.arrivedS[k] ? Math.round(t.arrivedS[k] / this.dt) : -1;
    }
    const log = new EventLog();
    for (const e of events) log.push(Math.round(e.timeS / this.dt), e.kind === 'los' ? EVENT_LOS : EVENT_CONFLICT, e.a, e.b, e.kind === 'los' ? e.distM : e.tcpa);
    return this.writer.finish(Math.round(simS / this.dt), stateHash, { count: t.n, cls, flow, spawnTick: spawn, arriveTick: arrive }, log.bytes(), log.count);
  }
}

/** An area's outline in the local frame, as x, y pairs (a circle as 48 points). */
function ringOf(s: Shape, frame: LocalFrame): number[] {
  const out: number[] = [];
  if (s.kind === 'circle' && s.centre) {
    const [cx, cy] = frame.forward(s.centre.lon, s.centre.lat);
    for (let i = 0; i < 48; i++) {
      const a = (i / 48) * 2 * Math.PI;
      out.push(cx + s.centre.radiusM * Math.sin(a), cy + s.centre.radiusM * Math.cos(a));
    }
    return out;
  }
  for (let i = 0; i + 1 < s.ring.length; i += 2) out.push(...frame.forward(s.ring[i], s.ring[i + 1]));
  return out;
}
