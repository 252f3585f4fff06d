import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { woolfHomogeneity } from '../../analyses/stats/woolfHomogeneity.js';

const R = JSON.parse(readFileSync(new URL('../oracle/fixtures/woolf.json', import.meta.url), 'utf8')) as {
  name: string;
  levels: { x1: number; n1: number; x0: number; n0: number }[];
  statistic: number;
  df: number;
  p: number;
}[];

describe('woolfHomogeneity', () => {
  it.each(R.map((c) => [c.name, c] as const))('%s: statistic, df and p as vcd::woolf_test (1e-9 relative)', (_, c) => {
    const r = woolfHomogeneity(c.levels);
    expect(r.df).toBe(c.df);
    expect(Math.abs(r.statistic! - c.statistic)).toBeLessThanOrEqual(1e-9 * Math.max(1, c.statistic));
    // R computes 1 - pchisq (absolute precision about 1e-16); ours is the upper tail itself
    expect(Math.abs(r.pValue! - c.p)).toBeLessThanOrEqual(1e-9 * Math.max(c.p, 1e-7));
  });

  it('hand check: two identical odds ratios give 0, p = 1', () => {
    const r = woolfHomogeneity([{ x1: 10, n1: 20, x0: 5, n0: 20 }, { x1: 20, n1: 40, x0: 10, n0: 40 }]);
    expect(r.statistic).toBeCloseTo(0, 12);
    expect(r.pValue).toBeCloseTo(1, 12);
  });

  it('needs two levels with both arms present', () => {
    expect(woolfHomogeneity([{ x1: 1, n1: 2, x0: 1, n0: 2 }, { x1: 0, n1: 0, x0: 3, n0: 4 }])).toEqual({ statistic: null, df: 0, pValue: null, haldane: false });
  });
});
