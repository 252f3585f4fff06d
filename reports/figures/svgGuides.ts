import { textWidth } from './fontMetrics.js';
import { num, svgLine, svgSymbol, svgText, symbolPath } from './svgMarkup.js';
import { LOOK } from './theme.js';

// Titles, legends, axes and panel headers of the figures, in the sizes and colours the Vega-Lite
// config has too (theme.ts LOOK), placed as vega places them for the figure's spec (within a pixel),
// so that the SVG and the .vl.json look the same.

const TITLE_SIZE = LOOK.titleSize;
const SUBTITLE_SIZE = LOOK.subtitleSize;
const SUBTITLE_LINE = LOOK.subtitleLine;
const LEGEND_SIZE = LOOK.legendSize;
const AXIS_LABEL_SIZE = LOOK.axisLabelSize;
const AXIS_TITLE_SIZE = LOOK.axisTitleSize;
const AXIS_COLOUR = LOOK.axisLineColour;
const TEXT_COLOUR = LOOK.axisTextColour;

/** Space around every figure, and between its title block and what follows (the spec's padding and title offset). */
export const FIGURE_PADDING = LOOK.padding;
export const TITLE_OFFSET = LOOK.titleOffset;

/**
 * The figure's title and subtitle lines from `top`, left-aligned at `x`: `bottom` is where they end,
 * `right` where the widest line ends (a figure is at least that wide, as vega makes it).
 */
export function titleBlock(x: number, top: number, title: string, subtitle: readonly string[]): { markup: string[]; bottom: number; right: number } {
  const baseline = top + 14.5;
  const markup = [svgText(x, baseline, title, { size: TITLE_SIZE, bold: true })];
  subtitle.forEach((line, k) => markup.push(svgText(x, baseline + 20 + k * SUBTITLE_LINE, line, { size: SUBTITLE_SIZE, fill: LOOK.subtitleColour })));
  const widest = Math.max(textWidth(title, TITLE_SIZE, true), ...subtitle.map((line) => textWidth(line, SUBTITLE_SIZE, false)));
  return { markup, bottom: baseline + (subtitle.length ? 20 + (subtitle.length - 1) * SUBTITLE_LINE : 0) + 3.5, right: x + widest };
}

/** One entry of a symbol legend. */
export interface LegendEntry {
  label: string;
  shape: string;
  fill: string;
  stroke?: { colour: string; width: number };
  /** opacity of the symbol (a bar's legend shows the bars' opacity) */
  opacity?: number;
}

/** Height of a one-row legend: its title, then the row of entries. */
export const LEGEND_HEIGHT = 34;

/**
 * A legend of symbols in one row from (x, top): the title in bold, then each symbol (`symbolSize` px²,
 * 100 as Vega's legends by default) with its label, `columnPadding` px between entries. Shape 'stroke'
 * is a short line in the entry's colour (a line mark's legend).
 */
export function symbolLegend(x: number, top: number, title: string, entries: readonly LegendEntry[], columnPadding: number, symbolSize = 100): { markup: string[]; width: number } {
  const markup = [svgText(x, top + 10, title, { size: LEGEND_SIZE, bold: true })];
  const r = Math.sqrt(symbolSize) / 2;
  // the symbol's centre from the entry's corner, and the label's start
  const c = r + 1.25;
  const row = top + 17.5;
  let at = x;
  entries.forEach((e, k) => {
    if (k > 0) at += columnPadding;
    if (e.shape === 'stroke') markup.push(`<path transform="translate(${num(at + c)},${num(row + c + 0.25)})" d="M${num(-r)},0L${num(r)},0" stroke="${e.fill}" stroke-width="2" opacity="0.9"/>`);
    else markup.push(svgSymbol(at + c, row + c + 0.25, symbolPath(e.shape, symbolSize), e.fill, e.stroke, e.opacity));
    markup.push(svgText(at + 2 * c + 4, row + c + 4.25, e.label, { size: LEGEND_SIZE }));
    at += 2 * c + 4 + textWidth(e.label, LEGEND_SIZE, false);
  });
  return { markup, width: Math.max(at - x, textWidth(title, LEGEND_SIZE, true)) };
}

