import type { Problem } from './errors.js';
import { readStudy, type InputFile, type StudyTables } from './ingest/readStudy.js';
import type { Plan } from './ingest/plan.js';
import type { ResponseCategory } from './ingest/schema.js';
import { checkReferences } from './validate/checkReferences.js';
import { deriveSubjects, type Subjects } from './derive/deriveSubjects.js';
import { deriveSampleSensitivity, type SampleSensitivity } from './derive/deriveSampleSensitivity.js';
import { deriveSampleEligibility } from './derive/deriveSampleEligibility.js';
import { deriveSampleStatus, type SampleStatus } from './derive/deriveSampleStatus.js';
import { deriveBestResponse, isCrOrBetter } from './derive/deriveBestResponse.js';
import { deriveSubjectMrdStatus, type SubjectMrdStatus } from './derive/deriveSubjectMrdStatus.js';
import { analyseMrdRates, type MrdRate } from '../analyses/mrdRates.js';
import { UserError } from './errors.js';

export interface Accounting {
  file: string;
  rowsRead: number;
  rowsUsed: number;
  rowsRejected: number;
}

/** Everything one `mrd run` derives and computes, before any formatting. */
export interface Analysis {
  plan: Plan;
  inputs: InputFile[];
  tables: StudyTables;
  accounting: Accounting[];
  rejected: Problem[];
  subjects: Subjects;
  sensitivity: SampleSensitivity;
  exclusion: (string | null)[];
  sampleStatus: SampleStatus[];
  bestResponse: (ResponseCategory | null)[];
  subjectMrd: SubjectMrdStatus[];
  mrdRates: MrdRate[];
}

/** read → validate → derive → analyse, for one study folder. */
export async function analyseStudy(dir: string): Promise<Analysis> {
  const study = await readStudy(dir);
  const { plan } = study;
  if (plan.mrd.combine !== 'primary-only' && plan.mrd.combine !== 'either-negative') {
    throw new UserError({
      file: study.inputs[0].file,
      column: 'mrd.combine',
      value: plan.mrd.combine,
      rule: 'plan.unsupported',
      message: 'this version derives MRD status with mrd.combine primary-only or either-negative; both-negative and primary-then-secondary pair NGF and NGS assessments and are not available yet',
    });
  }
  const tables = checkReferences(study);
  const accounting: Accounting[] = Object.values(tables)
    .filter((t) => t.present)
    .map((t) => ({ file: t.file, rowsRead: t.rowsRead, rowsUsed: t.n, rowsRejected: t.rejected.length }));
  for (const a of accounting) {
    if (a.rowsUsed + a.rowsRejected !== a.rowsRead) throw new Error(`row accounting broken for ${a.file}: ${JSON.stringify(a)}`);
  }
  const rejected = Object.values(tables).flatMap((t) => t.rejected);

  const subjects = deriveSubjects(tables, plan);
  const sensitivity = deriveSampleSensitivity(tables.mrd, plan);
  const exclusion = deriveSampleEligibility(tables.mrd, subjects, plan);
  const sampleStatus = plan.mrd.thresholds.map((t) => deriveSampleStatus(tables.mrd, sensitivity.lod, exclusion, t, plan));
  const bestResponse = deriveBestResponse(tables.response, subjects, plan);
  const subjectMrd = sampleStatus.map((s) => deriveSubjectMrdStatus(tables.mrd, s, subjects));
  const crOrBetter = Uint8Array.from(bestResponse, (c) => (isCrOrBetter(c) ? 1 : 0));
  const mrdRates = analyseMrdRates({ arm: subjects.arm, itt: subjects.itt, crOrBetter, byThreshold: subjectMrd }, plan);

  return { plan, inputs: study.inputs, tables, accounting, rejected, subjects, sensitivity, exclusion, sampleStatus, bestResponse, subjectMrd, mrdRates };
}
