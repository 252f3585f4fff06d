import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { FigureSpec } from './figureSpecs.js';
import { specText } from './figureFormat.js';
import { isBold, textWidth } from './fontMetrics.js';
import { drawFigure } from './drawFigure.js';
import { raiseTextPowers } from './svgMarkup.js';

// Vega-Lite spec → SVG with vega. No resvg here: the figure worker of `mrd run` loads this module and
// leaves the PNGs to the PNG worker; render.ts adds resvg for in-process rendering.

/** One figure drawn as SVG: the Vega-Lite spec as written to `<id>.vl.json`, and the SVG. */
export interface RenderedSvg {
  /** pretty JSON of the Vega-Lite spec (data inlined), newline-terminated */
  spec: string;
  svg: string;
  /** warnings of vega-lite and vega (an empty list is expected) */
  warnings: string[];
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
export async function renderSvg(spec: TopLevelSpec): Promise<RenderedSvg> {
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
  svg = raisePowersOfTen(svg.endsWith('\n') ? svg : `${svg}\n`);
  return { spec: specText(spec), svg, warnings };
}

/**
 * 10^-5 in the text of a figure, written 10 with a raised, smaller −5 (a tspan): vega text marks have
 * no rich text, and the figure font has no superscript digits. Text nodes only, never attributes.
 */
export function raisePowersOfTen(svg: string): string {
  return svg.replace(/>([^<]*)</g, (whole, text: string) => (text.includes('10^') ? `>${raiseTextPowers(text)}<` : whole));
}

/** The files of one rendered figure. */
export interface RenderedFigureFiles {
  id: string;
  /** pretty JSON of the Vega-Lite spec (data inlined), newline-terminated */
  spec: string;
  svg: string;
  /** PNG at svgPngScale (1 to 2 PNG pixels per SVG pixel); null when none was asked for */
  png: Uint8Array | null;
}

/**
 * The files of several figures, in the order given: the SVGs one at a time on this thread (vega's SVG
 * id counter is global state), each PNG asked of `png` as soon as its SVG is ready, so that
 * rasterising overlaps the next SVG; `png` null draws no PNG. `png` is `rasterise` (resvg in this
 * thread) in-process, the PNG worker in figureWorker.ts: the same code either way, so the same bytes.
 * `afterEach` runs after each SVG (the figure worker collects its garbage there).
 */
export async function renderFigureSet(specs: readonly FigureSpec[], png: ((svg: string) => Promise<Uint8Array>) | null, afterEach: () => void = () => {}): Promise<RenderedFigureFiles[]> {
  const done: Omit<RenderedFigureFiles, 'png'>[] = [];
  const pngs: Promise<Uint8Array | null>[] = [];
  try {
    for (const f of specs) {
      const r = await (f.drawing ? Promise.resolve().then(() => ({ spec: specText(f.spec), svg: drawFigure(f.drawing!) })) : renderSvg(f.spec)).catch((e: unknown) => {
        throw new Error(`figure ${f.id}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      });
      done.push({ id: f.id, spec: r.spec, svg: r.svg });
      afterEach();
      if (!png) {
        pngs.push(Promise.resolve(null));
        continue;
      }
      const p = png(r.svg).catch((e: unknown) => {
        throw new Error(`figure ${f.id} (PNG): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      });
      p.catch(() => {}); // observed by Promise.all below; not an unhandled rejection meanwhile
      pngs.push(p);
    }
  } catch (e) {
    await Promise.allSettled(pngs); // no PNG left drawing (or its font folder behind) after we fail
    throw e;
  }
  const settled = await Promise.allSettled(pngs);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return done.map((r, k) => ({ ...r, png: (settled[k] as PromiseFulfilledResult<Uint8Array | null>).value }));
}
