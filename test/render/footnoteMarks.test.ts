/** Footnote markers in the body, page orientation per table, no footnote alone on a page (issue 15). */
import { describe, expect, it } from 'vitest';
import { cellMark, footnoteMarks, PAGE, PORTRAIT_PAGE, tablePage } from '../../reports/render/page.js';
import { renderRtf } from '../../reports/render/rtf.js';
import { renderDocx } from '../../reports/render/docx.js';
import { tableHtml } from '../../reports/render/html.js';
import { toCsv } from '../../reports/render/csv.js';
import type { ReportTable } from '../../reports/tables/table.js';
import { rtfTableText } from './rtfLite.js';
import { readZip, zipText } from './zipLite.js';
import { documentParts } from './docxLite.js';

const EN = { lang: 'en', studyTitle: 'S' } as const;

const MARKED: ReportTable = {
  id: 'm',
  title: 'Marked',
  subtitle: '',
  columns: ['Endpoint', 'Rate [CI]', 'p'],
  rows: [
    ['MRD negative', '10/20 (50.0) [27.2, 72.8]', '0.0310'],
    ['Sustained', '5/20 (25.0) [8.7, 49.1]', '0.4120'],
  ],
  footnotes: ['General note, no mark.', 'CI: Clopper-Pearson.', 'p: CMH.', 'Nominal p.'],
  marks: [
    { footnote: 1, row: null, column: 1 },
    { footnote: 3, row: null, column: 2 },
    { footnote: 2, row: null, column: 2 },
    { footnote: 1, row: 1, column: 0 },
  ],
};

describe('footnoteMarks', () => {
  it('letters the marked footnotes a, b, c in footnote order and leaves general notes unlettered', () => {
    const { letters, cells } = footnoteMarks(MARKED);
    expect(letters).toEqual([null, 'a', 'b', 'c']);
    expect(cellMark(cells, null, 1)).toBe('a');
    expect(cellMark(cells, null, 2)).toBe('b,c');
    expect(cellMark(cells, 1, 0)).toBe('a');
    expect(cellMark(cells, 0, 0)).toBe('');
  });

  it('refuses a mark that points past the footnotes', () => {
    expect(() => footnoteMarks({ ...MARKED, marks: [{ footnote: 4, row: null, column: 0 }] })).toThrow(/footnote 5 of 4/);
  });

  it('RTF, DOCX and HTML print the letters raised after the cell and before the footnote; CSV stays data', async () => {
    const rtf = renderRtf(MARKED, EN);
    expect(rtf).toContain('Rate [CI]{\\super a}\\cell');
    expect(rtf).toContain('p{\\super b,c}\\cell');
    expect(rtf).toContain('{\\super b}\\~p: CMH.\\par');
    expect(rtf).toMatch(/ General note, no mark\.\\par/);
    const back = rtfTableText(rtf);
    expect(back.rows[0]).toEqual(['Endpoint', 'Rate [CI]a', 'pb,c']);
    expect(back.rows[2][0]).toBe('Sustaineda');
    const doc = zipText(readZip(await renderDocx(MARKED, EN)), 'word/document.xml');
    const parts = documentParts(doc);
    expect(parts.rows[0].cells).toEqual(['Endpoint', 'Rate [CI]a', 'pb,c']);
    expect(parts.rows[0].xml).toMatch(/<w:vertAlign w:val="superscript"\/><\/w:rPr><w:t xml:space="preserve">b,c<\/w:t>/);
    expect(parts.after).toEqual(['General note, no mark.', 'a\u00a0CI: Clopper-Pearson.'.replace('\u00a0', ' '), 'b p: CMH.', 'c Nominal p.']);
    const html = tableHtml(MARKED);
    expect(html).toContain('<th class="num">p<sup class="mark">b,c</sup></th>'.replace(' class="num"', ''));
    expect(html).toContain('<li><sup class="mark">a</sup>\u00a0CI: Clopper-Pearson.</li>');
    expect(toCsv(MARKED.columns, MARKED.rows)).not.toMatch(/Rate \[CI\]a/);
  });
});

