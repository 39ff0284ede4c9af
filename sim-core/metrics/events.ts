/** Event kinds recorded in the replay. */
export const EVENT_SPAWN = 1;
export const EVENT_ARRIVE = 2; // landed / parked at the destination: the trip is complete
export const EVENT_DESPAWN = 3; // left the world (after the turnaround)
export const EVENT_HOLD_START = 4; // destination vertiport full: holding above it
export const EVENT_HOLD_END = 5; // a pad was granted
export const EVENT_GEOFENCE_ROUTE = 6; // a straight route crosses a geofence (planning comes later)
export const EVENT_CONFLICT = 7;
export const EVENT_LOS = 8;
export const EVENT_REJECT = 9; // strategic deconfliction found no conflict-free plan (agent = trip number)
export const EVENT_OVERDUE = 10; // airborne far longer than planned (value: planned flight time, s)
export const EVENT_D2D_ACCESS = 11; // a door-to-door flight takes off (other: shuttle access leg, s; value: transfer wait at the vertiport, s)
export const EVENT_D2D_EGRESS = 12; // a door-to-door flight lands (other: shuttle egress leg, s; value: door-to-door time, s)

export const EVENT_NAMES: Record<number, string> = {
  [EVENT_SPAWN]: 'spawn', [EVENT_ARRIVE]: 'arrive', [EVENT_DESPAWN]: 'despawn', [EVENT_HOLD_START]: 'hold_start',
  [EVENT_HOLD_END]: 'hold_end', [EVENT_GEOFENCE_ROUTE]: 'geofence_route', [EVENT_CONFLICT]: 'conflict', [EVENT_LOS]: 'los', [EVENT_REJECT]: 'reject', [EVENT_OVERDUE]: 'overdue',
  [EVENT_D2D_ACCESS]: 'door_to_door_access', [EVENT_D2D_EGRESS]: 'door_to_door_egress',
};

/** Bytes per event: tick u32, kind u8, pad u8×3, agent i32, other i32, value f32. */
export const EVENT_BYTES = 20;

/** An append-only event log on a growable byte buffer (no per-event objects). */
export class EventLog {
  private buf = new ArrayBuffer(EVENT_BYTES * 1024);
  private view = new DataView(this.buf);
  count = 0;

  push(tick: number, kind: number, agent: number, other: number, value: number): void {
    if ((this.count + 1) * EVENT_BYTES > this.buf.byteLength) {
      const next = new ArrayBuffer(this.buf.byteLength * 2);
      new Uint8Array(next).set(new Uint8Array(this.buf));
      this.buf = next;
      this.view = new DataView(next);
    }
    const o = this.count * EVENT_BYTES;
    this.view.setUint32(o, tick, true);
    this.view.setUint8(o + 4, kind);
    this.view.setInt32(o + 8, agent, true);
    this.view.setInt32(o + 12, other, true);
    this.view.setFloat32(o + 16, value, true);
    this.count++;
  }

  bytes(): Uint8Array {
    return new Uint8Array(this.buf, 0, this.count * EVENT_BYTES);
  }
}
