import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { percentAgreement, type PairedMrdTable } from '../../analyses/stats/percentAgreement.js';
import { cohensKappa } from '../../analyses/stats/cohensKappa.js';
import { mcnemarTest } from '../../analyses/stats/mcnemarTest.js';
import type { ProportionCI } from '../../analyses/stats/clopperPearson.js';
import { expectClose } from '../helpers/approx.js';

type Num = number | null;
interface Interval { x: number; n: number; rate: Num; lower: Num; upper: Num }
interface Case {
  table: PairedMrdTable;
  overall: Interval;
  overall90: Interval;
  referenceNgs: { positive: Interval; negative: Interval };
  referenceNgf: { positive: Interval; negative: Interval };
  kappa: null | {
    po: number; pe: number; kappa?: number; ase?: number; lower?: number; upper?: number; level?: number;
    ase0?: number; z: Num; p: Num; pOneSided: Num;
  };
  kappa90: null | { lower: number; upper: number };
  vcd: null | { value: number; ASE: number };
  mcnemar: { statistic: Num; p: Num; statisticCorrected: Num; pCorrected: Num; exactP: Num };
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/agreement.json', import.meta.url), 'utf8')) as {
  source: string;
  pearsonAgreement: number;
  cases: Case[];
};

/**
 * Tolerances: 1e-10 relative throughout. Absolute floors: 1e-15 for kappa, its limits and standard errors (R's
 * ASE for c(0, 10, 0, 25) is 5.6e-17 where the exact value, and ours, is 0), 1e-300 for p-values so that the
 * tiny ones (1e-27) are still compared relatively.
 *
 * Measured maximum relative error over the 36 tables (R 4.2.2, Node 20; the fixture's 15 significant digits
 * alone account for up to 5e-15), asserted with headroom in the last block:
 *   percent agreement: rates 5.1e-16, Clopper-Pearson limits 5.1e-15;
 *   kappa 1.8e-15, ASE 3.8e-15, Wald limits 1.9e-14, ASE under H0 3.5e-15, Z 3.7e-15, p-values 7.4e-15
 *   (against vcd::Kappa: kappa 1.8e-15, ASE 8.9e-13, the latter being vcd's own cancellation in A + B - C);
 *   McNemar: statistics 3.7e-15, asymptotic p-values 7.0e-15, exact p-values 5.7e-15.
 */
const REL = 1e-10;
const KAPPA_ABS = 1e-15;
const P_ABS = 1e-300;

const label = (t: PairedMrdTable) =>
  `a=${t.bothNegative} b=${t.ngfNegativeNgsPositive} c=${t.ngfPositiveNgsNegative} d=${t.bothPositive}`;

function checkInterval(actual: ProportionCI, expected: Interval, what: string): void {
  expect(actual.x, `${what} x`).toBe(expected.x);
  expect(actual.n, `${what} n`).toBe(expected.n);
  // clopperPearson keeps NaN for n = 0 (written as null); R's binom.test has no interval there
  const asNull = (v: number) => (Number.isNaN(v) ? null : v);
  expectClose(asNull(actual.rate), expected.rate, REL, 0, `${what} rate`);
  expectClose(asNull(actual.ciLower), expected.lower, REL, 1e-300, `${what} lower`);
  expectClose(asNull(actual.ciUpper), expected.upper, REL, 1e-300, `${what} upper`);
}

