import type { TopLevelSpec } from 'vega-lite';
import type { KaplanMeierCurve } from '../../analyses/stats/kaplanMeier.js';
import type { TimeToEventResult } from '../../analyses/timeToEvent.js';
import type { Plan } from '../../model/plan.js';
import { DECIMALS, pValue, thresholdLabel } from '../format.js';
import { fixed } from './figureFormat.js';
import type { FigureLabels } from './figureLabels.js';
import { textWidth } from './fontMetrics.js';
import { CONFIG, groupColour, SCHEMA } from './theme.js';
import { KM, kmNotePosition, type KmPlot } from './kmPlot.js';


/** One curve of the figure: the label printed in the legend and the analysis' curve. */
export interface KmGroup {
  label: string;
  curve: KaplanMeierCurve | null;
  /** median survival time from the analysis (null: not reached), drawn as dashed lines */
  median: number | null;
}

/**
 * x-axis ticks: every 6 months up to 48 months of follow-up, every 12 beyond, from 0 to the first
 * tick at or after the last curve time.
 */
export function kmTicks(groups: KmGroup[]): number[] {
  const last = lastFollowUp(groups);
  const step = last <= 48 ? 6 : 12;
  // ticks up to the last follow-up (at least one step): the axis ends there, not at the next tick
  const end = Math.max(step, Math.floor(last / step + 1e-9) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= end; t += step) ticks.push(t);
  return ticks;
}

/** The longest time of any curve (event or censoring): where the time axis ends. */
export function lastFollowUp(groups: KmGroup[]): number {
  let last = 0;
  for (const g of groups) if (g.curve && g.curve.time.length) last = Math.max(last, g.curve.time[g.curve.time.length - 1]);
  return last;
}

/**
 * Number at risk at each tick, read off the curve: nRisk at the first curve time >= the tick (the
 * subjects whose time is >= the tick), found by binary search; 0 past the last time.
 */
export function numberAtRisk(curve: KaplanMeierCurve | null, ticks: readonly number[]): number[] {
  return ticks.map((tick) => {
    if (!curve) return 0;
    let lo = 0;
    let hi = curve.time.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (curve.time[mid] < tick) lo = mid + 1;
      else hi = mid;
    }
    return lo < curve.time.length ? curve.nRisk[lo] : 0;
  });
}

/** S(t) of a curve as drawn (right-continuous step function; 1 before the first time). */
function survivalAt(curve: KaplanMeierCurve, t: number): number {
  let s = 1;
  for (let k = 0; k < curve.time.length && curve.time[k] <= t; k++) s = curve.surv[k];
  return s;
}

/**
 * Cumulative events and censorings at each tick (times on or before it), read off the curve: the
 * numbers the risk table prints in parentheses when the plan asks for them.
 */
export function cumulativeCounts(curve: KaplanMeierCurve | null, ticks: readonly number[]): { events: number[]; censored: number[] } {
  const events: number[] = [];
  const censored: number[] = [];
  let k = 0;
  let e = 0;
  let c = 0;
  for (const tick of ticks) {
    while (curve && k < curve.time.length && curve.time[k] <= tick) {
      e += curve.nEvent[k];
      c += curve.nCensor[k];
      k++;
    }
    events.push(e);
    censored.push(c);
  }
  return { events, censored };
}

export interface KmFigureInput {
  title: string;
  subtitle: string[];
  xTitle: string;
  yTitle: string;
  legendTitle: string;
  groups: KmGroup[];
  /** statistics printed on the plot (group summaries, hazard ratio, log-rank p) */
  notes: string[];
  L: FigureLabels;
  /** the risk table: numbers at risk, or with cumulative events and censored in parentheses */
  riskTable?: 'at-risk' | 'at-risk-events-censored';
}

/**
 * A Kaplan-Meier figure: step curves from (0, 100%), pointwise CI bands (where both limits exist),
 * censoring ticks, dashed median lines, the statistics as a note on the plot, and the number at risk
 * at each x tick under the plot. Every number is a value of the curves or a formatted result.
 */
