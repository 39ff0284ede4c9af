import { BLUESKY_EARTH_RADIUS_M } from '../deconfliction/tactical/earth.ts';
import { growColumns, type ColumnKey } from '../world/columns.ts';
import { selectedTas, speedToTas, type SpeedSetting } from './isa.ts';
import type { PerformanceFamily } from './performance.ts';

/** Earth radius of BlueSky's kinematics (m): positions advance on the sphere its flat-earth detection uses. */
export const SCRIPT_EARTH_RADIUS_M = BLUESKY_EARTH_RADIUS_M;
const G = 9.80665;
const DEG = 180 / Math.PI, RAD = Math.PI / 180;

/** A route point: position, and optional altitude (m) and speed constraints (NaN / null: none). */
export interface ScriptWaypoint {
  lat: number;
  lon: number;
  altM: number;
  speed: SpeedSetting | null;
}

/**
 * Aircraft driven by stack commands (a BlueSky scenario): state as columns, one row per aircraft
 * ever created (rows are never reused, so a row number is a stable id for the pair ledgers), and
 * a dense list of the rows alive. Kinematics as BlueSky's: heading turns at the family's bank
 * angle, speed and vertical speed change at the family's rates, and positions advance in latitude
 * and longitude on a sphere (no wind: track = heading, ground speed = true airspeed).
 * Autopilot: LNAV flies the route's waypoints (fly-by, turning early by the turn radius), VNAV
 * takes their altitude and speed constraints; HDG, ALT and SPD select values directly and switch
 * the matching mode off, as in BlueSky. A tactical resolution overrides track and speed (and
 * altitude for vertical resolution) while `resoActive` is set.
 */
export class ScriptedTraffic {
  n = 0;
  capacity = 0;
  alive = new Uint8Array(0);
  family = new Uint8Array(0);
  lat = new Float64Array(0);
  lon = new Float64Array(0);
  alt = new Float64Array(0);
  /** Heading = track (degrees from north, [0, 360)). */
  hdg = new Float64Array(0);
  tas = new Float64Array(0);
  vs = new Float64Array(0);
  selHdg = new Float64Array(0);
  selAlt = new Float64Array(0);
  /** Selected vertical speed magnitude (m/s; NaN: the family's default). */
  selVs = new Float64Array(0);
  /** Selected speed: CAS in m/s, or a Mach number when selMach is 1. */
  selSpd = new Float64Array(0);
  selMach = new Uint8Array(0);
  lnav = new Uint8Array(0);
  vnav = new Uint8Array(0);
  wpIdx = new Int32Array(0);
  resoActive = new Uint8Array(0);
  resoVx = new Float64Array(0);
  resoVy = new Float64Array(0);
  resoAlt = new Float64Array(0);
  /** Created, deleted (NaN: still alive) and reached-destination times (s; NaN: not reached). */
  createdS = new Float64Array(0);
  deletedS = new Float64Array(0);
  arrivedS = new Float64Array(0);
  distanceM = new Float64Array(0);
  /** 1 while inside the experiment area (AREA): leaving it deletes the aircraft. */
  inArea = new Uint8Array(0);
  acid: string[] = [];
  type: string[] = [];
  routes: ScriptWaypoint[][] = [];
  /** Destination and origin as given (DEST, ORIG), or null. */
  dest: (ScriptWaypoint | null)[] = [];
  orig: ({ lat: number; lon: number } | null)[] = [];
  /** Rows alive, in creation order. */
  active: number[] = [];
  private readonly rowOfAcid = new Map<string, number>();

  constructor(readonly families: PerformanceFamily[]) {}

  /** Mean latitude and longitude of the aircraft alive (0, 0 with none): where runs centre their local frames. */
  meanPosition(): { lat: number; lon: number } {
    if (!this.active.length) return { lat: 0, lon: 0 };
    let lat = 0, lon = 0;
    for (const k of this.active) { lat += this.lat[k]; lon += this.lon[k]; }
    return { lat: lat / this.active.length, lon: lon / this.active.length };
  }

  private ensure(c: number): void {
    if (c <= this.capacity) return;
    const cap = Math.max(c, this.capacity * 2, 64);
    growColumns<ScriptedTraffic>(this, SCRIPT_COLUMNS, cap);
    this.capacity = cap;
  }

  /** The live row of an aircraft by callsign (case-insensitive), or −1. */
  rowOf(acid: string): number {
    return this.rowOfAcid.get(acid.toUpperCase()) ?? -1;
  }

