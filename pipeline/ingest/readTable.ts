import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, type Problem } from '../errors.js';
import { scanCsv } from './readCsv.js';
import { parseIsoDate, parseIsoDateTime } from './dates.js';
import type { ColumnSpec, FileSpec } from './schema.js';

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
  text: Record<string, (string | null)[]>;
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

/** Distinct values kept per text column for interning. */
const MAX_INTERNED = 1 << 21;
/** After this many rows, a column whose values are mostly distinct (SAMPLEID) stops being interned. */
const INTERN_PROBE_ROWS = 1 << 16;

/** A Float64Array that grows by doubling, so numeric columns are never held as boxed JS arrays. */
class GrowableColumn {
  private data = new Float64Array(1024);
  private length = 0;
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
  const text: Record<string, (string | null)[]> = {};
  const num: Record<string, Float64Array> = {};
  for (const c of columns) {
    if (isText(c)) text[c.name] = [];
    else num[c.name] = new Float64Array(0);
  }
  return { file: spec.file, present: false, n: 0, line: new Int32Array(0), text, num, header: [], sha256: null, rowsRead: 0, rejected: [] };
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

  const text: Record<string, (string | null)[]> = {};
  const nums: Record<string, GrowableColumn> = {};
  for (const c of columns) {
    if (isText(c)) text[c.name] = [];
    else nums[c.name] = new GrowableColumn();
  }
  const lines: number[] = [];
  const rejected: Problem[] = [];
  let rowsRead = 0;
  let index: number[] | null = null as number[] | null;
  let header: string[] = [];

  const upperExtra = extraText.map((n) => n.toUpperCase());
  const onHeader = (h: string[]) => {
    header = h.map((x) => x.trim().toUpperCase());
    checkHeader(spec, columns, header, upperExtra, extraRequired);
    index = columns.map((c) => header.indexOf(c.name));
  };
  const convert = columns.map(compileConverter);
  const textSinks: ((string | null)[] | null)[] = columns.map((c) => (isText(c) ? text[c.name] : null));
  const numSinks: (GrowableColumn | null)[] = columns.map((c) => (isText(c) ? null : nums[c.name]));
  // Identifiers and codes repeat (USUBJID on every sample of a subject, LAB, VISIT): keep one string
  // per distinct value, so 8 million rows hold about a million strings, not 30 million.
  const interned = columns.map((c) => (c.type === 'string' ? new Map<string, string>() : null));
  const scratch: (string | number | null)[] = new Array(columns.length);
  const scan = await scanCsv(path, spec.file, onHeader, (rec) => {
    if (index === null) return;
    rowsRead++;
    const f = rec.fields;
    if (f.length !== header.length && !(f.length > header.length && f.slice(header.length).every((x) => x.trim() === ''))) {
      rejected.push({
        file: spec.file,
        line: rec.line,
        rule: 'csv.column-count',
        message: `the row has ${f.length} fields but the header has ${header.length}`,
      });
      return;
    }
    for (let j = 0; j < columns.length; j++) {
      const at = index[j];
      const raw = at < 0 ? '' : (f[at] ?? '');
      const v = convert[j](raw);
      if (v === FAIL) {
        rejected.push({ file: spec.file, line: rec.line, column: columns[j].name, value: raw, rule: failure.rule, message: failure.message });
        return;
      }
      scratch[j] = v;
    }
    for (let j = 0; j < columns.length; j++) {
      const v = scratch[j];
      const numSink = numSinks[j];
      if (numSink !== null) {
        numSink.push(v === null ? Number.NaN : (v as number));
        continue;
      }
      const pool = interned[j];
      if (pool !== null && v !== null) {
        let u = pool.get(v as string);
        if (u === undefined) {
          u = v as string;
          if (pool.size < MAX_INTERNED) pool.set(u, u);
        }
        textSinks[j]!.push(u);
      } else {
        textSinks[j]!.push(v as string | null);
      }
    }
    lines.push(rec.line);
    if (lines.length === INTERN_PROBE_ROWS) {
      interned.forEach((pool, j) => {
        if (pool !== null && pool.size > INTERN_PROBE_ROWS / 2) interned[j] = null;
      });
    }
  });

  const num: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(nums)) num[k] = v.values();
  return {
    file: spec.file,
    present: true,
    n: lines.length,
    line: Int32Array.from(lines),
    text,
    num,
    header,
    sha256: scan.sha256,
    rowsRead: rowsRead + scan.malformed.length,
    rejected: [...scan.malformed, ...rejected].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
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
