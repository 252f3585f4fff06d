import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateRows, readTable } from '../../pipeline/ingest/readTable.js';
import { GrowableFloat64 } from '../../pipeline/ingest/columnReaders.js';
import { MRD, SUBJECTS } from '../../model/schema.js';
import { UserError } from '../../pipeline/errors.js';

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  dirs = [];
});
function folderWith(name: string, content: string | Buffer): string {
  const d = mkdtempSync(join(tmpdir(), 'mrd-read-'));
  dirs.push(d);
  writeFileSync(join(d, name), content);
  return d;
}

describe('readTable: files as lab systems export them', () => {
  it('reads UTF-8 with BOM, CRLF, lower-case headers, quoted fields with commas and newlines, trailing blank lines', async () => {
    const text = '\uFEFFusubjid,Arm,randdt,Extra\r\nS1,A,2023-01-01,"x, y"\r\n"S2",B,2023-02-01,"line1\r\nline2"\r\nS3,A,2023-03-01,z\r\n\r\n\r\n';
    const t = await readTable(folderWith('subjects.csv', text), SUBJECTS);
    expect(t.n).toBe(3);
    expect(t.text.USUBJID.toArray()).toEqual(['S1', 'S2', 'S3']);
    expect(t.text.ITTFL.toArray()).toEqual(['Y', 'Y', 'Y']); // default
    expect(Array.from(t.line)).toEqual([2, 3, 5]); // S2's record spans lines 3-4
    expect(t.rejected).toEqual([]);
    expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects each bad row with file, line, column, value and rule, and keeps the others', async () => {
    const text = [
      'USUBJID,SAMPLEID,COLLDT,METHOD,RESULT,MRDLEVEL,CELLS',
      'S1,M1,2023-07-01,NGS,NEGATIVE,,2000000',
      'S1,M2,01/07/2023,NGS,NEGATIVE,,2000000',
      'S1,M3,2023-07-01,PCR,NEGATIVE,,2000000',
      'S1,M4,2023-07-01,NGS,NEGATIVE,,2 million',
      'S1,,2023-07-01,NGS,NEGATIVE,,',
      'S1,M6,2023-02-30,NGS,NEGATIVE,,',
      'S1,M7,2023-07-01,NGS',
      'S1,M8,2023-07-01,ngs,negative,1e-6,5',
    ].join('\n');
    const t = await readTable(folderWith('mrd.csv', text), MRD);
    expect(t.rowsRead).toBe(8);
    expect(t.n).toBe(3);
    expect(t.text.SAMPLEID.toArray()).toEqual(['M1', 'M4', 'M8']);
    expect(t.text.METHOD.toArray()).toEqual(['NGS', 'NGS', 'NGS']);
    // an optional number that does not parse is read as empty, with a note; the row is kept
    expect(Array.from(t.num.CELLS)).toEqual([2000000, NaN, 5]);
    expect(t.notes.map((p) => [p.line, p.column, p.value, p.rule, p.sample])).toEqual([[5, 'CELLS', '2 million', 'value.unparsed-optional', 'M4']]);
    expect(t.rejected.map((p) => [p.line, p.column, p.value, p.rule])).toEqual([
      [3, 'COLLDT', '01/07/2023', 'date.iso'],
      [4, 'METHOD', 'PCR', 'value.allowed'],
      [6, 'SAMPLEID', '', 'value.required'],
      [7, 'COLLDT', '2023-02-30', 'date.iso'],
      [8, undefined, undefined, 'csv.column-count'],
    ]);
    expect(t.rejected[0].message).toContain('YYYY-MM-DD');
  });

  it('reports a malformed quote at its line and counts the row', async () => {
    const text = 'USUBJID,ARM,RANDDT\nS1,A,2023-01-01\n"S2"x,A,2023-01-01\n';
    const t = await readTable(folderWith('subjects.csv', text), SUBJECTS);
    expect(t.n).toBe(1);
    expect(t.rejected[0]).toMatchObject({ file: 'subjects.csv', line: 3, rule: 'csv.malformed' });
    expect(t.rowsRead).toBe(t.n + t.rejected.length);
  });

  it.each([
    ['an empty file', '', 'file.empty'],
    ['a binary file', Buffer.from([0x01, 0x02, 0x00, 0x04, 0x00, 0x00, 0x08]), 'file.binary'],
    ['a ZIP file that is no workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08]), 'xlsx.malformed'],
    ['a header without a required column', 'USUBJID,ARM\nS1,A\n', 'header.missing-column'],
    ['a header naming a column twice', 'USUBJID,ARM,RANDDT,arm\n', 'header.duplicate'],
    ['a bar-delimited export', 'USUBJID|ARM|RANDDT\nS1|A|2023-01-01\n', 'csv.delimiter'],
  ])('refuses %s with a UserError', async (_name, content, rule) => {
    const err = await readTable(folderWith('subjects.csv', content), SUBJECTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).problem).toMatchObject({ file: 'subjects.csv', rule });
  });

  it('gives spellings of one value one dictionary code, and rejects a bad cell every time it recurs', async () => {
    const text = [
      'USUBJID,SAMPLEID,COLLDT,METHOD,RESULT,CELLS,LAB',
      'S1,M1,2023-07-01,NGS,NEGATIVE,2000000," C1 "',
      'S1,M2,2023-07-01,ngs,Negative,2000000,C1',
      'S1,M3,2023-07-01,Ngs,NEGATIVE,2.0e6,"C""1"',
      'S1,M4,2023-07-01,PCR,NEGATIVE,2000000,C1',
      'S1,M5,2023-07-01,PCR,NEGATIVE,2000000,C1',
      'S1,M6, 2023-07-01 ,NGS,NEGATIVE, 2000000 ,',
    ].join('\n');
    const t = await readTable(folderWith('mrd.csv', text), MRD);
    expect(t.n).toBe(4);
    const method = t.text.METHOD;
    expect(new Set(method.codes).size).toBe(1);
    expect(method.at(3)).toBe('NGS');
    expect(t.text.LAB.toArray()).toEqual(['C1', 'C1', 'C"1', null]); // cells are trimmed
    expect(t.text.LAB.codes[0]).toBe(t.text.LAB.codes[1]);
    expect(Array.from(t.num.CELLS)).toEqual([2e6, 2e6, 2e6, 2e6]);
    expect(Array.from(t.num.COLLDT).every((d) => d === t.num.COLLDT[0])).toBe(true);
    expect(t.num.DNANG.every((v) => Number.isNaN(v))).toBe(true); // absent column
    expect(t.text.SPEC.toArray()).toEqual(['BM', 'BM', 'BM', 'BM']); // absent, with its default
    expect(t.rejected.map((p) => [p.line, p.column, p.value])).toEqual([
      [5, 'METHOD', 'PCR'],
      [6, 'METHOD', 'PCR'],
    ]);
  });

  it('gives a value first read as its own bytes the same code when it recurs padded or case-folded later (the dictionary index is built only then)', async () => {
    const text = [
      'USUBJID,SAMPLEID,COLLDT,METHOD,RESULT,CELLS,LAB',
      'S1,M1,2023-07-01,NGS,NEGATIVE,2000000,C1',
      'S2,M2,2023-07-01,NGS,NEGATIVE,2000000,C2',
      'S2,M3,2023-07-01,PCR,NEGATIVE,2000000,C3', // rejected (METHOD)
      ' S1 ,M4,2023-07-01,ngs,NEGATIVE,2000000," C2"',
      'S2,M5,2023-07-01,NGS,NEGATIVE,2000000,C1',
      '"S3",M6,2023-07-01,NGS,NEGATIVE,2000000,"C""3"',
      'S3,M7,2023-07-01,NGS,NEGATIVE,2000000,C4 ',
    ].join('\n');
    const t = await readTable(folderWith('mrd.csv', text), MRD);
    expect(t.rejected.map((p) => [p.line, p.column])).toEqual([[4, 'METHOD']]);
    const subject = t.text.USUBJID;
    const lab = t.text.LAB;
    expect(subject.toArray()).toEqual(['S1', 'S2', 'S1', 'S2', 'S3', 'S3']);
    expect(lab.toArray()).toEqual(['C1', 'C2', 'C2', 'C1', 'C"3', 'C4']);
    for (const c of [subject, lab]) {
      // one code per value: equal values, equal codes, and no value twice in the dictionary
      expect(c.distinct).toBe(true);
      expect(new Set(c.dict).size).toBe(c.dict.length);
      const values = c.toArray();
      for (let i = 0; i < values.length; i++) for (let j = 0; j < values.length; j++) expect(c.codes[i] === c.codes[j]).toBe(values[i] === values[j]);
    }
    expect(new Set(t.text.METHOD.codes).size).toBe(1);
  });

  it('keeps a mostly-distinct column (SAMPLEID) row by row past the dictionary probe', async () => {
    const rows = 70_000; // beyond the 65,536 rows after which the reader stops deduplicating such a column
    const lines = ['USUBJID,SAMPLEID,COLLDT,METHOD,RESULT,MRDLEVEL'];
    for (let i = 0; i < rows; i++) lines.push(`S${i % 7},M${i % 60_000},2023-07-${String(1 + (i % 28)).padStart(2, '0')},NGS,POSITIVE,${(i + 1) / 1e6}`);
    // after the probe: blanks to trim, quotes, non-ASCII text, and a missing SAMPLEID (rejected)
    lines.push('S1, M-pad ,2023-07-01,NGS,POSITIVE,0.1', 'S1,"M,""q""",2023-07-01,NGS,POSITIVE,0.1', 'S1,样本１,2023-07-01,NGS,POSITIVE,0.1', 'S1,,2023-07-01,NGS,POSITIVE,0.1');
    const t = await readTable(folderWith('mrd.csv', lines.join('\n')), MRD);
    expect(t.n).toBe(rows + 3);
    expect([t.text.SAMPLEID.at(rows), t.text.SAMPLEID.at(rows + 1), t.text.SAMPLEID.at(rows + 2)]).toEqual(['M-pad', 'M,"q"', '样本１']);
    expect(t.rejected.map((p) => [p.line, p.column, p.rule])).toEqual([[rows + 5, 'SAMPLEID', 'value.required']]);
    expect(t.text.SAMPLEID.equalAt(0, 60_000)).toBe(true);
    expect(t.text.SAMPLEID.equalAt(0, 60_001)).toBe(false);
    expect(t.text.SAMPLEID.distinct).toBe(false);
    expect(t.text.USUBJID.distinct).toBe(true);
    expect(t.text.USUBJID.dict.length).toBe(8);
    for (const i of [0, 59_999, 60_000, 65_535, 65_536, 69_999]) {
      expect(t.text.SAMPLEID.at(i)).toBe(`M${i % 60_000}`);
      expect(t.num.MRDLEVEL[i]).toBe((i + 1) / 1e6);
      expect(t.line[i]).toBe(i + 2);
    }
  });

  it('checks dates by the date rules after a date column stops being remembered (mostly distinct values)', async () => {
    const lines = ['USUBJID,SAMPLEID,COLLDT,METHOD,RESULT'];
    const day0 = Date.UTC(1900, 0, 1);
    for (let i = 0; i < 66_000; i++) lines.push(`S1,M${i},${new Date(day0 + i * 86_400_000).toISOString().slice(0, 10)},NGS,NEGATIVE`);
    lines.push('S1,X1,20240315,NGS,NEGATIVE', 'S1,X2,2024-03-15,NGS,NEGATIVE');
    const t = await readTable(folderWith('mrd.csv', lines.join('\n')), MRD);
    expect(t.n).toBe(66_001);
    expect(t.rejected.map((p) => [p.line, p.column, p.value, p.rule])).toEqual([[66_002, 'COLLDT', '20240315', 'date.iso']]);
    expect(t.num.COLLDT[66_000]).toBe(Date.UTC(2024, 2, 15) / 86_400_000);
  });
});