  /** CRE: a new aircraft in level flight at the selected speed; returns its row. A callsign in use is an error of the caller's to report. */
  create(acid: string, type: string, family: number, lat: number, lon: number, hdgDeg: number, altM: number, speed: SpeedSetting, timeS: number): number {
    this.ensure(this.n + 1);
    const k = this.n++;
    const f = this.families[family];
    this.alive[k] = 1; this.family[k] = family;
    this.lat[k] = lat; this.lon[k] = lon; this.alt[k] = altM;
    this.hdg[k] = wrap360(hdgDeg); this.selHdg[k] = this.hdg[k];
    this.selAlt[k] = altM; this.selVs[k] = NaN; this.vs[k] = 0;
    this.selSpd[k] = speed.value; this.selMach[k] = speed.mach ? 1 : 0;
    this.tas[k] = clamp(speedToTas(speed, altM), f.minTasMps, f.maxTasMps);
    this.lnav[k] = 0; this.vnav[k] = 0; this.wpIdx[k] = 0;
    this.resoActive[k] = 0; this.resoVx[k] = 0; this.resoVy[k] = 0; this.resoAlt[k] = NaN;
    this.createdS[k] = timeS; this.deletedS[k] = NaN; this.arrivedS[k] = NaN; this.distanceM[k] = 0; this.inArea[k] = 0;
    this.acid[k] = acid.toUpperCase(); this.type[k] = type.toUpperCase();
    this.routes[k] = []; this.dest[k] = null; this.orig[k] = null;
    this.active.push(k);
    this.rowOfAcid.set(this.acid[k], k);
    return k;
  }

  delete(k: number, timeS: number): void {
    if (!this.alive[k]) return;
    this.alive[k] = 0;
    this.deletedS[k] = timeS;
    this.rowOfAcid.delete(this.acid[k]);
    const at = this.active.indexOf(k);
    if (at >= 0) this.active.splice(at, 1);
  }

  /** Adds a waypoint at the end of the route (before the destination when one is set); the first waypoint engages LNAV. */
  addWaypoint(k: number, wp: ScriptWaypoint): void {
    const r = this.routes[k];
    const destAt = this.dest[k] ? r.length - 1 : r.length;
    const pending = this.wpIdx[k] < r.length;
    r.splice(destAt, 0, wp);
    // Nothing left to fly (a new route, or one finished): fly the new point. Else LNAV stays as set.
    if (!pending) {
      this.wpIdx[k] = destAt;
      this.lnav[k] = 1;
    } else if (this.wpIdx[k] > destAt) this.wpIdx[k] = destAt;
  }

  /** DEST: the route's last point (replacing an earlier destination); engages LNAV. */
  setDestination(k: number, wp: ScriptWaypoint): void {
    const r = this.routes[k];
    if (this.dest[k]) r[r.length - 1] = wp;
    else r.push(wp);
    if (this.wpIdx[k] >= r.length) this.wpIdx[k] = r.length - 1;
    this.dest[k] = wp;
    this.lnav[k] = 1;
    this.arrivedS[k] = NaN;
  }

  /** Advances every live aircraft by dt seconds. Returns the rows that left the experiment area. */
  step(dt: number, timeS: number, area: ((lat: number, lon: number, altM: number) => boolean) | null): number[] {
    const exits: number[] = [];
    for (const k of this.active) {
      const f = this.families[this.family[k]];
      let trkT = this.selHdg[k];
      let tasT = clamp(selectedTas(this.selSpd[k], this.selMach[k] === 1, this.alt[k]), f.minTasMps, f.maxTasMps);
      let altT = this.selAlt[k];
      let vsMax = this.selVs[k];
      if (this.lnav[k]) {
        const wp = this.activeWaypoint(k, f, dt, timeS);
        if (wp) {
          trkT = bearingDeg(this.lat[k], this.lon[k], wp.lat, wp.lon);
          this.selHdg[k] = trkT;
          if (this.vnav[k]) {
            if (wp.speed) tasT = clamp(speedToTas(wp.speed, this.alt[k]), f.minTasMps, f.maxTasMps);
            if (wp.altM === wp.altM) {
              const dAlt = wp.altM - this.alt[k];
              const distM = distanceM(this.lat[k], this.lon[k], wp.lat, wp.lon);
              // Climb at once; descend from the top of descent, so the waypoint is crossed at its altitude.
              if (dAlt > 0 || distM <= (-dAlt / f.descentMps) * Math.max(this.tas[k], 1)) altT = wp.altM;
              this.selAlt[k] = altT;
            }
          }
        }
      }
      if (this.resoActive[k]) {
        const vx = this.resoVx[k], vy = this.resoVy[k];
        if (vx === vx) {
          trkT = wrap360(Math.atan2(vx, vy) * DEG);
          tasT = clamp(Math.hypot(vx, vy), f.minTasMps, f.maxTasMps);
        }
        if (this.resoAlt[k] === this.resoAlt[k]) {
          altT = this.resoAlt[k];
          vsMax = NaN;
        }
      }
      // Turn at the bank angle's rate, toward the target by the short way.
      const rate = (G * Math.tan(f.bankDeg * RAD)) / Math.max(this.tas[k], 1) * DEG;
      const dh = wrap180(trkT - this.hdg[k]);
      this.hdg[k] = wrap360(this.hdg[k] + clamp(dh, -rate * dt, rate * dt));
      const dv = tasT - this.tas[k];
      this.tas[k] += clamp(dv, -f.accelMps2 * dt, f.accelMps2 * dt);
      const dAlt = altT - this.alt[k];
      const vsLimit = dAlt > 0 ? (vsMax === vsMax ? vsMax : f.climbMps) : (vsMax === vsMax ? vsMax : f.descentMps);
      if (Math.abs(dAlt) <= vsLimit * dt) {
        this.vs[k] = dt > 0 ? dAlt / dt : 0;
        this.alt[k] = altT;
      } else {
        this.vs[k] = Math.sign(dAlt) * vsLimit;
        this.alt[k] += this.vs[k] * dt;
      }
      if (Math.abs(this.alt[k] - altT) < 1e-9) this.vs[k] = 0;
      const h = this.hdg[k] * RAD, v = this.tas[k];
      const latR = this.lat[k] * RAD;
      this.lat[k] += ((dt * v * Math.cos(h)) / SCRIPT_EARTH_RADIUS_M) * DEG;
      this.lon[k] += ((dt * v * Math.sin(h)) / (SCRIPT_EARTH_RADIUS_M * Math.max(Math.cos(latR), 1e-6))) * DEG;
      if (this.lon[k] > 180) this.lon[k] -= 360;
      else if (this.lon[k] < -180) this.lon[k] += 360;
      this.distanceM[k] += v * dt;
      if (area) {
        const inside = area(this.lat[k], this.lon[k], this.alt[k]);
        if (this.inArea[k] && !inside) exits.push(k);
        this.inArea[k] = inside ? 1 : 0;
      }
    }
    return exits;
  }

