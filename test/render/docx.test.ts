import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIXED_DATE, renderDocx } from '../../reports/render/docx.js';
import type { ReportTable } from '../../reports/tables/table.js';
import { TRICKY } from './sampleTable.js';
import { readZip, zipText } from './zipLite.js';
import { documentParts, textOf } from './docxLite.js';

const EN = { lang: 'en', studyTitle: 'SAMPLE-MRD-001: MRD analysis' } as const;
const ZH = { lang: 'zh', studyTitle: 'SAMPLE-MRD-001：MRD 分析' } as const;

afterEach(() => {
  vi.useRealTimers();
});

describe('renderDocx', () => {
  it('gives back every cell in order, the title, subtitle and footnotes', async () => {
    const parts = documentParts(zipText(readZip(await renderDocx(TRICKY, EN)), 'word/document.xml'));
    expect(parts.before).toEqual([TRICKY.title, TRICKY.subtitle]);
    expect(parts.rows.map((r) => r.cells)).toEqual([TRICKY.columns, ...TRICKY.rows]);
    expect(parts.after).toEqual(TRICKY.footnotes);
  });

  it('marks the header row, and only it, as repeated (w:tblHeader); no row splits across pages', async () => {
    const { rows } = documentParts(zipText(readZip(await renderDocx(TRICKY, EN)), 'word/document.xml'));
    expect(rows[0].xml).toMatch(/<w:trPr>[\s\S]*<w:tblHeader\/>[\s\S]*<\/w:trPr>/);
    expect(rows.slice(1).every((r) => !r.xml.includes('w:tblHeader'))).toBe(true);
    expect(rows.every((r) => r.xml.includes('<w:cantSplit/>'))).toBe(true);
  });

  it('draws rules above and below the header and under the last row only', async () => {
    const { rows, tbl } = documentParts(zipText(readZip(await renderDocx(TRICKY, EN)), 'word/document.xml'));
    const ruled = (xml: string, side: string) => (xml.match(new RegExp(`<w:${side} w:val="single"`, 'g')) ?? []).length;
    const n = TRICKY.columns.length;
    expect([ruled(rows[0].xml, 'top'), ruled(rows[0].xml, 'bottom')]).toEqual([n, n]);
    for (const r of rows.slice(1, -1)) expect(ruled(r.xml, 'top') + ruled(r.xml, 'bottom')).toBe(0);
    expect(ruled(rows[rows.length - 1].xml, 'bottom')).toBe(n);
    const tblBorders = /<w:tblBorders>[\s\S]*?<\/w:tblBorders>/.exec(tbl)![0];
    expect(tblBorders).not.toContain('w:val="single"');
  });

  it('lays the table on a fixed grid as wide as the text block', async () => {
    const { tbl } = documentParts(zipText(readZip(await renderDocx(TRICKY, EN)), 'word/document.xml'));
    const grid = [...tbl.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(grid).toHaveLength(TRICKY.columns.length);
    expect(grid.reduce((s, w) => s + w, 0)).toBe(12960);
    expect(tbl).toContain('<w:tblLayout w:type="fixed"/>');
  });

  it('keeps Chinese text and sets an East Asian font (w:eastAsia) and language', async () => {
    const zip = readZip(await renderDocx(TRICKY, ZH));
    expect(zipText(zip, 'word/document.xml')).toContain('MRD阴性率');
    expect(zipText(zip, 'word/document.xml')).toContain('𠀀');
    const styles = zipText(zip, 'word/styles.xml');
    expect(styles).toMatch(/<w:rFonts [^>]*w:eastAsia="SimSun"/);
    expect(styles).toMatch(/<w:rFonts [^>]*w:ascii="Arial"/);
    expect(styles).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
  });

  it('sets a landscape A4 section, the study title in the header and page X of Y in the footer', async () => {
    const zip = readZip(await renderDocx(TRICKY, ZH));
    const doc = zipText(zip, 'word/document.xml');
    const pgSz = /<w:pgSz [^>]*\/>/.exec(doc)![0];
    expect(pgSz).toContain('w:w="16838"');
    expect(pgSz).toContain('w:h="11906"');
    expect(pgSz).toContain('w:orient="landscape"');
    const header = zip.filter((e) => /^word\/header\d*\.xml$/.test(e.name)).map((e) => new TextDecoder().decode(e.data));
    const footer = zip.filter((e) => /^word\/footer\d*\.xml$/.test(e.name)).map((e) => new TextDecoder().decode(e.data));
    expect(header.map(textOf)).toEqual([`方案：${ZH.studyTitle}\t`]);
    expect(header[0]).toMatch(/<w:tab w:val="right" w:pos="12960"\/>/);
    expect(footer).toHaveLength(1);
    expect(footer[0]).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(footer[0]).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/);
    expect(textOf(footer[0])).toContain('页，共');
  });

  it('writes the fixed date into docProps/core.xml and every zip entry', async () => {
    const zip = readZip(await renderDocx(TRICKY, EN));
    const core = zipText(zip, 'docProps/core.xml');
    expect(core).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${FIXED_DATE}</dcterms:created>`);
    expect(core).toContain(`<dcterms:modified xsi:type="dcterms:W3CDTF">${FIXED_DATE}</dcterms:modified>`);
    expect(core).toContain('<dc:title>Table 14.2.1 MRD阴性率 {by arm}</dc:title>');
    for (const e of zip) {
      expect([e.name, e.time, e.date, e.localTime, e.localDate]).toEqual([e.name, 0, 0x21, 0, 0x21]);
      expect(e.method).toBe(8);
    }
  });

  it('is byte-identical for the same table, whatever the clock says', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-07-15T13:37:42.123Z'));
    const a = await renderDocx(TRICKY, ZH);
    vi.setSystemTime(new Date('1999-12-31T23:59:58.999Z'));
    const b = await renderDocx(structuredClone(TRICKY), ZH);
    vi.useRealTimers();
    const c = await renderDocx(TRICKY, ZH);
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(c).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(await renderDocx(TRICKY, EN)).equals(Buffer.from(a))).toBe(false);
  });

  it('renders a table without rows, and refuses a ragged one', async () => {
    const empty: ReportTable = { id: 'e', title: 'Empty', subtitle: '', columns: ['a', 'b'], rows: [], footnotes: [] };
    const parts = documentParts(zipText(readZip(await renderDocx(empty, EN)), 'word/document.xml'));
    expect(parts.rows.map((r) => r.cells)).toEqual([['a', 'b']]);
    expect(parts.before).toEqual(['Empty']);
    await expect(renderDocx({ ...TRICKY, rows: [['x']] }, EN)).rejects.toThrow(RangeError);
  });
});
