import type { Problem } from '../errors.js';
import { formatDay } from '../ingest/dates.js';
import { rejectRows } from '../ingest/filterTable.js';
import type { Study, StudyTables } from '../ingest/readStudy.js';
import type { Table } from '../ingest/readTable.js';
import type { TextColumn } from '../ingest/textColumn.js';
import { lookupRows } from '../derive/deriveSubjects.js';
import { IdIndex, strictlyAscending, textsOf } from '../derive/idIndex.js';
import { mapInt32 } from '../../analyses/typedMap.js';

/**
 * 1 for each row whose text an earlier row already holds: by code when the dictionary is distinct;
 * else by text (`values`, the column's texts), with no set at all when the texts are strictly
 * ascending (subjects.csv sorted by USUBJID).
 */
function repeatedRows(column: TextColumn, values: readonly (string | null)[]): Uint8Array {
  const n = column.length;
  const out = new Uint8Array(n);
  if (column.distinct) {
    const seen = new Uint8Array(column.dict.length);
    const codes = column.codes;
    for (let i = 0; i < n; i++) {
      if (seen[codes[i]]) out[i] = 1;
      else seen[codes[i]] = 1;
    }
  } else if (!strictlyAscending(values)) {
    const seen = new Set<string | null>();
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (seen.has(v)) out[i] = 1;
      else seen.add(v);
    }
  }
  return out;
}

/**
 * A number per row that two rows holding the same text always share (and different texts rarely
 * do), to rule out most pairs before comparing texts: the code for a distinct dictionary, else for a
 * column held as bytes its length and last four bytes (identifiers of one subject differ at the end:
 * S0000001-NGS0, S0000001-NGS1; no loop over the bytes), else a hash of the text.
 */
function textKey(column: TextColumn): (i: number) => number {
  const bytes = column.bytes;
  if (bytes === null) {
    const codes = column.codes;
    if (column.distinct) return (i) => codes[i];
    const byCode = mapInt32(column.dict, (v) => (v === null ? 0 : stringHash(v)));
    return (i) => byCode[codes[i]];
  }
  const { pool, from, to } = bytes;
  return (i) => {
    const s = from[i];
    const e = to[i];
    if (s < 0) return -1;
    let tail = 0;
    for (let k = Math.max(s, e - 4); k < e; k++) tail = (tail << 8) | pool[k];
    return tail ^ Math.imul(e - s, 0x9e3779b1);
  };
}

/**
 * 1 for each mrd.csv row whose sample (SAMPLEID and METHOD) an earlier usable row of the same subject
 * already holds (the first occurrence is kept). A row is compared only with its subject's earlier kept
 * rows, and a number per row (SAMPLEID key and METHOD) rules out most pairs before the texts are
 * compared, so millions of rows need no composite string keys. When each subject's rows are adjacent
 * (mrd.csv sorted by subject), those earlier rows are the current run, held in a small list;
 * otherwise they are chained through two Int32Arrays (head per subject, next per row).
 */
function repeatedSamples(mrd: Table, subject: Int32Array, nSubjects: number): Uint8Array {
  const n = mrd.n;
  const out = new Uint8Array(n);
  const sid = mrd.text.SAMPLEID;
  const methodId = valueIds(mrd.text.METHOD).id;
  const methodCodes = mrd.text.METHOD.codes;
  const sampleKey = textKey(sid);
  const keyOf = (i: number) => sampleKey(i) ^ Math.imul(methodId[methodCodes[i]], 0x9e3779b1);
  const same = (a: number, b: number) => methodId[methodCodes[a]] === methodId[methodCodes[b]] && sid.equalAt(a, b);
  if (adjacentBySubject(subject, nSubjects)) {
    let run = new Int32Array(16);
    let runKey = new Int32Array(16);
    let len = 0;
    let current = -1;
    for (let i = 0; i < n; i++) {
      const s = subject[i];
      if (s < 0) continue;
      if (s !== current) {
        current = s;
        len = 0;
      }
      const key = keyOf(i);
      let duplicate = false;
      for (let j = 0; j < len && !duplicate; j++) duplicate = runKey[j] === key && same(run[j], i);
      if (duplicate) {
        out[i] = 1;
        continue;
      }
      if (len === run.length) {
        run = Int32Array.from({ length: 2 * len }, (_, j) => (j < len ? run[j] : 0));
        runKey = Int32Array.from({ length: 2 * len }, (_, j) => (j < len ? runKey[j] : 0));
      }
      run[len] = i;
      runKey[len++] = key;
    }
    return out;
  }
  const head = new Int32Array(nSubjects).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const key = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = subject[i];
    if (s < 0) continue;
    key[i] = keyOf(i);
    let duplicate = false;
    for (let j = head[s]; j >= 0 && !duplicate; j = next[j]) duplicate = key[j] === key[i] && same(j, i);
    if (duplicate) {
      out[i] = 1;
      continue;
    }
    next[i] = head[s];
    head[s] = i;
  }
  return out;
}

/** Whether the rows of each subject are adjacent (rows of no subject, -1, aside). */
function adjacentBySubject(subject: Int32Array, nSubjects: number): boolean {
  const seen = new Uint8Array(nSubjects);
  let current = -1;
  for (let i = 0; i < subject.length; i++) {
    const s = subject[i];
    if (s < 0 || s === current) continue;
    if (seen[s]) return false;
    seen[s] = 1;
    current = s;
  }
  return true;
}

