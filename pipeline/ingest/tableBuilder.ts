import { UserError, type Problem } from '../errors.js';
import { fieldText, type CsvFields } from './csvTokenizer.js';
import {
  cellNote,
  compileConverter,
  FAIL,
  failure,
  fail,
  GrowableInt32,
  isText,
  MEMO_PROBE_ROWS,
  NumberReader,
  scaleNumber,
  TextReader,
  type ColumnReader,
  type Converter,
} from './columnReaders.js';
import { EXCEL_EPOCH_DAY, formatDay, SAS_EPOCH_DAY } from './dates.js';
import type { ColumnSpec, FileSpec } from '../../model/schema.js';
import type { ColumnSource, SourceFormat, SourceSpec } from './source.js';
import type { LineUnit, SkippedRows, Table } from './table.js';
import { TextColumn } from './textColumn.js';
import { sharedFloat64, sharedUint8 } from '../../model/sharedArrays.js';

/**
 * A cell from a format that is not delimited text: text, a number (SAS numeric, JSON number, Excel
 * number), a boolean, a Date (an Excel date cell, at UTC midnight) or empty.
 */
export type Cell = string | number | boolean | Date | null | undefined;

/** How a source's numbers in date columns count days: SAS (days since 1960-01-01) or Excel serials. */
export type NumericDates = 'sas' | 'excel';

const MS_PER_DAY = 86_400_000;

/**
 * Builds one Table from a source's header and rows, whatever the format: the CSV reader hands it byte
 * ranges (`rowBytes`), the XPT, Dataset-JSON and XLSX readers cells (`rowCells`). Every row read ends
 * up kept, rejected (with file, line, column, value and rule) or skipped by a row filter (counted by
 * reason); a mapping (SourceSpec) renames columns, applies code lists, units and date formats.
 */
export class TableBuilder {
  readonly columns: ColumnSpec[];
  private readonly convert: Converter[];
  private readonly readers: (TextReader | NumberReader)[];
  private readonly sources: (ColumnSource | undefined)[];
  private readonly lines = new GrowableInt32();
  private readonly rejected: Problem[] = [];
  private readonly notes: Problem[] = [];
  private readonly skipped = new Map<string, SkippedRows>();
  private readonly mayNote: boolean;
  rowsRead = 0;
  header: string[] = [];
  /** the header as written (for messages) */
  private written: string[] = [];
  private at: Int32Array = new Int32Array(0);
  private present: ColumnReader[] = [];
  private presentJ: number[] = [];
  private presentNames: string[] = [];
  /** per present column: optional and numeric or a date, so a cell that does not parse is read as empty (a note), not a rejection */
  private lenient: boolean[] = [];
  private whereAt: number[] = [];
  private activeWhere: SourceSpec['where'] = [];
  private whereValues: Set<string>[] = [];
  private subjectAt = -1;
  private sampleAt = -1;

  constructor(
    readonly display: string,
    readonly spec: FileSpec,
    extraText: string[],
    private readonly extraRequired: boolean,
    readonly source: SourceSpec,
    readonly lineUnit: LineUnit,
    private readonly numericDates: NumericDates = 'sas',
  ) {
    const upperExtra = extraText.map((n) => n.toUpperCase());
    this.columns = [
      ...spec.columns,
      ...upperExtra.filter((n) => !spec.columns.some((c) => c.name === n)).map((name): ColumnSpec => ({ name, type: 'string' })),
    ];
    this.extra = upperExtra;
    const conventions = { decimalComma: source.decimal === ',', dateFormat: source.dateFormat };
    this.sources = this.columns.map((c) => source.columns[c.name]);
    // a constant fills a column that the file does not have, as a default would
    this.convert = this.columns.map((c, j) => {
      const src = this.sources[j];
      const col = src?.constant !== undefined ? { ...c, default: src.constant } : c;
      return compileConverter(col, src, conventions);
    });
    this.mayNote = this.sources.some((s, j) => s?.values !== undefined && s.noteUnmapped !== false && this.columns[j].type === 'string');
    this.readers = this.columns.map((c, j) => {
      const src = this.sources[j];
      if (isText(c)) return new TextReader(this.convert[j], c.type === 'string', !(src?.values !== undefined && src.noteUnmapped !== false && c.type === 'string'));
      return new NumberReader(this.convert[j], c, !conventions.decimalComma && (src?.scale ?? 0) === 0);
    });
  }

