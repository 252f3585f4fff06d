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
  /** one array per column: strings (dates as YYYY-MM-DD), numbers, booleans or null */
  values: ArrayLike<string | number | boolean | null>[];
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
  const lines: string[] = [];
  for (let i = 0; i < ds.rows; i++) {
    const parts: string[] = new Array(ds.columns.length);
    for (let j = 0; j < ds.columns.length; j++) parts[j] = cell(ds.values[j][i]);
    lines.push(`[${parts.join(',')}]`);
  }
  const meta1 = JSON.stringify(head);
  return `${meta1.slice(0, -1)},"rows":[\n${lines.join(',\n')}\n]}\n`;
}
