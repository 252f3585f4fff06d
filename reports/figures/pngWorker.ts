import { figureFonts } from './fontMetrics.js';
import { drawPngFreeing } from './pngDrawing.js';
import { claimForWorker, type PngJob } from './pngJobs.js';
import { answerCalls } from './workerCalls.js';

// Worker thread that draws the PNG of an SVG (started by startPngWorker in figureRenderer.ts as soon
// as `mrd run` has read the plan): resvg draws and encodes each figure on this thread, one after the
// other, unless the main thread has claimed it (pngJobs.ts). The fonts are read at start, while the
// main thread reads the study.

figureFonts();

answerCalls<PngJob, Uint8Array | null>(
  async (job) => {
    if (!claimForWorker(job)) return { result: null };
    const png = await drawPngFreeing(job.svg);
    return { result: png, transfer: [png.buffer as ArrayBuffer] };
  },
  // one at a time, so that each figure reuses the memory of the last (pngDrawing.ts)
  { concurrency: 1 },
);
