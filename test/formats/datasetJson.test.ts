import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanDatasetJson, scanDatasetNdjson, type JsonScalar } from '../../pipeline/ingest/formats/datasetJson.js';
import { writeDatasetJson } from '../../reports/render/datasetJsonWriter.js';
import { readTable } from '../../pipeline/ingest/readTable.js';
import { IMAGING } from '../../model/schema.js';
import { UserError } from '../../pipeline/errors.js';
import { formatDay } from '../../pipeline/ingest/dates.js';

let dirs: string[] = [];
afterEach(() => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  dirs = [];
});
function write(name: string, content: string | Buffer): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mrd-dsj-'));
  dirs.push(dir);
  writeFileSync(join(dir, name), content);
  return { dir, path: join(dir, name) };
}

const columns = [
  { itemOID: 'IT.USUBJID', name: 'USUBJID', label: 'Subject', dataType: 'string' },
  { itemOID: 'IT.ADT', name: 'ADT', label: 'Date', dataType: 'date', targetDataType: 'integer' },
  { itemOID: 'IT.RESULT', name: 'RESULT', label: 'Result', dataType: 'string' },
];
const meta = (extra: object = {}) => ({ datasetJSONCreationDateTime: '2024-01-26T00:00:00', datasetJSONVersion: '1.1.0', name: 'IMAGING', label: 'Imaging', records: 3, columns, ...extra });

describe('Dataset-JSON 1.1', () => {
  it('streams rows of scalars, escapes and UTF-8 included, whatever the key order before rows', async () => {
    const body = { ...meta(), rows: [['S1', '2024-01-02', 'NEGATIVE'], ['S"2\\', '2024-01-03', null], ['高危', '2024-01-04', 'POSITIVE']] };
    const { path } = write('a.json', JSON.stringify(body, null, 2));
    const rows: JsonScalar[][] = [];
    const scan = await scanDatasetJson(path, 'a.json', (m) => expect(m.columns.map((c) => c.name)).toEqual(['USUBJID', 'ADT', 'RESULT']), (v, n) => rows.push([n, ...v]));
    expect(scan.rows).toBe(3);
    expect(rows).toEqual([
      [1, 'S1', '2024-01-02', 'NEGATIVE'],
      [2, 'S"2\\', '2024-01-03', null],
      [3, '高危', '2024-01-04', 'POSITIVE'],
    ]);
    expect(scan.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a file larger than one read chunk, rows split across chunk boundaries', async () => {
    const n = 40_000;
    const rows = Array.from({ length: n }, (_, i) => [`SUBJECT-${String(i).padStart(6, '0')}-${'x'.repeat(i % 17)}`, i * 0.1, i % 3 === 0 ? null : true]);
    const cols = [
      { itemOID: 'A', name: 'A', label: 'A', dataType: 'string' },
      { itemOID: 'B', name: 'B', label: 'B', dataType: 'double' },
      { itemOID: 'C', name: 'C', label: 'C', dataType: 'boolean' },
    ];
    const { path } = write('big.json', JSON.stringify({ ...meta({ columns: cols, records: n }), rows }));
    let k = 0;
    let same = true;
    await scanDatasetJson(path, 'big.json', () => {}, (v) => {
      const r = rows[k++];
      same &&= v[0] === r[0] && v[1] === r[1] && v[2] === r[2];
    });
    expect(k).toBe(n);
    expect(same).toBe(true);
  });

  it('reads the NDJSON form and names the line of a bad row', async () => {
    const text = [JSON.stringify(meta()), JSON.stringify(['S1', '2024-01-02', 'NEGATIVE']), '', JSON.stringify(['S2', '2024-01-03', 'POSITIVE'])].join('\n');
    const { path } = write('a.ndjson', text);
    const lines: number[] = [];
    await scanDatasetNdjson(path, 'a.ndjson', () => {}, (_v, line) => lines.push(line));
    expect(lines).toEqual([2, 4]);
    const bad = write('b.ndjson', `${JSON.stringify(meta())}\n["S1", {"x": 1}, "N"]\n`);
    const err = await scanDatasetNdjson(bad.path, 'b.ndjson', () => {}, () => {}).catch((e: unknown) => e);
    expect((err as UserError).problem).toMatchObject({ file: 'b.ndjson', line: 2, rule: 'json.malformed' });
  });

  it.each([
    ['a truncated file', JSON.stringify({ ...meta(), rows: [['S1', '2024-01-02', 'NEGATIVE']] }).slice(0, -10), /truncated/],
    ['Dataset-JSON 1.0', JSON.stringify({ creationDateTime: 'x', datasetJSONVersion: undefined, clinicalData: {} }), /1\.0/],
    ['version 2.0', JSON.stringify({ ...meta({ datasetJSONVersion: '2.0.0' }), rows: [] }), /only 1\.1/],
    ['no columns', JSON.stringify({ ...meta({ columns: [] }), rows: [] }), /columns/],
    ['a nested row value', JSON.stringify({ ...meta(), rows: [['S1', ['x'], 'N']] }), /nested/],
    ['not JSON at all', 'USUBJID,ADT\n', /named \.json but is not/],
  ])('refuses %s, naming the file', async (_what, content, message) => {
    const { dir } = write('imaging.json', content);
    const err = await readTable(dir, IMAGING, [], false, undefined, { file: 'imaging.json', columns: {}, where: [], origin: 'native' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).problem.file).toBe('imaging.json');
    expect((err as UserError).message).toMatch(message);
  });

  it('becomes a table through readTable: ISO dates, row-length rejections with their record number', async () => {
    const body = { ...meta(), rows: [['S1', '2024-01-02', 'NEGATIVE'], ['S2', '2024-01-03'], ['S3', '2024-13-01', 'POSITIVE'], ['S4', 23000, 'POSITIVE']] };
    const { dir } = write('imaging.json', JSON.stringify(body));
    const t = await readTable(dir, IMAGING, [], false, undefined, { file: 'imaging.json', columns: {}, where: [], origin: 'native' });
    expect(t.rowsRead).toBe(4);
    expect(t.text.USUBJID.toArray()).toEqual(['S1', 'S4']);
    // a number in a date column is a SAS date (days since 1960-01-01), as Dataset-JSON comes from SAS
    expect(Array.from(t.num.ADT, formatDay)).toEqual(['2024-01-02', '2022-12-21']);
    expect(t.rejected.map((p) => [p.line, p.lineUnit, p.rule])).toEqual([
      [2, 'record', 'json.row-length'],
      [3, 'record', 'date.iso'],
    ]);
  });

  it('writes files it reads back exactly (numbers in shortest round-trip form)', async () => {
    const values = [0.1 + 0.2, 3.2e-6, -0, 1e21, 123456789.123];
    const text = writeDatasetJson(
      { name: 'T', label: 'T', columns: [{ name: 'X', label: 'X', dataType: 'double' }, { name: 'D', label: 'D', dataType: 'date', targetDataType: 'integer' }], values: [values, values.map(() => '2024-01-26')], rows: values.length },
      { created: '2024-01-26T00:00:00' },
    );
    const { path } = write('t.json', text);
    const back: JsonScalar[] = [];
    const scan = await scanDatasetJson(path, 't.json', () => {}, (v) => back.push(v[0]));
    expect(back).toEqual(values.map((v) => (Object.is(v, -0) ? 0 : v)));
    expect(scan.meta.columns[1]).toMatchObject({ itemOID: 'IT.T.D', dataType: 'date', targetDataType: 'integer' });
  });
});
