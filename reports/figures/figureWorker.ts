import { getHeapStatistics } from 'node:v8';
import type { RenderedFigureFiles } from './svgRender.js';
import type { FigureRequest } from './figureRenderer.js';
import { answerCalls, callWorker, type WorkerCalls } from './workerCalls.js';
import { collectGarbage } from '../../pipeline/collectGarbage.js';

// Worker thread of `mrd run` that renders the figures (started by startFigureWorker in
// figureRenderer.ts before the study is read). It reads the fonts' metrics at once, while the main
// thread reads and analyses the study. With the first specs it starts the PNG worker: resvg encodes
// each PNG on the thread that asks for it, so PNGs are drawn there, in parallel with the next SVGs
// here. Requests are rendered one after the other with the same code as the in-process path,
// renderFigureSet, so the files are the same bytes.

let pngWorker: WorkerCalls<string, Uint8Array> | null = null;

// The garbage collector ran late in this worker: at 10^6 subjects (three Kaplan-Meier curves of 1.7 MB
// specs, ten swimmer pages) the heap grew to 131 MB live when vega drew the figures; a full collection
// once the heap passes 64 MB (15-20 ms, none on a small study) kept it at 19 MB. The structured
// clones of the specs still pass 64 MB at that size.
const collect = collectGarbage();
const collectWhenLarge = () => {
  if (getHeapStatistics().used_heap_size > 64 * 2 ** 20) collect();
};
const svgRendering = import('./svgRender.js').then(async (render) => {
  (await import('./fontMetrics.js')).figureMetrics();
  return render;
});
svgRendering.catch(() => {}); // reported to the caller of the first render

answerCalls<FigureRequest, RenderedFigureFiles[]>(
  async ({ specs, png }) => {
    // started only now (and only for PNGs), so that it does not compete for the CPU while the study is analysed
    if (png) pngWorker ??= callWorker<string, Uint8Array>(new URL('./pngWorker.js', import.meta.url), 'PNG worker');
    const pngs = pngWorker;
    const { renderFigureSet } = await svgRendering;
    const figures = await renderFigureSet(specs, png && pngs ? (svg) => pngs.call(svg) : null, collectWhenLarge);
    return { result: figures, transfer: figures.flatMap((f) => (f.png ? [f.png.buffer as ArrayBuffer] : [])) };
  },
  { concurrency: 1 },
);
