// The PNGs `mrd run` asks of its PNG worker, each of which the main thread may draw itself instead
// once it has nothing else to do (figureRenderer.ts). Nothing here loads resvg.

/**
 * What the worker is sent for one PNG: the SVG, and a flag shared with this thread (one Int32 in a
 * SharedArrayBuffer) that whoever draws the PNG claims first: 0 unclaimed, CLAIMED_BY_WORKER,
 * CLAIMED_HERE. The worker skips a job claimed here (and answers null).
 */
export interface PngJob {
  svg: string;
  claim: Int32Array;
}

const CLAIMED_BY_WORKER = 1;
const CLAIMED_HERE = 2;

/** Claims `job` for `by`; false if it was claimed already. */
function claim(job: PngJob, by: typeof CLAIMED_BY_WORKER | typeof CLAIMED_HERE): boolean {
  return Atomics.compareExchange(job.claim, 0, 0, by) === 0;
}

/** For the worker: claims `job`; false if this thread took it first (the worker then skips it). */
export function claimForWorker(job: PngJob): boolean {
  return claim(job, CLAIMED_BY_WORKER);
}

export interface PngJobs {
  /** The PNG of `svg`, drawn by the worker or, if `drawHere` claims it first, on this thread. */
  draw(svg: string): Promise<Uint8Array>;
  /** Whether some PNG is still unclaimed. */
  readonly unclaimed: boolean;
  /**
   * Draws with `drawPng`, from the last asked for, every PNG the worker has not claimed yet (the
   * worker takes them from the first); a PNG that fails rejects its own `draw` only. Each is claimed
   * once `ready` resolves (this thread has nothing else to do), if the worker has not begun it by then.
   */
  drawHere(drawPng: (svg: string) => Promise<Uint8Array>, ready?: () => Promise<void>): Promise<void>;
  /** Claims every job nobody has begun, so that neither thread begins it, and rejects its `draw` with `reason` (the renderer is closing). */
  stop(reason: Error): void;
}

/**
 * PNG jobs sent at once to `send` (the worker), which answers a PNG, or null for a job this thread
 * claimed. Every job is in the worker's port as soon as it is asked for, so the worker never waits
 * for this thread (which may be drawing a PNG itself), and the flags split the work without a
 * message: at the end neither thread waits for PNGs the other has queued but not begun.
 */
export function pngJobs(send: (job: PngJob) => Promise<Uint8Array | null>): PngJobs {
  const jobs: { job: PngJob; resolve: (png: Uint8Array) => void; reject: (e: unknown) => void }[] = [];
  const unclaimed = (j: PngJob) => Atomics.load(j.claim, 0) === 0;
  return {
    draw(svg) {
      return new Promise<Uint8Array>((resolve, reject) => {
        const job = { svg, claim: new Int32Array(new SharedArrayBuffer(4)) };
        jobs.push({ job, resolve, reject });
        send(job).then((png) => {
          if (png) resolve(png);
        }, reject);
      });
    },
    get unclaimed() {
      return jobs.some((j) => unclaimed(j.job));
    },
    stop(reason) {
      for (const { job, reject } of jobs) if (claim(job, CLAIMED_HERE)) reject(reason);
    },
    async drawHere(drawPng, ready) {
      for (let k = jobs.length - 1; k >= 0; k--) {
        const { job, resolve, reject } = jobs[k];
        if (!unclaimed(job)) continue;
        await ready?.();
        if (!claim(job, CLAIMED_HERE)) continue;
        try {
          resolve(await drawPng(job.svg));
        } catch (e) {
          reject(e);
        }
      }
    },
  };
}
