import { doubleToIbm } from '../../pipeline/ingest/formats/ibmFloat.js';

/**
 * Writes SAS transport (XPORT) version 5 files, the format FDA and NMPA take for submission data sets
 * (SAS technical note TS-140): 8-character upper-case names, labels of at most 40 characters,
 * character values of at most 200 bytes, numbers as 8-byte IBM floating point. One data set per file,
 * as submissions expect. Written by hand: the registry has no XPORT writer (xport-js only reads).
 *
 * The creation time stamp is a parameter, so that the same data give byte-identical files.
 */

export interface XportColumn {
  name: string;
  label: string;
  type: 'num' | 'char';
  /** character variables: bytes (default: the longest value, at least 1); numbers are always 8 */
  length?: number;
  /** display format, e.g. DATE9., 8.3, $20. (name, width and decimals are stored separately) */
  format?: string;
}

export interface XportDataset {
  /** data set name: at most 8 letters, digits or _ */
  name: string;
  label: string;
  columns: XportColumn[];
  /**
   * one column each: for char anything with `at(i)` (an array of strings, null empty, or a TextColumn)
   * or a dictionary with each row's code (CodedValues: each distinct value is encoded once); for num an
   * array of numbers or a function of the row (NaN or null missing)
   */
  values: (TextValues | CodedValues | RawTextValues | NumberValues | ArrayLike<number | null>)[];
  rows: number;
}

/** What a character column needs to give: its value at row i (an array or a TextColumn). */
export interface TextValues {
  at(i: number): string | null | undefined;
}

/** Text as a dictionary and the code of row i (null entries are empty). */
export interface CodedValues {
  dict: readonly (string | null)[];
  code(i: number): number;
}

/** Text already as UTF-8 bytes: row i is pool[from[i]..to[i]) (from[i] < 0: empty), copied as is. */
export interface RawTextValues {
  raw: { pool: Uint8Array; from: Int32Array; to: Int32Array };
}

/** Numbers as a function of the row (NaN missing). */
export interface NumberValues {
  num(i: number): number;
}

function isCoded(v: unknown): v is CodedValues {
  return typeof (v as CodedValues).code === 'function';
}

function isRaw(v: unknown): v is RawTextValues {
  return typeof (v as RawTextValues).raw === 'object';
}

function isNumberFunction(v: unknown): v is NumberValues {
  return typeof (v as NumberValues).num === 'function';
}

const RECORD = 80;
/** observations per data chunk that xportChunks yields */
const CHUNK_ROWS = 8192;

function pad(text: string, n: number): string {
  if (text.length > n) throw new RangeError(`"${text}" is longer than ${n} characters`);
  return text.padEnd(n, ' ');
}

