import { ByteMemo } from './byteMemo.js';
import { compileDateFormat } from './dateFormats.js';
import { parseDecimal } from './parseDecimal.js';
import { parseIsoDate, parseIsoDateTime } from './dates.js';
import type { ColumnSpec } from '../../model/schema.js';
import type { ColumnSource } from './source.js';
import { narrowCodes, TextColumn } from './textColumn.js';
import { sharedBytes, sharedCopy, sharedFloat64, sharedInt32 } from '../../model/sharedArrays.js';

/**
 * Per-column conversion of cells into typed columns, shared by every source format: the byte-level
 * CSV path hands each reader a byte range, the other formats (XPT, Dataset-JSON, XLSX) a string or an
 * already numeric value. Either way the same converter decides what a cell means and why it is unusable.
 */

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const YES = new Set(['Y', 'YES']);
const NO = new Set(['N', 'NO']);

/**
 * After this many rows, a column whose values are mostly distinct (SAMPLEID, CELLS) stops remembering
 * converted bytes and, for text, stops deduplicating its dictionary.
 */
export const MEMO_PROBE_ROWS = 1 << 16;

/**
 * An Int32Array or Float64Array that grows by doubling, so columns are never held as boxed JS arrays.
 * Two classes rather than one generic: each `push` site then sees one array type and V8 keeps it
 * monomorphic (the reader pushes about 10^8 values at 10^6 subjects). `reserve` takes the reader's
 * estimate of the rows to come: doubling alone left 10^7 rows in arrays of 2^24 (40% unused) and
 * copied every column at the end, which made the read the run's memory peak.
 */
export class GrowableInt32 {
  data = sharedInt32(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.data.length * 2);
    this.data[this.length++] = v;
  }
  /** Room for `n` values in all (no effect when there is already). */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const bigger = sharedInt32(n);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
  values(): Int32Array {
    return fitted(this.data, this.length);
  }
}

export class GrowableFloat64 {
  data = sharedFloat64(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.data.length * 2);
    this.data[this.length++] = v;
  }
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const bigger = sharedFloat64(n);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }
  values(): Float64Array {
    return fitted(this.data, this.length);
  }
}

/**
 * The first `length` values: a view when they fill at least 95% of the array (a reserve that was a good
 * estimate: no copy, at most 5% kept unused), else a copy of their exact size (in shared memory too).
 */
function fitted<T extends Int32Array | Float64Array>(data: T, length: number): T {
  return (fullEnough(length, data.length) ? data.subarray(0, length) : sharedCopy(data, length)) as T;
}

/**
 * Whether `used` of `capacity` is kept as is (at most `slack` unused, 5% unless said) rather than copied
 * to its exact size.
 */
function fullEnough(used: number, capacity: number, slack = 0.05): boolean {
  return used >= (1 - slack) * capacity;
}

/** What a converter returns for an unusable cell; `failure` then says why. */
export const FAIL = Symbol('unusable cell');
export const failure = { rule: '', message: '' };
/** A finding on a usable cell (the row is kept), set by a converter for the cell it just converted. */
export const cellNote = { rule: '', message: '', set: false };
export type Converter = (raw: string) => string | number | null | typeof FAIL;

export function fail(rule: string, message: string): typeof FAIL {
  failure.rule = rule;
  failure.message = message;
  return FAIL;
}

/** Text whose decimal value is `text` x 10^scale, so that unit changes are exact in decimal (0.032 % -> 3.2E-4). */
export function shiftDecimal(text: string, scale: number): string {
  if (scale === 0) return text;
  const e = text.search(/[eE]/);
  return e < 0 ? `${text}e${scale}` : `${text.slice(0, e)}e${Number(text.slice(e + 1)) + scale}`;
}

/** The value of `v` x 10^scale, rounded once from its shortest decimal form. */
export function scaleNumber(v: number, scale: number): number {
  return scale === 0 ? v : Number(shiftDecimal(String(v), scale));
}

export function isText(spec: ColumnSpec): boolean {
  return spec.type === 'string' || spec.type === 'enum' || spec.type === 'yn';
}

/** How a file writes its numbers and dates (mapping.yaml), for the columns that take no own setting. */
export interface FileConventions {
  decimalComma: boolean;
  dateFormat?: string;
}

