import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { SAS_EPOCH_DAY } from './dates.js';
import { isMainThread, type Worker } from 'node:worker_threads';
import { extname, join } from 'node:path';
import { UserError, type Problem } from '../errors.js';
import { NotUtf8Error, scanCsvFields, type ScanPart } from './readCsv.js';
import { sha256OfFile } from './sha256.js';
import { readOnWorker } from './tableWorkerClient.js';
import { concatTables } from './concatTables.js';
import type { FileSpec } from '../../model/schema.js';
import { nativeSource, type SourceFormat, type SourceSpec } from './source.js';
import type { Table } from './table.js';
import { emptyTable, TableBuilder, type Cell } from './tableBuilder.js';
import { isXport, scanXport, xportNumber, isDateTimeFormat } from './formats/xport.js';
import { looksLikeJson, scanDatasetJson, scanDatasetNdjson, type DatasetJsonMeta, type JsonScalar } from './formats/datasetJson.js';
import { isZip, readXlsxSheet } from './formats/xlsx.js';
import { firstInvalidUtf8, isConfidentGb18030, lineAt, type Encoding } from './formats/textEncoding.js';

export type { Table } from './table.js';

import { fileState } from './fileState.js';
export { fileState };

/**
 * The format of a file: its name's ending when that names a format (.xpt, .xlsx, .json, .ndjson), which
 * its first bytes must then confirm; else its content (a SAS transport header, a ZIP archive, a JSON
 * object), delimited text by default.
 */
