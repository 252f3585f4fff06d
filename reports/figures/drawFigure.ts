import type { FigureDrawing } from './figureSpecs.js';
import { failureReasonsSvg } from './failureReasonsSvg.js';
import { forestSvg } from './forestSvg.js';
import { kaplanMeierSvg } from './kaplanMeierSvg.js';
import { mrdRatesSvg } from './mrdRatesSvg.js';
import { swimmerSvg } from './swimmerSvg.js';

// Each figure's SVG, straight from the plain data of its FigureSpec (no vega: docs/performance.md).

/** The SVG of a figure. */
export function drawFigure(drawing: FigureDrawing): string {
  switch (drawing.kind) {
    case 'swimmer':
      return swimmerSvg(drawing.page);
    case 'km':
      return kaplanMeierSvg(drawing.plot);
    case 'rates':
      return mrdRatesSvg(drawing.plot);
    case 'failures':
      return failureReasonsSvg(drawing.plot);
    case 'forest':
      return forestSvg(drawing.plot);
    default:
      throw new Error(`no drawing of kind ${JSON.stringify((drawing as { kind?: unknown } | undefined)?.kind)}`);
  }
}
