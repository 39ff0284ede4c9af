import { InputFileError } from '../../io.ts';
import { clip, numberAttr, streamXml, textAttr, type XmlElement } from '../xml-stream.ts';
import { UnsupportedFeatures } from '../unsupported.ts';

/**
 * SUMO's network file (`*.net.xml`, as netconvert/netgenerate write it) read as plain records:
 * junctions, normal edges with their lanes, connections (from/to lanes, via internal lane, traffic
 * light and link index, direction, state), internal lane lengths and `tlLogic` programs. Read by
 * streaming (saxes), so the file's size does not bound memory beyond the records themselves.
 */
export interface SumoLane {
  id: string;
  /** SUMO's lane index (0 = rightmost), before dropping lanes cars may not use. */
  index: number;
  speed: number;
  length: number;
  /** Passenger cars may use it (allow/disallow). */
  forCars: boolean;
}
export interface SumoEdge {
  id: string;
  from: string;
  to: string;
  priority: number;
  lanes: SumoLane[];
  line: number;
}
export interface SumoJunction {
  id: string;
  type: string;
  x: number;
  y: number;
}
export interface SumoConnection {
  from: string;
  to: string;
  fromLane: number;
  toLane: number;
  via: string | null;
  tl: string | null;
  linkIndex: number;
  dir: string;
  line: number;
}
export interface SumoPhase {
  duration: number;
  state: string;
}
export interface SumoTlLogic {
  id: string;
  type: string;
  programID: string;
  offset: number;
  phases: SumoPhase[];
  line: number;
}
export interface SumoNet {
  file: string;
  netOffset: [number, number];
  projParameter: string;
  junctions: Map<string, SumoJunction>;
  edges: SumoEdge[];
  connections: SumoConnection[];
  internalLaneLength: Map<string, number>;
  internalLaneSpeed: Map<string, number>;
  /** Internal lane → the next internal lane of the same junction crossing (split crossings). */
  internalNext: Map<string, string>;
  tlLogics: SumoTlLogic[];
  unsupported: UnsupportedFeatures;
}

/** Vehicle classes our ground model drives (SUMO's default class is passenger). */
const CAR_CLASSES = ['passenger', 'private', 'taxi', 'evehicle', 'custom1'];

function laneForCars(el: XmlElement): boolean {
  const allow = el.attributes.allow, disallow = el.attributes.disallow;
  if (allow !== undefined) return allow === 'all' || allow.split(/\s+/).some((c) => CAR_CLASSES.includes(c));
  if (disallow !== undefined) return disallow !== 'all' && !disallow.split(/\s+/).includes('passenger');
  return true;
}

/** Junction types driven as SUMO drives them; any other is driven as a priority junction (and listed). */
const NATIVE_JUNCTION_TYPES = ['priority', 'traffic_light', 'dead_end'];

const positive = (n: number) => n > 0;
const nonNegative = (n: number) => n >= 0;

