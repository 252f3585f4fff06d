import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { figureFonts, FONT_FAMILY, isBold, textWidth } from './fontMetrics.js';
import { subsetFont } from './fontSubset.js';

/** One rendered figure: the Vega-Lite spec as written to `<id>.vl.json`, the SVG and the PNG. */
export interface RenderedFigure {
  /** pretty JSON of the Vega-Lite spec (data inlined), newline-terminated */
  spec: string;
  svg: string;
  /** PNG at twice the SVG's pixel size */
  png: Uint8Array;
  /** warnings of vega-lite and vega (an empty list is expected) */
  warnings: string[];
}

/** PNG pixels per SVG pixel. */
export const PNG_SCALE = 2;

/** resvg options: only the given font files (subsets of the bundled Noto Sans SC), never a system font. */
function resvgOptions(fontFiles: string[]): ResvgRenderOptions {
  return {
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: PNG_SCALE },
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
  for (const ch of svg) out.add(ch.codePointAt(0)!);
  for (const m of svg.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) out.add(m[1][0] === 'x' ? parseInt(m[1].slice(1), 16) : parseInt(m[1], 10));
  return out;
}

/**
 * PNG of an SVG with resvg. The fonts are subsets of Noto Sans SC regular and bold holding the
 * characters of this SVG (see fontSubset.ts), written to a private temporary folder for resvg and
 * removed afterwards.
 */
export async function rasterise(svg: string): Promise<Uint8Array> {
  const fonts = figureFonts();
  const chars = svgCodePoints(svg);
  const dir = mkdtempSync(join(tmpdir(), 'mrd-figure-fonts-'));
  try {
    const files = [join(dir, 'NotoSansSC-Regular-subset.ttf'), join(dir, 'NotoSansSC-Bold-subset.ttf')];
    writeFileSync(files[0], subsetFont(fonts.regular, chars));
    writeFileSync(files[1], subsetFont(fonts.bold, chars));
    // renderAsync draws on libuv's thread pool, so several figures rasterise on both cores at once
    const png = (await renderAsync(svg, resvgOptions(files))).asPng();
    return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface VegaTextItem {
  fontSize?: number | string | null;
  fontWeight?: string | number | null;
}

let metricsInstalled = false;

/**
 * In Node vega has no canvas and estimates every string as 0.8 em per character, which is too wide
 * for Latin text and too narrow for Chinese; the layout (axis offsets, legend columns, bounds of the
 * SVG) would then clip Chinese labels. Vega accepts a user-defined width function
 * (`textMetrics.width`), so we give it the advance widths of the font resvg draws with. Figures set
 * `limit: 0` on every text, so this function is never asked to truncate.
 */
function installTextMetrics(): void {
  if (metricsInstalled) return;
  const metrics = (vega as unknown as { textMetrics: { width: (item: VegaTextItem, text: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const s = text == null ? '' : String(text).trim();
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    return size <= 0 || !s ? 0 : textWidth(s, size, isBold(item.fontWeight));
  };
  metricsInstalled = true;
}

/** Collects log messages of vega-lite and vega instead of printing them. */
function collectingLogger(into: string[]): vega.LoggerInterface {
  return vega.logger(vega.Warn, undefined, (_method: string, level: string, input: ArrayLike<unknown>) => {
    into.push(`${level} ${Array.from(input, String).join(' ')}`);
  });
}

/** The Vega spec vega-lite compiles `spec` to (throws when the spec is invalid). */
export function compileSpec(spec: TopLevelSpec, warnings: string[] = []): vega.Spec {
  return compile(spec, { logger: collectingLogger(warnings) }).spec;
}

/**
 * Vega-Lite spec → Vega → headless View (renderer 'none') → SVG. The same spec gives the same bytes:
 * SVG clip and gradient ids are reset before each SVG (global state, so SVGs are made one at a time)
 * and vega never writes a time stamp.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<Omit<RenderedFigure, 'png'>> {
  installTextMetrics();
  const warnings: string[] = [];
  const vg = compileSpec(spec, warnings);
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logger: collectingLogger(warnings), logLevel: vega.Warn });
  let svg: string;
  try {
    vega.resetSVGDefIds();
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  svg = svg.endsWith('\n') ? svg : `${svg}\n`;
  return { spec: `${JSON.stringify(spec, null, 2)}\n`, svg, warnings };
}

/** SVG, then PNG (resvg at PNG_SCALE, only the bundled font files). */
export async function renderFigure(spec: TopLevelSpec): Promise<RenderedFigure> {
  const r = await renderSvg(spec);
  return { ...r, png: await rasterise(r.svg) };
}
