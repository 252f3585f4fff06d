import { figureFonts } from './fontMetrics.js';
import { rasterise } from './rasterise.js';
import { answerCalls } from './workerCalls.js';
import { collectGarbage } from '../../pipeline/collectGarbage.js';

// Worker thread that draws the PNG of an SVG (started by startPngWorker in figureRenderer.ts as soon
// as `mrd run` has read the plan): resvg on the thread pool, then the PNG encoding, which resvg does on
// this thread. The fonts are read at start, while the main thread reads the study.

figureFonts();

// resvg's rendered image keeps its pixels (11 MB for a Kaplan-Meier plot at twice its size) outside the
// JavaScript heap, where V8 does not see them: they are freed only when a collection finalises the
// small object holding them, and this worker's heap is so small that collections were rare (the
// process grew by about 30 MB a figure: +330 MB over the 13 figures of 10^6 subjects). A full
// collection of this worker's heap after each PNG (a few milliseconds) frees them.
const collect = collectGarbage();

answerCalls<string, Uint8Array>(
  async (svg) => {
    // an exactly sized ArrayBuffer of its own, so that it can be transferred
    const png = (await rasterise(svg)).slice();
    collect();
    return { result: png, transfer: [png.buffer as ArrayBuffer] };
  },
  // two at a time: the figures' SVGs arrive (all within milliseconds) faster than two cores rasterise
  // them, and every PNG under way holds its pixels
  { concurrency: 2 },
);
