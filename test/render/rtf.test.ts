import { describe, expect, it } from 'vitest';
import { renderFigureRtf, renderRtf, rtfEscape } from '../../reports/render/rtf.js';
import type { ReportTable } from '../../reports/tables/table.js';
import { rtfBody, rtfDestinationText, rtfTableText } from './rtfLite.js';
import { TRICKY } from './sampleTable.js';

const EN = { lang: 'en', studyTitle: 'SAMPLE-MRD-001: MRD analysis' } as const;
const ZH = { lang: 'zh', studyTitle: 'SAMPLE-MRD-001：MRD 分析' } as const;
/** the row definitions (\trowd ... up to the first cell paragraph), one per row */
const rowDefs = (rtf: string) => rtf.split('\\trowd').slice(1).map((s) => s.slice(0, s.indexOf('\\pard')));

describe('rtfEscape', () => {
  it('escapes backslash and braces, keeps printable ASCII', () => {
    expect(rtfEscape('a\\b{c}d =1+2')).toBe('a\\\\b\\{c\\}d =1+2');
  });
  it('writes non-ASCII as \\uN? with N the signed 16-bit code unit', () => {
    expect(rtfEscape('é')).toBe('\\u233?');
    expect(rtfEscape('阴')).toBe('\\u-27084?'); // U+9634 = 38452 = 65536 - 27084
    expect(rtfEscape('\uffff')).toBe('\\u-1?');
    expect(rtfEscape('\u8000')).toBe('\\u-32768?');
    expect(rtfEscape('\u7fff')).toBe('\\u32767?');
  });
  it('writes a character above U+FFFF as its two surrogate halves', () => {
    expect(rtfEscape('𠀀')).toBe('\\u-10176?\\u-9216?'); // U+20000 = D840 DC00
  });
  it('turns line breaks and tabs into \\line and \\tab', () => {
    expect(rtfEscape('a\r\nb\nc\td')).toBe('a\\line b\\line c\\tab d');
  });
});

