/** Figures as RTF and DOCX documents (issue 15): number and title, the PNG itself, footnotes, page frame. */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseStudy } from '../../pipeline/analyse.js';
import { buildOutputs } from '../../reports/buildOutputs.js';
import { figureCache } from '../helpers/figureRenderers.js';
import type { OutputContent } from '../../pipeline/write/writeOutputs.js';
import { figureBox } from '../../reports/render/page.js';
import { readZip } from './zipLite.js';
import { rtfDestinationText, rtfTableText } from './rtfLite.js';

let files: Map<string, OutputContent>;
beforeAll(async () => {
  files = await buildOutputs(await analyseStudy('data-samples/sample-study'), { lang: 'en', version: 't', runDate: '2026-12-04', figures: figureCache() });
}, 120_000);

describe('figure documents', () => {
  it('every figure has an RTF and a DOCX beside its PNG', () => {
    const pngs = [...files.keys()].filter((f) => /^figures\/.*\.png$/.test(f));
    expect(pngs.length).toBeGreaterThanOrEqual(5);
    for (const p of pngs) for (const ext of ['rtf', 'docx']) expect(files.has(p.replace(/png$/, ext)), `${p} .${ext}`).toBe(true);
  });

  it('RTF: numbered title, the PNG bytes as \\pngblip at the size that fits the page, methods as footnotes', () => {
    const rtf = Buffer.from(files.get('figures/km_pfs.rtf') as Uint8Array).toString('utf8');
    const png = files.get('figures/km_pfs.png') as Uint8Array;
    const { before, after } = rtfTableText(rtf);
    expect(before[0]).toMatch(/^Figure \d+: Progression-free survival by arm$/);
    const box = figureBox(png);
    expect(rtf).toContain(`\\pngblip\\picw${box.widthPx}\\pich${box.heightPx}\\picwgoal${box.widthTwips}\\pichgoal${box.heightTwips}`);
    expect(box.widthTwips).toBeLessThanOrEqual(12960);
    const lines = /\\pichgoal\d+\n([0-9a-f\n]+)\}/.exec(rtf)![1].split('\n');
    // 128 hexadecimal digits a line, the last line the rest
    expect(lines.slice(0, -1).every((l) => l.length === 128)).toBe(true);
    expect(lines.at(-1)!.length).toBe(2 * png.length - 128 * (lines.length - 1));
    const hex = lines.join('');
    expect(Buffer.compare(Buffer.from(hex, 'hex'), Buffer.from(png))).toBe(0);
    expect(after.concat(before).join(' ')).toMatch(/Brookmeyer-Crowley/);
    expect(rtfDestinationText(rtf, 'footer')).toBe('Program: mrd-pipeline t; output: figures/km_pfs.rtf; run 2026-12-04\tPage 1 of 1');
  });

  it('DOCX: the same PNG in word/media, the numbered title in the document', () => {
    const zip = readZip(files.get('figures/forest_subgroups.docx') as Uint8Array);
    const media = zip.filter((e) => e.name.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(Buffer.compare(Buffer.from(media[0].data), Buffer.from(files.get('figures/forest_subgroups.png') as Uint8Array))).toBe(0);
    const doc = new TextDecoder().decode(zip.find((e) => e.name === 'word/document.xml')!.data);
    expect(doc).toMatch(/>Figure \d+: MRD negativity by subgroup/);
    expect(doc).toMatch(/Robins-Breslow-Greenland/);
  });

  it('takes its number and title from report.figures when the plan gives them', async () => {
    const a = await analyseStudy('data-samples/sample-study');
    const planned = { ...a, plan: { ...a.plan, report: { ...a.plan.report, figures: { km_pfs: { number: '14.2.2.1', title: 'PFS by arm (ITT)' } } } } };
    const out = await buildOutputs(planned, { lang: 'en', version: 't', figures: figureCache() });
    expect(rtfTableText(Buffer.from(out.get('figures/km_pfs.rtf') as Uint8Array).toString('utf8')).before[0]).toBe('Figure 14.2.2.1: PFS by arm (ITT)');
    expect(out.get('report.html') as string).toContain('<h2>Figure 14.2.2.1: PFS by arm (ITT)</h2>');
  }, 60_000);
});
