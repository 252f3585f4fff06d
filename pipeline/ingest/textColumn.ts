import { sharedInt32, sharedUint16, sharedUint8 } from '../../model/sharedArrays.js';
/**
 * A text column stored as integer codes into a dictionary (dictionary encoding, as in Arrow and
 * Parquet). Code 0 is always the empty cell (null). At 10^7 MRD rows a column of JavaScript strings
 * costs 8 bytes of pointer per row plus the strings; codes cost 1 byte (up to 256 distinct values, as in
 * METHOD, RESULT, LAB or VISIT), 2 or 4, and each value is held once. Derivations compare codes instead of strings.
 *
 * When `distinct` is true every dictionary entry is a different value, so two rows hold the same text
 * exactly when they hold the same code. A column whose values are nearly all different (SAMPLEID) is
 * stored instead as UTF-8 bytes, one range of a shared byte pool per row (`TextColumn.fromBytes`,
 * `distinct` false): ten million sample identifiers then cost one buffer, not ten million strings
 * for the garbage collector to trace. Its `codes` and `dict` are built only if asked for (one code
 * per row); read such a column with `at` and `equalAt`.
 *
 * @example
 * const c = TextColumn.from(['NGS', null, 'NGF', 'NGS']);
 * c.at(3); // 'NGS'
 * c.codes[0] === c.codeOf('NGS'); // true
 */
/**
 * Codes in the narrowest array their dictionary allows: one byte a row for up to 256 entries (METHOD,
 * RESULT, LAB, VISIT, ... : nine of the MRD table's columns), two for up to 65,536, else four. At 10^7
 * MRD rows one byte instead of four saves 30 MB a column.
 */
export type CodeArray = Uint8Array | Uint16Array | Int32Array;

/** A zeroed code array of `length` rows for a dictionary of `dictLength` entries. */
export function codeArray(length: number, dictLength: number): CodeArray {
  return dictLength <= 256 ? sharedUint8(length) : dictLength <= 65_536 ? sharedUint16(length) : sharedInt32(length);
}

/** `codes` in the narrowest array for a dictionary of `dictLength` entries (itself when that is Int32Array). */
export function narrowCodes(codes: Int32Array, dictLength: number): CodeArray {
  if (dictLength > 65_536) return codes;
  const out = codeArray(codes.length, dictLength);
  out.set(codes);
  return out;
}

export class TextColumn {
  private lookup: Map<string | null, number> | null = null;
  private codesOrNull: CodeArray | null;
  private dictOrNull: readonly (string | null)[] | null;
  /** bytes mode: row i is pool[from[i]..to[i]), null when from[i] is -1 */
  private readonly pool: Buffer | null = null;
  private readonly from: Int32Array | null = null;
  private readonly to: Int32Array | null = null;
  readonly length: number;

  constructor(
    /** dictionary code per row */
    codes: CodeArray,
    /** dict[0] is null; dict[code] is the row's text */
    dict: readonly (string | null)[],
    readonly distinct: boolean,
    bytes?: { pool: Buffer; from: Int32Array; to: Int32Array },
  ) {
    if (bytes) {
      this.pool = bytes.pool;
      this.from = bytes.from;
      this.to = bytes.to;
      this.codesOrNull = null;
      this.dictOrNull = null;
      this.length = bytes.from.length;
      return;
    }
    if (dict[0] !== null) throw new Error('TextColumn: dictionary entry 0 must be null');
    this.codesOrNull = codes;
    this.dictOrNull = dict;
    this.length = codes.length;
  }

  /** Row i holds the UTF-8 text pool[from[i]..to[i]), or null when from[i] is -1. */
  static fromBytes(pool: Buffer, from: Int32Array, to: Int32Array): TextColumn {
    return new TextColumn(new Int32Array(0), [null], false, { pool, from, to });
  }

