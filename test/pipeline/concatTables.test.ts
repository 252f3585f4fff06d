import { describe, expect, it } from 'vitest';
import { concatTables, concatText } from '../../pipeline/ingest/concatTables.js';
import { TextColumn } from '../../pipeline/ingest/textColumn.js';
import type { Table } from '../../pipeline/ingest/readTable.js';
import { bytesColumn } from '../helpers/bytesColumn.js';

describe('concatText', () => {
  const a = ['NGS', null, 'NGF'];
  const b = ['NGF', 'PB', null, 'NGS'];

  it('merges two distinct dictionaries by value', () => {
    const c = concatText(TextColumn.from(a), TextColumn.from(b));
    expect(c.toArray()).toEqual([...a, ...b]);
    expect(c.distinct).toBe(true);
    expect(c.codes[0]).toBe(c.codes[6]);
    expect(c.dict).toEqual([null, 'NGS', 'NGF', 'PB']);
  });

  it('shifts the codes of a dictionary that is not distinct', () => {
    const nd = new TextColumn(Int32Array.from([1, 2]), [null, 'X', 'X'], false);
    const c = concatText(TextColumn.from(a), nd);
    expect(c.toArray()).toEqual([...a, 'X', 'X']);
    expect(c.distinct).toBe(false);
  });

  it('makes a bytes column when either side is one, keeping nulls and empty text apart', () => {
    for (const [x, y] of [
      [bytesColumn(['M1', null, '样本']), TextColumn.from(['', 'M1', null])],
      [TextColumn.from(['M1', null, '样本']), bytesColumn(['', 'M1', null])],
    ]) {
      const c = concatText(x, y);
      expect(c.bytes).not.toBeNull();
      expect(c.toArray()).toEqual(['M1', null, '样本', '', 'M1', null]);
      expect(c.equalAt(0, 4)).toBe(true);
    }
  });
});

describe('concatTables', () => {
  it('shifts the second part’s lines (its rows and its rejections) by the first part’s line count', () => {
    const part = (n: number, lines: number[], ids: string[], rejectedLine: number): Table => ({
      file: 'mrd.csv',
      present: true,
      n,
      line: Int32Array.from(lines),
      text: { USUBJID: TextColumn.from(ids) },
      num: { CELLS: Float64Array.from(lines, (l) => l * 10) },
      header: ['USUBJID', 'CELLS'],
      sha256: 'h',
      rowsRead: n + 1,
      rejected: [{ file: 'mrd.csv', line: rejectedLine, rule: 'r', message: 'm' }],
      skipped: [{ rule: 'source.where', message: 'w', count: 1 }],
      notes: [{ file: 'mrd.csv', line: rejectedLine, rule: 'n', message: 'm' }],
      lineUnit: 'line',
      format: 'csv',
    });
    const t = concatTables(part(2, [2, 4], ['S1', 'S2'], 3), part(2, [1, 3], ['S2', 'S3'], 2), 4);
    expect(Array.from(t.line)).toEqual([2, 4, 5, 7]);
    expect(Array.from(t.num.CELLS)).toEqual([20, 40, 10, 30]);
    expect(t.text.USUBJID.toArray()).toEqual(['S1', 'S2', 'S2', 'S3']);
    expect(t.rejected.map((p) => p.line)).toEqual([3, 6]);
    expect(t.rowsRead).toBe(6);
    expect(t.n).toBe(4);
    expect(t.notes.map((p) => p.line)).toEqual([3, 6]);
    expect(t.skipped).toEqual([{ rule: 'source.where', message: 'w', count: 2 }]);
  });
});
