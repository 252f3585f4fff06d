import type { Problem } from '../errors.js';
import { rejectRows } from '../ingest/filterTable.js';
import type { Study, StudyTables } from '../ingest/readStudy.js';
import type { Table } from '../ingest/readTable.js';

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
  const seen = new Set<string>();
  const id = t.subjects.text.USUBJID;
  const arm = t.subjects.text.ARM;
  for (let i = 0; i < t.subjects.n; i++) {
    const base = { file: t.subjects.file, line: t.subjects.line[i] };
    if (seen.has(id[i]!)) {
      subjDrop.set(i, { ...base, column: 'USUBJID', value: id[i]!, rule: 'subject.duplicate', message: `subject ${id[i]} appears more than once; the first row is used` });
      continue;
    }
    seen.add(id[i]!);
    if (!arms.has(arm[i]!))
      subjDrop.set(i, { ...base, column: 'ARM', value: arm[i]!, rule: 'subject.arm-unknown', message: `arm ${arm[i]} is not in the plan's arms (${[...arms].join(', ')})` });
  }
  const subjects = rejectRows(t.subjects, subjDrop);
  const known = new Set(subjects.text.USUBJID as string[]);

  const orphans = (table: Table, extra?: (i: number, drop: Map<number, Problem>) => void): Table => {
    const drop = new Map<number, Problem>();
    const ids = table.text.USUBJID;
    for (let i = 0; i < table.n; i++) {
      if (!known.has(ids[i]!)) {
        drop.set(i, {
          file: table.file,
          line: table.line[i],
          column: 'USUBJID',
          value: ids[i]!,
          rule: 'orphan.subject',
          message: `subject ${ids[i]} is not a usable row of subjects.csv`,
        });
        continue;
      }
      extra?.(i, drop);
    }
    return rejectRows(table, drop);
  };

  // Duplicate samples: each subject's earlier rows are chained through two Int32Arrays (head per
  // subject, next per row) and compared field by field, so millions of rows need no composite string
  // keys and no per-subject collections.
  const subjectNo = new Map<string, number>();
  (subjects.text.USUBJID as string[]).forEach((id, k) => subjectNo.set(id, k));
  const head = new Int32Array(subjectNo.size).fill(-1);
  const next = new Int32Array(t.mrd.n).fill(-1);
  const sid = t.mrd.text.SAMPLEID;
  const method = t.mrd.text.METHOD;
  const mrd = orphans(t.mrd, (i, drop) => {
    const s = subjectNo.get(t.mrd.text.USUBJID[i]!)!;
    let duplicate = false;
    for (let j = head[s]; j >= 0 && !duplicate; j = next[j]) duplicate = sid[j] === sid[i] && method[j] === method[i];
    if (duplicate) {
      drop.set(i, {
        file: t.mrd.file,
        line: t.mrd.line[i],
        column: 'SAMPLEID',
        value: t.mrd.text.SAMPLEID[i]!,
        rule: 'sample.duplicate',
        message: `sample ${t.mrd.text.SAMPLEID[i]} (${t.mrd.text.METHOD[i]}) of subject ${t.mrd.text.USUBJID[i]} appears more than once; the first row is used`,
      });
      return;
    }
    next[i] = head[s];
    head[s] = i;
  });

  const tteKeys = new Set<string>();
  const tte = orphans(t.tte, (i, drop) => {
    const key = `${t.tte.text.USUBJID[i]}\u0000${t.tte.text.PARAMCD[i]}`;
    const base = { file: t.tte.file, line: t.tte.line[i] };
    if (tteKeys.has(key)) {
      drop.set(i, { ...base, column: 'PARAMCD', value: t.tte.text.PARAMCD[i]!, rule: 'tte.duplicate', message: `subject ${t.tte.text.USUBJID[i]} has more than one ${t.tte.text.PARAMCD[i]} record; the first is used` });
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
