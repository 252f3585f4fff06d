import { UserError } from '../../errors.js';
import { readFileChunks } from './fileChunks.js';

/**
 * CDISC Dataset-JSON v1.1: one JSON object holding the dataset's metadata (`datasetJSONVersion`,
 * `name`, `label`, `records`, `columns` [{itemOID, name, label, dataType, targetDataType, length,
 * displayFormat, keySequence}]) and its `rows`, an array of arrays of scalars in column order; or its
 * NDJSON form, the metadata object on the first line and one row array per further line.
 *
 * A streaming reader of its own: a 10^6-subject MRD file is over a gigabyte, beyond what one
 * JSON.parse (or a JavaScript string) can hold, and the general streaming parsers of the registry
 * build a token object per value. Metadata values are small and are handed to JSON.parse whole; each
 * row is scanned byte by byte, strings without escapes decoded straight from the bytes.
 */

export interface DatasetJsonColumn {
  itemOID?: string;
  name: string;
  label?: string;
  dataType: string;
  targetDataType?: string;
  length?: number;
  displayFormat?: string;
  keySequence?: number;
}

export interface DatasetJsonMeta {
  datasetJSONVersion: string;
  name?: string;
  label?: string;
  records?: number;
  columns: DatasetJsonColumn[];
  [key: string]: unknown;
}

export type JsonScalar = string | number | boolean | null;

const DATA_TYPES = new Set(['string', 'integer', 'decimal', 'float', 'double', 'datetime', 'boolean', 'date', 'time', 'URI']);

function fail(display: string, message: string, where?: number, rule = 'json.malformed'): never {
  throw new UserError({ file: display, rule, message: `${message}${where === undefined ? '' : ` (at byte ${where})`}` });
}

/** Checks the metadata object: version 1.1 and a usable `columns` list. */
export function checkDatasetJsonMeta(meta: unknown, display: string): DatasetJsonMeta {
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) fail(display, 'a Dataset-JSON file holds one JSON object', undefined, 'json.dataset');
  const m = meta as Record<string, unknown>;
  const version = m.datasetJSONVersion;
  if (typeof version !== 'string') {
    if ('clinicalData' in m || 'referenceData' in m)
      fail(display, 'this is Dataset-JSON 1.0 (clinicalData/itemGroupData); only version 1.1 is read: convert it with a current Dataset-JSON tool', undefined, 'json.dataset-version');
    fail(display, 'datasetJSONVersion is missing: not a CDISC Dataset-JSON file', undefined, 'json.dataset');
  }
  if (!/^1\.1(\.\d+)?$/.test(version)) fail(display, `datasetJSONVersion is ${version}; only 1.1 is read`, undefined, 'json.dataset-version');
  const cols = m.columns;
  if (!Array.isArray(cols) || cols.length === 0) fail(display, 'the columns list is missing or empty', undefined, 'json.dataset');
  cols.forEach((c, i) => {
    const col = c as Record<string, unknown>;
    if (col === null || typeof col !== 'object' || typeof col.name !== 'string' || col.name === '')
      fail(display, `columns[${i}] has no name`, undefined, 'json.dataset');
    if (typeof col.dataType !== 'string' || !DATA_TYPES.has(col.dataType))
      fail(display, `columns[${i}] (${col.name}) has dataType ${JSON.stringify(col.dataType)}; expected one of ${[...DATA_TYPES].join(', ')}`, undefined, 'json.dataset');
  });
  return m as DatasetJsonMeta;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * End (exclusive) of the JSON value starting at buf[i] (no leading blanks), or -1 when buf ends
 * before it does. Only used for metadata values, which are small.
 */
function valueEnd(buf: Buffer, i: number): number {
  const c = buf[i];
  if (c === QUOTE) return stringEnd(buf, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (let k = i; k < buf.length; k++) {
      const d = buf[k];
      if (d === QUOTE) {
        const e = stringEnd(buf, k);
        if (e < 0) return -1;
        k = e - 1;
      } else if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return k + 1;
      }
    }
    return -1;
  }
  let k = i;
  while (k < buf.length && !isSpace(buf[k]) && buf[k] !== 0x2c && buf[k] !== 0x7d && buf[k] !== 0x5d) k++;
  return k < buf.length ? k : -1;
}

/** End (exclusive, after the closing quote) of the string starting at buf[i], or -1. */
function stringEnd(buf: Buffer, i: number): number {
  for (let k = i + 1; k < buf.length; k++) {
    const d = buf[k];
    if (d === BACKSLASH) k++;
    else if (d === QUOTE) return k + 1;
  }
  return -1;
}

