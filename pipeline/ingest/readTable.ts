import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { isMainThread, type Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { UserError, type Problem } from '../errors.js';
import { scanCsvFields, type ScanPart } from './readCsv.js';
import { sha256OfFile } from './sha256.js';
import { readOnWorker } from './tableWorkerClient.js';
import { concatTables } from './concatTables.js';
import { fieldText, type CsvFields } from './csvTokenizer.js';
import { ByteMemo } from './byteMemo.js';
import { parseDecimal } from './parseDecimal.js';
import { parseIsoDate, parseIsoDateTime } from './dates.js';
import type { ColumnSpec, FileSpec } from './schema.js';
import { TextColumn } from './textColumn.js';

/**
 * One input file as columns. Text columns (string, enum, yn) are arrays of strings with null for an
 * empty cell; numeric columns (number, date as day number, datetime as minutes) are Float64Arrays with
 * NaN for an empty cell. Row i of every column came from source line `line[i]`.
 */
export interface Table {
  file: string;
  present: boolean;
  n: number;
  line: Int32Array;
  text: Record<string, TextColumn>;
  num: Record<string, Float64Array>;
  /** header names as written in the file, upper-cased */
  header: string[];
  sha256: string | null;
  rowsRead: number;
  rejected: Problem[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const YES = new Set(['Y', 'YES']);
const NO = new Set(['N', 'NO']);

/**
 * After this many rows, a column whose values are mostly distinct (SAMPLEID, CELLS) stops remembering
 * converted bytes and, for text, stops deduplicating its dictionary.
 */
const MEMO_PROBE_ROWS = 1 << 16;

/**
 * An Int32Array or Float64Array that grows by doubling, so columns are never held as boxed JS arrays.
 * Two classes rather than one generic: each `push` site then sees one array type and V8 keeps it
 * monomorphic (the reader pushes about 10^8 values at 10^6 subjects).
 */
class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  values(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

class GrowableFloat64 {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  values(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** What a converter returns for an unusable cell; `failure` then says why. */
const FAIL = Symbol('unusable cell');
const failure = { rule: '', message: '' };
type Converter = (raw: string) => string | number | null | typeof FAIL;

function fail(rule: string, message: string): typeof FAIL {
  failure.rule = rule;
  failure.message = message;
  return FAIL;
}

/**
 * Compiles one column's checks into a converter, once per file: the row loop then calls one closure per
 * cell instead of switching on the column type (ingest runs per cell, tens of millions of times).
 */
function compileConverter(spec: ColumnSpec): Converter {
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
        const msg = `${spec.name} must be an ISO 8601 date YYYY-MM-DD (e.g. 2024-03-15)`;
        return (text) => parseIsoDate(text) ?? fail('date.iso', msg);
      }
      case 'datetime': {
        const msg = `${spec.name} must be an ISO 8601 date-time YYYY-MM-DDTHH:MM (e.g. 2024-03-15T09:30)`;
        return (text) => parseIsoDateTime(text) ?? fail('datetime.iso', msg);
      }
      case 'number': {
        const fmt = `${spec.name} must be a number (e.g. 1500000 or 3.2E-06)`;
        return (text) => {
          if (!NUMBER.test(text)) return fail('number.format', fmt);
          const v = Number(text);
          if (spec.min !== undefined && v < spec.min) return fail('number.range', `${spec.name} must be >= ${spec.min}`);
          if (spec.max !== undefined && v > spec.max) return fail('number.range', `${spec.name} must be <= ${spec.max}`);
          return v;
        };
      }
    }
  })();
  const emptyValue = spec.default !== undefined ? convert(spec.default) : null;
  const required = `${spec.name} is required and is empty`;
  return (raw) => {
    const n = raw.length;
    // trim only when needed: most cells have no surrounding blanks, and trim() allocates
    const text = n > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(n - 1) <= 32) ? raw.trim() : raw;
    if (text.length === 0) {
      if (emptyValue !== null) return emptyValue;
      return spec.required ? fail('value.required', required) : null;
    }
    return convert(text);
  };
}

function isText(spec: ColumnSpec): boolean {
  return spec.type === 'string' || spec.type === 'enum' || spec.type === 'yn';
}

function emptyTable(spec: FileSpec, columns: ColumnSpec[]): Table {
  const text: Record<string, TextColumn> = {};
  const num: Record<string, Float64Array> = {};
  for (const c of columns) {
    if (isText(c)) text[c.name] = TextColumn.from([]);
    else num[c.name] = new Float64Array(0);
  }
  return { file: spec.file, present: false, n: 0, line: new Int32Array(0), text, num, header: [], sha256: null, rowsRead: 0, rejected: [] };
}

/**
 * One column being read. `read` converts a cell (bytes buf[s..e) of the current record) into `pending`
 * and returns false when the cell is unusable (the reason is then in `failure`); `commit` appends
 * `pending` once every cell of the row has been read.
 */
interface ColumnReader {
  read(buf: Buffer, s: number, e: number, escaped: boolean): boolean;
  commit(): void;
  /** called once MEMO_PROBE_ROWS rows are kept */
  probe(): void;
}

function cellText(buf: Buffer, s: number, e: number, escaped: boolean): string {
  const text = buf.toString('utf8', s, e);
  return escaped ? text.replaceAll('""', '"') : text;
}

/** A growing byte pool holding the text of a mostly-distinct column, row by row. */
class BytePool {
  private buf = Buffer.allocUnsafe(1 << 16);
  used = 0;
  readonly from = new GrowableInt32();
  readonly to = new GrowableInt32();

  private reserve(n: number): void {
    if (this.used + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + n));
    this.buf.copy(bigger, 0, 0, this.used);
    this.buf = bigger;
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
    // copied to its exact size, so the doubling slack is not kept for the whole run
    return TextColumn.fromBytes(Buffer.from(this.buf.subarray(0, this.used)), this.from.values(), this.to.values());
  }
}

