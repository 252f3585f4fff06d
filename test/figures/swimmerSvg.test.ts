import { beforeAll, describe, expect, it } from 'vitest';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { figureSpecs, type FigureSpec } from '../../reports/figures/figureSpecs.js';
import { vegaSvg as renderSvg } from '../helpers/vegaSvg.js';
import { swimmerSvg } from '../../reports/figures/swimmerSvg.js';
import { escapeText, num, raiseTextPowers, symbolPath } from '../../reports/figures/svgMarkup.js';
import type { SwimmerPage } from '../../reports/figures/swimmerPage.js';
import { svgSize as size, svgTexts as texts } from '../helpers/svgCompare.js';

// The swimmer pages are drawn without vega (swimmerSvg.ts) while their Vega-Lite spec is still written
// as .vl.json: the two must show the same marks at the same places. vega draws the spec here, and
// every lane and sample mark is compared with ours, panel by panel.

interface Mark {
  x: number;
  y: number;
  /** the path of a point mark, or the length of a lane's rule */
  shape: string;
  fill: string;
}

/** Marks of vega's SVG per panel (concat_<p>), in drawing order: lane rules, then point marks. */
function vegaMarks(svg: string): Mark[][] {
  const panels: Mark[][] = [];
  for (const g of svg.matchAll(/<g class="mark-(rule|symbol) role-mark concat_(\d+)_layer_\d+_marks"[^>]*>(.*?)<\/g>/g)) {
    const p = Number(g[2]);
    panels[p] ??= [];
    for (const m of g[3].matchAll(/transform="translate\(([-\d.e]+),([-\d.e]+)\)"(?: d="([^"]*)" fill="([^"]*)"| x2="([-\d.e]+)")/g)) {
      panels[p].push({ x: Number(m[1]), y: Number(m[2]), shape: m[3] ?? num(Number(m[5])), fill: m[4] ?? 'rule' });
    }
  }
  return panels;
}

/** The same marks of our SVG: each panel is a translated group; rules are the lanes' grey lines. */
function ourMarks(svg: string): Mark[][] {
  return [...svg.matchAll(/<g transform="translate\([-\d.]+,[-\d.]+\)">(.*?)<\/g>/g)].map((g) => {
    const marks: Mark[] = [];
    for (const m of g[1].matchAll(/<line x1="([-\d.]+)" y1="([-\d.]+)" x2="([-\d.]+)" y2="[-\d.]+" stroke="#b0b0b0"|<path transform="translate\(([-\d.]+),([-\d.]+)\)" d="([^"]*)" fill="([^"]*)"/g)) {
      if (m[1] !== undefined) marks.push({ x: Number(m[1]), y: Number(m[2]), shape: num(Number(m[3]) - Number(m[1])), fill: 'rule' });
      else marks.push({ x: Number(m[4]), y: Number(m[5]), shape: m[6], fill: m[7] });
    }
    return marks;
  });
}


const pageOf = (f: FigureSpec): SwimmerPage => {
  if (f.drawing?.kind !== 'swimmer') throw new Error(`${f.id} is not a swimmer page`);
  return f.drawing.page;
};

let analysis: Analysis;
let swimmers: FigureSpec[];
beforeAll(async () => {
  analysis = await analyseStudy('data-samples/sample-study');
  swimmers = figureSpecs(analysis, 'en').filter((f) => f.id.startsWith('swimmer_mrd'));
}, 60_000);

