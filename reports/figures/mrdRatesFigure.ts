import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../../pipeline/analyse.js';
import { thresholdLabel } from '../format.js';
import { percent } from './figureFormat.js';
import type { FigureLabels } from './figureLabels.js';
import { CONFIG, groupColour, SCHEMA } from './theme.js';
import { RATES, type RatesPlot } from './mrdRatesPlot.js';

const ENDPOINTS = ['MRD_NEG', 'MRD_NEG_CR'];

/**
 * MRD negativity across the thresholds: the ITT rate of each arm at each threshold with its CI, one
 * panel per endpoint (MRD negative, MRD-negative CR). Null when the analysis has no such rate.
 */
export function mrdRatesPlot(a: Analysis, L: FigureLabels): RatesPlot | null {
  const { plan } = a;
  const arms = plan.arms.map((x) => x.label);
  const armLabel = (code: string) => plan.arms.find((x) => x.code === code)?.label ?? code;
  // thresholds from the least to the most sensitive; the primary one is marked
  const thresholds = [...plan.mrd.thresholds].sort((x, y) => y - x);
  const thrText = (t: number) => (t === plan.mrd.primaryThreshold ? L.primaryThreshold(thresholdLabel(t)) : thresholdLabel(t));
  const bars = a.mrdRates
    .filter((r) => r.population === 'ITT' && ENDPOINTS.includes(r.endpoint) && r.n > 0)
    .map((r) => ({
      endpoint: L.endpoint(r.endpoint),
      threshold: thrText(r.threshold),
      arm: armLabel(r.arm),
      rate: r.rate,
      lower: Number.isFinite(r.ciLower) ? r.ciLower : null,
      upper: Number.isFinite(r.ciUpper) ? r.ciUpper : null,
      label: percent(r.rate),
    }));
  if (bars.length === 0) return null;
  const ittN = plan.arms.reduce((s, arm) => s + (a.mrdRates.find((r) => r.population === 'ITT' && r.arm === arm.code)?.n ?? 0), 0);
  return {
    title: L.mrdRatesTitle,
    subtitle: L.mrdRatesSubtitle(ittN, plan.stats.ciLevel, plan.stats.proportionCi),
    xTitle: L.thresholdAxis,
    yTitle: L.rateAxis,
    legendTitle: L.arm,
    arms,
    colours: arms.map((_, k) => groupColour(k)),
    thresholds: thresholds.map(thrText),
    endpoints: ENDPOINTS.filter((e) => a.mrdRates.some((r) => r.endpoint === e)).map((e) => L.endpoint(e)),
    bars,
  };
}

/** The Vega-Lite spec of the rates figure (written as its .vl.json). */
export function mrdRatesSpec(plot: RatesPlot): TopLevelSpec {
  const { arms } = plot;
  const x = { field: 'threshold', type: 'nominal', sort: plot.thresholds, title: plot.xTitle, axis: { labelAngle: 0, labelPadding: 6 } } as const;
  const xOffset = { field: 'arm', type: 'nominal', sort: arms, scale: { paddingInner: RATES.armPadding } } as const;
  const y = { type: 'quantitative', scale: { domain: [0, 1], nice: false }, axis: { values: RATES.yTicks, labelExpr: "format(datum.value * 100, 'd')", title: plot.yTitle, grid: true } } as const;
  const color = { field: 'arm', type: 'nominal', sort: arms, scale: { domain: arms, range: plot.colours }, legend: { title: plot.legendTitle, orient: 'top', direction: 'horizontal', columnPadding: 24 } } as const;

  return {
    $schema: SCHEMA,
    title: { text: plot.title, subtitle: [plot.subtitle] },
    config: CONFIG,
    data: { values: plot.bars },
    facet: { column: { field: 'endpoint', type: 'nominal', sort: plot.endpoints, title: null, header: { labelFontSize: 13.5, labelPadding: 8 } } },
    spacing: RATES.spacing,
    spec: {
      width: RATES.width,
      height: RATES.height,
      layer: [
        { mark: { type: 'bar', opacity: RATES.barOpacity }, encoding: { x, xOffset, y: { ...y, field: 'rate' }, color } },
        {
          mark: { type: 'rule', strokeWidth: 1.4, color: '#1a1a1a' },
          encoding: { x, xOffset, y: { ...y, field: 'lower' }, y2: { field: 'upper' } },
        },
        {
          mark: { type: 'tick', thickness: 1.4, color: '#1a1a1a', size: RATES.capWidth },
          encoding: { x, xOffset, y: { ...y, field: 'upper' } },
        },
        {
          mark: { type: 'tick', thickness: 1.4, color: '#1a1a1a', size: RATES.capWidth },
          encoding: { x, xOffset, y: { ...y, field: 'lower' } },
        },
        {
          mark: { type: 'text', baseline: 'bottom', dy: -4, fontSize: RATES.labelFont, color: '#1a1a1a' },
          encoding: { x, xOffset, y: { ...y, field: 'upper' }, text: { field: 'label' } },
        },
      ],
    },
  } as unknown as TopLevelSpec;
}
