import type { TopLevelSpec } from 'vega-lite';
import { REASON_NOT_GIVEN } from '../../analyses/assayFailures.js';
import type { Analysis } from '../../pipeline/analyse.js';
import { byCodeUnit } from './figureFormat.js';
import type { FigureLabels } from './figureLabels.js';
import { textWidth } from './fontMetrics.js';
import { CONFIG, groupColour, METHOD_COLOURS, SCHEMA } from './theme.js';
import { FAILURES, type FailurePlot } from './failureReasonsPlot.js';

/**
 * Failed MRD tests by reason: horizontal bars of the FAILED counts of `failures`, one panel per arm,
 * coloured by method, with the count printed at the end of each bar. Null when no test failed.
 */
export function failureReasonsPlot(a: Analysis, L: FigureLabels): FailurePlot | null {
  const { plan } = a;
  if (a.failures.length === 0) return null;
  const armLabel = (code: string) => plan.arms.find((x) => x.code === code)?.label ?? code;
  const methods = [...new Set(a.failures.map((f) => f.method))].sort(byCodeUnit);
  // a reason given for several methods gets one bar per method
  const shared = new Set(
    [...new Set(a.failures.map((f) => f.reason))].filter((r) => new Set(a.failures.filter((f) => f.reason === r).map((f) => f.method)).size > 1),
  );
  const reasonOf = (method: string, reason: string) => {
    const text = reason === REASON_NOT_GIVEN ? L.reasonNotGiven : reason;
    return shared.has(reason) ? L.reasonOfMethod(text, method) : text;
  };
  const reasons = [...new Set(a.failures.map((f) => JSON.stringify([f.method, f.reason])))]
    .map((k) => JSON.parse(k) as [string, string])
    .sort((p, q) => byCodeUnit(p[0], q[0]) || byCodeUnit(p[1], q[1]))
    .map(([m, r]) => reasonOf(m, r));
  const arms = plan.arms.filter((x) => a.failures.some((f) => f.arm === x.code)).map((x) => x.label);
  const bars = a.failures.map((f) => ({ arm: armLabel(f.arm), method: f.method, reason: reasonOf(f.method, f.reason), count: f.count }));
  return {
    title: L.failuresTitle,
    subtitle: L.failuresSubtitle,
    xTitle: L.failedCount,
    legendTitle: L.method,
    methods,
    colours: methods.map((m, k) => METHOD_COLOURS[m] ?? groupColour(k + 2)),
    reasons,
    arms,
    labelWidth: Math.ceil(Math.max(...reasons.map((r) => textWidth(r, 12.5, false)))),
    max: Math.max(...bars.map((r) => r.count)),
    bars,
  };
}

/** The Vega-Lite spec of the failure-reasons figure (written as its .vl.json). */
export function failureReasonsSpec(plot: FailurePlot): TopLevelSpec {
  const { reasons, labelWidth, max, methods } = plot;

  const y = { field: 'reason', type: 'nominal', sort: reasons, scale: { domain: reasons }, title: null, axis: { minExtent: labelWidth, ticks: false, domain: false, labelPadding: 8 } };
  const x = { field: 'count', type: 'quantitative', scale: { domain: [0, max * FAILURES.headroom], nice: false }, title: plot.xTitle, axis: { tickMinStep: 1, format: 'd', grid: true } };
  const colour = {
    field: 'method',
    type: 'nominal',
    scale: { domain: methods, range: plot.colours },
    legend: { title: plot.legendTitle, orient: 'top', direction: 'horizontal', columnPadding: 18 },
  };
  return {
    $schema: SCHEMA,
    title: { text: plot.title, subtitle: [plot.subtitle] },
    config: CONFIG,
    data: { values: plot.bars },
    facet: { column: { field: 'arm', type: 'nominal', sort: plot.arms, title: null, header: { labelFontSize: 13.5, labelPadding: 8 } } },
    spacing: FAILURES.spacing,
    spec: {
      width: FAILURES.width,
      height: { step: FAILURES.bar },
      layer: [
        { mark: { type: 'bar', height: { band: 0.7 } }, encoding: { y, x, color: colour } },
        { mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 12.5 }, encoding: { y, x, text: { field: 'count', type: 'quantitative', format: 'd' } } },
      ],
    },
  } as unknown as TopLevelSpec;
}
