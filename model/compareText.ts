/**
 * Orders strings by UTF-16 code units, the same on every machine (unlike localeCompare): every sort
 * whose order reaches an output uses it, so outputs are byte-identical everywhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