export function kaplanMeierPlot(input: KmFigureInput): KmPlot {
  const { groups, L } = input;
  const ticks = kmTicks(groups);
  const xMax = Math.max(ticks[ticks.length - 1], lastFollowUp(groups));
  const domain = groups.map((g) => g.label);
  const range = groups.map((_, k) => groupColour(k));

  const curve: KmPlot['curve'] = [];
  const band: KmPlot['band'] = [];
  const censor: KmPlot['censor'] = [];
  const median: KmPlot['median'] = [];
  const risk: KmPlot['risk'] = [];
  const withCounts = input.riskTable === 'at-risk-events-censored';

  groups.forEach((g, gi) => {
    const c = g.curve;
    const atRisk = numberAtRisk(c, ticks);
    const counts = cumulativeCounts(c, ticks);
    ticks.forEach((tick, i) => risk.push({ group: g.label, tick, n: atRisk[i], text: withCounts ? `${atRisk[i]} (${counts.events[i]}; ${counts.censored[i]})` : String(atRisk[i]) }));
    if (!c) return;
    // always from (0, 100%): with an event at time 0 the step-after line drops at once
    curve.push({ group: g.label, time: 0, surv: 1 });
    let segment = 0;
    let open = false;
    for (let k = 0; k < c.time.length; k++) {
      curve.push({ group: g.label, time: c.time[k], surv: c.surv[k] });
      if (c.nCensor[k] > 0) censor.push({ group: g.label, time: c.time[k], surv: c.surv[k] });
      const lo = c.lower[k];
      const hi = c.upper[k];
      if (lo !== null && hi !== null) {
        if (!open) segment++;
        open = true;
        band.push({ group: g.label, segment: `${gi}-${segment}`, time: c.time[k], lower: lo, upper: hi });
        // a step-after area ends at its last point: carry the limits to the next time so the last
        // step of a run is drawn
        const next = k + 1 < c.time.length ? c.time[k + 1] : null;
        if (next !== null && (c.lower[k + 1] === null || c.upper[k + 1] === null)) {
          band.push({ group: g.label, segment: `${gi}-${segment}`, time: next, lower: lo, upper: hi });
        }
      } else {
        open = false;
      }
    }
  });
  for (const g of groups) {
    if (g.median === null) continue;
    median.push({ group: g.label, x: 0, x2: g.median, y: 0.5, y2: 0.5 }, { group: g.label, x: g.median, x2: g.median, y: 0, y2: 0.5 });
  }

  const noteWidth = Math.max(0, ...input.notes.map((s) => textWidth(s, KM.noteFont, false)));
  const noteHeight = input.notes.length * KM.noteLine + 8;
  // The note goes in the lower-left corner unless a curve passes through it, then upper right; if
  // both are crossed it goes under the title.
  const boxRight = ((noteWidth + 20) / KM.width) * xMax;
  const boxTop = (noteHeight + 10) / KM.height;
  const lowest = (t: number) => Math.min(1, ...groups.filter((g) => g.curve).map((g) => survivalAt(g.curve!, t)));
  const highestAfter = (t: number) => Math.max(0, ...groups.filter((g) => g.curve).map((g) => survivalAt(g.curve!, t)));
  const notePlace: KmPlot['notePlace'] =
    lowest(boxRight) > boxTop + 0.02 ? 'lower-left' : highestAfter(xMax - boxRight) < 1 - boxTop - 0.02 ? 'upper-right' : 'subtitle';
  // the numbers at tick 0 are centred on the y axis: keep the row labels clear of them
  const widest = Math.max(0, ...risk.map((r) => textWidth(r.text, KM.riskFont, false)));
  return {
    title: input.title,
    subtitle: input.subtitle,
    xTitle: input.xTitle,
    yTitle: input.yTitle,
    legendTitle: input.legendTitle,
    domain,
    range,
    ticks,
    xMax,
    curve,
    band,
    censor,
    median,
    risk,
    notes: input.notes,
    notePlace,
    riskTitle: withCounts ? L.numberAtRiskWithCounts : L.numberAtRisk,
    riskLabelPadding: Math.ceil(widest / 2 + 12),
  };
}

