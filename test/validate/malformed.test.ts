import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../pipeline/cli.js';
import { writeStudy } from '../helpers/studyFixture.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((f) => f());
  cleanups = [];
});

const SUBJECTS = 'USUBJID,ARM,RANDDT,SITEID\nS1,A,2023-01-01,X\nS2,B,2023-02-01,Y\n';
const MRD_HEAD = 'USUBJID,SAMPLEID,COLLDT,METHOD,RESULT,MRDLEVEL,CELLS,DNANG,LOD,HEMODIL,RECVDTM,PROCDTM,CLONEID,FAILRSN,LAB,VISIT\n';

/** Hand-written broken files, as they arrive from sites and labs. */
const BROKEN: [string, Record<string, string | Buffer>][] = [
  ['binary mrd.csv', { 'mrd.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]) }],
  ['empty mrd.csv', { 'mrd.csv': '' }],
  ['mrd.csv with only a header', { 'mrd.csv': MRD_HEAD }],
  ['unterminated quote on the last line', { 'mrd.csv': MRD_HEAD + 'S1,A1,2023-07-01,NGS,NEGATIVE,,2000000,,,,,,Y,,L,M6\nS1,"A2,2023-08-01,NGS,NEGATIVE\n' }],
  ['stray quotes and ragged rows', { 'mrd.csv': MRD_HEAD + 'S1,A"1,2023-07-01,NGS\nS1,A3,2023-07-01,NGS,NEGATIVE,,,,,,,,,,,,,,,,,\n,,,,\n\n\n' }],
  [
    'garbage in every column',
    {
      'mrd.csv':
        MRD_HEAD +
        'S1,A1,yesterday,PCR,MAYBE,-1,lots,NaN,Infinity,perhaps,noon,later,?,x,y,z\n' +
        'S1,A2,2023-07-01,NGS,POSITIVE,1e400,1e400,1e-400,0,Y,2023-07-01T25:00,2023-07-01T10:00+99:99,N,,,\n' +
        'S2,B1,9999-12-31,ngf,negative,0,0,0,0,n,0001-01-01T00:00,9999-12-31T23:59,y,,,\n' +
        'S2,B2,0001-01-01,NGS,FAILED,,,,,,2023-07-01 10:00:00Z,2023-07-01T10:00:00.123+05:30,,,,\n',
    },
  ],
  ['CRLF, BOM, lower-case headers, blank lines and a field with a line break', { 'mrd.csv': '\uFEFFusubjid,sampleid,colldt,method,result,visit\r\n\r\nS1,A1,2023-07-01,NGS,NEGATIVE,"M6\r\nrepeat"\r\n\r\n' }],
  ['subjects.csv with no data rows (every other row an orphan)', { 'subjects.csv': 'USUBJID,ARM,RANDDT\n', 'mrd.csv': MRD_HEAD + 'S1,A1,2023-07-01,NGS,NEGATIVE,,2000000,,,,,,Y,,L,M6\n' }],
  ['every subject duplicated, with unknown arms and impossible dates', { 'subjects.csv': SUBJECTS + 'S1,A,2023-01-01,X\nS3,Z,2023-02-30,X\nS4,A,2099-01-01,\n' }],
  ['a 200,000-character field', { 'mrd.csv': MRD_HEAD + `S1,A1,2023-07-01,NGS,NEGATIVE,,2000000,,,,,,Y,${'x'.repeat(200000)},L,M6\n` }],
  ['therapy with garbage dates and anti-CD38 spelled oddly', { 'therapy.csv': 'USUBJID,DRUG,CLASS,STDT,ENDT\nS1,DARA,anti cd38,2023-01-01,2022-01-01\nS1,ISA,Anti_CD38,2023-13-01,\nS2,,ANTI-CD38,2023-01-01,\n' }],
  ['imaging with a missing required column', { 'imaging.csv': 'USUBJID,ADT\nS1,2023-01-01\n' }],
  ['tte with a duplicate header column', { 'tte.csv': 'USUBJID,PARAMCD,STARTDT,ADT,CNSR,CNSR\nS1,PFS,2023-01-01,2024-01-01,1,1\n' }],
  ['plan that is not YAML', { 'study.yaml': '\u0000\u0001binary' }],
  ['plan with a timepoint and odd thresholds', { 'study.yaml': 'study: T\ncutoff: 2024-12-31\narms:\n  - { code: A, control: false }\n  - { code: B, control: true }\nmrd:\n  thresholds: [0.5, 1.0e-9]\n  primaryThreshold: 1.0e-9\n  timepoints: [{ name: M1, month: 1, windowMonths: 0 }]\n' }],
];

describe('mrd validate never crashes on malformed input', () => {
  it.each(BROKEN)('%s', async (_what, raw) => {
    const s = writeStudy({
      raw: { 'subjects.csv': SUBJECTS, 'response.csv': 'USUBJID,ADT,AVALC\nS1,2023-06-01,CR\nS2,2023-07-01,SCR\n', ...raw } as Record<string, string>,
    });
    cleanups.push(s.cleanup);
    const out = mkdtempSync(join(tmpdir(), 'mrd-valbad-'));
    cleanups.push(() => rmSync(out, { recursive: true, force: true }));
    const err: string[] = [];
    const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((x) => (err.push(String(x)), true));
    let code: number;
    try {
      code = await main(['validate', s.dir, '--out', join(out, 'v'), '--reproducible']);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
    expect(err.join('')).not.toContain('internal error');
    expect([0, 1, 2]).toContain(code);
    // a readable study always gets its report; an unreadable one gets a message and no output
    expect(existsSync(join(out, 'v', 'queries.csv'))).toBe(code !== 2);
    if (code === 2) expect(err.join('')).toMatch(/^mrd: error: .*\[[a-z.-]+\]/);
  });
});