describe(`agreement statistics against R (${fixture.source}; test/oracle/agreement.R)`, () => {
  it('has ~30 tables covering empty cells, perfect and no agreement, and large counts', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(30);
    // the R script checked its SAS kappa formulas against vcd::Kappa and Z^2 against Pearson's chi-square
    expect(fixture.pearsonAgreement).toBeLessThan(1e-12);
    if (fixture.source.includes('vcd')) expect(fixture.cases.filter((c) => c.vcd !== null).length).toBeGreaterThan(25);
  });

  it.each(fixture.cases.map((c) => [label(c.table), c] as const))('percentAgreement %s', (_l, c) => {
    const ngs = percentAgreement(c.table);
    checkInterval(ngs.overall, c.overall, 'overall');
    checkInterval(ngs.positive, c.referenceNgs.positive, 'PPA (NGS comparator)');
    checkInterval(ngs.negative, c.referenceNgs.negative, 'NPA (NGS comparator)');
    const ngf = percentAgreement(c.table, { reference: 'ngf' });
    checkInterval(ngf.positive, c.referenceNgf.positive, 'PPA (NGF comparator)');
    checkInterval(ngf.negative, c.referenceNgf.negative, 'NPA (NGF comparator)');
    checkInterval(percentAgreement(c.table, { level: 0.9 }).overall, c.overall90, 'overall, 90%');
  });

  it.each(fixture.cases.map((c) => [label(c.table), c] as const))('cohensKappa %s', (_l, c) => {
    const k = cohensKappa(c.table);
    if (c.kappa === null) {
      // n = 0
      expect(k).toMatchObject({ n: 0, kappa: null, observedAgreement: null, ase: null, z: null, pValue: null });
      return;
    }
    expectClose(k.observedAgreement, c.kappa.po, REL, 0, 'Po');
    expectClose(k.expectedAgreement, c.kappa.pe, REL, 0, 'Pe');
    if (c.kappa.kappa === undefined) {
      // Pe = 1: all samples in one concordant cell, kappa is 0/0
      expect(k).toMatchObject({ kappa: null, ase: null, ciLower: null, ciUpper: null, aseNull: null, z: null, pValue: null });
      return;
    }
    expectClose(k.kappa, c.kappa.kappa, REL, KAPPA_ABS, 'kappa');
    expectClose(k.ase, c.kappa.ase, REL, KAPPA_ABS, 'ASE');
    expectClose(k.ciLower, c.kappa.lower, REL, KAPPA_ABS, 'lower');
    expectClose(k.ciUpper, c.kappa.upper, REL, KAPPA_ABS, 'upper');
    expectClose(k.aseNull, c.kappa.ase0, REL, KAPPA_ABS, 'ASE under H0');
    expectClose(k.z, c.kappa.z, REL, KAPPA_ABS, 'Z');
    expectClose(k.pValue, c.kappa.p, REL, P_ABS, 'Pr > |Z|');
    expectClose(k.pValueOneSided, c.kappa.pOneSided, REL, P_ABS, 'one-sided p');
    const k90 = cohensKappa(c.table, { level: 0.9 });
    expectClose(k90.ciLower, c.kappa90!.lower, REL, KAPPA_ABS, 'lower, 90%');
    expectClose(k90.ciUpper, c.kappa90!.upper, REL, KAPPA_ABS, 'upper, 90%');
    // vcd::Kappa (when the fixture was made with vcd installed) evaluates the textbook difference A + B - C
    // (up to 9e-13 relative noise here)
    if (c.vcd !== null) {
      expectClose(k.kappa, c.vcd.value, REL, KAPPA_ABS, 'vcd kappa');
      expectClose(k.ase, c.vcd.ASE, REL, KAPPA_ABS, 'vcd ASE');
    }
  });

  it.each(fixture.cases.map((c) => [label(c.table), c] as const))('mcnemarTest %s', (_l, c) => {
    const plain = mcnemarTest(c.table);
    const corrected = mcnemarTest(c.table, { correct: true });
    if (c.mcnemar.exactP === null) {
      // b + c = 0: R gives NaN (and binom.test refuses n = 0); documented convention here: statistic null, p = 1
      expect(c.mcnemar.statistic).toBeNull();
      expect(plain).toMatchObject({ discordant: 0, statistic: null, pValue: 1, exactPValue: 1 });
      expect(corrected).toMatchObject({ discordant: 0, statistic: null, pValue: 1, exactPValue: 1 });
      return;
    }
    expectClose(plain.statistic, c.mcnemar.statistic, REL, 0, 'statistic');
    expectClose(plain.pValue, c.mcnemar.p, REL, P_ABS, 'p');
    expectClose(corrected.statistic, c.mcnemar.statisticCorrected, REL, 0, 'corrected statistic');
    expectClose(corrected.pValue, c.mcnemar.pCorrected, REL, P_ABS, 'corrected p');
    expectClose(plain.exactPValue, c.mcnemar.exactP, REL, P_ABS, 'exact p');
    expect(corrected.exactPValue).toBe(plain.exactPValue);
  });
});

describe('measured precision over the fixture (regression guard; numbers in the comment above)', () => {
  // relative error where the reference is not 0 up to rounding (|e| < 1e-15 is compared absolutely above)
  const rel = (a: number | null, e: number | null | undefined) =>
    e === null || e === undefined || a === null || Math.abs(e) < 1e-15 ? 0 : Math.abs(a - e) / Math.abs(e);
  const worst = (f: (c: Case) => number) => Math.max(...fixture.cases.map(f));
  it.each([
    [
      'Clopper-Pearson limits',
      1e-13,
      () =>
        worst((c) => {
          const p = percentAgreement(c.table);
          return Math.max(
            rel(p.overall.ciLower, c.overall.lower),
            rel(p.overall.ciUpper, c.overall.upper),
            rel(p.positive.ciLower, c.referenceNgs.positive.lower),
            rel(p.positive.ciUpper, c.referenceNgs.positive.upper),
            rel(p.negative.ciLower, c.referenceNgs.negative.lower),
            rel(p.negative.ciUpper, c.referenceNgs.negative.upper),
          );
        }),
    ],
    ['kappa', 1e-13, () => worst((c) => rel(cohensKappa(c.table).kappa, c.kappa?.kappa))],
    ['kappa ASE', 1e-13, () => worst((c) => rel(cohensKappa(c.table).ase, c.kappa?.ase))],
    [
      'kappa limits',
      1e-12,
      () => worst((c) => Math.max(rel(cohensKappa(c.table).ciLower, c.kappa?.lower), rel(cohensKappa(c.table).ciUpper, c.kappa?.upper))),
    ],
    ['kappa ASE under H0', 1e-13, () => worst((c) => rel(cohensKappa(c.table).aseNull, c.kappa?.ase0))],
    ['kappa Z', 1e-13, () => worst((c) => rel(cohensKappa(c.table).z, c.kappa?.z))],
    [
      'kappa p-values',
      1e-12,
      () => worst((c) => Math.max(rel(cohensKappa(c.table).pValue, c.kappa?.p), rel(cohensKappa(c.table).pValueOneSided, c.kappa?.pOneSided))),
    ],
    [
      'McNemar statistics',
      1e-13,
      () =>
        worst((c) =>
          Math.max(
            rel(mcnemarTest(c.table).statistic, c.mcnemar.statistic),
            rel(mcnemarTest(c.table, { correct: true }).statistic, c.mcnemar.statisticCorrected),
          ),
        ),
    ],
    [
      'McNemar asymptotic p',
      1e-12,
      () =>
        worst((c) =>
          Math.max(rel(mcnemarTest(c.table).pValue, c.mcnemar.p), rel(mcnemarTest(c.table, { correct: true }).pValue, c.mcnemar.pCorrected)),
        ),
    ],
    ['McNemar exact p', 1e-12, () => worst((c) => rel(mcnemarTest(c.table).exactPValue, c.mcnemar.exactP))],
  ] as const)('%s: max relative error < %s', (_name, bound, measure) => {
    expect(measure()).toBeLessThan(bound);
  });
});
