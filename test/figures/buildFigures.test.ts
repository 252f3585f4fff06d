import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { buildFigures, figureSpecs } from '../../reports/figures/buildFigures.js';
import { FIGURE_LABELS } from '../../reports/figures/figureLabels.js';
import { kmTicks, numberAtRisk } from '../../reports/figures/kaplanMeierFigure.js';
import { renderFigure } from '../../reports/figures/render.js';
import { compileSpec, raisePowersOfTen } from '../helpers/vegaSvg.js';
import { FIGURE_DPI, figureBox } from '../../reports/render/page.js';
import { badGeometry } from '../helpers/figureRenderers.js';
import type { KaplanMeierCurve } from '../../analyses/stats/kaplanMeier.js';

type Lang = 'en' | 'zh';
type Files = Map<string, string | Uint8Array>;

const studies: Record<string, Analysis> = {};
const built: Record<string, Files> = {};
const key = (study: string, lang: Lang) => `${study}/${lang}`;
const cases: [string, Lang][] = [
  ['sample-study', 'en'],
  ['sample-study', 'zh'],
  ['rules-check', 'en'],
  ['rules-check', 'zh'],
];

beforeAll(async () => {
  for (const s of ['sample-study', 'rules-check']) studies[s] = await analyseStudy(`data-samples/${s}`);
  for (const [s, lang] of cases) built[key(s, lang)] = await buildFigures(studies[s], lang);
  // FIGURES_OUT=/some/dir writes every file, to look at the figures
  const out = process.env.FIGURES_OUT;
  if (out) {
    for (const [s, lang] of cases) {
      for (const [path, content] of built[key(s, lang)]) {
        const file = join(out, `${s}-${lang}`, path);
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, content);
      }
    }
  }
}, 120_000);

