import type { Analysis } from '../../pipeline/analyse.js';
import { constantText, textColumnValues, type AdamValues, type AdamVariable } from './adamDataset.js';

const YN = { name: 'NY', items: [{ coded: 'Y', decode: 'Yes' }, { coded: 'N', decode: 'No' }] };
/** the code list of every Y/N flag */
export const NY_CODELIST = YN;
const NY_DICT = ['N', 'Y'];

/** A Y/N flag variable from 0/1 per row. */
export function flagValues(flag: (i: number) => number): AdamValues {
  return { kind: 'coded', dict: NY_DICT, code: flag };
}

/** A SAS V5 variable name: at most 8 letters, digits or _, not starting with a digit. */
export function isV5Name(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,7}$/.test(name);
}

/**
 * The name each randomisation stratification factor gets in the data sets: its own name when it is a
 * valid SAS V5 name not already used by the data set, else STRATwR (ADaM IG 1.3: stratification
 * factor w as randomised).
 */
export function strataNames(a: Analysis, reserved: ReadonlySet<string>): { column: string; name: string }[] {
  return a.plan.strata.map((column, w) => {
    const upper = column.toUpperCase();
    return { column, name: isV5Name(column) && !reserved.has(upper) ? upper : `STRAT${w + 1}R` };
  });
}

/**
 * The subject-level variables that lead every data set (ADaM IG: identifiers and the ADSL variables
 * needed for the analysis): STUDYID, USUBJID, the randomised arm as code, text and number, the ITT flag
 * and the stratification factors. `subjectOfRow` gives the subject position of row i.
 */
export function subjectVariables(a: Analysis, subjectOfRow: (i: number) => number, reserved: ReadonlySet<string>): AdamVariable[] {
  const s = a.subjects;
  const file = a.tables.subjects.file;
  const armLabels = a.plan.arms.map((x) => x.label);
  const armCodes = a.plan.arms.map((x) => x.code);
  const armIndex = s.armIndex;
  const itt = s.itt;
  const vars: AdamVariable[] = [
    { name: 'STUDYID', label: 'Study Identifier', type: 'text', origin: { type: 'Assigned' }, method: 'study of the analysis plan (study.yaml study)', values: constantText(a.plan.study) },
    { name: 'USUBJID', label: 'Unique Subject Identifier', type: 'text', origin: { type: 'Predecessor', source: `${file} USUBJID` }, values: { kind: 'coded', dict: s.id, code: subjectOfRow } },
    {
      name: 'ARMCD',
      label: 'Planned Arm Code',
      type: 'text',
      origin: { type: 'Predecessor', source: `${file} ARM` },
      codelist: { name: 'ARMCD', items: a.plan.arms.map((x) => ({ coded: x.code, decode: x.label })) },
      values: { kind: 'coded', dict: armCodes, code: (i) => armIndex[subjectOfRow(i)] },
    },
    {
      name: 'TRT01P',
      label: 'Planned Treatment for Period 01',
      type: 'text',
      origin: { type: 'Assigned' },
      method: 'label of the randomised arm in the analysis plan (study.yaml arms)',
      values: { kind: 'coded', dict: armLabels, code: (i) => armIndex[subjectOfRow(i)] },
    },
    {
      name: 'TRT01PN',
      label: 'Planned Treatment for Period 01 (N)',
      type: 'integer',
      origin: { type: 'Derived' },
      method: 'position of the arm in the analysis plan, experimental arms first as listed',
      values: { kind: 'num', at: (i) => armIndex[subjectOfRow(i)] + 1 },
    },
    {
      name: 'ITTFL',
      label: 'Intent-To-Treat Population Flag',
      type: 'text',
      origin: { type: 'Derived' },
      method: 'Y when the subject was randomised (ITTFL of subjects.csv when given, else Y for every randomised subject)',
      codelist: YN,
      values: flagValues((i) => itt[subjectOfRow(i)]),
    },
  ];
  for (const { column, name } of strataNames(a, reserved)) {
    vars.push({
      name,
      label: `Stratum ${column} as Randomised`.slice(0, 40),
      type: 'text',
      origin: { type: 'Predecessor', source: `${file} ${column}` },
      values: textColumnValues(s.text[column], subjectOfRow),
    });
  }
  return vars;
}

/** Names of the subject-level variables (so that a data set's own variables never collide with a stratum). */
export const SUBJECT_VARIABLES = ['STUDYID', 'USUBJID', 'ARMCD', 'TRT01P', 'TRT01PN', 'ITTFL'];
