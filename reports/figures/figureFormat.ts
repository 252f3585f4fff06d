/** Number formatting of the figures (the numbers themselves all come from the Analysis object). */

/** A number with `digits` decimals, or `missing` when it is null or not finite. */
export function fixed(v: number | null, digits: number, missing: string): string {
  return v === null || !Number.isFinite(v) ? missing : v.toFixed(digits);
}

/** A fraction as a percentage with one decimal, e.g. 0.4 → "40.0%". */
export function percent(v: number | null, missing = 'NE'): string {
  return v === null || !Number.isFinite(v) ? missing : `${(v * 100).toFixed(1)}%`;
}

/** `x/n (p%)`, the rate cell of the figures. */
export function rateText(x: number, n: number, rate: number): string {
  return n === 0 ? '0/0' : `${x}/${n} (${(rate * 100).toFixed(1)}%)`;
}

/** Strict code-unit order (locale-independent, so every machine sorts the same way). */
export { compareText as byCodeUnit } from '../../model/compareText.js';

/** The pretty JSON of a Vega-Lite spec as written to `<id>.vl.json` (data inlined), newline-terminated. */
export function specText(spec: unknown): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}
