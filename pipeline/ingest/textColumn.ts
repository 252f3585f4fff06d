/**
 * A text column stored as integer codes into a dictionary (dictionary encoding, as in Arrow and
 * Parquet). Code 0 is always the empty cell (null). At 10^7 MRD rows a column of JavaScript strings
 * costs 8 bytes of pointer per row plus the strings; codes cost 4 bytes and the few distinct values of
 * METHOD, RESULT, LAB or VISIT are held once. Derivations compare codes instead of strings.
 *
 * When `distinct` is true every dictionary entry is a different value, so two rows hold the same text
 * exactly when they hold the same code. A column whose values are nearly all different (SAMPLEID) is
 * stored without deduplication (`distinct` false): equal values may then have different codes.
 *
 * @example
 * const c = TextColumn.from(['NGS', null, 'NGF', 'NGS']);
 * c.at(3); // 'NGS'
 * c.codes[0] === c.codeOf('NGS'); // true
 */
export class TextColumn {
  private lookup: Map<string | null, number> | null = null;

  constructor(
    /** dictionary code per row */
    readonly codes: Int32Array,
    /** dict[0] is null; dict[code] is the row's text */
    readonly dict: readonly (string | null)[],
    readonly distinct: boolean,
  ) {
    if (dict[0] !== null) throw new Error('TextColumn: dictionary entry 0 must be null');
  }

  get length(): number {
    return this.codes.length;
  }

  at(i: number): string | null {
    return this.dict[this.codes[i]];
  }

  /**
   * The code rows holding `value` carry, or -1 when no row holds it (0 for null). Only for columns
   * whose dictionary is distinct: elsewhere one value can have several codes.
   */
  codeOf(value: string | null): number {
    if (!this.distinct) throw new Error('TextColumn.codeOf needs a distinct dictionary');
    if (this.lookup === null) this.lookup = new Map(this.dict.map((v, k) => [v, k]));
    return this.lookup.get(value) ?? -1;
  }

  /** 1 for each dictionary code whose text satisfies `test` (null is code 0), for per-row lookups by code. */
  codeMask(test: (value: string | null) => boolean): Uint8Array {
    return Uint8Array.from(this.dict, (v) => (test(v) ? 1 : 0));
  }

  toArray(): (string | null)[] {
    const out: (string | null)[] = new Array(this.codes.length);
    for (let i = 0; i < out.length; i++) out[i] = this.dict[this.codes[i]];
    return out;
  }

  *[Symbol.iterator](): IterableIterator<string | null> {
    for (let i = 0; i < this.codes.length; i++) yield this.dict[this.codes[i]];
  }

  /** The rows `rows[0], rows[1], ...` of this column, sharing its dictionary. */
  take(rows: ArrayLike<number>): TextColumn {
    const codes = new Int32Array(rows.length);
    for (let k = 0; k < rows.length; k++) codes[k] = this.codes[rows[k]];
    return new TextColumn(codes, this.dict, this.distinct);
  }

  /** Encodes plain values (tests, small derived tables). */
  static from(values: readonly (string | null)[]): TextColumn {
    const index = new Map<string | null, number>([[null, 0]]);
    const dict: (string | null)[] = [null];
    const codes = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      let c = index.get(v);
      if (c === undefined) {
        c = dict.length;
        dict.push(v);
        index.set(v, c);
      }
      codes[i] = c;
    }
    return new TextColumn(codes, dict, true);
  }
}
