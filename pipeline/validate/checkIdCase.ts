import type { StudyTables } from '../ingest/readStudy.js';
import { issue, type Issue } from './issues.js';
import { textsOf } from '../derive/idIndex.js';

/**
 * Subject IDs that differ only in letter case (E05 and e05): IDs are compared exactly, as SDTM
 * USUBJID is, so two such rows of subjects.csv are two subjects, and a row of another file written
 * e05 is an orphan of E05. Either is far more often a typing slip than two people, so it is queried.
 */
export function checkIdCase(tables: StudyTables): Issue[] {
  const out: Issue[] = [];
  const s = tables.subjects;
  const ids = textsOf(s.text.USUBJID);
  const byUpper = new Map<string, string[]>();
  for (const v of ids) {
    if (v === null) continue;
    const key = v.toUpperCase();
    const list = byUpper.get(key);
    if (!list) byUpper.set(key, [v]);
    else if (!list.includes(v)) list.push(v);
  }
  const spellings = new Map<string, string[]>();
  for (const list of byUpper.values()) if (list.length > 1) for (const v of list) spellings.set(v, list);
  if (spellings.size > 0)
    for (let i = 0; i < s.n; i++) {
      const v = ids[i]!;
      const all = spellings.get(v);
      if (all) out.push(issue(s.file, s.line[i], v, null, 'subject.id-case', `subject ${v} and ${all.filter((x) => x !== v).join(', ')} differ only in letter case: two subjects, or one typed twice?`));
    }
  for (const t of Object.values(tables)) {
    for (const p of t.rejected) {
      if (p.rule !== 'orphan.subject' || p.value === undefined) continue;
      const match = byUpper.get(p.value.toUpperCase());
      if (match && !match.includes(p.value))
        out.push(issue(t.file, p.line ?? null, p.value, p.sample ?? null, 'subject.id-case', `subject ${p.value} is not in ${s.file}, but ${match.join(', ')} is: the IDs differ only in letter case (the row is not used)`));
    }
  }
  return out;
}
