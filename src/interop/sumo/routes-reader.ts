import { RngStreams } from '../../../sim-core/world/rng.ts';
import { InputFileError } from '../../io.ts';
import { clip, idOf, numberAttr, streamXml, textAttr, type XmlElement } from '../xml-stream.ts';
import type { UnsupportedFeatures } from '../unsupported.ts';

/**
 * SUMO demand (`*.rou.xml`, `trips.xml`, and vTypes in `*.add.xml`) as plain records: vehicle
 * types, vehicles with a route (named or nested), trips (from/to/via edges, routed later by the
 * road A*), and flows expanded into vehicles (period, vehsPerHour, number evenly spaced, or
 * probability per second from the named stream `sumo:flow:<id>`). Flow vehicles are named
 * `<flow>.<k>` as SUMO names them.
 */
export interface SumoVType {
  id: string;
  carFollowModel: string;
  accel: number;
  decel: number;
  emergencyDecel: number;
  tau: number;
  minGap: number;
  length: number;
  maxSpeed: number;
  sigma: number;
  delta: number;
}
export interface SumoDemandVehicle {
  id: string;
  depart: number;
  type: string;
  /** Edge ids of the route, or null for a trip to be routed (from, via..., to). */
  edges: string[] | null;
  from: string | null;
  to: string | null;
  via: string[];
  /** SUMO's departLane as a lane index, or −1 (best). */
  departLane: number;
  line: number;
}
export interface SumoDemand {
  vTypes: Map<string, SumoVType>;
  vehicles: SumoDemandVehicle[];
}

/** SUMO 1.15's DEFAULT_VEHTYPE (passenger car, Krauss). */
export const SUMO_DEFAULT_VTYPE: SumoVType = { id: 'DEFAULT_VEHTYPE', carFollowModel: 'Krauss', accel: 2.6, decel: 4.5, emergencyDecel: 9, tau: 1, minGap: 2.5, length: 5, maxSpeed: 55.55, sigma: 0.5, delta: 4 };

/** SUMO's speedFactor ("1.1", "normc(mean,dev[,min,max])", "norm(mean,dev)") and speedDev as mean and deviation. */
function speedFactorOf(factor: string | undefined, dev: string | undefined): { mean: number; dev: number } {
  let mean = 1, sd = dev !== undefined ? Number(dev) : 0;
  if (factor !== undefined) {
    const m = /^\s*normc?\(\s*([^,]+),\s*([^,)]+)/.exec(factor);
    if (m) { mean = Number(m[1]); sd = Number(m[2]); } else mean = Number(factor);
  }
  return { mean: Number.isFinite(mean) ? mean : 1, dev: Number.isFinite(sd) ? sd : 0 };
}

const positive = (n: number) => n > 0;
const nonNegative = (n: number) => n >= 0;

export function emptyDemand(): SumoDemand {
  return { vTypes: new Map([[SUMO_DEFAULT_VTYPE.id, { ...SUMO_DEFAULT_VTYPE }]]), vehicles: [] };
}

