import { describe, expect, it } from 'vitest';
import { logRank } from '../../analyses/stats/logRank.js';
import { coxPH } from '../../analyses/stats/coxPH.js';
import { chiSquareUpperTail } from '../../analyses/stats/distributions.js';
import { expectClose } from '../helpers/approx.js';
import { seededUniform } from '../../data-samples/random.js';

const rng = seededUniform;

describe('logRank by hand', () => {
  // Group 0 (A) dies at 2 and 4 and is censored at 6; group 1 (B) dies at 1, 3, 5.
  //  t  N  n_A  D  death   E_A = D n_A / N   V = D (N-D)/(N-1) (n_A/N)(1 - n_A/N)
  //  1  6   3   1    B        3/6                 9/36
  //  2  5   3   1    A        3/5                 6/25
  //  3  4   2   1    B        2/4                 4/16
  //  4  3   2   1    A        2/3                 2/9
  //  5  2   1   1    B        1/2                 1/4
  // O_A = 2, E_A = 83/30, O_B = 3, E_B = 5 - 83/30 = 67/30, V = 1091/900,
  // chisq = (O_A - E_A)^2 / V = (23/30)^2 / (1091/900) = 529/1091.
  const r = logRank({ time: [1, 2, 3, 4, 5, 6], event: [1, 1, 1, 1, 1, 0], group: [1, 0, 1, 0, 1, 0] });
  it('gives the hand-computed observed, expected, variance and chi-square', () => {
    expect(r.observed).toEqual([2, 3]);
    expect(r.n).toEqual([3, 3]);
    expectClose(r.expected[0], 83 / 30, 1e-14);
    expectClose(r.expected[1], 67 / 30, 1e-14);
    expectClose(r.variance[0][0], 1091 / 900, 1e-14);
    expectClose(r.variance[0][1], -1091 / 900, 1e-14);
    expectClose(r.variance[1][0], -1091 / 900, 1e-14);
    expectClose(r.variance[1][1], 1091 / 900, 1e-14);
    expectClose(r.chisq, 529 / 1091, 1e-14);
    expect(r.df).toBe(1);
    expectClose(r.p, chiSquareUpperTail(529 / 1091, 1), 1e-14);
  });

  it('uses the hypergeometric variance for tied deaths', () => {
    // t = 1: N = 4 (2 + 2), D = 2 (one per group): E_0 = 1, V = 2*2/3 * 1/2 * 1/2 = 1/3.
    // t = 2: N = 2 (1 + 1), D = 1 (group 0):      E_0 = 1/2, V = 1*1/1 * 1/2 * 1/2 = 1/4.
    // O_0 = 2, E_0 = 3/2, V = 7/12, chisq = (1/2)^2 / (7/12) = 3/7.
    const t = logRank({ time: [1, 2, 1, 3], event: [1, 1, 1, 0], group: [0, 0, 1, 1] });
    expect(t.observed).toEqual([2, 1]);
    expectClose(t.expected[0], 1.5, 1e-14);
    expectClose(t.variance[0][0], 7 / 12, 1e-14);
    expectClose(t.chisq, 3 / 7, 1e-14);
  });

  it('sums observed, expected and variance over strata', () => {
    const s0 = { time: [1, 2, 3, 4, 5, 6], event: [1, 1, 1, 1, 1, 0], group: [1, 0, 1, 0, 1, 0] };
    const s1 = { time: [2, 1, 3, 5, 4], event: [1, 1, 0, 1, 1], group: [0, 1, 1, 0, 0] };
    const both = logRank({
      time: [...s0.time, ...s1.time],
      event: [...s0.event, ...s1.event],
      group: [...s0.group, ...s1.group],
      strata: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
    });
    const a = logRank(s0);
    const b = logRank(s1);
    for (let g = 0; g < 2; g++) {
      expectClose(both.observed[g], a.observed[g] + b.observed[g], 1e-14);
      expectClose(both.expected[g], a.expected[g] + b.expected[g], 1e-14);
      expectClose(both.variance[g][g], a.variance[g][g] + b.variance[g][g], 1e-14);
    }
    const oe = both.observed[0] - both.expected[0];
    expectClose(both.chisq, (oe * oe) / both.variance[0][0], 1e-12);
  });

  it('handles K groups: O and E have equal totals, variance rows sum to 0, df = K - 1', () => {
    const u = rng(3);
    const n = 60;
    const time = Array.from({ length: n }, () => Math.ceil(u() * 20));
    const event = Array.from({ length: n }, () => (u() < 0.7 ? 1 : 0));
    const group = Array.from({ length: n }, (_, i) => i % 3);
    const r3 = logRank({ time, event, group });
    expect(r3.df).toBe(2);
    const sum = (v: number[]) => v.reduce((s, x) => s + x, 0);
    expectClose(sum(r3.observed), sum(r3.expected), 1e-12);
    for (const row of r3.variance) expect(Math.abs(sum(row))).toBeLessThan(1e-12);
    // Invariant to the order of the rows.
    const perm = Array.from({ length: n }, (_, i) => i).sort(() => u() - 0.5);
    const rp = logRank({ time: perm.map((i) => time[i]), event: perm.map((i) => event[i]), group: perm.map((i) => group[i]) });
    expectClose(rp.chisq, r3.chisq, 1e-12);
  });

  it('merges times closer than sqrt(epsilon) as R timefix does, unless timefix is false', () => {
    const base = { event: [1, 1, 1, 1], group: [0, 1, 0, 1] };
    const tied = logRank({ ...base, time: [1, 1, 2, 3] });
    const nearly = logRank({ ...base, time: [1, 1 + 1e-12, 2, 3] });
    const apart = logRank({ ...base, time: [1, 1 + 1e-12, 2, 3], timefix: false });
    expect(nearly.chisq).toBe(tied.chisq);
    expect(apart.chisq).not.toBe(tied.chisq);
  });

  it('reports no test when there are no events, and a null chi-square for a singular variance', () => {
    const none = logRank({ time: [1, 2, 3, 4], event: [0, 0, 0, 0], group: [0, 1, 0, 1] });
    expect(none).toMatchObject({ chisq: 0, df: 0, p: null, observed: [0, 0], expected: [0, 0] });
    // Everyone at risk dies at the only event time: N = D, so V = 0 (R's solve() stops here).
    const sing = logRank({ time: [1, 1], event: [1, 1], group: [0, 1] });
    expect(sing).toMatchObject({ chisq: null, df: 1, p: null, observed: [1, 1], expected: [1, 1] });
  });

  it('rejects invalid input with RangeError', () => {
    const ok = { time: [1, 2, 3], event: [1, 0, 1], group: [0, 1, 0] };
    expect(() => logRank({ ...ok, event: [1, 0] })).toThrow(RangeError);
    expect(() => logRank({ ...ok, group: [0, 1.5, 0] })).toThrow(RangeError);
    expect(() => logRank({ ...ok, group: [0, -1, 0] })).toThrow(RangeError);
    expect(() => logRank({ ...ok, event: [1, 2, 1] })).toThrow(RangeError);
    expect(() => logRank({ ...ok, time: [1, Number.NaN, 3] })).toThrow(RangeError);
    expect(() => logRank({ ...ok, strata: [0, 0] })).toThrow(RangeError);
    expect(() => logRank({ ...ok, strata: [0, 0.5, 0] })).toThrow(RangeError);
    expect(() => logRank({ ...ok, group: [0, 0, 0] })).toThrow(/only 1 group/);
  });
});