describe('readTable: columns sized from the file', () => {
  it('holds 200,000 rows in arrays at most 5% larger than the rows (doubling alone: up to 2x), values unchanged', async () => {
    const n = 200_000;
    const rows = ['USUBJID,SAMPLEID,COLLDT,METHOD,RESULT,MRDLEVEL,CELLS'];
    for (let i = 0; i < n; i++) rows.push(`S${i % 5000},M${i},2023-07-${String(1 + (i % 28)).padStart(2, '0')},${i % 3 ? 'NGS' : 'NGF'},${i % 7 ? 'NEGATIVE' : 'POSITIVE'},${i % 7 ? '' : '1E-4'},${2_000_000 + i}`);
    const t = await readTable(folderWith('mrd.csv', rows.join('\n') + '\n'), MRD);
    expect(t.n).toBe(n);
    const slack = (a: ArrayBufferView, bytesPerRow: number) => a.buffer.byteLength / (n * bytesPerRow);
    for (const col of [t.num.COLLDT, t.num.CELLS, t.num.MRDLEVEL]) expect(slack(col, 8)).toBeLessThanOrEqual(1.05);
    expect(slack(t.line, 4)).toBeLessThanOrEqual(1.05);
    expect(slack(t.text.METHOD.codes, 4)).toBeLessThanOrEqual(1.05);
    // SAMPLEID turns into a byte pool after the first rows; its offsets are sized from the estimate too
    const ids = t.text.SAMPLEID.bytes!;
    expect(slack(ids.from, 4)).toBeLessThanOrEqual(1.05);
    expect(ids.pool.buffer.byteLength).toBeLessThanOrEqual(1.05 * ids.pool.byteLength + 4096);
    expect([t.text.SAMPLEID.at(0), t.text.SAMPLEID.at(n - 1), t.num.CELLS[n - 1], t.line[n - 1]]).toEqual(['M0', `M${n - 1}`, 2_000_000 + n - 1, n + 1]);
  });

  it('estimates the rows from windows spread over the file: at or above 200,000 rows of varying length and within the 5% a column may keep unused, exact on a small file', () => {
    const n = 200_000;
    const rows = ['A,B'];
    for (let i = 0; i < n; i++) rows.push(`${i},${'x'.repeat(i % 17)}`);
    const dir = folderWith('big.csv', rows.join('\n') + '\n');
    const file = join(dir, 'big.csv');
    const size = rows.join('\n').length + 1;
    const est = estimateRows(file, 0, size);
    expect(est).toBeGreaterThanOrEqual(n);
    expect(est).toBeLessThanOrEqual(n / 0.95);
    // a part of the file (the second half of a split read)
    const half = Math.floor(size / 2);
    expect(estimateRows(file, half, size)).toBeGreaterThan(0.45 * n);
    expect(estimateRows(file, half, size)).toBeLessThan(0.56 * n);
    writeFileSync(join(dir, 'small.csv'), 'A\n1\n2\n');
    expect(estimateRows(join(dir, 'small.csv'), 0, 6)).toBe(4);
  });

  it('returns a reserved column without copying it when the estimate was good, and copies a mostly empty one', () => {
    const g = new GrowableFloat64();
    g.reserve(1000);
    for (let i = 0; i < 990; i++) g.push(i);
    expect(g.values().buffer).toBe(g.data.buffer);
    const h = new GrowableFloat64();
    h.reserve(1000);
    for (let i = 0; i < 500; i++) h.push(i);
    expect(h.values().buffer).not.toBe(h.data.buffer);
    expect(h.values().buffer.byteLength).toBe(500 * 8);
    expect(Array.from(h.values().subarray(498))).toEqual([498, 499]);
  });
});