/**
 * Compiles one column's checks into a converter, once per file: the row loop then calls one closure per
 * cell instead of switching on the column type (ingest runs per cell, tens of millions of times).
 * `source` adds what a mapping says: a code list, a unit scale, a date format, a decimal comma.
 */
export function compileConverter(spec: ColumnSpec, source?: ColumnSource, file: FileConventions = { decimalComma: false }): Converter {
  const fmtName = source?.dateFormat ?? file.dateFormat;
  const fmt = fmtName === undefined ? null : compileDateFormat(fmtName);
  if (typeof fmt === 'string') throw new Error(fmt); // checked when the mapping was read
  const scale = source?.scale ?? 0;
  const convert = ((): ((text: string) => string | number | typeof FAIL) => {
    switch (spec.type) {
      case 'string':
        return (text) => text;
      case 'enum': {
        const allowed = new Map(spec.values!.map((v) => [v, v]));
        const msg = `${spec.name} must be one of ${spec.values!.join(', ')}`;
        return (text) => allowed.get(text) ?? allowed.get(text.toUpperCase()) ?? fail('value.allowed', msg);
      }
      case 'yn':
        return (text) => {
          const up = text.length <= 3 ? text.toUpperCase() : '';
          return YES.has(up) ? 'Y' : NO.has(up) ? 'N' : fail('value.yn', `${spec.name} must be Y or N`);
        };
      case 'date': {
        if (fmt !== null) {
          const msg = `${spec.name} must be a date written ${fmt.pattern} (mapping.yaml)`;
          return (text) => fmt.day(text) ?? fail('date.format', msg);
        }
        const msg = `${spec.name} must be an ISO 8601 date YYYY-MM-DD (e.g. 2024-03-15)`;
        return (text) => parseIsoDate(text) ?? fail('date.iso', msg);
      }
      case 'datetime': {
        if (fmt !== null) {
          const msg = `${spec.name} must be a date-time written ${fmt.pattern} HH:MM (mapping.yaml)`;
          return (text) => fmt.minutes(text) ?? fail('datetime.format', msg);
        }
        const msg = `${spec.name} must be an ISO 8601 date-time YYYY-MM-DDTHH:MM (e.g. 2024-03-15T09:30)`;
        return (text) => parseIsoDateTime(text) ?? fail('datetime.iso', msg);
      }
      case 'number': {
        const fmtMsg = file.decimalComma
          ? `${spec.name} must be a number written with a decimal comma (e.g. 1500000 or 3,2E-06)`
          : `${spec.name} must be a number (e.g. 1500000 or 3.2E-06)`;
        return (raw) => {
          const text = file.decimalComma ? (raw.includes('.') ? '' : raw.replace(',', '.')) : raw;
          if (!NUMBER.test(text)) return fail('number.format', fmtMsg);
          const v = scale === 0 ? Number(text) : Number(shiftDecimal(text, scale));
          return checkRange(spec, v);
        };
      }
    }
  })();
  const emptyValue = spec.default !== undefined ? convert(spec.default) : null;
  const required = `${spec.name} is required and is empty`;
  const codes = source?.values;
  const mapped = codes === undefined ? convert : codeListConverter(spec, codes, convert, source?.noteUnmapped !== false);
  return (raw) => {
    const n = raw.length;
    // trim only when needed: most cells have no surrounding blanks, and trim() allocates
    let text = n > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(n - 1) <= 32) ? raw.trim() : raw;
    // a code list may map a value to an empty cell
    if (codes !== undefined && text.length > 0 && codes.get(text.toUpperCase()) === '') text = '';
    if (text.length === 0) {
      if (emptyValue !== null) return emptyValue;
      return spec.required ? fail('value.required', required) : null;
    }
    return mapped(text);
  };
}

/** A number in range, or FAIL with the range rule. */
export function checkRange(spec: ColumnSpec, v: number): number | typeof FAIL {
  if (spec.min !== undefined && v < spec.min) return fail('number.range', `${spec.name} must be >= ${spec.min}`);
  if (spec.max !== undefined && v > spec.max) return fail('number.range', `${spec.name} must be <= ${spec.max}`);
  return v;
}