  /**
   * The waypoint LNAV flies to, after switching past the ones reached: within the turn's lead
   * distance (fly-by) or this step's travel. Past the last, LNAV disengages and the aircraft keeps
   * its heading (BlueSky's behaviour); reaching the destination is recorded.
   */
  private activeWaypoint(k: number, f: PerformanceFamily, dt: number, timeS: number): ScriptWaypoint | null {
    const r = this.routes[k];
    while (this.wpIdx[k] < r.length) {
      const wp = r[this.wpIdx[k]];
      const d = distanceM(this.lat[k], this.lon[k], wp.lat, wp.lon);
      let lead = this.tas[k] * dt;
      const next = r[this.wpIdx[k] + 1];
      if (next) {
        const turn = Math.abs(wrap180(bearingDeg(wp.lat, wp.lon, next.lat, next.lon) - bearingDeg(this.lat[k], this.lon[k], wp.lat, wp.lon)));
        const radius = (this.tas[k] * this.tas[k]) / (G * Math.tan(f.bankDeg * RAD));
        lead = Math.max(lead, radius * Math.tan(Math.min(turn, 120) * RAD / 2));
      }
      if (d > lead) return wp;
      if (this.wpIdx[k] === r.length - 1 && this.dest[k] === wp && this.arrivedS[k] !== this.arrivedS[k]) this.arrivedS[k] = timeS;
      if (wp.altM === wp.altM && this.vnav[k]) this.selAlt[k] = wp.altM;
      if (wp.speed && this.vnav[k]) { this.selSpd[k] = wp.speed.value; this.selMach[k] = wp.speed.mach ? 1 : 0; }
      this.wpIdx[k]++;
    }
    this.lnav[k] = 0;
    return null;
  }

  /** Intended horizontal velocity (east, north; m/s): the autopilot's, without resolution. */
  intendedVelocity(k: number, out: Float64Array): void {
    let trk = this.selHdg[k];
    if (this.lnav[k] && this.wpIdx[k] < this.routes[k].length) {
      const wp = this.routes[k][this.wpIdx[k]];
      trk = bearingDeg(this.lat[k], this.lon[k], wp.lat, wp.lon);
    }
    const f = this.families[this.family[k]];
    const v = clamp(selectedTas(this.selSpd[k], this.selMach[k] === 1, this.alt[k]), f.minTasMps, f.maxTasMps);
    out[0] = v * Math.sin(trk * RAD);
    out[1] = v * Math.cos(trk * RAD);
  }
}

const SCRIPT_COLUMNS = ['alive', 'family', 'lat', 'lon', 'alt', 'hdg', 'tas', 'vs', 'selHdg', 'selAlt', 'selVs', 'selSpd', 'selMach', 'lnav', 'vnav', 'wpIdx',
  'resoActive', 'resoVx', 'resoVy', 'resoAlt', 'createdS', 'deletedS', 'arrivedS', 'distanceM', 'inArea'] as const satisfies readonly ColumnKey<ScriptedTraffic>[];

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
export function wrap360(d: number): number {
  const w = d % 360;
  return w < 0 ? w + 360 : w;
}
export function wrap180(d: number): number {
  const w = wrap360(d + 180) - 180;
  return w;
}

/** Initial great-circle bearing from 1 to 2 (degrees from north). */
export function bearingDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const p1 = lat1 * RAD, p2 = lat2 * RAD, dl = (lon2 - lon1) * RAD;
  return wrap360(Math.atan2(Math.sin(dl) * Math.cos(p2), Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl)) * DEG);
}

/** Great-circle distance (m) on the kinematics sphere (haversine). */
export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const p1 = lat1 * RAD, p2 = lat2 * RAD, dp = p2 - p1, dl = (lon2 - lon1) * RAD;
  const a = Math.sin(dp / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) ** 2;
  return 2 * SCRIPT_EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}
