import type { World } from '../../world/world.ts';
import type { IntentParams, Volume } from './intents.ts';
import { buildVolumes, toVolumes, VolumeList, VOL_STRIDE, V_T1 } from './volumes.ts';
import { waypointTimes } from './timing.ts';

/** An accepted intent: what builds its volumes, and the tick its last volume ends (for expiry). */
interface AcceptedIntent {
  route: ArrayLike<number>;
  cls: number;
  terminals: number[];
  depart: number;
  end: number;
  /** The packed volumes, once asked for. */
  volumes: Float64Array | null;
}

/**
 * The planner's accepted operational intents by trip (mutually deconflicted when deconfliction is
 * on), for the tactical layer's conformance test. An intent is kept as what makes it (route,
 * class, terminals, departure) and its volumes are rebuilt the first time someone asks: only the
 * few aircraft in a predicted conflict are asked about, and copying every accepted plan's volumes
 * was ~7 % of planning. Optionally (`keepVolumes`, for the independent checker in tests and
 * benchmarks) every accepted intent is kept too, its volumes built and turned into objects when read.
 */
export class AcceptedIntents {
  private readonly intents = new Map<number, AcceptedIntent>();
  /** With keepVolumes: what makes every accepted intent (its volumes are built when `kept` is read, not while planning). */
  private readonly keptMakers: { trip: number; route: ArrayLike<number>; cls: number; terminals: number[]; depart: number }[] = [];
  private readonly keptVolumes: Volume[] = [];
  private keptMade = 0;

  constructor(private readonly world: World, private readonly params: IntentParams, private readonly keepVolumes: boolean) {}

  /** Records `trip`'s accepted volumes (`vols` prepared for a departure at 0, leaving at `depart`); `index`: a deconflicted intent. */
  add(trip: number, route: ArrayLike<number>, cls: number, terminals: number[], vols: VolumeList, depart: number, index: boolean): void {
    if (index) {
      const end = vols.n ? vols.data[(vols.n - 1) * VOL_STRIDE + V_T1] + depart : -Infinity;
      this.intents.set(trip, { route, cls, terminals, depart, end, volumes: null });
    }
    if (this.keepVolumes) this.keptMakers.push({ trip, route, cls, terminals, depart });
  }

  /** The accepted intent of `trip`, packed (volumes.ts); undefined: none (ended, or deconfliction off). */
  of(trip: number): Float64Array | undefined {
    const intent = this.intents.get(trip);
    if (!intent) return undefined;
    intent.volumes ??= this.volumesOf(intent);
    return intent.volumes;
  }

  /**
   * The same volumes the plan was accepted with: built for the departure tick directly, which adds
   * the same integer the accepted list was shifted by (buildVolumes takes it as departTick).
   */
  private volumesOf(intent: { route: ArrayLike<number>; cls: number; terminals: number[]; depart: number }): Float64Array {
    const c = this.world.classes[intent.cls], list = new VolumeList();
    buildVolumes(list, intent.route, waypointTimes(intent.route, c, this.world.wind), intent.depart, this.params, intent.terminals);
    return list.data.slice(0, list.n * VOL_STRIDE);
  }

  /** Every accepted volume as objects (only with keepVolumes; made on first read, outside planning). */
  get kept(): Volume[] {
    for (; this.keptMade < this.keptMakers.length; this.keptMade++) {
      const k = this.keptMakers[this.keptMade];
      for (const v of toVolumes(k.trip, this.volumesOf(k), this.params.rpz)) this.keptVolumes.push(v);
    }
    return this.keptVolumes;
  }

  /** Forgets intents whose last volume ended before `tick`. */
  expire(tick: number): void {
    for (const [trip, intent] of this.intents) if (intent.end < tick) this.intents.delete(trip);
  }
}
