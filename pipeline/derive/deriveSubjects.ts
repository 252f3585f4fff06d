import type { Plan } from '../../model/plan.js';
import type { StudyTables } from '../ingest/readStudy.js';
import type { Table } from '../ingest/readTable.js';
import type { TextColumn } from '../ingest/textColumn.js';
import { compareText } from '../../model/compareText.js';
import { IdIndex, strictlyAscending, textsOf } from './idIndex.js';
import { mapFloat64, mapInt32, mapUint8 } from '../../analyses/typedMap.js';

/** Subject-level facts every later derivation needs, one entry per usable row of subjects.csv. */
export interface Subjects {
  n: number;
  id: string[];
  /** position of each USUBJID (of `id`) */
  index: IdIndex;
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

const lookedUp = new WeakMap<TextColumn, { ids: readonly string[]; rows: Int32Array }>();

/**
 * The position in `index` of each row's text, -1 when it is not there (or empty). A dictionary column
 * is looked up once per dictionary entry and every row then costs one array read; a column held as
 * bytes (mostly-distinct text) is looked up row by row. Either way in sequence (see IdIndex).
 *
 * Remembered per column and identifier array: when subjects.csv is sorted and no row is rejected,
 * checkReferences and deriveSubjects index the same identifiers in the same order, and the second
 * lookup of each table (10^7 MRD rows) is the first one's result. The result is shared: read it,
 * never write into it.
 */
export function lookupRows(column: TextColumn, index: IdIndex): Int32Array {
  const known = lookedUp.get(column);
  if (known !== undefined && known.ids === index.ids) return known.rows;
  const out = findRows(column, index);
  lookedUp.set(column, { ids: index.ids, rows: out });
  return out;
}

function findRows(column: TextColumn, index: IdIndex): Int32Array {
  const n = column.length;
  const out = new Int32Array(n);
  if (column.bytes === null) {
    const byCode = index.positions(column.dict);
    column.shareStrings(byCode, index.ids);
    const codes = column.codes;
    for (let i = 0; i < n; i++) out[i] = byCode[codes[i]];
  } else {
    let last = -1;
    for (let i = 0; i < n; i++) {
      const k = index.near(column.at(i), last);
      out[i] = k;
      if (k >= 0) last = k;
    }
  }
  return out;
}

/**
 * Maps each row of `table` to its subject's position (every row's subject is known after
 * checkReferences). Computed once per table and subject index (see lookupRows): a dozen derivations
 * ask for the MRD table's (10^7 rows at 10^6 subjects). The result is shared: read it, never write
 * into it.
 */
export function subjectOf(table: Table, subjects: Subjects): Int32Array {
  return lookupRows(table.text.USUBJID, subjects.index);
}

function minInto(target: Float64Array, at: number, day: number): void {
  if (Number.isNaN(target[at]) || day < target[at]) target[at] = day;
}

/** Builds the subject index with randomisation, progression and new-therapy dates. */
export function deriveSubjects(tables: StudyTables, plan: Plan): Subjects {
  const s = tables.subjects;
  // Subjects are indexed in USUBJID order, not file order: every later computation (sums, sorts with
  // ties) then runs in one canonical order, so shuffled input rows give identical results.
  // subjects.csv is usually sorted already: then the file order is the index order, and neither the
  // identifiers nor the columns are reordered
  const rawId = textsOf(s.text.USUBJID) as readonly string[];
  const sorted = strictlyAscending(rawId);
  const order = sorted ? null : rawId.map((_, i) => i).sort((x, y) => compareText(rawId[x], rawId[y]));
  // sorted: the very identifiers checkReferences indexed (shared, read only), so its lookups are reused
  const id = order === null ? (rawId as string[]) : order.map((i) => rawId[i]);
  const text: Table['text'] = {};
  for (const [k, col] of Object.entries(s.text)) text[k] = order === null ? col : col.take(order);
  const index = new IdIndex(id);
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
    randDay: order === null ? s.num.RANDDT.slice() : mapFloat64(order, (i) => s.num.RANDDT[i]),
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
