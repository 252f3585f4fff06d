import type { Problem } from '../errors.js';
import type { Table } from './readTable.js';

/**
 * Returns a new table without the rows whose index is in `drop`, each dropped row's Problem appended
 * to `rejected` (tables are never modified in place).
 */
export function rejectRows(table: Table, drop: Map<number, Problem>): Table {
  if (drop.size === 0) return table;
  const keep: number[] = [];
  for (let i = 0; i < table.n; i++) if (!drop.has(i)) keep.push(i);
  const text: Table['text'] = {};
  for (const [k, col] of Object.entries(table.text)) text[k] = keep.map((i) => col[i]);
  const num: Table['num'] = {};
  for (const [k, col] of Object.entries(table.num)) num[k] = Float64Array.from(keep, (i) => col[i]);
  const rejected = [...table.rejected, ...drop.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ...table, n: keep.length, line: Int32Array.from(keep, (i) => table.line[i]), text, num, rejected };
}
