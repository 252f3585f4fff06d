import type { FigureSpec } from './figureSpecs.js';
import { callWorker } from './workerCalls.js';
import { pngJobs, type PngJob } from './pngJobs.js';
import { renderFigureSet, type RenderedFigure, type RenderedFigureFiles } from './svgRender.js';

export type { RenderedFigure, RenderedFigureFiles };
import { compareText } from '../../model/compareText.js';
import type { FigureFormat } from '../../model/plan.js';
import { specText } from './figureFormat.js';

// The main thread's side of figure rendering: it draws the SVGs (a few milliseconds each, strings
// from plain data) and has the PNGs drawn by resvg. This module must never load resvg itself: render.js
// and pngDrawing.js are imported dynamically, by the in-process renderer and by `helpDraw`; the PNG
// worker loads its own.

/** Figures given to a renderer already: their specs, and what `render` answered for them. */
export interface DrawnFigures {
  specs: FigureSpec[];
  rendered: Promise<RenderedFigure[]>;
}

/** Renders figure specs to their files; `close` releases what rendering holds (the worker threads). */
export interface FigureRenderer {
  /** the figures once their SVGs are drawn, each PNG settling on its own (null for each if `png` is false) */
  render(specs: FigureSpec[], png?: boolean): Promise<RenderedFigure[]>;
  /**
   * Draws on this thread the PNGs still waiting for a worker, if any, for a caller that has nothing
   * else to do until they are drawn: each begun once `idle` resolves (the caller has no other work
   * ready). Absent where nothing waits for a worker.
   */
  helpDraw?(idle?: () => Promise<void>): Promise<void>;
  /** Stops the renderer; PNGs under way are rejected. Safe to call more than once. */
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
 * Starts the PNG worker (pngWorker.js next to this file, or `url`): it loads resvg and reads the fonts
 * at once, while this thread reads and analyses the study. `render` then draws each SVG on this
 * thread and sends its PNG job to the worker at once (pngJobs.ts); the PNG bytes come back
 * transferred, not copied. `helpDraw` draws here the PNGs the worker has not begun, from the last,
 * while the worker draws from the first: in `mrd run` on 446 subjects this thread has its other
 * outputs built and written a third of a second before the worker is done. An error of the worker
 * rejects `render` (see callWorker); `close` terminates it.
 */
export function startPngWorker(url: URL = new URL('./pngWorker.js', import.meta.url)): FigureRenderer {
  const worker = callWorker<PngJob, Uint8Array | null>(url, 'PNG worker');
  const jobs = pngJobs((job) => worker.call(job));
  return {
    render: (specs, png = true) => renderFigureSet(specs, png ? jobs.draw : null),
    async helpDraw(idle) {
      if (!jobs.unclaimed) return;
      const { drawPngFreeing } = await import('./pngDrawing.js');
      await jobs.drawHere(drawPngFreeing, idle);
    },
    close: () => {
      // a PNG this thread is drawing is finished, but no other is begun (after an interrupt, say); those
      // fail as the worker's own do when it is closed
      jobs.stop(new Error('PNG worker closed before answering'));
      return worker.close();
    },
  };
}

/**
 * The renderer of `mrd run`: the PNG worker when running compiled (dist/) and PNGs are wanted,
 * in-process when running from the TypeScript source (vitest), where Node 20 cannot start a .ts file
 * as a worker. Without PNGs (report.figureFormats without png) nothing is started: the SVGs are drawn
 * on this thread.
 */
export function startFigureRenderer(png = true): FigureRenderer {
  if (!png) return { render: (specs) => renderFigureSet(specs, null), close: async () => {} };
  return import.meta.url.endsWith('.ts') ? inProcessFigureRenderer() : startPngWorker();
}