  /** For a bytes column, its pool and row ranges (row i is pool[from[i]..to[i]), null when from[i] < 0); else null. Read only. */
  get bytes(): { pool: Buffer; from: Int32Array; to: Int32Array } | null {
    return this.pool === null ? null : { pool: this.pool, from: this.from!, to: this.to! };
  }

  /** dictionary code per row (for a bytes column, built at the first call: code i + 1 for row i) */
  get codes(): CodeArray {
    if (this.codesOrNull === null) this.materialise();
    return this.codesOrNull!;
  }

  /** dict[0] is null; dict[code] is the text of the rows with that code */
  get dict(): readonly (string | null)[] {
    if (this.dictOrNull === null) this.materialise();
    return this.dictOrNull!;
  }

  private materialise(): void {
    const codes = new Int32Array(this.length);
    const dict: (string | null)[] = [null];
    for (let i = 0; i < this.length; i++) {
      const v = this.at(i);
      if (v !== null) codes[i] = dict.push(v) - 1;
    }
    this.codesOrNull = narrowCodes(codes, dict.length);
    this.dictOrNull = dict;
  }

  at(i: number): string | null {
    if (this.pool !== null) {
      const s = this.from![i];
      return s < 0 ? null : this.pool.toString('utf8', s, this.to![i]);
    }
    return this.dictOrNull![this.codesOrNull![i]];
  }

  /** Whether rows a and b hold the same text (bytes compared in place for a bytes column). */
  equalAt(a: number, b: number): boolean {
    if (this.pool !== null) {
      const sa = this.from![a];
      const sb = this.from![b];
      if (sa < 0 || sb < 0) return sa < 0 && sb < 0;
      const n = this.to![a] - sa;
      if (this.to![b] - sb !== n) return false;
      for (let k = 0; k < n; k++) if (this.pool[sa + k] !== this.pool[sb + k]) return false;
      return true;
    }
    const codes = this.codesOrNull!;
    return codes[a] === codes[b] || (!this.distinct && this.at(a) === this.at(b));
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

  /**
   * Replaces dictionary entry c by `strings[at[c]]` where at[c] >= 0, a string equal to it (so no row's
   * value changes; the columns that share this dictionary gain too). Every table read holds its own copy
   * of each subject identifier, decoded on the reading thread: at 10^6 subjects each copy is 24 MB of
   * heap, and with the subject index's one the duplicates become garbage.
   */
  shareStrings(at: ArrayLike<number>, strings: readonly string[]): void {
    const dict = this.dictOrNull as (string | null)[] | null;
    if (dict === null) return;
    for (let c = 1; c < dict.length; c++) if (at[c] >= 0 && dict[c] === strings[at[c]]) dict[c] = strings[at[c]];
    this.lookup = null;
  }

  /** 1 for each dictionary code whose text satisfies `test` (null is code 0), for per-row lookups by code. */
  codeMask(test: (value: string | null) => boolean): Uint8Array {
    return Uint8Array.from(this.dict, (v) => (test(v) ? 1 : 0));
  }

  toArray(): (string | null)[] {
    const out: (string | null)[] = new Array(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.at(i);
    return out;
  }

  *[Symbol.iterator](): IterableIterator<string | null> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** The rows `rows[0], rows[1], ...` of this column, sharing its dictionary (or byte pool). */
  take(rows: ArrayLike<number>): TextColumn {
    if (this.pool !== null) {
      const from = sharedInt32(rows.length);
      const to = sharedInt32(rows.length);
      for (let k = 0; k < rows.length; k++) {
        from[k] = this.from![rows[k]];
        to[k] = this.to![rows[k]];
      }
      return TextColumn.fromBytes(this.pool, from, to);
    }
    const codes = codeArray(rows.length, this.dictOrNull!.length);
    const source = this.codesOrNull!;
    for (let k = 0; k < rows.length; k++) codes[k] = source[rows[k]];
    return new TextColumn(codes, this.dictOrNull!, this.distinct);
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
    return new TextColumn(narrowCodes(codes, dict.length), dict, true);
  }
}
