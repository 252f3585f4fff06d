import { readStudy, type InputFile, type StudyTables } from '../ingest/readStudy.js';
import type { Plan } from '../../model/plan.js';
import { accountRows, type Accounting } from '../ingest/table.js';
import { deriveSubjects } from '../derive/deriveSubjects.js';
import { deriveSampleSensitivity } from '../derive/deriveSampleSensitivity.js';
import { deriveSampleEligibility } from '../derive/deriveSampleEligibility.js';
import { deriveSampleStatus } from '../derive/deriveSampleStatus.js';
import { deriveBestResponse } from '../derive/deriveBestResponse.js';
import { deriveAssessmentFrame, deriveAssessmentStatus } from '../derive/deriveMrdAssessments.js';
import { deriveSubjectMrdStatus } from '../derive/deriveSubjectMrdStatus.js';
import { checkReferences } from './checkReferences.js';
import { rejectedRowIssues } from './rejectedRows.js';
import { checkIdCase } from './checkIdCase.js';
import { checkDates } from './checkDates.js';
import { checkMrdQuality, sensitivitySummary, type LodSourceRow, type SensitivityRow } from './checkMrdQuality.js';
import { checkCompleteness } from './checkCompleteness.js';
import { failureRates, turnaroundByLab, type FailureRateRow, type TurnaroundRow } from './labMetrics.js';
import { compareIssues, countBySeverity, summariseIssues, type Issue, type RuleCount, type Severity } from './issues.js';

/** Everything `mrd validate` finds in one study folder, before any formatting. */
export interface Validation {
  plan: Plan;
  inputs: InputFile[];
  accounting: Accounting[];
  /** every issue, in report order (file, line, rule) */
  issues: Issue[];
  /** one entry per rule that occurred */
  summary: RuleCount[];
  counts: Record<Severity, number>;
  subjects: number;
  samples: number;
  sensitivity: SensitivityRow[];
  lodSources: LodSourceRow[];
  turnaround: TurnaroundRow[];
  failureRates: FailureRateRow[];
}

/**
 * Reads a study folder and checks every row of every input file: reading and cross-file rules (the
 * same as `mrd run`, via readTable and checkReferences), date order, MRD quality, completeness of the
 * expected assessments; and computes the lab metrics (sensitivity reached, turnaround, failure rates).
 * A study that cannot be read at all (missing required file or column, unreadable plan) throws the
 * UserError of readStudy.
 */
export async function validateStudy(dir: string): Promise<Validation> {
  const study = await readStudy(dir);
  const { plan } = study;
  const tables: StudyTables = checkReferences(study);
  const accounting: Accounting[] = accountRows(Object.values(tables));

  const subjects = deriveSubjects(tables, plan);
  const sens = deriveSampleSensitivity(tables.mrd, plan);
  const exclusion = deriveSampleEligibility(tables.mrd, subjects, plan);
  const sampleStatus = deriveSampleStatus(tables.mrd, sens.lod, exclusion, plan.mrd.primaryThreshold, plan);
  const bestResponse = deriveBestResponse(tables.response, subjects, plan);
  const frame = deriveAssessmentFrame(tables.mrd, exclusion, subjects, plan);
  const assessments = deriveAssessmentStatus(frame, sampleStatus, plan);
  const subjectMrd = deriveSubjectMrdStatus(assessments, subjects.n);

  const issues = [
    ...rejectedRowIssues(tables),
    ...checkDates(tables, subjects, plan),
    ...checkIdCase(tables),
    ...checkMrdQuality(tables, subjects, sens, plan),
    ...checkCompleteness({ tables, subjects, plan, exclusion, assessments, subjectMrd, bestResponse }),
  ].sort(compareIssues);

  const { sensitivity, lodSources } = sensitivitySummary(tables.mrd, sens, plan);
  return {
    plan,
    inputs: study.inputs,
    accounting,
    issues,
    summary: summariseIssues(issues),
    counts: countBySeverity(issues),
    subjects: subjects.n,
    samples: tables.mrd.n,
    sensitivity,
    lodSources,
    turnaround: turnaroundByLab(tables),
    failureRates: failureRates(tables, subjects, plan),
  };
}
