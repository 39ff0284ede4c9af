import { distanceM, ScriptedTraffic, wrap360, type ScriptWaypoint } from '../../../sim-core/scripted/scripted-traffic.ts';
import type { ScriptedTacticalSettings } from '../../../sim-core/scripted/scripted-tactical.ts';
import { pointInRing } from '../../../sim-core/airspace/geometry.ts';
import type { ScnCommand } from './scn-reader.ts';
import { ArgError, FPM, FT, NM, looksLikeLatitude, parseAltitude, parseAngle, parseNumber, parseOnOff, parseSpeed } from './units.ts';
import { FAMILIES, familyOfType } from './aircraft-types.ts';

/** A BOX, POLY(ALT) or CIRCLE area, in degrees, with an optional altitude band (m). */
export interface Shape {
  name: string;
  kind: 'box' | 'poly' | 'circle';
  /** Ring as lon, lat pairs (closed implicitly); a circle keeps its centre and radius instead. */
  ring: Float64Array;
  centre?: { lat: number; lon: number; radiusM: number };
  topM: number;
  bottomM: number;
}

/** BlueSky's resolution method names to skyweave resolvers (deconfliction/tactical/resolve). */
const RESO_METHODS: Record<string, string> = { OFF: 'none', MVP: 'mvp', SSD: 'vo', VO: 'vo', VERTICAL: 'vertical' };
/**
 * BlueSky's MVP resolves in the directions its switches allow (traffic/asas/mvp.py): horizontally
 * by default (`swresohoriz` on), vertically only after `RMETHV ON`, in both after `RMETHH OFF`.
 */
function mvpFor(horizontal: boolean, vertical: boolean): string {
  return horizontal ? 'mvp-horizontal' : vertical ? 'vertical' : 'mvp';
}
/** Commands with no effect on a headless run (display, GUI and run-speed controls). */
const NO_EFFECT = new Set(['PAN', 'ZOOM', 'SWRAD', 'TRAIL', 'SYMBOL', 'LABEL', 'FILTERALT', 'COLOR', 'COLOUR', 'ECHO', 'OP', 'FF', 'DTMULT', 'SEED', 'SHOWWPT', 'SHOWAPT', 'MAP', 'SCREEN', 'FIXDT', 'PLOT', 'CALC', 'SSD']);
/** Commands that end a headless run at their time. */
/** The smallest simulation step a scenario's DT (or --dt) may ask for (s). */
export const MIN_DT_S = 0.001;

export const END_COMMANDS = new Set(['HOLD', 'QUIT', 'EXIT', 'STOP']);

/** A positive number argument, or an ArgError naming what and its unit. */
function positiveArg(text: string | undefined, what: string, unit: string): number {
  const v = parseNumber(text, `${what} (${unit})`);
  if (!(v > 0)) throw new ArgError(`expected a positive ${what} in ${unit}, got ${text}`);
  return v;
}

export interface StackWarning {
  line: number;
  message: string;
}

/**
 * Applies BlueSky stack commands to scripted traffic. Each command checks its arguments; a bad or
 * unsupported one becomes a warning with its line number (the run goes on, as in BlueSky).
 */
export class BlueSkyStack {
  readonly traffic = new ScriptedTraffic(FAMILIES);
  readonly tactical: ScriptedTacticalSettings = { rpz: 5 * NM, hpz: 1000 * FT, tlook: 300, detection: false, resolver: 'none', margin: 1.05, earth: 'bluesky' };
  /** BlueSky's simdt (s), changed by DT. */
  dt = 0.05;
  asasDt = 1;
  readonly shapes = new Map<string, Shape>();
  area: Shape | null = null;
  /** Time of HOLD/QUIT, when one ran. */
  endRequestedS = NaN;
  readonly warnings: StackWarning[] = [];
  readonly ignored = new Map<string, number>();
  readonly unknownTypes = new Map<string, number>();
  readonly executed = new Map<string, number>();
  deletedByArea = 0;
  /** RESO named MVP, and BlueSky MVP's direction switches (RMETHH, RMETHV): they pick the skyweave resolver. */
  private resoMvp = false;
  private resoHoriz = true;
  private resoVert = false;

  /** `cli` fixes settings the command line gave (they win over the scenario's commands). */
  constructor(private readonly fixed: { dt?: boolean; earth?: boolean; resolver?: boolean } = {}) {}

  apply(c: ScnCommand, timeS: number): void {
    try {
      this.execute(c, timeS);
    } catch (e) {
      if (!(e instanceof ArgError)) throw e;
      this.warn(c, e.message);
    }
  }

