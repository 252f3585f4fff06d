import type { FigureDrawing } from './figureSpecs.js';
import { kaplanMeierSvg } from './kaplanMeierSvg.js';
import { swimmerSvg } from './swimmerSvg.js';

// The figures drawn without vega: their SVG straight from the plain data of their FigureSpec.

/** The SVG of a figure drawn without vega. */
export function drawFigure(drawing: FigureDrawing): string {
  switch (drawing.kind) {
    case 'swimmer':
      return swimmerSvg(drawing.page);
    case 'km':
      return kaplanMeierSvg(drawing.plot);
  }
}
