import { describe, expect, it } from 'vitest';
import { exactOddsRatio } from '../../analyses/stats/exactOddsRatio.js';
import { expectClose } from '../helpers/approx.js';

/**
 * Slow reference: every term of the support, log scale, straightforward. Log weights are anchored at x1
 * (cumulative sums of log ratios outwards from it: small near x1 and the mode, so no large-number rounding),
 * tail probabilities by log-sum-exp, limits by bisection on theta = log(psi).
 */
function referenceOddsRatio(x1: number, n1: number, x0: number, n0: number, level = 0.95) {
  const m = x1 + x0;
  const lo = Math.max(0, m - n0);
  const hi = Math.min(n1, m);
  const size = hi - lo + 1;
  const at = x1 - lo;
  // log C(n1, k) C(n0, m - k) minus the same at x1: log ratios of consecutive terms, each log(a / b) of exact integer
  // products a, b (log1p((a - b) / b) near 1), summed with Neumaier compensation
  const logW = new Float64Array(size);
  const logRatio = (a: number, b: number) => (a > b / 2 && a < 2 * b ? Math.log1p((a - b) / b) : Math.log(a / b));
  const accumulate = (from: number, to: number, dir: 1 | -1, step: (k: number) => number) => {
    let sum = 0;
    let carry = 0;
    for (let i = from + dir; dir > 0 ? i <= to : i >= to; i += dir) {
      const v = step(lo + i - dir);
      const next = sum + v;
      carry += Math.abs(sum) >= Math.abs(v) ? sum - next + v : v - next + sum;
      sum = next;
      logW[i] = sum + carry;
    }
  };
  accumulate(at, size - 1, 1, (k) => logRatio((n1 - k) * (m - k), (k + 1) * (n0 - m + k + 1)));
  accumulate(at, 0, -1, (k) => logRatio(k * (n0 - m + k), (n1 - k + 1) * (m - k + 1)));
  /** log of the sum of exp(logW[i] + theta (i - at)) over the i with keep[i] */
  const logSumExp = (theta: number, keep: Uint8Array): number => {
    let max = -Infinity;
    for (let i = 0; i < size; i++) if (keep[i]) max = Math.max(max, logW[i] + theta * (i - at));
    let sum = 0;
    for (let i = 0; i < size; i++) if (keep[i]) sum += Math.exp(logW[i] + theta * (i - at) - max);
    return max + Math.log(sum);
  };
  /** [P(X >= x1), P(X <= x1)] at psi = exp(theta): every term, scaled by the largest */
  const tails = (theta: number): [number, number] => {
    let max = -Infinity;
    for (let i = 0; i < size; i++) max = Math.max(max, logW[i] + theta * (i - at));
    let below = 0;
    let above = 0;
    for (let i = 0; i < size; i++) {
      const t = Math.exp(logW[i] + theta * (i - at) - max);
      if (i < at) below += t;
      else if (i > at) above += t;
    }
    const mid = Math.exp(-max);
    return [(mid + above) / (below + mid + above), (below + mid) / (below + mid + above)];
  };
  const solve = (f: (theta: number) => number): number => {
    let a = -1;
    let b = 1;
    while (f(a) > 0) [a, b] = [2 * a, a];
    while (f(b) < 0) [a, b] = [b, 2 * b];
    while (b - a > 1e-14 * Math.max(1, Math.abs(a), Math.abs(b))) {
      const mid = (a + b) / 2;
      if (mid <= a || mid >= b) break;
      if (f(mid) < 0) a = mid;
      else b = mid;
    }
    return (a + b) / 2;
  };
  const alpha = (1 - level) / 2;
  const ciLower = x1 === lo ? 0 : Math.exp(solve((t) => tails(t)[0] - alpha));
  const ciUpper = x1 === hi ? Infinity : Math.exp(solve((t) => alpha - tails(t)[1]));
  const all = new Uint8Array(size).fill(1);
  const notAbove = all.map((_, i) => (logW[i] <= Math.log1p(1e-7) ? 1 : 0)); // logW[at] = 0
  const pValue = Math.min(1, Math.exp(logSumExp(0, notAbove) - logSumExp(0, all)));
  return { ciLower, ciUpper, pValue };
}

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

  // The fast sums start at the mode and stop once the rest is negligible; the reference above sums every term.
  const close = (fast: ReturnType<typeof exactOddsRatio>, ref: ReturnType<typeof referenceOddsRatio>, label: string) => {
    expectClose(fast.ciLower, ref.ciLower, 1e-10, 0, `${label} lower`);
    expectClose(fast.ciUpper, ref.ciUpper, 1e-10, 0, `${label} upper`);
    expectClose(fast.pValue, ref.pValue, 1e-10, 1e-300, `${label} p`);
  };

  it.each([
    [300000, 600000, 160000, 400000], // p below 1e-4000: 0
    [300000, 600000, 199000, 400000],
    [250000, 500000, 250000, 500000], // OR 1, p 1
    [570000, 600000, 10, 400000], // very unbalanced: OR ~ 8e5, mode at the end of the support
    [5, 600000, 399995, 400000], // OR ~ 1e-10
    [0, 600000, 200000, 400000], // x1 = 0
    [600000, 600000, 200000, 400000], // x1 = n1
  ])('equals a full-support summation on a million subjects: %i/%i vs %i/%i', (x1, n1, x0, n0) => {
    close(exactOddsRatio(x1, n1, x0, n0), referenceOddsRatio(x1, n1, x0, n0), `${x1}/${n1} vs ${x0}/${n0}`);
  }, 30000);

  it('equals a full-support summation on tiny counts, x = 0 or n, and other levels', () => {
    const tables = [
      [0, 600000, 5, 400000], [600000, 600000, 399990, 400000], [1, 600000, 0, 400000], [2, 500000, 9, 500000],
      [3, 1000000, 11, 1000000], [500000, 1000000, 1000, 1000], [12, 20, 399000, 400000], [0, 1000000, 1, 3],
      [30000, 60000, 16000, 40000], [4321, 10000, 3999, 10000], [40, 70, 30, 80], [33, 65, 0, 65], [65, 65, 1, 2],
    ];
    for (const [x1, n1, x0, n0] of tables) {
      for (const level of [0.95, 0.5, 0.999999]) {
        close(exactOddsRatio(x1, n1, x0, n0, level), referenceOddsRatio(x1, n1, x0, n0, level), `${x1}/${n1} vs ${x0}/${n0} at ${level}`);
      }
    }
  });

  it('equals a full-support summation on every table of up to 10 per arm, and on random tables up to 3000', () => {
    for (let n1 = 0; n1 <= 10; n1++) for (let n0 = 0; n0 <= 10; n0++) {
      for (let x1 = 0; x1 <= n1; x1++) for (let x0 = 0; x0 <= n0; x0++) {
        close(exactOddsRatio(x1, n1, x0, n0), referenceOddsRatio(x1, n1, x0, n0), `${x1}/${n1} vs ${x0}/${n0}`);
      }
    }
    let seed = 20240611;
    const uniform = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 60; i++) {
      const n1 = 1 + Math.floor(uniform() * 3000);
      const n0 = 1 + Math.floor(uniform() * 3000);
      const x1 = Math.floor(uniform() * (n1 + 1));
      const x0 = uniform() < 0.5 ? Math.round((x1 / n1) * n0) : Math.floor(uniform() * (n0 + 1));
      close(exactOddsRatio(x1, n1, x0, n0, 0.9), referenceOddsRatio(x1, n1, x0, n0, 0.9), `${x1}/${n1} vs ${x0}/${n0}`);
    }
  });

  it('keeps far-tail and large-table p-values to full precision (R 4.2.2 fisher.test)', () => {
    // summing log weights from the bottom of the support lost up to 1e-9 here
    expectClose(exactOddsRatio(300000, 500000, 295000, 500000).pValue, 2.3470917864683551e-24, 1e-12);
    expectClose(exactOddsRatio(300000, 600000, 199000, 400000).pValue, 0.014305839080447602, 1e-12);
    expectClose(exactOddsRatio(30000, 60000, 16000, 40000).pValue, 5.8333675268401799e-213, 1e-12, 0);
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
