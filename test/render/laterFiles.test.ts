/** startOutputs' `later` files: in batches, as the figures are drawn. */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { startOutputs } from '../../reports/buildOutputs.js';
import { renderFigureSet } from '../../reports/figures/svgRender.js';
import type { FigureRenderer } from '../../reports/figures/figureRenderer.js';

/** A 1 x 1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A renderer drawing the SVGs, whose PNGs settle when the test says so (`settle[k]`, in the specs' order). */
function heldPngs() {
  const settle: { resolve: (png: Uint8Array) => void; reject: (e: Error) => void }[] = [];
  const ids: string[] = [];
  const renderer: FigureRenderer = {
    render(specs, png) {
      ids.push(...specs.map((f) => f.id));
      return renderFigureSet(specs, png ? () => new Promise<Uint8Array>((resolve, reject) => settle.push({ resolve, reject })) : null);
    },
    close: async () => {},
  };
  return { renderer, settle, ids };
}

let a: Analysis;
beforeAll(async () => {
  a = await analyseStudy('data-samples/sample-study');
}, 60_000);

describe("startOutputs' later files", () => {
  it('bring report.html once the SVGs are drawn, then each figure with its documents as its PNG is drawn, in that order', async () => {
    const held = heldPngs();
    const { later } = await startOutputs(a, { lang: 'en', version: 't', figures: held.renderer });
    const batches = later[Symbol.asyncIterator]();
    expect([...(await batches.next()).value!.keys()]).toEqual(['report.html']);
    const n = held.ids.length;
    expect(n).toBeGreaterThanOrEqual(5);
    // the last figure's PNG first, then the first's
    held.settle[n - 1].resolve(PNG);
    const last = held.ids[n - 1];
    expect([...(await batches.next()).value!.keys()].sort()).toEqual(['docx', 'png', 'rtf', 'svg', 'vl.json'].map((e) => `figures/${last}.${e}`));
    held.settle[0].resolve(PNG);
    expect([...(await batches.next()).value!.keys()].sort()).toEqual(['docx', 'png', 'rtf', 'svg', 'vl.json'].map((e) => `figures/${held.ids[0]}.${e}`));
    for (let k = 1; k < n - 1; k++) held.settle[k].resolve(PNG);
    const rest: string[] = [];
    for (let b = await batches.next(); !b.done; b = await batches.next()) rest.push(...b.value.keys());
    expect(rest.filter((f) => f.endsWith('.png')).sort()).toEqual(held.ids.slice(1, n - 1).map((id) => `figures/${id}.png`).sort());
  });

  it('fail with the first failed PNG in the figures’ order, whichever failed first', async () => {
    const held = heldPngs();
    const { later } = await startOutputs(a, { lang: 'en', version: 't', figures: held.renderer });
    const batches = later[Symbol.asyncIterator]();
    await batches.next(); // report.html
    const n = held.ids.length;
    held.settle[n - 1].reject(new Error('last failed'));
    held.settle[1].reject(new Error('second failed'));
    for (let k = 0; k < n - 1; k++) if (k !== 1) held.settle[k].resolve(PNG);
    await expect((async () => {
      for (let b = await batches.next(); !b.done; b = await batches.next());
    })()).rejects.toThrow(`figure ${held.ids[1]} (PNG): second failed`);
  });
});