/** FNV-1a over the UTF-16 code units of `v`. */
function stringHash(v: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < v.length; k++) h = Math.imul(h ^ v.charCodeAt(k), 0x01000193);
  return h;
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

/** A set of the integers 0..size-1: one byte per key when that fits in 128 MB (no hashing), else a Set. */
function keySet(size: number): { has(key: number): boolean; add(key: number): void } {
  if (size > 1 << 27) return new Set<number>();
  const seen = new Uint8Array(size);
  return {
    has: (key) => seen[key] === 1,
    add: (key) => {
      seen[key] = 1;
    },
  };
}

/**
 * Cross-file checks that decide whether a row can be used at all: duplicate subjects, arms missing
 * from the plan, subjects randomised after the cut-off, rows for unknown subjects, duplicate samples,
 * events dated before their start or after the cut-off.
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
  const ids = textsOf(id);
  const repeated = repeatedRows(id, ids);
  const armCodes = arm.codes;
  const armKnown = arm.codeMask((a) => arms.has(a!));
  const randDay = t.subjects.num.RANDDT;
  for (let i = 0; i < t.subjects.n; i++) {
    if (!repeated[i] && armKnown[armCodes[i]] && !(randDay[i] > plan.cutoffDay)) continue;
    const base = { file: t.subjects.file, line: t.subjects.line[i] };
    if (repeated[i]) {
      const v = id.at(i)!;
      subjDrop.set(i, { ...base, column: 'USUBJID', value: v, rule: 'subject.duplicate', message: `subject ${v} appears more than once; the first row is used` });
      continue;
    }
    if (!armKnown[armCodes[i]]) {
      const a = arm.at(i)!;
      subjDrop.set(i, { ...base, column: 'ARM', value: a, rule: 'subject.arm-unknown', message: `arm ${a} is not in the plan's arms (${[...arms].join(', ')})` });
      continue;
    }
    // randomised after the cut-off: not part of this data cut, so not in the ITT population
    subjDrop.set(i, {
      ...base,
      column: 'RANDDT',
      value: formatDay(randDay[i]),
      rule: 'subject.randomised-after-cutoff',
      message: `RANDDT is after the data cut-off ${plan.cutoff}: the subject cannot be in this data cut and is not used`,
    });
  }
  const subjects = rejectRows(t.subjects, subjDrop);
  // position of each usable subject (file order); every USUBJID is there once
  const subjectNo = new IdIndex(textsOf(subjects.text.USUBJID) as string[]);

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
          message: `subject ${v} is not a usable row of ${t.subjects.file}`,
        });
        continue;
      }
      extra?.(i, subject[i], drop);
    }
    return rejectRows(table, drop);
  };

  // duplicate samples: the first occurrence is kept
  const sid = t.mrd.text.SAMPLEID;
  const method = t.mrd.text.METHOD;
  const repeatedSample = repeatedSamples(t.mrd, lookupRows(t.mrd.text.USUBJID, subjectNo), subjectNo.size);
  const mrd = orphans(t.mrd, (i, _s, drop) => {
    if (repeatedSample[i]) {
      drop.set(i, {
        file: t.mrd.file,
        line: t.mrd.line[i],
        column: 'SAMPLEID',
        value: sid.at(i)!,
        rule: 'sample.duplicate',
        message: `sample ${sid.at(i)} (${method.at(i)}) of subject ${t.mrd.text.USUBJID.at(i)} appears more than once; the first row is used`,
      });
    }
  });

  // one tte record per subject and parameter: key subject × parameter as one number
  const param = t.tte.text.PARAMCD;
  const { id: paramId, count: nParams } = valueIds(param);
  const paramCodes = param.codes;
  const tteKeys = keySet(subjectNo.size * nParams);
  const tte = orphans(t.tte, (i, s, drop) => {
    const key = s * nParams + paramId[paramCodes[i]];
    if (tteKeys.has(key)) {
      drop.set(i, { file: t.tte.file, line: t.tte.line[i], column: 'PARAMCD', value: param.at(i)!, rule: 'tte.duplicate', message: `subject ${t.tte.text.USUBJID.at(i)} has more than one ${param.at(i)} record; the first is used` });
      return;
    }
    tteKeys.add(key);
    if (t.tte.num.ADT[i] < t.tte.num.STARTDT[i])
      drop.set(i, { file: t.tte.file, line: t.tte.line[i], column: 'ADT', rule: 'tte.before-start', message: 'ADT is before STARTDT: the time would be negative' });
    // an event or censoring date after the cut-off (9999-12-31 for "ongoing", a typo) is outside this
    // data cut: censoring it at the cut-off would invent follow-up, so the record is not used
    else if (t.tte.num.ADT[i] > plan.cutoffDay)
      drop.set(i, {
        file: t.tte.file,
        line: t.tte.line[i],
        column: 'ADT',
        value: formatDay(t.tte.num.ADT[i]),
        rule: 'tte.after-cutoff',
        message: `ADT is after the data cut-off ${plan.cutoff}: event and censoring dates must fall on or before it (censor at the cut-off in the source data)`,
      });
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
