// The PNGs `mrd run` asks of its PNG worker, queued on the main thread so that the main thread can
// draw some of them itself once it has nothing else to do (figureRenderer.ts). Nothing here loads resvg.

/** A PNG asked for and not yet given to the worker. */
interface Waiting {
  svg: string;
  resolve: (png: Uint8Array) => void;
  reject: (e: unknown) => void;
}

export interface PngQueue {
  /** The PNG of `svg`, drawn by the worker or, if `drawHere` takes it first, on this thread. */
  draw(svg: string): Promise<Uint8Array>;
  /** How many PNGs wait, not yet given to the worker. */
  readonly waiting: number;
  /**
   * Draws with `drawPng` the PNGs not yet given to the worker, from the last asked for (the worker
   * takes them from the first), until none waits; a PNG that fails rejects its own `draw` only.
   */
  drawHere(drawPng: (svg: string) => Promise<Uint8Array>): Promise<void>;
}

/**
 * A queue in front of `send` (the worker): `ahead` PNGs at most are with the worker at a time, the
 * one it draws and the next, waiting in its port so that the worker never waits for this thread
 * (which may be drawing a PNG itself); the others wait here, in the order asked for.
 */
export function pngQueue(send: (svg: string) => Promise<Uint8Array>, ahead = 3): PngQueue {
  const waiting: Waiting[] = [];
  let sent = 0;
  const pump = () => {
    while (sent < ahead && waiting.length > 0) {
      const w = waiting.shift()!;
      sent++;
      send(w.svg)
        .then(w.resolve, w.reject)
        .finally(() => {
          sent--;
          pump();
        });
    }
  };
  return {
    draw: (svg) =>
      new Promise<Uint8Array>((resolve, reject) => {
        waiting.push({ svg, resolve, reject });
        pump();
      }),
    get waiting() {
      return waiting.length;
    },
    async drawHere(drawPng) {
      for (let w = waiting.pop(); w; w = waiting.pop()) {
        try {
          w.resolve(await drawPng(w.svg));
        } catch (e) {
          w.reject(e);
        }
      }
    },
  };
}
