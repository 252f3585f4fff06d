import { createHash } from 'node:crypto';
import { inProcessFigureRenderer, type FigureRenderer, type RenderedFigureFiles } from '../../reports/figures/figureRenderer.js';
import { settledFigures } from '../../reports/figures/svgRender.js';

/**
 * In-process figure rendering that draws each distinct Vega-Lite spec once per test worker (test files
 * share their worker's modules, vitest.config.ts): property and fuzz tests run the whole pipeline
 * hundreds of times on small edits of one study, and most edits leave most figures unchanged (the
 * random-edit test: 100 distinct specs in 243 figures); CLI and report tests run the same sample studies.
 * The same spec gives the same files (checked by the byte-identity tests, which do not use this), so a
 * spec drawn before checks nothing new; every spec still goes through our SVG writer and resvg once.
 */
const drawn = new Map<string, Omit<RenderedFigureFiles, 'id'>>();

export function figureCache(): FigureRenderer {
  return cached(inProcessFigureRenderer(), drawn);
}

/** `inner`, drawing each distinct figure once into `store` (keyed by the SHA-256 of its spec and drawing). */
function cached(inner: FigureRenderer, store: Map<string, Omit<RenderedFigureFiles, 'id'>>): FigureRenderer {
  return {
    async render(specs, png = true) {
      // the SVG is drawn from f.drawing: the key holds it beside the spec
      const keys = specs.map((f) => createHash('sha256').update(JSON.stringify([f.spec, f.drawing])).digest('hex') + (png ? '' : ' without PNG'));
      const missing = keys.map((key, k) => k).filter((k) => !store.has(keys[k]) && keys.indexOf(keys[k]) === k);
      const fresh = await settledFigures(await inner.render(missing.map((k) => specs[k]), png));
      fresh.forEach(({ id: _id, ...files }, j) => store.set(keys[missing[j]], files));
      return specs.map((f, k) => {
        const files = store.get(keys[k])!;
        return { id: f.id, ...files, png: Promise.resolve(files.png) };
      });
    },
    close: () => inner.close(),
  };
}

/**
 * A renderer that never draws: for tests that check only the outputs needing no figure (tables,
 * listings, data sets), taken from `startOutputs(...).ready`, so that no figure is drawn for nothing.
 */
export function noFigures(): FigureRenderer {
  return { render: () => new Promise(() => {}), close: async () => {} };
}

/** A 1 x 1 PNG: what `svgOnly` gives where a figure's PNG would be. */
const BLANK_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/**
 * Draws the SVGs as `mrd run` does, but no PNG (each figure's PNG is a 1 x 1 image): for
 * tests of report.html, which shows the SVGs only. The PNGs are half the drawing time.
 */
export function svgOnly(): FigureRenderer {
  return {
    async render(specs, png = true) {
      const { renderFigureSet } = await import('../../reports/figures/svgRender.js');
      return renderFigureSet(specs, png ? async () => new Uint8Array(BLANK_PNG) : null);
    },
    close: async () => {},
  };
}

const drawnSvgs = new Map<string, Omit<RenderedFigureFiles, 'id'>>();

/**
 * svgOnly, drawing each distinct spec once per test worker: for the property tests, which run the
 * pipeline on hundreds of random edits and check that the figures' geometry is finite (badGeometry),
 * a sharper check of a malformed input than rasterising (resvg draws an SVG with a NaN coordinate
 * without complaint). PNGs of real studies are checked by the figure tests.
 */
export function svgCache(): FigureRenderer {
  return cached(svgOnly(), drawnSvgs);
}

/** Attributes of an SVG that place or size something and hold NaN, Infinity or undefined. */
export function badGeometry(svg: string): string[] {
  return [...svg.matchAll(/\s(?:transform|d|x|y|dx|dy|width|height|opacity|stroke-width|font-size)="[^"]*(?:NaN|Infinity|undefined)[^"]*"/g)].map((m) => m[0].trim());
}
