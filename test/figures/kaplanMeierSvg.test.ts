import { beforeAll, describe, expect, it } from 'vitest';
import { analyseStudy } from '../../pipeline/analyse.js';
import { figureSpecs, type FigureSpec } from '../../reports/figures/figureSpecs.js';
import { vegaSvg as renderSvg } from '../helpers/vegaSvg.js';
import { kaplanMeierSvg } from '../../reports/figures/kaplanMeierSvg.js';
import { kaplanMeierSpec } from '../../reports/figures/kaplanMeierFigure.js';
import type { KmPlot } from '../../reports/figures/kmPlot.js';
import { expectClose as close, svgNumbers as numbers, svgSize as size, svgTexts } from '../helpers/svgCompare.js';

// The Kaplan-Meier figures are drawn without vega (kaplanMeierSvg.ts) while their Vega-Lite spec is
// still written as .vl.json: vega draws the spec here, and the curves, bands, censoring ticks, median
// lines and risk numbers must be at the same places in ours, and every text the same.

const plotOf = (f: FigureSpec): KmPlot => {
  if (f.drawing?.kind !== 'km') throw new Error(`${f.id} is not a Kaplan-Meier figure`);
  return f.drawing.plot;
};

/** The `d` of every path inside vega's mark groups of one class (area, line, symbol). */
function vegaPaths(svg: string, mark: 'area' | 'line' | 'symbol'): { d: string; at: number[] }[] {
  const out: { d: string; at: number[] }[] = [];
  for (const g of svg.matchAll(new RegExp(`<g class="mark-${mark} role-mark concat_0_layer_\\d+_marks"[^>]*>(.*?)</g>`, 'g'))) {
    for (const p of g[1].matchAll(/<path([^>]*?) d="([^"]*)"/g)) {
      const at = /transform="translate\(([-\d.e]+),([-\d.e]+)\)"/.exec(p[1]);
      out.push({ d: p[2], at: at ? [Number(at[1]), Number(at[2])] : [] });
    }
  }
  return out;
}

let kms: FigureSpec[];
beforeAll(async () => {
  const a = await analyseStudy('data-samples/sample-study');
  const figures = figureSpecs(a, 'en').filter((f) => f.id.startsWith('km_'));
  expect(figures.map((f) => f.id)).toEqual(['km_pfs', 'km_pfs_by_mrd']);
  expect(figures.map((f) => plotOf(f).notePlace)).toEqual(['lower-left', 'lower-left']);
  // the note's two other places, drawn from the same plot by both
  const moved = (f: FigureSpec, notePlace: KmPlot['notePlace']): FigureSpec => {
    const plot = { ...plotOf(f), notePlace };
    return { id: `${f.id} (${notePlace})`, spec: kaplanMeierSpec(plot), drawing: { kind: 'km', plot } };
  };
  kms = [...figures, moved(figures[0], 'upper-right'), moved(figures[1], 'subtitle')];
}, 60_000);

describe('Kaplan-Meier figures drawn without vega', () => {
  it('draw the curves, bands and censoring ticks where vega draws them', async () => {
    for (const f of kms) {
      const plot = plotOf(f);
      const ours = kaplanMeierSvg(plot);
      const theirs = (await renderSvg(f.spec)).svg;
      const curves = [...ours.matchAll(/<path d="([^"]*)" fill="none" stroke="[^"]*" stroke-width="2.2"\/>/g)].map((m) => m[1]);
      const vegaCurves = vegaPaths(theirs, 'line');
      expect(curves.length, f.id).toBe(plot.domain.length);
      curves.forEach((d, k) => close(numbers(d), numbers(vegaCurves[k].d), `${f.id} curve ${k}`));
      const bands = [...ours.matchAll(/<path d="([^"]*)Z" fill="[^"]*" fill-opacity/g)].map((m) => m[1]);
      const vegaBands = vegaPaths(theirs, 'area');
      expect(bands.length, f.id).toBe(vegaBands.length);
      bands.forEach((d, k) => close(numbers(d), numbers(vegaBands[k].d.replace(/Z$/, '')), `${f.id} band ${k}`));
      const ticks = [...ours.matchAll(/<path transform="translate\(([-\d.]+),([-\d.]+)\)" d="M0,-4.183L0,4.183"/g)].map((m) => [Number(m[1]), Number(m[2])]);
      const vegaTicks = vegaPaths(theirs, 'symbol').filter((p) => p.d === 'M0,-4.183L0,4.183');
      expect(ticks.length, f.id).toBe(plot.censor.length);
      close(ticks.flat(), vegaTicks.flatMap((p) => p.at), `${f.id} censoring`);
      const medians = [...ours.matchAll(/<line x1="([-\d.]+)" y1="([-\d.]+)" x2="([-\d.]+)" y2="([-\d.]+)"[^>]*stroke-dasharray/g)].map((m) => m.slice(1, 5).map(Number));
      const vegaMedians = [...theirs.matchAll(/<line transform="translate\(([-\d.e]+),([-\d.e]+)\)" x2="([-\d.e]+)" y2="([-\d.e]+)"[^>]*stroke-dasharray/g)].map((m) => {
        const [x, y, dx, dy] = m.slice(1, 5).map(Number);
        return [x, y, x + dx, y + dy];
      });
      expect(medians.length, f.id).toBe(plot.median.length);
      close(medians.flat(), vegaMedians.flat(), `${f.id} medians`);
      // the note's first line: same anchor, same baseline
      if (plot.notePlace !== 'subtitle') {
        const first = (svg: string) => new RegExp(`<text[^>]*?(?:x="([-\\d.]+)" y="([-\\d.]+)"|transform="translate\\(([-\\d.]+),([-\\d.]+)\\)")[^>]*>(?:<tspan>)?${plot.notes[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}<`).exec(svg)!;
        const o = first(ours);
        const v = first(theirs);
        close([Number(o[1]), Number(o[2])], [Number(v[3]), Number(v[4])], `${f.id} note`);
      }
    }
  }, 60_000);

  it('print the same texts as vega: titles, legend, axes, the statistics note and the numbers at risk', async () => {
    for (const f of kms) {
      const ours = svgTexts(kaplanMeierSvg(plotOf(f)));
      const theirs = svgTexts((await renderSvg(f.spec)).svg);
      expect([...ours].sort(), f.id).toEqual([...theirs].sort());
    }
  });

  it('keep the figure the size vega gives it, within 2 px', async () => {
    for (const f of kms) {
      const [w, h] = size(kaplanMeierSvg(plotOf(f)));
      const [vw, vh] = size((await renderSvg(f.spec)).svg);
      expect(Math.abs(w - vw), f.id).toBeLessThanOrEqual(2);
      expect(Math.abs(h - vh), f.id).toBeLessThanOrEqual(2);
    }
  });
});
