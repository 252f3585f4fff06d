/**
 * Writes CDISC Dataset-JSON v1.1: the metadata (`datasetJSONVersion`, `name`, `label`, `records`,
 * `columns`) then `rows`, one row per line so that a reader can stream it. Dates go out as ISO 8601
 * text with dataType `date` and targetDataType `integer` (a SAS date once loaded), as the standard
 * prescribes; numbers as JSON numbers (shortest round-trip form, so they read back exactly); missing
 * values as null. The creation time is a parameter, for byte-identical files.
 */

export interface DatasetJsonColumnOut {
  name: string;
  label: string;
  dataType: 'string' | 'integer' | 'double' | 'decimal' | 'date' | 'datetime' | 'boolean';
  targetDataType?: 'integer' | 'decimal';
  length?: number;
  displayFormat?: string;
  keySequence?: number;
}

export interface DatasetJsonOut {
  name: string;
  label: string;
  columns: DatasetJsonColumnOut[];
  /** one column each, anything with `at(i)`: strings (dates as YYYY-MM-DD), numbers, booleans or null */
  values: { at(i: number): string | number | boolean | null | undefined }[];
  rows: number;
}

export interface DatasetJsonFileMeta {
  /** ISO 8601 date-time of creation */
  created: string;
  originator?: string;
  sourceSystem?: { name: string; version: string };
  studyOID?: string;
  metaDataVersionOID?: string;
  metaDataRef?: string;
}

function cell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return 'null';
  return JSON.stringify(v);
}

/** The Dataset-JSON text of one data set. */
export function writeDatasetJson(ds: DatasetJsonOut, meta: DatasetJsonFileMeta): string {
  return [...datasetJsonChunks(ds, meta)].join('');
}

/** The same text in consecutive pieces (metadata, then blocks of rows), for data sets of millions of rows. */
export function* datasetJsonChunks(ds: DatasetJsonOut, meta: DatasetJsonFileMeta): Generator<string> {
  const head: Record<string, unknown> = {
    datasetJSONCreationDateTime: meta.created,
    datasetJSONVersion: '1.1.0',
    ...(meta.originator ? { originator: meta.originator } : {}),
    ...(meta.sourceSystem ? { sourceSystem: meta.sourceSystem } : {}),
    ...(meta.studyOID ? { studyOID: meta.studyOID } : {}),
    ...(meta.metaDataVersionOID ? { metaDataVersionOID: meta.metaDataVersionOID } : {}),
    ...(meta.metaDataRef ? { metaDataRef: meta.metaDataRef } : {}),
    itemGroupOID: `IG.${ds.name}`,
    records: ds.rows,
    name: ds.name,
    label: ds.label,
    columns: ds.columns.map((c) => ({ itemOID: `IT.${ds.name}.${c.name}`, ...c })),
  };
  const meta1 = JSON.stringify(head);
  yield `${meta1.slice(0, -1)},"rows":[\n`;
  const width = ds.columns.length;
  for (let i0 = 0; i0 < ds.rows; i0 += 4096) {
    const i1 = Math.min(ds.rows, i0 + 4096);
    const lines: string[] = [];
    for (let i = i0; i < i1; i++) {
      const parts: string[] = new Array(width);
      for (let j = 0; j < width; j++) parts[j] = cell(ds.values[j].at(i));
      lines.push(`[${parts.join(',')}]`);
    }
    yield (i0 === 0 ? '' : ',\n') + lines.join(',\n');
  }
  yield '\n]}\n';
}
