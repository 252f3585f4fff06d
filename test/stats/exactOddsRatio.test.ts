import { describe, expect, it } from 'vitest';
import { exactOddsRatio } from '../../analyses/stats/exactOddsRatio.js';
import { expectClose } from '../helpers/approx.js';

describe('exactOddsRatio', () => {
  it('computes the sample odds ratio by hand, with its 0 / Infinity / NaN cases', () => {
    // 3/5 vs 1/5: (3 * 4) / (1 * 2) = 6
    expect(exactOddsRatio(3, 5, 1, 5).oddsRatio).toBe(6);
    expect(exactOddsRatio(4, 5, 0, 5).oddsRatio).toBe(Infinity); // x0 = 0
    expect(exactOddsRatio(5, 5, 2, 5).oddsRatio).toBe(Infinity); // x1 = n1
    expect(exactOddsRatio(0, 5, 2, 5).oddsRatio).toBe(0); // x1 = 0
    expect(exactOddsRatio(3, 5, 5, 5).oddsRatio).toBe(0); // x0 = n0
    expect(Number.isNaN(exactOddsRatio(0, 5, 0, 5).oddsRatio)).toBe(true); // 0 / 0
    expect(Number.isNaN(exactOddsRatio(5, 5, 5, 5).oddsRatio)).toBe(true);
  });

  it('solves the tail equations of small tables in closed form', () => {
    // 1/1 vs 0/1: m = 1, support {0, 1} with weights 1, 1; x1 = 1 is the top of the support -> upper = Inf;
    // P(X >= 1; psi) = psi / (1 + psi) = 0.025 -> psi = 0.025 / 0.975
    const a = exactOddsRatio(1, 1, 0, 1);
    expect(a.ciUpper).toBe(Infinity);
    expectClose(a.ciLower, 0.025 / 0.975, 1e-12);
    expect(a.pValue).toBe(1);
    // 2/2 vs 0/2: m = 2, weights C(2,k) C(2,2-k) = 1, 4, 1; P(X >= 2) = psi^2 / (1 + 4 psi + psi^2) = 0.025
    // -> 0.975 psi^2 - 0.1 psi - 0.025 = 0; null probabilities 1/6, 4/6, 1/6 -> two-sided p = 2/6
    const b = exactOddsRatio(2, 2, 0, 2);
    expectClose(b.ciLower, (0.1 + Math.sqrt(0.01 + 4 * 0.975 * 0.025)) / (2 * 0.975), 1e-12);
    expect(b.ciUpper).toBe(Infinity);
    expectClose(b.pValue, 1 / 3, 1e-14);
    // and the mirror image: 0/2 vs 2/2 -> [0, 1 / that]
    const c = exactOddsRatio(0, 2, 2, 2);
    expect(c.ciLower).toBe(0);
    expectClose(c.ciUpper, 1 / b.ciLower, 1e-12);
  });

  it("gives Fisher's exact p-values: lady tasting tea 3/4 vs 1/4 = 34/70, Ritland 0/16 vs 15/72 = 0.06287", () => {
    // null weights C(4,k) C(4,4-k) = 1, 16, 36, 16, 1 (of 70); observed 16 -> (1 + 16 + 16 + 1) / 70
    expectClose(exactOddsRatio(3, 4, 1, 4).pValue, 34 / 70, 1e-14);
    // Fagerland, Lydersen & Laake, Statistical Analysis of Contingency Tables (2017), ch. 4
    expect(exactOddsRatio(0, 16, 15, 72).pValue.toFixed(5)).toBe('0.06287');
  });

  it('is reciprocal under swapping the arms', () => {
    for (const [x1, n1, x0, n0] of [[93, 154, 54, 153], [3, 11, 7, 9], [0, 10, 4, 12], [60, 61, 2, 70]]) {
      const a = exactOddsRatio(x1, n1, x0, n0);
      const b = exactOddsRatio(x0, n0, x1, n1);
      expectClose(a.oddsRatio, 1 / b.oddsRatio, 1e-14);
      expectClose(a.ciLower, 1 / b.ciUpper, 1e-12);
      expectClose(a.ciUpper, 1 / b.ciLower, 1e-12);
      expectClose(a.pValue, b.pValue, 1e-12);
    }
  });

  it.each([
    // isatuximab label, ICARIA-MM table 8: Isa-Pd vs Pd; R fisher.test stops at 4.561 and 10.587
    [93, 154, 54, 153, '2.795', '1.715', '4.562'],
    [49, 154, 13, 153, '5.026', '2.514', '10.586'],
  ])('reproduces the ICARIA-MM label %i/%i vs %i/%i -> %s [%s~%s]', (x1, n1, x0, n0, or, lo, hi) => {
    const r = exactOddsRatio(x1 as number, n1 as number, x0 as number, n0 as number);
    expect([r.oddsRatio.toFixed(3), r.ciLower.toFixed(3), r.ciUpper.toFixed(3)]).toEqual([or, lo, hi]);
  });

  it('handles a degenerate support (no responder, or an empty arm): [0, Inf], p = 1', () => {
    for (const r of [exactOddsRatio(0, 5, 0, 7), exactOddsRatio(0, 0, 3, 7), exactOddsRatio(4, 4, 7, 7)]) {
      expect([r.ciLower, r.ciUpper, r.pValue]).toEqual([0, Infinity, 1]);
    }
  });

  it('runs on a million subjects in seconds', () => {
    const r = exactOddsRatio(300000, 500000, 295000, 500000);
    expect(r.ciLower).toBeLessThan(r.oddsRatio);
    expect(r.ciUpper).toBeGreaterThan(r.oddsRatio);
  });

  it('rejects impossible counts and levels', () => {
    expect(() => exactOddsRatio(-1, 5, 1, 5)).toThrow(RangeError);
    expect(() => exactOddsRatio(1, 5, -1, 5)).toThrow(RangeError);
    expect(() => exactOddsRatio(6, 5, 1, 5)).toThrow(RangeError);
    expect(() => exactOddsRatio(1, 5, 6, 5)).toThrow(RangeError);
    expect(() => exactOddsRatio(1.5, 5, 1, 5)).toThrow(RangeError);
    expect(() => exactOddsRatio(1, 5, 1, 5, 1.2)).toThrow(RangeError);
  });
});
