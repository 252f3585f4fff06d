import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { wilson } from '../../analyses/stats/wilson.js';
import { exactOddsRatio } from '../../analyses/stats/exactOddsRatio.js';
import { cmhTest, type Table2x2 } from '../../analyses/stats/cmhTest.js';
import { mantelHaenszelOR } from '../../analyses/stats/mantelHaenszelOR.js';
import { riskDifference } from '../../analyses/stats/riskDifference.js';
import { expectClose } from '../helpers/approx.js';

/** jsonlite writes R's non-finite numbers as strings. */
type RNum = number | 'Inf' | '-Inf' | 'NA' | 'NaN';
const num = (v: RNum): number | null =>
  v === 'Inf' ? Infinity : v === '-Inf' ? -Infinity : v === 'NA' || v === 'NaN' ? null : v;
/** NaN (undefined) results compare as R's NA. */
const val = (v: number): number | null => (Number.isNaN(v) ? null : v);

interface MhRef {
  dropped: number;
  statistic: RNum;
  p: RNum;
  statisticCorrect: RNum;
  pCorrect: RNum;
  estimate: RNum;
  lower: RNum;
  upper: RNum;
}
interface TableCase extends Table2x2 {
  level: number;
  wilson1: { lower: number; upper: number };
  wilson0: { lower: number; upper: number };
  oddsRatio: RNum;
  exactLower: RNum;
  exactUpper: RNum;
  fisherP: number;
  fisherLower: RNum;
  fisherUpper: RNum;
  rd: number;
  mnLower: number;
  mnUpper: number;
  meeLower: number;
  meeUpper: number;
  cmh: MhRef;
}
interface StrataCase {
  level: number;
  strata: Table2x2[];
  cmh: MhRef;
  rd: RNum;
  mnLower: RNum;
  mnUpper: RNum;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/proportions.json', import.meta.url), 'utf8')) as {
  tables: TableCase[];
  strata: StrataCase[];
};

const REL = 1e-9;
const tableLabel = (c: Table2x2 & { level: number }) => `${c.x1}/${c.n1} vs ${c.x0}/${c.n0} level=${c.level}`;
const strataLabel = (c: StrataCase) => `[${c.strata.map((s) => `${s.x1}/${s.n1}:${s.x0}/${s.n0}`).join(' ')}] level=${c.level}`;

function checkMantelHaenszel(strata: Table2x2[], level: number, ref: MhRef, label: string): void {
  const test = cmhTest(strata);
  const corrected = cmhTest(strata, { correct: true });
  expect(test.strataDropped, `${label} dropped`).toBe(ref.dropped);
  expectClose(val(test.statistic), num(ref.statistic), REL, 1e-12, `${label} CMH statistic`);
  expectClose(val(test.pValue), num(ref.p), REL, 1e-300, `${label} CMH p`);
  expectClose(val(corrected.statistic), num(ref.statisticCorrect), REL, 1e-12, `${label} CMH corrected statistic`);
  expectClose(val(corrected.pValue), num(ref.pCorrect), REL, 1e-300, `${label} CMH corrected p`);
  const or = mantelHaenszelOR(strata, level);
  expect(or.strataDropped, `${label} MH dropped`).toBe(ref.dropped);
  expectClose(val(or.estimate), num(ref.estimate), REL, 1e-12, `${label} MH OR`);
  expectClose(val(or.ciLower), num(ref.lower), REL, 1e-12, `${label} MH lower`);
  expectClose(val(or.ciUpper), num(ref.upper), REL, 1e-12, `${label} MH upper`);
}

