import { describe, expect, it } from 'vitest';
import { FIGURE_DPI, pngScale } from '../../reports/render/page.js';

// The figure box of the DOCX/RTF figure documents is 12,960 twips (9 in) wide and 7,226 twips
// (A4 landscape 11,906 less 2 x 1,440 margins and 1,800 for the title) high.
describe('pngScale', () => {
  it('gives a tall figure 1: it fills the box height at more than 300 dpi already', () => {
    // 7,226 / 1,679 = 4.304 twips per pixel = 334.6 dpi at scale 1
    expect(pngScale(995, 1679)).toBe(1);
  });

  it('gives a Kaplan-Meier-sized figure 2 (2.03 wanted, capped)', () => {
    // 7,226 / 743 = 9.725 twips per pixel: 148.1 dpi per SVG pixel, 300 / 148.1 = 2.026
    expect(pngScale(904, 743)).toBe(2);
    expect(pngScale(400, 100)).toBe(2);
  });

  it('gives between the bounds the scale for exactly 300 dpi, rounded up to 1/100', () => {
    // height-bound: 7,226 / 922 = 7.837 twips per pixel = 163.3 dpi; 300 / 163.3 = 1.6328 -> 1.64
    expect(pngScale(845, 922)).toBe(1.64);
    // width-bound: 12,960 / 2,400 = 5.4 twips per pixel = 266.7 dpi; 300 / 266.7 = 1.125 -> 1.13
    expect(pngScale(2400, 600)).toBe(1.13);
    const s = pngScale(845, 922);
    expect(((845 * s) / ((845 * 7226) / 922 / 1440))).toBeGreaterThanOrEqual(FIGURE_DPI);
  });
});
