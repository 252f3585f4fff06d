import { FOREST, isHeading, type ForestPlot } from './forestPlot.js';
import { bottomAxis, FIGURE_PADDING as PADDING, TITLE_OFFSET, titleBlock } from './svgGuides.js';
import { svgDocument, svgGroup, svgLine, svgSymbol, svgText, symbolPath } from './svgMarkup.js';

// The forest plot drawn straight to SVG, the layout vega gives its spec (forestFigure.ts): text
// columns (subgroup, each arm's rate, the odds ratio) around the odds-ratio panel on a log axis, one
// 24 px row per heading, overall comparison or subgroup level.

/** a column title's line height, and the gap between its last line and the first row */
const TITLE_LINE = 14.5;
const COLUMN_TITLE_GAP = 8;
/** the "favours" labels: 30 px under the rows (the spec's y), their 12 px text hanging from there */
const FAVOURS_BASELINE = 39;

/** An odds ratio as vega's '~g' format prints an axis value: 6 significant digits, no trailing zeros. */
function general(v: number): string {
  return String(Number(v.toPrecision(6)));
}

/** The SVG of the forest plot. */
export function forestSvg(plot: ForestPlot): string {
  const { row, font, plotWidth } = FOREST;
  const height = plot.rowIds.length * row;
  const rowAt = new Map(plot.rowIds.map((id, k) => [id, k * row + row / 2]));
  const [dMin, dMax] = plot.domain;
  const x = (v: number) => (Math.log(v / dMin) / Math.log(dMax / dMin)) * plotWidth;

  const head = titleBlock(PADDING, PADDING, plot.title, plot.subtitle);
  const titleLines = Math.max(1, ...plot.columns.map((c) => (Array.isArray(c.title) ? c.title.length : 1)));
  const top = head.bottom + TITLE_OFFSET + COLUMN_TITLE_GAP + TITLE_LINE * titleLines;
  const body = [...head.markup];
  let at = PADDING;
  const columnTitle = (lines: string[], x0: number, anchor: 'start' | 'middle') =>
    lines.map((line, i) => svgText(x0, -12.5 - TITLE_LINE * (lines.length - 1 - i), line, { size: font, bold: true, anchor }));

  const forestPanel = (): string[] => {
    const ticks = plot.ticks.map((t) => ({ at: x(t), label: general(t) }));
    const panel = [...bottomAxis(plotWidth, height, ticks, '', null, { flush: true }).axis];
    panel.push(svgLine(x(1), 0, x(1), height, '#555555', 1, { dash: '4,3' }));
    for (const m of plot.marks) panel.push(svgLine(x(m.lower), rowAt.get(m.row)!, x(m.upper), rowAt.get(m.row)!, '#1a1a1a', 1.6));
    for (const a of plot.arrows) panel.push(svgSymbol(x(a.at), rowAt.get(a.row)!, symbolPath(a.shape, FOREST.arrowSize), '#1a1a1a'));
    for (const m of plot.marks) if (m.or !== null) panel.push(svgSymbol(x(m.or), rowAt.get(m.row)!, symbolPath(m.shape, m.size), FOREST.estimateColour));
    // "favours" either side of OR = 1, under the axis
    panel.push(svgText(x(1) - 8, height + FAVOURS_BASELINE, plot.favoursControl, { size: 12, anchor: 'end' }));
    panel.push(svgText(x(1) + 8, height + FAVOURS_BASELINE, plot.favoursExperimental, { size: 12 }));
    panel.push(...columnTitle([plot.plotTitle], plotWidth / 2, 'middle'));
    return panel;
  };

  plot.columns.forEach((column, c) => {
    if (c === plot.columns.length - 1) {
      body.push(svgGroup(at, top, forestPanel()));
      at += plotWidth + FOREST.spacing;
    }
    const cells = columnTitle(Array.isArray(column.title) ? column.title : [column.title], 0, 'start');
    for (const r of plot.text) {
      const text = r[column.field];
      if (text) cells.push(svgText(column.field === 'label' ? r.indent : 0, rowAt.get(r.row)! + 4, text, { size: font, bold: isHeading(r.kind) }));
    }
    body.push(svgGroup(at, top, cells));
    at += column.width + FOREST.spacing;
  });
  const right = Math.max(at - FOREST.spacing, head.right);
  // under the rows: the axis without a title, then the "favours" line (baseline 39 px down)
  return svgDocument(Math.ceil(right + PADDING), Math.ceil(top + height + FAVOURS_BASELINE + 2 + PADDING), body);
}
