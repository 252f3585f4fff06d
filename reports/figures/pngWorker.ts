import { figureFonts } from './fontMetrics.js';
import { rasterise } from './rasterise.js';
import { answerCalls } from './workerCalls.js';
import { collectGarbage } from '../../pipeline/collectGarbage.js';

// Worker thread that draws the PNG of an SVG (started by startPngWorker in figureRenderer.ts as soon
// as `mrd run` has read the plan): resvg draws and encodes each figure on this thread, one after the
// other. The fonts are read at start, while the main thread reads the study.

figureFonts();

// resvg's rendered image keeps its pixels (11 MB for a Kaplan-Meier plot at twice its size) outside the
// JavaScript heap, where V8 does not see them: they are freed only when a collection finalises the
// small object holding them, and this worker's heap is so small that collections were rare (the
// process grew by about 30 MB a figure: +330 MB over the 13 figures of 10^6 subjects). A full
// collection after each PNG (a few milliseconds), and a turn of the event loop for the finaliser that
// frees the pixels, give them back to resvg's allocator before the next figure, which then draws on
// pages already touched instead of fresh ones (about 10 µs a page fault on this VM; see
// processTuning.ts for the allocator's settings).
const collect = collectGarbage();
const freeNativeMemory = async () => {
  collect();
  await new Promise((resolve) => setImmediate(resolve));
};

answerCalls<string, Uint8Array>(
  async (svg) => {
    // an exactly sized ArrayBuffer of its own, so that it can be transferred
    const png = rasterise(svg).slice();
    await freeNativeMemory();
    return { result: png, transfer: [png.buffer as ArrayBuffer] };
  },
  // one at a time, so that each figure reuses the memory of the last
  { concurrency: 1 },
);