describe('swimmer pages drawn without vega', () => {
  it('place every lane and sample mark where vega places them, with the same shape and colour', async () => {
    expect(swimmers.length).toBeGreaterThan(0);
    // the sample study has both methods (offset within the lane) and both kinds of event
    expect(pageOf(swimmers[0]).methods.length).toBe(2);
    expect(new Set(swimmers.flatMap((f) => pageOf(f).events.map((e) => e.event))).size).toBe(2);
    for (const f of swimmers) {
      const ours = ourMarks(swimmerSvg(pageOf(f)));
      const theirs = vegaMarks((await renderSvg(f.spec)).svg);
      expect(ours.length, f.id).toBe(theirs.length);
      ours.forEach((panel, p) => {
        expect(panel.length, `${f.id} panel ${p}`).toBe(theirs[p].length);
        panel.forEach((m, k) => {
          const v = theirs[p][k];
          if (m.fill === 'rule') expect(Math.abs(Number(m.shape) - Number(v.shape)), `${f.id} ${p}/${k} length`).toBeLessThan(0.002);
          else expect(m.shape, `${f.id} ${p}/${k}`).toBe(v.shape);
          expect(m.fill.toLowerCase(), `${f.id} ${p}/${k}`).toBe(v.fill.toLowerCase());
          expect(Math.abs(m.x - v.x), `${f.id} ${p}/${k} x`).toBeLessThan(0.001);
          expect(Math.abs(m.y - v.y), `${f.id} ${p}/${k} y`).toBeLessThan(0.001);
        });
      });
    }
  }, 60_000);

  it('print the title, subtitle, legends, arm panels, lane labels and axis of the page', async () => {
    const page = pageOf(swimmers[0]);
    const ours = texts(swimmerSvg(page));
    const theirs = texts((await renderSvg(swimmers[0].spec)).svg);
    expect([...ours].sort()).toEqual([...theirs].sort());
    expect(ours).toContain(raiseTextPowers(escapeText(page.title)));
    expect(ours.filter((t) => page.lanes.some((l) => l.subject === t))).toEqual(page.arms.flatMap((arm) => page.lanes.filter((l) => l.arm === arm).map((l) => l.subject)));
  });

  it('is as wide as its plot or its legends, whichever is wider, and as high as its lanes', () => {
    const page: SwimmerPage = pageOf(swimmers[0]);
    const [w, h] = size(swimmerSvg(page));
    const [, h2] = size(swimmerSvg({ ...page, lanes: [...page.lanes, { ...page.lanes[0], subject: 'EXTRA' }] }));
    expect(h2 - h).toBe(14);
    expect(w).toBeGreaterThanOrEqual(760 + 16 * 2 + page.laneLabelWidth);
    const wide = { ...page, status: { ...page.status, domain: page.status.domain.map((d) => `${d} ${'x'.repeat(60)}`) } };
    expect(size(swimmerSvg(wide))[0]).toBeGreaterThan(w + 200);
  });
});

describe('SVG markup', () => {
  it('prints coordinates with at most 3 decimals and never -0', () => {
    expect([num(1 / 3), num(-0.0001), num(2), num(-1.23456)]).toEqual(['0.333', '0', '2', '-1.235']);
  });

  it('escapes text and raises powers of ten', () => {
    expect(escapeText('a<b & c>d')).toBe('a&lt;b &amp; c&gt;d');
    expect(raiseTextPowers('MRD &lt; 10^-5')).toBe('MRD &lt; 10<tspan baseline-shift="super" font-size="70%">\u22125</tspan>');
  });

  it('draws point marks with the paths vega gives the same shapes and sizes', () => {
    // from vega 6's SVG of the swimmer spec and its legends
    expect(symbolPath('circle', 100)).toBe('M5,0A5,5,0,1,1,-5,0A5,5,0,1,1,5,0');
    expect(symbolPath('circle', 46)).toBe('M3.391,0A3.391,3.391,0,1,1,-3.391,0A3.391,3.391,0,1,1,3.391,0');
    expect(symbolPath('triangle-up', 46)).toBe('M0,-2.937L-3.391,2.937L3.391,2.937Z');
    expect(symbolPath('triangle-right', 100)).toBe('M4.33,0L-4.33,-5L-4.33,5Z');
    expect(symbolPath('cross', 52)).toBe('M-3.606,-1.442L-3.606,1.442L-1.442,1.442L-1.442,3.606L1.442,3.606L1.442,1.442L3.606,1.442L3.606,-1.442L1.442,-1.442L1.442,-3.606L-1.442,-3.606L-1.442,-1.442Z');
  });
});
