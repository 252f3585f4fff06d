import type { Analysis } from '../../pipeline/analyse.js';
import { formatDay } from '../../pipeline/ingest/dates.js';
import { LOD_SOURCE } from '../../pipeline/derive/deriveSampleSensitivity.js';
import { REASONS, STATUS_LABEL } from '../../model/status.js';
import { thresholdLabel } from '../format.js';
import type { Labels } from '../labels.js';
import type { ReportTable } from './table.js';
import { csvCell } from '../render/csv.js';
import type { TextColumn } from '../../pipeline/ingest/textColumn.js';
import { ChunkWriter } from '../render/chunkWriter.js';

/** Columns of the sample listing. */
function sampleColumns(a: Analysis): string[] {
  return ['USUBJID', 'SAMPLEID', 'LINE', 'COLLDT', 'METHOD', 'SPEC', 'CENTRAL', 'RESULT', 'MRDLEVEL', 'CELLS', 'LOD', 'LOD_SOURCE', 'EXCLUDED', ...a.plan.mrd.thresholds.flatMap((t) => [`STATUS_${thresholdLabel(t)}`, `REASON_${thresholdLabel(t)}`])];
}

/** Dates repeat across millions of samples: format each day number once. */
const dayText = new Map<number, string>();
function formatDayCached(day: number): string {
  let t = dayText.get(day);
  if (t === undefined) {
    t = formatDay(day);
    if (dayText.size < 100_000) dayText.set(day, t);
  }
  return t;
}

/** The listing row of mrd.csv row i: the sample, its achieved LOD, exclusion, status and NE reason at each threshold. */
function sampleRow(a: Analysis, i: number): string[] {
  const m = a.tables.mrd;
  const lv = m.num.MRDLEVEL[i];
  const cells = a.sensitivity.cells[i];
  const lod = a.sensitivity.lod[i];
  const row = [
    m.text.USUBJID.at(i)!,
    m.text.SAMPLEID.at(i)!,
    String(m.line[i]),
    formatDayCached(m.num.COLLDT[i]),
    m.text.METHOD.at(i)!,
    m.text.SPEC.at(i) ?? '',
    m.text.CENTRAL.at(i) ?? '',
    m.text.RESULT.at(i)!,
    Number.isNaN(lv) ? '' : String(lv),
    Number.isNaN(cells) ? '' : String(Math.round(cells)),
    Number.isNaN(lod) ? '' : lod.toExponential(3),
    LOD_SOURCE[a.sensitivity.source[i]],
    REASONS.text(a.exclusion[i]) ?? '',
  ];
  for (const s of a.sampleStatus) row.push(STATUS_LABEL[s.status[i]], REASONS.text(s.reason[i]) ?? '');
  return row;
}

/** The first `limit` rows of the sample listing as a table (the report shows a few; the CSV holds all). */
export function sampleListing(a: Analysis, L: Labels, limit = Infinity): ReportTable {
  const n = Math.min(a.tables.mrd.n, limit);
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) rows.push(sampleRow(a, i));
  const total = a.tables.mrd.n;
  const subtitle = n < total ? L.listingExcerpt(n, total, 'tables/mrd_samples.csv') : `${total}`;
  return { id: 'mrd_samples', title: L.samplesTitle, subtitle, columns: sampleColumns(a), rows, footnotes: [] };
}

/**
 * The whole sample listing as CSV text in chunks: one row per MRD sample (10^7 at 10^6 subjects)
 * would not fit in one JavaScript string, and a table model of every cell would cost gigabytes.
 * The same text as `toCsv(sampleColumns, sampleRow...)`, built faster: the cell text of each dictionary
 * code (quoted and formula-neutralised once, not per row) and of each reason code is prepared
 * before the loop, and each line is one string concatenation.
 */
