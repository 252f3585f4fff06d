import { describe, expect, it } from 'vitest';
import { pngQueue } from '../../reports/figures/pngQueue.js';

/** A stand-in for the PNG worker: records what it was sent, answers when told. */
function fakeWorker() {
  const sent: string[] = [];
  const pending = new Map<string, { resolve: (p: Uint8Array) => void; reject: (e: unknown) => void }>();
  return {
    sent,
    send: (svg: string) =>
      new Promise<Uint8Array>((resolve, reject) => {
        sent.push(svg);
        pending.set(svg, { resolve, reject });
      }),
    answer(svg: string, byte: number) {
      pending.get(svg)!.resolve(new Uint8Array([byte]));
      pending.delete(svg);
    },
    fail(svg: string) {
      pending.get(svg)!.reject(new Error(`worker failed on ${svg}`));
      pending.delete(svg);
    },
    get underWay() {
      return pending.size;
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('pngQueue: the PNGs asked of the worker, some drawn by the asking thread', () => {
  it('gives the worker at most `ahead` PNGs at a time, in the order asked, the next as one is answered', async () => {
    const w = fakeWorker();
    const q = pngQueue(w.send, 2);
    const pngs = ['a', 'b', 'c', 'd'].map((s) => q.draw(s));
    expect(w.sent).toEqual(['a', 'b']);
    expect(q.waiting).toBe(2);
    w.answer('a', 1);
    await tick();
    expect(w.sent).toEqual(['a', 'b', 'c']);
    expect(w.underWay).toBe(2);
    w.answer('b', 2);
    await tick();
    w.answer('c', 3);
    await tick();
    w.answer('d', 4);
    expect((await Promise.all(pngs)).map((p) => p[0])).toEqual([1, 2, 3, 4]);
    expect(q.waiting).toBe(0);
  });

  it('draws here what waits, from the last asked, while the worker takes from the first', async () => {
    const w = fakeWorker();
    const q = pngQueue(w.send, 1);
    const pngs = ['a', 'b', 'c', 'd'].map((s) => q.draw(s));
    const here: string[] = [];
    const helping = q.drawHere(async (svg) => {
      here.push(svg);
      if (here.length === 1) {
        // the worker answers meanwhile and takes the next waiting from the front
        w.answer('a', 10);
        await tick();
      }
      return new Uint8Array([svg.charCodeAt(0)]);
    });
    await helping;
    expect(here).toEqual(['d', 'c']);
    expect(w.sent).toEqual(['a', 'b']);
    expect(q.waiting).toBe(0);
    w.answer('b', 20);
    expect((await Promise.all(pngs)).map((p) => p[0])).toEqual([10, 20, 'c'.charCodeAt(0), 'd'.charCodeAt(0)]);
  });

  it('a PNG that fails, here or in the worker, rejects its own draw only', async () => {
    const w = fakeWorker();
    const q = pngQueue(w.send, 1);
    const [a, b, c] = ['a', 'b', 'c'].map((s) => q.draw(s));
    await q.drawHere(async (svg) => {
      if (svg === 'c') throw new Error('resvg failed on c');
      return new Uint8Array([2]);
    });
    w.fail('a');
    await expect(a).rejects.toThrow('worker failed on a');
    expect((await b)[0]).toBe(2);
    await expect(c).rejects.toThrow('resvg failed on c');
  });

  it('does nothing here when nothing waits', async () => {
    const w = fakeWorker();
    const q = pngQueue(w.send, 3);
    const pngs = ['a', 'b'].map((s) => q.draw(s));
    let called = 0;
    await q.drawHere(async () => {
      called++;
      return new Uint8Array();
    });
    expect(called).toBe(0);
    w.answer('a', 1);
    w.answer('b', 2);
    expect((await Promise.all(pngs)).map((p) => p[0])).toEqual([1, 2]);
  });
});