/**
 * Text columns become dictionary codes. Raw bytes seen before map straight to their code (the string
 * converter ran once for them); a cell differing only in case or blanks from a known value gets the
 * same code, because codes are assigned to converted values. A free-text column whose values turn
 * out to be mostly distinct (SAMPLEID) switches to a byte pool: a cell with no blanks to trim is
 * then copied byte for byte, without ever becoming a string.
 */
class TextReader implements ColumnReader {
  readonly codes = new GrowableInt32();
  readonly dict: (string | null)[] = [null];
  private index: Map<string, number> | null = new Map();
  private memo: ByteMemo | null = new ByteMemo();
  private bytes: BytePool | null = null;
  private pending = 0;
  /** bytes mode: the pending cell as a range of `pendingBuf`, or as converted text when pendingBuf is null */
  private pendingBuf: Buffer | null = null;
  private pendingFrom = 0;
  private pendingTo = 0;
  private pendingText: string | null = null;
  constructor(
    private readonly convert: Converter,
    private readonly freeText: boolean,
  ) {}

  read(buf: Buffer, s: number, e: number, escaped: boolean): boolean {
    if (this.bytes !== null) {
      // printable ASCII at both ends: nothing for trim() to remove, so the bytes are the value
      if (!escaped && e > s && buf[s] > 32 && buf[s] < 127 && buf[e - 1] > 32 && buf[e - 1] < 127) {
        this.pendingBuf = buf;
        this.pendingFrom = s;
        this.pendingTo = e;
        return true;
      }
      const v = this.convert(cellText(buf, s, e, escaped));
      if (v === FAIL) return false;
      this.pendingBuf = null;
      this.pendingText = v as string | null;
      return true;
    }
    const memo = this.memo;
    if (memo !== null && !escaped) {
      const known = memo.get(buf, s, e);
      if (known !== undefined) {
        this.pending = known;
        return true;
      }
    }
    const v = this.convert(cellText(buf, s, e, escaped));
    if (v === FAIL) return false;
    this.pending = this.codeOf(v as string | null);
    if (memo !== null && !escaped) memo.set(buf, s, e, this.pending);
    return true;
  }

  private codeOf(v: string | null): number {
    if (v === null) return 0;
    if (this.index === null) return this.dict.push(v) - 1;
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
    if (this.memo !== null && this.memo.size > MEMO_PROBE_ROWS / 2) {
      this.memo = null;
      if (this.freeText) {
        // mostly distinct values (SAMPLEID): the rows so far move to a byte pool, later rows go there directly
        const pool = new BytePool();
        const codes = this.codes.values();
        for (let r = 0; r < codes.length; r++) pool.pushText(this.dict[codes[r]]);
        this.bytes = pool;
        this.dict.length = 1;
        this.codes.length = 0;
      }
      this.index = null;
    }
  }

  column(): TextColumn {
    if (this.bytes !== null) return this.bytes.column();
    return new TextColumn(this.codes.values(), this.dict, this.index !== null);
  }
}

/** Dates, date-times and numbers: remembered bytes for repeating values, a byte parser for numbers. */
class NumberReader implements ColumnReader {
  readonly values = new GrowableFloat64();
  private memo: ByteMemo | null;
  private readonly isNumber: boolean;
  private pending = 0;
  constructor(
    private readonly convert: Converter,
    private readonly spec: ColumnSpec,
  ) {
    this.isNumber = spec.type === 'number';
    this.memo = this.isNumber ? null : new ByteMemo();
  }

