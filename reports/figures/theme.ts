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
 * Vega-Lite config shared by every figure: one font everywhere, sizes readable when the figure is
 * printed at submission size, and no truncation of any label (`limit: 0`): text widths are measured
 * from the font file (see render.ts), so a label that does not fit is a layout bug to fix, never a
 * silently shortened label.
 */
export const CONFIG: Config = {
  font: FONT_FAMILY,
  background: 'white',
  padding: 16,
  view: { stroke: null },
  title: { font: FONT_FAMILY, fontSize: 17, fontWeight: 'bold', subtitleFont: FONT_FAMILY, subtitleFontSize: 12.5, subtitleColor: '#333333', anchor: 'start', offset: 14, limit: 0, subtitlePadding: 6, subtitleLineHeight: 17 },
  axis: {
    labelFont: FONT_FAMILY,
    titleFont: FONT_FAMILY,
    labelFontSize: 12.5,
    titleFontSize: 13.5,
    titleFontWeight: 'bold',
    labelColor: '#1a1a1a',
    titleColor: '#1a1a1a',
    domainColor: '#333333',
    tickColor: '#333333',
    labelLimit: 0,
    titleLimit: 0,
    titlePadding: 10,
    gridColor: '#e6e6e6',
  },
  legend: {
    labelFont: FONT_FAMILY,
    titleFont: FONT_FAMILY,
    labelFontSize: 12.5,
    titleFontSize: 12.5,
    labelLimit: 0,
    titleLimit: 0,
    symbolStrokeWidth: 2,
    // space between two legends side by side (e.g. method and status)
    layout: { top: { margin: 36 } },
  } as unknown as Config['legend'],
  header: { labelFont: FONT_FAMILY, titleFont: FONT_FAMILY, labelFontSize: 13.5, labelFontWeight: 'bold', titleFontSize: 13.5, labelLimit: 0, titleLimit: 0 },
  text: { font: FONT_FAMILY, fontSize: 12.5, limit: 0 },
};

/** Colour of the k-th group. */
export function groupColour(k: number): string {
  return PALETTE[k % PALETTE.length];
}