/** SAS datetime text ddMMMyy:hh:mm:ss of a Date (UTC). */
function sasStamp(d: Date): string {
  const m = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'][d.getUTCMonth()];
  const two = (v: number) => String(v).padStart(2, '0');
  return `${two(d.getUTCDate())}${m}${two(d.getUTCFullYear() % 100)}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** Name, width and decimals of a format text such as DATE9., 8.3 or $CHAR20. */
function parseFormat(format: string | undefined): { name: string; width: number; decimals: number } {
  if (!format) return { name: '', width: 0, decimals: 0 };
  const m = /^(\$?[A-Za-z_]*?)(\d*)\.(\d*)$/.exec(format.trim());
  if (m === null) throw new RangeError(`format ${format} is not NAMEw.d`);
  return { name: m[1].toUpperCase(), width: Number(m[2] || 0), decimals: Number(m[3] || 0) };
}

/** Checks a data set against the version 5 limits; returns each column's byte length. */
function checkV5(ds: XportDataset): number[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,7}$/.test(ds.name)) throw new RangeError(`data set name ${ds.name} is not a SAS V5 name (at most 8 letters, digits, _)`);
  if (ds.label.length > 40 || /[^\x20-\x7e]/.test(ds.label)) throw new RangeError(`data set label of ${ds.name} must be at most 40 printable ASCII characters`);
  const seen = new Set<string>();
  return ds.columns.map((c, j) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,7}$/.test(c.name)) throw new RangeError(`variable name ${c.name} is not a SAS V5 name (at most 8 letters, digits, _)`);
    if (seen.has(c.name.toUpperCase())) throw new RangeError(`variable ${c.name} appears twice`);
    seen.add(c.name.toUpperCase());
    if (c.label.length > 40) throw new RangeError(`label of ${c.name} exceeds 40 characters: "${c.label}"`);
    if (/[^\x20-\x7e]/.test(c.label)) throw new RangeError(`label of ${c.name} must be printable ASCII (CDISC labels are): "${c.label}"`);
    if (c.type === 'num') return 8;
    const values = ds.values[j];
    // a given length is checked while writing (a longer value is an error, never cut); else the longest value
    const length = c.length ?? (isCoded(values) ? longestCoded(values, ds.rows) : isRaw(values) ? longestRaw(values, ds.rows) : longestText(values as TextValues, ds.rows));
    if (length > 200) throw new RangeError(`variable ${c.name} needs ${length} bytes; SAS V5 transport allows 200`);
    return length;
  });
}

function longestText(values: TextValues, rows: number): number {
  let longest = 1;
  for (let i = 0; i < rows; i++) {
    const v = values.at(i);
    if (v) longest = Math.max(longest, Buffer.byteLength(v, 'utf8'));
  }
  return longest;
}

function longestRaw(values: RawTextValues, rows: number): number {
  const { from, to } = values.raw;
  let longest = 1;
  for (let i = 0; i < rows; i++) if (from[i] >= 0 && to[i] - from[i] > longest) longest = to[i] - from[i];
  return longest;
}

/** Longest dictionary entry that some row uses. */
function longestCoded(values: CodedValues, rows: number): number {
  const used = new Uint8Array(values.dict.length);
  for (let i = 0; i < rows; i++) used[values.code(i)] = 1;
  let longest = 1;
  values.dict.forEach((v, k) => {
    if (used[k] && v) longest = Math.max(longest, Buffer.byteLength(v, 'utf8'));
  });
  return longest;
}

/**
 * IBM bytes of the integers 0..SMALL-1, which flags, codes, counts and dates (SAS day numbers are
 * about 23,000 today) repeat millions of times: 512 KB, each integer converted the first time it is
 * written (`smallDone`). Converting all 65,536 up front took 30 ms of a 446-subject run, which writes
 * a few thousand distinct integers.
 */
const SMALL = 65536;
let smallIbm: Buffer | null = null;
let smallDone: Uint8Array | null = null;
function smallIntegers(): { bytes: Buffer; done: Uint8Array } {
  smallIbm ??= Buffer.alloc(SMALL * 8);
  smallDone ??= new Uint8Array(SMALL);
  return { bytes: smallIbm, done: smallDone };
}

/**
 * A number writer for one column: small integers from the table, a repeat of the previous value from
 * its bytes (thresholds, times and levels repeat down a column), anything else converted.
 */
function numberWriter(): (v: number | null | undefined, data: Buffer, at: number) => void {
  const { bytes: table, done } = smallIntegers();
  let last = Number.NaN;
  const lastBytes = Buffer.alloc(8);
  doubleToIbm(null, lastBytes, 0);
  let lastMissing = true;
  return (v, data, at) => {
    if (v === null || v === undefined || Number.isNaN(v)) {
      data[at] = 0x2e;
      for (let k = 1; k < 8; k++) data[at + k] = 0;
      return;
    }
    let src: Uint8Array;
    let from = 0;
    if (v >= 0 && v < SMALL && (v | 0) === v) {
      src = table;
      from = v * 8;
      if (done[v] === 0) {
        doubleToIbm(v, table, from);
        done[v] = 1;
      }
    } else {
      if (v !== last || lastMissing) {
        doubleToIbm(v, lastBytes, 0);
        last = v;
        lastMissing = false;
      }
      src = lastBytes;
    }
    for (let k = 0; k < 8; k++) data[at + k] = src[from + k];
  };
}

/** The transport file of one data set (version 5). */
export function writeXport(ds: XportDataset, created: Date): Buffer {
  return Buffer.concat([...xportChunks(ds, created)]);
}

/**
 * The same file as consecutive buffers (headers, then blocks of observations), so that a data set of
 * millions of rows is written without holding the whole file in memory.
 */
export function* xportChunks(ds: XportDataset, created: Date): Generator<Buffer> {
  const lengths = checkV5(ds);
  const stamp = sasStamp(created);
  const header = (kind: string, tail = '000000000000000000000000000000  ') => `HEADER RECORD*******${pad(kind, 8)}HEADER RECORD!!!!!!!${tail}`;
  const head =
    header('LIBRARY') +
    pad('SAS     SAS     SASLIB  9.4     X64_7PRO', 64) +
    stamp +
    pad(stamp, 80) +
    header('MEMBER', '000000000000000001600000000140  ') +
    header('DSCRPTR') +
    pad(`SAS     ${pad(ds.name.toUpperCase(), 8)}SASDATA 9.4     X64_7PRO`, 64) +
    stamp +
    stamp +
    ' '.repeat(16) +
    pad(ds.label, 40) +
    pad('', 8) +
    header('NAMESTR', `000000${String(ds.columns.length).padStart(4, '0')}00000000000000000000  `);
  const namestrBytes = Math.ceil((ds.columns.length * 140) / RECORD) * RECORD;
  const namestr = Buffer.alloc(namestrBytes, 0x20);
  let position = 0;
  ds.columns.forEach((c, j) => {
    const p = j * 140;
    namestr.fill(0, p, p + 140);
    const f = parseFormat(c.format);
    namestr.writeInt16BE(c.type === 'num' ? 1 : 2, p);
    namestr.writeInt16BE(0, p + 2);
    namestr.writeInt16BE(lengths[j], p + 4);
    namestr.writeInt16BE(j + 1, p + 6);
    namestr.write(pad(c.name.toUpperCase(), 8), p + 8, 'latin1');
    namestr.write(pad(c.label, 40), p + 16, 'latin1');
    namestr.write(pad(f.name, 8), p + 56, 'latin1');
    namestr.writeInt16BE(f.width, p + 64);
    namestr.writeInt16BE(f.decimals, p + 66);
    namestr.writeInt16BE(c.type === 'num' ? 1 : 0, p + 68); // justification: numbers right, text left
    namestr.write(pad('', 8), p + 72, 'latin1'); // informat
    namestr.writeInt32BE(position, p + 84);
    position += lengths[j];
  });
  const headBytes = Buffer.from(head, 'latin1');
  if (headBytes.length !== 8 * RECORD) throw new Error('transport header is not 8 records');
  yield headBytes;
  yield namestr;
  yield Buffer.from(header('OBS'), 'latin1');
  const obsLength = position;
  const dataBytes = Math.ceil((obsLength * ds.rows) / RECORD) * RECORD;
  // one writer per column: dictionary text is encoded once per entry, blank-padded to the column length
  type Put = (data: Buffer, at: number, i: number) => void;
  const puts: Put[] = ds.columns.map((c, j): Put => {
    const v = ds.values[j];
    const len = lengths[j];
    if (c.type === 'num') {
      const put = numberWriter();
      if (isNumberFunction(v)) return (data, at, i) => put(v.num(i), data, at);
      const arr = v as ArrayLike<number | null>;
      return (data, at, i) => put(arr[i], data, at);
    }
    if (isCoded(v)) {
      // each entry once, blank-padded; an entry longer than the column is refused when a row uses it
      const pool = Buffer.alloc(v.dict.length * len, 0x20);
      const tooLong = new Uint8Array(v.dict.length);
      v.dict.forEach((t, k) => {
        if (!t) return;
        if (Buffer.byteLength(t, 'utf8') > len) tooLong[k] = 1;
        else pool.write(t, k * len, len, 'utf8');
      });
      return (data, at, i) => {
        const code = v.code(i);
        if (tooLong[code]) throw new RangeError(`variable ${c.name} holds a value of ${Buffer.byteLength(v.dict[code]!, 'utf8')} bytes, longer than its length ${len}`);
        // a byte loop: Buffer.copy costs a native call per cell, more than copying a dozen bytes here
        for (let k = code * len, e = k + len; k < e; k++) data[at++] = pool[k];
      };
    }
    if (isRaw(v)) {
      const { pool, from, to } = v.raw;
      return (data, at, i) => {
        const s = from[i];
        if (s < 0) return;
        if (to[i] - s > len) throw new RangeError(`variable ${c.name} holds a value of ${to[i] - s} bytes, longer than its length ${len}`);
        for (let k = s, e = to[i]; k < e; k++) data[at++] = pool[k];
      };
    }
    const tv = v as TextValues;
    return (data, at, i) => {
      const t = tv.at(i);
      if (!t) return;
      data.write(t, at, len, 'utf8');
      // write() stops short of a character that does not fit: measure whenever the text could be longer
      if (t.length > len || (t.length * 3 > len && Buffer.byteLength(t, 'utf8') > len)) throw new RangeError(`variable ${c.name} holds a value of ${Buffer.byteLength(t, 'utf8')} bytes, longer than its length ${len}`);
    };
  });
  for (let i0 = 0; i0 < ds.rows || (i0 === 0 && dataBytes > 0); i0 += CHUNK_ROWS) {
    const i1 = Math.min(ds.rows, i0 + CHUNK_ROWS);
    // the last block carries the blank padding to the record boundary
    const size = i1 === ds.rows ? dataBytes - i0 * obsLength : (i1 - i0) * obsLength;
    const data = Buffer.alloc(size, 0x20);
    for (let i = i0; i < i1; i++) {
      let at = (i - i0) * obsLength;
      for (let j = 0; j < lengths.length; j++) {
        puts[j](data, at, i);
        at += lengths[j];
      }
    }
    yield data;
  }
}
