import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../../pipeline/analyse.js';
import { thresholdLabel, DECIMALS, estimateCi, levelLabel, pValue, variableLabel } from '../format.js';
import { fixed, rateText } from './figureFormat.js';
import type { FigureLabels } from './figureLabels.js';
import { textWidth } from './fontMetrics.js';
import { CONFIG, SCHEMA } from './theme.js';
import { FOREST, type ForestColumn, type ForestMark, type ForestPlot, type ForestTextRow } from './forestPlot.js';

const ROW = FOREST.row;
const FONT = FOREST.font;
const PLOT_WIDTH = FOREST.plotWidth;
/** Odds ratios beyond these limits are drawn as arrows at the edge of the axis. */
const AXIS_MIN = 0.01;
const AXIS_MAX = 100;

/** One row of the forest plot (a heading, the overall comparison or a subgroup level). */
interface ForestRow {
  row: string;
  kind: 'endpoint' | 'variable' | 'level' | 'overall';
  label: string;
  indent: number;
  /** `x/n (p%)` per arm, by arm label */
  rates: Record<string, string>;
  or: number | null;
  lower: number | null;
  upper: number | null;
  orText: string;
  /** subjects in the row, both arms (the marker's area is proportional to it) */
  n?: number;
}

const finitePositive = (v: number | null): v is number => v !== null && Number.isFinite(v) && v > 0;

/**
 * Axis limits: the smallest power of ten 10^k (k >= 1) such that [10^-k, 10^k] holds every finite
 * estimate and limit, at most 0.01-100. Symmetric on the log scale, so OR = 1 is in the middle.
 */
/** 1-2-5 steps from AXIS_MIN to AXIS_MAX: where the log axis may start, end and put its ticks. */
const NICE = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100];

/**
 * The axis fitted to the data: from the largest 1-2-5 step at or below every lower limit (and 1) to
 * the smallest at or above every upper limit (and 1), within AXIS_MIN..AXIS_MAX (beyond, arrows).
 */
function axisDomain(rows: ForestRow[]): [number, number] {
  const values = rows.flatMap((r) => [r.or, r.lower, r.upper]).filter(finitePositive);
  const lo = Math.min(1, ...values);
  const hi = Math.max(1, ...values);
  const below = NICE.filter((v) => v <= lo * (1 + 1e-12));
  const above = NICE.filter((v) => v >= hi * (1 - 1e-12));
  const dMin = below.length ? below[below.length - 1] : AXIS_MIN;
  const dMax = above.length ? above[0] : AXIS_MAX;
  return [Math.max(AXIS_MIN, dMin === 1 ? 0.5 : dMin), Math.min(AXIS_MAX, dMax === 1 ? 2 : dMax)];
}

/**
 * Forest plot of the MRD negativity odds ratio (experimental vs control) by subgroup, for MRD
 * negative and MRD-negative CR at the primary threshold: the rates of each arm as text columns, the
 * odds ratio with its CI on a log axis, and the overall comparison (stratified Mantel-Haenszel, from
 * mrdComparisons) first. Null when the plan has no subgroups.
 */
