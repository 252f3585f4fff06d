import type { Analysis } from '../../pipeline/analyse.js';
import { rateCell, thresholdLabel } from '../format.js';
import type { Labels } from '../labels.js';
import { markFirst, markHeaders, type ReportTable } from './table.js';
import { ardId } from '../ard/ardIds.js';

/** MRD negativity by endpoint, population and threshold, one column per arm (N = ITT size). */
export function mrdRatesTable(a: Analysis, L: Labels): ReportTable {
  const { plan } = a;
  const ittN = plan.arms.map((arm) => a.mrdRates.find((r) => r.arm === arm.code && r.population === 'ITT')?.n ?? 0);
  const columns = [L.endpointCol, L.populationCol, L.threshold, ...plan.arms.map((arm, i) => `${arm.label} (N=${ittN[i]})`)];
  const rows: string[][] = [];
  const refs: (string | null)[][] = [];
  const seen = new Set<string>();
  for (const r of a.mrdRates) {
    const key = `${r.endpoint}|${r.population}|${r.threshold}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const cells = plan.arms.map((arm) => {
      const c = a.mrdRates.find((q) => q.endpoint === r.endpoint && q.population === r.population && q.threshold === r.threshold && q.arm === arm.code)!;
      return rateCell(c.x, c.n, c.rate, c.ciLower, c.ciUpper, plan.report.percentDecimals, L.ciSeparator);
    });
    rows.push([L.endpoint(r.endpoint, plan.mrd.timepoints), L.population[r.population], thresholdLabel(r.threshold), ...cells]);
    refs.push([null, null, null, ...plan.arms.map((arm) => ardId.mrdRate(r.endpoint, r.population, r.threshold, arm.code))]);
  }
  return {
    id: 'mrd_rates',
    title: L.mrdRatesTitle,
    subtitle: `${L.population.ITT} N = ${ittN.reduce((s, v) => s + v, 0)}; ${L.cellLegend}`,
    columns,
    rows,
    refs,
    // footnotes: 0 CI method (arm columns), 1-3 the populations (their first row), 4 what counts as a
    // sample and as negative (endpoint header), 5 the achieved LOD (threshold header); 6 is general
    marks: [
      ...markHeaders(0, plan.arms.map((_, i) => 3 + i)),
      ...(['ITT', 'CR', 'EVALUABLE'] as const).flatMap((p, k) => markFirst(rows, 1, (c) => c === L.population[p], 1 + k)),
      ...markHeaders(4, [0]),
      ...markHeaders(5, [2]),
    ],
    footnotes: [
      L.footCi(plan.stats.ciLevel, plan.stats.proportionCi),
      L.footItt,
      L.footCr,
      L.footEvaluable,
      L.footSample(plan.mrd.combine, plan.mrd.primaryMethod),
      L.footLod(plan.mrd.ngf.lodEvents, plan.mrd.ngs.lodCells, plan.mrd.ngs.dnaPerCellPg),
      L.footHemodiluted(plan.mrd.hemodilutedNegative === 'not-evaluable'),
    ],
  };
}