  private warn(c: ScnCommand, message: string): void {
    this.warnings.push({ line: c.line, message: `${c.name}: ${message}; command skipped` });
  }

  private count(name: string): void {
    this.executed.set(name, (this.executed.get(name) ?? 0) + 1);
  }

  private aircraft(c: ScnCommand, at = 0): number {
    const acid = c.args[at];
    if (!acid) throw new ArgError('missing aircraft id');
    const k = this.traffic.rowOf(acid);
    if (k < 0) throw new ArgError(`no aircraft ${JSON.stringify(acid.slice(0, 40))}`);
    return k;
  }

  /** A position argument at `at`: lat and lon (two arguments); names need BlueSky's navigation database. */
  private position(c: ScnCommand, at: number): { lat: number; lon: number } {
    const a = c.args[at];
    if (a && !looksLikeLatitude(a)) throw new ArgError(`position ${JSON.stringify(a.slice(0, 40))} is a waypoint or airport name; skyweave has no navigation database (give lat,lon)`);
    return { lat: parseAngle(a, 'lat'), lon: parseAngle(c.args[at + 1], 'lon') };
  }

  private execute(c: ScnCommand, timeS: number): void {
    const t = this.traffic, a = c.args;
    if (NO_EFFECT.has(c.name)) {
      this.ignored.set(c.name, (this.ignored.get(c.name) ?? 0) + 1);
      return;
    }
    if (END_COMMANDS.has(c.name)) {
      if (!(this.endRequestedS <= timeS)) this.endRequestedS = timeS;
      this.count(c.name);
      return;
    }
    switch (c.name) {
      case 'CRE': {
        const acid = a[0];
        if (!acid) throw new ArgError('missing aircraft id');
        if (t.rowOf(acid) >= 0) throw new ArgError(`aircraft ${acid} already exists`);
        const type = a[1] || 'B744';
        const pos = this.position(c, 2);
        const hdg = parseNumber(a[4], 'heading (deg)');
        const alt = parseAltitude(a[5]);
        const spd = parseSpeed(a[6]);
        const { family, known } = familyOfType(type);
        if (!known) this.unknownTypes.set(type.toUpperCase(), (this.unknownTypes.get(type.toUpperCase()) ?? 0) + 1);
        const k = t.create(acid, type, family, pos.lat, pos.lon, hdg, alt, spd, timeS);
        if (this.area) t.inArea[k] = this.inShape(this.area, pos.lat, pos.lon, alt) ? 1 : 0;
        break;
      }
      case 'DEL': {
        const name = a[0];
        if (!name) throw new ArgError('missing aircraft id or shape name');
        const k = t.rowOf(name);
        if (k >= 0) t.delete(k, timeS);
        else if (this.shapes.has(name.toUpperCase())) {
          this.shapes.delete(name.toUpperCase());
          if (this.area?.name === name.toUpperCase()) this.area = null;
        } else throw new ArgError(`no aircraft or shape ${JSON.stringify(name.slice(0, 40))}`);
        break;
      }
      case 'ALT': {
        const k = this.aircraft(c);
        t.selAlt[k] = parseAltitude(a[1]);
        if (a[2]) t.selVs[k] = Math.abs(parseNumber(a[2], 'vertical speed (ft/min)')) * FPM;
        t.vnav[k] = 0;
        break;
      }
      case 'VS': {
        const k = this.aircraft(c);
        t.selVs[k] = Math.abs(parseNumber(a[1], 'vertical speed (ft/min)')) * FPM;
        break;
      }
      case 'SPD': {
        const k = this.aircraft(c);
        const s = parseSpeed(a[1]);
        t.selSpd[k] = s.value;
        t.selMach[k] = s.mach ? 1 : 0;
        t.vnav[k] = 0;
        break;
      }
      case 'HDG': {
        const k = this.aircraft(c);
        t.selHdg[k] = wrap360(parseNumber(a[1], 'heading (deg)'));
        t.lnav[k] = 0;
        break;
      }
      case 'DEST':
      case 'ORIG': {
        const k = this.aircraft(c);
        const pos = this.position(c, 1);
        if (c.name === 'ORIG') t.orig[k] = pos;
        else t.setDestination(k, { ...pos, altM: NaN, speed: null });
        break;
      }
      case 'ADDWPT': {
        const k = this.aircraft(c);
        const kw = (a[1] ?? '').toUpperCase();
        if (kw === 'FLYBY' || kw === 'FLYOVER' || kw === 'TAKEOFF' || kw === 'FLYTURN') throw new ArgError(`waypoint mode ${kw} is not modelled (every waypoint is fly-by)`);
        const pos = this.position(c, 1);
        const wp: ScriptWaypoint = { ...pos, altM: a[3] ? parseAltitude(a[3]) : NaN, speed: a[4] ? parseSpeed(a[4]) : null };
        if (a[5]) throw new ArgError(`inserting after a named waypoint ("${a[5].slice(0, 40)}") is not supported; waypoints are appended in order`);
        t.addWaypoint(k, wp);
        break;
      }
      case 'LNAV':
      case 'VNAV': {
        const k = this.aircraft(c);
        const on = parseOnOff(a[1], c.name) ?? true;
        if (c.name === 'LNAV') {
          if (on && t.wpIdx[k] >= t.routes[k].length) throw new ArgError(`aircraft ${t.acid[k]} has no route to fly (add waypoints or a destination first)`);
          t.lnav[k] = on ? 1 : 0;
        } else t.vnav[k] = on ? 1 : 0;
        break;
      }
      case 'MOVE': {
        const k = this.aircraft(c);
        const pos = this.position(c, 1);
        t.lat[k] = pos.lat;
        t.lon[k] = pos.lon;
        if (a[3]) t.alt[k] = t.selAlt[k] = parseAltitude(a[3]);
        if (a[4]) t.hdg[k] = t.selHdg[k] = wrap360(parseNumber(a[4], 'heading (deg)'));
        if (a[5]) { const s = parseSpeed(a[5]); t.selSpd[k] = s.value; t.selMach[k] = s.mach ? 1 : 0; }
        break;
      }
      case 'ASAS':
      case 'CDMETHOD': {
        const m = (a[0] ?? 'ON').toUpperCase();
        if (m === 'ON' || m === 'STATEBASED' || m === 'TRUE') this.tactical.detection = true;
        else if (m === 'OFF' || m === 'FALSE') this.tactical.detection = false;
        else throw new ArgError(`expected ON, OFF or STATEBASED (skyweave's detection is BlueSky's state-based one), got ${m}`);
        break;
      }
      case 'RESO': {
        const m = (a[0] ?? '').toUpperCase();
        const r = RESO_METHODS[m];
        if (!r) throw new ArgError(`expected one of ${Object.keys(RESO_METHODS).join(', ')}, got ${JSON.stringify(m || '(nothing)')}`);
        this.resoMvp = r === 'mvp';
        if (!this.fixed.resolver) this.tactical.resolver = this.resoMvp ? mvpFor(this.resoHoriz, this.resoVert) : r;
        break;
      }
      case 'RMETHH': {
        // BlueSky's values; SPD and HDG (speed or heading changes only) are flown as both.
        const m = (a[0] ?? '').toUpperCase();
        if (m === 'ON' || m === 'BOTH' || m === 'SPD' || m === 'HDG') { this.resoHoriz = true; this.resoVert = false; }
        else if (m === 'OFF' || m === 'OF' || m === 'NONE') this.resoHoriz = false;
        else throw new ArgError(`expected ON, BOTH, OFF, NONE, SPD or HDG, got ${JSON.stringify(m || '(nothing)')}`);
        if (m === 'SPD' || m === 'HDG') this.warnings.push({ line: c.line, message: `RMETHH ${m}: ${m === 'SPD' ? 'speed' : 'heading'}-only resolution is not modelled; MVP changes speed and heading both` });
        if (this.resoMvp && !this.fixed.resolver) this.tactical.resolver = mvpFor(this.resoHoriz, this.resoVert);
        break;
      }
      case 'RMETHV': {
        const m = (a[0] ?? '').toUpperCase();
        if (m === 'ON' || m === 'V/S') { this.resoVert = true; this.resoHoriz = false; }
        else if (m === 'OFF' || m === 'OF' || m === 'NONE') this.resoVert = false;
        else throw new ArgError(`expected ON, V/S, OFF or NONE, got ${JSON.stringify(m || '(nothing)')}`);
        if (this.resoMvp && !this.fixed.resolver) this.tactical.resolver = mvpFor(this.resoHoriz, this.resoVert);
        break;
      }
      case 'ZONER':
      case 'PZR':
        this.tactical.rpz = positiveArg(a[0], 'protected-zone radius', 'nm') * NM;
        break;
      case 'ZONEDH':
      case 'PZH':
        this.tactical.hpz = positiveArg(a[0], 'protected-zone height', 'ft') * FT;
        break;
      case 'DTLOOK':
        this.tactical.tlook = positiveArg(a[0], 'look-ahead', 's');
        // Longer than an hour of straight-line extrapolation means nothing, and boxes that large make every pair a candidate.
        if (this.tactical.tlook > 3600) throw new ArgError(`expected a look-ahead in (0, 3600] s, got ${a[0]}`);
        break;
      case 'RFACH': {
        const v = parseNumber(a[0], 'horizontal resolution factor');
        if (!(v >= 1)) throw new ArgError(`expected a factor >= 1, got ${a[0]}`);
        this.tactical.margin = v;
        break;
      }
      case 'DT': {
        const v = positiveArg(a[0], 'simulation time step', 's');
        // The same range as --dt: a step of 1e-9 s would make any scenario run forever.
        if (v < MIN_DT_S || v > 10) throw new ArgError(`expected a time step in [${MIN_DT_S}, 10] s, got ${a[0]}`);
        if (!this.fixed.dt) this.dt = v;
        break;
      }
      case 'BOX': {
        const name = this.shapeName(c);
        this.shapes.set(name, this.box(c, name, 1));
        break;
      }
      case 'POLY':
      case 'POLYALT':
      case 'POLYGON': {
        const name = this.shapeName(c);
        let at = 1, band = { topM: Infinity, bottomM: -Infinity };
        if (c.name === 'POLYALT') { band = { topM: parseAltitude(a[1], 'top altitude'), bottomM: parseAltitude(a[2], 'bottom altitude') }; at = 3; }
        const coords: number[] = [];
        for (; at < a.length; at += 2) {
          const p = this.position(c, at);
          coords.push(p.lon, p.lat);
        }
        if (coords.length < 6) throw new ArgError('expected at least three lat,lon vertices');
        this.shapes.set(name, { name, kind: 'poly', ring: Float64Array.from(coords), ...band });
        break;
      }
      case 'CIRCLE': {
        const name = this.shapeName(c);
        const centre = this.position(c, 1);
        const r = parseNumber(a[3], 'radius (nm)');
        if (!(r > 0)) throw new ArgError(`expected a positive radius in nm, got ${a[3]}`);
        this.shapes.set(name, { name, kind: 'circle', ring: new Float64Array(0), centre: { ...centre, radiusM: r * NM }, ...this.band(c, 4) });
        break;
      }
      case 'AREA': {
        const m = (a[0] ?? '').toUpperCase();
        if (m === 'OFF') this.area = null;
        else if (this.shapes.has(m)) this.area = this.shapes.get(m)!;
        else if (looksLikeLatitude(a[0])) this.area = this.box(c, 'AREA', 0);
        else throw new ArgError(`expected a shape name, lat,lon,lat,lon or OFF, got ${JSON.stringify(m.slice(0, 40) || '(nothing)')}`);
        if (this.area) for (const k of t.active) t.inArea[k] = this.inShape(this.area, t.lat[k], t.lon[k], t.alt[k]) ? 1 : 0;
        break;
      }
      default:
        this.warnings.push({ line: c.line, message: `unknown command ${JSON.stringify(c.name.slice(0, 40))}: not supported by skyweave's BlueSky import, ignored` });
        return;
    }
    this.count(c.name);
  }

