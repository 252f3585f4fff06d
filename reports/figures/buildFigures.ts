import type { Analysis } from '../../pipeline/analyse.js';
import { figureFiles } from './figureRenderer.js';
import { figureSpecs } from './figureSpecs.js';
import { renderFigureSet } from './render.js';
import { settledFigures } from './svgRender.js';

export { figureSpecs, type FigureSpec } from './figureSpecs.js';

/**
 * Every figure of `mrd run` as relative path → content: `figures/<id>.vl.json` (the Vega-Lite spec
 * with its data inlined), `figures/<id>.svg` and `figures/<id>.png` (1-2x, rasterise.ts), rendered in
 * this thread (`mrd run` renders in a worker instead, see figureRenderer.ts; the files are the same
 * bytes). Renderers only format: each number drawn is a value of the Analysis object.
 */
export async function buildFigures(a: Analysis, lang: 'en' | 'zh'): Promise<Map<string, string | Uint8Array>> {
  const specs = figureSpecs(a, lang);
  return figureFiles(specs, await settledFigures(await renderFigureSet(specs)));
}
