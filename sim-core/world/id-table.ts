import { growColumns, type ColumnKey } from './columns.ts';

/**
 * Per agent id (ids are handed out in departure order, never reused): class, flow, spawn and
 * arrival ticks. Outlives the agent's slot, so replays and pair bookkeeping can look ids up.
 */
export class IdTable {
  /** Ids handed out so far (the next id). */
  count = 0;
  cls = new Uint8Array(1024);
  flow = new Int32Array(1024);
  spawnTick = new Int32Array(1024);
  /** −1 until the agent arrives. */
  arriveTick = new Int32Array(1024);

  /** Registers the next id; returns it. */
  add(cls: number, flow: number, spawnTick: number): number {
    const id = this.count++;
    if (id >= this.cls.length) growColumns<IdTable>(this, ID_COLUMNS, this.cls.length * 2);
    this.cls[id] = cls;
    this.flow[id] = flow;
    this.spawnTick[id] = spawnTick;
    this.arriveTick[id] = -1;
    return id;
  }

  hasArrived(id: number): boolean {
    return id < this.count && this.arriveTick[id] >= 0;
  }
}

const ID_COLUMNS = ['cls', 'flow', 'spawnTick', 'arriveTick'] as const satisfies readonly ColumnKey<IdTable>[];
