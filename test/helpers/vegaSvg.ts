import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { exponentText, POWER_OF_TEN } from '../../reports/format.js';
import { isBold, textWidth } from '../../reports/figures/fontMetrics.js';

// vega's drawing of a figure's Vega-Lite spec (the .vl.json a reviewer reloads), for the tests that
// check our own SVG of each figure against it (test/figures/*Svg.test.ts) and that every spec compiles.
// `mrd run` draws without vega since the eighth session of issue 16 (docs/performance.md).

interface VegaTextItem {
  fontSize?: number | string | null;
  fontWeight?: string | number | null;
}

let metricsInstalled = false;

/**
 * In Node vega has no canvas and estimates every string as 0.8 em per character; it is given the
 * advance widths of the figure font instead, so that its layout is the one our drawings reproduce.
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

function collectingLogger(into: string[]): vega.LoggerInterface {
  return vega.logger(vega.Warn, undefined, (_method: string, level: string, input: ArrayLike<unknown>) => {
    into.push(`${level} ${Array.from(input, String).join(' ')}`);
  });
}

/** The Vega spec vega-lite compiles `spec` to (throws when the spec is invalid); warnings collected. */
export function compileSpec(spec: TopLevelSpec, warnings: string[] = []): vega.Spec {
  return compile(spec, { logger: collectingLogger(warnings) }).spec;
}

/** 10^-5 in vega's text nodes raised as our drawings raise it, so that texts compare equal. */
export function raisePowersOfTen(svg: string): string {
  return svg.replace(/>([^<]*)</g, (whole, text: string) =>
    text.includes('10^') ? `>${text.replace(POWER_OF_TEN, (_, e: string) => `10<tspan baseline-shift="super" font-size="70%">${exponentText(e)}</tspan>`)}<` : whole,
  );
}

/** vega's SVG of a Vega-Lite spec (headless view), with the warnings of vega-lite and vega. */
export async function vegaSvg(spec: TopLevelSpec): Promise<{ svg: string; warnings: string[] }> {
  installTextMetrics();
  const warnings: string[] = [];
  const view = new vega.View(vega.parse(compileSpec(spec, warnings)), { renderer: 'none', logger: collectingLogger(warnings), logLevel: vega.Warn });
  try {
    vega.resetSVGDefIds();
    return { svg: raisePowersOfTen(await view.toSVG()), warnings };
  } finally {
    view.finalize();
  }
}
