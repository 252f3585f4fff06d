import { describe, expect, it } from 'vitest';
import { claimForWorker, pngJobs, type PngJob } from '../../reports/figures/pngJobs.js';

/**
 * A stand-in for the PNG worker: it receives every job at once and, as the real one does, claims a
 * job when it begins it (skipping, with null, one claimed by the other thread); `begin` and `finish`
 * say when.
 */
function fakeWorker() {
  const received: PngJob[] = [];
  const answers = new Map<string, { resolve: (p: Uint8Array | null) => void; reject: (e: unknown) => void }>();
  return {
    received: () => received.map((j) => j.svg),
    send: (job: PngJob) =>
      new Promise<Uint8Array | null>((resolve, reject) => {
        received.push(job);
        answers.set(job.svg, { resolve, reject });
      }),
    /** begins the job of `svg`: true if the worker claimed it, false if it skipped it (answered null) */
    begin(svg: string): boolean {
      const job = received.find((j) => j.svg === svg)!;
      if (claimForWorker(job)) return true;
      answers.get(svg)!.resolve(null);
      return false;
    },
    finish(svg: string, byte: number) {
      answers.get(svg)!.resolve(new Uint8Array([byte]));
    },
    fail(svg: string) {
      answers.get(svg)!.reject(new Error(`worker failed on ${svg}`));
    },
  };
}

const bytes = async (pngs: Promise<Uint8Array>[]) => (await Promise.all(pngs)).map((p) => p[0]);

describe('pngJobs: the PNGs asked of the worker, some drawn by the asking thread', () => {
  it('sends every job to the worker at once, in the order asked; without help the worker draws them all', async () => {
    const w = fakeWorker();
    const jobs = pngJobs(w.send);
    const pngs = ['a', 'b', 'c'].map((s) => jobs.draw(s));
    expect(w.received()).toEqual(['a', 'b', 'c']);
    expect(jobs.unclaimed).toBe(true);
    for (const [k, s] of ['a', 'b', 'c'].entries()) {
      expect(w.begin(s)).toBe(true);
      w.finish(s, k + 1);
    }
    expect(jobs.unclaimed).toBe(false);
    expect(await bytes(pngs)).toEqual([1, 2, 3]);
  });

  it('draws here, from the last, the jobs the worker has not begun; the worker skips those', async () => {
    const w = fakeWorker();
    const jobs = pngJobs(w.send);
    const pngs = ['a', 'b', 'c', 'd'].map((s) => jobs.draw(s));
    expect(w.begin('a')).toBe(true);
    const here: string[] = [];
    await jobs.drawHere(async (svg) => {
      here.push(svg);
      // meanwhile the worker finishes a and begins b
      if (svg === 'd') {
        w.finish('a', 10);
        expect(w.begin('b')).toBe(true);
      }
      return new Uint8Array([svg.charCodeAt(0)]);
    });
    expect(here).toEqual(['d', 'c']);
    expect(w.begin('c')).toBe(false);
    expect(w.begin('d')).toBe(false);
    w.finish('b', 20);
    expect(await bytes(pngs)).toEqual([10, 20, 'c'.charCodeAt(0), 'd'.charCodeAt(0)]);
    expect(jobs.unclaimed).toBe(false);
  });

  it('claims each job only once `ready` resolves, skipping one the worker began meanwhile', async () => {
    const w = fakeWorker();
    const jobs = pngJobs(w.send);
    const pngs = ['a', 'b', 'c'].map((s) => jobs.draw(s));
    expect(w.begin('a')).toBe(true);
    const here: string[] = [];
    const readyCalls: string[] = [];
    let readies = 0;
    await jobs.drawHere(
      async (svg) => {
        here.push(svg);
        return new Uint8Array([svg.charCodeAt(0)]);
      },
      async () => {
        readies++;
        readyCalls.push(here.join(''));
        // while this thread waited for its turn the first time, the worker finished a and began b and c
        if (readies === 1) {
          w.finish('a', 10);
          expect(w.begin('c')).toBe(true);
          expect(w.begin('b')).toBe(true);
        }
      },
    );
    // asked once for c (then begun by the worker), never for b (already begun when its turn came)
    expect(readyCalls).toEqual(['']);
    expect(here).toEqual([]);
    w.finish('b', 20);
    w.finish('c', 30);
    expect(await bytes(pngs)).toEqual([10, 20, 30]);
  });

  it('a PNG that fails, here or in the worker, rejects its own draw only', async () => {
    const w = fakeWorker();
    const jobs = pngJobs(w.send);
    const [a, b, c] = ['a', 'b', 'c'].map((s) => jobs.draw(s));
    expect(w.begin('a')).toBe(true);
    await jobs.drawHere(async (svg) => {
      if (svg === 'c') throw new Error('resvg failed on c');
      return new Uint8Array([2]);
    });
    w.fail('a');
    await expect(a).rejects.toThrow('worker failed on a');
    expect((await b)[0]).toBe(2);
    await expect(c).rejects.toThrow('resvg failed on c');
  });

  it('draws nothing here once the worker has claimed every job', async () => {
    const w = fakeWorker();
    const jobs = pngJobs(w.send);
    const pngs = ['a', 'b'].map((s) => jobs.draw(s));
    w.begin('a');
    w.begin('b');
    let called = 0;
    await jobs.drawHere(async () => {
      called++;
      return new Uint8Array();
    });
    expect(called).toBe(0);
    w.finish('a', 1);
    w.finish('b', 2);
    expect(await bytes(pngs)).toEqual([1, 2]);
  });

  it('begins no job once stopped: the worker skips them and nothing is drawn here', async () => {
    const w = fakeWorker();
    const jobs = pngJobs(w.send);
    const [a, b] = ['a', 'b'].map((s) => jobs.draw(s));
    expect(w.begin('a')).toBe(true);
    jobs.stop(new Error('closed'));
    expect(jobs.unclaimed).toBe(false);
    let drawn = 0;
    await jobs.drawHere(async () => {
      drawn++;
      return new Uint8Array();
    });
    expect(drawn).toBe(0);
    expect(w.begin('b')).toBe(false);
    w.finish('a', 1);
    expect((await a)[0]).toBe(1); // the job under way still finishes
    await expect(b).rejects.toThrow('closed');
  });
});
