import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { doubleToIbm, ibmMissingKind, ibmToDouble } from '../../pipeline/ingest/formats/ibmFloat.js';
import { scanXport, xportNumber, type XportVariable } from '../../pipeline/ingest/formats/xport.js';
import { writeXport, xportChunks } from '../../reports/render/xportWriter.js';
import { readTable } from '../../pipeline/ingest/readTable.js';
import { SUBJECTS } from '../../model/schema.js';
import { UserError } from '../../pipeline/errors.js';
import { formatDay } from '../../pipeline/ingest/dates.js';

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  dirs = [];
});
function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'mrd-xpt-'));
  dirs.push(d);
  return d;
}
const ibm = (hex: string) => Buffer.from(hex.replace(/ /g, ''), 'hex');

describe('IBM hexadecimal floating point', () => {
  it.each([
    // hand-worked: 0x41 = 16^1, fraction 0x10... = 1/16 -> 1; 0xC2 = -16^2, 0x76A = 1898/4096 x 256 = 118.625
    ['41 10 00 00 00 00 00 00', 1],
    ['C1 10 00 00 00 00 00 00', -1],
    ['40 80 00 00 00 00 00 00', 0.5],
    ['C2 76 A0 00 00 00 00 00', -118.625],
    ['42 64 00 00 00 00 00 00', 100],
    ['00 00 00 00 00 00 00 00', 0],
  ])('%s is %d', (hex, value) => {
    expect(ibmToDouble(ibm(hex), 0, 8)).toBe(value);
    const out = Buffer.alloc(8);
    doubleToIbm(value, out, 0);
    expect(out.toString('hex')).toBe(hex.replace(/ /g, '').toLowerCase());
  });

  it('reads the missing values . _ .A-.Z, and a value stored in fewer than 8 bytes', () => {
    for (const first of [0x2e, 0x5f, 0x41, 0x5a]) {
      const b = Buffer.alloc(8);
      b[0] = first;
      expect(ibmToDouble(b, 0, 8)).toBeNaN();
      expect(ibmMissingKind(b, 0, 8)).toBe(String.fromCharCode(first));
    }
    expect(ibmMissingKind(ibm('41 10 00 00 00 00 00 00'), 0, 8)).toBeNull();
    // LENGTH 3: only the first three bytes are stored
    expect(ibmToDouble(ibm('42 64 00'), 0, 3)).toBe(100);
  });

  it('round-trips every double it can hold bit for bit (20,000 random values)', () => {
    const out = Buffer.alloc(8);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e74, max: 1e74 }), (v) => {
        doubleToIbm(v, out, 0);
        const back = ibmToDouble(out, 0, 8);
        return Math.abs(v) < 5.4e-79 ? back === 0 : Object.is(back, v === 0 ? 0 : v) || (v === 0 && back === 0);
      }),
      { numRuns: 20_000 },
    );
  });

  it('refuses what IBM cannot hold', () => {
    expect(() => doubleToIbm(Infinity, Buffer.alloc(8), 0)).toThrow(RangeError);
    expect(() => doubleToIbm(1e76, Buffer.alloc(8), 0)).toThrow(RangeError);
  });
});

