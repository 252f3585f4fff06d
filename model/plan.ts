/** The pre-specified analysis plan (study.yaml / study.json), fully resolved: every key has a value. */

export type CombineRule = 'primary-only' | 'either-negative' | 'both-negative' | 'primary-then-secondary';
export type KmConfType = 'log-log' | 'log' | 'plain';
export type CoxTies = 'breslow' | 'efron';
export type ProportionCiMethod = 'clopper-pearson' | 'wilson';
export type FigureFormat = 'png' | 'svg' | 'vl.json';

/** What the figures of a plan need: drawing (an SVG, for its own file or the PNG) and the PNG. */
export function figureNeeds(formats: readonly FigureFormat[]): { draw: boolean; png: boolean } {
  const png = formats.includes('png');
  return { draw: png || formats.includes('svg'), png };
}

export interface Arm {
  code: string;
  label: string;
  control: boolean;
}

export interface Timepoint {
  name: string;
  month: number;
  windowMonths: number;
}

export interface Plan {
  study: string;
  /** data cut-off as written (YYYY-MM-DD) */
  cutoff: string;
  /** data cut-off as a day number */
  cutoffDay: number;
  arms: Arm[];
  strata: string[];
  mrd: {
    primaryMethod: 'NGS' | 'NGF';
    combine: CombineRule;
    thresholds: number[];
    primaryThreshold: number;
    ngf: { lodEvents: number; lloqEvents: number; maxHoursToProcessing: number };
    ngs: { dnaPerCellPg: number; lodCells: number };
    timepoints: Timepoint[];
    specimen: 'BM' | 'PB';
    centralOnly: boolean;
    hemodilutedNegative: 'not-evaluable' | 'negative';
    sustained: { minGapDays: number; requireImaging: boolean };
    durationEvent: 'mrd-reappearance' | 'reappearance-progression-death';
  };
  landmarks: number[];
  mrdLandmark: number | null;
  stats: {
    ciLevel: number;
    proportionCi: ProportionCiMethod;
    kmConfType: KmConfType;
    coxTies: CoxTies;
    cmhCorrection: boolean;
  };
  subgroups: string[];
  lang: 'en' | 'zh';
  report: {
    /** decimals of percentages in tables (0 prints the label's "147 (55) [49~62]" style) */
    percentDecimals: number;
    /**
     * formats of the ADaM data sets in OUT_DIR/adam (default xpt, the submission format; json and csv
     * on request; empty: none); define.xml always
     */
    adamFormats: ('xpt' | 'json' | 'csv')[];
    /**
     * files of each figure in OUT_DIR/figures (default all three): png (with the figure's RTF and DOCX
     * documents, which hold it), svg, vl.json (the Vega-Lite spec). A figure is drawn only for png or
     * svg (report.html shows every figure drawn); with neither, no figure thread starts
     */
    figureFormats: FigureFormat[];
    /**
     * how subjects.csv variables (subgroups, strata) and their levels are labelled for readers, by
     * column: label and level texts, each per language (an absent language falls back to English, then
     * to the code)
     */
    variables: Record<string, { label: { en?: string; zh?: string }; levels: Record<string, { en?: string; zh?: string }> }>;
    /** the Kaplan-Meier risk table: numbers at risk, or also cumulative events and censored */
    kmRiskTable: 'at-risk' | 'at-risk-events-censored';
    /** the swimmer figure: subjects per page (figure) and pages drawn at most */
    swimmer: { pageSize: number; maxPages: number };
    /** number and title of a figure, by figure id (km_pfs, forest_subgroups, ...); default: its position, the built-in title */
    figures: Record<string, { number?: string; title?: string }>;
    /** number and title of each submission table, by table id (defaults: TABLE_NUMBERS) */
    /** number, title and page orientation per submission table (auto: portrait when it fits on one line) */
    tables: Record<string, { number: string; title?: string; orientation: 'auto' | 'portrait' | 'landscape' }>;
  };
  /** how the ADaM layout (ADSL, ADRS, ADTTE) is read (docs/inputs.md) */
  adam: {
    /** ADSL variables holding the randomised arm, the first present is used */
    armVariable: string[];
    /** ADRS PARAMCDs holding the response assessments (one row per assessment), the first present is used */
    responseParam: string[];
    /** ADRS PARAMCD of the sponsor's best overall response, checked against the derived one by mrd validate */
    bestResponseParam: string;
    /** ADTTE PARAMCDs read as PFS and OS */
    pfsParam: string;
    osParam: string;
  };
}
