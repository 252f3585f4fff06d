import type { Analysis, SampleParts } from '../../pipeline/analyse.js';
import { formatDay } from '../../pipeline/ingest/dates.js';
import { LOD_SOURCE } from '../../pipeline/derive/deriveSampleSensitivity.js';
import { REASONS, STATUS_LABEL } from '../../model/status.js';
import { thresholdLabel } from '../format.js';
import type { Labels } from '../labels.js';
import type { ReportTable } from './table.js';
import { csvCell } from '../render/csv.js';
import { TextColumn, type CodeArray } from '../../pipeline/ingest/textColumn.js';
import { sharedBytes, sharedInt32 } from '../../model/sharedArrays.js';
import { ChunkWriter } from '../render/chunkWriter.js';

/**
 * What the sample listing reads, and nothing else: the columns of mrd.csv it prints, the per-sample
 * derivations and the thresholds. The listing is written last and longest (1.4 GB at 10^6 subjects),
 * so it holds these alone, not the Analysis: the subject-level arrays, the other tables and the
 * time-to-event records can be collected while it is written.
 */
export interface SampleListingInput {
  n: number;
  line: Int32Array;
  /** USUBJID and SAMPLEID: as read, or prepared (CSV-escaped) for the listing's worker thread */
  subject: TextColumn | CellColumn;
  sample: TextColumn | CellColumn;
  /** METHOD, SPEC, CENTRAL, RESULT: as read, or prepared (unescaped) */
  fixed: (TextColumn | CellColumn)[];
  day: Float64Array;
  level: Float64Array;
  cells: Float64Array;
  lod: Float64Array;
  source: Uint8Array;
  exclusion: Uint8Array;
  statuses: { status: Uint8Array; reason: Uint8Array }[];
  thresholds: readonly number[];
}

/** The parts of the Analysis the sample listing reads (all of them known once the sample statuses are derived). */
export function sampleListingInput(a: SampleParts): SampleListingInput {
  const m = a.tables.mrd;
  return {
    n: m.n,
    line: m.line,
    subject: m.text.USUBJID,
    sample: m.text.SAMPLEID,
    fixed: [m.text.METHOD, m.text.SPEC, m.text.CENTRAL, m.text.RESULT],
    day: m.num.COLLDT,
    level: m.num.MRDLEVEL,
    cells: a.sensitivity.cells,
    lod: a.sensitivity.lod,
    source: a.sensitivity.source,
    exclusion: a.exclusion,
    statuses: a.sampleStatus.map(({ status, reason }) => ({ status, reason })),
    thresholds: a.plan.mrd.thresholds,
  };
}

/** Where the listing goes in the output folder. */
export const SAMPLE_LISTING_FILE = 'tables/mrd_samples.csv';

/** Columns of the sample listing. */
function sampleColumns(thresholds: readonly number[]): string[] {
  return ['USUBJID', 'SAMPLEID', 'LINE', 'COLLDT', 'METHOD', 'SPEC', 'CENTRAL', 'RESULT', 'MRDLEVEL', 'CELLS', 'LOD', 'LOD_SOURCE', 'EXCLUDED', ...thresholds.flatMap((t) => [`STATUS_${thresholdLabel(t)}`, `REASON_${thresholdLabel(t)}`])];
}

/** Separator of the excerpt's cells: 0xFF never occurs in UTF-8, and the reader admits only UTF-8 text. */
const NOT_UTF8 = 0xff;

/**
 * The first `limit` rows of the sample listing as a table (the report shows a few; the CSV holds all):
 * each row written by the CSV's own row writer (unescaped, cells separated by a byte no text holds),
 * so both show the same cell text by construction.
 */
