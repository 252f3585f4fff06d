import { existsSync, statSync } from 'node:fs';
import { UserError } from '../errors.js';
import { readPlan } from './readPlan.js';
import type { Table } from './readTable.js';
import { readTables } from './readTables.js';
import { IMAGING, MRD, RESPONSE, SUBJECTS, THERAPY, TTE } from './schema.js';
import type { Plan } from './plan.js';

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
}

export interface Study {
  dir: string;
  plan: Plan;
  tables: StudyTables;
  inputs: InputFile[];
}

/** Reads the plan and every input file of a study folder (read only: nothing is written there). */
export async function readStudy(dir: string): Promise<Study> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserError({ file: dir, rule: 'study.missing', message: 'the study folder does not exist or is not a folder' });
  const { plan, file: planFile, sha256: planSha } = readPlan(dir);
  const subjectExtras = [...new Set([...plan.strata, ...plan.subgroups])];
  const read = await readTables(
    dir,
    [{ file: SUBJECTS.file, extraText: subjectExtras, extraRequired: true }, ...[MRD, RESPONSE, IMAGING, TTE, THERAPY].map((f) => ({ file: f.file }))],
    (file) => file === MRD.file,
  );
  const tables: StudyTables = {
    subjects: read.get(SUBJECTS.file)!,
    mrd: read.get(MRD.file)!,
    response: read.get(RESPONSE.file)!,
    imaging: read.get(IMAGING.file)!,
    tte: read.get(TTE.file)!,
    therapy: read.get(THERAPY.file)!,
  };
  const inputs: InputFile[] = [{ file: planFile, sha256: planSha, rows: 0 }];
  for (const t of Object.values(tables)) if (t.present) inputs.push({ file: t.file, sha256: t.sha256!, rows: t.rowsRead });
  return { dir, plan, tables, inputs };
}
