// A Kaplan-Meier figure as plain data, shared by its two drawings: the Vega-Lite spec
// (kaplanMeierFigure.ts) and the SVG (kaplanMeierSvg.ts). No import: the figure worker loads this
// without the analysis code.

/** Sizes of every Kaplan-Meier figure: plot area and risk rows (px), fonts, marks (px²). */
export const KM = {
  width: 800,
  height: 460,
  riskRow: 24,
  riskFont: 12.5,
  noteFont: 12.5,
  noteLine: 18,
  yTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
  bandOpacity: 0.14,
  curveWidth: 2.2,
  censorSize: 70,
  legendColumnPadding: 24,
} as const;

/** One Kaplan-Meier figure as drawn: curves, bands, marks and the risk table, with every label. */
export interface KmPlot {
  title: string;
  subtitle: string[];
  xTitle: string;
  yTitle: string;
  legendTitle: string;
  /** group labels in legend order, and their colours */
  domain: string[];
  range: string[];
  ticks: number[];
  /** where the time axis ends */
  xMax: number;
  /** each group's step curve from (0, 1) */
  curve: { group: string; time: number; surv: number }[];
  /** the CI bands, one run of points per segment (where both limits exist) */
  band: { group: string; segment: string; time: number; lower: number; upper: number }[];
  censor: { group: string; time: number; surv: number }[];
  /** the dashed median lines: horizontal at 50% to the median, then down to 0 */
  median: { group: string; x: number; x2: number; y: number; y2: number }[];
  risk: { group: string; tick: number; n: number; text: string }[];
  /** the statistics printed on the plot (or under the title: notePlace 'subtitle') */
  notes: string[];
  notePlace: 'lower-left' | 'upper-right' | 'subtitle';
  riskTitle: string;
  /** space between the risk table's row labels and the plot's left edge */
  riskLabelPadding: number;
}

/** Where the note's first line starts (its top) and how it is aligned, in the plot's pixels. */
export function kmNotePosition(place: 'lower-left' | 'upper-right', lines: number): { x: number; y: number; align: 'left' | 'right' } {
  return place === 'lower-left' ? { x: 12, y: KM.height - 8 - lines * KM.noteLine, align: 'left' } : { x: KM.width - 12, y: 10, align: 'right' };
}
