import { describe, expect, it } from 'vitest';
import { riskDifference } from '../../analyses/stats/riskDifference.js';
import { expectClose } from '../helpers/approx.js';

const r4 = (v: number) => v.toFixed(4);

describe('riskDifference', () => {
  it('estimates p1 - p0, and the MH-weighted mean over strata, by hand', () => {
    expectClose(riskDifference({ x1: 7, n1: 20, x0: 3, n0: 20 }).estimate, 0.2, 1e-15);
    // weights n1 n0 / (n1 + n0): 10 * 10 / 20 = 5 and 20 * 5 / 25 = 4;
    // differences 7/10 - 5/10 = 0.2 and 8/20 - 3/5 = -0.2 -> (5 * 0.2 + 4 * -0.2) / 9 = 0.2 / 9
    const r = riskDifference([
      { x1: 7, n1: 10, x0: 5, n0: 10 },
      { x1: 8, n1: 20, x0: 3, n0: 5 },
    ]);
    expectClose(r.estimate, 0.2 / 9, 1e-14);
  });

  it.each([
    // Newcombe, Stat Med 1998;17:873-890, method 6 (Miettinen-Nurminen)
    [56, 70, 48, 80, '0.0528', '0.3382'],
    [9, 10, 3, 10, '0.1700', '0.8406'],
    [10, 10, 0, 20, '0.7156', '1.0000'],
    // Fagerland, Lydersen & Laake, Statistical Analysis of Contingency Tables (2017), ch. 4 (Ritland et al.)
    [0, 16, 15, 72, '-0.3164', '-0.0056'],
  ])('reproduces the published MN interval of %i/%i - %i/%i: %s to %s', (x1, n1, x0, n0, lo, hi) => {
    const r = riskDifference({ x1: x1 as number, n1: n1 as number, x0: x0 as number, n0: n0 as number });
    expect([r4(r.ciLower), r4(r.ciUpper)]).toEqual([lo, hi]);
  });

  it('without the N/(N - 1) factor gives the Mee interval (Fagerland et al., Perondi 7/34 - 1/34: 0.0284 to 0.3439)', () => {
    const r = riskDifference({ x1: 7, n1: 34, x0: 1, n0: 34 }, { varianceCorrection: false });
    expect([r4(r.ciLower), r4(r.ciUpper)]).toEqual(['0.0284', '0.3439']);
    const mn = riskDifference({ x1: 7, n1: 34, x0: 1, n0: 34 });
    expect(mn.ciLower).toBeLessThan(r.ciLower); // the MN factor widens the interval
    expect(mn.ciUpper).toBeGreaterThan(r.ciUpper);
  });

  it('stratified: two strata of 10 + 10 (7/10 - 5/10, 5/10 - 4/10): 0.15 (-0.1606, 0.4338)', () => {
    // weights 5 and 5: (0.2 + 0.1) / 2 = 0.15; limits as printed by the cicalc package documentation
    const r = riskDifference([
      { x1: 7, n1: 10, x0: 5, n0: 10 },
      { x1: 5, n1: 10, x0: 4, n0: 10 },
    ]);
    expectClose(r.estimate, 0.15, 1e-14);
    expect([r4(r.ciLower), r4(r.ciUpper)]).toEqual(['-0.1606', '0.4338']);
  });

  it('reaches the bounds exactly: d = 1 -> upper 1, d = -1 -> lower -1; 0/n - 0/n is symmetric', () => {
    const top = riskDifference({ x1: 5, n1: 5, x0: 0, n0: 6 });
    expect([top.estimate, top.ciUpper]).toEqual([1, 1]);
    expect(top.ciLower).toBeGreaterThan(0);
    const bottom = riskDifference({ x1: 0, n1: 5, x0: 6, n0: 6 });
    expect([bottom.estimate, bottom.ciLower]).toEqual([-1, -1]);
    const none = riskDifference({ x1: 0, n1: 10, x0: 0, n0: 10 });
    expect(none.estimate).toBe(0);
    expectClose(none.ciLower, -none.ciUpper, 1e-13);
  });

  it('changes sign when the arms are swapped', () => {
    const a = riskDifference({ x1: 49, n1: 154, x0: 13, n0: 153 });
    const b = riskDifference({ x1: 13, n1: 153, x0: 49, n0: 154 });
    expectClose(a.ciLower, -b.ciUpper, 1e-12);
    expectClose(a.ciUpper, -b.ciLower, 1e-12);
  });

  it('one stratum equals the unstratified interval; strata missing an arm are dropped and counted', () => {
    const t = { x1: 93, n1: 154, x0: 54, n0: 153 };
    const single = riskDifference(t);
    const r = riskDifference([{ x1: 3, n1: 3, x0: 0, n0: 0 }, t, { x1: 0, n1: 0, x0: 1, n0: 4 }]);
    expect([r.strataUsed, r.strataDropped]).toEqual([1, 2]);
    expect([r.estimate, r.ciLower, r.ciUpper]).toEqual([single.estimate, single.ciLower, single.ciUpper]);
    const empty = riskDifference([{ x1: 1, n1: 1, x0: 0, n0: 0 }]);
    expect([empty.estimate, empty.ciLower, empty.ciUpper].every(Number.isNaN)).toBe(true);
  });

  it('rejects impossible counts, levels and an empty list', () => {
    expect(() => riskDifference([])).toThrow(RangeError);
    expect(() => riskDifference({ x1: -1, n1: 4, x0: 1, n0: 4 })).toThrow(RangeError);
    expect(() => riskDifference({ x1: 1, n1: 4, x0: 5, n0: 4 })).toThrow(RangeError);
    expect(() => riskDifference([{ x1: 1, n1: 4, x0: 1, n0: 4 }, { x1: 2, n1: 1, x0: 0, n0: 3 }])).toThrow(RangeError);
    expect(() => riskDifference({ x1: 1, n1: 4, x0: 1, n0: 4 }, { level: 95 })).toThrow(RangeError);
  });
});
