import { forecastWind } from '../../airspace/wind.ts';
import type { EngineState } from '../state.ts';

/**
 * Wind (phase 5b): steps the gusts and gives the wind an aircraft feels. Gusts are one field-wide
 * first-order Gauss-Markov process per component (correlation time tau, standard deviation
 * sigma), drawn from the named stream "wind:gusts" once per tick; aircraft feel forecast + gust
 * above the wind's minimum height. Strategic timing uses the forecast alone (airspace/wind.ts).
 */
export function stepWind(st: EngineState): void {
  const w = st.world.wind;
  if (w.model === 'none' || w.gustSigmaMps <= 0) return;
  const ws = st.wind, u = st.gustStream!;
  const phi = Math.exp(-st.world.dt / w.gustTauS);
  const k = w.gustSigmaMps * Math.sqrt(1 - phi * phi);
  // Box-Muller: two independent standard normals from two uniforms (1 - u avoids log(0)).
  const r = Math.sqrt(-2 * Math.log(1 - u())), th = 2 * Math.PI * u();
  ws.gustE = phi * ws.gustE + k * r * Math.sin(th);
  ws.gustN = phi * ws.gustN + k * r * Math.cos(th);
  const g = Math.hypot(ws.gustE, ws.gustN);
  if (g > ws.maxGust) ws.maxGust = g;
}

/** The wind felt at (x, y, z) now, into st.wind.out (east, north). */
export function windAt(st: EngineState, x: number, y: number, z: number): Float64Array {
  const w = st.world.wind, out = st.wind.out;
  forecastWind(w, x, y, z, out);
  if (w.gustSigmaMps > 0 && z >= w.minAltM) {
    out[0] += st.wind.gustE;
    out[1] += st.wind.gustN;
  }
  st.wind.feltSum += Math.hypot(out[0], out[1]);
  st.wind.feltCount++;
  return out;
}
