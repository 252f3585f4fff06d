import { compareText } from '../model/compareText.js';
import { labelCodes, type EncodedText } from './encodedText.js';
import { mapInt32 } from './typedMap.js';

/** The level used for a subject whose stratum (or subgroup) value is empty. */
export const MISSING_LEVEL = '(missing)';

/** A text column: plain values, or dictionary-encoded (the pipeline's TextColumn). */
export type StrataColumn = readonly (string | null)[] | EncodedText;

const orMissing = (v: string | null): string => v ?? MISSING_LEVEL;

/** Level (distinct label) of each of the first `n` rows of `column`, and the level labels. */
function levelsOf(column: StrataColumn, n: number): { level: Int32Array; labels: string[] } {
  const level = new Int32Array(n);
  if ('codes' in column) {
    // one label per dictionary entry, then one array read per row
    const { of, labels } = labelCodes(column.dict, orMissing);
    for (let i = 0; i < n; i++) level[i] = of[column.codes[i]];
    return { level, labels };
  }
  const index = new Map<string, number>();
  const labels: string[] = [];
  for (let i = 0; i < n; i++) {
    const l = orMissing(column[i]);
    let k = index.get(l);
    if (k === undefined) {
      index.set(l, (k = labels.length));
      labels.push(l);
    }
    level[i] = k;
  }
  return { level, labels };
}

/**
 * Cross-classifies subjects by the given text columns: stratum index per subject, and the stratum
 * labels (values joined by " / ") in sorted order. Sorting (not first-seen order) makes stratified sums
 * run in the same order whatever the order of the input rows, so results are identical to the last bit.
 * With no columns every subject is in stratum 0.
 */
export function strataIndex(columns: readonly StrataColumn[], n: number): { index: Int32Array; labels: string[] } {
  const index = new Int32Array(n);
  if (columns.length === 0) return { index, labels: ['(all)'] };
  // The combination of levels of each subject, numbered as first seen (integer keys, no string per
  // subject); `first` holds a subject of each combination.
  const perColumn = columns.map((c) => levelsOf(c, n));
  const combo = perColumn[0].level.slice();
  let first: number[] = [];
  let seen = new Map<number, number>();
  const number = (key: number, i: number) => {
    let k = seen.get(key);
    if (k === undefined) {
      seen.set(key, (k = first.length));
      first.push(i);
    }
    return k;
  };
  for (let i = 0; i < n; i++) combo[i] = number(combo[i], i);
  for (let j = 1; j < perColumn.length; j++) {
    const { level, labels } = perColumn[j];
    seen = new Map();
    first = [];
    for (let i = 0; i < n; i++) combo[i] = number(combo[i] * labels.length + level[i], i);
  }
  // Labels of the combinations; two combinations with the same joined label are one stratum.
  const labelIndex = new Map<string, number>();
  const labels: string[] = [];
  const stratumOf = mapInt32(first, (i) => {
    const label = perColumn.map((c) => c.labels[c.level[i]]).join(' / ');
    let k = labelIndex.get(label);
    if (k === undefined) {
      labelIndex.set(label, (k = labels.length));
      labels.push(label);
    }
    return k;
  });
  const order = labels.map((_, k) => k).sort((x, y) => compareText(labels[x], labels[y]));
  const rank = new Int32Array(labels.length);
  order.forEach((k, r) => (rank[k] = r));
  for (let i = 0; i < n; i++) index[i] = rank[stratumOf[combo[i]]];
  return { index, labels: order.map((k) => labels[k]) };
}
