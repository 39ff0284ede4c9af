import type { Resolver } from './types.ts';

/** No resolution: detection and metrics only. */
export const noResolution: Resolver = {
  name: 'none',
  resolve(s, _d, _p, out) {
    out.reset(s.n);
  },
};
