import { exponentText, POWER_OF_TEN } from '../format.js';
import { FONT_FAMILY } from './fontMetrics.js';

// The SVG elements of the figures (drawFigure.ts): plain strings, no DOM, no ids (an
// SVG is inlined in report.html next to others), every coordinate rounded to 1/1000 px so that the
// same numbers always print the same text.

/** A coordinate as printed: at most 3 decimals, never "-0". */
export function num(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return String(r === 0 ? 0 : r);
}

/** Text content escaped for XML. */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * 10^-5 in a text node's (escaped) content, written 10 with a raised, smaller −5 (a tspan): the
 * figure font has no superscript digits. For text content only, never attributes.
 */
export function raiseTextPowers(escaped: string): string {
  return escaped.includes('10^') ? escaped.replace(POWER_OF_TEN, (_, e: string) => `10<tspan baseline-shift="super" font-size="70%">${exponentText(e)}</tspan>`) : escaped;
}

export interface TextStyle {
  size: number;
  bold?: boolean;
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
}

/** A line of text with its baseline at (x, y), in the figure font. */
export function svgText(x: number, y: number, s: string, style: TextStyle): string {
  const anchor = style.anchor && style.anchor !== 'start' ? ` text-anchor="${style.anchor}"` : '';
  const bold = style.bold ? ' font-weight="bold"' : '';
  return `<text x="${num(x)}" y="${num(y)}"${anchor} font-family="${FONT_FAMILY}" font-size="${num(style.size)}"${bold} fill="${style.fill ?? '#000'}">${raiseTextPowers(escapeText(s))}</text>`;
}

/** A straight line, solid or dashed (`dash`: SVG stroke-dasharray, e.g. "5,4"). */
export function svgLine(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, style: { dash?: string; opacity?: number } = {}): string {
  const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
  const opacity = style.opacity !== undefined ? ` opacity="${num(style.opacity)}"` : '';
  return `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${stroke}" stroke-width="${num(width)}"${dash}${opacity}/>`;
}

/** A group of elements moved by (x, y). */
export function svgGroup(x: number, y: number, body: string[]): string {
  return `<g transform="translate(${num(x)},${num(y)})">${body.join('')}</g>`;
}

/** The whole document: `width` x `height` pixels on white, newline-terminated. */
export function svgDocument(width: number, height: number, body: string[]): string {
  const w = num(width);
  const h = num(height);
  return `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="${w}" height="${h}" fill="white"/>${body.join('')}</svg>\n`;
}

/** Shapes of point marks, by the names Vega-Lite gives them. */
export type SymbolShape = 'circle' | 'square' | 'diamond' | 'cross' | 'triangle-up' | 'triangle-down' | 'triangle-left' | 'triangle-right';

/**
 * The outline of a point mark of `size` square pixels centred on (0, 0), drawn as Vega draws its
 * symbols: half-width r = √size / 2; the triangles are equilateral (height r·√3); the cross's arms
 * are 2r long and 0.8r wide.
 */
export function symbolPath(shape: string, size: number): string {
  const r = Math.sqrt(size) / 2;
  const h = (r * Math.sqrt(3)) / 2;
  const n = num;
  switch (shape) {
    case 'square':
      return `M${n(-r)},${n(-r)}h${n(2 * r)}v${n(2 * r)}h${n(-2 * r)}Z`;
    case 'diamond':
      return `M${n(-r)},0L0,${n(-r)}L${n(r)},0L0,${n(r)}Z`;
    case 'cross': {
      const s = r / 2.5;
      return `M${n(-r)},${n(-s)}L${n(-r)},${n(s)}L${n(-s)},${n(s)}L${n(-s)},${n(r)}L${n(s)},${n(r)}L${n(s)},${n(s)}L${n(r)},${n(s)}L${n(r)},${n(-s)}L${n(s)},${n(-s)}L${n(s)},${n(-r)}L${n(-s)},${n(-r)}L${n(-s)},${n(-s)}Z`;
    }
    case 'triangle-up':
      return `M0,${n(-h)}L${n(-r)},${n(h)}L${n(r)},${n(h)}Z`;
    case 'triangle-down':
      return `M0,${n(h)}L${n(-r)},${n(-h)}L${n(r)},${n(-h)}Z`;
    case 'triangle-left':
      return `M${n(-h)},0L${n(h)},${n(-r)}L${n(h)},${n(r)}Z`;
    case 'triangle-right':
      return `M${n(h)},0L${n(-h)},${n(-r)}L${n(-h)},${n(r)}Z`;
    default:
      return `M${n(r)},0A${n(r)},${n(r)},0,1,1,${n(-r)},0A${n(r)},${n(r)},0,1,1,${n(r)},0`;
  }
}

/** A point mark at (x, y): `d` from symbolPath, filled, with an outline when `stroke` is given. */
export function svgSymbol(x: number, y: number, d: string, fill: string, stroke?: { colour: string; width: number }, opacity?: number): string {
  const outline = stroke ? ` stroke="${stroke.colour}" stroke-width="${num(stroke.width)}"` : '';
  const seeThrough = opacity !== undefined && opacity !== 1 ? ` opacity="${num(opacity)}"` : '';
  return `<path transform="translate(${num(x)},${num(y)})" d="${d}" fill="${fill}"${outline}${seeThrough}/>`;
}
