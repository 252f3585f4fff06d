import { describe, expect, it } from 'vitest';
import { cmhTest, type Table2x2 } from '../../analyses/stats/cmhTest.js';
import { chiSquareUpperTail } from '../../analyses/stats/distributions.js';
import { expectClose } from '../helpers/approx.js';

// SAS/STAT PROC FREQ documentation example "Cochran-Mantel-Haenszel Statistics" (Migraine data):
// female Active 16 better / 11 same, Placebo 5 / 20; male Active 12 / 16, Placebo 7 / 19.
const migraine: Table2x2[] = [
  { x1: 16, n1: 27, x0: 5, n0: 25 },
  { x1: 12, n1: 28, x0: 7, n0: 26 },
];

describe('cmhTest', () => {
  it('computes a single table by hand: 3/4 vs 1/4', () => {
    // N = 8, m = 4 responders: E(x1) = 4 * 4 / 8 = 2, x1 - E = 1;
    // V = n1 n0 m (N - m) / (N^2 (N - 1)) = 4 * 4 * 4 * 4 / (64 * 7) = 4/7 -> Q = 1 / (4/7) = 1.75
    // (= (N - 1)/N times Pearson's 2.0); corrected: (1 - 1/2)^2 / (4/7) = 0.4375
    const r = cmhTest([{ x1: 3, n1: 4, x0: 1, n0: 4 }]);
    expectClose(r.observedMinusExpected, 1, 1e-15);
    expectClose(r.variance, 4 / 7, 1e-15);
    expectClose(r.statistic, 1.75, 1e-15);
    expect(r.df).toBe(1);
    expectClose(r.pValue, chiSquareUpperTail(1.75, 1), 1e-15);
    expect(r.correct).toBe(false);
    const c = cmhTest([{ x1: 3, n1: 4, x0: 1, n0: 4 }], { correct: true });
    expectClose(c.statistic, 0.4375, 1e-15);
    expect(c.correct).toBe(true);
  });

  it('reproduces the SAS Migraine example: CMH 8.3052, p = 0.0040', () => {
    const r = cmhTest(migraine);
    expect(r.statistic.toFixed(4)).toBe('8.3052');
    expect(r.pValue.toFixed(4)).toBe('0.0040');
    expect([r.strataUsed, r.strataDropped]).toEqual([2, 0]);
  });

  it('applies the continuity correction only when |x1 - E| >= 1/2, as R', () => {
    // 2/4 vs 1/3: E = 4 * 3 / 7 = 12/7, x1 - E = 2/7 < 1/2 -> no correction
    const t = [{ x1: 2, n1: 4, x0: 1, n0: 3 }];
    expect(cmhTest(t, { correct: true }).statistic).toBe(cmhTest(t).statistic);
  });

  it('drops strata with fewer than 2 subjects and counts them; one-arm strata add nothing', () => {
    const base = cmhTest(migraine);
    const withTiny = cmhTest([...migraine, { x1: 1, n1: 1, x0: 0, n0: 0 }, { x1: 0, n1: 0, x0: 0, n0: 0 }]);
    expect([withTiny.strataUsed, withTiny.strataDropped]).toEqual([2, 2]);
    expect(withTiny.statistic).toBe(base.statistic);
    const withOneArm = cmhTest([{ x1: 0, n1: 0, x0: 4, n0: 7 }, ...migraine]);
    expect([withOneArm.strataUsed, withOneArm.strataDropped]).toEqual([3, 0]);
    expectClose(withOneArm.statistic, base.statistic, 1e-15);
  });

  it('gives NaN when no stratum carries variance', () => {
    const r = cmhTest([{ x1: 0, n1: 10, x0: 0, n0: 12 }, { x1: 1, n1: 1, x0: 0, n0: 0 }]);
    expect(Number.isNaN(r.statistic) && Number.isNaN(r.pValue)).toBe(true);
  });

  it('rejects impossible counts and an empty list', () => {
    expect(() => cmhTest([])).toThrow(RangeError);
    expect(() => cmhTest([{ x1: -1, n1: 4, x0: 1, n0: 4 }])).toThrow(RangeError);
    expect(() => cmhTest([{ x1: 1, n1: 4, x0: 5, n0: 4 }])).toThrow(RangeError);
    expect(() => cmhTest([{ x1: 1, n1: -4, x0: 1, n0: 4 }])).toThrow(RangeError);
    expect(() => cmhTest([{ x1: 0.5, n1: 4, x0: 1, n0: 4 }])).toThrow(RangeError);
  });
});
