import seedrandom from 'seedrandom';

/** A seeded uniform generator returning floats in [0, 1). */
export type Uniform = () => number;

/**
 * Named random streams. Each subsystem draws from its own stream, seeded from the run seed and
 * the stream's name, so adding draws in one subsystem never reshuffles another's.
 */
export class RngStreams {
  constructor(readonly seed: number) {}

  /** A fresh generator for `name`; the same (seed, name) always yields the same sequence. */
  stream(name: string): Uniform {
    const prng = seedrandom(`skyweave:${this.seed}:${name}`);
    return () => prng.quick();
  }
}

/** Exponential variate with rate `lambda` (per second) from a uniform draw. */
export function exponential(u: Uniform, lambda: number): number {
  // 1 - u is in (0, 1], so the log is finite.
  return -Math.log(1 - u()) / lambda;
}
