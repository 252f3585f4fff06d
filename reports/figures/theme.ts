import type { Config } from 'vega-lite';
import { FONT_FAMILY } from './fontMetrics.js';

/**
 * Okabe & Ito (2008) colour-blind-safe palette, in the order groups get them: blue, vermillion,
 * bluish green, reddish purple, orange, sky blue, black. Blue and vermillion (the first two arms)
 * differ in hue and lightness for every type of colour vision deficiency.
 */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

/** MRD status colours: NEG blue, POS vermillion, NE grey, EXCLUDED white (drawn with a dark outline). */
export const STATUS_COLOURS: Record<string, string> = { NEG: '#0072B2', POS: '#D55E00', NE: '#8C8C8C', EXCLUDED: '#FFFFFF' };

/** Method colours (failure reasons): NGF sky blue, NGS reddish purple, others from the palette. */
export const METHOD_COLOURS: Record<string, string> = { NGF: '#56B4E9', NGS: '#CC79A7' };

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * The sizes (px) and colours of every figure, read by both drawings: the Vega-Lite config below and our
 * SVG writer's titles, legends and axes (svgGuides.ts).
 */
export const LOOK = {
  padding: 16,
  titleSize: 17,
  subtitleSize: 12.5,
  subtitleLine: 17,
  subtitleColour: '#333333',
  /** between the title block and what follows it */
  titleOffset: 14,
  legendSize: 12.5,
  /** between two legends side by side (e.g. method and status) */
  legendMargin: 36,
  axisLabelSize: 12.5,
  axisTitleSize: 13.5,
  axisTitlePadding: 10,
  axisTextColour: '#1a1a1a',
  axisLineColour: '#333333',
  gridColour: '#e6e6e6',
  headerSize: 13.5,
} as const;

/**
 * Vega-Lite config shared by every figure: one font everywhere, sizes readable when the figure is
 * printed at submission size, and no truncation of any label (`limit: 0`): text widths are measured
 * from the font file (see render.ts), so a label that does not fit is a layout bug to fix, never a
 * silently shortened label.
 */
export const CONFIG: Config = {
  font: FONT_FAMILY,
  background: 'white',
  padding: LOOK.padding,
  view: { stroke: null },
  title: { font: FONT_FAMILY, fontSize: LOOK.titleSize, fontWeight: 'bold', subtitleFont: FONT_FAMILY, subtitleFontSize: LOOK.subtitleSize, subtitleColor: LOOK.subtitleColour, anchor: 'start', offset: LOOK.titleOffset, limit: 0, subtitlePadding: 6, subtitleLineHeight: LOOK.subtitleLine },
  axis: {
    labelFont: FONT_FAMILY,
    titleFont: FONT_FAMILY,
    labelFontSize: LOOK.axisLabelSize,
    titleFontSize: LOOK.axisTitleSize,
    titleFontWeight: 'bold',
    labelColor: LOOK.axisTextColour,
    titleColor: LOOK.axisTextColour,
    domainColor: LOOK.axisLineColour,
    tickColor: LOOK.axisLineColour,
    labelLimit: 0,
    titleLimit: 0,
    titlePadding: LOOK.axisTitlePadding,
    gridColor: LOOK.gridColour,
  },
  legend: {
    labelFont: FONT_FAMILY,
    titleFont: FONT_FAMILY,
    labelFontSize: LOOK.legendSize,
    titleFontSize: LOOK.legendSize,
    labelLimit: 0,
    titleLimit: 0,
    symbolStrokeWidth: 2,
    layout: { top: { margin: LOOK.legendMargin } },
  } as unknown as Config['legend'],
  header: { labelFont: FONT_FAMILY, titleFont: FONT_FAMILY, labelFontSize: LOOK.headerSize, labelFontWeight: 'bold', titleFontSize: LOOK.headerSize, labelLimit: 0, titleLimit: 0 },
  text: { font: FONT_FAMILY, fontSize: 12.5, limit: 0 },
};

/** Colour of the k-th group. */
export function groupColour(k: number): string {
  return PALETTE[k % PALETTE.length];
}
