import { afterEach, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeStudy } from '../helpers/studyFixture.js';
import { readStudy } from '../../pipeline/ingest/readStudy.js';
import { validateStudy } from '../../pipeline/validate/validateStudy.js';
import { UserError } from '../../pipeline/errors.js';
import { formatDay } from '../../pipeline/ingest/dates.js';
import { writeXport } from '../../reports/render/xportWriter.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});
function study(files: Record<string, string | Buffer>, drop: string[] = []): string {
  const s = writeStudy({ subjects: [{ USUBJID: 'S1', ARM: 'A', RANDDT: '2023-01-01' }, { USUBJID: 'S2', ARM: 'B', RANDDT: '2023-01-02' }] });
  cleanups.push(s.cleanup);
  for (const f of drop) rmSync(join(s.dir, f));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(s.dir, name), content);
  return s.dir;
}

// A central lab's semicolon export with a decimal comma, its own titles and vocabulary
const LAB = [
  'Patient;Accession;Collected;Assay;Outcome;MRD (%);Events;Comment',
  'S1;A-1;15.03.2023;EuroFlow NGF;Not detected;;4000000;routine',
  'S1;A-2;15.09.2023;clonoSEQ;Detected;0,0032;;routine',
  'S2;A-3;01.04.2023;clonoSEQ;Indeterminate;;;repeat requested',
  'S2;A-4;01.05.2023;clonoSEQ;Not detected;;2000000;Hemolysed',
].join('\n');
const MAPPING = `tables:
  mrd:
    file: lab.csv
    delimiter: ";"
    decimal: ","
    dateFormat: DD.MM.YYYY
    columns:
      USUBJID: Patient
      SAMPLEID: Accession
      COLLDT: Collected
      METHOD: { column: Assay, values: { EuroFlow NGF: NGF, clonoSEQ: NGS } }
      RESULT: { column: Outcome, values: { Not detected: NEGATIVE, Detected: POSITIVE } }
      MRDLEVEL: { column: MRD (%), unit: percent }
      CELLS: { column: Events, unit: events }
      CENTRAL: { constant: Y }
      FAILRSN: { column: Comment, values: { routine: "" , repeat requested: REPEAT } }
`;

