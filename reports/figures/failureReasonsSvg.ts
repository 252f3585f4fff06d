import { FAILURES, type FailurePlot } from './failureReasonsPlot.js';
import { linearTicks } from './linearTicks.js';
import { bottomAxis, BOTTOM_AXIS_HEIGHT, FIGURE_PADDING as PADDING, panelHeader, symbolLegend, TITLE_OFFSET, titleBlock } from './svgGuides.js';
import { LOOK } from './theme.js';
import { num, svgDocument, svgGroup, svgText } from './svgMarkup.js';

// The failure-reasons figure drawn straight to SVG, the layout vega gives its spec
// (failureReasonsFigure.ts): one panel per arm side by side, a bar per reason (coloured by method) with
// its count at the end, the reasons labelled left of the first panel only.

const LEGEND_TO_PANEL = 71;
const FONT = 12.5;
/** Vega-Lite's band padding of a step-sized y scale: inner 0.1, outer 0.05 of the step */
const INNER = 0.1;
const OUTER = 0.05;
/** bars are 0.7 of their band high */
const BAR_BAND = 0.7;

/** The SVG of the failure-reasons figure. */
export function failureReasonsSvg(plot: FailurePlot): string {
  const { width, bar } = FAILURES;
  const height = plot.reasons.length * bar;
  const stop = plot.max * FAILURES.headroom;
  const x = (v: number) => (v / stop) * width;
  // vega-lite asks for ⌈width / 40⌉ ticks on a continuous x axis
  const ticks = linearTicks(stop, Math.ceil(width / 40), 1).map((t) => ({ at: x(t), label: String(Math.round(t)) }));
  const bandwidth = bar * (1 - INNER);
  const centreOf = new Map(plot.reasons.map((r, k) => [r, k * bar + bar * OUTER + bandwidth / 2]));
  const colourOf = new Map(plot.methods.map((m, k) => [m, plot.colours[k]]));

  const left = Math.round(PADDING + plot.labelWidth + 8);
  const head = titleBlock(PADDING, PADDING, plot.title, [plot.subtitle]);
  const legendTop = head.bottom + TITLE_OFFSET;
  const legend = symbolLegend(left, legendTop, plot.legendTitle, plot.methods.map((label, k) => ({ label, shape: 'square', fill: plot.colours[k] })), 18);
  const top = legendTop + LEGEND_TO_PANEL;

  const body = [...head.markup, ...legend.markup];
  plot.arms.forEach((arm, p) => {
    const axis = bottomAxis(width, height, ticks, plot.xTitle, LOOK.gridColour, { flush: true });
    const panel = [...axis.grid, ...axis.axis];
    if (p === 0) plot.reasons.forEach((r) => panel.push(svgText(-7.5, centreOf.get(r)! + 4, r, { size: FONT, anchor: 'end', fill: '#1a1a1a' })));
    const bars = plot.bars.filter((b) => b.arm === arm);
    const h = bandwidth * BAR_BAND;
    for (const b of bars) panel.push(`<path d="M0,${num(centreOf.get(b.reason)! - h / 2)}h${num(x(b.count))}v${num(h)}h${num(-x(b.count))}Z" fill="${colourOf.get(b.method)}"/>`);
    for (const b of bars) panel.push(svgText(x(b.count) + 4, centreOf.get(b.reason)! + 4, String(b.count), { size: FONT, fill: 'black' }));
    panel.push(panelHeader(width, arm));
    body.push(svgGroup(left + p * (width + FAILURES.spacing), top, panel));
  });
  const right = Math.max(left + plot.arms.length * (width + FAILURES.spacing) - FAILURES.spacing, left + legend.width, head.right);
  return svgDocument(Math.ceil(right + PADDING), Math.ceil(top + height + BOTTOM_AXIS_HEIGHT + PADDING), body);
}
