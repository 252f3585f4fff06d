import { describe, expect, it } from 'vitest';
import { PAGE, measure, pageWords, tableLayout } from '../../reports/render/page.js';
import type { ReportTable } from '../../reports/tables/table.js';

const table = (columns: string[], rows: string[][]): ReportTable => ({ id: 't', title: '', subtitle: '', columns, rows, footnotes: [] });
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('page setup', () => {
  it('fits the A4 landscape text block on US Letter landscape with 1 in margins', () => {
    expect(PAGE.width - PAGE.marginLeft - PAGE.marginRight).toBe(PAGE.textWidth);
    expect(PAGE.textWidth).toBeLessThanOrEqual(15840 - 2 * 1440);
    expect(PAGE.height - PAGE.marginTop - PAGE.marginBottom).toBeLessThanOrEqual(12240 - 2 * 1440);
  });
  it('words page X of Y in both languages', () => {
    expect(pageWords('en').join('X')).toBe('Page X of X');
    expect(pageWords('zh').join('X')).toBe('第 X 页，共 X 页');
  });
});

describe('measure', () => {
  it('counts a Chinese character as a full em and capitals wider than lower case', () => {
    expect(measure('阴性').full).toBe(2000);
    expect(measure('MRD').full).toBeGreaterThan(measure('mrd').full);
  });
  it('finds the widest unbreakable word: spaces and Chinese characters are break points', () => {
    expect(measure('MRD_NEG_DURATION (10^-4)').token).toBe(measure('MRD_NEG_DURATION').full);
    expect(measure('标志时间点前未达到').token).toBe(1000);
    expect(measure('a\nlonger line').full).toBe(measure('longer line').full);
  });
});

describe('tableLayout', () => {
  it('fills the text width exactly at 9 pt when everything fits, in proportion to the text', () => {
    const { widths, halfPoints } = tableLayout(table(['Endpoint', 'n'], [['MRD negativity rate', '12']]));
    expect(halfPoints).toBe(18);
    expect(sum(widths)).toBe(PAGE.textWidth);
    expect(widths[0]).toBeGreaterThan(widths[1]);
  });

  it('gives a Chinese column about twice the room of an ASCII column with as many characters', () => {
    const { widths } = tableLayout(table(['a', 'b', 'c'], [['阴性率阴性率阴性率', 'abcdefghi', 'x']]));
    expect(widths[0] / widths[1]).toBeGreaterThan(1.6);
  });

  it('is deterministic and adds up exactly for a listing too wide for the page', () => {
    const columns = Array.from({ length: 19 }, (_, j) => `COLUMN_${j}`);
    // two long codes, five dates, twelve one-letter flags: 19 columns cannot all fit
    const cell = (i: number, j: number) => (j === 0 || j === 9 ? `LOD_ABOVE_THRESHOLD_${i}` : j <= 5 ? `2022-07-${10 + (i % 20)}` : 'Y');
    const rows = Array.from({ length: 30 }, (_, i) => columns.map((_, j) => cell(i, j)));
    const t = table(columns, rows);
    const a = tableLayout(t);
    expect(a).toEqual(tableLayout(structuredClone(t)));
    expect(sum(a.widths)).toBe(PAGE.textWidth);
    expect(a.halfPoints).toBe(14);
    expect(Math.min(...a.widths)).toBeGreaterThan(0);
    // the narrow columns keep their words whole; only the widest are cut
    const need = (s: string) => (measure(s).full * 14 * 1.05) / 100 + 2 * 72;
    for (const j of [1, 2, 3, 4, 5]) expect(a.widths[j]).toBeGreaterThanOrEqual(Math.floor(need('2022-07-29')));
    expect(a.widths[0]).toBeLessThan(need('LOD_ABOVE_THRESHOLD_29'));
    expect(a.widths[6]).toBeLessThan(a.widths[1]);
  });

  it('prefers a smaller font to wrapping only where every word still fits', () => {
    const wide = table(Array.from({ length: 8 }, (_, j) => `Col ${j}`), [Array.from({ length: 8 }, () => '100.0 [100.0, 100.0]')]);
    const l = tableLayout(wide);
    expect(sum(l.widths)).toBe(PAGE.textWidth);
    expect([18, 16]).toContain(l.halfPoints);
  });
});

describe('pieces that never break', () => {
  it('a bracketed CI or parenthesised percentage is one piece, written with no-break spaces and hyphens', async () => {
    const { keepBracketsTogether, measure } = await import('../../reports/render/page.js');
    expect(keepBracketsTogether('147/265 (55.5) [49.3, 61.6]')).toBe('147/265 (55.5) [49.3,\u00a061.6]');
    expect(keepBracketsTogether('14.6 [-0.1, 21.3]')).toBe('14.6 [\u20110.1,\u00a021.3]');
    expect(keepBracketsTogether('MRD-negative CR')).toBe('MRD-negative CR');
    // the widest piece of "x [lo, hi]" is the whole bracket, not "61.6]"
    expect(measure('55.5 [49.3, 61.6]').token).toBe(measure('[49.3, 61.6]').full);
  });
});
