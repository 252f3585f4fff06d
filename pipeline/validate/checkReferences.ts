import type { Problem } from '../errors.js';
import { rejectRows } from '../ingest/filterTable.js';
import type { Study, StudyTables } from '../ingest/readStudy.js';
import type { Table } from '../ingest/readTable.js';
import type { TextColumn } from '../ingest/textColumn.js';
import { lookupRows } from '../derive/deriveSubjects.js';
import { mapInt32 } from '../../analyses/typedMap.js';

/** 1 for each row whose text an earlier row already holds: by code when the dictionary is distinct, else by text. */
function repeatedRows(column: TextColumn): Uint8Array {
  const n = column.length;
  const out = new Uint8Array(n);
  if (column.distinct) {
    const seen = new Uint8Array(column.dict.length);
    const codes = column.codes;
    for (let i = 0; i < n; i++) {
      if (seen[codes[i]]) out[i] = 1;
      else seen[codes[i]] = 1;
    }
  } else {
    const seen = new Set<string | null>();
    for (let i = 0; i < n; i++) {
      const v = column.at(i);
      if (seen.has(v)) out[i] = 1;
      else seen.add(v);
    }
  }
  return out;
}

/**
 * A number per dictionary code such that two rows hold the same text exactly when their codes map to
 * the same number (the code itself when the dictionary is distinct), and how many numbers there are.
 */
function valueIds(column: TextColumn): { id: Int32Array; count: number } {
  if (column.distinct) return { id: mapInt32(column.dict, (_, c) => c), count: column.dict.length };
  const first = new Map<string | null, number>();
  const id = mapInt32(column.dict, (v) => {
    let k = first.get(v);
    if (k === undefined) first.set(v, (k = first.size));
    return k;
  });
  return { id, count: first.size };
}

/**
 * Cross-file checks that decide whether a row can be used at all: duplicate subjects, arms missing
 * from the plan, rows for unknown subjects, duplicate samples, events dated before their start.
 * Offending rows are rejected with a reason (first occurrence kept for duplicates); the study's
 * tables are returned anew.
 */
export function checkReferences(study: Study): StudyTables {
  const { plan } = study;
  const t = study.tables;
  const arms = new Set(plan.arms.map((a) => a.code));

  const subjDrop = new Map<number, Problem>();
  const id = t.subjects.text.USUBJID;
  const arm = t.subjects.text.ARM;
  const repeated = repeatedRows(id);
  const armCodes = arm.codes;
  const armKnown = arm.codeMask((a) => arms.has(a!));
  for (let i = 0; i < t.subjects.n; i++) {
    const base = { file: t.subjects.file, line: t.subjects.line[i] };
    if (repeated[i]) {
      const v = id.at(i)!;
      subjDrop.set(i, { ...base, column: 'USUBJID', value: v, rule: 'subject.duplicate', message: `subject ${v} appears more than once; the first row is used` });
      continue;
    }
    if (!armKnown[armCodes[i]]) {
      const a = arm.at(i)!;
      subjDrop.set(i, { ...base, column: 'ARM', value: a, rule: 'subject.arm-unknown', message: `arm ${a} is not in the plan's arms (${[...arms].join(', ')})` });
    }
  }
  const subjects = rejectRows(t.subjects, subjDrop);
  // position of each usable subject (file order); every USUBJID is there once
  const subjectNo = new Map<string, number>();
  for (let k = 0; k < subjects.n; k++) subjectNo.set(subjects.text.USUBJID.at(k)!, k);

  const orphans = (table: Table, extra?: (i: number, subject: number, drop: Map<number, Problem>) => void): Table => {
    const drop = new Map<number, Problem>();
    const ids = table.text.USUBJID;
    const subject = lookupRows(ids, subjectNo);
    for (let i = 0; i < table.n; i++) {
      if (subject[i] < 0) {
        const v = ids.at(i)!;
        drop.set(i, {
          file: table.file,
          line: table.line[i],
          column: 'USUBJID',
          value: v,
          rule: 'orphan.subject',
          message: `subject ${v} is not a usable row of subjects.csv`,
        });
        continue;
      }
      extra?.(i, subject[i], drop);
    }
    return rejectRows(table, drop);
  };

  // Duplicate samples: each subject's earlier rows are chained through two Int32Arrays (head per
  // subject, next per row) and compared field by field (codes where the dictionary is distinct), so
  // millions of rows need no composite string keys and no per-subject collections.
  const head = new Int32Array(subjectNo.size).fill(-1);
  const next = new Int32Array(t.mrd.n).fill(-1);
  const sid = t.mrd.text.SAMPLEID;
  const sameSample = (a: number, b: number) => sid.equalAt(a, b);
  const method = t.mrd.text.METHOD;
  const methodId = valueIds(method).id;
  const methodCodes = method.codes;
  const mrd = orphans(t.mrd, (i, s, drop) => {
    let duplicate = false;
    for (let j = head[s]; j >= 0 && !duplicate; j = next[j]) duplicate = sameSample(j, i) && methodId[methodCodes[j]] === methodId[methodCodes[i]];
    if (duplicate) {
      drop.set(i, {
        file: t.mrd.file,
        line: t.mrd.line[i],
        column: 'SAMPLEID',
        value: sid.at(i)!,
        rule: 'sample.duplicate',
        message: `sample ${sid.at(i)} (${method.at(i)}) of subject ${t.mrd.text.USUBJID.at(i)} appears more than once; the first row is used`,
      });
      return;
    }
    next[i] = head[s];
    head[s] = i;
  });

  // one tte record per subject and parameter: key subject × parameter as one number
  const param = t.tte.text.PARAMCD;
  const { id: paramId, count: nParams } = valueIds(param);
  const paramCodes = param.codes;
  const tteKeys = new Set<number>();
  const tte = orphans(t.tte, (i, s, drop) => {
    const key = s * nParams + paramId[paramCodes[i]];
    const base = { file: t.tte.file, line: t.tte.line[i] };
    if (tteKeys.has(key)) {
      drop.set(i, { ...base, column: 'PARAMCD', value: param.at(i)!, rule: 'tte.duplicate', message: `subject ${t.tte.text.USUBJID.at(i)} has more than one ${param.at(i)} record; the first is used` });
      return;
    }
    tteKeys.add(key);
    if (t.tte.num.ADT[i] < t.tte.num.STARTDT[i])
      drop.set(i, { ...base, column: 'ADT', rule: 'tte.before-start', message: 'ADT is before STARTDT: the time would be negative' });
  });

  return {
    subjects,
    mrd,
    response: orphans(t.response),
    imaging: orphans(t.imaging),
    tte,
    therapy: orphans(t.therapy),
  };
}
