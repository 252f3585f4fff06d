import { describe, expect, it } from 'vitest';
import { TextColumn } from '../../pipeline/ingest/textColumn.js';
import { csvCellWriter } from '../../reports/tables/sampleListing.js';
import { ChunkWriter } from '../../reports/render/chunkWriter.js';
import { csvCell } from '../../reports/render/csv.js';
import { bytesColumn } from '../helpers/bytesColumn.js';
import { rmSync } from 'node:fs';
import { analyseStudy } from '../../pipeline/analyse.js';
import { sampleListing, sampleListingCsv } from '../../reports/tables/sampleListing.js';
import { LABELS } from '../../reports/labels.js';
import { writeStudy } from '../helpers/studyFixture.js';
import { csvRows } from '../helpers/csvRows.js';

const HOSTILE = ['M1', '=1+1', '+A', '@SUM(A1)', '-A', '-0.25', '-.5', '\tX', 'a,b', 'say "hi"', 'line\nbreak', 'cr\rx', '样本', '', null];

function written(col: TextColumn, escape: boolean, few = false): string[] {
  const out: string[] = [];
  const cell = csvCellWriter(col, escape, few);
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

  it('writes the same when it encodes only the entries it meets (the report excerpt)', () => {
    expect(written(TextColumn.from(HOSTILE), true, true)).toEqual(expected);
    expect(written(TextColumn.from(HOSTILE), false, true)).toEqual(HOSTILE.map((v) => v ?? ''));
  });
});

describe('the report excerpt of the listing', () => {
  it('holds the cells of the CSV listing, unescaped, row for row', async () => {
    const ids = ['a,b', 'say "hi"', '=1+2', '样本 7', '-0.25'];
    const study = writeStudy({
      subjects: ids.map((USUBJID, k) => ({ USUBJID, ARM: k % 2 ? 'A' : 'B', RANDDT: '2023-01-01' })),
      mrd: ids.map((USUBJID, k) => ({ USUBJID, SAMPLEID: `${USUBJID}|${k}`, COLLDT: '2023-06-01', METHOD: k % 2 ? 'NGF' : 'NGS', RESULT: k === 2 ? 'FAILED' : 'NEGATIVE', CELLS: 2000000 + k, MRDLEVEL: k === 4 ? '3.2E-06' : '' })),
    });
    try {
      const a = await analyseStudy(study.dir);
      const excerpt = sampleListing(a, LABELS.en, 3);
      const csv = csvRows(Buffer.concat([...sampleListingCsv(a)()]).toString('utf8'));
      expect(csv[0]).toEqual(excerpt.columns);
      expect(excerpt.rows).toHaveLength(3);
      const unneutralised = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
      expect(sampleListing(a, LABELS.en).rows).toEqual(csv.slice(1).map((r) => r.map(unneutralised)));
      expect(excerpt.rows).toEqual(csv.slice(1, 4).map((r) => r.map(unneutralised)));
      expect(csv.slice(1).map((r) => r[0])).toContain("'=1+2");
      expect(sampleListing(a, LABELS.en).rows.flat()).toContain('a,b|0');
    } finally {
      rmSync(study.dir, { recursive: true, force: true });
    }
  });
});
