import type { Analysis } from '../../pipeline/analyse.js';
import { formatDay } from '../../pipeline/ingest/dates.js';
import { LOD_SOURCE } from '../../pipeline/derive/deriveSampleSensitivity.js';
import { REASONS, STATUS_LABEL } from '../../pipeline/derive/status.js';
import { thresholdLabel } from '../format.js';
import type { Labels } from '../labels.js';
import type { ReportTable } from './table.js';
import { csvCell } from '../render/csv.js';
import type { TextColumn } from '../../pipeline/ingest/textColumn.js';

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

/** Bytes per chunk of the listing; a row is encoded straight into the chunk (no joined string to re-encode). */
const CHUNK_BYTES = 1 << 20;

function* sampleCsvChunks(a: Analysis): Generator<Uint8Array> {
  const m = a.tables.mrd;
  const columns = sampleColumns(a);
  yield Buffer.from('\uFEFF' + columns.map(csvCell).join(',') + '\r\n');
  // Only USUBJID and SAMPLEID are free text from the input; every other cell is a number, a date, or a
  // canonical code (METHOD, SPEC, CENTRAL, RESULT are stored as their allowed values), never needing
  // quotes or formula neutralising.
  const byCode = (col: TextColumn, escape: boolean) => col.dict.map((v) => (v === null ? '' : escape ? csvCell(v) : v));
  const cellOf = (col: TextColumn) => {
    const cells = col.distinct ? byCode(col, true) : null;
    return cells ? (i: number) => cells[col.codes[i]] : (i: number) => csvCell(col.at(i) ?? '');
  };
  const subjectCell = cellOf(m.text.USUBJID);
  const sampleCell = cellOf(m.text.SAMPLEID);
  const [method, spec, central, result] = [m.text.METHOD, m.text.SPEC, m.text.CENTRAL, m.text.RESULT].map((c) => ({ codes: c.codes, cells: byCode(c, false) }));
  const reasonCells = Array.from({ length: 256 }, (_, k) => REASONS.text(k) ?? '');
  const statusCells = STATUS_LABEL.map((l) => `,${l},`);
  const { line } = m;
  const day = m.num.COLLDT;
  const level = m.num.MRDLEVEL;
  const { cells, lod, source } = a.sensitivity;
  const exclusion = a.exclusion;
  const statuses = a.sampleStatus;
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  for (let i = 0; i < m.n; i++) {
    const lv = level[i];
    const c = cells[i];
    const d = lod[i];
    let row =
      subjectCell(i) +
      ',' +
      sampleCell(i) +
      ',' +
      line[i] +
      ',' +
      formatDayCached(day[i]) +
      ',' +
      method.cells[method.codes[i]] +
      ',' +
      spec.cells[spec.codes[i]] +
      ',' +
      central.cells[central.codes[i]] +
      ',' +
      result.cells[result.codes[i]] +
      ',' +
      (Number.isNaN(lv) ? '' : String(lv)) +
      ',' +
      (Number.isNaN(c) ? '' : String(Math.round(c))) +
      ',' +
      (Number.isNaN(d) ? '' : d.toExponential(3)) +
      ',' +
      LOD_SOURCE[source[i]] +
      ',' +
      reasonCells[exclusion[i]];
    for (let k = 0; k < statuses.length; k++) row += statusCells[statuses[k].status[i]] + reasonCells[statuses[k].reason[i]];
    row += '\r\n';
    if (used + 3 * row.length > chunk.length) {
      // a fresh buffer each time: the consumer may keep the chunks it was given
      yield chunk.subarray(0, used);
      chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, 3 * row.length));
      used = 0;
    }
    used += chunk.write(row, used, 'utf8');
  }
  if (used > 0) yield chunk.subarray(0, used);
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