  private readonly extra: string[];

  /** The source column our column `j` is read from (upper case), or null; once the header is known, the first of its candidates present. */
  private sourceColumn(j: number): string | null {
    const src = this.sources[j];
    if (src === undefined) return this.columns[j].name;
    if (src.column === null || src.or === undefined || this.header.length === 0 || this.header.includes(src.column)) return src.column;
    return src.or.find((c) => this.header.includes(c)) ?? src.column;
  }

  /**
   * Room for about `rows` rows in all, the reader's estimate from the file's size: the columns then
   * grow at most once more, instead of doubling (and copying) some 14 times to 10^7 rows.
   */
  reserveRows(rows: number): void {
    this.lines.reserve(rows);
    for (const r of this.readers) r.reserve(rows);
  }

  /** Takes the header row; a missing required column or a repeated name is a UserError. */
  setHeader(h: string[]): void {
    this.written = h.map((x) => x.trim());
    this.header = this.written.map((x) => x.toUpperCase());
    this.checkHeader();
    const found: [number, number][] = [];
    this.columns.forEach((_, j) => {
      const name = this.sourceColumn(j);
      const k = name === null ? -1 : this.header.indexOf(name);
      if (k >= 0) found.push([k, j]);
    });
    this.at = Int32Array.from(found, ([k]) => k);
    this.presentJ = found.map(([, j]) => j);
    this.present = this.presentJ.map((j) => this.readers[j]);
    this.presentNames = found.map(([k]) => this.written[k]);
    this.lenient = this.presentJ.map((j) => {
      const c = this.columns[j];
      const required = c.required || (this.extraRequired && this.extra.includes(c.name));
      return !required && (c.type === 'number' || c.type === 'date' || c.type === 'datetime');
    });
    const filters = this.source.where.filter((w) => !w.optional || this.header.includes(w.column));
    this.activeWhere = filters;
    this.whereAt = filters.map((w) => this.header.indexOf(w.column));
    this.whereValues = filters.map((w) => new Set(w.values));
    const positionOf = (ours: string) => {
      const j = this.columns.findIndex((c) => c.name === ours);
      const name = j < 0 ? null : this.sourceColumn(j);
      return name === null ? -1 : this.header.indexOf(name);
    };
    this.subjectAt = positionOf('USUBJID');
    this.sampleAt = positionOf('SAMPLEID');
  }

  private checkHeader(): void {
    const { display, header } = this;
    if (header.length === 1 && header[0].includes('|'))
      throw new UserError({
        file: display,
        line: 1,
        value: header[0].slice(0, 60),
        rule: 'csv.delimiter',
        message: 'the header is one field holding "|": the file seems to use "|" as the delimiter; declare delimiter: "|" for it in mapping.yaml, or save it as comma-separated CSV',
      });
    const seen = new Set<string>();
    for (const h of header) {
      if (h !== '' && seen.has(h))
        throw new UserError({ file: display, line: 1, column: h, value: h, rule: 'header.duplicate', message: `column ${h} appears twice in the header` });
      seen.add(h);
    }
    this.columns.forEach((c, j) => {
      const src = this.sources[j];
      const needed = (c.required || (this.extraRequired && this.extra.includes(c.name))) && src?.constant === undefined;
      const name = this.sourceColumn(j);
      if (needed && (name === null || !seen.has(name)))
        throw new UserError({
          file: display,
          line: 1,
          column: name ?? c.name,
          rule: 'header.missing-column',
          message:
            name === null || name === c.name
              ? `required column ${c.name} is not in the header (found: ${foundColumns(header)})`
              : `required column ${name} (for ${c.name}${this.source.origin === 'mapping' ? ', as mapping.yaml says' : ''}) is not in the header (found: ${foundColumns(header)})`,
        });
    });
    this.source.where.forEach((w) => {
      if (!w.optional && !seen.has(w.column))
        throw new UserError({ file: display, line: 1, column: w.column, rule: 'header.missing-column', message: `column ${w.column}, which selects the rows to read, is not in the header (found: ${foundColumns(header)})` });
    });
  }

