import type { Plan } from '../ingest/plan.js';
import type { StudyTables } from '../ingest/readStudy.js';
import type { Table } from '../ingest/readTable.js';

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

/** Maps each row of `table` to its subject's position (every row's subject is known after checkReferences). */
export function subjectOf(table: Table, subjects: Subjects): Int32Array {
  const ids = table.text.USUBJID;
  const out = new Int32Array(table.n);
  for (let i = 0; i < table.n; i++) out[i] = subjects.index.get(ids[i]!)!;
  return out;
}

function minInto(target: Float64Array, at: number, day: number): void {
  if (Number.isNaN(target[at]) || day < target[at]) target[at] = day;
}

/** Builds the subject index with randomisation, progression and new-therapy dates. */
export function deriveSubjects(tables: StudyTables, plan: Plan): Subjects {
  const s = tables.subjects;
  // Subjects are indexed in USUBJID order, not file order: every later computation (sums, sorts with
  // ties) then runs in one canonical order, so shuffled input rows give identical results.
  const rawId = s.text.USUBJID as string[];
  const order = rawId.map((_, i) => i).sort((x, y) => (rawId[x] < rawId[y] ? -1 : rawId[x] > rawId[y] ? 1 : 0));
  const id = order.map((i) => rawId[i]);
  const text: Table['text'] = {};
  for (const [k, col] of Object.entries(s.text)) text[k] = order.map((i) => col[i]);
  const index = new Map<string, number>();
  id.forEach((v, i) => index.set(v, i));
  const armPos = new Map(plan.arms.map((a, i) => [a.code, i]));
  const subjects: Subjects = {
    n: s.n,
    id,
    index,
    arm: text.ARM as string[],
    armIndex: Int32Array.from(text.ARM, (a) => armPos.get(a!)!),
    itt: Uint8Array.from(text.ITTFL, (f) => (f === 'N' ? 0 : 1)),
    randDay: Float64Array.from(order, (i) => s.num.RANDDT[i]),
    progressionDay: new Float64Array(s.n).fill(Number.NaN),
    newTherapyDay: new Float64Array(s.n).fill(Number.NaN),
    text,
  };

  const r = tables.response;
  const rs = subjectOf(r, subjects);
  for (let i = 0; i < r.n; i++) {
    if (r.text.AVALC[i] === 'PD' && r.num.ADT[i] >= subjects.randDay[rs[i]]) minInto(subjects.progressionDay, rs[i], r.num.ADT[i]);
  }
  const t = tables.tte;
  const ts = subjectOf(t, subjects);
  for (let i = 0; i < t.n; i++) {
    if (t.text.PARAMCD[i] === 'PFS' && t.num.CNSR[i] === 0) minInto(subjects.progressionDay, ts[i], t.num.ADT[i]);
  }
  const th = tables.therapy;
  const ths = subjectOf(th, subjects);
  for (let i = 0; i < th.n; i++) {
    if (th.text.NEWTHER[i] === 'Y') minInto(subjects.newTherapyDay, ths[i], th.num.STDT[i]);
  }
  return subjects;
}
