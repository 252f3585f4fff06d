import type { Analysis } from '../../pipeline/analyse.js';
import { estimateCi, pctCi, pValue, thresholdLabel, DECIMALS } from '../format.js';
import type { Labels } from '../labels.js';
import { markHeaders, type ReportTable } from './table.js';
import { ardId } from '../ard/ardIds.js';

/**
 * Whether a row or column of the paired table is empty: one method gives one result for every pair,
 * so agreement beyond chance cannot be measured (kappa 0 with a zero standard error is not an estimate).
 */
function emptyMargin(t: { bothNegative: number; bothPositive: number; ngfNegativeNgsPositive: number; ngfPositiveNgsNegative: number }): boolean {
  const ngfNeg = t.bothNegative + t.ngfNegativeNgsPositive;
  const ngfPos = t.bothPositive + t.ngfPositiveNgsNegative;
  const ngsNeg = t.bothNegative + t.ngfPositiveNgsNegative;
  const ngsPos = t.bothPositive + t.ngfNegativeNgsPositive;
  return ngfNeg === 0 || ngfPos === 0 || ngsNeg === 0 || ngsPos === 0;
}

/** NGF vs NGS concordance by threshold. */
export function concordanceTable(a: Analysis, L: Labels): ReportTable {
  return {
    id: 'concordance',
    title: L.concordanceTitle,
    subtitle: '',
    columns: L.concordanceColumns,
    rows: a.concordance.map((c) => [
      thresholdLabel(c.threshold),
      `${c.n}/${c.pairs}`,
      String(c.table.bothNegative),
      String(c.table.bothPositive),
      String(c.table.ngfNegativeNgsPositive),
      String(c.table.ngfPositiveNgsNegative),
      pctCi(c.agreement.overall.rate, c.agreement.overall.ciLower, c.agreement.overall.ciUpper, L.ciSeparator),
      pctCi(c.agreement.positive.rate, c.agreement.positive.ciLower, c.agreement.positive.ciUpper, L.ciSeparator),
      pctCi(c.agreement.negative.rate, c.agreement.negative.ciLower, c.agreement.negative.ciUpper, L.ciSeparator),
      emptyMargin(c.table) ? 'NE' : estimateCi(c.kappa.kappa, c.kappa.ciLower, c.kappa.ciUpper, DECIMALS.ratio, L.ciSeparator),
      pValue(c.mcnemar.pValue),
      pValue(c.mcnemar.exactPValue),
    ]),
    refs: a.concordance.map((c) => {
      const id = (p: Parameters<typeof ardId.concordance>[0]) => ardId.concordance(p, c.threshold);
      const counts = id('COUNTS');
      return [null, counts, counts, counts, counts, counts, id('AGREEMENT_OVERALL'), id('AGREEMENT_POSITIVE'), id('AGREEMENT_NEGATIVE'), emptyMargin(c.table) ? null : id('KAPPA'), id('MCNEMAR'), id('MCNEMAR')];
    }),
    // footnotes: 0 pairs, 1 agreement, kappa and McNemar methods, 2 nominal p
    marks: [...markHeaders(0, [1]), ...markHeaders(1, [6, 7, 8, 9, 10, 11]), ...markHeaders(2, [10, 11])],
    footnotes: L.concordanceFootnotes,
  };
}

/** Failure rates by method, by method and arm, and by method and lab. */
export function failuresTable(a: Analysis, L: Labels): ReportTable {
  const armLabel = (code: string) => a.plan.arms.find((x) => x.code === code)?.label ?? code;
  return {
    id: 'assay_failures',
    title: L.failuresTitle,
    subtitle: '',
    columns: L.failuresColumns,
    rows: a.failureRates.map((r) => [L.failureBy(r.by), r.method, r.by === 'method × arm' ? armLabel(r.level) : r.level, `${r.failed}/${r.tests}`, pctCi(r.rate, r.ciLower, r.ciUpper, L.ciSeparator)]),
    refs: a.failureRates.map((r) => { const id = ardId.failure(r.by, r.method, r.level); return [null, null, null, id, id]; }),
    footnotes: L.failuresFootnotes,
  };
}

/** Interference flags: NGF under anti-CD38, and CR possibly masked by an IgG-kappa antibody. */
export function flagsTable(a: Analysis, L: Labels): ReportTable {
  return {
    id: 'interference_flags',
    title: L.flagsTitle,
    subtitle: '',
    columns: L.flagsColumns,
    rows: [
      ...a.flags.ngfAntiCd38.map((f) => ['NGF_ANTI_CD38', f.subject, f.sample, f.collected, L.flagNgf(f.drug, f.daysAfterEnd)]),
      ...a.flags.maskedCr.map((f) => ['CR_MAY_BE_MASKED', f.subject, '', f.lastIfeDate, L.flagMasked(f.drug, f.lastIfeDate)]),
    ],
    footnotes: L.flagsFootnotes,
  };
}