export function sampleListingCsv(a: Analysis): () => Iterable<Uint8Array> {
  return () => sampleCsvChunks(a);
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
 * Writes column `col` of row i: per dictionary code, the cell's bytes are encoded once; a bytes column
 * (SAMPLEID at scale) is copied from its pool unless the cell needs quoting, which csvCell then does.
 */
export function csvCellWriter(col: TextColumn, escape: boolean): { maxBytes: (i: number) => number; write: (w: ChunkWriter, i: number) => void } {
  const raw = col.bytes;
  if (raw !== null) {
    const { pool, from, to } = raw;
    return {
      // quoting doubles quotes; an invalid UTF-8 byte re-encodes as 3 bytes (U+FFFD)
      maxBytes: (i) => (from[i] < 0 ? 0 : 6 * (to[i] - from[i]) + 3),
      write: (w, i) => {
        const s = from[i];
        if (s < 0) return;
        if (escape && needsCsvCare(pool, s, to[i])) w.text(csvCell(col.at(i)!));
        else w.bytes(pool, s, to[i]);
      },
    };
  }
  const cells = col.dict.map((v) => Buffer.from(v === null ? '' : escape ? csvCell(v) : v));
  const codes = col.codes;
  return {
    maxBytes: (i) => cells[codes[i]].length,
    write: (w, i) => w.bytes(cells[codes[i]]),
  };
}

function* sampleCsvChunks(a: Analysis): Generator<Uint8Array> {
  const m = a.tables.mrd;
  const columns = sampleColumns(a);
  yield Buffer.from('\uFEFF' + columns.map(csvCell).join(',') + '\r\n');
  // Only USUBJID and SAMPLEID are free text from the input; every other cell is a number, a date, or a
  // canonical code (METHOD, SPEC, CENTRAL, RESULT are stored as their allowed values), never needing
  // quotes or formula neutralising.
  const subject = csvCellWriter(m.text.USUBJID, true);
  const sample = csvCellWriter(m.text.SAMPLEID, true);
  const fixedColumns = [m.text.METHOD, m.text.SPEC, m.text.CENTRAL, m.text.RESULT];
  const fixed = fixedColumns.map((c) => csvCellWriter(c, false));
  const reasonCells = Array.from({ length: 256 }, (_, k) => Buffer.from(REASONS.text(k) ?? ''));
  const statusCells = STATUS_LABEL.map((l) => Buffer.from(`,${l},`));
  const sourceCells = LOD_SOURCE.map((l) => Buffer.from(l));
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
  const { line } = m;
  const day = m.num.COLLDT;
  const level = m.num.MRDLEVEL;
  const { cells, lod, source } = a.sensitivity;
  const exclusion = a.exclusion;
  const statuses = a.sampleStatus;
  // numbers, dates, codes and reasons of one row stay well within this
  const longestCode = (c: TextColumn) => c.dict.reduce((x, v) => Math.max(x, Buffer.byteLength(v ?? '')), 0);
  const fixedBytes = 400 + statuses.length * 120 + fixedColumns.reduce((t, c) => t + longestCode(c), 0);
  const w = new ChunkWriter(CHUNK_BYTES);
  for (let i = 0; i < m.n; i++) {
    const need = fixedBytes + subject.maxBytes(i) + sample.maxBytes(i);
    if (!w.fits(need)) yield w.take(need);
    subject.write(w, i);
    w.byte(COMMA);
    sample.write(w, i);
    w.byte(COMMA);
    w.int(line[i]);
    w.byte(COMMA);
    w.bytes(dayCell(day[i]));
    for (const f of fixed) {
      w.byte(COMMA);
      f.write(w, i);
    }
    w.byte(COMMA);
    const lv = level[i];
    if (!Number.isNaN(lv)) w.bytes(levelCell(lv));
    w.byte(COMMA);
    const c = cells[i];
    if (!Number.isNaN(c)) w.int(Math.round(c));
    w.byte(COMMA);
    const d = lod[i];
    if (!Number.isNaN(d)) w.ascii(d.toExponential(3));
    w.byte(COMMA);
    w.bytes(sourceCells[source[i]]);
    w.byte(COMMA);
    w.bytes(reasonCells[exclusion[i]]);
    for (let k = 0; k < statuses.length; k++) {
      w.bytes(statusCells[statuses[k].status[i]]);
      w.bytes(reasonCells[statuses[k].reason[i]]);
    }
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
