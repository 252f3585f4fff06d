/**
 * The submission tables as a word processor lays them out (issue 15): LibreOffice (Debian
 * libreoffice-writer-nogui) converts every RTF and DOCX table of the imroz-like run to PDF, poppler's
 * pdftotext extracts the text, and no header word may be split and no bracketed CI or "(p)" broken:
 * each must appear whole in the PDF at least as often as the table prints it. Skipped, saying so,
 * where LibreOffice is not installed outside CI; CI installs it (.ci/run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseStudy, type Analysis } from '../../pipeline/analyse.js';
import { startOutputs } from '../../reports/buildOutputs.js';
import { noFigures } from '../helpers/figureRenderers.js';
import { LABELS } from '../../reports/labels.js';
import { efficacySummaryTable } from '../../reports/tables/efficacySummaryTable.js';
import { mrdRatesTable } from '../../reports/tables/mrdRatesTable.js';
import { mrdComparisonsTable } from '../../reports/tables/mrdComparisonsTable.js';
import { landmarkTable, survivalTable } from '../../reports/tables/survivalTable.js';
import { concordanceTable, failuresTable, flagsTable } from '../../reports/tables/qualityTables.js';
import type { ReportTable } from '../../reports/tables/table.js';
import { cellMark, footnoteMarks } from '../../reports/render/page.js';

const haveLo = spawnSync('soffice', ['--version']).status === 0 && spawnSync('pdftotext', ['-v']).status === 0;
if (!haveLo && process.env.CI) throw new Error('LibreOffice (soffice) and poppler-utils (pdftotext) are required in CI');

let dir: string;

const KEEP_ROWS = [26, 27, 28, 29, 30, 31];
const keepTable = (n: number): ReportTable => ({
  id: 'keep',
  title: 'Keep test',
  subtitle: 'sub',
  orientation: 'landscape',
  columns: ['Row', 'Value'],
  rows: Array.from({ length: n }, (_, i) => [`row ${i + 1}`, `value ${i + 1}`]),
  footnotes: ['FOOTNOTE ONE', 'FOOTNOTE TWO', 'FOOTNOTE THREE'],
});
const pages = new Map<string, string[]>();
let a: Analysis;
const pdfText = new Map<string, string>();

beforeAll(async () => {
  if (!haveLo) return;
  dir = mkdtempSync(join(tmpdir(), 'mrd-lo-'));
  a = await analyseStudy('data-samples/imroz-like');
  const inputs: string[] = [];
  for (const lang of ['en', 'zh'] as const) {
    // tables only: the figures are not drawn
    const files = (await startOutputs(a, { lang, version: 'test', runDate: '2026-12-04', figures: noFigures() })).ready;
    for (const [name, content] of files) {
      if (!/^tables\/.*\.(rtf|docx)$/.test(name)) continue;
      const [stem, ext] = name.slice('tables/'.length).split('.');
      const file = join(dir, `${lang}-${stem}-${ext}.${ext}`);
      writeFileSync(file, content as string | Uint8Array);
      inputs.push(file);
    }
    // tables whose last rows and footnotes fall at a page end (28 and 29 rows left the footnotes alone
    // on page 2 before the last row was kept with them)
    if (lang === 'en') {
      const { renderRtf } = await import('../../reports/render/rtf.js');
      const { renderDocx } = await import('../../reports/render/docx.js');
      for (const n of KEEP_ROWS) {
        const t = keepTable(n);
        writeFileSync(join(dir, `keep-${n}-rtf.rtf`), renderRtf(t, { lang, studyTitle: 'S' }));
        writeFileSync(join(dir, `keep-${n}-docx.docx`), await renderDocx(t, { lang, studyTitle: 'S' }));
        inputs.push(join(dir, `keep-${n}-rtf.rtf`), join(dir, `keep-${n}-docx.docx`));
      }
    }
  }
  // one LibreOffice process for every file of both languages (start-up is most of the time)
  const r = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'pdf', '--outdir', dir, ...inputs], { encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.pdf'))) {
    const t = spawnSync('pdftotext', ['-layout', join(dir, f), '-'], { encoding: 'utf8' });
    // no-break spaces and hyphens, and raised exponents (10−5), read as the text model writes them
    pages.set(f, t.stdout.split('\f').filter((p) => p.trim() !== ''));
    pdfText.set(f, t.stdout.replace(/\u00a0/g, ' ').replace(/\u2011/g, '-').replace(/10\u2212(\d+)/g, '10^-$1'));
  }
}, 300_000);
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

/**
 * Occurrences of `piece` in `text`, as a whole piece (not inside a longer word); a piece written
 * `word|mark` may carry its raised footnote letters glued on (pdftotext puts them there or on a line
 * of their own).
 */
