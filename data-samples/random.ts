/**
 * Seeded uniform(0, 1) generator (mulberry32, 32-bit state): the same seed gives the same sequence on
 * every machine, so sample-study generators and randomised tests are reproducible. Not for anything
 * that needs statistical quality beyond synthetic test data.
 */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws for the sample-study generators, all from one seeded uniform stream. */
export class Rng {
  private readonly u: () => number;
  constructor(seed: number) {
    this.u = seededUniform(seed);
  }
  next(): number {
    return this.u();
  }
  /** integer in [a, b] */
  int(a: number, b: number): number {
    return a + Math.floor(this.u() * (b - a + 1));
  }
  uniform(a: number, b: number): number {
    return a + (b - a) * this.u();
  }
  chance(p: number): boolean {
    return this.u() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.u() * xs.length)];
  }
  /** standard normal (Box-Muller, one of the pair) */
  normal(): number {
    const u1 = 1 - this.u();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * this.u());
  }
  /** one of `xs`, with probability proportional to its weight */
  weighted<T>(xs: readonly [T, number][]): T {
    const total = xs.reduce((s, [, w]) => s + w, 0);
    let r = this.u() * total;
    for (const [x, w] of xs) {
      r -= w;
      if (r < 0) return x;
    }
    return xs[xs.length - 1][0];
  }
  /** log-uniform in [a, b] */
  logUniform(a: number, b: number): number {
    return Math.exp(this.uniform(Math.log(a), Math.log(b)));
  }
  /** Fisher-Yates, in place */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.u() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }
}
