import { formatDay, SAS_EPOCH_DAY } from '../../pipeline/ingest/dates.js';
import { longestText, type AdamDataset, type AdamValues } from '../adam/adamDataset.js';
import { csvCell } from './csv.js';
import { datasetJsonChunks, type DatasetJsonColumnOut } from './datasetJsonWriter.js';
import { xportChunks, type XportColumn, type XportDataset } from './xportWriter.js';

/** Rows per block of text output. */
const BLOCK = 4096;

/** The byte length of every text variable (the longest value, at least 1), by name: XPT, Dataset-JSON and define.xml share it. */
export function variableLengths(ds: AdamDataset): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of ds.variables) {
    if (v.type === 'text') out.set(v.name, v.length ?? longestText(v.values, ds.rows));
    else out.set(v.name, 8);
  }
  return out;
}

/** Day numbers repeat across rows: ISO text of each once (bounded). */
function dayTextCache(): (day: number) => string {
  const cache = new Map<number, string>();
  return (day) => {
    let t = cache.get(day);
    if (t === undefined) {
      t = formatDay(day);
      if (cache.size < 200_000) cache.set(day, t);
    }
    return t;
  };
}

/** The data set as SAS transport version 5 (dates as SAS day numbers with their DATE9. format). */
export function adamXport(ds: AdamDataset, lengths: Map<string, number>, created: Date): Iterable<Buffer> {
  const columns: XportColumn[] = ds.variables.map((v) => ({
    name: v.name,
    label: v.label,
    type: v.type === 'text' ? 'char' : 'num',
    ...(v.type === 'text' ? { length: lengths.get(v.name)! } : {}),
    ...(v.format ? { format: v.format } : {}),
  }));
  const values = ds.variables.map((v): XportDataset['values'][number] => {
    const x = v.values;
    switch (x.kind) {
      case 'coded':
        return { dict: x.dict, code: x.code };
      case 'text':
        return x.raw ? { raw: x.raw } : { at: x.at };
      case 'num':
        return { num: x.at };
      case 'date':
        return { num: (i: number) => x.at(i) - SAS_EPOCH_DAY };
    }
  });
  return xportChunks({ name: ds.name, label: ds.label, columns, values, rows: ds.rows }, created);
}

const JSON_TYPE = { text: 'string', integer: 'integer', float: 'double', date: 'date' } as const;

/** The data set as CDISC Dataset-JSON 1.1 (dates as ISO 8601 text, targetDataType integer). */
export function adamDatasetJson(ds: AdamDataset, lengths: Map<string, number>, meta: { created: string; studyOID: string; version: string }): Iterable<string> {
  const columns: DatasetJsonColumnOut[] = ds.variables.map((v) => {
    const key = ds.keys.indexOf(v.name);
    return {
      name: v.name,
      label: v.label,
      dataType: JSON_TYPE[v.type],
      ...(v.type === 'date' ? { targetDataType: 'integer' as const } : {}),
      ...(v.type === 'text' ? { length: lengths.get(v.name)! } : {}),
      ...(v.format ? { displayFormat: v.format } : {}),
      ...(key >= 0 ? { keySequence: key + 1 } : {}),
    };
  });
  const values = ds.variables.map((v) => jsonCells(v.values));
  return datasetJsonChunks(
    { name: ds.name, label: ds.label, columns, values, rows: ds.rows },
    { created: meta.created, originator: 'mrd-pipeline', sourceSystem: { name: 'mrd-pipeline', version: meta.version }, studyOID: meta.studyOID, metaDataVersionOID: 'MDV.MRD', metaDataRef: 'define.xml' },
  );
}

function jsonCells(x: AdamValues): { at(i: number): string | number | null } {
  switch (x.kind) {
    case 'coded':
      return { at: (i) => x.dict[x.code(i)] ?? null };
    case 'text':
      return { at: x.at };
    case 'num':
      return { at: (i) => { const v = x.at(i); return Number.isFinite(v) ? v : null; } };
    case 'date': {
      const text = dayTextCache();
      return { at: (i) => { const d = x.at(i); return Number.isFinite(d) ? text(d) : null; } };
    }
  }
}

/** The cell text of a variable at row i for CSV (formula-neutralised, quoted where needed; empty when missing). */
function csvCells(x: AdamValues): (i: number) => string {
  switch (x.kind) {
    case 'coded': {
      const cells = x.dict.map((v) => (v === null ? '' : csvCell(v)));
      return (i) => cells[x.code(i)];
    }
    case 'text':
      return (i) => { const v = x.at(i); return v ? csvCell(v) : ''; };
    case 'num':
      return (i) => { const v = x.at(i); return Number.isFinite(v) ? String(v) : ''; };
    case 'date': {
      const text = dayTextCache();
      return (i) => { const d = x.at(i); return Number.isFinite(d) ? text(d) : ''; };
    }
  }
}

/** The data set as CSV (UTF-8 with BOM, CRLF, variable names as the header, ISO dates, numbers in shortest round-trip form). */
export function* adamCsv(ds: AdamDataset): Generator<string> {
  const cells = ds.variables.map((v) => csvCells(v.values));
  yield '\uFEFF' + ds.variables.map((v) => v.name).join(',') + '\r\n';
  const width = cells.length;
  for (let i0 = 0; i0 < ds.rows; i0 += BLOCK) {
    const i1 = Math.min(ds.rows, i0 + BLOCK);
    let block = '';
    for (let i = i0; i < i1; i++) {
      let line = cells[0](i);
      for (let j = 1; j < width; j++) line += ',' + cells[j](i);
      block += line + '\r\n';
    }
    yield block;
  }
}