export function readSumoNet(file: string): SumoNet {
  const net: SumoNet = { file, netOffset: [0, 0], projParameter: '!', junctions: new Map(), edges: [], connections: [], internalLaneLength: new Map(), internalLaneSpeed: new Map(), internalNext: new Map(), tlLogics: [], unsupported: new UnsupportedFeatures() };
  let sawNet = false;
  let edge: SumoEdge | null = null;
  let internalEdge = false;
  let tl: SumoTlLogic | null = null;
  const unsupported = net.unsupported;
  streamXml(file, {
    open(el, depth) {
      if (depth === 0) {
        if (el.name !== 'net') throw new InputFileError(file, el.line, `root element <${clip(el.name)}>: expected <net> (a SUMO network as netconvert writes it)`);
        sawNet = true;
        return;
      }
      switch (el.name) {
        case 'location': {
          const off = (el.attributes.netOffset ?? '0,0').split(',').map(Number);
          if (off.length !== 2 || !off.every(Number.isFinite)) throw new InputFileError(file, el.line, `<location> attribute "netOffset": expected "x,y", got "${clip(el.attributes.netOffset ?? '')}"`);
          net.netOffset = [off[0], off[1]];
          net.projParameter = el.attributes.projParameter ?? '!';
          break;
        }
        case 'edge': {
          const fn = el.attributes.function ?? 'normal';
          internalEdge = fn === 'internal';
          edge = null;
          if (internalEdge) break;
          if (fn !== 'normal') { unsupported.add(`edges of function "${fn}"`, el.line); break; }
          edge = { id: textAttr(file, el, 'id'), from: textAttr(file, el, 'from'), to: textAttr(file, el, 'to'), priority: numberAttr(file, el, 'priority', 0, Number.isInteger, 'an integer'), lanes: [], line: el.line };
          net.edges.push(edge);
          break;
        }
        case 'lane': {
          if (internalEdge) {
            net.internalLaneLength.set(textAttr(file, el, 'id'), numberAttr(file, el, 'length', undefined, nonNegative, 'a length >= 0 in metres'));
            net.internalLaneSpeed.set(textAttr(file, el, 'id'), numberAttr(file, el, 'speed', undefined, positive, 'a speed > 0 in m/s'));
            break;
          }
          if (!edge) break;
          const lane: SumoLane = {
            id: textAttr(file, el, 'id'),
            index: numberAttr(file, el, 'index', undefined, (n) => Number.isInteger(n) && n >= 0, 'a lane index >= 0'),
            speed: numberAttr(file, el, 'speed', undefined, positive, 'a speed > 0 in m/s'),
            length: numberAttr(file, el, 'length', undefined, positive, 'a length > 0 in metres'),
            forCars: laneForCars(el),
          };
          if (!lane.forCars) unsupported.add('lanes closed to passenger cars (sidewalks, bike lanes, rail, bus lanes)', el.line);
          edge.lanes.push(lane);
          break;
        }
        case 'junction': {
          const type = el.attributes.type ?? 'priority';
          if (type === 'internal') break;
          const id = textAttr(file, el, 'id');
          net.junctions.set(id, { id, type, x: numberAttr(file, el, 'x'), y: numberAttr(file, el, 'y') });
          if (!NATIVE_JUNCTION_TYPES.includes(type)) unsupported.add(`junctions of type "${type}" (driven as priority junctions)`, el.line);
          break;
        }
        case 'connection': {
          const from = textAttr(file, el, 'from'), to = textAttr(file, el, 'to');
          if (from.startsWith(':')) {
            // A crossing split into pieces: remember the chain so its full length is known.
            const via = el.attributes.via;
            if (via !== undefined) net.internalNext.set(`${from}_${el.attributes.fromLane ?? '0'}`, via);
            break;
          }
          net.connections.push({
            from, to,
            fromLane: numberAttr(file, el, 'fromLane', undefined, (n) => Number.isInteger(n) && n >= 0, 'a lane index >= 0'),
            toLane: numberAttr(file, el, 'toLane', undefined, (n) => Number.isInteger(n) && n >= 0, 'a lane index >= 0'),
            via: el.attributes.via ?? null,
            tl: el.attributes.tl ?? null,
            linkIndex: el.attributes.tl !== undefined ? numberAttr(file, el, 'linkIndex', undefined, (n) => Number.isInteger(n) && n >= 0, 'a link index >= 0') : -1,
            dir: el.attributes.dir ?? 's',
            line: el.line,
          });
          break;
        }
        case 'tlLogic': {
          const type = el.attributes.type ?? 'static';
          tl = { id: textAttr(file, el, 'id'), type, programID: el.attributes.programID ?? '0', offset: numberAttr(file, el, 'offset', 0), phases: [], line: el.line };
          if (type !== 'static') unsupported.add(`traffic lights of type "${type}" (run as their static program)`, el.line);
          net.tlLogics.push(tl);
          break;
        }
        case 'phase': {
          if (!tl) break;
          const state = textAttr(file, el, 'state');
          if (!/^[rRyYgGuUoOsS]+$/.test(state)) throw new InputFileError(file, el.line, `<phase> attribute "state": expected signal letters (r, y, g, G, u, o, O, s), got "${clip(state)}"`);
          tl.phases.push({ duration: numberAttr(file, el, 'duration', undefined, positive, 'a duration > 0 in seconds'), state });
          break;
        }
        case 'roundabout': case 'type': case 'request': case 'neigh': case 'param': case 'stopOffset': case 'condition': case 'assignment': case 'function':
          break;
        case 'crossing': case 'walkingArea':
          unsupported.add('pedestrian crossings and walking areas', el.line);
          break;
        case 'prohibition':
          unsupported.add('prohibitions (junction right-of-way overrides)', el.line);
          break;
        default:
          unsupported.add(`<${clip(el.name, 30)}> elements`, el.line);
      }
    },
    close(name) {
      if (name === 'edge') { edge = null; internalEdge = false; }
      if (name === 'tlLogic') tl = null;
    },
  });
  if (!sawNet) throw new InputFileError(file, null, 'empty file: expected a SUMO <net>');
  for (const t of net.tlLogics) if (t.phases.length === 0) throw new InputFileError(file, t.line, `<tlLogic id="${clip(t.id)}">: expected at least one <phase>`);
  for (const e of net.edges) {
    if (e.lanes.length === 0) throw new InputFileError(file, e.line, `<edge id="${clip(e.id)}">: expected at least one <lane>`);
    for (const j of [e.from, e.to]) if (!net.junctions.has(j)) throw new InputFileError(file, e.line, `<edge id="${clip(e.id)}"> attribute "${j === e.from ? 'from' : 'to'}": no junction "${clip(j)}" in the network`);
  }
  return net;
}
