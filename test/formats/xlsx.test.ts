import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import writeExcelFile from 'write-excel-file/node';
import { readTable } from '../../pipeline/ingest/readTable.js';
import { MRD } from '../../model/schema.js';
import { UserError } from '../../pipeline/errors.js';
import { formatDay } from '../../pipeline/ingest/dates.js';

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  dirs = [];
});
async function workbook(sheets: { sheet: string; data: unknown[][] }[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'mrd-xlsx-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'lab.xlsx'), Buffer.from(await writeExcelFile(sheets as never).toBuffer()));
  return dir;
}
const s = (value: string) => ({ value, type: String });
const n = (value: number) => ({ value, type: Number });
const header = ['USUBJID', 'SAMPLEID', 'COLLDT', 'METHOD', 'RESULT', 'MRDLEVEL', 'CELLS'].map(s);

describe('XLSX workbooks', () => {
  it('reads a named sheet: date cells, Excel serial numbers as dates, sheet row numbers, blank rows skipped', async () => {
    const dir = await workbook([
      { sheet: 'Notes', data: [[s('not the data')]] },
      {
        sheet: 'Results',
        data: [
          header,
          [s('S1'), s('M1'), { value: new Date('2024-03-15T00:00:00Z'), type: Date, format: 'dd.mm.yyyy' }, s('NGS'), s('NEGATIVE'), null, n(2000000)],
          // 45366 is 2024-03-15 in Excel's 1900 date system (a cell left in General format)
          [s('S1'), s('M2'), n(45366), s('NGF'), s('POSITIVE'), n(0.00032), n(1500000)],
          [null, null, null, null, null, null, null],
          [s('S2'), s('M3'), s('15.03.2024'), s('NGS'), s('NEGATIVE'), null, n(3000000)],
        ],
      },
    ]);
    const t = await readTable(dir, MRD, [], false, undefined, { file: 'lab.xlsx', sheet: 'Results', columns: {}, where: [], origin: 'mapping' });
    expect(t.format).toBe('xlsx');
    expect(t.rowsRead).toBe(3);
    expect(Array.from(t.num.COLLDT, formatDay)).toEqual(['2024-03-15', '2024-03-15']);
    expect(Array.from(t.line)).toEqual([2, 3]);
    expect(t.num.MRDLEVEL[1]).toBe(0.00032);
    expect(t.rejected.map((p) => [p.line, p.lineUnit, p.column, p.value, p.rule])).toEqual([[5, 'row', 'COLLDT', '15.03.2024', 'date.iso']]);
  });

  it('names the sheets when the one asked for is not there, and reads the first sheet by default', async () => {
    const dir = await workbook([{ sheet: 'First', data: [header, [s('S1'), s('M1'), s('2024-01-01'), s('NGS'), s('NEGATIVE'), null, n(10)]] }, { sheet: 'Second', data: [[s('x')]] }]);
    const err = await readTable(dir, MRD, [], false, undefined, { file: 'lab.xlsx', sheet: 'Results', columns: {}, where: [], origin: 'mapping' }).catch((e: unknown) => e);
    expect((err as UserError).problem).toMatchObject({ file: 'lab.xlsx', rule: 'xlsx.sheet' });
    expect((err as UserError).message).toContain('sheets: First, Second');
    const t = await readTable(dir, MRD, [], false, undefined, { file: 'lab.xlsx', columns: {}, where: [], origin: 'mapping' });
    expect(t.text.SAMPLEID.toArray()).toEqual(['M1']);
  });
});
