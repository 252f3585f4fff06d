import { mapInt32 } from './typedMap.js';

/**
 * A text column as a code per row into a dictionary (`dict[codes[i]]` is row i's value, null for an
 * empty cell): the shape of the pipeline's TextColumn, so that analyses count by code without
 * importing the reader. Equal values may carry different codes (a dictionary need not be distinct).
 */
export interface EncodedText {
  readonly codes: ArrayLike<number>;
  readonly dict: readonly (string | null)[];
}

/**
 * Numbers the distinct labels of a dictionary: the label number of each dictionary code, and the
 * labels in order of their first dictionary entry.
 */
export function labelCodes(dict: readonly (string | null)[], label: (value: string | null) => string): { of: Int32Array; labels: string[] } {
  const index = new Map<string, number>();
  const labels: string[] = [];
  const of = mapInt32(dict, (v) => {
    const l = label(v);
    let k = index.get(l);
    if (k === undefined) {
      index.set(l, (k = labels.length));
      labels.push(l);
    }
    return k;
  });
  return { of, labels };
}