describe('no footnote alone on a page', () => {
  it('RTF: the last row keeps with the next (\\keepn in its cells), every footnote but the last too', () => {
    const rtf = renderRtf(MARKED, EN);
    const cells = [...rtf.matchAll(/\\pard\\intbl[^ ]*/g)].map((m) => m[0]);
    // header (3 cells), row 1 (3), row 2 (3): only the last row's cells keep with the next
    expect(cells.map((c) => c.includes('\\keepn'))).toEqual([false, false, false, false, false, false, true, true, true]);
    const notes = [...rtf.slice(rtf.lastIndexOf('\\row')).matchAll(/\\pard\\ql[^ ]*/g)].map((m) => m[0].includes('\\keepn'));
    expect(notes).toEqual([true, true, true, false]);
  });

  it('DOCX: keepNext on the last row\'s paragraphs and on every footnote but the last', async () => {
    const parts = documentParts(zipText(readZip(await renderDocx(MARKED, EN)), 'word/document.xml'));
    expect(parts.rows.map((r) => r.xml.includes('<w:keepNext/>'))).toEqual([false, false, true]);
    const doc = zipText(readZip(await renderDocx(MARKED, EN)), 'word/document.xml');
    const after = doc.slice(doc.indexOf('</w:tbl>'));
    expect([...after.matchAll(/<w:p>(.*?)<\/w:p>/g)].map((m) => m[1].includes('<w:keepNext/>'))).toEqual([true, true, true, false]);
  });

  it('a table without footnotes keeps nothing with the next', () => {
    expect(renderRtf({ ...MARKED, footnotes: [], marks: [] }, EN)).not.toMatch(/\\intbl[^ ]*\\keepn/);
  });
});

describe('page orientation per table', () => {
  const wide: ReportTable = { ...MARKED, columns: [...MARKED.columns, 'Odds ratio (MH) [CI]', 'Difference, % [CI]', 'Hazard ratio [CI]'], rows: MARKED.rows.map((r) => [...r, '1.23 [0.98, 1.55]', '12.3 [-0.1, 21.3]', '0.61 [0.45, 0.82]']) };

  it('auto: portrait when every column fits the portrait block on one line at 9 pt, else landscape', () => {
    const narrow = tablePage(MARKED);
    expect(narrow.page).toBe(PORTRAIT_PAGE);
    expect(narrow.layout.oneLine).toBe(true);
    expect(narrow.layout.widths.reduce((s, w) => s + w, 0)).toBe(9026);
    expect(tablePage(wide).page).toBe(PAGE);
  });

  it('the plan forces either: portrait wraps to fit, landscape widens', () => {
    const forced = tablePage({ ...wide, orientation: 'portrait' });
    expect(forced.page).toBe(PORTRAIT_PAGE);
    expect(forced.layout.widths.reduce((s, w) => s + w, 0)).toBe(9026);
    expect(tablePage({ ...MARKED, orientation: 'landscape' }).page).toBe(PAGE);
  });

  it('portrait pages: A4 turned, text block 9026 × 12960 twips, fitting US Letter portrait with 1 in margins', () => {
    const g = PORTRAIT_PAGE;
    expect(g.width - g.marginLeft - g.marginRight).toBe(g.textWidth);
    expect(g.height - g.marginTop - g.marginBottom).toBe(PAGE.textWidth);
    expect(g.textWidth).toBeLessThanOrEqual(12240 - 2 * 1440);
    expect(g.height - g.marginTop - g.marginBottom).toBeLessThanOrEqual(15840 - 2 * 1440);
  });

  it('RTF and DOCX write the portrait page (no landscape flag) and the header tab at its text width', async () => {
    const rtf = renderRtf(MARKED, EN);
    expect(rtf).toContain('\\paperw11906\\paperh16838\\margl1440\\margr1440\\margt1939\\margb1939\\widowctrl');
    expect(rtf).not.toContain('\\landscape');
    expect(rtf).toContain('\\tqr\\tx9026');
    const zip = readZip(await renderDocx(MARKED, EN));
    const doc = zipText(zip, 'word/document.xml');
    expect(/<w:pgSz [^>]*\/>/.exec(doc)![0]).toBe('<w:pgSz w:w="11906" w:h="16838"/>');
    expect(doc).toContain('<w:tblW w:w="9026" w:type="dxa"/>');
    expect(zipText(zip, 'word/header1.xml')).toContain('<w:tab w:val="right" w:pos="9026"/>');
    expect(renderRtf(wide, EN)).toContain('\\landscape');
  });
});
