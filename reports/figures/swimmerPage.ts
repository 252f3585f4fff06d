// The swimmer page as plain data, shared by its two drawings: the Vega-Lite spec (swimmerFigure.ts)
// and the SVG (swimmerSvg.ts). No import: the figure worker loads this without the analysis code.

/** A lane of the swimmer plot: one subject, from its first sample (or randomisation) to its end. */
export interface SwimmerLane {
  subject: string;
  arm: string;
  from: number;
  to: number;
}

/** A sample on a lane: its month, method and status label. */
export interface SwimmerSample {
  subject: string;
  arm: string;
  month: number;
  method: string;
  status: string;
}

/** Progression or death, or the start of subsequent therapy, on a lane. */
export interface SwimmerEvent {
  subject: string;
  arm: string;
  month: number;
  event: string;
}

/**
 * One page of the swimmer plot as drawn, in plain data: both its Vega-Lite spec (pageSpec) and its SVG
 * (swimmerSvg.ts) are made from it, so the two always show the same lanes, marks and labels.
 */
export interface SwimmerPage {
  title: string;
  subtitle: string;
  xTitle: string;
  xMin: number;
  xMax: number;
  ticks: number[];
  /** width of the widest subject label (11 px), the y axis' minimum extent */
  laneLabelWidth: number;
  /** the fill legend: status labels and their colours */
  status: { title: string; domain: string[]; colours: string[] };
  /** the shape legend: methods, then the events drawn, and their shapes */
  shape: { title: string; domain: string[]; shapes: string[] };
  /** methods on this page, in code-unit order (one layer each, offset within the lane) */
  methods: string[];
  /** arm labels with a lane on this page, in plan order: one panel each */
  arms: string[];
  /** lanes in drawing order (longest follow-up first) */
  lanes: SwimmerLane[];
  samples: SwimmerSample[];
  events: SwimmerEvent[];
}

/** Lane height, plot width and mark sizes (px, px²) of every swimmer page. */
export const SWIMMER = { lane: 14, width: 760, sampleSize: 46, eventSize: 52, eventColour: '#b2182b', ruleColour: '#b0b0b0', gridColour: '#eeeeee', markStroke: '#333333' } as const;

/** Vertical offset (px) of the i-th of n methods' marks within a lane: -3 to +3, 0 for one method. */
export function methodOffset(n: number, i: number): number {
  return n === 1 ? 0 : -3 + (6 * i) / (n - 1);
}
