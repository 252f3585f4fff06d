import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  betaCdf,
  betaQuantile,
  chiSquareUpperTail,
  logGammaFn,
  lowerRegularizedGamma,
  normalCdf,
  normalQuantile,
  normalTwoSidedP,
  upperRegularizedGamma,
} from '../../analyses/stats/distributions.js';
import { expectClose } from '../helpers/approx.js';

interface Fixture {
  source: string;
  qbetaSelfCheck: number;
  pchisqUpper: { q: number; df: number; p: number }[];
  pnorm: { z: number; p: number; logP: number; twoSided: number }[];
  qnorm: { p: number; q: number }[];
  qbeta: { p: number; a: number; b: number; q: number }[];
  pbeta: { x: number; a: number; b: number; p: number; logP?: number }[];
  lgamma: { x: number; lgamma: number }[];
  pgamma: { a: number; x: number; lower: number; upper: number }[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/distributions.json', import.meta.url), 'utf8')) as Fixture;

/**
 * Every value is compared at 1e-10 relative. Values below 1e-300 (R's p-values that underflow, e.g.
 * pbeta(1e-12, 1e4, 5)) are compared absolutely at 1e-300, so the comparison is truly relative down to 1e-290.
 * The fixture holds 15 significant digits (jsonlite's maximum), i.e. the reference itself is exact to <= 5e-15.
 *
 * Measured maximum relative error over this grid (R 4.2.2, Node 20), the "measured" column below, asserted
 * with some headroom in the last describe block:
 *
 * | function (R)                            | rows | measured | previous version (jStat for lnGamma, quantiles, pbeta) |
 * |------------------------------------------|------|----------|---------------------------------------------------------|
 * | chiSquareUpperTail (pchisq upper tail)   | 1907 | 7.6e-14  | 7.0e-11 (jStat.gammaln, ~2e-10 absolute)                |
 * | normalCdf (pnorm), z from -38 to 8       |  199 | 5.2e-15  | 1.1e-13                                                 |
 * | normalTwoSidedP (2 * pnorm(-abs(z)))     |  199 | 9.2e-15  | 1.0e-13                                                 |
 * | normalQuantile (qnorm), 1e-10..1 - 1e-10 |   84 | 2.5e-15  | 4.4e-9 (jStat.normal.inv)                               |
 * | betaQuantile (qbeta), shapes 0.5..1e5    | 3150 | 1.3e-14  | 0.44; 9 values beyond 1e-6 (jStat.beta.inv)             |
 * | betaCdf (pbeta), shapes 0.5..1e5         | 5811 | 3.3e-13  | 2.2e-4; 8 values beyond 1e-6 (jStat.ibeta)              |
 * | lower/upperRegularizedGamma (pgamma)     |   63 | 4.5e-14  |                                                         |
 * | logGammaFn (lgamma)                      |   19 | 3.5e-15 relative; 2.2e-15 absolute where |lgamma| < 1      |
 *
 * No function is in the 1e-9..1e-6 band any more: jStat's normal quantile was (4.4e-9), jStat's beta quantile and
 * incomplete beta failed 1e-6; distributions.ts no longer uses jStat.
 */
const REL = 1e-10;
const ABS = 1e-300;
/** Subnormal reference values (below 2.2e-308) come from R's log.p: ~20 ulps of the subnormal spacing 4.9e-324. */
const SUBNORMAL_ABS = 1e-322;

function relativeError(actual: number, expected: number): number {
  if (expected === 0) return actual === 0 ? 0 : Infinity;
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** Largest relative error of `actual` over rows with a reference at or above 1e-290 (where it is relative). */
function worstRelative<T>(rows: T[], actual: (r: T) => number, expected: (r: T) => number): number {
  let worst = 0;
  for (const r of rows) {
    const e = expected(r);
    if (Math.abs(e) < 1e-290) continue;
    worst = Math.max(worst, relativeError(actual(r), e));
  }
  return worst;
}

describe(`distributions.ts against R (${fixture.source}, test/oracle/distributions.R)`, () => {
  it(`pchisq(q, df, lower.tail = FALSE): ${fixture.pchisqUpper.length} values, df 1..100, p down to 1e-100`, () => {
    expect(fixture.pchisqUpper.length).toBeGreaterThan(1500);
    expect(Math.min(...fixture.pchisqUpper.map((r) => r.p))).toBeLessThan(1.1e-100);
    for (const r of fixture.pchisqUpper) {
      expectClose(chiSquareUpperTail(r.q, r.df), r.p, REL, ABS, `pchisq(${r.q}, ${r.df}, lower.tail = FALSE)`);
    }
  });

  it(`pnorm(z) and 2 * pnorm(-abs(z)): ${fixture.pnorm.length} values, z from -38 to 8`, () => {
    for (const r of fixture.pnorm) {
      if (r.p > 0) {
        expectClose(normalCdf(r.z), r.p, REL, ABS, `pnorm(${r.z})`);
        expectClose(normalTwoSidedP(r.z), r.twoSided, REL, ABS, `2 * pnorm(-abs(${r.z}))`);
      } else {
        // pnorm(-38) = 2.9e-316 is subnormal: the fixture holds it as log.p
        const expected = Math.exp(r.logP);
        expect(expected).toBeGreaterThan(0);
        expectClose(normalCdf(r.z), expected, REL, SUBNORMAL_ABS, `pnorm(${r.z}) (subnormal)`);
        expectClose(normalTwoSidedP(r.z), 2 * expected, REL, SUBNORMAL_ABS, `2 * pnorm(${r.z}) (subnormal)`);
      }
    }
  });

  it(`qnorm(p): ${fixture.qnorm.length} values, p from 1e-10 to 1 - 1e-10`, () => {
    for (const r of fixture.qnorm) expectClose(normalQuantile(r.p), r.q, REL, 1e-15, `qnorm(${r.p})`);
  });

  it(`qbeta(p, a, b): ${fixture.qbeta.length} values, shapes 0.5 to 1e5 (the Clopper-Pearson range)`, () => {
    // R's own qbeta was checked by inversion in the R script
    expect(fixture.qbetaSelfCheck).toBeLessThan(1e-12);
    for (const r of fixture.qbeta) {
      expectClose(betaQuantile(r.p, r.a, r.b), r.q, REL, ABS, `qbeta(${r.p}, ${r.a}, ${r.b})`);
    }
  });

  it(`pbeta(x, a, b): ${fixture.pbeta.length} values at the quantiles above and fixed x`, () => {
    for (const r of fixture.pbeta) {
      if (r.p === 0 && r.logP !== undefined) {
        expectClose(betaCdf(r.x, r.a, r.b), Math.exp(r.logP), REL, SUBNORMAL_ABS, `pbeta(${r.x}, ${r.a}, ${r.b}) (subnormal)`);
      } else {
        expectClose(betaCdf(r.x, r.a, r.b), r.p, REL, ABS, `pbeta(${r.x}, ${r.a}, ${r.b})`);
      }
    }
  });

  it(`pgamma(x, a) both tails and lgamma(x)`, () => {
    for (const r of fixture.pgamma) {
      expectClose(lowerRegularizedGamma(r.a, r.x), r.lower, REL, ABS, `pgamma(${r.x}, ${r.a})`);
      expectClose(upperRegularizedGamma(r.a, r.x), r.upper, REL, ABS, `pgamma(${r.x}, ${r.a}, lower.tail = FALSE)`);
    }
    // lgamma has roots at 1 and 2: absolute 1e-14 there
    for (const r of fixture.lgamma) expectClose(logGammaFn(r.x), r.lgamma, REL, 1e-14, `lgamma(${r.x})`);
  });
});

describe('measured precision over the grid (regression guard; numbers in the comment above)', () => {
  it.each([
    ['chiSquareUpperTail', () => worstRelative(fixture.pchisqUpper, (r) => chiSquareUpperTail(r.q, r.df), (r) => r.p), 1e-12],
    ['normalCdf', () => worstRelative(fixture.pnorm, (r) => normalCdf(r.z), (r) => r.p), 1e-13],
    ['normalTwoSidedP', () => worstRelative(fixture.pnorm, (r) => normalTwoSidedP(r.z), (r) => r.twoSided), 1e-13],
    ['normalQuantile', () => worstRelative(fixture.qnorm, (r) => normalQuantile(r.p), (r) => r.q), 1e-13],
    ['betaQuantile', () => worstRelative(fixture.qbeta, (r) => betaQuantile(r.p, r.a, r.b), (r) => r.q), 1e-12],
    ['betaCdf', () => worstRelative(fixture.pbeta, (r) => betaCdf(r.x, r.a, r.b), (r) => r.p), 5e-12],
    ['lowerRegularizedGamma', () => worstRelative(fixture.pgamma, (r) => lowerRegularizedGamma(r.a, r.x), (r) => r.lower), 1e-12],
    ['upperRegularizedGamma', () => worstRelative(fixture.pgamma, (r) => upperRegularizedGamma(r.a, r.x), (r) => r.upper), 1e-12],
  ] as const)('%s: max relative error < %s', (_name, measure, bound) => {
    expect(measure()).toBeLessThan(bound);
  });
});

describe('edge cases of the exported API', () => {
  it('returns the limits at the ends of the support', () => {
    expect(chiSquareUpperTail(0, 3)).toBe(1);
    expect(chiSquareUpperTail(-1, 3)).toBe(1);
    expect(chiSquareUpperTail(Infinity, 3)).toBe(0);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalTwoSidedP(0)).toBe(1);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0);
    expect(betaCdf(0, 2, 3)).toBe(0);
    expect(betaCdf(1, 2, 3)).toBe(1);
    expect(betaQuantile(0, 2, 3)).toBe(0);
    expect(betaQuantile(1, 2, 3)).toBe(1);
  });

  it('treats shape 0 as a point mass, as Clopper-Pearson limits need', () => {
    expect(betaQuantile(0.025, 0, 5)).toBe(0);
    expect(betaQuantile(0.975, 5, 0)).toBe(1);
    expect(betaCdf(0.3, 0, 5)).toBe(1);
    expect(betaCdf(0.3, 5, 0)).toBe(0);
  });

  it('propagates NaN', () => {
    for (const v of [
      chiSquareUpperTail(Number.NaN, 1),
      normalCdf(Number.NaN),
      normalTwoSidedP(Number.NaN),
      normalQuantile(Number.NaN),
      betaQuantile(Number.NaN, 1, 1),
      betaCdf(Number.NaN, 1, 1),
      upperRegularizedGamma(-1, 1),
    ]) {
      expect(Number.isNaN(v)).toBe(true);
    }
  });

  it('has closed forms where they exist', () => {
    // Beta(1, 1) is uniform; Beta(a, 1) has CDF x^a; chi-square on 2 df is exponential with mean 2
    expectClose(betaQuantile(0.3, 1, 1), 0.3, 1e-14);
    expectClose(betaCdf(0.3, 2.5, 1), Math.pow(0.3, 2.5), 1e-14);
    expectClose(betaQuantile(0.3, 2.5, 1), Math.pow(0.3, 1 / 2.5), 1e-14);
    expectClose(chiSquareUpperTail(7, 2), Math.exp(-3.5), 1e-14);
    expectClose(lowerRegularizedGamma(1, 1e-10), -Math.expm1(-1e-10), 1e-14);
  });

  it('inverts its own CDFs', () => {
    for (const p of [1e-300, 1e-20, 0.01, 0.3, 0.7, 0.99, 1 - 1e-12]) {
      expectClose(normalCdf(normalQuantile(p)), p, 1e-13, 0, `Phi(Phi^-1(${p}))`);
      if (p < 1e-20) continue; // Beta(0.5, 0.5) quantile of 1e-300 is 2.5e-600: underflows
      for (const [a, b] of [[0.5, 0.5], [3, 1e6], [1e6, 3], [2e5, 2e5]]) {
        const x = betaQuantile(p, a, b);
        // relative accuracy of the round trip is limited by the spacing of doubles near x
        expectClose(betaCdf(x, a, b), p, 1e-7, 0, `I(I^-1(${p}; ${a}, ${b}))`);
      }
    }
  });
});