  private reject(line: number, p: Omit<Problem, 'file' | 'line'>, subject: string | null, sample: string | null): void {
    const problem: Problem = { file: this.display, line, ...p };
    if (this.lineUnit !== 'line') problem.lineUnit = this.lineUnit;
    if (subject) problem.subject = subject;
    if (sample) problem.sample = sample;
    this.rejected.push(problem);
  }

  private skip(rule: string, message: string): void {
    const s = this.skipped.get(message);
    if (s) s.count++;
    else this.skipped.set(message, { rule, message, count: 1 });
  }

  private note(line: number, k: number, value: string, subject: string | null, sample: string | null): void {
    cellNote.set = false;
    const p: Problem = { file: this.display, line, column: this.written[k], value, rule: cellNote.rule, message: cellNote.message };
    if (this.lineUnit !== 'line') p.lineUnit = this.lineUnit;
    if (subject) p.subject = subject;
    if (sample) p.sample = sample;
    this.notes.push(p);
  }

  /** An optional cell that does not parse: read as empty, the row kept, and a note for the query list. */
  private unparsed(line: number, p: number, value: string, subject: string | null, sample: string | null): void {
    const q: Problem = {
      file: this.display,
      line,
      column: this.presentNames[p],
      value,
      rule: 'value.unparsed-optional',
      message: `${failure.message}; the optional cell is read as empty and the row is kept`,
    };
    if (this.lineUnit !== 'line') q.lineUnit = this.lineUnit;
    if (subject) q.subject = subject;
    if (sample) q.sample = sample;
    this.notes.push(q);
  }

  private keep(line: number): void {
    for (let j = 0; j < this.present.length; j++) this.present[j].commit();
    this.lines.push(line);
    if (this.lines.length === MEMO_PROBE_ROWS) for (const r of this.present) r.probe();
  }

  /** A record of delimited text, as byte ranges. */
  rowBytes(f: CsvFields, line: number): void {
    this.rowsRead++;
    const width = this.header.length;
    if (f.count !== width && !(f.count > width && extraFieldsBlank(f, width))) {
      this.reject(line, { rule: 'csv.column-count', message: `the row has ${f.count} fields but the header has ${width}` }, keyText(f, this.subjectAt), keyText(f, this.sampleAt));
      return;
    }
    for (let w = 0; w < this.whereAt.length; w++) {
      const v = fieldText(f, this.whereAt[w]).trim().toUpperCase();
      if (!this.whereValues[w].has(v)) return this.skip('source.where', this.whereMessage(w));
    }
    const present = this.present;
    const at = this.at;
    for (let j = 0; j < present.length; j++) {
      const k = at[j];
      if (!present[j].read(f.buf, f.start[k], f.end[k], f.escaped[k] === 1)) {
        if (this.lenient[j] && PARSE_RULES.has(failure.rule) && present[j].read(f.buf, f.start[k], f.start[k], false)) {
          this.unparsed(line, j, fieldText(f, k), keyText(f, this.subjectAt), keyText(f, this.sampleAt));
          continue;
        }
        this.reject(line, { column: this.presentNames[j], value: fieldText(f, k), rule: failure.rule, message: failure.message }, keyText(f, this.subjectAt), keyText(f, this.sampleAt));
        cellNote.set = false;
        return;
      }
      if (this.mayNote && cellNote.set) this.note(line, k, fieldText(f, k), keyText(f, this.subjectAt), keyText(f, this.sampleAt));
    }
    this.keep(line);
  }

  private whereMessage(w: number): string {
    const f = this.activeWhere[w];
    return `rows whose ${f.column} is not ${f.values.join(' or ')} are not read (${this.source.origin === 'mapping' ? 'mapping.yaml' : 'study layout'})`;
  }

