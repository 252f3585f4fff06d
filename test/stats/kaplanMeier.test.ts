import { describe, expect, it } from 'vitest';
import { kaplanMeier } from '../../analyses/stats/kaplanMeier.js';
import { survivalQuantiles } from '../../analyses/stats/survivalQuantiles.js';
import { survivalAtTimes } from '../../analyses/stats/survivalAtTimes.js';
import { medianFollowUp } from '../../analyses/stats/medianFollowUp.js';
import { normalQuantile } from '../../analyses/stats/distributions.js';
import { expectClose } from '../helpers/approx.js';

// Six subjects, by hand (d = events, c = censored, n = at risk):
//   time   n  d  c   S                        Greenwood sum d/(n(n-d))       se(log S)
//    3     6  1  0   5/6                      1/(6*5) = 1/30                 sqrt(1/30) = 0.1825742
//    5     5  1  1   5/6 * 4/5 = 2/3          1/30 + 1/(5*4) = 1/12          sqrt(1/12) = 0.2886751
//    8     3  1  0   2/3 * 2/3 = 4/9          1/12 + 1/(3*2) = 1/4           0.5
//   10     2  0  1   4/9                      1/4                            0.5
//   12     1  1  0   0                        + 1/(1*0) = Inf                Inf
// log-log 95% at t = 8: log S = log(4/9) = -0.8109302, log(-log S) = -0.2095733,
//   shift = 1.959964 * 0.5 / log S = -1.2084673,
//   lower = exp(-exp(-0.2095733 + 1.2084673)) = exp(-2.7153175) = 0.0661868,
//   upper = exp(-exp(-0.2095733 - 1.2084673)) = exp(-0.2421734) = 0.7849084.
// Median: S first <= 0.5 at t = 8. Its CI: the lower band is <= 0.5 from t = 3 (0.2731), the upper
// band never falls to 0.5 (0.7849 at t = 10, undefined at S = 0), so [3, NR].
// R: survfit(Surv(c(3,5,5,8,10,12), c(1,1,0,1,0,1)) ~ 1, conf.type = "log-log") gives the same.
const time = [3, 5, 5, 8, 10, 12];
const event = [1, 1, 0, 1, 0, 1];

