import type { EnergyParams } from '../world/world.ts';

/**
 * Electrical power draw in watts for one agent's current motion. Documented models:
 *  - multirotor: momentum-theory hover power (m g)^1.5 / sqrt(2 ρ A) / η, plus parasitic drag
 *    power ½ ρ CdA v³ / η, plus climb power m g max(vz, 0) / η. Induced-power reduction in
 *    forward flight is ignored (conservative).
 *  - evtol: hover power below the wing-borne transition speed; above it, cruise energy per
 *    metre times ground speed; climb power m g vz is folded into the hover figure.
 *  - road: energy per metre times speed, plus idle power (HVAC, computers).
 * `airborne` is false on the ground (landed agents draw nothing; ground vehicles always count).
 */
export function powerWatts(e: EnergyParams, gs: number, vz: number, airborne: boolean): number {
  if (e.kind === 0) {
    if (!airborne) return 0;
    return e.hoverW + (e.dragHalfRhoCdA * gs * gs * gs + e.weightN * (vz > 0 ? vz : 0)) / e.efficiency;
  }
  if (e.kind === 1) {
    if (!airborne) return 0;
    return gs < e.transitionMps ? e.hoverW : e.joulesPerMetre * gs;
  }
  return e.joulesPerMetre * gs + e.idleW;
}
