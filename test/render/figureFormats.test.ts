/** report.figureFormats: which figure files are written, what is drawn, and what report.html shows. */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { buildOutputs } from '../../reports/buildOutputs.js';
import type { FigureRenderer } from '../../reports/figures/figureRenderer.js';
import type { FigureFormat } from '../../model/plan.js';
import type { OutputContent } from '../../pipeline/write/writeOutputs.js';
import { figureCache } from '../helpers/figureRenderers.js';

let a: Analysis;
let all: Map<string, OutputContent>;
beforeAll(async () => {
  a = await analyseStudy('data-samples/sample-study');
  all = await buildOutputs(a, { lang: 'en', version: 't', figures: figureCache() });
}, 120_000);

/** The outputs with `formats`, and the calls the renderer got (each: number of specs, PNG wanted). */
async function withFormats(formats: FigureFormat[]) {
  const calls: { specs: number; png: boolean | undefined }[] = [];
  const inner = figureCache();
  const counting: FigureRenderer = {
    render(specs, png) {
      calls.push({ specs: specs.length, png });
      return inner.render(specs, png);
    },
    close: () => inner.close(),
  };
  const plan = { ...a.plan, report: { ...a.plan.report, figureFormats: formats } };
  const files = await buildOutputs({ ...a, plan }, { lang: 'en', version: 't', figures: counting });
  return { files, calls };
}

const figureFiles = (files: Map<string, OutputContent>) => [...files.keys()].filter((f) => f.startsWith('figures/'));
const extensions = (files: Map<string, OutputContent>) => [...new Set(figureFiles(files).map((f) => f.replace(/^figures\/[^.]+\./, '')))].sort();
const sections = (files: Map<string, OutputContent>) => (files.get('report.html') as string).match(/<section id="fig-/g)?.length ?? 0;

describe('report.figureFormats', () => {
  it('by default writes png, svg and vl.json with the RTF and DOCX documents, and shows every figure in report.html', () => {
    expect(a.plan.report.figureFormats).toEqual(['png', 'svg', 'vl.json']);
    expect(extensions(all)).toEqual(['docx', 'png', 'rtf', 'svg', 'vl.json']);
    const ids = figureFiles(all).filter((f) => f.endsWith('.svg'));
    expect(ids.length).toBeGreaterThanOrEqual(6);
    expect(sections(all)).toBe(ids.length);
  });

  it('[]: draws nothing, writes no figure file, and report.html has no figure; the tables are unchanged', async () => {
    const { files, calls } = await withFormats([]);
    expect(calls).toEqual([]);
    expect(figureFiles(files)).toEqual([]);
    expect(sections(files)).toBe(0);
    // results.json differs only in the plan it quotes
    for (const [path, content] of all) if ((path.startsWith('tables/') || path === 'ard.json') && typeof content !== 'function') expect(files.get(path), path).toEqual(content);
  });

  it('[svg]: SVGs without PNGs (none drawn), no documents; report.html shows them', async () => {
    const { files, calls } = await withFormats(['svg']);
    expect(calls).toEqual([{ specs: figureFiles(all).filter((f) => f.endsWith('.svg')).length, png: false }]);
    expect(extensions(files)).toEqual(['svg']);
    for (const f of figureFiles(files)) expect(files.get(f), f).toBe(all.get(f));
    expect(sections(files)).toBe(figureFiles(files).length);
  });

  it('[vl.json]: the specs only, the same bytes, nothing drawn', async () => {
    const { files, calls } = await withFormats(['vl.json']);
    expect(calls).toEqual([]);
    expect(extensions(files)).toEqual(['vl.json']);
    for (const f of figureFiles(files)) expect(files.get(f), f).toBe(all.get(f));
    expect(sections(files)).toBe(0);
  });

  it('[png]: PNGs and their documents, the same bytes, no SVG file', async () => {
    const { files, calls } = await withFormats(['png']);
    expect(calls.map((c) => c.png)).toEqual([true]);
    expect(extensions(files)).toEqual(['docx', 'png', 'rtf']);
    for (const f of figureFiles(files)) expect(Buffer.compare(Buffer.from(files.get(f) as Uint8Array | string), Buffer.from(all.get(f) as Uint8Array | string)), f).toBe(0);
  });
});