describe('kaplanMeier on a hand-checkable case', () => {
  const km = kaplanMeier(time, event);

  it('gives the product-limit estimate, counts and Greenwood SE', () => {
    expect(km.n).toBe(6);
    expect(km.events).toBe(4);
    expect(km.confType).toBe('log-log');
    expect(km.level).toBe(0.95);
    expect(Array.from(km.time)).toEqual([3, 5, 8, 10, 12]);
    expect(Array.from(km.nRisk)).toEqual([6, 5, 3, 2, 1]);
    expect(Array.from(km.nEvent)).toEqual([1, 1, 1, 0, 1]);
    expect(Array.from(km.nCensor)).toEqual([0, 1, 0, 1, 0]);
    const surv = [5 / 6, 2 / 3, 4 / 9, 4 / 9, 0];
    const se = [Math.sqrt(1 / 30), Math.sqrt(1 / 12), 0.5, 0.5, Infinity];
    surv.forEach((s, k) => expectClose(km.surv[k], s, 1e-14, 0, `surv[${k}]`));
    se.forEach((s, k) => expectClose(km.stdErr[k], s, 1e-14, 0, `stdErr[${k}]`));
  });

  it('gives the log-log limits computed by hand, null at S = 0', () => {
    const z = normalQuantile(0.975);
    const ls = Math.log(4 / 9);
    const shift = (z * 0.5) / ls;
    expectClose(km.lower[2], Math.exp(-Math.exp(Math.log(-ls) - shift)), 1e-14);
    expectClose(km.upper[2], Math.exp(-Math.exp(Math.log(-ls) + shift)), 1e-14);
    expectClose(km.lower[2], 0.06618675315, 1e-9);
    expectClose(km.upper[2], 0.7849083671, 1e-9);
    expect(km.lower[4]).toBeNull();
    expect(km.upper[4]).toBeNull();
  });

  it('gives plain and log limits (clipped to [0, 1]) and null at S = 0', () => {
    const plain = kaplanMeier(time, event, { confType: 'plain' });
    const z = normalQuantile(0.975);
    expectClose(plain.lower[2], 4 / 9 - z * 0.5 * (4 / 9), 1e-14); // 0.008896892
    expectClose(plain.upper[2], 4 / 9 + z * 0.5 * (4 / 9), 1e-14); // 0.879992
    expect(plain.upper[0]).toBe(1);
    expect(plain.lower[4]).toBeNull();
    const log = kaplanMeier(time, event, { confType: 'log', level: 0.9 });
    const z90 = normalQuantile(0.95);
    expectClose(log.lower[2], (4 / 9) * Math.exp(-z90 * 0.5), 1e-14);
    expect(log.upper[2]).toBe(1);
    expect(log.upper[4]).toBeNull();
  });

  it('gives quartiles with Brookmeyer-Crowley limits', () => {
    expect(survivalQuantiles(km)).toEqual([
      { prob: 0.25, estimate: 5, lower: 3, upper: null },
      { prob: 0.5, estimate: 8, lower: 3, upper: null },
      { prob: 0.75, estimate: 12, lower: 5, upper: null },
    ]);
  });

  it('gives survival at times: start, between, at an event, past the end', () => {
    const rows = survivalAtTimes(km, [0, 4, 8, 11, 20]);
    expect(rows.map((r) => r.nRisk)).toEqual([6, 5, 3, 1, 0]);
    expect(rows[0]).toEqual({ time: 0, nRisk: 6, surv: 1, stdErr: 0, lower: 1, upper: 1 });
    expectClose(rows[1].surv, 5 / 6, 1e-14);
    expectClose(rows[2].surv, 4 / 9, 1e-14);
    expectClose(rows[2].stdErr, (4 / 9) * 0.5, 1e-14); // SE of S = S * se(log S) = 0.2222222
    expect(rows[3].lower).toBe(km.lower[3]);
    expect(rows[4]).toEqual({ time: 20, nRisk: 0, surv: 0, stdErr: null, lower: null, upper: null });
  });

  it('gives the reverse Kaplan-Meier median follow-up', () => {
    // Censorings (at 5 and 10) are the "events"; the events at 3, 5, 8 and 12 now censor.
    // Reverse S: 1 (t = 3), 4/5 (5: 1 of 5), 4/5 (8), 4/5 * 1/2 = 0.4 (10): median 10; R gives [5, NA].
    expect(medianFollowUp(time, event)).toEqual({ estimate: 10, lower: 5, upper: null, confType: 'log-log', level: 0.95 });
  });
});

