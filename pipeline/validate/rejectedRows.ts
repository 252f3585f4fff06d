import type { Problem } from '../errors.js';
import type { StudyTables } from '../ingest/readStudy.js';
import { issue, type Issue } from './issues.js';

/** `column X, value "V": message`, the location inside the row of a reading problem. */
function problemMessage(p: Problem): string {
  const what: string[] = [];
  if (p.column !== undefined) what.push(`column ${p.column}`);
  if (p.value !== undefined) what.push(`value ${JSON.stringify(p.value.length > 80 ? p.value.slice(0, 77) + '...' : p.value)}`);
  return (what.length ? what.join(', ') + ': ' : '') + p.message;
}

/**
 * One issue per rejected row (reading or cross-file checks), with the USUBJID and SAMPLEID written on
 * that row (recorded when the row was rejected, whatever the file's format); and one per cell-level
 * note on a kept row (a value outside the mapping's code list, kept as written).
 */
export function rejectedRowIssues(tables: StudyTables): Issue[] {
  const out: Issue[] = [];
  for (const t of Object.values(tables)) {
    if (!t.present) continue;
    for (const p of t.rejected) out.push(issue(t.file, p.line ?? null, p.subject ?? null, p.sample ?? null, p.rule, problemMessage(p)));
    for (const p of t.notes) out.push(issue(t.file, p.line ?? null, p.subject ?? null, p.sample ?? null, p.rule, problemMessage(p)));
  }
  return out;
}