export function sampleListing(a: Analysis, L: Labels, limit = Infinity): ReportTable {
  const input = sampleListingInput(a);
  const n = Math.min(input.n, limit);
  const cells = sampleCells(input, false, true);
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const w = new ChunkWriter(cells.maxBytes(i));
    writeSampleRow(w, i, cells, NOT_UTF8);
    const bytes = w.take();
    const row: string[] = [];
    for (let from = 0, to = bytes.indexOf(NOT_UTF8); ; from = to + 1, to = bytes.indexOf(NOT_UTF8, from)) {
      row.push(bytes.toString('utf8', from, to < 0 ? bytes.length : to));
      if (to < 0) break;
    }
    rows.push(row);
  }
  const total = input.n;
  const subtitle = n < total ? L.listingExcerpt(n, total, SAMPLE_LISTING_FILE) : `${total}`;
  return { id: 'mrd_samples', title: L.samplesTitle, subtitle, columns: sampleColumns(input.thresholds), rows, footnotes: [] };
}

/**
 * The whole sample listing as CSV text in chunks: one row per MRD sample (10^7 at 10^6 subjects)
 * would not fit in one JavaScript string, and a table model of every cell would cost gigabytes.
 * The cells are what `toCsv` would write for the rows of `sampleListing`, written as bytes: the cell
 * text of each dictionary code (quoted and formula-neutralised once, not per row), date, MRD level and
 * reason code is encoded once and copied.
 */
export function sampleListingCsv(a: Analysis): () => Iterable<Uint8Array> {
  const input = sampleListingInput(a);
  return () => sampleCsvChunks(input);
}

/** Bytes per chunk of the listing. */
const CHUNK_BYTES = 1 << 20;

const COMMA = 44;

/** RFC 4180 and spreadsheet-formula characters: a cell holding one needs csvCell's quoting or apostrophe. */
function needsCsvCare(pool: Uint8Array, s: number, e: number): boolean {
  if (e === s) return false;
  const c = pool[s];
  // = + @ tab CR start a formula; so does '-' unless a digit or '.' follows (csvCell keeps -0.25 numeric)
  if (c === 61 || c === 43 || c === 64 || c === 9 || c === 13) return true;
  if (c === 45) return true;
  for (let k = s; k < e; k++) {
    const d = pool[k];
    if (d === 44 || d === 34 || d === 13 || d === 10) return true;
  }
  return false;
}

/**
 * A text column of the listing as bytes, prepared once, in shared memory (a worker thread writes the
 * listing from it without a copy and without the column's strings): for a bytes column (SAMPLEID at
 * scale) its pool and row ranges as read (`codes` null; a cell that needs CSV care is escaped when
 * written); for a dictionary column, every entry's cell encoded once (CSV-escaped when `escaped`) into
 * one pool, entry k at pool[from[k]..to[k]), and the rows' codes. One pool rather than a Buffer per
 * entry: the 10^6 subject identifiers took 113 MB as Buffers, 18 MB so.
 */
export interface CellColumn {
  codes: CodeArray | null;
  pool: Buffer;
  from: Int32Array;
  to: Int32Array;
  escaped: boolean;
}

/** `col` as a CellColumn, its dictionary's cells CSV-escaped when `escape` (a CellColumn already: itself). */
export function cellColumn(col: TextColumn | CellColumn, escape: boolean): CellColumn {
  if (!(col instanceof TextColumn)) return col;
  const raw = col.bytes;
  if (raw !== null) return { codes: null, ...raw, escaped: false };
  const texts = col.dict.map((v) => (v === null ? '' : escape ? csvCell(v) : v));
  let bytes = 0;
  for (const t of texts) bytes += Buffer.byteLength(t);
  const pool = sharedBytes(bytes);
  const from = sharedInt32(texts.length);
  const to = sharedInt32(texts.length);
  let at = 0;
  texts.forEach((t, k) => {
    from[k] = at;
    at += pool.write(t, at, 'utf8');
    to[k] = at;
  });
  return { codes: col.codes, pool, from, to, escaped: escape };
}

