import { KM, kmNotePosition, type KmPlot } from './kmPlot.js';
import { bottomAxis, BOTTOM_AXIS_HEIGHT, FIGURE_PADDING as PADDING, leftAxis, symbolLegend, TITLE_OFFSET, titleBlock } from './svgGuides.js';
import { LOOK } from './theme.js';
import { num, svgDocument, svgGroup, svgLine, svgText } from './svgMarkup.js';
import { textWidth } from './fontMetrics.js';

// A Kaplan-Meier figure drawn straight to SVG, the layout vega gives its spec (kaplanMeierFigure.ts):
// title, the legend of the groups, the plot (grid, axes, CI bands, median lines, step curves,
// censoring ticks, the statistics note), then the number at risk under it.

/** legend top → plot top: the legend's 35 px, its offset of 10 and the bounds of its symbols */
const LEGEND_TO_PLOT = 51;
/** plot bottom → risk table top: the x axis, vconcat spacing, the table's title */
const PLOT_TO_TABLE = BOTTOM_AXIS_HEIGHT + 18 + 22;

/** A step-after path through (x[i], y[i]): each value holds until the next point. */
function stepAfter(xs: readonly number[], ys: readonly number[]): string {
  let d = `M${num(xs[0])},${num(ys[0])}`;
  for (let i = 1; i < xs.length; i++) d += `L${num(xs[i])},${num(ys[i - 1])}L${num(xs[i])},${num(ys[i])}`;
  return d;
}

/** The SVG of one Kaplan-Meier figure. */
export function kaplanMeierSvg(plot: KmPlot): string {
  const { width, height } = KM;
  const x = (t: number) => (t / plot.xMax) * width;
  const y = (s: number) => (1 - s) * height;
  const colourOf = new Map(plot.domain.map((d, k) => [d, plot.range[k]]));

  const yAxis = leftAxis(width, height, KM.yTicks, y, (v) => String(Math.round(v * 100)), plot.yTitle, LOOK.gridColour);
  const xAxis = bottomAxis(width, height, plot.ticks.map((t) => ({ at: x(t), label: String(t) })), plot.xTitle, null);
  const riskLabels = Math.max(0, ...plot.domain.map((d) => textWidth(d, KM.riskFont, false)));
  const left = Math.round(PADDING + Math.max(yAxis.extent, plot.riskLabelPadding + riskLabels));

  const head = titleBlock(PADDING, PADDING, plot.title, plot.notePlace === 'subtitle' ? [...plot.subtitle, ...plot.notes] : plot.subtitle);
  const legendTop = head.bottom + TITLE_OFFSET;
  const legend = symbolLegend(left, legendTop, plot.legendTitle, plot.domain.map((label, k) => ({ label, shape: 'stroke', fill: plot.range[k] })), KM.legendColumnPadding, 300);
  const top = legendTop + LEGEND_TO_PLOT;

  const marks: string[] = [...yAxis.grid, ...xAxis.axis, ...yAxis.axis];
  // one band per segment (a run of times where both limits exist): the lower limit forward, the upper back
  for (let i = 0; i < plot.band.length; ) {
    let j = i;
    while (j < plot.band.length && plot.band[j].segment === plot.band[i].segment) j++;
    const run = plot.band.slice(i, j);
    const xs = run.map((b) => x(b.time));
    const upper = run.map((b) => y(b.upper));
    let back = '';
    for (let k = xs.length - 1; k >= 1; k--) back += `L${num(xs[k])},${num(upper[k])}L${num(xs[k])},${num(upper[k - 1])}`;
    back += `L${num(xs[0])},${num(upper[0])}`;
    marks.push(`<path d="${stepAfter(xs, run.map((b) => y(b.lower)))}${back}Z" fill="${colourOf.get(run[0].group)}" fill-opacity="${KM.bandOpacity}"/>`);
    i = j;
  }
  for (const m of plot.median) marks.push(svgLine(x(m.x), y(m.y), x(m.x2), y(m.y2), colourOf.get(m.group)!, 1.2, { dash: '5,4', opacity: 0.9 }));
  for (let i = 0; i < plot.curve.length; ) {
    let j = i;
    while (j < plot.curve.length && plot.curve[j].group === plot.curve[i].group) j++;
    const run = plot.curve.slice(i, j);
    const d = stepAfter(run.map((p) => x(p.time)), run.map((p) => y(p.surv)));
    marks.push(`<path d="${d}" fill="none" stroke="${colourOf.get(run[0].group)}" stroke-width="${KM.curveWidth}"/>`);
    i = j;
  }
  const tick = num(Math.sqrt(KM.censorSize) / 2);
  for (const c of plot.censor) marks.push(`<path transform="translate(${num(x(c.time))},${num(y(c.surv))})" d="M0,-${tick}L0,${tick}" stroke="${colourOf.get(c.group)}" stroke-width="1.6"/>`);
  if (plot.notePlace !== 'subtitle') {
    const at = kmNotePosition(plot.notePlace, plot.notes.length);
    plot.notes.forEach((line, k) => marks.push(svgText(at.x, at.y + 10 + k * KM.noteLine, line, { size: KM.noteFont, anchor: at.align === 'left' ? 'start' : 'end', fill: '#1a1a1a' })));
  }

  const tableTop = top + height + PLOT_TO_TABLE;
  const table: string[] = [];
  plot.domain.forEach((d, k) => table.push(svgText(0.5 - plot.riskLabelPadding, k * KM.riskRow + KM.riskRow / 2 + 4.5, d, { size: KM.riskFont, anchor: 'end', fill: '#1a1a1a' })));
  const row = new Map(plot.domain.map((d, k) => [d, k]));
  for (const r of plot.risk) table.push(svgText(x(r.tick), row.get(r.group)! * KM.riskRow + KM.riskRow / 2 + 4, r.text, { size: KM.riskFont, anchor: 'middle', fill: colourOf.get(r.group) }));

  const body = [
    ...head.markup,
    ...legend.markup,
    svgGroup(left, top, marks),
    svgText(PADDING, tableTop - 10.5, plot.riskTitle, { size: 13.5, bold: true }),
    svgGroup(left, tableTop, table),
  ];
  // 5 px beyond the plot: a censoring tick at the last time
  const right = Math.max(left + width + 5, left + legend.width, head.right);
  return svgDocument(Math.ceil(right + PADDING), Math.ceil(tableTop + plot.domain.length * KM.riskRow + PADDING), body);
}
