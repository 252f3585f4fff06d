import { describe, expect, it } from 'vitest';
import { seededUniform } from '../../data-samples/random.js';
import { fixedTimes, orderByTime, rankTimes, sortByStratumTime, stratumTimePositions } from '../../analyses/stats/survivalOrder.js';
import { kaplanMeier, kaplanMeierCounts } from '../../analyses/stats/kaplanMeier.js';
import { medianFollowUp, medianFollowUpCounts } from '../../analyses/stats/medianFollowUp.js';

/** Stable order by (stratum, time, input position), by a comparator sort: the reference. */
function naiveOrder(time: number[], strata?: number[]): number[] {
  return time.map((_, i) => i).sort((a, b) => (strata ? strata[a] - strata[b] : 0) || time[a] - time[b] || a - b);
}

/** Day-like times (few distinct values, many ties) or all-distinct times, with strata. */
function sample(n: number, seed: number, distinct: boolean): { time: number[]; strata: number[] } {
  const u = seededUniform(seed);
  const time = Array.from({ length: n }, () => (distinct ? u() * 1000 : Math.floor(u() * 40) / 30.4375));
  const strata = Array.from({ length: n }, () => Math.floor(u() * 3));
  return { time, strata };
}

describe('rankTimes and the orders built on it', () => {
  for (const distinct of [false, true]) {
    // 40000 all-distinct times exceed the hash table's limit: the radix path
    const n = distinct ? 40000 : 5000;
    const { time, strata } = sample(n, 7, distinct);

    it(`ranks ${distinct ? 'distinct' : 'tied'} times by value`, () => {
      const { values, rank } = rankTimes(time);
      expect(Array.from(values)).toEqual([...new Set(time)].sort((a, b) => a - b));
      expect(Array.from(rank, (r) => values[r])).toEqual(time);
    });

    it(`orderByTime is the stable sort (${distinct ? 'distinct' : 'tied'})`, () => {
      expect(Array.from(orderByTime(time))).toEqual(naiveOrder(time));
    });

    it(`sortByStratumTime and stratumTimePositions agree with a comparator sort (${distinct ? 'distinct' : 'tied'})`, () => {
      const order = naiveOrder(time, strata);
      const sorted = sortByStratumTime(time, strata, false);
      expect(Array.from(sorted.order)).toEqual(order);
      expect(Array.from(sorted.sortedTime)).toEqual(order.map((i) => time[i]));
      expect(Array.from(sorted.stratumStart)).toEqual([0, 1, 2, 3].map((s) => strata.filter((x) => x < s).length));
      const { position } = stratumTimePositions(time, strata, false);
      expect(Array.from(order, (i) => position[i])).toEqual(order.map((_, k) => k));
    });
  }

  it('treats -0 as +0 and keeps ties in input order', () => {
    expect(Array.from(orderByTime([0, -0, 1, 0]))).toEqual([0, 1, 3, 2]);
    expect(Array.from(rankTimes([-0, 0]).values)).toEqual([0]);
  });

  it('fixedTimes chains nearly equal times to the smallest of the run (R aeqSurv)', () => {
    const e = 1e-9;
    expect(Array.from(fixedTimes(Float64Array.of(1, 1 + e, 1 + 2 * e, 2)))).toEqual([1, 1, 1, 2]);
    const sorted = sortByStratumTime([2, 1 + e, 1], undefined, true);
    expect(Array.from(sorted.order)).toEqual([2, 1, 0]);
    expect(Array.from(sorted.sortedTime)).toEqual([1, 1, 2]);
  });
});

describe('Kaplan-Meier from counts', () => {
  it('equals the curve of the observations', () => {
    const u = seededUniform(11);
    const time = Array.from({ length: 3000 }, () => Math.floor(u() * 200) / 7);
    const event = time.map(() => (u() < 0.6 ? 1 : 0));
    const { values, rank } = rankTimes(time);
    const nEvent = new Int32Array(values.length);
    const nCensor = new Int32Array(values.length);
    rank.forEach((r, i) => (event[i] === 1 ? nEvent[r]++ : nCensor[r]++));
    expect(kaplanMeierCounts({ time: values, nEvent, nCensor })).toEqual(kaplanMeier(time, event));
    expect(medianFollowUpCounts({ time: values, nEvent, nCensor })).toEqual(medianFollowUp(time, event));
  });

  it('leaves out times without observations and checks its input', () => {
    const km = kaplanMeierCounts({ time: Float64Array.of(3, 4, 5), nEvent: Int32Array.of(1, 0, 1), nCensor: Int32Array.of(0, 0, 1) });
    expect(Array.from(km.time)).toEqual([3, 5]);
    expect(() => kaplanMeierCounts({ time: Float64Array.of(3, 3), nEvent: Int32Array.of(1, 1), nCensor: Int32Array.of(0, 0) })).toThrow(RangeError);
  });
});
