import { describe, expect, it } from 'vitest';
import { percentAgreement, type PairedMrdTable } from '../../analyses/stats/percentAgreement.js';
import { clopperPearson } from '../../analyses/stats/clopperPearson.js';
import { expectClose } from '../helpers/approx.js';

const table = (a: number, b: number, c: number, d: number): PairedMrdTable => ({
  bothNegative: a,
  ngfNegativeNgsPositive: b,
  ngfPositiveNgsNegative: c,
  bothPositive: d,
});

describe('percentAgreement', () => {
  // 100 paired samples: 40 MRD-negative by both, 52 positive by both, 5 NGF-/NGS+, 3 NGF+/NGS-
  const study = table(40, 5, 3, 52);

  it('counts overall, positive and negative agreement against NGS by default (by hand)', () => {
    const r = percentAgreement(study);
    expect(r.n).toBe(100);
    expect(r.reference).toBe('ngs');
    expect(r.level).toBe(0.95);
    // overall (a + d) / n = 92/100; NGS positive b + d = 57, of which NGF positive d = 52; NGS negative a + c = 43
    expect([r.overall.x, r.overall.n, r.overall.rate]).toEqual([92, 100, 0.92]);
    expect([r.positive.x, r.positive.n]).toEqual([52, 57]);
    expect([r.negative.x, r.negative.n]).toEqual([40, 43]);
  });

  it('uses the Clopper-Pearson interval for each proportion', () => {
    const r = percentAgreement(study);
    expect(r.overall).toEqual(clopperPearson(92, 100));
    expect(r.positive).toEqual(clopperPearson(52, 57));
    expect(r.negative).toEqual(clopperPearson(40, 43));
    // R: binom.test(52, 57)$conf.int
    expectClose(r.positive.ciLower, 0.807042669430297, 1e-10);
    expectClose(r.positive.ciUpper, 0.970901417182898, 1e-10);
  });

  it('conditions on NGF instead when NGF is the comparator: PPA d/(c + d), NPA a/(a + b)', () => {
    const r = percentAgreement(study, { reference: 'ngf' });
    expect(r.reference).toBe('ngf');
    expect([r.positive.x, r.positive.n]).toEqual([52, 55]);
    expect([r.negative.x, r.negative.n]).toEqual([40, 45]);
    // the same as NGS as comparator on the transposed table (b and c swapped)
    const transposed = percentAgreement(table(40, 3, 5, 52));
    expect(r.positive).toEqual(transposed.positive);
    expect(r.negative).toEqual(transposed.negative);
    expect(r.overall).toEqual(transposed.overall);
  });

  it('honours the confidence level', () => {
    const r = percentAgreement(study, { level: 0.9 });
    expect(r.level).toBe(0.9);
    expect(r.overall).toEqual(clopperPearson(92, 100, 0.9));
  });

  it('gives rate 1 and an upper limit of 1 under perfect agreement', () => {
    const r = percentAgreement(table(30, 0, 0, 20));
    for (const p of [r.overall, r.positive, r.negative]) {
      expect(p.rate).toBe(1);
      expect(p.ciUpper).toBe(1);
    }
    // 1 - lower = 1 - (alpha/2)^(1/n): closed form for x = n
    expectClose(r.positive.ciLower, Math.pow(0.025, 1 / 20), 1e-12);
  });

  it('gives NaN (written as null) for PPA when the comparator has no MRD-positive sample', () => {
    const r = percentAgreement(table(50, 0, 4, 0));
    expect(r.positive.n).toBe(0);
    expect(Number.isNaN(r.positive.rate) && Number.isNaN(r.positive.ciLower) && Number.isNaN(r.positive.ciUpper)).toBe(true);
    expect([r.negative.x, r.negative.n]).toEqual([50, 54]);
    const empty = percentAgreement(table(0, 0, 0, 0));
    expect(empty.n).toBe(0);
    expect(Number.isNaN(empty.overall.rate)).toBe(true);
  });

  it('rejects counts that are not non-negative integers, unknown comparators and bad levels', () => {
    expect(() => percentAgreement(table(-1, 0, 0, 1))).toThrow(RangeError);
    expect(() => percentAgreement(table(1.5, 0, 0, 1))).toThrow(RangeError);
    expect(() => percentAgreement(table(1, Number.NaN, 0, 1))).toThrow(RangeError);
    expect(() => percentAgreement(table(1, 0, Infinity, 1))).toThrow(/ngfPositiveNgsNegative/);
    expect(() => percentAgreement(table(1, 0, 0, 1), { reference: 'flow' as never })).toThrow(RangeError);
    expect(() => percentAgreement(table(1, 0, 0, 1), { level: 1 })).toThrow(RangeError);
    expect(() => percentAgreement(table(1, 0, 0, 1), { level: 0 })).toThrow(RangeError);
  });
});
