import { textWidth } from './fontMetrics.js';
import { svgLine, svgSymbol, svgText, symbolPath } from './svgMarkup.js';

// Titles, legends and axes of the figures drawn without vega, in the sizes and colours of theme.ts's
// CONFIG, placed as vega places them (within a pixel) so that a figure looks the same whichever draws it.

const TITLE_SIZE = 17;
const SUBTITLE_SIZE = 12.5;
const SUBTITLE_LINE = 17;
const LEGEND_SIZE = 12.5;
const AXIS_LABEL_SIZE = 12.5;
const AXIS_TITLE_SIZE = 13.5;
const AXIS_COLOUR = '#333333';
const TEXT_COLOUR = '#1a1a1a';

/** The figure's title and subtitle lines from `top`, left-aligned at `x`; `bottom` is where they end. */
export function titleBlock(x: number, top: number, title: string, subtitle: readonly string[]): { markup: string[]; bottom: number } {
  const baseline = top + 14.5;
  const markup = [svgText(x, baseline, title, { size: TITLE_SIZE, bold: true })];
  subtitle.forEach((line, k) => markup.push(svgText(x, baseline + 20 + k * SUBTITLE_LINE, line, { size: SUBTITLE_SIZE, fill: '#333333' })));
  return { markup, bottom: baseline + (subtitle.length ? 20 + (subtitle.length - 1) * SUBTITLE_LINE : 0) + 3.5 };
}

/** One entry of a symbol legend. */
export interface LegendEntry {
  label: string;
  shape: string;
  fill: string;
  stroke?: { colour: string; width: number };
}

/** Height of a one-row legend: its title, then the row of entries. */
export const LEGEND_HEIGHT = 34;

/**
 * A legend of symbols in one row from (x, top): the title in bold, then each symbol (100 px², as
 * Vega's legends) with its label, `columnPadding` px between entries.
 */
export function symbolLegend(x: number, top: number, title: string, entries: readonly LegendEntry[], columnPadding: number): { markup: string[]; width: number } {
  const markup = [svgText(x, top + 10, title, { size: LEGEND_SIZE, bold: true })];
  const row = top + 17.5;
  let at = x;
  entries.forEach((e, k) => {
    if (k > 0) at += columnPadding;
    markup.push(svgSymbol(at + 6.25, row + 6.5, symbolPath(e.shape, 100), e.fill, e.stroke));
    markup.push(svgText(at + 16.5, row + 10.5, e.label, { size: LEGEND_SIZE }));
    at += 16.5 + textWidth(e.label, LEGEND_SIZE, false);
  });
  return { markup, width: Math.max(at - x, textWidth(title, LEGEND_SIZE, true)) };
}

/** Space a bottom axis takes under the plot: ticks, labels and title. */
export const BOTTOM_AXIS_HEIGHT = 43;

/**
 * A quantitative x axis under a plot `width` x `height` (the plot's own coordinates): the domain line,
 * 5 px ticks with their labels, the title centred, and vertical grid lines in `grid` (none if null).
 * Lines sit on half pixels, as vega draws them, so that 1 px strokes are crisp.
 */
export function bottomAxis(width: number, height: number, ticks: readonly number[], x: (v: number) => number, title: string, grid: string | null): { grid: string[]; axis: string[] } {
  const y = height + 0.5;
  const gridLines = grid ? ticks.map((t) => svgLine(x(t) + 0.5, 0.5, x(t) + 0.5, y, grid, 1)) : [];
  const axis = [svgLine(0.5, y, width + 0.5, y, AXIS_COLOUR, 1)];
  for (const t of ticks) axis.push(svgLine(x(t) + 0.5, y, x(t) + 0.5, y + 5, AXIS_COLOUR, 1));
  for (const t of ticks) axis.push(svgText(x(t) + 0.5, y + 17, String(t), { size: AXIS_LABEL_SIZE, anchor: 'middle', fill: TEXT_COLOUR }));
  axis.push(svgText(width / 2 + 0.5, y + 40.5, title, { size: AXIS_TITLE_SIZE, bold: true, anchor: 'middle', fill: TEXT_COLOUR }));
  return { grid: gridLines, axis };
}
