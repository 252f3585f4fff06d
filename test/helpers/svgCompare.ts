import { expect } from 'vitest';

// Reading an SVG's texts, numbers and size, to compare our drawing of a figure with vega's drawing of
// its Vega-Lite spec (test/helpers/vegaSvg.ts).

/**
 * Every line of text of an SVG, in document order: a multi-line text (vega's tspans with dy) gives one
 * entry per line; a raised power of ten (a tspan with baseline-shift) stays inside its line; an empty
 * text gives none.
 */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*?(?:\/>|>(.*?)<\/text>)/g)].flatMap((m) => {
    // vega writes an empty text as <text .../>
    if (m[1] === undefined) return [];
    const lines = [...m[1].matchAll(/<tspan(?: x="0" dy="[\d.]+")?>(.*?)<\/tspan>/g)];
    return lines.length ? lines.map((l) => l[1]) : [m[1]];
  });
}

/** The numbers of an SVG path or attribute text, in order. */
export function svgNumbers(s: string): number[] {
  return (s.match(/-?[\d.]+(?:e-?\d+)?/g) ?? []).map(Number);
}

/** Two lists of coordinates agree, each within `tolerance` px (ours are printed to 1/1000 px). */
export function expectClose(ours: number[], theirs: number[], what: string, tolerance = 0.002): void {
  expect(ours.length, what).toBe(theirs.length);
  ours.forEach((v, k) => expect(Math.abs(v - theirs[k]), `${what} [${k}]`).toBeLessThan(tolerance));
}

/** Width and height of an SVG's root element. */
export function svgSize(svg: string): [number, number] {
  const m = /^<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  if (!m) throw new Error('SVG without a width and height');
  return [Number(m[1]), Number(m[2])];
}

/** Lines in `colour` and `width` of vega's SVG (rule marks, drawn at a translation) as [x1, y1, x2, y2]. */
export function vegaLines(svg: string, colour: string, width: number): number[][] {
  const re = new RegExp(`<line[^>]*? transform="translate\\(([-\\d.e]+),([-\\d.e]+)\\)" x2="([-\\d.e]+)" y2="([-\\d.e]+)" stroke="${colour}" stroke-width="${width}"`, 'g');
  return [...svg.matchAll(re)].map((m) => {
    const [x, y, dx, dy] = m.slice(1, 5).map(Number);
    return [x, y, x + dx, y + dy];
  });
}

/** The same lines of our SVG (svgLine's x1, y1, x2, y2). */
export function ourLines(svg: string, colour: string, width: number): number[][] {
  const re = new RegExp(`<line x1="([-\\d.]+)" y1="([-\\d.]+)" x2="([-\\d.]+)" y2="([-\\d.]+)" stroke="${colour}" stroke-width="${width}"`, 'g');
  return [...svg.matchAll(re)].map((m) => m.slice(1, 5).map(Number));
}
