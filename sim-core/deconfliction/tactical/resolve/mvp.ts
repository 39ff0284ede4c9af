import type { Resolver } from './types.ts';

/**
 * Modified Voltage Potential (Hoekstra; as in BlueSky's asas/mvp.py, horizontal part): for each
 * conflict, push the ownship's velocity along the miss-distance vector at CPA, just enough (times
 * the margin) to move the CPA out of the protected zone in the time left; sum over the ownship's
 * conflicts; both aircraft of a pair resolve (cooperative). The new velocity is capped at the
 * class maximum speed and held until the latest CPA involved.
 */
export const mvp: Resolver = {
  name: 'mvp',
  resolve(s, d, p, out) {
    out.reset(s.n);
    const R = p.rpz * p.margin;
    for (let k = 0; k < d.conflicts; k++) {
      const i = d.a[k], j = d.b[k];
      const tcpa = d.tcpa[k];
      // Relative position of j from i and relative velocity of j w.r.t. i.
      const dx = s.x[j] - s.x[i], dy = s.y[j] - s.y[i];
      const du = s.vx[j] - s.vx[i], dv = s.vy[j] - s.vy[i];
      // Miss vector at CPA (j relative to i).
      let mx = dx + du * tcpa, my = dy + dv * tcpa;
      let m = Math.hypot(mx, my);
      if (m < 10) {
        // Head-on: no miss direction; resolve to the right of the line of sight (BlueSky's choice of a perpendicular).
        const dist = Math.hypot(dx, dy) || 1;
        mx = dy / dist * 10;
        my = -dx / dist * 10;
        m = 10;
      }
      const dist = Math.hypot(dx, dy);
      // Correction when already close: the needed miss distance along the line grows (BlueSky's erratum).
      const erratum = dist > R ? Math.cos(Math.asin(Math.min(1, R / dist)) - Math.asin(Math.min(1, m / dist))) : 1;
      const t = Math.max(Math.abs(tcpa), 1);
      const gain = (R / Math.max(erratum, 0.1) - m) / (t * m);
      if (gain <= 0) continue;
      // i moves away from j's CPA position, j away from i's.
      out.vx[i] -= gain * mx; out.vy[i] -= gain * my;
      out.vx[j] += gain * mx; out.vy[j] += gain * my;
      out.active[i] = 1;
      out.active[j] = 1;
      out.holdS[i] = Math.max(out.holdS[i], tcpa);
      out.holdS[j] = Math.max(out.holdS[j], tcpa);
    }
    // Accumulated displacements → absolute commanded velocities within the envelope.
    for (let i = 0; i < s.n; i++) {
      if (!out.active[i]) {
        out.vx[i] = 0; out.vy[i] = 0; out.holdS[i] = 0;
        continue;
      }
      let vx = s.vx[i] + out.vx[i], vy = s.vy[i] + out.vy[i];
      const v = Math.hypot(vx, vy), vmax = p.maxSpeed[s.cls[i]];
      if (v > vmax) { vx *= vmax / v; vy *= vmax / v; }
      out.vx[i] = vx;
      out.vy[i] = vy;
    }
  },
};
