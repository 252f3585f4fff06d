import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { figureFonts, FONT_FILES, metricTables, openFont, textWidth } from '../../reports/figures/fontMetrics.js';
import { subsetFont } from '../../reports/figures/fontSubset.js';

const SAMPLE = 'Progression-free survival 无进展生存率（%）≥CR Ä é 0123456789';
const codePoints = (s: string) => [...s].map((c) => c.codePointAt(0)!);

describe('subsetFont', () => {
  it('keeps the glyphs and advance widths of the requested characters only', () => {
    const { regular } = figureFonts();
    const sub = openFont(subsetFont(regular, codePoints(SAMPLE)));
    expect(sub.numGlyphs).toBeLessThan(80);
    expect(sub.unitsPerEm).toBe(regular.unitsPerEm);
    for (const cp of codePoints(SAMPLE)) {
      expect(sub.glyphOf(cp), String.fromCodePoint(cp)).toBeGreaterThan(0);
      expect(sub.advance(cp)).toBe(regular.advance(cp));
    }
    expect(sub.glyphOf('Z'.codePointAt(0)!)).toBe(0);
  });

  it('draws the same pixels as the full font (text without kerning pairs)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mrd-subset-test-'));
    try {
      const text = '无进展生存率 2024';
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="220" height="40"><text x="4" y="26" font-family="Noto Sans SC" font-size="20">${text}</text><text x="4" y="38" font-family="Noto Sans SC" font-weight="bold" font-size="10">${text}</text></svg>`;
      const fonts = figureFonts();
      const chars = codePoints(text);
      writeFileSync(join(dir, 'r.ttf'), subsetFont(fonts.regular, chars));
      writeFileSync(join(dir, 'b.ttf'), subsetFont(fonts.bold, chars));
      const render = (files: string[]) =>
        new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: files, defaultFontFamily: 'Noto Sans SC' } }).render().pixels;
      const full = render([FONT_FILES.regular, FONT_FILES.bold]);
      const subset = render([join(dir, 'r.ttf'), join(dir, 'b.ttf')]);
      expect(full.some((v) => v !== 0)).toBe(true);
      expect(Buffer.compare(subset, full)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('textWidth', () => {
  it('measures Chinese at one em per character and Latin narrower', () => {
    expect(textWidth('无进展生存', 12, false)).toBe(60);
    expect(textWidth('Hello', 12, false)).toBeLessThan(0.6 * 5 * 12);
    expect(textWidth('Hello', 12, true)).toBeGreaterThan(textWidth('Hello', 12, false));
  });
});

describe('metricTables', () => {
  const wholeFonts = () => ({ regular: openFont(readFileSync(FONT_FILES.regular)), bold: openFont(readFileSync(FONT_FILES.bold)) });

  it('measures every code point as the whole font does, from 0.14 MB of the 10.5 MB file', () => {
    const whole = wholeFonts();
    for (const face of ['regular', 'bold'] as const) {
      const bytes = metricTables(FONT_FILES[face]);
      expect(bytes.length).toBeLessThan(1_000_000);
      const part = openFont(bytes);
      expect([part.unitsPerEm, part.numGlyphs, part.numberOfHMetrics]).toEqual([whole[face].unitsPerEm, whole[face].numGlyphs, whole[face].numberOfHMetrics]);
      let differ = 0;
      let known = 0;
      for (let cp = 0x20; cp < 0x30000; cp++) {
        if (part.glyphOf(cp) !== whole[face].glyphOf(cp) || part.advance(cp) !== whole[face].advance(cp)) differ++;
        if (part.glyphOf(cp) > 0) known++;
      }
      expect(differ).toBe(0);
      expect(known).toBeGreaterThan(30_000); // the CJK ideographs are there
      expect(part.tables.has('glyf')).toBe(false); // no outlines: only the PNG thread needs them
    }
  });

  it('the fonts the PNGs are drawn with read their outlines from the file: the same subsets as from the whole fonts', () => {
    const whole = wholeFonts();
    const fonts = figureFonts();
    const chinese = [...'无进展生存率受试者百分比时间月风险比置信区间'].map((c) => c.codePointAt(0)!);
    for (const face of ['regular', 'bold'] as const) {
      expect(fonts[face].bytes.length).toBeLessThan(1_500_000); // no outlines in memory
      expect(fonts[face].tables.has('glyf')).toBe(false);
      for (const cps of [codePoints(SAMPLE), chinese, [0xc4, 0x1e9e, 0x2264]]) {
        expect(Buffer.from(subsetFont(fonts[face], cps)).equals(Buffer.from(subsetFont(whole[face], cps)))).toBe(true);
      }
    }
  });

  it('refuses a file without a table it needs, naming the file and the table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mrd-font-'));
    try {
      const whole = wholeFonts().regular;
      const file = join(dir, 'no-hmtx.ttf');
      // the table directory with hmtx's tag renamed
      const bytes = Buffer.from(whole.bytes);
      const at = bytes.indexOf('hmtx', 12, 'latin1');
      bytes.write('xmtx', at, 'latin1');
      writeFileSync(file, bytes);
      expect(() => metricTables(file)).toThrow(/no-hmtx\.ttf: font has no hmtx table/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