describe('rate comparisons against R (test/oracle/proportions.R)', () => {
  it(`wilson matches prop.test(correct = FALSE) for both arms of ${fixture.tables.length} tables`, () => {
    expect(fixture.tables.length).toBeGreaterThan(100);
    for (const c of fixture.tables) {
      for (const [x, n, ref, arm] of [
        [c.x1, c.n1, c.wilson1, 1],
        [c.x0, c.n0, c.wilson0, 0],
      ] as const) {
        const ci = wilson(x, n, c.level);
        expectClose(ci.ciLower, ref.lower, REL, 1e-14, `${tableLabel(c)} arm ${arm} Wilson lower`);
        expectClose(ci.ciUpper, ref.upper, REL, 1e-14, `${tableLabel(c)} arm ${arm} Wilson upper`);
      }
    }
  });

  it('exactOddsRatio matches the sample OR, the precise exact limits and fisher.test p-value', () => {
    for (const c of fixture.tables) {
      const r = exactOddsRatio(c.x1, c.n1, c.x0, c.n0, c.level);
      const label = tableLabel(c);
      expectClose(val(r.oddsRatio), num(c.oddsRatio), 1e-14, 0, `${label} OR`);
      expectClose(r.ciLower, num(c.exactLower), 1e-10, 1e-300, `${label} exact lower`);
      expectClose(r.ciUpper, num(c.exactUpper), 1e-10, 1e-300, `${label} exact upper`);
      expectClose(r.pValue, c.fisherP, REL, 1e-300, `${label} fisher p`);
      // fisher.test's own limits: uniroot on t = psi in (0, 1) or t = 1/psi, stopped at its default
      // tolerance 1.2e-4 on t, so far from 1 they are off by up to 9% (43/44 vs 4/28 upper: 9904 against the
      // precise 10828). Checked on R's own scale: min(psi, 1/psi) within 2.5e-4.
      for (const [mine, ref] of [[r.ciLower, num(c.fisherLower)], [r.ciUpper, num(c.fisherUpper)]] as const) {
        const t = (v: number) => (v > 1 ? 1 / v : v);
        expectClose(t(mine), t(ref as number), 0, 2.5e-4, `${label} fisher.test limit ${String(ref)}`);
      }
    }
  });

  it('riskDifference matches the Miettinen-Nurminen (and Mee) limits of single tables', () => {
    for (const c of fixture.tables) {
      const label = tableLabel(c);
      const mn = riskDifference(c, { level: c.level });
      expectClose(mn.estimate, c.rd, 1e-14, 1e-16, `${label} RD`);
      expectClose(mn.ciLower, c.mnLower, REL, 1e-12, `${label} MN lower`);
      expectClose(mn.ciUpper, c.mnUpper, REL, 1e-12, `${label} MN upper`);
      const mee = riskDifference(c, { level: c.level, varianceCorrection: false });
      expectClose(mee.ciLower, c.meeLower, REL, 1e-12, `${label} Mee lower`);
      expectClose(mee.ciUpper, c.meeUpper, REL, 1e-12, `${label} Mee upper`);
    }
  });

  it('cmhTest and mantelHaenszelOR match mantelhaen.test on single tables', () => {
    for (const c of fixture.tables) checkMantelHaenszel([c], c.level, c.cmh, tableLabel(c));
  });

  it(`cmhTest, mantelHaenszelOR and stratified riskDifference match R on ${fixture.strata.length} 2x2xK tables`, () => {
    expect(fixture.strata.length).toBeGreaterThan(90);
    expect(fixture.strata.some((c) => c.cmh.dropped > 0)).toBe(true);
    expect(fixture.strata.some((c) => c.strata.some((s) => s.n1 === 0 || s.n0 === 0))).toBe(true);
    for (const c of fixture.strata) {
      const label = strataLabel(c);
      checkMantelHaenszel(c.strata, c.level, c.cmh, label);
      const rd = riskDifference(c.strata, { level: c.level });
      expectClose(val(rd.estimate), num(c.rd), 1e-12, 1e-15, `${label} RD`);
      expectClose(val(rd.ciLower), num(c.mnLower), REL, 1e-12, `${label} MN lower`);
      expectClose(val(rd.ciUpper), num(c.mnUpper), REL, 1e-12, `${label} MN upper`);
    }
  });
});