export function forestPlot(a: Analysis, L: FigureLabels): ForestPlot | null {
  const { plan } = a;
  if (a.subgroups.length === 0) return null;
  const t = plan.mrd.primaryThreshold;
  const level = plan.stats.ciLevel;
  const control = plan.arms.find((x) => x.control)!;
  const experimental = plan.arms.filter((x) => !x.control);
  const armLabel = (code: string) => plan.arms.find((x) => x.code === code)?.label ?? code;
  // as the tables print an odds ratio: est [lo, hi]
  const orText = (or: number | null, lo: number | null, hi: number | null) => (or === null || !Number.isFinite(or) ? 'NE' : estimateCi(or, lo, hi, DECIMALS.ratio, L.ciSeparator));
  const num = (v: number) => (Number.isFinite(v) ? v : null);

  const rows: ForestRow[] = [];
  const push = (r: Omit<ForestRow, 'row'>) => rows.push({ ...r, row: String(rows.length).padStart(4, '0') });
  const endpoints = ['MRD_NEG', 'MRD_NEG_CR'].filter((e) => a.subgroups.some((s) => s.endpoint === e));
  for (const e of endpoints) {
    for (const exp of experimental) {
      const heading = experimental.length > 1 ? `${L.endpoint(e)}: ${L.versusOr(exp.label, control.label)}` : L.endpoint(e);
      push({ kind: 'endpoint', label: heading, indent: 0, rates: {}, or: null, lower: null, upper: null, orText: '' });
      const c = a.mrdComparisons.find((m) => m.endpoint === e && m.population === 'ITT' && m.threshold === t && m.arm === exp.code);
      const overallRates: Record<string, string> = {};
      for (const arm of [exp, control]) {
        const r = a.mrdRates.find((q) => q.endpoint === e && q.population === 'ITT' && q.threshold === t && q.arm === arm.code);
        if (r) overallRates[arm.label] = rateText(r.x, r.n, r.rate);
      }
      push({
        kind: 'overall',
        label: L.overall,
        indent: 12,
        rates: overallRates,
        or: c ? num(c.orMH) : null,
        lower: c ? num(c.orLower) : null,
        upper: c ? num(c.orUpper) : null,
        orText: c ? orText(c.orMH, c.orLower, c.orUpper) : 'NE',
        n: [exp, control].reduce((m, arm) => m + (a.mrdRates.find((q) => q.endpoint === e && q.population === 'ITT' && q.threshold === t && q.arm === arm.code)?.n ?? 0), 0),
      });
      for (const variable of plan.subgroups) {
        const levels = a.subgroups.filter((s) => s.endpoint === e && s.threshold === t && s.variable === variable && s.arm === exp.code);
        if (levels.length === 0) continue;
        // the variable's row carries its interaction p (Woolf test of homogeneity of the odds ratios)
        const p = levels[0].interactionP;
        push({ kind: 'variable', label: variableLabel(plan, variable, L.lang), indent: 12, rates: {}, or: null, lower: null, upper: null, orText: p === null ? '' : L.interactionP(pValue(p)) });
        for (const s of levels) {
          push({
            kind: 'level',
            label: levelLabel(plan, variable, s.level, L.lang),
            indent: 24,
            rates: Object.fromEntries(s.arms.map((r) => [armLabel(r.arm), rateText(r.x, r.n, r.rate)])),
            or: num(s.or),
            lower: num(s.orLower),
            upper: num(s.orUpper),
            orText: orText(s.or, s.orLower, s.orUpper),
            n: s.arms.reduce((m, r) => m + r.n, 0),
          });
        }
      }
    }
  }

  const [dMin, dMax] = axisDomain(rows);
  const clip = (v: number) => Math.min(dMax, Math.max(dMin, v));
  // points and CI lines on the axis, clipped at its ends; an arrow marks a clipped limit
  // level markers: squares of area proportional to the subjects in the level (the largest 220 px²,
  // the size of the overall diamond); the overall estimate: a diamond
  const maxLevelN = Math.max(1, ...rows.filter((r) => r.kind === 'level').map((r) => r.n ?? 0));
  const marks: ForestMark[] = rows
    .filter((r) => finitePositive(r.or) || (r.lower !== null && r.upper !== null))
    .map((r) => {
      const lower = r.lower !== null && r.lower > 0 ? r.lower : 0;
      const upper = r.upper ?? Infinity;
      return {
        row: r.row,
        kind: r.kind,
        or: finitePositive(r.or) && r.or >= dMin && r.or <= dMax ? r.or : null,
        lower: clip(lower > 0 ? lower : dMin),
        upper: clip(upper),
        clippedLow: lower < dMin,
        clippedHigh: upper > dMax,
        shape: r.kind === 'overall' ? ('diamond' as const) : ('square' as const),
        size: r.kind === 'overall' ? 220 : Math.max(12, Math.round((220 * (r.n ?? 0)) / maxLevelN)),
      };
    });
  const arrows: ForestPlot['arrows'] = marks.flatMap((m) => [
    ...(m.clippedLow ? [{ row: m.row, at: dMin, shape: 'triangle-left' as const }] : []),
    ...(m.clippedHigh ? [{ row: m.row, at: dMax, shape: 'triangle-right' as const }] : []),
  ]);
  const inside = (v: number) => v >= dMin * (1 - 1e-12) && v <= dMax * (1 + 1e-12);
  const steps = NICE.filter(inside);
  // every 1-2-5 step while they are few, else the powers of ten (and the domain's ends)
  const ticks = steps.length <= 8 ? steps : [...new Set([dMin, ...[0.01, 0.1, 1, 10, 100].filter(inside), dMax])];

  const arms = [...experimental, control].map((x) => x.label);
  const textRows: ForestTextRow[] = rows.map((r) => ({
    row: r.row,
    kind: r.kind,
    label: r.label,
    indent: r.indent,
    orText: r.orText,
    ...Object.fromEntries(arms.map((arm, k) => [`rate${k}`, r.rates[arm] ?? ''])),
  }));

  const widthOf = (texts: string[], min: number) => Math.ceil(Math.max(min, ...texts.map((s) => textWidth(s, FONT, true)))) + 16;
  // endpoint headings have no rates and may run on into the rate columns
  const labelWidth = widthOf([L.subgroupCol, ...rows.filter((r) => r.kind !== 'endpoint').map((r) => r.label)], 120) + 24;
  return {
    title: L.forestTitle(thresholdLabel(t)),
    subtitle: L.forestSubtitle(level),
    rowIds: rows.map((r) => r.row),
    text: textRows,
    marks,
    arrows,
    columns: [
      { title: L.subgroupCol, field: 'label', width: labelWidth },
      ...arms.map((arm, k) => ({ title: [arm, L.rateColumn], field: `rate${k}` as const, width: widthOf([arm, L.rateColumn, ...rows.map((r) => r.rates[arm] ?? '')], 90) })),
      { title: L.oddsRatioCol(level), field: 'orText', width: widthOf([L.oddsRatioCol(level), ...rows.map((r) => r.orText)], 120) },
    ],
    domain: [dMin, dMax],
    ticks,
    plotTitle: L.oddsRatioAxis,
    favoursControl: `← ${L.favours(control.label)}`,
    favoursExperimental: experimental.length === 1 ? `${L.favours(experimental[0].label)} →` : `${L.favoursExperimental} →`,
  };
}

