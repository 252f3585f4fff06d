import { describe, expect, it } from 'vitest';
import { mcnemarTest } from '../../analyses/stats/mcnemarTest.js';
import type { PairedMrdTable } from '../../analyses/stats/percentAgreement.js';
import { chiSquareUpperTail } from '../../analyses/stats/distributions.js';
import { expectClose } from '../helpers/approx.js';

const table = (a: number, b: number, c: number, d: number): PairedMrdTable => ({
  bothNegative: a,
  ngfNegativeNgsPositive: b,
  ngfPositiveNgsNegative: c,
  bothPositive: d,
});

/** Exact two-sided McNemar p-value by exact rational arithmetic: 2 sum_{i <= min(b, c)} C(m, i) / 2^m, capped at 1. */
function exactByBigInt(b: number, c: number): number {
  const m = b + c;
  const k = Math.min(b, c);
  let binom = 1n;
  let sum = 0n;
  for (let i = 0; i <= k; i++) {
    sum += binom;
    binom = (binom * BigInt(m - i)) / BigInt(i + 1);
  }
  // 2 sum / 2^m as a double: an integer quotient with 64 significant bits, then the power of two
  const num = 2n * sum;
  const scale = m - num.toString(2).length + 64; // >= 63, since num < 2^(m + 1)
  const quotient = (num << BigInt(scale)) >> BigInt(m); // floor(num 2^(scale - m)): 64 significant bits
  return Math.min(1, Number(quotient) * 2 ** -scale);
}

describe('mcnemarTest', () => {
  it('matches a table worked by hand: b = 5, c = 3', () => {
    // statistic (5 - 3)^2 / 8 = 0.5; corrected (|5 - 3| - 1)^2 / 8 = 0.125
    // exact: 2 P(X <= 3), X ~ Bin(8, 1/2) = 2 (1 + 8 + 28 + 56) / 256 = 0.7265625
    const r = mcnemarTest(table(40, 5, 3, 52));
    expect(r).toMatchObject({ ngfNegativeNgsPositive: 5, ngfPositiveNgsNegative: 3, discordant: 8, correct: false, df: 1 });
    expect(r.statistic).toBe(0.5);
    expectClose(r.pValue, 0.4795001221869535, 1e-12); // R: mcnemar.test(x, correct = FALSE)$p.value
    expectClose(r.exactPValue, 0.7265625, 1e-13);
    const corrected = mcnemarTest(table(40, 5, 3, 52), { correct: true });
    expect(corrected.statistic).toBe(0.125);
    expectClose(corrected.pValue, chiSquareUpperTail(0.125, 1), 1e-15);
    expect(corrected.exactPValue).toBe(r.exactPValue);
  });

  it('uses only the discordant pairs', () => {
    const r1 = mcnemarTest(table(40, 5, 3, 52));
    const r2 = mcnemarTest(table(4000, 5, 3, 0));
    expect(r2).toEqual(r1);
  });

  it('applies the continuity correction as R does: none when b = c, 0 when |b - c| = 1', () => {
    expect(mcnemarTest(table(1, 6, 6, 1), { correct: true })).toMatchObject({ statistic: 0, pValue: 1, exactPValue: 1 });
    const one = mcnemarTest(table(20, 1, 0, 30), { correct: true });
    expect(one.statistic).toBe(0);
    expect(one.pValue).toBe(1);
    expect(mcnemarTest(table(20, 1, 0, 30)).statistic).toBe(1);
  });

  it('has closed forms when all discordant pairs go one way: exact p = 2 / 2^m', () => {
    const r = mcnemarTest(table(30, 10, 0, 0));
    expect(r.statistic).toBe(10);
    expectClose(r.exactPValue, 2 / 1024, 1e-14);
    expect(mcnemarTest(table(30, 10, 0, 0), { correct: true }).statistic).toBe(8.1);
    expectClose(mcnemarTest(table(0, 0, 40, 0)).exactPValue, 2 / 2 ** 40, 1e-14);
  });

  it('returns a null statistic and p = 1 without discordant pairs (R: NaN)', () => {
    for (const correct of [false, true]) {
      expect(mcnemarTest(table(30, 0, 0, 20), { correct })).toEqual({
        ngfNegativeNgsPositive: 0,
        ngfPositiveNgsNegative: 0,
        discordant: 0,
        correct,
        statistic: null,
        df: 1,
        pValue: 1,
        exactPValue: 1,
      });
    }
    expect(mcnemarTest(table(0, 0, 0, 0)).pValue).toBe(1);
  });

  it('gives the exact binomial p-value (R binom.test(b, b + c)) for every b, c <= 60', () => {
    for (let b = 0; b <= 60; b++) {
      for (let c = 0; c <= 60; c++) {
        if (b + c === 0) continue;
        expectClose(mcnemarTest(table(0, b, c, 0)).exactPValue, exactByBigInt(b, c), 1e-13, 0, `b=${b} c=${c}`);
      }
    }
  });

  it('handles a million discordant pairs quickly and accurately', () => {
    const started = performance.now();
    const r = mcnemarTest(table(0, 500_600, 499_400, 0));
    expect(performance.now() - started).toBeLessThan(1000);
    // z = 1200 / sqrt(1e6) = 1.2; the exact p-value is close to the asymptotic one at this size
    expectClose(r.statistic, 1.44, 1e-14);
    expectClose(r.exactPValue, r.pValue, 2e-3);
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => mcnemarTest(table(1, -2, 0, 1))).toThrow(RangeError);
    expect(() => mcnemarTest(table(1, 2, 0.5, 1))).toThrow(/mcnemarTest/);
    expect(() => mcnemarTest(table(1, 2, 3, Number.NaN))).toThrow(RangeError);
  });
});
