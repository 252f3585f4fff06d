import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '../../errors.js';

/**
 * Excel workbooks (.xlsx), read with the registry package read-excel-file (maintained, ESM, 3.4 MB with
 * its dependencies; exceljs, the other candidate, weighs 23 MB and pulls deprecated packages; both read
 * 10^5 rows in about 2 s here, docs/performance.md). Cells arrive as strings, numbers, booleans or,
 * for cells with a date number format, Date objects at UTC midnight. A workbook holds at most
 * 1,048,576 rows, so it is read whole.
 */

export type XlsxCell = string | number | boolean | Date | null;

export interface XlsxSheet {
  /** the sheet read */
  sheet: string;
  /** rows as read; `rowNumber[i]` is row i's number in the sheet (1 = its first row) */
  rows: XlsxCell[][];
  rowNumber: number[];
  sha256: string;
  bytes: number;
}

/** Reads one sheet (named, else the first) of a workbook. */
export async function readXlsxSheet(path: string, display: string, sheet?: string): Promise<XlsxSheet> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError({ file: display, rule: 'file.unreadable', message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})` });
  }
  if (bytes.length === 0) throw new UserError({ file: display, rule: 'file.empty', message: 'the file is empty' });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { default: readWorkbook } = await import('read-excel-file/node');
  let sheets: { sheet: string; data: XlsxCell[][] }[];
  try {
    sheets = (await readWorkbook(bytes)) as { sheet: string; data: XlsxCell[][] }[];
  } catch (e) {
    throw new UserError({ file: display, rule: 'xlsx.malformed', message: `not a readable Excel workbook (.xlsx): ${(e as Error).message.split('\n')[0]}` });
  }
  if (sheets.length === 0) throw new UserError({ file: display, rule: 'xlsx.malformed', message: 'the workbook holds no sheet' });
  const found = sheet === undefined ? sheets[0] : sheets.find((s) => s.sheet === sheet) ?? sheets.find((s) => s.sheet.toUpperCase() === sheet.toUpperCase());
  if (found === undefined)
    throw new UserError({ file: display, column: 'sheet', value: sheet, rule: 'xlsx.sheet', message: `the workbook has no sheet named ${sheet} (sheets: ${sheets.map((s) => s.sheet).join(', ')})` });
  return { sheet: found.sheet, rows: found.data, rowNumber: found.data.map((_, i) => i + 1), sha256, bytes: bytes.length };
}

/** Whether bytes start like a ZIP archive (an .xlsx workbook is one). */
export function isZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}
