import type { Problem } from '../errors.js';
import type { Table } from './table.js';
import { sharedFloat64, sharedInt32 } from '../../model/sharedArrays.js';

/**
 * Returns a new table without the rows whose index is in `drop`, each dropped row's Problem appended
 * to `rejected` with the row's subject and sample (tables are never modified in place).
 */
export function rejectRows(table: Table, drop: Map<number, Problem>): Table {
  if (drop.size === 0) return table;
  const subject = table.text.USUBJID;
  const sample = table.text.SAMPLEID;
  for (const [i, p] of drop) {
    const s = subject?.at(i);
    const m = sample?.at(i);
    if (s) p.subject ??= s;
    if (m) p.sample ??= m;
    if (table.lineUnit !== 'line') p.lineUnit = table.lineUnit;
  }
  let kept = 0;
  const rows = new Int32Array(table.n);
  for (let i = 0; i < table.n; i++) if (!drop.has(i)) rows[kept++] = i;
  const keep = rows.subarray(0, kept);
  const text: Table['text'] = {};
  for (const [k, col] of Object.entries(table.text)) text[k] = col.take(keep);
  const num: Table['num'] = {};
  for (const [k, col] of Object.entries(table.num)) {
    const out = sharedFloat64(kept);
    for (let j = 0; j < kept; j++) out[j] = col[keep[j]];
    num[k] = out;
  }
  const line = sharedInt32(kept);
  for (let j = 0; j < kept; j++) line[j] = table.line[keep[j]];
  const rejected = [...table.rejected, ...drop.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ...table, n: keep.length, line, text, num, rejected };
}

/** The table without the numeric columns `names` (the arrays are not copied; the table is not modified). */
export function withoutNumbers(table: Table, names: readonly string[]): Table {
  const num: Table['num'] = {};
  for (const [k, col] of Object.entries(table.num)) if (!names.includes(k)) num[k] = col;
  return { ...table, num };
}
