/**
 * An MRD threshold as text: 10^-k when it is a power of ten (the renderers raise the exponent), else
 * in E notation. The validation messages and every table print thresholds this way.
 *
 * @example thresholdLabel(1e-5) // '10^-5'; thresholdLabel(2e-5) // '2e-5'
 */
export function thresholdLabel(t: number): string {
  const k = Math.log10(t);
  if (Math.abs(k - Math.round(k)) < 1e-9) return `10^${Math.round(k)}`;
  return t.toExponential();
}
