import type { FigureSpec } from './figureSpecs.js';
import { callWorker } from './workerCalls.js';
import type { RenderedFigureFiles } from './svgRender.js';

export type { RenderedFigureFiles };
import { compareText } from '../../model/compareText.js';
import type { FigureFormat } from '../../model/plan.js';
import { specText } from './figureFormat.js';

// The main thread's side of figure rendering. This module must never load resvg (nor vega, which no
// product module loads any more):
// render.js is imported dynamically by the in-process renderer only; the workers load their own.

/** What the figure worker is asked: the specs to draw, and whether their PNGs are wanted. */
export interface FigureRequest {
  specs: FigureSpec[];
  png: boolean;
}

/** Renders figure specs to their files; `close` releases what rendering holds (the worker threads). */
export interface FigureRenderer {
  /** SVGs, and PNGs unless `png` is false (then each `png` is null) */
  render(specs: FigureSpec[], png?: boolean): Promise<RenderedFigureFiles[]>;
  /** Stops the renderer; a render under way is rejected. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * The files of the figures in `formats` as relative path → content, sorted by path: `rendered` holds
 * each spec's drawing, or is empty when none was drawn (vl.json alone).
 */
export function figureFiles(specs: readonly FigureSpec[], rendered: readonly RenderedFigureFiles[], formats: readonly FigureFormat[] = ['png', 'svg', 'vl.json']): Map<string, string | Uint8Array> {
  const files = new Map<string, string | Uint8Array>();
  specs.forEach((f, k) => {
    const r = rendered[k] as RenderedFigureFiles | undefined;
    if (formats.includes('vl.json')) files.set(`figures/${f.id}.vl.json`, r?.spec ?? specText(f.spec));
    if (formats.includes('svg') && r) files.set(`figures/${f.id}.svg`, r.svg);
    if (formats.includes('png') && r?.png) files.set(`figures/${f.id}.png`, r.png);
  });
  return new Map([...files.entries()].sort(([x], [y]) => compareText(x, y)));
}

/** Renders in this thread, loading resvg at the first render. */
export function inProcessFigureRenderer(): FigureRenderer {
  return {
    async render(specs, png = true) {
      const { renderFigureSet } = await import('./render.js');
      return renderFigureSet(specs, png);
    },
    async close() {},
  };
}

/**
 * Starts the figure worker (figureWorker.js next to this file, or `url`): it reads the fonts'
 * metrics at once, then renders the specs it is sent (SVGs there, PNGs in a PNG worker it
 * starts) while this thread does other work. The PNG bytes come back transferred, not copied.
 * Errors in either worker reject `render` (see callWorker); `close` terminates both.
 */
export function startFigureWorker(url: URL = new URL('./figureWorker.js', import.meta.url)): FigureRenderer {
  const worker = callWorker<FigureRequest, RenderedFigureFiles[]>(url, 'figure worker');
  return { render: (specs, png = true) => worker.call({ specs, png }), close: () => worker.close() };
}

/**
 * The renderer of `mrd run`: the workers when running compiled (dist/), in-process when running
 * from the TypeScript source (vitest), where Node 20 cannot start a .ts file as a worker.
 */
export function startFigureRenderer(): FigureRenderer {
  return import.meta.url.endsWith('.ts') ? inProcessFigureRenderer() : startFigureWorker();
}