describe('kaplanMeier edge cases', () => {
  it('puts the median at the middle of a segment flat exactly at 0.5', () => {
    const t = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // events at 1-5 bring S to 5/10; censoring at 6 leaves it at 0.5 until the event at 7
    expect(survivalQuantiles(kaplanMeier(t, [1, 1, 1, 1, 1, 0, 1, 1, 1, 1]), [0.5])[0].estimate).toBe(6);
    // flat at 0.5 to the last (censored) time 10: (5 + 10) / 2
    expect(survivalQuantiles(kaplanMeier(t, [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]), [0.5])[0].estimate).toBe(7.5);
  });

  it('handles no events, a single subject and events at time 0', () => {
    const none = kaplanMeier([4, 2, 2], [0, 0, 0]);
    expect(Array.from(none.surv)).toEqual([1, 1]);
    expect(none.lower).toEqual([null, null]); // log-log at S = 1
    expect(survivalQuantiles(none)[1]).toEqual({ prob: 0.5, estimate: null, lower: null, upper: null });
    expect(survivalAtTimes(none, [1])[0]).toMatchObject({ surv: 1, lower: 1, upper: 1 });
    expect(survivalAtTimes(none, [2])[0]).toMatchObject({ surv: 1, lower: null, upper: null });
    const one = kaplanMeier([7], [1]);
    expect(Array.from(one.surv)).toEqual([0]);
    expect(one.stdErr[0]).toBe(Infinity);
    const zero = kaplanMeier([0, 0, 1], [1, 0, 1]);
    expect(Array.from(zero.time)).toEqual([0, 1]);
    expectClose(zero.surv[0], 2 / 3, 1e-15);
  });

  it('merges times that differ by a rounding error (R timefix)', () => {
    const km = kaplanMeier([0.1 + 0.2, 0.3, 1], [1, 1, 0]);
    expect(Array.from(km.time)).toEqual([0.3, 1]);
    expect(Array.from(km.nEvent)).toEqual([2, 0]);
    const exact = kaplanMeier([0.1 + 0.2, 0.3, 1], [1, 1, 0], { timefix: false });
    expect(exact.time.length).toBe(3);
  });

  it('does not depend on the input order', () => {
    const a = kaplanMeier(time, event);
    const order = [4, 1, 5, 0, 3, 2];
    const b = kaplanMeier(order.map((i) => time[i]), order.map((i) => event[i]));
    expect(b).toEqual(a);
  });
});

describe('kaplanMeier input validation', () => {
  it('rejects bad input with RangeError', () => {
    expect(() => kaplanMeier([1, 2], [1])).toThrow(RangeError);
    expect(() => kaplanMeier([], [])).toThrow(RangeError);
    expect(() => kaplanMeier([1, -1], [1, 0])).toThrow(RangeError);
    expect(() => kaplanMeier([1, Number.NaN], [1, 0])).toThrow(RangeError);
    expect(() => kaplanMeier([1, Infinity], [1, 0])).toThrow(RangeError);
    expect(() => kaplanMeier([1, 2], [1, 2])).toThrow(RangeError);
    expect(() => kaplanMeier([1, 2], [1, 0.5])).toThrow(RangeError);
    expect(() => kaplanMeier([1, 2], [1, 0], { level: 1 })).toThrow(RangeError);
    expect(() => kaplanMeier([1, 2], [1, 0], { level: 0 })).toThrow(RangeError);
    expect(() => kaplanMeier([1, 2], [1, 0], { confType: 'logit' as never })).toThrow(RangeError);
    const km = kaplanMeier([1, 2], [1, 0]);
    expect(() => survivalQuantiles(km, [1.5])).toThrow(RangeError);
    expect(() => survivalQuantiles(km, [Number.NaN])).toThrow(RangeError);
    expect(() => survivalAtTimes(km, [-1])).toThrow(RangeError);
    expect(() => survivalAtTimes(km, [Infinity])).toThrow(RangeError);
    expect(() => medianFollowUp([1, 2], [1, 3])).toThrow(RangeError);
  });

  it('accepts typed arrays', () => {
    const km = kaplanMeier(Float64Array.from(time), Uint8Array.from(event));
    expect(Array.from(km.nRisk)).toEqual([6, 5, 3, 2, 1]);
  });
});

describe('kaplanMeier at scale', () => {
  it('runs on 2e5 random observations with ties (10^6 takes ~0.15 s on day numbers, ~0.6 s all distinct)', () => {
    const n = 200_000;
    let seed = 12345;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const t = new Float64Array(n);
    const e = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      t[i] = Math.round(-Math.log(1 - rand()) * 365 * 2);
      e[i] = rand() < 0.7 ? 1 : 0;
    }
    const km = kaplanMeier(t, e);
    expect(km.nRisk[0]).toBe(n);
    let total = 0;
    for (let k = 0; k < km.time.length; k++) total += km.nEvent[k] + km.nCensor[k];
    expect(total).toBe(n);
    const [median] = survivalQuantiles(km, [0.5]);
    expect(median.estimate).toBeGreaterThan(0);
    expect(medianFollowUp(t, e).estimate).toBeGreaterThan(0);
  });
});
