import { methodOffset, SWIMMER, type SwimmerPage } from './swimmerPage.js';
import { bottomAxis, BOTTOM_AXIS_HEIGHT, FIGURE_PADDING as PADDING, LEGEND_HEIGHT, symbolLegend, TITLE_OFFSET, titleBlock } from './svgGuides.js';
import { LOOK } from './theme.js';
import { svgDocument, svgGroup, svgLine, svgSymbol, svgText, symbolPath } from './svgMarkup.js';

// A swimmer page drawn straight to SVG, the layout vega gives its spec (swimmerFigure.ts pageSpec):
// the title, the shape and status legends side by side, then one panel per arm with the subjects'
// labels on the left and the months axis under it. Vega took 60-100 ms a page (compile, parse,
// dataflow, scene graph); this is a string per mark.

/** legend → first panel title, and the panel title's own height (vega's legend offset and title band) */
const LEGEND_OFFSET = 18;
const PANEL_TITLE = 20;
/** between two panels: the axis under the first, vconcat spacing, the second's title */
const PANEL_GAP = BOTTOM_AXIS_HEIGHT + 16 + PANEL_TITLE + 1;
const LANE_LABEL_SIZE = 11;

/** The SVG of one swimmer page. */
export function swimmerSvg(page: SwimmerPage): string {
  const { lane, width } = SWIMMER;
  // the y axis' extent: its labels (at least laneLabelWidth wide), 4 px of padding and the half pixel
  const left = PADDING + page.laneLabelWidth + 5;
  const head = titleBlock(PADDING, PADDING, page.title, [page.subtitle]);
  const legendTop = head.bottom + TITLE_OFFSET;

  const shapeOf = new Map(page.shape.domain.map((d, k) => [d, page.shape.shapes[k]]));
  const colourOf = new Map(page.status.domain.map((d, k) => [d, page.status.colours[k]]));
  const markStroke = { colour: SWIMMER.markStroke, width: 0.6 };
  const shapes = symbolLegend(
    left,
    legendTop,
    page.shape.title,
    page.shape.domain.map((label, k) => ({ label, shape: page.shape.shapes[k], fill: '#8c8c8c', stroke: { colour: SWIMMER.markStroke, width: 2 } })),
    18,
  );
  const statusLeft = left + Math.round(shapes.width) + LOOK.legendMargin;
  const statuses = symbolLegend(statusLeft, legendTop, page.status.title, page.status.domain.map((label, k) => ({ label, shape: 'circle', fill: page.status.colours[k], stroke: markStroke })), 18);

  const span = page.xMax - page.xMin;
  const x = (v: number) => ((v - page.xMin) / span) * width;
  const ticks = page.ticks.map((t) => ({ at: x(t), label: String(t) }));
  const offsets = page.methods.map((_, i) => methodOffset(page.methods.length, i));
  const sampleShapes = page.methods.map((m) => symbolPath(shapeOf.get(m)!, SWIMMER.sampleSize));
  const body = [...head.markup, ...shapes.markup, ...statuses.markup];
  let top = legendTop + LEGEND_HEIGHT + LEGEND_OFFSET + PANEL_TITLE;
  let bottom = top;
  for (const arm of page.arms) {
    const lanes = page.lanes.filter((l) => l.arm === arm);
    const laneAt = new Map(lanes.map((l, k) => [l.subject, k * lane + lane / 2]));
    const height = lanes.length * lane;
    const axis = bottomAxis(width, height, ticks, page.xTitle, SWIMMER.gridColour);
    const panel = [...axis.grid, ...axis.axis];
    lanes.forEach((l, k) => panel.push(svgText(-3.5, k * lane + 10, l.subject, { size: LANE_LABEL_SIZE, anchor: 'end', fill: '#1a1a1a' })));
    for (const l of lanes) panel.push(svgLine(x(l.from), laneAt.get(l.subject)!, x(l.to), laneAt.get(l.subject)!, SWIMMER.ruleColour, 1.2));
    page.methods.forEach((method, i) => {
      for (const s of page.samples) {
        if (s.arm !== arm || s.method !== method) continue;
        panel.push(svgSymbol(x(s.month), laneAt.get(s.subject)! + offsets[i], sampleShapes[i], colourOf.get(s.status)!, markStroke));
      }
    });
    for (const e of page.events) {
      if (e.arm === arm) panel.push(svgSymbol(x(e.month), laneAt.get(e.subject)!, symbolPath(shapeOf.get(e.event)!, SWIMMER.eventSize), SWIMMER.eventColour));
    }
    body.push(svgText(PADDING + 1, top - 8.5, arm, { size: 13.5, bold: true }), svgGroup(left, top, panel));
    bottom = top + height;
    top = bottom + PANEL_GAP;
  }
  const right = Math.max(left + width, statusLeft + statuses.width, head.right);
  return svgDocument(Math.ceil(right + PADDING), Math.ceil(bottom + BOTTOM_AXIS_HEIGHT + PADDING), body);
}
