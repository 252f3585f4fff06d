import { RATES, type RatesPlot } from './mrdRatesPlot.js';
import { bottomAxis, BOTTOM_AXIS_HEIGHT, FIGURE_PADDING as PADDING, leftAxis, panelHeader, symbolLegend, TITLE_OFFSET, titleBlock } from './svgGuides.js';
import { LOOK } from './theme.js';
import { num, svgDocument, svgGroup, svgLine, svgText } from './svgMarkup.js';

// The MRD rates figure drawn straight to SVG, the layout vega gives its spec (mrdRatesFigure.ts): one
// panel per endpoint side by side, each with a band per threshold holding a bar per arm, its CI as a
// line with caps and the rate printed above; the y axis on the left of the first panel only.

/** legend top → panel top: the legend, its offset and the panels' headers */
const LEGEND_TO_PANEL = 71;
/** Vega-Lite's band padding for the thresholds (inner and outer, as a fraction of the step) */
const BAND_PADDING = 0.2;

/** Where each band of a band scale starts, and its width: `n` bands over `range` px. */
export function bandScale(n: number, range: number, paddingInner: number, paddingOuter: number): { start: (i: number) => number; bandwidth: number } {
  const step = range / Math.max(1, n - paddingInner + 2 * paddingOuter);
  return { start: (i) => paddingOuter * step + i * step, bandwidth: step * (1 - paddingInner) };
}

/** The SVG of the rates figure. */
export function mrdRatesSvg(plot: RatesPlot): string {
  const { width, height } = RATES;
  const y = (v: number) => (1 - v) * height;
  const band = bandScale(plot.thresholds.length, width, BAND_PADDING, BAND_PADDING);
  const arm = bandScale(plot.arms.length, band.bandwidth, RATES.armPadding, 0);
  const colourOf = new Map(plot.arms.map((a, k) => [a, plot.colours[k]]));
  const thresholdAt = new Map(plot.thresholds.map((t, i) => [t, i]));
  const armAt = new Map(plot.arms.map((a, j) => [a, j]));

  const yAxis = leftAxis(width, height, RATES.yTicks, y, (v) => String(Math.round(v * 100)), plot.yTitle, LOOK.gridColour);
  const left = Math.round(PADDING + yAxis.extent);
  const head = titleBlock(PADDING, PADDING, plot.title, [plot.subtitle]);
  const legendTop = head.bottom + TITLE_OFFSET;
  const legend = symbolLegend(left, legendTop, plot.legendTitle, plot.arms.map((label, k) => ({ label, shape: 'square', fill: plot.colours[k], opacity: RATES.barOpacity })), 24);
  const top = legendTop + LEGEND_TO_PANEL;
  const ticks = plot.thresholds.map((label, i) => ({ at: band.start(i) + band.bandwidth / 2, label }));

  const body = [...head.markup, ...legend.markup];
  plot.endpoints.forEach((endpoint, p) => {
    const xAxis = bottomAxis(width, height, ticks, plot.xTitle, null, { labelPadding: 6 });
    const panel = [...yAxis.grid, ...(p === 0 ? yAxis.axis : []), ...xAxis.axis];
    const bars = plot.bars.filter((b) => b.endpoint === endpoint);
    const centre = (b: (typeof bars)[number]) => band.start(thresholdAt.get(b.threshold)!) + arm.start(armAt.get(b.arm)!) + arm.bandwidth / 2;
    for (const b of bars) {
      const x0 = centre(b) - arm.bandwidth / 2;
      panel.push(`<path d="M${num(x0)},${num(y(b.rate))}h${num(arm.bandwidth)}v${num(height - y(b.rate))}h${num(-arm.bandwidth)}Z" fill="${colourOf.get(b.arm)}" opacity="${RATES.barOpacity}"/>`);
    }
    for (const b of bars) if (b.lower !== null && b.upper !== null) panel.push(svgLine(centre(b), y(b.lower), centre(b), y(b.upper), '#1a1a1a', 1.4));
    for (const limit of ['upper', 'lower'] as const) {
      for (const b of bars) {
        const v = b[limit];
        if (v !== null) panel.push(`<path d="M${num(centre(b) - RATES.capWidth / 2)},${num(y(v) - 0.7)}h${RATES.capWidth}v1.4h-${RATES.capWidth}Z" fill="#1a1a1a" opacity="0.7"/>`);
      }
    }
    for (const b of bars) if (b.upper !== null) panel.push(svgText(centre(b), y(b.upper) - 6, b.label, { size: RATES.labelFont, anchor: 'middle', fill: '#1a1a1a' }));
    panel.push(panelHeader(width, endpoint));
    body.push(svgGroup(left + p * (width + RATES.spacing), top, panel));
  });
  const right = Math.max(left + plot.endpoints.length * (width + RATES.spacing) - RATES.spacing, left + legend.width, head.right);
  // the threshold labels sit 6 px under the ticks, 4 more than bottomAxis' default
  return svgDocument(Math.ceil(right + PADDING), Math.ceil(top + height + BOTTOM_AXIS_HEIGHT + 4 + PADDING), body);
}