/**
 * Writes a text column's cell of row i: a dictionary column's cell bytes as encoded once; a bytes
 * column's copied from its pool unless the cell needs quoting, which csvCell then does (when `escape`).
 * With `few` and a TextColumn, only the entries the rows written meet are encoded (every entry costs a
 * lookup per cell less, measured 5% of the listing at 10^6 rows, so the full listing encodes them all
 * first).
 */
export function csvCellWriter(col: TextColumn | CellColumn, escape: boolean, few = false): { maxBytes: (i: number) => number; write: (w: ChunkWriter, i: number) => void } {
  if (col instanceof TextColumn && few && col.bytes === null) {
    // a few rows (the report's excerpt) of a dictionary of up to 10^6 subjects: the entries they meet
    const encode = (v: string | null) => Buffer.from(v === null ? '' : escape ? csvCell(v) : v);
    const codes = col.codes;
    const met: (Buffer | undefined)[] = [];
    const cell = (c: number) => (met[c] ??= encode(col.dict[c]));
    return { maxBytes: (i) => cell(codes[i]).length, write: (w, i) => w.bytes(cell(codes[i])) };
  }
  const c = cellColumn(col, escape);
  const { codes, pool, from, to } = c;
  if (codes !== null) {
    if (c.escaped !== escape) throw new Error('csvCellWriter: the column was prepared for the other escaping');
    return { maxBytes: (i) => to[codes[i]] - from[codes[i]], write: (w, i) => w.bytes(pool, from[codes[i]], to[codes[i]]) };
  }
  return {
    // quoting doubles quotes; an invalid UTF-8 byte re-encodes as 3 bytes (U+FFFD)
    maxBytes: (i) => (from[i] < 0 ? 0 : 6 * (to[i] - from[i]) + 3),
    write: (w, i) => {
      const s = from[i];
      if (s < 0) return;
      if (escape && needsCsvCare(pool, s, to[i])) w.text(csvCell(pool.toString('utf8', s, to[i])));
      else w.bytes(pool, s, to[i]);
    },
  };
}

/**
 * What writing a listing row needs, prepared once: the input's arrays, and the cell bytes of every
 * code, date and MRD level.
 */
interface SampleCells extends Omit<SampleListingInput, 'n' | 'thresholds' | 'subject' | 'sample' | 'fixed'> {
  subject: ReturnType<typeof csvCellWriter>;
  sample: ReturnType<typeof csvCellWriter>;
  fixed: ReturnType<typeof csvCellWriter>[];
  reasonCells: Buffer[];
  statusCells: Buffer[];
  sourceCells: Buffer[];
  dayCell: (day: number) => Buffer;
  levelCell: (level: number) => Buffer;
  /** bytes row i needs at most */
  maxBytes: (i: number) => number;
}

/**
 * The cell writers of the listing. Only USUBJID and SAMPLEID are free text from the input (CSV-escaped
 * when `escape`); every other cell is a number, a date, or a canonical code (METHOD, SPEC, CENTRAL,
 * RESULT are stored as their allowed values), never needing quotes or formula neutralising.
 */
function sampleCells(input: SampleListingInput, escape: boolean, few = false): SampleCells {
  const subject = csvCellWriter(input.subject, escape, few);
  const sample = csvCellWriter(input.sample, escape, few);
  const fixedColumns = input.fixed.map((c) => cellColumn(c, false));
  const dayCells = new Map<number, Buffer>();
  const dayCell = (d: number) => {
    let b = dayCells.get(d);
    if (b === undefined) dayCells.set(d, (b = Buffer.from(formatDay(d))));
    return b;
  };
  // Labs report MRD levels to two or three significant digits, so values repeat: format each once
  // (bounded, for data where they do not)
  const levelCells = new Map<number, Buffer>();
  const levelCell = (v: number) => {
    let b = levelCells.get(v);
    if (b === undefined) {
      b = Buffer.from(String(v));
      if (levelCells.size < 1 << 16) levelCells.set(v, b);
    }
    return b;
  };
  // numbers, dates, codes and reasons of one row stay well within this
  const longestCode = (c: CellColumn) => c.from.reduce((x, s, k) => Math.max(x, c.to[k] - s), 0);
  const fixedBytes = 400 + input.statuses.length * 120 + fixedColumns.reduce((t, c) => t + longestCode(c), 0);
  return {
    ...input,
    subject,
    sample,
    fixed: fixedColumns.map((c) => csvCellWriter(c, false)),
    reasonCells: Array.from({ length: 256 }, (_, k) => Buffer.from(REASONS.text(k) ?? '')),
    statusCells: STATUS_LABEL.map((l) => Buffer.from(l)),
    sourceCells: LOD_SOURCE.map((l) => Buffer.from(l)),
    dayCell,
    levelCell,
    maxBytes: (i) => fixedBytes + subject.maxBytes(i) + sample.maxBytes(i),
  };
}

