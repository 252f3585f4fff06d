import type { FigureSpec } from './figureSpecs.js';
import { specText } from './figureFormat.js';
import { drawFigure } from './drawFigure.js';

// Figure specs → their files: the Vega-Lite spec as text and the SVG drawn from the figure's plain
// data (drawFigure.ts). No resvg here: `mrd run` draws the SVGs on its main thread with this module and
// leaves the PNGs to the PNG worker; render.ts adds resvg for in-process rendering.

/** The files of one rendered figure. */
export interface RenderedFigureFiles {
  id: string;
  /** pretty JSON of the Vega-Lite spec (data inlined), newline-terminated */
  spec: string;
  svg: string;
  /** PNG at svgPngScale (1 to 2 PNG pixels per SVG pixel); null when none was asked for */
  png: Uint8Array | null;
}

/** A figure whose SVG is drawn and whose PNG is still being drawn (or null at once when none was asked for). */
export interface RenderedFigure extends Omit<RenderedFigureFiles, 'png'> {
  png: Promise<Uint8Array | null>;
}

/**
 * Several figures, in the order given, once every SVG is drawn: each SVG drawn on this thread and its
 * PNG asked of `png` at once, so that rasterising overlaps the next SVG, and each PNG settling on its
 * own (rejected with an error naming the figure); `png` null draws no PNG. `png` is `rasterise` (resvg
 * in this thread) in-process, the PNG jobs of `mrd run` (startPngWorker): the same code either way,
 * so the same bytes. A failure to draw an SVG rejects, once the PNGs already asked for have settled.
 */
export async function renderFigureSet(specs: readonly FigureSpec[], png: ((svg: string) => Promise<Uint8Array>) | null): Promise<RenderedFigure[]> {
  const done: RenderedFigure[] = [];
  try {
    for (const f of specs) {
      let svg: string;
      try {
        svg = drawFigure(f.drawing);
      } catch (e) {
        throw new Error(`figure ${f.id}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      const p = png
        ? png(svg).catch((e: unknown) => {
            throw new Error(`figure ${f.id} (PNG): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
          })
        : Promise.resolve(null);
      p.catch(() => {}); // observed by whoever reads the figure; not an unhandled rejection meanwhile
      done.push({ id: f.id, spec: specText(f.spec), svg, png: p });
    }
  } catch (e) {
    await Promise.allSettled(done.map((f) => f.png)); // no PNG left drawing (or its font folder behind) after we fail
    throw e;
  }
  return done;
}

/** The error of the first figure, in the order given, whose PNG failed, once every PNG has settled; null if none failed. */
export async function firstPngFailure(figures: readonly RenderedFigure[]): Promise<{ error: unknown } | null> {
  const failed = (await Promise.allSettled(figures.map((f) => f.png))).find((r) => r.status === 'rejected');
  return failed ? { error: failed.reason } : null;
}

/** The figures with their PNGs drawn; the first PNG that failed (in the order given) rejects, once all have settled. */
export async function settledFigures(figures: readonly RenderedFigure[]): Promise<RenderedFigureFiles[]> {
  const failed = await firstPngFailure(figures);
  if (failed) throw failed.error;
  return Promise.all(figures.map(async (f) => ({ ...f, png: await f.png })));
}