/**
 * Parses the rows array's row starting at buf[i] (`[`) into `out`; returns the end (after `]`), or
 * -1 when buf ends first. Throws on anything but scalars.
 */
function parseRow(buf: Buffer, i: number, out: JsonScalar[], display: string, at: number): number {
  out.length = 0;
  let k = i + 1;
  const n = buf.length;
  for (;;) {
    while (k < n && isSpace(buf[k])) k++;
    if (k >= n) return -1;
    let c = buf[k];
    if (c === 0x5d && out.length === 0) return k + 1;
    // one value
    if (c === QUOTE) {
      let e = k + 1;
      let escaped = false;
      while (e < n && buf[e] !== QUOTE) {
        if (buf[e] === BACKSLASH) {
          escaped = true;
          e++;
        }
        e++;
      }
      if (e >= n) return -1;
      out.push(escaped ? (JSON.parse(buf.toString('utf8', k, e + 1)) as string) : buf.toString('utf8', k + 1, e));
      k = e + 1;
    } else if (c === 0x6e || c === 0x74 || c === 0x66) {
      const word = c === 0x6e ? 'null' : c === 0x74 ? 'true' : 'false';
      if (k + word.length > n) return -1;
      if (buf.toString('latin1', k, k + word.length) !== word) fail(display, `a row holds an invalid value`, at + k);
      out.push(c === 0x6e ? null : c === 0x74);
      k += word.length;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let e = k + 1;
      while (e < n && ((buf[e] >= 0x30 && buf[e] <= 0x39) || buf[e] === 0x2e || buf[e] === 0x65 || buf[e] === 0x45 || buf[e] === 0x2b || buf[e] === 0x2d)) e++;
      if (e >= n) return -1;
      const v = Number(buf.toString('latin1', k, e));
      if (Number.isNaN(v)) fail(display, `a row holds an invalid number "${buf.toString('latin1', k, e)}"`, at + k);
      out.push(v);
      k = e;
    } else if (c === 0x5b || c === 0x7b) {
      fail(display, 'a row holds a nested array or object; Dataset-JSON rows hold only scalars', at + k);
    } else fail(display, `unexpected character "${String.fromCharCode(c)}" in a row`, at + k);
    while (k < n && isSpace(buf[k])) k++;
    if (k >= n) return -1;
    c = buf[k];
    if (c === 0x2c) {
      k++;
      continue;
    }
    if (c === 0x5d) return k + 1;
    fail(display, `expected "," or "]" in a row, found "${String.fromCharCode(c)}"`, at + k);
  }
}

export interface DatasetJsonScan {
  meta: DatasetJsonMeta;
  sha256: string;
  bytes: number;
  rows: number;
}

/**
 * Streams a Dataset-JSON (.json) file: `onMeta` once the metadata before `rows` is known (every key
 * other than rows must come first, as the standard orders them), then `onRow` for each row with its
 * 1-based number. Rows of the wrong length are reported by the caller, which knows what to do with them.
 */
