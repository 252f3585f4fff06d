import { rasterise } from './rasterise.js';
import { collectGarbage } from '../../pipeline/collectGarbage.js';

// resvg's rendered image keeps its pixels (11 MB for a Kaplan-Meier plot at twice its size) outside the
// JavaScript heap, where V8 does not see them: they are freed only when a collection finalises the
// small object holding them, and the PNG worker's heap is so small that collections were rare (the
// process grew by about 30 MB a figure: +330 MB over the 13 figures of 10^6 subjects). After each PNG
// a collection of the young generation (where the image, dropped at once, still is: under a
// millisecond, where a full one took about 5) and a turn of the event loop for the finaliser give the
// pixels back to resvg's allocator before the next figure, which then draws on pages already touched
// instead of fresh ones (about 10 µs a page fault on this VM; see processTuning.ts for the
// allocator's settings).
const collect = collectGarbage('minor');

/** The PNG of `svg` (rasterise) in an ArrayBuffer of its own, which can be transferred; its pixels freed. */
export async function drawPngFreeing(svg: string): Promise<Uint8Array> {
  const png = rasterise(svg).slice();
  collect();
  await new Promise((resolve) => setImmediate(resolve));
  return png;
}
