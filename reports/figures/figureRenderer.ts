import type { FigureSpec } from './figureSpecs.js';
import { callWorker } from './workerCalls.js';
import type { RenderedFigureFiles } from './svgRender.js';

export type { RenderedFigureFiles };
import { compareText } from '../../model/compareText.js';

// The main thread's side of figure rendering. This module must never load vega, vega-lite or resvg:
// render.js is imported dynamically by the in-process renderer only; the workers load their own.

/** Renders figure specs to their files; `close` releases what rendering holds (the worker threads). */
export interface FigureRenderer {
  render(specs: FigureSpec[]): Promise<RenderedFigureFiles[]>;
  /** Stops the renderer; a render under way is rejected. Safe to call more than once. */
  close(): Promise<void>;
}

/** The files of rendered figures as relative path → content, sorted by path. */
export function figureFiles(rendered: readonly RenderedFigureFiles[]): Map<string, string | Uint8Array> {
  const files = new Map<string, string | Uint8Array>();
  for (const r of rendered) {
    files.set(`figures/${r.id}.vl.json`, r.spec);
    files.set(`figures/${r.id}.svg`, r.svg);
    files.set(`figures/${r.id}.png`, r.png);
  }
  return new Map([...files.entries()].sort(([x], [y]) => compareText(x, y)));
}

/** Renders in this thread, loading vega, vega-lite and resvg at the first render. */
export function inProcessFigureRenderer(): FigureRenderer {
  return {
    async render(specs) {
      const { renderFigureSet } = await import('./render.js');
      return renderFigureSet(specs);
    },
    async close() {},
  };
}

/**
 * Starts the figure worker (figureWorker.js next to this file, or `url`): it loads vega, vega-lite
 * and the fonts at once, then renders the specs it is sent (SVGs there, PNGs in a PNG worker it
 * starts) while this thread does other work. The PNG bytes come back transferred, not copied.
 * Errors in either worker reject `render` (see callWorker); `close` terminates both.
 */
export function startFigureWorker(url: URL = new URL('./figureWorker.js', import.meta.url)): FigureRenderer {
  const worker = callWorker<FigureSpec[], RenderedFigureFiles[]>(url, 'figure worker');
  return { render: (specs) => worker.call(specs), close: () => worker.close() };
}

/**
 * The renderer of `mrd run`: the workers when running compiled (dist/), in-process when running
 * from the TypeScript source (vitest), where Node 20 cannot start a .ts file as a worker.
 */
export function startFigureRenderer(): FigureRenderer {
  return import.meta.url.endsWith('.ts') ? inProcessFigureRenderer() : startFigureWorker();
}
