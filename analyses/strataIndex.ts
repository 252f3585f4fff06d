import { compareText } from '../pipeline/compareText.js';

/** The level used for a subject whose stratum (or subgroup) value is empty. */
export const MISSING_LEVEL = '(missing)';

/**
 * Cross-classifies subjects by the given text columns: stratum index per subject, and the stratum
 * labels (values joined by " / ") in sorted order. Sorting (not first-seen order) makes stratified sums
 * run in the same order whatever the order of the input rows, so results are identical to the last bit.
 * With no columns every subject is in stratum 0.
 */
export function strataIndex(columns: (string | null)[][], n: number): { index: Int32Array; labels: string[] } {
  const index = new Int32Array(n);
  const labels: string[] = [];
  if (columns.length === 0) return { index, labels: ['(all)'] };
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = columns.map((c) => c[i] ?? MISSING_LEVEL).join(' / ');
    let k = seen.get(key);
    if (k === undefined) {
      k = labels.length;
      seen.set(key, k);
      labels.push(key);
    }
    index[i] = k;
  }
  const order = labels.map((_, k) => k).sort((x, y) => compareText(labels[x], labels[y]));
  const rank = new Int32Array(labels.length);
  order.forEach((k, r) => (rank[k] = r));
  for (let i = 0; i < n; i++) index[i] = rank[index[i]];
  return { index, labels: order.map((k) => labels[k]) };
}
