import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { longestFollowUpFirst } from '../../reports/figures/swimmerFigure.js';

// The swimmer figure draws the first pages of subjects by longest follow-up; the selection must be the
// first k of the full order (end descending, position ascending), whatever the ties and gaps.
const fullOrder = (end: Float64Array) =>
  [...end.keys()].filter((s) => !Number.isNaN(end[s])).sort((p, q) => end[q] - end[p] || p - q);

describe('longestFollowUpFirst', () => {
  it('gives the first k of the full order: ties by position, subjects without a sample (NaN) left out', () => {
    const end = Float64Array.from([3, Number.NaN, 7, 3, 7, 0, Number.NaN, -1, 3]);
    expect(longestFollowUpFirst(end, 4)).toEqual([2, 4, 0, 3]);
    expect(longestFollowUpFirst(end, 100)).toEqual(fullOrder(end));
    expect(longestFollowUpFirst(end, 0)).toEqual([]);
  });

  it('equals sorting every subject, for any ends and any k', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(Number.NaN), fc.integer({ min: -3, max: 6 }), fc.double({ min: -5, max: 50, noNaN: true })), { maxLength: 300 }),
        fc.nat(320),
        (values, k) => {
          const end = Float64Array.from(values);
          expect(longestFollowUpFirst(end, k)).toEqual(fullOrder(end).slice(0, k));
        },
      ),
      { numRuns: 300, seed: 20261207 },
    );
  });
});
