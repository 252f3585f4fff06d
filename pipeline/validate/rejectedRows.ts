import { join } from 'node:path';
import type { Problem } from '../errors.js';
import { scanCsv } from '../ingest/readCsv.js';
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
 * that line. A rejected row keeps no parsed values, so the files that have rejections are scanned once
 * more (streaming) to pick up those two raw fields for the query list.
 */
export async function rejectedRowIssues(dir: string, tables: StudyTables): Promise<Issue[]> {
  const out: Issue[] = [];
  for (const t of Object.values(tables)) {
    if (!t.present || t.rejected.length === 0) continue;
    const wanted = new Set<number>();
    for (const p of t.rejected) if (p.line !== undefined) wanted.add(p.line);
    const keys = new Map<number, { subject: string | null; sample: string | null }>();
    let iSubj = -1;
    let iSample = -1;
    await scanCsv(
      join(dir, t.file),
      t.file,
      (h) => {
        const header = h.map((x) => x.trim().toUpperCase());
        iSubj = header.indexOf('USUBJID');
        iSample = header.indexOf('SAMPLEID');
      },
      (rec) => {
        if (!wanted.has(rec.line)) return;
        const get = (k: number) => {
          const v = k < 0 ? '' : (rec.fields[k] ?? '').trim();
          return v === '' ? null : v;
        };
        keys.set(rec.line, { subject: get(iSubj), sample: get(iSample) });
      },
    );
    for (const p of t.rejected) {
      const line = p.line ?? null;
      const k = line === null ? undefined : keys.get(line);
      out.push(issue(t.file, line, k?.subject ?? null, k?.sample ?? null, p.rule, problemMessage(p)));
    }
  }
  return out;
}