/** The Vega-Lite spec of the forest plot (written as its .vl.json). */
export function forestSpec(plot: ForestPlot): TopLevelSpec {
  const [dMin, dMax] = plot.domain;
  const height = ROW * plot.rowIds.length;
  const y = { field: 'row', type: 'ordinal', axis: null, scale: { domain: plot.rowIds, padding: 0.5 } };
  // the marks' rows as a point scale too, so that each sits on its text row (a rule mark would
  // otherwise get a band scale, whose rows are 23.5 px apart instead of 24 px)
  const markY = { ...y, scale: { ...y.scale, type: 'point' } };
  const headingTest = "datum.kind === 'endpoint' || datum.kind === 'variable'";
  // headings in bold, other rows in the regular weight; x is the indent in pixels
  const textColumn = ({ title, field, width }: ForestColumn) => ({
    width,
    height,
    title: { text: title, anchor: 'start', fontSize: FONT, fontWeight: 'bold', offset: 10 },
    data: { name: 'text' },
    layer: [true, false].map((heading) => ({
      transform: [{ filter: heading ? headingTest : `!(${headingTest})` }],
      mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: FONT, fontWeight: heading ? 'bold' : 'normal' },
      encoding: { y, x: field === 'label' ? { field: 'indent', type: 'quantitative', scale: null } : { value: 0 }, text: { field } },
    })),
  });

  const forest = {
    width: PLOT_WIDTH,
    height,
    title: { text: plot.plotTitle, anchor: 'middle', fontSize: FONT, fontWeight: 'bold', offset: 10 },
    layer: [
      {
        data: { values: [{ one: 1 }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#555555' },
        encoding: { x: { field: 'one', type: 'quantitative' } },
      },
      {
        data: { name: 'marks' },
        mark: { type: 'rule', strokeWidth: 1.6, color: '#1a1a1a' },
        encoding: { y: markY, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' } },
      },
      {
        data: { name: 'arrows' },
        mark: { type: 'point', filled: true, size: FOREST.arrowSize, color: '#1a1a1a' },
        encoding: { y: markY, x: { field: 'at', type: 'quantitative' }, shape: { field: 'shape', type: 'nominal', scale: null } },
      },
      {
        data: { name: 'marks' },
        transform: [{ filter: 'datum.or !== null' }],
        mark: { type: 'point', filled: true, color: FOREST.estimateColour, opacity: 1 },
        encoding: {
          y: markY,
          x: {
            field: 'or',
            type: 'quantitative',
            scale: { type: 'log', domain: [dMin, dMax], nice: false },
            axis: { values: plot.ticks, format: '~g', title: null, grid: false },
          },
          shape: { field: 'shape', type: 'nominal', scale: null },
          size: { field: 'size', type: 'quantitative', scale: null },
        },
      },
      // "favours" labels under the axis, either side of OR = 1
      ...[
        { text: plot.favoursControl, align: 'right', dx: -8 },
        { text: plot.favoursExperimental, align: 'left', dx: 8 },
      ].map((f) => ({
        data: { values: [{ one: 1 }] },
        mark: { type: 'text', align: f.align, dx: f.dx, baseline: 'top', fontSize: 12 },
        encoding: { x: { field: 'one', type: 'quantitative' }, y: { value: height + 30 }, text: { value: f.text } },
      })),
    ],
  };

  const columns = plot.columns.map(textColumn);
  columns.splice(columns.length - 1, 0, forest as unknown as ReturnType<typeof textColumn>);
  return {
    $schema: SCHEMA,
    title: { text: plot.title, subtitle: plot.subtitle },
    config: CONFIG,
    datasets: { text: plot.text, marks: plot.marks, arrows: plot.arrows },
    hconcat: columns,
    spacing: FOREST.spacing,
    bounds: 'flush',
  } as unknown as TopLevelSpec;
}
