import { beforeAll, describe, expect, it } from 'vitest';
import { analyseStudy } from '../../pipeline/analyse.js';
import { figureSpecs, type FigureSpec } from '../../reports/figures/figureSpecs.js';
import { vegaSvg as renderSvg } from '../helpers/vegaSvg.js';
import { drawFigure } from '../../reports/figures/drawFigure.js';
import { failureReasonsSpec } from '../../reports/figures/failureReasonsFigure.js';
import type { FailurePlot } from '../../reports/figures/failureReasonsPlot.js';
import { linearTicks } from '../../reports/figures/linearTicks.js';
import { expectClose as close, ourLines, svgNumbers as numbers, svgSize as size, svgTexts, vegaLines } from '../helpers/svgCompare.js';

// The rates and failure-reasons figures are drawn without vega (mrdRatesSvg.ts, failureReasonsSvg.ts)
// while their Vega-Lite specs are still written as .vl.json: vega draws each spec here, and every bar,
// CI line and cap must be at the same place in ours, with the same texts.


/** Bars and caps (vega's rect marks, `Mx,yhWvHh-WZ`), in drawing order. */
const vegaRects = (svg: string) => [...svg.matchAll(/<g class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/g)].flatMap((g) => [...g[1].matchAll(/ d="([^"]*)"/g)].map((m) => numbers(m[1])));
const ourRects = (svg: string) => [...svg.matchAll(/<path d="(M[-\d.]+,[-\d.]+h[-\d.]+v[-\d.]+h[-\d.]+Z)"/g)].map((m) => numbers(m[1]));
let figures: FigureSpec[];
beforeAll(async () => {
  const a = await analyseStudy('data-samples/sample-study');
  figures = figureSpecs(a, 'en').filter((f) => f.drawing?.kind === 'rates' || f.drawing?.kind === 'failures');
}, 60_000);

describe('bar figures drawn without vega', () => {
  it('place every bar, CI line and cap where vega places them, with the same texts and size', async () => {
    expect(figures.map((f) => f.id)).toEqual(['mrd_rates_by_threshold', 'failure_reasons']);
    for (const f of figures) {
      const ours = drawFigure(f.drawing!);
      const theirs = (await renderSvg(f.spec)).svg;
      const rects = ourRects(ours);
      const vega = vegaRects(theirs);
      expect(rects.length, f.id).toBe(vega.length);
      rects.forEach((r, k) => close(r, vega[k], `${f.id} rect ${k}`));
      const lines = ourLines(ours, '#1a1a1a', 1.4);
      expect(lines.length, f.id).toBe(f.drawing.kind === 'rates' ? f.drawing.plot.bars.filter((b) => b.lower !== null && b.upper !== null).length : 0);
      close(lines.flat(), vegaLines(theirs, '#1a1a1a', 1.4).flat(), `${f.id} CI lines`);
      expect([...svgTexts(ours)].sort(), f.id).toEqual([...svgTexts(theirs)].sort());
      const [w, h] = size(ours);
      const [vw, vh] = size(theirs);
      expect(Math.abs(w - vw), f.id).toBeLessThanOrEqual(2);
      expect(Math.abs(h - vh), f.id).toBeLessThanOrEqual(2);
    }
  }, 60_000);

  it('put the same count ticks on the failure axis as vega, whatever the largest count', async () => {
    const f = figures.find((x) => x.id === 'failure_reasons')!;
    if (f.drawing?.kind !== 'failures') throw new Error('not the failure figure');
    for (const max of [1, 2, 3, 4, 6, 7, 9, 13, 26, 87, 250, 1234]) {
      const plot: FailurePlot = { ...f.drawing.plot, max };
      const ours = svgTexts(drawFigure({ kind: 'failures', plot })).filter((t) => /^\d+$/.test(t));
      const theirs = svgTexts((await renderSvg(failureReasonsSpec(plot))).svg).filter((t) => /^\d+$/.test(t));
      expect(ours.sort(), `max ${max}`).toEqual(theirs.sort());
    }
  }, 60_000);
});

describe('linearTicks', () => {
  it('steps by 1, 2 or 5 × 10^k nearest to the span over the count, from 0', () => {
    expect(linearTicks(21.85, 8, 1)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(linearTicks(1.15, 8, 1)).toEqual([0, 1]);
    expect(linearTicks(1.15, 8)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(100, 10)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(linearTicks(0.9, 3)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(linearTicks(0, 8)).toEqual([0]);
  });
});
