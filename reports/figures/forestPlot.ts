// The forest plot as plain data, shared by its two drawings: the Vega-Lite spec (forestFigure.ts) and
// the SVG (forestSvg.ts). No import: the figure worker loads this without the analysis code.

/** Sizes of the forest plot: row height and font (px), the odds-ratio panel's width, column gap. */
export const FOREST = { row: 24, font: 12.5, plotWidth: 340, spacing: 8, estimateColour: '#0072B2', arrowSize: 60 } as const;

/** A row's texts: its label (indented), a rate per arm (`rate0`, `rate1`, …) and the odds ratio. */
export interface ForestTextRow {
  row: string;
  kind: 'endpoint' | 'variable' | 'level' | 'overall';
  label: string;
  indent: number;
  orText: string;
  [rate: `rate${number}`]: string;
}

/** A row's estimate and CI on the axis (clipped to it; an arrow marks a clipped limit). */
export interface ForestMark {
  row: string;
  kind: ForestTextRow['kind'];
  /** the estimate, null when outside the axis or not estimable */
  or: number | null;
  lower: number;
  upper: number;
  clippedLow: boolean;
  clippedHigh: boolean;
  shape: 'diamond' | 'square';
  /** the marker's area (px²) */
  size: number;
}

/** A text column: its title (one line, or one per array entry), the row field it prints and its width. */
export interface ForestColumn {
  title: string | string[];
  field: 'label' | 'orText' | `rate${number}`;
  width: number;
}

/** The forest plot as drawn: text columns, then the odds-ratio panel before the last column. */
export interface ForestPlot {
  title: string;
  subtitle: string[];
  /** row ids in drawing order (the y domain) */
  rowIds: string[];
  text: ForestTextRow[];
  marks: ForestMark[];
  arrows: { row: string; at: number; shape: 'triangle-left' | 'triangle-right' }[];
  /** the text columns; the odds-ratio panel goes before the last one */
  columns: ForestColumn[];
  domain: [number, number];
  ticks: number[];
  plotTitle: string;
  favoursControl: string;
  favoursExperimental: string;
}

/** Whether a row's texts are headings (bold): an endpoint or a subgroup variable. */
export function isHeading(kind: ForestTextRow['kind']): boolean {
  return kind === 'endpoint' || kind === 'variable';
}