describe('logRank on 2e5 observations', () => {
  it('equals the stratified Cox (Breslow) score test when there are no tied times', () => {
    const n = 200_000;
    const u = rng(20240607);
    // distinct integer times (a shuffled 1..n), 2 arms, 4 strata
    const time = new Float64Array(n);
    for (let i = 0; i < n; i++) time[i] = i + 1;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(u() * (i + 1));
      [time[i], time[j]] = [time[j], time[i]];
    }
    const arm = new Float64Array(n);
    const strata = new Int32Array(n);
    const event = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      arm[i] = u() < 0.5 ? 1 : 0;
      strata[i] = Math.floor(u() * 4);
      event[i] = u() < (arm[i] === 1 ? 0.55 : 0.65) ? 1 : 0;
    }
    const r = logRank({ time, event, group: arm, strata });
    const totalEvents = event.reduce((s, e) => s + e, 0);
    expect(r.observed[0] + r.observed[1]).toBe(totalEvents);
    expectClose(r.expected[0] + r.expected[1], totalEvents, 1e-12);
    expect(r.n[0] + r.n[1]).toBe(n);
    const cox = coxPH({ time, event, covariates: [arm], strata, maxIter: 0 });
    expectClose(cox.scoreChisq, r.chisq, 1e-9);
  });
});
