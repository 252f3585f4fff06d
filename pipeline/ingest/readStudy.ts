import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { readPlan } from './readPlan.js';
import type { Table } from './table.js';
import { filesBytes, readTables } from './readTables.js';
import { FILES, MRD, type TableName } from '../../model/schema.js';
import type { Plan } from '../../model/plan.js';
import { readMapping } from './readMapping.js';
import { locateSources } from './locateSources.js';
import type { SourceFormat, SourceSpec } from './source.js';

export interface StudyTables {
  subjects: Table;
  mrd: Table;
  response: Table;
  imaging: Table;
  tte: Table;
  therapy: Table;
}

export interface InputFile {
  file: string;
  sha256: string;
  rows: number;
  /** the table read from it (absent for the plan and the mapping) */
  table?: TableName;
  /** csv, xpt, json, ndjson, xlsx; yaml for the plan and the mapping */
  format?: SourceFormat | 'yaml';
  /** how its columns were named: our own, the ADaM layout, or mapping.yaml */
  layout?: SourceSpec['origin'];
}

export interface Study {
  dir: string;
  plan: Plan;
  tables: StudyTables;
  inputs: InputFile[];
  /** where each table was read from */
  sources: Record<TableName, SourceSpec>;
}

/**
 * Reads the plan, mapping.yaml when there is one, and every input table of a study folder, each from
 * the source locateSources picks (read only: nothing is written there). `onPlan` is called once the
 * plan is read and the sources located, before the data files are read, with their size in bytes.
 */
export async function readStudy(dir: string, onPlan?: (plan: Plan, dataBytes: number) => void): Promise<Study> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserError({ file: dir, rule: 'study.missing', message: 'the study folder does not exist or is not a folder' });
  const { plan, file: planFile, sha256: planSha } = readPlan(dir);
  const mapping = readMapping(dir, plan, (f) => existsSync(join(dir, f)));
  const sources = locateSources(dir, plan, mapping);
  onPlan?.(plan, filesBytes(dir, [...new Set(Object.values(sources).map((s) => s.file))]));
  const subjectExtras = [...new Set([...plan.strata, ...plan.subgroups])];
  const read = await readTables(
    dir,
    FILES.map((f) => ({ file: f.file, source: sources[f.table], ...(f.table === 'subjects' ? { extraText: subjectExtras, extraRequired: true } : {}) })),
    (file) => file === MRD.file,
  );
  const table = (t: TableName) => read.get(FILES.find((f) => f.table === t)!.file)!;
  const tables: StudyTables = {
    subjects: table('subjects'),
    mrd: table('mrd'),
    response: table('response'),
    imaging: table('imaging'),
    tte: table('tte'),
    therapy: table('therapy'),
  };
  const inputs: InputFile[] = [{ file: planFile, sha256: planSha, rows: 0, format: 'yaml' }];
  if (mapping !== null) inputs.push({ file: mapping.file, sha256: mapping.sha256, rows: 0, format: 'yaml' });
  for (const spec of FILES) {
    const t = tables[spec.table];
    if (t.present) inputs.push({ file: t.file, sha256: t.sha256!, rows: t.rowsRead, table: spec.table, format: t.format ?? 'csv', layout: sources[spec.table].origin });
  }
  return { dir, plan, tables, inputs, sources };
}
