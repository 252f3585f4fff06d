import type { Analysis } from '../../pipeline/analyse.js';
import { estimateCi, pctCi, pValue, thresholdLabel, DECIMALS } from '../format.js';
import type { Labels } from '../labels.js';
import { markFirst, markHeaders, type ReportTable } from './table.js';
import { ardId } from '../ard/ardIds.js';

/** The endpoint (with its threshold) and group texts both time-to-event tables print. */
function tteLabels(a: Analysis, L: Labels) {
  const { plan } = a;
  return {
    endpoint: (t: Analysis['timeToEvent'][number]) => (t.threshold === null ? L.tteEndpoint(t.endpoint) : `${L.tteEndpoint(t.endpoint)} (${thresholdLabel(t.threshold)})`),
    group: (code: string) => plan.arms.find((x) => x.code === code)?.label ?? L.mrdGroup(code),
  };
}

/**
 * Time-to-event summary: per endpoint and group, events, median [CI], HR [CI] and log-rank p. The
 * landmark rates are a table of their own (landmarkTable): together they would need 12 columns, more
 * than a landscape page holds with no CI broken.
 */
export function survivalTable(a: Analysis, L: Labels): ReportTable {
  const { plan } = a;
  const { endpoint, group: label } = tteLabels(a, L);
  const rows: string[][] = [];
  const refs: (string | null)[][] = [];
  for (const t of a.timeToEvent) {
    const name = endpoint(t);
    // the first group compared with the reference carries the log-rank p (one test across the groups)
    const firstCompared = t.analysis.groups.find((g) => g.group !== t.analysis.reference)?.group;
    for (const g of t.analysis.groups) {
      const hr = t.analysis.hazardRatios.find((h) => h.group === g.group);
      rows.push([
        name,
        label(g.group),
        `${g.events}/${g.n}`,
        estimateCi(g.median, g.medianLower, g.medianUpper, DECIMALS.months, L.ciSeparator).replace(/NE/g, 'NR'),
        hr ? estimateCi(hr.hr, hr.hrLower, hr.hrUpper, DECIMALS.ratio, L.ciSeparator) : g.group === t.analysis.reference && t.analysis.hazardRatios.length ? L.reference : '',
        g.group === firstCompared && t.analysis.logrankP !== null ? pValue(t.analysis.logrankP) : '',
      ]);
      const km = ardId.km(t.endpoint, t.threshold, g.group);
      refs.push([
        null,
        null,
        km,
        km,
        hr ? ardId.cox(t.endpoint, t.threshold, g.group) : null,
        g.group === firstCompared && t.analysis.logrankP !== null ? ardId.logrank(t.endpoint, t.threshold) : null,
      ]);
    }
  }
  return {
    id: 'time_to_event',
    title: L.survivalTitle,
    subtitle: L.survivalSubtitle,
    columns: [L.endpointCol, L.groupCol, L.eventsCol, L.medianCol, L.hrCol, L.logrankCol],
    rows,
    refs,
    // footnotes: 0 KM and medians, 1 Cox, 2 strata and 5 placement and nominal p (log-rank), 3 the
    // duration of negativity and 4 the MRD landmark analysis (their first row)
    marks: [
      ...markHeaders(0, [3]),
      ...markHeaders(1, [4]),
      ...markHeaders(2, [5]),
      ...markHeaders(5, [4, 5]),
      ...markFirst(rows, 0, (c) => c.startsWith(L.tteEndpoint('MRD_NEG_DURATION')), 3),
      ...(plan.mrdLandmark === null ? [] : markFirst(rows, 0, (c) => c.startsWith(L.tteEndpoint(`PFS_BY_MRD_${plan.mrdLandmark}M`)), 4)),
    ],
    footnotes: L.survivalFootnotes(plan.stats.kmConfType, plan.stats.coxTies, plan.strata.length ? plan.strata.join(', ') : null, plan.mrdLandmark),
  };
}

/** Kaplan-Meier survival at each landmark month, per endpoint and group, with the number at risk. */
export function landmarkTable(a: Analysis, L: Labels): ReportTable {
  const { plan } = a;
  const { endpoint, group: label } = tteLabels(a, L);
  const rows: string[][] = [];
  const refs: (string | null)[][] = [];
  for (const t of a.timeToEvent) {
    const name = endpoint(t);
    for (const g of t.analysis.groups) {
      const at = plan.landmarks.map((m) => g.landmarks.find((x) => x.time === m));
      rows.push([name, label(g.group), ...at.map((l) => (l ? `${pctCi(l.surv, l.lower, l.upper, L.ciSeparator)} (${l.nRisk})` : ''))]);
      refs.push([null, null, ...at.map((l, k) => (l ? ardId.kmLandmark(t.endpoint, t.threshold, g.group, plan.landmarks[k]) : null))]);
    }
  }
  return {
    id: 'landmark_rates',
    title: L.landmarkTitle,
    subtitle: L.survivalSubtitle,
    columns: [L.endpointCol, L.groupCol, ...plan.landmarks.map((m) => L.landmarkCol(m))],
    rows,
    refs,
    marks: markHeaders(0, plan.landmarks.map((_, k) => 2 + k)),
    footnotes: L.landmarkFootnotes(plan.stats.kmConfType),
  };
}
