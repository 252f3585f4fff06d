import { describe, expect, it } from 'vitest';
import { cellLevels, factorOf, marginal, rateWithCi, resultKinds, tallyTests, type TestFactor } from '../../analyses/testTally.js';
import { expectClose } from '../helpers/approx.js';

// Six rows of three subjects: method, result, lab per row; arm per subject.
const result = { dict: ['NEGATIVE', 'FAILED', 'NOT DONE', 'POSITIVE'], codes: [0, 1, 2, 1, 3, 1] };
const method = factorOf({ dict: ['NGS', 'NGF'], codes: [0, 0, 1, 1, 0, 1] }, (v) => v!);
const lab = factorOf({ dict: [null, 'LAB A'], codes: [1, 0, 1, 1, 0, 0] }, (v) => v ?? '(not given)');
const arm: TestFactor = { labels: ['EXP', 'CTL'], of: Int32Array.of(0, 1), codes: Int32Array.of(1, 0, 0), rowSubject: Int32Array.of(0, 0, 1, 1, 2, 2) };

describe('tallyTests', () => {
  it('counts tests (NOT DONE is none) and failures per cell of the factors’ product', () => {
    const c = tallyTests(result, [method, arm]);
    // cells (NGS, EXP) (NGS, CTL) (NGF, EXP) (NGF, CTL): row 0 NGS/CTL neg, 1 NGS/CTL failed, 2 NGF/EXP not done,
    // 3 NGF/EXP failed, 4 NGS/EXP pos, 5 NGF/EXP failed
    expect(Array.from(c.tests)).toEqual([1, 2, 2, 0]);
    expect(Array.from(c.failed)).toEqual([0, 1, 2, 0]);
  });

  it('with no factor, counts every test in one cell', () => {
    const c = tallyTests(result, []);
    expect([c.tests[0], c.failed[0]]).toEqual([5, 3]);
  });

  it('sums out factors in marginal, in the order asked', () => {
    const all = tallyTests(result, [method, arm, lab]);
    const byLabMethod = marginal(all, [2, 0]);
    // labels in the order of their first dictionary entry
    expect(byLabMethod.factors.map((f) => f.labels)).toEqual([['(not given)', 'LAB A'], ['NGS', 'NGF']]);
    // not given: rows 1 (NGS failed), 4 (NGS), 5 (NGF failed); LAB A: rows 0 (NGS), 2 not done, 3 (NGF failed)
    expect(Array.from(byLabMethod.tests)).toEqual([2, 1, 1, 1]);
    expect(Array.from(byLabMethod.failed)).toEqual([1, 1, 0, 1]);
    expect(marginal(all, [0, 1]).tests).toEqual(tallyTests(result, [method, arm]).tests);
  });

  it('refuses more than four factors', () => {
    expect(() => tallyTests(result, [method, arm, lab, method, arm])).toThrow(/at most four/);
  });
});

describe('cellLevels', () => {
  it('inverts the mixed-radix cell index', () => {
    const factors = [method, arm, lab];
    for (let cell = 0; cell < 8; cell++) {
      const [m, a, l] = cellLevels(factors, cell);
      expect((m * 2 + a) * 2 + l).toBe(cell);
    }
  });
});

describe('resultKinds and rateWithCi', () => {
  it('maps NOT DONE to 0, results to 1, FAILED to 2', () => {
    expect(Array.from(resultKinds(result))).toEqual([1, 2, 0, 1]);
  });

  it('gives the Clopper-Pearson interval, and nulls for no test', () => {
    // R: binom.test(3, 10)$conf.int = 0.0667395111777345 0.6524528500599973
    const r = rateWithCi(3, 10, 0.95);
    expect(r.rate).toBe(0.3);
    expectClose(r.ciLower!, 0.0667395111777345, 1e-9);
    expectClose(r.ciUpper!, 0.6524528500599973, 1e-9);
    expect(rateWithCi(0, 0, 0.95)).toEqual({ rate: null, ciLower: null, ciUpper: null });
  });
});