/** Space a bottom axis takes under the plot (ticks, labels and title) with 2 px of label padding. */
export const BOTTOM_AXIS_HEIGHT = 43;

/** A tick of an axis: where it is (px along the axis) and what it prints. */
export interface AxisTick {
  at: number;
  label: string;
}

/**
 * An x axis under a plot `width` x `height` (the plot's own coordinates): the domain line, 5 px ticks
 * with their labels `labelPadding` px below, the title centred, and vertical grid lines in `grid`
 * (none if null). With `flush`, a label at either end of the axis is aligned to it, not centred.
 * Lines sit on half pixels, as vega draws them, so that 1 px strokes are crisp.
 */
export function bottomAxis(width: number, height: number, ticks: readonly AxisTick[], title: string, grid: string | null, opt: { labelPadding?: number; flush?: boolean } = {}): { grid: string[]; axis: string[] } {
  const y = height + 0.5;
  const down = (opt.labelPadding ?? 2) - 2;
  const gridLines = grid ? ticks.map((t) => svgLine(t.at + 0.5, 0.5, t.at + 0.5, y, grid, 1)) : [];
  const axis = [svgLine(0.5, y, width + 0.5, y, AXIS_COLOUR, 1)];
  for (const t of ticks) axis.push(svgLine(t.at + 0.5, y, t.at + 0.5, y + 5, AXIS_COLOUR, 1));
  for (const t of ticks) {
    const anchor = opt.flush && t.at <= 0.5 ? 'start' : opt.flush && t.at >= width - 0.5 ? 'end' : 'middle';
    axis.push(svgText(t.at + 0.5, y + 17 + down, t.label, { size: AXIS_LABEL_SIZE, anchor, fill: TEXT_COLOUR }));
  }
  if (title) axis.push(svgText(width / 2 + 0.5, y + 40.5 + down, title, { size: AXIS_TITLE_SIZE, bold: true, anchor: 'middle', fill: TEXT_COLOUR }));
  return { grid: gridLines, axis };
}

/**
 * A quantitative y axis left of a plot `height` px high: the domain line, 5 px ticks with their labels
 * (`label(v)`), the title rotated, and horizontal grid lines `width` long in `grid` (none if null).
 * `extent` is how far left of the plot the axis reaches.
 */
export function leftAxis(width: number, height: number, ticks: readonly number[], y: (v: number) => number, label: (v: number) => string, title: string, grid: string | null): { grid: string[]; axis: string[]; extent: number } {
  const x = 0.5;
  const gridLines = grid ? ticks.map((t) => svgLine(x, y(t) + 0.5, width + 0.5, y(t) + 0.5, grid, 1)) : [];
  const axis = [svgLine(x, 0.5, x, height + 0.5, AXIS_COLOUR, 1)];
  for (const t of ticks) axis.push(svgLine(x - 5, y(t) + 0.5, x, y(t) + 0.5, AXIS_COLOUR, 1));
  for (const t of ticks) axis.push(svgText(x - 7, y(t) + 4.5, label(t), { size: AXIS_LABEL_SIZE, anchor: 'end', fill: TEXT_COLOUR }));
  const labelWidth = Math.max(0, ...ticks.map((t) => textWidth(label(t), AXIS_LABEL_SIZE, false)));
  // the title's baseline 10 px (titlePadding) beyond the labels, read bottom to top
  const titleX = x - 7 - labelWidth - LOOK.axisTitlePadding - 3;
  axis.push(`<g transform="translate(${num(titleX)},${num(height / 2 + 0.5)}) rotate(-90)">${svgText(0, 0, title, { size: AXIS_TITLE_SIZE, bold: true, anchor: 'middle', fill: TEXT_COLOUR })}</g>`);
  // vega's extent: the title's far edge about 14 px beyond the line 10 px past the labels
  return { grid: gridLines, axis, extent: 7 + labelWidth + LOOK.axisTitlePadding + 14 };
}

/** The header of a facet panel `width` wide: its label centred above it, in bold (the spec's header). */
export function panelHeader(width: number, label: string): string {
  return svgText(width / 2, -10.5, label, { size: LOOK.headerSize, bold: true, anchor: 'middle' });
}
