import { describe, expect, it } from 'vitest';
import { TextColumn } from '../../pipeline/ingest/textColumn.js';
import { csvCellWriter } from '../../reports/tables/sampleListing.js';
import { ChunkWriter } from '../../reports/render/chunkWriter.js';
import { csvCell } from '../../reports/render/csv.js';
import { bytesColumn } from '../helpers/bytesColumn.js';

const HOSTILE = ['M1', '=1+1', '+A', '@SUM(A1)', '-A', '-0.25', '-.5', '\tX', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rx', '样本', '', null];

function written(col: TextColumn, escape: boolean): string[] {
  const out: string[] = [];
  const cell = csvCellWriter(col, escape);
  for (let i = 0; i < col.length; i++) {
    const w = new ChunkWriter(16);
    const need = cell.maxBytes(i);
    if (!w.fits(need)) w.take(need);
    cell.write(w, i);
    out.push(w.take().toString('utf8'));
  }
  return out;
}

describe('sample listing cells', () => {
  const expected = HOSTILE.map((v) => (v === null ? '' : csvCell(v)));

  it('a bytes column (SAMPLEID at scale) writes exactly what csvCell writes', () => {
    expect(written(bytesColumn(HOSTILE), true)).toEqual(expected);
  });

  it('a dictionary column writes exactly what csvCell writes, or the text as is when not escaped', () => {
    const col = TextColumn.from(HOSTILE);
    expect(written(col, true)).toEqual(expected);
    expect(written(TextColumn.from(['NGS', null, 'BM']), false)).toEqual(['NGS', '', 'BM']);
  });
});
