import { describe, expect, it } from 'vitest';
import { wilson } from '../../analyses/stats/wilson.js';
import { expectClose } from '../helpers/approx.js';

const Z975 = 1.959963984540054;

describe('wilson', () => {
  it('has closed forms at the edges: x = 0 gives [0, z^2/(n + z^2)], x = n gives [n/(n + z^2), 1]', () => {
    const zero = wilson(0, 20);
    expect(zero.ciLower).toBe(0);
    expectClose(zero.ciUpper, (Z975 * Z975) / (20 + Z975 * Z975), 1e-14);
    const all = wilson(20, 20);
    expect(all.ciUpper).toBe(1);
    expectClose(all.ciLower, 20 / (20 + Z975 * Z975), 1e-14);
  });

  it('solves (p^ - p)^2 = z^2 p (1 - p) / n at both limits (7/20, computed by hand from the quadratic)', () => {
    // 7/20: centre (7 + z^2/2)/(20 + z^2), half z sqrt(7*13/20 + z^2/4)/(20 + z^2)
    const z2 = Z975 * Z975;
    const centre = (7 + z2 / 2) / (20 + z2);
    const half = (Z975 * Math.sqrt((7 * 13) / 20 + z2 / 4)) / (20 + z2);
    const ci = wilson(7, 20);
    expect(ci.rate).toBe(0.35);
    expectClose(ci.ciLower, centre - half, 1e-14);
    expectClose(ci.ciUpper, centre + half, 1e-14);
    for (const p of [ci.ciLower, ci.ciUpper]) expectClose((0.35 - p) ** 2, (z2 * p * (1 - p)) / 20, 1e-12);
  });

  it('is symmetric: limits for x are 1 - limits for n - x', () => {
    for (const [x, n] of [[3, 10], [1, 99991], [120, 121], [50, 100]]) {
      const a = wilson(x, n);
      const b = wilson(n - x, n);
      expectClose(a.ciLower, 1 - b.ciUpper, 1e-13, 1e-16);
      expectClose(a.ciUpper, 1 - b.ciLower, 1e-13, 1e-16);
    }
  });

  it.each([
    // Newcombe, Stat Med 1998;17:857-872, worked examples, method 3 (score, no continuity correction)
    [81, 263, '0.2553', '0.3662'], [15, 148, '0.0624', '0.1605'], [0, 20, '0.0000', '0.1611'], [1, 29, '0.0061', '0.1718'],
  ])('reproduces Newcombe (1998) %i/%i -> %s to %s', (x, n, lo, hi) => {
    const ci = wilson(x as number, n as number);
    expect([ci.ciLower.toFixed(4), ci.ciUpper.toFixed(4)]).toEqual([lo, hi]);
  });

  it('narrows with the confidence level', () => {
    const a = wilson(7, 20, 0.9);
    const b = wilson(7, 20, 0.99);
    expect(a.ciLower).toBeGreaterThan(b.ciLower);
    expect(a.ciUpper).toBeLessThan(b.ciUpper);
  });

  it('gives NaN for n = 0 and rejects impossible counts and levels', () => {
    const empty = wilson(0, 0);
    expect([empty.rate, empty.ciLower, empty.ciUpper].every(Number.isNaN)).toBe(true);
    expect(() => wilson(5, 3)).toThrow(RangeError);
    expect(() => wilson(-1, 3)).toThrow(RangeError);
    expect(() => wilson(1, -3)).toThrow(RangeError);
    expect(() => wilson(1.5, 3)).toThrow(RangeError);
    expect(() => wilson(1, 3, 1)).toThrow(RangeError);
    expect(() => wilson(1, 3, 0)).toThrow(RangeError);
  });
});
