import { describe, expect, it } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { FONT_FILES } from '../../reports/figures/fontMetrics.js';
import { resvgBindingName, resvgDocument } from '../../reports/figures/resvgBinding.js';

describe('resvgDocument', () => {
  it.runIf(process.platform === 'linux' && process.arch === 'x64')('loads the platform package npm installed (linux x64, glibc here), not the entry module', () => {
    expect(resvgBindingName).toBe('@resvg/resvg-js-linux-x64-gnu');
  });

  it('draws the same PNG as resvg-js entry module with the same options (options passed as JSON)', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect x="2" y="2" width="50" height="20" fill="#1f77b4"/>' +
      '<text x="60" y="26" font-family="Noto Sans SC" font-size="14">MRD 10⁻⁵</text></svg>';
    const options = {
      font: { loadSystemFonts: false, fontFiles: [FONT_FILES.regular], defaultFontFamily: 'Noto Sans SC' },
      fitTo: { mode: 'zoom' as const, value: 2 },
      background: '#ffffff',
    };
    const ours = resvgDocument(svg, options).render();
    const theirs = new Resvg(svg, options).render();
    // the options were applied: twice the SVG's size, on white
    expect([ours.width, ours.height]).toEqual([240, 80]);
    expect([...ours.pixels.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    expect(Buffer.compare(ours.asPng(), theirs.asPng())).toBe(0);
  });
});
