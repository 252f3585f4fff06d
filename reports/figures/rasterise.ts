import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { resvgDocument } from './resvgBinding.js';
import { pngScale } from '../render/page.js';
import { figureFonts, FONT_FAMILY } from './fontMetrics.js';
import { subsetFont } from './fontSubset.js';

// PNGs of the figures' SVGs (resvg). Used in-process through render.ts and by pngWorker.ts; drawing
// the SVGs is not done here.

/** resvg options: only the given font files (subsets of the bundled Noto Sans SC), never a system font. */
function resvgOptions(fontFiles: string[], scale: number): ResvgRenderOptions {
  return {
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  };
}

/** Every character the SVG may draw: its code points, those of numeric character references, and ASCII. */
function svgCodePoints(svg: string): Set<number> {
  const out = new Set<number>();
  for (let c = 0x20; c < 0x7f; c++) out.add(c);
  // the characters outside printable ASCII (added above) found by the regular expression engine: a loop
  // by code unit over the 11 SVGs of 446 subjects (a swimmer page is 184 KB) took 20 ms where the run
  // goes without the optimising compiler, the expression 2.5-5.5 ms
  for (const m of svg.matchAll(/[^\x20-\x7e]/gu)) out.add(m[0].codePointAt(0)!);
  for (const m of svg.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) out.add(m[1][0] === 'x' ? parseInt(m[1].slice(1), 16) : parseInt(m[1], 10));
  return out;
}

/** Width and height of an SVG in pixels, from its root element (svgDocument writes both). */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  if (!(width > 0 && height > 0)) throw new RangeError('SVG without a width and height in pixels');
  return { width, height };
}

/** PNG pixels per SVG pixel of this SVG (pngScale: 300 dpi where the figure documents place it, 1 to 2). */
export function svgPngScale(svg: string): number {
  const { width, height } = svgSize(svg);
  return pngScale(width, height);
}

/**
 * PNG of an SVG with resvg, at svgPngScale, drawn and encoded on this thread. The fonts are subsets of
 * Noto Sans SC regular and bold holding the characters of this SVG (see fontSubset.ts), written to a
 * private temporary folder for resvg and removed afterwards.
 *
 * On this thread rather than with resvg's renderAsync (libuv's thread pool): the pixels are then
 * allocated and freed by one thread, so that the PNG worker's next figure reuses the pages of the
 * last one (see pngDrawing.ts); on the pool each figure landed on another thread's heap and touched
 * fresh pages. The 11 figures of 446 subjects one after the other, as the worker draws them: 0.89 s
 * and 34,000 page faults with renderAsync, 0.65 s and 13,900 so, 0.52-0.60 s and 200 with large pages
 * (processTuning.ts).
 */
export function rasterise(svg: string): Uint8Array {
  const fonts = figureFonts();
  const chars = svgCodePoints(svg);
  const dir = mkdtempSync(join(tmpdir(), 'mrd-figure-fonts-'));
  try {
    const files = [join(dir, 'NotoSansSC-Regular-subset.ttf'), join(dir, 'NotoSansSC-Bold-subset.ttf')];
    writeFileSync(files[0], subsetFont(fonts.regular, chars));
    writeFileSync(files[1], subsetFont(fonts.bold, chars));
    const png = resvgDocument(svg, resvgOptions(files, svgPngScale(svg))).render().asPng();
    return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
