import type { RenderedFigureFiles } from './svgRender.js';
import type { FigureSpec } from './figureSpecs.js';
import { answerCalls, callWorker, type WorkerCalls } from './workerCalls.js';

// Worker thread of `mrd run` that renders the figures (started by startFigureWorker in
// figureRenderer.ts before the study is read). It loads vega and vega-lite and reads the fonts at once,
// while the main thread reads and analyses the study. With the first specs it starts the PNG worker:
// resvg encodes each PNG on the thread that asks for it, so PNGs are drawn there, in parallel with the
// next SVGs here. Requests are rendered one after the other (vega's SVG id counter is global state)
// with the same code as the in-process path, renderFigureSet, so the files are the same bytes.

let pngWorker: WorkerCalls<string, Uint8Array> | null = null;
const svgRendering = import('./svgRender.js').then(async (render) => {
  (await import('./fontMetrics.js')).figureFonts();
  return render;
});
svgRendering.catch(() => {}); // reported to the caller of the first render

answerCalls<FigureSpec[], RenderedFigureFiles[]>(
  async (specs) => {
    // started only now, so that it does not compete for the CPU while the study is analysed
    pngWorker ??= callWorker<string, Uint8Array>(new URL('./pngWorker.js', import.meta.url), 'PNG worker');
    const png = pngWorker;
    const { renderFigureSet } = await svgRendering;
    const figures = await renderFigureSet(specs, (svg) => png.call(svg));
    return { result: figures, transfer: figures.map((f) => f.png.buffer as ArrayBuffer) };
  },
  { concurrency: 1 },
);
