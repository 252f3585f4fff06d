import { isAbsolute, normalize } from 'node:path';
import { compileDateFormat } from './dateFormats.js';
import { encodingNamed, ENCODINGS } from './formats/textEncoding.js';
import type { Plan } from '../../model/plan.js';
import { FILES, type FileSpec, type TableName } from '../../model/schema.js';
import { SOURCE_FORMATS, type ColumnSource, type RowFilter, type SourceFormat, type SourceSpec } from './source.js';
import { checkKeys, readYamlFile, suggest, type Json, type Locator, type Path } from './yamlDocument.js';

/**
 * mapping.yaml: how a study's tables are read from files in other layouts (a central lab's transfer
 * file, a sponsor's export). For each of our tables it names the file and, where they differ from
 * ours, its columns, code lists, units and date formats; docs/inputs.md has the reference and a
 * worked example. Every error names the key and its line.
 */

export const MAPPING_FILES = ['mapping.yaml', 'mapping.yml'];

export interface MappingFile {
  file: string;
  sha256: string;
  tables: Partial<Record<TableName, SourceSpec>>;
}

/**
 * Units our numeric columns can be converted from, as powers of ten (exact decimal shifts): MRD levels
 * and LODs are fractions of nucleated cells; CELLS counts cells; DNANG is nanograms.
 */
export const UNITS: Record<string, Record<string, number>> = {
  MRDLEVEL: { fraction: 0, percent: -2, '%': -2, ppm: -6 },
  LOD: { fraction: 0, percent: -2, '%': -2, ppm: -6 },
  CELLS: { cells: 0, events: 0, thousands: 3, 'thousand cells': 3, millions: 6, 'million cells': 6 },
  CLONALEV: { cells: 0, events: 0 },
  DNANG: { ng: 0, ug: 3, 'µg': 3, 'μg': 3, mg: 6 },
};

const TABLE_KEYS = ['file', 'format', 'sheet', 'member', 'encoding', 'delimiter', 'decimal', 'dateFormat', 'where', 'columns'];
const COLUMN_KEYS = ['column', 'or', 'constant', 'values', 'unit', 'scale', 'dateFormat'];
const DELIMITERS: Record<string, string> = { ',': ',', ';': ';', '\t': '\t', tab: '\t', '|': '|', pipe: '|', comma: ',', semicolon: ';' };

