import { figureFonts } from './fontMetrics.js';
import { rasterise } from './rasterise.js';
import { answerCalls } from './workerCalls.js';

// Worker thread that draws the PNG of an SVG (started by figureWorker.ts): resvg on the thread pool,
// then the PNG encoding, which resvg does on this thread. The fonts are read at start.

figureFonts();

answerCalls<string, Uint8Array>(
  async (svg) => {
    // an exactly sized ArrayBuffer of its own, so that it can be transferred
    const png = (await rasterise(svg)).slice();
    return { result: png, transfer: [png.buffer as ArrayBuffer] };
  },
  { serial: false },
);