/**
 * Writes the listing cells of mrd.csv row i, in the order of `sampleColumns`, byte `sep` between two
 * cells: the sample, its achieved LOD, exclusion, status and NE reason at each threshold. The one
 * definition of a listing row (the CSV and the report's excerpt both write through it).
 */
function writeSampleRow(w: ChunkWriter, i: number, p: SampleCells, sep: number): void {
  const { fixed, statuses, reasonCells, statusCells } = p;
  p.subject.write(w, i);
  w.byte(sep);
  p.sample.write(w, i);
  w.byte(sep);
  w.int(p.line[i]);
  w.byte(sep);
  w.bytes(p.dayCell(p.day[i]));
  for (let k = 0; k < fixed.length; k++) {
    w.byte(sep);
    fixed[k].write(w, i);
  }
  w.byte(sep);
  const lv = p.level[i];
  if (!Number.isNaN(lv)) w.bytes(p.levelCell(lv));
  w.byte(sep);
  const c = p.cells[i];
  if (!Number.isNaN(c)) w.int(Math.round(c));
  w.byte(sep);
  const d = p.lod[i];
  if (!Number.isNaN(d)) w.ascii(d.toExponential(3));
  w.byte(sep);
  w.bytes(p.sourceCells[p.source[i]]);
  w.byte(sep);
  w.bytes(reasonCells[p.exclusion[i]]);
  for (let k = 0; k < statuses.length; k++) {
    w.byte(sep);
    w.bytes(statusCells[statuses[k].status[i]]);
    w.byte(sep);
    w.bytes(reasonCells[statuses[k].reason[i]]);
  }
}

/**
 * The CSV bytes of the whole listing, in chunks of about 1 MB (the header row first). With `reuse`, each
 * chunk is overwritten by the next: the caller must be done with one before asking for the next.
 */
export function* sampleCsvChunks(input: SampleListingInput, reuse = false): Generator<Uint8Array> {
  yield Buffer.from('\uFEFF' + sampleColumns(input.thresholds).map(csvCell).join(',') + '\r\n');
  const cells = sampleCells(input, true);
  const w = new ChunkWriter(CHUNK_BYTES, reuse);
  for (let i = 0; i < input.n; i++) {
    const need = cells.maxBytes(i);
    if (!w.fits(need)) yield w.take(need);
    writeSampleRow(w, i, cells, COMMA);
    w.byte(13);
    w.byte(10);
  }
  if (w.used > 0) yield w.take();
}

/** Every rejected input row with its file, line, column, value and rule. */
export function rejectedListing(a: Analysis, L: Labels): ReportTable {
  return {
    id: 'rejected_rows',
    title: L.rejectedTitle,
    subtitle: `${a.rejected.length} rows`,
    columns: ['file', 'line', 'column', 'value', 'rule', 'message'],
    rows: a.rejected.map((p) => [p.file ?? '', p.line === undefined ? '' : String(p.line), p.column ?? '', p.value ?? '', p.rule, p.message]),
    footnotes: [],
  };
}
