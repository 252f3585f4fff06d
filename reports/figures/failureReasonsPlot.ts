// The failure-reasons figure as plain data, shared by its two drawings: the Vega-Lite spec
// (failureReasonsFigure.ts) and the SVG (failureReasonsSvg.ts). No import: the figure worker loads
// this without the analysis code.

/** Sizes of the failure-reasons figure: panel width, bar step (px), gap between panels. */
export const FAILURES = { width: 300, bar: 26, spacing: 28, headroom: 1.15 } as const;

/** Failed tests of one reason and method in one arm. */
export interface FailureBar {
  arm: string;
  method: string;
  reason: string;
  count: number;
}

/** The failure-reasons figure as drawn: one panel per arm, a bar per reason, coloured by method. */
export interface FailurePlot {
  title: string;
  subtitle: string;
  xTitle: string;
  legendTitle: string;
  /** methods in code-unit order, and their colours */
  methods: string[];
  colours: string[];
  /** reason labels, top to bottom */
  reasons: string[];
  /** arm labels with a failure, in plan order: one panel each */
  arms: string[];
  /** width of the widest reason label, the y axis' minimum extent */
  labelWidth: number;
  /** the largest count: the x axis runs to headroom × max */
  max: number;
  bars: FailureBar[];
}