/**
 * A mapping's code list in front of a column's own check. A value the list names is replaced; a value
 * it does not name is kept when it is already one of the column's codes, else: an enum or Y/N column
 * rejects the row (rule mapping.unmapped-value), a free-text column keeps the value and notes it.
 */
function codeListConverter(
  spec: ColumnSpec,
  codes: Map<string, string>,
  convert: (text: string) => string | number | typeof FAIL,
  noteUnmapped: boolean,
): (text: string) => string | number | typeof FAIL {
  const known = [...codes.keys()].slice(0, 12).map((k) => JSON.stringify(k)).join(', ') + (codes.size > 12 ? ', ...' : '');
  const coded = spec.type === 'enum' || spec.type === 'yn';
  return (text) => {
    const hit = codes.get(text.toUpperCase());
    if (hit !== undefined) return convert(hit);
    const own = convert(text);
    if (own !== FAIL) {
      if (!coded && noteUnmapped) {
        cellNote.rule = 'mapping.unlisted-value';
        cellNote.message = `${spec.name}: value not in the mapping's code list (${known}); kept as written`;
        cellNote.set = true;
      }
      return own;
    }
    return fail('mapping.unmapped-value', `${spec.name}: value not in the mapping's code list (${known})${spec.values ? ` nor one of ${spec.values.join(', ')}` : spec.type === 'yn' ? ' nor Y/N' : ''}`);
  };
}

/**
 * One column being read. `read` converts a cell (bytes buf[s..e) of the current record) into
 * `pending`, `readText` a cell given as text, `readValue` one given as a final value (a number, day or
 * minute count already converted by the caller); each returns false when the cell is unusable (the
 * reason is then in `failure`). `commit` appends `pending` once every cell of the row has been read.
 */
export interface ColumnReader {
  read(buf: Buffer, s: number, e: number, escaped: boolean): boolean;
  /** room for `rows` rows in all: the reader's estimate, so that columns need not grow by doubling */
  reserve(rows: number): void;
  readText(text: string): boolean;
  commit(): void;
  /** called once MEMO_PROBE_ROWS rows are kept */
  probe(): void;
}

function cellText(buf: Buffer, s: number, e: number, escaped: boolean): string {
  const text = buf.toString('utf8', s, e);
  return escaped ? text.replaceAll('""', '"') : text;
}

/** A growing byte pool holding the text of a mostly-distinct column, row by row (in shared memory, as the columns are). */
class BytePool {
  private buf = sharedBytes(1 << 16);
  used = 0;
  readonly from = new GrowableInt32();
  readonly to = new GrowableInt32();

  private reserve(n: number): void {
    if (this.used + n <= this.buf.length) return;
    const bigger = sharedBytes(Math.max(this.buf.length * 2, this.used + n));
    this.buf.copy(bigger, 0, 0, this.used);
    this.buf = bigger;
  }

  /** Room for `rows` rows in all, their bytes estimated from the rows so far (after a switch to the pool). */
  reserveRows(rows: number): void {
    if (rows <= this.from.length) return;
    this.from.reserve(rows);
    this.to.reserve(rows);
    if (this.from.length > 0) this.reserve(Math.ceil((this.used / this.from.length) * (rows - this.from.length) * 1.05));
  }

  pushBytes(src: Buffer, s: number, e: number): void {
    this.reserve(e - s);
    // a loop, not Buffer.copy: identifiers are a few bytes and copy() costs ~0.2 µs per call
    const buf = this.buf;
    let at = this.used;
    for (let k = s; k < e; k++) buf[at++] = src[k];
    this.from.push(this.used);
    this.used = at;
    this.to.push(this.used);
  }

  pushText(v: string | null): void {
    if (v === null) {
      this.from.push(-1);
      this.to.push(-1);
      return;
    }
    this.reserve(Buffer.byteLength(v));
    this.from.push(this.used);
    this.used += this.buf.write(v, this.used, 'utf8');
    this.to.push(this.used);
  }

