import { describe, expect, it } from 'vitest';
import { mantelHaenszelOR } from '../../analyses/stats/mantelHaenszelOR.js';
import { expectClose } from '../helpers/approx.js';

const Z975 = 1.959963984540054;

describe('mantelHaenszelOR', () => {
  it('equals the sample odds ratio for one table: 3/4 vs 1/4', () => {
    // a d / N = 9/8, b c / N = 1/8 -> 9 = (3 * 3) / (1 * 1)
    expectClose(mantelHaenszelOR([{ x1: 3, n1: 4, x0: 1, n0: 4 }]).estimate, 9, 1e-15);
  });

  it('computes two strata and the RBG variance by hand', () => {
    // stratum 1: a, b, c, d = 2, 3, 1, 4 (N = 10): R = 0.8, S = 0.3, P = 0.6, Q = 0.4
    // stratum 2: a, b, c, d = 4, 1, 2, 3 (N = 10): R = 1.2, S = 0.2, P = 0.7, Q = 0.3
    // OR = (0.8 + 1.2) / (0.3 + 0.2) = 4
    // sum PR = 1.32, sum (PS + QR) = 0.5 + 0.5 = 1, sum QS = 0.18
    // Var log OR = 1.32 / (2 * 2^2) + 1 / (2 * 2 * 0.5) + 0.18 / (2 * 0.5^2) = 0.165 + 0.5 + 0.36 = 1.025
    const r = mantelHaenszelOR([
      { x1: 2, n1: 5, x0: 1, n0: 5 },
      { x1: 4, n1: 5, x0: 2, n0: 5 },
    ]);
    expectClose(r.estimate, 4, 1e-15);
    expectClose(r.seLog, Math.sqrt(1.025), 1e-15);
    expectClose(r.ciLower, 4 * Math.exp(-Z975 * Math.sqrt(1.025)), 1e-14);
    expectClose(r.ciUpper, 4 * Math.exp(Z975 * Math.sqrt(1.025)), 1e-14);
  });

  it('reproduces the SAS Migraine example: Mantel-Haenszel 3.3132 (1.4456, 7.5934)', () => {
    const r = mantelHaenszelOR([
      { x1: 16, n1: 27, x0: 5, n0: 25 },
      { x1: 12, n1: 28, x0: 7, n0: 26 },
    ]);
    expect([r.estimate, r.ciLower, r.ciUpper].map((v) => v.toFixed(4))).toEqual(['3.3132', '1.4456', '7.5934']);
  });

  it('returns 0 / Infinity / NaN estimates with NaN limits, as R', () => {
    const inf = mantelHaenszelOR([{ x1: 5, n1: 5, x0: 0, n0: 4 }, { x1: 3, n1: 3, x0: 0, n0: 6 }]);
    expect(inf.estimate).toBe(Infinity);
    expect(Number.isNaN(inf.ciLower) && Number.isNaN(inf.ciUpper)).toBe(true);
    expect(mantelHaenszelOR([{ x1: 0, n1: 5, x0: 4, n0: 4 }]).estimate).toBe(0);
    expect(Number.isNaN(mantelHaenszelOR([{ x1: 0, n1: 5, x0: 0, n0: 4 }]).estimate)).toBe(true);
  });

  it('drops strata with fewer than 2 subjects and counts them', () => {
    const two = [{ x1: 2, n1: 5, x0: 1, n0: 5 }, { x1: 4, n1: 5, x0: 2, n0: 5 }];
    const r = mantelHaenszelOR([{ x1: 0, n1: 0, x0: 0, n0: 0 }, ...two, { x1: 0, n1: 0, x0: 1, n0: 1 }]);
    expect([r.strataUsed, r.strataDropped]).toEqual([2, 2]);
    expect(r.estimate).toBe(mantelHaenszelOR(two).estimate);
    expect(Number.isNaN(mantelHaenszelOR([{ x1: 0, n1: 0, x0: 0, n0: 0 }]).estimate)).toBe(true);
  });

  it('rejects impossible counts, levels and an empty list', () => {
    expect(() => mantelHaenszelOR([])).toThrow(RangeError);
    expect(() => mantelHaenszelOR([{ x1: -1, n1: 4, x0: 1, n0: 4 }])).toThrow(RangeError);
    expect(() => mantelHaenszelOR([{ x1: 5, n1: 4, x0: 1, n0: 4 }])).toThrow(RangeError);
    expect(() => mantelHaenszelOR([{ x1: 1, n1: 4, x0: 1, n0: 4 }], 0)).toThrow(RangeError);
  });
});