/** The Vega-Lite spec of a Kaplan-Meier figure (written as its .vl.json). */
export function kaplanMeierSpec(plot: KmPlot): TopLevelSpec {
  const { domain, range, ticks, xMax, notes, notePlace: place } = plot;
  const colour = { field: 'group', type: 'nominal', scale: { domain, range } } as const;
  // Bands, median lines, censoring ticks and the risk table use `fill`/`stroke` with the same scale
  // as the curves' `color`; vega-lite merges them into the one legend of the curves.
  const fill = colour;
  const stroke = colour;
  const xScale = { domain: [0, xMax], nice: false, zero: true } as const;
  const xAxis = { values: ticks, title: plot.xTitle, format: 'd', grid: false, labelFlush: false } as const;
  const x = { field: 'time', type: 'quantitative', scale: xScale, axis: xAxis } as const;
  const yAxis = { values: KM.yTicks, title: plot.yTitle, labelExpr: "format(datum.value * 100, 'd')", grid: true } as const;
  const yScale = { domain: [0, 1], nice: false } as const;

  const layers: unknown[] = [
    {
      data: { name: 'band' },
      mark: { type: 'area', interpolate: 'step-after', fillOpacity: KM.bandOpacity },
      encoding: {
        x,
        y: { field: 'lower', type: 'quantitative', scale: yScale, axis: yAxis },
        y2: { field: 'upper' },
        fill,
        detail: { field: 'segment', type: 'nominal' },
      },
    },
    {
      data: { name: 'median' },
      mark: { type: 'rule', strokeDash: [5, 4], strokeWidth: 1.2, opacity: 0.9 },
      encoding: {
        x: { ...x, field: 'x' },
        x2: { field: 'x2' },
        y: { field: 'y', type: 'quantitative', scale: yScale, axis: yAxis },
        y2: { field: 'y2' },
        stroke,
      },
    },
    {
      data: { name: 'curve' },
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: KM.curveWidth },
      encoding: {
        x,
        y: { field: 'surv', type: 'quantitative', scale: yScale, axis: yAxis },
        color: { ...colour, legend: { title: plot.legendTitle, orient: 'top', direction: 'horizontal', symbolType: 'stroke', symbolSize: 300, columnPadding: KM.legendColumnPadding, offset: 10 } },
      },
    },
    {
      data: { name: 'censor' },
      mark: { type: 'point', shape: 'M0,-1L0,1', filled: false, strokeWidth: 1.6, size: KM.censorSize, opacity: 1 },
      encoding: { x, y: { field: 'surv', type: 'quantitative', scale: yScale, axis: yAxis }, stroke },
    },
  ];
  if (place !== 'subtitle') {
    const note = kmNotePosition(place, notes.length);
    layers.push({
      data: { values: [{}] },
      mark: {
        type: 'text',
        align: note.align,
        baseline: 'top',
        fontSize: KM.noteFont,
        lineHeight: KM.noteLine,
        color: '#1a1a1a',
      },
      encoding: {
        text: { value: notes },
        x: { value: note.x },
        y: { value: note.y },
      },
    });
  }

  const plotArea = {
    width: KM.width,
    height: KM.height,
    layer: layers,
  };
  const table = {
    width: KM.width,
    height: KM.riskRow * domain.length,
    title: { text: plot.riskTitle, anchor: 'start', fontSize: 13.5, fontWeight: 'bold', offset: 8 },
    data: { name: 'risk' },
    mark: { type: 'text', fontSize: KM.riskFont, baseline: 'middle' },
    encoding: {
      x: { field: 'tick', type: 'quantitative', scale: xScale, axis: null },
      y: { field: 'group', type: 'nominal', scale: { domain }, axis: { title: null, domain: false, ticks: false, labelPadding: plot.riskLabelPadding, labelFontSize: KM.riskFont } },
      text: { field: 'text', type: 'nominal' },
      fill,
    },
  };

  return {
    $schema: SCHEMA,
    title: { text: plot.title, subtitle: place === 'subtitle' ? [...plot.subtitle, ...notes] : plot.subtitle },
    config: CONFIG,
    datasets: { curve: plot.curve, band: plot.band, censor: plot.censor, median: plot.median, risk: plot.risk },
    vconcat: [plotArea, table],
    spacing: 18,
    resolve: { scale: { color: 'shared', fill: 'shared', stroke: 'shared' } },
  } as unknown as TopLevelSpec;
}