function isMapping(v: Json | undefined): v is { [k: string]: Json } {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

function text(v: Json | undefined, path: Path, loc: Locator, what: string): string {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string' || v.trim() === '') loc.fail(path, 'mapping.type', `${path.join('.')} must be ${what}`, v);
  return v.trim();
}

/** Reads mapping.yaml (or mapping.yml) of a study folder; null when there is none. */
export function readMapping(dir: string, plan: Plan, present: (file: string) => boolean): MappingFile | null {
  const found = MAPPING_FILES.filter(present);
  if (found.length === 0) return null;
  const file = found[0];
  const doc = readYamlFile(dir, file);
  const raw: Json = doc.raw;
  const loc: Locator = doc.loc;
  const sha256 = doc.sha256;
  if (!isMapping(raw)) loc.fail([], 'mapping.type', 'the mapping must be a mapping with the key tables');
  checkKeys(raw, ['tables'], [], loc);
  const tables = raw.tables;
  if (!isMapping(tables)) loc.fail(['tables'], 'mapping.type', 'tables must map table names (subjects, mrd, response, imaging, tte, therapy) to their sources', tables);
  const names = FILES.map((f) => f.table);
  const out: MappingFile['tables'] = {};
  for (const [name, entry] of Object.entries(tables)) {
    const spec = FILES.find((f) => f.table === name);
    if (spec === undefined) loc.fail(['tables', name], 'mapping.unknown-table', `unknown table ${name}${suggest(name, names)}; tables: ${names.join(', ')}`);
    out[spec.table] = readTableSource(entry as Json, ['tables', name], spec, plan, loc);
  }
  return { file, sha256, tables: out };
}

function readTableSource(entry: Json, path: Path, spec: FileSpec, plan: Plan, loc: Locator): SourceSpec {
  const filePath = typeof entry === 'string' ? path : [...path, 'file'];
  if (typeof entry === 'string') entry = { file: entry };
  if (!isMapping(entry)) loc.fail(path, 'mapping.type', `${path.join('.')} must be a file name or a mapping with file, columns, ...`, entry);
  checkKeys(entry, TABLE_KEYS, path, loc);
  const file = text(entry.file, filePath, loc, 'the name of a file in the study folder');
  const norm = normalize(file);
  if (isAbsolute(file) || norm.startsWith('..')) loc.fail(filePath, 'mapping.file', 'the file must be inside the study folder (a relative path)', file);
  const source: SourceSpec = { file: norm, columns: {}, where: [], origin: 'mapping' };
  if (entry.format !== undefined) {
    const f = text(entry.format, [...path, 'format'], loc, `one of ${SOURCE_FORMATS.join(', ')}`).toLowerCase();
    if (!SOURCE_FORMATS.includes(f as SourceFormat)) loc.fail([...path, 'format'], 'mapping.allowed', `format must be one of ${SOURCE_FORMATS.join(', ')}`, f);
    source.format = f as SourceFormat;
  }
  if (entry.sheet !== undefined) source.sheet = text(entry.sheet, [...path, 'sheet'], loc, 'a sheet name');
  if (entry.member !== undefined) source.member = text(entry.member, [...path, 'member'], loc, 'a data set name');
  if (entry.encoding !== undefined) {
    const e = encodingNamed(text(entry.encoding, [...path, 'encoding'], loc, 'an encoding'));
    if (e === null) loc.fail([...path, 'encoding'], 'mapping.allowed', `encoding must be one of ${ENCODINGS.join(', ')} (GBK and GB2312 are read as GB18030)`, entry.encoding);
    source.encoding = e;
  }
  if (entry.delimiter !== undefined) {
    const raw = typeof entry.delimiter === 'string' ? entry.delimiter : '';
    const d = DELIMITERS[raw] ?? DELIMITERS[raw.trim().toLowerCase()];
    if (d === undefined) loc.fail([...path, 'delimiter'], 'mapping.allowed', 'delimiter must be ",", ";", "|" or tab', entry.delimiter);
    source.delimiter = d;
  }
  if (entry.decimal !== undefined) {
    if (entry.decimal !== '.' && entry.decimal !== ',') loc.fail([...path, 'decimal'], 'mapping.allowed', 'decimal must be "." or ","', entry.decimal);
    if (entry.decimal === ',' && source.delimiter === ',') loc.fail([...path, 'decimal'], 'mapping.allowed', 'a decimal comma needs another delimiter (delimiter: ";")', entry.decimal);
    source.decimal = entry.decimal;
  }
  if (entry.dateFormat !== undefined) source.dateFormat = dateFormat(entry.dateFormat, [...path, 'dateFormat'], loc);
  if (entry.where !== undefined) source.where = readWhere(entry.where, [...path, 'where'], loc);
  if (entry.columns !== undefined) {
    if (!isMapping(entry.columns)) loc.fail([...path, 'columns'], 'mapping.type', 'columns must map our column names to source columns', entry.columns);
    const ours = [...spec.columns.map((c) => c.name), ...(spec.table === 'subjects' ? [...plan.strata, ...plan.subgroups] : [])];
    for (const [name, value] of Object.entries(entry.columns)) {
      const key = name.toUpperCase();
      const cp = [...path, 'columns', name];
      const col = spec.columns.find((c) => c.name === key);
      if (!ours.includes(key)) loc.fail(cp, 'mapping.unknown-column', `${spec.table} has no column ${name}${suggest(name, ours)}; its columns: ${ours.join(', ')}`);
      source.columns[key] = readColumnSource(value, cp, key, col, loc);
    }
  }
  return source;
}

function dateFormat(v: Json, path: Path, loc: Locator): string {
  const f = text(v, path, loc, 'a date format such as DD/MM/YYYY, DDMMMYYYY, ISO8601 or EXCEL');
  const compiled = compileDateFormat(f);
  if (typeof compiled === 'string') loc.fail(path, 'mapping.date-format', compiled, f);
  return f;
}

function readWhere(v: Json, path: Path, loc: Locator): RowFilter[] {
  if (!isMapping(v)) loc.fail(path, 'mapping.type', 'where must map a source column to the value (or list of values) of the rows to read', v);
  return Object.entries(v).map(([column, values]) => {
    const list = Array.isArray(values) ? values : [values];
    if (list.length === 0) loc.fail([...path, column], 'mapping.type', 'where needs at least one value', values);
    return { column: column.trim().toUpperCase(), values: list.map((x, i) => text(x, [...path, column, i], loc, 'a value').toUpperCase()) };
  });
}

function readColumnSource(v: Json, path: Path, ours: string, col: FileSpec['columns'][number] | undefined, loc: Locator): ColumnSource {
  if (typeof v === 'string' || typeof v === 'number') return { column: String(v).trim().toUpperCase() };
  if (v === null) return { column: null };
  if (!isMapping(v)) loc.fail(path, 'mapping.type', `${ours} must be a source column name or a mapping {column, values, unit, dateFormat, constant}`, v);
  checkKeys(v, COLUMN_KEYS, path, loc);
  const out: ColumnSource = { column: null };
  if (v.column !== undefined && v.constant !== undefined) loc.fail(path, 'mapping.type', `${ours} takes either column or constant, not both`);
  if (v.column !== undefined) out.column = text(v.column, [...path, 'column'], loc, 'a source column name').toUpperCase();
  else if (v.constant === undefined) out.column = ours;
  if (v.or !== undefined) {
    const list = Array.isArray(v.or) ? v.or : [v.or];
    out.or = list.map((x, i) => text(x, [...path, 'or', i], loc, 'a source column name').toUpperCase());
  }
  if (v.constant !== undefined) out.constant = text(v.constant, [...path, 'constant'], loc, 'a value');
  if (v.values !== undefined) {
    if (!isMapping(v.values)) loc.fail([...path, 'values'], 'mapping.type', 'values must map source values to ours, e.g. {Not detected: NEGATIVE}', v.values);
    const codes = new Map<string, string>();
    for (const [from, to] of Object.entries(v.values)) {
      // an empty target ("" or null) maps the value to an empty cell
      const target = to === null || to === '' ? '' : text(to, [...path, 'values', from], loc, 'a value');
      if (target !== '' && col?.type === 'enum' && !col.values!.some((c) => c.toUpperCase() === target.toUpperCase()))
        loc.fail([...path, 'values', from], 'mapping.allowed', `${ours} values must be one of ${col.values!.join(', ')}`, target);
      if (target !== '' && col?.type === 'yn' && !['Y', 'N', 'YES', 'NO'].includes(target.toUpperCase()))
        loc.fail([...path, 'values', from], 'mapping.allowed', `${ours} values must be Y or N`, target);
      codes.set(from.trim().toUpperCase(), target);
    }
    out.values = codes;
  }
  if (v.unit !== undefined) {
    const units = UNITS[ours];
    const unit = text(v.unit, [...path, 'unit'], loc, 'a unit');
    const scale = units?.[unit] ?? units?.[unit.toLowerCase()];
    if (scale === undefined)
      loc.fail([...path, 'unit'], 'mapping.unit', units ? `${ours} units are ${Object.keys(units).join(', ')}` : `${ours} takes no unit (use scale: a power of ten)`, unit);
    out.scale = scale;
  }
  if (v.scale !== undefined) {
    if (typeof v.scale !== 'number' || !Number.isInteger(v.scale) || Math.abs(v.scale) > 12) loc.fail([...path, 'scale'], 'mapping.type', 'scale must be a whole power of ten between -12 and 12', v.scale);
    if (col?.type !== 'number') loc.fail([...path, 'scale'], 'mapping.type', `${ours} is not a numeric column`);
    out.scale = (out.scale ?? 0) + v.scale;
  }
  if (v.dateFormat !== undefined) {
    if (col?.type !== 'date' && col?.type !== 'datetime') loc.fail([...path, 'dateFormat'], 'mapping.type', `${ours} is not a date column`);
    out.dateFormat = dateFormat(v.dateFormat, [...path, 'dateFormat'], loc);
  }
  return out;
}