  column(): TextColumn {
    // copied to its exact size unless a good reserve left at most 10% unused: the doubling slack is not
    // kept for the whole run. A reserve adds 5% to a row estimate that is 2% over, so 5% would copy
    // every well-estimated pool (at 10^6 subjects SAMPLEID's 130 MB, 93.5% full: 0.36 s and 130 MB more
    // while the copy is made, to give back 9 MB)
    let bytes = this.buf.subarray(0, this.used);
    if (!fullEnough(this.used, this.buf.length, 0.1)) {
      bytes = sharedBytes(this.used);
      this.buf.copy(bytes, 0, 0, this.used);
    }
    return TextColumn.fromBytes(bytes, this.from.values(), this.to.values());
  }
}

/**
 * Text columns become dictionary codes. Raw bytes seen before map straight to their code (the string
 * converter ran once for them); a cell differing only in case or blanks from a known value gets the
 * same code, because codes are assigned to converted values. A free-text column whose values turn
 * out to be mostly distinct (SAMPLEID) switches to a byte pool: a cell with no blanks to trim is
 * then copied byte for byte, without ever becoming a string.
 */
export class TextReader implements ColumnReader {
  codes = new GrowableInt32();
  readonly dict: (string | null)[] = [null];
  /**
   * How the dictionary is kept free of repeats. `bytes`: every entry so far is exactly the bytes it was
   * read from, so a cell whose bytes the memo has never seen, and that converts to itself, is a new
   * value: it is added without looking it up. `index`: some entry was converted (blanks trimmed, case
   * folded, a code mapped), so converted values are looked up in `index`, built from the dictionary
   * then. `none`: mostly distinct values, no longer deduplicated (see probe). Skipping the lookup saves
   * 1.7 s of Map operations on mrd.csv's 10^6 distinct USUBJIDs at 10^6 subjects.
   */
  private dedupe: 'bytes' | 'index' | 'none' = 'bytes';
  private index: Map<string, number> | null = null;
  private memo: ByteMemo | null;
  private bytes: BytePool | null = null;
  private pending = 0;
  /** bytes mode: the pending cell as a range of `pendingBuf`, or as converted text when pendingBuf is null */
  private pendingBuf: Buffer | null = null;
  private pendingFrom = 0;
  private pendingTo = 0;
  private pendingText: string | null = null;
  /** cells arrive as text (formats other than CSV): distinctness is judged by the dictionary */
  private textMode = false;
  /** the reader's estimate of the table's rows (0: none), for a byte pool started later */
  private expectedRows = 0;
  constructor(
    private readonly convert: Converter,
    private readonly freeText: boolean,
    /** false when the converter may note a cell (each cell must then be converted) */
    memo = true,
  ) {
    this.memo = memo ? new ByteMemo() : null;
  }

  read(buf: Buffer, s: number, e: number, escaped: boolean): boolean {
    if (this.bytes !== null) {
      // printable ASCII at both ends: nothing for trim() to remove, so the bytes are the value
      if (!escaped && e > s && buf[s] > 32 && buf[s] < 127 && buf[e - 1] > 32 && buf[e - 1] < 127) {
        this.pendingBuf = buf;
        this.pendingFrom = s;
        this.pendingTo = e;
        return true;
      }
      return this.readText(cellText(buf, s, e, escaped));
    }
    const memo = this.memo;
    if (memo !== null && !escaped) {
      const known = memo.get(buf, s, e);
      if (known !== undefined) {
        this.pending = known;
        return true;
      }
    }
    const text = cellText(buf, s, e, escaped);
    const v = this.convert(text);
    if (v === FAIL) return false;
    // unseen bytes that convert to themselves: a new value while every entry is its own bytes
    this.pending = memo !== null && !escaped && v === text && this.dedupe === 'bytes' ? this.dict.push(v) - 1 : this.codeOf(v as string | null);
    if (memo !== null && !escaped) memo.set(buf, s, e, this.pending);
    return true;
  }

  readText(text: string): boolean {
    const v = this.convert(text);
    if (v === FAIL) return false;
    if (this.bytes !== null) {
      this.pendingBuf = null;
      this.pendingText = v as string | null;
    } else {
      this.textMode = true;
      this.pending = this.codeOf(v as string | null);
    }
    return true;
  }

