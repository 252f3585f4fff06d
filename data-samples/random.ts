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