export function detectFormat(path: string, display: string): SourceFormat {
  const head = Buffer.alloc(64);
  const fd = openSync(path, 'r');
  let got = 0;
  try {
    got = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const b = head.subarray(0, got);
  const ext = extname(path).toLowerCase();
  const named = ext === '.xpt' ? 'xpt' : ext === '.xlsx' ? 'xlsx' : ext === '.json' ? 'json' : ext === '.ndjson' || ext === '.jsonl' ? 'ndjson' : null;
  const content = isXport(b) ? 'xpt' : isZip(b) ? 'xlsx' : looksLikeJson(b) ? 'json' : null;
  if (named !== null && got > 0) {
    const fits = named === content || (named === 'ndjson' && content === 'json');
    if (!fits) {
      const what = { xpt: 'a SAS transport (XPORT) file', xlsx: 'an Excel workbook (.xlsx)', json: 'a Dataset-JSON file', ndjson: 'an NDJSON Dataset-JSON file' }[named];
      const is = content === null ? 'text or another format' : { xpt: 'a SAS transport file', xlsx: 'a ZIP archive (an .xlsx workbook?)', json: 'JSON' }[content];
      throw new UserError({ file: display, rule: `${named === 'ndjson' ? 'json' : named}.malformed`, message: `the file is named ${ext} but is not ${what}: its first bytes are ${is}` });
    }
    return named;
  }
  if (content === 'xpt' || content === 'xlsx') return content;
  if (content === 'json' && ext !== '.csv' && ext !== '.txt' && ext !== '.tsv') return 'json';
  return 'csv';
}

/**
 * Reads one input table, streaming, from the source `source` names (by default the file spec.file
 * with our own column names) in whatever format it is: delimited text, SAS transport, Dataset-JSON
 * or XLSX. Every data row is either kept, rejected with a Problem naming file, line, column, value and
 * rule, or skipped by a row filter of the source (counted). `extraText` names further columns
 * (strata, subgroups) to keep as text; they are required in the header when `extraRequired` is true.
 * A missing required file, or a header lacking a required column, is a UserError; so is a file that
 * is there but cannot be read, whether required or not.
 */
export async function readTable(
  dir: string,
  spec: FileSpec,
  extraText: string[] = [],
  extraRequired = false,
  part?: { start: number; end: number; header: string[] },
  source: SourceSpec = nativeSource(spec.file),
): Promise<Table> {
  const path = join(dir, source.file);
  const state = fileState(path);
  if (state === 'absent') {
    if (spec.required)
      throw new UserError({ file: source.file, rule: 'file.missing', message: `required input file not found in ${dir}` });
    return emptyTable(source.file, spec, extraText);
  }
  if (state !== 'file') throw new UserError({ file: source.file, rule: 'file.unreadable', message: `the input file cannot be read: ${state.problem}` });
  const format = source.format ?? detectFormat(path, source.file);
  switch (format) {
    case 'csv':
      return readDelimited(dir, spec, extraText, extraRequired, part, source, path);
    case 'xpt':
      return readXport(spec, extraText, extraRequired, source, path);
    case 'json':
    case 'ndjson':
      return readDatasetJson(spec, extraText, extraRequired, source, path, format);
    case 'xlsx':
      return readXlsx(spec, extraText, extraRequired, source, path);
  }
}

/**
 * Delimited text. UTF-8 is read as bytes; a declared encoding, a UTF-16 byte order mark, or (when
 * undeclared UTF-8 turns out invalid) confidently detected GB18030 is decoded first; any other text
 * that is not UTF-8 is refused with its line and byte offset, never analysed as mangled characters.
 */
async function readDelimited(
  dir: string,
  spec: FileSpec,
  extraText: string[],
  extraRequired: boolean,
  part: { start: number; end: number; header: string[] } | undefined,
  source: SourceSpec,
  path: string,
  encoding: Encoding | undefined = source.encoding,
): Promise<Table> {
  const display = source.file;
  // A large native file is read in two halves at once, the second on a worker thread (the second
  // core); a file read as such a part (`part`) is not split again.
  const size = statSync(path).size;
  const plain = source.origin === 'native' && encoding === undefined && source.delimiter === undefined;
  const split = part === undefined && plain ? splitPoint(path, size) : -1;
  const fileHash = split > 0 ? sha256OfFile(path) : null;
  let secondHalf: Promise<PromiseSettledResult<Table>[]> | null = null;
  let secondWorker: Worker | null = null;

  const builder = new TableBuilder(display, spec, extraText, extraRequired, source, 'line');
  const onHeader = (h: string[]) => {
    builder.setHeader(h);
    builder.reserveRows(estimateRows(path, part ? part.start : 0, part ? part.end : split > 0 ? split : size));
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
  let scan;
  try {
    scan = await scanCsvFields(path, display, onHeader, (f, line) => builder.rowBytes(f, line), scanPart, { encoding, delimiter: source.delimiter });
  } catch (e) {
    if (!(e instanceof NotUtf8Error)) throw e;
    void (secondWorker as Worker | null)?.terminate();
    // not UTF-8, and no encoding declared: read again as GB18030 when the whole file is confidently
    // that, otherwise refuse, pointing at the first byte that is not UTF-8
    const bytes = readFileSync(path);
    const bad = firstInvalidUtf8(bytes);
    if (isConfidentGb18030(bytes)) return readDelimited(dir, spec, extraText, extraRequired, undefined, source, path, 'gb18030');
    throw new UserError({
      file: display,
      line: lineAt(bytes, bad < 0 ? e.offset : bad),
      rule: 'encoding.not-utf8',
      value: `byte ${bad < 0 ? e.offset : bad}: 0x${bytes[bad < 0 ? e.offset : bad]?.toString(16).padStart(2, '0') ?? '??'}`,
      message:
        'the file is not valid UTF-8 text and its encoding could not be recognised with confidence; save it as UTF-8, or declare its encoding (e.g. encoding: gb18030 or windows-1252) for this file in mapping.yaml',
    });
  }
  const table = builder.finish(fileHash === null ? scan.sha256 : await fileHash, scan.malformed, 'csv');
  if (secondHalf === null) return table;
  const [other] = await (secondHalf as Promise<PromiseSettledResult<Table>[]>);
  if (other.status === 'rejected') throw other.reason;
  // the second half counted its lines from 1 at its first byte
  return concatTables(table, other.value, scan.nextLine - 1);
}

/** Bytes sampled to estimate a file's rows: eight windows of 32 KB spread over it. */
const ROW_PROBES = 8;
const ROW_PROBE_BYTES = 1 << 15;

/**
 * About how many lines the bytes from `start` to `end` of a file hold: the line breaks in eight 32 KB
 * windows spread over it (rows grow longer as identifiers gain digits, so the start alone misjudges),
 * scaled to its length, plus 2% (an overestimate keeps up to that unused; an underestimate only grows
 * the columns once more). A part small enough to probe whole is counted exactly.
 */
export function estimateRows(path: string, start: number, end: number): number {
  const length = Math.max(0, end - start);
  const whole = length <= ROW_PROBES * ROW_PROBE_BYTES;
  const probe = Buffer.alloc(whole ? length : ROW_PROBE_BYTES);
  const fd = openSync(path, 'r');
  let lines = 0;
  let probed = 0;
  try {
    for (let k = 0; k < (whole ? 1 : ROW_PROBES); k++) {
      const got = readSync(fd, probe, 0, probe.length, start + Math.floor((k * (length - probe.length)) / (ROW_PROBES - 1 || 1)));
      for (let at = probe.indexOf(10); at >= 0 && at < got; at = probe.indexOf(10, at + 1)) lines++;
      probed += got;
    }
  } finally {
    closeSync(fd);
  }
  if (probed === 0) return 0;
  if (whole) return lines + 1;
  return Math.ceil(((lines * length) / probed) * 1.02) + 16;
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

/** A character value's bytes as text: UTF-8, or the declared encoding; undeclared non-UTF-8 is refused. */
function charDecoder(display: string, encoding: Encoding | undefined): (b: Buffer) => string {
  if (encoding !== undefined && encoding !== 'utf-8') {
    const d = new TextDecoder(encoding === 'latin1' ? 'iso-8859-1' : encoding);
    return (b) => d.decode(b);
  }
  return (b) => {
    for (let k = 0; k < b.length; k++) {
      if (b[k] >= 0x80) {
        if (firstInvalidUtf8(b) < 0) break;
        throw new UserError({
          file: display,
          rule: 'encoding.not-utf8',
          value: b.toString('latin1').slice(0, 40),
          message: 'a character value is not valid UTF-8: declare the encoding the data set was written in (e.g. encoding: gb18030 for a Chinese SAS session, windows-1252 or latin1) for this file in mapping.yaml',
        });
      }
    }
    return b.toString('utf8');
  };
}

/** SAS transport: numbers from IBM floats, dates from SAS date values, character values decoded. */
async function readXport(spec: FileSpec, extraText: string[], extraRequired: boolean, source: SourceSpec, path: string): Promise<Table> {
  const display = source.file;
  const builder = new TableBuilder(display, spec, extraText, extraRequired, source, 'record', 'sas');
  const decode = charDecoder(display, source.encoding);
  let read: ((row: { buf: Buffer; at: number }) => void) | null = null;
  const cells: Cell[] = [];
  const scan = await scanXport(
    path,
    display,
    { memberName: source.member, decode },
    (member) => {
      builder.setHeader(member.variables.map((v) => v.name));
      const vars = member.variables;
      // SAS datetime values are seconds since 1960: handed on as instants, so that a date column keeps
      // their day; date-formatted values stay numbers (days since 1960)
      const datetime = vars.map((v) => v.type === 'num' && isDateTimeFormat(v.format));
      cells.length = vars.length;
      read = (row) => {
        for (let k = 0; k < vars.length; k++) {
          const v = vars[k];
          if (v.type === 'num') {
            const x = xportNumber(row, v);
            cells[k] = datetime[k] && !Number.isNaN(x) ? new Date((x + SAS_EPOCH_DAY * 86_400) * 1000) : x;
          } else {
            let s = row.at + v.position;
            let e = s + v.length;
            while (e > s && (row.buf[e - 1] === 0x20 || row.buf[e - 1] === 0)) e--;
            while (s < e && row.buf[s] === 0x20) s++;
            cells[k] = s === e ? null : decode(row.buf.subarray(s, e));
          }
        }
      };
    },
    (row, obs) => {
      read!(row);
      builder.rowCells(cells, obs);
    },
  );
  return builder.finish(scan.sha256, [], 'xpt');
}

/** Dataset-JSON 1.1 (.json or .ndjson). */
async function readDatasetJson(spec: FileSpec, extraText: string[], extraRequired: boolean, source: SourceSpec, path: string, format: 'json' | 'ndjson'): Promise<Table> {
  const display = source.file;
  const builder = new TableBuilder(display, spec, extraText, extraRequired, source, format === 'json' ? 'record' : 'line', 'sas');
  let width = 0;
  const onMeta = (meta: DatasetJsonMeta) => {
    width = meta.columns.length;
    builder.setHeader(meta.columns.map((c) => c.name));
  };
  const onRow = (values: JsonScalar[], at: number) => {
    if (values.length !== width) builder.rejectRecord(values, at, 'json.row-length', `the row has ${values.length} values but columns lists ${width}`);
    else builder.rowCells(values, at);
  };
  const scan = format === 'json' ? await scanDatasetJson(path, display, onMeta, onRow) : await scanDatasetNdjson(path, display, onMeta, onRow);
  return builder.finish(scan.sha256, [], format);
}

/** XLSX: the named sheet (or the first); its first non-empty row is the header, empty rows are skipped. */
async function readXlsx(spec: FileSpec, extraText: string[], extraRequired: boolean, source: SourceSpec, path: string): Promise<Table> {
  const sheet = await readXlsxSheet(path, source.file, source.sheet);
  const display = source.file;
  const builder = new TableBuilder(display, spec, extraText, extraRequired, source, 'row', 'excel');
  const empty = (r: Cell[]) => r.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''));
  const headerAt = sheet.rows.findIndex((r) => !empty(r));
  if (headerAt < 0) throw new UserError({ file: display, rule: 'file.empty', message: `sheet ${sheet.sheet} is empty: a header row is required` });
  builder.setHeader(sheet.rows[headerAt].map((c) => (c === null || c === undefined ? '' : String(c))));
  for (let i = headerAt + 1; i < sheet.rows.length; i++) {
    const r = sheet.rows[i];
    if (empty(r)) continue;
    builder.rowCells(r, sheet.rowNumber[i]);
  }
  return builder.finish(sheet.sha256, [], 'xlsx');
}