/** "[lower, upper]" of a confidence interval as the tables print it, `missing` for an unreached limit. */
function ciRange(lo: number | null, hi: number | null, digits: number, missing: string, sep: string): string {
  return `[${fixed(lo, digits, missing)}${sep}${fixed(hi, digits, missing)}]`;
}

/** Statistics note of a time-to-event result: per group events/N and median [CI], HR [CI], log-rank p. */
function notesOf(t: TimeToEventResult, label: (code: string) => string, L: FigureLabels): string[] {
  const an = t.analysis;
  const level = an.groups.find((g) => g.curve)?.curve?.level ?? 0.95;
  const lines = an.groups.map((g) =>
    L.groupSummary(label(g.group), g.events, g.n, g.median === null ? L.notReached : L.months(fixed(g.median, DECIMALS.months, '')), ciRange(g.medianLower, g.medianUpper, DECIMALS.months, L.notReached, L.ciSeparator), level),
  );
  for (const h of an.hazardRatios) {
    const comparison = L.versus(label(h.group), label(an.reference));
    lines.push(h.notEstimable || h.hr === null ? L.hazardRatioNe(comparison) : L.hazardRatio(comparison, fixed(h.hr, DECIMALS.ratio, 'NE'), ciRange(h.hrLower, h.hrUpper, DECIMALS.ratio, 'NE', L.ciSeparator), level));
  }
  if (an.logrankP !== null) lines.push(L.logrank(pValue(an.logrankP), an.stratified));
  return lines;
}

/** Kaplan-Meier figure of a tte.csv endpoint by randomised arm. */
export function kmByArmPlot(t: TimeToEventResult, plan: Plan, L: FigureLabels): KmPlot {
  const label = (code: string) => plan.arms.find((a) => a.code === code)?.label ?? code;
  const groups = t.analysis.groups.map((g) => ({ label: label(g.group), curve: g.curve, median: g.median }));
  const level = groups.find((g) => g.curve)?.curve?.level ?? plan.stats.ciLevel;
  return kaplanMeierPlot({
    title: L.kmTitle(t.endpoint),
    subtitle: [L.kmArmPopulation(t.analysis.stratified ? t.strataNote : null), L.kmMethods(level, plan.stats.kmConfType)],
    xTitle: L.monthsSinceRandomisation,
    yTitle: L.survivalAxis(t.endpoint),
    legendTitle: L.arm,
    groups,
    notes: notesOf(t, label, L),
    L,
    riskTable: plan.report.kmRiskTable,
  });
}

/** Kaplan-Meier figure of PFS from the landmark by MRD status at the landmark (MRD negative first). */
export function kmByMrdPlot(t: TimeToEventResult, plan: Plan, L: FigureLabels): KmPlot {
  const landmark = plan.mrdLandmark ?? 0;
  const label = (code: string) => L.mrdGroupLabel(code);
  const order = ['MRD_NEG', 'NOT_MRD_NEG'];
  const sorted = [...t.analysis.groups].sort((a, b) => {
    const ia = order.indexOf(a.group);
    const ib = order.indexOf(b.group);
    return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib);
  });
  const groups = sorted.map((g) => ({ label: label(g.group), curve: g.curve, median: g.median }));
  const level = groups.find((g) => g.curve)?.curve?.level ?? plan.stats.ciLevel;
  return kaplanMeierPlot({
    title: L.kmPfsByMrdTitle(landmark, thresholdLabel(t.threshold ?? plan.mrd.primaryThreshold)),
    subtitle: [...L.kmMrdPopulation(landmark), L.kmMethods(level, plan.stats.kmConfType)],
    xTitle: L.monthsSinceLandmark,
    yTitle: L.survivalAxis('PFS'),
    legendTitle: L.mrdGroup,
    groups,
    notes: notesOf({ ...t, analysis: { ...t.analysis, groups: sorted } }, label, L),
    L,
    riskTable: plan.report.kmRiskTable,
  });
}