/** Reads one demand or additional file into `demand` (several files may feed one demand). */
export function readSumoDemand(file: string, demand: SumoDemand, unsupported: UnsupportedFeatures, seed = 1): void {
  const routes = new Map<string, string[]>();
  let current: { el: XmlElement; kind: 'vehicle' | 'flow'; edges: string[] | null } | null = null;
  const rng = new RngStreams(seed);
  const edgesOf = (el: XmlElement, attr: string): string[] => {
    const list = textAttr(file, el, attr).trim().split(/\s+/);
    if (list.length === 0 || list[0] === '') throw new InputFileError(file, el.line, `<${el.name}${idOf(el)}> attribute "${attr}": expected edge ids separated by spaces`);
    return list;
  };
  const departOf = (el: XmlElement, attr: string): number | null => {
    const text = el.attributes[attr];
    if (text === undefined) return attr === 'begin' ? 0 : null;
    if (text === 'triggered' || text === 'containerTriggered' || text === 'split' || text === 'begin') { unsupported.add(`${el.name}s with depart="${text}" (skipped)`, el.line); return null; }
    if (text === 'now') return 0;
    return numberAttr(file, el, attr, undefined, nonNegative, 'a time >= 0 in seconds');
  };
  const departLaneOf = (el: XmlElement): number => {
    const t = el.attributes.departLane;
    if (t === undefined || t === 'first') return 0; // SUMO's default: the rightmost lane
    if (t === 'best' || t === 'free' || t === 'allowed' || t === 'random' || t === 'random_free' || t === 'best_prob') return -1;
    return numberAttr(file, el, 'departLane', undefined, (n) => Number.isInteger(n) && n >= 0, 'first, best, free, random or a lane index');
  };
  const checkDeparture = (el: XmlElement) => {
    for (const a of ['departSpeed', 'departPos', 'arrivalPos', 'arrivalSpeed', 'arrivalLane']) {
      const t = el.attributes[a];
      if (t !== undefined && !(a === 'departSpeed' && Number(t) === 0) && !(a === 'departPos' && t === 'base') && !(a === 'arrivalPos' && t === 'max')) unsupported.add(`${a} other than SUMO's default (vehicles depart at rest at the lane start and arrive at the lane end)`, el.line);
    }
  };
  const typeOf = (el: XmlElement): string => {
    const t = el.attributes.type ?? SUMO_DEFAULT_VTYPE.id;
    if (!demand.vTypes.has(t)) throw new InputFileError(file, el.line, `<${el.name}${idOf(el)}> attribute "type": no <vType id="${clip(t)}"> defined before it (define vTypes first or pass them with --additional)`);
    return t;
  };
  const finishVehicle = (el: XmlElement, edges: string[] | null) => {
    const depart = departOf(el, 'depart');
    if (depart === null) return;
    let routeEdges = edges;
    if (!routeEdges && el.attributes.route !== undefined) {
      routeEdges = routes.get(el.attributes.route) ?? null;
      if (!routeEdges) throw new InputFileError(file, el.line, `<vehicle${idOf(el)}> attribute "route": no <route id="${clip(el.attributes.route)}"> defined before it`);
    }
    if (!routeEdges) throw new InputFileError(file, el.line, `<vehicle${idOf(el)}>: expected a route (attribute "route" or a nested <route edges="...">)`);
    demand.vehicles.push({ id: textAttr(file, el, 'id'), depart, type: typeOf(el), edges: routeEdges, from: null, to: null, via: [], departLane: departLaneOf(el), line: el.line });
  };
  const finishFlow = (el: XmlElement, edges: string[] | null) => {
    const id = textAttr(file, el, 'id');
    const begin = departOf(el, 'begin') ?? 0;
    const end = numberAttr(file, el, 'end', begin + 86400, (n) => n >= begin, `a time >= begin (${begin})`);
    let routeEdges = edges;
    if (!routeEdges && el.attributes.route !== undefined) {
      routeEdges = routes.get(el.attributes.route) ?? null;
      if (!routeEdges) throw new InputFileError(file, el.line, `<flow id="${clip(id)}"> attribute "route": no <route id="${clip(el.attributes.route)}"> defined before it`);
    }
    const from = routeEdges ? null : el.attributes.from ?? null, to = routeEdges ? null : el.attributes.to ?? null;
    if (!routeEdges && (from === null || to === null)) throw new InputFileError(file, el.line, `<flow id="${clip(id)}">: expected a route, or "from" and "to" edges`);
    const via = !routeEdges && el.attributes.via ? el.attributes.via.trim().split(/\s+/) : [];
    if (!['period', 'vehsPerHour', 'number', 'probability'].some((a) => el.attributes[a] !== undefined)) throw new InputFileError(file, el.line, `<flow id="${clip(id)}">: expected one of "period", "vehsPerHour", "number" or "probability"`);
    const times: number[] = [];
    const cap = el.attributes.number !== undefined ? numberAttr(file, el, 'number', undefined, (n) => Number.isInteger(n) && n >= 0, 'an integer >= 0') : Infinity;
    const MAX = 5_000_000;
    if (el.attributes.period !== undefined || el.attributes.vehsPerHour !== undefined) {
      const period = el.attributes.period !== undefined ? numberAttr(file, el, 'period', undefined, positive, 'a period > 0 in seconds') : 3600 / numberAttr(file, el, 'vehsPerHour', undefined, positive, 'vehicles per hour > 0');
      if ((end - begin) / period > MAX) throw new InputFileError(file, el.line, `<flow id="${clip(id)}">: ${Math.round((end - begin) / period)} vehicles, expected at most ${MAX}`);
      for (let t = begin; t < end - 1e-9 && times.length < cap; t += period) times.push(t);
    } else if (el.attributes.probability !== undefined) {
      const p = numberAttr(file, el, 'probability', undefined, (n) => n > 0 && n <= 1, 'a probability in (0, 1]');
      const u = rng.stream(`sumo:flow:${id}`);
      if ((end - begin) * p > MAX) throw new InputFileError(file, el.line, `<flow id="${clip(id)}">: about ${Math.round((end - begin) * p)} vehicles, expected at most ${MAX}`);
      for (let t = begin; t < end - 1e-9 && times.length < cap; t += 1) if (u() < p) times.push(t);
    } else {
      if (cap > MAX) throw new InputFileError(file, el.line, `<flow id="${clip(id)}"> attribute "number": expected at most ${MAX}`);
      for (let k = 0; k < cap; k++) times.push(begin + ((end - begin) * k) / cap);
    }
    const type = typeOf(el), departLane = departLaneOf(el);
    times.forEach((t, k) => demand.vehicles.push({ id: `${id}.${k}`, depart: t, type, edges: routeEdges, from, to, via, departLane, line: el.line }));
  };
  streamXml(file, {
    open(el, depth) {
      if (depth === 0) {
        if (el.name !== 'routes' && el.name !== 'additional') throw new InputFileError(file, el.line, `root element <${clip(el.name)}>: expected <routes> or <additional> (SUMO demand or vehicle types)`);
        return;
      }
      switch (el.name) {
        case 'vType': {
          const id = textAttr(file, el, 'id');
          const d = SUMO_DEFAULT_VTYPE;
          const cf = el.attributes.carFollowModel ?? 'Krauss';
          const factor = speedFactorOf(el.attributes.speedFactor, el.attributes.speedDev);
          if (factor.dev > 0) unsupported.add('vTypes with speedDev > 0 (every vehicle drives at its mean speedFactor)', el.line);
          if (factor.mean !== 1) unsupported.add('vTypes with a mean speedFactor other than 1 (driven at the speed limit)', el.line);
          if (el.attributes.vClass !== undefined && !['passenger', 'private', 'taxi', 'evehicle', 'custom1'].includes(el.attributes.vClass)) unsupported.add(`vehicle classes other than passenger cars ("${clip(el.attributes.vClass, 20)}": driven as cars)`, el.line);
          if (el.attributes.laneChangeModel !== undefined) unsupported.add('laneChangeModel (MOBIL is used)', el.line);
          demand.vTypes.set(id, {
            id, carFollowModel: cf,
            accel: numberAttr(file, el, 'accel', d.accel, positive, 'an acceleration > 0 in m/s²'),
            decel: numberAttr(file, el, 'decel', d.decel, positive, 'a deceleration > 0 in m/s²'),
            emergencyDecel: numberAttr(file, el, 'emergencyDecel', Math.max(d.emergencyDecel, Number(el.attributes.decel ?? d.decel)), positive, 'a deceleration > 0 in m/s²'),
            tau: numberAttr(file, el, 'tau', d.tau, positive, 'a headway > 0 in seconds'),
            minGap: numberAttr(file, el, 'minGap', d.minGap, nonNegative, 'a gap >= 0 in metres'),
            length: numberAttr(file, el, 'length', d.length, positive, 'a length > 0 in metres'),
            maxSpeed: numberAttr(file, el, 'maxSpeed', d.maxSpeed, positive, 'a speed > 0 in m/s'),
            sigma: numberAttr(file, el, 'sigma', cf === 'IDM' ? 0 : d.sigma, (n) => n >= 0 && n <= 1, 'a value in [0, 1]'),
            delta: numberAttr(file, el, 'delta', d.delta, positive, 'an exponent > 0'),
          });
          break;
        }
        case 'route': {
          const edges = edgesOf(el, 'edges');
          if (current && depth === 2) current.edges = edges;
          else if (depth === 1) routes.set(textAttr(file, el, 'id'), edges);
          break;
        }
        case 'vehicle': checkDeparture(el); current = { el, kind: 'vehicle', edges: null }; break;
        case 'flow': checkDeparture(el); current = { el, kind: 'flow', edges: null }; break;
        case 'trip': {
          checkDeparture(el);
          const depart = departOf(el, 'depart');
          if (depart === null) break;
          demand.vehicles.push({ id: textAttr(file, el, 'id'), depart, type: typeOf(el), edges: null, from: textAttr(file, el, 'from'), to: textAttr(file, el, 'to'), via: el.attributes.via ? el.attributes.via.trim().split(/\s+/) : [], departLane: departLaneOf(el), line: el.line });
          break;
        }
        case 'param': case 'interval':
          break;
        case 'person': case 'personFlow': case 'container': case 'containerFlow':
          unsupported.add('persons and containers (skipped)', el.line);
          break;
        case 'stop':
          unsupported.add('stops (driven through)', el.line);
          break;
        case 'routeDistribution': case 'vTypeDistribution':
          unsupported.add(`<${el.name}> (skipped: name a single route or type)`, el.line);
          break;
        default:
          if (depth === 1) unsupported.add(`<${clip(el.name, 30)}> elements`, el.line);
      }
    },
    close(name, depth) {
      if (current && depth === 1 && name === current.el.name) {
        if (current.kind === 'vehicle') finishVehicle(current.el, current.edges);
        else finishFlow(current.el, current.edges);
        current = null;
      }
    },
  });
}