const text = (files: Files, path: string): string => {
  const v = files.get(path);
  if (typeof v !== 'string') throw new Error(`${path} is not text`);
  return v;
};
const bytes = (files: Files, path: string): Uint8Array => {
  const v = files.get(path);
  if (!(v instanceof Uint8Array)) throw new Error(`${path} is not binary`);
  return v;
};
const ids = (files: Files) => [...new Set([...files.keys()].map((p) => p.replace(/^figures\//, '').replace(/\.(vl\.json|svg|png)$/, '')))];
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** width and height of a PNG from its IHDR chunk, after checking the signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(v.getUint32(8)).toBe(13);
  expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const m = /^<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  expect(m).not.toBeNull();
  return { width: Number(m![1]), height: Number(m![2]) };
}

describe.each(cases)('figures of %s in %s', (study, lang) => {
  const L = FIGURE_LABELS[lang];

  it('has every expected figure with its three files', () => {
    const files = built[key(study, lang)];
    const a = studies[study];
    const expected = [
      ...a.timeToEvent.filter((t) => t.groupedBy === 'arm' && t.threshold === null).map((t) => `km_${t.endpoint.toLowerCase()}`),
      'km_pfs_by_mrd',
      'mrd_rates_by_threshold',
      'forest_subgroups',
      'swimmer_mrd',
      'failure_reasons',
    ];
    // the swimmer's further pages, one per report.swimmer.pageSize subjects with a sample
    const withSamples = new Set(a.tables.mrd.text.USUBJID.toArray() as string[]).size;
    const pages = Math.min(a.plan.report.swimmer.maxPages, Math.ceil(withSamples / a.plan.report.swimmer.pageSize));
    for (let p = 2; p <= pages; p++) expected.push(`swimmer_mrd_p${p}`);
    expect(ids(files).sort()).toEqual([...expected].sort());
    for (const id of expected) {
      for (const ext of ['vl.json', 'svg', 'png']) expect(files.has(`figures/${id}.${ext}`)).toBe(true);
    }
    expect(files.size).toBe(3 * expected.length);
  });

  it('writes specs that are valid Vega-Lite and compile without a warning', () => {
    const files = built[key(study, lang)];
    for (const id of ids(files)) {
      const spec = JSON.parse(text(files, `figures/${id}.vl.json`));
      expect(spec.$schema).toMatch(/vega-lite\/v6/);
      const warnings: string[] = [];
      const vg = compileSpec(spec, warnings);
      expect(vg.marks?.length ?? 0).toBeGreaterThan(0);
      expect(warnings, id).toEqual([]);
    }
  });

  it('writes PNGs that decode, 1 to 2 PNG pixels per SVG pixel, at least 300 dpi where the DOCX/RTF place them unless at 2', () => {
    const files = built[key(study, lang)];
    const scales = new Set<number>();
    for (const id of ids(files)) {
      const bytesOf = bytes(files, `figures/${id}.png`);
      const png = pngSize(bytesOf);
      const svg = svgSize(text(files, `figures/${id}.svg`));
      const scale = png.width / svg.width;
      expect(Math.abs(png.height / svg.height - scale), id).toBeLessThan(0.01); // one zoom for both sides
      expect(scale, id).toBeGreaterThanOrEqual(1);
      expect(scale, id).toBeLessThanOrEqual(2.005);
      const box = figureBox(bytesOf);
      const dpi = png.width / (box.widthTwips / 1440);
      if (scale < 1.995) expect(dpi, id).toBeGreaterThanOrEqual(FIGURE_DPI - 1);
      // between the bounds, no more pixels than 300 dpi needs
      if (scale > 1.005 && scale < 1.995) expect(dpi, id).toBeLessThan(FIGURE_DPI + 3);
      scales.add(Math.round(scale * 100) / 100);
    }
    // the Kaplan-Meier plots need the full 2, a swimmer page of 100 lanes only 1
    expect(scales.has(2), [...scales].join()).toBe(true);
    if (files.has('figures/swimmer_mrd_p2.png')) expect(pngSize(bytes(files, 'figures/swimmer_mrd.png')).width).toBe(svgSize(text(files, 'figures/swimmer_mrd.svg')).width);
  });

  it('places every mark at finite coordinates (the check the property tests make of random edits)', () => {
    const files = built[key(study, lang)];
    for (const id of ids(files)) expect(badGeometry(text(files, `figures/${id}.svg`)), id).toEqual([]);
    // the check sees a NaN in geometry, not in text
    expect(badGeometry('<path d="M0,NaN L1,2"/><g transform="translate(Infinity,0)"><text x="3">NaN</text></g>')).toEqual(['d="M0,NaN L1,2"', 'transform="translate(Infinity,0)"']);
  });

  it('writes SVGs with the titles in the chosen language, all text in Noto Sans SC', () => {
    const files = built[key(study, lang)];
    const a = studies[study];
    const titles: Record<string, string> = {
      km_pfs: L.kmTitle('PFS'),
      mrd_rates_by_threshold: L.mrdRatesTitle,
      failure_reasons: L.failuresTitle,
      forest_subgroups: L.forestTitle('10^-5'),
      swimmer_mrd: L.swimmerTitle('10^-5'),
      km_pfs_by_mrd: L.kmPfsByMrdTitle(a.plan.mrdLandmark!, '10^-5'),
    };
    for (const [id, title] of Object.entries(titles)) {
      const svg = text(files, `figures/${id}.svg`);
      expect(svg, id).toContain(raisePowersOfTen(`>${escapeXml(title)}<`));
      const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
      expect([...families], id).toEqual(['Noto Sans SC']);
      expect(svg).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/); // no time stamp
    }
    expect(text(files, 'figures/km_pfs.svg')).toContain(`>${escapeXml(L.numberAtRisk)}<`);
    expect(text(files, 'figures/km_pfs.svg')).toContain(`>${escapeXml(L.monthsSinceRandomisation)}<`);
  });

  it('draws the Kaplan-Meier curves, censoring and number at risk from the analysis', () => {
    const files = built[key(study, lang)];
    const a = studies[study];
    for (const t of a.timeToEvent.filter((x) => x.groupedBy === 'arm' && x.threshold === null)) {
      const spec = JSON.parse(text(files, `figures/km_${t.endpoint.toLowerCase()}.vl.json`));
      const d = spec.datasets as Record<string, Record<string, number | string>[]>;
      const groups = t.analysis.groups.filter((g) => g.curve);
      const ticks = kmTicks(groups.map((g) => ({ label: g.group, curve: g.curve, median: g.median })));
      for (const g of groups) {
        const label = a.plan.arms.find((x) => x.code === g.group)!.label;
        const c = g.curve!;
        const points = d.curve.filter((p) => p.group === label);
        // starts at (0, 1), then one point per curve time with S(t)
        expect(points[0]).toEqual({ group: label, time: 0, surv: 1 });
        expect(points.slice(1).map((p) => p.time)).toEqual(Array.from(c.time));
        expect(points.slice(1).map((p) => p.surv)).toEqual(Array.from(c.surv));
        // the first drop of the curve is drawn at the first event time with the analysis' S(t)
        const k = c.nEvent.findIndex((e) => e > 0);
        if (k >= 0) expect(points.find((p) => (p.surv as number) < 1)).toEqual({ group: label, time: c.time[k], surv: c.surv[k] });
        // a censoring tick at each time with a censored subject
        const censored = Array.from(c.time).filter((_, j) => c.nCensor[j] > 0);
        expect(d.censor.filter((p) => p.group === label).map((p) => p.time)).toEqual(censored);
        // number at risk: the curve's nRisk, and independently the subjects with time >= tick
        const risk = d.risk.filter((r) => r.group === label);
        expect(risk.map((r) => r.tick)).toEqual(ticks);
        expect(risk.map((r) => r.n)).toEqual(numberAtRisk(c, ticks));
        expect(risk[0].n).toBe(c.n);
        for (const r of risk) {
          let n = 0;
          for (let j = 0; j < c.time.length; j++) if (c.time[j] >= (r.tick as number)) n += c.nEvent[j] + c.nCensor[j];
          expect(r.n).toBe(n);
        }
        // a band point only where both limits exist
        for (const b of d.band.filter((p) => p.group === label)) {
          const j = Array.from(c.time).indexOf(b.time as number);
          expect(j).toBeGreaterThanOrEqual(0);
          const lo = c.lower[j];
          if (lo !== null) expect([b.lower, b.upper]).toEqual([lo, c.upper[j]]);
        }
      }
      // the statistics note carries the log-rank p of the analysis
      const svg = text(files, `figures/km_${t.endpoint.toLowerCase()}.svg`);
      const p = t.analysis.logrankP!;
      expect(svg).toContain(p < 0.0001 ? '&lt;0.0001' : p.toFixed(4));
    }
  });

  it('pages the swimmer plot over every subject with a sample, longest follow-up first, with event markers', () => {
    const a = studies[study];
    const files = built[key(study, lang)];
    const subjects = new Set(a.tables.mrd.text.USUBJID.toArray() as string[]).size;
    const { pageSize, maxPages } = a.plan.report.swimmer;
    const pages = Math.min(maxPages, Math.ceil(subjects / pageSize));
    const ids = ['swimmer_mrd', ...Array.from({ length: pages - 1 }, (_, k) => `swimmer_mrd_p${k + 2}`)];
    expect([...files.keys()].filter((f) => /^figures\/swimmer_mrd.*\.svg$/.test(f)).sort()).toEqual(ids.map((i) => `figures/${i}.svg`).sort());
    const lanes: { subject: string; to: number }[] = [];
    ids.forEach((id, page) => {
      const spec = JSON.parse(text(files, `figures/${id}.vl.json`));
      const shown = Math.min(pageSize, subjects - page * pageSize);
      expect(text(files, `figures/${id}.svg`)).toContain(`>${escapeXml(L.swimmerSubtitle(page * pageSize + 1, page * pageSize + shown, subjects, page + 1, pages, Math.max(0, subjects - pages * pageSize)))}<`);
      const pageLanes = spec.vconcat.flatMap((p: { layer: { data: { values: { subject: string; to: number }[] } }[] }) => p.layer[0].data.values);
      expect(pageLanes.length).toBe(shown);
      lanes.push(...pageLanes);
    });
    // every subject once; within an arm panel, longest follow-up first
    expect(new Set(lanes.map((l) => l.subject)).size).toBe(Math.min(subjects, pages * pageSize));
    const spec = JSON.parse(text(files, 'figures/swimmer_mrd.vl.json'));
    for (const panel of spec.vconcat) {
      const tos = panel.layer[0].data.values.map((l: { to: number }) => l.to);
      expect(tos).toEqual([...tos].sort((x: number, y: number) => y - x));
      // the events layer: progression/death and subsequent therapy markers, on the methods' shape scale
      const events = panel.layer.at(-1);
      expect(events.mark.color).toBe('#b2182b');
      expect(events.data.values.every((v: { method: string }) => [L.swimmerEvent('PROGRESSION'), L.swimmerEvent('NEW_THERAPY')].includes(v.method))).toBe(true);
    }
  });

  it('gives byte-identical files on a second build', async () => {
    const again = await buildFigures(studies[study], lang);
    const first = built[key(study, lang)];
    expect([...again.keys()]).toEqual([...first.keys()]);
    for (const [path, content] of first) {
      const other = again.get(path)!;
      expect(Buffer.compare(Buffer.from(other), Buffer.from(content)), path).toBe(0);
    }
  });
});

describe('figures with nothing to show', () => {
  it('leaves out the forest plot without subgroups and the failure figure without failures', () => {
    const a = studies['sample-study'];
    const specs = figureSpecs({ ...a, subgroups: [], failures: [] }, 'en').map((f) => f.id);
    expect(specs).not.toContain('forest_subgroups');
    expect(specs).not.toContain('failure_reasons');
    expect(specs).toContain('km_pfs');
  });
});

describe('labels from the data', () => {
  it('are escaped in the SVG and drawn by resvg', async () => {
    const a = studies['sample-study'];
    const arms = a.plan.arms.map((x, i) => (i === 0 ? { ...x, label: 'Drug <X> & "VRd" \'1\'' } : x));
    const r = await renderFigure(figureSpecs({ ...a, plan: { ...a.plan, arms } }, 'en').find((f) => f.id === 'km_pfs')!);
    expect(r.svg).toContain('Drug &lt;X&gt; &amp;');
    expect(r.svg).not.toContain('Drug <X>');
    expect(pngSize(r.png).width).toBeGreaterThan(0);
  });
});

describe('arms printed the same', () => {
  it('are told apart by their code', () => {
    const a = studies['sample-study'];
    const arms = a.plan.arms.map((x) => ({ ...x, label: 'Same' }));
    const spec = figureSpecs({ ...a, plan: { ...a.plan, arms } }, 'en').find((f) => f.id === 'km_pfs')!.spec as unknown as {
      datasets: { risk: { group: string }[] };
    };
    expect([...new Set(spec.datasets.risk.map((r) => r.group))]).toEqual(a.plan.arms.map((x) => `Same (${x.code})`));
  });
});

describe('numberAtRisk', () => {
  const curve = (time: number[], nRisk: number[]): KaplanMeierCurve =>
    ({ time: Float64Array.from(time), nRisk: Int32Array.from(nRisk) }) as unknown as KaplanMeierCurve;

  it('reads nRisk at the first curve time at or after each tick, 0 past the end', () => {
    const c = curve([2, 6, 6.5, 13], [10, 8, 5, 1]);
    expect(numberAtRisk(c, [0, 6, 12, 18])).toEqual([10, 8, 1, 0]);
    expect(numberAtRisk(c, [13])).toEqual([1]);
    expect(numberAtRisk(null, [0, 6])).toEqual([0, 0]);
  });
});
