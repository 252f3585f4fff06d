/** Number formatting shared by every table (renderers never compute, they only print these strings). */

/** Percentage of a fraction with `digits` decimals; NR-style placeholder for missing values. */
export function pct(v: number | null, digits = 1): string {
  if (v === null || !Number.isFinite(v)) return 'NE';
  return (v * 100).toFixed(digits);
}

/** `x/n (p%) [lo, hi]`, the cell layout of the MRD-rate tables. */
export function rateCell(x: number, n: number, rate: number, lower: number, upper: number, digits = 1, sep = ', '): string {
  if (n === 0) return `0/0`;
  return `${x}/${n} (${pct(rate, digits)}) [${pct(lower, digits)}${sep}${pct(upper, digits)}]`;
}

/** A rate with its CI in percent, `p [lo, hi]`. */
export function pctCi(rate: number | null, lower: number | null, upper: number | null, sep = ', ', digits = 1): string {
  return `${pct(rate, digits)} [${pct(lower, digits)}${sep}${pct(upper, digits)}]`;
}

/** `x (p) [lo~hi]`, the isatuximab label's cell layout (percentages, CI joined by `sep`). */
export function labelRateCell(x: number, n: number, rate: number, lower: number, upper: number, digits: number, sep: string, withCi = true): string {
  if (n === 0) return '0';
  return `${x} (${pct(rate, digits)})` + (withCi ? ` [${pct(lower, digits)}${sep}${pct(upper, digits)}]` : '');
}

/**
 * A power of ten as the text model writes it (10^-5). CSV keeps it so; the renderers raise the
 * exponent with their own superscript (RTF \super, DOCX superscript run, HTML <sup>, SVG tspan), since
 * the fonts used (Arial/Liberation Sans, Noto Sans SC) lack superscript digit and minus characters.
 */
export const POWER_OF_TEN = /10\^(-?\d+)/g;

/** The exponent of a POWER_OF_TEN match as it is printed raised: a true minus sign. */
export function exponentText(e: string): string {
  return e.replace('-', '\u2212');
}

export { thresholdLabel } from '../model/threshold.js';

/** A subjects.csv variable as a reader reads it: the plan's label in the language, else English, else the column. */
export function variableLabel(plan: { report: { variables: Record<string, { label: { en?: string; zh?: string } }> } }, column: string, lang: 'en' | 'zh'): string {
  const l = plan.report.variables[column]?.label;
  return l?.[lang] ?? l?.en ?? column;
}

/** A level of a subjects.csv variable as a reader reads it (the plan's label, else the value as written). */
export function levelLabel(plan: { report: { variables: Record<string, { levels: Record<string, { en?: string; zh?: string }> }> } }, column: string, level: string, lang: 'en' | 'zh'): string {
  const l = plan.report.variables[column]?.levels[level];
  return l?.[lang] ?? l?.en ?? level;
}

/** A JSON-safe number: NaN and infinities (undefined estimates, limits not reached) become null. */
export function num(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** A p-value as submission tables print it: 4 decimals, "<0.0001" below. */
export function pValue(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return 'NE';
  return p < 0.0001 ? '<0.0001' : p.toFixed(4);
}

/**
 * Decimals of every table and figure, one rule for both and for both languages (as the isatuximab
 * label prints them: hazard ratio 0.596 [0.436~0.814], median 11.53 months): ratios (HR, OR) and
 * kappa 3, medians and other times in months 2, percentages 1 (report.percentDecimals for rate cells).
 */
export const DECIMALS = { ratio: 3, months: 2, percent: 1 } as const;

/** An estimate with its CI, `est [lo, hi]`, each with `digits` decimals; NE where undefined. */
export function estimateCi(est: number | null, lo: number | null, hi: number | null, digits = 3, sep = ', '): string {
  const f = (v: number | null) => (v === null || !Number.isFinite(v) ? (v === Infinity ? 'Inf' : 'NE') : v.toFixed(digits));
  return `${f(est)} [${f(lo)}${sep}${f(hi)}]`;
}

/** SAS-style threshold text, 1E-05, as parameter names print it. */
export function thresholdText(threshold: number): string {
  const [m, e] = threshold.toExponential().split('e');
  const exp = Number(e);
  return `${m === '1' ? '1' : m}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}