describe('writeXport and scanXport', () => {
  const dataset = {
    name: 'ADTEST',
    label: 'Test data set',
    columns: [
      { name: 'USUBJID', label: 'Unique Subject Identifier', type: 'char' as const },
      { name: 'AVAL', label: 'Analysis Value', type: 'num' as const },
      { name: 'ADT', label: 'Analysis Date', type: 'num' as const, format: 'DATE9.' },
    ],
    values: [['S1', 'S2', '高危'], [1.5, null, 3.2e-6], [22000, 22001, null]],
    rows: 3,
  };

  it('writes what it reads back, with labels, formats and a fixed time stamp', async () => {
    const dir = folder();
    const file = join(dir, 'adtest.xpt');
    const bytes = writeXport(dataset, new Date(Date.UTC(2024, 0, 26)));
    expect(bytes.length % 80).toBe(0);
    expect(bytes.toString('latin1', 144, 160)).toBe('26JAN24:00:00:00');
    writeFileSync(file, bytes);
    const rows: unknown[][] = [];
    let vars: XportVariable[] = [];
    const scan = await scanXport(file, 'adtest.xpt', { decode: (b) => b.toString('utf8') }, (m) => (vars = m.variables), (row) => {
      rows.push(vars.map((v) => (v.type === 'num' ? xportNumber(row, v) : row.buf.toString('utf8', row.at + v.position, row.at + v.position + v.length).trimEnd())));
    });
    expect(scan.member.name).toBe('ADTEST');
    expect(scan.member.label).toBe('Test data set');
    expect(scan.member.variables.map((v) => [v.name, v.label, v.type, v.length, v.format])).toEqual([
      ['USUBJID', 'Unique Subject Identifier', 'char', 6, ''],
      ['AVAL', 'Analysis Value', 'num', 8, ''],
      ['ADT', 'Analysis Date', 'num', 8, 'DATE'],
    ]);
    expect(rows).toEqual([
      ['S1', 1.5, 22000],
      ['S2', Number.NaN, 22001],
      ['高危', 3.2e-6, Number.NaN],
    ]);
  });


  it('writes in blocks what it writes at once, and reads back 20,001 rows across block boundaries', async () => {
    const n = 20_001;
    const ds = {
      name: 'BIG', label: '',
      columns: [{ name: 'ID', label: '', type: 'char' as const }, { name: 'X', label: '', type: 'num' as const }],
      values: [Array.from({ length: n }, (_, i) => `S${i}`), Float64Array.from({ length: n }, (_, i) => i / 7)],
      rows: n,
    };
    const blocks = [...xportChunks(ds, new Date(0))];
    expect(blocks.length).toBeGreaterThan(4);
    const file = join(folder(), 'big.xpt');
    writeFileSync(file, Buffer.concat(blocks));
    expect(Buffer.concat(blocks).length % 80).toBe(0);
    let vars: XportVariable[] = [];
    let bad = 0;
    const scan = await scanXport(file, 'big.xpt', { decode: (b) => b.toString('latin1') }, (m) => (vars = m.variables), (row, obs) => {
      const id = row.buf.toString('latin1', row.at, row.at + vars[0].length).trimEnd();
      if (id !== `S${obs - 1}` || xportNumber(row, vars[1]) !== (obs - 1) / 7) bad++;
    });
    expect([scan.rows, bad]).toEqual([n, 0]);
  });

  it('takes the blank padding of the last record for padding, however many observations it spans', async () => {
    // 16-byte observations: 6 rows end 64 bytes short of a record boundary, 4 blank "observations"
    const dir = folder();
    const file = join(dir, 'pad.xpt');
    const ids = ['T001', 'T002', 'T003', 'T004', 'T005', 'T006'];
    writeFileSync(
      file,
      writeXport(
        { name: 'PAD', label: '', columns: [{ name: 'USUBJID', label: '', type: 'char' }, { name: 'ARMCD', label: '', type: 'char' }, { name: 'ITTFL', label: '', type: 'char' }, { name: 'RANDDT', label: '', type: 'num' }], values: [ids, ids.map(() => 'ISA'), ids.map(() => 'Y'), ids.map(() => 1)], rows: 6 },
        new Date(0),
      ),
    );
    const got: number[] = [];
    const scan = await scanXport(file, 'pad.xpt', { decode: (b) => b.toString('latin1') }, () => {}, (_row, obs) => got.push(obs));
    expect(scan.member.obsLength).toBe(16);
    expect([scan.rows, got]).toEqual([6, [1, 2, 3, 4, 5, 6]]);
  });
  it('refuses names, labels and lengths beyond version 5', () => {
    const when = new Date(0);
    expect(() => writeXport({ ...dataset, name: 'TOOLONGNAME' }, when)).toThrow(/SAS V5 name/);
    expect(() => writeXport({ ...dataset, columns: [{ ...dataset.columns[0], label: 'x'.repeat(41) }, ...dataset.columns.slice(1)] }, when)).toThrow(/40 characters/);
    expect(() => writeXport({ ...dataset, values: [['x'.repeat(201), 'a', 'b'], ...dataset.values.slice(1)] }, when)).toThrow(/200/);
  });

  it('reads an ADSL through readTable: SAS dates, numbers, record numbers in every rejection', async () => {
    const dir = folder();
    writeFileSync(
      join(dir, 'subjects.xpt'),
      writeXport(
        {
          name: 'SUBJECTS',
          label: 'Subjects',
          columns: [
            { name: 'USUBJID', label: 'Unique Subject Identifier', type: 'char' },
            { name: 'ARM', label: 'Arm', type: 'char' },
            { name: 'RANDDT', label: 'Date of Randomization', type: 'num', format: 'DATE9.' },
            { name: 'AGE', label: 'Age', type: 'num' },
          ],
          values: [['S1', 'S2', 'S3'], ['A', 'B', 'A'], [23000, null, 23010.5], [64, 70, 200]],
          rows: 3,
        },
        new Date(0),
      ),
    );
    const t = await readTable(dir, SUBJECTS, [], false, undefined, { file: 'subjects.xpt', columns: {}, where: [], origin: 'native' });
    expect(t.format).toBe('xpt');
    expect(t.n).toBe(1);
    expect(formatDay(t.num.RANDDT[0])).toBe('2022-12-21'); // SAS day 23000
    expect(t.num.AGE[0]).toBe(64);
    expect(t.rejected.map((p) => [p.line, p.lineUnit, p.column, p.rule, p.subject])).toEqual([
      [2, 'record', 'RANDDT', 'value.required', 'S2'],
      [3, 'record', 'RANDDT', 'date.sas', 'S3'],
    ]);
    expect(String(new UserError(t.rejected[1]).message)).toContain('subjects.xpt, record 3: column RANDDT');
  });

  it('names truncated files, wrong magic and files that are no transport file at all', async () => {
    const dir = folder();
    const good = writeXport(dataset, new Date(0));
    const cases: [string, Buffer, RegExp][] = [
      ['cut.xpt', good.subarray(0, good.length - 50), /truncated/],
      ['head.xpt', good.subarray(0, 300), /ends inside/],
      ['magic.xpt', Buffer.concat([Buffer.from('HEADER RECORD*******LIBRARX'), good.subarray(27)]), /not a SAS transport/],
      ['text.xpt', Buffer.from('USUBJID,ARM\nS1,A\n'), /named \.xpt but is not a SAS transport/],
    ];
    for (const [name, bytes, message] of cases) {
      writeFileSync(join(dir, name), bytes);
      const spec = { table: 'tte' as const, file: name, required: true, columns: [{ name: 'USUBJID', type: 'string' as const, required: true }, { name: 'AVAL', type: 'number' as const }] };
      const err = await readTable(dir, spec, [], false, undefined, { file: name, columns: {}, where: [], origin: 'native' }).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(UserError);
      expect((err as UserError).problem.file).toBe(name);
      expect((err as UserError).message, name).toMatch(message);
      expect((err as UserError).problem.rule).toBe('xpt.malformed');
    }
  });

  it('reads the haven fixtures through readTable as the same table from version 5 and 8', async () => {
    const fixtures = new URL('../oracle/fixtures/xport/', import.meta.url).pathname;
    const spec = { table: 'tte' as const, file: 'x', required: true, columns: [{ name: 'ID', type: 'string' as const }, { name: 'X', type: 'number' as const }, { name: 'ADT', type: 'date' as const }] };
    const t5 = await readTable(fixtures, spec, [], false, undefined, { file: 'haven_v5.xpt', columns: {}, where: [], origin: 'native' });
    const t8 = await readTable(fixtures, spec, [], false, undefined, { file: 'haven_v8.xpt', columns: {}, where: [], origin: 'native' });
    // negative numbers fall outside no range here; row 18 has X missing; every row is kept
    expect(t5.n).toBe(400);
    expect(Array.from(t5.num.X)).toEqual(Array.from(t8.num.X));
    expect(Array.from(t5.num.ADT)).toEqual(Array.from(t8.num.ADT));
    expect(readFileSync(join(fixtures, 'haven_v8.xpt')).toString('latin1', 0, 28)).toBe('HEADER RECORD*******LIBV8   ');
  });
});