export async function scanDatasetJson(
  path: string,
  display: string,
  onMeta: (meta: DatasetJsonMeta) => void,
  onRow: (values: JsonScalar[], row: number) => void,
): Promise<DatasetJsonScan> {
  let pending: Buffer = Buffer.alloc(0);
  let base = 0;
  const raw: Record<string, unknown> = {};
  let meta: DatasetJsonMeta | null = null;
  let state: 'start' | 'key' | 'colon' | 'value' | 'comma' | 'rows-open' | 'row' | 'row-sep' | 'end' = 'start';
  let key = '';
  let rows = 0;
  let rowsSeen = false;
  const values: JsonScalar[] = [];
  let first = true;

  const step = () => {
    let i = 0;
    const buf = pending;
    const n = buf.length;
    for (;;) {
      while (i < n && isSpace(buf[i])) i++;
      if (i >= n) break;
      const c = buf[i];
      if (state === 'start') {
        if (c !== 0x7b) fail(display, 'a Dataset-JSON file starts with "{"', base + i);
        i++;
        state = 'key';
      } else if (state === 'key') {
        if (c === 0x7d) {
          i++;
          state = 'end';
          continue;
        }
        if (c !== QUOTE) fail(display, 'expected a key in the top-level object', base + i);
        const e = stringEnd(buf, i);
        if (e < 0) break;
        key = JSON.parse(buf.toString('utf8', i, e)) as string;
        i = e;
        state = 'colon';
      } else if (state === 'colon') {
        if (c !== 0x3a) fail(display, `expected ":" after key ${key}`, base + i);
        i++;
        state = 'value';
      } else if (state === 'value') {
        if (key === 'rows') {
          if (c !== 0x5b) fail(display, 'rows must be an array', base + i);
          meta ??= checkDatasetJsonMeta(raw, display);
          onMeta(meta);
          rowsSeen = true;
          i++;
          state = 'rows-open';
          continue;
        }
        const e = valueEnd(buf, i);
        if (e < 0) break;
        try {
          raw[key] = JSON.parse(buf.toString('utf8', i, e));
        } catch {
          fail(display, `the value of ${key} is not valid JSON`, base + i);
        }
        i = e;
        state = 'comma';
      } else if (state === 'comma') {
        if (c === 0x2c) {
          i++;
          state = 'key';
        } else if (c === 0x7d) {
          i++;
          state = 'end';
        } else fail(display, 'expected "," or "}" in the top-level object', base + i);
      } else if (state === 'rows-open' || state === 'row') {
        if (c === 0x5d) {
          if (state === 'row') fail(display, 'a "," is followed by "]" in rows', base + i);
          i++;
          state = 'comma';
          continue;
        }
        if (c !== 0x5b) fail(display, `each row must be an array (row ${rows + 1})`, base + i);
        const e = parseRow(buf, i, values, display, base);
        if (e < 0) break;
        rows++;
        onRow(values, rows);
        i = e;
        state = 'row-sep';
      } else if (state === 'row-sep') {
        if (c === 0x2c) {
          i++;
          state = 'row';
        } else if (c === 0x5d) {
          i++;
          state = 'comma';
        } else fail(display, `expected "," or "]" after row ${rows}`, base + i);
      } else if (state === 'end') {
        fail(display, 'there is more after the top-level object', base + i);
      }
    }
    pending = i >= n ? Buffer.alloc(0) : Buffer.from(buf.subarray(i));
    base += i;
  };

  const { sha256, bytes } = await readFileChunks(path, display, (chunk) => {
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    step();
  });
  if (bytes === 0) throw new UserError({ file: display, rule: 'file.empty', message: 'the file is empty' });
  if ((state as string) !== 'end') fail(display, pending.length > 0 || (state as string) !== 'start' ? 'the file ends before its JSON is complete: it is truncated' : 'no JSON object', base);
  if (!rowsSeen) {
    meta = checkDatasetJsonMeta(raw, display);
    onMeta(meta);
  }
  return { meta: meta!, sha256, bytes, rows };
}

/**
 * Streams the NDJSON form: line 1 the metadata object, each further non-blank line one row array.
 * `onRow` receives the row's line number in the file.
 */
export async function scanDatasetNdjson(
  path: string,
  display: string,
  onMeta: (meta: DatasetJsonMeta) => void,
  onRow: (values: JsonScalar[], line: number) => void,
): Promise<DatasetJsonScan> {
  let pending = '';
  let line = 0;
  let meta: DatasetJsonMeta | null = null;
  let rows = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const handle = (text: string) => {
    line++;
    if (text.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new UserError({ file: display, line, rule: 'json.malformed', message: 'the line is not valid JSON' });
    }
    if (meta === null) {
      meta = checkDatasetJsonMeta(v, display);
      onMeta(meta);
      return;
    }
    if (!Array.isArray(v)) throw new UserError({ file: display, line, rule: 'json.malformed', message: 'each line after the first must be one row array' });
    if (v.some((x) => x !== null && typeof x === 'object'))
      throw new UserError({ file: display, line, rule: 'json.malformed', message: 'a row holds a nested array or object; Dataset-JSON rows hold only scalars' });
    rows++;
    onRow(v as JsonScalar[], line);
  };
  const { sha256, bytes } = await readFileChunks(path, display, (chunk) => {
    let text: string;
    try {
      text = pending + decoder.decode(chunk, { stream: true });
    } catch {
      throw new UserError({ file: display, line: line + 1, rule: 'encoding.invalid', message: 'the file is not valid UTF-8 (Dataset-JSON is always UTF-8)' });
    }
    let s = 0;
    for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', s)) {
      handle(text.slice(s, k));
      s = k + 1;
    }
    pending = text.slice(s);
  });
  if (bytes === 0) throw new UserError({ file: display, rule: 'file.empty', message: 'the file is empty' });
  if (pending.length) handle(pending);
  if (meta === null) throw new UserError({ file: display, rule: 'json.dataset', message: 'no metadata line' });
  return { meta, sha256, bytes, rows };
}

/** Whether bytes look like JSON text (first non-blank byte, after a BOM, is `{`). */
export function looksLikeJson(head: Uint8Array): boolean {
  let k = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (k < head.length && isSpace(head[k])) k++;
  return head[k] === 0x7b;
}