function count(text: string, piece: string): number {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const [word, mark] = piece.split('|');
  const pattern = mark ? `${esc(word)}(?:${esc(mark)})?` : esc(word);
  return (text.match(new RegExp(`(?<![\\p{L}\\p{N}_])${pattern}(?![\\p{L}\\p{N}_])`, 'gu')) ?? []).length;
}

/** The pieces a layout must never break: Latin header words, and each bracketed or parenthesised group of the cells. */
function pieces(t: ReportTable): Map<string, number> {
  const out = new Map<string, number>();
  const add = (p: string) => out.set(p, (out.get(p) ?? 0) + 1);
  const { cells: marks } = footnoteMarks(t);
  // a header's footnote letters are set right after its last word
  t.columns.forEach((h, j) => {
    const words = h.split(/\s+/);
    words.forEach((w, k) => {
      if (/^[A-Za-z][A-Za-z'-]{3,}$/.test(w)) add(k === words.length - 1 && cellMark(marks, null, j) ? `${w}|${cellMark(marks, null, j).replace(/,/g, '')}` : w);
    });
  });
  // (a threshold's raised exponent, "(10^-5)", is left out: pdftotext places raised text on a line of its own)
  for (const row of t.rows) for (const cell of row) for (const m of cell.matchAll(/\[[^\]]+\]|\(\d[^)]*\)/g)) if (!m[0].includes('^')) add(m[0]);
  return out;
}

describe.skipIf(!haveLo)('submission tables through LibreOffice', () => {
  const builders = [efficacySummaryTable, mrdRatesTable, mrdComparisonsTable, survivalTable, landmarkTable, concordanceTable, failuresTable, flagsTable];
  for (const lang of ['en', 'zh'] as const) {
    for (const ext of ['rtf', 'docx']) {
      it(`${lang} ${ext}: no header word split, no CI broken across lines`, () => {
        const problems: string[] = [];
        for (const build of builders) {
          const t = build(a, LABELS[lang]);
          const pdf = pdfText.get(`${lang}-${t.id}-${ext}.pdf`);
          expect(pdf, `${lang}-${t.id}.${ext} was converted`).toBeDefined();
          for (const [p, n] of pieces(t)) if (count(pdf!, p) < n) problems.push(`${t.id}: "${p}" ${count(pdf!, p)} of ${n}`);
        }
        expect(problems).toEqual([]);
      });
    }
  }
});

describe.skipIf(!haveLo)('no footnote alone on a page (LibreOffice)', () => {
  it.each(['rtf', 'docx'])('%s: the last row goes with the footnotes, and they stay together', (ext) => {
    const seen: string[] = [];
    for (const n of KEEP_ROWS) {
      const p = pages.get(`keep-${n}-${ext}.pdf`)!;
      const last = p[p.length - 1];
      seen.push(`${n}: ${p.length} page(s), ${(last.match(/^\s*row \d+/gm) ?? []).length} row(s) and ${(last.match(/FOOTNOTE/g) ?? []).length} footnote(s) on the last`);
      expect(last.match(/FOOTNOTE/g), seen.join('; ')).toHaveLength(3);
      expect(last, seen.join('; ')).toContain(`row ${n}`);
    }
    // the range does cross a page end, else the check proves nothing
    expect(KEEP_ROWS.some((n) => pages.get(`keep-${n}-${ext}.pdf`)!.length > 1), seen.join('; ')).toBe(true);
    expect(KEEP_ROWS.some((n) => pages.get(`keep-${n}-${ext}.pdf`)!.length === 1), seen.join('; ')).toBe(true);
  });
});