  read(buf: Buffer, s: number, e: number, escaped: boolean): boolean {
    if (!escaped && e > s) {
      if (this.isNumber) {
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

  commit(): void {
    this.values.push(this.pending);
  }

  probe(): void {
    if (this.memo !== null && this.memo.size > MEMO_PROBE_ROWS / 2) this.memo = null;
  }
}

/**
 * Reads `spec.file` from `dir` into columns, streaming. Every data row is either kept or rejected with
 * a Problem naming file, line, column, value and rule. `extraText` names further columns (strata,
 * subgroups) to keep as text; they are required in the header when `extraRequired` is true.
 * A missing required file, or a header lacking a required column, is a UserError.
 */
export async function readTable(
  dir: string,
  spec: FileSpec,
  extraText: string[] = [],
  extraRequired = false,
  part?: { start: number; end: number; header: string[] },
): Promise<Table> {
  const columns: ColumnSpec[] = [
    ...spec.columns,
    ...extraText
      .map((n) => n.toUpperCase())
      .filter((n) => !spec.columns.some((c) => c.name === n))
      .map((name): ColumnSpec => ({ name, type: 'string' })),
  ];
  const path = join(dir, spec.file);
  if (!existsSync(path)) {
    if (spec.required)
      throw new UserError({ file: spec.file, rule: 'file.missing', message: `required input file not found in ${dir}` });
    return emptyTable(spec, columns);
  }

  // A large file is read in two halves at once, the second on a worker thread (the second core); a
  // file read as such a part (`part`) is not split again.
  const size = statSync(path).size;
  const split = part === undefined ? splitPoint(path, size) : -1;
  const fileHash = split > 0 ? sha256OfFile(path) : null;
  let secondHalf: Promise<PromiseSettledResult<Table>[]> | null = null;
  let secondWorker: Worker | null = null;

  const convert = columns.map(compileConverter);
  const readers: (TextReader | NumberReader)[] = columns.map((c, j) => (isText(c) ? new TextReader(convert[j], c.type === 'string') : new NumberReader(convert[j], c)));
  const lines = new GrowableInt32();
  const rejected: Problem[] = [];
  let rowsRead = 0;
  let header: string[] = [];
  // positions in the record of the columns present in the header, and their readers
  let at: Int32Array = new Int32Array(0);
  let present: ColumnReader[] = [];
  let presentNames: string[] = [];

  const upperExtra = extraText.map((n) => n.toUpperCase());
  const onHeader = (h: string[]) => {
    header = h.map((x) => x.trim().toUpperCase());
    checkHeader(spec, columns, header, upperExtra, extraRequired);
    const found = columns.map((c, j) => [header.indexOf(c.name), j]).filter(([k]) => k >= 0);
    at = Int32Array.from(found, ([k]) => k);
    present = found.map(([, j]) => readers[j]);
    presentNames = found.map(([, j]) => columns[j].name);
    if (split > 0 && secondHalf === null)
      secondHalf = readOnWorker(dir, [{ file: spec.file, extraText, extraRequired, part: { start: split, end: size, header: h } }], (w) => (secondWorker = w));
  };
  const scanPart: ScanPart | undefined =
    part !== undefined
      ? { start: part.start, end: part.end, header: part.header, firstLine: 1, hash: false }
      : split > 0
        ? {
            start: 0,
            end: split,
            firstLine: 1,
            hash: false,
            atEnd: (clean) => {
              // the middle fell inside a quoted field spanning lines: read on here, drop the other half
              if (!clean && secondHalf !== null) {
                secondHalf = null;
                void secondWorker?.terminate();
              }
              return clean;
            },
          }
        : undefined;
  const scan = await scanCsvFields(path, spec.file, onHeader, (f, line) => {
    rowsRead++;
    if (f.count !== header.length && !(f.count > header.length && extraFieldsBlank(f, header.length))) {
      rejected.push({
        file: spec.file,
        line,
        rule: 'csv.column-count',
        message: `the row has ${f.count} fields but the header has ${header.length}`,
      });
      return;
    }
    for (let j = 0; j < present.length; j++) {
      const k = at[j];
      const escaped = f.escaped[k] === 1;
      if (!present[j].read(f.buf, f.start[k], f.end[k], escaped)) {
        rejected.push({ file: spec.file, line, column: presentNames[j], value: fieldText(f, k), rule: failure.rule, message: failure.message });
        return;
      }
    }
    for (let j = 0; j < present.length; j++) present[j].commit();
    lines.push(line);
    if (lines.length === MEMO_PROBE_ROWS) for (const r of present) r.probe();
  }, scanPart);

  const n = lines.length;
  // Columns absent from the header hold their empty-cell value (a default such as SPEC = BM, or null);
  // all-empty ones share one array: tables are never modified in place.
  let noText: Int32Array | null = null;
  let noNumber: Float64Array | null = null;
  const text: Record<string, TextColumn> = {};
  const num: Record<string, Float64Array> = {};
  columns.forEach((c, j) => {
    const r = readers[j];
    const inFile = header.includes(c.name);
    if (r instanceof TextReader) {
      if (inFile) text[c.name] = r.column();
      else {
        const v = convert[j]('');
        if (v === null || v === FAIL) text[c.name] = new TextColumn((noText ??= new Int32Array(n)), [null], true);
        else text[c.name] = new TextColumn(new Int32Array(n).fill(1), [null, v as string], true);
      }
    } else if (inFile) num[c.name] = r.values.values();
    else {
      const v = convert[j]('');
      num[c.name] = v === null || v === FAIL ? (noNumber ??= new Float64Array(n).fill(Number.NaN)) : new Float64Array(n).fill(v as number);
    }
  });
  const table: Table = {
    file: spec.file,
    present: true,
    n,
    line: lines.values(),
    text,
    num,
    header,
    sha256: fileHash === null ? scan.sha256 : await fileHash,
    rowsRead: rowsRead + scan.malformed.length,
    rejected: [...scan.malformed, ...rejected].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
  if (secondHalf === null) return table;
  const [other] = await (secondHalf as Promise<PromiseSettledResult<Table>[]>);
  if (other.status === 'rejected') throw other.reason;
  // the second half counted its lines from 1 at its first byte
  return concatTables(table, other.value, scan.nextLine - 1);
}

/**
 * Files at least MRD_SPLIT_MIN_BYTES large are read in two halves at once; off unless that variable is
 * set. Measured at 10^6 subjects on 2 cores (docs/performance.md): reading 25.2 -> 22.6 s, but the
 * halves and their merge raise the peak from 2.8 to 3.7 GB, too close to the 4 GB budget to be the
 * default; with more cores and memory it gains more. Only on the main thread of the compiled CLI
 * (Node 20 cannot start a .ts worker).
 */
const SPLIT_MIN_BYTES = Number(process.env.MRD_SPLIT_MIN_BYTES ?? Infinity);

/** Where the second half starts: just after the first line break past the middle, or -1 for no split. */
function splitPoint(path: string, size: number): number {
  if (size < SPLIT_MIN_BYTES || !isMainThread || import.meta.url.endsWith('.ts')) return -1;
  const probe = Buffer.alloc(1 << 16);
  const fd = openSync(path, 'r');
  try {
    const got = readSync(fd, probe, 0, probe.length, Math.floor(size / 2));
    const lf = probe.subarray(0, got).indexOf(10);
    const at = Math.floor(size / 2) + lf + 1;
    return lf < 0 || at >= size ? -1 : at;
  } finally {
    closeSync(fd);
  }
}

/** Fields beyond the header's count are tolerated when blank (a trailing comma in spreadsheet exports). */
function extraFieldsBlank(f: CsvFields, from: number): boolean {
  for (let k = from; k < f.count; k++) if (fieldText(f, k).trim() !== '') return false;
  return true;
}

function checkHeader(spec: FileSpec, columns: ColumnSpec[], header: string[], extra: string[], extraRequired: boolean): void {
  if (header.length === 1) {
    const sep = [';', '\t', '|'].find((d) => header[0].includes(d));
    if (sep !== undefined)
      throw new UserError({
        file: spec.file,
        line: 1,
        value: header[0].slice(0, 60),
        rule: 'csv.delimiter',
        message: `the header is one field holding ${sep === '\t' ? 'tabs' : `"${sep}"`}: the file seems to use ${sep === '\t' ? 'tabs' : `"${sep}"`} as the delimiter; save it as comma-separated CSV (UTF-8)`,
      });
  }
  const seen = new Set<string>();
  for (const h of header) {
    if (h !== '' && seen.has(h))
      throw new UserError({ file: spec.file, line: 1, column: h, value: h, rule: 'header.duplicate', message: `column ${h} appears twice in the header` });
    seen.add(h);
  }
  for (const c of columns) {
    const needed = c.required || (extraRequired && extra.includes(c.name));
    if (needed && !seen.has(c.name))
      throw new UserError({
        file: spec.file,
        line: 1,
        column: c.name,
        rule: 'header.missing-column',
        message: `required column ${c.name} is not in the header (found: ${header.join(', ')})`,
      });
  }
}