describe('renderRtf', () => {
  const rtf = renderRtf(TRICKY, EN);

  it('gives back every cell, the title, subtitle and footnotes exactly (round trip)', () => {
    const { before, rows, after } = rtfTableText(rtf);
    expect(before).toEqual([TRICKY.title, TRICKY.subtitle]);
    expect(rows).toEqual([TRICKY.columns, ...TRICKY.rows]);
    expect(after).toEqual(TRICKY.footnotes);
  });

  it('is 7-bit ASCII, one document group, and byte-identical when rendered again', () => {
    expect(rtf).toMatch(/^[\x09\x0a\x0d\x20-\x7e]*$/);
    expect(rtf.startsWith('{\\rtf1\\ansi')).toBe(true);
    expect(rtf.endsWith('}\n')).toBe(true);
    expect(renderRtf(structuredClone(TRICKY), EN)).toBe(rtf);
  });

  it('writes no time stamp', () => {
    expect(rtf).not.toMatch(/\\(creatim|revtim|printim|buptim|yr\d|mo\d|dy\d|hr\d|min\d)/);
  });

  it('marks the header row, and only it, with \\trhdr; one \\row per row plus the header', () => {
    const defs = rowDefs(rtf);
    expect(defs).toHaveLength(TRICKY.rows.length + 1);
    expect(defs[0]).toContain('\\trhdr');
    expect(defs.slice(1).every((d) => !d.includes('\\trhdr'))).toBe(true);
    expect(rtf.match(/\\row(?![a-z])/g)).toHaveLength(TRICKY.rows.length + 1);
    expect(rtf.match(/\\cell(?![a-z])/g)).toHaveLength((TRICKY.rows.length + 1) * TRICKY.columns.length);
    expect(defs.every((d) => d.includes('\\trkeep'))).toBe(true);
  });

  it('draws submission-style rules: above and below the header, under the last row, no verticals', () => {
    const defs = rowDefs(rtf);
    const n = TRICKY.columns.length;
    expect(defs[0].match(/\\clbrdrt\\brdrs/g)).toHaveLength(n);
    expect(defs[0].match(/\\clbrdrb\\brdrs/g)).toHaveLength(n);
    for (const d of defs.slice(1, -1)) expect(d).not.toContain('\\clbrdr');
    expect(defs[defs.length - 1].match(/\\clbrdrb\\brdrs/g)).toHaveLength(n);
    expect(defs[defs.length - 1]).not.toContain('\\clbrdrt');
    expect(rtf).not.toMatch(/\\clbrdr[lr]/);
  });

  it('gives every row the same increasing cell edges, ending at the text width', () => {
    const edges = rowDefs(rtf).map((d) => [...d.matchAll(/\\cellx(\d+)/g)].map((m) => Number(m[1])));
    for (const e of edges) expect(e).toEqual(edges[0]);
    expect(edges[0]).toHaveLength(TRICKY.columns.length);
    for (let j = 1; j < edges[0].length; j++) expect(edges[0][j]).toBeGreaterThan(edges[0][j - 1]);
    expect(edges[0][edges[0].length - 1]).toBe(12960);
  });

  it('sets up a landscape A4 page with a Latin and a CJK font', () => {
    expect(rtf).toContain('\\paperw16838\\paperh11906');
    expect(rtf).toContain('\\landscape');
    expect(rtf).toMatch(/\\margl\d+\\margr\d+\\margt\d+\\margb\d+/);
    expect(rtf).toContain('{\\f0\\fswiss\\fcharset0 Arial;}');
    expect(rtf).toContain('{\\f1\\fnil\\fcharset134 SimSun;}');
    expect(rtf).toContain('\\dbch\\af1');
  });

  it('puts protocol | data cut-off in the header and program | page X of Y in the footer, on a right tab stop', () => {
    expect(rtfDestinationText(rtf, 'header')).toBe(`Protocol: ${EN.studyTitle}\t`);
    expect(rtfDestinationText(rtf, 'footer')).toBe('\tPage 1 of 1'); // the cached field results
    const full = renderRtf(TRICKY, { ...EN, cutoff: '2024-01-26', program: 'Program: mrd-pipeline 1.0; output: tables/x.rtf; run 2026-12-04' });
    expect(rtfDestinationText(full, 'header')).toBe(`Protocol: ${EN.studyTitle}\tData cut-off: 2024-01-26`);
    expect(rtfDestinationText(full, 'footer')).toBe('Program: mrd-pipeline 1.0; output: tables/x.rtf; run 2026-12-04\tPage 1 of 1');
    expect(full).toContain('\\tqr\\tx12960');
    expect(rtf).toContain('{\\field{\\*\\fldinst PAGE}{\\fldrslt 1}}');
    expect(rtf).toContain('{\\field{\\*\\fldinst NUMPAGES}{\\fldrslt 1}}');
    const zh = renderRtf(TRICKY, ZH);
    expect(rtfDestinationText(zh, 'header')).toBe(`方案：${ZH.studyTitle}\t`);
    expect(rtfDestinationText(zh, 'footer')).toBe('\t第 1 页，共 1 页');
  });

  it('keeps the header text out of the body', () => {
    expect(rtfBody(rtf).some((e) => 'text' in e && e.text.includes('SAMPLE-MRD-001'))).toBe(false);
  });

  it('renders a table without rows as the header row alone, ruled above and below', () => {
    const empty: ReportTable = { id: 'e', title: 'Empty', subtitle: '', columns: ['a', 'b'], rows: [], footnotes: [] };
    const out = renderRtf(empty, EN);
    expect(rtfTableText(out)).toEqual({ before: ['Empty'], rows: [['a', 'b']], after: [] });
    expect(out.match(/\\row(?![a-z])/g)).toHaveLength(1);
  });

  it('refuses a row whose cell count differs from the columns', () => {
    const bad: ReportTable = { ...TRICKY, rows: [['only one']] };
    expect(() => renderRtf(bad, EN)).toThrow(RangeError);
  });
});

describe('renderFigureRtf', () => {
  /** A PNG's first 24 bytes (signature, IHDR length, type, 600 x 400 pixels), then filler to `length` bytes. */
  const fakePng = (length: number) => {
    const png = Buffer.alloc(length, 0xab);
    Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').copy(png, 0);
    png.writeUInt32BE(600, 16);
    png.writeUInt32BE(400, 20);
    return new Uint8Array(png);
  };

  it.each([24, 63, 64, 65, 128, 200])('writes a %i-byte PNG as 128 hexadecimal digits a line, no empty line, in UTF-8 text', (length) => {
    const png = fakePng(length);
    const bytes = renderFigureRtf({ id: 'f', title: 'Figure 1: 无进展生存 ≥CR', footnotes: ['Brookmeyer-Crowley'], png }, ZH);
    const rtf = Buffer.from(bytes).toString('utf8');
    const lines = /\\pichgoal\d+\n([^}]*)\}\\par\n/.exec(rtf)![1].split('\n');
    expect(lines.map((l) => l.length)).toEqual([...Array(Math.floor((2 * length - 1) / 128)).fill(128), 2 * length - 128 * Math.floor((2 * length - 1) / 128)]);
    expect(Buffer.from(lines.join(''), 'hex').equals(Buffer.from(png))).toBe(true);
    expect(rtf.endsWith('\\pard}\n')).toBe(true);
    expect(rtfTableText(rtf).before[0]).toBe('Figure 1: 无进展生存 ≥CR');
  });
});
