import { beforeAll, describe, expect, it } from 'vitest';
import { analyseStudy } from '../../pipeline/analyse.js';
import { figureSpecs, type FigureSpec } from '../../reports/figures/figureSpecs.js';
import { vegaSvg as renderSvg } from '../helpers/vegaSvg.js';
import { forestSvg } from '../../reports/figures/forestSvg.js';
import { forestSpec } from '../../reports/figures/forestFigure.js';
import type { ForestPlot } from '../../reports/figures/forestPlot.js';
import { expectClose as close, ourLines, svgSize, svgTexts, vegaLines } from '../helpers/svgCompare.js';

// The forest plot is drawn without vega (forestSvg.ts) while its Vega-Lite spec is still written as
// .vl.json: vega draws the spec here, and every CI line, arrow and estimate must be at the same place
// in ours, on its text row, with the same texts.

const plotOf = (f: FigureSpec): ForestPlot => {
  if (f.drawing?.kind !== 'forest') throw new Error(`${f.id} is not the forest plot`);
  return f.drawing.plot;
};
/** Point marks of vega's SVG (arrows, then estimates): position and path. */
const vegaPoints = (svg: string) =>
  [...svg.matchAll(/<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/g)].flatMap((g) => [...g[1].matchAll(/transform="translate\(([-\d.e]+),([-\d.e]+)\)" d="([^"]*)"/g)].map((m) => ({ at: [Number(m[1]), Number(m[2])], d: m[3] })));
const ourPoints = (svg: string) => [...svg.matchAll(/<path transform="translate\(([-\d.]+),([-\d.]+)\)" d="([^"]*)"/g)].map((m) => ({ at: [Number(m[1]), Number(m[2])], d: m[3] }));
let forests: FigureSpec[];
beforeAll(async () => {
  const a = await analyseStudy('data-samples/sample-study');
  const f = figureSpecs(a, 'en').find((x) => x.id === 'forest_subgroups')!;
  // also with limits beyond the axis (arrows) and an estimate not shown
  const p = plotOf(f);
  const clipped: ForestPlot = {
    ...p,
    marks: p.marks.map((m, k) => (k === 1 ? { ...m, lower: p.domain[0], clippedLow: true } : k === 2 ? { ...m, upper: p.domain[1], clippedHigh: true, or: null } : m)),
    arrows: [
      { row: p.marks[1].row, at: p.domain[0], shape: 'triangle-left' },
      { row: p.marks[2].row, at: p.domain[1], shape: 'triangle-right' },
    ],
  };
  forests = [f, { id: 'clipped', spec: forestSpec(clipped), drawing: { kind: 'forest', plot: clipped } }];
}, 60_000);

describe('forest plot drawn without vega', () => {
  it('places every CI line, arrow and estimate where vega places them, each on its text row', async () => {
    for (const f of forests) {
      const plot = plotOf(f);
      const ours = forestSvg(plot);
      const theirs = (await renderSvg(f.spec)).svg;
      const lines = ourLines(ours, '#1a1a1a', 1.6);
      expect(lines.length, f.id).toBe(plot.marks.length);
      close(lines.flat(), vegaLines(theirs, '#1a1a1a', 1.6).flat(), `${f.id} CI lines`);
      const points = ourPoints(ours);
      const vega = vegaPoints(theirs);
      expect(points.map((p) => p.d), f.id).toEqual(vega.map((p) => p.d));
      close(points.flatMap((p) => p.at), vega.flatMap((p) => p.at), `${f.id} points`);
      // each mark's row is its text's row: y = 24 k + 12
      for (const [, y] of points.map((p) => p.at)) expect((y - 12) % 24, f.id).toBe(0);
    }
  }, 60_000);

  it('prints the same texts as vega, and is the same size within 2 px', async () => {
    for (const f of forests) {
      const ours = forestSvg(plotOf(f));
      const theirs = (await renderSvg(f.spec)).svg;
      expect([...svgTexts(ours)].sort(), f.id).toEqual([...svgTexts(theirs)].sort());
      svgSize(ours).forEach((v, k) => expect(Math.abs(v - svgSize(theirs)[k]), f.id).toBeLessThanOrEqual(2));
    }
  });
});