  /** A record of a format with typed cells (XPT, Dataset-JSON, XLSX), one cell per header column. */
  rowCells(cells: readonly Cell[], line: number): void {
    this.rowsRead++;
    const shown = (k: number): string | null => {
      const v = k < 0 ? null : cells[k];
      return v === null || v === undefined ? null : cellString(v).trim() || null;
    };
    for (let w = 0; w < this.whereAt.length; w++) {
      const v = cells[this.whereAt[w]];
      if (!this.whereValues[w].has(v === null || v === undefined ? '' : cellString(v).trim().toUpperCase())) return this.skip('source.where', this.whereMessage(w));
    }
    for (let p = 0; p < this.present.length; p++) {
      const k = this.at[p];
      const j = this.presentJ[p];
      const cell = cells[k];
      if (!this.readCell(j, cell)) {
        if (this.lenient[p] && PARSE_RULES.has(failure.rule) && this.readCell(j, null)) {
          this.unparsed(line, p, cell === null || cell === undefined ? '' : cellString(cell), shown(this.subjectAt), shown(this.sampleAt));
          continue;
        }
        this.reject(line, { column: this.presentNames[p], value: cell === null || cell === undefined ? '' : cellString(cell), rule: failure.rule, message: failure.message }, shown(this.subjectAt), shown(this.sampleAt));
        cellNote.set = false;
        return;
      }
      if (this.mayNote && cellNote.set) this.note(line, k, cellString(cell ?? ''), shown(this.subjectAt), shown(this.sampleAt));
    }
    this.keep(line);
  }

  /** A record that cannot be read as cells (e.g. a Dataset-JSON row of the wrong length): rejected, named by whatever key cells it has. */
  rejectRecord(cells: readonly Cell[], line: number, rule: string, message: string): void {
    this.rowsRead++;
    const shown = (k: number): string | null => {
      const v = k < 0 || k >= cells.length ? null : cells[k];
      return v === null || v === undefined ? null : cellString(v).trim() || null;
    };
    this.reject(line, { rule, message }, shown(this.subjectAt), shown(this.sampleAt));
  }

  /** Converts one typed cell into column j's reader. */
  private readCell(j: number, cell: Cell): boolean {
    const c = this.columns[j];
    const reader = this.readers[j];
    if (cell === null || cell === undefined || (typeof cell === 'number' && Number.isNaN(cell))) return reader.readText('');
    if (typeof cell === 'string') return reader.readText(cell);
    if (typeof cell === 'boolean') return reader.readText(cell ? 'Y' : 'N');
    const src = this.sources[j];
    if (cell instanceof Date) {
      const ms = cell.getTime();
      if (c.type === 'date') return (reader as NumberReader).readValue(Math.floor(ms / MS_PER_DAY));
      if (c.type === 'datetime') return (reader as NumberReader).readValue(ms / 60_000);
      if (c.type === 'number') return fail('number.format', `${c.name} must be a number, not a date`) !== FAIL;
      return reader.readText(ms % MS_PER_DAY === 0 ? formatDay(ms / MS_PER_DAY) : cell.toISOString().slice(0, 16));
    }
    // a number
    const dateFormat = src?.dateFormat ?? this.source.dateFormat;
    if (src?.values !== undefined || isText(c) || (dateFormat !== undefined && dateFormat.toUpperCase() !== 'EXCEL' && c.type !== 'number'))
      return reader.readText(String(cell));
    const nr = reader as NumberReader;
    if (c.type === 'number') return nr.readValue(scaleNumber(cell, src?.scale ?? 0));
    const excel = this.numericDates === 'excel' || dateFormat?.toUpperCase() === 'EXCEL';
    if (c.type === 'date') {
      if (excel) {
        if (!(cell > 60)) return fail('date.excel', `${c.name} holds ${cell}, not an Excel serial date`) !== FAIL;
        return nr.readValue(Math.floor(cell) + EXCEL_EPOCH_DAY);
      }
      if (!Number.isInteger(cell)) return fail('date.sas', `${c.name} holds ${cell}, not a SAS date (a whole number of days since 1960-01-01)`) !== FAIL;
      return nr.readValue(cell + SAS_EPOCH_DAY);
    }
    // datetime
    if (excel) return nr.readValue((cell + EXCEL_EPOCH_DAY) * 1440);
    return nr.readValue(cell / 60 + SAS_EPOCH_DAY * 1440);
  }

