// Reading an SVG's texts, to compare a figure drawn without vega with vega's drawing of its spec.

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
