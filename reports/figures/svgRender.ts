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

/**
 * The files of several figures, in the order given: each SVG drawn on this thread and its PNG asked
 * of `png` at once, so that rasterising overlaps the next SVG; `png` null draws no PNG. `png` is
 * `rasterise` (resvg in this thread) in-process, the PNG worker in `mrd run` (startPngWorker): the
 * same code either way, so the same bytes.
 */
export async function renderFigureSet(specs: readonly FigureSpec[], png: ((svg: string) => Promise<Uint8Array>) | null): Promise<RenderedFigureFiles[]> {
  const done: Omit<RenderedFigureFiles, 'png'>[] = [];
  const pngs: Promise<Uint8Array | null>[] = [];
  try {
    for (const f of specs) {
      let svg: string;
      try {
        svg = drawFigure(f.drawing);
      } catch (e) {
        throw new Error(`figure ${f.id}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      done.push({ id: f.id, spec: specText(f.spec), svg });
      if (!png) {
        pngs.push(Promise.resolve(null));
        continue;
      }
      const p = png(svg).catch((e: unknown) => {
        throw new Error(`figure ${f.id} (PNG): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      });
      p.catch(() => {}); // observed by Promise.all below; not an unhandled rejection meanwhile
      pngs.push(p);
    }
  } catch (e) {
    await Promise.allSettled(pngs); // no PNG left drawing (or its font folder behind) after we fail
    throw e;
  }
  const settled = await Promise.allSettled(pngs);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return done.map((r, k) => ({ ...r, png: (settled[k] as PromiseFulfilledResult<Uint8Array | null>).value }));
}
