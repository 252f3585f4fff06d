import type { Plan } from '../ingest/plan.js';
import type { StudyTables } from '../ingest/readStudy.js';
import type { Table } from '../ingest/readTable.js';
import type { TextColumn } from '../ingest/textColumn.js';
import { compareText } from '../compareText.js';
import { mapFloat64, mapInt32, mapUint8 } from '../../analyses/typedMap.js';

/** Subject-level facts every later derivation needs, one entry per usable row of subjects.csv. */
export interface Subjects {
  n: number;
  id: string[];
  index: Map<string, number>;
  /** arm code per subject */
  arm: string[];
  /** position of the arm in plan.arms */
  armIndex: Int32Array;
  /** 1 = in the ITT population (ITTFL = Y) */
  itt: Uint8Array;
  randDay: Float64Array;
  /** first progression or death: first PD response on/after randomisation, or a PFS event (CNSR = 0); NaN if none */
  progressionDay: Float64Array;
  /** start of the first subsequent anti-myeloma therapy (therapy.csv NEWTHER = Y); NaN if none */
  newTherapyDay: Float64Array;
  /** subjects.csv text columns (strata, subgroups, ISOTYPE, ...) */
  text: Table['text'];
}

/**
 * The position in `index` of each row's text, -1 when it is not there (or empty). With a distinct
 * dictionary each dictionary entry is looked up once and every row costs one array read; otherwise
 * (mostly-distinct columns) each row is looked up.
 */
export function lookupRows(column: TextColumn, index: ReadonlyMap<string, number>): Int32Array {
  const n = column.length;
  const out = new Int32Array(n);
  if (column.distinct) {
    const byCode = mapInt32(column.dict, (v) => (v === null ? -1 : (index.get(v) ?? -1)));
    const codes = column.codes;
    for (let i = 0; i < n; i++) out[i] = byCode[codes[i]];
  } else {
    for (let i = 0; i < n; i++) {
      const v = column.at(i);
      out[i] = v === null ? -1 : (index.get(v) ?? -1);
    }
  }
  return out;
}

const subjectRows = new WeakMap<TextColumn, { subjects: Subjects; rows: Int32Array }>();

/**
 * Maps each row of `table` to its subject's position (every row's subject is known after
 * checkReferences). Computed once per table and subject index: a dozen derivations ask for the MRD
 * table's (10^7 rows at 10^6 subjects). The result is shared: read it, never write into it.
 */
export function subjectOf(table: Table, subjects: Subjects): Int32Array {
  const ids = table.text.USUBJID;
  const known = subjectRows.get(ids);
  if (known !== undefined && known.subjects === subjects) return known.rows;
  const rows = lookupRows(ids, subjects.index);
  subjectRows.set(ids, { subjects, rows });
  return rows;
}

function minInto(target: Float64Array, at: number, day: number): void {
  if (Number.isNaN(target[at]) || day < target[at]) target[at] = day;
}

/** Builds the subject index with randomisation, progression and new-therapy dates. */
export function deriveSubjects(tables: StudyTables, plan: Plan): Subjects {
  const s = tables.subjects;
  // Subjects are indexed in USUBJID order, not file order: every later computation (sums, sorts with
  // ties) then runs in one canonical order, so shuffled input rows give identical results.
  const rawId = s.text.USUBJID.toArray() as string[];
  const order = rawId.map((_, i) => i).sort((x, y) => compareText(rawId[x], rawId[y]));
  const id = order.map((i) => rawId[i]);
  const text: Table['text'] = {};
  for (const [k, col] of Object.entries(s.text)) text[k] = col.take(order);
  const index = new Map<string, number>();
  id.forEach((v, i) => index.set(v, i));
  const armPos = new Map(plan.arms.map((a, i) => [a.code, i]));
  const armOfCode = text.ARM.dict.map((a) => armPos.get(a!)!);
  const notItt = text.ITTFL.codeOf('N');
  const subjects: Subjects = {
    n: s.n,
    id,
    index,
    arm: text.ARM.toArray() as string[],
    armIndex: mapInt32(text.ARM.codes, (c) => armOfCode[c]),
    itt: mapUint8(text.ITTFL.codes, (c) => (c === notItt ? 0 : 1)),
    randDay: mapFloat64(order, (i) => s.num.RANDDT[i]),
    progressionDay: new Float64Array(s.n).fill(Number.NaN),
    newTherapyDay: new Float64Array(s.n).fill(Number.NaN),
    text,
  };

  const r = tables.response;
  const rs = subjectOf(r, subjects);
  const avalc = r.text.AVALC.codes;
  const pd = r.text.AVALC.codeOf('PD');
  for (let i = 0; i < r.n; i++) {
    if (avalc[i] === pd && r.num.ADT[i] >= subjects.randDay[rs[i]]) minInto(subjects.progressionDay, rs[i], r.num.ADT[i]);
  }
  const t = tables.tte;
  const ts = subjectOf(t, subjects);
  const paramcd = t.text.PARAMCD.codes;
  const isPfs = t.text.PARAMCD.codeMask((v) => v === 'PFS');
  for (let i = 0; i < t.n; i++) {
    if (isPfs[paramcd[i]] && t.num.CNSR[i] === 0) minInto(subjects.progressionDay, ts[i], t.num.ADT[i]);
  }
  const th = tables.therapy;
  const ths = subjectOf(th, subjects);
  const newther = th.text.NEWTHER.codes;
  const yes = th.text.NEWTHER.codeOf('Y');
  for (let i = 0; i < th.n; i++) {
    if (newther[i] === yes) minInto(subjects.newTherapyDay, ths[i], th.num.STDT[i]);
  }
  return subjects;
}