  private codeOf(v: string | null): number {
    if (v === null) return 0;
    if (this.dedupe === 'none') return this.dict.push(v) - 1;
    if (this.index === null) {
      this.index = new Map();
      for (let c = 1; c < this.dict.length; c++) this.index.set(this.dict[c]!, c);
      this.dedupe = 'index';
    }
    let code = this.index.get(v);
    if (code === undefined) {
      code = this.dict.push(v) - 1;
      this.index.set(v, code);
    }
    return code;
  }

  commit(): void {
    const bytes = this.bytes;
    if (bytes === null) this.codes.push(this.pending);
    else if (this.pendingBuf !== null) bytes.pushBytes(this.pendingBuf, this.pendingFrom, this.pendingTo);
    else bytes.pushText(this.pendingText);
  }

  probe(): void {
    const seen = this.textMode ? this.dict.length - 1 : (this.memo?.size ?? 0);
    if (this.dedupe !== 'none' && seen > MEMO_PROBE_ROWS / 2) {
      this.memo = null;
      if (this.freeText) {
        // mostly distinct values (SAMPLEID): the rows so far move to a byte pool, later rows go there directly
        const pool = new BytePool();
        const codes = this.codes.values();
        for (let r = 0; r < codes.length; r++) pool.pushText(this.dict[codes[r]]);
        this.bytes = pool;
        this.dict.length = 1;
        this.codes = new GrowableInt32();
        pool.reserveRows(this.expectedRows);
      }
      this.index = null;
      this.dedupe = 'none';
    }
  }

  /** Room for `rows` rows in all (the reader's estimate). */
  reserve(rows: number): void {
    this.expectedRows = rows;
    if (this.bytes !== null) this.bytes.reserveRows(rows);
    else this.codes.reserve(rows);
  }

  column(): TextColumn {
    if (this.bytes !== null) return this.bytes.column();
    return new TextColumn(narrowCodes(this.codes.values(), this.dict.length), this.dict, this.dedupe !== 'none');
  }
}

/** Dates, date-times and numbers: remembered bytes for repeating values, a byte parser for plain numbers. */
export class NumberReader implements ColumnReader {
  readonly values = new GrowableFloat64();
  private memo: ByteMemo | null;
  /** plain decimals may take the byte parser (no unit scale, no decimal comma) */
  private readonly fastNumber: boolean;
  private readonly isNumber: boolean;
  private pending = 0;
  constructor(
    private readonly convert: Converter,
    private readonly spec: ColumnSpec,
    plainNumbers = true,
  ) {
    this.isNumber = spec.type === 'number';
    this.fastNumber = this.isNumber && plainNumbers;
    this.memo = this.isNumber ? null : new ByteMemo();
  }

  read(buf: Buffer, s: number, e: number, escaped: boolean): boolean {
    if (!escaped && e > s) {
      if (this.fastNumber) {
        const v = parseDecimal(buf, s, e);
        // range failures take the string path below, which words the message
        if (v >= 0 && !(v < (this.spec.min ?? 0)) && !(v > (this.spec.max ?? Infinity))) {
          this.pending = v;
          return true;
        }
      } else if (this.memo !== null) {
        const known = this.memo.get(buf, s, e);
        if (known !== undefined) {
          this.pending = known;
          return true;
        }
      }
    }
    const v = this.convert(cellText(buf, s, e, escaped));
    if (v === FAIL) return false;
    this.pending = v === null ? Number.NaN : (v as number);
    if (this.memo !== null && !escaped && e > s) this.memo.set(buf, s, e, this.pending);
    return true;
  }

  readText(text: string): boolean {
    const v = this.convert(text);
    if (v === FAIL) return false;
    this.pending = v === null ? Number.NaN : (v as number);
    return true;
  }

  /** A value already in the column's unit (day number, minutes, or a number to range-check); NaN for empty. */
  readValue(v: number): boolean {
    if (Number.isNaN(v)) return this.readText('');
    if (this.isNumber) {
      const r = checkRange(this.spec, v);
      if (r === FAIL) return false;
    }
    this.pending = v;
    return true;
  }

  commit(): void {
    this.values.push(this.pending);
  }

  /** Room for `rows` rows in all (the reader's estimate). */
  reserve(rows: number): void {
    this.values.reserve(rows);
  }

  probe(): void {
    if (this.memo !== null && this.memo.size > MEMO_PROBE_ROWS / 2) this.memo = null;
  }
}