describe('mapping.yaml: a lab transfer in its own layout', () => {
  it('renames columns, applies code lists, units, decimal commas, date formats and constants', async () => {
    const dir = study({ 'lab.csv': LAB, 'mapping.yaml': MAPPING }, ['mrd.csv']);
    const s = await readStudy(dir);
    const m = s.tables.mrd;
    expect(m.file).toBe('lab.csv');
    expect(m.text.SAMPLEID.toArray()).toEqual(['A-1', 'A-2', 'A-4']);
    expect(m.text.METHOD.toArray()).toEqual(['NGF', 'NGS', 'NGS']);
    expect(m.text.RESULT.toArray()).toEqual(['NEGATIVE', 'POSITIVE', 'NEGATIVE']);
    expect(Array.from(m.num.COLLDT, formatDay)).toEqual(['2023-03-15', '2023-09-15', '2023-05-01']);
    // 0,0032 % is exactly the double of 3.2E-05 (a decimal shift, not a multiplication by 0.01)
    expect(m.num.MRDLEVEL[1]).toBe(3.2e-5);
    expect(m.text.CENTRAL.toArray()).toEqual(['Y', 'Y', 'Y']);
    // an outcome the code list does not name, and that is no result code, rejects the row ...
    expect(m.rejected.map((p) => [p.line, p.column, p.value, p.rule, p.subject, p.sample])).toEqual([[4, 'Outcome', 'Indeterminate', 'mapping.unmapped-value', 'S2', 'A-3']]);
    // ... and a free-text value it does not name is kept, with a note
    expect(m.text.FAILRSN.toArray()).toEqual([null, null, 'Hemolysed']);
    expect(m.notes.map((p) => [p.line, p.column, p.value, p.rule])).toEqual([[5, 'Comment', 'Hemolysed', 'mapping.unlisted-value']]);
    expect(s.inputs.map((i) => [i.file, i.table ?? null, i.layout ?? null])).toContainEqual(['lab.csv', 'mrd', 'mapping']);
    expect(s.inputs[1]).toMatchObject({ file: 'mapping.yaml', format: 'yaml' });
  });

  it('makes every unmapped value a query in mrd validate', async () => {
    const dir = study({ 'lab.csv': LAB, 'mapping.yaml': MAPPING }, ['mrd.csv']);
    const v = await validateStudy(dir);
    const q = v.issues.filter((i) => i.rule.startsWith('mapping.'));
    expect(q.map((i) => [i.file, i.line, i.subject, i.sample, i.rule, i.severity])).toEqual([
      ['lab.csv', 4, 'S2', 'A-3', 'mapping.unmapped-value', 'error'],
      ['lab.csv', 5, 'S2', 'A-4', 'mapping.unlisted-value', 'warning'],
    ]);
    expect(v.accounting.find((a) => a.file === 'lab.csv')).toEqual({ file: 'lab.csv', rowsRead: 4, rowsUsed: 3, rowsRejected: 1, rowsSkipped: 0 });
  });

  it('keeps only the rows a where filter selects, and counts the others', async () => {
    const tte = 'USUBJID,PARAMCD,STARTDT,ADT,CNSR\nS1,PFS,2023-01-01,2024-01-01,1\nS1,TTP,2023-01-01,2024-01-01,1\nS2,PFS,2023-01-02,2024-01-01,0\n';
    const dir = study({ 'times.csv': tte, 'mapping.yaml': 'tables:\n  tte: { file: times.csv, where: { PARAMCD: [PFS] } }\n' }, ['tte.csv']);
    const s = await readStudy(dir);
    expect(s.tables.tte.n).toBe(2);
    expect(s.tables.tte.skipped).toEqual([{ rule: 'source.where', message: 'rows whose PARAMCD is not PFS are not read (mapping.yaml)', count: 1 }]);
  });

  it.each([
    ['an unknown table', 'tables:\n  mdr: lab.csv\n', 2, 'mapping.unknown-table', /did you mean mrd/],
    ['an unknown column', 'tables:\n  mrd:\n    file: lab.csv\n    columns:\n      COLDT: Collected\n', 5, 'mapping.unknown-column', /did you mean COLLDT/],
    ['a unit a column cannot take', 'tables:\n  mrd:\n    file: lab.csv\n    columns:\n      MRDLEVEL: { column: X, unit: log10 }\n', 5, 'mapping.unit', /percent/],
    ['a code list target that is no code', 'tables:\n  mrd:\n    file: lab.csv\n    columns:\n      RESULT: { column: X, values: { Detected: POS } }\n', 5, 'mapping.allowed', /NEGATIVE, POSITIVE/],
    ['a date format without a year', 'tables:\n  mrd:\n    file: lab.csv\n    dateFormat: DD/MM\n', 4, 'mapping.date-format', /YYYY/],
    ['an unknown key', 'tables:\n  mrd:\n    file: lab.csv\n    sheets: A\n', 4, 'plan.unknown-key', /did you mean sheet/],
    ['a file outside the study folder', 'tables:\n  mrd: ../lab.csv\n', 2, 'mapping.file', /inside the study folder/],
  ])('refuses %s, naming its line', async (_what, mapping, line, rule, message) => {
    const dir = study({ 'lab.csv': LAB, 'mapping.yaml': mapping });
    const err = await readStudy(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).problem).toMatchObject({ file: 'mapping.yaml', line, rule });
    expect((err as UserError).message).toMatch(message);
  });

  it('names the source column a mapping asks for when the file lacks it', async () => {
    const dir = study({ 'lab.csv': LAB, 'mapping.yaml': MAPPING.replace('USUBJID: Patient', 'USUBJID: Patient No') }, ['mrd.csv']);
    const err = await readStudy(dir).catch((e: unknown) => e);
    expect((err as UserError).problem).toMatchObject({ file: 'lab.csv', line: 1, column: 'PATIENT NO', rule: 'header.missing-column' });
    expect((err as UserError).message).toContain('for USUBJID, as mapping.yaml says');
  });
});

