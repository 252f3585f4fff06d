import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateStudy, type Validation } from '../../pipeline/validate/validateStudy.js';
import { RULES } from '../../pipeline/validate/issues.js';
import { messyTransferStudy } from '../../data-samples/messy-transfer/generate.js';
import type { Defect } from '../../data-samples/messy-lab/generate.js';

const DIR = 'data-samples/messy-transfer';
let files: Map<string, Buffer | string>;
let defects: Defect[];
let v: Validation;
beforeAll(async () => {
  ({ files, defects } = await messyTransferStudy());
  v = await validateStudy(DIR);
});

const key = (d: { file: string; line: number | null; subject: string | null; rule: string; severity: string }) => `${d.file}|${d.line}|${d.subject}|${d.rule}|${d.severity}`;

describe('the messy-transfer study (XPT, GB18030 lab CSV through mapping.yaml, XLSX, Dataset-JSON)', () => {
  it('is exactly what its committed generator writes, byte for byte', () => {
    for (const [name, content] of files) {
      const want = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      expect(readFileSync(join(DIR, name)).equals(want), name).toBe(true);
    }
  });

  it('gets every seeded defect reported at its file, record and subject, with its rule and severity, and nothing else', () => {
    expect(v.issues.map(key).sort()).toEqual(defects.map(key).sort());
  });

  it('reads every format: 6 ADSL records, 10 ADRS, 5 ADTTE, 9 lab lines, 2 sheet rows, 2 JSON records', () => {
    const byFile = Object.fromEntries(v.accounting.map((a) => [a.file, [a.rowsRead, a.rowsUsed, a.rowsRejected, a.rowsSkipped]]));
    expect(byFile).toEqual({
      'adsl.xpt': [6, 5, 1, 0],
      'adrs.xpt': [10, 10, 0, 0],
      'adtte.xpt': [5, 5, 0, 0],
      'lab.csv': [9, 7, 2, 0],
      'therapy.xlsx': [2, 1, 1, 0],
      'imaging.json': [2, 1, 1, 0],
    });
    for (const a of v.accounting) {
      const rejectedIssues = v.issues.filter((i) => i.file === a.file && RULES[i.rule].rejectsRow);
      expect(rejectedIssues.length, a.file).toBe(a.rowsRejected);
    }
  });

  it('quotes the lab\'s own column and words, decoded from GB18030, and the code list it was checked against', () => {
    const unmapped = v.issues.find((i) => i.rule === 'mapping.unmapped-value')!;
    expect(unmapped.sample).toBe('T001-M09');
    expect(unmapped.message).toContain('column Outcome, value "Indeterminate"');
    expect(unmapped.message).toContain('"阴性", "阳性"');
    expect(v.issues.find((i) => i.rule === 'date.sas')!.message).toContain('value "23079.5"');
    expect(v.issues.find((i) => i.rule === 'date.excel')!.message).toContain('value "12"');
  });

  it('reads the decimal-comma percent level and the mapped words into the sample table', () => {
    // seven month-6 NGS positives at 0,012 % = 1.2e-4 of 1.5 million cells, bone marrow, central (the
    // one received at "25:10" is kept, its receipt time read as empty)
    expect(v.samples).toBe(7);
  });
});
