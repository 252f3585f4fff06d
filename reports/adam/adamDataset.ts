import type { TextColumn } from '../../pipeline/ingest/textColumn.js';

/**
 * An analysis data set as the writers (SAS transport, Dataset-JSON, CSV) and define.xml see it:
 * metadata per variable (name, label, type, length, origin, derivation in words, code list) and its
 * values as columns. Columns point into the derived arrays rather than copying them: a data set of
 * 10^7 rows (one per sample, or per subject and parameter) costs an index array, not a string per cell.
 */

/**
 * Values of one variable, read row by row. Text from a dictionary gives the dictionary and each row's
 * code, so that writers encode each distinct value once.
 */
export type AdamValues =
  /** dict[code(i)] (null: empty) */
  | { kind: 'coded'; dict: readonly (string | null)[]; code: (i: number) => number }
  /**
   * text computed per row (free text such as SAMPLEID at scale); `raw` gives the same text as UTF-8
   * bytes (row i: pool[from[i]..to[i]), from[i] < 0 empty) for writers that copy bytes
   */
  | { kind: 'text'; at: (i: number) => string | null; raw?: { pool: Uint8Array; from: Int32Array; to: Int32Array } }
  /** numbers; NaN is missing */
  | { kind: 'num'; at: (i: number) => number }
  /** dates as day numbers of pipeline/ingest/dates.ts; NaN is missing */
  | { kind: 'date'; at: (i: number) => number };

export type AdamType = 'text' | 'integer' | 'float' | 'date';

/** Where a variable comes from, as define.xml 2.1 def:Origin states it. */
export interface AdamOrigin {
  type: 'Derived' | 'Assigned' | 'Predecessor';
  /** Predecessor: the input file and column, e.g. "subjects.csv ARM" */
  source?: string;
}

export interface AdamVariable {
  /** SAS V5 name: at most 8 upper-case letters, digits, _ */
  name: string;
  /** at most 40 printable ASCII characters */
  label: string;
  type: AdamType;
  /** text: the longest value in bytes (set by the builder from the data, never a default) */
  length?: number;
  /** SAS display format, e.g. DATE9. */
  format?: string;
  origin: AdamOrigin;
  /** the derivation in words (define.xml MethodDef) for Derived variables */
  method?: string;
  /** allowed values and their meaning */
  codelist?: { name: string; items: { coded: string; decode?: string }[] };
  values: AdamValues;
}

/** One parameter of a BDS data set: what define.xml's value-level metadata says about it. */
export interface AdamParameter {
  paramcd: string;
  param: string;
  /** the rule, in the words of docs/rules.md */
  method: string;
}

export interface AdamDataset {
  /** SAS V5 name, e.g. ADMRD */
  name: string;
  label: string;
  /** ADaM class: BASIC DATA STRUCTURE, or ADAM OTHER */
  adamClass: 'BASIC DATA STRUCTURE' | 'ADAM OTHER';
  /** ADaM subclass (TIME-TO-EVENT for ADTTE) */
  subclass?: 'TIME-TO-EVENT';
  /** e.g. "One record per subject per parameter" */
  structure: string;
  /** key variables, in sort order */
  keys: string[];
  rows: number;
  variables: AdamVariable[];
  parameters?: AdamParameter[];
  /** with parameters: the variable each parameter's rule defines (AVALC in ADMRD, AVAL in ADTTE) */
  parameterValue?: string;
}

/** The text of variable `v` at row i (null: empty). */
export function textAt(v: AdamValues, i: number): string | null {
  if (v.kind === 'coded') return v.dict[v.code(i)] ?? null;
  if (v.kind === 'text') return v.at(i);
  throw new TypeError('not a text variable');
}

/** The number (or day number) of variable `v` at row i; NaN when missing. */
export function numberAt(v: AdamValues, i: number): number {
  if (v.kind === 'num' || v.kind === 'date') return v.at(i);
  throw new TypeError('not a numeric variable');
}

/** A text variable with the same value on every row. */
export function constantText(value: string): AdamValues {
  return { kind: 'coded', dict: [value], code: () => 0 };
}

/**
 * The values of a TextColumn for row i of a data set, read at `position(i)` of the column (the
 * subject's row, say); without `position`, row i itself, and then a column held as bytes is also
 * offered as `raw` for writers that copy bytes.
 */
export function textColumnValues(col: TextColumn, position?: (i: number) => number): AdamValues {
  if (col.bytes === null) {
    const codes = col.codes;
    return { kind: 'coded', dict: col.dict, code: position ? (i) => codes[position(i)] : (i) => codes[i] };
  }
  if (position) return { kind: 'text', at: (i) => col.at(position(i)) };
  return { kind: 'text', at: (i) => col.at(i), raw: col.bytes };
}

/** Longest value of a text variable in UTF-8 bytes (at least 1, as SAS requires). */
export function longestText(v: AdamValues, rows: number): number {
  let longest = 1;
  if (v.kind === 'coded') {
    // the byte length of each entry; the rows are read only until one holds the longest entry (at
    // 10^6 subjects a full pass per variable took 3.4 s over the three data sets, and the longest
    // entry nearly always occurs in the first rows)
    const sizes = new Int32Array(v.dict.length);
    let max = 1;
    let oneLength = -1; // the length all entries share, -2 when they differ
    for (let c = 0; c < sizes.length; c++) {
      const text = v.dict[c];
      if (!text) continue;
      sizes[c] = Buffer.byteLength(text, 'utf8');
      if (sizes[c] > max) max = sizes[c];
      oneLength = oneLength === -1 || oneLength === sizes[c] ? sizes[c] : -2;
    }
    // entries of one length (flags, constants, codes): that length, without reading the rows
    if (oneLength >= 0) return Math.max(1, oneLength);
    for (let i = 0; i < rows && longest < max; i++) {
      const b = sizes[v.code(i)];
      if (b > longest) longest = b;
    }
    return longest;
  }
  if (v.kind === 'text' && v.raw) {
    const { from, to } = v.raw;
    for (let i = 0; i < rows; i++) if (from[i] >= 0 && to[i] - from[i] > longest) longest = to[i] - from[i];
    return longest;
  }
  for (let i = 0; i < rows; i++) {
    const t = textAt(v, i);
    if (t) longest = Math.max(longest, Buffer.byteLength(t, 'utf8'));
  }
  return longest;
}
