import { describe, expect, it } from 'vitest';
import { CsvTokenizer, fieldTexts, MAX_RECORD_BYTES } from '../../pipeline/ingest/csvTokenizer.js';

function tokenize(chunks: (string | Buffer)[]) {
  const records: [number, string[]][] = [];
  const bad: [number, string][] = [];
  const t = new CsvTokenizer({ record: (f, line) => records.push([line, fieldTexts(f)]), malformed: (line, m) => bad.push([line, m]) });
  for (const c of chunks) t.push(typeof c === 'string' ? Buffer.from(c) : c);
  t.end();
  return { records, bad };
}

const CASES: [string, string, [number, string[]][], number[]][] = [
  ['LF', 'A,B\n1,2\n3,4\n', [[1, ['A', 'B']], [2, ['1', '2']], [3, ['3', '4']]], []],
  ['CRLF, BOM, no final line end', '\uFEFFA,B\r\n1,2\r\n3,4', [[1, ['A', 'B']], [2, ['1', '2']], [3, ['3', '4']]], []],
  ['lone CR', 'A,B\r1,2\r', [[1, ['A', 'B']], [2, ['1', '2']]], []],
  ['blank lines are skipped but counted', 'A\n\n\r\n1\n\n', [[1, ['A']], [4, ['1']]], []],
  ['quoted commas, quotes and line breaks', 'A,B\n"x, ""y""","l1\r\nl2"\n5,6\n', [[1, ['A', 'B']], [2, ['x, "y"', 'l1\r\nl2']], [4, ['5', '6']]], []],
  ['empty fields and a trailing comma', 'A,B,C\n,,\n1,,\n', [[1, ['A', 'B', 'C']], [2, ['', '', '']], [3, ['1', '', '']]], []],
  ['a quote inside an unquoted field', 'A,B\n1,2"3\n4,5\n', [[1, ['A', 'B']], [3, ['4', '5']]], [2]],
  ['text after a closing quote', 'A,B\n"1"x,2\n4,5\n', [[1, ['A', 'B']], [3, ['4', '5']]], [2]],
  ['an unclosed quote resumes on the next line', 'A,B\n"1,2\n4,5\n6,7\n', [[1, ['A', 'B']], [3, ['4', '5']], [4, ['6', '7']]], [2]],
  ['Chinese text', '终点,值\nMRD阴性,1\n', [[1, ['终点', '值']], [2, ['MRD阴性', '1']]], []],
  ['Chinese in quotes, BOM, CRLF', '\uFEFF"终,点",值\r\n"阴""性",1', [[1, ['终,点', '值']], [2, ['阴"性', '1']]], []],
  ['a blank last field and blank lines at the end', 'A,B\r\n1,\r\n\r\n', [[1, ['A', 'B']], [2, ['1', '']]], []],
];

describe('CsvTokenizer', () => {
  it.each(CASES)('%s', (_name, text, records, badLines) => {
    const r = tokenize([text]);
    expect(r.records).toEqual(records);
    expect(r.bad.map((b) => b[0])).toEqual(badLines);
  });

  it('gives up on a quoted field longer than MAX_RECORD_BYTES and resumes on the next line', () => {
    const long = 'x'.repeat(MAX_RECORD_BYTES + 10);
    const chunks = ['A,B\n"1,', long.slice(0, 600000), long.slice(600000) + '\n', '4,5\n'];
    const r = tokenize(chunks);
    expect(r.bad.map((b) => b[0])).toEqual([2]);
    expect(r.records.at(-1)).toEqual([3, ['4', '5']]);
  });

  it.each(CASES)('%s: the same records whatever the byte chunk boundaries', (_name, text, records, badLines) => {
    // cuts fall inside multi-byte UTF-8 characters and the byte order mark too
    const bytes = Buffer.from(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (const size of [1, 2, 3]) {
        if (size > 1 && cut > 0) continue;
        const chunks: Buffer[] = [];
        if (size === 1) chunks.push(bytes.subarray(0, cut), bytes.subarray(cut));
        else for (let k = 0; k < bytes.length; k += size) chunks.push(bytes.subarray(k, k + size));
        const r = tokenize(chunks);
        expect(r.records, `cut at ${cut}, chunk size ${size}`).toEqual(records);
        expect(r.bad.map((b) => b[0])).toEqual(badLines);
      }
    }
  });
});
