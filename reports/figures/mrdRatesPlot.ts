// The MRD rates figure as plain data, shared by its two drawings: the Vega-Lite spec
// (mrdRatesFigure.ts) and the SVG (mrdRatesSvg.ts). No import: the figure worker loads this without
// the analysis code.

/** Sizes of the rates figure: each panel (px), the gap between panels, the y ticks. */
export const RATES = { width: 400, height: 380, spacing: 36, yTicks: [0, 0.2, 0.4, 0.6, 0.8, 1], barOpacity: 0.85, armPadding: 0.12, capWidth: 12, labelFont: 11.5 } as const;

/** One bar: an arm's ITT rate at a threshold for an endpoint, with its CI and printed label. */
export interface RateBar {
  endpoint: string;
  threshold: string;
  arm: string;
  rate: number;
  lower: number | null;
  upper: number | null;
  label: string;
}

/** The rates figure as drawn: one panel per endpoint, bars by threshold and arm. */
export interface RatesPlot {
  title: string;
  subtitle: string;
  xTitle: string;
  yTitle: string;
  legendTitle: string;
  /** arm labels in plan order, and their colours */
  arms: string[];
  colours: string[];
  /** threshold labels, least sensitive first */
  thresholds: string[];
  /** endpoint labels: one panel each */
  endpoints: string[];
  bars: RateBar[];
}
