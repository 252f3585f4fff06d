import type { TopLevelSpec } from 'vega-lite';
import type { RenderedFigureFiles } from './svgRender.js';
import type { FigureSpec } from './figureSpecs.js';
import { rasterise } from './rasterise.js';
import { renderFigureSet as renderFigureSetWith, renderSvg, type RenderedSvg } from './svgRender.js';

// Figures rendered in this thread (vega and resvg): buildFigures, the tests, and buildOutputs when it
// is given no worker. `mrd run` renders the same way in worker threads (figureRenderer.ts).

export { rasterise } from './rasterise.js';
export { compileSpec, renderSvg } from './svgRender.js';

/** One rendered figure: the Vega-Lite spec as written to `<id>.vl.json`, the SVG and the PNG. */
export interface RenderedFigure extends RenderedSvg {
  /** PNG at svgPngScale (1 to 2 PNG pixels per SVG pixel) */
  png: Uint8Array;
}

/** SVG, then PNG (resvg at svgPngScale, only the bundled font files). */
export async function renderFigure(spec: TopLevelSpec): Promise<RenderedFigure> {
  const r = await renderSvg(spec);
  return { ...r, png: await rasterise(r.svg) };
}

/** The files of several figures, SVGs and (unless `png` is false) PNGs drawn in this thread (PNGs on the thread pool). */
export function renderFigureSet(specs: readonly FigureSpec[], png = true): Promise<RenderedFigureFiles[]> {
  return renderFigureSetWith(specs, png ? rasterise : null);
}