  private shapeName(c: ScnCommand): string {
    const name = (c.args[0] ?? '').toUpperCase();
    if (!name) throw new ArgError('missing shape name');
    if (this.traffic.rowOf(name) >= 0) throw new ArgError(`shape name ${name} is an aircraft's callsign`);
    return name;
  }

  /** A lat,lon,lat,lon box from argument `at`, with the optional top and bottom after it. */
  private box(c: ScnCommand, name: string, at: number): Shape {
    const p1 = this.position(c, at), p2 = this.position(c, at + 2);
    const [s, n] = [Math.min(p1.lat, p2.lat), Math.max(p1.lat, p2.lat)], [w, e] = [Math.min(p1.lon, p2.lon), Math.max(p1.lon, p2.lon)];
    return { name, kind: 'box', ring: Float64Array.of(w, s, e, s, e, n, w, n), ...this.band(c, at + 4) };
  }

  private band(c: ScnCommand, at: number): { topM: number; bottomM: number } {
    return { topM: c.args[at] ? parseAltitude(c.args[at], 'top altitude') : Infinity, bottomM: c.args[at + 1] ? parseAltitude(c.args[at + 1], 'bottom altitude') : -Infinity };
  }

  inShape(s: Shape, lat: number, lon: number, altM: number): boolean {
    if (altM > s.topM || altM < s.bottomM) return false;
    if (s.centre) return distanceM(s.centre.lat, s.centre.lon, lat, lon) <= s.centre.radiusM;
    return pointInRing(s.ring, lon, lat);
  }
}
