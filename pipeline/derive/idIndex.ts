import { compareText } from '../../model/compareText.js';
import type { TextColumn } from '../ingest/textColumn.js';

/**
 * Positions of distinct identifiers (`ids[k]` is at k), for joining a table's USUBJID to the subjects.
 * The rows of a table usually come in the order of the ids (both sorted by subject, a subject's rows
 * adjacent), so a run of lookups first tries the position of the previous hit and the one after it:
 * two string comparisons, no hashing. A miss (a subject without rows in between, an unknown id)
 * binary-searches the ids when they are in ascending order, and otherwise consults a Map of all ids,
 * built at the first such miss: at 10^6 subjects, filling and probing that Map for every table cost
 * seconds.
 *
 * @example
 * const index = new IdIndex(['S1', 'S2', 'S3']);
 * index.positions(['S1', 'S1', 'S2', 'S9', null, 'S3']); // Int32Array [0, 0, 1, -1, -1, 2]
 * index.get('S2'); // 1
 */
export class IdIndex {
  private map: Map<string, number> | null = null;
  /** whether ids are strictly ascending (compareText); null until the first miss asks */
  private ascending: boolean | null = null;

  constructor(
    /** distinct identifiers (with repeats, `get` gives the last position, a run of lookups either) */
    readonly ids: readonly string[],
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /** The position of `id`, undefined when it is not there. */
  get(id: string): number | undefined {
    const k = this.near(id, -1);
    return k < 0 ? undefined : k;
  }

  /** The position of each of `values`, -1 for null or an unknown value; consecutive values are looked up in sequence. */
  positions(values: ArrayLike<string | null>): Int32Array {
    const n = values.length;
    const out = new Int32Array(n);
    let last = -1;
    for (let i = 0; i < n; i++) {
      const k = this.near(values[i], last);
      out[i] = k;
      if (k >= 0) last = k;
    }
    return out;
  }

  /** The position of `v` (-1 when null or unknown), trying `last` and the position after it first. */
  near(v: string | null, last: number): number {
    if (v === null) return -1;
    const ids = this.ids;
    if (last >= 0 && ids[last] === v) return last;
    if (last + 1 < ids.length && ids[last + 1] === v) return last + 1;
    if (this.ascending === null) this.ascending = strictlyAscending(ids);
    return this.ascending ? binarySearch(ids, v) : (this.lookup().get(v) ?? -1);
  }

  private lookup(): Map<string, number> {
    if (this.map === null) {
      this.map = new Map();
      for (let k = 0; k < this.ids.length; k++) this.map.set(this.ids[k], k);
    }
    return this.map;
  }
}

/** Whether `values` are strictly ascending by compareText (so also distinct); false when one is null. */
export function strictlyAscending(values: readonly (string | null)[]): boolean {
  for (let k = 1; k < values.length; k++) {
    const a = values[k - 1];
    const b = values[k];
    if (a === null || b === null || compareText(a, b) >= 0) return false;
  }
  return true;
}

const texts = new WeakMap<TextColumn, readonly (string | null)[]>();

/**
 * column.toArray(), made once per column: checkReferences and deriveSubjects both need the subject
 * identifiers as strings, and at 10^6 subjects each call decodes 10^6 strings from a byte pool. The
 * result is shared: read it, never write into it.
 */
export function textsOf(column: TextColumn): readonly (string | null)[] {
  let out = texts.get(column);
  if (out === undefined) texts.set(column, (out = column.toArray()));
  return out;
}

/** The position of `v` in the strictly ascending `ids`, -1 when it is not there. */
function binarySearch(ids: readonly string[], v: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (compareText(ids[m], v) < 0) lo = m + 1;
    else hi = m;
  }
  return lo < ids.length && ids[lo] === v ? lo : -1;
}