describe('the ADaM layout: ADSL, ADRS and ADTTE with their standard names', () => {
  const when = new Date(0);
  const ch = (name: string, label: string) => ({ name, label, type: 'char' as const });
  const nm = (name: string, label: string, format?: string) => ({ name, label, type: 'num' as const, ...(format ? { format } : {}) });
  const day = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 3653);
  const adsl = writeXport(
    {
      name: 'ADSL',
      label: 'Subject-Level Analysis Dataset',
      columns: [ch('USUBJID', 'Unique Subject Identifier'), ch('TRT01P', 'Planned Treatment for Period 01'), ch('RANDFL', 'Randomized Population Flag'), nm('RANDDT', 'Date of Randomization', 'DATE9.')],
      values: [['S1', 'S2', 'SF1'], ['A', 'B', 'Screen Failure'], ['Y', 'Y', 'N'], [day('2023-01-01'), day('2023-01-02'), null]],
      rows: 3,
    },
    when,
  );
  const adrs = writeXport(
    {
      name: 'ADRS',
      label: 'Response Analysis Dataset',
      columns: [ch('USUBJID', 'Unique Subject Identifier'), ch('PARAMCD', 'Parameter Code'), nm('ADT', 'Analysis Date', 'DATE9.'), ch('AVALC', 'Analysis Value (C)')],
      values: [['S1', 'S1', 'S1'], ['OVRLRESP', 'OVRLRESP', 'BOR'], [day('2023-03-01'), day('2023-06-01'), null], ['PR', 'sCR', 'sCR']],
      rows: 3,
    },
    when,
  );
  const adtte = writeXport(
    {
      name: 'ADTTE',
      label: 'Time-to-Event Analysis Dataset',
      columns: [ch('USUBJID', 'Unique Subject Identifier'), ch('PARAMCD', 'Parameter Code'), nm('STARTDT', 'Origin Date', 'DATE9.'), nm('ADT', 'Analysis Date', 'DATE9.'), nm('CNSR', 'Censor'), nm('AVAL', 'Analysis Value'), ch('AVALU', 'Analysis Value Unit')],
      values: [['S1', 'S2', 'S1'], ['PFSINV', 'PFSINV', 'OS'], [day('2023-01-01'), day('2023-01-02'), day('2023-01-01')], [day('2024-01-01'), day('2023-07-01'), day('2024-06-01')], [1, 0, 1], [366, 181, 518], ['DAYS', 'DAYS', 'DAYS']],
      rows: 3,
    },
    when,
  );

  it('reads them with no renaming: arm from TRT01P, screen failures and BOR rows left out (counted), PFS named by the plan', async () => {
    const dir = study(
      { 'ADSL.XPT': adsl, 'adrs.xpt': adrs, 'adtte.xpt': adtte, 'study.yaml': `study: T\ncutoff: 2024-12-31\narms:\n  - { code: A, control: false }\n  - { code: B, control: true }\nadam:\n  pfsParam: PFSINV\n` },
      ['subjects.csv', 'response.csv', 'tte.csv'],
    );
    const s = await readStudy(dir);
    expect(s.sources.subjects).toMatchObject({ file: 'ADSL.XPT', origin: 'adam' });
    expect(s.tables.subjects.text.ARM.toArray()).toEqual(['A', 'B']);
    expect(s.tables.subjects.text.ITTFL.toArray()).toEqual(['Y', 'Y']); // RANDFL stands for ITTFL when ITTFL is absent
    expect(s.tables.subjects.skipped).toEqual([{ rule: 'source.where', message: 'rows whose RANDFL is not Y are not read (study layout)', count: 1 }]);
    expect(s.tables.response.text.AVALC.toArray()).toEqual(['PR', 'SCR']);
    expect(s.tables.response.skipped[0].count).toBe(1);
    expect(s.tables.tte.text.PARAMCD.toArray()).toEqual(['PFS', 'PFS', 'OS']);
    const v = await validateStudy(dir);
    expect(v.accounting).toContainEqual({ file: 'ADSL.XPT', rowsRead: 3, rowsUsed: 2, rowsRejected: 0, rowsSkipped: 1 });
  });

  it('falls back from TRT01P to ARM, and says what it looked for when a table is missing', async () => {
    const noTrt = writeXport(
      {
        name: 'ADSL',
        label: 'ADSL',
        columns: [ch('USUBJID', 'Unique Subject Identifier'), ch('ARM', 'Description of Planned Arm'), nm('RANDDT', 'Date of Randomization', 'DATE9.')],
        values: [['S1'], ['A'], [day('2023-01-01')]],
        rows: 1,
      },
      when,
    );
    const dir = study({ 'adsl.xpt': noTrt }, ['subjects.csv']);
    expect((await readStudy(dir)).tables.subjects.text.ARM.toArray()).toEqual(['A']);
    const none = study({}, ['subjects.csv']);
    const err = await readStudy(none).catch((e: unknown) => e);
    expect((err as UserError).problem).toMatchObject({ file: 'subjects.csv', rule: 'file.missing' });
    expect((err as UserError).message).toContain('ADSL (adsl.xpt, ...)');
  });
});