  /** The table read, with `extra` rejections (rows the tokenizer could not split) counted as read. */
  finish(sha256: string | null, extra: Problem[] = [], format: SourceFormat): Table {
    const n = this.lines.length;
    // Columns absent from the header hold their empty-cell value (a default such as SPEC = BM, a
    // mapping's constant, or null); all-empty ones share one array: tables are never modified in place.
    let noText: Uint8Array | null = null;
    let noNumber: Float64Array | null = null;
    const text: Record<string, TextColumn> = {};
    const num: Record<string, Float64Array> = {};
    const inFile = new Set(this.presentJ);
    this.columns.forEach((c, j) => {
      const r = this.readers[j];
      if (r instanceof TextReader) {
        if (inFile.has(j)) text[c.name] = r.column();
        else {
          const v = this.convert[j]('');
          if (v === null || v === FAIL) text[c.name] = new TextColumn((noText ??= sharedUint8(n)), [null], true);
          else text[c.name] = new TextColumn(sharedUint8(n).fill(1), [null, v as string], true);
        }
      } else if (inFile.has(j)) num[c.name] = r.values.values();
      else {
        const v = this.convert[j]('');
        num[c.name] = v === null || v === FAIL ? (noNumber ??= sharedFloat64(n).fill(Number.NaN)) : sharedFloat64(n).fill(v as number);
      }
    });
    return {
      file: this.display,
      present: true,
      n,
      line: this.lines.values(),
      text,
      num,
      header: this.header,
      sha256,
      rowsRead: this.rowsRead + extra.length,
      rejected: [...extra, ...this.rejected].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
      skipped: [...this.skipped.values()],
      notes: this.notes,
      lineUnit: this.lineUnit,
      format,
    };
  }
}

/** A cell as the text a user would see. */
export function cellString(v: Exclude<Cell, null | undefined>): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isNaN(v) ? '' : String(v);
  if (typeof v === 'boolean') return v ? 'Y' : 'N';
  const ms = v.getTime();
  return ms % MS_PER_DAY === 0 ? formatDay(ms / MS_PER_DAY) : v.toISOString().slice(0, 16);
}

/** Field k's trimmed text, for naming the subject and sample of a rejected row. */
function keyText(f: CsvFields, k: number): string | null {
  return k >= 0 && k < f.count ? fieldText(f, k).trim() || null : null;
}

/** Fields beyond the header's count are tolerated when blank (a trailing comma in spreadsheet exports). */
function extraFieldsBlank(f: CsvFields, from: number): boolean {
  for (let k = from; k < f.count; k++) if (fieldText(f, k).trim() !== '') return false;
  return true;
}

/** A table for a file that is not there: every column, no rows. */
export function emptyTable(file: string, spec: FileSpec, extraText: string[]): Table {
  const text: Record<string, TextColumn> = {};
  const num: Record<string, Float64Array> = {};
  const columns = [...spec.columns, ...extraText.map((n) => n.toUpperCase()).filter((n) => !spec.columns.some((c) => c.name === n)).map((name): ColumnSpec => ({ name, type: 'string' }))];
  for (const c of columns) {
    if (isText(c)) text[c.name] = TextColumn.from([]);
    else num[c.name] = new Float64Array(0);
  }
  return { file, present: false, n: 0, line: new Int32Array(0), text, num, header: [], sha256: null, rowsRead: 0, rejected: [], skipped: [], notes: [], lineUnit: 'line', format: null };
}

/** The header for a message: all of it up to 30 names, else the first 30 and the count (a file can hold a million columns). */
export function foundColumns(header: readonly string[]): string {
  const shown = header.slice(0, 30).map((h) => (h.length > 40 ? `${h.slice(0, 37)}...` : h));
  return header.length > 30 ? `${shown.join(', ')}, ... (${header.length} columns)` : shown.join(', ');
}

/** The reading rules of a value that does not parse (not of one out of range): only these make an optional cell empty. */
const PARSE_RULES = new Set(['number.format', 'date.iso', 'datetime.iso', 'date.format', 'datetime.format', 'date.sas', 'date.excel']);
