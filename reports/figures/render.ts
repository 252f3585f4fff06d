import type { RenderedFigure, RenderedFigureFiles } from './svgRender.js';
import type { FigureSpec } from './figureSpecs.js';
import { rasterise } from './rasterise.js';
import { renderFigureSet as renderFigureSetWith, settledFigures } from './svgRender.js';

// Figures rendered in this thread (our SVG and resvg): buildFigures, the tests, and buildOutputs when
// it is given no worker. `mrd run` renders the same way in worker threads (figureRenderer.ts).

export { rasterise } from './rasterise.js';

/** One rendered figure: its spec as written to `<id>.vl.json`, the SVG and the PNG. */
export async function renderFigure(f: FigureSpec): Promise<RenderedFigureFiles & { png: Uint8Array }> {
  const [r] = await settledFigures(await renderFigureSetWith([f], async (svg) => rasterise(svg)));
  return { ...r, png: r.png! };
}

/** Several figures, SVGs and (unless `png` is false) PNGs drawn in this thread. */
export function renderFigureSet(specs: readonly FigureSpec[], png = true): Promise<RenderedFigure[]> {
  return renderFigureSetWith(specs, png ? async (svg) => rasterise(svg) : null);
}
